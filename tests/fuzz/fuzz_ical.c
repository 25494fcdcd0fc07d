/*
 * fuzz_ical.c: the import of an iCalendar file (event_import_parse on any bytes, as `aukio
 * import` and `aukio-hub event import` call it) and what it promises of every Event it returns:
 * an id "ics:fuzz:..." of at most 95 bytes, unique in the file; a name; a start inside the
 * model's times and the horizon's reach; no more Events than the caps allow; and the model's
 * round trip (event_to_json, event_from_json, the same bytes again). A broken promise is an
 * abort(). libical's own warnings on stderr are expected.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "event.h"
#include "event_ical.h"
#include "event_import.h"

#define FUZZ_NOW 1773835200 /* 2026-03-18T12:00:00Z: fixed, so that a failure reproduces */
#define FUZZ_MAX_OCCURRENCES 50
#define FUZZ_MAX_EVENTS 2000

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setenv("TZ", "Europe/Helsinki", 1);
    tzset();
    return 0;
}

static void fail(const char *what, const Event *ev, const char *detail)
{
    fprintf(stderr, "fuzz_ical: %s, event %s: %s\n", what, ev && ev->id ? ev->id : "?",
            detail ? detail : "");
    abort();
}

static char *dump(const Event *ev)
{
    json_t *j = event_to_json(ev);
    if (!j) return NULL;
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    return s;
}

static void check_event(const Event *ev, const EventIcalOptions *o)
{
    if (!ev->id || strncmp(ev->id, "ics:fuzz:", 9) != 0 || strlen(ev->id) > 95)
        fail("bad id", ev, NULL);
    if (ltext_empty(&ev->name)) fail("no name", ev, NULL);
    if (ev->start_time < EVENT_TIME_MIN || ev->start_time > EVENT_TIME_MAX)
        fail("start outside the model's times", ev, NULL);
    if (ev->start_time > o->now + o->future) fail("start after the horizon", ev, NULL);
    if (ev->end_time && ev->end_time < ev->start_time) fail("end before start", ev, NULL);
    char *first = dump(ev);
    if (!first) fail("event_to_json gave NULL", ev, NULL);
    json_error_t jerr;
    json_t *j = json_loads(first, 0, &jerr);
    Event back;
    char err[512];
    if (!j || event_from_json(&back, j, err, sizeof err) != 0) fail("does not read back", ev, err);
    json_decref(j);
    char *second = dump(&back);
    if (!second || strcmp(first, second) != 0) fail("reads back differently", ev, first);
    free(first);
    free(second);
    event_deinit(&back);
}

static int cmp_id(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    EventIcalOptions o;
    event_ical_options_default(&o, FUZZ_NOW);
    o.source = "fuzz";
    o.max_occurrences = FUZZ_MAX_OCCURRENCES;
    o.max_events = FUZZ_MAX_EVENTS;
    Event *evs = NULL;
    int n = 0;
    EventFormat fmt;
    static EventIcalReport rep;
    char err[512];
    if (event_import_parse((const char *)data, size, &o, 0, &evs, &n, &fmt, &rep, err,
                           sizeof err) != 0)
        return 0;
    if (fmt != EVENT_FORMAT_ICAL) {
        for (int i = 0; i < n; i++)
            event_deinit(&evs[i]);
        free(evs);
        return 0;
    }
    if (n > FUZZ_MAX_EVENTS || rep.n_notes > EVENT_ICAL_NOTES_MAX) fail("over a cap", NULL, NULL);
    const char **ids = malloc((size_t)(n ? n : 1) * sizeof *ids);
    if (!ids) abort();
    for (int i = 0; i < n; i++) {
        check_event(&evs[i], &o);
        ids[i] = evs[i].id;
    }
    qsort(ids, (size_t)n, sizeof *ids, cmp_id);
    for (int i = 1; i < n; i++)
        if (strcmp(ids[i - 1], ids[i]) == 0) fail("the same id twice", &evs[i], ids[i]);
    free(ids);
    for (int i = 0; i < n; i++)
        event_deinit(&evs[i]);
    free(evs);
    return 0;
}
