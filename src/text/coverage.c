/* coverage.c - which characters no font has, found without setting type:
 * for `check`, which reads each font file of fonts/ with HarfBuzz (its
 * names, its weight, its cmap) instead of setting up fontconfig and Pango.
 *
 * A paragraph is given each character's font as the setter chooses it
 * (route.h, the same rule; Pango's family list for right-to-left text but
 * its emoji), and a character that face's cmap lacks is reported with the
 * setter's own words (bf_report_missing), so that check warns as a build
 * does.  The paragraph itself is not set.
 */
#include "text/coverage.h"

#include <dirent.h>
#include <hb-ot.h>
#include <string.h>

#include "text/fallback.h"
#include "text/para-private.h"
#include "text/route.h"

typedef struct {
    char **names; /* its family names, every language's, NULL-ended */
    bool bold;    /* OS/2 weight 700 */
    bool regular; /* OS/2 weight 400 */
    hb_face_t *face;
    hb_font_t *font; /* made at the first question */
} face_entry;

struct bf_coverage {
    face_entry *faces;
    int n_faces;
    struct {
        const char *family; /* the layout's or the fallback table's string: compared by address */
        bool bold;
        face_entry *face;
    } known[16]; /* find's answers, which a document asks for again and again */
    int n_known;
    GHashTable *names; /* the fallback list's names, kept so that their addresses last */
};

/* Family names compare as fontconfig compares them: without case or
 * blanks. */
static bool same_family(const char *a, const char *b)
{
    for (;; a++, b++) {
        while (*a == ' ') a++;
        while (*b == ' ') b++;
        if (g_ascii_tolower(*a) != g_ascii_tolower(*b)) return false;
        if (!*a) return true;
    }
}

static char **family_names(hb_face_t *face)
{
    unsigned n = 0;
    const hb_ot_name_entry_t *entries = hb_ot_name_list_names(face, &n);
    GPtrArray *names = g_ptr_array_new();
    for (unsigned i = 0; i < n; i++) {
        if (entries[i].name_id != HB_OT_NAME_ID_FONT_FAMILY && entries[i].name_id != HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY)
            continue;
        char buf[256];
        unsigned len = sizeof buf;
        hb_ot_name_get_utf8(face, entries[i].name_id, entries[i].language, &len, buf);
        g_ptr_array_add(names, g_strdup(buf));
    }
    g_ptr_array_add(names, NULL);
    return (char **)g_ptr_array_free(names, FALSE);
}

static unsigned weight_class(hb_face_t *face)
{
    hb_blob_t *os2 = hb_face_reference_table(face, HB_TAG('O', 'S', '/', '2'));
    unsigned len = 0;
    const unsigned char *p = (const unsigned char *)hb_blob_get_data(os2, &len);
    unsigned w = len >= 6 ? (unsigned)(p[4] << 8 | p[5]) : 400;
    hb_blob_destroy(os2);
    return w;
}

static bool is_font_file(const char *name)
{
    return g_str_has_suffix(name, ".otf") || g_str_has_suffix(name, ".ttf") || g_str_has_suffix(name, ".ttc");
}

/* The face of `family` in the weight asked for, else in any weight, as
 * fontconfig's match gives it; NULL when fonts/ has no such family. */
static face_entry *find(bf_coverage *cv, const char *family, bool bold, bool exact)
{
    face_entry *any = NULL;
    for (int i = 0; i < cv->n_faces; i++) {
        face_entry *f = &cv->faces[i];
        bool named = false;
        for (char **n = f->names; *n && !named; n++) named = same_family(*n, family);
        if (!named) continue;
        if (bold ? f->bold : f->regular) return f;
        if (!any) any = f;
    }
    return exact ? NULL : any;
}

static bool has_family(void *cv, const char *family, bool bold)
{
    return find(cv, family, bold, true) != NULL;
}

static face_entry *find_known(bf_coverage *cv, const char *family, bool bold)
{
    for (int i = 0; i < cv->n_known; i++)
        if (cv->known[i].family == family && cv->known[i].bold == bold) return cv->known[i].face;
    face_entry *f = find(cv, family, bold, false);
    int at = cv->n_known < (int)G_N_ELEMENTS(cv->known) ? cv->n_known++ : (int)G_N_ELEMENTS(cv->known) - 1;
    cv->known[at].family = family;
    cv->known[at].bold = bold;
    cv->known[at].face = f;
    return f;
}

bf_coverage *bf_coverage_open(bf_diag *d, const char *fonts_dir, const bf_layout *layout)
{
    bf_coverage *cv = g_new0(bf_coverage, 1);
    DIR *dir = opendir(fonts_dir);
    if (!dir) {
        bf_error(d, fonts_dir, NULL, "cannot read the fonts folder");
        goto fail;
    }
    GArray *faces = g_array_new(FALSE, TRUE, sizeof(face_entry));
    for (struct dirent *e; (e = readdir(dir));) {
        if (e->d_name[0] == '.' || !is_font_file(e->d_name)) continue;
        char *path = g_build_filename(fonts_dir, e->d_name, NULL);
        hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
        g_free(path);
        if (!blob) continue;
        unsigned n = hb_face_count(blob);
        for (unsigned k = 0; k < n; k++) {
            face_entry f = {0};
            f.face = hb_face_create(blob, k);
            unsigned w = weight_class(f.face);
            f.bold = w == 700;
            f.regular = w == 400;
            f.names = family_names(f.face);
            g_array_append_val(faces, f);
        }
        hb_blob_destroy(blob);
    }
    closedir(dir);
    cv->n_faces = (int)faces->len;
    cv->faces = (face_entry *)(void *)g_array_free(faces, FALSE);
    if (!bf_roles_present(d, layout, has_family, cv)) goto fail;
    return cv;
fail:
    bf_coverage_free(cv);
    return NULL;
}

void bf_coverage_free(bf_coverage *cv)
{
    if (!cv) return;
    for (int i = 0; i < cv->n_faces; i++) {
        if (cv->faces[i].font) hb_font_destroy(cv->faces[i].font);
        hb_face_destroy(cv->faces[i].face);
        g_strfreev(cv->faces[i].names);
    }
    g_free(cv->faces);
    if (cv->names) g_hash_table_destroy(cv->names);
    g_free(cv);
}

/* Has the face that `family` in `bold` loads a glyph for `ch`, directly
 * or, as HarfBuzz's normalizer finds it, for each part of its canonical
 * decomposition? */
static bool has(bf_coverage *cv, const char *family, bool bold, gunichar ch)
{
    face_entry *f = family ? find_known(cv, family, bold) : NULL;
    if (!f) return false;
    if (!f->font) f->font = hb_font_create(f->face);
    hb_codepoint_t g;
    if (hb_font_get_nominal_glyph(f->font, ch, &g)) return true;
    gunichar parts[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
    gsize n = g_unichar_fully_decompose(ch, FALSE, parts, G_N_ELEMENTS(parts));
    if (n < 2 && parts[0] == ch) return false;
    for (gsize i = 0; i < n; i++)
        if (!hb_font_get_nominal_glyph(f->font, parts[i], &g)) return false;
    return true;
}

/* Unicode's default ignorables, which HarfBuzz hides whatever the font
 * has (DerivedCoreProperties.txt). */
static bool is_default_ignorable(gunichar ch)
{
    static const gunichar ranges[][2] = {
        {0x00AD, 0x00AD},   {0x034F, 0x034F},   {0x061C, 0x061C}, {0x115F, 0x1160}, {0x17B4, 0x17B5},
        {0x180B, 0x180F},   {0x200B, 0x200F},   {0x202A, 0x202E}, {0x2060, 0x206F}, {0x3164, 0x3164},
        {0xFE00, 0xFE0F},   {0xFEFF, 0xFEFF},   {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3},
        {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(ranges); i++)
        if (ch >= ranges[i][0] && ch <= ranges[i][1]) return true;
    return false;
}

/* A character whose glyph 0 the setter sets as nothing or as a space
 * (shape.c's missing_glyph and measure), so never reported. */
static bool never_a_box(bf_coverage *cv, const char *family, bool bold, const chr *x)
{
    gunichar ch = x->ch;
    if (ch == '\t') return has(cv, family, bold, ' ');
    GUnicodeType t = g_unichar_type(ch);
    return (x->cls & C_BREAK) || g_unichar_isspace(ch) || g_unichar_iszerowidth(ch) || g_unichar_iscntrl(ch) ||
           is_default_ignorable(ch) || t == G_UNICODE_LINE_SEPARATOR || t == G_UNICODE_PARAGRAPH_SEPARATOR ||
           t == G_UNICODE_FORMAT;
}

static bool face_has(void *cv, bf_face f, gunichar ch)
{
    return has(cv, f.family, f.bold, ch);
}

/* Right to left, Pango's itemizer tries the role's family, then the
 * fallback list (fonts.c). */
static bool has_in_list(bf_coverage *cv, const char *family, bool bold, gunichar ch)
{
    if (has(cv, family, bold, ch)) return true;
    char **list = g_strsplit(bf_fallback_list(family), ",", -1);
    bool found = false;
    if (!cv->names) cv->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (char **f = list; *f && !found; f++) {
        char *name = g_hash_table_lookup(cv->names, *f);
        if (!name) g_hash_table_add(cv->names, (name = g_strdup(*f)));
        found = has(cv, name, bold, ch);
    }
    g_strfreev(list);
    return found;
}

static void missing_in_readings(bf_setter *s, const bf_para_style *st, const para_text *t, const chr *c, int n)
{
    const bf_font_role *fr = &s->layout->role[st->role], *sr = &s->layout->role[BF_ROLE_STRONG];
    for (int i = 0, last = -1; i < n; i++) {
        if (c[i].ruby < 0 || c[i].ruby == last) continue;
        last = c[i].ruby;
        const ruby_span *r = &t->rubies[last];
        const bf_font_role *face = c[i].strong ? sr : fr;
        for (const char *p = t->text + r->reading; p < t->text + r->reading_end; p = g_utf8_next_char(p)) {
            gunichar ch = g_utf8_get_char(p);
            if (g_unichar_isspace(ch) || is_default_ignorable(ch) || has(s->coverage, face->family, face->bold, ch))
                continue;
            char utf8[8] = {0};
            g_unichar_to_utf8(ch, utf8);
            if (g_unichar_iscntrl(ch)) utf8[0] = 0;
            bf_warning(s->diag, s->file, st->where, "no font has U+%04X %s; it is set as a box in a ruby reading",
                       (unsigned)ch, utf8);
        }
    }
}

void bf_coverage_para(bf_setter *s, const bf_para_style *st, const para_text *t, chr *c, int n)
{
    bf_coverage *cv = s->coverage;
    const bf_font_role *fr = &s->layout->role[st->role], *sr = &s->layout->role[BF_ROLE_STRONG];
    bool rtl = bf_has_rtl(c, n);
    bf_face *face = g_new(bf_face, n + 1);
    GUnicodeScript *script = g_new(GUnicodeScript, n + 1);
    bf_scripts(c, n, script);
    for (int i = 0; i < n;) {
        int kind = c[i].mark ? 2 : c[i].strong ? 1 : 0, j = i + 1;
        while (j < n && (c[j].mark ? 2 : c[j].strong ? 1 : 0) == kind) j++;
        const bf_font_role *r = kind == 1 ? sr : fr;
        bf_route(face_has, cv, (bf_face){r->family, r->bold}, c, i, j, script, face);
        /* Right to left, only the emoji keep their face (shape.c). */
        for (int k = i; rtl && k < j; k++)
            if (!bf_is_emoji_face(face[k])) face[k] = (bf_face){r->family, r->bold};
        i = j;
    }
    for (int i = 0; i < n; i++) {
        const bf_face *f = &face[i];
        if (never_a_box(cv, f->family, f->bold, &c[i])) continue;
        bool found = rtl && !bf_is_emoji_face(*f) ? has_in_list(cv, f->family, f->bold, c[i].ch)
                                                  : has(cv, f->family, f->bold, c[i].ch);
        if (!found) c[i].glyph = -2;
    }
    g_free(face);
    g_free(script);
    bf_report_missing(s, st, c, n);
    missing_in_readings(s, st, t, c, n);
}
