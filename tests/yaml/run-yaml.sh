#!/bin/sh
# YAML input: each refusal and each content error with its exact message
# and position, and the examples written as YAML (briefing convert) setting
# into the same PDF bytes as their JSON, and converting back to the same
# values.
#   run-yaml.sh BRIEFING CASES-DIR WORK-DIR EXAMPLES-DIR PYTHON
set -u
bin=$1 cases=$2 work=$3 examples=$4 python=$5
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=
fail=0
rm -rf "$work" && mkdir -p "$work" || exit 1

for f in "$cases"/*.yaml; do
  n=$(basename "$f" .yaml)
  got=$(cd "$cases" && { "$bin" check "$n.yaml" 2>&1; echo "exit $?"; })
  if [ "$got" != "$(cat "$cases/$n.expected")" ]; then
    echo "FAIL case $n:"; echo "$got" | diff "$cases/$n.expected" - ; fail=1
  fi
done

cp -r "$examples"/. "$work/"
for json in "$work"/*.json; do
  n=$(basename "$json" .json)
  "$bin" convert "$json" "$work/$n.yaml" -q || { echo "FAIL convert $n"; fail=1; continue; }
  "$bin" build "$json" -q -f -o "$work/$n.json.pdf" || { echo "FAIL build $n.json"; fail=1; continue; }
  "$bin" build "$work/$n.yaml" -q -f -o "$work/$n.yaml.pdf" || { echo "FAIL build $n.yaml"; fail=1; continue; }
  cmp "$work/$n.json.pdf" "$work/$n.yaml.pdf" || { echo "FAIL $n: YAML and JSON give other PDFs"; fail=1; }
  (cd "$work" && "$bin" build - -q -f -o "$n.stdin.pdf" < "$n.yaml") || { echo "FAIL $n from stdin"; fail=1; }
  cmp "$work/$n.json.pdf" "$work/$n.stdin.pdf" || { echo "FAIL $n: YAML on stdin gives another PDF"; fail=1; }
  "$bin" convert "$work/$n.yaml" "$work/$n.back.json" -q || { echo "FAIL convert back $n"; fail=1; continue; }
  "$python" -c 'import json,sys; a,b=(json.load(open(p)) for p in sys.argv[1:]); sys.exit(a!=b)' \
    "$json" "$work/$n.back.json" || { echo "FAIL $n: values changed going to YAML and back"; fail=1; }
  # An existing file is an edition too: convert keeps it unless forced.
  echo "an earlier file" > "$work/$n.kept.yaml"
  if "$bin" convert "$json" "$work/$n.kept.yaml" -q 2>/dev/null; then
    echo "FAIL $n: convert over a file with other content succeeded without --force"; fail=1
  fi
  [ "$(cat "$work/$n.kept.yaml")" = "an earlier file" ] || { echo "FAIL $n: convert replaced a file"; fail=1; }
done

# Every kind of value survives both ways, numbers as numbers, strings that
# look like numbers or booleans as strings.
cat > "$work/values.json" <<'J'
{"s": "text", "n": 12, "neg": -3, "big": 9007199254740993, "r": 0.5, "r2": 0.1, "e": 1e300, "t": true, "f": false, "z": null,
 "looks": ["12", "0x1F", "true", "null", "~", "", "1e3", ".5", "2025-02-21", "- x", "a: b", "#c", "'q'", "\"dq\"", "lead\n\nsecond\n", "trailing  \n", " lead", "日本語「括弧」"],
 "nested": {"a": [[], {}], "b": [{"c": [1, 2]}]}}
J
"$bin" convert "$work/values.json" "$work/values.yaml" -q -f &&
  "$bin" convert "$work/values.yaml" "$work/values.back.json" -q -f &&
  "$python" -c 'import json,sys; a,b=(json.load(open(p)) for p in sys.argv[1:]); sys.exit(a!=b)' \
    "$work/values.json" "$work/values.back.json" || { echo "FAIL values changed through YAML"; fail=1; }

[ $fail -eq 0 ] && echo "yaml: all passed"
exit $fail
