/* coverage.h - the characters no font has, from the cmaps of fonts/
 * (coverage.c), for `check` without fontconfig or Pango. */
#ifndef BF_COVERAGE_H
#define BF_COVERAGE_H

#include "core/diag.h"
#include "style/layout.h"

typedef struct bf_coverage bf_coverage;

/* The faces of `fonts_dir`; NULL, reported as bf_fonts_open reports it,
 * when the folder cannot be read or lacks a role's family. */
bf_coverage *bf_coverage_open(bf_diag *d, const char *fonts_dir, const bf_layout *layout);
void bf_coverage_free(bf_coverage *cv);

#endif
