/* json-where.c - where in a JSON file the value at a data path is, so that
 * content errors can name the line and column as syntax errors do.
 *
 * jansson keeps no positions, and most builds report nothing: so nothing is
 * recorded while loading.  The sink keeps the file's bytes, and only a
 * message that names a path walks them, following the path's keys and
 * indices and skipping everything else.  The text was parsed by jansson
 * already, so the walk may assume it is well formed; it still never reads
 * past the end.
 */
#include "doc/doc-private.h"

#include <glib.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *p, *end;
    const char *line_start;
    int line;
} cursor;

static void skip_space(cursor *c)
{
    while (c->p < c->end && strchr(" \t\r\n", *c->p) && *c->p) {
        if (*c->p == '\n') {
            c->line++;
            c->line_start = c->p + 1;
        }
        c->p++;
    }
}

/* Past a string whose opening quote c->p is at; false when the text ends
 * inside it. */
static bool skip_string(cursor *c)
{
    c->p++;
    while (c->p < c->end && *c->p != '"') c->p += *c->p == '\\' && c->end - c->p > 1 ? 2 : 1;
    if (c->p >= c->end) return false;
    c->p++;
    return true;
}

/* Past the value at c->p. */
static void skip_value(cursor *c)
{
    int depth = 0;
    do {
        skip_space(c);
        if (c->p >= c->end) return;
        char ch = *c->p;
        if (ch == '"') {
            skip_string(c);
        } else if (ch == '{' || ch == '[') {
            depth++;
            c->p++;
        } else if (ch == '}' || ch == ']') {
            depth--;
            c->p++;
        } else if (ch == ',' || ch == ':') {
            c->p++;
        } else {
            while (c->p < c->end && !strchr(",:]} \t\r\n", *c->p)) c->p++;
        }
    } while (depth > 0 && c->p < c->end);
}

/* Does the string at c->p (a key) equal key[0..n)?  Moves past it. */
static bool key_is(cursor *c, const char *key, size_t n)
{
    const char *start = c->p + 1;
    if (!skip_string(c)) return false;
    const char *stop = c->p - 1;
    if ((size_t)(stop - start) != n || memchr(start, '\\', n)) {
        /* A key with escapes: compare its decoded form. */
        if (!memchr(start, '\\', (size_t)(stop - start))) return false;
        char *quoted = g_strndup(start - 1, (size_t)(stop - start) + 2);
        json_error_t err;
        json_t *s = json_loads(quoted, JSON_DECODE_ANY, &err);
        g_free(quoted);
        bool same = s && json_is_string(s) && json_string_length(s) == n && !memcmp(json_string_value(s), key, n);
        json_decref(s);
        return same;
    }
    return memcmp(start, key, n) == 0;
}

/* Into the member `key` of the object at c->p; false when there is none. */
static bool enter_key(cursor *c, const char *key, size_t n)
{
    skip_space(c);
    if (c->p >= c->end || *c->p != '{') return false;
    c->p++;
    for (;;) {
        skip_space(c);
        if (c->p >= c->end || *c->p != '"') return false;
        bool match = key_is(c, key, n);
        skip_space(c);
        if (c->p < c->end && *c->p == ':') c->p++;
        skip_space(c);
        if (match) return true;
        skip_value(c);
        skip_space(c);
        if (c->p >= c->end || *c->p != ',') return false;
        c->p++;
    }
}

/* Into element `index` of the array at c->p. */
static bool enter_index(cursor *c, unsigned long index)
{
    skip_space(c);
    if (c->p >= c->end || *c->p != '[') return false;
    c->p++;
    for (unsigned long i = 0;; i++) {
        skip_space(c);
        if (c->p >= c->end || *c->p == ']') return false;
        if (i == index) return true;
        skip_value(c);
        skip_space(c);
        if (c->p >= c->end || *c->p != ',') return false;
        c->p++;
    }
}

bool bf_json_locate(const char *bytes, size_t len, const char *path, int *line, int *column)
{
    cursor c = {bytes, bytes + len, bytes, 1};
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) c.p = c.line_start = bytes + 3;
    const char *s = path;
    while (*s) {
        cursor before = c; /* where to stay when the step fails */
        bool ok;
        if (*s == '[') {
            char *end;
            unsigned long index = strtoul(s + 1, &end, 10);
            ok = *end == ']' && enter_index(&c, index);
            s = end + 1;
        } else {
            if (*s == '.') s++;
            size_t n = strcspn(s, ".[");
            ok = n > 0 && enter_key(&c, s, n);
            s += n;
        }
        if (!ok) {
            c = before;
            break;
        }
    }
    /* Where the walk stopped: the value at the path, or the nearest node
     * holding it (a missing key: its object). */
    skip_space(&c);
    *line = c.line;
    *column = (int)g_utf8_strlen(c.line_start, c.p - c.line_start) + 1;
    return true;
}
