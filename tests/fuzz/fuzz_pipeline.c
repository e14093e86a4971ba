/* fuzz_pipeline.c - libFuzzer target for the whole pipeline through the
 * public interface (briefing.h) alone, as a program embedding the library
 * calls it: any bytes as a briefing, loaded, composed, paginated and
 * rendered to a PDF in memory through the write callback.
 *
 * Beyond the sanitizers, it checks what briefing.h promises: a build
 * succeeds exactly when it reported no error, and then wrote a whole PDF
 * (%PDF- to %%EOF) and at least one page; a failed one reported why, each
 * message with its text, naming the input or no file; and the same bytes
 * build the same PDF again.  And the placed pages, read back from the dump
 * the header offers: as many pages as reported, each thing placed inside
 * its page's text area (lines may hang punctuation past the measure, but
 * never past the page), each note below the area's top.  (The finer page
 * rules are held on dumps of stress documents by tests/pages.)
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "briefing.h"

typedef struct {
    unsigned char *bytes;
    size_t len, cap;
} buffer;

static bool append(void *ctx, const void *bytes, size_t len)
{
    buffer *b = ctx;
    if (b->len + len > b->cap) {
        b->cap = (b->len + len) * 2;
        b->bytes = realloc(b->bytes, b->cap);
        if (!b->bytes) abort();
    }
    memcpy(b->bytes + b->len, bytes, len);
    b->len += len;
    return true;
}

/* The dump's pages against the page count and their text areas. */
static void check_dump(const char *path, int n_pages)
{
    FILE *f = fopen(path, "r");
    if (!f) abort();
    char line[8192];
    double pw = 0, ph = 0, ax = 0, ay = 0, aw = 0, ah = 0, x, y, w, h;
    int pages = -1, seen = 0, n;
    const double eps = 0.5;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "document %d pages %lf x %lf", &pages, &pw, &ph) == 3) continue;
        if (sscanf(line, "page %d area %lf %lf %lf %lf", &n, &ax, &ay, &aw, &ah) == 5) {
            if (n != ++seen || ax < 0 || ay < 0 || ax + aw > pw + eps || ay + ah > ph + eps) abort();
            continue;
        }
        bool is_line = sscanf(line, "  line %lf %lf w=%lf h=%lf", &x, &y, &w, &h) == 4;
        if (is_line || sscanf(line, "  row %lf %lf w=%lf h=%lf", &x, &y, &w, &h) == 4 ||
            sscanf(line, "  rule %lf %lf %lf %lf", &x, &y, &w, &h) == 4 ||
            sscanf(line, "  image %lf %lf %lf %lf", &x, &y, &w, &h) == 4 ||
            sscanf(line, "  frame %d %*s %lf %lf %lf %lf", &n, &x, &y, &w, &h) == 5) {
            if (!seen || x < ax - eps || y < ay - eps || y + h > ay + ah + eps) abort();
            if (x + w > (is_line ? pw : ax + aw + eps)) abort();
        } else if (sscanf(line, "  note %d %lf %lf", &n, &x, &y) == 3) {
            if (!seen || n < 1 || x < ax - eps || y < ay - eps || y > ph) abort();
        }
    }
    fclose(f);
    if (pages != n_pages || seen != n_pages) abort();
}

static void check_messages(const briefing *b, briefing_status st)
{
    int errors = 0;
    for (size_t i = 0; i < briefing_diagnostic_count(b); i++) {
        const briefing_diagnostic *d = briefing_diagnostic_at(b, i);
        if (!d || !d->text || !d->message || d->line < 0 || d->column < 0) abort();
        if (d->file && strcmp(d->file, "fuzz.json") != 0) abort();
        errors += d->level == BRIEFING_ERROR;
    }
    if (briefing_diagnostic_at(b, briefing_diagnostic_count(b))) abort();
    if (errors != briefing_error_count(b) || (st == BRIEFING_OK) != (errors == 0)) abort();
}

static char dump_path[4096];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dump_path[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dump_path, sizeof dump_path, "%s/fuzz-pipeline-%ld.dump", tmp && *tmp ? tmp : "/tmp", (long)getpid());
    }
    briefing *b = briefing_new();
    briefing_set_creator(b, "briefing fuzz");
    briefing_set_dump(b, dump_path);
    briefing_set_force(b, true);
    briefing_load_bytes(b, "fuzz.json", NULL, data, size);
    buffer pdf = {0};
    briefing_status st = briefing_build_callback(b, append, &pdf);
    check_messages(b, st);
    if (st == BRIEFING_OK) {
        if (pdf.len < 16 || memcmp(pdf.bytes, "%PDF-", 5) != 0 || memcmp(pdf.bytes + pdf.len - 6, "%%EOF\n", 6) != 0)
            abort();
        if (briefing_page_count(b) < 1) abort();
        check_dump(dump_path, briefing_page_count(b));
        buffer again = {0};
        if (briefing_build_callback(b, append, &again) != BRIEFING_OK) abort();
        if (again.len != pdf.len || memcmp(again.bytes, pdf.bytes, pdf.len) != 0) abort();
        free(again.bytes);
    } else if (briefing_diagnostic_count(b) == 0) {
        abort();
    }
    free(pdf.bytes);
    briefing_free(b);
    unlink(dump_path);
    return 0;
}
