/*
 * test_event_le.c: Linked Events as it is published (issue 11): drafts, deleted events and
 * recurring super-events not shown; dates without times; times in a source's zone; keywords as
 * topics; audience keywords; a registration given only by reference; lists of places and
 * keywords told apart from events.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "event.h"
#include "event_import.h"
#include "rules.h"
#include "store.h"
#include "views.h"

static char *slurp(const char *rel, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", FIXTURES_DIR, rel);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
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

static void free_events(Event *evs, int n)
{
    for (int i = 0; i < n; i++)
        event_deinit(&evs[i]);
    free(evs);
}

static int64_t at(const char *iso)
{
    int64_t t = 0;
    assert_int_equal(event_parse_time(iso, &t), 0);
    return t;
}

/* Parses TEXT with OPT (NULL: defaults); it must succeed. */
static Event *parse(const char *text, const EventJsonOptions *opt, int *n, EventJsonReport *rep)
{
    Event *evs = NULL;
    char err[512] = "";
    if (event_parse_document_opts(text, strlen(text), opt, &evs, n, rep, err, sizeof err))
        fail_msg("parse failed: %s", err);
    return evs;
}

static void expect_error(const char *text, const char *want)
{
    Event *evs = (Event *)0x1;
    int n = -7;
    char err[512] = "";
    assert_int_equal(event_parse_document(text, strlen(text), &evs, &n, err, sizeof err), -1);
    assert_ptr_equal(evs, (Event *)0x1);
    if (!strstr(err, want)) fail_msg("error \"%s\" lacks \"%s\"", err, want);
}

/* Every event of EVS must read back equal through its JSON (what the store keeps). */
static void round_trip(const Event *evs, int n)
{
    for (int i = 0; i < n; i++) {
        json_t *j = event_to_json(&evs[i]);
        Event back;
        char err[256];
        if (event_from_json(&back, j, err, sizeof err)) fail_msg("read back: %s", err);
        assert_int_equal(back.start_time, evs[i].start_time);
        assert_int_equal(back.end_time, evs[i].end_time);
        assert_int_equal(back.all_day, evs[i].all_day);
        assert_string_equal(back.category ? back.category : "",
                            evs[i].category ? evs[i].category : "");
        assert_string_equal(ltext_get(&back.audience, LANG_FI),
                            ltext_get(&evs[i].audience, LANG_FI));
        event_deinit(&back);
        json_decref(j);
    }
}

/* ---- Not shown ---------------------------------------------------------------------------- */

static void test_drafts_deleted_and_super_events_not_shown(void **state)
{
    (void)state;
    const char *doc =
        "{\"meta\":{\"next\":null},\"data\":["
        "{\"id\":\"a\",\"name\":{\"fi\":\"Julkaistu\"},\"start_time\":\"2026-03-18T16:00:00Z\","
        " \"publication_status\":\"public\"},"
        "{\"id\":\"b\",\"name\":{\"fi\":\"Luonnos\"},\"start_time\":\"2026-03-18T16:00:00Z\","
        " \"publication_status\":\"draft\"},"
        "{\"id\":\"c\",\"name\":{\"fi\":\"Poistettu\"},\"start_time\":null,\"deleted\":true},"
        "{\"id\":\"s\",\"name\":{\"fi\":\"Sarja\"},\"start_time\":\"2026-03-01T16:00:00Z\","
        " \"end_time\":\"2026-05-31T16:00:00Z\",\"super_event_type\":\"recurring\","
        " \"sub_events\":[{\"@id\":\"https://x/event/s1/\"},{\"@id\":\"https://x/event/s2/\"}]},"
        "{\"id\":\"s1\",\"name\":{\"fi\":\"Sarja 1\"},\"start_time\":\"2026-03-01T16:00:00Z\","
        " \"super_event\":{\"@id\":\"https://x/event/s/\"}},"
        "{\"id\":\"s2\",\"name\":{\"fi\":\"Sarja 2\"},\"start_time\":\"2026-03-08T16:00:00Z\","
        " \"super_event\":{\"@id\":\"https://x/event/s/\"}},"
        "{\"id\":\"u\",\"name\":{\"fi\":\"Festivaali\"},\"start_time\":\"2026-03-01T16:00:00Z\","
        " \"super_event_type\":\"umbrella\",\"sub_events\":[{\"@id\":\"https://x/event/a/\"}]},"
        "{\"id\":\"x\",\"name\":{\"fi\":\"Peruttu\"},\"start_time\":\"2026-03-18T16:00:00Z\","
        " \"event_status\":\"EventCancelled\"},"
        "{\"id\":\"p\",\"name\":{\"fi\":\"Siirretty\"},\"start_time\":null,"
        " \"event_status\":\"EventPostponed\"}]}";
    int n = 0;
    EventJsonReport rep;
    Event *evs = parse(doc, NULL, &n, &rep);
    assert_int_equal(n, 6); /* a, s1, s2, u (an umbrella is an event of its own), x, p */
    assert_int_equal(rep.drafts, 1);
    assert_int_equal(rep.deleted, 1);
    assert_int_equal(rep.super_events, 1);
    assert_string_equal(evs[0].id, "a");
    assert_string_equal(evs[1].id, "s1");
    assert_string_equal(evs[2].id, "s2");
    assert_string_equal(evs[3].id, "u");
    assert_int_equal(evs[4].status, EVENT_CANCELLED);
    assert_int_equal(evs[5].status, EVENT_POSTPONED);
    assert_int_equal(evs[5].start_time, 0);
    free_events(evs, n);

    /* A recurring super-event whose sub-events are not listed is the only trace of the series:
     * it is kept. */
    const char *alone =
        "[{\"id\":\"s\",\"name\":{\"fi\":\"Sarja\"},"
        "\"start_time\":\"2026-03-01T16:00:00Z\",\"super_event_type\":\"recurring\","
        "\"sub_events\":[]}]";
    evs = parse(alone, NULL, &n, &rep);
    assert_int_equal(n, 1);
    assert_int_equal(rep.super_events, 0);
    free_events(evs, n);
}

static void test_import_summary_says_what_was_not_shown(void **state)
{
    (void)state;
    const char *doc = "[{\"id\":\"a\",\"name\":{\"fi\":\"A\"},\"start_time\":\"2026-03-18\"},"
                      "{\"id\":\"b\",\"name\":{\"fi\":\"B\"},\"start_time\":\"2026-03-18\","
                      "\"publication_status\":\"draft\"}]";
    EventIcalOptions opt;
    event_ical_options_default(&opt, at("2026-03-01T00:00:00Z"));
    Event *evs = NULL;
    int n = 0;
    EventFormat fmt;
    EventIcalReport rep;
    char err[256], sum[200];
    assert_int_equal(
        event_import_parse(doc, strlen(doc), &opt, 0, &evs, &n, &fmt, &rep, err, sizeof err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rep.hidden, 1);
    assert_string_equal(event_import_summary(fmt, n, &rep, sum, sizeof sum),
                        "read 1 event from Linked Events JSON (1 not shown)");
    assert_int_equal(rep.n_notes, 1);
    assert_non_null(strstr(rep.notes[0], "1 draft(s)"));
    free_events(evs, n);

    /* The registration of the API's examples makes a postal address mandatory: said, not
     * refused (the sign-up works without it). */
    size_t len;
    char *reg = slurp("linkedevents/le_registration_fields_from_openapi_examples.json", &len);
    char ev[1400];
    snprintf(ev, sizeof ev,
             "[{\"id\":\"r\",\"name\":{\"fi\":\"R\"},\"start_time\":\"2026-09-18T16:00:00Z\","
             "\"registration\":%s}]",
             reg);
    free(reg);
    assert_int_equal(
        event_import_parse(ev, strlen(ev), &opt, 0, &evs, &n, &fmt, &rep, err, sizeof err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(evs[0].capacity, 100);
    assert_int_equal(evs[0].waitlist_capacity, 5);
    assert_int_equal(evs[0].max_group_size, 3);
    assert_int_equal(rep.n_notes, 1);
    if (!strstr(rep.notes[0], "[0] (id r): the registration asks street_address, zipcode, city, "
                              "which the kiosk cannot ask"))
        fail_msg("note: %s", rep.notes[0]);
    free_events(evs, n);
}

/* A feed's malformed event is skipped with its place and reason when asked (a hub source);
 * a file is read strictly. */
static void test_skip_bad_for_a_feed(void **state)
{
    (void)state;
    const char *doc =
        "{\"data\":[{\"id\":\"a\",\"name\":{\"fi\":\"A\"},\"start_time\":\"2026-03-18\"},"
        "{\"id\":\"b\",\"name\":null,\"start_time\":\"2026-03-18\"},"
        "{\"id\":\"c\",\"name\":{\"fi\":\"C\"},\"start_time\":\"soon\"},"
        "{\"id\":\"d\",\"name\":{\"fi\":\"D\"},\"start_time\":\"2026-03-19\"}]}";
    expect_error(doc, "data[1] (id b): name: no text in any language");
    EventJsonOptions opt = {.skip_bad = true};
    int n = 0;
    EventJsonReport rep;
    Event *evs = parse(doc, &opt, &n, &rep);
    assert_int_equal(n, 2);
    assert_string_equal(evs[0].id, "a");
    assert_string_equal(evs[1].id, "d");
    assert_int_equal(rep.skipped, 2);
    assert_string_equal(rep.skipped_note, "data[1] (id b): skipped: name: no text in any language");
    /* Their ids, so that a source does not take them for gone. */
    assert_int_equal(rep.n_skipped_ids, 2);
    assert_string_equal(rep.skipped_ids[0], "b");
    assert_string_equal(rep.skipped_ids[1], "c");
    event_json_report_deinit(&rep);
    assert_null(rep.skipped_ids);
    free_events(evs, n);
    /* A document that is not a list of events is still refused whole. */
    Event *none = (Event *)0x1;
    char err[256];
    assert_int_equal(
        event_parse_document_opts("{\"data\":{}}", 11, &opt, &none, &n, &rep, err, sizeof err), -1);
    assert_ptr_equal(none, (Event *)0x1);
}

/* ---- Lists of other things ------------------------------------------------------------------ */

static void test_place_and_keyword_lists_are_not_events(void **state)
{
    (void)state;
    size_t len;
    char *places = slurp("linkedevents/le_place_list_libraries.json", &len);
    Event *evs = (Event *)0x1;
    int n = -7;
    char err[512] = "";
    assert_int_equal(event_parse_document(places, len, &evs, &n, err, sizeof err), -1);
    assert_non_null(strstr(err, "a Linked Events list of places (/place/), not events"));
    assert_ptr_equal(evs, (Event *)0x1);
    free(places);
    char *kws = slurp("linkedevents/le_keyword_list_yso.json", &len);
    assert_int_equal(event_parse_document(kws, len, &evs, &n, err, sizeof err), -1);
    assert_non_null(strstr(err, "a Linked Events list of keywords (/keyword/), not events"));
    free(kws);
    expect_error("{\"@type\":\"Place\",\"id\":\"tprek:1\",\"name\":{\"fi\":\"Sello\"}}",
                 "list of places");
}

/* ---- Dates and zones ---------------------------------------------------------------------- */

static void test_dates_without_times_are_all_day(void **state)
{
    (void)state;
    const char *doc =
        "[{\"id\":\"d\",\"name\":{\"fi\":\"Näyttely\"},\"start_time\":\"2026-03-18T00:00:00+02:"
        "00\","
        " \"end_time\":\"2026-03-20T00:00:00+02:00\",\"has_start_time\":false,"
        " \"has_end_time\":false},"
        "{\"id\":\"e\",\"name\":{\"fi\":\"Päivä\"},\"start_time\":\"2026-03-18\"},"
        "{\"id\":\"f\",\"name\":{\"fi\":\"Kello\"},\"start_time\":\"2026-03-18T10:00:00Z\","
        " \"has_start_time\":true}]";
    int n = 0;
    Event *evs = parse(doc, NULL, &n, NULL);
    assert_int_equal(n, 3);
    /* Helsinki midnight of the 18th to the midnight after the 20th (exclusive). */
    assert_true(evs[0].all_day);
    assert_int_equal(evs[0].start_time, at("2026-03-18T00:00:00+02:00"));
    assert_int_equal(evs[0].end_time, at("2026-03-21T00:00:00+02:00"));
    assert_true(evs[1].all_day);
    assert_int_equal(evs[1].start_time, at("2026-03-18T00:00:00+02:00"));
    assert_int_equal(evs[1].end_time, at("2026-03-19T00:00:00+02:00"));
    assert_false(evs[2].all_day);
    round_trip(evs, n);
    free_events(evs, n);
}

static void test_times_without_offset_in_the_source_zone(void **state)
{
    (void)state;
    int64_t hel, sto, t;
    assert_int_equal(event_parse_time_in("2026-07-01T18:00:00", "Europe/Helsinki", &hel), 0);
    assert_int_equal(event_parse_time_in("2026-07-01T18:00:00", "Europe/Stockholm", &sto), 0);
    assert_int_equal(hel, at("2026-07-01T15:00:00Z"));
    assert_int_equal(sto, at("2026-07-01T16:00:00Z"));
    /* An offset wins over the zone. */
    assert_int_equal(event_parse_time_in("2026-07-01T18:00:00Z", "Europe/Stockholm", &t), 0);
    assert_int_equal(t, at("2026-07-01T18:00:00Z"));
    assert_int_equal(event_parse_time_in("2026-07-01T18:00:00", "Mars/Olympus", &t), -1);

    const char *doc =
        "[{\"id\":\"a\",\"name\":{\"fi\":\"A\"},\"start_time\":\"2026-01-10T18:00:00\","
        "\"enrolment_end_time\":\"2026-01-09T12:00:00\"}]";
    EventJsonOptions opt = {.zone = "America/New_York"};
    int n = 0;
    Event *evs = parse(doc, &opt, &n, NULL);
    assert_int_equal(evs[0].start_time, at("2026-01-10T23:00:00Z"));
    assert_int_equal(evs[0].enrolment_end, at("2026-01-09T17:00:00Z"));
    round_trip(evs, n);
    free_events(evs, n);
}

/* ---- Keywords as topics -------------------------------------------------------------------- */

static void test_keywords_become_topics(void **state)
{
    (void)state;
    const char *doc =
        "[{\"id\":\"a\",\"name\":{\"fi\":\"Satutunti\"},\"start_time\":\"2026-03-18T16:00:00Z\","
        " \"keywords\":[{\"@id\":\"https://api.hel.fi/linkedevents/v1/keyword/yso:p4354/\"},"
        "              {\"@id\":\"https://api.hel.fi/linkedevents/v1/keyword/yso:p14710/\"}]},"
        "{\"id\":\"b\",\"name\":{\"fi\":\"Konsertti\"},\"start_time\":\"2026-03-18T16:00:00Z\","
        " \"keywords\":[\"yso:p1808\"]},"
        "{\"id\":\"c\",\"name\":{\"fi\":\"Oma\"},\"start_time\":\"2026-03-18T16:00:00Z\","
        " \"keywords\":[\"yso:p14710\"],\"x_aukio\":{\"category\":\"club\"}}]";
    int n = 0;
    EventJsonReport rep;
    Event *evs = parse(doc, NULL, &n, &rep);
    assert_string_equal(evs[0].category, "storytime");
    assert_null(evs[1].category);                 /* music: no topic of the kiosk's */
    assert_string_equal(evs[2].category, "club"); /* the event's own word wins */
    assert_int_equal(rep.topics, 1);
    round_trip(evs, n);
    free_events(evs, n);

    /* A source's pairs come before the table. */
    EventJsonOptions opt = {.topics = "yso:p1808=popup,yso:p14710=workshop"};
    evs = parse(doc, &opt, &n, &rep);
    assert_string_equal(evs[0].category, "workshop");
    assert_string_equal(evs[1].category, "popup");
    assert_int_equal(rep.topics, 2);
    free_events(evs, n);

    char err[200];
    assert_int_equal(event_topics_check("yso:p1=storytime,kulke:732=workshop", err, sizeof err), 0);
    assert_int_equal(event_topics_check("", err, sizeof err), 0);
    assert_int_equal(event_topics_check("yso:p1=story", err, sizeof err), -1);
    assert_non_null(strstr(err, "topic 1: \"story\" is no topic"));
    assert_int_equal(event_topics_check("yso:p1=club,nothing", err, sizeof err), -1);
    assert_non_null(strstr(err, "topic 2: KEYWORD=TOPIC expected"));
    assert_int_equal(event_topics_check("=club", err, sizeof err), -1);
}

/* ---- Registration and audience ------------------------------------------------------------- */

static void test_registration_by_reference_opens_no_sign_ups(void **state)
{
    (void)state;
    const char *doc =
        "[{\"id\":\"r\",\"name\":{\"fi\":\"A\"},\"start_time\":\"2026-03-18T16:00:00Z\","
        " \"registration\":{\"@id\":\"https://api.hel.fi/linkedevents/v1/registration/7/\"}},"
        "{\"id\":\"s\",\"name\":{\"fi\":\"B\"},\"start_time\":\"2026-09-18T16:00:00Z\","
        " \"registration\":{\"@id\":\"https://x/registration/8/\","
        "  \"maximum_attendee_capacity\":100,\"waiting_list_capacity\":5,\"maximum_group_size\":3,"
        "  \"enrolment_start_time\":\"2026-08-01T02:00:00+03:00\","
        "  \"enrolment_end_time\":\"2026-08-31T02:00:00+03:00\","
        "  \"audience_min_age\":8,\"audience_max_age\":18}}]";
    int n = 0;
    Event *evs = parse(doc, NULL, &n, NULL);
    assert_false(evs[0].registration);
    assert_true(evs[1].registration);
    assert_int_equal(evs[1].capacity, 100);
    assert_int_equal(evs[1].waitlist_capacity, 5);
    assert_int_equal(evs[1].max_group_size, 3);
    assert_int_equal(evs[1].enrolment_start, at("2026-08-01T02:00:00+03:00"));
    assert_int_equal(evs[1].enrolment_end, at("2026-08-31T02:00:00+03:00"));
    assert_int_equal(evs[1].audience_min_age, 8);
    assert_int_equal(evs[1].audience_max_age, 18);
    free_events(evs, n);
}

static void test_audience_keywords_inlined_name_the_audience(void **state)
{
    (void)state;
    const char *doc =
        "[{\"id\":\"a\",\"name\":{\"fi\":\"A\"},\"start_time\":\"2026-03-18T16:00:00Z\","
        " \"audience\":[{\"id\":\"yso:p4354\",\"name\":{\"fi\":\"lapset\",\"sv\":\"barn\","
        "  \"en\":\"children\"}},{\"id\":\"yso:p4363\",\"name\":{\"fi\":\"perheet\"}},"
        "  {\"@id\":\"https://x/keyword/yso:p1/\"}]},"
        "{\"id\":\"b\",\"name\":{\"fi\":\"B\"},\"start_time\":\"2026-03-18T16:00:00Z\","
        " \"audience\":[{\"name\":{\"fi\":\"lapset\"}}],"
        " \"x_aukio\":{\"audience\":{\"fi\":\"Lapsiperheet\"}}}]";
    int n = 0;
    Event *evs = parse(doc, NULL, &n, NULL);
    assert_string_equal(ltext_get(&evs[0].audience, LANG_FI), "lapset, perheet");
    assert_string_equal(ltext_get(&evs[0].audience, LANG_SV), "barn, perheet");
    assert_string_equal(ltext_get(&evs[0].audience, LANG_EN), "children, perheet");
    assert_string_equal(ltext_get(&evs[1].audience, LANG_FI), "Lapsiperheet");
    round_trip(evs, n);
    free_events(evs, n);
}

/* ---- The place's municipality ------------------------------------------------------------- */

/* The bytes EV's JSON serialises to (malloc'd). */
static char *dump_of(const Event *ev)
{
    json_t *j = event_to_json(ev);
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    return s;
}

/* address_locality is kept as its own field beside the joined address the kiosk shows, and it
 * reads back equal; an older stored form (one joined street_address) keeps no locality. */
static void test_address_locality_is_kept(void **state)
{
    (void)state;
    static const char *const docs[] = {
        /* The street in two languages, the town in Finnish only. */
        "[{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\",\"location\":{"
        "\"street_address\":{\"fi\":\"Kirkkokatu 31\",\"sv\":\"Kyrkogatan 31\"},"
        "\"address_locality\":{\"fi\":\"Lahti\"}}},"
        /* A town and no street. */
        "{\"id\":\"b\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\",\"location\":{"
        "\"address_locality\":{\"fi\":\"Hollola\",\"sv\":\"Hollola\"}}},"
        /* What the hub stored before: the parts joined as one street_address. */
        "{\"id\":\"c\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\",\"location\":{"
        "\"street_address\":{\"fi\":\"Virastotie 3, Hollola\"}}}]"};
    int n;
    EventJsonReport rep;
    Event *evs = parse(docs[0], NULL, &n, &rep);
    assert_int_equal(n, 3);
    assert_string_equal(evs[0].location_address.s[LANG_SV], "Kyrkogatan 31, Lahti");
    assert_string_equal(evs[0].location_locality.s[LANG_FI], "Lahti");
    assert_null(evs[0].location_locality.s[LANG_SV]);
    assert_string_equal(evs[1].location_address.s[LANG_SV], "Hollola");
    assert_true(ltext_empty(&evs[1].location_street));
    assert_string_equal(evs[2].location_address.s[LANG_FI], "Virastotie 3, Hollola");
    assert_true(ltext_empty(&evs[2].location_locality));
    for (int i = 0; i < n; i++) {
        char *first = dump_of(&evs[i]);
        json_t *j = json_loads(first, 0, NULL);
        Event back;
        char err[256];
        if (event_from_json(&back, j, err, sizeof err)) fail_msg("read back: %s", err);
        char *again = dump_of(&back);
        assert_string_equal(again, first);
        assert_string_equal(ltext_get(&back.location_address, LANG_SV),
                            ltext_get(&evs[i].location_address, LANG_SV));
        assert_string_equal(ltext_get(&back.location_locality, LANG_FI),
                            ltext_get(&evs[i].location_locality, LANG_FI));
        if (i == 0) assert_non_null(strstr(first, "\"address_locality\":{\"fi\":\"Lahti\"}"));
        if (i == 2) assert_null(strstr(first, "address_locality"));
        free(first);
        free(again);
        json_decref(j);
        event_deinit(&back);
    }
    free_events(evs, n);
}

/* ---- The real page ------------------------------------------------------------------------- */

static void test_real_page_reads(void **state)
{
    (void)state;
    size_t len;
    char *text = slurp("linkedevents/le_event_list_helsinki_2020.json", &len);
    Event *evs = NULL;
    int n = 0;
    EventJsonReport rep;
    char err[512];
    assert_int_equal(event_parse_document_opts(text, len, NULL, &evs, &n, &rep, err, sizeof err),
                     0);
    assert_int_equal(n, 2);
    assert_int_equal(rep.drafts + rep.deleted + rep.super_events, 0);
    assert_string_equal(evs[0].location_id, "helsinki:internet");
    assert_int_equal(evs[1].status, EVENT_POSTPONED);
    free_events(evs, n);
    free(text);
}

/* ---- All-day at the kiosk ------------------------------------------------------------------ */

/* The kiosk reads x_aukio.all_day from the stored JSON (no column, no migration): a row says
 * so, and an event with times does not. */
static void test_kiosk_row_knows_all_day(void **state)
{
    (void)state;
    char path[] = "/tmp/aukio-test-le-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    Store *st = NULL;
    char err[256];
    assert_int_equal(store_open(&st, path, err, sizeof err), 0);
    const char *doc = "[{\"id\":\"d\",\"name\":{\"fi\":\"N\"},\"start_time\":\"2099-03-18\"},"
                      "{\"id\":\"t\",\"name\":{\"fi\":\"T\"},"
                      "\"start_time\":\"2099-03-18T10:00:00Z\"}]";
    int n = 0;
    Event *evs = parse(doc, NULL, &n, NULL);
    assert_int_equal(store_import_events(st, evs, n, err, sizeof err), 0);
    EventRow r;
    assert_int_equal(store_event_row(st, "d", &r, err, sizeof err), 0);
    assert_true(r.all_day);
    assert_int_equal(store_event_row(st, "t", &r, err, sizeof err), 0);
    assert_false(r.all_day);
    free_events(evs, n);
    store_close(st);
    char side[64];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

/* What the screens write for such events: dates, "moved", "online", the extra location. */
static void test_screens_words(void **state)
{
    (void)state;
    EventRow r;
    memset(&r, 0, sizeof r);
    for (int l = 0; l < LANG_COUNT; l++)
        r.title[l] = r.venue[l] = "";
    if (!r.venue_id) r.venue_id = "";
    if (!r.category) r.category = "";
    r.start_time = at("2026-12-02T00:00:00+02:00");
    r.end_time = at("2026-12-05T00:00:00+02:00");
    r.all_day = true;
    char buf[128];
    view_row_when(buf, sizeof buf, &r, LANG_FI);
    assert_string_equal(buf, "ke 2.12. \xE2\x80\x93 pe 4.12.");
    r.all_day = false;
    r.status = EVENT_RESCHEDULED;
    r.start_time = at("2026-12-02T10:00:00+02:00");
    r.end_time = at("2026-12-02T11:00:00+02:00");
    view_row_when(buf, sizeof buf, &r, LANG_SV);
    assert_string_equal(buf, "Ny tid: ons 2.12 kl. 10.00\xE2\x80\x93"
                             "11.00");
    r.venue_id = "helsinki:internet";
    assert_string_equal(view_row_venue(&r, LANG_FI), "Verkossa");
    assert_string_equal(view_row_venue(&r, LANG_EN), "Online");
    r.venue[LANG_FI] = "Kirjaston verkkosali";
    assert_string_equal(view_row_venue(&r, LANG_FI), "Kirjaston verkkosali");

    const char *doc =
        "[{\"id\":\"o\",\"name\":{\"fi\":\"O\"},\"start_time\":\"2026-12-02T15:00:00Z\","
        "\"location\":null,\"location_extra_info\":{\"fi\":\"Linkki s\u00e4hk\u00f6postilla\"}}]";
    int n = 0;
    Event *evs = parse(doc, NULL, &n, NULL);
    assert_string_equal(ltext_get(&evs[0].location_extra, LANG_FI), "Linkki sähköpostilla");
    json_t *j = event_to_json(&evs[0]);
    Event back;
    char err[200];
    assert_int_equal(event_from_json(&back, j, err, sizeof err), 0);
    assert_string_equal(ltext_get(&back.location_extra, LANG_FI), "Linkki sähköpostilla");
    event_deinit(&back);
    json_decref(j);
    free_events(evs, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drafts_deleted_and_super_events_not_shown),
        cmocka_unit_test(test_import_summary_says_what_was_not_shown),
        cmocka_unit_test(test_skip_bad_for_a_feed),
        cmocka_unit_test(test_place_and_keyword_lists_are_not_events),
        cmocka_unit_test(test_dates_without_times_are_all_day),
        cmocka_unit_test(test_times_without_offset_in_the_source_zone),
        cmocka_unit_test(test_keywords_become_topics),
        cmocka_unit_test(test_registration_by_reference_opens_no_sign_ups),
        cmocka_unit_test(test_audience_keywords_inlined_name_the_audience),
        cmocka_unit_test(test_address_locality_is_kept),
        cmocka_unit_test(test_real_page_reads),
        cmocka_unit_test(test_kiosk_row_knows_all_day),
        cmocka_unit_test(test_screens_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
