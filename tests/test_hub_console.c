/*
 * test_hub_console.c: the console's API in-process (hub_console.c, hub_console_pages.c; no
 * sockets), with the request's clock set by the test: the page's files and nothing else; sign-in
 * (wrong, unknown, not JSON, malformed); the session cookie; a change without its CSRF token is
 * 403 and changes nothing; a library user reaches its venues' events and kiosks only (by a
 * venue's id or its name in any language); a session ends after inactivity; ten wrong passwords
 * lock the account and the right one is refused until the lock ends; too many wrong sign-ins
 * from one address wait; a silent kiosk is a problem; a cancel promotes the waiting list once;
 * an event's export (CSV and for Excel, formulas neutralised, written down, a library's own).
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
#include "hub_store.h"
#include "hub_store_console.h"
#include "test_db.h"

#define T0 INT64_C(1800000000)
#define PW "kirjasto on auki"

static const char *EVENT_LAHTI =
    "{\"id\":\"e1\",\"name\":{\"fi\":\"Satutunti\"},\"location\":{\"id\":\"aukio:lahti\","
    "\"name\":{\"fi\":\"Lahden pääkirjasto\",\"sv\":\"Lahtis huvudbibliotek\"}},"
    "\"start_time\":\"2027-01-15T09:00:00Z\",\"event_status\":\"EventScheduled\","
    "\"maximum_attendee_capacity\":1,\"waiting_list_capacity\":10,\"maximum_group_size\":2}";
static const char *EVENT_HOLLOLA =
    "{\"id\":\"e2\",\"name\":{\"fi\":\"Kirjoituspaja\"},\"location\":{\"id\":\"aukio:hollola\","
    "\"name\":{\"fi\":\"Hollolan kirjasto\"}}}";

typedef struct {
    char dir[64];
    char path[96];
    HubStore *st;
    HubConsole con;
    int64_t dev;
    char cookie[3][128]; /* anna (coordinator), lahti, hollola */
    char csrf[3][HUB_CSRF_BUF];
} Fx;

typedef struct {
    unsigned status;
    json_t *j;
    char set_cookie[HUB_COOKIE_BUF];
    int retry_after;
} Got;

/* METHOD PATH with BODY (JSON) as user U (-1: no cookie), with CSRF (NULL: none) at NOW. */
static Got call(Fx *fx, int u, const char *method, const char *path, const char *id,
                const char *body, const char *csrf, int64_t now)
{
    HubConsoleRequest rq = {.method = method,
                            .path = path,
                            .query_id = id,
                            .cookie = u >= 0 ? fx->cookie[u] : NULL,
                            .csrf = csrf,
                            .content_type = body ? "application/json" : NULL,
                            .address = "192.0.2.1",
                            .body = body,
                            .body_len = body ? strlen(body) : 0,
                            .now = now};
    HubConsoleResponse out;
    hub_console_handle(&fx->con, &rq, &out);
    Got g = {.status = out.status, .retry_after = out.retry_after};
    memcpy(g.set_cookie, out.set_cookie, sizeof g.set_cookie);
    g.j = strncmp(out.content_type, "application/json", 16) == 0 ? json_loads(out.body, 0, NULL)
                                                                 : NULL;
    hub_console_response_deinit(&out);
    return g;
}

/* Signs USER in as slot U at NOW: keeps its cookie and CSRF token. */
static void sign_in(Fx *fx, int u, const char *user, int64_t now)
{
    char body[128];
    snprintf(body, sizeof body, "{\"name\":\"%s\",\"password\":\"" PW "\"}", user);
    Got g = call(fx, -1, "POST", "/console/api/login", NULL, body, NULL, now);
    assert_int_equal(g.status, 200);
    const char *v = strchr(g.set_cookie, '=');
    assert_non_null(v);
    snprintf(fx->cookie[u], sizeof fx->cookie[u], HUB_SESSION_COOKIE "=%.*s",
             (int)(strchr(v, ';') - v - 1), v + 1);
    snprintf(fx->csrf[u], sizeof fx->csrf[u], "%s",
             json_string_value(json_object_get(g.j, "csrf")));
    json_decref(g.j);
}

static void signup(Fx *fx, unsigned n, const char *event, const char *name)
{
    HubPushItem it = {.op = {.kind = WIRE_OP_SIGNUP,
                             .event_id = event,
                             .group_size = 1,
                             .name = name,
                             .email = "",
                             .phone = "",
                             .code = "ABC123",
                             .lang = "fi"}};
    snprintf(it.op.uuid, sizeof it.op.uuid, "%08x-0000-4000-8000-%012x", n, n);
    char err[256];
    if (fx->st->push(fx->st, fx->dev, &it, 1, T0, err, sizeof err) != AUKIO_OK)
        fail_msg("push: %s", err);
    free(it.answer);
}

static int fx_setup(void **state)
{
    Fx *fx = calloc(1, sizeof *fx);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/aukio-test-hubcon-XXXXXX");
    if (!mkdtemp(fx->dir)) return -1;
    snprintf(fx->path, sizeof fx->path, "%s/hub.db", fx->dir);
    char err[256], hash[HUB_PW_HASH_MAX];
    if (hub_store_sqlite_open(&fx->st, fx->path, err, sizeof err) != AUKIO_OK) return -1;
    if (hub_console_init(&fx->con, fx->st, SOURCE_DIR "/console", false, 1800, err, sizeof err) !=
        AUKIO_OK)
        return -1;
    const HubConsoleStore *cs = fx->st->console;
    HubActor by = {"cli", T0};
    const char *lahti[] = {"LAHDEN pääkirjasto"}; /* a name, case aside */
    const char *hollola[] = {"aukio:hollola"};    /* an id */
    if (hub_password_hash(PW, hash, err, sizeof err) != AUKIO_OK ||
        cs->user_add(fx->st, "anna", HUB_ROLE_COORDINATOR, NULL, 0, hash, &by, err, sizeof err) ||
        cs->user_add(fx->st, "lahti", HUB_ROLE_LIBRARY, lahti, 1, hash, &by, err, sizeof err) ||
        cs->user_add(fx->st, "hollola", HUB_ROLE_LIBRARY, hollola, 1, hash, &by, err, sizeof err))
        return -1;
    HubEventIn evs[] = {{.id = "e1",
                         .json = EVENT_LAHTI,
                         .registration = true,
                         .capacity = 1,
                         .waitlist_capacity = 10,
                         .max_group_size = 2,
                         .start_time = T0 + 3600},
                        {.id = "e2",
                         .json = EVENT_HOLLOLA,
                         .registration = true,
                         .capacity = 5,
                         .waitlist_capacity = 0,
                         .max_group_size = 1,
                         .start_time = T0 + 7200}};
    if (fx->st->event_import(fx->st, evs, 2, T0, err, sizeof err) != AUKIO_OK) return -1;
    /* A kiosk at Lahti, enrolled and heard from at T0. */
    char et[HUB_TOKEN_BUF], dt[HUB_TOKEN_BUF], got[64];
    uint8_t eh[HUB_HASH_LEN], th[HUB_HASH_LEN];
    hub_token_new("aue_", et);
    hub_token_new("aud_", dt);
    hub_token_hash(et, eh);
    hub_token_hash(dt, th);
    if (cs->device_add(fx->st, "lahti-aula", "Lahden pääkirjasto", eh, T0 + 86400, &by, err,
                       sizeof err) != AUKIO_OK ||
        fx->st->device_enrol(fx->st, eh, th, NULL, T0, got, sizeof got, err, sizeof err) !=
            AUKIO_OK ||
        fx->st->device_auth(fx->st, th, &fx->dev, err, sizeof err) != AUKIO_OK)
        return -1;
    signup(fx, 1, "e1", "Maija Meikäläinen");
    signup(fx, 2, "e1", "Pekka Virtanen"); /* waitlisted */
    signup(fx, 3, "e2", "Hollolan Hanna");
    sign_in(fx, 0, "anna", T0);
    sign_in(fx, 1, "lahti", T0);
    sign_in(fx, 2, "hollola", T0);
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

static int count_audit(void *ud, const HubAuditRow *r)
{
    (void)r;
    (*(int *)ud)++;
    return 0;
}

static int audit_rows(Fx *fx)
{
    int n = 0;
    char err[256];
    assert_int_equal(fx->st->console->audit_list(fx->st, 1000, count_audit, &n, err, sizeof err),
                     AUKIO_OK);
    return n;
}

static void test_files(void **state)
{
    Fx *fx = *state;
    assert_true(fx->con.have_files);
    Got g = call(fx, -1, "GET", "/console/", NULL, NULL, NULL, T0);
    assert_int_equal(g.status, 200);
    assert_int_equal(call(fx, -1, "GET", "/console", NULL, NULL, NULL, T0).status, 200);
    assert_int_equal(call(fx, -1, "GET", "/console/console.js", NULL, NULL, NULL, T0).status, 200);
    g = call(fx, -1, "GET", "/console/../hub.db", NULL, NULL, NULL, T0);
    assert_int_equal(g.status, 404);
    json_decref(g.j);
    g = call(fx, -1, "GET", "/console/%2e%2e/hub.db", NULL, NULL, NULL, T0);
    assert_int_equal(g.status, 404);
    json_decref(g.j);
    g = call(fx, -1, "DELETE", "/console/", NULL, NULL, NULL, T0);
    assert_int_equal(g.status, 405);
    json_decref(g.j);
    assert_true(hub_console_path("/console"));
    assert_true(hub_console_path("/console/api/login"));
    assert_false(hub_console_path("/consoles"));
    assert_false(hub_console_path("/v1/push"));
    /* No inline script may run, whatever a page held. */
    assert_non_null(strstr(HUB_CONSOLE_CSP, "script-src 'self';"));
    assert_null(strstr(HUB_CONSOLE_CSP, "unsafe-inline"));
    assert_non_null(strstr(HUB_CONSOLE_CSP, "frame-ancestors 'none'"));
}

static void test_login(void **state)
{
    Fx *fx = *state;
    Got g = call(fx, -1, "POST", "/console/api/login", NULL,
                 "{\"name\":\"anna\",\"password\":\"not it at all\"}", NULL, T0);
    assert_int_equal(g.status, 401);
    assert_string_equal(json_string_value(json_object_get(g.j, "error")), "wrong");
    assert_string_equal(g.set_cookie, "");
    json_decref(g.j);
    /* An unknown name is answered the same. */
    g = call(fx, -1, "POST", "/console/api/login", NULL,
             "{\"name\":\"nobody\",\"password\":\"" PW "\"}", NULL, T0);
    assert_int_equal(g.status, 401);
    assert_string_equal(json_string_value(json_object_get(g.j, "error")), "wrong");
    json_decref(g.j);
    g = call(fx, -1, "POST", "/console/api/login", NULL, "{\"name\":1}", NULL, T0);
    assert_int_equal(g.status, 400);
    json_decref(g.j);
    g = call(fx, -1, "GET", "/console/api/login", NULL, NULL, NULL, T0);
    assert_int_equal(g.status, 405);
    json_decref(g.j);
    /* A form post (what another site could make a browser send) is refused. */
    HubConsoleRequest rq = {.method = "POST",
                            .path = "/console/api/login",
                            .content_type = "application/x-www-form-urlencoded",
                            .body = "name=anna",
                            .body_len = 9,
                            .now = T0};
    HubConsoleResponse out;
    hub_console_handle(&fx->con, &rq, &out);
    assert_int_equal(out.status, 415);
    hub_console_response_deinit(&out);

    /* Signed in: the session names the user; without the cookie, 401 and the cookie cleared. */
    g = call(fx, 1, "GET", "/console/api/session", NULL, NULL, NULL, T0 + 10);
    assert_int_equal(g.status, 200);
    assert_string_equal(json_string_value(json_object_get(g.j, "role")), "library");
    assert_string_equal(json_string_value(json_object_get(g.j, "csrf")), fx->csrf[1]);
    json_decref(g.j);
    g = call(fx, -1, "GET", "/console/api/overview", NULL, NULL, NULL, T0);
    assert_int_equal(g.status, 401);
    assert_non_null(strstr(g.set_cookie, "Max-Age=0"));
    json_decref(g.j);
    /* Signed out: the cookie no longer works. */
    g = call(fx, 1, "POST", "/console/api/logout", NULL, "{}", fx->csrf[1], T0 + 20);
    assert_int_equal(g.status, 200);
    json_decref(g.j);
    g = call(fx, 1, "GET", "/console/api/session", NULL, NULL, NULL, T0 + 30);
    assert_int_equal(g.status, 401);
    json_decref(g.j);
}

static int count_devices(void *ud, const HubConsoleDeviceRow *r)
{
    (void)r;
    (*(int *)ud)++;
    return 0;
}

static void test_csrf(void **state)
{
    Fx *fx = *state;
    int audit = audit_rows(fx);
    const char *add = "{\"name\":\"uusi\",\"venue\":\"\"}";
    const char *cancel = "{\"event\":\"e1\",\"signup\":\"00000001-0000-4000-8000-000000000001\"}";
    const char *bad[] = {NULL, "", "nonsense", fx->csrf[1]};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        Got g = call(fx, 0, "POST", "/console/api/kiosks/add", NULL, add, bad[i], T0);
        assert_int_equal(g.status, 403);
        assert_string_equal(json_string_value(json_object_get(g.j, "error")), "csrf");
        json_decref(g.j);
        g = call(fx, 0, "POST", "/console/api/signup/cancel", NULL, cancel, bad[i], T0);
        assert_int_equal(g.status, 403);
        json_decref(g.j);
        g = call(fx, 0, "POST", "/console/api/logout", NULL, "{}", bad[i], T0);
        assert_int_equal(g.status, 403);
        json_decref(g.j);
    }
    /* Nothing changed: no kiosk, the sign-up confirmed, no audit row, still signed in. */
    int devices = 0;
    char err[256];
    assert_int_equal(fx->st->console->devices(fx->st, count_devices, &devices, err, sizeof err),
                     AUKIO_OK);
    assert_int_equal(devices, 1);
    assert_int_equal(audit_rows(fx), audit);
    Got g = call(fx, 0, "GET", "/console/api/event", "e1", NULL, NULL, T0);
    assert_int_equal(g.status, 200);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(g.j, "attendees"), 0), "status")),
                        "confirmed");
    json_decref(g.j);
    /* With its token the change is made, and written down. */
    g = call(fx, 0, "POST", "/console/api/kiosks/add", NULL, add, fx->csrf[0], T0);
    assert_int_equal(g.status, 200);
    assert_int_equal(strncmp(json_string_value(json_object_get(g.j, "token")), "aue_", 4), 0);
    json_decref(g.j);
    assert_int_equal(audit_rows(fx), audit + 1);
}

/* J, as text, does not hold NEEDLE. */
static void text_absent(json_t *j, const char *needle)
{
    char *text = json_dumps(j, 0);
    assert_null(strstr(text, needle));
    free(text);
}

/* The ids of LIST's objects' KEY joined by ','. */
static void ids(json_t *list, const char *key, char *out, size_t n)
{
    out[0] = '\0';
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        size_t len = strlen(out);
        snprintf(out + len, n - len, "%s%s", len ? "," : "",
                 json_string_value(json_object_get(v, key)));
    }
}

static void test_reach(void **state)
{
    Fx *fx = *state;
    char got[256];
    /* Lahti's user (its venue given by name) sees Lahti's event, not Hollola's. */
    Got g = call(fx, 1, "GET", "/console/api/overview", NULL, NULL, NULL, T0);
    assert_int_equal(g.status, 200);
    ids(json_object_get(g.j, "events"), "id", got, sizeof got);
    assert_string_equal(got, "e1");
    ids(json_object_get(g.j, "kiosks"), "name", got, sizeof got);
    assert_string_equal(got, "lahti-aula");
    json_decref(g.j);
    g = call(fx, 1, "GET", "/console/api/event", "e1", NULL, NULL, T0);
    assert_int_equal(g.status, 200);
    ids(json_object_get(g.j, "attendees"), "name", got, sizeof got);
    assert_string_equal(got, "Maija Meikäläinen,Pekka Virtanen");
    json_decref(g.j);
    /* Hollola's user (by id) sees neither Lahti's event, its attendees nor its kiosk. */
    g = call(fx, 2, "GET", "/console/api/event", "e1", NULL, NULL, T0);
    assert_int_equal(g.status, 404);
    char *text = json_dumps(g.j, 0);
    assert_null(strstr(text, "Maija"));
    free(text);
    json_decref(g.j);
    g = call(fx, 2, "GET", "/console/api/overview", NULL, NULL, NULL, T0);
    ids(json_object_get(g.j, "events"), "id", got, sizeof got);
    assert_string_equal(got, "e2");
    assert_int_equal(json_array_size(json_object_get(g.j, "kiosks")), 0);
    json_decref(g.j);
    g = call(fx, 2, "GET", "/console/api/kiosks", NULL, NULL, NULL, T0);
    assert_int_equal(json_array_size(json_object_get(g.j, "kiosks")), 0);
    json_decref(g.j);
    g = call(fx, 2, "POST", "/console/api/signup/cancel", NULL,
             "{\"event\":\"e1\",\"signup\":\"00000001-0000-4000-8000-000000000001\"}", fx->csrf[2],
             T0);
    assert_int_equal(g.status, 404);
    json_decref(g.j);
    g = call(fx, 2, "POST", "/console/api/kiosks/revoke", NULL, "{\"name\":\"lahti-aula\"}",
             fx->csrf[2], T0);
    assert_int_equal(g.status, 404);
    json_decref(g.j);
    g = call(fx, 2, "POST", "/console/api/kiosks/add", NULL,
             "{\"name\":\"k\",\"venue\":\"Lahden pääkirjasto\"}", fx->csrf[2], T0);
    assert_int_equal(g.status, 403);
    json_decref(g.j);
    g = call(fx, 2, "GET", "/console/api/audit", NULL, NULL, NULL, T0);
    assert_int_equal(g.status, 403);
    json_decref(g.j);
    /* The coordinator sees everything. */
    g = call(fx, 0, "GET", "/console/api/overview", NULL, NULL, NULL, T0);
    ids(json_object_get(g.j, "events"), "id", got, sizeof got);
    assert_string_equal(got, "e1,e2");
    json_decref(g.j);
    g = call(fx, 0, "GET", "/console/api/event", "nosuch", NULL, NULL, T0);
    assert_int_equal(g.status, 404);
    json_decref(g.j);
}

static void test_expiry(void **state)
{
    Fx *fx = *state;
    /* Used every 25 minutes, the session lives on; 30 minutes unused, it ends. */
    for (int64_t t = T0 + 1500; t < T0 + 6 * 3600; t += 1500) {
        Got g = call(fx, 0, "GET", "/console/api/kiosks", NULL, NULL, NULL, t);
        assert_int_equal(g.status, 200);
        json_decref(g.j);
    }
    Got g = call(fx, 1, "GET", "/console/api/overview", NULL, NULL, NULL, T0 + 1800);
    assert_int_equal(g.status, 401);
    assert_string_equal(json_string_value(json_object_get(g.j, "error")), "signed_out");
    json_decref(g.j);
    /* ... and at the latest 12 hours after sign-in, however much it is used. */
    for (int64_t t = T0 + 6 * 3600; t < T0 + HUB_CONSOLE_MAX_S; t += 1500) {
        g = call(fx, 0, "GET", "/console/api/kiosks", NULL, NULL, NULL, t);
        assert_int_equal(g.status, 200);
        json_decref(g.j);
    }
    g = call(fx, 0, "GET", "/console/api/kiosks", NULL, NULL, NULL, T0 + HUB_CONSOLE_MAX_S);
    assert_int_equal(g.status, 401);
    json_decref(g.j);
}

static void test_lockout(void **state)
{
    Fx *fx = *state;
    const char *wrong = "{\"name\":\"lahti\",\"password\":\"wrong password\"}";
    const char *right = "{\"name\":\"lahti\",\"password\":\"" PW "\"}";
    for (int i = 1; i <= HUB_CONSOLE_LOCK_FAILS; i++) {
        Got g = call(fx, -1, "POST", "/console/api/login", NULL, wrong, NULL, T0 + i);
        assert_int_equal(g.status, 401); /* the tenth, which locks, too */
        json_decref(g.j);
    }
    int64_t t = T0 + HUB_CONSOLE_LOCK_FAILS;
    Got g = call(fx, -1, "POST", "/console/api/login", NULL, right, NULL, t + 60);
    /* Locked: the right password is refused with the answer a name that does not exist gets, so
     * ten tries do not tell that the name exists. */
    Got nobody = call(fx, -1, "POST", "/console/api/login", NULL,
                      "{\"name\":\"nobody\",\"password\":\"wrong password\"}", NULL, t + 60);
    assert_int_equal(g.status, 401);
    assert_int_equal(nobody.status, 401);
    assert_int_equal(g.retry_after, nobody.retry_after);
    assert_true(json_equal(g.j, nobody.j));
    assert_string_equal(g.set_cookie, "");
    json_decref(g.j);
    json_decref(nobody.j);
    /* A library cannot lift it; a coordinator can. Meanwhile other users are not locked out. */
    g = call(fx, 2, "POST", "/console/api/users/unlock", NULL, "{\"name\":\"lahti\"}", fx->csrf[2],
             t + 60);
    assert_int_equal(g.status, 403);
    json_decref(g.j);
    g = call(fx, -1, "POST", "/console/api/login", NULL,
             "{\"name\":\"anna\",\"password\":\"" PW "\"}", NULL, t + 61);
    assert_int_equal(g.status, 200);
    json_decref(g.j);
    /* Once the lock is over, the right password works. */
    g = call(fx, -1, "POST", "/console/api/login", NULL, right, NULL, t + HUB_CONSOLE_LOCK_S);
    assert_int_equal(g.status, 200);
    json_decref(g.j);
    /* Locked again, and lifted by the coordinator: the password works at once. */
    int64_t t2 = t + HUB_CONSOLE_LOCK_S + 10;
    for (int i = 1; i <= HUB_CONSOLE_LOCK_FAILS; i++) {
        g = call(fx, -1, "POST", "/console/api/login", NULL, wrong, NULL, t2 + i);
        json_decref(g.j);
    }
    g = call(fx, -1, "POST", "/console/api/login", NULL, right, NULL, t2 + 20);
    assert_int_equal(g.status, 401);
    json_decref(g.j);
    sign_in(fx, 0, "anna", t2 + 20);
    g = call(fx, 0, "POST", "/console/api/users/unlock", NULL, "{\"name\":\"lahti\"}", fx->csrf[0],
             t2 + 21);
    assert_int_equal(g.status, 200);
    json_decref(g.j);
    g = call(fx, 0, "POST", "/console/api/users/unlock", NULL, "{\"name\":\"nobody\"}", fx->csrf[0],
             t2 + 21);
    assert_int_equal(g.status, 404);
    json_decref(g.j);
    g = call(fx, -1, "POST", "/console/api/login", NULL, right, NULL, t2 + 22);
    assert_int_equal(g.status, 200);
    json_decref(g.j);
}

static void test_address_limit(void **state)
{
    Fx *fx = *state;
    int i;
    for (i = 0; i < HUB_CONSOLE_ADDRESS_FAILS; i++) {
        char body[96];
        snprintf(body, sizeof body, "{\"name\":\"guess%d\",\"password\":\"guess guess\"}", i);
        Got g = call(fx, -1, "POST", "/console/api/login", NULL, body, NULL, T0 + i);
        assert_int_equal(g.status, 401);
        json_decref(g.j);
    }
    /* This address waits, even with the right password; the window passes. */
    const char *right = "{\"name\":\"anna\",\"password\":\"" PW "\"}";
    Got g = call(fx, -1, "POST", "/console/api/login", NULL, right, NULL, T0 + i);
    assert_int_equal(g.status, 429);
    assert_true(g.retry_after > 0);
    json_decref(g.j);
    g = call(fx, -1, "POST", "/console/api/login", NULL, right, NULL,
             T0 + HUB_CONSOLE_ADDRESS_WINDOW_S + HUB_CONSOLE_ADDRESS_FAILS);
    assert_int_equal(g.status, 200);
    json_decref(g.j);
}

static void test_problems_and_cancel(void **state)
{
    Fx *fx = *state;
    /* The cancel promotes the one waiting, once; the second changes nothing. */
    int audit = audit_rows(fx);
    const char *cancel = "{\"event\":\"e1\",\"signup\":\"00000001-0000-4000-8000-000000000001\"}";
    Got g = call(fx, 1, "POST", "/console/api/signup/cancel", NULL, cancel, fx->csrf[1], T0 + 100);
    assert_int_equal(g.status, 200);
    assert_string_equal(json_string_value(json_object_get(g.j, "was")), "confirmed");
    json_decref(g.j);
    g = call(fx, 1, "POST", "/console/api/signup/cancel", NULL, cancel, fx->csrf[1], T0 + 101);
    assert_int_equal(g.status, 200);
    assert_string_equal(json_string_value(json_object_get(g.j, "was")), "cancelled");
    json_decref(g.j);
    assert_int_equal(audit_rows(fx), audit + 1);
    g = call(fx, 1, "GET", "/console/api/event", "e1", NULL, NULL, T0 + 102);
    json_t *list = json_object_get(g.j, "attendees");
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a)
    {
        const char *name = json_string_value(json_object_get(a, "name"));
        const char *status = json_string_value(json_object_get(a, "status"));
        assert_string_equal(status,
                            strcmp(name, "Pekka Virtanen") == 0 ? "confirmed" : "cancelled");
    }
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(g.j, "event"), "confirmed")), 1);
    json_decref(g.j);
    g = call(fx, 1, "POST", "/console/api/signup/cancel", NULL,
             "{\"event\":\"e1\",\"signup\":\"00000003-0000-4000-8000-000000000003\"}", fx->csrf[1],
             T0 + 103);
    assert_int_equal(g.status, 404); /* Hollola's sign-up, named with Lahti's event */
    json_decref(g.j);
    /* Two days later the kiosk has been silent for a day: a problem, shown to Lahti too. */
    sign_in(fx, 1, "lahti", T0 + 2 * 86400);
    g = call(fx, 1, "GET", "/console/api/overview", NULL, NULL, NULL, T0 + 2 * 86400);
    json_t *p = json_array_get(json_object_get(g.j, "problems"), 0);
    assert_string_equal(json_string_value(json_object_get(p, "kind")), "kiosk_silent");
    assert_string_equal(json_string_value(json_object_get(p, "kiosk")), "lahti-aula");
    assert_true(
        json_is_true(json_object_get(json_array_get(json_object_get(g.j, "kiosks"), 0), "silent")));
    json_decref(g.j);

    char err[256];
    assert_int_equal(fx->st->check(fx->st, err, sizeof err), AUKIO_OK);
}

static void test_export(void **state)
{
    Fx *fx = *state;
    signup(fx, 9, "e1", "=HYPERLINK(\"http://x\")");
    int audit = audit_rows(fx);
    HubConsoleRequest rq = {.method = "GET",
                            .path = "/console/api/export",
                            .query_id = "e1",
                            .query_format = "csv",
                            .cookie = fx->cookie[1],
                            .now = T0};
    HubConsoleResponse out;
    hub_console_handle(&fx->con, &rq, &out);
    assert_int_equal(out.status, 200);
    assert_string_equal(out.content_type, "text/csv; charset=utf-8");
    assert_string_equal(out.disposition, "attachment; filename=\"aukio-signups-e1.csv\"");
    char *text = strndup(out.body, out.len);
    assert_int_equal(strncmp(text, "event_id,uuid,code,status,", 26), 0);
    assert_non_null(strstr(text, "Maija Meikäläinen"));
    assert_non_null(strstr(text, "waitlisted #1"));
    /* A name that a spreadsheet would run is text. */
    assert_non_null(strstr(text, "\"'=HYPERLINK(\"\"http://x\"\")\""));
    free(text);
    hub_console_response_deinit(&out);
    /* Who took the personal data is written down. */
    assert_int_equal(audit_rows(fx), audit + 1);
    rq.query_format = "excel";
    hub_console_handle(&fx->con, &rq, &out);
    assert_int_equal(out.status, 200);
    assert_memory_equal(out.body, "\xef\xbb\xbf", 3);
    assert_non_null(strstr(out.disposition, "-excel.csv"));
    hub_console_response_deinit(&out);
    rq.query_format = "xlsx"; /* read back in test_hub_console_reports.c */
    hub_console_handle(&fx->con, &rq, &out);
    assert_int_equal(out.status, 200);
    assert_non_null(strstr(out.disposition, ".xlsx"));
    hub_console_response_deinit(&out);
    rq.query_format = "pdf";
    hub_console_handle(&fx->con, &rq, &out);
    assert_int_equal(out.status, 400);
    hub_console_response_deinit(&out);
    /* Another library's event cannot be exported, and nobody's without a session. */
    rq.query_format = "csv";
    rq.cookie = fx->cookie[2];
    hub_console_handle(&fx->con, &rq, &out);
    assert_int_equal(out.status, 404);
    assert_null(strstr(out.body, "Maija"));
    hub_console_response_deinit(&out);
    rq.cookie = NULL;
    hub_console_handle(&fx->con, &rq, &out);
    assert_int_equal(out.status, 401);
    hub_console_response_deinit(&out);
    assert_int_equal(audit_rows(fx), audit + 3); /* csv, excel, xlsx */
}

static void test_release(void **state)
{
    Fx *fx = *state;
    HubPolicy pol;
    hub_policy_defaults(&pol);
    HubWant want = {.grant = "0000000a-0000-4000-8000-00000000000a", .event_id = "e2", .want = 2};
    char err[256];
    assert_int_equal(fx->st->grants(fx->st, fx->dev, &pol, NULL, 0, &want, 1, T0, err, sizeof err),
                     AUKIO_OK);
    assert_int_equal(want.seats, 2);
    Got g = call(fx, 0, "GET", "/console/api/kiosks", NULL, NULL, NULL, T0);
    json_t *k = json_array_get(json_object_get(g.j, "kiosks"), 0);
    assert_int_equal(json_integer_value(json_object_get(k, "held")), 2);
    assert_int_equal(json_integer_value(json_object_get(k, "grants")), 1);
    json_decref(g.j);
    /* Not another library's; and not without the token. */
    g = call(fx, 2, "POST", "/console/api/kiosks/release", NULL, "{\"name\":\"lahti-aula\"}",
             fx->csrf[2], T0);
    assert_int_equal(g.status, 404);
    json_decref(g.j);
    g = call(fx, 1, "POST", "/console/api/kiosks/release", NULL, "{\"name\":\"lahti-aula\"}", NULL,
             T0);
    assert_int_equal(g.status, 403);
    json_decref(g.j);
    int audit = audit_rows(fx);
    g = call(fx, 1, "POST", "/console/api/kiosks/release", NULL, "{\"name\":\"lahti-aula\"}",
             fx->csrf[1], T0);
    assert_int_equal(g.status, 200);
    assert_int_equal(json_integer_value(json_object_get(g.j, "seats")), 2);
    json_decref(g.j);
    assert_int_equal(audit_rows(fx), audit + 1);
    g = call(fx, 0, "GET", "/console/api/kiosks", NULL, NULL, NULL, T0);
    k = json_array_get(json_object_get(g.j, "kiosks"), 0);
    assert_int_equal(json_integer_value(json_object_get(k, "held")), 0);
    json_decref(g.j);
    assert_int_equal(fx->st->check(fx->st, err, sizeof err), AUKIO_OK);
}

static void feedback(Fx *fx, unsigned n, const char *event, int score, const char *comment,
                     const char *reasons)
{
    HubPushItem it = {.op = {.kind = WIRE_OP_FEEDBACK,
                             .event_id = event,
                             .score = score,
                             .comment = comment,
                             .reasons = reasons,
                             .lang = "fi"}};
    snprintf(it.op.uuid, sizeof it.op.uuid, "%08x-0000-4000-8000-%012x", n, n);
    char err[256];
    if (fx->st->push(fx->st, fx->dev, &it, 1, T0, err, sizeof err) != AUKIO_OK)
        fail_msg("push: %s", err);
    free(it.answer);
}

static void test_feedback(void **state)
{
    Fx *fx = *state;
    feedback(fx, 20, "e1", 4, "<b>Kiitos</b>", "topic,instructor");
    feedback(fx, 21, "e1", 4, "", "topic");
    feedback(fx, 22, "e1", 1, "", "");
    feedback(fx, 23, "e2", 3, "Hollolan kommentti", "");
    feedback(fx, 24, "", 2, "Kirjasto yleisesti", "");
    feedback(fx, 25, "gone-event", 3, "", "");
    /* Lahti: its event only, nothing of the library in general. */
    Got g = call(fx, 1, "GET", "/console/api/feedback", NULL, NULL, NULL, T0);
    assert_int_equal(g.status, 200);
    json_t *events = json_object_get(g.j, "events");
    assert_int_equal(json_array_size(events), 1);
    json_t *e = json_array_get(events, 0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(e, "event"), "id")),
                        "e1");
    assert_int_equal(json_integer_value(json_object_get(e, "count")), 3);
    json_t *scores = json_object_get(e, "scores");
    assert_int_equal(json_integer_value(json_array_get(scores, 0)), 1);
    assert_int_equal(json_integer_value(json_array_get(scores, 3)), 2);
    json_t *reasons = json_object_get(e, "reasons");
    assert_int_equal(json_integer_value(json_object_get(reasons, "topic")), 2);
    assert_int_equal(json_integer_value(json_object_get(reasons, "instructor")), 1);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(e, "comments"), 0), "text")),
                        "<b>Kiitos</b>");
    assert_true(json_is_null(json_object_get(g.j, "library")));
    char *text = json_dumps(g.j, 0);
    assert_null(strstr(text, "Hollolan kommentti"));
    assert_null(strstr(text, "Kirjasto yleisesti"));
    free(text);
    json_decref(g.j);
    /* The coordinator: every event, one gone from the catalogue, and the library in general. */
    g = call(fx, 0, "GET", "/console/api/feedback", NULL, NULL, NULL, T0);
    assert_int_equal(json_array_size(json_object_get(g.j, "events")), 3);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(g.j, "library"), "count")),
                     1);
    json_decref(g.j);
}

static void test_admin_pages(void **state)
{
    Fx *fx = *state;
    char err[256];
    HubSourceRow in = {.name = "lahti-ics", .url = "https://example.fi/x.ics", .every_min = 30};
    assert_int_equal(fx->st->source_add(fx->st, &in, T0, err, sizeof err), AUKIO_OK);
    HubSourceRow r = {.tried_at = T0 + 5,
                      .ok = false,
                      .result = "HTTP 500",
                      .failures = 2,
                      .retry_at = T0 + 3600};
    assert_int_equal(fx->st->source_record(fx->st, "lahti-ics", &r, NULL, 0, err, sizeof err),
                     AUKIO_OK);
    /* The coordinators' pages: refused to a library. */
    const char *pages[] = {"/console/api/sources", "/console/api/users"};
    for (int i = 0; i < 2; i++) {
        Got g = call(fx, 1, "GET", pages[i], NULL, NULL, NULL, T0 + 10);
        assert_int_equal(g.status, 403);
        json_decref(g.j);
    }
    Got g = call(fx, 0, "GET", "/console/api/sources", NULL, NULL, NULL, T0 + 10);
    assert_int_equal(g.status, 200);
    json_t *s = json_array_get(json_object_get(g.j, "sources"), 0);
    assert_string_equal(json_string_value(json_object_get(s, "result")), "HTTP 500");
    assert_int_equal(json_integer_value(json_object_get(s, "failures")), 2);
    assert_false(json_is_true(json_object_get(s, "ok")));
    json_decref(g.j);
    /* ... and it is a problem on the overview. */
    g = call(fx, 0, "GET", "/console/api/overview", NULL, NULL, NULL, T0 + 10);
    char kinds[128];
    ids(json_object_get(g.j, "problems"), "kind", kinds, sizeof kinds);
    assert_string_equal(kinds, "source_failed");
    json_decref(g.j);
    g = call(fx, 0, "GET", "/console/api/users", NULL, NULL, NULL, T0 + 10);
    assert_int_equal(g.status, 200);
    char names[128];
    ids(json_object_get(g.j, "users"), "name", names, sizeof names);
    assert_string_equal(names, "anna,hollola,lahti");
    text_absent(g.j, "argon2");
    json_decref(g.j);
}

static void test_event_update(void **state)
{
    Fx *fx = *state;
    char epoch[33], err[256];
    int64_t seq0, seq1, floor;
    assert_int_equal(fx->st->meta(fx->st, epoch, &seq0, &floor, err, sizeof err), AUKIO_OK);
    int audit = audit_rows(fx);
    /* Refused: no token, another library, a bad value, fewer seats than are taken. */
    Got g = call(fx, 1, "POST", "/console/api/event/update", NULL,
                 "{\"event\":\"e1\",\"capacity\":2}", NULL, T0);
    assert_int_equal(g.status, 403);
    json_decref(g.j);
    g = call(fx, 2, "POST", "/console/api/event/update", NULL, "{\"event\":\"e1\",\"capacity\":2}",
             fx->csrf[2], T0);
    assert_int_equal(g.status, 404);
    json_decref(g.j);
    g = call(fx, 1, "POST", "/console/api/event/update", NULL,
             "{\"event\":\"e1\",\"capacity\":\"2\"}", fx->csrf[1], T0);
    assert_int_equal(g.status, 400);
    json_decref(g.j);
    g = call(fx, 1, "POST", "/console/api/event/update", NULL,
             "{\"event\":\"e1\",\"start\":\"tomorrow\"}", fx->csrf[1], T0);
    assert_int_equal(g.status, 400);
    json_decref(g.j);
    g = call(fx, 1, "POST", "/console/api/event/update", NULL, "{\"event\":\"e1\",\"capacity\":0}",
             fx->csrf[1], T0);
    assert_int_equal(g.status, 409);
    json_decref(g.j);
    assert_int_equal(audit_rows(fx), audit);
    assert_int_equal(fx->st->meta(fx->st, epoch, &seq1, &floor, err, sizeof err), AUKIO_OK);
    assert_int_equal(seq1, seq0);
    /* One more seat: the one waiting moves in, kiosks pull the event again, it is written down. */
    g = call(fx, 1, "POST", "/console/api/event/update", NULL, "{\"event\":\"e1\",\"capacity\":2}",
             fx->csrf[1], T0);
    assert_int_equal(g.status, 200);
    assert_string_equal(json_string_value(json_object_get(g.j, "changes")), "capacity 1 -> 2");
    json_decref(g.j);
    assert_int_equal(audit_rows(fx), audit + 1);
    assert_int_equal(fx->st->meta(fx->st, epoch, &seq1, &floor, err, sizeof err), AUKIO_OK);
    assert_true(seq1 > seq0);
    g = call(fx, 1, "GET", "/console/api/event", "e1", NULL, NULL, T0);
    json_t *ev = json_object_get(g.j, "event");
    assert_int_equal(json_integer_value(json_object_get(ev, "capacity")), 2);
    assert_int_equal(json_integer_value(json_object_get(ev, "confirmed")), 2);
    assert_int_equal(json_integer_value(json_object_get(ev, "waitlisted")), 0);
    json_decref(g.j);
    /* A new time as a datetime-local field sends it: Helsinki time (UTC+2 in January). */
    g = call(fx, 1, "POST", "/console/api/event/update", NULL,
             "{\"event\":\"e1\",\"start\":\"2027-01-15T12:30\",\"end\":\"2027-01-15T14:00\"}",
             fx->csrf[1], T0);
    assert_int_equal(g.status, 200);
    json_decref(g.j);
    g = call(fx, 1, "GET", "/console/api/event", "e1", NULL, NULL, T0);
    ev = json_object_get(g.j, "event");
    assert_string_equal(json_string_value(json_object_get(ev, "start")), "2027-01-15T10:30:00Z");
    assert_string_equal(json_string_value(json_object_get(ev, "end")), "2027-01-15T12:00:00Z");
    json_decref(g.j);
    g = call(fx, 1, "POST", "/console/api/event/update", NULL,
             "{\"event\":\"e1\",\"start\":\"2027-01-15T12:30\",\"end\":\"2027-01-15T11:00\"}",
             fx->csrf[1], T0);
    assert_int_equal(g.status, 400); /* the end before the start */
    json_decref(g.j);
    assert_int_equal(fx->st->check(fx->st, err, sizeof err), AUKIO_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_files, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_login, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_csrf, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_reach, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_expiry, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_lockout, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_address_limit, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_problems_and_cancel, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_export, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_release, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_feedback, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_admin_pages, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_event_update, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
