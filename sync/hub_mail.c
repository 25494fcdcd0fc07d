/*
 * hub_mail.c: messages to visitors (hub_mail.h): address and text checks, times as each language
 * writes them, and the MIME message with its iCalendar part.
 *
 * Everything that comes from a visitor or a catalogue goes into the message encoded: the subject
 * and the name in the To header as RFC 2047 base64 words, the text and the calendar as base64
 * parts. The only raw values in headers are the addresses, which hub_mail_address_ok has
 * limited to characters that cannot end a line or start a header. Base64 is libsodium's
 * (sodium_bin2base64); iCalendar is libical's, never written by hand.
 */
#include "hub_mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>
#include <sodium.h>

#include "records.h"
#include "util.h"

#define HUB_MAIL_TZ "Europe/Helsinki"
#define TITLE_CAP 512
#define VENUE_CAP 512
#define LINE_B64 57 /* bytes per base64 line: 76 characters */
#define WORD_B64 39 /* bytes per RFC 2047 word: 52 characters, 64 with =?UTF-8?B?...?= */

const char *hub_mail_state_name(int state)
{
    static const char *const NAMES[HUB_MAIL_STATES] = {"pending", "sending", "sent", "failed",
                                                       "unsure"};
    return state >= 0 && state < HUB_MAIL_STATES ? NAMES[state] : "?";
}

void hub_mail_deinit(HubMail *m)
{
    free(m->to);
    free(m->name);
    free(m->code);
    free(m->event_id);
    free(m->title);
    free(m->venue);
    memset(m, 0, sizeof *m);
}

/* ---- Addresses and texts ------------------------------------------------------------------ */

static bool atext(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

static bool label_ok(const char *p, size_t len)
{
    if (len < 1 || len > 63 || p[0] == '-' || p[len - 1] == '-') return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-'))
            return false;
    }
    return true;
}

bool hub_mail_address_ok(const char *a)
{
    if (!a) return false;
    size_t len = strlen(a);
    const char *at = strchr(a, '@');
    if (len < 3 || len > HUB_MAIL_ADDRESS_MAX || !at || strchr(at + 1, '@')) return false;
    size_t local = (size_t)(at - a);
    if (local < 1 || local > 64 || a[0] == '.' || a[local - 1] == '.') return false;
    for (size_t i = 0; i < local; i++) {
        if (a[i] == '.' ? a[i + 1] == '.' : !atext((unsigned char)a[i])) return false;
    }
    const char *d = at + 1;
    int labels = 0;
    for (;;) {
        const char *dot = strchr(d, '.');
        size_t l = dot ? (size_t)(dot - d) : strlen(d);
        if (!label_ok(d, l)) return false;
        labels++;
        if (!dot) break;
        d = dot + 1;
    }
    return labels >= 2;
}

/* The length of the valid UTF-8 character at P (1..4), its code point in *CP; 0 when invalid. */
static size_t utf8_char(const unsigned char *p, unsigned *cp)
{
    unsigned c = p[0];
    size_t len;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf)
        len = 2, c &= 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        len = 3, c &= 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        len = 4, c &= 0x07;
    else
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80) return 0;
        c = (c << 6) | (p[i] & 0x3f);
    }
    if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
        (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

char *hub_mail_clean(char *dst, size_t cap, const char *src)
{
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)(src ? src : "");
    while (*p) {
        unsigned cp = 0;
        size_t len = utf8_char(p, &cp);
        const char *put = (const char *)p;
        size_t put_len = len;
        /* Line breaks of any kind (CR, LF, NEL, LS, PS) and other controls become spaces. */
        if (len == 0)
            put = "?", put_len = 1, len = 1;
        else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 ||
                 cp == 0x2029)
            put = " ", put_len = 1;
        if (o + put_len + 1 > cap) break;
        memcpy(dst + o, put, put_len);
        o += put_len;
        p += len;
    }
    if (cap) dst[o] = '\0';
    return dst;
}

void hub_mail_event_texts(const Event *ev, Lang lang, char *title, size_t title_cap, char *venue,
                          size_t venue_cap)
{
    hub_mail_clean(title, title_cap, ltext_get(&ev->name, lang));
    const char *place = ltext_get(&ev->location_name, lang);
    const char *addr = ltext_get(&ev->location_address, lang);
    char joined[VENUE_CAP];
    snprintf(joined, sizeof joined, "%s%s%s", place, *place && *addr ? ", " : "", addr);
    hub_mail_clean(venue, venue_cap, joined);
}

/* ---- Times -------------------------------------------------------------------------------- */

/* T as Helsinki wall-clock time (UTC if the zone cannot be loaded). */
static struct icaltimetype local_time(int64_t t)
{
    icaltimezone *tz = icaltimezone_get_builtin_timezone(HUB_MAIL_TZ);
    if (!tz) tz = icaltimezone_get_utc_timezone();
    return icaltime_from_timet_with_zone((time_t)t, 0, tz);
}

/* One time of day in LANG: "17.00" (fi, sv) or "17:00" (en). */
static void clock_text(const struct icaltimetype *t, Lang lang, char *buf, size_t n)
{
    snprintf(buf, n, lang == LANG_EN ? "%02d:%02d" : "%d.%02d", t->hour, t->minute);
}

/* A date and time of day in LANG. */
static void date_text(const struct icaltimetype *t, Lang lang, char *buf, size_t n)
{
    const HubMailLabels *l = hub_mail_labels(lang);
    const char *wd = l->weekdays[(icaltime_day_of_week(*t) + 6) % 7];
    char clock[16];
    clock_text(t, lang, clock, sizeof clock);
    if (lang == LANG_EN)
        snprintf(buf, n, "%s %d %s %d, %s", wd, t->day, l->months[(t->month + 11) % 12], t->year,
                 clock);
    else
        snprintf(buf, n, "%s %d.%d.%d %s %s", wd, t->day, t->month, t->year,
                 lang == LANG_FI ? "klo" : "kl.", clock);
}

void hub_mail_format_time(int64_t start, int64_t end, Lang lang, char *buf, size_t n)
{
    if ((unsigned)lang >= LANG_COUNT) lang = LANG_FI;
    if (start <= 0) {
        snprintf(buf, n, "%s", hub_mail_labels(lang)->tba);
        return;
    }
    struct icaltimetype s = local_time(start);
    char first[96], second[96] = "";
    date_text(&s, lang, first, sizeof first);
    if (end > start) {
        struct icaltimetype e = local_time(end);
        if (e.year == s.year && e.month == s.month && e.day == s.day)
            clock_text(&e, lang, second, sizeof second);
        else
            date_text(&e, lang, second, sizeof second);
    }
    snprintf(buf, n, "%s%s%s", first, *second ? "\xe2\x80\x93" : "", second);
}

/* ---- MIME pieces -------------------------------------------------------------------------- */

/* P (LEN bytes) in base64, lines of at most 76 characters ending in CRLF. */
static int add_base64(Buf *out, const void *p, size_t len)
{
    const unsigned char *b = p;
    char line[sodium_base64_ENCODED_LEN(LINE_B64, sodium_base64_VARIANT_ORIGINAL)];
    for (size_t i = 0; i < len; i += LINE_B64) {
        size_t k = len - i < LINE_B64 ? len - i : LINE_B64;
        sodium_bin2base64(line, sizeof line, b + i, k, sodium_base64_VARIANT_ORIGINAL);
        if (buf_adds(out, line) != 0 || buf_adds(out, "\r\n") != 0) return -1;
    }
    return 0;
}

/* S as RFC 2047 "B" words of UTF-8, each of at most WORD_B64 bytes and never splitting a
 * character, folded onto continuation lines. */
static int add_words(Buf *out, const char *s)
{
    size_t len = strlen(s), i = 0;
    char word[sodium_base64_ENCODED_LEN(WORD_B64, sodium_base64_VARIANT_ORIGINAL)];
    if (len == 0)
        return buf_adds(out, "=?UTF-8?B?"
                             "?=");
    while (i < len) {
        size_t k = 0;
        while (i + k < len) {
            unsigned cp;
            size_t c = utf8_char((const unsigned char *)s + i + k, &cp);
            if (c == 0) c = 1; /* already cleaned; stay safe */
            if (k + c > WORD_B64) break;
            k += c;
        }
        sodium_bin2base64(word, sizeof word, (const unsigned char *)s + i, k,
                          sodium_base64_VARIANT_ORIGINAL);
        if (buf_addf(out, "%s=?UTF-8?B?%s?=", i ? "\r\n " : "", word) != 0) return -1;
        i += k;
    }
    return 0;
}

/* T as an RFC 5322 date in UTC, "Tue, 15 Dec 2026 15:00:00 +0000" (not strftime: the locale's
 * day names would not do). */
static void rfc5322_date(int64_t t, char *buf, size_t n)
{
    static const char *const WD[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const MO[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    snprintf(buf, n, "%s, %02d %s %04d %02d:%02d:%02d +0000", WD[tm.tm_wday % 7], tm.tm_mday,
             MO[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The event of M as an iCalendar object (caller frees with free()), or NULL. */
static char *calendar_new(const HubMail *m, const HubMailEnv *env)
{
    icaltimezone *utc = icaltimezone_get_utc_timezone();
    char uid[HUB_MAIL_ADDRESS_MAX + RECORD_EVENT_ID_MAX + 16];
    char clean[sizeof uid];
    /* Stable per event: a move or a second message about it updates the same calendar entry. */
    snprintf(uid, sizeof uid, "%s@%s", m->event_id ? m->event_id : "", env->domain);
    hub_mail_clean(clean, sizeof clean, uid);
    icalcomponent *cal = icalcomponent_new_vcalendar();
    icalcomponent *ev = icalcomponent_new_vevent();
    if (!cal || !ev) {
        if (cal) icalcomponent_free(cal);
        if (ev) icalcomponent_free(ev);
        return NULL;
    }
    icalcomponent_add_property(cal, icalproperty_new_prodid("-//Aukio//aukio-hub//EN"));
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
    icalcomponent_add_property(ev, icalproperty_new_uid(clean));
    icalcomponent_add_property(
        ev, icalproperty_new_dtstamp(icaltime_from_timet_with_zone(m->created_at, 0, utc)));
    icalcomponent_add_property(
        ev, icalproperty_new_dtstart(icaltime_from_timet_with_zone(m->start_time, 0, utc)));
    if (m->end_time > m->start_time)
        icalcomponent_add_property(
            ev, icalproperty_new_dtend(icaltime_from_timet_with_zone(m->end_time, 0, utc)));
    icalcomponent_add_property(ev, icalproperty_new_summary(m->title ? m->title : ""));
    if (m->venue && *m->venue) icalcomponent_add_property(ev, icalproperty_new_location(m->venue));
    icalcomponent_add_component(cal, ev);
    char *text = icalcomponent_as_ical_string_r(cal);
    icalcomponent_free(cal);
    return text;
}

/* The text part of M, CRLF line ends, into OUT. */
static int add_text(Buf *out, const HubMail *m, const HubMailWords *w, bool calendar)
{
    const HubMailLabels *l = hub_mail_labels(m->lang);
    char name[SIGNUP_NAME_MAX + 1], when[256];
    hub_mail_clean(name, sizeof name, m->name);
    hub_mail_format_time(m->start_time, m->end_time, m->lang, when, sizeof when);
    int rc = *name ? buf_addf(out, l->hello, name) : buf_adds(out, l->hello_noname);
    rc |= buf_adds(out, "\r\n\r\n");
    if (w->intro_nopos && m->position <= 0)
        rc |= buf_adds(out, w->intro_nopos);
    else if (w->intro_nopos)
        rc |= buf_addf(out, w->intro, m->position);
    else
        rc |= buf_adds(out, w->intro);
    rc |= buf_addf(out, "\r\n\r\n%s\r\n%s: %s\r\n", m->title ? m->title : "", l->time, when);
    if (m->venue && *m->venue) rc |= buf_addf(out, "%s: %s\r\n", l->place, m->venue);
    if (m->code && *m->code) rc |= buf_addf(out, "%s: %s\r\n", l->code, m->code);
    if (calendar) rc |= buf_addf(out, "\r\n%s\r\n", l->calendar_note);
    rc |= buf_adds(out, "\r\n");
    for (const char *p = l->bye; *p; p++)
        rc |= *p == '\n' ? buf_adds(out, "\r\n") : buf_add(out, p, 1);
    rc |= buf_adds(out, "\r\n");
    return rc ? -1 : 0;
}

static int add_headers(Buf *out, const HubMail *m, const HubMailEnv *env, const HubMailWords *w,
                       const char *boundary)
{
    char date[64], subject[TITLE_CAP + 128], name[SIGNUP_NAME_MAX + 1];
    rfc5322_date(m->created_at, date, sizeof date);
    snprintf(subject, sizeof subject, "%s%s", w->subject, m->title ? m->title : "");
    hub_mail_clean(name, sizeof name, m->name);
    int rc = buf_addf(out, "Date: %s\r\nFrom: <%s>\r\nTo: ", date, env->from);
    /* The address folds onto a line of its own after a name, so no line grows past 78. */
    if (*name) rc |= add_words(out, name) | buf_adds(out, "\r\n ");
    rc |= buf_addf(out, "<%s>\r\nSubject: ", m->to);
    rc |= add_words(out, subject);
    rc |= buf_addf(out,
                   "\r\nMessage-ID: <aukio-mail-%lld.%.16s@%s>\r\n"
                   "MIME-Version: 1.0\r\n"
                   "Auto-Submitted: auto-generated\r\n"
                   "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n",
                   (long long)m->id, env->epoch, env->domain, boundary);
    return rc ? -1 : 0;
}

int hub_mail_build(const HubMail *m, const HubMailEnv *env, Buf *out, char *err, size_t n)
{
    if (!hub_mail_address_ok(m->to) || !hub_mail_address_ok(env->from))
        return err_set(err, n, "mail %lld: not a usable address", (long long)m->id);
    const HubMailWords *w = hub_mail_words(m->kind, m->lang);
    bool calendar = w->calendar && m->start_time > 0;
    char boundary[96];
    /* Base64 never contains "--" or "=_", so no part can contain the boundary. */
    snprintf(boundary, sizeof boundary, "=_aukio_%lld_%.12s", (long long)m->id, env->epoch);
    Buf text;
    buf_init(&text, 64 * 1024);
    char *ics = NULL;
    int rc = add_headers(out, m, env, w, boundary) | add_text(&text, m, w, calendar);
    rc |= buf_addf(out,
                   "--%s\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                   "Content-Transfer-Encoding: base64\r\n\r\n",
                   boundary);
    rc |= add_base64(out, text.p ? text.p : "", text.len);
    if (rc == 0 && calendar) {
        ics = calendar_new(m, env);
        rc |= !ics;
        if (ics) {
            rc |= buf_addf(out,
                           "--%s\r\nContent-Type: text/calendar; charset=UTF-8; method=PUBLISH;"
                           " name=\"event.ics\"\r\n"
                           "Content-Disposition: attachment; filename=\"event.ics\"\r\n"
                           "Content-Transfer-Encoding: base64\r\n\r\n",
                           boundary);
            rc |= add_base64(out, ics, strlen(ics));
        }
    }
    rc |= buf_addf(out, "--%s--\r\n", boundary);
    free(ics);
    buf_deinit(&text);
    if (rc) return err_set(err, n, "mail %lld: out of memory", (long long)m->id);
    return AUKIO_OK;
}

void hub_mail_cleanup(void)
{
    icaltimezone_free_builtin_timezones();
}
