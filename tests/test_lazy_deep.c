/*
 * test_lazy_deep.c: the paged kiosk against the whole one (tests/common/kiosk_pair.h), harder:
 * deep in the list, the other screens, time passing, patches. The topic and venue pickers deep
 * (staff mode too), flings and far jumps both ways, large text and portrait deep, this week
 * deep, an event opened deep and Back, feedback with today's events, seconds, minutes, hours and
 * midnight deep, idle deep and at the top, staff's venue screen, "My sign-up" deep, patches
 * deep (on screen, off the page, moved, new, deleted, re-topiced, staff-only, the open event),
 * a quarter past on a catalogue copy; the paged side under 1,200 rows in each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "kiosk_pair.h"
#include "store.h"
#include "sync_proc.h"
#include "util.h"

/* The category picker, a category, deep in it; the venue picker in staff mode, its end, a
 * venue, deep in it. */
static void test_pickers_deep(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "pick");
    side_start(&whole, false, "", false, "pick");
    const char *cat[] = {"catpicker", "workshops", NULL};
    both(&lazy, &whole,
         "tap \"Suomi\"\ntap \"Aihe: Kaikki aiheet\"\nshot catpicker\ndump catpicker\n"
         "tap \"Työpajat\"\nshot workshops\ndump workshops\n",
         cat);
    assert_int_equal(count_cards(&lazy.k->ui), count_cards(&whole.k->ui));
    both_frac(&lazy, &whole, 0.45, "ws_mid");
    both_frac(&lazy, &whole, 0.8, "ws_deep");
    both_frac(&lazy, &whole, 2, "ws_end");
    both_frac(&lazy, &whole, 0.1, "ws_back");
    /* Staff training is the staff-only rows' topic too: staff mode, deep, then its picker. */
    const char *topic[] = {"training", NULL};
    both(&lazy, &whole,
         "tap \"Aihe: Työpajat\"\ntap \"Henkilöstökoulutukset\"\nshot training\ndump training\n",
         topic);
    both_dispatch(&lazy, &whole, (Action){.kind = ACT_GO_LIST});
    lazy.k->app.staff_mode = whole.k->app.staff_mode = true;
    both_dispatch(&lazy, &whole, (Action){.kind = ACT_SET_TIME, .a = TIME_ALL});
    both_frac(&lazy, &whole, 0.6, "staff_training");
    const char *venues[] = {"venuepicker", "venuepicker_end", NULL};
    both(&lazy, &whole,
         "tap \"Tapahtumapaikka: Kaikki tapahtumapaikat\"\nshot venuepicker\ndump venuepicker\n"
         "drag 960 800 960 200 300\ndrag 960 800 960 200 300\ndrag 960 800 960 200 300\n"
         "wait 3000\nshot venuepicker_end\ndump venuepicker_end\n",
         venues);
    assert_true(count_nodes(&lazy, ACT_PICK) >= 5);
    assert_true(lazy.k->app.scroll[SCROLL_PICKER].pos > 0);
    both_tap_node(&lazy, &whole, ACT_PICK, 3, "shot venue\ndump venue\n",
                  (const char *const[]){"venue", NULL});
    assert_true(lazy.k->app.venue_id[0]);
    both_frac(&lazy, &whole, 0.7, "venue_deep");
    /* The category picker again, in staff mode, over a page deep in the venue's list. */
    const char *again[] = {"catpicker_staff", NULL};
    both(&lazy, &whole,
         "tap \"Aihe: Henkilöstökoulutukset\"\nshot catpicker_staff\n"
         "dump catpicker_staff\n",
         again);
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
}

/* Drags and flings to the middle, far jumps both ways and back; large text deep; this week
 * deep. */
static void test_jumps(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "jump");
    side_start(&whole, false, "", false, "jump");
    const char *flung[] = {"flung", "flung2", NULL};
    both(&lazy, &whole,
         "tap \"Suomi\"\ndrag 960 950 960 250 60\nwait 4000\nshot flung\ndump flung\n"
         "drag 960 950 960 250 60\ndrag 960 950 960 250 60\ndrag 960 950 960 250 60\n"
         "wait 6000\nshot flung2\ndump flung2\n",
         flung);
    assert_true(lazy.k->app.scroll[SCROLL_LIST].pos > 1000);
    assert_small(&lazy);
    static const double at[] = {0.3, 0.75, 0.5, 0.05, 0.999, 0.2, 0.62};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        char name[16];
        snprintf(name, sizeof name, "jump%zu", i);
        both_frac(&lazy, &whole, at[i], name);
        /* A drag from there, as a visitor goes on. */
        snprintf(name, sizeof name, "jumpdrag%zu", i);
        char script[160];
        snprintf(script, sizeof script, "drag 960 %d 960 %d 200\nwait 2500\nshot %s\ndump %s\n",
                 i % 2 ? 300 : 900, i % 2 ? 900 : 300, name, name);
        both(&lazy, &whole, script, (const char *const[]){name, NULL});
        assert_int_equal(lazy.k->app.list_total, whole.k->app.n_visible);
    }
    both_scroll(&lazy, &whole, 0, "top");
    assert_small(&lazy);
    /* Large text: fewer columns, the same positions further down. */
    both(&lazy, &whole, "tap \"Iso teksti\"\nshot large\ndump large\n",
         (const char *const[]){"large", NULL});
    assert_true(lazy.k->app.large_text);
    both_frac(&lazy, &whole, 0.4, "large_mid");
    both_frac(&lazy, &whole, 0.9, "large_deep");
    both_frac(&lazy, &whole, 2, "large_end");
    /* This week, deep and at its end. */
    both(&lazy, &whole, "tap \"Iso teksti\"\ntap \"Tällä viikolla\"\nshot week\ndump week\n",
         (const char *const[]){"week", NULL});
    both_frac(&lazy, &whole, 0.6, "week_deep");
    both_frac(&lazy, &whole, 2, "week_end");
    both(&lazy, &whole, "tap \"Tänään\"\nshot today\ndump today\n",
         (const char *const[]){"today", NULL});
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
}

/* An event opened from deep in the list, its detail, Back: the list where it was; a minute
 * passing on the detail first. */
static void test_detail_deep(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "detail");
    side_start(&whole, false, "", false, "detail");
    side_run(&lazy, "tap \"Suomi\"\n");
    side_run(&whole, "tap \"Suomi\"\n");
    both_frac(&lazy, &whole, 0.55, "deep");
    float pos = lazy.k->app.scroll[SCROLL_LIST].pos;
    both_tap_node(&lazy, &whole, ACT_OPEN_EVENT, 4, "shot detail\ndump detail\n",
                  (const char *const[]){"detail", NULL});
    assert_int_equal(lazy.k->app.screen, SCREEN_DETAIL);
    assert_true(lazy.k->app.detail_loaded);
    both(&lazy, &whole, "tap \"Takaisin\"\nshot back\ndump back\n",
         (const char *const[]){"back", NULL});
    assert_int_equal(lazy.k->app.screen, SCREEN_LIST);
    assert_true(lazy.k->app.scroll[SCROLL_LIST].pos == pos);
    assert_true(count_cards(&lazy.k->ui) > 0);
    /* Another one; a minute on its screen (a new page read for the minute), then Back. */
    both_tap_node(&lazy, &whole, ACT_OPEN_EVENT, 9, "wait 45000\nshot detail2\ndump detail2\n",
                  (const char *const[]){"detail2", NULL});
    both(&lazy, &whole, "tap \"Takaisin\"\nshot back2\ndump back2\n",
         (const char *const[]){"back2", NULL});
    assert_true(count_cards(&lazy.k->ui) > 0);
    /* From a far place, the detail again, and its event's page dropped while it is open. */
    both_frac(&lazy, &whole, 0.9, "far");
    both_tap_node(&lazy, &whole, ACT_OPEN_EVENT, 0, "shot detail3\ndump detail3\n",
                  (const char *const[]){"detail3", NULL});
    both_patch(&lazy, &whole, NULL, 0); /* a pull's new list while it is open */
    both(&lazy, &whole, "tap \"Takaisin\"\nshot back3\ndump back3\n",
         (const char *const[]){"back3", NULL});
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
}

/* The feedback screen: today's events (some ended, some running, one starting within the
 * hour), one chosen; from deep in the list, and in staff mode (staff-only events too). */
static void test_feedback(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "feedback");
    side_start(&whole, false, "", false, "feedback");
    side_run(&lazy, "tap \"Suomi\"\n");
    side_run(&whole, "tap \"Suomi\"\n");
    both_frac(&lazy, &whole, 0.5, "deep");
    both(&lazy, &whole, "tap \"Anna palautetta\"\nshot feedback\ndump feedback\n",
         (const char *const[]){"feedback", NULL});
    assert_int_equal(lazy.k->app.screen, SCREEN_FEEDBACK);
    /* Today has events: the library and at least three of them to choose. */
    assert_true(count_nodes(&lazy, ACT_FEEDBACK_TARGET) >= 4);
    both_tap_node(&lazy, &whole, ACT_FEEDBACK_TARGET, 2, "shot chosen\ndump chosen\n",
                  (const char *const[]){"chosen", NULL});
    assert_true(lazy.k->app.feedback_id[0]);
    assert_string_equal(lazy.k->app.feedback_id, whole.k->app.feedback_id);
    /* Its event ends while chosen; minutes on (the list's page read for each). */
    both(&lazy, &whole, "wait 50000\nshot chosen_later\ndump chosen_later\n",
         (const char *const[]){"chosen_later", NULL});
    assert_string_equal(lazy.k->app.feedback_id, whole.k->app.feedback_id);
    both(&lazy, &whole, "tap \"Takaisin\"\nshot back\ndump back\n",
         (const char *const[]){"back", NULL});
    /* Staff mode's list and its feedback screen: today's staff-only events too. */
    both_dispatch(&lazy, &whole, (Action){.kind = ACT_GO_LIST});
    lazy.k->app.staff_mode = whole.k->app.staff_mode = true;
    both_dispatch(&lazy, &whole, (Action){.kind = ACT_SET_TIME, .a = TIME_ALL});
    both_frac(&lazy, &whole, 0.3, "staff_deep");
    both(&lazy, &whole, "tap \"Anna palautetta\"\nshot staff_feedback\ndump staff_feedback\n",
         (const char *const[]){"staff_feedback", NULL});
    assert_true(count_nodes(&lazy, ACT_FEEDBACK_TARGET) >= 4);
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
}

/* Time passing while deep in the list: seconds, a minute, an hour (events end, the list's
 * positions move under the scroll). Idle would go to the attract screen: not here. */
static void test_time_deep(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "tdeep");
    side_start(&whole, false, "", false, "tdeep");
    lazy.k->app.idle_timeout_ms = whole.k->app.idle_timeout_ms = 86400000;
    side_run(&lazy, "tap \"Suomi\"\n");
    side_run(&whole, "tap \"Suomi\"\n");
    both_frac(&lazy, &whole, 0.4, "deep");
    both(&lazy, &whole,
         "wait 20000\nshot s20\ndump s20\nwait 60000\nshot m1\ndump m1\n"
         "wait 3600000\nshot h1\ndump h1\n",
         (const char *const[]){"s20", "m1", "h1", NULL});
    assert_true(count_cards(&lazy.k->ui) > 0);
    assert_int_equal(lazy.k->app.list_total, whole.k->app.n_visible);
    /* Near the top, where events end: an hour and a quarter more. */
    both_scroll(&lazy, &whole, 300, "near_top");
    both(&lazy, &whole,
         "wait 4500000\nshot h2\ndump h2\ndrag 960 900 960 300 300\nwait 2000\n"
         "shot h2_dragged\ndump h2_dragged\n",
         (const char *const[]){"h2", "h2_dragged", NULL});
    assert_true(count_cards(&lazy.k->ui) > 0);
    /* Today, deep in it, as the day goes on. */
    both(&lazy, &whole, "tap \"Tällä viikolla\"\n", (const char *const[]){NULL});
    both_frac(&lazy, &whole, 0.5, "week_deep");
    both(&lazy, &whole, "wait 3600000\nshot week_later\ndump week_later\n",
         (const char *const[]){"week_later", NULL});
    assert_true(count_cards(&lazy.k->ui) > 0);
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
}

/* A pull's patch of seats of eight rows 1,500 positions into the list: off a page deep in
 * it. Then the list there, and at its top. */
static void patch_off_page(Side *lazy, Side *whole, const char *name)
{
    char(*off)[RECORD_EVENT_ID_MAX + 1] = calloc(8, sizeof *off);
    assert_non_null(off);
    for (int i = 0; i < 8; i++)
        str_copy(off[i], sizeof off[i], whole->k->app.rows[whole->k->app.visible[1500 + i]].id);
    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE events SET confirmed_seats = capacity WHERE id IN ('%s', '%s')", off[0],
             off[5]);
    db_exec(sql);
    both_patch(lazy, whole, (const char(*)[RECORD_EVENT_ID_MAX + 1]) off, 8);
    free(off);
    char script[160];
    snprintf(script, sizeof script, "shot %s\ndump %s\n", name, name);
    both(lazy, whole, script, (const char *const[]){name, NULL});
    assert_true(count_cards(&lazy->k->ui) > 0);
    snprintf(script, sizeof script, "%s_top", name);
    both_scroll(lazy, whole, 0, script);
}

/* A pull's patches while deep in the list: seats and titles of the rows on screen, an event
 * moved away and one moved into view, a new event, a new list. */
static void test_patch_deep(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "pdeep");
    side_start(&whole, false, "", false, "pdeep");
    side_run(&lazy, "tap \"Suomi\"\n");
    side_run(&whole, "tap \"Suomi\"\n");
    both_frac(&lazy, &whole, 0.45, "deep");
    char(*ids)[RECORD_EVENT_ID_MAX + 1] = calloc(16, sizeof *ids);
    assert_non_null(ids);
    int n = shown_ids(&lazy, ids, 16);
    assert_true(n >= 6);
    /* (0) Seats of rows off the page: the page reads itself again, the whole list patches
     * them. After a filter (the list filtered again a few seconds into the minute). */
    both(&lazy, &whole, "wait 4000\ntap \"Kaikki\"\n", (const char *const[]){NULL});
    both_frac(&lazy, &whole, 0.45, "deep_again");
    patch_off_page(&lazy, &whole, "offpage");
    n = shown_ids(&lazy, ids, 16);
    /* (a) Seats and titles of the rows on screen: they fit the page. */
    char sql[1024];
    snprintf(sql, sizeof sql,
             "UPDATE events SET confirmed_seats = capacity, title_fi = 'Muuttunut ' || id"
             " WHERE id IN ('%s', '%s', '%s')",
             ids[0], ids[2], ids[5]);
    db_exec(sql);
    both_patch(&lazy, &whole, (const char(*)[RECORD_EVENT_ID_MAX + 1]) ids, n);
    both(&lazy, &whole, "shot seats\ndump seats\n", (const char *const[]){"seats", NULL});
    /* (b) The first card's event a week later; one from the list's top into its place. */
    char top[RECORD_EVENT_ID_MAX + 1];
    str_copy(top, sizeof top, whole.k->app.rows[whole.k->app.visible[5]].id);
    snprintf(sql, sizeof sql,
             "UPDATE events SET start_time = start_time + 7 * 86400,"
             " end_time = CASE WHEN end_time > 0 THEN end_time + 7 * 86400 ELSE 0 END"
             " WHERE id = '%s';"
             "UPDATE events SET (start_time, end_time, title_fi) = (SELECT start_time + 60,"
             " CASE WHEN end_time > 0 THEN end_time + 60 ELSE 0 END, 'Siirtynyt tähän'"
             " FROM events WHERE id = '%s') WHERE id = '%s'",
             ids[1], ids[3], top);
    db_exec(sql);
    char(*moved)[RECORD_EVENT_ID_MAX + 1] = calloc(3, sizeof *moved);
    assert_non_null(moved);
    str_copy(moved[0], sizeof moved[0], ids[1]);
    str_copy(moved[1], sizeof moved[1], top);
    str_copy(moved[2], sizeof moved[2], ids[4]);
    both_patch(&lazy, &whole, (const char(*)[RECORD_EVENT_ID_MAX + 1]) moved, 3);
    both(&lazy, &whole, "shot moved\ndump moved\n", (const char *const[]){"moved", NULL});
    assert_true(count_cards(&lazy.k->ui) > 0);
    /* (c) A new event beside the cards on screen: by a patch, then by a new list. */
    snprintf(sql, sizeof sql,
             "CREATE TEMP TABLE t AS SELECT * FROM events WHERE id = '%s';"
             "UPDATE t SET id = 'bench:new-1', title_fi = 'Uusi tapahtuma', start_time ="
             " start_time + 30, staff_only = 0;"
             "INSERT INTO events SELECT * FROM t; DROP TABLE t",
             ids[6 < n ? 6 : n - 1]);
    db_exec(sql);
    str_copy(moved[0], sizeof moved[0], "bench:new-1");
    both_patch(&lazy, &whole, (const char(*)[RECORD_EVENT_ID_MAX + 1]) moved, 1);
    both(&lazy, &whole, "shot inserted\ndump inserted\n", (const char *const[]){"inserted", NULL});
    db_exec("CREATE TEMP TABLE t AS SELECT * FROM events WHERE id = 'bench:new-1';"
            "UPDATE t SET id = 'bench:new-2', title_fi = 'Toinen uusi', start_time ="
            " start_time + 30;"
            "INSERT INTO events SELECT * FROM t; DROP TABLE t");
    both_patch(&lazy, &whole, NULL, 0);
    both(&lazy, &whole, "shot relisted\ndump relisted\n", (const char *const[]){"relisted", NULL});
    assert_int_equal(lazy.k->app.list_total, whole.k->app.n_visible);
    /* A drag from there, then the end of the list. */
    both(&lazy, &whole, "drag 960 900 960 300 300\nwait 2000\nshot after\ndump after\n",
         (const char *const[]){"after", NULL});
    both_scroll(&lazy, &whole, 1e9f, "end");
    assert_small(&lazy);
    free(ids);
    free(moved);
    /* The other tests' catalogue as it was. */
    db_exec("DELETE FROM events WHERE id IN ('bench:new-1', 'bench:new-2')");
    side_stop(&lazy);
    side_stop(&whole);
}

/* Idle while deep in the list: the attract screen (its first events, not the page's), then
 * the list again from its top. Once at a quarter past, a second after the events that end then
 * have ended (the page was read at the minute's first second, when they had not). */
static void test_idle_deep(void **state)
{
    (void)state;
    /* 0: deep; 1: deep, at a quarter past; 2: at the list's top, at a quarter past (the page
     * holds the top: the list on return asks for none). */
    static const char *const tags[] = {"idle", "idle15", "idle15top"};
    for (int v = 0; v < 3; v++) {
        Side lazy, whole;
        side_start(&lazy, true, "", false, tags[v]);
        side_start(&whole, false, "", false, tags[v]);
        /* 10:14:02 UTC: the idle timeout (a minute) comes at 10:15:02. */
        const char *go = v ? "tap \"Suomi\"\nwait 842000\ntap \"Suomi\"\n" : "tap \"Suomi\"\n";
        side_run(&lazy, go);
        side_run(&whole, go);
        if (v < 2) both_frac(&lazy, &whole, 0.6, "deep");
        both(&lazy, &whole,
             "wait 61000\nshot attract\ndump attract\nwait 9000\nshot attract2\ndump attract2\n",
             (const char *const[]){"attract", "attract2", NULL});
        assert_int_equal(lazy.k->app.screen, SCREEN_ATTRACT);
        assert_true(lazy.k->ui.n > 0 && count_nodes(&lazy, ACT_OPEN_EVENT) == 1);
        both(&lazy, &whole, "tap \"Suomi\"\nshot list\ndump list\n",
             (const char *const[]){"list", NULL});
        assert_true(count_cards(&lazy.k->ui) > 0);
        assert_int_equal(lazy.k->app.list_total, whole.k->app.n_visible);
        both_frac(&lazy, &whole, 0.3, "deep2");
        assert_small(&lazy);
        side_stop(&lazy);
        side_stop(&whole);
    }
}

/* Staff's venue screen (staff mode as a right PIN enters it, the list's page deep): every
 * venue of the catalogue, staff-only events' too, in the list's order. */
static void test_staff_venue(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "svenue");
    side_start(&whole, false, "", false, "svenue");
    side_run(&lazy, "tap \"Suomi\"\n");
    side_run(&whole, "tap \"Suomi\"\n");
    both_frac(&lazy, &whole, 0.7, "deep");
    both_dispatch(&lazy, &whole, (Action){.kind = ACT_STAFF_PIN_RESULT, .a = STAFF_PIN_OK});
    assert_true(lazy.k->app.staff_mode);
    both_dispatch(&lazy, &whole, (Action){.kind = ACT_STAFF_GO, .a = SCREEN_STAFF_VENUE});
    assert_int_equal(lazy.k->app.screen, SCREEN_STAFF_VENUE);
    both(&lazy, &whole,
         "wait 2000\nshot venues\ndump venues\ndrag 960 900 960 200 300\nwait 2000\n"
         "shot venues2\ndump venues2\ndrag 960 900 960 200 300\nwait 2000\n"
         "shot venues3\ndump venues3\n",
         (const char *const[]){"venues", "venues2", "venues3", NULL});
    int rows[APP_MAX_CHOICES], wrows[APP_MAX_CHOICES];
    int n = app_staff_venues(&lazy.k->app, rows, APP_MAX_CHOICES);
    assert_int_equal(n, 30);
    assert_int_equal(app_staff_venues(&whole.k->app, wrows, APP_MAX_CHOICES), n);
    for (int i = 0; i < n; i++)
        assert_string_equal(lazy.k->app.rows[rows[i]].venue_id,
                            whole.k->app.rows[wrows[i]].venue_id);
    /* A quarter of an hour on (venues whose first events end), the screen again. */
    both(&lazy, &whole, "wait 900000\nshot venues_later\ndump venues_later\n",
         (const char *const[]){"venues_later", NULL});
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
}

/* Twelve events at a venue of their own, one topic: eight end at 10:15 UTC, four (cancelled:
 * not the attract screen's) run on. At a quarter past, the page is read in the minute's first
 * second, when the eight have not ended; a second later they have, and the attract screen reads
 * the list's first events after them, the venue picker and staff's venues the four, which are
 * no group's first row then. */
#define QUARTER_EVENTS                                                                             \
    "CREATE TEMP TABLE t AS SELECT * FROM events WHERE id = 'bench:ev-00033';"                     \
    "UPDATE t SET venue_id = 'bench:place-99', venue_fi = 'Testikirjasto',"                        \
    " venue_sv = 'Testbiblioteket', venue_en = 'Test Library', category = 'club',"                 \
    " staff_only = 0, status = 'scheduled';"                                                       \
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12)"                 \
    " INSERT INTO events SELECT * FROM (SELECT 'bench:q-' || printf('%02d', i), title_fi,"         \
    " title_sv, title_en, venue_fi, venue_sv, venue_en, venue_id, category,"                       \
    " 1796112000 + 86400 - 4 * 3600 + (i > 8) * 300,"                                              \
    " 1796112000 + 86400 + 2 * 3600 + 900 + (i > 8) * 2700,"                                       \
    " CASE WHEN i > 8 THEN 'cancelled' ELSE status END, registration, capacity,"                   \
    " waitlist_capacity, max_group_size, enrolment_start, enrolment_end, reserved_seats,"          \
    " confirmed_seats, waitlisted_seats, waitlisted_count, question_ids, imported_at, hub_seen,"   \
    " hub_confirmed, hub_waitlisted, hub_held, hub_gen, gone, grant_left, pend_wait_seats,"        \
    " pend_wait_count, pend_prov_seats, staff_only, spot, spot_reason, all_day FROM t, n);"        \
    "DROP TABLE t"

static void test_quarter_past(void **state)
{
    (void)state;
    char saved[sizeof g_db];
    own_catalogue("quarter", QUARTER_EVENTS, saved, sizeof saved);
    for (int part = 0; part < 4; part++) {
        Side lazy, whole;
        char tag[24];
        snprintf(tag, sizeof tag, "quarter%d", part);
        side_start(&lazy, true, "", false, tag);
        side_start(&whole, false, "", false, tag);
        /* 10:14:02 UTC at the list's top (3: 10:14:00, so that idle returns to the attract
         * screen within the second the minute's page was read); deep in it; idle ends at
         * 10:15:02 (10:15:00). */
        const char *go = part == 3 ? "tap \"Suomi\"\nwait 840000\ntap \"Suomi\"\n"
                                   : "tap \"Suomi\"\nwait 842000\ntap \"Suomi\"\n";
        side_run(&lazy, go);
        side_run(&whole, go);
        both_frac(&lazy, &whole, 0.6, "deep");
        if (part == 0 || part == 3) {
            both(&lazy, &whole,
                 "wait 61000\nshot attract\ndump attract\nwait 6000\nshot attract2\n"
                 "dump attract2\n",
                 (const char *const[]){"attract", "attract2", NULL});
            assert_int_equal(lazy.k->app.screen, SCREEN_ATTRACT);
            assert_true(count_nodes(&lazy, ACT_OPEN_EVENT) == 1);
        } else if (part == 1) {
            both(&lazy, &whole,
                 "wait 59000\ntap \"Tapahtumapaikka: Kaikki tapahtumapaikat\"\nshot picker\n"
                 "dump picker\n",
                 (const char *const[]){"picker", NULL});
            assert_int_equal(lazy.k->app.picker, PICKER_VENUE);
        } else {
            both(&lazy, &whole, "wait 55000\n", (const char *const[]){NULL});
            both_dispatch(&lazy, &whole, (Action){.kind = ACT_STAFF_PIN_RESULT, .a = STAFF_PIN_OK});
            both_dispatch(&lazy, &whole, (Action){.kind = ACT_STAFF_GO, .a = SCREEN_STAFF_VENUE});
            both(&lazy, &whole, "wait 5000\nshot venues\ndump venues\n",
                 (const char *const[]){"venues", NULL});
        }
        assert_small(&lazy);
        side_stop(&lazy);
        side_stop(&whole);
    }
    str_copy(g_db, sizeof g_db, saved);
}

/* A patch off the page a few seconds into a quarter past's minute. The list was last filtered
 * at the minute's first second (10:00:00 UTC, the clock's start), when the events that end then
 * were on; the whole list patches the rows in place, the paged one reads its page again. Both
 * show the same because whether an event has ended is decided by the minute (app_row_ended,
 * and the page's moment in runtime_list.c: the minute's start); found by this test. */
static void test_patch_off_page_at_second(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "psecond");
    side_start(&whole, false, "", false, "psecond");
    side_run(&lazy, "tap \"Suomi\"\n");
    side_run(&whole, "tap \"Suomi\"\n");
    both_frac(&lazy, &whole, 0.45, "deep");
    both(&lazy, &whole, "wait 4000\n", (const char *const[]){NULL});
    patch_off_page(&lazy, &whole, "offpage");
    assert_int_equal(lazy.k->app.list_total, whole.k->app.n_visible);
    side_stop(&lazy);
    side_stop(&whole);
}

/* More patches deep in the list: an event on screen deleted at the hub (a patch without its
 * row, then a new list), one moved to another topic while that topic is the filter, one made
 * staff-only, the open event's seats. */
static void test_patch_keys(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "pkeys");
    side_start(&whole, false, "", false, "pkeys");
    side_run(&lazy, "tap \"Suomi\"\ntap \"Aihe: Kaikki aiheet\"\ntap \"Kerhot\"\n");
    side_run(&whole, "tap \"Suomi\"\ntap \"Aihe: Kaikki aiheet\"\ntap \"Kerhot\"\n");
    both_frac(&lazy, &whole, 0.5, "deep");
    char(*ids)[RECORD_EVENT_ID_MAX + 1] = calloc(16, sizeof *ids);
    assert_non_null(ids);
    int n = shown_ids(&lazy, ids, 16);
    assert_true(n >= 8);
    char sql[1024];
    snprintf(sql, sizeof sql, "UPDATE events SET gone = 1 WHERE id = '%s'", ids[1]);
    db_exec(sql);
    both_patch(&lazy, &whole, (const char(*)[RECORD_EVENT_ID_MAX + 1]) ids, n);
    both(&lazy, &whole, "shot deleted\ndump deleted\n", (const char *const[]){"deleted", NULL});
    both_patch(&lazy, &whole, NULL, 0);
    both(&lazy, &whole, "shot relisted\ndump relisted\n", (const char *const[]){"relisted", NULL});
    /* Another topic, staff-only: both leave the visitors' list of clubs. */
    snprintf(sql, sizeof sql,
             "UPDATE events SET category = 'visit' WHERE id = '%s';"
             "UPDATE events SET staff_only = 1 WHERE id = '%s'",
             ids[3], ids[5]);
    db_exec(sql);
    both_patch(&lazy, &whole, (const char(*)[RECORD_EVENT_ID_MAX + 1]) ids + 2, 5);
    both(&lazy, &whole, "shot rekeyed\ndump rekeyed\n", (const char *const[]){"rekeyed", NULL});
    assert_int_equal(lazy.k->app.list_total, whole.k->app.n_visible);
    /* The event of a card opened, its seats taken while it is open, Back. */
    both_tap_node(&lazy, &whole, ACT_OPEN_EVENT, 2, "shot detail\ndump detail\n",
                  (const char *const[]){"detail", NULL});
    char open[RECORD_EVENT_ID_MAX + 1];
    str_copy(open, sizeof open, lazy.k->app.detail_id);
    snprintf(sql, sizeof sql,
             "UPDATE events SET confirmed_seats = capacity, registration = 1 WHERE id = '%s'",
             open);
    db_exec(sql);
    str_copy(ids[0], sizeof ids[0], open);
    both_patch(&lazy, &whole, (const char(*)[RECORD_EVENT_ID_MAX + 1]) ids, 1);
    both(&lazy, &whole,
         "shot detail_full\ndump detail_full\ntap \"Takaisin\"\nshot back\ndump back\n",
         (const char *const[]){"detail_full", "back", NULL});
    assert_small(&lazy);
    free(ids);
    side_stop(&lazy);
    side_stop(&whole);
}

/* Midnight while deep in this week's list: today becomes tomorrow, the feedback screen's today
 * too; the attract screen at 00:00. */
static void test_midnight(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "midnight");
    side_start(&whole, false, "", false, "midnight");
    lazy.k->app.idle_timeout_ms = whole.k->app.idle_timeout_ms = 86400000;
    /* 12:00 local (the clock's start) to 23:58:30. */
    const char *go = "tap \"Suomi\"\ntap \"Tällä viikolla\"\nwait 43110000\n";
    side_run(&lazy, go);
    side_run(&whole, go);
    both_frac(&lazy, &whole, 0.5, "deep");
    both(&lazy, &whole,
         "shot before\ndump before\nwait 120000\nshot after\ndump after\n"
         "tap \"Tänään\"\nshot today\ndump today\ntap \"Anna palautetta\"\nshot feedback\n"
         "dump feedback\n",
         (const char *const[]){"before", "after", "today", "feedback", NULL});
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
}

/* A kiosk with a venue of its own, deep in its list, idle: its attract screen, its list
 * again; the venue picker (its own venue first) over a page deep in every venue's list. */
static void test_home_deep(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "bench:place-05", false, "homedeep");
    side_start(&whole, false, "bench:place-05", false, "homedeep");
    side_run(&lazy, "tap \"Suomi\"\n");
    side_run(&whole, "tap \"Suomi\"\n");
    assert_true(lazy.k->app.venue_id[0]);
    both_frac(&lazy, &whole, 0.7, "deep");
    both(&lazy, &whole,
         "wait 61000\nshot attract\ndump attract\ntap \"Svenska\"\nshot list\ndump list\n",
         (const char *const[]){"attract", "list", NULL});
    assert_true(count_cards(&lazy.k->ui) > 0);
    both_frac(&lazy, &whole, 0.9, "deep_sv");
    both(&lazy, &whole, "tap \"Evenemangsplats: Nordsjö bibliotek\"\nshot picker\ndump picker\n",
         (const char *const[]){"picker", NULL});
    /* Every venue's list ("all venues", the picker's first), deep, the pickers over it in
     * English. */
    both_tap_node(&lazy, &whole, ACT_PICK, 0, "", (const char *const[]){NULL});
    assert_false(lazy.k->app.venue_id[0]);
    both_frac(&lazy, &whole, 0.5, "all_deep");
    both(&lazy, &whole,
         "tap \"English\"\ntap \"Venue: All venues\"\nshot picker_en\ndump picker_en\n"
         "tap \"Close\"\ntap \"Topic: All topics\"\nshot topics_en\ndump topics_en\n",
         (const char *const[]){"picker_en", "topics_en", NULL});
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
}

/* "My sign-up": a code looked up whose event is deep in the list (not on the page the list's
 * top read): the screen names its event, time and place, as the whole list's does. On a copy of
 * the catalogue with the sign-up in it (a commit the other tests' sides must not see); and
 * from deep in the list, and a minute later. */
static void test_mine_deep(void **state)
{
    (void)state;
    char saved[sizeof g_db];
    own_catalogue("mine",
                  "INSERT INTO signups (uuid, code, event_id, status, group_size, name, email,"
                  " phone, lang, created_at) SELECT 'u-mine', 'K7M4QX', id, 'confirmed', 2,"
                  " 'Testi Henkilö', '', '', 'fi', 1796112000 FROM events WHERE gone = 0"
                  " AND staff_only = 0 AND start_time > 1796112000 + 86400 * 30"
                  " ORDER BY start_time, end_time, id LIMIT 1",
                  saved, sizeof saved);
    Side lazy, whole;
    side_start(&lazy, true, "", false, "mine");
    side_start(&whole, false, "", false, "mine");
    both(&lazy, &whole,
         "tap \"Suomi\"\ntap \"Oma ilmoittautuminen\"\ntype \"K7M4QX\"\ntap \"Hae\"\n"
         "expect \"Paikkasi on vahvistettu\"\nshot found\ndump found\n",
         (const char *const[]){"found", NULL});
    assert_int_equal(lazy.k->app.screen, SCREEN_MINE);
    /* From deep in the list too, and a minute later (a page read for the minute). */
    both(&lazy, &whole, "tap \"Valmis\"\ntap \"Suomi\"\nshot list\ndump list\n",
         (const char *const[]){"list", NULL});
    both_frac(&lazy, &whole, 0.8, "deep");
    both(&lazy, &whole,
         "tap \"Oma ilmoittautuminen\"\ntype \"K7M4QX\"\ntap \"Hae\"\nshot found_deep\n"
         "dump found_deep\nwait 30000\nshot found_later\ndump found_later\n",
         (const char *const[]){"found_deep", "found_later", NULL});
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
    str_copy(g_db, sizeof g_db, saved);
}

/* A portrait screen (1080 x 1920: fewer columns, the reach bar at the bottom): flung deep, a
 * far jump, large text (one column) deep, the venue picker over it, an event opened and Back. */
static void test_portrait(void **state)
{
    (void)state;
    g_screen_w = 1080;
    g_screen_h = 1920;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "portrait");
    side_start(&whole, false, "", false, "portrait");
    both(&lazy, &whole,
         "tap \"Suomi\"\nshot list\ndump list\ndrag 540 1500 540 300 60\nwait 5000\n"
         "shot flung\ndump flung\n",
         (const char *const[]){"list", "flung", NULL});
    assert_true(count_cards(&lazy.k->ui) > 0);
    both_frac(&lazy, &whole, 0.66, "far");
    both(&lazy, &whole, "tap \"Iso teksti\"\nshot large\ndump large\n",
         (const char *const[]){"large", NULL});
    both_frac(&lazy, &whole, 0.35, "large_deep");
    both_frac(&lazy, &whole, 2, "large_end");
    both_frac(&lazy, &whole, 0.8, "large_deep2");
    both(&lazy, &whole,
         "tap \"Tapahtumapaikka: Kaikki tapahtumapaikat\"\nshot picker\ndump picker\n"
         "tap \"Sulje\"\n",
         (const char *const[]){"picker", NULL});
    both_tap_node(&lazy, &whole, ACT_OPEN_EVENT, 0,
                  "shot detail\ndump detail\ntap \"Takaisin\"\nshot back\ndump back\n",
                  (const char *const[]){"detail", "back", NULL});
    assert_true(count_cards(&lazy.k->ui) > 0);
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
    g_screen_w = 1920;
    g_screen_h = 1080;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pickers_deep), cmocka_unit_test(test_jumps),
        cmocka_unit_test(test_detail_deep),  cmocka_unit_test(test_feedback),
        cmocka_unit_test(test_time_deep),    cmocka_unit_test(test_patch_deep),
        cmocka_unit_test(test_idle_deep),    cmocka_unit_test(test_staff_venue),
        cmocka_unit_test(test_quarter_past), cmocka_unit_test(test_patch_off_page_at_second),
        cmocka_unit_test(test_patch_keys),   cmocka_unit_test(test_midnight),
        cmocka_unit_test(test_home_deep),    cmocka_unit_test(test_mine_deep),
        cmocka_unit_test(test_portrait),
    };
    return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
