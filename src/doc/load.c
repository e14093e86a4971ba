/* load.c - read a briefing/1 file, check it against FORMAT.md and build the
 * document model.
 *
 * One run reports every problem of a document, so the checks are passes
 * that do not stop at the first error:
 *   1. jansson parses the bytes (syntax, UTF-8, \u0000, duplicate keys;
 *      read.c reads them and words jansson's errors);
 *   2. a walk of the whole tree checks the limits (depth, string length;
 *      limits.c);
 *   3. each object is read against the table of its known keys below:
 *      unknown keys are warned about, missing and mistyped ones reported,
 *      then the values are checked and copied into the arena;
 *   4. inline texts are parsed last, when every source id is known, since a
 *      chapter may cite a source that a later chapter declares.
 * The jansson tree is only borrowed from: the model points into the arena.
 */
#include "core/nearest.h"
#include "doc/load-private.h"

#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FORMAT_NAME "briefing/1"

/* The tables, one key a line. */
/* clang-format off */

enum {
    TOP_FORMAT,
    TOP_TITLE,
    TOP_SUBTITLE,
    TOP_LEAD,
    TOP_EDITION,
    TOP_PUBLISHER,
    TOP_MARKING,
    TOP_LANGUAGE,
    TOP_SOURCES,
    TOP_CHAPTERS,
    TOP_CONCLUSION,
    TOP_KEY_POINTS,
    TOP_SCHEMA,
    TOP_N
};
static const field top_fields[TOP_N] = {
    [TOP_FORMAT] = {"format", F_STRING, true},
    [TOP_TITLE] = {"title", F_TEXT, true},
    [TOP_SUBTITLE] = {"subtitle", F_TEXT, false},
    [TOP_LEAD] = {"lead", F_PARAS, false},
    [TOP_EDITION] = {"edition", F_OBJECT, true},
    [TOP_PUBLISHER] = {"publisher", F_STRING, false},
    [TOP_MARKING] = {"marking", F_STRING, false},
    [TOP_LANGUAGE] = {"language", F_STRING, false},
    [TOP_SOURCES] = {"sources", F_ARRAY, false},
    [TOP_CHAPTERS] = {"chapters", F_ARRAY, true},
    [TOP_CONCLUSION] = {"conclusion", F_PARA_BLOCKS, false},
    [TOP_KEY_POINTS] = {"key_points", F_ITEMS, false},
    /* Where an editor finds the JSON Schema: for editors, not for us. */
    [TOP_SCHEMA] = {"$schema", F_STRING, false},
};

enum { ED_DATE, ED_NUMBER, ED_LABEL, ED_N };
static const field edition_fields[ED_N] = {
    [ED_DATE] = {"date", F_DATE, true},
    [ED_NUMBER] = {"number", F_NUMBER, false},
    [ED_LABEL] = {"label", F_STRING, false},
};

enum {
    CH_NUMBER,
    CH_TITLE,
    CH_QUESTION,
    CH_ANSWER,
    CH_INTRO,
    CH_PUBLISHED,
    CH_SUMMARY,
    CH_SOURCE,
    CH_COMMENT,
    CH_BODY,
    CH_ASIDE,
    CH_IMAGE,
    CH_N
};
static const field chapter_fields[CH_N] = {
    [CH_NUMBER] = {"number", F_NUMBER, false},
    [CH_TITLE] = {"title", F_TEXT, true},
    [CH_QUESTION] = {"question", F_TEXT, false},
    [CH_ANSWER] = {"answer", F_TEXT, false},
    [CH_INTRO] = {"intro", F_TEXT, false},
    [CH_PUBLISHED] = {"published", F_DATE, false},
    [CH_SUMMARY] = {"summary", F_ITEMS, false},
    [CH_SOURCE] = {"source", F_SOURCE, false},
    [CH_COMMENT] = {"comment", F_TEXT, false},
    [CH_BODY] = {"body", F_BLOCKS, false},
    [CH_ASIDE] = {"aside", F_PARAS, false},
    [CH_IMAGE] = {"image", F_OBJECT, false},
};

enum { SRC_ID, SRC_NAME, SRC_DESCRIPTION, SRC_TITLE, SRC_URL, SRC_ACCESSED, SRC_N };
static const field source_fields[SRC_N] = {
    [SRC_ID] = {"id", F_STRING, false},
    [SRC_NAME] = {"name", F_STRING, true},
    [SRC_DESCRIPTION] = {"description", F_STRING, false},
    [SRC_TITLE] = {"title", F_STRING, false},
    [SRC_URL] = {"url", F_STRING, false},
    [SRC_ACCESSED] = {"accessed", F_DATE, false},
};

enum { IMG_PATH, IMG_CAPTION, IMG_CREDIT, IMG_WIDTH, IMG_ALT, IMG_N };
static const field image_fields[IMG_N] = {
    [IMG_PATH] = {"path", F_STRING, true},
    [IMG_CAPTION] = {"caption", F_TEXT, false},
    [IMG_CREDIT] = {"credit", F_TEXT, false},
    [IMG_WIDTH] = {"width", F_WIDTH, false},
    [IMG_ALT] = {"alt", F_STRING, false},
};
/* clang-format on */

/* ---- diagnostics helpers ---- */

const char *ld_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE: return "true";
    case JSON_FALSE: return "false";
    case JSON_NULL: return "null";
    }
    return "a value";
}

static const char *kind_name(field_kind kind)
{
    switch (kind) {
    case F_STRING:
    case F_TEXT: return "a string";
    case F_PARAS: return "a string or an array of strings";
    case F_ITEMS: return "an array of strings";
    case F_DATE: return "a date string (YYYY-MM-DD)";
    case F_NUMBER: return "an integer";
    case F_OBJECT: return "an object";
    case F_ARRAY: return "an array of objects";
    case F_BLOCKS: return "an array of strings and blocks";
    case F_PARA_BLOCKS: return "a string or an array of strings and blocks";
    case F_SOURCE: return "a source object or a source id";
    case F_WIDTH: return "a number from 0.1 to 1.0";
    }
    return "a value";
}

static bool kind_accepts(field_kind kind, const json_t *v)
{
    switch (kind) {
    case F_STRING:
    case F_TEXT:
    case F_DATE: return json_is_string(v);
    case F_PARAS:
    case F_PARA_BLOCKS: return json_is_string(v) || json_is_array(v);
    case F_ITEMS:
    case F_ARRAY:
    case F_BLOCKS: return json_is_array(v);
    case F_SOURCE: return json_is_string(v) || json_is_object(v);
    case F_WIDTH: return json_is_number(v);
    case F_NUMBER: return json_is_integer(v);
    case F_OBJECT: return json_is_object(v);
    }
    return false;
}

/* ---- pass 3: objects against their tables ---- */

/* Read obj against fields: warn about unknown keys (in the document's
 * order), report missing required keys and values of the wrong type (in
 * the table's order), and keep the rest in o. */
void ld_read_object(loader *ld, json_t *obj, const char *path, const field *fields, size_t n, object *o)
{
    const char *names[MAX_FIELDS];
    o->fields = fields;
    for (size_t i = 0; i < n; i++) {
        names[i] = fields[i].key;
        o->v[i] = json_object_get(obj, fields[i].key);
        o->path[i] = NULL;
    }
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        size_t i = 0;
        while (i < n && strcmp(key, fields[i].key) != 0) i++;
        if (i < n) continue;
        const char *near = bf_nearest(key, names, n);
        if (near)
            bf_warning(ld->diag, ld->file, bf_key_path(ld->arena, path, key), "unknown key; did you mean \"%s\"?",
                       near);
        else
            bf_warning(ld->diag, ld->file, bf_key_path(ld->arena, path, key), "unknown key");
    }
    for (size_t i = 0; i < n; i++) {
        if (!o->v[i] && !fields[i].required) continue;
        o->path[i] = bf_key_path(ld->arena, path, fields[i].key);
        if (!o->v[i]) {
            bf_error(ld->diag, ld->file, o->path[i], "required key missing");
        } else if (!kind_accepts(fields[i].kind, o->v[i])) {
            bf_error(ld->diag, ld->file, o->path[i], "expected %s, got %s", kind_name(fields[i].kind),
                     ld_type_name(o->v[i]));
            o->v[i] = NULL;
        }
    }
}

bool ld_is_blank(const char *s)
{
    size_t len;
    bf_trim(s, &len);
    return len == 0;
}

/* A required text must say something: "" or "  " is as good as missing. */
static bool check_not_blank(loader *ld, const object *o, int i)
{
    if (!o->fields[i].required || !ld_is_blank(json_string_value(o->v[i]))) return true;
    bf_error(ld->diag, ld->file, o->path[i], "must not be empty");
    return false;
}

/* A plain string, trimmed, in the arena; NULL when absent or blank. */
const char *ld_string_of(loader *ld, const object *o, int i)
{
    if (!o->v[i] || !check_not_blank(ld, o, i)) return NULL;
    size_t len;
    const char *s = bf_trim(json_string_value(o->v[i]), &len);
    if (len == 0) return NULL;
    return bf_arena_strndup(ld->arena, s, len);
}

void ld_defer_text(loader *ld, const char *s, const char *path, bf_text *dst)
{
    ld->pending = bf_grow(ld->pending, ld->n_pending, &ld->cap_pending, sizeof *ld->pending, 64);
    ld->pending[ld->n_pending++] = (pending_text){s, path, dst};
}

void ld_text_of(loader *ld, const object *o, int i, bf_text *dst)
{
    if (!o->v[i] || !check_not_blank(ld, o, i)) return;
    ld_defer_text(ld, json_string_value(o->v[i]), o->path[i], dst);
}

void *ld_list_open(loader *ld, const object *o, int i, size_t item_size, size_t *n)
{
    json_t *v = o->v[i];
    *n = 0;
    if (!v) return NULL;
    size_t len = json_is_array(v) ? json_array_size(v) : 1;
    if (len > BF_MAX_ITEMS) {
        bf_error(ld->diag, ld->file, o->path[i], "%zu items, over the limit of %d", len, BF_MAX_ITEMS);
        return NULL;
    }
    *n = len;
    return bf_arena_array(ld->arena, len ? len : 1, item_size);
}

json_t *ld_list_item(loader *ld, const object *o, int i, size_t k, const char **path)
{
    json_t *v = o->v[i];
    *path = json_is_array(v) ? bf_index_path(ld->arena, o->path[i], k) : o->path[i];
    return json_is_array(v) ? json_array_get(v, k) : v;
}

/* One string or an array of strings, as paragraphs.  Blank ones are
 * dropped, so that no later stage meets an empty paragraph. */
void ld_texts_of(loader *ld, const object *o, int i, bf_texts *dst)
{
    size_t n;
    dst->items = ld_list_open(ld, o, i, sizeof *dst->items, &n);
    for (size_t k = 0; k < n; k++) {
        const char *path;
        json_t *item = ld_list_item(ld, o, i, k, &path);
        if (!json_is_string(item)) {
            bf_error(ld->diag, ld->file, path, "expected a string, got %s", ld_type_name(item));
            continue;
        }
        if (ld_is_blank(json_string_value(item))) continue;
        ld_defer_text(ld, json_string_value(item), path, &dst->items[dst->n++]);
    }
}

static void date_of(loader *ld, const object *o, int i, bf_date *dst)
{
    if (!o->v[i]) return;
    const char *s = json_string_value(o->v[i]);
    if (bf_date_parse(s, dst)) return;
    /* Tell a date the calendar does not have from one in another shape. */
    bool shape = strlen(s) == 10;
    for (int k = 0; shape && k < 10; k++) shape = k == 4 || k == 7 ? s[k] == '-' : s[k] >= '0' && s[k] <= '9';
    if (shape)
        bf_error(ld->diag, ld->file, o->path[i], "%s is not a date of the calendar (years 1900 to 9999)",
                 bf_quote(ld->arena, s));
    else
        bf_error(ld->diag, ld->file, o->path[i], "expected a date as YYYY-MM-DD, got %s", bf_quote(ld->arena, s));
}

/* An integer from 1 to BF_MAX_NUMBER; 0 when absent or out of range. */
static int64_t number_of(loader *ld, const object *o, int i)
{
    if (!o->v[i]) return 0;
    json_int_t n = json_integer_value(o->v[i]);
    if (n < 1) {
        bf_error(ld->diag, ld->file, o->path[i], "must be at least 1, got %" JSON_INTEGER_FORMAT, n);
        return 0;
    }
    if (n > BF_MAX_NUMBER) {
        bf_error(ld->diag, ld->file, o->path[i], "must be at most %" PRId64 ", got %" JSON_INTEGER_FORMAT,
                 BF_MAX_NUMBER, n);
        return 0;
    }
    return (int64_t)n;
}

/* ---- the parts of a briefing ---- */

/* Load one source into the next slot of doc->sources; its index, or -1. */
int ld_load_source(loader *ld, json_t *obj, const char *path)
{
    object o;
    ld_read_object(ld, obj, path, source_fields, SRC_N, &o);
    if (ld->doc->n_sources >= ld->cap_sources) {
        /* A table's source adds to those counted at the start. */
        size_t cap = ld->cap_sources * 2 + 8;
        bf_source *grown = bf_arena_array(ld->arena, cap + 1, sizeof *grown);
        memcpy(grown, ld->doc->sources, ld->doc->n_sources * sizeof *grown);
        ld->doc->sources = grown;
        ld->cap_sources = cap;
    }
    int index = (int)ld->doc->n_sources++;
    bf_source *src = &ld->doc->sources[index];
    src->path = path;
    if (o.v[SRC_ID]) {
        const char *id = json_string_value(o.v[SRC_ID]);
        if (bf_is_valid_id(id))
            src->id = bf_arena_strdup(ld->arena, id);
        else
            bf_error(ld->diag, ld->file, o.path[SRC_ID], "%s is not a valid id: use letters, digits, _ and - only",
                     bf_quote(ld->arena, id));
    }
    src->name = ld_string_of(ld, &o, SRC_NAME);
    src->description = ld_string_of(ld, &o, SRC_DESCRIPTION);
    src->title = ld_string_of(ld, &o, SRC_TITLE);
    if (o.v[SRC_URL]) {
        const char *url = json_string_value(o.v[SRC_URL]);
        if (bf_is_valid_url(url))
            src->url = bf_arena_strdup(ld->arena, url);
        else
            bf_error(ld->diag, ld->file, o.path[SRC_URL], "%s is not an http:// or https:// address (without spaces)",
                     bf_quote(ld->arena, url));
    }
    date_of(ld, &o, SRC_ACCESSED, &src->accessed);
    return index;
}

/* base_dir/path, unless path is absolute or there is no base. */
static const char *resolve(loader *ld, const char *path)
{
    if (path[0] == '/' || !ld->base_dir || !ld->base_dir[0] || strcmp(ld->base_dir, ".") == 0) return path;
    const char *sep = ld->base_dir[strlen(ld->base_dir) - 1] == '/' ? "" : "/";
    return bf_arena_printf(ld->arena, "%s%s%s", ld->base_dir, sep, path);
}

static const bf_picture *read_picture(loader *ld, const char *path, bool *is_jpeg, char *why, size_t why_size)
{
    const char *real = bf_confine(ld->arena, ld->root, ld->root_given, path, why, why_size);
    if (!real) return NULL;
    bf_picture *pic = g_hash_table_lookup(ld->pictures, real);
    if (pic) {
        *is_jpeg = pic->is_jpeg;
        return pic;
    }
    pic = bf_arena_alloc(ld->arena, sizeof *pic);
    if (!pic) {
        snprintf(why, why_size, "out of memory");
        return NULL;
    }
    pic->real_path = real;
    if (!bf_image_read(ld->arena, real, pic, BF_MAX_KEPT_PIXELS - ld->kept_pixels, why, why_size)) return NULL;
    *is_jpeg = pic->is_jpeg;
    if (pic->pixels) ld->kept_pixels += (long)pic->width * pic->height;
    g_hash_table_insert(ld->pictures, (char *)real, pic);
    return pic;
}

const bf_image *ld_load_image(loader *ld, json_t *obj, const char *path)
{
    object o;
    ld_read_object(ld, obj, path, image_fields, IMG_N, &o);
    bf_image *img = bf_arena_alloc(ld->arena, sizeof *img);
    const char *given = ld_string_of(ld, &o, IMG_PATH);
    if (given) {
        char why[256];
        img->path = resolve(ld, given);
        img->picture = read_picture(ld, img->path, &img->is_jpeg, why, sizeof why);
        if (img->picture) {
            img->width = img->picture->width;
            img->height = img->picture->height;
        } else {
            bf_error(ld->diag, ld->file, o.path[IMG_PATH], "%s: %s", bf_quote(ld->arena, given), why);
        }
    }
    ld_text_of(ld, &o, IMG_CAPTION, &img->caption);
    ld_text_of(ld, &o, IMG_CREDIT, &img->credit);
    if (o.v[IMG_CAPTION] && !ld_is_blank(json_string_value(o.v[IMG_CAPTION]))) img->number = ++ld->n_figures;
    if (o.v[IMG_WIDTH]) {
        double w = json_number_value(o.v[IMG_WIDTH]);
        if (w >= 0.1 && w <= 1.0)
            img->share = w;
        else
            bf_error(ld->diag, ld->file, o.path[IMG_WIDTH],
                     "must be from 0.1 to 1.0 (a share of the column's width), got %g", w);
    }
    img->alt = ld_string_of(ld, &o, IMG_ALT);
    return img;
}

static void load_chapter(loader *ld, json_t *obj, const char *path, bf_chapter *ch, int64_t previous)
{
    object o;
    ld_read_object(ld, obj, path, chapter_fields, CH_N, &o);
    ch->number = number_of(ld, &o, CH_NUMBER);
    if (ch->number == 0) ch->number = previous + 1;
    /* A number the data gives is checked above; one that counts on from
     * the previous chapter's must stay within the same limit. */
    if (!o.v[CH_NUMBER] && ch->number > BF_MAX_NUMBER)
        bf_error(ld->diag, ld->file, path,
                 "has no number, and the previous chapter's number + 1 (%" PRId64 ") is over the limit of %" PRId64,
                 ch->number, BF_MAX_NUMBER);
    ld_text_of(ld, &o, CH_TITLE, &ch->title);
    ld_text_of(ld, &o, CH_QUESTION, &ch->question);
    ld_text_of(ld, &o, CH_ANSWER, &ch->answer);
    /* A mistyped question is reported as such; only an absent one makes
     * the answer an error of its own. */
    if (o.v[CH_ANSWER] && !json_object_get(obj, "question"))
        bf_error(ld->diag, ld->file, o.path[CH_ANSWER], "an answer needs a question");
    ld_text_of(ld, &o, CH_INTRO, &ch->intro);
    date_of(ld, &o, CH_PUBLISHED, &ch->published);
    ld_texts_of(ld, &o, CH_SUMMARY, &ch->summary);
    ch->source = -1;
    if (o.v[CH_SOURCE]) ld_source_of(ld, o.v[CH_SOURCE], o.path[CH_SOURCE], &ch->source);
    ld_text_of(ld, &o, CH_COMMENT, &ch->comment);
    ld_blocks_of(ld, &o, CH_BODY, &ch->body);
    ld_texts_of(ld, &o, CH_ASIDE, &ch->aside);
    if (o.v[CH_IMAGE]) ch->image = ld_load_image(ld, o.v[CH_IMAGE], o.path[CH_IMAGE]);
}

/* Whether the array o->v[i] holds at most `limit` elements; when it holds
 * more, that is reported and its elements are not looked at one by one. */
static bool check_count(loader *ld, const object *o, int i, size_t limit, const char *what)
{
    size_t n = json_array_size(o->v[i]);
    if (n <= limit) return true;
    bf_error(ld->diag, ld->file, o->path[i], "%zu %s, over the limit of %zu", n, what, limit);
    return false;
}

static void load_top(loader *ld, json_t *root)
{
    bf_doc *doc = ld->doc;
    object o;
    ld_read_object(ld, root, NULL, top_fields, TOP_N, &o);

    if (o.v[TOP_FORMAT] && strcmp(json_string_value(o.v[TOP_FORMAT]), FORMAT_NAME) != 0)
        bf_error(ld->diag, ld->file, o.path[TOP_FORMAT], "unknown format %s; the known format is \"" FORMAT_NAME "\"",
                 bf_quote(ld->arena, json_string_value(o.v[TOP_FORMAT])));
    ld_text_of(ld, &o, TOP_TITLE, &doc->title);
    ld_text_of(ld, &o, TOP_SUBTITLE, &doc->subtitle);
    ld_texts_of(ld, &o, TOP_LEAD, &doc->lead);

    if (o.v[TOP_EDITION]) {
        object ed;
        ld_read_object(ld, o.v[TOP_EDITION], o.path[TOP_EDITION], edition_fields, ED_N, &ed);
        date_of(ld, &ed, ED_DATE, &doc->edition_date);
        doc->edition_number = number_of(ld, &ed, ED_NUMBER);
        doc->edition_label = ld_string_of(ld, &ed, ED_LABEL);
    }
    doc->publisher = ld_string_of(ld, &o, TOP_PUBLISHER);
    doc->marking = ld_string_of(ld, &o, TOP_MARKING);
    doc->language = ld_string_of(ld, &o, TOP_LANGUAGE);
    if (doc->language && !bf_is_language_tag(doc->language)) {
        bf_error(ld->diag, ld->file, o.path[TOP_LANGUAGE],
                 "%s is not a BCP 47 language tag such as \"ja\" or \"en-US\"", bf_quote(ld->arena, doc->language));
    }
    if (!doc->language) doc->language = "ja";

    /* Room for every source: the top-level ones, then one a chapter. */
    json_t *sources = o.v[TOP_SOURCES], *chapters = o.v[TOP_CHAPTERS];
    if (sources && !check_count(ld, &o, TOP_SOURCES, BF_MAX_SOURCES, "sources")) sources = NULL;
    if (chapters && !check_count(ld, &o, TOP_CHAPTERS, BF_MAX_CHAPTERS, "chapters")) chapters = NULL;
    if (chapters && json_array_size(chapters) == 0) {
        bf_error(ld->diag, ld->file, o.path[TOP_CHAPTERS], "needs at least one chapter");
        chapters = NULL;
    }
    ld->cap_sources = json_array_size(sources) + json_array_size(chapters);
    doc->sources = bf_arena_array(ld->arena, ld->cap_sources + 1, sizeof *doc->sources);
    doc->chapters = bf_arena_array(ld->arena, json_array_size(chapters) + 1, sizeof *doc->chapters);

    for (size_t i = 0; i < json_array_size(sources); i++) {
        json_t *item = json_array_get(sources, i);
        const char *path = bf_index_path(ld->arena, o.path[TOP_SOURCES], i);
        if (json_is_object(item))
            ld_load_source(ld, item, path);
        else
            bf_error(ld->diag, ld->file, path, "expected an object, got %s", ld_type_name(item));
    }
    int64_t previous = 0;
    for (size_t i = 0; i < json_array_size(chapters); i++) {
        json_t *item = json_array_get(chapters, i);
        const char *path = bf_index_path(ld->arena, o.path[TOP_CHAPTERS], i);
        bf_chapter *ch = &doc->chapters[doc->n_chapters++];
        ch->source = -1;
        ch->number = previous + 1;
        if (json_is_object(item))
            load_chapter(ld, item, path, ch, previous);
        else
            bf_error(ld->diag, ld->file, path, "expected an object, got %s", ld_type_name(item));
        previous = ch->number;
    }
    ld_blocks_of(ld, &o, TOP_CONCLUSION, &doc->conclusion);
    ld_texts_of(ld, &o, TOP_KEY_POINTS, &doc->key_points);
}

/* ---- pass 4: source ids and citations ---- */

static int compare_ids(const void *a, const void *b)
{
    const id_entry *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Sort the ids, and report each one used a second time at its later
 * place (sources are in document order, so the first keeps the id). */
static void index_ids(loader *ld)
{
    const bf_doc *doc = ld->doc;
    ld->ids = g_new(id_entry, doc->n_sources + 1);
    for (size_t i = 0; i < doc->n_sources; i++)
        if (doc->sources[i].id) ld->ids[ld->n_ids++] = (id_entry){doc->sources[i].id, (int)i};
    qsort(ld->ids, ld->n_ids, sizeof *ld->ids, compare_ids);
    size_t first = 0;
    for (size_t i = 1; i < ld->n_ids; i++) {
        if (strcmp(ld->ids[i].id, ld->ids[first].id) != 0) {
            first = i;
            continue;
        }
        const bf_source *dup = &doc->sources[ld->ids[i].index];
        bf_error(ld->diag, ld->file, bf_key_path(ld->arena, dup->path, "id"),
                 "duplicate source id %s (first used at %s)", bf_quote(ld->arena, dup->id),
                 doc->sources[ld->ids[first].index].path);
    }
}

/* Binary search of the sorted ids for the len bytes at id; with duplicate
 * ids, the one found is as good as another, since the document is refused. */
int ld_lookup_id(const void *ctx, const char *id, size_t len)
{
    const loader *ld = ctx;
    size_t lo = 0, hi = ld->n_ids;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *m = ld->ids[mid].id;
        int c = strncmp(m, id, len);
        if (c == 0 && m[len] != '\0') c = 1; /* m is longer: it sorts after */
        if (c == 0) return ld->ids[mid].index;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static void parse_texts(loader *ld)
{
    for (int i = 0; i < ld->n_pending; i++) {
        const pending_text *p = &ld->pending[i];
        bf_text_parse_with(ld->arena, ld->diag, ld->file, ld_lookup_id, ld, p->path, p->s, p->dst);
    }
}

/* ---- the passes ---- */

bf_doc *bf_doc_load_kept(bf_arena *arena, bf_diag *diag, const char *name, const char *base_dir, const char *image_root,
                         const char *bytes, size_t len, bool kept)
{
    loader ld = {.arena = arena, .diag = diag, .file = name, .base_dir = base_dir};
    char *real_root = realpath(image_root ? image_root : base_dir ? base_dir : ".", NULL);
    ld.root = real_root ? bf_arena_strdup(arena, real_root) : NULL;
    ld.root_given = image_root != NULL;
    free(real_root);
    ld.pictures = g_hash_table_new(g_str_hash, g_str_equal);
    bf_doc *result = NULL;
    bf_digest *digest = NULL;
    int errors_before = bf_diag_errors(diag);

    /* The document's own bytes, for the PDF (doc.h) and for placing messages. */
    const char *src = bytes ? bytes : "";
    const char *source = kept ? src : bf_arena_strndup(arena, src, len);
    json_t *root = bf_doc_tree_kept(diag, name, source, len);
    if (!root) goto done;
    bf_check_limits(arena, diag, name, root);
    if (!json_is_object(root)) {
        bf_error(diag, name, NULL, "the top level must be an object, got %s", ld_type_name(root));
        goto done;
    }
    ld.doc = bf_arena_alloc(arena, sizeof *ld.doc);
    ld.doc->file = bf_arena_strdup(arena, name);
    /* Of the document, not of its spelling (digest.c). */
    digest = bf_digest_begin(root, len);
    ld.doc->source = source;
    ld.doc->source_len = len;
    /* As bf_doc_tree decided, after a byte order mark. */
    bool bom = len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0;
    ld.doc->source_yaml = bf_doc_is_yaml(name, bom ? src + 3 : src, bom ? len - 3 : len);
    load_top(&ld, root);
    index_ids(&ld);
    ld_resolve_sources(&ld);
    parse_texts(&ld);
    char *hex = bf_digest_end(g_steal_pointer(&digest));
    ld.doc->source_sha256 = hex ? bf_arena_strdup(arena, hex) : NULL;
    g_free(hex);
    if (bf_diag_errors(diag) == errors_before) result = ld.doc;
done:
    g_free(bf_digest_end(digest)); /* NULL, unless a pass above leaves early */
    json_decref(root);
    g_free(ld.pending);
    g_free(ld.ids);
    g_free(ld.refs);
    g_hash_table_destroy(ld.pictures);
    return result;
}

bf_doc *bf_doc_load_bytes_in(bf_arena *arena, bf_diag *diag, const char *name, const char *base_dir,
                             const char *image_root, const char *bytes, size_t len)
{
    return bf_doc_load_kept(arena, diag, name, base_dir, image_root, bytes, len, false);
}

bf_doc *bf_doc_load_bytes(bf_arena *arena, bf_diag *diag, const char *name, const char *base_dir, const char *bytes,
                          size_t len)
{
    return bf_doc_load_bytes_in(arena, diag, name, base_dir, NULL, bytes, len);
}
