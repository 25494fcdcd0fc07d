/*
 * test_event_offers.c: an event's web page and price (Linked Events "info_url" and "offers"):
 * real Linked Events documents, the fold of several offers into one price, round trips, and the
 * messages for malformed offers and URLs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "event.h"

/* ---- Helpers ------------------------------------------------------------------------------ */

#define HEAD "{\"id\":\"a\",\"name\":{\"fi\":\"x\"},\"start_time\":\"2026-03-18T10:00:00Z\""

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

/* TAIL completes HEAD's event; the document must fail with WANT in its message. */
static void expect_error(const char *tail, const char *want)
{
    char doc[2048];
    snprintf(doc, sizeof doc, "%s,%s}", HEAD, tail);
    Event *evs = NULL;
    int n = 0;
    char err[512] = "";
    assert_int_equal(event_parse_document(doc, strlen(doc), &evs, &n, err, sizeof err), -1);
    assert_null(evs);
    if (!strstr(err, want)) fail_msg("error \"%s\" lacks \"%s\" (document %s)", err, want, doc);
}

/* EV written out and read back must write out the same again. */
static void assert_round_trip(const Event *ev)
{
    char err[512] = "";
    json_t *j = event_to_json(ev);
    assert_non_null(j);
    Event back;
    if (event_from_json(&back, j, err, sizeof err)) fail_msg("%s", err);
    assert_int_equal(back.price_kind, ev->price_kind);
    for (int l = 0; l < LANG_COUNT; l++) {
        assert_string_equal(ltext_get(&back.price, (Lang)l), ltext_get(&ev->price, (Lang)l));
        assert_string_equal(ltext_get(&back.info_url, (Lang)l), ltext_get(&ev->info_url, (Lang)l));
        assert_string_equal(ltext_get(&back.price_url, (Lang)l),
                            ltext_get(&ev->price_url, (Lang)l));
    }
    json_t *j2 = event_to_json(&back);
    assert_true(json_equal(j, j2));
    json_decref(j);
    json_decref(j2);
    event_deinit(&back);
}

/* ---- Linked Events documents -------------------------------------------------------------- */

static void test_linkedevents_offers(void **state)
{
    (void)state;
    size_t len;
    char *text = slurp("linkedevents/le_event_list_helsinki_2020.json", &len);
    Event *evs;
    int n;
    char err[512] = "";
    if (event_parse_document(text, len, &evs, &n, err, sizeof err)) fail_msg("%s", err);
    assert_int_equal(n, 2);
    /* {"is_free": true, "price": null, "info_url": null} */
    assert_int_equal(evs[0].price_kind, EVENT_FREE);
    assert_true(ltext_empty(&evs[0].price));
    assert_true(ltext_empty(&evs[0].price_url));
    /* {"is_free": false, "price": {"fi": "5-15€", ...}, "info_url": {"fi": "http://..."}} */
    assert_int_equal(evs[1].price_kind, EVENT_PRICED);
    assert_string_equal(ltext_get(&evs[1].price, LANG_SV), "5-15€");
    assert_string_equal(ltext_get(&evs[1].price_url, LANG_EN), "http://www.amosrex.fi");
    assert_string_equal(ltext_get(&evs[1].info_url, LANG_FI), "http://www.amosrex.fi");
    for (int i = 0; i < n; i++) {
        assert_round_trip(&evs[i]);
        event_deinit(&evs[i]);
    }
    free(evs);
    free(text);
}

static void test_no_offers_is_unknown(void **state)
{
    (void)state;
    Event ev = parse_one(HEAD "}");
    assert_int_equal(ev.price_kind, EVENT_PRICE_UNKNOWN);
    assert_true(ltext_empty(&ev.info_url));
    assert_round_trip(&ev);
    event_deinit(&ev);
    ev = parse_one(HEAD ",\"offers\":[],\"info_url\":null}");
    assert_int_equal(ev.price_kind, EVENT_PRICE_UNKNOWN);
    event_deinit(&ev);
}

/* ---- Folding several offers --------------------------------------------------------------- */

static void test_offers_fold(void **state)
{
    (void)state;
    /* A free offer and two that cost: priced, their prices joined, the first URL kept. */
    Event ev = parse_one(HEAD ",\"offers\":["
                              "{\"is_free\":true,\"price\":{\"fi\":\"0 €\"}},"
                              "{\"is_free\":false,\"price\":{\"fi\":\"Aikuiset 10 €\","
                              "\"en\":\"Adults €10\"},"
                              "\"info_url\":{\"fi\":\"https://liput.example.fi/a\"}},"
                              "{\"is_free\":false,\"price\":{\"fi\":\"Lapset 5 €\"},"
                              "\"info_url\":{\"fi\":\"https://liput.example.fi/b\"}}]}");
    assert_int_equal(ev.price_kind, EVENT_PRICED);
    assert_string_equal(ev.price.s[LANG_FI], "Aikuiset 10 €; Lapset 5 €");
    /* English has its own text for the first, borrows Finnish for the second. */
    assert_string_equal(ev.price.s[LANG_EN], "Adults €10; Lapset 5 €");
    assert_string_equal(ltext_get(&ev.price_url, LANG_SV), "https://liput.example.fi/a");
    assert_round_trip(&ev);
    event_deinit(&ev);

    /* Every offer free: free, whatever texts they carry. */
    ev = parse_one(HEAD ",\"offers\":[{\"is_free\":true},{\"is_free\":true,\"price\":null}]}");
    assert_int_equal(ev.price_kind, EVENT_FREE);
    assert_true(ltext_empty(&ev.price));
    assert_round_trip(&ev);
    event_deinit(&ev);

    /* A cost without a price text is still not free. */
    ev = parse_one(HEAD ",\"offers\":[{\"is_free\":false}]}");
    assert_int_equal(ev.price_kind, EVENT_PRICED);
    assert_true(ltext_empty(&ev.price));
    assert_round_trip(&ev);
    event_deinit(&ev);
}

/* ---- Malformed input ---------------------------------------------------------------------- */

static void test_malformed_offers(void **state)
{
    (void)state;
    expect_error("\"offers\":{\"is_free\":true}", "offers: must be an array or null");
    expect_error("\"offers\":[\"free\"]", "offers[0]: must be an object");
    expect_error("\"offers\":[{\"is_free\":true},{\"is_free\":\"yes\"}]",
                 "offers[1].is_free: must be true or false");
    expect_error("\"offers\":[{\"is_free\":false,\"price\":\"10 e\"}]",
                 "offers[0].price: must be an object of texts keyed fi/sv/en");
    expect_error("\"offers\":[{\"is_free\":false,\"price\":{\"fi\":3}}]",
                 "offers[0].price.fi: must be a string");
    expect_error("\"offers\":[{\"is_free\":false,\"info_url\":{\"fi\":\"javascript:alert(1)\"}}]",
                 "offers[0].info_url.fi: must be an http:// or https:// URL");
    /* Twenty offers of 20 bytes each join to more than a price may hold. */
    char tail[1024] = "\"offers\":[";
    for (int i = 0; i < 16; i++)
        snprintf(tail + strlen(tail), sizeof tail - strlen(tail),
                 "%s{\"is_free\":false,\"price\":{\"fi\":\"hinta numero %02d....\"}}", i ? "," : "",
                 i);
    snprintf(tail + strlen(tail), sizeof tail - strlen(tail), "]");
    expect_error(tail, "offers: the prices are over 255 bytes together");
    char many[1024] = "\"offers\":[";
    for (int i = 0; i < 17; i++)
        snprintf(many + strlen(many), sizeof many - strlen(many), "%s{\"is_free\":true}",
                 i ? "," : "");
    snprintf(many + strlen(many), sizeof many - strlen(many), "]");
    expect_error(many, "offers: 17 of them, at most 16 allowed");
}

static void test_malformed_info_url(void **state)
{
    (void)state;
    expect_error("\"info_url\":\"https://example.fi\"",
                 "info_url: must be an object of texts keyed fi/sv/en");
    expect_error("\"info_url\":{\"sv\":\"www.example.fi\"}",
                 "info_url.sv: must be an http:// or https:// URL");
    expect_error("\"info_url\":{\"en\":\"https://example.fi/a b\"}",
                 "info_url.en: must be an http:// or https:// URL");
    expect_error("\"info_url\":{\"fi\":\"file:///etc/passwd\"}",
                 "info_url.fi: must be an http:// or https:// URL");
    Event ev = parse_one(HEAD ",\"info_url\":{\"fi\":\"https://tapahtumat.example.fi/a?x=1\"}}");
    assert_string_equal(ltext_get(&ev.info_url, LANG_EN), "https://tapahtumat.example.fi/a?x=1");
    assert_round_trip(&ev);
    event_deinit(&ev);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linkedevents_offers), cmocka_unit_test(test_no_offers_is_unknown),
        cmocka_unit_test(test_offers_fold),         cmocka_unit_test(test_malformed_offers),
        cmocka_unit_test(test_malformed_info_url),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
