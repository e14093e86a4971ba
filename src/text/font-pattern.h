/* font-pattern.h - the fontconfig pattern of a font of the table.
 *
 * The renderer draws text it does not draw with a cut of its font (page
 * images, a font that could not be cut) with the whole font, made from
 * the pattern Pango matched: file, face, size, transform and synthetic
 * emboldening, as Pango set it.  Included by
 * src/render/ only, so that the line types stay free of fontconfig.
 */
#ifndef BF_FONT_PATTERN_H
#define BF_FONT_PATTERN_H

#include <fontconfig/fontconfig.h>

#include "text/fonttable.h"

/* Borrowed (owned by the table): the pattern of the font of an id, or NULL. */
FcPattern *bf_font_table_pattern(const bf_font_table *t, int id);

#endif
