/* test_inline.c - the spec of inline text (FORMAT.md "Text") and of dates,
 * as tables of input and expected result.
 *
 * Runs are written T«text» (plain), S«text» (strong), C«id» (citation),
 * R«reading» (ruby over the run before it) and B (line break), separated
 * by spaces; a text without runs is "".
 */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "doc/doc.h"

static const struct {
    const char *in;
    const char *want;
} inline_cases[] = {
    /* Plain text and white space at the ends. */
    {"", ""},
    {"   ", ""},
    {"plain text", "T«plain text»"},
    {" \t\n padded \r\n", "T«padded»"},
    {"\u3000全角の空白\u3000", "T«全角の空白»"},
    {"\u3000\u3000", ""},
    {"inner  \u3000 space", "T«inner  \u3000 space»"},
    /* Strong. */
    {"**strong**", "S«strong»"},
    {"a **b** c", "T«a » S«b» T« c»"},
    {"**a** **b**", "S«a» T« » S«b»"},
    {"**a****b**", "S«ab»"},
    {"**  spaced  **", "S«  spaced  »"},
    {"***a***", "S«*a» T«*»"},
    {"*single*", "T«*single*»"},
    {"unclosed **strong", "T«unclosed **strong»"},
    {"**a** then ** b", "S«a» T« then ** b»"},
    {"** a ** b **", "S« a » T« b **»"},
    {"****", "T«****»"},
    {"a****b", "T«a****b»"},
    /* Escapes: \ before *, [ or \ takes it literally, else it is itself. */
    {"\\*\\*not strong\\*\\*", "T«**not strong**»"},
    {"**a\\**b**", "S«a**b»"},
    {"\\**a**", "T«**a**»"}, /* the escape breaks the pair; the rest is unclosed */
    {"back\\slash", "T«back\\slash»"},
    {"\\\\", "T«\\»"},
    {"a\\\\**b**", "T«a\\» S«b»"},
    {"end\\", "T«end\\»"},
    {"\\n is not a newline", "T«\\n is not a newline»"},
    {"\\[^a]", "T«[^a]»"},
    {"[\\^a]", "T«[\\^a]»"},
    /* Citations. */
    {"[^a]", "C«a»"},
    {"see [^a][^src-1_b].", "T«see » C«a» C«src-1_b» T«.»"},
    {"[^A][^a]", "C«A» C«a»"},
    {"**[^a]**", "C«a»"},
    {"**x[^a]y**", "S«x» C«a» S«y»"},
    {"[^]", "T«[^]»"},
    {"[^a b]", "T«[^a b]»"},
    {"[^a", "T«[^a»"},
    {"[^a ]", "T«[^a ]»"},
    {"[a]", "T«[a]»"},
    {"[ ^a]", "T«[ ^a]»"},
    {"[^[^a]]", "T«[^» C«a» T«]»"},
    {"[^日本]", "T«[^日本]»"},
    {"[^a]\u3000", "C«a»"},
    /* Line breaks: LF, CR LF and CR are one break each. */
    {"line1\nline2", "T«line1» B T«line2»"},
    {"a\r\nb", "T«a» B T«b»"},
    {"a\rb", "T«a» B T«b»"},
    {"a\n\nb", "T«a» B B T«b»"},
    {"a\n\r\nb", "T«a» B B T«b»"},
    {"**a\nb**", "S«a» B S«b»"},
    {"[^a]\n[^a]", "C«a» B C«a»"},
    /* Ruby: ｜ base (1-20 characters) 《 reading (1-40) 》. */
    {"｜寺田寅彦《てらだとらひこ》", "T«寺田寅彦» R«てらだとらひこ»"},
    {"随筆家の｜寺田寅彦《てらだとらひこ》は", "T«随筆家の» T«寺田寅彦» R«てらだとらひこ» T«は»"},
    {"｜漢《かん》｜字《じ》", "T«漢» R«かん» T«字» R«じ»"},
    {"**｜東京《とうきょう》**へ", "S«東京» R«とうきょう» T«へ»"},
    {"**強い｜字《じ》だ**", "S«強い» S«字» R«じ» S«だ»"},
    {"｜一二三四五六七八九十一二三四五六七八九十《よみ》", "T«一二三四五六七八九十一二三四五六七八九十» R«よみ»"},
    {"｜一二三四五六七八九十一二三四五六七八九十一《よみ》", "T«｜一二三四五六七八九十一二三四五六七八九十一《よみ》»"},
    {"｜字《ああああああああああああああああああああああああああああああああああああああああ》",
     "T«字» R«ああああああああああああああああああああああああああああああああああああああああ»"},
    {"｜字《あああああああああああああああああああああああああああああああああああああああああ》",
     "T«｜字《あああああああああああああああああああああああああああああああああああああああああ》»"},
    {"｜《かな》", "T«｜《かな》»"},
    {"｜字《》", "T«｜字《》»"},
    {"｜字《じ", "T«｜字《じ»"},
    {"｜字《じ\nの》", "T«｜字《じ» B T«の》»"},
    {"｜字《か《な》》", "T«｜字《か《な》》»"},
    {"｜漢｜字《じ》", "T«｜漢» T«字» R«じ»"},
    {"｜**字**《じ》", "T«｜» S«字» T«《じ》»"},
    {"a｜b", "T«a｜b»"},
    {"｜", "T«｜»"},
    {"《かな》だけ", "T«《かな》だけ»"},
    {"字》《じ》", "T«字》《じ》»"},
    {"\\｜字《じ》", "T«｜字《じ》»"},
    {"\\｜", "T«｜»"},
    {"｜字\n《じ》", "T«｜字» B T«《じ》»"},
    {"｜字[^a]《じ》", "T«｜字» C«a» T«《じ》»"},
    /* What looks like markup or a format is text. */
    {"<b>&amp;%s%n</b>", "T«<b>&amp;%s%n</b>»"},
    {"&lt;script&gt; %d %%", "T«&lt;script&gt; %d %%»"},
    {"_em_ `code` # heading", "T«_em_ `code` # heading»"},
};

/* Citations of unknown ids: reported, the run kept with source -1. */
static const struct {
    const char *in;
    const char *want;
    int errors;
    const char *message;
} bad_cases[] = {
    {"[^nope]", "C«?»", 1, "test.json: error: lead: cites an unknown source id \"nope\""},
    {"x [^B] y [^b]", "T«x » C«?» T« y » C«?»", 2, "test.json: error: lead: cites an unknown source id \"b\""},
};

/* Markup that is almost right: set as written (the runs are in inline_cases)
 * with one warning of each kind a string; "" where no warning is due. */
#define NO_CITE "\"[^\" starts no citation (expected [^id], the id of letters, digits, '_' and '-'); "
static const struct {
    const char *in;
    const char *message; /* the last one reported */
} warn_cases[] = {
    {"unclosed **strong", "test.json: warning: lead: \"**\" is never closed; set as written: \"**strong\""},
    {"** a ** b **", "test.json: warning: lead: \"**\" is never closed; set as written: \"**\""},
    {"** ** **x", "test.json: warning: lead: \"**\" is never closed; set as written: \"**x\""},
    {"****", "test.json: warning: lead: \"****\" makes nothing strong; set as written: \"****\""},
    {"a****b****", "test.json: warning: lead: \"****\" makes nothing strong; set as written: \"****b****\""},
    {"[^]", "test.json: warning: lead: " NO_CITE "set as written: \"[^]\""},
    {"x [^ a] [^a]", "test.json: warning: lead: " NO_CITE "set as written: \"[^ a] [^a]\""},
    {"[^a b]", "test.json: warning: lead: " NO_CITE "set as written: \"[^a b]\""},
    {"[^a", "test.json: warning: lead: " NO_CITE "set as written: \"[^a\""},
    {"[^日本]", "test.json: warning: lead: " NO_CITE "set as written: \"[^日本]\""},
    {"[^[^a]]", "test.json: warning: lead: " NO_CITE "set as written: \"[^[^a]]\""},
    {"x｜《かな》", "test.json: warning: lead: \"｜\" has no base text before \"《\"; set as written: \"｜《かな》\""},
    {"｜一二三四五六七八九十一二三四五六七八九十一《よみ》",
     "test.json: warning: lead: a ruby base has more than 20 characters; set as written: "
     "\"｜一二三四五六七八九十一二三四五六七八九十一《よみ》\""},
    {"｜**字**《じ》",
     "test.json: warning: lead: a ruby base cannot hold markup (**, [^ or \\); set as written: \"｜**字**《じ》\""},
    {"｜字《》", "test.json: warning: lead: a ruby reading is empty; set as written: \"｜字《》\""},
    {"｜字《あああああああああああああああああああああああああああああああああああああああああ》",
     "test.json: warning: lead: a ruby reading has more than 40 characters; set as written: "
     "\"｜字《あああああああああああああああああああああああああああああああああああああ\"…"},
    {"｜字《じ",
     "test.json: warning: lead: the \"《\" of a ruby reading is never closed by \"》\"; set as written: \"｜字《じ\""},
    {"｜字《か《な》》", "test.json: warning: lead: a ruby reading cannot hold \"《\" (ruby does not nest); set as "
                         "written: \"｜字《か《な》》\""},
    {"｜漢｜字《じ》 a｜b ｜ 《かな》 \\｜字《じ》 ｜字\n《じ》", ""},
    {"**strong** [^a]", ""},
    {"**a****b**", ""},
    {"***a***", ""},
    {"\\*\\*not strong\\*\\* \\[^a] \\[^ a]", ""},
    {"[a] [ ^a] ^a]", ""},
};

static const struct {
    const char *in;
    const char *want;
} plain_cases[] = {
    {"", ""},
    {"a **b** c", "a b c"},
    {"cited[^a].", "cited."},
    {"two\nlines", "two lines"},
    {"\\*escaped\\*", "*escaped*"},
    {"随筆家の｜寺田寅彦《てらだとらひこ》は", "随筆家の寺田寅彦は"},
};

static const struct {
    const char *in;
    bool ok;
    bf_date want;
} date_cases[] = {
    {"2025-02-21", true, {2025, 2, 21}},
    {"2024-02-29", true, {2024, 2, 29}},
    {"2000-02-29", true, {2000, 2, 29}},
    {"1900-01-01", true, {1900, 1, 1}},
    {"9999-12-31", true, {9999, 12, 31}},
    {"2025-04-30", true, {2025, 4, 30}},
    {"2025-02-30", false, {0, 0, 0}},
    {"2023-02-29", false, {0, 0, 0}},
    {"1900-02-29", false, {0, 0, 0}}, /* not a leap year: divisible by 100, not by 400 */
    {"2025-04-31", false, {0, 0, 0}},
    {"2025-13-01", false, {0, 0, 0}},
    {"2025-00-10", false, {0, 0, 0}},
    {"2025-01-00", false, {0, 0, 0}},
    {"1899-12-31", false, {0, 0, 0}},
    {"0000-01-01", false, {0, 0, 0}},
    {"10000-01-01", false, {0, 0, 0}},
    {"2025-1-01", false, {0, 0, 0}},
    {"2025-01-1", false, {0, 0, 0}},
    {"2025/01/01", false, {0, 0, 0}},
    {"2025-01-01 ", false, {0, 0, 0}},
    {" 2025-01-01", false, {0, 0, 0}},
    {"2025-01-01\n", false, {0, 0, 0}},
    {"2025-01-01T00:00", false, {0, 0, 0}},
    {"+025-01-01", false, {0, 0, 0}},
    {"2025-+1-01", false, {0, 0, 0}},
    {"\uFF12\uFF10\uFF12\uFF15-01-01", false, {0, 0, 0}}, /* fullwidth digits */
    {"", false, {0, 0, 0}},
    {NULL, false, {0, 0, 0}},
};

static int failures;

static void fail(const char *what, const char *in, const char *want, const char *got)
{
    failures++;
    printf("FAIL %s\n  input:    \"%s\"\n  expected: %s\n  actual:   %s\n", what, in ? in : "NULL", want, got);
}

/* The runs of t in the notation above, into buf. */
static void describe(const bf_doc *doc, const bf_text *t, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < t->n_runs && n < size; i++) {
        const bf_run *r = &t->runs[i];
        const char *sep = i ? " " : "";
        switch (r->kind) {
        case BF_RUN_TEXT:
        case BF_RUN_STRONG:
            /* A run's text is never empty, and the other fields unused. */
            if (!r->text || !*r->text || r->source != -1)
                n += (size_t)snprintf(buf + n, size - n, "%s!bad run!", sep);
            else
                n += (size_t)snprintf(buf + n, size - n, "%s%c«%s»", sep, r->kind == BF_RUN_TEXT ? 'T' : 'S', r->text);
            break;
        case BF_RUN_CITE:
            n += (size_t)snprintf(buf + n, size - n, "%sC«%s»", sep,
                                  r->text         ? "!text!"
                                  : r->source < 0 ? "?"
                                                  : doc->sources[r->source].id);
            break;
        case BF_RUN_BREAK: n += (size_t)snprintf(buf + n, size - n, "%s%s", sep, r->text ? "!B!" : "B"); break;
        case BF_RUN_RUBY:
            /* Always after its base, a text or strong run. */
            if (!r->text || !*r->text || r->source != -1 || i == 0 ||
                (t->runs[i - 1].kind != BF_RUN_TEXT && t->runs[i - 1].kind != BF_RUN_STRONG))
                n += (size_t)snprintf(buf + n, size - n, "%s!bad ruby!", sep);
            else
                n += (size_t)snprintf(buf + n, size - n, "%sR«%s»", sep, r->text);
            break;
        }
    }
}

int main(void)
{
    bf_source sources[] = {{.id = "a", .name = "A"},
                           {.id = NULL, .name = "no id"},
                           {.id = "src-1_b", .name = "B"},
                           {.id = "A", .name = "upper case"}};
    bf_doc doc = {.file = "test.json", .sources = sources, .n_sources = 4};
    int checks = 0;
    char got[1024];

    for (size_t i = 0; i < sizeof inline_cases / sizeof *inline_cases; i++) {
        bf_arena *arena = bf_arena_new();
        bf_diag *diag = bf_diag_new(NULL);
        bf_text t;
        bool ok = bf_text_parse(arena, diag, &doc, "lead", inline_cases[i].in, &t);
        describe(&doc, &t, got, sizeof got);
        if (!ok || bf_diag_errors(diag) != 0)
            fail("inline (unexpected error)", inline_cases[i].in, inline_cases[i].want, bf_diag_last(diag));
        else if (strcmp(got, inline_cases[i].want) != 0)
            fail("inline", inline_cases[i].in, inline_cases[i].want, got);
        checks++;
        bf_diag_free(diag);
        bf_arena_free(arena);
    }

    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        bf_arena *arena = bf_arena_new();
        bf_diag *diag = bf_diag_new(NULL);
        bf_text t;
        bool ok = bf_text_parse(arena, diag, &doc, "lead", bad_cases[i].in, &t);
        describe(&doc, &t, got, sizeof got);
        if (ok || bf_diag_errors(diag) != bad_cases[i].errors)
            fail("citation error (count)", bad_cases[i].in, "errors", bf_diag_last(diag));
        else if (strcmp(bf_diag_last(diag), bad_cases[i].message) != 0)
            fail("citation error (message)", bad_cases[i].in, bad_cases[i].message, bf_diag_last(diag));
        else if (strcmp(got, bad_cases[i].want) != 0)
            fail("citation error (runs)", bad_cases[i].in, bad_cases[i].want, got);
        checks++;
        bf_diag_free(diag);
        bf_arena_free(arena);
    }

    for (size_t i = 0; i < sizeof warn_cases / sizeof *warn_cases; i++) {
        bf_arena *arena = bf_arena_new();
        bf_diag *diag = bf_diag_new(NULL);
        bf_text t;
        bool ok = bf_text_parse(arena, diag, &doc, "lead", warn_cases[i].in, &t);
        if (!ok || bf_diag_errors(diag) != 0)
            fail("markup warning (unexpected error)", warn_cases[i].in, warn_cases[i].message, bf_diag_last(diag));
        else if (strcmp(bf_diag_last(diag), warn_cases[i].message) != 0)
            fail("markup warning", warn_cases[i].in, warn_cases[i].message, bf_diag_last(diag));
        checks++;
        bf_diag_free(diag);
        bf_arena_free(arena);
    }

    for (size_t i = 0; i < sizeof plain_cases / sizeof *plain_cases; i++) {
        bf_arena *arena = bf_arena_new();
        bf_diag *diag = bf_diag_new(NULL);
        bf_text t;
        bf_text_parse(arena, diag, &doc, "title", plain_cases[i].in, &t);
        const char *plain = bf_text_plain(arena, &t);
        if (!plain || strcmp(plain, plain_cases[i].want) != 0)
            fail("plain", plain_cases[i].in, plain_cases[i].want, plain ? plain : "NULL");
        checks++;
        bf_diag_free(diag);
        bf_arena_free(arena);
    }

    for (size_t i = 0; i < sizeof date_cases / sizeof *date_cases; i++) {
        bf_date d = {-1, -1, -1};
        bool ok = bf_date_parse(date_cases[i].in, &d);
        snprintf(got, sizeof got, "%s %d-%d-%d", ok ? "accepted" : "refused", d.year, d.month, d.day);
        char want[64];
        if (date_cases[i].ok)
            snprintf(want, sizeof want, "accepted %d-%d-%d", date_cases[i].want.year, date_cases[i].want.month,
                     date_cases[i].want.day);
        else
            snprintf(want, sizeof want, "refused -1--1--1"); /* *out untouched */
        if (strcmp(got, want) != 0) fail("date", date_cases[i].in, want, got);
        checks++;
    }

    printf("inline: %d passed, %d failed\n", checks - failures, failures);
    return failures ? 1 : 0;
}
