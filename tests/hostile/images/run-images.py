#!/usr/bin/env python3
"""Images: every one decoded or refused, colours right, each file embedded
once, paths confined to the document's folder (or --root).

Usage: run-images.py BRIEFING

Each refusal is checked for its exit status (2), its exact message, that
`check` refuses it as `build` does, that an existing target PDF stays
byte-identical (with --force, so that a build would have replaced it) and
that nothing else is left in the folder.  Colours are read back from
renders (pdftoppm at 72 dpi, so that a point of the dump is a pixel).
"""
import re
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_images as m  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
OLD = b"%PDF-1.5\n% an earlier edition, to be kept\n"
failures = []
passed = 0


def doc(*paths, root_chapters=None):
    chapters = root_chapters or [{"title": f"c{i}", "image": {"path": p}} for i, p in enumerate(paths)]
    import json
    return json.dumps({"format": "briefing/1", "title": "t", "edition": {"date": "2025-02-21"},
                       "chapters": chapters})



# Content messages carry the line and column of what they name (the loader
# cases check those exactly); here only what is said counts.
_PLACE = re.compile(r"^(\S+?\.(?:json|yaml|yml)|<stdin>):\d+:\d+: ((?:error|warning): [A-Za-z_][\w.\[\]-]*: )", re.M)


def unplace(text):
    return _PLACE.sub(r"\1: \2", text)

def run(args, cwd, stdin=None):
    return subprocess.run([BIN] + args, cwd=cwd, capture_output=True, timeout=30,
                          input=stdin.encode() if stdin is not None else None)


def result(name, problems):
    global passed
    if problems:
        failures.append(name)
        print(f"FAIL {name}:", *problems, sep="\n  ")
    else:
        passed += 1
        print(f"ok {name}")


def refused(name, folder, json_name, message, extra=(), stdin=None):
    """build and check of folder/json_name exit 2 with exactly `message`,
    and the existing PDF and the folder are as they were."""
    problems = []
    target = os.path.join(folder, "x.pdf")
    with open(target, "wb") as f:
        f.write(OLD)
    before = sorted(os.listdir(folder))
    for cmd in (["build", json_name, "-o", "x.pdf", "-f"], ["check", json_name]):
        r = run(cmd + list(extra), folder, stdin)
        err = unplace(r.stderr.decode("utf-8", "replace"))
        if r.returncode != 2:
            problems.append(f"{cmd[0]}: exit {r.returncode}")
        if err != message + "\n":
            problems.append(f"{cmd[0]}: message {err!r}, want {message!r}")
    if open(target, "rb").read() != OLD:
        problems.append("the existing PDF changed")
    if sorted(os.listdir(folder)) != before:
        problems.append(f"left behind: {sorted(set(os.listdir(folder)) - set(before))}")
    result(name, problems)


def built(name, folder, json_name, extra=(), stdin=None):
    r = run(["build", json_name, "-o", "out.pdf", "-f", "-q"] + list(extra), folder, stdin)
    ok = r.returncode == 0 and os.path.exists(os.path.join(folder, "out.pdf"))
    if not ok:
        result(name, [f"exit {r.returncode}: {r.stderr.decode()[:300]}"])
    return ok


def image_count(pdf):
    out = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True, check=True).stdout
    return len(out.splitlines()) - 2


# ---- images that cannot be decoded -------------------------------------------

def undecodable(tmp):
    for name, (data, reason) in m.hostile().items():
        folder = os.path.join(tmp, name)
        os.mkdir(folder)
        open(os.path.join(folder, "pic.img"), "wb").write(data)
        open(os.path.join(folder, "x.json"), "w").write(doc("pic.img"))
        refused(name, folder, "x.json", f'x.json: error: chapters[0].image.path: "pic.img": {reason}')
    # Not a file: a folder and a FIFO (which must not block the run).
    folder = os.path.join(tmp, "not-files")
    os.mkdir(folder)
    os.mkdir(os.path.join(folder, "dir.png"))
    os.mkfifo(os.path.join(folder, "fifo.png"))
    open(os.path.join(folder, "x.json"), "w").write(doc("dir.png", "fifo.png"))
    refused("not-regular-files", folder, "x.json",
            'x.json: error: chapters[0].image.path: "dir.png": not a regular file\n'
            'x.json: error: chapters[1].image.path: "fifo.png": not a regular file')
    # All images together: three PNGs of 42 megapixels keep more than the
    # limit; the third is refused before it is decoded.
    folder = os.path.join(tmp, "kept-pixels")
    os.mkdir(folder)
    big = m.huge_png(6000, 7000)
    for k in range(3):
        open(os.path.join(folder, f"big{k}.png"), "wb").write(big)
    open(os.path.join(folder, "x.json"), "w").write(doc("big0.png", "big1.png", "big2.png"))
    refused("kept-pixels-limit", folder, "x.json",
            'x.json: error: chapters[2].image.path: "big2.png": '
            "over the limit of 100000000 pixels for all PNG and CMYK JPEG images together")


# ---- colours -----------------------------------------------------------------

def expected(kind):
    if kind == "jpeg-gray":
        return [tuple([round(0.299 * r + 0.587 * g + 0.114 * b)] * 3) for r, g, b in m.PATCHES]
    if kind.endswith("alpha"):
        return m.PATCHES[:3] + [(177, 177, 177)]  # (100, 100, 100) at 50 % over white paper
    return m.PATCHES


def samples(png_path, x, y, w, h, scale):
    from PIL import Image
    im = Image.open(png_path).convert("RGB")
    pts = [(x + w / 4, y + h / 4), (x + 3 * w / 4, y + h / 4), (x + w / 4, y + 3 * h / 4),
           (x + 3 * w / 4, y + 3 * h / 4)]
    return [im.getpixel((round(px * scale), round(py * scale))) for px, py in pts]


def colours(tmp):
    kinds = {
        "jpeg-rgb": ("p.jpg", lambda: m.jpeg("RGB")),
        "jpeg-gray": ("p.jpg", lambda: m.jpeg("L")),
        "jpeg-cmyk": ("p.jpg", lambda: m.jpeg("CMYK")),
        "png-8": ("p.png", lambda: m.patches_png(depth=8)),
        "png-16": ("p.png", lambda: m.patches_png(depth=16)),
        "png-8-alpha": ("p.png", lambda: m.patches_png(depth=8, alpha=True)),
        "png-16-alpha": ("p.png", lambda: m.patches_png(depth=16, alpha=True)),
    }
    for kind, (fname, make) in kinds.items():
        folder = os.path.join(tmp, "colour-" + kind)
        os.mkdir(folder)
        data = make()
        open(os.path.join(folder, fname), "wb").write(data)
        if kind == "jpeg-cmyk" and b"Adobe" not in data:
            result(kind, ["the CMYK test JPEG has no Adobe marker"])
            continue
        open(os.path.join(folder, "x.json"), "w").write(doc(fname))
        if not built("colour-" + kind, folder, "x.json", ["--dump", "d.txt", "--png", "png", "--png-dpi", "72"]):
            continue
        page, box = 0, None
        for line in open(os.path.join(folder, "d.txt")):
            if line.startswith("page "):
                page = int(line.split()[1])
            elif line.strip().startswith("image "):
                box = page, [float(v) for v in line.split()[1:5]]
        if not box:
            result("colour-" + kind, ["no image in the dump"])
            continue
        page, (x, y, w, h) = box
        subprocess.run(["pdftoppm", "-r", "72", "-png", "-f", str(page), "-l", str(page), "out.pdf", "r"],
                       cwd=folder, check=True)
        rendered = [f for f in os.listdir(folder) if f.startswith("r-") and f.endswith(".png")][0]
        problems = []
        want = expected(kind)
        for what, path in (("PDF", os.path.join(folder, rendered)),
                           ("--png", os.path.join(folder, "png", f"page-{page:03d}.png"))):
            got = samples(path, x, y, w, h, 1.0)
            for patch, (g, e) in enumerate(zip(got, want)):
                if max(abs(a - b) for a, b in zip(g, e)) > 12:
                    problems.append(f"{what}: patch {patch} is {g}, want {e}")
        result("colour-" + kind, problems)


# ---- one file, one image object ----------------------------------------------

def embedded_once(tmp):
    import io
    import random
    from PIL import Image
    folder = os.path.join(tmp, "once")
    os.mkdir(folder)
    os.mkdir(os.path.join(folder, "sub"))
    rnd = random.Random(7)
    im = Image.frombytes("RGB", (200, 200), bytes(rnd.randrange(256) for _ in range(200 * 200 * 3)))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90)
    jpeg = buf.getvalue()
    junk = b"\x00junk after the end marker" * 400
    open(os.path.join(folder, "photo.jpg"), "wb").write(jpeg + junk)
    uses = 60
    # One path written three ways: the same file.
    names = ["photo.jpg", "./photo.jpg", "sub/../photo.jpg"]
    many = [{"title": f"c{i}", "body": ["本文。"], "image": {"path": names[i % 3]}} for i in range(uses)]
    none = [{"title": f"c{i}", "body": ["本文。"]} for i in range(uses)]
    one = [{"title": f"c{i}", "body": ["本文。"], **({"image": {"path": "photo.jpg"}} if i == 0 else {})}
           for i in range(uses)]
    sizes = {}
    for label, chapters in (("many", many), ("none", none), ("one", one)):
        open(os.path.join(folder, label + ".json"), "w").write(doc(root_chapters=chapters))
        if not built("once-" + label, folder, label + ".json"):
            return
        shutil.move(os.path.join(folder, "out.pdf"), os.path.join(folder, label + ".pdf"))
        sizes[label] = os.path.getsize(os.path.join(folder, label + ".pdf"))
    problems = []
    n = image_count(os.path.join(folder, "many.pdf"))
    if n != uses:  # pdfimages lists each use; the object numbers tell the objects
        problems.append(f"pdfimages lists {n} uses, want {uses}")
    out = subprocess.run(["pdfimages", "-list", "many.pdf"], cwd=folder, capture_output=True, text=True).stdout
    objects = {line.split()[10] for line in out.splitlines()[2:]}
    if len(objects) != 1:
        problems.append(f"{len(objects)} image objects, want 1")
    grow = sizes["many"] - sizes["one"]
    # A use costs its page's drawing and resources (a few hundred bytes, the
    # images taking pages of their own), never the image again.
    if grow / (uses - 1) > 1000:
        problems.append(f"the PDF grows by {grow} bytes from 1 use to {uses}")
    if not len(jpeg) <= sizes["one"] - sizes["none"] < len(jpeg) + 1000:
        problems.append(f"one use adds {sizes['one'] - sizes['none']} bytes for a {len(jpeg)}-byte JPEG")
    subprocess.run(["pdfimages", "-j", "-f", "1", "one.pdf", "x"], cwd=folder, check=True)
    got = [f for f in os.listdir(folder) if f.startswith("x-") and f.endswith(".jpg")]
    if not got or open(os.path.join(folder, got[0]), "rb").read() != jpeg:
        problems.append("the embedded JPEG is not the file's bytes up to its end marker")
    print(f"  sizes: none {sizes['none']}, one use {sizes['one']}, {uses} uses {sizes['many']} "
          f"(JPEG {len(jpeg)} bytes + {len(junk)} after its end)")
    result("embedded-once", problems)


# ---- confinement -------------------------------------------------------------

def confined(tmp):
    top = os.path.join(tmp, "conf")
    d = os.path.join(top, "doc")
    os.makedirs(os.path.join(d, "in"))
    os.makedirs(os.path.join(top, "outside"))
    pic = m.patches_png(8, 8)
    open(os.path.join(top, "outside", "secret.png"), "wb").write(pic)
    open(os.path.join(d, "in", "ok.png"), "wb").write(pic)
    os.symlink("../outside", os.path.join(d, "link"))
    os.symlink("../../outside/secret.png", os.path.join(d, "in", "alias.png"))
    os.symlink("../../outside/missing.png", os.path.join(d, "in", "dangling.png"))
    os.symlink("dangling.png", os.path.join(d, "in", "dangling2.png"))
    out_msg = "outside the document's folder (--root DIR allows a wider one)"
    root_msg = "outside the folder given with --root"
    secret = os.path.join(top, "outside", "secret.png")
    cases = [
        # name, path, extra args, reason (None: builds)
        ("up-existing", "../outside/secret.png", [], out_msg),
        ("up-missing", "../outside/missing.png", [], out_msg),
        ("up-missing-folder", "../nowhere/missing.png", [], out_msg),
        ("absolute-existing", secret, [], out_msg),
        ("absolute-missing", "/nonexistent-folder/x.png", [], out_msg),
        ("absolute-etc", "/etc/passwd", [], out_msg),
        ("link-existing", "link/secret.png", [], out_msg),
        ("link-missing", "link/missing.png", [], out_msg),
        ("link-file", "in/alias.png", [], out_msg),
        ("link-dangling", "in/dangling.png", [], out_msg),
        ("link-dangling-chain", "in/dangling2.png", [], out_msg),
        ("in-and-up", "in/../../outside/secret.png", [], out_msg),
        ("inside-missing", "in/missing.png", [], "No such file or directory"),
        ("inside", "in/ok.png", [], None),
        ("root-wider", "../outside/secret.png", ["--root", ".."], None),
        ("root-wider-link", "link/secret.png", ["--root", ".."], None),
        ("root-wider-absolute", secret, ["--root", top], None),
        ("root-wider-missing", "../outside/missing.png", ["--root", ".."], "No such file or directory"),
        ("root-narrower", "in/ok.png", ["--root", "in"], None),
        ("root-narrower-refuses", "in/alias.png", ["--root", "in"], root_msg),
        ("root-other", "../outside/secret.png", ["--root", "in"], root_msg),
    ]
    for name, path, extra, reason in cases:
        open(os.path.join(d, "x.json"), "w").write(doc(path))
        if reason is None:
            if built("confine-" + name, d, "x.json", extra):
                n = image_count(os.path.join(d, "out.pdf"))
                result("confine-" + name, [] if n == 1 else [f"{n} images"])
                os.remove(os.path.join(d, "out.pdf"))
            continue
        shown = path if len(path) <= 40 else path[:40] + "..."
        refused("confine-" + name, d, "x.json",
                f'x.json: error: chapters[0].image.path: "{shown}": {reason}', extra)
    os.remove(os.path.join(d, "x.json"))
    refused("confine-root-missing", d, "-", "nope: error: cannot read images from this folder (--root): "
            "No such file or directory", ["--root", "nope"], stdin=doc("in/ok.png"))
    # Standard input: relative to the working directory, confined to it.
    refused("confine-stdin-up", d, "-", f'<stdin>: error: chapters[0].image.path: "../outside/secret.png": '
            f"{out_msg}", stdin=doc("../outside/secret.png"))
    if built("confine-stdin", d, "-", stdin=doc("in/ok.png")):
        result("confine-stdin", [] if image_count(os.path.join(d, "out.pdf")) == 1 else ["no image"])


def main():
    with tempfile.TemporaryDirectory() as tmp:
        undecodable(tmp)
        colours(tmp)
        embedded_once(tmp)
        confined(tmp)
    print(f"images: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
