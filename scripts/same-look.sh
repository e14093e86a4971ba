#!/usr/bin/env bash
# same-look.sh OLD_BIN NEW_BIN - do two builds of the program make PDFs that
# read and look the same, where their bytes may differ (a change to how the
# file is written, not to what it shows)?  Builds every example and golden
# case in every layout with each program and compares the text
# (pdftotext -layout), the page count and every page rendered at 50 dpi,
# pixel for pixel.  Prints one line per document and layout that differs
# and a count; exits 1 if any differs.
#
#   scripts/same-look.sh /tmp/old/build/briefing build/briefing
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 OLD_BIN NEW_BIN" >&2; exit 2; }
old=$1 new=$2
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
same=0 differ=0
for doc in examples/*.json tests/golden/*.json; do
  name=$(basename "$doc" .json)
  for layout in layouts/*.layout; do
    l=$(basename "$layout" .layout)
    for side in old new; do
      bin=$old
      [ $side = new ] && bin=$new
      mkdir -p "$work/$side"
      rm -f "$work/$side"/page-*.png
      if "$bin" build "$doc" -l "$l" -o "$work/$side/doc.pdf" -f -q 2>/dev/null; then
        pdftotext -layout "$work/$side/doc.pdf" "$work/$side/text.txt"
        pdfinfo "$work/$side/doc.pdf" | grep '^Pages:' >"$work/$side/info.txt"
        pdftoppm -r 50 -png "$work/$side/doc.pdf" "$work/$side/page"
      else
        echo "no PDF" >"$work/$side/text.txt"
        : >"$work/$side/info.txt"
      fi
    done
    ok=1
    cmp -s "$work/old/text.txt" "$work/new/text.txt" || ok=0
    cmp -s "$work/old/info.txt" "$work/new/info.txt" || ok=0
    for png in "$work/old"/page-*.png; do
      [ -e "$png" ] || continue
      cmp -s "$png" "$work/new/$(basename "$png")" || ok=0
    done
    if [ $ok = 1 ]; then
      same=$((same + 1))
    else
      differ=$((differ + 1))
      echo "differs: $name in $l"
    fi
  done
done
echo "same-look: $same the same, $differ different"
[ $differ -eq 0 ]
