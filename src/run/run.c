#include "run/run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "core/arena.h"
#include "doc/doc.h"
#include "job.h"
#include "page/pages.h"
#include "render/render.h"
#include "run/revise.h"
#include "style/layout.h"
#include "text/coverage.h"
#include "text/fonts.h"
#include "text/para.h"

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct {
    const bf_pages *pages;
    bf_diag *diag;
    bf_pdf_options pdf;
} pdf_job;

static bool write_pdf(FILE *f, void *ctx)
{
    pdf_job *job = ctx;
    return bf_render_pdf(job->pages, job->diag, &job->pdf, f);
}

static bool write_dump(FILE *f, void *ctx)
{
    bf_render_dump(ctx, f);
    return true;
}

/* out/DATE-NAME.pdf, NAME being the input's file name without .json,
 * .yaml or .yml. */
static char *default_output(bf_arena *a, const bf_doc *doc, const char *input)
{
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    if (!strcmp(input, "-")) base = "briefing";
    size_t n = strlen(base);
    if (n > 5 && (!strcmp(base + n - 5, ".json") || !strcmp(base + n - 5, ".yaml")))
        n -= 5;
    else if (n > 4 && !strcmp(base + n - 4, ".yml"))
        n -= 4;
    return bf_arena_printf(a, "out/%04d-%02d-%02d-%.*s.pdf", doc->edition_date.year, doc->edition_date.month,
                           doc->edition_date.day, (int)n, base);
}

/* ---- outputs ------------------------------------------------------------------ */

/* Does `p` name a page image that --png writes: page-NNN.png, NNN three
 * digits or more as "%03d" prints them?  Then its number, else 0. */
static int png_page_number(const char *p)
{
    if (strncmp(p, "page-", 5) != 0) return 0;
    const char *digits = p + 5;
    size_t n = strspn(digits, "0123456789");
    if (n < 3 || n > 9 || strcmp(digits + n, ".png") != 0 || (n > 3 && digits[0] == '0')) return 0;
    return atoi(digits);
}

/* The file `p` names, as the folder it is in (device and inode when that
 * exists) and its last component.  Two paths name the same file when they
 * are equal, when both exist with the same device and inode, or when their
 * folders are the same and their last components are equal. */
typedef struct {
    bool exists, dir_known;
    struct stat st, dir;
    const char *base;
} file_id;

static file_id id_of(bf_arena *a, const char *p)
{
    file_id id = {0};
    id.exists = stat(p, &id.st) == 0;
    const char *slash = strrchr(p, '/');
    id.base = slash ? slash + 1 : p;
    const char *dir = slash ? (slash == p ? "/" : bf_arena_printf(a, "%.*s", (int)(slash - p), p)) : ".";
    id.dir_known = stat(dir, &id.dir) == 0;
    return id;
}

static bool same_file(bf_arena *a, const char *p, const char *q)
{
    if (!strcmp(p, q)) return true;
    file_id x = id_of(a, p), y = id_of(a, q);
    if (x.exists && y.exists) return x.st.st_dev == y.st.st_dev && x.st.st_ino == y.st.st_ino;
    return x.dir_known && y.dir_known && x.dir.st_dev == y.dir.st_dev && x.dir.st_ino == y.dir.st_ino &&
           !strcmp(x.base, y.base);
}

/* Would --png DIR write over `p`? */
static bool in_png_dir(bf_arena *a, const char *p, const char *png_dir)
{
    file_id x = id_of(a, p);
    struct stat dir;
    if (!png_page_number(x.base)) return false;
    if (!x.dir_known || stat(png_dir, &dir) != 0) return false; /* a new folder holds nothing yet */
    return x.dir.st_dev == dir.st_dev && x.dir.st_ino == dir.st_ino;
}

/* No output may be the input or another output of the same run. */
static bool outputs_apart(bf_arena *a, bf_diag *d, const bf_build_options *opt, const char *out)
{
    struct {
        const char *what, *path;
    } f[3] = {{"the input", strcmp(opt->input, "-") != 0 && !opt->input_bytes ? opt->input : NULL},
              {"the PDF (-o)", out && strcmp(out, "-") != 0 ? out : NULL},
              {"the dump (--dump)", opt->dump && strcmp(opt->dump, "-") != 0 ? opt->dump : NULL}};
    bool ok = true;
    for (int i = 0; i < 3; i++) {
        if (!f[i].path) continue;
        for (int j = i + 1; j < 3; j++)
            if (f[j].path && same_file(a, f[i].path, f[j].path)) {
                bf_error(d, f[j].path, NULL, "%s would be written over %s; give it another path", f[j].what, f[i].what);
                ok = false;
            }
        if (opt->png_dir && in_png_dir(a, f[i].path, opt->png_dir)) {
            bf_error(d, f[i].path, NULL, "%s would be written over by a page image of --png; give another folder",
                     f[i].what);
            ok = false;
        }
    }
    return ok;
}

/* Page images above `n_pages` in `dir` are left from an earlier, longer
 * run: removed with --force (after this run's pages are written), refused
 * otherwise, before any page is written.  Only page-NNN.png files are
 * touched. */
static int stale_pages(bf_arena *a, bf_diag *d, const char *dir, int n_pages, bool remove)
{
    DIR *dh = opendir(dir);
    if (!dh) return BF_OUTPUT_WRITTEN; /* not there yet: nothing stale */
    int ok = BF_OUTPUT_WRITTEN, n_stale = 0;
    const char *first = NULL;
    for (struct dirent *e; (e = readdir(dh));) {
        int k = png_page_number(e->d_name);
        if (k <= n_pages) continue;
        struct stat st;
        if (fstatat(dirfd(dh), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) continue;
        if (remove) {
            if (unlinkat(dirfd(dh), e->d_name, 0) != 0) {
                bf_error(d, bf_arena_printf(a, "%s/%s", dir, e->d_name), NULL,
                         "is left from an earlier run with more pages and cannot be removed: %s", strerror(errno));
                ok = BF_OUTPUT_FAILED;
            }
        } else if (n_stale++ == 0 || strcmp(e->d_name, first) < 0) {
            first = bf_arena_printf(a, "%s", e->d_name);
        }
    }
    closedir(dh);
    if (n_stale) {
        bf_error(d, bf_arena_printf(a, "%s/%s", dir, first), NULL,
                 "and %d page image(s) in all are left from an earlier run with more pages; they are not "
                 "removed without --force",
                 n_stale);
        ok = BF_OUTPUT_REFUSED;
    }
    return ok;
}

static bf_build_status output_status(int wrote)
{
    return wrote == BF_OUTPUT_REFUSED ? BF_BUILD_BAD_INPUT : BF_BUILD_FAILED;
}

/* The PDF's dates: SOURCE_DATE_EPOCH when set (reproducible builds), else
 * the edition date, so that the same input always gives the same bytes. */
static time_t pdf_date(const bf_doc *doc)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (!*end && v >= 0) return (time_t)v;
    }
    struct tm tm = {0};
    tm.tm_year = doc->edition_date.year - 1900;
    tm.tm_mon = doc->edition_date.month - 1;
    tm.tm_mday = doc->edition_date.day;
    return timegm(&tm);
}

/* What --pdfa (option.pdfa) embeds: the sRGB profile from the data folder,
 * the input as read and the layout as one file (bf_layout_flat), so that
 * the edition can be built again from the PDF alone.  False, reported,
 * when they cannot be had; *bad_input when the user must change something. */
static bool pdfa_parts(bf_arena *a, bf_diag *d, const char *data, const bf_build_options *opt, const bf_doc *doc,
                       const bf_layout *layout, bf_pdfa *x, bool *bad_input)
{
    char *icc_path = bf_arena_printf(a, "%s/color/sRGB.icc", data), *icc = NULL;
    gsize icc_len = 0;
    GError *err = NULL;
    if (!g_file_get_contents(icc_path, &icc, &icc_len, &err)) {
        bf_error(d, icc_path, NULL, "cannot read the sRGB profile PDF/A needs: %s", err->message);
        g_error_free(err);
        return false;
    }
    x->icc = (const unsigned char *)bf_arena_strndup(a, icc, icc_len);
    x->icc_len = icc_len;
    g_free(icc);
    const char *slash = strrchr(opt->input, '/');
    const char *name = slash ? slash + 1 : opt->input;
    if (!strcmp(opt->input, "-")) name = doc->source_yaml ? "briefing.yaml" : "briefing.json";
    x->files[0] =
        (bf_pdf_file){name, doc->source_yaml ? "application/yaml" : "application/json",
                      "the briefing this PDF was built from", (const unsigned char *)doc->source, doc->source_len};
    size_t len = 0;
    const char *flat = bf_layout_flat(a, layout, opt->settings, opt->n_settings, &len);
    if (!flat) {
        bf_error(d, "--set", NULL, "a setting holds a line break, which the layout PDF/A carries cannot");
        *bad_input = true;
        return false;
    }
    slash = layout->path ? strrchr(layout->path, '/') : NULL;
    x->files[1] = (bf_pdf_file){slash          ? slash + 1
                                : layout->path ? layout->path
                                               : "built-in.layout",
                                "text/plain", "the layout it was built with", (const unsigned char *)flat, len};
    x->n_files = 2;
    return true;
}

/* A full pre-check: everything build does, the layout and --set included,
 * with the PDF drawn (images decoded, fonts cut) and thrown away, so that
 * check reports what build would and only the writing is skipped. */
static bf_build_status check_pdf(const bf_build_options *opt, bf_diag *d, const bf_pages *pages, const bf_doc *doc,
                                 const bf_pdfa *pdfa)
{
    FILE *discard = fopen("/dev/null", "wb");
    if (!discard) {
        bf_error(d, "/dev/null", NULL, "cannot open: %s", strerror(errno));
        return BF_BUILD_FAILED;
    }
    bf_pdf_options pdf = {
        .creator = opt->creator ? opt->creator : "briefing", .date = pdf_date(doc), .name = doc->file, .pdfa = pdfa};
    bool drawn = bf_render_pdf(pages, d, &pdf, discard);
    fclose(discard);
    if (!drawn) return BF_BUILD_FAILED;
    return bf_diag_errors(d) ? BF_BUILD_BAD_INPUT : BF_BUILD_OK;
}

/* The text dump, when asked for: to standard output or as an edition. */
static int put_dump(const bf_build_options *opt, bf_diag *d, bf_pages *pages, unsigned flags)
{
    if (!opt->dump) return BF_OUTPUT_WRITTEN;
    if (!strcmp(opt->dump, "-")) {
        bf_render_dump(pages, stdout);
        return BF_OUTPUT_WRITTEN;
    }
    return bf_output_atomic(d, opt->dump, write_dump, pages, flags);
}

/* With --revise: the pages composed again, marked, in a job of their own
 * whose messages go nowhere (the first composition said them). */
typedef struct {
    bf_fonts *fonts;
    const bf_layout *layout;
    const bf_doc *doc;
    bf_layout marked;
    bf_diag *quiet;
    bf_job *job;
    bf_setter *setter;
} remark;

static const bf_pages *marked_pages(void *ctx)
{
    remark *r = ctx;
    r->marked = *r->layout;
    r->marked.revision_mark = true;
    r->quiet = bf_diag_new(NULL);
    r->job = bf_job_new(r->quiet);
    r->setter = bf_setter_new(r->job, r->fonts, &r->marked);
    bf_flow *flow = bf_flow_compose(r->job, r->setter, r->doc, &r->marked);
    return bf_pages_build(r->job, r->setter, flow, r->doc, &r->marked);
}

static void remark_free(remark *r)
{
    bf_setter_free(r->setter);
    if (r->job) bf_job_free(r->job);
    if (r->quiet) bf_diag_free(r->quiet);
}

/* The PDF, to a stream (fuzzing, -o -) or through a temporary file to
 * `out`: what bf_output_atomic returns (BF_OUTPUT_FAILED, reported, when
 * drawing or the out/ folder failed). */
static int put_pdf(const bf_build_options *opt, bf_diag *d, const bf_pages *pages, const bf_doc *doc, const char *out,
                   unsigned flags, double *t_finish, remark *rm, const bf_pdfa *pdfa)
{
    pdf_job pj = {pages,
                  d,
                  {.creator = opt->creator ? opt->creator : "briefing",
                   .date = pdf_date(doc),
                   .finish_seconds = t_finish,
                   .pdfa = pdfa}};
    FILE *stream = opt->pdf_stream ? opt->pdf_stream : out && !strcmp(out, "-") ? stdout : NULL;
    if (stream) {
        pj.pdf.name = stream == stdout ? "<stdout>" : "<stream>";
        if (!bf_render_pdf(pages, d, &pj.pdf, stream)) return BF_OUTPUT_FAILED;
        if (stream == stdout && opt->written_size) snprintf(opt->written, opt->written_size, "<stdout>");
        return BF_OUTPUT_WRITTEN;
    }
    pj.pdf.name = out;
    if (!opt->output && !is_dir("out") && mkdir("out", 0777) != 0 && errno != EEXIST) {
        bf_error(d, "out", NULL, "cannot create the output folder: %s", strerror(errno));
        return BF_OUTPUT_FAILED;
    }
    int wrote = opt->revise ? bf_revise(d, out, pages, &pj.pdf, marked_pages, rm, opt->written, opt->written_size)
                            : BF_REVISE_NONE;
    if (wrote != BF_REVISE_NONE) {
        if (opt->unchanged && wrote != BF_OUTPUT_FAILED) *opt->unchanged = wrote == BF_OUTPUT_KEPT;
        return wrote;
    }
    wrote = bf_output_atomic(d, out, write_pdf, &pj, flags);
    if (wrote == BF_OUTPUT_FAILED || wrote == BF_OUTPUT_REFUSED) return wrote;
    if (opt->unchanged) *opt->unchanged = wrote == BF_OUTPUT_KEPT;
    if (opt->written_size) snprintf(opt->written, opt->written_size, "%s", out);
    return wrote;
}

/* May the PDF go to `out`?  A caller building several documents at once
 * says no when another of them writes it. */
static bool claimed(bf_diag *d, const bf_build_options *opt, const char *out)
{
    if (!opt->claim_output || opt->check_only || !out || !strcmp(out, "-") || opt->claim_output(opt->claim_ctx, out))
        return true;
    bf_error(d, out, NULL, "is the PDF of another input of this run too; give one of them another name");
    return false;
}

/* The layout's logo, from its layout file's folder (the working directory
 * for --set), a Figure for readers named for whose it is. */
static const bf_image *load_logo(bf_arena *a, bf_diag *d, const bf_build_options *opt, const bf_layout *L,
                                 const bf_doc *doc)
{
    const char *from = L->logo.from, *slash = from ? strrchr(from, '/') : NULL;
    const char *dir = slash ? bf_arena_strndup(a, from, slash == from ? 1 : (size_t)(slash - from)) : ".";
    const char *alt = doc->publisher ? bf_arena_printf(a, "%sのロゴ", doc->publisher) : "ロゴ";
    const bf_image *img = bf_image_load_in(a, d, L->logo.path, dir, L->logo.file, L->logo.line, "logo", alt);
    if (img && opt->read_file) opt->read_file(opt->read_ctx, img->picture->real_path);
    return img;
}

/* The layout named, with the settings and its logo; NULL, reported, when
 * one of them is wrong.  Each file it reads is told to opt->read_file. */
static bf_layout *open_layout(bf_arena *a, bf_diag *d, const char *data, const bf_build_options *opt, bf_doc *doc)
{
    bf_layout *layout = bf_layout_open(a, d, data, opt->layout ? opt->layout : "a4");
    for (int i = 0; layout && opt->read_file && i < layout->n_paths; i++)
        opt->read_file(opt->read_ctx, layout->paths[i]);
    if (!layout || !bf_layout_set(a, d, layout, opt->settings, opt->n_settings)) return NULL;
    if (layout->logo.path && !(doc->logo = load_logo(a, d, opt, layout, doc))) return NULL;
    return layout;
}

/* check without setting type: the flow composed with paragraphs of no
 * lines, so that the characters no font has are found (in the fonts'
 * cmaps) and said in a build's order, then what a build checks after the
 * pages; no fontconfig, no Pango, no pages. */
static bf_build_status check_from_cmaps(bf_job *job, bf_diag *d, const char *data, const bf_build_options *opt,
                                        bf_doc *doc, const bf_layout *layout)
{
    bf_coverage *cv = bf_coverage_open(d, bf_arena_printf(job->arena, "%s/fonts", data), layout);
    if (!cv) return BF_BUILD_BAD_INPUT; /* the layout names a font that is not there */
    bf_setter *s = bf_setter_new_coverage(job, cv, layout);
    bf_flow_compose(job, s, doc, layout);
    bf_setter_free(s);
    bf_coverage_free(cv);
    if (bf_diag_errors(d)) return BF_BUILD_BAD_INPUT;
    bf_pdfa pdfa = {0};
    bool bad_input = false;
    if (layout->pdfa && !pdfa_parts(job->arena, d, data, opt, doc, layout, &pdfa, &bad_input))
        return bad_input ? BF_BUILD_BAD_INPUT : BF_BUILD_FAILED;
    return BF_BUILD_OK;
}

/* When each stage of a build ended (seconds, now()'s clock); `set` is the
 * time paragraph setting took within compose. */
typedef struct {
    double start, load, layout, compose, set, pages, finish, render;
} stage_times;

/* --timings' lines.  Compose is the flow without the paragraph setting it
 * asked for; render is drawing the pages (and previews), finish is cairo
 * writing the font subsets and the rest of the file. */
static void print_timings(const stage_times *t, bf_setter *setter, const bf_pages *pages, bf_arena *a)
{
    fprintf(stderr,
            "timings: load %.1f ms, fonts+layout %.1f ms, compose %.1f ms, set %.1f ms, paginate %.1f ms, "
            "render %.1f ms, finish %.1f ms, total %.1f ms; %d pages, arena %.1f MB\n",
            (t->load - t->start) * 1e3, (t->layout - t->load) * 1e3, (t->compose - t->layout - t->set) * 1e3,
            t->set * 1e3, (t->pages - t->compose) * 1e3, (t->render - t->pages - t->finish) * 1e3, t->finish * 1e3,
            (t->render - t->start) * 1e3, pages->n_pages, bf_arena_used(a) / 1048576.0);
    int n_threads, n_taken, n_asked;
    if (bf_setter_prefetch_stats(setter, &n_threads, &n_taken, &n_asked))
        fprintf(stderr, "timings: set on %d threads: %d of %d paragraphs by workers\n", n_threads, n_taken, n_asked);
}

bf_build_status bf_build(const bf_build_options *opt, bf_diag *d)
{
    bf_build_status status = BF_BUILD_FAILED;
    bf_job *job = bf_job_new(d);
    bf_arena *a = job->arena;
    bf_fonts *fonts = NULL;
    bf_setter *setter = NULL;
    double t0 = now(), t_load, t_layout, t_compose, t_pages, t_render;
    const char *data = opt->data_dir ? opt->data_dir : bf_data_dir();
    if (!data) {
        bf_error(d, NULL, NULL,
                 "cannot find the data folder (fonts/ and layouts/) in %s: install the program with "
                 "'cmake --install', or set BRIEFING_DATA_DIR",
                 bf_data_dir_expected());
        status = BF_BUILD_FAILED;
        goto done;
    }

    bf_doc *doc = opt->input_bytes ? bf_doc_load_bytes_in(a, d, opt->input, opt->input_base_dir, opt->root,
                                                          opt->input_bytes, opt->input_len)
                                   : bf_doc_load_rooted(a, d, opt->input, opt->root);
    t_load = now();
    if (!doc) {
        status = BF_BUILD_BAD_INPUT;
        goto done;
    }
    if (opt->read_file)
        for (size_t i = 0; i < doc->n_chapters; i++)
            if (doc->chapters[i].image) opt->read_file(opt->read_ctx, doc->chapters[i].image->path);
    const char *out = opt->output ? opt->output : opt->pdf_stream ? NULL : default_output(a, doc, opt->input);
    if (!outputs_apart(a, d, opt, out) || !claimed(d, opt, out)) {
        status = BF_BUILD_BAD_INPUT;
        goto done;
    }
    bf_layout *layout = open_layout(a, d, data, opt, doc);
    if (!layout) {
        status = BF_BUILD_BAD_INPUT;
        goto done;
    }
    if (opt->check_only && !opt->check_typesets) {
        status = check_from_cmaps(job, d, data, opt, doc, layout);
        goto done;
    }
    char *fonts_dir = bf_arena_printf(a, "%s/fonts", data);
    fonts = bf_fonts_open(d, fonts_dir, layout);
    if (!fonts) {
        status = BF_BUILD_BAD_INPUT; /* the layout names a font that is not there */
        goto done;
    }
    setter = bf_setter_new(job, fonts, layout);
    bf_setter_set_threads(setter, opt->threads);
    t_layout = now();

    bf_flow *flow = bf_flow_compose(job, setter, doc, layout);
    t_compose = now();
    double t_set = bf_setter_seconds(setter); /* within compose */
    bf_pages *pages = bf_pages_build(job, setter, flow, doc, layout);
    t_pages = now();
    if (opt->n_pages) *opt->n_pages = pages->n_pages;
    if (bf_diag_errors(d)) {
        /* --strict turned a warning (a character no font has) into an error. */
        status = BF_BUILD_BAD_INPUT;
        goto done;
    }
    bf_pdfa pdfa = {0};
    bool bad_input = false;
    if (layout->pdfa && !pdfa_parts(a, d, data, opt, doc, layout, &pdfa, &bad_input)) {
        status = bad_input ? BF_BUILD_BAD_INPUT : BF_BUILD_FAILED;
        goto done;
    }
    if (opt->check_only) {
        status = check_pdf(opt, d, pages, doc, layout->pdfa ? &pdfa : NULL);
        goto done;
    }

    unsigned flags = opt->force ? BF_OUTPUT_REPLACE : BF_OUTPUT_NO_CLOBBER;
    if (opt->png_dir && !opt->force) {
        /* Before anything is written: a refusal leaves every output as it was. */
        int stale = stale_pages(a, d, opt->png_dir, pages->n_pages, false);
        if (stale != BF_OUTPUT_WRITTEN) {
            status = output_status(stale);
            goto done;
        }
    }
    double t_finish = 0;
    int wrote = put_dump(opt, d, pages, flags);
    remark rm = {fonts, layout, doc, {0}, NULL, NULL, NULL};
    if (wrote != BF_OUTPUT_FAILED && wrote != BF_OUTPUT_REFUSED)
        wrote = put_pdf(opt, d, pages, doc, out, flags, &t_finish, &rm, layout->pdfa ? &pdfa : NULL);
    remark_free(&rm);
    if (wrote == BF_OUTPUT_FAILED || wrote == BF_OUTPUT_REFUSED) {
        status = output_status(wrote);
        goto done;
    }
    if (opt->png_dir) {
        wrote = bf_render_png(pages, d, opt->png_dir, opt->png_dpi, flags);
        if (wrote == BF_OUTPUT_FAILED || wrote == BF_OUTPUT_REFUSED ||
            stale_pages(a, d, opt->png_dir, pages->n_pages, true) != BF_OUTPUT_WRITTEN) {
            status = output_status(wrote);
            goto done;
        }
    }
    t_render = now();
    if (opt->timings) {
        stage_times t = {t0, t_load, t_layout, t_compose, t_set, t_pages, t_finish, t_render};
        print_timings(&t, setter, pages, a);
    }
    status = BF_BUILD_OK;
done:
    bf_setter_free(setter);
    bf_job_free(job);
    bf_fonts_free(fonts);
    return status;
}
