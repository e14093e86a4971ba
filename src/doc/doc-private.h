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
bool bf_text_parse_with(bf_arena *arena, bf_diag *diag, const char *file, bf_cite_lookup lookup,
                        const void *ctx, const char *path, const char *s, bf_text *out);

/* Letters, digits, '_' and '-': the characters of a source id. */
bool bf_is_id_char(int c);

/* The part of s between its leading and trailing white space (ASCII white
 * space and U+3000 IDEOGRAPHIC SPACE): returns where it starts, sets *len. */
const char *bf_trim(const char *s, size_t *len);

/* A short, printable form of a string from the input for a message: in
 * double quotes, control characters escaped, cut after 40 characters so
 * that a 64 KiB string cannot flood the terminal.  In the arena. */
const char *bf_quote(bf_arena *arena, const char *s);

/* Read the header of the image file at `path`: a PNG (width and height from
 * IHDR) or a baseline or progressive JPEG (from SOF0, SOF1 or SOF2).  False,
 * with the reason in `why`, when the file cannot be read or is neither. */
bool bf_image_probe(const char *path, bool *is_jpeg, int *width, int *height, char *why,
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
