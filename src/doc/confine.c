/* confine.c - what an image path may name, and the shapes of source ids,
 * URLs and language tags: checks of single strings, apart from the loader's
 * walk over the document. */
#include "doc/doc-private.h"

#include <errno.h>
#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool bf_is_valid_id(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (!bf_is_id_char((unsigned char)*s)) return false;
    return true;
}

/* http:// or https:// and something after it; no white space or control
 * characters, which a PDF link or a printed note would mangle. */
bool bf_is_valid_url(const char *s)
{
    size_t scheme = strncmp(s, "http://", 7) == 0 ? 7 : strncmp(s, "https://", 8) == 0 ? 8 : 0;
    if (scheme == 0 || s[scheme] == '\0') return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p == 0x7F) return false;
    return true;
}

/* A BCP 47 tag in its general shape: a 1-8 letter subtag, then subtags of
 * 1-8 letters or digits, joined by hyphens.  Enough to keep junk out of the
 * PDF's /Lang without a registry. */
bool bf_is_language_tag(const char *s)
{
    size_t n = 0;
    bool first = true;
    for (;; s++) {
        bool letter = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z');
        bool digit = *s >= '0' && *s <= '9';
        if (letter || (digit && !first)) {
            if (++n > 8) return false;
        } else if (*s == '-' || *s == '\0') {
            if (n == 0) return false;
            if (*s == '\0') return true;
            n = 0;
            first = false;
        } else {
            return false;
        }
    }
}

/* Whether the real path `p` is the root or lies under it. */
static bool inside_root(const char *root, const char *p)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/') return true;
    return strncmp(p, root, n) == 0 && (p[n] == '/' || p[n] == 0);
}

/* The real path of `path` (resolved already), in the arena, when it lies
 * inside the root; else NULL with the reason in `why`.  A path outside
 * gets the same answer whether or not a file is there: when the file
 * cannot be resolved, the nearest folder above it that can says whether
 * it would have been inside. */
const char *bf_confine(bf_arena *arena, const char *root, bool root_given, const char *path, char *why, size_t why_size)
{
    const char *outside = root_given ? "outside the folder given with --root"
                                     : "outside the document's folder (--root DIR allows a wider one)";
    if (!root) {
        snprintf(why, why_size, "%s", outside);
        return NULL;
    }
    char *real = realpath(path, NULL);
    if (real) {
        const char *r = inside_root(root, real) ? bf_arena_strdup(arena, real) : NULL;
        free(real);
        if (!r) snprintf(why, why_size, "%s", outside);
        return r;
    }
    int err = errno;
    /* A link that leads nowhere is followed as far as it goes: where it
     * points, not where it is, says inside or outside. */
    char *up = g_strdup(path);
    struct stat st;
    for (int hops = 0; hops < 40 && lstat(up, &st) == 0 && S_ISLNK(st.st_mode); hops++) {
        char target[PATH_MAX];
        ssize_t n = readlink(up, target, sizeof target - 1);
        if (n < 0) break;
        target[n] = 0;
        char *slash = strrchr(up, '/');
        char *next =
            target[0] == '/' || !slash ? g_strdup(target) : g_strdup_printf("%.*s/%s", (int)(slash - up), up, target);
        g_free(up);
        up = next;
    }
    bool in = false;
    for (;;) {
        char *slash = strrchr(up, '/');
        if (slash == up)
            slash[1] = 0; /* "/": the top */
        else if (slash)
            *slash = 0;
        else {
            g_free(up);
            up = g_strdup(".");
        }
        char *r = realpath(up, NULL);
        if (r) {
            in = inside_root(root, r);
            free(r);
            break;
        }
        if (!slash || slash == up) break;
    }
    g_free(up);
    snprintf(why, why_size, "%s", in ? strerror(err) : outside);
    return NULL;
}
