/*
 * test_store_spot.c: events made on the spot (issue 10, item 2): the form's checks, the event op
 * as the hub reads it, the grant that holds every seat in every boot, sign-ups beyond it told the
 * waiting list (never "provisional"), a snapshot that does not take the event for gone, the
 * grant not settled before the hub has the event, and the hub's answer recorded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "spot.h"
#include "store_spot.h"
#include "store_sync.h"
#include "test_db.h"

#define NOW 1900000000 /* 2030-03-17 */

static char g_path[256];

static int setup(void **state)
{
    (void)state;
    return test_db_path(g_path, sizeof g_path, "spot");
}

static int teardown(void **state)
{
    (void)state;
    test_db_remove(g_path);
    return 0;
}

static Store *open_store(bool escrow)
{
    Store *s = test_store_open(g_path);
    store_set_escrow(s, escrow);
    return s;
}

static int q_int(const char *sql)
{
    return test_db_int(g_path, sql);
}

/* A made event of CAPACITY seats and a waiting list of WAITLIST, tomorrow; its id into ID. */
static void make(Store *s, int capacity, int waitlist, char id[RECORD_EVENT_ID_MAX + 1])
{
    SpotForm f;
    spot_form_default(&f, NOW);
    snprintf(f.title[LANG_FI], sizeof f.title[LANG_FI], "Puistopiknik");
    f.start = NOW + 86400;
    f.end = f.start + 7200;
    f.capacity = capacity;
    f.waitlist = waitlist;
    f.max_group = 4;
    f.n_questions = 1;
    f.questions[0].kind = SPOT_Q_CHOICE;
    snprintf(f.questions[0].text, sizeof f.questions[0].text, "Ikäryhmä");
    f.questions[0].n_options = 2;
    snprintf(f.questions[0].options[0], SPOT_OPTION_MAX + 1, "alle 18");
    snprintf(f.questions[0].options[1], SPOT_OPTION_MAX + 1, "18 tai yli");
    Event ev;
    char err[256];
    assert_int_equal(spot_event_build(&f, &ev, err, sizeof err), AUKIO_OK);
    assert_int_equal(store_spot_create(s, &ev, NOW, id, err, sizeof err), AUKIO_OK);
    event_deinit(&ev);
}

static SignupOutcome sign_up(Store *s, const char *id, int group)
{
    SignupRequest r = {.group_size = group, .consent = true, .lang = LANG_FI};
    snprintf(r.event_id, sizeof r.event_id, "%s", id);
    snprintf(r.name, sizeof r.name, "Maija");
    snprintf(r.email, sizeof r.email, "maija@example.fi");
    snprintf(r.answers[0], sizeof r.answers[0], "1");
    SignupResult res;
    char err[256];
    assert_int_equal(store_signup_commit(s, &r, NOW + 60, &res, err, sizeof err), 0);
    return res.outcome;
}

/* The form refuses what the hub or a visitor could not use, and then nothing is written. */
static void test_form_refused(void **state)
{
    (void)state;
    SpotForm f;
    Event ev;
    char err[256];
    spot_form_default(&f, NOW);
    assert_true(f.start > NOW && f.start % 900 == 0 && f.end == f.start + 3600);
    assert_int_equal(spot_event_build(&f, &ev, err, sizeof err), AUKIO_ERR_INVALID);
    assert_string_equal(err, "title: none in any language");
    snprintf(f.title[LANG_SV], sizeof f.title[LANG_SV], "Picknick");
    f.end = f.start;
    assert_int_equal(spot_event_build(&f, &ev, err, sizeof err), AUKIO_ERR_INVALID);
    assert_string_equal(err, "end: not after the start");
    f.end = f.start + 3600;
    f.capacity = 0;
    assert_int_equal(spot_event_build(&f, &ev, err, sizeof err), AUKIO_ERR_INVALID);
    f.capacity = 5;
    f.n_questions = 1;
    f.questions[0].kind = SPOT_Q_CHOICE;
    snprintf(f.questions[0].text, sizeof f.questions[0].text, "Vilken?");
    f.questions[0].n_options = 1;
    assert_int_equal(spot_event_build(&f, &ev, err, sizeof err), AUKIO_ERR_INVALID);
    assert_string_equal(err, "question: a choice needs 2 to 8 answers");
    f.n_questions = 0;
    snprintf(f.title[LANG_FI], sizeof f.title[LANG_FI], "Bad\x1b[2J");
    assert_int_equal(spot_event_build(&f, &ev, err, sizeof err), AUKIO_ERR_INVALID);
    f.title[LANG_FI][0] = '\0';
    assert_int_equal(spot_event_build(&f, &ev, err, sizeof err), AUKIO_OK);
    /* The store refuses an event that takes no sign-ups, and writes nothing. */
    Store *s = open_store(true);
    ev.registration = false;
    char id[RECORD_EVENT_ID_MAX + 1];
    assert_int_equal(store_spot_create(s, &ev, NOW, id, err, sizeof err), AUKIO_ERR_INVALID);
    assert_string_equal(id, "");
    event_deinit(&ev);
    store_close(s);
    assert_int_equal(q_int("SELECT count(*) FROM events"), 0);
    assert_int_equal(q_int("SELECT count(*) FROM outbox"), 0);
    assert_int_equal(q_int("SELECT count(*) FROM grants"), 0);
    /* Clock times on the event's day. */
    int64_t t;
    assert_int_equal(spot_parse_clock("15:30", NOW, &t), 0);
    assert_int_equal(t % 60, 0);
    assert_int_equal(spot_parse_clock("24:00", NOW, &t), -1);
    assert_int_equal(spot_parse_clock("9.30", NOW, &t), -1);
}

/* The event op reads back as the hub reads it, naming the grant that holds every seat. */
static void test_op_and_grant(void **state)
{
    (void)state;
    Store *s = open_store(true);
    char id[RECORD_EVENT_ID_MAX + 1], err[256];
    make(s, 3, 1, id);
    assert_memory_equal(id, WIRE_SPOT_PREFIX, strlen(WIRE_SPOT_PREFIX));
    assert_int_equal(store_spot_state(s, id, NULL, 0), 1);
    OutboxItem *items = NULL;
    int n = 0;
    assert_int_equal(store_outbox_batch(s, 10, &items, &n, err, sizeof err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(items[0].kind, "event");
    json_t *j = json_loads(items[0].payload, 0, NULL);
    WireOp op;
    char why[160];
    assert_int_equal(wire_op_parse(&op, j, why, sizeof why), 0);
    assert_int_equal(op.kind, WIRE_OP_EVENT);
    assert_string_equal(json_string_value(json_object_get(op.event, "id")), id);
    assert_non_null(op.grant);
    Event back;
    assert_int_equal(event_from_json(&back, op.event, why, sizeof why), 0);
    assert_int_equal(back.capacity, 3);
    assert_int_equal(back.n_questions, 1);
    assert_int_equal(back.questions[0].n_options, 2);
    event_deinit(&back);
    /* A forged id (not the op's uuid) is refused by the parser. */
    json_object_set_new(json_object_get(j, "event"), "id", json_string("spot:someone-else"));
    assert_int_equal(wire_op_parse(&op, j, why, sizeof why), -1);
    assert_non_null(strstr(why, "event.id"));
    json_decref(j);
    store_outbox_free(items, n);

    char q[300];
    snprintf(q, sizeof q, "SELECT seats FROM grants WHERE event_id = '%s' AND state = 'open'", id);
    assert_int_equal(q_int(q), 3);
    /* A reboot does not end the grant: nobody else can have these seats. */
    store_set_boot_id(s, "another-boot");
    assert_int_equal(sign_up(s, id, 2), SIGNUP_CONFIRMED);
    assert_int_equal(sign_up(s, id, 1), SIGNUP_CONFIRMED);
    /* Beyond the grant: the waiting list, never provisional; then full. */
    assert_int_equal(sign_up(s, id, 1), SIGNUP_WAITLISTED);
    assert_int_equal(sign_up(s, id, 1), SIGNUP_REJECTED);
    assert_int_equal(q_int("SELECT count(*) FROM signups WHERE status = 'provisional'"), 0);
    assert_int_equal(q_int("SELECT count(*) FROM signups WHERE grant_id IS NOT NULL"), 2);
    store_close(s);
}

/* Before the hub has it: a snapshot keeps it, and its used-up grant waits to be settled. After
 * the hub's ok, the grant is settled like any; a refusal is kept with its reason. */
static void test_before_and_after_the_hub(void **state)
{
    (void)state;
    Store *s = open_store(true);
    char id[RECORD_EVENT_ID_MAX + 1], refused[RECORD_EVENT_ID_MAX + 1], err[256];
    make(s, 1, 0, id);
    make(s, 5, 0, refused);
    assert_int_equal(sign_up(s, id, 1), SIGNUP_CONFIRMED);
    /* A complete snapshot that did not bring them back. */
    assert_int_equal(store_sync_apply(s, NULL, 0, true, false, "c1", err, sizeof err), 0);
    assert_int_equal(store_spot_state(s, id, NULL, 0), 1);
    assert_int_equal(store_spot_state(s, refused, NULL, 0), 1);
    /* The used-up grant is closed but not settled yet. */
    assert_true(store_grants_close(s, NOW + 120, 0, err, sizeof err) >= 1);
    GrantItem *settle = NULL;
    int ns = -1;
    assert_int_equal(store_grants_settle_list(s, 10, &settle, &ns, err, sizeof err), 0);
    assert_int_equal(ns, 0);
    free(settle);
    /* The hub's answers: ok for one, refused for the other. */
    OutboxItem *items = NULL;
    int n = 0;
    assert_int_equal(store_outbox_batch(s, 10, &items, &n, err, sizeof err), 0);
    assert_int_equal(n, 3);
    WireAnswer a[2] = {0};
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(items[i].kind, "event") != 0) continue;
        snprintf(a[k].uuid, sizeof a[k].uuid, "%s", items[i].uuid);
        bool first = strstr(id, items[i].uuid) != NULL;
        a[k].result = first ? WIRE_RES_OK : WIRE_RES_REJECTED;
        snprintf(a[k].reason, sizeof a[k].reason, "%s", first ? "" : WIRE_REJ_INVALID);
        k++;
    }
    store_outbox_free(items, n);
    assert_int_equal(k, 2);
    assert_int_equal(store_outbox_record(s, a, 2, NOW + 130, err, sizeof err), 0);
    char reason[32];
    assert_int_equal(store_spot_state(s, id, reason, sizeof reason), 2);
    assert_int_equal(store_spot_state(s, refused, reason, sizeof reason), 3);
    assert_string_equal(reason, WIRE_REJ_INVALID);
    /* A replay of the answers changes nothing. */
    assert_int_equal(store_outbox_record(s, a, 2, NOW + 140, err, sizeof err), 0);
    assert_int_equal(store_spot_state(s, id, NULL, 0), 2);
    assert_int_equal(store_grants_settle_list(s, 10, &settle, &ns, err, sizeof err), 0);
    assert_int_equal(ns, 1);
    assert_int_equal(settle[0].seats, 1);
    free(settle);
    /* The refused one stays through a snapshot; the one the hub has is the hub's to keep. */
    assert_int_equal(store_sync_apply(s, NULL, 0, true, false, "c2", err, sizeof err), 0);
    assert_int_equal(store_spot_state(s, refused, NULL, 0), 3);
    store_close(s);
}

/* The staff screen's steppers stay within their ranges: the start no earlier than now's quarter
 * hour and on its day (the end follows it), the end 15 min to 12 h after the start, the day up
 * to two weeks on, counts in growing steps, and the contact fields cycling. */
static void test_steps(void **state)
{
    (void)state;
    SpotForm f;
    spot_form_default(&f, NOW);
    int64_t start = f.start, len = f.end - f.start;
    assert_true(spot_form_step(&f, SPOT_STEP_START, -1, NOW));  /* back to now's quarter */
    assert_false(spot_form_step(&f, SPOT_STEP_START, -1, NOW)); /* not into the past */
    assert_int_equal(f.end - f.start, len);
    assert_true(spot_form_step(&f, SPOT_STEP_START, 1, NOW));
    assert_int_equal(f.start, start);
    assert_true(spot_form_step(&f, SPOT_STEP_END, -1, NOW)); /* 45 min */
    assert_true(spot_form_step(&f, SPOT_STEP_END, -1, NOW)); /* 30 */
    assert_true(spot_form_step(&f, SPOT_STEP_END, -1, NOW)); /* 15 */
    assert_false(spot_form_step(&f, SPOT_STEP_END, -1, NOW));
    assert_int_equal(f.end - f.start, 900);
    for (int i = 0; i < 13; i++)
        assert_true(spot_form_step(&f, SPOT_STEP_DAY, 1, NOW));
    assert_false(spot_form_step(&f, SPOT_STEP_DAY, 1, NOW)); /* two weeks at most */
    assert_int_equal(f.end - f.start, 900);
    for (int i = 0; i < 13; i++)
        assert_true(spot_form_step(&f, SPOT_STEP_DAY, -1, NOW));
    assert_false(spot_form_step(&f, SPOT_STEP_DAY, -1, NOW));
    /* 20 seats: +1 is 25, then 30; -1 from 25 is 20, then 19. */
    assert_true(spot_form_step(&f, SPOT_STEP_CAPACITY, 1, NOW));
    assert_int_equal(f.capacity, 25);
    assert_true(spot_form_step(&f, SPOT_STEP_CAPACITY, -1, NOW));
    assert_true(spot_form_step(&f, SPOT_STEP_CAPACITY, -1, NOW));
    assert_int_equal(f.capacity, 19);
    f.capacity = 1;
    assert_false(spot_form_step(&f, SPOT_STEP_CAPACITY, -1, NOW));
    f.capacity = 1000;
    assert_false(spot_form_step(&f, SPOT_STEP_CAPACITY, 1, NOW));
    f.waitlist = 0;
    assert_false(spot_form_step(&f, SPOT_STEP_WAITLIST, -1, NOW));
    f.max_group = SPOT_GROUP_MAX;
    assert_false(spot_form_step(&f, SPOT_STEP_GROUP, 1, NOW));
    assert_int_equal(f.email, FIELD_OPTIONAL);
    spot_form_step(&f, SPOT_STEP_EMAIL, 1, NOW);
    assert_int_equal(f.email, FIELD_REQUIRED);
    spot_form_step(&f, SPOT_STEP_EMAIL, 1, NOW);
    assert_int_equal(f.email, FIELD_HIDDEN);
    spot_form_step(&f, SPOT_STEP_EMAIL, 1, NOW);
    assert_int_equal(f.email, FIELD_OPTIONAL);
}

/* An unenrolled kiosk decides by its own rules, with no grant. */
static void test_standalone(void **state)
{
    (void)state;
    Store *s = open_store(false);
    char id[RECORD_EVENT_ID_MAX + 1];
    make(s, 2, -1, id);
    assert_int_equal(q_int("SELECT count(*) FROM grants"), 0);
    assert_int_equal(sign_up(s, id, 2), SIGNUP_CONFIRMED);
    assert_int_equal(sign_up(s, id, 1), SIGNUP_WAITLISTED);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_form_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_op_and_grant, setup, teardown),
        cmocka_unit_test_setup_teardown(test_before_and_after_the_hub, setup, teardown),
        cmocka_unit_test_setup_teardown(test_standalone, setup, teardown),
        cmocka_unit_test(test_steps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
