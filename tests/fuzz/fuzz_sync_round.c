/*
 * fuzz_sync_round.c: the kiosk's whole sync round (sync_round: push, grants, pull) against a hub
 * whose answers are the fuzzer's, in-process through SyncHub.transport.
 *
 * Each input is up to twelve answers separated by the byte 0x1e. An answer's first byte picks its
 * HTTP status (200 mostly; 410, 429, 500, 503 or 401), the rest is its body. The kiosk asks in
 * its own order and gets the next answer; when they run out, it gets no answer at all (a network
 * failure). So that an honest answer is within the fuzzer's reach, "@U0@".."@U9@" in a body stand
 * for the uuids of the ops the kiosk just pushed and "@G0@".."@G9@" for the grants it just asked
 * about, as the request named them, and "@T@" for a time a day from now.
 *
 * Before each input the kiosk's store holds an enrolled kiosk's state: three events (limited,
 * unlimited, full), two sign-ups and one feedback in the outbox. After the round, whatever the
 * hub said, the store must still hold: no record lost from the outbox unless the hub answered
 * for it, no negative seat counters, no grant used beyond its seats, and a readable status.
 * A violation is an abort().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "client.h"
#include "event.h"
#include "store_sync.h"
#include "util.h"

#define MAX_ANSWERS 12
#define SEP 0x1e

static char g_dir[64], g_db[128];

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_sync_round: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}

static void cleanup(void)
{
    char path[200];
    static const char *const SUFFIX[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s%s", g_db, SUFFIX[i]);
        unlink(path);
    }
    rmdir(g_dir);
}

typedef struct {
    const uint8_t *part[MAX_ANSWERS];
    size_t len[MAX_ANSWERS];
    int n, next;
    char ids[2][10][RECORD_UUID_LEN + 1]; /* [0] ops pushed, [1] grants asked about */
    int n_ids[2];
    char tomorrow[32]; /* "@T@" in a body: an ISO time a day from now */
} Hub;

/* Remembers the uuids (key "uuid" of ops, "grant" of settle/want) the kiosk sent. */
static void note_ids(Hub *h, const char *body, int which, const char *array, const char *key)
{
    json_t *j = json_loads(body ? body : "", 0, NULL);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(j, array), i, v)
    {
        const char *id = json_string_value(json_object_get(v, key));
        if (id && h->n_ids[which] < 10)
            str_copy(h->ids[which][h->n_ids[which]++], RECORD_UUID_LEN + 1, id);
    }
    json_decref(j);
}

static int fake_hub(void *ctx, const char *method, const char *path, const char *body, long *status,
                    Buf *answer)
{
    Hub *h = ctx;
    (void)method;
    if (strncmp(path, "/v1/push", 8) == 0) {
        h->n_ids[0] = 0;
        note_ids(h, body, 0, "ops", "uuid");
    } else if (strncmp(path, "/v1/grants", 10) == 0) {
        h->n_ids[1] = 0;
        note_ids(h, body, 1, "settle", "grant");
        note_ids(h, body, 1, "want", "grant");
    }
    if (h->next >= h->n) return -1;
    const uint8_t *p = h->part[h->next];
    size_t len = h->len[h->next++];
    static const long STATUS[8] = {200, 200, 200, 200, 410, 429, 500, 401};
    *status = len ? STATUS[p[0] & 7] : 200;
    if (len) p++, len--;
    for (size_t i = 0; i < len;) {
        if (i + 3 <= len && memcmp(p + i, "@T@", 3) == 0) {
            if (buf_adds(answer, h->tomorrow) != 0) return -1;
            i += 3;
            continue;
        }
        if (i + 4 <= len && p[i] == '@' && (p[i + 1] == 'U' || p[i + 1] == 'G') &&
            p[i + 2] >= '0' && p[i + 2] <= '9' && p[i + 3] == '@') {
            int which = p[i + 1] == 'G', k = p[i + 2] - '0';
            const char *id = k < h->n_ids[which] ? h->ids[which][k] : "";
            if (buf_adds(answer, id) != 0) return -1;
            i += 4;
            continue;
        }
        if (buf_add(answer, p + i, 1) != 0) return -1; /* over the kiosk's cap */
        i++;
    }
    return 0;
}

static const char EVENTS[] =
    "[{\"id\":\"f:limited\",\"name\":{\"fi\":\"Rajattu\"},\"start_time\":\"%s\","
    "\"maximum_attendee_capacity\":10,\"waiting_list_capacity\":5,\"maximum_group_size\":3},"
    "{\"id\":\"f:open\",\"name\":{\"fi\":\"Avoin\"},\"start_time\":\"%s\","
    "\"x_aukio\":{\"registration\":true}},"
    "{\"id\":\"f:full\",\"name\":{\"fi\":\"Täysi\"},\"start_time\":\"%s\","
    "\"maximum_attendee_capacity\":1,\"waiting_list_capacity\":0}]";

/* The kiosk's state before a round, made once and copied for each input (making it anew took
 * most of the time of an input). */
static char *g_template;
static size_t g_template_len;

static Store *prepare(int64_t now)
{
    cleanup();
    if (mkdir(g_dir, 0700) != 0) fail("mkdir", g_dir);
    Store *s = NULL;
    char err[512], when[32], text[sizeof EVENTS + 100];
    if (g_template) {
        FILE *f = fopen(g_db, "wb");
        if (!f || fwrite(g_template, 1, g_template_len, f) != g_template_len || fclose(f) != 0)
            fail("copying the template", g_db);
        if (store_open(&s, g_db, err, sizeof err) != 0) fail("store_open", err);
        store_set_escrow(s, true);
        return s;
    }
    if (store_open(&s, g_db, err, sizeof err) != 0) fail("store_open", err);
    store_set_escrow(s, true);
    event_format_time(now + 86400, when, sizeof when);
    snprintf(text, sizeof text, EVENTS, when, when, when);
    Event *evs = NULL;
    int n = 0;
    if (event_parse_document(text, strlen(text), &evs, &n, err, sizeof err) != 0 ||
        store_import_events(s, evs, n, err, sizeof err) != 0)
        fail("import", err);
    for (int i = 0; i < n; i++)
        event_deinit(&evs[i]);
    free(evs);
    static const char *const IDS[] = {"f:limited", "f:open"};
    for (int i = 0; i < 2; i++) {
        SignupRequest req;
        SignupResult res;
        memset(&req, 0, sizeof req);
        str_copy(req.event_id, sizeof req.event_id, IDS[i]);
        str_copy(req.name, sizeof req.name, "Maija");
        req.group_size = 1;
        req.consent = true;
        if (store_signup_commit(s, &req, now, &res, err, sizeof err) != 0) fail("sign-up", err);
    }
    FeedbackRequest fb;
    memset(&fb, 0, sizeof fb);
    fb.score = 3;
    char uuid[RECORD_UUID_LEN + 1];
    if (store_feedback_commit(s, &fb, now, uuid, err, sizeof err) != 0) fail("feedback", err);
    store_close(s); /* checkpoints the WAL into the file */
    if (file_read(g_db, 64u * 1024 * 1024, &g_template, &g_template_len, err, sizeof err) != 0)
        fail("reading the template", err);
    return prepare(now);
}

static long query(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) fail("query", sql);
    if (sqlite3_step(st) == SQLITE_ROW) v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_dir[0]) {
        /* A fresh database per input: on tmpfs, where fsync costs nothing, when there is one. */
        struct stat st;
        const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
        snprintf(g_dir, sizeof g_dir, "%s/aukio-fuzz-round-%d", base, (int)getpid());
        snprintf(g_db, sizeof g_db, "%s/kiosk.db", g_dir);
        atexit(cleanup);
        sync_global_init();
    }
    Hub h;
    memset(&h, 0, sizeof h);
    size_t start = 0;
    for (size_t i = 0; i <= size && h.n < MAX_ANSWERS; i++) {
        if (i == size || data[i] == SEP) {
            h.part[h.n] = data + start;
            h.len[h.n++] = i - start;
            start = i + 1;
        }
    }
    int64_t now = now_s();
    event_format_time(now + 86400, h.tomorrow, sizeof h.tomorrow);
    Store *s = prepare(now);
    int before = store_outbox_pending(s);
    SyncHub hub = {.url = "http://fuzz.invalid",
                   .token = "aud_fuzz",
                   .connect_timeout_s = 1,
                   .low_speed_time_s = 1,
                   .response_max = 64 * 1024,
                   .transport = fake_hub,
                   .transport_ctx = &h};
    SyncReport rep;
    char err[512];
    /* Two rounds: a fresh kiosk asks for grants only for events the hub has sent it, so the
     * second round is the one with grants. Any result will do: what matters is the store. */
    int pushed = 0;
    for (int round = 0; round < 2; round++) {
        SyncResult r = sync_round(s, &hub, now, &rep, err, sizeof err);
        (void)r;
        pushed += rep.pushed;
    }

    /* The store holds whatever the hub said. */
    SyncStatus st;
    if (store_sync_status(s, &st) != 0) fail("status unreadable after the round", NULL);
    int after = store_outbox_pending(s);
    if (after < 0 || after > before) fail("the outbox grew or is unreadable", NULL);
    if (before - after > pushed) fail("records left the outbox without an answer", NULL);
    store_close(s);
    sqlite3 *db;
    if (sqlite3_open(g_db, &db) != SQLITE_OK) fail("reopen", NULL);
    if (query(db, "SELECT count(*) FROM events WHERE grant_left < 0 OR pend_wait_seats < 0"
                  " OR pend_wait_count < 0 OR confirmed_seats < 0 OR hub_confirmed < 0") != 0)
        fail("a negative seat counter", NULL);
    if (query(db, "SELECT count(*) FROM grants WHERE state != 'wanted' AND used > seats") != 0)
        fail("a grant used beyond its seats", NULL);
    if (query(db, "SELECT count(*) FROM signups") != 2) fail("a sign-up row was lost", NULL);
    sqlite3_close(db);
    return 0;
}
