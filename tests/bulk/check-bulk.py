#!/usr/bin/python3
"""briefing build A B C ...: many documents in one process.

- the bytes: each PDF of a bulk build (-j 2) is the PDF of a build of that
  input alone, for the sample, the feature tour (images, tables, figures),
  their YAML forms and small documents, in a4 and in a4-2col --grayscale;
- the report: --report json gives one line per input, in input order, with
  the input, the output, the status, the pages (pdfinfo's), the bytes (the
  file's) and the messages; 200 small documents give 200 lines;
- the exit status is the worst of the inputs', every line on standard
  error starts with its input, and a bad input does not stop the others;
- two inputs with the same output: one is built, the other refused;
- -o, --dump, --png and --timings with several inputs, standard input
  among several, -j 0 and --report xml are refused with their message.

    check-bulk.py BRIEFING EXAMPLES-DIR WORK-DIR [N-SMALL]
"""
import json
import os
import re
import shutil
import subprocess
import sys

binary, examples, work = sys.argv[1:4]
n_small = int(sys.argv[4]) if len(sys.argv) > 4 else 200
failures = []
env = dict(os.environ, LC_ALL="C.UTF-8")
env.pop("SOURCE_DATE_EPOCH", None)


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def run(args, cwd):
    return subprocess.run([binary] + args, cwd=cwd, env=env, capture_output=True, text=True)


def small_doc(i):
    """A one-page document of its own: its title and text carry i."""
    return {
        "format": "briefing/1",
        "title": f"週報 第{i}号",
        "edition": {"date": f"2025-03-{1 + i % 28:02d}"},
        "chapters": [{
            "number": 1,
            "title": f"今週の動き その{i}",
            "summary": [f"要約の一文目、番号{i}。", "二文目は少し長く、行を折り返すほどの長さにしておく。"],
            "body": [f"本文の段落{i}。" + "日本語の文章を組むための試験の文。" * (1 + i % 5)],
            "source": {"name": "試験", "url": f"https://example.com/{i}"},
        }],
    }


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
docs = os.path.join(work, "docs")
os.makedirs(docs)
for name in ("ukraine-ceasefire.json", "feature-tour.json"):
    shutil.copy(os.path.join(examples, name), docs)
shutil.copytree(os.path.join(examples, "images"), os.path.join(docs, "images"))
for name in ("ukraine-ceasefire", "feature-tour"):
    r = run(["convert", f"{name}.json", f"{name}-y.yaml"], docs)
    if r.returncode != 0:
        fail(f"convert {name}: {r.stderr}")
for i in range(n_small):
    with open(os.path.join(docs, f"small-{i:03d}.json"), "w", encoding="utf-8") as f:
        json.dump(small_doc(i), f, ensure_ascii=False)
big = ["ukraine-ceasefire.json", "feature-tour.json", "ukraine-ceasefire-y.yaml", "feature-tour-y.yaml"]
smalls = [f"small-{i:03d}.json" for i in range(n_small)]

# ---- the bytes: bulk = alone -------------------------------------------------
for opts in ([], ["-l", "a4-2col", "--grayscale"]):
    tag = " ".join(opts) or "a4"
    alone = os.path.join(work, "alone")
    shutil.rmtree(alone, ignore_errors=True)
    os.makedirs(alone)
    inputs = big + smalls[:6]
    for name in inputs:
        r = run(["build", os.path.join(docs, name), "-q"] + opts, alone)
        if r.returncode != 0:
            fail(f"{tag}: {name} alone: exit {r.returncode}: {r.stderr}")
    together = os.path.join(work, "together")
    shutil.rmtree(together, ignore_errors=True)
    os.makedirs(together)
    r = run(["build", "-j", "2", "-q"] + opts + [os.path.join(docs, n) for n in inputs], together)
    if r.returncode != 0 or r.stderr:
        fail(f"{tag}: bulk: exit {r.returncode}: {r.stderr}")
    a, b = sorted(os.listdir(os.path.join(alone, "out"))), sorted(os.listdir(os.path.join(together, "out")))
    if a != b or len(a) != len(inputs):
        fail(f"{tag}: bulk wrote {b}, alone {a}")
    for name in a:
        with open(os.path.join(alone, "out", name), "rb") as f1, open(os.path.join(together, "out", name), "rb") as f2:
            if f1.read() != f2.read():
                fail(f"{tag}: out/{name} of the bulk build differs from the build alone")

# ---- the report of many --------------------------------------------------------
rep_dir = os.path.join(work, "report")
os.makedirs(rep_dir)
r = run(["build", "-j", "2", "--report", "json", "-q"] + [os.path.join(docs, n) for n in smalls], rep_dir)
lines = r.stdout.splitlines()
if r.returncode != 0:
    fail(f"report: exit {r.returncode}: {r.stderr[:500]}")
if len(lines) != n_small:
    fail(f"report: {len(lines)} lines for {n_small} inputs")
for k, line in enumerate(lines):
    try:
        e = json.loads(line)
    except ValueError as err:
        fail(f"report line {k + 1} is no JSON ({err}): {line[:200]}")
        continue
    want = os.path.join(docs, smalls[k])
    if e.get("input") != want:
        fail(f"report line {k + 1}: input {e.get('input')!r}, not {want!r} (input order)")
        continue
    if set(e) != {"input", "output", "status", "exit", "pages", "bytes", "milliseconds", "messages"}:
        fail(f"report line {k + 1}: keys {sorted(e)}")
        continue
    pdf = os.path.join(rep_dir, e["output"] or "")
    if e["status"] != "ok" or e["exit"] != 0 or not os.path.isfile(pdf):
        fail(f"report line {k + 1}: {line[:300]}")
        continue
    if e["bytes"] != os.path.getsize(pdf):
        fail(f"report line {k + 1}: bytes {e['bytes']}, the file has {os.path.getsize(pdf)}")
    if k % 50 == 0:
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        if pages != e["pages"]:
            fail(f"report line {k + 1}: pages {e['pages']}, pdfinfo says {pages}")
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
        if not re.search(rf"週報\s*第\s*{k}\s*号", text):  # pdftotext spaces the digits apart
            fail(f"report line {k + 1}: {e['output']} does not hold its own title 週報 第{k}号")
    if not isinstance(e["milliseconds"], (int, float)) or e["milliseconds"] <= 0 or e["messages"] != []:
        fail(f"report line {k + 1}: {line[:300]}")

# ---- bad inputs among good: worst status, prefixed lines, the others built ------
mix = os.path.join(work, "mix")
os.makedirs(os.path.join(mix, "a"))
os.makedirs(os.path.join(mix, "b"))
with open(os.path.join(mix, "broken.json"), "w") as f:
    f.write('{"format": "briefing/1", "title": }')
with open(os.path.join(mix, "no-title.json"), "w") as f:
    json.dump({"format": "briefing/1", "edition": {"date": "2025-03-01"}, "chapters": []}, f)
for sub in ("a", "b"):
    with open(os.path.join(mix, sub, "same.json"), "w", encoding="utf-8") as f:
        json.dump(small_doc(7), f, ensure_ascii=False)
shutil.copy(os.path.join(docs, smalls[1]), mix)
order = ["broken.json", smalls[1], "no-title.json", "a/same.json", "b/same.json"]
r = run(["build", "-j", "2", "--report", "json"] + order, mix)
if r.returncode != 2:
    fail(f"mix: exit {r.returncode}, not 2 (the worst)")
entries = [json.loads(x) for x in r.stdout.splitlines()]
if [e["input"] for e in entries] != order:
    fail(f"mix: report inputs {[e['input'] for e in entries]}")
else:
    st = {e["input"]: e for e in entries}
    if st["broken.json"]["status"] != "bad-input" or st["broken.json"]["exit"] != 2 or \
            not any(m.startswith("broken.json:1:") for m in st["broken.json"]["messages"]):
        fail(f"mix: broken.json: {st['broken.json']}")
    if st["no-title.json"]["status"] != "bad-input" or not st["no-title.json"]["messages"]:
        fail(f"mix: no-title.json: {st['no-title.json']}")
    if st[smalls[1]]["status"] != "ok" or not os.path.isfile(os.path.join(mix, st[smalls[1]]["output"])):
        fail(f"mix: the good input was not built: {st[smalls[1]]}")
    same = [st["a/same.json"], st["b/same.json"]]
    if sorted(e["status"] for e in same) != ["bad-input", "ok"]:
        fail(f"mix: two inputs with one output: {same}")
    else:
        refused = same[0] if same[0]["status"] != "ok" else same[1]
        want = "out/2025-03-08-same.pdf: error: is the PDF of another input of this run too; give one of them another name"
        if refused["messages"] != [f"{refused['input']}: {want}"]:
            fail(f"mix: the refused one says {refused['messages']}")
inputs_re = "|".join(re.escape(x) for x in order)
for line in r.stderr.splitlines():
    if not re.match(rf"({inputs_re})[:]", line):
        fail(f"mix: a line on stderr does not start with its input: {line!r}")
if f"{smalls[1]}: wrote out/2025-03-02-small-001.pdf" not in r.stderr.splitlines():
    fail(f"mix: no 'wrote' line for the good input: {r.stderr}")

# check with several: nothing written
chk = os.path.join(work, "check")
os.makedirs(chk)
r = run(["check", "-j", "2"] + [os.path.join(docs, n) for n in smalls[:3]], chk)
if r.returncode != 0 or os.path.exists(os.path.join(chk, "out")) or \
        sorted(r.stderr.splitlines()) != sorted(f"{os.path.join(docs, n)}: ok" for n in smalls[:3]):
    fail(f"check of several: exit {r.returncode}, {r.stderr!r}")

# ---- refusals ------------------------------------------------------------------
one = "is for one input without --report; with several, each PDF goes to its default out/DATE-NAME.pdf"
refusals = [
    (["build", "a.json", "b.json", "-o", "x.pdf"], f"briefing: error: -o {one}"),
    (["build", "a.json", "b.json", "--dump", "x.txt"], f"briefing: error: --dump {one}"),
    (["build", "a.json", "b.json", "--png", "p"], f"briefing: error: --png {one}"),
    (["build", "a.json", "b.json", "--timings"], f"briefing: error: --timings {one}"),
    (["build", "a.json", "--report", "json", "-o", "x.pdf"], f"briefing: error: -o {one}"),
    (["build", "a.json", "-", "b.json"], "briefing: error: standard input (-) can only be the one input"),
    (["build", "a.json", "b.json", "-j", "0"], "briefing: error: -j: expected a number of jobs from 1 to 256, got '0'"),
    (["build", "a.json", "-j", "2x"], "briefing: error: -j: expected a number of jobs from 1 to 256, got '2x'"),
    (["build", "a.json", "--report", "xml"], "briefing: error: --report: the one report is 'json', got 'xml'"),
    (["convert", "a.json", "b.yaml", "-j", "2"], "briefing: error: -j is for build and check"),
    (["watch", "a.json", "b.json"], "briefing: error: too many arguments ('b.json')"),
]
ref = os.path.join(work, "refuse")
os.makedirs(ref)
for args, want in refusals:
    r = run(args, ref)
    if r.returncode != 2 or r.stderr.splitlines()[:1] != [want]:
        fail(f"{' '.join(args)}: exit {r.returncode}, said {r.stderr!r}, not {want!r}")
    if os.listdir(ref):
        fail(f"{' '.join(args)}: wrote {os.listdir(ref)}")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print(f"bulk: ok ({len(big) + 6} documents byte for byte in two layouts, a report of {n_small} lines)")
