#include "render/fontcut.h"

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/font-pattern.h"
#include "text/otfcut.h"
#include "text/ttfcut.h"

#define MAX_GLYPHS 65536 /* an OpenType font's glyph ids are 16-bit */

/* A set of glyph ids, one bit each. */
typedef struct {
    uint8_t bits[MAX_GLYPHS / 8];
} glyph_set;

static bool set_has(const glyph_set *s, unsigned g)
{
    return g < MAX_GLYPHS && (s->bits[g / 8] >> (g % 8) & 1);
}

static void set_add(glyph_set *s, unsigned g)
{
    if (g < MAX_GLYPHS) s->bits[g / 8] |= (uint8_t)(1u << (g % 8));
}

/* One font file and the glyphs set in it, at every size. */
typedef struct {
    char *file;
    int index;
    glyph_set glyphs;
    unsigned char *bytes; /* the cut font file (bf_otf_cut), until its face holds it */
    size_t len;
    int slot;                /* its font in the PDF's own text (pdftext.h), or -1 */
    bool truetype;           /* cut by ttfcut.h (ids kept): cairo draws it whole */
    int font;                /* the first font id of it, for its PostScript name */
    bool faced;              /* its face made (or tried) */
    cairo_font_face_t *face; /* the cut, once made; NULL if it cannot be */
    uint16_t *new_id;        /* a glyph's id in the cut, by its id in the file */
    unsigned n_ids;          /* the size of new_id */
    glyph_set outlined;      /* glyphs (new ids) whose outlines cairo has loaded */
} source;

typedef struct {
    cairo_scaled_font_t *cut;
    cairo_scaled_font_t *whole; /* the whole font, made when first drawn with */
    source *src;
    bool tried; /* cut made (or tried) */
    /* For the PDF's own text, found once: its slot there (-1: cairo
     * draws it) and its font matrix. */
    bool own_known;
    int own;
    cairo_matrix_t fm;
} cut_font;

struct bf_font_cut {
    const bf_font_table *table;
    GPtrArray *sources;
    cut_font *fonts; /* by font id */
    int n_fonts;
};

/* The source of a font, found or added. */
static source *source_of(bf_font_cut *c, int font)
{
    const char *file = NULL;
    int index = 0;
    if (!bf_font_table_file(c->table, font, &file, &index)) return NULL;
    for (guint i = 0; i < c->sources->len; i++) {
        source *s = g_ptr_array_index(c->sources, i);
        if (s->index == index && !strcmp(s->file, (const char *)file)) return s;
    }
    source *src = g_new0(source, 1);
    src->file = g_strdup(file);
    src->index = index;
    src->font = font;
    g_ptr_array_add(c->sources, src);
    return src;
}

static void gather_font(bf_font_cut *c, int font)
{
    source *src = source_of(c, font);
    if (!src) return;
    unsigned n = 0;
    unsigned *ids = bf_font_table_glyphs(c->table, font, &n);
    for (unsigned i = 0; i < n; i++) set_add(&src->glyphs, ids[i]);
    g_free(ids);
    c->fonts[font].src = src;
}

static void source_free(gpointer p)
{
    source *s = p;
    g_free(s->file);
    g_free(s->new_id);
    g_free(s->bytes);
    if (s->face) cairo_font_face_destroy(s->face);
    g_free(s);
}

/* What a cut face keeps alive: cairo may hold a font face (in its cache of
 * recently used fonts) after the cut is freed, so the face owns its
 * FreeType face, the library that made it and the bytes it reads. */
typedef struct {
    FT_Library lib;
    FT_Face face;
    unsigned char *bytes; /* the cut font file, from bf_otf_cut */
    size_t len;
} cut_face;

static const cairo_user_data_key_t cut_face_key;

static void cut_face_free(void *p)
{
    cut_face *cf = p;
    FT_Done_Face(cf->face);
    FT_Done_FreeType(cf->lib); /* the library and its memory record */
    g_free(cf->bytes);
    g_free(cf);
}

/* The font file cut to the source's glyphs, or NULL; fills in new_id. */
static unsigned char *cut_bytes(source *src, size_t *len)
{
    if (src->index != 0) return NULL; /* a collection: drawn whole */
    GMappedFile *file = g_mapped_file_new(src->file, FALSE, NULL);
    if (!file) return NULL;
    /* .notdef first, then the glyphs set, in order. */
    unsigned *gids = g_new(unsigned, MAX_GLYPHS);
    unsigned k = 0;
    gids[k++] = 0;
    for (unsigned g = 1; g < MAX_GLYPHS; g++)
        if (set_has(&src->glyphs, g)) gids[k++] = g;
    const unsigned char *whole = (const unsigned char *)g_mapped_file_get_contents(file);
    size_t whole_len = g_mapped_file_get_length(file);
    unsigned char *cut = bf_otf_cut(whole, whole_len, gids, k, len);
    if (cut) {
        src->n_ids = gids[k - 1] + 1;
        src->new_id = g_new0(uint16_t, src->n_ids);
        for (unsigned i = 0; i < k; i++) src->new_id[gids[i]] = (uint16_t)i;
    } else if ((cut = bf_ttf_cut(whole, whole_len, gids, k, len))) {
        /* TrueType: the ids stay. */
        src->truetype = true;
        src->n_ids = gids[k - 1] + 1;
        src->new_id = g_new(uint16_t, src->n_ids);
        for (unsigned i = 0; i < src->n_ids; i++) src->new_id[i] = (uint16_t)i;
    }
    g_mapped_file_unref(file);
    g_free(gids);
    return cut;
}

/* The cut's face for cairo, which takes its bytes. */
static cairo_font_face_t *cut_source(source *src)
{
    cut_face *cf = g_new0(cut_face, 1);
    cf->bytes = src->bytes;
    cf->len = src->len;
    src->bytes = NULL;
    const unsigned char *data = cf->bytes;
    FT_Long len = (FT_Long)cf->len;
    if (!data || FT_Init_FreeType(&cf->lib)) goto fail;
    if (FT_New_Memory_Face(cf->lib, (const FT_Byte *)data, len, 0, &cf->face)) {
        cf->face = NULL;
        goto fail;
    }
    cairo_font_face_t *face = cairo_ft_font_face_create_for_ft_face(cf->face, 0);
    if (cairo_font_face_status(face) || cairo_font_face_set_user_data(face, &cut_face_key, cf, cut_face_free)) {
        cairo_font_face_destroy(face);
        goto fail;
    }
    return face;
fail:
    if (cf->face) FT_Done_Face(cf->face);
    if (cf->lib) FT_Done_FreeType(cf->lib);
    g_free(cf->bytes);
    g_free(cf);
    return NULL;
}

/* The font matrix of font `font`: the size Pango set it at (its pixel
 * size at 72 dpi, the size in points) and its transform. */
static bool font_matrix(const bf_font_table *t, int font, cairo_matrix_t *fm)
{
    double px = 0, fcm[4];
    bool has_matrix = false;
    if (!bf_font_table_scale(t, font, &px, fcm, &has_matrix)) return false;
    cairo_matrix_init_scale(fm, px, px);
    if (has_matrix) {
        cairo_matrix_t m;
        cairo_matrix_init(&m, fcm[0], -fcm[1], -fcm[2], fcm[3], 0, 0);
        cairo_matrix_multiply(fm, &m, fm);
    }
    return true;
}

/* A font of `face` at the size and transform Pango set font `font` at, no
 * hinting of shapes, as the setter measured it.  Made from the pattern, so
 * that a cut is made without opening the whole font file. */
static cairo_scaled_font_t *scaled(const bf_font_table *t, int font, cairo_font_face_t *face,
                                   cairo_hint_metrics_t hint_metrics)
{
    cairo_matrix_t fm, ctm;
    if (!font_matrix(t, font, &fm)) return NULL;
    cairo_matrix_init_identity(&ctm);
    cairo_font_options_t *opt = cairo_font_options_create();
    cairo_font_options_set_hint_style(opt, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(opt, hint_metrics);
    cairo_scaled_font_t *sf = cairo_scaled_font_create(face, &fm, &ctm, opt);
    cairo_font_options_destroy(opt);
    if (cairo_scaled_font_status(sf)) {
        cairo_scaled_font_destroy(sf);
        return NULL;
    }
    return sf;
}

/* The whole font of an id, from the pattern Pango matched (so with its
 * synthetic emboldening, if fontconfig asked for it), with unhinted
 * metrics: the cairo font pangocairo would have drawn it with.  NULL if
 * cairo cannot make it (the renderer then fails the build, naming it). */
static cairo_scaled_font_t *whole_font(const bf_font_table *t, int font)
{
    FcPattern *pat = bf_font_table_pattern(t, font);
    if (!pat) return NULL;
    cairo_font_face_t *face = cairo_ft_font_face_create_for_pattern(pat);
    cairo_scaled_font_t *sf = cairo_font_face_status(face) ? NULL : scaled(t, font, face, CAIRO_HINT_METRICS_OFF);
    cairo_font_face_destroy(face);
    return sf;
}

bf_font_cut *bf_font_cut_new(const bf_font_table *t, bool whole, bf_pdf_text *text)
{
    bf_font_cut *c = g_new0(bf_font_cut, 1);
    c->table = t;
    c->sources = g_ptr_array_new_with_free_func(source_free);
    c->n_fonts = bf_font_table_count(t);
    c->fonts = g_new0(cut_font, c->n_fonts ? c->n_fonts : 1);
    if (whole) return c;
    for (int f = 0; f < c->n_fonts; f++) gather_font(c, f);
    for (guint i = 0; i < c->sources->len; i++) {
        source *src = g_ptr_array_index(c->sources, i);
        src->bytes = cut_bytes(src, &src->len);
        src->slot = -1;
        if (text && src->bytes) {
            FcPattern *pat = bf_font_table_pattern(t, src->font);
            FcChar8 *ps = NULL;
            if (pat) FcPatternGetString(pat, FC_POSTSCRIPT_NAME, 0, &ps);
            src->slot = bf_pdf_text_add_font(text, src->bytes, src->len, (const char *)ps);
        }
    }
    if (text) bf_pdf_text_fonts_added(text);
    return c;
}

/* Whether the PDF's own text can set font `font` (its cut was given to
 * the text), and at what matrix. */
static int own_slot(const bf_font_cut *c, int font, const cut_font *cf, cairo_matrix_t *fm)
{
    if (!cf->src || cf->src->slot < 0 || !cf->src->new_id || !font_matrix(c->table, font, fm)) return -1;
    if (cf->src->truetype) {
        /* Drawn whole, as Pango matched it, when fontconfig asks for
         * synthetic emboldening, which only cairo's font gives. */
        FcPattern *pat = bf_font_table_pattern(c->table, font);
        FcBool bold = FcFalse;
        if (!pat || (FcPatternGetBool(pat, FC_EMBOLDEN, 0, &bold) == FcResultMatch && bold)) return -1;
    }
    return cf->src->slot;
}

int bf_font_cut_own(bf_font_cut *c, int font, cairo_matrix_t *fm, const uint16_t **map, unsigned *n_map)
{
    cut_font *cf = font >= 0 && font < c->n_fonts ? &c->fonts[font] : NULL;
    if (!cf) return -1;
    if (!cf->own_known) {
        cf->own_known = true;
        cf->own = own_slot(c, font, cf, &cf->fm);
    }
    if (cf->own < 0) return -1;
    *fm = cf->fm;
    *map = cf->src->new_id;
    *n_map = cf->src->n_ids;
    return cf->own;
}

/* The cut of a font for cairo, made the first time it is asked for. */
static void make_cut(bf_font_cut *c, int font, cut_font *cf)
{
    cf->tried = true;
    source *src = cf->src;
    if (!src) return;
    if (!src->faced) {
        src->faced = true;
        if (src->bytes && !src->truetype) src->face = cut_source(src);
    }
    /* Hinted metrics: see bf_font_cut_use. */
    if (src->face) cf->cut = scaled(c->table, font, src->face, CAIRO_HINT_METRICS_ON);
}

bool bf_font_cut_use(bf_font_cut *c, int font, cairo_t *cr, cairo_glyph_t *glyphs, int n)
{
    cut_font *cf = font >= 0 && font < c->n_fonts ? &c->fonts[font] : NULL;
    if (!cf) return false;
    if (!cf->tried) make_cut(c, font, cf);
    if (!cf->cut) {
        if (!cf->whole) cf->whole = whole_font(c->table, font);
        if (!cf->whole) return false;
        cairo_set_scaled_font(cr, cf->whole);
        return true;
    }
    cairo_set_scaled_font(cr, cf->cut);
    source *src = cf->src;
    cairo_glyph_t *first = g_new(cairo_glyph_t, n > 0 ? n : 1);
    int k = 0;
    for (int i = 0; i < n; i++) {
        /* Every glyph set is in the cut; anything else shows as .notdef. */
        unsigned long id = glyphs[i].index < src->n_ids ? src->new_id[glyphs[i].index] : 0;
        glyphs[i].index = id;
        if (!set_has(&src->outlined, (unsigned)id)) {
            set_add(&src->outlined, (unsigned)id);
            first[k++] = glyphs[i];
        }
    }
    if (k && !cairo_has_current_point(cr)) {
        cairo_glyph_path(cr, first, k);
        cairo_new_path(cr);
    }
    g_free(first);
    return true;
}

void bf_font_cut_free(bf_font_cut *c)
{
    if (!c) return;
    for (int f = 0; f < c->n_fonts; f++) {
        if (c->fonts[f].cut) cairo_scaled_font_destroy(c->fonts[f].cut);
        if (c->fonts[f].whole) cairo_scaled_font_destroy(c->fonts[f].whole);
    }
    g_free(c->fonts);
    g_ptr_array_free(c->sources, TRUE);
    g_free(c);
}
