#include "text/fonttable.h"

#include <fontconfig/fontconfig.h>
#include <stdint.h>
#include <pango/pangofc-font.h>

#include "text/font-pattern.h"
#include "core/arena.h"
#include "text/font-id.h"

/* OpenType glyph ids are 16-bit: a bit each, set as each glyph is placed
 * (hb_set_add was 87 instructions a glyph). */
#define MAX_GLYPHS 65536

typedef struct {
    PangoFont *pango;
    uint64_t *glyphs; /* the glyphs set in it, a bit each; NULL: none yet */
} entry;

struct bf_font_table {
    entry *fonts; /* by id */
    int n_fonts, cap_fonts;
    GHashTable *ids; /* PangoFont * -> id + 1 */
};

bf_font_table *bf_font_table_new(void)
{
    bf_font_table *t = g_new0(bf_font_table, 1);
    t->ids = g_hash_table_new(g_direct_hash, g_direct_equal);
    return t;
}

void bf_font_table_free(bf_font_table *t)
{
    if (!t) return;
    for (int i = 0; i < t->n_fonts; i++) {
        entry *e = &t->fonts[i];
        g_free(e->glyphs);
        g_object_unref(e->pango);
    }
    g_free(t->fonts);
    g_hash_table_destroy(t->ids);
    g_free(t);
}

int bf_font_table_count(const bf_font_table *t)
{
    return t->n_fonts;
}

int bf_font_table_id(bf_font_table *t, PangoFont *font)
{
    if (!font) return -1;
    int id = GPOINTER_TO_INT(g_hash_table_lookup(t->ids, font)) - 1;
    if (id < 0) {
        entry e = {g_object_ref(font), NULL};
        id = t->n_fonts;
        t->fonts = bf_grow(t->fonts, t->n_fonts, &t->cap_fonts, sizeof *t->fonts, 8);
        t->fonts[t->n_fonts++] = e;
        g_hash_table_insert(t->ids, font, GINT_TO_POINTER(id + 1));
    }
    return id;
}

void bf_font_table_use(bf_font_table *t, int id, unsigned g)
{
    entry *e = &t->fonts[id];
    if (g >= MAX_GLYPHS) return;
    if (!e->glyphs) e->glyphs = g_new0(uint64_t, MAX_GLYPHS / 64);
    e->glyphs[g / 64] |= (uint64_t)1 << (g % 64);
}

PangoFont *bf_font_table_pango(const bf_font_table *t, int id)
{
    return t->fonts[id].pango;
}

FcPattern *bf_font_table_pattern(const bf_font_table *t, int id)
{
    return pango_fc_font_get_pattern(PANGO_FC_FONT(bf_font_table_pango(t, id)));
}

bool bf_font_table_file(const bf_font_table *t, int id, const char **file, int *index)
{
    FcPattern *pat = bf_font_table_pattern(t, id);
    FcChar8 *f = NULL;
    *index = 0;
    if (!pat || FcPatternGetString(pat, FC_FILE, 0, &f) != FcResultMatch) return false;
    FcPatternGetInteger(pat, FC_INDEX, 0, index);
    *file = (const char *)f;
    return true;
}

bool bf_font_table_scale(const bf_font_table *t, int id, double *pixel_size, double matrix[4], bool *has_matrix)
{
    FcPattern *pat = bf_font_table_pattern(t, id);
    FcMatrix *fcm = NULL;
    *pixel_size = 0;
    *has_matrix = false;
    if (!pat || FcPatternGetDouble(pat, FC_PIXEL_SIZE, 0, pixel_size) != FcResultMatch || !(*pixel_size > 0))
        return false;
    if (FcPatternGetMatrix(pat, FC_MATRIX, 0, &fcm) == FcResultMatch) {
        matrix[0] = fcm->xx;
        matrix[1] = fcm->yx;
        matrix[2] = fcm->xy;
        matrix[3] = fcm->yy;
        *has_matrix = true;
    }
    return true;
}

unsigned *bf_font_table_glyphs(const bf_font_table *t, int id, unsigned *n)
{
    const uint64_t *bits = t->fonts[id].glyphs;
    unsigned count = 0;
    for (unsigned w = 0; bits && w < MAX_GLYPHS / 64; w++) count += (unsigned)__builtin_popcountll(bits[w]);
    unsigned *ids = g_new(unsigned, count + 1);
    unsigned k = 0;
    for (unsigned w = 0; bits && w < MAX_GLYPHS / 64; w++)
        for (uint64_t b = bits[w]; b; b &= b - 1) ids[k++] = w * 64 + (unsigned)__builtin_ctzll(b);
    *n = k;
    return ids;
}
