/* cli.h - the command line's own parts beside src/main.c.  Like main.c
 * they use the public interface (briefing.h) only. */
#ifndef BF_CLI_H
#define BF_CLI_H

#include "briefing.h"

/* Load libbriefing (libload.c) if it is not yet: each function of
 * briefing.h the command line calls does it first, so this is for a
 * command that wants the library's errors said before its own work. */
void bf_cli_load_library(void);

/* `briefing watch FILE`: build `input` with `b`'s settings to `output`
 * (NULL: out/NAME.preview.pdf, replaced at every build), then again each
 * time the input, one of its images or its layout file changes, printing
 * one line a build, until SIGINT or SIGTERM.  With `output`, the first
 * build keeps an existing file with other content unless `b` forces. */
int bf_cli_watch(briefing *b, const char *input, const char *output);

/* `briefing build A.json B.yaml ...` (or check): each input built as a
 * build of it alone would, to its default output, in `jobs` threads (0:
 * one a core).  `configure` sets up each input's briefing as the command
 * line says.  Messages go to standard error a line at a time, each line
 * starting with its input; with `report`, one JSON line per input on
 * standard output, in input order.  The worst status of all is returned. */
typedef struct {
    const char *const *inputs;
    int n_inputs;
    int jobs;
    bool check_only, quiet, report;
    void (*configure)(void *ctx, briefing *b);
    void *ctx;
} bf_cli_bulk_options;
int bf_cli_bulk(const bf_cli_bulk_options *o);

/* The cores this process may run on (its affinity), at least 1. */
int bf_cli_cores(void);

#endif
