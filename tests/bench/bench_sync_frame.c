/*
 * bench_sync_frame.c: the UI thread's frames while sync applies a catalogue change at 100,000
 * events (issue 12, target 3: no frame over 16 ms). Not a test: it prints figures.
 *
 * Usage: bench_sync_frame   (environment: TMPDIR for the scratch directory, default /tmp;
 *   BENCH_EVENTS, default 100000; BENCH_KEEP=1 keeps the scratch directory; BENCH_FREE_ON_UI=1
 *   frees the old list in the UI's frame, as before EVENTS_LOADED_KEEP_OLD; BENCH_CHANGED=N
 *   changes only N events (at most SYNC_CHANGED_MAX), and BENCH_PATCH=1 then hands the UI only
 *   their rows, patched in place: ACT_ROWS_PATCHED; BENCH_PAGED=1 runs a paged kiosk, as main.c
 *   does (store_page.c): the reader reads no list, the UI reads its page again, as main.c has it
 *   when a patch does not fit the page or the catalogue changed whole)
 *
 * The kiosk runs in this process as main.c wires it, headless (a memory surface), on the event
 * list, drawing a frame every 16 ms while a finger drags the list. Meanwhile a second thread
 * plays the sync helper and the kiosk's reader thread of it (kiosk/sync_proc.c) with their own
 * connections to the same WAL database: it changes every event's seat counts in transactions of
 * 1,000 (as a pull's pages are applied, each page one transaction), then reads the list
 * afresh (store_events_upcoming) and hands it over; the UI takes it in its next frame, as
 * main.c's poll_sync does (ACT_EVENTS_LOADED, the old block freed elsewhere, as main.c has the
 * reader thread free it: EVENTS_LOADED_KEEP_OLD). Each frame is timed from the input's dispatch to
 * the end of gfx_draw: the worst of them, the swap's frame, and p50/p99.
 */
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "app.h"
#include "client.h"
#include "common/gen_events.h"
#include "config.h"
#include "datefmt.h"
#include "fonts.h"
#include "gfx.h"
#include "runtime.h"
#include "store.h"
#include "ui.h"
#include "util.h"

#define SCREEN_W 1920
#define SCREEN_H 1080
#define FRAME_MS 16
#define PAGE 1000
#define AFTER_FRAMES 60

static char g_dir[256], g_db[PATH_MAX];
static double g_take_ms; /* the swap's dispatch alone */
static EventRow *g_old;  /* the list before: freed off the UI thread, as main.c has it freed */

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void fatal(const char *what)
{
    fprintf(stderr, "bench_sync_frame: %s\n", what);
    exit(1);
}

/* ---- The sync side: the helper's pages, then the reader's list ------------------------- */

typedef struct {
    atomic_int done; /* 1 when the rows are ready */
    EventRow *rows;
    int n_rows, pages;
    double apply_ms, read_ms;
    bool patch; /* rows are only the changed events' (ACT_ROWS_PATCHED) */
    /* BENCH_PAGED=1: the UI's list, its clock at the start (and when), and what the reader
     * thread of a paged UI prepares for its next page (sync_page_prep_read). */
    SyncPageSpec spec;
    int64_t clock_ms, start_ns;
    SyncPagePrep prep;
    bool prep_valid;
} SyncSide;

/* BENCH_CHANGED=N: only the first N events change (one page); BENCH_PATCH=1 then reads only
 * their rows (store_events_rows) and the UI patches them in place, as sync_proc.c does when the
 * helper names them; otherwise the whole list is read, as before. */
static int changed_count(void)
{
    const char *e = getenv("BENCH_CHANGED");
    int n = e ? atoi(e) : 0;
    return n > SYNC_CHANGED_MAX ? SYNC_CHANGED_MAX : n;
}

/* The ids of the first N events by rowid (those the changed run changes). */
static char (*changed_ids(sqlite3 *h, int n))[RECORD_EVENT_ID_MAX + 1]
{
    char(*ids)[RECORD_EVENT_ID_MAX + 1] = calloc((size_t)n, sizeof *ids);
    sqlite3_stmt *st;
    if (!ids || sqlite3_prepare_v2(h, "SELECT id FROM events ORDER BY rowid LIMIT ?1", -1, &st,
                                   NULL) != SQLITE_OK)
        fatal("changed ids");
    sqlite3_bind_int(st, 1, n);
    for (int i = 0; i < n && sqlite3_step(st) == SQLITE_ROW; i++)
        str_copy(ids[i], sizeof ids[i], (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return ids;
}

static bool g_paged; /* BENCH_PAGED=1 */

static void *sync_main(void *arg)
{
    SyncSide *ss = arg;
    sqlite3 *h;
    if (sqlite3_open(g_db, &h) != SQLITE_OK) fatal("sync side: cannot open");
    sqlite3_busy_timeout(h, 5000);
    int64_t t0 = now_ns();
    int n = 0;
    sqlite3_stmt *cnt;
    sqlite3_prepare_v2(h, "SELECT count(*) FROM events", -1, &cnt, NULL);
    if (sqlite3_step(cnt) == SQLITE_ROW) n = sqlite3_column_int(cnt, 0);
    sqlite3_finalize(cnt);
    int changed = changed_count();
    char(*ids)[RECORD_EVENT_ID_MAX + 1] = changed > 0 ? changed_ids(h, changed) : NULL;
    if (changed > 0) n = changed;
    sqlite3_stmt *up;
    if (sqlite3_prepare_v2(h,
                           "UPDATE events SET confirmed_seats = (confirmed_seats + 1) % 5 "
                           "WHERE rowid IN (SELECT rowid FROM events ORDER BY rowid "
                           "LIMIT ?1 OFFSET ?2)",
                           -1, &up, NULL) != SQLITE_OK)
        fatal(sqlite3_errmsg(h));
    for (int off = 0; off < n; off += PAGE) {
        sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        sqlite3_bind_int(up, 1, n - off < PAGE ? n - off : PAGE);
        sqlite3_bind_int(up, 2, off);
        if (sqlite3_step(up) != SQLITE_DONE) fatal(sqlite3_errmsg(h));
        sqlite3_reset(up);
        sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
        ss->pages++;
    }
    sqlite3_finalize(up);
    sqlite3_close(h);
    int64_t t1 = now_ns();
    Store *s = NULL;
    char err[256];
    ss->patch = ids && getenv("BENCH_PATCH") && atoi(getenv("BENCH_PATCH")) == 1;
    if (g_paged) { /* as the reader thread of a paged UI: what its next page takes */
        if (store_open(&s, g_db, err, sizeof err) != 0) fatal(err);
        /* The UI's clock is virtual here: started at the wall clock, a frame's 16 ms a frame. */
        int64_t at = ss->clock_ms + (now_ns() - ss->start_ns) / 1000000;
        if (sync_page_prep_read(s, &ss->spec, at, &ss->prep, err, sizeof err)) fatal(err);
        ss->prep_valid = true;
        if (ss->patch &&
            store_events_rows(s, ids, changed, &ss->rows, &ss->n_rows, err, sizeof err) != 0)
            fatal(err);
        store_close(s);
        free(ids);
        ss->read_ms = (double)(now_ns() - t1) / 1e6;
        ss->apply_ms = (double)(t1 - t0) / 1e6;
        atomic_store(&ss->done, 1);
        return NULL;
    }
    if (store_open(&s, g_db, err, sizeof err) != 0 ||
        (ss->patch ? store_events_rows(s, ids, changed, &ss->rows, &ss->n_rows, err, sizeof err)
                   : store_events_upcoming(s, datefmt_day_start(now_s()), &ss->rows, &ss->n_rows,
                                           err, sizeof err)) != 0)
        fatal(err);
    store_close(s);
    free(ids);
    ss->apply_ms = (double)(t1 - t0) / 1e6;
    ss->read_ms = (double)(now_ns() - t1) / 1e6;
    atomic_store(&ss->done, 1);
    return NULL;
}

/* ---- The UI thread ---------------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static const char *font_dir(void)
{
    static char dir[4096];
    char err[512];
    if (fonts_find(dir, sizeof dir, err, sizeof err) != AUKIO_OK)
        snprintf(dir, sizeof dir, "%s/../fonts", TESTS_DIR);
    return dir;
}

/* One frame: a drag, the swap when the rows are ready (TAKE), build and draw. In ms. */
static double frame(Kiosk *k, SyncSide *ss, bool *took, float *dir)
{
    int64_t a = now_ns();
    if (!*took && atomic_load(&ss->done)) {
        /* BENCH_FREE_ON_UI=1: the old way, the block freed in this frame (for a before/after). */
        bool on_ui = getenv("BENCH_FREE_ON_UI") != NULL;
        g_old = on_ui || ss->patch || g_paged ? NULL : k->app.rows;
        if (ss->prep_valid) { /* as main.c's poll_sync */
            k->page_prep = ss->prep;
            k->page_prep_valid = true;
        }
        if (ss->patch)
            kiosk_dispatch(k, &(Action){.kind = ACT_ROWS_PATCHED, .p = ss->rows, .a = ss->n_rows});
        /* As main.c's poll_sync: a paged kiosk reads its page again. */
        if (g_paged && (!ss->patch || k->app.rows_reload))
            kiosk_dispatch(k, &(Action){.kind = ACT_SYNC_STATUS, .b = SYNC_FLAG_CATALOGUE});
        else if (!ss->patch)
            kiosk_dispatch(k, &(Action){.kind = ACT_EVENTS_LOADED,
                                        .p = ss->rows,
                                        .a = ss->n_rows,
                                        .b = on_ui ? 0 : EVENTS_LOADED_KEEP_OLD});
        if (k->page_prep_valid) {
            store_page_aux_free(&k->page_prep.aux);
            k->page_prep_valid = false;
        }
        g_take_ms = (double)(now_ns() - a) / 1e6;
        ss->rows = NULL;
        *took = true;
    }
    Scroll *s = &k->app.scroll[SCROLL_LIST];
    kiosk_dispatch(k, &(Action){.kind = ACT_SCROLL_BY, .a = SCROLL_LIST, .f = *dir * 23.0f});
    k->clock_ms += FRAME_MS;
    kiosk_dispatch(k, &(Action){.kind = ACT_TICK, .t = k->clock_ms});
    if (s->pos >= s->max && *dir > 0) *dir = -1;
    if (s->pos <= 0 && *dir < 0) *dir = 1;
    kiosk_build(k);
    if (k->need_draw) {
        gfx_draw(k->gfx, &k->ui);
        k->need_draw = false;
    }
    return (double)(now_ns() - a) / 1e6;
}

static void run(int n_events)
{
    Kiosk *k = calloc(1, sizeof *k);
    if (!k) fatal("out of memory");
    char err[512];
    config_defaults(&k->cfg);
    if (store_open(&k->store, g_db, err, sizeof err) != 0) fatal(err);
    k->gfx = gfx_new(GFX_HEADLESS, SCREEN_W, SCREEN_H, false, font_dir(), err, sizeof err);
    if (!k->gfx) fatal(err);
    ui_init(&k->ui, gfx_measure, k->gfx);
    k->virtual_clock = true;
    k->clock_ms = (int64_t)time(NULL) * 1000;
    k->paged = g_paged;
    app_init(&k->app, k->cfg.language, k->cfg.idle_timeout_s, k->cfg.confirm_timeout_s,
             k->clock_ms);
    kiosk_dispatch(k, &(Action){.kind = ACT_TICK, .t = k->clock_ms});
    kiosk_dispatch(k, &(Action){.kind = ACT_WAKE});
    k->need_draw = true;
    kiosk_build(k);
    gfx_draw(k->gfx, &k->ui);
    printf("  the list holds %d rows (of %d events)%s\n", k->app.n_rows, n_events,
           g_paged ? ", a page" : "");

    SyncSide ss = {0};
    kiosk_page_spec(&k->app, &ss.spec);
    ss.clock_ms = k->clock_ms;
    ss.start_ns = now_ns();
    pthread_t th;
    size_t cap = 1 << 16;
    double *ms = malloc(cap * sizeof *ms);
    if (!ms || pthread_create(&th, NULL, sync_main, &ss) != 0) fatal("cannot start");
    bool took = false;
    float dir = 1;
    int n = 0, after = 0;
    double swap_ms = 0;
    int64_t t0 = now_ns();
    while (after < AFTER_FRAMES && (size_t)n < cap) {
        int64_t start = now_ns();
        bool before = took;
        double f = frame(k, &ss, &took, &dir);
        if (took && !before) swap_ms = f;
        if (took) after++;
        ms[n++] = f;
        int64_t next = start + (int64_t)FRAME_MS * 1000000;
        int64_t left = next - now_ns();
        if (left > 0) {
            struct timespec ts = {0, (long)left};
            nanosleep(&ts, NULL);
        }
    }
    double wall = (double)(now_ns() - t0) / 1e6;
    pthread_join(th, NULL);
    free(ss.rows);
    free(g_old);
    int over = 0;
    double worst_other = 0;
    for (int i = 0; i < n; i++) {
        if (ms[i] > 16.0) over++;
        if (ms[i] != swap_ms && ms[i] > worst_other) worst_other = ms[i];
    }
    qsort(ms, (size_t)n, sizeof *ms, cmp_double);
    int per = changed_count() > 0 ? changed_count() : PAGE;
    printf("  sync side: %d transactions of %d changes in %.0f ms, then %s read in %.0f ms "
           "(off the UI thread)\n",
           ss.pages, per, ss.apply_ms, ss.patch ? "the changed rows" : "the list", ss.read_ms);
    printf("  UI thread: %d frames in %.0f ms; p50 %.2f ms, p99 %.2f ms, worst %.2f ms; "
           "%d over 16 ms\n",
           n, wall, ms[n / 2], ms[(n * 99) / 100], ms[n - 1], over);
    printf("  the frame that took the new list: %.2f ms (of which %s %.2f ms); "
           "the worst other frame: %.2f ms\n",
           swap_ms,
           ss.patch  ? "ACT_ROWS_PATCHED"
           : g_paged ? "the page read again"
                     : "ACT_EVENTS_LOADED",
           g_take_ms, worst_other);
    free(ms);
    app_deinit(&k->app);
    store_page_aux_free(&k->page_aux);
    ui_deinit(&k->ui);
    gfx_free(k->gfx);
    store_close(k->store);
    free(k);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    g_paged = getenv("BENCH_PAGED") && atoi(getenv("BENCH_PAGED")) == 1;
    const char *ne = getenv("BENCH_EVENTS");
    long n_events = 100000;
    if (ne && *ne && parse_long(ne, 1000, 1000000, &n_events) != 0) fatal("BENCH_EVENTS");
    snprintf(g_dir, sizeof g_dir, "%s/aukio-bench-sync-frame-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(g_dir)) fatal("cannot make the scratch directory");
    char json[PATH_MAX], err[512];
    snprintf(json, sizeof json, "%s/events.json", g_dir);
    snprintf(g_db, sizeof g_db, "%s/kiosk.db", g_dir);
    int64_t now = (int64_t)time(NULL);
    GenStats gs;
    if (gen_events_write(json, 10000, now, &gs) != 0) fatal("cannot write the events");
    Store *s = NULL;
    int n = 0;
    if (store_open(&s, g_db, err, sizeof err) != 0 ||
        store_import_file(s, json, 0, &n, err, sizeof err) != 0)
        fatal(err);
    store_close(s);
    const char *why = gen_events_multiply(g_db, (int)(n_events / 10000));
    if (why) fatal(why);
    printf("bench_sync_frame: %ld events, scratch %s\n", n_events, g_dir);
    run((int)n_events);
    if (!getenv("BENCH_KEEP")) {
        char cmd[PATH_MAX + 16];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
        if (system(cmd) != 0) fprintf(stderr, "bench_sync_frame: %s left behind\n", g_dir);
    }
    return 0;
}
