/* pdfwrite.h - the bytes of PDF objects, written into a buffer: by the
 * repack (pdfpack.c) and by what PDF/A adds to it (pdfa.c). */
#ifndef BF_PDFWRITE_H
#define BF_PDFWRITE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* The string's bytes. */
void bf_pdf_put(GByteArray *b, const char *s);
/* One number through a printf format ("%llu 0 obj"); nothing if it does not fit 128 bytes. */
void bf_pdf_putu(GByteArray *b, const char *fmt, unsigned long long v);
/* A PDF text string: UTF-16BE with its byte order mark, in hex. */
void bf_pdf_put_text(GByteArray *b, const char *utf8);
/* p[0..n) compressed with zlib, appended; false (b as it was) when zlib fails. */
bool bf_pdf_deflate(GByteArray *b, const unsigned char *p, size_t n);

#endif
