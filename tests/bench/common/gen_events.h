/* gen_events.h: the benchmarks' generated catalogue (see gen_events.c). */
#ifndef AUKIO_BENCH_GEN_EVENTS_H
#define AUKIO_BENCH_GEN_EVENTS_H

#include <stdint.h>

#define GEN_DAYS 90

typedef struct {
    int no_registration, limited, unlimited, large, cancelled, postponed, with_questions;
} GenStats;

/* Writes N events starting from NOW (Unix seconds) to PATH as one JSON document; the same N
 * and NOW give the same bytes. Returns 0, or -1 (errno) when the file cannot be written. */
int gen_events_write(const char *path, int n, int64_t now, GenStats *gs);

/* The kiosk database DB with its events and their documents copied until there are COPIES times
 * as many (ids suffixed ~1, ~2, ...), in one transaction: a 100,000-event catalogue without a
 * 270 MB import file. Returns NULL, or SQLite's message of what failed. */
const char *gen_events_multiply(const char *db, int copies);

#endif
