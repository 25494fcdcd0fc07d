/*
 * test_sync_store.c: the store's sync section: migrating a v1 database, escrow inside the
 * sign-up commit (grants used in the same transaction, expiry, reboot), recording the hub's
 * answers (privacy wipe, replays), and applying pulled pages with their cursor (snapshots).
 */
#include <ctype.h>
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
#include <jansson.h>
#include <pthread.h>
#include <sqlite3.h>

#include "store_sync.h"
#include "test_db.h"

static const char *const V1_SCHEMA =
    "CREATE TABLE events ("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  title_fi TEXT NOT NULL, title_sv TEXT NOT NULL, title_en TEXT NOT NULL,"
    "  venue_fi TEXT NOT NULL, venue_sv TEXT NOT NULL, venue_en TEXT NOT NULL,"
    "  venue_id TEXT NOT NULL, category TEXT NOT NULL,"
    "  start_time INTEGER NOT NULL, end_time INTEGER NOT NULL,"
    "  status TEXT NOT NULL"
    "    CHECK (status IN ('scheduled','cancelled','postponed','rescheduled')),"
    "  registration INTEGER NOT NULL, capacity INTEGER NOT NULL,"
    "  waitlist_capacity INTEGER NOT NULL, max_group_size INTEGER NOT NULL,"
    "  enrolment_start INTEGER NOT NULL, enrolment_end INTEGER NOT NULL,"
    "  reserved_seats INTEGER NOT NULL DEFAULT 0,"
    "  confirmed_seats INTEGER NOT NULL DEFAULT 0,"
    "  waitlisted_seats INTEGER NOT NULL DEFAULT 0,"
    "  waitlisted_count INTEGER NOT NULL DEFAULT 0,"
    "  question_ids TEXT NOT NULL DEFAULT '[]',"
    "  imported_at INTEGER NOT NULL"
    ");"

    "CREATE INDEX events_start ON events(start_time, end_time, id);"

    "CREATE TABLE event_docs ("
    "  id TEXT PRIMARY KEY NOT NULL REFERENCES events(id),"
    "  json TEXT NOT NULL"
    ");"
    "CREATE TABLE signups ("
    "  uuid TEXT PRIMARY KEY NOT NULL,"
    "  code TEXT NOT NULL UNIQUE,"
    "  event_id TEXT NOT NULL REFERENCES events(id),"
    "  status TEXT NOT NULL CHECK (status IN ('confirmed','waitlisted')),"
    "  position INTEGER NOT NULL DEFAULT 0,"
    "  group_size INTEGER NOT NULL CHECK (group_size >= 1),"
    "  name TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL,"
    "  answers TEXT NOT NULL DEFAULT '{}',"
    "  lang TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  personal_wiped INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX signups_event ON signups(event_id);"

    "CREATE TABLE feedback ("
    "  uuid TEXT PRIMARY KEY NOT NULL,"
    "  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 4),"
    "  event_id TEXT,"
    "  comment TEXT NOT NULL,"
    "  lang TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL"
    ");"
    "CREATE TABLE outbox ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('signup','feedback')),"
    "  payload TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  acked_at INTEGER"
    ");"
    "CREATE INDEX outbox_pending ON outbox(seq) WHERE acked_at IS NULL;";

static char g_path[256];

static int setup(void **state)
{
    (void)state;
    return test_db_path(g_path, sizeof g_path, "sync");
}

static int teardown(void **state)
{
    (void)state;
    test_db_remove(g_path);
    return 0;
}

static int q_int(const char *sql)
{
    return test_db_int(g_path, sql);
}

static Store *open_store(void)
{
    return test_store_open(g_path);
}

/* A hub page of one event ID with CAPACITY seats, starting in two days. */
static void apply_event(Store *s, const char *id, int capacity, int confirmed, int held, bool reset,
                        bool more, const char *cursor)
{
    char json[512], err[256], start[32];
    time_t t = time(NULL) + 2 * 86400;
    struct tm tm;
    strftime(start, sizeof start, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
    snprintf(json, sizeof json,
             "{\"id\":\"%s\",\"name\":{\"fi\":\"T %s\"},\"start_time\":\"%s\","
             "\"event_status\":\"EventScheduled\",\"maximum_attendee_capacity\":%d,"
             "\"waiting_list_capacity\":20,\"maximum_group_size\":4}",
             id, id, start, capacity);
    json_t *j = json_loads(json, 0, NULL);
    assert_non_null(j);
    Event ev;
    assert_int_equal(event_from_json(&ev, j, err, sizeof err), 0);
    SyncChange ch = {SYNC_CHANGE_UPSERT, id, &ev, capacity, confirmed, 0, held, j, NULL, 0};
    assert_int_equal(store_sync_apply(s, &ch, 1, reset, more, cursor, err, sizeof err), 0);
    event_deinit(&ev);
    json_decref(j);
}

static SignupResult sign_up(Store *s, const char *id, int group, int64_t now)
{
    SignupRequest req;
    SignupResult res;
    char err[256];
    memset(&req, 0, sizeof req);
    snprintf(req.event_id, sizeof req.event_id, "%s", id);
    snprintf(req.name, sizeof req.name, "Maija");
    snprintf(req.email, sizeof req.email, "maija@example.fi");
    req.group_size = group;
    req.consent = true;
    if (store_signup_commit(s, &req, now, &res, err, sizeof err) != 0) fail_msg("sign-up: %s", err);
    return res;
}

static void test_migrates_v1(void **state)
{
    (void)state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(g_path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, V1_SCHEMA, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db,
                     "INSERT INTO events (id, title_fi, title_sv, title_en, venue_fi, venue_sv,"
                     " venue_en, venue_id, category, start_time, end_time, status, registration,"
                     " capacity, waitlist_capacity, max_group_size, enrolment_start,"
                     " enrolment_end, confirmed_seats, imported_at) VALUES ('e1','T','T','T',"
                     "'V','V','V','v','c',4102480800,0,'scheduled',1,10,0,2,0,0,3,1);"
                     "INSERT INTO outbox (uuid, kind, payload, created_at)"
                     " VALUES ('u1','feedback','{}',1);"
                     "PRAGMA user_version = 1;",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    Store *s = open_store();
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    EventRow row;
    char err[256];
    assert_int_equal(store_event_row(s, "e1", &row, err, sizeof err), 0);
    assert_int_equal(row.confirmed_seats, 3); /* local counts kept: not a hub event */
    assert_int_equal(store_outbox_pending(s), 1);
    SyncStatus st;
    assert_int_equal(store_sync_status(s, &st), 0);
    assert_int_equal(st.queued, 1);
    assert_string_equal(st.cursor, "");
    store_close(s);
}

/* Schema v3: an outbox row a v2 kiosk wrote and never sent (created_at as ISO text, no kind) is
 * turned into the op as wire.c sends it, so an upgrade neither loses nor garbles a record. */
static void test_migrates_v2_outbox(void **state)
{
    (void)state;
    Store *s = open_store();
    store_close(s);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(g_path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db,
                     "INSERT INTO outbox (uuid, kind, payload, created_at) VALUES"
                     " ('0f8fad5b-d9cb-469f-a165-70867728950e', 'signup', '{\"uuid\":"
                     "\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"code\":\"K7M4QX\",\"event_id\":"
                     "\"e1\",\"status\":\"confirmed\",\"position\":0,\"group_size\":2,\"name\":"
                     "\"Maija\",\"email\":\"\",\"phone\":\"\",\"answers\":{},\"lang\":\"fi\","
                     "\"created_at\":\"2026-03-18T16:30:00Z\"}', 1773851400),"
                     " ('7c9e6679-7425-40de-944b-e07fc1f90ae7', 'feedback', '{\"uuid\":"
                     "\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"score\":3,\"event_id\":null,"
                     "\"comment\":\"\",\"lang\":\"sv\",\"created_at\":\"2026-03-18T16:30:00Z\"}',"
                     " 1773851401);"
                     /* back to the shape of v2 (the columns of v4 did not exist yet) */
                     "DROP INDEX events_ended;" /* v13, first: it has staff_only */
                     "DROP INDEX events_live;"  /* v12 */
                     "ALTER TABLE events DROP COLUMN all_day;"
                     "ALTER TABLE signups DROP COLUMN hub_pulled;"
                     "ALTER TABLE signups DROP COLUMN cancelled_at;"
                     "ALTER TABLE events DROP COLUMN pend_prov_seats;"
                     "ALTER TABLE events DROP COLUMN staff_only;" /* v6 */
                     "ALTER TABLE feedback DROP COLUMN reasons;"
                     "ALTER TABLE signups DROP COLUMN attended;" /* v7 */
                     "ALTER TABLE signups DROP COLUMN attended_at;"
                     "DROP TABLE staff_pin;"                /* v8 */
                     "DROP TABLE kiosk_venue;"              /* v9 */
                     "ALTER TABLE events DROP COLUMN spot;" /* v10 */
                     "ALTER TABLE events DROP COLUMN spot_reason;"
                     "DROP TABLE kiosk_popup_venue;" /* v11 */
                     "PRAGMA user_version = 2;",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    s = open_store();
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    OutboxItem *items = NULL;
    int n = 0;
    char err[256], why[160];
    assert_int_equal(store_outbox_batch(s, 10, &items, &n, err, sizeof err), 0);
    assert_int_equal(n, 2);
    for (int i = 0; i < n; i++) {
        json_t *j = json_loads(items[i].payload, 0, NULL);
        WireOp op;
        if (wire_op_parse(&op, j, why, sizeof why) != 0) fail_msg("%s: %s", items[i].payload, why);
        assert_string_equal(op.uuid, items[i].uuid);
        assert_true(op.created_at == items[i].created_at);
        if (i == 0) {
            assert_int_equal(op.kind, WIRE_OP_SIGNUP);
            assert_string_equal(op.name, "Maija");
            assert_int_equal(op.group_size, 2);
        } else {
            assert_int_equal(op.kind, WIRE_OP_FEEDBACK);
            assert_int_equal(op.score, 3);
            assert_string_equal(op.event_id, "");
        }
        json_decref(j);
    }
    store_outbox_free(items, n);
    store_close(s);
}

static void test_escrow(void **state)
{
    (void)state;
    char err[256];
    int64_t now = (int64_t)time(NULL);
    Store *s = open_store();
    store_set_escrow(s, true);
    apply_event(s, "e1", 10, 4, 0, true, false, "c1");

    /* No grant, seats free at the hub's last count: provisional (the hub decides, at once when
     * the express request reaches it), and its seat counts as taken here meanwhile. */
    EventRow row;
    assert_int_equal(store_event_row(s, "e1", &row, err, sizeof err), 0);
    assert_int_equal(row.confirmed_seats, 4);
    SignupResult r = sign_up(s, "e1", 1, now);
    assert_int_equal(r.outcome, SIGNUP_PROVISIONAL);
    assert_int_equal(r.position, 0);
    assert_int_equal(store_event_row(s, "e1", &row, err, sizeof err), 0);
    assert_int_equal(row.confirmed_seats, 5);
    assert_int_equal(q_int("SELECT pending_wait FROM signups"), 2);
    SignupStatus su;
    assert_int_equal(store_signup_by_uuid(s, r.uuid, &su, err, sizeof err), 0);
    assert_int_equal(su.local, SIGNUP_PROVISIONAL);
    assert_string_equal(su.code, r.code);
    assert_string_equal(su.hub_status, "");

    /* A grant of 3 seats: a party of 2 fits, then 1, then nothing. */
    GrantItem *want = NULL;
    int n = 0;
    assert_int_equal(store_grants_wanted(s, now, 14 * 86400, 5, 10, &want, &n, err, sizeof err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(want[0].event_id, "e1");
    char gid[37];
    snprintf(gid, sizeof gid, "%s", want[0].id);
    free(want);
    /* Asked again before the answer was recorded: the same id. */
    assert_int_equal(store_grants_wanted(s, now, 14 * 86400, 5, 10, &want, &n, err, sizeof err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(want[0].id, gid);
    free(want);
    /* Issue 7: a hostile answer overflowed (expires_in - margin) * 1000. Out-of-range numbers
     * are refused and change nothing; the grant is still wanted. */
    assert_int_equal(
        store_grant_granted(s, gid, 3, INT64_MAX, 60, store_mono_ms(), err, sizeof err), -1);
    assert_non_null(strstr(err, "out of range"));
    assert_int_equal(store_grant_granted(s, gid, 1001, 1800, 60, store_mono_ms(), err, sizeof err),
                     -1);
    assert_int_equal(store_grant_granted(s, gid, 3, -5, 60, store_mono_ms(), err, sizeof err), -1);
    assert_int_equal(q_int("SELECT count(*) FROM grants WHERE state = 'wanted'"), 1);
    assert_int_equal(store_grant_granted(s, gid, 3, 1800, 60, store_mono_ms(), err, sizeof err), 0);
    assert_int_equal(store_event_row(s, "e1", &row, err, sizeof err), 0);
    assert_int_equal(row.grant_left, 3);
    r = sign_up(s, "e1", 2, now);
    assert_int_equal(r.outcome, SIGNUP_CONFIRMED);
    r = sign_up(s, "e1", 2, now);
    assert_int_equal(r.outcome, SIGNUP_PROVISIONAL); /* 1 left in the grant, a party of 2 */
    r = sign_up(s, "e1", 1, now);
    assert_int_equal(r.outcome, SIGNUP_CONFIRMED);
    assert_int_equal(q_int("SELECT used FROM grants"), 3);
    assert_int_equal(q_int("SELECT count(*) FROM signups WHERE grant_id IS NOT NULL"), 2);
    assert_int_equal(q_int("SELECT count(*) FROM outbox WHERE json_extract(payload, '$.grant')"
                           " IS NOT NULL"),
                     2);

    /* Used up: closed, then listed for settling with its use. */
    assert_int_equal(store_grants_close(s, now, 0, err, sizeof err), 1);
    GrantItem *set = NULL;
    assert_int_equal(store_grants_settle_list(s, 10, &set, &n, err, sizeof err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(set[0].seats, 3);
    free(set);
    assert_int_equal(store_grant_settled(s, gid, err, sizeof err), 0);
    assert_int_equal(q_int("SELECT count(*) FROM grants"), 0);

    /* A new grant, then a reboot: the grant is no longer usable and is closed. */
    assert_int_equal(store_grants_wanted(s, now, 14 * 86400, 5, 10, &want, &n, err, sizeof err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(
        store_grant_granted(s, want[0].id, 2, 1800, 60, store_mono_ms(), err, sizeof err), 0);
    free(want);
    store_set_boot_id(s, "another-boot");
    r = sign_up(s, "e1", 1, now);
    assert_int_equal(r.outcome, SIGNUP_PROVISIONAL);
    assert_int_equal(store_grants_close(s, now, 0, err, sizeof err), 1);

    /* A grant whose time is up (expires inside the margin) is never used. */
    store_set_boot_id(s, "third-boot");
    assert_int_equal(store_grants_wanted(s, now, 14 * 86400, 5, 10, &want, &n, err, sizeof err), 0);
    assert_int_equal(
        store_grant_granted(s, want[0].id, 2, 60, 60, store_mono_ms(), err, sizeof err), 0);
    free(want);
    r = sign_up(s, "e1", 1, now);
    assert_int_equal(r.outcome, SIGNUP_PROVISIONAL);

    /* Standalone kiosks keep the old rules. */
    store_set_escrow(s, false);
    r = sign_up(s, "e1", 1, now);
    assert_int_equal(r.outcome, SIGNUP_CONFIRMED);
    store_close(s);
}

/* The hub's answer to a grants request is recorded in one transaction (one fsync a round, not
 * one a grant, issue 12): all of it, or, when any entry is refused, none of it, so the round
 * asks again under the same ids and settles again. */
static void test_grants_answer(void **state)
{
    (void)state;
    char err[256];
    int64_t now = (int64_t)time(NULL);
    Store *s = open_store();
    store_set_escrow(s, true);
    apply_event(s, "e1", 10, 0, 0, true, true, "c1");
    apply_event(s, "e2", 10, 0, 0, false, true, "c2");
    apply_event(s, "e3", 10, 0, 0, false, false, "c3");
    GrantItem *want = NULL;
    int n = 0;
    assert_int_equal(store_grants_wanted(s, now, 14 * 86400, 5, 10, &want, &n, err, sizeof err), 0);
    assert_int_equal(n, 3);
    /* e1's grant opened alone first, used up and closed: it is to be settled. */
    assert_int_equal(
        store_grant_granted(s, want[0].id, 1, 1800, 60, store_mono_ms(), err, sizeof err), 0);
    assert_int_equal(sign_up(s, want[0].event_id, 1, now).outcome, SIGNUP_CONFIRMED);
    assert_int_equal(store_grants_close(s, now, 0, err, sizeof err), 1);
    WireSettled done[1] = {{.released = 0}};
    snprintf(done[0].grant, sizeof done[0].grant, "%s", want[0].id);
    WireGrant got[2] = {{.seats = 3, .expires_in = 1800}, {.seats = 0, .expires_in = 0}};
    for (int i = 0; i < 2; i++) {
        snprintf(got[i].grant, sizeof got[i].grant, "%s", want[i + 1].id);
        snprintf(got[i].event_id, sizeof got[i].event_id, "%s", want[i + 1].event_id);
    }
    /* Refused whole: the last entry's numbers are out of range. Nothing changed. */
    got[1].seats = STORE_GRANT_SEATS_MAX + 1;
    got[1].expires_in = 1800;
    assert_int_equal(store_grants_answer(s, done, 1, got, 2, 60, store_mono_ms(), err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "out of range"));
    assert_int_equal(q_int("SELECT count(*) FROM grants WHERE state = 'closed'"), 1);
    assert_int_equal(q_int("SELECT count(*) FROM grants WHERE state = 'wanted'"), 2);
    assert_int_equal(q_int("SELECT sum(grant_left) FROM events"), 0);
    /* Asked again under the same ids (and a new one for e1, whose grant is closed). */
    GrantItem *again = NULL;
    assert_int_equal(store_grants_wanted(s, now, 14 * 86400, 5, 10, &again, &n, err, sizeof err),
                     0);
    assert_int_equal(n, 3);
    assert_string_equal(again[0].id, want[1].id);
    assert_string_equal(again[1].id, want[2].id);
    free(again);
    /* The whole answer: settled, one opened, one refused by the hub (0 seats: forgotten). */
    got[1].seats = 0;
    got[1].expires_in = 0;
    assert_int_equal(store_grants_answer(s, done, 1, got, 2, 60, store_mono_ms(), err, sizeof err),
                     0);
    assert_int_equal(q_int("SELECT count(*) FROM grants WHERE state != 'wanted'"), 1);
    assert_int_equal(q_int("SELECT count(*) FROM grants WHERE state = 'wanted'"), 1);
    assert_int_equal(q_int("SELECT seats FROM grants WHERE state = 'open'"), 3);
    EventRow row;
    assert_int_equal(store_event_row(s, want[1].event_id, &row, err, sizeof err), 0);
    assert_int_equal(row.grant_left, 3);
    assert_int_equal(sign_up(s, want[1].event_id, 3, now).outcome, SIGNUP_CONFIRMED);
    /* Nothing to record: nothing done. */
    assert_int_equal(store_grants_answer(s, NULL, 0, NULL, 0, 60, 0, err, sizeof err), 0);
    free(want);
    store_close(s);
}

static void test_answers_wipe(void **state)
{
    (void)state;
    char err[256];
    Store *s = open_store();
    store_set_escrow(s, true);
    apply_event(s, "e1", 10, 0, 0, true, false, "c1");
    SignupResult r = sign_up(s, "e1", 1, (int64_t)time(NULL));
    assert_int_equal(r.outcome, SIGNUP_PROVISIONAL);
    FeedbackRequest fb = {.score = 3};
    snprintf(fb.comment, sizeof fb.comment, "hyvä");
    char fid[37];
    assert_int_equal(store_feedback_commit(s, &fb, 1, fid, err, sizeof err), 0);

    OutboxItem *items;
    int n;
    assert_int_equal(store_outbox_batch(s, 10, &items, &n, err, sizeof err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(items[0].uuid, r.uuid);
    assert_string_equal(items[1].kind, "feedback");
    store_outbox_free(items, n);
    assert_int_equal(q_int("SELECT pend_prov_seats FROM events"), 1);

    WireAnswer a[2] = {{.result = WIRE_RES_CONFIRMED}, {.result = WIRE_RES_OK}};
    snprintf(a[0].uuid, sizeof a[0].uuid, "%s", r.uuid);
    snprintf(a[1].uuid, sizeof a[1].uuid, "%s", fid);
    assert_int_equal(store_outbox_record(s, a, 2, 100, err, sizeof err), 0);
    assert_int_equal(store_outbox_pending(s), 0);
    /* The outbox's copy goes at once; the sign-up keeps the name for the staff's door list
     * until an hour after the event, then only the code, group size and status stay. */
    assert_int_equal(q_int("SELECT count(*) FROM outbox WHERE payload != '{}'"), 0);
    assert_int_equal(q_int("SELECT count(*) FROM signups WHERE name != '' AND personal_wiped = 0"
                           " AND hub_status = 'confirmed'"),
                     1);
    int64_t start = q_int("SELECT start_time FROM events WHERE id = 'e1'");
    assert_int_equal(store_purge_personal(s, start, 14), 0);
    assert_int_equal(store_purge_personal(s, start + STORE_HUB_KEEP_S - 1, 14), 0);
    assert_int_equal(store_purge_personal(s, start + STORE_HUB_KEEP_S + 1, 14), 1);
    assert_int_equal(q_int("SELECT count(*) FROM signups WHERE name = '' AND email = ''"
                           " AND personal_wiped = 1 AND hub_status = 'confirmed'"),
                     1);
    assert_int_equal(q_int("SELECT pend_prov_seats FROM events"), 0);
    assert_int_equal(q_int("SELECT pending_wait FROM signups"), 0);
    /* A replay changes nothing (not even the time of the answer). */
    a[0].result = WIRE_RES_REJECTED;
    assert_int_equal(store_outbox_record(s, a, 2, 200, err, sizeof err), 0);
    assert_int_equal(q_int("SELECT count(*) FROM signups WHERE hub_status = 'confirmed'"), 1);
    assert_int_equal(q_int("SELECT max(acked_at) FROM outbox"), 100);
    store_close(s);
}

/* People waiting at the hub: an open grant's unused seats go back at the next round, not at the
 * grant's deadline (first come, first served across kiosks). */
static void test_grant_goes_back_to_the_waiting(void **state)
{
    (void)state;
    char err[256];
    int64_t now = (int64_t)time(NULL);
    Store *s = open_store();
    store_set_escrow(s, true);
    apply_event(s, "e1", 10, 4, 0, true, false, "c1");
    GrantItem *want = NULL;
    int n = 0;
    assert_int_equal(store_grants_wanted(s, now, 14 * 86400, 5, 10, &want, &n, err, sizeof err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(
        store_grant_granted(s, want[0].id, 3, 1800, 60, store_mono_ms(), err, sizeof err), 0);
    free(want);
    assert_int_equal(store_grants_close(s, now, 0, err, sizeof err), 0); /* nobody waits */
    /* The next pull: the hub is full of the other kiosks' sign-ups and two people wait. */
    char json[256];
    snprintf(json, sizeof json,
             "{\"id\":\"e1\",\"name\":{\"fi\":\"T\"},\"start_time\":\"2099-01-01T10:00:00Z\","
             "\"maximum_attendee_capacity\":10,\"waiting_list_capacity\":20}");
    json_t *j = json_loads(json, 0, NULL);
    Event ev;
    assert_int_equal(event_from_json(&ev, j, err, sizeof err), 0);
    SyncChange ch = {SYNC_CHANGE_UPSERT, "e1", &ev, 10, 7, 2, 3, j, NULL, 0};
    assert_int_equal(store_sync_apply(s, &ch, 1, false, false, "c2", err, sizeof err), 0);
    event_deinit(&ev);
    json_decref(j);
    assert_int_equal(store_grants_close(s, now, 0, err, sizeof err), 1);
    assert_int_equal(q_int("SELECT grant_left FROM events"), 0);
    GrantItem *settle = NULL;
    assert_int_equal(store_grants_settle_list(s, 10, &settle, &n, err, sizeof err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(settle[0].seats, 0); /* none used: all three go back */
    free(settle);
    store_close(s);
}

/* A pulled event's document is the bytes the hub sent (SyncChange.doc, borrowed from the page
 * and not NUL-terminated), stored as they are, and read back as the event (issue 12). */
static void test_pull_keeps_the_bytes(void **state)
{
    (void)state;
    char err[256];
    Store *s = open_store();
    static const char doc[] = "{ \"id\" : \"e1\", \"name\" : {\"fi\":\"Lorut \\u00e4\"},"
                              " \"start_time\" : \"2099-01-01T10:00:00Z\" }";
    /* In a page: the event's bytes are followed by more of it. */
    char page[sizeof doc + 16];
    snprintf(page, sizeof page, "%s,\"seats\":{}", doc);
    json_t *j = json_loads(doc, 0, NULL);
    assert_non_null(j);
    Event ev;
    assert_int_equal(event_from_json(&ev, j, err, sizeof err), 0);
    SyncChange ch = {SYNC_CHANGE_UPSERT, "e1", &ev, 10, 1, 0, 0, j, page, sizeof doc - 1};
    assert_int_equal(store_sync_apply(s, &ch, 1, true, false, "c1", err, sizeof err), 0);
    event_deinit(&ev);
    json_decref(j);
    assert_int_equal(q_int("SELECT json = '{ \"id\" : \"e1\", \"name\" : {\"fi\":\"Lorut"
                           " \\u00e4\"}, \"start_time\" : \"2099-01-01T10:00:00Z\" }'"
                           " FROM event_docs WHERE id = 'e1'"),
                     1);
    Event back;
    assert_int_equal(store_event_get(s, "e1", &back, err, sizeof err), 0);
    assert_string_equal(back.name.s[LANG_FI], "Lorut \xC3\xA4");
    event_deinit(&back);
    store_close(s);
}

static void test_pull_pages(void **state)
{
    (void)state;
    char err[256], cur[128];
    Store *s = open_store();
    apply_event(s, "a", 10, 3, 2, true, true, "c1");
    apply_event(s, "b", 5, 0, 0, false, false, "c2");
    assert_int_equal(store_sync_cursor(s, cur, sizeof cur), 0);
    assert_string_equal(cur, "c2");
    EventRow row;
    assert_int_equal(store_event_row(s, "a", &row, err, sizeof err), 0);
    assert_int_equal(row.confirmed_seats, 5); /* the hub's confirmed + held */
    assert_int_equal(rules_seats_left(&row), 5);
    /* Someone signed up for b; then a new snapshot brings only a: b is hidden, not deleted. */
    store_set_escrow(s, false);
    sign_up(s, "b", 1, (int64_t)time(NULL));
    apply_event(s, "a", 10, 3, 2, true, false, "c3");
    assert_int_equal(store_event_row(s, "b", &row, err, sizeof err), 1);
    assert_int_equal(q_int("SELECT gone FROM events WHERE id = 'b'"), 1);
    /* A delete of an event nobody signed up for removes it. */
    SyncChange del = {SYNC_CHANGE_DELETE, "a", NULL, 0, 0, 0, 0, NULL, NULL, 0};
    assert_int_equal(store_sync_apply(s, &del, 1, false, false, "c4", err, sizeof err), 0);
    assert_int_equal(q_int("SELECT count(*) FROM events WHERE id = 'a'"), 0);
    assert_int_equal(store_sync_forget_cursor(s), 0);
    assert_int_equal(store_sync_cursor(s, cur, sizeof cur), 0);
    assert_string_equal(cur, "");
    store_close(s);
}

/* The journal mode a new connection finds the database in: "wal", or "delete" while a fresh
 * kiosk's first snapshot goes through the rollback journal. */
static void journal_mode(char *out, size_t n)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    out[0] = '\0';
    if (sqlite3_open_v2(g_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* A fresh kiosk's first snapshot through the rollback journal (written once, issue 12): only
 * with the catalogue empty and no other connection open; a page that fails changes nothing, as
 * in WAL mode; afterwards, or after a crash in the middle, the database is in WAL mode again. */
/* Commits the rollback-journal transaction ARG (a sqlite3 *) holds after 200 ms, and closes. */
static void *commit_later(void *arg)
{
    sqlite3 *db = arg;
    sqlite3_sleep(200);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(db);
    return NULL;
}

/* Bug (review of the snapshot's rollback journal): while the snapshot's connection wrote a page
 * in the rollback journal's mode, another process's store_open (the UI starting) failed at once
 * with "cannot switch to WAL journaling (database is locked)": changing the journal takes the
 * write lock without SQLite's busy handler. It waits now, as any statement would. */
static void test_open_waits_for_a_snapshot_page(void **state)
{
    (void)state;
    char mode[16];
    store_close(open_store());
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(g_path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "PRAGMA journal_mode = DELETE; BEGIN IMMEDIATE;"
                                  " DELETE FROM events WHERE id = 'none'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, commit_later, db), 0);
    Store *s = open_store(); /* fails the test when store_open fails */
    pthread_join(th, NULL);
    journal_mode(mode, sizeof mode);
    assert_string_equal(mode, "wal");
    store_close(s);
}

static void test_bulk_snapshot(void **state)
{
    (void)state;
    char err[256], cur[128], mode[16];
    Store *s = open_store();
    /* Another connection open (the UI's, another thread's): no switch. */
    Store *other = open_store();
    assert_int_equal(store_sync_bulk_begin(s), 0);
    journal_mode(mode, sizeof mode);
    assert_string_equal(mode, "wal");
    store_close(other);

    assert_int_equal(store_sync_bulk_begin(s), 1);
    journal_mode(mode, sizeof mode);
    assert_string_equal(mode, "delete");
    apply_event(s, "a", 10, 3, 0, true, true, "c1");
    /* The second page fails on its second event (no id): its first is not kept either, and
     * the cursor stays at the first page's. */
    char json[256];
    snprintf(json, sizeof json,
             "{\"id\":\"b\",\"name\":{\"fi\":\"B\"},\"start_time\":\"2099-01-01T10:00:00Z\"}");
    json_t *j = json_loads(json, 0, NULL);
    Event ev[2];
    assert_int_equal(event_from_json(&ev[0], j, err, sizeof err), 0);
    assert_int_equal(event_from_json(&ev[1], j, err, sizeof err), 0);
    free(ev[1].id);
    ev[1].id = NULL;
    SyncChange ch[2] = {{SYNC_CHANGE_UPSERT, "b", &ev[0], 10, 0, 0, 0, j, NULL, 0},
                        {SYNC_CHANGE_UPSERT, "c", &ev[1], 10, 0, 0, 0, j, NULL, 0}};
    assert_int_equal(store_sync_apply(s, ch, 2, false, true, "c2", err, sizeof err), -1);
    assert_int_equal(q_int("SELECT count(*) FROM events"), 1);
    assert_int_equal(q_int("SELECT count(*) FROM event_docs"), 1);
    assert_int_equal(store_sync_cursor(s, cur, sizeof cur), 0);
    assert_string_equal(cur, "c1");
    /* The page again, whole: kept. */
    assert_int_equal(store_sync_apply(s, ch, 1, false, false, "c2", err, sizeof err), 0);
    event_deinit(&ev[0]);
    event_deinit(&ev[1]);
    json_decref(j);
    assert_int_equal(store_sync_bulk_end(s), 0);
    journal_mode(mode, sizeof mode);
    assert_string_equal(mode, "wal");
    assert_int_equal(q_int("SELECT count(*) FROM events WHERE hub_seen AND NOT gone"), 2);
    /* Not empty now: the next snapshot goes through the WAL. */
    assert_int_equal(store_sync_bulk_begin(s), 0);
    store_close(s);

    /* Another process opens the database in the middle of the snapshot (the UI starting): its
     * store_open puts it in WAL mode between two pages, and the pull goes on in WAL mode. */
    test_db_remove(g_path);
    s = open_store();
    assert_int_equal(store_sync_bulk_begin(s), 1);
    apply_event(s, "e", 10, 0, 0, true, true, "c1");
    other = open_store();
    journal_mode(mode, sizeof mode);
    assert_string_equal(mode, "wal");
    apply_event(s, "f", 10, 0, 0, false, false, "c2");
    assert_int_equal(store_sync_bulk_end(s), 0);
    EventRow row;
    assert_int_equal(store_event_row(other, "f", &row, err, sizeof err), 0);
    store_close(other);
    store_close(s);

    /* Left in the rollback journal (the process died in the middle of a snapshot): the next
     * store_open puts it back in WAL mode, with what was committed. */
    s = open_store();
    assert_int_equal(store_sync_apply(s, NULL, 0, true, false, "", err, sizeof err), 0);
    assert_int_equal(q_int("SELECT count(*) FROM events WHERE NOT gone"), 0);
    assert_int_equal(store_sync_bulk_begin(s), 1);
    apply_event(s, "d", 10, 0, 0, true, true, "c9");
    store_close(s);
    journal_mode(mode, sizeof mode);
    assert_string_equal(mode, "delete");
    s = open_store();
    journal_mode(mode, sizeof mode);
    assert_string_equal(mode, "wal");
    assert_int_equal(store_sync_cursor(s, cur, sizeof cur), 0);
    assert_string_equal(cur, "c9");
    assert_int_equal(q_int("SELECT count(*) FROM events WHERE id = 'd' AND NOT gone"), 1);
    store_close(s);
}

/* What the "My sign-up" screen will show: the local decision, the hub's answer, its later
 * decisions from pulls (never overwritten by a late push answer), and a cancel through the
 * outbox with the kiosk's own counts kept. */
static void test_signup_status_and_cancel(void **state)
{
    (void)state;
    Store *s = open_store();
    char err[256];
    int64_t now = time(NULL);
    apply_event(s, "e1", 10, 0, 0, true, false, "c1.a");
    SignupResult r1 = sign_up(s, "e1", 2, now);
    SignupResult r2 = sign_up(s, "e1", 1, now);
    assert_int_equal(r1.outcome, SIGNUP_CONFIRMED);
    assert_int_equal(q_int("SELECT confirmed_seats FROM events WHERE id = 'e1'"), 3);

    SignupStatus st;
    assert_int_equal(store_signup_lookup(s, "ZZZZZZ", &st, err, sizeof err), 1);
    char lower[RECORD_CODE_LEN + 1];
    for (int i = 0; i <= RECORD_CODE_LEN; i++)
        lower[i] = (char)tolower((unsigned char)r1.code[i]);
    assert_int_equal(store_signup_lookup(s, lower, &st, err, sizeof err), 0);
    assert_string_equal(st.uuid, r1.uuid);
    assert_string_equal(st.event_id, "e1");
    assert_int_equal(st.group_size, 2);
    assert_int_equal(st.local, SIGNUP_CONFIRMED);
    assert_string_equal(st.hub_status, "");
    assert_false(st.cancelled);

    /* The push's answer, then the hub's later decision in a pull. */
    WireAnswer a = {{0}, WIRE_RES_WAITLISTED, 1, ""};
    str_copy(a.uuid, sizeof a.uuid, r1.uuid);
    assert_int_equal(store_outbox_record(s, &a, 1, now, err, sizeof err), 0);
    assert_int_equal(store_signup_lookup(s, r1.code, &st, err, sizeof err), 0);
    assert_string_equal(st.hub_status, "waitlisted");
    assert_int_equal(st.hub_position, 1);
    WireSignupChange su[3] = {
        {"", r1.code, WIRE_SIGNUP_CONFIRMED, 0},
        {"", r2.code, WIRE_SIGNUP_WAITLISTED, 2},
        {"16fd2706-8baf-433b-82eb-8c7fada847da", "NOSUCH", WIRE_SIGNUP_CANCELLED, 0},
    };
    str_copy(su[0].uuid, sizeof su[0].uuid, r1.uuid);
    str_copy(su[1].uuid, sizeof su[1].uuid, r2.uuid);
    assert_int_equal(
        store_sync_apply_page(s, NULL, 0, su, 3, false, false, "c1.b", err, sizeof err), 0);
    char cur[64];
    assert_int_equal(store_sync_cursor(s, cur, sizeof cur), 0);
    assert_string_equal(cur, "c1.b");
    assert_int_equal(store_signup_lookup(s, r1.code, &st, err, sizeof err), 0);
    assert_string_equal(st.hub_status, "confirmed");
    assert_int_equal(st.hub_position, 0);
    assert_int_equal(store_signup_lookup(s, r2.code, &st, err, sizeof err), 0);
    assert_string_equal(st.hub_status, "waitlisted");
    assert_int_equal(st.hub_position, 2);
    /* r2's push answer arrives after the pull (its first answer was lost): the newer stays. */
    WireAnswer late = {{0}, WIRE_RES_CONFIRMED, 0, ""};
    str_copy(late.uuid, sizeof late.uuid, r2.uuid);
    assert_int_equal(store_outbox_record(s, &late, 1, now, err, sizeof err), 0);
    assert_int_equal(store_signup_lookup(s, r2.code, &st, err, sizeof err), 0);
    assert_string_equal(st.hub_status, "waitlisted");
    assert_int_equal(store_outbox_pending(s), 0);

    /* Cancel r1 here: marked, counts freed, one cancel op naming the sign-up's uuid. */
    assert_int_equal(store_signup_cancel(s, r1.code, now + 5, err, sizeof err), 0);
    assert_int_equal(q_int("SELECT confirmed_seats FROM events WHERE id = 'e1'"), 1);
    assert_int_equal(store_signup_lookup(s, r1.code, &st, err, sizeof err), 0);
    assert_true(st.cancelled);
    assert_true(st.cancelled_at == now + 5);
    assert_int_equal(store_signup_cancel(s, r1.code, now + 6, err, sizeof err), 2);
    assert_int_equal(store_signup_cancel(s, "ZZZZZZ", now, err, sizeof err), 1);
    OutboxItem *items = NULL;
    int n = 0;
    assert_int_equal(store_outbox_batch(s, 10, &items, &n, err, sizeof err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(items[0].kind, "cancel");
    json_t *j = json_loads(items[0].payload, 0, NULL);
    WireOp op;
    char why[128];
    assert_int_equal(wire_op_parse(&op, j, why, sizeof why), 0);
    assert_int_equal(op.kind, WIRE_OP_CANCEL);
    assert_string_equal(op.signup, r1.uuid);
    assert_string_equal(op.uuid, items[0].uuid);
    json_decref(j);
    store_outbox_free(items, n);

    /* The hub cancels r2 (the coordinator on the phone): the pull says so. */
    su[1].state = WIRE_SIGNUP_CANCELLED;
    su[1].position = 0;
    assert_int_equal(
        store_sync_apply_page(s, NULL, 0, &su[1], 1, false, false, "c1.c", err, sizeof err), 0);
    assert_int_equal(store_signup_lookup(s, r2.code, &st, err, sizeof err), 0);
    assert_true(st.cancelled);
    assert_true(st.cancelled_at == 0);
    assert_string_equal(st.hub_status, "cancelled");
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_migrates_v1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrates_v2_outbox, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escrow, setup, teardown),
        cmocka_unit_test_setup_teardown(test_grants_answer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_answers_wipe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_grant_goes_back_to_the_waiting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pull_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_snapshot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_waits_for_a_snapshot_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pull_keeps_the_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signup_status_and_cancel, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
