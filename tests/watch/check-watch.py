#!/usr/bin/python3
"""briefing watch: builds, then builds again after an edit in place, after a
save by rename, after an image changes and after the layout file changes;
a broken edit prints its error and leaves the last good PDF as it was; a
fixed one builds again; SIGINT stops it cleanly with nothing left behind.

    check-watch.py BRIEFING EXAMPLES-DIR WORK-DIR
"""
import os
import select
import shutil
import signal
import subprocess
import sys
import time

binary, examples, work = sys.argv[1:4]
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
shutil.copy(os.path.join(examples, "feature-tour.json"), work)
shutil.copytree(os.path.join(examples, "images"), os.path.join(work, "images"))
src_layout = os.path.join(os.path.dirname(examples), "layouts", "a4.layout")
shutil.copy(src_layout, os.path.join(work, "house.layout"))
doc = os.path.join(work, "feature-tour.json")
pdf = os.path.join(work, "out", "feature-tour.preview.pdf")
env = dict(os.environ, LC_ALL="C.UTF-8", SOURCE_DATE_EPOCH="")
proc = subprocess.Popen([binary, "watch", "feature-tour.json", "-l", "house.layout"], cwd=work,
                        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, text=True)
buf = ""


def next_result(timeout=20.0):
    """The next 'ok' or 'failed' line (and the lines before it)."""
    global buf
    end = time.monotonic() + timeout
    seen = []
    while time.monotonic() < end:
        while "\n" in buf:
            line, buf = buf.split("\n", 1)
            seen.append(line)
            if " ok: " in line or " failed (" in line:
                return line, seen
        r, _, _ = select.select([proc.stderr], [], [], max(0.0, end - time.monotonic()))
        if not r:
            break
        chunk = os.read(proc.stderr.fileno(), 65536).decode("utf-8", "replace")
        if not chunk:
            break
        buf += chunk
    return None, seen


def text_of(path):
    return subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, env=env).stdout


def edit(transform, by_rename=False):
    with open(doc, encoding="utf-8") as f:
        s = transform(f.read())
    target = doc + ".tmp" if by_rename else doc
    with open(target, "w", encoding="utf-8") as f:
        f.write(s)
    if by_rename:
        os.rename(target, doc)


line, _ = next_result()
if not line or " ok: 4 pages" not in line:
    fail("the first build: %r" % line)

edit(lambda s: s.replace("briefing の機能一覧", "書き換えた題名"))
line, _ = next_result()
if not line or " ok: " not in line or "書き換えた題名" not in text_of(pdf):
    fail("an edit in place was not built: %r" % line)

edit(lambda s: s.replace("書き換えた題名", "名前を替えて保存"), by_rename=True)
line, _ = next_result()
if not line or " ok: " not in line or "名前を替えて保存" not in text_of(pdf):
    fail("a save by rename was not built: %r" % line)

before = open(pdf, "rb").read()
# A changed image: the first page itself, drawn small, as the new picture.
subprocess.run(["pdftoppm", "-r", "20", "-png", "-singlefile", pdf, os.path.join(work, "page")], check=True)
shutil.copy(os.path.join(work, "page.png"), os.path.join(work, "images", "talks-chart.png"))
line, _ = next_result()
if not line or " ok: " not in line or open(pdf, "rb").read() == before:
    fail("an image change was not built: %r" % line)

with open(os.path.join(work, "house.layout"), "a") as f:
    f.write("\ncolor.accent = #aa0000\n")
before = open(pdf, "rb").read()
line, _ = next_result()
if not line or " ok: " not in line or open(pdf, "rb").read() == before:
    fail("a layout change was not built: %r" % line)

good = open(pdf, "rb").read()
edit(lambda s: s[: len(s) // 2])
line, seen = next_result()
if not line or " failed (" not in line or "last good PDF is kept" not in line:
    fail("a broken edit: %r" % line)
if not any("feature-tour.json:" in l and "error:" in l for l in seen):
    fail("a broken edit printed no positioned error: %r" % seen)
if open(pdf, "rb").read() != good:
    fail("a broken edit changed the last good PDF")

shutil.copy(os.path.join(examples, "feature-tour.json"), doc)
line, _ = next_result()
if not line or " ok: " not in line:
    fail("the fixed file was not built: %r" % line)

proc.send_signal(signal.SIGINT)
try:
    rest = proc.communicate(timeout=10)[1]
except subprocess.TimeoutExpired:
    proc.kill()
    rest = ""
    fail("SIGINT did not stop watch")
if proc.returncode != 0 or "stopped" not in buf + (rest or ""):
    fail("watch ended with %r and %r" % (proc.returncode, rest))
if "CRITICAL" in (rest or "") or "WARNING" in (rest or ""):
    fail("GLib complained: %r" % rest)
left = [n for n in os.listdir(os.path.join(work, "out")) if n != "feature-tour.preview.pdf"]
if left:
    fail("left behind in out/: %r" % left)

print("watch: %s" % ("all passed" if not failures else "%d failed" % len(failures)))
sys.exit(1 if failures else 0)
