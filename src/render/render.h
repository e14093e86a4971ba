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

/* The namespace of the edition's own fields in the XMP (pdfmeta.c). */
#define BF_XMP_NS "http://ns.briefing.invalid/edition/1.0/"
/* A file an archival PDF carries, as a PDF/A-3 associated file. */
typedef struct {
    const char *name; /* its file name (UTF-8), no folder */
    const char *mime; /* "application/json" */
    const char *desc; /* what it is to the PDF */
    const unsigned char *bytes;
    size_t len;
} bf_pdf_file;

/* What makes the PDF PDF/A-3b (README, "Archival PDF/A"): the output intent's sRGB
 * profile and the files it carries, the input first. */
typedef struct {
    const unsigned char *icc;
    size_t icc_len;
    bf_pdf_file files[2];
    int n_files;
} bf_pdfa;

typedef struct {
    const char *creator;    /* "briefing VERSION" */
    time_t date;            /* creation and modification date written to the PDF */
    const char *name;       /* the file, for messages */
    double *finish_seconds; /* if set, receives the time cairo took to finish
                               the file (font subsets, cross-reference table) */
    /* A revision (--revise): its number (2 for DATE-NAME.r2.pdf; 0 for an
     * edition), and the file name and SHA-256 of the edition it corrects. */
    int revision;
    const char *revises, *revises_sha256;
    const bf_pdfa *pdfa; /* NULL: not PDF/A */
} bf_pdf_options;

/* Write the PDF to `out`.  False, with the problem reported, when cairo
 * fails (it is checked after every page). */
bool bf_render_pdf(const bf_pages *pages, bf_diag *d, const bf_pdf_options *opt, FILE *out);

/* Copy the PDF cairo wrote to `in` into `out` with its objects other than
 * streams in compressed object streams and a cross-reference stream
 * (pdfpack.c).  1 when done; 0 when `in` is not laid out as cairo lays a
 * PDF out, with nothing written; -1 when writing failed. */
int bf_pdf_pack(FILE *in, FILE *out);

/* What the repack adds to cairo's file for readers and archives
 * (docs/TAGGING.md): the catalog's /Lang, /ViewerPreferences
 * << /DisplayDocTitle true >>, /PageMode /UseOutlines and the XMP
 * metadata; /Tabs /S on each page; /Contents (the URI) and /F 4 on each
 * link; /Alt on each Figure; the information dictionary's dates as
 * D:YYYYMMDDHHmmSSZ; and a trailer /ID that is the MD5 of the file's other
 * bytes, so that the same input gives the same file. */
typedef struct {
    const char *lang;       /* BCP 47 */
    const char *const *alt; /* each Figure's /Alt, in the structure tree's order (NULL: none) */
    int n_alt;
    const char *xmp;                    /* the XMP packet (UTF-8) */
    const bf_pdfa *pdfa;                /* NULL: not PDF/A; else its output intent and files */
    time_t date;                        /* the files' /ModDate */
    const struct bf_flate_ahead *ahead; /* stream objects compressed already (flateahead.h), or NULL */
    struct bf_pdf_text *text;           /* the text written apart from cairo (pdftext.h), or NULL */
} bf_pdf_extras;

/* bf_pdf_pack, adding `x` (NULL: nothing). */
int bf_pdf_pack_with(FILE *in, FILE *out, const bf_pdf_extras *x);

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
int bf_output_atomic(bf_diag *d, const char *path, bool (*write)(FILE *f, void *ctx), void *ctx, unsigned flags);

#endif
