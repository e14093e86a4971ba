/* font-id.h - the setter's side of the font table (text/fonttable.h):
 * naming a Pango font by its id and recording the glyphs set in it.
 * For src/text/ only.
 */
#ifndef BF_FONT_ID_H
#define BF_FONT_ID_H

#include <pango/pango.h>

#include "text/fonttable.h"

/* The id of `font`, added on first use (the table keeps a reference); -1
 * for NULL. */
int bf_font_table_id(bf_font_table *t, PangoFont *font);

/* Record that glyph `g` is set in font `id`. */
void bf_font_table_use(bf_font_table *t, int id, unsigned g);

/* Borrowed: the Pango font of an id. */
PangoFont *bf_font_table_pango(const bf_font_table *t, int id);

#endif
