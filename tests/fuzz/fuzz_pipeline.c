/* fuzz_pipeline.c - libFuzzer target for the whole pipeline: any bytes as a
 * briefing, loaded, composed, paginated and rendered to a PDF in memory and
 * to the text dump.
 *
 * The fonts are opened once (they are the same for every input); all else
 * belongs to one input's run and is freed at its end.  Beyond the
 * sanitizers, it checks that every placed line stays inside its page's text
 * area (give or take a hanging mark), that every note lies inside it below
 * its column's text, and that cairo wrote a PDF.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "doc/doc.h"
#include "page/pages.h"
#include "render/render.h"
#include "run/run.h"
#include "style/layout.h"
#include "text/fonts.h"
#include "text/para.h"

static bf_fonts *fonts;
static bf_layout layout;

static void check_pages(const bf_pages *pages)
{
    for (int i = 0; i < pages->n_pages; i++) {
        const bf_page *pg = &pages->pages[i];
        for (int k = 0; k < pg->n_items; k++) {
            const bf_placed *p = &pg->items[k];
            double w = p->item->kind == BF_ITEM_LINE ? p->item->line->width : p->item->width;
            /* A line may overflow only when one unbreakable character is
             * wider than the measure; nothing starts outside the area. */
            if (p->x < pg->text_x - 0.5 || p->y < pg->text_y - 0.5) abort();
            if (p->item->kind != BF_ITEM_LINE && p->x + w > pg->text_x + pg->text_w + 0.5) abort();
            if (p->y + p->item->height > pg->text_y + pg->text_h + 0.5) abort();
        }
        /* Notes: whole lines of their paragraph, inside the area, below
         * the text of their column, never above the area's top. */
        for (int k = 0; k < pg->n_notes; k++) {
            const bf_placed_note *n = &pg->notes[k];
            if (n->count < 1 || n->first < 0 || n->first + n->count > n->para->n_lines) abort();
            if (n->column < 0 || n->column >= pg->n_columns) abort();
            double y = n->y;
            for (int j = n->first; j < n->first + n->count; j++) y += n->para->lines[j].height;
            if (n->x < pg->text_x - 0.5 || n->y < pg->col_y - 0.5 || y > pg->text_y + pg->text_h + 0.5) abort();
            for (int j = 0; j < pg->n_items; j++) {
                const bf_placed *p = &pg->items[j];
                if ((p->column == n->column || (p->column < 0 && n->column == 0)) &&
                    p->y + p->item->height > n->y + 0.5)
                    abort();
            }
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bf_diag *d = bf_diag_new(NULL);
    bf_job *job = bf_job_new(d);
    bf_arena *a = job->arena;
    if (!fonts) {
        bf_layout_defaults(&layout);
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/fonts", bf_data_dir());
        fonts = bf_fonts_open(d, dir, &layout);
        if (!fonts) abort();
    }
    bf_doc *doc = bf_doc_load_bytes(a, d, "fuzz.json", NULL, (const char *)data, size);
    if (doc) {
        bf_setter *s = bf_setter_new(job, fonts, &layout);
        bf_flow *flow = bf_flow_compose(job, s, doc, &layout);
        bf_pages *pages = bf_pages_build(job, s, flow, doc, &layout);
        check_pages(pages);
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        bf_pdf_options opt = {"briefing fuzz", 0, "fuzz.pdf", false, NULL};
        if (!bf_render_pdf(pages, d, &opt, f)) abort();
        fclose(f);
        if (len < 8 || memcmp(buf, "%PDF-", 5) != 0) abort();
        free(buf);
        FILE *null = fopen("/dev/null", "w");
        bf_render_dump(pages, null);
        fclose(null);
        bf_setter_free(s);
    }
    bf_job_free(job);
    bf_diag_free(d);
    return 0;
}
