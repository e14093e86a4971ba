/* fallback.c - the fallback table: which font sets what the role's font
 * (Noto CJK JP) lacks.  The setter asks it only for a character the role's
 * font has no glyph for, so a document without such characters loads and
 * embeds no fallback font.
 */
#include "text/fallback.h"

#include <string.h>

#define LATIN_SERIF "Noto Serif"
#define LATIN_SANS "Noto Sans"
/* Monochrome outlines for every role (fonts/README.md, "Emoji"): sharp in
 * print, gray in --grayscale, and the same look in every PDF. */
#define EMOJI "Symbola"

/* In code point order, for the binary search. */
static const struct {
    gunichar lo, hi;
    const char *mincho, *gothic;
    bool bold; /* both families have a bold face */
} table[] = {
    {0x0000, 0x036F, LATIN_SERIF, LATIN_SANS, true},                         /* Latin, IPA, combining marks */
    {0x0370, 0x03FF, LATIN_SERIF, LATIN_SANS, true},                         /* Greek */
    {0x0400, 0x052F, LATIN_SERIF, LATIN_SANS, true},                         /* Cyrillic */
    {0x0590, 0x05FF, "Noto Serif Hebrew", "Noto Sans Hebrew", true},         /* Hebrew */
    {0x0600, 0x06FF, "Noto Naskh Arabic", "Noto Sans Arabic", true},         /* Arabic */
    {0x0750, 0x077F, "Noto Naskh Arabic", "Noto Sans Arabic", true},         /* Arabic Supplement */
    {0x08A0, 0x08FF, "Noto Naskh Arabic", "Noto Sans Arabic", true},         /* Arabic Extended-A */
    {0x0900, 0x097F, "Noto Serif Devanagari", "Noto Sans Devanagari", true}, /* Devanagari */
    {0x0E00, 0x0E7F, "Noto Serif Thai", "Noto Sans Thai", true},             /* Thai */
    {0x1AB0, 0x1AFF, LATIN_SERIF, LATIN_SANS, true},                         /* Combining Diacritical Marks Extended */
    {0x1D00, 0x1DFF, LATIN_SERIF, LATIN_SANS, true},                         /* Phonetic Extensions, combining marks */
    {0x1E00, 0x1EFF, LATIN_SERIF, LATIN_SANS, true},             /* Latin Extended Additional (Vietnamese) */
    {0x1F00, 0x1FFF, LATIN_SERIF, LATIN_SANS, true},             /* Greek Extended */
    {0x2000, 0x206F, LATIN_SERIF, LATIN_SANS, true},             /* General Punctuation */
    {0x20A0, 0x20CF, LATIN_SERIF, LATIN_SANS, true},             /* Currency Symbols */
    {0x2150, 0x218F, LATIN_SERIF, LATIN_SANS, true},             /* Number Forms (⅓) */
    {0x2190, 0x2319, "Noto Sans Math", "Noto Sans Math", false}, /* arrows, operators (≒), technical */
    {0x231A, 0x231B, EMOJI, EMOJI, false},                       /* ⌚ ⌛ */
    {0x231C, 0x2327, "Noto Sans Math", "Noto Sans Math", false}, /* technical */
    {0x2328, 0x2328, EMOJI, EMOJI, false},                       /* ⌨ */
    {0x2329, 0x2387, "Noto Sans Math", "Noto Sans Math", false}, /* technical */
    {0x2388, 0x2388, EMOJI, EMOJI, false},                       /* ⎈ */
    {0x2389, 0x23CE, "Noto Sans Math", "Noto Sans Math", false}, /* technical */
    {0x23CF, 0x23CF, EMOJI, EMOJI, false},                       /* ⏏ */
    {0x23D0, 0x23E8, "Noto Sans Math", "Noto Sans Math", false}, /* technical */
    {0x23E9, 0x23F3, EMOJI, EMOJI, false},                       /* ⏩ to ⏳ */
    {0x23F4, 0x23F7, "Noto Sans Math", "Noto Sans Math", false}, /* technical */
    {0x23F8, 0x23FA, EMOJI, EMOJI, false},                       /* ⏸ ⏹ ⏺ */
    {0x23FB, 0x23FF, "Noto Sans Math", "Noto Sans Math", false}, /* technical */
    {0x2600, 0x27BF, EMOJI, EMOJI, false},                       /* Misc Symbols, Dingbats (✅) */
    {0x27C0, 0x2AFF, "Noto Sans Math", "Noto Sans Math", false}, /* math brackets (⦅ ⦆), operators */
    {0x2B00, 0x2BFF, EMOJI, EMOJI, false},                       /* Misc Symbols and Arrows (⭐) */
    {0x2C60, 0x2C7F, LATIN_SERIF, LATIN_SANS, true},             /* Latin Extended-C */
    {0xA720, 0xA7FF, LATIN_SERIF, LATIN_SANS, true},             /* Latin Extended-D */
    {0xA8E0, 0xA8FF, "Noto Serif Devanagari", "Noto Sans Devanagari", true}, /* Devanagari Extended */
    {0xFB1D, 0xFB4F, "Noto Serif Hebrew", "Noto Sans Hebrew", true},         /* Hebrew presentation forms */
    {0xFB50, 0xFDFF, "Noto Naskh Arabic", "Noto Sans Arabic", true},         /* Arabic presentation forms A */
    {0xFE70, 0xFEFF, "Noto Naskh Arabic", "Noto Sans Arabic", true},         /* Arabic presentation forms B */
    {0x1F000, 0x1FAFF, EMOJI, EMOJI, false},                                 /* emoji, flags, skin tones */
};

static bool is_gothic(const char *family)
{
    return family && strstr(family, "Sans");
}

const char *bf_fallback_family(gunichar ch, const char *family, bool *bold)
{
    int lo = 0, hi = (int)G_N_ELEMENTS(table) - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (ch < table[mid].lo)
            hi = mid - 1;
        else if (ch > table[mid].hi)
            lo = mid + 1;
        else {
            *bold = table[mid].bold;
            return is_gothic(family) ? table[mid].gothic : table[mid].mincho;
        }
    }
    *bold = false;
    return NULL;
}

const char *bf_fallback_emoji(void)
{
    return EMOJI;
}

const char *bf_fallback_latin(const char *family)
{
    return is_gothic(family) ? LATIN_SANS : LATIN_SERIF;
}

const char *bf_fallback_list(const char *family)
{
    /* Pango tries them in order after the role's own family. */
    return is_gothic(family) ? LATIN_SANS ",Noto Sans Hebrew,Noto Sans Arabic,Noto Sans Devanagari,"
                                          "Noto Sans Thai,Noto Sans Math," EMOJI
                             : LATIN_SERIF ",Noto Serif Hebrew,Noto Naskh Arabic,Noto Serif Devanagari,"
                                           "Noto Serif Thai,Noto Sans Math," EMOJI;
}
