/* pdftext.h - the PDF's text written by this program, not by cairo.
 *
 * cairo 1.16 spends most of a PDF's time on its text: each glyph's
 * outline and metrics loaded through FreeType at every size, each TJ
 * entry formatted through its printf, each font subset again.  The
 * glyphs are placed already (the setter's positions) and the fonts are
 * cut already (otfcut.h), so the text operators are written here, and
 * the fonts are the cuts' own CFF tables.  cairo still draws everything
 * else and keeps the page's order, colours and structure tags: for each
 * text call it fills a placeholder, a rectangle with the even-odd rule
 * (used nowhere else), whose width and height name the call (its place
 * on the page, and the page) and whose corner is the first glyph's
 * origin.  Where a page's contents are compressed (flateahead.h, or the
 * repack), each placeholder is swapped for its text operators, checked
 * against what was recorded; the repack writes the fonts (Type0,
 * Identity-H, CIDFontType0C with /W and a ToUnicode CMap) and names them
 * in each page's resources.  Text that cannot be placed so (a page past
 * the placeholders' reach, a transformed context) goes to cairo as
 * before, and a placeholder left over or text not placed fails the build.
 *
 * The text of each cluster maps as cairo maps it: a glyph alone in its
 * cluster takes the cluster's text in the ToUnicode CMap the first time
 * it is shown, and any other cluster (several glyphs, none, or a glyph
 * that maps to other text already) is marked with its text as
 * ActualText.
 */
#ifndef BF_PDFTEXT_H
#define BF_PDFTEXT_H

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct bf_pdf_text bf_pdf_text;

/* For a document of n_pages pages of w x h points. */
bf_pdf_text *bf_pdf_text_new(int n_pages, double w, double h);
void bf_pdf_text_free(bf_pdf_text *t);

/* A cut font, its `len` bytes (copied): an OpenType font with a CID-keyed
 * CFF table (otfcut.h), whose glyph ids are its CIDs, or a TrueType font
 * (ttfcut.h), named `ps_name`.  Its slot, or -1 when it is not one this
 * can write (the text is drawn by cairo). */
int bf_pdf_text_add_font(bf_pdf_text *t, const unsigned char *sfnt, size_t len, const char *ps_name);

/* Every font added: their programs are compressed on a thread of their
 * own from now on, while the pages are drawn (each cut is some 100 KB, a
 * sixth of a short document's time); the text operators are written
 * beside it. */
void bf_pdf_text_fonts_added(bf_pdf_text *t);

/* Glyphs of the font in `slot` at the font matrix `fm` (cairo's: its
 * size and transform), their ids in the cut `map[id]` (ids at or past
 * n_map are its .notdef), with the clusters mapping them to `utf8`, in
 * colour `rgb`: the text operators recorded for page `page`, their
 * placeholder drawn on cr by bf_pdf_text_flush, which the caller calls
 * before it draws or tags anything else.  Text of the same page and
 * colour shown before the flush shares the placeholder (cairo prints
 * each placeholder's numbers through snprintf: a tenth of a long
 * document's time with one a line).  False (nothing recorded, the text
 * before it left waiting) when it cannot: cairo draws it then, after a
 * flush. */
bool bf_pdf_text_show(bf_pdf_text *t, cairo_t *cr, int page, int slot, const cairo_matrix_t *fm, const uint16_t *map,
                      unsigned n_map, const cairo_glyph_t *glyphs, int n_glyphs, const char *utf8,
                      const cairo_text_cluster_t *clusters, int n_clusters, const double rgb[3]);

/* The placeholder of the text shown last, filled in its colour, if it is
 * not drawn yet (a path begun on cr is kept). */
void bf_pdf_text_flush(bf_pdf_text *t, cairo_t *cr);

/* The n bytes of a content stream with each placeholder swapped for its
 * text, into out: 1, or 0 when it has none (out as it was).  A
 * placeholder that is not one recorded is left, and the text check below
 * fails.  Safe on a second thread beside bf_pdf_text_show for pages
 * already drawn (bf_flate_ahead_give orders them). */
int bf_pdf_text_swap(bf_pdf_text *t, const unsigned char *data, size_t n, GByteArray *out);

/* The repack's part.  The number of objects the fonts shown take (five
 * each), numbered from `first` on with bf_pdf_text_number. */
unsigned bf_pdf_text_objects(const bf_pdf_text *t);
void bf_pdf_text_number(bf_pdf_text *t, unsigned first);
/* The resource entries (" /Fb0 12 0 R ...") of the fonts page `page`
 * shows, appended; noted as given. */
void bf_pdf_text_resources(bf_pdf_text *t, int page, GByteArray *out);
/* The fonts' objects into w, which starts at `written` bytes into the
 * file; at[k] the offset of object first + k.  False when compressing
 * fails. */
bool bf_pdf_text_write_fonts(bf_pdf_text *t, GByteArray *w, size_t written, size_t *at);
/* After the repack: NULL when every text shown was placed on its page,
 * with its fonts in the page's resources; else what is wrong, and the
 * page (1-based) in *page. */
const char *bf_pdf_text_check(const bf_pdf_text *t, int *page);

#endif
