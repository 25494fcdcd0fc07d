/*
 * event_ical.h: iCalendar (RFC 5545) into the event model, through libical.
 *
 * A calendar becomes Events: recurring events are expanded over a horizon around "now", each
 * occurrence its own Event; times are stored as UTC instants (VTIMEZONE, IANA TZIDs from libical's
 * zoneinfo, UTC, floating times in a configured zone); DATE values stay dates (Event.all_day).
 * A malformed VEVENT is skipped and reported while the rest imports; a text that libical cannot
 * read as a calendar at all is refused whole. The mapping and limits are in README.md ("Event
 * format", "iCalendar").
 */
#ifndef AUKIO_EVENT_ICAL_H
#define AUKIO_EVENT_ICAL_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "lang.h"

/* The most occurrences one recurring VEVENT gives (more are cut and reported), and the most
 * Events one file gives, occurrences included (more and the file is refused whole, as a JSON
 * document of more than EVENT_DOCUMENT_MAX_EVENTS is). */
#define EVENT_ICAL_OCCURRENCES_MAX 1000
#define EVENT_ICAL_FILE_EVENTS_MAX EVENT_DOCUMENT_MAX_EVENTS
/* The largest calendar text handed to libical: its tree of a calendar takes about 10 times the
 * text. The hub's 64 MiB import cap is for JSON; a calendar is held to the kiosk's 16 MiB. */
#define EVENT_ICAL_TEXT_MAX (16u * 1024 * 1024)

typedef struct {
    int64_t now;         /* Unix s; the horizon is around it */
    int64_t past;        /* seconds before NOW an event may have ended and still be kept */
    int64_t future;      /* seconds after NOW an event may start and still be kept */
    const char *source;  /* the id namespace: ids are "ics:SOURCE:UID[@START]" */
    const char *zone;    /* IANA zone of floating times and of dates (all-day events) */
    Lang lang;           /* the language of texts with no LANGUAGE parameter */
    int max_occurrences; /* per recurring VEVENT */
    int max_events;      /* per file */
    const char *topics;  /* keyword -> topic pairs (EventJsonOptions.topics); NULL for none */
    bool skip_bad_json;  /* EventJsonOptions.skip_bad for a JSON document */
} EventIcalOptions;

/* Fills O with the defaults at NOW: a horizon of 1 day back and 180 days ahead, source "ical",
 * zone Europe/Helsinki, Finnish, and the caps above. */
void event_ical_options_default(EventIcalOptions *o, int64_t now);

#define EVENT_ICAL_NOTES_MAX 32
#define EVENT_ICAL_NOTE_LEN 240

/* What an import met besides the Events it returns. Each skipped VEVENT and each ignored part
 * gets a note ("VEVENT 3 (line 41, UID x@y): skipped: no DTSTART"), up to EVENT_ICAL_NOTES_MAX;
 * NOTES_LOST counts the rest. */
typedef struct {
    int vevents; /* VEVENT components met */
    int skipped; /* VEVENTs (or occurrences) skipped as malformed */
    int outside; /* events or occurrences left out as outside the horizon */
    int capped;  /* recurring VEVENTs cut at max_occurrences */
    int hidden;  /* Linked Events: drafts, deleted events and recurring super-events left out */
    /* Linked Events read with skip_bad_json: the ids of the events skipped as malformed
     * (malloc'd; event_import_report_deinit frees them). NULL otherwise. */
    char **skipped_ids;
    int n_skipped_ids;
    int topics; /* events that got a topic (x_aukio.category) from their keywords */
    int n_notes;
    int notes_lost;
    char notes[EVENT_ICAL_NOTES_MAX][EVENT_ICAL_NOTE_LEN];
} EventIcalReport;

/*
 * Parses the iCalendar TEXT (LEN bytes; a UTF-8 byte-order mark is allowed) into Events. On
 * success returns 0 and hands over a malloc'd array in *OUT of *N Events (free each with
 * event_deinit, then the array; *OUT may be NULL when *N is 0), with what was skipped in *REP.
 * Returns -1 with ERR when the text is not a calendar libical can read, or it gives more than
 * OPT->max_events Events; *OUT is then untouched. Every returned Event reads back equal through
 * event_to_json / event_from_json.
 */
int event_ical_parse(const char *text, size_t len, const EventIcalOptions *opt, Event **out, int *n,
                     EventIcalReport *rep, char *err, size_t errlen);

#endif
