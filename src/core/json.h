/* json.h - the one writer of JSON strings, for every JSON this program
 * prints itself (the converter's JSON, `list --json`, a build's report).
 */
#ifndef BF_JSON_H
#define BF_JSON_H

#include <glib.h>
#include <stddef.h>

/* `s` (`len` bytes, UTF-8) appended to `out` as a JSON string: quotes,
 * backslashes and control characters escaped, everything else as it is. */
void bf_json_string(GString *out, const char *s, size_t len);

/* The same for a NUL-terminated `s`; NULL is written as null. */
void bf_json_cstring(GString *out, const char *s);

#endif
