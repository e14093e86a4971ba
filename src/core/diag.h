/* diag.h - the one diagnostics sink every message of a run goes through.
 *
 * Messages take the shapes FORMAT.md gives:
 *   FILE:LINE:COLUMN: error: MESSAGE        (syntax; layout files: FILE:LINE)
 *   FILE:LINE:COLUMN: error: PATH: MESSAGE  (content, PATH like chapters[2].source.url,
 *   FILE:LINE:COLUMN: warning: PATH: MESSAGE  placed by the file's locator; without one
 *                                             FILE: error: PATH: MESSAGE)
 * A line or column of 0 and a NULL path are left out.  Functions deep in the
 * program return bool/NULL and report here; only main.c decides what to do.
 */
#ifndef BF_DIAG_H
#define BF_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "core/escape.h"

typedef enum { BF_WARNING, BF_ERROR } bf_level;

typedef struct bf_diag bf_diag;

/* A sink writing each message as it comes to `out` (NULL: keep count only,
 * as the fuzz targets do).  Free with bf_diag_free. */
bf_diag *bf_diag_new(FILE *out);
void bf_diag_free(bf_diag *d);

/* Under strict, warnings are reported as errors (the --strict flag). */
void bf_diag_set_strict(bf_diag *d, bool strict);

void bf_diag_report(bf_diag *d, bf_level level, const char *file, int line, int column, const char *path,
                    const char *fmt, ...) __attribute__((format(printf, 7, 8)));

#define bf_error_at(d, file, line, col, ...) bf_diag_report(d, BF_ERROR, file, line, col, NULL, __VA_ARGS__)
#define bf_error(d, file, path, ...) bf_diag_report(d, BF_ERROR, file, 0, 0, path, __VA_ARGS__)
#define bf_warning(d, file, path, ...) bf_diag_report(d, BF_WARNING, file, 0, 0, path, __VA_ARGS__)

int bf_diag_errors(const bf_diag *d);

/* Where the values of FILE are: `locate` gives the line and column of the
 * value at a data path (chapters[0].body[1]), or of the nearest node that
 * holds it.  From then on a content message about FILE at PATH carries
 * them:  FILE:LINE:COLUMN: error: PATH: MESSAGE.  The sink owns `ctx` and
 * frees it with `free_ctx` when it is replaced or the sink is freed. */
typedef bool (*bf_locate_fn)(void *ctx, const char *path, int *line, int *column);
void bf_diag_set_locator(bf_diag *d, const char *file, bf_locate_fn locate, void *ctx, void (*free_ctx)(void *ctx));

/* Called with each message as it is reported, after it is counted and
 * written: its level, its file (NULL: none), line and column (0: not
 * known), data path (NULL: none), the message after the path and the whole
 * line as written, each escaped as bf_escape does and borrowed for the
 * call.  NULL: none.  For the public interface's diagnostics. */
typedef struct {
    bf_level level;
    const char *file;
    int line, column;
    const char *path, *message, *text;
} bf_diag_message;
typedef void (*bf_diag_fn)(void *ctx, const bf_diag_message *m);
void bf_diag_set_callback(bf_diag *d, bf_diag_fn fn, void *ctx);

/* The last message reported, for tests and fuzzers; "" when none. */
const char *bf_diag_last(const bf_diag *d);

#endif
