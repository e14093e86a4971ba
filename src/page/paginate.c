/* paginate.c - fill pages from the flow.
 *
 * A greedy page builder with look-back: items go on the page while they fit
 * (with the notes they cite, which shrink the text area from below); at the
 * first item that does not fit, the page breaks at the last place a break
 * is allowed.  Keeps come in two strengths: a box's keep gives way when the
 * box is taller than a page, a line's widow/orphan or a heading's keep only
 * when nothing else can be done.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "page/pages.h"

#define MM (72.0 / 25.4)
#define NOTE_GAP 2.0 /* between two notes */

void bf_text_area(const bf_layout *l, int page_number, double *x, double *y, double *w, double *h)
{
    double inner = l->margin_inner, outer = l->margin_outer;
    double avail = l->page_width - inner - outer;
    /* JLREQ sets the measure to a whole number of characters of the text
     * size; the remainder goes equally to both margins. */
    double em = l->role[BF_ROLE_TEXT].size;
    double cols = l->columns;
    double col = floor((avail - (cols - 1) * l->column_gap) / cols / em) * em;
    double width = col * cols + (cols - 1) * l->column_gap;
    double left = (l->duplex && page_number % 2 == 0) ? outer : inner;
    *x = left + (avail - width) / 2;
    *w = width;
    *y = l->margin_top;
    *h = l->page_height - l->margin_top - l->margin_bottom;
}

/* ---- dates ------------------------------------------------------------------ */

static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

char *bf_date_format(bf_arena *a, const bf_layout *l, bf_date d)
{
    static const char *const weekdays[] = {"木", "金", "土", "日", "月", "火", "水"};
    char wd[32] = "";
    if (l->date_weekday) {
        long days = days_from_civil(d.year, d.month, d.day);
        snprintf(wd, sizeof wd, "（%s）", weekdays[((days % 7) + 7) % 7]);
    }
    if (l->date_style == BF_DATE_ISO) return bf_arena_printf(a, "%04d-%02d-%02d%s", d.year, d.month, d.day, wd);
    if (l->date_style == BF_DATE_WAREKI) {
        /* Each era begins on the day of its accession. */
        static const struct {
            const char *name;
            int y, m, d;
        } eras[] = {{"令和", 2019, 5, 1}, {"平成", 1989, 1, 8}, {"昭和", 1926, 12, 25},
                    {"大正", 1912, 7, 30}, {"明治", 1868, 1, 25}};
        for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
            long key = d.year * 10000L + d.month * 100 + d.day;
            if (key >= eras[i].y * 10000L + eras[i].m * 100 + eras[i].d) {
                int n = d.year - eras[i].y + 1;
                if (n == 1) return bf_arena_printf(a, "%s元年%d月%d日%s", eras[i].name, d.month, d.day, wd);
                return bf_arena_printf(a, "%s%d年%d月%d日%s", eras[i].name, n, d.month, d.day, wd);
            }
        }
    }
    return bf_arena_printf(a, "%d年%d月%d日%s", d.year, d.month, d.day, wd);
}

/* ---- the page builder ------------------------------------------------------------ */

typedef struct {
    bf_arena *a;
    const bf_flow *flow;
    const bf_layout *L;
    double area_h;
    double note_overhead; /* the rule and the space around it */
    double *note_h;       /* height of each note */
    int *note_seen;       /* page on which each note was last placed */
} builder;

static double note_height(const bf_para *p)
{
    double h = 0;
    for (int i = 0; p && i < p->n_lines; i++) h += p->lines[i].height;
    return h;
}

/* The notes item `it` adds to a page whose note marks are in `seen` (== pg). */
static double new_notes(builder *b, const bf_item *it, int pg, bool mark)
{
    double h = 0;
    if (!it->line) return 0;
    for (int k = 0; k < it->line->n_cites; k++) {
        int n = it->line->cites[k];
        if (n < 1 || n > b->flow->n_notes || b->note_seen[n] == pg) continue;
        h += b->note_h[n] + NOTE_GAP;
        if (mark) b->note_seen[n] = pg;
    }
    return h;
}

/* How many items from `start` fit on page `pg`; at least one. */
static int fill(builder *b, int start, int pg)
{
    const bf_flow *f = b->flow;
    double y = 0, notes = 0, pending = 0;
    int open = -1; /* the frame the previous item is in */
    int j = start;
    for (; j < f->n_items; j++) {
        const bf_item *it = &f->items[j];
        if (it->new_page && j > start) break;
        double dy = 0;
        if (it->frame != open) dy += pending;
        if (j > start) dy += it->space_before;
        const bf_frame *fr = it->frame >= 0 ? &f->frames[it->frame] : NULL;
        if (fr && it->frame != open) dy += fr->pad_top;
        double bottom_pad = fr ? fr->pad_bottom : 0;
        double nn = new_notes(b, it, pg, false);
        double need_notes = notes + nn;
        double overhead = need_notes > 0 ? b->note_overhead : 0;
        if (j > start && y + dy + it->height + bottom_pad + need_notes + overhead > b->area_h + 0.01) break;
        new_notes(b, it, pg, true);
        notes = need_notes;
        y += dy + it->height;
        pending = bottom_pad;
        open = it->frame;
    }
    return j;
}

static void unmark_notes(builder *b, int from, int to, int pg)
{
    for (int j = from; j < to; j++) {
        const bf_item *it = &b->flow->items[j];
        for (int k = 0; it->line && k < it->line->n_cites; k++) {
            int n = it->line->cites[k];
            if (n >= 1 && n <= b->flow->n_notes && b->note_seen[n] == pg) b->note_seen[n] = 0;
        }
    }
}

/* The height of the unit that must go on one page from item k on: up to the
 * next item before which a break is allowed under every keep. */
static double unit_height(const builder *b, int k)
{
    const bf_item *items = b->flow->items;
    double h = items[k].height;
    for (int i = k + 1; i < b->flow->n_items && (items[i].keep_with_prev || items[i].box_keep); i++) {
        h += items[i].space_before + items[i].height;
        if (h > b->area_h) break;
    }
    return h;
}

/* Where to break a page that ends before item `j` would go on it. */
static int break_point(const builder *b, int start, int j)
{
    const bf_item *items = b->flow->items;
    int k = j;
    while (k > start && (items[k].keep_with_prev || items[k].box_keep)) k--;
    /* A unit taller than a page splits anyway: split it here rather than
     * push it whole to the next page and leave this one empty. */
    if (k > start && unit_height(b, k) <= b->area_h) return k;
    k = j;
    while (k > start && items[k].keep_with_prev) k--;
    return k > start ? k : j;
}

static void place(builder *b, bf_page *page, int start, int end, bf_setter *s)
{
    const bf_flow *f = b->flow;
    page->items = bf_arena_array(b->a, (size_t)(end - start), sizeof(bf_placed));
    page->frames = bf_arena_array(b->a, (size_t)(end - start), sizeof(bf_placed_frame));
    double y = page->text_y, pending = 0;
    int open = -1;
    bf_placed_frame *pf = NULL;
    int notes[512];
    int n_notes = 0;
    for (int j = start; j < end; j++) {
        const bf_item *it = &f->items[j];
        const bf_frame *fr = it->frame >= 0 ? &f->frames[it->frame] : NULL;
        if (it->frame != open) {
            y += pending;
            if (pf) pf->h = y - pf->y;
            pf = NULL;
            pending = 0;
        }
        if (j > start) y += it->space_before;
        if (fr && it->frame != open) {
            pf = &page->frames[page->n_frames++];
            pf->frame = fr;
            pf->x = page->text_x + fr->x;
            pf->w = fr->width;
            pf->y = y;
            pf->continued_above = j > 0 && j == start && f->items[j - 1].frame == it->frame;
            y += fr->pad_top;
        }
        bf_placed *p = &page->items[page->n_items++];
        p->item = it;
        p->x = page->text_x + it->x;
        p->y = y;
        y += it->height;
        pending = fr ? fr->pad_bottom : 0;
        open = it->frame;
        for (int k = 0; it->line && k < it->line->n_cites; k++) {
            int n = it->line->cites[k], seen = 0;
            for (int q = 0; q < n_notes; q++) seen |= notes[q] == n;
            if (!seen && n >= 1 && n <= f->n_notes && n_notes < 512) notes[n_notes++] = n;
        }
    }
    if (pf) {
        y += pending;
        pf->h = y - pf->y;
        pf->continued_below = end < f->n_items && f->items[end].frame == open && open >= 0;
    }
    if (n_notes) {
        double total = b->note_overhead;
        for (int q = 0; q < n_notes; q++) total += b->note_h[notes[q]] + NOTE_GAP;
        double ny = page->text_y + page->text_h - total;
        page->note_rule_y = ny + b->note_overhead * 0.4;
        ny += b->note_overhead;
        page->notes = bf_arena_array(b->a, (size_t)n_notes, sizeof(bf_placed_note));
        for (int q = 0; q < n_notes; q++) {
            page->notes[q] = (bf_placed_note){notes[q], f->notes[notes[q]], page->text_x, ny};
            ny += b->note_h[notes[q]] + NOTE_GAP;
        }
        page->n_notes = n_notes;
    }
    (void)s;
}

bf_pages *bf_pages_build(bf_arena *a, bf_diag *d, bf_setter *s, const bf_flow *flow,
                         const bf_doc *doc, const bf_layout *layout)
{
    builder b = {.a = a, .flow = flow, .L = layout};
    double x, y, w, h;
    bf_text_area(layout, 1, &x, &y, &w, &h);
    b.area_h = h;
    b.note_overhead = layout->role[BF_ROLE_NOTE].leading * 0.9;
    b.note_h = bf_arena_array(a, (size_t)flow->n_notes + 1, sizeof(double));
    b.note_seen = bf_arena_array(a, (size_t)flow->n_notes + 1, sizeof(int));
    for (int n = 1; n <= flow->n_notes; n++) b.note_h[n] = note_height(flow->notes[n]);

    /* Page ranges first, so that the page count is known before placing. */
    int cap = 16, n_pages = 0;
    int *starts = bf_arena_array(a, (size_t)cap + 1, sizeof(int));
    int start = 0;
    while (start < flow->n_items) {
        int pg = n_pages + 1;
        int j = fill(&b, start, pg);
        int end = j;
        if (j < flow->n_items && !flow->items[j].new_page) end = break_point(&b, start, j);
        if (end < j) unmark_notes(&b, end, j, pg);
        if (n_pages == cap) {
            int *ns = bf_arena_array(a, (size_t)cap * 2 + 1, sizeof(int));
            memcpy(ns, starts, (size_t)cap * sizeof(int));
            starts = ns;
            cap *= 2;
        }
        starts[n_pages++] = start;
        start = end;
    }
    if (n_pages == 0) starts[n_pages++] = 0;
    starts[n_pages] = flow->n_items;

    bf_pages *pages = bf_arena_alloc(a, sizeof *pages);
    pages->pages = bf_arena_array(a, (size_t)n_pages, sizeof(bf_page));
    pages->n_pages = n_pages;
    pages->flow = flow;
    pages->layout = layout;
    pages->doc = doc;
    for (int i = 0; i < n_pages; i++) {
        bf_page *p = &pages->pages[i];
        p->number = i + 1;
        bf_text_area(layout, p->number, &p->text_x, &p->text_y, &p->text_w, &p->text_h);
        place(&b, p, starts[i], starts[i + 1], s);
        bf_span folio = {BF_SPAN_PLAIN, bf_arena_printf(a, "%d / %d", i + 1, n_pages), 0, NULL};
        bf_para_style st = {BF_ROLE_HEADER, p->text_w, 0, BF_ALIGN_CENTER, false, NULL};
        bf_para *fp = bf_para_set(s, &folio, 1, &st);
        p->folio = fp && fp->n_lines ? &fp->lines[0] : NULL;
    }
    (void)d;
    return pages;
}
