/* load-private.h - what the loader's files share (load.c reads the
 * document's objects, load-blocks.c the blocks of a body and shared sources).
 * For src/doc/ only. */
#ifndef BF_LOAD_PRIVATE_H
#define BF_LOAD_PRIVATE_H

#include <glib.h>
#include <jansson.h>

#include "doc/doc-private.h"

#define MAX_FIELDS 16

/* What a key's value must be. */
typedef enum {
    F_STRING, /* a string, kept as plain text */
    F_TEXT,   /* a string of inline text */
    F_PARAS,  /* inline text: one string, or an array of strings */
    F_ITEMS,  /* an array of strings of inline text */
    F_DATE,   /* a string YYYY-MM-DD */
    F_NUMBER, /* an integer from 1 to BF_MAX_NUMBER */
    F_OBJECT,
    F_ARRAY,       /* an array of objects */
    F_BLOCKS,      /* an array of strings and blocks (FORMAT.md "Blocks") */
    F_PARA_BLOCKS, /* one string, or an array of strings and blocks */
    F_SOURCE,      /* a source object, or the id of a top-level source */
    F_WIDTH,       /* a number from 0.1 to 1.0 */
} field_kind;

/* One known key of an object.  The tables serve both the checks and the
 * "did you mean" of an unknown key.  A required text must not be blank. */
typedef struct {
    const char *key;
    field_kind kind;
    bool required;
} field;

/* An object read against its table: the value of each known key (NULL when
 * absent or of the wrong type) and its path. */
typedef struct {
    const field *fields;
    json_t *v[MAX_FIELDS];
    const char *path[MAX_FIELDS];
} object;

/* A text to parse once every source is known. */
typedef struct {
    const char *s;
    const char *path;
    bf_text *dst;
} pending_text;

/* A source given by its id, resolved once every id is known. */
typedef struct {
    const char *id;
    const char *path;
    int *dst;
} pending_source;

/* A source id, for the duplicate check and the citation lookup. */
typedef struct {
    const char *id;
    int index;
} id_entry;

typedef struct {
    bf_arena *arena;
    bf_diag *diag;
    const char *file;
    const char *base_dir; /* where image paths start; NULL: the working directory */
    const char *root;     /* realpath of the folder images must lie in; NULL: refuse all */
    bool root_given;      /* by --root, not the document's folder */
    GHashTable *pictures; /* real path -> bf_picture, so that a file is read once */
    long kept_pixels;     /* of every bf_picture with pixels */
    bf_doc *doc;
    size_t cap_sources;
    pending_text *pending; /* g_new, grown by defer_text */
    int n_pending, cap_pending;
    id_entry *ids; /* g_new, sorted by id */
    size_t n_ids;
    pending_source *refs; /* g_new: sources given by id, resolved once all are known */
    int n_refs, cap_refs;
    int n_tables, n_figures; /* numbered so far: 表N, 図N */
} loader;

/* load.c: the helpers every reader of an object uses. */
const char *ld_type_name(const json_t *v);
void ld_read_object(loader *ld, json_t *obj, const char *path, const field *fields, size_t n, object *o);
bool ld_is_blank(const char *s);
const char *ld_string_of(loader *ld, const object *o, int i);
void ld_defer_text(loader *ld, const char *s, const char *path, bf_text *dst);
void ld_text_of(loader *ld, const object *o, int i, bf_text *dst);
/* A list member of an object (an array, or one value as a list of one):
 * ld_list_open gives an arena array for its *n items of `item_size` bytes
 * (NULL with *n 0 when absent or over BF_MAX_ITEMS, which is reported);
 * ld_list_item its item k and that item's path. */
void *ld_list_open(loader *ld, const object *o, int i, size_t item_size, size_t *n);
json_t *ld_list_item(loader *ld, const object *o, int i, size_t k, const char **path);
void ld_texts_of(loader *ld, const object *o, int i, bf_texts *dst);
int ld_load_source(loader *ld, json_t *obj, const char *path);
const bf_image *ld_load_image(loader *ld, json_t *obj, const char *path);

/* load-blocks.c: a body or conclusion (o->v[i]) into *dst; a source given
 * as an object or an id into *dst (-1 until resolved); the ids resolved. */
void ld_blocks_of(loader *ld, const object *o, int i, bf_blocks *dst);
void ld_source_of(loader *ld, json_t *v, const char *path, int *dst);
void ld_resolve_sources(loader *ld);

/* load.c: the index of the source with the len bytes at id, or -1. */
int ld_lookup_id(const void *ctx, const char *id, size_t len);

#endif
