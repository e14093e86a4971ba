/* job.h - one run's owner: its arena, diagnostics sink, glyph store and
 * font table.
 *
 * Every stage takes the job and allocates from it, and bf_job_free frees
 * all of it at once (cmark's and PDFio's one owner per document).  The
 * placed pages a job builds are plain data: their runs name fonts by an id
 * in the job's font table and find their glyphs in the job's glyph store,
 * so a renderer needs the pages and the job, nothing else.
 */
#ifndef BF_JOB_H
#define BF_JOB_H

#include "core/arena.h"
#include "core/diag.h"
#include "text/fonttable.h"
#include "text/glyphs.h"

typedef struct bf_job {
    bf_arena *arena;
    bf_diag *diag; /* borrowed: the caller's sink */
    bf_glyph_store *glyphs;
    bf_font_table *fonts;
} bf_job;

/* A job reporting to `d`; free it with bf_job_free. */
bf_job *bf_job_new(bf_diag *d);
void bf_job_free(bf_job *job);

#endif
