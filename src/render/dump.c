/* dump.c - the placed pages as text, for golden tests.
 *
 * One line per placed thing, positions in points rounded to 0.1, text as
 * the line shows it.  Reads the same bf_pages as the PDF renderer.
 */
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

void bf_render_dump(const bf_pages *pages, FILE *out)
{
    const bf_layout *L = pages->layout;
    fprintf(out, "document %d pages %.1f x %.1f layout %s\n", pages->n_pages, L->page_width,
            L->page_height, L->name);
    for (int i = 0; i < pages->n_pages; i++) {
        const bf_page *pg = &pages->pages[i];
        fprintf(out, "page %d area %.1f %.1f %.1f %.1f\n", pg->number, pg->text_x, pg->text_y, pg->text_w,
                pg->text_h);
        for (int k = 0; k < pg->n_frames; k++) {
            const bf_placed_frame *f = &pg->frames[k];
            fprintf(out, "  frame %s %.1f %.1f %.1f %.1f%s%s\n", frame_names[f->frame->kind], f->x, f->y,
                    f->w, f->h, f->continued_above ? " continued-above" : "",
                    f->continued_below ? " continued-below" : "");
        }
        for (int k = 0; k < pg->n_items; k++) {
            const bf_placed *p = &pg->items[k];
            const bf_item *it = p->item;
            switch (it->kind) {
            case BF_ITEM_LINE:
                fprintf(out, "  line %.1f %.1f w=%.1f %s%s", p->x, p->y, it->line->width,
                        bf_role_name(it->line->role), marker_names[it->marker]);
                if (it->outline) fprintf(out, " outline=\"%s\"", it->outline);
                fputs(": ", out);
                text(out, it->line);
                fputc('\n', out);
                break;
            case BF_ITEM_RULE:
                fprintf(out, "  rule %.1f %.1f %.1f %.1f\n", p->x, p->y, it->width, it->height);
                break;
            case BF_ITEM_IMAGE:
                fprintf(out, "  image %.1f %.1f %.1f %.1f\n", p->x, p->y, it->width, it->height);
                break;
            case BF_ITEM_SPACE: fprintf(out, "  space %.1f %.1f\n", p->y, it->height); break;
            }
        }
        for (int k = 0; k < pg->n_notes; k++) {
            const bf_placed_note *n = &pg->notes[k];
            double y = n->y;
            for (int j = 0; j < n->para->n_lines; j++) {
                fprintf(out, "  note %d %.1f %.1f: ", n->number, n->x, y);
                text(out, &n->para->lines[j]);
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
}
