/*
 * hub_store_sqlite_seats.c: the seat ledger's rows (HubSeatStore, hub_seats.h) in SQL.
 *
 * Only row-level reads and writes: which rows change, and by how much, is hub_seats.c's decision.
 * Every function runs inside the caller's write transaction.
 */
#include "hub_store_sqlite.h"

#include "util.h"

#include <assert.h>
#include <stdlib.h>

#include <jansson.h>

static const char *SQL_SEATS =
    "SELECT state, registration, capacity, waitlist_capacity, max_group_size, start_time,"
    " enrolment_start, enrolment_end, reserved, confirmed, waitlisted, waitlisted_count, held"
    " FROM events WHERE id = ? AND state != 2";

static int rows_event_load(void *ud, const char *id, HubSeats *ev, char *err, size_t n)
{
    Conn *c = ((SqlRows *)ud)->c;
    sqlite3_stmt *st = hub_sqlite_stmt(c, SQL_SEATS, err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        return AUKIO_ERR_NOT_FOUND;
    }
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return hub_sqlite_fail(err, n, c->db, "event");
    }
    ev->cancelled = sqlite3_column_int(st, 0) == EV_CANCELLED;
    ev->registration = sqlite3_column_int(st, 1) != 0;
    ev->capacity = sqlite3_column_int(st, 2);
    ev->waitlist_capacity = sqlite3_column_int(st, 3);
    ev->max_group_size = sqlite3_column_int(st, 4);
    ev->start_time = sqlite3_column_int64(st, 5);
    ev->enrolment_start = sqlite3_column_int64(st, 6);
    ev->enrolment_end = sqlite3_column_int64(st, 7);
    ev->reserved = sqlite3_column_int(st, 8);
    ev->confirmed = sqlite3_column_int(st, 9);
    ev->waitlisted = sqlite3_column_int(st, 10);
    ev->waitlisted_count = sqlite3_column_int(st, 11);
    ev->held = sqlite3_column_int(st, 12);
    sqlite3_reset(st);
    return AUKIO_OK;
}

static int rows_event_add(void *ud, const char *id, int confirmed, int waitlisted, int wl_count,
                          int held, char *err, size_t n)
{
    Conn *c = ((SqlRows *)ud)->c;
    sqlite3_stmt *st =
        hub_sqlite_stmt(c,
                        "UPDATE events SET confirmed = confirmed + ?, waitlisted = waitlisted + ?,"
                        " waitlisted_count = waitlisted_count + ?, held = held + ? WHERE id = ?",
                        err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int(st, 1, confirmed);
    sqlite3_bind_int(st, 2, waitlisted);
    sqlite3_bind_int(st, 3, wl_count);
    sqlite3_bind_int(st, 4, held);
    hub_sqlite_bind_text(st, 5, id);
    return hub_sqlite_done(c, st, err, n, "counters");
}

static int rows_event_touch(void *ud, const char *id, char *err, size_t n)
{
    SqlRows *r = ud;
    assert(r->t);
    if (hub_sqlite_touched_add(r->t, id) != AUKIO_OK) return hub_sqlite_fail(err, n, NULL, "touch");
    return AUKIO_OK;
}

static int rows_grant_load(void *ud, const char *id, HubGrant *g, char *err, size_t n)
{
    Conn *c = ((SqlRows *)ud)->c;
    sqlite3_stmt *st =
        hub_sqlite_stmt(c,
                        "SELECT device_id, event_id, seats, consumed, state, declared, expires_at"
                        " FROM grants WHERE id = ?",
                        err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? AUKIO_ERR_NOT_FOUND : hub_sqlite_fail(err, n, c->db, "grant");
    }
    g->device_id = sqlite3_column_int64(st, 0);
    str_copy(g->event_id, sizeof g->event_id, hub_sqlite_col_text(st, 1));
    g->seats = sqlite3_column_int(st, 2);
    g->consumed = sqlite3_column_int(st, 3);
    g->state = sqlite3_column_int(st, 4);
    g->declared = sqlite3_column_int(st, 5);
    g->expires_at = sqlite3_column_int64(st, 6);
    sqlite3_reset(st);
    return AUKIO_OK;
}

static int rows_grant_insert(void *ud, const char *id, const HubGrant *g, int64_t now, char *err,
                             size_t n)
{
    Conn *c = ((SqlRows *)ud)->c;
    sqlite3_stmt *st =
        hub_sqlite_stmt(c,
                        "INSERT INTO grants(id, device_id, event_id, seats, consumed, state,"
                        " declared, expires_at, created_at) VALUES(?, ?, ?, ?, 0, 0, 0, ?, ?)",
                        err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, id);
    sqlite3_bind_int64(st, 2, g->device_id);
    hub_sqlite_bind_text(st, 3, g->event_id);
    sqlite3_bind_int(st, 4, g->seats);
    sqlite3_bind_int64(st, 5, g->expires_at);
    sqlite3_bind_int64(st, 6, now);
    return hub_sqlite_done(c, st, err, n, "grant");
}

static int rows_grant_update(void *ud, const char *id, int consumed, int state, int declared,
                             char *err, size_t n)
{
    Conn *c = ((SqlRows *)ud)->c;
    sqlite3_stmt *st = hub_sqlite_stmt(
        c, "UPDATE grants SET consumed = ?, state = ?, declared = ? WHERE id = ?", err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int(st, 1, consumed);
    sqlite3_bind_int(st, 2, state);
    sqlite3_bind_int(st, 3, declared);
    hub_sqlite_bind_text(st, 4, id);
    return hub_sqlite_done(c, st, err, n, "grant");
}

static int rows_grant_of_device(void *ud, int64_t device_id, char id[RECORD_UUID_LEN + 1],
                                char *err, size_t n)
{
    Conn *c = ((SqlRows *)ud)->c;
    sqlite3_stmt *st = hub_sqlite_stmt(
        c, "SELECT id FROM grants WHERE device_id = ? AND state IN (0, 1) LIMIT 1", err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int64(st, 1, device_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) str_copy(id, RECORD_UUID_LEN + 1, hub_sqlite_col_text(st, 0));
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return AUKIO_ERR_NOT_FOUND;
    return rc == SQLITE_ROW ? AUKIO_OK : hub_sqlite_fail(err, n, c->db, "release");
}

static int rows_signup_insert(void *ud, int64_t device_id, const WireOp *op, int status, int flag,
                              int64_t now, char *err, size_t n)
{
    Conn *c = ((SqlRows *)ud)->c;
    char *answers = op->answers ? json_dumps(op->answers, JSON_COMPACT) : NULL;
    sqlite3_stmt *st =
        hub_sqlite_stmt(c,
                        "INSERT INTO signups(uuid, device_id, event_id, group_size, status, code,"
                        " name, email, phone, answers, lang, created_at, received_at, grant_id,"
                        " late, seq) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, -1)",
                        err, n);
    if (!st) {
        free(answers);
        return AUKIO_ERR;
    }
    hub_sqlite_bind_text(st, 1, op->uuid);
    sqlite3_bind_int64(st, 2, device_id);
    hub_sqlite_bind_text(st, 3, op->event_id);
    sqlite3_bind_int(st, 4, op->group_size);
    sqlite3_bind_int(st, 5, status);
    hub_sqlite_bind_text(st, 6, op->code);
    hub_sqlite_bind_text(st, 7, op->name);
    hub_sqlite_bind_text(st, 8, op->email);
    hub_sqlite_bind_text(st, 9, op->phone);
    hub_sqlite_bind_text(st, 10, answers);
    hub_sqlite_bind_text(st, 11, op->lang);
    sqlite3_bind_int64(st, 12, op->created_at);
    sqlite3_bind_int64(st, 13, now);
    hub_sqlite_bind_text(st, 14, op->grant);
    sqlite3_bind_int(st, 15, flag);
    int rc = hub_sqlite_done(c, st, err, n, "signup");
    free(answers);
    /* Mail to the visitor, in this transaction: it goes if and only if the sign-up commits. */
    if (rc == AUKIO_OK && op->email && *op->email)
        rc = hub_sqlite_mail_signup(
            c, sqlite3_last_insert_rowid(c->db),
            status == HUB_SIGNUP_CONFIRMED ? HUB_MAIL_CONFIRMED : HUB_MAIL_WAITLISTED, now, err, n);
    return rc;
}

static int rows_signup_find(void *ud, const char *uuid, HubSignupRef *su, char *err, size_t n)
{
    Conn *c = ((SqlRows *)ud)->c;
    sqlite3_stmt *st =
        hub_sqlite_stmt(c,
                        "SELECT n, device_id, event_id, group_size, status FROM signups"
                        " WHERE uuid = ?",
                        err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, uuid);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? AUKIO_ERR_NOT_FOUND : hub_sqlite_fail(err, n, c->db, "cancel");
    }
    su->row = sqlite3_column_int64(st, 0);
    su->device_id = sqlite3_column_int64(st, 1);
    str_copy(su->event_id, sizeof su->event_id, hub_sqlite_col_text(st, 2));
    su->group_size = sqlite3_column_int(st, 3);
    su->status = sqlite3_column_int(st, 4);
    sqlite3_reset(st);
    return AUKIO_OK;
}

static int rows_signup_set_status(void *ud, int64_t row, int status, int64_t now, char *err,
                                  size_t n)
{
    Conn *c = ((SqlRows *)ud)->c;
    assert(status == HUB_SIGNUP_CONFIRMED || status == HUB_SIGNUP_CANCELLED);
    sqlite3_stmt *st =
        status == HUB_SIGNUP_CONFIRMED
            ? hub_sqlite_stmt(c, "UPDATE signups SET status = 0, promoted_at = ? WHERE n = ?", err,
                              n)
            : hub_sqlite_stmt(c, "UPDATE signups SET status = 2, cancelled_at = ? WHERE n = ?", err,
                              n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, row);
    if (hub_sqlite_done(c, st, err, n, status == HUB_SIGNUP_CONFIRMED ? "promote" : "cancel") !=
        AUKIO_OK)
        return AUKIO_ERR;
    /* The sign-up and everyone waiting behind it (their place moved) go to their kiosks again
     * (seq -1: stamped at commit, hub_sqlite_end). */
    st = hub_sqlite_stmt(c,
                         "UPDATE signups SET seq = -1 WHERE n = ?1 OR (status = 1 AND n > ?1 AND"
                         " event_id = (SELECT event_id FROM signups WHERE n = ?1))",
                         err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int64(st, 1, row);
    if (hub_sqlite_done(c, st, err, n, "stamp") != AUKIO_OK) return AUKIO_ERR;
    return hub_sqlite_mail_signup(
        c, row, status == HUB_SIGNUP_CONFIRMED ? HUB_MAIL_PROMOTED : HUB_MAIL_CANCELLED, now, err,
        n);
}

static int rows_waitlist_head(void *ud, const char *id, int64_t *row, int *group, char *err,
                              size_t n)
{
    Conn *c = ((SqlRows *)ud)->c;
    sqlite3_stmt *st =
        hub_sqlite_stmt(c,
                        "SELECT n, group_size FROM signups WHERE event_id = ? AND status = 1"
                        " ORDER BY n LIMIT 1",
                        err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, id);
    /* As before the ledger moved out: a failed step reads as "nobody waits". */
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *row = sqlite3_column_int64(st, 0);
        *group = sqlite3_column_int(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? AUKIO_OK : AUKIO_ERR_NOT_FOUND;
}

HubSeatStore hub_sqlite_rows_init(SqlRows *r, Conn *c, Touched *t)
{
    r->c = c;
    r->t = t;
    return (HubSeatStore){.ud = r,
                          .event_load = rows_event_load,
                          .event_add = rows_event_add,
                          .event_touch = rows_event_touch,
                          .grant_load = rows_grant_load,
                          .grant_insert = rows_grant_insert,
                          .grant_update = rows_grant_update,
                          .grant_of_device = rows_grant_of_device,
                          .signup_insert = rows_signup_insert,
                          .signup_find = rows_signup_find,
                          .signup_set_status = rows_signup_set_status,
                          .waitlist_head = rows_waitlist_head};
}
