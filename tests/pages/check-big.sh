#!/bin/sh
# A big document: the sample's chapters repeated K times (renumbered from
# 1), built in LAYOUT; the dump obeys the page rules, qpdf finds the PDF
# clean, and the PDF has as many pages as the dump, every one of them.
# Usage: check-big.sh BRIEFING PYTHON CHECK-DUMP SAMPLE K LAYOUT WORKDIR
set -u
bin=$1 py=$2 check=$3 sample=$4 k=$5 layout=$6 work=$7
mkdir -p "$work"
doc=$work/sample-x$k.json
"$py" - "$sample" "$k" "$doc" <<'PY' || exit 1
import json, sys
src, k, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
doc = json.load(open(src, encoding="utf-8"))
chapters = []
for _ in range(k):
    for ch in doc["chapters"]:
        ch = dict(ch, number=len(chapters) + 1)
        chapters.append(ch)
doc["chapters"] = chapters
json.dump(doc, open(dst, "w", encoding="utf-8"), ensure_ascii=False)
PY
LC_ALL=C.UTF-8 "$bin" build "$doc" -q -f -l "$layout" -o "$work/big.pdf" --dump "$work/big.dump" || { echo "FAIL: build failed"; exit 1; }
"$py" "$check" "$work/big.dump" || exit 1
qpdf --check "$work/big.pdf" >/dev/null 2>&1 || { echo "FAIL: qpdf --check"; exit 1; }
want=$(grep -c '^page ' "$work/big.dump")
got=$(pdfinfo "$work/big.pdf" | sed -n 's/^Pages: *//p')
[ "$want" -ge "$k" ] || { echo "FAIL: $want pages for $k copies of the sample"; exit 1; }
[ "$got" = "$want" ] || { echo "FAIL: the PDF has $got pages, the dump $want"; exit 1; }
echo "big document: $k copies, $got pages in $layout"
