/* picture.c - the figures' and the logo's pictures as cairo surfaces, one
 * a picture a run, made gray for --grayscale. */
#include <stdint.h>
#include <string.h>

#include "render/pdf-private.h"

/* Every pixel to its gray (Rec. 601 luma), for --grayscale. */
static void to_gray(cairo_surface_t *img)
{
    cairo_surface_flush(img);
    cairo_format_t fmt = cairo_image_surface_get_format(img);
    if (fmt != CAIRO_FORMAT_ARGB32 && fmt != CAIRO_FORMAT_RGB24) return;
    unsigned char *data = cairo_image_surface_get_data(img);
    int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
    int stride = cairo_image_surface_get_stride(img);
    for (int y = 0; y < h; y++) {
        uint32_t *row = (uint32_t *)(data + (size_t)y * stride);
        for (int x = 0; x < w; x++) {
            uint32_t px = row[x];
            uint32_t r = (px >> 16) & 255, g = (px >> 8) & 255, b = px & 255;
            uint32_t v = (299 * r + 587 * g + 114 * b + 500) / 1000;
            row[x] = (px & 0xff000000u) | (v << 16) | (v << 8) | v;
        }
    }
    cairo_surface_mark_dirty(img);
}

/* The surface of a picture, made once a run and used for every chapter
 * that shows it: with the same surface and a unique id (the file's real
 * path) cairo's PDF backend writes one image object, not one a use.  An
 * embedded JPEG is decoded only for previews; the PDF gets its bytes. */
cairo_surface_t *bf_picture_surface(painter *p, const bf_picture *pic)
{
    if (!p->images) p->images = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)cairo_surface_destroy);
    cairo_surface_t *s = g_hash_table_lookup(p->images, pic);
    if (s) return s;
    int w = pic->width, h = pic->height;
    if (pic->jpeg) {
        s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
        if (p->raster && cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
            cairo_surface_flush(s);
            if (!bf_picture_decode(pic, cairo_image_surface_get_data(s), cairo_image_surface_get_stride(s)))
                p->lost_image = true;
            cairo_surface_mark_dirty(s);
        }
        cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, pic->jpeg, pic->jpeg_len, NULL, NULL);
    } else {
        cairo_format_t fmt = pic->has_alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24;
        if (p->L->grayscale) {
            /* The picture is the document's: the gray copy is the run's. */
            s = cairo_image_surface_create(fmt, w, h);
            if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
                cairo_surface_flush(s);
                unsigned char *d = cairo_image_surface_get_data(s);
                int stride = cairo_image_surface_get_stride(s);
                for (int y = 0; y < h; y++)
                    memcpy(d + (size_t)y * stride, pic->pixels + (size_t)y * w * 4, (size_t)w * 4);
                cairo_surface_mark_dirty(s);
                to_gray(s);
            }
        } else {
            s = cairo_image_surface_create_for_data(pic->pixels, fmt, w, h, w * 4);
        }
    }
    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID, (const unsigned char *)pic->real_path,
                                strlen(pic->real_path), NULL, NULL);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) p->lost_image = true;
    g_hash_table_insert(p->images, (gpointer)pic, s);
    return s;
}
