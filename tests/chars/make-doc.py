#!/usr/bin/env python3
"""make-doc.py TEXT OUT.json: a briefing that sets each sample of TEXT
(one a line, # comments) in every role family: as a body paragraph
(mincho), as a key point (gothic) and as a chapter title (gothic bold)."""
import json
import sys


def samples(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]


def main():
    lines = samples(sys.argv[1])
    doc = {
        "format": "briefing/1",
        "title": "文字の試験",
        "edition": {"date": "2025-02-21"},
        "chapters": [{"title": l, "body": [l]} for l in lines],
        "key_points": lines,
    }
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


main()
