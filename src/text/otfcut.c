#include "text/otfcut.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading, bounds-checked ----------------------------------------------- */

typedef struct {
    const unsigned char *p;
    size_t len;
} bytes;

static bool has(bytes b, size_t at, size_t n)
{
    return at <= b.len && n <= b.len - at;
}

static uint32_t be(const unsigned char *p, int n)
{
    uint32_t v = 0;
    for (int i = 0; i < n; i++) v = v << 8 | p[i];
    return v;
}

static void put_be(unsigned char *p, int n, uint32_t v)
{
    for (int i = n - 1; i >= 0; i--, v >>= 8) p[i] = (unsigned char)v;
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
    ix->count = be(cff.p + at, 2);
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
    uint32_t last = be(cff.p + ix->offsets + (size_t)ix->count * ix->off_size, ix->off_size);
    if (last < 1 || !has(cff, ix->data - 1, last)) return false;
    ix->end = ix->data - 1 + last;
    return true;
}

/* Entry i of an INDEX: [*start, *end) in the table, checked. */
static bool index_entry(bytes cff, const cff_index *ix, uint32_t i, size_t *start, size_t *end)
{
    const unsigned char *o = cff.p + ix->offsets + (size_t)i * ix->off_size;
    uint32_t a = be(o, ix->off_size), b = be(o + ix->off_size, ix->off_size);
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

enum { OP_CHARSET = 15, OP_ENCODING = 16, OP_CHARSTRINGS = 17, OP_PRIVATE = 18,
       OP_FDARRAY = 0x0c24, OP_FDSELECT = 0x0c25 };

/* Call fn for each operator of the DICT in [at, end), with its operands. */
static bool walk_dict(bytes cff, size_t at, size_t end, bool (*fn)(int op, const operand *ops, int n, void *ctx),
                      void *ctx)
{
    operand ops[48];
    int n = 0;
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
            if (!fn(op, ops, n, ctx)) return false;
            n = 0;
            continue;
        }
        if (b0 == 28) {
            if (at + 3 > end) return false;
            o.value = (int16_t)be(cff.p + at + 1, 2);
            o.size = 3;
        } else if (b0 == 29) {
            if (at + 5 > end) return false;
            o.value = (int32_t)be(cff.p + at + 1, 4);
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

/* ---- the cut ---------------------------------------------------------------- */

/* An offset operand to move when the charstrings shrink. */
typedef struct {
    size_t at; /* in the old table */
    int32_t value;
} fixup;

typedef struct {
    bytes cff;
    size_t charstrings;  /* the CharStrings INDEX's offset, 0 until seen */
    size_t fdarray;      /* the FDArray INDEX's offset, 0 if none */
    bool cid;
    fixup fix[64];
    int n_fix;
    bool ok;
} top_info;

static void note_offset(top_info *t, const operand *o)
{
    if (t->n_fix == (int)(sizeof t->fix / sizeof *t->fix) || !o->is_int) {
        t->ok = false;
        return;
    }
    t->fix[t->n_fix++] = (fixup){o->at, o->value};
}

static bool top_op(int op, const operand *ops, int n, void *ctx)
{
    top_info *t = ctx;
    switch (op) {
    case OP_CHARSTRINGS:
        if (n != 1 || !ops[0].is_int || ops[0].value <= 0) return false;
        t->charstrings = (size_t)ops[0].value;
        break;
    case OP_CHARSET:
        if (n != 1) return false;
        if (ops[0].value > 2) note_offset(t, &ops[0]); /* 0-2 name predefined charsets */
        break;
    case OP_ENCODING:
        if (n != 1) return false;
        if (ops[0].value > 1) note_offset(t, &ops[0]);
        break;
    case OP_PRIVATE:
        if (n != 2) return false;
        note_offset(t, &ops[1]);
        break;
    case OP_FDARRAY:
        if (n != 1 || !ops[0].is_int || ops[0].value <= 0) return false;
        t->fdarray = (size_t)ops[0].value;
        note_offset(t, &ops[0]);
        break;
    case OP_FDSELECT:
        if (n != 1) return false;
        note_offset(t, &ops[0]);
        break;
    case 0x0c1e: /* ROS */
        t->cid = true;
        break;
    default:
        break;
    }
    return true;
}

static bool fd_op(int op, const operand *ops, int n, void *ctx)
{
    if (op == OP_PRIVATE) {
        if (n != 2) return false;
        note_offset(ctx, &ops[1]);
    }
    return true;
}

typedef struct {
    unsigned char *p;
    size_t len, cap;
} buf;

static bool grow(buf *b, size_t more)
{
    if (more <= b->cap - b->len) return true;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap - b->len < more) {
        if (cap > SIZE_MAX / 2) return false;
        cap *= 2;
    }
    unsigned char *p = realloc(b->p, cap);
    if (!p) return false;
    b->p = p;
    b->cap = cap;
    return true;
}

static bool append(buf *b, const void *p, size_t n)
{
    if (!grow(b, n)) return false;
    if (n) memcpy(b->p + b->len, p, n);
    b->len += n;
    return true;
}

/* The CFF table cut: the bytes before the CharStrings INDEX as they were,
 * the INDEX rebuilt, the bytes after it as they were, and every offset
 * that pointed past the INDEX moved by how much it shrank.  Offsets are
 * rewritten in place, so only 5-byte operands can take a changed value. */
static bool cut_cff(bytes cff, const unsigned *gids, size_t n_gids, buf *out)
{
    if (!has(cff, 0, 4) || cff.p[0] != 1) return false;
    cff_index names, tops;
    if (!read_index(cff, cff.p[2], &names) || !read_index(cff, names.end, &tops) || tops.count < 1) return false;
    size_t ts, te;
    if (!index_entry(cff, &tops, 0, &ts, &te)) return false;
    top_info t = {.cff = cff, .ok = true};
    if (!walk_dict(cff, ts, te, top_op, &t) || !t.ok || !t.charstrings) return false;

    cff_index cs;
    if (!read_index(cff, t.charstrings, &cs) || cs.count == 0) return false;
    if (t.fdarray) {
        cff_index fds;
        if (!read_index(cff, t.fdarray, &fds)) return false;
        for (uint32_t i = 0; i < fds.count; i++) {
            size_t a, b;
            if (!index_entry(cff, &fds, i, &a, &b) || !walk_dict(cff, a, b, fd_op, &t) || !t.ok) return false;
        }
    }

    /* The new CharStrings INDEX: the kept glyphs' charstrings, and a lone
     * endchar for every other glyph. */
    static const unsigned char endchar = 14;
    const unsigned char *offs = cff.p + cs.offsets;
    const int os = cs.off_size;
    size_t data_len = cs.count; /* one byte a glyph, and the kept ones' extra */
    uint32_t last = 0;
    for (size_t k = 0; k < n_gids; k++) {
        uint32_t g = gids[k];
        if (g >= cs.count || (k > 0 && g <= last)) return false;
        last = g;
        uint32_t a = be(offs + (size_t)g * os, os), b = be(offs + ((size_t)g + 1) * os, os);
        if (a < 1 || b < a || cs.data - 1 + b > cs.end) return false;
        data_len += (size_t)(b - a) - 1;
    }
    int off_size = data_len + 1 <= 0xff ? 1 : data_len + 1 <= 0xffff ? 2 : data_len + 1 <= 0xffffff ? 3 : 4;
    size_t index_len = 3 + ((size_t)cs.count + 1) * off_size + data_len;
    int64_t delta = (int64_t)(t.charstrings + index_len) - (int64_t)cs.end;

    if (!grow(out, t.charstrings + index_len + (cff.len - cs.end))) return false;
    append(out, cff.p, t.charstrings);
    unsigned char *o = out->p + out->len;
    put_be(o, 2, cs.count);
    o[2] = (unsigned char)off_size;
    unsigned char *new_offs = o + 3;
    unsigned char *data = new_offs + ((size_t)cs.count + 1) * off_size;
    uint32_t off = 1;
    size_t k = 0;
    for (uint32_t g = 0; g < cs.count; g++) {
        put_be(new_offs + (size_t)g * off_size, off_size, off);
        if (k < n_gids && gids[k] == g) {
            uint32_t a = be(offs + (size_t)g * os, os), b = be(offs + ((size_t)g + 1) * os, os);
            memcpy(data + off - 1, cs.data - 1 + a + cff.p, b - a);
            off += b - a;
            k++;
        } else {
            data[off - 1] = endchar;
            off += 1;
        }
    }
    put_be(new_offs + (size_t)cs.count * off_size, off_size, off);
    out->len += index_len;
    append(out, cff.p + cs.end, cff.len - cs.end);

    /* Offsets into what came after the old INDEX move with it. */
    for (int i = 0; i < t.n_fix; i++) {
        const fixup *f = &t.fix[i];
        size_t target = (size_t)f->value;
        if (f->value < 0) return false;
        if (target < t.charstrings) continue;
        if (target < cs.end) return false; /* inside the charstrings: not a layout we know */
        size_t at = f->at < t.charstrings ? f->at : f->at >= cs.end ? (size_t)((int64_t)f->at + delta) : SIZE_MAX;
        if (at == SIZE_MAX || !has((bytes){out->p, out->len}, at, 5) || out->p[at] != 29) return false;
        put_be(out->p + at + 1, 4, (uint32_t)((int64_t)target + delta));
    }
    return true;
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
    for (; i + 4 <= n; i += 4) sum += be(p + i, 4);
    if (i < n) {
        unsigned char last[4] = {0};
        memcpy(last, p + i, n - i);
        sum += be(last, 4);
    }
    return sum;
}

static const char *const kept_tables[] = {"CFF ", "OS/2", "cmap", "head", "hhea", "hmtx", "maxp", "name", "post"};
enum { N_KEPT = sizeof kept_tables / sizeof *kept_tables };

unsigned char *bf_otf_cut(const unsigned char *font, size_t len, const unsigned *gids, size_t n_gids,
                          size_t *out_len)
{
    bytes f = {font, len};
    if (!has(f, 0, 12) || be(font, 4) != tag("OTTO")) return NULL;
    uint32_t n_tables = be(font + 4, 2);
    if (!has(f, 12, (size_t)n_tables * 16)) return NULL;

    /* The kept tables, in tag order (the order kept_tables lists them). */
    bytes table[N_KEPT] = {{0}};
    for (uint32_t i = 0; i < n_tables; i++) {
        const unsigned char *e = font + 12 + (size_t)i * 16;
        for (int k = 0; k < N_KEPT; k++) {
            if (be(e, 4) != tag(kept_tables[k])) continue;
            size_t at = be(e + 8, 4), n = be(e + 12, 4);
            if (!has(f, at, n)) return NULL;
            table[k] = (bytes){font + at, n};
        }
    }
    if (!table[0].p || !table[3].p || !table[4].p || !table[5].p || !table[6].p) return NULL; /* CFF head hhea hmtx maxp */

    buf cff = {0};
    if (!cut_cff(table[0], gids, n_gids, &cff)) {
        free(cff.p);
        return NULL;
    }
    table[0] = (bytes){cff.p, cff.len};

    int n = 0;
    for (int k = 0; k < N_KEPT; k++) n += table[k].p != NULL;
    int pow2 = 1, log2 = 0;
    while (pow2 * 2 <= n) pow2 *= 2, log2++;
    size_t size = 12 + (size_t)n * 16;
    for (int k = 0; k < N_KEPT; k++)
        if (table[k].p) size += (table[k].len + 3) & ~(size_t)3;
    unsigned char *o = calloc(1, size);
    if (!o) {
        free(cff.p);
        return NULL;
    }
    put_be(o, 4, tag("OTTO"));
    put_be(o + 4, 2, (uint32_t)n);
    put_be(o + 6, 2, (uint32_t)pow2 * 16);
    put_be(o + 8, 2, (uint32_t)log2);
    put_be(o + 10, 2, (uint32_t)(n - pow2) * 16);
    size_t at = 12 + (size_t)n * 16;
    unsigned char *e = o + 12;
    for (int k = 0; k < N_KEPT; k++) {
        if (!table[k].p) continue;
        memcpy(o + at, table[k].p, table[k].len);
        put_be(e, 4, tag(kept_tables[k]));
        put_be(e + 4, 4, checksum(o + at, table[k].len));
        put_be(e + 8, 4, (uint32_t)at);
        put_be(e + 12, 4, (uint32_t)table[k].len);
        e += 16;
        at += (table[k].len + 3) & ~(size_t)3;
    }
    free(cff.p);
    *out_len = size;
    return o;
}
