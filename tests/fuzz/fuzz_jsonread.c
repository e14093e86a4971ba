/* fuzz_jsonread.c - libFuzzer target for the fast JSON reader: any UTF-8
 * text without a NUL byte (what bf_check_encoding lets through), read by
 * it and by jansson, which must agree (jsonread-check.h).  Other bytes
 * never reach the reader and are skipped. */
#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "jsonread-check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    if (memchr(text, '\0', size) || !g_utf8_validate_len(text, (gssize)size, NULL)) return 0;
    jsonread_check(text, size);
    return 0;
}
