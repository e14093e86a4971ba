/* fonttable.h - the fonts a job's lines are set in, by id.
 *
 * A glyph run names its font by an id, an index into this table, so that
 * placed pages are plain data.  The table knows, for each font, the file it
 * comes from, the size it was set at and the glyphs set in it: what the PDF
 * renderer needs to cut the font down (render/fontcut.h).  The setter adds
 * fonts as it uses them (text/font-id.h).
 *
 * bf_font_table_new hands the caller a table to free with
 * bf_font_table_free; the strings and arrays the getters give are borrowed.
 */
#ifndef BF_FONTTABLE_H
#define BF_FONTTABLE_H

#include <stdbool.h>

typedef struct bf_font_table bf_font_table;

bf_font_table *bf_font_table_new(void);
void bf_font_table_free(bf_font_table *t);

/* How many fonts: ids are 0 to this minus one. */
int bf_font_table_count(const bf_font_table *t);

/* The font file and the index of the face in it; false when unknown. */
bool bf_font_table_file(const bf_font_table *t, int id, const char **file, int *index);

/* The size the font is set at, in pixels at 72 dpi (its size in points),
 * and its transform (xx, yx, xy, yy in fontconfig's sense) if it has one. */
bool bf_font_table_scale(const bf_font_table *t, int id, double *pixel_size, double matrix[4], bool *has_matrix);

/* The glyph ids set in the font, ascending, into a new array of *n (the
 * caller g_frees it). */
unsigned *bf_font_table_glyphs(const bf_font_table *t, int id, unsigned *n);

#endif
