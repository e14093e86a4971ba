#!/bin/sh
# Layout files are checked as the data is: each cases/NAME.layout is used to
# build the sample, and stderr and the exit status must be exactly those in
# NAME.expect ("exit: N", a line "---", then the messages).
# Usage: run-cases.sh BRIEFING SAMPLE.json CASESDIR
set -u
bin=$1 sample=$2 dir=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
cd "$dir" || exit 1
for layout in *.layout; do
  name=${layout%.layout}
  want_exit=$(sed -n 's/^exit: //p' "$name.expect")
  sed '1,/^---$/d' "$name.expect" > "$tmp/want"
  "$bin" build "$sample" -q -l "$layout" -o "$tmp/out.pdf" -f 2> "$tmp/got"
  got_exit=$?
  if [ "$got_exit" = "$want_exit" ] && cmp -s "$tmp/want" "$tmp/got"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $name: exit $got_exit (want $want_exit)"
    diff "$tmp/want" "$tmp/got"
  fi
done
# A name that is no layout lists the ones there are.
"$bin" build "$sample" -q -l no-such-layout -o "$tmp/out.pdf" 2> "$tmp/got"
if [ $? -eq 2 ] && grep -q "^no-such-layout: error: no such layout; there are: a4, a4-2col, a5, b5$" "$tmp/got"; then
  pass=$((pass + 1))
else
  fail=$((fail + 1)); echo "FAIL no-such-layout: $(cat "$tmp/got")"
fi
# include = NAME takes a layout and changes some keys: the same pages as
# that layout with the same keys set (the dump's first line names the layout).
"$bin" build "$sample" -q -f -l include-chain.layout -o "$tmp/a.pdf" --dump "$tmp/a.dump" 2>/dev/null
"$bin" build "$sample" -q -f -l a5 --set color.accent=#aa0000 --set font.text.size=9pt --set font.comment.size=9pt \
  --set font.strong.size=9pt -o "$tmp/b.pdf" --dump "$tmp/b.dump" 2>/dev/null
sed 1d "$tmp/a.dump" > "$tmp/a1" 2>/dev/null; sed 1d "$tmp/b.dump" > "$tmp/b1" 2>/dev/null
if [ -s "$tmp/a1" ] && cmp -s "$tmp/a1" "$tmp/b1"; then
  pass=$((pass + 1))
else
  fail=$((fail + 1)); echo "FAIL include-chain: its pages differ from a5 with the same keys set"
fi
echo "layout files: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
