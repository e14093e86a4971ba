/* text.c - inline text (FORMAT.md "Text"): **strong**, [^id] citations,
 * ｜base《reading》 ruby, backslash escapes and forced line breaks, parsed
 * into runs.
 *
 * Nothing else in a string has a meaning: "<b>", "&amp;" and "%s" are
 * characters to set, never markup or format directives.  Markup that is
 * almost right (an unclosed "**", "****", "[^ id]", "[^]") is set as
 * written, and a warning says so: the writer meant something else.
 */
#include "core/utf8.h"
#include "doc/doc-private.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

bool bf_is_id_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* The length of the white space at s (0 when none): one ASCII white-space
 * byte, or the three bytes of U+3000, which Japanese text uses as an indent
 * and which editors leave at line ends as easily as a space. */
static size_t space_at(const char *s, const char *end)
{
    if (s >= end) return 0;
    switch (*s) {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case '\f':
    case '\v': return 1;
    }
    if (end - s >= 3 && (unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
        return 3;
    return 0;
}

static size_t space_before(const char *start, const char *end)
{
    if (end <= start) return 0;
    if (space_at(end - 1, end) == 1) return 1;
    if (end - start >= 3 && space_at(end - 3, end) == 3) return 3;
    return 0;
}

const char *bf_trim(const char *s, size_t *len)
{
    const char *end = s + strlen(s);
    for (size_t n; (n = space_at(s, end)) > 0;) s += n;
    for (size_t n; (n = space_before(s, end)) > 0;) end -= n;
    *len = (size_t)(end - s);
    return s;
}

const char *bf_quote(bf_arena *arena, const char *s)
{
    enum { MAX_CHARS = 40 };
    /* Each of the characters kept takes at most 6 bytes ("\u001f"), plus the
     * quotes, the ellipsis and the terminator. */
    char buf[MAX_CHARS * 6 + 8];
    size_t n = 0, chars = 0;
    buf[n++] = '"';
    const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
    while (*p && chars < MAX_CHARS) {
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            buf[n++] = '\\';
            buf[n++] = (char)c;
            p++;
        } else if (c == '\n') {
            memcpy(buf + n, "\\n", 2), n += 2, p++; /* NOLINT(bugprone-not-null-terminated-result): a piece of buf */
        } else if (c == '\t') {
            memcpy(buf + n, "\\t", 2), n += 2, p++; /* NOLINT(bugprone-not-null-terminated-result) */
        } else if (c < 0x20 || c == 0x7F) {
            static const char hex[] = "0123456789abcdef";
            memcpy(buf + n, "\\u00", 4); /* NOLINT(bugprone-not-null-terminated-result) */
            buf[n + 4] = hex[c >> 4];
            buf[n + 5] = hex[c & 15];
            n += 6, p++;
        } else {
            /* Copy one whole UTF-8 character (a byte, were the input not
             * UTF-8). */
            size_t len = bf_utf8_next((const char *)p, (const char *)end, NULL);
            if (len == 0) len = 1;
            memcpy(buf + n, p, len); /* NOLINT(bugprone-not-null-terminated-result): a piece of buf */
            n += len;
            p += len;
        }
        chars++;
    }
    buf[n++] = '"';
    if (*p) {
        memcpy(buf + n, "\xE2\x80\xA6", 3); /* NOLINT(bugprone-not-null-terminated-result): U+2026 */
        n += 3;
    }
    char *q = bf_arena_strndup(arena, buf, n);
    return q;
}

/* Runs are collected in scratch space on the heap and copied into the arena
 * once their number is known, so that a parse leaves nothing unused in the
 * arena. */
typedef struct {
    bf_arena *arena;
    bf_run *runs;
    int n_runs, cap_runs;
    char *buf; /* the text of the run being built; as long as the input */
    size_t len;
    bf_run_kind kind; /* TEXT or STRONG: the kind of buf */
} builder;

static void push_run(builder *b, bf_run run)
{
    b->runs = bf_grow(b->runs, b->n_runs, &b->cap_runs, sizeof *b->runs, 8);
    b->runs[b->n_runs++] = run;
}

static void flush(builder *b)
{
    if (b->len == 0) return;
    char *text = bf_arena_strndup(b->arena, b->buf, b->len);
    push_run(b, (bf_run){b->kind, text, -1});
    b->len = 0;
}

/* Append characters to the current run; a run of the other kind is closed
 * first, and runs of the same kind merge by construction. */
static void add(builder *b, bf_run_kind kind, const char *p, size_t n)
{
    if (b->len > 0 && b->kind != kind) flush(b);
    b->kind = kind;
    memcpy(b->buf + b->len, p, n);
    b->len += n;
}

/* Whether a byte may start markup: an escape, a line break, "**", "[^"
 * or the first byte of ｜ (and of every other character U+F000-FFFF). */
static bool may_start_markup(unsigned char c)
{
    return c == '\\' || c == '\n' || c == '\r' || c == '*' || c == '[' || c == 0xEF;
}

static bool is_escapable(char c)
{
    return c == '*' || c == '[' || c == '\\';
}

#define RUBY_BAR "\xEF\xBD\x9C"   /* ｜ U+FF5C */
#define RUBY_OPEN "\xE3\x80\x8A"  /* 《 U+300A */
#define RUBY_CLOSE "\xE3\x80\x8B" /* 》 U+300B */

static bool at3(const char *p, const char *end, const char *what)
{
    return end - p >= 3 && memcmp(p, what, 3) == 0;
}

/* A ruby "｜base《reading》" at p (which starts with ｜), or why there is
 * none.  NONE: the ｜ is an ordinary character and nothing was meant (no
 * 《 follows before a line break or another ｜); the others: the writer
 * meant ruby, and the ｜ is set as written with a warning. */
typedef enum {
    RUBY_OK,
    RUBY_NONE,
    RUBY_NO_BASE,
    RUBY_LONG_BASE,
    RUBY_MARKUP,
    RUBY_NO_READING,
    RUBY_LONG_READING,
    RUBY_UNCLOSED,
    RUBY_NESTED
} ruby_scan;

typedef struct {
    const char *base, *reading;   /* where they start */
    size_t base_len, reading_len; /* bytes */
    const char *next;             /* after the 》 */
} ruby_at;

/* Each scan stops at the first ｜, 《 or line break, so the scans of the
 * ｜s of a string cover it about once: the parse stays linear. */
static ruby_scan scan_ruby(const char *p, const char *end, ruby_at *r)
{
    const char *q = p + 3;
    int chars = 0;
    bool markup = false;
    while (q < end && !at3(q, end, RUBY_OPEN)) {
        if (*q == '\n' || *q == '\r' || at3(q, end, RUBY_BAR) || at3(q, end, RUBY_CLOSE)) return RUBY_NONE;
        if ((q[0] == '*' && q + 1 < end && q[1] == '*') || (q[0] == '[' && q + 1 < end && q[1] == '^') || q[0] == '\\')
            markup = true;
        size_t n = bf_utf8_next(q, end, NULL);
        q += n ? n : 1;
        chars++;
    }
    if (q >= end) return RUBY_NONE;
    r->base = p + 3;
    r->base_len = (size_t)(q - r->base);
    if (chars == 0) return RUBY_NO_BASE;
    if (chars > BF_MAX_RUBY_BASE) return RUBY_LONG_BASE;
    if (markup) return RUBY_MARKUP;
    q += 3;
    r->reading = q;
    chars = 0;
    while (q < end && !at3(q, end, RUBY_CLOSE)) {
        if (*q == '\n' || *q == '\r' || at3(q, end, RUBY_BAR)) return RUBY_UNCLOSED;
        if (at3(q, end, RUBY_OPEN)) return RUBY_NESTED;
        size_t n = bf_utf8_next(q, end, NULL);
        q += n ? n : 1;
        chars++;
    }
    if (q >= end) return RUBY_UNCLOSED;
    r->reading_len = (size_t)(q - r->reading);
    if (chars == 0) return RUBY_NO_READING;
    if (chars > BF_MAX_RUBY_READING) return RUBY_LONG_READING;
    r->next = q + 3;
    return RUBY_OK;
}

static const char *const ruby_problem[] = {
    [RUBY_NO_BASE] = "\"｜\" has no base text before \"《\"",
    [RUBY_LONG_BASE] = "a ruby base has more than 20 characters",
    [RUBY_MARKUP] = "a ruby base cannot hold markup (**, [^ or \\)",
    [RUBY_NO_READING] = "a ruby reading is empty",
    [RUBY_LONG_READING] = "a ruby reading has more than 40 characters",
    [RUBY_UNCLOSED] = "the \"《\" of a ruby reading is never closed by \"》\"",
    [RUBY_NESTED] = "a ruby reading cannot hold \"《\" (ruby does not nest)",
};

/* The ruby at p, pushed as a run of `kind` with its reading; or, when there
 * is none, the ｜ as an ordinary character (with a warning, once a string
 * for each problem, when ruby was meant).  Returns where the parse goes
 * on. */
static const char *parse_ruby(builder *b, bf_diag *diag, const char *file, const char *path, bf_run_kind kind,
                              const char *p, const char *end, unsigned *warned)
{
    ruby_at r;
    ruby_scan sc = scan_ruby(p, end, &r);
    if (sc == RUBY_OK) {
        flush(b);
        push_run(b, (bf_run){kind, bf_arena_strndup(b->arena, r.base, r.base_len), -1});
        push_run(b, (bf_run){BF_RUN_RUBY, bf_arena_strndup(b->arena, r.reading, r.reading_len), -1});
        return r.next;
    }
    if (sc != RUBY_NONE && !(*warned & (1u << sc))) {
        bf_warning(diag, file, path, "%s; set as written: %s", ruby_problem[sc], bf_quote(b->arena, p));
        *warned |= 1u << sc;
    }
    add(b, kind, p, 3);
    return p + 3;
}

/* The next "**" at or after p that is not escaped, or NULL.  It steps over
 * escapes exactly as the main loop does, so both agree on what is a
 * delimiter. */
static const char *find_closer(const char *p, const char *end)
{
    while (p < end) {
        if (p[0] == '\\' && p + 1 < end && is_escapable(p[1]))
            p += 2;
        else if (p[0] == '*' && p + 1 < end && p[1] == '*')
            return p;
        else
            p++;
    }
    return NULL;
}

/* The length of the id of a citation "[^id]" at p, or 0 when p starts none. */
static size_t cite_at(const char *p, const char *end)
{
    if (end - p < 4 || p[0] != '[' || p[1] != '^') return 0;
    const char *q = p + 2;
    while (q < end && bf_is_id_char((unsigned char)*q)) q++;
    if (q == p + 2 || q >= end || *q != ']') return 0;
    return (size_t)(q - (p + 2));
}

bool bf_text_parse_with(bf_arena *arena, bf_diag *diag, const char *file, bf_cite_lookup lookup, const void *ctx,
                        const char *path, const char *s, bf_text *out)
{
    bool ok = true;
    size_t len;
    const char *p = bf_trim(s, &len), *end = p + len;
    builder b = {.arena = arena, .kind = BF_RUN_TEXT};
    *out = (bf_text){NULL, 0};
    if (len == 0) return true;
    b.buf = g_malloc(len);

    bf_run_kind kind = BF_RUN_TEXT; /* the kind of plain characters here */
    /* Once a search for a closing "**" has failed, every later "**" is
     * literal too: remembering it keeps the parse linear on "** ** ** ...". */
    bool no_closer = false;
    /* One warning of each kind a string: "** ** ** ..." is one mistake. */
    bool warned_unclosed = false, warned_empty = false, warned_cite = false;
    unsigned warned_ruby = 0; /* a bit for each ruby_scan */
    while (p < end) {
        size_t id_len;
        if (p[0] == '\\' && at3(p + 1, end, RUBY_BAR)) {
            add(&b, kind, p + 1, 3);
            p += 4;
        } else if (at3(p, end, RUBY_BAR)) {
            p = parse_ruby(&b, diag, file, path, kind, p, end, &warned_ruby);
        } else if (p[0] == '\\') {
            bool escape = p + 1 < end && is_escapable(p[1]);
            add(&b, kind, p + escape, 1);
            p += 1 + escape;
        } else if (p[0] == '\n' || p[0] == '\r') {
            flush(&b);
            push_run(&b, (bf_run){BF_RUN_BREAK, NULL, -1});
            p += p[0] == '\r' && p + 1 < end && p[1] == '\n' ? 2 : 1;
        } else if (p[0] == '*' && p + 1 < end && p[1] == '*') {
            const char *closer = NULL;
            if (kind == BF_RUN_STRONG) {
                kind = BF_RUN_TEXT;
                p += 2;
                continue;
            }
            if (!no_closer) closer = find_closer(p + 2, end);
            if (!closer) {
                /* An unclosed "**" is two asterisks, not an error. */
                if (!warned_unclosed)
                    bf_warning(diag, file, path, "\"**\" is never closed; set as written: %s", bf_quote(arena, p));
                warned_unclosed = true;
                no_closer = true;
                add(&b, kind, p, 2);
                p += 2;
            } else if (closer == p + 2) {
                /* "****" would be strong nothing: keep all four. */
                if (!warned_empty)
                    bf_warning(diag, file, path, "\"****\" makes nothing strong; set as written: %s",
                               bf_quote(arena, p));
                warned_empty = true;
                add(&b, kind, p, 4);
                p += 4;
            } else {
                kind = BF_RUN_STRONG;
                p += 2;
            }
        } else if ((id_len = cite_at(p, end)) > 0) {
            const char *id = p + 2;
            int source = lookup ? lookup(ctx, id, id_len) : -1;
            if (source < 0) {
                char *id_str = bf_arena_strndup(arena, id, id_len);
                bf_error(diag, file, path, "cites an unknown source id %s", bf_quote(arena, id_str));
                ok = false;
            }
            flush(&b);
            push_run(&b, (bf_run){BF_RUN_CITE, NULL, source});
            p += id_len + 3;
        } else if (p[0] == '[' && p + 1 < end && p[1] == '^') {
            /* "[^ id]", "[^]", "[^id" or an id with other characters: the
             * writer meant a citation, and none is made. */
            if (!warned_cite)
                bf_warning(diag, file, path,
                           "\"[^\" starts no citation (expected [^id], the id of letters, digits, "
                           "'_' and '-'); set as written: %s",
                           bf_quote(arena, p));
            warned_cite = true;
            add(&b, kind, p, 2);
            p += 2;
        } else {
            /* This byte and those after it that can start no markup, at once. */
            const char *q = p + 1;
            while (q < end && !may_start_markup((unsigned char)*q)) q++;
            add(&b, kind, p, (size_t)(q - p));
            p = q;
        }
    }
    flush(&b);

    if (b.n_runs > 0) {
        out->runs = bf_arena_array(arena, (size_t)b.n_runs, sizeof *out->runs);
        memcpy(out->runs, b.runs, (size_t)b.n_runs * sizeof *out->runs);
        out->n_runs = (size_t)b.n_runs;
    }
    g_free(b.runs);
    g_free(b.buf);
    return ok;
}

static int scan_sources(const void *ctx, const char *id, size_t len)
{
    const bf_doc *doc = ctx;
    for (size_t i = 0; doc && i < doc->n_sources; i++) {
        const char *sid = doc->sources[i].id;
        if (sid && strncmp(sid, id, len) == 0 && sid[len] == '\0') return (int)i;
    }
    return -1;
}

bool bf_text_parse(bf_arena *arena, bf_diag *diag, const bf_doc *doc, const char *path, const char *s, bf_text *out)
{
    return bf_text_parse_with(arena, diag, doc ? doc->file : NULL, scan_sources, doc, path, s, out);
}

char *bf_text_plain(bf_arena *arena, const bf_text *t)
{
    size_t len = 0;
    for (size_t i = 0; i < t->n_runs; i++) {
        const bf_run *r = &t->runs[i];
        if (r->kind == BF_RUN_TEXT || r->kind == BF_RUN_STRONG)
            len += strlen(r->text);
        else if (r->kind == BF_RUN_BREAK)
            len++;
    }
    char *s = bf_arena_alloc(arena, len + 1);
    if (!s) return NULL;
    char *q = s;
    for (size_t i = 0; i < t->n_runs; i++) {
        const bf_run *r = &t->runs[i];
        if (r->kind == BF_RUN_TEXT || r->kind == BF_RUN_STRONG) {
            size_t n = strlen(r->text);
            memcpy(q, r->text, n);
            q += n;
        } else if (r->kind == BF_RUN_BREAK) {
            /* A forced break still separates words in a bookmark or title. */
            *q++ = ' ';
        }
    }
    *q = '\0';
    return s;
}
