/*
 * test_first_frame.c: a kiosk's first frame shows only a screenful of a long list
 * (KIOSK_FIRST_ROWS rows) and no count rather than a wrong one (issue 12: it said "64 tapahtumaa"
 * of a list of thousands); the next frame counts the whole list from the index, the one after
 * loads the rest, and the count stays the same.
 * Staff-only events count only in staff mode, as the list shows them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "event.h"
#include "gfx.h"
#include "runtime.h"
#include "staff_pin.h"
#include "store.h"
#include "ui.h"

#define N_EVENTS 150
#define N_STAFF_ONLY 2

static char g_dir[64], g_db[128], g_json[128];

/* N_EVENTS events from an hour from NOW, ten minutes apart; the last N_STAFF_ONLY are
 * staff-only. */
static void write_events(int64_t now)
{
    FILE *f = fopen(g_json, "w");
    assert_non_null(f);
    fputs("{\"data\":[", f);
    for (int i = 0; i < N_EVENTS; i++) {
        char start[32], end[32];
        event_format_time(now + 3600 + i * 600, start, sizeof start);
        event_format_time(now + 3600 + i * 600 + 1800, end, sizeof end);
        fprintf(f,
                "%s{\"id\":\"ff-%d\",\"name\":{\"fi\":\"Tapahtuma %d\"},"
                "\"location\":{\"id\":\"v1\",\"name\":{\"fi\":\"Kirjasto\"}},"
                "\"start_time\":\"%s\",\"end_time\":\"%s\"%s}",
                i ? "," : "", i, i, start, end,
                i >= N_EVENTS - N_STAFF_ONLY ? ",\"x_aukio\":{\"staff_only\":true}" : "");
    }
    fputs("]}\n", f);
    assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/aukio-test-ff-XXXXXX");
    if (!mkdtemp(g_dir)) return -1;
    snprintf(g_db, sizeof g_db, "%s/kiosk.db", g_dir);
    snprintf(g_json, sizeof g_json, "%s/events.json", g_dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(g_db);
    char side[160];
    snprintf(side, sizeof side, "%s-wal", g_db);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", g_db);
    unlink(side);
    unlink(g_json);
    rmdir(g_dir);
    return 0;
}

static bool shows(Kiosk *k, const char *label)
{
    return ui_find_label(&k->ui, label) >= 0;
}

static void test_count_before_the_rest(void **state)
{
    (void)state;
    char err[256];
    int64_t now = (int64_t)time(NULL);
    write_events(now);
    Kiosk *k = calloc(1, sizeof *k);
    assert_non_null(k);
    config_defaults(&k->cfg);
    assert_int_equal(store_open(&k->store, g_db, err, sizeof err), 0);
    int n = 0;
    assert_int_equal(store_import_file(k->store, g_json, 0, &n, err, sizeof err), 0);
    assert_int_equal(n, N_EVENTS);
    assert_int_equal(store_pin_set(k->store, "2468", err, sizeof err), 0);

    k->gfx = gfx_new(GFX_HEADLESS, 1920, 1080, false, SOURCE_DIR "/fonts", err, sizeof err);
    assert_non_null(k->gfx);
    ui_init(&k->ui, gfx_measure, k->gfx);
    k->virtual_clock = true;
    k->clock_ms = now * 1000;
    k->progressive = true; /* as a window's first frame */
    app_init(&k->app, k->cfg.language, k->cfg.idle_timeout_s, k->cfg.confirm_timeout_s,
             k->clock_ms);
    kiosk_dispatch(k, &(Action){.kind = ACT_TICK, .t = k->clock_ms});
    kiosk_dispatch(k, &(Action){.kind = ACT_WAKE});
    kiosk_build(k);

    /* The first frame: a screenful loaded, and no count rather than the screenful's. */
    assert_true(k->partial_list);
    assert_int_equal(k->app.n_rows, KIOSK_FIRST_ROWS);
    char want[64], part[64];
    snprintf(want, sizeof want, "%d tapahtumaa", N_EVENTS - N_STAFF_ONLY);
    snprintf(part, sizeof part, "%d tapahtumaa", KIOSK_FIRST_ROWS);
    assert_false(shows(k, part));
    assert_false(shows(k, want));
    kiosk_frame(k); /* drawn */
    assert_false(shows(k, part));

    /* The next frame counts the whole list from the index: still only a screenful loaded. */
    kiosk_frame(k);
    assert_true(k->partial_list);
    assert_int_equal(k->app.n_rows, KIOSK_FIRST_ROWS);
    assert_true(shows(k, want));

    /* The next loads the rest, and the count stays. */
    kiosk_frame(k);
    assert_false(k->partial_list);
    assert_int_equal(k->app.n_rows, N_EVENTS);
    snprintf(want, sizeof want, "%d tapahtumaa", N_EVENTS - N_STAFF_ONLY);
    assert_true(shows(k, want));

    /* The store's count follows the list's rule: staff-only events for staff, a venue. */
    int c = 0;
    assert_int_equal(
        store_events_count(k->store, now, INT64_MAX, true, "", "", &c, err, sizeof err), 0);
    assert_int_equal(c, N_EVENTS);
    assert_int_equal(
        store_events_count(k->store, now, INT64_MAX, false, "", "v1", &c, err, sizeof err), 0);
    assert_int_equal(c, N_EVENTS - N_STAFF_ONLY);
    assert_int_equal(
        store_events_count(k->store, now, INT64_MAX, false, "", "nowhere", &c, err, sizeof err), 0);
    assert_int_equal(c, 0);
    /* Until the 11th event starts: ten of them. */
    assert_int_equal(store_events_count(k->store, now, now + 3600 + 10 * 600, false, "", "", &c,
                                        err, sizeof err),
                     0);
    assert_int_equal(c, 10);
    /* Once the first ten have ended. */
    assert_int_equal(store_events_count(k->store, now + 3600 + 9 * 600 + 1801, INT64_MAX, true, "",
                                        "", &c, err, sizeof err),
                     0);
    assert_int_equal(c, N_EVENTS - 10);

    app_deinit(&k->app);
    ui_deinit(&k->ui);
    gfx_free(k->gfx);
    store_close(k->store);
    free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_count_before_the_rest, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
