#!/usr/bin/python3
"""Side-by-side benchmark: briefing against the Typst 0.14 peer.

Runs this program and the Typst template of the peer folder alternately on
the same documents (the sample's chapters repeated K times, as bench.py
makes them) and prints, for each K, the median wall time of each, the ratio
of the medians (briefing / Typst), and the same ratio with node's start and
the loading of the compiler taken out of Typst's time.  Alternating pairs
keep a busy machine from favouring either side.

Run it through bench/run.sh --vs-typst, which passes its arguments on.
Typst is skipped, with a message, where the peer cannot be installed (no
npm registry, no node); this is never part of the test suite.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import bench  # noqa: E402  (scaled_doc, machine_info, build_info)

NOTO = "/usr/share/fonts/opentype/noto"
DEFAULT_SIZES = [1, 10, 60, 300]


def say(msg):
    print("bench: " + msg, file=sys.stderr)


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="bench/run.sh --vs-typst", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    ap.add_argument("--runs", type=int, default=5, help="pairs per size (default %(default)s; 3 for K >= 300)")
    ap.add_argument("--binary", default=os.path.join("build", "briefing"))
    ap.add_argument("--workdir", default=os.path.join(HERE, "work"))
    ap.add_argument("--peer", default=None,
                    help="the Typst peer folder to copy (default: ../shared/peers/typst beside the repository)")
    a = ap.parse_args(argv)
    a.sizes = [int(s) for s in a.sizes.split(",") if s.strip()]
    return a


def find_peer(explicit):
    cands = [explicit] if explicit else [os.path.join(os.path.dirname(ROOT), "shared", "peers", "typst"),
                                         os.environ.get("BRIEFING_TYPST_PEER", "")]
    for c in cands:
        if c and os.path.isfile(os.path.join(c, "json-peer.sh")):
            return c
    return None


def install_peer(src, workdir):
    """Copy the peer to a writable folder and npm ci there; the folder, or None."""
    dst = os.path.join(workdir, "typst-peer")
    module = os.path.join(dst, "node_modules", "@myriaddreamin", "typst-ts-node-compiler")
    if os.path.isdir(module):
        return dst
    if not shutil.which("npm") or not shutil.which("node"):
        if os.geteuid() == 0 and shutil.which("apt-get"):
            say("installing nodejs and npm")
            subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive "
                           "apt-get install -y -qq --no-install-recommends nodejs npm",
                           shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not shutil.which("npm") or not shutil.which("node"):
            say("no node or npm here; Typst skipped")
            return None
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)
    for root, dirs, files in os.walk(dst):  # the shared copy may be read-only
        for n in dirs + files:
            os.chmod(os.path.join(root, n), 0o755)
    say("npm ci in " + os.path.relpath(dst, ROOT) + " (installs Typst 0.14)")
    r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=dst, capture_output=True, text=True)
    if r.returncode != 0 or not os.path.isdir(module):
        say("npm ci failed; Typst skipped:\n" + (r.stderr or r.stdout).strip()[-800:])
        return None
    return dst


def ensure_noto():
    if os.path.isdir(NOTO) or os.environ.get("BRIEFING_FONTS"):
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing fonts-noto-cjk for Typst")
        subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive "
                       "apt-get install -y -qq --no-install-recommends fonts-noto-cjk",
                       shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return os.path.isdir(NOTO)


def timed(cmd, cwd=None):
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ms = (time.perf_counter() - t0) * 1000
    if r.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (cmd[0], r.returncode, r.stderr.strip()[-400:]))
    return ms


def pages_of(pdf):
    try:
        out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Pages:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(argv):
    a = parse_args(argv)
    binary = os.path.abspath(a.binary)
    os.makedirs(a.workdir, exist_ok=True)
    peer_src = find_peer(a.peer)
    peer = None
    if not peer_src:
        say("no Typst peer folder found (give --peer DIR); Typst skipped")
    elif ensure_noto():
        peer = install_peer(peer_src, a.workdir)
    else:
        say("no Noto CJK fonts for Typst (Debian fonts-noto-cjk); Typst skipped")

    with open(os.path.join(ROOT, bench.SAMPLE)) as f:
        sample = json.load(f)
    # Node's start and loading the compiler, alone: taken out of Typst's
    # time for the second ratio.
    start_ms = None
    if peer:
        req = ["node", "-e", "require('@myriaddreamin/typst-ts-node-compiler')"]
        timed(req, cwd=peer)
        start_ms = statistics.median(timed(req, cwd=peer) for _ in range(5))

    rows = []
    for k in a.sizes:
        src = os.path.join(a.workdir, "vs-k%d.json" % k)
        with open(src, "w") as f:
            json.dump(bench.scaled_doc(sample, k), f, ensure_ascii=False)
        ours_pdf = os.path.join(a.workdir, "vs-k%d.briefing.pdf" % k)
        typst_pdf = os.path.join(a.workdir, "vs-k%d.typst.pdf" % k)
        ours_cmd = [binary, "build", src, "-q", "-f", "-o", ours_pdf]
        typst_cmd = [os.path.join(peer, "json-peer.sh"), src, typst_pdf] if peer else None
        runs = a.runs if k < bench.BIG_K else min(a.runs, 3)
        timed(ours_cmd)  # warm the page cache for both
        if typst_cmd:
            timed(typst_cmd)
        ours, theirs = [], []
        for _ in range(runs):
            ours.append(timed(ours_cmd))
            if typst_cmd:
                theirs.append(timed(typst_cmd))
        m_ours = statistics.median(ours)
        m_theirs = statistics.median(theirs) if theirs else None
        rows.append((k, pages_of(ours_pdf), pages_of(typst_pdf) if theirs else None, runs, m_ours, m_theirs))
        say("K=%d done" % k)

    info = bench.machine_info()
    print("Machine: %s, %d cores, %s; %s" % (info["cpu"], info["nproc"], info["mem"], info["os"]))
    bi = bench.build_info(binary)
    if bi:
        print("Build: " + ", ".join("%s %s" % kv for kv in bi.items()))
    if start_ms is not None:
        print("Typst's fixed start (node + loading the compiler): %.0f ms" % start_ms)
    print()
    print("| K | pages (briefing) | pages (Typst) | pairs | briefing (ms) | Typst (ms) | ratio | ratio without Typst's start |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for k, p1, p2, n, mo, mt in rows:
        if mt is None:
            print("| %d | %d | – | %d | %.0f | – | – | – |" % (k, p1, n, mo))
        else:
            net = mt - start_ms
            print("| %d | %d | %d | %d | %.0f | %.0f | %.3f | %.3f |" % (k, p1, p2, n, mo, mt, mo / mt,
                                                                      mo / net if net > 0 else float("nan")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
