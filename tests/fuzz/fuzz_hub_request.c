/*
 * fuzz_hub_request.c: the hub's request handling in-process (hub_api_handle), on a temporary
 * SQLite store with one enrolled device and a few events, as the fuzzing of issue 7 did.
 *
 * An input is a sequence of requests, each
 *
 *     SELECTOR  LEN_LO  LEN_HI  BODY[LEN]          (a short last body takes what is left)
 *
 * SELECTOR's low 3 bits choose the route (health, enrol, changes, push, grants, a sign-up by its
 * code, push with GET, changes with POST); bits 3-4 the Authorization (the device's token, none, a
 * wrong token, "Bearer " and the first 40 bytes of BODY); bit 5 a second Content-Length header; bit
 * 6 the body marked too large while streaming. For /v1/changes BODY is "CURSOR\nLIMIT"; for the
 * sign-up route the path is "/v1/signups/" and BODY's first 40 bytes (to a NUL), GET or, with bit
 * 7, POST (a cancel by the code when the path ends in /cancel; anything else is a 404).
 *
 * After every request: the answer has a known status and a JSON body; after every push that was
 * answered 200, the same push again gets byte-identical answers (exactly once); after every
 * input, the store's invariant check (`aukio-hub check`) holds. Any violation is abort().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "hub.h"
#include "hub_api.h"

#define REQUESTS_MAX 16

static HubStore *g_store;
static HubApi g_api;
static char g_token[HUB_TOKEN_BUF];
static char g_auth[HUB_TOKEN_BUF + 16];
static char g_dir[64];

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_hub_request: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}

static void cleanup(void)
{
    if (g_store) g_store->close(g_store);
    g_store = NULL;
    const char *suffix[] = {"/hub.db", "/hub.db-wal", "/hub.db-shm"};
    for (int i = 0; i < 3; i++) {
        char p[128];
        snprintf(p, sizeof p, "%s%s", g_dir, suffix[i]);
        unlink(p);
    }
    rmdir(g_dir);
}

static void setup(void)
{
    char err[512], path[96], name[64];
    snprintf(g_dir, sizeof g_dir, "/tmp/aukio-fuzz-hub-XXXXXX");
    if (!mkdtemp(g_dir)) fail("mkdtemp", NULL);
    snprintf(path, sizeof path, "%s/hub.db", g_dir);
    if (hub_store_sqlite_open(&g_store, path, err, sizeof err) != AUKIO_OK) fail("open", err);
    atexit(cleanup);
    char et[HUB_TOKEN_BUF];
    uint8_t eh[HUB_HASH_LEN], th[HUB_HASH_LEN];
    hub_token_new("aue_", et);
    hub_token_new("aud_", g_token);
    hub_token_hash(et, eh);
    hub_token_hash(g_token, th);
    int64_t now = now_s();
    if (g_store->device_add(g_store, "fuzz", eh, now, now + 86400, err, sizeof err) != AUKIO_OK ||
        g_store->device_enrol(g_store, eh, th, NULL, now, name, sizeof name, err, sizeof err) !=
            AUKIO_OK)
        fail("enrol", err);
    snprintf(g_auth, sizeof g_auth, "Bearer %s", g_token);
    /* Events the seeds name: seats and a waiting list, no limit, one seat a party (the group-size
     * rule under a grant), and one cancelled. */
    const char *js =
        "{\"id\":\"x\",\"name\":{\"fi\":\"X\"},\"start_time\":\"2099-03-18T18:30:00Z\"}";
    HubEventIn evs[] = {
        {.id = "f1",
         .json = js,
         .registration = true,
         .capacity = 10,
         .waitlist_capacity = 5,
         .max_group_size = 3,
         .start_time = INT64_C(4000000000)},
        {.id = "f2",
         .json = js,
         .registration = true,
         .capacity = -1,
         .waitlist_capacity = -1,
         .max_group_size = 6,
         .start_time = INT64_C(4000000000)},
        {.id = "f3",
         .json = js,
         .registration = true,
         .capacity = 4,
         .waitlist_capacity = 0,
         .max_group_size = 1,
         .start_time = INT64_C(4000000000)},
        {.id = "f4",
         .json = js,
         .registration = true,
         .cancelled = true,
         .capacity = 5,
         .waitlist_capacity = 0,
         .max_group_size = 2,
         .start_time = INT64_C(4000000000)},
    };
    if (g_store->event_import(g_store, evs, (int)(sizeof evs / sizeof evs[0]), now, err,
                              sizeof err) != AUKIO_OK)
        fail("import", err);
    HubPolicy pol;
    hub_policy_defaults(&pol);
    hub_api_init(&g_api, g_store, &pol, 256, 64 * 1024);
}

static void check_answer(const HubApiResponse *r)
{
    static const unsigned known[] = {200, 400, 401, 404, 405, 410, 413, 503};
    bool ok = false;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        ok |= r->status == known[i];
    if (!ok) fail("unexpected status", r->body);
    json_error_t jerr;
    json_t *j = json_loads(r->body, 0, &jerr);
    if (!json_is_object(j)) fail("the answer is not a JSON object", r->body);
    json_decref(j);
}

/* Runs one request; BODY (LEN bytes, NUL-terminated by the caller) per SEL. */
static void run_one(uint8_t sel, const char *body, size_t len)
{
    static const char *paths[] = {"/v1/health", "/v1/enrol", "/v1/changes", "/v1/push",
                                  "/v1/grants", "/v1/nope",  "/v1/push",    "/v1/changes"};
    static const char *methods[] = {"GET", "POST", "GET", "POST", "POST", "GET", "GET", "POST"};
    int route = sel & 7;
    char auth[64];
    HubApiRequest rq = {.method = methods[route], .path = paths[route]};
    char signup_path[64];
    if (route == 5) {
        snprintf(signup_path, sizeof signup_path, "/v1/signups/%.*s", (int)(len < 40 ? len : 40),
                 body);
        rq.path = signup_path;
        rq.method = (sel >> 7) & 1 ? "POST" : "GET";
    }
    switch ((sel >> 3) & 3) {
    case 0:
        rq.authorization = g_auth;
        break;
    case 1:
        rq.authorization = NULL;
        break;
    case 2:
        rq.authorization = "Bearer aud_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        break;
    default:
        snprintf(auth, sizeof auth, "Bearer %.*s", (int)(len < 40 ? len : 40), body);
        rq.authorization = auth;
    }
    char *cursor = NULL;
    if (route == 2) {
        /* "CURSOR\nLIMIT": both strings end at the first NUL, as MHD's would. */
        cursor = strndup(body, len);
        if (!cursor) fail("out of memory", NULL);
        char *nl = strchr(cursor, '\n');
        if (nl) {
            *nl = '\0';
            rq.limit = nl + 1;
        }
        rq.cursor = *cursor ? cursor : NULL;
    } else {
        rq.body = len ? body : NULL;
        rq.body_len = len;
    }
    rq.body_too_large = (sel >> 6) & 1;
    HubApiResponse out;
    char cl[24];
    snprintf(cl, sizeof cl, "%zu", len);
    if (hub_api_check_head((sel >> 5) & 1 ? 2 : 1, cl, &out)) {
        if (!((sel >> 5) & 1)) fail("a valid Content-Length was refused", out.body);
        check_answer(&out);
        hub_api_response_deinit(&out);
        free(cursor);
        return;
    }
    if ((sel >> 5) & 1) fail("two Content-Length headers were accepted", NULL);
    hub_api_handle(&g_api, &rq, &out);
    check_answer(&out);
    if (route == 3 && out.status == 200) {
        HubApiResponse again;
        hub_api_handle(&g_api, &rq, &again);
        if (again.status != 200 || strcmp(again.body, out.body) != 0) {
            fprintf(stderr, "first:  %s\nreplay: %s\n", out.body, again.body);
            fail("a replayed push got a different answer", NULL);
        }
        hub_api_response_deinit(&again);
    }
    hub_api_response_deinit(&out);
    free(cursor);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_store) setup();
    size_t at = 0;
    for (int i = 0; i < REQUESTS_MAX && at < size; i++) {
        uint8_t sel = data[at++];
        size_t len = 0;
        if (at + 2 <= size) {
            len = (size_t)data[at] | (size_t)data[at + 1] << 8;
            at += 2;
        } else {
            at = size;
        }
        if (len > size - at) len = size - at;
        char *body = malloc(len + 1);
        if (!body) fail("out of memory", NULL);
        memcpy(body, data + at, len);
        body[len] = '\0';
        at += len;
        run_one(sel, body, len);
        free(body);
    }
    char err[512];
    if (g_store->check(g_store, err, sizeof err) != AUKIO_OK) fail("check", err);
    return 0;
}
