#!/usr/bin/env bash
# Outputs: only regular files are read or replaced, every output keeps the
# edition rule, no output is the input or another output, no temporary
# outlives a run, scratch files go to $TMPDIR, and each refusal has its
# exit status and message.  Every case also checks that what was there is
# byte-identical and that nothing is left behind.
# Usage: check-outputs.sh BRIEFING SAMPLE.json PYTHON
set -u
bin=$(realpath "$1") sample=$(realpath "$2") py=$3
work=$(mktemp -d)
mnt=""
trap '[ -n "$mnt" ] && umount "$mnt" 2>/dev/null; rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
sum() { sha256sum "$1" | cut -d' ' -f1; }
# Hidden temporaries of any target in the folder $1 (default .).
temps() { ls -A "${1:-.}" | grep -E '~bf[0-9]+\.' || true; }
# expect NAME RC PATTERN: the last run's status and message (in err.txt);
# the pattern "" wants no message at all.
said() { if [ -z "$1" ]; then [ ! -s err.txt ]; else grep -qE -- "$1" err.txt; fi; }
expect() {
  if [ "$rc" -eq "$2" ] && said "$3"; then ok; else bad "$1: exit $rc (want $2): $(head -c 400 err.txt)"; fi
}
# A run that hangs fails its case instead of the suite.
run() { timeout 60 "$bin" "$@" 2>err.txt; rc=$?; }

cd "$work" || exit 1
cp "$sample" in.json
"$bin" build in.json -q -o ed.pdf || bad "first build"
orig=$(sum ed.pdf) input=$(sum in.json)

# ---- targets that are not regular files --------------------------------------
mkfifo fifo
run build in.json -q -o fifo -f
expect "FIFO target" 2 '^fifo: error: is a pipe \(FIFO\), not a regular file'
[ -p fifo ] && ok || bad "the FIFO was replaced"

mknod null c 1 3
run build in.json -q -o null -f
expect "device target" 2 '^null: error: is a device, not a regular file'
[ -c null ] && ok || bad "the device node was replaced"

mkdir folder
run build in.json -q -o folder -f
expect "folder target" 2 '^folder: error: is a folder, not a regular file'
[ -d folder ] && [ -z "$(ls -A folder)" ] && ok || bad "the folder was changed"

"$py" -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' sock
run build in.json -q -o sock -f
expect "socket target" 2 '^sock: error: is a socket, not a regular file'
[ -S sock ] && ok || bad "the socket was replaced"

ln -s ed.pdf link.pdf
run build in.json -q -o link.pdf -f --grayscale
expect "symbolic link target" 2 '^link\.pdf: error: is a symbolic link; it is not followed'
[ -L link.pdf ] && [ "$(sum ed.pdf)" = "$orig" ] && ok || bad "the link or its file was changed"

# /dev/stdout piped is a link to a pipe: refused at once, never read.  A
# link of our own stands for it, so that a defect cannot replace the
# machine's /dev/stdout.
ln -s /proc/self/fd/1 stdout
timeout 60 "$bin" build in.json -q -o stdout -f 2>err.txt | cat >piped.out
rc=${PIPESTATUS[0]}
expect "/dev/stdout piped" 2 '^stdout: error: is a symbolic link to a pipe \(FIFO\)'
[ ! -s piped.out ] && [ -L stdout ] && ok || bad "/dev/stdout: something was written"

# ---- -o - ------------------------------------------------------------------------
timeout 60 "$bin" build in.json -q -o - 2>err.txt | cat >stdout.pdf
rc=${PIPESTATUS[0]}
expect "-o - piped" 0 ''
qpdf --check stdout.pdf >/dev/null 2>&1 && [ "$(sum stdout.pdf)" = "$orig" ] && ok ||
  bad "-o -: not the same complete PDF ($(qpdf --check stdout.pdf 2>&1 | tail -1))"
[ ! -e ./- ] && ok || bad "-o - made a file named -"
timeout 60 "$bin" build in.json -q -o - --dump - 2>err.txt >/dev/null
rc=$?
expect "-o - with --dump -" 2 '^briefing: error: -o - and --dump - both write to standard output'

# ---- usage errors before any work --------------------------------------------
run build in.json -q -o ""
expect "-o \"\"" 2 "^briefing: error: -o: the path is empty"
run build in.json -q --dump ""
expect "--dump \"\"" 2 "^briefing: error: --dump: the path is empty"
run build in.json -q -o l.pdf -l ./folder
expect "-l FOLDER" 2 '^\./folder: error: is a folder, not a layout file'
[ ! -e l.pdf ] && ok || bad "-l FOLDER: a PDF was written"

# ---- --dump follows the edition rule and stays apart ----------------------------
run build in.json -q -o other.pdf --dump ed.pdf
expect "--dump onto an edition" 2 '^ed\.pdf: error: exists with other content; an edition is not replaced without --force'
[ "$(sum ed.pdf)" = "$orig" ] && [ ! -e other.pdf ] && ok || bad "--dump replaced the edition"
run build in.json -q -o ed.pdf --dump ed.pdf -f
expect "--dump onto the PDF" 2 '^ed\.pdf: error: the dump \(--dump\) would be written over the PDF \(-o\)'
run build in.json -q -o other.pdf --dump ./in.json -f
expect "--dump onto the input" 2 '^\./in\.json: error: the dump \(--dump\) would be written over the input'
ln in.json hard.json
run build in.json -q -o other.pdf --dump hard.json -f
expect "--dump onto a hard link of the input" 2 '^hard\.json: error: the dump \(--dump\) would be written over the input'
run build in.json -q -o "$work/../$(basename "$work")/in.json" -f
expect "-o onto the input" 2 'error: the PDF \(-o\) would be written over the input'
[ "$(sum in.json)" = "$input" ] && [ ! -e other.pdf ] && ok || bad "the input was changed"
"$bin" build in.json -q -o ed.pdf --dump ed.dump || bad "build with a dump"
dump=$(sum ed.dump)
run build in.json -q -o ed.pdf --dump ed.dump
expect "the same dump again" 0 ''
run build in.json -q -o gray.pdf --dump ed.dump --toc
expect "another dump over an edition's" 2 '^ed\.dump: error: exists with other content'
[ "$(sum ed.dump)" = "$dump" ] && ok || bad "the dump was replaced without --force"
rm -f gray.pdf

# ---- --png: the edition rule, and no stale pages ----------------------------------
"$py" - in.json short.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["chapters"] = d["chapters"][:1]
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$bin" build in.json -q -o ed.pdf --png png || bad "png build"
long=$(ls png | wc -l)
"$bin" build short.json -q -o short.pdf || bad "short build"
short=$(pdfinfo short.pdf | awk '/^Pages:/ { print $2 }')
[ "$short" -lt "$long" ] || bad "the short document is not shorter ($short, $long)"
touch png/page-1.png png/notes.txt png/page-0999.png png/page-999.png.bak
p1=$(sum png/page-001.png)
run build short.json -q -o short.pdf --png png
expect "stale pages without --force" 2 "^png/page-$(printf %03d $((short + 1)))\.png: error: and $((long - short)) page image\(s\) in all are left from an earlier run"
[ "$(ls png | grep -cE '^page-[0-9]{3}\.png$')" -eq "$long" ] && [ "$(sum png/page-001.png)" = "$p1" ] && ok ||
  bad "stale pages: something was changed without --force"
run build short.json -q -o short.pdf --png png -f
expect "stale pages with --force" 0 ''
[ "$(ls png | grep -cE '^page-[0-9]{3}\.png$')" -eq "$short" ] && ok || bad "stale pages left: $(ls png | tr '\n' ' ')"
[ -e png/page-1.png ] && [ -e png/notes.txt ] && [ -e png/page-0999.png ] && [ -e png/page-999.png.bak ] && ok ||
  bad "--png removed files that are not its pages: $(ls png | tr '\n' ' ')"
p1=$(sum png/page-001.png)
run build in.json -q -o ed.pdf --png png
expect "other page images without --force" 2 '^png/page-001\.png: error: exists with other content'
[ "$(sum png/page-001.png)" = "$p1" ] && ok || bad "a page image was replaced without --force"
[ -z "$(temps png)$(temps)" ] && ok || bad "temporaries left: $(temps png) $(temps)"

# ---- an existing file that cannot be read -----------------------------------------
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
  mkdir shared && chmod 777 shared && cp ed.pdf shared/ed.pdf && chmod 600 shared/ed.pdf && chmod 755 "$work"
  chmod 644 in.json
  ( cd shared && timeout 60 setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" build ../in.json -q -o ed.pdf 2>../err.txt )
  rc=$?
  expect "an unreadable edition" 2 '^ed\.pdf: error: exists but cannot be read to compare with the new edition: Permission denied'
  [ "$(sum shared/ed.pdf)" = "$orig" ] && [ "$(ls -A shared)" = "ed.pdf" ] && ok || bad "unreadable: $(ls -A shared)"
else
  echo "note: not root, the unreadable-edition case is skipped"
fi

# ---- temporaries -------------------------------------------------------------------
# A 250-byte name (the longest a name may be is 255) works, both ways.
long_name=$(printf 'あ%.0s' $(seq 1 82))1234.pdf # 82 * 3 + 8 = 254 bytes
for hook in 0 1; do
  rm -f "$long_name"
  BF_NO_TMPFILE=$hook run build in.json -q -o "$long_name"
  expect "a 254-byte name (BF_NO_TMPFILE=$hook)" 0 ''
  [ "$(sum "$long_name")" = "$orig" ] && [ -z "$(temps)" ] && ok || bad "254-byte name: $(temps)"
done

# Stale temporaries of this target are removed by its next build: a dead
# pid's (above pid_max) and an old one's; a live fresh one and other targets'
# are kept.
dead=$(( $(cat /proc/sys/kernel/pid_max) + 1 ))
touch ".ed.pdf~bf$dead.Ab3dE9" ".ed.pdf~bf1.old123" ".ed.pdf~bf1.fresh1" ".other.pdf~bf$dead.Ab3dE9" ".ed.pdf~bf$dead.toolong7"
touch -d '2 days ago' ".ed.pdf~bf1.old123"
run build in.json -q -o ed.pdf
expect "a build beside stale temporaries" 0 ''
left=$(temps | LC_ALL=C sort | tr '\n' ' ')
want=$(printf '%s\n' ".ed.pdf~bf$dead.toolong7" ".ed.pdf~bf1.fresh1" ".other.pdf~bf$dead.Ab3dE9" | LC_ALL=C sort | tr '\n' ' ')
[ "$left" = "$want" ] && ok || bad "stale temporaries: left $left, want $want"
rm -f .*~bf*

# SIGINT and SIGTERM in the middle of a large build, without O_TMPFILE: the
# edition is as it was and the named temporary is gone.  Job control, so
# that the background build does not start with SIGINT ignored.
"$py" - in.json big.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
chs = []
for k in range(150):
    for ch in d["chapters"]:
        c = dict(ch); c["number"] = len(chs) + 1; chs.append(c)
d["chapters"] = chs
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
set -m
for sig in INT TERM; do
  BF_NO_TMPFILE=1 "$bin" build big.json -q -o ed.pdf -f 2>err.txt &
  pid=$!
  seen=""
  for _ in $(seq 1 3000); do
    seen=$(temps)
    [ -n "$seen" ] && break
    sleep 0.01
  done
  kill -s "$sig" "$pid" 2>/dev/null
  wait "$pid"
  rc=$?
  want=$((128 + $(kill -l "$sig")))
  [ -n "$seen" ] && [ "$rc" -eq "$want" ] && ok || bad "SIG$sig: exit $rc (want $want), temporary seen: '$seen'"
  [ "$(sum ed.pdf)" = "$orig" ] && [ -z "$(temps)" ] && ok || bad "SIG$sig: edition changed or left: $(temps)"
done
set +m

# ---- scratch files in $TMPDIR ---------------------------------------------------------
touch notdir
TMPDIR=$work/notdir run build in.json -q -o t.pdf
expect "TMPDIR not a folder" 1 "^t\.pdf: error: cannot make a scratch file in $work/notdir \(TMPDIR\): Not a directory"
[ ! -e t.pdf ] && [ -z "$(temps)" ] && ok || bad "TMPDIR not a folder: a file was written"
mkdir small
if mount -t tmpfs -o size=64k tmpfs small 2>/dev/null; then
  mnt=$work/small
  cp ed.pdf t.pdf
  TMPDIR=$mnt run build big.json -q -o t.pdf -f
  expect "TMPDIR full" 1 "^t\.pdf: error: cannot write the scratch file in $mnt \(TMPDIR\)( on page [0-9]+)?: No space left on device"
  [ "$(sum t.pdf)" = "$orig" ] && [ -z "$(temps)" ] && [ -z "$(ls -A small)" ] && ok || bad "TMPDIR full: damage or leftovers"
  umount "$mnt" && mnt=""
else
  echo "note: cannot mount a small tmpfs here; the full-TMPDIR case is skipped"
fi

# Nothing but what the cases made is left.
[ -z "$(temps)" ] && ok || bad "temporaries left: $(temps)"
echo "outputs: $pass passed, $fail failed"
[ $fail -eq 0 ]
