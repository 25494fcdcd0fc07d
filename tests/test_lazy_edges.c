/*
 * test_lazy_edges.c: the paged kiosk against the whole one (tests/common/kiosk_pair.h), at the
 * edges a review of the paging found: a card pressed just before the minute turns and released
 * after it (the page replaced between press and release: the event pressed is the one opened);
 * a venue whose first event ends seconds into the minute, its next far off the page, with the
 * venue picker opened later in that minute; the home venue's last event ending; postponed
 * events of unknown time that keep an end time (the list's order at its end); staff mode turned
 * off by leaving for the list (the list filtered again on both). Each on a catalogue of its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kiosk_pair.h"
#include "util.h"

static void test_press_across_the_minute(void **state)
{
    (void)state;
    char saved[sizeof g_db], sql[512];
    /* The list's first event ends within the minute: the page after it moves every row. */
    snprintf(sql, sizeof sql,
             "UPDATE events SET end_time = %d WHERE rowid = (SELECT rowid FROM events WHERE"
             " gone = 0 AND start_time > 0 AND start_time < %d AND staff_only = 0 AND"
             " end_time >= %d ORDER BY start_time, end_time, id LIMIT 1)",
             CLOCK_S + 30, CLOCK_S, CLOCK_S + 30);
    own_catalogue("press", sql, saved, sizeof saved);
    Side lazy, whole;
    side_start(&lazy, true, "", false, "press");
    side_start(&whole, false, "", false, "press");
    Side *sides[2] = {&lazy, &whole};
    for (int i = 0; i < 2; i++) {
        /* Pressed at 59.7 s, released 0.6 s later, in the next minute. */
        side_run(sides[i], "tap \"Suomi\"\nwait 59700\n");
        int x = 0, y = 0; /* the list's fourth card */
        assert_true(node_at(sides[i], ACT_OPEN_EVENT, 3, &x, &y) >= 0);
        char script[96];
        snprintf(script, sizeof script, "drag %d %d %d %d 600\n", x, y, x, y);
        side_run(sides[i], script);
    }
    assert_true(lazy.k->app.detail_id[0] != '\0');
    assert_string_equal(lazy.k->app.detail_id, whole.k->app.detail_id);
    const char *names[] = {"detail", NULL};
    both(&lazy, &whole, "shot detail\ndump detail\n", names);
    side_stop(&lazy);
    side_stop(&whole);
    str_copy(g_db, sizeof g_db, saved);
}

/* place-07 keeps two events: one ends 10 s into the kiosk's first minute, the other is 20
 * days on (far off any page). */
static void two_events_at_place_07(char *sql, size_t n)
{
    snprintf(sql, n,
             "UPDATE events SET gone = 1 WHERE venue_id = 'bench:place-07' AND rowid NOT IN"
             " (SELECT rowid FROM events WHERE venue_id = 'bench:place-07' ORDER BY rowid LIMIT 2);"
             "UPDATE events SET staff_only = 0, status = 'scheduled', category = 'workshop'"
             " WHERE venue_id = 'bench:place-07' AND gone = 0;"
             "UPDATE events SET start_time = %d, end_time = %d WHERE rowid = (SELECT min(rowid)"
             " FROM events WHERE venue_id = 'bench:place-07' AND gone = 0);"
             "UPDATE events SET start_time = %d, end_time = %d WHERE rowid = (SELECT max(rowid)"
             " FROM events WHERE venue_id = 'bench:place-07' AND gone = 0);",
             CLOCK_S - 3600, CLOCK_S + 10, CLOCK_S + 20 * 86400, CLOCK_S + 20 * 86400 + 3600);
}

static void test_picker_later_in_the_minute(void **state)
{
    (void)state;
    char saved[sizeof g_db], sql[1024];
    two_events_at_place_07(sql, sizeof sql);
    own_catalogue("picker", sql, saved, sizeof saved);
    Side lazy, whole;
    side_start(&lazy, true, "", false, "picker");
    side_start(&whole, false, "", false, "picker");
    const char *names[] = {"picker", NULL}, *later[] = {"later", NULL};
    both(&lazy, &whole,
         "tap \"Suomi\"\nwait 20000\ntap \"Tapahtumapaikka: Kaikki tapahtumapaikat\"\n"
         "shot picker\ndump picker\n",
         names);
    const char *ids[APP_MAX_CHOICES];
    int rows[APP_MAX_CHOICES];
    int n = app_picker_choices(&whole.k->app, ids, rows, APP_MAX_CHOICES);
    assert_int_equal(app_picker_choices(&lazy.k->app, ids, rows, APP_MAX_CHOICES), n);
    assert_int_equal(n, 30); /* place-07 among them: its next event, far off the page */
    /* The next minute, the picker still open (a touch keeps the kiosk awake). */
    both(&lazy, &whole,
         "wait 30000\ndrag 100 900 100 890 100\nwait 30000\nshot later\ndump later\n", later);
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
    str_copy(g_db, sizeof g_db, saved);
}

/* The home venue's next events, 10 days of them; its first one ending within the first minute
 * and its next 20 days on; or that one alone, which ends. */
static void test_home_venue_ends(void **state)
{
    (void)state;
    for (int c = 0; c < 3; c++) {
        char saved[sizeof g_db], sql[1024], tag[16];
        if (c == 0)
            str_copy(sql, sizeof sql,
                     "UPDATE events SET gone = 1 WHERE venue_id = 'bench:place-07' AND start_time >"
                     " 1796112000 + 86400 * 10");
        else
            two_events_at_place_07(sql, sizeof sql);
        if (c == 2) /* and the one 20 days on gone: its only event ends */
            str_copy(sql + strlen(sql), sizeof sql - strlen(sql),
                     "UPDATE events SET gone = 1 WHERE venue_id = 'bench:place-07' AND start_time >"
                     " 1796112000 + 86400 * 10;");
        snprintf(tag, sizeof tag, "homeends%d", c);
        own_catalogue(tag, sql, saved, sizeof saved);
        Side lazy, whole;
        side_start(&lazy, true, "bench:place-07", false, tag);
        side_start(&whole, false, "bench:place-07", false, tag);
        assert_string_equal(lazy.k->app.home_venue_id, whole.k->app.home_venue_id);
        const char *names[] = {"attract", "list", NULL};
        both(&lazy, &whole,
             "wait 90000\nshot attract\ndump attract\ntap \"Suomi\"\nshot list\ndump list\n",
             names);
        assert_string_equal(lazy.k->app.home_venue_id, whole.k->app.home_venue_id);
        side_stop(&lazy);
        side_stop(&whole);
        str_copy(g_db, sizeof g_db, saved);
    }
}

static void test_postponed_with_an_end(void **state)
{
    (void)state;
    char saved[sizeof g_db];
    own_catalogue("postponed",
                  "UPDATE events SET end_time = 2000000000 - rowid WHERE start_time = 0", saved,
                  sizeof saved);
    Side lazy, whole;
    side_start(&lazy, true, "", false, "postponed");
    side_start(&whole, false, "", false, "postponed");
    side_run(&lazy, "tap \"Suomi\"\n");
    side_run(&whole, "tap \"Suomi\"\n");
    both_scroll(&lazy, &whole, 1e9f, "end");
    side_stop(&lazy);
    side_stop(&whole);
    str_copy(g_db, sizeof g_db, saved);
}

static void test_staff_mode_off_by_the_list(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "staffoff");
    side_start(&whole, false, "", false, "staffoff");
    Side *sides[2] = {&lazy, &whole};
    for (int i = 0; i < 2; i++) {
        Kiosk *k = sides[i]->k;
        kiosk_dispatch(k, &(Action){.kind = ACT_GO_LIST});
        k->app.staff_mode = true;
        kiosk_dispatch(k, &(Action){.kind = ACT_SET_TIME, .a = TIME_ALL});
        kiosk_dispatch(k, &(Action){.kind = ACT_GO_LIST}); /* the visitor's wipe: staff mode off */
        assert_false(k->app.staff_mode);
        for (int v = 0; v < k->app.n_visible; v++)
            assert_false(k->app.rows[k->app.visible[v]].staff_only);
    }
    const char *names[] = {"left", NULL};
    both(&lazy, &whole, "shot left\ndump left\n", names);
    side_stop(&lazy);
    side_stop(&whole);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_press_across_the_minute),
        cmocka_unit_test(test_picker_later_in_the_minute),
        cmocka_unit_test(test_home_venue_ends),
        cmocka_unit_test(test_postponed_with_an_end),
        cmocka_unit_test(test_staff_mode_off_by_the_list),
    };
    return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
