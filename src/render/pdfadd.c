/* pdfadd.c - what the repack adds to cairo's objects (pdfadd.h). */
#include "render/pdfadd.h"

#include <string.h>

#include "render/pdfa.h"
#include "render/pdftext.h"
#include "render/pdfwrite.h"

/* An object's body, with each entry of its /XObject dictionary once:
 * cairo 1.16 lists a picture drawn twice on one page twice there (the same
 * name for the same object), which readers warn about. */
/* (`at`: just after the dictionary's "/XObject << ".) */
static void append_object(GByteArray *b, const unsigned char *p, size_t n, const unsigned char *at)
{
    const unsigned char *end = memchr(at, '>', n - (size_t)(at - p));
    if (!end) {
        g_byte_array_append(b, p, (guint)n);
        return;
    }
    g_byte_array_append(b, p, (guint)(at - p));
    /* Entries are "/NAME NUM 0 R " each; keep the first of each name. */
    const unsigned char *e = at;
    while (e < end) {
        const unsigned char *r = e;
        while (r + 1 < end && !(r[0] == 'R' && r[1] == ' ')) r++;
        if (r + 1 >= end) break;
        size_t len = (size_t)(r + 2 - e);
        bool seen = false;
        for (const unsigned char *q = at; q < e && !seen;) {
            const unsigned char *qr = q;
            while (qr + 1 < e && !(qr[0] == 'R' && qr[1] == ' ')) qr++;
            seen = (size_t)(qr + 2 - q) == len && !memcmp(q, e, len);
            q = qr + 2;
        }
        if (!seen) g_byte_array_append(b, e, (guint)len);
        e = r + 2;
    }
    g_byte_array_append(b, e, (guint)(n - (size_t)(e - p)));
}

/* The literal string after `key` ("/URI (" ... ")"), escapes and nested
 * parentheses kept, as [*s, *e); false when there is none. */
static bool literal_after(const unsigned char *b, size_t n, const char *key, const unsigned char **s,
                          const unsigned char **e)
{
    const unsigned char *k = bf_pdf_find(b, n, key), *end = b + n;
    if (!k) return false;
    const unsigned char *q = k + strlen(key);
    *s = q;
    for (int depth = 0; q < end; q++) {
        if (*q == '\\') {
            q++;
        } else if (*q == '(') {
            depth++;
        } else if (*q == ')' && depth-- == 0) {
            *e = q;
            return true;
        }
    }
    return false;
}

/* What goes into the object's dictionary, before its closing ">>". */
static void object_additions(GByteArray *add, unsigned num, const unsigned char *b, size_t n, bf_pack_extras *ex)
{
    const bf_pdf_extras *x = ex->x;
    const unsigned char *s, *e;
    if (num == ex->root) {
        bf_pdf_put(add, " /Lang ");
        bf_pdf_put_text(add, x->lang ? x->lang : "ja");
        bf_pdf_put(add, " /ViewerPreferences << /DisplayDocTitle true >> /PageMode /UseOutlines");
        if (ex->metadata) bf_pdf_putu(add, " /Metadata %llu 0 R", ex->metadata);
        if (ex->pdfa) bf_pdfa_catalog(add, x->pdfa, ex->pdfa);
    } else if (bf_pdf_find_word(b, n, "/Type /Page") && !bf_pdf_find(b, n, "/Tabs")) {
        /* Tab order follows the structure tree. */
        bf_pdf_put(add, " /Tabs /S");
    } else if (bf_pdf_find_word(b, n, "/Subtype /Link") && literal_after(b, n, "/URI (", &s, &e)) {
        /* Printable, and its URI said aloud. */
        bf_pdf_put(add, " /F 4 /Contents (");
        g_byte_array_append(add, s, (guint)(e - s));
        bf_pdf_put(add, ")");
    } else if (bf_pdf_find_word(b, n, "/S /Figure") && bf_pdf_find_word(b, n, "/Type /StructElem") &&
               ex->figures < x->n_alt) {
        const char *alt = x->alt[ex->figures++];
        if (alt && *alt) {
            bf_pdf_put(add, " /Alt ");
            bf_pdf_put_text(add, alt);
        }
    }
}

/* The object's body into `packed`, with what the extras add: keys at the
 * end of its dictionary, and the information dictionary's dates with
 * their D: prefix (cairo 1.16 writes them without). */
static void append_body(GByteArray *packed, unsigned num, const unsigned char *b, size_t n, bf_pack_extras *ex)
{
    const unsigned char *close = ex->x && n >= 2 && !memcmp(b + n - 2, ">>", 2) ? b + n - 2 : NULL;
    if (!close) {
        g_byte_array_append(packed, b, (guint)n);
        return;
    }
    GByteArray *add = g_byte_array_new();
    object_additions(add, num, b, n, ex);
    if (num == ex->info) {
        for (const unsigned char *q = b; q < close; q++) {
            g_byte_array_append(packed, q, 1);
            if (*q == '(' && q + 1 < close && g_ascii_isdigit(q[1]) &&
                ((q - b >= 5 && !memcmp(q - 5, "Date (", 6)) || (q - b >= 4 && !memcmp(q - 4, "Date(", 5))))
                bf_pdf_put(packed, "D:");
        }
    } else {
        g_byte_array_append(packed, b, (guint)(close - b));
    }
    g_byte_array_append(packed, add->data, add->len);
    bf_pdf_put(packed, ">>");
    g_byte_array_free(add, TRUE);
}

/* A page's resources with the text's fonts (pdftext.h) in its /Font
 * dictionary, made if it has none. */
static void add_fonts(GByteArray *b, const unsigned char *p, size_t n, bf_pack_extras *ex, int page)
{
    GByteArray *fonts = g_byte_array_new();
    bf_pdf_text_resources(ex->x->text, page, fonts);
    const unsigned char *f = bf_pdf_find(p, n, "/Font <<");
    if (f) {
        f += strlen("/Font <<");
        g_byte_array_append(b, p, (guint)(f - p));
        g_byte_array_append(b, fonts->data, fonts->len);
        g_byte_array_append(b, f, (guint)(n - (size_t)(f - p)));
    } else if (n >= 2 && !memcmp(p, "<<", 2)) {
        bf_pdf_put(b, "<< /Font <<");
        g_byte_array_append(b, fonts->data, fonts->len);
        bf_pdf_put(b, " >>");
        g_byte_array_append(b, p + 2, (guint)(n - 2));
    } else {
        g_byte_array_append(b, p, (guint)n);
    }
    g_byte_array_free(fonts, TRUE);
}

void bf_pdf_append_clean(GByteArray *packed, unsigned num, const unsigned char *b, size_t n, bf_pack_extras *ex)
{
    GByteArray *with_fonts = NULL;
    if (ex->page_of && num <= ex->max_num && ex->page_of[num]) {
        with_fonts = g_byte_array_new();
        add_fonts(with_fonts, b, n, ex, ex->page_of[num] - 1);
        b = with_fonts->data;
        n = with_fonts->len;
    }
    static const char key[] = "/XObject << ";
    const unsigned char *at = bf_pdf_find(b, n, key);
    if (!at) {
        append_body(packed, num, b, n, ex);
    } else {
        GByteArray *clean = g_byte_array_new();
        append_object(clean, b, n, at + sizeof key - 1);
        append_body(packed, num, clean->data, clean->len, ex);
        g_byte_array_free(clean, TRUE);
    }
    if (with_fonts) g_byte_array_free(with_fonts, TRUE);
}
