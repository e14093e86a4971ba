/* replay.c - a fuzz target's checks on given files, without libFuzzer: the
 * suite replays the seeds and every regression of the byte-parser targets
 * with it, in the plain build and under the sanitizers.
 *
 *   replay_TARGET FILE|DIR...    (a directory: each regular file in it)
 */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run(const char *path)
{
    gchar *data;
    gsize len;
    GError *err = NULL;
    if (!g_file_get_contents(path, &data, &len, &err)) {
        fprintf(stderr, "replay: %s\n", err->message);
        g_error_free(err);
        return 0;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)data, len);
    g_free(data);
    return 1;
}

int main(int argc, char **argv)
{
    int n = 0, bad = 0;
    for (int i = 1; i < argc; i++) {
        if (!g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
            if (run(argv[i]))
                n++;
            else
                bad++;
            continue;
        }
        GDir *dir = g_dir_open(argv[i], 0, NULL);
        const char *name;
        while (dir && (name = g_dir_read_name(dir))) {
            gchar *path = g_build_filename(argv[i], name, NULL);
            if (g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
                if (run(path))
                    n++;
                else
                    bad++;
            }
            g_free(path);
        }
        if (dir)
            g_dir_close(dir);
        else
            bad++;
    }
    /* Every check aborts; reaching here is the pass. */
    printf("replayed %d input(s)\n", n);
    return bad || n == 0;
}
