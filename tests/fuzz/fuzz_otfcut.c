/* fuzz_otfcut.c - libFuzzer target for the font cutters: any bytes, as an
 * OpenType CFF font and as a TrueType font, cut to a few of its glyphs.
 *
 * Beyond the sanitizers, it checks what otfcut.h promises: a cut is an
 * OpenType font with as many glyphs as were kept, and the cutter reads its
 * own cut back: cut again to all its glyphs, it comes out byte for byte
 * the same.  Of ttfcut.h: a cut is a TrueType font whose cmap the reader
 * of cmaps takes, and cut again to the same glyphs it is the same.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/otfcut.h"
#include "text/ttfcut.h"

static void cut(const uint8_t *data, size_t size, const unsigned *gids, size_t n)
{
    size_t len = 0;
    unsigned char *c = bf_otf_cut(data, size, gids, n, &len);
    if (!c) return;
    if (len < 12 || memcmp(c, "OTTO", 4) != 0) abort();
    unsigned every[16];
    for (size_t i = 0; i < n; i++) every[i] = (unsigned)i;
    size_t len2 = 0;
    unsigned char *again = bf_otf_cut(c, len, every, n, &len2);
    if (!again || len2 != len || memcmp(c, again, len) != 0) abort();
    free(again);
    free(c);
}

static void count(uint32_t code, uint32_t gid, void *n)
{
    (void)code, (void)gid;
    ++*(size_t *)n;
}

static void cut_truetype(const uint8_t *data, size_t size, const unsigned *gids, size_t n)
{
    size_t len = 0;
    unsigned char *c = bf_ttf_cut(data, size, gids, n, &len);
    if (!c) return;
    const unsigned char *cmap;
    size_t cmap_len, mapped = 0;
    if (len < 12 || memcmp(c, "\0\1\0\0", 4) != 0) abort();
    if (bf_otf_table(c, len, "cmap", &cmap, &cmap_len) && !bf_cmap_each(cmap, cmap_len, count, &mapped)) abort();
    size_t len2 = 0;
    unsigned char *again = bf_ttf_cut(c, len, gids, n, &len2);
    if (!again || len2 != len || memcmp(c, again, len) != 0) abort();
    free(again);
    free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* .notdef alone, the first few glyphs, and a spread with gaps. */
    static const unsigned first[] = {0}, few[] = {0, 1, 2, 3, 4, 5, 6, 7}, spread[] = {0, 2, 5, 11, 17, 23};
    cut(data, size, first, sizeof first / sizeof *first);
    cut(data, size, few, sizeof few / sizeof *few);
    cut(data, size, spread, sizeof spread / sizeof *spread);
    cut_truetype(data, size, few, sizeof few / sizeof *few);
    cut_truetype(data, size, spread, sizeof spread / sizeof *spread);
    return 0;
}
