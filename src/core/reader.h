/* reader.h - a file read back at offsets through a few windows, so that
 * many small reads of nearby bytes cost a few large ones.
 *
 * The scratch files (placed glyphs, cairo's PDF before the repack) are read
 * back a run or an object at a time: tens of thousands of reads of a few
 * dozen bytes each, one system call apiece.  A reader keeps the last few
 * stretches it read (each `window` bytes, fewest used first to go) and
 * copies from them.  Files that only grow at their end are safe to read
 * while they grow: a window holds what was there when it was read, and
 * bytes past it are read afresh.  Not for files rewritten in place. */
#ifndef BF_READER_H
#define BF_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct bf_reader bf_reader;

/* A reader of `fd` (not taken over) with `n_windows` windows (1 to 8) of
 * `window` bytes each. */
bf_reader *bf_reader_new(int fd, int n_windows, size_t window);
void bf_reader_free(bf_reader *r);

/* Copies bytes [at, at + len) of the file to dst; false if the file has
 * not that many bytes or cannot be read. */
bool bf_reader_read(bf_reader *r, off_t at, size_t len, void *dst);

/* System calls made so far (for tests and timings). */
unsigned long bf_reader_calls(const bf_reader *r);

#endif
