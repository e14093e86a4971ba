/* values.h - parsing a layout key's value (values.c).  Each returns false,
 * leaving *out alone, when the whole of v is not such a value. */
#ifndef BF_STYLE_VALUES_H
#define BF_STYLE_VALUES_H

#include <stdbool.h>

#include "style/layout.h"

/* "12pt", "4.5mm", "1cm", "0.5in"; a plain number is points when
 * plain_is_pt.  In points. */
bool bf_value_length(const char *v, bool plain_is_pt, double *out);
/* A number of em: plain, or with "em" after it. */
bool bf_value_em(const char *v, double *out);
/* "#1f4e79". */
bool bf_value_color(const char *v, bf_color *out);
/* true/yes/on or false/no/off. */
bool bf_value_bool(const char *v, bool *out);
/* A named size (A4, B5, Letter, any case) or "182mm x 257mm"; in points. */
bool bf_value_page(const char *v, double *w, double *h);

#endif
