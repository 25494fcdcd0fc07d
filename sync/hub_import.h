/*
 * hub_import.h: the hub's import path, shared by `aukio-hub event import` and the sources
 * (hub_source.c): a document of either format into Events (event_import.h), Events into the
 * catalogue in one transaction (HubStore.event_import: capacity checks, mail), and the cancel
 * of an event by its stored JSON.
 */
#ifndef AUKIO_HUB_IMPORT_H
#define AUKIO_HUB_IMPORT_H

#include <stdio.h>

#include "event.h"
#include "event_import.h"
#include "hub_store.h"

/* An import document may be at most this large: jansson's tree of it takes about 17 times the
 * file, so 64 MiB is about 1.1 GB at the hub's peak. A calendar is also held to
 * EVENT_ICAL_TEXT_MAX. */
#define HUB_IMPORT_MAX (64u * 1024 * 1024)

/* What a parse read: the format, the events, those skipped as malformed. */
typedef struct {
    EventFormat fmt;
    int n_read;
    int n_skipped;
    int n_hidden; /* Linked Events drafts, deleted events and super-events left out */
    /* The source's own ids of the events skipped as malformed (HubImportOptions.skip_bad;
     * malloc'd, hub_import_ids_free them): still in the feed, so not gone. */
    char **skipped_ids;
    int n_skipped_ids;
} HubImportStats;

/* How a document is read: the id namespace of a calendar, the zone of times without an offset
 * (NULL or "": Europe/Helsinki, whatever the server's TZ) and keyword -> topic pairs (NULL or
 * "": the built-in table only). */
typedef struct {
    const char *source;
    const char *zone;
    const char *topics;
    bool skip_bad; /* a malformed Linked Events event is skipped and reported (a source's feed) */
} HubImportOptions;

/* Parses TEXT (either format) into *EVS / *N_EVS (hub_import_events_free them) as OPT says.
 * Notes on skipped parts go to NOTES (each line "aukio-hub: LABEL: ...") and the summary line to
 * OUT (either may be NULL). On failure -1 with "LABEL: why" in ERR. */
int hub_import_parse(const char *text, size_t len, const char *label, const HubImportOptions *opt,
                     FILE *out, FILE *notes, Event **evs, int *n_evs, HubImportStats *stats,
                     char *err, size_t n) AUKIO_MUST_CHECK;

/* Imports the N_EVS events EVS in one transaction (all or none). An event that names no venue
 * gets VENUE (NULL or "" for none); an id met a second time is left out (the first counts).
 * When IDS is not NULL it gets the imported ids (malloc'd, *N_IDS of them; free with
 * hub_import_ids_free). */
int hub_import_events(HubStore *st, Event *evs, int n_evs, const char *venue, const char *label,
                      char ***ids, int *n_ids, char *err, size_t n) AUKIO_MUST_CHECK;

void hub_import_events_free(Event *evs, int n_evs);

/* EV as the store keeps it: its compact canonical JSON (malloc'd, caller frees; NULL when out
 * of memory). The columns the seat rules need are hub_event_in (hub_store.h). */
char *hub_import_event_dump(const Event *ev);
void hub_import_ids_free(char **ids, int n_ids);

/* Cancels event ID by its row: the stored JSON is rewritten by the model when it reads back,
 * gets only its event_status when it is JSON that does not, and is replaced by a minimal
 * cancelled event naming ID when it is not JSON at all; kiosks get a "cancel" either way. A note
 * on the fallback goes to stderr. */
int hub_import_cancel(HubStore *st, const char *id, char *err, size_t n) AUKIO_MUST_CHECK;

/* Prints S for a terminal: control characters (a hostile name could carry escape sequences)
 * become '?'. */
void hub_put_plain(FILE *out, const char *s);

#endif
