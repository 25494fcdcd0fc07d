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

#endif
