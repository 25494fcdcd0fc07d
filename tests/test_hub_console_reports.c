/*
 * test_hub_console_reports.c: the event page's additions and the annual reports through the
 * console's API in-process (hub_console_event.c, hub_console_reports.c): a person moved from the
 * waiting list out of turn (fitting, not fitting, with the capacity raised; mailed; the ledger's
 * invariant kept), a page of a long attendee list, the attendees as XLSX (read back: a formula
 * neutralised, dates as dates, frozen head), and a report's totals equal to the sum of the events'
 * attendee lists under every grouping, also for a library user, in CSV and XLSX too.
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

#include "hub.h"
#include "hub_console.h"
#include "hub_import.h"
#include "hub_mail.h"
#include "hub_store.h"
#include "hub_store_console.h"
#include "test_db.h"

#define T0 INT64_C(1800000000) /* 2027-01-15 08:00 UTC */
#define PW "kirjasto on auki"

/* Lahti: 2 seats, parties up to 3; a storytime for families. */
static const char *EVENT_LAHTI =
    "{\"id\":\"e1\",\"name\":{\"fi\":\"Satutunti\"},\"location\":{\"id\":\"aukio:lahti\","
    "\"name\":{\"fi\":\"Lahden pääkirjasto\"},\"street_address\":{\"fi\":\"Kirkkokatu 5, 15110 "
    "Lahti\"}},\"start_time\":\"2027-01-15T09:00:00Z\",\"event_status\":\"EventScheduled\","
    "\"maximum_attendee_capacity\":2,\"waiting_list_capacity\":10,\"maximum_group_size\":3,"
    "\"x_aukio\":{\"category\":\"storytime\",\"audience\":{\"fi\":\"Perheet\"}}}";
/* Hollola: many seats, no category, no audience. */
static const char *EVENT_HOLLOLA =
    "{\"id\":\"e2\",\"name\":{\"fi\":\"Kirjoituspaja\"},\"location\":{\"id\":\"aukio:hollola\","
    "\"name\":{\"fi\":\"Hollolan kirjasto\"},\"street_address\":{\"fi\":\"Virastotie 3, "
    "Hollola\"}},\"start_time\":\"2027-02-10T15:00:00Z\",\"event_status\":\"EventScheduled\","
    "\"maximum_attendee_capacity\":1000,\"maximum_group_size\":2}";
/* No place at all: unknown municipality and venue. */
static const char *EVENT_NOWHERE =
    "{\"id\":\"e3\",\"name\":{\"fi\":\"Verkkoluento\"},\"location\":null,"
    "\"start_time\":\"2027-02-20T15:00:00Z\",\"event_status\":\"EventScheduled\"}";

typedef struct {
    char dir[64], path[96];
    HubStore *st;
    HubConsole con;
    int64_t dev;
    char cookie[3][128]; /* anna (coordinator), lahti, hollola */
    char csrf[3][HUB_CSRF_BUF];
} Fx;

typedef struct {
    unsigned status;
    json_t *j;
} Got;

static HubConsoleRequest request(Fx *fx, int u, const char *method, const char *path,
                                 const char *body)
{
    HubConsoleRequest rq = {.method = method,
                            .path = path,
                            .cookie = u >= 0 ? fx->cookie[u] : NULL,
                            .csrf = u >= 0 ? fx->csrf[u] : NULL,
                            .content_type = body ? "application/json" : NULL,
                            .address = "192.0.2.1",
                            .body = body,
                            .body_len = body ? strlen(body) : 0,
                            .now = T0};
    return rq;
}

static Got handle(Fx *fx, const HubConsoleRequest *rq)
{
    HubConsoleResponse out;
    hub_console_handle(&fx->con, rq, &out);
    Got g = {.status = out.status};
    g.j = strncmp(out.content_type, "application/json", 16) == 0 ? json_loads(out.body, 0, NULL)
                                                                 : NULL;
    hub_console_response_deinit(&out);
    return g;
}

static Got post(Fx *fx, int u, const char *path, const char *body)
{
    HubConsoleRequest rq = request(fx, u, "POST", path, body);
    return handle(fx, &rq);
}

static void sign_in(Fx *fx, int u, const char *user)
{
    char body[128];
    snprintf(body, sizeof body, "{\"name\":\"%s\",\"password\":\"" PW "\"}", user);
    HubConsoleRequest rq = request(fx, -1, "POST", "/console/api/login", body);
    HubConsoleResponse out;
    hub_console_handle(&fx->con, &rq, &out);
    assert_int_equal(out.status, 200);
    const char *v = strchr(out.set_cookie, '=');
    assert_non_null(v);
    snprintf(fx->cookie[u], sizeof fx->cookie[u], HUB_SESSION_COOKIE "=%.*s",
             (int)(strchr(v, ';') - v - 1), v + 1);
    json_t *j = json_loads(out.body, 0, NULL);
    snprintf(fx->csrf[u], sizeof fx->csrf[u], "%s", json_string_value(json_object_get(j, "csrf")));
    json_decref(j);
    hub_console_response_deinit(&out);
}

static void uuid_of(unsigned n, char *out, size_t len)
{
    snprintf(out, len, "%08x-0000-4000-8000-%012x", n, n);
}

/* Sign-up number N of a party of GROUP to EVENT; its answer's result ("confirmed", ...). */
static void signup(Fx *fx, unsigned n, const char *event, const char *name, int group,
                   const char *email)
{
    char code[8];
    snprintf(code, sizeof code, "K%05u", n);
    HubPushItem it = {.op = {.kind = WIRE_OP_SIGNUP,
                             .event_id = event,
                             .group_size = group,
                             .name = name,
                             .email = email,
                             .phone = "",
                             .code = code,
                             .lang = "fi",
                             .created_at = T0 - 600}};
    uuid_of(n, it.op.uuid, sizeof it.op.uuid);
    char err[256];
    if (fx->st->push(fx->st, fx->dev, &it, 1, T0, err, sizeof err) != AUKIO_OK)
        fail_msg("push: %s", err);
    free(it.answer);
}

static void check_in(Fx *fx, unsigned n, unsigned su)
{
    HubPushItem it = {.op = {.kind = WIRE_OP_CHECKIN, .attended = true, .created_at = T0}};
    uuid_of(n, it.op.uuid, sizeof it.op.uuid);
    uuid_of(su, it.op.signup, sizeof it.op.signup);
    char err[256];
    if (fx->st->push(fx->st, fx->dev, &it, 1, T0, err, sizeof err) != AUKIO_OK)
        fail_msg("push: %s", err);
    free(it.answer);
}

static void ledger_holds(Fx *fx)
{
    char err[256];
    if (fx->st->check(fx->st, err, sizeof err) != AUKIO_OK) fail_msg("check: %s", err);
}

static int fx_setup(void **state)
{
    Fx *fx = calloc(1, sizeof *fx);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/aukio-test-hubrep-XXXXXX");
    if (!mkdtemp(fx->dir)) return -1;
    snprintf(fx->path, sizeof fx->path, "%s/hub.db", fx->dir);
    char err[256], hash[HUB_PW_HASH_MAX];
    if (hub_store_sqlite_open(&fx->st, fx->path, err, sizeof err) != AUKIO_OK) return -1;
    if (hub_console_init(&fx->con, fx->st, SOURCE_DIR "/console", false, 1800, err, sizeof err) !=
        AUKIO_OK)
        return -1;
    const HubConsoleStore *cs = fx->st->console;
    HubActor by = {"cli", T0};
    const char *lahti[] = {"aukio:lahti"}, *hollola[] = {"aukio:hollola"};
    if (hub_password_hash(PW, hash, err, sizeof err) != AUKIO_OK ||
        cs->user_add(fx->st, "anna", HUB_ROLE_COORDINATOR, NULL, 0, hash, &by, err, sizeof err) ||
        cs->user_add(fx->st, "lahti", HUB_ROLE_LIBRARY, lahti, 1, hash, &by, err, sizeof err) ||
        cs->user_add(fx->st, "hollola", HUB_ROLE_LIBRARY, hollola, 1, hash, &by, err, sizeof err))
        return -1;
    HubEventIn evs[] = {{.id = "e1",
                         .json = EVENT_LAHTI,
                         .registration = true,
                         .capacity = 2,
                         .waitlist_capacity = 10,
                         .max_group_size = 3,
                         .start_time = T0 + 3600},
                        {.id = "e2",
                         .json = EVENT_HOLLOLA,
                         .registration = true,
                         .capacity = 1000,
                         .waitlist_capacity = 0,
                         .max_group_size = 2,
                         .start_time = T0 + 26 * 86400},
                        {.id = "e3",
                         .json = EVENT_NOWHERE,
                         .capacity = -1,
                         .waitlist_capacity = -1,
                         .max_group_size = 1,
                         .start_time = T0 + 36 * 86400}};
    if (fx->st->event_import(fx->st, evs, 3, T0, err, sizeof err) != AUKIO_OK) return -1;
    char et[HUB_TOKEN_BUF], dt[HUB_TOKEN_BUF], got[64];
    uint8_t eh[HUB_HASH_LEN], th[HUB_HASH_LEN];
    hub_token_new("aue_", et);
    hub_token_new("aud_", dt);
    hub_token_hash(et, eh);
    hub_token_hash(dt, th);
    if (cs->device_add(fx->st, "lahti-aula", "aukio:lahti", eh, T0 + 86400, &by, err, sizeof err) !=
            AUKIO_OK ||
        fx->st->device_enrol(fx->st, eh, th, NULL, T0, got, sizeof got, err, sizeof err) !=
            AUKIO_OK ||
        fx->st->device_auth(fx->st, th, &fx->dev, err, sizeof err) != AUKIO_OK)
        return -1;
    sign_in(fx, 0, "anna");
    sign_in(fx, 1, "lahti");
    sign_in(fx, 2, "hollola");
    *state = fx;
    return 0;
}

static int fx_teardown(void **state)
{
    Fx *fx = *state;
    hub_console_deinit(&fx->con);
    fx->st->close(fx->st);
    test_db_remove(fx->path);
    rmdir(fx->dir);
    free(fx);
    return 0;
}

/* The attendee of EVENT with UUID as the event's page shows it (a new reference). */
static json_t *attendee(Fx *fx, const char *event, unsigned n)
{
    char uuid[40];
    uuid_of(n, uuid, sizeof uuid);
    HubConsoleRequest rq = request(fx, 0, "GET", "/console/api/event", NULL);
    rq.query_id = event;
    Got g = handle(fx, &rq);
    assert_int_equal(g.status, 200);
    json_t *list = json_object_get(g.j, "attendees"), *a, *found = NULL;
    size_t i;
    json_array_foreach(list, i, a) if (strcmp(json_string_value(json_object_get(a, "uuid")),
                                              uuid) == 0) found = json_incref(a);
    json_decref(g.j);
    assert_non_null(found);
    return found;
}

static const char *status_of(json_t *a)
{
    return json_string_value(json_object_get(a, "status"));
}

static Got move(Fx *fx, int u, const char *event, unsigned n, bool raise)
{
    char body[200], uuid[40];
    uuid_of(n, uuid, sizeof uuid);
    snprintf(body, sizeof body, "{\"event\":\"%s\",\"signup\":\"%s\",\"raise\":%s}", event, uuid,
             raise ? "true" : "false");
    return post(fx, u, "/console/api/signup/move", body);
}

static void test_move(void **state)
{
    Fx *fx = *state;
    char err[256];
    int unsure = 0;
    assert_int_equal(fx->st->mail_enable(fx->st, true, &unsure, err, sizeof err), AUKIO_OK);
    signup(fx, 1, "e1", "Anni", 2, "");                  /* confirmed: both seats */
    signup(fx, 2, "e1", "Bertta", 3, "");                /* waiting #1, a party of three */
    signup(fx, 3, "e1", "Celia", 1, "celia@example.fi"); /* waiting #2 */
    /* Anni cancels: two seats free, but first come first served stops at Bertta's three. */
    char uuid[40], body[200];
    uuid_of(1, uuid, sizeof uuid);
    snprintf(body, sizeof body, "{\"event\":\"e1\",\"signup\":\"%s\"}", uuid);
    Got g = post(fx, 0, "/console/api/signup/cancel", body);
    assert_int_equal(g.status, 200);
    json_decref(g.j);
    json_t *a = attendee(fx, "e1", 3);
    assert_string_equal(status_of(a), "waitlisted");
    json_decref(a);
    /* Drain the mail so far. */
    HubMail m;
    while (fx->st->mail_due(fx->st, T0, &m, err, sizeof err) == AUKIO_OK) {
        assert_int_equal(fx->st->mail_set(fx->st, m.id, HUB_MAIL_PENDING, HUB_MAIL_SENT, 1, 0, T0,
                                          err, sizeof err),
                         AUKIO_OK);
        hub_mail_deinit(&m);
    }
    /* Another library cannot move Lahti's people; a move without the CSRF token is refused. */
    g = move(fx, 2, "e1", 3, false);
    assert_int_equal(g.status, 404);
    json_decref(g.j);
    HubConsoleRequest rq = request(fx, 0, "POST", "/console/api/signup/move", body);
    rq.csrf = NULL;
    g = handle(fx, &rq);
    assert_int_equal(g.status, 403);
    json_decref(g.j);
    /* Celia fits in the free seats: moved past Bertta, and mailed as a promotion. */
    g = move(fx, 1, "e1", 3, false);
    assert_int_equal(g.status, 200);
    assert_false(json_is_true(json_object_get(g.j, "raised")));
    json_decref(g.j);
    a = attendee(fx, "e1", 3);
    assert_string_equal(status_of(a), "confirmed");
    json_decref(a);
    assert_int_equal(fx->st->mail_due(fx->st, T0, &m, err, sizeof err), AUKIO_OK);
    assert_int_equal(m.kind, HUB_MAIL_PROMOTED);
    assert_string_equal(m.to, "celia@example.fi");
    hub_mail_deinit(&m);
    ledger_holds(fx);
    /* Bertta's three do not fit in the one seat left: the page is told how many are lacking. */
    g = move(fx, 0, "e1", 2, false);
    assert_int_equal(g.status, 409);
    assert_string_equal(json_string_value(json_object_get(g.j, "error")), "no_room");
    assert_int_equal(json_integer_value(json_object_get(g.j, "need")), 2);
    json_decref(g.j);
    a = attendee(fx, "e1", 2);
    assert_string_equal(status_of(a), "waitlisted");
    json_decref(a);
    /* With the capacity raised by those two in the same change, she is in. */
    g = move(fx, 0, "e1", 2, true);
    assert_int_equal(g.status, 200);
    assert_true(json_is_true(json_object_get(g.j, "raised")));
    json_decref(g.j);
    a = attendee(fx, "e1", 2);
    assert_string_equal(status_of(a), "confirmed");
    json_decref(a);
    HubConsoleRequest ev = request(fx, 0, "GET", "/console/api/event", NULL);
    ev.query_id = "e1";
    g = handle(fx, &ev);
    json_t *sum = json_object_get(g.j, "event");
    assert_int_equal(json_integer_value(json_object_get(sum, "capacity")), 4);
    assert_int_equal(json_integer_value(json_object_get(sum, "confirmed")), 4);
    assert_int_equal(json_integer_value(json_object_get(sum, "waitlisted")), 0);
    json_decref(g.j);
    ledger_holds(fx);
    /* Someone not waiting cannot be moved; an unknown sign-up is not found. */
    g = move(fx, 0, "e1", 2, false);
    assert_int_equal(g.status, 409);
    assert_string_equal(json_string_value(json_object_get(g.j, "error")), "not_waiting");
    json_decref(g.j);
    g = move(fx, 0, "e1", 77, false);
    assert_int_equal(g.status, 404);
    json_decref(g.j);
}

static void test_paging(void **state)
{
    Fx *fx = *state;
    for (unsigned i = 0; i < 520; i++)
        signup(fx, 1000 + i, "e2", "Osallistuja", 1, "");
    HubConsoleRequest rq = request(fx, 0, "GET", "/console/api/event", NULL);
    rq.query_id = "e2";
    rq.query_offset = "500";
    rq.query_limit = "100";
    Got g = handle(fx, &rq);
    assert_int_equal(g.status, 200);
    assert_int_equal(json_array_size(json_object_get(g.j, "attendees")), 20);
    json_t *page = json_object_get(g.j, "page");
    assert_int_equal(json_integer_value(json_object_get(page, "total")), 520);
    assert_int_equal(json_integer_value(json_object_get(page, "offset")), 500);
    json_decref(g.j);
    rq.query_offset = "0";
    g = handle(fx, &rq);
    assert_int_equal(json_array_size(json_object_get(g.j, "attendees")), 100);
    json_decref(g.j);
    /* Without a limit the whole list, as before paging. */
    rq.query_offset = rq.query_limit = NULL;
    g = handle(fx, &rq);
    assert_int_equal(json_array_size(json_object_get(g.j, "attendees")), 520);
    json_decref(g.j);
    rq.query_limit = "5000";
    g = handle(fx, &rq);
    assert_int_equal(g.status, 400);
    json_decref(g.j);
    rq.query_limit = "x";
    g = handle(fx, &rq);
    assert_int_equal(g.status, 400);
    json_decref(g.j);
}

/* Runs tools/xlsx_dump.py on the workbook DATA: its sheet's cells, one "REF\tTYPE\tVALUE" a line,
 * and its frozen pane and columns. The caller frees. */
static char *xlsx_dump(Fx *fx, const char *data, size_t len)
{
    char file[128], cmd[300];
    snprintf(file, sizeof file, "%s/book.xlsx", fx->dir);
    FILE *f = fopen(file, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    snprintf(cmd, sizeof cmd, "python3 %s/tools/xlsx_dump.py %s", TESTS_DIR, file);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char *out = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&out, &n);
    char buf[4096];
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, p)) > 0)
        fwrite(buf, 1, k, m);
    fclose(m);
    assert_int_equal(pclose(p), 0);
    unlink(file);
    return out;
}

static void test_xlsx(void **state)
{
    Fx *fx = *state;
    signup(fx, 1, "e1", "=HYPERLINK(\"http://x\",\"klik\")", 1, "");
    signup(fx, 2, "e1", "Maija Meikäläinen", 1, "@maija");
    HubConsoleRequest rq = request(fx, 1, "GET", "/console/api/export", NULL);
    rq.query_id = "e1";
    rq.query_format = "xlsx";
    HubConsoleResponse out;
    hub_console_handle(&fx->con, &rq, &out);
    assert_int_equal(out.status, 200);
    assert_string_equal(out.content_type,
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_string_equal(out.disposition, "attachment; filename=\"aukio-signups-e1.xlsx\"");
    assert_memory_equal(out.body, "PK", 2);
    char *dump = xlsx_dump(fx, out.body, out.len);
    hub_console_response_deinit(&out);
    /* The head, frozen; widths set. */
    assert_non_null(strstr(dump, "A1\ts\tevent_id\n"));
    assert_non_null(strstr(dump, "F1\ts\tname\n"));
    assert_non_null(strstr(dump, "pane\tfrozen\tA2\n"));
    assert_non_null(strstr(dump, "cols\t15\n"));
    /* A formula is text with the CSV export's apostrophe; nothing is a formula. */
    assert_non_null(strstr(dump, "F2\ts\t'=HYPERLINK(\"http://x\",\"klik\")\n"));
    assert_non_null(strstr(dump, "G3\ts\t'@maija\n"));
    assert_null(strstr(dump, "\tf\t"));
    /* The group is a number, the times are dates (a number in a date format). */
    assert_non_null(strstr(dump, "E2\tn\t1\n"));
    assert_non_null(strstr(dump, "L2\tdate\t2027-01-15 09:50\n"));
    free(dump);
    /* Another library's event is not there for Hollola. */
    rq.cookie = fx->cookie[2];
    hub_console_handle(&fx->con, &rq, &out);
    assert_int_equal(out.status, 404);
    hub_console_response_deinit(&out);
}

/* ---- Reports ------------------------------------------------------------------------------ */

typedef struct {
    long signups, people, attended, checked_events, participants;
} Sums;

/* What the attendee lists of the events in reach of user U add up to. */
static Sums list_sums(Fx *fx, int u)
{
    Sums s = {0};
    const char *ids[] = {"e1", "e2", "e3"};
    for (int e = 0; e < 3; e++) {
        HubConsoleRequest rq = request(fx, u, "GET", "/console/api/event", NULL);
        rq.query_id = ids[e];
        Got g = handle(fx, &rq);
        if (g.status == 404) {
            json_decref(g.j);
            continue;
        }
        assert_int_equal(g.status, 200);
        json_t *a;
        size_t i;
        long attended = 0, people = 0, checked = 0;
        json_array_foreach(json_object_get(g.j, "attendees"), i, a)
        {
            long group = (long)json_integer_value(json_object_get(a, "group"));
            if (strcmp(status_of(a), "confirmed") == 0) {
                s.signups++;
                people += group;
            }
            if (json_is_true(json_object_get(a, "attended"))) {
                attended += group;
                checked++;
            }
        }
        s.people += people;
        s.attended += attended;
        s.checked_events += checked > 0;
        s.participants += checked > 0 ? attended : people;
        json_decref(g.j);
    }
    return s;
}

static void report_fill(Fx *fx)
{
    signup(fx, 1, "e1", "Anni", 2, "");
    signup(fx, 2, "e1", "Bertta", 3, ""); /* waiting: not counted */
    signup(fx, 3, "e2", "Celia", 2, "");
    signup(fx, 4, "e2", "Doris", 1, "");
    signup(fx, 5, "e2", "=1+1", 1, "");
    check_in(fx, 90, 3); /* Celia's two came */
    check_in(fx, 91, 4);
    check_in(fx, 92, 2); /* Bertta came from the waiting list */
}

static Got report(Fx *fx, int u, const char *by, const char *format, HubConsoleResponse *raw)
{
    HubConsoleRequest rq = request(fx, u, "GET", "/console/api/report", NULL);
    rq.query_from = "2027-01-01";
    rq.query_to = "2027-12-31";
    rq.query_by = by;
    rq.query_format = format;
    if (raw) {
        hub_console_handle(&fx->con, &rq, raw);
        return (Got){raw->status, NULL};
    }
    return handle(fx, &rq);
}

static long total(json_t *j, const char *col)
{
    return (long)json_integer_value(json_object_get(json_object_get(j, "total"), col));
}

/* The rows' sum of COL equals the total. */
static void rows_add_up(json_t *j, const char *col)
{
    long sum = 0;
    json_t *row;
    size_t i;
    json_array_foreach(json_object_get(j, "rows"), i, row) sum +=
        (long)json_integer_value(json_object_get(row, col));
    assert_int_equal(sum, total(j, col));
}

static void test_report_sums(void **state)
{
    Fx *fx = *state;
    report_fill(fx);
    Sums s = list_sums(fx, 0);
    assert_int_equal(s.people, 6); /* Anni 2 + Celia 2 + Doris 1 + 1 */
    const char *bys[] = {"municipality", "venue", "category", "audience", "month"};
    const char *cols[] = {"events",  "with_checkin", "attended",
                          "signups", "people",       "participants"};
    for (int b = 0; b < 5; b++) {
        Got g = report(fx, 0, bys[b], NULL, NULL);
        assert_int_equal(g.status, 200);
        assert_int_equal(total(g.j, "events"), 3);
        assert_int_equal(total(g.j, "signups"), s.signups);
        assert_int_equal(total(g.j, "people"), s.people);
        assert_int_equal(total(g.j, "attended"), s.attended);
        assert_int_equal(total(g.j, "with_checkin"), s.checked_events);
        assert_int_equal(total(g.j, "participants"), s.participants);
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
            rows_add_up(g.j, cols[c]);
        json_decref(g.j);
    }
    /* Lahti 2 (no check-in: the confirmed two) + Hollola 3 + Bertta's 3 attended at Lahti. */
    assert_int_equal(s.participants, 3 + 3);
    /* Where the event says it, and "unknown" (the key "") where it does not. */
    Got g = report(fx, 0, "municipality", NULL, NULL);
    json_t *rows = json_object_get(g.j, "rows");
    assert_int_equal(json_array_size(rows), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 2), "key")), "");
    char *text = json_dumps(rows, 0);
    assert_non_null(strstr(text, "\"key\": \"Lahti\""));
    assert_non_null(strstr(text, "\"key\": \"Hollola\""));
    free(text);
    json_decref(g.j);
    g = report(fx, 0, "month", NULL, NULL);
    assert_int_equal(json_array_size(json_object_get(g.j, "rows")), 12); /* every month */
    json_decref(g.j);
    /* A library user counts its own venue's events only, and they add up to its lists. */
    g = report(fx, 1, "venue", NULL, NULL);
    Sums l = list_sums(fx, 1);
    assert_int_equal(total(g.j, "events"), 1);
    assert_int_equal(total(g.j, "people"), l.people);
    assert_int_equal(total(g.j, "attended"), l.attended);
    json_decref(g.j);
}

static void test_report_files(void **state)
{
    Fx *fx = *state;
    report_fill(fx);
    Sums s = list_sums(fx, 0);
    HubConsoleResponse out;
    report(fx, 0, "venue", "csv", &out);
    assert_int_equal(out.status, 200);
    assert_string_equal(out.content_type, "text/csv; charset=utf-8");
    assert_string_equal(out.disposition,
                        "attachment; filename=\"aukio-report-venue-2027-01-01-2027-12-31.csv\"");
    char *csv = strndup(out.body, out.len);
    assert_int_equal(strncmp(csv,
                             "venue,events,cancelled,with_checkin,attended,signups,people,"
                             "reserved,participants\r\n",
                             80),
                     0);
    char want[128];
    snprintf(want, sizeof want, "total,3,0,%ld,%ld,%ld,%ld,0,%ld\r\n", s.checked_events, s.attended,
             s.signups, s.people, s.participants);
    assert_non_null(strstr(csv, want));
    assert_non_null(strstr(csv, "(unknown),1,"));
    free(csv);
    hub_console_response_deinit(&out);
    report(fx, 0, "venue", "xlsx", &out);
    assert_int_equal(out.status, 200);
    assert_string_equal(out.content_type,
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    char *dump = xlsx_dump(fx, out.body, out.len);
    hub_console_response_deinit(&out);
    assert_non_null(strstr(dump, "A1\ts\tvenue\n"));
    assert_non_null(strstr(dump, "A5\ts\ttotal\n"));
    snprintf(want, sizeof want, "G5\tn\t%ld\n", s.people);
    assert_non_null(strstr(dump, want));
    snprintf(want, sizeof want, "I5\tn\t%ld\n", s.participants);
    assert_non_null(strstr(dump, want));
    free(dump);
    /* Bad arguments are told what is expected. */
    HubConsoleRequest rq = request(fx, 0, "GET", "/console/api/report", NULL);
    rq.query_from = "2027-02-30";
    rq.query_to = "2027-12-31";
    Got g = handle(fx, &rq);
    assert_int_equal(g.status, 400);
    json_decref(g.j);
    rq.query_from = "2027-01-01";
    rq.query_by = "colour";
    g = handle(fx, &rq);
    assert_int_equal(g.status, 400);
    json_decref(g.j);
}

/* The municipality is the place's address_locality where it has one, whatever its address
 * says; the address's last part only where it has none (the fixture's events, stored in the
 * older form of one joined street_address). */
static void test_report_locality_first(void **state)
{
    Fx *fx = *state;
    static const char *const TEXT[] = {
        /* The address says Lahti; the place says Hollola (a branch across the border). */
        "{\"id\":\"e4\",\"name\":{\"fi\":\"Lukupiiri\"},\"location\":{\"id\":\"aukio:kukko\","
        "\"name\":{\"fi\":\"Kukkilan lainausasema\"},\"street_address\":{\"fi\":\"Kirkkokatu 9, "
        "15110 Lahti\"},\"address_locality\":{\"fi\":\"Hollola\",\"sv\":\"Hollola\"}},"
        "\"start_time\":\"2027-03-01T09:00:00Z\",\"event_status\":\"EventScheduled\"}",
        /* A street without a town, the town only in its own field (in Swedish only). */
        "{\"id\":\"e5\",\"name\":{\"fi\":\"Satutunti\"},\"location\":{\"id\":\"aukio:ori\","
        "\"name\":{\"fi\":\"Orimattilan kirjasto\"},\"street_address\":{\"fi\":\"Erkontie 16\"},"
        "\"address_locality\":{\"sv\":\"Orimattila\"}},"
        "\"start_time\":\"2027-03-02T09:00:00Z\",\"event_status\":\"EventScheduled\"}"};
    char *dumps[2];
    HubEventIn in[2];
    char err[256];
    for (int i = 0; i < 2; i++) {
        json_t *j = json_loads(TEXT[i], 0, NULL);
        assert_non_null(j);
        Event ev;
        if (event_from_json(&ev, j, err, sizeof err)) fail_msg("%s", err);
        json_decref(j);
        /* What the import path stores: the event model written back. */
        dumps[i] = hub_import_event_dump(&ev);
        in[i] = (HubEventIn){.id = i ? "e5" : "e4",
                             .json = dumps[i],
                             .capacity = -1,
                             .waitlist_capacity = -1,
                             .max_group_size = 1,
                             .start_time = ev.start_time};
        event_deinit(&ev);
    }
    assert_non_null(strstr(dumps[0], "\"address_locality\":{\"fi\":\"Hollola\""));
    if (fx->st->event_import(fx->st, in, 2, T0, err, sizeof err) != AUKIO_OK) fail_msg("%s", err);
    free(dumps[0]);
    free(dumps[1]);
    Got g = report(fx, 0, "municipality", NULL, NULL);
    assert_int_equal(g.status, 200);
    assert_int_equal(total(g.j, "events"), 5);
    rows_add_up(g.j, "events");
    long lahti = -1, hollola = -1, orimattila = -1, unknown = -1;
    json_t *row;
    size_t i;
    json_array_foreach(json_object_get(g.j, "rows"), i, row)
    {
        const char *key = json_string_value(json_object_get(row, "key"));
        long events = (long)json_integer_value(json_object_get(row, "events"));
        if (strcmp(key, "Lahti") == 0)
            lahti = events;
        else if (strcmp(key, "Hollola") == 0)
            hollola = events;
        else if (strcmp(key, "Orimattila") == 0)
            orimattila = events;
        else if (strcmp(key, "") == 0)
            unknown = events;
        else
            fail_msg("unexpected municipality \"%s\"", key);
    }
    assert_int_equal(lahti, 1);      /* e1, by its address */
    assert_int_equal(hollola, 2);    /* e2 by its address, e4 by its locality */
    assert_int_equal(orimattila, 1); /* e5: its address alone names no town */
    assert_int_equal(unknown, 1);    /* e3: no place */
    json_decref(g.j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_move, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_paging, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_xlsx, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_report_sums, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_report_files, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_report_locality_first, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
