/* pdfwrite.c - the bytes of PDF objects (pdfwrite.h). */
#include "render/pdfwrite.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

void bf_pdf_put(GByteArray *b, const char *s)
{
    g_byte_array_append(b, (const guint8 *)s, (guint)strlen(s));
}

void bf_pdf_putu(GByteArray *b, const char *fmt, unsigned long long v)
{
    char t[128];
    int n = snprintf(t, sizeof t, fmt, v);
    g_byte_array_append(b, (const guint8 *)t, (guint)(n > 0 && n < (int)sizeof t ? n : 0));
}

void bf_pdf_put_text(GByteArray *b, const char *utf8)
{
    glong n = 0;
    gunichar2 *u = g_utf8_to_utf16(utf8, -1, NULL, &n, NULL);
    bf_pdf_put(b, "<FEFF");
    for (glong i = 0; u && i < n; i++) bf_pdf_putu(b, "%04llX", u[i]);
    bf_pdf_put(b, ">");
    g_free(u);
}

bool bf_pdf_deflate(GByteArray *b, const unsigned char *p, size_t n)
{
    uLongf bound = compressBound((uLong)n);
    guint at = b->len;
    g_byte_array_set_size(b, at + (guint)bound);
    bool ok = compress2(b->data + at, &bound, p, (uLong)n, Z_DEFAULT_COMPRESSION) == Z_OK;
    g_byte_array_set_size(b, ok ? at + (guint)bound : at);
    return ok;
}
