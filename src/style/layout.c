#include "style/layout.h"
#include "style/values.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "core/nearest.h"

#define MM (72.0 / 25.4)
#define MAX_LAYOUT_BYTES ((size_t)256 * 1024)

static const char *const role_names[BF_ROLE_COUNT] = {
    "title",   "subtitle", "lead", "edition", "heading", "section", "teaser", "meta",
    "summary", "comment",  "text", "strong",  "aside",   "note",    "header", "keypoint",
};

const char *bf_role_name(bf_role r)
{
    return r < BF_ROLE_COUNT ? role_names[r] : "?";
}

#define MINCHO "Noto Serif CJK JP"
#define GOTHIC "Noto Sans CJK JP"

static bf_color rgb(unsigned hex)
{
    return (bf_color){((hex >> 16) & 255) / 255.0, ((hex >> 8) & 255) / 255.0, (hex & 255) / 255.0};
}

static void role(bf_layout *l, bf_role r, const char *family, bool bold, double size, double leading, unsigned color)
{
    l->role[r] = (bf_font_role){family, bold, size, leading, rgb(color)};
}

void bf_layout_defaults(bf_layout *l)
{
    memset(l, 0, sizeof *l);
    l->name = "a4";
    l->file = "built-in layout";
    l->page_width = 210 * MM;
    l->page_height = 297 * MM;
    l->margin_top = 22 * MM;
    l->margin_bottom = 20 * MM;
    l->margin_inner = 20 * MM;
    l->margin_outer = 20 * MM;
    l->header_gap = 7 * MM;
    l->footer_gap = 8 * MM;
    l->logo_height = 12 * MM;
    l->columns = 1;
    l->column_gap = 8 * MM;
    /* Body text in Mincho at 10 pt on a 17 pt pitch (line gap 0.7 em, within
     * JLREQ's customary 0.5-1 em); display and apparatus in Gothic. */
    role(l, BF_ROLE_TITLE, GOTHIC, true, 22, 31, 0x14213d);
    role(l, BF_ROLE_SUBTITLE, GOTHIC, false, 13, 20, 0x14213d);
    role(l, BF_ROLE_LEAD, MINCHO, false, 10.5, 18, 0x222222);
    role(l, BF_ROLE_EDITION, GOTHIC, false, 9, 14, 0x444444);
    role(l, BF_ROLE_HEADING, GOTHIC, true, 15, 22, 0x14213d);
    role(l, BF_ROLE_SECTION, GOTHIC, true, 13, 20, 0x14213d);
    role(l, BF_ROLE_TEASER, GOTHIC, false, 10, 16, 0x222222);
    role(l, BF_ROLE_META, GOTHIC, false, 8.5, 13, 0x555555);
    role(l, BF_ROLE_SUMMARY, GOTHIC, false, 9.5, 16, 0x1a1a1a);
    role(l, BF_ROLE_COMMENT, MINCHO, false, 10, 17, 0x1a1a1a);
    role(l, BF_ROLE_TEXT, MINCHO, false, 10, 17, 0x111111);
    role(l, BF_ROLE_STRONG, GOTHIC, true, 10, 17, 0x111111);
    role(l, BF_ROLE_ASIDE, GOTHIC, false, 9, 15, 0x4a4a4a);
    role(l, BF_ROLE_NOTE, GOTHIC, false, 7.5, 11.5, 0x333333);
    role(l, BF_ROLE_HEADER, GOTHIC, false, 8, 12, 0x555555);
    role(l, BF_ROLE_KEYPOINT, GOTHIC, false, 11, 19, 0x111111);
    l->accent = rgb(0x1f4e79);
    l->box_fill = rgb(0xf1f5f9);
    l->box_rule = rgb(0x1f4e79);
    l->teaser_fill = rgb(0xfdf3e1);
    l->muted = rgb(0x666666);
    l->rule_weight = 0.6;
    l->paragraph_indent = 1.0;
    l->date_style = BF_DATE_SEIREKI;
    l->band[BF_SLOT_HEADER_LEFT] = BF_BAND_TITLE;
    l->band[BF_SLOT_HEADER_RIGHT] = BF_BAND_DATE;
    l->band[BF_SLOT_FOOTER_LEFT] = BF_BAND_PUBLISHER;
    l->band[BF_SLOT_FOOTER_CENTER] = BF_BAND_PAGE;
    l->band[BF_SLOT_FOOTER_RIGHT] = BF_BAND_MARKING;
    l->label.summary = "要約";
    l->label.conclusion = "まとめ";
    l->label.key_points = "要点";
    l->label.sources = "出典一覧";
    l->label.revision = "訂正版";
    l->label.toc = "目次";
    l->label.published = "公開日";
    l->label.question = "Q";
    l->label.answer = "A";
    l->label.chapter = "第{n}章";
    l->label.table = "表{n}";
    l->label.figure = "図{n}";
    l->label.continued = "（続き）";
    l->table_fill = rgb(0xf2f2f2);
}

char *bf_chapter_label(bf_arena *a, const bf_layout *l, int64_t number)
{
    return bf_number_label(a, l->label.chapter, number);
}

char *bf_number_label(bf_arena *a, const char *pat, int64_t number)
{
    const char *at = strstr(pat, "{n}");
    if (!at) return bf_arena_strdup(a, pat);
    return bf_arena_printf(a, "%.*s%" PRId64 "%s", (int)(at - pat), pat, number, at + 3);
}

/* A label: UTF-8 text of at most 64 bytes with no control characters,
 * not empty (but label.chapter, where empty means no chapter number, and
 * which may hold one {n}). */
static bool parse_label(bf_arena *a, const char *name, const char *v, const char **out, const char **want)
{
    bool chapter = !strcmp(name, "label.chapter") || !strcmp(name, "label.table") || !strcmp(name, "label.figure");
    *want = chapter ? "text of at most 64 bytes with at most one {n}, or nothing"
                    : "text of 1 to 64 bytes, no control characters, no {n}";
    size_t n = strlen(v);
    if (n > 64 || (!chapter && n == 0) || !g_utf8_validate(v, (gssize)n, NULL)) return false;
    for (const char *p = v; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c < 0x20 || (c >= 0x7f && c < 0xa0)) return false;
    }
    const char *at = strstr(v, "{n}");
    if (at && (!chapter || strstr(at + 3, "{n}"))) return false;
    *out = bf_arena_strdup(a, v);
    return true;
}

/* ---- the key table -------------------------------------------------------- */

typedef enum {
    K_LENGTH,
    K_EM,
    K_COLOR,
    K_BOOL,
    K_INT,
    K_STRING,
    K_PAGE,
    K_DATE_STYLE,
    K_WEIGHT,
    K_KEYPOINTS,
    K_BAND,
    K_LABEL,
    K_MARKING
} kind;

typedef struct {
    const char *name;
    kind type;
    size_t offset;
    /* K_LENGTH and K_EM: the sensible range (pt, or em), and how the
     * message names it.  What depends on other keys is checked on the
     * whole layout (check_whole). */
    double lo, hi;
    const char *range;
} key;

#define K(n, t, f)                                                                                                     \
    {                                                                                                                  \
        n, t, offsetof(bf_layout, f), 0, 0, NULL                                                                       \
    }
#define L(n, f, lo, hi, range)                                                                                         \
    {                                                                                                                  \
        n, K_LENGTH, offsetof(bf_layout, f), lo, hi, range                                                             \
    }
static const key fixed_keys[] = {
    K("page.size", K_PAGE, page_width),
    L("page.margin.top", margin_top, 0, 200 * MM, "from 0mm to 200mm"),
    L("page.margin.bottom", margin_bottom, 0, 200 * MM, "from 0mm to 200mm"),
    L("page.margin.inner", margin_inner, 0, 200 * MM, "from 0mm to 200mm"),
    L("page.margin.outer", margin_outer, 0, 200 * MM, "from 0mm to 200mm"),
    L("page.header-gap", header_gap, 0, 50 * MM, "from 0mm to 50mm"),
    L("page.footer-gap", footer_gap, 0, 50 * MM, "from 0mm to 50mm"),
    K("columns", K_INT, columns),
    L("column.gap", column_gap, 0, 50 * MM, "from 0mm to 50mm"),
    K("color.accent", K_COLOR, accent),
    K("color.box-fill", K_COLOR, box_fill),
    K("color.box-rule", K_COLOR, box_rule),
    K("color.teaser-fill", K_COLOR, teaser_fill),
    K("color.muted", K_COLOR, muted),
    L("rule.weight", rule_weight, 0, 5, "from 0pt to 5pt"),
    {"paragraph.indent", K_EM, offsetof(bf_layout, paragraph_indent), 0, 4, "from 0 to 4 (em)"},
    K("option.hanging-punctuation", K_BOOL, hanging_punctuation),
    K("option.grayscale", K_BOOL, grayscale),
    K("option.duplex", K_BOOL, duplex),
    K("option.chapter-recto", K_BOOL, chapter_recto),
    K("option.key-points", K_KEYPOINTS, key_points_first),
    K("option.toc", K_BOOL, toc),
    K("option.source-qr", K_BOOL, source_qr),
    K("option.pdfa", K_BOOL, pdfa),
    K("option.date-style", K_DATE_STYLE, date_style),
    K("option.date-weekday", K_BOOL, date_weekday),
    K("header.left", K_BAND, band[BF_SLOT_HEADER_LEFT]),
    K("header.right", K_BAND, band[BF_SLOT_HEADER_RIGHT]),
    K("header.first-page", K_BOOL, header_first_page),
    K("footer.left", K_BAND, band[BF_SLOT_FOOTER_LEFT]),
    K("footer.center", K_BAND, band[BF_SLOT_FOOTER_CENTER]),
    K("footer.right", K_BAND, band[BF_SLOT_FOOTER_RIGHT]),
    K("label.summary", K_LABEL, label.summary),
    K("label.conclusion", K_LABEL, label.conclusion),
    K("label.key-points", K_LABEL, label.key_points),
    K("label.sources", K_LABEL, label.sources),
    K("label.revision", K_LABEL, label.revision),
    K("label.toc", K_LABEL, label.toc),
    K("label.published", K_LABEL, label.published),
    K("label.question", K_LABEL, label.question),
    K("label.answer", K_LABEL, label.answer),
    K("label.chapter", K_LABEL, label.chapter),
    K("label.table", K_LABEL, label.table),
    K("label.figure", K_LABEL, label.figure),
    K("label.continued", K_LABEL, label.continued),
    K("color.table-fill", K_COLOR, table_fill),
    K("table.zebra", K_BOOL, table_zebra),
    K("table.vertical-rules", K_BOOL, table_vrules),
    K("marking.style", K_MARKING, marking_stamp),
    K("logo", K_STRING, logo.path),
    L("logo.height", logo_height, 3 * MM, 60 * MM, "from 3mm to 60mm"),
};
#undef L
#undef K

static const char *const role_fields[] = {"family", "weight", "size", "leading", "color"};
#define N_FIXED (sizeof fixed_keys / sizeof fixed_keys[0])
#define N_ROLE_KEYS ((size_t)BF_ROLE_COUNT * 5)

typedef struct {
    const char *names[N_FIXED + N_ROLE_KEYS];
    char role_buf[N_ROLE_KEYS][40];
} key_names;

static void all_key_names(key_names *k)
{
    size_t n = 0;
    for (size_t i = 0; i < N_FIXED; i++) k->names[n++] = fixed_keys[i].name;
    for (int r = 0; r < BF_ROLE_COUNT; r++)
        for (int f = 0; f < 5; f++) {
            char *b = k->role_buf[r * 5 + f];
            snprintf(b, sizeof k->role_buf[0], "font.%s.%s", role_names[r], role_fields[f]);
            k->names[n++] = b;
        }
}

static const char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) *--e = 0;
    return s;
}

/* Set one key; false (with the message reported) when the value is bad. */
/* A font.ROLE.FIELD key: 1 set, 0 a bad value (reported), -1 not such a key. */
static int set_role_key(bf_arena *a, bf_diag *d, const char *file, int line, bf_layout *l, const char *k, const char *v)
{
    for (int r = 0; r < BF_ROLE_COUNT; r++) {
        size_t rn = strlen(role_names[r]);
        if (strncmp(k, "font.", 5) != 0 || strncmp(k + 5, role_names[r], rn) != 0 || k[5 + rn] != '.') continue;
        const char *f = k + 6 + rn;
        bf_font_role *fr = &l->role[r];
        bool ok = true;
        const char *want = "";
        if (!strcmp(f, "family")) {
            ok = *v != 0;
            if (ok) fr->family = bf_arena_strdup(a, v);
            want = "a font family name";
        } else if (!strcmp(f, "weight")) {
            if (!strcmp(v, "bold"))
                fr->bold = true;
            else if (!strcmp(v, "regular"))
                fr->bold = false;
            else
                ok = false;
            want = "regular or bold";
        } else if (!strcmp(f, "size")) {
            ok = bf_value_length(v, true, &fr->size) && fr->size >= 4 && fr->size <= 96;
            want = "a size from 4pt to 96pt";
        } else if (!strcmp(f, "leading")) {
            ok = bf_value_length(v, true, &fr->leading) && fr->leading >= 4 && fr->leading <= 144;
            want = "a line pitch from 4pt to 144pt";
        } else if (!strcmp(f, "color")) {
            ok = bf_value_color(v, &fr->color);
            want = "a colour like #1f4e79";
        } else {
            break;
        }
        if (!ok) bf_error_at(d, file, line, 0, "%s: bad value \"%s\": expected %s", k, v, want);
        return ok;
    }
    return -1;
}

static bool set_key(bf_arena *a, bf_diag *d, const char *file, int line, bf_layout *l, const char *k, const char *v,
                    const key_names *names)
{
    for (size_t i = 0; i < N_FIXED; i++) {
        const key *ky = &fixed_keys[i];
        if (strcmp(k, ky->name) != 0) continue;
        void *field = (char *)l + ky->offset;
        bool ok = true;
        const char *want = "";
        switch (ky->type) {
        case K_LENGTH:
        case K_EM: {
            double x;
            ok = ky->type == K_EM ? bf_value_em(v, &x) : bf_value_length(v, false, &x);
            ok = ok && x >= ky->lo && x <= ky->hi + 1e-9;
            if (ok) *(double *)field = x;
            want = bf_arena_printf(a, "%s %s", ky->type == K_EM ? "a number" : "a length", ky->range);
            break;
        }
        case K_COLOR: ok = bf_value_color(v, field), want = "a colour like #1f4e79"; break;
        case K_BOOL: ok = bf_value_bool(v, field), want = "true or false"; break;
        case K_INT: {
            char *end;
            long n = strtol(v, &end, 10);
            ok = *v && !*end && n >= 1 && n <= 2;
            if (ok) *(int *)field = (int)n;
            want = "1 or 2";
            break;
        }
        case K_STRING:
            ok = *v != 0;
            if (ok) *(const char **)field = bf_arena_strdup(a, v);
            want = "a PNG or JPEG file";
            break;
        case K_PAGE:
            ok = bf_value_page(v, &l->page_width, &l->page_height);
            want = "A3, A4, A5, B4, B5, B6, Letter, or WIDTH x HEIGHT from 1in to 1200mm like 182mm x 257mm";
            break;
        case K_DATE_STYLE:
            if (!strcmp(v, "seireki"))
                l->date_style = BF_DATE_SEIREKI;
            else if (!strcmp(v, "iso"))
                l->date_style = BF_DATE_ISO;
            else if (!strcmp(v, "wareki"))
                l->date_style = BF_DATE_WAREKI;
            else
                ok = false;
            want = "seireki, iso or wareki";
            break;
        case K_KEYPOINTS:
            if (!strcmp(v, "first"))
                l->key_points_first = true;
            else if (!strcmp(v, "last"))
                l->key_points_first = false;
            else
                ok = false;
            want = "first or last";
            break;
        case K_BAND: {
            static const char *const bands[] = {"none", "title", "date", "publisher", "marking", "page"};
            ok = false;
            for (int b = 0; b < 6; b++)
                if (!strcmp(v, bands[b])) *(bf_band *)field = (bf_band)b, ok = true;
            want = "title, date, publisher, marking, page or none";
            break;
        }
        case K_LABEL: ok = parse_label(a, k, v, field, &want); break;
        case K_MARKING:
            if (!strcmp(v, "stamp"))
                l->marking_stamp = true;
            else if (!strcmp(v, "footer"))
                l->marking_stamp = false;
            else
                ok = false;
            want = "footer or stamp";
            break;
        case K_WEIGHT: break;
        }
        if (!ok) bf_error_at(d, file, line, 0, "%s: bad value \"%s\": expected %s", k, v, want);
        return ok;
    }
    int role_ok = set_role_key(a, d, file, line, l, k, v);
    if (role_ok >= 0) return role_ok;
    const char *near = bf_nearest(k, names->names, N_FIXED + N_ROLE_KEYS);
    if (near)
        bf_diag_report(d, BF_WARNING, file, line, 0, NULL, "unknown key \"%s\"; did you mean \"%s\"?", k, near);
    else
        bf_diag_report(d, BF_WARNING, file, line, 0, NULL, "unknown key \"%s\"", k);
    return true;
}

/* What only the whole layout can tell, for a layout file and again after
 * --set, so that no combination of keys gives a text area that cannot hold
 * text: each key's own range is checked as it is read. */
static void check_whole(bf_diag *d, const char *file, const bf_layout *l)
{
    const bf_font_role *text = &l->role[BF_ROLE_TEXT];
    double text_w = l->page_width - l->margin_inner - l->margin_outer;
    double text_h = l->page_height - l->margin_top - l->margin_bottom;
    double col_w = (text_w - (l->columns - 1) * l->column_gap) / l->columns;
    if (text_w < 20 * text->size * l->columns || text_h < 10 * text->leading) {
        bf_error_at(d, file, 0, 0, "the text area (%.0f x %.0f pt) is too small for the text size", text_w, text_h);
        return; /* the rest would follow from it */
    }
    if (col_w < 10 * text->size)
        bf_error_at(d, file, 0, 0, "a column (%.0f pt) is narrower than 10 characters of the text size (%.0f pt)",
                    col_w, 10 * text->size);
    for (int r = 0; r < BF_ROLE_COUNT; r++) {
        const bf_font_role *fr = &l->role[r];
        if (r == BF_ROLE_STRONG) continue; /* only its family and weight are used */
        if (fr->leading < fr->size)
            bf_error_at(d, file, 0, 0,
                        "font.%s.leading (%.1f pt) is less than font.%s.size (%.1f pt): lines would overprint",
                        role_names[r], fr->leading, role_names[r], fr->size);
        if (4 * fr->size > col_w)
            bf_error_at(d, file, 0, 0,
                        "font.%s.size (%.1f pt) leaves fewer than 4 characters a line in a column of %.0f pt",
                        role_names[r], fr->size, col_w);
        if (3 * fr->leading > text_h)
            bf_error_at(d, file, 0, 0,
                        "font.%s.leading (%.1f pt) leaves fewer than 3 lines in a text area %.0f pt high",
                        role_names[r], fr->leading, text_h);
    }
    const bf_font_role *band = &l->role[BF_ROLE_HEADER];
    if (l->header_gap + band->leading > l->margin_top)
        bf_error_at(d, file, 0, 0,
                    "the running header (page.header-gap %.0f pt and a line of %.0f pt) does not fit "
                    "in page.margin.top (%.0f pt)",
                    l->header_gap, band->leading, l->margin_top);
    if (l->footer_gap > l->margin_bottom)
        bf_error_at(d, file, 0, 0, "the footer (page.footer-gap %.0f pt) does not fit in page.margin.bottom (%.0f pt)",
                    l->footer_gap, l->margin_bottom);
}

/* One file's lines over `l`.  Its first line may be `include = NAME`: that
 * layout is read first, then this file's keys over it. */
static bool load_file(bf_arena *a, bf_diag *d, const char *data_dir, const char *name_or_path, const char *including,
                      int depth, bf_layout *l);

static bool parse_layout(bf_arena *a, bf_diag *d, const char *data_dir, const char *file, const char *path, char *text,
                         int depth, bf_layout *l)
{
    key_names names;
    all_key_names(&names);
    int errors = bf_diag_errors(d);
    int lineno = 0;
    bool first = true;
    for (char *line = text, *next; line; line = next) {
        lineno++;
        next = strchr(line, '\n');
        if (next) *next++ = 0;
        const char *s = trim(line);
        if (!*s || *s == '#') continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            bf_error_at(d, file, lineno, 0, "expected KEY = VALUE");
            first = false;
            continue;
        }
        *eq = 0;
        const char *k = trim((char *)s), *v = trim(eq + 1);
        if (!*k) {
            bf_error_at(d, file, lineno, 0, "a key is missing before '='");
        } else if (!strcmp(k, "include")) {
            if (!first)
                bf_error_at(d, file, lineno, 0, "include must come before every other key");
            else if (!*v)
                bf_error_at(d, file, lineno, 0, "include: a layout name or file is missing");
            else if (depth >= BF_MAX_INCLUDES)
                bf_error_at(d, file, lineno, 0, "include: more than %d layouts deep", BF_MAX_INCLUDES);
            else if (!load_file(a, d, data_dir, bf_arena_strdup(a, v), path, depth + 1, l))
                bf_error_at(d, file, lineno, 0, "include: %s could not be read", v);
        } else {
            if (!strcmp(k, "logo")) l->logo.from = path, l->logo.file = file, l->logo.line = lineno;
            set_key(a, d, file, lineno, l, k, v, &names);
        }
        first = false;
    }
    return bf_diag_errors(d) == errors;
}

static int sort_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Where NAME is: DATA_DIR/layouts/NAME.layout for a bare name, else a path,
 * relative to the including file's folder when there is one. */
static const char *layout_path(bf_arena *a, const char *data_dir, const char *name_or_path, const char *including,
                               bool *is_path)
{
    size_t nlen = strlen(name_or_path);
    *is_path = strchr(name_or_path, '/') || (nlen > 7 && !strcmp(name_or_path + nlen - 7, ".layout"));
    if (!*is_path) return bf_arena_printf(a, "%s/layouts/%s.layout", data_dir, name_or_path);
    if (including && name_or_path[0] != '/' && strchr(including, '/'))
        return bf_arena_printf(a, "%.*s/%s", (int)(strrchr(including, '/') - including), including, name_or_path);
    return name_or_path;
}

static void no_such_layout(bf_arena *a, bf_diag *d, const char *data_dir, const char *name)
{
    /* Say which layouts there are. */
    char *dir = bf_arena_printf(a, "%s/layouts", data_dir);
    GString *names = g_string_new("");
    GDir *gd = g_dir_open(dir, 0, NULL);
    GPtrArray *list = g_ptr_array_new_with_free_func(g_free);
    for (const char *e; gd && (e = g_dir_read_name(gd));)
        if (g_str_has_suffix(e, ".layout")) g_ptr_array_add(list, g_strndup(e, strlen(e) - 7));
    if (gd) g_dir_close(gd);
    g_ptr_array_sort(list, (GCompareFunc)sort_names);
    for (guint i = 0; i < list->len; i++)
        g_string_append_printf(names, "%s%s", i ? ", " : "", (char *)g_ptr_array_index(list, i));
    bf_error(d, name, NULL, "no such layout; there are: %s", names->len ? names->str : "(none)");
    g_ptr_array_free(list, TRUE);
    g_string_free(names, TRUE);
}

static bool load_file(bf_arena *a, bf_diag *d, const char *data_dir, const char *name_or_path, const char *including,
                      int depth, bf_layout *l)
{
    bool is_path;
    const char *path = layout_path(a, data_dir, name_or_path, including, &is_path);
    /* Messages name the file as the user would find it. */
    const char *file = is_path ? path : bf_arena_printf(a, "layouts/%s.layout", name_or_path);
    /* A folder would open, and read as an empty layout. */
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        bf_error(d, file, NULL, "is a folder, not a layout file (-l takes a layout name or a file)");
        return false;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (is_path || errno != ENOENT)
            bf_error(d, file, NULL, "cannot open layout: %s", strerror(errno));
        else
            no_such_layout(a, d, data_dir, name_or_path);
        return false;
    }
    /* A file already in the chain includes itself. */
    char *real = realpath(path, NULL);
    for (int i = 0; real && i < l->n_paths; i++) {
        char *other = realpath(l->paths[i], NULL);
        bool same = other && !strcmp(other, real);
        free(other);
        if (same) {
            bf_error(d, file, NULL, "include: the layouts include each other in a cycle");
            free(real);
            fclose(f);
            return false;
        }
    }
    free(real);
    int at = l->n_paths < BF_MAX_INCLUDES + 1 ? l->n_paths++ : -1;
    if (at >= 0) l->paths[at] = path;
    char *text = bf_arena_alloc(a, MAX_LAYOUT_BYTES + 1);
    size_t n = text ? fread(text, 1, MAX_LAYOUT_BYTES + 1, f) : 0;
    bool too_big = n > MAX_LAYOUT_BYTES, read_error = ferror(f);
    fclose(f);
    if (!text || too_big || read_error) {
        bf_error(d, file, NULL, too_big ? "layout file larger than 256 KiB" : "cannot read layout");
        return false;
    }
    text[n] = 0;
    if (memchr(text, 0, n)) {
        bf_error(d, file, NULL, "layout file contains a NUL byte");
        return false;
    }
    /* Kept as read: parsing cuts the text into lines. */
    if (at >= 0) {
        l->texts[at] = bf_arena_strndup(a, text, n);
        l->text_lens[at] = n;
    }
    return parse_layout(a, d, data_dir, file, path, text, depth, l);
}

bf_layout *bf_layout_open(bf_arena *a, bf_diag *d, const char *data_dir, const char *name_or_path)
{
    bf_layout *l = bf_arena_alloc(a, sizeof *l);
    if (!l) return NULL;
    bf_layout_defaults(l);
    int errors = bf_diag_errors(d);
    if (!load_file(a, d, data_dir, name_or_path, NULL, 0, l)) return NULL;
    bool is_path;
    const char *path = layout_path(a, data_dir, name_or_path, NULL, &is_path);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t bl = strlen(base);
    l->name = bf_arena_strndup(a, base, bl > 7 && !strcmp(base + bl - 7, ".layout") ? bl - 7 : bl);
    l->file = is_path ? path : bf_arena_printf(a, "layouts/%s.layout", name_or_path);
    l->path = path;
    check_whole(d, l->file, l);
    return bf_diag_errors(d) == errors ? l : NULL;
}

bool bf_layout_set(bf_arena *a, bf_diag *d, bf_layout *l, const char *const *settings, int n)
{
    key_names names;
    all_key_names(&names);
    int errors = bf_diag_errors(d);
    for (int i = 0; i < n; i++) {
        char *kv = bf_arena_strdup(a, settings[i]);
        char *eq = strchr(kv, '=');
        if (!eq) {
            bf_error(d, "--set", NULL, "\"%s\": expected KEY=VALUE", settings[i]);
            continue;
        }
        *eq = 0;
        if (!strcmp(trim(kv), "logo")) l->logo.from = NULL, l->logo.file = "--set", l->logo.line = 0;
        set_key(a, d, "--set", 0, l, trim(kv), trim(eq + 1), &names);
    }
    /* The same whole-layout checks as a file's, on the layout as set. */
    if (n > 0 && bf_diag_errors(d) == errors) check_whole(d, "--set", l);
    return bf_diag_errors(d) == errors;
}

int bf_layout_columns(const bf_layout *l)
{
    return l->columns < 1 ? 1 : l->columns > BF_MAX_COLUMNS ? BF_MAX_COLUMNS : l->columns;
}

void bf_text_area(const bf_layout *l, int page_number, double *x, double *y, double *w, double *h)
{
    double inner = l->margin_inner, outer = l->margin_outer;
    double avail = l->page_width - inner - outer;
    /* JLREQ sets the measure to a whole number of characters of the text
     * size; the remainder goes equally to both margins. */
    double em = l->role[BF_ROLE_TEXT].size;
    double cols = l->columns;
    double col = floor((avail - (cols - 1) * l->column_gap) / cols / em) * em;
    double width = col * cols + (cols - 1) * l->column_gap;
    double left = (l->duplex && page_number % 2 == 0) ? outer : inner;
    *x = left + (avail - width) / 2;
    *w = width;
    *y = l->margin_top;
    *h = l->page_height - l->margin_top - l->margin_bottom;
}
