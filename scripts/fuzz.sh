#!/usr/bin/env bash
# Build the libFuzzer targets (clang, ASan + UBSan) and run each for a while.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     default: 60 s each, all targets
#
# Targets: fuzz_load (the loader), fuzz_pipeline (the whole pipeline),
# fuzz_otfcut (the font cutter), fuzz_pdfpack (the PDF repacker) and
# fuzz_jsonread (the fast JSON reader, against jansson's).
# Corpora grow in build-fuzz/corpus/TARGET, seeded from examples/, the loader
# cases and the golden cases for the JSON targets, and from
# tests/fuzz/seeds/TARGET for the byte parsers; a crash, leak or timeout is
# written as build-fuzz/TARGET-crash-* (or -leak-, -timeout-), and the run
# stops with a non-zero status.  Keep each finding as a regression case: in
# tests/fuzz/regressions/ for the JSON targets, in
# tests/fuzz/regressions/TARGET/ for the byte parsers.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_load fuzz_yaml fuzz_pipeline fuzz_otfcut fuzz_pdfpack fuzz_jsonread)

# -Werror: the whole library is also built warning-free by clang here.
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DBF_FUZZ=ON -DBF_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
for t in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$t
  mkdir -p "$corpus"
  case $t in
    fuzz_load | fuzz_pipeline)
      seeds=(examples tests/loader/cases tests/golden)
      [ -d tests/fuzz/regressions ] && seeds+=(tests/fuzz/regressions)
      opts=(-dict=tests/fuzz/briefing.dict)
      ;;
    fuzz_jsonread)
      seeds=(tests/fuzz/seeds/fuzz_jsonread examples tests/loader/cases)
      [ -d tests/fuzz/regressions/fuzz_jsonread ] && seeds+=(tests/fuzz/regressions/fuzz_jsonread)
      opts=(-dict=tests/fuzz/briefing.dict)
      ;;
    fuzz_yaml)
      seeds=(tests/fuzz/seeds/fuzz_yaml tests/yaml/cases)
      [ -d tests/fuzz/regressions/fuzz_yaml ] && seeds+=(tests/fuzz/regressions/fuzz_yaml)
      opts=()
      ;;
    *)
      seeds=(tests/fuzz/seeds/"$t")
      [ -d tests/fuzz/regressions/"$t" ] && seeds+=(tests/fuzz/regressions/"$t")
      opts=()
      ;;
  esac
  echo "fuzz: $t for ${seconds}s"
  log=build-fuzz/$t.log
  status=0
  build-fuzz/tests/fuzz/"$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    "${opts[@]}" -artifact_prefix=build-fuzz/"$t"- -print_final_stats=1 \
    "$corpus" "${seeds[@]}" >"$log" 2>&1 || status=$?
  # The last coverage line (edges, features, corpus) and the final counts.
  # (libFuzzer separates the count from the event with a tab.)
  grep -E "^#[0-9]+[[:space:]]+(DONE|NEW|REDUCE|pulse|INITED)" "$log" | tail -n 1 || true
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" "$log" || true
  if [ $status -ne 0 ]; then
    tail -n 60 "$log"
    exit $status
  fi
done
