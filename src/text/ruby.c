/* ruby.c - ruby (furigana) as JLREQ 3.3 sets it: the reading at half the
 * base's size, centred over its base, in the line gap above it.
 *
 * Before the lines are broken, bf_ruby_fit shapes each reading and makes
 * room for one longer than its base: it may overhang the kana on both
 * sides by up to half a ruby character, and what is left is space at
 * the base's two ends, the base itself set solid; no line breaks inside a
 * base.  The overhangs are kept in the base's characters (ohl, ohr): at a
 * line's start or end, where there is no neighbour, the line breaker
 * counts them as space beside the base, so the ruby ends at the measure.
 * Once a line is set,
 * bf_ruby_place puts the readings of the bases on it over them, and gives
 * the line more height only when its ruby would not fit in the gap between
 * it and the line before.
 */
#include <string.h>

#include "text/font-id.h"
#include "text/para-private.h"

#define RUBY_SIZE 0.5 /* of the base's size */

static bool is_kana(gunichar ch)
{
    return (ch >= 0x3041 && ch <= 0x309F) || (ch >= 0x30A0 && ch <= 0x30FF && ch != 0x30FB);
}

/* May a reading overhang character i, a neighbour of its base? */
static bool may_overhang(const chr *c, int n, int i)
{
    return i >= 0 && i < n && c[i].ruby < 0 && is_kana(c[i].ch) && !(c[i].cls & C_BREAK);
}

static void shape_reading(bf_setter *s, const bf_para_style *st, const para_text *t, const chr *base, ruby_span *r)
{
    const bf_layout *L = s->layout;
    const bf_font_role *fr = &L->role[st->role], *sr = &L->role[BF_ROLE_STRONG];
    const bf_font_role *face = base->strong ? sr : fr;
    r->em = fr->size * RUBY_SIZE;
    r->font = bf_setter_font(s, face->family, face->bold, r->em);
    hb_font_t *hb_font = r->font ? pango_font_get_hb_font(r->font) : NULL;
    r->n_glyphs = 0;
    r->width = 0;
    if (!hb_font) return;
    if (!s->hb) s->hb = hb_buffer_create();
    hb_buffer_t *buf = s->hb;
    hb_buffer_reset(buf);
    hb_buffer_add_utf8(buf, t->text, r->reading_end, (unsigned)r->reading, r->reading_end - r->reading);
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_set_language(buf, hb_language_from_string("ja", -1));
    hb_buffer_guess_segment_properties(buf);
    hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
    /* Set solid, as the base's kana are (beta-gumi). */
    hb_feature_t nokern = {HB_TAG('k', 'e', 'r', 'n'), 0, 0, (unsigned)-1};
    hb_shape(hb_font, buf, &nokern, 1);
    unsigned n = 0;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    r->info = g_memdup2(info, n * sizeof *info);
    r->pos = g_memdup2(pos, n * sizeof *pos);
    r->n_glyphs = (int)n;
    for (unsigned g = 0; g < n; g++) {
        r->width += pos[g].x_advance / (double)PANGO_SCALE;
        if (info[g].codepoint != 0) continue;
        if (s->worker) {
            s->bail = true; /* the main setter sets it again, and says so in order */
            continue;
        }
        gunichar ch = g_utf8_get_char(t->text + info[g].cluster);
        char utf8[8] = {0};
        g_unichar_to_utf8(ch, utf8);
        if (g_unichar_iscntrl(ch)) utf8[0] = 0;
        bf_warning(s->diag, s->file, st->where, "no font has U+%04X %s; it is set as a box in a ruby reading",
                   (unsigned)ch, utf8);
    }
}

/* Widen character x by `before` ahead of its glyphs and `after` behind
 * them. */
static void pad_char(chr *x, shaped *sh, double before, double after)
{
    if (x->item < 0 || x->glyph < 0 || x->first_glyph < 0) return;
    PangoGlyphString *gs = sh[x->item].glyphs;
    for (int g = x->first_glyph; g <= x->glyph; g++)
        gs->glyphs[g].geometry.x_offset += (int)lround(before * PANGO_SCALE);
    gs->glyphs[x->glyph].geometry.width += (int)lround((before + after) * PANGO_SCALE);
    x->adv += before + after;
}

void bf_ruby_fit(bf_setter *s, const bf_para_style *st, para_text *t, chr *c, int n, shaped *sh)
{
    for (int i = 0, k = -1; i < n; i++) {
        if (c[i].ruby < 0) continue;
        if (c[i].ruby == k) {
            /* Inside a base: no break, not even a long word's. */
            c[i].brk = false;
            c[i].cursor = false;
            continue;
        }
        k = c[i].ruby;
        ruby_span *r = &t->rubies[k];
        shape_reading(s, st, t, &c[i], r);
        int j = i;
        double base = 0;
        while (j < n && c[j].ruby == k) base += c[j++].adv;
        double excess = r->width - base;
        if (excess <= EPS) continue;
        double over = may_overhang(c, n, i - 1) && may_overhang(c, n, j) ? fmin(r->em / 2, excess / 2) : 0;
        double pad = excess - 2 * over;
        /* The base stays solid, so that it reads as one word in the
         * PDF's text (spaced 1:2:1, a reader's text extraction sees a
         * space between its characters); the space goes at its ends. */
        if (pad > EPS) {
            pad_char(&c[i], sh, pad / 2, 0);
            pad_char(&c[j - 1], sh, 0, pad / 2);
        }
        c[i].ohl = c[j - 1].ohr = over;
    }
}

/* The left and right edges of the base [start, end) on the line, from its
 * glyphs: without the space justification put after its last character. */
static bool base_extent(const bf_line *line, const chr *last, size_t start, size_t end, double *x0, double *x1)
{
    *x0 = INFINITY;
    *x1 = -INFINITY;
    for (int r = 0; r < line->n_runs; r++) {
        const bf_glyph_run *run = &line->runs[r];
        double pen = run->x;
        for (int g = 0; g < run->n_glyphs; g++) {
            const bf_glyph *gl = &run->glyphs[g];
            if (gl->cluster >= (int)start && gl->cluster < (int)end) {
                *x0 = fmin(*x0, pen);
                *x1 = fmax(*x1, pen + gl->advance);
            }
            pen += gl->advance;
        }
    }
    *x1 -= last->delta + last->extra;
    return *x0 < *x1;
}

/* The ruby r over [x0, x1): centred, its characters spread 1:2:1 over a
 * base of several characters that is wider than it. */
static void ruby_run(bf_setter *s, const bf_font_role *fr, const ruby_span *r, int n_base, double x0, double x1,
                     bf_glyph_run *run)
{
    int font = bf_font_table_id(s->job->fonts, r->font);
    double gap = n_base > 1 && r->n_glyphs > 0 && x1 - x0 > r->width ? (x1 - x0 - r->width) / r->n_glyphs : 0;
    *run = (bf_glyph_run){.font = font, .offset = r->reading, .length = r->reading_end - r->reading};
    run->glyphs = g_new(bf_glyph, r->n_glyphs ? r->n_glyphs : 1);
    run->n_glyphs = r->n_glyphs;
    double pen = gap / 2;
    for (int g = 0; g < r->n_glyphs; g++) {
        uint32_t id = r->info[g].codepoint;
        if (id == 0 || font < 0)
            id = BF_GLYPH_BOX;
        else
            bf_font_table_use(s->job->fonts, font, id);
        double adv = r->pos[g].x_advance / (double)PANGO_SCALE;
        run->glyphs[g] =
            (bf_glyph){id, (float)(pen + r->pos[g].x_offset / (double)PANGO_SCALE),
                       (float)(-r->pos[g].y_offset / (double)PANGO_SCALE), (float)adv, (int)r->info[g].cluster};
        pen += adv + gap;
    }
    run->width = pen - gap / 2;
    run->x = (x0 + x1 - run->width) / 2;
    /* Its em box stands on the top of the base's. */
    run->rise = BF_ASCENT * fr->size + (1 - BF_ASCENT) * r->em;
    run->em = r->em;
    run->color = fr->color;
}

void bf_ruby_place(bf_setter *s, const bf_para_style *st, const para_text *t, const chr *c, int a, int b, bf_line *line)
{
    int count = 0;
    for (int i = a; i < b; i++) count += c[i].ruby >= 0 && (i == a || c[i - 1].ruby != c[i].ruby);
    if (!count) return;
    const bf_font_role *fr = &s->layout->role[st->role];
    line->rubies = bf_arena_array(s->arena, (size_t)count, sizeof(bf_ruby));
    double em = 0;
    for (int i = a; i < b;) {
        int k = c[i].ruby, j = i + 1;
        if (k < 0) {
            i++;
            continue;
        }
        while (j < b && c[j].ruby == k) j++;
        const ruby_span *r = &t->rubies[k];
        double x0, x1;
        if (base_extent(line, &c[j - 1], r->start, r->end, &x0, &x1)) {
            /* At the line's start the space before the base is the
             * overhang it may not take there: not part of the base. */
            if (i == a) x0 += c[i].ohl;
            bf_ruby *rb = &line->rubies[line->n_rubies++];
            rb->base = (int)r->start;
            rb->base_length = (int)(r->end - r->start);
            ruby_run(s, fr, r, j - i, x0, x1, &rb->run);
            bf_glyph_store_put(s->job->glyphs, &rb->run);
            em = fmax(em, r->em);
        }
        i = j;
    }
    /* The ruby sits in the gap between this line's em box and the one
     * above; only a line whose gap is too small for it is made taller. */
    double need = em - (fr->leading - fr->size);
    if (need > EPS) {
        line->height += need;
        line->ascent += need;
    }
}

void bf_ruby_free(para_text *t)
{
    for (int k = 0; k < t->n_rubies; k++) {
        g_free(t->rubies[k].info);
        g_free(t->rubies[k].pos);
    }
    g_free(t->rubies);
}
