/* run.h - one run of the whole pipeline: load, lay out, compose, paginate,
 * render.  Everything a run allocates belongs to it and is freed at its end.
 */
#ifndef BF_RUN_H
#define BF_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "core/diag.h"

typedef struct {
    const char *input;    /* the JSON file, or "-" */
    const char *layout;   /* a layout name or path; NULL: "a4" */
    const char *output;   /* the PDF path; NULL: out/DATE-NAME.pdf */
    FILE *pdf_stream;     /* instead of a file: write the PDF here (fuzzing) */
    const char *dump;     /* write the text dump of the placed pages here ("-": stdout) */
    const char *data_dir; /* where fonts/ and layouts/ are; NULL: bf_data_dir() */
    const char *root;     /* images must lie in this folder; NULL: the input's folder */
    bool check_only;      /* stop after loading */
    bool force;           /* replace an existing PDF with other content */
    bool timings;         /* print the time of each stage to stderr */
    const char *const *settings; /* KEY=VALUE over the layout's (print options) */
    int n_settings;
    const char *png_dir;  /* also write page images here */
    double png_dpi;       /* their resolution (0: 96) */
    const char *creator;  /* written to the PDF's metadata */
    bool *unchanged;      /* out: the PDF was already there with the same bytes (may be NULL) */
    char *written;        /* out: the path of the PDF written, into this buffer... */
    size_t written_size;  /* ...of this size (0: not wanted) */
} bf_build_options;

typedef enum { BF_BUILD_OK = 0, BF_BUILD_FAILED = 1, BF_BUILD_BAD_INPUT = 2 } bf_build_status;

bf_build_status bf_build(const bf_build_options *opt, bf_diag *d);

/* The directory holding fonts/ and layouts/: $BRIEFING_DATA_DIR, else the
 * installed share directory beside the executable, else the source tree the
 * program was built from. */
const char *bf_data_dir(void);

#endif
