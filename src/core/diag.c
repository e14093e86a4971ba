#include "core/diag.h"

#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct bf_diag {
    FILE *out;
    char *where_file; /* the file the locator knows */
    bf_locate_fn locate;
    void *locate_ctx;
    void (*free_locate_ctx)(void *);
    bool strict;
    bf_diag_fn callback;
    void *callback_ctx;
    int errors, warnings;
    char last[4096]; /* room for a 1024-byte line with every byte escaped */
};

bf_diag *bf_diag_new(FILE *out)
{
    bf_diag *d = g_new0(bf_diag, 1);
    d->out = out;
    return d;
}

static void drop_locator(bf_diag *d)
{
    if (d->free_locate_ctx) d->free_locate_ctx(d->locate_ctx);
    free(d->where_file);
    d->where_file = NULL;
    d->locate = NULL;
    d->locate_ctx = NULL;
    d->free_locate_ctx = NULL;
}

void bf_diag_free(bf_diag *d)
{
    if (!d) return;
    drop_locator(d);
    g_free(d);
}

void bf_diag_set_locator(bf_diag *d, const char *file, bf_locate_fn locate, void *ctx, void (*free_ctx)(void *ctx))
{
    drop_locator(d);
    d->where_file = file ? strdup(file) : NULL;
    d->locate = d->where_file ? locate : NULL;
    d->locate_ctx = ctx;
    d->free_locate_ctx = free_ctx;
}

void bf_diag_set_callback(bf_diag *d, bf_diag_fn fn, void *ctx)
{
    d->callback = fn;
    d->callback_ctx = ctx;
}

/* The message's parts, escaped as its line is, for the callback. */
static void call_back(const bf_diag *d, bf_level level, const char *file, int line, int column, const char *path,
                      const char *msg)
{
    char e_file[1024], e_path[1024], e_msg[3072];
    bf_escape(e_file, sizeof e_file, file ? file : "");
    bf_escape(e_path, sizeof e_path, path ? path : "");
    bf_escape(e_msg, sizeof e_msg, msg);
    bf_diag_message m = {level, file ? e_file : NULL, line, column, path ? e_path : NULL, e_msg, d->last};
    d->callback(d->callback_ctx, &m);
}

void bf_diag_set_strict(bf_diag *d, bool strict)
{
    d->strict = strict;
}

void bf_diag_report(bf_diag *d, bf_level level, const char *file, int line, int column, const char *path,
                    const char *fmt, ...)
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

    if (line <= 0 && path && file && d->locate && strcmp(file, d->where_file) == 0 &&
        !d->locate(d->locate_ctx, path, &line, &column))
        line = column = 0;
    char where[64] = "";
    if (line > 0 && column > 0)
        snprintf(where, sizeof where, ":%d:%d", line, column);
    else if (line > 0)
        snprintf(where, sizeof where, ":%d", line);

    char line_buf[1024];
    snprintf(line_buf, sizeof line_buf, "%s%s: %s: %s%s%s", file ? file : "briefing", where,
             level == BF_ERROR ? "error" : "warning", path ? path : "", path ? ": " : "", msg);
    bf_escape(d->last, sizeof d->last, line_buf);
    if (d->out) {
        fputs(d->last, d->out);
        fputc('\n', d->out);
    }
    if (d->callback) call_back(d, level, file, line, column, path, msg);
}

int bf_diag_errors(const bf_diag *d)
{
    return d->errors;
}

const char *bf_diag_last(const bf_diag *d)
{
    return d->last;
}
