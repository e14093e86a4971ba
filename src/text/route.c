/* route.c - which face sets each character (route.h). */
#include "text/route.h"

#include <string.h>

#include "text/fallback.h"

/* Characters that take the font of the one before: marks, joiners,
 * variation selectors and the tags of a flag (🏴 U+E0067 ...) have no
 * glyph of their own outside their cluster. */
bool bf_follows(gunichar ch)
{
    return g_unichar_ismark(ch) || ch == 0x200D || ch == 0x200C || (ch >= 0xFE00 && ch <= 0xFE0F) ||
           (ch >= 0xE0100 && ch <= 0xE01EF) || (ch >= 0xE0020 && ch <= 0xE007F);
}

bool bf_same_face(bf_face a, bf_face b)
{
    return a.bold == b.bold && (a.family == b.family || (a.family && b.family && !strcmp(a.family, b.family)));
}

void bf_scripts(const chr *c, int n, GUnicodeScript *script)
{
    GUnicodeScript last = G_UNICODE_SCRIPT_COMMON;
    for (int i = 0; i < n; i++) {
        GUnicodeScript sc = g_unichar_get_script(c[i].ch);
        if (sc == G_UNICODE_SCRIPT_COMMON || sc == G_UNICODE_SCRIPT_INHERITED || sc == G_UNICODE_SCRIPT_UNKNOWN)
            sc = last;
        script[i] = last = sc;
    }
    for (int i = n - 1, next = G_UNICODE_SCRIPT_COMMON; i >= 0; i--) {
        if (script[i] == G_UNICODE_SCRIPT_COMMON) script[i] = next;
        next = script[i];
    }
}

static bool is_word_script(GUnicodeScript sc)
{
    return sc == G_UNICODE_SCRIPT_LATIN || sc == G_UNICODE_SCRIPT_GREEK || sc == G_UNICODE_SCRIPT_CYRILLIC;
}

/* By address: the faces come from fallback.c's own strings. */
bool bf_is_emoji_face(bf_face f)
{
    return f.family == bf_fallback_emoji() || f.family == bf_fallback_color_emoji();
}

/* The face of one character, before words are made whole. */
static bf_face route_char(bf_face_has has, void *ctx, bf_face role, const chr *c, int i, int i0, int i1,
                          const bf_face *out)
{
    const bf_face color = {bf_fallback_color_emoji(), false}, emoji = {bf_fallback_emoji(), false};
    gunichar ch = c[i].ch, next = i + 1 < i1 ? c[i + 1].ch : 0;
    /* Kana and the unified ideographs first: neither emoji font has any
     * (so no emoji presentation can take them), and Noto CJK has every
     * kana; the combining sound marks (U+3099, U+309A) among the kana go
     * with the role's face, as they did below. */
    if (ch >= 0x3041 && ch <= 0x30FF) return role;
    if (ch >= 0x4E00 && ch <= 0x9FFF && has(ctx, role, ch)) return role;
    bool after_zwj = i > i0 && c[i - 1].ch == 0x200D && bf_same_face(out[i - 1], color);
    /* An emoji of emoji presentation, with its sequence: the colour font's
     * glyph, even where the role's font has one. */
    if (!bf_follows(ch) && bf_fallback_is_color(ch, next, after_zwj) && has(ctx, color, ch)) return color;
    /* Emoji presentation the colour font lacks: the text emoji font's
     * glyph, even where the role's font has a text form. */
    if (next == 0xFE0F && !bf_follows(ch) && has(ctx, emoji, ch)) return emoji;
    if (ch < 0x7F) return role; /* Noto CJK has them: no lookup */
    if (i > i0 && bf_follows(ch)) return out[i - 1];
    if (g_unichar_isspace(ch) || g_unichar_iscntrl(ch) || has(ctx, role, ch)) return role;
    bool fb_bold;
    const char *fb = bf_fallback_family(ch, role.family, &fb_bold);
    bf_face f = {fb, role.bold && fb_bold};
    return fb && has(ctx, f, ch) ? f : role;
}

void bf_route(bf_face_has has, void *ctx, bf_face role, const chr *c, int i0, int i1, const GUnicodeScript *script,
              bf_face *out)
{
    for (int i = i0; i < i1; i++) out[i] = route_char(has, ctx, role, c, i, i0, i1, out);
    const bf_face latin = {bf_fallback_latin(role.family), role.bold};
    for (int i = i0; i < i1;) {
        /* An emoji (its script is Common, so it took the word's) ends a
         * word like a space: OK👍 keeps OK in the role's font. */
        if (!is_word_script(script[i]) || g_unichar_isspace(c[i].ch) || bf_is_emoji_face(out[i])) {
            i++;
            continue;
        }
        int j = i;
        bool needs = false;
        while (j < i1 && is_word_script(script[j]) && !g_unichar_isspace(c[j].ch) && !bf_is_emoji_face(out[j]))
            needs |= !bf_same_face(out[j++], role);
        for (int k = i; needs && k < j; k++)
            if (bf_follows(c[k].ch) || has(ctx, latin, c[k].ch)) out[k] = latin;
        i = j;
    }
}

bool bf_roles_present(bf_diag *d, const bf_layout *layout, bool (*has_family)(void *ctx, const char *family, bool bold),
                      void *ctx)
{
    bool present = true;
    for (int r = 0; r < BF_ROLE_COUNT; r++) {
        const bf_font_role *fr = &layout->role[r];
        if (has_family(ctx, fr->family, fr->bold)) continue;
        bf_error(d, layout->file, NULL, "font.%s.family: \"%s\" (%s) is not among the fonts in fonts/", bf_role_name(r),
                 fr->family, fr->bold ? "bold" : "regular");
        present = false;
    }
    return present;
}
