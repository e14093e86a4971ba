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

/* The emoji font of text presentation (monochrome outlines): a character
 * followed by U+FE0F that the colour font lacks is set in it whenever it
 * has the character, even when the role's font has a text form. */
const char *bf_fallback_emoji(void);
/* The two emoji families are each one string, at one address, wherever the
 * table or these functions give it: a face may be compared with them by
 * address. */

/* The colour emoji font, and whether `ch` (followed by `next`, 0 at the
 * end) is set in it: an emoji of emoji presentation (Emoji_Presentation
 * in Unicode's emoji data: ✅ 💡 🥲, the regional indicators of a flag, the
 * skin tones), any character followed by U+FE0F (⚠️ ☎️) or by U+20E3
 * (a keycap, #️⃣), the base of a skin tone (✌🏽), and the character after a
 * U+200D that joins it to a colour emoji (`after_color_zwj`: a ZWJ
 * sequence is one ligature of the font).  U+FE0E after it keeps the text
 * form.  The caller sets it there only when the font has the character. */
const char *bf_fallback_color_emoji(void);
bool bf_fallback_is_color(gunichar ch, gunichar next, bool after_color_zwj);

/* The Latin fallback of a role in `family`: a word with a letter the
 * role's font lacks is set whole in it. */
const char *bf_fallback_latin(const char *family);

/* Every fallback family of a role in `family`, comma-separated in table
 * order, for Pango's itemizer (right-to-left text); a static string. */
const char *bf_fallback_list(const char *family);

#endif
