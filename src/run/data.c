/* data.c - where the program's data folder (fonts/, layouts/, examples/)
 * is.  An installed program finds it relative to itself, so that a moved
 * prefix keeps working; the program in its build tree uses the source tree;
 * a program copied away from both says so rather than guessing. */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <glib.h>
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

/* The folder of the shared library this code is in, or "" when it is in
 * the program itself (linked statically) or the loader does not say. */
static const char *lib_dir(void)
{
    static char dir[PATH_MAX];
    static bool known; /* also the address dladdr asks about: an object, not a function, for ISO C */
    if (known) return dir;
    known = true;
    Dl_info info;
    char real_lib[PATH_MAX], real_exe[PATH_MAX];
    if (!dladdr(&known, &info) || !info.dli_fname || !realpath(info.dli_fname, real_lib)) return dir;
    if (realpath("/proc/self/exe", real_exe) && !strcmp(real_exe, real_lib)) return dir;
    char *slash = strrchr(real_lib, '/');
    if (slash) *slash = '\0';
    snprintf(dir, sizeof dir, "%s", real_lib);
    return dir;
}

/* Is `dir` the build tree or a folder below it (the tests' are)? */
static bool in_build_tree(const char *dir)
{
    char real_build[PATH_MAX], real_dir[PATH_MAX];
    if (!*dir || !realpath(BF_BUILD_DIR, real_build) || !realpath(dir, real_dir)) return false;
    size_t n = strlen(real_build);
    return strncmp(real_dir, real_build, n) == 0 && (real_dir[n] == '\0' || real_dir[n] == '/');
}

/* The data folder beside the program or the library: where they are does
 * not change while the process runs, so it is found once (g_once), and
 * builds in several threads may ask at the same time. */
static const char *found_data_dir(void)
{
    static char buf[PATH_MAX + 32];
    const char *dir = exe_dir();
    if (!*dir) return has_data(BF_SOURCE_DATA_DIR) ? BF_SOURCE_DATA_DIR : NULL;
    snprintf(buf, sizeof buf, "%s/../share/briefing", dir);
    if (has_data(buf)) return buf;
    /* libbriefing, installed: its data beside its lib/, whatever program
     * loaded it. */
    const char *lib = lib_dir();
    snprintf(buf, sizeof buf, "%s/%s", lib, BF_LIB_TO_DATA);
    if (*lib && has_data(buf)) return buf;
    /* In the build tree, the source tree it was built from. */
    if ((in_build_tree(dir) || in_build_tree(lib)) && has_data(BF_SOURCE_DATA_DIR)) return BF_SOURCE_DATA_DIR;
    return NULL;
}

static gpointer find_data_dir(gpointer unused)
{
    (void)unused;
    return (gpointer)found_data_dir();
}

const char *bf_data_dir(void)
{
    static GOnce once = G_ONCE_INIT;
    const char *env = getenv("BRIEFING_DATA_DIR");
    if (env && *env) return env;
    return g_once(&once, find_data_dir, NULL);
}

static gpointer find_expected(gpointer unused)
{
    static char buf[PATH_MAX + 32];
    (void)unused;
    char parent[PATH_MAX + 4], real[PATH_MAX];
    snprintf(parent, sizeof parent, "%s/..", exe_dir());
    snprintf(buf, sizeof buf, "%s/share/briefing", realpath(parent, real) ? (strcmp(real, "/") ? real : "") : parent);
    return buf;
}

const char *bf_data_dir_expected(void)
{
    static GOnce once = G_ONCE_INIT;
    return g_once(&once, find_expected, NULL);
}
