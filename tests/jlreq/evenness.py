#!/usr/bin/env python3
"""How evenly a PDF's lines are set, read back from glyph positions.

Usage: evenness.py PDF...

For each PDF, from `mutool convert -F stext -O inhibit-spaces`: the lines of
Japanese text (glyphs of one font and size on one baseline, split where a
gap of more than 2 em parts two columns), and of those
  spaced    lines where two Japanese letters (kana, kanji) are set more than
            0.10 em apart, beyond their natural spacing (JLREQ 3.8)
  wide-sp   lines with a Latin word space wider than 0.5 em (the space
            glyph narrower than 0.6 em: not an ideographic space)
  mid-half  、。，． set half-width in mid-line: followed on the line by a
            character that is not punctuation, less than 0.95 em after it
  max       the widest letter-spacing seen, em
Prints a Markdown table.
"""
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

PUNCT = set("「『（［｛〔【〈《〘〖｟」』）］｝〕】〉》〙〗｠、。，．・：；？！“”‘’")
MID = set("、。，．")


def japanese_letter(c):
    o = ord(c)
    return (0x3040 <= o <= 0x30ff and c not in "゠・ー") or 0x3400 <= o <= 0x9fff or c in "々〆〇"


def lines_of(pdf):
    for _, _, size, _, gs in placed_lines(pdf):
        yield size, gs


def placed_lines(pdf):
    """(page, font, size, baseline y, glyphs as (x, advance, character))
    for each line, in page order."""
    with tempfile.NamedTemporaryFile(suffix=".xml") as f:
        subprocess.run(["mutool", "convert", "-F", "stext", "-O", "inhibit-spaces", "-o", f.name, pdf],
                       check=True, capture_output=True)
        root = ET.parse(f.name).getroot()
    groups = {}
    for pi, page in enumerate(root.iter("page")):
        for font in page.iter("font"):
            size = float(font.get("size"))
            for ch in font.iter("char"):
                q = [float(v) for v in ch.get("quad").split()]
                g = (float(ch.get("x")), q[2] - q[0], ch.get("c"))
                groups.setdefault((pi, font.get("name"), size, round(float(ch.get("y")), 1)), []).append(g)
    for (pi, name, size, y), gs in sorted(groups.items()):
        gs.sort()
        cur = [gs[0]]
        for g in gs[1:]:
            if g[0] - (cur[-1][0] + cur[-1][1]) > 2 * size:
                yield pi, name, size, y, cur
                cur = []
            cur.append(g)
        yield pi, name, size, y, cur


RUBY_BELOW = 6.0  # pt: text this small is ruby (half of 9-12 pt text)


def measure(pdf):
    n = spaced = wide = mid = 0
    worst = 0.0
    for size, gs in lines_of(pdf):
        if not any(japanese_letter(g[2]) for g in gs):
            continue
        if size < RUBY_BELOW:  # ruby: spread over its base by design (JLREQ 3.3)
            continue
        n += 1
        sp = wd = False
        for k in range(len(gs) - 1):
            (x, adv, c), (x2, _, c2) = gs[k], gs[k + 1]
            gap = (x2 - x - adv) / size
            if japanese_letter(c) and japanese_letter(c2):
                worst = max(worst, gap)
                sp |= gap > 0.10 + 0.005
            if c == " " and k > 0 and adv < 0.6 * size:  # not an ideographic space
                wd |= (x2 - (gs[k - 1][0] + gs[k - 1][1])) / size > 0.5 + 0.005
            if c in MID and c2 not in PUNCT and c2 != " " and (x2 - x) / size < 0.95:
                mid += 1
        spaced += sp
        wide += wd
    return n, spaced, wide, mid, worst


def main():
    print("| PDF | lines | spaced > 0.10 em | word space > 0.5 em | mid-line 、。，． half | widest (em) |")
    print("|---|---:|---:|---:|---:|---:|")
    for pdf in sys.argv[1:]:
        n, s, w, m, worst = measure(pdf)
        print(f"| {pdf} | {n} | {s} | {w} | {m} | {worst:.3f} |")


if __name__ == "__main__":
    main()
