/* image.c - a chapter's image file, read and decoded when the document is
 * loaded, so that `check` finds every picture `build` could not set, and
 * nothing is left out of the PDF without a message.
 *
 * PNG goes through libpng, JPEG through libjpeg(-turbo).  Both decoders'
 * warnings are errors here: libjpeg fills a truncated scan with gray and
 * calls that a warning, libpng drops an ancillary chunk with a bad CRC;
 * either would put something in the PDF other than the file's picture. */
#include "doc/doc-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jpeglib.h>
#include <png.h>

static const unsigned char png_magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

/* The size a header declares, refused beyond the pixel limit before any
 * decoder allocates for it. */
static bool size_ok(uint32_t w, uint32_t h, const char *kind, char *why, size_t why_size)
{
    if (w == 0 || h == 0 || w > INT32_MAX || h > INT32_MAX) {
        snprintf(why, why_size, "a %s file with an invalid size (%" PRIu32 " x %" PRIu32 ")", kind, w, h);
        return false;
    }
    if ((uint64_t)w * h > BF_MAX_IMAGE_PIXELS) {
        snprintf(why, why_size, "%" PRIu32 " x %" PRIu32 " pixels, over the limit of %ld pixels", w, h,
                 BF_MAX_IMAGE_PIXELS);
        return false;
    }
    return true;
}

/* PNG: the signature, then the IHDR chunk (length 13) whose data starts
 * with the width and the height (PNG spec, 11.2.2). */
static bool probe_png(const unsigned char *b, size_t n, int *width, int *height, char *why, size_t why_size)
{
    if (n < 8 + 16 || be32(b + 8) != 13 || memcmp(b + 12, "IHDR", 4) != 0) {
        snprintf(why, why_size, "a PNG file without its IHDR header");
        return false;
    }
    uint32_t w = be32(b + 16), h = be32(b + 20);
    if (!size_ok(w, h, "PNG", why, why_size)) return false;
    *width = (int)w;
    *height = (int)h;
    return true;
}

/* JPEG: markers after SOI, each segment but the standalone ones carrying
 * its length, until the frame header.  Only SOF0 (baseline), SOF1 and SOF2
 * (progressive) are DCT codings a PDF reader displays (PDF 32000 7.4.8);
 * a scan (SOS) or the end (EOI) before them means there is none. */
static bool probe_jpeg(const unsigned char *b, size_t n, int *width, int *height, char *why, size_t why_size)
{
    /* Real files have a dozen segments; the bound keeps a hostile file of
     * tiny segments from being walked to its end. */
    enum { MAX_SEGMENTS = 4096 };
    size_t i = 2;
    for (int seg = 0; seg < MAX_SEGMENTS; seg++) {
        if (i >= n || b[i++] != 0xFF) goto corrupt;
        while (i < n && b[i] == 0xFF) i++; /* fill bytes */
        if (i >= n) goto corrupt;
        int c = b[i++];
        if (c == 0x01 || (c >= 0xD0 && c <= 0xD8)) continue; /* no length */
        if (c == 0xD9 || c == 0xDA) break;
        if (n - i < 2) goto corrupt;
        unsigned len = be16(b + i);
        if (len < 2 || n - i < len) goto corrupt;
        if (c == 0xC0 || c == 0xC1 || c == 0xC2) {
            if (len < 7) goto corrupt; /* length, precision, height, width */
            unsigned h = be16(b + i + 3), w = be16(b + i + 5);
            if (!size_ok(w, h, "JPEG", why, why_size)) return false;
            *width = (int)w;
            *height = (int)h;
            return true;
        }
        /* The other SOF markers: lossless, hierarchical, arithmetic. */
        if ((c >= 0xC3 && c <= 0xCF) && c != 0xC4 && c != 0xC8 && c != 0xCC) {
            snprintf(why, why_size, "a JPEG file in a coding other than baseline or progressive");
            return false;
        }
        i += len;
    }
corrupt:
    snprintf(why, why_size, "a JPEG file without a readable frame header");
    return false;
}

/* cairo's pixel layout is a native-endian 32-bit word; the decoders write
 * bytes. */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
#define BF_JCS_PIXEL JCS_EXT_BGRX
#else
#define BF_JCS_PIXEL JCS_EXT_XRGB
#endif

/* ---- JPEG ------------------------------------------------------------------ */

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
} jpeg_err;

static void jpeg_fail(j_common_ptr cinfo)
{
    jpeg_err *e = (jpeg_err *)cinfo->err;
    cinfo->err->format_message(cinfo, e->message);
    longjmp(e->jump, 1);
}

/* Level -1 is a warning (corrupt or truncated data, which libjpeg would
 * paint gray); the higher levels are trace messages. */
static void jpeg_message(j_common_ptr cinfo, int level)
{
    if (level < 0) jpeg_fail(cinfo);
}

/* Decode the JPEG at b: into `pixels` (RGB24 layout, `stride`) when not
 * NULL, else only to check it.  *end is set to the length up to and with
 * the end marker; *cmyk to whether it has four components. */
static bool decode_jpeg(const unsigned char *b, size_t n, unsigned char *pixels, int stride, size_t *end, bool *cmyk,
                        char *why, size_t why_size)
{
    struct jpeg_decompress_struct cinfo;
    jpeg_err err;
    JSAMPLE *volatile row = NULL;
    volatile bool ok = false;
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = jpeg_fail;
    err.pub.emit_message = jpeg_message;
    if (setjmp(err.jump)) {
        snprintf(why, why_size, "a JPEG file that cannot be decoded: %s", err.message);
        goto fail;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, b, (unsigned long)n);
    jpeg_read_header(&cinfo, TRUE);
    bool four = cinfo.num_components == 4;
    if (cinfo.num_components != 1 && cinfo.num_components != 3 && !four) {
        snprintf(why, why_size, "a JPEG file with %d colour components", cinfo.num_components);
        goto fail;
    }
    if (cmyk) *cmyk = four;
    /* CMYK and YCCK come out as CMYK and are made RGB below; gray and RGB
     * straight into cairo's layout. */
    cinfo.out_color_space = four ? JCS_CMYK : BF_JCS_PIXEL;
    jpeg_start_decompress(&cinfo);
    row = g_malloc((size_t)cinfo.output_width * 4);
    while (cinfo.output_scanline < cinfo.output_height) {
        unsigned y = cinfo.output_scanline;
        bool direct = pixels && !four;
        JSAMPROW r = direct ? pixels + (size_t)y * stride : row;
        if (jpeg_read_scanlines(&cinfo, &r, 1) != 1) {
            snprintf(why, why_size, "a JPEG file that cannot be decoded: no data for row %u", y);
            goto fail;
        }
        if (!pixels || direct) continue;
        /* Adobe's APP14 marks inverted CMYK (what Photoshop writes): 0 is
         * full ink.  Without it, 255 is full ink. */
        uint32_t *out = (uint32_t *)(pixels + (size_t)y * stride);
        for (unsigned x = 0; x < cinfo.output_width; x++) {
            const JSAMPLE *px = row + (size_t)4 * x;
            unsigned c = px[0], m = px[1], ye = px[2], k = px[3];
            if (!cinfo.saw_Adobe_marker) {
                c = 255 - c;
                m = 255 - m;
                ye = 255 - ye;
                k = 255 - k;
            }
            uint32_t R = (c * k + 127) / 255, G = (m * k + 127) / 255, B = (ye * k + 127) / 255;
            out[x] = 0xff000000u | R << 16 | G << 8 | B;
        }
    }
    jpeg_finish_decompress(&cinfo);
    if (end) *end = n - cinfo.src->bytes_in_buffer;
    ok = true;
fail:
    jpeg_destroy_decompress(&cinfo);
    g_free(row);
    return ok;
}

bool bf_picture_decode(const bf_picture *pic, unsigned char *pixels, int stride)
{
    char why[JMSG_LENGTH_MAX + 64];
    if (!pic->jpeg) return false;
    return decode_jpeg(pic->jpeg, pic->jpeg_len, pixels, stride, NULL, NULL, why, sizeof why);
}

/* ---- PNG ------------------------------------------------------------------- */

typedef struct {
    const unsigned char *b;
    size_t n, at;
    jmp_buf jump;
    char message[160];
    char warning[120]; /* the first, which often says why the error came */
} png_src;

static void png_fail(png_structp png, png_const_charp msg)
{
    png_src *s = png_get_error_ptr(png);
    if (s->warning[0])
        snprintf(s->message, sizeof s->message, "%s (%s)", msg, s->warning);
    else
        snprintf(s->message, sizeof s->message, "%s", msg);
    longjmp(s->jump, 1);
}

/* Warnings are what libpng could read past without losing the picture (a
 * known-bad colour profile, say); a bad CRC, which would, is an error by
 * png_set_crc_action. */
static void png_warn(png_structp png, png_const_charp msg)
{
    png_src *s = png_get_error_ptr(png);
    if (!s->warning[0]) snprintf(s->warning, sizeof s->warning, "%s", msg);
}

static void png_read(png_structp png, png_bytep out, png_size_t len)
{
    png_src *s = png_get_io_ptr(png);
    if (s->n - s->at < len) png_error(png, "the file ends early");
    memcpy(out, s->b + s->at, len);
    s->at += len;
}

/* Decode the PNG at b into img->pixels, in the arena. */
static bool decode_png(bf_arena *arena, const unsigned char *b, size_t n, bf_picture *img, char *why, size_t why_size)
{
    png_src src = {.b = b, .n = n};
    png_structp png = NULL;
    png_infop info = NULL;
    png_bytep *volatile rows = NULL;
    volatile bool ok = false;
    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &src, png_fail, png_warn);
    if (!png) goto oom;
    info = png_create_info_struct(png);
    if (!info) goto oom;
    if (setjmp(src.jump)) {
        snprintf(why, why_size, "a PNG file that cannot be decoded: %s", src.message);
        goto fail;
    }
    png_set_read_fn(png, &src, png_read);
    /* A bad CRC is an error in every chunk: a dropped tRNS or PLTE would
     * change the picture.  The limit is checked again by libpng itself. */
    png_set_crc_action(png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
    png_set_user_limits(png, (png_uint_32)img->width, (png_uint_32)img->height);
    png_read_info(png, info);
    int depth = png_get_bit_depth(png, info), type = png_get_color_type(png, info);
    /* Everything to 8-bit B, G, R, A bytes (cairo's word on little-endian);
     * no gamma correction, as cairo's own reader and browsers without
     * colour management. */
    if (type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (type == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (depth == 16) png_set_strip_16(png);
    if (type == PNG_COLOR_TYPE_GRAY || type == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
    png_set_bgr(png);
    png_set_filler(png, 0xff, PNG_FILLER_AFTER);
#else
    png_set_swap_alpha(png);
    png_set_filler(png, 0xff, PNG_FILLER_BEFORE);
#endif
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)img->width * 4) png_error(png, "an unexpected row size");
    img->has_alpha = (type & PNG_COLOR_MASK_ALPHA) || png_get_valid(png, info, PNG_INFO_tRNS);
    size_t stride = (size_t)img->width * 4;
    img->pixels = bf_arena_array(arena, (size_t)img->height, stride);
    if (!img->pixels) goto oom;
    rows = g_new(png_bytep, img->height);
    for (int y = 0; y < img->height; y++) rows[y] = img->pixels + (size_t)y * stride;
    png_read_image(png, rows);
    png_read_end(png, NULL); /* the chunks after the data, to IEND, and their CRCs */
    if (img->has_alpha) {
        /* cairo's ARGB32 is premultiplied. */
        for (int y = 0; y < img->height; y++) {
            uint32_t *p = (uint32_t *)rows[y];
            for (int x = 0; x < img->width; x++) {
                uint32_t v = p[x], a = v >> 24;
                if (a == 255) continue;
                uint32_t r = ((v >> 16 & 255) * a + 127) / 255, g = ((v >> 8 & 255) * a + 127) / 255,
                         bl = ((v & 255) * a + 127) / 255;
                p[x] = a << 24 | r << 16 | g << 8 | bl;
            }
        }
    }
    ok = true;
    goto fail;
oom:
    snprintf(why, why_size, "out of memory");
fail:
    png_destroy_read_struct(png ? &png : NULL, info ? &info : NULL, NULL);
    g_free(rows);
    return ok;
}

/* ---- the file -------------------------------------------------------------- */

/* The pixels a picture keeps, checked against what the document may still
 * keep before they are decoded. */
static bool keep_ok(const bf_picture *img, long budget, char *why, size_t why_size)
{
    if ((long)img->width * img->height <= budget) return true;
    snprintf(why, why_size, "over the limit of %ld pixels for all PNG and CMYK JPEG images together",
             BF_MAX_KEPT_PIXELS);
    return false;
}

bool bf_image_read(bf_arena *arena, const char *path, bf_picture *img, long budget, char *why, size_t why_size)
{
    bool ok = false;
    unsigned char *b = NULL;
    struct stat st;
    /* O_NONBLOCK and the check after opening: a FIFO or a device must not
     * block the run or be read without end.  The path is resolved already:
     * a link put in its place since is not followed out of the root. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(why, why_size, "%s", strerror(errno));
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(why, why_size, "not a regular file");
        goto done;
    }
    if (st.st_size > BF_MAX_IMAGE_BYTES) {
        snprintf(why, why_size, "larger than the limit of %ld bytes for an image file", BF_MAX_IMAGE_BYTES);
        goto done;
    }
    size_t n = (size_t)st.st_size, got = 0;
    b = g_malloc(n ? n : 1);
    while (got < n) {
        ssize_t r = read(fd, b + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            snprintf(why, why_size, "cannot read: %s", strerror(errno));
            goto done;
        }
        if (r == 0) break;
        got += (size_t)r;
    }
    n = got;
    if (n >= 8 && memcmp(b, png_magic, sizeof png_magic) == 0) {
        img->is_jpeg = false;
        if (!probe_png(b, n, &img->width, &img->height, why, why_size)) goto done;
        if (!keep_ok(img, budget, why, why_size)) goto done;
        ok = decode_png(arena, b, n, img, why, why_size);
    } else if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) {
        img->is_jpeg = true;
        if (!probe_jpeg(b, n, &img->width, &img->height, why, why_size)) goto done;
        size_t end = n;
        bool cmyk = false;
        if (!decode_jpeg(b, n, NULL, 0, &end, &cmyk, why, why_size)) goto done;
        if (cmyk && !keep_ok(img, budget, why, why_size)) goto done;
        if (cmyk) {
            /* cairo 1.16 embeds a CMYK JPEG without the /Decode an Adobe
             * file needs, which inverts its colours in every reader: it
             * goes in as RGB pixels instead. */
            size_t stride = (size_t)img->width * 4;
            img->pixels = bf_arena_array(arena, (size_t)img->height, stride);
            if (!img->pixels) {
                snprintf(why, why_size, "out of memory");
                goto done;
            }
            ok = decode_jpeg(b, n, img->pixels, (int)stride, NULL, NULL, why, why_size);
        } else {
            unsigned char *copy = bf_arena_alloc(arena, end);
            if (!copy) {
                snprintf(why, why_size, "out of memory");
                goto done;
            }
            memcpy(copy, b, end);
            img->jpeg = copy;
            img->jpeg_len = end;
            ok = true;
        }
    } else {
        snprintf(why, why_size, "neither a PNG nor a JPEG file");
    }
done:
    if (fd >= 0) close(fd);
    g_free(b);
    return ok;
}

/* ---- a picture the layout names ------------------------------------------------- */

const bf_image *bf_image_load_in(bf_arena *arena, bf_diag *d, const char *path, const char *dir, const char *file,
                                 int line, const char *key, const char *alt)
{
    char why[512];
    const char *full = path[0] == '/' || !strcmp(dir, ".") ? path : bf_arena_printf(arena, "%s/%s", dir, path);
    char *root = realpath(dir, NULL);
    const char *real = root ? bf_confine(arena, root, true, full, why, sizeof why) : NULL;
    if (!root)
        snprintf(why, sizeof why, "its folder %s cannot be resolved: %s", dir, strerror(errno));
    else if (!real && !strncmp(why, "outside", 7))
        /* bf_confine speaks of --root; a layout's picture lies in its folder. */
        snprintf(why, sizeof why, "outside %s",
                 strcmp(file, "--set") ? "the layout file's folder" : "the working directory");
    free(root);
    bf_picture *pic = bf_arena_alloc(arena, sizeof *pic);
    if (real) pic->real_path = real;
    if (!real || !bf_image_read(arena, real, pic, BF_MAX_KEPT_PIXELS, why, sizeof why)) {
        bf_error_at(d, file, line, 0, "%s: \"%s\": %s", key, path, why);
        return NULL;
    }
    bf_image *img = bf_arena_alloc(arena, sizeof *img);
    img->path = full;
    img->is_jpeg = pic->is_jpeg;
    img->width = pic->width;
    img->height = pic->height;
    img->picture = pic;
    img->alt = alt;
    return img;
}
