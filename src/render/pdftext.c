/* pdftext.c - the PDF's own text operators and their placeholders
 * (pdftext.h). */
#define _GNU_SOURCE /* memmem */
#include "render/pdftext-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/pdfwrite.h"

/* A placeholder's width and height name its call and page: cairo keeps a
 * path's coordinates in 24.8 fixed point, so whole numbers up to this
 * come back whole. */
enum { MARK_MAX = 1 << 22 };

bf_pdf_text *bf_pdf_text_new(int n_pages, double w, double h)
{
    bf_pdf_text *t = g_new0(bf_pdf_text, 1);
    t->n_pages = n_pages;
    t->w = w;
    t->h = h;
    t->pages = g_new0(text_page, n_pages > 0 ? n_pages : 1);
    t->fonts = g_ptr_array_new_with_free_func((GDestroyNotify)bf_text_font_free);
    return t;
}

void bf_pdf_text_free(bf_pdf_text *t)
{
    if (!t) return;
    bf_text_fonts_packed(t);
    for (int i = 0; i < t->n_pages; i++) {
        text_page *pg = &t->pages[i];
        if (pg->ops) g_array_free(pg->ops, TRUE);
        if (pg->rec) g_byte_array_free(pg->rec, TRUE);
        if (pg->fonts) g_array_free(pg->fonts, TRUE);
    }
    g_free(t->pages);
    g_ptr_array_free(t->fonts, TRUE);
    g_free(t);
}

/* ---- numbers ---------------------------------------------------------------- */

/* v with `dec` decimals at most, trailing zeros dropped; the value
 * written, as a reader gets it back. */
static double put_fixed(GByteArray *b, double v, int dec)
{
    static const long long ten[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    char s[48], *e = s + sizeof s, *p = e;
    if (!(fabs(v) < 1e9)) v = 0; /* never on a page; and llround stays defined */
    long long q = llround(v * (double)ten[dec]);
    bool neg = q < 0;
    if (neg) q = -q;
    long long whole = q / ten[dec], frac = q % ten[dec];
    if (frac) {
        int d = dec;
        while (frac % 10 == 0) frac /= 10, d--;
        for (; d > 0; d--, frac /= 10) *--p = (char)('0' + frac % 10);
        *--p = '.';
    }
    p = bf_pdf_digits(p, (unsigned long long)whole);
    if (neg) *--p = '-';
    g_byte_array_append(b, (const guint8 *)p, (guint)(e - p));
    return (double)(neg ? -q : q) / (double)ten[dec];
}

/* ---- one call's operators --------------------------------------------------- */

typedef struct {
    GByteArray *b;
    const text_font *f;
    double m[4]; /* the text matrix: x' = m0 u + m2 v, y' = m1 u + m3 v */
    double det;
    double inv[4]; /* its inverse, times 1000: u = inv0 dx + inv1 dy, v = inv2 dx + inv3 dy */
    bool origin;   /* a Tm set in this text object */
    double ox, oy; /* its origin, as written */
    double pen;    /* the text position along the line from there, in 1/1000 em */
    int tj;        /* 0: no TJ open; 1: its array; 2: a string in it */
} writer;

static void put(writer *w, const char *s)
{
    bf_pdf_put(w->b, s);
}

static void end_tj(writer *w)
{
    if (w->tj == 2) put(w, ">");
    if (w->tj) put(w, "]TJ\n");
    w->tj = 0;
}

static void set_origin(writer *w, double x, double y)
{
    end_tj(w);
    for (int i = 0; i < 4; i++) {
        put_fixed(w->b, w->m[i], 6);
        put(w, " ");
    }
    w->ox = put_fixed(w->b, x, 6);
    put(w, " ");
    w->oy = put_fixed(w->b, y, 6);
    put(w, " Tm\n");
    w->origin = true;
    w->pen = 0;
}

/* Glyph g (an id in the cut) with its origin at (x, y): along the line in
 * the TJ array, its place to within 1/2000 em; on a new line (another
 * baseline, or more than 10 em away, as cairo does) with a new Tm. */
static void glyph(writer *w, unsigned g, double x, double y)
{
    double u = 0, v = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (w->origin) {
            double dx = x - w->ox, dy = y - w->oy;
            u = w->inv[0] * dx + w->inv[1] * dy;
            v = w->inv[2] * dx + w->inv[3] * dy;
            if (fabs(v) < 0.05 && fabs(u - w->pen) < 10000) break;
        }
        set_origin(w, x, y);
    }
    if (!(fabs(w->pen - u) < 1e7)) u = w->pen; /* a place no glyph has (NaN): where the pen is */
    long long adj = llround(w->pen - u);
    static const char hex[] = "0123456789abcdef";
    char d[40], *p = d;
    if (!w->tj) *p++ = '[';
    if (adj) {
        if (w->tj == 2) *p++ = '>';
        char num[24], *q = bf_pdf_digits(num + sizeof num, (unsigned long long)(adj < 0 ? -adj : adj));
        if (adj < 0) *p++ = '-';
        memcpy(p, q, (size_t)(num + sizeof num - q));
        p += num + sizeof num - q;
        w->tj = 1;
        w->pen -= (double)adj;
    }
    if (w->tj != 2) *p++ = '<';
    w->tj = 2;
    *p++ = hex[g >> 12 & 15];
    *p++ = hex[g >> 8 & 15];
    *p++ = hex[g >> 4 & 15];
    *p++ = hex[g & 15];
    g_byte_array_append(w->b, (const guint8 *)d, (guint)(p - d));
    const text_font *f = w->f;
    w->pen += g < f->n_glyphs ? f->width[g] : 1000;
}

static void actual_text(writer *w, const char *utf8, int len)
{
    end_tj(w);
    put(w, "/Span << /ActualText <FEFF");
    bf_pdf_put_utf16(w->b, utf8, (size_t)len);
    put(w, "> >> BDC\n");
}

static void end_actual_text(writer *w)
{
    end_tj(w);
    put(w, "EMC\n");
}

/* ---- a call, recorded ------------------------------------------------------- */

/* A call in the page's record: a byte that says whether it joins the call
 * before it in its placeholder, its font's slot and matrix, then its
 * glyphs (REC_GLYPH_X: on the baseline of the one before) and the
 * ActualText around clusters, and REC_END.  Its operators
 * are written from this where the placeholder is swapped (write_calls),
 * so that the thread that compresses the page writes them. */
enum { REC_GLYPH = 'g', REC_GLYPH_X = 'x', REC_TEXT = 'a', REC_TEXT_END = 'e', REC_END = 'z' };

/* The most a call's record takes, with n_text bytes of text. */
#define REC_HEAD (1 + sizeof(int32_t) + 4 * sizeof(double))
#define REC_GLYPH_SIZE (1 + sizeof(uint32_t) + 2 * sizeof(double))
#define REC_TEXT_SIZE (1 + sizeof(uint32_t) + 1)

static unsigned char *rec_put(unsigned char *q, const void *p, size_t n)
{
    memcpy(q, p, n);
    return q + n;
}

/* *last_y: the y of the glyph before in the call (NAN: none). */
static unsigned char *rec_glyph(unsigned char *q, text_font *f, unsigned g, double x, double y, double *last_y)
{
    uint32_t id = g;
    bool same_y = y == *last_y; /* never for the first: NAN */
    *q++ = same_y ? REC_GLYPH_X : REC_GLYPH;
    q = rec_put(q, &id, sizeof id);
    q = rec_put(q, &x, sizeof x);
    if (!same_y) q = rec_put(q, &y, sizeof y);
    *last_y = y;
    if (g < f->n_glyphs && !f->used[g]) bf_text_font_shows(f, g); /* once a glyph, in the order shown */
    return q;
}

static unsigned char *rec_text(unsigned char *q, const char *utf8, int len)
{
    uint32_t n = (uint32_t)len;
    *q++ = REC_TEXT;
    q = rec_put(q, &n, sizeof n);
    return rec_put(q, utf8, (size_t)len);
}

static const unsigned char *take(const unsigned char *p, void *out, size_t n)
{
    memcpy(out, p, n);
    return p + n;
}

/* The operators of the calls recorded in [p, end), into out. */
static void write_calls(const bf_pdf_text *t, const unsigned char *p, const unsigned char *end, GByteArray *out)
{
    while (p < end) {
        unsigned char join = *p++;
        int32_t slot;
        double m[4];
        p = take(p, &slot, sizeof slot);
        p = take(p, m, sizeof m);
        writer w = {.b = out, .f = g_ptr_array_index(t->fonts, (guint)slot), .m = {m[0], m[1], m[2], m[3]}};
        w.det = w.m[0] * w.m[3] - w.m[1] * w.m[2];
        w.inv[0] = w.m[3] / w.det * 1000;
        w.inv[1] = -w.m[2] / w.det * 1000;
        w.inv[2] = -w.m[1] / w.det * 1000;
        w.inv[3] = w.m[0] / w.det * 1000;
        put(&w, join ? "\nBT\n/Fb" : "BT\n/Fb");
        bf_pdf_put_num(out, (unsigned long long)slot, 0);
        put(&w, " 1 Tf\n");
        double y = 0;
        for (unsigned char kind; p < end && (kind = *p++) != REC_END;) {
            if (kind == REC_GLYPH || kind == REC_GLYPH_X) {
                uint32_t id;
                double x;
                p = take(p, &id, sizeof id);
                p = take(p, &x, sizeof x);
                if (kind == REC_GLYPH) p = take(p, &y, sizeof y);
                glyph(&w, id, x, y);
            } else if (kind == REC_TEXT) {
                uint32_t n;
                p = take(p, &n, sizeof n);
                actual_text(&w, (const char *)p, (int)n);
                p += n;
            } else {
                end_actual_text(&w);
            }
        }
        end_tj(&w);
        put(&w, "ET");
    }
}

static text_page *page_of(bf_pdf_text *t, int page)
{
    text_page *pg = &t->pages[page];
    if (!pg->ops) {
        pg->ops = g_array_new(FALSE, FALSE, sizeof(text_op));
        pg->rec = g_byte_array_new();
        pg->fonts = g_array_new(FALSE, FALSE, sizeof(int));
    }
    return pg;
}

static bool identity(cairo_t *cr)
{
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    return m.xx == 1 && m.yx == 0 && m.xy == 0 && m.yy == 1 && m.x0 == 0 && m.y0 == 0;
}

bool bf_pdf_text_show(bf_pdf_text *t, cairo_t *cr, int page, int slot, const cairo_matrix_t *fm, const uint16_t *map,
                      unsigned n_map, const cairo_glyph_t *glyphs, int n_glyphs, const char *utf8,
                      const cairo_text_cluster_t *clusters, int n_clusters, const double rgb[3])
{
    if (!t || page < 0 || page >= t->n_pages || page + 1 >= MARK_MAX || slot < 0 || (guint)slot >= t->fonts->len ||
        n_glyphs <= 0 || !identity(cr))
        return false;
    /* After the text waiting for its placeholder, in its colour: one
     * placeholder for both. */
    bool join = t->pending && t->pending_page == page && t->pending_rgb[0] == rgb[0] && t->pending_rgb[1] == rgb[1] &&
                t->pending_rgb[2] == rgb[2];
    if (!join) bf_pdf_text_flush(t, cr);
    text_page *pg = page_of(t, page);
    if (pg->ops->len + 1 >= MARK_MAX) return false;
    text_font *f = g_ptr_array_index(t->fonts, slot);
    double m[4] = {fm->xx, fm->yx, -fm->xy, -fm->yy};
    if (!(fabs(m[0] * m[3] - m[1] * m[2]) > 1e-9)) return false;
    GByteArray *r = pg->rec;
    uint32_t at = r->len;
    size_t n_text = 0;
    for (int c = 0; c < n_clusters; c++) {
        if (clusters[c].num_bytes < 0 || clusters[c].num_glyphs < 0) return false; /* the room below counts on it */
        n_text += (size_t)clusters[c].num_bytes;
    }
    size_t most = REC_HEAD + (size_t)n_glyphs * REC_GLYPH_SIZE + (size_t)n_clusters * REC_TEXT_SIZE + n_text + 1;
    if (most > G_MAXUINT - at) return false;
    g_byte_array_set_size(r, at + (guint)most); /* written through q, then cut to what was */
    unsigned char *q = r->data + at;
    int32_t slot32 = slot;
    *q++ = join;
    q = rec_put(q, &slot32, sizeof slot32);
    q = rec_put(q, m, sizeof m);
#define ID(k) (glyphs[k].index < n_map ? map[glyphs[k].index] : 0u)
    const char *text = utf8;
    double last_y = NAN;
    int gi = 0;
    for (int c = 0; c < n_clusters && gi <= n_glyphs; c++) {
        int nb = clusters[c].num_bytes, ng = clusters[c].num_glyphs;
        if (ng > n_glyphs - gi) ng = n_glyphs - gi;
        if (ng == 1 && nb > 0 && bf_text_font_maps(f, ID(gi), text, nb)) {
            q = rec_glyph(q, f, ID(gi), glyphs[gi].x, glyphs[gi].y, &last_y);
        } else {
            q = rec_text(q, text, nb);
            for (int k = gi; k < gi + ng; k++) q = rec_glyph(q, f, ID(k), glyphs[k].x, glyphs[k].y, &last_y);
            *q++ = REC_TEXT_END;
        }
        text += nb;
        gi += ng;
    }
    for (; gi < n_glyphs; gi++) q = rec_glyph(q, f, ID(gi), glyphs[gi].x, glyphs[gi].y, &last_y); /* without clusters */
#undef ID
    *q++ = REC_END;
    if (q > r->data + at + most) g_error("bf_pdf_text_show: the record overran its room"); /* aborts: cannot happen */
    g_byte_array_set_size(r, (guint)(q - r->data));
    if (join) {
        text_op *op = &g_array_index(pg->ops, text_op, pg->ops->len - 1);
        op->len = r->len - op->at;
    } else {
        /* The placeholder's corner, inside the page, and never the whole of
         * it (cairo paints a fill that covers the page, dropping what is
         * under it). */
        double x = fmin(fmax(glyphs[0].x, 1), t->w - 1), y = fmin(fmax(glyphs[0].y, 1), t->h - 1);
        text_op op = {x, y, at, r->len - at, false};
        g_array_append_val(pg->ops, op);
        pg->n_ops++;
        t->pending = true;
        t->pending_page = page;
        memcpy(t->pending_rgb, rgb, sizeof t->pending_rgb);
    }
    if (f->last_page != page) {
        f->last_page = page;
        f->shown = true;
        g_array_append_val(pg->fonts, slot);
    }
    return true;
}

void bf_pdf_text_flush(bf_pdf_text *t, cairo_t *cr)
{
    if (!t->pending) return;
    t->pending = false;
    const text_page *pg = &t->pages[t->pending_page];
    const text_op *op = &g_array_index(pg->ops, text_op, pg->ops->len - 1);
    /* A path begun is kept for whoever began it. */
    cairo_path_t *path = cairo_has_current_point(cr) ? cairo_copy_path(cr) : NULL;
    cairo_new_path(cr);
    cairo_set_source_rgb(cr, t->pending_rgb[0], t->pending_rgb[1], t->pending_rgb[2]);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_rectangle(cr, op->x, op->y, pg->ops->len, t->pending_page + 1);
    cairo_fill(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    if (path) {
        cairo_append_path(cr, path);
        cairo_path_destroy(path);
    }
}

/* ---- placeholders swapped ----------------------------------------------------- */

static bool is_num_char(unsigned char c)
{
    return (c >= '0' && c <= '9') || c == '.' || c == '-';
}

/* The four numbers before " re f*" at m: where the first begins, or NULL
 * when they are not four numbers after a space or a line's start. */
static const unsigned char *numbers_before(const unsigned char *data, const unsigned char *m, double v[4])
{
    const unsigned char *q = m;
    for (int k = 3; k >= 0; k--) {
        const unsigned char *e = q;
        while (q > data && is_num_char(q[-1])) q--;
        if (q == e || e - q > 30) return NULL;
        char s[32];
        memcpy(s, q, (size_t)(e - q));
        s[e - q] = 0;
        char *end;
        v[k] = strtod(s, &end);
        if (*end) return NULL;
        if (k > 0) {
            if (q == data || q[-1] != ' ') return NULL;
            q--;
        }
    }
    return q == data || q[-1] == ' ' || q[-1] == '\n' ? q : NULL;
}

/* The op a placeholder names, if it is one recorded. */
static text_op *named(bf_pdf_text *t, const double v[4], text_page **pgp)
{
    double k = v[2] - 1, page = v[3] - 1;
    if (k < 0 || page < 0 || page >= t->n_pages || k != floor(k) || page != floor(page)) return NULL;
    text_page *pg = &t->pages[(int)page];
    if (!pg->ops || k >= pg->ops->len) return NULL;
    text_op *op = &g_array_index(pg->ops, text_op, (guint)k);
    if (fabs(op->x - v[0]) > 0.01 || fabs(op->y - v[1]) > 0.01) return NULL;
    *pgp = pg;
    return op;
}

int bf_pdf_text_swap(bf_pdf_text *t, const unsigned char *data, size_t n, GByteArray *out)
{
    static const char mark[] = " re f*";
    const unsigned char *p = data, *end = data + n, *m;
    bool any = false;
    for (const unsigned char *from = data; (m = memmem(from, (size_t)(end - from), mark, 6)); from = m + 6) {
        double v[4];
        const unsigned char *s = numbers_before(data, m, v);
        text_page *pg = NULL;
        text_op *op = s ? named(t, v, &pg) : NULL;
        if (!op) {
            t->stray = true;
            continue;
        }
        g_byte_array_append(out, p, (guint)(s - p));
        write_calls(t, pg->rec->data + op->at, pg->rec->data + op->at + op->len, out);
        if (!op->placed) pg->n_placed++;
        op->placed = true;
        if (pg->n_placed == pg->n_ops) {
            /* The page's text is in its contents: what a long document
             * would hold to the end (9 MB at 1,000 pages) goes now. */
            g_array_free(pg->ops, TRUE);
            g_byte_array_free(pg->rec, TRUE);
            pg->ops = NULL;
            pg->rec = NULL;
        }
        p = m + 6;
        any = true;
    }
    if (!any) return 0;
    g_byte_array_append(out, p, (guint)(end - p));
    return 1;
}

/* ---- the repack's part --------------------------------------------------------- */

void bf_pdf_text_resources(bf_pdf_text *t, int page, GByteArray *out)
{
    if (page < 0 || page >= t->n_pages || !t->pages[page].fonts) return;
    text_page *pg = &t->pages[page];
    for (guint i = 0; i < pg->fonts->len; i++) {
        const text_font *f = g_ptr_array_index(t->fonts, g_array_index(pg->fonts, int, i));
        bf_pdf_put(out, " /Fb");
        bf_pdf_put_num(out, (unsigned long long)g_array_index(pg->fonts, int, i), ' ');
        bf_pdf_put_num(out, f->obj, 0);
        bf_pdf_put(out, " 0 R");
    }
    pg->resourced = true;
}

const char *bf_pdf_text_check(const bf_pdf_text *t, int *page)
{
    for (int i = 0; i < t->n_pages; i++) {
        const text_page *pg = &t->pages[i];
        *page = i + 1;
        if (pg->n_placed < pg->n_ops) return "text left out of the page's contents";
        if (pg->fonts && pg->fonts->len && !pg->resourced) return "the page's fonts not in its resources";
    }
    *page = 0;
    return t->stray ? "a text placeholder the text writer did not make" : NULL;
}
