/* pages.h - the flow of blocks and the placed pages built from it.
 *
 * compose turns a document into a flow: vertical items in reading order
 * (lines, rules, images), each with its keep rules and the notes it cites.
 * paginate fills pages from the flow: source notes at the foot of the page
 * that cites them (the text area shrinks by their height, as TeX inserts
 * do, and a note too tall for the room left continues on the next page), widows and orphans, keeps, frames split and
 * reopened across pages, and page numbers known before anything is drawn.  Both results are plain data in the job's
 * arena (job.h): lines name their fonts by id and find their glyphs in the job's glyph store; nothing here draws.
 */
#ifndef BF_PAGES_H
#define BF_PAGES_H

#include <stdbool.h>

#include "doc/doc.h"
#include "job.h"
#include "style/layout.h"
#include "text/line.h"

typedef struct bf_setter bf_setter; /* text/para.h */

typedef enum {
    BF_FRAME_BOX,   /* filled and ruled: the summary box */
    BF_FRAME_PANEL, /* filled, no rule: the question teaser */
    BF_FRAME_BAR,   /* a rule down the left side: comment, aside */
} bf_frame_kind;

typedef struct {
    bf_frame_kind kind;
    double x, width;                   /* from the text area's left edge */
    double pad_top, pad_bottom, pad_x; /* inside the frame, around its items */
    double rule;                       /* rule weight; 0 for none */
    bf_color fill, stroke;
    bool has_fill;
    const bf_line *label;           /* set in the frame's top band (要約), or NULL */
    const bf_line *label_continued; /* the same where the frame goes on from a page or column
                                       before (要約（続き）) */
} bf_frame;

typedef enum {
    BF_ITEM_LINE,  /* a line of text */
    BF_ITEM_RULE,  /* a horizontal rule across `width` at the item's foot */
    BF_ITEM_IMAGE, /* a picture scaled to width x height */
    BF_ITEM_ROW,   /* a row of a table: its cells side by side */
} bf_item_kind;

/* One cell of a table row: its lines from (x, pad) in the row's box. */
typedef struct {
    const bf_para *para; /* NULL: an empty cell */
    int first, count;    /* the lines of it in this row (a part of a row taller than a page) */
    double x, width;     /* from the row's left edge */
    double shift;        /* added to each line's x: right or centred alignment */
} bf_cell;

typedef struct {
    bf_cell *cells;
    int n_cells;
    double pad;      /* above the cells' lines (and as much below, but inside a row taller
                        than a page, which goes in parts: none between them) */
    double pad_x;    /* left and right of them, in each cell */
    bool head;       /* the header row */
    bool fill;       /* zebra: a tinted row */
    double rule;     /* the rule under the row (0: none) */
    double top_rule; /* the rule above it (the header row's; 0: none) */
    int *cites;      /* the notes its cells cite */
    int n_cites;
    bf_color rule_color;
    double vrule; /* rules between the cells (0: none) */
    int table;    /* the table's number in the flow (0-based) */
} bf_row;

/* A QR code (src/page/qr.c): `width` modules a side, dark[y * width + x]
 * true for a dark module, drawn `side` points square with its quiet zone of
 * four modules, its top-left corner `dx` right of its item's x. */
typedef struct {
    int width;
    const bool *dark;
    double side, dx;
} bf_qr;

typedef enum { BF_MARKER_NONE, BF_MARKER_CHECK, BF_MARKER_SQUARE } bf_marker;

/* Where an item sits in the PDF's structure tree (docs/TAGGING.md).  Its
 * element holds its content: the lines of one paragraph on a page are one
 * element.  Groups hold elements: an item names the groups it is in,
 * outermost first, and items in a row naming the same group (tag and id)
 * share it.  BF_TAG_AUTO takes the element from the line's role (H1 the
 * title and chapter headings, H2 the section headings, P the rest). */
typedef enum {
    BF_TAG_AUTO,
    /* elements */
    BF_TAG_P,
    BF_TAG_H1,
    BF_TAG_H2,
    BF_TAG_LBODY, /* a list item's text; the item's marker is drawn as its Lbl */
    BF_TAG_CAPTION,
    BF_TAG_FIGURE,
    BF_TAG_TH,
    BF_TAG_TD,
    /* groups */
    BF_TAG_L,
    BF_TAG_LI,
    BF_TAG_TABLE,
    BF_TAG_TR,
    BF_TAG_COUNT
} bf_tag;

enum { BF_TAG_DEPTH = 4 }; /* groups around one element: Table, TR, ... */

typedef struct {
    bf_tag tag; /* BF_TAG_AUTO: no group */
    int id;     /* tells apart two groups of one tag in a row (two lists) */
} bf_tag_group;

typedef struct {
    bf_item_kind kind;
    const bf_line *line; /* LINE */
    double x;            /* from the text area's left edge */
    double width;        /* RULE, IMAGE */
    double height;       /* the item's own height (a line: its pitch) */
    double space_before; /* dropped at the top of a page */
    bool keep_with_prev; /* no page break between this item and the one before */
    bool box_keep;       /* ...unless the box it belongs to is taller than a page */
    bool new_page;       /* start a page (the key-points page) */
    bool span;           /* set across all columns, in the band above them */
    bool recto;          /* with duplex, start on a right-hand (odd) page */
    const bf_line *tail; /* a second line on the same row, right-aligned (a TOC page number) */
    bool leader;         /* dots lead from the line's end to the tail */
    int frame;           /* index into bf_flow.frames, or -1 */
    bf_marker marker;    /* drawn left of the item, at x - marker room */
    bf_color rule_color;
    const bf_image *image;
    const bf_line *label; /* a list item's bullet or number, set left of the item at label_x */
    double label_x;
    int float_n;                      /* a figure that may move on: it and the float_n - 1 items after it */
    const bf_row *row;                /* ROW */
    int head;                         /* a table's body row: the index of its header row, repeated at
                                         the top of each page it continues on; else -1 */
    const bf_qr *qr;                  /* a listed source's QR code, beside its first line (NULL: none) */
    const char *outline;              /* a bookmark starts here (plain text), or NULL */
    int outline_level;                /* 0 beside the title, 1 a chapter under it */
    bf_tag tag;                       /* its element in the structure tree */
    bf_tag_group group[BF_TAG_DEPTH]; /* the groups around it, outermost first */
} bf_item;

typedef struct {
    bf_item *items;
    int n_items, cap_items;
    bf_frame *frames;
    int n_frames, cap_frames;
    /* Notes by number (1-based; notes[0] unused), set at the note width. */
    const bf_para **notes;
    int n_notes;
    /* What each place of the header and footer shows (NULL: nothing, or
     * the page number, which each page sets itself). */
    const bf_line *band[BF_SLOT_COUNT];
    /* The marking as marking.style = stamp frames it at the top of every
     * page (NULL: no stamp). */
    const bf_line *stamp;
    const char *title_plain;
    const char *subtitle_plain; /* NULL when none */
    /* The table of contents: its entries' last lines, and the first item of
     * each chapter, whose page each entry shows. */
    int *toc_entry, *toc_target;
    int n_toc;
    double toc_room; /* the width each entry's page number is set in */
} bf_flow;

/* Compose the document into a flow, in the job's arena.  The setter sets
 * every line. */
bf_flow *bf_flow_compose(bf_job *job, bf_setter *s, const bf_doc *doc, const bf_layout *layout);

/* A placed item: the item and its box's top-left corner on the page. */
typedef struct {
    const bf_item *item;
    double x, y;
    int column;    /* -1: the band across all columns */
    bool repeated; /* a table's header row set again on a page it continues on */
} bf_placed;

typedef struct {
    const bf_frame *frame;
    double x, y, w, h;
    bool continued_above, continued_below; /* split across pages */
} bf_placed_frame;

/* A note, or the part of it on this page: lines [first, first + count) of
 * its paragraph.  A note taller than the room at the foot continues on the
 * next page, as TeX splits a footnote insert. */
typedef struct {
    int number;
    const bf_para *para;
    int first, count;
    double x, y; /* top-left of the first of those lines */
    int column;
} bf_placed_note;

typedef struct {
    int number;                            /* 1-based */
    bool blank;                            /* a page left empty so that a chapter starts on a right-hand page */
    double text_x, text_y, text_w, text_h; /* the text area */
    bf_placed *items;
    int n_items;
    bf_placed_frame *frames;
    int n_frames;
    bf_placed_note *notes;
    int n_notes;
    int n_columns;
    double col_x[BF_MAX_COLUMNS], col_y, col_w, col_h; /* the columns under the band */
    double note_rule_y[BF_MAX_COLUMNS];                /* the short rule above a column's notes; 0: none */
    const bf_line *folio;                              /* "3 / 5" */

    /* The columns above a table in mid-page, at col_x (up_h 0: none). */
    double up_y, up_h;
} bf_page;

typedef struct {
    bf_page *pages;
    int n_pages;
    const bf_flow *flow;
    const bf_layout *layout;
    const bf_doc *doc;
    bf_job *job; /* whose font table and glyph store the lines' runs name */
} bf_pages;

/* Paginate the flow, in the job's arena.  The setter sets the page numbers,
 * and the flow's table of contents gets them (the tails of its entries). */
bf_pages *bf_pages_build(bf_job *job, bf_setter *s, bf_flow *flow, const bf_doc *doc, const bf_layout *layout);

#endif
