/* columns.c - a page's columns: where each ends, a box split rather than
 * moved on when that would leave a hole, a figure or a table across the
 * columns moved on with the text after it filling in, and the columns
 * balanced where their flow ends.
 */
#include <math.h>
#include <string.h>

#include "page/paginate-private.h"
#include "text/para.h"

/* Count into st the notes that go at the foot of column c from what stands
 * above it: the band's (in the first column), the column's above a table
 * in mid-page, and that table's (in the first column). */
static void count_above(builder *b, const plan *pl, int c, int key, note_state *st)
{
    if (c == 0) bf_fill(b, pl->band.start, pl->band.end, b->h, key, true, false, st, NULL);
    if (pl->up[c].end > pl->up[c].start) bf_fill(b, pl->up[c].start, pl->up[c].end, b->h, key, false, false, st, NULL);
    if (c == 0 && pl->mid.end > pl->mid.start) bf_fill(b, pl->mid.start, pl->mid.end, b->h, key, true, false, st, NULL);
}

/* The height items [start, end) of column c take with their notes (and
 * the notes of what stands above it). */
static double column_used(builder *b, const plan *pl, int c, int start, int end, double col_h)
{
    note_state st;
    int key = ++b->key;
    double text;
    bf_notes_begin(b, key, c == 0 ? b->h : col_h, &st);
    count_above(b, pl, c, key, &st);
    bf_fill(b, start, end, col_h, key, false, false, &st, &text);
    return text + (st.queue > 0 ? b->note_overhead + st.queue : 0);
}

/* A box (a summary box, a teaser) that fits a column but not the room
 * left in this one moves on whole, unless that leaves more than a third
 * of the column empty: then it splits here, before the last of its lines
 * that fits where a break is allowed (between its points, or inside a
 * point with two lines on each side), with at least two of its lines on
 * each side.  `end` is where the column would end, `reach` the first
 * item that does not fit.  Returns the column's end. */
static int split_box(builder *b, const plan *pl, int c, int start, int end, int reach, double col_h)
{
    const bf_item *items = b->flow->items;
    int n = b->flow->n_items;
    if (end <= start || reach <= end || reach >= n) return end;
    /* The box the unit moved on holds: a heading and its rule may come first. */
    int first = end;
    while (first < reach && items[first].frame < 0) {
        if (first > end && !items[first].keep_with_prev && !items[first].box_keep) return end;
        first++;
    }
    int fr = items[first].frame;
    if (fr < 0 || first >= reach || (first + 1 < n && !items[first + 1].box_keep)) return end;
    if (col_h - column_used(b, pl, c, start, end, col_h) <= col_h / 3) return end;
    int lines = 0, before = 0, best = -1;
    for (int i = first; i < n && items[i].frame == fr; i++) lines += items[i].kind == BF_ITEM_LINE;
    for (int i = first; i <= reach && i < n && items[i].frame == fr; i++) {
        if (i > first && !items[i].keep_with_prev && items[i].kind == BF_ITEM_LINE && before >= 2 &&
            lines - before >= 2)
            best = i;
        before += items[i].kind == BF_ITEM_LINE;
    }
    return best > end ? best : end;
}

/* Where column c of the plan ends when it starts at item `start`: as many
 * items as fit with their notes, up to the last place a break is allowed. */
static int column_end(builder *b, const plan *pl, int c, int start, double col_h, int *reach)
{
    const bf_flow *flow = b->flow;
    int end = start, last = start;
    for (int pass = 0; pass < 2; pass++) {
        /* A column counts the notes of what stands above it with its own. */
        note_state st;
        int ckey = ++b->key;
        bf_notes_begin(b, ckey, c == 0 ? b->h : col_h, &st);
        count_above(b, pl, c, ckey, &st);
        int j = bf_fill(b, start, -1, col_h, ckey, false, pass == 1, &st, NULL);
        if (reach) *reach = j;
        last = j;
        end = bf_break_point(b, start, j, col_h);
        /* A line whose notes would fit whole in the next column
         * waits for it, unless that breaks a keep that nothing
         * else can save: then its notes split here instead. */
        if (end != j || j <= start || j >= flow->n_items || !flow->items[j].keep_with_prev || flow->items[j].new_page ||
            flow->items[j].span)
            break;
    }
    /* A line's keep gives way when it would leave more than a third of
     * the column empty and the column's notes go on to the next one
     * anyway (a sentence citing forty sources): then the lines it keeps
     * together follow their notes, not the other way round. */
    const bf_item *prev = last > start && last < flow->n_items ? &flow->items[last - 1] : NULL;
    if (prev && end < last && prev->kind == BF_ITEM_LINE && prev->line->role != BF_ROLE_HEADING &&
        prev->line->role != BF_ROLE_SECTION && !flow->items[last].box_keep &&
        column_used(b, pl, c, start, end, col_h) < col_h * 2 / 3 &&
        column_used(b, pl, c, start, last, col_h) > col_h + 0.01)
        return last;
    return split_box(b, pl, c, start, end, last, col_h);
}

/* May item k move up before a figure?  Only a line of plain text outside
 * any frame: a figure does not pass a heading, a box, a table or another
 * figure, so it stays in its chapter and figures keep their order. */
static bool may_pass(const bf_item *it, bool span)
{
    return it->kind == BF_ITEM_LINE && it->frame < 0 && !it->box_keep && !it->new_page && !it->recto &&
           it->span == span && !it->outline && !it->float_n && it->line->role != BF_ROLE_HEADING &&
           it->line->role != BF_ROLE_SECTION && it->line->role != BF_ROLE_TITLE;
}

/* A spanning table moved by `by` items: its rows name their header row by
 * its index, which moved with them. */
static void shift_heads(bf_flow *flow, int from, int n, int by)
{
    for (int i = from; i < from + n; i++)
        if (flow->items[i].head >= 0) flow->items[i].head += by;
}

/* At most this many lines move up before a figure: a page's worth. */
#define MAX_PASSED 200

/* Move the item after the figure at f (f_n items) before it. */
static void pass_figure(bf_flow *flow, int f, int f_n)
{
    bf_item next = flow->items[f + f_n];
    memmove(&flow->items[f + 1], &flow->items[f], (size_t)f_n * sizeof(bf_item));
    flow->items[f] = next;
    shift_heads(flow, f + 1, f_n, 1);
}

/* A column that ends before a figure which does not fit in it: the text
 * after the figure fills the space left, as much as fits whole, and the
 * figure goes to the top of the next column or page (a float, as TeX's
 * figures).  The figure keeps the widow and orphan rule of the paragraph
 * it now stands inside: a break before it is allowed where a break
 * before the line after it would be.  Returns the column's new end. */
static int move_float(builder *b, const plan *pl, int c, int start, int end, double col_h, bool span)
{
    bf_flow *flow = b->moves;
    /* A float that spans the columns may stand at a column's start: the
     * text after it fills the column, and it goes to the next page's band. */
    bool band_float = end == start && end < flow->n_items && flow->items[end].span && !span;
    if ((end <= start && !band_float) || end >= flow->n_items || !flow->items[end].float_n) return end;
    int f = end, g = flow->items[end].float_n, moved = 0, best = 0;
    bool keep0 = flow->items[f].keep_with_prev;
    double gap_below = f + g < flow->n_items ? flow->items[f + g].space_before : 0;
    while (f + g < flow->n_items && moved < MAX_PASSED) {
        const bf_item *next = &flow->items[f + g];
        if (flow->items[f].span && next->span && next->float_n && best == moved) {
            /* Another float across the columns right after: the text after
             * both passes them together, and they keep their order. */
            g += next->float_n;
            if (f + g < flow->n_items) gap_below = fmax(gap_below, flow->items[f + g].space_before);
            continue;
        }
        if (!may_pass(next, span)) break;
        pass_figure(flow, f, g);
        f++;
        moved++;
        flow->items[f].keep_with_prev = f + g < flow->n_items && flow->items[f + g].keep_with_prev;
        int reach;
        int e = column_end(b, pl, c, start, col_h, &reach);
        if (reach < f) break; /* what moved up does not fit: stop */
        /* It fits, and the column may end before the figure (a float across
         * the columns ends it in any case: its keep says whether it may). */
        if (e == f && !flow->items[f].keep_with_prev) best = moved;
    }
    /* Put back what moved up in vain. */
    for (; moved > best; moved--) {
        bf_item back = flow->items[f - 1];
        memmove(&flow->items[f - 1], &flow->items[f], (size_t)g * sizeof(bf_item));
        flow->items[f - 1 + g] = back;
        shift_heads(flow, f - 1, g, -1);
        f--;
    }
    flow->items[f].keep_with_prev = best ? (f + g < flow->n_items && flow->items[f + g].keep_with_prev) : keep0;
    /* What follows the figure now keeps the space that stood below it. */
    if (best && f + g < flow->n_items)
        flow->items[f + g].space_before = fmax(flow->items[f + g].space_before, gap_below);
    return best ? f : end;
}

/* May a box split before item k: between two of its lines where a break
 * is allowed, with two of its lines at least on each side. */
static bool box_split_ok(const bf_flow *flow, int k)
{
    int fr = flow->items[k].frame, before = 0, after = 0;
    if (fr < 0 || k == 0 || flow->items[k - 1].frame != fr || flow->items[k].kind != BF_ITEM_LINE) return false;
    for (int i = k - 1; i >= 0 && flow->items[i].frame == fr && before < 2; i--)
        before += flow->items[i].kind == BF_ITEM_LINE;
    for (int i = k; i < flow->n_items && flow->items[i].frame == fr && after < 2; i++)
        after += flow->items[i].kind == BF_ITEM_LINE;
    return before >= 2 && after >= 2;
}

/* Fill a page's columns under its band from item `start`, each with the
 * notes at its foot, each `limit` high (at most the column's height); with
 * `floats`, figures and tables across the columns move on as they may.
 * Returns the first item after them. */
static int fill_columns(builder *b, plan *pl, int start, double col_h, double limit, bool floats)
{
    const bf_flow *flow = b->flow;
    double band_gap = b->band_gap;
    for (int c = 0; c < b->ncol; c++) {
        container *co = &pl->col[c];
        co->start = co->end = start;
        co->piece_start = co->piece_end = b->n_pieces;
        co->height = limit;
        bool mid = pl->mid.end > pl->mid.start;
        bool stop = start >= flow->n_items || flow->items[start].span || col_h < band_gap ||
                    (flow->items[start].new_page && (c > 0 || pl->band.end > pl->band.start || mid));
        if (!stop && !floats)
            co->end = column_end(b, pl, c, start, co->height, NULL);
        else if (!stop)
            co->end = move_float(b, pl, c, start, column_end(b, pl, c, start, col_h, NULL), col_h, false);
        else if (floats && start < flow->n_items && flow->items[start].span && col_h >= band_gap)
            co->end = move_float(b, pl, c, start, start, col_h, false);
        start = co->end;
        /* An empty column repeats no table header: its notes have it all. */
        double text = 0;
        if (co->end > co->start) bf_fill(b, co->start, co->end, co->height, 0, false, false, NULL, &text);
        if (col_h >= band_gap) {
            /* The notes of what stands above the column, then its own. */
            const int ranges[4][2] = {{c == 0 ? pl->band.start : 0, c == 0 ? pl->band.end : 0},
                                      {pl->up[c].start, pl->up[c].end},
                                      {c == 0 ? pl->mid.start : 0, c == 0 ? pl->mid.end : 0},
                                      {co->start, co->end}};
            bf_settle(b, co, ++b->key, ranges, 4, text);
        }
        /* (The columns above a table in mid-page have notes to settle.) */
        if (stop && co->end == co->start && b->n_carry == 0 && !mid) break;
    }
    return start;
}

/* The text height of items [start, end) in a column, without notes. */
static double text_height(builder *b, int start, int end)
{
    double text = 0;
    if (end > start) bf_fill(b, start, end, b->h, 0, false, false, NULL, &text);
    return text;
}

/* Fill the columns above a table in mid-page with items [start, t), each
 * at most `limit` high; true when they hold them all and no keep gives
 * way (a box splits as split_box would). */
static bool fill_up(builder *b, plan *pl, int start, int t, double limit)
{
    const bf_flow *flow = b->flow;
    for (int c = 0; c < b->ncol; c++) {
        int j = start;
        while (j < t && text_height(b, start, j + 1) <= limit + 0.01) j++;
        int e = j < t ? bf_break_point(b, start, j, limit) : t;
        pl->up[c] = (container){start, e, limit, b->n_pieces, b->n_pieces};
        if (e < t && e > start &&
            (flow->items[e].keep_with_prev || (flow->items[e].box_keep && !box_split_ok(flow, e))))
            return false;
        start = e;
    }
    return start >= t;
}

/* A table across the columns (and what spans with it) that comes before
 * this page's columns are full and fits whole in them: a newspaper sets it
 * in mid-page, the text before it balanced in the columns above it, the
 * columns going on under it.  Plans pl->up and pl->mid and returns the
 * height left under it, or -1 (nothing planned) where it does not fit, so
 * that it goes to the next page's band as before. */
static double mid_table(builder *b, plan *pl, int start, double col_h)
{
    const bf_flow *flow = b->flow;
    const bf_item *items = flow->items;
    int n = flow->n_items, t = start;
    if (b->ncol < 2 || b->n_carry) return -1;
    /* Where the columns' flow meets a table across them, if that is
     * near enough to be on this page. */
    for (double sum = 0; t < n && !items[t].span && !items[t].new_page && sum <= b->ncol * col_h; t++)
        sum += items[t].space_before + items[t].height;
    if (t >= n || t == start || !items[t].span || items[t].new_page || !items[t].float_n) return -1;
    /* A table (not the title block or the list of sources, which span
     * too), with the tables across the columns right after it. */
    int t2 = t + 1;
    bool table = items[t].row != NULL;
    for (; t2 < n && items[t2].span && !items[t2].new_page; t2++) table = table || items[t2].row;
    if (!table) return -1;
    double tall = bf_band_height(flow, t, t2), gap = b->band_gap;
    double lo = 0, hi = col_h - tall - 3 * gap; /* a line at least under it */
    if (hi <= 0 || !fill_up(b, pl, start, t, hi)) goto fail;
    /* The columns above it as short as still hold the text before it. */
    for (int pass = 0; pass < 12; pass++) {
        double limit = (lo + hi) / 2;
        if (fill_up(b, pl, start, t, limit))
            hi = limit;
        else
            lo = limit;
    }
    fill_up(b, pl, start, t, hi);
    pl->up_h = 0;
    for (int c = 0; c < b->ncol; c++) pl->up_h = fmax(pl->up_h, text_height(b, pl->up[c].start, pl->up[c].end));
    pl->mid = (container){t, t2, tall, b->n_pieces, b->n_pieces};
    double low = col_h - pl->up_h - tall - 2 * gap;
    /* The notes of what stands above must fit whole under it. */
    for (int c = 0; c < b->ncol; c++) {
        note_state st;
        int key = ++b->key;
        bf_notes_begin(b, key, low, &st);
        count_above(b, pl, c, key, &st);
        if (st.queue > 0 && st.queue + b->note_overhead > low - gap + 0.01) goto fail;
    }
    return low;
fail:
    memset(pl->up, 0, sizeof pl->up);
    memset(&pl->mid, 0, sizeof pl->mid);
    pl->up_h = 0;
    return -1;
}

/* Plan a page's columns under its band from item `start`, each with the
 * notes at its foot; returns the first item after them.  Where the flow
 * of columns ends on this page (the document's end, a page break that is
 * forced, a block across the columns), the columns are balanced: as
 * short as they may be and still hold it all, so that they end at the
 * same height within a line (or the two lines the orphan rule keeps). */
int bf_plan_columns(builder *b, plan *pl, int start)
{
    const bf_flow *flow = b->flow;
    double h = b->h;
    double used = bf_band_height(flow, pl->band.start, pl->band.end);
    double col_h = pl->band.end > pl->band.start ? h - used - b->band_gap : h;
    double low = mid_table(b, pl, start, col_h);
    if (low >= 0) {
        start = pl->mid.end;
        col_h = low;
    }
    int pieces = b->n_pieces, n_carry = b->n_carry;
    size_t carry_size = (size_t)n_carry * sizeof(int);
    if (n_carry) {
        memcpy(b->save_n, b->carry_n, carry_size);
        memcpy(b->save_from, b->carry_from, carry_size);
    }
    int end = fill_columns(b, pl, start, col_h, col_h, true);
    bool ends = end >= flow->n_items || flow->items[end].new_page || flow->items[end].span;
    if (b->ncol < 2 || !ends || end <= start || b->n_carry || col_h < b->band_gap) return end;
    double lo = 0, hi = col_h;
    /* The last try is the shortest that held everything, or if that does
     * not hold again, the columns as they were. */
    for (int pass = 0; pass <= 13; pass++) {
        double limit = pass < 12 ? (lo + hi) / 2 : pass == 12 ? hi : col_h;
        b->n_pieces = pieces;
        b->n_carry = n_carry;
        if (n_carry) {
            memcpy(b->carry_n, b->save_n, carry_size);
            memcpy(b->carry_from, b->save_from, carry_size);
        }
        int e = fill_columns(b, pl, start, col_h, limit, false);
        bool held = e == end && b->n_carry == 0;
        /* No keep may give way to balance the columns; a box splits as
         * split_box would. */
        for (int c = 0; held && c < b->ncol - 1; c++) {
            int k = pl->col[c].end;
            held = k >= end || (!flow->items[k].keep_with_prev && (!flow->items[k].box_keep || box_split_ok(flow, k)));
        }
        if (pass >= 12 && (held || pass == 13)) return e;
        if (held)
            hi = limit;
        else
            lo = limit;
    }
    return end;
}
