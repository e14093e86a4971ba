#include "core/utf8.h"

#include <glib.h>

size_t bf_utf8_next(const char *p, const char *end, uint32_t *cp)
{
    if (p >= end) return 0;
    gunichar u = g_utf8_get_char_validated(p, end - p);
    if (u == (gunichar)-1 || u == (gunichar)-2) return 0;
    if (cp) *cp = u;
    return (size_t)g_utf8_skip[*(const guchar *)p];
}
