#!/usr/bin/env python3
"""The line-breaking targets on whole documents, in every layout.

Usage: layouts-check.py BRIEFING SOURCE_DIR [--keep DIR]

Builds the sample, the feature tour and a public-domain essay
(bench/texts/terada.json), and a stress document of Latin words between
spaces in Japanese (SPACES) in a4, b5, a5 and a4-2col and reads the glyph
positions back (evenness.py).  Each PDF is held to:

  no line of Japanese text starts with an ASCII space (a break at a space
  drops it);
  at most LIMITS' number of lines with two Japanese letters spread more than
  0.10 em apart, and of mid-line 、。，． set half-width; a limit above zero
  says why no set of breaks avoids it.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evenness as E  # noqa: E402

DOCS = ["examples/ukraine-ceasefire.json", "examples/feature-tour.json", "bench/texts/terada.json", "spaces"]
# A stress document for breaks at spaces: Japanese with Latin words set off
# by spaces, after prefixes of every length, so that in each layout some
# line ends at one of the spaces.
SPACES = [("一二三四五六七八九十" * 5)[:k] + "は Excel（.xlsx）や CSV で書き出し、 QUIC の実験を Google は"
          "、 Chrome で続けた。" for k in range(50)]
LAYOUTS = ["a4", "b5", "a5", "a4-2col"]
# (spaced lines, mid-line marks set half-width) allowed; zero unless said.
LIMITS = {
    # The comment paragraph (26 characters, 25 em on its first line) has no
    # break but one that spreads it or one that ends on three characters;
    # a lead paragraph avoids a Latin space wider than half an em by
    # squeezing three marks.
    ("feature-tour", "a4-2col"): (1, 3),
    # With 19 characters before it, "Excel" ends the first line 3 em short
    # and "Excel（.xlsx）" is 2 em too long to be squeezed in.
    ("spaces", "a4-2col"): (1, 0),
}


def space_starts(pdf):
    out = []
    for size, gs in E.lines_of(pdf):
        if gs[0][2] == " " and gs[0][1] < 0.6 * size and any(E.japanese_letter(g[2]) for g in gs):
            out.append("".join(g[2] for g in gs)[:30])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("briefing")
    ap.add_argument("source_dir")
    ap.add_argument("--keep")
    args = ap.parse_args()
    tmp = None if args.keep else tempfile.TemporaryDirectory(prefix="layouts-check-")
    work = args.keep or tmp.name
    os.makedirs(work, exist_ok=True)
    errors = 0
    for doc in DOCS:
        name = os.path.splitext(os.path.basename(doc))[0]
        for layout in LAYOUTS:
            pdf = os.path.join(work, f"{name}-{layout}.pdf")
            src = os.path.join(args.source_dir, doc)
            if doc == "spaces":
                src = os.path.join(work, "spaces.json")
                with open(src, "w", encoding="utf-8") as f:
                    json.dump({"format": "briefing/1", "title": "空白での改行", "edition": {"date": "2025-02-21"},
                               "chapters": [{"title": "空白", "body": SPACES}]}, f, ensure_ascii=False)
            r = subprocess.run([args.briefing, "build", src, "-l", layout, "-q",
                                "-f", "-o", pdf], capture_output=True, text=True)
            if r.returncode != 0:
                print(f"FAIL  {name} {layout}: build failed: {r.stderr.strip()}")
                errors += 1
                continue
            n, spaced, _, mid, worst = E.measure(pdf)
            lim = LIMITS.get((name, layout), (0, 0))
            errs = [f"line starts with a space: {t!r}" for t in space_starts(pdf)]
            if spaced > lim[0]:
                errs.append(f"{spaced} lines spread beyond 0.10 em (widest {worst:.3f} em), at most {lim[0]}")
            if mid > lim[1]:
                errs.append(f"{mid} mid-line 、。，． set half-width, at most {lim[1]}")
            print(f"{'FAIL' if errs else 'ok  '}  {name} {layout}: {n} lines, {spaced} spread, {mid} mid-line half")
            for e in errs:
                print(f"        {e}")
            errors += bool(errs)
    if tmp:
        tmp.cleanup()
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
