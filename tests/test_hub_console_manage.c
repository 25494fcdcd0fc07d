/*
 * test_hub_console_manage.c: the coordinators' changes from the console's pages in-process
 * (hub_console_manage.c; no sockets): sources added, refused (a bad URL, name, kind or interval
 * says which field and why, and changes nothing), removed, fetched (a feed that cannot be reached
 * is an outcome, recorded); users added with an Argon2id hash who can then sign in, refused
 * (name, role, venues, password), given a new password, removed (not oneself, never the last
 * coordinator); every change in the audit log; each refused without the CSRF token (403, nothing
 * changed) and to a library user (403). And the feedback page's counts by the hour and the
 * newest comments kept.
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

typedef struct {
    char dir[64];
    char path[96];
    HubStore *st;
    HubConsole con;
    int64_t dev;
    char cookie[3][128]; /* anna (coordinator), lahti (library), a third one signed in later */
    char csrf[3][HUB_CSRF_BUF];
} Fx;

typedef struct {
    unsigned status;
    json_t *j;
    char set_cookie[HUB_COOKIE_BUF];
} Got;

static Got call(Fx *fx, int u, const char *method, const char *path, const char *body,
                const char *csrf)
{
    HubConsoleRequest rq = {.method = method,
                            .path = path,
                            .cookie = u >= 0 ? fx->cookie[u] : NULL,
                            .csrf = csrf,
                            .content_type = body ? "application/json" : NULL,
                            .address = "192.0.2.1",
                            .body = body,
                            .body_len = body ? strlen(body) : 0,
                            .now = T0};
    HubConsoleResponse out;
    hub_console_handle(&fx->con, &rq, &out);
    Got g = {.status = out.status};
    memcpy(g.set_cookie, out.set_cookie, sizeof g.set_cookie);
    g.j = strncmp(out.content_type, "application/json", 16) == 0 ? json_loads(out.body, 0, NULL)
                                                                 : NULL;
    hub_console_response_deinit(&out);
    return g;
}

/* A POST as U with its own CSRF token; the status, the answer freed. */
static unsigned post(Fx *fx, int u, const char *path, const char *body)
{
    Got g = call(fx, u, "POST", path, body, fx->csrf[u]);
    json_decref(g.j);
    return g.status;
}

/* Signs USER in with PASSWORD as slot U; the status. */
static unsigned sign_in_as(Fx *fx, int u, const char *user, const char *password)
{
    char body[256];
    snprintf(body, sizeof body, "{\"name\":\"%s\",\"password\":\"%s\"}", user, password);
    Got g = call(fx, -1, "POST", "/console/api/login", body, NULL);
    unsigned status = g.status;
    if (status == 200) {
        const char *v = strchr(g.set_cookie, '=');
        assert_non_null(v);
        snprintf(fx->cookie[u], sizeof fx->cookie[u], HUB_SESSION_COOKIE "=%.*s",
                 (int)(strchr(v, ';') - v - 1), v + 1);
        snprintf(fx->csrf[u], sizeof fx->csrf[u], "%s",
                 json_string_value(json_object_get(g.j, "csrf")));
    }
    json_decref(g.j);
    return status;
}

static int fx_setup(void **state)
{
    Fx *fx = calloc(1, sizeof *fx);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/aukio-test-hubman-XXXXXX");
    if (!mkdtemp(fx->dir)) return -1;
    snprintf(fx->path, sizeof fx->path, "%s/hub.db", fx->dir);
    char err[256], hash[HUB_PW_HASH_MAX];
    if (hub_store_sqlite_open(&fx->st, fx->path, err, sizeof err) != AUKIO_OK) return -1;
    if (hub_console_init(&fx->con, fx->st, SOURCE_DIR "/console", false, 1800, err, sizeof err) !=
        AUKIO_OK)
        return -1;
    const HubConsoleStore *cs = fx->st->console;
    HubActor by = {"cli", T0};
    const char *lahti[] = {"Lahden pääkirjasto"};
    if (hub_password_hash(PW, hash, err, sizeof err) != AUKIO_OK ||
        cs->user_add(fx->st, "anna", HUB_ROLE_COORDINATOR, NULL, 0, hash, &by, err, sizeof err) ||
        cs->user_add(fx->st, "lahti", HUB_ROLE_LIBRARY, lahti, 1, hash, &by, err, sizeof err))
        return -1;
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
    if (sign_in_as(fx, 0, "anna", PW) != 200 || sign_in_as(fx, 1, "lahti", PW) != 200) return -1;
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

static int count_row(void *ud, const void *r)
{
    (void)r;
    (*(int *)ud)++;
    return 0;
}

static int on_audit(void *ud, const HubAuditRow *r)
{
    return count_row(ud, r);
}
static int on_source(void *ud, const HubSourceRow *r)
{
    return count_row(ud, r);
}
static int on_user(void *ud, const HubUserRow *r)
{
    return count_row(ud, r);
}

static int audit_rows(Fx *fx)
{
    int n = 0;
    char err[256];
    assert_int_equal(fx->st->console->audit_list(fx->st, 1000, on_audit, &n, err, sizeof err),
                     AUKIO_OK);
    return n;
}

static int sources(Fx *fx)
{
    int n = 0;
    char err[256];
    assert_int_equal(fx->st->source_list(fx->st, NULL, on_source, &n, err, sizeof err), AUKIO_OK);
    return n;
}

static int users(Fx *fx)
{
    int n = 0;
    char err[256];
    assert_int_equal(fx->st->console->user_list(fx->st, on_user, &n, err, sizeof err), AUKIO_OK);
    return n;
}

/* BODY refused with 400 naming FIELD, and nothing changed. */
static void refused(Fx *fx, const char *path, const char *body, const char *field)
{
    int audit = audit_rows(fx), s = sources(fx), u = users(fx);
    Got g = call(fx, 0, "POST", path, body, fx->csrf[0]);
    assert_int_equal(g.status, 400);
    assert_string_equal(json_string_value(json_object_get(g.j, "field")), field);
    const char *why = json_string_value(json_object_get(g.j, "message"));
    assert_non_null(why);
    assert_true(strlen(why) > 10);
    json_decref(g.j);
    assert_int_equal(audit_rows(fx), audit);
    assert_int_equal(sources(fx), s);
    assert_int_equal(users(fx), u);
}

static void test_sources(void **state)
{
    Fx *fx = *state;
    const char *add = "{\"name\":\"lahti-ics\",\"url\":\"http://127.0.0.1:1/lahti.ics\","
                      "\"kind\":\"ics\",\"every\":30}";
    /* Without the token, or as a library: 403 and nothing changed. */
    int audit = audit_rows(fx);
    Got g = call(fx, 0, "POST", "/console/api/sources/add", add, NULL);
    assert_int_equal(g.status, 403);
    json_decref(g.j);
    g = call(fx, 0, "POST", "/console/api/sources/add", add, fx->csrf[1]);
    assert_int_equal(g.status, 403);
    json_decref(g.j);
    assert_int_equal(post(fx, 1, "/console/api/sources/add", add), 403);
    assert_int_equal(sources(fx), 0);
    assert_int_equal(audit_rows(fx), audit);
    /* What `source add` refuses, the page is refused, with where and why. */
    refused(fx, "/console/api/sources/add",
            "{\"name\":\"x\",\"url\":\"ftp://example.fi/x.ics\",\"kind\":\"ics\"}", "url");
    refused(fx, "/console/api/sources/add",
            "{\"name\":\"x\",\"url\":\"javascript:alert(1)\",\"kind\":\"ics\"}", "url");
    refused(fx, "/console/api/sources/add",
            "{\"name\":\"a b\",\"url\":\"https://example.fi/x.ics\",\"kind\":\"ics\"}", "name");
    refused(fx, "/console/api/sources/add",
            "{\"name\":\"x\",\"url\":\"https://example.fi/x.ics\",\"kind\":\"rss\"}", "kind");
    refused(fx, "/console/api/sources/add",
            "{\"name\":\"x\",\"url\":\"https://example.fi/x.ics\",\"kind\":\"ics\",\"every\":0}",
            "every");
    refused(fx, "/console/api/sources/add",
            "{\"name\":\"x\",\"url\":\"https://example.fi/x.ics\",\"kind\":\"ics\","
            "\"venue\":\"a\\nb\"}",
            "venue");
    /* Added, once; written down. */
    assert_int_equal(post(fx, 0, "/console/api/sources/add", add), 200);
    assert_int_equal(post(fx, 0, "/console/api/sources/add", add), 409);
    assert_int_equal(sources(fx), 1);
    assert_int_equal(audit_rows(fx), audit + 1);
    g = call(fx, 0, "GET", "/console/api/sources", NULL, NULL);
    json_t *s = json_array_get(json_object_get(g.j, "sources"), 0);
    assert_int_equal(json_integer_value(json_object_get(s, "every_min")), 30);
    assert_int_equal(json_integer_value(json_object_get(s, "next_at")), 0); /* never tried */
    json_decref(g.j);
    /* Fetched now: nothing listens there, which is the outcome, recorded with the next try. */
    assert_int_equal(post(fx, 1, "/console/api/sources/fetch", "{\"name\":\"lahti-ics\"}"), 403);
    g = call(fx, 0, "POST", "/console/api/sources/fetch", "{\"name\":\"lahti-ics\"}", NULL);
    assert_int_equal(g.status, 403);
    json_decref(g.j);
    g = call(fx, 0, "POST", "/console/api/sources/fetch", "{\"name\":\"lahti-ics\"}", fx->csrf[0]);
    assert_int_equal(g.status, 200);
    json_t *f = json_object_get(g.j, "fetched");
    assert_false(json_is_true(json_object_get(f, "ok")));
    assert_true(strlen(json_string_value(json_object_get(f, "result"))) > 0);
    json_decref(g.j);
    assert_int_equal(audit_rows(fx), audit + 2);
    g = call(fx, 0, "GET", "/console/api/sources", NULL, NULL);
    s = json_array_get(json_object_get(g.j, "sources"), 0);
    assert_true(json_integer_value(json_object_get(s, "next_at")) > 0);
    json_decref(g.j);
    assert_int_equal(post(fx, 0, "/console/api/sources/fetch", "{\"name\":\"nope\"}"), 404);
    /* Removed: not without the token, not by a library; then gone. */
    g = call(fx, 0, "POST", "/console/api/sources/remove", "{\"name\":\"lahti-ics\"}", NULL);
    assert_int_equal(g.status, 403);
    json_decref(g.j);
    assert_int_equal(post(fx, 1, "/console/api/sources/remove", "{\"name\":\"lahti-ics\"}"), 403);
    assert_int_equal(sources(fx), 1);
    assert_int_equal(post(fx, 0, "/console/api/sources/remove", "{\"name\":\"lahti-ics\"}"), 200);
    assert_int_equal(post(fx, 0, "/console/api/sources/remove", "{\"name\":\"lahti-ics\"}"), 404);
    assert_int_equal(sources(fx), 0);
    assert_int_equal(audit_rows(fx), audit + 3);
}

static void test_users(void **state)
{
    Fx *fx = *state;
    const char *add = "{\"name\":\"hollola\",\"role\":\"library\",\"venues\":[\"aukio:hollola\"],"
                      "\"password\":\"hollolan salasana\"}";
    int audit = audit_rows(fx);
    Got g = call(fx, 0, "POST", "/console/api/users/add", add, NULL);
    assert_int_equal(g.status, 403);
    json_decref(g.j);
    assert_int_equal(post(fx, 1, "/console/api/users/add", add), 403);
    assert_int_equal(users(fx), 2);
    assert_int_equal(audit_rows(fx), audit);
    refused(fx, "/console/api/users/add",
            "{\"name\":\"a b\",\"role\":\"library\",\"venues\":[\"x\"],\"password\":\"pitka "
            "salasana\"}",
            "name");
    refused(fx, "/console/api/users/add",
            "{\"name\":\"x\",\"role\":\"admin\",\"password\":\"pitka salasana\"}", "role");
    refused(fx, "/console/api/users/add",
            "{\"name\":\"x\",\"role\":\"library\",\"password\":\"pitka salasana\"}", "venues");
    refused(fx, "/console/api/users/add",
            "{\"name\":\"x\",\"role\":\"coordinator\",\"venues\":[\"y\"],\"password\":\"pitka "
            "salasana\"}",
            "venues");
    refused(fx, "/console/api/users/add",
            "{\"name\":\"x\",\"role\":\"coordinator\",\"password\":\"short\"}", "password");
    /* Added: the new user signs in with the password the coordinator typed, kept as Argon2id. */
    assert_int_equal(post(fx, 0, "/console/api/users/add", add), 200);
    assert_int_equal(post(fx, 0, "/console/api/users/add", add), 409);
    assert_int_equal(audit_rows(fx), audit + 1);
    HubUser u;
    char err[256];
    assert_int_equal(fx->st->console->user_get(fx->st, "hollola", 0, &u, err, sizeof err),
                     AUKIO_OK);
    assert_int_equal(strncmp(u.pw_hash, "$argon2id$", 10), 0);
    assert_int_equal(u.role, HUB_ROLE_LIBRARY);
    assert_string_equal(u.venues[0], "aukio:hollola");
    assert_int_equal(sign_in_as(fx, 2, "hollola", "hollolan salasana"), 200);
    /* A new password: the old one no longer works, the user is signed out. */
    const char *pw = "{\"name\":\"hollola\",\"password\":\"uusi salasana 2\"}";
    g = call(fx, 0, "POST", "/console/api/users/passwd", pw, NULL);
    assert_int_equal(g.status, 403);
    json_decref(g.j);
    assert_int_equal(post(fx, 1, "/console/api/users/passwd", pw), 403);
    refused(fx, "/console/api/users/passwd", "{\"name\":\"hollola\",\"password\":\"x\"}",
            "password");
    assert_int_equal(post(fx, 0, "/console/api/users/passwd", pw), 200);
    g = call(fx, 2, "GET", "/console/api/session", NULL, NULL);
    assert_int_equal(g.status, 401);
    json_decref(g.j);
    assert_int_equal(sign_in_as(fx, 2, "hollola", "hollolan salasana"), 401);
    assert_int_equal(sign_in_as(fx, 2, "hollola", "uusi salasana 2"), 200);
    assert_int_equal(post(fx, 0, "/console/api/users/passwd",
                          "{\"name\":\"nobody\",\"password\":\"uusi salasana 2\"}"),
                     404);
    /* Removed: not oneself, never the last coordinator, not by a library. */
    assert_int_equal(post(fx, 0, "/console/api/users/remove", "{\"name\":\"anna\"}"), 409);
    assert_int_equal(post(fx, 1, "/console/api/users/remove", "{\"name\":\"hollola\"}"), 403);
    g = call(fx, 0, "POST", "/console/api/users/remove", "{\"name\":\"hollola\"}", NULL);
    assert_int_equal(g.status, 403);
    json_decref(g.j);
    assert_int_equal(post(fx, 0, "/console/api/users/remove", "{\"name\":\"hollola\"}"), 200);
    assert_int_equal(users(fx), 2);
    assert_int_equal(sign_in_as(fx, 2, "hollola", "uusi salasana 2"), 401);
    /* A second coordinator may remove the first, but then not itself (the last). */
    assert_int_equal(post(fx, 0, "/console/api/users/add",
                          "{\"name\":\"berit\",\"role\":\"coordinator\",\"password\":\"beritin "
                          "salasana\"}"),
                     200);
    assert_int_equal(sign_in_as(fx, 2, "berit", "beritin salasana"), 200);
    assert_int_equal(post(fx, 2, "/console/api/users/remove", "{\"name\":\"anna\"}"), 200);
    int before = audit_rows(fx);
    HubActor by = {"berit", T0};
    assert_int_equal(fx->st->console->user_remove_keep(fx->st, "berit", &by, err, sizeof err),
                     AUKIO_ERR_INVALID);
    assert_non_null(strstr(err, "last coordinator"));
    assert_int_equal(audit_rows(fx), before);
    assert_int_equal(users(fx), 2); /* berit, lahti */
}

static void feedback(Fx *fx, unsigned n, const char *event, int score, const char *comment,
                     int64_t at)
{
    HubPushItem it = {.op = {.kind = WIRE_OP_FEEDBACK,
                             .event_id = event,
                             .score = score,
                             .comment = comment,
                             .reasons = "",
                             .lang = "fi",
                             .created_at = at}};
    snprintf(it.op.uuid, sizeof it.op.uuid, "%08x-0000-4000-8000-%012x", n, n);
    char err[256];
    if (fx->st->push(fx->st, fx->dev, &it, 1, T0, err, sizeof err) != AUKIO_OK)
        fail_msg("push: %s", err);
    free(it.answer);
}

static void test_feedback_hours(void **state)
{
    Fx *fx = *state;
    /* The library in general: two in one hour, one an hour later; 205 comments. */
    feedback(fx, 1, "", 4, "", T0);
    feedback(fx, 2, "", 1, "", T0 + 60);
    feedback(fx, 3, "", 3, "", T0 + 3600);
    char text[32];
    for (unsigned i = 0; i < 205; i++) {
        snprintf(text, sizeof text, "kommentti %u", i);
        feedback(fx, 100 + i, "", 2, text, T0 + 7200 + i);
    }
    Got g = call(fx, 0, "GET", "/console/api/feedback", NULL, NULL);
    assert_int_equal(g.status, 200);
    json_t *lib = json_object_get(g.j, "library");
    /* [hour, smiley 1 .. 4, ...]: two in the first hour, one in the next, 205 in the third. */
    json_t *hours = json_object_get(lib, "hours");
    const json_int_t h0 = T0 / 3600;
    const json_int_t want[] = {h0, 1, 0, 0, 1, h0 + 1, 0, 0, 1, 0, h0 + 2, 0, 205, 0, 0};
    assert_int_equal(json_array_size(hours), 15);
    for (size_t i = 0; i < 15; i++)
        assert_int_equal(json_integer_value(json_array_get(hours, i)), want[i]);
    /* The newest 200 comments are kept, all are counted. */
    json_t *comments = json_object_get(lib, "comments");
    assert_int_equal(json_array_size(comments), 200);
    assert_int_equal(json_integer_value(json_object_get(lib, "comments_total")), 205);
    assert_string_equal(json_string_value(json_object_get(json_array_get(comments, 199), "text")),
                        "kommentti 204");
    assert_string_equal(json_string_value(json_object_get(json_array_get(comments, 0), "text")),
                        "kommentti 5");
    json_decref(g.j);
}

static void test_chart_library(void **state)
{
    Fx *fx = *state;
    /* The page's own files and Debian's Chart.js, when it is installed. */
    Got g = call(fx, -1, "GET", "/console/charts.js", NULL, NULL);
    assert_int_equal(g.status, 200);
    g = call(fx, -1, "GET", "/console/manage.js", NULL, NULL);
    assert_int_equal(g.status, 200);
    g = call(fx, -1, "GET", "/console/lib/chart.min.js", NULL, NULL);
    assert_int_equal(g.status, access(HUB_CONSOLE_CHARTJS, R_OK) == 0 ? 200 : 404);
    json_decref(g.j);
    g = call(fx, -1, "GET", "/console/lib/", NULL, NULL);
    assert_int_equal(g.status, 404);
    json_decref(g.j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sources, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_users, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_feedback_hours, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_chart_library, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
