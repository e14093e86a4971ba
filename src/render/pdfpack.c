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
#include "render/flateahead.h"
#include "render/pdfa.h"
#include "render/pdfadd.h"
#include "render/pdftext.h"
#include "render/pdfwrite.h"
#include "core/arena.h"
#include "core/reader.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <glib.h>

static bool read_at(bf_reader *rd, size_t off, size_t len, unsigned char *dst)
{
    return bf_reader_read(rd, (off_t)off, len, dst);
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}

typedef struct {
    unsigned num;
    size_t off, end; /* the object's bytes in the input: [off, end) */
} object;

/* Objects in a list that grows with bf_grow. */
typedef struct {
    object *v;
    int n, cap;
} object_list;

static void add_object(object_list *l, object o)
{
    l->v = bf_grow(l->v, l->n, &l->cap, sizeof *l->v, 256);
    l->v[l->n++] = o;
}

static int by_offset(const void *a, const void *b, void *unused)
{
    (void)unused;
    const object *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* A trailer entry's value: "/Root 157 0 R" gives "157 0 R". */
static bool trailer_value(const unsigned char *t, size_t n, const char *key, char *out, size_t cap)
{
    const unsigned char *k = bf_pdf_find(t, n, key);
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

enum { PER_STREAM = 400 };  /* objects in one object stream */
enum { MAX_NUM = 8388607 }; /* the largest object number a PDF may use */

/* A cross-reference stream entry: type 0 free, 1 at an offset, 2 the index-th
 * object of an object stream. */
typedef struct {
    uint8_t type;
    uint64_t field2; /* offset, or the object stream's number */
    uint32_t field3; /* index in the object stream (free: generation) */
} xref_entry;

/* md5, when set, sums every byte written: the trailer's /ID. */
static bool write_out(GByteArray *w, size_t *written, FILE *out, GChecksum *md5)
{
    if (md5 && w->len) g_checksum_update(md5, w->data, w->len);
    if (w->len && fwrite(w->data, 1, w->len, out) != w->len) return false;
    *written += w->len;
    g_byte_array_set_size(w, 0);
    return true;
}

/* The bytes held back before they are written out. */
#define BF_PACK_FLUSH ((size_t)256 * 1024)

/* The objects a cross-reference table lists in use (xref, then
 * subsections "first count" of 20-byte entries), and how many entries it
 * lists; where the table ends, or NULL when it is not one. */
static const unsigned char *read_xref(const unsigned char *table, size_t tlen, size_t xref, object_list *objs,
                                      size_t *max_num, size_t *listed)
{
    const unsigned char *p = table, *tend = table + tlen;
    if (tlen < 5 || memcmp(p, "xref", 4) != 0) return NULL;
    p += 4;
    for (;;) {
        while (p < tend && is_space(*p)) p++;
        if (p >= tend || *p < '0' || *p > '9') break;
        char *e;
        unsigned long first = strtoul((const char *)p, &e, 10);
        unsigned long count = strtoul(e, &e, 10);
        p = (const unsigned char *)e;
        while (p < tend && is_space(*p)) p++;
        /* PDF's own limit on object numbers (ISO 32000-1, annex C) bounds
         * first + count, so neither wraps. */
        if (first > MAX_NUM || count > MAX_NUM - first || (size_t)(tend - p) < count * 20) return NULL;
        *listed += count;
        for (unsigned long i = 0; i < count; i++, p += 20) {
            if (p[17] != 'n') continue;
            /* Every object lies before the table (the objects' ends, and
             * the bytes read to tell objects at one offset apart, are
             * counted back from it). */
            object o = {(unsigned)(first + i), strtoull((const char *)p, NULL, 10), 0};
            if (o.off >= xref) return NULL;
            add_object(objs, o);
            if (first + i > *max_num) *max_num = first + i;
        }
    }
    return p;
}

/* Sort the objects by offset, each running to where the next begins (the
 * last to the table at `xref`), the ones left out dropped; false when
 * none is left or the file is not laid out so. */
static bool place_objects(bf_reader *rd, object_list *objs, size_t xref)
{
    /* GLib's sort is stable: objects at one offset stay in the table's order. */
    g_qsort_with_data(objs->v, objs->n, sizeof *objs->v, by_offset, NULL);
    object *o = objs->v;
    guint kept = 0;
    for (guint i = 0; i < (guint)objs->n;) {
        guint j = i + 1;
        while (j < (guint)objs->n && o[j].off == o[i].off) j++;
        if (j - i == 1) {
            o[kept++] = o[i];
        } else {
            unsigned char h[24] = {0};
            size_t hl = o[i].off + sizeof h - 1 <= xref ? sizeof h - 1 : xref - o[i].off;
            if (!read_at(rd, o[i].off, hl, h)) return false;
            unsigned long there = strtoul((const char *)h, NULL, 10);
            for (guint q = i; q < j; q++)
                if (o[q].num == there) o[kept++] = o[q];
        }
        i = j;
    }
    objs->n = (int)kept;
    if (kept == 0) return false;
    for (guint i = 0; i < kept; i++) {
        o[i].end = i + 1 < kept ? o[i + 1].off : xref;
        if (o[i].off >= o[i].end) return false;
    }
    return true;
}

/* Where the packed file goes: the bytes not yet written (w), how many
 * were, and the sum of them all (md5, when set: the trailer's /ID). */
typedef struct {
    GByteArray *w;
    size_t written;
    FILE *out;
    GChecksum *md5;
} outbox;

/* One object stream: its index and bodies (in), compressed into out. */
typedef struct {
    GByteArray *in, *out;
    unsigned num, n; /* its number, and how many objects it holds */
    size_t first;    /* where the first body begins in `in` */
    bool ok;
    GThread *thread; /* NULL: compressed already, or none pending */
    bool pending;
} squeeze_job;

static gpointer squeeze(gpointer p)
{
    squeeze_job *j = p;
    g_byte_array_set_size(j->out, 0);
    j->ok = bf_pdf_deflate(j->out, j->in->data, j->in->len);
    return NULL;
}

/* The pending object stream, once compressed, into w.  1, 0 when zlib
 * failed, -1 on a write error. */
static int emit_stream(outbox *ob, squeeze_job *j, xref_entry *entries)
{
    if (!j->pending) return 1;
    if (j->thread) g_thread_join(j->thread);
    j->thread = NULL;
    j->pending = false;
    if (!j->ok) return 0;
    GByteArray *w = ob->w;
    entries[j->num] = (xref_entry){1, ob->written + w->len, 0};
    bf_pdf_putu(w, "%llu 0 obj\n<< /Type /ObjStm", j->num);
    bf_pdf_putu(w, " /N %llu", j->n);
    bf_pdf_putu(w, " /First %llu", (unsigned long long)j->first);
    bf_pdf_putu(w, " /Filter /FlateDecode /Length %llu >>\nstream\n", j->out->len);
    g_byte_array_append(w, j->out->data, j->out->len);
    bf_pdf_put(w, "\nendstream\nendobj\n");
    return w->len > BF_PACK_FLUSH && !write_out(w, &ob->written, ob->out, ob->md5) ? -1 : 1;
}

/* The loose objects (their bodies at [off, end) in the input) in object
 * streams of PER_STREAM each at most, numbered from *next on, their
 * entries in `entries`.  One stream's bodies are read back and packed at
 * a time, so that the repack holds two streams' objects, not a long
 * document's all (8 MB at 1,000 pages); each is compressed on a second
 * thread while the next is gathered, and out in order: the bytes of one
 * thread.  1 when done, 0 when the input is not as read before or zlib
 * fails, -1 on a write error. */
static int write_object_streams(bf_reader *rd, outbox *ob, const object_list *loose, xref_entry *entries,
                                unsigned *next, bf_pack_extras *ex)
{
    GByteArray *packed = g_byte_array_new();
    squeeze_job jobs[2] = {{.in = g_byte_array_new(), .out = g_byte_array_new()},
                           {.in = g_byte_array_new(), .out = g_byte_array_new()}};
    unsigned char *body = NULL;
    int status = 0, cur = 0;
    guint n_loose = (guint)loose->n;
    for (guint k = 0; k < n_loose; k += PER_STREAM, cur ^= 1) {
        guint end = k + PER_STREAM < n_loose ? k + PER_STREAM : n_loose;
        const object *l = loose->v;
        squeeze_job *j = &jobs[cur];
        *j = (squeeze_job){.in = j->in, .out = j->out, .num = (*next)++, .n = end - k, .pending = true};
        GByteArray *index = j->in;
        g_byte_array_set_size(index, 0);
        g_byte_array_set_size(packed, 0);
        for (guint q = k; q < end; q++) {
            size_t len = l[q].end - l[q].off;
            body = g_realloc(body, len ? len : 1);
            if (!read_at(rd, l[q].off, len, body)) {
                j->pending = false;
                goto done;
            }
            bf_pdf_put_num(index, l[q].num, ' ');
            bf_pdf_put_num(index, packed->len, ' ');
            entries[l[q].num] = (xref_entry){2, j->num, q - k};
            bf_pdf_append_clean(packed, l[q].num, body, len, ex);
            bf_pdf_put(packed, "\n");
        }
        j->first = index->len;
        g_byte_array_append(index, packed->data, packed->len);
        /* Without a thread, compressed here. */
        j->thread = g_thread_try_new("bf-deflate", squeeze, j, NULL);
        if (!j->thread) squeeze(j);
        status = emit_stream(ob, &jobs[cur ^ 1], entries);
        if (status != 1) goto done;
        status = 0;
    }
    status = emit_stream(ob, &jobs[cur ^ 1], entries);
done:
    for (int q = 0; q < 2; q++) {
        if (jobs[q].thread) g_thread_join(jobs[q].thread);
        g_byte_array_free(jobs[q].in, TRUE);
        g_byte_array_free(jobs[q].out, TRUE);
    }
    g_free(body);
    g_byte_array_free(packed, TRUE);
    return status;
}

/* The cross-reference stream, numbered *next (which it counts), listing
 * every entry and itself, with the trailer's /Root, /Info and /ID (NULL:
 * none), at `written` bytes plus what w holds. */
static bool write_xref_stream(GByteArray *w, GByteArray *xs, xref_entry *entries, unsigned *next, size_t written,
                              const char *root, const char *info, const char *id)
{
    unsigned num = (*next)++;
    size_t at = written + w->len;
    if (at > UINT32_MAX) return false;
    entries[num] = (xref_entry){1, at, 0};
    GByteArray *rows = g_byte_array_sized_new((guint)*next * 7);
    for (unsigned i = 0; i < *next; i++) {
        unsigned char row[7] = {entries[i].type};
        for (int q = 0; q < 4; q++) row[1 + q] = (unsigned char)(entries[i].field2 >> (8 * (3 - q)));
        row[5] = (unsigned char)(entries[i].field3 >> 8);
        row[6] = (unsigned char)entries[i].field3;
        g_byte_array_append(rows, row, 7);
    }
    g_byte_array_set_size(xs, 0);
    bool ok = bf_pdf_deflate(xs, rows->data, rows->len);
    g_byte_array_free(rows, TRUE);
    if (!ok) return false;
    bf_pdf_putu(w, "%llu 0 obj\n<< /Type /XRef", num);
    bf_pdf_putu(w, " /Size %llu /W [1 4 2] /Root ", *next);
    bf_pdf_put(w, root);
    if (info) {
        bf_pdf_put(w, " /Info ");
        bf_pdf_put(w, info);
    }
    if (id) {
        bf_pdf_put(w, " /ID ");
        bf_pdf_put(w, id);
    }
    bf_pdf_putu(w, " /Filter /FlateDecode /Length %llu >>\nstream\n", xs->len);
    g_byte_array_append(w, xs->data, xs->len);
    bf_pdf_put(w, "\nendstream\nendobj\n");
    bf_pdf_putu(w, "startxref\n%llu\n%%%%EOF\n", (unsigned long long)at);
    return true;
}

/* The file's head (%PDF-1.x and the binary comment) into w, made 1.5 at
 * least; false when it is not a PDF's head. */
static bool copy_head(bf_reader *rd, const object_list *objs, GByteArray *w)
{
    size_t head_len = objs->v[0].off;
    if (head_len < 8 || head_len > 1024) return false;
    g_byte_array_set_size(w, (guint)head_len);
    if (!read_at(rd, 0, head_len, w->data) || memcmp(w->data, "%PDF-1.", 7) != 0) return false;
    if (w->data[7] < '5') w->data[7] = '5';
    return true;
}

/* The XMP metadata, numbered after the last object: a stream of its own,
 * uncompressed, so that a tool that knows no PDF finds it. */
static void write_metadata(GByteArray *w, const bf_pack_extras *ex, xref_entry *entries, size_t written)
{
    if (!ex->metadata) return;
    entries[ex->metadata] = (xref_entry){1, written + w->len, 0};
    bf_pdf_putu(w, "%llu 0 obj\n<< /Type /Metadata /Subtype /XML", ex->metadata);
    bf_pdf_putu(w, " /Length %llu >>\nstream\n", strlen(ex->x->xmp));
    bf_pdf_put(w, ex->x->xmp);
    bf_pdf_put(w, "\nendstream\nendobj\n");
}

/* PDF/A's objects (pdfa.h), numbered from ex->pdfa. */
static bool write_pdfa(GByteArray *w, const bf_pack_extras *ex, unsigned n, xref_entry *entries, size_t written)
{
    size_t *at = g_new(size_t, n);
    bool made = bf_pdfa_objects(w, ex->x->pdfa, ex->x->date, ex->pdfa, written, at);
    for (unsigned k = 0; made && k < n; k++) entries[ex->pdfa + k] = (xref_entry){1, at[k], 0};
    g_free(at);
    return made;
}

/* The text's fonts (pdftext.h), numbered from `first`; false on a write
 * error (or when compressing one fails). */
static bool write_text_fonts(outbox *ob, struct bf_pdf_text *text, unsigned first, unsigned n, xref_entry *entries)
{
    size_t *at = g_new(size_t, n);
    bool made = bf_pdf_text_write_fonts(text, ob->w, ob->written, at);
    for (unsigned k = 0; made && k < n; k++) entries[first + k] = (xref_entry){1, at[k], 0};
    g_free(at);
    return made && write_out(ob->w, &ob->written, ob->out, ob->md5);
}

/* What the extras add after the streams: the metadata, PDF/A's objects,
 * then the text's fonts (numbered after those).  1, 0 when PDF/A's cannot
 * be made, -1 on a write error. */
static int write_added(outbox *ob, bf_pack_extras *ex, unsigned n_pdfa, unsigned n_text, xref_entry *entries)
{
    write_metadata(ob->w, ex, entries, ob->written);
    if (n_pdfa && !write_pdfa(ob->w, ex, n_pdfa, entries, ob->written)) return 0;
    unsigned first = (unsigned)ex->max_num + 1 + (ex->metadata ? 1 : 0) + n_pdfa;
    return n_text && !write_text_fonts(ob, ex->x->text, first, n_text, entries) ? -1 : 1;
}

/* A stream object's n bytes as they are; for PDF/A, which forbids images
 * interpolated (ISO 19005-2, 6.2.8) as cairo asks of every picture drawn
 * smooth, with "/Interpolate true" in its dictionary made false. */
static void copy_stream(GByteArray *w, const unsigned char *span, size_t n, bool pdfa)
{
    const unsigned char *data = pdfa ? bf_pdf_find(span, n, "stream") : NULL;
    const unsigned char *ip = data ? bf_pdf_find(span, (size_t)(data - span), "/Interpolate true") : NULL;
    if (ip) {
        g_byte_array_append(w, span, (guint)(ip - span));
        bf_pdf_put(w, "/Interpolate false");
        ip += strlen("/Interpolate true");
    }
    g_byte_array_append(w, ip ? ip : span, (guint)(n - (size_t)((ip ? ip : span) - span)));
}

/* A stream object's n bytes out, noted at its offset in *entry (false on a
 * write error).  Out as it goes: images and fonts can be large, and a big
 * stream goes out from where it was read, not through w, whose room would
 * double to hold it. */
static bool put_stream(outbox *ob, xref_entry *entry, const unsigned char *span, size_t n, bool pdfa,
                       const unsigned char *ready, size_t ready_len, bf_deflater *z, unsigned *length_obj,
                       struct bf_pdf_text *text)
{
    GByteArray *w = ob->w;
    if (w->len + n > BF_PACK_FLUSH && !write_out(w, &ob->written, ob->out, ob->md5)) return false;
    *entry = (xref_entry){1, ob->written + w->len, 0};
    if (ready) {
        g_byte_array_append(w, ready, (guint)ready_len);
    } else if (bf_pdf_flate_stream(z, w, span, n, length_obj, text)) {
        /* Unfiltered (the pages' contents, which cairo is told not to
         * compress): compressed here. */
    } else if (n > BF_PACK_FLUSH && !pdfa) {
        if (ob->md5) g_checksum_update(ob->md5, span, n);
        if (fwrite(span, 1, n, ob->out) != n) return false;
        ob->written += n;
    } else {
        copy_stream(w, span, n, pdfa);
    }
    bf_pdf_put(w, "\n");
    return true;
}

/* A page object's resources, when the text has fonts of its own: the
 * object noted as the next page's (cairo writes the pages in order). */
static void note_page(bf_pack_extras *ex, const unsigned char *body, size_t n)
{
    if (!ex->page_of || n < 16 || !bf_pdf_find_word(body, n < 24 ? n : 24, "/Type /Page")) return;
    int page = ex->pages++;
    const unsigned char *r = bf_pdf_find(body, n, "/Resources ");
    if (!r) return;
    unsigned long num = strtoul((const char *)r + strlen("/Resources "), NULL, 10);
    if (num > 0 && num <= ex->max_num) ex->page_of[num] = page + 1;
}

/* Each stream object of `objs` out, compressed when cairo left it plain
 * (the lengths of those it held elsewhere marked in `unused`), and the
 * others kept in `objs`, [off, end) now their bodies.  How many others;
 * -1 when the file is not as read before, -2 on a write error. */
static int copy_streams(bf_reader *rd, outbox *ob, object_list *objs, xref_entry *entries, bool *unused, size_t max_num,
                        const bf_pdf_extras *x, bf_pack_extras *ex)
{
    int n_loose = 0, status = 0;
    unsigned char *span = NULL;
    bf_deflater *z = bf_deflater_new();
    for (int i = 0; i < objs->n && !status; i++) {
        const object *o = &objs->v[i];
        size_t len = o->end - o->off;
        span = g_realloc(span, len);
        char want[32];
        int wl = snprintf(want, sizeof want, "%u 0 obj", o->num);
        const unsigned char *eo = read_at(rd, o->off, len, span) ? bf_pdf_find_last(span, len, "endobj") : NULL;
        if (!eo || len < (size_t)wl || memcmp(span, want, (size_t)wl) != 0) {
            status = -1;
            break;
        }
        const unsigned char *body = span + wl, *bend = eo;
        while (body < bend && is_space(*body)) body++;
        while (bend > body && is_space(bend[-1])) bend--;
        if ((size_t)(bend - body) >= 9 && !memcmp(bend - 9, "endstream", 9)) {
            unsigned length_obj = 0;
            size_t n = (size_t)(eo + 6 - span);
            size_t ready_len = 0;
            const unsigned char *ready = x ? bf_flate_ahead_find(x->ahead, o->off, n, &ready_len, &length_obj) : NULL;
            if (!put_stream(ob, &entries[o->num], span, n, x && x->pdfa, ready, ready_len, z, &length_obj,
                            x ? x->text : NULL))
                status = -2;
            if (length_obj && length_obj <= max_num) unused[length_obj] = true;
        } else {
            note_page(ex, body, (size_t)(bend - body));
            objs->v[n_loose++] = (object){o->num, o->off + (size_t)(body - span), o->off + (size_t)(bend - span)};
        }
    }
    g_free(span);
    bf_deflater_free(z);
    return status ? status : n_loose;
}

/* The trailer's /ID: the same bytes give the same /ID, the sum of all
 * written (md5) and of those still in w. */
static bool content_id(const GChecksum *md5, const GByteArray *w, char *id, size_t cap)
{
    GChecksum *sum = g_checksum_copy(md5);
    g_checksum_update(sum, w->data, w->len);
    const char *hex = g_checksum_get_string(sum);
    snprintf(id, cap, "[<%s><%s>]", hex, hex);
    g_checksum_free(sum);
    return true;
}

int bf_pdf_pack(FILE *in, FILE *out)
{
    return bf_pdf_pack_with(in, out, NULL);
}

/* The cross-reference table and trailer, from startxref (at *xref, *tlen
 * bytes, NUL-terminated; g_free it), or NULL. */
static unsigned char *read_table(bf_reader *rd, size_t size, size_t *xref, size_t *tlen)
{
    /* The tail ends in a NUL, so that the number after startxref ends
     * where the file does. */
    unsigned char tail[257];
    size_t tail_at = size > sizeof tail - 1 ? size - (sizeof tail - 1) : 0;
    if (!read_at(rd, tail_at, size - tail_at, tail)) return NULL;
    tail[size - tail_at] = 0;
    const unsigned char *sx = bf_pdf_find_last(tail, size - tail_at, "startxref");
    *xref = sx ? strtoull((const char *)sx + 9, NULL, 10) : 0;
    if (*xref == 0 || *xref >= size) return NULL;
    *tlen = size - *xref;
    unsigned char *table = g_malloc(*tlen + 1);
    if (!read_at(rd, *xref, *tlen, table)) {
        g_free(table);
        return NULL;
    }
    table[*tlen] = 0;
    return table;
}

int bf_pdf_pack_with(FILE *in, FILE *out, const bf_pdf_extras *x)
{
    int fd = fileno(in);
    struct stat st;
    if (fflush(in) != 0 || fstat(fd, &st) != 0 || st.st_size < 64) return 0;
    size_t size = (size_t)st.st_size;
    /* Read in order, mostly, an object of a few dozen bytes at a time. */
    bf_reader *rd = bf_reader_new(fd, 1, MIN(size, (size_t)1 << 18));

    size_t xref, tlen;
    unsigned char *table = read_table(rd, size, &xref, &tlen);
    if (!table) {
        bf_reader_free(rd);
        return 0;
    }
    int status = 0;
    object_list objs = {0};
    GByteArray *xs = g_byte_array_new(), *w = g_byte_array_new();
    xref_entry *entries = NULL;
    bool *unused = NULL;
    int *page_of = NULL; /* the pages' resources, with the text's own fonts */
    size_t max_num = 0, listed = 0;
    char root[64], info[64], id[200];
    GChecksum *md5 = x ? g_checksum_new(G_CHECKSUM_MD5) : NULL;
    outbox ob = {w, 0, out, md5};

    const unsigned char *p = read_xref(table, tlen, xref, &objs, &max_num, &listed), *tend = table + tlen;
    if (!p) goto done;
    /* cairo numbers its objects from 1 without gaps: a number beyond the
     * entries the table lists is not its file (and would size the new
     * table by a number, not by the file). */
    if (max_num >= listed) goto done;
    const unsigned char *tr = bf_pdf_find(p, (size_t)(tend - p), "trailer");
    if (!tr || objs.n == 0 || !trailer_value(tr, (size_t)(tend - tr), "/Root", root, sizeof root)) goto done;
    bool has_info = trailer_value(tr, (size_t)(tend - tr), "/Info", info, sizeof info);
    bool has_id = trailer_value(tr, (size_t)(tend - tr), "/ID", id, sizeof id);
    g_clear_pointer(&table, g_free); /* all that is needed of it is read */
    unsigned n_pdfa = x ? bf_pdfa_count(x->pdfa) : 0, after = (unsigned)max_num + 1 + (x && x->xmp ? 1 : 0);
    unsigned n_text = x && x->text ? bf_pdf_text_objects(x->text) : 0;
    unsigned root_num = (unsigned)strtoul(root, NULL, 10), info_num = has_info ? (unsigned)strtoul(info, NULL, 10) : 0;
    bf_pack_extras ex = {.x = x, .root = root_num, .info = info_num, .max_num = (unsigned)max_num};
    ex.metadata = x && x->xmp ? (unsigned)max_num + 1 : 0;
    ex.pdfa = n_pdfa ? after : 0;
    if (n_text) {
        ex.page_of = page_of = g_new0(int, max_num + 1);
        bf_pdf_text_number(x->text, after + n_pdfa);
    }

    /* Each object runs to where the next begins.  cairo 1.16 sometimes
     * lists an object it never wrote at the offset of another (with link
     * tags): of objects sharing an offset, the one whose number is there
     * stays, and the others are left out, as free. */
    if (!place_objects(rd, &objs, xref)) goto done;

    if (!copy_head(rd, &objs, w)) goto done;

    /* Every number: the objects, then an object stream for each PER_STREAM
     * of them at most, then the cross-reference stream. */
    size_t n_entries =
        max_num + 1 + (ex.metadata ? 1 : 0) + n_pdfa + n_text + ((size_t)objs.n + PER_STREAM - 1) / PER_STREAM + 1;
    entries = g_new0(xref_entry, n_entries);
    entries[0] = (xref_entry){0, 0, 65535};

    /* Streams straight out; the other objects' bodies noted, for the
     * object streams. */
    unused = g_new0(bool, max_num + 1);
    int n_loose = copy_streams(rd, &ob, &objs, entries, unused, max_num, x, &ex);
    if (n_loose < 0) {
        status = n_loose == -2 ? -1 : 0;
        goto done;
    }

    status = write_added(&ob, &ex, n_pdfa, n_text, entries);
    if (status != 1) goto done;
    status = 0;

    /* The object streams, numbered after those, without the lengths of
     * streams now compressed (free). */
    unsigned next = after + n_pdfa + n_text;
    int kept = 0;
    for (int i = 0; i < n_loose; i++)
        if (!unused[objs.v[i].num]) objs.v[kept++] = objs.v[i];
    objs.n = kept;
    int made = write_object_streams(rd, &ob, &objs, entries, &next, &ex);
    if (made != 1) {
        status = made;
        goto done;
    }

    /* The cross-reference stream, which lists itself. */
    if (md5) has_id = content_id(md5, w, id, sizeof id);
    if (!write_xref_stream(w, xs, entries, &next, ob.written, root, has_info ? info : NULL, has_id ? id : NULL))
        goto done;
    status = write_out(w, &ob.written, out, md5) ? 1 : -1;
done:
    /* Part of it out already: the caller cannot fall back to cairo's bytes. */
    if (status == 0 && ob.written) status = -1;
    if (md5) g_checksum_free(md5);
    bf_reader_free(rd);
    g_free(table);
    g_free(entries);
    g_free(unused);
    g_free(page_of);
    g_free(objs.v);
    g_byte_array_free(xs, TRUE);
    g_byte_array_free(w, TRUE);
    return status;
}
