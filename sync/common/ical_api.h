/*
 * ical_api.h: the few libical functions the event model (event.c: times in a named zone) and the
 * kiosk's calendar QR code (kiosk/calendar.c) call, through a library opened at their first use
 * (lazylib.h). The kiosk's UI process links no libical: libical and ICU behind it are loaded
 * when a visitor first opens an event whose QR code is a calendar entry, not before the first
 * frame. The importer (event_ical*.c) links libical as usual and runs in other processes.
 */
#ifndef AUKIO_ICAL_API_H
#define AUKIO_ICAL_API_H

#include <stddef.h>

#include <libical/ical.h>

#include "lazylib.h"

#define ICAL_API_FUNCS(X)                                                                          \
    X(icaltimezone_get_builtin_timezone)                                                           \
    X(icaltimezone_get_utc_timezone)                                                               \
    X(icaltime_null_time)                                                                          \
    X(icaltime_null_date)                                                                          \
    X(icaltime_as_timet_with_zone)                                                                 \
    X(icaltime_from_timet_with_zone)                                                               \
    X(icalcomponent_new_vevent)                                                                    \
    X(icalcomponent_add_property)                                                                  \
    X(icalcomponent_as_ical_string_r)                                                              \
    X(icalcomponent_free)                                                                          \
    X(icalmemory_free_buffer)                                                                      \
    X(icalproperty_new_uid)                                                                        \
    X(icalproperty_new_dtstamp)                                                                    \
    X(icalproperty_new_dtstart)                                                                    \
    X(icalproperty_new_dtend)                                                                      \
    X(icalproperty_new_summary)                                                                    \
    X(icalproperty_new_location)

typedef struct {
    ICAL_API_FUNCS(LAZYLIB_MEMBER)
} IcalApi;

/* libical's functions, the library loaded at the first call (thread-safe). NULL when it cannot
 * be loaded; the first failure is written to stderr once. */
const IcalApi *ical_api(void);

#endif
