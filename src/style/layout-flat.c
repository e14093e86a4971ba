/* layout-flat.c - a layout as one file, for an archival PDF to carry
 * (layout.h, bf_layout_flat): building the PDF's input with that file as
 * the layout, and no other settings, gives the same layout. */
#include <string.h>

#include <glib.h>

#include "style/layout.h"

char *bf_layout_flat(bf_arena *a, const bf_layout *l, const char *const *settings, int n, size_t *len)
{
    if (l->n_paths == 1 && n == 0) {
        *len = l->text_lens[0];
        return (char *)l->texts[0];
    }
    GString *g = g_string_new("# This layout as one file: ");
    for (int i = 0; i < l->n_paths; i++) {
        const char *slash = strrchr(l->paths[i], '/');
        g_string_append_printf(g, "%s%s", i ? " including " : "", slash ? slash + 1 : l->paths[i]);
    }
    g_string_append(g, n ? ", and the settings it was built with.\n" : ".\n");
    for (int i = l->n_paths; i-- > 0;) {
        const char *t = l->texts[i], *end = t + l->text_lens[i];
        /* A file that includes another does so on its first key line. */
        for (const char *line = t; i < l->n_paths - 1 && line < end;) {
            const char *nl = memchr(line, '\n', (size_t)(end - line));
            const char *s = line;
            while (s < end && (*s == ' ' || *s == '\t' || *s == '\r')) s++;
            if (s < end && *s != '#' && *s != '\n') {
                g_string_append_len(g, t, line - t);
                g_string_append(g, "# ");
                t = line;
                break;
            }
            line = nl ? nl + 1 : end;
        }
        g_string_append_len(g, t, end - t);
        if (g->len && g->str[g->len - 1] != '\n') g_string_append_c(g, '\n');
    }
    bool ok = true;
    for (int i = 0; i < n; i++) {
        ok = ok && !strchr(settings[i], '\n');
        g_string_append_printf(g, "%s\n", settings[i]);
    }
    *len = g->len;
    char *flat = ok ? bf_arena_strndup(a, g->str, g->len) : NULL;
    g_string_free(g, TRUE);
    return flat;
}
