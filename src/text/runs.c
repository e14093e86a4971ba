/* runs.c - the plain lines of a paragraph (text/line.h): the shaped
 * glyphs of each line grouped into runs of one font and drawing
 * attributes, with their cites and link rectangles.  A line's glyphs go to
 * the job's glyph store as soon as it is made.
 */
#include <string.h>

#include "text/font-id.h"
#include "text/para-private.h"

/* Colour and rise are drawing attributes: Pango keeps them on the item,
 * and the setter hands them on to the run. */
static void run_attrs(bf_glyph_run *run, const PangoItem *item, bf_color dflt)
{
    run->color = dflt;
    run->rise = 0;
    for (GSList *l = item->analysis.extra_attrs; l; l = l->next) {
        PangoAttribute *a = l->data;
        if (a->klass->type == PANGO_ATTR_FOREGROUND) {
            PangoColor c = ((PangoAttrColor *)a)->color;
            run->color = (bf_color){c.red / 65535.0, c.green / 65535.0, c.blue / 65535.0};
        } else if (a->klass->type == PANGO_ATTR_RISE) {
            run->rise = ((PangoAttrInt *)a)->value / (double)PANGO_SCALE;
        }
    }
}

typedef struct {
    int run;  /* index into the line's runs */
    int last; /* the cluster's last glyph in that run */
    gunichar ch;
    int byte; /* index into the paragraph text */
    double x0, x1;
} cluster;

static int collect_clusters(const char *text, bf_glyph_run *runs, int n_runs, cluster *out, int cap)
{
    int n = 0;
    for (int r = 0; r < n_runs; r++) {
        const bf_glyph_run *run = &runs[r];
        for (int g = 0; g < run->n_glyphs; g++) {
            bool starts = g == 0 || run->glyphs[g].cluster != run->glyphs[g - 1].cluster;
            if (starts) {
                if (n == cap) return n;
                int byte = run->glyphs[g].cluster;
                out[n] = (cluster){r, g, g_utf8_get_char(text + byte), byte, 0, 0};
                n++;
            } else {
                out[n - 1].last = g;
            }
        }
    }
    return n;
}

/* Cluster extents from the line's left edge, for link rectangles.
 * Clusters are in line order, each ending at its `last` glyph. */
static void place_clusters(bf_glyph_run *runs, cluster *cl, int n)
{
    for (int c = 0; c < n; c++) {
        int r = cl[c].run;
        bool continues = c > 0 && cl[c - 1].run == r;
        int first = continues ? cl[c - 1].last + 1 : 0;
        double x = continues ? cl[c - 1].x1 : runs[r].x;
        cl[c].x0 = x;
        for (int g = first; g <= cl[c].last; g++) x += runs[r].glyphs[g].advance;
        cl[c].x1 = x;
    }
}

static double runs_width(bf_glyph_run *runs, int n)
{
    double w = 0;
    for (int r = 0; r < n; r++) {
        runs[r].x = w;
        w += runs[r].width;
    }
    return w;
}

/* Can item b be set in the same run as item a, whose run has `run`'s
 * attributes?  Same font and drawing attributes, left to right. */
static bool joinable(const bf_glyph_run *run, const shaped *a, const shaped *b, bf_color dflt)
{
    if (b->item->analysis.font != a->item->analysis.font || a->item->analysis.level % 2 ||
        b->item->analysis.level % 2 || b->item->offset != a->item->offset + a->item->length)
        return false;
    bf_glyph_run rb;
    run_attrs(&rb, b->item, dflt);
    return rb.rise == run->rise && rb.color.r == run->color.r && rb.color.g == run->color.g &&
           rb.color.b == run->color.b;
}

/* The first glyph of item `sh` from which on the byte offset is >= byte
 * (left to right) or < byte (right to left): clusters run monotonically
 * through a shaped item, so lines cut from a long item (a URL of many
 * lines) cost a search each, not a walk over the whole item. */
static int glyph_bound(const shaped *sh, int byte)
{
    const PangoGlyphString *gs = sh->glyphs;
    int n = gs->num_glyphs, lo = 0, hi = n;
    if (n == 0) return 0;
    bool ltr = gs->log_clusters[0] <= gs->log_clusters[n - 1];
    int rel = byte - sh->item->offset;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (ltr ? gs->log_clusters[mid] < rel : gs->log_clusters[mid] >= rel)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The glyphs of item `sh` in bytes [start, end): [*g0, *g1). */
static void glyph_span(const shaped *sh, int start, int end, int *g0, int *g1)
{
    const PangoGlyphString *gs = sh->glyphs;
    bool ltr = gs->num_glyphs == 0 || gs->log_clusters[0] <= gs->log_clusters[gs->num_glyphs - 1];
    *g0 = glyph_bound(sh, ltr ? start : end);
    *g1 = glyph_bound(sh, ltr ? end : start);
}

/* The glyphs of shaped items [i0, i1) that show bytes [start, end), as one
 * run of plain data.  The items are neighbours in the text with the same
 * font and drawing attributes (they were split only for OpenType features,
 * which shaping has applied), so one run draws them: a line is one or two
 * runs, not the dozen items its punctuation splits it into. */
static void make_run(bf_setter *s, const shaped *sh, int i0, int i1, int start, int end, bf_glyph_run *run)
{
    int count = 0;
    for (int i = i0; i < i1; i++) {
        const PangoItem *it = sh[i].item;
        const PangoGlyphString *gs = sh[i].glyphs;
        int g0, g1;
        glyph_span(&sh[i], start, end, &g0, &g1);
        for (int g = g0; g < g1; g++) {
            int byte = it->offset + gs->log_clusters[g];
            count += byte >= start && byte < end;
        }
    }
    run->glyphs = g_new(bf_glyph, count ? count : 1); /* to the spill file when the line is done */
    run->n_glyphs = count;
    run->offset = start > sh[i0].item->offset ? start : sh[i0].item->offset;
    const PangoItem *last = sh[i1 - 1].item;
    run->length = (end < last->offset + last->length ? end : last->offset + last->length) - run->offset;
    run->rtl = sh[i0].item->analysis.level % 2;
    int used = bf_font_table_id(s->job->fonts, sh[i0].item->analysis.font);
    run->font = used;
    double pen = 0;
    int k = 0;
    for (int i = i0; i < i1; i++) {
        const PangoItem *it = sh[i].item;
        const PangoGlyphString *gs = sh[i].glyphs;
        int g0, g1;
        glyph_span(&sh[i], start, end, &g0, &g1);
        for (int g = g0; g < g1; g++) {
            int byte = it->offset + gs->log_clusters[g];
            if (byte < start || byte >= end) continue;
            const PangoGlyphInfo *gi = &gs->glyphs[g];
            uint32_t id = gi->glyph;
            if (id == PANGO_GLYPH_EMPTY || used < 0)
                id = BF_GLYPH_EMPTY;
            else if (id & PANGO_GLYPH_UNKNOWN_FLAG)
                id = BF_GLYPH_BOX;
            if (id != BF_GLYPH_EMPTY) bf_font_table_use(s->job->fonts, used, id == BF_GLYPH_BOX ? 0 : id);
            double adv = gi->geometry.width / (double)PANGO_SCALE;
            run->glyphs[k++] = (bf_glyph){id, (float)(pen + gi->geometry.x_offset / (double)PANGO_SCALE),
                                          (float)(gi->geometry.y_offset / (double)PANGO_SCALE), (float)adv, byte};
            pen += adv;
        }
    }
    run->width = pen;
}

/* The items on the line [b0, b1), grouped into runs in visual order: runs
 * of right-to-left text are reversed in place. */
/* Where the line before left off in the items, the marks and the links:
 * lines come in text order, so each finds its own from there, and setting
 * a paragraph stays linear in its lines. */
typedef struct {
    int item, mark, link;
} line_cursor;

static void line_runs(bf_setter *s, const bf_font_role *fr, const shaped *sh, int n_items, int b0, int b1,
                      line_cursor *cur, bf_line *line)
{
    int i0 = cur->item, i1;
    /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): sh[0..n_items) are set */
    while (i0 < n_items && sh[i0].item->offset + sh[i0].item->length <= b0) i0++;
    for (i1 = i0; i1 < n_items && sh[i1].item->offset < b1;) i1++;
    cur->item = i0;
    int nr = 0;
    for (int it = i0; it < i1; it++) {
        if (it == i0) {
            nr++;
            continue;
        }
        bf_glyph_run prev;
        run_attrs(&prev, sh[it - 1].item, fr->color);
        nr += !joinable(&prev, &sh[it - 1], &sh[it], fr->color);
    }
    line->runs = bf_arena_array(s->arena, (size_t)(nr ? nr : 1), sizeof(bf_glyph_run));
    int r = 0;
    for (int it = i0; it < i1;) {
        bf_glyph_run *run = &line->runs[r++];
        run_attrs(run, sh[it].item, fr->color);
        int end = it + 1;
        while (end < i1 && joinable(run, &sh[end - 1], &sh[end], fr->color)) end++;
        make_run(s, sh, it, end, b0, b1, run);
        run->em = sh[it].item->analysis.font && run->rise > 0 ? fr->size * BF_MARK_SIZE : fr->size;
        it = end;
    }
    line->n_runs = r;
    for (int i = 0; i < r;) {
        if (!line->runs[i].rtl) {
            i++;
            continue;
        }
        int j = i;
        while (j < r && line->runs[j].rtl) j++;
        for (int x = i, y = j - 1; x < y; x++, y--) {
            bf_glyph_run tmp = line->runs[x];
            line->runs[x] = line->runs[y];
            line->runs[y] = tmp;
        }
        i = j;
    }
}

/* The note numbers marked on the line [b0, b1). */
static void line_cites(bf_setter *s, const para_text *t, int b0, int b1, line_cursor *cur, bf_line *line)
{
    const mark_pos *marks = t->marks;
    int m0 = cur->mark;
    while (m0 < t->n_marks && (int)marks[m0].byte < b0) m0++;
    cur->mark = m0;
    int nm = 0;
    while (m0 + nm < t->n_marks && (int)marks[m0 + nm].byte < b1) nm++;
    if (!nm) return;
    line->cites = bf_arena_array(s->arena, (size_t)nm, sizeof(int));
    for (int q = m0; q < m0 + nm; q++) line->cites[line->n_cites++] = marks[q].number;
}

/* The link rectangles of the line, from its clusters' extents. */
static void line_links(bf_setter *s, const para_text *t, const cluster *cl, int nc, double shift, int b0, int b1,
                       line_cursor *cur, bf_line *line)
{
    const link_span *links = t->links;
    int l0 = cur->link;
    while (l0 < t->n_links && (int)links[l0].end <= b0) l0++;
    cur->link = l0;
    int nk = 0;
    while (l0 + nk < t->n_links && (int)links[l0 + nk].start < b1) nk++;
    if (!nk) return;
    line->links = bf_arena_array(s->arena, (size_t)nk, sizeof(bf_link));
    for (int q = l0; q < l0 + nk; q++) {
        link_span lk = links[q];
        double x0 = INFINITY, x1 = -INFINITY;
        for (int j = 0; j < nc; j++)
            if (cl[j].byte >= (int)lk.start && cl[j].byte < (int)lk.end) {
                x0 = fmin(x0, cl[j].x0);
                x1 = fmax(x1, cl[j].x1);
            }
        if (x0 < x1) line->links[line->n_links++] = (bf_link){x0 + shift, x1 - x0, lk.uri};
    }
}

/* One line: its runs, its width and place in the measure (indent,
 * alignment), its cites and links; then its glyphs go to the store. */
static void make_line(bf_setter *s, const bf_para_style *st, const para_text *t, const chr *c, const span_line *sl,
                      const shaped *sh, int n_items, line_cursor *cur, bf_line *line)
{
    const bf_font_role *fr = &s->layout->role[st->role];
    int b0 = c[sl->a].byte, b1 = c[sl->b].byte;
    line->text = t->text;
    line->start = b0;
    line->length = b1 - b0;
    line->ascent = (fr->leading - fr->size) / 2 + BF_ASCENT * fr->size;
    line->height = fr->leading;
    line->role = st->role;
    line_runs(s, fr, sh, n_items, b0, b1, cur, line);
    int r = line->n_runs;
    double w = runs_width(line->runs, r);
    line->width = sl->hang ? w - c[sl->b - 1].adv - c[sl->b - 1].delta : w;
    bool first = sl->para_start && sl->a == 0;
    double measure = st->width - (first ? st->indent : st->turnover);
    double shift = first ? (st->indent > 0 ? st->indent : 0) : st->turnover;
    if (st->align == BF_ALIGN_CENTER) shift += (measure - line->width) / 2;
    if (st->align == BF_ALIGN_RIGHT) shift += measure - line->width;

    int cap = line->length + 1;
    cluster *cl = g_new(cluster, cap);
    int nc = collect_clusters(t->text, line->runs, r, cl, cap);
    place_clusters(line->runs, cl, nc);
    if (shift != 0)
        for (int q = 0; q < r; q++) line->runs[q].x += shift;
    line_cites(s, t, b0, b1, cur, line);
    line_links(s, t, cl, nc, shift, b0, b1, cur, line);
    g_free(cl);
    bf_ruby_place(s, st, t, c, sl->a, sl->b, line);
    for (int q = 0; q < r; q++) bf_glyph_store_put(s->job->glyphs, &line->runs[q]);
}

bf_para *bf_make_para(bf_setter *s, const bf_para_style *st, const para_text *t, const chr *c, const span_line *lines,
                      int nl, const shaped *sh, int n_items)
{
    bf_para *para = bf_arena_alloc(s->arena, sizeof *para);
    para->lines = bf_arena_array(s->arena, (size_t)(nl ? nl : 1), sizeof(bf_line));
    para->n_lines = nl;
    line_cursor cur = {0, 0, 0};
    for (int k = 0; k < nl; k++) {
        para->lines[k].index = k;
        para->lines[k].count = nl;
        make_line(s, st, t, c, &lines[k], sh, n_items, &cur, &para->lines[k]);
    }
    return para;
}
