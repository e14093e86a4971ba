#!/usr/bin/env bash
# The briefing benchmark, in one command.
#
#   bench/run.sh [--sizes 1,10,60,300] [--runs N] [--binary PATH] [--workdir DIR]
#   bench/run.sh --vs-typst [--sizes ...] [--runs N]   against the Typst 0.14 peer
#
# Scales examples/ukraine-ceasefire.json (its chapters repeated K times),
# builds each size several times and prints Markdown tables: wall time,
# pages per second, peak memory, PDF size, and the per-stage split from
# --timings.  The generated documents and PDFs go to bench/work/ (ignored
# by git).  Builds build/briefing first if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=build/briefing
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --binary) binary="${args[i + 1]:-}" ;;
    --binary=*) binary="${args[i]#--binary=}" ;;
    -h|--help) exec /usr/bin/python3 bench/bench.py --help ;;
    --vs-typst) vs_typst=1 ;;
  esac
done

if [ ! -x "$binary" ]; then
  if [ "$binary" = build/briefing ]; then
    echo "bench: building build/briefing" >&2
    cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build build -j"$(nproc)" >/dev/null
  else
    echo "bench: no executable at $binary" >&2
    exit 1
  fi
fi

# Peak memory comes from GNU time when it is there; install it if we may.
if [ ! -x /usr/bin/time ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "bench: installing the time package" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends time; } >/dev/null 2>&1 \
    || echo "bench: could not install time; measuring memory with os.wait4" >&2
fi

if [ -n "${vs_typst:-}" ]; then
  rest=()
  for a in "$@"; do [ "$a" = --vs-typst ] || rest+=("$a"); done
  exec /usr/bin/python3 bench/vs_typst.py "${rest[@]}"
fi
exec /usr/bin/python3 bench/bench.py "$@"
