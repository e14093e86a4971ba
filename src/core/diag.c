#include "core/diag.h"

#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct bf_diag {
    FILE *out;
    bool strict;
    int errors, warnings;
    char last[1024];
};

bf_diag *bf_diag_new(FILE *out)
{
    bf_diag *d = g_new0(bf_diag, 1);
    d->out = out;
    return d;
}

void bf_diag_free(bf_diag *d)
{
    g_free(d);
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
