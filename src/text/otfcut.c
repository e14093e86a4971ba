#include "text/otfcut.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/sfnt-bytes.h"

/* ---- reading, bounds-checked ----------------------------------------------- */

typedef struct {
    const unsigned char *p;
    size_t len;
} bytes;

static bool has(bytes b, size_t at, size_t n)
{
    return at <= b.len && n <= b.len - at;
}

/* A CFF INDEX at `at`: its count, offset size, where its data starts (the
 * byte its offsets count from, plus one) and where it ends. */
typedef struct {
    uint32_t count;
    int off_size;
    size_t offsets; /* the offset array */
    size_t data;    /* the first data byte */
    size_t end;     /* one past the INDEX */
} cff_index;

static bool read_index(bytes cff, size_t at, cff_index *ix)
{
    if (!has(cff, at, 2)) return false;
    ix->count = bf_be(cff.p + at, 2);
    if (ix->count == 0) {
        ix->off_size = 0;
        ix->offsets = ix->data = ix->end = at + 2;
        return true;
    }
    if (!has(cff, at, 3)) return false;
    ix->off_size = cff.p[at + 2];
    if (ix->off_size < 1 || ix->off_size > 4) return false;
    ix->offsets = at + 3;
    size_t n = ((size_t)ix->count + 1) * (size_t)ix->off_size;
    if (!has(cff, ix->offsets, n)) return false;
    ix->data = ix->offsets + n;
    uint32_t last = bf_be(cff.p + ix->offsets + (size_t)ix->count * ix->off_size, ix->off_size);
    if (last < 1 || !has(cff, ix->data - 1, last)) return false;
    ix->end = ix->data - 1 + last;
    return true;
}

/* Entry i of an INDEX: [*start, *end) in the table, checked. */
static bool index_entry(bytes cff, const cff_index *ix, uint32_t i, size_t *start, size_t *end)
{
    const unsigned char *o = cff.p + ix->offsets + (size_t)i * ix->off_size;
    uint32_t a = bf_be(o, ix->off_size), b = bf_be(o + ix->off_size, ix->off_size);
    if (a < 1 || b < a || ix->data - 1 + b > ix->end) return false;
    *start = ix->data - 1 + a;
    *end = ix->data - 1 + b;
    return true;
}

/* ---- DICTs ------------------------------------------------------------------ */

/* An integer operand of a DICT, with where it sits (for rewriting). */
typedef struct {
    int32_t value;
    size_t at;   /* its first byte in the table */
    int size;    /* its encoded size */
    bool is_int; /* false for reals */
} operand;

enum {
    OP_CHARSET = 15,
    OP_ENCODING = 16,
    OP_CHARSTRINGS = 17,
    OP_PRIVATE = 18,
    OP_SUBRS = 19,
    OP_ROS = 0x0c1e,
    OP_FDARRAY = 0x0c24,
    OP_FDSELECT = 0x0c25
};

/* Call fn for each operator of the DICT in [at, end), with its operands
 * and the bytes [from, to) they and it take. */
typedef bool (*dict_fn)(int op, const operand *ops, int n, size_t from, size_t to, void *ctx);

static bool walk_dict(bytes cff, size_t at, size_t end, dict_fn fn, void *ctx)
{
    operand ops[48];
    int n = 0;
    size_t from = at;
    if (end > cff.len || at > end) return false;
    while (at < end) {
        int b0 = cff.p[at];
        operand o = {0, at, 1, true};
        if (b0 <= 21) {
            int op = b0;
            if (b0 == 12) {
                if (at + 1 >= end) return false;
                op = 0x0c00 | cff.p[at + 1];
                at++;
            }
            at++;
            if (!fn(op, ops, n, from, at, ctx)) return false;
            n = 0;
            from = at;
            continue;
        }
        if (b0 == 28) {
            if (at + 3 > end) return false;
            o.value = (int16_t)bf_be(cff.p + at + 1, 2);
            o.size = 3;
        } else if (b0 == 29) {
            if (at + 5 > end) return false;
            o.value = (int32_t)bf_be(cff.p + at + 1, 4);
            o.size = 5;
        } else if (b0 == 30) {
            size_t q = at + 1;
            while (q < end && (cff.p[q] & 0x0f) != 0x0f && (cff.p[q] >> 4) != 0x0f) q++;
            if (q >= end) return false;
            o.size = (int)(q + 1 - at);
            o.is_int = false;
        } else if (b0 >= 32 && b0 <= 246) {
            o.value = b0 - 139;
        } else if (b0 >= 247 && b0 <= 254) {
            if (at + 2 > end) return false;
            int b1 = cff.p[at + 1];
            o.value = b0 <= 250 ? (b0 - 247) * 256 + b1 + 108 : -(b0 - 251) * 256 - b1 - 108;
            o.size = 2;
        } else {
            return false; /* reserved */
        }
        if (n == (int)(sizeof ops / sizeof *ops)) return false;
        ops[n++] = o;
        at += (size_t)o.size;
    }
    return n == 0;
}

/* ---- writing ---------------------------------------------------------------- */

static void append(GByteArray *b, const void *p, size_t n)
{
    g_byte_array_append(b, p, (guint)n);
}

static void append_be(GByteArray *b, int n, uint32_t v)
{
    unsigned char t[4];
    bf_put_be(t, n, v);
    append(b, t, (size_t)n);
}

/* An integer operand in its 5-byte form, whatever its value, so that a
 * DICT's size does not depend on the offsets it holds. */
static void append_int5(GByteArray *b, uint32_t v)
{
    unsigned char t[5] = {29};
    bf_put_be(t + 1, 4, v);
    append(b, t, 5);
}

static void append_op(GByteArray *b, int op)
{
    unsigned char t[2] = {(unsigned char)(op >> 8), (unsigned char)op};
    if (op > 0xff)
        append(b, t, 2);
    else
        append(b, t + 1, 1);
}

/* An INDEX of `count` entries whose sizes `size(i)` gives, offsets only:
 * the caller appends the data. */
static int index_off_size(size_t data_len)
{
    return data_len + 1 <= 0xff ? 1 : data_len + 1 <= 0xffff ? 2 : data_len + 1 <= 0xffffff ? 3 : 4;
}

/* ---- the CFF table ------------------------------------------------------------ */

typedef struct {
    bytes cff;
    GByteArray *kept; /* the Top DICT's operators that are copied as they are */
    size_t charstrings, fdarray, fdselect;
    bool cid, private_in_top;
} top_info;

static bool top_op(int op, const operand *ops, int n, size_t from, size_t to, void *ctx)
{
    top_info *t = ctx;
    switch (op) {
    case OP_CHARSTRINGS:
    case OP_FDARRAY:
    case OP_FDSELECT: {
        if (n != 1 || !ops[0].is_int || ops[0].value <= 0) return false;
        size_t v = (size_t)ops[0].value;
        if (op == OP_CHARSTRINGS)
            t->charstrings = v;
        else if (op == OP_FDARRAY)
            t->fdarray = v;
        else
            t->fdselect = v;
        return true;
    }
    case OP_CHARSET:
    case OP_ENCODING: return true; /* written anew */
    case OP_PRIVATE: t->private_in_top = true; return true;
    case OP_ROS: t->cid = true; break;
    default: break;
    }
    append(t->kept, t->cff.p + from, to - from);
    return true;
}

/* A Font DICT of the FDArray: its operators but Private, and where its
 * Private DICT and local subroutines lie. */
typedef struct {
    bytes cff;
    GByteArray *kept;
    size_t priv, priv_size, span; /* span: the Private DICT and its Subrs INDEX */
    bool has_private;
} fd_info;

static bool fd_op(int op, const operand *ops, int n, size_t from, size_t to, void *ctx)
{
    fd_info *f = ctx;
    if (op != OP_PRIVATE) {
        append(f->kept, f->cff.p + from, to - from);
        return true;
    }
    if (n != 2 || !ops[0].is_int || !ops[1].is_int || ops[0].value < 0 || ops[1].value < 0) return false;
    f->priv_size = (size_t)ops[0].value;
    f->priv = (size_t)ops[1].value;
    f->has_private = true;
    return true;
}

typedef struct {
    int64_t subrs; /* the Subrs offset from the Private DICT, or -1 */
} priv_info;

static bool priv_op(int op, const operand *ops, int n, size_t from, size_t to, void *ctx)
{
    priv_info *p = ctx;
    (void)from; /* a Private DICT is kept whole: where an operator sits does not matter */
    (void)to;
    if (op == OP_SUBRS) {
        if (n != 1 || !ops[0].is_int || ops[0].value <= 0) return false;
        p->subrs = ops[0].value;
    }
    return true;
}

/* The FD of each kept glyph, from an FDSelect of format 0 or 3. */
static bool read_fdselect(bytes cff, size_t at, uint32_t n_glyphs, const unsigned *gids, size_t n, uint32_t n_fds,
                          unsigned char *fd)
{
    if (!has(cff, at, 1)) return false;
    int format = cff.p[at];
    if (format == 0) {
        if (!has(cff, at + 1, n_glyphs)) return false;
        for (size_t k = 0; k < n; k++) fd[k] = cff.p[at + 1 + gids[k]];
    } else if (format == 3) {
        if (!has(cff, at + 1, 2)) return false;
        uint32_t n_ranges = bf_be(cff.p + at + 1, 2);
        size_t r = at + 3;
        if (n_ranges == 0 || !has(cff, r, (size_t)n_ranges * 3 + 2)) return false;
        uint32_t i = 0;
        for (size_t k = 0; k < n; k++) {
            /* The range holding gids[k]: the last whose first is <= it. */
            while (i + 1 < n_ranges && bf_be(cff.p + r + (size_t)(i + 1) * 3, 2) <= gids[k]) i++;
            uint32_t first = bf_be(cff.p + r + (size_t)i * 3, 2);
            uint32_t next = i + 1 < n_ranges ? bf_be(cff.p + r + (size_t)(i + 1) * 3, 2)
                                             : bf_be(cff.p + r + (size_t)n_ranges * 3, 2);
            if (gids[k] < first || gids[k] >= next) return false;
            fd[k] = cff.p[r + (size_t)i * 3 + 2];
        }
    } else {
        return false;
    }
    for (size_t k = 0; k < n; k++)
        if (fd[k] >= n_fds) return false;
    return true;
}

/* Each Font DICT, and the span of its Private DICT with the local
 * subroutines after it. */
static bool read_font_dicts(bytes cff, const cff_index *fds, fd_info *fdi)
{
    bool ok = true;
    for (uint32_t i = 0; ok && i < fds->count; i++) {
        size_t a, b;
        fdi[i].cff = cff;
        fdi[i].kept = g_byte_array_new();
        ok = index_entry(cff, fds, i, &a, &b) && walk_dict(cff, a, b, fd_op, &fdi[i]);
        if (!ok || !fdi[i].has_private) continue;
        priv_info pi = {-1};
        ok = has(cff, fdi[i].priv, fdi[i].priv_size) &&
             walk_dict(cff, fdi[i].priv, fdi[i].priv + fdi[i].priv_size, priv_op, &pi);
        fdi[i].span = fdi[i].priv_size;
        if (ok && pi.subrs > 0) {
            cff_index subrs;
            ok = read_index(cff, fdi[i].priv + (size_t)pi.subrs, &subrs);
            if (ok && subrs.end - fdi[i].priv > fdi[i].span) fdi[i].span = subrs.end - fdi[i].priv;
        }
    }
    return ok;
}

/* The CharStrings INDEX of the kept glyphs (their entries checked). */
static void write_charstrings(GByteArray *out, bytes cff, const cff_index *cs, const unsigned *gids, size_t n,
                              int cs_os)
{
    append_be(out, 2, (uint32_t)n);
    append_be(out, 1, (uint32_t)cs_os);
    uint32_t off = 1;
    for (size_t k = 0; k < n; k++) {
        size_t a = 0, b = 0;
        index_entry(cff, cs, gids[k], &a, &b); /* checked above */
        append_be(out, cs_os, off);
        off += (uint32_t)(b - a);
    }
    append_be(out, cs_os, off);
    for (size_t k = 0; k < n; k++) {
        size_t a = 0, b = 0;
        index_entry(cff, cs, gids[k], &a, &b);
        append(out, cff.p + a, b - a);
    }
}

/* The CID-keyed CFF table cut and renumbered: header, names, strings and
 * global subroutines as they were; a Top DICT with its offsets anew; an
 * identity charset (CID = glyph id, as FreeType and cairo both read it); an
 * FDSelect and the charstrings of the kept glyphs; the Font DICTs, and the
 * Private DICTs with their local subroutines as they were. */
static bool cut_cff(bytes cff, const unsigned *gids, size_t n, GByteArray *out)
{
    if (!has(cff, 0, 4) || cff.p[0] != 1 || n == 0 || n > 0xffff) return false;
    cff_index names, tops, strings, gsubrs;
    if (!read_index(cff, cff.p[2], &names) || !read_index(cff, names.end, &tops) || tops.count < 1 ||
        !read_index(cff, tops.end, &strings) || !read_index(cff, strings.end, &gsubrs))
        return false;
    size_t ts, te;
    if (!index_entry(cff, &tops, 0, &ts, &te)) return false;
    top_info t = {.cff = cff, .kept = g_byte_array_new()};
    bool ok =
        walk_dict(cff, ts, te, top_op, &t) && t.cid && !t.private_in_top && t.charstrings && t.fdarray && t.fdselect;
    cff_index cs, fds;
    ok = ok && read_index(cff, t.charstrings, &cs) && read_index(cff, t.fdarray, &fds) && fds.count > 0 &&
         fds.count <= 256;
    for (size_t k = 0; ok && k < n; k++) ok = gids[k] < cs.count && (k == 0 ? gids[0] == 0 : gids[k] > gids[k - 1]);
    unsigned char *fd = ok ? g_malloc(n) : NULL;
    ok = ok && read_fdselect(cff, t.fdselect, cs.count, gids, n, fds.count, fd);

    /* The Font DICTs and their Private DICTs. */
    fd_info *fdi = ok ? g_new0(fd_info, fds.count) : NULL;
    ok = ok && read_font_dicts(cff, &fds, fdi);

    /* The layout: every offset is known before anything is written. */
    size_t cs_data = 0;
    for (size_t k = 0; ok && k < n; k++) {
        size_t a = 0, b = 0;
        ok = index_entry(cff, &cs, gids[k], &a, &b);
        cs_data += b - a;
    }
    if (ok) {
        size_t top_len = t.kept->len + (size_t)4 * 5 + 1 + 1 + 2 + 2; /* charset, CharStrings, FDArray, FDSelect */
        int top_os = index_off_size(top_len);
        size_t at_strings = names.end + 3 + 2 * (size_t)top_os + top_len;
        size_t at_charset = at_strings + (gsubrs.end - tops.end);
        size_t charset_len = n > 1 ? 5 : 1;
        size_t at_fdselect = at_charset + charset_len;
        size_t at_cs = at_fdselect + 1 + n;
        int cs_os = index_off_size(cs_data);
        size_t at_fdarray = at_cs + 3 + (n + 1) * (size_t)cs_os + cs_data;
        size_t fd_data = 0;
        for (uint32_t i = 0; i < fds.count; i++) fd_data += fdi[i].kept->len + (fdi[i].has_private ? 11 : 0);
        int fd_os = index_off_size(fd_data);
        size_t at_private = at_fdarray + 3 + ((size_t)fds.count + 1) * fd_os + fd_data;

        /* Header and Name INDEX. */
        append(out, cff.p, names.end);
        /* Top DICT INDEX. */
        append_be(out, 2, 1);
        append_be(out, 1, (uint32_t)top_os);
        append_be(out, top_os, 1);
        append_be(out, top_os, (uint32_t)top_len + 1);
        append(out, t.kept->data, t.kept->len);
        append_int5(out, (uint32_t)at_charset);
        append_op(out, OP_CHARSET);
        append_int5(out, (uint32_t)at_cs);
        append_op(out, OP_CHARSTRINGS);
        append_int5(out, (uint32_t)at_fdarray);
        append_op(out, OP_FDARRAY);
        append_int5(out, (uint32_t)at_fdselect);
        append_op(out, OP_FDSELECT);
        /* String and Global Subr INDEXes. */
        append(out, cff.p + tops.end, gsubrs.end - tops.end);
        /* charset: CIDs 1 .. n-1 for glyphs 1 .. n-1. */
        append_be(out, 1, n > 1 ? 2 : 0);
        if (n > 1) {
            append_be(out, 2, 1);
            append_be(out, 2, (uint32_t)(n - 2));
        }
        /* FDSelect, format 0. */
        append_be(out, 1, 0);
        append(out, fd, n);
        /* CharStrings (checked above). */
        write_charstrings(out, cff, &cs, gids, n, cs_os);
        /* FDArray, each Private DICT at its new place. */
        append_be(out, 2, fds.count);
        append_be(out, 1, (uint32_t)fd_os);
        uint32_t off = 1;
        for (uint32_t i = 0; i < fds.count; i++) {
            append_be(out, fd_os, off);
            off += (uint32_t)(fdi[i].kept->len + (fdi[i].has_private ? 11 : 0));
        }
        append_be(out, fd_os, off);
        size_t priv_at = at_private;
        for (uint32_t i = 0; i < fds.count; i++) {
            append(out, fdi[i].kept->data, fdi[i].kept->len);
            if (!fdi[i].has_private) continue;
            append_int5(out, (uint32_t)fdi[i].priv_size);
            append_int5(out, (uint32_t)priv_at);
            append_op(out, OP_PRIVATE);
            priv_at += fdi[i].span;
        }
        for (uint32_t i = 0; i < fds.count; i++)
            if (fdi[i].has_private) append(out, cff.p + fdi[i].priv, fdi[i].span);
        ok = out->len == priv_at && priv_at <= UINT32_MAX;
    }
    for (uint32_t i = 0; fdi && i < fds.count; i++)
        if (fdi[i].kept) g_byte_array_free(fdi[i].kept, TRUE);
    g_free(fdi);
    g_free(fd);
    g_byte_array_free(t.kept, TRUE);
    return ok;
}

/* ---- the sfnt around it ----------------------------------------------------- */

static uint32_t tag(const char *s)
{
    return (uint32_t)(unsigned char)s[0] << 24 | (uint32_t)(unsigned char)s[1] << 16 |
           (uint32_t)(unsigned char)s[2] << 8 | (unsigned char)s[3];
}

static uint32_t checksum(const unsigned char *p, size_t n)
{
    uint32_t sum = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) sum += bf_be(p + i, 4);
    if (i < n) {
        unsigned char last[4] = {0};
        memcpy(last, p + i, n - i);
        sum += bf_be(last, 4);
    }
    return sum;
}

/* In tag order. */
enum { T_CFF, T_OS2, T_CMAP, T_HEAD, T_HHEA, T_HMTX, T_MAXP, T_NAME, T_POST, N_KEPT };
static const char *const kept_tables[N_KEPT] = {"CFF ", "OS/2", "cmap", "head", "hhea", "hmtx", "maxp", "name", "post"};

/* A cmap that maps nothing (format 4, the closing segment alone).  The glyph
 * ids are new and the text is shaped: the PDF's text comes from the
 * clusters drawn.  Without a cmap FreeType would make one up from the
 * charset, reading CIDs as glyph-name strings, and cairo would believe it. */
static const unsigned char empty_cmap[] = {
    0,    0,    0, 1,               /* version, one encoding */
    0,    3,    0, 1,  0, 0, 0, 12, /* Windows Unicode BMP, at 12 */
    0,    4,    0, 24, 0, 0,        /* format 4, length, language */
    0,    2,    0, 2,  0, 0, 0, 0,  /* segCountX2, searchRange, entrySelector, rangeShift */
    0xff, 0xff, 0, 0,               /* endCode, reservedPad */
    0xff, 0xff, 0, 1,  0, 0,        /* startCode, idDelta, idRangeOffset */
};

unsigned char *bf_sfnt_build(uint32_t version, const char *const *tags, const unsigned char *const *data,
                             const size_t *lens, int n, size_t *out_len)
{
    int pow2 = 1, log2 = 0;
    while (pow2 * 2 <= n) pow2 *= 2, log2++;
    size_t size = 12 + (size_t)n * 16;
    for (int k = 0; k < n; k++) size += (lens[k] + 3) & ~(size_t)3;
    unsigned char *o = g_malloc0(size);
    bf_put_be(o, 4, version);
    bf_put_be(o + 4, 2, (uint32_t)n);
    bf_put_be(o + 6, 2, (uint32_t)pow2 * 16);
    bf_put_be(o + 8, 2, (uint32_t)log2);
    bf_put_be(o + 10, 2, (uint32_t)(n - pow2) * 16);
    size_t at = 12 + (size_t)n * 16;
    unsigned char *e = o + 12;
    for (int k = 0; k < n; k++) {
        memcpy(o + at, data[k], lens[k]);
        bf_put_be(e, 4, tag(tags[k]));
        bf_put_be(e + 4, 4, checksum(o + at, lens[k]));
        bf_put_be(e + 8, 4, (uint32_t)at);
        bf_put_be(e + 12, 4, (uint32_t)lens[k]);
        e += 16;
        at += (lens[k] + 3) & ~(size_t)3;
    }
    *out_len = size;
    return o;
}

unsigned char *bf_otf_cut(const unsigned char *font, size_t len, const unsigned *gids, size_t n_gids, size_t *out_len)
{
    bytes f = {font, len};
    if (!has(f, 0, 12) || bf_be(font, 4) != tag("OTTO")) return NULL;
    uint32_t n_tables = bf_be(font + 4, 2);
    if (!has(f, 12, (size_t)n_tables * 16)) return NULL;

    bytes table[N_KEPT] = {{0}};
    for (uint32_t i = 0; i < n_tables; i++) {
        const unsigned char *e = font + 12 + (size_t)i * 16;
        for (int k = 0; k < N_KEPT; k++) {
            if (bf_be(e, 4) != tag(kept_tables[k])) continue;
            size_t at = bf_be(e + 8, 4), n = bf_be(e + 12, 4);
            if (!has(f, at, n)) return NULL;
            table[k] = (bytes){font + at, n};
        }
    }
    if (!table[T_CFF].p || !table[T_HEAD].p || table[T_HHEA].len < 36 || !table[T_HMTX].p || table[T_MAXP].len < 6)
        return NULL;

    /* The metrics of the kept glyphs, each a full entry. */
    uint32_t n_hm = bf_be(table[T_HHEA].p + 34, 2);
    if (n_hm == 0 || table[T_HMTX].len < (size_t)n_hm * 4) return NULL;
    unsigned char *hmtx = g_malloc(n_gids * 4 + 1);
    unsigned char hhea[36], maxp[32], post[32] = {0, 3, 0, 0};
    GByteArray *cff = g_byte_array_new();
    unsigned char *o = NULL;
    for (size_t k = 0; k < n_gids; k++) {
        uint32_t g = gids[k];
        const unsigned char *h = table[T_HMTX].p;
        uint32_t adv = bf_be(h + (size_t)(g < n_hm ? g : n_hm - 1) * 4, 2);
        size_t lsb_at = g < n_hm ? (size_t)g * 4 + 2 : (size_t)n_hm * 4 + (size_t)(g - n_hm) * 2;
        uint32_t lsb = lsb_at + 2 <= table[T_HMTX].len ? bf_be(h + lsb_at, 2) : 0;
        bf_put_be(hmtx + k * 4, 2, adv);
        bf_put_be(hmtx + k * 4 + 2, 2, lsb);
    }
    table[T_HMTX] = (bytes){hmtx, n_gids * 4};
    memcpy(hhea, table[T_HHEA].p, 36);
    bf_put_be(hhea + 34, 2, (uint32_t)n_gids);
    table[T_HHEA] = (bytes){hhea, 36};
    size_t maxp_len = table[T_MAXP].len < sizeof maxp ? table[T_MAXP].len : sizeof maxp;
    memcpy(maxp, table[T_MAXP].p, maxp_len);
    bf_put_be(maxp + 4, 2, (uint32_t)n_gids);
    table[T_MAXP] = (bytes){maxp, maxp_len};
    table[T_CMAP] = (bytes){empty_cmap, sizeof empty_cmap};
    if (table[T_POST].len >= 32) { /* version 3: no glyph names */
        memcpy(post + 4, table[T_POST].p + 4, 28);
        table[T_POST] = (bytes){post, 32};
    } else {
        table[T_POST] = (bytes){NULL, 0};
    }

    if (!cut_cff(table[T_CFF], gids, n_gids, cff)) goto done;
    table[T_CFF] = (bytes){cff->data, cff->len};

    const char *tags[N_KEPT];
    const unsigned char *data[N_KEPT];
    size_t lens[N_KEPT];
    int n = 0;
    for (int k = 0; k < N_KEPT; k++) {
        if (!table[k].p) continue;
        tags[n] = kept_tables[k];
        data[n] = table[k].p;
        lens[n++] = table[k].len;
    }
    o = bf_sfnt_build(tag("OTTO"), tags, data, lens, n, out_len);
done:
    g_free(hmtx);
    g_byte_array_free(cff, TRUE);
    return o;
}

bool bf_otf_table(const unsigned char *font, size_t len, const char *name, const unsigned char **at, size_t *n)
{
    bytes f = {font, len};
    if (!has(f, 0, 12)) return false;
    uint32_t n_tables = bf_be(font + 4, 2);
    if (!has(f, 12, (size_t)n_tables * 16)) return false;
    for (uint32_t i = 0; i < n_tables; i++) {
        const unsigned char *e = font + 12 + (size_t)i * 16;
        if (bf_be(e, 4) != tag(name)) continue;
        size_t off = bf_be(e + 8, 4), size = bf_be(e + 12, 4);
        if (!has(f, off, size)) return false;
        *at = font + off;
        *n = size;
        return true;
    }
    return false;
}

bool bf_otf_cff_name(const unsigned char *cff, size_t len, char *out, size_t cap)
{
    bytes c = {cff, len};
    cff_index names;
    size_t s, e;
    if (!has(c, 0, 4) || !read_index(c, cff[2], &names) || names.count < 1 || !index_entry(c, &names, 0, &s, &e))
        return false;
    size_t n = e - s < cap ? e - s : cap - 1;
    memcpy(out, cff + s, n);
    out[n] = 0;
    return n > 0;
}
