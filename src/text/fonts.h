/* fonts.h - the fonts of a run, from fonts/ only.
 *
 * bf_fonts_open builds a private fontconfig configuration holding just the
 * files in FONTS_DIR, so that what is installed on the machine never changes
 * the output, and checks that every family the layout names is there: a
 * missing family is an error, never a silent fallback.
 */
#ifndef BF_FONTS_H
#define BF_FONTS_H

#include <pango/pango.h>

#include "core/diag.h"
#include "style/layout.h"

typedef struct bf_fonts bf_fonts;

/* NULL, with the problem reported, when a family is missing. Free with
 * bf_fonts_free. */
bf_fonts *bf_fonts_open(bf_diag *d, const char *fonts_dir, const bf_layout *layout);
void bf_fonts_free(bf_fonts *f);

/* The same fonts for another thread: a font map and context of its own
 * over the same fontconfig set-up (Pango's font maps and the fonts they
 * load are not to be shared between threads).  Free with bf_fonts_free,
 * before `f`'s set-up goes. */
bf_fonts *bf_fonts_fork(bf_fonts *f);

/* Borrowed: a Pango context at 72 dpi with unrounded glyph positions and
 * no hinted metrics, as PDF output needs (with hinting, Pango's metrics come
 * out up to 30 % off on a PDF surface). */
PangoContext *bf_fonts_context(bf_fonts *f);

/* Borrowed: the font description of a role. */
const PangoFontDescription *bf_fonts_role(bf_fonts *f, bf_role r);

#endif
