#include "job.h"

#include <glib.h>

bf_job *bf_job_new(bf_diag *d)
{
    bf_job *job = g_new0(bf_job, 1);
    job->arena = bf_arena_new();
    job->diag = d;
    job->glyphs = bf_glyph_store_new(job->arena);
    job->fonts = bf_font_table_new();
    return job;
}

void bf_job_free(bf_job *job)
{
    if (!job) return;
    bf_glyph_store_free(job->glyphs);
    bf_font_table_free(job->fonts);
    /* The loader's locator reads the document's bytes in the arena. */
    bf_diag_set_locator(job->diag, NULL, NULL, NULL, NULL);
    bf_arena_free(job->arena);
    g_free(job);
}
