#!/bin/sh
# Static analysis: cppcheck and clang-tidy (the checks in .clang-tidy) find
# nothing in src/, and every C file is as clang-format (.clang-format) sets it.  Each finding is fixed, or marked NOLINT with its reason.
# A tool that is missing, or that fails to run, fails the test: a lint that
# did not run has proved nothing.  With BF_LINT_OPTIONAL=1 a missing tool
# exits 77, which CTest reports as skipped (scripts/setup.sh installs both).
# And no file or function in src/ is over its size limit (below).
# Usage: lint.sh SOURCE_DIR BUILD_DIR
set -u
src=$1 build=$2
status=0
missing=""
for tool in cppcheck clang-tidy clang-format; do
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
# src/core/arena.c first: clang-tidy 14's valist checker reports a va_list
# in arena.c as uninitialized when another file was analyzed before it.
out=$(cd "$src" && clang-tidy -p "$build" --quiet src/core/arena.c $(ls src/*/*.c | grep -vx src/core/arena.c) \
      src/*.c 2>&1)
rc=$?
findings=$(printf '%s\n' "$out" | grep -E "(warning|error):")
if [ -n "$findings" ] || [ $rc -ne 0 ]; then
  printf '%s\n' "${findings:-$out}"
  echo "clang-tidy: findings (exit $rc)"
  status=1
else
  echo "clang-tidy: clean"
fi
# Format: the C sources of src/, include/, tests/ and examples/ (the files
# git knows, or all of them outside a repository) as clang-format writes them.
c_files=$(cd "$src" && { git ls-files 'src/*.[ch]' 'include/*.h' 'tests/*.[ch]' 'examples/*.c' 2>/dev/null ||
  find src include tests examples -name '*.[ch]'; } | sort -u)
out=$(cd "$src" && clang-format --dry-run --Werror $c_files 2>&1)
rc=$?
if [ -n "$out" ] || [ $rc -ne 0 ]; then
  printf '%s\n' "$out" | grep -E "^[^ ].*(warning|error):" | head -n 20
  echo "clang-format: findings (exit $rc); run: clang-format -i FILE"
  status=1
else
  echo "clang-format: clean"
fi
# Each library from one place (README, "How it is built"): a header of
# cairo only under src/render/, of Pango or HarfBuzz only under src/text/,
# of jansson or libyaml only under src/doc/, of libqrencode only in
# src/page/qr.c, of libdeflate only in src/render/pdfwrite.c.
out=$(cd "$src" && grep -nE '^#include <(cairo|pango/|hb[.-]|jansson|yaml|qrencode|libdeflate)' src/*.c src/*.h src/*/*.c src/*/*.h |
  awk -F: '{
    inc = $3; sub(/^#include </, "", inc); sub(/>.*/, "", inc)
    if (inc ~ /^cairo/) home = "src/render/"
    else if (inc ~ /^(pango\/|hb)/) home = "src/text/"
    else if (inc ~ /^(jansson|yaml)/) home = "src/doc/"
    else if (inc ~ /^libdeflate/) home = "src/render/pdfwrite.c"
    else home = "src/page/qr.c"
    if (index($1, home) != 1) printf "%s:%s: <%s> outside %s\n", $1, $2, inc, home
  }')
[ -z "$out" ] || { echo "$out"; status=1; }
echo "libraries: $( [ -z "$out" ] && echo clean || echo findings )"
# Size: no source file over 700 lines, no function over 120 (from the first
# line of its signature to its closing brace), so that each file keeps to
# one stage and each function to one step.
out=$(cd "$src" && awk -v max_file=700 -v max_fn=120 '
  function done_file() { if (file != "" && n > max_file) printf "%s: %d lines (limit %d)\n", file, n, max_file }
  FNR == 1 { done_file(); file = FILENAME; sig = 0; body = 0 }
  { n = FNR }
  /^[A-Za-z_]/ && !body { sig = FNR; name = $0 }
  /^\{/ && sig { body = 1 }
  /^\}/ && body {
    if (FNR - sig + 1 > max_fn) printf "%s:%d: %s is %d lines (limit %d)\n", file, sig, name, FNR - sig + 1, max_fn
    body = 0; sig = 0
  }
  END { done_file() }' src/*.c src/*.h src/*/*.c src/*/*.h)
[ -z "$out" ] || { echo "$out"; status=1; }
echo "size: $( [ -z "$out" ] && echo clean || echo findings )"
exit $status
