#!/bin/sh
# Static analysis: cppcheck and clang-tidy (the checks in .clang-tidy) find
# nothing in src/.  Each finding is fixed, or marked NOLINT with its reason.
# Usage: lint.sh SOURCE_DIR BUILD_DIR
set -u
src=$1 build=$2
status=0
if command -v cppcheck >/dev/null; then
  out=$(cppcheck --enable=warning,performance,portability --std=c11 --inline-suppr -q -I "$src/src" \
        --suppress=missingIncludeSystem "$src/src" 2>&1)
  [ -z "$out" ] || { echo "$out"; status=1; }
  echo "cppcheck: $( [ -z "$out" ] && echo clean || echo findings )"
fi
if command -v clang-tidy >/dev/null && [ -f "$build/compile_commands.json" ]; then
  out=$(cd "$src" && clang-tidy -p "$build" --quiet src/*.c src/*/*.c 2>&1 | grep -E "(warning|error):")
  [ -z "$out" ] || { echo "$out"; status=1; }
  echo "clang-tidy: $( [ -z "$out" ] && echo clean || echo findings )"
fi
exit $status
