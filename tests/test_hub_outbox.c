/*
 * test_hub_outbox.c: the hub's mail outbox in the SQLite store (hub_store_sqlite_mail.c): the
 * v3 -> v4 migration keeps existing data; rows are queued inside the transaction of the seat
 * change (confirmed, waitlisted with position, cancelled, promoted, event moved), never for an
 * address that must not reach an SMTP server, not while mail is off, and not for an import that
 * was rolled back; a final state wipes the row's personal data; a row is claimed once; a row
 * left mid-send is unsure after a restart.
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

#include "hub.h"
#include "test_db.h"

#define START INT64_C(4101030000) /* 2099-12-15T15:00:00Z */

typedef struct {
    char dir[64], path[96];
    HubStore *st;
    int64_t dev;
} Fx;

static void sql(const char *path, const char *q)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *e = NULL;
    if (sqlite3_exec(db, q, NULL, NULL, &e) != SQLITE_OK) fail_msg("%s: %s", q, e);
    sqlite3_close(db);
}

static int sql_int(const char *path, const char *q)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
    int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void fx_open(Fx *fx)
{
    char err[256];
    if (hub_store_sqlite_open(&fx->st, fx->path, err, sizeof err) != AUKIO_OK) fail_msg("%s", err);
}

static int fx_setup(void **state)
{
    Fx *fx = calloc(1, sizeof *fx);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/aukio-test-outbox-XXXXXX");
    if (!mkdtemp(fx->dir)) return -1;
    snprintf(fx->path, sizeof fx->path, "%s/hub.db", fx->dir);
    fx_open(fx);
    char et[HUB_TOKEN_BUF], dt[HUB_TOKEN_BUF], got[64], err[256];
    uint8_t eh[HUB_HASH_LEN], th[HUB_HASH_LEN];
    hub_token_new("aue_", et);
    hub_token_new("aud_", dt);
    hub_token_hash(et, eh);
    hub_token_hash(dt, th);
    if (fx->st->device_add(fx->st, "kiosk", eh, 1, 0, err, sizeof err) != AUKIO_OK ||
        fx->st->device_enrol(fx->st, eh, th, NULL, 2, got, sizeof got, err, sizeof err) !=
            AUKIO_OK ||
        fx->st->device_auth(fx->st, th, &fx->dev, err, sizeof err) != AUKIO_OK)
        return -1;
    *state = fx;
    return 0;
}

static int fx_teardown(void **state)
{
    Fx *fx = *state;
    if (fx->st) fx->st->close(fx->st);
    test_db_remove(fx->path);
    rmdir(fx->dir);
    free(fx);
    return 0;
}

/* Imports event ID with capacity CAP starting at START_TIME; returns the store's answer. */
static int import(Fx *fx, const char *id, int cap, int64_t start_time, bool cancelled)
{
    char when[64] = "null,\"event_status\":\"EventPostponed\"", text[512];
    if (start_time > 0) {
        when[0] = '"';
        event_format_time(start_time, when + 1, sizeof when - 2);
        strcat(when, "\"");
    }
    snprintf(text, sizeof text,
             "{\"id\":\"%s\",\"name\":{\"fi\":\"Satu %s\",\"sv\":\"Saga %s\"},"
             "\"location\":{\"name\":{\"fi\":\"Kirjasto\"}},\"start_time\":%s}",
             id, id, id, when);
    HubEventIn ev = {.id = id,
                     .json = text,
                     .registration = true,
                     .cancelled = cancelled,
                     .capacity = cap,
                     .waitlist_capacity = -1,
                     .max_group_size = 2,
                     .start_time = start_time};
    char err[256];
    return fx->st->event_import(fx->st, &ev, 1, 100, err, sizeof err);
}

static void push_signup(Fx *fx, unsigned n, const char *event, const char *email, const char *lang)
{
    char uuid[RECORD_UUID_LEN + 1], code[8], name[16];
    snprintf(uuid, sizeof uuid, "%08x-0000-4000-8000-%012x", n, n);
    snprintf(code, sizeof code, "C%05u", n);
    snprintf(name, sizeof name, "Visitor %u", n);
    WireOp op;
    wire_op_init(&op, WIRE_OP_SIGNUP);
    str_copy(op.uuid, sizeof op.uuid, uuid);
    op.event_id = event;
    op.group_size = 1;
    op.name = name;
    op.email = email;
    op.lang = lang;
    op.code = code;
    op.created_at = 100;
    HubPushItem it = {.op = op};
    char err[256];
    if (fx->st->push(fx->st, fx->dev, &it, 1, 100, err, sizeof err) != AUKIO_OK)
        fail_msg("push: %s", err);
    free(it.answer);
}

static void enable(Fx *fx, bool on, int expect_unsure)
{
    int unsure = -1;
    char err[256];
    assert_int_equal(fx->st->mail_enable(fx->st, on, &unsure, err, sizeof err), AUKIO_OK);
    assert_int_equal(unsure, expect_unsure);
}

/* Takes the next due row and marks it sent, checking its kind, address and position. */
static void take(Fx *fx, HubMailKind kind, const char *to, int position, const char *title)
{
    HubMail m;
    char err[256];
    assert_int_equal(fx->st->mail_due(fx->st, 200, &m, err, sizeof err), AUKIO_OK);
    assert_int_equal(m.kind, kind);
    assert_string_equal(m.to, to);
    assert_int_equal(m.position, position);
    if (title) assert_string_equal(m.title, title);
    assert_int_equal(
        fx->st->mail_set(fx->st, m.id, HUB_MAIL_PENDING, HUB_MAIL_SENT, 1, 0, 200, err, sizeof err),
        AUKIO_OK);
    hub_mail_deinit(&m);
}

static void assert_none_due(Fx *fx)
{
    HubMail m;
    char err[256];
    assert_int_equal(fx->st->mail_due(fx->st, 200, &m, err, sizeof err), AUKIO_ERR_NOT_FOUND);
}

static void test_migrate_v3(void **state)
{
    Fx *fx = *state;
    fx->st->close(fx->st);
    fx->st = NULL;
    sql(fx->path,
        "DROP TABLE mail_outbox; ALTER TABLE meta DROP COLUMN mail;"
        " ALTER TABLE signups DROP COLUMN cancelled_by;"
        " ALTER TABLE feedback DROP COLUMN reasons; DROP TABLE sources;"
        " DROP TABLE source_events; ALTER TABLE signups DROP COLUMN attended;"
        " ALTER TABLE signups DROP COLUMN attended_at;"
        " DROP TABLE console_users; DROP TABLE console_user_venues;"
        " DROP TABLE console_sessions; DROP TABLE console_logins;"
        " DROP TABLE console_audit; DROP TABLE console_device_venues;"
        " ALTER TABLE events DROP COLUMN made_by;"
        " ALTER TABLE devices DROP COLUMN waiting; ALTER TABLE devices DROP COLUMN version;"
        " ALTER TABLE devices DROP COLUMN reported_at; PRAGMA user_version = 3;");
    fx_open(fx);
    assert_int_equal(sql_int(fx->path, "PRAGMA user_version"), 16);
    /* v16 (issue 13): what kiosks report, NULL for one that never did. */
    assert_int_equal(sql_int(fx->path, "SELECT count(*) FROM pragma_table_info('devices')"
                                       " WHERE name IN ('waiting', 'version', 'reported_at')"),
                     3);
    /* v12 (issue 13): the console's tables. */
    assert_int_equal(sql_int(fx->path, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                                       " AND name LIKE 'console_%'"),
                     6);
    /* v9 (issue 11): the sources' zone, topics and backoff, added to the table v7 made. */
    assert_int_equal(sql_int(fx->path, "SELECT count(*) FROM pragma_table_info('sources')"
                                       " WHERE name IN ('timezone', 'topics', 'failures',"
                                       " 'retry_at')"),
                     4);
    assert_int_equal(sql_int(fx->path, "SELECT count(*) FROM devices WHERE name = 'kiosk'"), 1);
    assert_int_equal(sql_int(fx->path, "SELECT mail FROM meta"), 0);
    int counts[HUB_MAIL_STATES];
    char err[256];
    assert_int_equal(fx->st->mail_counts(fx->st, counts, err, sizeof err), AUKIO_OK);
    assert_int_equal(counts[HUB_MAIL_PENDING], 0);
}

static void test_queue_with_seats(void **state)
{
    Fx *fx = *state;
    assert_int_equal(import(fx, "e1", 1, START, false), AUKIO_OK);
    push_signup(fx, 1, "e1", "one@example.fi", "fi");
    assert_none_due(fx); /* mail is off: nothing queued */
    assert_int_equal(sql_int(fx->path, "SELECT count(*) FROM mail_outbox"), 0);
    enable(fx, true, 0);
    push_signup(fx, 2, "e1", "two@example.fi", "sv");
    push_signup(fx, 3, "e1", "a@b.fi\r\nBcc: x@y.fi", "en");
    push_signup(fx, 4, "e1", "", "en");
    take(fx, HUB_MAIL_WAITLISTED, "two@example.fi", 1, "Saga e1");
    assert_none_due(fx); /* no mail for a bad address or none */

    int was;
    char ev[RECORD_EVENT_ID_MAX + 1], err[256];
    assert_int_equal(fx->st->signup_cancel(fx->st, "C00001", NULL, 150, &was, ev, err, sizeof err),
                     AUKIO_OK);
    take(fx, HUB_MAIL_CANCELLED, "one@example.fi", 0, "Satu e1");
    take(fx, HUB_MAIL_PROMOTED, "two@example.fi", 0, NULL);
    assert_none_due(fx);
    assert_int_equal(sql_int(fx->path, "SELECT count(*) FROM mail_outbox WHERE email IS NOT NULL"
                                       " OR name IS NOT NULL OR code IS NOT NULL"),
                     0);

    /* A moved start queues mail for everyone confirmed or waiting; a rolled-back import none. */
    assert_int_equal(import(fx, "e1", 0, START + 86400, false), AUKIO_ERR_INVALID);
    assert_none_due(fx);
    assert_int_equal(import(fx, "e1", 3, START + 86400, false), AUKIO_OK);
    take(fx, HUB_MAIL_EVENT_MOVED, "two@example.fi", 0, NULL);
    assert_none_due(fx);
    /* Postponed (no time): "to be announced" is news too. */
    assert_int_equal(import(fx, "e1", 3, 0, false), AUKIO_OK);
    take(fx, HUB_MAIL_EVENT_MOVED, "two@example.fi", 0, NULL);
    assert_none_due(fx);
    assert_int_equal(import(fx, "e1", 3, START + 86400, true), AUKIO_OK);
    take(fx, HUB_MAIL_EVENT_CANCELLED, "two@example.fi", 0, NULL);
    assert_none_due(fx);
}

static void test_unsure_after_restart(void **state)
{
    Fx *fx = *state;
    assert_int_equal(import(fx, "e2", 5, START, false), AUKIO_OK);
    enable(fx, true, 0);
    push_signup(fx, 5, "e2", "five@example.fi", "en");
    HubMail m;
    char err[256];
    assert_int_equal(fx->st->mail_due(fx->st, 200, &m, err, sizeof err), AUKIO_OK);
    /* A claim takes the row once: a second sender claiming the same attempt is refused. */
    assert_int_equal(fx->st->mail_set(fx->st, m.id, HUB_MAIL_PENDING, HUB_MAIL_PENDING, 1, 300, 200,
                                      err, sizeof err),
                     AUKIO_OK);
    assert_int_equal(fx->st->mail_set(fx->st, m.id, HUB_MAIL_PENDING, HUB_MAIL_PENDING, 1, 300, 200,
                                      err, sizeof err),
                     AUKIO_ERR_NOT_FOUND);
    assert_int_equal(fx->st->mail_set(fx->st, m.id, HUB_MAIL_PENDING, HUB_MAIL_SENDING, 1, 0, 200,
                                      err, sizeof err),
                     AUKIO_OK);
    /* Only from the state named. */
    assert_int_equal(
        fx->st->mail_set(fx->st, m.id, HUB_MAIL_PENDING, HUB_MAIL_SENT, 1, 0, 200, err, sizeof err),
        AUKIO_ERR_NOT_FOUND);
    hub_mail_deinit(&m);
    fx->st->close(fx->st);
    fx_open(fx);
    enable(fx, true, 1);
    assert_none_due(fx);
    int counts[HUB_MAIL_STATES];
    assert_int_equal(fx->st->mail_counts(fx->st, counts, err, sizeof err), AUKIO_OK);
    assert_int_equal(counts[HUB_MAIL_UNSURE], 1);
    assert_int_equal(sql_int(fx->path, "SELECT count(*) FROM mail_outbox WHERE email IS NOT NULL"),
                     0);
    /* Off: nothing is queued. */
    enable(fx, false, 0);
    push_signup(fx, 6, "e2", "six@example.fi", "en");
    assert_none_due(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_migrate_v3, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_queue_with_seats, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_unsure_after_restart, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
