#include "text/glyphs.h"
#include "core/reader.h"
#include "core/scratch.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (1 << 18) /* written this many bytes at a time */

struct bf_glyph_store {
    bf_arena *arena;
    FILE *spill;          /* placed glyphs, written as lines are made (NULL: none) */
    long spill_end;       /* its size, and where the pending glyphs will go */
    GByteArray *pend;     /* glyphs not yet written */
    GPtrArray *pend_runs; /* the runs they belong to */
    bool no_spill;        /* the file could not be made or written: the arena */
    bf_reader *back;      /* the spill, read back: pages draw runs set far apart */
};

bf_glyph_store *bf_glyph_store_new(bf_arena *a)
{
    bf_glyph_store *g = g_new0(bf_glyph_store, 1);
    g->arena = a;
    return g;
}

void bf_glyph_store_free(bf_glyph_store *g)
{
    if (!g) return;
    bf_reader_free(g->back);
    if (g->spill) fclose(g->spill);
    if (g->pend) g_byte_array_free(g->pend, TRUE);
    if (g->pend_runs) g_ptr_array_free(g->pend_runs, TRUE);
    g_free(g);
}

static void keep_in_arena(bf_glyph_store *s, bf_glyph_run *run, const bf_glyph *g)
{
    size_t n = (size_t)run->n_glyphs;
    run->glyphs = bf_arena_array(s->arena, n ? n : 1, sizeof *g);
    if (n) memcpy(run->glyphs, g, n * sizeof *g);
    run->spill = -1;
}

static void flush_spill(bf_glyph_store *s)
{
    if (!s->pend || s->pend->len == 0) return;
    size_t done = 0;
    int fd = s->spill ? fileno(s->spill) : -1;
    while (fd >= 0 && done < s->pend->len) {
        ssize_t n = pwrite(fd, s->pend->data + done, s->pend->len - done, (off_t)(s->spill_end + (long)done));
        if (n <= 0) break;
        done += (size_t)n;
    }
    if (done == s->pend->len) {
        s->spill_end += (long)done;
    } else {
        for (guint i = 0; i < s->pend_runs->len; i++) {
            bf_glyph_run *run = g_ptr_array_index(s->pend_runs, i);
            keep_in_arena(s, run, (const bf_glyph *)(s->pend->data + (run->spill - s->spill_end)));
        }
        s->no_spill = true;
    }
    g_byte_array_set_size(s->pend, 0);
    g_ptr_array_set_size(s->pend_runs, 0);
}

void bf_glyph_store_put(bf_glyph_store *s, bf_glyph_run *run)
{
    bf_glyph *g = run->glyphs;
    size_t bytes = (size_t)run->n_glyphs * sizeof *g;
    if (!s->spill && !s->no_spill) {
        s->spill = bf_scratch_file(NULL); /* in $TMPDIR */
        s->no_spill = !s->spill;
        s->pend = g_byte_array_sized_new(CHUNK);
        s->pend_runs = g_ptr_array_new();
    }
    if (s->no_spill || bytes == 0) {
        keep_in_arena(s, run, g);
    } else {
        run->spill = s->spill_end + (long)s->pend->len;
        run->glyphs = NULL;
        g_byte_array_append(s->pend, (const guint8 *)g, (guint)bytes);
        g_ptr_array_add(s->pend_runs, run);
        if (s->pend->len >= CHUNK) flush_spill(s);
    }
    g_free(g);
}

const bf_glyph *bf_glyph_store_get(bf_glyph_store *s, const bf_glyph_run *run, bf_glyph **buf, int *cap)
{
    if (!run->glyphs && s) flush_spill(s); /* the last glyphs, or a fall back to the arena */
    if (run->glyphs || run->n_glyphs == 0) return run->glyphs;
    if (!s || !s->spill || run->spill < 0) return NULL;
    if (run->n_glyphs > *cap) {
        *cap = run->n_glyphs * 2;
        *buf = g_renew(bf_glyph, *buf, *cap);
    }
    /* Four windows: a page reads its body, notes and floats, set apart.
     * Pages are drawn once all is set, so the spill is whole by now. */
    if (!s->back) s->back = bf_reader_new(fileno(s->spill), 4, (size_t)CLAMP(s->spill_end, 4096, 1 << 16));
    size_t want = (size_t)run->n_glyphs * sizeof(bf_glyph);
    if (!bf_reader_read(s->back, (off_t)run->spill, want, *buf)) return NULL;
    return *buf;
}

bool bf_glyph_joins_before(const char *text)
{
    gunichar ch = g_utf8_get_char(text);
    return ch == 0x200D || (ch >= 0xFE00 && ch <= 0xFE0F) || (ch >= 0xE0100 && ch <= 0xE01EF) ||
           (ch >= 0xE0020 && ch <= 0xE007F);
}
