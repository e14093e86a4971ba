/* otfcut.h - an OpenType CFF font cut down to some of its glyphs.
 *
 * The cut keeps every glyph id: a glyph not kept becomes an empty outline
 * (a lone endchar), so text shaped with the whole font draws the same with
 * the cut.  The CFF table is rebuilt around the kept charstrings, byte for
 * byte as they were; of the other tables only those a renderer reads are
 * kept (head, hhea, hmtx, maxp, name, OS/2, post, cmap).  Layout tables go:
 * the text is already shaped.
 */
#ifndef BF_OTFCUT_H
#define BF_OTFCUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Cut `font` (an OpenType font with a CFF table, `len` bytes) down to the
 * `n_gids` glyphs `gids` lists, in ascending order.  Returns the new font
 * (g_free it) and its size in *out_len, or NULL when the font is not one
 * this can cut (TrueType outlines, CFF2, a damaged table, or offsets it
 * cannot rewrite in place).  Never reads outside `font`. */
unsigned char *bf_otf_cut(const unsigned char *font, size_t len, const unsigned *gids, size_t n_gids, size_t *out_len);

/* The table `tag` ("CFF ", "head") of an OpenType font: [*at, *at + *n),
 * checked to lie inside it; false when it has none. */
bool bf_otf_table(const unsigned char *font, size_t len, const char *tag, const unsigned char **at, size_t *n);

/* The PostScript name of a CFF table (its first Name INDEX entry) into
 * out, cut to cap - 1 bytes; false when it has none. */
bool bf_otf_cff_name(const unsigned char *cff, size_t len, char *out, size_t cap);

/* An sfnt of `version` ("OTTO" or 0x00010000) from n tables, their tags
 * in ascending order: its bytes (g_free them), *out_len of them. */
unsigned char *bf_sfnt_build(uint32_t version, const char *const *tags, const unsigned char *const *data,
                             const size_t *lens, int n, size_t *out_len);

#endif
