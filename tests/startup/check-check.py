#!/usr/bin/env python3
"""check-check.py BRIEFING SOURCE-DIR WORK-DIR: `check` without setting type.

- For a document full of characters some font or no font has
  (make-tofu.py), the examples and the golden cases, in a4 and a4-2col,
  with and without --strict: `check` prints exactly the messages `build`
  prints (but its last line, `FILE: ok` against `wrote FILE`) and exits
  with its status, and `check --typeset` too.
- `check` writes nothing (no out/ folder, no PDF).
- `check` sets up no fonts: the library binds no fontconfig call and no
  Pango font map, context, itemizer or shaper (read from the dynamic
  loader, LD_DEBUG=bindings); `check --typeset` does.
- What only setting type finds (a table wider than the text area) is said
  by build and `check --typeset`, not by `check`.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys

bin_, src, work = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
failures = 0


def fail(*why):
    global failures
    failures += 1
    print("FAIL:", *why)


def run(args, cwd=None, env=None):
    return subprocess.run([bin_] + args, capture_output=True, text=True, cwd=cwd, env=env)


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
tofu = os.path.join(work, "tofu.json")
subprocess.run([sys.executable, os.path.join(src, "tests/startup/make-tofu.py"), tofu], check=True)

# The messages, but the last line of success.
def said(r, last):
    lines = r.stderr.splitlines()
    if r.returncode == 0 and lines and re.fullmatch(last, lines[-1]):
        lines = lines[:-1]
    return lines


docs = [tofu] + sorted(glob.glob(os.path.join(src, "examples/*.json"))) + \
    sorted(glob.glob(os.path.join(src, "tests/golden/*.json")))
tofu_warnings = 0
for doc in docs:
    for opts in ([], ["--strict"], ["-l", "a4-2col"]):
        b = run(["build", doc, "-f", "-q", "-o", os.path.join(work, "b.pdf")] + opts)
        built = said(b, r"wrote .*")
        for extra in ([], ["--typeset"]):
            c = run(["check", doc] + extra + opts)
            name = f"check {' '.join(extra + opts)} {os.path.basename(doc)}"
            if c.returncode != b.returncode:
                fail(f"{name}: exit {c.returncode}, build {b.returncode}")
            if said(c, r".*: ok") != built:
                fail(f"{name}: said\n{c.stderr}\nbuild said\n{b.stderr}")
        if doc == tofu and not opts:
            tofu_warnings = sum("no font has" in l for l in built)
# The stress document must warn, by name, in a ruby reading too.
if tofu_warnings < 10:
    fail(f"the tofu document warns {tofu_warnings} times, expected at least 10")

# Nothing written.
empty = os.path.join(work, "empty")
os.makedirs(empty)
c = run(["check", tofu], cwd=empty)
if c.returncode != 0 or os.listdir(empty):
    fail(f"check wrote {os.listdir(empty)} (exit {c.returncode})")

# No fonts set up, read from the loader's bindings of the library.
FONT_CALLS = re.compile(r"symbol `(Fc\w+|pango_font_map\w*|pango_ft2_font_map\w*|pango_context\w*|"
                        r"pango_itemize\w*|pango_shape\w*|hb_shape|hb_shape_full)'")


def font_calls(args):
    env = dict(os.environ, LD_DEBUG="bindings")
    env.pop("LD_BIND_NOW", None)
    r = run(args, env=env)
    return {m.group(1) for l in r.stderr.splitlines() if re.search(r"binding file \S*libbriefing", l)
            for m in [FONT_CALLS.search(l)] if m}


sample = os.path.join(src, "examples/ukraine-ceasefire.json")
calls = font_calls(["check", sample])
if calls:
    fail(f"check calls {sorted(calls)}")
calls = font_calls(["check", "--typeset", sample])
if not {"FcConfigCreate", "pango_context_set_language"} <= calls:
    fail(f"check --typeset does not set up fonts: {sorted(calls)}")

# A table wider than the text area: a warning only setting type finds.
wide = os.path.join(work, "wide.json")
number = "1" * 40 + ".25"  # a column of numbers is never narrower than its figures
with open(wide, "w", encoding="utf-8") as f:
    json.dump({"format": "briefing/1", "title": "表", "edition": {"date": "2025-02-21"},
               "chapters": [{"title": "章", "body": [{"table": {"columns": ["列"] * 3,
                                                                "rows": [[number] * 3]}}]}]}, f)
WIDER = "the table's columns are wider than the text area together"
b = run(["build", wide, "-f", "-o", os.path.join(work, "w.pdf")])
t = run(["check", "--typeset", wide])
c = run(["check", wide])
if WIDER not in b.stderr or WIDER not in t.stderr or WIDER in c.stderr or c.returncode != 0:
    fail(f"wide table: build said {b.stderr!r}, check --typeset {t.stderr!r}, check {c.stderr!r}")

r = run(["build", sample, "--typeset", "-o", os.path.join(work, "x.pdf")])
if r.returncode != 2 or r.stderr != "briefing: error: --typeset is an option of 'check' only\nTry 'briefing --help'.\n":
    fail(f"build --typeset: exit {r.returncode}, {r.stderr!r}")

print(f"{failures} failure(s)")
sys.exit(1 if failures else 0)
