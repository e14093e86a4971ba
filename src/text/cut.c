#include "text/cut.h"
#include "text/otfcut.h"

#include <cairo-ft.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_MODULE_H
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <string.h>

struct bf_font_cut {
    GHashTable *fonts; /* cairo_scaled_font_t * (the setter's) -> its cut */
};

/* One font file and the glyphs set in it, at every size. */
typedef struct {
    char *file;
    int index;
    hb_set_t *glyphs;
    cairo_font_face_t *face; /* the cut, once made; NULL if it cannot be */
} source;

typedef struct {
    GPtrArray *sources;
    GHashTable *by_font; /* PangoFont -> source */
} gather;

static void gather_font(PangoFont *font, const hb_set_t *glyphs, void *ctx)
{
    gather *g = ctx;
    FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
    FcChar8 *file = NULL;
    int index = 0;
    if (!pat || FcPatternGetString(pat, FC_FILE, 0, &file) != FcResultMatch) return;
    FcPatternGetInteger(pat, FC_INDEX, 0, &index);
    source *src = NULL;
    for (guint i = 0; i < g->sources->len && !src; i++) {
        source *s = g_ptr_array_index(g->sources, i);
        if (s->index == index && !strcmp(s->file, (const char *)file)) src = s;
    }
    if (!src) {
        src = g_new0(source, 1);
        src->file = g_strdup((const char *)file);
        src->index = index;
        src->glyphs = hb_set_create();
        g_ptr_array_add(g->sources, src);
    }
    hb_set_union(src->glyphs, glyphs);
    g_hash_table_insert(g->by_font, font, src);
}

static void source_free(gpointer p)
{
    source *s = p;
    g_free(s->file);
    hb_set_destroy(s->glyphs);
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
    FT_Done_Library(cf->lib);
    hb_blob_destroy(cf->bytes);
    g_free(cf);
}

/* The font file cut to the source's glyphs, or NULL. */
static hb_blob_t *cut_bytes(const source *src)
{
    if (src->index != 0) return NULL; /* a collection: drawn whole */
    GMappedFile *file = g_mapped_file_new(src->file, FALSE, NULL);
    if (!file) return NULL;
    /* .notdef, which a renderer may fall back on, and the glyphs set. */
    unsigned n = hb_set_get_population(src->glyphs);
    unsigned *gids = g_new(unsigned, n + 1);
    gids[0] = 0;
    unsigned k = 1 + hb_set_next_many(src->glyphs, 0, gids + 1, n); /* those after 0 */
    size_t len = 0;
    unsigned char *cut = bf_otf_cut((const unsigned char *)g_mapped_file_get_contents(file),
                                    g_mapped_file_get_length(file), gids, k, &len);
    g_free(gids);
    g_mapped_file_unref(file);
    return cut ? hb_blob_create((const char *)cut, (unsigned)len, HB_MEMORY_MODE_WRITABLE, cut, free) : NULL;
}

static cairo_font_face_t *cut_source(const source *src)
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

bf_font_cut *bf_font_cut_new(const bf_setter *s)
{
    bf_font_cut *c = g_new0(bf_font_cut, 1);
    c->fonts = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                     (GDestroyNotify)cairo_scaled_font_destroy);
    gather g = {g_ptr_array_new_with_free_func(source_free), g_hash_table_new(g_direct_hash, g_direct_equal)};
    bf_setter_each_font(s, gather_font, &g);
    for (guint i = 0; i < g.sources->len; i++) {
        source *src = g_ptr_array_index(g.sources, i);
        src->face = cut_source(src);
    }
    GHashTableIter it;
    gpointer font, value;
    g_hash_table_iter_init(&it, g.by_font);
    while (g_hash_table_iter_next(&it, &font, &value)) {
        const source *src = value;
        if (!src->face) continue;
        cairo_scaled_font_t *whole = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
        if (!whole) continue;
        cairo_matrix_t fm, ctm;
        cairo_scaled_font_get_font_matrix(whole, &fm);
        cairo_scaled_font_get_ctm(whole, &ctm);
        cairo_font_options_t *opt = cairo_font_options_create();
        cairo_scaled_font_get_font_options(whole, opt);
        cairo_scaled_font_t *cut = cairo_scaled_font_create(src->face, &fm, &ctm, opt);
        cairo_font_options_destroy(opt);
        if (cairo_scaled_font_status(cut)) {
            cairo_scaled_font_destroy(cut);
            continue;
        }
        g_hash_table_insert(c->fonts, whole, cut);
    }
    g_hash_table_destroy(g.by_font);
    g_ptr_array_free(g.sources, TRUE);
    return c;
}

cairo_scaled_font_t *bf_font_cut_get(const bf_font_cut *c, cairo_scaled_font_t *font)
{
    cairo_scaled_font_t *cut = c ? g_hash_table_lookup(c->fonts, font) : NULL;
    return cut ? cut : font;
}

void bf_font_cut_free(bf_font_cut *c)
{
    if (!c) return;
    g_hash_table_destroy(c->fonts);
    g_free(c);
}
