/*
 * test_lazy_list.c: a kiosk holding a page of its list (issue 12, store_page.c) shows exactly
 * what one holding the whole list does. Two kiosks on one generated catalogue
 * (tests/bench/common/gen_events.c: 30 venues, eight categories, cancelled and postponed
 * events, titles missing in some languages; here also staff-only events, and a clock a day on,
 * so that some of the list's rows have ended; tests/common/kiosk_pair.h) run the same scripts,
 * and every shot (the PNG's bytes) and dump (the display list) must be the same: the attract
 * screen, the list's top, scrolled, at its end, a venue and a time filter, minutes passing,
 * other languages, large text, home venues (by id, by name, unknown, "show all"), staff mode,
 * staff's list of events with sign-ups deep, "My sign-up" deep, and pages read again after a
 * sync's patch (with the helper's reader's preparation, and with a stale one). The harder cases
 * are in test_lazy_deep.c and test_lazy_edges.c.
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

static void test_top_then_everything(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "top");
    side_start(&whole, false, "", false, "top");
    assert_false(whole.k->partial_list);
    const char *first[] = {"attract", "list", NULL};
    both(&lazy, &whole, "shot attract\ndump attract\ntap \"Suomi\"\nshot list\ndump list\n", first);
    /* A page, not the list. */
    assert_true(lazy.k->app.list_paged);
    assert_false(whole.k->app.list_paged);
    assert_true(lazy.k->app.n_rows < whole.k->app.n_rows / 4);

    /* A drag down the list: the rest loads, and the list shows what the whole one does. */
    const char *drag[] = {"dragged", NULL};
    both(&lazy, &whole, "drag 960 900 960 300 400\nwait 2000\nshot dragged\ndump dragged\n", drag);
    assert_true(lazy.k->app.n_rows < whole.k->app.n_rows / 4);
    assert_int_equal(app_list_count(&lazy.k->app), whole.k->app.n_visible);
    both_scroll(&lazy, &whole, 1e9f, "end");

    /* A venue, then today only; then back to everything. */
    const char *filters[] = {"picker", "venue", "today", "cleared", NULL};
    both(&lazy, &whole,
         "tap \"Tapahtumapaikka: Kaikki tapahtumapaikat\"\nshot picker\ndump picker\n"
         "tap \"Entressen kirjasto\"\nshot venue\ndump venue\n"
         "tap \"Tänään\"\nshot today\ndump today\ntap \"Kaikki\"\n"
         "tap \"Tapahtumapaikka: Entressen kirjasto\"\ntap \"Kaikki tapahtumapaikat\"\n"
         "shot cleared\ndump cleared\n",
         filters);

    /* A sync patch while scrolled: 40 events' seats and a title, as a pull's page. */
    both_scroll(&lazy, &whole, 3000, "scrolled");
    db_exec("UPDATE events SET confirmed_seats = 1, title_fi = 'Vaihtui' WHERE rowid BETWEEN 20 "
            "AND 60");
    Side *sides[2] = {&lazy, &whole};
    for (int i = 0; i < 2; i++) {
        Kiosk *k = sides[i]->k;
        char(*ids)[RECORD_EVENT_ID_MAX + 1] = calloc(41, sizeof *ids);
        assert_non_null(ids);
        for (int r = 0; r < 41; r++)
            snprintf(ids[r], sizeof ids[r], "bench:ev-%05d", 19 + r);
        EventRow *rows = NULL;
        int n = 0;
        char err[256];
        assert_int_equal(store_events_rows(k->store, (const char(*)[RECORD_EVENT_ID_MAX + 1]) ids,
                                           41, &rows, &n, err, sizeof err),
                         0);
        free(ids);
        kiosk_dispatch(k, &(Action){.kind = ACT_ROWS_PATCHED, .p = rows, .a = n});
        /* As main.c does: a page that did not hold every row reads itself again. */
        if (k->app.rows_reload && k->paged)
            kiosk_dispatch(k, &(Action){.kind = ACT_SYNC_STATUS, .b = SYNC_FLAG_CATALOGUE});
        else
            assert_false(k->app.rows_reload);
    }
    const char *patched[] = {"patched", NULL};
    both(&lazy, &whole, "shot patched\ndump patched\n", patched);
    side_stop(&lazy);
    side_stop(&whole);
}

/* Time moves on while the prefix is up: events end, the minute changes, the list follows. */
static void test_minutes_pass(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "time");
    side_start(&whole, false, "", false, "time");
    const char *names[] = {"second", "later", NULL};
    both(&lazy, &whole,
         "tap \"Suomi\"\nwait 20000\nshot second\ndump second\n"
         "wait 5400000\ntap \"Suomi\"\nshot later\ndump later\n",
         names);
    side_stop(&lazy);
    side_stop(&whole);
}

/* Another language, large text, staff mode's list (staff-only events too). */
static void test_languages_and_sizes(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "lang");
    side_start(&whole, false, "", false, "lang");
    const char *names[] = {"sv", "large", "en", NULL};
    both(&lazy, &whole,
         "tap \"Svenska\"\nshot sv\ndump sv\ntap \"Stor text\"\nshot large\ndump large\n"
         "tap \"English\"\nshot en\ndump en\n",
         names);
    Side *sides[2] = {&lazy, &whole};
    for (int i = 0; i < 2; i++) {
        /* As the staff's list is: staff mode on, the list filtered again. */
        kiosk_dispatch(sides[i]->k, &(Action){.kind = ACT_GO_LIST});
        sides[i]->k->app.staff_mode = true;
        kiosk_dispatch(sides[i]->k, &(Action){.kind = ACT_SET_TIME, .a = TIME_ALL});
    }
    const char *staff[] = {"staff", NULL};
    both(&lazy, &whole, "shot staff\ndump staff\n", staff);
    side_stop(&lazy);
    side_stop(&whole);
}

/* A kiosk with a venue of its own: by id, by name, one the catalogue lacks, and "show all". */
static void test_home_venues(void **state)
{
    (void)state;
    static const struct {
        const char *venue;
        bool show_all;
    } cases[] = {{"bench:place-01", false},
                 {"Keskustakirjasto Oodi", false},
                 {"pasilan KIRJASTO", true},
                 {"nowhere", false}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        Side lazy, whole;
        char tag[16];
        snprintf(tag, sizeof tag, "home%zu", c);
        side_start(&lazy, true, cases[c].venue, cases[c].show_all, tag);
        side_start(&whole, false, cases[c].venue, cases[c].show_all, tag);
        assert_string_equal(lazy.k->app.home_venue_id, whole.k->app.home_venue_id);
        assert_string_equal(lazy.k->app.venue_id, whole.k->app.venue_id);
        const char *names[] = {"attract", "list", NULL}, *dragged[] = {"dragged", NULL};
        both(&lazy, &whole, "shot attract\ndump attract\ntap \"Suomi\"\nshot list\ndump list\n",
             names);
        both(&lazy, &whole, "drag 960 900 960 300 400\nwait 2000\nshot dragged\ndump dragged\n",
             dragged);
        side_stop(&lazy);
        side_stop(&whole);
    }
}

/* Staff's list of the events with sign-ups (every one from today's start: staff-only ones and
 * those ended today too): its top, deep in it, its end, one event's sign-ups and back. */
static void test_staff_events(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "staffev");
    side_start(&whole, false, "", false, "staffev");
    Side *sides[2] = {&lazy, &whole};
    for (int i = 0; i < 2; i++) {
        Kiosk *k = sides[i]->k;
        kiosk_dispatch(k, &(Action){.kind = ACT_GO_LIST});
        k->app.staff_mode = true;
        k->app.screen = SCREEN_STAFF_HOME;
        kiosk_dispatch(k, &(Action){.kind = ACT_STAFF_GO, .a = SCREEN_STAFF_EVENTS});
    }
    const char *top[] = {"top", NULL};
    both(&lazy, &whole, "shot top\ndump top\n", top);
    assert_true(lazy.k->app.list_paged && lazy.k->app.page_for.staff_list);
    assert_true(lazy.k->app.list_total > 1000);
    static const float at[] = {40000, 400000, 1e9f, 120000};
    for (int a = 0; a < 4; a++) {
        char name[16];
        snprintf(name, sizeof name, "at%d", a);
        for (int i = 0; i < 2; i++) {
            Scroll *sc = &sides[i]->k->app.scroll[SCROLL_STAFF];
            assert_true(sc->max > 0);
            sc->pos = at[a] < sc->max ? at[a] : sc->max;
            sides[i]->k->app.dirty = true;
        }
        char script[64];
        snprintf(script, sizeof script, "shot %s\ndump %s\n", name, name);
        const char *names[] = {name, NULL};
        both(&lazy, &whole, script, names);
        assert_true(lazy.k->app.n_rows < 1200);
        assert_true(lazy.k->app.n_visible > 0);
    }
    /* An event of the page opened, its sign-ups, and back to the list where it was. */
    for (int i = 0; i < 2; i++) {
        Kiosk *k = sides[i]->k;
        int row = k->app.visible[k->app.list_paged ? 5 : 0];
        if (!k->app.list_paged) { /* the same event: the same position of the list */
            int p = lazy.k->app.list_first + 5, seen = 0;
            for (int r = 0; r < k->app.n_rows; r++)
                if (app_row_staff_listed(&k->app.rows[r]) && seen++ == p) row = r;
        }
        kiosk_dispatch(k, &(Action){.kind = ACT_STAFF_OPEN_EVENT, .a = row});
    }
    assert_string_equal(lazy.k->app.staff.event_id, whole.k->app.staff.event_id);
    const char *opened[] = {"signups", NULL}, *back[] = {"back", NULL};
    both(&lazy, &whole, "shot signups\ndump signups\n", opened);
    for (int i = 0; i < 2; i++)
        kiosk_dispatch(sides[i]->k, &(Action){.kind = ACT_BACK});
    both(&lazy, &whole, "shot back\ndump back\n", back);
    side_stop(&lazy);
    side_stop(&whole);
}

/* "My sign-up" for an event deep in the list (its row is on the page because the screen has it
 * open), and a page read again after a pull with what the helper's reader thread read for it
 * (SyncPagePrep), and with one read for another list (not taken). */
static void test_mine_and_prepared_pages(void **state)
{
    (void)state;
    char err[256];
    Store *st = NULL;
    assert_int_equal(store_open(&st, g_db, err, sizeof err), 0);
    SignupResult res = {.outcome = SIGNUP_REJECTED};
    for (int i = 4000; i < 4400 && res.outcome != SIGNUP_CONFIRMED; i++) {
        SignupRequest req = {.group_size = 1, .consent = true, .lang = LANG_FI};
        snprintf(req.event_id, sizeof req.event_id, "bench:ev-%05d", i);
        str_copy(req.name, sizeof req.name, "Testi Henkilö");
        assert_int_equal(store_signup_commit(st, &req, CLOCK_S, &res, err, sizeof err), 0);
    }
    store_close(st);
    assert_int_equal(res.outcome, SIGNUP_CONFIRMED);

    Side lazy, whole;
    side_start(&lazy, true, "", false, "mine");
    side_start(&whole, false, "", false, "mine");
    Side *sides[2] = {&lazy, &whole};
    char script[256];
    snprintf(script, sizeof script,
             "tap \"Suomi\"\ntap \"Oma ilmoittautuminen\"\ntype %s\ntap \"Hae\"\nwait 1000\n"
             "shot mine\ndump mine\n",
             res.code);
    const char *mine[] = {"mine", NULL};
    both(&lazy, &whole, script, mine);
    assert_int_equal(lazy.k->app.mine.step, MINE_FOUND);
    int at = -1; /* the sign-up's event is on the page (the screen shows its title) */
    for (int r = 0; r < lazy.k->app.n_rows; r++)
        if (strcmp(lazy.k->app.rows[r].id, lazy.k->app.mine.found.event_id) == 0) at = r;
    assert_true(at >= 0);
    assert_true(lazy.k->app.n_rows < 1200);

    /* A pull changed titles and seats near the top and deep in the list. */
    for (int i = 0; i < 2; i++)
        kiosk_dispatch(sides[i]->k, &(Action){.kind = ACT_GO_LIST});
    db_exec(
        "UPDATE events SET confirmed_seats = 2, title_fi = 'Vaihtui taas' WHERE rowid % 97 = 3");
    SyncPageSpec spec;
    kiosk_page_spec(&lazy.k->app, &spec);
    for (int round = 0; round < 2; round++) {
        Kiosk *k = lazy.k;
        SyncPagePrep prep;
        SyncPageSpec asked = spec;
        if (round == 1) str_copy(asked.category, sizeof asked.category, "workshop"); /* stale */
        assert_int_equal(sync_page_prep_read(k->store, &asked, k->clock_ms, &prep, err, sizeof err),
                         0);
        k->page_prep = prep;
        k->page_prep_valid = true;
        for (int i = 0; i < 2; i++)
            kiosk_dispatch(sides[i]->k,
                           &(Action){.kind = ACT_SYNC_STATUS, .b = SYNC_FLAG_CATALOGUE});
        assert_false(k->page_prep_valid);
        /* Taken: the page's count is the reader's, as of its moment; not taken: read here. */
        assert_true(k->page_counts_valid);
        if (round == 0) assert_int_equal(k->page_counts_at, prep.at_ms);
        const char *names[] = {round ? "stale" : "prepared", NULL};
        both(&lazy, &whole, round ? "shot stale\ndump stale\n" : "shot prepared\ndump prepared\n",
             names);
    }
    side_stop(&lazy);
    side_stop(&whole);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_top_then_everything), cmocka_unit_test(test_minutes_pass),
        cmocka_unit_test(test_languages_and_sizes), cmocka_unit_test(test_home_venues),
        cmocka_unit_test(test_staff_events),        cmocka_unit_test(test_mine_and_prepared_pages),
    };
    return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
