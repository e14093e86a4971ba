/* emoji.c - the glyphs of a colour bitmap font (Noto Color Emoji's CBDT
 * strike), drawn as images.
 *
 * cairo 1.16 draws such a glyph as an image at 72 pixels an inch, with no
 * text.  Here each glyph is the font's own bitmap at its full resolution
 * (136 by 128 pixels at 109 pixels an em: some 980 dpi at 10 points),
 * painted through a glyph of a cairo user font whose outline is the
 * bitmap's box.  So the PDF's text is the run's characters (cairo's Type 3
 * font of the boxes has them in its ToUnicode), and the image is embedded
 * once however often the glyph is drawn: one surface per glyph, which
 * cairo writes once.  Under --grayscale the bitmap is made its luminance,
 * which cairo writes as a DeviceGray image: no colour in the PDF.
 */
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "render/pdf-private.h"

/* One glyph's bitmap and box, in ems from the glyph's origin (y up). */
typedef struct {
    cairo_surface_t *img; /* NULL: the glyph has no bitmap (a joiner) */
    double left, top, width, height, advance;
    bool failed; /* FreeType or cairo could not give its bitmap */
} emoji_glyph;

/* A colour font file.  Owned by its user font face (`boxes`), whose
 * glyphs cairo may draw until the PDF surface is finished. */
typedef struct {
    FT_Library lib;
    FT_Face face;
    double ppem;        /* of the strike drawn */
    bool gray;          /* the bitmaps made luminance */
    GHashTable *glyphs; /* glyph id -> emoji_glyph, made on first use */
    cairo_font_face_t *boxes;
} emoji_source;

struct bf_emoji {
    signed char *color;    /* by font id: -1 not known yet, 0 no, 1 a colour font */
    emoji_source **source; /* by font id, for a colour font */
    int n_fonts;
};

static const cairo_user_data_key_t source_key;

static void glyph_free(gpointer p)
{
    emoji_glyph *g = p;
    if (g->img) cairo_surface_destroy(g->img);
    g_free(g);
}

static void source_free(void *p)
{
    emoji_source *s = p;
    g_hash_table_destroy(s->glyphs);
    FT_Done_Face(s->face);
    FT_Done_FreeType(s->lib);
    g_free(s);
}

/* Does the font file have a CBDT table?  Read from its table directory,
 * so that the other fonts are not opened for it. */
static bool has_cbdt(const char *file, int index)
{
    if (index != 0) return false;
    FILE *f = fopen(file, "rb");
    if (!f) return false;
    unsigned char head[12], e[16];
    bool found = false;
    if (fread(head, 1, sizeof head, f) == sizeof head) {
        unsigned n = (unsigned)head[4] << 8 | head[5];
        for (unsigned i = 0; i < n && !found && fread(e, 1, sizeof e, f) == sizeof e; i++)
            found = !memcmp(e, "CBDT", 4);
    }
    fclose(f);
    return found;
}

static emoji_glyph *glyph_of(emoji_source *s, unsigned gid);

static cairo_status_t boxes_init(cairo_scaled_font_t *sf, cairo_t *cr, cairo_font_extents_t *e)
{
    (void)sf;
    (void)cr;
    /* Beyond every bitmap's box, so that cairo never clips one. */
    *e = (cairo_font_extents_t){1.25, 0.5, 1.75, 1.5, 0};
    return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t boxes_render(cairo_scaled_font_t *sf, unsigned long gid, cairo_t *cr, cairo_text_extents_t *ext)
{
    emoji_source *s = cairo_font_face_get_user_data(cairo_scaled_font_get_font_face(sf), &source_key);
    emoji_glyph *g = s ? glyph_of(s, (unsigned)gid) : NULL;
    if (g && g->img) {
        cairo_rectangle(cr, g->left, -g->top, g->width, g->height);
        cairo_fill(cr);
    }
    ext->x_advance = g ? g->advance : 0;
    return CAIRO_STATUS_SUCCESS;
}

static emoji_source *source_open(const char *file, bool gray)
{
    emoji_source *s = g_new0(emoji_source, 1);
    if (FT_Init_FreeType(&s->lib)) goto fail;
    if (FT_New_Face(s->lib, file, 0, &s->face)) {
        s->face = NULL;
        goto fail;
    }
    if (!FT_HAS_COLOR(s->face) || s->face->num_fixed_sizes < 1) goto fail;
    int best = 0; /* the largest strike: the sharpest print */
    for (int i = 1; i < s->face->num_fixed_sizes; i++)
        if (s->face->available_sizes[i].y_ppem > s->face->available_sizes[best].y_ppem) best = i;
    if (FT_Select_Size(s->face, best)) goto fail;
    s->ppem = s->face->size->metrics.x_ppem;
    if (s->ppem <= 0) goto fail;
    s->gray = gray;
    s->glyphs = g_hash_table_new_full(NULL, NULL, NULL, glyph_free);
    s->boxes = cairo_user_font_face_create();
    cairo_user_font_face_set_init_func(s->boxes, boxes_init);
    cairo_user_font_face_set_render_glyph_func(s->boxes, boxes_render);
    if (cairo_font_face_set_user_data(s->boxes, &source_key, s, source_free)) {
        cairo_font_face_destroy(s->boxes);
        s->boxes = NULL;
        goto fail;
    }
    return s;
fail:
    if (s->glyphs) g_hash_table_destroy(s->glyphs);
    if (s->face) FT_Done_Face(s->face);
    if (s->lib) FT_Done_FreeType(s->lib);
    g_free(s);
    return NULL;
}

/* The bitmap as a cairo image (premultiplied BGRA, as FreeType gives it),
 * or its Rec. 601 luminance, the weights set_color uses. */
static cairo_surface_t *bitmap_surface(const FT_Bitmap *b, bool gray)
{
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)b->width, (int)b->rows);
    if (cairo_surface_status(img)) {
        cairo_surface_destroy(img);
        return NULL;
    }
    cairo_surface_flush(img);
    unsigned char *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    for (unsigned y = 0; y < b->rows; y++) {
        const unsigned char *src = b->buffer + (ptrdiff_t)y * b->pitch;
        uint32_t *dst = (uint32_t *)(void *)(data + (size_t)y * (size_t)stride);
        for (unsigned x = 0; x < b->width; x++, src += 4) {
            uint32_t bl = src[0], gr = src[1], re = src[2], al = src[3];
            if (gray) re = gr = bl = (uint32_t)(0.299 * re + 0.587 * gr + 0.114 * bl + 0.5);
            dst[x] = al << 24 | re << 16 | gr << 8 | bl;
        }
    }
    cairo_surface_mark_dirty(img);
    return img;
}

static emoji_glyph *glyph_of(emoji_source *s, unsigned gid)
{
    emoji_glyph *g = g_hash_table_lookup(s->glyphs, GUINT_TO_POINTER(gid));
    if (g) return g;
    g = g_new0(emoji_glyph, 1);
    g->failed = FT_Load_Glyph(s->face, gid, FT_LOAD_COLOR) != 0;
    if (!g->failed) {
        FT_GlyphSlot slot = s->face->glyph;
        g->advance = slot->advance.x / 64.0 / s->ppem;
        if (slot->format == FT_GLYPH_FORMAT_BITMAP && slot->bitmap.pixel_mode == FT_PIXEL_MODE_BGRA &&
            slot->bitmap.width > 0 && slot->bitmap.rows > 0) {
            g->img = bitmap_surface(&slot->bitmap, s->gray);
            g->failed = !g->img;
            g->left = slot->bitmap_left / s->ppem;
            g->top = slot->bitmap_top / s->ppem;
            g->width = slot->bitmap.width / s->ppem;
            g->height = slot->bitmap.rows / s->ppem;
        }
    }
    g_hash_table_insert(s->glyphs, GUINT_TO_POINTER(gid), g);
    return g;
}

static emoji_source *source_of(painter *p, int font)
{
    if (font < 0) return NULL;
    if (!p->emoji) {
        p->emoji = g_new0(bf_emoji, 1);
        p->emoji->n_fonts = bf_font_table_count(p->job->fonts);
        p->emoji->color = g_new(signed char, p->emoji->n_fonts ? p->emoji->n_fonts : 1);
        memset(p->emoji->color, -1, (size_t)p->emoji->n_fonts);
        p->emoji->source = g_new0(emoji_source *, p->emoji->n_fonts ? p->emoji->n_fonts : 1);
    }
    bf_emoji *e = p->emoji;
    if (font >= e->n_fonts) return NULL;
    if (e->color[font] < 0) {
        const char *file = NULL;
        int index = 0;
        e->color[font] = 0;
        if (bf_font_table_file(p->job->fonts, font, &file, &index) && has_cbdt(file, index)) {
            /* Every size of one file draws the same bitmaps. */
            for (int f = 0; f < e->n_fonts && !e->source[font]; f++) {
                const char *other = NULL;
                int oi = 0;
                if (f != font && e->source[f] && bf_font_table_file(p->job->fonts, f, &other, &oi) &&
                    !strcmp(other, file)) {
                    e->source[font] = e->source[f];
                    cairo_font_face_reference(e->source[f]->boxes);
                }
            }
            if (!e->source[font]) e->source[font] = source_open(file, p->L->grayscale);
            e->color[font] = e->source[font] != NULL;
        }
    }
    return e->color[font] ? e->source[font] : NULL;
}

bool bf_emoji_font(painter *p, int font)
{
    return source_of(p, font) != NULL;
}

/* The text of the inked glyph g: from its cluster to the next inked
 * glyph's cluster in text order (the first from the run's start), so that
 * a joiner or selector with no glyph of its own goes with the emoji
 * before it. */
static void glyph_text(const bf_glyph_run *run, const bf_glyph *rg, const bool *inked, int g, int *start, int *end)
{
    int at = bf_glyph_at(run, rg, g)->cluster, next = run->offset + run->length;
    bool first = true, again = false;
    for (int q = 0; q < run->n_glyphs; q++) {
        if (!inked[q]) continue;
        int c = bf_glyph_at(run, rg, q)->cluster;
        if (c > at && c < next) next = c;
        first &= c >= at;
        again |= c == at && q < g;
    }
    if (again) { /* a second glyph of the cluster: the text went with the first */
        *start = *end = at;
        return;
    }
    *start = first ? run->offset : at;
    *end = next;
}

void bf_emoji_draw(painter *p, const char *text, const bf_glyph_run *run, double x, double y)
{
    cairo_t *cr = bf_cr(p);
    emoji_source *s = source_of(p, run->font);
    const bf_glyph *rg = bf_glyph_store_get(p->job->glyphs, run, &p->buf, &p->cap);
    if (!rg && run->n_glyphs) {
        p->lost = true;
        return;
    }
    /* The run's size, not the font's pixel size: fontconfig gives a
     * bitmap font the strike's. */
    double px = run->em;
    if (!s || px <= 0) return; /* only called for a font bf_emoji_font took */
    bool *inked = g_new0(bool, run->n_glyphs ? run->n_glyphs : 1);
    for (int g = 0; g < run->n_glyphs; g++) {
        unsigned id = bf_glyph_at(run, rg, g)->id;
        const emoji_glyph *eg = id != BF_GLYPH_EMPTY && id != BF_GLYPH_BOX ? glyph_of(s, id) : NULL;
        inked[g] = eg && eg->img;
        if (eg && eg->failed) p->lost_image = true; /* not drawn: the build fails, saying so */
    }
    for (int g = 0; g < run->n_glyphs; g++) {
        if (!inked[g]) continue;
        const bf_glyph *gl = bf_glyph_at(run, rg, g);
        const emoji_glyph *eg = glyph_of(s, gl->id);
        int start, end;
        glyph_text(run, rg, inked, g, &start, &end);
        double gx = x + gl->x, gy = y + gl->y, scale = px / s->ppem;
        cairo_save(cr);
        cairo_set_font_face(cr, s->boxes);
        cairo_set_font_size(cr, px);
        cairo_pattern_t *pat = cairo_pattern_create_for_surface(eg->img);
        cairo_matrix_t m;
        cairo_matrix_init_translate(&m, gx + eg->left * px, gy - eg->top * px);
        cairo_matrix_scale(&m, scale, scale);
        cairo_matrix_invert(&m);
        cairo_pattern_set_matrix(pat, &m);
        cairo_set_source(cr, pat);
        cairo_glyph_t glyph = {gl->id, gx, gy};
        cairo_text_cluster_t cluster = {end - start, 1};
        cairo_show_text_glyphs(cr, text + start, end - start, &glyph, 1, &cluster, 1, 0);
        cairo_pattern_destroy(pat);
        cairo_restore(cr);
    }
    g_free(inked);
}

void bf_emoji_free(bf_emoji *e)
{
    if (!e) return;
    for (int f = 0; f < e->n_fonts; f++)
        if (e->source[f]) cairo_font_face_destroy(e->source[f]->boxes);
    g_free(e->source);
    g_free(e->color);
    g_free(e);
}
