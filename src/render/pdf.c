/* pdf.c - placed pages to PDF with cairo.
 *
 * cairo 1.16 traps this file works around, each seen in practice:
 *  - link annotations in a PDF without structure tags give a damaged file,
 *    so every paragraph fragment is tagged (pdftags.c) and links nest inside;
 *  - a link tag left open across cairo_show_page puts the surface in an
 *    error state, so only Document spans pages: every other tag is closed
 *    on the page it was opened on;
 *  - the surface's status is checked after every page, and failure is loud.
 * The previews (png.c) draw the same pages with bf_draw_page.
 */
#include <cairo-pdf.h>
#include <math.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <errno.h>
#include <glib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "core/scratch.h"
#include "render/flateahead.h"
#include "render/pdf-private.h"

const char *bf_lost_font_file(const painter *p)
{
    const char *file = NULL;
    int index;
    return p->lost_font && bf_font_table_file(p->job->fonts, p->lost_font - 1, &file, &index) ? file : "(unknown)";
}

/* The colour painted for c: grey under grayscale, Rec. 601 luma (what a
 * laser printer would make of the colour). */
static void paint_rgb(const painter *p, bf_color c, double rgb[3])
{
    double y = 0.299 * c.r + 0.587 * c.g + 0.114 * c.b;
    rgb[0] = p->L->grayscale ? y : c.r;
    rgb[1] = p->L->grayscale ? y : c.g;
    rgb[2] = p->L->grayscale ? y : c.b;
}

static void set_color(painter *p, bf_color c)
{
    double rgb[3];
    paint_rgb(p, c, rgb);
    cairo_set_source_rgb(bf_cr(p), rgb[0], rgb[1], rgb[2]);
}

static bool same_color(bf_color a, bf_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* One run of a line, placed. */
typedef struct {
    const bf_line *line;
    const bf_glyph_run *run;
    double x, base; /* the run's origin */
} piece;

/* Can piece b be drawn by the same cairo call as piece a before it?  Same
 * font, colour and rise, left to right, and its text following on. */
static bool joins(const piece *a, const piece *b)
{
    return a->line->text == b->line->text && a->run->font == b->run->font && same_color(a->run->color, b->run->color) &&
           a->run->rise == b->run->rise && !a->run->rtl && !b->run->rtl &&
           a->run->offset + a->run->length == b->run->offset;
}

/* Draw pieces [k0, k1), one font, as one cairo_show_text_glyphs: each
 * cairo operation costs the PDF surface a region union in its analysis
 * pass, which grows with the page, so a line (2025年2月21日 alone is six
 * runs: kerning is off in the Japanese ones) is drawn with as few calls as
 * its fonts allow.  The clusters map the glyphs to the text, so the PDF's
 * text is the data's.  A right-to-left run's glyphs (one piece: they
 * never join) are shown in text order, each at its place, so that its
 * clusters run forward and its text is the letters, not the font's joined
 * forms (cairo 1.16 checks backward clusters as if forward, refusing
 * Arabic beside a space).  A character no font has is set as the font's
 * .notdef (it was reported when set). */
static void show_pieces(painter *p, const piece *pc, int k0, int k1, const bf_color *color)
{
    if (bf_emoji_font(p, pc[k0].run->font)) {
        for (int k = k0; k < k1; k++)
            bf_emoji_draw(p, pc[k].line->text, pc[k].run, pc[k].x, pc[k].base - pc[k].run->rise);
        return;
    }
    int n = 0;
    for (int k = k0; k < k1; k++) n += pc[k].run->n_glyphs;
    cairo_glyph_t *glyphs = cairo_glyph_allocate(n > 0 ? n : 1);
    cairo_text_cluster_t *clusters = cairo_text_cluster_allocate(n > 0 ? n : 1);
    int ng = 0, nc = 0;
    bf_color c = color ? *color : pc[k0].run->color;
    for (int k = k0; k < k1; k++) {
        const bf_glyph_run *run = pc[k].run;
        const char *text = pc[k].line->text;
        const bf_glyph *rg = bf_glyph_store_get(p->job->glyphs, run, &p->buf, &p->cap);
        if (!rg && run->n_glyphs) {
            p->lost = true;
            continue;
        }
        double ox = pc[k].x, oy = pc[k].base - run->rise;
        for (int g = 0; g < run->n_glyphs; g++) {
            const bf_glyph *gl = bf_glyph_at(run, rg, g);
            if (g == 0 || gl->cluster != bf_glyph_at(run, rg, g - 1)->cluster) {
                int end = run->offset + run->length;
                for (int q = g + 1; q < run->n_glyphs; q++)
                    if (bf_glyph_at(run, rg, q)->cluster != gl->cluster) {
                        end = bf_glyph_at(run, rg, q)->cluster;
                        break;
                    }
                bool blank = true;
                for (int e = g; e < run->n_glyphs && bf_glyph_at(run, rg, e)->cluster == gl->cluster; e++)
                    blank &= bf_glyph_at(run, rg, e)->id == BF_GLYPH_EMPTY;
                if (nc > 0 && blank && bf_glyph_joins_before(text + gl->cluster))
                    clusters[nc - 1].num_bytes += end - gl->cluster;
                else
                    clusters[nc++] = (cairo_text_cluster_t){end - gl->cluster, 0};
            }
            if (gl->id == BF_GLYPH_BOX) {
                /* The font's .notdef (Noto CJK's is a crossed box) in the
                 * character's cluster: the PDF's text keeps the character,
                 * for search and copy. */
                glyphs[ng++] = (cairo_glyph_t){0, ox + gl->x, oy + gl->y};
                clusters[nc - 1].num_glyphs++;
            } else if (gl->id != BF_GLYPH_EMPTY) {
                glyphs[ng++] = (cairo_glyph_t){gl->id, ox + gl->x, oy + gl->y};
                clusters[nc - 1].num_glyphs++;
            }
        }
    }
    const bf_glyph_run *r0 = pc[k0].run, *r1 = pc[k1 - 1].run;
    const char *utf8 = pc[k0].line->text + r0->offset;
    if (r0->font >= 0 && ng > 0 && !p->lost) {
        /* Clusters must cover every byte: a box's or an empty glyph's
         * cluster keeps its bytes with no glyph. */
        cairo_matrix_t fm;
        const uint16_t *map;
        unsigned n_map;
        int slot = p->text ? bf_font_cut_own(p->cut, r0->font, &fm, &map, &n_map) : -1;
        double rgb[3];
        paint_rgb(p, c, rgb);
        if (slot >= 0 &&
            bf_pdf_text_show(p->text, p->ctx, p->page, slot, &fm, map, n_map, glyphs, ng, utf8, clusters, nc, rgb)) {
            /* written apart from cairo (pdftext.h), with the text before it
             * when nothing else was drawn between */
        } else if ((set_color(p, c), bf_font_cut_use(p->cut, r0->font, bf_cr(p), glyphs, ng))) {
            cairo_show_text_glyphs(bf_cr(p), utf8, r1->offset + r1->length - r0->offset, glyphs, ng, clusters, nc, 0);
        } else if (!p->lost_font) {
            p->lost_font = r0->font + 1; /* not drawn: the build fails, saying so */
        }
    }
    cairo_glyph_free(glyphs);
    cairo_text_cluster_free(clusters);
}

/* Draw a line with its box's top-left at (x, y), in its runs' colours or
 * all in `color`; then its ruby, so that a base reads as written in the
 * PDF's text and the readings come apart from it.  The readings of a line
 * follow one another in its text, so those of one font are one call too. */
void bf_draw_line_in(painter *p, const bf_line *line, double x, double y, const bf_color *color)
{
    piece stack[64];
    int n = line->n_runs + line->n_rubies;
    piece *pc = n <= 64 ? stack : g_new(piece, n);
    for (int r = 0; r < n; r++) {
        const bf_glyph_run *run = r < line->n_runs ? &line->runs[r] : &line->rubies[r - line->n_runs].run;
        pc[r] = (piece){line, run, x + run->x, y + line->ascent};
    }
    for (int k = 0; k < n;) {
        int end = k + 1;
        while (end < n && end != line->n_runs && joins(&pc[end - 1], &pc[end])) end++;
        show_pieces(p, pc, k, end, color);
        k = end;
    }
    if (pc != stack) g_free(pc);
}

static void draw_line(painter *p, const bf_line *line, double x, double y)
{
    bf_draw_line_in(p, line, x, y, NULL);
}

#define BF_LINK_REPEAT_MAX 2000 /* bytes of a URI written again on each page it runs over */

static bool has_link(const bf_line *line, const char *uri)
{
    for (int k = 0; k < line->n_links; k++)
        if (line->links[k].uri == uri) return true;
    return false;
}

/* Begin the links of a line (`at` is its place among the page's lines, or
 * -1); returns how many were begun.  A link the line before on this page
 * has too was begun there, with this line's rectangles. */
static int link_tags(painter *p, const bf_line *line, double x, double y, int at)
{
    int begun = 0;
    for (int k = 0; k < line->n_links; k++) {
        const bf_link *lk = &line->links[k];
        if (at > 0 && has_link(p->lines[at - 1].line, lk->uri)) continue;
        /* A long URI continued from the page before is not written again:
         * each page's copy would make the file grow with the square of its
         * length (a 64 KB URL runs over some fifteen pages).  It is a link
         * on the page where it begins. */
        if (line->index > 0 && has_link(line - 1, lk->uri) && strlen(lk->uri) > BF_LINK_REPEAT_MAX) continue;
        /* The URI is quoted for cairo's attribute parser: ' and \ escaped. */
        GString *attr = g_string_new("uri='");
        for (const char *c = lk->uri; *c; c++) {
            if (*c == '\'' || *c == '\\') g_string_append_c(attr, '\\');
            g_string_append_c(attr, *c);
        }
        g_string_append_printf(attr, "' rect=[%.2f %.2f %.2f %.2f", x + lk->x, y, lk->width, line->height);
        for (int j = at + 1; at >= 0 && j < p->n_lines && has_link(p->lines[j].line, lk->uri); j++) {
            const struct page_line *pl = &p->lines[j];
            for (int q = 0; q < pl->line->n_links; q++)
                if (pl->line->links[q].uri == lk->uri)
                    g_string_append_printf(attr, " %.2f %.2f %.2f %.2f", pl->x + pl->line->links[q].x, pl->y,
                                           pl->line->links[q].width, pl->line->height);
        }
        g_string_append_c(attr, ']');
        cairo_tag_begin(bf_cr(p), CAIRO_TAG_LINK, attr->str);
        g_string_free(attr, TRUE);
        begun++;
    }
    return begun;
}

/* The line's place among the page's lines, or -1: notes are drawn where
 * they are cited, so not always in the list's order. */
static int line_at(painter *p, const bf_line *line)
{
    if (p->at < p->n_lines && p->lines[p->at].line == line) return p->at++;
    for (int k = 0; k < p->n_lines; k++)
        if (p->lines[k].line == line) return k;
    return -1;
}

void bf_draw_tagged_line(painter *p, const bf_line *line, double x, double y)
{
    int begun = link_tags(p, line, x, y, line_at(p, line));
    bool span = !begun && p->span_lines;
    if (span) cairo_tag_begin(bf_cr(p), "Span", NULL);
    draw_line(p, line, x, y);
    if (span) cairo_tag_end(bf_cr(p), "Span");
    while (begun--) cairo_tag_end(bf_cr(p), CAIRO_TAG_LINK);
}

/* The page's tagged lines, in the order bf_draw_page draws them. */
static void list_lines(painter *p, const bf_page *pg)
{
    int n = 0;
    for (int i = 0; i < pg->n_items; i++) {
        const bf_item *it = pg->items[i].item;
        n += it->kind == BF_ITEM_LINE;
        for (int c = 0; it->row && c < it->row->n_cells; c++) n += it->row->cells[c].count;
    }
    for (int i = 0; i < pg->n_notes; i++) n += pg->notes[i].count;
    p->lines = g_renew(struct page_line, p->lines, n ? n : 1);
    p->n_lines = p->at = 0;
    for (int i = 0; i < pg->n_items; i++) {
        const bf_placed *pl = &pg->items[i];
        if (pl->item->kind == BF_ITEM_LINE) p->lines[p->n_lines++] = (struct page_line){pl->item->line, pl->x, pl->y};
        const bf_row *r = pl->item->row;
        for (int c = 0; r && c < r->n_cells; c++) {
            double y = pl->y + r->top_rule + r->pad;
            for (int k = r->cells[c].first; r->cells[c].para && k < r->cells[c].first + r->cells[c].count; k++) {
                const bf_line *l = &r->cells[c].para->lines[k];
                p->lines[p->n_lines++] = (struct page_line){l, pl->x + r->cells[c].x + r->pad_x, y};
                y += l->height;
            }
        }
    }
    for (int i = 0; i < pg->n_notes; i++) {
        const bf_placed_note *nt = &pg->notes[i];
        double y = nt->y;
        for (int k = nt->first; k < nt->first + nt->count; k++) {
            p->lines[p->n_lines++] = (struct page_line){&nt->para->lines[k], nt->x, y};
            y += nt->para->lines[k].height;
        }
    }
}

void bf_draw_marker(painter *p, bf_marker m, const bf_line *line, double x, double y)
{
    cairo_t *cr = bf_cr(p);
    double em = p->L->role[line->role].size;
    double base = y + line->ascent;
    set_color(p, p->L->accent);
    if (m == BF_MARKER_CHECK) {
        /* A check mark drawn as a path, so it needs no emoji font. */
        double x0 = x - 1.25 * em, mid = base - 0.36 * em;
        cairo_save(cr);
        cairo_set_line_width(cr, 0.13 * em);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_move_to(cr, x0 + 0.05 * em, mid);
        cairo_line_to(cr, x0 + 0.35 * em, mid + 0.3 * em);
        cairo_line_to(cr, x0 + 0.85 * em, mid - 0.42 * em);
        cairo_stroke(cr);
        cairo_restore(cr);
    } else if (m == BF_MARKER_SQUARE) {
        double s = 0.5 * em;
        cairo_rectangle(cr, x - 1.2 * em, base - 0.38 * em - s / 2, s, s);
        cairo_fill(cr);
    }
}

static void draw_frame(painter *p, const bf_placed_frame *f)
{
    cairo_t *cr = bf_cr(p);
    const bf_frame *fr = f->frame;
    if (fr->kind == BF_FRAME_BAR) {
        set_color(p, fr->stroke);
        cairo_rectangle(cr, f->x, f->y, fr->rule, f->h);
        cairo_fill(cr);
        return;
    }
    if (fr->has_fill) {
        set_color(p, fr->fill);
        cairo_rectangle(cr, f->x, f->y, f->w, f->h);
        cairo_fill(cr);
    }
    if (fr->rule > 0) {
        /* A split box is closed on each page, and reopened on the next. */
        set_color(p, fr->stroke);
        cairo_set_line_width(cr, fr->rule);
        double in = fr->rule / 2;
        cairo_rectangle(cr, f->x + in, f->y + in, f->w - 2 * in, f->h - 2 * in);
        cairo_stroke(cr);
    }
    const bf_line *l = f->continued_above ? fr->label_continued : fr->label;
    if (l) {
        double lw = l->width + 8;
        set_color(p, fr->stroke);
        cairo_rectangle(cr, f->x, f->y, lw, l->height);
        cairo_fill(cr);
        /* The label is set reversed out of the rule colour. */
        static const bf_color white = {1, 1, 1};
        bf_draw_line_in(p, l, f->x + 4, f->y, &white);
    }
}

/* A picture at its placed size: a JPEG embedded as it is (never decoded),
 * a PNG decoded by cairo. */
static void draw_image(painter *p, const bf_placed *pl, const bf_item *it)
{
    cairo_t *cr = bf_cr(p);
    const bf_layout *L = p->L;
    const bf_picture *pic = it->image->picture;
    cairo_surface_t *img = pic ? bf_picture_surface(p, pic) : NULL;
    if (!img) return;
    cairo_save(cr);
    cairo_translate(cr, pl->x, pl->y);
    cairo_scale(cr, it->width / it->image->width, it->height / it->image->height);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_paint(cr);
    if (L->grayscale && pic->jpeg) {
        /* A JPEG is embedded as it is (never decoded): a saturation blend
         * takes its colour away on the page. */
        cairo_rectangle(cr, 0, 0, it->image->width, it->image->height);
        cairo_set_operator(cr, CAIRO_OPERATOR_HSL_SATURATION);
        cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
        cairo_fill(cr);
    }
    cairo_restore(cr);
}

static void draw_bands(painter *p, const bf_flow *f, const bf_page *pg)
{
    const bf_layout *L = p->L;
    /* The bands: a running header (from page 2 on unless asked), a footer
     * on every page.  In duplex, left and right swap on even pages so that
     * they stay on the outer and inner edges, and a centred page number
     * goes to the outer edge. */
    bool header = pg->number > 1 || L->header_first_page, ruled = false;
    double hy = pg->text_y - L->header_gap;
    double fy = pg->text_y + pg->text_h + L->footer_gap - L->role[BF_ROLE_HEADER].leading;
    bool even = L->duplex && pg->number % 2 == 0;
    for (int slot = 0; slot < BF_SLOT_COUNT; slot++) {
        bool in_header = slot == BF_SLOT_HEADER_LEFT || slot == BF_SLOT_HEADER_RIGHT;
        if (in_header && !header) continue;
        const bf_line *l = L->band[slot] == BF_BAND_PAGE ? pg->folio : f->band[slot];
        if (!l) continue;
        int side = slot == BF_SLOT_HEADER_LEFT || slot == BF_SLOT_FOOTER_LEFT ? -1
                   : slot == BF_SLOT_FOOTER_CENTER                            ? 0
                                                                              : 1;
        if (even) side = -side;
        /* Duplex: a centred page number trades places with what the footer
         * has on the outer edge. */
        int outer = even ? -1 : 1;
        if (L->duplex && !in_header && L->band[BF_SLOT_FOOTER_CENTER] == BF_BAND_PAGE) {
            if (slot == BF_SLOT_FOOTER_CENTER)
                side = outer;
            else if (side == outer)
                side = 0;
        }
        double x = side < 0   ? pg->text_x
                   : side > 0 ? pg->text_x + pg->text_w - l->width
                              : pg->text_x + (pg->text_w - l->width) / 2;
        draw_line(p, l, x, in_header ? hy - l->height : fy);
        ruled |= in_header;
    }
    if (ruled) {
        set_color(p, L->muted);
        cairo_rectangle(bf_cr(p), pg->text_x, hy + 1, pg->text_w, 0.4);
        cairo_fill(bf_cr(p));
    }
    if (f->stamp) bf_draw_stamp(p, f->stamp, pg, hy - L->role[BF_ROLE_HEADER].leading, even);
}

void bf_paint_color(painter *p, bf_color c)
{
    set_color(p, c);
}

void bf_draw_page(painter *p, const bf_pages *pages, const bf_page *pg)
{
    const bf_layout *L = p->L;
    if (pg->blank) return;
    list_lines(p, pg);
    p->note_drawn = g_renew(bool, p->note_drawn, pg->n_notes ? pg->n_notes : 1);
    memset(p->note_drawn, 0, sizeof(bool) * (size_t)pg->n_notes);
    /* cairo 1.16 breaks the whole file (a tag error at the page's end) when
     * a page's first drawing is a picture inside its Figure: the page's
     * bands, artifacts outside every element, are drawn before it then. */
    bool bands_first = pg->n_items && pg->items[0].item->kind == BF_ITEM_IMAGE && !pg->n_frames;
    if (bands_first) draw_bands(p, pages->flow, pg);

    for (int i = 0; i < pg->n_frames; i++) draw_frame(p, &pg->frames[i]);

    /* A note continued from the page before, or carried over from the page
     * that cites it, goes on where reading left off. */
    for (int i = 0; i < pg->n_notes; i++)
        if (!p->note_drawn[i] && bf_tag_note_carried(pg, i)) bf_tag_note(p, pg, i);

    int from = -1; /* the first item of the open element */
    for (int i = 0; i < pg->n_items; i++) {
        const bf_placed *pl = &pg->items[i];
        const bf_item *it = pl->item;
        from = bf_tag_enter_item(p, pg, i, from);
        switch (it->kind) {
        case BF_ITEM_LINE:
            if (it->marker && it->tag != BF_TAG_LBODY) bf_draw_marker(p, it->marker, it->line, pl->x, pl->y);
            if (it->label && it->tag != BF_TAG_LBODY)
                bf_draw_tagged_line(p, it->label, pl->x - it->x + it->label_x, pl->y);
            bf_draw_tagged_line(p, it->line, pl->x, pl->y);
            if (it->tail) {
                /* The tail sits at the right edge of the text area (the
                 * band's width), after a dot leader. */
                double right = pg->text_x + pg->text_w;
                double tx = right - it->tail->width;
                if (it->leader) {
                    double em = L->role[it->line->role].size;
                    double y = pl->y + it->line->ascent - em * 0.12;
                    set_color(p, L->muted);
                    cairo_t *cr = bf_cr(p);
                    double x0 = pl->x + it->line->width + em * 0.6;
                    int dots = (int)((tx - em * 0.5 - x0) / (em * 0.5));
                    for (int k2 = 0; k2 < dots; k2++) {
                        cairo_arc(cr, x0 + k2 * em * 0.5, y, em * 0.06, 0, 2 * M_PI);
                        cairo_fill(cr);
                    }
                }
                double x0 = it->tail->n_runs ? it->tail->runs[0].x : 0;
                draw_line(p, it->tail, right - x0 - it->tail->width, pl->y);
            }
            break;
        case BF_ITEM_RULE:
            set_color(p, it->rule_color);
            cairo_rectangle(bf_cr(p), pl->x, pl->y, it->width, it->height);
            cairo_fill(bf_cr(p));
            break;
        case BF_ITEM_IMAGE: draw_image(p, pl, it); break;
        case BF_ITEM_ROW:
            /* Inside the Table group; the row tags its TR and cells. */
            bf_tag_enter(p, it->group);
            bf_draw_row(p, pl, it);
            break;
        }
    }
    if (p->element) {
        bf_tag_end_element(p);
        bf_tag_cited_notes(p, pg, from, pg->n_items);
    }
    bf_tag_close(p);
    bf_draw_qr_codes(p, pg);

    /* Source notes at the foot, under a short rule; those not drawn where
     * they are cited (a mark on another page) after the page's text. */
    for (int c = 0; c < pg->n_columns; c++) {
        if (!pg->note_rule_y[c]) continue;
        set_color(p, L->muted);
        cairo_rectangle(bf_cr(p), pg->col_x[c], pg->note_rule_y[c], pg->col_w / 3, 0.5);
        cairo_fill(bf_cr(p));
    }
    for (int i = 0; i < pg->n_notes; i++)
        if (!p->note_drawn[i]) bf_tag_note(p, pg, i);

    if (!bands_first) draw_bands(p, pages->flow, pg);
}

/* Freed memory back to the system (glibc's malloc_trim), for a document
 * big enough that its peak matters: a trim costs 1 ms or more, a fifth of
 * a small document's repack, and saves nothing there. */
static void give_back(const bf_pages *pages)
{
#ifdef __GLIBC__
    if (pages->n_pages >= 100) malloc_trim(0);
#else
    (void)pages;
#endif
}

/* The outline entries of the page's items (`*title_id`, the title's entry
 * once there is one, carried from page to page). */
static void add_outlines(cairo_surface_t *surface, const bf_page *pg, int *title_id)
{
    for (int k = 0; k < pg->n_items; k++) {
        const bf_item *it = pg->items[k].item;
        if (!it->outline) continue;
        char *link = g_strdup_printf("page=%d pos=[%.1f %.1f]", pg->number, pg->items[k].x, pg->items[k].y);
        /* Chapters nest under the title; the rest stand beside it. */
        int parent = it->outline_level > 0 && *title_id ? *title_id : CAIRO_PDF_OUTLINE_ROOT;
        int id = cairo_pdf_surface_add_outline(surface, parent, it->outline, link,
                                               it->outline_level == 0 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
        if (it->outline_level == 0 && !*title_id) *title_id = id;
        g_free(link);
    }
}

/* Not a file the packer knows: cairo's own bytes.  0, or errno. */
static int copy_raw(FILE *raw, FILE *out)
{
    char chunk[65536];
    size_t n;
    rewind(raw);
    while ((n = fread(chunk, 1, sizeof chunk, raw)) > 0)
        if (fwrite(chunk, 1, n, out) != n) return errno ? errno : EIO;
    return ferror(raw) ? EIO : 0;
}

/* cairo's file `raw` repacked into `out` with the extras and the text's
 * own operators and fonts; false, reported, when the text cannot be
 * placed (a write error is left in the sink). */
static bool repack(const bf_pages *pages, bf_diag *d, const bf_pdf_options *opt, FILE *raw, FILE *out,
                   bf_pdf_sink *sink, bf_pdf_text *text)
{
    bf_pdf_extras extras;
    bf_pdf_extras_make(&extras, pages, opt);
    extras.ahead = sink->ahead;
    extras.text = text;
    int packed = bf_pdf_pack_with(raw, out, &extras);
    bf_pdf_extras_free(&extras);
    int page = 0;
    const char *lost = packed == 1 ? bf_pdf_text_check(text, &page) : NULL;
    if (packed < 0) {
        sink->error = errno ? errno : EIO;
    } else if (packed == 0 && !bf_pdf_text_objects(text)) {
        sink->error = copy_raw(raw, out);
    } else if (packed == 0) {
        /* cairo's bytes hold the text's placeholders, not its text */
        bf_error(d, opt->name, NULL, "cannot repack the PDF cairo wrote, so its text cannot be placed");
        return false;
    } else if (lost) {
        bf_error(d, opt->name, NULL, "cannot write the text of page %d: %s", page, lost);
        return false;
    }
    return true;
}

bool bf_render_pdf(const bf_pages *pages, bf_diag *d, const bf_pdf_options *opt, FILE *out)
{
    const bf_layout *L = pages->layout;
    /* cairo writes to a scratch file, which bf_pdf_pack then repacks into
     * `out`.  Without one the PDF would come out unpacked, other bytes for
     * the same input, so that is an error. */
    const char *scratch = NULL;
    FILE *raw = bf_scratch_file(&scratch);
    if (!raw) {
        bf_error(d, opt->name, NULL, "cannot make a scratch file in %s (TMPDIR): %s", scratch, strerror(errno));
        return false;
    }
    bf_pdf_text *text = bf_pdf_text_new(pages->n_pages, L->page_width, L->page_height);
    bf_pdf_sink out_sink;
    bf_pdf_sink_init(&out_sink, raw, text);
    cairo_surface_t *surface =
        cairo_pdf_surface_create_for_stream(bf_pdf_sink_write, &out_sink, L->page_width, L->page_height);
    cairo_t *cr = cairo_create(surface);
    /* What setting the text freed, back to the system before the font
     * files are read for their cuts: with the placed pages, the build's
     * peak at 1,000 pages. */
    give_back(pages);
    bf_font_cut *cut = bf_font_cut_new(pages->job->fonts, false, text);
    painter p = {.ctx = cr, .L = L, .cut = cut, .text = text, .job = pages->job};
    bool ok = true;

    bf_pdf_set_metadata(surface, pages, opt);

    int title_id = 0;
    /* The one tag across pages: cairo marks the file tagged only when the
     * root is a grouping element. */
    cairo_tag_begin(cr, "Document", NULL);
    bool document_open = true;
    for (int i = 0; i < pages->n_pages && ok; i++) {
        const bf_page *pg = &pages->pages[i];
        p.page = i;
        bf_draw_page(&p, pages, pg);
        if (i == pages->n_pages - 1) {
            cairo_tag_end(bf_cr(&p), "Document");
            document_open = false;
        }
        cairo_show_page(bf_cr(&p));
        bf_pdf_sink_flush(&out_sink);
        if (p.lost) {
            bf_error(d, opt->name, NULL, "cannot read back the placed text of page %d: %s", pg->number,
                     strerror(errno ? errno : EIO));
            ok = false;
        } else if (out_sink.error) {
            bf_error(d, opt->name, NULL, "cannot write the scratch file in %s (TMPDIR) on page %d: %s", scratch,
                     pg->number, strerror(out_sink.error));
            ok = false;
        } else if (p.lost_image) {
            bf_error(d, opt->name, NULL, "cannot draw an image on page %d", pg->number);
            ok = false;
        } else if (p.lost_font) {
            bf_error(d, opt->name, NULL, "cannot draw text of page %d: cairo cannot make its font %s", pg->number,
                     bf_lost_font_file(&p));
            ok = false;
        } else if (cairo_status(cr) || cairo_surface_status(surface)) {
            bf_error(d, opt->name, NULL, "cairo failed on page %d: %s", pg->number,
                     cairo_status_to_string(cairo_status(cr) ? cairo_status(cr) : cairo_surface_status(surface)));
            ok = false;
        }
        /* Only for a page cairo has written: an outline to one it has not
         * (after a write error) crashes cairo 1.16 when it finishes. */
        if (ok) add_outlines(surface, pg, &title_id);
    }
    if (document_open) cairo_tag_end(bf_cr(&p), "Document");
    cairo_destroy(cr);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    bf_pdf_sink_pages_done(&out_sink);
    cairo_surface_finish(surface);
    bf_pdf_sink_flush(&out_sink);
    if (ok && out_sink.error) {
        bf_error(d, opt->name, NULL, "cannot write the scratch file in %s (TMPDIR): %s", scratch,
                 strerror(out_sink.error));
        ok = false;
    }
    /* What drew the pages is let go before the repack, which then takes
     * the room they took: at 1,000 pages the build's peak is here. */
    cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (p.images) g_hash_table_destroy(p.images);
    bf_emoji_free(p.emoji);
    g_free(p.buf);
    g_free(p.lines);
    g_free(p.note_drawn);
    bf_font_cut_free(cut);
    /* Their pages back to the system: the repack's buffers do not fit in
     * the holes they leave, so they would be counted twice. */
    give_back(pages);
    bf_pdf_sink_wait(&out_sink);
    if (ok && !status) ok = repack(pages, d, opt, raw, out, &out_sink, text);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (opt->finish_seconds) *opt->finish_seconds = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (ok && status) {
        bf_error(d, opt->name, NULL, "cairo failed writing the PDF: %s", cairo_status_to_string(status));
        ok = false;
    }
    bf_pdf_sink_free(&out_sink);
    bf_pdf_text_free(text);
    fclose(raw);
    if (ok && (out_sink.error || fflush(out) != 0 || ferror(out))) {
        bf_error(d, opt->name, NULL, "cannot write the PDF: %s", strerror(out_sink.error ? out_sink.error : errno));
        ok = false;
    }
    return ok;
}
