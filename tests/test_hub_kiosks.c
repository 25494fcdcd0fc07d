/*
 * test_hub_kiosks.c: what kiosks report and how they are enrolled from the console (issue 13):
 * the report's query (wire_kiosk.h) both ways; a pull with a report stores it (schema v16) and
 * the console's kiosks and overview show it; a pull without one (an older kiosk) works and shows
 * nothing; a malformed one is a 400 and changes nothing; the enrolment text both ways and every
 * malformed one refused; a kiosk added with the page's address gets its text and a QR code (an
 * SVG data: URL); the overview's problems (silent kiosk, failed source, mail that bounced, per
 * event, with where to act); an event made on a kiosk names it; the access log's console paths.
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
#include <sodium.h>
#include <sqlite3.h>

#include "hub.h"
#include "hub_api.h"
#include "hub_console.h"
#include "hub_store.h"
#include "hub_store_console.h"
#include "test_db.h"
#include "wire_kiosk.h"

#define T0 INT64_C(1800000000)
#define PW "kirjasto on auki"

typedef struct {
    char dir[64];
    char path[96];
    HubStore *st;
    HubConsole con;
    HubApi api;
    int64_t dev;
    char auth[HUB_TOKEN_BUF + 16];
    char cookie[128];
    char csrf[HUB_CSRF_BUF];
} Fx;

static void sql(Fx *fx, const char *q)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
    char *e = NULL;
    if (sqlite3_exec(db, q, NULL, NULL, &e) != SQLITE_OK) fail_msg("%s: %s", q, e);
    sqlite3_close(db);
}

static json_t *console(Fx *fx, const char *method, const char *path, const char *body,
                       unsigned *status)
{
    HubConsoleRequest rq = {.method = method,
                            .path = path,
                            .cookie = fx->cookie[0] ? fx->cookie : NULL,
                            .csrf = fx->csrf,
                            .content_type = body ? "application/json" : NULL,
                            .address = "192.0.2.1",
                            .body = body,
                            .body_len = body ? strlen(body) : 0,
                            .now = T0 + 100};
    HubConsoleResponse out;
    hub_console_handle(&fx->con, &rq, &out);
    if (status) *status = out.status;
    json_t *j = json_loads(out.body, 0, NULL);
    if (out.set_cookie[0] && !fx->cookie[0]) {
        const char *v = strchr(out.set_cookie, '=');
        snprintf(fx->cookie, sizeof fx->cookie, HUB_SESSION_COOKIE "=%.*s",
                 (int)(strchr(v, ';') - v - 1), v + 1);
        snprintf(fx->csrf, sizeof fx->csrf, "%s", json_string_value(json_object_get(j, "csrf")));
    }
    hub_console_response_deinit(&out);
    return j;
}

/* GET /v1/changes as the kiosk with WAITING and VERSION in the query (NULL: absent). */
static unsigned pull(Fx *fx, const char *waiting, const char *version)
{
    HubApiRequest rq = {.method = "GET",
                        .path = "/v1/changes",
                        .waiting = waiting,
                        .version = version,
                        .authorization = fx->auth,
                        .mono_ms = 1000};
    HubApiResponse out;
    hub_api_handle(&fx->api, &rq, &out);
    unsigned status = out.status;
    hub_api_response_deinit(&out);
    return status;
}

static int fx_setup(void **state)
{
    Fx *fx = calloc(1, sizeof *fx);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/aukio-test-hubkio-XXXXXX");
    if (!mkdtemp(fx->dir)) return -1;
    snprintf(fx->path, sizeof fx->path, "%s/hub.db", fx->dir);
    char err[256], hash[HUB_PW_HASH_MAX];
    if (hub_store_sqlite_open(&fx->st, fx->path, err, sizeof err) != AUKIO_OK) return -1;
    if (hub_console_init(&fx->con, fx->st, SOURCE_DIR "/console", false, 1800, err, sizeof err) !=
        AUKIO_OK)
        return -1;
    HubPolicy pol;
    hub_policy_defaults(&pol);
    hub_api_init(&fx->api, fx->st, &pol, 256, 0);
    HubActor by = {"cli", T0};
    if (hub_password_hash(PW, hash, err, sizeof err) != AUKIO_OK ||
        fx->st->console->user_add(fx->st, "anna", HUB_ROLE_COORDINATOR, NULL, 0, hash, &by, err,
                                  sizeof err) != AUKIO_OK)
        return -1;
    char et[HUB_TOKEN_BUF], dt[HUB_TOKEN_BUF], got[64];
    uint8_t eh[HUB_HASH_LEN], th[HUB_HASH_LEN];
    hub_token_new("aue_", et);
    hub_token_new("aud_", dt);
    hub_token_hash(et, eh);
    hub_token_hash(dt, th);
    if (fx->st->console->device_add(fx->st, "lahti-aula", "Lahti", eh, T0 + 86400, &by, err,
                                    sizeof err) != AUKIO_OK ||
        fx->st->device_enrol(fx->st, eh, th, NULL, T0, got, sizeof got, err, sizeof err) !=
            AUKIO_OK ||
        fx->st->device_auth(fx->st, th, &fx->dev, err, sizeof err) != AUKIO_OK)
        return -1;
    snprintf(fx->auth, sizeof fx->auth, "Bearer %s", dt);
    json_t *j = console(fx, "POST", "/console/api/login",
                        "{\"name\":\"anna\",\"password\":\"" PW "\"}", NULL);
    json_decref(j);
    if (!fx->cookie[0]) return -1;
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

/* The console's row of the kiosk "lahti-aula" (borrowed from *LIST, which the caller decrefs). */
static json_t *kiosk_row(Fx *fx, json_t **list)
{
    unsigned status = 0;
    *list = console(fx, "GET", "/console/api/kiosks", NULL, &status);
    assert_int_equal(status, 200);
    json_t *k = json_array_get(json_object_get(*list, "kiosks"), 0);
    assert_string_equal(json_string_value(json_object_get(k, "name")), "lahti-aula");
    return k;
}

/* ---- The report --------------------------------------------------------------------------- */

static void test_report_query(void **state)
{
    (void)state;
    char q[96], why[128];
    assert_int_equal(wire_report_query(q, sizeof q, 3, "0.1.0"), 0);
    assert_string_equal(q, "&waiting=3&version=0.1.0");
    assert_int_equal(wire_report_query(q, sizeof q, 1, "1.0+deb1"), 0);
    assert_string_equal(q, "&waiting=1&version=1.0%2Bdeb1");
    assert_int_equal(wire_report_query(q, sizeof q, 1, "1.0 beta"), -1);
    assert_int_equal(wire_report_query(q, 8, 1, "0.1.0"), -1);
    WireReport r;
    assert_int_equal(wire_report_parse(NULL, NULL, &r, why, sizeof why), 0);
    assert_false(r.present);
    assert_int_equal(wire_report_parse("12", "0.1.0", &r, why, sizeof why), 0);
    assert_true(r.present);
    assert_int_equal(r.waiting, 12);
    assert_string_equal(r.version, "0.1.0");
    const char *bad[][2] = {{"12", NULL},          {NULL, "0.1.0"},
                            {"-1", "0.1.0"},       {"+1", "0.1.0"},
                            {"", "0.1.0"},         {"1x", "0.1.0"},
                            {"99999999", "0.1.0"}, {"1", ""},
                            {"1", "<b>"},          {"1", "012345678901234567890123456789012"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why[0] = '\0';
        assert_int_equal(wire_report_parse(bad[i][0], bad[i][1], &r, why, sizeof why), -1);
        assert_false(r.present);
        assert_true(why[0] != '\0');
    }
}

static void test_pull_report_stored(void **state)
{
    Fx *fx = *state;
    json_t *list;
    /* Never reported (an older kiosk, or none yet): -1 and no version. */
    json_t *k = kiosk_row(fx, &list);
    assert_int_equal(json_integer_value(json_object_get(k, "waiting")), -1);
    assert_string_equal(json_string_value(json_object_get(k, "version")), "");
    json_decref(list);
    /* An older kiosk's pull, without a report, works as before and reports nothing. */
    assert_int_equal(pull(fx, NULL, NULL), 200);
    k = kiosk_row(fx, &list);
    assert_int_equal(json_integer_value(json_object_get(k, "waiting")), -1);
    json_decref(list);
    /* A report is stored, and the latest one wins. */
    assert_int_equal(pull(fx, "7", "0.1.0"), 200);
    assert_int_equal(pull(fx, "2", "0.2.0~rc1"), 200);
    k = kiosk_row(fx, &list);
    assert_int_equal(json_integer_value(json_object_get(k, "waiting")), 2);
    assert_string_equal(json_string_value(json_object_get(k, "version")), "0.2.0~rc1");
    assert_true(json_integer_value(json_object_get(k, "reported_at")) > 0);
    json_decref(list);
    /* A malformed report is a 400 and changes nothing. */
    assert_int_equal(pull(fx, "lots", "0.3.0"), 400);
    assert_int_equal(pull(fx, "5", NULL), 400);
    assert_int_equal(pull(fx, "5", "0.3.0; DROP TABLE"), 400);
    k = kiosk_row(fx, &list);
    assert_int_equal(json_integer_value(json_object_get(k, "waiting")), 2);
    assert_string_equal(json_string_value(json_object_get(k, "version")), "0.2.0~rc1");
    json_decref(list);
    /* The overview's kiosks carry them too. */
    json_t *o = console(fx, "GET", "/console/api/overview", NULL, NULL);
    k = json_array_get(json_object_get(o, "kiosks"), 0);
    assert_int_equal(json_integer_value(json_object_get(k, "waiting")), 2);
    assert_string_equal(json_string_value(json_object_get(k, "version")), "0.2.0~rc1");
    json_decref(o);
}

/* A report the hub has already is written again only after 5 minutes; a changed one at once. */
static void test_report_refresh(void **state)
{
    Fx *fx = *state;
    char err[256];
    json_t *list;
    HubStore *st = fx->st;
    assert_int_equal(st->device_report(st, fx->dev, 2, "0.1.0", T0, err, sizeof err), AUKIO_OK);
    assert_int_equal(st->device_report(st, fx->dev, 2, "0.1.0", T0 + 10, err, sizeof err),
                     AUKIO_OK);
    json_t *k = kiosk_row(fx, &list);
    assert_int_equal(json_integer_value(json_object_get(k, "reported_at")), T0);
    json_decref(list);
    assert_int_equal(st->device_report(st, fx->dev, 2, "0.1.0", T0 + 301, err, sizeof err),
                     AUKIO_OK);
    k = kiosk_row(fx, &list);
    assert_int_equal(json_integer_value(json_object_get(k, "reported_at")), T0 + 301);
    assert_int_equal(json_integer_value(json_object_get(k, "last_seen")), T0 + 301);
    json_decref(list);
    assert_int_equal(st->device_report(st, fx->dev, 3, "0.1.0", T0 + 302, err, sizeof err),
                     AUKIO_OK);
    assert_int_equal(st->device_report(st, fx->dev, 3, "0.2.0", T0 + 303, err, sizeof err),
                     AUKIO_OK);
    k = kiosk_row(fx, &list);
    assert_int_equal(json_integer_value(json_object_get(k, "reported_at")), T0 + 303);
    assert_int_equal(json_integer_value(json_object_get(k, "waiting")), 3);
    assert_string_equal(json_string_value(json_object_get(k, "version")), "0.2.0");
    json_decref(list);
}

/* ---- Enrolment by QR code ----------------------------------------------------------------- */

static void test_enrol_text(void **state)
{
    (void)state;
    char text[WIRE_ENROL_TEXT_MAX + 1], hub[WIRE_HUB_URL_MAX + 1], token[WIRE_TOKEN_MAX + 1];
    char why[160];
    const char *tok = "aue_Xd9J0GcrBoWogU9aXY3zzz_FRJ08GBTWvWMlFunXT6c";
    assert_int_equal(wire_enrol_text_build(text, sizeof text, "https://hub.example.fi:8443", tok),
                     0);
    assert_int_equal(strcmp(text, "aukio-enrol:v1?hub=https://hub.example.fi:8443&token="
                                  "aue_Xd9J0GcrBoWogU9aXY3zzz_FRJ08GBTWvWMlFunXT6c"),
                     0);
    assert_int_equal(wire_enrol_text_parse(text, hub, token, why, sizeof why), 0);
    assert_string_equal(hub, "https://hub.example.fi:8443");
    assert_string_equal(token, tok);
    /* A path with & and a space is percent-encoded and comes back as it was. */
    assert_int_equal(wire_enrol_text_build(text, sizeof text, "http://127.0.0.1:8080/a&b%c", tok),
                     0);
    assert_non_null(strstr(text, "hub=http://127.0.0.1:8080/a%26b%25c&"));
    assert_int_equal(wire_enrol_text_parse(text, hub, token, why, sizeof why), 0);
    assert_string_equal(hub, "http://127.0.0.1:8080/a&b%c");
    /* As a scanner types it: a newline at the end; keys in another order; a later key. */
    assert_int_equal(wire_enrol_text_parse("aukio-enrol:v1?token=aue_abc&later=1&hub=http://h\r\n",
                                           hub, token, why, sizeof why),
                     0);
    assert_string_equal(hub, "http://h");
    assert_string_equal(token, "aue_abc");
    const char *bad[] = {
        "",
        "https://hub.example.fi",
        "aukio-enrol:v2?hub=http://h&token=aue_abc",
        "aukio-enrol:v1?hub=http://h",
        "aukio-enrol:v1?token=aue_abc",
        "aukio-enrol:v1?hub=ftp://h&token=aue_abc",
        "aukio-enrol:v1?hub=http://&token=aue_abc",
        "aukio-enrol:v1?hub=http://h&token=aud_abc",
        "aukio-enrol:v1?hub=http://h&token=aue_a%2Fc",
        "aukio-enrol:v1?hub=http://h%0&token=aue_abc",
        "aukio-enrol:v1?hub=http://h%00x&token=aue_abc",
        "aukio-enrol:v1?hub=http://h x&token=aue_abc",
        "AUKIO-ENROL:V1?hub=http://h&token=aue_abc",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why[0] = '\0';
        strcpy(hub, "x");
        strcpy(token, "x");
        assert_int_equal(wire_enrol_text_parse(bad[i], hub, token, why, sizeof why), -1);
        assert_string_equal(hub, "");
        assert_string_equal(token, "");
        assert_true(strlen(why) > 10);
    }
}

static void test_kiosk_add_qr(void **state)
{
    Fx *fx = *state;
    unsigned status = 0;
    json_t *a = console(
        fx, "POST", "/console/api/kiosks/add",
        "{\"name\":\"hollola\",\"venue\":\"Hollola\",\"hub\":\"http://127.0.0.1:8443\"}", &status);
    assert_int_equal(status, 200);
    const char *token = json_string_value(json_object_get(a, "token"));
    const char *enrol = json_string_value(json_object_get(a, "enrol"));
    const char *qr = json_string_value(json_object_get(a, "qr"));
    assert_non_null(token);
    assert_non_null(enrol);
    char want[512];
    snprintf(want, sizeof want, "aukio-enrol:v1?hub=http://127.0.0.1:8443&token=%s", token);
    assert_string_equal(enrol, want);
    static const char prefix[] = "data:image/svg+xml;base64,";
    assert_non_null(qr);
    assert_int_equal(strncmp(qr, prefix, sizeof prefix - 1), 0);
    unsigned char svg[64 * 1024];
    size_t len = 0;
    assert_int_equal(sodium_base642bin(svg, sizeof svg - 1, qr + sizeof prefix - 1,
                                       strlen(qr + sizeof prefix - 1), NULL, &len, NULL,
                                       sodium_base64_VARIANT_ORIGINAL),
                     0);
    svg[len] = '\0';
    assert_int_equal(strncmp((char *)svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39), 0);
    assert_non_null(strstr((char *)svg, "</svg>"));
    assert_null(strstr((char *)svg, token)); /* the token is in the modules only */
    json_decref(a);
    /* Without the page's address, or with one that is not a hub URL: the token, no code. */
    a = console(fx, "POST", "/console/api/kiosks/add",
                "{\"name\":\"nastola\",\"hub\":\"javascript:x\"}", &status);
    assert_int_equal(status, 200);
    assert_non_null(json_object_get(a, "token"));
    assert_null(json_object_get(a, "qr"));
    assert_null(json_object_get(a, "enrol"));
    json_decref(a);
    /* The SVG itself: square, with the quiet zone. */
    char *s = hub_qr_svg("aukio-enrol:v1?hub=http://h&token=aue_abc");
    assert_non_null(s);
    /* A QR code is 17 + 4 * version modules wide, plus the quiet zone on both sides. */
    const char *vb = strstr(s, "viewBox=\"0 0 ");
    assert_non_null(vb);
    int w = 0, h = 0;
    assert_int_equal(sscanf(vb, "viewBox=\"0 0 %d %d\"", &w, &h), 2);
    assert_int_equal(w, h);
    assert_int_equal((w - 8 - 17) % 4, 0);
    assert_true(w - 8 >= 21);
    free(s);
}

/* ---- Overview: problems first ------------------------------------------------------------- */

static json_t *problem(json_t *o, const char *kind, int nth)
{
    json_t *p;
    size_t i;
    json_array_foreach(json_object_get(o, "problems"), i, p)
    {
        if (strcmp(json_string_value(json_object_get(p, "kind")), kind) == 0 && nth-- == 0)
            return p;
    }
    return NULL;
}

static void test_overview_problems(void **state)
{
    Fx *fx = *state;
    /* The kiosk was last heard from over a day ago; one message bounced for e1 yesterday, two
     * may not have gone for e2, one failed a month ago (no longer a problem). */
    char q[1024];
    snprintf(q, sizeof q,
             "UPDATE devices SET last_seen = %lld;"
             "INSERT INTO mail_outbox(kind, state, event_id, created_at, done_at) VALUES"
             " (0, 3, 'e1', %lld, %lld), (0, 4, 'e2', %lld, %lld), (0, 4, 'e2', %lld, %lld),"
             " (0, 3, 'e1', %lld, %lld), (0, 2, 'e1', %lld, %lld);",
             (long long)(T0 - 2 * 86400), (long long)(T0 - 86400), (long long)(T0 - 86400),
             (long long)T0, (long long)T0, (long long)T0, (long long)T0,
             (long long)(T0 - 30 * 86400), (long long)(T0 - 30 * 86400), (long long)T0,
             (long long)T0);
    sql(fx, q);
    json_t *o = console(fx, "GET", "/console/api/overview", NULL, NULL);
    json_t *k = problem(o, "kiosk_silent", 0);
    assert_non_null(k);
    assert_string_equal(json_string_value(json_object_get(k, "kiosk")), "lahti-aula");
    json_t *m0 = problem(o, "mail_failed", 0), *m1 = problem(o, "mail_failed", 1);
    assert_non_null(m0);
    assert_non_null(m1);
    assert_null(problem(o, "mail_failed", 2));
    /* The newest first: e2's two unsure, then e1's one bounce (the old one is not counted). */
    assert_string_equal(json_string_value(json_object_get(m0, "event")), "e2");
    assert_int_equal(json_integer_value(json_object_get(m0, "unsure")), 2);
    assert_int_equal(json_integer_value(json_object_get(m0, "failed")), 0);
    assert_string_equal(json_string_value(json_object_get(m1, "event")), "e1");
    assert_int_equal(json_integer_value(json_object_get(m1, "failed")), 1);
    json_decref(o);
}

static void test_event_made_by(void **state)
{
    Fx *fx = *state;
    char err[256];
    HubEventIn ev = {.id = "spot1",
                     .json = "{\"id\":\"spot1\",\"name\":{\"fi\":\"Pop-up\"},"
                             "\"start_time\":\"2027-01-15T09:00:00Z\"}",
                     .start_time = T0 + 3600};
    assert_int_equal(fx->st->event_import(fx->st, &ev, 1, T0, err, sizeof err), AUKIO_OK);
    json_t *o;
    HubConsoleRequest rq = {.method = "GET",
                            .path = "/console/api/event",
                            .query_id = "spot1",
                            .cookie = fx->cookie,
                            .address = "192.0.2.1",
                            .now = T0 + 100};
    HubConsoleResponse out;
    hub_console_handle(&fx->con, &rq, &out);
    json_t *j = json_loads(out.body, 0, NULL);
    hub_console_response_deinit(&out);
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "event"), "made_by")),
                        "");
    json_decref(j);
    sql(fx, "UPDATE events SET made_by = (SELECT id FROM devices WHERE name = 'lahti-aula')");
    hub_console_handle(&fx->con, &rq, &out);
    j = json_loads(out.body, 0, NULL);
    hub_console_response_deinit(&out);
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "event"), "made_by")),
                        "lahti-aula");
    json_decref(j);
    o = console(fx, "GET", "/console/api/overview", NULL, NULL);
    json_t *e = json_array_get(json_object_get(o, "events"), 0);
    assert_string_equal(json_string_value(json_object_get(e, "made_by")), "lahti-aula");
    json_decref(o);
}

static void test_access_log_paths(void **state)
{
    (void)state;
    assert_string_equal(hub_console_path_shown("/console/"), "/console/");
    assert_string_equal(hub_console_path_shown("/console/devices.js"), "/console/devices.js");
    assert_string_equal(hub_console_path_shown("/console/api/login"), "/console/api/login");
    assert_string_equal(hub_console_path_shown("/console/api/kiosks/add"),
                        "/console/api/kiosks/add");
    assert_string_equal(hub_console_path_shown("/console/api/maija.meikalainen"),
                        "/console/(other)");
    /* Every call of the pages' table, those of later pages too. */
    assert_string_equal(hub_console_path_shown("/console/api/report"), "/console/api/report");
    assert_string_equal(hub_console_path_shown("/console/api/users/passwd"),
                        "/console/api/users/passwd");
    assert_string_equal(hub_console_path_shown("/console/lib/chart.min.js"),
                        "/console/lib/chart.min.js");
    assert_string_equal(hub_console_path_shown("/console/K7M4QX"), "/console/(other)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_query),
        cmocka_unit_test_setup_teardown(test_pull_report_stored, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_report_refresh, fx_setup, fx_teardown),
        cmocka_unit_test(test_enrol_text),
        cmocka_unit_test_setup_teardown(test_kiosk_add_qr, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_overview_problems, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_event_made_by, fx_setup, fx_teardown),
        cmocka_unit_test(test_access_log_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
