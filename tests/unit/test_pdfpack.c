/* The PDF repacker: a PDF cairo wrote comes out with object streams and a
 * cross-reference stream, every object accounted for; anything else (not
 * a PDF, a PDF cut short anywhere, bytes overwritten) is refused with
 * nothing written, or packed, never read out of bounds (run under ASan in
 * the sanitizer build).  That readers take the result is checked on real
 * builds by tests/pdf. */
#include <cairo-pdf.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "render/render.h"

/* Every read the packer makes is watched: none may ask for bytes past the
 * end of the file (a length that wrapped below zero is refused by the
 * kernel before ASan could see the buffer overrun, so it is caught here). */
static int reads_past_end;

static ssize_t watched_pread(int fd, void *buf, size_t n, off_t off)
{
    struct stat st;
    if (fstat(fd, &st) == 0 && (off < 0 || off > st.st_size || n > (size_t)(st.st_size - off))) reads_past_end++;
    return syscall(SYS_pread64, fd, buf, n, off);
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
    return watched_pread(fd, buf, n, off);
}

ssize_t pread64(int fd, void *buf, size_t n, off_t off)
{
    return watched_pread(fd, buf, n, off);
}

static cairo_status_t to_file(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* A small PDF from cairo: two pages of text, a link, a bookmark. */
static unsigned char *cairo_pdf(size_t *len)
{
    FILE *f = tmpfile();
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_file, f, 200, 200);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "repack");
    cairo_t *cr = cairo_create(s);
    for (int page = 0; page < 2; page++) {
        cairo_tag_begin(cr, CAIRO_TAG_LINK, "uri='https://example.com/'");
        cairo_move_to(cr, 20, 50);
        cairo_show_text(cr, "stream endstream endobj xref trailer");
        cairo_tag_end(cr, CAIRO_TAG_LINK);
        cairo_rectangle(cr, 10, 10, 50, 50);
        cairo_fill(cr);
        cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, "mark", "page=1", 0);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    *len = (size_t)ftell(f);
    unsigned char *p = malloc(*len);
    rewind(f);
    if (fread(p, 1, *len, f) != *len) *len = 0;
    fclose(f);
    return p;
}

/* bf_pdf_pack on bytes; the output in *out (malloc'd). */
static int pack(const unsigned char *p, size_t len, unsigned char **out, size_t *out_len)
{
    FILE *in = tmpfile(), *o = tmpfile();
    if (len) fwrite(p, 1, len, in);
    int r = bf_pdf_pack(in, o);
    *out_len = (size_t)ftell(o);
    *out = malloc(*out_len + 1);
    rewind(o);
    if (fread(*out, 1, *out_len, o) != *out_len) *out_len = 0;
    (*out)[*out_len] = 0;
    fclose(in);
    fclose(o);
    return r;
}

/* A file laid out as cairo lays one out: the header, `objs` (each "N 0 obj
 * ... endobj"), `table` (the cross-reference table, the trailer and
 * startxref) with "%S" replaced by the table's offset, then `tail` (NULL:
 * "%%EOF").  The table's entries are as the test writes them, right or
 * wrong. */
static unsigned char *crafted(const char *objs, const char *table, const char *tail, size_t *len)
{
    GString *s = g_string_new("%PDF-1.5\n%\xb5\xed\xae\xfb\n");
    g_string_append(s, objs);
    size_t xref = s->len;
    for (const char *c = table; *c; c++) {
        if (c[0] == '%' && c[1] == 'S') {
            g_string_append_printf(s, "%zu", xref);
            c++;
        } else {
            g_string_append_c(s, *c);
        }
    }
    g_string_append(s, tail ? tail : "%%EOF\n");
    *len = s->len;
    return (unsigned char *)g_string_free(s, FALSE);
}

static size_t count(const unsigned char *p, size_t n, const char *s)
{
    size_t k = strlen(s), c = 0;
    for (size_t i = 0; i + k <= n; i++) c += !memcmp(p + i, s, k);
    return c;
}

/* The first `s` in [p, p + n), or NULL. */
static const unsigned char *find_in(const unsigned char *p, size_t n, const char *s)
{
    size_t k = strlen(s);
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(p + i, s, k)) return p + i;
    return NULL;
}

/* 1,000 objects that are not streams pack into three object streams
 * (400 a stream), compressed on a second thread while the next is
 * gathered: each must hold its own objects, in order, at the offsets its
 * index gives, whichever thread made it. */
static void many_objects(void)
{
    enum { N = 1000 };
    GString *objs = g_string_new("1 0 obj\n<< /Type /Catalog >>\nendobj\n");
    GString *table = g_string_new("xref\n0 1001\n0000000000 65535 f \n");
    size_t at = strlen("%PDF-1.5\n%\xb5\xed\xae\xfb\n");
    for (int k = 1; k <= N; k++) {
        if (k > 1) g_string_append_printf(objs, "%d 0 obj\n<< /K %d >>\nendobj\n", k, k);
        g_string_append_printf(table, "%010zu 00000 n \n", at);
        at = strlen("%PDF-1.5\n%\xb5\xed\xae\xfb\n") + objs->len;
    }
    g_string_append(table, "trailer\n<< /Size 1001 /Root 1 0 R >>\nstartxref\n%S\n");
    size_t n, out_len;
    unsigned char *f = crafted(objs->str, table->str, NULL, &n), *out;
    int r = pack(f, n, &out, &out_len);
    CHECK(r == 1, "1,000 objects: not packed (%d)", r);
    int streams = 0, seen = 0;
    const char *key = "/Type /ObjStm";
    for (const unsigned char *p = out; r == 1 && (p = find_in(p, out_len - (size_t)(p - out), key)); p++) {
        unsigned num_objs = 0, first = 0, length = 0;
        const char *d = (const char *)p;
        if (sscanf(strstr(d, "/N "), "/N %u", &num_objs) != 1 ||
            sscanf(strstr(d, "/First "), "/First %u", &first) != 1 ||
            sscanf(strstr(d, "/Length "), "/Length %u", &length) != 1) {
            CHECK(0, "object stream %d: no /N, /First or /Length", streams);
            break;
        }
        const unsigned char *data = (const unsigned char *)strstr(d, "stream\n") + 7;
        uLongf plain_len = 1 << 20;
        unsigned char *plain = malloc(plain_len + 1);
        CHECK(uncompress(plain, &plain_len, data, length) == Z_OK, "object stream %d: not zlib", streams);
        plain[plain_len] = 0;
        const char *ix = (const char *)plain;
        for (unsigned i = 0; i < num_objs; i++) {
            unsigned num = 0, off = 0;
            int used = 0;
            if (sscanf(ix, "%u %u %n", &num, &off, &used) != 2) break;
            ix += used;
            char want[32];
            snprintf(want, sizeof want, num == 1 ? "<< /Type /Catalog >>" : "<< /K %u >>", num);
            CHECK(num == (unsigned)seen + 1, "object stream %d, entry %u: object %u, not %d", streams, i, num,
                  seen + 1);
            CHECK(first + off < plain_len && !strncmp((const char *)plain + first + off, want, strlen(want)),
                  "object %u: not at its offset", num);
            seen++;
        }
        free(plain);
        streams++;
    }
    CHECK(streams == 3 && seen == N, "%d object streams holding %d objects, not 3 and %d", streams, seen, N);
    free(out);
    g_free(f);
    g_string_free(objs, TRUE);
    g_string_free(table, TRUE);
}

int main(void)
{
    size_t len;
    unsigned char *pdf = cairo_pdf(&len), *out;
    size_t out_len;
    CHECK(len > 500, "cairo wrote %zu bytes", len);

    int r = pack(pdf, len, &out, &out_len);
    CHECK(r == 1, "a cairo PDF is not packed (%d)", r);
    if (r == 1) {
        CHECK(!memcmp(out, "%PDF-1.5", 8), "header: %.8s", out);
        CHECK(count(out, out_len, "/Type /ObjStm") >= 1, "no object stream");
        CHECK(count(out, out_len, "/Type /XRef") == 1, "no cross-reference stream");
        CHECK(count(out, out_len, "\nxref\n") == 0 && count(out, out_len, "trailer") == 0, "a plain table is left");
        CHECK(out_len < len, "packed %zu bytes, cairo's %zu", out_len, len);
        /* Streams go through whole: as many in as out, plus the new ones
         * (counted by their dictionaries: the page's text says "endstream"
         * too, plainly where cairo leaves the contents uncompressed). */
        size_t streams_in = count(pdf, len, ">>\nstream\n"), streams_out = count(out, out_len, ">>\nstream\n");
        CHECK(streams_out >= streams_in + 2, "%zu streams in, %zu out", streams_in, streams_out);
        /* Each compressed: the contents cairo left plain (CAIRO_DEBUG_PDF,
         * set as the library loads) too. */
        size_t filtered = count(out, out_len, "/Filter /FlateDecode");
        CHECK(filtered >= streams_out, "%zu of %zu streams compressed", filtered, streams_out);
        CHECK(count(pdf, len, "/Filter") < streams_in, "cairo compressed every stream: nothing left to the repack");
        CHECK(out_len > 20 && !memcmp(out + out_len - 6, "%%EOF\n", 6), "no %%%%EOF at the end");
    }
    free(out);

    /* Not a PDF, and empty. */
    static const unsigned char junk[] = "%PDF-1.5\nthis is not a pdf at all, startxref\n12\n%%EOF\n and more text";
    CHECK(pack(junk, sizeof junk, &out, &out_len) == 0 && out_len == 0, "junk was packed");
    free(out);
    CHECK(pack(junk, 0, &out, &out_len) == 0 && out_len == 0, "nothing was packed");
    free(out);

    /* Cut short anywhere, or overwritten: refused with nothing written
     * (or, when the damage misses everything it reads, packed). */
    for (size_t at = 0; at < len; at += at < 200 ? 7 : 31) {
        r = pack(pdf, at, &out, &out_len);
        CHECK(r >= 0 && (r == 1 || out_len == 0), "cut at %zu: %d, %zu bytes", at, r, out_len);
        free(out);
    }
    unsigned char *bad = malloc(len);
    unsigned seed = 7;
    for (int round = 0; round < 300; round++) {
        memcpy(bad, pdf, len);
        for (int j = 0; j < 3; j++) {
            seed = seed * 1103515245u + 12345u;
            bad[(seed >> 8) % len] = (unsigned char)(seed >> 3);
        }
        r = pack(bad, len, &out, &out_len);
        CHECK(r >= 0 && (r == 1 || out_len == 0), "round %d: %d, %zu bytes", round, r, out_len);
        free(out);
    }
    free(bad);

    /* The three holes the first fuzzing found, each crafted to hit it (each
     * read or allocated out of bounds before it was closed). */

    /* startxref's number runs to the end of a file shorter than the 256
     * bytes read from its end: the number is what the file holds, not what
     * follows it in the buffer.  (ASan does not watch strtoull's reads:
     * valgrind.unit-pdfpack sees the bytes past the file's end as
     * uninitialised.) */
    {
        size_t n;
        unsigned char *f = crafted("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                                   "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n",
                                   "xref\n0 3\n0000000000 65535 f \n0000000015 00000 n \n0000000064 00000 n \n"
                                   "trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%S",
                                   "", &n);
        CHECK(n < 256, "%zu bytes", n);
        r = pack(f, n, &out, &out_len);
        CHECK(r == 1, "startxref's digits at the very end: %d, %zu bytes", r, out_len);
        free(out);
        g_free(f);
    }
    /* A subsection whose first object number is 4,000,000,000: refused,
     * not a table of 4e9 entries. */
    {
        size_t n;
        unsigned char *f = crafted("4000000000 0 obj\n<< /Type /Catalog >>\nendobj\n",
                                   "xref\n4000000000 1\n0000000015 00000 n \n"
                                   "trailer\n<< /Size 4000000001 /Root 4000000000 0 R >>\nstartxref\n%S\n",
                                   NULL, &n);
        r = pack(f, n, &out, &out_len);
        CHECK(r == 0 && out_len == 0, "first object 4000000000: %d, %zu bytes", r, out_len);
        free(out);
        g_free(f);
        /* Nor numbers that wrap past 2^32, or far beyond what the table lists. */
        f = crafted("1 0 obj\n<< /Type /Catalog >>\nendobj\n",
                    "xref\n4294967295 2\n0000000015 00000 n \n0000000015 00000 n \n"
                    "trailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n%S\n",
                    NULL, &n);
        r = pack(f, n, &out, &out_len);
        CHECK(r == 0 && out_len == 0, "numbers past 2^32: %d, %zu bytes", r, out_len);
        free(out);
        g_free(f);
        f = crafted("8000000 0 obj\n<< /Type /Catalog >>\nendobj\n",
                    "xref\n0 1\n0000000000 65535 f \n8000000 1\n0000000015 00000 n \n"
                    "trailer\n<< /Size 8000001 /Root 8000000 0 R >>\nstartxref\n%S\n",
                    NULL, &n);
        r = pack(f, n, &out, &out_len);
        CHECK(r == 0 && out_len == 0, "object 8000000 in a table of two: %d, %zu bytes", r, out_len);
        free(out);
        g_free(f);
    }
    /* Two objects listed at one offset past the table's start: the bytes
     * read to tell which is there must not be xref - offset (which wraps). */
    {
        size_t n;
        unsigned char *f = crafted("1 0 obj\n<< /Type /Catalog >>\nendobj\n",
                                   "xref\n0 3\n0000000000 65535 f \n0000000070 00000 n \n0000000070 00000 n \n"
                                   "trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%S\n",
                                   NULL, &n);
        reads_past_end = 0;
        r = pack(f, n, &out, &out_len);
        CHECK(r == 0 && out_len == 0, "objects listed past the table: %d, %zu bytes", r, out_len);
        CHECK(reads_past_end == 0, "objects listed past the table: %d read(s) past the end", reads_past_end);
        free(out);
        g_free(f);
    }

    many_objects();

    free(pdf);
    if (failed)
        fprintf(stderr, "%d check(s) failed\n", failed);
    else
        printf("pdf repack: all checks passed\n");
    return failed != 0;
}
