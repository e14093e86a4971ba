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
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "briefing.h"
#include "cli/cli.h"

typedef struct {
    briefing_status status;
    bool done;
    int pages;
    long long bytes;
    double ms;
    char *output;    /* the PDF written or kept, NULL for none */
    GPtrArray *msgs; /* of char *: each message's line */
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
 * itself), and kept for the report. */
static void on_diag(void *ctx, const briefing_diagnostic *d)
{
    job *j = ctx;
    bulk *bk = j->bk;
    bool own = d->file && !strcmp(d->file, j->shown);
    char *line = own ? g_strdup_printf("%s\n", d->text) : g_strdup_printf("%s: %s\n", j->shown, d->text);
    g_mutex_lock(&bk->lock);
    fputs(line, stderr);
    g_mutex_unlock(&bk->lock);
    line[strlen(line) - 1] = '\0';
    g_ptr_array_add(bk->res[j->i].msgs, line);
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

/* `s` as a JSON string. */
static void put_json_string(GString *out, const char *s)
{
    if (!s) {
        g_string_append(out, "null");
        return;
    }
    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_printf(out, "\\%c", *p);
        else if (*p < 0x20)
            g_string_append_printf(out, "\\u%04x", *p);
        else
            g_string_append_c(out, (char)*p);
    }
    g_string_append_c(out, '"');
}

static const char *status_name(briefing_status st)
{
    return st == BRIEFING_OK ? "ok" : st == BRIEFING_BAD_INPUT ? "bad-input" : "failed";
}

/* The report's line of input `i`. */
static void report_line(bulk *bk, int i)
{
    const result *r = &bk->res[i];
    char shown[1024];
    briefing_escape(shown, sizeof shown, bk->o->inputs[i]);
    GString *s = g_string_new("{\"input\":");
    put_json_string(s, shown);
    g_string_append(s, ",\"output\":");
    put_json_string(s, r->output);
    g_string_append_printf(s, ",\"status\":\"%s\",\"exit\":%d,\"pages\":%d,\"bytes\":%lld,\"milliseconds\":%.1f",
                           status_name(r->status), (int)r->status, r->pages, r->bytes, r->ms);
    g_string_append(s, ",\"messages\":[");
    for (guint k = 0; k < r->msgs->len; k++) {
        if (k) g_string_append_c(s, ',');
        put_json_string(s, g_ptr_array_index(r->msgs, k));
    }
    g_string_append(s, "]}\n");
    fputs(s->str, stdout);
    fflush(stdout);
    g_string_free(s, TRUE);
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
    while (o->report && bk->next_reported < o->n_inputs && bk->res[bk->next_reported].done)
        report_line(bk, bk->next_reported++);
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
    gint64 t0 = g_get_monotonic_time();
    r->status = o->check_only ? briefing_check(b) : briefing_build_file(b, NULL);
    r->ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
    r->pages = briefing_page_count(b);
    const char *written = briefing_written_path(b);
    struct stat st;
    if (r->status == BRIEFING_OK && written[0] && stat(written, &st) == 0) {
        char shown[1024];
        briefing_escape(shown, sizeof shown, written);
        r->output = g_strdup(shown);
        r->bytes = (long long)st.st_size;
    }
    finished(&j, b);
    briefing_free(b);
}

static gpointer worker(gpointer data)
{
    bulk *bk = data;
    for (int i; (i = g_atomic_int_add(&bk->next, 1)) < bk->o->n_inputs;) build_one(bk, i);
    return NULL;
}

int bf_cli_bulk(const bf_cli_bulk_options *o)
{
    bulk bk = {.o = o};
    bk.res = g_new0(result, o->n_inputs);
    for (int i = 0; i < o->n_inputs; i++) bk.res[i].msgs = g_ptr_array_new_with_free_func(g_free);
    bk.claimed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_mutex_init(&bk.lock);
    int n_threads = o->jobs > 0 ? o->jobs : (int)g_get_num_processors();
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
        g_ptr_array_free(bk.res[i].msgs, TRUE);
    }
    g_free(threads);
    g_free(bk.res);
    g_hash_table_destroy(bk.claimed);
    g_mutex_clear(&bk.lock);
    return worst;
}
