/*
 * hub_seats.c: the hub's seat ledger and the rules it applies (hub_seats.h).
 *
 * Every counter update keeps `confirmed + reserved + held <= capacity` by construction:
 *  - a sign-up without a grant takes only free seats (hub_policy_decide), or waits;
 *  - a sign-up under a grant moves its seats from held to confirmed (the sum does not change);
 *  - a grant takes only free seats (hub_policy_grant_size);
 *  - cancel, settle and release only give seats back, and then promote from the waiting list,
 *    which again takes only free seats (never seats held in grants, expired or not);
 *  - the one exception: a sign-up under a grant the coordinator released, when no seat is free,
 *    is confirmed over capacity and counted as such (HUB_FLAG_RELEASED_OVER);
 *  - an import may not lower the capacity below the seats already taken.
 * hub_seats_audit() is the check of all of that against the rows.
 *
 * The pure policy (hub_policy_*, hub_seats_free, declared in hub_store.h) lives here and not in
 * a file of its own: only the ledger applies it, and "who gets a seat" is then one file to read.
 */
#include "hub_seats.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

/* ---- Policy: no storage ------------------------------------------------------------------- */

void hub_policy_defaults(HubPolicy *p)
{
    /* Half an hour of offline confirming covers a typical network blip. The grace no longer
     * decides anything (a grant's seats are held until it is settled or released); it is kept
     * so that old command lines still start. */
    p->grant_ttl_s = 1800;
    p->grant_grace_s = 3600;
    p->grant_max = 10;
}

int hub_policy_grant_size(const HubPolicy *p, int want, int free_seats, int active_devices,
                          int waitlisted_count)
{
    if (want <= 0 || free_seats <= 0 || waitlisted_count > 0) return 0;
    if (active_devices < 1) active_devices = 1;
    int share = free_seats / (2 * active_devices);
    if (share < 1) share = 1;
    int n = want;
    if (n > p->grant_max) n = p->grant_max;
    if (n > free_seats) n = free_seats;
    if (n > share) n = share;
    return n;
}

HubEventIn hub_event_in(const Event *e, const char *json)
{
    return (HubEventIn){
        .id = e->id,
        .json = json,
        .registration = e->registration,
        .cancelled = e->status == EVENT_CANCELLED,
        .capacity = e->registration ? e->capacity : -1,
        .waitlist_capacity = e->waitlist_capacity,
        .max_group_size = e->max_group_size > 0 ? e->max_group_size : 1,
        .reserved = e->reserved_seats,
        .start_time = e->start_time,
        .enrolment_start = e->enrolment_start,
        .enrolment_end = e->enrolment_end,
    };
}

int hub_seats_free(const HubSeats *ev)
{
    if (ev->capacity < 0) return -1;
    int free_seats = ev->capacity - ev->confirmed - ev->reserved - ev->held;
    return free_seats > 0 ? free_seats : 0;
}

WireResult hub_policy_decide(const HubSeats *ev, int group, int64_t t, const char **reason)
{
    *reason = NULL;
    if (ev->cancelled) {
        *reason = WIRE_REJ_CANCELLED;
        return WIRE_RES_REJECTED;
    }
    if (!ev->registration) {
        *reason = WIRE_REJ_NO_REGISTRATION;
        return WIRE_RES_REJECTED;
    }
    if (group < 1 || group > ev->max_group_size) {
        *reason = WIRE_REJ_GROUP;
        return WIRE_RES_REJECTED;
    }
    if (ev->enrolment_start > 0 && t < ev->enrolment_start) {
        *reason = WIRE_REJ_NOT_OPEN;
        return WIRE_RES_REJECTED;
    }
    int64_t end = ev->enrolment_end > 0 ? ev->enrolment_end : ev->start_time;
    if (end > 0 && t >= end) {
        *reason = WIRE_REJ_CLOSED;
        return WIRE_RES_REJECTED;
    }
    int free_seats = hub_seats_free(ev);
    /* First come, first served: while anyone waits, a newcomer queues behind them even if a
     * smaller party would fit in the seats the head of the queue is waiting for. */
    if (free_seats < 0 || (ev->waitlisted_count == 0 && group <= free_seats))
        return WIRE_RES_CONFIRMED;
    if (ev->waitlist_capacity < 0 || ev->waitlisted + group <= ev->waitlist_capacity)
        return WIRE_RES_WAITLISTED;
    *reason = WIRE_REJ_FULL;
    return WIRE_RES_REJECTED;
}

int hub_grant_outstanding(const HubGrant *g)
{
    if (g->state == HUB_GRANT_OPEN) return g->seats - g->consumed;
    if (g->state == HUB_GRANT_SETTLED)
        return g->declared > g->consumed ? g->declared - g->consumed : 0;
    return 0;
}

static void answer_set(HubSeatAnswer *a, WireResult result, int position, const char *reason,
                       const char *message)
{
    a->result = result;
    a->position = position;
    a->reason = reason;
    a->message = message;
}

/* ---- Seats given back: promotion ---------------------------------------------------------- */

int hub_seats_promote(const HubSeatStore *st, const char *event_id, int64_t now, char *err,
                      size_t n)
{
    for (int guard = 0; guard < 100000; guard++) {
        HubSeats ev;
        int rc = st->event_load(st->ud, event_id, &ev, err, n);
        if (rc == AUKIO_ERR_NOT_FOUND) return AUKIO_OK;
        if (rc != AUKIO_OK) return rc;
        if (ev.cancelled || ev.waitlisted_count == 0) return AUKIO_OK;
        int64_t row;
        int g;
        rc = st->waitlist_head(st->ud, event_id, &row, &g, err, n);
        if (rc == AUKIO_ERR_NOT_FOUND) return AUKIO_OK;
        if (rc != AUKIO_OK) return rc;
        int free_seats = hub_seats_free(&ev);
        if (free_seats >= 0 && g > free_seats) return AUKIO_OK;
        if (st->signup_set_status(st->ud, row, HUB_SIGNUP_CONFIRMED, now, err, n) != AUKIO_OK ||
            st->event_add(st->ud, event_id, g, -g, -1, 0, err, n) != AUKIO_OK)
            return AUKIO_ERR;
    }
    return AUKIO_OK;
}

int hub_seats_move(const HubSeatStore *st, const char *event_id, int64_t row, int group, int extra,
                   int64_t now, int *need, char *err, size_t n)
{
    HubSeats ev;
    *need = 0;
    int rc = st->event_load(st->ud, event_id, &ev, err, n);
    if (rc != AUKIO_OK) return rc;
    if (ev.cancelled) {
        snprintf(err, n, "the event is cancelled");
        return AUKIO_ERR_INVALID;
    }
    int free_seats = hub_seats_free(&ev);
    if (free_seats >= 0 && group > free_seats + extra) {
        *need = group - free_seats - extra;
        snprintf(err, n, "%d more seat(s) needed", *need);
        return AUKIO_ERR_INVALID;
    }
    if (st->signup_set_status(st->ud, row, HUB_SIGNUP_CONFIRMED, now, err, n) != AUKIO_OK ||
        st->event_add(st->ud, event_id, group, -group, -1, 0, err, n) != AUKIO_OK)
        return AUKIO_ERR;
    return AUKIO_OK;
}

/* ---- Push: sign-up and cancel ------------------------------------------------------------- */

/* Seats grant G may still confirm: its outstanding seats, or for a released grant what it had
 * left when it was released (all of it if open, what the kiosk declared if settled). */
static int grant_room(const HubGrant *g)
{
    if (g->state != HUB_GRANT_RELEASED) return hub_grant_outstanding(g);
    int had = g->declared > 0 ? g->declared : g->seats;
    return had > g->consumed ? had - g->consumed : 0;
}

/* Whether grant GRANT_ID covers OP of DEVICE_ID: then its seats are consumed and the sign-up is
 * confirmed (*USED). Otherwise nothing is written. EV is the event's row. */
static int signup_under_grant(const HubSeatStore *st, int64_t device_id, const WireOp *op,
                              const HubSeats *ev, int64_t now, bool *used, char *err, size_t n)
{
    HubGrant g;
    *used = false;
    int rc = st->grant_load(st->ud, op->grant, &g, err, n);
    if (rc != AUKIO_OK && rc != AUKIO_ERR_NOT_FOUND) return rc;
    bool usable = rc == AUKIO_OK && g.device_id == device_id &&
                  strcmp(g.event_id, op->event_id) == 0 && grant_room(&g) >= op->group_size;
    if (!usable) return AUKIO_OK;
    /* The seat was set aside when the grant was made: the visitor was told "confirmed" and is,
     * whatever the event's state now and however long ago the grant expired. */
    int consumed = g.consumed + op->group_size;
    int state = g.state, held = -op->group_size, flag = HUB_FLAG_NONE;
    if (state == HUB_GRANT_SETTLED && consumed >= g.declared) state = HUB_GRANT_DONE;
    if (state == HUB_GRANT_RELEASED) {
        /* The coordinator gave these seats back: they are no longer held. What the visitor was
         * told stays true; staff see the flag, and whether it went over capacity. */
        int free_seats = hub_seats_free(ev);
        held = 0;
        flag = free_seats < 0 || free_seats >= op->group_size ? HUB_FLAG_RELEASED
                                                              : HUB_FLAG_RELEASED_OVER;
    }
    if (st->grant_update(st->ud, op->grant, consumed, state, g.declared, err, n) != AUKIO_OK ||
        st->event_add(st->ud, op->event_id, op->group_size, 0, 0, held, err, n) != AUKIO_OK ||
        st->signup_insert(st->ud, device_id, op, HUB_SIGNUP_CONFIRMED, flag, now, err, n) !=
            AUKIO_OK ||
        st->event_touch(st->ud, op->event_id, err, n) != AUKIO_OK)
        return AUKIO_ERR;
    *used = true;
    return AUKIO_OK;
}

int hub_seats_signup(const HubSeatStore *st, int64_t device_id, const WireOp *op, int64_t now,
                     HubSeatAnswer *a, char *err, size_t n)
{
    HubSeats ev;
    int rc = st->event_load(st->ud, op->event_id, &ev, err, n);
    if (rc == AUKIO_ERR_NOT_FOUND) {
        answer_set(a, WIRE_RES_REJECTED, 0, WIRE_REJ_UNKNOWN_EVENT, NULL);
        return AUKIO_OK;
    }
    if (rc != AUKIO_OK) return rc;

    bool late = false;
    if (op->grant) {
        /* A grant sets seats aside, it does not waive the event's rules of who may come: a party
         * larger than maximum_group_size is refused under a grant too (and its seats stay held
         * for the kiosk's next visitor). */
        if (op->group_size < 1 || op->group_size > ev.max_group_size) {
            answer_set(a, WIRE_RES_REJECTED, 0, WIRE_REJ_GROUP, NULL);
            return AUKIO_OK;
        }
        bool used;
        rc = signup_under_grant(st, device_id, op, &ev, now, &used, err, n);
        if (rc != AUKIO_OK) return rc;
        if (used) {
            answer_set(a, WIRE_RES_CONFIRMED, 0, NULL, NULL);
            return AUKIO_OK;
        }
        /* The grant is unknown, another device's or used up (the kiosk confirmed more than it
         * held, which it never does): decide as an ordinary sign-up and flag it for staff. */
        late = true;
    }

    /* The kiosk's clock says when the visitor signed up; a clock running ahead of the hub's
     * cannot push that past the hub's now. */
    int64_t t_signup = op->created_at > 0 && op->created_at < now ? op->created_at : now;
    const char *reason = NULL;
    WireResult res = hub_policy_decide(&ev, op->group_size, t_signup, &reason);
    if (res == WIRE_RES_REJECTED) {
        answer_set(a, res, 0, reason, late ? "grant not usable" : NULL);
        return AUKIO_OK;
    }
    int position = 0;
    if (res == WIRE_RES_CONFIRMED) {
        rc = st->event_add(st->ud, op->event_id, op->group_size, 0, 0, 0, err, n);
    } else {
        position = ev.waitlisted_count + 1;
        rc = st->event_add(st->ud, op->event_id, 0, op->group_size, 1, 0, err, n);
    }
    int status = res == WIRE_RES_CONFIRMED ? HUB_SIGNUP_CONFIRMED : HUB_SIGNUP_WAITLISTED;
    if (rc != AUKIO_OK ||
        st->signup_insert(st->ud, device_id, op, status, late ? HUB_FLAG_LATE_GRANT : HUB_FLAG_NONE,
                          now, err, n) != AUKIO_OK ||
        st->event_touch(st->ud, op->event_id, err, n) != AUKIO_OK)
        return AUKIO_ERR;
    answer_set(a, res, position, NULL, NULL);
    return AUKIO_OK;
}

int hub_seats_cancel(const HubSeatStore *st, int64_t device_id, const WireOp *op, int64_t now,
                     HubSeatAnswer *a, char *err, size_t n)
{
    HubSignupRef su;
    int rc = st->signup_find(st->ud, op->signup, &su, err, n);
    if (rc != AUKIO_OK && rc != AUKIO_ERR_NOT_FOUND) return rc;
    if (rc == AUKIO_ERR_NOT_FOUND || su.device_id != device_id) {
        answer_set(a, WIRE_RES_REJECTED, 0, WIRE_REJ_NOT_FOUND, NULL);
        return AUKIO_OK;
    }
    if (su.status != HUB_SIGNUP_CANCELLED) {
        int g = su.group_size;
        if (st->signup_set_status(st->ud, su.row, HUB_SIGNUP_CANCELLED, now, err, n) != AUKIO_OK)
            return AUKIO_ERR;
        rc = su.status == HUB_SIGNUP_CONFIRMED
                 ? st->event_add(st->ud, su.event_id, -g, 0, 0, 0, err, n)
                 : st->event_add(st->ud, su.event_id, 0, -g, -1, 0, err, n);
        if (rc != AUKIO_OK || hub_seats_promote(st, su.event_id, now, err, n) != AUKIO_OK ||
            st->event_touch(st->ud, su.event_id, err, n) != AUKIO_OK)
            return AUKIO_ERR;
    }
    answer_set(a, WIRE_RES_OK, 0, NULL, NULL);
    return AUKIO_OK;
}

/* ---- Grants: settle, want, release -------------------------------------------------------- */

int hub_seats_settle(const HubSeatStore *st, int64_t device_id, HubSettle *se, int64_t now,
                     char *err, size_t n)
{
    HubGrant g;
    se->released = 0;
    se->error = NULL;
    int rc = st->grant_load(st->ud, se->grant, &g, err, n);
    if (rc == AUKIO_ERR_NOT_FOUND || (rc == AUKIO_OK && g.device_id != device_id)) {
        se->error = "unknown_grant";
        return AUKIO_OK;
    }
    if (rc != AUKIO_OK) return rc;
    if (g.state == HUB_GRANT_RELEASED) {
        se->error = "released";
        return AUKIO_OK;
    }
    if (g.state != HUB_GRANT_OPEN) {
        se->released = g.seats - g.declared; /* the first answer again */
        return AUKIO_OK;
    }
    int declared = se->used;
    if (declared < g.consumed) declared = g.consumed;
    if (declared > g.seats) declared = g.seats;
    se->released = g.seats - declared;
    int state = declared == g.consumed ? HUB_GRANT_DONE : HUB_GRANT_SETTLED;
    if (st->grant_update(st->ud, se->grant, g.consumed, state, declared, err, n) != AUKIO_OK ||
        st->event_add(st->ud, g.event_id, 0, 0, 0, -se->released, err, n) != AUKIO_OK ||
        hub_seats_promote(st, g.event_id, now, err, n) != AUKIO_OK ||
        st->event_touch(st->ud, g.event_id, err, n) != AUKIO_OK)
        return AUKIO_ERR;
    return AUKIO_OK;
}

int hub_seats_want(const HubSeatStore *st, int64_t device_id, const HubPolicy *pol, HubWant *w,
                   int64_t now, int active, char *err, size_t n)
{
    HubGrant g;
    w->seats = 0;
    w->expires_in = 0;
    w->reason = NULL;
    int rc = st->grant_load(st->ud, w->grant, &g, err, n);
    if (rc == AUKIO_OK) {
        /* A retry of a request whose answer was lost: the same grant again. */
        if (g.device_id != device_id) {
            w->reason = WIRE_REJ_UUID_CONFLICT;
        } else if (g.state == HUB_GRANT_OPEN && g.expires_at > now) {
            w->seats = g.seats;
            w->expires_in = g.expires_at - now;
        } else {
            w->reason = "expired";
        }
        return AUKIO_OK;
    }
    if (rc != AUKIO_ERR_NOT_FOUND) return rc;

    HubSeats ev;
    rc = st->event_load(st->ud, w->event_id, &ev, err, n);
    if (rc == AUKIO_ERR_NOT_FOUND) {
        w->reason = WIRE_REJ_UNKNOWN_EVENT;
        return AUKIO_OK;
    }
    if (rc != AUKIO_OK) return rc;
    const char *reason = NULL;
    /* Grants are for sign-ups the hub would accept now. */
    HubSeats probe = ev;
    probe.waitlisted_count = 0;
    probe.waitlist_capacity = -1;
    if (hub_policy_decide(&probe, 1, now, &reason) == WIRE_RES_REJECTED) {
        w->reason = reason;
        return AUKIO_OK;
    }
    int free_seats = hub_seats_free(&ev);
    int size;
    if (free_seats < 0)
        size = w->want < pol->grant_max ? w->want : pol->grant_max;
    else
        size = hub_policy_grant_size(pol, w->want, free_seats, active, ev.waitlisted_count);
    if (size <= 0) {
        w->reason = ev.waitlisted_count > 0 ? "waitlist" : WIRE_REJ_FULL;
        return AUKIO_OK;
    }
    HubGrant fresh = {.device_id = device_id,
                      .seats = size,
                      .state = HUB_GRANT_OPEN,
                      .expires_at = now + pol->grant_ttl_s};
    str_copy(fresh.event_id, sizeof fresh.event_id, w->event_id);
    if (st->grant_insert(st->ud, w->grant, &fresh, now, err, n) != AUKIO_OK ||
        st->event_add(st->ud, w->event_id, 0, 0, 0, size, err, n) != AUKIO_OK ||
        st->event_touch(st->ud, w->event_id, err, n) != AUKIO_OK)
        return AUKIO_ERR;
    w->seats = size;
    w->expires_in = pol->grant_ttl_s;
    return AUKIO_OK;
}

int hub_seats_release(const HubSeatStore *st, int64_t device_id, int64_t now, int *grants,
                      int *seats, char *err, size_t n)
{
    *grants = *seats = 0;
    /* Every pass turns one open or settled grant into a released one, so this ends. */
    for (;;) {
        char id[RECORD_UUID_LEN + 1];
        int rc = st->grant_of_device(st->ud, device_id, id, err, n);
        if (rc == AUKIO_ERR_NOT_FOUND) return AUKIO_OK;
        if (rc != AUKIO_OK) return rc;
        HubGrant g;
        if (st->grant_load(st->ud, id, &g, err, n) != AUKIO_OK) return AUKIO_ERR;
        int out = hub_grant_outstanding(&g);
        if (st->grant_update(st->ud, id, g.consumed, HUB_GRANT_RELEASED, g.declared, err, n) !=
                AUKIO_OK ||
            st->event_add(st->ud, g.event_id, 0, 0, 0, -out, err, n) != AUKIO_OK ||
            hub_seats_promote(st, g.event_id, now, err, n) != AUKIO_OK ||
            st->event_touch(st->ud, g.event_id, err, n) != AUKIO_OK)
            return AUKIO_ERR;
        (*grants)++;
        *seats += out;
    }
}

/* ---- Catalogue and check ------------------------------------------------------------------ */

int hub_seats_hold_all(const HubSeatStore *st, int64_t device_id, const char *grant_id,
                       const char *event_id, int64_t now, int64_t expires_at, char *err, size_t n)
{
    HubGrant g;
    int rc = st->grant_load(st->ud, grant_id, &g, err, n);
    if (rc == AUKIO_OK) {
        snprintf(err, n, "grant %s exists already", grant_id);
        return AUKIO_ERR_EXISTS;
    }
    if (rc != AUKIO_ERR_NOT_FOUND) return rc;
    HubSeats ev;
    if ((rc = st->event_load(st->ud, event_id, &ev, err, n)) != AUKIO_OK) return rc;
    int seats = hub_seats_free(&ev);
    if (seats <= 0) return AUKIO_OK; /* no seat limit (or none free): nothing to hold */
    HubGrant fresh = {
        .device_id = device_id, .seats = seats, .state = HUB_GRANT_OPEN, .expires_at = expires_at};
    str_copy(fresh.event_id, sizeof fresh.event_id, event_id);
    if (st->grant_insert(st->ud, grant_id, &fresh, now, err, n) != AUKIO_OK ||
        st->event_add(st->ud, event_id, 0, 0, 0, seats, err, n) != AUKIO_OK ||
        st->event_touch(st->ud, event_id, err, n) != AUKIO_OK)
        return AUKIO_ERR;
    return AUKIO_OK;
}

int hub_seats_import_check(const HubSeatStore *st, const HubEventIn *e, char *err, size_t n)
{
    HubSeats old;
    int rc = st->event_load(st->ud, e->id, &old, err, n);
    bool exists = rc == AUKIO_OK;
    if (rc != AUKIO_OK && rc != AUKIO_ERR_NOT_FOUND) return rc;
    if (exists && e->capacity >= 0 && old.confirmed + e->reserved + old.held > e->capacity) {
        snprintf(err, n,
                 "%s: capacity %d is below the %d seats already confirmed, reserved or held in "
                 "grants",
                 e->id, e->capacity, old.confirmed + e->reserved + old.held);
        return AUKIO_ERR_INVALID;
    }
    if (!exists && e->capacity >= 0 && e->reserved > e->capacity) {
        snprintf(err, n, "%s: %d reserved seats but capacity %d", e->id, e->reserved, e->capacity);
        return AUKIO_ERR_INVALID;
    }
    return AUKIO_OK;
}

int hub_seats_audit(const HubSeatAudit *a, char *err, size_t n)
{
    int cap = a->capacity, reserved = a->reserved;
    int conf = a->confirmed, held = a->held;
    if (conf != a->r_confirmed || a->waitlisted != a->r_waitlisted ||
        a->waitlisted_count != a->r_waitlisted_count || held != a->r_held) {
        snprintf(err, n,
                 "%s: counters confirmed/waitlisted/count/held %d/%d/%d/%d but rows say "
                 "%d/%d/%d/%d",
                 a->id, conf, a->waitlisted, a->waitlisted_count, held, a->r_confirmed,
                 a->r_waitlisted, a->r_waitlisted_count, a->r_held);
        return AUKIO_ERR_INVALID;
    }
    if (conf < 0 || a->waitlisted < 0 || a->waitlisted_count < 0 || held < 0 || reserved < 0) {
        snprintf(err, n, "%s: a counter is negative", a->id);
        return AUKIO_ERR_INVALID;
    }
    /* Seats confirmed under a released grant when none was free are over capacity by design
     * (the visitor had been told "confirmed"); they are the only ones allowed to be. */
    if (cap >= 0 && conf + reserved + held > cap + a->r_over) {
        snprintf(err, n, "%s: confirmed %d + reserved %d + held %d > capacity %d + %d over", a->id,
                 conf, reserved, held, cap, a->r_over);
        return AUKIO_ERR_INVALID;
    }
    if (a->live && a->has_head && (cap < 0 || a->head_group <= cap - conf - reserved - held)) {
        snprintf(err, n, "%s: the head of the waiting list (%d) fits in the free seats", a->id,
                 a->head_group);
        return AUKIO_ERR_INVALID;
    }
    return AUKIO_OK;
}
