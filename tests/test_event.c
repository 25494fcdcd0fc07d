/*
 * test_event.c: the event model's JSON: real Linked Events documents, the x_aukio extension,
 * round trips, times, and the messages for bad documents.
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

/* ---- Helpers ------------------------------------------------------------------------------ */

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
    if (len) *len = (size_t)n;
    return buf;
}

static void free_events(Event *evs, int n)
{
    for (int i = 0; i < n; i++)
        event_deinit(&evs[i]);
    free(evs);
}

/* Parses a document that must fail, and checks ERR contains every NULL-terminated substring. */
static void expect_doc_error(const char *text, ...)
{
    Event *evs = (Event *)0x1;
    int n = -7;
    char err[512] = "";
    assert_int_equal(event_parse_document(text, strlen(text), &evs, &n, err, sizeof err), -1);
    assert_ptr_equal(evs, (Event *)0x1); /* untouched on failure */
    assert_int_equal(n, -7);
    va_list ap;
    va_start(ap, text);
    for (const char *want; (want = va_arg(ap, const char *));) {
        if (!strstr(err, want)) fail_msg("error \"%s\" lacks \"%s\"", err, want);
    }
    va_end(ap);
}

static Event parse_one(const char *text)
{
    Event *evs;
    int n;
    char err[512] = "";
    if (event_parse_document(text, strlen(text), &evs, &n, err, sizeof err))
        fail_msg("parse failed: %s", err);
    assert_int_equal(n, 1);
    Event ev = evs[0];
    free(evs);
    return ev;
}

/* ---- Times -------------------------------------------------------------------------------- */

static void test_parse_time(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int64_t want;
    } good[] = {
        {"2026-03-18T16:30:00Z", 1773851400},
        {"2026-03-18T18:30:00+02:00", 1773851400},
        {"2026-03-18T18:30:00+0200", 1773851400},
        {"2026-03-18T14:30:00-02:00", 1773851400},
        {"2026-03-18T16:30:00.123456Z", 1773851400},
        {"2026-03-18T16:30Z", 1773851400},
        {"2026-03-18T18:30:00", 1773851400}, /* local, EET */
        {"2026-03-18 18:30", 1773851400},
        {"2026-07-01T12:00:00", 1782896400}, /* local, EEST */
        {"2026-03-18", 1773784800},          /* local midnight */
        {"2020-06-01T13:45:00Z", 1591019100},
        {"2023-08-01T02:00:00+03:00", 1690844400},
        {"2024-02-29T00:00:00Z", 1709164800},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int64_t t = 0;
        if (event_parse_time(good[i].s, &t) != 0) fail_msg("rejected %s", good[i].s);
        if (t != good[i].want)
            fail_msg("%s: got %lld want %lld", good[i].s, (long long)t, (long long)good[i].want);
    }
    static const char *const bad[] = {
        "",
        "garbage",
        "2026-3-18",
        "2026-02-29",
        "2026-02-30T10:00:00Z",
        "2026-13-01",
        "2026-03-18T24:00:00Z",
        "2026-03-18T18:60Z",
        "2026-03-18T18:30:00+02:",
        "2026-03-18T",
        "2026-03-18T18:30:00.Z",
        "2026-03-18T18:30:00Q",
        "2026-03-18T18:30:00Z ",
        "18.3.2026",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t t = 42;
        if (event_parse_time(bad[i], &t) != -1) fail_msg("accepted \"%s\"", bad[i]);
    }
}

static void test_format_time(void **state)
{
    (void)state;
    char buf[32];
    event_format_time(1773851400, buf, sizeof buf);
    assert_string_equal(buf, "2026-03-18T16:30:00Z");
}

static void test_shift_days_keeps_wall_clock_over_dst(void **state)
{
    (void)state;
    Event ev = {0};
    ev.start_time = 1774715400;      /* Sat 2026-03-28 18:30 EET; DST starts the next night */
    ev.end_time = 1774715400 + 3600; /* 19:30 */
    ev.enrolment_end = 0;            /* unknown stays unknown */
    assert_int_equal(event_shift_days(&ev, 1, 1), 0);
    assert_int_equal(ev.start_time, 1774798200); /* Sun 18:30 EEST: only 23 h later */
    assert_int_equal(ev.end_time, 1774798200 + 3600);
    assert_int_equal(ev.enrolment_end, 0);
    assert_int_equal(event_shift_days(&ev, 1, -1), 0);
    assert_int_equal(ev.start_time, 1774715400);
    /* Autumn: Sat 24 Oct 10:00 EEST + 1 day = Sun 25 Oct 10:00 EET, 25 h later. */
    ev.start_time = 1792825200;
    ev.end_time = 0;
    assert_int_equal(event_shift_days(&ev, 1, 1), 0);
    assert_int_equal(ev.start_time, 1792915200);
}

static void test_ltext_fallback(void **state)
{
    (void)state;
    char fi[] = "Satutunti", sv[] = "Sagostund", en[] = "Storytime", empty[] = "";
    LText t = {{NULL, sv, en}};
    assert_string_equal(ltext_get(&t, LANG_FI), "Storytime"); /* fi -> en */
    assert_string_equal(ltext_get(&t, LANG_SV), "Sagostund");
    LText u = {{fi, empty, NULL}};
    assert_string_equal(ltext_get(&u, LANG_SV), "Satutunti"); /* "" counts as missing */
    assert_string_equal(ltext_get(&u, LANG_EN), "Satutunti");
    LText v = {{NULL, sv, NULL}};
    assert_string_equal(ltext_get(&v, LANG_EN), "Sagostund"); /* fi -> en -> sv */
    LText w = {{NULL, NULL, NULL}};
    assert_string_equal(ltext_get(&w, LANG_FI), "");
    assert_string_equal(ltext_get(NULL, LANG_FI), "");
}

/* ---- Real Linked Events documents --------------------------------------------------------- */

static void test_linkedevents_page(void **state)
{
    (void)state;
    size_t len;
    char *text = slurp("linkedevents/le_event_list_helsinki_2020.json", &len);
    Event *evs;
    int n;
    char err[512] = "";
    if (event_parse_document(text, len, &evs, &n, err, sizeof err)) fail_msg("%s", err);
    assert_int_equal(n, 2);

    const Event *a = &evs[0];
    assert_string_equal(a->id, "helsinki:afy6ikna3u");
    assert_string_equal(ltext_get(&a->name, LANG_FI), "Uutta Koillis-Helsinkiä verkkotilaisuus");
    assert_null(a->name.s[LANG_SV]); /* Finnish only ... */
    assert_string_equal(ltext_get(&a->name, LANG_SV), "Uutta Koillis-Helsinkiä verkkotilaisuus");
    assert_string_equal(a->location_id, "helsinki:internet"); /* from the @id URL */
    assert_string_equal(ltext_get(&a->location_name, LANG_FI), "");
    assert_int_equal(a->n_keywords, 7);
    assert_string_equal(a->keywords[0], "yso:p15875");
    assert_string_equal(a->keywords[6], "yso:p8268");
    assert_int_equal(a->status, EVENT_SCHEDULED);
    assert_int_equal(a->start_time, 1591019100);
    assert_int_equal(a->end_time, 1591027200);
    assert_string_equal(ltext_get(&a->provider, LANG_FI), "");
    assert_non_null(strstr(a->description.s[LANG_FI], "<p>Tule kuulolle"));
    assert_false(a->registration);
    assert_int_equal(a->capacity, -1);
    assert_int_equal(a->max_group_size, 1);
    assert_int_equal(a->audience_min_age, -1);

    const Event *b = &evs[1];
    assert_string_equal(b->id, "helsinki:afxp6tv4xa");
    assert_int_equal(b->status, EVENT_POSTPONED);
    assert_int_equal(b->start_time, 0);
    assert_int_equal(b->end_time, 0);
    assert_string_equal(b->location_id, "tprek:55959");
    assert_string_equal(ltext_get(&b->provider, LANG_SV), "Amos Rex");
    assert_string_equal(ltext_get(&b->name, LANG_EN), "Raija Malka & Kaija Saariaho: Blick");
    free_events(evs, n);
    free(text);
}

static void test_linkedevents_inlined_place(void **state)
{
    (void)state;
    size_t len;
    char *text = slurp("linkedevents/le_event_detail_include_location_entresse_library.json", &len);
    Event *evs;
    int n;
    char err[512] = "";
    if (event_parse_document(text, len, &evs, &n, err, sizeof err)) fail_msg("%s", err);
    assert_int_equal(n, 1);
    const Event *e = &evs[0];
    assert_string_equal(e->location_id, "tprek:15321");
    assert_string_equal(e->location_name.s[LANG_SV], "Entressebiblioteket");
    assert_string_equal(e->location_name.s[LANG_FI], "Entressen kirjasto");
    assert_string_equal(e->location_name.s[LANG_EN], "Entresse Library");
    assert_string_equal(e->location_address.s[LANG_FI], "Siltakatu 11, Espoo");
    assert_string_equal(e->location_address.s[LANG_SV], "Brogatan 11, Esbo");
    /* Both parts kept as Linked Events gives them: the locality is the municipality. */
    assert_string_equal(e->location_street.s[LANG_SV], "Brogatan 11");
    assert_string_equal(e->location_locality.s[LANG_FI], "Espoo");
    assert_string_equal(e->location_locality.s[LANG_SV], "Esbo");
    assert_int_equal(e->n_keywords, 4);
    assert_string_equal(e->keywords[1], "yso:p5121"); /* the "id" beside "@id" */
    assert_int_equal(e->status, EVENT_POSTPONED);
    assert_int_equal(e->start_time, 0);
    assert_false(e->registration); /* maximum_attendee_capacity: null */
    assert_non_null(strstr(e->short_description.s[LANG_SV], "Bildkonstnären Raija Malka"));
    free_events(evs, n);
    free(text);
}

/* The registration object as the API documents it, inlined into an event. */
static void test_linkedevents_registration_object(void **state)
{
    (void)state;
    char *reg = slurp("linkedevents/le_registration_fields_from_openapi_examples.json", NULL);
    json_error_t jerr;
    json_t *r = json_loads(reg, 0, &jerr);
    assert_non_null(r);
    json_t *obj =
        json_pack("{s:s, s:{s:s}, s:s, s:O}", "id", "example:example", "name", "fi", "Kesäleiri",
                  "start_time", "2023-09-01T10:00:00+03:00", "registration", r);
    Event ev;
    char err[256] = "";
    if (event_from_json(&ev, obj, err, sizeof err)) fail_msg("%s", err);
    assert_true(ev.registration);
    assert_int_equal(ev.capacity, 100);
    assert_int_equal(ev.waitlist_capacity, 5);
    assert_int_equal(ev.max_group_size, 3);
    assert_int_equal(ev.enrolment_start, 1690844400);
    assert_int_equal(ev.enrolment_end, 1693436400);
    assert_int_equal(ev.audience_min_age, 8);
    assert_int_equal(ev.audience_max_age, 18);
    assert_int_equal(ev.email_rule, FIELD_OPTIONAL); /* mandatory_fields names neither */
    assert_int_equal(ev.phone_rule, FIELD_HIDDEN);
    event_deinit(&ev);

    json_object_set_new(r, "mandatory_fields", json_pack("[s,s]", "phone_number", "email"));
    json_object_set_new(r, "waiting_list_capacity", json_null());
    if (event_from_json(&ev, obj, err, sizeof err)) fail_msg("%s", err);
    assert_int_equal(ev.email_rule, FIELD_REQUIRED);
    assert_int_equal(ev.phone_rule, FIELD_REQUIRED);
    assert_int_equal(ev.waitlist_capacity, -1); /* null = unlimited */
    event_deinit(&ev);

    /* A wrong type inside the registration object names it. */
    json_object_set_new(r, "maximum_group_size", json_integer(0));
    assert_int_equal(event_from_json(&ev, obj, err, sizeof err), -1);
    assert_string_equal(err, "registration.maximum_group_size: must be a positive integer");
    assert_null(ev.id); /* nothing left allocated */

    json_decref(obj);
    json_decref(r);
    free(reg);
}

static void test_registration_on_event(void **state)
{
    (void)state;
    Event ev = parse_one("{\"id\":\"x:1\",\"name\":{\"en\":\"Lego\"},\"start_time\":\"2026-03-18\","
                         "\"maximum_attendee_capacity\":10,\"waiting_list_capacity\":null,"
                         "\"maximum_group_size\":null,\"enrolment_end_time\":\"2026-03-17\"}");
    assert_true(ev.registration);
    assert_int_equal(ev.capacity, 10);
    assert_int_equal(ev.waitlist_capacity, -1);
    assert_int_equal(ev.max_group_size, 1);
    assert_int_equal(ev.enrolment_end, 1773784800 - 86400);
    assert_int_equal(ev.enrolment_start, 0);
    assert_int_equal(ev.reserved_seats, 0);
    assert_null(ev.category);
    event_deinit(&ev);
}

/* x_aukio.waitlist_contact (default true) and x_aukio.staff_only (default false), issue 9. */
static void test_waitlist_contact_and_staff_only(void **state)
{
    (void)state;
    Event ev =
        parse_one("{\"id\":\"x:1\",\"name\":{\"en\":\"Lego\"},\"start_time\":\"2026-03-18\"}");
    assert_true(ev.waitlist_contact);
    assert_false(ev.staff_only);
    event_deinit(&ev);
    ev = parse_one("{\"id\":\"x:1\",\"name\":{\"en\":\"Lego\"},\"start_time\":\"2026-03-18\","
                   "\"x_aukio\":{\"category\":\"club\"}}");
    assert_true(ev.waitlist_contact);
    event_deinit(&ev);
    ev = parse_one("{\"id\":\"x:1\",\"name\":{\"en\":\"Staff day\"},\"start_time\":\"2026-03-18\","
                   "\"x_aukio\":{\"waitlist_contact\":false,\"staff_only\":true}}");
    assert_false(ev.waitlist_contact);
    assert_true(ev.staff_only);
    /* Both survive the JSON form the store and the hub keep. */
    json_t *j = event_to_json(&ev);
    assert_non_null(j);
    Event back;
    memset(&back, 0, sizeof back);
    char err[256];
    assert_int_equal(event_from_json(&back, j, err, sizeof err), 0);
    assert_false(back.waitlist_contact);
    assert_true(back.staff_only);
    json_decref(j);
    event_deinit(&back);
    event_deinit(&ev);
    expect_doc_error("{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\","
                     "\"x_aukio\":{\"staff_only\":\"yes\"}}",
                     "x_aukio.staff_only: must be true or false", NULL);
    expect_doc_error("{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\","
                     "\"x_aukio\":{\"waitlist_contact\":1}}",
                     "x_aukio.waitlist_contact: must be true or false", NULL);
}

/* ---- x_aukio and round trips -------------------------------------------------------------- */

static void check_library_week(const Event *evs, int n)
{
    assert_int_equal(n, 5);
    const Event *s = &evs[0];
    assert_string_equal(s->id, "aukio:satutunti-0318");
    assert_string_equal(s->category, "storytime");
    assert_string_equal(ltext_get(&s->audience, LANG_SV), "Barnfamiljer");
    assert_true(s->registration);
    assert_int_equal(s->capacity, 12);
    assert_int_equal(s->waitlist_capacity, 4);
    assert_int_equal(s->max_group_size, 3);
    assert_int_equal(s->reserved_seats, 2);
    assert_int_equal(s->email_rule, FIELD_REQUIRED); /* x_aukio.contact_fields */
    assert_int_equal(s->phone_rule, FIELD_REQUIRED); /* registration.mandatory_fields */
    assert_int_equal(s->audience_min_age, 3);
    assert_int_equal(s->start_time, 1773851400);
    assert_string_equal(s->location_address.s[LANG_SV], "Kyrkogatan 31, Lahtis");
    assert_null(s->location_address.s[LANG_EN]);
    assert_string_equal(ltext_get(&s->location_address, LANG_EN), "Kirkkokatu 31, Lahti");
    assert_string_equal(s->keywords[0], "yso:p14710");
    assert_string_equal(s->keywords[1], "yso:p4354");
    assert_int_equal(s->n_questions, 3);
    assert_string_equal(s->questions[1].id, "age");
    assert_int_equal(s->questions[1].kind, QUESTION_SINGLE);
    assert_true(s->questions[1].required);
    assert_int_equal(s->questions[1].n_options, 2);
    assert_string_equal(s->questions[1].options[1].id, "5-6");
    assert_string_equal(ltext_get(&s->questions[1].options[1].label, LANG_SV), "5–6 v");
    assert_int_equal(s->questions[2].kind, QUESTION_YESNO);
    assert_false(s->questions[2].required);

    assert_false(evs[1].registration); /* x_aukio.registration: false */
    assert_string_equal(evs[1].location_id, "tprek:8254");
    assert_int_equal(evs[1].start_time, 1773734400); /* 2026-03-17 10:00 local */
    assert_true(evs[2].registration);
    assert_int_equal(evs[2].waitlist_capacity, 0);
    assert_string_equal(ltext_get(&evs[2].name, LANG_FI), "Bokcirkel");
    assert_int_equal(evs[3].status, EVENT_CANCELLED);
    assert_int_equal(evs[4].status, EVENT_POSTPONED);
}

static void test_x_aukio_and_round_trip(void **state)
{
    (void)state;
    size_t len;
    char *text = slurp("aukio/library_week.json", &len);
    Event *evs, *back;
    int n, nb;
    char err[512] = "";
    if (event_parse_document(text, len, &evs, &n, err, sizeof err)) fail_msg("%s", err);
    check_library_week(evs, n);

    /* Serialise all, parse back, and check the same facts and the same JSON again. */
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, event_to_json(&evs[i]));
    char *dumped = json_dumps(arr, JSON_COMPACT);
    if (event_parse_document(dumped, strlen(dumped), &back, &nb, err, sizeof err))
        fail_msg("round trip: %s", err);
    check_library_week(back, nb);
    for (int i = 0; i < n; i++) {
        json_t *again = event_to_json(&back[i]);
        assert_true(json_equal(again, json_array_get(arr, i)));
        json_decref(again);
    }
    json_decref(arr);
    free(dumped);
    free_events(back, nb);
    free_events(evs, n);
    free(text);
}

static void test_linkedevents_round_trip(void **state)
{
    (void)state;
    size_t len;
    char *text = slurp("linkedevents/le_event_detail_include_location_entresse_library.json", &len);
    Event *evs;
    int n;
    char err[512] = "";
    if (event_parse_document(text, len, &evs, &n, err, sizeof err)) fail_msg("%s", err);
    json_t *j = event_to_json(&evs[0]);
    Event back;
    if (event_from_json(&back, j, err, sizeof err)) fail_msg("%s", err);
    assert_string_equal(back.location_address.s[LANG_SV], "Brogatan 11, Esbo");
    assert_string_equal(back.location_locality.s[LANG_SV], "Esbo");
    assert_string_equal(back.location_street.s[LANG_FI], "Siltakatu 11");
    /* Written as its two parts, not one joined street_address read as a street. */
    json_t *wloc = json_object_get(j, "location");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(wloc, "street_address"), "fi")),
        "Siltakatu 11");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(wloc, "address_locality"), "sv")),
        "Esbo");
    assert_string_equal(back.location_name.s[LANG_SV], "Entressebiblioteket");
    assert_int_equal(back.n_keywords, 4);
    assert_int_equal(back.status, EVENT_POSTPONED);
    json_t *j2 = event_to_json(&back);
    assert_true(json_equal(j, j2));
    json_decref(j);
    json_decref(j2);
    event_deinit(&back);
    free_events(evs, n);
    free(text);
}

/* ---- Bad documents ------------------------------------------------------------------------ */

static void test_bad_documents(void **state)
{
    (void)state;
    expect_doc_error("[\n  {\"id\": \"a\",\n   \"name\": {\"fi\": \"x\"}\n  ,,\n]",
                     "line 4, column", NULL);
    expect_doc_error("", "line 1", NULL);
    expect_doc_error("42", "array of events", NULL);
    expect_doc_error("{\"data\": {}}", "data: must be an array", NULL);
    expect_doc_error("[{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\"},"
                     "{\"id\":\"b\",\"name\":\"just a string\",\"start_time\":\"2026-03-18\"}]",
                     "[1] (id b): name: must be an object of texts keyed fi/sv/en", NULL);
    expect_doc_error("[{\"id\":\"a\",\"name\":{\"fi\":7},\"start_time\":\"2026-03-18\"}]",
                     "[0] (id a): name.fi: must be a string", NULL);
    expect_doc_error("[{\"name\":{\"fi\":\"x\"}}]", "[0]: id: missing", NULL);
    expect_doc_error("[{\"id\":12,\"name\":{\"fi\":\"x\"}}]", "[0]: id: must be a string", NULL);
    expect_doc_error("[{\"id\":\"a\",\"name\":{\"en\":\"\"},\"start_time\":\"2026-03-18\"}]",
                     "(id a): name: no text in any language", NULL);
    expect_doc_error("[{\"id\":\"a\",\"name\":{\"fi\":\"x\"}}]",
                     "(id a): start_time: missing (only a postponed event", NULL);
    expect_doc_error("{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\","
                     "\"event_status\":\"EventMaybe\"}",
                     "event (id a): event_status: must be one of EventScheduled", NULL);
    expect_doc_error("{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18T10:00Z\","
                     "\"end_time\":\"2026-03-18T09:00Z\"}",
                     "end_time: before start_time", NULL);
    expect_doc_error("{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\","
                     "\"maximum_attendee_capacity\":-1}",
                     "maximum_attendee_capacity: must be a non-negative integer or null", NULL);
    expect_doc_error("{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\","
                     "\"maximum_group_size\":2.5}",
                     "maximum_group_size: must be a positive integer", NULL);
    expect_doc_error("{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\","
                     "\"location\":\"Kirkkokatu 31\"}",
                     "location: must be an object", NULL);
    expect_doc_error("{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\","
                     "\"keywords\":[\"yso:p1\", 5]}",
                     "keywords[1]: must be a keyword id", NULL);
    expect_doc_error("{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\","
                     "\"x_aukio\":{\"category\":\"party\"}}",
                     "x_aukio.category: must be one of storytime", NULL);
    expect_doc_error("{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\","
                     "\"x_aukio\":{\"contact_fields\":{\"email\":\"maybe\"}}}",
                     "x_aukio.contact_fields.email: must be one of hidden, optional, required",
                     NULL);
    expect_doc_error("{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\","
                     "\"x_aukio\":{\"reserved_seats\":\"2\"}}",
                     "x_aukio.reserved_seats: must be a non-negative integer", NULL);
    expect_doc_error(
        "{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\","
        "\"x_aukio\":{\"questions\":[{\"id\":\"q\",\"type\":\"single\","
        "\"label\":{\"fi\":\"Q\"},\"options\":[{\"id\":\"a,b\",\"label\":{\"fi\":\"A\"}}]}]}}",
        "x_aukio.questions[0].options[0].id: may not contain ','", NULL);
    expect_doc_error(
        "{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\","
        "\"x_aukio\":{\"questions\":[{\"id\":\"q\",\"type\":\"multi\","
        "\"label\":{\"fi\":\"Q\"},\"options\":[{\"id\":\"1\",\"label\":{\"fi\":\"1\"}},"
        "{\"id\":\"2\",\"label\":{\"fi\":\"2\"}},{\"id\":\"3\",\"label\":{\"fi\":\"3\"}},"
        "{\"id\":\"4\",\"label\":{\"fi\":\"4\"}},{\"id\":\"5\",\"label\":{\"fi\":\"5\"}},"
        "{\"id\":\"6\",\"label\":{\"fi\":\"6\"}},{\"id\":\"7\",\"label\":{\"fi\":\"7\"}},"
        "{\"id\":\"8\",\"label\":{\"fi\":\"8\"}},{\"id\":\"9\",\"label\":{\"fi\":\"9\"}}]}]}}",
        "x_aukio.questions[0].options: 9 options, at most 8 allowed", NULL);
    expect_doc_error(
        "{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\","
        "\"x_aukio\":{\"questions\":[{\"id\":\"q\",\"type\":\"yesno\","
        "\"label\":{\"fi\":\"Q\"}},{\"id\":\"q\",\"type\":\"text\",\"label\":{\"fi\":\"R\"}}]}}",
        "x_aukio.questions[1].id: \"q\" is used by questions[0] too", NULL);
    expect_doc_error("{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\","
                     "\"x_aukio\":{\"questions\":[{\"id\":\"q\",\"type\":\"essay\","
                     "\"label\":{\"fi\":\"Q\"}}]}}",
                     "x_aukio.questions[0].type: must be one of text, single, multi, yesno", NULL);
    expect_doc_error("{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\","
                     "\"x_aukio\":{\"questions\":[{\"id\":\"q\",\"type\":\"single\","
                     "\"label\":{\"fi\":\"Q\"}}]}}",
                     "x_aukio.questions[0].options: a \"single\" question needs options", NULL);
    expect_doc_error("[{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\"},"
                     "{\"id\":\"b\",\"name\":{\"fi\":\"y\"},\"start_time\":\"2026-03-18\"},"
                     "{\"id\":\"a\",\"name\":{\"fi\":\"z\"},\"start_time\":\"2026-03-18\"}]",
                     "[2] (id a): the same id as [0]", NULL);
    expect_doc_error("{\"id\":\"a\",\"id\":\"b\"}", "line 1", "duplicate", NULL);
}

static void test_length_caps(void **state)
{
    (void)state;
    char id[200], doc[1024];
    memset(id, 'k', 96);
    id[96] = '\0'; /* one over the 95-byte cap */
    snprintf(doc, sizeof doc,
             "{\"id\":\"%s\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\"}", id);
    expect_doc_error(doc, "id: 96 bytes long, at most 95 allowed", NULL);
    id[95] = '\0'; /* exactly at the cap: kept whole */
    snprintf(doc, sizeof doc,
             "{\"id\":\"%s\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\"}", id);
    Event ev = parse_one(doc);
    assert_int_equal(strlen(ev.id), 95);
    event_deinit(&ev);

    /* Issue 11: a long name is cut with "…" at a character boundary, never a reason to refuse
     * the file; at the cap (255 bytes) it is kept whole. */
    char title[400];
    memset(title, 'T', 255);
    title[255] = '\0';
    snprintf(doc, sizeof doc,
             "{\"id\":\"a\",\"name\":{\"fi\":\"x\",\"sv\":\"%s\"},\"start_time\":\"2026-03-18\"}",
             title);
    ev = parse_one(doc);
    assert_string_equal(ev.name.s[LANG_SV], title);
    event_deinit(&ev);
    memset(title, 'T', 253);
    memcpy(title + 253, "\xC3\xA4\xC3\xA4", 5); /* "ää": the cut may not split one */
    snprintf(doc, sizeof doc,
             "{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\","
             "\"location\":{\"name\":{\"fi\":\"%s\"}}}",
             title);
    ev = parse_one(doc);
    assert_int_equal(strlen(ev.location_name.s[LANG_FI]), 255);
    assert_memory_equal(ev.location_name.s[LANG_FI] + 252, "\xE2\x80\xA6", 3);
    event_deinit(&ev);
    snprintf(doc, sizeof doc,
             "{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\","
             "\"location\":{\"@id\":\"https://x/place/%.70s/\"}}",
             title);
    expect_doc_error(doc, "location.@id: id 70 bytes long, at most 63 allowed", NULL);
    snprintf(doc, sizeof doc,
             "{\"id\":\"a\\u0001b\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\"}");
    expect_doc_error(doc, "id: contains a control character", NULL);
}

/* The files an importer is handed, as in tests/fixtures/bad/. */
static void test_bad_files(void **state)
{
    (void)state;
    static const struct {
        const char *file, *want;
    } cases[] = {
        {"bad/truncated.json", "line 4, column"},
        {"bad/wrong_type.json", "data[1] (id aukio:wrong-type): maximum_group_size: must be a "
                                "positive integer"},
        {"bad/missing_name.json", "[0] (id aukio:no-name): name: no text in any language"},
        {"bad/bad_time.json", "data[2] (id aukio:bad-time): start_time: not an ISO 8601 time "
                              "(\"2026-03-18 klo 18.30\")"},
        {"bad/too_many_questions.json",
         "[0] (id aukio:quiz): x_aukio.questions: 9 questions, at most 8 allowed"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len;
        char *text = slurp(cases[i].file, &len);
        Event *evs = NULL;
        int n = 0;
        char err[512] = "";
        assert_int_equal(event_parse_document(text, len, &evs, &n, err, sizeof err), -1);
        if (!strstr(err, cases[i].want))
            fail_msg("%s: error \"%s\" lacks \"%s\"", cases[i].file, err, cases[i].want);
        assert_null(evs);
        free(text);
    }
}

/* ---- Round trips the fuzzer found broken (issue 7) ------------------------------------------ */

/* Serialises EV, reads that back and serialises again: both texts must be the same. */
static void assert_reads_back(const Event *ev)
{
    json_t *j = event_to_json(ev);
    assert_non_null(j);
    char *first = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS), err[512] = "";
    Event back;
    if (event_from_json(&back, j, err, sizeof err)) fail_msg("does not read back: %s", err);
    json_decref(j);
    json_t *j2 = event_to_json(&back);
    char *second = json_dumps(j2, JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(first, second);
    free(first);
    free(second);
    json_decref(j2);
    event_deinit(&back);
}

#define EV_HEAD "{\"id\":\"a\",\"name\":{\"fi\":\"x\"},"

/* Bug: a street_address and an address_locality each under 255 bytes were joined into one
 * location_address over it, written back as a street_address the importer then refused. */
static void test_bug_address_parts_joined_over_cap(void **state)
{
    (void)state;
    char doc[1024];
    snprintf(doc, sizeof doc,
             EV_HEAD "\"start_time\":\"2026-03-18\",\"location\":{\"street_address\":"
                     "{\"fi\":\"%0200d\"},\"address_locality\":{\"fi\":\"%0100d\"}}}",
             0, 0);
    expect_doc_error(doc, "location: street_address and address_locality (fi) joined are 302",
                     "at most 255", NULL);
    /* Joined to exactly the cap is fine, and reads back. */
    snprintf(doc, sizeof doc,
             EV_HEAD "\"start_time\":\"2026-03-18\",\"location\":{\"street_address\":"
                     "{\"fi\":\"%0200d\"},\"address_locality\":{\"fi\":\"%053d\"}}}",
             0, 0);
    Event ev = parse_one(doc);
    assert_int_equal(strlen(ltext_get(&ev.location_address, LANG_FI)), 255);
    assert_reads_back(&ev);
    event_deinit(&ev);
}

/* Bug: 9999-12-31T23:30:00-02:00 is in the year 10000 in UTC, and was written back as
 * "10000-01-01T01:30:00Z", which no importer reads; likewise 1900-01-01T00:00:00+02:00 as 1899. */
static void test_bug_time_written_as_year_10000(void **state)
{
    (void)state;
    int64_t t = 0;
    assert_int_equal(event_parse_time("9999-12-31T23:30:00-02:00", &t), EVENT_TIME_RANGE);
    assert_int_equal(event_parse_time("1900-01-01T00:00:00+02:00", &t), EVENT_TIME_RANGE);
    expect_doc_error(EV_HEAD "\"start_time\":\"9999-12-31T23:30:00-02:00\"}",
                     "start_time: \"9999-12-31T23:30:00-02:00\" is outside the times an event may "
                     "have (2000-01-01 to 9999-12-31 UTC)",
                     NULL);
    /* The last second of 9999 is the last one accepted, and it reads back. */
    Event ev = parse_one(EV_HEAD "\"start_time\":\"9999-12-31T23:59:59Z\"}");
    assert_true(ev.start_time == EVENT_TIME_MAX);
    assert_reads_back(&ev);
    event_deinit(&ev);
}

/* Bug: a far x_aukio_anchor_date moved every event by millions of days, into negative years
 * ("-1816-03-17T12:20:11Z") that the model writes but cannot read back. */
static void test_bug_anchor_date_moves_to_negative_year(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "{\"x_aukio_anchor_date\":\"5868-03-16\",\"data\":[" EV_HEAD
        "\"start_time\":\"2026-03-18T10:00:00Z\"}]}",
        "{\"x_aukio_anchor_date\":\"2000-01-01\",\"data\":[" EV_HEAD
        "\"start_time\":\"9999-12-01T10:00:00Z\"}]}",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        Event *evs;
        int n;
        char err[512] = "";
        assert_int_equal(event_parse_document(docs[i], strlen(docs[i]), &evs, &n, err, sizeof err),
                         0);
        assert_int_equal(
            event_document_rebase(docs[i], strlen(docs[i]), evs, n, 1773835200, err, sizeof err),
            -1);
        assert_non_null(strstr(err, "x_aukio_anchor_date: moving the events' times by"));
        assert_non_null(strstr(err, "outside 2000-01-01 to 9999-12-31"));
        free_events(evs, n);
    }
}

/* Issue 9: the demo catalogue moved by days, so "Saturday storytime" landed on a Sunday. It moves
 * by whole weeks: the anchor's weekday is kept, on or before today. */
static void test_anchor_moves_by_whole_weeks(void **state)
{
    (void)state;
    /* Anchor Monday 2026-03-16; the event on Saturday 2026-03-21 10:00 Helsinki time. */
    static const char doc[] = "{\"x_aukio_anchor_date\":\"2026-03-16\",\"data\":[" EV_HEAD
                              "\"start_time\":\"2026-03-21T08:00:00Z\"}]}";
    static const struct {
        int64_t now;
        const char *start;
    } cases[] = {
        {1773644400, "2026-03-21T08:00:00Z"}, /* Mon 16 Mar 2026 09:00: the anchor itself */
        {1764842400, "2025-12-06T08:00:00Z"}, /* Thu 4 Dec 2025 12:00: back to Mon 1 Dec */
        {1796551200, "2026-12-05T08:00:00Z"}, /* Sun 6 Dec 2026 12:00: back to Mon 30 Nov */
        {1796637600, "2026-12-12T08:00:00Z"}, /* Mon 7 Dec 2026 12:00: that Monday */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Event *evs;
        int n;
        char err[512] = "", start[40];
        assert_int_equal(event_parse_document(doc, strlen(doc), &evs, &n, err, sizeof err), 0);
        assert_int_equal(
            event_document_rebase(doc, strlen(doc), evs, n, cases[i].now, err, sizeof err), 0);
        event_format_time(evs[0].start_time, start, sizeof start);
        assert_string_equal(start, cases[i].start);
        free_events(evs, n);
    }
}

/* Bug: a start of 1970-01-01T00:00:00Z read as 0, the "unknown" sentinel, and was refused as
 * "missing". Times before 2000 are now refused for what they are. */
/* Bug (fuzz_ical, issue 11): a keyword written as {"id": "a/b"} (a calendar's CATEGORIES
 * value with a '/') read back as "b", the last segment of what looked like a URL. */
static void test_bug_keyword_id_with_slash_read_back_whole(void **state)
{
    (void)state;
    Event ev = parse_one("{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18\","
                         "\"keywords\":[{\"id\":\"Lapset/nuoret\"},"
                         "{\"@id\":\"https://x/keyword/yso:p1/\"}]}");
    assert_int_equal(ev.n_keywords, 2);
    assert_string_equal(ev.keywords[0], "Lapset/nuoret");
    assert_string_equal(ev.keywords[1], "yso:p1");
    event_deinit(&ev);
}

static void test_bug_epoch_zero_start_is_not_missing(void **state)
{
    (void)state;
    expect_doc_error(EV_HEAD "\"start_time\":\"1970-01-01T00:00:00Z\"}",
                     "start_time: \"1970-01-01T00:00:00Z\" is outside the times an event may have",
                     NULL);
    Event ev = parse_one(EV_HEAD "\"start_time\":\"2000-01-01T00:00:00Z\"}");
    assert_true(ev.start_time == EVENT_TIME_MIN);
    assert_reads_back(&ev);
    event_deinit(&ev);
}

int main(void)
{
    setenv("TZ", "Europe/Helsinki", 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_time),
        cmocka_unit_test(test_format_time),
        cmocka_unit_test(test_shift_days_keeps_wall_clock_over_dst),
        cmocka_unit_test(test_ltext_fallback),
        cmocka_unit_test(test_linkedevents_page),
        cmocka_unit_test(test_linkedevents_inlined_place),
        cmocka_unit_test(test_linkedevents_registration_object),
        cmocka_unit_test(test_registration_on_event),
        cmocka_unit_test(test_x_aukio_and_round_trip),
        cmocka_unit_test(test_linkedevents_round_trip),
        cmocka_unit_test(test_bad_documents),
        cmocka_unit_test(test_length_caps),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_bug_address_parts_joined_over_cap),
        cmocka_unit_test(test_bug_time_written_as_year_10000),
        cmocka_unit_test(test_bug_anchor_date_moves_to_negative_year),
        cmocka_unit_test(test_anchor_moves_by_whole_weeks),
        cmocka_unit_test(test_bug_epoch_zero_start_is_not_missing),
        cmocka_unit_test(test_bug_keyword_id_with_slash_read_back_whole),
        cmocka_unit_test(test_waitlist_contact_and_staff_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
