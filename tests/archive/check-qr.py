#!/usr/bin/env python3
"""--qr: every source with a URL gets a QR code in the list of sources that
decodes to its URL (zbarimg on a 300 dpi pdftoppm render), in every layout;
the entry's text stays clear of the code and the entry is at least the
code's height; the page text is the same as without --qr (but for where
lines break); a URL too long for a code is warned about and listed without.

Usage: check-qr.py BRIEFING EXAMPLES_DIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse

BIN, EXAMPLES = sys.argv[1], sys.argv[2]
LAYOUTS = ["a4", "b5", "a5", "a4-2col"]
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def run(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def source_urls(doc):
    """Each declared source's URL (a source: an object with a name and a URL)."""
    urls = []

    def walk(v):
        if isinstance(v, dict):
            if isinstance(v.get("name"), str) and isinstance(v.get("url"), str):
                urls.append(v["url"])
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(doc.get("sources", []))
    walk(doc.get("chapters", []))
    return urls


def qr_text(url):
    """Bytes outside ASCII are percent-encoded in the code."""
    return urllib.parse.quote(url, safe="".join(chr(c) for c in range(0x21, 0x7F)))


def dump_items(path):
    """Per page, the dump's lines as (para, x, y, w, h, qr) with qr (x, side) or None."""
    pages, page = [], None
    for line in open(path, encoding="utf-8"):
        if line.startswith("page "):
            page = []
            pages.append(page)
            continue
        m = re.match(r"  (line|rule|image|row) ([\d.]+) ([\d.]+)(?: w=([\d.]+) h=([\d.]+))?(?: \w+ (p\d+):)?", line)
        if not m or page is None:
            continue
        q = re.search(r" qr=(\d+)@([\d.]+),([\d.]+)", line.split(": ", 1)[0])
        page.append(
            (
                m.group(6),
                float(m.group(2)),
                float(m.group(3)),
                float(m.group(4) or 0),
                float(m.group(5) or 0),
                (float(q.group(2)), float(q.group(3))) if q else None,
            )
        )
    return pages


def check_geometry(tag, pages):
    """No line of an entry runs under its code; the next item starts below it."""
    n = 0
    for pi, items in enumerate(pages):
        for i, (para, x, y, w, h, qr) in enumerate(items):
            if not qr:
                continue
            n += 1
            qx, side = qr
            if side < 50.9:  # 18 mm, or more for a long URL's small modules
                fail(f"{tag}: page {pi + 1}: a code {side:.1f} pt a side, under 18 mm")
            bottom = y
            for para2, x2, y2, w2, h2, _ in items[i:]:
                if para2 != para:
                    if y2 < y + side - 0.05:
                        fail(f"{tag}: page {pi + 1}: the item after an entry starts at {y2:.1f}, inside its code ({y:.1f}+{side:.1f})")
                    break
                if x2 + w2 > qx - 0.05:
                    fail(f"{tag}: page {pi + 1}: {para} runs to {x2 + w2:.1f}, under its code at {qx:.1f}")
                bottom = y2 + h2
            if bottom < y + side - 0.05 and para2 == para:
                fail(f"{tag}: page {pi + 1}: entry {para} ends at {bottom:.1f}, above its code's foot")
    return n


def flat_text(pdf):
    return re.sub(r"\s+", "", run("pdftotext", "-enc", "UTF-8", pdf, "-").stdout)


def decode(pdf, pages, work):
    """Every QR code on the given pages (1-based), read at 300 dpi."""
    found = []
    for p in pages:
        base = os.path.join(work, f"r{p}")
        run("pdftoppm", "-r", "300", "-gray", "-png", "-f", str(p), "-l", str(p), "-singlefile", pdf, base)
        r = run("zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", base + ".png")
        found += [l for l in r.stdout.splitlines() if l]
    return found


def check(doc_path, layout, work, extra=(), expect_warning=None):
    tag = f"{os.path.basename(doc_path)} {layout} {' '.join(extra)}".strip()
    doc = json.load(open(doc_path, encoding="utf-8"))
    want = sorted(qr_text(u) for u in source_urls(doc) if len(u.encode()) < 2000)
    qr_pdf, plain_pdf, dump = (os.path.join(work, n) for n in ("qr.pdf", "plain.pdf", "qr.dump"))
    r = run(BIN, "build", doc_path, "-l", layout, "--qr", "-f", "-q", "-o", qr_pdf, "--dump", dump, *extra)
    if r.returncode != 0:
        fail(f"{tag}: --qr build failed ({r.returncode}): {r.stderr}")
        return
    warned = [l for l in r.stderr.splitlines() if "QR code" in l]
    if expect_warning and warned != [expect_warning]:
        fail(f"{tag}: expected the warning {expect_warning!r}, got {warned!r}")
    if not expect_warning and warned:
        fail(f"{tag}: unexpected warnings {warned!r}")
    r = run(BIN, "build", doc_path, "-l", layout, "-f", "-q", "-o", plain_pdf, *extra)
    if r.returncode != 0:
        fail(f"{tag}: plain build failed: {r.stderr}")
        return
    pages = dump_items(dump)
    n = check_geometry(tag, pages)
    if n != len(want):
        fail(f"{tag}: {n} codes in the dump, {len(want)} sources with a URL")
    with_codes = [i + 1 for i, items in enumerate(pages) if any(it[5] for it in items)]
    got = sorted(decode(qr_pdf, with_codes, work))
    if got != want:
        fail(f"{tag}: decoded {got!r}, wanted {want!r}")
    if flat_text(qr_pdf) != flat_text(plain_pdf):
        fail(f"{tag}: the page text differs from the build without --qr")
    # Vector codes: no image is added.
    imgs = [len(run("pdfimages", "-list", p).stdout.splitlines()) for p in (qr_pdf, plain_pdf)]
    if imgs[0] != imgs[1]:
        fail(f"{tag}: --qr added images ({imgs[1]} -> {imgs[0]} lines of pdfimages -list)")
    print(f"ok: {tag}: {len(got)} codes decode to their URLs")


def stress_doc(work):
    """Entries shorter and longer than a code, one without a URL, one
    outside ASCII, one too long for a code."""
    long_url = "https://example.com/" + "a" * 2400
    doc = {
        "format": "briefing/1",
        "title": "QRコードの試験",
        "edition": {"date": "2025-03-01"},
        "sources": [
            {"id": "s", "name": "短い", "url": "https://e.jp/x"},
            {"id": "l", "name": "長い出典" * 30, "title": "長い題名" * 20, "url": "https://example.com/long/entry?q=1&r=2"},
            {"id": "n", "name": "URLのない出典"},
            {"id": "j", "name": "日本語のURL", "url": "https://例え.jp/記事/一"},
            {"id": "t", "name": "長すぎるURL", "url": long_url},
        ],
        "chapters": [{"number": 1, "title": "章", "body": ["本文[^s][^l][^n][^j][^t]。"]}],
    }
    path = os.path.join(work, "stress.json")
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    open(path, "w", encoding="utf-8").write(text)
    # Where the message must point: the long URL's value.
    before = text[: text.index('"' + long_url)]
    return path, before.count("\n") + 1, len(before) - before.rfind("\n")


with tempfile.TemporaryDirectory() as work:
    sample = os.path.join(EXAMPLES, "ukraine-ceasefire.json")
    tour = os.path.join(EXAMPLES, "feature-tour.json")
    stress, line, col = stress_doc(work)
    for layout in LAYOUTS:
        check(sample, layout, work)
        check(tour, layout, work)
        check(stress, layout, work,
              expect_warning=f"{stress}:{line}:{col}: warning: sources[4].url: the URL is too long for a QR code "
                             f"(2420 bytes); it is listed without one")
    check(sample, "a4", work, extra=("--grayscale",))
    # Without --qr the key's default changes nothing.
    a, b = (os.path.join(work, n) for n in ("a.pdf", "b.pdf"))
    run(BIN, "build", sample, "-q", "-o", a)
    run(BIN, "build", sample, "-q", "-o", b, "--set", "option.source-qr=false")
    if open(a, "rb").read() != open(b, "rb").read():
        fail("option.source-qr=false changes the sample's bytes")

print(f"qr: {len(failures)} failed")
sys.exit(1 if failures else 0)
