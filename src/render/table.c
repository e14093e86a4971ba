/* table.c - a table row on the page: its tint, its rules and its cells. */
#include "render/pdf-private.h"

/* A table row: its fill, its rules, its cells' lines, tagged TR and TH or
 * TD (inside the Table the caller opened). */
void bf_draw_row(painter *p, const bf_placed *pl, const bf_item *it)
{
    cairo_t *cr = bf_cr(p);
    const bf_row *r = it->row;
    double x = pl->x, y = pl->y, w = it->width, h = it->height;
    if (r->fill) {
        bf_paint_color(p, p->L->table_fill);
        cairo_rectangle(cr, x, y + r->top_rule, w, h - r->top_rule - r->rule);
        cairo_fill(cr);
    }
    if (r->top_rule > 0) {
        bf_paint_color(p, p->L->role[BF_ROLE_TEXT].color);
        cairo_rectangle(cr, x, y, w, r->top_rule);
        cairo_fill(cr);
    }
    if (r->rule > 0) {
        bf_paint_color(p, r->rule_color);
        cairo_rectangle(cr, x, y + h - r->rule, w, r->rule);
        cairo_fill(cr);
    }
    if (r->vrule > 0)
        for (int c = 1; c < r->n_cells; c++) {
            bf_paint_color(p, p->L->muted);
            cairo_rectangle(cr, x + r->cells[c].x - r->vrule / 2, y + r->top_rule, r->vrule, h - r->top_rule - r->rule);
            cairo_fill(cr);
        }
    cairo_tag_begin(cr, "TR", NULL);
    for (int c = 0; c < r->n_cells; c++) {
        const bf_cell *cell = &r->cells[c];
        cairo_tag_begin(bf_cr(p), r->head ? "TH" : "TD", NULL);
        double ly = y + r->top_rule + r->pad;
        for (int k = cell->first; cell->para && k < cell->first + cell->count; k++) {
            bf_draw_tagged_line(p, &cell->para->lines[k], x + cell->x + r->pad_x, ly);
            ly += cell->para->lines[k].height;
        }
        cairo_tag_end(bf_cr(p), r->head ? "TH" : "TD"); /* after the cell's text */
    }
    cairo_tag_end(bf_cr(p), "TR");
}
