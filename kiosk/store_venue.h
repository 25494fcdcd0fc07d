/*
 * store_venue.h: where the kiosk stands, as staff set it (`aukio venue set`, the staff screen
 * "Paikka"), kept in the kiosk's store over the config file's "venue" (which stays as written).
 * Schema v9, table kiosk_venue, one row at most; v11, table kiosk_popup_venue: the kiosk's own
 * pop-up venue, which the catalogue does not know.
 *
 * For code that places something at the kiosk's venue (an event made on the spot):
 * store_venue_current gives the venue the kiosk stands at now, its id and its name in each
 * language, whichever way it was set.
 */
#ifndef AUKIO_STORE_VENUE_H
#define AUKIO_STORE_VENUE_H

#include <stdbool.h>
#include <stddef.h>

#include "lang.h"
#include "result.h"
#include "store.h"

#define STORE_VENUE_MAX 128        /* bytes of a venue, a name or a note, with the NUL */
#define STORE_VENUE_POPUP "popup:" /* how a pop-up venue's id starts */

typedef struct {
    bool set;                    /* false: none stored, the config's venue holds */
    char venue[STORE_VENUE_MAX]; /* a venue's id in the catalogue, its name in any language,
                                    or the pop-up venue's id ("popup:" + a UUID) */
    bool show_all;               /* the list opens on every venue, not on this one */
    char language[4];            /* "fi" | "sv" | "en", or "" for the config's */
    /* The kiosk's own pop-up venue (kiosk_popup_venue), when VENUE is its id: its name and an
     * address or short description per language as staff typed them ("" = none in that
     * language: another's is shown, lang_pick). */
    bool popup;
    char name[LANG_COUNT][STORE_VENUE_MAX];
    char note[LANG_COUNT][STORE_VENUE_MAX];
} StoreVenue;

/* The venue the kiosk stands at now, resolved. */
typedef struct {
    /* The venue's id: the pop-up venue's ("popup:…"), or the catalogue's id of the stored or
     * configured venue as the events at it carry it; "" when the kiosk has no venue, or the
     * catalogue has no event at one given by name. */
    char id[STORE_VENUE_MAX];
    /* Its name in each language, every one filled when any is (lang_pick's fallback): the
     * pop-up venue's, or the catalogue's; else the venue as given. */
    char name[LANG_COUNT][STORE_VENUE_MAX];
    char note[LANG_COUNT][STORE_VENUE_MAX]; /* a pop-up venue's description, filled likewise */
    bool popup;
} StoreVenuePlace;

/* Reads the stored venue into OUT (OUT->set false when there is none; OUT->popup with its names
 * when it is the kiosk's pop-up venue). */
AUKIO_MUST_CHECK AukioRc store_venue_get(Store *s, StoreVenue *out, char *err, size_t errlen);

/* Stores V as a catalogue venue (V->set and V->popup are ignored). A venue of 1 to 127 bytes with
 * no control characters, and a language of "", "fi", "sv" or "en": anything else is
 * AUKIO_ERR_INVALID with why, and nothing changes. */
AUKIO_MUST_CHECK AukioRc store_venue_set(Store *s, const StoreVenue *v, char *err, size_t errlen);

/* Stores the kiosk's own pop-up venue: V's names and notes (at least one name; each at most 127
 * bytes, no control characters), show_all and language (V->venue is ignored). Its id is made
 * once (STORE_VENUE_POPUP + a UUID) and kept through later calls; it is written into ID_OUT
 * (STORE_VENUE_MAX bytes) when that is not NULL. Bad values are AUKIO_ERR_INVALID with which
 * field and why, and nothing changes. One transaction. */
AUKIO_MUST_CHECK AukioRc store_venue_set_popup(Store *s, const StoreVenue *v, char *id_out,
                                               char *err, size_t errlen);

/* Forgets the stored venue: the config's holds again. The pop-up venue's id is kept. */
AUKIO_MUST_CHECK AukioRc store_venue_clear(Store *s, char *err, size_t errlen);

/* The venue the kiosk stands at now: the stored one, else CONFIG_VENUE (the config's "venue":
 * an id or a name; NULL or "" for none), with its id and names (see StoreVenuePlace). */
AUKIO_MUST_CHECK AukioRc store_venue_current(Store *s, const char *config_venue,
                                             StoreVenuePlace *out, char *err, size_t errlen);

#endif
