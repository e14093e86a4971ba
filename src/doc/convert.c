/* convert.c - a briefing file from JSON to YAML and back, every value kept.
 *
 * The tree is read as the loader reads it (load.c's JSON, load-yaml.c's
 * YAML) and written in the other form: keys in their order, strings exact
 * (a string with a line break becomes a YAML literal block), numbers as
 * the shortest text that reads back as the same number.  It does not check
 * the document against briefing/1: `briefing check` does that.
 */
#include "core/json.h"
#include "doc/doc-private.h"

#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

/* The shortest %.Ng that reads back as v, always with a '.' or an exponent
 * so that it reads back as a float, not an integer. */
static void format_real(char *buf, size_t size, double v)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (g_ascii_strtod(buf, NULL) == v) break;
    }
    /* %g follows the C locale's decimal point only if the program never
     * calls setlocale for numbers; be sure. */
    for (char *p = buf; *p; p++)
        if (*p == ',') *p = '.';
    if (!strpbrk(buf, ".eEn")) g_strlcat(buf, ".0", size);
}

/* --- JSON out ------------------------------------------------------------ */

static void indent(GString *out, int depth)
{
    g_string_append_c(out, '\n');
    for (int i = 0; i < depth; i++) g_string_append(out, "  ");
}

static void json_out(GString *out, const json_t *v, int depth)
{
    char num[40];
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        if (json_object_size(v) == 0) {
            g_string_append(out, "{}");
            break;
        }
        g_string_append_c(out, '{');
        const char *key;
        const json_t *child;
        bool first = true;
        json_object_foreach((json_t *)v, key, child)
        {
            if (!first) g_string_append_c(out, ',');
            first = false;
            indent(out, depth + 1);
            bf_json_string(out, key, strlen(key));
            g_string_append(out, ": ");
            json_out(out, child, depth + 1);
        }
        indent(out, depth);
        g_string_append_c(out, '}');
        break;
    }
    case JSON_ARRAY: {
        if (json_array_size(v) == 0) {
            g_string_append(out, "[]");
            break;
        }
        g_string_append_c(out, '[');
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i) g_string_append_c(out, ',');
            indent(out, depth + 1);
            json_out(out, json_array_get(v, i), depth + 1);
        }
        indent(out, depth);
        g_string_append_c(out, ']');
        break;
    }
    case JSON_STRING: bf_json_string(out, json_string_value(v), json_string_length(v)); break;
    case JSON_INTEGER: g_string_append_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); break;
    case JSON_REAL:
        format_real(num, sizeof num, json_real_value(v));
        g_string_append(out, num);
        break;
    case JSON_TRUE: g_string_append(out, "true"); break;
    case JSON_FALSE: g_string_append(out, "false"); break;
    case JSON_NULL: g_string_append(out, "null"); break;
    }
}

/* --- YAML out ------------------------------------------------------------ */

static int yaml_sink(void *ctx, unsigned char *buffer, size_t size)
{
    g_string_append_len(ctx, (const char *)buffer, (gssize)size);
    return 1;
}

/* Would the YAML reader take this plain scalar for something else than a
 * string?  Then it is quoted. */
static bool needs_quotes(const char *s)
{
    static const char *const words[] = {"",      "~",     "null",  "Null",  "NULL", "true", "True",
                                        "TRUE",  "false", "False", "FALSE", ".inf", ".Inf", ".INF",
                                        "+.inf", "-.inf", ".nan",  ".NaN",  ".NAN", NULL};
    for (const char *const *w = words; *w; w++)
        if (strcmp(s, *w) == 0) return true;
    /* Anything that starts like a number. */
    const char *p = s + (*s == '-' || *s == '+');
    return (*p >= '0' && *p <= '9') || (*p == '.' && p[1] >= '0' && p[1] <= '9');
}

static bool scalar(yaml_emitter_t *em, const char *s, size_t len, yaml_scalar_style_t style)
{
    yaml_event_t ev;
    if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)len, 1, 1, style)) return false;
    return yaml_emitter_emit(em, &ev);
}

static bool yaml_out(yaml_emitter_t *em, const json_t *v)
{
    yaml_event_t ev;
    char num[40];
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE) ||
            !yaml_emitter_emit(em, &ev))
            return false;
        const char *key;
        const json_t *child;
        json_object_foreach((json_t *)v, key, child)
        {
            yaml_scalar_style_t style = needs_quotes(key) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE;
            if (!scalar(em, key, strlen(key), style) || !yaml_out(em, child)) return false;
        }
        yaml_mapping_end_event_initialize(&ev);
        return yaml_emitter_emit(em, &ev);
    }
    case JSON_ARRAY:
        if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE) ||
            !yaml_emitter_emit(em, &ev))
            return false;
        for (size_t i = 0; i < json_array_size(v); i++)
            if (!yaml_out(em, json_array_get(v, i))) return false;
        yaml_sequence_end_event_initialize(&ev);
        return yaml_emitter_emit(em, &ev);
    case JSON_STRING: {
        const char *s = json_string_value(v);
        size_t len = json_string_length(v);
        yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;
        if (memchr(s, '\n', len))
            style = YAML_LITERAL_SCALAR_STYLE; /* libyaml quotes instead where a block cannot say it */
        else if (needs_quotes(s))
            style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        return scalar(em, s, len, style);
    }
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return scalar(em, num, strlen(num), YAML_PLAIN_SCALAR_STYLE);
    case JSON_REAL:
        format_real(num, sizeof num, json_real_value(v));
        return scalar(em, num, strlen(num), YAML_PLAIN_SCALAR_STYLE);
    case JSON_TRUE: return scalar(em, "true", 4, YAML_PLAIN_SCALAR_STYLE);
    case JSON_FALSE: return scalar(em, "false", 5, YAML_PLAIN_SCALAR_STYLE);
    case JSON_NULL: return scalar(em, "null", 4, YAML_PLAIN_SCALAR_STYLE);
    }
    return false;
}

static bool yaml_document(GString *out, const json_t *root)
{
    yaml_emitter_t em;
    yaml_event_t ev;
    bool ok = false;
    if (!yaml_emitter_initialize(&em)) return false;
    yaml_emitter_set_output(&em, yaml_sink, out);
    yaml_emitter_set_unicode(&em, 1);
    yaml_emitter_set_width(&em, -1); /* one paragraph a line: diffs stay small */
    yaml_emitter_set_indent(&em, 2);
    if (!yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) || !yaml_emitter_emit(&em, &ev)) goto done;
    if (!yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) || !yaml_emitter_emit(&em, &ev)) goto done;
    if (!yaml_out(&em, root)) goto done;
    if (!yaml_document_end_event_initialize(&ev, 1) || !yaml_emitter_emit(&em, &ev)) goto done;
    if (!yaml_stream_end_event_initialize(&ev) || !yaml_emitter_emit(&em, &ev)) goto done;
    ok = yaml_emitter_flush(&em) != 0;
done:
    yaml_emitter_delete(&em);
    return ok;
}

char *bf_doc_convert(bf_diag *diag, const char *name, const char *bytes, size_t len, bool to_yaml, size_t *out_len)
{
    json_t *root = bf_doc_tree(diag, name, bytes, len);
    if (!root) return NULL;
    GString *out = g_string_new(NULL);
    bool ok = true;
    if (to_yaml) {
        ok = yaml_document(out, root);
        if (!ok) bf_error(diag, name, NULL, "cannot be written as YAML");
    } else {
        json_out(out, root, 0);
        g_string_append_c(out, '\n');
    }
    json_decref(root);
    if (!ok) {
        g_string_free(out, TRUE);
        return NULL;
    }
    *out_len = out->len;
    return g_string_free(out, FALSE);
}
