#!/bin/sh
# Compare the text dump of placed pages with the golden copy beside the JSON.
# Usage: run-golden.sh BRIEFING CASE.json WORKDIR [GOLDEN.dump [LAYOUT [OPTION...]]]
# With BF_UPDATE_GOLDEN=1 the golden copy is rewritten instead.
set -u
bin=$1 json=$2 work=$3
name=$(basename "$json" .json)
golden=${4:-${json%.json}.dump}
layout=${5:-a4}
[ $# -ge 5 ] && shift 5 || shift $#
tag=$(basename "$golden" .dump)
out="$work/golden-$tag.dump"
LC_ALL=C.UTF-8 "$bin" build "$json" -q -f -l "$layout" -o "$work/golden-$tag.pdf" --dump "$out" "$@" || {
  echo "golden $name: build failed" >&2
  exit 1
}
if [ "${BF_UPDATE_GOLDEN:-0}" = 1 ]; then
  cp "$out" "$golden"
  echo "golden $name: rewritten"
  exit 0
fi
if ! diff -u "$golden" "$out"; then
  echo "golden $name: the placed pages differ from $golden (BF_UPDATE_GOLDEN=1 to accept)" >&2
  exit 1
fi
echo "golden $name: same"
