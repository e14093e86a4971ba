/* route.h - which face sets each character: one rule, for the setter
 * (shape.c, which loads the faces as Pango fonts and asks their cmaps
 * through HarfBuzz) and for `check` (coverage.c, which reads the font files
 * of fonts/ itself), so that check warns of exactly the characters a build
 * sets as boxes.  The fallback table itself is fallback.h's.
 */
#ifndef BF_ROUTE_H
#define BF_ROUTE_H

#include "text/para-private.h"

/* A face: a family name (the layout's or the fallback table's string) and
 * a weight. */
typedef struct {
    const char *family;
    bool bold;
} bf_face;

/* Whether the face has a glyph for `ch`: the caller's answer (false for a
 * family it does not have). */
typedef bool (*bf_face_has)(void *ctx, bf_face face, gunichar ch);

bool bf_same_face(bf_face a, bf_face b);

/* Is it one of the emoji fonts' faces, the colour or the text one? */
bool bf_is_emoji_face(bf_face f);

/* The script of each character of c[0, n) into script[0, n), common and
 * inherited characters taking the script before them (at the start, the
 * one after): how the setter's itemizer groups them. */
void bf_scripts(const chr *c, int n, GUnicodeScript *script);

/* The face of each character of a stretch c[i0, i1) of one role face
 * (`role`), into out[i0, i1): an emoji of emoji presentation the colour
 * font's, a character before U+FE0F the text emoji font's, else the role's
 * when it has a glyph, else the fallback table's when that has one, else
 * the role's (a box, reported).  A Latin, Greek or Cyrillic word with a
 * letter the role's face lacks is then set whole in the fallback's Latin
 * face, so that no word mixes two designs. */
void bf_route(bf_face_has has, void *ctx, bf_face role, const chr *c, int i0, int i1, const GUnicodeScript *script,
              bf_face *out);

/* Report, as an error naming the layout's key, each role whose family and
 * weight `has_family` does not find among the fonts of fonts/; false if
 * any is missing. */
bool bf_roles_present(bf_diag *d, const bf_layout *layout, bool (*has_family)(void *ctx, const char *family, bool bold),
                      void *ctx);

#endif
