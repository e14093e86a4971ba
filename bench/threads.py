#!/usr/bin/env python3
"""threads.py [--binary PATH] [--runs N] [--threads 1,2] [DOC]: one thread
against more, side by side.

Builds DOC (by default the sample's chapters 60 times over, 215 pages,
written to bench/work/k60.json) with each --threads count in turn, N times
(default 11), alternating, and prints the medians of wall time, CPU time
(user + system, all threads) and the set stage that --timings reports.
The PDFs must be the same bytes whatever the count; a difference is an
error."""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_doc():
    path = os.path.join(ROOT, "bench", "work", "k60.json")
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(os.path.join(ROOT, "examples", "ukraine-ceasefire.json"), encoding="utf-8") as f:
            doc = json.load(f)
        doc["chapters"] = doc["chapters"] * 60
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("doc", nargs="?")
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "briefing"))
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--threads", default="1,2")
    a = ap.parse_args()
    doc = a.doc or default_doc()
    counts = [int(t) for t in a.threads.split(",")]
    work = os.path.join(ROOT, "bench", "work")
    os.makedirs(work, exist_ok=True)
    wall, cpu, setting = ({t: [] for t in counts} for _ in range(3))
    for _ in range(a.runs):
        for t in counts:
            pdf = os.path.join(work, f"threads-{t}.pdf")
            t0, c0 = time.perf_counter(), os.times()
            r = subprocess.run([a.binary, "build", doc, "-o", pdf, "-f", "-q", "--threads", str(t), "--timings"],
                               capture_output=True, text=True)
            c1 = os.times()
            if r.returncode:
                sys.exit(f"threads: {t} threads: exit {r.returncode}: {r.stderr}")
            wall[t].append(time.perf_counter() - t0)
            cpu[t].append(c1.children_user + c1.children_system - c0.children_user - c0.children_system)
            setting[t].append(float(re.search(r"set ([\d.]+) ms", r.stderr).group(1)))
    first = open(os.path.join(work, f"threads-{counts[0]}.pdf"), "rb").read()
    for t in counts[1:]:
        if open(os.path.join(work, f"threads-{t}.pdf"), "rb").read() != first:
            sys.exit(f"threads: the PDF with {t} threads differs from the one with {counts[0]}")
    print(f"{os.path.basename(doc)}, medians of {a.runs} alternating runs, {os.cpu_count()} cores")
    print("| threads | wall (ms) | CPU (ms) | set (ms) |")
    print("|---|---:|---:|---:|")
    for t in counts:
        print(f"| {t} | {statistics.median(wall[t]) * 1000:.0f} | {statistics.median(cpu[t]) * 1000:.0f} | "
              f"{statistics.median(setting[t]):.0f} |")


if __name__ == "__main__":
    main()
