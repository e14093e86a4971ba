/* utf8.h - the one UTF-8 decoder: GLib's, strict as RFC 3629 is.
 *
 * No overlong forms, no surrogates, nothing above U+10FFFF and no NUL;
 * noncharacters are characters here (the loader replaces them itself).
 */
#ifndef BF_UTF8_H
#define BF_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The length of the UTF-8 character at p, which ends before `end`, with its
 * code point in *cp (if cp is not NULL); 0 when the bytes there are not
 * one. */
size_t bf_utf8_next(const char *p, const char *end, uint32_t *cp);

#endif
