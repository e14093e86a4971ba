/* The font cut: kept glyph k draws exactly as its glyph in the whole font,
 * with the same advance, the cut holds nothing else and is small, and
 * damaged input is refused without a read out of bounds (run under ASan in
 * the sanitizer build).
 *
 *   test_otfcut FONTS_DIR
 */
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "damage.h"
#include "text/otfcut.h"

/* The glyph's outline and advance, in font units. */
static bool same_glyph(FT_Face a, unsigned ga, FT_Face b, unsigned gb)
{
    if (FT_Load_Glyph(a, ga, FT_LOAD_NO_SCALE) || FT_Load_Glyph(b, gb, FT_LOAD_NO_SCALE)) return false;
    const FT_Outline *p = &a->glyph->outline, *q = &b->glyph->outline;
    if (a->glyph->advance.x != b->glyph->advance.x || p->n_points != q->n_points || p->n_contours != q->n_contours)
        return false;
    for (int i = 0; i < p->n_points; i++)
        if (p->points[i].x != q->points[i].x || p->points[i].y != q->points[i].y || p->tags[i] != q->tags[i])
            return false;
    for (int i = 0; i < p->n_contours; i++)
        if (p->contours[i] != q->contours[i]) return false;
    return true;
}

static void check_font(FT_Library lib, const char *path)
{
    gchar *data;
    gsize len;
    if (!g_file_get_contents(path, &data, &len, NULL)) {
        CHECK(0, "cannot read %s", path);
        return;
    }
    FT_Face whole;
    if (FT_New_Memory_Face(lib, (const FT_Byte *)data, (FT_Long)len, 0, &whole)) {
        CHECK(0, "FreeType cannot open %s", path);
        g_free(data);
        return;
    }
    /* A spread of glyphs, the last one included. */
    unsigned n_glyphs = (unsigned)whole->num_glyphs, gids[64];
    size_t n = 0;
    gids[n++] = 0;
    for (unsigned g = 17; g < n_glyphs && n < 62; g += n_glyphs / 61 + 1) gids[n++] = g;
    if (gids[n - 1] != n_glyphs - 1) gids[n++] = n_glyphs - 1;

    size_t cut_len = 0;
    unsigned char *cut = bf_otf_cut((const unsigned char *)data, len, gids, n, &cut_len);
    CHECK(cut != NULL, "%s: not cut", path);
    if (cut) {
        CHECK(cut_len < 40000, "%s: cut is %zu bytes of %zu", path, cut_len, len);
        FT_Face part;
        if (FT_New_Memory_Face(lib, cut, (FT_Long)cut_len, 0, &part)) {
            CHECK(0, "%s: FreeType cannot open the cut", path);
        } else {
            CHECK(part->num_glyphs == (FT_Long)n, "%s: %ld glyphs, want %zu", path, part->num_glyphs, n);
            CHECK(!strcmp(FT_Get_Postscript_Name(part), FT_Get_Postscript_Name(whole)), "%s: name changed", path);
            int drawn = 0;
            for (size_t k = 0; k < n; k++) {
                CHECK(same_glyph(whole, gids[k], part, (unsigned)k), "%s: glyph %u (%zu in the cut) differs", path,
                      gids[k], k);
                drawn += whole->glyph->outline.n_points > 0;
            }
            CHECK(drawn > 10, "%s: only %d kept glyphs have outlines", path, drawn);
            CHECK(FT_Load_Glyph(part, (FT_UInt)n, FT_LOAD_NO_SCALE) != 0, "%s: a glyph past the cut loads", path);
            /* Its cmap maps nothing: the ids are new.  (Without one FreeType
             * makes one up from the charset, and cairo's text goes wrong.) */
            CHECK(part->charmap && FT_Get_Char_Index(part, 'A') == 0 && FT_Get_Char_Index(part, 0x65E5) == 0,
                  "%s: the cut maps characters to glyphs", path);
            FT_Done_Face(part);
        }
        g_free(cut);
    }

    /* .notdef alone: a font of one glyph. */
    unsigned notdef = 0;
    unsigned char *one = bf_otf_cut((const unsigned char *)data, len, &notdef, 1, &cut_len);
    FT_Face one_face;
    CHECK(one && !FT_New_Memory_Face(lib, one, (FT_Long)cut_len, 0, &one_face) && one_face->num_glyphs == 1 &&
              !FT_Done_Face(one_face),
          "%s: .notdef alone is not a font of one glyph", path);
    g_free(one);

    /* Glyph lists it must refuse. */
    unsigned unsorted[] = {0, 40, 30}, beyond[] = {0, n_glyphs}, no_notdef[] = {5, 6};
    CHECK(!bf_otf_cut((const unsigned char *)data, len, unsorted, 3, &cut_len), "unsorted list accepted");
    CHECK(!bf_otf_cut((const unsigned char *)data, len, beyond, 2, &cut_len), "glyph past the end accepted");
    CHECK(!bf_otf_cut((const unsigned char *)data, len, no_notdef, 2, &cut_len), "list without .notdef accepted");

    /* Damaged fonts: cut short anywhere, or bytes of the CFF table's head
     * (the tables before the charstrings, 60,000 bytes) overwritten.
     * Either refused or cut; never a read out of bounds. */
    feed_damaged(bf_otf_cut, (const unsigned char *)data, len, gids, n, 400, 4, 60000, 1);
    FT_Done_Face(whole);
    g_free(data);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_otfcut FONTS_DIR\n");
        return 2;
    }
    FT_Library lib;
    if (FT_Init_FreeType(&lib)) return 2;
    const char *fonts[] = {"NotoSerifCJKjp-Regular.otf", "NotoSansCJKjp-Bold.otf"};
    for (size_t i = 0; i < sizeof fonts / sizeof *fonts; i++) {
        char *path = g_build_filename(argv[1], fonts[i], NULL);
        check_font(lib, path);
        g_free(path);
    }
    /* Not an OpenType CFF font at all. */
    size_t len;
    unsigned gid = 0;
    CHECK(!bf_otf_cut((const unsigned char *)"true", 4, &gid, 1, &len), "4 bytes accepted");
    FT_Done_FreeType(lib);
    if (failed)
        fprintf(stderr, "%d check(s) failed\n", failed);
    else
        printf("font cut: all checks passed\n");
    return failed != 0;
}
