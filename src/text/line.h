/* line.h - set lines as plain data: glyph runs with positions, the byte
 * range of the text they show, the source notes they cite and the link
 * rectangles they carry.
 *
 * Nothing here names a library: a run names its font by an id in the job's
 * font table, and its glyphs, once the line is made, sit in the job's glyph
 * store (text/glyphs.h).  Lines live in the job's arena.
 */
#ifndef BF_LINE_H
#define BF_LINE_H

#include <stdbool.h>
#include <stdint.h>

#include "style/layout.h"

/* A glyph as placed: plain data, in the arena. */
#define BF_GLYPH_EMPTY 0xffffffffu /* nothing to draw (a control character) */
#define BF_GLYPH_BOX 0x80000000u   /* a character no font has: set as .notdef */
typedef struct {
    uint32_t id; /* the font's glyph id, or one of the two above */
    float x, y;  /* from the run's origin on the baseline (y down) */
    float advance;
    int cluster; /* where its cluster starts in the paragraph text */
} bf_glyph;

/* A run of glyphs of one font. */
typedef struct {
    int font;           /* an id in the job's font table (text/fonttable.h); -1: none */
    int offset, length; /* the bytes of the paragraph text it shows */
    bf_glyph *glyphs;   /* NULL when they are in the job's glyph store: read
                           them with bf_glyph_store_get */
    long spill;         /* where in the glyph store */
    int n_glyphs;
    bool rtl;     /* right to left: glyphs in visual order */
    double width; /* the sum of its advances */
    double x;     /* from the line's left edge */
    double rise;  /* baseline shift upwards, pt (note marks) */
    double em;    /* its type size (for boxes) */
    bf_color color;
} bf_glyph_run;

typedef struct {
    double x, width; /* from the line's left edge */
    const char *uri;
} bf_link;

/* A reading set as ruby over its base, bytes [base, base + base_length)
 * of the line's text: a run at half the base's size, raised above the base
 * (run.x from the line's left edge).  The reading's bytes follow the
 * paragraph's own in `text`, so the run indexes them as any run does. */
typedef struct {
    int base, base_length;
    bf_glyph_run run;
} bf_ruby;

typedef struct {
    const char *text;  /* the whole paragraph's text; runs index into it */
    int start, length; /* the bytes this line shows */
    bf_glyph_run *runs;
    int n_runs;
    double width;  /* set width */
    double ascent; /* baseline below the line box's top */
    double height; /* line pitch */
    int *cites;    /* note numbers marked on this line */
    int n_cites;
    bf_link *links;
    int n_links;
    bf_ruby *rubies; /* drawn after the runs, so that the PDF's text keeps each base whole */
    int n_rubies;
    bf_role role;
    int index, count; /* this line's place in its paragraph: index of count */
} bf_line;

typedef struct {
    bf_line *lines;
    int n_lines;
} bf_para;

#endif
