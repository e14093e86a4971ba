#!/bin/sh
# Installed like a real tool: `cmake --install` into a prefix, the prefix
# moved, and the installed program sets the sample into the same PDF bytes
# as the build tree's; a copy without its data folder says so; the man page
# renders; bash completion completes commands, layouts and layout keys, and
# knows every key layouts/README.md lists; `init` writes a starter that
# builds.
#   check-install.sh BUILD-DIR SOURCE-DIR WORK-DIR BRIEFING
set -u
build=$1 src=$2 work=$3 bin=$4
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=
fail=0
no() { echo "FAIL: $*"; fail=1; }
rm -rf "$work" && mkdir -p "$work" || exit 1

cmake --install "$build" --prefix "$work/prefix" >/dev/null || { echo "FAIL: cmake --install"; exit 1; }
mv "$work/prefix" "$work/moved"
ib=$work/moved/bin/briefing
[ -x "$ib" ] || { echo "FAIL: no installed binary"; exit 1; }
for f in share/briefing/fonts share/briefing/layouts/a4.layout share/briefing/examples/starter.yaml \
         share/briefing/schema/briefing-1.schema.json share/man/man1/briefing.1 \
         share/bash-completion/completions/briefing; do
  [ -e "$work/moved/$f" ] || no "not installed: $f"
done

# The moved installation finds its data and gives the same bytes.
"$ib" build "$src/examples/ukraine-ceasefire.json" -q -f -o "$work/installed.pdf" || no "installed build"
"$bin" build "$src/examples/ukraine-ceasefire.json" -q -f -o "$work/tree.pdf" || no "build-tree build"
cmp -s "$work/installed.pdf" "$work/tree.pdf" || no "the installed program gives other bytes"

# A copy without its library refuses, naming where it looked; --version
# and --help need no library.
# (Outside the build tree, whose programs use the source tree.)
lonely=$(mktemp -d "${TMPDIR:-/tmp}/briefing-lonely.XXXXXX") || exit 1
mkdir -p "$lonely/bin" && cp "$ib" "$lonely/bin/briefing"
msg=$(env -u BRIEFING_DATA_DIR LD_LIBRARY_PATH= "$lonely/bin/briefing" build "$src/examples/ukraine-ceasefire.json" \
      -o "$lonely/lonely.pdf" 2>&1); st=$?
[ $st -eq 1 ] || no "a copy without its library exits $st, not 1"
case $msg in
  "briefing: error: cannot find the library libbriefing.so."[0-9]*" (looked in $lonely/bin, $lonely/bin/../lib, then the loader's search path)") ;;
  *) no "copy without its library: '$msg'" ;;
esac
[ ! -e "$lonely/lonely.pdf" ] || no "a copy without its library wrote a PDF"
[ "$("$lonely/bin/briefing" --version)" = "$("$ib" --version)" ] || no "--version needs the library"
"$lonely/bin/briefing" --help | grep -q '^Usage: briefing build' || no "--help needs the library"
# A copy with its library but not its data folder refuses, naming where
# it looked.
cp -R "$(dirname "$(find "$work/moved" -name 'libbriefing.so.*.*.*' | head -n 1)")" "$lonely/lib"
msg=$(env -u BRIEFING_DATA_DIR "$lonely/bin/briefing" build "$src/examples/ukraine-ceasefire.json" \
      -o "$lonely/lonely.pdf" 2>&1); st=$?
[ $st -eq 1 ] || no "a copy without data exits $st, not 1"
case $msg in *"cannot find the data folder"*"$lonely/share/briefing"*) ;; *) no "copy without data: '$msg'" ;; esac
[ ! -e "$lonely/lonely.pdf" ] || no "a copy without data wrote a PDF"
rm -rf "$lonely"

# The man page renders, without groff warnings.
page=$(env -u SOURCE_DATE_EPOCH MANWIDTH=80 man --warnings -l "$work/moved/share/man/man1/briefing.1" 2>"$work/man.err")
[ -s "$work/man.err" ] && no "man page warnings: $(cat "$work/man.err")"
for w in NAME SYNOPSIS "briefing convert" "briefing init" "EXIT STATUS" BRIEFING_DATA_DIR; do
  case $page in *"$w"*) ;; *) no "man page lacks '$w'" ;; esac
done

# Bash completion, with the installed program first on PATH.
complete_words() { # WORD... : what completing the last word offers
  PATH="$work/moved/bin:$PATH" bash -c '
    . "$0"
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    _briefing; printf "%s\n" "${COMPREPLY[@]}"' \
    "$work/moved/share/bash-completion/completions/briefing" "$@"
}
[ "$(complete_words briefing co | tr '\n' ' ')" = "convert " ] || no "completing 'co'"
for l in a4 a4-2col a5 b5; do
  (cd "$work" && complete_words briefing build x.json -l '') | grep -qx "$l" || no "layout $l is not completed"
done
complete_words briefing build x.json --set font.text.s | grep -qx 'font.text.size=' || no "completing --set font.text.s"
complete_words briefing build x.json --gr | grep -qx -- '--grayscale' || no "completing --gr"
# Every key that layouts/README.md lists is in the completion, and no other.
readme_keys=$(sed -n 's/^| `\([a-z0-9-]*[.][a-z0-9.-]*\|columns\)` |.*/\1/p' "$src/layouts/README.md" | sort -u)
roles=$(sed -n '/^### Fonts by role/,/^##/s/^| `\([a-z]*\)` |.*/\1/p' "$src/layouts/README.md")
comp_keys=$(sed -n 's/^_briefing_keys="\(.*\)"$/\1/p' "$work/moved/share/bash-completion/completions/briefing" |
            tr ' ' '\n' | sort -u)
for k in $readme_keys; do
  echo "$comp_keys" | grep -qx "$k" || no "layout key $k is not completed"
done
[ -n "$roles" ] || no "no font roles found in layouts/README.md"
for r in $roles; do
  for a in family weight size leading color; do
    echo "$comp_keys" | grep -qx "font.$r.$a" || no "layout key font.$r.$a is not completed"
  done
done
for k in $comp_keys; do
  # An empty value is refused by every key the program knows, so nothing
  # is set; an unknown key is a warning.
  "$bin" build "$src/examples/ukraine-ceasefire.json" --set "$k=" -q -f -o "$work/key.pdf" 2>"$work/key.err"
  grep -q "unknown key" "$work/key.err" && no "the completion offers $k, which the program does not know"
done

# init writes a starter that builds as it is, and keeps an existing one.
(cd "$work" && "$ib" init weekly 2>/dev/null) || no "init"
"$ib" build "$work/weekly.yaml" -q -f -o "$work/weekly.pdf" || no "the starter does not build"
pdftotext "$work/weekly.pdf" - | grep -q "週刊 国際情勢ブリーフィング" || no "the starter's title is not in its PDF"
echo "my own" > "$work/mine.yaml"
(cd "$work" && "$ib" init mine 2>/dev/null) && no "init replaced an existing file"
[ "$(cat "$work/mine.yaml")" = "my own" ] || no "init changed an existing file"

[ $fail -eq 0 ] && echo "install: all passed"
exit $fail
