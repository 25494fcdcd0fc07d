/*
 * datefmt.c: dates and times in Finnish, Swedish and English.
 *
 * The names of days and months are our own tables, not the C library's locale: a kiosk image
 * rarely has fi_FI/sv_FI locales generated, strftime's output depends on them, and the formats
 * below (no leading zero on Finnish hours, "klo"/"kl.") are not any locale's defaults anyway.
 * Only the time zone comes from the environment (TZ), through localtime_r and mktime.
 */
#include "datefmt.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define EN_DASH "\xE2\x80\x93" /* U+2013 */

/* Weekdays indexed by struct tm's tm_wday (0 = Sunday). */
static const char *const WDAY_SHORT[LANG_COUNT][7] = {
    {"su", "ma", "ti", "ke", "to", "pe", "la"},
    {"sön", "mån", "tis", "ons", "tors", "fre", "lör"},
    {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
};

static const char *const WDAY_LONG[LANG_COUNT][7] = {
    {"sunnuntai", "maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai"},
    {"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"},
    {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
};

/* Finnish months in the partitive, as a date is written out: "18. maaliskuuta". */
static const char *const MONTH_LONG[LANG_COUNT][12] = {
    {"tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta", "toukokuuta", "kesäkuuta",
     "heinäkuuta", "elokuuta", "syyskuuta", "lokakuuta", "marraskuuta", "joulukuuta"},
    {"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
     "oktober", "november", "december"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"},
};

/* Finnish weekdays in the essive, as a date is said: "tiistaina 1. joulukuuta". */
static const char *const WDAY_ESSIVE_FI[7] = {"sunnuntaina",   "maanantaina", "tiistaina",
                                              "keskiviikkona", "torstaina",   "perjantaina",
                                              "lauantaina"};

static const char *const MONTH_SHORT_EN[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* ---- Helpers ----------------------------------------------------------------------------- */

static Lang checked(Lang lang)
{
    return ((int)lang >= 0 && (int)lang < LANG_COUNT) ? lang : LANG_FI;
}

/* Local broken-down time. tzset() first because glibc's localtime_r reads TZ only once per
 * process otherwise, and the kiosk sets TZ from its config after start-up; when TZ is unchanged
 * tzset is a string comparison. */
static struct tm local(int64_t t)
{
    struct tm tm;
    time_t tt = (time_t)t;
    tzset();
    if (!localtime_r(&tt, &tm))
        memset(&tm, 0, sizeof tm); /* only for times beyond struct tm's years */
    return tm;
}

/* When snprintf truncates, it may cut a multi-byte character in half; drop the partial
 * character so the result is still valid UTF-8 for the text renderer. */
static void trim_partial_utf8(char *buf, size_t len)
{
    size_t i = len;
    while (i > 0 && ((unsigned char)buf[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0) return;
    unsigned char lead = (unsigned char)buf[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (len - (i - 1) < need) buf[i - 1] = '\0';
}

/* The string being written: BUF of capacity N, LEN bytes used. Once something did not fit, FULL
 * stops later pieces, which might fit the room left but would read as nonsense. */
typedef struct {
    char *buf;
    size_t n, len;
    bool full;
} Out;

static void append(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void append(Out *o, const char *fmt, ...)
{
    if (o->full || o->n == 0) return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(o->buf + o->len, o->n - o->len, fmt, ap);
    va_end(ap);
    if (w < 0) {
        o->buf[o->len] = '\0';
        o->full = true;
    } else if ((size_t)w >= o->n - o->len) {
        o->full = true;
        trim_partial_utf8(o->buf, o->n - 1);
        o->len = strlen(o->buf);
    } else {
        o->len += (size_t)w;
    }
}

static void put_date(Out *o, Lang lang, const struct tm *tm)
{
    const char *wd = WDAY_SHORT[lang][tm->tm_wday];
    switch (lang) {
    case LANG_FI:
        append(o, "%s %d.%d.", wd, tm->tm_mday, tm->tm_mon + 1);
        break;
    case LANG_SV:
        append(o, "%s %d.%d", wd, tm->tm_mday, tm->tm_mon + 1);
        break;
    default:
        append(o, "%s %d %s", wd, tm->tm_mday, MONTH_SHORT_EN[tm->tm_mon]);
        break;
    }
}

/* HOUR is passed separately so an end at midnight can be written as 24.00. Finnish and
 * Swedish write hours without a leading zero ("klo 9.00"); English 24-hour times have one. */
static void put_time(Out *o, Lang lang, int hour, int min)
{
    if (lang == LANG_EN)
        append(o, "%02d:%02d", hour, min);
    else
        append(o, "%d.%02d", hour, min);
}

/* The word between a date and a time: "ti 18.3. klo 18.30", "Tue 18 Mar, 18:30". */
static const char *const AT[LANG_COUNT] = {" klo ", " kl. ", ", "};

static bool same_day(const struct tm *a, const struct tm *b)
{
    return a->tm_year == b->tm_year && a->tm_yday == b->tm_yday;
}

static Out out_start(char *buf, size_t n)
{
    Out o = {buf, n, 0, false};
    if (n > 0) buf[0] = '\0';
    return o;
}

/* ---- Public ------------------------------------------------------------------------------ */

void datefmt_span(char *buf, size_t n, Lang lang, int64_t start, int64_t end)
{
    Out o = out_start(buf, n);
    if (n == 0) return;
    lang = checked(lang);

    struct tm s = local(start);
    put_date(&o, lang, &s);
    append(&o, "%s", AT[lang]);
    put_time(&o, lang, s.tm_hour, s.tm_min);
    /* An unknown end, or one not after the start (bad data), shows just the start. */
    if (end == 0 || end <= start) return;

    struct tm e = local(end);
    if (same_day(&s, &e)) {
        append(&o, EN_DASH);
        put_time(&o, lang, e.tm_hour, e.tm_min);
        return;
    }
    /* An event that ends at the midnight after its start day ends "at 24.00" of that day, the
     * way programmes print it, rather than spanning into a second date at 0.00. */
    struct tm prev = local(end - 1);
    if (e.tm_hour == 0 && e.tm_min == 0 && e.tm_sec == 0 && same_day(&s, &prev)) {
        append(&o, EN_DASH);
        put_time(&o, lang, 24, 0);
        return;
    }
    append(&o, " " EN_DASH " ");
    put_date(&o, lang, &e);
    append(&o, "%s", AT[lang]);
    put_time(&o, lang, e.tm_hour, e.tm_min);
}

void datefmt_days(char *buf, size_t n, Lang lang, int64_t start, int64_t end)
{
    Out o = out_start(buf, n);
    if (n == 0) return;
    lang = checked(lang);
    struct tm s = local(start);
    put_date(&o, lang, &s);
    if (end <= start) return;
    struct tm last = local(end - 1); /* END is the midnight after the last day */
    if (same_day(&s, &last)) return;
    append(&o, " " EN_DASH " ");
    put_date(&o, lang, &last);
}

void datefmt_when(char *buf, size_t n, Lang lang, int64_t start, int64_t end, bool all_day)
{
    if (all_day)
        datefmt_days(buf, n, lang, start, end);
    else
        datefmt_span(buf, n, lang, start, end);
}

void datefmt_date(char *buf, size_t n, Lang lang, int64_t t)
{
    Out o = out_start(buf, n);
    if (n == 0) return;
    lang = checked(lang);
    struct tm tm = local(t);
    put_date(&o, lang, &tm);
}

void datefmt_date_long(char *buf, size_t n, Lang lang, int64_t t)
{
    Out o = out_start(buf, n);
    if (n == 0) return;
    lang = checked(lang);
    struct tm tm = local(t);
    const char *fmt = lang == LANG_FI ? "%s %d. %s" : "%s %d %s";
    append(&o, fmt, WDAY_LONG[lang][tm.tm_wday], tm.tm_mday, MONTH_LONG[lang][tm.tm_mon]);
}

void datefmt_time(char *buf, size_t n, Lang lang, int64_t t)
{
    Out o = out_start(buf, n);
    if (n == 0) return;
    lang = checked(lang);
    struct tm tm = local(t);
    put_time(&o, lang, tm.tm_hour, tm.tm_min);
}

int64_t datefmt_day_start(int64_t t)
{
    struct tm tm = local(t);
    tm.tm_hour = 0;
    tm.tm_min = 0;
    tm.tm_sec = 0;
    tm.tm_isdst = -1; /* midnight may have a different UTC offset than T (DST days) */
    return (int64_t)mktime(&tm);
}

int64_t datefmt_week_start(int64_t t)
{
    struct tm tm = local(t);
    /* Back to Monday by calendar days, not by 86400 s steps, so a DST change within the week
     * does not land at 23.00 or 1.00. mktime normalises a negative day of the month. */
    tm.tm_mday -= (tm.tm_wday + 6) % 7;
    tm.tm_hour = 0;
    tm.tm_min = 0;
    tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

/* ---- Spoken ------------------------------------------------------------------------------ */

static void put_spoken_day(Out *o, Lang lang, const struct tm *tm)
{
    if (lang == LANG_FI)
        append(o, "%s %d. %s", WDAY_ESSIVE_FI[tm->tm_wday], tm->tm_mday,
               MONTH_LONG[lang][tm->tm_mon]);
    else if (lang == LANG_SV)
        append(o, "%s den %d %s", WDAY_LONG[lang][tm->tm_wday], tm->tm_mday,
               MONTH_LONG[lang][tm->tm_mon]);
    else
        append(o, "%s %d %s", WDAY_LONG[lang][tm->tm_wday], tm->tm_mday,
               MONTH_LONG[lang][tm->tm_mon]);
}

static void put_spoken_time(Out *o, Lang lang, const struct tm *tm)
{
    static const char *const SAID_AT[LANG_COUNT] = {"kello", "klockan", "at"};
    append(o, lang == LANG_EN ? " %s %d:%02d" : " %s %d.%02d", SAID_AT[lang], tm->tm_hour,
           tm->tm_min);
}

void datefmt_spoken(char *buf, size_t n, Lang lang, int64_t start, int64_t end)
{
    Out o = {buf, n, 0, false};
    if (n) buf[0] = '\0';
    lang = checked(lang);
    struct tm a = local(start);
    put_spoken_day(&o, lang, &a);
    put_spoken_time(&o, lang, &a);
    if (end <= start) return;
    struct tm b = local(end);
    static const char *const UNTIL[LANG_COUNT] = {", päättyy", ", slutar", ", ends"};
    append(&o, "%s", UNTIL[lang]);
    if (b.tm_year != a.tm_year || b.tm_yday != a.tm_yday) {
        append(&o, " ");
        put_spoken_day(&o, lang, &b);
    }
    put_spoken_time(&o, lang, &b);
}
