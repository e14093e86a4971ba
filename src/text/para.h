/* para.h - the paragraph setter: inline text + width + style in, lines out.
 *
 * Pango and HarfBuzz shape and break the text; the setter then applies the
 * Japanese rules of JLREQ that Pango lacks and justifies each line itself
 * (Pango would pour all slack into an ASCII space).  Lines are plain data:
 * glyph runs with positions, the byte range of the text they show, the
 * source notes they cite and the link rectangles they carry.
 *
 * A bf_setter owns every line it sets (glyph runs included) until
 * bf_setter_free; the structs live in the arena given to bf_setter_new.
 */
#ifndef BF_PARA_H
#define BF_PARA_H

#include <pango/pango.h>
#include <stdbool.h>

#include "core/arena.h"
#include "core/diag.h"
#include "style/layout.h"
#include "text/fonts.h"

/* One piece of inline input. */
typedef enum {
    BF_SPAN_PLAIN,
    BF_SPAN_STRONG,
    BF_SPAN_MARK,  /* a note mark such as *1: small, raised, accent colour */
    BF_SPAN_BREAK, /* a forced line break */
} bf_span_kind;

typedef struct {
    bf_span_kind kind;
    const char *text;
    int cite;         /* MARK: the note number it marks; 0 otherwise */
    const char *link; /* a URI the span links to, or NULL */
} bf_span;

typedef enum { BF_ALIGN_JUSTIFY, BF_ALIGN_LEFT, BF_ALIGN_CENTER, BF_ALIGN_RIGHT } bf_align;

typedef struct {
    bf_role role;
    double width;        /* the measure, pt */
    double indent;       /* first-line indent, pt (negative: hanging) */
    bf_align align;
    bool breakable_urls; /* break long Latin words at URL punctuation */
    const char *where;   /* for diagnostics: the data path, e.g. chapters[0].body[2] */
} bf_para_style;

typedef struct {
    PangoGlyphItem *item; /* owned by the setter */
    double x;             /* from the line's left edge */
    double rise;          /* baseline shift upwards, pt (note marks) */
    bf_color color;
} bf_glyph_run;

typedef struct {
    double x, width; /* from the line's left edge */
    const char *uri;
} bf_link;

typedef struct {
    const char *text; /* the whole paragraph's text; runs index into it */
    int start, length; /* the bytes this line shows */
    bf_glyph_run *runs;
    int n_runs;
    double width;    /* set width */
    double ascent;   /* baseline below the line box's top */
    double height;   /* line pitch */
    int *cites;      /* note numbers marked on this line */
    int n_cites;
    bf_link *links;
    int n_links;
    bf_role role;
    int index, count; /* this line's place in its paragraph: index of count */
} bf_line;

typedef struct {
    bf_line *lines;
    int n_lines;
} bf_para;

typedef struct bf_setter bf_setter;

bf_setter *bf_setter_new(bf_arena *a, bf_diag *d, bf_fonts *fonts, const bf_layout *layout);
void bf_setter_free(bf_setter *s);

/* The file that diagnostics of the text being set name (borrowed). */
void bf_setter_set_file(bf_setter *s, const char *file);

/* Set the spans as a paragraph.  Never NULL but when out of memory;
 * characters no font has are reported as warnings at style->where. */
bf_para *bf_para_set(bf_setter *s, const bf_span *spans, int n_spans, const bf_para_style *style);

#endif
