/* The PDF repacker: a PDF cairo wrote comes out with object streams and a
 * cross-reference stream, every object accounted for; anything else (not
 * a PDF, a PDF cut short anywhere, bytes overwritten) is refused with
 * nothing written, or packed, never read out of bounds (run under ASan in
 * the sanitizer build).  That readers take the result is checked on real
 * builds by tests/pdf. */
#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "render/render.h"


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

static size_t count(const unsigned char *p, size_t n, const char *s)
{
    size_t k = strlen(s), c = 0;
    for (size_t i = 0; i + k <= n; i++) c += !memcmp(p + i, s, k);
    return c;
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
        /* Streams go through whole: as many in as out, plus the new ones. */
        size_t streams_in = count(pdf, len, "endstream"), streams_out = count(out, out_len, "endstream");
        CHECK(streams_out >= streams_in + 2, "%zu streams in, %zu out", streams_in, streams_out);
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
    free(pdf);
    if (failed) fprintf(stderr, "%d check(s) failed\n", failed);
    else printf("pdf repack: all checks passed\n");
    return failed != 0;
}
