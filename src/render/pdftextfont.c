/* pdftextfont.c - the fonts of the PDF's own text (pdftext.h): each cut
 * font as a Type0 font, Identity-H, over a CIDFontType0 whose program is
 * the cut's CFF table as it is (CID-keyed, identity charset: a glyph's CID
 * is its id in the cut). */
#include "render/pdftext-private.h"

#include <string.h>

#include "render/pdfwrite.h"
#include "text/otfcut.h"
#include "text/sfnt-bytes.h"
#include "text/ttfcut.h"

static int s16(const unsigned char *p)
{
    return (int)(int16_t)(uint16_t)bf_be(p, 2);
}

/* A subset's tag: six capitals from a hash of its program, so that the
 * same cut has the same name. */
static void subset_tag(const unsigned char *p, size_t n, char tag[7])
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
    for (int i = 0; i < 6; i++, h /= 26) tag[i] = (char)('A' + h % 26);
    tag[6] = 0;
}

/* A PostScript name as a PDF name may hold it plainly. */
static bool plain_name(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; s && *s && n + 1 < cap; s++)
        if (*s > ' ' && *s < 127 && !strchr("[](){}<>/%#", *s)) out[n++] = *s;
    out[n] = 0;
    return n > 0;
}

int bf_pdf_text_add_font(bf_pdf_text *t, const unsigned char *sfnt, size_t len, const char *ps_name)
{
    const unsigned char *cff = NULL, *head, *hhea, *hmtx, *maxp = NULL, *os2 = NULL;
    size_t cff_n = 0, head_n, hhea_n, hmtx_n, maxp_n = 0, os2_n = 0;
    bool truetype = len >= 4 && bf_be(sfnt, 4) == 0x00010000;
    if ((!truetype && !bf_otf_table(sfnt, len, "CFF ", &cff, &cff_n)) ||
        !bf_otf_table(sfnt, len, "head", &head, &head_n) || !bf_otf_table(sfnt, len, "hhea", &hhea, &hhea_n) ||
        !bf_otf_table(sfnt, len, "hmtx", &hmtx, &hmtx_n) || !bf_otf_table(sfnt, len, "maxp", &maxp, &maxp_n) ||
        head_n < 54 || hhea_n < 36 || maxp_n < 6)
        return -1;
    bf_otf_table(sfnt, len, "OS/2", &os2, &os2_n);
    unsigned upem = bf_be(head + 18, 2), n_hm = bf_be(hhea + 34, 2), n_glyphs = bf_be(maxp + 4, 2);
    char cff_name[64], ps[64];
    if (!truetype) ps_name = bf_otf_cff_name(cff, cff_n, cff_name, sizeof cff_name) ? cff_name : NULL;
    if (upem < 16 || n_hm == 0 || n_glyphs < n_hm || hmtx_n < (size_t)n_hm * 4 || !plain_name(ps_name, ps, sizeof ps))
        return -1;
    text_font *f = g_new0(text_font, 1);
    f->truetype = truetype;
    f->program = truetype ? g_memdup2(sfnt, len) : g_memdup2(cff, cff_n);
    f->program_len = truetype ? len : cff_n;
    f->n_glyphs = n_glyphs;
    f->width = g_new(int, n_glyphs);
    f->used = g_new0(uint8_t, n_glyphs);
    for (unsigned g = 0; g < n_glyphs; g++) {
        unsigned adv = bf_be(hmtx + (size_t)(g < n_hm ? g : n_hm - 1) * 4, 2);
        f->width[g] = (int)((adv * 1000 + upem / 2) / upem);
    }
#define EM(v) ((int)((v)*1000 / (int)upem))
    for (int i = 0; i < 4; i++) f->bbox[i] = EM(s16(head + 36 + (size_t)i * 2));
    f->ascent = EM(s16(hhea + 4));
    f->descent = EM(s16(hhea + 6));
    f->cap_height = os2 && os2_n >= 90 && bf_be(os2, 2) >= 2 ? EM(s16(os2 + 88)) : f->bbox[3];
#undef EM
    char tag[7];
    subset_tag(f->program, f->program_len, tag);
    g_snprintf(f->name, sizeof f->name, "%s+%s", tag, ps);
    f->map_at = g_new0(uint32_t, n_glyphs);
    f->map_len = g_new0(uint16_t, n_glyphs);
    const unsigned char *cmap;
    size_t cmap_n;
    if (truetype && bf_otf_table(sfnt, len, "cmap", &cmap, &cmap_n)) {
        f->code = g_new0(uint32_t, n_glyphs);
        bf_cmap_lowest(cmap, cmap_n, f->code, n_glyphs);
    }
    f->map_text = g_byte_array_new();
    f->last_page = -1;
    g_ptr_array_add(t->fonts, f);
    return (int)t->fonts->len - 1;
}

void bf_text_font_free(text_font *f)
{
    if (f->packed) g_byte_array_free(f->packed, TRUE);
    g_free(f->program);
    g_free(f->width);
    g_free(f->used);
    g_free(f->code);
    g_free(f->map_at);
    g_free(f->map_len);
    g_byte_array_free(f->map_text, TRUE);
    g_free(f);
}

static void map(text_font *f, unsigned g, const char *utf8, int len)
{
    f->map_at[g] = f->map_text->len + 1;
    f->map_len[g] = (uint16_t)len;
    g_byte_array_append(f->map_text, (const guint8 *)utf8, (guint)len);
}

void bf_text_font_shows(text_font *f, unsigned g)
{
    if (g >= f->n_glyphs) return;
    f->used[g] = 1;
    if (!f->map_at[g] && f->code && f->code[g]) {
        char s[8];
        map(f, g, s, g_unichar_to_utf8(f->code[g], s));
    }
}

bool bf_text_font_maps(text_font *f, unsigned g, const char *utf8, int len)
{
    if (g >= f->n_glyphs || len <= 0 || len > 512) return false;
    if (!f->map_at[g]) {
        /* A glyph shown first for one character maps to it; for more (a
         * ligature), to its character in the font's cmap, if it has one. */
        bool one = g_utf8_get_char_validated(utf8, len) < 0x110000 && g_utf8_next_char(utf8) == utf8 + len;
        if (!one) bf_text_font_shows(f, g);
        if (!f->map_at[g]) map(f, g, utf8, len);
    }
    return f->map_len[g] == len && !memcmp(f->map_text->data + f->map_at[g] - 1, utf8, (size_t)len);
}

/* The packer: each font's program compressed (the fonts' list and their
 * programs do not change once it starts). */
static void *pack(void *arg)
{
    bf_pdf_text *t = arg;
    for (guint i = 0; i < t->fonts->len; i++) {
        text_font *f = g_ptr_array_index(t->fonts, i);
        GByteArray *z = g_byte_array_new();
        if (bf_pdf_deflate(z, f->program, f->program_len))
            f->packed = z;
        else
            g_byte_array_free(z, TRUE);
    }
    return NULL;
}

void bf_pdf_text_fonts_added(bf_pdf_text *t)
{
    if (!t->packing && t->fonts->len) t->packing = pthread_create(&t->packer, NULL, pack, t) == 0;
}

void bf_text_fonts_packed(bf_pdf_text *t)
{
    if (t->packing) pthread_join(t->packer, NULL);
    t->packing = false;
}

unsigned bf_pdf_text_objects(const bf_pdf_text *t)
{
    unsigned n = 0;
    for (guint i = 0; i < t->fonts->len; i++) n += ((text_font *)g_ptr_array_index(t->fonts, i))->shown ? 5 : 0;
    return n;
}

void bf_pdf_text_number(bf_pdf_text *t, unsigned first)
{
    for (guint i = 0; i < t->fonts->len; i++) {
        text_font *f = g_ptr_array_index(t->fonts, i);
        if (f->shown) {
            f->obj = first;
            first += 5;
        }
    }
}

static void put_gid(GByteArray *b, unsigned g)
{
    static const char hex[] = "0123456789abcdef";
    char d[6] = {'<', hex[g >> 12 & 15], hex[g >> 8 & 15], hex[g >> 4 & 15], hex[g & 15], '>'};
    g_byte_array_append(b, (const guint8 *)d, 6);
}

static void put_int(GByteArray *b, long long v)
{
    if (v < 0) {
        bf_pdf_put(b, "-");
        v = -v;
    }
    bf_pdf_put_num(b, (unsigned long long)v, 0);
}

/* The CMap of the glyphs mapped, in blocks of 100 (the most one may hold). */
static void to_unicode(const text_font *f, GByteArray *b)
{
    bf_pdf_put(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n"
                  "<< /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                  "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                  "1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n");
    unsigned n = 0;
    for (unsigned g = 0; g < f->n_glyphs; g++) n += f->map_at[g] != 0;
    for (unsigned g = 0, left = n; left;) {
        unsigned block = left < 100 ? left : 100;
        bf_pdf_put_num(b, block, 0);
        bf_pdf_put(b, " beginbfchar\n");
        for (unsigned k = 0; k < block; g++) {
            if (!f->map_at[g]) continue;
            put_gid(b, g);
            bf_pdf_put(b, " <");
            bf_pdf_put_utf16(b, (const char *)f->map_text->data + f->map_at[g] - 1, f->map_len[g]);
            bf_pdf_put(b, ">\n");
            k++;
        }
        bf_pdf_put(b, "endbfchar\n");
        left -= block;
    }
    bf_pdf_put(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

/* /W: the widths of the glyphs shown that are not the default 1000, in
 * runs of consecutive ids. */
static void widths(const text_font *f, GByteArray *b)
{
    bf_pdf_put(b, " /DW 1000 /W [");
    for (unsigned g = 0; g < f->n_glyphs;) {
        if (f->width[g] == 1000 || !f->used[g]) {
            g++;
            continue;
        }
        bf_pdf_put_num(b, g, 0);
        bf_pdf_put(b, " [");
        for (; g < f->n_glyphs && f->width[g] != 1000 && f->used[g]; g++) {
            put_int(b, f->width[g]);
            bf_pdf_put(b, " ");
        }
        bf_pdf_put(b, "] ");
    }
    bf_pdf_put(b, "]");
}

/* A stream object: its data compressed, or `packed` already (/Length1,
 * the size before, for a TrueType program). */
static bool put_stream(GByteArray *w, unsigned num, const char *dict, const unsigned char *data, size_t n,
                       const GByteArray *packed, bool length1)
{
    GByteArray *own = packed ? NULL : g_byte_array_new();
    const GByteArray *z = packed ? packed : own;
    bool ok = packed || bf_pdf_deflate(own, data, n);
    if (ok) {
        bf_pdf_put_num(w, num, 0);
        bf_pdf_put(w, " 0 obj\n<< ");
        bf_pdf_put(w, dict);
        if (length1) bf_pdf_putu(w, "/Length1 %llu ", n);
        bf_pdf_putu(w, "/Filter /FlateDecode /Length %llu >>\nstream\n", z->len);
        g_byte_array_append(w, z->data, z->len);
        bf_pdf_put(w, "\nendstream\nendobj\n");
    }
    if (own) g_byte_array_free(own, TRUE);
    return ok;
}

static void open_object(GByteArray *w, unsigned num)
{
    bf_pdf_put_num(w, num, 0);
    bf_pdf_put(w, " 0 obj\n<< ");
}

bool bf_pdf_text_write_fonts(bf_pdf_text *t, GByteArray *w, size_t written, size_t *at)
{
    bf_text_fonts_packed(t);
    size_t k = 0;
    for (guint i = 0; i < t->fonts->len; i++) {
        const text_font *f = g_ptr_array_index(t->fonts, i);
        if (!f->shown) continue;
        unsigned n = f->obj;
        at[k++] = written + w->len;
        open_object(w, n);
        bf_pdf_put(w, "/Type /Font /Subtype /Type0 /BaseFont /");
        bf_pdf_put(w, f->name);
        bf_pdf_putu(w, " /Encoding /Identity-H /DescendantFonts [%llu 0 R]", n + 1);
        bf_pdf_putu(w, " /ToUnicode %llu 0 R >>\nendobj\n", n + 4);
        at[k++] = written + w->len;
        open_object(w, n + 1);
        bf_pdf_put(w, f->truetype ? "/Type /Font /Subtype /CIDFontType2 /BaseFont /"
                                  : "/Type /Font /Subtype /CIDFontType0 /BaseFont /");
        bf_pdf_put(w, f->name);
        bf_pdf_put(w, " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>");
        if (f->truetype) bf_pdf_put(w, " /CIDToGIDMap /Identity");
        bf_pdf_putu(w, " /FontDescriptor %llu 0 R", n + 2);
        widths(f, w);
        bf_pdf_put(w, " >>\nendobj\n");
        at[k++] = written + w->len;
        open_object(w, n + 2);
        bf_pdf_put(w, "/Type /FontDescriptor /FontName /");
        bf_pdf_put(w, f->name);
        bf_pdf_put(w, " /Flags 4 /FontBBox [");
        for (int q = 0; q < 4; q++) {
            put_int(w, f->bbox[q]);
            bf_pdf_put(w, q < 3 ? " " : "]");
        }
        bf_pdf_put(w, " /ItalicAngle 0 /Ascent ");
        put_int(w, f->ascent);
        bf_pdf_put(w, " /Descent ");
        put_int(w, f->descent);
        bf_pdf_put(w, " /CapHeight ");
        put_int(w, f->cap_height);
        bf_pdf_putu(w,
                    f->truetype ? " /StemV 80 /FontFile2 %llu 0 R >>\nendobj\n"
                                : " /StemV 80 /FontFile3 %llu 0 R >>\nendobj\n",
                    n + 3);
        at[k++] = written + w->len;
        if (!put_stream(w, n + 3, f->truetype ? "" : "/Subtype /CIDFontType0C ", f->program, f->program_len, f->packed,
                        f->truetype))
            return false;
        at[k++] = written + w->len;
        GByteArray *cmap = g_byte_array_new();
        to_unicode(f, cmap);
        bool ok = put_stream(w, n + 4, "", cmap->data, cmap->len, NULL, false);
        g_byte_array_free(cmap, TRUE);
        if (!ok) return false;
    }
    return true;
}
