/* escape.h - messages made safe for a terminal (escape.c). */
#ifndef BF_CORE_ESCAPE_H
#define BF_CORE_ESCAPE_H

#include <stddef.h>

/* `in` with every control character and every byte that is not valid UTF-8
 * written as \xNN, cut to fit `size` (which must be at least 1): what every
 * message does to its text, for the few lines written without the sink
 * (the command line's own). */
void bf_escape(char *out, size_t size, const char *in);

#endif
