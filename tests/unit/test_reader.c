/* The windowed reader: the bytes it gives are the file's, at any offset and
 * in any order, through a file that grows; and sequential small reads cost
 * a few system calls, not one each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "core/reader.h"

#define SIZE 300000

static unsigned char byte_at(long i)
{
    return (unsigned char)((i * 131 + i / 977) & 0xff);
}

static int same(const unsigned char *got, long at, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (got[i] != byte_at(at + (long)i)) return 0;
    return 1;
}

int main(void)
{
    FILE *f = tmpfile();
    CHECK(f != NULL, "no temporary file");
    if (!f) return 1;
    int fd = fileno(f);
    unsigned char *all = malloc(SIZE), buf[70000];
    for (long i = 0; i < SIZE; i++) all[i] = byte_at(i);
    /* Half the file first: a window filled now is short. */
    CHECK(pwrite(fd, all, SIZE / 2, 0) == SIZE / 2, "cannot write");

    bf_reader *r = bf_reader_new(fd, 4, 1 << 16);
    CHECK(bf_reader_read(r, 1000, 50, buf) && same(buf, 1000, 50), "first read");
    CHECK(!bf_reader_read(r, SIZE / 2 - 10, 20, buf), "a read past the end succeeded");
    CHECK(pwrite(fd, all + SIZE / 2, SIZE - SIZE / 2, SIZE / 2) == SIZE - SIZE / 2, "cannot write");
    CHECK(bf_reader_read(r, SIZE / 2 - 10, 20, buf) && same(buf, SIZE / 2 - 10, 20), "read across the growth");

    /* In order: a call a window. */
    bf_reader_free(r);
    r = bf_reader_new(fd, 1, 1 << 16);
    int bad = 0;
    for (long at = 0; at + 60 <= SIZE; at += 60)
        if (!bf_reader_read(r, at, 60, buf) || !same(buf, at, 60)) bad++;
    CHECK(bad == 0, "%d sequential reads wrong", bad);
    unsigned long calls = bf_reader_calls(r);
    CHECK(calls <= SIZE / (1 << 16) + 3, "%lu system calls for %d sequential reads", calls, SIZE / 60);

    /* Scattered over four places, a window each: still few calls. */
    bf_reader_free(r);
    r = bf_reader_new(fd, 4, 1 << 16);
    long base[4] = {0, 70000, 140000, 210000};
    bad = 0;
    for (int k = 0; k < 800; k++) {
        long at = base[k % 4] + (k / 4) * 37;
        size_t len = (size_t)(1 + k % 90);
        if (!bf_reader_read(r, at, len, buf) || !same(buf, at, len)) bad++;
    }
    CHECK(bad == 0, "%d scattered reads wrong", bad);
    CHECK(bf_reader_calls(r) <= 8, "%lu system calls for reads in four places", bf_reader_calls(r));

    /* Random places and lengths, some longer than a window. */
    srand(7);
    bad = 0;
    for (int k = 0; k < 2000; k++) {
        size_t len = (size_t)(rand() % (k % 50 ? 200 : 69000)) + 1;
        long at = rand() % (SIZE - (long)len);
        if (!bf_reader_read(r, at, len, buf) || !same(buf, at, len)) bad++;
    }
    CHECK(bad == 0, "%d random reads wrong", bad);
    CHECK(!bf_reader_read(r, SIZE - 5, 6, buf), "a read past the end succeeded");
    CHECK(bf_reader_read(r, SIZE - 5, 5, buf) && same(buf, SIZE - 5, 5), "the last bytes");
    bf_reader_free(r);
    free(all);
    fclose(f);
    return failed != 0;
}
