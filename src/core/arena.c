#define _GNU_SOURCE /* MAP_ANONYMOUS and MADV_HUGEPAGE under strict C17 */
#include "core/arena.h"

#include <glib.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Chunks grow geometrically so that a 1,500-page run makes a few dozen
 * allocations, not millions; a request larger than a chunk gets its own. */
#define BF_ARENA_FIRST_CHUNK ((size_t)64 * 1024)
#define BF_ARENA_MAX_CHUNK ((size_t)8 * 1024 * 1024)

/* A chunk of this size or more is mapped on its own, in whole huge pages
 * the kernel may back with 2 MB pages (MADV_HUGEPAGE; Linux's "madvise"
 * mode): a 4 KB page first touched costs a fault (11 us on a virtual
 * machine), and a long document's arena is tens of megabytes, dense. */
#define HUGE_PAGE ((size_t)2 * 1024 * 1024)

/* Under AddressSanitizer every chunk is the heap's, so that a read past
 * one's end is caught. */
#if defined(__SANITIZE_ADDRESS__)
#define MAP_CHUNKS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MAP_CHUNKS 0
#endif
#endif
#ifndef MAP_CHUNKS
#define MAP_CHUNKS 1
#endif

typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    size_t mapped; /* bytes mapped for it (then munmapped), or 0 (g_free) */
    max_align_t data[];
} chunk;

/* A zeroed chunk with room for `want` bytes. */
static chunk *new_chunk(size_t want)
{
    size_t bytes = sizeof(chunk) + want;
    if (MAP_CHUNKS && bytes >= HUGE_PAGE && bytes <= SIZE_MAX - 2 * HUGE_PAGE) {
        size_t len = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
        /* Mapped a huge page larger, then cut to a huge page's alignment. */
        char *m = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m != MAP_FAILED) {
            char *p = (char *)(((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
            if (p > m) munmap(m, (size_t)(p - m));
            if (p + len < m + len + HUGE_PAGE) munmap(p + len, (size_t)(m + len + HUGE_PAGE - (p + len)));
#ifdef MADV_HUGEPAGE
            madvise(p, len, MADV_HUGEPAGE); /* advice: without it, 4 KB pages */
#endif
            chunk *c = (chunk *)(void *)p;
            c->size = len - sizeof(chunk);
            c->mapped = len;
            return c;
        }
    }
    chunk *c = g_malloc0(bytes);
    c->size = want;
    return c;
}

static void free_chunk(chunk *c)
{
    if (c->mapped)
        munmap(c, c->mapped);
    else
        g_free(c);
}

typedef struct adopted {
    struct adopted *next;
    void *block;
} adopted;

struct bf_arena {
    chunk *head;
    size_t next_size;
    size_t total;
    adopted *heap; /* blocks of the heap it frees too */
};

bf_arena *bf_arena_new(void)
{
    bf_arena *a = g_new0(bf_arena, 1);
    a->next_size = BF_ARENA_FIRST_CHUNK;
    return a;
}

void bf_arena_free(bf_arena *a)
{
    if (!a) return;
    for (adopted *h = a->heap; h; h = h->next) g_free(h->block);
    for (chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free_chunk(c);
    }
    g_free(a);
}

void *bf_arena_alloc(bf_arena *a, size_t size)
{
    const size_t align = sizeof(max_align_t);
    if (size == 0) size = 1;
    if (size > SIZE_MAX / 2) g_error("bf_arena_alloc: %zu bytes", size); /* aborts, as running out does */
    size = (size + align - 1) / align * align;
    chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t want = a->next_size;
        if (want < size) want = size;
        c = new_chunk(want);
        /* A big one-off request goes behind the current chunk so that the
         * chunk's free tail stays in use. */
        if (a->head && size > a->next_size) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
            if (a->next_size < BF_ARENA_MAX_CHUNK) a->next_size *= 2;
        }
    }
    void *p = (char *)c->data + c->used;
    c->used += size;
    a->total += size;
    return p;
}

void *bf_arena_array(bf_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / 2 / size) g_error("bf_arena_array: %zu times %zu bytes", n, size);
    return bf_arena_alloc(a, n * size);
}

void *bf_arena_adopt(bf_arena *a, void *block, size_t size)
{
    adopted *h = bf_arena_alloc(a, sizeof *h);
    *h = (adopted){a->heap, block};
    a->heap = h;
    a->total += size; /* counted in bf_arena_used as if allocated here */
    return block;
}

void *bf_arena_grow(bf_arena *a, void *array, int n, int *cap, size_t size, int first)
{
    if (n < *cap) return array;
    int grown = *cap ? *cap * 2 : first;
    void *p = bf_arena_array(a, (size_t)grown, size);
    if (n) memcpy(p, array, (size_t)n * size);
    *cap = grown;
    return p;
}

void *bf_grow(void *array, int n, int *cap, size_t size, int first)
{
    if (n < *cap) return array;
    int grown = *cap ? *cap * 2 : first;
    *cap = grown;
    return g_realloc_n(array, (size_t)grown, size); /* aborts on overflow, as bf_arena_array does */
}

char *bf_arena_strndup(bf_arena *a, const char *s, size_t n)
{
    char *p = bf_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    return p;
}

char *bf_arena_strdup(bf_arena *a, const char *s)
{
    return s ? bf_arena_strndup(a, s, strlen(s)) : NULL;
}

char *bf_arena_printf(bf_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) g_error("bf_arena_printf: cannot format \"%s\"", fmt); /* a bug, not the input */
    char *p = bf_arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

size_t bf_arena_used(const bf_arena *a)
{
    return a->total;
}
