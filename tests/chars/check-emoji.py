#!/usr/bin/env python3
"""check-emoji.py BRIEFING: the colour emoji read back from the PDF.

Builds a document with a line of emoji of emoji presentation (✅ 💡 📈 ⚠️
☎️ 👍🏽 🇯🇵 👨‍👩‍👧‍👦 #️⃣ 🥲 🫠) in colour and with --grayscale, and one of
200 copies of ✅, and checks:

  - text: pdftotext gives the line exactly, joiners and selectors
    included, and the 200 copies as 200 ✅;
  - images: each emoji's image is at least 100 pixels wide (the font's
    strike, not cairo's 72 dpi copy), and 200 copies of ✅ embed one image
    (with its soft mask: two image objects), so a document does not grow
    with its emoji;
  - pixels: rendered (pdftoppm), each emoji's area is not blank, the
    emoji have colour in the colour PDF, and none in the grayscale one;
  - grayscale: the PDF has no colour operator and no DeviceRGB image;
  - the same input gives the same bytes twice;
  - right to left: in Hebrew and Arabic paragraphs (set through Pango's
    itemizer) the same emoji are the colour font's, one glyph each (👍🏽
    and 👨‍👩‍👧‍👦 whole), with no Symbola in the PDF.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from importlib import import_module

from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

LINE = "✅ 💡 📈 ⚠️ ☎️ 👍🏽 🇯🇵 👨‍👩‍👧‍👦 #️⃣ 🥲 🫠"
RTL = ["שלום ✅ 👍🏽 🇯🇵 עולם", "مرحبا 💡 ⚠️ 👨‍👩‍👧‍👦 عالم"]
RTL_EMOJI = 6


def build(binary, d, name, body, *opts):
    doc = {"format": "briefing/1", "title": "絵文字", "edition": {"date": "2025-02-21"},
           "chapters": [{"title": "絵文字", "body": body}]}
    src, pdf = os.path.join(d, name + ".json"), os.path.join(d, name + ".pdf")
    with open(src, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    r = subprocess.run([binary, "build", src, "-q", "-f", "-o", pdf, *opts], capture_output=True, text=True)
    if r.returncode != 0 or r.stderr:
        sys.exit(f"check-emoji: build {name} failed ({r.returncode}):\n{r.stderr}")
    return pdf


def qdf(pdf):
    with tempfile.TemporaryDirectory() as d:
        q = os.path.join(d, "q.pdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, q], check=False)
        return open(q, "rb").read().decode("latin-1")


def images(pdf):
    """(width, colour space) of every image object."""
    data = qdf(pdf)
    out = []
    for body in re.findall(r"(?ms)^\d+ 0 obj\n(.*?)^endobj", data):
        if re.search(r"/Subtype /Image\b", body):
            w = re.search(r"/Width (\d+)", body)
            cs = re.search(r"/ColorSpace /(\w+)", body)
            out.append((int(w.group(1)) if w else 0, cs.group(1) if cs else "?"))
    return out


def text(pdf):
    return subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, check=True).stdout.decode()


def emoji_boxes(pdf):
    """Where the Type 3 glyphs (the emoji) are on page 1: (x0, y0, x1, y1) in points."""
    out = subprocess.run(["mutool", "trace", pdf, "1"], capture_output=True, check=True).stdout.decode("utf-8",
                                                                                                     "replace")
    boxes = []
    for span in re.finditer(r'<span font="Unnamed-T3"[^>]*trm="([\d.]+) [^"]*">(.*?)</span>', out, re.S):
        size = float(span.group(1))
        for g in re.finditer(r'<g [^>]*glyph="\d+" x="([\d.]+)" y="([\d.]+)"', span.group(2)):
            x, y = float(g.group(1)), float(g.group(2))
            boxes.append((x, y - 0.9 * size, x + 1.2 * size, y + 0.2 * size))
    return boxes


def pixels(pdf, d, boxes, dpi=110):
    """Per box: (colour pixels, dark pixels) of page 1 rendered."""
    stem = os.path.join(d, "page")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", "-singlefile", pdf, stem], check=True)
    img = Image.open(stem + ".png").convert("RGB")
    s = dpi / 72
    out = []
    for x0, y0, x1, y1 in boxes:
        colour = dark = 0
        for y in range(int(y0 * s), int(y1 * s)):
            for x in range(int(x0 * s), int(x1 * s)):
                r, g, b = img.getpixel((x, y))
                colour += max(r, g, b) - min(r, g, b) > 40
                dark += (r + g + b) / 3 < 200
        out.append((colour, dark))
    return out


def main():
    binary = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory() as d:
        colour = build(binary, d, "colour", [LINE])
        gray = build(binary, d, "gray", [LINE], "--grayscale")
        many = build(binary, d, "many", [" ".join(["✅"] * 200)])
        again = build(binary, d, "again", [LINE])
        if open(colour, "rb").read() != open(again, "rb").read():
            failures.append("two builds of the same input differ")

        for name, pdf in (("colour", colour), ("grayscale", gray)):
            got = re.sub(r"\s+", " ", text(pdf))
            if LINE not in got:
                failures.append(f"{name}: the text does not hold {LINE!r} exactly: {got!r}")
        n = text(many).count("✅")
        if n != 200:
            failures.append(f"200 copies of ✅: the text has {n}")

        for name, pdf in (("colour", colour), ("grayscale", gray)):
            imgs = images(pdf)
            narrow = [w for w, _ in imgs if w < 100]
            if not imgs or narrow:
                failures.append(f"{name}: emoji images {imgs}: each must be at least 100 pixels wide")
        imgs = images(many)
        if len(imgs) != 2:
            failures.append(f"200 copies of ✅ embed {len(imgs)} image objects, not one image and its mask")

        boxes = emoji_boxes(colour)
        if len(boxes) != len(LINE.split()):
            failures.append(f"{len(boxes)} emoji glyphs drawn on page 1, not {len(LINE.split())}")
        seen = pixels(colour, d, boxes)
        for i, (c, k) in enumerate(seen):
            if c + k < 20:  # the family of Noto is gray figures: dark, not coloured
                failures.append(f"colour: emoji {i + 1} ({LINE.split()[i]}) is blank")
        if sum(c for c, _ in seen) < 20 * len(seen):
            failures.append(f"colour: the emoji have {sum(c for c, _ in seen)} colour pixels in all")
        for i, (c, k) in enumerate(pixels(gray, d, emoji_boxes(gray))):
            if c > 0 or k < 10:
                failures.append(f"grayscale: emoji {i + 1} ({LINE.split()[i]}): {c} colour pixels, {k} dark ones")

        rtl = build(binary, d, "rtl", RTL)
        boxes = emoji_boxes(rtl)
        if len(boxes) != RTL_EMOJI:
            failures.append(f"right to left: {len(boxes)} colour emoji glyphs, not {RTL_EMOJI}")
        fonts = subprocess.run(["pdffonts", rtl], capture_output=True, text=True).stdout
        if "Symbola" in fonts:
            failures.append("right to left: emoji set in Symbola, not in the colour font")
        seen = pixels(rtl, d, boxes)
        blank = [i + 1 for i, (c, k) in enumerate(seen) if c + k < 20]
        if blank or sum(c for c, _ in seen) < 20 * len(seen):
            failures.append(f"right to left: emoji {blank} blank, {sum(c for c, _ in seen)} colour pixels in all")

        colour_ops = import_module("check-chars").colour_ops
        ops = colour_ops(gray)
        if ops:
            failures.append(f"grayscale: colour in the PDF: {sorted(ops)}")
        if not colour_ops(colour):
            failures.append("colour: no colour found in the colour PDF (the check would see none)")
    for f in failures:
        print("FAIL:", f)
    print(f"check-emoji: {len(failures)} failures")
    sys.exit(1 if failures else 0)


main()
