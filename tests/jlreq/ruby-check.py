#!/usr/bin/env python3
"""Ruby (JLREQ 3.3), read back from the PDF.

Usage: ruby-check.py BRIEFING [--keep DIR]

One document of body paragraphs with ruby (group, mono, overhanging kana,
spreading its base, strong, and the same name at every place of a line so
that some base falls where a line would break; and a stress of readings
longer than their bases between kana runs that sweep the line, so that
they land at lines' starts and ends) is built in a4, b5, a5 and
a4-2col, and in a4 with a leading too small for ruby.  The glyphs come back
from `mutool convert -F stext`: body lines are the characters at the text
size on one baseline; ruby glyphs are the smaller characters between body
lines.  Each ruby of the document, in order, is found over its base and
held to:

  text       the glyphs over the base read as its reading
  size       every ruby glyph is half the text size (±0.01 pt)
  centre     the reading's extent is centred on its base's (±0.05 pt)
  overhang   it stands over the characters beside its base by at most half
             a ruby character, and only over kana (else the base is spread)
  edge       no ruby glyph lies outside the measure: at a line's start
             or end a ruby longer than its base is flush with the measure
             (the base moves in instead, the line stays justified);
             the measure's two edges are where most of a column's lines
             start and end, and the document must put overhanging rubies
             at both edges in every layout
  whole      the base is on one line (never broken across lines)
  gap        the ruby is above the em box of the line before; a line is
             one leading below the one before, plus what its ruby needs
             when the gap is too small, and no more
  pdftotext  the PDF's text has each base as written, and each reading
             (without the spaces a spread reading gets) on a line of its own;
             in the content's order (-raw) a line comes before its readings

Exit status 0 when every check passes, 1 otherwise.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

TOL_SIZE = 0.01
TOL_POS = 0.05
ASCENT = 0.88  # the baseline below the em box's top (Noto CJK)


def FILL(n):
    return "".join("一二三四五六七八九十"[i % 10] for i in range(n))


# (paragraph) with ｜base《reading》; RUBIES lists what each paragraph holds.
PARAS = [
    "随筆家の｜寺田寅彦《てらだとらひこ》は物理学者でもあった。｜漢《かん》｜字《じ》は一字ずつ振る。",
    "かなに挟まれた｜東京《とうきょう》はかなに掛かる。",
    "熟語に挟まれた日｜東京《とうきょう》都は親文字を空ける。",
    "一字に長い読みの｜柊《ひいらぎひいらぎ》も組む。",
    "**｜強調《きょうちょう》**の中にも振れる。",
    "".join(FILL(k) + "、｜寺田寅彦《てらだとらひこ》" for k in range(1, 16)) + "。",
]


def EDGE_PARA(shift):
    """Readings longer than their bases between kana, after runs of kana
    whose lengths sweep the line, so that bases fall at lines' starts and
    ends in every measure (the edge check)."""
    kana = "あいうえおかきくけこさしすせそ"
    bases = ["｜柊《ひいらぎ》", "｜東京《とうきょう》", "｜鰯《いわしいわし》"]
    return "".join(kana[(k + shift) % 15] * (1 + (k * 7 + shift) % 11) + bases[k % 3] for k in range(60)) + "かな。"


PARAS += [EDGE_PARA(0), EDGE_PARA(5)]


def rubies_of(text):
    out, i = [], 0
    while True:
        a = text.find("｜", i)
        if a < 0:
            return out
        b = text.index("《", a)
        c = text.index("》", b)
        out.append((text[a + 1:b], text[b + 1:c]))
        i = c + 1


RUBIES = [r for p in PARAS for r in rubies_of(p)]

CASES = [  # name, layout, extra options
    ("a4", "a4", []),
    ("b5", "b5", []),
    ("a5", "a5", []),
    ("a4-2col", "a4-2col", []),
    ("a4-tight", "a4", ["--set", "font.text.leading=12.5pt"]),
]


def is_kana(c):
    o = ord(c)
    return (0x3041 <= o <= 0x309F) or (0x30A0 <= o <= 0x30FF and o != 0x30FB)


class G:
    __slots__ = ("c", "x", "y", "adv", "size", "page")

    def __init__(self, c, x, y, adv, size, page):
        self.c, self.x, self.y, self.adv, self.size, self.page = c, x, y, adv, size, page

    @property
    def end(self):
        return self.x + self.adv


def read_glyphs(xml_path):
    root = ET.parse(xml_path).getroot()
    glyphs, widths = [], []
    for pi, page in enumerate(root.iter("page")):
        widths.append(float(page.get("width")))
        for font in page.iter("font"):
            size = float(font.get("size"))
            for ch in font.iter("char"):
                q = [float(v) for v in ch.get("quad").split()]
                glyphs.append(G(ch.get("c"), float(ch.get("x")), float(ch.get("y")), q[2] - q[0], size, pi))
    return glyphs, widths


def text_size(glyphs):
    """The body text's size: the size of most Mincho characters."""
    count = {}
    for g in glyphs:
        count[g.size] = count.get(g.size, 0) + 1
    return max(count, key=count.get)


def lines_of(glyphs, widths, em):
    """Body lines and, for each, the ruby glyphs just above it, in reading
    order (page, column, baseline)."""
    body = {}
    for g in glyphs:
        if abs(g.size - em) < TOL_SIZE:
            col = int(g.x > widths[g.page] / 2) if two_columns else 0
            body.setdefault((g.page, col, round(g.y, 1)), []).append(g)
    keys = sorted(body)
    lines = []
    for k in keys:
        gs = sorted(body[k], key=lambda g: g.x)
        lines.append({"key": k, "glyphs": gs, "text": "".join(g.c for g in gs), "ruby": []})
    for g in glyphs:
        if g.size > em * 0.9:
            continue
        # The body line it stands over: same page and column, baseline
        # below it by less than 1.5 em.
        col = int(g.x > widths[g.page] / 2) if two_columns else 0
        best = None
        for ln in lines:
            p, c, y = ln["key"]
            if p == g.page and c == col and 0 < y - g.y < 1.5 * em and (best is None or y < best["key"][2]):
                best = ln
        if best is not None:
            best["ruby"].append(g)
    for ln in lines:
        ln["ruby"].sort(key=lambda g: g.x)
    return lines


two_columns = False


def measure_edges(lines):
    """(page, column) -> the measure's left and right edge: where most of
    the column's lines start and end (the lines of a column share them)."""
    starts, ends = {}, {}
    for ln in lines:
        col = ln["key"][1]
        xs, xe = ln["glyphs"][0].x, ln["glyphs"][-1].end
        starts.setdefault(col, {}).setdefault(round(xs, 1), []).append(xs)
        ends.setdefault(col, {}).setdefault(round(xe, 1), []).append(xe)

    def most(d):
        xs = max(d.values(), key=len)
        return sum(xs) / len(xs)

    edge = {c: (most(starts[c]), most(ends[c])) for c in starts}
    return {ln["key"][:2]: edge[ln["key"][1]] for ln in lines}


def check_case(name, xml_path, pdftext, rawtext, leading):
    global two_columns
    two_columns = name.endswith("2col")
    errs = []
    glyphs, widths = read_glyphs(xml_path)
    em = text_size(glyphs)
    rem = em / 2
    lines = lines_of(glyphs, widths, em)
    li, at, rat = 0, 0, 0  # line, place in its text, place in its ruby glyphs
    edges = measure_edges(lines)
    at_edge = {"start": 0, "end": 0}
    ruby_lines = set()
    for base, reading in RUBIES:
        while li < len(lines) and lines[li]["text"].find(base, at) < 0:
            rest = lines[li]["text"][at:]
            nxt = lines[li + 1]["text"] if li + 1 < len(lines) else ""
            for k in range(1, len(base)):
                if rest.endswith(base[:k]) and nxt.startswith(base[k:]):
                    errs.append(f"{name}: whole: the base {base} is broken across lines: "
                                f"…{rest[-k:]} | {nxt[:len(base) - k]}…")
                    return errs
            li, at, rat = li + 1, 0, 0
        if li >= len(lines):
            errs.append(f"{name}: whole: the base {base} is not found whole on any line after the last one")
            return errs
        ln = lines[li]
        i = ln["text"].find(base, at)
        at = i + len(base)
        bg = ln["glyphs"][i:i + len(base)]
        rg = ln["ruby"][rat:rat + len(reading)]
        rat += len(reading)
        ruby_lines.add(li)
        got = "".join(g.c for g in rg)
        if got != reading:
            errs.append(f"{name}: text: over {base} reads {got!r}, not {reading!r}")
            continue
        for g in rg:
            if abs(g.size - rem) > TOL_SIZE:
                errs.append(f"{name}: size: {g.c} over {base} is {g.size:g} pt, not {rem:g} pt")
                break
        x0, x1 = bg[0].x, bg[-1].end
        r0, r1 = rg[0].x, rg[-1].end
        if abs((r0 + r1) / 2 - (x0 + x1) / 2) > TOL_POS:
            errs.append(f"{name}: centre: {reading} is centred at {(r0 + r1) / 2:.2f}, "
                        f"its base {base} at {(x0 + x1) / 2:.2f}")
        left, right = edges[ln["key"][:2]]
        if r0 < left - TOL_POS or r1 > right + TOL_POS:
            errs.append(f"{name}: edge: {reading} over {base} spans {r0:.2f}–{r1:.2f}, outside the measure "
                        f"{left:.2f}–{right:.2f} (line {ln['text'][:10]}…)")
        if r1 - r0 > x1 - x0 + TOL_POS:
            # A ruby longer than its base at a line's edge is flush with
            # the measure there (and the line stays justified).
            for side, here, edge, x in (("start", i == 0 and r0 < left + em / 2, left, r0),
                                        ("end", i + len(base) == len(ln["glyphs"]), right, r1)):
                if not here:
                    continue
                at_edge[side] += 1
                if abs(x - edge) > TOL_POS:
                    errs.append(f"{name}: edge: {reading} over {base} at a line's {side} is {abs(x - edge):.2f} pt "
                                f"from the measure, not flush with it")
        # How far the reading stands over the characters beside its base
        # (a squeezed mark's quad is wider than its place: up to the base).
        prev = ln["glyphs"][i - 1] if i > 0 else None
        nxt = ln["glyphs"][i + len(base)] if i + len(base) < len(ln["glyphs"]) else None
        sides = []
        if prev is not None:
            sides.append(("left", prev, min(prev.end, x0) - r0))
        if nxt is not None:
            sides.append(("right", nxt, r1 - max(nxt.x, x1)))
        for side, nb, over in sides:
            if over <= TOL_POS:
                continue
            if over > rem / 2 + TOL_POS:
                errs.append(f"{name}: overhang: {reading} stands {over:.2f} pt over {nb.c} on the {side} of "
                            f"{base}, more than half a ruby character ({rem / 2:g} pt)")
            elif not is_kana(nb.c):
                errs.append(f"{name}: overhang: {reading} stands over {nb.c} on the {side} of {base}, "
                            f"which is not kana")
    print(f"{name}: overhanging rubies at a line's start: {at_edge['start']}, at its end: {at_edge['end']}")
    for side, count in at_edge.items():
        if not count:
            errs.append(f"{name}: edge: no overhanging ruby at a line's {side}: the document no longer tests it")
    # The line gap: every pair of lines one after the other in a column.
    for k in range(1, len(lines)):
        (p0, c0, y0), (p1, c1, y1) = lines[k - 1]["key"], lines[k]["key"]
        if (p0, c0) != (p1, c1):
            continue
        need = max(0.0, rem - (leading - em)) if lines[k]["ruby"] else 0.0
        pitch = y1 - y0
        if pitch > 2 * leading + need:
            continue  # not the same block
        if abs(pitch - (leading + need)) > TOL_POS:
            errs.append(f"{name}: gap: line {k + 1} ({lines[k]['text'][:8]}…) is {pitch:.2f} pt below the one "
                        f"before, not {leading + need:.2f}")
        for g in lines[k]["ruby"]:
            top = g.y - ASCENT * g.size
            if top < y0 + (1 - ASCENT) * em - TOL_POS:
                errs.append(f"{name}: gap: ruby {g.c} reaches {y0 + (1 - ASCENT) * em - top:.2f} pt into the "
                            f"line above")
                break
    flat = pdftext.replace(" ", "")
    text_lines = [t.replace(" ", "") for t in pdftext.split("\n")]
    for base, reading in RUBIES:
        if base not in pdftext:
            errs.append(f"{name}: pdftotext: the base {base} is not in the PDF's text as written")
        if not any(reading in t and not any(c in t for c in base) for t in text_lines):
            errs.append(f"{name}: pdftotext: the reading {reading} is not on a line apart from the text")
    if "寺田寅彦" not in flat:
        errs.append(f"{name}: pdftotext: 寺田寅彦 is not found")
    # In the content's order (-raw), a line's text comes before its
    # readings: copied text reads as the sentence, then what was over it.
    first = PARAS[0][:PARAS[0].index("｜")]
    a, b = rawtext.find(first + RUBIES[0][0]), rawtext.find(RUBIES[0][1])
    if a < 0 or b < 0 or b < a:
        errs.append(f"{name}: pdftotext -raw: {first + RUBIES[0][0]} (at {a}) does not come before its reading "
                    f"(at {b})")
    return errs


def layout_leading(layout, extra):
    """font.text.leading of the layout (every layout names it), or as --set."""
    value = None
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "layouts", layout + ".layout")
    with open(path, encoding="utf-8") as f:
        for line in f:
            k, _, v = line.partition("=")
            if k.strip() == "font.text.leading":
                value = v.strip()
    for i, a in enumerate(extra):
        if a == "--set" and extra[i + 1].startswith("font.text.leading="):
            value = extra[i + 1].split("=", 1)[1]
    return float(value.removesuffix("pt"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("briefing")
    ap.add_argument("--keep")
    args = ap.parse_args()
    work = args.keep or tempfile.mkdtemp(prefix="bf-ruby-")
    os.makedirs(work, exist_ok=True)
    doc = {"format": "briefing/1", "title": "ルビ", "edition": {"date": "2025-02-21"},
           "chapters": [{"title": "試験", "body": PARAS}]}
    src = os.path.join(work, "ruby.json")
    with open(src, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    errs = []
    try:
        for name, layout, extra in CASES:
            pdf, xml, dump = (os.path.join(work, f"{name}.{e}") for e in ("pdf", "xml", "dump"))
            r = subprocess.run([args.briefing, "build", src, "-q", "-f", "-l", layout, "-o", pdf, "--dump", dump]
                               + extra, capture_output=True, text=True)
            if r.returncode != 0 or r.stderr:
                errs.append(f"{name}: build: exit {r.returncode}: {r.stderr.strip()}")
                continue
            subprocess.run(["mutool", "convert", "-F", "stext", "-O", "inhibit-spaces", "-o", xml, pdf],
                           check=True, capture_output=True)
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], check=True, capture_output=True,
                                  text=True).stdout
            raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], check=True, capture_output=True,
                                 text=True).stdout
            leading = layout_leading(layout, extra)
            e = check_case(name, xml, text, raw, leading)
            errs += e
            print(f"{name}: {len(RUBIES)} rubies, {'ok' if not e else f'{len(e)} failed'}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    for e in errs:
        print("FAIL " + e)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
