/*
 * fuzz_import.c: the event importer (event_parse_document, then event_document_rebase as the
 * kiosk's and the hub's imports do; again with a named zone and a source's topics, as a hub
 * source reads it), and the model's round-trip rule on every event it accepts:
 * event_to_json writes a form that event_from_json reads back equal, equal meaning that the
 * re-read event serialises to the same bytes. A difference is an abort(), which libFuzzer and
 * tests/fuzz/driver.c both report as a failure.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "event.h"

/* "Today" for x_aukio_anchor_date: fixed, so that a failure reproduces. */
#define FUZZ_NOW 1773835200 /* 2026-03-18T12:00:00Z */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setenv("TZ", "Europe/Helsinki", 1);
    tzset();
    return 0;
}

static char *dump(const Event *ev)
{
    json_t *j = event_to_json(ev);
    if (!j) return NULL;
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    json_decref(j);
    return s;
}

static void fail(const char *what, const char *id, const char *detail)
{
    fprintf(stderr, "round trip broken (%s), event %s: %s\n", what, id ? id : "?",
            detail ? detail : "");
    abort();
}

static void check_round_trip(const Event *ev)
{
    json_t *j = event_to_json(ev);
    if (!j) fail("event_to_json gave NULL", ev->id, NULL);
    char *first = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    Event back;
    char err[512];
    if (event_from_json(&back, j, err, sizeof err) != 0) {
        fprintf(stderr, "written: %s\n", first ? first : "(null)");
        fail("the written form does not read back", ev->id, err);
    }
    json_decref(j);
    char *second = dump(&back);
    if (!first || !second || strcmp(first, second) != 0) {
        fprintf(stderr, "first:  %s\nsecond: %s\n", first ? first : "(null)",
                second ? second : "(null)");
        fail("read back differently", ev->id, NULL);
    }
    free(first);
    free(second);
    event_deinit(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Event *evs = NULL;
    int n = 0;
    char err[512];
    const char *text = (const char *)data;
    if (event_parse_document(text, size, &evs, &n, err, sizeof err) != 0) return 0;
    for (int i = 0; i < n; i++)
        check_round_trip(&evs[i]);
    /* A rebase that fails rejects the import; one that succeeds must leave readable times. */
    if (event_document_rebase(text, size, evs, n, FUZZ_NOW, err, sizeof err) == 0)
        for (int i = 0; i < n; i++)
            check_round_trip(&evs[i]);
    for (int i = 0; i < n; i++)
        event_deinit(&evs[i]);
    free(evs);
    /* As a hub source with --timezone and --topic reads a feed: bad events skipped, floating
     * times in another zone (libical's zoneinfo, not TZ), topics from a source's pairs. */
    EventJsonOptions opt = {
        .zone = "America/New_York", .topics = "yso:p1808=popup,x=club", .skip_bad = true};
    EventJsonReport rep;
    if (event_parse_document_opts(text, size, &opt, &evs, &n, &rep, err, sizeof err) != 0) return 0;
    if (rep.drafts < 0 || rep.deleted < 0 || rep.super_events < 0 || rep.topics > n ||
        rep.n_skipped_ids > rep.skipped)
        abort();
    event_json_report_deinit(&rep);
    for (int i = 0; i < n; i++) {
        check_round_trip(&evs[i]);
        event_deinit(&evs[i]);
    }
    free(evs);
    return 0;
}
