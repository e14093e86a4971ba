/* Where a data path's value is in JSON text (src/doc/json-where.c): the
 * line and column content errors name. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "doc/doc-private.h"

static const char doc[] = "{\n"
                          "  \"title\": \"T\",\n"                                                         /* 2 */
                          "  \"edition\": {\"date\": \"2025-02-30\"},\n"                                  /* 3 */
                          "  \"chapters\": [\n"                                                           /* 4 */
                          "    {\"title\": \"A\", \"body\": [\"x\", 12]},\n"                              /* 5 */
                          "    {\"ti\\u0074le\": \"日本語\", \"body\": [\"[\", {\"a\": \"]}\"}, true]}\n" /* 6 */
                          "  ]\n"
                          "}\n";

static const struct {
    const char *path;
    int line, column;
} cases[] = {
    {"title", 2, 12},
    {"edition", 3, 14},
    {"edition.date", 3, 23},
    {"edition.number", 3, 14}, /* missing: its object */
    {"chapters", 4, 15},
    {"chapters[0]", 5, 5},
    {"chapters[0].body[1]", 5, 34},
    {"chapters[1].title", 6, 20},   /* a key written with an escape */
    {"chapters[1].body[2]", 6, 54}, /* past strings holding brackets */
    {"chapters[7]", 4, 15},         /* no such element: the array */
    {"chapters[1].body[1].a", 6, 47},
    {"nothing", 1, 1},
};

int main(void)
{
    size_t n = sizeof cases / sizeof *cases;
    for (size_t i = 0; i < n; i++) {
        int line = 0, column = 0;
        bool ok = bf_json_locate(doc, strlen(doc), cases[i].path, &line, &column);
        CHECK(ok && line == cases[i].line && column == cases[i].column, "%s: got %d:%d, want %d:%d", cases[i].path,
              line, column, cases[i].line, cases[i].column);
    }
    /* Cut short, it never reads past the end. */
    for (size_t len = 0; len < strlen(doc); len++) {
        int line, column;
        bf_json_locate(doc, len, "chapters[1].body[2]", &line, &column);
    }
    printf("json-where: %zu passed, %d failed\n", n - (size_t)failed, failed);
    return failed != 0;
}
