#!/usr/bin/env python3
"""Japanese line composition to JLREQ, read back from the PDF.

Usage: jlreq-spec.py BRIEFING [--keep DIR] [--only REGEX] [-v]

Each row of TABLE is one paragraph: it is set as the only body paragraph of
a one-chapter briefing, in a layout whose text area is W em of the 10 pt
text (the measure of the paragraph's first line is W - 1 em: the 1 em
indent).  The PDF is read back with mutool (glyph origins and advances) and
every case is held to:

  kinsoku      no line starts with a closing bracket or quote, 、。，．・：；？！,
               an iteration mark, ー or a small kana; none ends with an opening
               bracket or quote; ……, ——, numbers and Latin words are not split
  justified    every line but the last ends at the measure (±0.1 pt): last
               origin + advance, or + 0.5 em for a closing mark set half-width
  spread       a justified line with an ASCII space has no gap more than 0.3 em
               wider than its median gap
  space-start  no line after the first starts with a space (a break at a
               space drops it)
  line-start   the first line at the 1 em indent, the others at the text edge,
               a full-width opening bracket half an em left of it (its ink flush)
  bracket-ink  nothing is set inside an opening bracket's ink
  latin-word   no space is added inside a Latin word (with its punctuation)
  text         the body shows exactly the paragraph's characters

and to its own row: the expected lines (None: the rules above only) and the
checks written after them.  FILL(n) is the first n characters of the cycle
一二三四五六七八九十 (no kerning, no breaks forbidden), so a row reads as
"n characters, then the mark at the break".

KNOWN_FAILURES lists the rows where the setter breaks a rule today, with
the checks each fails ("lines", "specific": its own checks, or a rule
above) and why; they are reported, not counted as failures.  A known
failure that fails anything else, or starts passing, is an error: take it
off the list when the setter is fixed.

Then a self-test: every expected value of every row is changed in turn,
and the data perturbed, and each check must then fail.
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True  # nothing written beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jlreqcheck as J  # noqa: E402
from jlreqcheck import (Adv, Even, Gap, LastAt, NoteInside, OneLink, PdfText, Pitch, Start, UrlBreaks,  # noqa: E402
                        WordBreaks)


def FILL(n, start=0):
    return "".join("一二三四五六七八九十"[(start + i) % 10] for i in range(n))


HANG = ["option.hanging-punctuation = true"]
URL = ("https://www.example-news.co.jp/international/europe/2025/02/21/ukraine-ceasefire-talks-riyadh/"
       "analysis/index.html?utm_source=briefing&utm_medium=pdf&utm_campaign=weekly_digest&lang=ja"
       "&section=world&region=europe&article_id=20250221-0001&page=2&ref=top_news&session_token="
       + "a1b2c3d4e5f6-" * 5)[:300]
NOTE = {"id": "u", "name": "例示通信", "url": URL}
NOTE_TEXT = "停戦協議の行方を伝える記事がある[^u]。"
# A URL with every Chicago break point, after source names of 16 to 19
# characters: one of them puts the end of the note's first line inside
# "https://" (where the setter once broke https:/ | /www).
URL2 = ("https://www.example-news.co.jp/international/europe/2025/02/21/ceasefire_talks~riyadh/index.html"
        "?utm_source=briefing&lang=ja#section-2%20top")


def url_note(k):
    return {"id": "u", "name": "例" * k + "通信", "url": URL2}
ENGLISH = ("The ceasefire talks in Riyadh ended without an agreement, but both delegations said that they "
           "would meet again in Geneva next week to discuss an exchange of prisoners.")
MIXED = ("ロシア外務省はNew START条約の履行停止を発表し、米国務省の報道官はNed Price氏の名で遺憾の意を"
         "表明したうえで、両国のarms control協議を早期に再開するよう求めた。")
MIXED_SPACE_END = ("米国とロシアはNew START条約の延長で合意し、the White House said on Tuesday that both "
                   "sides would resume talks in Geneva、と報じられた。")


class Case:
    def __init__(self, name, rule, text, width, lines, *checks, layout=(), source=None):
        self.name, self.rule, self.text, self.width = name, rule, text, width
        self.lines, self.checks = lines, list(checks)
        self.layout, self.source = tuple(layout), source

    def build_key(self):
        return json.dumps([self.text, self.width, self.layout, self.source], ensure_ascii=False)

    def specific(self):
        return ([J.Lines(self.lines)] if self.lines is not None else []) + self.checks


# A 20 em measure holds 19 characters on the first line (1 em indent): FILL(19)
# fills it, and the 20th character is the natural break.
TABLE = [
    # name                   rule              text                                  W   expected lines (None: the rules only), checks
    # -- 3.1.7 行頭禁則: the mark at the break takes the character before it down (oidashi)
    Case("start 」",             "3.1.7 行頭禁則", FILL(19) + "」次の文です。",          20, [FILL(18), "九」次の文です。"]),
    Case("start 』",             "3.1.7 行頭禁則", FILL(19) + "』次の文です。",          20, [FILL(18), "九』次の文です。"]),
    Case("start ）",             "3.1.7 行頭禁則", FILL(19) + "）次の文です。",          20, [FILL(18), "九）次の文です。"]),
    Case("start ”",              "3.1.7 行頭禁則", FILL(19) + "”次の文です。",           20, [FILL(18), "九”次の文です。"]),
    Case("start 、",             "3.1.7 行頭禁則", FILL(19) + "、次の文です。",          20, [FILL(18), "九、次の文です。"]),
    Case("start 。",             "3.1.7 行頭禁則", FILL(19) + "。次の文です。",          20, [FILL(18), "九。次の文です。"]),
    Case("start ，",             "3.1.7 行頭禁則", FILL(19) + "，次の文です。",          20, [FILL(18), "九，次の文です。"]),
    Case("start ．",             "3.1.7 行頭禁則", FILL(19) + "．次の文です。",          20, [FILL(18), "九．次の文です。"]),
    Case("start ・",             "3.1.7 行頭禁則", FILL(19) + "・次の文です。",          20, [FILL(18), "九・次の文です。"]),
    Case("start ：",             "3.1.7 行頭禁則", FILL(19) + "：次の文です。",          20, [FILL(18), "九：次の文です。"]),
    Case("start ；",             "3.1.7 行頭禁則", FILL(19) + "；次の文です。",          20, [FILL(18), "九；次の文です。"]),
    Case("start ？",             "3.1.7 行頭禁則", FILL(19) + "？次の文です。",          20, [FILL(18), "九？次の文です。"]),
    Case("start ！",             "3.1.7 行頭禁則", FILL(19) + "！次の文です。",          20, [FILL(18), "九！次の文です。"]),
    Case("start ?",              "3.1.7 行頭禁則", FILL(19) + "?次の文です。",           20, [FILL(18), "九?次の文です。"]),
    Case("start !",              "3.1.7 行頭禁則", FILL(19) + "!次の文です。",           20, [FILL(18), "九!次の文です。"]),
    Case("start 々",             "3.1.7 行頭禁則", FILL(18) + "人々が集まる。",          20, [FILL(18), "人々が集まる。"]),
    Case("start ゝ",             "3.1.7 行頭禁則", FILL(19) + "ゝ次の文です。",          20, [FILL(18), "九ゝ次の文です。"]),
    Case("start ゞ",             "3.1.7 行頭禁則", FILL(19) + "ゞ次の文です。",          20, [FILL(18), "九ゞ次の文です。"]),
    Case("start ヽ",             "3.1.7 行頭禁則", FILL(19) + "ヽ次の文です。",          20, [FILL(18), "九ヽ次の文です。"]),
    Case("start ヾ",             "3.1.7 行頭禁則", FILL(19) + "ヾ次の文です。",          20, [FILL(18), "九ヾ次の文です。"]),
    Case("start ー",             "3.1.7 行頭禁則", FILL(18) + "データを見る。",          20, [FILL(18), "データを見る。"]),
    Case("start っ",             "3.1.7 行頭禁則", FILL(18) + "言ったことだ。",          20, [FILL(18), "言ったことだ。"]),
    Case("start ゃ",             "3.1.7 行頭禁則", FILL(18) + "きゃくが来た。",          20, [FILL(18), "きゃくが来た。"]),
    Case("start ッ",             "3.1.7 行頭禁則", FILL(18) + "ドッグだ。",              20, [FILL(18), "ドッグだ。"]),
    Case("start ョ",             "3.1.7 行頭禁則", FILL(18) + "ショックだ。",            20, [FILL(18), "ショックだ。"]),
    Case("start ァ",             "3.1.7 行頭禁則", FILL(18) + "ファイルだ。",            20, [FILL(18), "ファイルだ。"]),
    # -- 3.1.8 行末禁則: an opening bracket goes down with what it opens, set flush (3.1.5)
    Case("end 「",               "3.1.8 行末禁則", FILL(18) + "「次の文」です。",        20, [FILL(18), "「次の文」です。"], Start(1, -0.5)),
    Case("end 『",               "3.1.8 行末禁則", FILL(18) + "『次の文』です。",        20, [FILL(18), "『次の文』です。"], Start(1, -0.5)),
    Case("end （",               "3.1.8 行末禁則", FILL(18) + "（次の文）です。",        20, [FILL(18), "（次の文）です。"], Start(1, -0.5)),
    Case("end “",                "3.1.8 行末禁則", FILL(18) + "“平和”と言った。",        20, [FILL(18), "“平和”と言った。"]),
    # -- 3.1.10 分離禁止: the pair or number goes down whole
    Case("unsplit ……",           "3.1.10 分離禁止", FILL(18) + "……次の文です。",          20, [FILL(18), "……次の文です。"]),
    Case("unsplit ——",           "3.1.10 分離禁止", FILL(18) + "——次の文です。",          20, [FILL(18), "——次の文です。"]),
    Case("unsplit ――",           "3.1.10 分離禁止", FILL(18) + "――次の文です。",          20, [FILL(18), "――次の文です。"]),
    Case("unsplit 2014",         "3.1.10 分離禁止", FILL(17) + "は2014年に。",            20, [FILL(17) + "は", "2014年に。"]),
    Case("unsplit 1,000",        "3.1.10 分離禁止", FILL(17) + "は1,000人に。",           20, [FILL(17) + "は", "1,000人に。"]),
    # -- 3.1.4 約物の連続: two marks take 1.5 em, the first (or 2nd opening) half-width
    Case("pair 」「",            "3.1.4 約物の連続", "彼は「はい」「いいえ」と答えた。",   40, None, Pitch("」「い", 0.5, 1.5)),
    Case("pair 、「",            "3.1.4 約物の連続", "そう言い、「次」と書いた。",         40, None, Pitch("、「次", 0.5, 1.5)),
    Case("pair 。」",            "3.1.4 約物の連続", "「終わり。」と書いた。",             40, None, Pitch("。」と", 0.5, 1.5)),
    Case("pair ）（",            "3.1.4 約物の連続", "本文（注）（続）を見よ。",           40, None, Pitch("）（続", 0.5, 1.5)),
    Case("pair 」、",            "3.1.4 約物の連続", "「はい」、と答えた。",               40, None, Pitch("」、と", 0.5, 1.5)),
    Case("pair （「",            "3.1.4 約物の連続", "注（「引用」）を見よ。",             40, None, Pitch("（「引", 0.5, 1.5)),
    # -- 3.8 行の調整: oikomi before oidashi; a line-end 、 set half-width; even spreading
    Case("end 、 half-width",    "3.8 追込み",     "一二三四五」「六七八九十一二三四五六七、次の文です。", 20,
         ["一二三四五」「六七八九十一二三四五六七、", "次の文です。"], LastAt(0, -0.5)),
    Case("natural before oikomi", "3.8 追込み",   "一二三四五、六七八九十一、二三四五六七八九十一二三。", 20,
         ["一二三四五、六七八九十一、二三四五六七", "八九十一二三。"], Pitch("、六", 1.0), Pitch("、二", 1.0)),
    Case("oikomi two 、",        "3.8 追込み",     "一二三四五、六七八九十一、二三四ショー。」と言った。", 20,
         ["一二三四五、六七八九十一、二三四ショー。」", "と言った。"], Pitch("、六", 0.5), Pitch("、二", 0.5),
         LastAt(0, -0.5)),
    Case("oidashi even",         "3.8 追出し",     FILL(19) + "、次の文です。",          20, [FILL(18), "九、次の文です。"], Even(0, 10 / 17)),
    Case("natural before 「」", "3.8 追込み",     "一二三四五「六七八九十」一二三四五六七八を見た。", 20,
         ["一二三四五「六七八九十」一二三四五六七", "八を見た。"], Pitch("「六", 1.0), Pitch("」一", 1.0)),
    Case("oikomi 「 mid-line",   "3.8 追込み",     "一二三四五「六七八九十」一二三四ショー。」と見た。", 20,
         ["一二三四五「六七八九十」一二三四ショー。」", "と見た。"], Pitch("五「六", 0.5, 1.5), Pitch("」一", 0.5)),
    Case("oikomi 「 para start", "3.8 追込み",     "「一二三四五六七八九十一二三四五六七八」と言った。", 20,
         None),
    # -- 3.1.5 行頭の始め括弧: flush after a break, full width after the paragraph indent
    Case("head 「 flush",        "3.1.5 行頭の括弧", FILL(18) + "「次の文」です。",        20, None, Start(1, -0.5), Pitch("「次", 1.0)),
    Case("head 「 paragraph",    "3.1.5 行頭の括弧", "「はい」と答えた。",                 40, None, Start(0, 1.0), Pitch("「は", 1.0)),
    # -- 3.1.6 区切り約物: half-width ? ! in Japanese set full-width, a full-width space after
    Case("? ! full-width",       "3.1.6 区切り約物", "停戦へ?米露の電話協議!ウクライナも注目した。", 40,
         None, Adv("?", 1.0), Pitch("?米", 2.0), Adv("!", 1.0), Pitch("!ウ", 2.0),
         PdfText("停戦へ?米露"), PdfText("協議!ウクライナ")),
    Case("!? together",          "3.1.6 区切り約物", "本当か!?米露が合意した。",           40, None, Pitch("!?米", 1.0, 3.0), PdfText("本当か!?米露")),
    Case("? before 」",          "3.1.6 区切り約物", "「停戦へ?」と問うた。",              40, None, Pitch("?」と", 1.0, 2.0)),
    Case("? at line end",        "3.1.6 区切り約物", FILL(17) + "へ?米露の電話協議。",     20, [FILL(17) + "へ?", "米露の電話協議。"], LastAt(0, -1.0), Start(1, 0)),
    Case("？ full-width space",  "3.1.6 区切り約物", "停戦へ？米露の電話協議。",           40, None, Pitch("？米", 2.0)),
    # -- 3.1.9 ぶら下げ組 (layout option.hanging-punctuation = true): 、。 past the measure
    Case("hang 、",              "3.1.9 ぶら下げ", FILL(19) + "、次の文です。",          20, [FILL(19) + "、", "次の文です。"], LastAt(0, 0.0), layout=HANG),
    Case("hang 。",              "3.1.9 ぶら下げ", FILL(19) + "。次の文です。",          20, [FILL(19) + "。", "次の文です。"], LastAt(0, 0.0), layout=HANG),
    Case("hang off by default",  "3.1.9 ぶら下げ", FILL(19) + "、次の文です。",          20, [FILL(18), "九、次の文です。"], LastAt(0, -1.0)),
    # -- 3.2 和欧間: a quarter em between Japanese and Latin letters or digits, none by marks or line ends
    Case("¼em 新START条約",      "3.2 和欧間",     "新START条約を延長した。",            40, None, Gap("新S", 2.5), Gap("T条", 2.5)),
    Case("¼em 2014年",           "3.2 和欧間",     "昨年は2014年に戻った。",             40, None, Gap("は2", 2.5), Gap("4年", 2.5)),
    Case("¼em NATO加盟",         "3.2 和欧間",     "NATO加盟国が集まった。",             40, None, Gap("O加", 2.5), Start(0, 1.0)),
    Case("¼em not by marks",     "3.2 和欧間",     "欧州、NATO、（EU）と米国。",         40, None, Gap("、N", 0), Gap("O、", 0), Gap("（E", 0), Gap("U）", 0)),
    Case("¼em not at start",     "3.2 和欧間",     FILL(17) + "はNATO加盟国。",          20, [FILL(17) + "は", "NATO加盟国。"], Start(1, 0)),
    Case("¼em not at end",       "3.2 和欧間",     FILL(14) + "はNATO加盟国。",          20, [FILL(14) + "はNATO", "加盟国。"]),
    # -- 3.8 行の調整 with Latin words: to the measure, slack not poured into one space, words whole
    Case("break at a space",     "3.8 行の調整",   FILL(18) + "は Excel（.xlsx）や CSV の形式で書き出す。", 20,
         [FILL(18) + "は", "Excel（.xlsx）や CSV の形式で書き出す。"], Start(1, 0)),
    Case("justify mixed",        "3.8 行の調整",   MIXED,                                20, None),
    Case("justify at a space",   "3.8 行の調整",   MIXED_SPACE_END,                      20, None),
    Case("english words",        "3.8 行の調整",   ENGLISH,                              20, None, WordBreaks()),
    # -- ベタ組 (solid setting): Japanese characters on the em grid, not kerned
    Case("solid kana",           "ベタ組",         "ウクライナの停戦です。",             40, None, Pitch("ライ", 1.0), Pitch("す。", 1.0)),
    Case("solid line end",       "ベタ組 / 3.8",   FILL(18) + "について話す。",          20, [FILL(18) + "に", "ついて話す。"]),
    # -- a 300-character URL in a source note (Noto Sans 7.5 pt, left-aligned)
    Case("note URL inside",      "3.2 欧文 / 注",  NOTE_TEXT,                            20, None, NoteInside(), source=NOTE),
    Case("note URL breaks",      "3.2 欧文 / 注",  NOTE_TEXT,                            20, None, UrlBreaks(URL), OneLink(URL),
         source=NOTE),
] + [
    Case(f"note URL after {k}",  "Chicago 7.47",  NOTE_TEXT,                            20, None, UrlBreaks(URL2), OneLink(URL2),
         source=url_note(k))
    for k in range(16, 20)
]

# Rows where the setter breaks a rule today: name -> (the checks that fail, why).
KNOWN_FAILURES = {
}


# ---- running -----------------------------------------------------------------------

def run_case(case, s):
    """{check name: [errors]} for one case (empty lists left out)."""
    out = {}
    for name, fn in J.GENERAL:
        errs = fn(s)
        if errs:
            out[name] = errs
    for chk in case.specific():
        errs = chk.check(s)
        if errs:
            key = "lines" if isinstance(chk, J.Lines) else "specific"
            out.setdefault(key, []).extend(f"{chk}: {e}" if key == "specific" else e for e in errs)
    return out


def self_test_kinsoku():
    """The kinsoku checker flags every class it knows of, and passes clean lines."""
    missed = []
    if J.kinsoku_errors(["一二三", "四五六"]):
        missed.append("clean lines flagged")
    for c in sorted(J.NOT_STARTING):
        if not J.kinsoku_errors(["一二三", c + "四五"]):
            missed.append(f"line start {c}")
    for c in sorted(J.NOT_ENDING):
        if not J.kinsoku_errors(["一二" + c, "三四"]):
            missed.append(f"line end {c}")
    for a, b in [("…", "…"), ("—", "—"), ("‥", "‥"), ("―", "―"), ("20", "14"), ("1,", "000"), ("1", ",000"),
                 ("Gene", "va")]:
        if not J.kinsoku_errors(["一" + a, b + "二"]):
            missed.append(f"split {a}|{b}")
    return 1 + len(J.NOT_STARTING) + len(J.NOT_ENDING) + 8, missed


def perturbations(s):
    """(check name, perturbed setting) pairs: each must make that general check fail."""
    out = []
    body = s.body

    def with_line(k, glyphs):
        b = list(body)
        b[k] = J.Line(glyphs)
        return s.copy(b)

    if len(body) >= 2:
        gs = body[0].ink()
        out.append(("justified", with_line(0, gs[:-1] + [gs[-1].moved(0.3)])))
        g0 = body[1].glyphs
        out.append(("kinsoku", with_line(1, [g0[0].moved(c="、")] + g0[1:])))
    last = body[-1].glyphs
    out.append(("line-start", with_line(len(body) - 1, [last[0].moved(0.3)] + last[1:])))
    out.append(("text", with_line(len(body) - 1, last[:-1])))
    if len(body) >= 2:
        g0 = body[1].glyphs
        out.append(("space-start", with_line(1, [g0[0].moved(c=" ", adv=J.EM / 4)] + [g.moved(J.EM / 4) for g in g0])))
    for k, line in enumerate(body[:-1]):
        gs = line.glyphs
        sp = [i for i, g in enumerate(gs[:-1]) if g.c == " "]
        if sp:
            i = sp[0]
            out.append(("spread", with_line(k, gs[:i + 1] + [g.moved(3.5) for g in gs[i + 1:]])))
            break
    for k, line in enumerate(body):
        gs = line.glyphs
        i = next((i for i in range(len(gs) - 1) if gs[i].c.isascii() and gs[i].c.isalpha() and
                  gs[i + 1].c.isascii() and gs[i + 1].c.isalpha()), None)
        if i is not None:
            out.append(("latin-word", with_line(k, gs[:i + 1] + [g.moved(1.0) for g in gs[i + 1:]])))
            break
    for k, line in enumerate(body):
        gs = line.glyphs
        i = next((i for i in range(len(gs) - 1) if gs[i].c in J.OPEN_FULL and gs[i + 1].c not in J.OPEN_FULL),
                 None)
        if i is not None:
            out.append(("bracket-ink", with_line(k, gs[:i + 1] + [gs[i + 1].moved(gs[i].x + J.EM / 2 - gs[i + 1].x)]
                                                 + gs[i + 2:])))
            break
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("briefing")
    ap.add_argument("--keep", help="write the cases' files here and keep them")
    ap.add_argument("--only", help="run only the rows whose name matches this regular expression")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every row, and the lines of failing ones")
    args = ap.parse_args()

    for tool in ("mutool", "pdftotext"):
        if not shutil.which(tool):
            print(f"jlreq: {tool} is not installed", file=sys.stderr)
            return 2
    names = [c.name for c in TABLE]
    dupes = {n for n in names if names.count(n) > 1}
    stale = set(KNOWN_FAILURES) - set(names)
    if dupes or stale:
        print(f"jlreq: table error: duplicate names {sorted(dupes)}, unknown known failures {sorted(stale)}",
              file=sys.stderr)
        return 2
    cases = [c for c in TABLE if not args.only or re.search(args.only, c.name)]

    tmp = None
    if args.keep:
        workdir = args.keep
        os.makedirs(workdir, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="jlreq-")
        workdir = tmp.name

    keys = {}
    for c in cases:
        keys.setdefault(c.build_key(), (f"case{len(keys):03d}", c))
    built = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futs = {pool.submit(J.build, args.briefing, workdir, key, c.text, c.width, c.layout, c.source): bk
                for bk, (key, c) in keys.items()}
        for f in concurrent.futures.as_completed(futs):
            try:
                built[futs[f]] = f.result()
            except RuntimeError as e:
                built[futs[f]] = e

    passed = failed = xfailed = 0
    mutants = 0
    escaped = []
    for c in cases:
        b = built[c.build_key()]
        if isinstance(b, Exception):
            failed += 1
            print(f"FAIL  {c.name} [{c.rule}]: {b}")
            continue
        s = J.read_setting(b[0], b[1], c.width, "option.hanging-punctuation = true" in c.layout, c.text)
        if not s.body:
            failed += 1
            print(f"FAIL  {c.name} [{c.rule}]: no body lines in the PDF")
            continue
        result = run_case(c, s)
        known = KNOWN_FAILURES.get(c.name)
        shown = " | ".join(ln.text.strip() for ln in s.body)
        if known and set(result) == set(known[0].split(", ")):
            xfailed += 1
            print(f"xfail {c.name} [{c.rule}] ({known[0]}): {known[1]}")
            for name, errs in result.items():
                for e in errs:
                    print(f"        shows: {e}")
        elif known or result:
            failed += 1
            if not result:
                print(f"FAIL  {c.name} [{c.rule}]: passes now; take it off KNOWN_FAILURES")
            elif known:
                print(f"FAIL  {c.name} [{c.rule}]: expected to fail {known[0]} only, failed {', '.join(sorted(result))}")
            else:
                print(f"FAIL  {c.name} [{c.rule}]")
            for name, errs in result.items():
                for e in errs:
                    print(f"        {name}: {e}")
            if args.verbose:
                print(f"        lines: {shown}")
        else:
            passed += 1
            if args.verbose:
                print(f"ok    {c.name} [{c.rule}]: {shown}")

        # Self-test: every check that passed here fails once its expected
        # value is changed, or the lines it reads are perturbed.
        for chk in c.specific():
            if chk.check(s):
                continue
            m, ms = chk.mutant(s)
            mutants += 1
            if not m.check(ms or s):
                escaped.append(f"{c.name}: '{m}' does not fail")
        for name, ps in perturbations(s):
            if name in result:
                continue
            mutants += 1
            if not dict(J.GENERAL)[name](ps):
                escaped.append(f"{c.name}: the {name} check does not see a perturbed line")

    n, missed = self_test_kinsoku()
    mutants += n
    escaped += [f"kinsoku checker: {m}" for m in missed]
    for e in escaped:
        print(f"SELF-TEST  {e}")
    print(f"jlreq self-test: {mutants} changed expectations and perturbed lines, "
          f"{mutants - len(escaped)} caught, {len(escaped)} missed")
    print(f"jlreq: {passed} passed, {failed} failed ({xfailed} known failures)")
    if tmp:
        tmp.cleanup()
    return 1 if failed or escaped else 0


if __name__ == "__main__":
    sys.exit(main())
