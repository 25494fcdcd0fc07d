/*
 * staff.h: the I/O behind staff mode's effects (EFFECT_STAFF_*), as runtime.c carries them out:
 * the PIN's state, the sync client's record, an event's sign-ups as the attendee list shows them,
 * and moving a waitlisted sign-up in by hand. No SDL. What is read goes to the app, which shows
 * it and forgets it when staff mode ends; nothing here logs personal data.
 */
#ifndef AUKIO_STAFF_H
#define AUKIO_STAFF_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "store.h"

/* Whether S has a PIN (*SET) and until when its pad is locked (*LOCKED_UNTIL, wall ms, 0 =
 * not). Returns 0, or -1 when the store failed (then *SET is true: the pad asks for a PIN, and
 * the kiosk is not opened without one). */
int staff_pin_status(Store *s, bool *set, int64_t *locked_until);

/* The sync client's record in S (HUB: a hub is configured). */
void staff_sync_load(Store *s, bool hub, StaffSync *out);

/* The sign-ups of EVENT_ID as the attendee list shows them, their answers worded in LANG, in a
 * malloc'd array *OUT (caller frees; NULL when none) of *N. LOCAL_ONLY: the event is not the
 * hub's (rows may be moved in by hand). Returns 0 or -1. */
int staff_signups_load(Store *s, const char *event_id, Lang lang, bool local_only,
                       StaffSignup **out, int *n);

#endif
