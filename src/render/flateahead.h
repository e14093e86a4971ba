/* flateahead.h - the pages' contents compressed while the next pages are
 * drawn.
 *
 * cairo writes a page's content stream, uncompressed (render/pdf.c), as
 * the page is shown.  What it wrote for each page is handed to a second
 * thread, which compresses each stream object it finds there as the repack
 * would (bf_pdf_flate_stream); the repack then takes the compressed object
 * for a stream at the same offset with the same bytes, and compresses any
 * other itself.  The result is the same bytes either way: the thread only
 * does ahead of time what the repack would do. */
#ifndef BF_FLATEAHEAD_H
#define BF_FLATEAHEAD_H

#include <cairo.h>
#include <glib.h>
#include <stdio.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct bf_flate_ahead bf_flate_ahead;

struct bf_pdf_text;
/* With its thread started; `text` (NULL: none) the text whose
 * placeholders it swaps in (pdftext.h).  NULL when no thread can be
 * started (the repack then does it all). */
bf_flate_ahead *bf_flate_ahead_new(struct bf_pdf_text *text);

/* The next bytes cairo wrote (the file's from its start, in order), the
 * thread's now. */
void bf_flate_ahead_give(bf_flate_ahead *a, GByteArray *bytes);

/* Wait for the thread to finish what it was given. */
void bf_flate_ahead_finish(bf_flate_ahead *a);

/* The object of n bytes at `offset`, compressed (*len bytes), and the
 * object that held its length (*length_obj, 0 if none); NULL when the
 * thread did not make it.  After bf_flate_ahead_finish. */
const unsigned char *bf_flate_ahead_find(const bf_flate_ahead *a, size_t offset, size_t n, size_t *len,
                                         unsigned *length_obj);

void bf_flate_ahead_free(bf_flate_ahead *a);

/* Where cairo writes the PDF: a file, and the thread above.  cairo 1.16
 * does not always carry a failed write into the surface's status (a full
 * disk gave a truncated PDF and success), so the sink keeps its own
 * record. */
typedef struct {
    FILE *f;
    int error;             /* errno of the first failed write, 0 if none */
    bf_flate_ahead *ahead; /* NULL: the repack compresses every page */
    GByteArray *held;      /* written since the last flush, not yet out */
    bool pages_done;       /* what cairo writes as it finishes holds no page contents */
} bf_pdf_sink;

void bf_pdf_sink_init(bf_pdf_sink *s, FILE *f, struct bf_pdf_text *text);
/* cairo's write function; its closure is the sink. */
cairo_status_t bf_pdf_sink_write(void *closure, const unsigned char *data, unsigned int length);
/* What was written since the last flush out to the file and to the thread:
 * after each page, and after cairo finishes. */
void bf_pdf_sink_flush(bf_pdf_sink *s);
/* Every page is shown: the thread is given no more, and what cairo writes
 * from now on (fonts, tags, links) goes to the file alone. */
void bf_pdf_sink_pages_done(bf_pdf_sink *s);
/* The thread's last page compressed: before the repack reads its work.
 * Between the two, cairo finishes the file (fonts, tags) beside it. */
void bf_pdf_sink_wait(bf_pdf_sink *s);
void bf_pdf_sink_free(bf_pdf_sink *s);

#endif
