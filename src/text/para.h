/* para.h - the paragraph setter: inline text + width + style in, lines out.
 *
 * Pango and HarfBuzz shape and break the text; the setter then applies the
 * Japanese rules of JLREQ that Pango lacks and justifies each line itself
 * (Pango would pour all slack into an ASCII space).  Lines are plain data:
 * glyph runs with positions, the byte range of the text they show, the
 * source notes they cite and the link rectangles they carry.
 *
 * Lines are plain data in the arena given to bf_setter_new; the fonts their
 * runs name belong to the setter until bf_setter_free.
 */
#ifndef BF_PARA_H
#define BF_PARA_H

#include <cairo.h>
#include <stdbool.h>
#include <stdint.h>

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

/* A glyph as placed: plain data, in the arena. */
#define BF_GLYPH_EMPTY 0xffffffffu /* nothing to draw (a control character) */
#define BF_GLYPH_BOX 0x80000000u   /* a character no font has: set as a box */
typedef struct {
    uint32_t id;   /* the font's glyph id, or one of the two above */
    float x, y;    /* from the run's origin on the baseline (y down) */
    float advance;
    int cluster;   /* where its cluster starts in the paragraph text */
} bf_glyph;

/* A font the setter set glyphs in, owned by the setter until bf_setter_free. */
typedef struct bf_font bf_font;

/* Its cairo font, the whole font (made on first use; owned by the font). */
cairo_scaled_font_t *bf_font_cairo(const bf_font *f);

/* A run of glyphs of one font. */
typedef struct {
    const bf_font *font;
    int offset, length; /* the bytes of the paragraph text it shows */
    bf_glyph *glyphs;   /* NULL when they are in the setter's spill file: read
                           them with bf_run_glyphs */
    long spill;         /* where in the spill file */
    int n_glyphs;
    bool rtl;           /* right to left: glyphs in visual order */
    double width;       /* the sum of its advances */
    double x;           /* from the line's left edge */
    double rise;        /* baseline shift upwards, pt (note marks) */
    double em;          /* its type size (for boxes) */
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

/* The glyphs of a run: run->glyphs, or read from the setter's spill file
 * into *buf (grown as needed, g_free it).  NULL if reading failed. */
const bf_glyph *bf_run_glyphs(bf_setter *s, const bf_glyph_run *run, bf_glyph **buf, int *cap);

/* Seconds spent in bf_para_set so far (for --timings). */
double bf_setter_seconds(const bf_setter *s);

/* The file that diagnostics of the text being set name (borrowed). */
void bf_setter_set_file(bf_setter *s, const char *file);

/* Set the spans as a paragraph.  Never NULL but when out of memory;
 * characters no font has are reported as warnings at style->where. */
bf_para *bf_para_set(bf_setter *s, const bf_span *spans, int n_spans, const bf_para_style *style);

#endif
