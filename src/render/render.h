/* render.h - drawing placed pages: the PDF (cairo) and the text dump.
 *
 * Both renderers read the same bf_pages, so the golden dumps the tests
 * compare describe exactly what the PDF shows.
 */
#ifndef BF_RENDER_H
#define BF_RENDER_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "core/diag.h"
#include "page/pages.h"

typedef struct {
    const char *creator; /* "briefing VERSION" */
    time_t date;         /* creation and modification date written to the PDF */
    const char *name;    /* the file, for messages */
    bool whole_fonts;        /* draw with the whole fonts, not with their cuts
                                to the glyphs set (render/fontcut.h) */
    double *finish_seconds;  /* if set, receives the time cairo took to finish
                                the file (font subsets, cross-reference table) */
} bf_pdf_options;

/* Write the PDF to `out`.  False, with the problem reported, when cairo
 * fails (it is checked after every page). */
bool bf_render_pdf(const bf_pages *pages, bf_diag *d, const bf_pdf_options *opt, FILE *out);

/* Copy the PDF cairo wrote to `in` into `out` with its objects other than
 * streams in compressed object streams and a cross-reference stream
 * (pdfpack.c).  1 when done; 0 when `in` is not laid out as cairo lays a
 * PDF out, with nothing written; -1 when writing failed. */
int bf_pdf_pack(FILE *in, FILE *out);

/* Write each page as DIR/page-NNN.png at `dpi` (a preview without a PDF
 * viewer), each file written atomically with bf_output_atomic's `flags`.
 * Returns what bf_output_atomic does: BF_OUTPUT_WRITTEN (or KEPT when every
 * page was already there), BF_OUTPUT_FAILED or BF_OUTPUT_REFUSED, reported. */
int bf_render_png(const bf_pages *pages, bf_diag *d, const char *dir, double dpi, unsigned flags);

/* Write the text dump: each page's items with positions rounded to 0.1 pt. */
void bf_render_dump(const bf_pages *pages, FILE *out);

/* Write `path` through a temporary file beside it, renamed into place only
 * when complete: a failed or interrupted run leaves an existing file as it
 * was.  `write` produces the content.  With BF_OUTPUT_NO_CLOBBER an existing
 * file is kept: BF_OUTPUT_KEPT when it has the same bytes, refused
 * otherwise.  BF_OUTPUT_REFUSED (reported) when the user must change
 * something: the path is not a regular file, cannot be created or read,
 * or holds an edition with other bytes; BF_OUTPUT_FAILED (0, reported) when
 * writing failed for another reason (a full disk). */
enum { BF_OUTPUT_REPLACE = 0, BF_OUTPUT_NO_CLOBBER = 1 };
enum { BF_OUTPUT_FAILED = 0, BF_OUTPUT_WRITTEN = 1, BF_OUTPUT_KEPT = 2, BF_OUTPUT_REFUSED = 3 };
int bf_output_atomic(bf_diag *d, const char *path, bool (*write)(FILE *f, void *ctx), void *ctx,
                     unsigned flags);

#endif
