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
#include "text/para.h"

#define MM (72.0 / 25.4)
#define NOTE_GAP 2.0 /* between two notes */

/* ---- the page builder ------------------------------------------------------------ */

typedef struct {
    bf_arena *a;
    const bf_flow *flow;
    const bf_layout *L;
    double note_overhead; /* the rule and the space around it */
    double *note_h;       /* height of each note */
    int *note_seen;       /* the container in which each note was last counted */
} builder;

/* A container is the band across the columns, or one column, of a page:
 * each is filled like a page of its own, with its own notes at its foot. */
typedef struct {
    int start, end; /* items [start, end) */
    double height;  /* available */
} container;

static double note_height(const bf_para *p)
{
    double h = 0;
    for (int i = 0; p && i < p->n_lines; i++) h += p->lines[i].height;
    return h;
}

/* The height of the notes item `it` adds to container `key`. */
static double new_notes(builder *b, const bf_item *it, int key, bool mark)
{
    double h = 0;
    if (!it->line) return 0;
    for (int k = 0; k < it->line->n_cites; k++) {
        int n = it->line->cites[k];
        if (n < 1 || n > b->flow->n_notes || b->note_seen[n] == key) continue;
        h += b->note_h[n] + NOTE_GAP;
        if (mark) b->note_seen[n] = key;
    }
    return h;
}

/* How many items from `start` fit in a container of height `avail`; at
 * least one.  It stops at a forced page break and where items change
 * between band and column. */
static int fill(builder *b, int start, double avail, int key, bool span, double *notes_io)
{
    const bf_flow *f = b->flow;
    double y = 0, notes = *notes_io, pending = 0;
    int open = -1; /* the frame the previous item is in */
    int j = start;
    for (; j < f->n_items; j++) {
        const bf_item *it = &f->items[j];
        if (j > start && (it->new_page || it->span != span)) break;
        double dy = 0;
        if (it->frame != open) dy += pending;
        if (j > start) dy += it->space_before;
        const bf_frame *fr = it->frame >= 0 ? &f->frames[it->frame] : NULL;
        if (fr && it->frame != open) dy += fr->pad_top;
        double bottom_pad = fr ? fr->pad_bottom : 0;
        double need_notes = notes + new_notes(b, it, key, false);
        double overhead = need_notes > 0 ? b->note_overhead : 0;
        if (j > start && y + dy + it->height + bottom_pad + need_notes + overhead > avail + 0.01) break;
        new_notes(b, it, key, true);
        notes = need_notes;
        y += dy + it->height;
        pending = bottom_pad;
        open = it->frame;
    }
    *notes_io = notes;
    return j;
}

/* The height of the unit that must go in one container from item k on: up
 * to the next item before which a break is allowed under every keep. */
static double unit_height(const builder *b, int k, double avail)
{
    const bf_item *items = b->flow->items;
    double h = items[k].height;
    for (int i = k + 1; i < b->flow->n_items && (items[i].keep_with_prev || items[i].box_keep); i++) {
        h += items[i].space_before + items[i].height;
        if (h > avail) break;
    }
    return h;
}

/* Where to end a container that item `j` would overflow. */
static int break_point(const builder *b, int start, int j, double avail)
{
    const bf_item *items = b->flow->items;
    if (j >= b->flow->n_items || items[j].new_page || items[j].span != items[start].span) return j;
    int k = j;
    while (k > start && (items[k].keep_with_prev || items[k].box_keep)) k--;
    /* A unit taller than a container splits anyway: split it here rather
     * than push it whole on and leave this one empty. */
    if (k > start && unit_height(b, k, avail) <= avail) return k;
    k = j;
    while (k > start && items[k].keep_with_prev) k--;
    return k > start ? k : j;
}

typedef struct {
    int n[512];
    int count;
} note_list;

static void add_note(note_list *l, int n, int max)
{
    for (int q = 0; q < l->count; q++)
        if (l->n[q] == n) return;
    if (n >= 1 && n <= max && l->count < 512) l->n[l->count++] = n;
}

/* Place items [start, end) from (x, y); the notes they cite join `notes`. */
static void place(builder *b, bf_page *page, int start, int end, double x, double y, int column,
                  note_list *notes)
{
    const bf_flow *f = b->flow;
    double pending = 0;
    int open = -1;
    bf_placed_frame *pf = NULL;
    for (int j = start; j < end; j++) {
        const bf_item *it = &f->items[j];
        const bf_frame *fr = it->frame >= 0 ? &f->frames[it->frame] : NULL;
        if (it->frame != open) {
            y += pending;
            if (pf) pf->h = y - pf->y;
            pf = NULL;
        }
        if (j > start) y += it->space_before;
        if (fr && it->frame != open) {
            pf = &page->frames[page->n_frames++];
            pf->frame = fr;
            pf->x = x + fr->x;
            pf->w = fr->width;
            pf->y = y;
            pf->continued_above = j > 0 && j == start && f->items[j - 1].frame == it->frame;
            y += fr->pad_top;
        }
        bf_placed *p = &page->items[page->n_items++];
        p->item = it;
        p->x = x + it->x;
        p->y = y;
        p->column = column;
        y += it->height;
        pending = fr ? fr->pad_bottom : 0;
        open = it->frame;
        for (int k = 0; it->line && k < it->line->n_cites; k++) add_note(notes, it->line->cites[k], f->n_notes);
    }
    if (pf) {
        y += pending;
        pf->h = y - pf->y;
        pf->continued_below = end < f->n_items && f->items[end].frame == open && open >= 0;
    }
}

/* Set a column's notes at its foot, under a short rule. */
static void place_notes(builder *b, bf_page *page, const note_list *notes, int column, double x, double foot)
{
    if (!notes->count) return;
    double total = b->note_overhead;
    for (int q = 0; q < notes->count; q++) total += b->note_h[notes->n[q]] + NOTE_GAP;
    double ny = foot - total;
    page->note_rule_y[column] = ny + b->note_overhead * 0.4;
    ny += b->note_overhead;
    for (int q = 0; q < notes->count; q++) {
        int n = notes->n[q];
        page->notes[page->n_notes++] = (bf_placed_note){n, b->flow->notes[n], x, ny, column};
        ny += b->note_h[n] + NOTE_GAP;
    }
}

/* The height the band's items take. */
static double band_height(const bf_flow *f, int start, int end)
{
    double h = 0;
    for (int j = start; j < end; j++) h += (j > start ? f->items[j].space_before : 0) + f->items[j].height;
    return h;
}

/* A page number set as a line of its own. */
static const bf_line *set_number(bf_setter *s, const char *text, bf_role role, double width, bf_align align)
{
    bf_span span = {BF_SPAN_PLAIN, text, 0, NULL};
    bf_para_style st = {role, width, 0, align, false, NULL};
    bf_para *p = bf_para_set(s, &span, 1, &st);
    return p->n_lines ? &p->lines[0] : NULL;
}

/* The table of contents learns its page numbers: each entry's row gets
 * the number of the page its chapter starts on, as its tail. */
static void number_toc(bf_arena *a, bf_setter *s, bf_flow *flow, const bf_pages *pages)
{
    for (int t = 0; t < flow->n_toc; t++) {
        int target = flow->toc_target[t], page = 0;
        for (int i = 0; i < pages->n_pages && !page; i++)
            for (int k = 0; k < pages->pages[i].n_items; k++)
                if (pages->pages[i].items[k].item == &flow->items[target]) page = i + 1;
        flow->items[flow->toc_entry[t]].tail =
            set_number(s, bf_arena_printf(a, "%d", page), BF_ROLE_TEXT, flow->toc_room, BF_ALIGN_RIGHT);
    }
}

bf_pages *bf_pages_build(bf_job *job, bf_setter *s, bf_flow *flow, const bf_doc *doc,
                         const bf_layout *layout)
{
    bf_arena *a = job->arena;
    builder b = {.a = a, .flow = flow, .L = layout};
    double x, y, w, h;
    bf_text_area(layout, 1, &x, &y, &w, &h);
    int ncol = bf_layout_columns(layout);
    double col_w = (w - (ncol - 1) * layout->column_gap) / ncol;
    double band_gap = layout->role[BF_ROLE_TEXT].leading;
    b.note_overhead = layout->role[BF_ROLE_NOTE].leading * 0.9;
    b.note_h = bf_arena_array(a, (size_t)flow->n_notes + 1, sizeof(double));
    b.note_seen = bf_arena_array(a, (size_t)flow->n_notes + 1, sizeof(int));
    for (int n = 1; n <= flow->n_notes; n++) b.note_h[n] = note_height(flow->notes[n]);

    /* Plan every page first, so that the page count is known before any is
     * placed: a band (its items span the columns) and the columns. */
    typedef struct {
        container band, col[BF_MAX_COLUMNS];
        bool blank;
    } plan;
    int cap = 16, n_pages = 0;
    plan *plans = bf_arena_array(a, (size_t)cap, sizeof(plan));
    int start = 0, key = 0;
    while (start < flow->n_items) {
        plans = bf_arena_grow(a, plans, n_pages, &cap, sizeof(plan), 16);
        plan *pl = &plans[n_pages++];
        memset(pl, 0, sizeof *pl);
        /* In duplex, a chapter that asks for it starts on a right-hand
         * page: an even page before it stays blank. */
        if (layout->duplex && flow->items[start].recto && n_pages % 2 == 0) {
            pl->blank = true;
            pl->band = pl->col[0] = (container){start, start, h};
            continue;
        }
        pl->band = (container){start, start, h};
        /* The band's notes go to the foot of the first column, so the
         * band and the first column share their count of notes. */
        int band_key = ++key;
        double band_notes = 0;
        if (flow->items[start].span) {
            int j = fill(&b, start, h, band_key, true, &band_notes);
            pl->band.end = break_point(&b, start, j, h);
            start = pl->band.end;
            /* Count again the notes of what the band really keeps. */
            band_key = ++key;
            band_notes = 0;
            for (int k = pl->band.start; k < pl->band.end; k++)
                band_notes += new_notes(&b, &flow->items[k], band_key, true);
        }
        double used = band_height(flow, pl->band.start, pl->band.end);
        double col_h = pl->band.end > pl->band.start ? h - used - band_gap : h;
        for (int c = 0; c < ncol; c++) {
            pl->col[c] = (container){start, start, col_h};
            if (start >= flow->n_items || flow->items[start].span || col_h < band_gap) break;
            if (flow->items[start].new_page && (c > 0 || pl->band.end > pl->band.start)) break;
            double notes = c == 0 ? band_notes : 0;
            int j = fill(&b, start, col_h, c == 0 ? band_key : ++key, false, &notes);
            pl->col[c].end = break_point(&b, start, j, col_h);
            start = pl->col[c].end;
        }
        if (start < flow->n_items && pl->band.end == pl->band.start && pl->col[0].end == pl->col[0].start) {
            /* Nothing fitted (cannot happen: fill takes at least one item);
             * take one item rather than loop. */
            pl->col[0].end = ++start;
        }
    }

    bf_pages *pages = bf_arena_alloc(a, sizeof *pages);
    pages->pages = bf_arena_array(a, (size_t)(n_pages ? n_pages : 1), sizeof(bf_page));
    pages->n_pages = n_pages;
    pages->flow = flow;
    pages->layout = layout;
    pages->doc = doc;
    pages->job = job;
    for (int i = 0; i < n_pages; i++) {
        bf_page *p = &pages->pages[i];
        const plan *pl = &plans[i];
        p->number = i + 1;
        p->blank = pl->blank;
        bf_text_area(layout, p->number, &p->text_x, &p->text_y, &p->text_w, &p->text_h);
        /* Room for what this page holds: its items, and at most one note
         * per citation on it (sized by the document's notes, 900 sources
         * made these arrays grow with pages times sources). */
        int n = 0, cites = 0;
        const container *parts[BF_MAX_COLUMNS + 1] = {&pl->band};
        for (int c = 0; c < ncol; c++) parts[c + 1] = &pl->col[c];
        for (int q = 0; q <= ncol; q++)
            for (int j = parts[q]->start; j < parts[q]->end; j++) {
                n++;
                if (flow->items[j].line) cites += flow->items[j].line->n_cites;
            }
        p->items = bf_arena_array(a, (size_t)(n ? n : 1), sizeof(bf_placed));
        p->frames = bf_arena_array(a, (size_t)(n ? n : 1), sizeof(bf_placed_frame));
        p->notes = bf_arena_array(a, (size_t)(cites ? cites : 1), sizeof(bf_placed_note));
        double foot = p->text_y + p->text_h;
        double yb = p->text_y;
        note_list notes[BF_MAX_COLUMNS];
        for (int c = 0; c < ncol; c++) notes[c].count = 0;
        if (pl->band.end > pl->band.start) {
            place(&b, p, pl->band.start, pl->band.end, p->text_x, p->text_y, -1, &notes[0]);
            yb = p->text_y + band_height(flow, pl->band.start, pl->band.end) + band_gap;
        }
        p->n_columns = ncol;
        p->col_y = yb;
        p->col_w = col_w;
        p->col_h = foot - yb;
        for (int c = 0; c < ncol; c++) {
            p->col_x[c] = p->text_x + c * (col_w + layout->column_gap);
            if (pl->col[c].end > pl->col[c].start)
                place(&b, p, pl->col[c].start, pl->col[c].end, p->col_x[c], yb, c, &notes[c]);
            place_notes(&b, p, &notes[c], c, p->col_x[c], foot);
        }
        if (!p->blank)
            p->folio = set_number(s, bf_arena_printf(a, "%d / %d", i + 1, n_pages), BF_ROLE_HEADER, p->text_w,
                                  BF_ALIGN_LEFT);
    }
    number_toc(a, s, flow, pages);
    return pages;
}
