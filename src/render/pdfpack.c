/* pdfpack.c - cairo's PDF, repacked smaller.
 *
 * cairo 1.16 writes every dictionary (pages, fonts, the structure tree's
 * elements, link annotations, bookmarks) as plain text, and a plain
 * cross-reference table: a quarter of a short briefing's bytes.  PDF 1.5
 * lets the objects that are not streams sit in compressed object streams,
 * and the table be a compressed cross-reference stream.  This reads the
 * file cairo wrote back, object by object, and writes it so: streams as
 * they were, the other objects packed.  Nothing in an object changes, so
 * every reader that takes PDF 1.5 (which cairo's file already declares)
 * sees the same document.
 */
#include "render/render.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

typedef struct {
    unsigned char *p;
    size_t len, cap;
    bool failed;
} buf;

static void put(buf *b, const void *p, size_t n)
{
    if (b->failed || n == 0) return;
    if (n > b->cap - b->len) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap - b->len < n) cap *= 2;
        unsigned char *q = realloc(b->p, cap);
        if (!q) {
            b->failed = true;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

/* fmt is one of this file's short literals, with one number. */
static void putf(buf *b, const char *fmt, unsigned long long v)
{
    char t[128];
    int n = snprintf(t, sizeof t, fmt, v);
    if (n < 0 || n >= (int)sizeof t) b->failed = true;
    else put(b, t, (size_t)n);
}

static bool read_at(int fd, size_t off, size_t len, unsigned char *dst)
{
    while (len) {
        ssize_t n = pread(fd, dst, len, (off_t)off);
        if (n <= 0) return false;
        dst += n;
        off += (size_t)n;
        len -= (size_t)n;
    }
    return true;
}

/* The first occurrence of `needle` in [p, p + n), or NULL. */
static const unsigned char *find(const unsigned char *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (p[i] == (unsigned char)needle[0] && !memcmp(p + i, needle, k)) return p + i;
    return NULL;
}

static const unsigned char *find_last(const unsigned char *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
        if (!memcmp(p + i, needle, k)) return p + i;
    return NULL;
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}

typedef struct {
    unsigned num;
    size_t off, end; /* the object's bytes in the input: [off, end) */
} object;

static int by_offset(const void *a, const void *b)
{
    const object *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* A trailer entry's value: "/Root 157 0 R" gives "157 0 R". */
static bool trailer_value(const unsigned char *t, size_t n, const char *key, char *out, size_t cap)
{
    const unsigned char *k = find(t, n, key);
    if (!k) return false;
    const unsigned char *v = k + strlen(key), *end = t + n;
    while (v < end && is_space(*v)) v++;
    const unsigned char *e = v;
    if (v < end && *v == '[') {
        while (e < end && *e != ']') e++;
        if (e < end) e++;
    } else {
        /* "N G R" */
        for (int words = 0; e < end && words < 3; words++) {
            while (e < end && !is_space(*e) && *e != '/' && *e != '>') e++;
            while (words < 2 && e < end && is_space(*e)) e++;
        }
    }
    size_t len = (size_t)(e - v);
    if (len == 0 || len >= cap) return false;
    memcpy(out, v, len);
    out[len] = 0;
    return true;
}

static bool deflate_into(buf *out, const unsigned char *p, size_t n)
{
    uLongf bound = compressBound((uLong)n);
    unsigned char *z = malloc(bound ? bound : 1);
    if (!z) return false;
    bool ok = compress2(z, &bound, p, (uLong)n, Z_DEFAULT_COMPRESSION) == Z_OK;
    if (ok) put(out, z, bound);
    free(z);
    return ok && !out->failed;
}

enum { PER_STREAM = 400 }; /* objects in one object stream */

int bf_pdf_pack(FILE *in, FILE *out)
{
    int fd = fileno(in);
    struct stat st;
    if (fflush(in) != 0 || fstat(fd, &st) != 0 || st.st_size < 64) return 0;
    size_t size = (size_t)st.st_size;

    /* startxref, then the table and the trailer. */
    unsigned char tail[256];
    size_t tail_at = size > sizeof tail ? size - sizeof tail : 0;
    if (!read_at(fd, tail_at, size - tail_at, tail)) return 0;
    const unsigned char *sx = find_last(tail, size - tail_at, "startxref");
    if (!sx) return 0;
    size_t xref = strtoull((const char *)sx + 9, NULL, 10);
    if (xref == 0 || xref >= size) return 0;
    size_t tlen = size - xref;
    unsigned char *table = malloc(tlen + 1);
    if (!table || !read_at(fd, xref, tlen, table)) {
        free(table);
        return 0;
    }
    table[tlen] = 0;
    int status = 0;
    object *objs = NULL;
    unsigned char *span = NULL, *header = NULL;
    buf packed = {0}, index = {0}, xs = {0}, w = {0};
    size_t n_objs = 0, max_num = 0;
    char root[64], info[64], id[200];

    /* xref, then subsections "first count" of 20-byte entries. */
    const unsigned char *p = table, *tend = table + tlen;
    if (tlen < 5 || memcmp(p, "xref", 4) != 0) goto done;
    p += 4;
    {
        size_t cap = 0;
        for (;;) {
            while (p < tend && is_space(*p)) p++;
            if (p >= tend || *p < '0' || *p > '9') break;
            char *e;
            unsigned long first = strtoul((const char *)p, &e, 10);
            unsigned long count = strtoul(e, &e, 10);
            p = (const unsigned char *)e;
            while (p < tend && is_space(*p)) p++;
            if (count > 10000000 || (size_t)(tend - p) < count * 20) goto done;
            for (unsigned long i = 0; i < count; i++, p += 20) {
                if (p[17] != 'n') continue;
                if (n_objs == cap) {
                    cap = cap ? cap * 2 : 256;
                    object *o = realloc(objs, cap * sizeof *o);
                    if (!o) goto done;
                    objs = o;
                }
                objs[n_objs++] = (object){(unsigned)(first + i), strtoull((const char *)p, NULL, 10), 0};
                if (first + i > max_num) max_num = first + i;
            }
        }
    }
    const unsigned char *tr = find(p, (size_t)(tend - p), "trailer");
    if (!tr || n_objs == 0 || !trailer_value(tr, (size_t)(tend - tr), "/Root", root, sizeof root)) goto done;
    bool has_info = trailer_value(tr, (size_t)(tend - tr), "/Info", info, sizeof info);
    bool has_id = trailer_value(tr, (size_t)(tend - tr), "/ID", id, sizeof id);

    /* Each object runs to where the next begins.  cairo 1.16 sometimes
     * lists an object it never wrote at the offset of another (with link
     * tags): of objects sharing an offset, the one whose number is there
     * stays, and the others are left out, as free. */
    qsort(objs, n_objs, sizeof *objs, by_offset);
    {
        size_t kept = 0;
        for (size_t i = 0; i < n_objs;) {
            size_t j = i + 1;
            while (j < n_objs && objs[j].off == objs[i].off) j++;
            if (j - i == 1) {
                objs[kept++] = objs[i];
            } else {
                unsigned char h[24] = {0};
                size_t hl = objs[i].off + sizeof h - 1 <= xref ? sizeof h - 1 : xref - objs[i].off;
                if (!read_at(fd, objs[i].off, hl, h)) goto done;
                unsigned long there = strtoul((const char *)h, NULL, 10);
                for (size_t q = i; q < j; q++)
                    if (objs[q].num == there) objs[kept++] = objs[q];
            }
            i = j;
        }
        n_objs = kept;
        if (n_objs == 0) goto done;
    }
    for (size_t i = 0; i < n_objs; i++) {
        objs[i].end = i + 1 < n_objs ? objs[i + 1].off : xref;
        if (objs[i].off >= objs[i].end || objs[i].end > xref) goto done;
    }

    /* The file's head (%PDF-1.x and the binary comment), made 1.5 at least. */
    size_t head_len = objs[0].off;
    header = malloc(head_len + 1);
    if (!header || head_len < 8 || head_len > 1024 || !read_at(fd, 0, head_len, header) ||
        memcmp(header, "%PDF-1.", 7) != 0)
        goto done;
    if (header[7] < '5') header[7] = '5';

    /* Index of every object: 0 free, 1 at an offset, 2 in an object stream. */
    size_t size_entries = max_num + 1;
    uint8_t *type = calloc(size_entries, 1);
    uint64_t *f2 = calloc(size_entries, sizeof *f2);
    uint32_t *f3 = calloc(size_entries, sizeof *f3);
    if (!type || !f2 || !f3) {
        free(type);
        free(f2);
        free(f3);
        goto done;
    }

    put(&w, header, head_len);
    size_t written = 0;
    /* Streams first, as they were; the other objects' bodies gathered. */
    unsigned *loose = malloc(n_objs * sizeof *loose);
    size_t *loose_at = malloc(n_objs * sizeof *loose_at);
    size_t n_loose = 0;
    bool ok = loose && loose_at;
    for (size_t i = 0; ok && i < n_objs; i++) {
        size_t len = objs[i].end - objs[i].off;
        unsigned char *s = realloc(span, len);
        if (!s) {
            ok = false;
            break;
        }
        span = s;
        if (!read_at(fd, objs[i].off, len, span)) {
            ok = false;
            break;
        }
        char want[32];
        int wl = snprintf(want, sizeof want, "%u 0 obj", objs[i].num);
        const unsigned char *eo = find_last(span, len, "endobj");
        if (len < (size_t)wl || memcmp(span, want, (size_t)wl) != 0 || !eo) {
            ok = false;
            break;
        }
        const unsigned char *body = span + wl, *bend = eo;
        while (body < bend && is_space(*body)) body++;
        while (bend > body && is_space(bend[-1])) bend--;
        bool stream = (size_t)(bend - body) >= 9 && !memcmp(bend - 9, "endstream", 9);
        if (stream) {
            type[objs[i].num] = 1;
            f2[objs[i].num] = w.len + written;
            put(&w, span, (size_t)(eo + 6 - span));
            put(&w, "\n", 1);
        } else {
            loose[n_loose] = objs[i].num;
            loose_at[n_loose] = packed.len;
            put(&packed, body, (size_t)(bend - body));
            put(&packed, "\n", 1);
            n_loose++;
        }
        if (w.len > (1u << 20)) { /* write as it goes: images can be large */
            if (fwrite(w.p, 1, w.len, out) != w.len) {
                status = -1;
                ok = false;
                break;
            }
            written += w.len;
            w.len = 0;
        }
    }
    ok = ok && !w.failed && !packed.failed;

    /* The object streams, PER_STREAM objects each, numbered after the last. */
    unsigned next = (unsigned)max_num + 1;
    for (size_t k = 0; ok && k < n_loose; k += PER_STREAM) {
        size_t end = k + PER_STREAM < n_loose ? k + PER_STREAM : n_loose;
        unsigned num = next++;
        index.len = 0;
        xs.len = 0;
        for (size_t j = k; j < end; j++) {
            putf(&index, "%llu ", loose[j]);
            putf(&index, "%llu ", (unsigned long long)(loose_at[j] - loose_at[k]));
        }
        size_t first = index.len;
        size_t body_end = end < n_loose ? loose_at[end] : packed.len;
        put(&index, packed.p + loose_at[k], body_end - loose_at[k]);
        if (index.failed || !deflate_into(&xs, index.p, index.len)) {
            ok = false;
            break;
        }
        for (size_t j = k; j < end; j++) {
            if (loose[j] >= size_entries) continue;
            type[loose[j]] = 2;
            f2[loose[j]] = num;
            f3[loose[j]] = (uint32_t)(j - k);
        }
        if (num >= size_entries) { /* grow the index for the new objects */
            size_t grown = num + 2;
            uint8_t *t2 = realloc(type, grown);
            uint64_t *a2 = realloc(f2, grown * sizeof *f2);
            uint32_t *b2 = realloc(f3, grown * sizeof *f3);
            if (t2) type = t2;
            if (a2) f2 = a2;
            if (b2) f3 = b2;
            if (!t2 || !a2 || !b2) {
                ok = false;
                break;
            }
            for (size_t q = size_entries; q < grown; q++) type[q] = 0, f2[q] = 0, f3[q] = 0;
            size_entries = grown;
        }
        type[num] = 1;
        f2[num] = w.len + written;
        putf(&w, "%llu 0 obj\n<< /Type /ObjStm", num);
        putf(&w, " /N %llu", (unsigned long long)(end - k));
        putf(&w, " /First %llu", (unsigned long long)first);
        putf(&w, " /Filter /FlateDecode /Length %llu >>\nstream\n", (unsigned long long)xs.len);
        put(&w, xs.p, xs.len);
        put(&w, "\nendstream\nendobj\n", 18);
    }

    /* The cross-reference stream, which lists itself. */
    if (ok) {
        unsigned num = next++;
        if (num >= size_entries) {
            size_t grown = num + 1;
            uint8_t *t2 = realloc(type, grown);
            uint64_t *a2 = realloc(f2, grown * sizeof *f2);
            uint32_t *b2 = realloc(f3, grown * sizeof *f3);
            if (t2) type = t2;
            if (a2) f2 = a2;
            if (b2) f3 = b2;
            ok = t2 && a2 && b2;
            for (size_t q = size_entries; ok && q < grown; q++) type[q] = 0, f2[q] = 0, f3[q] = 0;
            size_entries = grown;
        }
        size_t at = w.len + written;
        if (ok) {
            type[num] = 1;
            f2[num] = at;
            ok = at <= UINT32_MAX;
        }
        buf rows = {0};
        for (size_t i = 0; ok && i < size_entries; i++) {
            unsigned char row[7];
            uint64_t a = type[i] ? f2[i] : 0;
            uint32_t b = type[i] == 2 ? f3[i] : type[i] == 0 && i == 0 ? 65535 : 0;
            row[0] = type[i];
            for (int q = 0; q < 4; q++) row[1 + q] = (unsigned char)(a >> (8 * (3 - q)));
            row[5] = (unsigned char)(b >> 8);
            row[6] = (unsigned char)b;
            put(&rows, row, 7);
        }
        xs.len = 0;
        ok = ok && !rows.failed && deflate_into(&xs, rows.p, rows.len);
        free(rows.p);
        if (ok) {
            putf(&w, "%llu 0 obj\n<< /Type /XRef", num);
            putf(&w, " /Size %llu /W [1 4 2]", (unsigned long long)size_entries);
            put(&w, " /Root ", 7);
            put(&w, root, strlen(root));
            if (has_info) {
                put(&w, " /Info ", 7);
                put(&w, info, strlen(info));
            }
            if (has_id) {
                put(&w, " /ID ", 5);
                put(&w, id, strlen(id));
            }
            putf(&w, " /Filter /FlateDecode /Length %llu >>\nstream\n", (unsigned long long)xs.len);
            put(&w, xs.p, xs.len);
            put(&w, "\nendstream\nendobj\n", 18);
            putf(&w, "startxref\n%llu\n%%%%EOF\n", (unsigned long long)at);
            ok = !w.failed;
        }
    }
    if (ok) {
        if (fwrite(w.p, 1, w.len, out) != w.len) status = -1;
        else status = 1;
    } else if (written && status == 0) {
        status = -1; /* part of it is out already: the caller cannot fall back */
        errno = errno ? errno : EIO;
    }
    free(type);
    free(f2);
    free(f3);
    free(loose);
    free(loose_at);
done:
    free(table);
    free(objs);
    free(span);
    free(header);
    free(packed.p);
    free(index.p);
    free(xs.p);
    free(w.p);
    return status;
}
