/* revise.h - `--revise` (revise.c), for run.c. */
#ifndef BF_REVISE_H
#define BF_REVISE_H

#include <stddef.h>

#include "core/diag.h"
#include "page/pages.h"
#include "render/render.h"

/* The pages again, marked as a revision (layout revision_mark), or NULL
 * (reported). */
typedef const bf_pages *(*bf_marked_fn)(void *ctx);

enum { BF_REVISE_NONE = -1 };

/* Write `pages` to `out` as --revise does: BF_REVISE_NONE when `out` is
 * no regular file that can be read (the usual way then writes it or says
 * why not); BF_OUTPUT_KEPT when it, or the last revision, already holds
 * this build; else the next free revision DATE-NAME.rN.pdf of the marked
 * pages, as bf_output_atomic returns.  The file written or kept goes to
 * `written`. */
int bf_revise(bf_diag *d, const char *out, const bf_pages *pages, const bf_pdf_options *pdf, bf_marked_fn marked,
              void *ctx, char *written, size_t written_size);

#endif
