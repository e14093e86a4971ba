/* setter-cache.c - what the setter keeps between paragraphs: the fonts it
 * loaded, each face's answer to "kana as kanji?", and the shape plans.
 */
#include <hb-ot.h>
#include <stdio.h>
#include <string.h>

#include "text/fonts.h"
#include "text/para-private.h"

static void remember(bf_setter *s, const char *family, bool bold, double size, PangoFont *f)
{
    int n = (int)(sizeof s->recent / sizeof *s->recent);
    int at = s->n_recent < n ? s->n_recent++ : s->next_recent++ % n;
    s->recent[at].family = family;
    s->recent[at].bold = bold;
    s->recent[at].size = size;
    s->recent[at].font = f; /* owned by s->loaded */
}

PangoFont *bf_setter_font(bf_setter *s, const char *family, bool bold, double size)
{
    /* The last few asked for first: a paragraph asks for three, every time
     * (formatting the key below was 2% of setting a long document). */
    for (int i = 0; i < s->n_recent; i++)
        if (s->recent[i].family == family && s->recent[i].bold == bold && s->recent[i].size == size)
            return s->recent[i].font;
    char key[160];
    snprintf(key, sizeof key, "%s|%d|%.4f", family, bold, size);
    PangoFont *f = g_hash_table_lookup(s->loaded, key);
    if (f) {
        remember(s, family, bold, size, f);
        return f;
    }
    PangoFontDescription *d = pango_font_description_new();
    pango_font_description_set_family(d, family);
    pango_font_description_set_weight(d, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_size(d, (int)(size * PANGO_SCALE + 0.5));
    PangoContext *ctx = bf_fonts_context(s->fonts);
    f = pango_font_map_load_font(pango_context_get_font_map(ctx), ctx, d);
    pango_font_description_free(d);
    if (f) {
        g_hash_table_insert(s->loaded, g_strdup(key), f);
        if (s->origin && !g_hash_table_contains(s->origin, f)) {
            font_key *k = g_new(font_key, 1);
            *k = (font_key){family, bold, size};
            g_hash_table_insert(s->origin, f, k);
        }
        remember(s, family, bold, size, f);
    }
    return f;
}

/* What a face's GSUB or GPOS does for a script and language: each of its
 * features' tag and lookups, in order, into out[0..cap) (0 if the script
 * is not there); the count, or cap if it did not fit. */
static unsigned script_features(hb_face_t *face, hb_tag_t table, hb_tag_t script, hb_tag_t lang, unsigned *out,
                                unsigned cap)
{
    unsigned si, li, n = 0;
    hb_tag_t chosen;
    if (!hb_ot_layout_table_select_script(face, table, 1, &script, &si, &chosen)) {
        out[n++] = 0;
        return n;
    }
    hb_ot_layout_script_select_language(face, table, si, 1, &lang, &li);
    unsigned idx[128], tags[128], nf = 128;
    hb_ot_layout_language_get_feature_indexes(face, table, si, li, 0, &nf, idx);
    unsigned nt = nf;
    hb_ot_layout_language_get_feature_tags(face, table, si, li, 0, &nt, tags);
    for (unsigned f = 0; f < nf && f < nt; f++) {
        unsigned lookups[256], nl = 256;
        hb_ot_layout_feature_get_lookups(face, table, idx[f], 0, &nl, lookups);
        if (n + 2 + nl > cap) return cap;
        out[n++] = tags[f];
        out[n++] = nl;
        memcpy(out + n, lookups, nl * sizeof *out);
        n += nl;
    }
    return n;
}

/* Does the face shape Japanese kanji and kana alike: the same features for
 * 'hani' and 'kana' in GSUB and GPOS?  Then a run of Japanese is one
 * HarfBuzz call whatever its scripts, which alternate every few characters
 * (漢字かな交じり).  Noto CJK does; a face that did not would be shaped
 * script by script.  Asked once a face. */
bool bf_setter_kana_as_kanji(bf_setter *s, hb_face_t *face)
{
    for (int i = 0; i < s->n_kana; i++)
        if (s->kana[i].face == face) return s->kana[i].same;
    static const hb_tag_t tables[] = {HB_OT_TAG_GSUB, HB_OT_TAG_GPOS};
    bool same = true;
    for (int t = 0; t < 2 && same; t++) {
        unsigned a[1024], b[1024];
        unsigned na = script_features(face, tables[t], HB_TAG('h', 'a', 'n', 'i'), HB_TAG('J', 'A', 'N', ' '), a, 1024);
        unsigned nb = script_features(face, tables[t], HB_TAG('k', 'a', 'n', 'a'), HB_TAG('J', 'A', 'N', ' '), b, 1024);
        same = na == nb && na < 1024 && !memcmp(a, b, na * sizeof *a);
    }
    if (s->n_kana < (int)(sizeof s->kana / sizeof *s->kana)) {
        s->kana[s->n_kana].face = face;
        s->kana[s->n_kana++].same = same;
    }
    return same;
}

/* The shape plan for a face and script, with halt, fwid and kern as
 * features by range.  HarfBuzz caches no plan whose features have ranges,
 * and making one for a CJK font walks all its lookups; the setter makes
 * each once.  A feature by range that a call gives no range to is not
 * applied (halt, fwid) or applies as by default (kern). */
hb_shape_plan_t *bf_setter_plan(bf_setter *s, hb_face_t *face, const hb_segment_properties_t *props)
{
    char key[64];
    snprintf(key, sizeof key, "%p|%u|%p", (void *)face, (unsigned)props->script, (const void *)props->language);
    if (!s->plans)
        s->plans = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)hb_shape_plan_destroy);
    hb_shape_plan_t *plan = g_hash_table_lookup(s->plans, key);
    if (!plan) {
        static const hb_feature_t ranged[] = {
            {HB_TAG('h', 'a', 'l', 't'), 1, 0, 1},
            {HB_TAG('f', 'w', 'i', 'd'), 1, 0, 1},
            {HB_TAG('k', 'e', 'r', 'n'), 0, 0, 1},
            {HB_TAG('h', 'w', 'i', 'd'), 1, 0, 1}, /* tabular figures */
        };
        plan = hb_shape_plan_create(face, props, ranged, 4, NULL);
        g_hash_table_insert(s->plans, g_strdup(key), plan);
    }
    return plan;
}
