#!/usr/bin/env bash
# How the cost grows with each dimension of the input: 1x, 4x and 16x.
#
#   bench/growth.sh [--runs N] [--binary PATH] [--only NAME,...] [--workdir DIR]
#
# Prints Markdown tables (time, peak memory, growth exponents) and a build
# near the 8 MiB input limit; see bench/growth.py.  Builds build/briefing
# first if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=build/briefing
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[i]}" = --binary ] && binary="${args[i + 1]:-}"
done
if [ ! -x "$binary" ] && [ "$binary" = build/briefing ]; then
  echo "growth: building build/briefing" >&2
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j"$(nproc)" >/dev/null
fi
exec /usr/bin/python3 bench/growth.py "$@"
