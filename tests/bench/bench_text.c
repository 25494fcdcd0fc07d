/*
 * bench_text.c: the cost of one HTML-to-text conversion (text_from_html) of the detail screen on
 * hostile and ordinary descriptions of the importer's 64 KiB limit. Prints figures, asserts
 * nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

#define SIZE 65536

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void run(const char *name, const char *in)
{
    size_t cap = strlen(in) + 1;
    char *out = malloc(cap);
    if (!out) return;
    int calls = 0;
    double start = now_ms(), t;
    do {
        text_from_html(in, out, cap);
        calls++;
    } while ((t = now_ms() - start) < 500 && calls < 100000);
    printf("%-34s %9.3f ms per call (%d calls)\n", name, t / calls, calls);
    free(out);
}

int main(void)
{
    char *in = malloc(SIZE + 1);
    if (!in) return 1;
    memset(in, '&', SIZE);
    in[SIZE] = '\0';
    run("64 KiB of '&' without ';'", in);
    for (size_t i = 0; i + 5 <= SIZE; i += 5)
        memcpy(in + i, "&#10;", 5);
    memcpy(in + SIZE - 4, "<br>", 4);
    run("64 KiB of '&#10;' then <br>", in);
    for (size_t i = 0; i + 16 <= SIZE; i += 16)
        memcpy(in + i, "<p>Satu &amp; </p", 16);
    run("64 KiB of paragraphs and entities", in);
    free(in);
    return 0;
}
