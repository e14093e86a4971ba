/* reader.c - a file read back at offsets through a few windows. */
#include "core/reader.h"

#include <glib.h>
#include <string.h>
#include <unistd.h>

#define MAX_WINDOWS 8

typedef struct {
    unsigned char *bytes;
    off_t at;           /* the file offset of bytes[0] */
    size_t len;         /* bytes held: at most the window size */
    unsigned long used; /* when last read from */
} window;

struct bf_reader {
    int fd;
    size_t size; /* of each window */
    int n;
    window w[MAX_WINDOWS];
    unsigned long clock, calls;
};

bf_reader *bf_reader_new(int fd, int n_windows, size_t size)
{
    bf_reader *r = g_new0(bf_reader, 1);
    r->fd = fd;
    r->size = size ? size : 1;
    r->n = CLAMP(n_windows, 1, MAX_WINDOWS);
    return r;
}

void bf_reader_free(bf_reader *r)
{
    if (!r) return;
    for (int i = 0; i < r->n; i++) g_free(r->w[i].bytes);
    g_free(r);
}

unsigned long bf_reader_calls(const bf_reader *r)
{
    return r ? r->calls : 0;
}

/* Up to len bytes at `at` into dst, stopping early only at the end of the
 * file; how many, or -1 on an error. */
static ssize_t fill(bf_reader *r, off_t at, size_t len, unsigned char *dst)
{
    size_t done = 0;
    while (done < len) {
        r->calls++;
        ssize_t n = pread(r->fd, dst + done, len - done, at + (off_t)done);
        if (n < 0) return -1;
        if (n == 0) break;
        done += (size_t)n;
    }
    return (ssize_t)done;
}

static bool holds(const window *w, off_t at, size_t len)
{
    return w->bytes && at >= w->at && (size_t)(at - w->at) <= w->len && len <= w->len - (size_t)(at - w->at);
}

bool bf_reader_read(bf_reader *r, off_t at, size_t len, void *dst)
{
    if (at < 0) return false;
    if (len == 0) return true;
    if (len > r->size) return fill(r, at, len, dst) == (ssize_t)len;
    window *lru = &r->w[0];
    for (int i = 0; i < r->n; i++) {
        window *w = &r->w[i];
        if (holds(w, at, len)) {
            w->used = ++r->clock;
            memcpy(dst, w->bytes + (at - w->at), len);
            return true;
        }
        if (w->used < lru->used) lru = w;
    }
    if (!lru->bytes) lru->bytes = g_malloc(r->size);
    ssize_t got = fill(r, at, r->size, lru->bytes);
    lru->at = at;
    lru->len = got > 0 ? (size_t)got : 0;
    lru->used = ++r->clock;
    if (!holds(lru, at, len)) return false;
    memcpy(dst, lru->bytes, len);
    return true;
}
