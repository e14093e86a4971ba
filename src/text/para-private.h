/* para-private.h - what the stages of the paragraph setter share: the
 * setter's state, the characters of a paragraph and its shaped items.
 * For src/text/ only.
 *
 * The stages, one a file, in the order bf_para_set runs them (para.c):
 * jlreq.c classifies the characters and marks JLREQ's spacing and break
 * rules; shape.c itemizes and shapes them with HarfBuzz (Pango for
 * right-to-left text), with the fonts and shape plans setter-cache.c
 * keeps; linebreak.c breaks the lines and justifies them; runs.c makes the
 * plain lines (text/line.h) that go to the job's glyph store.
 */
#ifndef BF_PARA_PRIVATE_H
#define BF_PARA_PRIVATE_H

#include <hb.h>
#include <math.h>
#include <pango/pango.h>

#include "core/arena.h"
#include "text/para.h"

struct bf_setter {
    bf_job *job;
    bf_arena *arena;
    bf_diag *diag;
    bf_fonts *fonts;
    const bf_layout *layout;
    const char *file;
    GHashTable *loaded;  /* "family|weight|size" -> PangoFont, loaded once */
    double seconds;      /* spent setting paragraphs (--timings) */
    hb_buffer_t *hb;     /* reused by every shaping call */
    GHashTable *plans;   /* "face|script" -> hb_shape_plan_t, made once */
    GHashTable *missing; /* code points no font has, warned about once a document */
    /* When set, paragraphs are not set: what no font has is reported (coverage.c). */
    struct bf_coverage *coverage;
    struct {
        hb_face_t *face;
        bool same;
    } kana[8]; /* kana_as_kanji's answers */
    int n_kana;
    struct {
        const char *family; /* the layout's string: compared by address */
        bool bold;
        double size;
        PangoFont *font;
    } recent[16]; /* font_for's last answers */
    int n_recent, next_recent;
    /* Setting on several threads (prefetch.c): the main setter's
     * prefetch; a worker's own setter has no job and reports nothing. */
    struct bf_prefetch *pre;
    bool worker;
    bool bail;            /* a worker met what only the main setter may do */
    GHashTable *origin;   /* a worker's: PangoFont -> the font_key it was loaded by */
    int threads;          /* bf_setter_set_threads's */
    int n_started;        /* threads that set paragraphs, the caller's included (0: none started) */
    int n_taken, n_calls; /* paragraphs taken from workers, of those asked for meanwhile */
};

/* A font as bf_setter_font loads it: how a worker's paragraph names its
 * fonts to the main setter, whose own fonts the lines must use. */
typedef struct {
    const char *family; /* NULL: no font */
    bool bold;
    double size;
} font_key;

enum {
    C_CJK = 1 << 0,   /* kana, ideographs, CJK punctuation, full-width forms */
    C_LATIN = 1 << 1, /* letters and digits of Latin and other alphabets */
    C_DIGIT = 1 << 2,
    C_OPEN = 1 << 3,    /* opening brackets (cl-01) */
    C_CLOSE = 1 << 4,   /* closing brackets (cl-02), 、。，． (cl-06, cl-07) */
    C_MIDDLE = 1 << 5,  /* ・：； (cl-05) */
    C_NOSTART = 1 << 6, /* never starts a line (cl-03, cl-04, cl-09, cl-11 ...) */
    C_INSEP = 1 << 7,   /* … ‥ — ―: never split when doubled (cl-08) */
    C_SPACE = 1 << 8,
    C_FULLPUNCT = 1 << 9, /* a full-width punctuation glyph: half ink, half blank */
    C_EXCLAIM = 1 << 10,  /* ? ! */
    C_BREAK = 1 << 11,    /* a forced line break */
};

typedef struct {
    gunichar ch;
    int byte; /* offset in the paragraph text */
    unsigned cls;
    bool mark;       /* inside a note mark */
    bool url;        /* inside a link that may break only at URL points */
    bool strong;     /* **strong** */
    bool brk;        /* a line may break before this character */
    bool cursor;     /* a grapheme boundary is before this character */
    bool halt;       /* set half-width by the font's halt feature (pairs) */
    bool fwid;       /* set full-width by the font's fwid feature (? ! in Japanese) */
    double em;       /* the size of its type */
    double adv;      /* natural advance of its cluster (first character of it) */
    double extra;    /* space after it: inter-script space, space after ？！ */
    double blank;    /* the blank half of a full-width punctuation glyph */
    int item, glyph; /* the last glyph of its cluster, or -1 */
    int first_glyph;
    double delta; /* what the line adds after it */
    double lead;  /* what the line takes off before it (line-start bracket) */
    double pre;   /* what squeezing takes off before it (an opening bracket's blank) */
    int ruby;     /* the ruby whose base it is in (para_text.rubies), or -1 */
    /* How far its ruby overhangs the character before (ohl, on a base's
     * first character) or after it (ohr, on its last): at a line's start
     * or end, where there is none, that becomes space beside the base. */
    double ohl, ohr;
} chr;

typedef struct {
    int a, b;        /* characters [a, b) */
    bool para_start; /* the first line after a paragraph or forced break */
    bool last;       /* the last line before a paragraph end or forced break */
    bool hang;       /* its last character hangs past the measure */
} span_line;

#define EPS 0.01

/* A note mark (*1) is set small and raised: its size and the rise of its
 * baseline, as fractions of its paragraph's type size. */
#define BF_MARK_SIZE 0.62
#define BF_MARK_RISE 0.38
/* The baseline below the top of the em box, as a fraction of the size (the
 * ideographic em box of Noto CJK: 0.88 em above the baseline). */
#define BF_ASCENT 0.88

typedef struct {
    PangoItem *item;
    PangoGlyphString *glyphs;
    /* The glyph strings are in sh's block, and their glyphs in one block
     * for the paragraph, held by sh[0] (shape.c); the items too, but for
     * those of Pango's bidi itemizer, which Pango frees. */
    void *pool;
    bool pango_item;
} shaped;

/* The text of a paragraph, joined from its spans, and the byte ranges of
 * its links, note marks and strong spans. */
typedef struct {
    size_t start, end;
    const char *uri;
} link_span;

typedef struct {
    size_t byte;
    int number;
} mark_pos;

/* A ruby: its base, bytes [start, end) of the text, and its reading,
 * bytes [reading, reading_end) after the paragraph's end, shaped at half
 * the base's size (ruby.c). */
typedef struct {
    size_t start, end;
    int reading, reading_end;
    PangoFont *font;          /* borrowed from the setter */
    hb_glyph_info_t *info;    /* g_new'd */
    hb_glyph_position_t *pos; /* g_new'd */
    int n_glyphs;
    double width, em;
} ruby_span;

typedef struct {
    char *text;           /* in the arena: the paragraph, then the readings of its rubies */
    int len;              /* the paragraph's bytes */
    size_t size;          /* the bytes of text, readings included */
    bool heap;            /* text is g_malloc'd (a worker's), not in the arena */
    PangoAttrList *attrs; /* the spans' fonts, sizes and colours, for Pango's itemizer */
    /* Each in text order, grown with bf_grow and g_free'd with the text. */
    link_span *links, *mark_ranges, *strong_ranges;
    int n_links, cap_links, n_mark_ranges, cap_mark_ranges, n_strong_ranges, cap_strong_ranges;
    mark_pos *marks;
    int n_marks, cap_marks;
    ruby_span *rubies;
    int n_rubies, cap_rubies;
} para_text;

/* Append v to the list named `name` of para_text *t (links, marks, ...). */
#define PARA_PUSH(t, name, v)                                                                                          \
    do {                                                                                                               \
        (t)->name = bf_grow((t)->name, (t)->n_##name, &(t)->cap_##name, sizeof *(t)->name, 8);                         \
        (t)->name[(t)->n_##name++] = (v);                                                                              \
    } while (0)

static inline guint16 channel(double v)
{
    return (guint16)lround(v * 65535.0);
}

static inline void add_attr(PangoAttrList *l, PangoAttribute *a, size_t start, size_t end)
{
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(l, a);
}

/* A paragraph set up to its lines (bf_para_prepare), before they are made
 * (bf_para_finish). */
typedef struct {
    para_text t;
    chr *c;
    int n, *char_at;
    shaped *sh;
    int n_items;
    span_line *lines;
    int nl;
    bool from_worker;  /* set by a worker: its fonts are named by fonts[] */
    font_key *fonts;   /* the items' fonts, then the rubies' */
    gunichar *missing; /* the characters no font has, for bf_para_finish to report */
    int n_missing, cap_missing;
    char *worker_text; /* a worker's copy of the text, once bf_para_finish has its own */
} para_work;

/* ---- para.c */

bool bf_para_prepare(bf_setter *s, const bf_span *spans, int n_spans, const bf_para_style *st, para_work *w);
/* The lines of `w`, which stays the caller's to free with
 * bf_para_work_free: a worker's paragraph is freed on a worker's thread,
 * for memory freed on another thread than the one that took it waits for
 * the allocator's lock of that thread (prefetch.c). */
bf_para *bf_para_finish(bf_setter *s, const bf_para_style *st, para_work *w);
void bf_para_work_free(para_work *w);

/* ---- prefetch.c */

bool bf_prefetch_collecting(const bf_setter *s);
/* While collecting: the paragraph noted for the workers, and a stand-in
 * of one line at the full measure for compose to go on with. */
bf_para *bf_prefetch_record(bf_setter *s, const bf_span *spans, int n_spans, const bf_para_style *st);
/* The paragraph as a worker set it, its lines made; NULL when none did
 * (the caller sets it). */
bf_para *bf_prefetch_take(bf_setter *s, const bf_span *spans, int n_spans, const bf_para_style *st);
/* A worker's: the fonts of w's items and rubies as font_keys, the items
 * left without their (the worker's) fonts; false if one is not known. */
bool bf_worker_fonts(bf_setter *s, para_work *w);
void bf_prefetch_free(bf_setter *s);

/* ---- jlreq.c */

bool bf_is_cjk(gunichar c);
unsigned bf_classify(gunichar c);
void bf_mark_pairs(chr *c, int n);
void bf_mark_exclaims(chr *c, int n);
void bf_mark_blanks(chr *c, int n);
void bf_mark_spacing(chr *c, int n);
void bf_mark_breaks(chr *c, int n);
void bf_mark_phrases(chr *c, int n);
void bf_mark_tenzuki(chr *c, const span_line *lines, int nl);
bool bf_url_break_before(const chr *c, int i);

/* ---- setter-cache.c */

PangoFont *bf_setter_font(bf_setter *s, const char *family, bool bold, double size);
bool bf_setter_kana_as_kanji(bf_setter *s, hb_face_t *face);
hb_shape_plan_t *bf_setter_plan(bf_setter *s, hb_face_t *face, const hb_segment_properties_t *props);

/* ---- shape.c */

/* Is any character right to left (set through Pango's itemizer)? */
bool bf_has_rtl(const chr *c, int n);

/* Itemize and shape the paragraph once (lines are cut from the shaped
 * glyphs), and give each character its advance and glyph.  The items are
 * *sh[0..*n_items): free them with bf_shaped_free. */
void bf_shape_para(bf_setter *s, const bf_para_style *st, para_text *t, chr *c, int n, const int *char_at, shaped **sh,
                   int *n_items);
void bf_shaped_free(shaped *sh, int n_items);
/* Warn of the characters of c[0..n) no font has (after bf_shape_para,
 * before the marks that follow it), or of those in chs[0..n). */
void bf_report_missing(bf_setter *s, const bf_para_style *st, const chr *c, int n);
void bf_report_missing_chars(bf_setter *s, const bf_para_style *st, const gunichar *chs, int n);
/* Does `ch` take the font of the character before it? (route.c) */
bool bf_follows(gunichar ch);

/* ---- coverage.c */

/* Mark (glyph -2) and report the characters of the paragraph no font has,
 * as bf_shape_para and bf_ruby_fit would find them, from the cmaps. */
void bf_coverage_para(bf_setter *s, const bf_para_style *st, const para_text *t, chr *c, int n);

/* ---- linebreak.c */

int bf_break_lines(const chr *c, int n, const bf_para_style *st, bool hanging, span_line *out, int cap);
void bf_adjust_lines(chr *c, const span_line *lines, int nl, const bf_para_style *st, shaped *sh);

/* ---- ruby.c */

void bf_ruby_fit(bf_setter *s, const bf_para_style *st, para_text *t, chr *c, int n, shaped *sh);
void bf_ruby_place(bf_setter *s, const bf_para_style *st, const para_text *t, const chr *c, int a, int b,
                   bf_line *line);
void bf_ruby_free(para_text *t);

/* ---- runs.c */

bf_para *bf_make_para(bf_setter *s, const bf_para_style *st, const para_text *t, const chr *c, const span_line *lines,
                      int nl, const shaped *sh, int n_items);

#endif
