/* run.h - one run of the whole pipeline: load, lay out, compose, paginate,
 * render.  Everything a run allocates belongs to it and is freed at its end.
 */
#ifndef BF_RUN_H
#define BF_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "core/diag.h"

typedef struct {
    const char *input;           /* the JSON file, or "-"; with input_bytes, the name diagnostics use */
    const char *input_bytes;     /* the document in memory instead of a file (NULL: read `input`)... */
    size_t input_len;            /* ...of this length, */
    const char *input_base_dir;  /* its image paths relative to this folder (NULL: ".") */
    const char *layout;          /* a layout name or path; NULL: "a4" */
    const char *output;          /* the PDF path; NULL: out/DATE-NAME.pdf */
    FILE *pdf_stream;            /* instead of a file: write the PDF here (fuzzing) */
    const char *dump;            /* write the text dump of the placed pages here ("-": stdout) */
    const char *data_dir;        /* where fonts/ and layouts/ are; NULL: bf_data_dir() */
    const char *root;            /* images must lie in this folder; NULL: the input's folder */
    bool check_only;             /* everything but writing: no PDF, dump or images */
    bool check_typesets;         /* ...with the type set and the PDF drawn (else checked from the cmaps) */
    bool force;                  /* replace an existing PDF with other content */
    bool revise;                 /* ...or write it beside as DATE-NAME.rN.pdf, a marked revision (revise.c) */
    bool timings;                /* print the time of each stage to stderr */
    int threads;                 /* paragraph setters at once (0: one) */
    const char *const *settings; /* KEY=VALUE over the layout's (print options) */
    int n_settings;
    const char *png_dir; /* also write page images here */
    double png_dpi;      /* their resolution (0: 96) */
    const char *creator; /* written to the PDF's metadata */
    bool *unchanged;     /* out: the PDF was already there with the same bytes (may be NULL) */
    char *written;       /* out: the path of the PDF written, into this buffer... */
    size_t written_size; /* ...of this size (0: not wanted) */
    int *n_pages;        /* out: the number of pages (may be NULL) */
    /* Called with each file the build reads (the input, its images, the
     * layout file), for `watch`; may be NULL. */
    void (*read_file)(void *ctx, const char *path);
    void *read_ctx;
    /* Asked before the PDF is written to a path; false refuses it (a bulk
     * build, whose documents must not share an output).  May be NULL. */
    bool (*claim_output)(void *ctx, const char *path);
    void *claim_ctx;
} bf_build_options;

typedef enum { BF_BUILD_OK = 0, BF_BUILD_FAILED = 1, BF_BUILD_BAD_INPUT = 2 } bf_build_status;

bf_build_status bf_build(const bf_build_options *opt, bf_diag *d);

/* `briefing convert IN OUT`: IN (JSON, or YAML when named .yaml/.yml)
 * written to OUT in the form OUT's name says (.yaml/.yml: YAML, else JSON;
 * "-": standard output, in the other form than IN's), every value kept.
 * An existing OUT with other content is kept unless `force`. */
bf_build_status bf_convert(const char *in, const char *out, bool force, bf_diag *d);

/* `briefing init [NAME]`: a starter briefing, NAME.yaml (NAME may end in
 * .yaml or .yml already; default "briefing"), commented, every key used
 * once, that builds as it is.  An existing file is kept unless `force`. */
bf_build_status bf_init(const char *name, bool force, bf_diag *d);

/* `briefing list [DIR]`: one line to `out` for each edition in `dir` (its
 * *.pdf files, hidden ones left out), read from the PDF's XMP, sorted by
 * date and name; JSON Lines with `json`.  A file that is not a briefing
 * PDF, or a damaged one, is a warning and skipped; a folder that cannot be
 * listed is BF_BUILD_BAD_INPUT, a failed write BF_BUILD_FAILED. */
bf_build_status bf_list(const char *dir, bool json, FILE *out, bf_diag *d);

/* The directory holding fonts/ and layouts/: $BRIEFING_DATA_DIR, else
 * share/briefing beside the executable's bin/ (an installed program, its
 * prefix moved or not), else, for a program in its build tree, the source
 * tree it was built from; NULL when none (a program copied away from its
 * data).  Borrowed. */
const char *bf_data_dir(void);

/* Where an installed program's data folder would be, for the message. */
const char *bf_data_dir_expected(void);

#endif
