/* scratch.c - scratch files: unnamed, in $TMPDIR, gone with the process. */
#define _GNU_SOURCE /* O_TMPFILE */
#include "core/scratch.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool bf_tmpfile_allowed(void)
{
    const char *no = getenv("BF_NO_TMPFILE");
    return !no || !*no || !strcmp(no, "0");
}

void bf_block_exit_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, old);
}

FILE *bf_scratch_file(const char **dir_out)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir) dir = "/tmp";
    if (dir_out) *dir_out = dir;
    int fd = -1;
    if (bf_tmpfile_allowed())
        fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
    else
        errno = EOPNOTSUPP;
    if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
        char *name = g_strdup_printf("%s/.briefing-scratch-XXXXXX", dir);
        sigset_t oldmask;
        bf_block_exit_signals(&oldmask);
        fd = mkostemp(name, O_CLOEXEC);
        if (fd >= 0) unlink(name); /* unnamed from here on, as with O_TMPFILE */
        sigprocmask(SIG_SETMASK, &oldmask, NULL);
        g_free(name);
    }
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "w+b");
    if (!f) close(fd);
    return f;
}
