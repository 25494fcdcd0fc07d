/*
 * test_app_venue.c: the kiosk knows where it stands (config "venue"). Its venue's events come
 * first: the attract rotation shows only them, the list opens filtered to them (other venues a
 * filter away, and the filter comes back after idle), the venue picker lists it first, and the
 * feedback screen offers only its events. "Up next" is never an event that has started: a
 * running event is "happening now". A venue the catalogue does not know changes nothing.
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

static App the_app;

static int teardown(void **state)
{
    (void)state;
    app_deinit(&the_app);
    return 0;
}

static void send(App *app, ActionKind kind, int a)
{
    app_update(app, &(Action){.kind = kind, .a = a});
}

static void tick_to(App *app, int64_t ms)
{
    app_update(app, &(Action){.kind = ACT_TICK, .t = ms});
}

static void drain(App *app)
{
    EffectKind out[APP_MAX_EFFECTS];
    while (app_take_effects(app, out, APP_MAX_EFFECTS) > 0) {
    }
}

/* Event ID at VENUE (id; names "Lahden pääkirjasto" / "Lahtis huvudbibliotek" for "lahti"),
 * from START for an hour, with seats. */
static EventRow row(const char *id, const char *venue, int64_t start)
{
    return test_event_row(id, venue, "workshop", start);
}

/* The catalogue at T0, by start time as the store gives it: one at Lahti ended at 07:00, one at
 * Kouvola running since 08:30, one at Lahti running since 08:45, Lahti at 11:00, Kouvola this
 * afternoon, Lahti tomorrow. */
static const EventRow *catalogue(int *n)
{
    static EventRow rows[6];
    rows[0] = row("l-ended", "lahti", T0 - 3 * 3600);
    rows[1] = row("k-running", "kouvola", T0 - 1800);
    rows[2] = row("l-running", "lahti", T0 - 900);
    rows[3] = row("l-later", "lahti", T0 + 2 * 3600);
    rows[4] = row("k-afternoon", "kouvola", T0 + 5 * 3600);
    rows[5] = row("l-tomorrow", "lahti", T0 + 24 * 3600);
    *n = 6;
    return rows;
}

/* A kiosk at T0 with VENUE configured and the catalogue loaded, still on the attract screen. */
static App *kiosk_at(const char *venue)
{
    App *app = &the_app;
    app_deinit(app);
    app_init(app, LANG_FI, 60, 20, T0 * SEC);
    snprintf(app->home_venue, sizeof app->home_venue, "%s", venue);
    drain(app);
    int n;
    const EventRow *src = catalogue(&n);
    EventRow *copy = malloc((size_t)n * sizeof *copy);
    assert_non_null(copy);
    memcpy(copy, src, (size_t)n * sizeof *copy);
    app_update(app, &(Action){.kind = ACT_EVENTS_LOADED, .p = copy, .a = n});
    tick_to(app, T0 * SEC);
    drain(app);
    return app;
}

static const char *ids_of(const App *app, const int *idx, int n)
{
    static char buf[512];
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n; i++)
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? "," : "",
                                 app->rows[idx[i]].id);
    return buf;
}

static const char *visible(const App *app)
{
    return ids_of(app, app->visible, app->n_visible);
}

static void test_attract_rotates_this_venue(void **state)
{
    (void)state;
    App *app = kiosk_at("Lahden pääkirjasto");
    assert_string_equal(app->home_venue_id, "lahti");
    int idx[8];
    int n = app_attract_events(app, idx, 8);
    assert_string_equal(ids_of(app, idx, n), "l-running,l-later,l-tomorrow");
    /* The one that has started is "happening now", never "up next". */
    assert_true(app_row_running(app, &app->rows[idx[0]]));
    assert_false(app_row_running(app, &app->rows[idx[1]]));
    /* When it ends, it leaves the rotation. */
    tick_to(app, (T0 + 2760) * SEC);
    n = app_attract_events(app, idx, 8);
    assert_string_equal(ids_of(app, idx, n), "l-later,l-tomorrow");
}

static void test_list_opens_on_this_venue(void **state)
{
    (void)state;
    App *app = kiosk_at("Lahden pääkirjasto");
    send(app, ACT_WAKE, 0);
    assert_int_equal(app->screen, SCREEN_LIST);
    assert_string_equal(app->venue_id, "lahti");
    assert_string_equal(visible(app), "l-running,l-later,l-tomorrow");
    /* Other venues are a filter away. */
    send(app, ACT_OPEN_PICKER, PICKER_VENUE);
    const char *ids[APP_MAX_CHOICES];
    int rows[APP_MAX_CHOICES];
    int n = app_picker_choices(app, ids, rows, APP_MAX_CHOICES);
    assert_int_equal(n, 2);
    assert_string_equal(ids[0], "lahti"); /* this venue first, though K sorts before L */
    assert_string_equal(ids[1], "kouvola");
    send(app, ACT_PICK, -1);
    assert_string_equal(visible(app), "k-running,l-running,l-later,k-afternoon,l-tomorrow");
    /* After idle the next visitor starts here again. */
    tick_to(app, app->last_input_ms + 60 * SEC);
    assert_int_equal(app->screen, SCREEN_ATTRACT);
    assert_string_equal(app->venue_id, "lahti");
    /* "Show all events" on an empty result lifts the venue too. */
    send(app, ACT_WAKE, 0);
    send(app, ACT_CLEAR_FILTERS, 0);
    assert_string_equal(app->venue_id, "");
}

static void test_feedback_targets_this_venue(void **state)
{
    (void)state;
    App *app = kiosk_at("lahti"); /* by id too */
    assert_string_equal(app->home_venue_id, "lahti");
    int idx[8];
    /* Today's that have started or start within the hour, here only: the one that ended this
     * morning too (its visitors may answer on the way out). */
    int n = app_feedback_events(app, idx, 8);
    assert_string_equal(ids_of(app, idx, n), "l-ended,l-running");
    tick_to(app, (T0 + 2 * 3600) * SEC);
    n = app_feedback_events(app, idx, 8);
    assert_string_equal(ids_of(app, idx, n), "l-ended,l-running,l-later");
}

static void test_name_in_another_language(void **state)
{
    (void)state;
    App *app = kiosk_at("lahtis HUVUDBIBLIOTEK");
    assert_string_equal(app->home_venue_id, "lahti");
}

static void test_unknown_venue_changes_nothing(void **state)
{
    (void)state;
    const char *venues[] = {"", "Porvoon pääkirjasto"};
    for (int v = 0; v < 2; v++) {
        App *app = kiosk_at(venues[v]);
        assert_string_equal(app->home_venue_id, "");
        int idx[8];
        int n = app_attract_events(app, idx, 8);
        assert_string_equal(ids_of(app, idx, n),
                            "k-running,l-running,l-later,k-afternoon,l-tomorrow");
        send(app, ACT_WAKE, 0);
        assert_string_equal(app->venue_id, "");
        assert_int_equal(app->n_visible, 5);
        n = app_feedback_events(app, idx, 8);
        assert_string_equal(ids_of(app, idx, n), "l-ended,k-running,l-running");
    }
}

/* Staff's `aukio venue set --all`: the kiosk knows its venue (first in the picker) but offers
 * every venue's events, in the rotation, the list and feedback alike. */
static void test_show_all(void **state)
{
    (void)state;
    App *app = &the_app;
    kiosk_at("Lahden pääkirjasto");
    app->venue_show_all = true;
    tick_to(app, app->now_ms + 60 * SEC);
    send(app, ACT_WAKE, 0);
    tick_to(app, app->last_input_ms + 60 * SEC); /* idle: the next visitor's start */
    send(app, ACT_WAKE, 0);
    assert_string_equal(app->venue_id, "");
    assert_int_equal(app->n_visible, 5);
    int idx[8];
    int n = app_attract_events(app, idx, 8);
    assert_int_equal(n, 5);
    n = app_feedback_events(app, idx, 8);
    assert_string_equal(ids_of(app, idx, n), "l-ended,k-running,l-running");
    send(app, ACT_OPEN_PICKER, PICKER_VENUE);
    const char *ids[APP_MAX_CHOICES];
    int rows[APP_MAX_CHOICES];
    assert_true(app_picker_choices(app, ids, rows, APP_MAX_CHOICES) == 2);
    assert_string_equal(ids[0], "lahti");
}

/* A venue whose events have all ended is no venue to open on: everything is shown. */
static void test_venue_with_nothing_on(void **state)
{
    (void)state;
    App *app = kiosk_at("Lahden pääkirjasto");
    tick_to(app, (T0 + 3 * 86400) * SEC);
    EventRow *copy = malloc(sizeof *copy);
    assert_non_null(copy);
    *copy = row("k-next", "kouvola", T0 + 4 * 86400);
    app_update(app, &(Action){.kind = ACT_EVENTS_LOADED, .p = copy, .a = 1});
    assert_string_equal(app->home_venue_id, "");
    assert_string_equal(app->venue_id, "");
    assert_string_equal(visible(app), "k-next");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_attract_rotates_this_venue, teardown),
        cmocka_unit_test_teardown(test_list_opens_on_this_venue, teardown),
        cmocka_unit_test_teardown(test_feedback_targets_this_venue, teardown),
        cmocka_unit_test_teardown(test_name_in_another_language, teardown),
        cmocka_unit_test_teardown(test_unknown_venue_changes_nothing, teardown),
        cmocka_unit_test_teardown(test_venue_with_nothing_on, teardown),
        cmocka_unit_test_teardown(test_show_all, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
