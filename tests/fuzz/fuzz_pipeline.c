/* fuzz_pipeline.c - libFuzzer target for the whole pipeline through the
 * public interface (briefing.h) alone, as a program embedding the library
 * calls it: any bytes as a briefing, loaded, composed, paginated and
 * rendered to a PDF in memory through the write callback.
 *
 * Beyond the sanitizers, it checks what briefing.h promises: a build
 * succeeds exactly when it reported no error, and then wrote a whole PDF
 * (%PDF- to %%EOF) and at least one page; a failed one reported why, each
 * message with its text, naming the input or no file; and the same bytes
 * build the same PDF again.  (The placed pages' geometry, which the header
 * does not show, is held to the page rules on dumps by tests/pages.)
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    briefing *b = briefing_new();
    briefing_set_creator(b, "briefing fuzz");
    briefing_load_bytes(b, "fuzz.json", NULL, data, size);
    buffer pdf = {0};
    briefing_status st = briefing_build_callback(b, append, &pdf);
    check_messages(b, st);
    if (st == BRIEFING_OK) {
        if (pdf.len < 16 || memcmp(pdf.bytes, "%PDF-", 5) != 0 || memcmp(pdf.bytes + pdf.len - 6, "%%EOF\n", 6) != 0)
            abort();
        if (briefing_page_count(b) < 1) abort();
        buffer again = {0};
        if (briefing_build_callback(b, append, &again) != BRIEFING_OK) abort();
        if (again.len != pdf.len || memcmp(again.bytes, pdf.bytes, pdf.len) != 0) abort();
        free(again.bytes);
    } else if (briefing_diagnostic_count(b) == 0) {
        abort();
    }
    free(pdf.bytes);
    briefing_free(b);
    return 0;
}
