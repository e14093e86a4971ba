/* nearest.h - "did you mean ...?" for unknown keys in data and layout files. */
#ifndef BF_NEAREST_H
#define BF_NEAREST_H

#include <stddef.h>

/* The candidate closest to `word` by edit distance (Damerau, optimal string
 * alignment), or NULL when none is close enough to be a likely typo.  The
 * result borrows from `candidates`. */
const char *bf_nearest(const char *word, const char *const *candidates, size_t n);

#endif
