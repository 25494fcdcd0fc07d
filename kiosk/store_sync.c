/*
 * store_sync.c: the sync client's half of the kiosk database (store_sync.h): the outbox as the
 * push reads and settles it, the seat grants, and the pulled catalogue with its cursor.
 *
 * The sync thread opens its own Store on the same file; every function here is one short
 * transaction. Grant deadlines are on CLOCK_BOOTTIME, and a grant remembers the boot it was
 * received in: after a reboot it is expired whatever the clock says.
 */
#include "store_sync.h"

#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>
#include <time.h>

/* ---- Escrow switches ---------------------------------------------------------------------- */

void store_set_escrow(Store *s, bool on)
{
    s->escrow = on;
}

void store_set_boot_id(Store *s, const char *boot_id)
{
    str_copy(s->boot_id, sizeof s->boot_id, boot_id);
}

/* ---- Sync --------------------------------------------------------------------------------- */

static int state_get(Store *s, const char *key, char *buf, size_t n)
{
    sqlite3_stmt *st;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM sync_state WHERE key = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) str_copy(buf, n, sdb_text(st, 0));
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int state_set(Store *s, const char *key, const char *value)
{
    int rc = value ? sdb_bound(s,
                               "INSERT INTO sync_state (key, value) VALUES (?1, ?2)"
                               " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                               key, value, NULL, 0, 0)
                   : sdb_bound(s, "DELETE FROM sync_state WHERE key = ?1", key, NULL, NULL, 0, 0);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int64_t state_int(Store *s, const char *key)
{
    char buf[32];
    if (state_get(s, key, buf, sizeof buf) || !buf[0]) return 0;
    return strtoll(buf, NULL, 10);
}

static int state_set_int(Store *s, const char *key, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    return state_set(s, key, buf);
}

/* Pending rows, oldest first: up to MAX, or the one of UUID when not NULL. */
static int outbox_select(Store *s, int max, const char *uuid, OutboxItem **out, int *n_out,
                         char *err, size_t errlen)
{
    static const char *const SQL = "SELECT seq, uuid, kind, payload, created_at FROM outbox"
                                   " WHERE acked_at IS NULL AND (?2 IS NULL OR uuid = ?2)"
                                   " ORDER BY seq LIMIT ?1";
    sqlite3_stmt *st;
    OutboxItem *items = calloc(max > 0 ? (size_t)max : 1, sizeof *items);
    int n = 0, rc;
    if (!items) return err_set(err, errlen, "outbox: out of memory");
    if (sqlite3_prepare_v2(s->db, SQL, -1, &st, NULL) != SQLITE_OK) {
        free(items);
        return sdb_fail(s, err, errlen, "outbox");
    }
    sqlite3_bind_int(st, 1, max);
    if (uuid) sqlite3_bind_text(st, 2, uuid, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
        OutboxItem *it = &items[n];
        it->seq = sqlite3_column_int64(st, 0);
        str_copy(it->uuid, sizeof it->uuid, sdb_text(st, 1));
        str_copy(it->kind, sizeof it->kind, sdb_text(st, 2));
        it->created_at = sqlite3_column_int64(st, 4);
        if (!(it->payload = strdup(sdb_text(st, 3)))) {
            rc = SQLITE_NOMEM;
            break;
        }
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        store_outbox_free(items, n);
        return err_set(err, errlen, "outbox: %s", sqlite3_errstr(rc));
    }
    *out = items;
    *n_out = n;
    return 0;
}

int store_outbox_batch(Store *s, int max, OutboxItem **out, int *n_out, char *err, size_t errlen)
{
    return outbox_select(s, max, NULL, out, n_out, err, errlen);
}

int store_outbox_one(Store *s, const char *uuid, OutboxItem **out, int *n_out, char *err,
                     size_t errlen)
{
    return outbox_select(s, 1, uuid, out, n_out, err, errlen);
}

void store_outbox_free(OutboxItem *items, int n)
{
    for (int i = 0; items && i < n; i++)
        free(items[i].payload);
    free(items);
}

int store_outbox_record(Store *s, const WireAnswer *a, int n, int64_t now, char *err, size_t errlen)
{
    /* The payload goes in the same statement that marks the row done: nothing personal stays
     * behind in the outbox once the hub has it. */
    static const char *const ACK = "UPDATE outbox SET acked_at = ?2, result = ?3, payload = '{}'"
                                   " WHERE uuid = ?1 AND acked_at IS NULL RETURNING kind";
    /* A status that came with a pull is at least as new as this answer (a replay of a lost
     * answer may arrive after the hub promoted the visitor): it stays. */
    static const char *const SIGNUP =
        "UPDATE signups SET hub_status = CASE WHEN hub_pulled THEN hub_status ELSE ?2 END,"
        " hub_reason = CASE WHEN hub_pulled THEN hub_reason ELSE ?3 END,"
        " hub_position = CASE WHEN hub_pulled THEN hub_position ELSE ?4 END WHERE uuid = ?1";
    /* A sign-up that waited for the hub's word leaves the local waiting count. */
    static const char *const UNPEND =
        "UPDATE events SET pend_wait_seats = max(pend_wait_seats - (SELECT group_size FROM"
        " signups WHERE uuid = ?1), 0), pend_wait_count = max(pend_wait_count - 1, 0)"
        " WHERE id = (SELECT event_id FROM signups WHERE uuid = ?1 AND pending_wait = 1)";
    /* A provisional one's seats are in the hub's counts from its next pull; until then the
     * local count (confirmed_seats) keeps them, which only matters before the first pull. */
    static const char *const UNPROV =
        "UPDATE events SET pend_prov_seats = max(pend_prov_seats - (SELECT group_size FROM"
        " signups WHERE uuid = ?1), 0)"
        " WHERE id = (SELECT event_id FROM signups WHERE uuid = ?1 AND pending_wait = 2)";
    sqlite3_stmt *ack = NULL, *sig = NULL, *unp = NULL, *prv = NULL, *clr = NULL;
    int rc = -1;
    if (sdb_begin(s, err, errlen)) return -1;
    if (sqlite3_prepare_v2(s->db, ACK, -1, &ack, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, SIGNUP, -1, &sig, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, UNPEND, -1, &unp, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, UNPROV, -1, &prv, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "UPDATE signups SET pending_wait = 0 WHERE uuid = ?1", -1, &clr,
                           NULL) != SQLITE_OK) {
        sdb_fail(s, err, errlen, "recording answers");
        goto cleanup;
    }
    for (int i = 0; i < n; i++) {
        WireResult r = (unsigned)a[i].result < WIRE_RES_COUNT ? a[i].result : WIRE_RES_REJECTED;
        sqlite3_reset(ack);
        sqlite3_bind_text(ack, 1, a[i].uuid, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ack, 2, now);
        sqlite3_bind_text(ack, 3, wire_result_name(r), -1, SQLITE_STATIC);
        int step = sqlite3_step(ack);
        bool acked = step == SQLITE_ROW;
        bool event = acked && strcmp(sdb_text(ack, 0), "event") == 0;
        if (step == SQLITE_ROW) step = sqlite3_step(ack);
        if (step != SQLITE_DONE) {
            sdb_fail(s, err, errlen, "recording answers");
            goto cleanup;
        }
        if (!acked) continue; /* a replay */
        /* An event made here (store_spot.h): the hub has it now, or refused it. */
        if (event &&
            sdb_bound(s,
                      "UPDATE events SET spot = CASE WHEN ?2 = 'ok' THEN 2 ELSE 3 END,"
                      " spot_reason = ?3 WHERE id = '" WIRE_SPOT_PREFIX "' || ?1 AND spot = 1",
                      a[i].uuid, wire_result_name(r), r == WIRE_RES_REJECTED ? a[i].reason : "", 0,
                      0) != SQLITE_DONE) {
            sdb_fail(s, err, errlen, "recording answers");
            goto cleanup;
        }
        if (r == WIRE_RES_OK) continue; /* not a sign-up */
        sqlite3_reset(unp);
        sqlite3_bind_text(unp, 1, a[i].uuid, -1, SQLITE_STATIC);
        sqlite3_reset(prv);
        sqlite3_bind_text(prv, 1, a[i].uuid, -1, SQLITE_STATIC);
        sqlite3_reset(clr);
        sqlite3_bind_text(clr, 1, a[i].uuid, -1, SQLITE_STATIC);
        sqlite3_reset(sig);
        sqlite3_bind_text(sig, 1, a[i].uuid, -1, SQLITE_STATIC);
        sqlite3_bind_text(sig, 2, wire_result_name(r), -1, SQLITE_STATIC);
        if (r == WIRE_RES_REJECTED)
            sqlite3_bind_text(sig, 3, a[i].reason, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(sig, 3);
        sqlite3_bind_int(sig, 4, r == WIRE_RES_WAITLISTED ? a[i].position : 0);
        if (sqlite3_step(unp) != SQLITE_DONE || sqlite3_step(prv) != SQLITE_DONE ||
            sqlite3_step(clr) != SQLITE_DONE || sqlite3_step(sig) != SQLITE_DONE) {
            sdb_fail(s, err, errlen, "recording answers");
            goto cleanup;
        }
    }
    if (sdb_commit(s, err, errlen)) goto cleanup;
    rc = 0;
cleanup:
    sqlite3_finalize(ack);
    sqlite3_finalize(sig);
    sqlite3_finalize(unp);
    sqlite3_finalize(prv);
    sqlite3_finalize(clr);
    if (rc) sdb_rollback(s);
    return rc;
}

/* ---- Grants ---- */

int store_grants_close(Store *s, int64_t now, int64_t due_ms, char *err, size_t errlen)
{
    /* Which open grants to close: the seats they still hold leave grant_left first. An event
     * takes sign-ups while it is scheduled (or rescheduled), has registration and has not
     * reached the end of its enrolment (its start when there is none). When people wait at the
     * hub (its last count, pulled just before), unused seats go back to them now, not at the
     * grant's deadline: first come, first served across kiosks. */
    static const char *const DUE =
        "SELECT g.id FROM grants g LEFT JOIN events e ON e.id = g.event_id"
        " WHERE g.state = 'open' AND ((g.boot_id != ?1 AND g.boot_id != '" STORE_SPOT_BOOT "')"
        "  OR g.deadline_ms - ?4 <= ?5"
        "  OR g.used >= g.seats OR e.id IS NULL OR e.gone OR NOT e.registration"
        "  OR (e.hub_seen AND e.hub_waitlisted > 0)"
        "  OR e.status NOT IN ('scheduled','rescheduled')"
        "  OR (CASE WHEN e.enrolment_end > 0 THEN e.enrolment_end ELSE e.start_time END) <= ?2)";
    sqlite3_stmt *st = NULL;
    int closed = 0, rc;
    if (sdb_begin(s, err, errlen)) return -1;
    if (sqlite3_prepare_v2(s->db, DUE, -1, &st, NULL) != SQLITE_OK) goto error;
    sqlite3_bind_text(st, 1, s->boot_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int64(st, 4, store_mono_ms());
    sqlite3_bind_int64(st, 5, due_ms);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char id[RECORD_UUID_LEN + 1];
        str_copy(id, sizeof id, sdb_text(st, 0));
        if (sdb_bound(s,
                      "UPDATE events SET grant_left = max(grant_left - (SELECT seats - used"
                      " FROM grants WHERE id = ?1), 0)"
                      " WHERE id = (SELECT event_id FROM grants WHERE id = ?1)",
                      id, NULL, NULL, 0, 0) != SQLITE_DONE ||
            sdb_bound(s, "UPDATE grants SET state = 'closed' WHERE id = ?1", id, NULL, NULL, 0,
                      0) != SQLITE_DONE)
            goto error;
        closed++;
    }
    if (rc != SQLITE_DONE) goto error;
    sqlite3_finalize(st);
    st = NULL;
    if (sdb_commit(s, err, errlen)) goto rollback;
    return closed;
error:
    sdb_fail(s, err, errlen, "closing grants");
rollback:
    sqlite3_finalize(st);
    sdb_rollback(s);
    return -1;
}

/* Reads rows (id, event_id, int) of SQL bound with ?1 = MAX into a malloc'd GrantItem array. */
static int read_grants(Store *s, const char *sql, int max, GrantItem **out, int *n_out, char *err,
                       size_t errlen)
{
    sqlite3_stmt *st;
    GrantItem *items = calloc(max > 0 ? (size_t)max : 1, sizeof *items);
    int n = 0, rc;
    if (!items) return err_set(err, errlen, "grants: out of memory");
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        free(items);
        return sdb_fail(s, err, errlen, "grants");
    }
    sqlite3_bind_int(st, 1, max);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
        str_copy(items[n].id, sizeof items[n].id, sdb_text(st, 0));
        str_copy(items[n].event_id, sizeof items[n].event_id, sdb_text(st, 1));
        items[n].seats = sqlite3_column_int(st, 2);
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        free(items);
        return err_set(err, errlen, "grants: %s", sqlite3_errstr(rc));
    }
    *out = items;
    *n_out = n;
    return 0;
}

int store_grants_settle_list(Store *s, int max, GrantItem **out, int *n, char *err, size_t errlen)
{
    return read_grants(s,
                       /* A made event's grant waits until the hub has the event. */
                       "SELECT id, event_id, used FROM grants WHERE state = 'closed'"
                       " AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = grants.event_id"
                       " AND e.spot = 1)"
                       " ORDER BY rowid LIMIT ?1",
                       max, out, n, err, errlen);
}

int store_grant_settled(Store *s, const char *grant_id, char *err, size_t errlen)
{
    if (sdb_bound(s, "DELETE FROM grants WHERE id = ?1 AND state = 'closed'", grant_id, NULL, NULL,
                  0, 0) != SQLITE_DONE)
        return sdb_fail(s, err, errlen, "settling a grant");
    return 0;
}

int store_grants_wanted(Store *s, int64_t now, int64_t horizon_s, int want, int max,
                        GrantItem **out, int *n, char *err, size_t errlen)
{
    /* Events worth holding seats for: sent by the hub, limited seats, taking sign-ups now,
     * starting within the horizon, and with no grant open or asked for. Soonest first. */
    static const char *const CANDIDATES =
        "SELECT id FROM events e WHERE hub_seen AND NOT gone AND registration AND capacity >= 0"
        " AND status IN ('scheduled','rescheduled') AND start_time > ?4 AND start_time <= ?5"
        " AND (CASE WHEN enrolment_end > 0 THEN enrolment_end ELSE start_time END) > ?4"
        " AND enrolment_start <= ?4"
        " AND NOT EXISTS (SELECT 1 FROM grants g WHERE g.event_id = e.id"
        "  AND g.state IN ('wanted','open'))"
        " ORDER BY start_time, id LIMIT ?1";
    sqlite3_stmt *st = NULL;
    int rc;
    if (sdb_begin(s, err, errlen)) return -1;
    if (sqlite3_prepare_v2(s->db, CANDIDATES, -1, &st, NULL) != SQLITE_OK) goto error;
    sqlite3_bind_int(st, 1, max);
    sqlite3_bind_int64(st, 4, now);
    sqlite3_bind_int64(st, 5, now + horizon_s);
    int pending = 0;
    {
        int v = 0;
        if (sdb_int(s, "SELECT count(*) FROM grants WHERE state = 'wanted'", &v)) goto error;
        pending = v;
    }
    while (pending < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        char id[RECORD_UUID_LEN + 1];
        sdb_uuid_v4(id);
        if (sdb_bound(s,
                      "INSERT INTO grants (id, event_id, state, want, created_at)"
                      " VALUES (?1, ?2, 'wanted', ?4, ?5)",
                      id, sdb_text(st, 0), NULL, want, now) != SQLITE_DONE)
            goto error;
        pending++;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (sdb_commit(s, err, errlen)) goto rollback;
    return read_grants(s,
                       "SELECT id, event_id, want FROM grants WHERE state = 'wanted'"
                       " ORDER BY rowid LIMIT ?1",
                       max, out, n, err, errlen);
error:
    sdb_fail(s, err, errlen, "asking for grants");
rollback:
    sqlite3_finalize(st);
    sdb_rollback(s);
    return -1;
}

int store_grant_offered(Store *s, const char *grant_id, const char *event_id, int seats,
                        int64_t now, char *err, size_t errlen)
{
    if (sdb_bound(s,
                  "INSERT OR IGNORE INTO grants (id, event_id, state, want, created_at)"
                  " VALUES (?1, ?2, 'wanted', ?4, ?5)",
                  grant_id, event_id, NULL, seats, now) != SQLITE_DONE)
        return sdb_fail(s, err, errlen, "recording a grant");
    return 0;
}

/* Opens (or forgets) grant GRANT_ID inside the caller's transaction: store_grant_granted's
 * rules. Returns 0, 1 when the numbers are out of range (nothing changed), or -1. */
static int grant_record(Store *s, const char *grant_id, int seats, int64_t expires_in, int margin,
                        int64_t mono_ms, char *err, size_t errlen)
{
    if (seats <= 0)
        return sdb_bound(s, "DELETE FROM grants WHERE id = ?1 AND state = 'wanted'", grant_id, NULL,
                         NULL, 0, 0) == SQLITE_DONE
                   ? 0
                   : sdb_fail(s, err, errlen, "recording a grant");
    /* The numbers come from the network: bounded before any arithmetic, so a hostile answer
     * cannot overflow the deadline (a grant lives minutes to hours; a year is already absurd). */
    if (seats > STORE_GRANT_SEATS_MAX || expires_in < 0 || expires_in > STORE_GRANT_TTL_MAX ||
        margin < 0 || margin > STORE_GRANT_TTL_MAX || mono_ms < 0 || mono_ms > INT64_MAX / 2) {
        return err_set(err, errlen, "recording a grant: %d seats for %lld s is out of range", seats,
                       (long long)expires_in);
    }
    int64_t deadline = mono_ms + (expires_in - margin) * 1000;
    if (sdb_bound(s,
                  "UPDATE grants SET state = 'open', seats = ?4, used = 0, deadline_ms = ?5,"
                  " boot_id = ?2 WHERE id = ?1 AND state = 'wanted'",
                  grant_id, s->boot_id, NULL, seats, deadline) != SQLITE_DONE)
        return sdb_fail(s, err, errlen, "recording a grant");
    if (sqlite3_changes(s->db) == 1 &&
        sdb_bound(s,
                  "UPDATE events SET grant_left = grant_left + ?4"
                  " WHERE id = (SELECT event_id FROM grants WHERE id = ?1)",
                  grant_id, NULL, NULL, seats, 0) != SQLITE_DONE)
        return sdb_fail(s, err, errlen, "recording a grant");
    return 0;
}

int store_grant_granted(Store *s, const char *grant_id, int seats, int64_t expires_in, int margin,
                        int64_t mono_ms, char *err, size_t errlen)
{
    if (sdb_begin(s, err, errlen)) return -1;
    if (grant_record(s, grant_id, seats, expires_in, margin, mono_ms, err, errlen) ||
        sdb_commit(s, err, errlen)) {
        sdb_rollback(s);
        return -1;
    }
    return 0;
}

int store_grants_answer(Store *s, const WireSettled *done, int n_done, const WireGrant *got,
                        int n_got, int margin, int64_t mono_ms, char *err, size_t errlen)
{
    if (n_done <= 0 && n_got <= 0) return 0;
    if (sdb_begin(s, err, errlen)) return -1;
    for (int i = 0; i < n_done; i++)
        if (sdb_bound(s, "DELETE FROM grants WHERE id = ?1 AND state = 'closed'", done[i].grant,
                      NULL, NULL, 0, 0) != SQLITE_DONE) {
            sdb_fail(s, err, errlen, "settling a grant");
            goto rollback;
        }
    for (int i = 0; i < n_got; i++)
        if (grant_record(s, got[i].grant, got[i].seats, got[i].expires_in, margin, mono_ms, err,
                         errlen))
            goto rollback;
    if (sdb_commit(s, err, errlen)) goto rollback;
    return 0;
rollback:
    sdb_rollback(s);
    return -1;
}

/* ---- Pull ---- */

int store_sync_bulk_begin(Store *s)
{
    int n = 1;
    const char *file = sqlite3_db_filename(s->db, "main");
    if (!file || !file[0]) return 0;
    if (sdb_int(s, "SELECT EXISTS (SELECT 1 FROM events)", &n) || n != 0) {
        /* Not a fresh kiosk: WAL, as always; also if an earlier snapshot's return to it failed
         * (a no-op when the database is in WAL mode already). */
        char mode[16];
        sdb_journal_mode(s, "WAL", mode, sizeof mode);
        return 0;
    }
    /* SQLite leaves WAL mode only when no other connection has the database open: it returns
     * "wal" (or fails) otherwise, and the pull runs in WAL mode as always. */
    char mode[16];
    sdb_journal_mode(s, "DELETE", mode, sizeof mode);
    return strcmp(mode, "delete") == 0 ? 1 : 0;
}

int store_sync_bulk_end(Store *s)
{
    char mode[16];
    sdb_journal_mode(s, "WAL", mode, sizeof mode);
    return strcmp(mode, "wal") == 0 ? 0 : -1;
}

/* Forgets event ID: deleted with its document when nobody signed up for it, else hidden. */
static int forget_event(Store *s, const char *id)
{
    int rc = sdb_bound(s,
                       "UPDATE events SET gone = 1 WHERE id = ?1"
                       " AND EXISTS (SELECT 1 FROM signups WHERE event_id = ?1)",
                       id, NULL, NULL, 0, 0);
    if (rc == SQLITE_DONE && sqlite3_changes(s->db) == 0) {
        rc = sdb_bound(s, "DELETE FROM event_docs WHERE id = ?1", id, NULL, NULL, 0, 0);
        if (rc == SQLITE_DONE)
            rc = sdb_bound(s, "DELETE FROM events WHERE id = ?1", id, NULL, NULL, 0, 0);
    }
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The hub's later decisions about this kiosk's sign-ups, inside the caller's transaction. */
static int apply_signups(Store *s, const WireSignupChange *su, int n)
{
    if (n <= 0) return 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(
            s->db,
            "UPDATE signups SET hub_status = ?2, hub_position = ?3, hub_reason = NULL,"
            " hub_pulled = 1 WHERE uuid = ?1",
            -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, su[i].uuid, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, wire_signup_state_name(su[i].state), -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, su[i].state == WIRE_SIGNUP_WAITLISTED ? su[i].position : 0);
        if (sqlite3_step(st) != SQLITE_DONE) rc = -1;
    }
    sqlite3_finalize(st);
    return rc;
}

int store_sync_apply(Store *s, const SyncChange *ch, int n, bool reset, bool more,
                     const char *cursor, char *err, size_t errlen)
{
    return store_sync_apply_page(s, ch, n, NULL, 0, reset, more, cursor, err, errlen);
}

int store_sync_apply_page(Store *s, const SyncChange *ch, int n, const WireSignupChange *su,
                          int n_su, bool reset, bool more, const char *cursor, char *err,
                          size_t errlen)
{
    int64_t now = now_s();
    if (sdb_begin(s, err, errlen)) return -1;
    int64_t gen = state_int(s, "snapshot_gen");
    if (reset) {
        gen++;
        if (state_set_int(s, "snapshot_gen", gen) || state_set(s, "snapshot_active", "1"))
            goto error;
    }
    for (int i = 0; i < n; i++) {
        if (ch[i].kind == SYNC_CHANGE_DELETE) {
            if (forget_event(s, ch[i].id)) goto error;
            continue;
        }
        if (ch[i].kind == SYNC_CHANGE_SKIP) {
            /* Kept as it was, and not forgotten by the end of a snapshot either. */
            if (sdb_bound(s, "UPDATE events SET hub_gen = ?4 WHERE id = ?1", ch[i].id, NULL, NULL,
                          gen, 0) != SQLITE_DONE)
                goto error;
            continue;
        }
        /* The document is the event as the hub sent it: rebuilding it from the parsed Event
         * was a quarter of a 10,000-event pull, and it reads back the same. */
        SdbHubSeats hs = {ch[i].confirmed, ch[i].waitlisted, ch[i].held, gen};
        char *doc = !ch[i].doc && ch[i].json ? json_dumps(ch[i].json, JSON_COMPACT) : NULL;
        int urc = ch[i].doc ? sdb_event_upsert_hub(s, ch[i].event, ch[i].doc, ch[i].doc_len, &hs,
                                                   now, err, errlen)
                            : sdb_event_upsert_hub(s, ch[i].event, doc, doc ? strlen(doc) : 0, &hs,
                                                   now, err, errlen);
        free(doc);
        if (urc) goto rollback;
    }
    if (!more) {
        char active[8];
        if (state_get(s, "snapshot_active", active, sizeof active)) goto error;
        if (active[0] == '1') {
            /* The snapshot is complete: what it did not bring back is gone at the hub. */
            sqlite3_stmt *old;
            /* Except events made here that the hub does not have (store_spot.h). */
            if (sqlite3_prepare_v2(s->db,
                                   "SELECT id FROM events WHERE hub_gen != ?1 AND NOT gone"
                                   " AND spot NOT IN (1, 3)",
                                   -1, &old, NULL) != SQLITE_OK)
                goto error;
            sqlite3_bind_int64(old, 1, gen);
            char **ids = NULL;
            int nid = 0, cap = 0, rc;
            while ((rc = sqlite3_step(old)) == SQLITE_ROW) {
                if (nid == cap) {
                    cap = cap ? cap * 2 : 64;
                    char **nids = realloc(ids, (size_t)cap * sizeof *ids);
                    if (!nids) break;
                    ids = nids;
                }
                if (!(ids[nid] = strdup(sdb_text(old, 0)))) break;
                nid++;
            }
            sqlite3_finalize(old);
            int bad = rc != SQLITE_DONE;
            for (int i = 0; i < nid; i++) {
                if (!bad && forget_event(s, ids[i])) bad = 1;
                free(ids[i]);
            }
            free(ids);
            if (bad || state_set(s, "snapshot_active", NULL)) goto error;
        }
    }
    if (apply_signups(s, su, n_su)) goto error;
    if (state_set(s, "cursor", cursor && cursor[0] ? cursor : NULL)) goto error;
    if (sdb_commit(s, err, errlen)) goto rollback;
    return 0;
error:
    sdb_fail(s, err, errlen, "applying changes");
rollback:
    sdb_rollback(s);
    return -1;
}

int store_sync_cursor(Store *s, char *buf, size_t n)
{
    return state_get(s, "cursor", buf, n);
}

int store_sync_forget_cursor(Store *s)
{
    return state_set(s, "cursor", NULL);
}

/* Each in one transaction: one fsync, not one a key. */
int store_sync_mark_ok(Store *s, int64_t now)
{
    char err[8];
    if (sdb_begin(s, err, sizeof err)) return -1;
    if (state_set(s, "last_error", NULL) || state_set(s, "last_error_at", NULL) ||
        state_set(s, "last_error_kind", NULL) || state_set_int(s, "last_ok", now) ||
        sdb_commit(s, err, sizeof err)) {
        sdb_rollback(s);
        return -1;
    }
    return 0;
}

int store_sync_mark_error(Store *s, int64_t now, int kind, const char *why)
{
    char err[8];
    if (sdb_begin(s, err, sizeof err)) return -1;
    /* The reason names requests, statuses and event ids, never personal data (client.h). */
    if (state_set(s, "last_error", why && *why ? why : "unknown") ||
        state_set_int(s, "last_error_kind", kind) || state_set_int(s, "last_error_at", now) ||
        sdb_commit(s, err, sizeof err)) {
        sdb_rollback(s);
        return -1;
    }
    return 0;
}

int store_sync_status(Store *s, SyncStatus *out)
{
    static const char *const GRANTS =
        "SELECT count(*), COALESCE(sum(seats - used), 0) FROM grants"
        " WHERE state = 'open' AND (boot_id = ?1 OR boot_id = '" STORE_SPOT_BOOT
        "') AND deadline_ms > ?4";
    memset(out, 0, sizeof *out);
    out->last_ok = state_int(s, "last_ok");
    out->last_error_at = state_int(s, "last_error_at");
    out->last_error_kind = (int)state_int(s, "last_error_kind");
    if (state_get(s, "last_error", out->last_error, sizeof out->last_error)) return -1;
    out->queued = store_outbox_pending(s);
    if (out->queued < 0 || store_sync_cursor(s, out->cursor, sizeof out->cursor)) return -1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, GRANTS, -1, &st, NULL) != SQLITE_OK) return -1;
    sqlite3_bind_text(st, 1, s->boot_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, store_mono_ms());
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->grants_open = sqlite3_column_int(st, 0);
        out->grant_seats = sqlite3_column_int(st, 1);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) return -1;
    int v = 0;
    if (sdb_int(s, "SELECT count(*) FROM grants WHERE state = 'closed'", &v)) return -1;
    out->grants_closing = v;
    return 0;
}
