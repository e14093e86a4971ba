/* fuzz_pdfpack.c - libFuzzer target for the PDF repacker: any bytes, as
 * the file cairo wrote.
 *
 * Beyond the sanitizers, it checks what render.h promises: the repacker
 * never fails to write (the output is a scratch file), writes nothing when
 * it refuses, and when it packs writes a whole PDF 1.5 file: the header,
 * a cross-reference stream, and startxref pointing at it; with the
 * extras (render.h, bf_pdf_extras) as without.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/render.h"

static FILE *in, *out;
static unsigned char *got;
static size_t got_cap;

/* The file as it is now, from its start (in `got`). */
static size_t slurp(FILE *f)
{
    long n = ftell(f);
    if (n < 0) abort();
    if ((size_t)n + 1 > got_cap) {
        got_cap = (size_t)n + 1;
        got = realloc(got, got_cap);
        if (!got) abort();
    }
    rewind(f);
    if (fread(got, 1, (size_t)n, f) != (size_t)n) abort();
    got[n] = 0;
    return (size_t)n;
}

static void check_packed(size_t n)
{
    if (n < 40 || memcmp(got, "%PDF-1.", 7) != 0 || got[7] < '5') abort();
    if (memcmp(got + n - 6, "%%EOF\n", 6) != 0) abort();
    /* startxref's offset is where the cross-reference stream's object starts. */
    const char *sx = NULL;
    for (size_t i = n - 16; i-- > n - 64;)
        if (!memcmp(got + i, "startxref\n", 10)) {
            sx = (const char *)got + i + 10;
            break;
        }
    if (!sx) abort();
    unsigned long long at = strtoull(sx, NULL, 10);
    static const char xref_obj[] = " 0 obj\n<< /Type /XRef";
    size_t k = sizeof xref_obj - 1;
    if (at + 8 + k > n) abort();
    bool found = false;
    for (size_t i = (size_t)at; i <= (size_t)at + 8 && !found; i++) found = !memcmp(got + i, xref_obj, k);
    if (!found) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!in) {
        in = tmpfile();
        out = tmpfile();
        if (!in || !out) abort();
    }
    rewind(in);
    if (ftruncate(fileno(in), 0) != 0) abort();
    if (size && fwrite(data, 1, size, in) != size) abort();
    /* Plain, then with what the PDF gets added (its edits of catalog,
     * pages, links, figures and dates read the objects' bytes too). */
    static const char *const alt[] = {"図", NULL};
    static const bf_pdfa pdfa = {(const unsigned char *)"icc",
                                 3,
                                 {{"a.json", "application/json", "d", (const unsigned char *)"{}", 2},
                                  {"a.layout", "text/plain", "l", (const unsigned char *)"", 0}},
                                 2};
    static const bf_pdf_extras extras = {"ja", alt, 2, "<?xpacket end=\"w\"?>", &pdfa, 0, NULL, NULL};
    for (int pass = 0; pass < 2; pass++) {
        rewind(out);
        if (ftruncate(fileno(out), 0) != 0) abort();
        int r = pass ? bf_pdf_pack_with(in, out, &extras) : bf_pdf_pack(in, out);
        if (fflush(out) != 0) abort();
        size_t n = slurp(out);
        if (r < 0) abort();            /* a scratch file does not fail to write */
        if (r == 0 && n != 0) abort(); /* refused: nothing written */
        if (r == 1) check_packed(n);
    }
    return 0;
}
