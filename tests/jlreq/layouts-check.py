#!/usr/bin/env python3
"""The line-breaking targets on whole documents, in every layout.

Usage: layouts-check.py BRIEFING SOURCE_DIR [--keep DIR]

Builds the sample, the feature tour and a public-domain essay
(bench/texts/terada.json), and a stress document of Latin words between
spaces in Japanese (SPACES) in a4, b5, a5 and a4-2col and reads the glyph
positions back (evenness.py).  Each PDF is held to:

  no line of Japanese text starts with an ASCII space (a break at a space
  drops it);
  a chapter heading that turns over breaks between phrases (never inside
  a word or between a number and its counter) and its second line starts
  where the title does, not at 第;
  at most LIMITS' number of lines with two Japanese letters spread more than
  0.10 em apart, and of mid-line 、。，． set half-width; a limit above zero
  says why no set of breaks avoids it.
"""
import argparse
import json
import re
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
    # Two chapter headings (ragged, set first fit) stay on one line by
    # setting their 、 half-width.
    ("spaces", "a5"): (0, 2),
}


# Chapter headings that turn over in the narrower layouts, with numbers and
# counters, katakana and kanji words near where they turn.
HEADINGS = ["原油先物が3週ぶりに上昇、中東の供給懸念が再燃", "米中の通商協議は5月に再開へ、関税の引き下げが焦点",
            "ウクライナ停戦協議とヨーロッパの安全保障体制の行方", "日本銀行が追加利上げを決定、長期金利は1.5%台に上昇"]


def space_starts(pdf):
    out = []
    for size, gs in E.lines_of(pdf):
        if gs[0][2] == " " and gs[0][1] < 0.6 * size and any(E.japanese_letter(g[2]) for g in gs):
            out.append("".join(g[2] for g in gs)[:30])
    return out


def kind(c):
    o = ord(c)
    if c.isdigit():
        return "digit"
    if 0x30a0 <= o <= 0x30ff:
        return "katakana"
    if 0x3040 <= o <= 0x309f:
        return "hiragana"
    if 0x3400 <= o <= 0x9fff or c in "々〆":
        return "kanji"
    return "other"


# Breaks inside a word: between a number and its counter, inside a run of
# katakana or kanji, before okurigana.
WORD_INSIDE = {("digit", "kanji"), ("digit", "digit"), ("katakana", "katakana"), ("kanji", "kanji"),
               ("kanji", "hiragana"), ("katakana", "hiragana")}


def heading_errors(pdf):
    """A chapter heading that turns over breaks between phrases, and its
    second line starts where the title does on the first, not at 第."""
    lines = list(E.placed_lines(pdf))
    errs = []
    for k, (pi, font, size, y, gs) in enumerate(lines):
        t = "".join(g[2] for g in gs)
        if not re.match(r"第[0-9０-９]+章[ 　]", t) or k + 1 >= len(lines):
            continue
        p2, f2, s2, y2, gs2 = lines[k + 1]
        if (p2, f2, s2) != (pi, font, size) or not 0 < y2 - y < 2 * size or abs(gs2[0][0] - gs[0][0]) > 5 * size:
            continue  # one line
        i = next(i for i, g in enumerate(gs) if i > 2 and g[2] not in " 　")
        if abs(gs2[0][0] - gs[i][0]) > 0.05:
            errs.append(f"heading {t!r}: its second line starts {gs2[0][0] - gs[i][0]:+.2f} pt from the title")
        pair = (kind(gs[-1][2]), kind(gs2[0][2]))
        if pair in WORD_INSIDE:
            errs.append(f"heading {t!r} | {''.join(g[2] for g in gs2)!r} breaks inside a word ({pair[0]}|{pair[1]})")
    return errs


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
                               "chapters": [{"number": i + 1, "title": h, "body": SPACES[i::len(HEADINGS)]}
                                            for i, h in enumerate(HEADINGS)]}, f, ensure_ascii=False)
            r = subprocess.run([args.briefing, "build", src, "-l", layout, "-q",
                                "-f", "-o", pdf], capture_output=True, text=True)
            if r.returncode != 0:
                print(f"FAIL  {name} {layout}: build failed: {r.stderr.strip()}")
                errors += 1
                continue
            n, spaced, _, mid, worst = E.measure(pdf)
            lim = LIMITS.get((name, layout), (0, 0))
            errs = [f"line starts with a space: {t!r}" for t in space_starts(pdf)] + heading_errors(pdf)
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
