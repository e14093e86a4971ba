/* pdfwrite.c - the bytes of PDF objects (pdfwrite.h). */
#define _GNU_SOURCE /* memmem */
#include "render/pdfwrite.h"
#include "render/pdftext.h"

#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

char *bf_pdf_digits(char *end, unsigned long long v)
{
    do *--end = (char)('0' + v % 10);
    while (v /= 10);
    return end;
}

void bf_pdf_put_num(GByteArray *b, unsigned long long v, char after)
{
    char t[24], *end = t + sizeof t;
    if (after) *--end = after;
    char *p = bf_pdf_digits(end, v);
    g_byte_array_append(b, (const guint8 *)p, (guint)(t + sizeof t - p));
}

void bf_pdf_put_utf16(GByteArray *b, const char *utf8, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const char *p = utf8, *end = utf8 + len; p < end; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char_validated(p, end - p);
        if (c == (gunichar)-1 || c == (gunichar)-2) c = 0xfffd;
        unsigned u[2] = {c, 0}, n = 1;
        if (c >= 0x10000) {
            u[0] = 0xd800 + ((c - 0x10000) >> 10);
            u[1] = 0xdc00 + ((c - 0x10000) & 0x3ff);
            n = 2;
        }
        for (unsigned k = 0; k < n; k++) {
            char d[4] = {hex[u[k] >> 12 & 15], hex[u[k] >> 8 & 15], hex[u[k] >> 4 & 15], hex[u[k] & 15]};
            g_byte_array_append(b, (const guint8 *)d, 4);
        }
    }
}

void bf_pdf_put_text(GByteArray *b, const char *utf8)
{
    bf_pdf_put(b, "<FEFF");
    bf_pdf_put_utf16(b, utf8, strlen(utf8));
    bf_pdf_put(b, ">");
}

struct bf_deflater {
    struct libdeflate_compressor *c;
};

bf_deflater *bf_deflater_new(void)
{
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(6);
    if (!c) return NULL;
    bf_deflater *z = g_new(bf_deflater, 1);
    z->c = c;
    return z;
}

void bf_deflater_free(bf_deflater *z)
{
    if (!z) return;
    libdeflate_free_compressor(z->c);
    g_free(z);
}

/* libdeflate at level 6: a little smaller than zlib's default level and
 * about twice as fast, in zlib's format (FlateDecode). */
static bool deflate_with(bf_deflater *z, GByteArray *b, const unsigned char *p, size_t n)
{
    bf_deflater *own = z ? NULL : bf_deflater_new();
    if (!z && !(z = own)) return false;
    size_t bound = libdeflate_zlib_compress_bound(z->c, n);
    guint at = b->len;
    g_byte_array_set_size(b, at + (guint)bound);
    size_t made = libdeflate_zlib_compress(z->c, p, n, b->data + at, bound);
    bf_deflater_free(own);
    g_byte_array_set_size(b, at + (guint)made);
    return made > 0;
}

bool bf_pdf_deflate(GByteArray *b, const unsigned char *p, size_t n)
{
    return deflate_with(NULL, b, p, n);
}

const unsigned char *bf_pdf_find(const unsigned char *p, size_t n, const char *needle)
{
    return memmem(p, n, needle, strlen(needle));
}

const unsigned char *bf_pdf_find_last(const unsigned char *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
        if (!memcmp(p + i, needle, k)) return p + i;
    return NULL;
}

const unsigned char *bf_pdf_find_word(const unsigned char *p, size_t n, const char *word)
{
    size_t k = strlen(word);
    const unsigned char *end = p + n;
    for (const unsigned char *q = p; (q = memmem(q, (size_t)(end - q), word, k)) != NULL; q++)
        if (q + k == end || !g_ascii_isalnum(q[k])) return q;
    return NULL;
}

bool bf_pdf_flate_stream(bf_deflater *dz, GByteArray *w, const unsigned char *obj, size_t n, unsigned *length_obj,
                         struct bf_pdf_text *text)
{
    *length_obj = 0;
    /* "N 0 obj", the dictionary, "stream", an end of line, the data, an end
     * of line, "endstream", "endobj": as cairo writes a stream. */
    const unsigned char *open = memchr(obj, '<', n < 32 ? n : 32);
    const unsigned char *kw = open ? bf_pdf_find_word(open, n - (size_t)(open - obj), "stream") : NULL;
    if (!kw || kw - open < 4) return false;
    const unsigned char *close = kw;
    while (close > open && close[-1] != '>') close--;
    const unsigned char *dict = open + 2, *dend = close - 2; /* inside << >> */
    if (close - open < 4 || memcmp(open, "<<", 2) != 0 || memcmp(dend, ">>", 2) != 0) return false;
    size_t dn = (size_t)(dend - dict);
    /* Already filtered, or metadata (left readable): as it is. */
    if (bf_pdf_find_word(dict, dn, "/Filter") || bf_pdf_find_word(dict, dn, "/Metadata") ||
        bf_pdf_find_word(dict, dn, "/DecodeParms"))
        return false;
    const unsigned char *data = kw + 6;
    if (data < obj + n && *data == '\r') data++;
    if (data < obj + n && *data == '\n') data++;
    const unsigned char *end = NULL;
    for (const unsigned char *q = obj + n; q - 9 >= data && !end; q--)
        if (!memcmp(q - 9, "endstream", 9)) end = q - 9;
    if (!end) return false;
    if (end > data && end[-1] == '\n') end--;
    if (end > data && end[-1] == '\r') end--;
    /* /Length, direct or "M 0 R": the one key that changes. */
    const unsigned char *len = bf_pdf_find_word(dict, dn, "/Length");
    if (!len) return false;
    const unsigned char *v = len + 7, *vend = v;
    while (vend < dend && (*vend == ' ' || *vend == '\n' || *vend == '\r')) vend++;
    char *e;
    unsigned long num = strtoul((const char *)vend, &e, 10);
    vend = (const unsigned char *)e;
    if (vend == v) return false;
    const unsigned char *r = vend;
    while (r < dend && *r == ' ') r++;
    if (r + 1 < dend && r[0] == '0' && r[1] == ' ') {
        const unsigned char *q = r + 2;
        while (q < dend && *q == ' ') q++;
        if (q < dend && *q == 'R') {
            *length_obj = (unsigned)num;
            vend = q + 1;
        }
    }
    GByteArray *z = g_byte_array_new(), *swapped = NULL;
    if (text) {
        swapped = g_byte_array_new();
        if (bf_pdf_text_swap(text, data, (size_t)(end - data), swapped) == 1) {
            data = swapped->data;
            end = data + swapped->len;
        }
    }
    bool ok = deflate_with(dz, z, data, (size_t)(end - data));
    if (swapped) g_byte_array_free(swapped, TRUE);
    if (ok) {
        g_byte_array_append(w, obj, (guint)(len - obj));
        bf_pdf_putu(w, "/Filter /FlateDecode /Length %llu", z->len);
        g_byte_array_append(w, vend, (guint)(kw - vend));
        bf_pdf_put(w, "stream\n");
        g_byte_array_append(w, z->data, z->len);
        bf_pdf_put(w, "\nendstream\nendobj");
    } else {
        *length_obj = 0;
    }
    g_byte_array_free(z, TRUE);
    return ok;
}
