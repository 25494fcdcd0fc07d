/*
 * hub_import.c: the hub's import path (hub_import.h), for `event import` and the sources.
 */
#include "hub_import.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util.h"

void hub_put_plain(FILE *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, out);
}

/* The compact canonical JSON of EV (malloc'd, caller frees). */
char *hub_import_event_dump(const Event *ev)
{
    json_t *j = event_to_json(ev);
    if (!j) return NULL;
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return s;
}

int hub_import_parse(const char *text, size_t len, const char *label, const HubImportOptions *o,
                     FILE *out, FILE *notes, Event **evs, int *n_evs, HubImportStats *stats,
                     char *err, size_t n)
{
    char why[512];
    /* Linked Events JSON or iCalendar, told apart by the content (event_import.h). */
    EventIcalOptions opt;
    event_ical_options_default(&opt, now_s());
    opt.source = o->source;
    if (o->zone && *o->zone) opt.zone = o->zone;
    if (o->topics && *o->topics) opt.topics = o->topics;
    opt.skip_bad_json = o->skip_bad;
    EventIcalReport *rep = malloc(sizeof *rep);
    memset(stats, 0, sizeof *stats);
    *evs = NULL;
    *n_evs = 0;
    if (!rep || event_import_parse(text, len, &opt, now_s(), evs, n_evs, &stats->fmt, rep, why,
                                   sizeof why) != 0) {
        snprintf(err, n, "%s: %s", label, rep ? why : "out of memory");
        free(rep);
        return -1;
    }
    for (int i = 0; notes && i < rep->n_notes; i++) {
        fprintf(notes, "aukio-hub: %s: ", label);
        hub_put_plain(notes, rep->notes[i]);
        fputc('\n', notes);
    }
    char said[200];
    if (out) fprintf(out, "%s\n", event_import_summary(stats->fmt, *n_evs, rep, said, sizeof said));
    stats->n_read = *n_evs;
    stats->n_skipped = rep->skipped;
    stats->n_hidden = rep->hidden;
    stats->skipped_ids = rep->skipped_ids; /* handed over */
    stats->n_skipped_ids = rep->n_skipped_ids;
    free(rep);
    return 0;
}

void hub_import_events_free(Event *evs, int n_evs)
{
    for (int i = 0; i < n_evs; i++)
        event_deinit(&evs[i]);
    free(evs);
}

void hub_import_ids_free(char **ids, int n_ids)
{
    for (int i = 0; ids && i < n_ids; i++)
        free(ids[i]);
    free(ids);
}

typedef struct {
    const char *id;
    int i;
} IdAt;

static int cmp_id_at(const void *a, const void *b)
{
    const IdAt *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Marks in REPEAT each event whose id an earlier event of EVS has (a feed's pages may overlap):
 * sorted, so that 100,000 events cost no more than a sort. Ids are all set (checked before). */
static int mark_repeats(const Event *evs, int n_evs, bool *repeat)
{
    IdAt *v = malloc((size_t)(n_evs ? n_evs : 1) * sizeof *v);
    if (!v) return -1;
    for (int i = 0; i < n_evs; i++)
        v[i] = (IdAt){evs[i].id, i};
    qsort(v, (size_t)n_evs, sizeof *v, cmp_id_at);
    for (int k = 1; k < n_evs; k++)
        if (strcmp(v[k].id, v[k - 1].id) == 0) repeat[v[k].i] = true;
    free(v);
    return 0;
}

int hub_import_events(HubStore *st, Event *evs, int n_evs, const char *venue, const char *label,
                      char ***ids, int *n_ids, char *err, size_t n)
{
    int rc = AUKIO_OK, m = 0;
    size_t cap = n_evs ? (size_t)n_evs : 1;
    HubEventIn *in = calloc(cap, sizeof *in);
    char **jsons = calloc(cap, sizeof *jsons);
    bool *repeat = calloc(cap, sizeof *repeat);
    if (!in || !jsons || !repeat) rc = err_set(err, n, "out of memory");
    for (int i = 0; rc == AUKIO_OK && i < n_evs; i++) {
        const Event *e = &evs[i];
        if (!e->id || !*e->id || strlen(e->id) > RECORD_EVENT_ID_MAX) {
            snprintf(err, n, "%s: event %d: id missing or longer than 95 bytes", label, i);
            rc = AUKIO_ERR_INVALID;
        }
    }
    /* Pages of a feed that moved while it was read may repeat an event: the first counts. */
    if (rc == AUKIO_OK && mark_repeats(evs, n_evs, repeat) != 0)
        rc = err_set(err, n, "out of memory");
    for (int i = 0; rc == AUKIO_OK && i < n_evs; i++) {
        Event *e = &evs[i];
        if (repeat[i]) continue;
        if (venue && *venue && ltext_empty(&e->location_name) &&
            !(e->location_name.s[LANG_FI] = strdup(venue))) {
            rc = err_set(err, n, "out of memory");
            break;
        }
        jsons[m] = hub_import_event_dump(e);
        if (!jsons[m]) {
            snprintf(err, n, "%s: event %d: cannot serialise", label, i);
            rc = AUKIO_ERR_INVALID;
            break;
        }
        in[m] = hub_event_in(e, jsons[m]);
        m++;
    }
    if (rc == AUKIO_OK) rc = st->event_import(st, in, m, now_s(), err, n);
    if (rc == AUKIO_OK && ids) {
        *ids = calloc((size_t)m + 1, sizeof **ids);
        *n_ids = 0;
        if (!*ids) rc = err_set(err, n, "out of memory");
        for (int i = 0; rc == AUKIO_OK && i < m; i++) {
            if (!((*ids)[i] = strdup(in[i].id))) rc = err_set(err, n, "out of memory");
            *n_ids = i + 1;
        }
        if (rc != AUKIO_OK) {
            hub_import_ids_free(*ids, *n_ids);
            *ids = NULL;
            *n_ids = 0;
        }
    }
    for (int i = 0; jsons && i < m; i++)
        free(jsons[i]);
    free(jsons);
    free(in);
    free(repeat);
    return rc;
}

/* The cancelled form of the stored JSON STORED (malloc'd, caller frees), or NULL when it is not
 * a JSON object. An event that reads back is written again by the model; one that does
 * not (issue 7, item 1: an import once stored events that do not read back) only gets its
 * event_status set, so that it can still be cancelled. *FALLBACK tells which, with WHY. */
static char *cancelled_json(const char *stored, bool *fallback, char *why, size_t whylen)
{
    *fallback = false;
    json_error_t jerr;
    json_t *j = json_loads(stored, 0, &jerr);
    if (!j || !json_is_object(j)) {
        /* Kept as it is it would break every page it is in: the smallest cancelled event that
         * names it takes its place. */
        snprintf(why, whylen, "not a JSON object");
        json_decref(j);
        *fallback = true;
        return NULL;
    }
    Event ev;
    memset(&ev, 0, sizeof ev);
    char *out = NULL;
    if (event_from_json(&ev, j, why, whylen) == 0) {
        ev.status = EVENT_CANCELLED;
        out = hub_import_event_dump(&ev);
    } else {
        *fallback = true;
        if (json_object_set_new(j, "event_status", json_string("EventCancelled")) == 0)
            out = json_dumps(j, JSON_COMPACT);
    }
    event_deinit(&ev);
    json_decref(j);
    return out;
}

int hub_import_cancel(HubStore *st, const char *id, char *err, size_t n)
{
    char *stored = NULL;
    int rc = st->event_json(st, id, &stored, err, n);
    if (rc != AUKIO_OK) return rc;
    bool fallback = false;
    char why[256] = "";
    char *json = cancelled_json(stored, &fallback, why, sizeof why);
    free(stored);
    if (!json) {
        json_t *j = json_pack("{s:s, s:{s:s}, s:s, s:n}", "id", id, "name", "fi", id,
                              "event_status", "EventCancelled", "start_time");
        json = j ? json_dumps(j, JSON_COMPACT) : NULL;
        json_decref(j);
        if (!json) {
            snprintf(err, n, "%s: out of memory", id);
            return AUKIO_ERR;
        }
    }
    rc = st->event_cancel(st, id, json, err, n);
    free(json);
    if (rc != AUKIO_OK) return rc;
    if (fallback) {
        fputs("aukio-hub: note: the stored event does not read back (", stderr);
        hub_put_plain(stderr, why);
        fputs("); it was cancelled by id, with only its event_status changed\n", stderr);
    }
    return AUKIO_OK;
}
