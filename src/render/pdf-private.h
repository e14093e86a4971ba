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
    cairo_t *cr;
    const bf_layout *L;
    bf_font_cut *cut; /* the fonts to draw with, or NULL for the whole fonts */
    bf_job *job;       /* its font table and glyph store: the runs' fonts and glyphs */
    bf_glyph *buf;     /* a run's glyphs, read back */
    int cap;
    bool lost;         /* glyphs could not be read back */
    /* The page's tagged lines in drawing order, and the next to draw: a
     * link running over several lines is one annotation with a rectangle
     * a line, not one annotation (and one copy of its URI) a line. */
    struct page_line {
        const bf_line *line;
        double x, y;
    } *lines;
    int n_lines, at;
    GHashTable *images; /* bf_picture -> its cairo surface, made on first use */
    bool raster;        /* drawing pixels (previews), not a PDF */
    bool lost_image;    /* a picture could not be made a surface */
} painter;

/* Draw the page `pg` of `pages` on p->cr: frames, items, notes and bands,
 * each paragraph tagged for the PDF's structure.  A glyph run that cannot
 * be read back sets p->lost, a picture that cannot be made a surface
 * p->lost_image. */
void bf_draw_page(painter *p, const bf_pages *pages, const bf_page *pg);

/* pdf.c: the colour to paint with (grey under grayscale), and a line
 * drawn with its links. */
void bf_paint_color(painter *p, bf_color c);
void bf_paint_line(painter *p, const bf_line *line, double x, double y);

/* table.c: a table row at its placed position, tagged TR and TH or TD
 * (inside the Table the caller opened). */
void bf_draw_row(painter *p, const bf_placed *pl, const bf_item *it);

#endif
