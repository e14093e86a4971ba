/* embed.c - a program that sets a briefing with libbriefing.
 *
 *   cc embed.c $(pkg-config --cflags --libs briefing) -o embed
 *   ./embed weekly.yaml weekly.pdf     # the PDF to a file, written atomically
 *   ./embed weekly.yaml - > out.pdf    # its bytes through a write callback
 *
 * Each message comes to the callback with its parts (file, line, column,
 * data path); the exit status is the build's: 0, 1 (failed) or 2 (the
 * input, the layout or the output is to be changed).
 */
#include <briefing.h>
#include <stdio.h>
#include <string.h>

static void on_message(void *ctx, const briefing_diagnostic *d)
{
    (void)ctx;
    fprintf(stderr, "%s:%d:%d: %s: %s%s%s\n", d->file ? d->file : "embed", d->line, d->column,
            d->level == BRIEFING_ERROR ? "error" : "warning", d->path ? d->path : "", d->path ? ": " : "", d->message);
}

static bool to_stdout(void *ctx, const void *bytes, size_t len)
{
    return fwrite(bytes, 1, len, ctx) == len;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: embed FILE OUT.pdf   (OUT - for standard output)\n");
        return 2;
    }
    briefing *b = briefing_new();
    briefing_set_diagnostic_callback(b, on_message, NULL);
    briefing_load_file(b, argv[1]);
    briefing_status st =
        strcmp(argv[2], "-") ? briefing_build_file(b, argv[2]) : briefing_build_callback(b, to_stdout, stdout);
    if (st == BRIEFING_OK)
        fprintf(stderr, "%d pages with libbriefing %s\n", briefing_page_count(b), briefing_version());
    briefing_free(b);
    return (int)st;
}
