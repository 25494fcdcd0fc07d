/*
 * event_ical_internal.h: what event_ical.c (reading a calendar, texts, zones, ids) and
 * event_ical_recur.c (occurrences, overrides, the Events made of them) share. Not for use
 * outside those two files.
 */
#ifndef AUKIO_EVENT_ICAL_INTERNAL_H
#define AUKIO_EVENT_ICAL_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <libical/ical.h>

#include "event_ical.h"

/* Byte caps of the texts, those of event_json.c (which checks them again on the way in: every
 * Event made here is read back through event_from_json before it is kept). Texts longer than a
 * cap are cut at a UTF-8 boundary rather than refused: a feed's long title still shows. */
#define ICAL_ID_MAX 95
#define ICAL_TITLE_MAX 159
#define ICAL_URL_MAX 500 /* as event_json.c reads info_url */
#define ICAL_VENUE_MAX 95
#define ICAL_ADDRESS_MAX 255
#define ICAL_PROVIDER_MAX 500
#define ICAL_DESCRIPTION_MAX 65536
#define ICAL_KEYWORD_MAX 95
#define ICAL_KEYWORDS_MAX 256
/* Recurrence steps libical may take for one VEVENT and for a whole file: a rule such as
 * FREQ=SECONDLY;COUNT=100000000 is cut there, not run for minutes. */
#define ICAL_STEPS_EVENT_MAX 200000
#define ICAL_STEPS_FILE_MAX 4000000

/* ical_expand's answer for a VEVENT to skip (with the reason in WHY); -1 is fatal. */
#define ICAL_SKIP 1

struct IcalFeed;

/* A VEVENT with a RECURRENCE-ID: it replaces that occurrence of its master. */
typedef struct {
    icalcomponent *comp, *cal;
    char *uid;
    int64_t instant; /* the RECURRENCE-ID as a Unix time */
    int index;       /* its number among the VEVENTs, for notes */
    bool used;       /* its occurrence was made (or dropped) */
    bool bad;        /* unreadable: its occurrence is dropped, not made from the master */
} IcalOverride;

typedef struct {
    const EventIcalOptions *opt;
    EventIcalReport *rep;
    char *err;
    size_t errlen;
    const char *source;
    icaltimezone *date_zone; /* dates (all-day events) are midnights here */
    icaltimezone *floating;  /* floating times, unless the calendar names its zone */
    struct IcalFeed *feed;
    icalcomponent *root;
    Event *evs;
    int n, cap;
    IcalOverride *ov;
    int n_ov;
    int64_t steps;
    int year_hi; /* after this year every time is past the horizon */
} IcalCtx;

/* One VEVENT being read: its calendar (NULL for a bare VEVENT), number, UID (derived when it
 * has none), floating zone, the calendar's name and language. */
typedef struct {
    icalcomponent *cal;
    int index;
    const char *uid;
    icaltimezone *floating;
    const char *calname;
    bool lang_set; /* the calendar's language (X-WR-CALNAME;LANGUAGE=sv): else the options' */
    Lang lang;
} IcalEventCtx;

void ical_note(EventIcalReport *rep, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ical_where(const IcalCtx *c, int k, const char *uid, char *buf, size_t n);
icaltimezone *ical_zone(const IcalCtx *c, icalcomponent *cal, const char *tzid);
int64_t ical_instant(const IcalCtx *c, const IcalEventCtx *e, struct icaltimetype t,
                     icaltimezone *zone);
int ical_prop_time(const IcalCtx *c, const IcalEventCtx *e, icalproperty *p, struct icaltimetype *t,
                   icaltimezone **zone, char *err, size_t errlen);
int ical_read_texts(const IcalCtx *c, const IcalEventCtx *e, icalcomponent *comp,
                    icalcomponent *fallback, Event *ev, char *err, size_t errlen);
char *ical_make_id(const IcalCtx *c, const char *uid, bool recurring, int64_t start, bool date);
const char *ical_uid(icalcomponent *comp, char *buf, size_t n);
/* Why the VEVENT COMP is not to be read at all (no END, CLASS:PRIVATE), or NULL. */
const char *ical_unreadable(icalcomponent *comp);

/* Collects every VEVENT with a RECURRENCE-ID under ROOT (before any master is expanded). */
int ical_overrides_collect(IcalCtx *c);
void ical_overrides_free(IcalCtx *c);
/* COMP (an override) is unreadable: its occurrence is left out. With COMP NULL, the master of UID
 * was skipped: its overrides go too. */
void ical_overrides_drop(IcalCtx *c, icalcomponent *comp, const char *uid);
/* The Events of the master VEVENT COMP (or of an override whose master is absent): 0, ICAL_SKIP
 * with WHY, or -1 (fatal; ERR of the context is set). */
int ical_expand(IcalCtx *c, const IcalEventCtx *e, icalcomponent *comp, char *why, size_t n);
/* Overrides no master used: each becomes an Event of its own when in the horizon. */
int ical_overrides_rest(IcalCtx *c);
/* The same id twice: the later Event is dropped with a note. */
int ical_check_ids(IcalCtx *c);

#endif
