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
/* A number in decimal, then `after` (unless it is 0): the repack's many
 * "NUM OFFSET " pairs, without a printf each. */
void bf_pdf_put_num(GByteArray *b, unsigned long long v, char after);
/* v's decimal digits written backwards from `end` (20 at most): where they
 * begin.  For writers that gather a number with other bytes. */
char *bf_pdf_digits(char *end, unsigned long long v);
/* utf8[0..len) as UTF-16BE in hex digits (U+FFFD for what is not UTF-8). */
void bf_pdf_put_utf16(GByteArray *b, const char *utf8, size_t len);
/* A PDF text string: UTF-16BE with its byte order mark, in hex. */
void bf_pdf_put_text(GByteArray *b, const char *utf8);
/* A compressor (libdeflate's, level 6) for one thread's many streams; NULL
 * when none can be made. */
typedef struct bf_deflater bf_deflater;
bf_deflater *bf_deflater_new(void);
void bf_deflater_free(bf_deflater *z);
/* p[0..n) compressed (zlib's format), appended; false (b as it was) when zlib fails. */
bool bf_pdf_deflate(GByteArray *b, const unsigned char *p, size_t n);
/* The first `needle` in [p, p + n), or NULL. */
const unsigned char *bf_pdf_find(const unsigned char *p, size_t n, const char *needle);
/* The last `needle` in [p, p + n), or NULL. */
const unsigned char *bf_pdf_find_last(const unsigned char *p, size_t n, const char *needle);
/* `word` in [p, p + n) not followed by a letter or digit ("/Type /Page",
 * not "/Type /Pages"), or NULL. */
const unsigned char *bf_pdf_find_word(const unsigned char *p, size_t n, const char *word);
/* A stream object's n bytes ("N 0 obj << ... >> stream ... endobj"), its
 * data unfiltered (with the text's placeholders swapped for their text,
 * pdftext.h, when `text` is set), appended to w with the data compressed: "/Filter
 * /FlateDecode /Length L" in place of its /Length, the rest of the
 * dictionary as it was.  *length_obj is the object that held its length
 * ("/Length M 0 R"), now unused, or 0.  False (w as it was) when it is
 * filtered already, is metadata, or is not laid out as a stream.  z may be
 * NULL (one is made for the call). */
struct bf_pdf_text;
bool bf_pdf_flate_stream(bf_deflater *z, GByteArray *w, const unsigned char *obj, size_t n, unsigned *length_obj,
                         struct bf_pdf_text *text);

#endif
