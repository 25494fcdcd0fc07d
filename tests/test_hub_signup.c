/*
 * test_hub_signup.c: one sign-up by its confirmation code through the hub's API (hub_api.c, no
 * sockets): GET /v1/signups/CODE and POST /v1/signups/CODE/cancel, as a kiosk's "My sign-up"
 * asks for a sign-up another kiosk took. Found, not found, malformed, unauthorised, revoked,
 * another device's sign-up, a code two devices gave out, the waiting list promoted by a cancel,
 * where the cancel is recorded, and the per-device rate bucket. Also the check-in op (issue 10):
 * applied once, the newest change winning whatever the order, another device's sign-up refused.
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
#include <sqlite3.h>

#include "hub.h"
#include "hub_api.h"
#include "hub_store.h"
#include "test_db.h"
#include "wire.h"

typedef struct {
    char dir[64];
    char path[96];
    HubStore *st;
    HubApi api;
    int64_t dev[3];
    char auth[3][HUB_TOKEN_BUF + 16];
} Fx;

static int fx_setup(void **state)
{
    Fx *fx = calloc(1, sizeof *fx);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/aukio-test-hubsu-XXXXXX");
    if (!mkdtemp(fx->dir)) return -1;
    snprintf(fx->path, sizeof fx->path, "%s/hub.db", fx->dir);
    char err[256];
    if (hub_store_sqlite_open(&fx->st, fx->path, err, sizeof err) != AUKIO_OK) return -1;
    for (int d = 0; d < 3; d++) {
        char name[16], et[HUB_TOKEN_BUF], dt[HUB_TOKEN_BUF], got[64];
        uint8_t eh[HUB_HASH_LEN], th[HUB_HASH_LEN];
        snprintf(name, sizeof name, "kiosk-%d", d);
        hub_token_new("aue_", et);
        hub_token_new("aud_", dt);
        hub_token_hash(et, eh);
        hub_token_hash(dt, th);
        if (fx->st->device_add(fx->st, name, eh, 1, 0, err, sizeof err) != AUKIO_OK ||
            fx->st->device_enrol(fx->st, eh, th, NULL, 2, got, sizeof got, err, sizeof err) !=
                AUKIO_OK ||
            fx->st->device_auth(fx->st, th, &fx->dev[d], err, sizeof err) != AUKIO_OK)
            return -1;
        snprintf(fx->auth[d], sizeof fx->auth[d], "Bearer %s", dt);
    }
    HubPolicy pol;
    hub_policy_defaults(&pol);
    hub_api_init(&fx->api, fx->st, &pol, 256, 0);
    /* One seat, a waiting list: the sign-ups of the tests. */
    HubEventIn ev = {.id = "e1",
                     .json = "{}",
                     .registration = true,
                     .capacity = 1,
                     .waitlist_capacity = 10,
                     .max_group_size = 4,
                     .start_time = INT64_C(4000000000)};
    if (fx->st->event_import(fx->st, &ev, 1, 100, err, sizeof err) != AUKIO_OK) return -1;
    *state = fx;
    return 0;
}

static int fx_teardown(void **state)
{
    Fx *fx = *state;
    fx->st->close(fx->st);
    test_db_remove(fx->path);
    rmdir(fx->dir);
    free(fx);
    return 0;
}

/* Device D signs up with CODE (uuid number N); returns the push's result. */
static void sign_up(Fx *fx, int d, unsigned n, const char *code)
{
    HubPushItem it = {.op = {.kind = WIRE_OP_SIGNUP,
                             .event_id = "e1",
                             .group_size = 1,
                             .name = "Maija Meikäläinen",
                             .email = "maija@example.fi",
                             .phone = "",
                             .code = code,
                             .lang = "fi"}};
    snprintf(it.op.uuid, sizeof it.op.uuid, "%08x-0000-4000-8000-%012x", n, n);
    char err[256];
    if (fx->st->push(fx->st, fx->dev[d], &it, 1, 200, err, sizeof err) != AUKIO_OK)
        fail_msg("push: %s", err);
    free(it.answer);
}

/* METHOD PATH as device D (-1: no token); the status, the body in *BODY (caller decrefs). */
static unsigned call(Fx *fx, int d, const char *method, const char *path, json_t **body)
{
    HubApiRequest rq = {.method = method,
                        .path = path,
                        .authorization = d >= 0 ? fx->auth[d] : NULL,
                        .mono_ms = 1000};
    HubApiResponse out;
    hub_api_handle(&fx->api, &rq, &out);
    if (body) *body = json_loads(out.body, 0, NULL);
    unsigned status = out.status;
    if (status == 200) assert_null(strstr(out.body, "Maija")), assert_null(strstr(out.body, "@"));
    hub_api_response_deinit(&out);
    return status;
}

static const char *member(json_t *j, const char *key)
{
    return json_string_value(json_object_get(j, key));
}

static void test_lookup(void **state)
{
    Fx *fx = *state;
    sign_up(fx, 0, 1, "AAA222");
    sign_up(fx, 0, 2, "BBB333");
    json_t *j;
    /* Another device asks: the status, the place and the event, no personal data. */
    assert_int_equal(call(fx, 1, "GET", "/v1/signups/AAA222", &j), 200);
    assert_string_equal(member(j, "status"), "confirmed");
    assert_string_equal(member(j, "event_id"), "e1");
    WireSignupInfo info;
    char why[128];
    assert_int_equal(wire_signup_info_parse(j, &info, why, sizeof why), 0);
    assert_int_equal(info.group_size, 1);
    json_decref(j);
    assert_int_equal(call(fx, 1, "GET", "/v1/signups/BBB333", &j), 200);
    assert_string_equal(member(j, "status"), "waitlisted");
    assert_int_equal(json_integer_value(json_object_get(j, "position")), 1);
    json_decref(j);
    /* Unknown, malformed, wrong method, no token. */
    assert_int_equal(call(fx, 1, "GET", "/v1/signups/ZZZ999", &j), 404);
    assert_string_equal(member(j, "error"), WIRE_ERR_NO_SIGNUP);
    json_decref(j);
    assert_int_equal(call(fx, 1, "GET", "/v1/signups/aaa222", NULL), 400);
    assert_int_equal(call(fx, 1, "GET", "/v1/signups/AAA-22", NULL), 400);
    assert_int_equal(call(fx, 1, "GET", "/v1/signups/AAAAAAAAAAAAAAAAAAAAAAAAA", NULL), 400);
    assert_int_equal(call(fx, 1, "GET", "/v1/signups/", NULL), 404);
    assert_int_equal(call(fx, 1, "GET", "/v1/signups/AAA222/other", NULL), 404);
    assert_int_equal(call(fx, 1, "POST", "/v1/signups/AAA222", NULL), 405);
    assert_int_equal(call(fx, 1, "GET", "/v1/signups/AAA222/cancel", NULL), 405);
    assert_int_equal(call(fx, -1, "GET", "/v1/signups/AAA222", &j), 401);
    assert_string_equal(member(j, "error"), WIRE_ERR_UNAUTHORIZED);
    json_decref(j);
    /* A code two devices gave out says nothing about which: not found. */
    sign_up(fx, 2, 3, "AAA222");
    assert_int_equal(call(fx, 1, "GET", "/v1/signups/AAA222", NULL), 404);
    assert_int_equal(call(fx, 1, "POST", "/v1/signups/AAA222/cancel", NULL), 404);
}

/* Where the hub recorded the cancel of sign-up CODE: the device id, 0 for none. */
static int64_t cancelled_by(Fx *fx, const char *code)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    int64_t by = -1;
    assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT coalesce(cancelled_by, 0) FROM signups"
                                        " WHERE code = ?",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) by = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return by;
}

static void test_cancel_by_code(void **state)
{
    Fx *fx = *state;
    sign_up(fx, 0, 1, "AAA222");
    sign_up(fx, 0, 2, "BBB333");
    json_t *j;
    /* Kiosk 1 cancels kiosk 0's confirmed sign-up: the code is the proof. */
    assert_int_equal(call(fx, 1, "POST", "/v1/signups/AAA222/cancel", &j), 200);
    assert_string_equal(member(j, "status"), "cancelled");
    json_decref(j);
    assert_int_equal(cancelled_by(fx, "AAA222"), fx->dev[1]);
    /* The head of the waiting list got the seat. */
    assert_int_equal(call(fx, 2, "GET", "/v1/signups/BBB333", &j), 200);
    assert_string_equal(member(j, "status"), "confirmed");
    json_decref(j);
    /* Twice changes nothing, and the first canceller stays recorded. */
    assert_int_equal(call(fx, 2, "POST", "/v1/signups/AAA222/cancel", &j), 200);
    assert_string_equal(member(j, "status"), "cancelled");
    json_decref(j);
    assert_int_equal(cancelled_by(fx, "AAA222"), fx->dev[1]);
    assert_int_equal(call(fx, 1, "POST", "/v1/signups/QQQ444/cancel", NULL), 404);
    assert_int_equal(call(fx, -1, "POST", "/v1/signups/BBB333/cancel", NULL), 401);
    char err[512];
    if (fx->st->check(fx->st, err, sizeof err) != AUKIO_OK) fail_msg("%s", err);
    /* A revoked kiosk asks nothing more. */
    assert_int_equal(fx->st->device_revoke(fx->st, "kiosk-2", 300, err, sizeof err), AUKIO_OK);
    assert_int_equal(call(fx, 2, "GET", "/v1/signups/BBB333", NULL), 401);
}

static void test_rate(void **state)
{
    Fx *fx = *state;
    sign_up(fx, 0, 1, "AAA222");
    hub_api_set_rate(&fx->api, 1, 3);
    /* Guessing through a kiosk: every lookup takes a token of the device's bucket. */
    for (int i = 0; i < 3; i++)
        assert_int_equal(call(fx, 1, "GET", "/v1/signups/ZZZ999", NULL), 404);
    assert_int_equal(call(fx, 1, "GET", "/v1/signups/AAA222", NULL), 429);
    assert_int_equal(call(fx, 1, "POST", "/v1/signups/AAA222/cancel", NULL), 429);
    /* Another device's bucket is its own. */
    assert_int_equal(call(fx, 2, "GET", "/v1/signups/AAA222", NULL), 200);
}

/* Device D pushes a check-in (op uuid number N) of sign-up number SU at kiosk time AT; the
 * answer's result. */
static char *check_in(Fx *fx, int d, unsigned n, unsigned su, bool attended, int64_t at)
{
    HubPushItem it = {.op = {.kind = WIRE_OP_CHECKIN, .attended = attended, .created_at = at}};
    snprintf(it.op.uuid, sizeof it.op.uuid, "%08x-0000-4000-8000-%012x", n, n);
    snprintf(it.op.signup, sizeof it.op.signup, "%08x-0000-4000-8000-%012x", su, su);
    char err[256];
    if (fx->st->push(fx->st, fx->dev[d], &it, 1, 300, err, sizeof err) != AUKIO_OK)
        fail_msg("push: %s", err);
    return it.answer;
}

static int attended(Fx *fx, const char *code, int64_t *at)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT attended, attended_at FROM signups WHERE code = ?",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int v = sqlite3_column_int(st, 0);
    *at = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void test_checkin(void **state)
{
    Fx *fx = *state;
    int64_t at = 0;
    sign_up(fx, 0, 1, "AAA222");
    char *a = check_in(fx, 0, 100, 1, true, 5000);
    assert_non_null(strstr(a, "\"result\":\"ok\""));
    assert_int_equal(attended(fx, "AAA222", &at), 1);
    assert_true(at == 5000);
    /* The same op again (a lost answer): the same answer, nothing changes. */
    char *again = check_in(fx, 0, 100, 1, true, 5000);
    assert_string_equal(a, again);
    free(again);
    free(a);
    /* The undo, then an older op arriving late: the newest change stays. */
    free(check_in(fx, 0, 101, 1, false, 5010));
    assert_int_equal(attended(fx, "AAA222", &at), 0);
    a = check_in(fx, 0, 102, 1, true, 5005);
    assert_non_null(strstr(a, "\"result\":\"ok\""));
    free(a);
    assert_int_equal(attended(fx, "AAA222", &at), 0);
    assert_true(at == 5010);
    /* Another device cannot check in this device's sign-up; an unknown one is not found. */
    a = check_in(fx, 1, 103, 1, true, 6000);
    assert_non_null(strstr(a, "\"reason\":\"not_found\""));
    free(a);
    a = check_in(fx, 0, 104, 77, true, 6000);
    assert_non_null(strstr(a, "\"reason\":\"not_found\""));
    free(a);
    assert_int_equal(attended(fx, "AAA222", &at), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lookup, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cancel_by_code, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_rate, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_checkin, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
