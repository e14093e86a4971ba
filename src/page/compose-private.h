/* compose-private.h - what the stages of compose share: the composer's
 * state and the spans a paragraph is built from.  For src/page/ only.
 *
 * compose.c adds the blocks of the document to the flow, in reading order;
 * notes.c sets each cited source as its note, for the list of sources and
 * for the foot of the page.
 */
#ifndef BF_COMPOSE_PRIVATE_H
#define BF_COMPOSE_PRIVATE_H

#include <glib.h>
#include <string.h>

#include "page/pages.h"
#include "text/para.h"

typedef struct {
    bf_arena *a;
    bf_diag *diag;
    bf_setter *s;
    const bf_doc *doc;
    const bf_layout *L;
    bf_flow *flow;
    double width;           /* of a column */
    double full;            /* of the text area: the band across the columns */
    bool span;              /* items added now go in the band across the columns */
    int *number;            /* note number of each source, 0 until cited */
    int next_number;        /* the next note number to hand out */
    bool keep_next;         /* the next item keeps with the one before (after a heading) */
    int *chapter_item;      /* the first item of each chapter */
    const bf_para **listed; /* each note as the list of sources set it, by number */
    double listed_width;
    int n_tables;   /* in the flow so far */
    int next_group; /* the id of the next structure group (bf_tag_wrap) */
} composer;

/* A date as the layout writes dates. */
static inline char *date_text(const composer *c, bf_date d)
{
    return bf_date_format(c->a, d, c->L->date_style, c->L->date_weekday);
}

typedef struct {
    bf_span *v;
    int n, cap;
} spans;

/* Spans live only until their paragraph is set (the setter copies their
 * text), so they grow on the heap and add_spans frees them: in the arena
 * they were a quarter of a long document's memory. */
static inline void push(spans *sp, bf_span s)
{
    sp->v = bf_grow(sp->v, sp->n, &sp->cap, sizeof *sp->v, 16);
    sp->v[sp->n++] = s;
}

static inline void push_plain(spans *sp, const char *text)
{
    push(sp, (bf_span){BF_SPAN_PLAIN, text, 0, NULL});
}

static inline void push_strong(spans *sp, const char *text)
{
    push(sp, (bf_span){BF_SPAN_STRONG, text, 0, NULL});
}

/* compose.c: the pieces every block is built from. */

typedef struct {
    bf_role role;
    double x, width, indent, space_before;
    bf_align align;
    int frame;
    bf_marker marker;
    bool keep_all; /* never break inside (headings, short blocks) */
    bool urls;
    const char *where;
    bool phrases;    /* break only between phrases (headings) */
    double turnover; /* lines after the first start this far in */
} para_opts;

bf_item *add_item(composer *c, bf_item_kind kind);
int add_frame(composer *c, bf_frame fr);
/* The note number of a source, handed out at its first citation. */
int cite(composer *c, int source);
void push_mark(composer *c, spans *sp, int number);
void push_text(composer *c, spans *sp, const bf_text *t);
double em(composer *c, bf_role r);
double pitch(composer *c, bf_role r);
/* Set a paragraph and add its lines; the index of its first item, or -1. */
int add_para(composer *c, const bf_span *sp, int n, const para_opts *o);
int add_spans(composer *c, spans *sp, const para_opts *o);
para_opts body_opts(composer *c, bf_role role, const char *where);
int add_text(composer *c, const bf_text *t, const para_opts *o);
const bf_line *set_line(composer *c, bf_role role, const char *text, bf_align align, double width);
void add_rule(composer *c, double width, double weight, bf_color color, double space_before);
void keep_together(composer *c, int from);
/* The 出典 line of a summary box or a table: the source and its note mark. */
void source_line(composer *c, const bf_source *src, int number, const para_opts *base);

/* blocks.c */

/* The blocks of a body or the conclusion: paragraphs, tables, figures and
 * lists; the first `gap` below what came before. */
void bf_compose_blocks(composer *c, const bf_blocks *blocks, double gap);

/* A picture (a figure, or a chapter's image) and its caption, `gap` below
 * what came before; `where` names it for diagnostics. */
void bf_compose_figure(composer *c, const bf_image *img, double gap, const char *where);
/* The structure tags of every item from `from` on (pages.h, bf_tag): the
 * element their content goes in, and a group around them, outside the
 * groups they are in already.  Tag from the inside out, one call a level:
 *     int cell = c->flow->n_items;  ...add the cell's paragraph...
 *     bf_tag_items(c, cell, BF_TAG_TD);
 *     bf_tag_wrap(c, row, BF_TAG_TR);      (after the row's cells)
 *     bf_tag_wrap(c, table, BF_TAG_TABLE); (after the rows) */
static inline void bf_tag_items(composer *c, int from, bf_tag element)
{
    for (int i = from; i < c->flow->n_items; i++) c->flow->items[i].tag = element;
}

static inline void bf_tag_wrap(composer *c, int from, bf_tag group)
{
    int id = ++c->next_group;
    for (int i = from; i < c->flow->n_items; i++) {
        bf_tag_group *g = c->flow->items[i].group;
        /* Nested deeper than BF_TAG_DEPTH: the innermost group is lost,
         * never the outer ones. */
        memmove(g + 1, g, (BF_TAG_DEPTH - 1) * sizeof *g);
        g[0] = (bf_tag_group){group, id};
    }
}

/* qr.c: `url` as a QR code (error correction M, byte mode; dx 0), or
 * NULL when it is too long for one. */
bf_qr *bf_qr_encode(bf_arena *a, const char *url);

/* notes.c */

/* Source `src` set as note `number` (*3　name（description）「title」 url
 * (accessed)) at `width`. */
const bf_para *bf_note_para(composer *c, const bf_source *src, int number, double width, bf_role role,
                            const char *path);

/* The flow's notes by number, each cited source set at the column width. */
void bf_compose_notes(composer *c);

#endif
