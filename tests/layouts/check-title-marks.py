#!/usr/bin/python3
"""marking.style = stamp (and the layout's logo, when given LOGO cases).

The stamp: with marking.style = stamp, every page of the feature tour (its
marking 社外秘) has a red framed box in the room above the running header,
on the right (the left of even pages in duplex), holding 社外秘 as text;
in grayscale the box is there without a coloured pixel; it is drawn
outside every structure element (the tag tree holds 社外秘 once, the
title block's, as without the stamp); a document without a marking gets
no stamp; a bad value is refused with its message.  Pixels come from
pdftoppm -r 80 renders of the PDF, text from pdftotext -x -y -W -H.

    check-title-marks.py BRIEFING EXAMPLES-DIR WORK-DIR
"""
import os
import re
import shutil
import subprocess
import sys

from PIL import Image

binary, examples, work = sys.argv[1:4]
failures = []
env = dict(os.environ, LC_ALL="C.UTF-8")
DPI = 80


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def build(args, name):
    pdf = os.path.join(work, name + ".pdf")
    r = subprocess.run([binary, "build", "-f", "-q", "-o", pdf] + args, cwd=work, env=env,
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"{name}: exit {r.returncode}: {r.stderr}")
        return None
    return pdf


def pages_of(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def render(pdf, tag):
    folder = os.path.join(work, "png-" + tag)
    os.makedirs(folder)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", pdf, os.path.join(folder, "p")], check=True)
    return [Image.open(os.path.join(folder, f)).convert("RGB") for f in sorted(os.listdir(folder))]


def box_of(img, test, top_fraction=0.12):
    """The bounding box of the pixels in the top of the page that pass `test`."""
    w, h = img.size
    px = img.load()
    xs, ys = [], []
    for y in range(int(h * top_fraction)):
        for x in range(w):
            if test(px[x, y]):
                xs.append(x)
                ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def red(p):
    return p[0] > 150 and p[1] < 90 and p[2] < 90


def colored(p):
    return max(p) - min(p) > 24


def dark(p):
    return max(p) < 140


def text_in(pdf, page, box_px):
    """pdftotext of the region box_px (pixels at DPI) of a page."""
    x0, y0, x1, y1 = (v * 72 / DPI for v in box_px)
    r = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-x", str(int(x0) - 2), "-y",
                        str(int(y0) - 2), "-W", str(int(x1 - x0) + 4), "-H", str(int(y1 - y0) + 4), pdf, "-"],
                       capture_output=True, text=True)
    return r.stdout.strip()


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
shutil.copy(os.path.join(examples, "feature-tour.json"), work)
shutil.copy(os.path.join(examples, "ukraine-ceasefire.json"), work)
shutil.copytree(os.path.join(examples, "images"), os.path.join(work, "images"))

# ---- the stamp -------------------------------------------------------------------
for layout in ("a4", "a5", "a4-2col"):
    for duplex in (False, True):
        tag = f"stamp-{layout}" + ("-duplex" if duplex else "")
        pdf = build(["feature-tour.json", "-l", layout, "--set", "marking.style=stamp"] +
                    (["--duplex"] if duplex else []), tag)
        if not pdf:
            continue
        imgs = render(pdf, tag)
        if len(imgs) != pages_of(pdf):
            fail(f"{tag}: {len(imgs)} renders for {pages_of(pdf)} pages")
        for n, img in enumerate(imgs, 1):
            w, h = img.size
            box = box_of(img, red)
            if not box:
                fail(f"{tag} page {n}: no red stamp at the top")
                continue
            x0, y0, x1, y1 = box
            left = duplex and n % 2 == 0
            if (left and x1 > w / 2) or (not left and x0 < w / 2):
                fail(f"{tag} page {n}: the stamp {box} is not on the {'left' if left else 'right'}")
            if y0 < 1 or x1 - x0 < 12 or y1 - y0 < 8:
                fail(f"{tag} page {n}: the stamp {box} is cut off or too small")
            # The frame: red pixels on all four sides of the box.
            px = img.load()
            mid_x, mid_y = (x0 + x1) // 2, (y0 + y1) // 2
            if not (red(px[x0, mid_y]) and red(px[x1, mid_y]) and red(px[mid_x, y0]) and red(px[mid_x, y1])):
                fail(f"{tag} page {n}: the stamp {box} is not framed")
            # Above the running header: nothing dark between the stamp and the page's top edge.
            if box_of(img.crop((x0, 0, x1 + 1, y0)), dark, 1.0):
                fail(f"{tag} page {n}: something dark above the stamp")
            said = text_in(pdf, n, box)
            if said != "社外秘":
                fail(f"{tag} page {n}: the stamp's text is {said!r}, not 社外秘")

# grayscale: the box is there where the colour one is, without colour
pdf = build(["feature-tour.json", "--grayscale", "--set", "marking.style=stamp"], "stamp-gray")
if pdf:
    colour = render(os.path.join(work, "stamp-a4.pdf"), "stamp-a4-again")
    for n, img in enumerate(render(pdf, "stamp-gray"), 1):
        box = box_of(colour[n - 1], red)
        if not box:
            continue  # said above
        x0, y0, x1, y1 = box
        region = img.crop((x0 - 2, 0, x1 + 3, y1 + 3))
        if box_of(region, colored, 1.0):
            fail(f"stamp-gray page {n}: a coloured pixel in the stamp")
        px = img.load()
        mid_x, mid_y = (x0 + x1) // 2, (y0 + y1) // 2
        if not (dark(px[x0, mid_y]) and dark(px[x1, mid_y]) and dark(px[mid_x, y0]) and dark(px[mid_x, y1])):
            fail(f"stamp-gray page {n}: no gray frame at {box}")
        if text_in(pdf, n, box) != "社外秘":
            fail(f"stamp-gray page {n}: the stamp's text is {text_in(pdf, n, box)!r}")

# footer (the default) and a document without a marking: no stamp
for tag, args in (("footer", ["feature-tour.json", "--set", "marking.style=footer"]),
                  ("no-marking", ["ukraine-ceasefire.json", "--set", "marking.style=stamp"])):
    pdf = build(args, tag)
    if pdf:
        for n, img in enumerate(render(pdf, tag), 1):
            if box_of(img, red):
                fail(f"{tag} page {n}: red at the top of the page: {box_of(img, red)}")

# an artifact: the tag tree has the title block's 社外秘 only
for tag in ("stamp-a4", "footer"):
    st = subprocess.run(["pdfinfo", "-struct-text", os.path.join(work, tag + ".pdf")], capture_output=True,
                        text=True).stdout
    if st.count("社外秘") != 1:
        fail(f"{tag}: the structure tree holds 社外秘 {st.count('社外秘')} times, not once (the title block)")

r = subprocess.run([binary, "check", "feature-tour.json", "--set", "marking.style=big"], cwd=work, env=env,
                   capture_output=True, text=True)
if r.returncode != 2 or r.stderr.strip() != '--set: error: marking.style: bad value "big": expected footer or stamp':
    fail(f"marking.style=big: exit {r.returncode}, {r.stderr!r}")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("title marks: ok")
