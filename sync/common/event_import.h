/*
 * event_import.h: an import file in either format the model reads, told apart by its content:
 * Linked Events JSON (event_parse_document) or iCalendar (event_ical_parse). Both the kiosk's
 * `aukio import` and the hub's `aukio-hub event import` read files through this.
 */
#ifndef AUKIO_EVENT_IMPORT_H
#define AUKIO_EVENT_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "event_ical.h"

typedef enum { EVENT_FORMAT_NONE = 0, EVENT_FORMAT_JSON, EVENT_FORMAT_ICAL } EventFormat;

/* The format of TEXT from its first bytes after an optional UTF-8 byte-order mark and white
 * space: "BEGIN:VCALENDAR" or "BEGIN:VEVENT" (any case) is iCalendar, '[' or '{' is JSON;
 * anything else (an empty file too) is EVENT_FORMAT_NONE. */
EventFormat event_format_detect(const char *text, size_t len);

/* "iCalendar", "Linked Events JSON", or "unknown". */
const char *event_format_name(EventFormat f);

/*
 * Parses an import document of either format. OPT (its NOW, horizon, source, zone) is for a
 * calendar; for JSON, REBASE_NOW != 0 moves an "x_aukio_anchor_date" document to that day
 * (event_document_rebase). On success returns 0, hands over *OUT / *N as event_parse_document
 * does, sets *FMT and fills *REP (all zero for JSON, which has no partial success). On failure
 * returns -1 with ERR; a text of neither format gets "not iCalendar or Linked Events JSON
 * (it starts with "...")".
 */
int event_import_parse(const char *text, size_t len, const EventIcalOptions *opt,
                       int64_t rebase_now, Event **out, int *n, EventFormat *fmt,
                       EventIcalReport *rep, char *err, size_t errlen);

/* Frees what REP holds (the skipped ids of a feed read with skip_bad_json); REP itself is the
 * caller's. */
void event_import_report_deinit(EventIcalReport *rep);

/* What an import read, for people: "read 12 events from iCalendar (13 VEVENTs; 1 skipped,
 * 0 outside the horizon)" or "read 30 events from Linked Events JSON". Into BUF; returns BUF. */
const char *event_import_summary(EventFormat f, int n, const EventIcalReport *rep, char *buf,
                                 size_t len);

/* The id namespace of a calendar read from PATH: its file name without folders and extension,
 * kept to letters, digits, '-', '_' and '.', at most 32 bytes ("ical" when nothing is left).
 * Into BUF; returns BUF. */
const char *event_import_source(const char *path, char *buf, size_t n);

#endif
