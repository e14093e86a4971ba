/* damage.h - a font cutter (otfcut.h, ttfcut.h) fed damaged copies of a
 * good font: cut short at every few bytes (then every len/97), and
 * `rounds` copies with `per` bytes overwritten among the first `window`,
 * from a fixed seed.  The cutter may refuse or cut each; the sanitizer
 * build checks that it never reads out of bounds. */
#ifndef BF_TEST_DAMAGE_H
#define BF_TEST_DAMAGE_H

#include <glib.h>
#include <string.h>

typedef unsigned char *(*font_cutter)(const unsigned char *font, size_t len, const unsigned *gids, size_t n_gids,
                                      size_t *out_len);

static inline void feed_damaged(font_cutter cut, const unsigned char *data, size_t len, const unsigned *gids, size_t n,
                                int rounds, int per, size_t window, guint32 seed)
{
    size_t out_len;
    for (size_t at = 0; at < len; at += at < 4096 ? 13 : len / 97) {
        unsigned char *part = g_memdup2(data, at);
        g_free(cut(part, at, gids, n, &out_len));
        g_free(part);
    }
    unsigned char *bad = g_memdup2(data, len);
    for (int round = 0; round < rounds; round++) {
        memcpy(bad, data, len);
        for (int j = 0; j < per; j++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % window;
            if (at < len) bad[at] = (unsigned char)(seed >> 3);
        }
        g_free(cut(bad, len, gids, n, &out_len));
    }
    g_free(bad);
}

#endif
