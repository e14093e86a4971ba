/* fuzz_load.c - libFuzzer target for the loader: any bytes, as a briefing
 * in JSON (fuzz_load) or, built with BF_FUZZ_NAME="fuzz.yaml", in YAML
 * (fuzz_yaml).
 *
 * Beyond the sanitizers, it checks what doc.h promises of a document that
 * loads: runs never empty, citations pointing at a source, sources with a
 * name.  Image paths are resolved against the working directory.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/arena.h"
#include "core/diag.h"
#include "doc/doc.h"

#ifndef BF_FUZZ_NAME
#define BF_FUZZ_NAME "fuzz.json"
#endif

static const bf_doc *current;

static void check_text(const bf_text *t)
{
    for (size_t i = 0; i < t->n_runs; i++) {
        const bf_run *r = &t->runs[i];
        switch (r->kind) {
        case BF_RUN_TEXT:
        case BF_RUN_STRONG:
            if (!r->text || !r->text[0] || r->source != -1) abort();
            break;
        case BF_RUN_CITE:
            if (r->text || r->source < 0 || (size_t)r->source >= current->n_sources) abort();
            break;
        case BF_RUN_BREAK:
            if (r->text || r->source != -1) abort();
            break;
        case BF_RUN_RUBY:
            /* A reading, never empty, right after the base it is set over. */
            if (!r->text || !r->text[0] || r->source != -1 || i == 0 ||
                (t->runs[i - 1].kind != BF_RUN_TEXT && t->runs[i - 1].kind != BF_RUN_STRONG))
                abort();
            break;
        default: abort();
        }
    }
}

static void check_texts(const bf_texts *ts)
{
    for (size_t i = 0; i < ts->n; i++) {
        if (ts->items[i].n_runs == 0) abort(); /* blank paragraphs are dropped */
        check_text(&ts->items[i]);
    }
}

static void check_image(const bf_image *img)
{
    if (img->width < 1 || img->height < 1) abort();
    if (img->share != 0 && (img->share < 0.1 || img->share > 1.0)) abort();
    check_text(&img->caption);
    check_text(&img->credit);
}

/* A body or conclusion: each block of its kind, whole. */
static void check_blocks(const bf_blocks *bs)
{
    for (size_t i = 0; i < bs->n; i++) {
        const bf_block *b = &bs->items[i];
        if (!b->path) abort();
        switch (b->kind) {
        case BF_BLOCK_PARA:
            if (b->text.n_runs == 0) abort(); /* blank paragraphs are dropped */
            check_text(&b->text);
            break;
        case BF_BLOCK_LIST:
        case BF_BLOCK_NUMBERED:
            if (b->items.n > BF_MAX_LIST_ITEMS) abort();
            check_texts(&b->items);
            break;
        case BF_BLOCK_FIGURE:
            if (!b->figure) abort();
            check_image(b->figure);
            break;
        case BF_BLOCK_TABLE: {
            const bf_table *t = b->table;
            if (!t || t->n_columns < 1 || t->n_columns > BF_MAX_TABLE_COLUMNS || t->n_rows < 1 ||
                t->n_rows > BF_MAX_TABLE_ROWS)
                abort();
            if (t->source < -1 || t->source >= (int)current->n_sources) abort();
            for (int k = 0; k < t->n_columns; k++) {
                check_text(&t->head[k]);
                if (t->align[k] > BF_CELL_RIGHT) abort();
            }
            for (size_t k = 0; k < (size_t)t->n_rows * (size_t)t->n_columns; k++) check_text(&t->cells[k]);
            check_text(&t->caption);
            check_text(&t->note);
            break;
        }
        default: abort();
        }
    }
}

static void check_doc(bf_arena *arena, const bf_doc *doc)
{
    current = doc;
    if (doc->title.n_runs == 0 && !bf_text_plain(arena, &doc->title)) abort();
    check_text(&doc->title);
    check_text(&doc->subtitle);
    check_texts(&doc->lead);
    check_blocks(&doc->conclusion);
    check_texts(&doc->key_points);
    if (!doc->language || doc->n_chapters == 0 || doc->edition_date.year < 1900) abort();
    for (size_t i = 0; i < doc->n_sources; i++)
        if (!doc->sources[i].name || !doc->sources[i].name[0] || !doc->sources[i].path) abort();
    for (size_t i = 0; i < doc->n_chapters; i++) {
        const bf_chapter *ch = &doc->chapters[i];
        if (ch->number < 1 || ch->number > BF_MAX_NUMBER) abort();
        if (ch->source < -1 || ch->source >= (int)doc->n_sources) abort();
        check_text(&ch->title);
        check_text(&ch->question);
        check_text(&ch->answer);
        check_text(&ch->intro);
        check_text(&ch->comment);
        check_texts(&ch->summary);
        check_blocks(&ch->body);
        check_texts(&ch->aside);
        if (ch->image) check_image(ch->image);
        if (!bf_text_plain(arena, &ch->title)) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bf_arena *arena = bf_arena_new();
    bf_diag *diag = bf_diag_new(NULL);
    if (arena && diag) {
        const bf_doc *doc = bf_doc_load_bytes(arena, diag, BF_FUZZ_NAME, NULL, (const char *)data, size);
        if (doc) check_doc(arena, doc);
        if (!doc && bf_diag_errors(diag) == 0) abort(); /* refused without a word */
    }
    bf_diag_free(diag);
    bf_arena_free(arena);
    return 0;
}
