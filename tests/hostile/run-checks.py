#!/usr/bin/env python3
"""Input checking and messages: exact messages and exit statuses.

Usage: run-checks.py BRIEFING SAMPLE.json

- `check` is a full pre-check: for every input below, `check` and `build`
  print the same messages and exit with the same status (-l, --set and
  --strict honoured), and `check` writes nothing.
- Markup that is almost right warns and is still set as written (read back
  from the PDF with pdftotext).
- --set goes through the whole-layout checks; out-of-range values and
  --png-dpi nan are refused; a refused run leaves an existing PDF as it was.
- Control characters in a message come out escaped.
- Numbers up to 2^53 are printed as written: PDF text, bookmarks, dump.
"""
import re
import json
import os
import subprocess
import sys
import tempfile

failures = 0
checks = 0



# Content messages carry the line and column of what they name (the loader
# cases check those exactly); here only what is said counts.
_PLACE = re.compile(r"^(\S+?\.(?:json|yaml|yml)|<stdin>):\d+:\d+: ((?:error|warning): [A-Za-z_][\w.\[\]-]*: )", re.M)


def unplace(text):
    return _PLACE.sub(r"\1: \2", text)

def fail(name, *why):
    global failures
    failures += 1
    print(f"FAIL {name}:", *why, sep="\n  ")


def expect(name, got, want):
    global checks
    checks += 1
    if got != want:
        fail(name, f"expected: {want!r}", f"actual:   {got!r}")
        return False
    return True


def doc(chapters, **kw):
    d = {"format": "briefing/1", "title": "検査の試験", "edition": {"date": "2025-02-21"}, "chapters": chapters}
    d.update(kw)
    return d


MARKUP = doc([{"title": "章", "body": ["閉じない**強調の段落。", "引用[^ id]と[^]の段落。", "空の****強調。"]}])
GLYPH = doc([{"title": "章", "body": ["ルーン文字ᚠの段落。"]}])
NUMBERS = doc([{"title": "一", "number": 9007199254740991}, {"title": "二"}],
              edition={"date": "2025-02-21", "number": 9007199254740992})

ESC = "\x1b]0;pwned\x07"

W_UNCLOSED = 'x.json: warning: chapters[0].body[0]: "**" is never closed; set as written: "**強調の段落。"'
W_CITE = ('x.json: warning: chapters[0].body[1]: "[^" starts no citation (expected [^id], the id of letters, '
          "digits, '_' and '-'); set as written: \"[^ id]と[^]の段落。\"")
W_EMPTY = 'x.json: warning: chapters[0].body[2]: "****" makes nothing strong; set as written: "****強調。"'
W_GLYPH = "x.json: warning: chapters[0].body[0]: no font has U+16A0 ᚠ; it is set as a box"

# name, document, options, exit status, the exact messages (-q: no "ok" or "wrote")
CASES = [
    ("markup", MARKUP, [], 0, [W_UNCLOSED, W_CITE, W_EMPTY]),
    ("markup-strict", MARKUP, ["--strict"], 2, [w.replace("warning:", "error:") for w in (W_UNCLOSED, W_CITE, W_EMPTY)]),
    ("missing-glyph", GLYPH, [], 0, [W_GLYPH]),
    ("missing-glyph-strict", GLYPH, ["--strict"], 2, [W_GLYPH.replace("warning:", "error:")]),
    ("set-margin", GLYPH, ["--set", "page.margin.inner=200mm"], 2,
     ["--set: error: the text area (-28 x 723 pt) is too small for the text size"]),
    ("set-rule", GLYPH, ["--set", "rule.weight=1000mm"], 2,
     ['--set: error: rule.weight: bad value "1000mm": expected a length from 0pt to 5pt']),
    ("set-indent", GLYPH, ["--set", "paragraph.indent=1000"], 2,
     ['--set: error: paragraph.indent: bad value "1000": expected a number from 0 to 4 (em)']),
    ("set-hex", GLYPH, ["--set", "font.text.size=0x10"], 2,
     ['--set: error: font.text.size: bad value "0x10": expected a size from 4pt to 96pt']),
    ("set-nan", GLYPH, ["--set", "font.note.leading=nan"], 2,
     ['--set: error: font.note.leading: bad value "nan": expected a line pitch from 4pt to 144pt']),
    ("set-leading", GLYPH, ["--set", "font.text.leading=8pt"], 2,
     ["--set: error: font.text.leading (8.0 pt) is less than font.text.size (10.0 pt): lines would overprint"]),
    ("set-a5-size", GLYPH, ["-l", "a5", "--set", "font.text.size=18pt", "--set", "font.text.leading=24pt"], 2,
     ["--set: error: the text area (351 x 513 pt) is too small for the text size"]),
    ("set-escape", GLYPH, ["--set", "color.accent=" + ESC], 2,
     ['--set: error: color.accent: bad value "\\x1b]0;pwned\\x07": expected a colour like #1f4e79']),
    ("set-escape-key", GLYPH, ["--set", "page.\x9b31m=1"], 0,
     ['--set: warning: unknown key "page.\\xc2\\x9b31m"', W_GLYPH]),
    ("no-layout", GLYPH, ["-l", "nope"], 2, ["nope: error: no such layout; there are: a4, a4-2col, a5, b5"]),
    ("numbers", NUMBERS, [], 0, []),
    ("png-dpi-nan", GLYPH, ["--png-dpi", "nan"], 2,
     ["briefing: error: --png-dpi: expected a number from 10 to 600, got 'nan'"]),
    ("png-dpi-inf", GLYPH, ["--png-dpi", "inf"], 2,
     ["briefing: error: --png-dpi: expected a number from 10 to 600, got 'inf'"]),
    ("png-dpi-hex", GLYPH, ["--png-dpi", "0x40"], 2,
     ["briefing: error: --png-dpi: expected a number from 10 to 600, got '0x40'"]),
]

# Inputs for which check must say exactly what build says, whatever that is
# (images are decoded when the PDF is drawn; what a bad one gives is the
# image code's to decide, that check gives the same is this test's).
IMAGE = lambda path: doc([{"title": "画像", "body": ["ルーン文字ᚠ"], "image": {"path": path, "caption": "図"}}])
SAME = [
    ("image-good", IMAGE("good.png"), []),
    ("image-garbage", IMAGE("garbage.png"), []),
    ("image-garbage-strict", IMAGE("garbage.png"), ["--strict"]),
    ("image-truncated-jpeg", IMAGE("cut.jpg"), []),
    ("glyph-2col-toc", GLYPH, ["-l", "a4-2col", "--toc", "--duplex", "--chapter-recto"]),
    ("markup-b5-strict", MARKUP, ["-l", "b5", "--strict", "--grayscale"]),
    ("bad-date-style", GLYPH, ["--date-style", "roman"]),
]


def run(bin, args, cwd):
    r = subprocess.run([bin] + args, capture_output=True, cwd=cwd, timeout=60)
    return r.returncode, unplace(r.stderr.decode("utf-8", "backslashreplace")).splitlines()


def listing(d):
    return sorted(os.path.relpath(os.path.join(p, f), d) for p, _, fs in os.walk(d) for f in fs)


def images(tmp, cases_dir):
    with open(os.path.join(cases_dir, "tiny.png"), "rb") as f:
        png = f.read()
    with open(os.path.join(cases_dir, "tiny.jpg"), "rb") as f:
        jpg = f.read()
    for name, data in (("good.png", png), ("garbage.png", png[:33] + b"\x5a" * 200),
                       ("cut.jpg", jpg[:len(jpg) // 2])):
        with open(os.path.join(tmp, name), "wb") as f:
            f.write(data)


def main():
    bin = os.path.abspath(sys.argv[1])
    cases_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "loader", "cases")
    with tempfile.TemporaryDirectory() as tmp:
        images(tmp, cases_dir)
        for name, d, opts in SAME:
            with open(os.path.join(tmp, "x.json"), "w", encoding="utf-8") as f:
                json.dump(d, f, ensure_ascii=False)
            before = listing(tmp)
            checked = run(bin, ["check", "x.json", "-q"] + opts, tmp)
            expect(f"{name}: check wrote nothing", listing(tmp), before)
            built = run(bin, ["build", "x.json", "-q", "-f", "-o", "x.pdf"] + opts, tmp)
            expect(f"{name}: check says what build says", checked, built)
            if os.path.exists(os.path.join(tmp, "x.pdf")):
                os.unlink(os.path.join(tmp, "x.pdf"))
        for name, d, opts, status, messages in CASES:
            src = os.path.join(tmp, "x.json")
            with open(src, "w", encoding="utf-8") as f:
                json.dump(d, f, ensure_ascii=False)
            before = listing(tmp)
            got = run(bin, ["check", "x.json", "-q"] + opts, tmp)
            expect(f"{name}: check", got, (status, messages))
            # Only the writing is skipped: no PDF, no out/, nothing else.
            expect(f"{name}: check wrote nothing", listing(tmp), before)
            # build gives the same messages and status; a refused build
            # leaves the PDF that was there as it was.
            out = os.path.join(tmp, "x.pdf")
            with open(out, "wb") as f:
                f.write(b"an earlier edition")
            got = run(bin, ["build", "x.json", "-q", "-f", "-o", "x.pdf"] + opts, tmp)
            expect(f"{name}: build", got, (status, messages))
            with open(out, "rb") as f:
                kept = f.read() == b"an earlier edition"
            expect(f"{name}: the earlier PDF {'kept' if status else 'replaced'}", kept, status != 0)
            if status != 0:
                continue
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", out, "-"], capture_output=True,
                                  check=True).stdout.decode()
            flat = "".join(text.split())
            if name == "markup":
                # Still set literally, every character of it.
                for s in ("閉じない**強調の段落。", "引用[^id]と[^]の段落。", "空の****強調。"):
                    expect(f"markup: {s} set as written", s in flat, True)
            if name == "numbers":
                for s in ("第9007199254740992号", "第9007199254740991章", "第9007199254740992章"):
                    expect(f"numbers: {s} in the PDF", s in flat, True)
                outline = subprocess.run(["qpdf", "--json", "--json-key=outlines", out], capture_output=True,
                                         check=True).stdout.decode()
                titles = [o["title"] for o in json.loads(outline)["outlines"][0]["kids"]]
                expect("numbers: bookmarks", titles, ["第9007199254740991章 一", "第9007199254740992章 二"])
                dump = subprocess.run([bin, "build", "x.json", "-q", "-f", "-o", "x.pdf", "--dump", "-"],
                                      capture_output=True, cwd=tmp, check=True).stdout.decode()
                expect("numbers: dump", [s in dump for s in ("第9007199254740992号", "第9007199254740992章")],
                       [True, True])
            os.unlink(out)
    print(f"checks: {checks - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
