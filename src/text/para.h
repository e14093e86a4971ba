/* para.h - the paragraph setter: inline text + width + style in, lines out.
 *
 * HarfBuzz shapes the text (Pango's itemizer and shaper only for
 * right-to-left runs); the setter finds the break opportunities, applies
 * the Japanese rules of JLREQ and justifies each line itself (Pango would
 * pour all slack into an ASCII space).  Lines are plain data:
 * glyph runs with positions, the byte range of the text they show, the
 * source notes they cite and the link rectangles they carry.
 *
 * Lines are plain data (text/line.h) in the job's arena; the fonts their
 * runs name are in the job's font table and their glyphs in its glyph
 * store.  bf_setter_new hands the caller a setter to free with
 * bf_setter_free, before the job.
 */
#ifndef BF_PARA_H
#define BF_PARA_H

#include <stdbool.h>

#include "core/diag.h"
#include "job.h"
#include "style/layout.h"
#include "text/line.h"

typedef struct bf_fonts bf_fonts; /* text/fonts.h */

/* One piece of inline input. */
typedef enum {
    BF_SPAN_PLAIN,
    BF_SPAN_STRONG,
    BF_SPAN_MARK,  /* a note mark such as *1: small, raised, accent colour */
    BF_SPAN_BREAK, /* a forced line break */
    BF_SPAN_RUBY,  /* a reading set as ruby over the span before it (PLAIN or STRONG) */
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
    double width;  /* the measure, pt */
    double indent; /* first-line indent, pt (negative: hanging) */
    bf_align align;
    bool breakable_urls; /* break long Latin words at URL punctuation */
    const char *where;   /* for diagnostics: the data path, e.g. chapters[0].body[2] */
    bool phrases;        /* break only between phrases (bunsetsu): headings */
    double turnover;     /* lines after the first start this far in, pt (a heading's title after 第3章) */
    bool tabular;        /* figures at one fixed width (a table's column of numbers) */
} bf_para_style;

typedef struct bf_setter bf_setter;

bf_setter *bf_setter_new(bf_job *job, bf_fonts *fonts, const bf_layout *layout);
void bf_setter_free(bf_setter *s);

/* A setter that sets nothing, for `check`: each paragraph has no lines,
 * and the characters no font has are found in the cmaps of `cv`
 * (coverage.h, borrowed) and reported as bf_para_set reports them. */
struct bf_coverage;
bf_setter *bf_setter_new_coverage(bf_job *job, struct bf_coverage *cv, const bf_layout *layout);

/* Seconds spent in bf_para_set so far (for --timings). */
double bf_setter_seconds(const bf_setter *s);

/* The file that diagnostics of the text being set name (borrowed). */
void bf_setter_set_file(bf_setter *s, const char *file);

/* Setting on several threads.  The paragraphs compose will set are told
 * to the setter first: after bf_setter_collect, bf_para_set only notes
 * each (for worker threads to set) and gives a stand-in, allocated in
 * `scratch`, of one empty line at the full measure; bf_setter_prefetch
 * ends that and starts the workers when there is enough to set.  From then
 * on bf_para_set takes a paragraph a worker has set, if one has, and sets
 * it itself if not; the result is the same, and so are the job's font ids
 * and the diagnostics and their order.  bf_setter_prefetch_end stops the
 * workers and drops what was not taken.  `threads` is how many setters
 * may work at once, the caller's thread one of them (0: one per core, at
 * most 8; 1: no threads are started). */
void bf_setter_set_threads(bf_setter *s, int threads);
int bf_setter_threads(const bf_setter *s);
void bf_setter_collect(bf_setter *s, bf_arena *scratch);
void bf_setter_prefetch(bf_setter *s);
void bf_setter_prefetch_end(bf_setter *s);
/* Whether workers were started, and then how many threads set paragraphs,
 * and how many of the paragraphs asked for meanwhile workers had set. */
bool bf_setter_prefetch_stats(const bf_setter *s, int *threads, int *taken, int *asked);

/* Set the spans as a paragraph (never NULL);
 * characters no font has are reported as warnings at style->where. */
bf_para *bf_para_set(bf_setter *s, const bf_span *spans, int n_spans, const bf_para_style *style);

#endif
