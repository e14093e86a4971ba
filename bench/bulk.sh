#!/usr/bin/env bash
# One bulk build against as many separate runs.
#
#   bench/bulk.sh [--docs 200] [--jobs 2] [--runs 3] [--binary PATH]
#
# Makes DOCS documents in bench/work/bulk/ (the sample, each with its own
# title and name, 5 pages each), then times, RUNS times each and in turn:
#   - DOCS separate runs one after another (a shell loop),
#   - DOCS separate runs JOBS at a time (xargs -P JOBS),
#   - one bulk build: briefing build -j JOBS --report json DOC...
# and prints the median wall times, the ratios, and whether the bulk
# build's report had DOCS lines and its PDFs the bytes of the separate
# runs'.  Never part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

docs=200 jobs=2 runs=3 binary=build/briefing
while [ $# -gt 0 ]; do
  case "$1" in
    --docs) docs=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "bench/bulk.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ -x "$binary" ] || { echo "bench/bulk.sh: no executable at $binary (build first)" >&2; exit 1; }
binary=$(realpath "$binary")

work=bench/work/bulk
rm -rf "$work"
mkdir -p "$work/docs"
/usr/bin/python3 - "$docs" "$work/docs" <<'EOF'
import json, sys
n, out = int(sys.argv[1]), sys.argv[2]
doc = json.load(open("examples/ukraine-ceasefire.json", encoding="utf-8"))
for i in range(n):
    doc["title"] = f"ウクライナ停戦へ 第{i}報"
    with open(f"{out}/doc-{i:03d}.json", "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
EOF
cd "$work"
list=(docs/doc-*.json)

ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

loop=() par=() bulk=()
for ((r = 0; r < runs; r++)); do
  rm -rf out; t0=$(ms)
  for f in "${list[@]}"; do "$binary" build -q "$f"; done
  loop+=($(( $(ms) - t0 )))
  mv out out-alone
  rm -rf out; t0=$(ms)
  printf '%s\n' "${list[@]}" | xargs -P "$jobs" -n 1 "$binary" build -q
  par+=($(( $(ms) - t0 )))
  rm -rf out; t0=$(ms)
  "$binary" build -q -j "$jobs" --report json "${list[@]}" > report.jsonl
  bulk+=($(( $(ms) - t0 )))
  [ "$r" -lt $((runs - 1)) ] && rm -rf out-alone
done

l=$(median "${loop[@]}") p=$(median "${par[@]}") b=$(median "${bulk[@]}")
same=yes
for f in out-alone/*.pdf; do cmp -s "$f" "out/${f#out-alone/}" || same=no; done
[ "$(ls out | wc -l)" -eq "$docs" ] || same=no
echo "| what | runs | median wall (ms) | per document (ms) | bulk is faster by |"
echo "|---|---:|---:|---:|---:|"
awk -v l="$l" -v p="$p" -v b="$b" -v n="$docs" -v j="$jobs" -v r="$runs" 'BEGIN {
  printf "| %d separate runs, one after another | %d | %d | %.1f | %.2fx |\n", n, r, l, l / n, l / b
  printf "| %d separate runs, %d at a time (xargs -P) | %d | %d | %.1f | %.2fx |\n", n, j, r, p, p / n, p / b
  printf "| one bulk build, -j %d | %d | %d | %.1f | |\n", j, r, b, b / n
}'
echo
echo "report lines: $(wc -l < report.jsonl) of $docs; PDFs the same bytes as the separate runs': $same"
