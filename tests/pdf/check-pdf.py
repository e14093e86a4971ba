#!/usr/bin/env python3
"""Build a briefing and read the PDF back with the tools a reader would use.

Usage: check-pdf.py BRIEFING FILE.json [--layout NAME] [--pages N] [--reading-order]

Asserts:
  - the build succeeds and writes a PDF that `qpdf --check` finds clean
    (no errors, no warnings);
  - pdfinfo: the page count (with --pages), the title, the subject, the
    author (the publisher), the creator (briefing), and the creation and
    modification dates equal to the edition date;
  - pdffonts: every font embedded as a subset, none of Type 3, and the
    emoji font (Symbola) only in a document with an emoji;
  - pdftotext: every string of the input's text is there, with white space
    ignored (a ruby's base as written, its reading on a line of its own);
    with --reading-order, the main text comes in the input's order;
  - every source URL is a link annotation (/URI) in the PDF;
  - bookmarks: the title, each chapter (第N章 …, under the title) and the
    key-points page, each pointing at its page;
  - a second build gives the same bytes; SOURCE_DATE_EPOCH sets the dates.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

failures = []


def fail(msg):
    failures.append(msg)
    print(f"FAIL: {msg}", file=sys.stderr)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


# ｜base《reading》 (FORMAT.md "Ruby"): 1-20 characters of base, 1-40 of reading.
RUBY = re.compile(r"｜([^｜《》\n\r]{1,20})《([^｜《》\n\r]{1,40})》")


def plain(s):
    """The characters a text sets: markup removed, citations split out,
    a ruby's base kept and its reading (set apart, over the line) left out."""
    out, i = [], 0
    parts = []
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s) and s[i + 1] in "*[\\｜":
            out.append(s[i + 1])
            i += 2
        elif (m := RUBY.match(s, i)) and not re.search(r"\*\*|\[\^|\\", m.group(1)):
            out.append(m.group(1))
            i = m.end()
        elif s.startswith("**", i):
            i += 2
        elif m := re.match(r"\[\^[A-Za-z0-9_-]+\]", s[i:]):
            parts.append("".join(out))
            out = []
            i += len(m.group(0))
        else:
            out.append(c)
            i += 1
    parts.append("".join(out))
    return [p for p in (re.sub(r"\s+", "", p) for p in parts) if p]


def image_texts(img):
    return [img[k] for k in ("caption", "credit") if k in img]


def blocks(v):
    """The text of a body or conclusion in reading order: paragraphs, and
    each table's caption, cells and note, each list's items, each figure's
    caption and credit."""
    out = []
    for b in [v] if isinstance(v, str) else (v or []):
        if isinstance(b, str):
            out.append(b)
        elif "table" in b:
            t = b["table"]
            out += [t["caption"]] if "caption" in t else []
            out += t["columns"] + [c for row in t["rows"] for c in row]
            out += [t["note"]] if "note" in t else []
        elif "figure" in b:
            out += image_texts(b["figure"])
        else:
            out += b.get("list", []) + b.get("numbered", [])
    return [t for t in out if t]


def block_sources(v):
    return [b["table"]["source"] for b in v if isinstance(b, dict) and "table" in b
            and isinstance(b["table"].get("source"), dict)] if isinstance(v, list) else []


def texts(doc):
    """The input's text in reading order, as lists of segments."""
    def many(v):
        return [v] if isinstance(v, str) else (v or [])
    seq = [doc["title"]] + many(doc.get("subtitle")) + many(doc.get("lead"))
    for ch in doc["chapters"]:
        seq += [ch["title"]] + [ch[k] for k in ("question", "answer", "intro") if k in ch]
        seq += ch.get("summary", [])
        seq += many(ch.get("comment")) + image_texts(ch.get("image", {})) + blocks(ch.get("body"))
        seq += many(ch.get("aside"))
    seq += blocks(doc.get("conclusion")) + doc.get("key_points", [])
    return seq


def split_in(needle, hay, n_pages):
    """Whether needle is in hay whole, or (a note continued across pages,
    whose parts the page furniture and other text come between) in at most
    two parts a page, each at least 20 characters and found in order."""
    if needle in hay:
        return True
    pos, parts = 0, 0
    while needle:
        lo, hi = 0, len(needle)
        while lo < hi:  # the longest prefix of needle found after pos
            mid = (lo + hi + 1) // 2
            if hay.find(needle[:mid], pos) >= 0:
                lo = mid
            else:
                hi = mid - 1
        if lo < min(20, len(needle)):
            return False
        pos = hay.find(needle[:lo], pos) + lo
        needle = needle[lo:]
        parts += 1
    return parts <= 2 * n_pages


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    briefing, src = args[0], args[1]
    layout = args[args.index("--layout") + 1] if "--layout" in args else None
    pages = int(args[args.index("--pages") + 1]) if "--pages" in args else None
    doc = json.load(open(src, encoding="utf-8"))
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    with tempfile.TemporaryDirectory() as tmp:
        a, b, c = (os.path.join(tmp, n) for n in ("a.pdf", "b.pdf", "c.pdf"))
        extra = ["-l", layout] if layout else []
        r = run([briefing, "build", src, "-o", a, "-q"] + extra, env=env)
        if r.returncode != 0 or not os.path.exists(a):
            fail(f"build failed ({r.returncode}): {r.stderr.strip()}")
            return 1

        r = run(["qpdf", "--check", a])
        if r.returncode != 0 or "WARNING" in (r.stdout + r.stderr).upper():
            fail(f"qpdf --check: {r.returncode}: {(r.stdout + r.stderr).strip()[-400:]}")
        # Repacked: the dictionaries in object streams, a cross-reference
        # stream, no plain table left, and every object still reachable.
        head = open(a, "rb").read()
        if b"/Type /ObjStm" not in head or b"/Type /XRef" not in head or b"\nxref\n" in head:
            fail("the PDF is not repacked into object streams and a cross-reference stream")
        xref = run(["qpdf", "--show-xref", a]).stdout
        if "compressed" not in xref:
            fail("no object is in an object stream (qpdf --show-xref)")

        info = dict(re.findall(r"^([\w ]+):\s*(.*)$", run(["pdfinfo", "-isodates", a]).stdout, re.M))
        if pages is not None and int(info.get("Pages", -1)) != pages:
            fail(f"pages: {info.get('Pages')}, expected {pages}")
        title = "".join(plain(doc["title"]))
        if re.sub(r"\s+", "", info.get("Title", "")) != title:
            fail(f"title metadata {info.get('Title')!r} is not {title!r}")
        if "subtitle" in doc and re.sub(r"\s+", "", info.get("Subject", "")) != "".join(plain(doc["subtitle"])):
            fail(f"subject metadata {info.get('Subject')!r}")
        if "publisher" in doc and info.get("Author") != doc["publisher"]:
            fail(f"author metadata {info.get('Author')!r} is not the publisher")
        if not info.get("Creator", "").startswith("briefing "):
            fail(f"creator metadata {info.get('Creator')!r}")
        date = doc["edition"]["date"] + "T00:00:00Z"
        for k in ("CreationDate", "ModDate"):
            if info.get(k) != date:
                fail(f"{k} {info.get(k)!r}, expected {date}")

        fonts = run(["pdffonts", a]).stdout.splitlines()[2:]
        if not fonts:
            fail("pdffonts lists no fonts")
        for f in fonts:
            cols = f.split()
            # name type... emb sub uni id gen: the three flags sit before the object id.
            emb, sub = cols[-5], cols[-4]
            if emb != "yes" or sub != "yes" or "Type 3" in f:
                fail(f"font not embedded as a subset: {f}")
        # The emoji font only for a document with an emoji (its blocks in
        # src/text/fallback.c, or U+FE0F).
        emoji = re.compile("[\u231a\u231b\u2328\u2388\u23cf\u23e9-\u23f3\u23f8-\u23fa\u2600-\u27bf"
                           "\u2b00-\u2bff\ufe0f\U0001f000-\U0001faff]")
        if not emoji.search(json.dumps(doc, ensure_ascii=False)) and any("Symbola" in f for f in fonts):
            fail("the emoji font is embedded in a document with no emoji")

        text = run(["pdftotext", "-raw", "-enc", "UTF-8", a, "-"]).stdout
        # The readings of ruby are lines of their own, over their line's:
        # left out, the text of a paragraph runs on.
        readings = sorted({m.group(2) for t in texts(doc) for m in RUBY.finditer(t)}, key=len, reverse=True)

        def only_readings(line):
            rest = re.sub(r"\s+", "", line)
            for r in readings:
                rest = rest.replace(r, "")
            return rest == "" and line.strip() != ""

        text = "\n".join(t for t in text.split("\n") if not only_readings(t))
        flat = re.sub(r"\s+", "", text)
        pos = 0
        for t in texts(doc):
            for seg in plain(t):
                if not split_in(seg, flat, int(info.get("Pages", 1))):
                    fail(f"not in the extracted text: {seg[:40]}")
                    continue
                if "--reading-order" in args:
                    nxt = flat.find(seg, pos)
                    if nxt < 0:
                        fail(f"out of reading order: {seg[:40]}")
                    else:
                        pos = nxt + len(seg)
        sources = list(doc.get("sources", [])) + [ch["source"] for ch in doc["chapters"]
                                                  if isinstance(ch.get("source"), dict)]
        for ch in doc["chapters"]:
            sources += block_sources(ch.get("body"))
        sources += block_sources(doc.get("conclusion"))
        raw = open(a, "rb").read()
        qj = run(["qpdf", "--json", "--json-key=qpdf", a]).stdout
        uris = set(re.findall(r'"/URI":\s*"u:([^"]*)"', qj)) | set(re.findall(r'"/URI":\s*"([^"]*)"', qj))
        n_pages = int(info.get("Pages", 1))
        for s in sources:
            if "name" in s and not split_in(re.sub(r"\s+", "", s["name"]), flat, n_pages):
                fail(f"source name not in the text: {s['name'][:80]}")
            if "url" in s and s["url"] not in uris:
                fail(f"no link annotation for {s['url']} (links: {sorted(uris)[:5]})")
        # A link over several lines is one annotation on each page (with a
        # rectangle a line), at most one for the note and one in the list:
        # one a line wrote a long URL's bytes once a line.
        n_links = len(re.findall(r'"/Subtype":\s*"/Link"', qj))
        distinct = len({s["url"] for s in sources if "url" in s})
        if n_links > 2 * n_pages * distinct:
            fail(f"{n_links} link annotations for {distinct} URLs on {n_pages} pages")

        outline = run(["mutool", "show", a, "outline"]).stdout
        marks = [(len(m.group(1)), m.group(2)) for m in re.finditer(r'^([|\t-]*)\s*"([^"]*)"', outline, re.M)]
        names = [n for _, n in marks]
        if not marks or re.sub(r"\s+", "", marks[0][1]) != title:
            fail(f"the first bookmark is not the title: {marks[:1]}")
        number = 0
        for ch in doc["chapters"]:
            number = ch.get("number", number + 1)
            want = f"第{number}章 " + "".join(plain(ch["title"]))
            found = [d for d, n in marks if re.sub(r"\s+", "", n) == re.sub(r"\s+", "", want)]
            if not found:
                fail(f"no bookmark for {want}")
            elif found[0] <= marks[0][0]:
                fail(f"the bookmark for {want} is not under the title")
        if doc.get("key_points") and "要点" not in names:
            fail("no bookmark for the key-points page")
        run([briefing, "build", src, "-o", b, "-q"] + extra, env=env)
        if not os.path.exists(b) or open(b, "rb").read() != raw:
            fail("a second build of the same input gives different bytes")
        env2 = dict(env, SOURCE_DATE_EPOCH="1700000000")
        run([briefing, "build", src, "-o", c, "-q"] + extra, env=env2)
        info2 = dict(re.findall(r"^([\w ]+):\s*(.*)$", run(["pdfinfo", "-isodates", c]).stdout, re.M))
        if info2.get("CreationDate") != "2023-11-14T22:13:20Z":
            fail(f"SOURCE_DATE_EPOCH not honoured: {info2.get('CreationDate')}")
    print(f"{src}: PDF checks: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
