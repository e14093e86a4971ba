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

#include "page/pages.h"
#include "text/para.h"

typedef struct {
    bf_arena *a;
    bf_setter *s;
    const bf_doc *doc;
    const bf_layout *L;
    bf_flow *flow;
    double width;    /* of a column */
    double full;     /* of the text area: the band across the columns */
    bool span;       /* items added now go in the band across the columns */
    int *number;     /* note number of each source, 0 until cited */
    int next_number; /* the next note number to hand out */
    bool keep_next;  /* the next item keeps with the one before (after a heading) */
    int *chapter_item; /* the first item of each chapter */
    const bf_para **listed; /* each note as the list of sources set it, by number */
    double listed_width;
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

/* notes.c */

/* Source `src` set as note `number` (*3　name（description）「title」 url
 * (accessed)) at `width`. */
const bf_para *bf_note_para(composer *c, const bf_source *src, int number, double width,
                            bf_role role, const char *path);

/* The flow's notes by number, each cited source set at the column width. */
void bf_compose_notes(composer *c);

#endif
