#!/usr/bin/env python3
"""jisx0213.py OUT.txt: every character of JIS X 0213:2004, both planes
(Python's euc_jis_2004 codec), as a test text for check-chars.py: 150
characters a line, the 25 entries that are two code points (か゚, the tone
letters) kept together, control and space characters left out."""
import sys

PLANE2 = {1, 3, 4, 5, 8, 12, 13, 14, 15} | set(range(78, 95))


def entries():
    seen = []
    for a in range(0xA1, 0xFF):
        for b in range(0xA1, 0xFF):
            for raw in [bytes([a, b])] + ([bytes([0x8F, a, b])] if a - 0xA0 in PLANE2 else []):
                try:
                    seen.append(raw.decode("euc_jis_2004"))
                except UnicodeDecodeError:
                    pass
    return [e for e in dict.fromkeys(seen) if not e.isspace()]


def main():
    es = entries()
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        f.write(f"# JIS X 0213:2004: {len(es)} entries ({sum(len(e) > 1 for e in es)} of two code points)\n")
        for i in range(0, len(es), 150):
            line = "".join(es[i:i + 150])
            # a line starting with # would be a comment
            f.write(("　" + line if line.startswith("#") else line) + "\n")


main()
