/*
 * test_hub_store.c: the hub's protocol helpers (wire.c), its pure rules (hub_seats.c) and the
 * SQLite store driven directly (no HTTP): data-driven op validation, cursors, JSON escaping, the
 * sign-up decision table, and seat escrow under long random interleavings with the invariant
 * checked after every step. tests/scripts/hub_*.sh cover the same store through real processes.
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
#include "hub_seats.h"
#include "hub_store.h"
#include "test_db.h"
#include "wire.h"

/* ---- wire_op_parse: one row per case ------------------------------------------------------ */

typedef struct {
    const char *json;
    int ok;          /* expected return: 0 or -1 */
    const char *why; /* substring of the reason when rejected */
    bool uuid_kept;  /* rejected but the uuid was read */
} OpCase;

#define U "\"uuid\":\"0f8c0a9e-1b2c-4d3e-8f40-5a6b7c8d9e0f\""

static const OpCase OP_CASES[] = {
    {"{" U ",\"kind\":\"signup\",\"event_id\":\"e\",\"group_size\":1,\"name\":\"A\"}", 0, NULL,
     true},
    {"{" U ",\"kind\":\"signup\",\"event_id\":\"e\",\"group_size\":1,\"name\":\"A\",\"x\":{}}", 0,
     NULL, true},
    {"{" U ",\"kind\":\"signup\",\"event_id\":\"e\",\"group_size\":0,\"name\":\"A\"}", -1,
     "group_size", true},
    {"{" U ",\"kind\":\"signup\",\"event_id\":\"e\",\"name\":\"A\"}", -1, "group_size", true},
    {"{" U ",\"kind\":\"signup\",\"event_id\":\"e\",\"group_size\":1}", -1, "name", true},
    /* A sign-up whose personal data the kiosk's retention period wiped still counts. */
    {"{" U ",\"kind\":\"signup\",\"event_id\":\"e\",\"group_size\":1,\"name\":\"\","
     "\"personal_wiped\":true}",
     0, NULL, true},
    {"{" U ",\"kind\":\"signup\",\"event_id\":\"e\",\"group_size\":1,\"name\":\"\","
     "\"personal_wiped\":false}",
     -1, "name", true},
    {"{" U ",\"kind\":\"signup\",\"group_size\":1,\"name\":\"A\"}", -1, "event_id", true},
    {"{" U ",\"kind\":\"signup\",\"event_id\":\"e\",\"group_size\":1,\"name\":7}", -1, "name",
     true},
    {"{" U ",\"kind\":\"signup\",\"event_id\":\"e\",\"group_size\":1,\"name\":\"A\","
     "\"email\":\""
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "\"}",
     -1, "email", true},
    {"{" U ",\"kind\":\"signup\",\"event_id\":\"e\",\"group_size\":1,\"name\":\"A\","
     "\"phone\":\"+358 40 123 4567 890 1234 5\"}",
     -1, "phone", true},
    {"{" U ",\"kind\":\"signup\",\"event_id\":\"e\",\"group_size\":1,\"name\":\"A\","
     "\"answers\":[1]}",
     -1, "answers", true},
    {"{" U ",\"kind\":\"signup\",\"event_id\":\"e\",\"group_size\":1,\"name\":\"A\","
     "\"answers\":{\"q\":1}}",
     -1, "answers.q", true},
    {"{" U ",\"kind\":\"signup\",\"event_id\":\"e\",\"group_size\":1,\"name\":\"A\","
     "\"grant\":\"nope\"}",
     -1, "grant", true},
    {"{" U ",\"kind\":\"signup\",\"event_id\":\"e\",\"group_size\":1,\"name\":\"A\","
     "\"name\":\"B\",\"lang\":\"de\"}",
     -1, "lang", true},
    {"{" U ",\"kind\":\"signup\",\"event_id\":\"e\",\"group_size\":1,\"name\":\"A\\u0000B\"}", -1,
     "NUL", true},
    {"{" U ",\"kind\":\"cancel\",\"signup\":\"0f8c0a9e-1b2c-4d3e-8f40-5a6b7c8d9e0f\"}", 0, NULL,
     true},
    {"{" U ",\"kind\":\"cancel\"}", -1, "signup", true},
    {"{" U ",\"kind\":\"feedback\",\"score\":1}", 0, NULL, true},
    {"{" U ",\"kind\":\"feedback\",\"score\":4,\"comment\":\"\"}", 0, NULL, true},
    {"{" U ",\"kind\":\"feedback\",\"score\":0}", -1, "score", true},
    {"{" U ",\"kind\":\"feedback\",\"score\":\"4\"}", -1, "score", true},
    {"{" U ",\"kind\":\"feedback\"}", -1, "score", true},
    {"{" U ",\"kind\":\"teleport\"}", -1, "kind", true},
    {"{" U "}", -1, "kind", true},
    {"{\"uuid\":\"0f8c0a9e1b2c4d3e8f405a6b7c8d9e0f\",\"kind\":\"feedback\",\"score\":1}", -1,
     "uuid", false},
    {"{\"uuid\":7,\"kind\":\"feedback\",\"score\":1}", -1, "uuid", false},
    {"{\"kind\":\"feedback\",\"score\":1}", -1, "uuid", false},
    {"[]", -1, "object", false},
    {"null", -1, "object", false},
};

static void test_op_parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof OP_CASES / sizeof OP_CASES[0]; i++) {
        const OpCase *c = &OP_CASES[i];
        json_error_t jerr;
        json_t *j = json_loads(c->json, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
        if (!j) fail_msg("case %zu does not parse: %s", i, jerr.text);
        WireOp op;
        char why[200] = "";
        int rc = wire_op_parse(&op, j, why, sizeof why);
        if (rc != c->ok) fail_msg("case %zu: rc %d, why '%s': %s", i, rc, why, c->json);
        if (c->why && !strstr(why, c->why))
            fail_msg("case %zu: reason '%s' lacks '%s'", i, why, c->why);
        if (c->uuid_kept != (op.uuid[0] != '\0')) fail_msg("case %zu: uuid kept?", i);
        json_decref(j);
    }
}

static void test_text_limits_exact(void **state)
{
    (void)state;
    /* The limits of rules.h hold to the byte: MAX passes, MAX + 1 fails. */
    struct {
        const char *field;
        int max;
    } lim[] = {{"name", SIGNUP_NAME_MAX}, {"email", SIGNUP_EMAIL_MAX}, {"phone", SIGNUP_PHONE_MAX}};
    for (size_t k = 0; k < 3; k++) {
        for (int extra = 0; extra <= 1; extra++) {
            char *s = malloc((size_t)lim[k].max + 2);
            memset(s, 'a', (size_t)lim[k].max + (size_t)extra);
            s[lim[k].max + extra] = '\0';
            json_t *j = json_pack("{s:s, s:s, s:s, s:i, s:s}", "uuid",
                                  "0f8c0a9e-1b2c-4d3e-8f40-5a6b7c8d9e0f", "kind", "signup",
                                  "event_id", "e", "group_size", 1, "name", "A");
            json_object_set_new(j, lim[k].field, json_string(s));
            WireOp op;
            char why[200];
            assert_int_equal(wire_op_parse(&op, j, why, sizeof why), extra ? -1 : 0);
            json_decref(j);
            free(s);
        }
    }
    /* The comment of feedback: 500 bytes of two-byte characters = 250 characters pass. */
    char big[FEEDBACK_COMMENT_MAX + 3];
    for (int i = 0; i < FEEDBACK_COMMENT_MAX; i += 2)
        memcpy(big + i, "\xc3\xa4", 2);
    big[FEEDBACK_COMMENT_MAX] = '\0';
    json_t *j = json_pack("{s:s, s:s, s:i, s:s}", "uuid", "0f8c0a9e-1b2c-4d3e-8f40-5a6b7c8d9e0f",
                          "kind", "feedback", "score", 3, "comment", big);
    WireOp op;
    char why[200];
    assert_int_equal(wire_op_parse(&op, j, why, sizeof why), 0);
    json_decref(j);
}

static void test_cursor_roundtrip(void **state)
{
    (void)state;
    WireCursor c = {"0123456789abcdef0123456789abcdef", 42, true}, d;
    char buf[WIRE_CURSOR_MAX + 1];
    wire_cursor_format(&c, buf, sizeof buf);
    assert_int_equal(wire_cursor_parse(&d, buf), 0);
    assert_string_equal(d.epoch, c.epoch);
    assert_int_equal(d.seq, 42);
    assert_true(d.snapshot);
    const char *bad[] = {"",
                         "c1",
                         "c2.0123456789abcdef0123456789abcdef.1.i",
                         "c1.0123456789abcdef0123456789abcdeg.1.i",
                         "c1.0123456789abcdef0123456789abcdef..i",
                         "c1.0123456789abcdef0123456789abcdef.-1.i",
                         "c1.0123456789abcdef0123456789abcdef.1.x",
                         "c1.0123456789abcdef0123456789abcdef.99999999999999999999.i"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (wire_cursor_parse(&d, bad[i]) == 0) fail_msg("accepted bad cursor '%s'", bad[i]);
}

static void test_json_escape(void **state)
{
    (void)state;
    Buf b;
    buf_init(&b, 1024);
    assert_int_equal(buf_add_jstr(&b, "a\"b\\c\n\x01ä🎉"), 0);
    assert_string_equal(b.p, "\"a\\\"b\\\\c\\n\\u0001ä🎉\"");
    /* What we escape, jansson reads back. */
    json_error_t jerr;
    json_t *j = json_loads(b.p, JSON_DECODE_ANY, &jerr);
    assert_non_null(j);
    assert_string_equal(json_string_value(j), "a\"b\\c\n\x01ä🎉");
    json_decref(j);
    buf_deinit(&b);
    /* The cap holds. */
    buf_init(&b, 4);
    assert_int_equal(buf_adds(&b, "abcd"), 0);
    assert_int_equal(buf_adds(&b, "e"), -1);
    buf_deinit(&b);
}

/* ---- hub_policy_decide: one row per case -------------------------------------------------- */

static void test_decide_table(void **state)
{
    (void)state;
    const int64_t T = 2000000000;
    HubSeats base = {.registration = true,
                     .capacity = 10,
                     .waitlist_capacity = 4,
                     .max_group_size = 3,
                     .start_time = T + 3600};
    struct {
        const char *label;
        HubSeats ev;
        int group;
        int64_t t;
        WireResult want;
        const char *reason;
    } cases[] = {
        {"free seats", base, 2, T, WIRE_RES_CONFIRMED, NULL},
        {"exactly fits",
         {.registration = true,
          .capacity = 10,
          .confirmed = 7,
          .max_group_size = 3,
          .waitlist_capacity = 4,
          .start_time = T + 1},
         3,
         T,
         WIRE_RES_CONFIRMED,
         NULL},
        {"held seats count",
         {.registration = true,
          .capacity = 10,
          .confirmed = 5,
          .held = 4,
          .max_group_size = 3,
          .waitlist_capacity = 4,
          .start_time = T + 1},
         2,
         T,
         WIRE_RES_WAITLISTED,
         NULL},
        {"reserved seats count",
         {.registration = true,
          .capacity = 10,
          .reserved = 9,
          .max_group_size = 3,
          .waitlist_capacity = 0,
          .start_time = T + 1},
         2,
         T,
         WIRE_RES_REJECTED,
         WIRE_REJ_FULL},
        {"queue first",
         {.registration = true,
          .capacity = 10,
          .confirmed = 8,
          .waitlisted = 3,
          .waitlisted_count = 1,
          .max_group_size = 3,
          .waitlist_capacity = 4,
          .start_time = T + 1},
         1,
         T,
         WIRE_RES_WAITLISTED,
         NULL},
        {"waitlist full",
         {.registration = true,
          .capacity = 1,
          .confirmed = 1,
          .waitlisted = 4,
          .waitlisted_count = 2,
          .max_group_size = 3,
          .waitlist_capacity = 4,
          .start_time = T + 1},
         1,
         T,
         WIRE_RES_REJECTED,
         WIRE_REJ_FULL},
        {"unlimited waitlist",
         {.registration = true,
          .capacity = 1,
          .confirmed = 1,
          .waitlisted = 400,
          .waitlisted_count = 200,
          .max_group_size = 3,
          .waitlist_capacity = -1,
          .start_time = T + 1},
         1,
         T,
         WIRE_RES_WAITLISTED,
         NULL},
        {"unlimited capacity",
         {.registration = true,
          .capacity = -1,
          .confirmed = 100000,
          .max_group_size = 3,
          .start_time = T + 1},
         3,
         T,
         WIRE_RES_CONFIRMED,
         NULL},
        {"group too big", base, 4, T, WIRE_RES_REJECTED, WIRE_REJ_GROUP},
        {"group zero", base, 0, T, WIRE_RES_REJECTED, WIRE_REJ_GROUP},
        {"cancelled",
         {.cancelled = true, .registration = true, .capacity = 10, .max_group_size = 3},
         1,
         T,
         WIRE_RES_REJECTED,
         WIRE_REJ_CANCELLED},
        {"no registration",
         {.capacity = -1, .max_group_size = 3},
         1,
         T,
         WIRE_RES_REJECTED,
         WIRE_REJ_NO_REGISTRATION},
        {"not yet open",
         {.registration = true,
          .capacity = 10,
          .max_group_size = 3,
          .enrolment_start = T + 1,
          .start_time = T + 100},
         1,
         T,
         WIRE_RES_REJECTED,
         WIRE_REJ_NOT_OPEN},
        {"closed at start",
         {.registration = true, .capacity = 10, .max_group_size = 3, .start_time = T},
         1,
         T,
         WIRE_RES_REJECTED,
         WIRE_REJ_CLOSED},
        {"closed at enrolment end",
         {.registration = true,
          .capacity = 10,
          .max_group_size = 3,
          .enrolment_end = T - 1,
          .start_time = T + 100},
         1,
         T,
         WIRE_RES_REJECTED,
         WIRE_REJ_CLOSED},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *reason = NULL;
        WireResult r = hub_policy_decide(&cases[i].ev, cases[i].group, cases[i].t, &reason);
        if (r != cases[i].want) fail_msg("%s: result %d", cases[i].label, r);
        if ((cases[i].reason == NULL) != (reason == NULL) ||
            (reason && strcmp(reason, cases[i].reason) != 0))
            fail_msg("%s: reason %s", cases[i].label, reason ? reason : "(none)");
    }
}

static void test_grant_size(void **state)
{
    (void)state;
    HubPolicy p;
    hub_policy_defaults(&p);
    assert_int_equal(hub_policy_grant_size(&p, 5, 40, 2, 0), 5);    /* share 10 */
    assert_int_equal(hub_policy_grant_size(&p, 50, 400, 1, 0), 10); /* grant_max */
    assert_int_equal(hub_policy_grant_size(&p, 5, 8, 4, 0), 1);     /* share 1 */
    assert_int_equal(hub_policy_grant_size(&p, 5, 1, 4, 0), 1);
    assert_int_equal(hub_policy_grant_size(&p, 5, 0, 1, 0), 0); /* nothing free */
    assert_int_equal(hub_policy_grant_size(&p, 5, 9, 1, 1), 0); /* people are waiting */
    assert_int_equal(hub_policy_grant_size(&p, 0, 9, 1, 0), 0);
}

/* ---- The store under random interleavings ------------------------------------------------- */

typedef struct {
    char dir[64];
    char path[96];
    HubStore *st;
    int64_t dev[3];
} Fx;

static int fx_setup(void **state)
{
    Fx *fx = calloc(1, sizeof *fx);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/aukio-test-hub-XXXXXX");
    if (!mkdtemp(fx->dir)) return -1;
    snprintf(fx->path, sizeof fx->path, "%s/hub.db", fx->dir);
    char err[256];
    if (hub_store_sqlite_open(&fx->st, fx->path, err, sizeof err) != AUKIO_OK) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
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
    }
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

static void import_event(Fx *fx, const char *id, int cap, int wl, int maxg)
{
    HubEventIn ev = {.id = id,
                     .json = "{}",
                     .registration = true,
                     .capacity = cap,
                     .waitlist_capacity = wl,
                     .max_group_size = maxg,
                     .start_time = INT64_C(4000000000)};
    char err[256];
    if (fx->st->event_import(fx->st, &ev, 1, 100, err, sizeof err) != AUKIO_OK)
        fail_msg("import: %s", err);
}

static void make_uuid(char out[RECORD_UUID_LEN + 1], unsigned n)
{
    snprintf(out, RECORD_UUID_LEN + 1, "%08x-0000-4000-8000-%012x", n, n);
}

/* Pushes one op; returns its answer's "result" (static storage). */
static const char *push1(Fx *fx, int d, const WireOp *op, int64_t now)
{
    static char result[32];
    HubPushItem it = {.op = *op};
    char err[256];
    if (fx->st->push(fx->st, fx->dev[d], &it, 1, now, err, sizeof err) != AUKIO_OK)
        fail_msg("push: %s", err);
    json_error_t jerr;
    json_t *a = json_loads(it.answer, 0, &jerr);
    snprintf(result, sizeof result, "%s", json_string_value(json_object_get(a, "result")));
    json_decref(a);
    free(it.answer);
    return result;
}

static void assert_invariant(Fx *fx, const char *when)
{
    char err[512];
    if (fx->st->check(fx->st, err, sizeof err) != AUKIO_OK) fail_msg("%s: %s", when, err);
}

/* Three kiosks, ten seats, random grants, grant uses, plain sign-ups, cancellations, settles and
 * expiries, for many seeds; the invariant after every step, and a grant use never refused. */
static void test_escrow_random(void **state)
{
    Fx *fx = *state;
    unsigned counter = 1;
    int n_grants = 0, n_uses = 0, n_released = 0, n_confirmed = 0, n_waitlisted = 0;
    for (unsigned seed = 1; seed <= 40; seed++) {
        char ev[32];
        snprintf(ev, sizeof ev, "ev-%u", seed);
        import_event(fx, ev, 10, 4, 2);
        srand(seed);
        struct {
            char grant[RECORD_UUID_LEN + 1];
            int left, used;
            int64_t deadline; /* the kiosk's: receipt + expires_in - margin */
            unsigned signups[64];
            int n_signups;
        } k[3];
        memset(k, 0, sizeof k);
        int64_t now = 1000;
        HubPolicy pol;
        hub_policy_defaults(&pol);
        pol.grant_ttl_s = WIRE_GRANT_MARGIN_S + 40;
        pol.grant_grace_s = 20;
        for (int step = 0; step < 30; step++) {
            int d = rand() % 3, action = rand() % 6, g = 1 + rand() % 2;
            now += rand() % 15;
            char err[256], when[96];
            snprintf(when, sizeof when, "seed %u step %d action %d", seed, step, action);
            if (action == 0 || (action == 5 && k[d].grant[0])) { /* settle, then maybe want */
                HubSettle se = {.used = k[d].used};
                memcpy(se.grant, k[d].grant, sizeof se.grant);
                HubWant w = {.want = 1 + rand() % 4};
                make_uuid(w.grant, counter++);
                snprintf(w.event_id, sizeof w.event_id, "%s", ev);
                int ns = k[d].grant[0] ? 1 : 0;
                if (fx->st->grants(fx->st, fx->dev[d], &pol, &se, ns, &w, action == 0, now, err,
                                   sizeof err) != AUKIO_OK)
                    fail_msg("%s: %s", when, err);
                k[d].grant[0] = '\0';
                k[d].left = k[d].used = 0;
                if (action == 0 && w.seats > 0) {
                    n_grants++;
                    memcpy(k[d].grant, w.grant, sizeof w.grant);
                    k[d].left = w.seats;
                    k[d].deadline = now + w.expires_in - WIRE_GRANT_MARGIN_S;
                }
            } else if (action <= 2) { /* sign up, under the grant when it covers the party */
                WireOp op = {.kind = WIRE_OP_SIGNUP,
                             .event_id = ev,
                             .group_size = g,
                             .name = "V",
                             .email = "",
                             .phone = "",
                             .code = "",
                             .lang = "fi",
                             .created_at = now};
                unsigned u = counter++;
                make_uuid(op.uuid, u);
                /* The kiosk stops using a grant at its deadline (ttl - margin, here 10 s). */
                bool use = k[d].grant[0] && k[d].left >= g && now < k[d].deadline;
                if (use) op.grant = k[d].grant;
                const char *r = push1(fx, d, &op, now);
                if (use) {
                    if (strcmp(r, "confirmed") != 0) fail_msg("%s: grant use answered %s", when, r);
                    k[d].left -= g;
                    k[d].used += g;
                    n_uses++;
                }
                n_confirmed += strcmp(r, "confirmed") == 0;
                n_waitlisted += strcmp(r, "waitlisted") == 0;
                if (strcmp(r, "rejected") != 0 && k[d].n_signups < 64)
                    k[d].signups[k[d].n_signups++] = u;
            } else if (action == 3 && k[d].n_signups > 0) { /* cancel */
                int i = rand() % k[d].n_signups;
                WireOp op = {.kind = WIRE_OP_CANCEL, .event_id = "", .name = "", .lang = ""};
                make_uuid(op.uuid, counter++);
                make_uuid(op.signup, k[d].signups[i]);
                const char *r = push1(fx, d, &op, now);
                if (strcmp(r, "ok") != 0) fail_msg("%s: cancel answered %s", when, r);
                k[d].signups[i] = k[d].signups[--k[d].n_signups];
            } else if (action == 4 && rand() % 3 == 0) { /* the coordinator: device release */
                char name[16];
                int ng = 0, seats = 0;
                snprintf(name, sizeof name, "kiosk-%d", d);
                if (fx->st->device_release(fx->st, name, now, &ng, &seats, err, sizeof err) !=
                    AUKIO_OK)
                    fail_msg("%s: %s", when, err);
                n_released += ng;
            }
            assert_invariant(fx, when);
        }
    }
    printf("escrow: %d grants, %d grant uses, %d released, %d confirmed, %d waitlisted\n", n_grants,
           n_uses, n_released, n_confirmed, n_waitlisted);
    /* The walk must actually have exercised each path. */
    assert_true(n_grants > 20 && n_uses > 20 && n_released > 0 && n_waitlisted > 0);
}

/* ---- Issue 8, item 1: a confirmed seat is never taken back -------------------------------- */

static WireOp signup_op(const char *ev, int g, int64_t t, const char *grant, unsigned u)
{
    static char uuid[RECORD_UUID_LEN + 1];
    make_uuid(uuid, u);
    WireOp op = {.kind = WIRE_OP_SIGNUP,
                 .event_id = ev,
                 .group_size = g,
                 .name = "V",
                 .email = "",
                 .phone = "",
                 .code = "",
                 .lang = "fi",
                 .created_at = t,
                 .grant = grant};
    memcpy(op.uuid, uuid, sizeof op.uuid);
    return op;
}

static int grant_seats(Fx *fx, int d, const char *ev, int want, unsigned u, char *grant,
                       int64_t now, const HubPolicy *pol)
{
    HubWant w = {.want = want};
    make_uuid(w.grant, u);
    snprintf(w.event_id, sizeof w.event_id, "%s", ev);
    char err[256];
    if (fx->st->grants(fx->st, fx->dev[d], pol, NULL, 0, &w, 1, now, err, sizeof err) != AUKIO_OK)
        fail_msg("grants: %s", err);
    memcpy(grant, w.grant, RECORD_UUID_LEN + 1);
    return w.seats;
}

/* Seats counted by `event list`: confirmed and held of event ID. */
typedef struct {
    const char *id;
    int confirmed, held, waitlisted_count;
} Counts;

static int on_event_row(void *ud, const HubEventRow *r)
{
    Counts *c = ud;
    if (strcmp(r->id, c->id) == 0) {
        c->confirmed = r->confirmed;
        c->held = r->held;
        c->waitlisted_count = r->waitlisted_count;
    }
    return 0;
}

static Counts counts(Fx *fx, const char *id)
{
    Counts c = {.id = id};
    char err[256];
    if (fx->st->event_list(fx->st, on_event_row, &c, err, sizeof err) != AUKIO_OK)
        fail_msg("event list: %s", err);
    return c;
}

/* The bug: the hub reclaimed a grant's outstanding seats after ttl + grace and gave them to the
 * waiting list; the kiosk, offline all along, then pushed the sign-ups it had confirmed under the
 * grant and the hub waitlisted them. Now expiry only stops new use: the seats stay held until the
 * kiosk settles, and the sign-ups are confirmed however late they arrive. */
static void test_grant_expired_confirmed_seat_kept_bug(void **state)
{
    Fx *fx = *state;
    import_event(fx, "exp", 6, 10, 2);
    HubPolicy pol;
    hub_policy_defaults(&pol);
    pol.grant_ttl_s = 100;
    pol.grant_grace_s = 10;
    char g0[RECORD_UUID_LEN + 1];
    int held = grant_seats(fx, 0, "exp", 10, 960000, g0, 1000, &pol);
    assert_int_equal(held, 1); /* 6 free, 3 devices: 6 / 6 */
    /* Another kiosk fills the event, and more wait. */
    unsigned u = 960100;
    int confirmed_other = 0, waiting = 0;
    for (int i = 0; i < 8; i++) {
        WireOp op = signup_op("exp", 1, 1010 + i, NULL, u++);
        const char *r = push1(fx, 1, &op, 1010 + i);
        confirmed_other += strcmp(r, "confirmed") == 0;
        waiting += strcmp(r, "waitlisted") == 0;
    }
    assert_int_equal(confirmed_other, 5);
    assert_int_equal(waiting, 3);
    /* Far past ttl + grace, every path that used to reclaim runs: a grants round of the other
     * kiosk and a cancellation that promotes. The held seat must stay out of reach. */
    int64_t late = 1000 + 100 * (pol.grant_ttl_s + pol.grant_grace_s);
    char g1[RECORD_UUID_LEN + 1];
    assert_int_equal(grant_seats(fx, 1, "exp", 4, 960001, g1, late, &pol), 0);
    WireOp cancel = {.kind = WIRE_OP_CANCEL, .event_id = "", .name = "", .lang = ""};
    make_uuid(cancel.uuid, 960200);
    make_uuid(cancel.signup, 960100);
    assert_string_equal(push1(fx, 1, &cancel, late + 1), "ok");
    Counts c = counts(fx, "exp");
    assert_int_equal(c.held, 1);
    assert_int_equal(c.confirmed, 5); /* one cancelled, one promoted */
    assert_invariant(fx, "past expiry, seat still held");
    /* The offline kiosk is back and pushes what it confirmed before its deadline. */
    WireOp mine = signup_op("exp", 1, 1020, g0, 960300);
    assert_string_equal(push1(fx, 0, &mine, late + 2), "confirmed");
    c = counts(fx, "exp");
    assert_int_equal(c.confirmed, 6);
    assert_int_equal(c.held, 0);
    assert_invariant(fx, "the late push under the expired grant");
    /* Settling after expiry works and frees nothing more. */
    HubSettle se = {.used = 1};
    memcpy(se.grant, g0, sizeof se.grant);
    char err[256];
    assert_int_equal(
        fx->st->grants(fx->st, fx->dev[0], &pol, &se, 1, NULL, 0, late + 3, err, sizeof err),
        AUKIO_OK);
    assert_null(se.error);
    assert_int_equal(se.released, 0);
    assert_invariant(fx, "after the settle");
}

/* Enrolment closes while a kiosk is offline with seats in a grant: the waiting list is promoted
 * only into seats nobody holds, so the kiosk's sign-ups still fit when they arrive. */
static void test_grant_enrolment_closed_no_overbooking(void **state)
{
    Fx *fx = *state;
    HubEventIn ev = {.id = "cl",
                     .json = "{}",
                     .registration = true,
                     .capacity = 6,
                     .waitlist_capacity = 10,
                     .max_group_size = 2,
                     .start_time = 5000,
                     .enrolment_end = 3000};
    char err[256];
    assert_int_equal(fx->st->event_import(fx->st, &ev, 1, 100, err, sizeof err), AUKIO_OK);
    HubPolicy pol;
    hub_policy_defaults(&pol);
    char g0[RECORD_UUID_LEN + 1];
    assert_int_equal(grant_seats(fx, 0, "cl", 1, 961000, g0, 1000, &pol), 1);
    for (unsigned i = 0; i < 7; i++) {
        WireOp op = signup_op("cl", 1, 1100 + i, NULL, 961100 + i);
        push1(fx, 1, &op, 1100 + i);
    }
    assert_int_equal(counts(fx, "cl").waitlisted_count, 2);
    /* After the close two confirmed visitors cancel: two waiting people are promoted. */
    for (unsigned i = 0; i < 2; i++) {
        WireOp cancel = {.kind = WIRE_OP_CANCEL, .event_id = "", .name = "", .lang = ""};
        make_uuid(cancel.uuid, 961200 + i);
        make_uuid(cancel.signup, 961100 + i);
        assert_string_equal(push1(fx, 1, &cancel, 4000 + i), "ok");
    }
    Counts c = counts(fx, "cl");
    assert_int_equal(c.waitlisted_count, 0);
    assert_int_equal(c.confirmed + c.held, 6);
    /* The kiosk's visitor, confirmed before the close, arrives after it. */
    WireOp mine = signup_op("cl", 1, 2900, g0, 961300);
    assert_string_equal(push1(fx, 0, &mine, 4500), "confirmed");
    assert_int_equal(counts(fx, "cl").confirmed, 6);
    assert_invariant(fx, "after the close");
}

/* `device release`: the seats come back at once (the waiting list moves); a sign-up that arrives
 * later under a released grant is still confirmed, flagged for staff, over capacity if need be,
 * and the check accepts exactly those seats. */
static int on_signup_flags(void *ud, const HubSignupRow *r)
{
    int *f = ud;
    if (r->released_grant) f[0]++;
    if (r->over_capacity) f[1]++;
    return 0;
}

static void test_device_release(void **state)
{
    Fx *fx = *state;
    import_event(fx, "rel", 6, 10, 2);
    HubPolicy pol;
    hub_policy_defaults(&pol);
    char g0[RECORD_UUID_LEN + 1];
    assert_int_equal(grant_seats(fx, 0, "rel", 10, 962000, g0, 1000, &pol), 1);
    for (unsigned i = 0; i < 6; i++) {
        WireOp op = signup_op("rel", 1, 1100 + i, NULL, 962100 + i);
        push1(fx, 1, &op, 1100 + i);
    }
    assert_int_equal(counts(fx, "rel").waitlisted_count, 1);
    char err[256];
    int ng = -1, seats = -1;
    assert_int_equal(fx->st->device_release(fx->st, "kiosk-0", 2000, &ng, &seats, err, sizeof err),
                     AUKIO_OK);
    assert_int_equal(ng, 1);
    assert_int_equal(seats, 1);
    Counts c = counts(fx, "rel");
    assert_int_equal(c.held, 0);
    assert_int_equal(c.waitlisted_count, 0); /* promoted into the freed seat */
    assert_int_equal(c.confirmed, 6);
    assert_invariant(fx, "after release");
    /* Releasing again frees nothing; an unknown device is not found. */
    assert_int_equal(fx->st->device_release(fx->st, "kiosk-0", 2001, &ng, &seats, err, sizeof err),
                     AUKIO_OK);
    assert_int_equal(ng + seats, 0);
    assert_int_equal(fx->st->device_release(fx->st, "nobody", 2001, &ng, &seats, err, sizeof err),
                     AUKIO_ERR_NOT_FOUND);
    /* The lost kiosk comes back with a visitor it confirmed: confirmed, over capacity, flagged. */
    WireOp mine = signup_op("rel", 1, 1500, g0, 962300);
    assert_string_equal(push1(fx, 0, &mine, 3000), "confirmed");
    /* A second one under the same one-seat grant is beyond what the grant had: decided as any. */
    WireOp more = signup_op("rel", 1, 1501, g0, 962301);
    assert_string_equal(push1(fx, 0, &more, 3001), "waitlisted");
    assert_invariant(fx, "over capacity under a released grant");
    int flags[2] = {0, 0};
    assert_int_equal(fx->st->signups(fx->st, "rel", on_signup_flags, flags, err, sizeof err),
                     AUKIO_OK);
    assert_int_equal(flags[0], 1);
    assert_int_equal(flags[1], 1);
    /* Settling a released grant says so. */
    HubSettle se = {.used = 1};
    memcpy(se.grant, g0, sizeof se.grant);
    assert_int_equal(
        fx->st->grants(fx->st, fx->dev[0], &pol, &se, 1, NULL, 0, 3002, err, sizeof err), AUKIO_OK);
    assert_string_equal(se.error, "released");
}

/* The audit's invariant allows seats over capacity only as many as were confirmed under
 * released grants. */
static void test_audit_over(void **state)
{
    (void)state;
    HubSeatAudit a = {.id = "e", .live = true, .capacity = 5, .confirmed = 6, .r_confirmed = 6};
    char err[256];
    assert_int_equal(hub_seats_audit(&a, err, sizeof err), AUKIO_ERR_INVALID);
    a.r_over = 1;
    assert_int_equal(hub_seats_audit(&a, err, sizeof err), AUKIO_OK);
}

/* Issue 8, item 5: enrolment is idempotent by the kiosk's request id. The store accepts a
 * retry of a spent token only with the same request id and the same (derived) token hash. */
static void test_enrol_retry(void **state)
{
    Fx *fx = *state;
    char et[HUB_TOKEN_BUF], err[256], name[64];
    uint8_t eh[HUB_HASH_LEN], key[HUB_HASH_LEN], th[HUB_HASH_LEN], th2[HUB_HASH_LEN];
    hub_token_new("aue_", et);
    hub_token_hash(et, eh);
    assert_int_equal(fx->st->device_add(fx->st, "retry", eh, 10, 1000, err, sizeof err), AUKIO_OK);
    assert_int_equal(fx->st->enrol_key(fx->st, key, err, sizeof err), AUKIO_OK);
    const char *rid = "0f8c0a9e-1b2c-4d3e-8f40-5a6b7c8d9e0f";
    char t1[HUB_TOKEN_BUF], t2[HUB_TOKEN_BUF];
    hub_token_derive(key, et, rid, t1);
    hub_token_derive(key, et, rid, t2);
    assert_string_equal(t1, t2); /* deterministic */
    hub_token_hash(t1, th);
    assert_int_equal(
        fx->st->device_enrol(fx->st, eh, th, rid, 20, name, sizeof name, err, sizeof err),
        AUKIO_OK);
    assert_int_equal(
        fx->st->device_enrol(fx->st, eh, th, rid, 30, name, sizeof name, err, sizeof err),
        AUKIO_OK);
    assert_string_equal(name, "retry");
    /* Another request id derives another token: spent. */
    const char *other = "0f8c0a9e-1b2c-4d3e-8f40-5a6b7c8d9e00";
    hub_token_derive(key, et, other, t2);
    assert_string_not_equal(t1, t2);
    hub_token_hash(t2, th2);
    assert_int_equal(
        fx->st->device_enrol(fx->st, eh, th2, other, 30, name, sizeof name, err, sizeof err),
        AUKIO_ERR_DENIED);
    /* The same request id with another token hash, or none: spent. */
    assert_int_equal(
        fx->st->device_enrol(fx->st, eh, th2, rid, 30, name, sizeof name, err, sizeof err),
        AUKIO_ERR_DENIED);
    assert_int_equal(
        fx->st->device_enrol(fx->st, eh, th, NULL, 30, name, sizeof name, err, sizeof err),
        AUKIO_ERR_DENIED);
    /* After the enrolment token's expiry no retry is answered. */
    assert_int_equal(
        fx->st->device_enrol(fx->st, eh, th, rid, 1001, name, sizeof name, err, sizeof err),
        AUKIO_ERR_DENIED);
    int64_t id;
    assert_int_equal(fx->st->device_auth(fx->st, th, &id, err, sizeof err), AUKIO_OK);
}

/* Issue 7, item 9: a party of 6 was confirmed under a grant for an event with
 * maximum_group_size 1. The grant path must apply the group-size rule too; the grant's seats stay
 * held, usable by a party that is allowed. */
static void test_grant_group_size_bug(void **state)
{
    Fx *fx = *state;
    import_event(fx, "g1", 60, 0, 1); /* 60 seats, 3 kiosks: a grant of 10 */
    HubPolicy pol;
    hub_policy_defaults(&pol);
    HubWant w = {.event_id = "g1", .want = 10};
    make_uuid(w.grant, 950000);
    char err[256];
    assert_int_equal(fx->st->grants(fx->st, fx->dev[0], &pol, NULL, 0, &w, 1, 100, err, sizeof err),
                     AUKIO_OK);
    assert_true(w.seats >= 6);
    WireOp op = {.kind = WIRE_OP_SIGNUP,
                 .event_id = "g1",
                 .group_size = 6,
                 .name = "V",
                 .email = "",
                 .phone = "",
                 .code = "",
                 .lang = "fi",
                 .created_at = 100,
                 .grant = w.grant};
    make_uuid(op.uuid, 950001);
    HubPushItem it = {.op = op};
    assert_int_equal(fx->st->push(fx->st, fx->dev[0], &it, 1, 100, err, sizeof err), AUKIO_OK);
    assert_non_null(strstr(it.answer, "\"rejected\""));
    assert_non_null(strstr(it.answer, "\"group_size\""));
    free(it.answer);
    /* A party of one still confirms under the same grant. */
    op.group_size = 1;
    make_uuid(op.uuid, 950002);
    assert_string_equal(push1(fx, 0, &op, 101), "confirmed");
    assert_invariant(fx, "after the refused party");
}

typedef struct {
    int n;
    int score[4];
    char comment[4][32], reasons[4][32], uuid[4][RECORD_UUID_LEN + 1];
} FeedbackSeen;

static int on_feedback_row(void *ud, const HubFeedbackRow *r)
{
    FeedbackSeen *f = ud;
    if (f->n >= 4) return 1;
    f->score[f->n] = r->score;
    snprintf(f->comment[f->n], sizeof f->comment[0], "%s", r->comment ? r->comment : "");
    snprintf(f->reasons[f->n], sizeof f->reasons[0], "%s", r->reasons ? r->reasons : "");
    snprintf(f->uuid[f->n], sizeof f->uuid[0], "%s", r->uuid);
    f->n++;
    return 0;
}

/* A feedback op that amends an earlier one of the same device (the kiosk's follow-up: reason
 * chips, a comment, a changed score) updates that record; one amending nothing of this device's
 * is kept as a record of its own (issue 9, defect 5). */
static void test_feedback_follow_up_amends(void **state)
{
    Fx *fx = *state;
    WireOp first = {.kind = WIRE_OP_FEEDBACK,
                    .score = 3,
                    .event_id = "",
                    .comment = "",
                    .reasons = "",
                    .lang = "fi"};
    make_uuid(first.uuid, 700000);
    assert_string_equal(push1(fx, 0, &first, 100), "ok");
    WireOp follow = first;
    make_uuid(follow.uuid, 700001);
    follow.amends = first.uuid;
    follow.score = 4;
    follow.comment = "Kiva";
    follow.reasons = "instructor,topic";
    assert_string_equal(push1(fx, 0, &follow, 101), "ok");
    assert_string_equal(push1(fx, 0, &follow, 102), "ok"); /* a replay changes nothing */
    FeedbackSeen seen;
    memset(&seen, 0, sizeof seen);
    char err[256];
    assert_int_equal(fx->st->feedback(fx->st, on_feedback_row, &seen, err, sizeof err), AUKIO_OK);
    assert_int_equal(seen.n, 1);
    assert_int_equal(seen.score[0], 4);
    assert_string_equal(seen.comment[0], "Kiva");
    assert_string_equal(seen.reasons[0], "instructor,topic");
    assert_string_equal(seen.uuid[0], first.uuid);

    /* Another device cannot amend it: its op stands alone. */
    WireOp other = follow;
    make_uuid(other.uuid, 700002);
    other.score = 1;
    assert_string_equal(push1(fx, 1, &other, 103), "ok");
    memset(&seen, 0, sizeof seen);
    assert_int_equal(fx->st->feedback(fx->st, on_feedback_row, &seen, err, sizeof err), AUKIO_OK);
    assert_int_equal(seen.n, 2);
    assert_int_equal(seen.score[0], 4);
    assert_int_equal(seen.score[1], 1);
}

/* A replayed push returns the first answers byte for byte and changes nothing. */
static void test_push_replay(void **state)
{
    Fx *fx = *state;
    import_event(fx, "r", 1, 1, 1);
    HubPushItem items[3];
    memset(items, 0, sizeof items);
    for (int i = 0; i < 3; i++) {
        items[i].op = (WireOp){.kind = WIRE_OP_SIGNUP,
                               .event_id = "r",
                               .group_size = 1,
                               .name = "V",
                               .email = "",
                               .phone = "",
                               .code = "",
                               .lang = ""};
        make_uuid(items[i].op.uuid, 900000 + (unsigned)i);
    }
    char err[256], *first[3];
    assert_int_equal(fx->st->push(fx->st, fx->dev[0], items, 3, 500, err, sizeof err), AUKIO_OK);
    for (int i = 0; i < 3; i++)
        first[i] = items[i].answer;
    assert_non_null(strstr(first[0], "confirmed"));
    assert_non_null(strstr(first[1], "waitlisted"));
    assert_non_null(strstr(first[2], "rejected"));
    /* Cancel the confirmed one: the waiting one is promoted; the replay still says "waitlisted"
     * because it is the first answer, by design. */
    HubPushItem c = {.op = {.kind = WIRE_OP_CANCEL, .event_id = "", .name = "", .lang = ""}};
    make_uuid(c.op.uuid, 900010);
    make_uuid(c.op.signup, 900000);
    assert_int_equal(fx->st->push(fx->st, fx->dev[0], &c, 1, 501, err, sizeof err), AUKIO_OK);
    free(c.answer);
    assert_int_equal(fx->st->push(fx->st, fx->dev[0], items, 3, 502, err, sizeof err), AUKIO_OK);
    for (int i = 0; i < 3; i++) {
        assert_string_equal(items[i].answer, first[i]);
        free(items[i].answer);
        free(first[i]);
    }
    assert_invariant(fx, "after replay");
}

/* ---- Sign-up changes for pulls ----------------------------------------------------------- */

typedef struct {
    int n;
    WireSignupChange last;
    char last_code[WIRE_CODE_MAX + 1];
    int confirmed, waitlisted, cancelled;
} Seen;

static int on_seen(void *ud, const WireSignupChange *ch)
{
    Seen *s = ud;
    s->n++;
    s->last = *ch;
    snprintf(s->last_code, sizeof s->last_code, "%s", ch->code);
    s->confirmed += ch->state == WIRE_SIGNUP_CONFIRMED;
    s->waitlisted += ch->state == WIRE_SIGNUP_WAITLISTED;
    s->cancelled += ch->state == WIRE_SIGNUP_CANCELLED;
    return 0;
}

static Seen changes_of(Fx *fx, int d, int64_t after, int64_t *upto, int max)
{
    Seen seen = {0};
    char err[256];
    if (fx->st->signup_changes(fx->st, fx->dev[d], after, upto, max, on_seen, &seen, err,
                               sizeof err) != AUKIO_OK)
        fail_msg("signup_changes: %s", err);
    return seen;
}

static int64_t hub_seq(Fx *fx)
{
    char epoch[33], err[256];
    int64_t seq, floor;
    if (fx->st->meta(fx->st, epoch, &seq, &floor, err, sizeof err) != AUKIO_OK)
        fail_msg("meta: %s", err);
    return seq;
}

static WireOp coded_op(unsigned n, const char *code)
{
    WireOp op = {.kind = WIRE_OP_SIGNUP,
                 .event_id = "p",
                 .group_size = 1,
                 .name = "V",
                 .email = "",
                 .phone = "",
                 .code = code,
                 .lang = ""};
    make_uuid(op.uuid, n);
    return op;
}

/* Every change of a sign-up's status or place is stamped once and delivered to its own kiosk in
 * exactly one range of sequence numbers; a range over MAX is cut between sequence numbers. */
static void test_signup_changes(void **state)
{
    Fx *fx = *state;
    import_event(fx, "p", 1, -1, 1);
    int64_t s0 = hub_seq(fx);
    /* One batch: one transaction, one sequence number for all 1201: never split. */
    enum { BATCH = 1201 };
    HubPushItem *items = calloc(BATCH, sizeof *items);
    assert_non_null(items);
    for (unsigned i = 0; i < BATCH; i++)
        items[i].op = coded_op(700000 + i, "");
    char err[256];
    assert_int_equal(fx->st->push(fx->st, fx->dev[0], items, BATCH, 600, err, sizeof err),
                     AUKIO_OK);
    for (int i = 0; i < BATCH; i++)
        free(items[i].answer);
    free(items);
    int64_t s1 = hub_seq(fx), upto = s1;
    Seen seen = changes_of(fx, 0, s0, &upto, 1000);
    assert_int_equal(seen.n, BATCH);
    assert_true(upto == s1);
    assert_int_equal(seen.confirmed, 1);
    assert_int_equal(seen.waitlisted, BATCH - 1);
    assert_int_equal(seen.last.position, BATCH - 1);
    upto = s1;
    assert_int_equal(changes_of(fx, 1, s0, &upto, 1000).n, 0); /* not another kiosk's */

    /* Five pushes, five sequence numbers; MAX 3 cuts after the third. */
    static const char *const CODES[] = {"S1", "S2", "S3", "S4", "S5"};
    for (unsigned i = 0; i < 5; i++) {
        WireOp op = coded_op(710000 + i, CODES[i]);
        assert_string_equal(push1(fx, 0, &op, 601 + i), "waitlisted");
    }
    int64_t s2 = hub_seq(fx);
    upto = s2;
    seen = changes_of(fx, 0, s1, &upto, 3);
    assert_int_equal(seen.n, 3);
    assert_string_equal(seen.last_code, "S3");
    assert_true(upto > s1 && upto < s2);
    int64_t mid = upto;
    upto = s2;
    seen = changes_of(fx, 0, mid, &upto, 3);
    assert_int_equal(seen.n, 2);
    assert_true(upto == s2);
    assert_string_equal(seen.last_code, "S5");
    assert_int_equal(seen.last.position, BATCH - 1 + 5);

    /* The confirmed one is cancelled: it, the promoted head and everyone behind move. */
    HubPushItem c = {.op = {.kind = WIRE_OP_CANCEL, .event_id = "", .name = "", .lang = ""}};
    make_uuid(c.op.uuid, 719999);
    make_uuid(c.op.signup, 700000);
    assert_int_equal(fx->st->push(fx->st, fx->dev[0], &c, 1, 700, err, sizeof err), AUKIO_OK);
    free(c.answer);
    int64_t s3 = hub_seq(fx);
    upto = s3;
    seen = changes_of(fx, 0, s2, &upto, 5000);
    assert_int_equal(seen.n, BATCH + 5);
    assert_int_equal(seen.cancelled, 1);
    assert_int_equal(seen.confirmed, 1);
    assert_string_equal(seen.last_code, "S5");
    assert_int_equal(seen.last.position, BATCH - 2 + 5);
    assert_invariant(fx, "after the cancel");

    /* The coordinator's cancel by code, also when two kiosks share it. */
    int was = -1;
    char ev[RECORD_EVENT_ID_MAX + 1];
    assert_int_equal(fx->st->signup_cancel(fx->st, "S2", NULL, 800, &was, ev, err, sizeof err),
                     AUKIO_OK);
    assert_int_equal(was, WIRE_SIGNUP_WAITLISTED);
    assert_string_equal(ev, "p");
    assert_int_equal(fx->st->signup_cancel(fx->st, "S2", NULL, 801, &was, ev, err, sizeof err),
                     AUKIO_OK);
    assert_int_equal(was, WIRE_SIGNUP_CANCELLED);
    assert_int_equal(fx->st->signup_cancel(fx->st, "NOPE", NULL, 802, &was, ev, err, sizeof err),
                     AUKIO_ERR_NOT_FOUND);
    WireOp dup = coded_op(720000, "S3");
    assert_string_equal(push1(fx, 1, &dup, 803), "waitlisted");
    assert_int_equal(fx->st->signup_cancel(fx->st, "S3", NULL, 804, &was, ev, err, sizeof err),
                     AUKIO_ERR_EXISTS);
    assert_int_equal(fx->st->signup_cancel(fx->st, "S3", "kiosk-1", 805, &was, ev, err, sizeof err),
                     AUKIO_OK);
    int64_t s4 = hub_seq(fx);
    upto = s4;
    seen = changes_of(fx, 1, s3, &upto, 1000);
    assert_int_equal(seen.n, 1);
    assert_int_equal(seen.cancelled, 1);
    assert_invariant(fx, "after the coordinator's cancels");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_op_parse_table),
        cmocka_unit_test(test_text_limits_exact),
        cmocka_unit_test(test_cursor_roundtrip),
        cmocka_unit_test(test_json_escape),
        cmocka_unit_test(test_decide_table),
        cmocka_unit_test(test_grant_size),
        cmocka_unit_test_setup_teardown(test_escrow_random, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_push_replay, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_feedback_follow_up_amends, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_signup_changes, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_grant_group_size_bug, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_grant_expired_confirmed_seat_kept_bug, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_grant_enrolment_closed_no_overbooking, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_device_release, fx_setup, fx_teardown),
        cmocka_unit_test(test_audit_over),
        cmocka_unit_test_setup_teardown(test_enrol_retry, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
