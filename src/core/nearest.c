#include "core/nearest.h"

#include <string.h>

#define MAX_LEN 64

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

static size_t distance(const char *s, size_t n, const char *t, size_t m)
{
    size_t d[MAX_LEN + 1][MAX_LEN + 1];
    for (size_t i = 0; i <= n; i++) d[i][0] = i;
    for (size_t j = 0; j <= m; j++) d[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            size_t cost = s[i - 1] != t[j - 1];
            d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && s[i - 1] == t[j - 2] && s[i - 2] == t[j - 1] && d[i - 2][j - 2] + 1 < d[i][j])
                d[i][j] = d[i - 2][j - 2] + 1;
        }
    }
    return d[n][m];
}

const char *bf_nearest(const char *word, const char *const *candidates, size_t n)
{
    size_t wn = strlen(word);
    if (wn == 0 || wn > MAX_LEN) return NULL;
    /* A third of the word's length, at least one and at most three edits:
     * "sumary" finds "summary", "foo" finds nothing. */
    size_t limit = wn / 3;
    if (limit < 1) limit = 1;
    if (limit > 3) limit = 3;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        size_t cn = strlen(candidates[i]);
        if (cn > MAX_LEN) continue;
        size_t dd = distance(word, wn, candidates[i], cn);
        if (dd < best_d) {
            best_d = dd;
            best = candidates[i];
        }
    }
    return best;
}
