/* bulk.c - `briefing build A.json B.yaml ...`: many documents in one
 * process, built in threads, each exactly as if it were built alone.
 *
 * Each input gets a `briefing` of its own (the library shares nothing
 * between two but what it guards itself), set up as the command line says,
 * and the threads take the inputs in order from one counter.  What they
 * print goes through one lock, a whole line at a time, each line starting
 * with its input's name; the report's lines come out in input order, each
 * as soon as its input and all before it are done.  It uses the public
 * interface only.
 */
#define _GNU_SOURCE /* sched_getaffinity and CPU_COUNT */
#include <glib.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "briefing.h"
#include "cli/cli.h"

typedef struct {
    briefing_status status;
    bool done;
    char *output; /* the PDF written or kept, NULL for none */
    char *report; /* its line of the report (briefing_report_json) */
} result;

typedef struct {
    const bf_cli_bulk_options *o;
    result *res;
    gint next;           /* the next input to take */
    int next_reported;   /* the first input whose report line is not out yet */
    GMutex lock;         /* over what is printed, next_reported and `claimed` */
    GHashTable *claimed; /* output path, made canonical -> the input that writes it */
} bulk;

typedef struct {
    bulk *bk;
    int i;
    char shown[1024]; /* the input as messages show it */
} job;

/* A message of input `j`: to standard error as one line, prefixed with the
 * input unless the line already starts with it (a message about the input
 * itself). */
static void on_diag(void *ctx, const briefing_diagnostic *d)
{
    job *j = ctx;
    bulk *bk = j->bk;
    bool own = d->file && !strcmp(d->file, j->shown);
    g_mutex_lock(&bk->lock);
    if (own)
        fprintf(stderr, "%s\n", d->text);
    else
        fprintf(stderr, "%s: %s\n", j->shown, d->text);
    g_mutex_unlock(&bk->lock);
}

/* No two inputs write the same PDF: the first to get there keeps it. */
static bool on_claim(void *ctx, const char *path)
{
    job *j = ctx;
    bulk *bk = j->bk;
    char *key = g_canonicalize_filename(path, NULL);
    g_mutex_lock(&bk->lock);
    bool free_path = !g_hash_table_contains(bk->claimed, key);
    if (free_path)
        g_hash_table_insert(bk->claimed, key, GINT_TO_POINTER(j->i));
    else
        g_free(key);
    g_mutex_unlock(&bk->lock);
    return free_path;
}

/* Input `i` is done: its line on standard error, and the report's lines of
 * every input done so far in order. */
static void finished(job *j, const briefing *b)
{
    bulk *bk = j->bk;
    const bf_cli_bulk_options *o = bk->o;
    result *r = &bk->res[j->i];
    g_mutex_lock(&bk->lock);
    if (r->status == BRIEFING_OK && !o->quiet) {
        if (o->check_only)
            fprintf(stderr, "%s: ok\n", j->shown);
        else if (r->output && briefing_unchanged(b))
            fprintf(stderr, "%s: unchanged %s (the same edition is already there)\n", j->shown, r->output);
        else if (r->output)
            fprintf(stderr, "%s: wrote %s\n", j->shown, r->output);
    }
    r->done = true;
    while (o->report && bk->next_reported < o->n_inputs && bk->res[bk->next_reported].done) {
        printf("%s\n", bk->res[bk->next_reported++].report);
        fflush(stdout);
    }
    g_mutex_unlock(&bk->lock);
}

static void build_one(bulk *bk, int i)
{
    const bf_cli_bulk_options *o = bk->o;
    job j = {bk, i, ""};
    briefing_escape(j.shown, sizeof j.shown, o->inputs[i]);
    result *r = &bk->res[i];
    briefing *b = briefing_new();
    o->configure(o->ctx, b);
    briefing_set_diagnostic_callback(b, on_diag, &j);
    briefing_set_claim_callback(b, on_claim, &j);
    briefing_load_file(b, o->inputs[i]);
    r->status = o->check_only ? briefing_check(b) : briefing_build_file(b, NULL);
    const char *written = briefing_written_path(b);
    if (r->status == BRIEFING_OK && written[0] && access(written, F_OK) == 0) {
        char shown[1024];
        briefing_escape(shown, sizeof shown, written);
        r->output = g_strdup(shown);
    }
    if (o->report) r->report = g_strdup(briefing_report_json(b, o->inputs[i]));
    finished(&j, b);
    briefing_free(b);
}

static gpointer worker(gpointer data)
{
    bulk *bk = data;
    for (int i; (i = g_atomic_int_add(&bk->next, 1)) < bk->o->n_inputs;) build_one(bk, i);
    return NULL;
}

int bf_cli_cores(void)
{
    /* GLib 2.74's count ignores the affinity (taskset, a container's
     * cpuset): a process pinned to one core was given two threads. */
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
    return (int)g_get_num_processors();
}

int bf_cli_bulk(const bf_cli_bulk_options *o)
{
    bulk bk = {.o = o};
    bk.res = g_new0(result, o->n_inputs);
    bk.claimed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_mutex_init(&bk.lock);
    int n_threads = o->jobs > 0 ? o->jobs : bf_cli_cores();
    if (n_threads > o->n_inputs) n_threads = o->n_inputs;
    GThread **threads = g_new0(GThread *, n_threads);
    /* The calling thread is one of the workers. */
    for (int t = 1; t < n_threads; t++) threads[t] = g_thread_new("briefing-build", worker, &bk);
    worker(&bk);
    for (int t = 1; t < n_threads; t++) g_thread_join(threads[t]);

    int worst = BRIEFING_OK;
    for (int i = 0; i < o->n_inputs; i++) {
        if ((int)bk.res[i].status > worst) worst = (int)bk.res[i].status;
        g_free(bk.res[i].output);
        g_free(bk.res[i].report);
    }
    g_free(threads);
    g_free(bk.res);
    g_hash_table_destroy(bk.claimed);
    g_mutex_clear(&bk.lock);
    return worst;
}
