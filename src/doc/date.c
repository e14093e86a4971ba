/* date.c - YYYY-MM-DD dates, checked against the calendar, and written
 * in the Western calendar, as ISO 8601 or in Japanese eras (wareki). */
#include <stdio.h>

#include "doc/doc.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
    return v;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

bool bf_date_parse(const char *s, bf_date *out)
{
    /* Exactly ten characters: no sign, no spaces, no trailing newline, and
     * only ASCII digits (never locale digits, which isdigit may accept). */
    if (!s) return false;
    for (int i = 0; i < 10; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : !is_digit(s[i])) return false;
    }
    if (s[10] != '\0') return false;
    int year = digits(s, 4), month = digits(s + 5, 2), day = digits(s + 8, 2);
    if (year < 1900 || month < 1 || month > 12) return false;
    if (day < 1 || day > days_in_month(year, month)) return false;
    if (out) *out = (bf_date){year, month, day};
    return true;
}

static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

char *bf_date_format(bf_arena *a, bf_date d, bf_date_style style, bool weekday)
{
    static const char *const weekdays[] = {"木", "金", "土", "日", "月", "火", "水"};
    char wd[32] = "";
    if (weekday) {
        long days = days_from_civil(d.year, d.month, d.day);
        snprintf(wd, sizeof wd, "（%s）", weekdays[((days % 7) + 7) % 7]);
    }
    if (style == BF_DATE_ISO) return bf_arena_printf(a, "%04d-%02d-%02d%s", d.year, d.month, d.day, wd);
    if (style == BF_DATE_WAREKI) {
        /* Each era begins on the day of its accession. */
        static const struct {
            const char *name;
            int y, m, d;
        } eras[] = {{"令和", 2019, 5, 1},
                    {"平成", 1989, 1, 8},
                    {"昭和", 1926, 12, 25},
                    {"大正", 1912, 7, 30},
                    {"明治", 1868, 1, 25}};
        for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
            long key = d.year * 10000L + d.month * 100L + d.day;
            if (key >= eras[i].y * 10000L + eras[i].m * 100L + eras[i].d) {
                int n = d.year - eras[i].y + 1;
                if (n == 1) return bf_arena_printf(a, "%s元年%d月%d日%s", eras[i].name, d.month, d.day, wd);
                return bf_arena_printf(a, "%s%d年%d月%d日%s", eras[i].name, n, d.month, d.day, wd);
            }
        }
    }
    return bf_arena_printf(a, "%d年%d月%d日%s", d.year, d.month, d.day, wd);
}
