/* pdfa.c - what PDF/A-3b adds to the repacked PDF (pdfa.h): an sRGB output
 * intent, since cairo paints in DeviceRGB, and the input and layout as
 * associated files, /AFRelationship /Source, so that the edition can be
 * built again from the PDF alone.  Everything comes from the document (the
 * dates are the PDF's own), so the same input gives the same bytes. */
#include "render/pdfa.h"
#include "render/pdfwrite.h"

#include <stdio.h>
#include <string.h>

/* A file name as a byte string for /F, which older readers take as it is:
 * printable ASCII kept, anything else '_' (the name itself is /UF). */
static void put_ascii_name(GByteArray *b, const char *name)
{
    bf_pdf_put(b, "(");
    for (const char *s = name; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char one[2] = {c >= 0x20 && c < 0x7F && c != '(' && c != ')' && c != '\\' ? (char)c : '_', 0};
        bf_pdf_put(b, one);
    }
    bf_pdf_put(b, ")");
}

/* A name object: '/' and the bytes, each outside ! to ~ or one of
 * PDF's delimiters written #XX ("application/json" is /application#2Fjson). */
static void put_name(GByteArray *b, const char *s)
{
    bf_pdf_put(b, "/");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c > '!' && c < '~' && !strchr("#/()<>[]{}%", c)) {
            char one[2] = {(char)c, 0};
            bf_pdf_put(b, one);
        } else {
            bf_pdf_putu(b, "#%02llX", c);
        }
    }
}

static bool stream(GByteArray *w, unsigned num, const char *dict, const unsigned char *p, size_t n)
{
    GByteArray *z = g_byte_array_new();
    bool ok = bf_pdf_deflate(z, p, n);
    if (ok) {
        bf_pdf_putu(w, "%llu 0 obj\n<< ", num);
        bf_pdf_put(w, dict);
        bf_pdf_putu(w, " /Filter /FlateDecode /Length %llu >>\nstream\n", z->len);
        g_byte_array_append(w, z->data, z->len);
        bf_pdf_put(w, "\nendstream\nendobj\n");
    }
    g_byte_array_free(z, TRUE);
    return ok;
}

unsigned bf_pdfa_count(const bf_pdfa *p)
{
    return p ? 1 + 2 * (unsigned)p->n_files : 0;
}

bool bf_pdfa_objects(GByteArray *w, const bf_pdfa *p, time_t date, unsigned first, size_t base, size_t *offsets)
{
    offsets[0] = base + w->len;
    if (!stream(w, first, "/N 3 /Alternate /DeviceRGB", p->icc, p->icc_len)) return false;
    char when[32];
    struct tm tm;
    gmtime_r(&date, &tm);
    strftime(when, sizeof when, "D:%Y%m%d%H%M%SZ", &tm);
    for (int i = 0; i < p->n_files; i++) {
        const bf_pdf_file *f = &p->files[i];
        unsigned num = first + 1 + 2 * (unsigned)i;
        GByteArray *d = g_byte_array_new();
        bf_pdf_put(d, "/Type /EmbeddedFile /Subtype ");
        put_name(d, f->mime);
        bf_pdf_putu(d, " /Params << /Size %llu /ModDate (", f->len);
        bf_pdf_put(d, when);
        char *md5 = g_compute_checksum_for_data(G_CHECKSUM_MD5, f->bytes, f->len);
        bf_pdf_put(d, ") /CheckSum <");
        bf_pdf_put(d, md5);
        bf_pdf_put(d, "> >>");
        g_free(md5);
        g_byte_array_append(d, (const guint8 *)"", 1);
        offsets[1 + 2 * i] = base + w->len;
        bool ok = stream(w, num, (const char *)d->data, f->bytes, f->len);
        g_byte_array_free(d, TRUE);
        if (!ok) return false;
        offsets[2 + 2 * i] = base + w->len;
        bf_pdf_putu(w, "%llu 0 obj\n<< /Type /Filespec /F ", num + 1);
        put_ascii_name(w, f->name);
        bf_pdf_put(w, " /UF ");
        bf_pdf_put_text(w, f->name);
        bf_pdf_put(w, " /Desc ");
        bf_pdf_put_text(w, f->desc);
        bf_pdf_putu(w, " /AFRelationship /Source /EF << /F %llu 0 R", num);
        bf_pdf_putu(w, " /UF %llu 0 R >> >>\nendobj\n", num);
    }
    return true;
}

void bf_pdfa_catalog(GByteArray *add, const bf_pdfa *p, unsigned first)
{
    bf_pdf_put(add,
               " /OutputIntents [<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1)"
               " /RegistryName (http://www.color.org) /Info (sRGB IEC61966-2.1)");
    bf_pdf_putu(add, " /DestOutputProfile %llu 0 R >>]", first);
    bf_pdf_put(add, " /AF [");
    for (int i = 0; i < p->n_files; i++) bf_pdf_putu(add, i ? " %llu 0 R" : "%llu 0 R", first + 2 + 2 * (unsigned)i);
    /* A name tree's keys in order. */
    int order[2] = {0, 1};
    if (p->n_files == 2 && strcmp(p->files[1].name, p->files[0].name) < 0) order[0] = 1, order[1] = 0;
    bf_pdf_put(add, "] /Names << /EmbeddedFiles << /Names [");
    for (int k = 0; k < p->n_files && k < 2; k++) {
        int i = order[k];
        if (k) bf_pdf_put(add, " ");
        bf_pdf_put_text(add, p->files[i].name);
        bf_pdf_putu(add, " %llu 0 R", first + 2 + 2 * (unsigned)i);
    }
    bf_pdf_put(add, "] >> >>");
}
