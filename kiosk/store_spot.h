/*
 * store_spot.h: events made on the spot by staff (issue 10, item 2): `aukio event add` and the
 * staff screen "New event" both end here. Implemented in store_spot.c.
 *
 * Such an event is this kiosk's until the hub has it: nobody else can sign up for it, so the kiosk
 * decides every sign-up itself. On an enrolled kiosk its seats are held in a grant of this kiosk's
 * (all of them, in every boot, with no deadline) that the event op asks the hub to open, so the
 * sign-ups confirmed meanwhile arrive under a grant the hub has and are confirmed there whatever
 * else happened (PROTOCOL.md, "Events made on the spot").
 */
#ifndef AUKIO_STORE_SPOT_H
#define AUKIO_STORE_SPOT_H

#include "event.h"
#include "records.h"
#include "result.h"
#include "spot.h"
#include "store.h"

/*
 * Makes EV an event of this kiosk's in ONE transaction: EV->id becomes WIRE_SPOT_PREFIX + a
 * fresh uuid (copied to ID_OUT), the event and its document are stored, on an enrolled kiosk an
 * event with a seat limit gets a grant of all its seats, and the event op goes into the outbox.
 * EV is checked as the hub will read it (its JSON read back with event_from_json), and must
 * take sign-ups (registration) and end after it starts. Returns AUKIO_OK, AUKIO_ERR_INVALID with
 * ERR saying which field and why, or AUKIO_ERR (nothing written either way).
 */
AukioRc store_spot_create(Store *s, Event *ev, int64_t now, char id_out[RECORD_EVENT_ID_MAX + 1],
                          char *err, size_t errlen) AUKIO_MUST_CHECK;

/* Where event ID stands with the hub: 0 = not made here, 1 = waiting for the hub, 2 = the hub
 * has it, 3 = the hub refused it (REASON, if given, gets why; at least 32 bytes). -1 on error. */
int store_spot_state(Store *s, const char *id, char *reason, size_t n);

/* Fills F's venue from VENUE, a venue's id or its name in any language as the kiosk's config and
 * `aukio venue set` take it: the catalogue's id and names when some event is there, else VENUE
 * itself as the name (a place the catalogue does not know, such as a pop-up's). NULL or "" leaves
 * F without a venue. Returns 0 or -1. */
int store_spot_venue(Store *s, const char *venue, SpotForm *f);

#endif
