/* list.c - `briefing list [DIR]`: the editions in a folder, each described
 * by its own XMP metadata (render/pdfmeta.c writes it), not by its file
 * name.  The XMP packet is found by scanning for it, as the XMP standard
 * allows (part 3, "packet scanning"): the repack writes it as a plain,
 * uncompressed stream.  A file that is not a briefing PDF is noted and
 * skipped, never an error.
 */
#include <dirent.h>
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/json.h"
#include "render/render.h"
#include "run/run.h"

typedef struct {
    char *file; /* the name in DIR */
    char *path; /* DIR/file */
    char *sha256;
    GHashTable *field; /* briefing:NAME -> its text; "title", "pdfa" */
    int revision;
} edition;

static void edition_free(gpointer p)
{
    edition *e = p;
    g_free(e->file);
    g_free(e->path);
    g_free(e->sha256);
    if (e->field) g_hash_table_destroy(e->field);
    g_free(e);
}

/* The last occurrence of `needle` in [hay, hay + len), or NULL. */
static const char *last_of(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
        if (!memcmp(hay + i, needle, n)) return hay + i;
    return NULL;
}

/* XML text with its five entities (the XMP writer escapes only those). */
static char *unescape(const char *s, size_t n)
{
    static const struct {
        const char *ent, *ch;
    } ents[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}};
    GString *out = g_string_sized_new(n);
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        if (s[i] == '&')
            for (; k < G_N_ELEMENTS(ents); k++)
                if (!strncmp(s + i, ents[k].ent, strlen(ents[k].ent)) && i + strlen(ents[k].ent) <= n) break;
        if (s[i] == '&' && k < G_N_ELEMENTS(ents)) {
            g_string_append(out, ents[k].ch);
            i += strlen(ents[k].ent);
        } else {
            g_string_append_c(out, s[i++]);
        }
    }
    return g_string_free(out, FALSE);
}

/* The text of <NAME>...</NAME> in the packet (its first), or of the
 * attribute NAME="..."; NULL when neither is there. */
static char *xmp_value(const char *xmp, const char *name)
{
    char *open = g_strdup_printf("<%s>", name), *close = g_strdup_printf("</%s>", name);
    char *attr = g_strdup_printf("%s=\"", name);
    char *v = NULL;
    const char *a = strstr(xmp, open), *b = a ? strstr(a, close) : NULL;
    if (a && b) {
        a += strlen(open);
        v = unescape(a, (size_t)(b - a));
    } else if ((a = strstr(xmp, attr)) && (b = strchr(a + strlen(attr), '"'))) {
        a += strlen(attr);
        v = unescape(a, (size_t)(b - a));
    }
    g_free(open);
    g_free(close);
    g_free(attr);
    return v;
}

/* Is the file a whole PDF: its header, and at its end a startxref that
 * points at a cross-reference section?  NULL when so, else what is wrong. */
static const char *damaged(const char *bytes, size_t len)
{
    if (len < 8 || memcmp(bytes, "%PDF-", 5) != 0) return "not a PDF";
    size_t tail = len > 1024 ? len - 1024 : 0;
    const char *sx = last_of(bytes + tail, len - tail, "startxref");
    if (!sx || !last_of(sx, len - (size_t)(sx - bytes), "%%EOF")) return "damaged: it has no end (cut short?)";
    char *end;
    unsigned long long at = strtoull(sx + 9, &end, 10);
    if (end == sx + 9 || at >= len) return "damaged: its cross-reference offset is past its end";
    const char *x = bytes + at;
    size_t room = len - at;
    bool table = room >= 4 && !memcmp(x, "xref", 4);
    bool stream = room > 8 && g_ascii_isdigit(x[0]) && g_strstr_len(x, (gssize)MIN(room, 32), " obj");
    return table || stream ? NULL : "damaged: its cross-reference offset points at no cross-reference";
}

static const char *const FIELDS[] = {"date",         "number",   "label",   "pages",        "layout",
                                     "sourceSHA256", "revision", "revises", "revisesSHA256"};

/* The edition `e->path` holds, or NULL with the note said. */
static edition *read_edition(bf_diag *d, edition *e)
{
    char *bytes = NULL;
    gsize len = 0;
    GError *err = NULL;
    const char *why = NULL;
    if (!g_file_get_contents(e->path, &bytes, &len, &err)) {
        bf_warning(d, e->path, NULL, "cannot be read (%s); skipped", err->message);
        g_error_free(err);
        goto fail;
    }
    why = damaged(bytes, len);
    const char *begin = why ? NULL : last_of(bytes, len, "<?xpacket begin=");
    const char *end = begin ? g_strstr_len(begin, (gssize)(len - (size_t)(begin - bytes)), "<?xpacket end=") : NULL;
    if (!why && !end) why = "not a briefing PDF (no XMP metadata)";
    if (!why && !g_strstr_len(begin, end - begin, "xmlns:briefing=\"" BF_XMP_NS "\""))
        why = "not a briefing PDF (no edition in its XMP)";
    if (why || !begin || !end) {
        bf_warning(d, e->path, NULL, "%s; skipped", why ? why : "not a briefing PDF");
        goto fail;
    }
    char *xmp = g_strndup(begin, (gsize)(end - begin));
    e->field = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (size_t i = 0; i < G_N_ELEMENTS(FIELDS); i++) {
        char *name = g_strdup_printf("briefing:%s", FIELDS[i]);
        char *v = xmp_value(xmp, name);
        g_free(name);
        if (v) g_hash_table_insert(e->field, g_strdup(FIELDS[i]), v);
    }
    const char *title = strstr(xmp, "<dc:title>");
    const char *li = title ? strstr(title, "<rdf:li") : NULL;
    const char *li_end = li ? strstr(li, "</rdf:li>") : NULL;
    const char *gt = li_end ? memchr(li, '>', (size_t)(li_end - li)) : NULL;
    if (gt) g_hash_table_insert(e->field, g_strdup("title"), unescape(gt + 1, (size_t)(li_end - gt - 1)));
    char *part = xmp_value(xmp, "pdfaid:part"), *conf = xmp_value(xmp, "pdfaid:conformance");
    if (part) g_hash_table_insert(e->field, g_strdup("pdfa"), g_strdup_printf("PDF/A-%s%s", part, conf ? conf : ""));
    g_free(part);
    g_free(conf);
    g_free(xmp);
    if (!g_hash_table_contains(e->field, "date") || !g_hash_table_contains(e->field, "pages")) {
        bf_warning(d, e->path, NULL, "not a briefing PDF (its XMP lacks the edition's date or pages); skipped");
        goto fail;
    }
    const char *rev = g_hash_table_lookup(e->field, "revision");
    e->revision = rev ? atoi(rev) : 0;
    e->sha256 = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)bytes, len);
    g_free(bytes);
    return e;
fail:
    g_free(bytes);
    edition_free(e);
    return NULL;
}

static const char *field(const edition *e, const char *name)
{
    return g_hash_table_lookup(e->field, name);
}

/* By date, then by the file's name without its .rN, then by revision. */
static gint by_date(gconstpointer pa, gconstpointer pb)
{
    const edition *a = *(edition *const *)pa, *b = *(edition *const *)pb;
    int c = strcmp(field(a, "date"), field(b, "date"));
    if (c) return c;
    size_t la = strcspn(a->file, "."), lb = strcspn(b->file, ".");
    c = strncmp(a->file, b->file, MIN(la, lb));
    if (c || la != lb) return c ? c : la < lb ? -1 : 1;
    if (a->revision != b->revision) return a->revision < b->revision ? -1 : 1;
    return strcmp(a->file, b->file);
}

static void json_string(GString *o, const char *key, const char *v)
{
    g_string_append_printf(o, ",\"%s\":", key);
    bf_json_cstring(o, v);
}

static void json_number(GString *o, const char *key, const char *v)
{
    /* Written by this program as digits; anything else is no number. */
    bool digits = v && *v && v[strspn(v, "0123456789")] == 0 && strlen(v) < 19;
    g_string_append_printf(o, ",\"%s\":%s", key, digits ? v : "null");
}

static void print_edition(GString *o, const edition *e, bool json)
{
    const char *number = field(e, "number"), *label = field(e, "label"), *pdfa = field(e, "pdfa");
    const char *title = field(e, "title");
    if (json) {
        gsize start = o->len;
        json_string(o, "file", e->file);
        o->str[start] = '{'; /* each field comes with a comma before it, the first too */
        json_string(o, "date", field(e, "date"));
        json_number(o, "number", number);
        json_string(o, "label", label);
        json_string(o, "title", title);
        json_number(o, "pages", field(e, "pages"));
        json_string(o, "layout", field(e, "layout"));
        json_string(o, "pdfa", pdfa);
        json_string(o, "sha256", e->sha256);
        json_string(o, "source_sha256", field(e, "sourceSHA256"));
        json_number(o, "revision", field(e, "revision"));
        json_string(o, "revises", field(e, "revises"));
        json_string(o, "revises_sha256", field(e, "revisesSHA256"));
        g_string_append(o, "}\n");
        return;
    }
    /* Tab-separated: date, number or label, title, pages, layout, PDF/A,
     * SHA-256, file, and for a revision what it corrects. */
    g_string_append_printf(o, "%s\t%s\t%s\t%sp\t%s\t%s\t%s\t%s", field(e, "date"),
                           label    ? label
                           : number ? number
                                    : "-",
                           title ? title : "-", field(e, "pages"), field(e, "layout") ? field(e, "layout") : "-",
                           pdfa ? pdfa : "-", e->sha256, e->file);
    if (e->revision) g_string_append_printf(o, "\trevision %d of %s", e->revision, field(e, "revises"));
    g_string_append_c(o, '\n');
}

bf_build_status bf_list(const char *dir, bool json, FILE *out, bf_diag *d)
{
    bf_build_status st = BF_BUILD_OK;
    DIR *dh = opendir(dir);
    if (!dh) {
        bf_error(d, dir, NULL, "cannot list the folder: %s", strerror(errno));
        return BF_BUILD_BAD_INPUT;
    }
    GPtrArray *eds = g_ptr_array_new_with_free_func(edition_free);
    for (struct dirent *de; (de = readdir(dh));) {
        size_t n = strlen(de->d_name);
        /* PDFs only; hidden files are a build's temporaries. */
        if (de->d_name[0] == '.' || n < 5 || g_ascii_strcasecmp(de->d_name + n - 4, ".pdf") != 0) continue;
        edition *e = g_new0(edition, 1);
        e->file = g_strdup(de->d_name);
        e->path = g_build_filename(dir, de->d_name, NULL);
        struct stat sb;
        if (lstat(e->path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
            bf_warning(d, e->path, NULL, "is not a regular file; skipped");
            edition_free(e);
            continue;
        }
        e = read_edition(d, e);
        if (e) g_ptr_array_add(eds, e);
    }
    closedir(dh);
    g_ptr_array_sort(eds, by_date);
    GString *o = g_string_new(NULL);
    for (guint i = 0; i < eds->len; i++) print_edition(o, g_ptr_array_index(eds, i), json);
    if (fwrite(o->str, 1, o->len, out) != o->len || fflush(out) != 0) {
        bf_error(d, "<stdout>", NULL, "cannot write: %s", strerror(errno));
        st = BF_BUILD_FAILED;
    }
    g_string_free(o, TRUE);
    g_ptr_array_free(eds, TRUE);
    return st;
}
