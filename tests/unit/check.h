/* check.h - CHECK(cond, fmt, ...) for the unit tests: a failed check prints
 * where and why and counts in `failed`; main returns failed != 0. */
#ifndef BF_TEST_CHECK_H
#define BF_TEST_CHECK_H

#include <stdio.h>

static int failed;

#define CHECK(cond, ...)                                                                                               \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                                       \
            fprintf(stderr, __VA_ARGS__);                                                                              \
            fputc('\n', stderr);                                                                                       \
            failed++;                                                                                                  \
        }                                                                                                              \
    } while (0)

#endif
