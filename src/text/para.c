/* para.c - the paragraph setter's driver: bf_para_set runs the stages
 * (para-private.h) over one paragraph.
 */
#include <string.h>
#include <time.h>

#include "text/para-private.h"

bf_setter *bf_setter_new(bf_job *job, bf_fonts *fonts, const bf_layout *layout)
{
    bf_setter *s = bf_arena_alloc(job->arena, sizeof *s);
    s->job = job;
    s->arena = job->arena;
    s->diag = job->diag;
    s->fonts = fonts;
    s->layout = layout;
    s->loaded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
    s->threads = 1;
    return s;
}

bf_setter *bf_setter_new_coverage(bf_job *job, struct bf_coverage *cv, const bf_layout *layout)
{
    bf_setter *s = bf_setter_new(job, NULL, layout);
    s->coverage = cv;
    return s;
}

double bf_setter_seconds(const bf_setter *s)
{
    return s->seconds;
}

void bf_setter_set_file(bf_setter *s, const char *file)
{
    s->file = file;
}

void bf_setter_free(bf_setter *s)
{
    if (!s) return;
    bf_prefetch_free(s);
    if (s->loaded) g_hash_table_destroy(s->loaded);
    if (s->origin) g_hash_table_destroy(s->origin);
    if (s->hb) hb_buffer_destroy(s->hb);
    if (s->plans) g_hash_table_destroy(s->plans);
    if (s->missing) g_hash_table_destroy(s->missing);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Is span i a reading with a base: a RUBY span after a non-empty text one? */
static bool is_ruby(const bf_span *spans, int i)
{
    return spans[i].kind == BF_SPAN_RUBY && i > 0 &&
           (spans[i - 1].kind == BF_SPAN_PLAIN || spans[i - 1].kind == BF_SPAN_STRONG) && spans[i - 1].text[0];
}

/* The spans joined into one text, with the attributes Pango's itemizer
 * would need and the byte ranges of links, marks and strong spans. */
static void join_spans(bf_setter *s, const bf_span *spans, int n_spans, const bf_para_style *st, para_text *t)
{
    const bf_layout *L = s->layout;
    const bf_font_role *fr = &L->role[st->role];
    GString *buf = g_string_sized_new(256);
    size_t base_start = 0; /* where the last text span began */
    t->attrs = pango_attr_list_new();
    for (int i = 0; i < n_spans; i++) {
        const bf_span *sp = &spans[i];
        size_t start = buf->len;
        if (sp->kind == BF_SPAN_BREAK) {
            g_string_append_c(buf, '\n');
            continue;
        }
        if (sp->kind == BF_SPAN_RUBY) {
            if (is_ruby(spans, i)) PARA_PUSH(t, rubies, ((ruby_span){.start = base_start, .end = start}));
            continue;
        }
        base_start = start;
        g_string_append(buf, sp->text);
        size_t end = buf->len;
        if (sp->kind == BF_SPAN_STRONG) {
            const bf_font_role *sr = &L->role[BF_ROLE_STRONG];
            add_attr(t->attrs, pango_attr_family_new(sr->family), start, end);
            add_attr(t->attrs, pango_attr_weight_new(sr->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL), start, end);
            PARA_PUSH(t, strong_ranges, ((link_span){start, end, NULL}));
        } else if (sp->kind == BF_SPAN_MARK) {
            /* A note mark: small, raised, in the accent colour. */
            add_attr(t->attrs, pango_attr_size_new((int)(fr->size * BF_MARK_SIZE * PANGO_SCALE)), start, end);
            add_attr(t->attrs, pango_attr_rise_new((int)(fr->size * BF_MARK_RISE * PANGO_SCALE)), start, end);
            add_attr(t->attrs,
                     pango_attr_foreground_new(channel(L->accent.r), channel(L->accent.g), channel(L->accent.b)), start,
                     end);
            PARA_PUSH(t, marks, ((mark_pos){start, sp->cite}));
            PARA_PUSH(t, mark_ranges, ((link_span){start, end, NULL}));
        }
        if (sp->link) PARA_PUSH(t, links, ((link_span){start, end, sp->link}));
    }
    t->len = (int)buf->len;
    /* The readings follow the paragraph's text, where their runs find them. */
    for (int i = 0, k = 0; i < n_spans; i++) {
        if (!is_ruby(spans, i)) continue;
        ruby_span *r = &t->rubies[k++];
        r->reading = (int)buf->len;
        g_string_append(buf, spans[i].text);
        r->reading_end = (int)buf->len;
    }
    /* A worker has no arena: its text goes there when its lines are made. */
    t->size = buf->len;
    t->heap = !s->arena;
    t->text = t->heap ? g_strndup(buf->str, buf->len) : bf_arena_strndup(s->arena, buf->str, buf->len);
    g_string_free(buf, TRUE);
}

static void para_text_free(para_text *t)
{
    if (t->heap) g_free(t->text);
    pango_attr_list_unref(t->attrs);
    g_free(t->links);
    g_free(t->marks);
    g_free(t->mark_ranges);
    g_free(t->strong_ranges);
    bf_ruby_free(t);
}

/* Is `byte` in one of `ranges` (in text order, not overlapping)?  *at is
 * a cursor kept across calls with growing bytes, so that classifying a
 * paragraph stays linear in its ranges (dense **strong** markup, long URLs). */
static bool in_range(const link_span *ranges, int n, int byte, int *at)
{
    while (*at < n && (int)ranges[*at].end <= byte) (*at)++;
    return *at < n && (int)ranges[*at].start <= byte;
}

/* The ruby whose base holds `byte`, or -1; *at a cursor as in_range's. */
static int in_ruby(const ruby_span *rubies, int n, int byte, int *at)
{
    while (*at < n && (int)rubies[*at].end <= byte) (*at)++;
    return *at < n && (int)rubies[*at].start <= byte ? *at : -1;
}

/* The characters of the text, classified, with c[n] a sentinel at the
 * text's end; and *char_at, the character each byte belongs to. */
static chr *classify_chars(const bf_setter *s, const bf_para_style *st, const para_text *t, int *n_out,
                           int **char_at_out)
{
    const bf_font_role *fr = &s->layout->role[st->role];
    const char *text = t->text;
    int len = t->len;
    int n = (int)g_utf8_strlen(text, len);
    chr *c = g_new0(chr, n + 1);
    int *char_at = g_new(int, len + 1);
    int i = 0, mr = 0, lr = 0, sr = 0, rr = 0;
    for (const char *p = text; p < text + len; p = g_utf8_next_char(p), i++) {
        int byte = (int)(p - text);
        c[i].ch = g_utf8_get_char(p);
        c[i].byte = byte;
        c[i].cls = bf_classify(c[i].ch);
        c[i].em = fr->size;
        c[i].item = c[i].glyph = c[i].first_glyph = -1;
        c[i].url = in_range(t->links, t->n_links, byte, &lr) && st->breakable_urls;
        c[i].strong = in_range(t->strong_ranges, t->n_strong_ranges, byte, &sr);
        c[i].ruby = in_ruby(t->rubies, t->n_rubies, byte, &rr);
        if (in_range(t->mark_ranges, t->n_mark_ranges, byte, &mr)) {
            c[i].mark = true;
            c[i].em = fr->size * BF_MARK_SIZE;
        }
        for (int k = byte; k < byte + (int)(g_utf8_next_char(p) - p); k++) char_at[k] = i;
    }
    char_at[len] = n;
    c[n].byte = len;
    *n_out = n;
    *char_at_out = char_at;
    return c;
}

/* A worker's paragraph: the characters no font has, before the marks that
 * follow shaping forget them. */
static void keep_missing(para_work *w)
{
    for (int i = 0; i < w->n; i++)
        if (w->c[i].glyph == -2) {
            w->missing = bf_grow(w->missing, w->n_missing, &w->cap_missing, sizeof *w->missing, 4);
            w->missing[w->n_missing++] = w->c[i].ch;
        }
}

/* The pure part of setting a paragraph: everything up to its lines,
 * touching nothing of the job, so that a worker (prefetch.c) may run it.
 * The main setter reports the characters no font has here, as ever; a
 * worker leaves that to bf_para_finish.  False when a worker cannot set
 * the paragraph alone (right-to-left text goes through the shared Pango
 * context; a diagnostic must come out in order): w is then freed. */
bool bf_para_prepare(bf_setter *s, const bf_span *spans, int n_spans, const bf_para_style *st, para_work *w)
{
    para_text *t = &w->t;
    *w = (para_work){0};
    join_spans(s, spans, n_spans, st, t);
    chr *c = w->c = classify_chars(s, st, t, &w->n, &w->char_at);
    int n = w->n;
    if (s->worker && bf_has_rtl(c, n)) goto fail;
    bf_mark_pairs(c, n);
    bf_mark_exclaims(c, n);
    bf_shape_para(s, st, t, c, n, w->char_at, &w->sh, &w->n_items);
    if (!s->worker)
        bf_report_missing(s, st, c, n);
    else /* NOLINTNEXTLINE(clang-analyzer-unix.Malloc): w owns what it holds; bf_para_work_free frees it */
        keep_missing(w);
    bf_mark_blanks(c, n);
    bf_mark_spacing(c, n);
    bf_mark_breaks(c, n);
    if (st->phrases) bf_mark_phrases(c, n);
    s->bail = false;
    bf_ruby_fit(s, st, t, c, n, w->sh);
    if (s->bail) goto fail;
    w->lines = g_new(span_line, n + 2);
    bool hanging = s->layout->hanging_punctuation && st->align == BF_ALIGN_JUSTIFY;
    w->nl = bf_break_lines(c, n, st, hanging, w->lines, n + 2);
    bf_mark_tenzuki(c, w->lines, w->nl);
    bf_adjust_lines(c, w->lines, w->nl, st, w->sh);
    if (s->worker && !bf_worker_fonts(s, w)) goto fail;
    return true;
fail:
    bf_para_work_free(w);
    return false;
}

void bf_para_work_free(para_work *w)
{
    if (w->sh) bf_shaped_free(w->sh, w->n_items);
    g_free(w->lines);
    g_free(w->c);
    g_free(w->char_at);
    g_free(w->fonts);
    g_free(w->missing);
    g_free(w->worker_text);
    if (w->t.attrs) para_text_free(&w->t);
    *w = (para_work){0};
}

/* The ordered part, on the main setter: the fonts and glyphs go to the
 * job's font table and glyph store in the order of a single-threaded
 * run, so the PDF's bytes do not depend on the threads.  A worker's
 * paragraph gets its text into the arena, the main
 * setter's fonts for the worker's and its report of missing characters
 * here, in order. */
bf_para *bf_para_finish(bf_setter *s, const bf_para_style *st, para_work *w)
{
    para_text *t = &w->t;
    if (w->from_worker) {
        w->worker_text = t->text;
        t->text = bf_arena_strndup(s->arena, w->worker_text, t->size);
        t->heap = false;
        for (int k = 0; k < w->n_items + t->n_rubies; k++) {
            const font_key *f = &w->fonts[k];
            PangoFont *font = f->family ? bf_setter_font(s, f->family, f->bold, f->size) : NULL;
            if (k < w->n_items)
                w->sh[k].item->analysis.font = font ? g_object_ref(font) : NULL;
            else
                t->rubies[k - w->n_items].font = font;
        }
        bf_report_missing_chars(s, st, w->missing, w->n_missing);
    }
    return bf_make_para(s, st, t, w->c, w->lines, w->nl, w->sh, w->n_items);
}

/* `check`'s paragraph: what no font has reported from the cmaps, no lines. */
static bf_para *cover_para(bf_setter *s, const bf_span *spans, int n_spans, const bf_para_style *st)
{
    para_text t = {0};
    join_spans(s, spans, n_spans, st, &t);
    int n, *char_at;
    chr *c = classify_chars(s, st, &t, &n, &char_at);
    bf_coverage_para(s, st, &t, c, n);
    g_free(c);
    g_free(char_at);
    para_text_free(&t);
    return bf_arena_alloc(s->arena, sizeof(bf_para));
}

static bf_para *set_para(bf_setter *s, const bf_span *spans, int n_spans, const bf_para_style *st)
{
    if (s->coverage) return cover_para(s, spans, n_spans, st);
    para_work w;
    bf_para_prepare(s, spans, n_spans, st, &w); /* never false on the main setter */
    bf_para *para = bf_para_finish(s, st, &w);
    bf_para_work_free(&w);
    return para;
}

bf_para *bf_para_set(bf_setter *s, const bf_span *spans, int n_spans, const bf_para_style *st)
{
    if (s->pre && bf_prefetch_collecting(s)) return bf_prefetch_record(s, spans, n_spans, st);
    double t0 = now();
    bf_para *p = s->pre ? bf_prefetch_take(s, spans, n_spans, st) : NULL;
    if (!p) p = set_para(s, spans, n_spans, st);
    s->seconds += now() - t0;
    return p;
}
