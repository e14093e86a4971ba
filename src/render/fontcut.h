/* fontcut.h - the document's own cut of each font, for the PDF.
 *
 * The fonts in fonts/ hold some 20,000 glyphs each; a briefing uses a few
 * hundred.  cairo 1.16 subsets a CFF font by reading its whole CFF table
 * into memory, twice (once to ask whether it is CID-keyed, once to subset):
 * 8.6 MB for Noto Serif CJK, page-faulted in and thrown away on every run,
 * which was a third of the sample's wall time.  So each font is cut down
 * first to the glyphs the setter used: a CFF font by otfcut.h, its glyph
 * ids renumbered as they are drawn, a TrueType font by ttfcut.h, its ids
 * kept.  The PDF's own text (pdftext.h) is written with the cuts; what
 * cairo draws, it draws with the CFF cuts, or whole.
 */
#ifndef BF_FONTCUT_H
#define BF_FONTCUT_H

#include <cairo.h>
#include <stdbool.h>

#include "render/pdftext.h"
#include "text/fonttable.h"

typedef struct bf_font_cut bf_font_cut;

/* Cut every font of the table down to the glyphs set in it, or none of
 * them if `whole` (page images: a raster needs no font subsets).  A font
 * that is not cut is drawn whole, made from the pattern Pango matched: the
 * PDF is the same but for the subset tags of its font names (a hash of the
 * glyph ids), only slower to make.  Free the cuts with bf_font_cut_free. */
bf_font_cut *bf_font_cut_new(const bf_font_table *t, bool whole, bf_pdf_text *text);

/* For the PDF's own text (pdftext.h; each cut given to `text` when the
 * cuts were made): the slot of font `font`'s cut there, its font matrix,
 * and the map from the font's glyph ids to the cut's (*n_map of them);
 * -1 when it has none (cairo draws it). */
int bf_font_cut_own(bf_font_cut *c, int font, cairo_matrix_t *fm, const uint16_t **map, unsigned *n_map);

/* Make font `font` (an id in the table) the font of `cr` for showing `glyphs`: its cut, at the same
 * size, with the glyph ids renumbered in place to the cut's; or the whole
 * font, the glyphs as they are, when it was not cut.
 *
 * And have cairo load the outline of each glyph shown for the first time in
 * the cut.  cairo's PDF subsetter asks for the outline of every new glyph
 * in the font it is first drawn with, after its analysis pass has loaded
 * the same glyph for its metrics: two loads of a CFF glyph (some 58,000
 * instructions each), where asking for both at once, in a font with hinted
 * metrics (the metrics of the font drawn with do not reach the PDF), takes
 * one.  Skipped when `cr` has a path.
 *
 * False, with the font of `cr` as it was, if cairo could not make the font. */
bool bf_font_cut_use(bf_font_cut *c, int font, cairo_t *cr, cairo_glyph_t *glyphs, int n);

void bf_font_cut_free(bf_font_cut *c);

#endif
