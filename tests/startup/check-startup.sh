#!/bin/sh
# What the program loads before it does what it is asked: --version,
# --help and usage errors are answered without the library (so without
# cairo, Pango, HarfBuzz and fontconfig), read from the dynamic loader's
# own account (LD_DEBUG=libs), and a command that builds loads it.
#   check-startup.sh BRIEFING EXAMPLE.json
set -u
bin=$1 example=$2
fail=0
no() { echo "FAIL: $*"; fail=1; }
stack='libbriefing|libcairo|libpango|libharfbuzz|libfontconfig|libfreetype|libgio'

loaded() { # ARGS... : the shared objects initialised, one a line
  LD_DEBUG=libs "$bin" "$@" 2>&1 >/dev/null | sed -n 's/.*calling init: //p'
}

for args in "--version" "--help" "frob" "build" "build --png-dpi 5 x.json" "check --json x.json" "-x"; do
  # shellcheck disable=SC2086 # the arguments are split on purpose
  libs=$(loaded $args)
  [ -n "$libs" ] || no "'$args': the loader said nothing (LD_DEBUG unsupported?)"
  bad=$(echo "$libs" | grep -E "$stack")
  [ -z "$bad" ] || no "'briefing $args' loads $(echo "$bad" | tr '\n' ' ')"
done
[ "$("$bin" --version)" = "briefing $(sed -n 's/^#define BRIEFING_VERSION "\(.*\)"$/\1/p' \
    "$(dirname "$0")/../../include/briefing.h")" ] || no "--version: '$("$bin" --version)'"

# A command that needs the library loads it, and works.
loaded check "$example" | grep -q 'libbriefing[.]so' || no "check does not load libbriefing"
"$bin" check "$example" 2>/dev/null || no "check of the example fails"
exit $fail
