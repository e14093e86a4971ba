/* output.c - write a file so that it is either complete or not there.
 *
 * The content goes to an unnamed temporary file in the target's directory
 * (O_TMPFILE: a run killed at any moment leaves nothing behind), is flushed
 * to disk, given a hidden name and renamed over the target, which is atomic
 * on one file system.  Where O_TMPFILE is not supported (NFS, FUSE, vfat),
 * a hidden named file takes its place; SIGINT, SIGTERM and SIGHUP remove it
 * before the process dies, and the next build of the same target removes
 * one left by a run that could not clean up (SIGKILL, a crash, a power
 * cut).  A failed or killed run leaves an existing file as it was.
 * Archives are append-only: unless told to replace, an existing file with
 * other content is refused (one with the same bytes is kept).  Only regular
 * files are ever read or replaced: a device, FIFO, socket, folder or
 * symbolic link at the target is refused before anything is opened.
 */
#define _GNU_SOURCE /* O_TMPFILE, renameat2 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "core/scratch.h"
#include "render/render.h"

/* ---- the named temporary, removed by a signal ------------------------------ */

/* The named temporaries of the process, for the signal handler: fixed
 * buffers, as a handler may only read what is already there.  A build
 * writes its outputs one at a time, so each build in flight (a bulk build
 * runs several in threads) holds at most one slot, taken with an atomic
 * exchange.  More builds at once than slots leave the extra temporaries
 * to the next run's clean-up of stale ones. */
enum { PENDING_SLOTS = 64 };
static char pending[PENDING_SLOTS][4096];
static volatile sig_atomic_t pending_set[PENDING_SLOTS];
static int pending_taken[PENDING_SLOTS];

static const int handled[] = {SIGINT, SIGTERM, SIGHUP};
static struct sigaction before[3]; /* what each signal did before us */

/* A signal that would end the process removes the temporary first.  One
 * that a caller handles (a watch loop that stops gracefully) goes to its
 * handler: the process goes on and removes the temporary itself. */
static void on_signal(int sig, siginfo_t *info, void *uctx)
{
    for (size_t i = 0; i < sizeof handled / sizeof handled[0]; i++) {
        if (handled[i] != sig) continue;
        if (before[i].sa_flags & SA_SIGINFO) {
            before[i].sa_sigaction(sig, info, uctx);
            return;
        }
        if (before[i].sa_handler != SIG_DFL) {
            before[i].sa_handler(sig);
            return;
        }
    }
    for (int i = 0; i < PENDING_SLOTS; i++)
        if (pending_set[i]) unlink(pending[i]); /* async-signal-safe */
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_handlers(void)
{
    static gsize done;
    if (!g_once_init_enter(&done)) return;
    for (size_t i = 0; i < sizeof handled / sizeof handled[0]; i++) {
        struct sigaction sa = {0};
        /* A signal the caller ignores (nohup, a background job) stays ignored. */
        if (sigaction(handled[i], NULL, &before[i]) != 0 || before[i].sa_handler == SIG_IGN) continue;
        sa.sa_sigaction = on_signal;
        sa.sa_flags = SA_SIGINFO;
        sigemptyset(&sa.sa_mask);
        sigaction(handled[i], &sa, NULL);
    }
    g_once_init_leave(&done, 1);
}

/* The slot `tmp` is registered in for the handler, or -1 when all are
 * taken. */
static int register_pending(const char *tmp)
{
    for (int i = 0; i < PENDING_SLOTS; i++) {
        if (!g_atomic_int_compare_and_exchange(&pending_taken[i], 0, 1)) continue;
        pending_set[i] = 0;
        snprintf(pending[i], sizeof pending[i], "%s", tmp);
        pending_set[i] = 1;
        return i;
    }
    return -1;
}

/* The temporary in `*slot` is gone or renamed: the handler forgets it. */
static void release_pending(int *slot)
{
    if (*slot < 0) return;
    pending_set[*slot] = 0;
    g_atomic_int_set(&pending_taken[*slot], 0);
    *slot = -1;
}

/* ---- names ------------------------------------------------------------------ */

/* The hidden temporary of DIR/NAME is DIR/.NAME~bfPID.XXXXXX, NAME cut to
 * TMP_NAME_MAX bytes (at a UTF-8 character boundary) so that a legal name of
 * up to 255 bytes still gives a legal temporary. */
#define TMP_NAME_MAX 200
#define STALE_SECONDS (24L * 60 * 60)

static size_t cut_name(const char *name)
{
    size_t n = strlen(name);
    if (n <= TMP_NAME_MAX) return n;
    n = TMP_NAME_MAX;
    while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80) n--;
    return n;
}

/* Is `e` a temporary of a target whose cut name is `name`[0..n)?  Then its
 * owner's pid, else 0. */
static long temp_owner(const char *e, const char *name, size_t n)
{
    if (e[0] != '.' || strncmp(e + 1, name, n) != 0 || strncmp(e + 1 + n, "~bf", 3) != 0) return 0;
    const char *p = e + 1 + n + 3;
    char *end;
    if (!isdigit((unsigned char)*p)) return 0;
    long pid = strtol(p, &end, 10);
    if (*end != '.' || strlen(end + 1) != 6) return 0;
    for (const char *q = end + 1; *q; q++)
        if (!isalnum((unsigned char)*q)) return 0;
    return pid > 0 ? pid : 0;
}

/* The names in `dir` that may be temporaries (".NAME~bf..."), read once a
 * run: --png writes a thousand pages into one folder, and reading the
 * folder again for each would grow with the square of the pages.  A
 * temporary made after the first read is a live run's, never stale. */
static GPtrArray *temp_candidates(const char *dir)
{
    static GHashTable *seen; /* folder -> GPtrArray of names; kept to the end of the run */
    static GMutex lock;      /* builds in several threads share it; a list, once made, is only read */
    g_mutex_lock(&lock);
    if (!seen) seen = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *names = g_hash_table_lookup(seen, dir);
    if (names) {
        g_mutex_unlock(&lock);
        return names;
    }
    names = g_ptr_array_new();
    DIR *dh = opendir(dir);
    for (struct dirent *e; dh && (e = readdir(dh));)
        if (e->d_name[0] == '.' && strstr(e->d_name, "~bf")) g_ptr_array_add(names, g_strdup(e->d_name));
    if (dh) closedir(dh);
    g_hash_table_insert(seen, g_strdup(dir), names);
    g_mutex_unlock(&lock);
    return names;
}

/* Remove temporaries of this target left by runs that are gone: their pid
 * is not running on this machine, or they are older than a day (a pid may
 * have been reused, or the run was on another machine sharing the folder). */
static void remove_stale(const char *dir, const char *name, size_t n)
{
    GPtrArray *names = temp_candidates(dir);
    time_t now = time(NULL);
    for (guint i = 0; i < names->len; i++) {
        const char *e = g_ptr_array_index(names, i);
        long pid = temp_owner(e, name, n);
        if (!pid || pid == (long)getpid()) continue;
        char *p = g_build_filename(dir, e, NULL);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISREG(st.st_mode)) {
            bool dead = kill((pid_t)pid, 0) != 0 && errno == ESRCH;
            if (dead || now - st.st_mtime > STALE_SECONDS) unlink(p);
        }
        g_free(p);
    }
}

static const char *kind_of(mode_t m)
{
    if (S_ISDIR(m)) return "a folder";
    if (S_ISCHR(m) || S_ISBLK(m)) return "a device";
    if (S_ISFIFO(m)) return "a pipe (FIFO)";
    if (S_ISSOCK(m)) return "a socket";
    if (S_ISLNK(m)) return "a symbolic link";
    return "not a regular file";
}

/* Errors of the disk rather than of the path the user gave. */
static bool io_error(int e)
{
    return e == ENOSPC || e == EDQUOT || e == EIO || e == EFBIG || e == ENOMEM;
}

/* The existing target, checked and opened for reading without following a
 * link or blocking on a FIFO that took its place since the lstat.  -1 with
 * the problem reported (exit status in *status), or the descriptor. */
static int open_existing(bf_diag *d, const char *path, const struct stat *seen, int *status)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0) {
        bf_error(d, path, NULL, "exists but cannot be read to compare with the new edition: %s", strerror(errno));
        *status = BF_OUTPUT_REFUSED;
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_dev != seen->st_dev || st.st_ino != seen->st_ino) {
        close(fd);
        bf_error(d, path, NULL, "changed while it was being checked; not replaced");
        *status = BF_OUTPUT_REFUSED;
        return -1;
    }
    return fd;
}

/* Do the bytes of the open file `f` equal those of the descriptor `fd`? */
static bool same_content(FILE *f, int fd)
{
    FILE *g = fdopen(fd, "rb");
    if (!g) return false;
    bool same = fseek(f, 0, SEEK_SET) == 0;
    enum { CHUNK = 65536 };
    char *a = g_malloc((gsize)CHUNK * 2), *b = a + CHUNK; /* per call: builds in other threads compare too */
    while (same) {
        size_t na = fread(a, 1, CHUNK, f), nb = fread(b, 1, CHUNK, g);
        if (na != nb || memcmp(a, b, na) != 0 || ferror(g)) same = false;
        if (na < CHUNK) break;
    }
    g_free(a);
    fclose(g);
    return same;
}

/* What is at `path` now: 0 nothing, 1 a regular file (in *st), -1 refused
 * (reported). */
static int check_target(bf_diag *d, const char *path, struct stat *st)
{
    if (lstat(path, st) != 0) {
        /* A missing folder is said when the file cannot be made in it. */
        if (errno == ENOENT || errno == ENOTDIR) return 0;
        bf_error(d, path, NULL, "cannot be used as an output: %s", strerror(errno));
        return -1;
    }
    if (S_ISREG(st->st_mode)) return 1;
    if (S_ISLNK(st->st_mode)) {
        struct stat to;
        if (stat(path, &to) == 0 && !S_ISREG(to.st_mode))
            bf_error(d, path, NULL, "is a symbolic link to %s; only a regular file is written", kind_of(to.st_mode));
        else
            bf_error(d, path, NULL, "is a symbolic link; it is not followed, give the path of the file itself");
        return -1;
    }
    bf_error(d, path, NULL, "is %s, not a regular file; it is never opened or replaced", kind_of(st->st_mode));
    return -1;
}

/* The temporary beside the target: unnamed where the file system allows
 * O_TMPFILE, else the hidden name `tmp` (then *named, and registered for
 * the signal handler).  The descriptor, or -1 with the problem reported
 * (exit status in *status). */
static int open_temp(bf_diag *d, const char *path, const char *dir, char *tmp, bool *named, int *slot, int *status)
{
    sigset_t oldmask;
    mode_t mask = umask(0);
    umask(mask);
    int fd = -1;
    if (bf_tmpfile_allowed())
        fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0666 & ~mask);
    else
        errno = EOPNOTSUPP;
    if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
        bf_block_exit_signals(&oldmask);
        fd = mkostemp(tmp, O_CLOEXEC);
        *named = fd >= 0;
        if (*named) *slot = register_pending(tmp);
        sigprocmask(SIG_SETMASK, &oldmask, NULL);
        /* mkstemp makes the file 0600; a PDF is for others to read too. */
        if (*named) fchmod(fd, 0666 & ~mask);
    }
    if (fd < 0) {
        int e = errno;
        bf_error(d, path, NULL, "cannot create a file in %s: %s", dir, strerror(e));
        *status = io_error(e) ? BF_OUTPUT_FAILED : BF_OUTPUT_REFUSED;
    }
    return fd;
}

/* With BF_OUTPUT_NO_CLOBBER: may the new edition in `f` take the target's
 * place?  True when nothing is there.  False with *status KEPT when the
 * target has the same bytes, REFUSED (reported) otherwise.  *old_fd, the
 * target opened before the work, is consumed; *exists and *st are brought
 * up to date when it was not there then. */
static bool may_replace(bf_diag *d, const char *path, FILE *f, int *exists, struct stat *st, int *old_fd, int *status)
{
    if (*old_fd < 0) {
        /* Another run may have written it meanwhile. */
        *exists = check_target(d, path, st);
        if (*exists < 0 || (*exists && (*old_fd = open_existing(d, path, st, status)) < 0)) {
            *status = BF_OUTPUT_REFUSED;
            return false;
        }
    }
    if (*old_fd < 0) return true;
    bool same = same_content(f, *old_fd);
    *old_fd = -1; /* closed by same_content */
    if (same) {
        *status = BF_OUTPUT_KEPT; /* the archive already holds exactly this */
        return false;
    }
    bf_error(d, path, NULL, "exists with other content; an edition is not replaced without --force");
    *status = BF_OUTPUT_REFUSED;
    return false;
}

/* Give the unnamed temporary `f` the hidden name `tmp` (registered for the
 * signal handler), so that it can be renamed over the target.  False when
 * it cannot (reported). */
static bool name_temp(bf_diag *d, const char *path, FILE *f, char *tmp, int *slot)
{
    char proc[64];
    sigset_t oldmask;
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fileno(f));
    bf_block_exit_signals(&oldmask);
    int tfd = mkostemp(tmp, O_CLOEXEC); /* reserve a hidden name, then link over it */
    if (tfd >= 0) {
        close(tfd);
        unlink(tmp);
    }
    bool linked = tfd >= 0 && linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0;
    int e = errno;
    if (linked) *slot = register_pending(tmp);
    sigprocmask(SIG_SETMASK, &oldmask, NULL);
    if (!linked) {
        bf_error(d, path, NULL, "cannot write: %s", strerror(e));
        return false;
    }
    return true;
}

/* Rename the finished temporary over the target; with BF_OUTPUT_NO_CLOBBER
 * and no target at the check, never over a file another run put there
 * meanwhile.  BF_OUTPUT_WRITTEN, or the exit status with the problem
 * reported (the temporary is then still there). */
static int move_into_place(bf_diag *d, const char *path, const char *tmp, int exists, unsigned flags, int *slot)
{
    sigset_t oldmask;
    int rc = 0;
    bf_block_exit_signals(&oldmask);
    if (!exists && (flags & BF_OUTPUT_NO_CLOBBER)) rc = renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE);
    if (exists || !(flags & BF_OUTPUT_NO_CLOBBER) || (rc != 0 && errno == EINVAL)) rc = rename(tmp, path);
    int e = errno;
    if (rc == 0) release_pending(slot);
    sigprocmask(SIG_SETMASK, &oldmask, NULL);
    if (rc == 0) return BF_OUTPUT_WRITTEN;
    if (e == EEXIST)
        bf_error(d, path, NULL, "was written by another run meanwhile; an edition is not replaced without --force");
    else
        bf_error(d, path, NULL, "cannot move the finished file into place: %s", strerror(e));
    return e == EEXIST ? BF_OUTPUT_REFUSED : BF_OUTPUT_FAILED;
}

int bf_output_atomic(bf_diag *d, const char *path, bool (*write)(FILE *f, void *ctx), void *ctx, unsigned flags)
{
    if (!*path) {
        bf_error(d, "briefing", NULL, "an output path is empty");
        return BF_OUTPUT_REFUSED;
    }
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    const char *name = path + dir_len;
    size_t cut = cut_name(name);
    char *dir = g_strndup(dir_len ? path : ".", dir_len ? dir_len : 1);
    char *tmp = g_strdup_printf("%.*s.%.*s~bf%ld.XXXXXX", (int)dir_len, path, (int)cut, name, (long)getpid());
    int ok = BF_OUTPUT_FAILED, old_fd = -1, slot = -1;
    bool named = false;
    FILE *f = NULL;
    sigset_t oldmask;
    struct stat st;

    if (!*name) {
        bf_error(d, path, NULL, "names a folder, not a file to write");
        ok = BF_OUTPUT_REFUSED;
        goto done;
    }
    int exists = check_target(d, path, &st);
    if (exists < 0) {
        ok = BF_OUTPUT_REFUSED;
        goto done;
    }
    /* Open an edition that is kept unless it has the same bytes now, so
     * that an unreadable one is said to be that before any work. */
    if (exists && (flags & BF_OUTPUT_NO_CLOBBER) && (old_fd = open_existing(d, path, &st, &ok)) < 0) goto done;
    remove_stale(dir, name, cut);
    install_handlers();

    int fd = open_temp(d, path, dir, tmp, &named, &slot, &ok);
    if (fd < 0) goto done;
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
    if ((flags & BF_OUTPUT_NO_CLOBBER) && !may_replace(d, path, f, &exists, &st, &old_fd, &ok)) goto fail;
    if (!named) {
        if (!name_temp(d, path, f, tmp, &slot)) goto fail;
        named = true;
    }
    int rc = fclose(f);
    f = NULL;
    if (rc != 0) {
        bf_error(d, path, NULL, "cannot write: %s", strerror(errno));
        goto fail;
    }
    /* A target that turned into something else since the check is not
     * replaced either. */
    if (exists && check_target(d, path, &st) < 0) {
        ok = BF_OUTPUT_REFUSED;
        goto fail;
    }
    ok = move_into_place(d, path, tmp, exists, flags, &slot);
    if (ok != BF_OUTPUT_WRITTEN) goto fail;
    goto done;
fail:
    if (f) fclose(f);
    if (named) {
        bf_block_exit_signals(&oldmask);
        unlink(tmp);
        release_pending(&slot);
        sigprocmask(SIG_SETMASK, &oldmask, NULL);
    }
done:
    if (old_fd >= 0) close(old_fd);
    g_free(dir);
    g_free(tmp);
    return ok;
}
