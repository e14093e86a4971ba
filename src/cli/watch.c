/* watch.c - `briefing watch FILE`: build, then build again whenever the
 * input, one of its images or its layout file is saved.
 *
 * GLib's file monitors watch the folders that hold those files, not the
 * files themselves: an editor that saves by writing a new file and renaming
 * it over the old one replaces the file a monitor on it would follow, while
 * the folder sees the rename.  Events are gathered for a short moment so
 * that a save made of several writes builds once.  Each build is a normal
 * build (briefing_build_file): a failed one leaves the last good PDF in
 * place.  It uses the public interface only.
 */
#include <glib-unix.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "briefing.h"
#include "cli/cli.h"

/* How long after the last event of a save the build starts. */
enum { SETTLE_MS = 60 };

typedef struct {
    briefing *b;
    const char *output;
    GMainLoop *loop;
    GHashTable *files;    /* the absolute paths that trigger a build */
    GHashTable *monitors; /* folder path -> GFileMonitor */
    guint pending;        /* the settle timeout, or 0 */
    int builds;
} watcher;

static void on_event(GFileMonitor *m, GFile *file, GFile *other, GFileMonitorEvent ev, gpointer data);

static void watch_file(watcher *w, const char *path)
{
    GFile *f = g_file_new_for_path(path); /* made absolute against the working folder */
    char *abs = g_file_get_path(f);
    GFile *dir = g_file_get_parent(f);
    g_object_unref(f);
    if (!abs || !dir) {
        g_free(abs);
        if (dir) g_object_unref(dir);
        return;
    }
    g_hash_table_add(w->files, abs);
    char *dir_path = g_file_get_path(dir);
    if (dir_path && !g_hash_table_contains(w->monitors, dir_path)) {
        GError *err = NULL;
        GFileMonitor *m = g_file_monitor_directory(dir, G_FILE_MONITOR_WATCH_MOVES, NULL, &err);
        if (m) {
            g_file_monitor_set_rate_limit(m, 0);
            g_signal_connect(m, "changed", G_CALLBACK(on_event), w);
            g_hash_table_insert(w->monitors, dir_path, m);
            dir_path = NULL;
        } else {
            fprintf(stderr, "briefing: warning: cannot watch %s: %s\n", dir_path, err->message);
            g_error_free(err);
        }
    }
    g_free(dir_path);
    g_object_unref(dir);
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

static bool is_watched(watcher *w, GFile *f)
{
    if (!f) return false;
    char *p = g_file_get_path(f);
    bool yes = p && g_hash_table_contains(w->files, p);
    g_free(p);
    return yes;
}

static void on_event(GFileMonitor *m, GFile *file, GFile *other, GFileMonitorEvent ev, gpointer data)
{
    (void)m;
    watcher *w = data;
    switch (ev) {
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED: break;
    default: return;
    }
    if (!is_watched(w, file) && !is_watched(w, other)) return;
    if (w->pending) g_source_remove(w->pending);
    w->pending = g_timeout_add(SETTLE_MS, settled, w);
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
    w.monitors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
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
    if (w.pending) g_source_remove(w.pending);
    g_main_loop_unref(w.loop);
    g_hash_table_destroy(w.monitors);
    g_hash_table_destroy(w.files);
    briefing_set_read_callback(b, NULL, NULL);
    g_free(preview);
    return BRIEFING_OK;
}
