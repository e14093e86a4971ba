/* output.c - write a file so that it is either complete or not there.
 *
 * The content goes to an unnamed temporary file in the target's directory
 * (O_TMPFILE: a run killed at any moment leaves nothing behind), is flushed
 * to disk, given a hidden name and renamed over the target, which is atomic
 * on one file system.  Where O_TMPFILE is not supported, a hidden mkstemp
 * file takes its place.  A failed or killed run leaves an existing file as
 * it was.  Archives are append-only: unless told to replace, an existing
 * file with other content is refused (one with the same bytes is kept).
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/render.h"

/* Do the bytes of the open file `f` equal those of `path`? */
static bool same_content(FILE *f, const char *path)
{
    FILE *g = fopen(path, "rb");
    if (!g) return false;
    bool same = fseek(f, 0, SEEK_SET) == 0;
    char a[65536], b[65536];
    while (same) {
        size_t na = fread(a, 1, sizeof a, f), nb = fread(b, 1, sizeof b, g);
        if (na != nb || memcmp(a, b, na) != 0) same = false;
        if (na < sizeof a) break;
    }
    fclose(g);
    return same;
}

int bf_output_atomic(bf_diag *d, const char *path, bool (*write)(FILE *f, void *ctx), void *ctx,
                     unsigned flags)
{
    size_t n = strlen(path);
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    char *dir = g_malloc(dir_len + 2), *tmp = g_malloc(n + 16);
    int ok = BF_OUTPUT_FAILED;
    bool named = false;
    FILE *f = NULL;
    memcpy(dir, path, dir_len);
    if (dir_len) {
        dir[dir_len] = '\0';
    } else {
        dir[0] = '.';
        dir[1] = '\0';
    }
    memcpy(tmp, path, dir_len);
    snprintf(tmp + dir_len, n + 16 - dir_len, ".%s.XXXXXX", path + dir_len);

    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        bf_error(d, path, NULL, "is a folder, not a file to write");
        goto done;
    }
    mode_t mask = umask(0);
    umask(mask);
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0666 & ~mask);
    if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
        fd = mkstemp(tmp);
        named = fd >= 0;
        /* mkstemp makes the file 0600; a PDF is for others to read too. */
        if (named) fchmod(fd, 0666 & ~mask);
    }
    if (fd < 0) {
        bf_error(d, path, NULL, "cannot create a file in %s: %s", dir, strerror(errno));
        goto done;
    }
    /* Read back only to compare with an existing file. */
    f = fdopen(fd, "w+b");
    if (!f) {
        close(fd);
        bf_error(d, path, NULL, "cannot write: %s", strerror(errno));
        goto fail;
    }
    if (!write(f, ctx)) goto fail;
    if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
        bf_error(d, path, NULL, "cannot write: %s", strerror(errno));
        goto fail;
    }
    if ((flags & BF_OUTPUT_NO_CLOBBER) && access(path, F_OK) == 0) {
        if (same_content(f, path)) {
            ok = BF_OUTPUT_KEPT; /* the archive already holds exactly this */
            goto fail;
        }
        bf_error(d, path, NULL, "exists with other content; an edition is not replaced without --force");
        goto fail;
    }
    if (!named) {
        char proc[64];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", fileno(f));
        int tfd = mkstemp(tmp); /* reserve a hidden name, then link over it */
        if (tfd >= 0) {
            close(tfd);
            unlink(tmp);
        }
        if (tfd < 0 || linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) != 0) {
            bf_error(d, path, NULL, "cannot write: %s", strerror(errno));
            goto fail;
        }
        named = true;
    }
    int rc = fclose(f);
    f = NULL;
    if (rc != 0) {
        bf_error(d, path, NULL, "cannot write: %s", strerror(errno));
        goto fail;
    }
    if (rename(tmp, path) != 0) {
        bf_error(d, path, NULL, "cannot move the finished file into place: %s", strerror(errno));
        goto fail;
    }
    ok = BF_OUTPUT_WRITTEN;
    goto done;
fail:
    if (f) fclose(f);
    if (named) unlink(tmp);
done:
    g_free(dir);
    g_free(tmp);
    return ok;
}
