/* glyphs.h - the glyph store: where a run's placed glyphs wait to be drawn.
 *
 * A line's glyphs leave memory as soon as the line is made: they are read
 * back only to draw it, and they were half of what a long document kept in
 * memory from composing to the end of the PDF.  The store is an unnamed
 * scratch file, written 256 KB at a time.  If it cannot be made, or a write
 * fails (a full disk, a file size limit), the glyphs not written go back to
 * the arena, and so do all glyphs after them.
 *
 * The store belongs to a job (job.h); bf_glyph_store_new hands it to the
 * caller, who frees it with bf_glyph_store_free.
 */
#ifndef BF_GLYPHS_H
#define BF_GLYPHS_H

#include "core/arena.h"
#include "text/line.h"

typedef struct bf_glyph_store bf_glyph_store;

/* A store whose fall-back copies go to `a`. */
bf_glyph_store *bf_glyph_store_new(bf_arena *a);
void bf_glyph_store_free(bf_glyph_store *g);

/* Take run->glyphs (g_new'd, freed here) into the store: run->glyphs
 * becomes NULL and run->spill says where they are, or, when the store
 * cannot hold them, run->glyphs becomes a copy in the arena. */
void bf_glyph_store_put(bf_glyph_store *g, bf_glyph_run *run);

/* The glyphs of a run: run->glyphs, or read from the store into *buf
 * (grown as needed; the caller g_frees it).  NULL if reading failed. */
const bf_glyph *bf_glyph_store_get(bf_glyph_store *g, const bf_glyph_run *run, bf_glyph **buf, int *cap);

/* The g-th glyph of a run in text order: right to left, from the end. */
static inline const bf_glyph *bf_glyph_at(const bf_glyph_run *run, const bf_glyph *rg, int g)
{
    return run->rtl ? &rg[run->n_glyphs - 1 - g] : &rg[g];
}

/* Does the character at `text`, drawn with no glyph, belong to the one
 * before it: the joiner of a ZWJ sequence (👨‍👩‍👧), the variation selector
 * of ⚠️, the tags of a flag?  Its bytes then join the glyph's cluster, so
 * the PDF's text keeps the whole sequence (cairo writes a cluster of one
 * glyph and several characters as the glyph's text or as ActualText). */
bool bf_glyph_joins_before(const char *text);

#endif
