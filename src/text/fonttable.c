#include "text/fonttable.h"

#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <pango/pangofc-font.h>

#include "text/font-pattern.h"
#include "core/arena.h"
#include "text/font-id.h"

typedef struct {
    PangoFont *pango;
    hb_set_t *glyphs; /* the glyphs set in it */
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
        hb_set_destroy(e->glyphs);
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
        entry e = {g_object_ref(font), hb_set_create()};
        id = t->n_fonts;
        t->fonts = bf_grow(t->fonts, t->n_fonts, &t->cap_fonts, sizeof *t->fonts, 8);
        t->fonts[t->n_fonts++] = e;
        g_hash_table_insert(t->ids, font, GINT_TO_POINTER(id + 1));
    }
    return id;
}

void bf_font_table_use(bf_font_table *t, int id, unsigned g)
{
    hb_set_add(t->fonts[id].glyphs, g);
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
    const hb_set_t *set = t->fonts[id].glyphs;
    *n = hb_set_get_population(set);
    unsigned *ids = g_new(unsigned, *n + 1);
    hb_codepoint_t g = HB_SET_VALUE_INVALID;
    unsigned k = 0;
    while (k < *n && hb_set_next(set, &g)) ids[k++] = g;
    *n = k;
    return ids;
}
