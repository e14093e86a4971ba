#include "run/run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "doc/doc.h"
#include "job.h"
#include "page/pages.h"
#include "render/render.h"
#include "style/layout.h"
#include "text/fonts.h"
#include "text/para.h"

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *bf_data_dir(void)
{
    static char buf[4096];
    const char *env = getenv("BRIEFING_DATA_DIR");
    if (env && *env) return env;
    char exe[2048];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            snprintf(buf, sizeof buf, "%s/../share/briefing", exe);
            char fonts[4200];
            snprintf(fonts, sizeof fonts, "%s/fonts", buf);
            if (is_dir(fonts)) return buf;
        }
    }
    return BF_SOURCE_DATA_DIR;
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

/* out/DATE-NAME.pdf, NAME being the input's file name without .json. */
static char *default_output(bf_arena *a, const bf_doc *doc, const char *input)
{
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    if (!strcmp(input, "-")) base = "briefing";
    size_t n = strlen(base);
    if (n > 5 && !strcmp(base + n - 5, ".json")) n -= 5;
    return bf_arena_printf(a, "out/%04d-%02d-%02d-%.*s.pdf", doc->edition_date.year,
                           doc->edition_date.month, doc->edition_date.day, (int)n, base);
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

bf_build_status bf_build(const bf_build_options *opt, bf_diag *d)
{
    bf_build_status status = BF_BUILD_FAILED;
    bf_job *job = bf_job_new(d);
    bf_arena *a = job->arena;
    bf_fonts *fonts = NULL;
    bf_setter *setter = NULL;
    double t0 = now(), t_load, t_layout, t_compose, t_pages, t_render;
    const char *data = opt->data_dir ? opt->data_dir : bf_data_dir();

    bf_doc *doc = bf_doc_load(a, d, opt->input);
    t_load = now();
    if (!doc) {
        status = BF_BUILD_BAD_INPUT;
        goto done;
    }
    if (opt->check_only) {
        status = bf_diag_errors(d) ? BF_BUILD_BAD_INPUT : BF_BUILD_OK;
        goto done;
    }
    bf_layout *layout = bf_layout_open(a, d, data, opt->layout ? opt->layout : "a4");
    if (!layout) {
        status = BF_BUILD_BAD_INPUT;
        goto done;
    }
    if (!bf_layout_set(a, d, layout, opt->settings, opt->n_settings)) {
        status = BF_BUILD_BAD_INPUT;
        goto done;
    }
    char *fonts_dir = bf_arena_printf(a, "%s/fonts", data);
    fonts = bf_fonts_open(d, fonts_dir, layout);
    if (!fonts) {
        status = BF_BUILD_BAD_INPUT; /* the layout names a font that is not there */
        goto done;
    }
    setter = bf_setter_new(job, fonts, layout);
    t_layout = now();

    bf_flow *flow = bf_flow_compose(job, setter, doc, layout);
    t_compose = now();
    double t_set = bf_setter_seconds(setter); /* within compose */
    bf_pages *pages = bf_pages_build(job, setter, flow, doc, layout);
    t_pages = now();
    if (bf_diag_errors(d)) {
        /* --strict turned a warning (a character no font has) into an error. */
        status = BF_BUILD_BAD_INPUT;
        goto done;
    }

    if (opt->dump) {
        if (!strcmp(opt->dump, "-"))
            bf_render_dump(pages, stdout);
        else if (!bf_output_atomic(d, opt->dump, write_dump, pages, BF_OUTPUT_REPLACE))
            goto done;
    }
    double t_finish = 0;
    pdf_job pj = {pages, d, {opt->creator ? opt->creator : "briefing", pdf_date(doc), NULL, false, &t_finish}};
    if (opt->pdf_stream) {
        if (!bf_render_pdf(pages, d, &pj.pdf, opt->pdf_stream)) goto done;
    } else {
        const char *out = opt->output ? opt->output : default_output(a, doc, opt->input);
        pj.pdf.name = out;
        if (!opt->output && !is_dir("out") && mkdir("out", 0777) != 0 && errno != EEXIST) {
            bf_error(d, "out", NULL, "cannot create the output folder: %s", strerror(errno));
            goto done;
        }
        int wrote = bf_output_atomic(d, out, write_pdf, &pj, opt->force ? BF_OUTPUT_REPLACE : BF_OUTPUT_NO_CLOBBER);
        if (!wrote) goto done;
        if (opt->unchanged) *opt->unchanged = wrote == BF_OUTPUT_KEPT;
        if (opt->written_size) snprintf(opt->written, opt->written_size, "%s", out);
    }
    if (opt->png_dir && !bf_render_png(pages, d, opt->png_dir, opt->png_dpi)) goto done;
    t_render = now();
    /* Compose is the flow without the paragraph setting it asked for; render
     * is drawing the pages (and previews), finish is cairo writing the
     * font subsets and the rest of the file. */
    if (opt->timings)
        fprintf(stderr,
                "timings: load %.1f ms, fonts+layout %.1f ms, compose %.1f ms, set %.1f ms, paginate %.1f ms, "
                "render %.1f ms, finish %.1f ms, total %.1f ms; %d pages, arena %.1f MB\n",
                (t_load - t0) * 1e3, (t_layout - t_load) * 1e3, (t_compose - t_layout - t_set) * 1e3, t_set * 1e3,
                (t_pages - t_compose) * 1e3, (t_render - t_pages - t_finish) * 1e3, t_finish * 1e3,
                (t_render - t0) * 1e3, pages->n_pages, bf_arena_used(a) / 1048576.0);
    status = BF_BUILD_OK;
done:
    bf_setter_free(setter);
    bf_job_free(job);
    bf_fonts_free(fonts);
    return status;
}
