/* fallback.h - the fonts for what a role's font has no glyph for: one
 * table (fallback.c), by range of code points, of a mincho (serif) and a
 * gothic (sans) family, all in fonts/ (fonts/README.md says why each).
 */
#ifndef BF_FALLBACK_H
#define BF_FALLBACK_H

#include <glib.h>
#include <stdbool.h>

/* The family that sets `ch` for a role in `family` (a gothic role when
 * its name has "Sans"), or NULL when no fallback covers its range.
 * *bold says whether the family has a bold face. */
const char *bf_fallback_family(gunichar ch, const char *family, bool *bold);

/* The emoji font: a character followed by U+FE0F (emoji presentation,
 * ⚠️ ☎️) is set in it whenever it has the character, even when the role's
 * font has a text form. */
const char *bf_fallback_emoji(void);

/* The Latin fallback of a role in `family`: a word with a letter the
 * role's font lacks is set whole in it. */
const char *bf_fallback_latin(const char *family);

/* Every fallback family of a role in `family`, comma-separated in table
 * order, for Pango's itemizer (right-to-left text); a static string. */
const char *bf_fallback_list(const char *family);

#endif
