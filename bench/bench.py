#!/usr/bin/python3
"""Benchmark helper for bench/run.sh (standard library only).

Generates scaled copies of examples/ukraine-ceasefire.json (its chapters
repeated K times and renumbered 1..), builds each several times with
`briefing build ... --timings`, and prints Markdown tables: wall time,
pages per second, peak resident memory and output size per K, then the
median of each stage reported by --timings.

Run it through bench/run.sh, which builds the binary if it is missing and
installs /usr/bin/time when it can.
"""

import argparse
import copy
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SAMPLE = os.path.join("examples", "ukraine-ceasefire.json")
DEFAULT_SIZES = [1, 10, 60, 300]
BIG_K = 300          # sizes from here on get fewer runs by default
BIG_RUNS = 3
TIME = "/usr/bin/time"

TIMINGS_RE = re.compile(
    r"timings: load (?P<load>[\d.]+) ms, fonts\+layout (?P<fonts>[\d.]+) ms, "
    r"compose (?P<compose>[\d.]+) ms, set (?P<set>[\d.]+) ms, paginate (?P<paginate>[\d.]+) ms, "
    r"render (?P<render>[\d.]+) ms, finish (?P<finish>[\d.]+) ms, total (?P<total>[\d.]+) ms; "
    r"(?P<pages>\d+) pages?, arena (?P<arena>[\d.]+) MB")
STAGES = [("load", "load"), ("fonts", "fonts+layout"), ("compose", "compose"), ("set", "paragraph setting"),
          ("paginate", "paginate"), ("render", "render"), ("finish", "PDF finish"),
          ("total", "total (self-reported)")]


def die(msg):
    print("bench: " + msg, file=sys.stderr)
    sys.exit(1)


def parse_args():
    ap = argparse.ArgumentParser(prog="bench/run.sh", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                    help="comma-separated repeat counts K (default %(default)s)")
    ap.add_argument("--runs", type=int, default=None,
                    help="timed runs per size (default 5; %d for K >= %d)" % (BIG_RUNS, BIG_K))
    ap.add_argument("--binary", default=os.path.join("build", "briefing"),
                    help="the briefing binary (default %(default)s)")
    ap.add_argument("--workdir", default=None,
                    help="where the generated documents and PDFs go (default bench/work)")
    ap.add_argument("--no-time", action="store_true",
                    help="do not use /usr/bin/time even if installed (use os.wait4)")
    a = ap.parse_args()
    try:
        a.sizes = [int(s) for s in a.sizes.split(",") if s.strip()]
    except ValueError:
        die("--sizes wants integers, e.g. 1,10,60")
    if not a.sizes or any(k < 1 for k in a.sizes):
        die("--sizes wants integers >= 1")
    if a.runs is not None and a.runs < 1:
        die("--runs wants an integer >= 1")
    return a


def scaled_doc(doc, k):
    """The sample with its chapters repeated k times, numbered 1, 2, ..."""
    out = copy.deepcopy(doc)
    chapters = []
    for _ in range(k):
        for ch in doc["chapters"]:
            ch = copy.deepcopy(ch)
            ch["number"] = len(chapters) + 1
            chapters.append(ch)
    out["chapters"] = chapters
    return out


def machine_info():
    model = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.lower().startswith(("model name", "hardware", "cpu model")):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = None
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = int(line.split()[1]) / 1024 / 1024
                    break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": model or platform.processor() or platform.machine(),
        "mem": "%.1f GiB" % mem if mem else "unknown",
        "os": "%s %s %s" % (platform.system(), platform.release(), platform.machine()),
    }


def build_info(binary):
    """The commit and build type of the tree the binary was built from (its
    CMakeCache.txt names the source; else this checkout)."""
    info = {}
    source = ROOT
    build_type = None
    cache = os.path.join(os.path.dirname(os.path.abspath(binary)), "CMakeCache.txt")
    try:
        with open(cache) as f:
            for line in f:
                if line.startswith("CMAKE_BUILD_TYPE:"):
                    build_type = line.split("=", 1)[1].strip() or "(none)"
                elif line.startswith("CMAKE_HOME_DIRECTORY:"):
                    source = line.split("=", 1)[1].strip() or ROOT
    except OSError:
        pass
    try:
        rev = subprocess.run(["git", "-C", source, "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", source, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        info["commit"] = rev + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        pass
    if build_type:
        info["build type"] = build_type
    return info


def run_once(binary, src, pdf, use_time):
    """One build: (wall ms, peak RSS KB, timings dict)."""
    cmd = [binary, "build", src, "-o", pdf, "--force", "--timings"]
    rss_file = None
    if use_time:
        fd, rss_file = tempfile.mkstemp(prefix="bench-rss-")
        os.close(fd)
        cmd = [TIME, "-f", "%M", "-o", rss_file] + cmd
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # Read stderr while it runs, then reap this one child with wait4, which
    # gives its own rusage (ru_maxrss in KB on Linux).
    err = p.stderr.read()
    p.stderr.close()
    _, status, ru = os.wait4(p.pid, 0)
    wall = (time.perf_counter() - t0) * 1000
    p.returncode = os.waitstatus_to_exitcode(status)
    err = err.decode("utf-8", "replace")
    if p.returncode != 0:
        die("%s failed (exit %d):\n%s" % (" ".join(cmd), p.returncode, err))
    rss = ru.ru_maxrss
    if rss_file:
        try:
            with open(rss_file) as f:
                rss = int(f.read().split()[-1])
        finally:
            os.unlink(rss_file)
    m = TIMINGS_RE.search(err)
    if not m:
        die("no timings line in the output of %s:\n%s" % (" ".join(cmd), err))
    t = {k: float(v) for k, v in m.groupdict().items()}
    t["pages"] = int(m.group("pages"))
    return wall, rss, t


def pdf_pages(pdf):
    if not shutil.which("pdfinfo"):
        return None
    r = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True)
    m = re.search(r"^Pages:\s+(\d+)", r.stdout, re.M)
    return int(m.group(1)) if m else None


def fmt(x, nd=1):
    return "{:,.{}f}".format(x, nd)


def main():
    a = parse_args()
    os.chdir(ROOT)
    binary = a.binary
    if not os.path.isfile(binary) or not os.access(binary, os.X_OK):
        die("no executable binary at %s (bench/run.sh builds it)" % binary)
    if os.sep not in binary:
        binary = os.path.join(".", binary)
    use_time = not a.no_time and os.access(TIME, os.X_OK)
    work = a.workdir or os.path.join("bench", "work")
    os.makedirs(work, exist_ok=True)

    with open(SAMPLE, encoding="utf-8") as f:
        sample = json.load(f)

    docs = {}
    for k in a.sizes:
        path = os.path.join(work, "k%d.json" % k)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(scaled_doc(sample, k), f, ensure_ascii=False, indent=1)
            f.write("\n")
        docs[k] = path

    mi = machine_info()
    bi = build_info(binary)
    print("## briefing benchmark")
    print()
    print("- machine: %s, %s CPUs (nproc), %s memory, %s" % (mi["cpu"], mi["nproc"], mi["mem"], mi["os"]))
    print("- binary: %s%s" % (a.binary, "".join(", %s %s" % kv for kv in bi.items())))
    print("- input: %s, its %d chapters repeated K times; generated into %s/"
          % (SAMPLE, len(sample["chapters"]), work))
    print("- peak RSS measured with %s" % ("/usr/bin/time -f %M" if use_time else "os.wait4 ru_maxrss"))
    print("- runs per size: %s; one untimed warm-up run first" %
          (a.runs if a.runs else "5 (%d for K >= %d)" % (BIG_RUNS, BIG_K)))
    print(flush=True)

    # Warm the page cache (fonts, libraries) once.
    k0 = min(a.sizes)
    run_once(binary, docs[k0], os.path.join(work, "k%d.pdf" % k0), use_time)

    results = {}
    for k in a.sizes:
        runs = a.runs or (BIG_RUNS if k >= BIG_K else 5)
        pdf = os.path.join(work, "k%d.pdf" % k)
        walls, rsss, tims = [], [], []
        for _ in range(runs):
            w, r, t = run_once(binary, docs[k], pdf, use_time)
            walls.append(w)
            rsss.append(r)
            tims.append(t)
        pages = pdf_pages(pdf)
        if pages is None:
            pages = tims[-1]["pages"]
        elif pages != tims[-1]["pages"]:
            print("bench: warning: K=%d: pdfinfo says %d pages, --timings says %d"
                  % (k, pages, tims[-1]["pages"]), file=sys.stderr)
        wall = statistics.median(walls)
        results[k] = {
            "runs": runs, "pages": pages, "wall": wall, "min": min(walls), "max": max(walls),
            "rss": max(rsss) / 1024, "size": os.path.getsize(pdf) / 1024,
            "in": os.path.getsize(docs[k]) / 1024,
            "stages": {s: statistics.median(t[s] for t in tims) for s, _ in STAGES},
            "arena": max(t["arena"] for t in tims),
        }
        print("bench: K=%d done (%d runs, median %.0f ms)" % (k, runs, wall), file=sys.stderr, flush=True)

    print("| K | chapters | input (KB) | pages | runs | median wall (ms) | min–max (ms) | pages/s | peak RSS (MB) | PDF (KB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for k in a.sizes:
        r = results[k]
        print("| %d | %d | %s | %d | %d | %s | %s–%s | %s | %s | %s |" % (
            k, k * len(sample["chapters"]), fmt(r["in"]), r["pages"], r["runs"], fmt(r["wall"], 0),
            fmt(r["min"], 0), fmt(r["max"], 0), fmt(r["pages"] / (r["wall"] / 1000)),
            fmt(r["rss"]), fmt(r["size"])))
    print()
    print("Per-stage split (median of each stage's ms from `--timings`; arena is the largest reported):")
    print()
    print("| K | " + " | ".join(name for _, name in STAGES) + " | arena (MB) | ms/page |")
    print("|---:|" + "---:|" * (len(STAGES) + 2))
    for k in a.sizes:
        r = results[k]
        st = r["stages"]
        print("| %d | %s | %s | %s |" % (k, " | ".join(fmt(st[s]) for s, _ in STAGES),
                                         fmt(r["arena"]), fmt(st["total"] / r["pages"], 2)))
    print()

    ks = sorted(a.sizes)
    if len(ks) >= 2:
        print("Growth between sizes (1.00 = linear in pages):")
        print()
        print("| from K | to K | pages × | wall × | wall × / pages × | set × / pages × | render × / pages × "
              "| finish × / pages × |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for lo, hi in zip(ks, ks[1:]):
            rl, rh = results[lo], results[hi]
            pr = rh["pages"] / rl["pages"]
            wr = rh["wall"] / rl["wall"]

            def sr(s):
                a_, b_ = rl["stages"][s], rh["stages"][s]
                return fmt(b_ / a_ / pr, 2) if a_ > 0 else "–"
            print("| %d | %d | %s | %s | %s | %s | %s | %s |" % (
                lo, hi, fmt(pr, 2), fmt(wr, 2), fmt(wr / pr, 2), sr("set"), sr("render"), sr("finish")))
        print()
        if 60 in results and 300 in results:
            print("time(K=300) / time(K=60) = %.2f (pages ratio %.2f)" % (
                results[300]["wall"] / results[60]["wall"], results[300]["pages"] / results[60]["pages"]))
        else:
            print("time(K=%d) / time(K=%d) = %.2f (pages ratio %.2f)" % (
                ks[-1], ks[-2], results[ks[-1]]["wall"] / results[ks[-2]]["wall"],
                results[ks[-1]]["pages"] / results[ks[-2]]["pages"]))


if __name__ == "__main__":
    main()
