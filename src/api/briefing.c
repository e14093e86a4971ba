/* briefing.c - the public interface (include/briefing.h) over one run of
 * the pipeline (src/run/).  A `briefing` keeps what a build needs as
 * copies, and the diagnostics of its last call in a list of its own, so
 * that nothing the caller gets points into a run that has ended. */
#define _GNU_SOURCE /* fopencookie: the PDF to a write callback through the renderer's FILE */
#include "briefing.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/json.h"
#include "run/run.h"

struct briefing {
    char *input;            /* the file, "-", or the name of the bytes */
    char *bytes, *base_dir; /* the document in memory, when loaded from bytes */
    size_t len;
    char *layout, *root, *data_dir, *creator, *dump, *png_dir;
    double png_dpi;
    GPtrArray *settings; /* of char *, KEY=VALUE */
    bool force, strict, timings, to_stderr, revise, typeset;
    int threads;
    briefing_diagnostic_fn on_diag;
    void *on_diag_ctx;
    briefing_read_fn on_read;
    void *on_read_ctx;
    briefing_claim_fn on_claim;
    void *on_claim_ctx;
    /* The last call's results. */
    briefing_diagnostic *diags; /* their strings in `strings` */
    int n_diags, cap_diags;
    GStringChunk *strings;
    int errors;
    char written[4096];
    bool unchanged;
    int n_pages;
    briefing_status status; /* of the last build or check */
    double ms;              /* its wall time */
    GString *report;        /* briefing_report_json's answer */
};

/* The header's version is written by hand; the project's is CMake's. */
_Static_assert(BRIEFING_VERSION_MAJOR == BF_VERSION_MAJOR && BRIEFING_VERSION_MINOR == BF_VERSION_MINOR &&
                   BRIEFING_VERSION_PATCH == BF_VERSION_PATCH,
               "include/briefing.h's BRIEFING_VERSION is not project(VERSION) in CMakeLists.txt");

const char *briefing_version(void)
{
    return BF_VERSION;
}

briefing *briefing_new(void)
{
    briefing *b = g_new0(briefing, 1);
    b->settings = g_ptr_array_new_with_free_func(g_free);
    b->strings = g_string_chunk_new(1024);
    b->report = g_string_new(NULL);
    return b;
}

void briefing_free(briefing *b)
{
    if (!b) return;
    g_free(b->input);
    g_free(b->bytes);
    g_free(b->base_dir);
    g_free(b->layout);
    g_free(b->root);
    g_free(b->data_dir);
    g_free(b->creator);
    g_free(b->dump);
    g_free(b->png_dir);
    g_ptr_array_free(b->settings, TRUE);
    g_free(b->diags);
    g_string_chunk_free(b->strings);
    g_string_free(b->report, TRUE);
    g_free(b);
}

/* `*field` becomes a copy of `s` (NULL: none). */
static void keep(char **field, const char *s)
{
    g_free(*field);
    *field = g_strdup(s);
}

void briefing_load_file(briefing *b, const char *path)
{
    keep(&b->input, path);
    g_clear_pointer(&b->bytes, g_free);
    g_clear_pointer(&b->base_dir, g_free);
    b->len = 0;
}

void briefing_load_bytes(briefing *b, const char *name, const char *base_dir, const void *bytes, size_t len)
{
    keep(&b->input, name ? name : "<memory>");
    g_free(b->bytes);
    /* One byte more, so that an empty document is not a NULL one. */
    b->bytes = g_malloc(len + 1);
    if (len) memcpy(b->bytes, bytes, len);
    b->bytes[len] = '\0';
    b->len = len;
    keep(&b->base_dir, base_dir);
}

void briefing_set_layout(briefing *b, const char *name_or_path)
{
    keep(&b->layout, name_or_path);
}

void briefing_set(briefing *b, const char *key_value)
{
    g_ptr_array_add(b->settings, g_strdup(key_value ? key_value : ""));
}

void briefing_set_grayscale(briefing *b, bool on)
{
    briefing_set(b, on ? "option.grayscale=true" : "option.grayscale=false");
}

void briefing_set_duplex(briefing *b, bool on)
{
    briefing_set(b, on ? "option.duplex=true" : "option.duplex=false");
}

void briefing_clear_settings(briefing *b)
{
    g_ptr_array_set_size(b->settings, 0);
}

void briefing_set_root(briefing *b, const char *dir)
{
    keep(&b->root, dir);
}

void briefing_set_data_dir(briefing *b, const char *dir)
{
    keep(&b->data_dir, dir);
}

void briefing_set_creator(briefing *b, const char *creator)
{
    keep(&b->creator, creator);
}

void briefing_set_force(briefing *b, bool on)
{
    b->force = on;
}

void briefing_set_revise(briefing *b, bool on)
{
    b->revise = on;
}

void briefing_set_strict(briefing *b, bool on)
{
    b->strict = on;
}

void briefing_set_check_typesets(briefing *b, bool on)
{
    b->typeset = on;
}

void briefing_set_timings(briefing *b, bool on)
{
    b->timings = on;
}

void briefing_set_threads(briefing *b, int threads)
{
    b->threads = threads;
}

void briefing_set_dump(briefing *b, const char *path)
{
    keep(&b->dump, path);
}

void briefing_set_png(briefing *b, const char *dir, double dpi)
{
    keep(&b->png_dir, dir);
    b->png_dpi = dpi;
}

void briefing_set_diagnostic_callback(briefing *b, briefing_diagnostic_fn fn, void *ctx)
{
    b->on_diag = fn;
    b->on_diag_ctx = ctx;
}

void briefing_set_diagnostics_to_stderr(briefing *b, bool on)
{
    b->to_stderr = on;
}

void briefing_set_read_callback(briefing *b, briefing_read_fn fn, void *ctx)
{
    b->on_read = fn;
    b->on_read_ctx = ctx;
}

void briefing_set_claim_callback(briefing *b, briefing_claim_fn fn, void *ctx)
{
    b->on_claim = fn;
    b->on_claim_ctx = ctx;
}

size_t briefing_diagnostic_count(const briefing *b)
{
    return (size_t)b->n_diags;
}

const briefing_diagnostic *briefing_diagnostic_at(const briefing *b, size_t i)
{
    return i < (size_t)b->n_diags ? &b->diags[i] : NULL;
}

int briefing_error_count(const briefing *b)
{
    return b->errors;
}

const char *briefing_written_path(const briefing *b)
{
    return b->written;
}

bool briefing_unchanged(const briefing *b)
{
    return b->unchanged;
}

int briefing_page_count(const briefing *b)
{
    return b->n_pages;
}

void briefing_escape(char *out, size_t size, const char *in)
{
    bf_escape(out, size, in);
}

/* ---- one call that runs something ---------------------------------------------- */

static const char *kept(briefing *b, const char *s)
{
    return s ? g_string_chunk_insert(b->strings, s) : NULL;
}

/* Each message into the list, then to the caller's callback. */
static void collect(void *ctx, const bf_diag_message *m)
{
    briefing *b = ctx;
    briefing_diagnostic d = {m->level == BF_ERROR ? BRIEFING_ERROR : BRIEFING_WARNING,
                             kept(b, m->file),
                             m->line,
                             m->column,
                             kept(b, m->path),
                             kept(b, m->message),
                             kept(b, m->text)};
    b->diags = bf_grow(b->diags, b->n_diags, &b->cap_diags, sizeof *b->diags, 16);
    b->diags[b->n_diags++] = d;
    if (d.level == BRIEFING_ERROR) b->errors++;
    if (b->on_diag) b->on_diag(b->on_diag_ctx, &d);
}

static void on_read(void *ctx, const char *path)
{
    briefing *b = ctx;
    b->on_read(b->on_read_ctx, path);
}

/* The last call's results dropped, and a sink for this one. */
static bf_diag *begin(briefing *b)
{
    b->n_diags = 0;
    g_string_chunk_clear(b->strings);
    b->errors = 0;
    b->written[0] = '\0';
    b->unchanged = false;
    b->n_pages = 0;
    bf_diag *d = bf_diag_new(b->to_stderr ? stderr : NULL);
    bf_diag_set_strict(d, b->strict);
    bf_diag_set_callback(d, collect, b);
    return d;
}

static bf_build_options options_of(briefing *b)
{
    bf_build_options opt = {
        .input = b->input,
        .input_bytes = b->bytes,
        .input_len = b->len,
        .input_base_dir = b->base_dir,
        .layout = b->layout,
        .dump = b->dump,
        .data_dir = b->data_dir,
        .root = b->root,
        .force = b->force,
        .revise = b->revise,
        .timings = b->timings,
        .threads = b->threads,
        .settings = (const char *const *)b->settings->pdata,
        .n_settings = (int)b->settings->len,
        .png_dir = b->png_dir,
        .png_dpi = b->png_dpi,
        .creator = b->creator ? b->creator : "briefing " BF_VERSION,
        .unchanged = &b->unchanged,
        .written = b->written,
        .written_size = sizeof b->written,
        .n_pages = &b->n_pages,
        .read_file = b->on_read ? on_read : NULL,
        .read_ctx = b,
        .claim_output = b->on_claim,
        .claim_ctx = b->on_claim_ctx,
    };
    return opt;
}

static briefing_status run_build(briefing *b, const char *output, FILE *stream, bool check_only)
{
    gint64 t0 = g_get_monotonic_time();
    bf_diag *d = begin(b);
    briefing_status st = BRIEFING_BAD_INPUT;
    if (!b->input) {
        bf_error(d, NULL, NULL, "no document: call briefing_load_file or briefing_load_bytes first");
        goto done;
    }
    bf_build_options opt = options_of(b);
    opt.output = output;
    opt.pdf_stream = stream;
    opt.check_only = check_only;
    opt.check_typesets = b->typeset;
    st = (briefing_status)bf_build(&opt, d);
    if (stream && fflush(stream) != 0 && st == BRIEFING_OK) {
        bf_error(d, NULL, NULL, "the PDF could not be written: the write callback refused it");
        st = BRIEFING_FAILED;
    }
done:
    bf_diag_free(d);
    b->status = st;
    b->ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
    return st;
}

briefing_status briefing_build_file(briefing *b, const char *path)
{
    return run_build(b, path, NULL, false);
}

briefing_status briefing_check(briefing *b)
{
    return run_build(b, NULL, NULL, true);
}

static const char *status_name(briefing_status st)
{
    return st == BRIEFING_OK ? "ok" : st == BRIEFING_BAD_INPUT ? "bad-input" : "failed";
}

const char *briefing_report_json(briefing *b, const char *input)
{
    char shown[4096];
    GString *s = b->report;
    g_string_assign(s, "{\"input\":");
    briefing_escape(shown, sizeof shown, input);
    bf_json_cstring(s, shown);
    g_string_append(s, ",\"output\":");
    struct stat st;
    bool wrote = b->status == BRIEFING_OK && b->written[0] && stat(b->written, &st) == 0;
    if (wrote) briefing_escape(shown, sizeof shown, b->written);
    bf_json_cstring(s, wrote ? shown : NULL);
    g_string_append_printf(s, ",\"status\":\"%s\",\"exit\":%d,\"pages\":%d,\"bytes\":%lld,\"milliseconds\":%.1f",
                           status_name(b->status), (int)b->status, b->n_pages, wrote ? (long long)st.st_size : 0LL,
                           b->ms);
    g_string_append(s, ",\"messages\":[");
    briefing_escape(shown, sizeof shown, input);
    for (int i = 0; i < b->n_diags; i++) {
        const briefing_diagnostic *d = &b->diags[i];
        if (i) g_string_append_c(s, ',');
        if (d->file && !strcmp(d->file, shown)) {
            bf_json_cstring(s, d->text);
        } else {
            char *line = g_strdup_printf("%s: %s", shown, d->text);
            bf_json_cstring(s, line);
            g_free(line);
        }
    }
    g_string_append(s, "]}");
    return s->str;
}

typedef struct {
    briefing_write_fn write;
    void *ctx;
} writer;

static ssize_t cookie_write(void *cookie, const char *buf, size_t size)
{
    writer *w = cookie;
    return w->write(w->ctx, buf, size) ? (ssize_t)size : -1;
}

briefing_status briefing_build_callback(briefing *b, briefing_write_fn write, void *ctx)
{
    writer w = {write, ctx};
    FILE *f = fopencookie(&w, "wb", (cookie_io_functions_t){.write = cookie_write});
    if (!f) {
        bf_diag *d = begin(b);
        bf_error(d, NULL, NULL, "cannot make a stream for the write callback");
        bf_diag_free(d);
        return BRIEFING_FAILED;
    }
    briefing_status st = run_build(b, NULL, f, false);
    if (fclose(f) != 0 && st == BRIEFING_OK) st = BRIEFING_FAILED;
    return st;
}

briefing_status briefing_convert(briefing *b, const char *in, const char *out)
{
    bf_diag *d = begin(b);
    briefing_status st = (briefing_status)bf_convert(in, out, b->force, d);
    bf_diag_free(d);
    return st;
}

briefing_status briefing_list(briefing *b, const char *dir, bool json_lines)
{
    bf_diag *d = begin(b);
    briefing_status st = (briefing_status)bf_list(dir ? dir : "out", json_lines, stdout, d);
    bf_diag_free(d);
    return st;
}

briefing_status briefing_init_file(briefing *b, const char *name)
{
    bf_diag *d = begin(b);
    briefing_status st = (briefing_status)bf_init(name ? name : "briefing", b->force, d);
    bf_diag_free(d);
    return st;
}
