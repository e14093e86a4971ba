/* layout.h - the settings of a layout: page, fonts by role, colours, options.
 *
 * bf_layout_open reads layouts/NAME.layout (or a file path) on top of the
 * built-in defaults, checking it as the data is checked: `FILE:LINE: error:`
 * for bad values, warnings naming the nearest known key for unknown ones.
 * The result lives in the arena.  All lengths are in PostScript points.
 */
#ifndef BF_LAYOUT_H
#define BF_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/diag.h"
#include "doc/doc.h"

/* How deep `include = NAME` chains may go. */
#define BF_MAX_INCLUDES 16

typedef struct {
    double r, g, b;
} bf_color;

/* What a role of text is set in. */
typedef struct {
    const char *family; /* a fontconfig family from fonts/ */
    bool bold;
    double size;    /* pt */
    double leading; /* line pitch, pt */
    bf_color color;
} bf_font_role;

typedef enum {
    BF_ROLE_TITLE,
    BF_ROLE_SUBTITLE,
    BF_ROLE_LEAD,
    BF_ROLE_EDITION, /* the date / number line of the title block */
    BF_ROLE_HEADING, /* chapter headings */
    BF_ROLE_SECTION, /* まとめ, 要点, 出典 headings */
    BF_ROLE_TEASER,  /* question and answer */
    BF_ROLE_META,    /* the publication line */
    BF_ROLE_SUMMARY, /* points of the summary box */
    BF_ROLE_COMMENT,
    BF_ROLE_TEXT,   /* body paragraphs, intro, conclusion */
    BF_ROLE_STRONG, /* **strong** inside any role: family and weight only */
    BF_ROLE_ASIDE,
    BF_ROLE_NOTE,   /* source notes and the list of sources */
    BF_ROLE_HEADER, /* running header and footer */
    BF_ROLE_KEYPOINT,
    BF_ROLE_COUNT
} bf_role;

/* What a place in the running header or the footer shows. */
typedef enum { BF_BAND_NONE, BF_BAND_TITLE, BF_BAND_DATE, BF_BAND_PUBLISHER, BF_BAND_MARKING, BF_BAND_PAGE } bf_band;

typedef enum {
    BF_SLOT_HEADER_LEFT,
    BF_SLOT_HEADER_RIGHT,
    BF_SLOT_FOOTER_LEFT,
    BF_SLOT_FOOTER_CENTER,
    BF_SLOT_FOOTER_RIGHT,
    BF_SLOT_COUNT
} bf_slot;

typedef struct {
    const char *name;                       /* the layout's name */
    const char *file;                       /* the file as messages name it ("layouts/a4.layout"), or "built-in" */
    const char *path;                       /* the file read, or NULL for the built-in defaults */
    const char *paths[BF_MAX_INCLUDES + 1]; /* it and the layouts it includes, outermost first */
    int n_paths;
    const char *texts[BF_MAX_INCLUDES + 1]; /* each file's bytes as read, by paths' index */
    size_t text_lens[BF_MAX_INCLUDES + 1];
    double page_width, page_height;
    double margin_top, margin_bottom, margin_inner, margin_outer;
    double header_gap; /* from the text area's top to the header's baseline band */
    double footer_gap;
    int columns;
    double column_gap;
    bf_font_role role[BF_ROLE_COUNT];
    bf_color accent;   /* headings, marks, rules */
    bf_color box_fill; /* summary box */
    bf_color box_rule;
    bf_color teaser_fill;
    bf_color muted; /* header, footer, aside */
    double rule_weight;
    bf_color table_fill;     /* a table's header row, and every other row with zebra */
    bool table_zebra;        /* tint every other body row */
    bool table_vrules;       /* rules between a table's columns */
    double paragraph_indent; /* in em of the text role */
    bool hanging_punctuation;
    bool grayscale;
    bool duplex;
    bool chapter_recto; /* with duplex: each chapter starts on a right-hand page */
    bool key_points_first;
    bool toc;
    bool source_qr; /* a QR code beside each listed source with a URL */
    bool pdfa;      /* PDF/A-3b, carrying its input and layout (render.h, bf_pdfa) */
    bf_date_style date_style;
    bool date_weekday;
    bf_band band[BF_SLOT_COUNT]; /* what the header and footer show */
    bool header_first_page;      /* a running header on page 1 too */
    bool marking_stamp;          /* the marking also framed at the top of every page */
    /* The title block's logo: the path as given (NULL: none), the layout
     * file that gave it, whose folder it is relative to and must lie in
     * (NULL: --set, the working directory), where, for messages; and its
     * height. */
    struct {
        const char *path, *from, *file;
        int line;
    } logo;
    double logo_height;
    /* The house's words: the summary box's label, the section headings,
     * the publication line, the teaser's marks, and the chapter number's
     * pattern ({n} the number; empty: no chapter number). */
    struct {
        const char *summary, *conclusion, *key_points, *sources, *toc, *published, *question, *answer, *chapter, *table,
            *figure, *revision, *continued;
    } label;
    /* Set by the run, not a key: a revision (--revise), marked label.revision
     * in the edition line. */
    bool revision_mark;
} bf_layout;

/* The chapter number as the layout's label.chapter writes it ("第3章"), in
 * the arena; "" when the layout wants none. */
char *bf_chapter_label(bf_arena *a, const bf_layout *l, int64_t number);

/* A numbered label ("表{n}", "図{n}") with its number, in the arena. */
char *bf_number_label(bf_arena *a, const char *pattern, int64_t number);

/* The built-in defaults (the a4 layout without a file). */
void bf_layout_defaults(bf_layout *l);

/* Open NAME (a layout in DATA_DIR/layouts) or a path to a layout file (one
 * containing '/' or ending in .layout).  NULL, with errors reported, when
 * it cannot be read or has bad values. */
bf_layout *bf_layout_open(bf_arena *a, bf_diag *d, const char *data_dir, const char *name_or_path);

/* Apply "KEY=VALUE" settings over a layout, checked as the file's lines are
 * (the command line's print options and --set).  False on a bad one. */
bool bf_layout_set(bf_arena *a, bf_diag *d, bf_layout *l, const char *const *settings, int n);

/* The layout as one file that gives the same layout with no other
 * settings: its file's bytes as they are when it includes nothing and
 * there are no settings; else the included files' bytes innermost first
 * (each include line made a comment), then the settings one a line.  In
 * the arena; NULL when a setting holds a line break. */
char *bf_layout_flat(bf_arena *a, const bf_layout *l, const char *const *settings, int n, size_t *len);

/* Names of the roles as the layout file spells them ("text", "heading", ...). */
const char *bf_role_name(bf_role r);

#define BF_MAX_COLUMNS 3

/* The layout's column count, clamped to 1..BF_MAX_COLUMNS. */
int bf_layout_columns(const bf_layout *l);

/* Text area geometry of a layout on a page (the width snapped to whole
 * characters of the text size, as JLREQ's hanmen is). */
void bf_text_area(const bf_layout *l, int page_number, double *x, double *y, double *w, double *h);

#endif
