#!/usr/bin/env python3
"""check-threads.py BIN PROJECT WORKDIR - the PDF does not depend on the threads.

Builds the sample, the feature tour, the sample's chapters ten times over
(bench/bench.py's scaled_doc) and a document with warnings in many of its
paragraphs in every layout with --threads 1 and
with --threads 4, and holds the two to the same PDF bytes, the same dump
and the same messages in the same order.  The 4-thread builds run with
BF_THREADS_ALWAYS=1, so that the workers start for the small documents
too, and BF_TAKE_BACK=0, so that the caller waits for a worker however
busy the machine, and with --timings, whose threads line must say that
workers set some of the paragraphs: a run that quietly set everything on
one thread would prove nothing.  Once more with BF_TAKE_BACK=always: every
paragraph a worker is setting when the caller reaches it is set again by
the caller, and the bytes are still the same.  Also: --threads and BRIEFING_THREADS refuse what is
not a number from 1 to 64, with exit 2.
"""

import json
import os
import re
import subprocess
import sys

BIN, PROJECT, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.join(PROJECT, "bench"))
import bench  # noqa: E402  (scaled_doc)

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def run(args, env_extra=None):
    env = dict(os.environ, LC_ALL="C.UTF-8")
    env.pop("BRIEFING_THREADS", None)
    env.pop("BF_THREADS_ALWAYS", None)
    env.update(env_extra or {})
    return subprocess.run([BIN] + args, capture_output=True, env=env)


def read(path):
    with open(path, "rb") as f:
        return f.read()


os.makedirs(WORK, exist_ok=True)
with open(os.path.join(PROJECT, "examples", "ukraine-ceasefire.json"), encoding="utf-8") as f:
    sample = json.load(f)
k10 = os.path.join(WORK, "k10.json")
with open(k10, "w", encoding="utf-8") as f:
    json.dump(bench.scaled_doc(sample, 10), f, ensure_ascii=False)
# Warnings from many paragraphs, which must come out in the same order:
# characters no font has (U+E000, U+F0001), one in a ruby reading (which
# a worker leaves to the main thread) and right-to-left text (likewise).
noisy_doc = bench.scaled_doc(sample, 3)
for i, ch in enumerate(noisy_doc["chapters"]):
    body = ch["body"]
    body[0] += "\ue000と\U000f0001（%d）" % i
    body[1] = "｜記号《き\ue001ごう》を含む " + body[1] + " שלום עולם"
    if i % 2:
        body.append("\ue002" + body[0])
noisy = os.path.join(WORK, "noisy.json")
with open(noisy, "w", encoding="utf-8") as f:
    json.dump(noisy_doc, f, ensure_ascii=False)
docs = [os.path.join(PROJECT, "examples", "ukraine-ceasefire.json"),
        os.path.join(PROJECT, "examples", "feature-tour.json"), k10, noisy]
layouts = sorted(os.path.basename(p)[:-len(".layout")] for p in os.listdir(os.path.join(PROJECT, "layouts"))
                 if p.endswith(".layout"))
if len(layouts) != 4:
    fail("expected the four layouts, found %s" % layouts)

THREADS_LINE = re.compile(r"^timings: set on (\d+) threads: (\d+) of (\d+) paragraphs by workers$", re.M)
for doc in docs:
    name = os.path.basename(doc)[:-len(".json")]
    for layout in layouts:
        out = {}
        # 4: workers that the caller waits for (BF_TAKE_BACK=0), so that they
        # set paragraphs however busy the machine; "back": every paragraph a
        # worker is setting taken back by the caller at once.
        for t in (1, 4, "back"):
            base = os.path.join(WORK, "%s-%s-t%s" % (name, layout, t))
            args = ["build", doc, "-l", layout, "-o", base + ".pdf", "--dump", base + ".dump", "-f", "-q",
                    "--threads", "1" if t == 1 else "4"]
            env = {} if t == 1 else {"BF_THREADS_ALWAYS": "1", "BF_TAKE_BACK": "0" if t == 4 else "always"}
            r = run(args + (["--timings"] if t != 1 else []), env)
            if r.returncode != 0:
                fail("%s %s --threads %d: exit %d: %s" % (name, layout, t, r.returncode, r.stderr.decode()))
                continue
            err = r.stderr.decode()
            if t != 1:
                m = THREADS_LINE.search(err)
                if not m:
                    fail("%s %s --threads 4: no threads line in --timings:\n%s" % (name, layout, err))
                elif int(m.group(1)) != 4 or (t == 4 and int(m.group(2)) == 0):
                    fail("%s %s --threads 4: %s" % (name, layout, m.group(0)))
                err = "".join(line for line in err.splitlines(True) if not line.startswith("timings: "))
            out[t] = (read(base + ".pdf"), read(base + ".dump"), err)
        if len(out) < 3:
            continue
        if doc == noisy and out[1][2].count("warning:") < 10:
            fail("%s %s: expected the warnings of the planted characters, got:\n%s" % (name, layout, out[1][2]))
        for t, how in ((4, "--threads 4"), ("back", "--threads 4, every running paragraph taken back")):
            what = [k for k, i in (("PDF bytes", 0), ("dump", 1), ("messages", 2)) if out[1][i] != out[t][i]]
            if what:
                fail("%s %s: --threads 1 and %s differ in %s" % (name, layout, how, ", ".join(what)))
            else:
                print("ok: %s %s: %d bytes, the same with 1 thread and %s" % (name, layout, len(out[1][0]), how))

# The refusals: exact messages, exit 2, nothing written.
bad = os.path.join(WORK, "refused.pdf")
for args, env, msg in [
        (["--threads", "0"], {}, "briefing: error: --threads: expected a number of threads from 1 to 64, got '0'"),
        (["--threads", "65"], {}, "briefing: error: --threads: expected a number of threads from 1 to 64, got '65'"),
        (["--threads", "2x"], {}, "briefing: error: --threads: expected a number of threads from 1 to 64, got '2x'"),
        ([], {"BRIEFING_THREADS": "many"},
         "briefing: error: BRIEFING_THREADS: expected a number of threads from 1 to 64, got 'many'")]:
    if os.path.exists(bad):
        os.remove(bad)
    r = run(["build", docs[0], "-o", bad, "-q"] + args, env)
    got = r.stderr.decode().strip()
    if r.returncode != 2 or got != msg or os.path.exists(bad):
        fail("%s %s: exit %d, wrote %s, said %r" % (args, env, r.returncode, os.path.exists(bad), got))
    else:
        print("ok: refused %s %s" % (args, env))
# --threads wins over BRIEFING_THREADS.
r = run(["build", docs[0], "-o", bad, "-q", "-f", "--threads", "2"], {"BRIEFING_THREADS": "many"})
if r.returncode != 0:
    fail("--threads 2 with BRIEFING_THREADS=many: exit %d: %s" % (r.returncode, r.stderr.decode()))

if failures:
    print("%d failure(s)" % len(failures))
    sys.exit(1)
print("all ok")
