/* dump.c - the placed pages as text, for golden tests.
 *
 * One line per placed thing, positions in points rounded to 0.1, text as
 * the line shows it.  Reads the same bf_pages as the PDF renderer.
 */
#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

#include "render/render.h"

static const char *const frame_names[] = {"box", "panel", "bar"};
static const char *const marker_names[] = {"", " marker=check", " marker=square"};

static void text(FILE *out, const bf_line *l)
{
    for (int i = 0; i < l->length; i++) {
        char c = l->text[l->start + i];
        fputc(c == '\n' ? ' ' : c, out);
    }
}

/* A line's ruby, after its text: each base with its reading, and where
 * the reading is set (from the line's left edge, its width, how far its
 * baseline is raised). */
static void rubies(FILE *out, const bf_line *l)
{
    for (int r = 0; r < l->n_rubies; r++) {
        const bf_ruby *rb = &l->rubies[r];
        fprintf(out, " [ruby %.*s《%.*s》 x=%.1f w=%.1f rise=%.1f]", rb->base_length, l->text + rb->base,
                rb->run.length, l->text + rb->run.offset, rb->run.x, rb->run.width, rb->run.rise);
    }
}

/* Paragraphs are numbered in the order the dump meets them, so that tests
 * can follow one across pages. */
static int para_id(const char **seen, int *n_seen, const char *text)
{
    for (int i = *n_seen - 1; i >= 0 && i >= *n_seen - 64; i--)
        if (seen[i] == text) return i + 1;
    seen[*n_seen] = text;
    return ++*n_seen;
}

void bf_render_dump(const bf_pages *pages, FILE *out)
{
    int cap = 1024, n_seen = 0;
    for (int i = 0; i < pages->n_pages; i++) cap += pages->pages[i].n_items;
    const char **seen = g_new0(const char *, cap);
    const bf_layout *L = pages->layout;
    fprintf(out, "document %d pages %.1f x %.1f layout %s\n", pages->n_pages, L->page_width, L->page_height, L->name);
    for (int i = 0; i < pages->n_pages; i++) {
        const bf_page *pg = &pages->pages[i];
        fprintf(out, "page %d area %.1f %.1f %.1f %.1f%s\n", pg->number, pg->text_x, pg->text_y, pg->text_w, pg->text_h,
                pg->blank ? " blank" : "");
        if (pg->n_columns > 1 && pg->up_h > 0)
            for (int c = 0; c < pg->n_columns; c++)
                fprintf(out, "  above %d %.1f %.1f %.1f %.1f\n", c, pg->col_x[c], pg->up_y, pg->col_w, pg->up_h);
        if (pg->n_columns > 1)
            for (int c = 0; c < pg->n_columns; c++)
                fprintf(out, "  column %d %.1f %.1f %.1f %.1f\n", c, pg->col_x[c], pg->col_y, pg->col_w, pg->col_h);
        for (int k = 0; k < pg->n_frames; k++) {
            const bf_placed_frame *f = &pg->frames[k];
            fprintf(out, "  frame %d %s %.1f %.1f %.1f %.1f%s%s", (int)(f->frame - pages->flow->frames),
                    frame_names[f->frame->kind], f->x, f->y, f->w, f->h, f->continued_above ? " continued-above" : "",
                    f->continued_below ? " continued-below" : "");
            if (f->continued_above && f->frame->label_continued) {
                /* The label a continued box shows in its top band. */
                fputs(" label=\"", out);
                text(out, f->frame->label_continued);
                fputc('"', out);
            }
            fputc('\n', out);
        }
        for (int k = 0; k < pg->n_items; k++) {
            const bf_placed *p = &pg->items[k];
            const bf_item *it = p->item;
            switch (it->kind) {
            case BF_ITEM_LINE:
                fprintf(out, "  line %.1f %.1f w=%.1f h=%.1f %s p%d:%d/%d", p->x, p->y, it->line->width, it->height,
                        bf_role_name(it->line->role), para_id(seen, &n_seen, it->line->text), it->line->index + 1,
                        it->line->count);
                if (it->frame >= 0) fprintf(out, " frame=%d", it->frame);
                for (int c = 0; c < it->line->n_cites; c++)
                    fprintf(out, "%s%d", c ? "," : " cites=", it->line->cites[c]);
                fputs(marker_names[it->marker], out);
                if (it->label) {
                    fprintf(out, " label@%.1f=\"", p->x - it->x + it->label_x);
                    text(out, it->label);
                    fputc('"', out);
                }
                if (it->outline) fprintf(out, " outline=\"%s\"", it->outline);
                if (it->qr) fprintf(out, " qr=%d@%.1f,%.1f", it->qr->width, p->x + it->qr->dx, it->qr->side);
                fputs(": ", out);
                text(out, it->line);
                rubies(out, it->line);
                if (it->tail) {
                    fputs(it->leader ? " ... " : " | ", out);
                    text(out, it->tail);
                }
                fputc('\n', out);
                break;
            case BF_ITEM_RULE: fprintf(out, "  rule %.1f %.1f %.1f %.1f\n", p->x, p->y, it->width, it->height); break;
            case BF_ITEM_IMAGE:
                fprintf(out, "  image %.1f %.1f %.1f %.1f%s\n", p->x, p->y, it->width, it->height,
                        it->float_n ? " float" : "");
                break;
            case BF_ITEM_ROW: {
                const bf_row *r = it->row;
                fprintf(out, "  row %.1f %.1f w=%.1f h=%.1f table=%d%s%s%s\n", p->x, p->y, it->width, it->height,
                        r->table + 1, r->head ? " head" : "", p->repeated ? " repeated" : "", r->fill ? " fill" : "");
                for (int c = 0; c < r->n_cells; c++) {
                    const bf_cell *cell = &r->cells[c];
                    double y = p->y + r->top_rule + r->pad;
                    for (int j = cell->first; cell->para && j < cell->first + cell->count; j++) {
                        const bf_line *l = &cell->para->lines[j];
                        fprintf(out, "    cell %d %.1f %.1f w=%.1f", c + 1, p->x + cell->x + r->pad_x, y, l->width);
                        for (int q = 0; q < l->n_cites; q++) fprintf(out, "%s%d", q ? "," : " cites=", l->cites[q]);
                        fputs(": ", out);
                        text(out, l);
                        fputc('\n', out);
                        y += l->height;
                    }
                }
                break;
            }
            }
        }
        for (int k = 0; k < pg->n_notes; k++) {
            const bf_placed_note *n = &pg->notes[k];
            double y = n->y;
            /* A note split across pages numbers its lines, so that tests
             * can see that every line is set once, in order. */
            bool part = n->count < n->para->n_lines;
            for (int j = n->first; j < n->first + n->count; j++) {
                fprintf(out, "  note %d %.1f %.1f", n->number, n->x, y);
                if (part) fprintf(out, " line=%d/%d", j + 1, n->para->n_lines);
                fputs(": ", out);
                text(out, &n->para->lines[j]);
                rubies(out, &n->para->lines[j]);
                fputc('\n', out);
                y += n->para->lines[j].height;
            }
        }
        if (pg->folio) {
            fputs("  folio: ", out);
            text(out, pg->folio);
            fputc('\n', out);
        }
    }
    g_free(seen);
}
