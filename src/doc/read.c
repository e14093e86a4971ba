/* read.c - the bytes of a briefing file before the loader's passes
 * (load.c): read within the size limit, checked to be UTF-8 text, and
 * jansson's syntax errors made into messages that point at the problem.
 */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/utf8.h"
#include "doc/doc-private.h"

/* Refuse what is not UTF-8 text before jansson sees it: jansson would take
 * a NUL byte for the end of the input, and it places a bad byte at the
 * character before it.  Columns count characters, as jansson's do. */
bool bf_check_encoding(bf_diag *diag, const char *file, const char *bytes, size_t len)
{
    if (len >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
        bf_error_at(diag, file, 1, 1, "the file is UTF-16; it must be UTF-8");
        return false;
    }
    const unsigned char *p = (const unsigned char *)bytes, *end = p + len;
    int line = 1, column = 1;
    while (p < end) {
        /* Printable ASCII, and the three-byte characters of Japanese text,
         * checked here: the rest by GLib's decoder, whose verdict is the
         * same (no overlong form, no surrogate). */
        if (*p >= 0x20 && *p < 0x80) {
            p++;
            column++;
            continue;
        }
        if (*p >= 0xE1 && *p <= 0xEF && *p != 0xED && end - p >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
            p += 3;
            column++;
            continue;
        }
        size_t n = bf_utf8_next((const char *)p, (const char *)end, NULL);
        if (n == 0) {
            if (*p)
                bf_error_at(diag, file, line, column, "invalid UTF-8 (byte 0x%02x); the file must be UTF-8 text", *p);
            else
                bf_error_at(diag, file, line, column, "a NUL byte; the file must be UTF-8 text");
            return false;
        }
        if (*p == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        p += n;
    }
    return true;
}

/* jansson's message with control characters and broken UTF-8 escaped: its
 * "near '...'" quotes raw input, cut at a fixed length. */
static void sanitize(char *out, size_t size, const char *in)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)in, *end = p + strlen(in);
    while (*p && n + 5 < size) {
        size_t len = bf_utf8_next((const char *)p, (const char *)end, NULL);
        bool ok = len > 0 && *p >= 0x20 && *p != 0x7F;
        if (ok && n + len < size) {
            memcpy(out + n, p, len);
            n += len;
            p += len;
        } else {
            n += (size_t)snprintf(out + n, size - n, "\\x%02x", *p);
            p++;
        }
    }
    out[n] = '\0';
}

void bf_report_syntax(bf_diag *diag, const char *file, const json_error_t *err, const char *bytes, size_t len)
{
    int line = err->line > 0 ? err->line : 1, column = err->column > 0 ? err->column : 1;
    char msg[sizeof err->text * 4 + 1];
    enum json_error_code code = json_error_code(err);
    size_t blank = 0;
    while (blank < len && bytes[blank] && strchr(" \t\r\n", bytes[blank])) blank++;

    /* The byte jansson stopped at, and the last one before it that is not
     * white space: a ',' there makes a closing bracket a trailing comma. */
    size_t at = err->position > 0 && (size_t)err->position <= len ? (size_t)err->position : 0;
    size_t before = at > 0 ? at - 1 : 0;
    while (before > 0 && strchr(" \t\r\n", bytes[before - 1])) before--;
    bool trailing_comma =
        at > 0 && (bytes[at - 1] == '}' || bytes[at - 1] == ']') && before > 0 && bytes[before - 1] == ',';

    if (code == json_error_premature_end_of_input && blank == len)
        snprintf(msg, sizeof msg, "the file is empty; expected a JSON object");
    else if (code == json_error_stack_overflow)
        snprintf(msg, sizeof msg, "nested more than %d levels deep (the limit)", BF_MAX_DEPTH);
    else if (code == json_error_null_character)
        snprintf(msg, sizeof msg, "\\u0000 (NUL) is not allowed in a string");
    else if (trailing_comma)
        snprintf(msg, sizeof msg, "a trailing comma before '%c'", bytes[at - 1]);
    else
        sanitize(msg, sizeof msg, err->text);
    bf_error_at(diag, file, line, column, "%s", msg);
}

/* All of f, read in chunks so that a pipe or a file growing while it is read
 * cannot make us allocate more than the limit.  NULL, reported, on error.
 * With an arena, a file of a size is read into it, NUL-terminated, and
 * *in_arena says so; anything else is on the heap (g_free it). */
static char *read_all(bf_diag *diag, const char *name, FILE *f, size_t *len, bf_arena *arena, bool *in_arena)
{
    enum { CHUNK = 64 * 1024 };
    char *buf = NULL;
    size_t n = 0, cap = 0;
    *in_arena = false;
    /* A file's size, when it has one, is the first guess: a document read
     * in one piece, not copied at each doubling of the buffer, and into
     * the arena that keeps it when there is one (one copy fewer). */
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size <= BF_MAX_FILE_BYTES) {
        size_t size = (size_t)st.st_size;
        if (arena) {
            char *kept = bf_arena_alloc(arena, size + 1);
            size_t got = fread(kept, 1, size + 1, f);
            if (got <= size && !ferror(f)) {
                kept[got] = '\0';
                *len = got;
                *in_arena = true;
                return kept;
            }
            if (ferror(f)) {
                bf_error(diag, name, NULL, "cannot read: %s", strerror(errno));
                return NULL;
            }
            /* Grown while read: the rest as any other file, after it. */
            cap = got + CHUNK;
            buf = g_malloc(cap);
            memcpy(buf, kept, got);
            n = got;
        } else {
            cap = size + CHUNK;
            buf = g_malloc(cap);
        }
    }
    for (;;) {
        if (cap - n < CHUNK) {
            cap = cap ? 2 * cap : CHUNK;
            if (cap > (size_t)BF_MAX_FILE_BYTES + CHUNK) cap = (size_t)BF_MAX_FILE_BYTES + CHUNK;
            buf = g_realloc(buf, cap);
        }
        size_t got = fread(buf + n, 1, CHUNK, f);
        n += got;
        if (n > BF_MAX_FILE_BYTES) {
            bf_error(diag, name, NULL, "larger than the limit of %ld bytes", BF_MAX_FILE_BYTES);
            goto fail;
        }
        if (got < CHUNK) {
            if (ferror(f)) {
                bf_error(diag, name, NULL, "cannot read: %s", strerror(errno));
                goto fail;
            }
            break;
        }
    }
    *len = n;
    return buf;
fail:
    g_free(buf);
    return NULL;
}

/* The directory part of a file name, for image paths: "." when none. */
static const char *dir_of(bf_arena *arena, const char *file)
{
    const char *slash = strrchr(file, '/');
    if (!slash) return ".";
    if (slash == file) return "/";
    return bf_arena_strndup(arena, file, (size_t)(slash - file));
}

/* The JSON text content messages point into, kept by the diagnostics sink
 * for as long as it may report on the file: a copy, or (bf_doc_tree_kept)
 * the caller's bytes where they are. */
typedef struct {
    const char *bytes;
    size_t len;
    char copy[];
} json_text;

static bool locate_json(void *ctx, const char *path, int *line, int *column)
{
    const json_text *t = ctx;
    return bf_json_locate(t->bytes, t->len, path, line, column);
}

/* A file named .yaml or .yml is YAML; so is standard input that does not
 * start with '{' (a briefing in JSON is an object). */
bool bf_doc_is_yaml(const char *name, const char *bytes, size_t len)
{
    if (strcmp(name, "<stdin>") != 0) return bf_is_yaml_name(name);
    size_t i = 0;
    while (i < len && strchr(" \t\r\n", bytes[i])) i++;
    return i < len && bytes[i] != '{';
}

static json_t *tree(bf_diag *diag, const char *name, const char *bytes, size_t len, bool kept)
{
    if (!bytes) bytes = ""; /* as jansson refuses NULL even with len 0 */
    if (len > BF_MAX_FILE_BYTES) {
        bf_error(diag, name, NULL, "larger than the limit of %ld bytes", BF_MAX_FILE_BYTES);
        return NULL;
    }
    /* A UTF-8 byte order mark, as some editors write, is not JSON but says
     * nothing wrong about the text; editors do not count it as a column. */
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
        bytes += 3;
        len -= 3;
    }
    if (!bf_check_encoding(diag, name, bytes, len)) return NULL;
    if (bf_doc_is_yaml(name, bytes, len)) return bf_yaml_load(diag, name, bytes, len);
    json_error_t err;
    json_t *root = bf_json_read(bytes, len);
    if (!root) root = json_loadb(bytes, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
    if (!root) {
        bf_report_syntax(diag, name, &err, bytes, len);
        return NULL;
    }
    /* Content messages name the line and column of what they are about;
     * the sink keeps the text to find them in (json-where.c). */
    json_text *text = g_malloc(sizeof *text + (kept ? 0 : len));
    text->len = len;
    text->bytes = kept ? bytes : memcpy(text->copy, bytes, len);
    bf_diag_set_locator(diag, name, locate_json, text, g_free);
    return root;
}

json_t *bf_doc_tree(bf_diag *diag, const char *name, const char *bytes, size_t len)
{
    return tree(diag, name, bytes, len, false);
}

json_t *bf_doc_tree_kept(bf_diag *diag, const char *name, const char *bytes, size_t len)
{
    return tree(diag, name, bytes, len, true);
}

static char *doc_read(bf_diag *diag, const char *file, size_t *len, bf_arena *arena, bool *in_arena)
{
    bool is_stdin = strcmp(file, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : file;
    FILE *f = is_stdin ? stdin : fopen(file, "rb");
    char *bytes = NULL;
    struct stat st;

    if (!f) {
        bf_error(diag, name, NULL, "cannot open: %s", strerror(errno));
        goto done;
    }
    /* Refuse a file that is too big before reading any of it. */
    if (fstat(fileno(f), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            bf_error(diag, name, NULL, "cannot read: %s", strerror(EISDIR));
            goto done;
        }
        if (S_ISREG(st.st_mode) && st.st_size > BF_MAX_FILE_BYTES) {
            bf_error(diag, name, NULL, "larger than the limit of %ld bytes", BF_MAX_FILE_BYTES);
            goto done;
        }
    }
    bytes = read_all(diag, name, f, len, arena, in_arena);
done:
    if (f && f != stdin) fclose(f);
    return bytes;
}

char *bf_doc_read(bf_diag *diag, const char *file, size_t *len)
{
    bool in_arena;
    return doc_read(diag, file, len, NULL, &in_arena);
}

bf_doc *bf_doc_load(bf_arena *arena, bf_diag *diag, const char *file)
{
    return bf_doc_load_rooted(arena, diag, file, NULL);
}

bf_doc *bf_doc_load_rooted(bf_arena *arena, bf_diag *diag, const char *file, const char *root)
{
    bool is_stdin = strcmp(file, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : file;
    size_t len = 0;
    bf_doc *doc = NULL;
    bool in_arena = false;
    char *bytes = doc_read(diag, file, &len, arena, &in_arena);
    if (!bytes) goto done;
    const char *base_dir = is_stdin ? NULL : dir_of(arena, file); /* NULL: the working directory */
    if (root) {
        struct stat rs;
        int e = stat(root, &rs) != 0 ? errno : S_ISDIR(rs.st_mode) ? 0 : ENOTDIR;
        if (e) {
            bf_error(diag, root, NULL, "cannot read images from this folder (--root): %s", strerror(e));
            goto done;
        }
    }
    doc = bf_doc_load_kept(arena, diag, name, base_dir, root, bytes, len, in_arena);
done:
    if (!in_arena) g_free(bytes);
    return doc;
}
