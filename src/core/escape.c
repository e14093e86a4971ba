/* escape.c - messages made safe for a terminal.  It needs nothing but the
 * C library, so that the program can escape what it says about its own
 * arguments without loading the library. */
#include "core/escape.h"

#include <string.h>

/* The length of the UTF-8 character at p if it is a valid one and not a C1
 * control (U+0080..U+009F), else 0. */
static size_t printable_utf8(const unsigned char *p)
{
    size_t n = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : 2;
    if (p[0] < 0xC2 || p[0] > 0xF4) return 0;
    for (size_t k = 1; k < n; k++)
        if ((p[k] & 0xC0) != 0x80) return 0;
    if (p[0] == 0xC2 && p[1] < 0xA0) return 0;  /* C1 controls */
    if (p[0] == 0xE0 && p[1] < 0xA0) return 0;  /* overlong */
    if (p[0] == 0xED && p[1] >= 0xA0) return 0; /* surrogates */
    if (p[0] == 0xF0 && p[1] < 0x90) return 0;  /* overlong */
    if (p[0] == 0xF4 && p[1] >= 0x90) return 0; /* past U+10FFFF */
    return n;
}

/* Copy a message line with every control character and every byte that is
 * not part of valid UTF-8 written as \xNN, so that nothing a file or an
 * argument holds (ESC ] 0 ; retitles a terminal) reaches the terminal as a
 * control; Japanese and other text stay as they are.  Every message passes
 * here, whoever wrote it. */
void bf_escape(char *out, size_t size, const char *in)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p;) {
        size_t n = *p >= 0x20 && *p < 0x7F ? 1 : *p >= 0x80 ? printable_utf8(p) : 0;
        if (n == 0) {
            if (o + 4 >= size) break;
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
            p++;
        } else {
            if (o + n >= size) break;
            memcpy(out + o, p, n);
            o += n;
            p += n;
        }
    }
    out[o] = 0;
}
