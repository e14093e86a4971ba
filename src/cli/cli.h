/* cli.h - the command line's own parts beside src/main.c.  Like main.c
 * they use the public interface (briefing.h) only. */
#ifndef BF_CLI_H
#define BF_CLI_H

#include "briefing.h"

/* `briefing watch FILE`: build `input` with `b`'s settings to `output`
 * (NULL: out/NAME.preview.pdf, replaced at every build), then again each
 * time the input, one of its images or its layout file changes, printing
 * one line a build, until SIGINT or SIGTERM.  With `output`, the first
 * build keeps an existing file with other content unless `b` forces. */
int bf_cli_watch(briefing *b, const char *input, const char *output);

#endif
