/* output.c - write a file so that it is either complete or not there.
 *
 * The content goes to a hidden temporary file in the target's directory
 * (the same file system, so rename is atomic), is flushed to disk, and only
 * then renamed over the target.  A failed or killed run leaves an existing
 * file untouched.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/render.h"

bool bf_output_atomic(bf_diag *d, const char *path, bool (*write)(FILE *f, void *ctx), void *ctx)
{
    size_t n = strlen(path);
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    char *tmp = malloc(n + 16);
    if (!tmp) {
        bf_error(d, path, NULL, "out of memory");
        return false;
    }
    memcpy(tmp, path, dir_len);
    snprintf(tmp + dir_len, n + 16 - dir_len, ".%s.XXXXXX", path + dir_len);
    bool ok = false;
    FILE *f = NULL;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        bf_error(d, path, NULL, "cannot create a file in %.*s: %s", dir_len ? (int)dir_len : 1,
                 dir_len ? path : ".", strerror(errno));
        goto done;
    }
    /* mkstemp makes the file 0600; a PDF is for others to read too. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    f = fdopen(fd, "wb");
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
    ok = true;
    goto done;
fail:
    if (f) fclose(f);
    unlink(tmp);
done:
    free(tmp);
    return ok;
}
