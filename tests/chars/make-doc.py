#!/usr/bin/env python3
"""make-doc.py TEXT OUT.json [--no-titles]: a briefing that sets each
sample of TEXT (one a line, # comments) in every role family: as a body
paragraph (mincho), as a key point (gothic) and as a chapter title (gothic
bold; with --no-titles, as a **strong** body paragraph, for long texts)."""
import json
import sys


def samples(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]


def literal(s):
    """The text as briefing/1 markup that sets it as it is."""
    return s.replace("\\", "\\\\").replace("*", "\\*").replace("[", "\\[")


def main():
    lines = [literal(l) for l in samples(sys.argv[1])]
    if "--no-titles" in sys.argv[3:]:
        chapters = [{"title": "文字", "body": [l for l in lines] + ["**" + l + "**" for l in lines]}]
    else:
        chapters = [{"title": l, "body": [l]} for l in lines]
    doc = {
        "format": "briefing/1",
        "title": "文字の試験",
        "edition": {"date": "2025-02-21"},
        "chapters": chapters,
        "key_points": lines,
    }
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


main()
