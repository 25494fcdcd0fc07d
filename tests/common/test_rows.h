/*
 * test_rows.h: an event's row of the list as the App holds one, for the App's unit tests
 * (test_app_rows.c, test_app_venue.c, test_app_page.c): made by hand, not read from a store.
 */
#ifndef AUKIO_TEST_ROWS_H
#define AUKIO_TEST_ROWS_H

#include <stdint.h>

#include "rules.h"

/* A row of event ID at VENUE_ID ("lahti" names Lahti's main library, any other Kouvola's) in
 * CATEGORY from START (Unix s) for an hour, 20 seats, sign-ups open; START 0: postponed, its
 * time unknown. The strings are the caller's and must outlive the row. */
EventRow test_event_row(const char *id, const char *venue_id, const char *category, int64_t start);

#endif
