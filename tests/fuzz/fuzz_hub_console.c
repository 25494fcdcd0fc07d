/*
 * fuzz_hub_console.c: the coordinator's console in-process (hub_console_handle), on a temporary
 * SQLite store with a coordinator, two library users (Lahti and Hollola), a kiosk at Lahti with
 * sign-ups and an event at each venue. Sign-in itself is not fuzzed (each costs an Argon2id
 * check): the three users' sessions are made once, in the store.
 *
 * An input is a sequence of requests, each
 *
 *     SELECTOR  LEN_LO  LEN_HI  BODY[LEN]          (a short last body takes what is left)
 *
 * SELECTOR's low 4 bits choose the call (the page, a file named by BODY, session, overview, an
 * event whose id is BODY, kiosks, audit, a sign-up cancel, a kiosk added, a kiosk revoked,
 * logout, an API path named by BODY, the cancel of Maija's sign-up, the export of Lahti's event
 * in the format BODY, a kiosk added at Lahti, and an event whose id is BODY); bits 4-5 who asks
 * (the coordinator, Lahti, Hollola, nobody); bit 6 whether the session's CSRF token is sent (else
 * BODY's first 40 bytes); bit 7 whether the body is declared JSON.
 *
 * After every request: a known status with a JSON body (or one of the page's files, or an
 * export's CSV); no change
 * answered 200 without the session's CSRF token; Lahti's event (its page or in a list) never in
 * an answer to Hollola or to nobody, nor exported to them; the audit log grows only with a change
 * or an export answered 200. After every
 * input: the store's invariant check. Any violation is abort().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "hub.h"
#include "hub_console.h"
#include "hub_store_console.h"
#include "hub_xlsx.h"

#define REQUESTS_MAX 16

static HubStore *g_store;
static HubConsole g_con;
static char g_cookie[3][96];
static char g_csrf[3][HUB_CSRF_BUF];
static char g_dir[64];

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_hub_console: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}

static void cleanup(void)
{
    hub_console_deinit(&g_con);
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

static void signup(int64_t dev, unsigned n, const char *event, const char *name, int64_t now)
{
    HubPushItem it = {.op = {.kind = WIRE_OP_SIGNUP,
                             .event_id = event,
                             .group_size = 1,
                             .name = name,
                             .email = "",
                             .phone = "",
                             .code = "FUZZ1",
                             .lang = "fi"}};
    snprintf(it.op.uuid, sizeof it.op.uuid, "%08x-0000-4000-8000-%012x", n, n);
    char err[256];
    if (g_store->push(g_store, dev, &it, 1, now, err, sizeof err) != AUKIO_OK) fail("push", err);
    free(it.answer);
}

static void setup(void)
{
    char err[512], path[96], hash[HUB_PW_HASH_MAX], got[64];
    snprintf(g_dir, sizeof g_dir, "/tmp/aukio-fuzz-console-XXXXXX");
    if (!mkdtemp(g_dir)) fail("mkdtemp", NULL);
    snprintf(path, sizeof path, "%s/hub.db", g_dir);
    if (hub_store_sqlite_open(&g_store, path, err, sizeof err) != AUKIO_OK) fail("open", err);
    if (hub_console_init(&g_con, g_store, NULL, false, 3600, err, sizeof err) != AUKIO_OK)
        fail("console", err);
    atexit(cleanup);
    const HubConsoleStore *cs = g_store->console;
    int64_t now = now_s();
    HubActor by = {"fuzz", now};
    const char *lahti[] = {"Lahden pääkirjasto"}, *hollola[] = {"aukio:hollola"};
    const char *names[] = {"anna", "lahti", "hollola"};
    if (hub_password_hash("not used by the fuzzer", hash, err, sizeof err) != AUKIO_OK ||
        cs->user_add(g_store, names[0], HUB_ROLE_COORDINATOR, NULL, 0, hash, &by, err,
                     sizeof err) ||
        cs->user_add(g_store, names[1], HUB_ROLE_LIBRARY, lahti, 1, hash, &by, err, sizeof err) ||
        cs->user_add(g_store, names[2], HUB_ROLE_LIBRARY, hollola, 1, hash, &by, err, sizeof err))
        fail("users", err);
    for (int u = 0; u < 3; u++) {
        HubUser user;
        char token[HUB_TOKEN_BUF];
        uint8_t th[HUB_HASH_LEN];
        hub_session_new(token);
        hub_token_hash(token, th);
        if (cs->user_get(g_store, names[u], 0, &user, err, sizeof err) != AUKIO_OK ||
            cs->session_add(g_store, th, user.id, now, err, sizeof err) != AUKIO_OK)
            fail("session", err);
        snprintf(g_cookie[u], sizeof g_cookie[u], "a=b; " HUB_SESSION_COOKIE "=%s", token);
        hub_session_csrf(token, g_csrf[u]);
    }
    const char *e1 = "{\"id\":\"e1\",\"name\":{\"fi\":\"A\"},\"location\":{\"id\":\"aukio:lahti\","
                     "\"name\":{\"fi\":\"Lahden pääkirjasto\"}},\"x_aukio\":{\"questions\":[]}}";
    const char *e2 =
        "{\"id\":\"e2\",\"name\":{\"fi\":\"B\"},\"location\":{\"id\":\"aukio:hollola\"}}";
    HubEventIn evs[] = {{.id = "e1",
                         .json = e1,
                         .registration = true,
                         .capacity = 1,
                         .waitlist_capacity = 5,
                         .max_group_size = 2,
                         .start_time = now + 3600},
                        {.id = "e2",
                         .json = e2,
                         .registration = true,
                         .capacity = 3,
                         .waitlist_capacity = 0,
                         .max_group_size = 1,
                         .start_time = now + 7200}};
    if (g_store->event_import(g_store, evs, 2, now, err, sizeof err) != AUKIO_OK)
        fail("import", err);
    char et[HUB_TOKEN_BUF], dt[HUB_TOKEN_BUF];
    uint8_t eh[HUB_HASH_LEN], th[HUB_HASH_LEN];
    int64_t dev = 0;
    hub_token_new("aue_", et);
    hub_token_new("aud_", dt);
    hub_token_hash(et, eh);
    hub_token_hash(dt, th);
    if (cs->device_add(g_store, "lahti-aula", "Lahden pääkirjasto", eh, now + 86400, &by, err,
                       sizeof err) != AUKIO_OK ||
        g_store->device_enrol(g_store, eh, th, NULL, now, got, sizeof got, err, sizeof err) !=
            AUKIO_OK ||
        g_store->device_auth(g_store, th, &dev, err, sizeof err) != AUKIO_OK)
        fail("kiosk", err);
    signup(dev, 1, "e1", "Maija Secret", now);
    signup(dev, 2, "e1", "Pekka Secret", now);
    HubPushItem fb = {.op = {.kind = WIRE_OP_FEEDBACK,
                             .event_id = "e1",
                             .score = 4,
                             .comment = "Secret comment",
                             .reasons = "topic",
                             .lang = "fi"}};
    snprintf(fb.op.uuid, sizeof fb.op.uuid, "00000009-0000-4000-8000-000000000009");
    if (g_store->push(g_store, dev, &fb, 1, now, err, sizeof err) != AUKIO_OK) fail("push", err);
    free(fb.answer);
}

static int count(void *ud, const HubAuditRow *r)
{
    (void)r;
    (*(int *)ud)++;
    return 0;
}

static int audit_rows(void)
{
    int n = 0;
    char err[256];
    if (g_store->console->audit_list(g_store, 100000, count, &n, err, sizeof err) != AUKIO_OK)
        fail("audit", err);
    return n;
}

static void check_answer(const HubConsoleResponse *r, const char *path, int who, bool csrf_ok,
                         bool post, int audit_before)
{
    static const unsigned known[] = {200, 400, 401, 403, 404, 405, 409, 415, 423, 429};
    bool ok = false;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        ok |= r->status == known[i];
    if (!ok) fail("unexpected status", r->body);
    /* Downloads (CSV, XLSX) are files; every other answer of the API is a JSON object. */
    bool file =
        strncmp(r->content_type, "text/csv", 8) == 0 || strcmp(r->content_type, HUB_XLSX_TYPE) == 0;
    if (!r->borrowed && !file) {
        json_t *j = json_loadb(r->body, r->len, 0, NULL);
        if (!json_is_object(j)) fail("the answer is not a JSON object", r->body);
        /* Hollola and nobody never get Lahti's event e1: not as an event page, not listed. */
        const char *ev = json_string_value(json_object_get(json_object_get(j, "event"), "id"));
        size_t i;
        json_t *e;
        bool lahti = ev && strcmp(ev, "e1") == 0;
        json_array_foreach(json_object_get(j, "events"), i, e)
        {
            const char *id = json_string_value(json_object_get(e, "id"));
            /* The feedback page's entries name their event inside. */
            const char *fid = json_string_value(json_object_get(json_object_get(e, "event"), "id"));
            lahti |= (id && strcmp(id, "e1") == 0) || (fid && strcmp(fid, "e1") == 0);
        }
        if ((who == 2 || who == 3) && lahti) fail("another library's event was shown", r->body);
        json_decref(j);
    }
    bool api = strncmp(path, "/console/api/", 13) == 0;
    if (api && post && r->status == 200 && (!csrf_ok || who == 3))
        fail("a change was made without the session's CSRF token", path);
    bool export = strcmp(path, "/console/api/export") == 0;
    if (export && r->status == 200 && (who == 2 || who == 3))
        fail("another library's attendees were exported", NULL);
    int after = audit_rows();
    if (after != audit_before && !(api && (post || export) && r->status == 200))
        fail("the audit log grew without a change or an export", r->body);
}

static void run_one(uint8_t sel, const char *body, size_t len)
{
    static const struct {
        const char *method, *path;
    } CALLS[16] = {
        {"GET", "/console/"},
        {"GET", NULL}, /* /console/BODY */
        {"GET", "/console/api/session"},
        {"GET", "/console/api/overview"},
        {"GET", "/console/api/event"},
        {"GET", "/console/api/kiosks"},
        {"GET", "/console/api/audit"},
        {"POST", "/console/api/signup/cancel"},
        {"POST", "/console/api/kiosks/add"},
        {"POST", "/console/api/kiosks/revoke"},
        {"POST", "/console/api/logout"},
        {"GET", NULL}, /* /console/api/BODY */
        {"POST", "/console/api/signup/cancel"},
        {"GET", "/console/api/export"},
        {"POST", "/console/api/kiosks/add"},
        {"GET", "/console/api/event"},
    };
    int call = sel & 15, who = (sel >> 4) & 3;
    bool with_csrf = (sel >> 6) & 1, json = (sel >> 7) & 1;
    char path[128], guess[48];
    const char *p = CALLS[call].path;
    if (!p) {
        snprintf(path, sizeof path, call == 1 ? "/console/%.*s" : "/console/api/%.*s",
                 (int)(len < 60 ? len : 60), body);
        p = path;
    }
    const char *send = body;
    size_t send_len = len;
    if (call == 12) {
        send = "{\"event\":\"e1\",\"signup\":\"00000001-0000-4000-8000-000000000001\"}";
        send_len = strlen(send);
    } else if (call == 14) {
        send = "{\"name\":\"fuzz-kiosk\",\"venue\":\"Lahden pääkirjasto\"}";
        send_len = strlen(send);
    }
    snprintf(guess, sizeof guess, "%.*s", (int)(len < 40 ? len : 40), body);
    const char *csrf = who < 3 && with_csrf ? g_csrf[who] : guess;
    HubConsoleRequest rq = {.method = CALLS[call].method,
                            .path = p,
                            .query_id = call == 4 || call == 13 ? "e1"
                                        : call == 15            ? body
                                                                : NULL,
                            .query_format = call == 13 ? body : NULL,
                            .cookie = who < 3 ? g_cookie[who] : NULL,
                            .csrf = csrf,
                            .content_type = json ? "application/json; charset=utf-8" : "text/plain",
                            .address = "192.0.2.7",
                            .body = send_len ? send : NULL,
                            .body_len = send_len};
    bool csrf_ok = who < 3 && strcmp(csrf, g_csrf[who]) == 0;
    int before = audit_rows();
    HubConsoleResponse out;
    hub_console_handle(&g_con, &rq, &out);
    check_answer(&out, p, who, csrf_ok, strcmp(rq.method, "POST") == 0, before);
    bool logout = strcmp(p, "/console/api/logout") == 0 && out.status == 200;
    hub_console_response_deinit(&out);
    if (logout) {
        /* Signed out: sign that user in again, in the store, for the next requests. */
        char err[256], token[HUB_TOKEN_BUF];
        uint8_t th[HUB_HASH_LEN];
        HubUser user;
        static const char *names[] = {"anna", "lahti", "hollola"};
        hub_session_new(token);
        hub_token_hash(token, th);
        if (g_store->console->user_get(g_store, names[who], 0, &user, err, sizeof err) !=
                AUKIO_OK ||
            g_store->console->session_add(g_store, th, user.id, now_s(), err, sizeof err) !=
                AUKIO_OK)
            fail("session", err);
        snprintf(g_cookie[who], sizeof g_cookie[who], HUB_SESSION_COOKIE "=%s", token);
        hub_session_csrf(token, g_csrf[who]);
    }
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
