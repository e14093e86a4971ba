#!/usr/bin/env python3
"""Write the pagination cases: small documents, each stressing one rule.

Usage: make-cases.py OUTDIR

Text comes from the sample digest (examples/ukraine-ceasefire.json), cut
and repeated, so the cases read like real briefings.
"""
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = json.load(open(os.path.join(HERE, "..", "..", "examples", "ukraine-ceasefire.json"), encoding="utf-8"))
BODY = [p for ch in SAMPLE["chapters"] for p in ch["body"]]
SUMMARY = [p for ch in SAMPLE["chapters"] for p in ch["summary"]]


def doc(chapters, **extra):
    d = {"format": "briefing/1", "title": "ページ組みの試験", "edition": {"date": "2025-02-21"},
         "chapters": chapters}
    d.update(extra)
    return d


def cases():
    # A chapter with only a title and one paragraph.
    yield "one-paragraph", doc([{"title": "短い章", "body": [BODY[0]]}])

    # Forty chapters, each with a summary box, its source, and body text.
    chs = []
    for i in range(40):
        chs.append({"title": f"第{i + 1}の論点", "summary": SUMMARY[i % 9:(i % 9) + 2],
                    "source": {"name": "朝日新聞デジタル", "url": f"https://www.asahi.com/articles/case{i}.html"},
                    "body": BODY[i % 20:(i % 20) + 3 + i % 4]})
    yield "forty-chapters", doc(chs, key_points=SUMMARY[:3], conclusion=BODY[5])

    # A summary box of 25 points: taller than a page, it must split cleanly.
    yield "big-summary", doc([{"title": "長い要約", "summary": (SUMMARY * 3)[:25],
                               "source": {"name": "北國新聞", "url": "https://www.hokkoku.co.jp/articles/-/1664095"},
                               "body": BODY[:4]}])

    # Thirty notes cited from one paragraph.
    sources = [{"id": f"s{i}", "name": f"情報源{i}", "description": "ニュースサイト",
                "url": f"https://example.com/news/{i}"} for i in range(30)]
    para = "".join(f"{BODY[i % 20][:20]}[^s{i}]" for i in range(30))
    yield "thirty-notes", doc([{"title": "注の多い段落", "body": [BODY[0], para, BODY[1]]}], sources=sources)

    # Headings and boxes at every height of the page: chapters of 1..12 lines.
    chs = []
    for i in range(24):
        chs.append({"title": f"見出しの位置{i + 1}", "summary": [SUMMARY[i % 9]],
                    "body": BODY[i % 20:(i % 20) + 1 + i % 5]})
    yield "headings", doc(chs)

    # Summary boxes of four to seven points after 1..16 lines of text, so
    # that a box meets every height of the page: moved on whole where that
    # leaves at most a third of the page empty, split between lines else.
    chs = []
    for i in range(16):
        chs.append({"title": f"箱の位置{i + 1}", "question": BODY[i % 20][:40] + "？", "answer": BODY[(i + 1) % 20][:20],
                    "body": [BODY[(i + k) % 20][:60] + "。" for k in range(i + 1)]})
        chs.append({"title": f"箱の位置{i + 1}の続き", "summary": (SUMMARY * 2)[i % 9:i % 9 + 4 + i % 4],
                    "source": {"name": "朝日新聞デジタル", "url": f"https://www.asahi.com/articles/box{i}.html"},
                    "body": BODY[i % 20:(i % 20) + 2], "aside": [BODY[(i + 5) % 20]]})
    yield "boxes-everywhere", doc(chs)

    # Tables too wide for a column of a4-2col after 1..8 paragraphs: each
    # goes to the top of a page, across the columns, and the text after it
    # fills the columns before it.
    wide = {"columns": ["地域", "説明", "数値", "備考"],
            "rows": [[f"地域{i}", BODY[i % 20][:40], f"{i * 12.5:.1f}", BODY[(i + 3) % 20][:30]] for i in range(6)]}
    body = []
    for i in range(8):
        body += [BODY[(i * 5 + k) % 20] for k in range(i + 1)]
        body.append({"table": dict(wide, caption=f"広い表{i + 1}")})
    yield "band-tables", doc([{"title": "段をまたぐ表", "body": body + BODY[:6]}])

    # Short tables too wide for a column of a4-2col, after text that cites
    # sources and before more text: where one fits in the room left, it
    # stands in mid-page, the text before it balanced above it, its notes
    # and theirs under the columns below it (check-dump.py --mid-tables).
    srcs = [{"id": f"m{i}", "name": f"情報源{i}", "url": f"https://example.com/mid/{i}"} for i in range(12)]
    chs = []
    for i in range(6):
        rows = [[f"地域{k}", BODY[(i + k) % 20][:30], f"{k * 7.5:.1f}", BODY[(i + k + 4) % 20][:20]] for k in range(3)]
        before = [BODY[(i * 3 + k) % 20] + (f"[^m{2 * i}]" if k == 0 else "") for k in range(1 + i % 3)]
        chs.append({"title": f"中段の表{i + 1}", "body": before + [
            {"table": dict(wide, rows=rows, caption=f"中段の表{i + 1}", source=f"m{2 * i + 1}")}]
            + [BODY[(i * 3 + k + 5) % 20] for k in range(3 + i % 2)]})
    yield "mid-tables", doc(chs, sources=srcs)

    # The same tables citing a source in every row, more rows each time:
    # the notes of a band go at the foot of the first column under it.
    srcs = [{"id": f"b{i}", "name": f"統計{i}", "description": BODY[i % 20][:30 + i * 3],
             "url": f"https://example.com/band/{i}"} for i in range(60)]
    body = []
    for i in range(10):
        rows = [[f"地域{k}[^b{(i * 7 + k) % 60}]", BODY[k % 20][:40], f"{k * 12.5:.1f}", BODY[(k + 3) % 20][:30]]
                for k in range(4 + i * 3)]
        body += [BODY[(i * 3) % 20]] * (1 + i % 3)
        body.append({"table": dict(wide, rows=rows, caption=f"注のある広い表{i + 1}")})
    yield "band-notes", doc([{"title": "注のある段をまたぐ表", "body": body + BODY[:4]}], sources=srcs)

    # A long URL, breaking inside the note and never leaving the text area.
    url = "https://www.example.com/" + "/".join(f"section-{i}/article_{i}?query=value&x={i}" for i in range(8))
    yield "long-url", doc([{"title": "長いURL", "summary": [SUMMARY[0]],
                            "source": {"name": "長いアドレスの情報源", "url": url[:300]}, "body": BODY[:2]}])

    # Forty sources with long descriptions cited by one sentence: their
    # notes are taller than a page and must continue on the next ones.
    sources = [{"id": f"c{i}", "name": f"長い説明の情報源{i}", "description": (BODY[i % 20] * 2)[:160],
                "url": f"https://example.com/long/{i}"} for i in range(40)]
    sentence = BODY[2][:40] + "".join(f"[^c{i}]" for i in range(40)) + "。"
    yield "forty-citations", doc([{"title": "一文に四十の出典", "body": [BODY[0], sentence, BODY[1], BODY[3]]}],
                                 sources=sources)

    # One source whose name is 21,000 characters: a note of many pages.
    # Its sentences are numbered, so that each part of it is found once.
    sentences = [t for t in "".join(BODY).split("。") if t]
    name = "".join(f"{sentences[i % len(sentences)]}（{i + 1}）。" for i in range(1000))[:21000]
    yield "huge-source-name", doc([{"title": "長い名前の出典", "body": [BODY[0], BODY[1] + "[^big]", BODY[2]]}],
                                  sources=[{"id": "big", "name": name, "url": "https://example.com/big"}])

    # Paragraphs each citing a note taller than a page: citing lines fall at
    # every height, at the foot too, where only the note's first line fits.
    tall = [{"id": f"t{i}", "name": f"長い注{i}（" + name[i * 2600:(i + 1) * 2600] + "）"} for i in range(8)]
    body = [BODY[i % 20] + BODY[(i + 7) % 20][:(i * 37) % 90] + f"[^t{i}]" + BODY[(i + 3) % 20][:(i * 53) % 120]
            for i in range(8)]
    yield "tall-notes", doc([{"title": "一頁ほどの注", "body": body}], sources=tall)

    # Tables at every height of the page: each after 1..16 one-line
    # paragraphs, so that some header row lands at every page's foot.
    rows = [[f"{m}月{d}日", f"{180 + i * 0.37:.1f}円", f"{1000 + i * 37:,}", f"{(i % 7 - 3) * 0.2:+.1f}%"]
            for i, (m, d) in enumerate((1 + j // 4, 1 + (j % 4) * 7) for j in range(9))]
    body = []
    for i in range(16):
        body += [BODY[i % 20][:30] + "。"] * (i + 1)
        body.append({"table": {"caption": f"位置{i + 1}の表", "columns": ["週", "価格", "件数", "前週比"],
                               "rows": rows[: 3 + i % 7], "note": "架空の数値。"}})
    yield "tables-everywhere", doc([{"title": "どの高さにも表", "body": body}])

    # Figures at every height of the page: they float past the text after them.
    body = []
    for i in range(12):
        body += [BODY[(i * 3) % 20]] * (1 + i % 4)
        body.append({"figure": {"path": "chart.png", "caption": f"図の位置{i + 1}", "width": 0.5 + (i % 5) / 10}})
    yield "figures-everywhere", doc([{"title": "どの高さにも図", "body": body + BODY[:3]}])

    # Cells with strong type, citations, forced breaks, a long URL and
    # a column of long text; a table too wide for one column of a4-2col.
    srcs = [{"id": f"t{i}", "name": f"統計{i}", "url": f"https://example.com/stat/{i}"} for i in range(6)]
    cells = [[f"**地域{i}**", f"{i * 1234.5:,.1f}[^t{i % 6}]", "一行目\n二行目", BODY[i % 20][:50 + i * 7],
              "https://www.example.com/a/very/long/path/to/a/statistics/page/" + "x" * (i * 5)] for i in range(14)]
    wide = {"columns": ["地域", "数値", "改行", "説明", "URL"], "rows": cells, "caption": "幅の広い表",
            "source": "t0"}
    narrow = {"columns": ["項目", "値"], "rows": [[f"項目{i}", f"{i * 3}%"] for i in range(30)], "source": "t1"}
    yield "table-cells", doc([{"title": "表の中身", "source": "t2", "summary": [SUMMARY[0]],
                               "body": [BODY[0], {"table": wide}, BODY[1], {"table": narrow}, BODY[2],
                                        {"list": SUMMARY[:4]}, {"numbered": SUMMARY[:12]}]}], sources=srcs)

    # A row taller than a page: it goes on in parts between its lines,
    # under the header row repeated, and nothing runs off the page.
    long_cell = "".join(BODY)[:6000]
    yield "tall-row", doc([{"title": "頁より高い行", "body": [BODY[0], {"table": {
        "columns": ["項目", "説明"], "rows": [["短い行", "一行"], ["長い行", long_cell], ["次の行", "一行"]]}}]}])

    # Every optional field, and a conclusion and key points after.
    full = json.loads(json.dumps(SAMPLE))
    full.update(publisher="国際情勢研究会", marking="社外秘", edition={"date": "2025-02-21", "number": 12})
    yield "all-fields", full


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    n = 0
    shutil.copyfile(os.path.join(HERE, "..", "..", "examples", "images", "talks-chart.png"),
                    os.path.join(out, "chart.png"))
    for name, d in cases():
        with open(os.path.join(out, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(d, f, ensure_ascii=False, indent=1)
        n += 1
    print(f"wrote {n} cases to {out}")


if __name__ == "__main__":
    main()
