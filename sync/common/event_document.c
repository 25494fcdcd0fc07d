/*
 * event_document.c: a whole import document of events in the JSON form (event.h): an array, a
 * Linked Events page or one event; what Linked Events publishes but a kiosk does not show
 * (drafts, deleted events, recurring super-events); lists of places and keywords told apart.
 */
#include "event.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util.h"

static int cmp_event_ptr_id(const void *a, const void *b)
{
    const Event *x = *(const Event *const *)a, *y = *(const Event *const *)b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x < y ? -1 : x > y);
}

static void free_events(Event *evs, int n)
{
    for (int i = 0; i < n; i++)
        event_deinit(&evs[i]);
    free(evs);
}

/* What OBJ is when it is a Linked Events object of another kind than an event ("place",
 * "keyword", ...), by its "@type"; NULL for an event or anything else. */
static const char *other_kind(json_t *obj)
{
    static const struct {
        const char *type, *what;
    } kinds[] = {{"Place", "places (/place/)"},
                 {"Keyword", "keywords (/keyword/)"},
                 {"KeywordSet", "keyword sets (/keyword_set/)"},
                 {"Organization", "organizations (/organization/)"},
                 {"Image", "images (/image/)"}};
    const char *t = json_string_value(json_object_get(obj, "@type"));
    for (size_t i = 0; t && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(t, kinds[i].type) == 0) return kinds[i].what;
    return NULL;
}

/* Whether OBJ is an event Linked Events publishes but a kiosk does not show; counted in REP. */
static bool hidden(json_t *obj, EventJsonReport *rep)
{
    if (!json_is_object(obj)) return false;
    const char *ps = json_string_value(json_object_get(obj, "publication_status"));
    if (ps && strcmp(ps, "draft") == 0) {
        rep->drafts++;
        return true;
    }
    if (json_is_true(json_object_get(obj, "deleted"))) {
        rep->deleted++;
        return true;
    }
    /* A recurring series is published as a super-event spanning all its dates and one
     * sub-event per date: the sub-events are the events a visitor signs up for. */
    const char *st = json_string_value(json_object_get(obj, "super_event_type"));
    json_t *subs = json_object_get(obj, "sub_events");
    if (st && strcmp(st, "recurring") == 0 && json_is_array(subs) && json_array_size(subs) > 0) {
        rep->super_events++;
        return true;
    }
    return false;
}

/* Notes in REP when OBJ's registration makes mandatory what the kiosk's form cannot ask (a
 * postal address, a date of birth...): the sign-up still works, without them. */
static void note_unaskable(json_t *obj, const char *place, EventJsonReport *rep)
{
    static const char *const ASKED[] = {"name", "first_name", "last_name", "email", "phone_number"};
    json_t *mf = json_object_get(json_object_get(obj, "registration"), "mandatory_fields");
    char names[160] = "";
    size_t used = 0;
    for (size_t i = 0; json_is_array(mf) && i < json_array_size(mf); i++) {
        const char *f = json_string_value(json_array_get(mf, i));
        bool asked = false;
        for (size_t k = 0; f && k < sizeof ASKED / sizeof ASKED[0]; k++)
            asked = asked || strcmp(f, ASKED[k]) == 0;
        if (!f || asked || used >= sizeof names) continue;
        int w = snprintf(names + used, sizeof names - used, "%s%.40s", used ? ", " : "", f);
        if (w > 0) used += (size_t)w;
    }
    if (!names[0]) return;
    if (rep->unaskable++ == 0)
        snprintf(rep->unaskable_note, sizeof rep->unaskable_note,
                 "%.30s (id %.60s): the registration asks %.80s, which the kiosk cannot ask", place,
                 json_string_value(json_object_get(obj, "id")), names);
}

/* The events of ROOT (an array, a page's data or one object) into *ARR / *COUNT / *WHERE, or -1
 * with ERR when ROOT is no event document. */
static int document_events(json_t *root, json_t **arr, size_t *count, const char **where, char *err,
                           size_t errlen)
{
    *arr = NULL;
    *where = "";
    if (json_is_array(root)) {
        *arr = root;
    } else if (json_is_object(root) && json_object_get(root, "data")) {
        *arr = json_object_get(root, "data");
        *where = "data";
        if (!json_is_array(*arr)) return err_set(err, errlen, "data: must be an array of events");
    } else if (!json_is_object(root)) {
        return err_set(err, errlen,
                       "the document must be an array of events, a page {\"data\": [...]}, "
                       "or one event object");
    }
    *count = *arr ? json_array_size(*arr) : 1;
    const char *kind = other_kind(*arr ? json_array_get(*arr, 0) : root);
    if (kind)
        return err_set(err, errlen,
                       "a Linked Events list of %s, not events: give the importer the /event/ "
                       "list (places and keywords are read from it)",
                       kind);
    if (*count > EVENT_DOCUMENT_MAX_EVENTS)
        return err_set(err, errlen, "%s%s%zu events, at most %d in one document", *where,
                       (*where)[0] ? ": " : "", *count, EVENT_DOCUMENT_MAX_EVENTS);
    return 0;
}

/* Keeps the id of a skipped event (at most COUNT of them); -1 when out of memory. */
static int keep_skipped_id(EventJsonReport *rep, const char *id, size_t count)
{
    if (!rep->skipped_ids && !(rep->skipped_ids = calloc(count, sizeof *rep->skipped_ids)))
        return -1;
    if (!(rep->skipped_ids[rep->n_skipped_ids] = strdup(id))) return -1;
    rep->n_skipped_ids++;
    return 0;
}

void event_json_report_deinit(EventJsonReport *rep)
{
    for (int i = 0; i < rep->n_skipped_ids; i++)
        free(rep->skipped_ids[i]);
    free(rep->skipped_ids);
    rep->skipped_ids = NULL;
    rep->n_skipped_ids = 0;
}

/* The same id twice would silently keep only the later one in the store. */
static int check_repeats(const Event *evs, int n, const char *where, char *err, size_t errlen)
{
    if (n < 2) return 0;
    const Event **sorted = malloc((size_t)n * sizeof *sorted);
    if (!sorted) return err_set(err, errlen, "out of memory");
    for (int i = 0; i < n; i++)
        sorted[i] = &evs[i];
    qsort(sorted, (size_t)n, sizeof *sorted, cmp_event_ptr_id);
    int rc = 0;
    for (int i = 1; i < n && rc == 0; i++)
        if (strcmp(sorted[i - 1]->id, sorted[i]->id) == 0)
            rc = err_set(err, errlen, "%s[%td] (id %s): the same id as %s[%td]", where,
                         sorted[i] - evs, sorted[i]->id, where, sorted[i - 1] - evs);
    free(sorted);
    return rc;
}

int event_parse_document_opts(const char *text, size_t len, const EventJsonOptions *opt,
                              Event **out, int *n_out, EventJsonReport *rep, char *err,
                              size_t errlen)
{
    EventJsonReport ignored;
    bool own = !rep;
    if (!rep) rep = &ignored;
    memset(rep, 0, sizeof *rep);
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
    if (!root)
        return err_set(err, errlen, "line %d, column %d: %s", jerr.line, jerr.column, jerr.text);

    json_t *arr = NULL;
    const char *where = "";
    size_t count = 0;
    int rc = -1, n = 0;
    Event *evs = NULL;
    if (document_events(root, &arr, &count, &where, err, errlen)) goto cleanup;
    if (!(evs = calloc(count ? count : 1, sizeof *evs))) {
        err_set(err, errlen, "out of memory for %zu events", count);
        goto cleanup;
    }
    for (size_t i = 0; i < count; i++) {
        json_t *obj = arr ? json_array_get(arr, i) : root;
        char sub[512], place[160];
        if (arr)
            snprintf(place, sizeof place, "%s[%zu]", where, i);
        else
            snprintf(place, sizeof place, "event");
        if (hidden(obj, rep)) continue;
        if (event_from_json_in(&evs[n], obj, opt ? opt->zone : NULL, sub, sizeof sub)) {
            const char *id = json_string_value(json_object_get(obj, "id"));
            if (opt && opt->skip_bad && arr) {
                if (rep->skipped++ == 0)
                    snprintf(rep->skipped_note, sizeof rep->skipped_note,
                             "%.30s (id %.60s): skipped: %.120s", place, id ? id : "none", sub);
                if (id && keep_skipped_id(rep, id, count)) {
                    err_set(err, errlen, "out of memory");
                    goto cleanup;
                }
                continue;
            }
            if (id)
                err_set(err, errlen, "%s (id %.100s): %s", place, id, sub);
            else
                err_set(err, errlen, "%s: %s", place, sub);
            goto cleanup;
        }
        note_unaskable(obj, place, rep);
        n++;
        /* The parsed event holds all it needs: its JSON goes now, so that a big document's
         * tree shrinks as its events grow instead of both being held at the peak. */
        if (arr) json_array_set_new(arr, i, json_null());
    }
    if (check_repeats(evs, n, where, err, errlen)) goto cleanup;
    rep->topics = event_topics_apply(evs, n, opt ? opt->topics : NULL);
    *out = evs;
    *n_out = n;
    evs = NULL;
    n = 0;
    rc = 0;

cleanup:
    free_events(evs, n);
    json_decref(root);
    if (own || rc != 0) event_json_report_deinit(rep);
    return rc;
}

int event_parse_document(const char *text, size_t len, Event **out, int *n_out, char *err,
                         size_t errlen)
{
    return event_parse_document_opts(text, len, NULL, out, n_out, NULL, err, errlen);
}
