/* arena.h - one owner for everything a run allocates.
 *
 * A run (load, compose, paginate, render) allocates from one arena and frees
 * it once at the end, so no stage has to track who frees what.  Memory from
 * bf_arena_alloc is zeroed and lives until bf_arena_free.
 *
 * Out of memory, the program aborts: the arena, as GLib (g_new, g_renew,
 * GArray) and the libraries it uses do, so no function returns NULL for it
 * and no caller checks for it.  A size that overflows aborts the same way.
 */
#ifndef BF_ARENA_H
#define BF_ARENA_H

#include <stddef.h>

typedef struct bf_arena bf_arena;

/* A new, empty arena; free it with bf_arena_free. */
bf_arena *bf_arena_new(void);
void bf_arena_free(bf_arena *a);

/* Zeroed memory owned by the arena; never NULL. */
void *bf_arena_alloc(bf_arena *a, size_t size);
/* A copy of n elements of size each, checked against overflow. */
void *bf_arena_array(bf_arena *a, size_t n, size_t size);
/* Growing arrays, one idiom throughout: a pointer, a count n and a
 * capacity cap, and before each element is added
 *     p = bf_arena_grow(arena, p, n, &cap, sizeof *p, FIRST);   (in the arena)
 *     p = bf_grow(p, n, &cap, sizeof *p, FIRST);                (on the heap; g_free it)
 *     p[n++] = element;
 * Each gives room for one more element in an array holding n: the same
 * array, or one twice as large (at least `first`) with *cap updated.  The
 * arena keeps an outgrown copy until it is freed; the heap's is moved, so
 * arrays that grow long and die early (a paragraph's spans, the flow
 * before it is complete) grow on the heap. */
void *bf_arena_grow(bf_arena *a, void *array, int n, int *cap, size_t size, int first);
void *bf_grow(void *array, int n, int *cap, size_t size, int first);
/* A block of `size` bytes from the heap (g_malloc), freed with the arena
 * from now on: an array grown with bf_grow becomes the arena's without a
 * copy. */
void *bf_arena_adopt(bf_arena *a, void *block, size_t size);
char *bf_arena_strdup(bf_arena *a, const char *s);
char *bf_arena_strndup(bf_arena *a, const char *s, size_t n);
/* printf into the arena. */
char *bf_arena_printf(bf_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Bytes handed out so far (for --timings and the benchmark). */
size_t bf_arena_used(const bf_arena *a);

#endif
