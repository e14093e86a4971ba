/* doc-private.h - what the files of src/doc share and no other stage needs. */
#ifndef BF_DOC_PRIVATE_H
#define BF_DOC_PRIVATE_H

#include <jansson.h>

#include "doc/doc.h"

/* The index in bf_doc.sources of the source whose id is the `len` bytes at
 * `id`, or -1.  The loader passes a sorted table; bf_text_parse a plain
 * scan of the document's sources. */
typedef int (*bf_cite_lookup)(const void *ctx, const char *id, size_t len);

/* bf_text_parse with the citation lookup made explicit, and the file name
 * diagnostics use. */
bool bf_text_parse_with(bf_arena *arena, bf_diag *diag, const char *file, bf_cite_lookup lookup, const void *ctx,
                        const char *path, const char *s, bf_text *out);

/* Letters, digits, '_' and '-': the characters of a source id. */
bool bf_is_id_char(int c);

/* The part of s between its leading and trailing white space (ASCII white
 * space and U+3000 IDEOGRAPHIC SPACE): returns where it starts, sets *len. */
const char *bf_trim(const char *s, size_t *len);

/* A short, printable form of a string from the input for a message: in
 * double quotes, control characters escaped, cut after 40 characters so
 * that a 64 KiB string cannot flood the terminal.  In the arena. */
const char *bf_quote(bf_arena *arena, const char *s);

/* Read and decode the image file at `path` (resolved already) into *img,
 * its bytes and pixels in the arena: a PNG, or a baseline or progressive
 * JPEG, of at most BF_MAX_IMAGE_PIXELS, keeping at most `budget` pixels.
 * False, with the reason in `why`, when it cannot be read or decoded whole. */
bool bf_image_read(bf_arena *arena, const char *path, bf_picture *img, long budget, char *why, size_t why_size);

/* A briefing/1 document written as YAML (load-yaml.c), as the JSON tree
 * the loader checks; the nodes' positions go to the diagnostics sink.  NULL,
 * reported with line and column, when it is not YAML or uses what JSON
 * cannot say (anchors, aliases, tags, non-string keys). */
typedef struct json_t json_t;
json_t *bf_yaml_load(bf_diag *diag, const char *file, const char *bytes, size_t len);

/* Whether `bytes`, named `name`, are read as YAML: a .yaml or .yml name,
 * or standard input that does not start with '{'. */
bool bf_doc_is_yaml(const char *name, const char *bytes, size_t len);

/* bf_doc_load_bytes_in, with `kept`: the bytes are in the arena already,
 * NUL-terminated, and the document keeps them rather than a copy. */
bf_doc *bf_doc_load_kept(bf_arena *arena, bf_diag *diag, const char *name, const char *base_dir, const char *image_root,
                         const char *bytes, size_t len, bool kept);

/* The JSON tree of a file's bytes, JSON or (by its name) YAML, unchecked
 * against briefing/1; json_decref it.  NULL, reported, when not well formed. */
json_t *bf_doc_tree(bf_diag *diag, const char *name, const char *bytes, size_t len);

/* The same, with the sink's locator reading `bytes` where they are rather
 * than a copy: they must outlive every report about the file, as a job's
 * arena does (a job drops the locator when it is freed). */
json_t *bf_doc_tree_kept(bf_diag *diag, const char *name, const char *bytes, size_t len);

/* The JSON tree of `len` bytes of UTF-8 (bf_check_encoding's), read fast
 * (json-read.c): the tree jansson's json_loadb would give with
 * JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, or NULL where it is not sure,
 * and then json_loadb decides.  json_decref it. */
json_t *bf_json_read(const char *bytes, size_t len);

/* The SHA-256, in hex, of `root` written as compact JSON with sorted keys:
 * begun (on a thread of its own for an input of `input_len` bytes or more)
 * while the caller goes on reading the tree, which it must not change or
 * free before bf_digest_end.  That gives the digest (g_free it), or NULL. */
typedef struct bf_digest bf_digest;
bf_digest *bf_digest_begin(json_t *root, size_t input_len);
char *bf_digest_end(bf_digest *d);

/* The line and column in the JSON text `bytes` (well formed) of the value
 * at the data path, or of the nearest node that holds it (json-where.c). */
bool bf_json_locate(const char *bytes, size_t len, const char *path, int *line, int *column);

/* A source id: letters, digits, '_' and '-', at least one. */
bool bf_is_valid_id(const char *s);

/* http:// or https:// with something after it, no white space or controls. */
bool bf_is_valid_url(const char *s);

/* A BCP 47 tag in its general shape. */
bool bf_is_language_tag(const char *s);

/* The real path of the image path `path` (resolved against the document's
 * folder already), in the arena, when it lies inside `root` (a real path;
 * NULL: none could be found); else NULL with the reason in `why`, the same
 * whether or not a file is there outside.  `root_given`: it came from
 * --root, which the message names. */
const char *bf_confine(bf_arena *arena, const char *root, bool root_given, const char *path, char *why,
                       size_t why_size);

/* limits.c: the path of a key or an element under `parent` (NULL or "":
 * the top), in the arena.  A key that is not a short plain name is quoted
 * and cut: chapters[0]["タイトル"]. */
const char *bf_key_path(bf_arena *arena, const char *parent, const char *key);
const char *bf_index_path(bf_arena *arena, const char *parent, size_t i);

/* limits.c: the loader's second pass over the whole tree: report what is
 * over the limits (doc.h), replace noncharacters, with a warning. */
void bf_check_limits(bf_arena *arena, bf_diag *diag, const char *file, json_t *root);

/* read.c: refuse bytes that are not UTF-8 text (UTF-16, a bad byte, a NUL)
 * with the line and column of the problem; false when refused. */
bool bf_check_encoding(bf_diag *diag, const char *file, const char *bytes, size_t len);

/* read.c: report jansson's syntax error at its place, in words a person
 * editing the file can act on. */
void bf_report_syntax(bf_diag *diag, const char *file, const json_error_t *err, const char *bytes, size_t len);

#endif
