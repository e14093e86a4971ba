/* notes.c - each cited source set as its note: for the list of sources
 * that closes the briefing, and for the foot of the page that cites it.
 */
#include <stdio.h>

#include "page/compose-private.h"

const bf_para *bf_note_para(composer *c, const bf_source *src, int number, double width, bf_role role, const char *path)
{
    spans sp = {0};
    push_strong(&sp, bf_arena_printf(c->a, "*%d", number));
    push_plain(&sp, "　");
    push_plain(&sp, src->name);
    if (src->description) push_plain(&sp, bf_arena_printf(c->a, "（%s）", src->description));
    if (src->title) push_plain(&sp, bf_arena_printf(c->a, "「%s」", src->title));
    if (src->url) {
        push_plain(&sp, " ");
        push(&sp, (bf_span){BF_SPAN_PLAIN, src->url, 0, src->url});
    }
    if (src->accessed.year) push_plain(&sp, bf_arena_printf(c->a, "（%s閲覧）", date_text(c, src->accessed)));
    bf_para_style st = {role, width, 0, BF_ALIGN_LEFT, true, path, false, 0, false};
    bf_para *p = bf_para_set(c->s, sp.v, sp.n, &st);
    g_free(sp.v);
    return p;
}

void bf_compose_notes(composer *c)
{
    const bf_doc *doc = c->doc;
    bf_flow *f = c->flow;
    f->n_notes = c->next_number;
    f->notes = bf_arena_array(c->a, (size_t)c->next_number + 1, sizeof(const bf_para *));
    for (size_t i = 0; i < doc->n_sources; i++) {
        int n = c->number[i];
        if (!n) continue;
        /* At the list's width (one column) the list's setting serves: the
         * same note is not shaped, nor its missing characters reported,
         * twice. */
        if (c->listed && c->listed_width == c->width && c->listed[n])
            f->notes[n] = c->listed[n];
        else
            f->notes[n] = bf_note_para(c, &doc->sources[i], n, c->width, BF_ROLE_NOTE, doc->sources[i].path);
    }
}
