/* convert.c - `briefing convert IN OUT`: a briefing file from JSON to YAML or
 * back (doc/convert.c), and `briefing init`: a starter briefing; each
 * written as every output is: complete or not at all, and an existing file
 * with other content kept unless forced. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "render/render.h"
#include "run/run.h"

typedef struct {
    const char *bytes;
    size_t len;
} converted;

static bool write_converted(FILE *f, void *ctx)
{
    const converted *c = ctx;
    return fwrite(c->bytes, 1, c->len, f) == c->len;
}

bf_build_status bf_convert(const char *in, const char *out, bool force, bf_diag *d)
{
    bool in_yaml = strcmp(in, "-") != 0 && bf_is_yaml_name(in);
    bool to_yaml = strcmp(out, "-") == 0 ? !in_yaml : bf_is_yaml_name(out);
    const char *name = strcmp(in, "-") == 0 ? "<stdin>" : in;
    size_t len = 0, out_len = 0;
    char *bytes = bf_doc_read(d, in, &len);
    if (!bytes) return BF_BUILD_BAD_INPUT;
    char *text = bf_doc_convert(d, name, bytes, len, to_yaml, &out_len);
    g_free(bytes);
    if (!text) return BF_BUILD_BAD_INPUT;
    bf_build_status st = BF_BUILD_OK;
    if (strcmp(out, "-") == 0) {
        if (fwrite(text, 1, out_len, stdout) != out_len || fflush(stdout) != 0) {
            bf_error(d, "<stdout>", NULL, "cannot write");
            st = BF_BUILD_FAILED;
        }
    } else {
        converted c = {text, out_len};
        int r = bf_output_atomic(d, out, write_converted, &c, force ? BF_OUTPUT_REPLACE : BF_OUTPUT_NO_CLOBBER);
        if (r == BF_OUTPUT_FAILED) st = BF_BUILD_FAILED;
        if (r == BF_OUTPUT_REFUSED) st = BF_BUILD_BAD_INPUT;
    }
    g_free(text);
    return st;
}

bf_build_status bf_init(const char *name, bool force, bf_diag *d)
{
    const char *data = bf_data_dir();
    if (!data) {
        bf_error(d, NULL, NULL, "cannot find the data folder (examples/starter.yaml) in %s; set BRIEFING_DATA_DIR",
                 bf_data_dir_expected());
        return BF_BUILD_FAILED;
    }
    char *starter = g_strdup_printf("%s/examples/starter.yaml", data);
    size_t len = 0;
    char *bytes = bf_doc_read(d, starter, &len);
    g_free(starter);
    if (!bytes) return BF_BUILD_FAILED;
    char *target = bf_is_yaml_name(name) ? g_strdup(name) : g_strdup_printf("%s.yaml", name);
    converted c = {bytes, len};
    int r = bf_output_atomic(d, target, write_converted, &c, force ? BF_OUTPUT_REPLACE : BF_OUTPUT_NO_CLOBBER);
    if (r == BF_OUTPUT_WRITTEN) fprintf(stderr, "wrote %s (build it with: briefing build %s)\n", target, target);
    if (r == BF_OUTPUT_KEPT) fprintf(stderr, "%s: unchanged (the starter is already there)\n", target);
    g_free(target);
    g_free(bytes);
    return r == BF_OUTPUT_FAILED ? BF_BUILD_FAILED : r == BF_OUTPUT_REFUSED ? BF_BUILD_BAD_INPUT : BF_BUILD_OK;
}
