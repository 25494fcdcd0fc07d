/*
 * hub_store_sqlite_console_reports.c: an event's waiting list moved by hand and the annual
 * reports' counts in the SQLite HubStore (hub_store_console.h). A move is one transaction with
 * its audit row, through the seat ledger (hub_seats_move); the report is one SELECT, so one
 * snapshot of the rows the attendee lists show.
 */
#include "hub_store_sqlite.h"

#include <stdio.h>
#include <string.h>

#include "hub_store_console.h"
#include "util.h"

/* ---- A move from the waiting list -------------------------------------------------------- */

typedef struct {
    int64_t row;
    int group, status, position;
    char code[WIRE_CODE_MAX + 1];
} Waiting;

/* Sign-up UUID of EVENT_ID into *W; AUKIO_ERR_NOT_FOUND. */
static int waiting_of(Conn *c, const char *event_id, const char *uuid, Waiting *w, char *err,
                      size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(
        c,
        "SELECT s.n, s.group_size, s.status, coalesce(s.code, ''), (SELECT count(*) FROM signups"
        " o WHERE o.event_id = s.event_id AND o.status = 1 AND o.n <= s.n) FROM signups s"
        " WHERE s.uuid = ? AND s.event_id = ?",
        err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, uuid);
    hub_sqlite_bind_text(st, 2, event_id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        w->row = sqlite3_column_int64(st, 0);
        w->group = sqlite3_column_int(st, 1);
        w->status = sqlite3_column_int(st, 2);
        str_copy(w->code, sizeof w->code, hub_sqlite_col_text(st, 3));
        w->position = sqlite3_column_int(st, 4);
    }
    sqlite3_reset(st);
    if (r == SQLITE_DONE) {
        snprintf(err, n, "this event has no such sign-up");
        return AUKIO_ERR_NOT_FOUND;
    }
    return r == SQLITE_ROW ? AUKIO_OK : hub_sqlite_fail(err, n, c->db, "signup");
}

/* Inside the transaction: the checks, the ledger's move, the raised event and the audit row. */
static int move_in(Conn *c, const HubSeatStore *ledger, Touched *t, const char *event_id,
                   const char *uuid, const HubEventIn *raised, int old_capacity, const HubActor *by,
                   int *need, char *err, size_t n)
{
    Waiting w;
    int rc = waiting_of(c, event_id, uuid, &w, err, n);
    if (rc != AUKIO_OK) return rc;
    if (w.status != HUB_SIGNUP_WAITLISTED) {
        snprintf(err, n, "this sign-up is not on the waiting list");
        return AUKIO_ERR_INVALID;
    }
    HubSeats ev;
    rc = ledger->event_load(ledger->ud, event_id, &ev, err, n);
    if (rc != AUKIO_OK) return rc;
    int extra = 0;
    if (raised) {
        if (ev.capacity != old_capacity || ev.capacity < 0 || raised->capacity < ev.capacity) {
            snprintf(err, n, "the event's seats changed meanwhile; look again");
            return AUKIO_ERR_EXISTS;
        }
        extra = raised->capacity - ev.capacity;
    }
    rc = hub_seats_move(ledger, event_id, w.row, w.group, extra, by->now, need, err, n);
    if (rc != AUKIO_OK) return rc;
    /* The new seats are the party's: it took them above, so the import's promotion finds none. */
    if (raised && extra > 0) rc = hub_sqlite_event_put(c, raised, by->now, err, n);
    if (rc == AUKIO_OK && hub_sqlite_touched_add(t, event_id) != AUKIO_OK)
        rc = hub_sqlite_fail(err, n, NULL, "touch");
    if (rc == AUKIO_OK) rc = hub_sqlite_touched_apply(c, t, err, n);
    char detail[128];
    int k = snprintf(detail, sizeof detail, "sign-up %s moved from the waiting list (#%d)",
                     *w.code ? w.code : "-", w.position);
    if (extra > 0 && k > 0 && (size_t)k < sizeof detail)
        snprintf(detail + k, sizeof detail - (size_t)k, "; capacity %d -> %d", ev.capacity,
                 raised->capacity);
    if (rc == AUKIO_OK) rc = hub_sqlite_audit(c, by, "signup.move", event_id, detail, err, n);
    return rc;
}

static int s_signup_move(HubStore *s, const char *event_id, const char *uuid,
                         const HubEventIn *raised, int old_capacity, const HubActor *by, int *need,
                         char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    *need = 0;
    if (strlen(uuid) > RECORD_UUID_LEN) {
        snprintf(err, n, "this event has no such sign-up");
        return AUKIO_ERR_NOT_FOUND;
    }
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    Touched t = {0};
    SqlRows rows;
    HubSeatStore ledger = hub_sqlite_rows_init(&rows, c, &t);
    int rc = move_in(c, &ledger, &t, event_id, uuid, raised, old_capacity, by, need, err, n);
    hub_sqlite_touched_deinit(&t);
    return hub_sqlite_end(S, c, rc, err, n);
}

/* ---- The reports' counts ----------------------------------------------------------------- */

static int s_report_events(HubStore *s, int64_t from, int64_t to, HubReportEventCb cb, void *ud,
                           char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    /* The same rows as an event's attendee list (s_signups): confirmed ones with their groups,
     * and those checked in at the door whatever became of them since. */
    sqlite3_stmt *st =
        hub_sqlite_stmt(c,
                        "SELECT e.id, e.json, e.state, e.reserved, e.start_time,"
                        " coalesce(sum(s.status = 0), 0),"
                        " coalesce(sum(CASE WHEN s.status = 0 THEN s.group_size ELSE 0 END), 0),"
                        " coalesce(sum(s.attended != 0), 0),"
                        " coalesce(sum(CASE WHEN s.attended != 0 THEN s.group_size ELSE 0 END), 0)"
                        " FROM events e LEFT JOIN signups s ON s.event_id = e.id"
                        " WHERE e.state IN (0, 1) AND e.start_time >= ? AND e.start_time < ?"
                        " GROUP BY e.id ORDER BY e.start_time, e.id",
                        err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        HubReportEventRow row = {.id = hub_sqlite_col_text(st, 0),
                                 .json = hub_sqlite_col_text(st, 1),
                                 .state = sqlite3_column_int(st, 2),
                                 .reserved = sqlite3_column_int(st, 3),
                                 .start_time = sqlite3_column_int64(st, 4),
                                 .signups = sqlite3_column_int(st, 5),
                                 .people = sqlite3_column_int(st, 6),
                                 .checked = sqlite3_column_int(st, 7),
                                 .attended = sqlite3_column_int(st, 8)};
        if (cb(ud, &row) != 0) break;
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? AUKIO_OK
                                               : hub_sqlite_fail(err, n, c->db, "report");
}

void hub_sqlite_install_console_reports(HubConsoleStore *t)
{
    t->signup_move = s_signup_move;
    t->report_events = s_report_events;
}
