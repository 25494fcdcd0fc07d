/*
 * store_promote.h: moving a waitlisted sign-up in by hand (staff mode's attendee list), for an
 * event that is this kiosk's alone (not the hub's: at the hub the waiting list moves by itself
 * when a seat is freed). In store_promote.c.
 */
#ifndef AUKIO_STORE_PROMOTE_H
#define AUKIO_STORE_PROMOTE_H

#include <stddef.h>

#include "store.h"

/* Moves the waitlisted sign-up UUID in (confirmed) when its event is not the hub's and its group
 * fits the seats left, in one transaction: the sign-up's status and the event's counts. Returns
 * AUKIO_OK, AUKIO_ERR_NOT_FOUND (no such waitlisted sign-up), AUKIO_ERR_INVALID (no room, or
 * the hub's event) or AUKIO_ERR; on a failure nothing changed. */
int store_promote(Store *s, const char *uuid, char *err, size_t errlen) AUKIO_MUST_CHECK;

#endif
