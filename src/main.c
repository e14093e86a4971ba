/* main.c - the command line of briefing, and nothing else: it uses the
 * public interface (briefing.h) only, as any program embedding the library
 * would, with `watch` in src/cli/; the library is loaded when a command
 * first calls it (src/cli/libload.c), so --help, --version and usage errors
 * never load it. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "briefing.h"
#include "cli/cli.h"
#include "core/escape.h"

static void usage(FILE *f)
{
    fputs("Usage: briefing build FILE.json [-l LAYOUT] [-o OUT.pdf] [options]\n"
          "       briefing build FILE... [-j N] [--report json] [options]   (many, each to its default PDF)\n"
          "       briefing check FILE... [-l LAYOUT] [--typeset] [options]   (the input checked, nothing written)\n"
          "       briefing convert IN OUT      JSON to YAML (OUT.yaml) or YAML to JSON (OUT.json)\n"
          "       briefing init [NAME]         write NAME.yaml, a starter briefing (default briefing.yaml)\n"
          "       briefing watch FILE [options] build, and build again at each save (out/NAME.preview.pdf)\n"
          "       briefing list [DIR] [--json] the editions in DIR (default out/), from their metadata\n"
          "       briefing --help | --version\n"
          "\n"
          "Sets a briefing/1 document, JSON or YAML (.yaml, .yml), as a paginated\n"
          "Japanese PDF.  FILE may be - for standard input (YAML unless it starts with {).\n"
          "\n"
          "Options:\n"
          "  -l, --layout NAME|PATH  a layout from layouts/NAME.layout, or a layout file\n"
          "                          (default: a4)\n"
          "  -o, --output PATH       the PDF to write (default: out/DATE-NAME.pdf;\n"
          "                          - for standard output)\n"
          "  -f, --force             replace an existing PDF, dump or page image with other\n"
          "                          content (editions are kept otherwise)\n"
          "      --revise            a PDF whose edition is there with other content is written\n"
          "                          beside it as DATE-NAME.r2.pdf (r3, ...), marked 訂正版\n"
          "      --root DIR          read images from anywhere inside DIR (default: the\n"
          "                          JSON file's folder; the working directory for -)\n"
          "\n"
          "Print options (each also a layout key; see layouts/README.md):\n"
          "      --grayscale         no colour anywhere (for black-and-white printers)\n"
          "      --duplex            mirrored margins, page numbers on the outer edge\n"
          "      --chapter-recto     with --duplex, each chapter starts on a right-hand page\n"
          "      --date-style STYLE  seireki (2025年2月21日), iso (2025-02-21) or wareki (令和7年2月21日)\n"
          "      --weekday           add the day of the week: 2025年2月21日（金）\n"
          "      --key-points WHERE  the key-points page first (an executive summary) or last\n"
          "      --toc               a table of contents with page numbers\n"
          "      --qr                a QR code of each source's URL in the list of sources\n"
          "      --pdfa              PDF/A-3b for archives, carrying its input and layout\n"
          "      --set KEY=VALUE     any layout key, e.g. --set font.text.size=11pt,\n"
          "                          --set marking.style=stamp (the marking framed atop\n"
          "                          every page), --set logo=FILE (a PNG or JPEG atop the\n"
          "                          title block; logo.height, default 12mm)\n"
          "      --png DIR           also write each page as a PNG image into DIR\n"
          "      --png-dpi N         the images' resolution (default 96)\n"
          "\n"
          "      --dump PATH         also write a text dump of the placed pages (- for stdout)\n"
          "      --timings           print the time each stage took (one input only)\n"
          "      --threads N         set paragraphs on N threads (default: BRIEFING_THREADS, else one\n"
          "                          per core, up to 4; with several inputs, 1)\n"
          "\n"
          "Several inputs (build and check):\n"
          "  -j, --jobs N            build N at a time (default: one per core)\n"
          "      --report json       print one JSON line per input, in input order, to stdout\n"
          "                          (input, output, status, pages, bytes, milliseconds, messages)\n"
          "\n"
          "      --typeset           check: also set the type and draw the PDF, to find what\n"
          "                          only that finds (a table too wide for its columns)\n"
          "      --strict            treat warnings as errors\n"
          "  -q, --quiet             print nothing on success\n"
          "      --json              list: one JSON object a line\n"
          "  -h, --help              show this help\n"
          "  -V, --version           show the version\n"
          "\n"
          "Exit status: 0 success; 2 anything to change before running again (usage, input,\n"
          "layout, an output path, an edition in the way); 1 building failed otherwise\n"
          "(a full disk, a write error).  With several inputs, the highest of theirs.\n",
          f);
}

enum {
    OPT_STRICT = 256,
    OPT_DUMP,
    OPT_TIMINGS,
    OPT_GRAY,
    OPT_DUPLEX,
    OPT_RECTO,
    OPT_DATE,
    OPT_WEEKDAY,
    OPT_KEYPOINTS,
    OPT_TOC,
    OPT_QR,
    OPT_JSON,
    OPT_REVISE,
    OPT_PDFA,
    OPT_SET,
    OPT_PNG,
    OPT_PNG_DPI,
    OPT_ROOT,
    OPT_REPORT,
    OPT_THREADS,
    OPT_TYPESET,
};

/* Is there a command, build or check, with its file?  Says what is wrong
 * when not. */
/* An argument as a message may show it, its controls escaped (an argument
 * holding ESC ] 0 ; must not retitle the terminal); four at a time.  The
 * library's own escaping, compiled in, so that a usage error does not load
 * the library. */
static const char *shown(const char *s)
{
    static char buf[4][1024];
    static int k;
    char *b = buf[k++ % 4];
    bf_escape(b, sizeof buf[0], s ? s : "");
    return b;
}

static bool command_ok(const char *cmd, const char *const *files, int n_files)
{
    const char *file = n_files > 0 ? files[0] : NULL, *file2 = n_files > 1 ? files[1] : NULL;
    static const char *const commands[] = {"build", "check", "convert", "init", "list", "watch"};
    if (!cmd) {
        fputs("briefing: error: no command given (build, check, convert, init, list or watch)\n"
              "Try 'briefing --help'.\n",
              stderr);
        return false;
    }
    bool known = false;
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) known |= !strcmp(cmd, commands[i]);
    if (!known) {
        fprintf(stderr, "briefing: error: unknown command '%s' (build, check, convert, init, list or watch)\n",
                shown(cmd));
        return false;
    }
    if (!strcmp(cmd, "convert") && (!file || !file2)) {
        fputs("briefing: error: 'convert' needs IN and OUT (- for standard input or output)\n", stderr);
        return false;
    }
    /* build and check take any number of files, convert two, the rest one. */
    int most = !strcmp(cmd, "build") || !strcmp(cmd, "check") ? n_files : !strcmp(cmd, "convert") ? 2 : 1;
    if (n_files > most) {
        fprintf(stderr, "briefing: error: too many arguments ('%s')\n", shown(files[most]));
        return false;
    }
    if (!file && strcmp(cmd, "init") != 0 && strcmp(cmd, "list") != 0) {
        fprintf(stderr, "briefing: error: '%s' needs a FILE.json (- for standard input)\n", shown(cmd));
        return false;
    }
    return true;
}

#define MAX_SETTINGS 64
/* Threads beyond this set no paragraph sooner: each loads its fonts and
 * shape plans again, and the main thread finishes every paragraph. */
#define MAX_DEFAULT_THREADS 4

/* What the options say beyond the briefing's own settings. */
typedef struct {
    const char *output, *dump, *png_dir, *layout, *root;
    bool check_only, strict, quiet, force, timings, json, revise, report, typeset;
    int jobs;    /* -j: 0 for one per core */
    int threads; /* --threads: 0 for BRIEFING_THREADS or one per core */
    double png_dpi;
    const char *settings[MAX_SETTINGS]; /* KEY=VALUE, for briefing_set */
    int n_settings;
} cli_options;

/* init and convert, which write a briefing file, not a PDF. */
static int file_command(briefing *b, const char *cmd, const char *file, const char *file2, bool quiet)
{
    briefing_status st;
    if (!strcmp(cmd, "init")) {
        st = briefing_init_file(b, file ? file : "briefing");
    } else if (file && file2) { /* command_ok made sure */
        st = briefing_convert(b, file, file2);
        if (st == BRIEFING_OK && !quiet && strcmp(file2, "-") != 0) fprintf(stderr, "wrote %s\n", shown(file2));
    } else {
        st = BRIEFING_BAD_INPUT;
    }
    return (int)st;
}

/* The output paths, before any work: none empty, standard output used once
 * and never a terminal. */
static bool paths_ok(const cli_options *opt)
{
    const struct {
        const char *flag, *value;
    } paths[] = {{"-o", opt->output}, {"--dump", opt->dump}, {"--png", opt->png_dir}, {"-l", opt->layout}};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        if (paths[i].value && !*paths[i].value) {
            fprintf(stderr, "briefing: error: %s: the path is empty\nTry 'briefing --help'.\n", paths[i].flag);
            return false;
        }
    if (opt->output && !strcmp(opt->output, "-")) {
        if (opt->dump && !strcmp(opt->dump, "-")) {
            fputs("briefing: error: -o - and --dump - both write to standard output; give one a file\n", stderr);
            return false;
        }
        if (isatty(STDOUT_FILENO)) {
            fputs("briefing: error: -o -: standard output is a terminal; redirect it to a file or a pipe\n", stderr);
            return false;
        }
    }
    return true;
}

/* The one line a successful build or check prints. */
static void say_done(const cli_options *opt, const char *file, const char *written, bool unchanged)
{
    if (opt->check_only)
        fprintf(stderr, "%s: ok\n", file && strcmp(file, "-") != 0 ? shown(file) : "<stdin>");
    else if (written[0] && unchanged)
        fprintf(stderr, "%s: unchanged (the same edition is already there)\n", shown(written));
    else if (written[0])
        fprintf(stderr, "wrote %s\n", shown(written));
}

/* getopt's complaint, said here with the argument escaped. */
static int bad_option(int c, char **argv)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    char one[3] = {'-', (char)optopt, 0};
    /* A short option inside a group (-qx) is named alone. */
    const char *name = optopt && strncmp(arg, "--", 2) != 0 ? one : arg;
    if (c == ':')
        fprintf(stderr, "briefing: error: option '%s' needs a value\n", shown(name));
    else
        fprintf(stderr, "briefing: error: unknown option '%s'\n", shown(name));
    fputs("Try 'briefing --help'.\n", stderr);
    return 2;
}

/* A number of paragraph-setting threads, 1 to 64, from `value`. */
static bool threads_arg(const char *what, const char *value, int *out)
{
    char *end;
    long n = strtol(value, &end, 10);
    if (*end || !*value || value[0] == '+' || value[0] == '-' || n < 1 || n > 64) {
        fprintf(stderr, "briefing: error: %s: expected a number of threads from 1 to 64, got '%s'\n", what,
                shown(value));
        return false;
    }
    *out = (int)n;
    return true;
}

/* A briefing set up as the options say (for a bulk build, each input's). */
static void configure(void *ctx, briefing *b)
{
    const cli_options *opt = ctx;
    briefing_set_force(b, opt->force);
    briefing_set_revise(b, opt->revise);
    briefing_set_strict(b, opt->strict);
    briefing_set_timings(b, opt->timings);
    briefing_set_threads(b, opt->threads);
    briefing_set_layout(b, opt->layout);
    briefing_set_dump(b, opt->dump);
    briefing_set_png(b, opt->png_dir, opt->png_dpi);
    briefing_set_root(b, opt->root);
    briefing_set_check_typesets(b, opt->typeset);
    for (int i = 0; i < opt->n_settings; i++) briefing_set(b, opt->settings[i]);
}

/* Several inputs, or a report: each input to its own default output, so
 * the options that name one file are refused. */
static int run_bulk(cli_options *opt, const char *const *files, int n_files)
{
    const struct {
        const char *flag;
        bool given;
    } one_only[] = {{"-o", opt->output != NULL},
                    {"--dump", opt->dump != NULL},
                    {"--png", opt->png_dir != NULL},
                    {"--timings", opt->timings}};
    for (size_t i = 0; i < sizeof one_only / sizeof one_only[0]; i++)
        if (one_only[i].given && (n_files > 1 || opt->report)) {
            fprintf(stderr,
                    "briefing: error: %s is for one input without --report; with several, each PDF goes to "
                    "its default out/DATE-NAME.pdf\n",
                    one_only[i].flag);
            return 2;
        }
    for (int i = 0; i < n_files; i++)
        if (!strcmp(files[i], "-") && n_files > 1) {
            fputs("briefing: error: standard input (-) can only be the one input\n", stderr);
            return 2;
        }
    if (!opt->threads) opt->threads = 1; /* the inputs keep the cores busy */
    bf_cli_bulk_options o = {files, n_files, opt->jobs, opt->check_only, opt->quiet, opt->report, configure, opt};
    return bf_cli_bulk(&o);
}

/* The command, with what the options said, through the public interface. */
static int run(cli_options *opt, const char *cmd, const char *const *files, int n_files)
{
    const char *file = n_files > 0 ? files[0] : NULL, *file2 = n_files > 1 ? files[1] : NULL;
    bool many = !strcmp(cmd, "build") || !strcmp(cmd, "check");
    const char *env = getenv("BRIEFING_THREADS");
    if ((many || !strcmp(cmd, "watch")) && !opt->threads && env && !threads_arg("BRIEFING_THREADS", env, &opt->threads))
        return 2;
    if (!many && (opt->report || opt->jobs)) {
        fprintf(stderr, "briefing: error: %s is for build and check\n", opt->report ? "--report" : "-j");
        return 2;
    }
    if (opt->typeset && strcmp(cmd, "check") != 0) {
        fputs("briefing: error: --typeset is an option of 'check' only\nTry 'briefing --help'.\n", stderr);
        return 2;
    }
    if (opt->json && strcmp(cmd, "list") != 0) {
        fputs("briefing: error: --json is an option of 'list' only\nTry 'briefing --help'.\n", stderr);
        return 2;
    }
    if (opt->revise && (opt->force || strcmp(cmd, "build") != 0 || (opt->output && !strcmp(opt->output, "-")))) {
        fputs(opt->force ? "briefing: error: --revise keeps every edition and --force replaces one; give one of them\n"
                         : "briefing: error: --revise is an option of 'build' to a file only\n",
              stderr);
        return 2;
    }
    if (many && (n_files > 1 || opt->report)) {
        opt->check_only = !strcmp(cmd, "check");
        return paths_ok(opt) ? run_bulk(opt, files, n_files) : 2;
    }
    /* One input: its paragraphs set on every core, up to MAX_DEFAULT_THREADS
     * (README, "Paragraphs on threads"). */
    if (!opt->threads) {
        int cores = bf_cli_cores();
        opt->threads = cores < MAX_DEFAULT_THREADS ? cores : MAX_DEFAULT_THREADS;
    }
    briefing *b = briefing_new();
    briefing_set_diagnostics_to_stderr(b, true);
    briefing_set_force(b, opt->force);
    int st;
    if (!strcmp(cmd, "list")) {
        st = (int)briefing_list(b, file, opt->json);
        goto done;
    }
    if (!strcmp(cmd, "init") || !strcmp(cmd, "convert")) {
        st = file_command(b, cmd, file, file2, opt->quiet);
        goto done;
    }
    st = 2;
    if (!paths_ok(opt)) goto done;
    configure(opt, b);
    opt->check_only = !strcmp(cmd, "check");

    if (strcmp(cmd, "watch") == 0) {
        st = bf_cli_watch(b, file, opt->output);
        goto done;
    }
    briefing_load_file(b, file);
    st = (int)(opt->check_only ? briefing_check(b) : briefing_build_file(b, opt->output));
    if (st == BRIEFING_OK && !opt->quiet) say_done(opt, file, briefing_written_path(b), briefing_unchanged(b));
done:
    briefing_free(b);
    return st;
}

/* The options, as getopt_long reads them; the short ones are in main. */
static const struct option long_opts[] = {
    {"layout", required_argument, NULL, 'l'},
    {"output", required_argument, NULL, 'o'},
    {"force", no_argument, NULL, 'f'},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"dump", required_argument, NULL, OPT_DUMP},
    {"timings", no_argument, NULL, OPT_TIMINGS},
    {"grayscale", no_argument, NULL, OPT_GRAY},
    {"duplex", no_argument, NULL, OPT_DUPLEX},
    {"quiet", no_argument, NULL, 'q'},
    {"chapter-recto", no_argument, NULL, OPT_RECTO},
    {"date-style", required_argument, NULL, OPT_DATE},
    {"weekday", no_argument, NULL, OPT_WEEKDAY},
    {"key-points", required_argument, NULL, OPT_KEYPOINTS},
    {"toc", no_argument, NULL, OPT_TOC},
    {"set", required_argument, NULL, OPT_SET},
    {"qr", no_argument, NULL, OPT_QR},
    {"json", no_argument, NULL, OPT_JSON},
    {"revise", no_argument, NULL, OPT_REVISE},
    {"png", required_argument, NULL, OPT_PNG},
    {"png-dpi", required_argument, NULL, OPT_PNG_DPI},
    {"root", required_argument, NULL, OPT_ROOT},
    {"pdfa", no_argument, NULL, OPT_PDFA},
    {"jobs", required_argument, NULL, 'j'},
    {"report", required_argument, NULL, OPT_REPORT},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"typeset", no_argument, NULL, OPT_TYPESET},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

int main(int argc, char **argv)
{
    cli_options opt = {0};
    static char built[8][96]; /* settings made from flags with a value */
    int n_built = 0;
#define SETTING(s)                                                                                                     \
    do {                                                                                                               \
        if (opt.n_settings == MAX_SETTINGS) {                                                                          \
            fputs("briefing: error: too many layout settings\n", stderr);                                              \
            goto done;                                                                                                 \
        }                                                                                                              \
        opt.settings[opt.n_settings++] = (s);                                                                          \
    } while (0)
    const char *cmd = NULL;
    /* The operands after the command: one for most, two for convert, any
     * number for build and check. */
    const char **files = calloc((size_t)argc, sizeof *files);
    int n_files = 0, c, st = 2;
    if (!files) return 1;
    /* GNU style: options anywhere, "--" ends them; getopt's own messages
     * off, so that what it would echo is escaped (bad_option). */
    opterr = 0;
    while (optind < argc) {
        c = getopt_long(argc, argv, "-:l:o:j:fqhV", long_opts, NULL);
        if (c == -1) {
            /* After "--": the rest are operands. */
            for (; optind < argc; optind++) {
                if (!cmd)
                    cmd = argv[optind];
                else
                    files[n_files++] = argv[optind];
            }
            break;
        }
        switch (c) {
        case 1:
            if (!cmd)
                cmd = optarg;
            else
                files[n_files++] = optarg;
            break;
        case 'l': opt.layout = optarg; break;
        case 'o': opt.output = optarg; break;
        case 'f': opt.force = true; break;
        case OPT_STRICT: opt.strict = true; break;
        case OPT_DUMP: opt.dump = optarg; break;
        case OPT_TIMINGS: opt.timings = true; break;
        case OPT_GRAY: SETTING("option.grayscale=true"); break;
        case OPT_DUPLEX: SETTING("option.duplex=true"); break;
        case OPT_RECTO: SETTING("option.chapter-recto=true"); break;
        case OPT_WEEKDAY: SETTING("option.date-weekday=true"); break;
        case OPT_TOC: SETTING("option.toc=true"); break;
        case OPT_QR: SETTING("option.source-qr=true"); break;
        case OPT_JSON: opt.json = true; break;
        case OPT_REVISE: opt.revise = true; break;
        case OPT_PDFA: SETTING("option.pdfa=true"); break;
        case OPT_DATE:
        case OPT_KEYPOINTS: {
            char *kv = built[n_built++ % 8];
            snprintf(kv, sizeof built[0], "option.%s=%s", c == OPT_DATE ? "date-style" : "key-points", optarg);
            SETTING(kv);
            break;
        }
        case OPT_SET: SETTING(optarg); break;
        case OPT_PNG: opt.png_dir = optarg; break;
        case OPT_ROOT: opt.root = optarg; break;
        case OPT_PNG_DPI: {
            char *end;
            opt.png_dpi = strtod(optarg, &end); /* NOLINT(clang-analyzer-core.NonNullParamChecker): required_argument */
            /* Digits only: strtod also takes "nan", "inf", "0x10" and "1e2". */
            if (*end || optarg[strspn(optarg, "0123456789.")] || !(opt.png_dpi >= 10 && opt.png_dpi <= 600)) {
                fprintf(stderr, "briefing: error: --png-dpi: expected a number from 10 to 600, got '%s'\n",
                        shown(optarg));
                goto done;
            }
            break;
        }
        case OPT_THREADS:
            if (!threads_arg("--threads", optarg, &opt.threads)) goto done;
            break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10); /* NOLINT(clang-analyzer-core.NonNullParamChecker): required_argument */
            if (*end || !*optarg || optarg[0] == '+' || optarg[0] == '-' || n < 1 || n > 256) {
                fprintf(stderr, "briefing: error: -j: expected a number of jobs from 1 to 256, got '%s'\n",
                        shown(optarg));
                goto done;
            }
            opt.jobs = (int)n;
            break;
        }
        case OPT_REPORT:
            if (strcmp(optarg, "json") != 0) { /* NOLINT(clang-analyzer-core.NonNullParamChecker): required_argument */
                fprintf(stderr, "briefing: error: --report: the one report is 'json', got '%s'\n", shown(optarg));
                goto done;
            }
            opt.report = true;
            break;
        case 'q': opt.quiet = true; break;
        case OPT_TYPESET: opt.typeset = true; break;
        case 'h':
            usage(stdout);
            st = 0;
            goto done;
        case 'V':
            printf("briefing %s\n", BRIEFING_VERSION); /* the library's, which libload.c holds to it */
            st = 0;
            goto done;
        default: st = bad_option(c, argv); goto done;
        }
    }
    if (command_ok(cmd, files, n_files)) st = run(&opt, cmd, files, n_files);
done:
    free(files);
    return st;
}
