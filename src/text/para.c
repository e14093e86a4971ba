#include "text/para.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

struct bf_setter {
    bf_arena *arena;
    bf_diag *diag;
    bf_fonts *fonts;
    const bf_layout *layout;
    GPtrArray *items; /* every PangoGlyphItem handed out, freed at the end */
    PangoLayout *scratch;
};

bf_setter *bf_setter_new(bf_arena *a, bf_diag *d, bf_fonts *fonts, const bf_layout *layout)
{
    bf_setter *s = bf_arena_alloc(a, sizeof *s);
    if (!s) return NULL;
    s->arena = a;
    s->diag = d;
    s->fonts = fonts;
    s->layout = layout;
    s->items = g_ptr_array_new_with_free_func((GDestroyNotify)pango_glyph_item_free);
    /* One layout object reused for every paragraph: creating a PangoLayout
     * per paragraph costs more than setting most paragraphs. */
    s->scratch = pango_layout_new(bf_fonts_context(fonts));
    return s;
}

void bf_setter_free(bf_setter *s)
{
    if (!s) return;
    if (s->items) g_ptr_array_free(s->items, TRUE);
    if (s->scratch) g_object_unref(s->scratch);
}

static guint16 channel(double v)
{
    return (guint16)lround(v * 65535.0);
}

static void add_attr(PangoAttrList *l, PangoAttribute *a, size_t start, size_t end)
{
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(l, a);
}

/* Colour and rise are drawing attributes: Pango keeps them on the item, and
 * pango_cairo_show_glyph_item ignores them, so the setter hands them on. */
static void run_attrs(bf_glyph_run *run, bf_color dflt)
{
    run->color = dflt;
    run->rise = 0;
    for (GSList *l = run->item->item->analysis.extra_attrs; l; l = l->next) {
        PangoAttribute *a = l->data;
        if (a->klass->type == PANGO_ATTR_FOREGROUND) {
            PangoColor c = ((PangoAttrColor *)a)->color;
            run->color = (bf_color){c.red / 65535.0, c.green / 65535.0, c.blue / 65535.0};
        } else if (a->klass->type == PANGO_ATTR_RISE) {
            run->rise = ((PangoAttrInt *)a)->value / (double)PANGO_SCALE;
        }
    }
}

/* ---- character classes -------------------------------------------------- */

/* Characters of Japanese text: kana, ideographs, CJK punctuation and the
 * full-width forms.  JLREQ spaces lines out between these, never between the
 * letters of a Latin word. */
static bool is_cjk(gunichar c)
{
    return (c >= 0x3000 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) ||
           (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
           (c >= 0xff00 && c <= 0xffef) || (c >= 0x20000 && c <= 0x3ffff) ||
           (c >= 0x31f0 && c <= 0x31ff);
}

/* ---- lines -------------------------------------------------------------- */

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
        PangoGlyphItem *gi = runs[r].item;
        PangoGlyphString *gs = gi->glyphs;
        for (int g = 0; g < gs->num_glyphs; g++) {
            bool starts = g == 0 || gs->log_clusters[g] != gs->log_clusters[g - 1];
            if (starts) {
                if (n == cap) return n;
                int byte = gi->item->offset + gs->log_clusters[g];
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
        PangoGlyphString *gs = runs[r].item->glyphs;
        for (int g = first; g <= cl[c].last; g++) x += gs->glyphs[g].geometry.width / (double)PANGO_SCALE;
        cl[c].x1 = x;
    }
}

static void widen(bf_glyph_run *runs, const cluster *c, double dx)
{
    runs[c->run].item->glyphs->glyphs[c->last].geometry.width += (int)lround(dx * PANGO_SCALE);
}

/* Spread the slack of a justified line between its characters (JLREQ 3.8:
 * expansion is distributed between all characters; not inside Latin words,
 * where ASCII spaces take it instead). */
static void justify(bf_glyph_run *runs, cluster *cl, int n, double slack)
{
    if (slack <= 0.01 || n < 2) return;
    int spaces = 0, gaps = 0;
    for (int i = 0; i + 1 < n; i++) {
        gunichar a = cl[i].ch, b = cl[i + 1].ch;
        if (a == ' ')
            spaces++;
        else if (is_cjk(a) || is_cjk(b))
            gaps++;
    }
    if (gaps + spaces == 0) return;
    /* Latin spaces may stretch a little more than the gaps between Japanese
     * characters, so that a line of Latin words is not left ragged. */
    double share = slack / (gaps + 2.0 * spaces);
    for (int i = 0; i + 1 < n; i++) {
        gunichar a = cl[i].ch, b = cl[i + 1].ch;
        if (a == ' ')
            widen(runs, &cl[i], 2 * share);
        else if (is_cjk(a) || is_cjk(b))
            widen(runs, &cl[i], share);
    }
}

static double runs_width(bf_glyph_run *runs, int n)
{
    double w = 0;
    for (int r = 0; r < n; r++) {
        runs[r].x = w;
        w += pango_glyph_string_get_width(runs[r].item->glyphs) / (double)PANGO_SCALE;
    }
    return w;
}

typedef struct {
    size_t start, end;
    const char *uri;
} link_span;

typedef struct {
    size_t byte;
    int number;
} mark_pos;

static void report_missing(bf_setter *s, const bf_para_style *st, const char *text, bf_glyph_run *runs,
                           int n_runs)
{
    for (int r = 0; r < n_runs; r++) {
        PangoGlyphString *gs = runs[r].item->glyphs;
        for (int g = 0; g < gs->num_glyphs; g++) {
            if (!(gs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG)) continue;
            int byte = runs[r].item->item->offset + gs->log_clusters[g];
            gunichar ch = g_utf8_get_char(text + byte);
            if (ch == '\n' || ch == '\r' || ch == 0x2028) continue;
            char utf8[8] = {0};
            g_unichar_to_utf8(ch, utf8);
            if (g_unichar_iscntrl(ch)) utf8[0] = 0;
            bf_warning(s->diag, NULL, st->where, "no font has U+%04X %s; it is set as a box",
                       (unsigned)ch, utf8);
        }
    }
}

bf_para *bf_para_set(bf_setter *s, const bf_span *spans, int n_spans, const bf_para_style *st)
{
    const bf_layout *L = s->layout;
    const bf_font_role *fr = &L->role[st->role];
    GString *buf = g_string_sized_new(256);
    PangoAttrList *attrs = pango_attr_list_new();
    link_span links[64];
    int n_links = 0;
    mark_pos marks[128];
    int n_marks = 0;

    for (int i = 0; i < n_spans; i++) {
        const bf_span *sp = &spans[i];
        size_t start = buf->len;
        if (sp->kind == BF_SPAN_BREAK) {
            g_string_append_c(buf, '\n');
            continue;
        }
        g_string_append(buf, sp->text);
        size_t end = buf->len;
        if (sp->kind == BF_SPAN_STRONG) {
            const bf_font_role *sr = &L->role[BF_ROLE_STRONG];
            add_attr(attrs, pango_attr_family_new(sr->family), start, end);
            add_attr(attrs, pango_attr_weight_new(sr->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL),
                     start, end);
        } else if (sp->kind == BF_SPAN_MARK) {
            /* A note mark rides on the character before it: small, raised,
             * and never separated from it by a line break. */
            add_attr(attrs, pango_attr_size_new((int)(fr->size * 0.62 * PANGO_SCALE)), start, end);
            add_attr(attrs, pango_attr_rise_new((int)(fr->size * 0.38 * PANGO_SCALE)), start, end);
            add_attr(attrs, pango_attr_foreground_new(channel(L->accent.r), channel(L->accent.g),
                                                      channel(L->accent.b)),
                     start, end);
            size_t before = start;
            if (before > 0) before = (size_t)(g_utf8_prev_char(buf->str + start) - buf->str);
            add_attr(attrs, pango_attr_allow_breaks_new(FALSE), before, end);
            if (n_marks < (int)(sizeof marks / sizeof marks[0]))
                marks[n_marks++] = (mark_pos){start, sp->cite};
        }
        if (sp->link && n_links < (int)(sizeof links / sizeof links[0]))
            links[n_links++] = (link_span){start, end, sp->link};
    }

    PangoLayout *lay = s->scratch;
    pango_layout_set_font_description(lay, bf_fonts_role(s->fonts, st->role));
    pango_layout_set_width(lay, (int)(st->width * PANGO_SCALE));
    pango_layout_set_indent(lay, (int)(st->indent * PANGO_SCALE));
    pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(lay, PANGO_ALIGN_LEFT);
    pango_layout_set_justify(lay, FALSE);
    pango_layout_set_text(lay, buf->str, (int)buf->len);
    pango_layout_set_attributes(lay, attrs);
    pango_attr_list_unref(attrs);

    char *text = bf_arena_strndup(s->arena, buf->str, buf->len);
    g_string_free(buf, TRUE);

    GSList *pl = pango_layout_get_lines_readonly(lay);
    int n_lines = (int)g_slist_length(pl);
    bf_para *para = bf_arena_alloc(s->arena, sizeof *para);
    para->lines = bf_arena_array(s->arena, (size_t)(n_lines ? n_lines : 1), sizeof(bf_line));
    para->n_lines = n_lines;

    /* The ideographic em box sits 0.88 em above the baseline in Noto CJK;
     * centring the box in the line pitch puts the baseline here. */
    double ascent = (fr->leading - fr->size) / 2 + 0.88 * fr->size;
    int li = 0;
    for (GSList *l = pl; l; l = l->next, li++) {
        PangoLayoutLine *pline = l->data;
        bool last = !l->next || ((PangoLayoutLine *)l->next->data)->is_paragraph_start;
        bf_line *line = &para->lines[li];
        line->text = text;
        line->start = pline->start_index;
        line->length = pline->length;
        line->ascent = ascent;
        line->height = fr->leading;
        line->role = st->role;
        line->index = li;
        line->count = n_lines;
        int nr = (int)g_slist_length(pline->runs);
        line->runs = bf_arena_array(s->arena, (size_t)(nr ? nr : 1), sizeof(bf_glyph_run));
        int r = 0;
        for (GSList *rl = pline->runs; rl; rl = rl->next) {
            PangoGlyphItem *gi = pango_glyph_item_copy(rl->data);
            g_ptr_array_add(s->items, gi);
            line->runs[r].item = gi;
            run_attrs(&line->runs[r], fr->color);
            r++;
        }
        line->n_runs = nr;
        report_missing(s, st, text, line->runs, nr);

        double indent = (pline->is_paragraph_start && st->indent > 0) ? st->indent : 0;
        double measure = st->width - indent;
        int cap = pline->length + 1;
        cluster *cl = g_new(cluster, cap);
        int nc = collect_clusters(text, line->runs, nr, cl, cap);
        /* A space the line broke at takes no room at its end. */
        if (!last && nc > 0 && cl[nc - 1].ch == ' ') {
            PangoGlyphString *gs = line->runs[cl[nc - 1].run].item->glyphs;
            for (int g = 0; g < gs->num_glyphs; g++)
                if (line->runs[cl[nc - 1].run].item->item->offset + gs->log_clusters[g] == cl[nc - 1].byte)
                    gs->glyphs[g].geometry.width = 0;
        }
        double natural = runs_width(line->runs, nr);
        if (st->align == BF_ALIGN_JUSTIFY && !last) justify(line->runs, cl, nc, measure - natural);
        line->width = runs_width(line->runs, nr);
        place_clusters(line->runs, cl, nc);

        double shift = indent;
        if (st->align == BF_ALIGN_CENTER) shift += (measure - line->width) / 2;
        if (st->align == BF_ALIGN_RIGHT) shift += measure - line->width;
        if (shift != 0)
            for (int k = 0; k < nr; k++) line->runs[k].x += shift;

        /* Marks and links that fall on this line. */
        int nm = 0;
        for (int k = 0; k < n_marks; k++)
            if ((int)marks[k].byte >= line->start && (int)marks[k].byte < line->start + line->length) nm++;
        if (nm) {
            line->cites = bf_arena_array(s->arena, (size_t)nm, sizeof(int));
            for (int k = 0; k < n_marks; k++)
                if ((int)marks[k].byte >= line->start && (int)marks[k].byte < line->start + line->length)
                    line->cites[line->n_cites++] = marks[k].number;
        }
        if (n_links) {
            line->links = bf_arena_array(s->arena, (size_t)n_links, sizeof(bf_link));
            for (int k = 0; k < n_links; k++) {
                double x0 = INFINITY, x1 = -INFINITY;
                for (int c = 0; c < nc; c++)
                    if (cl[c].byte >= (int)links[k].start && cl[c].byte < (int)links[k].end) {
                        x0 = fmin(x0, cl[c].x0);
                        x1 = fmax(x1, cl[c].x1);
                    }
                if (x0 < x1)
                    line->links[line->n_links++] = (bf_link){x0 + shift, x1 - x0, links[k].uri};
            }
        }
        g_free(cl);
    }
    return para;
}

double bf_text_width(bf_setter *s, bf_role role, const char *text)
{
    PangoLayout *lay = s->scratch;
    pango_layout_set_attributes(lay, NULL);
    pango_layout_set_font_description(lay, bf_fonts_role(s->fonts, role));
    pango_layout_set_width(lay, -1);
    pango_layout_set_indent(lay, 0);
    pango_layout_set_text(lay, text, -1);
    int w;
    pango_layout_get_size(lay, &w, NULL);
    return w / (double)PANGO_SCALE;
}
