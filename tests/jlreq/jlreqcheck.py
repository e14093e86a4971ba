"""The machinery behind jlreq-spec.py: build one briefing per case, read the
glyph positions back from the PDF, and the checks.

Positions come from `mutool convert -F stext -O inhibit-spaces` (the same
structured text as `mutool draw -F stext`, without the spaces mupdf makes up
for wide gaps): each character's origin x, baseline y and quad, whose width
is the glyph's advance in the font.  Body lines are the characters in the
text font (Noto Serif CJK JP) at the text size, grouped by baseline; note
lines are the characters of the note role (Noto Sans CJK JP, 7.5 pt).

All lengths are PostScript points; EM is the text size (10 pt).
"""
import json
import math
import os
import re
import subprocess
import xml.etree.ElementTree as ET

EM = 10.0
NOTE_SIZE = 7.5
TOL_EDGE = 0.1  # a line's edge against the measure
TOL_POS = 0.05  # one origin against another

# JLREQ 3.1.7: closing brackets and quotes (cl-02), hyphens (cl-03), dividing
# punctuation (cl-04), middle dots (cl-05), full stops (cl-06), commas (cl-07),
# iteration marks (cl-09), the prolonged sound mark (cl-10), small kana (cl-11).
NOT_STARTING = set(
    "」』）］｝〕】〉》〙〗｠”’)]}"
    "、。，．,."
    "・：；"
    "？！?!‼⁇⁈⁉"
    "々〻ゝゞヽヾ"
    "ー"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
)
# JLREQ 3.1.8: opening brackets and quotes (cl-01).
NOT_ENDING = set("「『（［｛〔【〈《〘〖｟“‘([{")
# Full-width opening brackets: their ink is the right half of the em box.
OPEN_FULL = set("「『（［｛〔【〈《〘〖｟")
# Closing marks that may end a line set half-width (their blank half dropped).
HALF_AT_END = set("、。，．」』）］｝〕】〉》")
# JLREQ 3.1.10: never split between two of these.
INSEPARABLE = set("…‥—―")
HANGABLE = set("、。")


# ---- the PDF read back --------------------------------------------------------

class Glyph:
    __slots__ = ("c", "x", "y", "adv", "page")

    def __init__(self, c, x, y, adv, page):
        self.c, self.x, self.y, self.adv, self.page = c, x, y, adv, page

    def moved(self, dx=0.0, c=None, adv=None):
        return Glyph(self.c if c is None else c, self.x + dx, self.y, self.adv if adv is None else adv, self.page)

    def __repr__(self):
        return f"{self.c}@{self.x:.2f}+{self.adv:.2f}"


class Line:
    def __init__(self, glyphs):
        self.glyphs = list(glyphs)

    @property
    def text(self):
        return "".join(g.c for g in self.glyphs)

    def ink(self):
        """The glyphs without trailing spaces (a space at a line end sets nothing)."""
        gs = list(self.glyphs)
        while gs and gs[-1].c.isspace():
            gs.pop()
        return gs


class Setting:
    """One case's PDF, read back."""

    def __init__(self, body, notes, left, right, pdf, hanging, text):
        self.body, self.notes = body, notes
        self.left, self.right = left, right
        self.pdf, self.hanging, self.text = pdf, hanging, text
        self._pdftext = None

    def pdftext(self):
        if self._pdftext is None:
            # -raw: the content stream's order (the layout mode takes the full-width
            # space after ？ for a column gap and reorders the text).
            r = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", self.pdf, "-"], capture_output=True, text=True)
            self._pdftext = r.stdout
        return self._pdftext

    def copy(self, body=None):
        s = Setting(self.body if body is None else body, self.notes, self.left, self.right, self.pdf,
                    self.hanging, self.text)
        s._pdftext = self._pdftext
        return s

    def find(self, sub):
        """The glyphs of the first occurrence of `sub` inside one body line."""
        for line in self.body:
            i = line.text.find(sub)
            if i >= 0:
                return line.glyphs[i:i + len(sub)]
        return None


def layout_text(width_em, extra):
    """A layout whose text area is exactly `width_em` em of the 10 pt text wide:
    the page is that plus two 20 pt margins (the measure is snapped to whole em
    and centred, so nothing moves)."""
    lines = [
        f"page.size = {40 + EM * width_em:g}pt x 700pt",
        "page.margin.inner = 20pt",
        "page.margin.outer = 20pt",
        f"font.text.size = {EM:g}pt",
    ]
    return "\n".join(lines + list(extra)) + "\n"


def text_area(width_em):
    page = 40 + EM * width_em
    avail = page - 40
    width = math.floor(avail / EM + 1e-9) * EM
    left = 20 + (avail - width) / 2
    return left, left + width


def document(text, source):
    doc = {
        "format": "briefing/1",
        "title": "JLREQ",
        "edition": {"date": "2025-02-21"},
        "chapters": [{"title": "試験", "body": [text]}],
    }
    if source:
        doc["sources"] = [source]
    return doc


def build(bf_bin, workdir, key, text, width_em, layout_extra, source):
    """Build one case; returns (pdf, xml) or raises RuntimeError."""
    base = os.path.join(workdir, key)
    with open(base + ".json", "w", encoding="utf-8") as f:
        json.dump(document(text, source), f, ensure_ascii=False, indent=1)
    with open(base + ".layout", "w", encoding="utf-8") as f:
        f.write(layout_text(width_em, layout_extra))
    try:
        r = subprocess.run([bf_bin, "build", base + ".json", "-q", "-o", base + ".pdf", "-l", base + ".layout"],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"briefing build failed ({r.returncode}): {r.stderr.strip()}")
        r = subprocess.run(["mutool", "convert", "-F", "stext", "-O", "inhibit-spaces", "-o", base + ".xml",
                            base + ".pdf"], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"mutool failed: {r.stderr.strip()}")
    except OSError as e:
        raise RuntimeError(str(e)) from e
    return base + ".pdf", base + ".xml"


def read_lines(xml_path, family, size):
    """Lines of the characters in `family` at `size`, grouped by page and baseline."""
    root = ET.parse(xml_path).getroot()
    groups = {}
    for pi, page in enumerate(root.iter("page")):
        for font in page.iter("font"):
            if family not in font.get("name", "") or abs(float(font.get("size")) - size) > 0.01:
                continue
            for ch in font.iter("char"):
                q = [float(v) for v in ch.get("quad").split()]
                g = Glyph(ch.get("c"), float(ch.get("x")), float(ch.get("y")), q[2] - q[0], pi)
                groups.setdefault((pi, round(g.y, 1)), []).append(g)
    return [Line(groups[k]) for k in sorted(groups)]


def read_setting(pdf, xml_path, width_em, hanging, text):
    left, right = text_area(width_em)
    body = read_lines(xml_path, "NotoSerifCJKjp", EM)
    notes = read_lines(xml_path, "NotoSansCJKjp", NOTE_SIZE)
    return Setting(body, notes, left, right, pdf, hanging, text)


# ---- the rules every case obeys -------------------------------------------------

def plain(text):
    """What the body shows of a text: citations and markup removed, no white space."""
    text = re.sub(r"\[\^[A-Za-z0-9_-]+\]", "", text).replace("**", "")
    return re.sub(r"\s+", "", text)


def kinsoku_errors(texts):
    """3.1.7, 3.1.8, 3.1.10 and unsplit Latin words, on the line texts alone."""
    errs = []
    for k, t in enumerate(texts):
        s = t.strip()
        if not s:
            continue
        if k > 0 and s[0] in NOT_STARTING:
            errs.append(f"line {k + 1} starts with {s[0]!r}: {s}")
        if k + 1 < len(texts) and s[-1] in NOT_ENDING:
            errs.append(f"line {k + 1} ends with {s[-1]!r}: {s}")
    for k in range(len(texts) - 1):
        a_raw, b_raw = texts[k], texts[k + 1]
        if not a_raw or not b_raw or a_raw[-1].isspace() or b_raw[0].isspace():
            continue  # a break at a space
        a, b = a_raw[-1], b_raw[0]
        where = f"between lines {k + 1} and {k + 2} ({a}|{b})"
        if a in INSEPARABLE and a == b:
            errs.append(f"{a}{b} split {where}")
        if a.isdigit() and (b.isdigit() or b in ",."):
            errs.append(f"a number split {where}")
        if a in ",." and b.isdigit() and len(a_raw) > 1 and a_raw[-2].isdigit():
            errs.append(f"a number split {where}")
        if a.isascii() and b.isascii() and a.isalpha() and b.isalpha():
            errs.append(f"a Latin word split {where}")
    return errs


def check_kinsoku(s):
    return kinsoku_errors([ln.text for ln in s.body])


def line_edge(s, line, last_line):
    """Errors for the right edge of one body line."""
    gs = line.ink()
    if not gs:
        return []
    g = gs[-1]
    full = g.x + g.adv
    if last_line:
        if s.hanging and g.c in HANGABLE and abs(g.x - s.right) <= TOL_EDGE:
            return []
        if full > s.right + TOL_EDGE and not (g.c in HALF_AT_END and g.x + EM / 2 <= s.right + TOL_EDGE):
            return [f"last line sticks out: {g.c!r} ends at {full - s.right:+.2f} pt from the measure"]
        return []
    edges = [full]
    if g.c in HALF_AT_END:
        edges.append(g.x + EM / 2)
    if s.hanging and g.c in HANGABLE:
        edges.append(g.x)
    if any(abs(e - s.right) <= TOL_EDGE for e in edges):
        return []
    shown = " or ".join(f"{e - s.right:+.2f}" for e in edges)
    return [f"line {line.text.strip()!r} ends at {shown} pt from the measure"]


def check_justified(s):
    """3.8: every line but the last ends at the measure; the last does not pass it."""
    errs = []
    for k, line in enumerate(s.body):
        errs += line_edge(s, line, k == len(s.body) - 1)
    return errs


def japanese_letter(c):
    o = ord(c)
    return (0x3040 <= o <= 0x30ff and c not in "゠・") or 0x3400 <= o <= 0x9fff or 0xf900 <= o <= 0xfaff or c in "々〆〇"


def latin_letter(c):
    return c.isalnum() and not japanese_letter(c) and ord(c) < 0x2e80


def natural_gap(a, b):
    """The space set between two neighbours before any adjustment: a quarter
    em between a Japanese and a Latin letter or digit (3.2), else none."""
    if (japanese_letter(a) and latin_letter(b)) or (latin_letter(a) and japanese_letter(b)):
        return EM / 4
    return 0.0


def gaps_of(line):
    """The adjustable gaps of a line: (label, space added to it, pt) for each
    pair of neighbours that is not inside a Latin word; a space and its two
    sides count as one gap (its natural advance taken off)."""
    gs = line.ink()
    out = []
    i = 0
    while i + 1 < len(gs):
        a, b = gs[i], gs[i + 1]
        if b.c == " " and i + 2 < len(gs):
            c = gs[i + 2]
            out.append((f"{a.c}␣{c.c}", c.x - a.x - a.adv - b.adv))
            i += 2
            continue
        if not (a.c.isascii() and a.c.isalnum() and b.c.isascii() and b.c.isalnum()):
            out.append((a.c + b.c, b.x - a.x - a.adv - natural_gap(a.c, b.c)))
        i += 1
    return out


def check_spread(s):
    """3.8: the slack of a justified line with an ASCII space is not poured into one gap."""
    errs = []
    for line in s.body[:-1]:
        if " " not in line.text.strip():
            continue
        gaps = gaps_of(line)
        if len(gaps) < 2:
            continue
        vals = sorted(v for _, v in gaps)
        median = vals[len(vals) // 2] if len(vals) % 2 else (vals[len(vals) // 2 - 1] + vals[len(vals) // 2]) / 2
        label, worst = max(gaps, key=lambda p: p[1])
        if worst - median > 0.3 * EM:
            errs.append(f"line {line.text.strip()!r}: gap {label} takes {worst:.2f} pt of the slack, "
                        f"the median gap {median:.2f} pt")
    return errs


def check_starts(s):
    """Line starts: the paragraph's first line at the 1 em indent, the others
    at the text edge; a full-width opening bracket there is set flush (3.1.5):
    its origin half an em left of the edge, so its ink starts at the edge."""
    errs = []
    for k, line in enumerate(s.body):
        g = line.glyphs[0]
        if k == 0:
            want = s.left + EM
        elif g.c in OPEN_FULL:
            want = s.left - EM / 2
        else:
            want = s.left
        if abs(g.x - want) > TOL_POS:
            errs.append(f"line {k + 1} starts {g.c!r} at {g.x - s.left:+.2f} pt from the edge, "
                        f"not {want - s.left:+.2f}")
    return errs


def check_space_start(s):
    """A break at a space drops the space: no line after the first starts with one."""
    return [f"line {k + 1} starts with a space: {line.text!r}" for k, line in enumerate(s.body)
            if k > 0 and line.glyphs[0].c == " "]


def check_text(s):
    """Nothing lost or added: the body shows the paragraph's characters in order."""
    got = re.sub(r"\s+", "", "".join(ln.text for ln in s.body))
    want = plain(s.text)
    if got != want:
        return [f"the body shows {got!r}, not {want!r}"]
    return []


def check_bracket_ink(s):
    """A full-width opening bracket keeps its ink: whatever its blank gives up,
    the next character starts at least one em after the bracket's origin."""
    errs = []
    for line in s.body:
        gs = line.glyphs
        for a, b in zip(gs, gs[1:]):
            # Where b's ink starts: an opening bracket's is the right half of its em.
            ink = b.x + (EM / 2 if b.c in OPEN_FULL else 0)
            if a.c in OPEN_FULL and ink - a.x < EM - TOL_POS:
                errs.append(f"{a.c}{b.c}: {b.c!r} starts {ink - a.x:.2f} pt after {a.c!r}'s origin, "
                            f"inside its ink (line {line.text.strip()!r})")
    return errs


def check_latin_words(s):
    """No space is added inside a Latin word: between the letters, digits and
    ASCII punctuation of a run with no space in it (kerning may take some off)."""
    errs = []
    for line in s.body:
        gs = line.glyphs
        for a, b in zip(gs, gs[1:]):
            if a.c.isascii() and b.c.isascii() and not a.c.isspace() and not b.c.isspace():
                d = b.x - a.x - a.adv
                if d > TOL_POS:
                    errs.append(f"{a.c}{b.c} set {d:.2f} pt apart (line {line.text.strip()!r})")
    return errs


GENERAL = [
    ("kinsoku", check_kinsoku),
    ("justified", check_justified),
    ("spread", check_spread),
    ("line-start", check_starts),
    ("space-start", check_space_start),
    ("bracket-ink", check_bracket_ink),
    ("latin-word", check_latin_words),
    ("text", check_text),
]


# ---- the specific assertions of the table -----------------------------------------
#
# Each has check(setting) -> [errors], and mutant() -> (assertion, setting or
# None): the same assertion with its expected value changed (or the data
# changed), which must fail; the self-test makes sure that it does.

class Lines:
    """The body's lines, exactly (trailing spaces aside)."""

    def __init__(self, expected):
        self.expected = list(expected)

    def __str__(self):
        return "lines " + " | ".join(self.expected)

    def check(self, s):
        got = [ln.text.strip() for ln in s.body]
        if got != self.expected:
            return [f"lines are {' | '.join(got)}; expected {' | '.join(self.expected)}"]
        return []

    def mutant(self, s):
        e = list(self.expected)
        if len(e) > 1:  # pull the next line's first character up
            e[0], e[1] = e[0] + e[1][0], e[1][1:]
        else:
            e[0] = e[0][:-1]
        return Lines(e), None


class Pitch:
    """Origins along `sub`: origin(sub[k]) - origin(sub[0]) = ems[k-1] em."""

    def __init__(self, sub, *ems):
        self.sub, self.ems = sub, ems

    def __str__(self):
        return f"pitch {self.sub} = " + ", ".join(f"{e:g}" for e in self.ems) + " em"

    def check(self, s):
        gs = s.find(self.sub)
        if gs is None:
            return [f"{self.sub!r} is not on one body line"]
        errs = []
        for k, e in enumerate(self.ems, 1):
            d = gs[k].x - gs[0].x
            if abs(d - e * EM) > TOL_POS:
                errs.append(f"{self.sub[0]}→{self.sub[k]} is {d / EM:.3f} em, not {e:g}")
        return errs

    def mutant(self, s):
        return Pitch(self.sub, *([self.ems[0] + 0.1] + list(self.ems[1:]))), None


class Gap:
    """The space between two neighbours: origin(b) - origin(a) - advance(a) = pt."""

    def __init__(self, pair, pt):
        self.pair, self.pt = pair, pt

    def __str__(self):
        return f"gap {self.pair} = {self.pt:g} pt"

    def check(self, s):
        gs = s.find(self.pair)
        if gs is None:
            return [f"{self.pair!r} is not on one body line"]
        d = gs[1].x - gs[0].x - gs[0].adv
        if abs(d - self.pt) > TOL_POS:
            return [f"gap {self.pair} is {d:.2f} pt, not {self.pt:g}"]
        return []

    def mutant(self, s):
        return Gap(self.pair, self.pt + 0.5), None


class Adv:
    """The glyph set for the first `ch` of the body is `em` wide."""

    def __init__(self, ch, em):
        self.ch, self.em = ch, em

    def __str__(self):
        return f"advance {self.ch} = {self.em:g} em"

    def check(self, s):
        gs = s.find(self.ch)
        if gs is None:
            return [f"{self.ch!r} is not in the body"]
        if abs(gs[0].adv - self.em * EM) > TOL_POS:
            return [f"{self.ch!r} is set {gs[0].adv / EM:.3f} em wide, not {self.em:g}"]
        return []

    def mutant(self, s):
        return Adv(self.ch, self.em - 0.5), None


class Start:
    """Body line k's first origin is `em` em from the text edge."""

    def __init__(self, k, em):
        self.k, self.em = k, em

    def __str__(self):
        return f"line {self.k + 1} starts at {self.em:+g} em"

    def check(self, s):
        if self.k >= len(s.body):
            return [f"no line {self.k + 1}"]
        g = s.body[self.k].glyphs[0]
        if abs(g.x - s.left - self.em * EM) > TOL_POS:
            return [f"line {self.k + 1} starts {g.c!r} at {(g.x - s.left) / EM:+.3f} em, not {self.em:+g}"]
        return []

    def mutant(self, s):
        return Start(self.k, self.em + 0.1), None


class LastAt:
    """Body line k's last character has its origin `em` em from the measure's end."""

    def __init__(self, k, em):
        self.k, self.em = k, em

    def __str__(self):
        return f"line {self.k + 1}'s last origin at {self.em:+g} em from the measure"

    def check(self, s):
        if self.k >= len(s.body):
            return [f"no line {self.k + 1}"]
        g = s.body[self.k].ink()[-1]
        if abs(g.x - s.right - self.em * EM) > TOL_POS:
            return [f"line {self.k + 1} ends with {g.c!r} at {(g.x - s.right) / EM:+.3f} em, not {self.em:+g}"]
        return []

    def mutant(self, s):
        return LastAt(self.k, self.em + 0.1), None


class Even:
    """Line k is spread evenly: every gap between its characters is `pt`."""

    def __init__(self, k, pt):
        self.k, self.pt = k, pt

    def __str__(self):
        return f"line {self.k + 1} spread {self.pt:.3f} pt per gap"

    def check(self, s):
        if self.k >= len(s.body):
            return [f"no line {self.k + 1}"]
        errs = []
        for label, v in gaps_of(s.body[self.k]):
            if abs(v - self.pt) > TOL_POS:
                errs.append(f"gap {label} is {v:.3f} pt, not {self.pt:.3f}")
        return errs[:3]

    def mutant(self, s):
        return Even(self.k, self.pt + 0.1), None


class PdfText:
    """`pdftotext -raw` gives these characters (white space ignored)."""

    def __init__(self, sub):
        self.sub = sub

    def __str__(self):
        return f"pdftotext has {self.sub}"

    def check(self, s):
        if self.sub not in re.sub(r"\s+", "", s.pdftext()):
            return [f"pdftotext does not give {self.sub!r}"]
        return []

    def mutant(self, s):
        return PdfText(self.sub.replace("?", "？").replace("!", "！") + "〓"), None


class NoteInside:
    """Every note line stays inside the text area."""

    def __init__(self, slack=TOL_EDGE):
        self.slack = slack

    def __str__(self):
        return "note lines inside the measure"

    def check(self, s):
        if len(s.notes) < 2:
            return ["the note is not set on several lines"]
        errs = []
        for ln in s.notes:
            g0, edge = ln.glyphs[0], max(g.x + g.adv for g in ln.ink())
            if g0.x < s.left - self.slack or edge > s.right + self.slack:
                errs.append(f"note line {ln.text!r} spans {g0.x - s.left:+.2f} .. {edge - s.right:+.2f} pt")
        return errs

    def mutant(self, s):
        return NoteInside(-10), None


class UrlBreaks:
    """Each line break inside the URL falls where the Chicago Manual allows:
    after '/' (never inside //), or before . , - _ ~ ? # % & = (never after
    the scheme's ':')."""

    def __init__(self, url, after="/", before=".,-_~?#%&="):
        self.url, self.after, self.before = url, after, before

    def __str__(self):
        return f"URL breaks after {self.after} or before {self.before}"

    def check(self, s):
        texts = [ln.text for ln in s.notes]
        joined, bounds, pos = "", [], 0
        for t in texts:
            joined += t
            pos += len(t)
            bounds.append(pos)
        errs, seen = [], 0
        start = joined.find(self.url)
        while start >= 0:
            seen += 1
            end = start + len(self.url)
            inside = [b for b in bounds if start < b < end]
            if not inside:
                errs.append("the URL is not broken at all")
            for b in inside:
                p, q = joined[b - 1], joined[b]
                if not (p in self.after or q in self.before) or (p == "/" and q == "/"):
                    errs.append(f"break {joined[max(start, b - 12):b]}|{joined[b:b + 12]} "
                                f"(after {p!r}, before {q!r})")
            start = joined.find(self.url, end)
        if not seen:
            errs.append("the URL is not in the notes in full")
        return errs

    def mutant(self, s):
        return UrlBreaks(self.url, "", ""), None


class WordBreaks:
    """Every line break of the body falls at a space."""

    def __str__(self):
        return "breaks only at spaces"

    def check(self, s):
        errs = []
        for a, b in zip(s.body, s.body[1:]):
            if not (a.text.endswith(" ") or b.text.startswith(" ")):
                errs.append(f"break {a.text.strip()[-10:]}|{b.text[:10]} is not at a space")
        return errs

    def mutant(self, s):
        # Pull the second line's first character up: a word split.
        if len(s.body) < 2:
            return self, s
        a, b = s.body[0].ink(), s.body[1].glyphs
        moved = b[0].moved(dx=a[-1].x + a[-1].adv - b[0].x)
        return self, s.copy([Line(a + [moved]), Line(b[1:])] + s.body[2:])


def link_annotations(pdf):
    """[(page index, URI, [quad as (x0, y0, x1, y1)])] of the PDF's link
    annotations, read with qpdf --json."""
    r = subprocess.run(["qpdf", "--json", pdf], capture_output=True, text=True)
    objs = json.loads(r.stdout)["qpdf"][1]
    pages = [p["object"] for p in json.loads(subprocess.run(["qpdf", "--json", "--json-key=pages", pdf],
                                                              capture_output=True, text=True).stdout)["pages"]]
    out = []
    for pi, ref in enumerate(pages):
        annots = objs.get(f"obj:{ref}", {}).get("value", {}).get("/Annots", [])
        if isinstance(annots, str):
            annots = objs[f"obj:{annots}"]["value"]
        for a in annots:
            v = objs[f"obj:{a}"]["value"] if isinstance(a, str) else a
            if v.get("/Subtype") != "/Link" or "/A" not in v:
                continue
            uri = v["/A"].get("/URI", "")
            uri = uri[2:] if uri.startswith("u:") else uri
            q = v.get("/QuadPoints") or []
            quads = [(min(q[i:i + 8:2]), min(q[i + 1:i + 8:2]), max(q[i:i + 8:2]), max(q[i + 1:i + 8:2]))
                     for i in range(0, len(q), 8)]
            out.append((pi, uri, quads))
    return out


class OneLink:
    """The URL broken over note lines stays one link a page: every link
    annotation carries the whole URI, and its quadrilaterals cover each note
    line that shows part of the URL, one a line."""

    PAGE_HEIGHT = 700.0

    def __init__(self, url, extra=0):
        self.url, self.extra = url, extra

    def __str__(self):
        return "one link over the URL's lines"

    def check(self, s):
        links = link_annotations(s.pdf)
        errs = [f"page {p + 1}: a link to {u[:40]!r}, not the whole URL" for p, u, _ in links if u != self.url]
        quads = [(p, q) for p, u, qs in links if u == self.url for q in qs]
        parts = [ln for ln in s.notes if any(w in self.url for w in re.findall(r"[!-~]{4,}", ln.text))]
        if len(quads) != len(parts) + self.extra:
            errs.append(f"{len(quads)} link rectangles for the {len(parts)} note lines that show the URL")
        for ln in parts:
            g0, page = ln.glyphs[0], ln.glyphs[0].page
            y = self.PAGE_HEIGHT - g0.y
            if not any(p == page and q[1] - 0.5 <= y <= q[3] + 0.5 for p, q in quads):
                errs.append(f"note line {ln.text[:30]!r} has no link rectangle")
        return errs

    def mutant(self, s):
        return OneLink(self.url, self.extra + 1), None
