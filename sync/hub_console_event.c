/*
 * hub_console_event.c: what the event's page does besides hub_console_pages.c (hub_console.h): a
 * page of a long attendee list, a person moved from the waiting list by hand, and the attendees
 * as an XLSX workbook.
 *
 * A move goes through the seat ledger (hub_seats_move) like every seat change: the visitor is
 * mailed as a promotion (when mail is on and the sign-up has an address) and the kiosks see the
 * new status at their next pull. The party must fit in the free seats; when it does not, the
 * coordinator may raise the capacity by exactly the seats it lacks in the same transaction (the
 * event replaced as its edit would be, so kiosks pull it again), and nobody else moves up.
 */
#include "hub_console.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "event.h"
#include "hub_import.h"
#include "hub_report.h"
#include "hub_seats.h"
#include "hub_xlsx.h"
#include "util.h"

/* The longest page of attendees the API gives at once. */
#define PAGE_MAX 1000

enum {
    HTTP_OK = 200,
    HTTP_BAD_REQUEST = 400,
    HTTP_NOT_FOUND = 404,
    HTTP_CONFLICT = 409,
    HTTP_INTERNAL = 500,
};

typedef struct {
    const HubUser *user;
    bool reached;
} Reach;

static int on_reach(void *ud, const HubConsoleEventRow *r)
{
    Reach *w = ud;
    json_t *doc = json_loads(r->json, 0, NULL);
    w->reached = doc && hub_console_event_reach(w->user, doc);
    json_decref(doc);
    return 0;
}

/* AUKIO_OK when event ID exists and is WHO's, else AUKIO_ERR_NOT_FOUND (as the event's page). */
static int in_reach(HubConsole *c, const HubConsoleWho *who, const char *id, char *err, size_t n)
{
    Reach w = {&who->user, false};
    int rc = c->store->console->event_get(c->store, id, on_reach, &w, err, n);
    return rc == AUKIO_OK && !w.reached ? AUKIO_ERR_NOT_FOUND : rc;
}

bool hub_console_query_page(const HubConsoleRequest *rq, long *offset, long *limit,
                            HubConsoleResponse *out)
{
    *offset = 0;
    *limit = 0;
    if ((rq->query_offset && parse_long(rq->query_offset, 0, 10000000, offset) != 0) ||
        (rq->query_limit && parse_long(rq->query_limit, 0, PAGE_MAX, limit) != 0)) {
        hub_console_error(out, HTTP_BAD_REQUEST, "bad_page",
                          "offset= is a whole number from 0, limit= from 0 (all) to 1000");
        return false;
    }
    return true;
}

/* ---- A move from the waiting list -------------------------------------------------------- */

/* EVENT_ID's stored event with its capacity raised by NEED into *EV and *DUMP (the caller frees
 * both), its capacity before into *OLD. */
static int raised_event(HubStore *st, const char *event_id, int need, Event *ev, char **dump,
                        int *old, char *err, size_t n)
{
    char *text = NULL;
    int rc = st->event_json(st, event_id, &text, err, n);
    json_t *doc = rc == AUKIO_OK ? json_loads(text, 0, NULL) : NULL;
    free(text);
    if (rc == AUKIO_OK && (!doc || event_from_json(ev, doc, err, n) != 0))
        rc = err_set(err, n, "%s: the stored event does not read back", event_id);
    json_decref(doc);
    if (rc != AUKIO_OK) return rc;
    *old = ev->capacity;
    ev->capacity += need;
    *dump = hub_import_event_dump(ev);
    return *dump ? AUKIO_OK : err_set(err, n, "out of memory");
}

static int move(HubConsole *c, const HubConsoleWho *who, const char *event_id, const char *uuid,
                bool raise, int64_t now, int *need, bool *raised, char *err, size_t n)
{
    HubActor by = {who->user.name, now};
    const HubConsoleStore *cs = c->store->console;
    *raised = false;
    int rc = cs->signup_move(c->store, event_id, uuid, NULL, 0, &by, need, err, n);
    if (rc != AUKIO_ERR_INVALID || *need == 0 || !raise) return rc;
    Event ev;
    memset(&ev, 0, sizeof ev);
    char *dump = NULL;
    int old = 0;
    rc = raised_event(c->store, event_id, *need, &ev, &dump, &old, err, n);
    if (rc == AUKIO_OK) {
        HubEventIn in = hub_event_in(&ev, dump);
        rc = cs->signup_move(c->store, event_id, uuid, &in, old, &by, need, err, n);
        *raised = rc == AUKIO_OK;
    }
    free(dump);
    event_deinit(&ev);
    return rc;
}

void hub_console_signup_move(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                             int64_t now, HubConsoleResponse *out)
{
    json_t *body = json_loadb(rq->body ? rq->body : "", rq->body_len, 0, NULL);
    const char *event_id = json_string_value(json_object_get(body, "event"));
    const char *uuid = json_string_value(json_object_get(body, "signup"));
    json_t *raise = json_object_get(body, "raise");
    if (!json_is_object(body) || !event_id || !uuid || (raise && !json_is_boolean(raise))) {
        json_decref(body);
        hub_console_error(out, HTTP_BAD_REQUEST, "bad_request",
                          "a JSON object with \"event\", \"signup\" and optionally \"raise\" "
                          "(true or false) is expected");
        return;
    }
    char err[256];
    int rc = in_reach(c, who, event_id, err, sizeof err);
    int need = 0;
    bool raised = false;
    if (rc == AUKIO_OK)
        rc =
            move(c, who, event_id, uuid, json_is_true(raise), now, &need, &raised, err, sizeof err);
    if (rc == AUKIO_ERR_NOT_FOUND) {
        hub_console_error(out, HTTP_NOT_FOUND, "no_signup", "no such sign-up");
    } else if (rc == AUKIO_ERR_INVALID && need > 0) {
        json_t *j = json_pack("{s:s,s:s,s:i}", "error", "no_room", "message", err, "need", need);
        hub_console_json(out, HTTP_CONFLICT, j);
    } else if (rc == AUKIO_ERR_INVALID) {
        hub_console_error(out, HTTP_CONFLICT, "not_waiting", err);
    } else if (rc == AUKIO_ERR_EXISTS) {
        hub_console_error(out, HTTP_CONFLICT, "changed", err);
    } else if (rc != AUKIO_OK) {
        hub_console_internal(out, err);
    } else {
        hub_console_json(out, HTTP_OK, json_pack("{s:s,s:b}", "moved", uuid, "raised", raised));
    }
    json_decref(body);
}

/* ---- The attendees as XLSX --------------------------------------------------------------- */

typedef struct {
    HubXlsx *x;
    int row;
} SheetRows;

static int on_xlsx_row(void *ud, const HubSignupRow *r)
{
    SheetRows *s = ud;
    char status[128];
    hub_signup_status_text(r, status, sizeof status);
    int row = ++s->row, k = 0;
    HubXlsx *x = s->x;
    hub_xlsx_text(x, row, k++, r->event_id);
    hub_xlsx_text(x, row, k++, r->uuid);
    hub_xlsx_text(x, row, k++, r->code);
    hub_xlsx_text(x, row, k++, status);
    hub_xlsx_int(x, row, k++, r->group_size);
    hub_xlsx_text(x, row, k++, r->name);
    hub_xlsx_text(x, row, k++, r->email);
    hub_xlsx_text(x, row, k++, r->phone); /* text: its leading 0 stays */
    hub_xlsx_text(x, row, k++, r->answers);
    hub_xlsx_text(x, row, k++, r->lang);
    hub_xlsx_text(x, row, k++, r->device);
    hub_xlsx_time(x, row, k++, r->created_at);
    hub_xlsx_time(x, row, k++, r->received_at);
    hub_xlsx_text(x, row, k++, r->over_capacity ? "over" : r->released_grant ? "1" : "0");
    hub_xlsx_text(x, row, k, r->attended ? "yes" : "no");
    return 0;
}

/* EVENT_ID's sign-ups as a workbook with HUB_SIGNUP_CSV_HEAD's columns into *DATA. */
static int xlsx_of(HubStore *st, const char *event_id, char **data, size_t *len, char *err,
                   size_t n)
{
    static const double WIDTHS[HUB_SIGNUP_CSV_COLS] = {18, 38, 10, 26, 11, 28, 30, 16,
                                                       30, 6,  16, 17, 17, 15, 9};
    HubXlsx *x = hub_xlsx_new("Attendees", err, n);
    if (!x) return AUKIO_ERR;
    hub_xlsx_head(x, HUB_SIGNUP_CSV_HEAD, WIDTHS, HUB_SIGNUP_CSV_COLS);
    SheetRows s = {x, 0};
    int rc = st->signups(st, event_id, on_xlsx_row, &s, err, n);
    char *text = NULL;
    size_t tlen = 0;
    int frc = hub_xlsx_finish(x, &text, &tlen, err, n);
    if (rc == AUKIO_OK) rc = frc;
    if (rc != AUKIO_OK) {
        free(text);
        return rc;
    }
    *data = text;
    *len = tlen;
    return AUKIO_OK;
}

/* A file name of ID: its letters, digits and '-', anything else as '_'. */
static void xlsx_name(const char *id, char *out, size_t n)
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
    snprintf(out, n, "attachment; filename=\"aukio-signups-%s.xlsx\"", safe);
}

void hub_console_export_xlsx(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                             int64_t now, HubConsoleResponse *out)
{
    const char *id = rq->query_id ? rq->query_id : "";
    char err[256];
    int rc = *id ? in_reach(c, who, id, err, sizeof err) : AUKIO_ERR_NOT_FOUND;
    if (rc == AUKIO_ERR_NOT_FOUND) {
        hub_console_error(out, HTTP_NOT_FOUND, "no_event", "no such event");
        return;
    }
    char *data = NULL;
    size_t len = 0;
    HubActor by = {who->user.name, now};
    if (rc == AUKIO_OK) rc = xlsx_of(c->store, id, &data, &len, err, sizeof err);
    /* Personal data leaves the hub: who took it is written down. */
    if (rc == AUKIO_OK)
        rc = c->store->console->audit_add(c->store, &by, "signups.export", id, "xlsx", err,
                                          sizeof err);
    if (rc != AUKIO_OK) {
        free(data);
        hub_console_internal(out, err);
        return;
    }
    out->status = HTTP_OK;
    out->body = data;
    out->len = len;
    out->borrowed = false;
    out->content_type = HUB_XLSX_TYPE;
    xlsx_name(id, out->disposition, sizeof out->disposition);
}
