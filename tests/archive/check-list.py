#!/usr/bin/env python3
"""`briefing list`: one line per edition, read from the PDFs' own XMP (not
their names), sorted by date then name, the file's SHA-256 and pages as
sha256sum and pdfinfo give them; --json as JSON Lines with the same; files
that are not briefing PDFs (junk, a cut-short edition, another program's
PDF, a link) are noted on stderr and skipped, exit 0.

Usage: check-list.py BRIEFING EXAMPLES_DIR
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

BIN, EXAMPLES = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def run(*args, cwd=None):
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd)


def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def pages(path):
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", path).stdout, re.M).group(1))


with tempfile.TemporaryDirectory() as work:
    out = os.path.join(work, "out")
    sample = os.path.join(EXAMPLES, "ukraine-ceasefire.json")
    tour = os.path.join(EXAMPLES, "feature-tour.json")
    # The default path (out/DATE-NAME.pdf), and a name that sorts before
    # it although its date is later: the order must come from the metadata.
    r1 = run(BIN, "build", sample, "-q", cwd=work)
    r2 = run(BIN, "build", tour, "-q", "-l", "a5", "-o", "out/00-tour.pdf", cwd=work)
    if r1.returncode or r2.returncode:
        fail(f"builds failed: {r1.stderr} {r2.stderr}")
    first = os.path.join(out, "2025-02-21-ukraine-ceasefire.pdf")
    second = os.path.join(out, "00-tour.pdf")
    # A PDF/A edition, as --pdfa marks one (the same bytes but for the
    # field, so that the file stays whole).
    data = open(first, "rb").read()
    pdfa = os.path.join(out, "2025-02-21-pdfa.pdf")
    # In place of the CreatorTool, padded to its length.
    tool = data.index(b"<xmp:CreatorTool>")
    end = data.index(b"</xmp:CreatorTool>", tool) + len(b"</xmp:CreatorTool>")
    pad = b"<pdfaid:part>3</pdfaid:part>"
    repl = (pad + b" " * (end - tool))[: end - tool]
    if len(pad) > end - tool:
        fail("the test's PDF/A field does not fit")
    open(pdfa, "wb").write(data[:tool] + repl + data[end:])
    # What is not an edition.
    open(os.path.join(out, "junk.pdf"), "wb").write(b"not a pdf at all\n")
    open(os.path.join(out, "cut.pdf"), "wb").write(data[: len(data) // 2])
    run("qpdf", "--empty", os.path.join(out, "other.pdf"))
    os.symlink(first, os.path.join(out, "link.pdf"))
    open(os.path.join(out, "notes.txt"), "w").write("ignored: not a .pdf\n")
    open(os.path.join(out, ".hidden.pdf"), "w").write("a build's temporary\n")

    r = run(BIN, "list", cwd=work)
    if r.returncode != 0:
        fail(f"list exited {r.returncode}: {r.stderr}")
    rows = [l.split("\t") for l in r.stdout.splitlines()]
    sample_doc = json.load(open(sample, encoding="utf-8"))
    tour_doc = json.load(open(tour, encoding="utf-8"))
    want = [
        ["2025-02-21", "-", sample_doc["title"], f"{pages(pdfa)}p", "a4", "PDF/A-3", sha(pdfa), "2025-02-21-pdfa.pdf"],
        ["2025-02-21", "-", sample_doc["title"], f"{pages(first)}p", "a4", "-", sha(first), "2025-02-21-ukraine-ceasefire.pdf"],
        ["2025-03-07", tour_doc["edition"]["label"], tour_doc["title"], f"{pages(second)}p", "a5", "-", sha(second), "00-tour.pdf"],
    ]
    if rows != want:
        fail(f"list gave\n{r.stdout}wanted\n" + "".join("\t".join(w) + "\n" for w in want))
    notes = sorted(l for l in r.stderr.splitlines())
    want_notes = sorted(
        [
            "out/cut.pdf: warning: damaged: it has no end (cut short?); skipped",
            "out/junk.pdf: warning: not a PDF; skipped",
            "out/link.pdf: warning: is not a regular file; skipped",
            "out/other.pdf: warning: not a briefing PDF (no XMP metadata); skipped",
        ]
    )
    if notes != want_notes:
        fail(f"list's notes: {notes!r}, wanted {want_notes!r}")

    # JSON Lines: the same, typed.
    r = run(BIN, "list", "--json", "out", cwd=work)
    objs = [json.loads(l) for l in r.stdout.splitlines()]
    if r.returncode != 0 or len(objs) != 3:
        fail(f"list --json: exit {r.returncode}, {len(objs)} lines")
    else:
        o = objs[2]
        exp = {
            "file": "00-tour.pdf", "date": "2025-03-07", "number": tour_doc["edition"]["number"],
            "label": tour_doc["edition"]["label"], "title": tour_doc["title"], "pages": pages(second),
            "layout": "a5", "pdfa": None, "sha256": sha(second), "revision": None, "revises": None,
            "revises_sha256": None,
            # The document's digest, whatever its spelling: compact JSON, keys sorted.
            "source_sha256": hashlib.sha256(
                json.dumps(tour_doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
            ).hexdigest(),
        }
        if o != exp:
            fail(f"list --json gave {o!r}, wanted {exp!r}")
        if objs[0]["pdfa"] != "PDF/A-3" or objs[1]["number"] is not None:
            fail(f"list --json: {objs[0]!r} {objs[1]!r}")

    # An empty folder lists nothing; a missing one is an error (exit 2).
    os.mkdir(os.path.join(work, "empty"))
    r = run(BIN, "list", "empty", cwd=work)
    if r.returncode != 0 or r.stdout or r.stderr:
        fail(f"an empty folder: exit {r.returncode}, {r.stdout!r} {r.stderr!r}")
    r = run(BIN, "list", "nowhere", cwd=work)
    if r.returncode != 2 or r.stderr != "nowhere: error: cannot list the folder: No such file or directory\n":
        fail(f"a missing folder: exit {r.returncode}, {r.stderr!r}")
    r = run(BIN, "build", sample, "--json", cwd=work)
    if r.returncode != 2 or "--json is an option of 'list' only" not in r.stderr:
        fail(f"build --json: exit {r.returncode}, {r.stderr!r}")

print(f"list: {len(failures)} failed")
sys.exit(1 if failures else 0)
