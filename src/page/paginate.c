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

#include "page/paginate-private.h"
#include "page/pages.h"
#include "text/para.h"

/* The note numbers an item cites: a line's, or a table row's cells'. */
static const int *item_cites(const bf_item *it, int *n)
{
    if (it->line) {
        *n = it->line->n_cites;
        return it->line->cites;
    }
    if (it->row) {
        *n = it->row->n_cites;
        return it->row->cites;
    }
    *n = 0;
    return NULL;
}

/* The height of the header row repeated over a container that starts
 * inside a table. */
static double repeat_height(const bf_flow *f, int start)
{
    return start < f->n_items && f->items[start].head >= 0 ? f->items[f->items[start].head].height : 0;
}

static double note_height(const bf_para *p)
{
    double h = 0;
    for (int i = 0; p && i < p->n_lines; i++) h += p->lines[i].height;
    return h;
}

static double carry_height(const builder *b)
{
    double h = 0;
    for (int i = 0; i < b->n_carry; i++) {
        const bf_para *p = b->flow->notes[b->carry_n[i]];
        for (int k = b->carry_from[i]; k < p->n_lines; k++) h += p->lines[k].height;
        h += NOTE_GAP;
    }
    return h;
}

/* The height of the notes item `it` adds to container `key`, and in
 * *first the height its first new note's first line needs. */
static double new_notes(builder *b, const bf_item *it, int key, bool mark, double *first)
{
    double h = 0;
    *first = 0;
    int n_cites;
    const int *cites = item_cites(it, &n_cites);
    for (int k = 0; k < n_cites; k++) {
        int n = cites[k];
        if (n < 1 || n > b->flow->n_notes || b->note_seen[n] == key) continue;
        const bf_para *p = b->flow->notes[n];
        if (h == 0 && p && p->n_lines) *first = p->lines[0].height + NOTE_GAP;
        h += b->note_h[n] + NOTE_GAP;
        if (mark) b->note_seen[n] = key;
    }
    return h;
}

void bf_notes_begin(builder *b, int key, double avail, note_state *st)
{
    for (int i = 0; i < b->n_carry; i++) b->note_seen[b->carry_n[i]] = key;
    st->queue = carry_height(b);
    st->need = fmin(st->queue, avail / 2);
    st->carry = b->n_carry > 0;
}

/* Whether item `it`, whose text would reach `text`, goes in the container:
 * with its notes whole if they fit; split if they would not fit whole even
 * at the top of an empty container; else it waits for the next one.  The
 * first item goes in regardless, unless carried notes leave no room for its
 * own: then the container holds only notes.  `force` takes it in any case
 * (counting again what a container keeps); `split_ok` splits notes that
 * would fit whole in the next container, when waiting would break a keep. */
static bool admit(builder *b, const bf_item *it, int key, double text, double avail, bool at_start, bool force,
                  bool split_ok, note_state *st)
{
    double first;
    double add = new_notes(b, it, key, false, &first);
    double over = b->note_overhead;
    if (add > 0) {
        bool whole = text + over + st->queue + add <= avail + 0.01;
        bool split = text + over + st->queue + first <= avail + 0.01;
        bool fresh = it->height + over + add <= avail + 0.01;
        if (!whole && !force) {
            if (fresh && !at_start && !split_ok) return false;
            if (!split && (!at_start || st->carry)) return false;
        }
        st->need = fmax(st->need, st->queue + (whole ? add : first));
        st->queue += add;
        new_notes(b, it, key, true, &first);
        return true;
    }
    if (at_start || force) return true;
    return text + (st->need > 0 ? over + st->need : 0) <= avail + 0.01;
}

/* The text height of items [start, end) of a container, as fill counts
 * it.  With `avail`, `key` and `st`: how many items from `start` fit in a
 * container of height `avail` (possibly none when carried notes fill it);
 * it stops at a forced page break and where items change between band and
 * column.  With end >= 0 it takes items [start, end) and only counts. */
int bf_fill(builder *b, int start, int end, double avail, int key, bool span, bool split_ok, note_state *st,
            double *text_out)
{
    const bf_flow *f = b->flow;
    double y = repeat_height(f, start), pending = 0, text = y;
    int open = -1; /* the frame the previous item is in */
    int j = start;
    for (; j < (end >= 0 ? end : f->n_items); j++) {
        const bf_item *it = &f->items[j];
        if (end < 0 && j > start && (it->new_page || it->span != span)) break;
        double dy = 0;
        if (it->frame != open) dy += pending;
        if (j > start) dy += it->space_before;
        const bf_frame *fr = it->frame >= 0 ? &f->frames[it->frame] : NULL;
        if (fr && it->frame != open) dy += fr->pad_top;
        double bottom_pad = fr ? fr->pad_bottom : 0;
        double t = y + dy + it->height + bottom_pad;
        if (st && !admit(b, it, key, t, avail, j == start, end >= 0, split_ok, st)) break;
        y += dy + it->height;
        text = t;
        pending = bottom_pad;
        open = it->frame;
    }
    if (text_out) *text_out = text;
    return j;
}

/* Settle the notes at a container's foot: the notes carried in, then those
 * the items of each of its `ranges` [start, end) cite (what stands above it
 * on the page, then its own), in order, line by line while they fit under
 * `text`; what does not fit is carried to the next container.  An empty
 * container takes at least one line, so that notes always move. */
void bf_settle(builder *b, container *c, int key, const int (*ranges)[2], int n_ranges, double text)
{
    const bf_flow *f = b->flow;
    int n = 0;
    for (int i = 0; i < b->n_carry; i++) {
        b->queue_n[n] = b->carry_n[i];
        b->queue_from[n++] = b->carry_from[i];
        b->note_seen[b->carry_n[i]] = key;
    }
    bool empty = true;
    for (int r = 0; r < n_ranges; r++) {
        empty = empty && ranges[r][0] >= ranges[r][1];
        for (int j = ranges[r][0]; j < ranges[r][1]; j++) {
            int n_cites;
            const int *cites = item_cites(&f->items[j], &n_cites);
            for (int k = 0; k < n_cites; k++) {
                int m = cites[k];
                if (m < 1 || m > f->n_notes || b->note_seen[m] == key || !f->notes[m] || !f->notes[m]->n_lines)
                    continue;
                b->note_seen[m] = key;
                b->queue_n[n] = m;
                b->queue_from[n++] = 0;
            }
        }
    }
    c->piece_start = c->piece_end = b->n_pieces;
    b->n_carry = 0;
    double room = c->height - text - b->note_overhead + 0.01, used = 0;
    bool full = false;
    for (int q = 0; q < n; q++) {
        const bf_para *p = f->notes[b->queue_n[q]];
        int k = b->queue_from[q], from = k;
        for (; !full && k < p->n_lines; k++) {
            double lh = p->lines[k].height + (k == p->n_lines - 1 ? NOTE_GAP : 0);
            if (used + lh > room && !(empty && b->n_pieces == c->piece_start && k == from)) {
                full = true;
                break;
            }
            used += lh;
        }
        if (k > from) {
            b->pieces = bf_arena_grow(b->a, b->pieces, b->n_pieces, &b->cap_pieces, sizeof(piece), 16);
            b->pieces[b->n_pieces++] = (piece){b->queue_n[q], from, k - from};
        }
        if (k < p->n_lines) {
            b->carry_n[b->n_carry] = b->queue_n[q];
            b->carry_from[b->n_carry++] = k;
        }
    }
    c->piece_end = b->n_pieces;
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
int bf_break_point(const builder *b, int start, int j, double avail)
{
    const bf_item *items = b->flow->items;
    if (j <= start || j >= b->flow->n_items || items[j].new_page || items[j].span != items[start].span) return j;
    int k = j;
    while (k > start && (items[k].keep_with_prev || items[k].box_keep)) k--;
    /* A unit taller than a container splits anyway: split it here rather
     * than push it whole on and leave this one empty. */
    if (k > start && unit_height(b, k, avail) <= avail) return k;
    k = j;
    while (k > start && items[k].keep_with_prev) k--;
    /* Nor is a chain of lines kept together (a listed source of many
     * lines) pushed on when it is itself taller than a container: that
     * would leave its heading alone at the foot. */
    double chain = items[k].height;
    for (int i = k + 1; i < b->flow->n_items && items[i].keep_with_prev && chain <= avail; i++)
        chain += items[i].space_before + items[i].height;
    return k > start && chain <= avail ? k : j;
}

/* Place items [start, end) from (x, y). */
static void place(builder *b, bf_page *page, int start, int end, double x, double y, int column)
{
    const bf_flow *f = b->flow;
    double pending = 0;
    int open = -1;
    bf_placed_frame *pf = NULL;
    if (start < end && f->items[start].head >= 0) {
        /* A table continued from the page before: its header row again. */
        const bf_item *head = &f->items[f->items[start].head];
        page->items[page->n_items++] = (bf_placed){head, x + head->x, y, column, true};
        y += head->height;
    }
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
        p->repeated = false;
        y += it->height;
        pending = fr ? fr->pad_bottom : 0;
        open = it->frame;
    }
    if (pf) {
        y += pending;
        pf->h = y - pf->y;
        pf->continued_below = end < f->n_items && f->items[end].frame == open && open >= 0;
    }
}

static double piece_height(const builder *b, const piece *pc)
{
    const bf_para *p = b->flow->notes[pc->n];
    double h = 0;
    for (int k = pc->first; k < pc->first + pc->count; k++) h += p->lines[k].height;
    return h;
}

/* The gap after a note; none after a part that continues on the next page. */
static double piece_gap(const builder *b, const piece *pc)
{
    return pc->first + pc->count == b->flow->notes[pc->n]->n_lines ? NOTE_GAP : 0;
}

/* Set a column's notes at its foot, under a short rule. */
static void place_notes(builder *b, bf_page *page, const container *c, int column, double x, double foot)
{
    if (c->piece_end == c->piece_start) return;
    double total = b->note_overhead;
    for (int q = c->piece_start; q < c->piece_end; q++)
        total += piece_height(b, &b->pieces[q]) + piece_gap(b, &b->pieces[q]);
    double ny = foot - total;
    page->note_rule_y[column] = ny + b->note_overhead * 0.4;
    ny += b->note_overhead;
    for (int q = c->piece_start; q < c->piece_end; q++) {
        const piece *pc = &b->pieces[q];
        page->notes[page->n_notes++] =
            (bf_placed_note){pc->n, b->flow->notes[pc->n], pc->first, pc->count, x, ny, column};
        ny += piece_height(b, pc) + piece_gap(b, pc);
    }
}

/* The height the band's items take. */
double bf_band_height(const bf_flow *f, int start, int end)
{
    double h = start < end ? repeat_height(f, start) : 0;
    for (int j = start; j < end; j++) h += (j > start ? f->items[j].space_before : 0) + f->items[j].height;
    return h;
}

/* A page number set as a line of its own. */
static const bf_line *set_number(bf_setter *s, const char *text, bf_role role, double width, bf_align align)
{
    bf_span span = {BF_SPAN_PLAIN, text, 0, NULL};
    bf_para_style st = {role, width, 0, align, false, NULL, false, 0, false};
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

/* The builder's arrays, one slot a note, and each note's height. */
static void builder_init(builder *b)
{
    bf_arena *a = b->a;
    const bf_flow *flow = b->flow;
    b->note_overhead = b->L->role[BF_ROLE_NOTE].leading * 0.9;
    size_t nn = (size_t)flow->n_notes + 1;
    b->note_h = bf_arena_array(a, nn, sizeof(double));
    b->note_seen = bf_arena_array(a, nn, sizeof(int));
    b->carry_n = bf_arena_array(a, nn, sizeof(int));
    b->carry_from = bf_arena_array(a, nn, sizeof(int));
    b->save_n = bf_arena_array(a, nn, sizeof(int));
    b->save_from = bf_arena_array(a, nn, sizeof(int));
    b->queue_n = bf_arena_array(a, nn, sizeof(int));
    b->queue_from = bf_arena_array(a, nn, sizeof(int));
    for (int n = 1; n <= flow->n_notes; n++) b->note_h[n] = note_height(flow->notes[n]);
}

/* Plan a page's band from item `start`; returns the first item after it. */
static int plan_band(builder *b, plan *pl, int start)
{
    const bf_flow *flow = b->flow;
    pl->band.start = pl->band.end = start;
    pl->band.height = b->h;
    /* The band's notes go to the foot of the first column, so the
     * first column counts them again with its own. */
    if (start < flow->n_items && flow->items[start].span) {
        note_state band_st;
        bf_notes_begin(b, ++b->key, b->h, &band_st);
        int j = bf_fill(b, start, -1, b->h, b->key, true, false, &band_st, NULL);
        pl->band.end = bf_break_point(b, start, j, b->h);
        start = pl->band.end;
    }
    return start;
}

/* Plan every page first, so that the page count is known before any is
 * placed: a band (its items span the columns) and the columns.  Notes
 * carried from a page make pages of their own after the last item. */
static plan *plan_pages(builder *b, int *n_out)
{
    const bf_flow *flow = b->flow;
    const bf_layout *layout = b->L;
    int cap = 16, n_pages = 0;
    plan *plans = bf_arena_array(b->a, (size_t)cap, sizeof(plan));
    int start = 0;
    while (start < flow->n_items || b->n_carry > 0) {
        plans = bf_arena_grow(b->a, plans, n_pages, &cap, sizeof(plan), 16);
        plan *pl = &plans[n_pages++];
        memset(pl, 0, sizeof *pl);
        for (int c = 0; c < BF_MAX_COLUMNS; c++) pl->col[c].piece_start = pl->col[c].piece_end = b->n_pieces;
        pl->band.piece_start = pl->band.piece_end = b->n_pieces;
        /* In duplex, a chapter that asks for it starts on a right-hand
         * page: an even page before it stays blank. */
        if (layout->duplex && start < flow->n_items && flow->items[start].recto && n_pages % 2 == 0 &&
            b->n_carry == 0) {
            pl->blank = true;
            pl->band.start = pl->band.end = pl->col[0].start = pl->col[0].end = start;
            pl->band.height = pl->col[0].height = b->h;
            continue;
        }
        int pieces_before = b->n_pieces, items_before = start;
        start = plan_band(b, pl, start);
        start = bf_plan_columns(b, pl, start);
        if (start == items_before && b->n_pieces == pieces_before) {
            /* Nothing fitted (cannot happen: fill takes at least one item
             * unless notes fill the page, and an empty column takes at
             * least one line of notes); take one item rather than loop. */
            if (start < flow->n_items)
                pl->col[0].end = ++start;
            else
                b->n_carry = 0;
        }
    }
    *n_out = n_pages;
    return plans;
}

/* Place page i of n_pages as its plan says: its band, its columns and
 * their notes, and its folio. */
static void place_page(builder *b, bf_setter *s, bf_page *p, const plan *pl, int i, int n_pages)
{
    bf_arena *a = b->a;
    const bf_layout *layout = b->L;
    int ncol = b->ncol;
    p->number = i + 1;
    p->blank = pl->blank;
    bf_text_area(layout, p->number, &p->text_x, &p->text_y, &p->text_w, &p->text_h);
    /* Room for what this page holds: its items, and its notes (sized
     * by the page's own, 900 sources made these arrays grow with pages
     * times sources). */
    int n = 0, n_notes = 0;
    const container *parts[2 * BF_MAX_COLUMNS + 2] = {&pl->band, &pl->mid};
    int n_parts = 2;
    for (int c = 0; c < ncol; c++) {
        parts[n_parts++] = &pl->col[c];
        parts[n_parts++] = &pl->up[c];
    }
    for (int q = 0; q < n_parts; q++) {
        n += parts[q]->end - parts[q]->start;
        n_notes += parts[q]->piece_end - parts[q]->piece_start;
    }
    n += 2 * ncol + 2; /* a table's header row repeated at the top of each container */
    p->items = bf_arena_array(a, (size_t)n, sizeof(bf_placed));
    p->frames = bf_arena_array(a, (size_t)(n ? n : 1), sizeof(bf_placed_frame));
    p->notes = bf_arena_array(a, (size_t)(n_notes ? n_notes : 1), sizeof(bf_placed_note));
    double foot = p->text_y + p->text_h;
    double yb = p->text_y;
    if (pl->band.end > pl->band.start) {
        place(b, p, pl->band.start, pl->band.end, p->text_x, p->text_y, -1);
        yb = p->text_y + bf_band_height(b->flow, pl->band.start, pl->band.end) + b->band_gap;
    }
    p->n_columns = ncol;
    if (pl->mid.end > pl->mid.start) {
        /* A table in mid-page: the columns above it, it, the columns under it. */
        p->up_y = yb;
        p->up_h = pl->up_h;
        for (int c = 0; c < ncol; c++)
            if (pl->up[c].end > pl->up[c].start)
                place(b, p, pl->up[c].start, pl->up[c].end, p->text_x + c * (b->col_w + layout->column_gap), yb, c);
        double ym = yb + pl->up_h + b->band_gap;
        place(b, p, pl->mid.start, pl->mid.end, p->text_x, ym, -1);
        yb = ym + bf_band_height(b->flow, pl->mid.start, pl->mid.end) + b->band_gap;
    }
    p->col_y = yb;
    p->col_w = b->col_w;
    p->col_h = foot - yb;
    for (int c = 0; c < ncol; c++) {
        p->col_x[c] = p->text_x + c * (b->col_w + layout->column_gap);
        if (pl->col[c].end > pl->col[c].start) place(b, p, pl->col[c].start, pl->col[c].end, p->col_x[c], yb, c);
        place_notes(b, p, &pl->col[c], c, p->col_x[c], foot);
    }
    if (!p->blank)
        p->folio =
            set_number(s, bf_arena_printf(a, "%d / %d", i + 1, n_pages), BF_ROLE_HEADER, p->text_w, BF_ALIGN_LEFT);
}

bf_pages *bf_pages_build(bf_job *job, bf_setter *s, bf_flow *flow, const bf_doc *doc, const bf_layout *layout)
{
    bf_arena *a = job->arena;
    builder b = {.a = a, .flow = flow, .moves = flow, .L = layout};
    double x, y, w;
    bf_text_area(layout, 1, &x, &y, &w, &b.h);
    b.ncol = bf_layout_columns(layout);
    b.col_w = (w - (b.ncol - 1) * layout->column_gap) / b.ncol;
    b.band_gap = layout->role[BF_ROLE_TEXT].leading;
    builder_init(&b);

    int n_pages;
    plan *plans = plan_pages(&b, &n_pages);

    bf_pages *pages = bf_arena_alloc(a, sizeof *pages);
    pages->pages = bf_arena_array(a, (size_t)(n_pages ? n_pages : 1), sizeof(bf_page));
    pages->n_pages = n_pages;
    pages->flow = flow;
    pages->layout = layout;
    pages->doc = doc;
    pages->job = job;
    for (int i = 0; i < n_pages; i++) place_page(&b, s, &pages->pages[i], &plans[i], i, n_pages);
    number_toc(a, s, flow, pages);
    return pages;
}
