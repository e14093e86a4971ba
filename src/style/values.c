/* values.c - the values a layout key takes: lengths, em, colours,
 * booleans and page sizes, each checked whole (style/values.h). */
#include "style/values.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MM (72.0 / 25.4)

/* A plain decimal number: digits, optionally a point and more digits.  No
 * sign, exponent, hexadecimal ("0x10"), "inf" or "nan", which strtod would
 * all take.  Returns the end of the number, or NULL when there is none. */
static const char *parse_decimal(const char *v, double *out)
{
    const char *p = v;
    while (*p >= '0' && *p <= '9') p++;
    if (p == v) return NULL;
    if (*p == '.') {
        const char *f = ++p;
        while (*p >= '0' && *p <= '9') p++;
        if (p == f) return NULL;
    }
    if (p - v > 12) return NULL; /* no sensible value has so many digits */
    char buf[16];
    memcpy(buf, v, (size_t)(p - v));
    buf[p - v] = 0;
    *out = strtod(buf, NULL);
    return p;
}

bool bf_value_length(const char *v, bool plain_is_pt, double *out)
{
    double x;
    const char *end = parse_decimal(v, &x);
    if (!end) return false;
    while (*end == ' ') end++;
    double unit;
    if (!strcmp(end, "mm"))
        unit = MM;
    else if (!strcmp(end, "cm"))
        unit = 10 * MM;
    else if (!strcmp(end, "in"))
        unit = 72;
    else if (!strcmp(end, "pt") || (plain_is_pt && !*end))
        unit = 1;
    else
        return false;
    *out = x * unit;
    return true;
}

/* A number of em: plain, or with "em" after it. */
bool bf_value_em(const char *v, double *out)
{
    const char *end = parse_decimal(v, out);
    if (!end) return false;
    while (*end == ' ') end++;
    return !*end || !strcmp(end, "em");
}

bool bf_value_color(const char *v, bf_color *out)
{
    if (v[0] != '#' || strlen(v) != 7) return false;
    for (int i = 1; i < 7; i++)
        if (!isxdigit((unsigned char)v[i])) return false;
    unsigned hex = (unsigned)strtoul(v + 1, NULL, 16);
    *out = (bf_color){((hex >> 16) & 255) / 255.0, ((hex >> 8) & 255) / 255.0, (hex & 255) / 255.0};
    return true;
}

bool bf_value_bool(const char *v, bool *out)
{
    if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on")) return *out = true, true;
    if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off")) return *out = false, true;
    return false;
}

static int strcasecmp_ascii(const char *a, const char *b)
{
    for (; *a && tolower((unsigned char)*a) == tolower((unsigned char)*b); a++, b++)
        ;
    return tolower((unsigned char)*a) - tolower((unsigned char)*b);
}

static const struct {
    const char *name;
    double w, h; /* mm */
} page_sizes[] = {
    {"A3", 297, 420}, {"A4", 210, 297}, {"A5", 148, 210},         {"B4", 257, 364},
    {"B5", 182, 257}, {"B6", 128, 182}, {"Letter", 215.9, 279.4},
};

bool bf_value_page(const char *v, double *w, double *h)
{
    for (size_t i = 0; i < sizeof page_sizes / sizeof page_sizes[0]; i++)
        if (!strcasecmp_ascii(v, page_sizes[i].name)) {
            *w = page_sizes[i].w * MM;
            *h = page_sizes[i].h * MM;
            return true;
        }
    /* "182mm x 257mm" */
    const char *x = strstr(v, " x ");
    if (!x) return false;
    char first[64];
    size_t n = (size_t)(x - v);
    if (n >= sizeof first) return false;
    memcpy(first, v, n);
    first[n] = 0;
    double pw, ph;
    if (!bf_value_length(first, false, &pw) || !bf_value_length(x + 3, false, &ph)) return false;
    if (pw < 72 || ph < 72 || pw > 1200 * MM || ph > 1200 * MM) return false;
    *w = pw, *h = ph;
    return true;
}
