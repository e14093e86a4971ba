/* qr.c - a listed source's URL as a QR code (libqrencode, called from
 * here only), for the reader of the printed page.  The code is plain data
 * in the arena; the renderer draws its dark modules as rectangles.
 */
#include <qrencode.h>
#include <string.h>

#include "page/compose-private.h"

#define MM (72.0 / 25.4)
/* About 18 mm with the quiet zone; a long URL's modules are kept at least
 * 0.25 mm (three pixels at 300 dpi) by a larger code. */
#define QR_SIDE (18 * MM)
#define QR_MIN_MODULE (0.25 * MM)
#define QR_QUIET 4

/* The URL's bytes for the code: those outside ASCII percent-encoded, so
 * that a reader that takes byte mode as Latin-1 (the QR standard's
 * default) still opens the same address. */
static char *qr_text(bf_arena *a, const char *url)
{
    size_t n = 0;
    for (const unsigned char *s = (const unsigned char *)url; *s; s++) n += *s >= 0x80 ? 3 : 1;
    char *out = bf_arena_alloc(a, n + 1), *o = out;
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *s = (const unsigned char *)url; *s; s++) {
        if (*s < 0x80) {
            *o++ = (char)*s;
            continue;
        }
        *o++ = '%';
        *o++ = hex[*s >> 4];
        *o++ = hex[*s & 15];
    }
    *o = 0;
    return out;
}

bf_qr *bf_qr_encode(bf_arena *a, const char *url)
{
    char *text = qr_text(a, url);
    /* Byte mode throughout, error correction M (15 % of the code may be
     * lost), the smallest version that holds the URL. */
    QRcode *code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!code) return NULL; /* longer than a code holds (2,331 bytes at M) */
    bf_qr *q = bf_arena_alloc(a, sizeof *q);
    int w = code->width;
    bool *dark = bf_arena_array(a, (size_t)w * (size_t)w, sizeof(bool));
    for (int i = 0; i < w * w; i++) dark[i] = code->data[i] & 1;
    QRcode_free(code);
    q->width = w;
    q->dark = dark;
    q->side = QR_SIDE;
    if ((w + 2 * QR_QUIET) * QR_MIN_MODULE > q->side) q->side = (w + 2 * QR_QUIET) * QR_MIN_MODULE;
    return q;
}
