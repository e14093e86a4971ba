#include "core/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct bf_diag {
    FILE *out;
    char *where_file;  /* the file `where` describes */
    GHashTable *where; /* data path -> position, or NULL */
    bool strict;
    int errors, warnings;
    char last[1024];
};

bf_diag *bf_diag_new(FILE *out)
{
    bf_diag *d = calloc(1, sizeof *d);
    if (d) d->out = out;
    return d;
}

void bf_diag_free(bf_diag *d)
{
    if (!d) return;
    if (d->where) g_hash_table_destroy(d->where);
    g_free(d->where_file);
    free(d);
}

void bf_diag_set_positions(bf_diag *d, const char *file, GHashTable *where)
{
    if (d->where) g_hash_table_destroy(d->where);
    g_free(d->where_file);
    d->where = where;
    d->where_file = g_strdup(file);
}

/* The position of `path` in the table, or of the nearest node holding it
 * (chapters[0].body[9] not there: chapters[0].body). */
static bool locate(const bf_diag *d, const char *file, const char *path, int *line, int *column)
{
    if (!d->where || !file || !path || strcmp(file, d->where_file) != 0) return false;
    char buf[512];
    if (strlen(path) >= sizeof buf) return false;
    strcpy(buf, path);
    for (;;) {
        gpointer v;
        if (g_hash_table_lookup_extended(d->where, buf, NULL, &v)) {
            gsize pos = GPOINTER_TO_SIZE(v);
            *line = (int)(pos / BF_POSITION_COLUMNS);
            *column = (int)(pos % BF_POSITION_COLUMNS);
            return *line > 0;
        }
        char *cut = strrchr(buf, '.'), *bracket = strrchr(buf, '[');
        if (bracket > cut) cut = bracket;
        if (!cut) return false;
        *cut = '\0';
    }
}

void bf_diag_set_strict(bf_diag *d, bool strict)
{
    d->strict = strict;
}

void bf_diag_report(bf_diag *d, bf_level level, const char *file, int line, int column,
                    const char *path, const char *fmt, ...)
{
    if (level == BF_WARNING && d->strict) level = BF_ERROR;
    if (level == BF_ERROR)
        d->errors++;
    else
        d->warnings++;

    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    /* clang-analyzer cannot see va_start through the format attribute. */
    vsnprintf(msg, sizeof msg, fmt, ap); /* NOLINT(clang-analyzer-valist.Uninitialized) */
    va_end(ap);

    if (line <= 0 && path) locate(d, file, path, &line, &column);
    char where[64] = "";
    if (line > 0 && column > 0)
        snprintf(where, sizeof where, ":%d:%d", line, column);
    else if (line > 0)
        snprintf(where, sizeof where, ":%d", line);

    snprintf(d->last, sizeof d->last, "%s%s: %s: %s%s%s", file ? file : "briefing", where,
             level == BF_ERROR ? "error" : "warning", path ? path : "", path ? ": " : "", msg);
    if (d->out) {
        fputs(d->last, d->out);
        fputc('\n', d->out);
    }
}

int bf_diag_errors(const bf_diag *d)
{
    return d->errors;
}


const char *bf_diag_last(const bf_diag *d)
{
    return d->last;
}
