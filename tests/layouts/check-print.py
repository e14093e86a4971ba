#!/usr/bin/env python3
"""Check the print options on real output.

Usage: check-print.py BRIEFING FILE.json

  --grayscale      every colour operator in every content stream is a gray
                   (rg/RG with r = g = b, or g/G); no CMYK, no other space;
  --duplex         odd and even pages mirror: the text area of an even page
                   is that of an odd page reflected about the page's middle;
  --chapter-recto  with --duplex, every chapter starts on an odd page, and a
                   page left blank before it carries nothing;
  --toc            the table of contents gives each chapter the page its
                   heading is on;
  --key-points first  the key points come before the first chapter.
"""
import os
import re
import subprocess
import sys
import tempfile

failures = []


def fail(msg):
    failures.append(msg)
    print(f"FAIL: {msg}", file=sys.stderr)


def build(bin, src, out, *flags):
    dump = out + ".dump"
    r = subprocess.run([bin, "build", src, "-q", "-o", out, "--dump", dump, *flags], capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"build {' '.join(flags)} failed: {r.stderr.strip()}")
        return None
    return open(dump, encoding="utf-8").read()


def pages_of(dump):
    pages = []
    for line in dump.splitlines():
        m = re.match(r"page (\d+) area ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)( blank)?$", line)
        if m:
            pages.append({"n": int(m[1]), "x": float(m[2]), "w": float(m[4]), "blank": bool(m[6]), "lines": []})
        elif pages and line.startswith("  "):
            pages[-1]["lines"].append(line)
    return pages


def main():
    bin, src = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        # Grayscale: read every content stream, uncompressed.
        gray = os.path.join(tmp, "gray.pdf")
        if build(bin, src, gray, "--grayscale") is not None:
            qdf = os.path.join(tmp, "gray-qdf.pdf")
            subprocess.run(["qpdf", "--qdf", "--object-streams=disable", gray, qdf], check=True)
            data = open(qdf, "rb").read().decode("latin-1")
            ops = re.findall(r"((?:-?[\d.]+\s+)+)(rg|RG|k|K|g|G|sc|SC|scn|SCN)\b", data)
            if not ops:
                fail("no colour operators found in the grayscale PDF (the check would prove nothing)")
            for nums, op in ops:
                v = [float(x) for x in nums.split()]
                if op in ("rg", "RG"):
                    if len(v) < 3 or max(v[-3:]) - min(v[-3:]) > 1e-4:
                        fail(f"colour in a grayscale PDF: {nums.strip()} {op}")
                elif op in ("k", "K", "sc", "SC", "scn", "SCN"):
                    fail(f"non-gray colour operator in a grayscale PDF: {nums.strip()} {op}")
            for line in subprocess.run(["pdfimages", "-list", gray], capture_output=True, text=True).stdout.splitlines()[2:]:
                cols = line.split()
                if len(cols) > 5 and cols[5] not in ("gray", "index") and cols[7] != "jpeg":
                    fail(f"a {cols[5]} image in a grayscale PDF: {line.strip()}")
            colour = os.path.join(tmp, "colour.pdf")
            build(bin, src, colour)
            subprocess.run(["qpdf", "--qdf", "--object-streams=disable", colour, qdf], check=True)
            data = open(qdf, "rb").read().decode("latin-1")
            if not any(len(set(n.split()[-3:])) > 1 for n, op in re.findall(r"((?:-?[\d.]+\s+){3})(rg|RG)\b", data)):
                fail("the colour PDF has no colour either (the check would prove nothing)")

        # Duplex with chapters on right-hand pages.
        dump = build(bin, src, os.path.join(tmp, "duplex.pdf"), "--duplex", "--chapter-recto")
        if dump is not None:
            pages = pages_of(dump)
            width = float(re.match(r"document \d+ pages ([\d.]+)", dump).group(1))
            odd = [p for p in pages if p["n"] % 2 == 1]
            even = [p for p in pages if p["n"] % 2 == 0]
            if not even:
                fail("duplex: no even page to compare")
            for p in even:
                o = odd[0]
                if abs((width - (p["x"] + p["w"])) - o["x"]) > 0.15:
                    fail(f"duplex: page {p['n']} text area at x={p['x']} does not mirror page 1's at x={o['x']}")
            if abs(odd[0]["x"] - even[0]["x"]) < 0.5 and abs(width / 2 - (odd[0]["x"] + odd[0]["w"] / 2)) > 0.5:
                fail("duplex: odd and even pages have the same margins")
            starts = 0
            for p in pages:
                for line in p["lines"]:
                    # A chapter starts at its heading's first line.
                    if re.match(r"  line \S+ \S+ w=\S+ h=\S+ heading p\d+:1/", line) and 'outline="第' in line:
                        starts += 1
                        if p["n"] % 2 == 0:
                            fail(f"chapter-recto: a chapter starts on even page {p['n']}")
            if not starts:
                fail("chapter-recto: no chapter heading found (the check would prove nothing)")
                if p["blank"] and p["lines"]:
                    fail(f"blank page {p['n']} carries something")

        # The table of contents: each entry's number is its chapter's page.
        dump = build(bin, src, os.path.join(tmp, "toc.pdf"), "--toc")
        if dump is not None:
            pages = pages_of(dump)
            heading_page = {}
            for p in pages:
                for line in p["lines"]:
                    m = re.search(r' heading .*outline="(第\d+章)', line)
                    if m:
                        heading_page.setdefault(m.group(1), p["n"])
            entries = re.findall(r": (第\d+章)　.* \.\.\. (\d+)$", dump, re.M)
            if not entries or len(entries) != len(heading_page):
                fail(f"toc: {len(entries)} entries for {len(heading_page)} chapters")
            for ch, n in entries:
                if heading_page.get(ch) != int(n):
                    fail(f"toc: {ch} listed on page {n}, its heading is on page {heading_page.get(ch)}")

        # Key points first: before the first chapter heading.
        dump = build(bin, src, os.path.join(tmp, "kp.pdf"), "--key-points", "first")
        if dump is not None:
            kp = dump.find('outline="要点"')
            ch = dump.find('outline="第')
            if kp < 0 or ch < 0 or kp > ch:
                fail("key points first: the key points do not come before the first chapter")
    print(f"{src}: print options: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
