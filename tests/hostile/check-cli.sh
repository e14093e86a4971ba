#!/bin/sh
# The command line's own messages escape what they echo: an argument holding
# ESC ] 0 ; (retitle the terminal) or ESC [ 31m comes out as \x1b, never as
# the control itself, and each such misuse exits 2.
#   check-cli.sh BRIEFING
set -u
bin=$1
fail=0
esc=$(printf '\033')
try() { # WANT-TEXT ARG...
  want=$1; shift
  err=$("$bin" "$@" 2>&1 >/dev/null); st=$?
  [ $st -eq 2 ] || { echo "FAIL: $* exits $st"; fail=1; }
  case $err in *"$esc"*) echo "FAIL: a raw ESC reached the terminal: $*"; fail=1 ;; esac
  case $err in *"$want"*) ;; *) echo "FAIL: '$want' not in: $err"; fail=1 ;; esac
}
try 'unknown command '"'"'\x1b]0;x\x07'"'" "$(printf '\033]0;x\007')"
try 'too many arguments ('"'"'c\x1b[31m'"'"')' convert a.json b "$(printf 'c\033[31m')"
try 'got '"'"'9\x1b'"'" build a.json --png-dpi "$(printf '9\033')"
try 'unknown option '"'"'--x\x1b[2J'"'" build a.json "$(printf -- '--x\033[2J')"
try 'unknown option '"'"'-z'"'" build a.json -z
try 'option '"'"'-l'"'"' needs a value' build a.json -l
[ $fail -eq 0 ] && echo "cli: all passed"
exit $fail
