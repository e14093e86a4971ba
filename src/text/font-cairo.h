/* font-cairo.h - the one cairo object the text side hands the renderer.
 *
 * Pango's fonts are cairo fonts (the font map is pangocairo's), and text
 * the renderer cannot draw with a cut of its font (right-to-left runs, or
 * a font that could not be cut) is drawn with the whole font as Pango made
 * it.  Included by src/render/ only, so that the line types stay free of
 * cairo.
 */
#ifndef BF_FONT_CAIRO_H
#define BF_FONT_CAIRO_H

#include <cairo.h>

#include "text/fonttable.h"

/* Borrowed: the whole font of an id, as a cairo font (owned by the table). */
cairo_scaled_font_t *bf_font_table_cairo(const bf_font_table *t, int id);

#endif
