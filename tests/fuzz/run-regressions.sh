#!/bin/sh
# Every input a fuzzer once broke the program with: each must now either
# build a PDF that qpdf finds clean (exit 0) or be refused as bad input
# (exit 2) -- never fail (exit 1), crash or hang.
# Usage: run-regressions.sh BRIEFING DIR
set -u
bin=$1 dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for f in "$dir"/*; do
  [ -f "$f" ] || continue
  timeout 60 "$bin" build "$f" -q -f -o "$tmp/out.pdf" 2>"$tmp/err"
  rc=$?
  if [ $rc -eq 0 ] && qpdf --check "$tmp/out.pdf" >/dev/null 2>&1; then
    pass=$((pass + 1))
  elif [ $rc -eq 2 ] && [ -s "$tmp/err" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1)); echo "FAIL $(basename "$f"): exit $rc: $(tail -n 2 "$tmp/err")"
  fi
  rm -f "$tmp/out.pdf"
done
echo "fuzz regressions: $pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
