#!/usr/bin/env python3
"""How the cost grows with each dimension of the input.

Usage: growth.py [--binary PATH] [--runs N] [--workdir DIR] [--only NAME,...]
       growth.py --pages [--callgrind] [--binary PATH] [--runs N] [--workdir DIR]

For each input dimension it writes documents at 1x, 4x and 16x of a base
size (all else small and fixed), builds each N times (median) and prints a
Markdown table: wall time, CPU time (user + system), peak resident memory,
pages, and the growth exponent log(t16 / t1) / log(16) of the CPU time and
of the memory (1.00 = linear; the total includes the fixed start-up, so the
work alone grows a little faster than the figure, which is why the table
also gives the exponent of the time above that of a one-line document).
A last row builds a document of nearly the 8 MiB input limit.

With --pages it measures length alone, from a few pages to over 3,000: the
same chapter (40 short paragraphs of the sample's text, numbered) 1 to 1,000
times, set in A5 at 14 pt so that 1,000 chapters stay within the format's
limits (1,000 chapters, 8 MiB) and make some 3,000 pages.  It prints wall
and CPU time, peak memory, pages and, with --callgrind, the instructions
of each build (valgrind: repeatable whatever else the machine does), and
the exponent of a least-squares fit of log(cost) on log(pages) over the
sizes of 100 pages or more (1.00 = linear), where start-up is a small part.
"""
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SAMPLE = json.load(open(os.path.join(ROOT, "examples", "ukraine-ceasefire.json"), encoding="utf-8"))
BODY = [p for ch in SAMPLE["chapters"] for p in ch["body"]]
TEXT = "".join(BODY)
PNG = os.path.join(ROOT, "examples", "images", "talks-chart.png")


def doc(chapters, **extra):
    d = {"format": "briefing/1", "title": "伸びの測定", "edition": {"date": "2025-02-21"}, "chapters": chapters}
    d.update(extra)
    return d


def text_of(n):
    """n characters of real text, sentences numbered so that none repeats."""
    out, i = [], 0
    while sum(len(s) for s in out) < n:
        out.append(f"{BODY[i % len(BODY)]}（{i + 1}）")
        i += 1
    return "".join(out)[:n]


# Each dimension: (name, what 1x is, a function of the scale k giving the document).
# Each string stays under the 64 KiB limit at 16x; the documents hold many
# such strings so that the work, not the start-up, is measured.
def string_length(k, work):
    t = text_of(1300 * 16)
    return doc([{"title": f"長い段落{j + 1}", "body": [t[(j * 97) % 800:][: 1300 * k]]} for j in range(40)])


def url_length(k, work):
    def url(j):
        return f"https://example.com/{j}/" + "".join(f"p{i:05d}/" for i in range(4000 * k // 7))[: 4000 * k - 24]
    return doc([{"title": "長いURL", "body": [BODY[j] + f"[^u{j}]" for j in range(8)]}],
               sources=[{"id": f"u{j}", "name": f"長いURLの情報源{j}", "url": url(j)} for j in range(8)])


def spans(k, work):
    return doc([{"title": "強調の多い段落", "body": ["".join(f"**強{i % 10}**調" for i in range(360 * k))] * 40}])


def citations(k, work):
    n = 10 * k
    srcs = [{"id": f"c{i}", "name": f"情報源{i}", "description": BODY[i % 20][:60],
             "url": f"https://example.com/c/{i}"} for i in range(n)]
    return doc([{"title": f"一文の出典{j + 1}", "body": [BODY[j % 20][:40] + "".join(f"[^c{i}]" for i in range(n)) + "。"]}
                for j in range(10)], sources=srcs)


def notes_per_page(k, work):
    n = 8 * k
    srcs = [{"id": f"n{i}", "name": f"情報源{i}", "url": f"https://example.com/n/{i}"} for i in range(n)]
    body = [f"{BODY[i % 20][:30]}[^n{i}]。" for i in range(n)]
    return doc([{"title": f"注の多い頁{j + 1}", "body": body} for j in range(10)], sources=srcs)


def sources(k, work):
    n = 60 * k
    srcs = [{"id": f"s{i}", "name": f"情報源{i}", "description": "ニュースサイト",
             "url": f"https://example.com/s/{i}"} for i in range(n)]
    return doc([{"title": "出典の多い文書", "body": [BODY[0] + "[^s0]"]}], sources=srcs)


def chapters(k, work):
    chs = []
    for i in range(60 * k):
        ch = json.loads(json.dumps(SAMPLE["chapters"][i % len(SAMPLE["chapters"])]))
        ch.pop("number", None)
        chs.append(ch)
    return doc(chs)


def images(k, work):
    chs = []
    for i in range(10 * k):
        name = f"img-{i}.png"
        shutil.copyfile(PNG, os.path.join(work, name))
        chs.append({"title": f"図{i + 1}", "image": {"path": name, "caption": f"図{i + 1}"}, "body": [BODY[i % 20]]})
    return doc(chs)


def table_rows(k, work):
    rows = [[f"{i + 1}行目", f"{i * 1.5:.1f}", BODY[i % 20][:24], f"{i * 37:,}円"] for i in range(125 * k)]
    return doc([{"title": "大きな表", "body": [{"table": {"caption": "大きな表", "columns": ["行", "値", "説明", "金額"],
                                                     "rows": rows}}]}])


DIMENSIONS = [
    ("string length", "40 paragraphs of 1,300 characters", string_length),
    ("URL length", "8 URLs of 4,000 characters", url_length),
    ("markup spans", "40 paragraphs of 360 **strong** spans", spans),
    ("citations per sentence", "10 sentences citing 10 sources", citations),
    ("notes per page", "10 chapters of 8 one-line notes", notes_per_page),
    ("sources", "60 sources", sources),
    ("chapters", "60 chapters of the sample", chapters),
    ("images", "10 images (distinct files)", images),
    ("table rows", "one table of 125 rows (16x: 2,000, the limit)", table_rows),
]


def near_limit(work):
    """Chapters of the sample until the file is just under 8 MiB."""
    chs, size = [], 0
    limit = 8 * 1024 * 1024 - 64 * 1024
    i = 0
    while i < 1000:
        ch = json.loads(json.dumps(SAMPLE["chapters"][i % len(SAMPLE["chapters"])]))
        ch.pop("number", None)
        ch["body"] = [text_of(2600)[j * 650:(j + 1) * 650] for j in range(4)]
        s = len(json.dumps(ch, ensure_ascii=False).encode())
        if size + s > limit:
            break
        chs.append(ch)
        size += s
        i += 1
    # Fill the rest with long paragraphs in the chapters already there.
    d = doc(chs)
    for ch in chs:
        if len(json.dumps(d, ensure_ascii=False).encode()) > limit - 20000:
            break
        ch["body"].append(text_of(2500))
    return d


def measure(binary, path, runs, extra=()):
    """Median wall and CPU seconds, peak RSS in MB, pages."""
    walls, cpus, rss = [], [], []
    pages = 0
    out = path[:-5] + ".pdf"
    for _ in range(runs):
        # CPU time from the children's rusage (microseconds; time(1) prints
        # hundredths), wall time here, peak RSS from time(1).
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        r = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "build", path, "-q", "-f", "-o", out, *extra],
                           capture_output=True, text=True)
        t1 = time.monotonic()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if r.returncode != 0:
            sys.exit(f"growth: {path}: build failed: {r.stderr.strip()[-300:]}")
        walls.append(t1 - t0)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        rss.append(int(r.stderr.strip().splitlines()[-1]) / 1024)
    info = subprocess.run(["pdfinfo", out], capture_output=True, text=True).stdout
    for line in info.splitlines():
        if line.startswith("Pages:"):
            pages = int(line.split()[1])
    return statistics.median(walls), statistics.median(cpus), max(rss), pages


def exponent(a, b):
    return math.log(b / a) / math.log(16) if a > 0 and b > 0 else float("nan")


PAGES_ARGS = ("-l", "a5", "--set", "font.text.size=14pt")
PAGES_CHAPTERS = (1, 4, 16, 64, 250, 1000)


def pages_chapter(j):
    """Chapter j: 40 paragraphs of about 65 characters, numbered."""
    body = [f"{BODY[(j * 40 + i) % len(BODY)][:60]}（{j + 1}の{i + 1}）" for i in range(40)]
    return {"title": f"第{j + 1}節", "body": body}


def instructions(binary, path, extra):
    out = path[:-5] + ".pdf"
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", binary, "build", path,
                        "-q", "-f", "-o", out, *extra], capture_output=True, text=True)
    for line in r.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split()[-1])
    sys.exit(f"growth: callgrind gave no count for {path}")


def fit(xs, ys):
    """The slope of log(y) on log(x), least squares."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = statistics.mean(lx), statistics.mean(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def by_pages(binary, runs, work, write, callgrind):
    print(f"chapters of 40 paragraphs, {' '.join(PAGES_ARGS)}; medians of {runs} runs\n")
    head = "| chapters | input (KB) | pages | wall (ms) | CPU (ms) | peak RSS (MB) |"
    print(head + (" instructions (M) | M per page |" if callgrind else ""))
    print("|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if callgrind else ""))
    rows = []
    for k in PAGES_CHAPTERS:
        path = write(f"pages-{k}", doc([pages_chapter(j) for j in range(k)]))
        wall, cpu, rss, pages = measure(binary, path, runs, PAGES_ARGS)
        ins = instructions(binary, path, PAGES_ARGS) if callgrind else None
        rows.append((pages, cpu, rss, ins))
        line = (f"| {k} | {os.path.getsize(path) / 1024:,.1f} | {pages:,} | {wall * 1000:,.0f} | {cpu * 1000:,.0f} | "
                f"{rss:,.1f} |")
        if ins:
            line += f" {ins / 1e6:,.1f} | {ins / 1e6 / pages:.2f} |"
        print(line, flush=True)
    big = [r for r in rows if r[0] >= 100]
    if len(big) >= 2:
        xs = [r[0] for r in big]
        print(f"\nexponents over {xs[0]:,} to {xs[-1]:,} pages: CPU time {fit(xs, [r[1] for r in big]):.2f}, "
              f"peak memory {fit(xs, [r[2] for r in big]):.2f}"
              + (f", instructions {fit(xs, [r[3] for r in big]):.2f}" if callgrind else ""))
    return 0


def main():
    args = sys.argv[1:]
    binary = os.path.join(ROOT, "build", "briefing")
    runs, work, only = 3, os.path.join(HERE, "work", "growth"), None
    for i, a in enumerate(args):
        if a == "--binary":
            binary = args[i + 1]
        elif a == "--runs":
            runs = int(args[i + 1])
        elif a == "--workdir":
            work = args[i + 1]
        elif a == "--only":
            only = set(args[i + 1].split(","))
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
    os.makedirs(work, exist_ok=True)

    def write(name, d):
        path = os.path.join(work, name + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(d, f, ensure_ascii=False)
        return path

    if "--pages" in args:
        return by_pages(binary, runs, work, write, "--callgrind" in args)

    base = measure(binary, write("base", doc([{"title": "一行", "body": [BODY[0][:20]]}])), runs)
    print(f"start-up (a one-line document): {base[1] * 1000:.0f} ms CPU, {base[2]:.1f} MB\n")
    print("| dimension | 1x | scale | input (KB) | pages | wall (ms) | CPU (ms) | peak RSS (MB) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    summary = []
    worst = 0.0
    for name, what, make in DIMENSIONS:
        if only and name not in only:
            continue
        row = []
        for k in (1, 4, 16):
            path = write(f"{make.__name__}-{k}", make(k, work))
            wall, cpu, rss, pages = measure(binary, path, runs)
            row.append((cpu, rss))
            print(f"| {name} | {what} | {k}x | {os.path.getsize(path) / 1024:,.1f} | {pages} | {wall * 1000:,.0f} | "
                  f"{cpu * 1000:,.0f} | {rss:,.1f} |", flush=True)
        et = exponent(row[0][0], row[2][0])
        net = exponent(max(row[0][0] - base[1], 1e-3), max(row[2][0] - base[1], 1e-3))
        em = exponent(row[0][1], row[2][1])
        worst = max(worst, et)
        summary.append((name, et, net, em))
    print("\n| dimension | time exponent | above start-up | memory exponent |")
    print("|---|---:|---:|---:|")
    for name, et, net, em in summary:
        print(f"| {name} | {et:.2f} | {net:.2f} | {em:.2f} |")
    if not only or "limit" in only:
        path = write("near-limit", near_limit(work))
        wall, cpu, rss, pages = measure(binary, path, 1)
        print(f"\nnear the 8 MiB limit: {os.path.getsize(path) / 1048576:.2f} MiB of input, {pages} pages, "
              f"{wall:.1f} s wall, {cpu:.1f} s CPU, {rss:,.0f} MB peak RSS")
    print(f"\nlargest time exponent: {worst:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
