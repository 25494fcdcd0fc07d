/*
 * hub_console_pages.c: what the console's pages read and change (hub_console.h), as JSON built
 * with jansson: the overview, an event with its attendees, a sign-up cancelled, the kiosks (added
 * with a one-time token, revoked) and the audit log.
 *
 * A library user's reach is decided here: an event is its when the event's place (location.id,
 * or its name in any language, case aside, as the kiosk's `venue` matches) is one of the user's
 * venues; a kiosk is its when the console knows the kiosk at one of them. Anything else is
 * answered as if it did not exist (404), so a library cannot even learn another's event ids.
 */
#include "hub_console.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "event.h"
#include "hub_import.h"
#include "hub_report.h"
#include "hub_seats.h"
#include "util.h"

/* How far the overview looks: events that started up to 12 hours ago, and the next 60 days. */
#define OVERVIEW_BACK_S (12 * 3600)
#define OVERVIEW_AHEAD_S (60 * 86400)
#define OVERVIEW_EVENTS_MAX 2000
/* A kiosk not heard from for a day is a problem to show first. */
#define KIOSK_SILENT_S 86400
/* Mail that bounced is a problem for a week. */
#define MAIL_PROBLEM_S (7 * 86400)
#define AUDIT_ROWS 200
/* A kiosk's enrolment token is valid once, for a week (as `device add`). */
#define ENROL_TOKEN_S (7 * 86400)

enum {
    HTTP_OK = 200,
    HTTP_BAD_REQUEST = 400,
    HTTP_FORBIDDEN = 403,
    HTTP_NOT_FOUND = 404,
    HTTP_METHOD = 405,
    HTTP_CONFLICT = 409,
    HTTP_INTERNAL = 500,
};

/* ---- Events ------------------------------------------------------------------------------- */

/* The console's summary of an event row with its parsed document DOC. */
static json_t *event_summary(const HubConsoleEventRow *r, json_t *doc)
{
    json_t *loc = json_object_get(doc, "location");
    json_t *x = json_object_get(doc, "x_aukio");
    json_t *reg = json_object_get(x, "registration");
    json_t *j = json_object();
    json_object_set_new(j, "id", json_string(r->id));
    json_object_set(j, "title", json_object_get(doc, "name"));
    json_object_set(j, "venue", json_is_object(loc) ? json_object_get(loc, "name") : json_null());
    json_object_set(j, "start", json_object_get(doc, "start_time"));
    json_object_set(j, "end", json_object_get(doc, "end_time"));
    json_object_set(j, "status", json_object_get(doc, "event_status"));
    json_object_set_new(j, "cancelled", json_boolean(r->state == 1));
    json_object_set_new(j, "registration",
                        json_boolean(reg ? json_is_true(reg) : r->capacity >= 0));
    json_object_set_new(j, "capacity", json_integer(r->capacity));
    json_t *wl = json_object_get(doc, "waiting_list_capacity"); /* null: no limit */
    json_object_set_new(j, "waitlist_capacity", json_integer(wl ? json_integer_value(wl) : -1));
    if (wl && !json_is_integer(wl)) json_object_set_new(j, "waitlist_capacity", json_integer(-1));
    json_object_set_new(j, "reserved", json_integer(r->reserved));
    json_object_set_new(j, "confirmed", json_integer(r->confirmed));
    json_object_set_new(j, "waitlisted", json_integer(r->waitlisted));
    json_object_set_new(j, "waitlisted_count", json_integer(r->waitlisted_count));
    json_object_set_new(j, "held", json_integer(r->held));
    json_object_set_new(j, "made_by", json_string(r->made_by ? r->made_by : ""));
    return j;
}

typedef struct {
    const HubUser *user;
    json_t *list;     /* the summaries in reach */
    json_t *question; /* event_get: the event's questions */
} EventWalk;

static int on_event(void *ud, const HubConsoleEventRow *r)
{
    EventWalk *w = ud;
    json_t *doc = json_loads(r->json, 0, NULL);
    if (!doc) return 0; /* a row this hub cannot read is not shown */
    if (hub_console_event_reach(w->user, doc)) {
        json_array_append_new(w->list, event_summary(r, doc));
        if (!w->question)
            w->question =
                json_incref(json_object_get(json_object_get(doc, "x_aukio"), "questions"));
    }
    json_decref(doc);
    return 0;
}

/* ---- Kiosks ------------------------------------------------------------------------------- */

typedef struct {
    const HubUser *user;
    int64_t now;
    json_t *list, *problems;
} KioskWalk;

static int on_kiosk(void *ud, const HubConsoleDeviceRow *r)
{
    KioskWalk *w = ud;
    if (!hub_console_kiosk_reach(w->user, r->venue)) return 0;
    const char *state = r->revoked_at      ? "revoked"
                        : r->enrol_pending ? "awaiting_enrolment"
                        : r->enrolled_at   ? "enrolled"
                                           : "not_enrolled";
    bool silent = !r->revoked_at && r->enrolled_at && w->now - r->last_seen >= KIOSK_SILENT_S;
    json_t *k = json_pack("{s:s,s:s,s:s,s:I,s:I,s:b,s:i,s:i}", "name", r->name, "venue", r->venue,
                          "state", state, "last_seen", (json_int_t)r->last_seen, "created_at",
                          (json_int_t)r->created_at, "silent", silent, "grants", r->grants, "held",
                          r->held);
    json_object_set_new(k, "waiting", json_integer(r->waiting));
    json_object_set_new(k, "version", json_string(r->version));
    json_object_set_new(k, "reported_at", json_integer(r->reported_at));
    json_array_append_new(w->list, k);
    if (silent && w->problems)
        json_array_append_new(w->problems,
                              json_pack("{s:s,s:s,s:I}", "kind", "kiosk_silent", "kiosk", r->name,
                                        "since", (json_int_t)r->last_seen));
    return 0;
}

static int on_source(void *ud, const HubSourceRow *r)
{
    json_t *problems = ud;
    if (r->tried_at > 0 && !r->ok)
        json_array_append_new(problems, json_pack("{s:s,s:s,s:i,s:I}", "kind", "source_failed",
                                                  "source", r->name, "failures", r->failures,
                                                  "since", (json_int_t)r->tried_at));
    return 0;
}

static int on_mail_problem(void *ud, const HubMailProblemRow *r)
{
    json_array_append_new(ud, json_pack("{s:s,s:s,s:i,s:i,s:I}", "kind", "mail_failed", "event",
                                        r->event_id, "failed", r->failed, "unsure", r->unsure,
                                        "since", (json_int_t)r->last_at));
    return 0;
}

/* The hub-wide problems a coordinator sees: failed sources, mail to visitors that bounced or
 * may not have gone in the last MAIL_PROBLEM_S, per event. */
static int hub_problems(HubStore *st, int64_t now, json_t *problems, char *err, size_t n)
{
    if (st->source_list(st, NULL, on_source, problems, err, n) != AUKIO_OK) return AUKIO_ERR;
    return st->console->mail_problems(st, now - MAIL_PROBLEM_S, on_mail_problem, problems, err, n);
}

static void overview(HubConsole *c, const HubConsoleWho *who, int64_t now, HubConsoleResponse *out)
{
    HubStore *st = c->store;
    char err[256];
    EventWalk ew = {&who->user, json_array(), NULL};
    KioskWalk kw = {&who->user, now, json_array(), json_array()};
    int rc = st->console->events(st, now - OVERVIEW_BACK_S, now + OVERVIEW_AHEAD_S,
                                 OVERVIEW_EVENTS_MAX, on_event, &ew, err, sizeof err);
    if (rc == AUKIO_OK) rc = st->console->devices(st, on_kiosk, &kw, err, sizeof err);
    if (rc == AUKIO_OK && who->user.role == HUB_ROLE_COORDINATOR)
        rc = hub_problems(st, now, kw.problems, err, sizeof err);
    json_decref(ew.question);
    if (rc != AUKIO_OK) {
        json_decref(ew.list);
        json_decref(kw.list);
        json_decref(kw.problems);
        hub_console_internal(out, err);
        return;
    }
    hub_console_json(out, HTTP_OK,
                     json_pack("{s:I,s:o,s:o,s:o}", "now", (json_int_t)now, "problems", kw.problems,
                               "events", ew.list, "kiosks", kw.list));
}

/* ---- An event ----------------------------------------------------------------------------- */

/* A page of an event's attendees: rows OFFSET to OFFSET + LIMIT - 1 (LIMIT 0: all) into LIST,
 * and every row counted. */
typedef struct {
    json_t *list;
    long offset, limit, seen;
} AttendeePage;

static int on_attendee(void *ud, const HubSignupRow *r)
{
    AttendeePage *pg = ud;
    long at = pg->seen++;
    if (at < pg->offset || (pg->limit > 0 && at >= pg->offset + pg->limit)) return 0;
    json_t *list = pg->list;
    json_t *answers = r->answers && *r->answers ? json_loads(r->answers, 0, NULL) : NULL;
    json_t *a =
        json_pack("{s:s,s:s,s:s,s:i,s:s,s:i,s:b,s:s,s:s,s:b,s:b,s:I,s:o}", "uuid", r->uuid, "code",
                  r->code, "name", r->name, "group", r->group_size, "status", r->status, "position",
                  r->position, "attended", r->attended, "kiosk", r->device, "cancelled_at",
                  r->cancelled_at ? r->cancelled_at : "", "released_grant", r->released_grant,
                  "over_capacity", r->over_capacity, "created_at", (json_int_t)r->created_at,
                  "answers", json_is_object(answers) ? answers : json_object());
    if (!json_is_object(answers)) json_decref(answers);
    json_array_append_new(list, a);
    return 0;
}

/* The event ID if it is within WHO's reach: its summary into *SUMMARY (and its questions into
 * *QUESTIONS when not NULL). AUKIO_ERR_NOT_FOUND when it does not exist or is not WHO's. */
static int event_in_reach(HubConsole *c, const HubConsoleWho *who, const char *id, json_t **summary,
                          json_t **questions, char *err, size_t n)
{
    EventWalk ew = {&who->user, json_array(), NULL};
    int rc = c->store->console->event_get(c->store, id, on_event, &ew, err, n);
    if (rc == AUKIO_OK && json_array_size(ew.list) == 0) rc = AUKIO_ERR_NOT_FOUND;
    if (rc == AUKIO_OK) *summary = json_incref(json_array_get(ew.list, 0));
    if (rc == AUKIO_OK && questions)
        *questions = ew.question ? json_incref(ew.question) : json_array();
    json_decref(ew.question);
    json_decref(ew.list);
    return rc;
}

static void event_page(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                       HubConsoleResponse *out)
{
    const char *id = rq->query_id;
    AttendeePage pg = {NULL, 0, 0, 0};
    if (!hub_console_query_page(rq, &pg.offset, &pg.limit, out)) return;
    char err[256];
    json_t *summary = NULL, *questions = NULL;
    int rc = id && *id ? event_in_reach(c, who, id, &summary, &questions, err, sizeof err)
                       : AUKIO_ERR_NOT_FOUND;
    if (rc == AUKIO_ERR_NOT_FOUND) {
        hub_console_error(out, HTTP_NOT_FOUND, "no_event", "no such event");
        return;
    }
    pg.list = json_array();
    if (rc == AUKIO_OK) rc = c->store->signups(c->store, id, on_attendee, &pg, err, sizeof err);
    if (rc != AUKIO_OK) {
        json_decref(summary);
        json_decref(questions);
        json_decref(pg.list);
        hub_console_internal(out, err);
        return;
    }
    json_object_set_new(summary, "questions", questions);
    hub_console_json(out, HTTP_OK,
                     json_pack("{s:o,s:o,s:{s:I,s:I,s:I}}", "event", summary, "attendees", pg.list,
                               "page", "offset", (json_int_t)pg.offset, "limit",
                               (json_int_t)pg.limit, "total", (json_int_t)pg.seen));
}

/* ---- An event's export -------------------------------------------------------------------- */

static int on_export_row(void *ud, const HubSignupRow *r)
{
    hub_signup_csv_row(ud, r);
    return 0;
}

/* EVENT_ID's sign-ups as CSV (RFC 4180, or for Finnish Excel) into *TEXT (caller frees). */
static int export_text(HubStore *st, const char *event_id, bool excel, char **text, size_t *len,
                       char *err, size_t n)
{
    *text = NULL;
    *len = 0;
    FILE *f = open_memstream(text, len);
    if (!f) return err_set(err, n, "out of memory");
    CsvWriter w;
    csv_begin(&w, f, excel ? CSV_EXCEL : CSV_RFC4180);
    csv_row(&w, HUB_SIGNUP_CSV_HEAD, HUB_SIGNUP_CSV_COLS);
    int rc = st->signups(st, event_id, on_export_row, &w, err, n);
    if (rc == AUKIO_OK) rc = csv_finish(&w, err, n);
    if (fclose(f) != 0 && rc == AUKIO_OK) rc = err_set(err, n, "out of memory");
    if (rc != AUKIO_OK) {
        free(*text);
        *text = NULL;
    }
    return rc;
}

/* A file name from ID: its letters and digits, anything else as '_'. */
static void file_name_of(const char *id, bool excel, char *out, size_t n)
{
    char safe[64];
    size_t k = 0;
    for (const char *p = id; *p && k + 1 < sizeof safe; p++) {
        char ch = *p;
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9') || ch == '-';
        safe[k++] = ok ? ch : '_';
    }
    safe[k] = '\0';
    snprintf(out, n, "attachment; filename=\"aukio-signups-%s%s.csv\"", safe,
             excel ? "-excel" : "");
}

/* GET export?id=ID&format=csv|excel: the event's sign-ups as a file to download. Personal data
 * leaves the hub, so who took it is written down. */
static void export_file(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                        int64_t now, HubConsoleResponse *out)
{
    const char *id = rq->query_id ? rq->query_id : "";
    const char *format = rq->query_format ? rq->query_format : "csv";
    bool excel = strcmp(format, "excel") == 0;
    if (strcmp(format, "xlsx") == 0) {
        hub_console_export_xlsx(c, who, rq, now, out);
        return;
    }
    if (!excel && strcmp(format, "csv") != 0) {
        hub_console_error(out, HTTP_BAD_REQUEST, "bad_format",
                          "format=csv, format=excel or format=xlsx");
        return;
    }
    char err[256];
    json_t *summary = NULL;
    int rc =
        *id ? event_in_reach(c, who, id, &summary, NULL, err, sizeof err) : AUKIO_ERR_NOT_FOUND;
    json_decref(summary);
    if (rc == AUKIO_ERR_NOT_FOUND) {
        hub_console_error(out, HTTP_NOT_FOUND, "no_event", "no such event");
        return;
    }
    char *text = NULL;
    size_t len = 0;
    HubActor by = {who->user.name, now};
    if (rc == AUKIO_OK) rc = export_text(c->store, id, excel, &text, &len, err, sizeof err);
    if (rc == AUKIO_OK)
        rc = c->store->console->audit_add(c->store, &by, "signups.export", id, format, err,
                                          sizeof err);
    if (rc != AUKIO_OK) {
        free(text);
        hub_console_internal(out, err);
        return;
    }
    out->status = HTTP_OK;
    out->body = text;
    out->len = len;
    out->borrowed = false;
    out->content_type = "text/csv; charset=utf-8";
    file_name_of(id, excel, out->disposition, sizeof out->disposition);
}

static void signup_cancel(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                          int64_t now, HubConsoleResponse *out)
{
    json_t *body = hub_console_body(rq, out);
    if (!body) return;
    const char *event_id = hub_console_member(body, "event"),
               *uuid = hub_console_member(body, "signup");
    char err[256];
    json_t *summary = NULL;
    int rc = event_in_reach(c, who, event_id, &summary, NULL, err, sizeof err);
    int was = 0;
    HubActor by = {who->user.name, now};
    if (rc == AUKIO_OK)
        rc = c->store->console->signup_cancel(c->store, event_id, uuid, &by, &was, err, sizeof err);
    json_decref(summary);
    json_decref(body);
    if (rc == AUKIO_ERR_NOT_FOUND)
        hub_console_error(out, HTTP_NOT_FOUND, "no_signup", "no such sign-up");
    else if (rc != AUKIO_OK)
        hub_console_internal(out, err);
    else
        hub_console_json(out, HTTP_OK,
                         json_pack("{s:s}", "was", wire_signup_state_name((WireSignupState)was)));
}

/* ---- An event edited ---------------------------------------------------------------------- */

/* A seat count of BODY's KEY into *V when BODY has it: -1 (no limit) to 100,000. False (and the
 * 400 in *OUT) when it is there and not that. */
static bool seats_member(json_t *body, const char *key, int *v, bool *given,
                         HubConsoleResponse *out)
{
    json_t *j = json_object_get(body, key);
    *given = j != NULL;
    if (!j) return true;
    if (!json_is_integer(j) || json_integer_value(j) < -1 || json_integer_value(j) > 100000) {
        char msg[96];
        snprintf(msg, sizeof msg, "%s: an integer from -1 (no limit) to 100000", key);
        hub_console_error(out, HTTP_BAD_REQUEST, "bad_request", msg);
        return false;
    }
    *v = (int)json_integer_value(j);
    return true;
}

/* A time of BODY's KEY (ISO 8601 with an offset or Z) into *T when BODY has it. */
static bool time_member(json_t *body, const char *key, int64_t *t, HubConsoleResponse *out)
{
    json_t *j = json_object_get(body, key);
    if (!j) return true;
    if (!json_is_string(j) ||
        event_parse_time_in(json_string_value(j), "Europe/Helsinki", t) != 0) {
        char msg[96];
        snprintf(msg, sizeof msg, "%s: an ISO 8601 time such as 2026-12-01T18:30:00+02:00", key);
        hub_console_error(out, HTTP_BAD_REQUEST, "bad_request", msg);
        return false;
    }
    return true;
}

/* Applies BODY's changes to EV, saying what changed in DETAIL; false with the 400 in *OUT. */
static bool event_changes(json_t *body, Event *ev, char *detail, size_t n, HubConsoleResponse *out)
{
    int cap = ev->capacity, wl = ev->waitlist_capacity;
    bool cap_given, wl_given;
    int64_t start = ev->start_time, end = ev->end_time;
    if (!seats_member(body, "capacity", &cap, &cap_given, out) ||
        !seats_member(body, "waitlist_capacity", &wl, &wl_given, out) ||
        !time_member(body, "start", &start, out) || !time_member(body, "end", &end, out))
        return false;
    if (end && start && end < start) {
        hub_console_error(out, HTTP_BAD_REQUEST, "bad_request", "the end is before the start");
        return false;
    }
    size_t k = 0;
    detail[0] = '\0';
    if (cap != ev->capacity)
        k += (size_t)snprintf(detail + k, n - k, "capacity %d -> %d; ", ev->capacity, cap);
    if (wl != ev->waitlist_capacity && k < n)
        k += (size_t)snprintf(detail + k, n - k, "waiting list %d -> %d; ", ev->waitlist_capacity,
                              wl);
    char a[32], b[32];
    event_format_time(ev->start_time, a, sizeof a);
    event_format_time(start, b, sizeof b);
    if (start != ev->start_time && k < n)
        k += (size_t)snprintf(detail + k, n - k, "start %s -> %s; ", a, b);
    if (end != ev->end_time && k < n) k += (size_t)snprintf(detail + k, n - k, "end changed; ");
    if (k >= 2 && k < n) detail[k - 2] = '\0'; /* the last "; " */
    ev->capacity = cap;
    ev->waitlist_capacity = wl;
    if (cap >= 0) ev->registration = true;
    ev->start_time = start;
    ev->end_time = end;
    return true;
}

/* POST event/update {event, capacity, waitlist_capacity, start, end} (each but event optional):
 * the event replaced as an import of it would be (the capacity check, kiosks pull it again,
 * visitors mailed of a new time, people waiting promoted into new seats). */
static void event_update(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                         int64_t now, HubConsoleResponse *out)
{
    json_t *body = hub_console_body(rq, out);
    if (!body) return;
    const char *id = hub_console_member(body, "event");
    char err[256], detail[256];
    json_t *summary = NULL;
    char *text = NULL, *dump = NULL;
    Event ev;
    memset(&ev, 0, sizeof ev);
    int rc =
        *id ? event_in_reach(c, who, id, &summary, NULL, err, sizeof err) : AUKIO_ERR_NOT_FOUND;
    json_decref(summary);
    if (rc == AUKIO_OK) rc = c->store->event_json(c->store, id, &text, err, sizeof err);
    json_t *doc = rc == AUKIO_OK ? json_loads(text, 0, NULL) : NULL;
    if (rc == AUKIO_OK && (!doc || event_from_json(&ev, doc, err, sizeof err) != 0))
        rc = err_set(err, sizeof err, "%s: the stored event does not read back", id);
    if (rc == AUKIO_ERR_NOT_FOUND) {
        hub_console_error(out, HTTP_NOT_FOUND, "no_event", "no such event");
    } else if (rc != AUKIO_OK) {
        hub_console_internal(out, err);
    } else if (event_changes(body, &ev, detail, sizeof detail, out)) {
        dump = hub_import_event_dump(&ev);
        HubEventIn in = hub_event_in(&ev, dump ? dump : "");
        HubActor by = {who->user.name, now};
        rc = dump ? c->store->console->event_update(c->store, &in, &by, detail, err, sizeof err)
                  : err_set(err, sizeof err, "out of memory");
        if (rc == AUKIO_ERR_INVALID)
            hub_console_error(out, HTTP_CONFLICT, "seats", err);
        else if (rc != AUKIO_OK)
            hub_console_internal(out, err);
        else
            hub_console_json(out, HTTP_OK,
                             json_pack("{s:s,s:s}", "updated", id, "changes", detail));
    }
    free(dump);
    event_deinit(&ev);
    json_decref(doc);
    free(text);
    json_decref(body);
}

/* ---- Kiosks ------------------------------------------------------------------------------- */

static void kiosks(HubConsole *c, const HubConsoleWho *who, int64_t now, HubConsoleResponse *out)
{
    char err[256];
    KioskWalk kw = {&who->user, now, json_array(), NULL};
    if (c->store->console->devices(c->store, on_kiosk, &kw, err, sizeof err) != AUKIO_OK) {
        json_decref(kw.list);
        hub_console_internal(out, err);
        return;
    }
    hub_console_json(out, HTTP_OK,
                     json_pack("{s:I,s:o}", "now", (json_int_t)now, "kiosks", kw.list));
}

static void kiosk_add(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                      int64_t now, HubConsoleResponse *out)
{
    json_t *body = hub_console_body(rq, out);
    if (!body) return;
    const char *name = hub_console_member(body, "name"), *venue = hub_console_member(body, "venue");
    /* A library's kiosk stands at one of its venues (its first when it names none). */
    if (who->user.role == HUB_ROLE_LIBRARY && !*venue) venue = who->user.venues[0];
    char err[256];
    if (!hub_user_venue_ok(name) || strlen(name) > 100) {
        hub_console_error(out, HTTP_BAD_REQUEST, "bad_name",
                          "a kiosk's name has 1 to 100 bytes of text");
    } else if (*venue && !hub_user_venue_ok(venue)) {
        hub_console_error(out, HTTP_BAD_REQUEST, "bad_venue", "a venue is one line of text");
    } else if (!hub_console_kiosk_reach(&who->user, venue)) {
        hub_console_error(out, HTTP_FORBIDDEN, "not_your_venue",
                          "a library adds kiosks at its own venues only");
    } else {
        char token[HUB_TOKEN_BUF];
        uint8_t hash[HUB_HASH_LEN];
        hub_token_new("aue_", token);
        hub_token_hash(token, hash);
        HubActor by = {who->user.name, now};
        int rc = c->store->console->device_add(c->store, name, venue, hash, now + ENROL_TOKEN_S,
                                               &by, err, sizeof err);
        if (rc == AUKIO_ERR_EXISTS)
            hub_console_error(out, HTTP_CONFLICT, "exists", "a kiosk of that name exists");
        else if (rc != AUKIO_OK)
            hub_console_internal(out, err);
        else { /* Shown once: the hub keeps only its hash. */
            json_t *a = json_pack("{s:s,s:s,s:s,s:I}", "name", name, "venue", venue, "token", token,
                                  "expires_at", (json_int_t)(now + ENROL_TOKEN_S));
            if (a &&
                !hub_console_kiosk_enrol(a, json_string_value(json_object_get(body, "hub")), token))
                json_object_clear(a);
            hub_console_json(out, HTTP_OK, a);
        }
    }
    json_decref(body);
}

static void kiosk_revoke(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                         int64_t now, HubConsoleResponse *out)
{
    json_t *body = hub_console_body(rq, out);
    if (!body) return;
    const char *name = hub_console_member(body, "name");
    char err[256], venue[HUB_USER_VENUE_MAX + 1];
    int rc = c->store->console->device_venue(c->store, name, venue, err, sizeof err);
    if (rc == AUKIO_OK && !hub_console_kiosk_reach(&who->user, venue)) rc = AUKIO_ERR_NOT_FOUND;
    HubActor by = {who->user.name, now};
    if (rc == AUKIO_OK) rc = c->store->console->device_revoke(c->store, name, &by, err, sizeof err);
    if (rc == AUKIO_ERR_NOT_FOUND)
        hub_console_error(out, HTTP_NOT_FOUND, "no_kiosk", "no such kiosk (or it is revoked)");
    else if (rc != AUKIO_OK)
        hub_console_internal(out, err);
    else
        hub_console_json(out, HTTP_OK, json_pack("{s:s}", "revoked", name));
    json_decref(body); /* NAME is the body's */
}

static void kiosk_release(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                          int64_t now, HubConsoleResponse *out)
{
    json_t *body = hub_console_body(rq, out);
    if (!body) return;
    const char *name = hub_console_member(body, "name");
    char err[256], venue[HUB_USER_VENUE_MAX + 1];
    int rc = c->store->console->device_venue(c->store, name, venue, err, sizeof err);
    if (rc == AUKIO_OK && !hub_console_kiosk_reach(&who->user, venue)) rc = AUKIO_ERR_NOT_FOUND;
    HubActor by = {who->user.name, now};
    int grants = 0, seats = 0;
    if (rc == AUKIO_OK)
        rc = c->store->console->device_release(c->store, name, &by, &grants, &seats, err,
                                               sizeof err);
    if (rc == AUKIO_ERR_NOT_FOUND)
        hub_console_error(out, HTTP_NOT_FOUND, "no_kiosk", "no such kiosk");
    else if (rc != AUKIO_OK)
        hub_console_internal(out, err);
    else
        hub_console_json(
            out, HTTP_OK,
            json_pack("{s:s,s:i,s:i}", "released", name, "grants", grants, "seats", seats));
    json_decref(body); /* NAME is the body's */
}

/* ---- Audit -------------------------------------------------------------------------------- */

static int on_audit(void *ud, const HubAuditRow *r)
{
    json_array_append_new(ud, json_pack("{s:I,s:s,s:s,s:s,s:s}", "at", (json_int_t)r->at, "user",
                                        r->user, "action", r->action, "target", r->target, "detail",
                                        r->detail));
    return 0;
}

static void audit(HubConsole *c, const HubConsoleWho *who, HubConsoleResponse *out)
{
    if (who->user.role != HUB_ROLE_COORDINATOR) {
        hub_console_error(out, HTTP_FORBIDDEN, "coordinators_only",
                          "the audit log is the coordinators'");
        return;
    }
    char err[256];
    json_t *list = json_array();
    if (c->store->console->audit_list(c->store, AUDIT_ROWS, on_audit, list, err, sizeof err) !=
        AUKIO_OK) {
        json_decref(list);
        hub_console_internal(out, err);
        return;
    }
    hub_console_json(out, HTTP_OK, json_pack("{s:o}", "audit", list));
}

/* ---- Dispatch ----------------------------------------------------------------------------- */

typedef void (*Call)(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                     int64_t now, HubConsoleResponse *out);

static void call_overview(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                          int64_t now, HubConsoleResponse *out)
{
    (void)rq;
    overview(c, who, now, out);
}

static void call_event(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                       int64_t now, HubConsoleResponse *out)
{
    (void)now;
    event_page(c, who, rq, out);
}

static void call_kiosks(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                        int64_t now, HubConsoleResponse *out)
{
    (void)rq;
    kiosks(c, who, now, out);
}

static void call_audit(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                       int64_t now, HubConsoleResponse *out)
{
    (void)rq;
    (void)now;
    audit(c, who, out);
}

/* The calls of the pages, by route; hub_console_route_known reads it for the access log. */
static const struct {
    const char *route;
    bool post;
    Call call;
} CALLS[] = {
    {"overview", false, call_overview},
    {"event", false, call_event},
    {"kiosks", false, call_kiosks},
    {"audit", false, call_audit},
    {"export", false, export_file},
    {"signup/cancel", true, signup_cancel},
    {"kiosks/add", true, kiosk_add},
    {"kiosks/revoke", true, kiosk_revoke},
    {"kiosks/release", true, kiosk_release},
    {"feedback", false, hub_console_feedback},
    {"sources", false, hub_console_sources},
    {"users", false, hub_console_users},
    {"event/update", true, event_update},
    {"users/unlock", true, hub_console_user_unlock},
    {"signup/move", true, hub_console_signup_move},
    {"report", false, hub_console_report},
    {"sources/add", true, hub_console_source_add},
    {"sources/fetch", true, hub_console_source_fetch},
    {"sources/remove", true, hub_console_source_remove},
    {"users/add", true, hub_console_user_add},
    {"users/passwd", true, hub_console_user_passwd},
    {"users/remove", true, hub_console_user_remove},
};

bool hub_console_route_known(const char *route)
{
    for (size_t i = 0; i < sizeof CALLS / sizeof CALLS[0]; i++)
        if (strcmp(route, CALLS[i].route) == 0) return true;
    return false;
}

void hub_console_pages(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                       const char *route, HubConsoleResponse *out)
{
    int64_t now = rq->now ? rq->now : now_s();
    bool post = strcmp(rq->method, "POST") == 0;
    for (size_t i = 0; i < sizeof CALLS / sizeof CALLS[0]; i++) {
        if (strcmp(route, CALLS[i].route) != 0) continue;
        if (CALLS[i].post != post)
            hub_console_error(out, HTTP_METHOD, "method", post ? "use GET" : "use POST");
        else
            CALLS[i].call(c, who, rq, now, out);
        return;
    }
    hub_console_error(out, HTTP_NOT_FOUND, "not_found", "no such call");
}
