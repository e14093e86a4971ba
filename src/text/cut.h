/* cut.h - the document's own cut of each font, for the PDF.
 *
 * The fonts in fonts/ hold some 20,000 glyphs each; a briefing uses a few
 * hundred.  cairo 1.16 subsets a CFF font by reading its whole CFF table
 * into memory, twice (once to ask whether it is CID-keyed, once to subset):
 * 8.6 MB for Noto Serif CJK, page-faulted in and thrown away on every run,
 * which was a third of the sample's wall time.  So the PDF is drawn with
 * fonts cut down first to the glyphs the setter used (otfcut.h), keeping
 * glyph ids so the placed runs need no renumbering.  The outlines are the
 * same bytes, so the PDF's fonts are the same.
 */
#ifndef BF_CUT_H
#define BF_CUT_H

#include <cairo.h>
#include <hb.h>
#include <pango/pango.h>

#include "core/diag.h"
#include "text/para.h"

/* Call fn for every font the setter has set glyphs in, with those glyphs. */
void bf_setter_each_font(const bf_setter *s, void (*fn)(PangoFont *font, const hb_set_t *glyphs, void *ctx),
                         void *ctx);

typedef struct bf_font_cut bf_font_cut;

/* Cut every font the setter used down to the glyphs it set.  A font that
 * cannot be cut is drawn whole (the PDF is the same, only slower to make),
 * so this fails only when out of memory. */
bf_font_cut *bf_font_cut_new(const bf_setter *s);

/* The cut of `font` at the same size and options, or `font` itself when it
 * was not cut.  Borrowed from the cut. */
cairo_scaled_font_t *bf_font_cut_get(const bf_font_cut *c, cairo_scaled_font_t *font);

void bf_font_cut_free(bf_font_cut *c);

#endif
