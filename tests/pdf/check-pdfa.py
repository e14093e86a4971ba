#!/usr/bin/env python3
"""--pdfa: PDF/A-3b, read back, and the edition built again from the PDF alone.

Usage: check-pdfa.py BRIEFING FILE [BUILD OPTIONS...]

No full PDF/A-3 validator is installed; this checks:
  - Apache PDFBox Preflight (a PDF/A-1b validator) finds no error but those
    of ALLOWED below: what PDF/A-1 forbids and PDF/A-3 allows;
  - the XMP says pdfaid:part 3 and pdfaid:conformance B (check-extras.py
    holds the rest of it to the information dictionary);
  - the catalog's /OutputIntents: one /GTS_PDFA1 intent whose
    /DestOutputProfile is color/sRGB.icc, byte for byte, with /N 3;
  - the catalog's /AF: the input and the layout, each a /Filespec with /F,
    /UF, /Desc and /AFRelationship /Source, its /EF an /EmbeddedFile stream
    with the MIME type as /Subtype and /Params /Size and /ModDate (the
    information dictionary's), also in /Names /EmbeddedFiles, keys in order;
  - no image interpolated; every font embedded (pdffonts), no /Encrypt, no JavaScript or launch
    actions, every annotation printable (/F 4), a trailer /ID;
  - `pdfdetach -saveall` gives the input back byte for byte, and building
    the detached input with the detached layout (no other option) gives the
    same PDF bytes;
  - without --pdfa there is no output intent, no /AF and no pdfaid.
Exits 77 (skipped) when everything else passes but java or PDFBox is missing.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qpdfjson  # noqa: E402 (beside this file)
from qpdfjson import text  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ICC = os.path.join(HERE, "..", "..", "color", "sRGB.icc")
JARS = ["preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "activation", "jaxb-api"]

# Preflight's codes (org.apache.pdfbox.preflight.PreflightConstants) that
# PDF/A-1 raises and PDF/A-3 (ISO 19005-3) allows.
ALLOWED = {
    "1.4": "a cross-reference stream: PDF/A-1 is PDF 1.4, PDF/A-2 and -3 allow PDF 1.5's streams",
    "1.2.9": "an /EF in a file specification: PDF/A-1 forbids embedded files, PDF/A-3 allows any",
    "1.4.7": "/EmbeddedFiles in the name dictionary: the same",
    "2.2.1": "a transparency group (cairo gives each page with images or tints one): PDF/A-2 and -3 allow them",
    "2.2.2": "an image's soft mask (a colour emoji's alpha): PDF/A-2 and -3 allow it (ISO 19005-2, 6.4)",
    "3.1.11": "no /CIDSet in a subset CID font: PDF/A-1 requires one, PDF/A-2 and -3 do not",
    "7.11.2": "pdfaid:part 3: Preflight knows part 1 only",
}

failures = []


def fail(msg):
    failures.append(msg)
    print(f"FAIL: {msg}", file=sys.stderr)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, **kw)


def qpdf_objects(pdf):
    return qpdfjson.objects(pdf, "--json-stream-data=inline", "--decode-level=generalized")


def stream_data(objs, ref):
    import base64
    s = objs.get("obj:" + ref, {}).get("stream", {})
    return base64.b64decode(s.get("data", "")), s.get("dict", {})


def image_paths(node):
    """Every `path` in the document: the image files a rebuild needs."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "path" and isinstance(v, str):
                yield v
            else:
                yield from image_paths(v)
    elif isinstance(node, list):
        for v in node:
            yield from image_paths(v)


def preflight(pdf, tmp):
    java = shutil.which("java")
    jars = [f"/usr/share/java/{j}.jar" for j in JARS if os.path.exists(f"/usr/share/java/{j}.jar")]
    if not java or not any(j.endswith("/preflight.jar") for j in jars):
        return None
    shims = os.path.join(tmp, "shims")
    os.makedirs(shims, exist_ok=True)
    r = run([java, os.path.join(HERE, "Preflight.java"), pdf, shims, ":".join(jars)], text=True)
    if r.returncode != 0:
        fail(f"Preflight did not run: {r.stderr.strip()[-800:]}")
        return []
    return [tuple(line.split("\t", 1)) for line in r.stdout.splitlines() if line]


def check_catalog(objs, src_bytes, layout_name, info):
    val = lambda ref: objs.get("obj:" + ref, {}).get("value", {})
    trailer = objs["trailer"]["value"]
    cat = val(trailer["/Root"])
    if "/Encrypt" in trailer:
        fail("the PDF is encrypted")
    if len(trailer.get("/ID", [])) != 2:
        fail(f"trailer /ID {trailer.get('/ID')}")
    intents = cat.get("/OutputIntents", [])
    if len(intents) != 1 or intents[0].get("/S") != "/GTS_PDFA1" or intents[0].get("/Type") != "/OutputIntent":
        fail(f"/OutputIntents {intents}")
    else:
        icc, d = stream_data(objs, intents[0].get("/DestOutputProfile", "?"))
        if icc != open(ICC, "rb").read() or d.get("/N") != 3:
            fail(f"the output intent's profile is not color/sRGB.icc ({len(icc)} bytes, /N {d.get('/N')})")
        if not text(intents[0].get("/OutputConditionIdentifier")):
            fail("the output intent has no /OutputConditionIdentifier")
    af = cat.get("/AF", [])
    names = cat.get("/Names", {}).get("/EmbeddedFiles", {}).get("/Names", [])
    keys = [text(k) for k in names[0::2]]
    if keys != sorted(keys) or sorted(names[1::2]) != sorted(af):
        fail(f"/Names /EmbeddedFiles {names} against /AF {af}")
    got = {}
    for ref in af:
        fs = val(ref)
        name = text(fs.get("/UF"))
        if fs.get("/Type") != "/Filespec" or not text(fs.get("/F")) or fs.get("/AFRelationship") != "/Source" \
                or not text(fs.get("/Desc")):
            fail(f"{ref}: file specification {fs}")
        ef = fs.get("/EF", {})
        data, d = stream_data(objs, ef.get("/F", "?"))
        if ef.get("/UF") != ef.get("/F"):
            fail(f"{ref}: /EF /UF {ef.get('/UF')} is not /EF /F {ef.get('/F')}")
        params = d.get("/Params", {})
        if d.get("/Type") != "/EmbeddedFile" or params.get("/Size") != len(data) \
                or text(params.get("/ModDate")) != text(info.get("/ModDate")):
            fail(f"{ref}: embedded file {d} ({len(data)} bytes), the document's /ModDate {info.get('/ModDate')}")
        got[name] = (d.get("/Subtype"), data)
    return got


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    briefing, src, opts = os.path.abspath(args[0]), os.path.abspath(args[1]), args[2:]
    src_bytes = open(src, "rb").read()
    doc = json.loads(src_bytes) if not src.endswith((".yaml", ".yml")) else {}
    # qpdf gives names decoded: /application#2Fjson is /application/json.
    mime = "/application/yaml" if src.endswith((".yaml", ".yml")) else "/application/json"
    with tempfile.TemporaryDirectory() as tmp:
        pdf, plain = os.path.join(tmp, "a.pdf"), os.path.join(tmp, "plain.pdf")
        r = run([briefing, "build", src, "-o", pdf, "-q", "--pdfa"] + opts, text=True)
        if r.returncode != 0:
            fail(f"build failed: {r.stderr.strip()}")
            return 1
        run([briefing, "build", src, "-o", plain, "-q"] + opts)
        objs = qpdf_objects(pdf)
        info = objs.get("obj:" + objs["trailer"]["value"]["/Info"], {}).get("value", {})
        xmp = run(["pdfinfo", "-meta", pdf], text=True).stdout
        for key, want in (("part", "3"), ("conformance", "B")):
            if not re.search(rf"<pdfaid:{key}>{want}</pdfaid:{key}>", xmp):
                fail(f"the XMP has no pdfaid:{key} {want}")
        if "http://www.aiim.org/pdfa/ns/id/" not in xmp:
            fail("the XMP does not declare the pdfaid namespace")

        files = check_catalog(objs, src_bytes, None, info)
        name = os.path.basename(src)
        layouts = [n for n in files if n.endswith(".layout")]
        if set(files) != {name} | set(layouts) or len(layouts) != 1:
            fail(f"embedded files {sorted(files)}, expected {name} and one layout")
        elif files[name][0] != mime or files[layouts[0]][0] != "/text/plain":
            fail(f"MIME types {files[name][0]} and {files[layouts[0]][0]}")

        everything = json.dumps(objs)
        for bad in ("/JavaScript", "/JS", "/Launch", "/AA"):
            if f'"{bad}"' in everything:
                fail(f"{bad} in the PDF")
        for key, o in objs.items():
            v = o.get("value", {})
            if isinstance(v, dict) and v.get("/Type") == "/Annot" or isinstance(v, dict) and "/Subtype" in v \
                    and v.get("/Subtype") in ("/Link", "/Widget", "/Text"):
                if v.get("/F") != 4:
                    fail(f"{key}: annotation without /F 4")
            if isinstance(v, dict) and v.get("/Interpolate") is True:
                fail(f"{key}: an image with /Interpolate true")
        for key, o in objs.items():
            d = o.get("stream", {}).get("dict", {})
            if d.get("/Subtype") == "/Image" and d.get("/Interpolate") is True:
                fail(f"{key}: an image with /Interpolate true")
        fonts = run(["pdffonts", pdf], text=True).stdout.splitlines()[2:]
        if not fonts or any(len(f.split()) < 5 or f.split()[-5] != "yes" for f in fonts):
            fail(f"a font is not embedded: {fonts}")

        # Without --pdfa, none of it.
        pobjs = qpdf_objects(plain)
        pcat = pobjs.get("obj:" + pobjs["trailer"]["value"]["/Root"], {}).get("value", {})
        if "/OutputIntents" in pcat or "/AF" in pcat or "/Names" in pcat or \
                "pdfaid" in run(["pdfinfo", "-meta", plain], text=True).stdout:
            fail("a build without --pdfa has PDF/A's output intent, files or pdfaid")

        # The edition again, from the PDF alone (and the images beside it).
        back = os.path.join(tmp, "detached")
        os.makedirs(back)
        r = run(["pdfdetach", "-saveall", "-o", back, pdf], text=True)
        if r.returncode != 0:
            fail(f"pdfdetach: {r.stderr.strip()}")
        out = sorted(os.listdir(back))
        if name not in out or open(os.path.join(back, name), "rb").read() != src_bytes:
            fail(f"pdfdetach gave {out}, not {name} byte for byte")
        else:
            for p in image_paths(doc):
                os.makedirs(os.path.dirname(os.path.join(back, p)) or back, exist_ok=True)
                shutil.copy(os.path.join(os.path.dirname(src), p), os.path.join(back, p))
            again = os.path.join(tmp, "again.pdf")
            r = run([briefing, "build", os.path.join(back, name), "-l", os.path.join(back, layouts[0]),
                     "-o", again, "-q"], text=True)
            if r.returncode != 0 or open(again, "rb").read() != open(pdf, "rb").read():
                fail(f"the detached input and layout do not build the same PDF: {r.stderr.strip()}")

        errors = preflight(pdf, tmp)
    if errors is None:
        print(f"{src} {' '.join(opts)}: PDF/A checks: {len(failures)} failed; Preflight skipped: "
              "java or /usr/share/java/preflight.jar (default-jre-headless, libpdfbox2-java) missing")
        return 1 if failures else 77
    codes = {}
    for code, details in errors:
        codes.setdefault(code, []).append(details)
    for code, details in sorted(codes.items()):
        if code not in ALLOWED:
            fail(f"Preflight {code} ({len(details)}x): {details[0]}")
    print(f"{src} {' '.join(opts)}: PDF/A checks: {len(failures)} failed; Preflight: "
          + (", ".join(f"{c} x{len(d)} (allowed: {ALLOWED[c]})" for c, d in sorted(codes.items())
                       if c in ALLOWED) or "no errors"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
