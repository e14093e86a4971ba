/* blocks.c - the blocks of a body or a conclusion in the flow: paragraphs,
 * lists, figures and tables.
 *
 * A figure is marked as a float (bf_item.float_n): when it does not fit the
 * rest of a page, the page builder moves it to the top of the next one and
 * lets the text after it fill the space.  A table is a header row and body
 * rows, each row one item whose cells the setter set one by one; the page
 * builder splits a table between rows and repeats its header row.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "page/compose-private.h"

#define LIST_LEAD 1.0         /* ems from the column's edge to a list's bullets */
#define LIST_SPACE 0.2        /* lines between list items */
#define LABEL_GAP 0.35        /* ems between a list item's number and its text */
#define FIGURE_DPI 150.0      /* a figure's natural size */
#define FIGURE_MAX_HEIGHT 0.6 /* of the page's height inside its margins */
#define CELL_PAD_X 0.45       /* ems each side of a cell's text */
#define CELL_PAD_Y 0.3        /* ems above and below a cell's lines */
#define CELL_MIN 4            /* ems: no column narrower than this */
#define TABLE_RULE 0.8        /* pt: the rules above and below a table */
#define HEAD_RULE 0.5         /* pt: under its header row */
#define ROW_RULE 0.25         /* pt: between its rows */
#define ROW_MAX 0.5           /* of the text area's height: a row taller goes in parts */
#define ROW_PART 2            /* lines: the parts of such a row, so that they fill each page */
#define SPAN_WIDER 1.5        /* a table whose text is this many columns wide spans them */

/* ---- lists ---------------------------------------------------------------------- */

static void list(composer *c, const bf_block *b, double gap)
{
    bool numbered = b->kind == BF_BLOCK_NUMBERED;
    double e = em(c, BF_ROLE_TEXT), lead = e * LIST_LEAD;
    double room = e; /* a bullet's: one em; a number's: the widest and a gap */
    for (size_t i = 0; numbered && i < b->items.n; i++) {
        const bf_line *l = set_line(c, BF_ROLE_TEXT, bf_arena_printf(c->a, "%zu.", i + 1), BF_ALIGN_LEFT, c->width);
        if (l) room = fmax(room, l->width + e * LABEL_GAP);
    }
    double x = lead + room;
    int first = c->flow->n_items;
    for (size_t i = 0; i < b->items.n; i++) {
        const bf_line *label =
            set_line(c, BF_ROLE_TEXT, numbered ? bf_arena_printf(c->a, "%zu.", i + 1) : "・", BF_ALIGN_LEFT, c->width);
        para_opts o = body_opts(c, BF_ROLE_TEXT, bf_arena_printf(c->a, "%s[%zu]", b->path, i));
        o.x = x;
        o.width = c->width - x;
        o.space_before = i == 0 ? gap : pitch(c, BF_ROLE_TEXT) * LIST_SPACE;
        int at = add_text(c, &b->items.items[i], &o);
        if (at < 0) continue;
        bf_tag_items(c, at, BF_TAG_LBODY);
        bf_tag_wrap(c, at, BF_TAG_LI);
        if (!label) continue;
        bf_item *it = &c->flow->items[at];
        it->label = label;
        /* Numbers align on their right, against the text; a bullet sits
         * at the list's lead. */
        it->label_x = numbered ? x - e * LABEL_GAP - label->width : lead;
    }
    bf_tag_wrap(c, first, BF_TAG_L);
}

/* ---- figures -------------------------------------------------------------------- */

void bf_compose_figure(composer *c, const bf_image *img, double gap, const char *where)
{
    const bf_layout *L = c->L;
    double natural = img->width * 72.0 / FIGURE_DPI;
    double w = img->share > 0 ? c->width * img->share : fmin(natural, c->width);
    double h = w * img->height / (img->width ? img->width : 1);
    double maxh = (L->page_height - L->margin_top - L->margin_bottom) * FIGURE_MAX_HEIGHT;
    if (h > maxh) {
        w *= maxh / h;
        h = maxh;
    }
    int at = c->flow->n_items;
    bf_item *it = add_item(c, BF_ITEM_IMAGE);
    it->image = img;
    it->x = (c->width - w) / 2;
    it->width = w;
    it->height = h;
    it->space_before = gap;
    it->tag = BF_TAG_FIGURE;
    if (img->caption.n_runs || img->credit.n_runs) {
        spans cap = {0};
        if (img->number) {
            const char *label = bf_number_label(c->a, L->label.figure, img->number);
            if (*label) push_strong(&cap, bf_arena_printf(c->a, "%s　", label));
        }
        push_text(c, &cap, &img->caption);
        if (img->credit.n_runs) {
            if (img->caption.n_runs) push_plain(&cap, "　");
            push_plain(&cap, "（");
            push_text(c, &cap, &img->credit);
            push_plain(&cap, "）");
        }
        para_opts o = body_opts(c, BF_ROLE_META, bf_arena_printf(c->a, "%s.caption", where));
        o.align = BF_ALIGN_CENTER;
        o.keep_all = true;
        o.space_before = pitch(c, BF_ROLE_META) * 0.3;
        c->keep_next = true;
        int cap_at = c->flow->n_items;
        add_spans(c, &cap, &o);
        bf_tag_items(c, cap_at, BF_TAG_CAPTION);
    }
    /* A figure right under a heading stays with it; any other may float. */
    it = &c->flow->items[at];
    if (!it->keep_with_prev) it->float_n = c->flow->n_items - at;
}

/* ---- tables --------------------------------------------------------------------- */

typedef struct {
    const bf_table *t;
    double pad_x, pad_y;
    double *min, *nat, *width; /* a column's least and natural content width, and its width */
    int tall_lines;            /* a body row of more lines than this goes in parts */
} table_plan;

static bf_para *set_cell(composer *c, const table_plan *tp, const bf_text *text, int k, bool head, double width,
                         const char *where)
{
    spans sp = {0};
    if (head) {
        /* The header in strong type: its text's runs, made strong. */
        for (size_t i = 0; i < text->n_runs; i++) {
            const bf_run *r = &text->runs[i];
            if (r->kind == BF_RUN_TEXT || r->kind == BF_RUN_STRONG)
                push_strong(&sp, r->text);
            else {
                bf_text one = {(bf_run *)r, 1};
                push_text(c, &sp, &one);
            }
        }
    } else {
        push_text(c, &sp, text);
    }
    bf_cell_align al = tp->t->align[k];
    bf_para_style st = {BF_ROLE_TEXT,
                        width,
                        0,
                        al == BF_CELL_RIGHT    ? BF_ALIGN_RIGHT
                        : al == BF_CELL_CENTER ? BF_ALIGN_CENTER
                                               : BF_ALIGN_LEFT,
                        true,
                        where,
                        false,
                        0,
                        tp->t->numeric[k] && !head};
    bf_para *p = sp.n ? bf_para_set(c->s, sp.v, sp.n, &st) : NULL;
    g_free(sp.v);
    return p;
}

static double widest(const bf_para *p)
{
    double w = 0;
    for (int i = 0; p && i < p->n_lines; i++) w = fmax(w, p->lines[i].width);
    return w;
}

/* Measuring sets a cell twice more; its citations must not be numbered by
 * it, so the note numbers are saved and put back. */
typedef struct {
    int *number;
    int next;
} numbers;

static numbers save_numbers(composer *c)
{
    numbers n = {g_memdup2(c->number, sizeof(int) * (c->doc->n_sources + 1)), c->next_number};
    return n;
}

static void restore_numbers(composer *c, numbers *n)
{
    memcpy(c->number, n->number, sizeof(int) * (c->doc->n_sources + 1));
    c->next_number = n->next;
    g_free(n->number);
}

/* Each column's least width (its longest unbreakable word, at least
 * CELL_MIN ems) and natural width (its longest cell on one line). */
static void measure(composer *c, table_plan *tp)
{
    const bf_table *t = tp->t;
    double e = em(c, BF_ROLE_TEXT);
    numbers saved = save_numbers(c);
    for (int k = 0; k < t->n_columns; k++) {
        tp->min[k] = e * CELL_MIN;
        tp->nat[k] = 0;
        for (int r = -1; r < t->n_rows; r++) {
            const bf_text *text = r < 0 ? &t->head[k] : &t->cells[(size_t)r * t->n_columns + k];
            if (!text->n_runs) continue;
            tp->nat[k] = fmax(tp->nat[k], widest(set_cell(c, tp, text, k, r < 0, 1e6, NULL)));
            tp->min[k] = fmax(tp->min[k], widest(set_cell(c, tp, text, k, r < 0, e * CELL_MIN, NULL)));
        }
        tp->nat[k] = fmax(tp->nat[k], tp->min[k]);
        /* A number is never broken. */
        if (t->numeric[k]) tp->min[k] = tp->nat[k];
    }
    restore_numbers(c, &saved);
}

/* The columns' widths in `avail`: natural widths when they fit, the rest
 * of the measure shared by them; else each its least, and what is left
 * shared by need (natural less least).  False when even the least widths
 * do not fit. */
static bool share_widths(table_plan *tp, double avail)
{
    int n = tp->t->n_columns;
    double sum_min = 0, sum_nat = 0;
    for (int k = 0; k < n; k++) {
        sum_min += tp->min[k] + 2 * tp->pad_x;
        sum_nat += tp->nat[k] + 2 * tp->pad_x;
    }
    for (int k = 0; k < n; k++) {
        double base = tp->nat[k] + 2 * tp->pad_x;
        if (sum_nat <= avail)
            tp->width[k] = base + (avail - sum_nat) * base / sum_nat;
        else if (sum_min <= avail)
            tp->width[k] = tp->min[k] + 2 * tp->pad_x +
                           (avail - sum_min) * (tp->nat[k] - tp->min[k]) / fmax(sum_nat - sum_min, 1e-9);
        else
            tp->width[k] = avail * (tp->min[k] + 2 * tp->pad_x) / sum_min;
    }
    return sum_min <= avail + 0.01;
}

/* Part of a row as an item: lines [from, from + lines) of each of its
 * cells (the row set already, as `row`), the top rule on the first part
 * only and the rule under it on the last. */
static bf_item *add_row_part(composer *c, const bf_row *row, int from, int lines, bool first, bool last, double width)
{
    bf_row *part = bf_arena_alloc(c->a, sizeof *part);
    *part = *row;
    part->cells = bf_arena_array(c->a, (size_t)row->n_cells, sizeof *part->cells);
    if (!first) part->top_rule = part->pad = 0;
    if (!last) part->rule = 0;
    double pad_bottom = last ? row->pad : 0;
    double h = 0;
    int n_cites = 0;
    for (int k = 0; k < row->n_cells; k++) {
        bf_cell *cell = &part->cells[k];
        *cell = row->cells[k];
        int n = cell->para ? cell->para->n_lines : 0;
        cell->first = from < n ? from : n;
        cell->count = from + lines < n ? lines : n - cell->first;
        double ch = 0;
        for (int i = cell->first; i < cell->first + cell->count; i++) {
            ch += cell->para->lines[i].height;
            n_cites += cell->para->lines[i].n_cites;
        }
        h = fmax(h, ch);
    }
    if (h == 0 && first) h = pitch(c, BF_ROLE_TEXT);
    /* The notes the part's cells cite, for the page builder. */
    part->cites = bf_arena_array(c->a, (size_t)n_cites + 1, sizeof(int));
    part->n_cites = 0;
    for (int k = 0; k < part->n_cells; k++)
        for (int i = part->cells[k].first; i < part->cells[k].first + part->cells[k].count; i++) {
            const bf_line *l = &part->cells[k].para->lines[i];
            for (int q = 0; q < l->n_cites; q++) part->cites[part->n_cites++] = l->cites[q];
        }
    bf_item *it = add_item(c, BF_ITEM_ROW);
    it->row = part;
    it->width = width;
    it->height = h + part->pad + pad_bottom + part->rule + part->top_rule;
    return it;
}

/* One row as items: its cells set at their columns' widths.  A row is
 * one item, so that a table splits between rows; only a row taller than
 * most of a page is split between its lines, so that nothing of it runs
 * off the page.  Returns the first item. */
static int add_row(composer *c, const table_plan *tp, int r, int index)
{
    const bf_table *t = tp->t;
    const bf_layout *L = c->L;
    bf_row *row = bf_arena_alloc(c->a, sizeof *row);
    row->cells = bf_arena_array(c->a, (size_t)t->n_columns, sizeof *row->cells);
    row->n_cells = t->n_columns;
    row->pad = tp->pad_y;
    row->pad_x = tp->pad_x;
    row->head = r < 0;
    row->table = index;
    row->fill = r < 0 || (L->table_zebra && r % 2 == 1);
    row->rule = r < 0 ? HEAD_RULE : r == t->n_rows - 1 ? TABLE_RULE : ROW_RULE;
    row->rule_color = r < 0 || r == t->n_rows - 1 ? L->role[BF_ROLE_TEXT].color : L->muted;
    row->top_rule = r < 0 ? TABLE_RULE : 0;
    row->vrule = L->table_vrules ? ROW_RULE : 0;
    double x = 0;
    int most = 0;
    for (int k = 0; k < t->n_columns; k++) {
        const bf_text *text = r < 0 ? &t->head[k] : &t->cells[(size_t)r * t->n_columns + k];
        bf_cell *cell = &row->cells[k];
        cell->x = x;
        cell->width = tp->width[k];
        x += tp->width[k];
        if (!text->n_runs) continue;
        const char *where = r < 0 ? bf_arena_printf(c->a, "%s.columns[%d]", t->path, k)
                                  : bf_arena_printf(c->a, "%s.rows[%d][%d]", t->path, r, k);
        cell->para = set_cell(c, tp, text, k, r < 0, tp->width[k] - 2 * tp->pad_x, where);
        if (cell->para && cell->para->n_lines > most) most = cell->para->n_lines;
    }
    bool tall = most > tp->tall_lines && r >= 0; /* never a header row */
    int per = tall ? ROW_PART : most > 0 ? most : 1;
    int at = c->flow->n_items;
    for (int from = 0; from == 0 || from < most; from += per)
        add_row_part(c, row, from, per, from == 0, from + per >= most, x);
    return at;
}

static void table(composer *c, const bf_block *b, double gap)
{
    const bf_table *t = b->table;
    int n = t->n_columns;
    table_plan tp = {t,
                     em(c, BF_ROLE_TEXT) * CELL_PAD_X,
                     em(c, BF_ROLE_TEXT) * CELL_PAD_Y,
                     g_new(double, n),
                     g_new(double, n),
                     g_new(double, n),
                     0};
    measure(c, &tp);
    /* A row taller than ROW_MAX of the text area goes in parts. */
    double ax, ay, aw, ah;
    bf_text_area(c->L, 1, &ax, &ay, &aw, &ah);
    tp.tall_lines = (int)(ah * ROW_MAX / pitch(c, BF_ROLE_TEXT));
    bool fits = share_widths(&tp, c->width);
    /* In columns, a table too wide for one spans them all, at the top of
     * the next page: one whose least widths do not fit a column, or whose
     * text would wrap over more than half again its natural width. */
    bool was_span = c->span;
    double column = c->width, natural = 0;
    for (int k = 0; k < n; k++) natural += tp.nat[k] + 2 * tp.pad_x;
    if ((!fits || natural > c->width * SPAN_WIDER) && !c->span && c->full > c->width + 1) {
        c->span = true;
        c->width = c->full;
        fits = share_widths(&tp, c->width);
    }
    if (!fits)
        bf_warning(c->diag, c->doc->file, b->path,
                   "the table's columns are wider than the text area together; they are narrowed below "
                   "their longest words, which stick out of their cells");
    int first = c->flow->n_items;
    if (t->caption.n_runs) {
        spans cap = {0};
        if (t->number) {
            const char *label = bf_number_label(c->a, c->L->label.table, t->number);
            if (*label) push_strong(&cap, bf_arena_printf(c->a, "%s　", label));
        }
        push_text(c, &cap, &t->caption);
        para_opts o = body_opts(c, BF_ROLE_META, bf_arena_printf(c->a, "%s.caption", t->path));
        o.align = BF_ALIGN_CENTER;
        o.keep_all = true;
        o.space_before = gap;
        add_spans(c, &cap, &o);
        c->keep_next = true;
        gap = pitch(c, BF_ROLE_META) * 0.3;
    }
    int index = c->n_tables++;
    int rows = c->flow->n_items;
    int head = add_row(c, &tp, -1, index);
    c->flow->items[head].space_before = gap;
    for (int r = 0; r < t->n_rows; r++) {
        int at = add_row(c, &tp, r, index);
        for (int i = at; i < c->flow->n_items; i++) c->flow->items[i].head = head;
        /* The header row never stays alone at a page's foot. */
        if (r == 0) c->flow->items[at].keep_with_prev = true;
    }
    bf_tag_wrap(c, rows, BF_TAG_TABLE);
    if (t->note.n_runs) {
        para_opts o = body_opts(c, BF_ROLE_META, bf_arena_printf(c->a, "%s.note", t->path));
        o.align = BF_ALIGN_LEFT;
        o.space_before = pitch(c, BF_ROLE_META) * 0.3;
        c->keep_next = true;
        add_text(c, &t->note, &o);
    }
    if (t->source >= 0) {
        para_opts o = body_opts(c, BF_ROLE_META, bf_arena_printf(c->a, "%s.source", t->path));
        c->keep_next = true;
        source_line(c, &c->doc->sources[t->source], cite(c, t->source), &o);
    }
    /* A spanning table goes at the top of a page, in the band: the text
     * after it may fill the columns before it, as a figure's does. */
    if (c->span && !was_span && !c->flow->items[first].keep_with_prev)
        c->flow->items[first].float_n = c->flow->n_items - first;
    c->span = was_span;
    c->width = column;
    g_free(tp.min);
    g_free(tp.nat);
    g_free(tp.width);
}

/* ---- the blocks ---------------------------------------------------------------- */

void bf_compose_blocks(composer *c, const bf_blocks *blocks, double gap)
{
    double block_gap = pitch(c, BF_ROLE_TEXT) * 0.6;
    bool after_block = false;
    for (size_t i = 0; i < blocks->n; i++) {
        const bf_block *b = &blocks->items[i];
        double before = i == 0 ? gap : block_gap;
        switch (b->kind) {
        case BF_BLOCK_PARA: {
            para_opts o = body_opts(c, BF_ROLE_TEXT, b->path);
            o.indent = em(c, BF_ROLE_TEXT) * c->L->paragraph_indent;
            o.space_before = i == 0 || after_block ? before : 0;
            add_text(c, &b->text, &o);
            after_block = false;
            continue;
        }
        case BF_BLOCK_LIST:
        case BF_BLOCK_NUMBERED: list(c, b, before); break;
        case BF_BLOCK_FIGURE: bf_compose_figure(c, b->figure, before, b->path); break;
        case BF_BLOCK_TABLE: table(c, b, before); break;
        }
        after_block = true;
    }
}
