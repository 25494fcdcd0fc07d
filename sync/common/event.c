/*
 * event.c: the event model shared by the kiosk and the hub: multilingual texts, ISO 8601 times,
 * and moving a catalogue "relative to today". The JSON form is in event_json.c.
 */
#include "event.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "ical_api.h"
#include "util.h"

const char *ltext_get(const LText *t, Lang lang)
{
    if (!t) return "";
    return lang_pick((const char *const *)t->s, lang);
}

bool ltext_empty(const LText *t)
{
    return ltext_get(t, LANG_FI)[0] == '\0';
}

void ltext_deinit(LText *t)
{
    for (int l = 0; l < LANG_COUNT; l++) {
        free(t->s[l]);
        t->s[l] = NULL;
    }
}

void event_deinit(Event *ev)
{
    if (!ev) return;
    free(ev->id);
    ltext_deinit(&ev->name);
    ltext_deinit(&ev->short_description);
    ltext_deinit(&ev->description);
    ltext_deinit(&ev->provider);
    ltext_deinit(&ev->audience);
    free(ev->location_id);
    ltext_deinit(&ev->location_name);
    ltext_deinit(&ev->location_address);
    ltext_deinit(&ev->location_street);
    ltext_deinit(&ev->location_locality);
    ltext_deinit(&ev->location_extra);
    ltext_deinit(&ev->info_url);
    ltext_deinit(&ev->price);
    ltext_deinit(&ev->price_url);
    free(ev->category);
    for (int i = 0; i < ev->n_keywords; i++)
        free(ev->keywords[i]);
    free(ev->keywords);
    for (int q = 0; q < ev->n_questions; q++) {
        Question *qu = &ev->questions[q];
        free(qu->id);
        ltext_deinit(&qu->label);
        for (int o = 0; o < qu->n_options; o++) {
            free(qu->options[o].id);
            ltext_deinit(&qu->options[o].label);
        }
    }
    free(ev->questions);
    memset(ev, 0, sizeof *ev);
}

/* ---- Times -------------------------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm), so UTC times need
 * neither timegm (not in C11/POSIX) nor the TZ dance. */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return dm[m - 1];
}

/* Reads exactly N digits at *P. */
static int read_digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i])) return -1;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return 0;
}

/* The wall-clock time Y-MO-D H:MI:S in ZONE (an IANA name, through libical's zoneinfo; NULL:
 * the process's TZ) as Unix seconds. */
static int local_to_unix(const char *zone, int y, int mo, int d, int h, int mi, int s, int64_t *out)
{
    if (zone) {
        const IcalApi *ical = ical_api();
        icaltimezone *z = ical ? ical->icaltimezone_get_builtin_timezone(zone) : NULL;
        if (!z) return -1;
        /* Before the model's range the time is refused whatever the offset. */
        if (y < 1990) return EVENT_TIME_RANGE;
        /* libical expands a zone's rules up to the year asked, once per zone: a time in 9999
         * cost seconds and hundreds of MB. Past 2100 the offset of the same wall-clock time in
         * a year of that century's calendar shape (2088 leap, 2089 not) is close enough: the
         * zone's rules there are today's rules projected anyway. */
        int ry = y <= 2100 ? y : ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 2088 : 2089;
        struct icaltimetype t = ical->icaltime_null_time();
        t.year = ry, t.month = mo, t.day = d, t.hour = h, t.minute = mi, t.second = s;
        int64_t offset = days_from_civil(ry, mo, d) * 86400 + h * 3600 + mi * 60 + s -
                         (int64_t)ical->icaltime_as_timet_with_zone(t, z);
        int64_t r = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset;
        if (r < EVENT_TIME_MIN || r > EVENT_TIME_MAX) return EVENT_TIME_RANGE;
        *out = r;
        return 0;
    }
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    tm.tm_isdst = -1; /* let the zone rules say whether DST applies on that date */
    errno = 0;
    time_t t = mktime(&tm);
    if (t == (time_t)-1 && errno) return -1;
    if ((int64_t)t < EVENT_TIME_MIN || (int64_t)t > EVENT_TIME_MAX) return EVENT_TIME_RANGE;
    *out = (int64_t)t;
    return 0;
}

/* The civil date of day Z since 1970-01-01 (H. Hinnant's algorithm, the inverse of
 * days_from_civil). */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int event_midnight_in(int64_t t, const char *zone, int days, int64_t *out)
{
    /* The zone's offset near T: that of the wall-clock time equal to T's UTC fields (it differs
     * only within an hour of a DST change, which no zone makes at midnight). */
    int64_t day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t sec = t - day * 86400;
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    int64_t as_local;
    int rc = local_to_unix(zone, y, m, d, (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60),
                           &as_local);
    if (rc) return rc;
    int64_t local = t + (t - as_local);
    int64_t lday = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    civil_from_days(lday + days, &y, &m, &d);
    return local_to_unix(zone, y, m, d, 0, 0, 0, out);
}

int event_parse_time(const char *s, int64_t *out)
{
    return event_parse_time_in(s, NULL, out);
}

int event_parse_time_in(const char *s, const char *zone, int64_t *out)
{
    int y, mo, d, h = 0, mi = 0, sec = 0;
    const char *p = s;
    if (!s) return -1;
    if (read_digits(&p, 4, &y) || *p++ != '-' || read_digits(&p, 2, &mo) || *p++ != '-' ||
        read_digits(&p, 2, &d))
        return -1;
    if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return -1;
    if (*p == '\0')
        return local_to_unix(zone, y, mo, d, 0, 0, 0, out); /* date only: local midnight */
    if (*p != 'T' && *p != 't' && *p != ' ') return -1;
    p++;
    if (read_digits(&p, 2, &h) || *p++ != ':' || read_digits(&p, 2, &mi)) return -1;
    if (*p == ':') {
        p++;
        if (read_digits(&p, 2, &sec)) return -1;
        if (*p == '.' || *p == ',') { /* fractional seconds: whole seconds are enough here */
            p++;
            if (!isdigit((unsigned char)*p)) return -1;
            while (isdigit((unsigned char)*p))
                p++;
        }
    }
    if (h > 23 || mi > 59 || sec > 59) return -1;
    if (*p == '\0')
        return local_to_unix(zone, y, mo, d, h, mi, sec, out); /* no offset: local time */

    int offset = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
        if (read_digits(&p, 2, &oh)) return -1;
        bool colon = *p == ':';
        if (colon) p++;
        if ((colon || *p) && read_digits(&p, 2, &om)) return -1;
        if (oh > 23 || om > 59) return -1;
        offset = sign * (oh * 3600 + om * 60);
    } else {
        return -1;
    }
    if (*p != '\0') return -1;
    int64_t t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset;
    if (t < EVENT_TIME_MIN || t > EVENT_TIME_MAX) return EVENT_TIME_RANGE;
    *out = t;
    return 0;
}

void event_format_time(int64_t t, char *buf, size_t n)
{
    struct tm tm;
    time_t tt = (time_t)t;
    if (n == 0) return;
    if (!gmtime_r(&tt, &tm) || strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) buf[0] = '\0';
}

static int shift_time(int64_t *t, int days)
{
    struct tm tm;
    time_t tt = (time_t)*t;
    if (*t == 0) return 0; /* unknown stays unknown */
    if (!localtime_r(&tt, &tm)) return -1;
    tm.tm_mday += days;
    tm.tm_isdst = -1; /* the new date may be on the other side of a DST change */
    errno = 0;
    time_t r = mktime(&tm);
    if (r == (time_t)-1 && errno) return -1;
    /* A far x_aukio_anchor_date once moved events into negative years, written as "-1816-..."
     * and never read back: the shifted time must stay a time the model accepts. */
    if ((int64_t)r < EVENT_TIME_MIN || (int64_t)r > EVENT_TIME_MAX) return -1;
    *t = (int64_t)r;
    return 0;
}

int event_shift_days(Event *evs, int n, int days)
{
    for (int i = 0; i < n; i++) {
        Event *e = &evs[i];
        if (shift_time(&e->start_time, days) || shift_time(&e->end_time, days) ||
            shift_time(&e->enrolment_start, days) || shift_time(&e->enrolment_end, days))
            return -1;
    }
    return 0;
}

/* ---- Documents "relative to today" (x_aukio_anchor_date) ---------------------------- */

static int parse_date(const char *s, int *y, int *m, int *d)
{
    char *end;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return -1;
    *y = (int)strtol(s, &end, 10);
    *m = (int)strtol(s + 5, &end, 10);
    *d = (int)strtol(s + 8, &end, 10);
    return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31 ? 0 : -1;
}

/* Whole days from the local date Y-M-D to the local date of T. Noon on both days keeps DST's
 * 23- and 25-hour days from rounding the wrong way. */
static int days_until(int y, int m, int d, int64_t t, int *days)
{
    struct tm a = {0}, b;
    time_t tt = (time_t)t;
    if (!localtime_r(&tt, &b)) return -1;
    a.tm_year = y - 1900;
    a.tm_mon = m - 1;
    a.tm_mday = d;
    a.tm_hour = 12;
    a.tm_isdst = -1;
    b.tm_hour = 12;
    b.tm_min = b.tm_sec = 0;
    b.tm_isdst = -1;
    time_t ta = mktime(&a), tb = mktime(&b);
    if (ta == (time_t)-1 || tb == (time_t)-1) return -1;
    double diff = difftime(tb, ta) / 86400.0;
    *days = (int)(diff < 0 ? diff - 0.5 : diff + 0.5);
    return 0;
}

/* The document's top-level "x_aukio_anchor_date", if any: 0 = found (sets Y, M, D), 1 = none. */
static int anchor_date(const char *text, size_t len, int *y, int *m, int *d, char *err,
                       size_t errlen)
{
    /* Only documents that mention the key pay for a second parse. */
    static const char key[] = "x_aukio_anchor_date";
    size_t klen = sizeof key - 1, i;
    for (i = 0; i + klen <= len; i++)
        if (text[i] == 'x' && memcmp(text + i, key, klen) == 0) break;
    if (i + klen > len) return 1;
    json_t *root = json_loadb(text, len, 0, NULL);
    json_t *v = json_is_object(root) ? json_object_get(root, "x_aukio_anchor_date") : NULL;
    int rc = 1;
    if (v && !json_is_null(v)) {
        rc = parse_date(json_string_value(v), y, m, d) == 0 ? 0 : -1;
        if (rc) snprintf(err, errlen, "x_aukio_anchor_date: must be a date \"YYYY-MM-DD\"");
    }
    json_decref(root);
    return rc;
}

int event_document_rebase(const char *text, size_t len, Event *evs, int n, int64_t now, char *err,
                          size_t errlen)
{
    int y, m, d, days = 0;
    int a = anchor_date(text, len, &y, &m, &d, err, errlen);
    if (a != 0) return a < 0 ? -1 : 0;
    if (days_until(y, m, d, now, &days)) {
        snprintf(err, errlen, "x_aukio_anchor_date: cannot count the days to today");
        return -1;
    }
    /* By whole weeks, back to the anchor's weekday on or before today: a Saturday storytime stays
     * on a Saturday (the events of the days before today in that week are then past). */
    days = days >= 0 ? days - days % 7 : days - (7 - (-days) % 7) % 7;
    if (event_shift_days(evs, n, days)) {
        snprintf(err, errlen,
                 "x_aukio_anchor_date: moving the events' times by %d days to today takes one "
                 "outside 2000-01-01 to 9999-12-31",
                 days);
        return -1;
    }
    return 0;
}
