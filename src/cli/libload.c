/* libload.c - the program's one way to the library: libbriefing.so is
 * loaded with dlopen when a command first needs it, and each function of
 * briefing.h the command line calls is defined here as a call through a
 * table filled from dlsym.  So `--version`, `--help` and a usage error
 * start with the C library and GLib only, not with the dozens of shared
 * objects cairo, Pango and HarfBuzz bring, which the dynamic loader would
 * otherwise map and relocate before main.
 *
 * The library is looked for beside the program (the build tree), then in
 * the lib/ of the program's prefix (an installed tree, moved or not), then
 * by its SONAME on the loader's search path.  Its version must be the
 * program's: the table holds the functions of this briefing.h. */
#define _GNU_SOURCE /* dlopen's RTLD_ flags under strict C17 */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "briefing.h"
#include "cli/cli.h"

/* Each function of the table: its return type, name, parameters and the
 * arguments that pass them on.  R returns a value, V returns none. */
#define BF_CLI_API(R, V)                                                                                               \
    R(const char *, briefing_version, (void), ())                                                                      \
    R(briefing *, briefing_new, (void), ())                                                                            \
    V(briefing_free, (briefing * b), (b))                                                                              \
    V(briefing_load_file, (briefing * b, const char *path), (b, path))                                                 \
    V(briefing_set_layout, (briefing * b, const char *name), (b, name))                                                \
    V(briefing_set, (briefing * b, const char *kv), (b, kv))                                                           \
    V(briefing_set_root, (briefing * b, const char *dir), (b, dir))                                                    \
    V(briefing_set_force, (briefing * b, bool on), (b, on))                                                            \
    V(briefing_set_revise, (briefing * b, bool on), (b, on))                                                           \
    V(briefing_set_strict, (briefing * b, bool on), (b, on))                                                           \
    V(briefing_set_timings, (briefing * b, bool on), (b, on))                                                          \
    V(briefing_set_dump, (briefing * b, const char *path), (b, path))                                                  \
    V(briefing_set_png, (briefing * b, const char *dir, double dpi), (b, dir, dpi))                                    \
    V(briefing_set_diagnostic_callback, (briefing * b, briefing_diagnostic_fn fn, void *ctx), (b, fn, ctx))            \
    V(briefing_set_diagnostics_to_stderr, (briefing * b, bool on), (b, on))                                            \
    R(int, briefing_error_count, (const briefing *b), (b))                                                             \
    V(briefing_set_read_callback, (briefing * b, briefing_read_fn fn, void *ctx), (b, fn, ctx))                        \
    V(briefing_set_claim_callback, (briefing * b, briefing_claim_fn fn, void *ctx), (b, fn, ctx))                      \
    R(briefing_status, briefing_build_file, (briefing * b, const char *path), (b, path))                               \
    R(briefing_status, briefing_check, (briefing * b), (b))                                                            \
    V(briefing_set_check_typesets, (briefing * b, bool on), (b, on))                                                   \
    V(briefing_set_threads, (briefing * b, int n), (b, n))                                                             \
    R(const char *, briefing_report_json, (briefing * b, const char *input), (b, input))                               \
    R(const char *, briefing_written_path, (const briefing *b), (b))                                                   \
    R(bool, briefing_unchanged, (const briefing *b), (b))                                                              \
    R(int, briefing_page_count, (const briefing *b), (b))                                                              \
    R(briefing_status, briefing_convert, (briefing * b, const char *in, const char *out), (b, in, out))                \
    R(briefing_status, briefing_init_file, (briefing * b, const char *name), (b, name))                                \
    R(briefing_status, briefing_list, (briefing * b, const char *dir, bool json), (b, dir, json))                      \
    V(briefing_escape, (char *out, size_t size, const char *in), (out, size, in))

/* The table: one slot a function, in the list's order, each slot cast back
 * to its function's own type where it is called. */
#define SLOT_R(type, name, params, args) SLOT_##name,
#define SLOT_V(name, params, args) SLOT_##name,
enum { BF_CLI_API(SLOT_R, SLOT_V) N_SLOTS };
static void (*api[N_SLOTS])(void);

#define NAME_R(type, name, params, args) #name,
#define NAME_V(name, params, args) #name,
static const char *const api_names[N_SLOTS] = {BF_CLI_API(NAME_R, NAME_V)};

static pthread_once_t once = PTHREAD_ONCE_INIT;

/* The library's file beside the program, then in its prefix's lib/, the
 * folders looked in kept in `looked` for a message. */
static void *open_near_program(const char *soname, char *looked, size_t size)
{
    char dir[PATH_MAX], path[PATH_MAX + 64];
    ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
    char *slash = n > 0 ? (dir[n] = '\0', strrchr(dir, '/')) : NULL;
    if (!slash) return NULL;
    *slash = '\0';
    const char *const where[] = {"", "/" BF_BIN_TO_LIB};
    for (size_t i = 0; i < sizeof where / sizeof *where; i++) {
        snprintf(path, sizeof path, "%s%s", dir, where[i]);
        size_t used = strlen(looked);
        snprintf(looked + used, size - used, "%s, ", path);
        snprintf(path, sizeof path, "%s%s/%s", dir, where[i], soname);
        if (access(path, F_OK) != 0) continue;
        void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
        if (h) return h;
        fprintf(stderr, "briefing: error: cannot load %s: %s\n", path, dlerror());
        exit(1);
    }
    return NULL;
}

static void load(void)
{
    static const char soname[] = "libbriefing.so." BF_SOVERSION;
    char looked[2 * PATH_MAX + 16] = "";
    void *h = open_near_program(soname, looked, sizeof looked);
    if (!h) h = dlopen(soname, RTLD_LAZY | RTLD_LOCAL);
    if (!h) {
        fprintf(stderr, "briefing: error: cannot find the library %s (looked in %sthen the loader's search path)\n",
                soname, looked);
        exit(1);
    }
    for (size_t i = 0; i < N_SLOTS; i++) {
        void *f = dlsym(h, api_names[i]);
        if (!f) {
            fprintf(stderr, "briefing: error: %s lacks %s\n", soname, api_names[i]);
            exit(1);
        }
        memcpy(&api[i], &f, sizeof f); /* POSIX: a function's address as dlsym's void * */
    }
    const char *v = ((const char *(*)(void))api[SLOT_briefing_version])();
    if (strcmp(v, BRIEFING_VERSION) != 0) {
        fprintf(stderr, "briefing: error: %s is version %s, this program %s\n", soname, v, BRIEFING_VERSION);
        exit(1);
    }
}

void bf_cli_load_library(void)
{
    pthread_once(&once, load);
}

/* The functions themselves, for main.c and the rest of src/cli/, which are
 * written against briefing.h as any program using the library is.  The
 * macros' params and args are parenthesised lists already. */
/* NOLINTBEGIN(bugprone-macro-parentheses) */
#define CALL_R(type, name, params, args)                                                                               \
    type name params                                                                                                   \
    {                                                                                                                  \
        bf_cli_load_library();                                                                                         \
        return ((type(*) params)api[SLOT_##name])args;                                                                 \
    }
#define CALL_V(name, params, args)                                                                                     \
    void name params                                                                                                   \
    {                                                                                                                  \
        bf_cli_load_library();                                                                                         \
        ((void(*) params)api[SLOT_##name]) args;                                                                       \
    }
/* NOLINTEND(bugprone-macro-parentheses) */
BF_CLI_API(CALL_R, CALL_V)
