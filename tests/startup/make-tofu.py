#!/usr/bin/env python3
"""make-tofu.py OUT.json: a briefing full of characters some font or no
font has, in every place text is set (titles, summary, body, strong,
note marks, ruby readings, tables, lists, notes, sources, key points),
so that `check` (from the fonts' cmaps) and `check --typeset` (the type
set) can be compared message for message."""
import json
import sys

# Unicode 10-15 emoji (the colour font), Unicode 16 ones (no font has them), Unicode 9 ones,
# presentation selectors, ZWJ sequences, flags, skin tones, marks,
# variation sequences, right-to-left text with an unknown letter,
# controls, private use, unassigned, a tab, math, Latin words with letters
# Noto CJK lacks, a Devanagari spacing mark after Latin.
SAMPLES = [
    "新しい絵文字🥲と🫠、まだない\U0001fae9と\U0001fac6、古い👍🏽と💡",
    "⚠️注意 ☺︎ #️⃣ 👨‍👩‍👧 🇯🇵 🏴󠁧󠁢󠁳󠁣󠁴󠁿",
    "葛󠄀城と辻󠄀、e\u0301t\u00e9 Erdoğan Nguyễn",
    "私用\ue000と未割当\U000e0fff、\U0010fffd",
    "タブ\tの後、制御\u0007文字",
    "شلام עברית 𐤀 mixed",
    "≒ ⦅数式⦆ ∰ 𝔄 ⟦x⟧",
    "a\u093fb क\u093f ṃ ǅ Ꞑ",
    "\u2e3b 〽 ㊙ 🈚 \U0001f6de \U0001fae8",
]


def main():
    s = SAMPLES
    doc = {
        "format": "briefing/1",
        "title": "試験\U0001fae9" + s[0],
        "subtitle": s[5],
        "publisher": s[8],
        "marking": "社外秘\U0001fabe",
        "edition": {"date": "2025-02-21"},
        "sources": [{"id": "a", "name": s[0], "description": s[2], "title": s[2] + s[8],
                     "url": "https://example.com/🥲"}],
        "chapters": [
            {"title": s[3], "question": s[6] + "?", "answer": s[1],
             "summary": [s[1], s[2]], "intro": s[7],
             "source": {"name": s[5], "url": "https://example.com/a"},
             "comment": s[8],
             "body": [s[4], "**" + s[6] + "**", "｜漢字《かん\U0001fae9じ》と｜強《つ\U0001fae8よ》い" + s[7],
                      {"table": {"caption": s[8], "columns": [s[0], s[1]], "rows": [[s[2], "12"], [s[3], "¥4"]]}},
                      {"list": [s[5], s[6]]}],
             "aside": s[0]},
            {"title": "章" + s[8], "body": ["**" + s[1] + "**[^a]", s[7]]},
        ],
        "key_points": [s[3], s[4] + s[0]],
    }
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


main()
