#!/usr/bin/env python3
"""Check that a sample briefing carries its seed digest verbatim.

usage: check-sample-verbatim.py SAMPLE.json SEED.txt

The seed is a plain-text digest (one paragraph a line); the sample is the same
digest written as briefing/1 JSON. This script checks, in both directions,
that nothing was dropped, added, duplicated, reordered or retyped:

  * the first non-empty seed line equals title + subtitle, once the space
    the subtitle carries (the seed runs the two together) is removed;
  * every other non-empty seed line, after the structural markers are
    removed, is a string value of the JSON, character for character:
      "✅ TEXT"  -> TEXT, in a chapter's `summary`
      "💡 TEXT"  -> TEXT, in `key_points`
      "公開日:YYYY/MM/DD" -> "YYYY-MM-DD", a chapter's `published`
      "さらに読む ⇒NAME[:DESCRIPTION]出典/画像元: URLCOMMENT"
                 -> source `name`, `description`, `url` and the chapter's
                    `comment` (the sentence glued after the URL)
      "Chapter-NではTEXT" -> the `intro` of the chapter numbered N
  * every string in the JSON's text fields comes from the seed, as often as
    the seed has it;
  * read in the order of FORMAT.md's tables, the JSON's strings follow the
    seed's lines in order;
  * the file is UTF-8 and writes non-ASCII characters as themselves, not as
    \\u escapes.

Exit status: 0 if all holds, 1 with one message a line on stderr otherwise,
2 for usage or unreadable input. Python 3 standard library only.
"""

import json
import re
import sys

# Keys whose strings are not text taken from the digest: the format tag,
# dates, tags and file names. `published` is compared with the seed's
# 公開日 lines separately.
NON_TEXT_KEYS = {"format", "date", "language", "id", "path", "accessed"}

# Key order of FORMAT.md's tables; the order check reads objects this way so
# that it does not depend on how the JSON file happens to order its keys.
KEY_ORDER = {
    "top": ["format", "title", "subtitle", "lead", "edition", "publisher",
            "marking", "language", "sources", "chapters", "conclusion",
            "key_points"],
    "chapter": ["number", "title", "question", "answer", "intro",
                "published", "summary", "source", "comment", "body", "aside",
                "image"],
    "source": ["id", "name", "description", "title", "url", "accessed"],
    "edition": ["date", "number", "label"],
    "image": ["path", "caption", "credit"],
}

SOURCE_RE = re.compile(
    r"さらに読む ⇒(?P<nd>.*?)出典/画像元: ?"
    # A URL is a run of printable ASCII; the comment glued after it starts
    # with the first character outside that run (in this digest, always a
    # Japanese one). A comment starting with ASCII would be mis-split, and
    # then the comparison below fails loudly rather than passing.
    r"(?P<url>https?://[!-~]+)(?P<comment>.*)")
DATE_RE = re.compile(r"公開日[:：](\d{4})/(\d{2})/(\d{2})")
INTRO_RE = re.compile(r"Chapter-(\d+)では")
MARKERS = (("✅ ", "summary"), ("💡 ", "key_points"))
# Characters with a meaning inside briefing/1 text; a seed line holding them
# would have to be escaped in the JSON, which this check does not model.
MARKUP_RE = re.compile(r"\*\*|\[\^|\\")


class Piece:
    """One expected string: where it comes from and where it must land."""

    def __init__(self, lineno, text, key=None, chapter=None):
        self.lineno = lineno    # seed line number (1-based)
        self.text = text
        self.key = key          # JSON key it must sit under, if known
        self.chapter = chapter  # chapter number it must sit in, if known


def short(s, n=40):
    return s if len(s) <= n else s[:n] + "…"


def read_seed(path, errors):
    """Return (first line, list of Pieces) for the non-empty seed lines."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    first = None
    pieces = []
    for no, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        if MARKUP_RE.search(line):
            errors.append(f"seed line {no}: holds `**`, `[^` or `\\`, which "
                          "the JSON would escape; this check cannot compare it")
        if first is None:
            first = (no, line)
            continue
        for marker, key in MARKERS:
            if line.startswith(marker):
                pieces.append(Piece(no, line[len(marker):], key))
                break
        else:
            m = DATE_RE.fullmatch(line)
            if m:
                pieces.append(Piece(no, "-".join(m.groups()), "published"))
                continue
            if line.startswith("さらに読む"):
                m = SOURCE_RE.fullmatch(line)
                if not m:
                    errors.append(f"seed line {no}: a source line this check "
                                  f"cannot split: {short(line)}")
                    continue
                nd = re.split(r"[:：]", m["nd"], maxsplit=1)
                pieces.append(Piece(no, nd[0], "name"))
                if len(nd) == 2:
                    pieces.append(Piece(no, nd[1], "description"))
                pieces.append(Piece(no, m["url"], "url"))
                if m["comment"]:
                    pieces.append(Piece(no, m["comment"], "comment"))
                continue
            m = INTRO_RE.match(line)
            if m:
                pieces.append(Piece(no, line, "intro", int(m.group(1))))
                continue
            pieces.append(Piece(no, line))
    return first, pieces


def ordered_items(obj, kind):
    known = KEY_ORDER.get(kind, [])
    keys = [k for k in known if k in obj] + [k for k in obj if k not in known]
    return [(k, obj[k]) for k in keys]


def walk(value, path, key, kind, chapter, out):
    """Append (path, key, chapter number, string) for every string, in
    FORMAT.md order. `key` is the nearest object key above the value."""
    if isinstance(value, str):
        out.append((path, key, chapter, value))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            walk(item, f"{path}[{i}]", key, kind, chapter, out)
    elif isinstance(value, dict):
        for k, v in ordered_items(value, kind):
            sub = {"edition": "edition", "source": "source",
                   "sources": "source", "image": "image"}.get(k, "")
            walk(v, f"{path}.{k}" if path else k, k, sub, chapter, out)


def json_strings(doc):
    """Strings of the document with their chapter numbers (FORMAT.md: a
    missing number is the previous one + 1, the first being 1)."""
    out = []
    top = {k: v for k, v in doc.items() if k != "chapters"}
    order = KEY_ORDER["top"]
    before = {k: v for k, v in top.items()
              if k in order and order.index(k) < order.index("chapters")}
    after = {k: v for k, v in top.items() if k not in before}
    walk(before, "", None, "top", None, out)
    chapters = doc.get("chapters")
    if isinstance(chapters, list):
        number = 0
        for i, ch in enumerate(chapters):
            if isinstance(ch, dict) and isinstance(ch.get("number"), int):
                number = ch["number"]
            else:
                number += 1
            walk(ch, f"chapters[{i}]", None, "chapter", number, out)
    walk(after, "", None, "top", None, out)
    return out


def main(argv):
    if len(argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    sample_path, seed_path = argv[1], argv[2]
    errors = []
    try:
        raw = open(sample_path, "rb").read()
        first, pieces = read_seed(seed_path, errors)
    except (OSError, UnicodeDecodeError) as e:
        print(f"check-sample-verbatim: {e}", file=sys.stderr)
        return 2
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print(f"{sample_path}: error: not UTF-8: {e}", file=sys.stderr)
        return 1
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        print(f"{sample_path}:{e.lineno}:{e.colno}: error: {e.msg}",
              file=sys.stderr)
        return 1
    if first is None:
        print(f"{seed_path}: error: the seed is empty", file=sys.stderr)
        return 1
    if not isinstance(doc, dict):
        print(f"{sample_path}: error: the top level is not an object",
              file=sys.stderr)
        return 1

    # \u escapes of non-ASCII characters (an even run of backslashes before
    # "u" would be a literal backslash, not an escape).
    for m in re.finditer(r"(?<!\\)(?:\\\\)*\\u([0-9A-Fa-f]{4})", text):
        if int(m.group(1), 16) >= 0x80:
            line = text.count("\n", 0, m.start()) + 1
            errors.append(f"line {line}: writes a character as "
                          f"\\u{m.group(1)}; write it as UTF-8 instead")
            break

    # Title and subtitle: the seed runs them together on its first line.
    lineno, line = first
    title, subtitle = doc.get("title"), doc.get("subtitle", "")
    if not isinstance(title, str) or not isinstance(subtitle, str):
        errors.append("title and subtitle must be strings")
    elif title + subtitle.replace(" ", "", 1) != line:
        joined = title + subtitle.replace(" ", "", 1)
        errors.append(f"seed line {lineno}: title + subtitle (its space "
                      f"removed) is {short(joined, 60)!r}, "
                      f"the seed has {short(line, 60)!r}")

    strings = [s for s in json_strings(doc)
               if s[1] not in NON_TEXT_KEYS and s[0] not in ("title",
                                                             "subtitle")]
    seed_count, json_count = {}, {}
    for p in pieces:
        seed_count[p.text] = seed_count.get(p.text, 0) + 1
    for s in strings:
        json_count[s[3]] = json_count.get(s[3], 0) + 1

    # Seed -> JSON: every line is there, under the key its marker names.
    for p in pieces:
        where = [s for s in strings if s[3] == p.text]
        if not where:
            errors.append(f"seed line {p.lineno}: not found verbatim in the "
                          f"JSON: {short(p.text)!r}")
            continue
        if p.key and not any(s[1] == p.key for s in where):
            errors.append(f"seed line {p.lineno}: {short(p.text)!r} should "
                          f"be a `{p.key}` but is at "
                          + ", ".join(s[0] for s in where))
        if p.chapter is not None and not any(s[2] == p.chapter
                                             for s in where):
            errors.append(f"seed line {p.lineno}: the intro of chapter "
                          f"{p.chapter} is at " +
                          ", ".join(f"{s[0]} (chapter {s[2]})"
                                    for s in where))

    # JSON -> seed: every text string comes from the seed, no more often.
    for path, key, _, value in strings:
        n = seed_count.get(value, 0)
        if n == 0:
            errors.append(f"{path}: not in the seed: {short(value)!r}")
        elif json_count[value] > n:
            errors.append(f"{path}: appears {json_count[value]} times in the "
                          f"JSON but {n} in the seed: {short(value)!r}")
            json_count[value] = n  # report each surplus string once

    # Order: only meaningful once the two multisets agree.
    if not errors:
        for p, (path, _, _, value) in zip(pieces, strings):
            if value != p.text:
                errors.append(f"order: seed line {p.lineno} "
                              f"({short(p.text)!r}) comes where the JSON has "
                              f"{path} ({short(value)!r})")
                break

    for e in errors:
        print(f"{sample_path}: error: {e}", file=sys.stderr)
    if errors:
        return 1
    nlines = len({p.lineno for p in pieces}) + 1
    print(f"{sample_path}: ok: {nlines} seed lines ({len(pieces)} strings "
          f"after splitting, plus title and subtitle) found verbatim, "
          f"in order")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
