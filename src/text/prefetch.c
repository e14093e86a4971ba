/* prefetch.c - paragraph setting on several threads.
 *
 * Compose runs twice (page/compose.c): first with the setter collecting,
 * when each bf_para_set only notes its spans and style here as a job and
 * gives a stand-in, then for real.  Between the two, worker threads start
 * on the jobs in order, each with a setter of its own (its own Pango font
 * map and context, HarfBuzz buffer and shape plans: Pango's font maps and
 * the fonts they load are not to be shared between threads), and do the
 * pure part of setting (bf_para_prepare: join, classify, shape, break,
 * justify).  The real compose's bf_para_set looks its paragraph up by its
 * spans and style: one a worker has set is finished on the caller's
 * thread (bf_para_finish: font ids, glyphs, warnings, in the order of a
 * single-threaded run); one no worker has started, or one a worker is
 * still setting after a short spin (SPINS), the caller sets itself; one
 * not noted at all (a heading set again to balance its lines, a table
 * cell at widths the stand-ins could not give) is set as it comes.  A
 * paragraph's setting depends on its spans and style alone, so the result
 * is the same whichever thread set it.
 *
 * The lock and condition are pthreads', not GLib's (futexes that
 * ThreadSanitizer does not see), so that a ThreadSanitizer build checks
 * them.  Workers keep at most WINDOW jobs ahead of the furthest one asked for,
 * so that the paragraphs waiting to be taken stay few.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/fonts.h"
#include "text/para-private.h"

#define WINDOW 64
/* A worker that finds the caller at or past its next job leaves the caller
 * this many to set itself and goes on beyond them.  Taking the one just
 * after the caller's (2) made the two alternate paragraph by paragraph,
 * with the caller waiting on every other one: 930 waits at 215 pages, each
 * longer than setting a paragraph.  With the gap they meet a few hundred
 * times (README, "Paragraphs on threads"). */
#define GAP 24
/* How long the caller spins on a paragraph a worker is setting before it
 * sets the paragraph itself, in pauses (10 to 140 cycles each, by the
 * processor; some 100 µs on the machine of README's figures): about as
 * long as setting a long paragraph,
 * and far less than a sleep and wake-up (30 µs and more on a virtual
 * machine).  Not waiting longer, the caller is never held up by a worker
 * whose core was taken by other work. */
#define SPINS 4096
/* Below this much text the threads' start (a font map each, the fonts
 * loaded and the shape plans made again) costs more than they save. */
#define MIN_BYTES 16384

/* JOB_LEFT: the caller stopped waiting for the worker setting it and set
 * it itself; the worker drops what it made. */
enum { JOB_WAITING, JOB_RUNNING, JOB_DONE, JOB_MAIN, JOB_LEFT };

/* The spans and style of a paragraph as encode() writes them, with their
 * hash: the jobs' keys are held in one arena, each at its own size (at
 * 1,000 pages they are a copy of all the text). */
typedef struct {
    guint hash;
    uint32_t len;
    guint8 data[];
} key_rec;

typedef struct {
    key_rec *key;
    int state;     /* written under the lock, atomically: the caller spins on it */
    bool ok;       /* JOB_DONE: w holds the paragraph */
    bool taken;    /* looked up already (the caller's thread only) */
    int same;      /* the next job with the same key, or -1 */
    int last_same; /* the first job of a key: the last with it */
    para_work *w;  /* from its worker's start until it is spent */
} job;

typedef struct bf_prefetch {
    bf_arena *scratch; /* while collecting: the stand-ins' */
    job *jobs;
    int n_jobs, cap_jobs;
    GHashTable *first; /* key -> the index + 1 of the first job with it */
    bf_arena *keys;    /* the jobs' key_recs */
    GByteArray *probe; /* the caller's key being looked up, as a key_rec */
    size_t bytes;      /* of text in the jobs */
    const bf_setter *main;
    pthread_mutex_t lock;
    pthread_cond_t cond; /* the horizon moved, stop, or (BF_TAKE_BACK=0) a job done */
    int next;            /* the next job for a worker */
    int horizon;         /* the furthest job asked for */
    int *spent;          /* jobs finished by the caller, for a worker to free */
    int n_spent, cap_spent;
    bool stop;
    GThread **threads;
    int n_threads;
    /* Pauses the caller spins for on a running job before it takes it
     * back; -1: it waits for the worker instead (BF_TAKE_BACK, below). */
    int spins;
} bf_prefetch;

void bf_setter_set_threads(bf_setter *s, int threads)
{
    if (threads <= 0) threads = 1; /* the library's default; the program asks for one a core */
    s->threads = threads;
}

int bf_setter_threads(const bf_setter *s)
{
    return s->threads > 1 ? s->threads : 1;
}

/* ---- the key: spans and style as bytes --------------------------------------- */

static void put_str(GByteArray *b, const char *text)
{
    uint32_t n = text ? (uint32_t)strlen(text) + 1 : 0; /* with its NUL, so that decode can point at it */
    g_byte_array_append(b, (const guint8 *)&n, sizeof n);
    if (n) g_byte_array_append(b, (const guint8 *)text, n);
}

static guint key_hash(gconstpointer k)
{
    return ((const key_rec *)k)->hash;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
    const key_rec *x = a, *y = b;
    return x->hash == y->hash && x->len == y->len && !memcmp(x->data, y->data, x->len);
}

/* Everything of the style the lines depend on: not `where`, which only
 * diagnostics name, and they come from the caller's style; into b, reused,
 * as a key_rec. */
static key_rec *encode(GByteArray *b, const bf_span *spans, int n, const bf_para_style *st)
{
    g_byte_array_set_size(b, sizeof(key_rec));
    int head[] = {(int)st->role, (int)st->align, st->breakable_urls, st->phrases, st->tabular, n};
    double dims[] = {st->width, st->indent, st->turnover};
    g_byte_array_append(b, (const guint8 *)head, sizeof head);
    g_byte_array_append(b, (const guint8 *)dims, sizeof dims);
    for (int i = 0; i < n; i++) {
        int k[] = {(int)spans[i].kind, spans[i].cite};
        g_byte_array_append(b, (const guint8 *)k, sizeof k);
        put_str(b, spans[i].text);
        put_str(b, spans[i].link);
    }
    key_rec *k = (key_rec *)b->data;
    k->len = b->len - (uint32_t)sizeof(key_rec);
    guint h = 2166136261u; /* FNV-1a */
    for (uint32_t i = 0; i < k->len; i++) h = (h ^ k->data[i]) * 16777619u;
    k->hash = h;
    return k;
}

static const char *get_str(const guint8 **p)
{
    uint32_t n;
    memcpy(&n, *p, sizeof n);
    *p += sizeof n;
    const char *text = n ? (const char *)*p : NULL;
    *p += n;
    return text;
}

/* The spans (g_new'd, their text in the key) and style of a key. */
static int decode(const key_rec *key, bf_para_style *st, bf_span **spans)
{
    const guint8 *p = key->data;
    int head[6];
    double dims[3];
    memcpy(head, p, sizeof head);
    p += sizeof head;
    memcpy(dims, p, sizeof dims);
    p += sizeof dims;
    *st = (bf_para_style){.role = (bf_role)head[0],
                          .width = dims[0],
                          .indent = dims[1],
                          .align = (bf_align)head[1],
                          .breakable_urls = head[2],
                          .phrases = head[3],
                          .turnover = dims[2],
                          .tabular = head[4]};
    int n = head[5];
    *spans = g_new0(bf_span, n ? n : 1);
    for (int i = 0; i < n; i++) {
        int k[2];
        memcpy(k, p, sizeof k);
        p += sizeof k;
        (*spans)[i].kind = (bf_span_kind)k[0];
        (*spans)[i].cite = k[1];
        (*spans)[i].text = get_str(&p);
        (*spans)[i].link = get_str(&p);
    }
    return n;
}

/* ---- collecting ---------------------------------------------------------------- */

void bf_setter_collect(bf_setter *s, bf_arena *scratch)
{
    bf_prefetch_free(s);
    bf_prefetch *p = g_new0(bf_prefetch, 1);
    p->scratch = scratch;
    p->main = s;
    p->first = g_hash_table_new(key_hash, key_equal); /* the keys are the jobs' */
    p->keys = bf_arena_new();
    p->probe = g_byte_array_sized_new(1024);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cond, NULL);
    s->pre = p;
}

bool bf_prefetch_collecting(const bf_setter *s)
{
    return s->pre->scratch != NULL;
}

bf_para *bf_prefetch_record(bf_setter *s, const bf_span *spans, int n_spans, const bf_para_style *st)
{
    bf_prefetch *p = s->pre;
    int at = p->n_jobs;
    p->jobs = bf_grow(p->jobs, p->n_jobs, &p->cap_jobs, sizeof *p->jobs, 256);
    job *j = &p->jobs[p->n_jobs++];
    const key_rec *k = encode(p->probe, spans, n_spans, st);
    key_rec *kept = bf_arena_alloc(p->keys, sizeof *k + k->len);
    memcpy(kept, k, sizeof *k + k->len);
    *j = (job){.key = kept, .state = JOB_WAITING, .same = -1, .last_same = at};
    int first = GPOINTER_TO_INT(g_hash_table_lookup(p->first, j->key)) - 1;
    if (first >= 0) {
        p->jobs[p->jobs[first].last_same].same = at;
        p->jobs[first].last_same = at;
    } else {
        g_hash_table_insert(p->first, j->key, GINT_TO_POINTER(at + 1));
    }
    for (int i = 0; i < n_spans; i++) p->bytes += spans[i].text ? strlen(spans[i].text) : 0;

    /* The stand-in: one empty line at the full measure. */
    const bf_font_role *fr = &s->layout->role[st->role];
    bf_para *para = bf_arena_alloc(p->scratch, sizeof *para);
    para->lines = bf_arena_alloc(p->scratch, sizeof *para->lines);
    para->n_lines = 1;
    bf_line *l = para->lines;
    l->text = "";
    l->width = st->width;
    l->height = fr->leading;
    l->ascent = (fr->leading - fr->size) / 2 + BF_ASCENT * fr->size;
    l->role = st->role;
    l->count = 1;
    return para;
}

/* ---- the workers ----------------------------------------------------------------- */

static int state_of(const job *j)
{
    return __atomic_load_n(&j->state, __ATOMIC_ACQUIRE);
}

/* Under the lock, and atomic because the caller reads it without the lock
 * while it spins; the caller takes the lock once it sees the change, and
 * the lock orders the rest (w, ok). */
static void set_state(job *j, int state)
{
    __atomic_store_n(&j->state, state, __ATOMIC_RELEASE);
}

static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static bf_setter *worker_new(const bf_setter *m)
{
    bf_setter *s = g_new0(bf_setter, 1);
    s->worker = true;
    s->fonts = bf_fonts_fork(m->fonts);
    s->layout = m->layout;
    s->loaded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
    s->origin = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    return s;
}

static void worker_free(bf_setter *s)
{
    bf_fonts *fonts = s->fonts;
    bf_setter_free(s); /* its fonts first, then their font map */
    bf_fonts_free(fonts);
    g_free(s);
}

bool bf_worker_fonts(bf_setter *s, para_work *w)
{
    w->from_worker = true;
    w->fonts = g_new0(font_key, (size_t)(w->n_items + w->t.n_rubies) + 1);
    bool known = true;
    for (int k = 0; k < w->n_items + w->t.n_rubies; k++) {
        PangoFont **f = k < w->n_items ? &w->sh[k].item->analysis.font : &w->t.rubies[k - w->n_items].font;
        if (!*f) continue;
        const font_key *o = g_hash_table_lookup(s->origin, *f);
        if (o)
            w->fonts[k] = *o;
        else
            known = false; /* not loaded by bf_setter_font: cannot happen, but the caller would set it otherwise */
        if (k < w->n_items) g_object_unref(*f);
        *f = NULL;
    }
    return known;
}

static gpointer work(gpointer data)
{
    bf_prefetch *p = data;
    bf_setter *s = worker_new(p->main);
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->stop && p->next < p->n_jobs && p->next > p->horizon + WINDOW) pthread_cond_wait(&p->cond, &p->lock);
        /* The caller sets the GAP - 1 jobs after the one it asked for last
         * itself: workers take those beyond, so that the caller sets
         * paragraphs beside them instead of waiting on one a worker has
         * just begun. */
        if (p->next <= p->horizon + 1) p->next = p->horizon + GAP;
        if (p->stop || p->next >= p->n_jobs) break;
        job *j = &p->jobs[p->next++];
        if (j->state != JOB_WAITING) continue;
        set_state(j, JOB_RUNNING);
        int *spent = p->spent, n_spent = p->n_spent;
        p->spent = NULL;
        p->n_spent = p->cap_spent = 0;
        pthread_mutex_unlock(&p->lock);
        /* Freed here, on a worker's thread, where they were allocated. */
        for (int k = 0; k < n_spent; k++) {
            bf_para_work_free(p->jobs[spent[k]].w);
            g_clear_pointer(&p->jobs[spent[k]].w, g_free);
        }
        g_free(spent);
        bf_para_style st;
        bf_span *spans;
        int n = decode(j->key, &st, &spans);
        /* j->w is this thread's until the state says done, under the lock. */
        j->w = g_new(para_work, 1);
        bool ok = bf_para_prepare(s, spans, n, &st, j->w);
        if (!ok) g_clear_pointer(&j->w, g_free);
        g_free(spans);
        pthread_mutex_lock(&p->lock);
        para_work *dropped = NULL;
        if (j->state == JOB_LEFT) {
            dropped = j->w;
            j->w = NULL;
        } else {
            j->ok = ok;
            set_state(j, JOB_DONE);
            if (p->spins < 0) pthread_cond_broadcast(&p->cond); /* a caller may wait for it */
        }
        if (dropped) { /* freed without the lock, which the caller may want */
            pthread_mutex_unlock(&p->lock);
            bf_para_work_free(dropped);
            g_free(dropped);
            pthread_mutex_lock(&p->lock);
        }
    }
    pthread_mutex_unlock(&p->lock);
    worker_free(s);
    return NULL;
}

void bf_setter_prefetch(bf_setter *s)
{
    bf_prefetch *p = s->pre;
    if (!p) return;
    p->scratch = NULL;
    int want = bf_setter_threads(s) - 1; /* the caller's thread sets paragraphs too */
    /* BF_THREADS_ALWAYS=1, a test hook: the workers start for any text. */
    const char *always = getenv("BF_THREADS_ALWAYS");
    if ((p->bytes < MIN_BYTES && !(always && !strcmp(always, "1"))) || p->n_jobs < 2) want = 0;
    if (!want) {
        bf_prefetch_free(s); /* not worth it: everything is set as it comes */
        return;
    }
    /* BF_TAKE_BACK, a test hook: 0, the caller waits for the worker on a
     * running job (so that workers set paragraphs however slow they are);
     * "always", it takes every running job back at once. */
    const char *back = getenv("BF_TAKE_BACK");
    p->spins = !back ? SPINS : !strcmp(back, "0") ? -1 : !strcmp(back, "always") ? 0 : SPINS;
    s->n_started = want + 1;
    p->threads = g_new0(GThread *, (size_t)want);
    for (int i = 0; i < want; i++) p->threads[p->n_threads++] = g_thread_new("bf-set", work, p);
}

/* The links of a worker's paragraph point into its key: point them at the
 * caller's strings, which live as long as the lines (join_spans notes a
 * link for each text span that has one, in order). */
static void relink(para_work *w, const bf_span *spans, int n_spans)
{
    for (int i = 0, k = 0; i < n_spans && k < w->t.n_links; i++)
        if (spans[i].link && spans[i].kind != BF_SPAN_BREAK && spans[i].kind != BF_SPAN_RUBY)
            w->t.links[k++].uri = spans[i].link;
}

bf_para *bf_prefetch_take(bf_setter *s, const bf_span *spans, int n_spans, const bf_para_style *st)
{
    bf_prefetch *p = s->pre;
    s->n_calls++;
    gpointer stored, head;
    bool found = g_hash_table_lookup_extended(p->first, encode(p->probe, spans, n_spans, st), &stored, &head);
    int i = found ? GPOINTER_TO_INT(head) - 1 : -1;
    while (i >= 0 && p->jobs[i].taken) i = p->jobs[i].same;
    if (i < 0) return NULL;
    job *j = &p->jobs[i];
    j->taken = true;
    /* The key's list starts after it now: a paragraph that comes back K
     * times is not walked past its K - 1 copies taken already (each a
     * cache miss in a long document's jobs: a tenth of the caller's time
     * at 1,070 pages). */
    if (GPOINTER_TO_INT(head) - 1 == i || p->jobs[GPOINTER_TO_INT(head) - 1].taken)
        g_hash_table_insert(p->first, stored, GINT_TO_POINTER(j->same + 1));
    pthread_mutex_lock(&p->lock);
    if (i > p->horizon) {
        p->horizon = i;
        pthread_cond_broadcast(&p->cond);
    }
    if (j->state == JOB_WAITING) set_state(j, JOB_MAIN); /* no worker has it: the caller sets it now */
    if (j->state == JOB_RUNNING && p->spins != 0) {
        pthread_mutex_unlock(&p->lock);
        int spins = p->spins < 0 ? SPINS : p->spins;
        for (int k = 0; k < spins && state_of(j) == JOB_RUNNING; k++) cpu_relax();
        pthread_mutex_lock(&p->lock);
    }
    if (p->spins < 0)
        while (j->state == JOB_RUNNING) pthread_cond_wait(&p->cond, &p->lock);
    else if (j->state == JOB_RUNNING)
        set_state(j, JOB_LEFT);
    bool ok = j->state == JOB_DONE && j->ok;
    pthread_mutex_unlock(&p->lock);
    if (!ok) return NULL;
    relink(j->w, spans, n_spans);
    s->n_taken++;
    bf_para *para = bf_para_finish(s, st, j->w);
    pthread_mutex_lock(&p->lock);
    p->spent = bf_grow(p->spent, p->n_spent, &p->cap_spent, sizeof *p->spent, 64);
    p->spent[p->n_spent++] = i;
    pthread_mutex_unlock(&p->lock);
    return para;
}

void bf_setter_prefetch_end(bf_setter *s)
{
    bf_prefetch_free(s);
}

bool bf_setter_prefetch_stats(const bf_setter *s, int *threads, int *taken, int *asked)
{
    *threads = s->n_started;
    *taken = s->n_taken;
    *asked = s->n_calls;
    return s->n_started > 0;
}

void bf_prefetch_free(bf_setter *s)
{
    bf_prefetch *p = s->pre;
    if (!p) return;
    pthread_mutex_lock(&p->lock);
    p->stop = true;
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < p->n_threads; i++) g_thread_join(p->threads[i]);
    g_free(p->threads);
    g_free(p->spent); /* the jobs it names are freed below */
    for (int i = 0; i < p->n_jobs; i++) {
        if (p->jobs[i].w) bf_para_work_free(p->jobs[i].w);
        g_free(p->jobs[i].w);
    }
    g_hash_table_destroy(p->first); /* before the keys it points at */
    bf_arena_free(p->keys);
    g_byte_array_free(p->probe, TRUE);
    g_free(p->jobs);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->cond);
    g_free(p);
    s->pre = NULL;
}
