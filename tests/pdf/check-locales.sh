#!/bin/sh
# The same input gives the same bytes whatever the locale: the sample built
# under C, C.UTF-8 and ja_JP.UTF-8 (where installed) is one PDF and one dump.
# Usage: check-locales.sh BRIEFING SAMPLE.json
set -u
bin=$1 sample=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for loc in C C.UTF-8 ja_JP.UTF-8; do
  if [ "$loc" = ja_JP.UTF-8 ] && ! locale -a 2>/dev/null | grep -qi '^ja_JP.utf8$'; then
    echo "locale $loc not installed: skipped"
    continue
  fi
  LC_ALL=$loc LANG=$loc "$bin" build "$sample" -q -o "$tmp/$loc.pdf" --dump "$tmp/$loc.dump" || { echo "FAIL: build under $loc"; exit 1; }
  n=$((n + 1))
done
for loc in C.UTF-8 ja_JP.UTF-8; do
  [ -f "$tmp/$loc.pdf" ] || continue
  cmp -s "$tmp/C.pdf" "$tmp/$loc.pdf" || { echo "FAIL: the PDF under $loc differs from C"; exit 1; }
  cmp -s "$tmp/C.dump" "$tmp/$loc.dump" || { echo "FAIL: the dump under $loc differs from C"; exit 1; }
done
echo "locales: $n built, all identical"
[ "$n" -ge 2 ]
