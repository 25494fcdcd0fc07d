/*
 * test_event_ical.c: iCalendar into the event model (event_ical.c, event_import.c): every file
 * of tests/fixtures/ical/ (real feeds and libical's and python-icalendar's test data, BROKEN ones
 * included) with what it must give, and a case for each rule: DST-correct instants, RRULE /
 * EXDATE / RECURRENCE-ID, floating times, all-day dates, folding, escapes, languages, caps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <jansson.h>

#include "event.h"
#include "event_ical.h"
#include "event_import.h"

/* ---- Helpers ------------------------------------------------------------------------------ */

static char *slurp(const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/ical/%s", FIXTURES_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static int64_t at(const char *iso)
{
    /* Also before 2000, which event_parse_time refuses. */
    struct tm tm = {0};
    if (sscanf(iso, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) != 6)
        fail_msg("bad time %s", iso);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm);
}

/* One parse: the events, the report, and the error, freed by done(). */
typedef struct {
    Event *evs;
    int n;
    int rc;
    EventIcalReport rep;
    EventFormat fmt;
    char err[512];
} Got;

static void parse_opt(Got *g, const char *text, size_t len, const EventIcalOptions *o)
{
    memset(g, 0, sizeof *g);
    g->rc = event_import_parse(text, len, o, 0, &g->evs, &g->n, &g->fmt, &g->rep, g->err,
                               sizeof g->err);
}

static void parse_at(Got *g, const char *text, size_t len, const char *now, int future_days)
{
    EventIcalOptions o;
    event_ical_options_default(&o, at(now));
    o.source = "t";
    if (future_days) o.future = (int64_t)future_days * 86400;
    parse_opt(g, text, len, &o);
}

static void parse_file(Got *g, const char *name, const char *now, int future_days)
{
    size_t len;
    char *text = slurp(name, &len);
    parse_at(g, text, len, now, future_days);
    free(text);
    if (g->rc) fail_msg("%s: %s", name, g->err);
    assert_int_equal(g->fmt, EVENT_FORMAT_ICAL);
}

static void done(Got *g)
{
    for (int i = 0; i < g->n; i++)
        event_deinit(&g->evs[i]);
    free(g->evs);
    memset(g, 0, sizeof *g);
}

static void assert_time(int64_t t, const char *want)
{
    char buf[32];
    event_format_time(t, buf, sizeof buf);
    assert_string_equal(buf, want);
}

static const Event *find(const Got *g, const char *id)
{
    for (int i = 0; i < g->n; i++)
        if (strcmp(g->evs[i].id, id) == 0) return &g->evs[i];
    fail_msg("no event %s", id);
    return NULL;
}

static bool has_note(const Got *g, const char *part)
{
    for (int i = 0; i < g->rep.n_notes; i++)
        if (strstr(g->rep.notes[i], part)) return true;
    return false;
}

static void assert_note(const Got *g, const char *part)
{
    if (!has_note(g, part)) {
        for (int i = 0; i < g->rep.n_notes; i++)
            print_message("note: %s\n", g->rep.notes[i]);
        fail_msg("no note with \"%s\"", part);
    }
}

static const char *fi(const LText *t)
{
    return ltext_get(t, LANG_FI);
}

/* A calendar of the given body lines (joined with CRLF). */
static char *cal(const char *body)
{
    size_t n = strlen(body) + 128;
    char *s = malloc(n);
    assert_non_null(s);
    snprintf(s, n, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n%sEND:VCALENDAR\r\n",
             body);
    return s;
}

static void parse_cal(Got *g, const char *body, const char *now, int future_days)
{
    char *text = cal(body);
    parse_at(g, text, strlen(text), now, future_days);
    free(text);
}

/* ---- The fixtures, file by file ----------------------------------------------------------- */

static void test_google_zurich_weekdays_across_dst(void **state)
{
    (void)state;
    Got g;
    parse_file(&g, "icalendar_google_zurich_weekly_rrule_x_apple_location.ics",
               "2026-03-20T12:00:00Z", 0);
    /* Every weekday from 2026-03-19 (ends after now - 1 day) to 2026-09-16 (now + 180 days). */
    assert_int_equal(g.n, 130);
    assert_int_equal(g.rep.vevents, 1);
    const Event *e = &g.evs[0];
    assert_string_equal(e->id, "ics:t:BFE33ADD-5553-48B5-B5A5-F9DA5CA4C393@20260319T130000Z");
    assert_time(e->start_time, "2026-03-19T13:00:00Z"); /* 14:00 CET */
    assert_time(e->end_time, "2026-03-19T13:30:00Z");
    assert_false(e->all_day);
    /* After the last Sunday of March, 14:00 CEST. */
    e = find(&g, "ics:t:BFE33ADD-5553-48B5-B5A5-F9DA5CA4C393@20260330T120000Z");
    assert_time(e->start_time, "2026-03-30T12:00:00Z");
    assert_string_equal(fi(&e->name), "Daily Sync");
    assert_string_equal(fi(&e->location_name), "Roadstar 16");
    assert_string_equal(fi(&e->location_address), "12764 Happyville, Denmark");
    assert_string_equal(fi(&e->provider), "ITC"); /* X-WR-CALNAME */
    assert_string_equal(fi(&e->description), "Some Description");
    assert_false(e->registration);
    done(&g);
}

static void test_google_bare_vevent_newyork_exdates(void **state)
{
    (void)state;
    Got g;
    parse_file(&g, "icalendar_google_bare_vevent_rrule_exdate_newyork.ics", "2013-09-01T00:00:00Z",
               0);
    /* Fridays and Saturdays 7.9.-19.10.2013 (UNTIL), less 11 and 12 October. */
    assert_int_equal(g.n, 11);
    assert_time(g.evs[0].start_time, "2013-09-07T16:00:00Z"); /* 12:00 EDT, no VTIMEZONE */
    assert_time(g.evs[0].end_time, "2013-09-07T21:00:00Z");
    assert_time(g.evs[10].start_time, "2013-10-19T16:00:00Z");
    for (int i = 0; i < g.n; i++) {
        assert_null(strstr(g.evs[i].id, "@20131011"));
        assert_null(strstr(g.evs[i].id, "@20131012"));
    }
    const Event *e = find(&g, "ics:t:ak30b02u7858q1oo6ji9dm4mgg@google.com@20131004T160000Z");
    assert_string_equal(fi(&e->name), "Market East Live!");
    assert_string_equal(fi(&e->location_name), "12th and Market Streets (weather permitting)");
    assert_non_null(strstr(fi(&e->description), "working with PhillyRising to provide"));
    done(&g);
}

static void test_bare_vevent_five_exdate_lines(void **state)
{
    (void)state;
    Got g;
    parse_file(&g, "icalendar_bare_vevent_rrule_multiple_exdate_lines.ics", "2012-03-20T00:00:00Z",
               0);
    /* 15 Tuesdays 27.3.-3.7.2012 (UNTIL 08:00Z is 10:00 CEST: the last one counts), less 5. */
    assert_int_equal(g.n, 10);
    assert_time(g.evs[0].start_time, "2012-03-27T08:00:00Z");
    assert_time(g.evs[1].start_time, "2012-04-24T08:00:00Z");
    assert_time(g.evs[9].start_time, "2012-07-03T08:00:00Z");
    /* No UID: the id comes from a hash of DTSTART and SUMMARY, the same on every import. */
    assert_non_null(strstr(g.evs[0].id, "ics:t:~"));
    char first[96];
    snprintf(first, sizeof first, "%s", g.evs[0].id);
    done(&g);
    parse_file(&g, "icalendar_bare_vevent_rrule_multiple_exdate_lines.ics", "2012-03-20T00:00:00Z",
               0);
    assert_string_equal(g.evs[0].id, first);
    done(&g);
}

static void test_meetup_folded_escaped_crlf(void **state)
{
    (void)state;
    Got g;
    parse_file(&g, "icalendar_meetup_bare_vevent_folded_escaped_crlf.ics", "2012-07-01T00:00:00Z",
               0);
    assert_int_equal(g.n, 1);
    const Event *e = &g.evs[0];
    assert_string_equal(e->id, "ics:t:event_qtkfrcyqkbnb@meetup.com");
    assert_time(e->start_time, "2012-07-12T22:30:00Z");
    assert_time(e->end_time, "2012-07-13T01:30:00Z");
    /* \, and \n unescaped, the folds joined ("joi" + "nt"). */
    assert_non_null(
        strstr(fi(&e->description),
               "DevOpsDC\nThursday, July 12 at 6:30 PM\n\nThis will be a joint meetup"));
    assert_string_equal(fi(&e->location_name), "Fathom Creative, Inc. (1333 14th Street "
                                               "Northwest, WashingtonD.C., DC 20005)");
    done(&g);
}

static void test_unicode_and_missing_fields(void **state)
{
    (void)state;
    Got g;
    parse_file(&g, "icalendar_unicode_umlauts_euro.ics", "2010-10-09T00:00:00Z", 0);
    assert_int_equal(g.n, 2);
    assert_int_equal(g.rep.vevents, 3);
    assert_int_equal(g.rep.skipped, 1);
    assert_note(&g, "VEVENT 3 (line 20, UID none): skipped: no DTSTART");
    const Event *e = find(&g, "ics:t:123456");
    assert_string_equal(fi(&e->name), "Non-ASCII Test: \xC3\x84\xC3\x96\xC3\x9C \xC3\xA4\xC3\xB6"
                                      "\xC3\xBC \xE2\x82\xAC");
    assert_string_equal(fi(&e->location_name), "Tribstr\xC3\xBCl");
    /* No UID and no DTSTAMP: still imported, under a derived id. */
    assert_non_null(strstr(g.evs[1].id, "ics:t:~"));
    assert_string_equal(fi(&g.evs[1].name), "\xC3\xA5\xC3\xA4\xC3\xB6");
    assert_int_equal(g.evs[1].end_time, 0);
    done(&g);
}

static void test_categories_escaped_commas(void **state)
{
    (void)state;
    Got g;
    parse_file(&g, "icalendar_categories_escaped_commas.ics", "2014-02-01T00:00:00Z", 0);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.evs[0].n_keywords, 3);
    assert_string_equal(g.evs[0].keywords[0], "Meeting, John");
    assert_string_equal(g.evs[0].keywords[1], "Work, Sarah");
    assert_string_equal(g.evs[0].keywords[2], "Project");
    done(&g);
}

static void test_podio_tab_folding_trailing_garbage(void **state)
{
    (void)state;
    Got g;
    parse_file(&g, "icalendar_podio_tab_folding_altrep_trailing_garbage.ics",
               "2022-02-20T00:00:00Z", 0);
    assert_int_equal(g.n, 1); /* the X-COMMENT after END:VCALENDAR changes nothing */
    const Event *e = &g.evs[0];
    assert_string_equal(e->id, "ics:t:20055546456446");
    assert_string_equal(fi(&e->name), "Termin 4353 und\"so\"");
    assert_time(e->start_time, "2022-02-22T18:30:00Z");
    assert_string_equal(fi(&e->location_name), "online");
    /* TAB-folded lines joined; the bad escape \" read as a quote. */
    assert_non_null(strstr(fi(&e->description), "Toller Termin f\xC3\xBCrmal zu\"gucken\""));
    done(&g);
}

static void test_mozilla_two_calendars_all_day(void **state)
{
    (void)state;
    Got g;
    parse_file(&g, "icalendar_mozilla_two_vcalendars_allday_odd_folding.ics",
               "2003-04-30T00:00:00Z", 365);
    assert_int_equal(g.n, 3);
    const Event *e = find(&g, "ics:t:956630271");
    assert_string_equal(fi(&e->name), "Christmas Day"); /* behind the empty-line folds */
    assert_true(e->all_day);
    assert_time(e->start_time, "2003-12-24T22:00:00Z"); /* midnight in Helsinki */
    assert_time(e->end_time, "2003-12-25T22:00:00Z");   /* DTEND exclusive */
    e = find(&g, "ics:t:911737808");
    assert_true(e->all_day);
    assert_time(e->start_time, "2003-04-30T21:00:00Z"); /* EEST; no DTEND: that one day */
    assert_time(e->end_time, "2003-05-01T21:00:00Z");
    assert_true(find(&g, "ics:t:wh4t3v3r")->all_day);
    done(&g);
}

static void test_bom_empty_calendar(void **state)
{
    (void)state;
    Got g;
    parse_file(&g, "icalendar_utf8_bom_empty_calendar.ics", "2026-01-01T00:00:00Z", 0);
    assert_int_equal(g.rc, 0);
    assert_int_equal(g.n, 0);
    assert_int_equal(g.rep.vevents, 0);
    done(&g);
}

static void test_broken_files(void **state)
{
    (void)state;
    Got g;
    /* A content line with no colon, outside the event: reported, the event imports. */
    parse_file(&g, "icalendar_BROKEN_stray_line_no_colon.ics", "2014-03-30T00:00:00Z", 0);
    assert_int_equal(g.n, 1);
    assert_string_equal(fi(&g.evs[0].name), "Broken Eevnt");
    assert_note(&g, "VCALENDAR: 1 line libical could not read, ignored");
    done(&g);

    /* Fuzzer output that is not a calendar: refused whole, saying what it is not. */
    size_t len;
    char *text = slurp("icalendar_BROKEN_fuzz_garbage.ics", &len);
    parse_at(&g, text, len, "2026-01-01T00:00:00Z", 0);
    free(text);
    assert_int_equal(g.rc, -1);
    assert_int_equal(g.fmt, EVENT_FORMAT_NONE);
    assert_non_null(strstr(g.err, "not iCalendar or Linked Events JSON"));
    done(&g);

    /* No END:VCALENDAR: said so; its one VEVENT (no DTSTART) is skipped with its reason. */
    parse_file(&g, "icalendar_BROKEN_unterminated_vcalendar.ics", "2026-01-01T00:00:00Z", 0);
    assert_int_equal(g.n, 0);
    assert_int_equal(g.rep.skipped, 1);
    assert_note(&g, "no END:VCALENDAR");
    assert_note(&g, "VEVENT 1 (line 2, UID none): skipped: no DTSTART");
    done(&g);
}

static void test_citadel_non_iana_tzid(void **state)
{
    (void)state;
    Got g;
    parse_file(&g, "libical_vtimezone_europe_helsinki_citadel_tzid.ics", "2026-01-01T00:00:00Z", 0);
    assert_int_equal(g.n, 0); /* only a VTIMEZONE */
    done(&g);

    /* Events in that zone, by its vendor TZID, on both sides of the spring change. */
    size_t len;
    char *tz = slurp("libical_vtimezone_europe_helsinki_citadel_tzid.ics", &len);
    char *end = strstr(tz, "END:VCALENDAR");
    assert_non_null(end);
    *end = '\0';
    char doc[4096];
    snprintf(doc, sizeof doc,
             "%sBEGIN:VEVENT\nUID:a\nSUMMARY:Ennen\n"
             "DTSTART;TZID=/citadel.org/20260108_1/Europe/Helsinki:20260328T120000\nEND:VEVENT\n"
             "BEGIN:VEVENT\nUID:b\nSUMMARY:Jälkeen\n"
             "DTSTART;TZID=/citadel.org/20260108_1/Europe/Helsinki:20260329T120000\nEND:VEVENT\n"
             "END:VCALENDAR\n",
             tz);
    free(tz);
    parse_at(&g, doc, strlen(doc), "2026-03-01T00:00:00Z", 0);
    assert_int_equal(g.rc, 0);
    assert_int_equal(g.n, 2);
    assert_time(find(&g, "ics:t:a")->start_time, "2026-03-28T10:00:00Z");
    assert_time(find(&g, "ics:t:b")->start_time, "2026-03-29T09:00:00Z");
    done(&g);
}

static void test_rfc_examples_multi_component(void **state)
{
    (void)state;
    Got g;
    /* In 1997 every event is before the times the model holds: each is skipped with why. */
    parse_file(&g, "libical_rfc2445_examples_multi_component.ics", "1997-07-01T00:00:00Z", 0);
    assert_int_equal(g.n, 0);
    assert_int_equal(g.rep.vevents, 6);
    assert_note(&g, "VEVENT 1 (line 4, UID none): skipped: start_time: \"1997-07-14T17:00:00Z\" "
                    "is outside the times");
    /* Private and confidential events never reach a public kiosk. */
    assert_note(&g, "VEVENT 2 (line 11, UID 19970901T130000Z-123401@host.com): skipped: "
                    "CLASS:PRIVATE");
    assert_note(&g, "CLASS:CONFIDENTIAL");
    done(&g);
    /* Today: nothing is left in the horizon, and that is no error. */
    parse_file(&g, "libical_rfc2445_examples_multi_component.ics", "2026-10-01T00:00:00Z", 0);
    assert_int_equal(g.n, 0);
    assert_true(g.rep.outside >= 2);
    done(&g);
}

static void test_libcal_feed(void **state)
{
    (void)state;
    Got g;
    parse_file(&g, "princeton_libcal_events_and_workshops.ics", "2022-09-12T00:00:00Z", 365);
    assert_int_equal(g.n, 6);
    assert_int_equal(g.rep.skipped, 0);
    const Event *e = find(&g, "ics:t:LibCal-12260-9613672");
    assert_time(e->start_time, "2023-04-07T16:00:00Z");
    assert_string_equal(fi(&e->name),
                        "30 Minutes Towards Better Bibliographies and Footnotes! (online)");
    assert_int_equal(e->n_keywords, 3);
    assert_string_equal(e->keywords[0], "Bibliographies");
    assert_string_equal(e->keywords[1], "Managing References");
    assert_string_equal(e->keywords[2], "Workshops");
    assert_string_equal(fi(&e->provider), "Audrey B. Welber"); /* ORGANIZER;CN= */
    assert_true(ltext_empty(&e->location_name));               /* no LOCATION */
    e = find(&g, "ics:t:LibCal-12260-9636011");
    assert_string_equal(fi(&e->location_name), "Milberg Gallery, Firestone Library");
    done(&g);
    /* The horizon: from 2022-09-15 on, the events of 13 and 14 September are over. */
    parse_file(&g, "princeton_libcal_events_and_workshops.ics", "2022-09-16T00:00:00Z", 365);
    assert_int_equal(g.n, 3);
    assert_int_equal(g.rep.outside, 3);
    done(&g);
}

static void test_google_feed_html_multi_day(void **state)
{
    (void)state;
    Got g;
    parse_file(&g, "usal_salamanca_google_calendar_2022.ics", "2022-03-01T00:00:00Z", 0);
    assert_int_equal(g.n, 7);
    const Event *e = find(&g, "ics:t:0v492m9po93ee6etrure57emke@google.com");
    assert_true(e->all_day);
    assert_time(e->start_time, "2022-03-14T22:00:00Z"); /* 15.3. */
    assert_time(e->end_time, "2022-05-01T21:00:00Z");   /* up to 2.5. exclusive, EEST */
    assert_false(find(&g, "ics:t:1ve91tsla3oupn2fo84vls3jf0@google.com")->all_day);
    /* A URL as LOCATION is no venue. HTML is kept as Linked Events descriptions are. */
    assert_true(ltext_empty(&e->location_name));
    e = find(&g, "ics:t:49mb2o718rva7p8cnjt53innjb@google.com");
    assert_non_null(strstr(fi(&e->description), "<h4>Entrada gratuita</h4>"));
    done(&g);
}

/* ---- Rules -------------------------------------------------------------------------------- */

static void test_weekly_helsinki_across_dst(void **state)
{
    (void)state;
    Got g;
    /* 18:00 every Tuesday in Helsinki, no VTIMEZONE: libical's zoneinfo. EET then EEST. */
    parse_cal(&g,
              "BEGIN:VEVENT\r\nUID:satu\r\nSUMMARY:Satutunti\r\n"
              "DTSTART;TZID=Europe/Helsinki:20260317T180000\r\n"
              "DTEND;TZID=Europe/Helsinki:20260317T190000\r\n"
              "RRULE:FREQ=WEEKLY;COUNT=4\r\nEND:VEVENT\r\n",
              "2026-03-01T00:00:00Z", 0);
    assert_int_equal(g.rc, 0);
    assert_int_equal(g.n, 4);
    assert_string_equal(g.evs[0].id, "ics:t:satu@20260317T160000Z");
    assert_time(g.evs[0].start_time, "2026-03-17T16:00:00Z");
    assert_time(g.evs[1].start_time, "2026-03-24T16:00:00Z");
    assert_time(g.evs[2].start_time, "2026-03-31T15:00:00Z");
    assert_time(g.evs[2].end_time, "2026-03-31T16:00:00Z");
    assert_time(g.evs[3].start_time, "2026-04-07T15:00:00Z");
    done(&g);
}

static void test_exdate_and_recurrence_id_overrides(void **state)
{
    (void)state;
    Got g;
    parse_cal(&g,
              "BEGIN:VEVENT\r\nUID:kerho\r\nSUMMARY:Lukupiiri\r\nLOCATION:Sali\r\n"
              "DTSTART;TZID=Europe/Helsinki:20260303T180000\r\nDURATION:PT1H30M\r\n"
              "RRULE:FREQ=WEEKLY;COUNT=5\r\n"
              "EXDATE;TZID=Europe/Helsinki:20260310T180000\r\nEND:VEVENT\r\n"
              /* moved an hour later, renamed, the venue kept from the master */
              "BEGIN:VEVENT\r\nUID:kerho\r\nRECURRENCE-ID;TZID=Europe/Helsinki:20260317T180000\r\n"
              "SUMMARY:Lukupiiri (siirretty)\r\n"
              "DTSTART;TZID=Europe/Helsinki:20260317T190000\r\n"
              "DTEND;TZID=Europe/Helsinki:20260317T203000\r\nEND:VEVENT\r\n"
              /* cancelled */
              "BEGIN:VEVENT\r\nUID:kerho\r\nRECURRENCE-ID:20260324T160000Z\r\nSTATUS:CANCELLED\r\n"
              "DTSTART;TZID=Europe/Helsinki:20260324T180000\r\nEND:VEVENT\r\n",
              "2026-03-01T00:00:00Z", 0);
    assert_int_equal(g.rc, 0);
    assert_int_equal(g.n, 4); /* 3, 17, 24, 31 March; 10 March excluded */
    assert_int_equal(g.rep.vevents, 3);
    const Event *e = find(&g, "ics:t:kerho@20260303T160000Z");
    assert_time(e->end_time, "2026-03-03T17:30:00Z");
    e = find(&g, "ics:t:kerho@20260317T160000Z"); /* the id of the occurrence it replaces */
    assert_string_equal(fi(&e->name), "Lukupiiri (siirretty)");
    assert_time(e->start_time, "2026-03-17T17:00:00Z");
    assert_time(e->end_time, "2026-03-17T18:30:00Z");
    assert_string_equal(fi(&e->location_name), "Sali");
    e = find(&g, "ics:t:kerho@20260324T160000Z");
    assert_int_equal(e->status, EVENT_CANCELLED);
    assert_string_equal(fi(&e->name), "Lukupiiri");
    e = find(&g, "ics:t:kerho@20260331T150000Z"); /* EEST */
    assert_int_equal(e->status, EVENT_SCHEDULED);
    for (int i = 0; i < g.n; i++)
        assert_null(strstr(g.evs[i].id, "20260310"));
    done(&g);

    /* A private override hides its occurrence; a private master takes its overrides along. */
    parse_cal(&g,
              "BEGIN:VEVENT\r\nUID:m\r\nSUMMARY:M\r\nDTSTART:20260303T160000Z\r\n"
              "RRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\n"
              "BEGIN:VEVENT\r\nUID:m\r\nRECURRENCE-ID:20260310T160000Z\r\nCLASS:PRIVATE\r\n"
              "SUMMARY:Secret\r\nDTSTART:20260310T160000Z\r\nEND:VEVENT\r\n"
              "BEGIN:VEVENT\r\nUID:p\r\nCLASS:PRIVATE\r\nSUMMARY:P\r\n"
              "DTSTART:20260303T160000Z\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\n"
              "BEGIN:VEVENT\r\nUID:p\r\nRECURRENCE-ID:20260310T160000Z\r\nSUMMARY:P moved\r\n"
              "DTSTART:20260311T160000Z\r\nEND:VEVENT\r\n",
              "2026-03-01T00:00:00Z", 0);
    assert_int_equal(g.rc, 0);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.evs[0].id, "ics:t:m@20260303T160000Z");
    assert_string_equal(g.evs[1].id, "ics:t:m@20260317T160000Z");
    done(&g);

    /* RDATE adds an occurrence; the same instant twice is one. */
    parse_cal(&g,
              "BEGIN:VEVENT\r\nUID:r\r\nSUMMARY:R\r\nDTSTART:20260303T160000Z\r\n"
              "RDATE:20260305T160000Z,20260303T160000Z\r\nEND:VEVENT\r\n",
              "2026-03-01T00:00:00Z", 0);
    assert_int_equal(g.n, 2);
    assert_time(g.evs[1].start_time, "2026-03-05T16:00:00Z");
    done(&g);
}

static void test_floating_time(void **state)
{
    (void)state;
    const char *body = "BEGIN:VEVENT\r\nUID:f\r\nSUMMARY:F\r\nDTSTART:20260615T100000\r\n"
                       "END:VEVENT\r\n";
    Got g;
    parse_cal(&g, body, "2026-06-01T00:00:00Z", 0);
    assert_int_equal(g.n, 1);
    assert_time(g.evs[0].start_time, "2026-06-15T07:00:00Z"); /* Helsinki, EEST */
    done(&g);

    char *text = cal(body);
    EventIcalOptions o;
    event_ical_options_default(&o, at("2026-06-01T00:00:00Z"));
    o.zone = "Europe/Stockholm";
    parse_opt(&g, text, strlen(text), &o);
    free(text);
    assert_int_equal(g.n, 1);
    assert_time(g.evs[0].start_time, "2026-06-15T08:00:00Z");
    assert_string_equal(g.evs[0].id, "ics:ical:f"); /* the default source */
    done(&g);

    /* A calendar that names its zone (Google, LibCal) has its floating times there. */
    parse_cal(&g,
              "X-WR-TIMEZONE:America/New_York\r\n"
              "BEGIN:VEVENT\r\nUID:f\r\nSUMMARY:F\r\nDTSTART:20260615T100000\r\nEND:VEVENT\r\n",
              "2026-06-01T00:00:00Z", 0);
    assert_time(g.evs[0].start_time, "2026-06-15T14:00:00Z");
    done(&g);

    /* An unknown TZID: that VEVENT is skipped and says which zone. */
    parse_cal(&g,
              "BEGIN:VEVENT\r\nUID:u\r\nSUMMARY:U\r\nDTSTART;TZID=Mars/Olympus:20260615T100000"
              "\r\nEND:VEVENT\r\n",
              "2026-06-01T00:00:00Z", 0);
    assert_int_equal(g.n, 0);
    assert_note(&g, "skipped: DTSTART: unknown time zone \"Mars/Olympus\"");
    done(&g);
}

static void test_occurrence_and_file_caps(void **state)
{
    (void)state;
    const char *body = "BEGIN:VEVENT\r\nUID:d\r\nSUMMARY:Daily\r\nDTSTART:20200101T100000Z\r\n"
                       "RRULE:FREQ=DAILY\r\nEND:VEVENT\r\n";
    char *text = cal(body);
    EventIcalOptions o;
    event_ical_options_default(&o, at("2026-03-01T00:00:00Z"));
    Got g;
    parse_opt(&g, text, strlen(text), &o);
    assert_int_equal(g.rc, 0);
    assert_int_equal(g.n, 181); /* 28.2.-27.8. */
    assert_int_equal(g.rep.capped, 0);
    done(&g);
    o.max_occurrences = 10;
    parse_opt(&g, text, strlen(text), &o);
    assert_int_equal(g.n, 10);
    assert_int_equal(g.rep.capped, 1);
    assert_note(&g, "only the first 10 occurrences in the horizon kept");
    done(&g);
    o.max_occurrences = EVENT_ICAL_OCCURRENCES_MAX;
    o.max_events = 5;
    parse_opt(&g, text, strlen(text), &o);
    assert_int_equal(g.rc, -1);
    assert_non_null(strstr(g.err, "more than 5 events"));
    assert_null(g.evs);
    done(&g);
    free(text);

    /* A rule meant to run for ever is cut, quickly. */
    clock_t t0 = clock();
    parse_cal(&g,
              "BEGIN:VEVENT\r\nUID:s\r\nSUMMARY:S\r\nDTSTART:20000101T000000Z\r\n"
              "RRULE:FREQ=SECONDLY;COUNT=900000000\r\nEND:VEVENT\r\n",
              "2026-03-01T00:00:00Z", 0);
    assert_int_equal(g.rc, 0);
    assert_int_equal(g.n, 0);
    assert_int_equal(g.rep.capped, 1);
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 10.0);
    done(&g);
}

static void test_texts_escapes_languages_long_lines(void **state)
{
    (void)state;
    char body[12000], title[400] = "", desc[9000] = "";
    /* A title of 300 bytes (ä is 2) and a description line of 8000, neither folded. */
    for (int i = 0; i < 150; i++)
        strcat(title, "\xC3\xA4");
    for (int i = 0; i < 8000; i++)
        desc[i] = (char)('a' + i % 26);
    desc[8000] = '\0';
    snprintf(body, sizeof body,
             "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY;LANGUAGE=sv:Sagostund\r\n"
             "SUMMARY;LANGUAGE=fi-FI:Satutunti\r\nSUMMARY:%s\r\n"
             "DESCRIPTION:a\\\\b\\;c\\,d\\ne\r\n\tfolded-with-a-tab\r\n"
             "LOCATION:Kirjasto\\nKatu 1\\nLahti\r\nURL:https://example.fi/e/1\r\n"
             "DTSTART;VALUE=DATE:20260401\r\nDTEND;VALUE=DATE:20260403\r\nEND:VEVENT\r\n"
             "BEGIN:VEVENT\r\nUID:y\r\nSUMMARY:%s\r\nDESCRIPTION:%s\r\n"
             "DTSTART:20260401T100000Z\r\nEND:VEVENT\r\n",
             "Story time", title, desc);
    Got g;
    parse_cal(&g, body, "2026-03-20T00:00:00Z", 0);
    assert_int_equal(g.rc, 0);
    assert_int_equal(g.n, 2);
    const Event *e = find(&g, "ics:t:x");
    assert_string_equal(e->name.s[LANG_FI], "Satutunti");
    assert_string_equal(e->name.s[LANG_SV], "Sagostund");
    /* No LANGUAGE means the default language, fi, which LANGUAGE=fi-FI already gave. */
    assert_null(e->name.s[LANG_EN]);
    assert_string_equal(fi(&e->description), "a\\b;c,d\nefolded-with-a-tab");
    assert_string_equal(fi(&e->location_name), "Kirjasto");
    assert_string_equal(fi(&e->location_address), "Katu 1, Lahti");
    assert_true(e->all_day);
    assert_time(e->start_time, "2026-03-31T21:00:00Z");
    assert_time(e->end_time, "2026-04-02T21:00:00Z"); /* two days: 1 and 2 April */
    e = find(&g, "ics:t:y");
    assert_string_equal(e->name.s[LANG_FI], fi(&e->name));
    assert_true(strlen(fi(&e->name)) <= 159);
    assert_int_equal(strlen(fi(&e->name)) % 2, 0); /* cut between characters */
    assert_int_equal(strlen(fi(&e->description)), 8000);
    done(&g);
}

static void test_calendar_language(void **state)
{
    (void)state;
    Got g;
    /* A Swedish calendar: texts with no LANGUAGE of their own are Swedish. */
    parse_cal(&g,
              "X-WR-CALNAME;LANGUAGE=sv-FI:Biblioteket\r\n"
              "BEGIN:VEVENT\r\nUID:s\r\nSUMMARY:Sagostund\r\nSUMMARY;LANGUAGE=fi:Satutunti\r\n"
              "DESCRIPTION:F\xC3\xB6r barn\r\nDTSTART:20260401T100000Z\r\nEND:VEVENT\r\n",
              "2026-03-20T00:00:00Z", 0);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.evs[0].name.s[LANG_SV], "Sagostund");
    assert_string_equal(g.evs[0].name.s[LANG_FI], "Satutunti");
    assert_string_equal(g.evs[0].description.s[LANG_SV], "F\xC3\xB6r barn");
    assert_null(g.evs[0].description.s[LANG_FI]);
    assert_string_equal(g.evs[0].provider.s[LANG_SV], "Biblioteket");
    done(&g);
}

/* URL is the event's page (info_url, the kiosk's QR code opens it); a URL a phone cannot open
 * is left out, not the event. */
static void test_url_as_page(void **state)
{
    (void)state;
    Got g;
    parse_cal(&g,
              "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:A\r\nDTSTART:20260401T100000Z\r\n"
              "URL:https://kirjasto.example.fi/tapahtumat/a\r\nEND:VEVENT\r\n"
              "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:B\r\nDTSTART:20260401T110000Z\r\n"
              "URL:file:///etc/passwd\r\nEND:VEVENT\r\n",
              "2026-03-20T00:00:00Z", 0);
    assert_int_equal(g.n, 2);
    const Event *a = g.evs[0].start_time < g.evs[1].start_time ? &g.evs[0] : &g.evs[1];
    const Event *b = a == &g.evs[0] ? &g.evs[1] : &g.evs[0];
    assert_string_equal(a->info_url.s[LANG_FI], "https://kirjasto.example.fi/tapahtumat/a");
    assert_true(ltext_empty(&b->info_url));
    done(&g);
}

static void test_cut_short_and_private(void **state)
{
    (void)state;
    const char *text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:ok\nSUMMARY:Ok\n"
                       "DTSTART:20260401T100000Z\nEND:VEVENT\n"
                       "BEGIN:VEVENT\nUID:priv\nCLASS:PRIVATE\nSUMMARY:Secret\n"
                       "DTSTART:20260401T100000Z\nEND:VEVENT\n"
                       "BEGIN:VEVENT\nUID:nosum\nDTSTART:20260401T100000Z\nEND:VEVENT\n"
                       "BEGIN:VEVENT\nUID:late\nDTSTART:20260401T100000Z\nDTEND:20260401T090000Z\n"
                       "SUMMARY:Late\nEND:VEVENT\n"
                       "BEGIN:VEVENT\nUID:cut\nSUMMARY:Cut\nDTSTART:2026";
    Got g;
    parse_at(&g, text, strlen(text), "2026-03-20T00:00:00Z", 0);
    assert_int_equal(g.rc, 0);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.evs[0].id, "ics:t:ok");
    assert_int_equal(g.rep.vevents, 5);
    assert_int_equal(g.rep.skipped, 4);
    assert_note(&g, "VEVENT 2 (line 7, UID priv): skipped: CLASS:PRIVATE");
    assert_note(&g, "VEVENT 3 (line 13, UID nosum): skipped: no SUMMARY");
    assert_note(&g, "VEVENT 4 (line 17, UID late): skipped: DTEND: before DTSTART");
    assert_note(&g, "VEVENT 5 (line 23, UID cut): skipped: no END:VEVENT");
    done(&g);

    /* The same UID twice: the first is kept. */
    parse_cal(
        &g,
        "BEGIN:VEVENT\r\nUID:same\r\nSUMMARY:One\r\nDTSTART:20260401T100000Z\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:same\r\nSUMMARY:Two\r\nDTSTART:20260402T100000Z\r\nEND:VEVENT\r\n",
        "2026-03-20T00:00:00Z", 0);
    assert_int_equal(g.n, 1);
    assert_string_equal(fi(&g.evs[0].name), "One");
    assert_note(&g, "id ics:t:same: given twice");
    done(&g);
}

static void test_format_detection(void **state)
{
    (void)state;
    assert_int_equal(event_format_detect("\xEF\xBB\xBF\r\n  begin:vcalendar\r\n", 23),
                     EVENT_FORMAT_ICAL);
    assert_int_equal(event_format_detect("BEGIN:VEVENT\n", 13), EVENT_FORMAT_ICAL);
    assert_int_equal(event_format_detect("\xEF\xBB\xBF [ ]", 7), EVENT_FORMAT_JSON);
    assert_int_equal(event_format_detect("BEGIN:VCARD\n", 12), EVENT_FORMAT_NONE);
    assert_int_equal(event_format_detect("", 0), EVENT_FORMAT_NONE);

    Got g;
    parse_at(&g, "BEGIN:VCARD\nFN:x\nEND:VCARD\n", 27, "2026-03-20T00:00:00Z", 0);
    assert_int_equal(g.rc, -1);
    assert_string_equal(g.err, "not iCalendar or Linked Events JSON (it starts with "
                               "\"BEGIN:VCARD\")");
    done(&g);
    parse_at(&g, "  \n", 3, "2026-03-20T00:00:00Z", 0);
    assert_string_equal(g.err, "not iCalendar or Linked Events JSON (it is empty)");
    done(&g);
    /* JSON after a byte-order mark reads as JSON. */
    const char *json = "\xEF\xBB\xBF[{\"id\":\"a:1\",\"name\":{\"fi\":\"A\"},"
                       "\"start_time\":\"2026-03-18T18:30:00Z\"}]";
    parse_at(&g, json, strlen(json), "2026-03-20T00:00:00Z", 0);
    assert_int_equal(g.rc, 0);
    assert_int_equal(g.fmt, EVENT_FORMAT_JSON);
    assert_int_equal(g.n, 1);
    done(&g);

    char buf[64];
    assert_string_equal(event_import_source("/a/b/Lahti kirjasto.v2.ics", buf, sizeof buf),
                        "Lahtikirjasto.v2");
    assert_string_equal(event_import_source("/a/.ics", buf, sizeof buf), "ical");
}

/* all_day crosses the hub -> kiosk sync in the JSON form, as x_aukio.all_day. */
static void test_all_day_round_trip(void **state)
{
    (void)state;
    Got g;
    parse_cal(&g,
              "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:A\r\nDTSTART;VALUE=DATE:20260401\r\nEND:VEVENT\r\n"
              "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:B\r\nDTSTART:20260401T100000Z\r\nEND:VEVENT\r\n",
              "2026-03-20T00:00:00Z", 0);
    assert_int_equal(g.n, 2);
    for (int i = 0; i < 2; i++) {
        json_t *j = event_to_json(&g.evs[i]);
        assert_non_null(j);
        json_t *flag = json_object_get(json_object_get(j, "x_aukio"), "all_day");
        if (g.evs[i].all_day)
            assert_true(json_is_true(flag));
        else
            assert_null(flag); /* left out: documents without it read as before */
        char *s = json_dumps(j, JSON_COMPACT);
        Event back;
        char err[256];
        assert_int_equal(event_from_json(&back, j, err, sizeof err), 0);
        assert_int_equal(back.all_day, g.evs[i].all_day);
        assert_int_equal(back.start_time, g.evs[i].start_time);
        assert_int_equal(back.end_time, g.evs[i].end_time);
        json_t *j2 = event_to_json(&back);
        char *s2 = json_dumps(j2, JSON_COMPACT);
        assert_string_equal(s, s2);
        free(s);
        free(s2);
        json_decref(j);
        json_decref(j2);
        event_deinit(&back);
    }
    assert_true(g.evs[0].all_day);
    done(&g);

    /* A bad value is an error naming the field. */
    json_error_t jerr;
    json_t *j = json_loads("{\"id\":\"x\",\"name\":{\"fi\":\"X\"},\"start_time\":\"2026-04-01\","
                           "\"x_aukio\":{\"all_day\":\"yes\"}}",
                           0, &jerr);
    Event ev;
    char err[256];
    assert_int_equal(event_from_json(&ev, j, err, sizeof err), -1);
    assert_string_equal(err, "x_aukio.all_day: must be true or false");
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_google_zurich_weekdays_across_dst),
        cmocka_unit_test(test_url_as_page),
        cmocka_unit_test(test_google_bare_vevent_newyork_exdates),
        cmocka_unit_test(test_bare_vevent_five_exdate_lines),
        cmocka_unit_test(test_meetup_folded_escaped_crlf),
        cmocka_unit_test(test_unicode_and_missing_fields),
        cmocka_unit_test(test_categories_escaped_commas),
        cmocka_unit_test(test_podio_tab_folding_trailing_garbage),
        cmocka_unit_test(test_mozilla_two_calendars_all_day),
        cmocka_unit_test(test_bom_empty_calendar),
        cmocka_unit_test(test_broken_files),
        cmocka_unit_test(test_citadel_non_iana_tzid),
        cmocka_unit_test(test_rfc_examples_multi_component),
        cmocka_unit_test(test_libcal_feed),
        cmocka_unit_test(test_google_feed_html_multi_day),
        cmocka_unit_test(test_weekly_helsinki_across_dst),
        cmocka_unit_test(test_exdate_and_recurrence_id_overrides),
        cmocka_unit_test(test_floating_time),
        cmocka_unit_test(test_occurrence_and_file_caps),
        cmocka_unit_test(test_texts_escapes_languages_long_lines),
        cmocka_unit_test(test_calendar_language),
        cmocka_unit_test(test_cut_short_and_private),
        cmocka_unit_test(test_format_detection),
        cmocka_unit_test(test_all_day_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
