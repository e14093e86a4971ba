#!/usr/bin/env python3
"""Which characters of a test text come out of the PDF without a real glyph.

Usage: check-chars.py BRIEFING TEXT [--layout NAME] [--grayscale]
                      [--set KEY=VALUE]... [--report] [--expect-lost N]
                      [--fonts NAME,...] [--keep PDF] [--no-titles]

Builds the text as a briefing (make-doc.py: each sample as a body
paragraph in mincho, a key point in gothic and a chapter title in gothic
bold) and reads the PDF back:

  - drawn: `mutool trace` lists every glyph shown with the code points the
    font's ToUnicode gives it.  A character is drawn when it is one of a
    glyph's code points and the glyph is not .notdef: not glyph 0, and not
    a glyph whose outline is glyph 0's in the embedded font (`mutool
    extract`, fontTools), which is how a character no font has is set.
    Default-ignorable characters (ZWJ, variation selectors) have no glyph
    of their own and are only held to the next check.
  - one design a word: each Latin, Greek or Cyrillic word with a letter
    beyond ASCII is shown in one font (trace's spans), never letter by
    letter from two.
  - variants: the variation sequences of one base character in the text
    (葛󠄀 and 葛󠄁) are drawn with different glyphs.
  - emoji presentation: a character followed by U+FE0F (⚠️) is drawn in
    an emoji font (the colour one's Type 3 font of images, or Symbola),
    not in the text form of Noto CJK.
  - extracted: `pdftotext` (which reads ActualText) gives every character
    of the text, in order, white space aside.

Prints one line per distinct character lost (code point, name, what is
wrong) and the count.  Every character but the default-ignorable ones must
be in the text, drawn or not (a character no font has keeps its place in
the text).  Fails when the count is not --expect-lost (default
0), unless --report.  With --grayscale the PDF must have no colour
operators.  --fonts: each font named (PostScript name) must be embedded (pdffonts).
"""
import io
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

here = os.path.dirname(os.path.abspath(__file__))


def ignorable(ch):
    cp = ord(ch)
    return (cp in (0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0x034F) or 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF
            or 0xE0020 <= cp <= 0xE007F)


def arabic_forms(s):
    """Arabic presentation forms (what cairo's ToUnicode gives a joined
    glyph) as the letters they are (NFKC); bidi embedding marks that
    pdftotext adds around right-to-left text dropped."""
    s = re.sub("[\u202a-\u202e]", "", s)
    return re.sub("[\ufb50-\ufdff\ufe70-\ufeff]+", lambda m: unicodedata.normalize("NFKC", m.group(0)), s)


def unmarked(s):
    return "".join(ch for ch in s if not unicodedata.category(ch).startswith("M"))


def name(ch):
    return unicodedata.name(ch, "?")


def samples(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]


def notdef_copies(pdf, d):
    """{font name: glyph ids drawn as the font's .notdef}: cairo embeds a
    glyph 0 that is shown as a glyph of its own (the box a character no
    font has is set as), so its id is not 0; its outline is glyph 0's."""
    from fontTools.cffLib import CFFFontSet
    from fontTools.ttLib import TTFont

    out = os.path.join(d, "fonts")
    os.mkdir(out)
    subprocess.run(["mutool", "extract", os.path.abspath(pdf)], cwd=out, capture_output=True, check=True)
    objs = subprocess.run(["mutool", "show", pdf, "grep"], capture_output=True, check=True).stdout.decode("latin-1")
    names = {}
    for line in objs.splitlines():
        # mutool extract names each font file by its font descriptor
        m, f = re.search(r"/FontName\s*/(\S+?)[\s/>]", line), re.match(r"(\d+) 0 obj", line)
        if m and f and "/FontFile" in line:
            names[int(f.group(1))] = m.group(1)
    copies = {}
    for fn in os.listdir(out):
        m = re.match(r"font-(\d+)\.", fn)
        if not m or int(m.group(1)) not in names:
            continue
        path, same = os.path.join(out, fn), set()
        try:
            if fn.endswith((".ttf", ".otf")):
                font = TTFont(path)
                order = font.getGlyphOrder()
                glyf = font["glyf"]
                zero = glyf[order[0]].compile(glyf)
                same = {i for i, g in enumerate(order) if i and glyf[g].compile(glyf) == zero}
            else:
                cff = CFFFontSet()
                with open(path, "rb") as f:
                    cff.decompile(io.BytesIO(f.read()), None)
                top = cff[cff.fontNames[0]]
                order = top.getGlyphOrder()
                cs = top.CharStrings

                def prog(g):
                    c = cs[g]
                    c.decompile()
                    return [x for x in c.program if x != "endchar"][-40:] + [len(c.program)]
                zero = prog(order[0])
                same = {i for i, g in enumerate(order) if i and prog(g) == zero}
        except Exception as e:  # a font fontTools cannot read: say so
            sys.exit(f"check-chars: cannot read {fn} ({names[int(m.group(1))]}): {e}")
        copies.setdefault(names[int(m.group(1))], set()).update(same)
    return copies


TYPE3 = "Unnamed-T3"  # what mutool calls a Type 3 font without a name


def type3_text(pdf):
    """The characters of every glyph of the Type 3 fonts (the colour
    emoji's, each glyph a bitmap's box filled with its image), from their
    ToUnicode: cairo puts in a font only the glyphs shown.  mutool 1.21
    reads a glyph of more than one code point (👍🏽, 🇯🇵, a ZWJ sequence)
    as broken UTF-16 or not at all, so trace cannot say these."""
    with tempfile.TemporaryDirectory() as d:
        q = os.path.join(d, "q.pdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, q], check=False)
        data = open(q, "rb").read().decode("latin-1")
    objs = {int(m.group(1)): m.group(2) for m in re.finditer(r"(?m)^(\d+) 0 obj\n(.*?)^endobj", data, re.S)}
    chars = set()
    for body in objs.values():
        m = re.search(r"/ToUnicode (\d+) 0 R", body)
        if "/Subtype /Type3" not in body or not m:
            continue
        cmap = objs.get(int(m.group(1)), "")
        for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
            for _, hexs in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
                chars |= set(bytes.fromhex(hexs).decode("utf-16-be"))
    return chars
EMOJI_FONTS = ("Symbola", TYPE3)


def drawn_chars(pdf, copies):
    """Code points of glyphs shown (not .notdef), from mutool trace, and
    the text shown with the font of each of its characters."""
    out = subprocess.run(["mutool", "trace", pdf], capture_output=True, check=True).stdout
    drawn = set()
    shown, fonts, gids = [], [], []
    real = False
    font, gid = "", 0
    for m in re.finditer(rb'<span font="([^"]*)"|<g unicode="([^"]*)"( glyph="(-?\d+)")?', out):
        if m.group(1) is not None:
            font = m.group(1).decode()
            continue
        m = re.match(rb'<g unicode="([^"]*)"( glyph="(-?\d+)")?', m.group(0))
        u = m.group(1).decode("utf-8", "replace")
        u = re.sub(r"&#x([0-9a-fA-F]+);", lambda x: chr(int(x.group(1), 16)), u)
        u = u.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
        if m.group(2):
            gid = int(m.group(3))
            # A Type 3 font (the colour emoji's, which cairo writes with no
            # name) has no .notdef: its codes start at 0.
            real = (gid > 0 or font == TYPE3) and gid not in copies.get(font, ())
        if real:
            drawn.update(arabic_forms(u))
        for ch in u:
            shown.append(ch)
            fonts.append(font.split("+")[-1])
            gids.append((font, gid))
    return drawn, "".join(shown), fonts, gids


def variants_alike(lines, shown, gids):
    """Variation sequences (葛󠄀 U+845B U+E0100) of one base character that
    were drawn with the same glyph: each sequence must select its own."""
    seen = {}
    for line in lines:
        plain = "".join(ch for ch in line if not ignorable(ch))
        at = shown.find(plain)
        if at < 0:
            continue
        k = at
        for i, ch in enumerate(line):
            if ignorable(ch):
                continue
            vs = line[i + 1] if i + 1 < len(line) and 0xE0100 <= ord(line[i + 1]) <= 0xE01EF else None
            if vs:
                seen.setdefault(ch, {})[vs] = gids[k]
            k += 1
    bad = []
    for base, by_vs in sorted(seen.items()):
        if len(set(by_vs.values())) < len(by_vs):
            bad.append(base + " " + " ".join(f"U+{ord(v):04X}" for v in sorted(by_vs)))
    return bad


def shared_glyphs(missed, drawn, fonts_used):
    """The characters of `missed` that a font used maps to the same glyph
    as a character drawn with it: cairo's ToUnicode names one character a
    glyph (～ U+FF5E and 〜 U+301C are one glyph in Noto CJK JP), and
    ActualText the other."""
    from fontTools.ttLib import TTFont

    found = set()
    fonts_dir = os.path.join(here, "..", "..", "fonts")
    for name in sorted({f.split("+")[-1] for f in fonts_used}):
        for ext in (".otf", ".ttf"):
            path = os.path.join(fonts_dir, name + ext)
            if os.path.exists(path):
                cmap = TTFont(path, lazy=True).getBestCmap()
                glyphs = {cmap[ord(d)] for d in drawn if ord(d) in cmap}
                found |= {ch for ch in missed if cmap.get(ord(ch)) in glyphs}
    return found


def mixed_words(lines, shown, fonts):
    """Latin, Greek and Cyrillic words of the text (with a letter beyond
    ASCII) whose letters were shown in more than one font."""
    bad = []
    for line in lines:
        for w in re.findall(r"[^\W\d_]+", line):
            if all(ord(ch) < 0x80 for ch in w) or not all(ord(ch) < 0x530 or 0x1E00 <= ord(ch) < 0x2000 for ch in w):
                continue
            for m in re.finditer(re.escape(w), shown):
                used = set(fonts[m.start():m.end()])
                if len(used) > 1:
                    bad.append(f"{w} in {', '.join(sorted(used))}")
    return bad


def colour_ops(pdf):
    """Colour in the file (after qpdf --qdf): colour-setting operators with
    unequal components (rg RG, and sc scn SC SCN with three), any CMYK
    (k K), and images in DeviceRGB (what cairo makes of a colour emoji)."""
    with tempfile.TemporaryDirectory() as d:
        q = os.path.join(d, "q.pdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, q], check=False)
        data = open(q, "rb").read()
    found = set()
    for m in re.finditer(rb"(?<![A-Za-z])(?:[\d.]+\s+){3}(rg|RG)\b", data):
        nums = m.group(0).split()[:3]
        if len(set(nums)) > 1:
            found.add(m.group(0).decode())
    for m in re.finditer(rb"(?<![A-Za-z\d.])(?:[\d.]+\s+){3}(sc|scn|SC|SCN)\b", data):
        nums = m.group(0).split()[:3]
        if len(set(nums)) > 1:
            found.add(m.group(0).decode())
    for m in re.finditer(rb"(?<![A-Za-z])(?:[\d.]+\s+){4}(k|K)\b", data):
        found.add(m.group(0).decode())
    for m in re.finditer(rb"/Subtype\s*/Image\b[^>]*?/ColorSpace\s*/DeviceRGB|/ColorSpace\s*/DeviceRGB[^>]*?/Subtype\s*/Image\b",
                         data):
        found.add("an image in DeviceRGB")
    return found


def main():
    args = sys.argv[1:]
    binary, text = args[0], args[1]
    opts, report, expect, fonts, keep, doc_opts = [], False, 0, [], None, []
    i = 2
    while i < len(args):
        a = args[i]
        if a in ("--layout", "--set"):
            opts += ["-l" if a == "--layout" else "--set", args[i + 1]]
            i += 2
            continue
        if a == "--grayscale":
            opts.append(a)
        elif a == "--no-titles":
            doc_opts.append(a)
        elif a == "--report":
            report = True
        elif a == "--expect-lost":
            expect = int(args[i + 1])
            i += 1
        elif a == "--fonts":
            fonts = [f for f in args[i + 1].split(",") if f]
            i += 1
        elif a == "--keep":
            keep = args[i + 1]
            i += 1
        else:
            sys.exit(f"check-chars: unknown option {a}")
        i += 1
    lines = samples(text)
    failures = []
    with tempfile.TemporaryDirectory() as d:
        doc, pdf = os.path.join(d, "chars.json"), keep or os.path.join(d, "chars.pdf")
        subprocess.run([sys.executable, os.path.join(here, "make-doc.py"), text, doc] + doc_opts, check=True)
        r = subprocess.run([binary, "build", doc, "-q", "-f", "-o", pdf] + opts, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"check-chars: build failed ({r.returncode}):\n{r.stderr}")
        drawn, shown, shown_fonts, gids = drawn_chars(pdf, notdef_copies(pdf, d))
        drawn |= type3_text(pdf)
        for v in variants_alike(lines, shown, gids):
            failures.append(f"variation sequences drawn with one glyph: {v}")
        missed = {ch for l in lines for ch in l if ch not in drawn and not ch.isspace() and not ignorable(ch)}
        drawn |= shared_glyphs(missed, drawn, set(shown_fonts))
        # Emoji presentation (⚠️ U+26A0 U+FE0F): an emoji font's glyph
        # (the colour one's, drawn as an image in a Type 3 glyph), though
        # Noto CJK has a text form.
        for i in range(len(shown) - 1):
            if shown[i + 1] == "\ufe0f" and shown[i] != "\ufe0f" and shown_fonts[i] not in EMOJI_FONTS:
                failures.append(f"U+{ord(shown[i]):04X} U+FE0F drawn in {shown_fonts[i]}, not the emoji font")
        for w in sorted(set(mixed_words(lines, shown, shown_fonts))):
            failures.append(f"a word set in two designs: {w}")
        got = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                             check=True).stdout.decode("utf-8")
        got_nows = re.sub(r"\s+", "", arabic_forms(got))
        lost = {}
        got_unmarked = unmarked(got_nows)
        for line in lines:
            for ch in line:
                if ch.isspace():
                    continue
                if not ignorable(ch) and ch not in drawn:
                    lost.setdefault(ch, set()).add("no real glyph")
                if ch not in got_nows:
                    lost.setdefault(ch, set()).add("not in the text")
            # pdftotext moves a combining mark to the glyph it is drawn
            # over, so marks are held to presence only, not to order
            if unmarked("".join(ch for ch in line if not ch.isspace() and ch not in lost)) not in got_unmarked:
                failures.append(f"the text does not hold {line!r} in order")
        for ch in sorted(lost):
            print(f"lost U+{ord(ch):04X} {name(ch)}: {', '.join(sorted(lost[ch]))}")
        print(f"{len(lost)} distinct characters lost")
        gone = [f"U+{ord(ch):04X}" for ch in sorted(lost) if "not in the text" in lost[ch] and not ignorable(ch)]
        if gone:
            failures.append(f"not in the PDF's text, glyph or none: {' '.join(gone)}")
        if len(lost) != expect:
            failures.append(f"{len(lost)} characters lost, expected {expect}")
        if "--grayscale" in opts:
            ops = colour_ops(pdf)
            if ops:
                failures.append(f"colour in the grayscale PDF: {sorted(ops)[:5]}")
        if fonts:
            pf = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
            names = set(re.findall(r"^[A-Z]{6}\+(\S+)", pf, re.M))
            for fam in fonts:
                if fam not in names:
                    failures.append(f"pdffonts shows no {fam} (embedded: {' '.join(sorted(names))})")
    if report:
        return 0
    for f in failures:
        print(f"FAIL: {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
