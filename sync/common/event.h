/*
 * event.h: the event model shared by the kiosk and the hub, and its JSON form.
 *
 * The JSON uses Linked Events field names (the City of Helsinki event API) so that a Linked Events
 * event imports as it is. What Linked Events lacks lives under the extension key "x_aukio". The
 * format is documented in README.md ("Event format"). Parsing uses jansson.
 */
#ifndef AUKIO_EVENT_H
#define AUKIO_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang.h"

/* A multilingual text: one owned UTF-8 string per language, NULL or "" where absent. */
typedef struct {
    char *s[LANG_COUNT];
} LText;

/* The text in LANG with fallback fi -> en -> sv; "" when all are empty. Never NULL. */
const char *ltext_get(const LText *t, Lang lang);

/* True when T has no text in any language. */
bool ltext_empty(const LText *t);

/* Frees T's texts and sets them NULL; T itself is the caller's. */
void ltext_deinit(LText *t);

typedef enum {
    EVENT_SCHEDULED = 0,
    EVENT_CANCELLED,
    EVENT_POSTPONED,
    EVENT_RESCHEDULED,
} EventStatus;

typedef enum { EVENT_PRICE_UNKNOWN = 0, EVENT_FREE, EVENT_PRICED } EventPrice;

/* How a contact field is asked for on the sign-up form. */
typedef enum { FIELD_HIDDEN = 0, FIELD_OPTIONAL, FIELD_REQUIRED } FieldRule;

typedef enum { QUESTION_TEXT = 0, QUESTION_SINGLE, QUESTION_MULTI, QUESTION_YESNO } QuestionKind;

#define EVENT_MAX_QUESTIONS 8
#define QUESTION_MAX_OPTIONS 8

typedef struct {
    char *id; /* stable within the event, e.g. "diet" */
    LText label;
} QuestionOption;

typedef struct {
    char *id;
    QuestionKind kind;
    bool required;
    LText label;
    int n_options;
    QuestionOption options[QUESTION_MAX_OPTIONS];
} Question;

typedef struct {
    char *id; /* Linked Events id, e.g. "helsinki:afxp6tv4xa" */
    LText name;
    LText short_description;
    LText description;       /* may contain HTML in Linked Events data; stored as given */
    LText provider;          /* the organiser */
    LText audience;          /* x_aukio.audience: free text such as "Families with children" */
    char *location_id;       /* location.id, or NULL */
    LText location_name;     /* location.name */
    LText location_address;  /* location.street_address, location.address_locality joined */
    LText location_street;   /* location.street_address as given (empty from iCalendar) */
    LText location_locality; /* location.address_locality as given: the municipality ("Lahti");
                              * empty when the source has none (iCalendar has no such field) */
    char *category;          /* x_aukio.category id ("storytime", "workshop", ...) or NULL */
    char **keywords;         /* keyword ids */
    int n_keywords;
    int64_t start_time; /* Unix seconds; 0 when unknown (e.g. postponed) */
    int64_t end_time;   /* Unix seconds; 0 when unknown */
    EventStatus status;
    int audience_min_age; /* -1 when not given */
    int audience_max_age; /* -1 when not given */
    LText info_url;       /* info_url: the event's web page (http:// or https:// only) */

    /* offers, folded into one (README.md, "Event format"): EVENT_PRICE_UNKNOWN when the event
     * has none; EVENT_FREE when every offer is free; else EVENT_PRICED with PRICE the prices of
     * the offers that cost, joined by "; " ("" when none says), and PRICE_URL the first offer's
     * info_url (where tickets are sold). */
    EventPrice price_kind;
    LText price;
    LText price_url;

    /* Registration. registration == false means "no registration needed". */
    bool registration;
    int capacity;            /* maximum_attendee_capacity; -1 = unlimited */
    int waitlist_capacity;   /* waiting_list_capacity; -1 = unlimited, 0 = no waiting list */
    int max_group_size;      /* maximum_group_size; >= 1 */
    int64_t enrolment_start; /* 0 = open from publication */
    int64_t enrolment_end;   /* 0 = until the event starts */
    int reserved_seats;      /* x_aukio.reserved_seats: seats taken elsewhere (phone, web) */
    FieldRule email_rule;
    FieldRule phone_rule;
    /* x_aukio.waitlist_contact (default true): joining the waiting list needs an email or a
     * phone number, so that the library can say when a place frees up. False for an event that
     * calls its waiting list some other way. */
    bool waitlist_contact;
    /* x_aukio.staff_only (default false): kept in the store for staff mode, never shown to
     * visitors (list, attract rotation, feedback targets). */
    bool staff_only;
    /* N_QUESTIONS (at most EVENT_MAX_QUESTIONS) questions, malloc'd; NULL when there are none.
     * Held apart because most events ask nothing: inline, they made every parsed Event 2.7 KB
     * and a million-event import 3.8 GB. */
    int n_questions;
    Question *questions;
    /* x_aukio.all_day: the event is on dates, not at times (an iCalendar DATE value). START_TIME
     * is then local midnight of its first day and END_TIME local midnight after its last day
     * (exclusive, as iCalendar's DTEND), in the importing zone; screens show the dates alone. */
    bool all_day;
    /* location_extra_info: where in the place, or how to join ("Sali 2", "the link is sent by
     * email"); shown with the venue, also when location is null. */
    LText location_extra;
} Event;

/* Frees everything EV owns and zeroes it; EV itself is the caller's. */
void event_deinit(Event *ev);

/*
 * Parses one event object (jansson's json_t, passed as void* so this header needs no jansson).
 * Returns 0 and fills *ev (caller owns, free with event_deinit), or -1 with a message in ERR such
 * as "name: no text in any language". Accepts both the Linked Events shapes the fixtures show:
 * registration fields on the event itself or inside an inlined "registration" object; "location"
 * inlined, as {"@id": url}, or null; times with "Z", offsets, or date-only.
 */
int event_from_json(Event *ev, const void *json_obj, char *err, size_t errlen);

/* As event_from_json, with times that name no offset (and dates) in ZONE, an IANA zone name
 * (libical's zoneinfo); NULL is the process's zone (TZ). */
int event_from_json_in(Event *ev, const void *json_obj, const char *zone, char *err, size_t errlen);

/* The most events one import document may hold (README.md, "Limits of an import"). A parsed
 * event costs about 300 bytes plus its texts, and the document's JSON tree about 20 times the
 * bytes of a minimal event while it is parsed: 100,000 events stay near 150 MB on a kiosk. */
#define EVENT_DOCUMENT_MAX_EVENTS 100000

/*
 * Parses a whole import document: an array of events, a Linked Events page {"meta":…, "data":[…]},
 * or one event object, of at most EVENT_DOCUMENT_MAX_EVENTS events. On success returns 0 and hands
 * over a malloc'd array in *out (free each with event_deinit, then free the array). On failure
 * returns -1, *out untouched, and ERR says where and why, e.g. "line 12, column 5: '}' expected" or
 * "data[3] (id helsinki:x): start_time: not an ISO 8601 time". Nothing is half-parsed: either every
 * event parses or none is returned.
 */
int event_parse_document(const char *text, size_t len, Event **out, int *n_out, char *err,
                         size_t errlen);

/* How a document is read (event_parse_document_opts). */
typedef struct {
    const char *zone;   /* times without an offset, and dates: NULL = the process's zone */
    const char *topics; /* keyword -> category pairs tried before the built-in table
                         * ("yso:p14710=storytime,kulke:732=workshop"; NULL for none) */
    /* A malformed event is skipped and counted (EventJsonReport.skipped) instead of refusing
     * the document: for a feed fetched from an API, where one bad event must not stop the
     * rest. A file handed to an import is read strictly (false). */
    bool skip_bad;
} EventJsonOptions;

/* What a document held that is not shown (README.md, "Linked Events"): drafts
 * (publication_status "draft"), deleted events ("deleted": true) and recurring super-events
 * whose sub-events are listed (their sub-events are the events). */
typedef struct {
    int drafts, deleted, super_events;
    int topics; /* events that got x_aukio.category from their keywords */
    /* Events whose registration.mandatory_fields name what the kiosk's form cannot ask (it asks
     * a name, an email and a phone number): the first such, for people, in UNASKABLE_NOTE. */
    int unaskable;
    char unaskable_note[240];
    /* Malformed events skipped (EventJsonOptions.skip_bad): the first's place, id and why, and
     * the ids of those that have one (malloc'd; event_json_report_deinit frees them): such an
     * event is still in its feed, so a source must not take it for gone. */
    int skipped;
    char skipped_note[240];
    char **skipped_ids;
    int n_skipped_ids;
} EventJsonReport;

/* Frees what REP holds (its skipped ids); REP itself is the caller's. */
void event_json_report_deinit(EventJsonReport *rep);

/* As event_parse_document, reading with OPT (NULL: defaults) and leaving out what is not shown,
 * counted in *REP. A Linked Events list of places or keywords (/place/, /keyword/) is refused
 * with a message that says so. */
int event_parse_document_opts(const char *text, size_t len, const EventJsonOptions *opt,
                              Event **out, int *n_out, EventJsonReport *rep, char *err,
                              size_t errlen);

/* Sets x_aukio.category of each of the N events that has none from its keywords: the first
 * keyword found in TOPICS (as in EventJsonOptions; may be NULL), else in the built-in table
 * (README.md, "Keywords as topics"). Returns how many got one. */
int event_topics_apply(Event *evs, int n, const char *topics);

/* Whether TOPICS is a well-formed list of "KEYWORD=CATEGORY" pairs joined by ','; -1 with ERR
 * saying which pair is wrong and why. */
int event_topics_check(const char *topics, char *err, size_t errlen);

/* If the document TEXT names a top-level "x_aukio_anchor_date": "YYYY-MM-DD", moves every time
 * of its N parsed events by whole days (wall-clock times kept, DST-aware) so that the anchor date
 * becomes the local date of NOW. This is how the demo catalogue stays "relative to today" for
 * both the kiosk's and the hub's import. Returns 0 (also when there is no anchor), or -1 with
 * ERR. */
int event_document_rebase(const char *text, size_t len, Event *evs, int n, int64_t now, char *err,
                          size_t errlen);

/* Serialises EV as a JSON object (a json_t*, caller owns, json_decref). Round-trips through
 * event_from_json. */
void *event_to_json(const Event *ev);

/* The times an event may hold: 2000-01-01T00:00:00Z to 9999-12-31T23:59:59Z. The lower end
 * keeps 0 free to mean "unknown" (so a real 1970-01-01T00:00:00Z is refused as before 2000,
 * not mistaken for a missing time) and is older than any catalogue a kiosk shows; the upper end
 * is the last second event_format_time writes with a four-digit year, so every time the model
 * accepts is written in a form it reads back. */
#define EVENT_TIME_MIN INT64_C(946684800)
#define EVENT_TIME_MAX INT64_C(253402300799)

/* Parses ISO 8601 ("2026-03-18T18:30:00Z", "+02:00" offsets, no offset = local time, or a date
 * "2026-03-18" = local midnight). Returns 0 and sets *out (Unix seconds); -1 when S is not such
 * a time; EVENT_TIME_RANGE when it is one but outside [EVENT_TIME_MIN, EVENT_TIME_MAX]
 * (e.g. "9999-12-31T23:30:00-02:00", which is in the year 10000 in UTC). */
#define EVENT_TIME_RANGE (-2)
int event_parse_time(const char *s, int64_t *out);

/* As event_parse_time, with a time without an offset (and a date) in ZONE, an IANA name from
 * libical's zoneinfo (NULL: the process's zone); -1 also when ZONE is unknown. */
int event_parse_time_in(const char *s, const char *zone, int64_t *out);

/* *OUT = local midnight DAYS days after the local day of T in ZONE (as event_parse_time_in;
 * NULL: the process's zone). Returns 0, or what event_parse_time_in would for that date. */
int event_midnight_in(int64_t t, const char *zone, int days, int64_t *out);

/* Moves every time of the N events (start, end, enrolment window; 0 = unknown stays 0) by DAYS
 * whole local days, keeping the wall-clock time across DST changes. Returns 0, or -1 if a time
 * would leave [EVENT_TIME_MIN, EVENT_TIME_MAX] (then EVS may be partly shifted). */
int event_shift_days(Event *evs, int n, int days);

/* Formats T as "2026-03-18T16:30:00Z" into BUF (at least 21 bytes). */
void event_format_time(int64_t t, char *buf, size_t n);

#endif
