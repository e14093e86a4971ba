/* data.c - where the program's data folder (fonts/, layouts/, examples/)
 * is.  An installed program finds it relative to itself, so that a moved
 * prefix keeps working; the program in its build tree uses the source tree;
 * a program copied away from both says so rather than guessing. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run/run.h"

static bool has_data(const char *dir)
{
    char p[PATH_MAX + 16];
    struct stat st;
    snprintf(p, sizeof p, "%s/fonts", dir);
    if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) return false;
    snprintf(p, sizeof p, "%s/layouts", dir);
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder the running program is in, or "" when /proc does not say. */
static const char *exe_dir(void)
{
    static char dir[PATH_MAX];
    if (dir[0]) return dir;
    ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
    if (n <= 0) return dir[0] = '\0', dir;
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (slash) *slash = '\0';
    return dir;
}

const char *bf_data_dir(void)
{
    static char buf[PATH_MAX + 32];
    const char *env = getenv("BRIEFING_DATA_DIR");
    if (env && *env) return env;
    const char *dir = exe_dir();
    if (!*dir) return has_data(BF_SOURCE_DATA_DIR) ? BF_SOURCE_DATA_DIR : NULL;
    snprintf(buf, sizeof buf, "%s/../share/briefing", dir);
    if (has_data(buf)) return buf;
    /* In the build tree (or a folder below it, as the tests' are), the
     * source tree it was built from. */
    char real_build[PATH_MAX], real_dir[PATH_MAX];
    if (realpath(BF_BUILD_DIR, real_build) && realpath(dir, real_dir)) {
        size_t n = strlen(real_build);
        if (strncmp(real_dir, real_build, n) == 0 && (real_dir[n] == '\0' || real_dir[n] == '/') &&
            has_data(BF_SOURCE_DATA_DIR))
            return BF_SOURCE_DATA_DIR;
    }
    return NULL;
}

const char *bf_data_dir_expected(void)
{
    static char buf[PATH_MAX + 32];
    char parent[PATH_MAX + 4], real[PATH_MAX];
    snprintf(parent, sizeof parent, "%s/..", exe_dir());
    snprintf(buf, sizeof buf, "%s/share/briefing", realpath(parent, real) ? (strcmp(real, "/") ? real : "") : parent);
    return buf;
}
