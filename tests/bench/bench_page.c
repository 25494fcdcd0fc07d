/*
 * bench_page.c: what a page of the list costs to read (issue 12, paging), against reading the
 * whole list as the kiosk did before, at 10,000 and 100,000 events.
 *
 * Usage: bench_page            (environment: BENCH_RUNS, default 15; TMPDIR)
 *
 * For each catalogue size it times, medians over the runs, in one process on one connection:
 *   - the whole list (store_events_upcoming), and its rows' bytes;
 *   - what every page takes (store_page_aux: the home venue, attract and feedback rows, the
 *     first row of each venue, topic and staff-only group), read once a minute and after a
 *     catalogue change;
 *   - one page (store_page_load: the count, the window of 192 rows, those rows read) at the
 *     list's top, its middle and its end, unfiltered and with a venue filter; one read for the
 *     scroll (the count known), and the next minute's (the count less the rows that ended);
 *   - staff's list of events with sign-ups at its middle.
 * It prints the figures and asserts nothing: it is not a test.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/gen_events.h"
#include "datefmt.h"
#include "store.h"

#define GEN_NOW 1796112000 /* 2026-12-01 08:00 UTC */
#define PAGE_ROWS 192

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void bench_die(const char *what, const char *err)
{
    fprintf(stderr, "bench_page: %s: %s\n", what, err);
    exit(1);
}

/* The page at position FIRST of Q's list: its time (ms) and rows. */
static double page_at(Store *s, StorePageQuery *q, const StorePageAux *aux, int first, int *rows,
                      int *total)
{
    char err[256];
    EventRow *out = NULL;
    int n = 0;
    StorePageInfo info;
    q->first = first;
    double t0 = now_ms();
    if (store_page_load(s, q, aux, &out, &n, &info, err, sizeof err)) bench_die("a page", err);
    double t = now_ms() - t0;
    free(out);
    *rows = n;
    *total = info.total;
    return t;
}

static void bench_size(const char *dir, int n_events, int runs)
{
    char json[512], db[512], err[256];
    snprintf(json, sizeof json, "%s/events.json", dir);
    snprintf(db, sizeof db, "%s/kiosk-%d.db", dir, n_events);
    int base = n_events > 10000 ? 10000 : n_events;
    GenStats gs = {0};
    if (gen_events_write(json, base, GEN_NOW, &gs)) bench_die("generating", "write failed");
    Store *s = NULL;
    int n = 0;
    if (store_open(&s, db, err, sizeof err)) bench_die("store_open", err);
    if (store_import_file(s, json, 0, &n, err, sizeof err)) bench_die("import", err);
    store_close(s);
    unlink(json);
    if (n_events > base) {
        const char *e = gen_events_multiply(db, n_events / base);
        if (e) bench_die("multiplying", e);
    }
    if (store_open(&s, db, err, sizeof err)) bench_die("store_open", err);
    int64_t now = GEN_NOW + 3600, from = datefmt_day_start(now);

    double *t_whole = calloc((size_t)runs, sizeof(double)), *t_aux = calloc((size_t)runs, 8),
           *t_top = calloc((size_t)runs, 8), *t_mid = calloc((size_t)runs, 8),
           *t_end = calloc((size_t)runs, 8), *t_venue = calloc((size_t)runs, 8),
           *t_staff = calloc((size_t)runs, 8), *t_groups = calloc((size_t)runs, 8),
           *t_scroll = calloc((size_t)runs, 8), *t_minute = calloc((size_t)runs, 8);
    if (!t_minute || !t_groups || !t_scroll || !t_whole || !t_aux || !t_top || !t_mid || !t_end ||
        !t_venue || !t_staff)
        bench_die("", "oom");
    int whole_rows = 0, aux_rows = 0, groups_rows = 0, page_rows = 0, total = 0, venue_total = 0,
        staff_total = 0;
    size_t whole_bytes = 0;
    for (int r = 0; r < runs; r++) {
        EventRow *rows = NULL;
        struct mallinfo2 before = mallinfo2();
        double t0 = now_ms();
        if (store_events_upcoming(s, from, &rows, &whole_rows, err, sizeof err))
            bench_die("the whole list", err);
        t_whole[r] = now_ms() - t0;
        struct mallinfo2 after = mallinfo2();
        whole_bytes = after.uordblks + after.hblkhd - before.uordblks - before.hblkhd;
        free(rows);

        StorePageQuery q = {.from = from,
                            .now = now,
                            .until = INT64_MAX,
                            .category = "",
                            .venue_id = "",
                            .home_venue = "bench:place-03",
                            .limit = PAGE_ROWS};
        StorePageAux aux;
        q.groups = true;
        t0 = now_ms();
        if (store_page_aux(s, &q, &aux, err, sizeof err)) bench_die("a page's rows", err);
        t_groups[r] = now_ms() - t0;
        groups_rows = aux.n;
        store_page_aux_free(&aux);
        q.groups = false;
        t0 = now_ms();
        if (store_page_aux(s, &q, &aux, err, sizeof err)) bench_die("a page's rows", err);
        t_aux[r] = now_ms() - t0;
        aux_rows = aux.n;
        t_top[r] = page_at(s, &q, &aux, 0, &page_rows, &total);
        t_mid[r] = page_at(s, &q, &aux, total / 2, &page_rows, &total);
        q.counted = true; /* as a page read for the scroll: the counts known */
        t_scroll[r] = page_at(s, &q, &aux, total / 3, &page_rows, &total);
        /* The next minute's page: the rows that ended in it, then the page with that count. */
        int ended = 0;
        t0 = now_ms();
        if (store_page_count_ended(s, &q, now, now + 60, &ended, err, sizeof err))
            bench_die("the rows that ended", err);
        t_minute[r] = now_ms() - t0;
        q.now = now + 60;
        t_minute[r] += page_at(s, &q, &aux, 0, &page_rows, &total);
        q.now = now;
        q.counted = false;
        t_end[r] = page_at(s, &q, &aux, total - 100, &page_rows, &total);
        q.venue_id = "bench:place-07";
        t_venue[r] = page_at(s, &q, &aux, 0, &page_rows, &venue_total);
        t_venue[r] += page_at(s, &q, &aux, venue_total / 2, &page_rows, &venue_total);
        t_venue[r] /= 2;
        q.venue_id = "";
        q.staff_list = true;
        q.staff = true;
        t_staff[r] = page_at(s, &q, &aux, 0, &page_rows, &staff_total);
        t_staff[r] = page_at(s, &q, &aux, staff_total / 2, &page_rows, &staff_total);
        store_page_aux_free(&aux);
    }
    printf("\n%d events (%d on the list, %d at one venue, %d on staff's list), medians of %d:\n",
           n_events, total, venue_total, staff_total, runs);
    printf("  %-58s %8.2f ms  %6d rows  %6.1f MB\n", "the whole list (before: what the UI held)",
           median(t_whole, runs), whole_rows, (double)whole_bytes / 1e6);
    printf("  %-58s %8.2f ms  %6d rows\n", "what every page takes (once a minute, per change)",
           median(t_aux, runs), aux_rows);
    printf("  %-58s %8.2f ms  %6d rows\n", "the same with every venue's and topic's first row",
           median(t_groups, runs), groups_rows);
    printf("  %-58s %8.2f ms  %6d rows  %6.2f MB\n", "a page at the top (count, window, rows)",
           median(t_top, runs), page_rows,
           (double)page_rows * (double)(whole_bytes / (size_t)(whole_rows ? whole_rows : 1)) / 1e6);
    printf("  %-58s %8.2f ms\n", "a page in the middle", median(t_mid, runs));
    printf("  %-58s %8.2f ms\n", "a page at the end", median(t_end, runs));
    printf("  %-58s %8.2f ms\n", "a page read for the scroll (counts known)",
           median(t_scroll, runs));
    printf("  %-58s %8.2f ms\n", "the next minute's page (the count less the ended rows)",
           median(t_minute, runs));
    printf("  %-58s %8.2f ms\n", "a page of one venue's list (top, middle)", median(t_venue, runs));
    printf("  %-58s %8.2f ms\n", "a page in the middle of staff's list", median(t_staff, runs));
    free(t_whole);
    free(t_aux);
    free(t_top);
    free(t_mid);
    free(t_end);
    free(t_venue);
    free(t_staff);
    free(t_groups);
    free(t_scroll);
    free(t_minute);
    store_close(s);
    if (!getenv("BENCH_KEEP")) unlink(db);
}

int main(void)
{
    const char *runs_env = getenv("BENCH_RUNS"), *tmp = getenv("TMPDIR");
    int runs = runs_env ? atoi(runs_env) : 15;
    if (runs < 1 || runs > 1000) runs = 15;
    char dir[256];
    snprintf(dir, sizeof dir, "%s/aukio-bench-page-XXXXXX", tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) bench_die("mkdtemp", dir);
    bench_size(dir, 10000, runs);
    bench_size(dir, 100000, runs);
    if (!getenv("BENCH_KEEP")) rmdir(dir);
    return 0;
}
