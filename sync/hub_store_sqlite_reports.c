/*
 * hub_store_sqlite_reports.c: the SQLite HubStore's reports for staff: sign-ups of an event (with
 * waiting-list positions) and feedback, and the operator's counts (/metrics). Read-only.
 */
#include "hub_store_sqlite.h"

#include <string.h>

static int s_signups(HubStore *s, const char *event_id, HubSignupCb cb, void *ud, char *err,
                     size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = hub_sqlite_stmt(
        c,
        "SELECT s.uuid, s.event_id, d.name, s.status, s.code, s.name, s.email, s.phone,"
        " s.answers, s.lang, s.group_size, s.created_at, s.received_at, s.late,"
        " CASE WHEN s.status = 1 THEN (SELECT count(*) FROM signups w WHERE"
        " w.event_id = s.event_id AND w.status = 1 AND w.n <= s.n) ELSE 0 END,"
        " coalesce(cb.name, ''), s.attended"
        " FROM signups s LEFT JOIN devices d ON d.id = s.device_id"
        " LEFT JOIN devices cb ON cb.id = s.cancelled_by WHERE s.event_id = ?"
        " ORDER BY s.status, s.n",
        err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, event_id);
    int r;
    static const char *names[] = {"confirmed", "waitlisted", "cancelled"};
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        int status = sqlite3_column_int(st, 3);
        HubSignupRow row = {
            .uuid = hub_sqlite_col_text(st, 0),
            .event_id = hub_sqlite_col_text(st, 1),
            .device = hub_sqlite_col_text(st, 2),
            .status = status >= 0 && status <= 2 ? names[status] : "?",
            .code = hub_sqlite_col_text(st, 4),
            .name = hub_sqlite_col_text(st, 5),
            .email = hub_sqlite_col_text(st, 6),
            .phone = hub_sqlite_col_text(st, 7),
            .answers = hub_sqlite_col_text(st, 8),
            .lang = hub_sqlite_col_text(st, 9),
            .group_size = sqlite3_column_int(st, 10),
            .created_at = sqlite3_column_int64(st, 11),
            .received_at = sqlite3_column_int64(st, 12),
            .late_grant = sqlite3_column_int(st, 13) == HUB_FLAG_LATE_GRANT,
            .released_grant = sqlite3_column_int(st, 13) >= HUB_FLAG_RELEASED,
            .over_capacity = sqlite3_column_int(st, 13) == HUB_FLAG_RELEASED_OVER,
            .position = sqlite3_column_int(st, 14),
            .cancelled_at = hub_sqlite_col_text(st, 15),
            .attended = sqlite3_column_int(st, 16) != 0,
        };
        if (cb(ud, &row) != 0) break;
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? AUKIO_OK
                                               : hub_sqlite_fail(err, n, c->db, "signups");
}

static int s_feedback(HubStore *s, HubFeedbackCb cb, void *ud, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st =
        hub_sqlite_stmt(c,
                        "SELECT f.uuid, d.name, f.event_id, f.comment, f.lang, f.score,"
                        " f.created_at, f.received_at, f.reasons FROM feedback f"
                        " LEFT JOIN devices d ON d.id = f.device_id ORDER BY f.n",
                        err, n);
    if (!st) return AUKIO_ERR;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        HubFeedbackRow row = {
            hub_sqlite_col_text(st, 0),  hub_sqlite_col_text(st, 1),  hub_sqlite_col_text(st, 2),
            hub_sqlite_col_text(st, 3),  hub_sqlite_col_text(st, 4),  sqlite3_column_int(st, 5),
            sqlite3_column_int64(st, 6), sqlite3_column_int64(st, 7), hub_sqlite_col_text(st, 8)};
        if (cb(ud, &row) != 0) break;
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? AUKIO_OK
                                               : hub_sqlite_fail(err, n, c->db, "feedback");
}

/* One number of SQL into *OUT. */
static int count(Conn *c, const char *sql, int64_t *out, char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(c, sql, err, n);
    if (!st) return AUKIO_ERR;
    int r = sqlite3_step(st);
    *out = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return r == SQLITE_ROW ? AUKIO_OK : hub_sqlite_fail(err, n, c->db, "stats");
}

static int stats_read(Conn *c, HubStats *o, char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(
        c, "SELECT status, count(*), sum(group_size) FROM signups GROUP BY status", err, n);
    if (!st) return AUKIO_ERR;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        int status = sqlite3_column_int(st, 0);
        if (status < 0 || status > 2) continue;
        o->signups[status] = sqlite3_column_int64(st, 1);
        o->people[status] = sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE) return hub_sqlite_fail(err, n, c->db, "stats");
    if (count(c, "SELECT count(*) FROM feedback", &o->feedback, err, n) ||
        count(c, "SELECT count(*) FROM events", &o->events, err, n) ||
        count(c,
              "SELECT count(*) FROM devices WHERE enrolled_at IS NOT NULL AND revoked_at IS NULL",
              &o->devices_enrolled, err, n) ||
        count(c, "SELECT count(*) FROM devices WHERE revoked_at IS NOT NULL", &o->devices_revoked,
              err, n) ||
        count(c, "SELECT count(*) FROM grants WHERE state = 0", &o->grants_open, err, n) ||
        count(c, "SELECT coalesce(sum(held), 0) FROM events", &o->grant_seats_held, err, n) ||
        count(c, "SELECT count(*) FROM ops", &o->ops, err, n) ||
        count(c, "SELECT seq FROM meta WHERE k = 1", &o->seq, err, n))
        return AUKIO_ERR;
    return AUKIO_OK;
}

static int s_stats(HubStore *s, HubStats *o, char *err, size_t n)
{
    memset(o, 0, sizeof *o);
    CONN_OR_FAIL(impl(s), c);
    if (sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return hub_sqlite_fail(err, n, c->db, "stats");
    int rc = stats_read(c, o, err, n);
    sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
    return rc;
}

void hub_sqlite_install_reports(HubStore *b)
{
    b->signups = s_signups;
    b->feedback = s_feedback;
    b->stats = s_stats;
}
