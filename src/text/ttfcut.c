/* ttfcut.c - a TrueType font cut down to some of its glyphs (ttfcut.h). */
#include "text/ttfcut.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/otfcut.h"
#include "text/sfnt-bytes.h"

typedef struct {
    const unsigned char *glyf, *loca;
    size_t glyf_len;
    uint32_t n_glyphs;
    bool long_loca;
} outlines;

/* Glyph g's outline: [*s, *e) in glyf; false when loca is out of order or
 * past the table. */
static bool glyph_span(const outlines *o, uint32_t g, size_t *s, size_t *e)
{
    if (o->long_loca) {
        *s = bf_be(o->loca + (size_t)g * 4, 4);
        *e = bf_be(o->loca + (size_t)g * 4 + 4, 4);
    } else {
        *s = (size_t)bf_be(o->loca + (size_t)g * 2, 2) * 2;
        *e = (size_t)bf_be(o->loca + (size_t)g * 2 + 2, 2) * 2;
    }
    return *s <= *e && *e <= o->glyf_len;
}

enum { ARG_WORDS = 0x0001, HAS_SCALE = 0x0008, MORE = 0x0020, XY_SCALE = 0x0040, TWO_BY_TWO = 0x0080 };

/* Mark glyph g and, if it is composite, the glyphs it is made of; false
 * when its outline cannot be read. */
static bool keep(const outlines *o, uint8_t *kept, uint32_t g, int depth)
{
    if (g >= o->n_glyphs || depth > 16) return false;
    if (kept[g]) return true;
    kept[g] = 1;
    size_t s, e;
    if (!glyph_span(o, g, &s, &e)) return false;
    if (e - s < 10 || (int16_t)bf_be(o->glyf + s, 2) >= 0) return true; /* empty, or simple */
    size_t at = s + 10;
    for (;;) {
        if (at + 4 > e) return false;
        uint32_t flags = bf_be(o->glyf + at, 2), part = bf_be(o->glyf + at + 2, 2);
        if (!keep(o, kept, part, depth + 1)) return false;
        at += 4 + (flags & ARG_WORDS ? 4 : 2) +
              (flags & HAS_SCALE    ? 2
               : flags & XY_SCALE   ? 4
               : flags & TWO_BY_TWO ? 8
                                    : 0);
        if (!(flags & MORE)) return true;
    }
}

/* ---- cmap ------------------------------------------------------------------- */

/* A cmap names at most this many characters (Unicode has 1,114,112): a
 * damaged or hostile one cannot make its readers loop for longer (a
 * font has 65,535 glyphs at most). */
enum { CMAP_VISITS = 1 << 18 };

static bool each_format12(const unsigned char *t, size_t len, void (*fn)(uint32_t, uint32_t, void *), void *ctx)
{
    if (len < 16) return false;
    uint32_t n = bf_be(t + 12, 4);
    if (n > (len - 16) / 12) return false;
    size_t visits = 0;
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *g = t + 16 + (size_t)i * 12;
        uint32_t first = bf_be(g, 4), last = bf_be(g + 4, 4), gid = bf_be(g + 8, 4);
        if (last < first || last > 0x10ffff || (visits += last - first + 1) > CMAP_VISITS) return false;
        for (uint32_t c = first; c <= last; c++) fn(c, gid + (c - first), ctx);
    }
    return true;
}

/* A format 4 subtable's segments: for each, its characters [start, end],
 * idDelta and idRangeOffset (and where that sits, which it counts from). */
typedef struct {
    const unsigned char *t;
    size_t len, segs;
    const unsigned char *ends, *starts, *deltas, *ranges;
} format4;

static bool read_format4(const unsigned char *t, size_t len, format4 *f)
{
    if (len < 14) return false;
    f->t = t;
    f->len = len;
    f->segs = bf_be(t + 6, 2) / 2;
    if (len < 16 + f->segs * 8) return false;
    f->ends = t + 14;
    f->starts = f->ends + f->segs * 2 + 2;
    f->deltas = f->starts + f->segs * 2;
    f->ranges = f->deltas + f->segs * 2;
    return true;
}

/* The glyph of character c of segment i as stored (before idDelta, for a
 * ranged segment), or -1 past the table. */
static long stored_glyph(const format4 *f, size_t i, uint32_t c)
{
    uint32_t start = bf_be(f->starts + i * 2, 2), range = bf_be(f->ranges + i * 2, 2);
    if (!range) return (long)((c + bf_be(f->deltas + i * 2, 2)) & 0xffff);
    size_t at = (size_t)(f->ranges + i * 2 - f->t) + range + (size_t)(c - start) * 2;
    return at + 2 > f->len ? -1 : (long)bf_be(f->t + at, 2);
}

static bool each_format4(const unsigned char *t, size_t len, void (*fn)(uint32_t, uint32_t, void *), void *ctx)
{
    format4 f;
    if (!read_format4(t, len, &f)) return false;
    size_t visits = 0;
    for (size_t i = 0; i < f.segs; i++) {
        uint32_t end = bf_be(f.ends + i * 2, 2), start = bf_be(f.starts + i * 2, 2), delta = bf_be(f.deltas + i * 2, 2);
        bool ranged = bf_be(f.ranges + i * 2, 2) != 0;
        if (start > end) continue;
        if ((visits += end - start + 1) > CMAP_VISITS) return false;
        for (uint32_t c = start; c <= end && c != 0xffff; c++) {
            long gid = stored_glyph(&f, i, c);
            if (gid < 0) return false;
            if (ranged && gid) gid = (gid + delta) & 0xffff;
            if (gid) fn(c, (uint32_t)gid, ctx);
        }
    }
    return true;
}

bool bf_cmap_each(const unsigned char *cmap, size_t len, void (*fn)(uint32_t code, uint32_t gid, void *ctx), void *ctx)
{
    if (len < 4) return false;
    uint32_t n = bf_be(cmap + 2, 2);
    if (len < 4 + (size_t)n * 8) return false;
    /* Unicode (platform 0) or Windows Unicode (3, 1 or 10): format 12 first. */
    for (int want = 12; want >= 4; want -= 8)
        for (uint32_t i = 0; i < n; i++) {
            const unsigned char *r = cmap + 4 + (size_t)i * 8;
            uint32_t platform = bf_be(r, 2), encoding = bf_be(r + 2, 2), off = bf_be(r + 4, 4);
            if (!(platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))) || (size_t)off + 2 > len)
                continue;
            if (bf_be(cmap + off, 2) != (uint32_t)want) continue;
            return want == 12 ? each_format12(cmap + off, len - off, fn, ctx)
                              : each_format4(cmap + off, len - off, fn, ctx);
        }
    return false;
}

/* The (3, 1) format 4 subtable of a cmap, or NULL. */
static const unsigned char *windows_bmp(const unsigned char *cmap, size_t len, size_t *n)
{
    uint32_t count = len >= 4 ? bf_be(cmap + 2, 2) : 0;
    for (uint32_t i = 0; i < count && 4 + (size_t)(i + 1) * 8 <= len; i++) {
        const unsigned char *r = cmap + 4 + (size_t)i * 8;
        uint32_t off = bf_be(r + 4, 4);
        if (bf_be(r, 2) != 3 || bf_be(r + 2, 2) != 1 || (size_t)off + 14 > len || bf_be(cmap + off, 2) != 4) continue;
        *n = len - off;
        return cmap + off;
    }
    return NULL;
}

/* The character each glyph is for (code[g], 0: none), as cairo 1.16 reads
 * it back from a format 4 subtable: the first segment without a range
 * offset that maps to it, else the first character of a ranged segment
 * whose stored glyph id is its id (cairo compares it before idDelta). */
static void format4_codes(const unsigned char *t, size_t len, uint32_t *code, uint32_t n_glyphs)
{
    format4 f;
    if (!read_format4(t, len, &f)) return;
    size_t visits = 0;
    for (int ranged = 0; ranged < 2; ranged++)
        for (size_t i = 0; i < f.segs; i++) {
            uint32_t end = bf_be(f.ends + i * 2, 2), start = bf_be(f.starts + i * 2, 2);
            if (start == 0xffff && end == 0xffff) break;
            if ((bf_be(f.ranges + i * 2, 2) != 0) != ranged || start > end) continue;
            if ((visits += end - start + 1) > CMAP_VISITS) return;
            for (uint32_t c = start; c <= end; c++) {
                long g = stored_glyph(&f, i, c);
                if (g < 0) break;
                if ((uint32_t)g < n_glyphs && !code[g]) code[g] = c;
            }
        }
}

typedef struct {
    uint32_t *code; /* by glyph */
    uint32_t n_glyphs;
} lowest;

static void lowest_code(uint32_t code, uint32_t gid, void *p)
{
    lowest *l = p;
    if (gid < l->n_glyphs && code && (!l->code[gid] || code < l->code[gid])) l->code[gid] = code;
}

void bf_cmap_lowest(const unsigned char *cmap, size_t len, uint32_t *code, uint32_t n_glyphs)
{
    lowest l = {code, n_glyphs};
    bf_cmap_each(cmap, len, lowest_code, &l);
}

/* By character, then glyph: the same order whatever qsort does with ties. */
static int by_code(const void *a, const void *b)
{
    uint32_t x = bf_be(a, 4), y = bf_be(b, 4), g = bf_be((const unsigned char *)a + 8, 4),
             h = bf_be((const unsigned char *)b + 8, 4);
    return x != y ? (x < y ? -1 : 1) : (g < h ? -1 : g > h);
}

/* The cmap of the kept glyphs: one subtable (3, 10) of format 12 that
 * gives each glyph one character, the one cairo 1.16 would name it by
 * (format4_codes, else the lowest character FreeType would find); NULL
 * when the font has no cmap. */
static GByteArray *cut_cmap(const unsigned char *cmap, size_t len, const uint8_t *kept, uint32_t n_glyphs)
{
    if (!cmap) return NULL;
    uint32_t *lowest_of = g_new0(uint32_t, n_glyphs);
    bf_cmap_lowest(cmap, len, lowest_of, n_glyphs);
    size_t n4 = 0;
    const unsigned char *t4 = windows_bmp(cmap, len, &n4);
    uint32_t *code4 = g_new0(uint32_t, n_glyphs);
    if (t4) format4_codes(t4, n4, code4, n_glyphs);
    GByteArray *groups = g_byte_array_new();
    for (uint32_t g = 1; g < n_glyphs; g++) {
        if (!kept[g]) continue;
        uint32_t c = code4[g] ? code4[g] : lowest_of[g];
        if (!c) continue;
        unsigned char e[12];
        bf_put_be(e, 4, c);
        bf_put_be(e + 4, 4, c);
        bf_put_be(e + 8, 4, g);
        g_byte_array_append(groups, e, 12);
    }
    g_free(lowest_of);
    g_free(code4);
    if (groups->len) qsort(groups->data, groups->len / 12, 12, by_code);
    GByteArray *out = g_byte_array_sized_new(28 + groups->len);
    unsigned char h[28] = {0, 0, 0, 1, 0, 3, 0, 10, 0, 0, 0, 12, 0, 12, 0, 0};
    bf_put_be(h + 16, 4, 16 + groups->len);
    bf_put_be(h + 24, 4, groups->len / 12);
    g_byte_array_append(out, h, 28);
    g_byte_array_append(out, groups->data, groups->len);
    g_byte_array_free(groups, TRUE);
    return out;
}

/* ---- the cut ------------------------------------------------------------------ */

/* The tables kept, in tag order. */
enum { T_CVT, T_CMAP, T_FPGM, T_GLYF, T_HEAD, T_HHEA, T_HMTX, T_LOCA, T_MAXP, T_PREP, N_KEPT };
static const char *const kept_tables[N_KEPT] = {"cvt ", "cmap", "fpgm", "glyf", "head",
                                                "hhea", "hmtx", "loca", "maxp", "prep"};

unsigned char *bf_ttf_cut(const unsigned char *font, size_t len, const unsigned *gids, size_t n_gids, size_t *out_len)
{
    if (len < 12 || bf_be(font, 4) != 0x00010000) return NULL;
    const unsigned char *t[N_KEPT] = {NULL};
    size_t n[N_KEPT] = {0};
    for (int k = 0; k < N_KEPT; k++) bf_otf_table(font, len, kept_tables[k], &t[k], &n[k]);
    if (!t[T_GLYF] || !t[T_LOCA] || !t[T_HEAD] || n[T_HEAD] < 54 || !t[T_HHEA] || !t[T_HMTX] || !t[T_MAXP] ||
        n[T_MAXP] < 6)
        return NULL;
    outlines o = {t[T_GLYF], t[T_LOCA], n[T_GLYF], bf_be(t[T_MAXP] + 4, 2), bf_be(t[T_HEAD] + 50, 2) == 1};
    if (o.n_glyphs == 0 || n[T_LOCA] < ((size_t)o.n_glyphs + 1) * (o.long_loca ? 4 : 2)) return NULL;
    uint8_t *kept = g_new0(uint8_t, o.n_glyphs);
    bool ok = keep(&o, kept, 0, 0);
    for (size_t i = 0; ok && i < n_gids; i++) ok = gids[i] < o.n_glyphs && keep(&o, kept, gids[i], 0);
    GByteArray *glyf = g_byte_array_new();
    unsigned char *loca = g_malloc(((size_t)o.n_glyphs + 1) * 4), head[54];
    for (uint32_t g = 0; ok && g < o.n_glyphs; g++) {
        bf_put_be(loca + (size_t)g * 4, 4, glyf->len);
        size_t s, e;
        if (!kept[g]) continue;
        ok = glyph_span(&o, g, &s, &e);
        if (!ok) break;
        g_byte_array_append(glyf, o.glyf + s, (guint)(e - s));
        while (glyf->len % 4) g_byte_array_append(glyf, (const guint8 *)"", 1);
    }
    unsigned char *out = NULL;
    GByteArray *cmap = ok ? cut_cmap(t[T_CMAP], n[T_CMAP], kept, o.n_glyphs) : NULL;
    t[T_CMAP] = cmap ? cmap->data : NULL;
    n[T_CMAP] = cmap ? cmap->len : 0;
    if (ok) {
        bf_put_be(loca + (size_t)o.n_glyphs * 4, 4, glyf->len);
        memcpy(head, t[T_HEAD], 54);
        bf_put_be(head + 8, 4, 0);  /* checkSumAdjustment: left out */
        bf_put_be(head + 50, 2, 1); /* long loca */
        t[T_HEAD] = head;
        n[T_HEAD] = 54;
        t[T_LOCA] = loca;
        n[T_LOCA] = ((size_t)o.n_glyphs + 1) * 4;
        t[T_GLYF] = glyf->len ? glyf->data : (const unsigned char *)"";
        n[T_GLYF] = glyf->len;
        const char *tags[N_KEPT];
        const unsigned char *data[N_KEPT];
        size_t lens[N_KEPT];
        int m = 0;
        for (int k = 0; k < N_KEPT; k++) {
            if (!t[k]) continue;
            tags[m] = kept_tables[k];
            data[m] = t[k];
            lens[m++] = n[k];
        }
        out = bf_sfnt_build(0x00010000, tags, data, lens, m, out_len);
    }
    g_free(kept);
    g_free(loca);
    if (cmap) g_byte_array_free(cmap, TRUE);
    g_byte_array_free(glyf, TRUE);
    return out;
}
