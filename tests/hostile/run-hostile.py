#!/usr/bin/env python3
"""Hostile but valid input sets cleanly.

Usage: run-hostile.py BRIEFING CHECK-DUMP

Each document below is valid briefing/1 with something a pasted digest can
hold: no break opportunity for 1,000 characters, a 300-character URL,
characters outside the BMP, combining marks, emoji, right-to-left words,
control characters, chapter number 999, hundreds of chapters, a 25-point
summary, 30 notes from one paragraph.  Each must build (exit 0), give a PDF
that qpdf finds clean, keep every placed thing inside the text area (the
page rules of check-dump.py), and warn, naming the character and where it
is, once a document for each character no font has.
"""
import json
import os
import subprocess
import sys
import tempfile

BODY = "ドナルド・トランプ前大統領は、ウクライナでの戦争についてロシアの立場に同調し、アメリカ政府のウクライナ支援政策に反する発言を連発しています。"


def doc(chapters, **kw):
    d = {"format": "briefing/1", "title": "悪条件の試験", "edition": {"date": "2025-02-21"}, "chapters": chapters}
    d.update(kw)
    return d


CASES = [
    # name, document, warnings expected (substrings of stderr), warnings forbidden
    ("no-break-latin", doc([{"title": "区切りのない行", "body": ["A" * 1000, BODY]}]), [], ["error"]),
    ("no-break-digits", doc([{"title": "数字だけ", "body": ["1" * 1000]}]), [], ["error"]),
    ("no-break-prolonged", doc([{"title": "行頭禁則だけ", "body": ["ー" * 600 + "。" * 400]}]), [], ["error"]),
    ("long-url", doc([{"title": "長いURL", "summary": [BODY],
                       "source": {"name": "情報源", "url": "https://example.com/" + "a" * 280}}]), [], ["error"]),
    ("outside-bmp", doc([{"title": "𠮷野家と𩸽", "body": ["𠮷野家で𩸽を食べた。" + BODY]}]),
     [], ["warning"]),
    ("combining", doc([{"title": "結合文字", "body": ["Cafe\u0301 と か\u3099 と ﾊﾟ、é à ñ ü。" + BODY]}]), [], ["warning"]),
    # Noto Color Emoji sets the emoji of Unicode 15; a later one (🫩,
    # Unicode 16) is a box, warned about once a document, at the first place.
    ("emoji", doc([{"title": "絵文字💡🥲🫩", "summary": ["✅ 確認済み🎉"], "body": ["👍🏽 良い👨‍👩‍👧 ⚠️"]}],
                  key_points=["🫩 要点"]),
     ["chapters[0].title: no font has U+1FAE9"],
     ["key_points[0]: no font has", "U+1F4A1", "U+2705", "U+1F389", "U+1F3FD", "U+200D", "U+FE0F", "U+1F972"]),
    ("right-to-left", doc([{"title": "右から左", "body": ["ヘブライ語 שלום עולם とアラビア語 مرحبا بالعالم が混ざる。" + BODY]}]),
     [], ["warning"]),
    ("control-chars", doc([{"title": "制御文字", "body": ["ベル\u0007とタブ\tと改頁\u000cと削除\u007f。" + BODY]}]), [], []),
    ("chapter-999", doc([{"number": 999, "title": "第九百九十九章", "body": [BODY]}, {"title": "次", "body": [BODY]}]), [], ["error"]),
    ("three-hundred-chapters", doc([{"title": f"章{i}", "summary": [BODY], "body": [BODY, BODY]} for i in range(300)]), [], ["error"]),
    ("summary-25", doc([{"title": "長い要約", "summary": [BODY] * 25, "source": {"name": "北國新聞"}}]), [], ["error"]),
    ("notes-30", doc([{"title": "注", "body": ["".join(f"{BODY[:12]}[^s{i}]" for i in range(30))]}],
                     sources=[{"id": f"s{i}", "name": f"情報源{i}", "url": f"https://example.com/{i}"} for i in range(30)]), [], ["error"]),
    ("markup-literal", doc([{"title": "<b>太字</b> &amp; %s %n", "body": ["<script>alert(1)</script> &lt; %d %x {{x}} $(rm)"]}]), [], ["error"]),
]


def main():
    bin, check = sys.argv[1], sys.argv[2]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, d, want, forbid in CASES:
            src = os.path.join(tmp, name + ".json")
            json.dump(d, open(src, "w", encoding="utf-8"), ensure_ascii=False)
            pdf, dump = os.path.join(tmp, name + ".pdf"), os.path.join(tmp, name + ".dump")
            r = subprocess.run([bin, "build", src, "-q", "-o", pdf, "--dump", dump], capture_output=True, text=True,
                               timeout=120)
            problems = []
            if r.returncode != 0:
                problems.append(f"exit {r.returncode}: {r.stderr.strip()[:300]}")
            else:
                q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
                if q.returncode != 0:
                    problems.append("qpdf --check: " + (q.stdout + q.stderr).strip()[-300:])
                c = subprocess.run([sys.executable, check, dump], capture_output=True, text=True)
                if c.returncode != 0:
                    problems.append("page rules: " + c.stderr.strip()[:500])
            for w in want:
                if w not in r.stderr:
                    problems.append(f"no warning {w!r} in: {r.stderr.strip()[:300]}")
            for w in forbid:
                if w in r.stderr:
                    problems.append(f"unexpected {w!r}: {r.stderr.strip()[:300]}")
            if problems:
                failures += 1
                print(f"FAIL {name}:", *problems, sep="\n  ")
    print(f"hostile: {len(CASES) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
