#!/usr/bin/env python3
"""Check the page-building rules on a text dump of placed pages.

Usage: check-dump.py DUMP [--expect-pages N] [--chapter-pages] [--mid-tables N]

Asserts, for every page of the dump:
  - nothing leaves the text area (lines, rules, images, frames, notes),
    nor its column (a note's first line: the dump gives its top-left);
  - the notes sit below everything else on the page;
  - a heading is never the last thing on a page;
  - no paragraph leaves a single line at the foot or head of a page;
  - every note a line cites is set at the foot of that same page, or, when
    the notes are too tall for it, the first one that line cites anew begins
    there and the others follow on the next pages, each line of a split
    note once and in order;
  - the key-points page (outline 要点) starts a page;
  - a frame (summary box) is split across pages, or across the columns of
    a page, only when it is taller than the page or column it starts in;
  - a table row stays inside its column, and each cell's lines inside the
    row; a table continued in a new column or page starts with its header
    row repeated; a header row is never the last thing in its column;
  - a floated figure is never followed, in the same column, by text that
    stood before it (nothing to check in the dump but its place: it sits
    inside the area like every image);
  - no page is left more than a third empty (the space between the text
    and the notes, summed over the columns), but the last page, a blank
    one, the pages of the key points, the contents and the list of
    sources, and the page before one of those, before a chapter that
    starts a page (--chapter-pages: chapters start pages, as with
    --chapter-recto) or before a table across the columns, which starts a
    page;
  - a table across the columns in mid-page stands right under the columns
    of the text before it, and they are balanced; with --mid-tables N, at
    least N tables start in mid-page (a document made so that they fit);
Prints one line per violation and exits 1 if there is any.
"""
import re
import sys

LINE = re.compile(r"  line (?P<x>[-\d.]+) (?P<y>[-\d.]+) w=(?P<w>[-\d.]+) h=(?P<h>[-\d.]+) "
                  r"(?P<role>\w+) p(?P<para>\d+):(?P<i>\d+)/(?P<n>\d+)(?P<rest>.*?): (?P<text>.*)$")
FRAME = re.compile(r"  frame (?P<id>\d+) (?P<kind>\w+) (?P<x>[-\d.]+) (?P<y>[-\d.]+) (?P<w>[-\d.]+) (?P<h>[-\d.]+)(?P<rest>.*)$")
RULE = re.compile(r"  (?:rule|image) (?P<x>[-\d.]+) (?P<y>[-\d.]+) (?P<w>[-\d.]+) (?P<h>[-\d.]+)(?: float)?$")
ROW = re.compile(r"  row (?P<x>[-\d.]+) (?P<y>[-\d.]+) w=(?P<w>[-\d.]+) h=(?P<h>[-\d.]+) table=(?P<t>\d+)(?P<rest>.*)$")
CELL = re.compile(r"    cell (?P<k>\d+) (?P<x>[-\d.]+) (?P<y>[-\d.]+) w=(?P<w>[-\d.]+)(?: cites=(?P<cites>[\d,]+))?: (?P<text>.*)$")
NOTE = re.compile(r"  note (?P<n>\d+) (?P<x>[-\d.]+) (?P<y>[-\d.]+)(?: line=(?P<i>\d+)/(?P<c>\d+))?: (?P<text>.*)$")
COLUMN = re.compile(r"  column (?P<k>\d+) (?P<x>[-\d.]+) (?P<y>[-\d.]+) (?P<w>[-\d.]+) (?P<h>[-\d.]+)$")
ABOVE = re.compile(r"  above (?P<k>\d+) (?P<x>[-\d.]+) (?P<y>[-\d.]+) (?P<w>[-\d.]+) (?P<h>[-\d.]+)$")
PAGE = re.compile(r"page (?P<n>\d+) area (?P<x>[-\d.]+) (?P<y>[-\d.]+) (?P<w>[-\d.]+) (?P<h>[-\d.]+)(?P<blank> blank)?$")

HEADINGS = {"heading", "section"}
# Roles whose paragraphs obey the widow/orphan rule.
FLOWING = {"text", "lead", "summary", "comment", "aside", "keypoint", "teaser"}
EPS = 0.11  # positions are rounded to 0.1 pt


def parse(path):
    pages = []
    for raw in open(path, encoding="utf-8"):
        raw = raw.rstrip("\n")
        m = PAGE.match(raw)
        if m:
            pages.append({"n": int(m["n"]), "area": tuple(float(m[k]) for k in "xywh"),
                          "items": [], "frames": [], "notes": [], "columns": [], "above": [],
                          "blank": bool(m["blank"])})
            continue
        if not pages:
            continue
        pg = pages[-1]
        if m := COLUMN.match(raw):
            pg["columns"].append(tuple(float(m[k]) for k in "xywh"))
        elif m := ABOVE.match(raw):
            pg["above"].append(tuple(float(m[k]) for k in "xywh"))
        elif m := LINE.match(raw):
            d = m.groupdict()
            item = {"kind": "line", "x": float(d["x"]), "y": float(d["y"]), "w": float(d["w"]),
                    "h": float(d["h"]), "role": d["role"], "para": int(d["para"]),
                    "i": int(d["i"]), "n": int(d["n"]), "text": d["text"], "rest": d["rest"]}
            c = re.search(r" cites=([\d,]+)", d["rest"])
            item["cites"] = [int(v) for v in c.group(1).split(",")] if c else []
            f = re.search(r" frame=(\d+)", d["rest"])
            item["frame"] = int(f.group(1)) if f else None
            o = re.search(r' outline="([^"]*)"', d["rest"])
            item["outline"] = o.group(1) if o else None
            pg["items"].append(item)
        elif m := FRAME.match(raw):
            pg["frames"].append({"id": int(m["id"]), "kind": m["kind"], "x": float(m["x"]), "y": float(m["y"]),
                                 "w": float(m["w"]), "h": float(m["h"]), "rest": m["rest"]})
        elif m := ROW.match(raw):
            pg["items"].append({"kind": "row", "x": float(m["x"]), "y": float(m["y"]), "w": float(m["w"]),
                                "h": float(m["h"]), "role": "", "cites": [], "frame": None, "outline": None,
                                "table": int(m["t"]), "head": " head" in m["rest"],
                                "repeated": " repeated" in m["rest"], "cells": [], "text": ""})
        elif (m := CELL.match(raw)) and pg["items"] and pg["items"][-1]["kind"] == "row":
            row = pg["items"][-1]
            row["cells"].append({"x": float(m["x"]), "y": float(m["y"]), "w": float(m["w"]), "text": m["text"]})
            row["cites"] += [int(v) for v in m["cites"].split(",")] if m["cites"] else []
            row["text"] = row["text"] or m["text"]
        elif m := RULE.match(raw):
            pg["items"].append({"kind": "rule", "x": float(m["x"]), "y": float(m["y"]), "w": float(m["w"]),
                                "h": float(m["h"]), "role": "", "cites": [], "frame": None, "outline": None})
        elif m := NOTE.match(raw):
            pg["notes"].append({"n": int(m["n"]), "x": float(m["x"]), "y": float(m["y"]), "text": m["text"],
                                "i": int(m["i"]) if m["i"] else None, "c": int(m["c"]) if m["c"] else None})
    return pages


ABOVE_BOX = 100  # column k above a table in mid-page is container ABOVE_BOX + k
MID_BAND = -2  # the table across the columns in mid-page


def container_of(pg, x, y):
    """-1 for the band across the columns (or a one-column page), else the
    column; on a page with a table in mid-page, ABOVE_BOX + k for column k
    above it and MID_BAND for the table."""
    cols, above = pg["columns"], pg["above"]
    if above and y >= above[0][1] - EPS and y < cols[0][1] - EPS:
        if y >= above[0][1] + above[0][3] - EPS:
            return MID_BAND
        for k, (cx, cy, cw, ch) in enumerate(above):
            if x < cx + cw + EPS:
                return ABOVE_BOX + k
        return ABOVE_BOX + len(above) - 1
    if not cols or y < cols[0][1] - EPS:
        return -1 if cols else 0
    for k, (cx, cy, cw, ch) in enumerate(cols):
        if x < cx + cw + EPS:
            return k
    return len(cols) - 1


def rect(pg, box):
    """The area of column container `box` (>= 0)."""
    return pg["above"][box - ABOVE_BOX] if box >= ABOVE_BOX else pg["columns"][box]


def foot_column(box):
    """The column at whose foot the notes of container `box` go: the
    band's and the mid-page table's under the first, a column's above such
    a table under the same column below it."""
    return box - ABOVE_BOX if box >= ABOVE_BOX else max(box, 0)


def reading_order(box):
    """Containers in reading order: the band, the columns above a table
    in mid-page, the table, the columns."""
    return {-1: -3, MID_BAND: ABOVE_BOX * 2}.get(box, box if box >= ABOVE_BOX else ABOVE_BOX * 3 + box)


def check(pages):
    errors = []

    def err(pg, msg):
        errors.append(f"page {pg['n']}: {msg}")

    frame_pages = {}
    frame_height = {}
    runs = {}  # a note split across pages: the last line of it set so far
    pending = set()  # notes cited but left whole for a later page
    open_before = set()
    carried = {}  # (page, column): notes continue after it
    frame_room = {}
    sequence = []  # the containers in reading order, each a list of lines
    for pg in pages:
        ax, ay, aw, ah = pg["area"]
        for it in pg["items"]:
            right = it["x"] + it["w"]
            if it["x"] < ax - EPS or right > ax + aw + EPS or it["y"] < ay - EPS or it["y"] + it["h"] > ay + ah + EPS:
                err(pg, f"{it['kind']} outside the text area at ({it['x']}, {it['y']}) "
                        f"w={it['w']} h={it['h']}: {it.get('text', '')[:30]}")
            it["box"] = container_of(pg, it["x"], it["y"])
            if it["box"] >= 0 and pg["columns"]:
                cx, cy, cw, ch = rect(pg, it["box"])
                if it["x"] < cx - EPS or right > cx + cw + EPS:
                    err(pg, f"{it['kind']} outside column {it['box']}: {it.get('text', '')[:30]}")
        for fr in pg["frames"]:
            if fr["x"] < ax - EPS or fr["x"] + fr["w"] > ax + aw + EPS or fr["y"] < ay - EPS or fr["y"] + fr["h"] > ay + ah + EPS:
                err(pg, f"frame {fr['id']} outside the text area")
            fr["box"] = container_of(pg, fr["x"], fr["y"])
            frame_pages.setdefault(fr["id"], []).append(pg["n"])
            frame_height[fr["id"]] = frame_height.get(fr["id"], 0) + fr["h"]
            # What the frame had to fit: its column, or the text area.
            if fr["box"] >= 0 and pg["columns"]:
                frame_room.setdefault(fr["id"], rect(pg, fr["box"])[3])
            else:
                frame_room.setdefault(fr["id"], ah)
        for k, n in enumerate(pg["notes"]):
            n["box"] = container_of(pg, n["x"], n["y"])
            # A note line's height is its distance to the next one; the
            # last takes the largest pitch among them.
            below = [m["y"] for m in pg["notes"][k + 1:] if m["y"] > n["y"] and abs(m["x"] - n["x"]) < EPS]
            n["h"] = min(below) - n["y"] if below else None
        pitch = min([n["h"] for n in pg["notes"] if n["h"] is not None] or [0])
        for n in pg["notes"]:
            if n["y"] < ay - EPS:
                err(pg, f"note {n['n']} starts above the text area at {n['y']}")
            if n["y"] + (n["h"] if n["h"] is not None else pitch) > ay + ah + EPS:
                err(pg, f"note {n['n']} runs below the text area at {n['y']}")
            if n["x"] < ax - EPS or n["x"] > ax + aw:
                err(pg, f"note {n['n']} outside the text area at x={n['x']}")
            if n["box"] >= 0 and pg["columns"]:
                cx, cy, cw, ch = pg["columns"][n["box"]]
                if n["x"] < cx - EPS or n["x"] > cx + cw + EPS or n["y"] > cy + ch + EPS:
                    err(pg, f"note {n['n']} outside column {n['box']}: {n['text'][:30]}")
        boxes = sorted({it["box"] for it in pg["items"]} | {0}, key=reading_order)
        for box in boxes:
            notes = [n for n in pg["notes"] if n["box"] == foot_column(box)]
            items = [it for it in pg["items"] if it["box"] == box]
            frames = [fr for fr in pg["frames"] if fr["box"] == box]
            if notes and box >= 0:
                top = min(n["y"] for n in notes)
                bottom = max([it["y"] + it["h"] for it in items] + [fr["y"] + fr["h"] for fr in frames] + [ay])
                if bottom > top + EPS:
                    err(pg, f"text reaches {bottom:.1f}, below the top of the notes at {top:.1f} (column {box})")
            lines = [it for it in items if it["kind"] == "line"]
            if lines:
                sequence.append((pg, box, lines))
        # A note is set at the foot of the column that cites it (the band's:
        # the first column's), or one too tall for the room left is begun
        # there and continued: the first note each line cites anew starts
        # under it, the others at the latest right after it, on later pages.
        for box in sorted({foot_column(it["box"]) for it in pg["items"]} | {n["box"] for n in pg["notes"]}):
            here = [n for n in pg["notes"] if n["box"] == box]
            started = {n["n"] for n in here if n["i"] in (None, 1)}
            for n in here:
                run = runs.get(n["n"])
                if n["i"] is None or n["i"] == 1:
                    if run is not None:
                        err(pg, f"note {n['n']} begins again before line {run + 1} of it was set")
                    runs[n["n"]] = None if n["i"] is None or n["i"] == n["c"] else 1
                elif run is None or n["i"] != run + 1:
                    err(pg, f"note {n['n']} line {n['i']} follows line {run} of it")
                else:
                    runs[n["n"]] = None if n["i"] == n["c"] else n["i"]
            queued = set(open_before)
            for it in pg["items"]:
                if foot_column(it["box"]) != box:
                    continue
                new = [c for c in it["cites"] if c not in queued]
                # The band's notes go under the first column, as its own.
                if new and new[0] not in started:
                    err(pg, f"note {new[0]} is cited here but not set at the foot of this column: {it['text'][:30]}")
                queued |= set(it["cites"])
            for c in queued - started - set(open_before):
                if c not in pending:
                    pending.add(c)
            pending -= started
            open_before = {n for n, r in runs.items() if r is not None} | pending
            carried[(pg["n"], box)] = bool(open_before)
        for k, it in enumerate(pg["items"]):
            # Last, the key points start a page; first, they may follow the title block.
            before = {x["role"] for x in pg["items"][:k]} - {"edition", "title", "subtitle", "lead", ""}
            if it.get("outline") == "要点" and before:
                err(pg, "the key-points page does not start a page")
    errors += check_tables(pages)
    errors += check_fill(pages, "--chapter-pages" in sys.argv)
    errors += check_balance(pages, "--chapter-pages" in sys.argv, carried)
    errors += check_mid(pages)
    # Headings never end a column or page; no widows or orphans across breaks.
    for (pa, ba, la), (pb, bb, lb) in zip(sequence, sequence[1:]):
        last, first = la[-1], lb[0]
        if last["role"] in HEADINGS:
            err(pa, f"a column or page ends with a heading: {last['text'][:30]}")
        # A line whose notes could not all go under it may have to leave its
        # paragraph's last line to the next page: the notes come first.
        if last["para"] == first["para"] and last["role"] in FLOWING and not carried.get((pa["n"], max(ba, 0))):
            if last["i"] < 2:
                err(pb, f"orphan: only line {last['i']} of {last['n']} of a paragraph at the foot of page {pa['n']}")
            if last["n"] - last["i"] < 2:
                err(pb, f"widow: the last line of a paragraph alone at the head: {first['text'][:30]}")
    for n, run in runs.items():
        if run is not None:
            errors.append(f"note {n} ends at line {run}: the rest of it is never set")
    if pending:
        errors.append(f"notes {sorted(pending)} are cited but never set")
    # A box stays whole (across pages, or across the columns of a page)
    # unless it is taller than the page or column it starts in, or moving
    # it on whole would leave more than a third of that page or column
    # empty: then it splits with two of its lines at least on each side,
    # and a summary box shows its label with （続き） where it goes on.
    parts = frame_parts(pages)
    for fid, pgs in frame_pages.items():
        if len(pgs) < 2 or frame_height[fid] >= frame_room[fid] * 0.75:
            continue
        first = parts[fid][0]
        if first["moved"] <= first["area"] / 3:
            errors.append(f"frame {fid} ({frame_height[fid]:.0f} pt) split over pages {pgs} "
                          f"though it fits its {frame_room[fid]:.0f} pt and moving it on would leave "
                          f"{first['moved']:.0f} pt empty")
        for part in parts[fid]:
            if part["lines"] < 2:
                errors.append(f"page {part['page']}: {part['lines']} line of frame {fid} alone on this side "
                              f"of its split")
        for part in parts[fid][1:]:
            if part["kind"] == "box" and "（続き）" not in part["label"]:
                errors.append(f"page {part['page']}: frame {fid} goes on without its label and （続き）")
    return errors


def frame_parts(pages):
    """Each frame's parts in order, per page and column: its lines there,
    its label, and for the first, what moving it on whole would leave
    empty (the space left under it, its own height and the heading kept
    with it)."""
    parts = {}
    for pg in pages:
        empty = column_empty(pg)
        for fr in pg["frames"]:
            box = fr["box"]
            items = [it for it in pg["items"] if it["box"] == box]
            mine = [k for k, it in enumerate(items) if it["frame"] == fr["id"]]
            k = mine[0] if mine else 0
            while k > 0 and (items[k - 1]["role"] in HEADINGS or items[k - 1]["kind"] == "rule"):
                k -= 1
            cols = pg["columns"]
            top = items[k - 1]["y"] + items[k - 1]["h"] if k > 0 else (rect(pg, box)[1] if cols and box >= 0 else pg["area"][1])
            label = re.search(r' label="([^"]*)"', fr["rest"])
            parts.setdefault(fr["id"], []).append({
                "page": pg["n"], "kind": fr["kind"], "lines": len(mine), "label": label.group(1) if label else "",
                "moved": empty[foot_column(box)] + fr["y"] + fr["h"] - top, "area": pg["area"][3]})
    return parts


# The pages that may end short: what starts a page of its own.
OWN_PAGE = {"要点", "目次", "出典一覧"}
MAX_EMPTY = 1 / 3


def column_empty(pg):
    """The space left empty in each column (or the one column): between the
    lowest text or frame and the top of its notes (or the foot)."""
    ax, ay, aw, ah = pg["area"]
    cols = pg["columns"] or [(ax, ay, aw, ah)]
    empty = []
    for k, (cx, cy, cw, ch) in enumerate(cols):
        mine = [it for it in pg["items"] if max(it["box"], 0) == k and it["box"] >= 0] if pg["columns"] else pg["items"]
        frames = [fr for fr in pg["frames"] if max(fr["box"], 0) == k and fr["box"] >= 0] if pg["columns"] else pg["frames"]
        bottom = max([it["y"] + it["h"] for it in mine] + [fr["y"] + fr["h"] for fr in frames] + [cy])
        notes = [n["y"] for n in pg["notes"] if n["box"] == k or not pg["columns"]]
        foot = min(notes) if notes else ay + ah
        empty.append(max(0.0, foot - bottom))
    return empty


def empty_share(pg):
    """The share of the page's text area left empty, over its columns."""
    empty = column_empty(pg)
    return sum(empty) / (pg["area"][3] * len(empty))


def check_fill(pages, chapter_pages):
    """No page more than a third empty, but those that may end short."""
    errors = []

    def starts_own(pg):
        first = next((it for it in pg["items"] if it["kind"] == "line"), None)
        if pg.get("blank"):
            return True
        # A table across the columns starts a page, in its band; text after
        # it moves up past it to fill the columns before it, but a block (a
        # table, a heading, a caption) does not pass it.
        if any(it["kind"] == "row" and it["box"] < 0 and pg["columns"] for it in pg["items"][:3]):
            after = next((it for it in pg["items"] if it["box"] >= 0), None)
            return after is None or after["kind"] != "line" or after["role"] != "text"
        if first is None:
            return False
        if first.get("outline") in OWN_PAGE:
            return True
        if chapter_pages and first["role"] == "heading" and first.get("outline") is not None:
            return True
        return False

    sources = False  # the list of sources, the last thing, has begun
    for k, pg in enumerate(pages):
        own = any(it.get("outline") in OWN_PAGE or it["role"] == "keypoint" for it in pg["items"])
        sources = sources or any(it.get("outline") == "出典一覧" for it in pg["items"])
        if k == len(pages) - 1 or pg.get("blank") or not pg["items"] or own or sources:
            continue
        if starts_own(pages[k + 1]):
            continue
        share = empty_share(pg)
        if share > MAX_EMPTY + 0.001:
            errors.append(f"page {pg['n']}: {share * 100:.0f}% of the text area left empty")
    return errors


def unit_at(items, top):
    """The height of what stands together at the head (or foot) of a
    column's items under the keeps: a paragraph's first (last) two lines,
    all three of one of three, a heading and two lines after it."""
    seq = items if top else items[::-1]
    h, lines, k = 0, 0, 0
    while k < len(seq):
        it = seq[k]
        h += it["h"]
        k += 1
        if it.get("frame") is not None:
            # A box that was not split goes whole.
            while k < len(seq) and seq[k].get("frame") == it["frame"]:
                h += seq[k]["h"]
                k += 1
            return h
        if it["kind"] != "line":
            if (it["kind"] == "rule" or it.get("head") or it.get("role") == "meta") and k < len(seq):
                continue
            return h
        if it["role"] in HEADINGS:
            lines = -1  # the heading keeps with the next two lines
            continue
        lines = 1 if lines <= 0 else lines + 1
        n = it["n"]
        if lines >= 2 and (n != 3 or lines == 3 or it["i"] in (1, n) and lines == n):
            return h
        if lines >= n:
            return h
    return h


def check_balance(pages, chapter_pages, carried):
    """Where the flow of columns ends on a page (the document's end, a
    forced page break, a block across the columns on the next page), the
    columns end at the same height, but for what the keeps hold together."""
    errors = []
    for k, pg in enumerate(pages):
        if len(pg["columns"]) < 2 or any(carried.get((pg["n"], c)) for c in range(len(pg["columns"]))):
            continue
        nxt = pages[k + 1] if k + 1 < len(pages) else None
        if nxt is not None and not nxt.get("blank"):
            first = nxt["items"][0] if nxt["items"] else None
            if first is None or not (first["box"] < 0 or first.get("outline") == "要点" or
                                     (chapter_pages and first["role"] == "heading" and first.get("outline"))):
                continue
        cols = [[it for it in pg["items"] if it["box"] == c] for c in range(len(pg["columns"]))]
        if not cols[-1] and len(cols[0]) < 2:
            continue
        ch = pg["columns"][0][3]
        used = [ch - e for e in column_empty(pg)]
        # What may cross from one column to the next (an empty column after
        # one: what that one holds may not break).
        unit = balance_unit(cols)
        for c in range(len(cols) - 1):
            if abs(used[-1] - used[c]) > unit + EPS:
                errors.append(f"page {pg['n']}: columns not balanced at the end of their flow: "
                              f"{', '.join(f'{u:.0f}' for u in used)} pt used")
                break
    return errors


def balance_unit(cols):
    """How far columns that balance may differ: a line, and what may cross
    from one column to the next at the foot of one or the head of the
    other (a paragraph's two lines, a heading with two lines after it, a
    row, a box that does not split)."""
    pitch = max([it["h"] for c in cols for it in c if it["kind"] == "line"] or [0])
    return pitch + max([unit_at(cols[c], False) + unit_at(cols[c + 1] or cols[c], True)
                        for c in range(len(cols) - 1) if cols[c]] or [0])


def check_mid(pages):
    """A table across the columns in mid-page: the columns above it are
    balanced and it stands right under them; with --mid-tables N, at least
    N tables start in mid-page."""
    errors = []
    for k, pg in enumerate(pages):
        if pg["above"]:
            top = pg["above"][0][1]
            cols = [[it for it in pg["items"] if it["box"] == ABOVE_BOX + c] for c in range(len(pg["above"]))]
            used = [max([it["y"] + it["h"] for it in col] + [top]) - top for col in cols]
            if max(used) - min(used) > balance_unit(cols) + EPS:
                errors.append(f"page {pg['n']}: the columns above the table in mid-page are not balanced: "
                              f"{', '.join(f'{u:.0f}' for u in used)} pt used")
            mid = [it for it in pg["items"] if it["box"] == MID_BAND]
            if not any(it["kind"] == "row" for it in mid):
                errors.append(f"page {pg['n']}: columns above a table in mid-page, but no table under them")
            elif min(it["y"] for it in mid) > top + max(used) + 3 * max(it["h"] for c in cols for it in c):
                errors.append(f"page {pg['n']}: the table in mid-page does not follow the columns above it")
    if "--mid-tables" in sys.argv:
        # A document made for it (make-cases.py mid-tables): at least this
        # many tables across the columns start in mid-page.
        want = int(sys.argv[sys.argv.index("--mid-tables") + 1])
        got = sum(1 for pg in pages for it in pg["items"] if it["box"] == MID_BAND and it["kind"] == "row"
                  and it["head"] and not it["repeated"])
        if got < want:
            errors.append(f"{got} tables across the columns start in mid-page, not at least {want}")
    return errors


def check_tables(pages):
    """Rows inside their columns, cells inside their rows, the header row
    repeated where a table continues and never alone at a column's foot."""
    errors = []
    seen = set()  # tables whose rows have begun
    for pg in pages:
        boxes = {}
        for it in pg["items"]:
            boxes.setdefault(it["box"], []).append(it)
        for box, items in boxes.items():
            for k, it in enumerate(items):
                if it["kind"] != "row":
                    continue
                for c in it["cells"]:
                    if c["x"] < it["x"] - EPS or c["x"] + c["w"] > it["x"] + it["w"] + EPS:
                        errors.append(f"page {pg['n']}: a cell sticks out of its row: {c['text'][:30]}")
                    if c["y"] < it["y"] - EPS or c["y"] > it["y"] + it["h"] + EPS:
                        errors.append(f"page {pg['n']}: a cell is set outside its row: {c['text'][:30]}")
                first_of_table = k == 0 or items[k - 1]["kind"] != "row" or items[k - 1]["table"] != it["table"]
                if first_of_table and it["table"] in seen and not it["head"]:
                    errors.append(f"page {pg['n']}: table {it['table']} continues without its header row: "
                                  f"{it['text'][:30]}")
                if it["head"] and not it["repeated"] and it["table"] in seen:
                    errors.append(f"page {pg['n']}: table {it['table']} has a second header row")
                seen.add(it["table"])
                if it["head"] and (k == len(items) - 1 or items[k + 1]["kind"] != "row"):
                    errors.append(f"page {pg['n']}: the header row of table {it['table']} ends its column alone")
    return errors


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    pages = parse(sys.argv[1])
    if not pages:
        print(f"{sys.argv[1]}: no pages in the dump", file=sys.stderr)
        return 1
    if "--expect-pages" in sys.argv:
        want = int(sys.argv[sys.argv.index("--expect-pages") + 1])
        if len(pages) != want:
            print(f"{sys.argv[1]}: {len(pages)} pages, expected {want}", file=sys.stderr)
            return 1
    errors = check(pages)
    for e in errors:
        print(f"{sys.argv[1]}: {e}", file=sys.stderr)
    n_lines = sum(1 for p in pages for it in p["items"] if it["kind"] == "line")
    print(f"{sys.argv[1]}: {len(pages)} pages, {n_lines} lines, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
