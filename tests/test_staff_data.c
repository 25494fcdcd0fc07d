/*
 * test_staff_data.c: what staff mode's screens read and change in the store: moving a waitlisted
 * party in by hand (only into free seats, only on an event that is not the hub's), the attendee
 * list as the screen gets it (answers in words, in the event's order of questions), and the kind
 * of the last failed sync round that the sync screen words.
 */
#define _GNU_SOURCE 1
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "client.h"
#include "staff.h"
#include "store_promote.h"
#include "store_sync.h"
#include "test_db.h"

#define WEEK_FILE FIXTURES_DIR "/aukio/library_week.json"
#define SATU "aukio:satutunti-0318" /* 12 seats, 2 reserved, waiting list 4, groups of 3 */
#define NOW_OPEN 1773741600         /* 2026-03-17 12:00: enrolment open */

static char g_path[256];

static int setup(void **state)
{
    (void)state;
    return test_db_path(g_path, sizeof g_path, "staff-data");
}

static int teardown(void **state)
{
    (void)state;
    test_db_remove(g_path);
    return 0;
}

static Store *open_week(void)
{
    Store *s = test_store_open(g_path);
    char err[512] = "";
    int n = 0;
    if (store_import_file(s, WEEK_FILE, 0, &n, err, sizeof err)) fail_msg("import: %s", err);
    return s;
}

static SignupResult signup(Store *s, const char *name, int group)
{
    SignupRequest r;
    memset(&r, 0, sizeof r);
    snprintf(r.event_id, sizeof r.event_id, "%s", SATU);
    snprintf(r.name, sizeof r.name, "%s", name);
    snprintf(r.email, sizeof r.email, "maija@lahti.fi");
    snprintf(r.phone, sizeof r.phone, "040 123 4567");
    snprintf(r.answers[1], sizeof r.answers[1], "5-6");
    snprintf(r.answers[2], sizeof r.answers[2], "yes");
    r.group_size = group;
    r.consent = true;
    r.lang = LANG_FI;
    SignupResult res;
    char err[256] = "";
    if (store_signup_commit(s, &r, NOW_OPEN, &res, err, sizeof err)) fail_msg("signup: %s", err);
    return res;
}

static EventRow row_of(Store *s)
{
    EventRow row;
    char err[256];
    assert_int_equal(store_event_row(s, SATU, &row, err, sizeof err), 0);
    return row;
}

/* Fills the event (10 seats for visitors), puts one party on the waiting list, then moves it in
 * only once a cancel has freed enough seats. */
static void test_promote_into_free_seats(void **state)
{
    (void)state;
    Store *s = open_week();
    char err[256] = "";
    SignupResult a = signup(s, "Aino", 3);
    signup(s, "Bo", 3);
    signup(s, "Cai", 3);
    SignupResult d = signup(s, "Dan", 1);
    assert_int_equal(d.outcome, SIGNUP_CONFIRMED);
    SignupResult w = signup(s, "Eero", 2);
    assert_int_equal(w.outcome, SIGNUP_WAITLISTED);
    EventRow before = row_of(s);
    assert_int_equal(store_promote(s, w.uuid, err, sizeof err), AUKIO_ERR_INVALID); /* full */
    EventRow same = row_of(s);
    assert_int_equal(same.confirmed_seats, before.confirmed_seats);
    assert_int_equal(same.waitlisted_count, 1);
    assert_int_equal(store_signup_cancel(s, a.code, NOW_OPEN + 60, err, sizeof err), 0);
    assert_int_equal(store_promote(s, w.uuid, err, sizeof err), AUKIO_OK);
    EventRow after = row_of(s);
    assert_int_equal(after.confirmed_seats, before.confirmed_seats - 3 + 2);
    assert_int_equal(after.waitlisted_count, 0);
    assert_int_equal(after.waitlisted_seats, 0);
    /* Only once: it is no longer on the waiting list. */
    assert_int_equal(store_promote(s, w.uuid, err, sizeof err), AUKIO_ERR_NOT_FOUND);
    assert_int_equal(store_promote(s, "no-such-uuid", err, sizeof err), AUKIO_ERR_NOT_FOUND);
    /* The attendee list says so. */
    StaffSignup *rows = NULL;
    int n = 0;
    assert_int_equal(staff_signups_load(s, SATU, LANG_FI, true, &rows, &n), 0);
    bool found = false;
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].uuid, w.uuid) == 0) {
            found = true;
            assert_int_equal(rows[i].state, STAFF_SU_CONFIRMED);
            assert_string_equal(rows[i].name, "Eero");
            assert_int_equal(rows[i].group_size, 2);
        }
    assert_true(found);
    free(rows);
    store_close(s);
}

/* At the hub the waiting list moves by itself: a hub's event is not moved by hand here. */
static void test_no_promote_on_hub_event(void **state)
{
    (void)state;
    Store *s = open_week();
    char err[256] = "";
    signup(s, "Aino", 3);
    signup(s, "Bo", 3);
    signup(s, "Cai", 3);
    signup(s, "Dan", 1);
    SignupResult w = signup(s, "Eero", 1);
    assert_int_equal(w.outcome, SIGNUP_WAITLISTED);
    store_close(s);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(g_path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE events SET hub_seen = 1, hub_confirmed = 0,"
                                  " reserved_seats = 0 WHERE id = '" SATU "'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    Store *s2 = NULL;
    assert_int_equal(store_open(&s2, g_path, err, sizeof err), 0);
    assert_int_equal(store_promote(s2, w.uuid, err, sizeof err), AUKIO_ERR_INVALID);
    store_close(s2);
}

/* Answers in words, in the event's order of questions. */
static void test_answers_in_words(void **state)
{
    (void)state;
    Store *s = open_week();
    SignupResult a = signup(s, "Aino", 1);
    StaffSignup *rows = NULL;
    int n = 0;
    assert_int_equal(staff_signups_load(s, SATU, LANG_FI, true, &rows, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].code, a.code);
    assert_true(rows[0].local_only);
    /* Option labels and yes/no in words, never the raw ids; a question mark takes no colon. */
    assert_string_equal(rows[0].answers, "Lapsen ikä: 5\xE2\x80\x93"
                                         "6 v\nSaako kuvata? Kyllä");
    free(rows);
    store_close(s);
}

/* The sync screen words the kind of the last failure; a good round forgets it. */
static void test_sync_error_kind(void **state)
{
    (void)state;
    Store *s = open_week();
    StaffSync sync;
    staff_sync_load(s, true, &sync);
    assert_int_equal(sync.error_at, 0);
    assert_int_equal(store_sync_mark_error(s, NOW_OPEN, SYNC_ERR_AUTH, "POST /v1/push: 401"), 0);
    staff_sync_load(s, true, &sync);
    assert_int_equal(sync.error, SYNC_ERR_AUTH);
    assert_int_equal(sync.error_at, NOW_OPEN);
    assert_true(sync.hub);
    assert_int_equal(store_sync_mark_ok(s, NOW_OPEN + 60), 0);
    staff_sync_load(s, true, &sync);
    assert_int_equal(sync.error_at, 0);
    assert_int_equal(sync.error, 0);
    assert_int_equal(sync.last_ok, NOW_OPEN + 60);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_promote_into_free_seats, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_promote_on_hub_event, setup, teardown),
        cmocka_unit_test_setup_teardown(test_answers_in_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sync_error_kind, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
