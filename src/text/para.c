#include "text/para.h"

#include <math.h>
#include <hb-ot.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "text/font-id.h"
#include "text/fonts.h"

struct bf_setter {
    bf_job *job;
    bf_arena *arena;
    bf_diag *diag;
    bf_fonts *fonts;
    const bf_layout *layout;
    const char *file;
    GHashTable *loaded; /* "family|weight|size" -> PangoFont, loaded once */
    double seconds;     /* spent setting paragraphs (--timings) */
    hb_buffer_t *hb;    /* reused by every shaping call */
    GHashTable *plans;  /* "face|script" -> hb_shape_plan_t, made once */
    struct {
        hb_face_t *face;
        bool same;
    } kana[8];          /* kana_as_kanji's answers */
    int n_kana;
    struct {
        const char *family; /* the layout's string: compared by address */
        bool bold;
        double size;
        PangoFont *font;
    } recent[16];       /* font_for's last answers */
    int n_recent, next_recent;
};

bf_setter *bf_setter_new(bf_job *job, bf_fonts *fonts, const bf_layout *layout)
{
    bf_setter *s = bf_arena_alloc(job->arena, sizeof *s);
    if (!s) return NULL;
    s->job = job;
    s->arena = job->arena;
    s->diag = job->diag;
    s->fonts = fonts;
    s->layout = layout;
    s->loaded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
    return s;
}

double bf_setter_seconds(const bf_setter *s)
{
    return s->seconds;
}

void bf_setter_set_file(bf_setter *s, const char *file)
{
    s->file = file;
}

void bf_setter_free(bf_setter *s)
{
    if (!s) return;
    if (s->loaded) g_hash_table_destroy(s->loaded);
    if (s->hb) hb_buffer_destroy(s->hb);
    if (s->plans) g_hash_table_destroy(s->plans);
}

static guint16 channel(double v)
{
    return (guint16)lround(v * 65535.0);
}

static void add_attr(PangoAttrList *l, PangoAttribute *a, size_t start, size_t end)
{
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(l, a);
}

/* Colour and rise are drawing attributes: Pango keeps them on the item, and
 * pango_cairo_show_glyph_item ignores them, so the setter hands them on. */
static void run_attrs(bf_glyph_run *run, const PangoItem *item, bf_color dflt)
{
    run->color = dflt;
    run->rise = 0;
    for (GSList *l = item->analysis.extra_attrs; l; l = l->next) {
        PangoAttribute *a = l->data;
        if (a->klass->type == PANGO_ATTR_FOREGROUND) {
            PangoColor c = ((PangoAttrColor *)a)->color;
            run->color = (bf_color){c.red / 65535.0, c.green / 65535.0, c.blue / 65535.0};
        } else if (a->klass->type == PANGO_ATTR_RISE) {
            run->rise = ((PangoAttrInt *)a)->value / (double)PANGO_SCALE;
        }
    }
}

/* ---- character classes (JLREQ appendix A, simplified to what a briefing meets) */

enum {
    C_CJK = 1 << 0,      /* kana, ideographs, CJK punctuation, full-width forms */
    C_LATIN = 1 << 1,    /* letters and digits of Latin and other alphabets */
    C_DIGIT = 1 << 2,
    C_OPEN = 1 << 3,     /* opening brackets (cl-01) */
    C_CLOSE = 1 << 4,    /* closing brackets (cl-02), 、。，． (cl-06, cl-07) */
    C_MIDDLE = 1 << 5,   /* ・：； (cl-05) */
    C_NOSTART = 1 << 6,  /* never starts a line (cl-03, cl-04, cl-09, cl-11 ...) */
    C_INSEP = 1 << 7,    /* … ‥ — ―: never split when doubled (cl-08) */
    C_SPACE = 1 << 8,
    C_FULLPUNCT = 1 << 9, /* a full-width punctuation glyph: half ink, half blank */
    C_EXCLAIM = 1 << 10,  /* ? ! */
    C_BREAK = 1 << 11,    /* a forced line break */
};

static bool in(gunichar c, const char *set)
{
    /* `set` is UTF-8; a linear scan over a few dozen characters. */
    for (const char *p = set; *p; p = g_utf8_next_char(p))
        if (g_utf8_get_char(p) == c) return true;
    return false;
}

static bool is_cjk(gunichar c)
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
    if (is_cjk(c)) k |= C_CJK;
    else if (g_unichar_isalnum(c)) k |= C_LATIN;
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
 * rest of setting a paragraph.  (Bit 15 marks an entry as known.) */
static unsigned classify(gunichar c)
{
    static guint16 known[0x10000];
    if (c >= 0x10000) return classify_slow(c);
    if (!known[c]) known[c] = (guint16)(0x8000 | classify_slow(c));
    return known[c] & 0x7fff;
}

/* ---- the characters of a paragraph ------------------------------------------ */

typedef struct {
    gunichar ch;
    int byte;       /* offset in the paragraph text */
    unsigned cls;
    bool mark;      /* inside a note mark */
    bool url;       /* inside a link that may break only at URL points */
    bool strong;    /* **strong** */
    bool brk;       /* a line may break before this character */
    bool cursor;    /* a grapheme boundary is before this character */
    bool halt;      /* set half-width by the font's halt feature (pairs) */
    bool fwid;      /* set full-width by the font's fwid feature (? ! in Japanese) */
    double em;      /* the size of its type */
    double adv;     /* natural advance of its cluster (first character of it) */
    double extra;   /* space after it: inter-script space, space after ？！ */
    double blank;   /* the blank half of a full-width punctuation glyph */
    int item, glyph; /* the last glyph of its cluster, or -1 */
    int first_glyph;
    double delta;   /* what the line adds after it */
    double lead;    /* what the line takes off before it (line-start bracket) */
    double pre;     /* what squeezing takes off before it (an opening bracket's blank) */
} chr;

typedef struct {
    int a, b; /* characters [a, b) */
    bool para_start; /* the first line after a paragraph or forced break */
    bool last;       /* the last line before a paragraph end or forced break */
    bool hang;       /* its last character hangs past the measure */
} span_line;

#define EPS 0.01

/* Decide which pairs JLREQ sets tighter, before shaping (3.1.4): two
 * adjacent punctuation marks take 1.5 em, not 2: a closing mark followed by
 * another mark loses its trailing blank; an opening bracket after another
 * loses its leading one. */
static void mark_pairs(chr *c, int n)
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
static void mark_exclaims(chr *c, int n)
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

static void mark_spacing(chr *c, int n)
{
    for (int i = 0; i + 1 < n; i++) {
        if ((japanese_letter(&c[i]) && latin_letter(&c[i + 1])) ||
            (latin_letter(&c[i]) && japanese_letter(&c[i + 1])))
            c[i].extra = c[i].em / 4;
        unsigned b = c[i + 1].cls;
        bool full = c[i].fwid || c[i].ch == 0xff1f || c[i].ch == 0xff01;
        bool next_mark = c[i + 1].fwid || c[i + 1].ch == 0xff1f || c[i + 1].ch == 0xff01;
        if (full && !next_mark && !(b & (C_CLOSE | C_SPACE | C_BREAK)) && !c[i + 1].mark)
            c[i].extra = c[i].em;
    }
}

/* The kinsoku rules of JLREQ 3.1.7-3.1.10, on top of Pango's UAX #14
 * breaks, so that they hold whatever Pango's version does. */
static bool may_break_between(const chr *x, const chr *y)
{
    unsigned a = x->cls, b = y->cls;
    if (y->mark) return false;                        /* a note mark rides on its character */
    if (b & C_NOSTART) return false;                  /* 行頭禁則 */
    if (a & C_OPEN) return false;                     /* 行末禁則 */
    if ((a & C_INSEP) && (b & C_INSEP) && x->ch == y->ch) return false; /* …… —— */
    if ((a & C_DIGIT) && (b & C_DIGIT)) return false; /* 2014 */
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
    if (is_cjk(a) || is_cjk(b)) return true;
    if ((c[i].cls & C_SPACE) || b == 0x200b) return false;
    if ((c[i - 1].cls & C_SPACE) || a == 0x200b) return true;
    if ((a == '-' || a == 0x2010 || a == 0x2013 || a == 0x2014) && i >= 2 && g_unichar_isalpha(c[i - 2].ch) &&
        g_unichar_isalpha(b))
        return true;
    return false;
}

/* Where a run of Latin with no break opportunity (a URL) may be broken when
 * it must: after a slash, before . ? & = - _ # (a Latin word is never split
 * while it fits). */
static bool url_break_before(const chr *c, int i)
{
    gunichar p = c[i - 1].ch, q = c[i].ch;
    return p == '/' || (q && strchr(".?&=-_#", (int)q) && q < 128);
}

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
static int break_lines(const chr *c, int n, const bf_para_style *st, bool hanging, span_line *out, int cap)
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
                    if (c[k].cursor && url_break_before(c, k) && line_natural(c, a, k, false) <= measure + EPS) {
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

/* ---- adjusting a line -------------------------------------------------------- */

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

/* ---- lines -------------------------------------------------------------- */

typedef struct {
    int run;  /* index into the line's runs */
    int last; /* the cluster's last glyph in that run */
    gunichar ch;
    int byte; /* index into the paragraph text */
    double x0, x1;
} cluster;

static int collect_clusters(const char *text, bf_glyph_run *runs, int n_runs, cluster *out, int cap)
{
    int n = 0;
    for (int r = 0; r < n_runs; r++) {
        const bf_glyph_run *run = &runs[r];
        for (int g = 0; g < run->n_glyphs; g++) {
            bool starts = g == 0 || run->glyphs[g].cluster != run->glyphs[g - 1].cluster;
            if (starts) {
                if (n == cap) return n;
                int byte = run->glyphs[g].cluster;
                out[n] = (cluster){r, g, g_utf8_get_char(text + byte), byte, 0, 0};
                n++;
            } else {
                out[n - 1].last = g;
            }
        }
    }
    return n;
}

/* Cluster extents from the line's left edge, for link rectangles.
 * Clusters are in line order, each ending at its `last` glyph. */
static void place_clusters(bf_glyph_run *runs, cluster *cl, int n)
{
    for (int c = 0; c < n; c++) {
        int r = cl[c].run;
        bool continues = c > 0 && cl[c - 1].run == r;
        int first = continues ? cl[c - 1].last + 1 : 0;
        double x = continues ? cl[c - 1].x1 : runs[r].x;
        cl[c].x0 = x;
        for (int g = first; g <= cl[c].last; g++) x += runs[r].glyphs[g].advance;
        cl[c].x1 = x;
    }
}

static double runs_width(bf_glyph_run *runs, int n)
{
    double w = 0;
    for (int r = 0; r < n; r++) {
        runs[r].x = w;
        w += runs[r].width;
    }
    return w;
}

typedef struct {
    PangoItem *item;
    PangoGlyphString *glyphs;
} shaped;

/* Can item b be set in the same run as item a, whose run has `run`'s
 * attributes?  Same font and drawing attributes, left to right. */
static bool joinable(const bf_glyph_run *run, const shaped *a, const shaped *b, bf_color dflt)
{
    if (b->item->analysis.font != a->item->analysis.font || a->item->analysis.level % 2 ||
        b->item->analysis.level % 2 || b->item->offset != a->item->offset + a->item->length)
        return false;
    bf_glyph_run rb;
    run_attrs(&rb, b->item, dflt);
    return rb.rise == run->rise && rb.color.r == run->color.r && rb.color.g == run->color.g &&
           rb.color.b == run->color.b;
}

/* The glyphs of shaped items [i0, i1) that show bytes [start, end), as one
 * run of plain data.  The items are neighbours in the text with the same
 * font and drawing attributes (they were split only for OpenType features,
 * which shaping has applied), so one run draws them: a line is one or two
 * runs, not the dozen items its punctuation splits it into. */
static void make_run(bf_setter *s, const shaped *sh, int i0, int i1, int start, int end, bf_glyph_run *run)
{
    int count = 0;
    for (int i = i0; i < i1; i++) {
        const PangoItem *it = sh[i].item;
        const PangoGlyphString *gs = sh[i].glyphs;
        for (int g = 0; g < gs->num_glyphs; g++) {
            int byte = it->offset + gs->log_clusters[g];
            count += byte >= start && byte < end;
        }
    }
    run->glyphs = g_new(bf_glyph, count ? count : 1); /* to the spill file when the line is done */
    run->n_glyphs = count;
    run->offset = start > sh[i0].item->offset ? start : sh[i0].item->offset;
    const PangoItem *last = sh[i1 - 1].item;
    run->length = (end < last->offset + last->length ? end : last->offset + last->length) - run->offset;
    run->rtl = sh[i0].item->analysis.level % 2;
    int used = bf_font_table_id(s->job->fonts, sh[i0].item->analysis.font);
    run->font = used;
    double pen = 0;
    int k = 0;
    for (int i = i0; i < i1; i++) {
        const PangoItem *it = sh[i].item;
        const PangoGlyphString *gs = sh[i].glyphs;
        for (int g = 0; g < gs->num_glyphs; g++) {
            int byte = it->offset + gs->log_clusters[g];
            if (byte < start || byte >= end) continue;
            const PangoGlyphInfo *gi = &gs->glyphs[g];
            uint32_t id = gi->glyph;
            if (id == PANGO_GLYPH_EMPTY || used < 0) id = BF_GLYPH_EMPTY;
            else if (id & PANGO_GLYPH_UNKNOWN_FLAG) id = BF_GLYPH_BOX;
            else bf_font_table_use(s->job->fonts, used, id);
            double adv = gi->geometry.width / (double)PANGO_SCALE;
            run->glyphs[k++] = (bf_glyph){id, (float)(pen + gi->geometry.x_offset / (double)PANGO_SCALE),
                                          (float)(gi->geometry.y_offset / (double)PANGO_SCALE), (float)adv, byte};
            pen += adv;
        }
    }
    run->width = pen;
}

static void report_missing(bf_setter *s, const bf_para_style *st, const chr *c, int n)
{
    for (int i = 0; i < n; i++) {
        if (c[i].glyph != -2) continue;
        bool seen = false; /* once per character and paragraph */
        for (int k = 0; k < i && !seen; k++) seen = c[k].glyph == -2 && c[k].ch == c[i].ch;
        if (seen) continue;
        char utf8[8] = {0};
        g_unichar_to_utf8(c[i].ch, utf8);
        if (g_unichar_iscntrl(c[i].ch)) utf8[0] = 0;
        bf_warning(s->diag, s->file, st->where, "no font has U+%04X %s; it is set as a box", (unsigned)c[i].ch,
                   utf8);
    }
}

typedef struct {
    size_t start, end;
    const char *uri;
} link_span;

typedef struct {
    size_t byte;
    int number;
} mark_pos;

/* ---- itemizing ------------------------------------------------------------ */

static bool has_rtl(const chr *c, int n)
{
    for (int i = 0; i < n; i++) {
        gunichar u = c[i].ch;
        if ((u >= 0x0590 && u <= 0x08ff) || (u >= 0xfb1d && u <= 0xfdff) || (u >= 0xfe70 && u <= 0xfeff) ||
            (u >= 0x10800 && u <= 0x10fff) || (u >= 0x1e800 && u <= 0x1efff) || (u >= 0x202a && u <= 0x202e) ||
            (u >= 0x2066 && u <= 0x2069) || u == 0x200f)
            return true;
    }
    return false;
}

static void remember(bf_setter *s, const char *family, bool bold, double size, PangoFont *f)
{
    int n = (int)(sizeof s->recent / sizeof *s->recent);
    int at = s->n_recent < n ? s->n_recent++ : s->next_recent++ % n;
    s->recent[at].family = family;
    s->recent[at].bold = bold;
    s->recent[at].size = size;
    s->recent[at].font = f; /* owned by s->loaded */
}

static PangoFont *font_for(bf_setter *s, const char *family, bool bold, double size)
{
    /* The last few asked for first: a paragraph asks for three, every time
     * (formatting the key below was 2% of setting a long document). */
    for (int i = 0; i < s->n_recent; i++)
        if (s->recent[i].family == family && s->recent[i].bold == bold && s->recent[i].size == size)
            return s->recent[i].font;
    char key[160];
    snprintf(key, sizeof key, "%s|%d|%.4f", family, bold, size);
    PangoFont *f = g_hash_table_lookup(s->loaded, key);
    if (f) {
        remember(s, family, bold, size, f);
        return f;
    }
    PangoFontDescription *d = pango_font_description_new();
    pango_font_description_set_family(d, family);
    pango_font_description_set_weight(d, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_size(d, (int)(size * PANGO_SCALE + 0.5));
    PangoContext *ctx = bf_fonts_context(s->fonts);
    f = pango_font_map_load_font(pango_context_get_font_map(ctx), ctx, d);
    pango_font_description_free(d);
    if (f) {
        g_hash_table_insert(s->loaded, g_strdup(key), f);
        remember(s, family, bold, size, f);
    }
    return f;
}

/* Split the paragraph into items as Pango's itemizer would for text with
 * no right-to-left run, knowing what it has to find out: the font of each
 * character (the role's, its strong face, or the small one of a note
 * mark) and its script (common characters such as digits and punctuation
 * join the script before them).  The font features JLREQ asks for (halt,
 * fwid, kerning off in Japanese) are not item attributes: shape_group
 * gives them to HarfBuzz by character range.  Pango's itemizer, resolving
 * fonts through fontsets for every attribute change, cost a tenth of
 * setting a document. */
static GList *itemize(bf_setter *s, const bf_para_style *st, const chr *c, int n)
{
    const bf_layout *L = s->layout;
    const bf_font_role *fr = &L->role[st->role], *sr = &L->role[BF_ROLE_STRONG];
    PangoFont *fonts[3] = {
        font_for(s, fr->family, fr->bold, fr->size),
        font_for(s, sr->family, sr->bold, fr->size),
        font_for(s, fr->family, fr->bold, fr->size * 0.62),
    };
    PangoLanguage *ja = pango_language_from_string("ja");
    GList *items = NULL;
    /* The script of each character, common ones resolved. */
    GUnicodeScript *script = g_new(GUnicodeScript, n + 1);
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
    for (int i = 0; i < n;) {
        int kind = c[i].mark ? 2 : c[i].strong ? 1 : 0;
        int j = i + 1;
        while (j < n && (c[j].mark ? 2 : c[j].strong ? 1 : 0) == kind && script[j] == script[i]) j++;
        PangoItem *it = pango_item_new();
        it->offset = c[i].byte;
        it->length = c[j].byte - c[i].byte;
        it->num_chars = j - i;
        it->analysis.font = fonts[kind] ? g_object_ref(fonts[kind]) : NULL;
        it->analysis.level = 0;
        it->analysis.gravity = PANGO_GRAVITY_SOUTH;
        it->analysis.script = (guint8)script[i];
        it->analysis.language = ja;
        GSList *extra = NULL;
        if (kind == 2) {
            extra = g_slist_prepend(extra, pango_attr_rise_new((int)(fr->size * 0.38 * PANGO_SCALE)));
            extra = g_slist_prepend(extra, pango_attr_foreground_new(channel(L->accent.r), channel(L->accent.g),
                                                                     channel(L->accent.b)));
        }
        it->analysis.extra_attrs = extra;
        items = g_list_prepend(items, it);
        i = j;
    }
    g_free(script);
    return g_list_reverse(items);
}

/* Can items a and b, neighbours, be shaped by one HarfBuzz call?  Left to
 * right, same font and script: they differ at most in features, which a
 * call takes by range. */
static bool is_kanji_kana(int script)
{
    return script == G_UNICODE_SCRIPT_HAN || script == G_UNICODE_SCRIPT_HIRAGANA ||
           script == G_UNICODE_SCRIPT_KATAKANA;
}

/* What a face's GSUB or GPOS does for a script and language: each of its
 * features' tag and lookups, in order, into out[0..cap) (0 if the script
 * is not there); the count, or cap if it did not fit. */
static unsigned script_features(hb_face_t *face, hb_tag_t table, hb_tag_t script, hb_tag_t lang, unsigned *out,
                                unsigned cap)
{
    unsigned si, li, n = 0;
    hb_tag_t chosen;
    if (!hb_ot_layout_table_select_script(face, table, 1, &script, &si, &chosen)) {
        out[n++] = 0;
        return n;
    }
    hb_ot_layout_script_select_language(face, table, si, 1, &lang, &li);
    unsigned idx[128], tags[128], nf = 128;
    hb_ot_layout_language_get_feature_indexes(face, table, si, li, 0, &nf, idx);
    unsigned nt = nf;
    hb_ot_layout_language_get_feature_tags(face, table, si, li, 0, &nt, tags);
    for (unsigned f = 0; f < nf && f < nt; f++) {
        unsigned lookups[256], nl = 256;
        hb_ot_layout_feature_get_lookups(face, table, idx[f], 0, &nl, lookups);
        if (n + 2 + nl > cap) return cap;
        out[n++] = tags[f];
        out[n++] = nl;
        memcpy(out + n, lookups, nl * sizeof *out);
        n += nl;
    }
    return n;
}

/* Does the face shape Japanese kanji and kana alike: the same features for
 * 'hani' and 'kana' in GSUB and GPOS?  Then a run of Japanese is one
 * HarfBuzz call whatever its scripts, which alternate every few characters
 * (漢字かな交じり).  Noto CJK does; a face that did not would be shaped
 * script by script.  Asked once a face. */
static bool kana_as_kanji(bf_setter *s, hb_face_t *face)
{
    for (int i = 0; i < s->n_kana; i++)
        if (s->kana[i].face == face) return s->kana[i].same;
    static const hb_tag_t tables[] = {HB_OT_TAG_GSUB, HB_OT_TAG_GPOS};
    bool same = true;
    for (int t = 0; t < 2 && same; t++) {
        unsigned a[1024], b[1024];
        unsigned na = script_features(face, tables[t], HB_TAG('h', 'a', 'n', 'i'), HB_TAG('J', 'A', 'N', ' '), a, 1024);
        unsigned nb = script_features(face, tables[t], HB_TAG('k', 'a', 'n', 'a'), HB_TAG('J', 'A', 'N', ' '), b, 1024);
        same = na == nb && na < 1024 && !memcmp(a, b, na * sizeof *a);
    }
    if (s->n_kana < (int)(sizeof s->kana / sizeof *s->kana)) {
        s->kana[s->n_kana].face = face;
        s->kana[s->n_kana++].same = same;
    }
    return same;
}

/* The script a run of items is shaped in. */
static int shaping_script(bf_setter *s, const PangoItem *it)
{
    int script = it->analysis.script;
    if (script == G_UNICODE_SCRIPT_HIRAGANA || script == G_UNICODE_SCRIPT_KATAKANA) {
        hb_font_t *hb = it->analysis.font ? pango_font_get_hb_font(it->analysis.font) : NULL;
        if (hb && kana_as_kanji(s, hb_font_get_face(hb))) return G_UNICODE_SCRIPT_HAN;
    }
    return script;
}

static bool same_shaping(bf_setter *s, const PangoItem *a, const PangoItem *b)
{
    /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): the callers' items are set */
    if (a->analysis.font != b->analysis.font || (a->analysis.level % 2) || (b->analysis.level % 2) ||
        a->offset + a->length != b->offset)
        return false;
    if (a->analysis.script == b->analysis.script) return true;
    return is_kanji_kana(a->analysis.script) && is_kanji_kana(b->analysis.script) &&
           shaping_script(s, a) == shaping_script(s, b);
}

/* The shape plan for a face and script, with halt, fwid and kern as
 * features by range.  HarfBuzz caches no plan whose features have ranges,
 * and making one for a CJK font walks all its lookups; the setter makes
 * each once.  A feature by range that a call gives no range to is not
 * applied (halt, fwid) or applies as by default (kern). */
static hb_shape_plan_t *plan_for(bf_setter *s, hb_face_t *face, const hb_segment_properties_t *props)
{
    char key[64];
    snprintf(key, sizeof key, "%p|%u|%p", (void *)face, (unsigned)props->script, (const void *)props->language);
    if (!s->plans)
        s->plans = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)hb_shape_plan_destroy);
    hb_shape_plan_t *plan = g_hash_table_lookup(s->plans, key);
    if (!plan) {
        static const hb_feature_t ranged[] = {
            {HB_TAG('h', 'a', 'l', 't'), 1, 0, 1},
            {HB_TAG('f', 'w', 'i', 'd'), 1, 0, 1},
            {HB_TAG('k', 'e', 'r', 'n'), 0, 0, 1},
        };
        plan = hb_shape_plan_create(face, props, ranged, 3, NULL);
        g_hash_table_insert(s->plans, g_strdup(key), plan);
    }
    return plan;
}

/* A character the font has no glyph for, which HarfBuzz shapes as glyph
 * 0: a tab is set as a space; one invisible by nature as nothing; any other
 * as Pango's unknown glyph (a box with the code in it) at its width. */
static void missing_glyph(PangoFont *font, hb_font_t *hb_font, gunichar ch, PangoGlyphInfo *g)
{
    hb_codepoint_t space;
    if (ch == '\t' && hb_font_get_nominal_glyph(hb_font, ' ', &space)) {
        g->glyph = space;
        g->geometry.width = hb_font_get_glyph_h_advance(hb_font, space);
        return;
    }
    if (g_unichar_iszerowidth(ch) || g_unichar_iscntrl(ch) || g_unichar_type(ch) == G_UNICODE_LINE_SEPARATOR ||
        g_unichar_type(ch) == G_UNICODE_PARAGRAPH_SEPARATOR || g_unichar_type(ch) == G_UNICODE_FORMAT) {
        g->glyph = PANGO_GLYPH_EMPTY;
        g->geometry.width = 0;
        return;
    }
    PangoRectangle logical;
    g->glyph = PANGO_GET_UNKNOWN_GLYPH(ch);
    pango_font_get_glyph_extents(font, g->glyph, NULL, &logical);
    g->geometry.width = logical.width;
    g->geometry.x_offset = g->geometry.y_offset = 0;
}

/* Shape items [k0, k1) of one font and script with one HarfBuzz call, the
 * JLREQ features (halt, fwid, kerning off in Japanese) given by character
 * range, and deal the glyphs out to the items.  pango_shape per item, with
 * the features as item attributes, split a paragraph into some thirty
 * items, and each call made a font, a buffer and a glyph string of its
 * own: twice what shaping itself cost.  The result is what Pango gives:
 * its hb_font (scaled to Pango units), its invisible glyph, its cluster
 * level, its unknown glyphs. */
static void shape_group(bf_setter *s, const char *text, int len, shaped *sh, int k0, int k1, const chr *c,
                        const int *char_at)
{
    const PangoItem *first = sh[k0].item, *last = sh[k1 - 1].item;
    int start = first->offset, end = last->offset + last->length;
    PangoFont *font = first->analysis.font;
    hb_font_t *hb_font = font ? pango_font_get_hb_font(font) : NULL;
    if (!hb_font) {
        for (int k = k0; k < k1; k++)
            pango_shape_with_flags(text + sh[k].item->offset, sh[k].item->length, text, len, &sh[k].item->analysis,
                                   sh[k].glyphs, PANGO_SHAPE_NONE);
        return;
    }
    if (!s->hb) s->hb = hb_buffer_create();
    hb_buffer_t *buf = s->hb;
    hb_buffer_reset(buf);
    hb_segment_properties_t props = {
        HB_DIRECTION_LTR,
        hb_script_from_iso15924_tag(g_unicode_script_to_iso15924((GUnicodeScript)shaping_script(s, first))),
        hb_language_from_string(pango_language_to_string(first->analysis.language), -1),
        NULL, NULL};
    hb_buffer_set_segment_properties(buf, &props);
    hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
    hb_buffer_set_invisible_glyph(buf, PANGO_GLYPH_EMPTY);
    hb_buffer_set_flags(buf, (start == 0 ? HB_BUFFER_FLAG_BOT : 0) | (end == len ? HB_BUFFER_FLAG_EOT : 0));
    hb_buffer_add_utf8(buf, text, len, (unsigned)start, end - start);

    /* Features by range: each run of characters with the same ones. */
    int i0 = char_at[start], i1 = char_at[end];
    hb_feature_t *feat = g_new(hb_feature_t, 3 * (size_t)(i1 - i0) + 1);
    int nf = 0;
    for (int i = i0; i < i1;) {
        bool halt = c[i].halt, fwid = c[i].fwid, nokern = is_cjk(c[i].ch) && !c[i].mark;
        int j = i + 1;
        while (j < i1 && c[j].halt == halt && c[j].fwid == fwid && (is_cjk(c[j].ch) && !c[j].mark) == nokern) j++;
        unsigned a = (unsigned)c[i].byte, b = (unsigned)c[j].byte;
        if (halt) feat[nf++] = (hb_feature_t){HB_TAG('h', 'a', 'l', 't'), 1, a, b};
        if (fwid) feat[nf++] = (hb_feature_t){HB_TAG('f', 'w', 'i', 'd'), 1, a, b};
        if (nokern) feat[nf++] = (hb_feature_t){HB_TAG('k', 'e', 'r', 'n'), 0, a, b};
        i = j;
    }
    hb_shape_plan_execute(plan_for(s, hb_font_get_face(hb_font), &props), hb_font, buf, feat, (unsigned)nf);
    g_free(feat);

    unsigned n = 0;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    unsigned g = 0;
    for (int k = k0; k < k1; k++) {
        const PangoItem *it = sh[k].item;
        unsigned g0 = g;
        while (g < n && (int)info[g].cluster < it->offset + it->length) g++;
        PangoGlyphString *gs = sh[k].glyphs;
        pango_glyph_string_set_size(gs, (int)(g - g0));
        for (unsigned q = g0; q < g; q++) {
            PangoGlyphInfo *gi = &gs->glyphs[q - g0];
            gi->glyph = info[q].codepoint;
            gi->geometry.width = pos[q].x_advance;
            gi->geometry.x_offset = pos[q].x_offset;
            gi->geometry.y_offset = -pos[q].y_offset;
            gi->attr.is_cluster_start = q == g0 || info[q].cluster != info[q - 1].cluster;
            gi->attr.is_color = 0;
            gs->log_clusters[q - g0] = (int)info[q].cluster - it->offset;
            if (gi->glyph == 0) missing_glyph(font, hb_font, g_utf8_get_char(text + info[q].cluster), gi);
        }
    }
}

static bf_para *set_para(bf_setter *s, const bf_span *spans, int n_spans, const bf_para_style *st);

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

bf_para *bf_para_set(bf_setter *s, const bf_span *spans, int n_spans, const bf_para_style *st)
{
    double t0 = now();
    bf_para *p = set_para(s, spans, n_spans, st);
    s->seconds += now() - t0;
    return p;
}

static bf_para *set_para(bf_setter *s, const bf_span *spans, int n_spans, const bf_para_style *st)
{
    const bf_layout *L = s->layout;
    const bf_font_role *fr = &L->role[st->role];
    GString *buf = g_string_sized_new(256);
    PangoAttrList *attrs = pango_attr_list_new();
    GArray *links = g_array_new(FALSE, FALSE, sizeof(link_span));
    GArray *marks = g_array_new(FALSE, FALSE, sizeof(mark_pos));
    GArray *mark_ranges = g_array_new(FALSE, FALSE, sizeof(link_span));
    GArray *strong_ranges = g_array_new(FALSE, FALSE, sizeof(link_span));

    for (int i = 0; i < n_spans; i++) {
        const bf_span *sp = &spans[i];
        size_t start = buf->len;
        if (sp->kind == BF_SPAN_BREAK) {
            g_string_append_c(buf, '\n');
            continue;
        }
        g_string_append(buf, sp->text);
        size_t end = buf->len;
        if (sp->kind == BF_SPAN_STRONG) {
            const bf_font_role *sr = &L->role[BF_ROLE_STRONG];
            add_attr(attrs, pango_attr_family_new(sr->family), start, end);
            add_attr(attrs, pango_attr_weight_new(sr->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL), start, end);
            g_array_append_val(strong_ranges, ((link_span){start, end, NULL}));
        } else if (sp->kind == BF_SPAN_MARK) {
            /* A note mark: small, raised, in the accent colour. */
            add_attr(attrs, pango_attr_size_new((int)(fr->size * 0.62 * PANGO_SCALE)), start, end);
            add_attr(attrs, pango_attr_rise_new((int)(fr->size * 0.38 * PANGO_SCALE)), start, end);
            add_attr(attrs, pango_attr_foreground_new(channel(L->accent.r), channel(L->accent.g), channel(L->accent.b)),
                     start, end);
            g_array_append_val(marks, ((mark_pos){start, sp->cite}));
            g_array_append_val(mark_ranges, ((link_span){start, end, NULL}));
        }
        if (sp->link) g_array_append_val(links, ((link_span){start, end, sp->link}));
    }
    int len = (int)buf->len;
    char *text = bf_arena_strndup(s->arena, buf->str, buf->len);
    g_string_free(buf, TRUE);

    /* The characters, classified. */
    int n = (int)g_utf8_strlen(text, len);
    chr *c = g_new0(chr, n + 1);
    int *char_at = g_new(int, len + 1);
    {
        int i = 0, mr = 0;
        for (const char *p = text; p < text + len; p = g_utf8_next_char(p), i++) {
            int byte = (int)(p - text);
            c[i].ch = g_utf8_get_char(p);
            c[i].byte = byte;
            c[i].cls = classify(c[i].ch);
            c[i].em = fr->size;
            c[i].item = c[i].glyph = c[i].first_glyph = -1;
            for (guint q = 0; st->breakable_urls && q < links->len; q++) {
                link_span lk = g_array_index(links, link_span, q);
                if (byte >= (int)lk.start && byte < (int)lk.end) c[i].url = true;
            }
            for (guint q = 0; q < strong_ranges->len; q++) {
                link_span sr = g_array_index(strong_ranges, link_span, q);
                if (byte >= (int)sr.start && byte < (int)sr.end) c[i].strong = true;
            }
            while (mr < (int)mark_ranges->len && (int)g_array_index(mark_ranges, link_span, mr).end <= byte) mr++;
            if (mr < (int)mark_ranges->len && (int)g_array_index(mark_ranges, link_span, mr).start <= byte) {
                c[i].mark = true;
                c[i].em = fr->size * 0.62;
            }
            for (int k = byte; k < byte + (int)(g_utf8_next_char(p) - p); k++) char_at[k] = i;
        }
        char_at[len] = n;
        c[n].byte = len;
    }
    mark_pairs(c, n);
    mark_exclaims(c, n);

    /* Itemize and shape once; lines are cut from the shaped glyphs. */
    GList *items;
    if (has_rtl(c, n)) {
        /* Right-to-left text needs the bidi algorithm: Pango's itemizer,
         * told the features as attributes (itemize() below for the rest). */
        for (int i = 0; i < n; i++) {
            int end = c[i + 1].byte;
            if (c[i].halt) add_attr(attrs, pango_attr_font_features_new("halt"), (size_t)c[i].byte, (size_t)end);
            if (c[i].fwid) add_attr(attrs, pango_attr_font_features_new("fwid"), (size_t)c[i].byte, (size_t)end);
            if (is_cjk(c[i].ch) && !c[i].mark)
                add_attr(attrs, pango_attr_font_features_new("kern=0"), (size_t)c[i].byte, (size_t)end);
        }
        PangoContext *ctx = bf_fonts_context(s->fonts);
        pango_context_set_font_description(ctx, bf_fonts_role(s->fonts, st->role));
        items = pango_itemize(ctx, text, 0, len, attrs, NULL);
    } else {
        items = itemize(s, st, c, n);
    }
    int n_items = (int)g_list_length(items);
    shaped *sh = g_new0(shaped, n_items ? n_items : 1);
    {
        int k = 0;
        for (GList *l = items; l; l = l->next, k++) {
            sh[k].item = l->data;
            sh[k].glyphs = pango_glyph_string_new();
        }
        for (k = 0; k < n_items;) {
            int end = k + 1;
            /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): sh[0..n_items) are set */
            if (sh[k].item->analysis.level % 2) {
                pango_shape_with_flags(text + sh[k].item->offset, sh[k].item->length, text, len,
                                       &sh[k].item->analysis, sh[k].glyphs, PANGO_SHAPE_NONE);
            } else {
                while (end < n_items && same_shaping(s, sh[end - 1].item, sh[end].item)) end++;
                shape_group(s, text, len, sh, k, end, c, char_at);
            }
            k = end;
        }
        for (k = 0; k < n_items; k++) {
            PangoItem *it = sh[k].item;
            bool rtl = it->analysis.level % 2;
            PangoGlyphString *gs = sh[k].glyphs;
            for (int g = 0; g < gs->num_glyphs; g++) {
                int ci = char_at[it->offset + gs->log_clusters[g]];
                c[ci].adv += gs->glyphs[g].geometry.width / (double)PANGO_SCALE;
                if (c[ci].glyph == -2) continue;
                if ((gs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG) && !(c[ci].cls & C_BREAK) &&
                    !g_unichar_iscntrl(c[ci].ch)) {
                    c[ci].glyph = -2;
                    continue;
                }
                if (rtl) {
                    c[ci].glyph = -3; /* set as it comes: no adjustments inside RTL text */
                    continue;
                }
                c[ci].item = k;
                if (c[ci].first_glyph < 0) c[ci].first_glyph = g;
                c[ci].glyph = g;
            }
        }
    }
    report_missing(s, st, c, n);
    for (int i = 0; i < n; i++) {
        if (c[i].glyph == -2) {
            /* Reported; the box is set but never adjusted. */
            c[i].glyph = -1;
        }
        if ((c[i].cls & C_FULLPUNCT) && !c[i].halt && !c[i].mark) c[i].blank = c[i].em / 2;
        if ((c[i].cls & C_MIDDLE) && (c[i].cls & C_FULLPUNCT)) c[i].blank = c[i].em / 2;
    }
    mark_spacing(c, n);

    /* Break opportunities: Pango's (UAX #14) and JLREQ's kinsoku. */
    for (int i = 0; i < n; i++) {
        c[i].cursor = i == 0 || grapheme_boundary(c[i - 1].ch, c[i].ch);
        if (i == 0 || !c[i].cursor)
            c[i].brk = false;
        else if (c[i].url && c[i - 1].url)
            c[i].brk = url_break_before(c, i); /* a URL breaks only at its own points */
        else
            c[i].brk = opportunity(c, i) && may_break_between(&c[i - 1], &c[i]);
    }

    /* A line-start opening bracket is set flush with the text edge (the
     * tenzuki convention of JLREQ 3.1.5); at a paragraph's start it keeps
     * its full width after the indent. */
    span_line *lines = g_new(span_line, n + 2);
    bool hanging = L->hanging_punctuation && st->align == BF_ALIGN_JUSTIFY;
    int nl = break_lines(c, n, st, hanging, lines, n + 2);
    for (int k = 0; k < nl; k++) {
        int a = lines[k].a;
        if (a < lines[k].b && (c[a].cls & C_OPEN) && (c[a].cls & C_FULLPUNCT) && !c[a].halt && a > 0 &&
            c[a].glyph >= 0) {
            c[a].lead = c[a].em / 2;
        }
    }

    /* Adjust each line and write the adjustments into the glyphs. */
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

    /* The lines. */
    bf_para *para = bf_arena_alloc(s->arena, sizeof *para);
    para->lines = bf_arena_array(s->arena, (size_t)(nl ? nl : 1), sizeof(bf_line));
    para->n_lines = nl;
    double ascent = (fr->leading - fr->size) / 2 + 0.88 * fr->size;
    for (int k = 0; k < nl; k++) {
        const span_line *sl = &lines[k];
        bf_line *line = &para->lines[k];
        int b0 = c[sl->a].byte, b1 = c[sl->b].byte;
        line->text = text;
        line->start = b0;
        line->length = b1 - b0;
        line->ascent = ascent;
        line->height = fr->leading;
        line->role = st->role;
        line->index = k;
        line->count = nl;
        /* The items on the line, [i0, i1), grouped into runs. */
        int i0 = 0, i1;
        /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): sh[0..n_items) are set */
        while (i0 < n_items && sh[i0].item->offset + sh[i0].item->length <= b0) i0++;
        for (i1 = i0; i1 < n_items && sh[i1].item->offset < b1;) i1++;
        int nr = 0;
        for (int it = i0; it < i1; it++) {
            if (it == i0) {
                nr++;
                continue;
            }
            bf_glyph_run prev;
            run_attrs(&prev, sh[it - 1].item, fr->color);
            nr += !joinable(&prev, &sh[it - 1], &sh[it], fr->color);
        }
        line->runs = bf_arena_array(s->arena, (size_t)(nr ? nr : 1), sizeof(bf_glyph_run));
        int r = 0;
        for (int it = i0; it < i1;) {
            bf_glyph_run *run = &line->runs[r++];
            run_attrs(run, sh[it].item, fr->color);
            int end = it + 1;
            while (end < i1 && joinable(run, &sh[end - 1], &sh[end], fr->color)) end++;
            make_run(s, sh, it, end, b0, b1, run);
            run->em = sh[it].item->analysis.font && run->rise > 0 ? fr->size * 0.62 : fr->size;
            it = end;
        }
        line->n_runs = r;
        /* Visual order: runs of right-to-left text are reversed in place. */
        for (int i = 0; i < r;) {
            if (!line->runs[i].rtl) {
                i++;
                continue;
            }
            int j = i;
            while (j < r && line->runs[j].rtl) j++;
            for (int x = i, y = j - 1; x < y; x++, y--) {
                bf_glyph_run t = line->runs[x];
                line->runs[x] = line->runs[y];
                line->runs[y] = t;
            }
            i = j;
        }
        double w = runs_width(line->runs, r);
        line->width = sl->hang ? w - c[sl->b - 1].adv - c[sl->b - 1].delta : w;
        double measure = st->width - (sl->para_start && sl->a == 0 ? st->indent : 0);
        double shift = (sl->para_start && sl->a == 0 && st->indent > 0) ? st->indent : 0;
        if (st->align == BF_ALIGN_CENTER) shift += (measure - line->width) / 2;
        if (st->align == BF_ALIGN_RIGHT) shift += measure - line->width;

        int cap = line->length + 1;
        cluster *cl = g_new(cluster, cap);
        int nc = collect_clusters(text, line->runs, r, cl, cap);
        place_clusters(line->runs, cl, nc);
        if (shift != 0)
            for (int q = 0; q < r; q++) line->runs[q].x += shift;

        int nm = 0;
        for (guint q = 0; q < marks->len; q++) {
            mark_pos m = g_array_index(marks, mark_pos, q);
            nm += (int)m.byte >= b0 && (int)m.byte < b1;
        }
        if (nm) {
            line->cites = bf_arena_array(s->arena, (size_t)nm, sizeof(int));
            for (guint q = 0; q < marks->len; q++) {
                mark_pos m = g_array_index(marks, mark_pos, q);
                if ((int)m.byte >= b0 && (int)m.byte < b1) line->cites[line->n_cites++] = m.number;
            }
        }
        if (links->len) {
            line->links = bf_arena_array(s->arena, links->len, sizeof(bf_link));
            for (guint q = 0; q < links->len; q++) {
                link_span lk = g_array_index(links, link_span, q);
                double x0 = INFINITY, x1 = -INFINITY;
                for (int j = 0; j < nc; j++)
                    if (cl[j].byte >= (int)lk.start && cl[j].byte < (int)lk.end) {
                        x0 = fmin(x0, cl[j].x0);
                        x1 = fmax(x1, cl[j].x1);
                    }
                if (x0 < x1) line->links[line->n_links++] = (bf_link){x0 + shift, x1 - x0, lk.uri};
            }
        }
        g_free(cl);
        for (int q = 0; q < r; q++) bf_glyph_store_put(s->job->glyphs, &line->runs[q]);
    }

    for (int k = 0; k < n_items; k++) pango_glyph_string_free(sh[k].glyphs);
    g_list_free_full(items, (GDestroyNotify)pango_item_free);
    g_free(sh);
    g_free(lines);
    g_free(c);
    g_free(char_at);
    pango_attr_list_unref(attrs);
    g_array_free(links, TRUE);
    g_array_free(marks, TRUE);
    g_array_free(mark_ranges, TRUE);
    g_array_free(strong_ranges, TRUE);
    return para;
}
