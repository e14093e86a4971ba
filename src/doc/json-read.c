/* json-read.c - a briefing's JSON read straight into jansson's values.
 *
 * jansson's own reader takes a character at a time through a stream with
 * a buffer for each token: two thirds of the load stage of a long
 * document (115 M instructions for 700 KB).  This one scans a string to
 * its closing quote in one loop and hands jansson each value made, with
 * its bytes, and builds the same tree in the same order: the same values,
 * keys in the order written, a duplicate key refused.
 *
 * It reads only what it is sure of.  Anything else (a syntax error, a
 * number out of range, \u0000, a lone surrogate, nesting deeper than
 * MAX_DEPTH) makes it give up with NULL, and jansson's reader then reads
 * the text again and decides: so what is accepted and every message about
 * what is not are jansson's.  The text has passed bf_check_encoding: UTF-8
 * throughout, no NUL byte.
 */
#include <errno.h>
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc-private.h"

/* Well inside jansson's JSON_PARSER_MAX_DEPTH (2048), and the stack. */
#define MAX_DEPTH 512

typedef struct {
    const char *p, *end;
    int depth;
    GString *unescaped; /* a string with escapes, decoded; reused */
} reader;

static void skip_space(reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t')) r->p++;
}

static int hex4(const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        int c = (unsigned char)p[i], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v << 4 | d;
    }
    return v;
}

/* One \uXXXX (or a pair of them for a character past U+FFFF) at r->p,
 * just after the 'u': the character, or -1. */
static long unicode_escape(reader *r)
{
    if (r->end - r->p < 4) return -1;
    long c = hex4(r->p);
    r->p += 4;
    if (c < 0 || c == 0 || (c >= 0xDC00 && c <= 0xDFFF)) return -1;
    if (c >= 0xD800 && c <= 0xDBFF) {
        if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u') return -1;
        long lo = hex4(r->p + 2);
        if (lo < 0xDC00 || lo > 0xDFFF) return -1;
        r->p += 6;
        c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
    }
    return c;
}

/* Past the characters of a string that stand for themselves: to its
 * closing quote, an escape, a control character or the end. */
static void plain_run(reader *r)
{
    while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (unsigned char)*r->p >= 0x20) r->p++;
}

/* The rest of a string whose plain start [start, r->p) stops at an
 * escape or what is not allowed, decoded into r->unescaped; false if it
 * is not sure. */
static bool unescape(reader *r, const char *start)
{
    GString *s = r->unescaped;
    g_string_truncate(s, 0);
    for (const char *run = start;; run = r->p, plain_run(r)) {
        g_string_append_len(s, run, r->p - run);
        if (r->p >= r->end || (unsigned char)*r->p < 0x20) return false;
        if (*r->p++ == '"') return true;
        if (r->p >= r->end) return false;
        char e = *r->p++;
        switch (e) {
        case '"':
        case '\\':
        case '/': g_string_append_c(s, e); break;
        case 'b': g_string_append_c(s, '\b'); break;
        case 'f': g_string_append_c(s, '\f'); break;
        case 'n': g_string_append_c(s, '\n'); break;
        case 'r': g_string_append_c(s, '\r'); break;
        case 't': g_string_append_c(s, '\t'); break;
        case 'u': {
            long c = unicode_escape(r);
            if (c < 0) return false;
            g_string_append_unichar(s, (gunichar)c);
            break;
        }
        default: return false;
        }
    }
}

/* The string at r->p (its opening quote): its bytes in *at and *len, in
 * the text itself when it has no escape, else in r->unescaped. */
static bool string_at(reader *r, const char **at, size_t *len)
{
    const char *start = ++r->p;
    plain_run(r);
    if (r->p < r->end && *r->p == '"') {
        *at = start;
        *len = (size_t)(r->p++ - start);
        return true;
    }
    if (!unescape(r, start)) return false;
    *at = r->unescaped->str;
    *len = r->unescaped->len;
    return true;
}

static bool is_digit(const char *p, const char *end)
{
    return p < end && *p >= '0' && *p <= '9';
}

/* A number as jansson reads one: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?,
 * an integer (json_int_t) without fraction or exponent, else a real. */
static json_t *number(reader *r)
{
    const char *start = r->p, *p = r->p, *end = r->end;
    bool real = false;
    if (p < end && *p == '-') p++;
    if (!is_digit(p, end)) return NULL;
    if (*p == '0') {
        p++;
        if (is_digit(p, end)) return NULL;
    } else {
        while (is_digit(p, end)) p++;
    }
    if (p < end && *p == '.') {
        real = true;
        if (!is_digit(++p, end)) return NULL;
        while (is_digit(p, end)) p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        real = true;
        p++;
        if (p < end && (*p == '+' || *p == '-')) p++;
        if (!is_digit(p, end)) return NULL;
        while (is_digit(p, end)) p++;
    }
    char buf[64];
    size_t n = (size_t)(p - start);
    if (n >= sizeof buf) return NULL;
    memcpy(buf, start, n);
    buf[n] = '\0';
    r->p = p;
    errno = 0;
    if (!real) {
        long long v = strtoll(buf, NULL, 10);
        return errno == ERANGE ? NULL : json_integer((json_int_t)v);
    }
    double v = g_ascii_strtod(buf, NULL);
    return isinf(v) ? NULL : json_real(v);
}

static bool word(reader *r, const char *w, size_t n)
{
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n) != 0) return false;
    r->p += n;
    return true;
}

static json_t *value(reader *r);

/* After a member of an array or object: 1 if a comma says another comes,
 * 0 if `close` ends it, -1 for anything else. */
static int separator(reader *r, char close)
{
    skip_space(r);
    if (r->p >= r->end) return -1;
    char c = *r->p++;
    if (c == close) return 0;
    if (c != ',') return -1;
    skip_space(r);
    return 1;
}

/* Past the opening bracket and the space after it: whether `close`
 * follows at once (an empty array or object, read). */
static bool opens_empty(reader *r, char close)
{
    r->p++;
    skip_space(r);
    if (r->p >= r->end || *r->p != close) return false;
    r->p++;
    return true;
}

static json_t *array(reader *r)
{
    json_t *a = json_array();
    if (opens_empty(r, ']')) return a;
    for (;;) {
        json_t *v = value(r);
        if (!v || json_array_append_new(a, v)) break;
        int more = separator(r, ']');
        if (more == 0) return a;
        if (more < 0) break;
    }
    json_decref(a);
    return NULL;
}

static json_t *object(reader *r)
{
    json_t *o = json_object();
    if (opens_empty(r, '}')) return o;
    for (;;) {
        const char *key;
        size_t key_len;
        if (r->p >= r->end || *r->p != '"' || !string_at(r, &key, &key_len)) break;
        /* An escaped key is copied before the value is read, which may
         * reuse r->unescaped; any other is in the text. */
        char *copy = key == r->unescaped->str ? g_strndup(key, key_len) : NULL;
        if (copy) key = copy;
        bool ok = !json_object_getn(o, key, key_len);
        skip_space(r);
        ok = ok && r->p < r->end && *r->p++ == ':';
        skip_space(r);
        json_t *v = ok ? value(r) : NULL;
        ok = v && json_object_setn_new_nocheck(o, key, key_len, v) == 0;
        g_free(copy);
        if (!ok) break;
        int more = separator(r, '}');
        if (more == 0) return o;
        if (more < 0) break;
    }
    json_decref(o);
    return NULL;
}

static json_t *value(reader *r)
{
    if (r->p >= r->end) return NULL;
    json_t *v = NULL;
    switch (*r->p) {
    case '{':
    case '[':
        if (++r->depth > MAX_DEPTH) return NULL;
        v = *r->p == '{' ? object(r) : array(r);
        r->depth--;
        return v;
    case '"': {
        const char *s;
        size_t n;
        if (!string_at(r, &s, &n)) return NULL;
        return json_stringn_nocheck(s, n);
    }
    case 't': return word(r, "true", 4) ? json_true() : NULL;
    case 'f': return word(r, "false", 5) ? json_false() : NULL;
    case 'n': return word(r, "null", 4) ? json_null() : NULL;
    default: return number(r);
    }
}

json_t *bf_json_read(const char *bytes, size_t len)
{
    reader r = {bytes, bytes + len, 0, g_string_new(NULL)};
    skip_space(&r);
    json_t *root = value(&r);
    skip_space(&r);
    if (root && r.p != r.end) {
        json_decref(root);
        root = NULL;
    }
    g_string_free(r.unescaped, TRUE);
    return root;
}
