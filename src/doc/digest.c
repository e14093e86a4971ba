/* digest.c - the SHA-256 of a document as compact JSON with sorted keys,
 * beside the loading of it.
 *
 * The digest names the document in the PDF's metadata (pdfmeta.c), not its
 * spelling: JSON and YAML of the same document give the same one.  Written
 * out, a large document is megabytes of text to sort and hash, a tenth of
 * the load; so the JSON is fed to the hash as jansson writes it (never held
 * whole), on a thread of its own, while the loader reads the same tree.
 * Both only read it (jansson's dump keeps its loop check to itself), and
 * the tree is freed only after bf_digest_end. */
#include "doc/doc-private.h"

#include <glib.h>
#include <jansson.h>
#include <pthread.h>

/* Below this many bytes of input a thread's start costs more than it saves. */
#define THREAD_BYTES 65536

struct bf_digest {
    json_t *root;
    char *hex; /* NULL: could not be written */
    pthread_t thread;
    bool threaded;
};

static int feed(const char *bytes, size_t size, void *sum)
{
    g_checksum_update(sum, (const guchar *)bytes, (gssize)size);
    return 0;
}

static void *run(void *p)
{
    bf_digest *d = p;
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    if (json_dump_callback(d->root, feed, sum, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15)) == 0)
        d->hex = g_strdup(g_checksum_get_string(sum));
    g_checksum_free(sum);
    return NULL;
}

bf_digest *bf_digest_begin(json_t *root, size_t input_len)
{
    bf_digest *d = g_new0(bf_digest, 1);
    d->root = root;
    d->threaded = input_len >= THREAD_BYTES && pthread_create(&d->thread, NULL, run, d) == 0;
    if (!d->threaded) run(d);
    return d;
}

char *bf_digest_end(bf_digest *d)
{
    if (!d) return NULL;
    if (d->threaded) pthread_join(d->thread, NULL);
    char *hex = d->hex;
    g_free(d);
    return hex;
}
