#include "text/cut.h"
#include "text/otfcut.h"

#include <cairo-ft.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <string.h>

/* One font file and the glyphs set in it, at every size. */
typedef struct {
    char *file;
    int index;
    hb_set_t *glyphs;
    cairo_font_face_t *face; /* the cut, once made; NULL if it cannot be */
    uint16_t *new_id;        /* a glyph's id in the cut, by its id in the file */
    unsigned n_ids;          /* the size of new_id */
    hb_set_t *outlined;      /* glyphs (new ids) whose outlines cairo has loaded */
} source;

typedef struct {
    cairo_scaled_font_t *cut;
    source *src;
} cut_font;

struct bf_font_cut {
    GPtrArray *sources;
    GHashTable *fonts; /* const bf_font * -> cut_font */
};

/* The source of a font, found or added. */
static source *source_of(bf_font_cut *c, const bf_font *font)
{
    FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(bf_font_pango(font)));
    FcChar8 *file = NULL;
    int index = 0;
    if (!pat || FcPatternGetString(pat, FC_FILE, 0, &file) != FcResultMatch) return NULL;
    FcPatternGetInteger(pat, FC_INDEX, 0, &index);
    for (guint i = 0; i < c->sources->len; i++) {
        source *s = g_ptr_array_index(c->sources, i);
        if (s->index == index && !strcmp(s->file, (const char *)file)) return s;
    }
    source *src = g_new0(source, 1);
    src->file = g_strdup((const char *)file);
    src->index = index;
    src->glyphs = hb_set_create();
    src->outlined = hb_set_create();
    g_ptr_array_add(c->sources, src);
    return src;
}

static void gather_font(const bf_font *font, void *ctx)
{
    bf_font_cut *c = ctx;
    source *src = source_of(c, font);
    if (!src) return;
    hb_set_union(src->glyphs, bf_font_glyphs(font));
    cut_font *cf = g_new0(cut_font, 1);
    cf->src = src;
    g_hash_table_insert(c->fonts, (gpointer)font, cf);
}

static void source_free(gpointer p)
{
    source *s = p;
    g_free(s->file);
    hb_set_destroy(s->glyphs);
    hb_set_destroy(s->outlined);
    g_free(s->new_id);
    if (s->face) cairo_font_face_destroy(s->face);
    g_free(s);
}

/* What a cut face keeps alive: cairo may hold a font face (in its cache of
 * recently used fonts) after the cut is freed, so the face owns its
 * FreeType face, the library that made it and the bytes it reads. */
typedef struct {
    FT_Library lib;
    FT_Face face;
    hb_blob_t *bytes;
} cut_face;

static const cairo_user_data_key_t cut_face_key;

static void cut_face_free(void *p)
{
    cut_face *cf = p;
    FT_Done_Face(cf->face);
    FT_Done_FreeType(cf->lib); /* the library and its memory record */
    hb_blob_destroy(cf->bytes);
    g_free(cf);
}

/* The font file cut to the source's glyphs, or NULL; fills in new_id. */
static hb_blob_t *cut_bytes(source *src)
{
    if (src->index != 0) return NULL; /* a collection: drawn whole */
    GMappedFile *file = g_mapped_file_new(src->file, FALSE, NULL);
    if (!file) return NULL;
    /* .notdef first, then the glyphs set, in order. */
    unsigned n = hb_set_get_population(src->glyphs);
    unsigned *gids = g_new(unsigned, n + 1);
    gids[0] = 0;
    unsigned k = 1 + hb_set_next_many(src->glyphs, 0, gids + 1, n); /* those after 0 */
    size_t len = 0;
    unsigned char *cut = bf_otf_cut((const unsigned char *)g_mapped_file_get_contents(file),
                                    g_mapped_file_get_length(file), gids, k, &len);
    g_mapped_file_unref(file);
    if (cut) {
        src->n_ids = gids[k - 1] + 1;
        src->new_id = g_new0(uint16_t, src->n_ids);
        for (unsigned i = 0; i < k; i++) src->new_id[gids[i]] = (uint16_t)i;
    }
    g_free(gids);
    return cut ? hb_blob_create((const char *)cut, (unsigned)len, HB_MEMORY_MODE_WRITABLE, cut, free) : NULL;
}

static cairo_font_face_t *cut_source(source *src)
{
    cut_face *cf = g_new0(cut_face, 1);
    cf->bytes = cut_bytes(src);
    unsigned len = 0;
    const char *data = cf->bytes ? hb_blob_get_data(cf->bytes, &len) : NULL;
    if (!data || FT_Init_FreeType(&cf->lib)) goto fail;
    if (FT_New_Memory_Face(cf->lib, (const FT_Byte *)data, (FT_Long)len, 0, &cf->face)) {
        cf->face = NULL;
        goto fail;
    }
    cairo_font_face_t *face = cairo_ft_font_face_create_for_ft_face(cf->face, 0);
    if (cairo_font_face_status(face) ||
        cairo_font_face_set_user_data(face, &cut_face_key, cf, cut_face_free)) {
        cairo_font_face_destroy(face);
        goto fail;
    }
    return face;
fail:
    if (cf->face) FT_Done_Face(cf->face);
    if (cf->lib) FT_Done_FreeType(cf->lib);
    hb_blob_destroy(cf->bytes);
    g_free(cf);
    return NULL;
}

static void cut_font_free(gpointer p)
{
    cut_font *cf = p;
    if (cf->cut) cairo_scaled_font_destroy(cf->cut);
    g_free(cf);
}

/* The cut at the size Pango set the font at: its pixel size (at 72 dpi, the
 * size in points), no hinting, as the setter's fonts are made.  Made from
 * the pattern, not from the whole font's cairo font, whose making would
 * open the whole font file. */
static cairo_scaled_font_t *cut_scaled(const bf_font *font, cairo_font_face_t *face)
{
    FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(bf_font_pango(font)));
    double px = 0;
    FcMatrix *fcm = NULL;
    if (FcPatternGetDouble(pat, FC_PIXEL_SIZE, 0, &px) != FcResultMatch || !(px > 0)) return NULL;
    cairo_matrix_t fm, ctm;
    cairo_matrix_init_identity(&ctm);
    cairo_matrix_init_scale(&fm, px, px);
    if (FcPatternGetMatrix(pat, FC_MATRIX, 0, &fcm) == FcResultMatch) {
        cairo_matrix_t m;
        cairo_matrix_init(&m, fcm->xx, -fcm->yx, -fcm->xy, fcm->yy, 0, 0);
        cairo_matrix_multiply(&fm, &m, &fm);
    }
    cairo_font_options_t *opt = bf_fonts_cairo_options();
    cairo_font_options_set_hint_metrics(opt, CAIRO_HINT_METRICS_ON);
    cairo_scaled_font_t *sf = cairo_scaled_font_create(face, &fm, &ctm, opt);
    cairo_font_options_destroy(opt);
    if (cairo_scaled_font_status(sf)) {
        cairo_scaled_font_destroy(sf);
        return NULL;
    }
    return sf;
}

bf_font_cut *bf_font_cut_new(const bf_setter *s)
{
    bf_font_cut *c = g_new0(bf_font_cut, 1);
    c->sources = g_ptr_array_new_with_free_func(source_free);
    c->fonts = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, cut_font_free);
    bf_setter_each_font(s, gather_font, c);
    for (guint i = 0; i < c->sources->len; i++) {
        source *src = g_ptr_array_index(c->sources, i);
        src->face = cut_source(src);
    }
    GHashTableIter it;
    gpointer font, value;
    g_hash_table_iter_init(&it, c->fonts);
    while (g_hash_table_iter_next(&it, &font, &value)) {
        cut_font *cf = value;
        if (cf->src->face) cf->cut = cut_scaled(font, cf->src->face);
    }
    return c;
}

void bf_font_cut_use(bf_font_cut *c, const bf_font *font, cairo_t *cr, cairo_glyph_t *glyphs, int n)
{
    cut_font *cf = c ? g_hash_table_lookup(c->fonts, font) : NULL;
    if (!cf || !cf->cut) {
        cairo_set_scaled_font(cr, bf_font_cairo(font));
        return;
    }
    cairo_set_scaled_font(cr, cf->cut);
    const source *src = cf->src;
    cairo_glyph_t *first = g_new(cairo_glyph_t, n > 0 ? n : 1);
    int k = 0;
    for (int i = 0; i < n; i++) {
        /* Every glyph set is in the cut; anything else shows as .notdef. */
        unsigned long id = glyphs[i].index < src->n_ids ? src->new_id[glyphs[i].index] : 0;
        glyphs[i].index = id;
        if (!hb_set_has(src->outlined, (hb_codepoint_t)id)) {
            hb_set_add(src->outlined, (hb_codepoint_t)id);
            first[k++] = glyphs[i];
        }
    }
    if (k && !cairo_has_current_point(cr)) {
        cairo_glyph_path(cr, first, k);
        cairo_new_path(cr);
    }
    g_free(first);
}

void bf_font_cut_free(bf_font_cut *c)
{
    if (!c) return;
    g_hash_table_destroy(c->fonts);
    g_ptr_array_free(c->sources, TRUE);
    g_free(c);
}
