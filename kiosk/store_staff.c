/*
 * store_staff.c: staff mode's half of the store (store_staff.h): the check-in at the door, with
 * its outbox op in the same transaction, and the attendee list the staff screens and the exports
 * read.
 */
#include "store_staff.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "store_internal.h"

static const char *const STATUS_NAMES[] = {"confirmed", "waitlisted", "provisional", "cancelled",
                                           "rejected"};

const char *store_staff_status_name(StaffStatus s)
{
    return (unsigned)s < sizeof STATUS_NAMES / sizeof STATUS_NAMES[0] ? STATUS_NAMES[s] : "";
}

/* ---- Check-in ----------------------------------------------------------------------------- */

/* The check-in op for sign-up SIGNUP (caller frees), or NULL when out of memory. */
static char *checkin_op(const char *uuid, const char *signup, bool attended, int64_t now)
{
    WireOp op;
    wire_op_init(&op, WIRE_OP_CHECKIN);
    str_copy(op.uuid, sizeof op.uuid, uuid);
    str_copy(op.signup, sizeof op.signup, signup);
    op.created_at = now;
    op.attended = attended ? 1 : 0;
    return wire_op_build(&op);
}

AukioRc store_checkin_set(Store *s, const char *code, bool attended, int64_t now, char *err,
                          size_t errlen)
{
    static const char *const FIND =
        "SELECT uuid, attended, cancelled_at IS NOT NULL OR coalesce(hub_status, '') = 'cancelled',"
        " coalesce(hub_status, '') = 'rejected' FROM signups WHERE code = upper(?1)";
    char signup[RECORD_UUID_LEN + 1] = "", uuid[RECORD_UUID_LEN + 1], *payload = NULL;
    int was = 0, cancelled = 0, rejected = 0;
    if (!code || !*code) return err_set(err, errlen, "check-in: no confirmation code given");
    if (sdb_begin(s, err, errlen)) return AUKIO_ERR;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, FIND, -1, &st, NULL) != SQLITE_OK) {
        sdb_fail(s, err, errlen, "check-in");
        sdb_rollback(s);
        return AUKIO_ERR;
    }
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        str_copy(signup, sizeof signup, sdb_text(st, 0));
        was = sqlite3_column_int(st, 1);
        cancelled = sqlite3_column_int(st, 2);
        rejected = sqlite3_column_int(st, 3);
    }
    sqlite3_finalize(st);
    AukioRc rc = AUKIO_ERR;
    if (step == SQLITE_DONE) {
        err_set(err, errlen, "check-in: no sign-up on this kiosk has that code");
        rc = AUKIO_ERR_NOT_FOUND;
        goto cleanup;
    }
    if (step != SQLITE_ROW) {
        sdb_fail(s, err, errlen, "check-in");
        goto cleanup;
    }
    if (cancelled || rejected) {
        err_set(err, errlen, "check-in: the sign-up was %s", cancelled ? "cancelled" : "rejected");
        rc = AUKIO_ERR_INVALID;
        goto cleanup;
    }
    if ((was != 0) == attended) {
        rc = AUKIO_OK; /* already so: nothing to tell the hub */
        goto cleanup;
    }
    sdb_uuid_v4(uuid);
    if (!(payload = checkin_op(uuid, signup, attended, now))) {
        err_set(err, errlen, "check-in: out of memory");
        goto cleanup;
    }
    if (sdb_bound(s, "UPDATE signups SET attended = ?4, attended_at = ?5 WHERE uuid = ?1", signup,
                  NULL, NULL, attended ? 1 : 0, now) != SQLITE_DONE) {
        sdb_fail(s, err, errlen, "check-in");
        goto cleanup;
    }
    if (sdb_outbox_add(s, uuid, "checkin", payload, now, err, errlen) || sdb_commit(s, err, errlen))
        goto cleanup;
    rc = AUKIO_OK;
cleanup:
    sdb_rollback(s); /* open only when nothing was committed */
    free(payload);
    return rc;
}

/* ---- Attendees ---------------------------------------------------------------------------- */

/* rank: 0 confirmed or provisional, 1 waiting list, 3 cancelled, 4 rejected. */
#define SQL_ATTENDEES                                                                              \
    "SELECT uuid, code, event_id, name, email, phone, lang, group_size, status, position,"         \
    " coalesce(hub_status, ''), hub_position, attended, attended_at, created_at,"                  \
    " coalesce(cancelled_at, 0), personal_wiped, answers,"                                         \
    " CASE WHEN cancelled_at IS NOT NULL OR hub_status = 'cancelled' THEN 3"                       \
    "  WHEN hub_status = 'rejected' THEN 4"                                                        \
    "  WHEN coalesce(hub_status, status) = 'waitlisted' THEN 1 ELSE 0 END AS rank,"                \
    " CASE WHEN hub_status = 'waitlisted' THEN hub_position ELSE position END AS pos"              \
    " FROM signups WHERE ?1 IS NULL OR event_id = ?1"                                              \
    " ORDER BY event_id, rank, CASE WHEN rank = 1 THEN pos ELSE 0 END, created_at, code"

static void read_answers(StaffAttendee *a, const char *text)
{
    json_t *o = json_loads(text, 0, NULL);
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        if (a->n_answers >= EVENT_MAX_QUESTIONS) break;
        if (!json_is_string(v)) continue;
        StaffAnswer *ans = &a->answers[a->n_answers++];
        str_copy(ans->question_id, sizeof ans->question_id, k);
        str_copy(ans->text, sizeof ans->text, json_string_value(v));
    }
    json_decref(o);
}

static void read_attendee(sqlite3_stmt *st, StaffAttendee *a)
{
    memset(a, 0, sizeof *a);
    str_copy(a->uuid, sizeof a->uuid, sdb_text(st, 0));
    str_copy(a->code, sizeof a->code, sdb_text(st, 1));
    str_copy(a->event_id, sizeof a->event_id, sdb_text(st, 2));
    str_copy(a->name, sizeof a->name, sdb_text(st, 3));
    str_copy(a->email, sizeof a->email, sdb_text(st, 4));
    str_copy(a->phone, sizeof a->phone, sdb_text(st, 5));
    str_copy(a->lang, sizeof a->lang, sdb_text(st, 6));
    a->group_size = sqlite3_column_int(st, 7);
    const char *local = sdb_text(st, 8), *hub = sdb_text(st, 10);
    int rank = sqlite3_column_int(st, 18);
    a->status = rank == 3                           ? STAFF_CANCELLED
                : rank == 4                         ? STAFF_REJECTED
                : rank == 1                         ? STAFF_WAITLISTED
                : strcmp(hub, "confirmed") == 0     ? STAFF_CONFIRMED
                : strcmp(local, "provisional") == 0 ? STAFF_PROVISIONAL
                                                    : STAFF_CONFIRMED;
    a->position = a->status == STAFF_WAITLISTED ? sqlite3_column_int(st, 19) : 0;
    a->attended = sqlite3_column_int(st, 12) != 0;
    a->attended_at = sqlite3_column_int64(st, 13);
    a->created_at = sqlite3_column_int64(st, 14);
    a->cancelled_at = sqlite3_column_int64(st, 15);
    a->personal_wiped = sqlite3_column_int(st, 16) != 0;
    read_answers(a, sdb_text(st, 17));
}

AukioRc store_attendees_list(Store *s, const char *event_id, StaffAttendee **out, int *n_out,
                             char *err, size_t errlen)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, SQL_ATTENDEES, -1, &st, NULL) != SQLITE_OK)
        return sdb_fail(s, err, errlen, "attendees");
    if (event_id) sqlite3_bind_text(st, 1, event_id, -1, SQLITE_STATIC);
    StaffAttendee *list = NULL;
    int n = 0, cap = 0, step;
    AukioRc rc = AUKIO_OK;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            int ncap = cap ? cap * 2 : 16;
            StaffAttendee *grown = realloc(list, (size_t)ncap * sizeof *grown);
            if (!grown) {
                rc = err_set(err, errlen, "attendees: out of memory");
                break;
            }
            list = grown;
            cap = ncap;
        }
        read_attendee(st, &list[n++]);
    }
    if (rc == AUKIO_OK && step != SQLITE_DONE) rc = sdb_fail(s, err, errlen, "attendees");
    sqlite3_finalize(st);
    if (rc != AUKIO_OK) {
        store_attendees_free(list, n);
        return rc;
    }
    *out = list;
    *n_out = n;
    return AUKIO_OK;
}

void store_attendees_free(StaffAttendee *list, int n)
{
    if (!list) return;
    sodium_memzero(list, (size_t)n * sizeof *list);
    free(list);
}

/* ---- Feedback ----------------------------------------------------------------------------- */

AukioRc store_feedback_each(Store *s, const char *event_id,
                            int (*cb)(void *ud, const StaffFeedback *f), void *ud, char *err,
                            size_t errlen)
{
    static const char *const SQL =
        "SELECT uuid, coalesce(event_id, ''), score, comment, reasons, lang, created_at"
        " FROM feedback WHERE ?1 IS NULL OR coalesce(event_id, '') = ?1"
        " ORDER BY created_at, rowid";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, SQL, -1, &st, NULL) != SQLITE_OK)
        return sdb_fail(s, err, errlen, "feedback");
    if (event_id) sqlite3_bind_text(st, 1, event_id, -1, SQLITE_STATIC);
    AukioRc rc = AUKIO_OK;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        StaffFeedback f;
        str_copy(f.uuid, sizeof f.uuid, sdb_text(st, 0));
        str_copy(f.event_id, sizeof f.event_id, sdb_text(st, 1));
        f.score = sqlite3_column_int(st, 2);
        str_copy(f.comment, sizeof f.comment, sdb_text(st, 3));
        str_copy(f.reasons, sizeof f.reasons, sdb_text(st, 4));
        str_copy(f.lang, sizeof f.lang, sdb_text(st, 5));
        f.created_at = sqlite3_column_int64(st, 6);
        if (cb(ud, &f) != 0) {
            rc = err_set(err, errlen, "stopped");
            break;
        }
    }
    if (rc == AUKIO_OK && step != SQLITE_DONE) rc = sdb_fail(s, err, errlen, "feedback");
    sqlite3_finalize(st);
    return rc;
}
