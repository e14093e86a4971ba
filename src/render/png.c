/* png.c - placed pages as PNG previews, drawn by pdf.c's bf_draw_page on
 * an image surface instead of the PDF surface. */
#include <cairo.h>
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "render/pdf-private.h"

static cairo_status_t write_png_chunk(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static bool write_png(FILE *f, void *ctx)
{
    return cairo_surface_write_to_png_stream(ctx, write_png_chunk, f) == CAIRO_STATUS_SUCCESS;
}

/* mkdir -p */
static bool make_dirs(const char *dir)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) return false;
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(path, 0777) != 0 && errno != EEXIST) return false;
        *p = '/';
    }
    return mkdir(path, 0777) == 0 || errno == EEXIST;
}

int bf_render_png(const bf_pages *pages, bf_diag *d, const char *dir, double dpi, unsigned flags)
{
    const bf_layout *L = pages->layout;
    if (!make_dirs(dir)) {
        bf_error(d, dir, NULL, "cannot create the folder for page images: %s", strerror(errno));
        return errno == ENOSPC || errno == EIO ? BF_OUTPUT_FAILED : BF_OUTPUT_REFUSED;
    }
    double scale = (dpi > 0 ? dpi : 96) / 72.0;
    int w = (int)ceil(L->page_width * scale), h = (int)ceil(L->page_height * scale);
    int ok = BF_OUTPUT_KEPT;
    GHashTable *images = NULL; /* kept from page to page */
    bf_emoji *emoji = NULL;
    bf_font_cut *fonts = bf_font_cut_new(pages->job->fonts, true, NULL);
    for (int i = 0; i < pages->n_pages && (ok == BF_OUTPUT_WRITTEN || ok == BF_OUTPUT_KEPT); i++) {
        cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
        cairo_t *cr = cairo_create(img);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_scale(cr, scale, scale);
        painter p = {
            .ctx = cr, .L = L, .cut = fonts, .job = pages->job, .images = images, .raster = true, .emoji = emoji};
        bf_draw_page(&p, pages, &pages->pages[i]);
        cairo_destroy(cr);
        g_free(p.buf);
        g_free(p.lines);
        g_free(p.note_drawn);
        images = p.images;
        emoji = p.emoji;
        char path[4096];
        snprintf(path, sizeof path, "%s/page-%03d.png", dir, i + 1);
        if (p.lost) {
            bf_error(d, dir, NULL, "cannot read back the placed text of page %d", i + 1);
            ok = BF_OUTPUT_FAILED;
        } else if (p.lost_image) {
            bf_error(d, dir, NULL, "cannot draw an image on page %d", i + 1);
            ok = BF_OUTPUT_FAILED;
        } else if (p.lost_font) {
            bf_error(d, dir, NULL, "cannot draw text of page %d: cairo cannot make its font %s", i + 1,
                     bf_lost_font_file(&p));
            ok = BF_OUTPUT_FAILED;
        } else if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
            bf_error(d, path, NULL, "cairo failed: %s", cairo_status_to_string(cairo_surface_status(img)));
            ok = BF_OUTPUT_FAILED;
        } else {
            int one = bf_output_atomic(d, path, write_png, img, flags);
            ok = one == BF_OUTPUT_KEPT ? ok : one;
        }
        cairo_surface_destroy(img);
    }
    bf_font_cut_free(fonts);
    if (images) g_hash_table_destroy(images);
    bf_emoji_free(emoji);
    return ok;
}
