/*
 * hub_policy.c: the hub's decisions that need no database, shared by every HubStore.
 */
#include "hub_store.h"

void hub_policy_defaults(HubPolicy *p)
{
    /* Half an hour of offline confirming covers a typical network blip; an hour of grace lets a
     * kiosk that was offline through the expiry push the sign-ups it confirmed before it. */
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
