/* image.c - what kind of picture a chapter's image is, and its size in
 * pixels, read from the file's header alone (the renderer decodes it). */
#include "doc/doc-private.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const unsigned char png_magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

/* PNG: the signature, then the IHDR chunk (length 13) whose data starts
 * with the width and the height (PNG spec, 11.2.2). */
static bool probe_png(FILE *f, int *width, int *height, char *why, size_t why_size)
{
    unsigned char h[16]; /* after the signature: length, type, width, height */
    if (fread(h, 1, sizeof h, f) != sizeof h || be32(h) != 13 || memcmp(h + 4, "IHDR", 4) != 0) {
        snprintf(why, why_size, "a PNG file without its IHDR header");
        return false;
    }
    uint32_t w = be32(h + 8), ht = be32(h + 12);
    if (w == 0 || ht == 0 || w > INT32_MAX || ht > INT32_MAX) {
        snprintf(why, why_size, "a PNG file with an invalid size");
        return false;
    }
    *width = (int)w;
    *height = (int)ht;
    return true;
}

/* JPEG: markers after SOI, each segment but the standalone ones carrying
 * its length, until the frame header.  Only SOF0 (baseline), SOF1 and SOF2
 * (progressive) are DCT codings a PDF reader displays (PDF 32000 7.4.8);
 * a scan (SOS) or the end (EOI) before them means there is none. */
static bool probe_jpeg(FILE *f, int *width, int *height, char *why, size_t why_size)
{
    /* Real files have a dozen segments; the bound keeps a hostile file of
     * tiny segments from being walked to its end. */
    enum { MAX_SEGMENTS = 4096 };
    if (fseek(f, 2, SEEK_SET) != 0) goto corrupt;
    for (int seg = 0; seg < MAX_SEGMENTS; seg++) {
        int c = getc(f);
        if (c != 0xFF) goto corrupt;
        while ((c = getc(f)) == 0xFF) {
        } /* fill bytes */
        if (c == EOF) goto corrupt;
        if (c == 0x01 || (c >= 0xD0 && c <= 0xD8)) continue; /* no length */
        if (c == 0xD9 || c == 0xDA) break;
        unsigned char len_bytes[2];
        if (fread(len_bytes, 1, 2, f) != 2) goto corrupt;
        unsigned len = be16(len_bytes);
        if (len < 2) goto corrupt;
        if (c == 0xC0 || c == 0xC1 || c == 0xC2) {
            unsigned char sof[5]; /* precision, height, width */
            if (len < 7 || fread(sof, 1, sizeof sof, f) != sizeof sof) goto corrupt;
            unsigned h = be16(sof + 1), w = be16(sof + 3);
            if (w == 0 || h == 0) {
                snprintf(why, why_size, "a JPEG file with an invalid size");
                return false;
            }
            *width = (int)w;
            *height = (int)h;
            return true;
        }
        /* The other SOF markers: lossless, hierarchical, arithmetic. */
        if ((c >= 0xC3 && c <= 0xCF) && c != 0xC4 && c != 0xC8 && c != 0xCC) {
            snprintf(why, why_size, "a JPEG file in a coding other than baseline or progressive");
            return false;
        }
        if (fseek(f, (long)len - 2, SEEK_CUR) != 0) goto corrupt;
    }
corrupt:
    snprintf(why, why_size, "a JPEG file without a readable frame header");
    return false;
}

bool bf_image_probe(const char *path, bool *is_jpeg, int *width, int *height, char *why,
                    size_t why_size)
{
    bool ok = false;
    FILE *f = NULL;
    struct stat st;
    /* stat first: opening a FIFO or a device to read its header could block
     * or never end. */
    if (stat(path, &st) != 0) {
        snprintf(why, why_size, "%s", strerror(errno));
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(why, why_size, "not a regular file");
        goto done;
    }
    f = fopen(path, "rb");
    if (!f) {
        snprintf(why, why_size, "%s", strerror(errno));
        goto done;
    }
    unsigned char magic[8];
    size_t n = fread(magic, 1, sizeof magic, f);
    if (n == sizeof magic && memcmp(magic, png_magic, sizeof magic) == 0) {
        *is_jpeg = false;
        ok = probe_png(f, width, height, why, why_size);
    } else if (n >= 3 && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF) {
        *is_jpeg = true;
        ok = probe_jpeg(f, width, height, why, why_size);
    } else {
        snprintf(why, why_size, "neither a PNG nor a JPEG file");
    }
done:
    if (f) fclose(f);
    return ok;
}
