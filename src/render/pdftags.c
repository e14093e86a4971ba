/* pdftags.c - the structure tags the items of a page are drawn in.
 *
 * cairo 1.16 builds the PDF's structure tree from cairo_tag_begin and
 * cairo_tag_end, with traps: the first tag must be a grouping one
 * (Document, which bf_render_pdf opens around every page) or the file is
 * not marked tagged, and a tag name it does not know, or a tag left open,
 * breaks the whole file without a word.  Every name comes from the table
 * below, and every tag opened here is closed here.  The reading order
 * (docs/TAGGING.md) is the order of drawing: a note is drawn right after
 * the element that cites it, not where its lines sit on the page.
 */
#include "render/pdf-private.h"

static const char *const names[BF_TAG_COUNT] = {
    [BF_TAG_P] = "P",         [BF_TAG_H1] = "H1",           [BF_TAG_H2] = "H2",
    [BF_TAG_LBODY] = "LBody", [BF_TAG_CAPTION] = "Caption", [BF_TAG_FIGURE] = "Figure",
    [BF_TAG_TH] = "TH",       [BF_TAG_TD] = "TD",           [BF_TAG_L] = "L",
    [BF_TAG_LI] = "LI",       [BF_TAG_TABLE] = "Table",     [BF_TAG_TR] = "TR",
};

const char *bf_tag_element(const bf_item *it)
{
    if (it->tag > BF_TAG_AUTO && it->tag < BF_TAG_COUNT) return names[it->tag];
    if (it->kind == BF_ITEM_IMAGE) return "Figure";
    if (it->kind != BF_ITEM_LINE) return NULL;
    switch (it->line->role) {
    case BF_ROLE_TITLE:
    case BF_ROLE_HEADING: return "H1";
    case BF_ROLE_SECTION: return "H2";
    default: return "P";
    }
}

static bool same_group(bf_tag_group a, bf_tag_group b)
{
    return a.tag == b.tag && a.id == b.id;
}

bool bf_tag_same_groups(const bf_item *a, const bf_item *b)
{
    for (int k = 0; k < BF_TAG_DEPTH; k++)
        if (!same_group(a->group[k], b->group[k])) return false;
    return true;
}

void bf_tag_begin_element(painter *p, const char *name)
{
    bf_tag_end_element(p);
    cairo_tag_begin(bf_cr(p), name, NULL);
    p->element = name;
}

void bf_tag_end_element(painter *p)
{
    if (p->element) cairo_tag_end(bf_cr(p), p->element);
    p->element = NULL;
}

void bf_tag_enter(painter *p, const bf_tag_group *want)
{
    bf_tag_end_element(p);
    int common = 0;
    while (common < p->depth && want[common].tag != BF_TAG_AUTO && same_group(p->open[common], want[common])) common++;
    while (p->depth > common) cairo_tag_end(bf_cr(p), names[p->open[--p->depth].tag]);
    for (; p->depth < BF_TAG_DEPTH && want[p->depth].tag != BF_TAG_AUTO; p->depth++) {
        bf_tag t = want[p->depth].tag;
        /* Only the group tags: an element's name here would take the
         * group's content out of the tree. */
        if (t < BF_TAG_L || t >= BF_TAG_COUNT) break;
        cairo_tag_begin(bf_cr(p), names[t], NULL);
        p->open[p->depth] = want[p->depth];
    }
}

void bf_tag_close(painter *p)
{
    static const bf_tag_group none[BF_TAG_DEPTH];
    bf_tag_enter(p, none);
}

/* A placed note, as one Note element. */
void bf_tag_note(painter *p, const bf_page *pg, int i)
{
    const bf_placed_note *n = &pg->notes[i];
    double y = n->y;
    p->note_drawn[i] = true;
    p->span_lines = false;
    for (int k = n->first; k < n->first + n->count; k++) p->span_lines |= n->para->lines[k].n_links > 0;
    cairo_tag_begin(bf_cr(p), "Note", NULL);
    for (int k = n->first; k < n->first + n->count; k++) {
        bf_draw_tagged_line(p, &n->para->lines[k], n->x, y);
        y += n->para->lines[k].height;
    }
    cairo_tag_end(bf_cr(p), "Note");
    /* Its rest in the next column goes right after it. */
    for (int k = 0; k < pg->n_notes; k++)
        if (!p->note_drawn[k] && pg->notes[k].para == n->para && pg->notes[k].first == n->first + n->count)
            bf_tag_note(p, pg, k);
}

/* Whether note i goes on from the page before: its start is not here, or
 * it is cited on another page. */
bool bf_tag_note_carried(const bf_page *pg, int i)
{
    const bf_placed_note *n = &pg->notes[i];
    for (int k = 0; k < pg->n_notes; k++)
        if (k != i && pg->notes[k].para == n->para && pg->notes[k].first < n->first) return false;
    if (n->first > 0) return true;
    for (int j = 0; j < pg->n_items; j++) {
        const bf_item *it = pg->items[j].item;
        for (int c = 0; it->kind == BF_ITEM_LINE && c < it->line->n_cites; c++)
            if (it->line->cites[c] == n->number) return false;
    }
    return true;
}

/* The notes that the lines of items [from, to) cite, each in the structure
 * tree right after the element that cites it, where a reader wants it. */
void bf_tag_cited_notes(painter *p, const bf_page *pg, int from, int to)
{
    for (int i = from; i < to; i++) {
        const bf_item *it = pg->items[i].item;
        if (it->kind != BF_ITEM_LINE) continue;
        for (int c = 0; c < it->line->n_cites; c++)
            for (int k = 0; k < pg->n_notes; k++)
                if (!p->note_drawn[k] && pg->notes[k].number == it->line->cites[c]) bf_tag_note(p, pg, k);
    }
}

/* Open the element of item i, in its groups, unless it goes on the open
 * one (the next line of the same paragraph).  Returns the element's first
 * item, `from` when it goes on. */
int bf_tag_enter_item(painter *p, const bf_page *pg, int i, int from)
{
    const bf_item *it = pg->items[i].item;
    if (from >= 0 && p->element && it->kind == BF_ITEM_LINE) {
        const bf_item *first = pg->items[from].item;
        if (first->kind == BF_ITEM_LINE && first->line->text == it->line->text && bf_tag_same_groups(first, it))
            return from;
    }
    if (p->element) {
        bf_tag_end_element(p);
        bf_tag_cited_notes(p, pg, from, i);
    }
    const char *name = bf_tag_element(it);
    if (!name) return -1;
    bf_tag_enter(p, it->group);
    if ((it->marker || it->label) && it->tag == BF_TAG_LBODY) {
        /* A list item's marker (drawn) or bullet or number (set) is its label. */
        cairo_tag_begin(bf_cr(p), "Lbl", NULL);
        if (it->marker) bf_draw_marker(p, it->marker, it->line, pg->items[i].x, pg->items[i].y);
        if (it->label) bf_draw_tagged_line(p, it->label, pg->items[i].x - it->x + it->label_x, pg->items[i].y);
        cairo_tag_end(bf_cr(p), "Lbl");
    }
    p->span_lines = false;
    for (int k = i; k < pg->n_items && pg->items[k].item->kind == BF_ITEM_LINE; k++) {
        const bf_item *o = pg->items[k].item;
        if (o->line->text != it->line->text || !bf_tag_same_groups(o, it)) break;
        p->span_lines |= o->line->n_links > 0;
    }
    bf_tag_begin_element(p, name);
    return i;
}
