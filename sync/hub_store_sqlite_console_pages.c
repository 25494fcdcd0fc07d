/*
 * hub_store_sqlite_console_pages.c: what the console's pages read and change in the SQLite
 * HubStore (hub_store_console.h): events with their counters, kiosks with their venue and grants,
 * a kiosk added or revoked, a sign-up cancelled through the seat ledger. Each change is one
 * transaction with its audit row.
 */
#include "hub_store_sqlite.h"

#include <string.h>

#include "hub_store_console.h"
#include "util.h"

/* ---- Events ------------------------------------------------------------------------------- */

static int event_rows(Conn *c, sqlite3_stmt *st, HubConsoleEventCb cb, void *ud, char *err,
                      size_t n)
{
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        HubConsoleEventRow row = {.id = hub_sqlite_col_text(st, 0),
                                  .json = hub_sqlite_col_text(st, 1),
                                  .state = sqlite3_column_int(st, 2),
                                  .capacity = sqlite3_column_int(st, 3),
                                  .reserved = sqlite3_column_int(st, 4),
                                  .confirmed = sqlite3_column_int(st, 5),
                                  .waitlisted = sqlite3_column_int(st, 6),
                                  .waitlisted_count = sqlite3_column_int(st, 7),
                                  .held = sqlite3_column_int(st, 8),
                                  .start_time = sqlite3_column_int64(st, 9),
                                  .made_by = hub_sqlite_col_text(st, 10)};
        if (cb(ud, &row) != 0) break;
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? AUKIO_OK
                                               : hub_sqlite_fail(err, n, c->db, "events");
}

static int s_events(HubStore *s, int64_t from, int64_t to, int limit, HubConsoleEventCb cb,
                    void *ud, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = hub_sqlite_stmt(
        c,
        "SELECT id, json, state, capacity, reserved, confirmed, waitlisted, waitlisted_count,"
        " held, start_time, coalesce((SELECT d.name FROM devices d WHERE d.id = made_by), '')"
        " FROM events WHERE state IN (0, 1) AND start_time >= ?"
        " AND start_time < ? ORDER BY start_time, id LIMIT ?",
        err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    sqlite3_bind_int(st, 3, limit);
    return event_rows(c, st, cb, ud, err, n);
}

/* Counts the rows it passes on. */
typedef struct {
    HubConsoleEventCb cb;
    void *ud;
    int found;
} Counted;

static int counted(void *ud, const HubConsoleEventRow *row)
{
    Counted *k = ud;
    k->found++;
    return k->cb(k->ud, row);
}

static int s_event_get(HubStore *s, const char *id, HubConsoleEventCb cb, void *ud, char *err,
                       size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = hub_sqlite_stmt(
        c,
        "SELECT id, json, state, capacity, reserved, confirmed, waitlisted, waitlisted_count,"
        " held, start_time, coalesce((SELECT d.name FROM devices d WHERE d.id = made_by), '')"
        " FROM events WHERE state IN (0, 1) AND id = ?",
        err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, id);
    Counted k = {cb, ud, 0};
    int rc = event_rows(c, st, counted, &k, err, n);
    if (rc == AUKIO_OK && k.found == 0) {
        snprintf(err, n, "no such event");
        return AUKIO_ERR_NOT_FOUND;
    }
    return rc;
}

static int s_event_update(HubStore *s, const HubEventIn *e, const HubActor *by, const char *detail,
                          char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int rc = hub_sqlite_event_put(c, e, by->now, err, n);
    if (rc == AUKIO_OK) rc = hub_sqlite_audit(c, by, "event.update", e->id, detail, err, n);
    return hub_sqlite_end(S, c, rc, err, n);
}

/* ---- Kiosks ------------------------------------------------------------------------------- */

static int s_devices(HubStore *s, HubConsoleDeviceCb cb, void *ud, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = hub_sqlite_stmt(
        c,
        "SELECT d.name, coalesce(v.venue, ''), d.created_at, d.enrolled_at, d.revoked_at,"
        " d.last_seen, d.enrol_hash IS NOT NULL,"
        " (SELECT count(*) FROM grants g WHERE g.device_id = d.id AND g.state IN (0, 1)),"
        " (SELECT coalesce(sum(CASE g.state WHEN 0 THEN g.seats - g.consumed"
        "   ELSE max(g.declared - g.consumed, 0) END), 0) FROM grants g"
        "   WHERE g.device_id = d.id AND g.state IN (0, 1)),"
        " coalesce(d.waiting, -1), coalesce(d.version, ''), coalesce(d.reported_at, 0)"
        " FROM devices d LEFT JOIN console_device_venues v ON v.device_id = d.id"
        " ORDER BY d.name",
        err, n);
    if (!st) return AUKIO_ERR;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        HubConsoleDeviceRow row = {.name = hub_sqlite_col_text(st, 0),
                                   .venue = hub_sqlite_col_text(st, 1),
                                   .created_at = sqlite3_column_int64(st, 2),
                                   .enrolled_at = sqlite3_column_int64(st, 3),
                                   .revoked_at = sqlite3_column_int64(st, 4),
                                   .last_seen = sqlite3_column_int64(st, 5),
                                   .enrol_pending = sqlite3_column_int(st, 6) != 0,
                                   .grants = sqlite3_column_int(st, 7),
                                   .held = sqlite3_column_int(st, 8),
                                   .waiting = (long)sqlite3_column_int64(st, 9),
                                   .version = hub_sqlite_col_text(st, 10),
                                   .reported_at = sqlite3_column_int64(st, 11)};
        if (cb(ud, &row) != 0) break;
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? AUKIO_OK
                                               : hub_sqlite_fail(err, n, c->db, "devices");
}

static int s_device_venue(HubStore *s, const char *name, char venue[HUB_USER_VENUE_MAX + 1],
                          char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    venue[0] = '\0';
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "SELECT coalesce(v.venue, '') FROM devices d"
                                       " LEFT JOIN console_device_venues v ON v.device_id = d.id"
                                       " WHERE d.name = ?",
                                       err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, name);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) str_copy(venue, HUB_USER_VENUE_MAX + 1, hub_sqlite_col_text(st, 0));
    sqlite3_reset(st);
    if (r == SQLITE_DONE) {
        snprintf(err, n, "no device named '%s'", name);
        return AUKIO_ERR_NOT_FOUND;
    }
    return r == SQLITE_ROW ? AUKIO_OK : hub_sqlite_fail(err, n, c->db, "device");
}

static int s_device_add(HubStore *s, const char *name, const char *venue,
                        const uint8_t enrol_hash[HUB_HASH_LEN], int64_t enrol_expires,
                        const HubActor *by, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int rc = AUKIO_OK;
    sqlite3_stmt *st =
        hub_sqlite_stmt(c,
                        "INSERT INTO devices(name, enrol_hash, enrol_expires, created_at)"
                        " VALUES(?, ?, ?, ?)",
                        err, n);
    if (!st) {
        rc = AUKIO_ERR;
        goto done;
    }
    hub_sqlite_bind_text(st, 1, name);
    sqlite3_bind_blob(st, 2, enrol_hash, HUB_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, enrol_expires);
    sqlite3_bind_int64(st, 4, by->now);
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r == SQLITE_CONSTRAINT) {
        snprintf(err, n, "a device named '%s' already exists", name);
        rc = AUKIO_ERR_EXISTS;
        goto done;
    }
    if (r != SQLITE_DONE) {
        rc = hub_sqlite_fail(err, n, c->db, "device add");
        goto done;
    }
    int64_t id = sqlite3_last_insert_rowid(c->db);
    if (venue && *venue) {
        st = hub_sqlite_stmt(c, "INSERT INTO console_device_venues VALUES(?, ?)", err, n);
        rc = st ? AUKIO_OK : AUKIO_ERR;
        if (rc == AUKIO_OK) {
            sqlite3_bind_int64(st, 1, id);
            hub_sqlite_bind_text(st, 2, venue);
            rc = hub_sqlite_done(c, st, err, n, "device venue");
        }
    }
    if (rc == AUKIO_OK) rc = hub_sqlite_audit(c, by, "kiosk.add", name, venue, err, n);
done:
    return hub_sqlite_end(S, c, rc, err, n);
}

static int s_device_revoke(HubStore *s, const char *name, const HubActor *by, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "UPDATE devices SET revoked_at = ?, enrol_hash = NULL"
                                       " WHERE name = ? AND revoked_at IS NULL",
                                       err, n);
    int rc = st ? AUKIO_OK : AUKIO_ERR;
    if (rc == AUKIO_OK) {
        sqlite3_bind_int64(st, 1, by->now);
        hub_sqlite_bind_text(st, 2, name);
        rc = hub_sqlite_done(c, st, err, n, "revoke");
    }
    if (rc == AUKIO_OK && sqlite3_changes(c->db) == 0) {
        snprintf(err, n, "no device named '%s' (or it is already revoked)", name);
        rc = AUKIO_ERR_NOT_FOUND;
    }
    if (rc == AUKIO_OK) rc = hub_sqlite_audit(c, by, "kiosk.revoke", name, "", err, n);
    return hub_sqlite_end(S, c, rc, err, n);
}

static int s_device_release(HubStore *s, const char *name, const HubActor *by, int *grants,
                            int *seats, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    *grants = *seats = 0;
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    Touched t = {0};
    SqlRows rows;
    HubSeatStore ledger = hub_sqlite_rows_init(&rows, c, &t);
    int64_t device_id = 0;
    sqlite3_stmt *st = hub_sqlite_stmt(c, "SELECT id FROM devices WHERE name = ?", err, n);
    int rc = st ? AUKIO_OK : AUKIO_ERR;
    if (rc == AUKIO_OK) {
        hub_sqlite_bind_text(st, 1, name);
        int r = sqlite3_step(st);
        if (r == SQLITE_ROW) device_id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (r == SQLITE_DONE)
            rc = AUKIO_ERR_NOT_FOUND;
        else if (r != SQLITE_ROW)
            rc = hub_sqlite_fail(err, n, c->db, "device");
    }
    if (rc == AUKIO_ERR_NOT_FOUND) snprintf(err, n, "no device named '%s'", name);
    if (rc == AUKIO_OK) rc = hub_seats_release(&ledger, device_id, by->now, grants, seats, err, n);
    if (rc == AUKIO_OK) rc = hub_sqlite_touched_apply(c, &t, err, n);
    char detail[64];
    snprintf(detail, sizeof detail, "%d seat(s) in %d grant(s) given back", *seats, *grants);
    if (rc == AUKIO_OK) rc = hub_sqlite_audit(c, by, "kiosk.release", name, detail, err, n);
    hub_sqlite_touched_deinit(&t);
    return hub_sqlite_end(S, c, rc, err, n);
}

/* ---- Sign-ups ----------------------------------------------------------------------------- */

/* The device and code of sign-up UUID of EVENT_ID; AUKIO_ERR_NOT_FOUND. */
static int signup_of_event(Conn *c, const char *event_id, const char *uuid, int64_t *device_id,
                           char code[WIRE_CODE_MAX + 1], char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(
        c, "SELECT device_id, coalesce(code, '') FROM signups WHERE uuid = ? AND event_id = ?", err,
        n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, uuid);
    hub_sqlite_bind_text(st, 2, event_id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        *device_id = sqlite3_column_int64(st, 0);
        str_copy(code, WIRE_CODE_MAX + 1, hub_sqlite_col_text(st, 1));
    }
    sqlite3_reset(st);
    if (r == SQLITE_DONE) {
        snprintf(err, n, "this event has no such sign-up");
        return AUKIO_ERR_NOT_FOUND;
    }
    return r == SQLITE_ROW ? AUKIO_OK : hub_sqlite_fail(err, n, c->db, "signup");
}

static int wire_state_of(int status)
{
    return status == HUB_SIGNUP_CONFIRMED    ? WIRE_SIGNUP_CONFIRMED
           : status == HUB_SIGNUP_WAITLISTED ? WIRE_SIGNUP_WAITLISTED
                                             : WIRE_SIGNUP_CANCELLED;
}

static int s_signup_cancel(HubStore *s, const char *event_id, const char *uuid, const HubActor *by,
                           int *was, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (strlen(uuid) > RECORD_UUID_LEN) {
        snprintf(err, n, "this event has no such sign-up");
        return AUKIO_ERR_NOT_FOUND;
    }
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    Touched t = {0};
    SqlRows rows;
    HubSeatStore ledger = hub_sqlite_rows_init(&rows, c, &t);
    int64_t device_id = 0;
    char code[WIRE_CODE_MAX + 1] = "";
    HubSignupRef su;
    int rc = signup_of_event(c, event_id, uuid, &device_id, code, err, n);
    if (rc == AUKIO_OK) rc = ledger.signup_find(ledger.ud, uuid, &su, err, n);
    if (rc == AUKIO_OK) *was = wire_state_of(su.status);
    if (rc == AUKIO_OK && su.status != HUB_SIGNUP_CANCELLED) {
        WireOp op;
        wire_op_init(&op, WIRE_OP_CANCEL);
        str_copy(op.signup, sizeof op.signup, uuid);
        HubSeatAnswer a;
        /* Exactly what the kiosk's own cancel op does, on behalf of the kiosk that made it. */
        rc = hub_seats_cancel(&ledger, device_id, &op, by->now, &a, err, n);
        if (rc == AUKIO_OK && a.result != WIRE_RES_OK)
            rc = err_set(err, n, "the sign-up could not be cancelled (%s)",
                         a.reason ? a.reason : "?");
        char detail[64];
        snprintf(detail, sizeof detail, "sign-up %s cancelled (was %s)", *code ? code : "-",
                 wire_signup_state_name((WireSignupState)*was));
        if (rc == AUKIO_OK) rc = hub_sqlite_touched_apply(c, &t, err, n);
        if (rc == AUKIO_OK) rc = hub_sqlite_audit(c, by, "signup.cancel", event_id, detail, err, n);
    }
    hub_sqlite_touched_deinit(&t);
    return hub_sqlite_end(S, c, rc, err, n);
}

void hub_sqlite_install_console_pages(HubConsoleStore *t)
{
    t->events = s_events;
    t->event_get = s_event_get;
    t->event_update = s_event_update;
    t->devices = s_devices;
    t->device_add = s_device_add;
    t->device_revoke = s_device_revoke;
    t->device_venue = s_device_venue;
    t->device_release = s_device_release;
    t->signup_cancel = s_signup_cancel;
}
