/*
 * hub_store_sqlite_events.c: the SQLite HubStore's catalogue: import (all or nothing, through the
 * seat ledger's capacity check), cancel, delete, the stored JSON, listing, changes for pulls,
 * compact.
 */
#include "hub_store_sqlite.h"

#include <string.h>

#include "util.h"

/* ---- Catalogue ---------------------------------------------------------------------------- */

/* Event ID's state and start time before an import changes it; *STATE stays -1 when new. */
static int event_before(Conn *c, const char *id, int *state, int64_t *start, char *err, size_t n)
{
    sqlite3_stmt *st =
        hub_sqlite_stmt(c, "SELECT state, start_time FROM events WHERE id = ?", err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        *state = sqlite3_column_int(st, 0);
        *start = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? AUKIO_OK : hub_sqlite_fail(err, n, c->db, id);
}

int hub_sqlite_event_import_one(Conn *c, const HubEventIn *e, int64_t now, char *err, size_t n)
{
    SqlRows rows;
    HubSeatStore ledger = hub_sqlite_rows_init(&rows, c, NULL);
    int rc = hub_seats_import_check(&ledger, e, err, n);
    if (rc != AUKIO_OK) return rc;
    /* A re-import of the same document changes nothing and costs the kiosks nothing. */
    sqlite3_stmt *st =
        hub_sqlite_stmt(c,
                        "SELECT 1 FROM events WHERE id = ? AND json = ? AND state = ?"
                        " AND registration = ? AND capacity = ? AND waitlist_capacity = ?"
                        " AND max_group_size = ? AND start_time = ? AND enrolment_start = ?"
                        " AND enrolment_end = ? AND reserved = ?",
                        err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, e->id);
    hub_sqlite_bind_text(st, 2, e->json);
    sqlite3_bind_int(st, 3, e->cancelled ? EV_CANCELLED : EV_LIVE);
    sqlite3_bind_int(st, 4, e->registration);
    sqlite3_bind_int(st, 5, e->capacity);
    sqlite3_bind_int(st, 6, e->waitlist_capacity);
    sqlite3_bind_int(st, 7, e->max_group_size);
    sqlite3_bind_int64(st, 8, e->start_time);
    sqlite3_bind_int64(st, 9, e->enrolment_start);
    sqlite3_bind_int64(st, 10, e->enrolment_end);
    sqlite3_bind_int(st, 11, e->reserved);
    int same = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    if (same) return AUKIO_OK;
    int old_state = -1;
    int64_t old_start = 0;
    if (event_before(c, e->id, &old_state, &old_start, err, n) != AUKIO_OK) return AUKIO_ERR;

    int64_t seq;
    if (hub_sqlite_next_seq(c, &seq, err, n) != AUKIO_OK) return AUKIO_ERR;
    st = hub_sqlite_stmt(
        c,
        "INSERT INTO events(id, json, seq, state, registration, capacity, waitlist_capacity,"
        " max_group_size, start_time, enrolment_start, enrolment_end, reserved)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
        " ON CONFLICT(id) DO UPDATE SET json = ?2, seq = ?3, state = ?4, registration = ?5,"
        " capacity = ?6, waitlist_capacity = ?7, max_group_size = ?8, start_time = ?9,"
        " enrolment_start = ?10, enrolment_end = ?11, reserved = ?12",
        err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, e->id);
    hub_sqlite_bind_text(st, 2, e->json);
    sqlite3_bind_int64(st, 3, seq);
    sqlite3_bind_int(st, 4, e->cancelled ? EV_CANCELLED : EV_LIVE);
    sqlite3_bind_int(st, 5, e->registration);
    sqlite3_bind_int(st, 6, e->capacity);
    sqlite3_bind_int(st, 7, e->waitlist_capacity);
    sqlite3_bind_int(st, 8, e->max_group_size);
    sqlite3_bind_int64(st, 9, e->start_time);
    sqlite3_bind_int64(st, 10, e->enrolment_start);
    sqlite3_bind_int64(st, 11, e->enrolment_end);
    sqlite3_bind_int(st, 12, e->reserved);
    if (hub_sqlite_done(c, st, err, n, e->id) != AUKIO_OK) return AUKIO_ERR;
    /* Everyone confirmed or waiting hears of a cancellation or a new start time (none at all for
     * a postponed event: "to be announced"), in this transaction. */
    int mrc = AUKIO_OK;
    if (old_state == EV_LIVE && e->cancelled)
        mrc = hub_sqlite_mail_event(c, e->id, HUB_MAIL_EVENT_CANCELLED, now, err, n);
    else if (old_state == EV_LIVE && old_start > 0 && old_start != e->start_time)
        mrc = hub_sqlite_mail_event(c, e->id, HUB_MAIL_EVENT_MOVED, now, err, n);
    if (mrc != AUKIO_OK) return mrc;
    /* More seats may let people off the waiting list. */
    return hub_seats_promote(&ledger, e->id, now, err, n) == AUKIO_OK ? AUKIO_OK : AUKIO_ERR;
}

static int s_event_import(HubStore *s, const HubEventIn *evs, int n_evs, int64_t now, char *err,
                          size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int rc = AUKIO_OK;
    for (int i = 0; i < n_evs && rc == AUKIO_OK; i++)
        rc = hub_sqlite_event_import_one(c, &evs[i], now, err, n);
    return hub_sqlite_end(S, c, rc, err, n);
}

static int set_state(HubStore *s, const char *id, int state, const char *json, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int64_t seq = 0;
    int rc = hub_sqlite_next_seq(c, &seq, err, n);
    sqlite3_stmt *st = NULL;
    if (rc == AUKIO_OK) {
        st = hub_sqlite_stmt(c,
                             "UPDATE events SET state = ?, seq = ?, json = coalesce(?, json)"
                             " WHERE id = ? AND state != 2 AND state != ?",
                             err, n);
        if (!st) rc = AUKIO_ERR;
    }
    if (rc == AUKIO_OK) {
        sqlite3_bind_int(st, 1, state);
        sqlite3_bind_int64(st, 2, seq);
        hub_sqlite_bind_text(st, 3, json);
        hub_sqlite_bind_text(st, 4, id);
        sqlite3_bind_int(st, 5, state);
        rc = hub_sqlite_done(c, st, err, n, id);
        if (rc == AUKIO_OK && sqlite3_changes(c->db) == 0) {
            snprintf(err, n, "no event '%s' (or it is already %s)", id,
                     state == EV_DELETED ? "deleted" : "cancelled or deleted");
            rc = AUKIO_ERR_NOT_FOUND;
        }
    }
    if (rc == AUKIO_OK && state == EV_CANCELLED)
        rc = hub_sqlite_mail_event(c, id, HUB_MAIL_EVENT_CANCELLED, now_s(), err, n);
    return hub_sqlite_end(S, c, rc, err, n);
}

static int s_event_cancel(HubStore *s, const char *id, const char *json, char *err, size_t n)
{
    return set_state(s, id, EV_CANCELLED, json, err, n);
}

static int s_event_delete(HubStore *s, const char *id, char *err, size_t n)
{
    return set_state(s, id, EV_DELETED, NULL, err, n);
}

static int s_event_json(HubStore *s, const char *id, char **json, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st =
        hub_sqlite_stmt(c, "SELECT json FROM events WHERE id = ? AND state != 2", err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, id);
    int r = sqlite3_step(st);
    int rc = AUKIO_OK;
    if (r == SQLITE_ROW) {
        *json = strdup(hub_sqlite_col_text(st, 0));
        if (!*json) rc = hub_sqlite_fail(err, n, NULL, id);
    } else if (r == SQLITE_DONE) {
        snprintf(err, n, "no event '%s'", id);
        rc = AUKIO_ERR_NOT_FOUND;
    } else {
        rc = hub_sqlite_fail(err, n, c->db, id);
    }
    sqlite3_reset(st);
    return rc;
}

static const char *state_name(int state)
{
    return state == EV_LIVE ? "live" : state == EV_CANCELLED ? "cancelled" : "deleted";
}

static int s_event_list(HubStore *s, HubEventCb cb, void *ud, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st =
        hub_sqlite_stmt(c,
                        "SELECT id, seq, state, capacity, reserved, confirmed, waitlisted,"
                        " waitlisted_count, held, start_time FROM events ORDER BY start_time, id",
                        err, n);
    if (!st) return AUKIO_ERR;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        HubEventRow row = {hub_sqlite_col_text(st, 0),
                           sqlite3_column_int64(st, 1),
                           state_name(sqlite3_column_int(st, 2)),
                           sqlite3_column_int(st, 3),
                           sqlite3_column_int(st, 4),
                           sqlite3_column_int(st, 5),
                           sqlite3_column_int(st, 6),
                           sqlite3_column_int(st, 7),
                           sqlite3_column_int(st, 8),
                           sqlite3_column_int64(st, 9)};
        if (cb(ud, &row) != 0) break;
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? AUKIO_OK
                                               : hub_sqlite_fail(err, n, c->db, "events");
}

static int s_changes(HubStore *s, int64_t after, int limit, bool snapshot, HubChangeCb cb, void *ud,
                     bool *more, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st =
        snapshot
            ? hub_sqlite_stmt(c,
                              "SELECT id, json, state, seq, capacity, confirmed, waitlisted, held"
                              " FROM events WHERE seq > ? AND state != 2 ORDER BY seq LIMIT ?",
                              err, n)
            : hub_sqlite_stmt(c,
                              "SELECT id, json, state, seq, capacity, confirmed, waitlisted, held"
                              " FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
                              err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int64(st, 1, after);
    sqlite3_bind_int(st, 2, limit + 1);
    int r, got = 0;
    *more = false;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (got == limit) {
            *more = true;
            break;
        }
        int state = sqlite3_column_int(st, 2);
        HubChange ch = {state == EV_LIVE        ? "upsert"
                        : state == EV_CANCELLED ? "cancel"
                                                : "delete",
                        hub_sqlite_col_text(st, 0),
                        state == EV_DELETED ? NULL : hub_sqlite_col_text(st, 1),
                        sqlite3_column_int64(st, 3),
                        sqlite3_column_int(st, 4),
                        sqlite3_column_int(st, 5),
                        sqlite3_column_int(st, 6),
                        sqlite3_column_int(st, 7)};
        got++;
        int crc = cb(ud, &ch);
        if (crc == HUB_CHANGES_FULL) {
            *more = true;
            break;
        }
        if (crc != 0) {
            sqlite3_reset(st);
            snprintf(err, n, "response too large");
            return AUKIO_ERR;
        }
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? AUKIO_OK
                                               : hub_sqlite_fail(err, n, c->db, "changes");
}

static int s_compact(HubStore *s, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int rc = AUKIO_OK;
    if (sqlite3_exec(c->db,
                     "DELETE FROM events WHERE state = 2; UPDATE meta SET floor = seq WHERE k = 1",
                     NULL, NULL, NULL) != SQLITE_OK)
        rc = hub_sqlite_fail(err, n, c->db, "compact");
    return hub_sqlite_end(S, c, rc, err, n);
}

void hub_sqlite_install_events(HubStore *b)
{
    b->event_import = s_event_import;
    b->event_delete = s_event_delete;
    b->event_cancel = s_event_cancel;
    b->event_json = s_event_json;
    b->event_list = s_event_list;
    b->changes = s_changes;
    b->compact = s_compact;
}
