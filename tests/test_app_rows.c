/*
 * test_app_rows.c: the rows a pull changed, patched into the list in place (ACT_ROWS_PATCHED,
 * issue 12), leave the App exactly as a full reload of the new list does: the rows, the filtered
 * list, the home venue and the pickers' choices. Changes of seats, texts, venue, category and
 * status are patched; a new start time (the row moves) or a new event sets App.rows_reload and
 * changes nothing, and the full reload that follows gives the same state. A removed event never
 * comes as a patch (the reader reads the whole list: store_events_rows gives fewer rows).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "test_rows.h"

#define SEC INT64_C(1000)
#define T0 INT64_C(1773644400) /* 2026-03-16 09:00 in Helsinki, s */
#define N 8

static App patched, reloaded;
static int g_n_now; /* the new list's length, set by a Change */

static EventRow row(const char *id, const char *venue, const char *cat, int64_t start)
{
    return test_event_row(id, venue, cat, start);
}

/* The catalogue in the store's order: by start, end, id; the unknown-time ones last by id. */
static void catalogue(EventRow *rows)
{
    rows[0] = row("a-ended", "lahti", "workshop", T0 - 3 * 3600);
    rows[1] = row("b-running", "kouvola", "talk", T0 - 1800);
    rows[2] = row("c-later", "lahti", "workshop", T0 + 2 * 3600);
    rows[3] = row("d-same", "kouvola", "talk", T0 + 2 * 3600);
    rows[4] = row("e-afternoon", "kouvola", "workshop", T0 + 5 * 3600);
    rows[5] = row("f-tomorrow", "lahti", "music", T0 + 24 * 3600);
    rows[6] = row("g-postponed", "lahti", "music", 0);
    rows[7] = row("h-postponed", "kouvola", "talk", 0);
}

static EventRow *copy_of(const EventRow *rows, int n)
{
    EventRow *c = malloc((size_t)(n > 0 ? n : 1) * sizeof *c);
    assert_non_null(c);
    memcpy(c, rows, (size_t)n * sizeof *c);
    return c;
}

static void load(App *app, const EventRow *rows, int n)
{
    app_update(app, &(Action){.kind = ACT_EVENTS_LOADED, .p = copy_of(rows, n), .a = n});
}

/* A kiosk at Lahti on the list at T0, showing "all" of CATEGORY ("" = any). */
static void start(App *app, const EventRow *rows, int n, const char *category)
{
    app_deinit(app);
    app_init(app, LANG_FI, 60, 20, T0 * SEC);
    snprintf(app->home_venue, sizeof app->home_venue, "lahti");
    load(app, rows, n);
    app_update(app, &(Action){.kind = ACT_TICK, .t = T0 * SEC});
    snprintf(app->category, sizeof app->category, "%s", category);
    app_update(app, &(Action){.kind = ACT_TICK, .t = T0 * SEC + 60 * SEC}); /* refilters */
}

static void same_row(const EventRow *a, const EventRow *b)
{
    assert_string_equal(a->id, b->id);
    for (int l = 0; l < LANG_COUNT; l++) {
        assert_string_equal(a->title[l], b->title[l]);
        assert_string_equal(a->venue[l], b->venue[l]);
    }
    assert_string_equal(a->venue_id, b->venue_id);
    assert_string_equal(a->category, b->category);
    assert_true(a->start_time == b->start_time && a->end_time == b->end_time);
    assert_int_equal(a->status, b->status);
    assert_int_equal(a->confirmed_seats, b->confirmed_seats);
    assert_int_equal(a->waitlisted_seats, b->waitlisted_seats);
    assert_int_equal(a->capacity, b->capacity);
    assert_int_equal(a->grant_left, b->grant_left);
    assert_int_equal(a->staff_only, b->staff_only);
}

/* The picker P's choices, as text: category ids or the venues' ids. */
static void choices(App *app, Picker p, char *out, size_t n)
{
    const char *ids[64];
    int rows[64];
    app->picker = p;
    int k = app_picker_choices(app, ids, rows, 64);
    app->picker = PICKER_NONE;
    out[0] = '\0';
    for (int i = 0; i < k; i++) {
        const char *s = p == PICKER_CATEGORY ? (ids[i] ? ids[i] : "-")
                                             : (rows[i] >= 0 ? app->rows[rows[i]].venue_id : "-");
        size_t used = strlen(out);
        snprintf(out + used, n - used, "%s,", s);
    }
}

static void same_state(App *a, App *b)
{
    assert_int_equal(a->n_rows, b->n_rows);
    for (int i = 0; i < a->n_rows; i++)
        same_row(&a->rows[i], &b->rows[i]);
    assert_int_equal(a->n_visible, b->n_visible);
    for (int i = 0; i < a->n_visible; i++)
        assert_int_equal(a->visible[i], b->visible[i]);
    assert_string_equal(a->home_venue_id, b->home_venue_id);
    assert_string_equal(a->venue_id, b->venue_id);
    assert_int_equal(app_list_count(a), app_list_count(b));
    char ca[512], cb[512];
    for (Picker p = PICKER_CATEGORY; p <= PICKER_VENUE; p++) {
        choices(a, p, ca, sizeof ca);
        choices(b, p, cb, sizeof cb);
        assert_string_equal(ca, cb);
    }
}

/* CHANGE edits NEW (the catalogue after the pull) and returns the ids it changed. The patched
 * kiosk gets those rows; the other the whole new list. RELOAD: the patch must not fit. */
typedef int (*Change)(EventRow *rows, const char **ids);

static void check(Change change, bool reload, const char *category)
{
    EventRow old[N + 1], now[N + 1];
    memset(old, 0, sizeof old);
    catalogue(old);
    memcpy(now, old, sizeof old);
    const char *ids[N];
    g_n_now = N;
    int k = change(now, ids);
    int n_now = g_n_now;
    start(&patched, old, N, category);
    start(&reloaded, now, n_now, category);
    EventRow patch[N];
    for (int i = 0; i < k; i++)
        for (int j = 0; j < N + 1; j++)
            if (now[j].id && strcmp(now[j].id, ids[i]) == 0) patch[i] = now[j];
    app_update(&patched, &(Action){.kind = ACT_ROWS_PATCHED, .p = copy_of(patch, k), .a = k});
    assert_int_equal(patched.rows_reload, reload);
    if (reload) {
        /* Nothing changed meanwhile: the kiosk still shows the old list. */
        App before;
        memset(&before, 0, sizeof before);
        start(&before, old, N, category);
        same_state(&patched, &before);
        app_deinit(&before);
        load(&patched, now, n_now);
        assert_false(patched.rows_reload);
    }
    same_state(&patched, &reloaded);
}

static int seats(EventRow *r, const char **ids)
{
    r[2].confirmed_seats = 7;
    r[5].waitlisted_seats = 2;
    r[6].grant_left = 3;
    ids[0] = r[2].id, ids[1] = r[5].id, ids[2] = r[6].id;
    return 3;
}

static int texts(EventRow *r, const char **ids)
{
    r[3].title[LANG_FI] = "Uusi nimi";
    r[4].venue[LANG_SV] = "Kouvola stadsbibliotek"; /* a venue's name: the home venue again */
    ids[0] = r[3].id, ids[1] = r[4].id;
    return 2;
}

static int moved_venue_and_category(EventRow *r, const char **ids)
{
    r[3].venue_id = "lahti";
    r[3].venue[LANG_FI] = "Lahden pääkirjasto";
    r[2].category = "talk";
    r[1].staff_only = true;
    ids[0] = r[1].id, ids[1] = r[2].id, ids[2] = r[3].id;
    return 3;
}

static int cancelled(EventRow *r, const char **ids)
{
    r[2].status = EVENT_CANCELLED;
    r[3].status = EVENT_CANCELLED;
    ids[0] = r[2].id, ids[1] = r[3].id;
    return 2;
}

/* Of unknown time and no longer postponed: off the store's list (ST_UPCOMING_UNKNOWN). */
static int cancelled_unknown(EventRow *r, const char **ids)
{
    r[7].status = EVENT_CANCELLED;
    ids[0] = r[7].id;
    g_n_now = N - 1;
    return 1;
}

static int new_time(EventRow *r, const char **ids)
{
    EventRow e = r[2];
    e.start_time = T0 + 6 * 3600; /* now after e-afternoon */
    e.end_time = e.start_time + 3600;
    memmove(&r[2], &r[3], 2 * sizeof *r);
    r[4] = e;
    ids[0] = r[4].id;
    return 1;
}

static int new_event(EventRow *r, const char **ids)
{
    memmove(&r[3], &r[2], 6 * sizeof *r);
    r[2] = row("c2-new", "lahti", "workshop", T0 + 2 * 3600 - 60);
    ids[0] = "c2-new";
    g_n_now = N + 1;
    return 1;
}

static void test_seats(void **state)
{
    (void)state;
    check(seats, false, "");
}

static void test_texts(void **state)
{
    (void)state;
    check(texts, false, "");
}

static void test_filter_keys(void **state)
{
    (void)state;
    check(moved_venue_and_category, false, "");
    check(moved_venue_and_category, false, "talk");
}

static void test_cancelled(void **state)
{
    (void)state;
    /* A cancelled event keeps its place in the list. */
    check(cancelled, false, "");
    check(cancelled, false, "workshop");
    check(cancelled_unknown, true, "");
}

static void test_seats_filtered(void **state)
{
    (void)state;
    check(seats, false, "workshop");
}

static void test_new_time_reloads(void **state)
{
    (void)state;
    check(new_time, true, "");
}

static void test_new_event_reloads(void **state)
{
    (void)state;
    check(new_event, true, "");
}

static int teardown(void **state)
{
    (void)state;
    app_deinit(&patched);
    app_deinit(&reloaded);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_seats, teardown),
        cmocka_unit_test_teardown(test_texts, teardown),
        cmocka_unit_test_teardown(test_filter_keys, teardown),
        cmocka_unit_test_teardown(test_cancelled, teardown),
        cmocka_unit_test_teardown(test_seats_filtered, teardown),
        cmocka_unit_test_teardown(test_new_time_reloads, teardown),
        cmocka_unit_test_teardown(test_new_event_reloads, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
