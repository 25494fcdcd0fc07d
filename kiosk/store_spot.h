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

/* Fills F's venue with where the kiosk stands now (store_venue_current over CONFIG_VENUE, the
 * config's "venue"): a pop-up venue's id, names and description, or the catalogue's id and names
 * of the venue staff or the config set; none when the kiosk has no venue. Returns 0 or -1 with
 * ERR. */
int store_spot_place(Store *s, const char *config_venue, SpotForm *f, char *err, size_t errlen);

/* The whole of making F's event, as the staff screen and `aukio event add` do it: placed where
 * the kiosk stands (store_spot_place), built (spot_event_build) and made (store_spot_create) at
 * NOW. Returns as store_spot_create, with the new id in ID_OUT. */
AukioRc store_spot_make(Store *s, const SpotForm *f, const char *config_venue, int64_t now,
                        char id_out[RECORD_EVENT_ID_MAX + 1], char *err,
                        size_t errlen) AUKIO_MUST_CHECK;

#endif
