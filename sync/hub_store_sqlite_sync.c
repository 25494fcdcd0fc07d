/*
 * hub_store_sqlite_sync.c: what kiosks send, on SQLite: push (exactly once per op), grants (settle
 * then want), the coordinator's release of a device's grants, and check. Each is one transaction
 * around calls into the seat ledger (hub_seats.c), which decides every seat; this file stores
 * answers and feedback.
 */
#include "hub_store_sqlite.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* ---- Push --------------------------------------------------------------------------------- */

static char *answer_new(const char *uuid, WireResult r, int position, const char *reason,
                        const char *message)
{
    char buf[1024];
    if (wire_answer_format(buf, sizeof buf, uuid, r, position, reason, message) < 0) return NULL;
    return strdup(buf);
}

/* The answer of a seat op, formatted. */
static char *answer_of(const WireOp *op, const HubSeatAnswer *a)
{
    return answer_new(op->uuid, a->result, a->position, a->reason, a->message);
}

/* A follow-up (op->amends): replaces the score, comment and reasons of the same device's
 * earlier feedback. *DONE is false when there is no such record (never arrived, or another
 * device's), and the follow-up is then kept as a record of its own. */
static int amend_feedback(Conn *c, int64_t device_id, const WireOp *op, bool *done, char *err,
                          size_t n)
{
    *done = false;
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "UPDATE feedback SET score = ?, comment = ?, reasons = ?"
                                       " WHERE uuid = ? AND device_id = ?",
                                       err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int(st, 1, op->score);
    hub_sqlite_bind_text(st, 2, op->comment);
    hub_sqlite_bind_text(st, 3, op->reasons);
    hub_sqlite_bind_text(st, 4, op->amends);
    sqlite3_bind_int64(st, 5, device_id);
    if (hub_sqlite_done(c, st, err, n, "feedback") != AUKIO_OK) return AUKIO_ERR;
    *done = sqlite3_changes(c->db) > 0;
    return AUKIO_OK;
}

static int apply_feedback(Conn *c, int64_t device_id, const WireOp *op, int64_t now, char **answer,
                          char *err, size_t n)
{
    bool amended = false;
    if (op->amends && amend_feedback(c, device_id, op, &amended, err, n) != AUKIO_OK)
        return AUKIO_ERR;
    if (amended) {
        *answer = answer_new(op->uuid, WIRE_RES_OK, 0, NULL, NULL);
        return *answer ? AUKIO_OK : AUKIO_ERR;
    }
    sqlite3_stmt *st =
        hub_sqlite_stmt(c,
                        "INSERT INTO feedback(uuid, device_id, score, event_id, comment, lang,"
                        " created_at, received_at, reasons) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, op->uuid);
    sqlite3_bind_int64(st, 2, device_id);
    sqlite3_bind_int(st, 3, op->score);
    hub_sqlite_bind_text(st, 4, op->event_id);
    hub_sqlite_bind_text(st, 5, op->comment);
    hub_sqlite_bind_text(st, 6, op->lang);
    sqlite3_bind_int64(st, 7, op->created_at);
    sqlite3_bind_int64(st, 8, now);
    hub_sqlite_bind_text(st, 9, op->reasons);
    if (hub_sqlite_done(c, st, err, n, "feedback") != AUKIO_OK) return AUKIO_ERR;
    *answer = answer_new(op->uuid, WIRE_RES_OK, 0, NULL, NULL);
    return *answer ? AUKIO_OK : AUKIO_ERR;
}

/* A check-in at the door (WIRE_OP_CHECKIN) of one of this device's sign-ups: attended is set as
 * the op says unless the sign-up already holds a change made later on the kiosk (attended_at is
 * the kiosk's created_at of the change applied), so ops applied in any order, or again, end in
 * the state of the newest. An unknown sign-up, or another device's, is rejected as not_found. */
static int apply_checkin(Conn *c, int64_t device_id, const WireOp *op, char **answer, char *err,
                         size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "UPDATE signups SET attended = ?3, attended_at = ?4"
                                       " WHERE uuid = ?1 AND device_id = ?2 AND attended_at <= ?4",
                                       err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, op->signup);
    sqlite3_bind_int64(st, 2, device_id);
    sqlite3_bind_int(st, 3, op->attended ? 1 : 0);
    sqlite3_bind_int64(st, 4, op->created_at);
    if (hub_sqlite_done(c, st, err, n, "checkin") != AUKIO_OK) return AUKIO_ERR;
    if (sqlite3_changes(c->db) == 0) {
        /* Either a newer change is there already (fine: ok), or no such sign-up. */
        st = hub_sqlite_stmt(c, "SELECT 1 FROM signups WHERE uuid = ?1 AND device_id = ?2", err, n);
        if (!st) return AUKIO_ERR;
        hub_sqlite_bind_text(st, 1, op->signup);
        sqlite3_bind_int64(st, 2, device_id);
        int r = sqlite3_step(st);
        sqlite3_reset(st);
        if (r != SQLITE_ROW && r != SQLITE_DONE) return hub_sqlite_fail(err, n, c->db, "checkin");
        if (r == SQLITE_DONE) {
            *answer = answer_new(op->uuid, WIRE_RES_REJECTED, 0, WIRE_REJ_NOT_FOUND,
                                 "no sign-up of this device has that uuid");
            return *answer ? AUKIO_OK : AUKIO_ERR;
        }
    }
    *answer = answer_new(op->uuid, WIRE_RES_OK, 0, NULL, NULL);
    return *answer ? AUKIO_OK : AUKIO_ERR;
}

/* How long the hub keeps a made event's grant answerable to a retry (the kiosk names it in its
 * first op and never asks for it again; its seats stay held until settled, as any grant's). */
#define SPOT_GRANT_TTL_S (366 * 24 * 3600)

/* An event made on the spot by DEVICE_ID's staff (WIRE_OP_EVENT): stored as an import would store
 * it, marked as the device's, and when the op names a grant, every seat of it held for the
 * device, which has decided every sign-up for it so far. Refused when it does not read as an
 * event or its id is taken (only another device's uuid can do that). */
static int apply_event(Conn *c, int64_t device_id, const WireOp *op, int64_t now, Touched *t,
                       char **answer, char *err, size_t n)
{
    Event ev;
    char why[256];
    if (event_from_json(&ev, op->event, why, sizeof why)) {
        *answer = answer_new(op->uuid, WIRE_RES_REJECTED, 0, WIRE_REJ_INVALID, why);
        return *answer ? AUKIO_OK : AUKIO_ERR;
    }
    int rc = AUKIO_ERR;
    json_t *j = event_to_json(&ev);
    char *json = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    /* Taken ids: only another device's uuid, or a grant id used twice, can collide. */
    sqlite3_stmt *st = json ? hub_sqlite_stmt(c,
                                              "SELECT 1 FROM events WHERE id = ?1 UNION ALL"
                                              " SELECT 1 FROM grants WHERE id = ?2",
                                              err, n)
                            : NULL;
    if (!st) goto done;
    hub_sqlite_bind_text(st, 1, ev.id);
    hub_sqlite_bind_text(st, 2, op->grant ? op->grant : "");
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r == SQLITE_ROW) {
        *answer = answer_new(op->uuid, WIRE_RES_REJECTED, 0, WIRE_REJ_UUID_CONFLICT, NULL);
        rc = *answer ? AUKIO_OK : AUKIO_ERR;
        goto done;
    }
    if (r != SQLITE_DONE) {
        rc = hub_sqlite_fail(err, n, c->db, "event");
        goto done;
    }
    HubEventIn in = hub_event_in(&ev, json);
    if ((rc = hub_sqlite_event_put(c, &in, now, err, n)) != AUKIO_OK) goto done;
    rc = AUKIO_ERR;
    st = hub_sqlite_stmt(c, "UPDATE events SET made_by = ? WHERE id = ?", err, n);
    if (!st) goto done;
    sqlite3_bind_int64(st, 1, device_id);
    hub_sqlite_bind_text(st, 2, ev.id);
    if (hub_sqlite_done(c, st, err, n, "event") != AUKIO_OK) goto done;
    if (op->grant && in.capacity >= 0) {
        SqlRows rows;
        HubSeatStore ledger = hub_sqlite_rows_init(&rows, c, t);
        if (hub_seats_hold_all(&ledger, device_id, op->grant, ev.id, now, now + SPOT_GRANT_TTL_S,
                               err, n) != AUKIO_OK)
            goto done;
    }
    *answer = answer_new(op->uuid, WIRE_RES_OK, 0, NULL, NULL);
    rc = *answer ? AUKIO_OK : AUKIO_ERR;
done:
    free(json);
    event_deinit(&ev);
    return rc;
}

static int push_one(Conn *c, int64_t device_id, HubPushItem *it, int64_t now, Touched *t, char *err,
                    size_t n)
{
    const WireOp *op = &it->op;
    if (!op->uuid[0]) {
        /* Without a uuid there is nothing to remember the answer by. */
        it->answer = answer_new("", WIRE_RES_REJECTED, 0, WIRE_REJ_INVALID, it->reject_why);
        return it->answer ? AUKIO_OK : AUKIO_ERR;
    }
    sqlite3_stmt *st =
        hub_sqlite_stmt(c, "SELECT device_id, answer FROM ops WHERE uuid = ?", err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, op->uuid);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        bool mine = sqlite3_column_int64(st, 0) == device_id;
        it->answer = mine
                         ? strdup(hub_sqlite_col_text(st, 1))
                         : answer_new(op->uuid, WIRE_RES_REJECTED, 0, WIRE_REJ_UUID_CONFLICT, NULL);
        sqlite3_reset(st);
        return it->answer ? AUKIO_OK : AUKIO_ERR;
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE) return hub_sqlite_fail(err, n, c->db, "ops");

    int rc;
    if (it->reject_why) {
        it->answer = answer_new(op->uuid, WIRE_RES_REJECTED, 0, WIRE_REJ_INVALID, it->reject_why);
        rc = it->answer ? AUKIO_OK : AUKIO_ERR;
    } else if (op->kind == WIRE_OP_SIGNUP || op->kind == WIRE_OP_CANCEL) {
        SqlRows rows;
        HubSeatStore ledger = hub_sqlite_rows_init(&rows, c, t);
        HubSeatAnswer a;
        rc = op->kind == WIRE_OP_SIGNUP ? hub_seats_signup(&ledger, device_id, op, now, &a, err, n)
                                        : hub_seats_cancel(&ledger, device_id, op, now, &a, err, n);
        if (rc == AUKIO_OK && !(it->answer = answer_of(op, &a))) rc = AUKIO_ERR;
    } else if (op->kind == WIRE_OP_CHECKIN) {
        rc = apply_checkin(c, device_id, op, &it->answer, err, n);
    } else if (op->kind == WIRE_OP_EVENT) {
        rc = apply_event(c, device_id, op, now, t, &it->answer, err, n);
    } else {
        rc = apply_feedback(c, device_id, op, now, &it->answer, err, n);
    }
    if (rc != AUKIO_OK) return rc;
    st = hub_sqlite_stmt(
        c, "INSERT INTO ops(uuid, device_id, answer, received_at) VALUES(?, ?, ?, ?)", err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, op->uuid);
    sqlite3_bind_int64(st, 2, device_id);
    hub_sqlite_bind_text(st, 3, it->answer);
    sqlite3_bind_int64(st, 4, now);
    return hub_sqlite_done(c, st, err, n, "ops");
}

static int s_push(HubStore *s, int64_t device_id, HubPushItem *items, int n_items, int64_t now,
                  char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    for (int i = 0; i < n_items; i++)
        items[i].answer = NULL;
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    Touched t = {0};
    int rc = hub_sqlite_device_seen(c, device_id, now, err, n);
    for (int i = 0; i < n_items && rc == AUKIO_OK; i++)
        rc = push_one(c, device_id, &items[i], now, &t, err, n);
    if (rc == AUKIO_OK) rc = hub_sqlite_touched_apply(c, &t, err, n);
    hub_sqlite_touched_deinit(&t);
    rc = hub_sqlite_end(S, c, rc, err, n);
    if (rc != AUKIO_OK) {
        for (int i = 0; i < n_items; i++) {
            free(items[i].answer);
            items[i].answer = NULL;
        }
    }
    return rc;
}

/* ---- Grants ------------------------------------------------------------------------------- */

static int s_grants(HubStore *s, int64_t device_id, const HubPolicy *pol, HubSettle *settle,
                    int n_settle, HubWant *want, int n_want, int64_t now, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    Touched t = {0};
    SqlRows rows;
    HubSeatStore ledger = hub_sqlite_rows_init(&rows, c, &t);
    int active = 1;
    int rc = hub_sqlite_device_seen(c, device_id, now, err, n);
    for (int i = 0; i < n_settle && rc == AUKIO_OK; i++)
        rc = hub_seats_settle(&ledger, device_id, &settle[i], now, err, n);
    if (rc == AUKIO_OK && n_want > 0) {
        sqlite3_stmt *st =
            hub_sqlite_stmt(c,
                            "SELECT count(*) FROM devices WHERE token_hash IS NOT NULL"
                            " AND revoked_at IS NULL",
                            err, n);
        if (!st) {
            rc = AUKIO_ERR;
        } else {
            if (sqlite3_step(st) == SQLITE_ROW) active = sqlite3_column_int(st, 0);
            sqlite3_reset(st);
        }
    }
    for (int i = 0; i < n_want && rc == AUKIO_OK; i++)
        rc = hub_seats_want(&ledger, device_id, pol, &want[i], now, active, err, n);
    if (rc == AUKIO_OK) rc = hub_sqlite_touched_apply(c, &t, err, n);
    hub_sqlite_touched_deinit(&t);
    return hub_sqlite_end(S, c, rc, err, n);
}

static int s_device_release(HubStore *s, const char *name, int64_t now, int *grants, int *seats,
                            char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    *grants = *seats = 0;
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    Touched t = {0};
    SqlRows rows;
    HubSeatStore ledger = hub_sqlite_rows_init(&rows, c, &t);
    int rc = AUKIO_OK;
    sqlite3_stmt *st = hub_sqlite_stmt(c, "SELECT id FROM devices WHERE name = ?", err, n);
    int64_t device_id = 0;
    if (!st) {
        rc = AUKIO_ERR;
    } else {
        hub_sqlite_bind_text(st, 1, name);
        int r = sqlite3_step(st);
        if (r == SQLITE_ROW) device_id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (r == SQLITE_DONE) {
            snprintf(err, n, "no device named %s", name);
            rc = AUKIO_ERR_NOT_FOUND;
        } else if (r != SQLITE_ROW)
            rc = hub_sqlite_fail(err, n, c->db, "device");
    }
    if (rc == AUKIO_OK) rc = hub_seats_release(&ledger, device_id, now, grants, seats, err, n);
    if (rc == AUKIO_OK) rc = hub_sqlite_touched_apply(c, &t, err, n);
    hub_sqlite_touched_deinit(&t);
    return hub_sqlite_end(S, c, rc, err, n);
}
/* ---- Sign-ups: their changes for pulls, the coordinator's cancel ------------------------- */

static int s_signup_changes(HubStore *s, int64_t device_id, int64_t after, int64_t *upto, int max,
                            HubSignupChangeCb cb, void *ud, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    /* One read transaction: the cut and the rows are seen at the same instant. */
    if (sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return hub_sqlite_fail(err, n, c->db, "signup changes");
    /* The sequence of the first one past MAX, and of the first one in the range. */
    sqlite3_stmt *st = hub_sqlite_stmt(
        c,
        "SELECT seq, (SELECT min(seq) FROM signups WHERE device_id = ?1 AND seq > ?2"
        " AND seq <= ?3) FROM signups WHERE device_id = ?1 AND seq > ?2"
        " AND seq <= ?3 ORDER BY seq LIMIT 1 OFFSET ?4",
        err, n);
    int rc = st ? AUKIO_OK : AUKIO_ERR;
    if (st) {
        sqlite3_bind_int64(st, 1, device_id);
        sqlite3_bind_int64(st, 2, after);
        sqlite3_bind_int64(st, 3, *upto);
        sqlite3_bind_int(st, 4, max);
        int r = sqlite3_step(st);
        if (r == SQLITE_ROW) {
            /* More than MAX: stop before the sequence of the first one left over. */
            int64_t cut = sqlite3_column_int64(st, 0), first = sqlite3_column_int64(st, 1);
            *upto = first < cut ? cut - 1 : cut;
        } else if (r != SQLITE_DONE) {
            rc = hub_sqlite_fail(err, n, c->db, "signup changes");
        }
        sqlite3_reset(st);
    }
    if (rc == AUKIO_OK)
        st = hub_sqlite_stmt(
            c,
            "SELECT s.uuid, s.code, s.status, CASE s.status WHEN 1 THEN 1 +"
            " (SELECT count(*) FROM signups w WHERE w.event_id = s.event_id AND w.status = 1"
            " AND w.n < s.n) ELSE 0 END"
            " FROM signups s WHERE s.device_id = ? AND s.seq > ? AND s.seq <= ? ORDER BY s.seq, "
            "s.n",
            err, n);
    if (rc == AUKIO_OK && !st) rc = AUKIO_ERR;
    if (rc == AUKIO_OK) {
        sqlite3_bind_int64(st, 1, device_id);
        sqlite3_bind_int64(st, 2, after);
        sqlite3_bind_int64(st, 3, *upto);
        int r;
        while (rc == AUKIO_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
            WireSignupChange ch;
            str_copy(ch.uuid, sizeof ch.uuid, hub_sqlite_col_text(st, 0));
            ch.code = hub_sqlite_col_text(st, 1);
            int status = sqlite3_column_int(st, 2);
            ch.state = status == HUB_SIGNUP_CONFIRMED    ? WIRE_SIGNUP_CONFIRMED
                       : status == HUB_SIGNUP_WAITLISTED ? WIRE_SIGNUP_WAITLISTED
                                                         : WIRE_SIGNUP_CANCELLED;
            ch.position = sqlite3_column_int(st, 3);
            if (cb(ud, &ch) != 0) rc = err_set(err, n, "signup changes: out of memory");
        }
        if (rc == AUKIO_OK && r != SQLITE_DONE) rc = hub_sqlite_fail(err, n, c->db, "signups");
        sqlite3_reset(st);
    }
    sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
    return rc;
}

/* The sign-up with CODE (of DEVICE when not NULL): its uuid and device. */
static int find_code(Conn *c, const char *code, const char *device, char uuid[RECORD_UUID_LEN + 1],
                     int64_t *device_id, char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "SELECT s.uuid, s.device_id FROM signups s"
                                       " JOIN devices d ON d.id = s.device_id"
                                       " WHERE s.code = ?1 AND (?2 IS NULL OR d.name = ?2)"
                                       " ORDER BY s.n LIMIT 2",
                                       err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, code);
    hub_sqlite_bind_text(st, 2, device);
    int found = 0, r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (found == 0) {
            str_copy(uuid, RECORD_UUID_LEN + 1, hub_sqlite_col_text(st, 0));
            *device_id = sqlite3_column_int64(st, 1);
        } else if (sqlite3_column_int64(st, 1) != *device_id) {
            found = 2;
            break;
        }
        found = 1;
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE && r != SQLITE_ROW) return hub_sqlite_fail(err, n, c->db, "signup");
    if (found == 0) return AUKIO_ERR_NOT_FOUND;
    if (found == 2) {
        snprintf(err, n, "several devices have a sign-up with this code: name one with --device");
        return AUKIO_ERR_EXISTS;
    }
    return AUKIO_OK;
}

/* The state on the wire of a sign-up row's STATUS. */
static int wire_state(int status)
{
    return status == HUB_SIGNUP_CONFIRMED    ? WIRE_SIGNUP_CONFIRMED
           : status == HUB_SIGNUP_WAITLISTED ? WIRE_SIGNUP_WAITLISTED
                                             : WIRE_SIGNUP_CANCELLED;
}

/* The sign-up with CODE of any device as *OUT; AUKIO_ERR_NOT_FOUND when none has it or when
 * sign-ups of several devices do. */
static int info_by_code(Conn *c, const char *code, WireSignupInfo *out, char *err, size_t n)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = hub_sqlite_stmt(
        c,
        "SELECT s.code, s.event_id, s.status, CASE s.status WHEN 1 THEN 1 +"
        " (SELECT count(*) FROM signups w WHERE w.event_id = s.event_id AND w.status = 1"
        " AND w.n < s.n) ELSE 0 END, s.group_size, s.device_id"
        " FROM signups s WHERE s.code = ?1 ORDER BY s.n LIMIT 2",
        err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, code);
    int found = 0, r;
    int64_t device = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (found == 0) {
            str_copy(out->code, sizeof out->code, hub_sqlite_col_text(st, 0));
            str_copy(out->event_id, sizeof out->event_id, hub_sqlite_col_text(st, 1));
            out->state = (WireSignupState)wire_state(sqlite3_column_int(st, 2));
            out->position = sqlite3_column_int(st, 3);
            out->group_size = sqlite3_column_int(st, 4);
            device = sqlite3_column_int64(st, 5);
            found = 1;
        } else if (sqlite3_column_int64(st, 5) != device) {
            found = 2;
        }
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE) return hub_sqlite_fail(err, n, c->db, "signup");
    if (found != 1) {
        memset(out, 0, sizeof *out);
        snprintf(err, n, "no sign-up has this code");
        return AUKIO_ERR_NOT_FOUND;
    }
    return AUKIO_OK;
}

static int s_signup_by_code(HubStore *s, const char *code, WireSignupInfo *out, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    return info_by_code(c, code, out, err, n);
}

/* Cancels the sign-up with CODE (of DEVICE when not NULL) inside the caller's transaction, as the
 * kiosk's own cancel op would, on behalf of the device that made it. BY_DEVICE (0 = none) is
 * recorded as where it was cancelled. */
static int cancel_code(Conn *c, Touched *t, const char *code, const char *device, int64_t by_device,
                       int64_t now, int *was, char *event_id, char *err, size_t n)
{
    SqlRows rows;
    HubSeatStore ledger = hub_sqlite_rows_init(&rows, c, t);
    WireOp op;
    wire_op_init(&op, WIRE_OP_CANCEL);
    int64_t device_id = 0;
    HubSignupRef su;
    int rc = find_code(c, code, device, op.signup, &device_id, err, n);
    if (rc == AUKIO_ERR_NOT_FOUND) snprintf(err, n, "no sign-up has this code");
    if (rc == AUKIO_OK) rc = ledger.signup_find(ledger.ud, op.signup, &su, err, n);
    if (rc != AUKIO_OK) return rc;
    *was = wire_state(su.status);
    str_copy(event_id, RECORD_EVENT_ID_MAX + 1, su.event_id);
    HubSeatAnswer a;
    /* Exactly what the kiosk's own cancel op does, on behalf of the device that made it. */
    rc = hub_seats_cancel(&ledger, device_id, &op, now, &a, err, n);
    if (rc == AUKIO_OK && a.result != WIRE_RES_OK)
        rc = err_set(err, n, "the sign-up could not be cancelled (%s)", a.reason ? a.reason : "?");
    if (rc == AUKIO_OK && by_device > 0 && *was != WIRE_SIGNUP_CANCELLED) {
        sqlite3_stmt *st =
            hub_sqlite_stmt(c, "UPDATE signups SET cancelled_by = ?2 WHERE uuid = ?1", err, n);
        if (!st) return AUKIO_ERR;
        hub_sqlite_bind_text(st, 1, op.signup);
        sqlite3_bind_int64(st, 2, by_device);
        int r = sqlite3_step(st);
        sqlite3_reset(st);
        if (r != SQLITE_DONE) rc = hub_sqlite_fail(err, n, c->db, "cancelled_by");
    }
    return rc;
}

static int s_signup_cancel(HubStore *s, const char *code, const char *device, int64_t now, int *was,
                           char *event_id, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    Touched t = {0};
    int rc = cancel_code(c, &t, code, device, 0, now, was, event_id, err, n);
    if (rc == AUKIO_OK) rc = hub_sqlite_touched_apply(c, &t, err, n);
    hub_sqlite_touched_deinit(&t);
    return hub_sqlite_end(S, c, rc, err, n);
}

static int s_signup_cancel_by_code(HubStore *s, const char *code, int64_t by_device, int64_t now,
                                   int *was, WireSignupInfo *out, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    Touched t = {0};
    char event_id[RECORD_EVENT_ID_MAX + 1];
    /* Found for one device only: a code that several devices gave out proves nothing. */
    int rc = info_by_code(c, code, out, err, n);
    if (rc == AUKIO_OK) rc = cancel_code(c, &t, code, NULL, by_device, now, was, event_id, err, n);
    if (rc == AUKIO_ERR_EXISTS) rc = AUKIO_ERR_NOT_FOUND;
    if (rc == AUKIO_OK) rc = hub_sqlite_touched_apply(c, &t, err, n);
    if (rc == AUKIO_OK) rc = info_by_code(c, code, out, err, n);
    hub_sqlite_touched_deinit(&t);
    return hub_sqlite_end(S, c, rc, err, n);
}

/* ---- Check ------------------------------------------------------------------------------- */

static int s_check(HubStore *s, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    /* One read transaction so the counters and the rows are seen at the same instant. */
    if (sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return hub_sqlite_fail(err, n, c->db, "check");
    sqlite3_stmt *st = hub_sqlite_stmt(
        c,
        "SELECT e.id, e.state, e.capacity, e.reserved, e.confirmed, e.waitlisted,"
        " e.waitlisted_count, e.held,"
        " (SELECT coalesce(sum(group_size), 0) FROM signups WHERE event_id = e.id AND status = 0),"
        " (SELECT coalesce(sum(group_size), 0) FROM signups WHERE event_id = e.id AND status = 1),"
        " (SELECT count(*) FROM signups WHERE event_id = e.id AND status = 1),"
        " (SELECT coalesce(sum(CASE state WHEN 0 THEN seats - consumed"
        "   ELSE max(declared - consumed, 0) END), 0)"
        "   FROM grants WHERE event_id = e.id AND state IN (0, 1)),"
        " (SELECT group_size FROM signups WHERE event_id = e.id AND status = 1 ORDER BY n"
        "   LIMIT 1),"
        " (SELECT coalesce(sum(group_size), 0) FROM signups WHERE event_id = e.id AND status = 0"
        "   AND late = 3)"
        " FROM events e",
        err, n);
    int rc = st ? AUKIO_OK : AUKIO_ERR;
    int r = SQLITE_DONE;
    while (rc == AUKIO_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        HubSeatAudit a = {.id = hub_sqlite_col_text(st, 0),
                          .live = sqlite3_column_int(st, 1) == EV_LIVE,
                          .capacity = sqlite3_column_int(st, 2),
                          .reserved = sqlite3_column_int(st, 3),
                          .confirmed = sqlite3_column_int(st, 4),
                          .waitlisted = sqlite3_column_int(st, 5),
                          .waitlisted_count = sqlite3_column_int(st, 6),
                          .held = sqlite3_column_int(st, 7),
                          .r_confirmed = sqlite3_column_int(st, 8),
                          .r_waitlisted = sqlite3_column_int(st, 9),
                          .r_waitlisted_count = sqlite3_column_int(st, 10),
                          .r_held = sqlite3_column_int(st, 11),
                          .has_head = sqlite3_column_type(st, 12) != SQLITE_NULL,
                          .head_group = sqlite3_column_int(st, 12),
                          .r_over = sqlite3_column_int(st, 13)};
        rc = hub_seats_audit(&a, err, n);
    }
    if (st) sqlite3_reset(st);
    if (rc == AUKIO_OK && r != SQLITE_DONE) rc = hub_sqlite_fail(err, n, c->db, "check");
    sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
    return rc;
}

void hub_sqlite_install_sync(HubStore *b)
{
    b->push = s_push;
    b->grants = s_grants;
    b->signup_changes = s_signup_changes;
    b->signup_cancel = s_signup_cancel;
    b->signup_by_code = s_signup_by_code;
    b->signup_cancel_by_code = s_signup_cancel_by_code;
    b->device_release = s_device_release;
    b->check = s_check;
}
