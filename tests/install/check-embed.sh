#!/bin/sh
# Embedding: libbriefing installed into a prefix, examples/embed.c built
# against it with pkg-config alone, and the example's PDF of the sample,
# written as a file and through the write callback, the same bytes as the
# program's; the library exports briefing_* only, and a bad document comes
# to the diagnostics callback with its position.
#   check-embed.sh BUILD-DIR SOURCE-DIR WORK-DIR BRIEFING [CFLAGS]
set -u
build=$1 src=$2 work=$3 bin=$4 cflags=${5:-}
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=
fail=0
no() { echo "FAIL: $*"; fail=1; }
rm -rf "$work" && mkdir -p "$work" || exit 1
cmake --install "$build" --prefix "$work/prefix" >/dev/null || { echo "FAIL: cmake --install"; exit 1; }
pc=$(ls -d "$work"/prefix/lib*/pkgconfig "$work"/prefix/lib/*/pkgconfig 2>/dev/null | head -1)
[ -f "$pc/briefing.pc" ] || { echo "FAIL: no briefing.pc installed"; exit 1; }
[ -f "$work/prefix/include/briefing.h" ] || no "briefing.h not installed"
export PKG_CONFIG_PATH=$pc
[ "$(pkg-config --modversion briefing)" = "$("$bin" --version | cut -d' ' -f2)" ] ||
  no "briefing.pc's version is not the program's"
libdir=$(pkg-config --variable=libdir briefing)
so=$(ls "$libdir"/libbriefing.so.*.*.* 2>/dev/null | head -1)
[ -n "$so" ] || no "no versioned libbriefing.so.X.Y.Z in $libdir"
[ -L "$libdir/libbriefing.so.0" ] || no "no SONAME link libbriefing.so.0"
readelf -d "$so" | grep -q 'SONAME.*libbriefing\.so\.0\]' || no "the library's SONAME is not libbriefing.so.0"
others=$(nm -D --defined-only "$so" | awk '{print $3}' | grep -v '^briefing_' | grep -v '^_' | head -3)
[ -z "$others" ] || no "the library exports more than briefing_*: $others"

# shellcheck disable=SC2046,SC2086 # pkg-config's words and the flags are meant to split
cc -std=c17 -Wall -Wextra -Wpedantic -Werror $cflags -o "$work/embed" "$src/examples/embed.c" \
  $(pkg-config --cflags --libs briefing) || { echo "FAIL: embed.c does not build against the installed library"; exit 1; }

sample=$src/examples/ukraine-ceasefire.json
"$bin" build "$sample" -q -o "$work/cli.pdf" || no "the program's build"
LD_LIBRARY_PATH=$libdir "$work/embed" "$sample" "$work/embed.pdf" 2>"$work/embed.err" || no "embed: $(cat "$work/embed.err")"
LD_LIBRARY_PATH=$libdir "$work/embed" "$sample" - >"$work/stream.pdf" 2>"$work/stream.err" || no "embed -: $(cat "$work/stream.err")"
grep -q "^5 pages with libbriefing $(pkg-config --modversion briefing)\$" "$work/embed.err" ||
  no "embed's report: $(cat "$work/embed.err")"
pages=$(pdfinfo "$work/embed.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
[ "$pages" = 5 ] || no "the example's PDF has '$pages' pages, not 5"
title=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["title"])' "$sample")
pdftotext "$work/embed.pdf" - 2>/dev/null | tr -d '\n' | grep -qF "$title" || no "the title '$title' is not in the PDF's text"
cmp -s "$work/cli.pdf" "$work/embed.pdf" || no "the example's PDF differs from the program's"
cmp -s "$work/cli.pdf" "$work/stream.pdf" || no "the PDF through the write callback differs from the program's"

# A bad document: its position through the callback, exit 2, nothing written.
printf '{"format": "briefing/1",\n "title": 5}\n' >"$work/bad.json"
LD_LIBRARY_PATH=$libdir "$work/embed" "$work/bad.json" "$work/bad.pdf" 2>"$work/bad.err"; st=$?
[ $st -eq 2 ] || no "a bad document exits $st, not 2"
grep -q "^$work/bad.json:2:11: error: title: " "$work/bad.err" || no "bad document's message: $(cat "$work/bad.err")"
[ ! -e "$work/bad.pdf" ] || no "a bad document wrote a PDF"

[ $fail -eq 0 ] && echo "ok: embedded through the installed libbriefing, the same bytes as the program"
exit $fail
