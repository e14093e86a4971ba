/* qrdraw.c - the QR codes of the list of sources (page/qr.c makes them),
 * drawn as vector rectangles. */
#include <string.h>

#include "render/pdf-private.h"

/* A code with its top-left corner at (x, y), black whatever the colours
 * (a scanner wants the most contrast): each run of dark modules in a row
 * is a rectangle, continued down over the rows below that have the same
 * run, and the code is one fill. */
static void draw_qr(painter *p, const bf_qr *q, double x, double y)
{
    cairo_t *cr = bf_cr(p);
    int w = q->width;
    double m = q->side / (w + 8); /* the module; four of quiet zone a side */
    bool *done = g_new0(bool, (size_t)w *(size_t)w);
    x += 4 * m;
    y += 4 * m;
    for (int r = 0; r < w; r++)
        for (int c0 = 0; c0 < w; c0++) {
            if (!q->dark[r * w + c0] || done[r * w + c0]) continue;
            int c1 = c0;
            while (c1 < w && q->dark[r * w + c1]) c1++;
            int r1 = r + 1;
            for (; r1 < w; r1++) {
                const bool *row = q->dark + (size_t)r1 * (size_t)w;
                bool same = (c0 == 0 || !row[c0 - 1]) && (c1 == w || !row[c1]);
                for (int k = c0; same && k < c1; k++) same = row[k] && !done[r1 * w + k];
                if (!same) break;
            }
            for (int rr = r; rr < r1; rr++)
                memset(done + (size_t)rr * (size_t)w + (size_t)c0, 1, (size_t)(c1 - c0) * sizeof(bool));
            cairo_rectangle(cr, x + c0 * m, y + r * m, (c1 - c0) * m, (r1 - r) * m);
            c0 = c1;
        }
    g_free(done);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_fill(cr);
}

void bf_draw_qr_codes(painter *p, const bf_page *pg)
{
    for (int i = 0; i < pg->n_items; i++) {
        const bf_placed *pl = &pg->items[i];
        if (pl->item->qr) draw_qr(p, pl->item->qr, pl->x + pl->item->qr->dx, pl->y);
    }
}
