/* fallback.c - the fallback table: which font sets what the role's font
 * (Noto CJK JP) lacks.  The setter asks it only for a character the role's
 * font has no glyph for, so a document without such characters loads and
 * embeds no fallback font.
 */
#include "text/fallback.h"

#include <string.h>

#define LATIN_SERIF "Noto Serif"
#define LATIN_SANS "Noto Sans"
/* Monochrome outlines for the symbols and emoji of text presentation (☎
 * ✓ ⚠ without U+FE0F), and the colour font for those of emoji
 * presentation (fonts/README.md, "Emoji"). */
#define EMOJI_NAME "Symbola"
#define COLOR_EMOJI_NAME "Noto Color Emoji"
static const char EMOJI[] = EMOJI_NAME, COLOR_EMOJI[] = COLOR_EMOJI_NAME; /* one address each (fallback.h) */

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

/* The characters of Emoji_Presentation=Yes (Unicode's emoji-data.txt,
 * Emoji 15.0), which are emoji even without U+FE0F: in code point order,
 * for the binary search. */
static const struct {
    gunichar lo, hi;
} emoji_presentation[] = {
    {0x231A, 0x231B},   {0x23E9, 0x23EC},   {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},
    {0x2614, 0x2615},   {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},   {0x26D4, 0x26D4},
    {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},   {0x26FA, 0x26FA},   {0x26FD, 0x26FD},
    {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},
    {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
    {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F1E6, 0x1F1FF}, {0x1F201, 0x1F201}, {0x1F21A, 0x1F21A},
    {0x1F22F, 0x1F22F}, {0x1F232, 0x1F236}, {0x1F238, 0x1F23A}, {0x1F250, 0x1F251}, {0x1F300, 0x1F320},
    {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3},
    {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC},
    {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596},
    {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2},
    {0x1F6D5, 0x1F6D7}, {0x1F6DC, 0x1F6DF}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB},
    {0x1F7F0, 0x1F7F0}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FA7C},
    {0x1FA80, 0x1FA88}, {0x1FA90, 0x1FABD}, {0x1FABF, 0x1FAC5}, {0x1FACE, 0x1FADB}, {0x1FAE0, 0x1FAE8},
    {0x1FAF0, 0x1FAF8},
};

static bool is_emoji_presentation(gunichar ch)
{
    if (ch < 0x231A || (ch > 0x2B55 && ch < 0x1F004)) return false; /* no lookup for text, kana, kanji */
    int lo = 0, hi = (int)G_N_ELEMENTS(emoji_presentation) - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (ch < emoji_presentation[mid].lo)
            hi = mid - 1;
        else if (ch > emoji_presentation[mid].hi)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

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

const char *bf_fallback_color_emoji(void)
{
    return COLOR_EMOJI;
}

bool bf_fallback_is_color(gunichar ch, gunichar next, bool after_color_zwj)
{
    if (next == 0xFE0E) return false;                    /* text presentation asked for */
    if (next == 0xFE0F || next == 0x20E3) return true;   /* emoji presentation, a keycap */
    if (next >= 0x1F3FB && next <= 0x1F3FF) return true; /* a skin tone after its base */
    return is_emoji_presentation(ch) || after_color_zwj;
}

const char *bf_fallback_latin(const char *family)
{
    return is_gothic(family) ? LATIN_SANS : LATIN_SERIF;
}

const char *bf_fallback_list(const char *family)
{
    /* Pango tries them in order after the role's own family. */
    return is_gothic(family) ? LATIN_SANS ",Noto Sans Hebrew,Noto Sans Arabic,Noto Sans Devanagari,"
                                          "Noto Sans Thai,Noto Sans Math," EMOJI_NAME "," COLOR_EMOJI_NAME
                             : LATIN_SERIF ",Noto Serif Hebrew,Noto Naskh Arabic,Noto Serif Devanagari,"
                                           "Noto Serif Thai,Noto Sans Math," EMOJI_NAME "," COLOR_EMOJI_NAME;
}
