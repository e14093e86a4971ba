/* sfnt-bytes.h - the big-endian numbers of OpenType tables, read and
 * written: for the font cutters (otfcut.c, ttfcut.c) and the PDF's fonts
 * (render/pdftextfont.c).  The caller checks that the bytes are there. */
#ifndef BF_SFNT_BYTES_H
#define BF_SFNT_BYTES_H

#include <stdint.h>

/* The n-byte big-endian number at p. */
static inline uint32_t bf_be(const unsigned char *p, int n)
{
    uint32_t v = 0;
    for (int i = 0; i < n; i++) v = v << 8 | p[i];
    return v;
}

/* v as an n-byte big-endian number at p. */
static inline void bf_put_be(unsigned char *p, int n, uint32_t v)
{
    for (int i = n - 1; i >= 0; i--, v >>= 8) p[i] = (unsigned char)v;
}

#endif
