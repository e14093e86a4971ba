/* pdfadd.h - what the repack (pdfpack.c) adds to the objects cairo
 * wrote, from bf_pdf_extras (render.h): the catalog's language, viewer
 * preferences and metadata, /Tabs on pages, /Contents and /F on links,
 * /Alt on Figures, the dates' D: prefix. */
#ifndef BF_PDFADD_H
#define BF_PDFADD_H

#include <glib.h>
#include <stddef.h>

#include "render/render.h"

typedef struct {
    const bf_pdf_extras *x;        /* NULL: nothing */
    unsigned root, info, metadata; /* object numbers (0: none) */
    unsigned pdfa;                 /* the first of PDF/A's objects (pdfa.h), after the metadata; 0: none */
    int figures;                   /* the Figures given their /Alt so far */
    /* With the text's own fonts (pdftext.h): the page whose resources each
     * object is, by number (its index + 1; 0: none), max_num + 1 of them. */
    int *page_of;
    unsigned max_num;
    int pages; /* the page objects seen so far */
} bf_pack_extras;

/* An object's body (b, n bytes), numbered num, into `packed`, with what
 * the extras add and each entry of its /XObject dictionary once. */
void bf_pdf_append_clean(GByteArray *packed, unsigned num, const unsigned char *b, size_t n, bf_pack_extras *ex);

#endif
