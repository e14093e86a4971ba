#!/usr/bin/env python3
"""What the repack adds for readers and archives, read back with qpdf and pdfinfo.

Usage: check-extras.py BRIEFING FILE.json [BUILD OPTIONS...]

Asserts:
  - the catalog: /Lang is the document's `language` (default ja),
    /ViewerPreferences << /DisplayDocTitle true >>, /PageMode /UseOutlines,
    /Metadata an XMP stream;
  - every page has /Tabs /S; every link annotation /F 4 and /Contents equal
    to its URI;
  - every Figure of the structure tree has /Alt, its caption (and credit);
  - the information dictionary's dates are D:YYYYMMDDHHmmSSZ;
  - the trailer /ID is two equal strings, each the MD5 of the file's bytes
    before the cross-reference stream, and another input gives another;
  - the XMP says what the information dictionary says: title, subject,
    author, creator tool, producer, creation and modification dates, and
    the language.
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qpdfjson  # noqa: E402 (beside this file)
from qpdfjson import text  # noqa: E402

failures = []


def fail(msg):
    failures.append(msg)
    print(f"FAIL: {msg}", file=sys.stderr)


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def plain(s):
    s = re.sub(r"\[\^[A-Za-z0-9_-]+\]", "", s)
    return s.replace("**", "")


NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
      "xmp": "http://ns.adobe.com/xap/1.0/", "pdf": "http://ns.adobe.com/pdf/1.3/"}


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    briefing, src, opts = args[0], args[1], args[2:]
    doc = json.load(open(src, encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        pdf, other = os.path.join(tmp, "a.pdf"), os.path.join(tmp, "b.pdf")
        r = run([briefing, "build", src, "-o", pdf, "-q"] + opts)
        if r.returncode != 0:
            fail(f"build failed: {r.stderr.strip()}")
            return 1
        raw = open(pdf, "rb").read()
        objs = qpdfjson.objects(pdf)
        info = dict(re.findall(r"^([\w ]+):\s*(.*)$", run(["pdfinfo", "-isodates", pdf]).stdout, re.M))
        xmp = run(["pdfinfo", "-meta", pdf]).stdout
        # Another input: another /ID.
        changed = dict(doc, title=doc["title"] + "（別版）", language="en-GB")
        # From standard input in the input's folder, where its images are.
        subprocess.run([os.path.abspath(briefing), "build", "-", "-o", other, "-q"] + opts,
                       input=json.dumps(changed, ensure_ascii=False), capture_output=True, text=True,
                       cwd=os.path.dirname(os.path.abspath(src)))
        other_objs = qpdfjson.objects(other) \
            if os.path.exists(other) else None

    val = lambda ref: objs.get("obj:" + ref, {}).get("value", {})
    trailer = objs["trailer"]["value"]
    cat = val(trailer["/Root"])
    lang = doc.get("language", "ja")
    if text(cat.get("/Lang")) != lang:
        fail(f"catalog /Lang {cat.get('/Lang')!r}, expected {lang}")
    if cat.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
        fail(f"no /DisplayDocTitle true: {cat.get('/ViewerPreferences')}")
    if cat.get("/PageMode") != "/UseOutlines":
        fail(f"/PageMode {cat.get('/PageMode')}")
    meta = objs.get("obj:" + cat.get("/Metadata", "?"), {}).get("stream", {}).get("dict", {})
    if meta.get("/Type") != "/Metadata" or meta.get("/Subtype") != "/XML":
        fail(f"no XMP metadata stream in the catalog: {meta}")

    pages = links = figures = 0
    captions = []
    number = 0  # 図N: pictures with a caption, through the briefing

    def expect(img):
        nonlocal number
        if img.get("caption"):
            number += 1
        if img.get("alt"):
            captions.append(img["alt"])
            return
        cap = plain(img.get("caption", ""))
        if img.get("caption"):
            cap = f"図{number}　" + cap
        if img.get("credit"):
            cap = (cap + "　" if cap else "") + "（" + plain(img["credit"]) + "）"
        captions.append(cap)

    def figures_of(blocks):
        for b in blocks if isinstance(blocks, list) else []:
            if isinstance(b, dict) and "figure" in b:
                expect(b["figure"])

    for ch in doc["chapters"]:
        if ch.get("image"):
            expect(ch["image"])
        figures_of(ch.get("body"))
    figures_of(doc.get("conclusion"))
    alts = []
    for key, o in objs.items():
        v = o.get("value", {})
        if not isinstance(v, dict):
            continue
        if v.get("/Type") == "/Page":
            pages += 1
            if v.get("/Tabs") != "/S":
                fail(f"{key}: page without /Tabs /S")
        if v.get("/Subtype") == "/Link":
            links += 1
            uri = text(v.get("/A", {}).get("/URI"))
            if v.get("/F") != 4 or text(v.get("/Contents")) != uri:
                fail(f"{key}: link /F {v.get('/F')} /Contents {v.get('/Contents')!r} for {uri!r}")
        if v.get("/Type") == "/StructElem" and v.get("/S") == "/Figure":
            figures += 1
            alts.append(text(v.get("/Alt")))
    if not pages or not links:
        fail(f"{pages} pages, {links} links")
    if sorted(a or "" for a in alts) != sorted(captions):
        fail(f"Figure /Alt {alts}, expected {captions}")

    idict = val(trailer["/Info"])
    for k in ("/CreationDate", "/ModDate"):
        if not re.fullmatch(r"D:\d{14}Z", text(idict.get(k, "")) or ""):
            fail(f"{k} {idict.get(k)!r} is not D:YYYYMMDDHHmmSSZ")

    ids = [text(i) for i in trailer.get("/ID", [])]
    at = [m.start() for m in re.finditer(rb"\n\d+ 0 obj\n<< /Type /XRef", raw)]
    want = hashlib.md5(raw[:at[-1] + 1]).hexdigest() if at else None
    got = [bytes(i, "latin-1").hex() for i in ids]
    if len(got) != 2 or got[0] != got[1] or got[0] != want:
        fail(f"/ID {got}, expected twice the MD5 of the bytes before the cross-reference stream, {want}")
    if other_objs is None:
        fail("the changed input did not build")
    else:
        if other_objs["trailer"]["value"].get("/ID") == objs["trailer"]["value"].get("/ID"):
            fail("another input gives the same /ID")
        other_cat = other_objs.get("obj:" + other_objs["trailer"]["value"]["/Root"], {}).get("value", {})
        if text(other_cat.get("/Lang")) != "en-GB":
            fail(f"language en-GB gives /Lang {other_cat.get('/Lang')!r}")

    try:
        root = ET.fromstring(re.sub(r"<\?xpacket[^>]*\?>", "", xmp).strip())
    except ET.ParseError as e:
        fail(f"the XMP does not parse: {e}")
        root = None
    if root is not None:
        d = root.find(".//rdf:Description", NS)
        get = lambda path: (d.find(path, NS).text if d is not None and d.find(path, NS) is not None else None)
        checks = [("dc:title/rdf:Alt/rdf:li", info.get("Title")),
                  ("dc:description/rdf:Alt/rdf:li", info.get("Subject")),
                  ("dc:creator/rdf:Seq/rdf:li", info.get("Author")),
                  ("dc:language/rdf:Bag/rdf:li", lang),
                  ("xmp:CreatorTool", info.get("Creator")), ("pdf:Producer", info.get("Producer")),
                  ("xmp:CreateDate", info.get("CreationDate")), ("xmp:ModifyDate", info.get("ModDate"))]
        for path, want in checks:
            if get(path) != want:
                fail(f"XMP {path} {get(path)!r}, the information dictionary {want!r}")
    print(f"{src} {' '.join(opts)}: repack checks: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
