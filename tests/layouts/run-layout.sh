#!/bin/sh
# Set every example, page case and golden case in one layout; check each
# dump against the page rules and each PDF with qpdf.
# Usage: run-layout.sh BRIEFING LAYOUT WORKDIR PYTHON CHECK-DUMP DIR...
set -u
bin=$1 layout=$2 work=$3 py=$4 check=$5
shift 5
mkdir -p "$work"
n=0 bad=0
for dir in "$@"; do
  for json in "$dir"/*.json; do
    [ -f "$json" ] || continue
    name=$(basename "$json" .json)
    n=$((n + 1))
    if ! LC_ALL=C.UTF-8 "$bin" build "$json" -q -f -l "$layout" -o "$work/$name.pdf" --dump "$work/$name.dump"; then
      echo "FAIL $layout $name: build failed"; bad=$((bad + 1)); continue
    fi
    "$py" "$check" "$work/$name.dump" >/dev/null || { echo "FAIL $layout $name: page rules"; "$py" "$check" "$work/$name.dump"; bad=$((bad + 1)); continue; }
    qpdf --check "$work/$name.pdf" >/dev/null 2>&1 || { echo "FAIL $layout $name: qpdf --check"; bad=$((bad + 1)); }
  done
done
echo "layout $layout: $((n - bad)) passed, $bad failed"
[ "$n" -gt 0 ] && [ "$bad" -eq 0 ]
