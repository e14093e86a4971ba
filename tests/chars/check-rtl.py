#!/usr/bin/env python3
"""Right-to-left text read back from the PDF in logical order.

Usage: check-rtl.py BRIEFING TEXT [--layout NAME] [--grayscale]

Sets each sample of TEXT (one a line, # comments) as a body paragraph
(mincho) and as a key point (gothic), builds the PDF and reads its text
back two ways:

  - `mutool draw -F txt`, which orders the characters of a line by the
    Unicode bidi algorithm: each sample must be there whole, character for
    character (canonical order of marks aside, NFD), twice.  MuPDF 1.21
    reads a glyph's ToUnicode and not the ActualText around it, and cairo
    gives a glyph that the font's cmap maps (lam-alef, U+FEFB) that
    mapping and the cluster's letters as ActualText, so for mutool a
    presentation form counts as the letters it stands for (NFKC).
  - `pdftotext`, which reads ActualText: no Arabic presentation form
    (U+FB50-FDFF, FE70-FEFF) anywhere, and every word of the samples made
    of letters alone (no mark, no lam-alef or lam-lam-heh ligature, which
    poppler 22 reverses) there as typed.  poppler orders a line's runs by
    its own rules (a number glued to the word beside it), so whole lines
    are left to mutool.

Prints what is missing and fails if anything is.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
RTL = re.compile("[\u0590-\u08ff]")


def samples(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]


def norm(s):
    return unicodedata.normalize("NFD", re.sub(r"\s+", " ", BIDI.sub("", s))).strip()


def plain_word(w):
    return (RTL.search(w) and not any(unicodedata.category(ch).startswith("M") for ch in w) and "لا" not in w
            and "لل" not in w and "لأ" not in w and "لإ" not in w and "لآ" not in w)


def main():
    binary, text = sys.argv[1], sys.argv[2]
    opts = []
    args = sys.argv[3:]
    while args:
        a = args.pop(0)
        if a == "--layout":
            opts += ["-l", args.pop(0)]
        elif a == "--grayscale":
            opts.append(a)
        else:
            sys.exit(f"check-rtl: unknown option {a}")
    lines = samples(text)
    doc = {"format": "briefing/1", "title": "右から左の試験", "edition": {"date": "2025-02-21"},
           "chapters": [{"title": "右から左", "body": lines}], "key_points": lines}
    failures = []
    with tempfile.TemporaryDirectory() as d:
        src, pdf = os.path.join(d, "rtl.json"), os.path.join(d, "rtl.pdf")
        with open(src, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        r = subprocess.run([binary, "build", src, "-q", "-f", "-o", pdf] + opts, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"check-rtl: build failed ({r.returncode}):\n{r.stderr}")
        mu = subprocess.run(["mutool", "draw", "-F", "txt", pdf], capture_output=True, check=True).stdout.decode()
        mu = FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), mu)
        got = [norm(l) for l in mu.splitlines()]
        for line in lines:
            n = got.count(norm(line))
            if n != 2:
                failures.append(f"mutool: {line!r} found {n} times, expected 2 (body, key point)")
        pt = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, check=True).stdout.decode()
        forms = sorted(set(FORMS.findall(pt)))
        if forms:
            failures.append("pdftotext: presentation forms in the text: " + " ".join(f"U+{ord(c):04X}" for c in forms))
        word = r"[^\s\d٠-٩،.,「」、。]+"
        words = set(re.findall(word, BIDI.sub("", pt)))
        for w in sorted({w for l in lines for w in re.findall(word, l) if plain_word(w)}):
            if w not in words:
                failures.append(f"pdftotext: the word {w!r} is not in the text")
    for f in failures:
        print(f"FAIL: {f}", file=sys.stderr)
    print(f"{len(lines)} samples, {len(failures)} problems")
    return 1 if failures else 0


sys.exit(main())
