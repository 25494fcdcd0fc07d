/*
 * hub_store_sqlite_mail.c: the mail outbox (mail_outbox, schema v4) on SQLite.
 *
 * Rows are queued inside the transaction of the seat change that causes them (the ledger's rows
 * call hub_sqlite_mail_signup, the catalogue calls hub_sqlite_mail_event), so a message is never
 * lost and never queued for a change that was rolled back. Nothing is queued while the
 * database's mail is off (meta.mail, set by `serve` from --smtp): without a mail server no
 * personal data piles up here. The sender (hub_mailer.c) moves rows through their states with
 * mail_set, one transaction each; a row that reaches a final state loses its personal data.
 */
#include "hub_store_sqlite.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util.h"

/* ---- Queueing, inside the caller's transaction ------------------------------------------- */

/* Whether mail is on for this database. */
static int mail_on(Conn *c, bool *on, char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(c, "SELECT mail FROM meta WHERE k = 1", err, n);
    if (!st) return AUKIO_ERR;
    int r = sqlite3_step(st);
    *on = r == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? AUKIO_OK : hub_sqlite_fail(err, n, c->db, "mail");
}

/* Event EVENT_ID parsed from its stored JSON into EV (event_deinit it). */
static int event_read(Conn *c, const char *event_id, Event *ev, char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(c, "SELECT json FROM events WHERE id = ?", err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, event_id);
    int r = sqlite3_step(st);
    json_t *j = NULL;
    if (r == SQLITE_ROW) j = json_loads(hub_sqlite_col_text(st, 0), 0, NULL);
    sqlite3_reset(st);
    if (r == SQLITE_DONE) return AUKIO_ERR_NOT_FOUND;
    if (r != SQLITE_ROW) return hub_sqlite_fail(err, n, c->db, "mail event");
    memset(ev, 0, sizeof *ev);
    char why[256];
    int rc = j && event_from_json(ev, j, why, sizeof why) == 0 ? AUKIO_OK : AUKIO_ERR_INVALID;
    json_decref(j);
    if (rc != AUKIO_OK) event_deinit(ev);
    return rc;
}

static const char *SQL_MAIL_INSERT =
    "INSERT INTO mail_outbox(kind, state, signup, event_id, email, name, lang, code, position,"
    " title, venue, start_time, end_time, created_at, attempts, next_attempt_at)"
    " SELECT ?1, 0, s.n, s.event_id, s.email, s.name, ?2, s.code,"
    " CASE s.status WHEN 1 THEN 1 + (SELECT count(*) FROM signups w WHERE w.event_id = s.event_id"
    " AND w.status = 1 AND w.n < s.n) ELSE 0 END, ?3, ?4, ?5, ?6, ?7, 0, ?7"
    " FROM signups s WHERE s.n = ?8";

/* Queues KIND for sign-up ROW whose event is EV, when it has a usable address. */
static int queue_one(Conn *c, int64_t row, HubMailKind kind, const Event *ev, int64_t now,
                     char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(c, "SELECT email, lang FROM signups WHERE n = ?", err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int64(st, 1, row);
    int r = sqlite3_step(st);
    bool ok = r == SQLITE_ROW && hub_mail_address_ok(hub_sqlite_col_text(st, 0));
    Lang lang = LANG_FI;
    if (r == SQLITE_ROW && lang_from_code(hub_sqlite_col_text(st, 1), &lang) != 0) lang = LANG_FI;
    sqlite3_reset(st);
    if (r != SQLITE_ROW && r != SQLITE_DONE) return hub_sqlite_fail(err, n, c->db, "mail");
    if (!ok) return AUKIO_OK; /* no address, or one that must not reach an SMTP server */
    char title[512], venue[512];
    hub_mail_event_texts(ev, lang, title, sizeof title, venue, sizeof venue);
    st = hub_sqlite_stmt(c, SQL_MAIL_INSERT, err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int(st, 1, kind);
    hub_sqlite_bind_text(st, 2, lang_code(lang));
    hub_sqlite_bind_text(st, 3, title);
    hub_sqlite_bind_text(st, 4, venue);
    sqlite3_bind_int64(st, 5, ev->start_time);
    sqlite3_bind_int64(st, 6, ev->end_time);
    sqlite3_bind_int64(st, 7, now);
    sqlite3_bind_int64(st, 8, row);
    return hub_sqlite_done(c, st, err, n, "mail queue");
}

/* Whether mail about EV at NOW is still of use: not once the event has started. */
static bool still_ahead(const Event *ev, int64_t now)
{
    return ev->start_time <= 0 || ev->start_time > now;
}

int hub_sqlite_mail_signup(Conn *c, int64_t row, HubMailKind kind, int64_t now, char *err, size_t n)
{
    bool on;
    if (mail_on(c, &on, err, n) != AUKIO_OK) return AUKIO_ERR;
    if (!on) return AUKIO_OK;
    sqlite3_stmt *st = hub_sqlite_stmt(c, "SELECT event_id FROM signups WHERE n = ?", err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int64(st, 1, row);
    char event_id[RECORD_EVENT_ID_MAX + 1] = "";
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) str_copy(event_id, sizeof event_id, hub_sqlite_col_text(st, 0));
    sqlite3_reset(st);
    if (r != SQLITE_ROW)
        return r == SQLITE_DONE ? AUKIO_OK : hub_sqlite_fail(err, n, c->db, "mail");
    Event ev;
    int rc = event_read(c, event_id, &ev, err, n);
    /* An event that does not read back gets no mail; the seat change goes on. */
    if (rc == AUKIO_ERR_NOT_FOUND || rc == AUKIO_ERR_INVALID) return AUKIO_OK;
    if (rc != AUKIO_OK) return rc;
    if (still_ahead(&ev, now)) rc = queue_one(c, row, kind, &ev, now, err, n);
    event_deinit(&ev);
    return rc;
}

int hub_sqlite_mail_event(Conn *c, const char *event_id, HubMailKind kind, int64_t now, char *err,
                          size_t n)
{
    bool on;
    if (mail_on(c, &on, err, n) != AUKIO_OK) return AUKIO_ERR;
    if (!on) return AUKIO_OK;
    Event ev;
    int rc = event_read(c, event_id, &ev, err, n);
    if (rc == AUKIO_ERR_NOT_FOUND || rc == AUKIO_ERR_INVALID) return AUKIO_OK;
    if (rc != AUKIO_OK) return rc;
    sqlite3_stmt *st =
        still_ahead(&ev, now)
            ? hub_sqlite_stmt(c,
                              "SELECT n FROM signups WHERE event_id = ? AND status IN (0, 1)"
                              " AND email IS NOT NULL AND email != '' ORDER BY n",
                              err, n)
            : NULL;
    if (still_ahead(&ev, now) && !st) rc = AUKIO_ERR;
    if (st) {
        hub_sqlite_bind_text(st, 1, event_id);
        int r;
        while (rc == AUKIO_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
            rc = queue_one(c, sqlite3_column_int64(st, 0), kind, &ev, now, err, n);
        if (rc == AUKIO_OK && r != SQLITE_DONE) rc = hub_sqlite_fail(err, n, c->db, "mail");
        sqlite3_reset(st);
    }
    event_deinit(&ev);
    return rc;
}

/* ---- The sender's side -------------------------------------------------------------------- */

static int s_mail_enable(HubStore *s, bool on, int *unsure, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    *unsure = 0;
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    sqlite3_stmt *st = hub_sqlite_stmt(c, "UPDATE meta SET mail = ? WHERE k = 1", err, n);
    int rc = st ? AUKIO_OK : AUKIO_ERR;
    if (st) {
        sqlite3_bind_int(st, 1, on);
        rc = hub_sqlite_done(c, st, err, n, "mail");
    }
    /* A row left SENDING by a hub that stopped mid-message may have been accepted by the server:
     * it is not sent again (at most once where SMTP cannot tell). */
    if (rc == AUKIO_OK &&
        !(st = hub_sqlite_stmt(c,
                               "UPDATE mail_outbox SET state = 4, email = NULL, name = NULL,"
                               " code = NULL, title = NULL, venue = NULL, done_at = ?"
                               " WHERE state = 1",
                               err, n)))
        rc = AUKIO_ERR;
    if (rc == AUKIO_OK) {
        sqlite3_bind_int64(st, 1, now_s());
        rc = hub_sqlite_done(c, st, err, n, "mail");
        *unsure = sqlite3_changes(c->db);
    }
    return hub_sqlite_end(S, c, rc, err, n);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    return strdup(hub_sqlite_col_text(st, i));
}

static int s_mail_due(HubStore *s, int64_t now, HubMail *m, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    memset(m, 0, sizeof *m);
    sqlite3_stmt *st = hub_sqlite_stmt(
        c,
        "SELECT id, kind, attempts, created_at, email, name, lang, code, position, event_id, title,"
        " venue, start_time, end_time FROM mail_outbox WHERE state = 0 AND next_attempt_at <= ?"
        " ORDER BY next_attempt_at, id LIMIT 1",
        err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int64(st, 1, now);
    int r = sqlite3_step(st);
    int rc = AUKIO_OK;
    if (r == SQLITE_ROW) {
        m->id = sqlite3_column_int64(st, 0);
        m->kind = (HubMailKind)sqlite3_column_int(st, 1);
        m->attempts = sqlite3_column_int(st, 2);
        m->created_at = sqlite3_column_int64(st, 3);
        m->to = col_dup(st, 4);
        m->name = col_dup(st, 5);
        if (lang_from_code(hub_sqlite_col_text(st, 6), &m->lang) != 0) m->lang = LANG_FI;
        m->code = col_dup(st, 7);
        m->position = sqlite3_column_int(st, 8);
        m->event_id = col_dup(st, 9);
        m->title = col_dup(st, 10);
        m->venue = col_dup(st, 11);
        m->start_time = sqlite3_column_int64(st, 12);
        m->end_time = sqlite3_column_int64(st, 13);
        if (!m->to || !m->name || !m->code || !m->event_id || !m->title || !m->venue)
            rc = hub_sqlite_fail(err, n, NULL, "mail");
    } else {
        rc = r == SQLITE_DONE ? AUKIO_ERR_NOT_FOUND : hub_sqlite_fail(err, n, c->db, "mail");
    }
    sqlite3_reset(st);
    if (rc != AUKIO_OK) hub_mail_deinit(m);
    return rc;
}

static int s_mail_set(HubStore *s, int64_t id, int from, int to, int attempts, int64_t next_at,
                      int64_t now, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    bool final = to == HUB_MAIL_SENT || to == HUB_MAIL_FAILED || to == HUB_MAIL_UNSURE;
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    sqlite3_stmt *st =
        final ? hub_sqlite_stmt(c,
                                "UPDATE mail_outbox SET state = ?1, attempts = ?2,"
                                " next_attempt_at = ?3, done_at = ?4, email = NULL, name = NULL,"
                                " code = NULL, title = NULL, venue = NULL"
                                " WHERE id = ?5 AND state = ?6",
                                err, n)
              /* A claim (PENDING to PENDING, one attempt more) takes the row only from the
               * attempt before: a second sender on the same database cannot claim it too. */
              : hub_sqlite_stmt(c,
                                "UPDATE mail_outbox SET state = ?1, attempts = ?2,"
                                " next_attempt_at = ?3 WHERE id = ?5 AND state = ?6"
                                " AND (?1 != ?6 OR attempts = ?2 - 1)",
                                err, n);
    int rc = st ? AUKIO_OK : AUKIO_ERR;
    if (st) {
        sqlite3_bind_int(st, 1, to);
        sqlite3_bind_int(st, 2, attempts);
        sqlite3_bind_int64(st, 3, next_at);
        sqlite3_bind_int64(st, 4, now);
        sqlite3_bind_int64(st, 5, id);
        sqlite3_bind_int(st, 6, from);
        rc = hub_sqlite_done(c, st, err, n, "mail");
        if (rc == AUKIO_OK && sqlite3_changes(c->db) == 0) {
            snprintf(err, n, "mail %lld is not %s", (long long)id, hub_mail_state_name(from));
            rc = AUKIO_ERR_NOT_FOUND;
        }
    }
    return hub_sqlite_end(S, c, rc, err, n);
}

static int s_mail_counts(HubStore *s, int counts[HUB_MAIL_STATES], char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    for (int i = 0; i < HUB_MAIL_STATES; i++)
        counts[i] = 0;
    sqlite3_stmt *st =
        hub_sqlite_stmt(c, "SELECT state, count(*) FROM mail_outbox GROUP BY state", err, n);
    if (!st) return AUKIO_ERR;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        int state = sqlite3_column_int(st, 0);
        if (state >= 0 && state < HUB_MAIL_STATES) counts[state] = sqlite3_column_int(st, 1);
    }
    sqlite3_reset(st);
    return r == SQLITE_DONE ? AUKIO_OK : hub_sqlite_fail(err, n, c->db, "mail");
}

void hub_sqlite_install_mail(HubStore *b)
{
    b->mail_enable = s_mail_enable;
    b->mail_due = s_mail_due;
    b->mail_set = s_mail_set;
    b->mail_counts = s_mail_counts;
}
