/* jsonread-check.h - the promise of bf_json_read (src/doc/json-read.c),
 * checked on one text: where it gives a tree, jansson's reader gives the
 * same one (the same values and types, keys in the same order); where
 * jansson refuses the text, it gives none.  Returns whether it gave one;
 * aborts when the promise is broken.  For the fuzz target and the unit
 * test. */
#ifndef BF_JSONREAD_CHECK_H
#define BF_JSONREAD_CHECK_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc-private.h"

static bool jsonread_check(const char *text, size_t len)
{
    json_error_t err;
    json_t *fast = bf_json_read(text, len);
    json_t *slow = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
    bool gave = fast != NULL;
    if (fast && !slow) {
        fprintf(stderr, "jsonread: a tree where jansson refuses: %s\n", err.text);
        abort();
    }
    if (fast) {
        /* Written out in the order read, reals to the last bit: the same
         * text, or the trees differ. */
        size_t flags = JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(17);
        char *a = json_dumps(fast, flags), *b = json_dumps(slow, flags);
        if (!a || !b || strcmp(a, b) != 0 || !json_equal(fast, slow)) {
            fprintf(stderr, "jsonread: trees differ:\n  %.300s\n  %.300s\n", a ? a : "(none)", b ? b : "(none)");
            abort();
        }
        free(a);
        free(b);
    }
    json_decref(fast);
    json_decref(slow);
    return gave;
}

#endif
