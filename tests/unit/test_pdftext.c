/* The PDF's own text (render/pdftext.h): a call recorded draws its
 * placeholder and swaps back in as its operators, glyph for glyph where
 * they were placed; a cluster maps as cairo maps it (a glyph's first text
 * in the ToUnicode CMap, other text as ActualText); a placeholder that is
 * not one recorded, or moved, is not swapped and fails the check, as do
 * text not swapped in and fonts not in the page's resources.
 *
 *   test_pdftext FONTS_DIR
 */
#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "render/pdftext.h"
#include "text/otfcut.h"
#include "text/ttfcut.h"

static bool has(const GByteArray *b, const char *s)
{
    return g_strstr_len((const char *)b->data, b->len, s) != NULL;
}

static int count(const GByteArray *b, const char *s)
{
    int n = 0;
    for (const char *p = (const char *)b->data, *end = p + b->len; (p = g_strstr_len(p, end - p, s)); p++) n++;
    return n;
}

typedef struct {
    uint32_t code[3], gid[3];
} found;

static void find(uint32_t code, uint32_t gid, void *p)
{
    found *f = p;
    for (int i = 0; i < 3; i++)
        if (code == f->code[i]) f->gid[i] = gid;
}

/* What cairo's PDF surface writes for the placeholder the n-th call of a
 * page drew at (x, y). */
static char *placeholder(double x, double y, int n, int page)
{
    return g_strdup_printf("0 0 0 rg %.3f %.3f %d %d re f*\n", x, y, n, page);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_pdftext FONTS_DIR\n");
        return 2;
    }
    char *path = g_build_filename(argv[1], "NotoSansCJKjp-Regular.otf", NULL);
    gchar *data;
    gsize len;
    if (!g_file_get_contents(path, &data, &len, NULL)) return 2;
    /* 小, 日 and 本, cut as glyphs 1, 2 and 3 (in that order in the font). */
    const unsigned char *cmap;
    size_t cmap_len;
    found f = {{0x5C0F, 0x65E5, 0x672C}, {0}};
    if (!bf_otf_table((const unsigned char *)data, len, "cmap", &cmap, &cmap_len)) return 2;
    bf_cmap_each(cmap, cmap_len, find, &f);
    unsigned gids[] = {0, f.gid[0], f.gid[1], f.gid[2]};
    CHECK(gids[1] && gids[1] < gids[2] && gids[2] < gids[3], "glyphs %u %u %u", gids[1], gids[2], gids[3]);
    size_t cut_len;
    unsigned char *cut = bf_otf_cut((const unsigned char *)data, len, gids, 4, &cut_len);
    CHECK(cut != NULL, "no cut");
    if (!cut) return 1;

    bf_pdf_text *t = bf_pdf_text_new(3, 595, 842);
    int slot = bf_pdf_text_add_font(t, cut, cut_len, NULL);
    CHECK(slot == 0, "font slot %d", slot);
    CHECK(bf_pdf_text_add_font(t, (const unsigned char *)"OTTO", 4, NULL) < 0, "4 bytes taken for a font");

    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 8, 8);
    cairo_t *cr = cairo_create(s);
    cairo_matrix_t fm;
    cairo_matrix_init_scale(&fm, 10, 10);
    uint16_t map[4] = {0, 1, 2, 3}; /* the glyphs below are the cut's already */
    /* "小日": one glyph a character; then 日's glyph as other text (大),
     * and a cluster of two glyphs. */
    cairo_glyph_t g1[] = {{1, 100, 200}, {2, 110, 200}};
    cairo_text_cluster_t c1[] = {{3, 1}, {3, 1}};
    static const double black[3] = {0, 0, 0}, red[3] = {1, 0, 0};
    CHECK(bf_pdf_text_show(t, cr, 1, slot, &fm, map, 4, g1, 2, "小日", c1, 2, black), "first call refused");
    cairo_glyph_t g2[] = {{2, 100, 300}, {3, 110, 300}, {1, 120.5, 302}};
    cairo_text_cluster_t c2[] = {{3, 1}, {3, 2}};
    /* In another colour: a placeholder of its own. */
    CHECK(bf_pdf_text_show(t, cr, 1, slot, &fm, map, 4, g2, 3, "大本", c2, 2, red), "second call refused");
    cairo_translate(cr, 5, 5);
    CHECK(!bf_pdf_text_show(t, cr, 1, slot, &fm, map, 4, g1, 2, "小日", c1, 2, red), "a transformed context taken");
    cairo_identity_matrix(cr);
    CHECK(!bf_pdf_text_show(t, cr, 3, slot, &fm, map, 4, g1, 2, "小日", c1, 2, red), "a page past the end taken");
    bf_pdf_text_flush(t, cr);

    /* The page's contents as cairo writes them, with other drawing around. */
    char *p1 = placeholder(100, 200, 1, 2), *p2 = placeholder(100, 300, 2, 2);
    char *content = g_strconcat("q\n1 0 0 rg 10 10 50 50 re f\n/P << /MCID 0 >> BDC\n", p1, "EMC\n", p2, "Q\n", NULL);
    GByteArray *out = g_byte_array_new();
    CHECK(bf_pdf_text_swap(t, (const unsigned char *)content, strlen(content), out) == 1, "nothing swapped");
    CHECK(!has(out, "re f*") && count(out, "BT\n/Fb0 1 Tf\n") == 2 && count(out, "ET") == 2, "not swapped: %.*s",
          (int)out->len, out->data);
    CHECK(has(out, "10 50 50 re f\n/P << /MCID 0 >> BDC\n0 0 0 rg BT"), "drawing around it changed: %.*s",
          (int)out->len, out->data);
    CHECK(has(out, "10 0 0 -10 100 200 Tm\n[<00010002>]TJ"), "first call: %.*s", (int)out->len, out->data);
    /* 大 on glyph 2 (本 already) and the two-glyph cluster: ActualText;
     * the third glyph a baseline lower, with a new Tm. */
    CHECK(has(out, "/Span << /ActualText <FEFF5927> >> BDC\n10 0 0 -10 100 300 Tm\n[<0002>]TJ\nEMC"),
          "a glyph with other text: %.*s", (int)out->len, out->data);
    CHECK(has(out, "/ActualText <FEFF672C> >> BDC\n[<0003>]TJ\n10 0 0 -10 120.5 302 Tm\n[<0001>]TJ\nEMC"),
          "a cluster of two glyphs: %.*s", (int)out->len, out->data);
    int page = 0;
    const char *why = bf_pdf_text_check(t, &page);
    CHECK(why && page == 2 && strstr(why, "resources"), "fonts not in the resources passed: %s", why ? why : "-");

    /* Moved, or not recorded: left as it is, and the check fails. */
    bf_pdf_text *u = bf_pdf_text_new(3, 595, 842);
    CHECK(bf_pdf_text_add_font(u, cut, cut_len, NULL) == 0, "font refused");
    /* Two calls in one colour, nothing drawn between: one placeholder. */
    CHECK(bf_pdf_text_show(u, cr, 0, 0, &fm, map, 4, g1, 2, "小日", c1, 2, black), "call refused");
    CHECK(bf_pdf_text_show(u, cr, 0, 0, &fm, map, 4, g2, 3, "大本", c2, 2, black), "call refused");
    bf_pdf_text_flush(u, cr);
    char *moved = placeholder(101, 200, 1, 1), *stray = placeholder(100, 200, 7, 1);
    GByteArray *o2 = g_byte_array_new();
    CHECK(bf_pdf_text_swap(u, (const unsigned char *)moved, strlen(moved), o2) == 0, "a moved placeholder swapped");
    CHECK(bf_pdf_text_swap(u, (const unsigned char *)stray, strlen(stray), o2) == 0, "a stray placeholder swapped");
    why = bf_pdf_text_check(u, &page);
    CHECK(why && page == 1 && strstr(why, "left out"), "text not placed passed: %s", why ? why : "-");
    char *right = placeholder(100, 200, 1, 1);
    g_byte_array_set_size(o2, 0);
    CHECK(bf_pdf_text_swap(u, (const unsigned char *)right, strlen(right), o2) == 1, "the placeholder not swapped");
    CHECK(count(o2, "BT\n") == 2 && has(o2, "ET\nBT\n") && has(o2, "100 200 Tm") && has(o2, "100 300 Tm"),
          "two calls not in one placeholder: %.*s", (int)o2->len, o2->data);
    GByteArray *res = g_byte_array_new();
    bf_pdf_text_number(u, 40);
    CHECK(bf_pdf_text_objects(u) == 5, "%u objects for one font", bf_pdf_text_objects(u));
    bf_pdf_text_resources(u, 0, res);
    CHECK(res->len == strlen(" /Fb0 40 0 R") && has(res, " /Fb0 40 0 R"), "resources %.*s", (int)res->len, res->data);
    why = bf_pdf_text_check(u, &page);
    CHECK(why && strstr(why, "did not make"), "a stray placeholder passed: %s", why ? why : "-");

    /* The fonts: five objects, the ToUnicode CMap from the first texts. */
    GByteArray *w = g_byte_array_new();
    size_t at[5];
    CHECK(bf_pdf_text_write_fonts(u, w, 1000, at), "fonts not written");
    CHECK(has(w, "40 0 obj\n<< /Type /Font /Subtype /Type0 /BaseFont /") && has(w, "/Encoding /Identity-H") &&
              has(w, "/Subtype /CIDFontType0 ") && has(w, "/FontFile3 43 0 R") && has(w, "/Subtype /CIDFontType0C") &&
              has(w, "/ToUnicode 44 0 R"),
          "font objects: %.200s", (const char *)w->data);
    CHECK(at[0] == 1000 && at[4] > at[3] && at[3] > at[2], "offsets");

    g_byte_array_free(w, TRUE);
    g_byte_array_free(res, TRUE);
    g_byte_array_free(o2, TRUE);
    g_byte_array_free(out, TRUE);
    g_free(right);
    g_free(moved);
    g_free(stray);
    g_free(content);
    g_free(p1);
    g_free(p2);
    bf_pdf_text_free(u);
    bf_pdf_text_free(t);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    g_free(cut);
    g_free(data);
    g_free(path);
    if (!failed) printf("pdf text: all checks passed\n");
    return failed != 0;
}
