/* date.c - YYYY-MM-DD dates, checked against the calendar. */
#include "doc/doc.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
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
