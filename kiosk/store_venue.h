/*
 * store_venue.h: where the kiosk stands, as staff set it (`aukio venue set`), kept in the
 * kiosk's store over the config file's "venue" (which stays as written). Schema v9, table
 * kiosk_venue, one row at most.
 */
#ifndef AUKIO_STORE_VENUE_H
#define AUKIO_STORE_VENUE_H

#include <stdbool.h>
#include <stddef.h>

#include "result.h"
#include "store.h"

typedef struct {
    bool set;         /* false: none stored, the config's venue holds */
    char venue[128];  /* a venue's id in the catalogue, or its name in any language */
    bool show_all;    /* the list opens on every venue, not on this one */
    char language[4]; /* "fi" | "sv" | "en", or "" for the config's */
} StoreVenue;

/* Reads the stored venue into OUT (OUT->set false when there is none). */
AUKIO_MUST_CHECK AukioRc store_venue_get(Store *s, StoreVenue *out, char *err, size_t errlen);

/* Stores V (V->set is ignored). A venue of 1 to 127 bytes with no control characters, and a
 * language of "", "fi", "sv" or "en": anything else is AUKIO_ERR_INVALID with why. */
AUKIO_MUST_CHECK AukioRc store_venue_set(Store *s, const StoreVenue *v, char *err, size_t errlen);

/* Forgets the stored venue: the config's holds again. */
AUKIO_MUST_CHECK AukioRc store_venue_clear(Store *s, char *err, size_t errlen);

#endif
