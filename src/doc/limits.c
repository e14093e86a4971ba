/* limits.c - the paths diagnostics name (chapters[2].source.url), and the
 * loader's second pass: the limits on the whole tree (nesting depth,
 * string and key length) and the noncharacters cairo would refuse.
 */
#include <glib.h>
#include <string.h>

#include "core/utf8.h"
#include "doc/doc-private.h"

/* ---- paths: chapters[2].source.url ---- */

static bool is_identifier(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_')) return false;
    for (s++; *s; s++)
        if (!bf_is_id_char((unsigned char)*s) || *s == '-') return false;
    return true;
}

/* `parent` (NULL: none), then the three pieces: the loader names every
 * value it reads this way (18,000 paths for 200 pages), so without
 * printf's parsing. */
static char *joined(bf_arena *arena, const char *parent, const char *a, size_t na, const char *b, size_t nb,
                    const char *c, size_t nc)
{
    size_t np = parent ? strlen(parent) : 0;
    char *p = bf_arena_alloc(arena, np + na + nb + nc + 1), *q = p;
    memcpy(q, parent ? parent : "", np), q += np;
    memcpy(q, a, na), q += na;
    memcpy(q, b, nb), q += nb;
    memcpy(q, c, nc), q += nc;
    *q = '\0';
    return p;
}

/* A key that is not a short plain name (an unknown key in Japanese, one
 * with a space or a newline, one of 64 KiB) is shown quoted, and cut:
 * chapters[0]["タイトル"]. */
const char *bf_key_path(bf_arena *arena, const char *parent, const char *key)
{
    bool top = !parent || !*parent;
    size_t n = strlen(key);
    if (is_identifier(key) && n <= 40) return top ? key : joined(arena, parent, ".", 1, key, n, "", 0);
    const char *q = bf_quote(arena, key);
    return joined(arena, top ? NULL : parent, "[", 1, q, strlen(q), "]", 1);
}

const char *bf_index_path(bf_arena *arena, const char *parent, size_t i)
{
    char digits[24], *d = digits + sizeof digits;
    do *--d = (char)('0' + i % 10);
    while (i /= 10);
    return joined(arena, parent, "[", 1, d, (size_t)(digits + sizeof digits - d), "]", 1);
}

/* ---- pass 2: limits on the whole tree ---- */

typedef struct {
    bf_arena *arena;
    bf_diag *diag;
    const char *file;
    bool too_deep; /* reported once: one deep branch is enough to know */
} walker;

/* Where the walk is, kept on the C stack and turned into a path only when
 * there is something to report. */
typedef struct frame {
    const struct frame *up;
    const char *key; /* NULL for an array element */
    size_t index;
} frame;

static const char *frame_path(walker *ld, const frame *f)
{
    if (!f) return NULL;
    const char *up = frame_path(ld, f->up);
    return f->key ? bf_key_path(ld->arena, up, f->key) : bf_index_path(ld->arena, up, f->index);
}

/* JSON allows the Unicode noncharacters (U+FDD0-FDEF and the last two code
 * points of every plane), but cairo refuses text holding them as "not valid
 * UTF-8" and fails the whole PDF (found by fuzzing).  Each is replaced, with
 * a warning, by a replacement character of the same UTF-8 length: U+FFFD,
 * or U+nFFFD beyond the Basic Multilingual Plane. */
static void replace_noncharacters(walker *ld, json_t *v, const frame *f)
{
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    char *copy = NULL;
    for (size_t i = 0; i < len;) {
        /* Every noncharacter starts with 0xEF or a four-byte lead: the
         * other characters are stepped over by their first byte. */
        unsigned char c = (unsigned char)s[i];
        if (c < 0xEF) {
            i += c < 0x80 ? 1 : (size_t)g_utf8_skip[c];
            continue;
        }
        uint32_t u = 0;
        size_t n = bf_utf8_next(s + i, s + len, &u);
        if (n == 0) break;
        if ((u >= 0xFDD0 && u <= 0xFDEF) || (u & 0xFFFE) == 0xFFFE) {
            if (!copy) copy = bf_arena_strndup(ld->arena, s, len);
            unsigned r = u < 0x10000 ? 0xFFFD : (u & ~0xFFFFu) | 0xFFFD;
            g_unichar_to_utf8(r, copy + i); /* as long as u's: 3 or 4 bytes */
            bf_warning(ld->diag, ld->file, frame_path(ld, f), "U+%04X is not a character; it is set as U+%04X",
                       (unsigned)u, r);
        }
        i += n;
    }
    if (copy) json_string_setn(v, copy, len);
}

/* The recursion goes at most BF_MAX_DEPTH + 1 levels deep: a container
 * beyond the limit is reported and not entered. */
static void check_limits(walker *ld, json_t *v, const frame *f, int depth)
{
    if (json_is_string(v)) {
        size_t len = json_string_length(v);
        if (len > BF_MAX_STRING_BYTES)
            bf_error(ld->diag, ld->file, frame_path(ld, f), "a string of %zu bytes, over the limit of %d bytes", len,
                     BF_MAX_STRING_BYTES);
        else
            replace_noncharacters(ld, v, f);
        return;
    }
    if (!json_is_object(v) && !json_is_array(v)) return;
    if (depth > BF_MAX_DEPTH) {
        if (!ld->too_deep)
            bf_error(ld->diag, ld->file, frame_path(ld, f), "nested more than %d levels deep (the limit)",
                     BF_MAX_DEPTH);
        ld->too_deep = true;
        return;
    }
    if (json_is_object(v)) {
        const char *key;
        json_t *child;
        json_object_foreach(v, key, child)
        {
            frame here = {f, key, 0};
            size_t len = strlen(key);
            if (len > BF_MAX_STRING_BYTES)
                bf_error(ld->diag, ld->file, frame_path(ld, &here), "a key of %zu bytes, over the limit of %d bytes",
                         len, BF_MAX_STRING_BYTES);
            check_limits(ld, child, &here, depth + 1);
        }
    } else {
        for (size_t i = 0; i < json_array_size(v); i++) {
            frame here = {f, NULL, i};
            check_limits(ld, json_array_get(v, i), &here, depth + 1);
        }
    }
}

void bf_check_limits(bf_arena *arena, bf_diag *diag, const char *file, json_t *root)
{
    walker w = {arena, diag, file, false};
    check_limits(&w, root, NULL, 1);
}
