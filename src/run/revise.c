/* revise.c - `--revise`: a corrected edition never replaces the archived
 * one.  When the edition's file holds other content, the build is written
 * beside it as DATE-NAME.r2.pdf (r3, ... the next free), marked 訂正版 on
 * its first page, its XMP naming the file it corrects and that file's
 * SHA-256 (render/pdfmeta.c).
 */
#include "run/revise.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "render/render.h"

enum { MAX_REVISION = 999 };

typedef struct {
    char *bytes;
    size_t len;
} pdf_bytes;

/* The PDF of `pages` in memory; false (reported) when drawing failed. */
static bool render(bf_diag *d, const bf_pages *pages, const bf_pdf_options *pdf, pdf_bytes *out)
{
    out->bytes = NULL;
    out->len = 0;
    FILE *f = open_memstream(&out->bytes, &out->len);
    if (!f) {
        bf_error(d, pdf->name, NULL, "cannot draw the PDF in memory: %s", strerror(errno));
        return false;
    }
    bool ok = bf_render_pdf(pages, d, pdf, f);
    if (fclose(f) != 0) ok = false;
    return ok;
}

static bool write_bytes(FILE *f, void *ctx)
{
    const pdf_bytes *b = ctx;
    return fwrite(b->bytes, 1, b->len, f) == b->len;
}

static bool is_file(const char *p)
{
    struct stat st;
    return lstat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool same(const pdf_bytes *b, const char *file_bytes, size_t len)
{
    return b->len == len && !memcmp(b->bytes, file_bytes, len);
}

/* DATE-NAME.pdf's revision k: DATE-NAME.rK.pdf (k 1: the edition itself). */
static char *revision_path(const char *out, int k)
{
    size_t n = strlen(out);
    if (n > 4 && !strcmp(out + n - 4, ".pdf")) n -= 4;
    return k == 1 ? g_strdup(out) : g_strdup_printf("%.*s.r%d.pdf", (int)n, out, k);
}

/* The marked build as revision k, which corrects revision k - 1, drawn
 * into `b`; false (reported) when that file cannot be read or drawing
 * failed. */
static bool render_revision(bf_diag *d, const bf_pages *marked, const bf_pdf_options *base, const char *out, int k,
                            pdf_bytes *b)
{
    char *prev = revision_path(out, k - 1), *bytes = NULL;
    gsize len = 0;
    GError *err = NULL;
    bool ok = false;
    if (!g_file_get_contents(prev, &bytes, &len, &err)) {
        bf_error(d, prev, NULL, "cannot be read to be revised: %s", err->message);
        g_error_free(err);
        goto fail;
    }
    char *digest = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)bytes, len);
    const char *slash = strrchr(prev, '/');
    bf_pdf_options pdf = *base;
    pdf.revision = k;
    pdf.revises = slash ? slash + 1 : prev;
    pdf.revises_sha256 = digest;
    ok = render(d, marked, &pdf, b);
    g_free(digest);
fail:
    g_free(bytes);
    g_free(prev);
    return ok;
}

int bf_revise(bf_diag *d, const char *out, const bf_pages *pages, const bf_pdf_options *pdf, bf_marked_fn marked_fn,
              void *ctx, char *written, size_t written_size)
{
    if (!is_file(out)) return BF_REVISE_NONE; /* no edition yet (or no file): the usual way */
    char *old = NULL, *last = NULL, *path = NULL;
    gsize old_len = 0;
    pdf_bytes b = {0};
    int st = BF_OUTPUT_FAILED;
    if (!g_file_get_contents(out, &old, &old_len, NULL)) return BF_REVISE_NONE; /* said there */
    if (!render(d, pages, pdf, &b)) goto fail;
    if (same(&b, old, old_len)) {
        snprintf(written, written_size, "%s", out);
        st = BF_OUTPUT_KEPT;
        goto fail;
    }
    const bf_pages *marked = marked_fn(ctx);
    if (!marked) goto fail;
    int k = 2;
    for (; k <= MAX_REVISION; k++) {
        g_free(path);
        path = revision_path(out, k);
        if (!is_file(path)) break;
    }
    if (k > MAX_REVISION) {
        bf_error(d, out, NULL, "has %d revisions already; no more are made", MAX_REVISION - 1);
        st = BF_OUTPUT_REFUSED;
        goto fail;
    }
    if (k > 2) {
        /* The same correction again is the last revision, kept. */
        last = revision_path(out, k - 1);
        gsize last_len = 0;
        char *last_bytes = NULL;
        free(b.bytes);
        b.bytes = NULL;
        bool drawn = render_revision(d, marked, pdf, out, k - 1, &b);
        bool kept = drawn && g_file_get_contents(last, &last_bytes, &last_len, NULL) && same(&b, last_bytes, last_len);
        g_free(last_bytes);
        if (!drawn) goto fail;
        if (kept) {
            snprintf(written, written_size, "%s", last);
            st = BF_OUTPUT_KEPT;
            goto fail;
        }
    }
    free(b.bytes);
    b.bytes = NULL;
    if (!render_revision(d, marked, pdf, out, k, &b)) goto fail;
    /* No clobbering: a revision made meanwhile by another run is kept. */
    st = bf_output_atomic(d, path, write_bytes, &b, BF_OUTPUT_NO_CLOBBER);
    if (st == BF_OUTPUT_WRITTEN || st == BF_OUTPUT_KEPT) snprintf(written, written_size, "%s", path);
fail:
    free(b.bytes);
    g_free(old);
    g_free(last);
    g_free(path);
    return st;
}
