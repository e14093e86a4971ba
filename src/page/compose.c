/* compose.c - the document as a flow of items in reading order.
 *
 * Reading order is also citation order: a source gets its note number the
 * first time a text (or a chapter's summary box) cites it, so numbering is
 * done here, as the flow is built.
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "page/compose-private.h"

/* The house spacing: in lines (the pitch of the role concerned) or in ems
 * (its type size), or a fraction of the column or the text area. */
#define HEADING_SPACE 1.6 /* lines of text before a chapter heading or まとめ */
#define BLOCK_GAP 0.6     /* lines of text between the blocks of a chapter */
#define FIRST_SPACE 0.5   /* lines of text before the first entry under a heading */
#define TEASER_PAD 0.6    /* ems inside the question teaser */
#define SUMMARY_PAD 0.9   /* ems inside the summary box */
#define CHECK_ROOM 1.5    /* ems before a summary point, for its check mark */
#define POINT_SPACE 0.35  /* lines between summary points */
#define ASIDE_SPACE 0.3   /* lines between asides */
#define KEYPOINT_ROOM 1.6 /* ems before a key point, for its marker */
#define TOC_NUMBER_ROOM 4 /* ems for a TOC entry's page number */

bf_item *add_item(composer *c, bf_item_kind kind)
{
    bf_flow *f = c->flow;
    /* On the heap while the flow grows (the arena would keep every
     * outgrown copy); the arena's when it is complete. */
    f->items = bf_grow(f->items, f->n_items, &f->cap_items, sizeof *f->items, 256);
    bf_item *it = &f->items[f->n_items++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->frame = -1;
    it->head = -1;
    it->span = c->span;
    if (c->keep_next) {
        it->keep_with_prev = true;
        c->keep_next = false;
    }
    return it;
}

int add_frame(composer *c, bf_frame fr)
{
    bf_flow *f = c->flow;
    f->frames = bf_arena_grow(c->a, f->frames, f->n_frames, &f->cap_frames, sizeof(bf_frame), 32);
    f->frames[f->n_frames] = fr;
    return f->n_frames++;
}

int cite(composer *c, int source)
{
    if (!c->number[source]) c->number[source] = ++c->next_number;
    return c->number[source];
}

/* ---- spans (their type and the plain pushes: compose-private.h) ------------ */

void push_mark(composer *c, spans *sp, int number)
{
    push(sp, (bf_span){BF_SPAN_MARK, bf_arena_printf(c->a, "*%d", number), number, NULL});
}

void push_text(composer *c, spans *sp, const bf_text *t)
{
    for (size_t i = 0; i < t->n_runs; i++) {
        const bf_run *r = &t->runs[i];
        switch (r->kind) {
        case BF_RUN_TEXT: push_plain(sp, r->text); break;
        case BF_RUN_STRONG: push_strong(sp, r->text); break;
        case BF_RUN_CITE: push_mark(c, sp, cite(c, r->source)); break;
        case BF_RUN_BREAK: push(sp, (bf_span){BF_SPAN_BREAK, NULL, 0, NULL}); break;
        case BF_RUN_RUBY: push(sp, (bf_span){BF_SPAN_RUBY, r->text, 0, NULL}); break;
        }
    }
}

/* ---- paragraphs ------------------------------------------------------------- */

double em(composer *c, bf_role r)
{
    return c->L->role[r].size;
}

double pitch(composer *c, bf_role r)
{
    return c->L->role[r].leading;
}

/* Set a paragraph and add its lines; returns the index of its first item
 * (-1 when it has none): an index, because adding items may move them.  No
 * page may leave one line of it alone at its foot or head (the widow and
 * orphan rule): a break is allowed before line i only with two lines on
 * each side. */
int add_para(composer *c, const bf_span *sp, int n, const para_opts *o)
{
    bf_para_style st = {o->role, o->width, o->indent, o->align, o->urls, o->where, o->phrases, o->turnover, false};
    bf_para *p = bf_para_set(c->s, sp, n, &st);
    bool display = o->role == BF_ROLE_TITLE || o->role == BF_ROLE_SUBTITLE || o->role == BF_ROLE_HEADING ||
                   o->role == BF_ROLE_SECTION;
    if (display && p && p->n_lines >= 2 && o->align == BF_ALIGN_LEFT) {
        /* A heading that wraps is balanced: its lines set to about equal
         * lengths rather than a full line and a stub (第4章 …の選 / 択). */
        double total = 0;
        for (int i = 0; i < p->n_lines; i++) total += p->lines[i].width;
        st.width = (total + st.turnover * (p->n_lines - 1)) / p->n_lines + em(c, o->role) * 1.5;
        if (st.width < o->width) {
            bf_para *q = bf_para_set(c->s, sp, n, &st);
            if (q && q->n_lines == p->n_lines) p = q;
        }
    }
    int first = -1;
    for (int i = 0; p && i < p->n_lines; i++) {
        bf_item *it = add_item(c, BF_ITEM_LINE);
        it->line = &p->lines[i];
        it->x = o->x;
        it->height = p->lines[i].height;
        it->frame = o->frame;
        if (i == 0) {
            it->space_before = o->space_before;
            it->marker = o->marker;
            first = c->flow->n_items - 1;
        } else {
            int rest = p->n_lines - i;
            it->keep_with_prev = o->keep_all || i < 2 || rest < 2;
        }
    }
    return first;
}

/* add_para with spans, which it frees. */
int add_spans(composer *c, spans *sp, const para_opts *o)
{
    int at = add_para(c, sp->v, sp->n, o);
    g_free(sp->v);
    *sp = (spans){0};
    return at;
}

para_opts body_opts(composer *c, bf_role role, const char *where)
{
    return (para_opts){.role = role,
                       .x = 0,
                       .width = c->width,
                       .indent = 0,
                       .space_before = 0,
                       .align = BF_ALIGN_JUSTIFY,
                       .frame = -1,
                       .where = where};
}

int add_text(composer *c, const bf_text *t, const para_opts *o)
{
    spans sp = {0};
    push_text(c, &sp, t);
    if (sp.n == 0) return -1;
    return add_spans(c, &sp, o);
}

const bf_line *set_line(composer *c, bf_role role, const char *text, bf_align align, double width)
{
    bf_span s = {BF_SPAN_PLAIN, text, 0, NULL};
    bf_para_style st = {role, width, 0, align, false, NULL, false, 0, false};
    bf_para *p = bf_para_set(c->s, &s, 1, &st);
    return p && p->n_lines ? &p->lines[0] : NULL;
}

void add_rule(composer *c, double width, double weight, bf_color color, double space_before)
{
    bf_item *it = add_item(c, BF_ITEM_RULE);
    it->width = width;
    it->height = weight;
    it->space_before = space_before;
    it->rule_color = color;
    it->keep_with_prev = true;
}

/* Mark every item from `from` on as one unit that stays on one page when
 * it fits there. */
void keep_together(composer *c, int from)
{
    for (int i = from + 1; i < c->flow->n_items; i++) c->flow->items[i].box_keep = true;
}

/* ---- the blocks --------------------------------------------------------------- */

static char *where(composer *c, const char *fmt, size_t i)
{
    return bf_arena_printf(c->a, fmt, i);
}

static void title_block(composer *c)
{
    const bf_doc *doc = c->doc;
    const bf_layout *L = c->L;
    double column = c->width;
    c->span = true;
    c->width = c->full;
    if (doc->logo) {
        /* The house's logo above the edition line, at the layout's height,
         * kept with the title block. */
        bf_item *it = add_item(c, BF_ITEM_IMAGE);
        it->image = doc->logo;
        double w = L->logo_height * doc->logo->width / (doc->logo->height ? doc->logo->height : 1);
        it->width = w < c->width ? w : c->width; /* a very wide one to the measure, its shape kept */
        it->height = L->logo_height * it->width / w;
        it->tag = BF_TAG_FIGURE;
        c->keep_next = true;
    }
    char *date = date_text(c, doc->edition_date);
    char *edition = date;
    if (doc->edition_label)
        edition = bf_arena_printf(c->a, "%s　%s", edition, doc->edition_label);
    else if (doc->edition_number > 0)
        edition = bf_arena_printf(c->a, "%s　第%" PRId64 "号", edition, doc->edition_number);
    if (doc->publisher) edition = bf_arena_printf(c->a, "%s　%s", edition, doc->publisher);

    spans sp = {0};
    push_plain(&sp, edition);
    if (doc->marking) {
        push_plain(&sp, "　");
        push_strong(&sp, doc->marking);
    }
    if (L->revision_mark && *L->label.revision) { /* a corrected edition, said where its date is */
        push_plain(&sp, "　");
        push_strong(&sp, L->label.revision);
    }
    para_opts o = body_opts(c, BF_ROLE_EDITION, "edition");
    o.align = BF_ALIGN_LEFT;
    int at = add_spans(c, &sp, &o);
    if (at >= 0) {
        bf_item *first = &c->flow->items[at];
        first->outline = c->flow->title_plain;
        first->outline_level = 0;
    }

    o = body_opts(c, BF_ROLE_TITLE, "title");
    o.align = BF_ALIGN_LEFT;
    o.space_before = pitch(c, BF_ROLE_EDITION) * 0.5;
    o.keep_all = true;
    c->keep_next = true;
    add_text(c, &doc->title, &o);
    if (doc->subtitle.n_runs) {
        o = body_opts(c, BF_ROLE_SUBTITLE, "subtitle");
        o.align = BF_ALIGN_LEFT;
        o.keep_all = true;
        o.space_before = 2;
        c->keep_next = true;
        add_text(c, &doc->subtitle, &o);
    }
    add_rule(c, c->width, 1.6, L->accent, 6);
    for (size_t i = 0; i < doc->lead.n; i++) {
        o = body_opts(c, BF_ROLE_LEAD, where(c, "lead[%zu]", i));
        o.space_before = i == 0 ? pitch(c, BF_ROLE_LEAD) * 0.6 : 0;
        o.indent = i == 0 ? 0 : em(c, BF_ROLE_LEAD);
        if (i == 0) c->keep_next = true;
        add_text(c, &doc->lead.items[i], &o);
    }
    c->span = false;
    c->width = column;
}

static void section_heading(composer *c, const char *text, double space_before, bool new_page, const char *outline)
{
    spans sp = {0};
    push_plain(&sp, text);
    para_opts o = body_opts(c, BF_ROLE_SECTION, NULL);
    o.align = BF_ALIGN_LEFT;
    o.keep_all = true;
    o.space_before = space_before;
    int at = add_spans(c, &sp, &o);
    if (at >= 0) {
        bf_item *first = &c->flow->items[at];
        first->new_page = new_page;
        first->outline = outline;
        first->outline_level = 0;
    }
    add_rule(c, c->width, 0.8, c->L->accent, 2);
    c->keep_next = true;
}

void source_line(composer *c, const bf_source *src, int number, const para_opts *base)
{
    spans sp = {0};
    push_strong(&sp, "出典");
    push_plain(&sp, "　");
    push_plain(&sp, src->name);
    if (src->description) push_plain(&sp, bf_arena_printf(c->a, "（%s）", src->description));
    push_mark(c, &sp, number);
    para_opts o = *base;
    o.role = BF_ROLE_META;
    o.align = BF_ALIGN_LEFT;
    o.marker = BF_MARKER_NONE;
    o.indent = 0;
    o.space_before = pitch(c, BF_ROLE_META) * 0.3;
    add_spans(c, &sp, &o);
}

/* The question teaser, a panel kept whole. */
static void teaser(composer *c, size_t ci, double gap)
{
    const bf_chapter *ch = &c->doc->chapters[ci];
    const bf_layout *L = c->L;
    para_opts o;
    double pad = em(c, BF_ROLE_TEASER) * TEASER_PAD;
    int fr = add_frame(
        c, (bf_frame){BF_FRAME_PANEL, 0, c->width, pad, pad, pad, 0, L->teaser_fill, L->accent, true, NULL, NULL});
    int from = c->flow->n_items;
    spans q = {0};
    push_strong(&q, bf_arena_printf(c->a, "%s　", c->L->label.question));
    push_text(c, &q, &ch->question);
    o = body_opts(c, BF_ROLE_TEASER, where(c, "chapters[%zu].question", ci));
    o.x = pad;
    o.width = c->width - 2 * pad;
    o.frame = fr;
    o.align = BF_ALIGN_LEFT;
    o.space_before = gap;
    add_spans(c, &q, &o);
    if (ch->answer.n_runs) {
        spans an = {0};
        push_strong(&an, bf_arena_printf(c->a, "%s　", c->L->label.answer));
        push_text(c, &an, &ch->answer);
        o.where = where(c, "chapters[%zu].answer", ci);
        o.space_before = 0;
        add_spans(c, &an, &o);
    }
    keep_together(c, from);
}

/* The summary box: framed, a drawn check mark before each point, the
 * source line at its foot.  It stays whole when it fits on a page. */
static void summary_box(composer *c, size_t ci, double gap)
{
    const bf_chapter *ch = &c->doc->chapters[ci];
    const bf_layout *L = c->L;
    para_opts o;
    double pad = em(c, BF_ROLE_SUMMARY) * SUMMARY_PAD;
    double mark_room = em(c, BF_ROLE_SUMMARY) * CHECK_ROOM;
    const bf_line *label = set_line(c, BF_ROLE_META, c->L->label.summary, BF_ALIGN_LEFT, c->width);
    const bf_line *more = set_line(c, BF_ROLE_META, bf_arena_printf(c->a, "%s%s", L->label.summary, L->label.continued),
                                   BF_ALIGN_LEFT, c->width);
    int fr = add_frame(c, (bf_frame){BF_FRAME_BOX, 0, c->width, pad + pitch(c, BF_ROLE_META) * 0.6, pad, pad,
                                     L->rule_weight, L->box_fill, L->box_rule, true, label, more});
    int from = c->flow->n_items;
    for (size_t i = 0; i < ch->summary.n; i++) {
        o = body_opts(c, BF_ROLE_SUMMARY, bf_arena_printf(c->a, "chapters[%zu].summary[%zu]", ci, i));
        o.x = pad + mark_room;
        o.width = c->width - 2 * pad - mark_room;
        o.frame = fr;
        o.marker = BF_MARKER_CHECK;
        o.space_before = i == 0 ? gap : pitch(c, BF_ROLE_SUMMARY) * POINT_SPACE;
        int point = c->flow->n_items;
        add_text(c, &ch->summary.items[i], &o);
        bf_tag_items(c, point, BF_TAG_LBODY);
        bf_tag_wrap(c, point, BF_TAG_LI);
    }
    bf_tag_wrap(c, from, BF_TAG_L);
    if (ch->source >= 0) {
        o = body_opts(c, BF_ROLE_META, where(c, "chapters[%zu].source", ci));
        o.x = pad;
        o.width = c->width - 2 * pad;
        o.frame = fr;
        source_line(c, &c->doc->sources[ch->source], cite(c, ch->source), &o);
    }
    /* The whole box is one unit; bf_pages_build splits it when it is
     * taller than a page, or when moving it on would leave more than a
     * third of the page empty. */
    keep_together(c, from);
}

static void chapter(composer *c, size_t ci)
{
    const bf_chapter *ch = &c->doc->chapters[ci];
    const bf_layout *L = c->L;

    /* Heading: 第3章 and the title, a rule under it, kept with what follows. */
    spans sp = {0};
    const char *number = bf_chapter_label(c->a, c->L, ch->number);
    if (*number) push_plain(&sp, bf_arena_printf(c->a, "%s　", number));
    push_text(c, &sp, &ch->title);
    para_opts o = body_opts(c, BF_ROLE_HEADING, where(c, "chapters[%zu].title", ci));
    o.align = BF_ALIGN_LEFT;
    o.keep_all = true;
    o.phrases = true;
    if (*number) {
        /* A title that turns over aligns with its text, not with 第. */
        const bf_line *label = set_line(c, BF_ROLE_HEADING, sp.v[0].text, BF_ALIGN_LEFT, o.width);
        if (label && label->width < o.width / 3) o.turnover = label->width;
    }
    o.space_before = pitch(c, BF_ROLE_TEXT) * HEADING_SPACE;
    int at = add_spans(c, &sp, &o);
    if (at >= 0) {
        bf_item *first = &c->flow->items[at];
        first->new_page = L->duplex && L->chapter_recto;
        first->recto = first->new_page;
        c->chapter_item[ci] = at;
        first->outline = bf_arena_printf(c->a, "%s%s%s", number, *number ? " " : "", bf_text_plain(c->a, &ch->title));
        first->outline_level = 1;
    }
    add_rule(c, c->width, 1.0, L->accent, 3);
    c->keep_next = true;
    double gap = pitch(c, BF_ROLE_TEXT) * BLOCK_GAP;

    if (ch->question.n_runs) teaser(c, ci, gap);

    if (ch->intro.n_runs) {
        o = body_opts(c, BF_ROLE_TEXT, where(c, "chapters[%zu].intro", ci));
        o.space_before = gap;
        add_text(c, &ch->intro, &o);
    }
    if (ch->published.year) {
        spans m = {0};
        push_plain(&m, bf_arena_printf(c->a, "%s　%s", c->L->label.published, date_text(c, ch->published)));
        o = body_opts(c, BF_ROLE_META, where(c, "chapters[%zu].published", ci));
        o.align = BF_ALIGN_LEFT;
        o.space_before = gap * 0.5;
        add_spans(c, &m, &o);
    }

    if (ch->summary.n || ch->source >= 0) summary_box(c, ci, gap);

    if (ch->comment.n_runs) {
        double pad = em(c, BF_ROLE_COMMENT);
        int fr = add_frame(
            c, (bf_frame){BF_FRAME_BAR, 0, c->width, 2, 2, pad, 2.0, L->accent, L->accent, false, NULL, NULL});
        o = body_opts(c, BF_ROLE_COMMENT, where(c, "chapters[%zu].comment", ci));
        o.x = pad;
        o.width = c->width - pad;
        o.frame = fr;
        o.space_before = gap;
        add_text(c, &ch->comment, &o);
    }

    if (ch->image) bf_compose_figure(c, ch->image, gap, where(c, "chapters[%zu].image", ci));

    bf_compose_blocks(c, &ch->body, gap);

    for (size_t i = 0; i < ch->aside.n; i++) {
        double pad = em(c, BF_ROLE_ASIDE);
        int fr = add_frame(c, (bf_frame){BF_FRAME_BAR, em(c, BF_ROLE_TEXT), c->width - em(c, BF_ROLE_TEXT), 1, 1, pad,
                                         1.0, L->muted, L->muted, false, NULL, NULL});
        o = body_opts(c, BF_ROLE_ASIDE, bf_arena_printf(c->a, "chapters[%zu].aside[%zu]", ci, i));
        o.x = pad + em(c, BF_ROLE_TEXT);
        o.width = c->width - o.x;
        o.frame = fr;
        o.space_before = i == 0 ? gap : pitch(c, BF_ROLE_ASIDE) * ASIDE_SPACE;
        o.align = BF_ALIGN_JUSTIFY;
        add_text(c, &ch->aside.items[i], &o);
    }
}

static void key_points(composer *c)
{
    const bf_doc *doc = c->doc;
    double column = c->width;
    c->span = true;
    c->width = c->full;
    /* Last, the key points take a page of their own; first, they follow the
     * title block as an executive summary, and the chapters start a page. */
    section_heading(c, c->L->label.key_points, c->L->key_points_first ? pitch(c, BF_ROLE_TEXT) : 0,
                    !c->L->key_points_first, c->L->label.key_points);
    double room = em(c, BF_ROLE_KEYPOINT) * KEYPOINT_ROOM;
    int list = c->flow->n_items;
    for (size_t i = 0; i < doc->key_points.n; i++) {
        para_opts o = body_opts(c, BF_ROLE_KEYPOINT, where(c, "key_points[%zu]", i));
        o.x = room;
        o.width = c->width - room;
        o.marker = BF_MARKER_SQUARE;
        o.space_before = pitch(c, BF_ROLE_KEYPOINT) * (i == 0 ? 0.8 : 0.5);
        int point = c->flow->n_items;
        add_text(c, &doc->key_points.items[i], &o);
        bf_tag_items(c, point, BF_TAG_LBODY);
        bf_tag_wrap(c, point, BF_TAG_LI);
    }
    bf_tag_wrap(c, list, BF_TAG_L);
    c->span = false;
    c->width = column;
}

/* The table of contents: one entry a chapter, its page number set once the
 * pages are known (bf_pages_build), right-aligned after a dot leader.  The
 * number's room is reserved now, so the entries' lines do not change. */
static void toc(composer *c)
{
    const bf_doc *doc = c->doc;
    double column = c->width;
    c->span = true;
    c->width = c->full;
    section_heading(c, c->L->label.toc, pitch(c, BF_ROLE_TEXT), false, c->L->label.toc);
    double room = c->flow->toc_room = em(c, BF_ROLE_TEXT) * TOC_NUMBER_ROOM; /* bf_pages_build sets the numbers in it */
    c->flow->toc_entry = bf_arena_array(c->a, doc->n_chapters, sizeof(int));
    c->flow->toc_target = bf_arena_array(c->a, doc->n_chapters, sizeof(int));
    for (size_t i = 0; i < doc->n_chapters; i++) {
        const bf_chapter *ch = &doc->chapters[i];
        spans sp = {0};
        const char *number = bf_chapter_label(c->a, c->L, ch->number);
        if (*number) push_plain(&sp, bf_arena_printf(c->a, "%s　", number));
        push_plain(&sp, bf_text_plain(c->a, &ch->title));
        para_opts o = body_opts(c, BF_ROLE_TEXT, where(c, "chapters[%zu].title", i));
        o.width = c->width - room;
        o.align = BF_ALIGN_LEFT;
        o.keep_all = true;
        o.space_before = i == 0 ? pitch(c, BF_ROLE_TEXT) * FIRST_SPACE : 2;
        add_spans(c, &sp, &o);
        bf_item *last = &c->flow->items[c->flow->n_items - 1];
        last->leader = true;
        c->flow->toc_entry[c->flow->n_toc++] = c->flow->n_items - 1;
    }
    c->span = false;
    c->width = column;
}

/* The QR code of a listed source with a URL, when the layout asks for
 * codes; a URL too long for one is said so, and listed without. */
static const bf_qr *source_qr(composer *c, const bf_source *src)
{
    if (!c->L->source_qr || !src->url) return NULL;
    bf_qr *qr = bf_qr_encode(c->a, src->url);
    if (qr) {
        qr->dx = c->width - qr->side; /* at the right edge of the list's measure */
    } else {
        bf_warning(c->diag, c->doc->file, bf_arena_printf(c->a, "%s.url", src->path),
                   "the URL is too long for a QR code (%zu bytes); it is listed without one", strlen(src->url));
    }
    return qr;
}

static void sources_list(composer *c)
{
    const bf_doc *doc = c->doc;
    if (!doc->n_sources) return;
    /* The list closes the briefing across the columns. */
    c->span = true;
    c->width = c->full;
    section_heading(c, c->L->label.sources, pitch(c, BF_ROLE_TEXT) * 2, false, c->L->label.sources);
    /* Uncited sources are numbered after the cited ones, in their order. */
    for (size_t i = 0; i < doc->n_sources; i++) cite(c, (int)i);
    size_t *by_number = bf_arena_array(c->a, (size_t)c->next_number + 1, sizeof(size_t));
    for (size_t i = 0; i < doc->n_sources; i++) by_number[c->number[i]] = i;
    c->listed = bf_arena_array(c->a, (size_t)c->next_number + 1, sizeof(const bf_para *));
    c->listed_width = c->width;
    for (int n = 1; n <= c->next_number; n++) {
        size_t i = by_number[n];
        const bf_qr *qr = source_qr(c, &doc->sources[i]);
        /* Beside a code the text is set short of it, never under it. */
        double width = qr ? c->width - qr->side - em(c, BF_ROLE_NOTE) : c->width;
        const bf_para *p = bf_note_para(c, &doc->sources[i], n, width, BF_ROLE_NOTE, doc->sources[i].path);
        c->listed[n] = qr ? NULL : p; /* a note at the foot is set at the full measure */
        double height = 0;
        for (int k = 0; p && k < p->n_lines; k++) {
            bf_item *it = add_item(c, BF_ITEM_LINE);
            it->line = &p->lines[k];
            it->height = p->lines[k].height;
            it->space_before = k == 0 ? 3 : 0;
            /* The first entry keeps with the heading (add_item set it). */
            if (k > 0) it->keep_with_prev = true;
            if (k == 0) it->qr = qr;
            height += it->height;
            /* An entry shorter than its code takes the code's height. */
            if (qr && k == p->n_lines - 1 && height < qr->side) it->height += qr->side - height;
        }
    }
}

static bf_flow *compose(bf_job *job, bf_setter *s, const bf_doc *doc, const bf_layout *layout)
{
    bf_arena *a = job->arena;
    composer c = {.a = a, .diag = job->diag, .s = s, .doc = doc, .L = layout};
    bf_setter_set_file(s, doc->file);
    c.flow = bf_arena_alloc(a, sizeof *c.flow);
    c.number = bf_arena_array(a, doc->n_sources + 1, sizeof(int));
    double x, y, h;
    bf_text_area(layout, 1, &x, &y, &c.full, &h);
    int ncol = bf_layout_columns(layout);
    c.width = (c.full - (ncol - 1) * layout->column_gap) / ncol;
    bf_flow *f = c.flow;
    f->title_plain = bf_text_plain(a, &doc->title);
    if (doc->subtitle.n_runs) f->subtitle_plain = bf_text_plain(a, &doc->subtitle);

    title_block(&c);
    c.chapter_item = bf_arena_array(a, doc->n_chapters, sizeof(int));
    if (layout->key_points_first && doc->key_points.n) key_points(&c);
    if (layout->toc) toc(&c);
    int first_chapter = f->n_items;
    for (size_t i = 0; i < doc->n_chapters; i++) chapter(&c, i);
    if ((layout->key_points_first && doc->key_points.n) || layout->toc) f->items[first_chapter].new_page = true;
    for (int i = 0; i < f->n_toc; i++) f->toc_target[i] = c.chapter_item[i];
    if (doc->conclusion.n) {
        section_heading(&c, c.L->label.conclusion, pitch(&c, BF_ROLE_TEXT) * HEADING_SPACE, false, NULL);
        bf_compose_blocks(&c, &doc->conclusion, pitch(&c, BF_ROLE_TEXT) * FIRST_SPACE);
    }
    if (!layout->key_points_first && doc->key_points.n) key_points(&c);
    double column = c.width;
    sources_list(&c);
    c.span = false;
    c.width = column;

    /* Notes at the foot of the page, by number. */
    bf_compose_notes(&c);

    for (int slot = 0; slot < BF_SLOT_COUNT; slot++) {
        const char *text = NULL;
        switch (layout->band[slot]) {
        case BF_BAND_TITLE: text = f->title_plain; break;
        case BF_BAND_DATE: text = bf_date_format(a, doc->edition_date, layout->date_style, layout->date_weekday); break;
        case BF_BAND_PUBLISHER: text = doc->publisher; break;
        case BF_BAND_MARKING: text = doc->marking; break;
        case BF_BAND_NONE:
        case BF_BAND_PAGE: break;
        }
        /* Set at its natural width; the renderer aligns it in its place. */
        if (text) f->band[slot] = set_line(&c, BF_ROLE_HEADER, text, BF_ALIGN_LEFT, c.full * 0.6);
    }
    if (layout->marking_stamp && doc->marking) {
        /* In the header's type, bold: the stamp must fit the top margin of
         * every layout, a5's too. */
        bf_span mark = {BF_SPAN_STRONG, doc->marking, 0, NULL};
        bf_para_style st = {BF_ROLE_HEADER, c.full * 0.6, 0, BF_ALIGN_LEFT, false, NULL, false, 0, false};
        bf_para *p = bf_para_set(c.s, &mark, 1, &st);
        f->stamp = p && p->n_lines ? &p->lines[0] : NULL;
    }
    /* Cut to its length and handed to the arena, not copied: at 1,000
     * pages the items are 12 MB, and a copy had both at once. */
    size_t n = (size_t)(f->n_items ? f->n_items : 1);
    f->items = bf_arena_adopt(a, g_realloc_n(f->items, n, sizeof(bf_item)), n * sizeof(bf_item));
    f->cap_items = f->n_items;
    return f;
}

/* With threads, compose runs once first with the setter only collecting
 * the paragraphs it will set (text/para.h), in a scratch arena and with
 * its messages dropped, so that workers set them while compose runs for
 * real: which paragraphs there are, with what spans and style, is then
 * decided by compose's own code alone. */
bf_flow *bf_flow_compose(bf_job *job, bf_setter *s, const bf_doc *doc, const bf_layout *layout)
{
    if (bf_setter_threads(s) > 1) {
        bf_diag *quiet = bf_diag_new(NULL);
        bf_job scratch = *job;
        scratch.arena = bf_arena_new();
        scratch.diag = quiet;
        bf_setter_collect(s, scratch.arena);
        compose(&scratch, s, doc, layout);
        bf_setter_prefetch(s);
        bf_arena_free(scratch.arena);
        bf_diag_free(quiet);
    }
    bf_flow *f = compose(job, s, doc, layout);
    bf_setter_prefetch_end(s);
    return f;
}
