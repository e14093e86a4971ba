#!/usr/bin/env bash
# Run the whole test suite under CTest: the release build, then a build with
# AddressSanitizer and UndefinedBehaviorSanitizer.  Needs scripts/setup.sh
# to have run once.
#
#   scripts/test.sh             BF_SLOW_TESTS=ON adds the slow cases: a
#                               the sample 300 times over in two layouts, and a
#                               long run of each fuzz target (BF_SLOW_FUZZ_SECONDS)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
slow=${BF_SLOW_TESTS:-OFF}

cmake -S . -B build -DBF_SLOW_TESTS="$slow" -DBF_SLOW_FUZZ_SECONDS="${BF_SLOW_FUZZ_SECONDS:-180}" >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DBF_SANITIZE=ON -DBF_WERROR=ON -DBF_SLOW_TESTS="$slow" >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=suppressions="$PWD/tests/lsan.supp":print_suppressions=0 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

# The fuzz targets, briefly (BF_FUZZ_SECONDS each; scripts/fuzz.sh for long runs).
if command -v clang >/dev/null; then
  scripts/fuzz.sh "${BF_FUZZ_SECONDS:-20}"
fi
