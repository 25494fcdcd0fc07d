/*
 * store_spot.c: events made on the spot by staff (store_spot.h): the event, the grant that holds
 * its seats and the event op, in one transaction.
 */
#include "store_spot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store_internal.h"
#include "store_venue.h"
#include "wire.h"

/* A grant that outlives every deadline: the hub never takes a grant's seats back on its own, and
 * this one is closed only by the rules that close any grant (the event stopped taking sign-ups,
 * people wait at the hub, it is used up; store_grants_close). */
#define SPOT_DEADLINE_MS (INT64_MAX / 4)

/* The rules a made event keeps beyond what event_from_json checks. */
static AukioRc spot_check(const Event *ev, char *err, size_t errlen)
{
    const char *why = NULL;
    if (ltext_empty(&ev->name))
        why = "name: no title in any language";
    else if (!ev->registration)
        why = "registration: an event made on the spot takes sign-ups";
    else if (ev->start_time <= 0 || ev->end_time <= ev->start_time)
        why = "end_time: not after start_time";
    else if (ev->capacity < -1 || ev->capacity == 0 || ev->capacity > SPOT_CAPACITY_MAX)
        why = "maximum_attendee_capacity: not 1..1000 or unlimited";
    else if (ev->waitlist_capacity < -1 || ev->waitlist_capacity > SPOT_CAPACITY_MAX)
        why = "waiting_list_capacity: not 0..1000 or unlimited";
    else if (ev->max_group_size < 1 || ev->max_group_size > RECORD_GROUP_MAX)
        why = "maximum_group_size: out of range";
    if (!why) return AUKIO_OK;
    snprintf(err, errlen, "%s", why);
    return AUKIO_ERR_INVALID;
}

/* EV's JSON (caller frees) once it reads back as the hub will read it, or NULL with ERR. */
static char *spot_json(const Event *ev, AukioRc *rc, char *err, size_t errlen)
{
    json_t *j = event_to_json(ev);
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    *rc = AUKIO_ERR;
    if (!text) {
        json_decref(j);
        err_set(err, errlen, "event: out of memory");
        return NULL;
    }
    Event back;
    char why[256];
    int bad = event_from_json(&back, j, why, sizeof why);
    json_decref(j);
    if (bad) {
        snprintf(err, errlen, "%s", why);
        *rc = AUKIO_ERR_INVALID;
        free(text);
        return NULL;
    }
    event_deinit(&back);
    if (strlen(text) > WIRE_EVENT_JSON_MAX) {
        snprintf(err, errlen, "event: over %d bytes; shorten its texts", WIRE_EVENT_JSON_MAX);
        *rc = AUKIO_ERR_INVALID;
        free(text);
        return NULL;
    }
    *rc = AUKIO_OK;
    return text;
}

/* The event op (caller frees): EVENT_JSON as an object, and the grant GRANT ("" = none). */
static char *spot_op(const char *uuid, const char *event_json, const char *grant, int64_t now)
{
    json_t *ev = json_loads(event_json, 0, NULL);
    if (!ev) return NULL;
    WireOp op;
    wire_op_init(&op, WIRE_OP_EVENT);
    str_copy(op.uuid, sizeof op.uuid, uuid);
    op.created_at = now;
    op.event = ev;
    op.grant = grant[0] ? grant : NULL;
    char *text = wire_op_build(&op);
    json_decref(ev);
    return text;
}

/* The grant that holds all of event ID's SEATS for this kiosk, inside the caller's transaction. */
static int spot_grant(Store *s, const char *id, int seats, int64_t now,
                      char grant[RECORD_UUID_LEN + 1])
{
    sdb_uuid_v4(grant);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(
            s->db,
            "INSERT INTO grants (id, event_id, state, want, seats, used, deadline_ms,"
            " boot_id, created_at) VALUES (?1, ?2, 'open', ?3, ?3, 0, ?4, ?5, ?6)",
            -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, grant, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, seats);
    sqlite3_bind_int64(st, 4, SPOT_DEADLINE_MS);
    sqlite3_bind_text(st, 5, STORE_SPOT_BOOT, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, now);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return -1;
    return sdb_bound(s, "UPDATE events SET grant_left = ?4 WHERE id = ?1", id, NULL, NULL, seats,
                     0) == SQLITE_DONE
               ? 0
               : -1;
}

AukioRc store_spot_create(Store *s, Event *ev, int64_t now, char id_out[RECORD_EVENT_ID_MAX + 1],
                          char *err, size_t errlen)
{
    char uuid[RECORD_UUID_LEN + 1], id[RECORD_EVENT_ID_MAX + 1], grant[RECORD_UUID_LEN + 1] = "";
    id_out[0] = '\0';
    AukioRc rc = spot_check(ev, err, errlen);
    if (rc != AUKIO_OK) return rc;
    sdb_uuid_v4(uuid);
    snprintf(id, sizeof id, "%s%s", WIRE_SPOT_PREFIX, uuid);
    char *new_id = strdup(id);
    if (!new_id) return err_set(err, errlen, "event: out of memory");
    free(ev->id);
    ev->id = new_id;
    char *json = spot_json(ev, &rc, err, errlen), *payload = NULL;
    if (!json) return rc;
    rc = AUKIO_ERR;
    if (sdb_begin(s, err, errlen)) goto cleanup;
    if (sdb_event_upsert(s, ev, now, err, errlen)) goto rollback;
    if (sdb_bound(s, "UPDATE events SET spot = 1 WHERE id = ?1", id, NULL, NULL, 0, 0) !=
            SQLITE_DONE ||
        (s->escrow && ev->capacity > 0 && spot_grant(s, id, ev->capacity, now, grant))) {
        sdb_fail(s, err, errlen, "event");
        goto rollback;
    }
    if (!(payload = spot_op(uuid, json, grant, now))) {
        err_set(err, errlen, "event: out of memory");
        goto rollback;
    }
    if (sdb_outbox_add(s, uuid, "event", payload, now, err, errlen) || sdb_commit(s, err, errlen))
        goto rollback;
    str_copy(id_out, RECORD_EVENT_ID_MAX + 1, id);
    rc = AUKIO_OK;
    goto cleanup;
rollback:
    sdb_rollback(s);
cleanup:
    free(json);
    free(payload);
    return rc;
}

int store_spot_state(Store *s, const char *id, char *reason, size_t n)
{
    return sdb_event_spot(s, id, reason, n);
}

int store_spot_place(Store *s, const char *config_venue, SpotForm *f, char *err, size_t errlen)
{
    StoreVenuePlace p;
    memset(f->venue_id, 0, sizeof f->venue_id);
    memset(f->venue, 0, sizeof f->venue);
    memset(f->venue_note, 0, sizeof f->venue_note);
    if (store_venue_current(s, config_venue, &p, err, errlen) != AUKIO_OK) return -1;
    str_copy(f->venue_id, sizeof f->venue_id, p.id);
    for (int l = 0; l < LANG_COUNT; l++) {
        str_copy(f->venue[l], sizeof f->venue[l], p.name[l]);
        str_copy(f->venue_note[l], sizeof f->venue_note[l], p.note[l]);
    }
    return 0;
}

AukioRc store_spot_make(Store *s, const SpotForm *f, const char *config_venue, int64_t now,
                        char id_out[RECORD_EVENT_ID_MAX + 1], char *err, size_t errlen)
{
    SpotForm placed = *f;
    Event ev;
    id_out[0] = '\0';
    if (store_spot_place(s, config_venue, &placed, err, errlen)) return AUKIO_ERR;
    AukioRc rc = spot_event_build(&placed, &ev, err, errlen);
    if (rc != AUKIO_OK) return rc;
    rc = store_spot_create(s, &ev, now, id_out, err, errlen);
    event_deinit(&ev);
    return rc;
}
