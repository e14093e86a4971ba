/* The fast JSON reader (src/doc/json-read.c) against jansson's: the same
 * tree for every example and golden document, and for texts that reach
 * each of its paths; none for what it leaves to jansson, so that jansson
 * words the error.  Arguments: folders of JSON documents, each of which
 * it must read itself. */
#include <glib.h>
#include <string.h>

#include "../fuzz/jsonread-check.h"
#include "check.h"

/* Read by both, the same. */
static const char *const same[] = {
    "{}",
    "[]",
    " \t\r\n{ \"a\" : [ 1 , -0 , 0.5 , -1.25e+3 , 1E-2 , 9223372036854775807 , -9223372036854775808 ] } \n",
    "{\"s\": \"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"}",
    "{\"k\\u00e9y\": \"\\u65e5\\u672C\\u8a9e\", \"k\\u00e9y2\": 1}",
    "[\"\\ud83d\\ude00 emoji\", \"\\uD842\\uDFB7\"]",
    "{\"日本語\": \"値\", \"\": \"empty key\", \"nested\": {\"a\": {\"b\": [[], {}, [null, true, false]]}}}",
    "\"a top-level string\"",
    "42",
    "1e-400",
    "{\"z\": 1, \"a\": 2, \"m\": 3}",
    "{\"esc\\\"aped\": {\"esc\\\"aped\": \"\\u0041\"}}",
};

/* Left to jansson: errors, and what this reader is not sure of. */
static const char *const left[] = {
    "",
    "   ",
    "{\"a\": 1, \"a\": 2}",
    "{\"a\\u0000\": 1}",
    "[\"\\u0000\"]",
    "[\"\\ud800\"]",
    "[\"\\udc00\"]",
    "[\"\\ud800\\u0041\"]",
    "[1,]",
    "{\"a\": 1,}",
    "[01]",
    "[1.]",
    "[.5]",
    "[1e]",
    "[-]",
    "[1e999]",
    "[9223372036854775808]",
    "[truex]",
    "[nul]",
    "{\"a\" 1}",
    "{a: 1}",
    "[\"tab\there\"]",
    "[\"\\x\"]",
    "[\"\\u12\"]",
    "{} {}",
    "[1] x",
    "[\"unclosed",
    "{\"a\": [1, 2}",
};

static int read_folder(const char *dir)
{
    int n = 0;
    GDir *d = g_dir_open(dir, 0, NULL);
    CHECK(d != NULL, "cannot open %s", dir);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        if (!g_str_has_suffix(name, ".json")) continue;
        gchar *path = g_build_filename(dir, name, NULL), *text = NULL;
        gsize len = 0;
        if (g_file_get_contents(path, &text, &len, NULL)) {
            CHECK(jsonread_check(text, len), "%s: left to jansson", path);
            n++;
        }
        g_free(text);
        g_free(path);
    }
    if (d) g_dir_close(d);
    return n;
}

int main(int argc, char **argv)
{
    for (size_t i = 0; i < sizeof same / sizeof *same; i++)
        CHECK(jsonread_check(same[i], strlen(same[i])), "left to jansson: %s", same[i]);
    for (size_t i = 0; i < sizeof left / sizeof *left; i++)
        CHECK(!jsonread_check(left[i], strlen(left[i])), "read, not left to jansson: %s", left[i]);
    /* Nesting: deep enough is read, deeper is left to jansson. */
    GString *deep = g_string_new(NULL);
    for (int i = 0; i < 600; i++) g_string_append_c(deep, '[');
    for (int i = 0; i < 600; i++) g_string_append_c(deep, ']');
    CHECK(!jsonread_check(deep->str, deep->len), "600 levels read");
    g_string_truncate(deep, 0);
    for (int i = 0; i < 100; i++) g_string_append(deep, "{\"a\":[");
    for (int i = 0; i < 100; i++) g_string_append(deep, "]}");
    CHECK(jsonread_check(deep->str, deep->len), "200 levels left to jansson");
    g_string_free(deep, TRUE);
    int docs = 0;
    for (int i = 1; i < argc; i++) docs += read_folder(argv[i]);
    CHECK(argc < 2 || docs > 0, "no documents in the folders given");
    return failed != 0;
}
