/* shape.c - itemizing and shaping a paragraph: its own itemizer for
 * left-to-right text and one HarfBuzz call per run of one font and script,
 * Pango's itemizer and shaper for right-to-left text.
 */
#include <string.h>

#include "text/fallback.h"
#include "text/fonts.h"
#include "text/para-private.h"
#include "text/route.h"

bool bf_has_rtl(const chr *c, int n)
{
    for (int i = 0; i < n; i++) {
        gunichar u = c[i].ch;
        if ((u >= 0x0590 && u <= 0x08ff) || (u >= 0xfb1d && u <= 0xfdff) || (u >= 0xfe70 && u <= 0xfeff) ||
            (u >= 0x10800 && u <= 0x10fff) || (u >= 0x1e800 && u <= 0x1efff) || (u >= 0x202a && u <= 0x202e) ||
            (u >= 0x2066 && u <= 0x2069) || u == 0x200f)
            return true;
    }
    return false;
}

static bool has_glyph(PangoFont *font, gunichar ch)
{
    hb_font_t *hb = font ? pango_font_get_hb_font(font) : NULL;
    hb_codepoint_t g;
    return hb && hb_font_get_nominal_glyph(hb, ch, &g);
}

/* The setter's answers to route.c: the faces of one stretch of text, as
 * Pango fonts at its size. */
typedef struct {
    bf_setter *s;
    bf_face role;
    PangoFont *base; /* the role's face */
    double size;
} font_probe;

static PangoFont *face_font(font_probe *p, bf_face f)
{
    if (f.family == p->role.family && f.bold == p->role.bold) return p->base;
    return bf_setter_font(p->s, f.family, f.bold, p->size);
}

static bool face_has(void *ctx, bf_face f, gunichar ch)
{
    return has_glyph(face_font(ctx, f), ch);
}

/* The face of each character (route.h), stretch by stretch of one role
 * face (the role's, its strong face, or the small one of a note mark), and
 * its font at the stretch's size if `font` is given. */
static void route_para(bf_setter *s, const bf_para_style *st, const chr *c, int n, const GUnicodeScript *script,
                       bf_face *faces, PangoFont **font)
{
    const bf_layout *L = s->layout;
    const bf_font_role *fr = &L->role[st->role], *sr = &L->role[BF_ROLE_STRONG];
    for (int i = 0; i < n;) {
        int kind = c[i].mark ? 2 : c[i].strong ? 1 : 0, j = i + 1;
        while (j < n && (c[j].mark ? 2 : c[j].strong ? 1 : 0) == kind) j++;
        const bf_font_role *r = kind == 1 ? sr : fr;
        double size = kind == 2 ? fr->size * BF_MARK_SIZE : fr->size;
        /* Loaded only for a stretch that has it: each font Pango loads
         * costs a fontconfig sort of fonts/. */
        font_probe p = {s, {r->family, r->bold}, bf_setter_font(s, r->family, r->bold, size), size};
        bf_route(face_has, &p, p.role, c, i, j, script, faces);
        for (int k = i; font && k < j; k++) font[k] = face_font(&p, faces[k]);
        i = j;
    }
}

/* Split the paragraph into items (into items[0..n), returning how many)
 * as Pango's itemizer would for text with no right-to-left run, knowing
 * what it has to find out: the font of each character (the role's, its
 * strong face, or the small one of a note mark) and its script (common characters such as digits and punctuation
 * join the script before them).  The font features JLREQ asks for (halt,
 * fwid, kerning off in Japanese) are not item attributes: shape_group
 * gives them to HarfBuzz by character range.  Pango's itemizer, resolving
 * fonts through fontsets for every attribute change, cost a tenth of
 * setting a document. */
static int itemize(bf_setter *s, const bf_para_style *st, const chr *c, int n, PangoItem *items)
{
    const bf_layout *L = s->layout;
    const bf_font_role *fr = &L->role[st->role];
    PangoLanguage *ja = pango_language_from_string("ja");
    int n_items = 0;
    /* The script of each character, common ones resolved. */
    GUnicodeScript *script = g_new0(GUnicodeScript, n + 1);
    bf_scripts(c, n, script);
    PangoFont **font = g_new(PangoFont *, n + 1);
    bf_face *faces = g_new(bf_face, n + 1);
    route_para(s, st, c, n, script, faces, font);
    for (int i = 0; i < n;) {
        int kind = c[i].mark ? 2 : c[i].strong ? 1 : 0;
        int j = i + 1;
        while (j < n && (c[j].mark ? 2 : c[j].strong ? 1 : 0) == kind && script[j] == script[i] && font[j] == font[i])
            j++;
        PangoItem *it = &items[n_items++];
        *it = (PangoItem){0};
        it->offset = c[i].byte;
        it->length = c[j].byte - c[i].byte;
        it->num_chars = j - i;
        it->analysis.font = font[i] ? g_object_ref(font[i]) : NULL;
        it->analysis.level = 0;
        it->analysis.gravity = PANGO_GRAVITY_SOUTH;
        it->analysis.script = (guint8)script[i];
        it->analysis.language = ja;
        GSList *extra = NULL;
        if (kind == 2) {
            extra = g_slist_prepend(extra, pango_attr_rise_new((int)(fr->size * BF_MARK_RISE * PANGO_SCALE)));
            extra = g_slist_prepend(
                extra, pango_attr_foreground_new(channel(L->accent.r), channel(L->accent.g), channel(L->accent.b)));
        }
        it->analysis.extra_attrs = extra;
        i = j;
    }
    g_free(font);
    g_free(faces);
    g_free(script);
    return n_items;
}

static bool is_kanji_kana(int script)
{
    return script == G_UNICODE_SCRIPT_HAN || script == G_UNICODE_SCRIPT_HIRAGANA || script == G_UNICODE_SCRIPT_KATAKANA;
}

/* The script a run of items is shaped in. */
static int shaping_script(bf_setter *s, const PangoItem *it)
{
    int script = it->analysis.script;
    if (script == G_UNICODE_SCRIPT_HIRAGANA || script == G_UNICODE_SCRIPT_KATAKANA) {
        hb_font_t *hb = it->analysis.font ? pango_font_get_hb_font(it->analysis.font) : NULL;
        if (hb && bf_setter_kana_as_kanji(s, hb_font_get_face(hb))) return G_UNICODE_SCRIPT_HAN;
    }
    return script;
}

/* Can items a and b, neighbours, be shaped by one HarfBuzz call?  Left to
 * right, same font and script (kanji and kana count as one when the face
 * shapes them alike): they differ at most in features, which a call takes
 * by range. */
static bool same_shaping(bf_setter *s, const PangoItem *a, const PangoItem *b)
{
    /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): the callers' items are set */
    if (a->analysis.font != b->analysis.font || (a->analysis.level % 2) || (b->analysis.level % 2) ||
        a->offset + a->length != b->offset)
        return false;
    if (a->analysis.script == b->analysis.script) return true;
    return is_kanji_kana(a->analysis.script) && is_kanji_kana(b->analysis.script) &&
           shaping_script(s, a) == shaping_script(s, b);
}

/* A character the font has no glyph for, which HarfBuzz shapes as glyph
 * 0: a tab is set as a space; one invisible by nature as nothing; any other
 * as Pango's unknown glyph, at the width of the font's .notdef, the box
 * the renderer draws for it (render/pdf.c). */
static void missing_glyph(hb_font_t *hb_font, gunichar ch, PangoGlyphInfo *g)
{
    hb_codepoint_t space;
    if (ch == '\t' && hb_font_get_nominal_glyph(hb_font, ' ', &space)) {
        g->glyph = space;
        g->geometry.width = hb_font_get_glyph_h_advance(hb_font, space);
        return;
    }
    if (g_unichar_iszerowidth(ch) || g_unichar_iscntrl(ch) || g_unichar_type(ch) == G_UNICODE_LINE_SEPARATOR ||
        g_unichar_type(ch) == G_UNICODE_PARAGRAPH_SEPARATOR || g_unichar_type(ch) == G_UNICODE_FORMAT) {
        g->glyph = PANGO_GLYPH_EMPTY;
        g->geometry.width = 0;
        return;
    }
    g->glyph = PANGO_GET_UNKNOWN_GLYPH(ch);
    g->geometry.width = hb_font_get_glyph_h_advance(hb_font, 0);
    g->geometry.x_offset = g->geometry.y_offset = 0;
}

/* A character of a figure, set at a fixed width in a column of numbers. */
static bool is_figure_char(gunichar ch)
{
    return (ch >= '0' && ch <= '9') || ch == ',' || ch == '.' || ch == '+' || ch == '-';
}

/* The glyphs of a paragraph's items: one block for them all, the glyph
 * infos and then their clusters, filled group by group and dealt to the
 * items' glyph strings when the paragraph is shaped.  A glyph string per
 * item, each with two arrays grown by Pango, were a tenth of shaping. */
typedef struct {
    char *block;
    int n, cap;
    int *first; /* by item: where its glyphs start */
} glyph_pool;

static PangoGlyphInfo *pool_info(const glyph_pool *p)
{
    return (PangoGlyphInfo *)(void *)p->block;
}

static int *pool_clusters(const glyph_pool *p)
{
    return (int *)(void *)(p->block + (size_t)p->cap * sizeof(PangoGlyphInfo));
}

/* Room for `count` more glyphs for item k; where they start. */
static int pool_take(glyph_pool *p, int k, int count)
{
    if (p->n + count > p->cap) {
        int cap = MAX(2 * p->cap, p->n + count);
        char *block = g_malloc((size_t)cap * (sizeof(PangoGlyphInfo) + sizeof(int)));
        memcpy(block, p->block, (size_t)p->n * sizeof(PangoGlyphInfo));
        memcpy(block + (size_t)cap * sizeof(PangoGlyphInfo), pool_clusters(p), (size_t)p->n * sizeof(int));
        g_free(p->block);
        p->block = block;
        p->cap = cap;
    }
    p->first[k] = p->n;
    p->n += count;
    return p->first[k];
}

/* A glyph string Pango shaped, into the pool as item k's. */
static void pool_put(glyph_pool *p, int k, PangoGlyphString *gs, const PangoGlyphString *from)
{
    int at = pool_take(p, k, from->num_glyphs);
    memcpy(pool_info(p) + at, from->glyphs, (size_t)from->num_glyphs * sizeof(PangoGlyphInfo));
    memcpy(pool_clusters(p) + at, from->log_clusters, (size_t)from->num_glyphs * sizeof(int));
    gs->num_glyphs = gs->space = from->num_glyphs;
}

/* Item k shaped by Pango (right-to-left text, or no HarfBuzz font), its
 * glyphs into the pool. */
static void shape_by_pango(const char *text, int len, shaped *sh, int k, glyph_pool *pool)
{
    PangoGlyphString *gs = pango_glyph_string_new();
    pango_shape_with_flags(text + sh[k].item->offset, sh[k].item->length, text, len, &sh[k].item->analysis, gs,
                           PANGO_SHAPE_NONE);
    pool_put(pool, k, sh[k].glyphs, gs);
    pango_glyph_string_free(gs);
}

/* Shape items [k0, k1) of one font and script with one HarfBuzz call, the
 * JLREQ features (halt, fwid, kerning off in Japanese) given by character
 * range, and deal the glyphs out to the items.  pango_shape per item, with
 * the features as item attributes, split a paragraph into some thirty
 * items, and each call made a font, a buffer and a glyph string of its
 * own: twice what shaping itself cost.  The result is what Pango gives:
 * its hb_font (scaled to Pango units), its invisible glyph, its cluster
 * level, its unknown glyphs. */
static void shape_group(bf_setter *s, const char *text, int len, shaped *sh, int k0, int k1, const chr *c,
                        const int *char_at, bool tabular, glyph_pool *pool)
{
    const PangoItem *first = sh[k0].item, *last = sh[k1 - 1].item;
    int start = first->offset, end = last->offset + last->length;
    PangoFont *font = first->analysis.font;
    hb_font_t *hb_font = font ? pango_font_get_hb_font(font) : NULL;
    if (!hb_font) {
        for (int k = k0; k < k1; k++) shape_by_pango(text, len, sh, k, pool);
        return;
    }
    if (!s->hb) s->hb = hb_buffer_create();
    hb_buffer_t *buf = s->hb;
    hb_buffer_reset(buf);
    hb_segment_properties_t props = {
        HB_DIRECTION_LTR,
        hb_script_from_iso15924_tag(g_unicode_script_to_iso15924((GUnicodeScript)shaping_script(s, first))),
        hb_language_from_string(pango_language_to_string(first->analysis.language), -1), NULL, NULL};
    hb_buffer_set_segment_properties(buf, &props);
    hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
    hb_buffer_set_invisible_glyph(buf, PANGO_GLYPH_EMPTY);
    hb_buffer_set_flags(buf, (start == 0 ? HB_BUFFER_FLAG_BOT : 0) | (end == len ? HB_BUFFER_FLAG_EOT : 0));
    hb_buffer_add_utf8(buf, text, len, (unsigned)start, end - start);

    /* Features by range: each run of characters with the same ones. */
    int i0 = char_at[start], i1 = char_at[end];
    hb_feature_t *feat = g_new(hb_feature_t, 4 * (size_t)(i1 - i0) + 1);
    int nf = 0;
    for (int i = i0; i < i1;) {
        bool halt = c[i].halt, fwid = c[i].fwid, nokern = bf_is_cjk(c[i].ch) && !c[i].mark;
        bool tab = tabular && is_figure_char(c[i].ch);
        int j = i + 1;
        while (j < i1 && c[j].halt == halt && c[j].fwid == fwid && (bf_is_cjk(c[j].ch) && !c[j].mark) == nokern &&
               (tabular && is_figure_char(c[j].ch)) == tab)
            j++;
        unsigned a = (unsigned)c[i].byte, b = (unsigned)c[j].byte;
        /* Noto CJK has no tnum; its half-width forms are all 500 units. */
        if (tab) feat[nf++] = (hb_feature_t){HB_TAG('h', 'w', 'i', 'd'), 1, a, b};
        if (halt) feat[nf++] = (hb_feature_t){HB_TAG('h', 'a', 'l', 't'), 1, a, b};
        if (fwid) feat[nf++] = (hb_feature_t){HB_TAG('f', 'w', 'i', 'd'), 1, a, b};
        if (nokern) feat[nf++] = (hb_feature_t){HB_TAG('k', 'e', 'r', 'n'), 0, a, b};
        i = j;
    }
    hb_shape_plan_execute(bf_setter_plan(s, hb_font_get_face(hb_font), &props), hb_font, buf, feat, (unsigned)nf);
    g_free(feat);

    unsigned n = 0;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    unsigned g = 0;
    for (int k = k0; k < k1; k++) {
        const PangoItem *it = sh[k].item;
        unsigned g0 = g;
        while (g < n && (int)info[g].cluster < it->offset + it->length) g++;
        int at = pool_take(pool, k, (int)(g - g0));
        sh[k].glyphs->num_glyphs = sh[k].glyphs->space = (int)(g - g0);
        PangoGlyphInfo *infos = pool_info(pool) + at;
        int *clusters = pool_clusters(pool) + at;
        for (unsigned q = g0; q < g; q++) {
            PangoGlyphInfo *gi = &infos[q - g0];
            gi->glyph = info[q].codepoint;
            gi->geometry.width = pos[q].x_advance;
            gi->geometry.x_offset = pos[q].x_offset;
            gi->geometry.y_offset = -pos[q].y_offset;
            gi->attr.is_cluster_start = q == g0 || info[q].cluster != info[q - 1].cluster;
            gi->attr.is_color = 0;
            clusters[q - g0] = (int)info[q].cluster - it->offset;
            if (gi->glyph == 0) missing_glyph(hb_font, g_utf8_get_char(text + info[q].cluster), gi);
        }
    }
}

void bf_report_missing_chars(bf_setter *s, const bf_para_style *st, const gunichar *chs, int n)
{
    for (int i = 0; i < n; i++) {
        /* Once a document, at the first place: a name that no font has is
         * one problem however often it comes. */
        if (!s->missing) s->missing = g_hash_table_new(g_direct_hash, g_direct_equal);
        if (!g_hash_table_add(s->missing, GUINT_TO_POINTER(chs[i]))) continue;
        char utf8[8] = {0};
        g_unichar_to_utf8(chs[i], utf8);
        if (g_unichar_iscntrl(chs[i])) utf8[0] = 0;
        bf_warning(s->diag, s->file, st->where, "no font has U+%04X %s; it is set as a box", (unsigned)chs[i], utf8);
    }
}

void bf_report_missing(bf_setter *s, const bf_para_style *st, const chr *c, int n)
{
    for (int i = 0; i < n; i++)
        if (c[i].glyph == -2) bf_report_missing_chars(s, st, &c[i].ch, 1);
}

/* Right-to-left text needs the bidi algorithm: Pango's itemizer, told the
 * features as attributes (itemize() above for the rest), and told the
 * emoji face of each emoji as the rule for all text gives it (route.h):
 * its own family list would set an emoji Symbola has in Symbola, and a
 * skin tone apart from its base. */
static GList *itemize_bidi(bf_setter *s, const bf_para_style *st, para_text *t, const chr *c, int n)
{
    GUnicodeScript *script = g_new0(GUnicodeScript, n + 1);
    bf_face *faces = g_new(bf_face, n + 1);
    bf_scripts(c, n, script);
    route_para(s, st, c, n, script, faces, NULL);
    for (int i = 0; i < n;) {
        int j = i + 1;
        if (!bf_is_emoji_face(faces[i])) {
            i = j;
            continue;
        }
        while (j < n && bf_same_face(faces[j], faces[i])) j++;
        size_t start = (size_t)c[i].byte, end = (size_t)c[j].byte;
        add_attr(t->attrs, pango_attr_family_new(faces[i].family), start, end);
        add_attr(t->attrs, pango_attr_weight_new(faces[i].bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL), start, end);
        i = j;
    }
    g_free(faces);
    g_free(script);
    for (int i = 0; i < n; i++) {
        int end = c[i + 1].byte;
        if (c[i].halt) add_attr(t->attrs, pango_attr_font_features_new("halt"), (size_t)c[i].byte, (size_t)end);
        if (c[i].fwid) add_attr(t->attrs, pango_attr_font_features_new("fwid"), (size_t)c[i].byte, (size_t)end);
        if (bf_is_cjk(c[i].ch) && !c[i].mark)
            add_attr(t->attrs, pango_attr_font_features_new("kern=0"), (size_t)c[i].byte, (size_t)end);
    }
    PangoContext *ctx = bf_fonts_context(s->fonts);
    pango_context_set_font_description(ctx, bf_fonts_role(s->fonts, st->role));
    return pango_itemize(ctx, t->text, 0, t->len, t->attrs, NULL);
}

/* Each character's advance, and the item and glyphs its cluster ends in
 * (-2: no font has it; -3: right-to-left, set as it comes). */
static void measure(shaped *sh, int n_items, chr *c, const int *char_at)
{
    for (int k = 0; k < n_items; k++) {
        PangoItem *it = sh[k].item;
        bool rtl = it->analysis.level % 2;
        PangoGlyphString *gs = sh[k].glyphs;
        for (int g = 0; g < gs->num_glyphs; g++) {
            int ci = char_at[it->offset + gs->log_clusters[g]];
            c[ci].adv += gs->glyphs[g].geometry.width / (double)PANGO_SCALE;
            if (c[ci].glyph == -2) continue;
            if ((gs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG) && !(c[ci].cls & C_BREAK) &&
                !g_unichar_iscntrl(c[ci].ch)) {
                c[ci].glyph = -2;
                continue;
            }
            if (rtl) {
                c[ci].glyph = -3; /* set as it comes: no adjustments inside RTL text */
                continue;
            }
            c[ci].item = k;
            if (c[ci].first_glyph < 0) c[ci].first_glyph = g;
            c[ci].glyph = g;
        }
    }
}

/* sh[0..n_items), with its glyph strings after it, for items set in. */
static shaped *new_shaped(int n_items, size_t item_size, PangoItem **items)
{
    int m = n_items > 0 ? n_items : 1;
    shaped *sh = g_malloc0((size_t)m * (sizeof(shaped) + sizeof(PangoGlyphString) + item_size));
    PangoGlyphString *strings = (PangoGlyphString *)(void *)(sh + m);
    for (int k = 0; k < n_items; k++) sh[k].glyphs = &strings[k];
    *items = (PangoItem *)(void *)(strings + m);
    return sh;
}

/* Shape the items, group by group (right-to-left ones by Pango, one by
 * one), their glyphs into one block (sh[0].pool). */
static void shape_items(bf_setter *s, const bf_para_style *st, para_text *t, const chr *c, const int *char_at, int n,
                        shaped *sh, int n_items)
{
    int m = n_items > 0 ? n_items : 1;
    glyph_pool pool = {.cap = n + 8, .first = g_new(int, m)};
    pool.block = g_malloc((size_t)pool.cap * (sizeof(PangoGlyphInfo) + sizeof(int)));
    for (int k = 0; k < n_items;) {
        int end = k + 1;
        /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): sh[0..n_items) are set */
        if (sh[k].item->analysis.level % 2) {
            shape_by_pango(t->text, t->len, sh, k, &pool);
        } else {
            while (end < n_items && same_shaping(s, sh[end - 1].item, sh[end].item)) end++;
            shape_group(s, t->text, t->len, sh, k, end, c, char_at, st->tabular, &pool);
        }
        k = end;
    }
    for (int k = 0; k < n_items; k++) {
        sh[k].glyphs->glyphs = pool_info(&pool) + pool.first[k];
        sh[k].glyphs->log_clusters = pool_clusters(&pool) + pool.first[k];
    }
    sh[0].pool = pool.block;
    g_free(pool.first);
}

void bf_shape_para(bf_setter *s, const bf_para_style *st, para_text *t, chr *c, int n, const int *char_at, shaped **out,
                   int *out_n)
{
    shaped *sh;
    int n_items;
    PangoItem *own;
    if (bf_has_rtl(c, n)) {
        /* Pango's items, freed by Pango. */
        GList *items = itemize_bidi(s, st, t, c, n);
        n_items = (int)g_list_length(items);
        sh = new_shaped(n_items, 0, &own);
        int k = 0;
        for (GList *l = items; l; l = l->next, k++) {
            sh[k].item = l->data;
            sh[k].pango_item = true;
        }
        g_list_free(items); /* the items are sh's now */
    } else {
        /* The paragraph's own, in sh's block after its glyph strings. */
        PangoItem *items = g_new(PangoItem, n > 0 ? n : 1);
        n_items = itemize(s, st, c, n, items);
        sh = new_shaped(n_items, sizeof(PangoItem), &own);
        for (int k = 0; k < n_items; k++) {
            own[k] = items[k];
            sh[k].item = &own[k];
        }
        g_free(items);
    }
    shape_items(s, st, t, c, char_at, n, sh, n_items);
    measure(sh, n_items, c, char_at);
    *out = sh;
    *out_n = n_items;
}

void bf_shaped_free(shaped *sh, int n_items)
{
    if (!sh) return;
    for (int k = 0; k < n_items; k++) {
        if (sh[k].pango_item) {
            pango_item_free(sh[k].item);
            continue;
        }
        PangoAnalysis *a = &sh[k].item->analysis;
        g_slist_free_full(a->extra_attrs, (GDestroyNotify)pango_attribute_destroy);
        if (a->font) g_object_unref(a->font);
    }
    g_free(sh[0].pool);
    g_free(sh);
}
