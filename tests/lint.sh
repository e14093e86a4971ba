#!/bin/sh
# Static analysis: cppcheck and clang-tidy (the checks in .clang-tidy) find
# nothing in src/.  Each finding is fixed, or marked NOLINT with its reason.
# A tool that is missing, or that fails to run, fails the test: a lint that
# did not run has proved nothing.  With BF_LINT_OPTIONAL=1 a missing tool
# exits 77, which CTest reports as skipped (scripts/setup.sh installs both).
# Usage: lint.sh SOURCE_DIR BUILD_DIR
set -u
src=$1 build=$2
status=0
missing=""
for tool in cppcheck clang-tidy; do
  command -v "$tool" >/dev/null || missing="$missing $tool"
done
[ -f "$build/compile_commands.json" ] || missing="$missing $build/compile_commands.json"
if [ -n "$missing" ]; then
  echo "lint: missing:$missing"
  [ "${BF_LINT_OPTIONAL:-0}" = 1 ] && exit 77
  exit 1
fi
out=$(cppcheck --enable=warning,performance,portability --std=c11 --inline-suppr -q -I "$src/src" \
      --suppress=missingIncludeSystem --error-exitcode=3 "$src/src" 2>&1)
rc=$?
[ -z "$out" ] && [ $rc -eq 0 ] || { echo "$out"; status=1; }
echo "cppcheck: $( [ $status -eq 0 ] && echo clean || echo "findings (exit $rc)" )"
out=$(cd "$src" && clang-tidy -p "$build" --quiet src/*/*.c src/main.c 2>&1)
rc=$?
findings=$(printf '%s\n' "$out" | grep -E "(warning|error):")
if [ -n "$findings" ] || [ $rc -ne 0 ]; then
  printf '%s\n' "${findings:-$out}"
  echo "clang-tidy: findings (exit $rc)"
  status=1
else
  echo "clang-tidy: clean"
fi
exit $status
