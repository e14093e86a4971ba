#!/usr/bin/env python3
"""Build a briefing and read its structure tree back with `pdfinfo -struct-text`.

Usage: check-tagged.py BRIEFING FILE.json [BUILD OPTIONS...]

Asserts:
  - pdfinfo says `Tagged: yes`, and the tree has one root, Document, and
    only the element names docs/TAGGING.md lists;
  - the tree's text, in the tree's order, holds the input's text in the
    briefing's reading order (title, lead, each chapter's blocks,
    conclusion, key points; the key points after the lead with
    `--key-points first`);
  - H1 are the title and the chapter headings (第N章 …), H2 the section
    headings the document has (まとめ, 要点, 出典一覧, 目次);
  - every summary point and key point is an LBody in an LI of an L, after
    the LI's Lbl;
  - every source note (*N …) is a Note, right after the element whose text
    cites it (*N), or in the run of notes that opens a later page when
    it was carried there (read from the --dump), and every cited number
    has its Note; the notes hold
    each cited source's entry whole, and the list of sources each source's
    name, description, title and URL;
  - every image is a Figure with a Caption after it;
  - the running header and footer (the page numbers N / M) are in no
    element.
"""
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("check_pdf", os.path.join(HERE, "check-pdf.py"))
check_pdf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_pdf)
plain = check_pdf.plain

NAMES = {"Document", "P", "H1", "H2", "L", "LI", "Lbl", "LBody", "Note", "Link", "Span", "Figure",
         "Caption", "Table", "TR", "TH", "TD"}

failures = []


def fail(msg):
    failures.append(msg)
    print(f"FAIL: {msg}", file=sys.stderr)


class Node:
    def __init__(self, tag, parent):
        self.tag, self.parent, self.kids, self.texts = tag, parent, [], []

    def text(self):
        """All the text under the node, white space removed."""
        return re.sub(r"\s+", "", "".join(self.texts) + "".join(k.text() for k in self.kids))


def parse(out):
    """pdfinfo -struct-text: two spaces a level, an element's name (and
    its kind), its text in quotes, annotations as `Object N 0`."""
    root = Node(None, None)
    stack = [(-1, root)]
    for line in out.splitlines():
        depth = (len(line) - len(line.lstrip(" "))) // 2
        body = line.strip()
        while stack[-1][0] >= depth:
            stack.pop()
        parent = stack[-1][1]
        if body.startswith('"'):
            parent.texts.append(json.loads(body) if body.endswith('"') else body.strip('"'))
        elif re.match(r"Object \d+ \d+$", body):
            continue
        else:
            node = Node(body.split(" ")[0], parent)
            parent.kids.append(node)
            stack.append((depth, node))
    return root


def walk(node):
    for k in node.kids:
        yield k
        yield from walk(k)


def reading_order(doc, key_points_first):
    many = lambda v: [v] if isinstance(v, str) else (v or [])
    head = [doc["title"]] + many(doc.get("subtitle")) + many(doc.get("lead"))
    body = []
    for ch in doc["chapters"]:
        body += [ch["title"]] + [ch[k] for k in ("question", "answer", "intro") if k in ch]
        body += ch.get("summary", [])
        body += many(ch.get("comment"))
        if "image" in ch and "caption" in ch["image"]:
            body += [ch["image"]["caption"]]
        body += check_pdf.blocks(ch.get("body")) + many(ch.get("aside"))
    body += check_pdf.blocks(doc.get("conclusion"))
    kp = doc.get("key_points", [])
    return head + kp + body if key_points_first else head + body + kp


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    briefing, src, opts = args[0], args[1], args[2:]
    doc = json.load(open(src, encoding="utf-8"))
    kp_first = "--key-points" in opts and opts[opts.index("--key-points") + 1] == "first"
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "t.pdf")
        dump = os.path.join(tmp, "t.dump")
        r = subprocess.run([briefing, "build", src, "-o", pdf, "-q", "--dump", dump] + opts,
                           capture_output=True, text=True)
        if r.returncode != 0:
            fail(f"build failed ({r.returncode}): {r.stderr.strip()}")
            return 1
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        if not re.search(r"^Tagged:\s+yes$", info, re.M):
            fail("pdfinfo does not say Tagged: yes")
        out = subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True, text=True).stdout
        # From the dump: the notes carried to a page other than the one
        # that cites them (no room at its foot).
        carried, cited_on = set(), set()
        for line in open(dump, encoding="utf-8"):
            if line.startswith("page "):
                cited_on = set()
            elif m := re.search(r" cites=([\d,]+)", line):
                cited_on |= set(m.group(1).split(","))
            elif m := re.match(r"  note (\d+) [\d.]+ [\d.]+(?: line=\d+/\d+)?: \*(\d+)", line):
                if m.group(1) not in cited_on:
                    carried.add(m.group(1))
    root = parse(out)
    if [k.tag for k in root.kids] != ["Document"]:
        fail(f"the tree's roots are {[k.tag for k in root.kids][:5]}, not one Document")
        return 1
    nodes = list(walk(root))
    for n in nodes:
        if n.tag not in NAMES:
            fail(f"unexpected element {n.tag}")

    # The text in the tree's order holds the input's in reading order.  The
    # notes, checked below, are left out: a paragraph split across pages
    # has the notes of the first page between its two parts.
    def text_without_notes(n):
        if n.tag == "Note":
            return ""
        return re.sub(r"\s+", "", "".join(n.texts)) + "".join(text_without_notes(k) for k in n.kids)
    flat = text_without_notes(root)
    # Ruby readings are drawn after their line, inside its element: the
    # base is the text, the readings are left out to compare.
    readings = sorted({m.group(2) for t in check_pdf.texts(doc)
                       for m in check_pdf.RUBY.finditer(t.replace("\\｜", ""))}, key=len, reverse=True)
    alt = "|".join(re.escape(r) for r in readings)
    floats = {b["figure"][k] for v in [ch.get("body") for ch in doc["chapters"]] + [doc.get("conclusion")]
              if isinstance(v, list) for b in v if isinstance(b, dict) and "figure" in b
              for k in ("caption", "credit") if k in b["figure"]}

    def find(seg, pos):
        at = flat.find(seg, pos)
        if at >= 0 or not alt:
            return at, at + len(seg)
        # A paragraph with ruby: its readings may stand between its lines.
        m = re.compile(f"(?:{alt})*".join(re.escape(ch) for ch in seg)).search(flat, pos)
        return (m.start(), m.end()) if m else (-1, -1)
    pos = 0
    for t in reading_order(doc, kp_first):
        # A figure may float to the next page, the text after it moving
        # up: its caption must be there, in its own order or not.
        floated = t in floats
        for seg in plain(t):
            at, end = find(seg, 0 if floated else pos)
            if at < 0:
                fail(f"not in the tree in reading order: {seg[:40]}")
            elif not floated:
                pos = end

    # Headings.
    h1 = [n.text() for n in nodes if n.tag == "H1"]
    want = ["".join(plain(doc["title"]))]
    number = 0
    for ch in doc["chapters"]:
        number = ch.get("number", number + 1)
        want.append(f"第{number}章" + "".join(plain(ch["title"])))
    if h1 != want:
        fail(f"H1 are {h1}, expected {want}")
    h2 = {n.text() for n in nodes if n.tag == "H2"}
    want2 = {"出典一覧"} if doc.get("sources") or any("source" in c for c in doc["chapters"]) else set()
    if doc.get("conclusion"):
        want2.add("まとめ")
    if doc.get("key_points"):
        want2.add("要点")
    if "--toc" in opts:
        want2.add("目次")
    if h2 != want2:
        fail(f"H2 are {sorted(h2)}, expected {sorted(want2)}")

    # List items.
    bodies = [n for n in nodes if n.tag == "LBody"]
    for n in bodies:
        li = n.parent
        if li.tag != "LI" or li.parent.tag != "L" or not li.kids or li.kids[0].tag not in ("Lbl", "LBody"):
            fail(f"LBody not in LI in L: {n.text()[:30]}")
        if li.kids and li.kids[0].tag == "LBody" and li.kids[0] is n and li is li.parent.kids[0]:
            fail(f"the first list item has no Lbl: {n.text()[:30]}")
    items = [p for ch in doc["chapters"] for p in ch.get("summary", [])] + doc.get("key_points", [])
    joined = "".join(n.text() for n in bodies)
    for t in items:
        for seg in plain(t):
            if seg not in joined:
                fail(f"a list item not in an LBody: {seg[:40]}")

    # Notes, each right after the element that cites it.
    elems = [n for n in nodes if n.tag not in ("Link", "Span", "Lbl") and (n.texts or n.tag == "Note" or
             any(k.tag in ("Link", "Span") for k in n.kids))]
    seen = set()
    for i, n in enumerate(elems):
        if n.tag != "Note":
            continue
        m = re.match(r"\*(\d+)", n.text())
        if not m:
            continue  # the rest of a note continued from the page before
        seen.add(m.group(1))
        before = [e for e in elems[:i] if e.tag != "Note"]
        mark = "*" + m.group(1)
        cites = lambda e: re.search(re.escape(mark) + r"(?!\d)", e.text())
        # A note carried over to a later page opens that page, after the
        # notes going on from the page before.
        prev = elems[i - 1] if i > 0 else None
        opens = m.group(1) in carried and any(cites(e) for e in before) and prev is not None and (
            prev.tag == "Note" or not cites(prev))
        if not before or not (cites(before[-1]) or opens):
            fail(f"note {mark} does not follow the element citing it "
                 f"(after {before[-1].text()[:30] if before else None!r})")
    # The list of sources holds each source whole, and the notes, read in
    # the tree's order (a note split across pages goes on first thing on
    # the next), each cited source's entry whole.
    at_list = [i for i, e in enumerate(elems) if e.tag == "H2" and e.text() == "出典一覧"]
    entries, last = {}, None
    for e in elems[at_list[0] + 1:] if at_list else []:
        m = re.match(r"\*(\d+)", e.text())
        if m:
            last = m.group(1)
            entries[last] = e.text()
        elif e.tag != "Note" and last:
            entries[last] += e.text()  # an entry split across pages
    listed = "".join(entries.values())
    sources = list(doc.get("sources", [])) + [ch["source"] for ch in doc["chapters"] if "source" in ch]
    for src_ in sources:
        for k in ("name", "description", "title", "url"):
            if k in src_ and re.sub(r"\s+", "", src_[k]) not in listed:
                fail(f"the list of sources lacks {k} {src_[k][:40]!r}")
    for src_ in doc.get("sources", []):
        if "accessed" in src_ and not any(e.endswith("閲覧）") and re.sub(r"\s+", "", src_["name"]) in e
                                          for e in entries.values()):
            fail(f"the list's entry for {src_['name'][:40]!r} does not end with its access date")
    notes = "".join(n.text() for n in nodes if n.tag == "Note")
    for num in sorted(seen):
        if entries.get(num, "?") not in notes:
            fail(f"note *{num} is not whole in the notes: {entries.get(num, '')[:40]!r}")
    cited = set()
    for n in nodes:
        if n.tag not in ("Note", "Link") and not (n.parent and n.parent.tag == "Note"):
            cited |= set(re.findall(r"\*(\d+)", "".join(n.texts)))
    for c in sorted(cited - seen):
        fail(f"no Note for *{c}")

    # Figures.
    figures = [n for n in nodes if n.tag == "Figure"]
    n_images = sum(1 for ch in doc["chapters"] if "image" in ch)
    for v in [ch.get("body") for ch in doc["chapters"]] + [doc.get("conclusion")]:
        n_images += sum(1 for b in v if isinstance(b, dict) and "figure" in b) if isinstance(v, list) else 0
    if len(figures) != n_images:
        fail(f"{len(figures)} Figure elements for {n_images} images")
    for f in figures:
        sib = f.parent.kids
        k = sib.index(f)
        if k + 1 >= len(sib) or sib[k + 1].tag != "Caption":
            fail("a Figure without its Caption after it")

    # The running header and footer are artifacts.
    for n in nodes:
        for t in n.texts:
            if re.fullmatch(r"\s*\d+\s*/\s*\d+\s*", t):
                fail(f"a page number in the tree: {t!r}")
    print(f"{src} {' '.join(opts)}: structure checks: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
