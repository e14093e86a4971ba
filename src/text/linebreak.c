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

/* What the rubies at the line [a, e)'s two ends would overhang past the
 * measure, where there is no neighbour to stand over (JLREQ 3.3): the
 * line sets it as space before or after the base. */
static double edge_ruby(const chr *c, int a, int e)
{
    return e > a ? c[a].ohl + c[e - 1].ohr : 0;
}

static double line_natural(const chr *c, int a, int b, bool hang)
{
    double w = -c[a].lead;
    for (int i = a; i < b; i++) w += c[i].adv + c[i].extra;
    w -= c[b - 1].extra; /* no space after the last character */
    int e = b;
    for (; e > a && (c[e - 1].cls & C_SPACE) && !(c[e - 1].cls & C_CJK); e--) w -= c[e - 1].adv;
    if (hang) w -= c[b - 1].adv;
    return w + edge_ruby(c, a, e);
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

static bool spreadable(const chr *x, const chr *y);
static bool soft_gap(const chr *x);

static bool may_end_after(const chr *c, int n, int i)
{
    return i + 1 >= n || c[i + 1].brk || (c[i + 1].cls & C_BREAK);
}

#define MIN_LAST_LINE 4 /* characters, the closing mark included */

/* The line that first fit would make from a: squeezing it (oikomi) rather
 * than pushing a character down when its punctuation and spaces can give
 * up enough, else pushing down (oidashi) to the last allowed break.  Used
 * for ragged text, and for justified text where no break fits (a URL or a
 * word longer than the measure).  Returns the line's end. */
static int first_fit(const chr *c, int n, int a, double measure, bool hanging, bool *hang)
{
    int last_ok = -1, i;
    double x = -c[a].lead + c[a].ohl;
    *hang = false;
    for (i = a; i < n && !(c[i].cls & C_BREAK); i++) {
        if (i > a && c[i].brk) last_ok = i;
        x += c[i].adv + c[i].extra;
        /* The width if the line ended after i: no space after its last
         * character, no width for a space it ends on. */
        double end_w = x - c[i].extra - ((c[i].cls & C_SPACE) && !(c[i].cls & C_CJK) ? c[i].adv : 0) + c[i].ohr;
        if (end_w <= measure + EPS) continue;
        bool can_end = may_end_after(c, n, i);
        squeeze q = line_squeeze(c, a, i + 1);
        if (can_end && end_w - q.punct - q.extra - q.space <= measure + EPS) return i + 1; /* oikomi */
        if (hanging && can_end && (c[i].ch == 0x3001 || c[i].ch == 0x3002) &&
            line_natural(c, a, i + 1, true) <= measure + EPS) {
            *hang = true; /* burasage */
            return i + 1;
        }
        if (last_ok > a) return last_ok; /* oidashi */
        /* No allowed break: a URL or a long word.  Break at a URL point if
         * the line has one, else before this character. */
        int p = i;
        for (int k = i; k > a; k--)
            if (c[k].cursor && bf_url_break_before(c, k) && line_natural(c, a, k, false) <= measure + EPS) {
                p = k;
                break;
            }
        while (p > a && !c[p].cursor) p--;
        return p > a ? p : i + 1;
    }
    return i; /* the rest fits */
}

/* ---- total fit -------------------------------------------------------------
 *
 * A justified paragraph's breaks are chosen together (Knuth and Plass) over
 * the break opportunities kinsoku allows: each possible line has a cost,
 * and the breaks are those of least total cost.  The costs follow JLREQ
 * 3.8's order of preference: a line at its natural width costs nothing; a
 * line-end 、 or 。 set half-width, or characters spread by up to 0.10 em,
 * a little; squeezing mid-line punctuation, inter-script or Latin spaces
 * more; spreading characters beyond 0.10 em or a Latin space beyond half an
 * em (a quarter em over its own), and a paragraph's last line of fewer
 * than MIN_LAST_LINE characters, so much that they are chosen only when no
 * other set of breaks avoids them. */

#define COST_HALF_END 2.0 /* a line-end closing mark set half-width */
#define COST_HANG 1.0     /* a hanging 、 or 。 */
#define COST_SQUEEZE 30.0 /* a line squeezed beyond its last mark */
#define COST_LOOSE 1000.0 /* spaced beyond the limits */
#define COST_SHORT_LAST 2000.0
#define MAX_LETTER 0.10 /* em between two characters */

/* Sums over a segment's characters, so that a line's widths cost O(1). */
typedef struct {
    double *width, *blank, *extra, *space; /* adv + extra; blanks; half inter-script; 0.4 of Latin spaces */
    int *soft, *gaps;                      /* soft gaps; other spreadable gaps */
    double *cost;                          /* the least cost of the paragraph up to a break */
    int *from;                             /* that break's line start */
    bool *hang;
} fit;

static double lead_at(const chr *c, int a)
{
    /* The half em bf_mark_tenzuki takes off a line-start opening bracket. */
    return (c[a].cls & C_OPEN) && (c[a].cls & C_FULLPUNCT) && !c[a].halt && a > 0 && c[a].glyph >= 0 ? c[a].em / 2 : 0;
}

static bool bare_space(const chr *x)
{
    return (x->cls & C_SPACE) && !(x->cls & C_CJK);
}

/* What spreading `slack` over the line [a, e) costs, as adjust_line does it. */
static double stretch_cost(const chr *c, const fit *f, int a, int e, int a0, double slack)
{
    if (slack <= EPS) return 0;
    if (e - 1 <= a) return COST_LOOSE * 100; /* one character: nothing to spread */
    double em = c[a].em, each = 0, cost = 0;
    int soft = f->soft[e - 1 - a0] - f->soft[a - a0], gaps = f->gaps[e - 1 - a0] - f->gaps[a - a0];
    if (soft) {
        each = slack / soft;
        if (gaps && each > em / 4) each = em / 4;
        slack -= each * soft;
        double r = each / (em / 4);
        cost += r > 1 + EPS ? COST_LOOSE * r : 10 * r * r;
        /* A Latin space wider than half an em, its own advance included. */
        if (each > em / 8)
            for (int i = a; i < e - 1; i++)
                if (c[i].ch == ' ' && c[i].adv + each > em / 2 + EPS) {
                    cost += COST_LOOSE;
                    break;
                }
    }
    if (slack > EPS) {
        if (!gaps) return COST_LOOSE * 100;
        double r = slack / gaps / em / MAX_LETTER;
        cost += r > 1 + EPS ? COST_LOOSE * r : 10 * r * r;
    }
    return cost;
}

/* The cost of the line [a, b) at `measure`, or a negative number when it
 * cannot be set there; *hang: it hangs its last mark. */
static double line_cost(const chr *c, const fit *f, int a, int b, int a0, double measure, bool last, bool hanging,
                        bool *hang)
{
    int e = b;
    while (e > a + 1 && bare_space(&c[e - 1])) e--;
    double w = -lead_at(c, a) + f->width[b - a0] - f->width[a - a0] - c[b - 1].extra;
    for (int i = e; i < b; i++) w -= c[i].adv;
    w += edge_ruby(c, a, e);
    *hang = false;
    if (w <= measure + EPS) return last ? 0 : stretch_cost(c, f, a, e, a0, measure - w);
    double need = w - measure, cost = 0;
    double end = e - 1 > a ? c[e - 1].blank : 0;
    if (end > EPS) {
        cost += COST_HALF_END;
        need -= end < need ? end : need;
    }
    if (need > EPS) {
        double mid = f->blank[e - 1 - a0] - f->blank[a - a0] - ((c[a].cls & C_OPEN) ? c[a].blank : 0);
        int k = e - 2 > a ? e - 2 : a;
        double more = mid + f->extra[k - a0] - f->extra[a - a0] + f->space[k - a0] - f->space[a - a0];
        if (need <= more + EPS) return cost + COST_SQUEEZE * (1 + need / c[a].em);
    }
    if (hanging && (c[b - 1].ch == 0x3001 || c[b - 1].ch == 0x3002) && b - 1 > a) {
        double wh = w - c[b - 1].adv;
        if (wh <= measure + EPS) {
            *hang = true;
            return COST_HANG + (last ? 0 : stretch_cost(c, f, a, e - 1, a0, measure - wh));
        }
    }
    return need <= EPS ? cost : -1;
}

/* The width of [a, b) (offsets in the segment) less all it may give up. */
static double least_width(const fit *f, int a, int b)
{
    return f->width[b] - f->width[a] - (f->blank[b] - f->blank[a]) - (f->extra[b] - f->extra[a]) -
           (f->space[b] - f->space[a]);
}

static void fit_sums(const chr *c, int n, int a0, int t, fit *f)
{
    int m = t - a0 + 1;
    f->width = g_new0(double, 4 * (gsize)m);
    f->blank = f->width + m;
    f->extra = f->blank + m;
    f->space = f->extra + m;
    f->soft = g_new0(int, 2 * (gsize)m);
    f->gaps = f->soft + m;
    f->cost = g_new(double, m);
    f->from = g_new0(int, m);
    f->hang = g_new0(bool, m);
    for (int i = a0; i < t; i++) {
        int k = i - a0;
        f->width[k + 1] = f->width[k] + c[i].adv + c[i].extra;
        f->blank[k + 1] = f->blank[k] + c[i].blank;
        f->extra[k + 1] = f->extra[k] + (c[i].extra < c[i].em ? c[i].extra / 2 : 0);
        f->space[k + 1] = f->space[k] + (c[i].ch == ' ' ? c[i].adv * 0.4 : 0);
        f->soft[k + 1] = f->soft[k] + soft_gap(&c[i]);
        f->gaps[k + 1] = f->gaps[k] + (!soft_gap(&c[i]) && i + 1 < n && spreadable(&c[i], &c[i + 1]));
        f->cost[k] = INFINITY;
    }
    f->cost[m - 1] = INFINITY;
    f->cost[0] = 0;
}

static void fit_free(fit *f)
{
    g_free(f->width);
    g_free(f->soft);
    g_free(f->cost);
    g_free(f->from);
    g_free(f->hang);
}

/* Break the justified text [a0, t) (t: a forced break or the end) into
 * the lines of least total cost; appends them to out.  Returns the new
 * number of lines. */
static int total_fit(const chr *c, int n, int a0, int t, const bf_para_style *st, bool hanging, span_line *out, int nl,
                     int cap)
{
    fit f;
    fit_sums(c, n, a0, t, &f);
    for (int a = a0; a < t; a++) {
        if (f.cost[a - a0] == INFINITY) continue;
        double measure = st->width - (a == 0 ? st->indent : st->turnover);
        bool any = false;
        /* From the last end that squeezing could fit, or the segment's
         * end, back to the first too loose: the line's width less all it
         * may give up grows with b, so a binary search finds the start. */
        int lo = a + 1, hi = t;
        while (lo < hi) {
            int mid = lo + (hi - lo + 1) / 2;
            if (least_width(&f, a - a0, mid - a0) > measure + 2 * c[a].em + EPS)
                hi = mid - 1;
            else
                lo = mid;
        }
        for (int b = lo; b > a; b--) {
            if (b < t && !c[b].brk) continue;
            bool hang, last = b == t;
            double k = line_cost(c, &f, a, b, a0, measure, last, hanging, &hang);
            if (k < 0) continue;
            if (last && b - a < MIN_LAST_LINE && a > a0) k += COST_SHORT_LAST;
            if (any && k >= COST_LOOSE && !last) break; /* shorter lines only get looser */
            any = true;
            if (f.cost[a - a0] + k < f.cost[b - a0]) {
                f.cost[b - a0] = f.cost[a - a0] + k;
                f.from[b - a0] = a;
                f.hang[b - a0] = hang;
            }
        }
        if (!any) {
            /* Nothing fits from here: the line first fit would make. */
            bool hang;
            int b = first_fit(c, t, a, measure, hanging, &hang);
            if (f.cost[a - a0] + 1e6 < f.cost[b - a0]) {
                f.cost[b - a0] = f.cost[a - a0] + 1e6;
                f.from[b - a0] = a;
                f.hang[b - a0] = hang;
            }
        }
    }
    int count = 0;
    for (int b = t; b > a0; b = f.from[b - a0]) count++;
    if (count > cap - nl) count = cap - nl;
    int k = nl + count;
    for (int b = t; b > a0 && k > nl; b = f.from[b - a0]) {
        int a = f.from[b - a0];
        out[--k] = (span_line){a, b, a == a0, b == t, f.hang[b - a0]};
    }
    fit_free(&f);
    return nl + count;
}

/* Break the characters into lines: total fit for justified text, first
 * fit otherwise.  Returns the number of lines. */
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
        if (st->align == BF_ALIGN_JUSTIFY) {
            int t = a;
            while (t < n && !(c[t].cls & C_BREAK)) t++;
            nl = total_fit(c, n, a, t, st, hanging, out, nl, cap);
            para_start = false;
            a = t;
            continue;
        }
        double measure = st->width - (para_start && a == 0 ? st->indent : st->turnover);
        bool hang;
        int b = first_fit(c, n, a, measure, hanging, &hang);
        bool last = b >= n || (c[b].cls & C_BREAK);
        out[nl++] = (span_line){a, b, para_start, last, hang};
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
 * note mark, an inseparable pair, a cluster or a ruby's base (set solid,
 * so that its ruby stays where bf_ruby_fit put it). */
static bool spreadable(const chr *x, const chr *y)
{
    return !(latinish(x) && latinish(y)) && !(x->mark || y->mark) && y->adv > 0 && x->glyph >= 0 &&
           !((x->cls & C_INSEP) && x->ch == y->ch) && !(x->ruby >= 0 && x->ruby == y->ruby);
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
    c[e - 1].delta += c[e - 1].ohr;
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
        double measure = st->width - (lines[k].para_start && lines[k].a == 0 ? st->indent : st->turnover);
        adjust_line(c, &lines[k], measure, st->align == BF_ALIGN_JUSTIFY);
        for (int i = lines[k].a; i < lines[k].b; i++) {
            if (c[i].item < 0) continue;
            PangoGlyphString *gs = sh[c[i].item].glyphs;
            if (!gs) continue; /* cannot happen: item >= 0 only for shaped items */
            if (c[i].glyph >= 0 && (c[i].delta != 0 || c[i].extra != 0))
                gs->glyphs[c[i].glyph].geometry.width += (int)lround((c[i].delta + c[i].extra) * PANGO_SCALE);
            if (i == lines[k].a && c[i].ohl > 0 && c[i].first_glyph >= 0 && c[i].glyph >= 0) {
                /* A ruby at the line's start: the base moves in by what
                 * the ruby would overhang past the measure. */
                int ohl = (int)lround(c[i].ohl * PANGO_SCALE);
                for (int g = c[i].first_glyph; g <= c[i].glyph; g++) gs->glyphs[g].geometry.x_offset += ohl;
                gs->glyphs[c[i].glyph].geometry.width += ohl;
            }
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
