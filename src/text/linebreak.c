/* linebreak.c - breaking a paragraph's characters into lines and
 * justifying each to the measure (JLREQ 3.8): squeezing (oikomi) before
 * pushing a character down (oidashi), hanging punctuation (burasage), no
 * paragraph ending on a line of a character or two.
 */
#include "text/para-private.h"

/* ---- breaking ------------------------------------------------------------- */

/* What a line [a, b) may give up when it is too long: the blanks of its
 * punctuation first (JLREQ 3.8.2), then half of each inter-script space,
 * then a little of each Latin space. */
typedef struct {
    double punct, extra, space;
} squeeze;

static double line_natural(const chr *c, int a, int b, bool hang)
{
    double w = -c[a].lead;
    for (int i = a; i < b; i++) w += c[i].adv + c[i].extra;
    w -= c[b - 1].extra; /* no space after the last character */
    for (int i = b - 1; i >= a && (c[i].cls & C_SPACE) && !(c[i].cls & C_CJK); i--) w -= c[i].adv;
    if (hang) w -= c[b - 1].adv;
    return w;
}

static squeeze line_squeeze(const chr *c, int a, int b)
{
    squeeze q = {0, 0, 0};
    for (int i = a; i < b; i++) {
        /* A line-start opening bracket keeps its leading blank: at a
         * paragraph's start after the indent, elsewhere it is already set
         * flush (lead). */
        if (!(i == a && (c[i].cls & C_OPEN))) q.punct += c[i].blank;
        if (i < b - 1) q.extra += c[i].extra < c[i].em ? c[i].extra / 2 : 0;
        if (i < b - 1 && c[i].ch == ' ') q.space += c[i].adv * 0.4;
    }
    return q;
}

static bool may_end_after(const chr *c, int n, int i)
{
    return i + 1 >= n || c[i + 1].brk || (c[i + 1].cls & C_BREAK);
}

#define MIN_LAST_LINE 4 /* characters, the closing mark included */

/* A paragraph should not end on a line of a character or two (す。): the
 * line before gives up characters, from the last allowed break that leaves
 * the last line MIN_LAST_LINE characters and still fitting, as long as it
 * stays at least half full.  Justification then spreads the line before. */
static void lengthen_last(const chr *c, span_line *prev, span_line *last, const bf_para_style *st)
{
    if (last->b - last->a >= MIN_LAST_LINE || prev->hang) return;
    double measure = st->width - (prev->para_start && prev->a == 0 ? st->indent : 0);
    for (int k = last->a - 1; k > prev->a; k--) {
        if (!c[k].brk) continue;
        if (last->b - k < MIN_LAST_LINE) continue;
        if (line_natural(c, k, last->b, false) > st->width + EPS) return;
        if (line_natural(c, prev->a, k, false) < measure / 2) return;
        prev->b = k;
        last->a = k;
        return;
    }
}

/* Break the characters into lines: first fit, squeezing a line
 * (oikomi) rather than pushing a character down when its punctuation and
 * spaces can give up enough, else pushing down (oidashi) to the last
 * allowed break.  Returns the number of lines. */
int bf_break_lines(const chr *c, int n, const bf_para_style *st, bool hanging, span_line *out, int cap)
{
    int nl = 0;
    int a = 0;
    bool para_start = true;
    while (a < n && nl < cap) {
        if (c[a].cls & C_BREAK) {
            /* A forced break: an empty line when two come together. */
            if (para_start && a > 0 && (c[a - 1].cls & C_BREAK)) out[nl++] = (span_line){a, a, true, true, false};
            a++;
            para_start = true;
            continue;
        }
        double measure = st->width - (para_start && a == 0 ? st->indent : 0);
        int last_ok = -1, b = -1;
        bool hang = false;
        double x = -c[a].lead;
        int i;
        for (i = a; i < n && !(c[i].cls & C_BREAK); i++) {
            if (i > a && c[i].brk) last_ok = i;
            x += c[i].adv + c[i].extra;
            /* The width if the line ended after i: no space after its last
             * character, no width for a space it ends on. */
            double end_w = x - c[i].extra - ((c[i].cls & C_SPACE) && !(c[i].cls & C_CJK) ? c[i].adv : 0);
            if (end_w <= measure + EPS) continue;
            bool can_end = may_end_after(c, n, i);
            squeeze q = line_squeeze(c, a, i + 1);
            if (can_end && end_w - q.punct - q.extra - q.space <= measure + EPS) {
                b = i + 1; /* oikomi */
            } else if (hanging && can_end && (c[i].ch == 0x3001 || c[i].ch == 0x3002) &&
                       line_natural(c, a, i + 1, true) <= measure + EPS) {
                b = i + 1; /* burasage */
                hang = true;
            } else if (last_ok > a) {
                b = last_ok; /* oidashi */
            } else {
                /* No allowed break: a URL or a long word.  Break at a URL
                 * point if the line has one, else before this character. */
                int p = i;
                for (int k = i; k > a; k--)
                    if (c[k].cursor && bf_url_break_before(c, k) && line_natural(c, a, k, false) <= measure + EPS) {
                        p = k;
                        break;
                    }
                while (p > a && !c[p].cursor) p--;
                b = p > a ? p : i + 1;
            }
            break;
        }
        if (b < 0) b = i; /* the rest fits */
        bool last = b >= n || (c[b].cls & C_BREAK);
        out[nl++] = (span_line){a, b, para_start, last, hang};
        if (last && nl >= 2 && !out[nl - 2].last && st->align == BF_ALIGN_JUSTIFY)
            lengthen_last(c, &out[nl - 2], &out[nl - 1], st);
        para_start = false;
        a = b;
    }
    return nl;
}

/* Give up `amount` of a punctuation mark's blank on the side it is on: an
 * opening bracket's is before its ink, a middle dot's on both sides, the
 * others' after it.  Taking an opening bracket's blank off its end would
 * set the next character inside its ink. */
static void squeeze_blank(chr *x, double amount)
{
    if (x->cls & C_OPEN)
        x->pre += amount;
    else if (x->cls & C_MIDDLE) {
        x->pre += amount / 2;
        x->delta -= amount / 2;
    } else
        x->delta -= amount;
}

/* Letters, digits and ASCII punctuation: a Latin word with its comma. */
static bool latinish(const chr *x)
{
    return (x->cls & C_LATIN) || (x->ch < 128 && x->ch > ' ' && g_unichar_ispunct(x->ch));
}

/* May the gap after x (before y) be spread?  Never inside a Latin word, a
 * note mark, an inseparable pair or a cluster. */
static bool spreadable(const chr *x, const chr *y)
{
    return !(latinish(x) && latinish(y)) && !(x->mark || y->mark) && y->adv > 0 && x->glyph >= 0 &&
           !((x->cls & C_INSEP) && x->ch == y->ch);
}

static bool soft_gap(const chr *x)
{
    return x->ch == ' ' || (x->extra > 0 && x->extra < x->em);
}

/* Squeeze or spread the characters of a line to the measure (JLREQ 3.8). */
static void adjust_line(chr *c, const span_line *ln, double measure, bool justify)
{
    int a = ln->a, b = ln->b;
    if (b <= a) return;
    for (int i = a; i < b; i++) c[i].delta = c[i].pre = 0;
    /* No space after the line's last character, nor width for spaces at its
     * end: the line's visible characters are [a, e). */
    c[b - 1].delta -= c[b - 1].extra;
    int e = b;
    while (e > a + 1 && (c[e - 1].cls & C_SPACE) && !(c[e - 1].cls & C_CJK)) {
        c[e - 1].delta -= c[e - 1].adv;
        e--;
    }
    double slack = measure - line_natural(c, a, b, ln->hang);
    if (slack < -EPS) {
        double need = -slack;
        /* The line's closing mark first: 、 or 。 set half-width at the end. */
        double t = e - 1 == a ? 0 : c[e - 1].blank < need ? c[e - 1].blank : need;
        squeeze_blank(&c[e - 1], t);
        need -= t;
        /* Then the other punctuation, evenly. */
        squeeze q = line_squeeze(c, a, e - 1);
        if (need > EPS && q.punct > 0) {
            double f = need < q.punct ? need / q.punct : 1;
            for (int i = a; i < e - 1; i++)
                if (!(i == a && (c[i].cls & C_OPEN))) squeeze_blank(&c[i], c[i].blank * f);
            need -= q.punct * f;
        }
        if (need > EPS && q.extra > 0) {
            double f = need < q.extra ? need / q.extra : 1;
            for (int i = a; i < e - 1; i++)
                if (c[i].extra < c[i].em) c[i].delta -= c[i].extra / 2 * f;
            need -= q.extra * f;
        }
        if (need > EPS && q.space > 0) {
            double f = need < q.space ? need / q.space : 1;
            for (int i = a; i < e - 1; i++)
                if (c[i].ch == ' ') c[i].delta -= c[i].adv * 0.4 * f;
        }
        return;
    }
    if (!justify || ln->last || slack <= EPS) return;
    /* Spread: Latin spaces and inter-script spaces first, up to a quarter em
     * more each, then the rest evenly between all characters. */
    int soft = 0, gaps = 0;
    for (int i = a; i < e - 1; i++) {
        if (soft_gap(&c[i]))
            soft++;
        else if (spreadable(&c[i], &c[i + 1]))
            gaps++;
    }
    if (soft) {
        double each = slack / soft;
        if (gaps && each > c[a].em / 4) each = c[a].em / 4;
        for (int i = a; i < e - 1; i++)
            if (soft_gap(&c[i])) c[i].delta += each;
        slack -= each * soft;
    }
    if (gaps && slack > EPS) {
        double each = slack / gaps;
        for (int i = a; i < e - 1; i++)
            if (!soft_gap(&c[i]) && spreadable(&c[i], &c[i + 1])) c[i].delta += each;
    }
}

/* Adjust each line and write the adjustments into the glyphs. */
void bf_adjust_lines(chr *c, const span_line *lines, int nl, const bf_para_style *st, shaped *sh)
{
    for (int k = 0; k < nl; k++) {
        double measure = st->width - (lines[k].para_start && lines[k].a == 0 ? st->indent : 0);
        adjust_line(c, &lines[k], measure, st->align == BF_ALIGN_JUSTIFY);
        for (int i = lines[k].a; i < lines[k].b; i++) {
            if (c[i].item < 0) continue;
            PangoGlyphString *gs = sh[c[i].item].glyphs;
            if (!gs) continue; /* cannot happen: item >= 0 only for shaped items */
            if (c[i].glyph >= 0 && (c[i].delta != 0 || c[i].extra != 0))
                gs->glyphs[c[i].glyph].geometry.width += (int)lround((c[i].delta + c[i].extra) * PANGO_SCALE);
            double pre = c[i].lead + c[i].pre;
            if (pre > 0 && c[i].first_glyph >= 0) {
                /* Space taken off before the ink: the glyph moves left. */
                PangoGlyphInfo *g = &gs->glyphs[c[i].first_glyph];
                g->geometry.width -= (int)lround(pre * PANGO_SCALE);
                g->geometry.x_offset -= (int)lround(pre * PANGO_SCALE);
            }
        }
    }
}
