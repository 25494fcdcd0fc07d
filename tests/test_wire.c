/*
 * test_wire.c: every message of the sync protocol (sync/wire.c), in both directions, as tables.
 *
 * Each well-formed message is built, parsed back and built again: the two texts must be equal
 * (nothing dropped, renamed or changed on the way). Each malformed one must be rejected with a
 * reason that names what is wrong.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "wire.h"

#define U1 "0f8fad5b-d9cb-469f-a165-70867728950e"
#define U2 "7c9e6679-7425-40de-944b-e07fc1f90ae7"
#define U3 "16fd2706-8baf-433b-82eb-8c7fada847da"

static json_t *load(const char *text)
{
    json_error_t je;
    /* NUL allowed, so that the codec's own NUL check is what is tested. */
    json_t *j = json_loads(text, JSON_ALLOW_NUL, &je);
    if (!j) fail_msg("not JSON (%s): %s", je.text, text);
    return j;
}

/* ---- Ops ---------------------------------------------------------------------------------- */

static json_t *answers_of(const char *text)
{
    return text ? load(text) : NULL;
}

typedef struct {
    const char *what;
    WireOpKind kind;
    const char *uuid;
    int64_t created_at;
    const char *lang, *event_id;
    int group_size;
    const char *name, *email, *phone, *code, *grant;
    bool personal_wiped;
    const char *answers; /* JSON text or NULL */
    const char *status;
    int position;
    const char *signup;
    int score;
    const char *comment;
    int attended; /* checkin */
} OpCase;

static const OpCase OP_CASES[] = {
    {"sign-up, everything",
     WIRE_OP_SIGNUP,
     U1,
     1773851400,
     "fi",
     "aukio:satu",
     3,
     "Maija Meikäläinen",
     "maija@example.fi",
     "+358 40 123 4567",
     "K7M4QX",
     NULL,
     false,
     "{\"diet\":\"veg,gluten\",\"photo\":\"yes\"}",
     "confirmed",
     0,
     NULL,
     0,
     NULL,
     0},
    {"sign-up under a grant, waitlisted",
     WIRE_OP_SIGNUP,
     U2,
     1,
     "sv",
     "helsinki:afxp6tv4xa",
     1,
     "Åsa Öberg",
     "",
     "",
     "ABCDEF",
     U3,
     false,
     "{}",
     "waitlisted",
     4,
     NULL,
     0,
     NULL,
     0},
    {"sign-up after the retention period",
     WIRE_OP_SIGNUP,
     U3,
     0,
     "",
     "e",
     2,
     "",
     "",
     "",
     "",
     NULL,
     true,
     NULL,
     "confirmed",
     0,
     NULL,
     0,
     NULL,
     0},
    {"sign-up with quotes and control characters",
     WIRE_OP_SIGNUP,
     U1,
     5,
     "en",
     "a\"b\\c",
     1,
     "Tab\there \"quoted\"\n",
     "",
     "",
     "X",
     NULL,
     false,
     "{\"q\":\"line\\nbreak\"}",
     "",
     0,
     NULL,
     0,
     NULL,
     0},
    {"feedback about an event",
     WIRE_OP_FEEDBACK,
     U2,
     1773851400,
     "en",
     "aukio:satu",
     0,
     NULL,
     NULL,
     NULL,
     NULL,
     NULL,
     false,
     NULL,
     NULL,
     0,
     NULL,
     4,
     "Lovely, thank you!",
     0},
    {"feedback about the library",
     WIRE_OP_FEEDBACK,
     U3,
     1,
     "fi",
     "",
     0,
     NULL,
     NULL,
     NULL,
     NULL,
     NULL,
     false,
     NULL,
     NULL,
     0,
     NULL,
     1,
     "",
     0},
    {"cancel", WIRE_OP_CANCEL, U1,    1773851400, "sv", NULL, 0,  NULL, NULL, NULL,
     NULL,     NULL,           false, NULL,       NULL, 0,    U2, 0,    NULL, 0},
    {"check-in", WIRE_OP_CHECKIN, U3,   1773851500, "", NULL, 0, NULL, NULL, NULL, NULL,
     NULL,       false,           NULL, NULL,       0,  U1,   0, NULL, 1},
    {"check-in undone",
     WIRE_OP_CHECKIN,
     U2,
     1773851600,
     "",
     NULL,
     0,
     NULL,
     NULL,
     NULL,
     NULL,
     NULL,
     false,
     NULL,
     NULL,
     0,
     U1,
     0,
     NULL,
     0},
};

static void op_from_case(WireOp *op, const OpCase *c, json_t **answers)
{
    wire_op_init(op, c->kind);
    snprintf(op->uuid, sizeof op->uuid, "%s", c->uuid);
    op->created_at = c->created_at;
    op->lang = c->lang;
    if (c->event_id) op->event_id = c->event_id;
    op->group_size = c->group_size;
    if (c->name) op->name = c->name;
    if (c->email) op->email = c->email;
    if (c->phone) op->phone = c->phone;
    if (c->code) op->code = c->code;
    op->grant = c->grant;
    op->personal_wiped = c->personal_wiped;
    *answers = answers_of(c->answers);
    op->answers = *answers;
    if (c->status) op->status = c->status;
    op->position = c->position;
    if (c->signup) snprintf(op->signup, sizeof op->signup, "%s", c->signup);
    op->score = c->score;
    if (c->comment) op->comment = c->comment;
    op->attended = c->attended;
}

static void test_op_round_trip(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof OP_CASES / sizeof OP_CASES[0]; i++) {
        const OpCase *c = &OP_CASES[i];
        WireOp op, back;
        json_t *ans;
        char why[160] = "";
        op_from_case(&op, c, &ans);
        char *text = wire_op_build(&op);
        assert_non_null(text);
        json_t *j = load(text);
        if (wire_op_parse(&back, j, why, sizeof why) != 0)
            fail_msg("%s: does not parse back: %s\n%s", c->what, why, text);
        char *again = wire_op_build(&back);
        if (strcmp(text, again) != 0)
            fail_msg("%s: changed on the way:\n%s\n%s", c->what, text, again);
        /* The parsed values are the ones sent. */
        assert_int_equal(back.kind, c->kind);
        assert_string_equal(back.uuid, c->uuid);
        assert_true(back.created_at == c->created_at);
        if (c->kind == WIRE_OP_SIGNUP) {
            assert_string_equal(back.name, c->name);
            assert_string_equal(back.event_id, c->event_id);
            assert_int_equal(back.group_size, c->group_size);
            assert_int_equal(back.personal_wiped, c->personal_wiped);
            if (c->grant)
                assert_string_equal(back.grant, c->grant);
            else
                assert_null(back.grant);
            assert_int_equal(back.position, c->position);
        }
        if (c->kind == WIRE_OP_CANCEL) assert_string_equal(back.signup, c->signup);
        if (c->kind == WIRE_OP_CHECKIN) {
            assert_string_equal(back.signup, c->signup);
            assert_int_equal(back.attended, c->attended);
            /* "attended" is always sent, 0 too: an undo must say so. */
            assert_non_null(strstr(text, c->attended ? "\"attended\":1" : "\"attended\":0"));
            assert_non_null(strstr(text, "\"kind\":\"checkin\""));
            assert_null(strstr(text, "\"name\""));
        }
        if (c->kind == WIRE_OP_FEEDBACK) {
            assert_int_equal(back.score, c->score);
            assert_string_equal(back.comment, c->comment);
            /* A feedback op carries no sign-up fields at all. */
            assert_null(strstr(text, "\"name\""));
        }
        free(again);
        free(text);
        json_decref(j);
        json_decref(ans);
    }
}

/* Upper-case UUIDs are accepted and lower-cased. */
static void test_op_uuid_lowercased(void **state)
{
    (void)state;
    WireOp op;
    char why[160];
    json_t *j = load("{\"uuid\":\"0F8FAD5B-D9CB-469F-A165-70867728950E\",\"kind\":\"feedback\","
                     "\"score\":3}");
    assert_int_equal(wire_op_parse(&op, j, why, sizeof why), 0);
    assert_string_equal(op.uuid, U1);
    json_decref(j);
}

typedef struct {
    const char *json;
    const char *why; /* a part of the reason */
    bool uuid_kept;  /* the op's uuid is known despite the error */
} BadOp;

#define S "{\"uuid\":\"" U1 "\",\"kind\":\"signup\",\"event_id\":\"e\",\"name\":\"N\","
static const BadOp BAD_OPS[] = {
    {"[]", "op: not an object", false},
    {"{\"kind\":\"signup\"}", "uuid: missing", false},
    {"{\"uuid\":\"not-a-uuid\",\"kind\":\"signup\"}", "uuid: missing or not a UUID", false},
    {"{\"uuid\":42}", "uuid: not a string", false},
    {"{\"uuid\":\"" U1 "\",\"kind\":\"teleport\"}",
     "kind: not signup, cancel, feedback, checkin or event", true},
    {"{\"uuid\":\"" U1 "\"}", "kind: not signup", true},
    {S "\"group_size\":1,\"lang\":\"de\"}", "lang: not fi, sv or en", true},
    {S "\"group_size\":1,\"lang\":\"FI\"}", "lang: not fi, sv or en", true},
    {S "\"group_size\":1,\"created_at\":-1}", "created_at: not an integer", true},
    {S "\"group_size\":1,\"created_at\":\"2026-03-18T18:30:00Z\"}", "created_at: not an integer",
     true},
    {S "\"group_size\":0}", "group_size: not an integer in 1..100", true},
    {S "\"group_size\":101}", "group_size: not an integer in 1..100", true},
    {S "\"group_size\":1.5}", "group_size: not an integer", true},
    {S "\"lang\":\"fi\"}", "group_size: missing", true},
    {"{\"uuid\":\"" U1 "\",\"kind\":\"signup\",\"name\":\"N\",\"group_size\":1}",
     "event_id: missing", true},
    {"{\"uuid\":\"" U1 "\",\"kind\":\"signup\",\"event_id\":\"e\",\"group_size\":1}",
     "name: missing", true},
    {S "\"group_size\":1,\"grant\":\"nope\"}", "grant: not a UUID", true},
    {S "\"group_size\":1,\"grant\":7}", "grant: not a string", true},
    {S "\"group_size\":1,\"answers\":[]}", "answers: not an object", true},
    {S "\"group_size\":1,\"answers\":{\"a\":1}}", "answers.a: not a string", true},
    {S "\"group_size\":1,\"answers\":{\"1\":\"\",\"2\":\"\",\"3\":\"\",\"4\":\"\",\"5\":\"\","
       "\"6\":\"\",\"7\":\"\",\"8\":\"\",\"9\":\"\"}}",
     "answers: more than 8", true},
    {S
     "\"group_size\":1,\"email\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@x.fi\"}",
     "email: longer than 120 bytes", true},
    {S "\"group_size\":1,\"phone\":\"12\\u00003\"}", "phone: contains a NUL", true},
    {S "\"group_size\":1,\"position\":-1}", "position: not an integer", true},
    {"{\"uuid\":\"" U1 "\",\"kind\":\"cancel\"}", "signup: missing or not a UUID", true},
    {"{\"uuid\":\"" U1 "\",\"kind\":\"checkin\",\"attended\":1}", "signup: missing or not a UUID",
     true},
    {"{\"uuid\":\"" U1 "\",\"kind\":\"checkin\",\"signup\":\"" U2 "\",\"attended\":2}",
     "attended: not an integer in 0..1", true},
    {"{\"uuid\":\"" U1 "\",\"kind\":\"checkin\",\"signup\":\"" U2 "\",\"attended\":true}",
     "attended: not an integer", true},
    {"{\"uuid\":\"" U1 "\",\"kind\":\"cancel\",\"signup\":\"x\"}", "signup: missing or not a UUID",
     true},
    {"{\"uuid\":\"" U1 "\",\"kind\":\"feedback\"}", "score: missing", true},
    {"{\"uuid\":\"" U1 "\",\"kind\":\"feedback\",\"score\":5}", "score: not an integer in 1..4",
     true},
    {"{\"uuid\":\"" U1 "\",\"kind\":\"feedback\",\"score\":2,\"comment\":false}",
     "comment: not a string", true},
};
#undef S

static void test_op_malformed(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof BAD_OPS / sizeof BAD_OPS[0]; i++) {
        const BadOp *b = &BAD_OPS[i];
        WireOp op;
        char why[160] = "";
        json_t *j = load(b->json);
        if (wire_op_parse(&op, j, why, sizeof why) == 0) fail_msg("accepted: %s", b->json);
        if (!strstr(why, b->why)) fail_msg("%s: reason \"%s\", want \"%s\"", b->json, why, b->why);
        if (b->uuid_kept != (op.uuid[0] != '\0'))
            fail_msg("%s: uuid %s", b->json, op.uuid[0] ? "kept" : "lost");
        json_decref(j);
    }
}

/* The push body is the ops as built, in order. */
static void test_push_body(void **state)
{
    (void)state;
    Buf b;
    buf_init(&b, 4096);
    assert_int_equal(wire_push_begin(&b), 0);
    assert_int_equal(wire_push_add(&b, "{\"a\":1}", 0), 0);
    assert_int_equal(wire_push_add(&b, "{\"b\":2}", 1), 0);
    assert_int_equal(wire_push_end(&b), 0);
    assert_string_equal(b.p, "{\"ops\":[{\"a\":1},{\"b\":2}]}");
    buf_deinit(&b);
    /* A cap is a cap: a body that would pass it fails instead of growing. */
    buf_init(&b, 10);
    assert_int_equal(wire_push_begin(&b), 0);
    assert_int_equal(wire_push_add(&b, "{\"toolong\":1}", 0), -1);
    buf_deinit(&b);
}

/* ---- Answers ------------------------------------------------------------------------------ */

static void test_results_round_trip(void **state)
{
    (void)state;
    char a0[256], a1[256], a2[256], a3[256];
    assert_true(wire_answer_format(a0, sizeof a0, U1, WIRE_RES_CONFIRMED, 0, NULL, NULL) > 0);
    assert_true(wire_answer_format(a1, sizeof a1, U2, WIRE_RES_WAITLISTED, 3, NULL, NULL) > 0);
    assert_true(wire_answer_format(a2, sizeof a2, U3, WIRE_RES_REJECTED, 0, WIRE_REJ_FULL,
                                   "no \"seats\"") > 0);
    assert_true(wire_answer_format(a3, sizeof a3, U1, WIRE_RES_OK, 0, NULL, NULL) > 0);
    char *answers[] = {a0, a1, a2, a3};
    char *body = wire_results_build(answers, 4, 1 << 20);
    assert_non_null(body);
    const char uuids[4][RECORD_UUID_LEN + 1] = {U1, U2, U3, U1};
    WireAnswer out[4];
    char why[128];
    json_t *j = load(body);
    assert_int_equal(wire_results_parse(j, uuids, 4, out, why, sizeof why), 0);
    assert_int_equal(out[0].result, WIRE_RES_CONFIRMED);
    assert_int_equal(out[1].result, WIRE_RES_WAITLISTED);
    assert_int_equal(out[1].position, 3);
    assert_int_equal(out[2].result, WIRE_RES_REJECTED);
    assert_string_equal(out[2].reason, WIRE_REJ_FULL);
    assert_int_equal(out[3].result, WIRE_RES_OK);
    assert_string_equal(out[3].uuid, U1);
    json_decref(j);
    free(body);
    /* Every result has one name, and back. */
    for (int r = 0; r < WIRE_RES_COUNT; r++)
        assert_int_equal(wire_result_from_name(wire_result_name((WireResult)r)), r);
    assert_int_equal(wire_result_from_name("maybe"), -1);
    assert_string_equal(wire_result_name((WireResult)99), "rejected");
    /* Too small a buffer is an error, not a cut answer. */
    char tiny[8];
    assert_int_equal(wire_answer_format(tiny, sizeof tiny, U1, WIRE_RES_OK, 0, NULL, NULL), -1);
}

typedef struct {
    const char *json;
    int n;
    const char *why;
} BadResults;

static const BadResults BAD_RESULTS[] = {
    {"{}", 1, "1 answers expected"},
    {"{\"results\":{}}", 1, "1 answers expected"},
    {"{\"results\":[]}", 1, "1 answers expected"},
    {"{\"results\":[{\"uuid\":\"" U1 "\",\"result\":\"ok\"}]}", 2, "2 answers expected"},
    {"{\"results\":[{\"uuid\":\"" U2 "\",\"result\":\"ok\"}]}", 1, "answer 0 does not match"},
    {"{\"results\":[{\"result\":\"ok\"}]}", 1, "answer 0 does not match"},
    {"{\"results\":[{\"uuid\":\"" U1 "\",\"result\":\"perhaps\"}]}", 1, "answer 0 does not match"},
    {"{\"results\":[{\"uuid\":\"" U1 "\"}]}", 1, "answer 0 does not match"},
};

static void test_results_malformed(void **state)
{
    (void)state;
    const char uuids[2][RECORD_UUID_LEN + 1] = {U1, U1};
    for (size_t i = 0; i < sizeof BAD_RESULTS / sizeof BAD_RESULTS[0]; i++) {
        const BadResults *b = &BAD_RESULTS[i];
        WireAnswer out[2];
        char why[128] = "";
        json_t *j = load(b->json);
        if (wire_results_parse(j, uuids, b->n, out, why, sizeof why) == 0)
            fail_msg("accepted: %s", b->json);
        if (!strstr(why, b->why)) fail_msg("%s: reason \"%s\", want \"%s\"", b->json, why, b->why);
        json_decref(j);
    }
    /* A hostile position is read as none rather than as a huge place. */
    json_t *j = load("{\"results\":[{\"uuid\":\"" U1 "\",\"result\":\"waitlisted\","
                     "\"position\":99999999999}]}");
    WireAnswer out[1];
    char why[128];
    assert_int_equal(wire_results_parse(j, uuids, 1, out, why, sizeof why), 0);
    assert_int_equal(out[0].position, 0);
    json_decref(j);
}

/* ---- Grants ------------------------------------------------------------------------------- */

static void test_grants_round_trip(void **state)
{
    (void)state;
    WireSettle settle[2] = {{U1, 3}, {U2, 0}};
    WireWant want[2] = {{U3, "aukio:satu", 10}, {U1, "helsinki:\"x\"", 1}};
    char *req = wire_grants_request_build(settle, 2, want, 2);
    assert_non_null(req);
    json_t *j = load(req);
    WireSettle *ps = NULL;
    WireWant *pw = NULL;
    int ns = 0, nw = 0;
    char why[160];
    assert_int_equal(wire_grants_request_parse(j, &ps, &ns, &pw, &nw, why, sizeof why), 0);
    assert_int_equal(ns, 2);
    assert_int_equal(nw, 2);
    for (int i = 0; i < 2; i++) {
        assert_string_equal(ps[i].grant, settle[i].grant);
        assert_int_equal(ps[i].used, settle[i].used);
        assert_string_equal(pw[i].grant, want[i].grant);
        assert_string_equal(pw[i].event_id, want[i].event_id);
        assert_int_equal(pw[i].seats, want[i].seats);
    }
    free(ps);
    free(pw);
    json_decref(j);
    free(req);

    WireSettled done[2] = {{U1, 2, NULL}, {U2, 0, "unknown_grant"}};
    WireGrant got[2] = {{U3, "aukio:satu", 4, 1800, NULL}, {U1, "e", 0, 1800, "full"}};
    char *ans = wire_grants_answer_build(done, 2, got, 2, 90);
    assert_non_null(ans);
    j = load(ans);
    WireSettled *pd = NULL;
    WireGrant *pg = NULL;
    int nd = 0, ng = 0, margin = 0;
    assert_int_equal(wire_grants_answer_parse(j, &pd, &nd, &pg, &ng, &margin, why, sizeof why), 0);
    assert_int_equal(nd, 2);
    assert_int_equal(ng, 2);
    assert_int_equal(margin, 90);
    assert_string_equal(pd[0].grant, U1);
    assert_int_equal(pd[0].released, 2);
    assert_null(pd[0].error);
    assert_string_equal(pd[1].error, "unknown_grant");
    assert_string_equal(pg[0].event_id, "aukio:satu");
    assert_int_equal(pg[0].seats, 4);
    assert_true(pg[0].expires_in == 1800);
    assert_string_equal(pg[1].reason, "full");
    char *again = wire_grants_answer_build(pd, nd, pg, ng, margin);
    assert_string_equal(again, ans);
    free(again);
    free(pd);
    free(pg);
    json_decref(j);
    free(ans);
}

typedef struct {
    const char *json;
    const char *why;
} BadGrants;

static const BadGrants BAD_GRANT_REQUESTS[] = {
    {"{\"settle\":{}}", "must be arrays"},
    {"{\"want\":\"x\"}", "must be arrays"},
    {"{\"settle\":[{\"grant\":\"x\",\"used\":1}]}", "settle[]"},
    {"{\"settle\":[{\"grant\":\"" U1 "\",\"used\":-1}]}", "settle[]"},
    {"{\"settle\":[{\"grant\":\"" U1 "\"}]}", "settle[]"},
    {"{\"want\":[{\"grant\":\"" U1 "\",\"event_id\":\"e\",\"seats\":0}]}", "want[]"},
    {"{\"want\":[{\"grant\":\"" U1 "\",\"event_id\":\"e\",\"seats\":1001}]}", "want[]"},
    {"{\"want\":[{\"grant\":\"" U1 "\",\"event_id\":\"\",\"seats\":1}]}", "want[]"},
    {"{\"want\":[{\"grant\":\"" U1 "\",\"seats\":1}]}", "want[]"},
};

static void test_grants_malformed(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof BAD_GRANT_REQUESTS / sizeof BAD_GRANT_REQUESTS[0]; i++) {
        const BadGrants *b = &BAD_GRANT_REQUESTS[i];
        json_t *j = load(b->json);
        WireSettle *ps = NULL;
        WireWant *pw = NULL;
        int ns, nw;
        char why[160] = "";
        if (wire_grants_request_parse(j, &ps, &ns, &pw, &nw, why, sizeof why) == 0)
            fail_msg("accepted: %s", b->json);
        if (!strstr(why, b->why)) fail_msg("%s: reason \"%s\", want \"%s\"", b->json, why, b->why);
        free(ps);
        free(pw);
        json_decref(j);
    }
    /* Too many entries. */
    json_t *big = json_pack("{s:[]}", "settle");
    for (int i = 0; i <= WIRE_WANTS_MAX; i++)
        json_array_append_new(json_object_get(big, "settle"),
                              json_pack("{s:s, s:i}", "grant", U1, "used", 0));
    WireSettle *ps = NULL;
    WireWant *pw = NULL;
    int ns, nw;
    char why[160];
    assert_int_equal(wire_grants_request_parse(big, &ps, &ns, &pw, &nw, why, sizeof why), -1);
    assert_non_null(strstr(why, "more than 200"));
    free(ps);
    free(pw);
    json_decref(big);

    /* A hostile answer: bad entries are left out, numbers out of range are not believed. */
    json_t *j = load("{\"settled\":[{\"grant\":\"x\",\"released\":1},"
                     "{\"grant\":\"" U1 "\",\"released\":9223372036854775807}],"
                     "\"grants\":[{\"grant\":\"" U2 "\",\"seats\":-3},"
                     "{\"grant\":\"" U2 "\",\"seats\":\"5\"},"
                     "{\"grant\":\"" U3 "\",\"seats\":2,\"expires_in\":9223372036854775807}],"
                     "\"margin\":-5}");
    WireSettled *pd = NULL;
    WireGrant *pg = NULL;
    int nd, ng, margin;
    assert_int_equal(wire_grants_answer_parse(j, &pd, &nd, &pg, &ng, &margin, why, sizeof why), 0);
    assert_int_equal(nd, 1);
    assert_int_equal(pd[0].released, 0);
    assert_int_equal(ng, 1);
    assert_string_equal(pg[0].grant, U3);
    assert_true(pg[0].expires_in == 0); /* then the kiosk records it as no grant */
    assert_int_equal(margin, WIRE_GRANT_MARGIN_S);
    free(pd);
    free(pg);
    json_decref(j);
}

/* ---- Enrolment, errors, cursors ------------------------------------------------------------ */

static void test_enrol_and_errors(void **state)
{
    (void)state;
    char why[128], device[64], token[WIRE_TOKEN_MAX + 1];
    const char *rid = "x";
    char *req = wire_enrol_request_build("aue_secret", NULL);
    json_t *j = load(req);
    assert_string_equal(wire_enrol_request_parse(j, &rid, why, sizeof why), "aue_secret");
    assert_null(rid); /* an old kiosk: no request id */
    json_decref(j);
    free(req);
    j = load("{\"token\":5}");
    assert_null(wire_enrol_request_parse(j, &rid, why, sizeof why));
    assert_non_null(strstr(why, "\"token\": a string is required"));
    json_decref(j);
    /* Issue 8, item 5: the kiosk's request id makes a retried enrolment get the same answer. */
    req = wire_enrol_request_build("aue_secret", "0f8c0a9e-1b2c-4d3e-8f40-5a6b7c8d9e0f");
    j = load(req);
    assert_string_equal(wire_enrol_request_parse(j, &rid, why, sizeof why), "aue_secret");
    assert_string_equal(rid, "0f8c0a9e-1b2c-4d3e-8f40-5a6b7c8d9e0f");
    json_decref(j);
    free(req);
    static const char *const BAD_RID[] = {
        "{\"token\":\"t\",\"request_id\":5}",
        "{\"token\":\"t\",\"request_id\":\"\"}",
        "{\"token\":\"t\",\"request_id\":\"0f8c0a9e-1b2c-4d3e-8f40-5a6b7c8d9e0\"}",
        "{\"token\":\"t\",\"request_id\":\"0f8c0a9e+1b2c-4d3e-8f40-5a6b7c8d9e0f\"}",
    };
    for (size_t i = 0; i < sizeof BAD_RID / sizeof BAD_RID[0]; i++) {
        j = load(BAD_RID[i]);
        assert_null(wire_enrol_request_parse(j, &rid, why, sizeof why));
        assert_non_null(strstr(why, "request_id"));
        json_decref(j);
    }
    j = load("{\"token\":\"t\",\"request_id\":null}");
    assert_string_equal(wire_enrol_request_parse(j, &rid, why, sizeof why), "t");
    assert_null(rid);
    json_decref(j);

    char *ans = wire_enrol_answer_build("kiosk-1", "aud_abc");
    j = load(ans);
    assert_int_equal(
        wire_enrol_answer_parse(j, device, sizeof device, token, sizeof token, why, sizeof why), 0);
    assert_string_equal(device, "kiosk-1");
    assert_string_equal(token, "aud_abc");
    json_decref(j);
    free(ans);
    /* A token that would break the config line it is written to is refused. */
    static const char *const BAD_TOKENS[] = {"{\"token\":\"a b\"}", "{\"token\":\"a;b\"}",
                                             "{\"token\":\"a#b\"}", "{\"token\":\"a\\nb\"}",
                                             "{\"token\":\"\"}",    "{}"};
    for (size_t i = 0; i < sizeof BAD_TOKENS / sizeof BAD_TOKENS[0]; i++) {
        j = load(BAD_TOKENS[i]);
        if (wire_enrol_answer_parse(j, device, sizeof device, token, sizeof token, why,
                                    sizeof why) == 0)
            fail_msg("accepted: %s", BAD_TOKENS[i]);
        assert_non_null(strstr(why, "no usable token"));
        json_decref(j);
    }

    char *err = wire_error_build(WIRE_ERR_CURSOR_GONE, "the history \"was\" compacted");
    j = load(err);
    assert_string_equal(wire_error_code(j), WIRE_ERR_CURSOR_GONE);
    assert_string_equal(json_string_value(json_object_get(j, "message")),
                        "the history \"was\" compacted");
    json_decref(j);
    free(err);
}

static void test_cursors(void **state)
{
    (void)state;
    WireCursor c = {"0123456789abcdef0123456789ABCDEF", 42, true}, back;
    char buf[WIRE_CURSOR_MAX + 1];
    wire_cursor_format(&c, buf, sizeof buf);
    assert_int_equal(wire_cursor_parse(&back, buf), 0);
    assert_string_equal(back.epoch, c.epoch);
    assert_true(back.seq == 42);
    assert_true(back.snapshot);
    static const char *const BAD[] = {
        "",
        "c2.0123456789abcdef0123456789abcdef.1.i",
        "c1.0123456789abcdef0123456789abcde.1.i",
        "c1.0123456789abcdef0123456789abcdeg.1.i",
        "c1.0123456789abcdef0123456789abcdef..i",
        "c1.0123456789abcdef0123456789abcdef.-1.i",
        "c1.0123456789abcdef0123456789abcdef.1.x",
        "c1.0123456789abcdef0123456789abcdef.99999999999999999999.i",
        "c1.0123456789abcdef0123456789abcdef.1",
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++)
        if (wire_cursor_parse(&back, BAD[i]) == 0) fail_msg("accepted cursor \"%s\"", BAD[i]);
}

/* ---- Pages -------------------------------------------------------------------------------- */

static void test_page_round_trip(void **state)
{
    (void)state;
    Buf b;
    buf_init(&b, 1 << 20);
    WireChangeOut out[3] = {
        {"upsert", "aukio:satu", "{\"id\":\"aukio:satu\"}", 20, 5, 1, 3},
        {"cancel", "a\"b", "{\"id\":\"a\\\"b\"}", -1, 0, 0, 0},
        {"delete", "gone", NULL, 0, 0, 0, 0},
    };
    assert_int_equal(wire_page_begin(&b), 0);
    for (int i = 0; i < 3; i++)
        assert_int_equal(wire_page_add(&b, &out[i], i), 0);
    assert_int_equal(wire_page_end(&b, "c1.x", true, true), 0);
    json_t *j = load(b.p);
    WirePage pg;
    char why[128];
    assert_int_equal(wire_page_parse(j, &pg, why, sizeof why), 0);
    assert_string_equal(pg.cursor, "c1.x");
    assert_true(pg.more);
    assert_true(pg.reset);
    assert_int_equal(pg.n, 3);
    for (size_t i = 0; i < 3; i++) {
        WireChangeIn in;
        assert_int_equal(wire_page_change(j, i, &in, why, sizeof why), 0);
        assert_string_equal(in.id, out[i].id);
        if (!out[i].event_json) {
            assert_int_equal(in.kind, WIRE_CHANGE_DELETE);
            continue;
        }
        assert_int_equal(in.kind, WIRE_CHANGE_UPSERT);
        assert_string_equal(json_string_value(json_object_get(in.event, "id")), out[i].id);
        assert_int_equal(in.capacity, out[i].capacity);
        assert_int_equal(in.confirmed, out[i].confirmed);
        assert_int_equal(in.waitlisted, out[i].waitlisted);
        assert_int_equal(in.held, out[i].held);
    }
    json_decref(j);
    buf_deinit(&b);

    /* An empty page, as the hub answers when nothing is new. */
    buf_init(&b, 1024);
    assert_int_equal(wire_page_begin(&b), 0);
    assert_int_equal(wire_page_end(&b, "c1.y", false, false), 0);
    assert_string_equal(b.p, "{\"changes\":[],\"cursor\":\"c1.y\",\"more\":false}");
    buf_deinit(&b);
}

static void test_page_malformed(void **state)
{
    (void)state;
    static const char *const BAD_PAGES[] = {
        "{}",
        "{\"changes\":[]}",
        "{\"changes\":{},\"cursor\":\"c\"}",
        "{\"changes\":[],\"cursor\":5}",
    };
    WirePage pg;
    char why[128];
    for (size_t i = 0; i < sizeof BAD_PAGES / sizeof BAD_PAGES[0]; i++) {
        json_t *j = load(BAD_PAGES[i]);
        if (wire_page_parse(j, &pg, why, sizeof why) == 0) fail_msg("accepted %s", BAD_PAGES[i]);
        assert_non_null(strstr(why, "lacks changes or cursor"));
        json_decref(j);
    }
    json_t *j = load("{\"changes\":[{\"id\":\"x\"},{\"op\":\"upsert\"},"
                     "{\"op\":\"upsert\",\"id\":\"y\",\"seats\":{\"confirmed\":99999999999}}],"
                     "\"cursor\":\"c\"}");
    assert_int_equal(wire_page_parse(j, &pg, why, sizeof why), 0);
    WireChangeIn in;
    assert_int_equal(wire_page_change(j, 0, &in, why, sizeof why), -1);
    assert_non_null(strstr(why, "change 0 lacks op or id"));
    assert_int_equal(wire_page_change(j, 1, &in, why, sizeof why), -1);
    assert_int_equal(wire_page_change(j, 2, &in, why, sizeof why), 0);
    assert_int_equal(in.confirmed, 0); /* a count past any real event is not believed */
    json_decref(j);
}

/* The hub's later decisions about a kiosk's own sign-ups ride on the page. */
static void test_page_signups_round_trip(void **state)
{
    (void)state;
    Buf b;
    buf_init(&b, 1 << 16);
    WireSignupChange out[3] = {
        {"0f8fad5b-d9cb-469f-a165-70867728950e", "K7M4QX", WIRE_SIGNUP_CONFIRMED, 0},
        {"7c9e6679-7425-40de-944b-e07fc1f90ae7", "AB\"CD", WIRE_SIGNUP_WAITLISTED, 3},
        {"16fd2706-8baf-433b-82eb-8c7fada847da", "", WIRE_SIGNUP_CANCELLED, 0},
    };
    assert_int_equal(wire_page_begin(&b), 0);
    assert_int_equal(wire_page_end_signups(&b, out, 3, "c1.z", false, false), 0);
    json_t *j = load(b.p);
    WirePage pg;
    char why[128];
    assert_int_equal(wire_page_parse(j, &pg, why, sizeof why), 0);
    assert_int_equal(pg.n, 0);
    assert_int_equal(pg.n_signups, 3);
    assert_string_equal(pg.cursor, "c1.z");
    for (size_t i = 0; i < 3; i++) {
        WireSignupChange in;
        assert_int_equal(wire_page_signup(j, i, &in, why, sizeof why), 0);
        assert_string_equal(in.uuid, out[i].uuid);
        assert_string_equal(in.code, out[i].code);
        assert_int_equal(in.state, out[i].state);
        assert_int_equal(in.position, out[i].position);
    }
    json_decref(j);
    buf_deinit(&b);
    /* No sign-up changes: the page is as before, without "signups". */
    buf_init(&b, 1024);
    assert_int_equal(wire_page_begin(&b), 0);
    assert_int_equal(wire_page_end_signups(&b, NULL, 0, "c1.y", false, false), 0);
    assert_string_equal(b.p, "{\"changes\":[],\"cursor\":\"c1.y\",\"more\":false}");
    buf_deinit(&b);
    assert_int_equal(wire_signup_state_from_name("waitlisted"), WIRE_SIGNUP_WAITLISTED);
    assert_int_equal(wire_signup_state_from_name("maybe"), -1);
    assert_int_equal(wire_signup_state_from_name(NULL), -1);
}

static void test_page_signups_malformed(void **state)
{
    (void)state;
    static const char *const BAD[] = {
        "{\"code\":\"A\",\"status\":\"confirmed\"}",
        "{\"uuid\":\"not-a-uuid\",\"status\":\"confirmed\"}",
        "{\"uuid\":\"0f8fad5b-d9cb-469f-a165-70867728950e\"}",
        "{\"uuid\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"status\":\"promoted\"}",
        "{\"uuid\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"status\":\"confirmed\","
        "\"code\":\"0123456789ABCDEFG\"}",
        "{\"uuid\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"status\":\"confirmed\","
        "\"code\":5}",
        "{\"uuid\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"status\":\"waitlisted\","
        "\"position\":-1}",
        "{\"uuid\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"status\":\"waitlisted\","
        "\"position\":\"2\"}",
        "7",
    };
    char doc[512], why[128];
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        snprintf(doc, sizeof doc, "{\"changes\":[],\"signups\":[%s],\"cursor\":\"c\"}", BAD[i]);
        json_t *j = load(doc);
        WirePage pg;
        assert_int_equal(wire_page_parse(j, &pg, why, sizeof why), 0);
        assert_int_equal(pg.n_signups, 1);
        WireSignupChange in;
        if (wire_page_signup(j, 0, &in, why, sizeof why) == 0) fail_msg("accepted %s", BAD[i]);
        assert_non_null(strstr(why, "sign-up change 0"));
        json_decref(j);
    }
    /* Upper-case uuid is taken lower-cased; no code and no position read as "" and 0. */
    json_t *j = load("{\"changes\":[],\"signups\":[{\"uuid\":"
                     "\"0F8FAD5B-D9CB-469F-A165-70867728950E\",\"status\":\"cancelled\"}],"
                     "\"cursor\":\"c\"}");
    WireSignupChange in;
    assert_int_equal(wire_page_signup(j, 0, &in, why, sizeof why), 0);
    assert_string_equal(in.uuid, "0f8fad5b-d9cb-469f-a165-70867728950e");
    assert_string_equal(in.code, "");
    assert_int_equal(in.state, WIRE_SIGNUP_CANCELLED);
    assert_int_equal(wire_page_signup(j, 1, &in, why, sizeof why), -1); /* past the end */
    json_decref(j);
}

/* ---- One sign-up by its code ------------------------------------------------------------- */

static void test_signup_info_round_trip(void **state)
{
    (void)state;
    WireSignupInfo in = {.code = "K7M4QX",
                         .event_id = "helsinki:afxp6tv4xa",
                         .state = WIRE_SIGNUP_WAITLISTED,
                         .position = 3,
                         .group_size = 2};
    char *s = wire_signup_info_build(&in);
    assert_non_null(s);
    assert_string_equal(s, "{\"code\":\"K7M4QX\",\"event_id\":\"helsinki:afxp6tv4xa\","
                           "\"status\":\"waitlisted\",\"position\":3,\"group_size\":2}");
    json_t *j = json_loads(s, 0, NULL);
    WireSignupInfo out;
    char why[128];
    assert_int_equal(wire_signup_info_parse(j, &out, why, sizeof why), 0);
    assert_string_equal(out.code, "K7M4QX");
    assert_string_equal(out.event_id, in.event_id);
    assert_int_equal(out.state, WIRE_SIGNUP_WAITLISTED);
    assert_int_equal(out.position, 3);
    assert_int_equal(out.group_size, 2);
    json_decref(j);
    free(s);
    /* A confirmed or cancelled sign-up has no place on the waiting list, whatever is sent. */
    in.state = WIRE_SIGNUP_CANCELLED;
    s = wire_signup_info_build(&in);
    assert_non_null(strstr(s, "\"position\":0"));
    free(s);
    assert_true(wire_code_ok("K7M4QX"));
    assert_true(wire_code_ok("S2"));
    assert_false(wire_code_ok(""));
    assert_false(wire_code_ok(NULL));
    assert_false(wire_code_ok("k7m4qx"));
    assert_false(wire_code_ok("K7M 4QX"));
    assert_false(wire_code_ok("AAAAAAAAAAAAAAAAA")); /* 17 */
}

static void test_signup_info_malformed(void **state)
{
    (void)state;
    static const struct {
        const char *json, *why;
    } cases[] = {
        {"[]", "object"},
        {"{\"event_id\":\"e\",\"status\":\"confirmed\",\"position\":0,\"group_size\":1}", "code"},
        {"{\"code\":\"a b\",\"event_id\":\"e\",\"status\":\"confirmed\",\"position\":0,"
         "\"group_size\":1}",
         "code"},
        {"{\"code\":\"AB\",\"status\":\"confirmed\",\"position\":0,\"group_size\":1}", "event_id"},
        {"{\"code\":\"AB\",\"event_id\":\"\",\"status\":\"confirmed\",\"position\":0,"
         "\"group_size\":1}",
         "event_id"},
        {"{\"code\":\"AB\",\"event_id\":\"e\",\"status\":\"maybe\",\"position\":0,"
         "\"group_size\":1}",
         "status"},
        {"{\"code\":\"AB\",\"event_id\":\"e\",\"status\":\"waitlisted\",\"position\":-1,"
         "\"group_size\":1}",
         "position"},
        {"{\"code\":\"AB\",\"event_id\":\"e\",\"status\":\"waitlisted\",\"position\":\"1\","
         "\"group_size\":1}",
         "position"},
        {"{\"code\":\"AB\",\"event_id\":\"e\",\"status\":\"confirmed\",\"position\":0,"
         "\"group_size\":0}",
         "group_size"},
        {"{\"code\":\"AB\",\"event_id\":\"e\",\"status\":\"confirmed\",\"position\":0}",
         "group_size"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *j = json_loads(cases[i].json, JSON_DECODE_ANY, NULL);
        assert_non_null(j);
        WireSignupInfo out;
        char why[128] = "";
        if (wire_signup_info_parse(j, &out, why, sizeof why) != -1)
            fail_msg("case %zu parsed: %s", i, cases[i].json);
        if (!strstr(why, cases[i].why)) fail_msg("case %zu: '%s' lacks '%s'", i, why, cases[i].why);
        json_decref(j);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_op_round_trip),
        cmocka_unit_test(test_op_uuid_lowercased),
        cmocka_unit_test(test_op_malformed),
        cmocka_unit_test(test_push_body),
        cmocka_unit_test(test_results_round_trip),
        cmocka_unit_test(test_results_malformed),
        cmocka_unit_test(test_grants_round_trip),
        cmocka_unit_test(test_grants_malformed),
        cmocka_unit_test(test_enrol_and_errors),
        cmocka_unit_test(test_cursors),
        cmocka_unit_test(test_page_round_trip),
        cmocka_unit_test(test_page_malformed),
        cmocka_unit_test(test_page_signups_round_trip),
        cmocka_unit_test(test_page_signups_malformed),
        cmocka_unit_test(test_signup_info_round_trip),
        cmocka_unit_test(test_signup_info_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
