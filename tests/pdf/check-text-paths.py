#!/usr/bin/env python3
"""check-text-paths.py BIN PROJECT WORKDIR - the PDF's own text, whichever
way it is swapped in.

The text operators the program writes replace cairo's placeholders where
the pages' contents are compressed: on the second thread as the pages are
shown, or in the repack when that thread did not (BF_FLATE_AHEAD=0, a test
hook, makes the repack do every page).  For the sample, the feature tour
and a document with right-to-left text, characters no font has and ruby,
in a4 and a4-2col, both ways must give the same PDF bytes; and in the PDF
(its streams decompressed by qpdf) no placeholder is left (a rectangle
filled with the even-odd rule, `re f*`), every page that shows text names
the program's fonts (/FbN) in its resources, and pdffonts lists those
fonts embedded as subsets with a ToUnicode map.
"""

import json
import os
import re
import subprocess
import sys

BIN, PROJECT, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


os.makedirs(WORK, exist_ok=True)
with open(os.path.join(PROJECT, "examples", "ukraine-ceasefire.json"), encoding="utf-8") as f:
    doc = json.load(f)
ch = doc["chapters"][0]
ch["body"] = ch["body"][:3] + ["שלום עולם と مرحبا بالعالم、｜記号《きごう》と\ue000の字。", "Ελληνικά и кириллица, naïve café."]
mixed = os.path.join(WORK, "mixed.json")
with open(mixed, "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False)
docs = [os.path.join(PROJECT, "examples", "ukraine-ceasefire.json"),
        os.path.join(PROJECT, "examples", "feature-tour.json"), mixed]

for path in docs:
    name = os.path.basename(path)[:-len(".json")]
    for layout in ("a4", "a4-2col"):
        pdfs = {}
        for ahead in ("1", "0"):
            out = os.path.join(WORK, "%s-%s-%s.pdf" % (name, layout, ahead))
            env = dict(os.environ, BF_FLATE_AHEAD=ahead)
            r = subprocess.run([BIN, "build", path, "-l", layout, "-o", out, "-f", "-q"], capture_output=True, env=env)
            if r.returncode != 0:
                fail("%s %s BF_FLATE_AHEAD=%s: exit %d: %s" % (name, layout, ahead, r.returncode, r.stderr.decode()))
                continue
            with open(out, "rb") as f:
                pdfs[ahead] = f.read()
        if len(pdfs) < 2:
            continue
        if pdfs["1"] != pdfs["0"]:
            fail("%s %s: the text swapped in by the repack gives other bytes than on the second thread" % (name, layout))
        qdf = os.path.join(WORK, "%s-%s.qdf.pdf" % (name, layout))
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", os.path.join(WORK, "%s-%s-1.pdf" % (name, layout)),
                        qdf], capture_output=True)
        with open(qdf, "rb") as f:
            q = f.read()
        if re.search(rb"\d re f\*", q):
            fail("%s %s: a placeholder is left in the page contents" % (name, layout))
        pages = q.count(b"/Type /Page\n")
        named = len(re.findall(rb"/Font <<\s+/Fb\d+ \d+ 0 R", q))
        if pages == 0 or named < pages - 1:  # a blank page shows no text
            fail("%s %s: %d pages, %d of whose resources name the program's fonts" % (name, layout, pages, named))
        fonts = subprocess.run(["pdffonts", qdf], capture_output=True, text=True).stdout.splitlines()[2:]
        own = [l for l in fonts if "CID Type 0C" in l or "CID TrueType" in l]
        bad = [l for l in own if not re.search(r"^\S+\+\S+\s.*\byes\s+yes\s+yes\b", l)]
        if not own or bad:
            fail("%s %s: fonts not embedded as subsets with ToUnicode: %s" % (name, layout, bad or fonts))
        if name == "mixed" and not any("CID TrueType" in l for l in own):
            fail("%s %s: no TrueType font of the program's (Hebrew, Arabic, Greek)" % (name, layout))
        if not failures:
            print("ok: %s %s: %d bytes either way, %d pages, %d fonts" % (name, layout, len(pdfs["1"]), pages, len(own)))

sys.exit(1 if failures else 0)
