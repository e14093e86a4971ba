#!/usr/bin/env bash
# Nothing lost: editions are append-only, failed and killed builds leave an
# existing PDF as it was, and write errors are reported.
# Usage: check-archive.sh BRIEFING SAMPLE.json PYTHON KILLS
set -u
bin=$(realpath "$1") sample=$(realpath "$2") py=$3 kills=${4:-12}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
sum() { sha256sum "$1" | cut -d' ' -f1; }

cd "$work" || exit 1
"$bin" build "$sample" -q -o ed.pdf || bad "first build"
orig=$(sum ed.pdf)

# The same input again: the edition is kept, the run succeeds and says so.
"$bin" build "$sample" -o ed.pdf 2>err.txt && [ "$(sum ed.pdf)" = "$orig" ] && grep -q "ed.pdf: unchanged" err.txt && ok ||
  bad "rebuilding the same edition: $(cat err.txt)"

# Other content: refused without --force, the edition untouched.
"$bin" build "$sample" -q -o ed.pdf --grayscale 2>err.txt
rc=$?
[ $rc -eq 2 ] && grep -q "ed.pdf: error: exists with other content" err.txt && [ "$(sum ed.pdf)" = "$orig" ] && ok ||
  bad "an edition replaced without --force (exit $rc: $(cat err.txt))"
"$bin" build "$sample" -q -o ed.pdf --grayscale --force && [ "$(sum ed.pdf)" != "$orig" ] && ok || bad "--force did not replace"
"$bin" build "$sample" -q -o ed.pdf --force && [ "$(sum ed.pdf)" = "$orig" ] && ok || bad "--force back"

# Bad input: exit 2, nothing written.
printf '{"format": "briefing/1", "title": ' > broken.json
"$bin" build broken.json -q -o ed.pdf --force 2>err.txt
rc=$?
[ $rc -eq 2 ] && [ "$(sum ed.pdf)" = "$orig" ] && grep -q "broken.json:1:" err.txt && ok ||
  bad "bad input: exit $rc, edition $( [ "$(sum ed.pdf)" = "$orig" ] && echo kept || echo changed)"

# A write error (a file-size limit standing in for a full disk).
( trap '' XFSZ; ulimit -f 40; "$bin" build "$sample" -q -o full.pdf --force 2>err.txt )
rc=$?
[ $rc -eq 1 ] && [ ! -e full.pdf ] && grep -q "full.pdf: error: cannot write" err.txt && ok ||
  bad "a failed write: exit $rc, $(cat err.txt), file $( [ -e full.pdf ] && echo left || echo absent)"

# An output folder that cannot be written in.
"$bin" build "$sample" -q -o ed.pdf/x.pdf 2>err.txt
rc=$?
[ $rc -eq 2 ] && grep -q "x.pdf: error: cannot create a file" err.txt && ok || bad "unwritable folder: exit $rc: $(cat err.txt)"

# SIGKILL at random moments of a large build: the edition at the target is
# always either the old one or the complete new one, and nothing is left.
"$py" - "$sample" big.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
chs = []
for k in range(40):
    for ch in d["chapters"]:
        c = dict(ch); c["number"] = len(chs) + 1; chs.append(c)
d["chapters"] = chs
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$bin" build big.json -q -o big-ref.pdf --grayscale || bad "the large reference build"
ref=$(sum big-ref.pdf)
start=$(date +%s%N)
"$bin" build big.json -q -o timing.pdf --grayscale
took=$(( ($(date +%s%N) - start) / 1000000 ))
for i in $(seq 1 "$kills"); do
  cp ed.pdf target.pdf
  "$bin" build big.json -q -o target.pdf --grayscale --force &
  pid=$!
  sleep "$(awk -v t="$took" -v i="$i" -v n="$kills" 'BEGIN { printf "%.3f", t * i / n / 1000 }')"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  s=$(sum target.pdf)
  if [ "$s" != "$orig" ] && [ "$s" != "$ref" ]; then bad "kill $i: the target is neither the old nor the new edition"; fi
  left=$(ls -A | grep -vE '^(ed|target|big-ref|timing|full|broken|big|err)\.(pdf|json|txt)$')
  [ -z "$left" ] || bad "kill $i: stray files left: $left"
done
[ $fail -eq 0 ] && ok
echo "archive: $pass passed, $fail failed"
[ $fail -eq 0 ]
