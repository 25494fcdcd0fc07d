/*
 * hub_console_feedback.c: the console's feedback page (GET /console/api/feedback): what visitors
 * said, per event in the user's reach, as counts of each of the kiosk's four smileys, of each
 * follow-up reason, and the comments; and, for coordinators, the feedback on the library in
 * general (no event) and on events no longer in the catalogue. Each entry also counts its
 * smileys by the hour they were given, for the page's charts of the trend by week and the time
 * of day (console/charts.js); the page adds events up by venue.
 */
#include "hub_console.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* Comments kept per event: the newest are shown, the rest only counted. */
#define COMMENTS_MAX 200

typedef struct {
    HubConsole *c;
    const HubUser *user;
    json_t *entries; /* event id -> entry, or null when the event is not the user's */
    json_t *library; /* feedback without an event (coordinators only) */
    int rc;
    char err[256];
} Walk;

static json_t *entry_new(json_t *event)
{
    return json_pack("{s:o,s:i,s:[iiii],s:{},s:[],s:[]}", "event", event ? event : json_null(),
                     "count", 0, "scores", 0, 0, 0, 0, "reasons", "comments", "hours");
}

static void entry_add(json_t *e, const HubFeedbackRow *r)
{
    /* Counts are changed in place: 100,000 rows make no garbage. */
    json_t *count = json_object_get(e, "count");
    json_integer_set(count, json_integer_value(count) + 1);
    json_t *scores = json_object_get(e, "scores");
    if (r->score >= 1 && r->score <= 4) {
        json_t *s = json_array_get(scores, (size_t)(r->score - 1));
        json_integer_set(s, json_integer_value(s) + 1);
    }
    json_t *reasons = json_object_get(e, "reasons");
    const char *p = r->reasons ? r->reasons : "";
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char id[64];
        if (len > 0 && len < sizeof id) {
            memcpy(id, p, len);
            id[len] = '\0';
            json_t *n = json_object_get(reasons, id);
            if (n)
                json_integer_set(n, json_integer_value(n) + 1);
            else
                json_object_set_new(reasons, id, json_integer(1));
        }
        p += len + (end ? 1 : 0);
    }
    /* By the hour it was given, each hour's four smileys counted: [hour, 1, 2, 3, 4, hour, ...]
     * with hours since 1970 in UTC (Finland's offsets are whole hours, so the page turns each
     * into the week and the time of day in Helsinki exactly). Rows come in the order they
     * arrived: an hour goes on the last one when it is the same, else a new one is added (an
     * hour may come twice; the page adds them up). */
    json_t *hours = json_object_get(e, "hours");
    if (r->created_at > 0 && r->score >= 1 && r->score <= 4) {
        json_int_t hour = (json_int_t)(r->created_at / 3600);
        size_t len = json_array_size(hours);
        if (len < 5 || json_integer_value(json_array_get(hours, len - 5)) != hour) {
            json_array_append_new(hours, json_integer(hour));
            for (int k = 0; k < 4; k++)
                json_array_append_new(hours, json_integer(0));
            len += 5;
        }
        size_t at = len - 4 + (size_t)(r->score - 1);
        json_integer_set(json_array_get(hours, at),
                         json_integer_value(json_array_get(hours, at)) + 1);
    }
    json_t *comments = json_object_get(e, "comments");
    /* Rows come oldest first: the newest COMMENTS_MAX stay, all are counted. */
    if (!r->comment || !*r->comment) return;
    json_int_t total = json_integer_value(json_object_get(e, "comments_total"));
    json_object_set_new(e, "comments_total", json_integer(total + 1));
    if (json_array_size(comments) >= COMMENTS_MAX) json_array_remove(comments, 0);
    json_array_append_new(comments, json_pack("{s:i,s:s,s:I}", "score", r->score, "text",
                                              r->comment, "at", (json_int_t)r->created_at));
}

typedef struct {
    const HubUser *user;
    json_t *event; /* out: the event's summary when in reach */
} Look;

static int on_event(void *ud, const HubConsoleEventRow *row)
{
    Look *l = ud;
    json_t *doc = json_loads(row->json, 0, NULL);
    if (doc && hub_console_event_reach(l->user, doc)) {
        json_t *loc = json_object_get(doc, "location");
        l->event = json_pack("{s:s,s:O?,s:O?,s:O?}", "id", row->id, "title",
                             json_object_get(doc, "name"), "venue", json_object_get(loc, "name"),
                             "start", json_object_get(doc, "start_time"));
    }
    json_decref(doc);
    return 0;
}

static int on_feedback(void *ud, const HubFeedbackRow *r)
{
    Walk *w = ud;
    bool coordinator = w->user->role == HUB_ROLE_COORDINATOR;
    if (!r->event_id || !*r->event_id) {
        if (coordinator) entry_add(w->library, r);
        return 0;
    }
    json_t *e = json_object_get(w->entries, r->event_id);
    if (!e) {
        Look l = {w->user, NULL};
        int rc = w->c->store->console->event_get(w->c->store, r->event_id, on_event, &l, w->err,
                                                 sizeof w->err);
        if (rc == AUKIO_ERR_NOT_FOUND && coordinator) {
            /* An event gone from the catalogue: its feedback still counts. */
            l.event = json_pack("{s:s}", "id", r->event_id);
        } else if (rc != AUKIO_OK && rc != AUKIO_ERR_NOT_FOUND) {
            w->rc = rc;
            return 1;
        }
        e = l.event ? entry_new(l.event) : json_null();
        json_object_set_new(w->entries, r->event_id, e);
    }
    if (json_is_object(e)) entry_add(e, r);
    return 0;
}

void hub_console_feedback(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                          int64_t now, HubConsoleResponse *out)
{
    (void)rq;
    (void)now;
    Walk w = {c, &who->user, json_object(), entry_new(NULL), AUKIO_OK, ""};
    int rc = c->store->feedback(c->store, on_feedback, &w, w.err, sizeof w.err);
    if (rc == AUKIO_OK) rc = w.rc;
    if (rc != AUKIO_OK) {
        json_decref(w.entries);
        json_decref(w.library);
        hub_console_internal(out, w.err);
        return;
    }
    json_t *events = json_array();
    const char *id;
    json_t *e;
    json_object_foreach(w.entries, id, e)
    {
        if (json_is_object(e)) json_array_append(events, e);
    }
    json_decref(w.entries);
    bool coordinator = who->user.role == HUB_ROLE_COORDINATOR;
    json_t *j =
        json_pack("{s:o,s:o}", "events", events, "library", coordinator ? w.library : json_null());
    if (!coordinator) json_decref(w.library);
    hub_console_json(out, 200, j);
}
