/* stamp.c - the marking framed at the top of every page (marking.style =
 * stamp), drawn with the running header and footer. */
#include "render/pdf-private.h"

/* marking.style = stamp: the marking framed in red at the top of the page,
 * on the outer edge of the text area (the right, or the left of an even
 * page in duplex), in the middle of the room above the running header
 * (`top` its top).  Drawn with the bands, outside every element: an
 * artifact, which the marking in the title block is not. */
void bf_draw_stamp(painter *p, const bf_line *l, const bf_page *pg, double top, bool even)
{
    cairo_t *cr = bf_cr(p);
    static const bf_color red = {0.8, 0, 0};
    enum { PAD = 4, FRAME = 1 };
    double w = l->width + 2 * PAD, h = l->height + 2;
    double x = even ? pg->text_x : pg->text_x + pg->text_w - w;
    double y = (top - h) / 2;
    if (y < 2) y = 2;
    bf_paint_color(p, red);
    cairo_set_line_width(cr, FRAME);
    cairo_rectangle(cr, x + FRAME / 2.0, y + FRAME / 2.0, w - FRAME, h - FRAME);
    cairo_stroke(cr);
    bf_draw_line_in(p, l, x + PAD, y + 1, &red);
}
