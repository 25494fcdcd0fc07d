/*
 * fuzz_time.c: the ISO 8601 reader (event_parse_time) and the dates the kiosk shows
 * (kiosk/datefmt.c). The input is "START\nEND" (END optional). Properties: every time that parses
 * is written by event_format_time in a form that parses back to the same second; datefmt writes a
 * NUL-terminated string into buffers of every size, and the day and week starts are the midnight
 * and the Monday before the time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datefmt.h"
#include "event.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setenv("TZ", "Europe/Helsinki", 1);
    tzset();
    return 0;
}

/* Parses S; on success checks that its UTC form reads back to the same second. */
static int parse_checked(const char *s, int64_t *t)
{
    if (event_parse_time(s, t) != 0) return -1;
    char utc[32];
    int64_t back = 0;
    event_format_time(*t, utc, sizeof utc);
    if (event_parse_time(utc, &back) != 0 || back != *t) {
        fprintf(stderr, "\"%s\" is %lld, written \"%s\", read back %s %lld\n", s, (long long)*t,
                utc, event_parse_time(utc, &back) ? "failing" : "as", (long long)back);
        abort();
    }
    return 0;
}

static void check_formats(int64_t start, int64_t end)
{
    static const size_t sizes[] = {1, 2, 5, 9, 17, 33, 128};
    for (int l = 0; l < LANG_COUNT; l++)
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            char buf[128];
            size_t n = sizes[i];
            memset(buf, 'x', sizeof buf);
            datefmt_span(buf, n, (Lang)l, start, end);
            if (strnlen(buf, n) >= n) abort();
            datefmt_date(buf, n, (Lang)l, start);
            if (strnlen(buf, n) >= n) abort();
            datefmt_date_long(buf, n, (Lang)l, start);
            if (strnlen(buf, n) >= n) abort();
            datefmt_time(buf, n, (Lang)l, start);
            if (strnlen(buf, n) >= n) abort();
        }
    int64_t day = datefmt_day_start(start), week = datefmt_week_start(start);
    if (day > start || start - day >= 25 * 3600 || week > day || day - week > 6 * 86400 + 3600) {
        fprintf(stderr, "%lld: day start %lld, week start %lld\n", (long long)start, (long long)day,
                (long long)week);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char text[128];
    if (size >= sizeof text) return 0; /* an ISO 8601 time is short; longer is just more junk */
    memcpy(text, data, size);
    text[size] = '\0';
    char *end_text = strchr(text, '\n');
    if (end_text) *end_text++ = '\0';

    int64_t start = 0, end = 0;
    if (parse_checked(text, &start) != 0) return 0;
    if (end_text && parse_checked(end_text, &end) != 0) end = 0;
    if (end && end < start) end = 0; /* the importer refuses an end before the start */
    check_formats(start, end);
    return 0;
}
