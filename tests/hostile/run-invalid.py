#!/usr/bin/env python3
"""Invalid input is refused: exit 2, a message naming the file and the
place, nothing written, bounded memory (under 200 MB) and no hang.

Usage: run-invalid.py BRIEFING

Time is not asserted beyond a generous hang bound (10 s): the benchmark
measures speed.  Each case's time and peak memory are printed.
"""
import os
import re
import subprocess
import sys
import tempfile
import time

GOOD = '{"format": "briefing/1", "title": "t", "edition": {"date": "2025-02-21"}, "chapters": [{"title": "c"}]}'



# Content messages carry the line and column of what they name (the loader
# cases check those exactly); here only what is said counts.
_PLACE = re.compile(r"^(\S+?\.(?:json|yaml|yml)|<stdin>):\d+:\d+: ((?:error|warning): [A-Za-z_][\w.\[\]-]*: )", re.M)


def unplace(text):
    return _PLACE.sub(r"\1: \2", text)

def cases(tmp):
    yield "truncated", GOOD[:60].encode(), r"x.json:1:\d+: error: "
    yield "trailing-comma", GOOD.replace('"c"}]', '"c",}]').encode(), r"x.json:1:\d+: error: "
    yield "invalid-utf8", GOOD.replace('"t"', '"\xff\xfe"').encode("latin-1"), r"x.json:1:\d+: error: .*UTF-8"
    yield "wrong-type", GOOD.replace('"title": "t"', '"title": 5').encode(), r"x.json: error: title: "
    yield "impossible-date", GOOD.replace("2025-02-21", "2025-02-30").encode(), r"x.json: error: edition.date: "
    yield "unknown-citation", GOOD.replace('"title": "c"', '"title": "c", "body": ["a[^nope]"]').encode(), \
        r"x.json: error: chapters\[0\].body\[0\]: .*nope"
    yield "missing-image", GOOD.replace('"title": "c"', '"title": "c", "image": {"path": "none.png"}').encode(), \
        r"x.json: error: chapters\[0\].image.path: "
    open(os.path.join(tmp, "fake.png"), "w").write("not a png")
    yield "not-an-image", GOOD.replace('"title": "c"', '"title": "c", "image": {"path": "fake.png"}').encode(), \
        r"x.json: error: chapters\[0\].image.path: "
    yield "string-50MB", ('{"format": "briefing/1", "title": "' + "あ" * (50 * 1024 * 1024 // 3) + '"}').encode(), \
        r"x.json: error: .*(limit|large|MiB|bytes)"
    yield "nesting-100000", ('{"format": "briefing/1", "x": ' + "[" * 100000 + "]" * 100000 + "}").encode(), \
        r"x.json:1:\d+: error: .*(deep|depth|nest)"


def main():
    import re
    bin = os.path.abspath(sys.argv[1])
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, data, want in cases(tmp):
            src = os.path.join(tmp, "x.json")
            open(src, "wb").write(data)
            del data  # the child is forked from this process: keep it small
            out = os.path.join(tmp, "x.pdf")
            t0 = time.monotonic()
            # /usr/bin/time measures the program alone (this process is large
            # after making the 50 MB case, and a fork would count it).
            r = subprocess.run(["/usr/bin/time", "-f", "maxrss-kb %M", bin, "build", src, "-o", out],
                               capture_output=True, text=True, cwd=tmp, timeout=10)
            took = time.monotonic() - t0
            lines = unplace(r.stderr).splitlines()
            rss = int(lines[-1].split()[-1]) / 1024 if lines and lines[-1].startswith("maxrss-kb") else 1e9
            err = "\n".join(l for l in lines if not l.startswith("maxrss-kb") and not l.startswith("Command exited"))
            p = r
            problems = []
            if p.returncode != 2:
                problems.append(f"exit {p.returncode}")
            if not re.search(want, err.replace(tmp + "/", "")):
                problems.append(f"no message like {want!r}: {err.strip()[:300]}")
            if os.path.exists(out):
                problems.append("a PDF was written")
            if rss > 200:
                problems.append(f"peak memory {rss:.0f} MB")
            print(f"{name}: exit {p.returncode}, {took * 1000:.0f} ms, peak {rss:.0f} MB")
            if problems:
                failures += 1
                print(f"FAIL {name}:", *problems, sep="\n  ")
    n = len(list(cases(tempfile.gettempdir())))
    print(f"invalid: {n - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
