/*
 * hub_source.h: the sources the hub imports from (README.md, "Sources"): an iCalendar feed or a
 * Linked Events API, fetched now (`aukio-hub source fetch`), from a file (`source import`), or
 * on each source's schedule by a thread of `aukio-hub serve`.
 *
 * Every attempt is all or nothing and is recorded for `source list`: a fetch that fails, a 304
 * and a document refused whole change no event. A successful import goes through the hub's
 * import path (hub_import.h); then each event the source's last successful import gave that
 * this one did not is cancelled when anyone signed up for it, deleted otherwise.
 */
#ifndef AUKIO_HUB_SOURCE_H
#define AUKIO_HUB_SOURCE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "hub_store.h"

#define HUB_SOURCE_NAME_MAX 32
#define HUB_SOURCE_URL_MAX 2000
/* Pages of a Linked Events API followed by meta.next; a longer chain fails the attempt. */
#define HUB_SOURCE_PAGES_MAX 1000
/* The --topic pairs of a source, joined by ','. */
#define HUB_SOURCE_TOPICS_MAX 2000
/* A failing source is tried again after its interval doubled for each failure in a row (less or
 * more a fifth, at random, so that sources failing together spread out), at most this long. */
#define HUB_SOURCE_BACKOFF_MAX_MIN (24 * 60)

/* The delay in seconds before the next try of a source of EVERY_MIN minutes (a minute of
 * MINUTE_S seconds) after FAILURES failures in a row (>= 1), with JITTER in [-1, 1]. */
int64_t hub_source_backoff_s(int every_min, int failures, int minute_s, double jitter);

/* When `serve` next tries source R (as its thread decides): a failing one at its retry_at, else
 * its interval after its last attempt; 0 = at once (never tried). */
int64_t hub_source_next_at(const HubSourceRow *r);

/* Whether NAME may name a source: 1 to 32 letters, digits, '-', '_' or '.' (it is also the
 * namespace of its events' ids). */
bool hub_source_name_ok(const char *name);

/* The checks of a source to add, the same for `aukio-hub source add` and the console: IN's name,
 * url (http:// or https://), kind, every_min (1 minute to a week), venue, timezone (NULL or ""
 * for Europe/Helsinki) and topics. AUKIO_ERR_INVALID with which field and why in ERR; FIELD (may
 * be NULL) gets the field's name ("name", "url", "every", "venue", "timezone", "topic"). */
#define HUB_SOURCE_EVERY_MAX (7 * 24 * 60)
int hub_source_check(const HubSourceRow *in, const char **field, char *err, size_t n);

/* Fetches source NAME (FILE NULL) or reads FILE as its document, imports it and records the
 * outcome; what it read and did goes to OUT. STOP (may be NULL) cuts a fetch short. */
int hub_source_run(HubStore *st, const char *name, const char *file, const atomic_bool *stop,
                   FILE *out, char *err, size_t n) AUKIO_MUST_CHECK;

/* The thread of `serve` that runs each source when its interval (every_min minutes; a minute is
 * $AUKIO_HUB_SOURCE_MINUTE_S seconds in tests) has passed since its last attempt. */
typedef struct HubSources HubSources;
int hub_sources_start(HubSources **out, HubStore *st, char *err, size_t n) AUKIO_MUST_CHECK;
/* Stops the thread (a fetch under way is cut short) and frees S. NULL is fine. */
void hub_sources_stop(HubSources *s);

#endif
