/*
 * calendar.c: the QR code's text: the event's web page, or a VEVENT built with libical (loaded
 * at the first VEVENT: ical_api.h).
 */
#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ical_api.h"

/* The helpers run inside calendar_vevent, after ical_api() answered. */
static struct icaltimetype utc_time(int64_t t)
{
    const IcalApi *ical = ical_api();
    return ical->icaltime_from_timet_with_zone((time_t)t, 0, ical->icaltimezone_get_utc_timezone());
}

/* The local date of T (the kiosk's zone, TZ) as an iCalendar DATE: an all-day event's start,
 * or the (exclusive) day after its last. */
static struct icaltimetype local_date(int64_t t)
{
    struct tm tm;
    time_t tt = (time_t)t;
    const IcalApi *ical = ical_api();
    struct icaltimetype d = ical->icaltime_null_date();
    if (!localtime_r(&tt, &tm)) return utc_time(t);
    d.year = tm.tm_year + 1900;
    d.month = tm.tm_mon + 1;
    d.day = tm.tm_mday;
    return d;
}

/* libical's buffers are its own to free; the caller gets one of the C library's. */
static char *own_copy(char *ical_buffer)
{
    if (!ical_buffer) return NULL;
    const IcalApi *ical = ical_api();
    char *s = strdup(ical_buffer);
    ical->icalmemory_free_buffer(ical_buffer);
    return s;
}

char *calendar_vevent(const Event *ev, Lang lang, int64_t now)
{
    const IcalApi *ical = ical_api();
    if (!ev->start_time || !ev->id || !ical) return NULL;
    icalcomponent *c = ical->icalcomponent_new_vevent();
    if (!c) return NULL;
    char uid[160];
    snprintf(uid, sizeof uid, "%s@aukio", ev->id);
    ical->icalcomponent_add_property(c, ical->icalproperty_new_uid(uid));
    ical->icalcomponent_add_property(c, ical->icalproperty_new_dtstamp(utc_time(now)));
    /* An all-day event goes to the phone's calendar as dates (DTSTART;VALUE=DATE), so that it
     * is not moved to the phone's zone or shown from 0.00. */
    struct icaltimetype (*when)(int64_t) = ev->all_day ? local_date : utc_time;
    ical->icalcomponent_add_property(c, ical->icalproperty_new_dtstart(when(ev->start_time)));
    if (ev->end_time > ev->start_time)
        ical->icalcomponent_add_property(c, ical->icalproperty_new_dtend(when(ev->end_time)));
    ical->icalcomponent_add_property(c, ical->icalproperty_new_summary(ltext_get(&ev->name, lang)));
    const char *venue = ltext_get(&ev->location_name, lang);
    const char *address = ltext_get(&ev->location_address, lang);
    if (venue[0] || address[0]) {
        size_t n = strlen(venue) + strlen(address) + 3;
        char *where = malloc(n);
        if (where) {
            snprintf(where, n, "%s%s%s", venue, venue[0] && address[0] ? ", " : "", address);
            ical->icalcomponent_add_property(c, ical->icalproperty_new_location(where));
            free(where);
        }
    }
    char *text = own_copy(ical->icalcomponent_as_ical_string_r(c));
    ical->icalcomponent_free(c);
    return text;
}

char *calendar_qr_text(const Event *ev, Lang lang, int64_t now)
{
    const char *url = ltext_get(&ev->info_url, lang);
    if (url[0]) return strdup(url);
    return calendar_vevent(ev, lang, now);
}

bool calendar_is_url(const char *qr_text)
{
    return qr_text && (strncmp(qr_text, "https://", 8) == 0 || strncmp(qr_text, "http://", 7) == 0);
}
