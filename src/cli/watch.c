/* watch.c - `briefing watch FILE`: build, then build again whenever the
 * input, one of its images or its layout file is saved.
 *
 * inotify watches the folders that hold those files, not the files
 * themselves: an editor that saves by writing a new file and renaming
 * it over the old one replaces the file a monitor on it would follow, while
 * the folder sees the rename.  Events are gathered for a short moment so
 * that a save made of several writes builds once.  Each build is a normal
 * build (briefing_build_file): a failed one leaves the last good PDF in
 * place.  It uses the public interface only, and GLib's main loop without
 * GIO, which the program does not link (see libload.c).
 */
#include <errno.h>
#include <glib-unix.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "briefing.h"
#include "cli/cli.h"

/* How long after the last event of a save the build starts. */
enum { SETTLE_MS = 60 };

typedef struct {
    briefing *b;
    const char *output;
    GMainLoop *loop;
    GHashTable *files;   /* the absolute paths that trigger a build */
    GHashTable *folders; /* folder path -> its inotify watch */
    GHashTable *watches; /* inotify watch -> folder path */
    int fd;              /* the inotify instance */
    guint pending;       /* the settle timeout, or 0 */
    int builds;
} watcher;

/* The events of a save: written, made, removed, renamed in or out. */
enum { EVENTS = IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB };

static void watch_file(watcher *w, const char *path)
{
    char *cwd = g_get_current_dir();
    char *abs = g_canonicalize_filename(path, cwd); /* made absolute against the working folder */
    char *dir = g_path_get_dirname(abs);
    g_free(cwd);
    g_hash_table_add(w->files, abs);
    if (!g_hash_table_contains(w->folders, dir)) {
        int wd = inotify_add_watch(w->fd, dir, EVENTS);
        if (wd >= 0) {
            g_hash_table_insert(w->folders, g_strdup(dir), GINT_TO_POINTER(wd));
            g_hash_table_insert(w->watches, GINT_TO_POINTER(wd), g_strdup(dir));
        } else {
            fprintf(stderr, "briefing: warning: cannot watch %s: %s\n", dir, g_strerror(errno));
        }
    }
    g_free(dir);
}

static void read_file(void *ctx, const char *path)
{
    watch_file(ctx, path);
}

static void build(watcher *w)
{
    gint64 t0 = g_get_monotonic_time();
    briefing_status st = briefing_build_file(w->b, w->output);
    int pages = briefing_page_count(w->b), errors = briefing_error_count(w->b);
    double ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
    char clock[16];
    time_t now = time(NULL);
    struct tm tm;
    strftime(clock, sizeof clock, "%H:%M:%S", localtime_r(&now, &tm));
    if (st == BRIEFING_OK) {
        fprintf(stderr, "%s ok: %d page%s in %.0f ms: %s\n", clock, pages, pages == 1 ? "" : "s", ms,
                briefing_written_path(w->b));
        /* The file is this watch's own from now on. */
        briefing_set_force(w->b, true);
    } else {
        fprintf(stderr, "%s failed (%d error%s); %s\n", clock, errors, errors == 1 ? "" : "s",
                w->builds ? "the last good PDF is kept" : "nothing written yet");
    }
    fflush(stderr);
    w->builds++;
}

static gboolean settled(gpointer data)
{
    watcher *w = data;
    w->pending = 0;
    build(w);
    return G_SOURCE_REMOVE;
}

/* A save of a watched file starts the settle time again. */
static void saw(watcher *w, const struct inotify_event *ev)
{
    const char *dir = g_hash_table_lookup(w->watches, GINT_TO_POINTER(ev->wd));
    if (!(ev->mask & IN_Q_OVERFLOW)) { /* lost events: build to be sure */
        if (!dir || !ev->len) return;
        char *p = g_build_filename(dir, ev->name, NULL);
        bool yes = g_hash_table_contains(w->files, p);
        g_free(p);
        if (!yes) return;
    }
    if (w->pending) g_source_remove(w->pending);
    w->pending = g_timeout_add(SETTLE_MS, settled, w);
}

static gboolean on_events(gint fd, GIOCondition cond, gpointer data)
{
    (void)cond;
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t n = read(fd, buf, sizeof buf);
    for (ssize_t at = 0; n > 0 && at + (ssize_t)sizeof(struct inotify_event) <= n;) {
        const struct inotify_event *ev = (const void *)(buf + at);
        saw(data, ev);
        at += (ssize_t)(sizeof *ev + ev->len);
    }
    return G_SOURCE_CONTINUE;
}

static gboolean on_signal(gpointer data)
{
    g_main_loop_quit(((watcher *)data)->loop);
    return G_SOURCE_CONTINUE; /* removed with the other one below */
}

/* The preview's name: out/NAME.preview.pdf. */
static char *preview_name(const char *input)
{
    char *base = g_path_get_basename(strcmp(input, "-") ? input : "briefing");
    static const char *const exts[] = {".json", ".yaml", ".yml"};
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        if (g_str_has_suffix(base, exts[i]) && strlen(base) > strlen(exts[i])) {
            base[strlen(base) - strlen(exts[i])] = '\0';
            break;
        }
    char *name = g_strdup_printf("out/%s.preview.pdf", base);
    g_free(base);
    return name;
}

int bf_cli_watch(briefing *b, const char *input, const char *output)
{
    if (!strcmp(input, "-")) {
        fputs("briefing: error: watch needs a file, not standard input\n", stderr);
        return BRIEFING_BAD_INPUT;
    }
    watcher w = {.b = b, .output = output};
    char *preview = NULL;
    if (!w.output) {
        preview = preview_name(input);
        w.output = preview;
        briefing_set_force(b, true); /* the preview is the watch's own file, never an edition */
        g_mkdir_with_parents("out", 0777);
    }
    briefing_load_file(b, input);
    briefing_set_read_callback(b, read_file, &w);
    w.files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    w.folders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    w.watches = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    w.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w.fd < 0) fprintf(stderr, "briefing: warning: cannot watch for changes: %s\n", g_strerror(errno));
    guint s0 = w.fd >= 0 ? g_unix_fd_add(w.fd, G_IO_IN, on_events, &w) : 0;
    w.loop = g_main_loop_new(NULL, FALSE);
    watch_file(&w, input);

    build(&w);
    fprintf(stderr, "watching %u file%s; Ctrl-C stops\n", g_hash_table_size(w.files),
            g_hash_table_size(w.files) == 1 ? "" : "s");
    guint s1 = g_unix_signal_add(SIGINT, on_signal, &w), s2 = g_unix_signal_add(SIGTERM, on_signal, &w);
    g_main_loop_run(w.loop);
    fputs("stopped\n", stderr);

    g_source_remove(s1);
    g_source_remove(s2);
    if (s0) g_source_remove(s0);
    if (w.fd >= 0) close(w.fd);
    if (w.pending) g_source_remove(w.pending);
    g_main_loop_unref(w.loop);
    g_hash_table_destroy(w.watches);
    g_hash_table_destroy(w.folders);
    g_hash_table_destroy(w.files);
    briefing_set_read_callback(b, NULL, NULL);
    g_free(preview);
    return BRIEFING_OK;
}
