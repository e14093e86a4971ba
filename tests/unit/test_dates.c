/* Dates as the layout's date style writes them, across era boundaries. */
#include <stdio.h>
#include <string.h>

#include "doc/doc.h"

static const struct {
    int y, m, d;
    bf_date_style style;
    bool weekday;
    const char *want;
} cases[] = {
    {2025, 2, 21, BF_DATE_SEIREKI, false, "2025年2月21日"},
    {2025, 2, 21, BF_DATE_SEIREKI, true, "2025年2月21日（金）"},
    {2025, 2, 21, BF_DATE_ISO, false, "2025-02-21"},
    {2025, 2, 21, BF_DATE_ISO, true, "2025-02-21（金）"},
    {2025, 2, 21, BF_DATE_WAREKI, false, "令和7年2月21日"},
    {2019, 4, 30, BF_DATE_WAREKI, false, "平成31年4月30日"},
    {2019, 5, 1, BF_DATE_WAREKI, false, "令和元年5月1日"},
    {2019, 5, 1, BF_DATE_WAREKI, true, "令和元年5月1日（水）"},
    {2020, 1, 1, BF_DATE_WAREKI, false, "令和2年1月1日"},
    {1989, 1, 7, BF_DATE_WAREKI, false, "昭和64年1月7日"},
    {1989, 1, 8, BF_DATE_WAREKI, false, "平成元年1月8日"},
    {1926, 12, 24, BF_DATE_WAREKI, false, "大正15年12月24日"},
    {1926, 12, 25, BF_DATE_WAREKI, false, "昭和元年12月25日"},
    {1912, 7, 29, BF_DATE_WAREKI, false, "明治45年7月29日"},
    {1912, 7, 30, BF_DATE_WAREKI, false, "大正元年7月30日"},
    {2024, 2, 29, BF_DATE_SEIREKI, true, "2024年2月29日（木）"},
    {2000, 1, 1, BF_DATE_SEIREKI, true, "2000年1月1日（土）"},
    {1900, 3, 1, BF_DATE_ISO, true, "1900-03-01（木）"},
};

int main(void)
{
    bf_arena *a = bf_arena_new();
    int failed = 0, n = (int)(sizeof cases / sizeof cases[0]);
    for (int i = 0; i < n; i++) {
        bf_date d = {cases[i].y, cases[i].m, cases[i].d};
        const char *got = bf_date_format(a, d, cases[i].style, cases[i].weekday);
        if (strcmp(got, cases[i].want) != 0) {
            printf("FAIL %04d-%02d-%02d style %d: got \"%s\", want \"%s\"\n", cases[i].y, cases[i].m, cases[i].d,
                   cases[i].style, got, cases[i].want);
            failed++;
        }
    }
    bf_arena_free(a);
    printf("dates: %d passed, %d failed\n", n - failed, failed);
    return failed != 0;
}
