#!/usr/bin/env bash
# same-output.sh OLD_BIN NEW_BIN - do two builds of the program set the same
# bytes?  Builds every example and golden case in every layout with each
# program (PDF and dump) and compares them file by file: the proof that a
# refactoring changed nothing for users.  Prints one line per document and
# layout, and exits 1 if any differs.
#
#   git worktree add /tmp/old HEAD~1 && cmake -S /tmp/old -B /tmp/old/build && cmake --build /tmp/old/build
#   scripts/same-output.sh /tmp/old/build/briefing build/briefing
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 OLD_BIN NEW_BIN" >&2; exit 2; }
old=$1 new=$2
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
same=0 differ=0
for doc in examples/*.json tests/golden/*.json; do
  name=$(basename "$doc" .json)
  for layout in layouts/*.layout; do
    l=$(basename "$layout" .layout)
    for side in old new; do
      bin=$old
      [ $side = new ] && bin=$new
      mkdir -p "$work/$side"
      # A document that does not build is compared by its messages.
      "$bin" build "$doc" -l "$l" -o "$work/$side/$name-$l.pdf" --dump "$work/$side/$name-$l.dump" -f -q \
        2>"$work/$side/$name-$l.err" || true
    done
    if cmp -s "$work/old/$name-$l.pdf" "$work/new/$name-$l.pdf" 2>/dev/null &&
       cmp -s "$work/old/$name-$l.dump" "$work/new/$name-$l.dump" &&
       cmp -s "$work/old/$name-$l.err" "$work/new/$name-$l.err"; then
      same=$((same + 1))
      echo "same    $name $l $(sha256sum <"$work/new/$name-$l.pdf" | cut -c1-16)"
    else
      differ=$((differ + 1))
      echo "DIFFERS $name $l"
    fi
  done
done
echo "$same same, $differ different"
[ $differ -eq 0 ]
