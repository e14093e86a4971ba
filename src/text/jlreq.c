/* jlreq.c - the characters of a paragraph, classified, and the rules of
 * JLREQ that depend only on them: tighter punctuation pairs (3.1.4), ? and
 * ! set full-width (3.1.10), inter-script space (3.2), the break
 * opportunities and kinsoku (3.1.7-3.1.10), tenzuki (3.1.5).
 */
#include <string.h>

#include "text/para-private.h"

/* ---- character classes (JLREQ appendix A, simplified to what a briefing meets) */

static bool in(gunichar c, const char *set)
{
    /* `set` is UTF-8; a linear scan over a few dozen characters. */
    for (const char *p = set; *p; p = g_utf8_next_char(p))
        if (g_utf8_get_char(p) == c) return true;
    return false;
}

bool bf_is_cjk(gunichar c)
{
    return (c >= 0x2e80 && c <= 0x2fdf) || (c >= 0x3000 && c <= 0x30ff) || (c >= 0x31c0 && c <= 0x31ff) ||
           (c >= 0x3200 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
           (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x20000 && c <= 0x3ffff);
}

static unsigned classify_slow(gunichar c)
{
    unsigned k = 0;
    if (c == '\n' || c == 0x2028) return C_BREAK;
    if (c == ' ' || c == 0x3000 || c == '\t') k |= C_SPACE;
    if (bf_is_cjk(c))
        k |= C_CJK;
    else if (g_unichar_isalnum(c))
        k |= C_LATIN;
    if (c >= '0' && c <= '9') k |= C_DIGIT;
    if (in(c, "「『（［｛〔【〈《〘〖｟“‘([{")) k |= C_OPEN;
    if (in(c, "」』）］｝〕】〉》〙〗｠”’)]}、。，．,.")) k |= C_CLOSE;
    if (in(c, "・：；:;")) k |= C_MIDDLE;
    if (in(c, "「『（［｛〔【〈《〘〖｟」』）］｝〕】〉》〙〗｠、。，．・：；")) k |= C_FULLPUNCT;
    if (c == '?' || c == '!') k |= C_EXCLAIM;
    /* Small kana, the prolonged sound mark, iteration marks, hyphens and
     * the marks that end a sentence never start a line (JLREQ 3.1.7). */
    if (k & (C_CLOSE | C_MIDDLE) ||
        in(c, "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
              "ー々〻ゝゞヽヾ゛゜‐゠–〜～？！?!‼⁇⁈⁉%％"))
        k |= C_NOSTART;
    if (in(c, "…‥—―")) k |= C_INSEP;
    return k;
}

/* Classes of BMP characters, each worked out the first time it is met:
 * classify_slow scans its sets of characters, which cost as much as the
 * rest of setting a paragraph.  (Bit 15 marks an entry as known.)  Builds
 * in several threads share the table: an entry is loaded and stored whole
 * (relaxed atomics), and two threads that meet a character together store
 * the same value. */
unsigned bf_classify(gunichar c)
{
    static guint16 known[0x10000];
    if (c >= 0x10000) return classify_slow(c);
    guint16 k = __atomic_load_n(&known[c], __ATOMIC_RELAXED);
    if (!k) {
        k = (guint16)(0x8000 | classify_slow(c));
        __atomic_store_n(&known[c], k, __ATOMIC_RELAXED);
    }
    return k & 0x7fff;
}

/* Decide which pairs JLREQ sets tighter, before shaping (3.1.4): two
 * adjacent punctuation marks take 1.5 em, not 2: a closing mark followed by
 * another mark loses its trailing blank; an opening bracket after another
 * loses its leading one. */
void bf_mark_pairs(chr *c, int n)
{
    for (int i = 0; i + 1 < n; i++) {
        unsigned a = c[i].cls, b = c[i + 1].cls;
        if (!(a & C_FULLPUNCT) || !(b & C_FULLPUNCT)) continue;
        if (a & C_CLOSE)
            c[i].halt = true;
        else if ((a & C_OPEN) && (b & C_OPEN))
            c[i + 1].halt = true;
    }
}

/* Half-width ? and ! inside Japanese text are set as the full-width forms
 * (the font's fwid), followed by a full-width space when the sentence goes
 * on (JLREQ 3.1.10).  The text keeps the characters the data had. */
void bf_mark_exclaims(chr *c, int n)
{
    for (int i = 1; i < n; i++) {
        if (!(c[i].cls & C_EXCLAIM) || c[i].mark) continue;
        int j = i - 1;
        while (j > 0 && (c[j].cls & C_EXCLAIM)) j--;
        if (!(c[j].cls & C_CJK) || (c[j].cls & C_FULLPUNCT)) continue;
        c[i].fwid = true;
    }
}

/* Spacing that is part of the text's natural width: a quarter em between
 * Japanese and Latin letters or digits (JLREQ 3.2.2), none beside
 * punctuation; a full-width space after ？！ going on into Japanese. */
static bool japanese_letter(const chr *c)
{
    return (c->cls & C_CJK) && !(c->cls & (C_FULLPUNCT | C_SPACE | C_EXCLAIM)) && !c->mark;
}

static bool latin_letter(const chr *c)
{
    return (c->cls & C_LATIN) && !c->mark;
}

void bf_mark_spacing(chr *c, int n)
{
    for (int i = 0; i + 1 < n; i++) {
        if ((japanese_letter(&c[i]) && latin_letter(&c[i + 1])) || (latin_letter(&c[i]) && japanese_letter(&c[i + 1])))
            c[i].extra = c[i].em / 4;
        unsigned b = c[i + 1].cls;
        bool full = c[i].fwid || c[i].ch == 0xff1f || c[i].ch == 0xff01;
        bool next_mark = c[i + 1].fwid || c[i + 1].ch == 0xff1f || c[i + 1].ch == 0xff01;
        if (full && !next_mark && !(b & (C_CLOSE | C_SPACE | C_BREAK)) && !c[i + 1].mark) c[i].extra = c[i].em;
    }
}

/* The kinsoku rules of JLREQ 3.1.7-3.1.10, applied to the break
 * opportunities below (the setter's own, not Pango's UAX #14 breaks). */
static bool may_break_between(const chr *x, const chr *y)
{
    unsigned a = x->cls, b = y->cls;
    if (y->mark) return false;                                          /* a note mark rides on its character */
    if (b & C_NOSTART) return false;                                    /* 行頭禁則 */
    if (a & C_OPEN) return false;                                       /* 行末禁則 */
    if ((a & C_INSEP) && (b & C_INSEP) && x->ch == y->ch) return false; /* …… —— */
    if ((a & C_DIGIT) && (b & C_DIGIT)) return false;                   /* 2014 */
    if ((a & C_LATIN) && (b & C_LATIN) && !(a & C_CJK) && !(b & C_CJK)) return false; /* START */
    return true;
}

/* Is there a grapheme boundary between a and b?  Enough of UAX #29 for
 * breaking lines: never before a combining mark, a variation selector, an
 * emoji modifier or a zero-width joiner, nor after the joiner, nor inside
 * CR LF or a pair of regional indicators. */
static bool grapheme_boundary(gunichar a, gunichar b)
{
    if (a == '\r' && b == '\n') return false;
    if (a == 0x200d || b == 0x200d) return false;
    if ((b >= 0xfe00 && b <= 0xfe0f) || (b >= 0xe0100 && b <= 0xe01ef)) return false;
    if (b >= 0x1f3fb && b <= 0x1f3ff) return false;
    if (a >= 0x1f1e6 && a <= 0x1f1ff && b >= 0x1f1e6 && b <= 0x1f1ff) return false;
    GUnicodeType t = g_unichar_type(b);
    return t != G_UNICODE_NON_SPACING_MARK && t != G_UNICODE_SPACING_MARK && t != G_UNICODE_ENCLOSING_MARK;
}

/* A break opportunity before c[i], before kinsoku: where Japanese text
 * allows one (either side Japanese: JLREQ breaks between any two
 * characters, where UAX #14 would forbid some, before “ and …), after
 * white space, after a zero-width space, and after a hyphen or dash
 * between letters.  Our own rules, so that line breaking does not move
 * with Pango's version. */
static bool opportunity(const chr *c, int i)
{
    gunichar a = c[i - 1].ch, b = c[i].ch;
    if (bf_is_cjk(a) || bf_is_cjk(b)) return true;
    if ((c[i].cls & C_SPACE) || b == 0x200b) return false;
    if ((c[i - 1].cls & C_SPACE) || a == 0x200b) return true;
    if ((a == '-' || a == 0x2010 || a == 0x2013 || a == 0x2014) && i >= 2 && g_unichar_isalpha(c[i - 2].ch) &&
        g_unichar_isalpha(b))
        return true;
    return false;
}

/* Where a run of Latin with no break opportunity (a URL) may be broken when
 * it must, as the Chicago Manual advises: after a slash but never between
 * the two of //, or before . , - _ ~ ? # % & = (never after the scheme's
 * colon, and no hyphen is added; a Latin word is never split while it
 * fits). */
bool bf_url_break_before(const chr *c, int i)
{
    gunichar p = c[i - 1].ch, q = c[i].ch;
    if (p == '/') return q != '/';
    return q && q < 128 && strchr(".,-_~?#%&=", (int)q);
}

/* The blank half of each full-width punctuation mark that is not already
 * set half-width (halt), which squeezing may take off (JLREQ 3.8.2). */
void bf_mark_blanks(chr *c, int n)
{
    for (int i = 0; i < n; i++) {
        if (c[i].glyph == -2) {
            /* Reported; the box is set but never adjusted. */
            c[i].glyph = -1;
        }
        if ((c[i].cls & C_FULLPUNCT) && !c[i].halt && !c[i].mark) c[i].blank = c[i].em / 2;
        if ((c[i].cls & C_MIDDLE) && (c[i].cls & C_FULLPUNCT)) c[i].blank = c[i].em / 2;
    }
}

/* Where a line may break: the setter's own opportunities, then JLREQ's
 * kinsoku; a URL breaks only at its own points. */
void bf_mark_breaks(chr *c, int n)
{
    for (int i = 0; i < n; i++) {
        c[i].cursor = i == 0 || grapheme_boundary(c[i - 1].ch, c[i].ch);
        /* A break at a space falls after it: the line ending there drops it. */
        bool space = (c[i].cls & C_SPACE) && !(c[i].cls & C_CJK);
        if (i == 0 || !c[i].cursor || space)
            c[i].brk = false;
        else if (c[i].url && c[i - 1].url)
            c[i].brk = bf_url_break_before(c, i); /* a URL breaks only at its own points */
        else
            c[i].brk = opportunity(c, i) && may_break_between(&c[i - 1], &c[i]);
    }
}

/* A line-start opening bracket is set flush with the text edge (the
 * tenzuki convention of JLREQ 3.1.5); at a paragraph's start it keeps
 * its full width after the indent. */
void bf_mark_tenzuki(chr *c, const span_line *lines, int nl)
{
    for (int k = 0; k < nl; k++) {
        int a = lines[k].a;
        if (a < lines[k].b && (c[a].cls & C_OPEN) && (c[a].cls & C_FULLPUNCT) && !c[a].halt && a > 0 &&
            c[a].glyph >= 0) {
            c[a].lead = c[a].em / 2;
        }
    }
}

static bool hiragana(gunichar c)
{
    return c >= 0x3041 && c <= 0x309f;
}

/* Headings break only between phrases (bunsetsu), never inside a word or
 * between a number and its counter: a phrase ends with a run of hiragana
 * (particles, okurigana) before anything else, at a space, after
 * punctuation or before an opening bracket.  Without a dictionary this is
 * the shape of written Japanese, not its grammar (ロシア寄り|発言と). */
void bf_mark_phrases(chr *c, int n)
{
    for (int i = 1; i < n; i++) {
        if (!c[i].brk) continue;
        const chr *x = &c[i - 1], *y = &c[i];
        bool ok = (x->cls & (C_SPACE | C_CLOSE | C_MIDDLE | C_EXCLAIM)) || (y->cls & C_OPEN) || x->ch == 0xff1f ||
                  x->ch == 0xff01 || (hiragana(x->ch) && !hiragana(y->ch) && !(y->cls & C_NOSTART));
        c[i].brk = ok;
    }
}
