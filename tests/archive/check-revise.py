#!/usr/bin/env python3
"""--revise: a corrected edition is written beside the archived one as
DATE-NAME.r2.pdf (r3, ...), never over it; marked 訂正版 on its first
page and nowhere else; its XMP names the file it corrects and that file's
SHA-256; the same build again keeps the last revision; `list` shows each
as a revision; without --revise the edition rule holds.

Usage: check-revise.py BRIEFING SAMPLE.json
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

BIN, SAMPLE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def xmp(path, name):
    data = open(path, "rb").read().decode("latin-1")
    packet = data[data.rindex("<?xpacket begin=") :]
    m = re.search(rf"<briefing:{name}>([^<]*)</briefing:{name}>", packet)
    return m.group(1).encode("latin-1").decode() if m else None


def text(path, first=1, last=0):
    args = ["pdftotext", "-enc", "UTF-8", "-f", str(first)] + (["-l", str(last)] if last else []) + [path, "-"]
    return subprocess.run(args, capture_output=True, text=True).stdout


with tempfile.TemporaryDirectory() as work:
    def build(*args):
        return subprocess.run([BIN, "build", SAMPLE, *args], capture_output=True, text=True, cwd=work)

    ed = os.path.join(work, "out", "2025-02-21-ukraine-ceasefire.pdf")
    r2, r3 = ed[:-4] + ".r2.pdf", ed[:-4] + ".r3.pdf"
    # No edition yet: --revise writes the edition itself, unmarked.
    r = build("--revise")
    if r.returncode or not os.path.exists(ed) or "訂正版" in text(ed) or xmp(ed, "revision"):
        fail(f"a first --revise build: exit {r.returncode}, {r.stderr!r}")
    orig = sha(ed)
    # The same build: kept, nothing written beside it.
    r = build("--revise")
    if r.returncode or "unchanged" not in r.stderr or os.path.exists(r2):
        fail(f"the same build with --revise: exit {r.returncode}, {r.stderr!r}, r2 {os.path.exists(r2)}")
    # A correction: beside it, the edition untouched.
    r = build("--revise", "--grayscale")
    if r.returncode or r.stderr != "wrote out/2025-02-21-ukraine-ceasefire.r2.pdf\n":
        fail(f"a correction: exit {r.returncode}, {r.stderr!r}")
    if sha(ed) != orig:
        fail("the archived edition was changed by --revise")
    if not os.path.exists(r2):
        fail("no r2 written")
        sys.exit(1)
    meta = (xmp(r2, "revision"), xmp(r2, "revises"), xmp(r2, "revisesSHA256"))
    if meta != ("2", os.path.basename(ed), orig):
        fail(f"r2's metadata: {meta!r}")
    # The mark on the first page, in the edition line, and nowhere else.
    page1 = text(r2, 1, 1)
    if not re.search(r"2025 年 2 月 21 日\s+訂正版", page1) or text(r2, 2).count("訂正版"):
        fail(f"r2's mark: {page1[:80]!r}")
    plain = os.path.join(work, "gray.pdf")
    build("--grayscale", "-q", "-o", plain)
    flat = lambda t: re.sub(r"\s+", "", t)
    if text(r2, 2) != text(plain, 2) or flat(text(r2, 1, 1)).replace("訂正版", "", 1) != flat(text(plain, 1, 1)):
        fail("r2's text is not the corrected build's with the mark")
    # The same correction again keeps r2.
    r = build("--revise", "--grayscale")
    if r.returncode or "r2.pdf: unchanged" not in r.stderr or os.path.exists(r3):
        fail(f"the same correction again: exit {r.returncode}, {r.stderr!r}")
    # Another correction: r3, correcting r2.
    r = build("--revise", "-l", "a5", "--set", "label.revision=改訂版")
    r2_sha = sha(r2)
    if r.returncode or not os.path.exists(r3):
        fail(f"a second correction: exit {r.returncode}, {r.stderr!r}")
    elif (xmp(r3, "revision"), xmp(r3, "revises"), xmp(r3, "revisesSHA256")) != ("3", os.path.basename(r2), r2_sha):
        fail(f"r3's metadata: {xmp(r3, 'revision')} {xmp(r3, 'revises')} {xmp(r3, 'revisesSHA256')}")
    elif "改訂版" not in text(r3, 1, 1) or "訂正版" in text(r3):
        fail("label.revision is not r3's mark")
    if sha(ed) != orig or sha(r2) != r2_sha:
        fail("an earlier edition changed")
    # list: each a revision of the one before.
    r = subprocess.run([BIN, "list", "--json"], capture_output=True, text=True, cwd=work)
    got = [(o["file"], o["revision"], o["revises"], o["revises_sha256"]) for o in map(json.loads, r.stdout.splitlines())]
    want = [
        (os.path.basename(ed), None, None, None),
        (os.path.basename(r2), 2, os.path.basename(ed), orig),
        (os.path.basename(r3), 3, os.path.basename(r2), r2_sha),
    ]
    if got != want:
        fail(f"list --json: {got!r}")
    r = subprocess.run([BIN, "list"], capture_output=True, text=True, cwd=work)
    if not r.stdout.splitlines()[1].endswith(f"\t{os.path.basename(r2)}\trevision 2 of {os.path.basename(ed)}"):
        fail(f"list: {r.stdout!r}")
    # Without --revise the edition rule holds; with --force it contradicts.
    r = build("--grayscale")
    if r.returncode != 2 or "exists with other content" not in r.stderr or sha(ed) != orig:
        fail(f"without --revise: exit {r.returncode}, {r.stderr!r}")
    r = build("--revise", "--force")
    if r.returncode != 2 or r.stderr != (
        "briefing: error: --revise keeps every edition and --force replaces one; give one of them\n"
    ):
        fail(f"--revise --force: exit {r.returncode}, {r.stderr!r}")
    r = subprocess.run([BIN, "check", SAMPLE, "--revise"], capture_output=True, text=True, cwd=work)
    if r.returncode != 2 or "--revise is an option of 'build' to a file only" not in r.stderr:
        fail(f"check --revise: exit {r.returncode}, {r.stderr!r}")
    r = build("--revise", "-o", "-")
    if r.returncode != 2 or r.stdout or "--revise is an option of 'build' to a file only" not in r.stderr:
        fail(f"--revise -o -: exit {r.returncode}, {r.stderr!r}")
    left = sorted(os.listdir(os.path.join(work, "out")))
    if left != sorted(os.path.basename(p) for p in (ed, r2, r3)):
        fail(f"out/ holds {left!r}")

print(f"revise: {len(failures)} failed")
sys.exit(1 if failures else 0)
