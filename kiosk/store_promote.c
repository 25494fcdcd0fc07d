/*
 * store_promote.c: a waitlisted sign-up moved in by hand (store_promote.h).
 */
#include "store_internal.h"

#include "rules.h"
#include "store_promote.h"

int store_promote(Store *s, const char *uuid, char *err, size_t errlen)
{
    static const char *const FIND =
        "SELECT s.event_id, s.group_size, e.hub_seen FROM signups s JOIN events e"
        " ON e.id = s.event_id WHERE s.uuid = ?1 AND s.status = 'waitlisted'"
        " AND s.cancelled_at IS NULL AND coalesce(s.hub_status, '') != 'rejected'";
    if (sdb_begin(s, err, errlen) != 0) return AUKIO_ERR;
    sqlite3_stmt *st = NULL;
    int rc = AUKIO_ERR;
    char event_id[RECORD_EVENT_ID_MAX + 1] = "";
    int group = 0;
    if (sqlite3_prepare_v2(s->db, FIND, -1, &st, NULL) != SQLITE_OK) goto fail;
    sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step != SQLITE_ROW) {
        if (step != SQLITE_DONE) goto fail;
        rc = AUKIO_ERR_NOT_FOUND;
        err_set(err, errlen, "no such sign-up on the waiting list");
        goto done;
    }
    str_copy(event_id, sizeof event_id, sdb_text(st, 0));
    group = sqlite3_column_int(st, 1);
    bool hub = sqlite3_column_int(st, 2) != 0;
    sqlite3_finalize(st);
    st = NULL;
    if (hub) {
        rc = AUKIO_ERR_INVALID;
        err_set(err, errlen, "the hub moves its events' waiting lists");
        goto done;
    }
    /* The seats left, by the same rule as a sign-up (rules.c). */
    EventRow row;
    sqlite3_stmt *er = sdb_stmt(s, ST_EVENT_ROW);
    sqlite3_bind_text(er, 1, event_id, -1, SQLITE_STATIC);
    if (sqlite3_step(er) != SQLITE_ROW) goto fail;
    sdb_row(er, &row);
    int left = rules_seats_left(&row);
    sqlite3_reset(er);
    if (left >= 0 && left < group) {
        rc = AUKIO_ERR_INVALID;
        err_set(err, errlen, "no room for the group");
        goto done;
    }
    if (sdb_bound(s,
                  "UPDATE signups SET status = 'confirmed', position = 0, pending_wait = 0"
                  " WHERE uuid = ?1",
                  uuid, NULL, NULL, 0, 0) != SQLITE_DONE ||
        sdb_bound(s,
                  "UPDATE events SET confirmed_seats = confirmed_seats + ?4,"
                  " waitlisted_seats = max(waitlisted_seats - ?4, 0),"
                  " waitlisted_count = max(waitlisted_count - 1, 0) WHERE id = ?1",
                  event_id, NULL, NULL, group, 0) != SQLITE_DONE)
        goto fail;
    if (sdb_commit(s, err, errlen) != 0) goto rollback;
    return AUKIO_OK;
fail:
    sdb_fail(s, err, errlen, "moving a sign-up in");
rollback:
    rc = AUKIO_ERR;
done:
    if (st) sqlite3_finalize(st);
    sdb_rollback(s);
    return rc;
}
