/*
 * store_signups.c: what visitors leave: sign-ups (decided and recorded in one transaction, with
 * the escrow of an enrolled kiosk), feedback, and the retention purge of personal data.
 *
 * Every outgoing record gets an outbox row in the transaction that writes it, keyed by the same
 * UUID and holding the op exactly as it is sent (wire_op_build), so the sync client can never
 * miss one or send one that was rolled back.
 */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#define CODE_LEN RECORD_CODE_LEN
#define CODE_ATTEMPTS 16

static const char CODE_ALPHABET[] = RECORD_CODE_ALPHABET;

/* Copies LEN bytes of a request field into DST (CAP bytes) and returns DST. */
static const char *field_copy(char *dst, size_t cap, const char *src, size_t len)
{
    if (len >= cap) len = cap - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
    return dst;
}

static void confirmation_code(char out[RECORD_CODE_LEN + 1])
{
    for (int i = 0; i < CODE_LEN; i++)
        out[i] = CODE_ALPHABET[randombytes_uniform(sizeof CODE_ALPHABET - 1)];
    out[CODE_LEN] = '\0';
}

/* ---- Escrow inside a sign-up ------------------------------------------------------------- */

/* Takes GROUP seats from a usable grant of EVENT_ID (inside the caller's transaction): 0 with
 * the grant's id in GRANT, 1 when no grant has room, -1 on error. */
static int grant_take(Store *s, const char *event_id, size_t id_len, int group,
                      char grant[RECORD_UUID_LEN + 1], char *err, size_t errlen)
{
    static const char *const PICK =
        "SELECT id FROM grants WHERE event_id = ?1 AND state = 'open'"
        " AND (boot_id = ?2 OR boot_id = '" STORE_SPOT_BOOT "')"
        " AND deadline_ms > ?3 AND seats - used >= ?4 ORDER BY deadline_ms LIMIT 1";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, PICK, -1, &st, NULL) != SQLITE_OK)
        return sdb_fail(s, err, errlen, "sign-up: grants");
    sqlite3_bind_text(st, 1, event_id, (int)id_len, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, s->boot_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, store_mono_ms());
    sqlite3_bind_int(st, 4, group);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) str_copy(grant, RECORD_UUID_LEN + 1, sdb_text(st, 0));
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE) return 1;
    if (rc != SQLITE_ROW) return sdb_fail(s, err, errlen, "sign-up: grants");
    char ev[RECORD_EVENT_ID_MAX + 1];
    str_copy(ev, id_len + 1 < sizeof ev ? id_len + 1 : sizeof ev, event_id);
    if (sdb_bound(s, "UPDATE grants SET used = used + ?4 WHERE id = ?1", grant, NULL, NULL, group,
                  0) != SQLITE_DONE ||
        sdb_bound(s, "UPDATE events SET grant_left = max(grant_left - ?4, 0) WHERE id = ?1", ev,
                  NULL, NULL, group, 0) != SQLITE_DONE)
        return sdb_fail(s, err, errlen, "sign-up: using a grant");
    return 0;
}

/* Notes on a new sign-up the grant it used, or that it waits for the hub's word (PENDING, a
 * PENDING_* value) and counts in its event's pending seats until the hub answers. */
static int signup_mark_sync(Store *s, const char *uuid, const char *event_id, size_t id_len,
                            int group, const char *grant, int pending, char *err, size_t errlen)
{
    char ev[RECORD_EVENT_ID_MAX + 1];
    str_copy(ev, id_len + 1 < sizeof ev ? id_len + 1 : sizeof ev, event_id);
    if (sdb_bound(s, "UPDATE signups SET grant_id = ?2, pending_wait = ?4 WHERE uuid = ?1", uuid,
                  grant[0] ? grant : NULL, NULL, pending, 0) != SQLITE_DONE)
        return sdb_fail(s, err, errlen, "sign-up: sync state");
    const char *count =
        pending == PENDING_WAIT ? "UPDATE events SET pend_wait_seats = pend_wait_seats + ?4,"
                                  " pend_wait_count = pend_wait_count + 1 WHERE id = ?1"
        : pending == PENDING_PROVISIONAL
            ? "UPDATE events SET pend_prov_seats = pend_prov_seats + ?4 WHERE id = ?1"
            : NULL;
    if (count && sdb_bound(s, count, ev, NULL, NULL, group, 0) != SQLITE_DONE)
        return sdb_fail(s, err, errlen, "sign-up: sync counts");
    return 0;
}

/* ---- Sign-ups and feedback ---------------------------------------------------------------- */

/* The answers as {"question id": "answer"}, unanswered left out. QIDS is the event's JSON array
 * of question ids. Caller json_decref's. */
static json_t *answers_json(const SignupRequest *req, const char *qids)
{
    json_t *ids = json_loads(qids, 0, NULL);
    json_t *o = json_object();
    for (size_t i = 0; o && i < json_array_size(ids) && i < EVENT_MAX_QUESTIONS; i++) {
        const char *id = json_string_value(json_array_get(ids, i));
        size_t len = FIELD_LEN(req->answers[i]);
        if (id && len > 0) json_object_set_new(o, id, json_stringn(req->answers[i], len));
    }
    json_decref(ids);
    return o;
}

/* Reads the event's row and question ids inside the sign-up's transaction: 0, or -1 with ERR
 * (no such event, or the database failed). *QIDS is malloc'd. */
static int signup_event(Store *s, const SignupRequest *req, size_t id_len, EventRow *row,
                        char **qids, char *err, size_t errlen)
{
    /* The counts are read inside the write transaction: nobody can take a seat between this
     * read and the insert that follows. */
    sqlite3_stmt *st = sdb_stmt(s, ST_SIGNUP_EVENT);
    sqlite3_bind_text(st, 1, req->event_id, (int)id_len, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        sdb_row(st, row);
        *qids = strdup(sdb_text(st, COL_QUESTION_IDS));
    }
    sqlite3_reset(st);
    if (step == SQLITE_DONE)
        return err_set(err, errlen, "sign-up: no event with id %.*s", (int)id_len, req->event_id);
    if (step != SQLITE_ROW) return sdb_fail(s, err, errlen, "sign-up: reading the event");
    if (!*qids) return err_set(err, errlen, "sign-up: out of memory");
    return 0;
}

/* Inserts the sign-up row under a fresh UUID and code (into RES) until the unique constraints
 * accept them; with 31^6 codes a collision is rare and two in a row rarer still. */
static int signup_insert(Store *s, const SignupRequest *req, size_t id_len, const char *status,
                         const char *answers, int64_t now, SignupResult *res, char *err,
                         size_t errlen)
{
    for (int attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
        sdb_uuid_v4(res->uuid);
        confirmation_code(res->code);
        sqlite3_stmt *st = sdb_stmt(s, ST_SIGNUP_INSERT);
        sqlite3_bind_text(st, 1, res->uuid, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, res->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, req->event_id, (int)id_len, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 5, res->position);
        sqlite3_bind_int(st, 6, req->group_size);
        sqlite3_bind_text(st, 7, req->name, (int)FIELD_LEN(req->name), SQLITE_STATIC);
        sqlite3_bind_text(st, 8, req->email, (int)FIELD_LEN(req->email), SQLITE_STATIC);
        sqlite3_bind_text(st, 9, req->phone, (int)FIELD_LEN(req->phone), SQLITE_STATIC);
        sqlite3_bind_text(st, 10, answers, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 11, lang_code(req->lang), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 12, now);
        int step = sqlite3_step(st);
        int ext = sqlite3_extended_errcode(s->db);
        sqlite3_reset(st);
        if (step == SQLITE_DONE) return 0;
        if (ext != SQLITE_CONSTRAINT_UNIQUE && ext != SQLITE_CONSTRAINT_PRIMARYKEY)
            return sdb_fail(s, err, errlen, "sign-up: insert");
    }
    return err_set(err, errlen, "sign-up: no free confirmation code after %d tries", CODE_ATTEMPTS);
}

/* Adds the seats of a new sign-up to its event's counters. */
static int signup_count(Store *s, const SignupRequest *req, size_t id_len, bool confirmed,
                        char *err, size_t errlen)
{
    sqlite3_stmt *st = sdb_stmt(s, ST_EVENT_COUNTS);
    sqlite3_bind_text(st, 1, req->event_id, (int)id_len, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, confirmed ? req->group_size : 0);
    sqlite3_bind_int(st, 3, confirmed ? 0 : req->group_size);
    sqlite3_bind_int(st, 4, confirmed ? 0 : 1);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    return step == SQLITE_DONE ? 0 : sdb_fail(s, err, errlen, "sign-up: updating seat counts");
}

int sdb_outbox_add(Store *s, const char *uuid, const char *kind, const char *payload, int64_t now,
                   char *err, size_t errlen)
{
    sqlite3_stmt *st = sdb_stmt(s, ST_OUTBOX_INSERT);
    sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, payload, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, now);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    if (step == SQLITE_DONE) return 0;
    char what[32];
    snprintf(what, sizeof what, "%s: outbox", kind);
    return sdb_fail(s, err, errlen, what);
}

/* The sign-up as it goes to the hub (caller frees), or NULL when out of memory. */
static char *signup_op(const SignupRequest *req, size_t id_len, const SignupResult *res,
                       const char *status, const char *grant, const json_t *ans, int64_t now)
{
    char event_id[RECORD_EVENT_ID_MAX + 1], name[SIGNUP_NAME_MAX + 1], email[SIGNUP_EMAIL_MAX + 1],
        phone[SIGNUP_PHONE_MAX + 1];
    WireOp op;
    wire_op_init(&op, WIRE_OP_SIGNUP);
    str_copy(op.uuid, sizeof op.uuid, res->uuid);
    op.created_at = now;
    op.lang = lang_code(req->lang);
    op.event_id = field_copy(event_id, sizeof event_id, req->event_id, id_len);
    op.group_size = req->group_size;
    op.name = field_copy(name, sizeof name, req->name, FIELD_LEN(req->name));
    op.email = field_copy(email, sizeof email, req->email, FIELD_LEN(req->email));
    op.phone = field_copy(phone, sizeof phone, req->phone, FIELD_LEN(req->phone));
    op.code = res->code;
    op.grant = grant[0] ? grant : NULL;
    op.answers = ans;
    op.status = status;
    op.position = res->position;
    return wire_op_build(&op);
}

int store_signup_commit(Store *s, const SignupRequest *req, int64_t now, SignupResult *res,
                        char *err, size_t errlen)
{
    EventRow row;
    char *qids = NULL, *answers = NULL, *payload = NULL;
    json_t *ans = NULL;
    int rc = -1;
    size_t id_len = FIELD_LEN(req->event_id);

    memset(res, 0, sizeof *res);
    res->outcome =
        SIGNUP_REJECTED; /* until decided: a caller ignoring -1 must not see "confirmed" */
    if (req->group_size < 1) return err_set(err, errlen, "sign-up: group size must be at least 1");
    if (sdb_begin(s, err, errlen)) return -1;
    if (signup_event(s, req, id_len, &row, &qids, err, errlen)) goto cleanup;

    res->outcome = rules_decide(&row, now, req->group_size, &res->position, &res->reason);
    if (res->outcome == SIGNUP_REJECTED) {
        rc = 0; /* a decision, not an error; nothing to write */
        goto cleanup;
    }
    /* Escrow: an enrolled kiosk confirms only within a grant of its own (the hub set those
     * seats aside for it), using it up in this transaction. Beyond the grant, with seats free at
     * the hub's last count, the sign-up is provisional: the kiosk asks the hub at once
     * (sync_express) and shows its answer, or, offline, says that the hub will decide. Its seats
     * count as taken here meanwhile (pend_prov_seats). When the event was full there, the
     * visitor is told the waiting list: the hub decides later, and can only do better than
     * that. An event without a seat limit needs no grant. */
    char grant[RECORD_UUID_LEN + 1] = "";
    int pending = PENDING_NONE;
    if (s->escrow && res->outcome == SIGNUP_CONFIRMED && row.capacity >= 0) {
        int g = grant_take(s, req->event_id, id_len, req->group_size, grant, err, errlen);
        if (g < 0) goto cleanup;
        if (g == 1) res->outcome = SIGNUP_PROVISIONAL;
        /* An event made here that the hub does not have yet (store_spot.h): its grant held all
         * the seats the hub will have, so there is nobody to ask. Beyond the grant (its seats
         * are not reused after a cancel, see store_signup_cancel) the visitor is told the
         * waiting list, as if the event were full, and the hub can only do better. */
        char ev[RECORD_EVENT_ID_MAX + 1];
        str_copy(ev, id_len + 1 < sizeof ev ? id_len + 1 : sizeof ev, req->event_id);
        int spot = g == 1 ? sdb_event_spot(s, ev, NULL, 0) : 0;
        if (spot < 0) {
            sdb_fail(s, err, errlen, "sign-up");
            goto cleanup;
        }
        if (spot == 1) {
            EventRow full = row;
            full.confirmed_seats = full.capacity;
            res->outcome = rules_decide(&full, now, req->group_size, &res->position, &res->reason);
            if (res->outcome == SIGNUP_REJECTED) {
                rc = 0;
                goto cleanup;
            }
        }
    }
    if (s->escrow && res->outcome == SIGNUP_WAITLISTED) pending = PENDING_WAIT;
    if (res->outcome == SIGNUP_PROVISIONAL) pending = PENDING_PROVISIONAL;
    bool confirmed = res->outcome == SIGNUP_CONFIRMED;
    const char *status = confirmed                            ? "confirmed"
                         : res->outcome == SIGNUP_PROVISIONAL ? "provisional"
                                                              : "waitlisted";

    if (!(ans = answers_json(req, qids)) || !(answers = json_dumps(ans, JSON_COMPACT))) {
        err_set(err, errlen, "sign-up: out of memory");
        goto cleanup;
    }
    /* A provisional party's seats count as confirmed here, as they would be if the hub had
     * answered: nobody else on this kiosk is promised them meanwhile. */
    if (signup_insert(s, req, id_len, status, answers, now, res, err, errlen) ||
        signup_count(s, req, id_len, res->outcome != SIGNUP_WAITLISTED, err, errlen))
        goto cleanup;
    if ((grant[0] || pending != PENDING_NONE) &&
        signup_mark_sync(s, res->uuid, req->event_id, id_len, req->group_size, grant, pending, err,
                         errlen))
        goto cleanup;
    if (!(payload = signup_op(req, id_len, res, status, grant, ans, now))) {
        err_set(err, errlen, "sign-up: out of memory");
        goto cleanup;
    }
    if (sdb_outbox_add(s, res->uuid, "signup", payload, now, err, errlen) ||
        sdb_commit(s, err, errlen))
        goto cleanup;
    rc = 0;

cleanup:
    if (rc != 0 || res->outcome == SIGNUP_REJECTED) {
        sdb_rollback(s);
        if (rc != 0) {
            memset(res, 0, sizeof *res);
            res->outcome = SIGNUP_REJECTED;
        } else {
            res->code[0] = res->uuid[0] = '\0';
        }
    }
    sqlite3_clear_bindings(s->st[ST_SIGNUP_INSERT]); /* no personal data left bound */
    json_decref(ans);
    free(qids);
    free(answers);
    free(payload);
    return rc;
}

/* The feedback op of REQ as record UUID at NOW (malloc'd JSON, caller frees; NULL when out of
 * memory). AMENDS: the record a follow-up updates (its reasons go with it), NULL for a new one. */
static char *feedback_op(const FeedbackRequest *req, const char *uuid, int64_t now,
                         const char *amends)
{
    char event_id[RECORD_EVENT_ID_MAX + 1], comment[FEEDBACK_COMMENT_MAX + 1];
    char reasons[FEEDBACK_REASONS_MAX + 1];
    WireOp op;
    wire_op_init(&op, WIRE_OP_FEEDBACK);
    str_copy(op.uuid, sizeof op.uuid, uuid);
    op.created_at = now;
    op.lang = lang_code(req->lang);
    op.event_id = field_copy(event_id, sizeof event_id, req->event_id, FIELD_LEN(req->event_id));
    op.score = req->score;
    op.comment = field_copy(comment, sizeof comment, req->comment, FIELD_LEN(req->comment));
    if (amends) {
        op.reasons = field_copy(reasons, sizeof reasons, req->reasons, FIELD_LEN(req->reasons));
        op.amends = amends;
    }
    return wire_op_build(&op);
}

int store_feedback_commit(Store *s, const FeedbackRequest *req, int64_t now,
                          char uuid_out[RECORD_UUID_LEN + 1], char *err, size_t errlen)
{
    char uuid[RECORD_UUID_LEN + 1];
    size_t id_len = FIELD_LEN(req->event_id), comment_len = FIELD_LEN(req->comment);
    char *payload = NULL;
    int rc = -1;

    if (req->score < 1 || req->score > 4)
        return err_set(err, errlen, "feedback: score %d is not 1 to 4", req->score);
    sdb_uuid_v4(uuid);
    if (!(payload = feedback_op(req, uuid, now, NULL)))
        return err_set(err, errlen, "feedback: out of memory");
    if (sdb_begin(s, err, errlen)) goto cleanup;
    sqlite3_stmt *st = sdb_stmt(s, ST_FEEDBACK_INSERT);
    sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, req->score);
    if (id_len)
        sqlite3_bind_text(st, 3, req->event_id, (int)id_len, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_text(st, 4, req->comment, (int)comment_len, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, lang_code(req->lang), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, now);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (step != SQLITE_DONE) {
        sdb_fail(s, err, errlen, "feedback: insert");
        goto cleanup;
    }
    if (sdb_outbox_add(s, uuid, "feedback", payload, now, err, errlen)) goto cleanup;
    if (sdb_commit(s, err, errlen)) goto cleanup;
    if (uuid_out) memcpy(uuid_out, uuid, sizeof uuid);
    rc = 0;
cleanup:
    if (rc) sdb_rollback(s);
    free(payload);
    return rc;
}

int store_feedback_update(Store *s, const char *first, const FeedbackRequest *req, int64_t now,
                          char *err, size_t errlen)
{
    char uuid[RECORD_UUID_LEN + 1];
    size_t comment_len = FIELD_LEN(req->comment), reasons_len = FIELD_LEN(req->reasons);
    char *payload = NULL;
    int rc = -1;

    if (req->score < 1 || req->score > 4)
        return err_set(err, errlen, "feedback: score %d is not 1 to 4", req->score);
    if (!first || !wire_uuid_ok(first))
        return err_set(err, errlen, "feedback update: no record to update");
    sdb_uuid_v4(uuid);
    if (!(payload = feedback_op(req, uuid, now, first)))
        return err_set(err, errlen, "feedback: out of memory");
    if (sdb_begin(s, err, errlen)) goto cleanup;
    sqlite3_stmt *st = sdb_stmt(s, ST_FEEDBACK_UPDATE);
    sqlite3_bind_text(st, 1, first, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, req->score);
    sqlite3_bind_text(st, 3, req->comment, (int)comment_len, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, req->reasons, (int)reasons_len, SQLITE_STATIC);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (step != SQLITE_DONE) {
        sdb_fail(s, err, errlen, "feedback: update");
        goto cleanup;
    }
    if (sqlite3_changes(s->db) != 1) {
        err_set(err, errlen, "feedback update: no record to update");
        goto cleanup;
    }
    if (sdb_outbox_add(s, uuid, "feedback", payload, now, err, errlen)) goto cleanup;
    if (sdb_commit(s, err, errlen)) goto cleanup;
    rc = 0;
cleanup:
    if (rc) sdb_rollback(s);
    free(payload);
    return rc;
}

int store_outbox_pending(Store *s)
{
    int n = -1;
    return sdb_int(s, "SELECT count(*) FROM outbox WHERE acked_at IS NULL", &n) ? -1 : n;
}

/* Rewrites the pending outbox copy of every wiped sign-up through the wire codec: the same op
 * without name, contacts and answers, marked personal_wiped (inside the caller's transaction). */
static int wipe_outbox(Store *s)
{
    static const char *const PENDING =
        "SELECT uuid, payload FROM outbox WHERE kind = 'signup' AND acked_at IS NULL"
        " AND uuid IN (SELECT uuid FROM signups WHERE personal_wiped = 1)";
    sqlite3_stmt *sel = NULL, *upd = NULL;
    int rc = -1, step;
    if (sqlite3_prepare_v2(s->db, PENDING, -1, &sel, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "UPDATE outbox SET payload = ?2 WHERE uuid = ?1", -1, &upd,
                           NULL) != SQLITE_OK)
        goto cleanup;
    while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
        json_t *j = json_loads(sdb_text(sel, 1), 0, NULL);
        WireOp op;
        char why[160], *text = NULL;
        if (j && wire_op_parse(&op, j, why, sizeof why) == 0 && !op.personal_wiped) {
            op.name = op.email = op.phone = "";
            op.answers = NULL;
            op.personal_wiped = true;
            text = wire_op_build(&op);
        }
        json_decref(j);
        if (!text) continue; /* already wiped, or unreadable: the push sends it as invalid */
        sqlite3_reset(upd);
        sqlite3_bind_text(upd, 1, sdb_text(sel, 0), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(upd, 2, text, -1, SQLITE_STATIC);
        int u = sqlite3_step(upd);
        free(text);
        if (u != SQLITE_DONE) goto cleanup;
    }
    rc = step == SQLITE_DONE ? 0 : -1;
cleanup:
    sqlite3_finalize(sel);
    sqlite3_finalize(upd);
    return rc;
}

int store_purge_personal(Store *s, int64_t now, int retention_days)
{
    /* Past the retention period, whatever the hub has; and once the hub has answered for a
     * sign-up (it holds the list from then on), an hour after its event ended: until then the
     * staff's door list shows who signed up (store_staff.h). */
    static const char *const WIPE_SIGNUPS =
        "UPDATE signups SET name = '', email = '', phone = '', answers = '{}',"
        " personal_wiped = 1"
        " WHERE personal_wiped = 0 AND EXISTS (SELECT 1 FROM events e WHERE e.id = event_id"
        "   AND e.start_time > 0"
        "   AND (CASE WHEN e.end_time > 0 THEN e.end_time ELSE e.start_time END)"
        "     < CASE WHEN signups.hub_status IS NULL THEN ?1 ELSE ?2 END)";
    sqlite3_stmt *st = NULL;
    int wiped = -1;
    if (sdb_begin(s, NULL, 0)) return -1;
    if (sqlite3_prepare_v2(s->db, WIPE_SIGNUPS, -1, &st, NULL) != SQLITE_OK) goto cleanup;
    sqlite3_bind_int64(st, 1, now - (int64_t)retention_days * 86400);
    sqlite3_bind_int64(st, 2, now - STORE_HUB_KEEP_S);
    if (sqlite3_step(st) != SQLITE_DONE) goto cleanup;
    int n = sqlite3_changes(s->db);
    /* The copy waiting in the outbox goes too: after the retention period the data must not
     * leave the kiosk either. */
    if (n > 0 && wipe_outbox(s)) goto cleanup;
    if (sdb_commit(s, NULL, 0)) goto cleanup;
    wiped = n;
cleanup:
    sqlite3_finalize(st);
    if (wiped < 0) sdb_rollback(s);
    return wiped;
}

/* ---- Looking up and cancelling a sign-up -------------------------------------------------- */

#define SQL_LOOKUP                                                                                 \
    "SELECT uuid, event_id, group_size, status, position, coalesce(hub_status, ''), hub_position," \
    " coalesce(hub_reason, ''), coalesce(cancelled_at, 0), code, pending_wait FROM signups"

static SignupOutcome local_outcome(const char *status)
{
    return strcmp(status, "confirmed") == 0     ? SIGNUP_CONFIRMED
           : strcmp(status, "provisional") == 0 ? SIGNUP_PROVISIONAL
                                                : SIGNUP_WAITLISTED;
}

/* The sign-up whose code (BY_CODE) or uuid is KEY. */
static int signup_find(Store *s, bool by_code, const char *key, SignupStatus *out, char *err,
                       size_t errlen)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    const char *sql =
        by_code ? SQL_LOOKUP " WHERE code = upper(?1)" : SQL_LOOKUP " WHERE uuid = ?1";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sdb_fail(s, err, errlen, "sign-up lookup");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        str_copy(out->uuid, sizeof out->uuid, sdb_text(st, 0));
        str_copy(out->event_id, sizeof out->event_id, sdb_text(st, 1));
        out->group_size = sqlite3_column_int(st, 2);
        out->local = local_outcome(sdb_text(st, 3));
        out->local_position = sqlite3_column_int(st, 4);
        str_copy(out->code, sizeof out->code, sdb_text(st, 9));
        out->pending = sqlite3_column_int(st, 10);
        str_copy(out->hub_status, sizeof out->hub_status, sdb_text(st, 5));
        out->hub_position = sqlite3_column_int(st, 6);
        str_copy(out->hub_reason, sizeof out->hub_reason, sdb_text(st, 7));
        out->cancelled_at = sqlite3_column_int64(st, 8);
        out->cancelled = out->cancelled_at != 0 || strcmp(out->hub_status, "cancelled") == 0;
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE) return 1;
    return rc == SQLITE_ROW ? 0 : sdb_fail(s, err, errlen, "sign-up lookup");
}

int store_signup_lookup(Store *s, const char *code, SignupStatus *out, char *err, size_t errlen)
{
    return signup_find(s, true, code, out, err, errlen);
}

int store_signup_by_uuid(Store *s, const char *uuid, SignupStatus *out, char *err, size_t errlen)
{
    return signup_find(s, false, uuid, out, err, errlen);
}

int store_signup_cancel(Store *s, const char *code, int64_t now, char *err, size_t errlen)
{
    SignupStatus su;
    char uuid[RECORD_UUID_LEN + 1], *payload = NULL;
    if (sdb_begin(s, err, errlen)) return -1;
    int rc = store_signup_lookup(s, code, &su, err, errlen);
    if (rc != 0 || su.cancelled) {
        sdb_rollback(s);
        return rc != 0 ? rc : 2;
    }
    rc = -1;
    /* The kiosk's own counts of its sign-ups (what it shows without the hub); the hub's counts
     * change when the cancel arrives there, and come back with the next pull. */
    bool confirmed = su.local != SIGNUP_WAITLISTED;
    /* Not yet answered by the hub: its seats leave the pending counts too. */
    const char *unpend =
        su.pending == PENDING_WAIT
            ? "UPDATE events SET pend_wait_seats = max(pend_wait_seats - ?4, 0),"
              " pend_wait_count = max(pend_wait_count - 1, 0) WHERE id = ?1"
        : su.pending == PENDING_PROVISIONAL
            ? "UPDATE events SET pend_prov_seats = max(pend_prov_seats - ?4, 0) WHERE id = ?1"
            : NULL;
    if ((unpend &&
         sdb_bound(s, unpend, su.event_id, NULL, NULL, su.group_size, 0) != SQLITE_DONE) ||
        sdb_bound(s, "UPDATE signups SET cancelled_at = ?4, pending_wait = 0 WHERE uuid = ?1",
                  su.uuid, NULL, NULL, now, 0) != SQLITE_DONE ||
        sdb_bound(s,
                  "UPDATE events SET confirmed_seats = max(confirmed_seats - ?4, 0),"
                  " waitlisted_seats = max(waitlisted_seats - ?5, 0),"
                  " waitlisted_count = max(waitlisted_count - (?5 > 0), 0) WHERE id = ?1",
                  su.event_id, NULL, NULL, confirmed ? su.group_size : 0,
                  confirmed ? 0 : su.group_size) != SQLITE_DONE) {
        sdb_fail(s, err, errlen, "cancel");
        goto cleanup;
    }
    WireOp op;
    wire_op_init(&op, WIRE_OP_CANCEL);
    sdb_uuid_v4(uuid);
    str_copy(op.uuid, sizeof op.uuid, uuid);
    str_copy(op.signup, sizeof op.signup, su.uuid);
    op.created_at = now;
    if (!(payload = wire_op_build(&op))) {
        err_set(err, errlen, "cancel: out of memory");
        goto cleanup;
    }
    if (sdb_outbox_add(s, uuid, "cancel", payload, now, err, errlen) || sdb_commit(s, err, errlen))
        goto cleanup;
    rc = 0;
cleanup:
    if (rc != 0) sdb_rollback(s);
    free(payload);
    return rc;
}
