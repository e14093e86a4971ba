#!/usr/bin/env bash
# run-cases.sh BIN CASESDIR - the loader's spec: run `BIN check NAME.json`
# inside CASESDIR for every NAME.json that has a NAME.expect, and compare the
# exit status and the standard error with the expect file:
#
#     exit: 2
#     schema: invalid      (optional; read by tests/schema/check-schema.py)
#     input: stdin         (optional: feed the file as `check -` instead)
#     args: --strict       (optional: options given to `check` before the file)
#     ---
#     the exact lines on standard error
#
# Inputs that should not be committed (invalid UTF-8, megabytes of nesting or
# text, a file over the size limit) are generated into a temporary directory
# and run the same way.  Prints a diff for each mismatch, then one line such
# as `loader: 41 passed, 0 failed`; exits 1 on any failure.
set -u
shopt -s nullglob

if [ $# -ne 2 ]; then
    echo "usage: run-cases.sh BIN CASESDIR" >&2
    exit 2
fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cases=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Messages are English and the input UTF-8 whatever the user's locale: the
# cases run under LC_ALL=C, and again under BF_TEST_LOCALE (ja_JP.UTF-8 in
# CTest) to catch output that starts to depend on it.
export LC_ALL=${BF_TEST_LOCALE:-C}

passed=0
failed=0

# run_case DIR NAME
run_case() {
    local dir=$1 name=$2 want_exit="" input=file line header=true args=()
    local want=$tmp/want got=$tmp/got
    : >"$want"
    while IFS= read -r line || [ -n "$line" ]; do
        if $header; then
            case $line in
            ---) header=false ;;
            exit:*) want_exit=${line#exit:} want_exit=${want_exit// /} ;;
            input:*) input=${line#input:} input=${input// /} ;;
            args:*) read -r -a args <<<"${line#args:}" ;;
            esac
        else
            printf '%s\n' "$line" >>"$want"
        fi
    done <"$dir/$name.expect"
    if [ -z "$want_exit" ] || $header; then
        echo "FAIL $name: $name.expect needs an 'exit: N' line and a '---' line"
        failed=$((failed + 1))
        return
    fi

    local status
    if [ "$input" = stdin ]; then
        (cd "$dir" && "$bin" check "${args[@]}" - <"$name.json") >/dev/null 2>"$got"
    else
        (cd "$dir" && "$bin" check "${args[@]}" "$name.json") >/dev/null 2>"$got"
    fi
    status=$?

    if [ "$status" = "$want_exit" ] && cmp -s "$want" "$got"; then
        passed=$((passed + 1))
        return
    fi
    failed=$((failed + 1))
    echo "FAIL $name"
    [ "$status" = "$want_exit" ] || echo "  exit status $status, expected $want_exit"
    diff -u --label expected --label actual "$want" "$got" | sed 's/^/  /'
}

for expect in "$cases"/*.expect; do
    name=$(basename "$expect" .expect)
    if [ ! -f "$cases/$name.json" ]; then
        echo "FAIL $name: no $name.json beside $name.expect"
        failed=$((failed + 1))
        continue
    fi
    run_case "$cases" "$name"
done
for json in "$cases"/*.json; do
    name=$(basename "$json" .json)
    if [ ! -f "$cases/$name.expect" ]; then
        echo "FAIL $name: no $name.expect beside $name.json"
        failed=$((failed + 1))
    fi
done

# ---- generated cases ----
gen=$tmp/gen
mkdir "$gen"
ok=$tmp/ok.json
printf '%s\n' '{"format": "briefing/1", "title": "生成", "edition": {"date": "2025-02-21"},' \
    ' "chapters": [{"title": "第一章"}]}' >"$ok"

# generated NAME EXIT STDERR-LINE...: write NAME.expect and run the case
# (NAME.json is written by the caller); a NAME stdin-* is read as `check -`.
generated() {
    local name=$1 want_exit=$2
    shift 2
    {
        echo "exit: $want_exit"
        [[ $name == stdin-* ]] && echo "input: stdin"
        echo "---"
        [ $# -gt 0 ] && printf '%s\n' "$@"
    } >"$gen/$name.expect"
    run_case "$gen" "$name"
}

# repeat N TEXT: TEXT written N times
repeat() {
    local i
    for ((i = 0; i < $1; i++)); do printf '%s' "$2"; done
}

# A document with `extra` nested N arrays deep ends at depth N + 1.
nested() {
    printf '{"format": "briefing/1", "title": "深い", "edition": {"date": "2025-02-21"},\n'
    printf ' "chapters": [{"title": "第一章"}],\n "extra": '
    repeat "$1" '['
    repeat "$1" ']'
    printf '}\n'
}

printf '{"format": "briefing/1", "title": "\xff\xfe", "edition": {"date": "2025-02-21"}}\n' \
    >"$gen/invalid-utf8.json"
generated invalid-utf8 2 \
    "invalid-utf8.json:1:36: error: invalid UTF-8 (byte 0xff); the file must be UTF-8 text"

printf '{"format": "briefing/1", "title": "\xe6\x97", "edition": {"date": "2025-02-21"}}\n' \
    >"$gen/truncated-utf8.json"
generated truncated-utf8 2 \
    "truncated-utf8.json:1:36: error: invalid UTF-8 (byte 0xe6); the file must be UTF-8 text"

printf '{"format": "briefing/1",\n "title": "\xed\xa0\x80"}\n' >"$gen/surrogate-utf8.json"
generated surrogate-utf8 2 \
    "surrogate-utf8.json:2:12: error: invalid UTF-8 (byte 0xed); the file must be UTF-8 text"

# Noncharacters are valid UTF-8 and valid JSON; each is replaced, in three
# bytes or four, by the replacement character of its plane.
printf '{"format": "briefing/1", "title": "a\xef\xb7\x90b\xf0\x9f\xbf\xbe", "edition": {"date": "2025-02-21"}}\n' \
    >"$gen/noncharacters.json"
generated noncharacters 2 \
    "noncharacters.json:1:35: warning: title: U+FDD0 is not a character; it is set as U+FFFD" \
    "noncharacters.json:1:35: warning: title: U+1FFFE is not a character; it is set as U+1FFFD" \
    "noncharacters.json:1:1: error: chapters: required key missing"

printf '{"format": "briefing/1",\n "title": "x"\x00}\n' >"$gen/nul-byte.json"
generated nul-byte 2 "nul-byte.json:2:14: error: a NUL byte; the file must be UTF-8 text"

# UTF-16 with its byte order mark, as Windows Notepad used to save.
printf '\xff\xfe{\x00}\x00' >"$gen/utf-16.json"
generated utf-16 2 "utf-16.json:1:1: error: the file is UTF-16; it must be UTF-8"

nested 31 >"$gen/depth-at-limit.json"
generated depth-at-limit 0 "depth-at-limit.json:3:11: warning: extra: unknown key" "depth-at-limit.json: ok"

nested 32 >"$gen/depth-over-limit.json"
generated depth-over-limit 2 \
    "depth-over-limit.json:3:42: error: extra$(repeat 31 '[0]'): nested more than 32 levels deep (the limit)" \
    "depth-over-limit.json:3:11: warning: extra: unknown key"

# jansson itself stops at 2048 levels, before there is a tree to walk.
nested 5000 >"$gen/depth-parser-limit.json"
generated depth-parser-limit 2 \
    "depth-parser-limit.json:3:2058: error: nested more than 32 levels deep (the limit)"

{
    printf '{"format": "briefing/1", "title": "%s",' "$(repeat 4096 'abcdefghijklmnop')"
    printf ' "edition": {"date": "2025-02-21"}, "chapters": [{"title": "第一章"}]}\n'
} >"$gen/string-at-limit.json"
generated string-at-limit 0 "string-at-limit.json: ok"

{
    printf '{"format": "briefing/1", "title": "%sq",' "$(repeat 4096 'abcdefghijklmnop')"
    printf ' "edition": {"date": "2025-02-21"}, "chapters": [{"title": "第一章"}],'
    printf ' "%s": 1}\n' "$(repeat 4097 'keykeykeykeykeyk')"
} >"$gen/string-over-limit.json"
generated string-over-limit 2 \
    "string-over-limit.json:1:35: error: title: a string of 65537 bytes, over the limit of 65536 bytes" \
    "string-over-limit.json:1:1: error: [\"keykeykeykeykeykkeykeykeykeykeykkeykeyke\"…]: a key of 65552 bytes, over the limit of 65536 bytes" \
    "string-over-limit.json:1:1: warning: [\"keykeykeykeykeykkeykeykeykeykeykkeykeyke\"…]: unknown key"

# Exactly 8 MiB is allowed, one byte more is not (padded with white space).
size=$((8 * 1024 * 1024))
head -c "$size" /dev/zero | tr '\0' ' ' >"$gen/file-at-limit.json"
dd if="$ok" of="$gen/file-at-limit.json" conv=notrunc status=none
generated file-at-limit 0 "file-at-limit.json: ok"
head -c $((size + 1)) /dev/zero | tr '\0' ' ' >"$gen/file-over-limit.json"
dd if="$ok" of="$gen/file-over-limit.json" conv=notrunc status=none
generated file-over-limit 2 "file-over-limit.json: error: larger than the limit of 8388608 bytes"
cp "$gen/file-over-limit.json" "$gen/stdin-over-limit.json"
generated stdin-over-limit 2 "<stdin>: error: larger than the limit of 8388608 bytes"

{
    printf '{"format": "briefing/1", "title": "章が多すぎる", "edition": {"date": "2025-02-21"},\n'
    printf ' "chapters": [{"title": "一"}'
    repeat 1000 ', {"title": "章"}'
    printf ']}\n'
} >"$gen/too-many-chapters.json"
generated too-many-chapters 2 "too-many-chapters.json:2:14: error: chapters: 1001 chapters, over the limit of 1000"

{
    printf '{"format": "briefing/1", "title": "情報源が多すぎる", "edition": {"date": "2025-02-21"},\n'
    printf ' "chapters": [{"title": "一"}], "sources": [{"name": "a"}'
    repeat 1000 ', {"name": "b"}'
    printf ']}\n'
} >"$gen/too-many-sources.json"
generated too-many-sources 2 "too-many-sources.json:2:43: error: sources: 1001 sources, over the limit of 1000"

# Files that cannot be read at all.
mkdir "$gen/directory.json"
generated directory 2 "directory.json: error: cannot read: Is a directory"
generated no-such-file 2 "no-such-file.json: error: cannot open: No such file or directory"

total=$((passed + failed))
echo "loader: $passed passed, $failed failed ($total cases, LC_ALL=$LC_ALL)"
[ "$failed" -eq 0 ]
