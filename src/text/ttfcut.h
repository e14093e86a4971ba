/* ttfcut.h - a TrueType font cut down to some of its glyphs, for a PDF's
 * FontFile2.
 *
 * Every glyph id is kept, so that text shaped with the whole font draws
 * the same with the cut: a glyph not kept has no outline (an empty loca
 * entry).  A composite glyph keeps the glyphs it is made of.  The tables
 * a PDF reader needs of a TrueType program stay (head, hhea, hmtx, maxp,
 * loca, glyf, and the hinting programs cvt, fpgm and prep); loca is
 * written in its long form; the cmap keeps the characters of the glyphs
 * kept (one format 12 subtable), which is what the PDF's ToUnicode starts
 * from (pdftextfont.c).
 */
#ifndef BF_TTFCUT_H
#define BF_TTFCUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Cut `font` (an sfnt with TrueType outlines, `len` bytes) down to the
 * `n_gids` glyphs `gids` lists.  Returns the new font (g_free it) and its
 * size in *out_len, or NULL when it is not a font this can cut (CFF
 * outlines, a collection, a damaged table).  Never reads outside `font`. */
unsigned char *bf_ttf_cut(const unsigned char *font, size_t len, const unsigned *gids, size_t n_gids, size_t *out_len);

/* Call fn for each character a cmap table (`len` bytes) maps to a glyph:
 * from its Unicode subtable of format 12 if it has one, else of format 4.
 * False when it has neither (or they are damaged). */
bool bf_cmap_each(const unsigned char *cmap, size_t len, void (*fn)(uint32_t code, uint32_t gid, void *ctx), void *ctx);

/* Each glyph's lowest character in the cmap (code[g], 0 for none; code
 * holds n_glyphs, zeroed), as bf_cmap_each reads it. */
void bf_cmap_lowest(const unsigned char *cmap, size_t len, uint32_t *code, uint32_t n_glyphs);

#endif
