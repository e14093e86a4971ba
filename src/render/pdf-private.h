/* pdf-private.h - what pdf.c (the PDF) and png.c (the previews) share: the
 * state of drawing one page with cairo. */
#ifndef BF_PDF_PRIVATE_H
#define BF_PDF_PRIVATE_H

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>

#include "render/fontcut.h"
#include "render/render.h"

typedef struct {
    cairo_t *ctx; /* through bf_cr, never directly */
    const bf_layout *L;
    bf_font_cut *cut;  /* the fonts to draw with */
    bf_pdf_text *text; /* the text written apart from cairo (pdftext.h); NULL: all by cairo */
    int page;          /* the index of the page drawn */
    bf_job *job;       /* its font table and glyph store: the runs' fonts and glyphs */
    bf_glyph *buf;     /* a run's glyphs, read back */
    int cap;
    bool lost; /* glyphs could not be read back */
    /* The page's tagged lines in drawing order, and the next to draw: a
     * link running over several lines is one annotation with a rectangle
     * a line, not one annotation (and one copy of its URI) a line. */
    struct page_line {
        const bf_line *line;
        double x, y;
    } * lines;
    int n_lines, at;
    GHashTable *images; /* bf_picture -> its cairo surface, made on first use */
    bool raster;        /* drawing pixels (previews), not a PDF */
    bool lost_image;    /* a picture could not be made a surface */
    int lost_font;      /* a font cairo could not make: its id + 1, or 0 */
    /* The structure tags open (pdftags.c): the groups, outermost first,
     * and the element the content goes in (NULL: none). */
    bf_tag_group open[BF_TAG_DEPTH];
    int depth;
    const char *element;
    bool span_lines;  /* the element has links: each line in a Span or a Link */
    bool *note_drawn; /* the page's notes drawn so far */
    /* The colour fonts' glyphs, made on first use (emoji.c). */
    struct bf_emoji *emoji;
} painter;

/* emoji.c: whether font `font` is a colour bitmap font, whose glyphs
 * bf_emoji_draw draws (as images with the run's text) instead of cairo;
 * the state is freed with bf_emoji_free, after the PDF surface is
 * finished. */
typedef struct bf_emoji bf_emoji;
bool bf_emoji_font(painter *p, int font);
void bf_emoji_draw(painter *p, const char *text, const bf_glyph_run *run, double x, double y);
void bf_emoji_free(bf_emoji *e);

/* pdf.c: a line in `color` (NULL: its own colours). */
void bf_draw_line_in(painter *p, const bf_line *line, double x, double y, const bf_color *color);

/* stamp.c: the marking's stamp, `top` the top of the running header;
 * `even`: an even page in duplex, whose outer edge is the left. */
void bf_draw_stamp(painter *p, const bf_line *l, const bf_page *pg, double top, bool even);
/* The picture's surface, made once a run (picture.c); owned by the painter. */
cairo_surface_t *bf_picture_surface(painter *p, const bf_picture *pic);

/* pdftags.c.  cairo 1.16 puts in the structure tree only the content of
 * elements without children: text drawn in an element beside a child
 * (a P beside its Link) is lost, so such text goes in a Span.  Content
 * drawn outside every element (rules, frames, the running header and
 * footer) is in no element, which is what an artifact is to a reader. */

/* The element of an item's content (P, H1, Figure...), or NULL (a rule). */
const char *bf_tag_element(const bf_item *it);

/* Whether items a and b are in the same groups. */
bool bf_tag_same_groups(const bf_item *a, const bf_item *b);

/* Close the open element, then the groups `want` does not share, and open
 * the ones it has beyond them. */
void bf_tag_enter(painter *p, const bf_tag_group *want);

void bf_tag_begin_element(painter *p, const char *name);
void bf_tag_end_element(painter *p);

/* Close the element and every group (at a page's end). */
void bf_tag_close(painter *p);

/* Open the element of the page's item i in its groups, unless it goes on
 * the open one, whose first item is `from` (the next line of the same
 * paragraph); the notes the closed element cites follow it.  Returns the
 * first item of the element now open, -1 when none is (a rule). */
int bf_tag_enter_item(painter *p, const bf_page *pg, int i, int from);

/* The page's note i as one Note element (and its rest in the next
 * column after it); the notes cited by items [from, to), each not drawn
 * yet; whether note i goes on from the page before (its start is not on
 * this page, or it is cited on another), and so opens this page. */
void bf_tag_note(painter *p, const bf_page *pg, int i);
void bf_tag_cited_notes(painter *p, const bf_page *pg, int from, int to);
bool bf_tag_note_carried(const bf_page *pg, int i);

/* pdfmeta.c: what the repack adds for `pages` (free with
 * bf_pdf_extras_free). */
void bf_pdf_extras_make(bf_pdf_extras *x, const bf_pages *pages, const bf_pdf_options *opt);
/* pdfmeta.c: the information dictionary cairo writes (title, subject,
 * author, creator, dates). */
void bf_pdf_set_metadata(cairo_surface_t *surface, const bf_pages *pages, const bf_pdf_options *opt);
void bf_pdf_extras_free(bf_pdf_extras *x);

/* pdf.c: a line with its links, and a list item's marker. */
void bf_draw_tagged_line(painter *p, const bf_line *line, double x, double y);
void bf_draw_marker(painter *p, bf_marker m, const bf_line *line, double x, double y);

/* The cairo context to draw on, the text written apart from cairo that
 * waits for its placeholder drawn first (pdftext.h): whatever is drawn or
 * tagged next comes after it, as it would after text cairo drew. */
static inline cairo_t *bf_cr(painter *p)
{
    if (p->text) bf_pdf_text_flush(p->text, p->ctx);
    return p->ctx;
}

/* Draw the page `pg` of `pages` on bf_cr(p): frames, items, notes and bands,
 * each paragraph tagged for the PDF's structure.  A glyph run that cannot
 * be read back sets p->lost, a picture that cannot be made a surface
 * p->lost_image, a font cairo cannot make p->lost_font. */
void bf_draw_page(painter *p, const bf_pages *pages, const bf_page *pg);
/* The file of the font p->lost_font names, for the message. */
const char *bf_lost_font_file(const painter *p);

/* pdf.c: the colour to paint with (grey under grayscale). */
void bf_paint_color(painter *p, bf_color c);

/* qrdraw.c: the page's QR codes (bf_item.qr), outside every element: a
 * code is an artifact, its URL being the entry's text. */
void bf_draw_qr_codes(painter *p, const bf_page *pg);

/* table.c: a table row at its placed position, tagged TR and TH or TD
 * (inside the Table the caller opened). */
void bf_draw_row(painter *p, const bf_placed *pl, const bf_item *it);

#endif
