/* paginate-private.h - the page builder's state, shared by paginate.c
 * (pages, bands, notes) and columns.c (a page's columns: boxes split,
 * floats moved on, columns balanced).
 */
#ifndef BF_PAGINATE_PRIVATE_H
#define BF_PAGINATE_PRIVATE_H

#include "page/pages.h"

#define MM (72.0 / 25.4)
#define NOTE_GAP 2.0 /* between two notes */

/* ---- the page builder ------------------------------------------------------------ */

/* A note, or the part of it that goes in one container: lines
 * [first, first + count) of note n. */
typedef struct {
    int n, first, count;
} piece;

typedef struct {
    bf_arena *a;
    const bf_flow *flow;
    bf_flow *moves; /* the same flow, in which figures move on (move_float) */
    const bf_layout *L;
    double note_overhead; /* the rule and the space around it */
    double *note_h;       /* height of each note */
    int *note_seen;       /* the container in which each note was last counted */
    /* Notes begun in a container but too tall for its foot: note
     * carry_n[i] from its line carry_from[i] on, set first in the next
     * container, as TeX carries a split insert to the next page. */
    int *carry_n, *carry_from, n_carry;
    int *save_n, *save_from;   /* the carried notes, kept while columns are balanced */
    int *queue_n, *queue_from; /* room for a container's notes while it is settled */
    piece *pieces;             /* what every container sets at its foot, in order */
    int n_pieces, cap_pieces;
    int key;                /* the last key handed out to a container */
    double h;               /* the text area's height */
    double col_w, band_gap; /* a column's width; the space under the band */
    int ncol;
} builder;

/* A container is the band across the columns, or one column, of a page:
 * each is filled like a page of its own, with its own notes at its foot. */
typedef struct {
    int start, end;             /* items [start, end) */
    double height;              /* available */
    int piece_start, piece_end; /* the notes at its foot: pieces [piece_start, piece_end) */
} container;

/* What the notes of a container ask for so far: the height of all of them
 * set whole (queue), and the least of it that must fit under the text
 * (need): every note whole where it fits, else down to the first line of
 * the first note each line cites, so that a citing line never goes on a
 * page without its note.  A carried note takes at least half the room. */
typedef struct {
    double queue, need;
    bool carry;
} note_state;

/* A page's plan: a band (its items span the columns) and the columns.
 * A table across the columns that fits in the middle of the page stands
 * there (mid), the text before it balanced in the columns above it (up,
 * up_h high, without notes of their own) and the columns col[] under it,
 * at whose foot go the notes of everything above them; up and mid are
 * empty on other pages. */
typedef struct {
    container band, col[BF_MAX_COLUMNS];
    container up[BF_MAX_COLUMNS], mid;
    double up_h;
    bool blank;
} plan;

void bf_notes_begin(builder *b, int key, double avail, note_state *st);
int bf_fill(builder *b, int start, int end, double avail, int key, bool span, bool split_ok, note_state *st,
            double *text_out);
void bf_settle(builder *b, container *c, int key, const int (*ranges)[2], int n_ranges, double text);
int bf_break_point(const builder *b, int start, int j, double avail);
double bf_band_height(const bf_flow *f, int start, int end);
/* Plan a page's columns under its band (columns.c). */
int bf_plan_columns(builder *b, plan *pl, int start);

#endif
