/* flateahead.c - the pages' contents compressed on a second thread
 * (flateahead.h).
 *
 * The lock and condition are pthreads', as in text/prefetch.c, so that a
 * ThreadSanitizer build checks them. */
#include "render/flateahead.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "render/pdfwrite.h"

/* What cairo wrote for one page, and where in the file it begins. */
typedef struct chunk {
    struct chunk *next;
    GByteArray *bytes;
    size_t at;
} chunk;

/* One stream object, compressed, held in as many bytes as it has. */
typedef struct {
    size_t offset, n;
    unsigned length_obj;
    unsigned char *object;
    size_t len;
} made;

struct bf_flate_ahead {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t more;
    chunk *head, *tail; /* given, not yet taken */
    bool closed;        /* no more will be given */
    bool joined;        /* the thread has ended */
    size_t given;       /* bytes given so far */
    GArray *made;       /* in the file's order: the thread takes chunks in order */
    bf_deflater *z;     /* the thread's compressor */
    struct bf_pdf_text *text;
};

/* Each whole stream object in the chunk ("N 0 obj" at a line's start to
 * the "endobj" after its "endstream"), compressed when it is unfiltered.
 * One that is not whole, or that the repack reads otherwise, is not found
 * there by its offset and length, and the repack compresses it. */
static void compress_chunk(bf_flate_ahead *a, const chunk *c)
{
    const unsigned char *base = c->bytes->data, *end = base + c->bytes->len, *p = base, *h;
    GByteArray *out = g_byte_array_new();
    while ((h = bf_pdf_find(p, (size_t)(end - p), ">>\nstream\n"))) {
        const unsigned char *es = bf_pdf_find(h + 10, (size_t)(end - h - 10), "\nendstream");
        const unsigned char *eo = es ? bf_pdf_find(es, (size_t)(end - es), "endobj") : NULL;
        if (!eo) break;
        const unsigned char *obj = bf_pdf_find_last(p, (size_t)(h - p), " 0 obj");
        while (obj && obj > base && obj[-1] != '\n') obj--;
        p = eo + 6;
        if (!obj) continue;
        made m = {(size_t)(obj - base) + c->at, (size_t)(p - obj), 0, NULL, 0};
        g_byte_array_set_size(out, 0);
        if (!bf_pdf_flate_stream(a->z, out, obj, m.n, &m.length_obj, a->text)) continue;
        m.object = g_memdup2(out->data, out->len);
        m.len = out->len;
        g_array_append_val(a->made, m);
    }
    g_byte_array_free(out, TRUE);
}

static void *run(void *arg)
{
    bf_flate_ahead *a = arg;
    for (;;) {
        pthread_mutex_lock(&a->lock);
        while (!a->head && !a->closed) pthread_cond_wait(&a->more, &a->lock);
        chunk *c = a->head;
        if (c) {
            a->head = c->next;
            if (!a->head) a->tail = NULL;
        }
        pthread_mutex_unlock(&a->lock);
        if (!c) {
            bf_deflater_free(a->z); /* 652 KB, not kept to the end */
            a->z = NULL;
            return NULL;
        }
        compress_chunk(a, c);
        g_byte_array_free(c->bytes, TRUE);
        g_free(c);
    }
}

bf_flate_ahead *bf_flate_ahead_new(struct bf_pdf_text *text)
{
    bf_flate_ahead *a = g_new0(bf_flate_ahead, 1);
    a->text = text;
    pthread_mutex_init(&a->lock, NULL);
    pthread_cond_init(&a->more, NULL);
    a->made = g_array_new(FALSE, FALSE, sizeof(made));
    a->z = bf_deflater_new();
    if (pthread_create(&a->thread, NULL, run, a) != 0) {
        a->closed = a->joined = true; /* nothing to join */
        bf_flate_ahead_free(a);
        return NULL;
    }
    return a;
}

void bf_flate_ahead_give(bf_flate_ahead *a, GByteArray *bytes)
{
    chunk *c = g_new(chunk, 1);
    *c = (chunk){NULL, bytes, a->given};
    a->given += bytes->len;
    pthread_mutex_lock(&a->lock);
    if (a->tail)
        a->tail->next = c;
    else
        a->head = c;
    a->tail = c;
    pthread_cond_signal(&a->more);
    pthread_mutex_unlock(&a->lock);
}

/* No more will be given: the thread ends when it has compressed what it
 * holds. */
static void close_ahead(bf_flate_ahead *a)
{
    if (a->closed) return;
    pthread_mutex_lock(&a->lock);
    a->closed = true;
    pthread_cond_signal(&a->more);
    pthread_mutex_unlock(&a->lock);
}

void bf_flate_ahead_finish(bf_flate_ahead *a)
{
    if (!a || a->joined) return;
    close_ahead(a);
    pthread_join(a->thread, NULL);
    a->joined = true;
}

const unsigned char *bf_flate_ahead_find(const bf_flate_ahead *a, size_t offset, size_t n, size_t *len,
                                         unsigned *length_obj)
{
    if (!a) return NULL;
    guint lo = 0, hi = a->made->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        const made *m = &g_array_index(a->made, made, mid);
        if (m->offset < offset) {
            lo = mid + 1;
        } else if (m->offset > offset) {
            hi = mid;
        } else {
            if (m->n != n) return NULL;
            *length_obj = m->length_obj;
            *len = m->len;
            return m->object;
        }
    }
    return NULL;
}

void bf_flate_ahead_free(bf_flate_ahead *a)
{
    if (!a) return;
    bf_flate_ahead_finish(a);
    for (chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        g_byte_array_free(c->bytes, TRUE);
        g_free(c);
    }
    for (guint i = 0; i < a->made->len; i++) g_free(g_array_index(a->made, made, i).object);
    bf_deflater_free(a->z);
    g_array_free(a->made, TRUE);
    pthread_cond_destroy(&a->more);
    pthread_mutex_destroy(&a->lock);
    g_free(a);
}

/* cairo 1.16 writes the pages' contents uncompressed when this is set (it
 * reads it as each PDF surface is made); the repack then compresses them
 * with libdeflate, in about half the time of cairo's zlib
 * (render/pdfwrite.c).  Set once, as the library is loaded, before any
 * thread of its own starts: setenv is not safe beside another thread's
 * getenv.  A program that links the library and makes PDFs of its own with
 * cairo gets their contents uncompressed too (include/briefing.h). */
__attribute__((constructor)) static void contents_left_to_the_repack(void)
{
    setenv("CAIRO_DEBUG_PDF", "1", 0);
}

enum { SINK_HOLD_MAX = 256 << 10 }; /* what cairo writes when it finishes (fonts, tags) goes out in parts */

void bf_pdf_sink_init(bf_pdf_sink *s, FILE *f, struct bf_pdf_text *text)
{
    /* BF_FLATE_AHEAD=0, a test hook: the repack does it all, as when no
     * thread can start (the bytes must be the same). */
    const char *hook = getenv("BF_FLATE_AHEAD");
    bool ahead = !hook || strcmp(hook, "0") != 0;
    *s = (bf_pdf_sink){f, 0, ahead ? bf_flate_ahead_new(text) : NULL, g_byte_array_sized_new(16 * 1024), false};
}

/* cairo writes in pieces of a few bytes (758,000 at 215 pages), so they
 * are gathered here and go out a page at a time. */
void bf_pdf_sink_flush(bf_pdf_sink *s)
{
    GByteArray *h = s->held;
    if (!h->len) return;
    if (!s->error && fwrite(h->data, 1, h->len, s->f) != h->len) s->error = errno ? errno : EIO;
    if (s->ahead && !s->pages_done && !s->error) {
        bf_flate_ahead_give(s->ahead, h);
        s->held = g_byte_array_sized_new(16 * 1024);
    } else {
        g_byte_array_set_size(h, 0);
    }
}

cairo_status_t bf_pdf_sink_write(void *closure, const unsigned char *data, unsigned int length)
{
    bf_pdf_sink *s = closure;
    if (s->error) return CAIRO_STATUS_WRITE_ERROR;
    g_byte_array_append(s->held, data, length);
    if (s->held->len > SINK_HOLD_MAX) bf_pdf_sink_flush(s);
    return s->error ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

void bf_pdf_sink_pages_done(bf_pdf_sink *s)
{
    bf_pdf_sink_flush(s);
    if (s->ahead) close_ahead(s->ahead);
    s->pages_done = true;
}

void bf_pdf_sink_wait(bf_pdf_sink *s)
{
    bf_flate_ahead_finish(s->ahead);
}

void bf_pdf_sink_free(bf_pdf_sink *s)
{
    bf_flate_ahead_free(s->ahead);
    g_byte_array_free(s->held, TRUE);
}
