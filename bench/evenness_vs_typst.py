#!/usr/bin/python3
"""How evenly this program and Typst 0.14 set the same texts, per layout.

Usage: bench/evenness_vs_typst.py [--binary build/briefing] [--workdir bench/work] [--peer DIR] [TEXT.json...]

Builds each text (default: the sample and every bench/texts/*.json) with
this program in a4, b5, a5 and a4-2col, and with the Typst peer's template
changed to the same paper, margins, text size and columns, then counts on
each PDF, with tests/jlreq/evenness.py, the lines of Japanese text, the
mid-line 、。，． set half-width and the lines letter-spaced by more than
0.10 em.  Prints a Markdown table.  Typst is installed as bench/vs_typst.py
does it (npm ci in WORKDIR/typst-peer); without it only this program's
figures are printed.  Never part of the test suite.
"""

import argparse
import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "jlreq"))
import evenness  # noqa: E402
import vs_typst  # noqa: E402

# What each layout file sets, as Typst says it: paper, margins, text size,
# columns and their gap.
LAYOUTS = {
    "a4": ('"a4"', "(top: 22mm, bottom: 20mm, inside: 20mm, outside: 20mm)", "10pt", 1, "0mm"),
    "b5": ('"jis-b5"', "(top: 20mm, bottom: 18mm, inside: 18mm, outside: 16mm)", "9.5pt", 1, "0mm"),
    "a5": ('"a5"', "(top: 15mm, bottom: 14mm, inside: 12mm, outside: 12mm)", "8.5pt", 1, "0mm"),
    "a4-2col": ('"a4"', "(top: 18mm, bottom: 17mm, inside: 15mm, outside: 15mm)", "9pt", 2, "7mm"),
}


def template_for(peer, layout):
    """The peer's template with the layout's page and text size."""
    paper, margin, size, cols, gap = LAYOUTS[layout]
    with open(os.path.join(peer, "briefing-json.typ"), encoding="utf-8") as f:
        typ = f.read()
    old_text = "#set text(font: serif, size: 10pt,"
    old_page = '#set page(paper: "a4", margin: 20mm,'
    if old_text not in typ or old_page not in typ:
        raise SystemExit("evenness_vs_typst: the peer's template is not the one this script knows")
    typ = typ.replace(old_text, f"#set text(font: serif, size: {size},")
    typ = typ.replace(old_page, f"#set columns(gutter: {gap})\n#set page(paper: {paper}, margin: {margin}, "
                                f"columns: {cols},")
    path = os.path.join(peer, f"briefing-json-{layout}.typ")
    with open(path, "w", encoding="utf-8") as f:
        f.write(typ)
    return path


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "briefing"))
    ap.add_argument("--workdir", default=os.path.join(HERE, "work"))
    ap.add_argument("--peer", default=None)
    ap.add_argument("texts", nargs="*")
    a = ap.parse_args(argv)
    texts = a.texts or [os.path.join(ROOT, "examples", "ukraine-ceasefire.json")] + sorted(
        glob.glob(os.path.join(HERE, "texts", "*.json")))
    out = os.path.join(a.workdir, "evenness")
    os.makedirs(out, exist_ok=True)
    src = vs_typst.find_peer(a.peer)
    peer = vs_typst.install_peer(src, a.workdir) if src and vs_typst.ensure_noto() else None
    print("| text | layout | lines (ours / Typst) | mid-line 、。，． half (ours / Typst) "
          "| spaced > 0.10 em (ours / Typst) |")
    print("|---|---|---:|---:|---:|")
    for text in texts:
        name = os.path.splitext(os.path.basename(text))[0]
        for layout in LAYOUTS:
            ours = os.path.join(out, f"{name}-{layout}.pdf")
            subprocess.run([a.binary, "build", text, "-l", layout, "-o", ours, "-f", "-q"], check=True)
            n, spaced, _, mid, _ = evenness.measure(ours)
            cell = [str(n), str(mid), str(spaced)]
            if peer:
                theirs = os.path.join(out, f"{name}-{layout}.typst.pdf")
                subprocess.run(["node", os.path.join(peer, "compile-json.js"), template_for(peer, layout),
                                os.path.abspath(text), theirs], check=True, cwd=peer)
                tn, tspaced, _, tmid, _ = evenness.measure(theirs)
                cell = [f"{n} / {tn}", f"{mid} / {tmid}", f"{spaced} / {tspaced}"]
            print(f"| {name} | {layout} | " + " | ".join(cell) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
