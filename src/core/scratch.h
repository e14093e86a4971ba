/* scratch.h - scratch files, and the two rules they share with the atomic
 * writer of outputs (src/render/output.c): the BF_NO_TMPFILE test hook and
 * the signals held off while a file has a name. */
#ifndef BF_SCRATCH_H
#define BF_SCRATCH_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

/* An unnamed scratch file in $TMPDIR (else /tmp), gone when closed or when
 * the process dies; NULL with errno set when it cannot be made.  *dir, when
 * asked for, receives the folder, for messages. */
FILE *bf_scratch_file(const char **dir);

/* May files be made with O_TMPFILE?  BF_NO_TMPFILE=1 (a test hook) makes
 * every file take the way it takes on file systems without it. */
bool bf_tmpfile_allowed(void);

/* Block SIGINT, SIGTERM and SIGHUP while a name is made or dropped, so that
 * a handler never misses a file that exists or removes one that is the
 * target; `old` receives the mask to restore. */
void bf_block_exit_signals(sigset_t *old);

#endif
