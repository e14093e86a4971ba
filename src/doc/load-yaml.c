/* load-yaml.c - a briefing/1 document written as YAML, read into the same
 * JSON tree the JSON loader checks, so that the two forms give the same
 * document and the same PDF bytes.
 *
 * libyaml parses (it is a YAML 1.1 parser, but gives each scalar's style,
 * so plain scalars are resolved here by the YAML 1.2 core schema: null,
 * true/false, integers, floats; everything else, and every quoted or block
 * scalar, is a string).  What YAML has and JSON has not is refused rather
 * than guessed at: anchors and aliases (an alias bomb of a few hundred bytes
 * expands to gigabytes), tags, keys that are not strings, duplicate keys,
 * and more than one document.  Every node's position is kept by its data
 * path (chapters[0].body[1]), so that content errors name the line too.
 */
#include "doc/doc-private.h"

#include <errno.h>
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/diag.h"

/* Deeper than the format's limit (32), so that the loader reports that
 * limit with its path; this bound only keeps the recursion finite. */
enum { YAML_MAX_DEPTH = 64 };

/* A position packed in a pointer-sized integer. */
#define YAML_COLUMNS ((gsize)1 << 24)

typedef struct {
    yaml_parser_t parser;
    bf_diag *diag;
    const char *file;
    GHashTable *where; /* path -> line * YAML_COLUMNS + column, given to the diag sink */
    bool failed;
} yreader;

static void fail_at(yreader *y, const yaml_mark_t *m, const char *fmt, const char *arg)
{
    if (y->failed) return;
    y->failed = true;
    char msg[256];
    snprintf(msg, sizeof msg, fmt, arg);
    bf_error_at(y->diag, y->file, (int)m->line + 1, (int)m->column + 1, "%s", msg);
}

static bool next(yreader *y, yaml_event_t *ev)
{
    if (yaml_parser_parse(&y->parser, ev)) return true;
    if (!y->failed) {
        y->failed = true;
        const yaml_mark_t *m = &y->parser.problem_mark;
        if (y->parser.error == YAML_MEMORY_ERROR) {
            bf_error(y->diag, y->file, NULL, "out of memory");
        } else {
            const char *ctx = y->parser.context;
            bf_error_at(y->diag, y->file, (int)m->line + 1, (int)m->column + 1, "%s%s%s",
                        y->parser.problem ? y->parser.problem : "not YAML", ctx ? " " : "", ctx ? ctx : "");
        }
    }
    return false;
}

static void remember(yreader *y, const char *path, const yaml_mark_t *m)
{
    gsize line = m->line + 1, col = m->column + 1;
    if (col >= YAML_COLUMNS) return; /* past what a position packs */
    g_hash_table_insert(y->where, g_strdup(path), GSIZE_TO_POINTER(line * YAML_COLUMNS + col));
}

static bool all_of(const char *s, const char *set)
{
    return *s && s[strspn(s, set)] == '\0';
}

/* [-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE] [-+]? [0-9]+ )? */
static bool is_core_float(const char *s)
{
    const char *p = s + (*s == '-' || *s == '+');
    size_t int_digits = strspn(p, "0123456789");
    p += int_digits;
    size_t frac_digits = 0;
    if (*p == '.') {
        p++;
        frac_digits = strspn(p, "0123456789");
        p += frac_digits;
    }
    if (int_digits == 0 && frac_digits == 0) return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        p += (*p == '-' || *p == '+');
        size_t exp_digits = strspn(p, "0123456789");
        if (exp_digits == 0) return false;
        p += exp_digits;
    }
    return *p == '\0';
}

static bool one_of(const char *s, const char *const *words)
{
    for (; *words; words++)
        if (strcmp(s, *words) == 0) return true;
    return false;
}

/* The YAML 1.2 core schema's reading of a plain scalar (YAML 1.2.2,
 * 10.3.2): null, booleans, integers (decimal, 0o octal, 0x hex), floats;
 * anything else is a string. */
static json_t *resolve_plain(yreader *y, const char *s, size_t len, const yaml_mark_t *m)
{
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
    static const char *const trues[] = {"true", "True", "TRUE", NULL};
    static const char *const falses[] = {"false", "False", "FALSE", NULL};
    static const char *const nonfinite[] = {".inf",  ".Inf",  ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
                                            "-.Inf", "-.INF", ".nan", ".NaN",  ".NAN",  NULL};
    if (one_of(s, nulls)) return json_null();
    if (one_of(s, trues)) return json_true();
    if (one_of(s, falses)) return json_false();
    if (one_of(s, nonfinite)) {
        fail_at(y, m, "%s is not a number JSON can hold", s);
        return NULL;
    }
    const char *sign_less = s + (*s == '-' || *s == '+');
    int base = 0;
    const char *digits = s;
    if (all_of(sign_less, "0123456789"))
        base = 10;
    else if (strncmp(s, "0o", 2) == 0 && all_of(s + 2, "01234567"))
        base = 8, digits = s + 2;
    else if (strncmp(s, "0x", 2) == 0 && all_of(s + 2, "0123456789abcdefABCDEF"))
        base = 16, digits = s + 2;
    if (base) {
        errno = 0;
        char *end;
        long long v = strtoll(digits, &end, base);
        if (errno == ERANGE || *end) {
            fail_at(y, m, "the integer %s is out of range", s);
            return NULL;
        }
        return json_integer(v);
    }
    if (is_core_float(s)) {
        double v = g_ascii_strtod(s, NULL);
        if (!isfinite(v)) {
            fail_at(y, m, "the number %s is out of range", s);
            return NULL;
        }
        return json_real(v);
    }
    return json_stringn(s, len);
}

static json_t *read_node(yreader *y, yaml_event_t *ev, const char *path, int depth);

static bool refuse_yaml_only(yreader *y, const yaml_event_t *ev)
{
    const yaml_char_t *anchor = NULL, *tag = NULL;
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        anchor = ev->data.scalar.anchor;
        tag = ev->data.scalar.tag;
        break;
    case YAML_SEQUENCE_START_EVENT:
        anchor = ev->data.sequence_start.anchor;
        tag = ev->data.sequence_start.tag;
        break;
    case YAML_MAPPING_START_EVENT:
        anchor = ev->data.mapping_start.anchor;
        tag = ev->data.mapping_start.tag;
        break;
    case YAML_ALIAS_EVENT:
        fail_at(y, &ev->start_mark, "an alias (*%s): anchors and aliases are not allowed",
                (const char *)ev->data.alias.anchor);
        return true;
    default: return false;
    }
    if (anchor) {
        fail_at(y, &ev->start_mark, "an anchor (&%s): anchors and aliases are not allowed", (const char *)anchor);
        return true;
    }
    if (tag) {
        fail_at(y, &ev->start_mark, "a tag (%s): tags are not allowed", (const char *)tag);
        return true;
    }
    return false;
}

static json_t *read_mapping(yreader *y, const char *path, int depth)
{
    json_t *obj = json_object();
    for (;;) {
        yaml_event_t key;
        if (!next(y, &key)) goto fail;
        if (key.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&key);
            return obj;
        }
        if (refuse_yaml_only(y, &key)) {
            yaml_event_delete(&key);
            goto fail;
        }
        if (key.type != YAML_SCALAR_EVENT) {
            fail_at(y, &key.start_mark, "%s", "a key must be a string, not a list or a mapping");
            yaml_event_delete(&key);
            goto fail;
        }
        const char *k = (const char *)key.data.scalar.value;
        if (key.data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
            json_t *r = resolve_plain(y, k, key.data.scalar.length, &key.start_mark);
            bool is_string = r && json_is_string(r);
            json_decref(r);
            if (!is_string) {
                fail_at(y, &key.start_mark, "the key %s is not a string (quote it)", k);
                yaml_event_delete(&key);
                goto fail;
            }
        }
        if (strlen(k) != key.data.scalar.length) {
            fail_at(y, &key.start_mark, "%s", "a key holds U+0000");
            yaml_event_delete(&key);
            goto fail;
        }
        if (json_object_get(obj, k)) {
            fail_at(y, &key.start_mark, "duplicate key \"%s\"", k);
            yaml_event_delete(&key);
            goto fail;
        }
        char *child = *path ? g_strdup_printf("%s.%s", path, k) : g_strdup(k);
        yaml_event_t value;
        json_t *v = NULL;
        if (next(y, &value)) {
            v = read_node(y, &value, child, depth + 1);
            yaml_event_delete(&value);
        }
        g_free(child);
        if (!v) {
            yaml_event_delete(&key);
            goto fail;
        }
        json_object_set_new(obj, k, v);
        yaml_event_delete(&key);
    }
fail:
    json_decref(obj);
    return NULL;
}

static json_t *read_sequence(yreader *y, const char *path, int depth)
{
    json_t *arr = json_array();
    for (size_t i = 0;; i++) {
        yaml_event_t ev;
        if (!next(y, &ev)) goto fail;
        if (ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            return arr;
        }
        char *child = g_strdup_printf("%s[%zu]", path, i);
        json_t *v = read_node(y, &ev, child, depth + 1);
        g_free(child);
        yaml_event_delete(&ev);
        if (!v) goto fail;
        json_array_append_new(arr, v);
    }
fail:
    json_decref(arr);
    return NULL;
}

/* The node that starts with `ev` (which the caller deletes). */
static json_t *read_node(yreader *y, yaml_event_t *ev, const char *path, int depth)
{
    if (refuse_yaml_only(y, ev)) return NULL;
    if (depth > YAML_MAX_DEPTH) {
        fail_at(y, &ev->start_mark, "nested deeper than %s levels", "64");
        return NULL;
    }
    remember(y, path, &ev->start_mark);
    switch (ev->type) {
    case YAML_SCALAR_EVENT: {
        const char *s = (const char *)ev->data.scalar.value;
        size_t len = ev->data.scalar.length;
        if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) return resolve_plain(y, s, len, &ev->start_mark);
        return json_stringn(s, len);
    }
    case YAML_SEQUENCE_START_EVENT: return read_sequence(y, path, depth);
    case YAML_MAPPING_START_EVENT: return read_mapping(y, path, depth);
    default: fail_at(y, &ev->start_mark, "%s", "unexpected YAML event"); return NULL;
    }
}

/* The position of `path`, or of the nearest node holding it
 * (chapters[0].body[9] not there: chapters[0].body). */
static bool locate(void *ctx, const char *path, int *line, int *column)
{
    GHashTable *where = ctx;
    char *buf = g_strdup(path);
    bool found = false;
    for (;;) {
        gpointer v;
        if (g_hash_table_lookup_extended(where, buf, NULL, &v)) {
            gsize pos = GPOINTER_TO_SIZE(v);
            *line = (int)(pos / YAML_COLUMNS);
            *column = (int)(pos % YAML_COLUMNS);
            found = *line > 0;
            break;
        }
        char *cut = strrchr(buf, '.'), *bracket = strrchr(buf, '[');
        if (bracket > cut) cut = bracket;
        if (!cut) break;
        *cut = '\0';
    }
    g_free(buf);
    return found;
}

static void destroy_table(void *ctx)
{
    g_hash_table_destroy(ctx);
}

json_t *bf_yaml_load(bf_diag *diag, const char *file, const char *bytes, size_t len)
{
    yreader y = {.diag = diag, .file = file};
    json_t *root = NULL;
    yaml_event_t ev;
    bool have_doc = false;

    if (!yaml_parser_initialize(&y.parser)) {
        bf_error(diag, file, NULL, "out of memory");
        return NULL;
    }
    yaml_parser_set_input_string(&y.parser, (const unsigned char *)bytes, len);
    yaml_parser_set_encoding(&y.parser, YAML_UTF8_ENCODING);
    y.where = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    while (!y.failed && next(&y, &ev)) {
        yaml_event_type_t type = ev.type;
        if (type == YAML_DOCUMENT_START_EVENT) {
            if (have_doc) fail_at(&y, &ev.start_mark, "%s", "more than one document in the file");
            have_doc = true;
        } else if (type != YAML_STREAM_START_EVENT && type != YAML_STREAM_END_EVENT &&
                   type != YAML_DOCUMENT_END_EVENT) {
            root = read_node(&y, &ev, "", 1);
        }
        yaml_event_delete(&ev);
        if (type == YAML_STREAM_END_EVENT) break;
    }
    if (!y.failed && !have_doc) bf_error_at(diag, file, 1, 1, "%s", "an empty file: no YAML document");
    if (y.failed || !have_doc) {
        json_decref(root);
        root = NULL;
        g_hash_table_destroy(y.where);
    } else {
        bf_diag_set_locator(diag, file, locate, y.where, destroy_table); /* the sink owns it now */
    }
    yaml_parser_delete(&y.parser);
    return root;
}

bool bf_is_yaml_name(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && g_ascii_strcasecmp(name + n - 5, ".yaml") == 0) ||
           (n > 4 && g_ascii_strcasecmp(name + n - 4, ".yml") == 0);
}
