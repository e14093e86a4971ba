#!/usr/bin/python3
"""marking.style = stamp, and the layout's logo.

The stamp: with marking.style = stamp, every page of the feature tour (its
marking 社外秘) has a red framed box in the room above the running header,
on the right (the left of even pages in duplex), holding 社外秘 as text;
in grayscale the box is there without a coloured pixel; it is drawn
outside every structure element (the tag tree holds 社外秘 once, the
title block's, as without the stamp); a document without a marking gets
no stamp; a bad value is refused with its message.

The logo: a layout file in a folder of its own names logo.png (and a
JPEG) beside it; page 1 has the picture at the top left of the text area,
logo.height tall (15mm) in its proportions, above the title, and no other
page has it; in grayscale it has no colour; it is a Figure whose /Alt
names the publisher; --set logo= takes a path from the working
directory; outside the folder, missing, empty and not an image are
refused with their messages.  Pixels come from
pdftoppm -r 80 renders of the PDF, text from pdftotext -x -y -W -H.

    check-title-marks.py BRIEFING EXAMPLES-DIR WORK-DIR
"""
import json
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

# ---- the logo ----------------------------------------------------------------------
house = os.path.join(work, "house")
os.makedirs(house)
logo = Image.new("RGB", (300, 120), (20, 90, 200))
logo.save(os.path.join(house, "logo.png"))
logo.save(os.path.join(house, "logo.jpg"), quality=95)
with open(os.path.join(house, "house.layout"), "w") as f:
    f.write("include = a4\nlogo = logo.png\nlogo.height = 15mm\n")
with open(os.path.join(house, "jpeg.layout"), "w") as f:
    f.write("include = a4\nlogo = logo.jpg\nlogo.height = 15mm\n")


def blue(p):
    return p[2] > 150 and p[0] < 80 and 50 < p[1] < 130


want_h = 15 / 25.4 * DPI
for tag, args in (("logo", ["-l", "house/house.layout"]), ("logo-jpeg", ["-l", "house/jpeg.layout"]),
                  ("logo-set", ["--set", "logo=house/logo.png", "--set", "logo.height=15mm"])):
    pdf = build(["feature-tour.json"] + args, tag)
    if not pdf:
        continue
    imgs = render(pdf, tag)
    w, h = imgs[0].size
    box = box_of(imgs[0], blue, 0.3)
    if not box:
        fail(f"{tag}: no logo on page 1")
    else:
        x0, y0, x1, y1 = box
        bh, bw = y1 - y0 + 1, x1 - x0 + 1
        if abs(bh - want_h) > 2 or abs(bw - want_h * 2.5) > 3:
            fail(f"{tag}: the logo is {bw}x{bh} px, not {want_h * 2.5:.0f}x{want_h:.0f} (15mm, 300:120)")
        if x0 > w * 0.15 or y0 < h * 0.05:
            fail(f"{tag}: the logo {box} is not at the top left of the text area")
        said = text_in(pdf, 1, (0, 0, w, y0))
        if said:
            fail(f"{tag}: text above the logo: {said!r}")
        title = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-y", str(int(y1 * 72 / DPI)), "-H", "200",
                                "-x", "0", "-W", "600", pdf, "-"], capture_output=True, text=True).stdout
        if "機能一覧" not in title:
            fail(f"{tag}: the title is not under the logo")
    for n, img in enumerate(imgs[1:], 2):
        if box_of(img, blue, 0.12):  # above the first heading; page 2's chart is blue too
            fail(f"{tag}: a logo on page {n}")

pdf = build(["feature-tour.json", "-l", "house/house.layout", "--grayscale"], "logo-gray")
if pdf:
    img = render(pdf, "logo-gray")[0]
    ref = box_of(render(os.path.join(work, "logo.pdf"), "logo-again")[0], blue, 0.3)
    if ref:
        region = img.crop(ref)
        if box_of(region, colored, 1.0):
            fail("logo-gray: colour in the logo")
        if not box_of(region, dark, 1.0):
            fail("logo-gray: no gray logo where the colour one is")

# a Figure with /Alt, the publisher's
qj = subprocess.run(["qpdf", "--json", os.path.join(work, "logo.pdf")], capture_output=True, text=True)
alts = []
for key, o in json.loads(qj.stdout).get("qpdf", [{}, {}])[1].items():
    v = o.get("value", {}) if isinstance(o, dict) else {}
    if isinstance(v, dict) and v.get("/Type") == "/StructElem" and v.get("/S") == "/Figure":
        a = v.get("/Alt", "")
        alts.append(a[2:] if isinstance(a, str) and a.startswith("u:") else a)
if "国際情勢研究会のロゴ" not in alts:
    fail(f"logo: no Figure with /Alt 国際情勢研究会のロゴ among {alts}")

with open(os.path.join(house, "out.layout"), "w") as f:
    f.write("include = a4\nlogo = ../feature-tour.json\n")
with open(os.path.join(house, "miss.layout"), "w") as f:
    f.write("include = a4\nlogo = nope.png\n")
with open(os.path.join(house, "bad.png"), "w") as f:
    f.write("no picture\n")
for args, want in ((["-l", "house/out.layout"], 'house/out.layout:2: error: logo: "../feature-tour.json": outside the layout file\'s folder'),
                   (["-l", "house/miss.layout"], 'house/miss.layout:2: error: logo: "nope.png": No such file or directory'),
                   (["--set", "logo="], '--set: error: logo: bad value "": expected a PNG or JPEG file'),
                   (["--set", "logo=../x.png"], '--set: error: logo: "../x.png": outside the working directory'),
                   (["--set", "logo=house/bad.png"], '--set: error: logo: "house/bad.png": neither a PNG nor a JPEG file')):
    r = subprocess.run([binary, "build", "feature-tour.json", "-o", "refused.pdf"] + args, cwd=work, env=env,
                       capture_output=True, text=True)
    if r.returncode != 2 or r.stderr.strip() != want or os.path.exists(os.path.join(work, "refused.pdf")):
        fail(f"{' '.join(args)}: exit {r.returncode}, said {r.stderr!r}, not {want!r}")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("title marks: ok")
