/* The TrueType cut: every glyph id stays; a kept glyph (and each glyph a
 * kept composite is made of) draws exactly as in the whole font, with the
 * same advance, and any other has no outline; the cut's cmap names each
 * kept glyph by one character that maps to it in the whole font; damaged
 * input is refused or cut, never read out of bounds (run under ASan in the
 * sanitizer build).
 *
 *   test_ttfcut FONTS_DIR
 */
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "damage.h"
#include "text/otfcut.h"
#include "text/ttfcut.h"

static bool same_glyph(FT_Face a, FT_Face b, unsigned g)
{
    if (FT_Load_Glyph(a, g, FT_LOAD_NO_SCALE) || FT_Load_Glyph(b, g, FT_LOAD_NO_SCALE)) return false;
    const FT_Outline *p = &a->glyph->outline, *q = &b->glyph->outline;
    if (a->glyph->advance.x != b->glyph->advance.x || p->n_points != q->n_points || p->n_contours != q->n_contours)
        return false;
    for (int i = 0; i < p->n_points; i++)
        if (p->points[i].x != q->points[i].x || p->points[i].y != q->points[i].y || p->tags[i] != q->tags[i])
            return false;
    return true;
}

typedef struct {
    FT_Face whole;
    const unsigned char *kept;
    int mapped, wrong;
} cmap_check;

static void check_mapping(uint32_t code, uint32_t gid, void *p)
{
    cmap_check *c = p;
    c->mapped++;
    if (gid >= (uint32_t)c->whole->num_glyphs || !c->kept[gid] || FT_Get_Char_Index(c->whole, code) != gid) c->wrong++;
}

static void check_font(FT_Library lib, const char *path, uint32_t composite_char)
{
    gchar *data;
    gsize len;
    FT_Face whole;
    if (!g_file_get_contents(path, &data, &len, NULL) ||
        FT_New_Memory_Face(lib, (FT_Byte *)data, (FT_Long)len, 0, &whole)) {
        CHECK(0, "cannot open %s", path);
        return;
    }
    unsigned n_glyphs = (unsigned)whole->num_glyphs, gids[40];
    size_t n = 0;
    gids[n++] = FT_Get_Char_Index(whole, composite_char);
    for (unsigned g = 5; g < n_glyphs && n < 38; g += n_glyphs / 37 + 1) gids[n++] = g;
    size_t cut_len = 0;
    unsigned char *cut = bf_ttf_cut((const unsigned char *)data, len, gids, n, &cut_len);
    CHECK(cut != NULL, "%s: not cut", path);
    FT_Face part;
    if (cut && !FT_New_Memory_Face(lib, cut, (FT_Long)cut_len, 0, &part)) {
        CHECK(part->num_glyphs == whole->num_glyphs, "%s: %ld glyphs, want %ld", path, part->num_glyphs,
              whole->num_glyphs);
        CHECK(cut_len < len / 4, "%s: cut is %zu bytes of %zu", path, cut_len, len);
        unsigned char *kept = g_new0(unsigned char, n_glyphs);
        for (size_t k = 0; k < n; k++) kept[gids[k]] = 1;
        /* The composite's parts are kept with it: it draws the same. */
        CHECK(gids[0] != 0 && same_glyph(whole, part, gids[0]), "%s: composite U+%04X differs", path, composite_char);
        int empty = 0;
        for (unsigned g = 1; g < n_glyphs; g++) {
            if (kept[g]) {
                CHECK(same_glyph(whole, part, g), "%s: kept glyph %u differs", path, g);
            } else if (!FT_Load_Glyph(part, g, FT_LOAD_NO_SCALE) && part->glyph->outline.n_points == 0) {
                empty++;
            } else {
                kept[g] = 1; /* a part of a composite */
            }
        }
        CHECK(empty > (int)n_glyphs / 2, "%s: only %d of %u glyphs left out", path, empty, n_glyphs);
        const unsigned char *cmap;
        size_t cmap_len;
        cmap_check c = {whole, kept, 0, 0};
        CHECK(bf_otf_table(cut, cut_len, "cmap", &cmap, &cmap_len) && bf_cmap_each(cmap, cmap_len, check_mapping, &c),
              "%s: the cut has no cmap", path);
        CHECK(c.mapped > 10 && c.wrong == 0, "%s: %d of %d characters mapped wrong", path, c.wrong, c.mapped);
        g_free(kept);
        FT_Done_Face(part);
    } else if (cut) {
        CHECK(0, "%s: FreeType cannot open the cut", path);
    }
    g_free(cut);
    unsigned beyond = n_glyphs;
    CHECK(!bf_ttf_cut((const unsigned char *)data, len, &beyond, 1, &cut_len), "%s: a glyph past the end cut", path);
    /* Damaged: cut short anywhere, or bytes overwritten anywhere. */
    feed_damaged(bf_ttf_cut, (const unsigned char *)data, len, gids, n, 300, 6, len, 7);
    FT_Done_Face(whole);
    g_free(data);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_ttfcut FONTS_DIR\n");
        return 2;
    }
    FT_Library lib;
    if (FT_Init_FreeType(&lib)) return 2;
    /* Á and ǻ are composites in Noto Sans and Noto Serif. */
    char *sans = g_build_filename(argv[1], "NotoSans-Regular.ttf", NULL);
    char *serif = g_build_filename(argv[1], "NotoSerif-Bold.ttf", NULL);
    check_font(lib, sans, 0x00C1);
    check_font(lib, serif, 0x01FB);
    g_free(sans);
    g_free(serif);
    size_t len;
    unsigned gid = 0;
    CHECK(!bf_ttf_cut((const unsigned char *)"OTTO", 4, &gid, 1, &len), "4 bytes accepted");
    FT_Done_FreeType(lib);
    if (!failed) printf("ttf cut: all checks passed\n");
    return failed != 0;
}
