/*
 * hub_api.c: the hub's HTTP API, request to response, without sockets (hub_api.h; PROTOCOL.md is
 * the reference). hub_http.c feeds it from libmicrohttpd.
 *
 * Pulls read through the store's per-thread connections and run in parallel; pushes, grants and
 * enrolments queue on the store's write lock, and beyond max_writers of them waiting the answer
 * is 503 with Retry-After.
 */
#include "hub_api.h"
#include "hub.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "util.h"
#include "wire_kiosk.h"

enum {
    HTTP_OK = 200,
    HTTP_BAD_REQUEST = 400,
    HTTP_UNAUTHORIZED = 401,
    HTTP_NOT_FOUND = 404,
    HTTP_METHOD_NOT_ALLOWED = 405,
    HTTP_GONE = 410,
    HTTP_CONTENT_TOO_LARGE = 413,
    HTTP_TOO_MANY_REQUESTS = 429,
    HTTP_INTERNAL = 500,
    HTTP_UNAVAILABLE = 503,
};

void hub_api_init(HubApi *api, HubStore *store, const HubPolicy *policy, int max_writers,
                  size_t page_bytes)
{
    memset(api, 0, sizeof *api);
    api->store = store;
    api->policy = *policy;
    api->max_writers = max_writers;
    api->page_bytes =
        page_bytes > 0 && page_bytes < HUB_PAGE_BYTES_CAP ? page_bytes : HUB_PAGE_BYTES_DEFAULT;
    atomic_init(&api->writers, 0);
    pthread_mutex_init(&api->rate_lock, NULL);
    hub_metrics_init(&api->metrics);
}

void hub_api_set_rate(HubApi *api, int rate, int burst)
{
    api->rate = rate > 0 ? rate : 0;
    api->burst = burst >= 1 ? burst : 1;
}

/* ---- Per-device rate ---------------------------------------------------------------------- */

static int64_t mono_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Takes one token from DEVICE_ID's bucket at NOW_MS: 0 when there was one, else the seconds
 * (at least 1) until there is. */
static int rate_take(HubApi *api, int64_t device_id, int64_t now_ms)
{
    if (api->rate <= 0) return 0;
    pthread_mutex_lock(&api->rate_lock);
    HubRateSlot *b = &api->rate_slots[(uint64_t)device_id % HUB_RATE_SLOTS];
    if (b->device_id != device_id) {
        *b = (HubRateSlot){.device_id = device_id, .tokens = api->burst, .last_ms = now_ms};
    } else if (now_ms > b->last_ms) {
        b->tokens += (double)(now_ms - b->last_ms) * api->rate / 1000.0;
        if (b->tokens > api->burst) b->tokens = api->burst;
        b->last_ms = now_ms;
    }
    int wait = 0;
    if (b->tokens >= 1.0) {
        b->tokens -= 1.0;
    } else {
        /* Whole seconds for Retry-After, rounded up. */
        wait = (int)((1.0 - b->tokens) / api->rate) + 1;
    }
    pthread_mutex_unlock(&api->rate_lock);
    return wait;
}

void hub_api_response_deinit(HubApiResponse *out)
{
    free(out->body);
    out->body = NULL;
}

/* ---- Responses ---------------------------------------------------------------------------- */

/* Sets *OUT to STATUS with BODY (malloc'd, handed over; NULL = out of memory, a 500). */
static void reply(HubApiResponse *out, unsigned status, char *body, int retry_after)
{
    if (!body) {
        status = HTTP_INTERNAL;
        retry_after = 30;
        body = strdup("{\"error\":\"internal\",\"message\":\"out of memory\"}");
        if (!body) die("out of memory");
    }
    out->status = status;
    out->body = body;
    out->retry_after = retry_after;
    out->www_authenticate = status == HTTP_UNAUTHORIZED ? "Bearer realm=\"aukio\"" : NULL;
}

static void reply_error(HubApiResponse *out, unsigned status, const char *code, const char *message,
                        int retry_after)
{
    reply(out, status, wire_error_build(code, message), retry_after);
}

static void reply_internal(HubApiResponse *out, const char *err)
{
    fprintf(stderr, "aukio-hub: %s\n", err);
    reply_error(out, HTTP_INTERNAL, WIRE_ERR_INTERNAL,
                "the hub could not complete the request; try again later", 30);
}

static void reply_too_large(HubApiResponse *out)
{
    reply_error(out, HTTP_CONTENT_TOO_LARGE, WIRE_ERR_TOO_LARGE, "the body is larger than 4 MiB",
                0);
}

bool hub_api_check_head(int n_content_length, const char *content_length, HubApiResponse *out)
{
    /* Two lengths are a request-smuggling shape (RFC 9112, 6.3): refuse rather than pick one. */
    if (n_content_length > 1) {
        memset(out, 0, sizeof *out); /* every field: content_type and authenticated too */
        reply_error(out, HTTP_BAD_REQUEST, WIRE_ERR_BAD_REQUEST,
                    "more than one Content-Length header", 0);
        return true;
    }
    long len = 0;
    if (content_length &&
        (parse_long(content_length, 0, LONG_MAX, &len) != 0 || len > WIRE_BODY_MAX)) {
        memset(out, 0, sizeof *out);
        reply_too_large(out);
        return true;
    }
    return false;
}

/* ---- Helpers ------------------------------------------------------------------------------ */

/* The store's meta row as a pull reads it. */
typedef struct {
    char epoch[33];
    int64_t seq, floor;
} PullMeta;

/* Authenticates the request. AUKIO_OK with *DEVICE_ID, AUKIO_ERR_DENIED, or AUKIO_ERR. With
 * META (a pull), the meta row is read in the same statement. */
static int authenticate(HubApi *api, const HubApiRequest *rq, int64_t *device_id, PullMeta *meta,
                        char *err, size_t n)
{
    const char *h = rq->authorization;
    if (!h || strncasecmp(h, "Bearer ", 7) != 0) {
        snprintf(err, n, "missing bearer token");
        return AUKIO_ERR_DENIED;
    }
    const char *tok = h + 7;
    while (*tok == ' ')
        tok++;
    size_t len = strlen(tok);
    if (len == 0 || len > WIRE_TOKEN_MAX) {
        snprintf(err, n, "malformed bearer token");
        return AUKIO_ERR_DENIED;
    }
    uint8_t hash[HUB_HASH_LEN];
    hub_token_hash(tok, hash);
    if (meta)
        return api->store->pull_head(api->store, hash, device_id, meta->epoch, &meta->seq,
                                     &meta->floor, err, n);
    return api->store->device_auth(api->store, hash, device_id, err, n);
}

/* Parses the body as a JSON object. On failure the 400 is in *OUT. */
static json_t *parse_body(const HubApiRequest *rq, HubApiResponse *out)
{
    json_error_t jerr;
    json_t *root = json_loadb(rq->body ? rq->body : "", rq->body_len, 0, &jerr);
    if (!root) {
        char msg[256];
        snprintf(msg, sizeof msg, "line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
        reply_error(out, HTTP_BAD_REQUEST, WIRE_ERR_BAD_JSON, msg, 0);
        return NULL;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        reply_error(out, HTTP_BAD_REQUEST, WIRE_ERR_BAD_REQUEST, "the body must be a JSON object",
                    0);
        return NULL;
    }
    return root;
}

/* Takes a writer slot; false (and a 503 in *OUT) when too many wait already. */
static bool writer_enter(HubApi *api, HubApiResponse *out)
{
    if (atomic_fetch_add(&api->writers, 1) >= api->max_writers) {
        atomic_fetch_sub(&api->writers, 1);
        reply_error(out, HTTP_UNAVAILABLE, WIRE_ERR_OVERLOADED,
                    "too many requests are waiting; retry later", 1);
        return false;
    }
    return true;
}

static void writer_leave(HubApi *api)
{
    atomic_fetch_sub(&api->writers, 1);
}

/* ---- /v1/enrol ---------------------------------------------------------------------------- */

static void handle_enrol(HubApi *api, const HubApiRequest *rq, HubApiResponse *out)
{
    json_t *root = parse_body(rq, out);
    if (!root) return;
    char why[160];
    const char *rid = NULL;
    const char *tok = wire_enrol_request_parse(root, &rid, why, sizeof why);
    if (!tok) {
        json_decref(root);
        reply_error(out, HTTP_BAD_REQUEST, WIRE_ERR_BAD_REQUEST, why, 0);
        return;
    }
    uint8_t enrol_hash[HUB_HASH_LEN], token_hash[HUB_HASH_LEN];
    hub_token_hash(tok, enrol_hash);
    char token[HUB_TOKEN_BUF], name[128], err[256];
    char request_id[RECORD_UUID_LEN + 1] = "";
    int rc = AUKIO_OK;
    if (rid) {
        /* Idempotent: the token follows from the request, so a retry gets it again. */
        for (int i = 0; i < RECORD_UUID_LEN; i++)
            request_id[i] = (char)tolower((unsigned char)rid[i]);
        request_id[RECORD_UUID_LEN] = '\0';
        uint8_t key[HUB_HASH_LEN];
        rc = api->store->enrol_key(api->store, key, err, sizeof err);
        if (rc == AUKIO_OK) hub_token_derive(key, tok, request_id, token);
        sodium_memzero(key, sizeof key);
    } else {
        hub_token_new("aud_", token); /* an old kiosk: not idempotent */
    }
    json_decref(root);
    if (rc != AUKIO_OK) {
        reply_internal(out, err);
        return;
    }
    hub_token_hash(token, token_hash);
    if (!writer_enter(api, out)) return;
    rc = api->store->device_enrol(api->store, enrol_hash, token_hash, rid ? request_id : NULL,
                                  now_s(), name, sizeof name, err, sizeof err);
    writer_leave(api);
    if (rc == AUKIO_ERR_DENIED)
        reply_error(out, HTTP_UNAUTHORIZED, WIRE_ERR_UNAUTHORIZED, err, 0);
    else if (rc != AUKIO_OK)
        reply_internal(out, err);
    else
        reply(out, HTTP_OK, wire_enrol_answer_build(name, token), 0);
}

/* ---- /v1/changes -------------------------------------------------------------------------- */

typedef struct {
    Buf *b;
    size_t budget;
    int count;
    int64_t last_seq;
} PullCtx;

/* Adds one change to the page, or takes it back out and says HUB_CHANGES_FULL when the page would
 * pass its byte budget (never for the first change: every page makes progress). */
static int on_change(void *ud, const HubChange *ch)
{
    PullCtx *p = ud;
    WireChangeOut out = {ch->op,        ch->id,         ch->json, ch->capacity,
                         ch->confirmed, ch->waitlisted, ch->held};
    size_t before = p->b->len;
    int rc = wire_page_add(p->b, &out, p->count);
    if (p->count > 0 && (rc != 0 || p->b->len > p->budget)) {
        p->b->len = before; /* a Buf is NUL-terminated when not empty */
        if (p->b->p) p->b->p[before] = '\0';
        return HUB_CHANGES_FULL;
    }
    if (rc != 0) return rc;
    p->count++;
    p->last_seq = ch->seq;
    return 0;
}

/* The requesting kiosk's sign-up changes of one page, copied out of the store's rows. */
typedef struct {
    WireSignupChange *v;
    char (*codes)[WIRE_CODE_MAX + 1];
    int n, cap;
} SignupList;

static int on_signup_change(void *ud, const WireSignupChange *ch)
{
    SignupList *l = ud;
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 16;
        WireSignupChange *v = realloc(l->v, (size_t)cap * sizeof *v);
        if (!v) return -1;
        l->v = v;
        char(*codes)[WIRE_CODE_MAX + 1] = realloc(l->codes, (size_t)cap * sizeof *codes);
        if (!codes) return -1;
        l->codes = codes;
        l->cap = cap;
    }
    l->v[l->n] = *ch;
    str_copy(l->codes[l->n], sizeof l->codes[l->n], ch->code);
    l->n++;
    return 0;
}

/* hub_api_changes_page with the meta row M already read. */
static int changes_page(HubApi *api, int64_t device_id, const PullMeta *m, const char *cursor,
                        int limit, char **body, char *err, size_t n)
{
    *body = NULL;
    const char *epoch = m->epoch;
    int64_t seq = m->seq, floor = m->floor;

    WireCursor c = {{0}, 0, true};
    bool reset = !cursor || !*cursor;
    if (reset) {
        memcpy(c.epoch, epoch, sizeof c.epoch);
    } else {
        const char *why = NULL;
        if (wire_cursor_parse(&c, cursor) != 0)
            why = "this cursor was not issued by this hub";
        else if (strcmp(c.epoch, epoch) != 0)
            why = "this cursor belongs to another hub database";
        else if (c.seq > seq)
            why = "this cursor is ahead of the hub (was the database restored?)";
        else if (!c.snapshot && c.seq < floor)
            why = "the history after this cursor was compacted";
        if (why) {
            snprintf(err, n, "%s", why);
            return AUKIO_ERR_NOT_FOUND;
        }
    }

    char next[WIRE_CURSOR_MAX + 1];
    if (!reset && c.seq == seq) {
        /* Nothing new: answered from the one-row meta table alone, read with the token. */
        c.snapshot = false;
        wire_cursor_format(&c, next, sizeof next);
        char page[WIRE_CURSOR_MAX + 64];
        int w =
            snprintf(page, sizeof page, "{\"changes\":[],\"cursor\":\"%s\",\"more\":false}", next);
        *body = w > 0 && (size_t)w < sizeof page ? strdup(page) : NULL;
        return *body ? AUKIO_OK : err_set(err, n, "out of memory");
    }

    Buf b;
    buf_init(&b, HUB_PAGE_BYTES_CAP);
    int brc = wire_page_begin(&b);
    PullCtx p = {&b, api->page_bytes, 0, c.seq};
    bool more = false;
    if (brc != 0 || api->store->changes(api->store, c.seq, limit, c.snapshot, on_change, &p, &more,
                                        err, n) != AUKIO_OK) {
        buf_deinit(&b);
        return AUKIO_ERR;
    }
    int64_t after = c.seq;
    c.seq = more ? p.last_seq : (p.last_seq > seq ? p.last_seq : seq);
    /* The kiosk's own sign-ups whose status changed in the same range of sequence numbers: every
     * change is in exactly one page, whatever happens between pages. Too many for one page
     * shorten the range; the events of the cut-off part come again (an upsert is idempotent). */
    SignupList su = {0};
    int64_t upto = c.seq;
    if (api->store->signup_changes(api->store, device_id, after, &upto, WIRE_SIGNUP_CHANGES_MAX,
                                   on_signup_change, &su, err, n) != AUKIO_OK) {
        free(su.v);
        free(su.codes);
        buf_deinit(&b);
        return AUKIO_ERR;
    }
    if (upto < c.seq) {
        c.seq = upto;
        more = true;
    }
    for (int i = 0; i < su.n; i++)
        su.v[i].code = su.codes[i];
    c.snapshot = more && c.snapshot;
    wire_cursor_format(&c, next, sizeof next);
    brc = wire_page_end_signups(&b, su.v, su.n, next, more, reset);
    free(su.v);
    free(su.codes);
    *body = brc == 0 ? buf_steal(&b) : NULL;
    buf_deinit(&b);
    return *body ? AUKIO_OK : err_set(err, n, "changes: the page passed its cap");
}

int hub_api_changes_page(HubApi *api, int64_t device_id, const char *cursor, int limit, char **body,
                         char *err, size_t n)
{
    PullMeta m;
    *body = NULL;
    if (api->store->meta(api->store, m.epoch, &m.seq, &m.floor, err, n) != AUKIO_OK)
        return AUKIO_ERR;
    return changes_page(api, device_id, &m, cursor, limit, body, err, n);
}

static void handle_changes(HubApi *api, const HubApiRequest *rq, int64_t device_id,
                           const PullMeta *m, HubApiResponse *out)
{
    char err[256];
    long limit = WIRE_PULL_LIMIT_DEFAULT;
    if (rq->limit && parse_long(rq->limit, 1, WIRE_PULL_LIMIT_MAX, &limit) != 0) {
        reply_error(out, HTTP_BAD_REQUEST, WIRE_ERR_BAD_REQUEST, "limit: an integer from 1 to 1000",
                    0);
        return;
    }
    WireReport report;
    if (wire_report_parse(rq->waiting, rq->version, &report, err, sizeof err) != 0) {
        reply_error(out, HTTP_BAD_REQUEST, WIRE_ERR_BAD_REQUEST, err, 0);
        return;
    }
    if (report.present &&
        api->store->device_report(api->store, device_id, report.waiting, report.version, now_s(),
                                  err, sizeof err) != AUKIO_OK) {
        reply_internal(out, err);
        return;
    }
    char *body = NULL;
    int rc = changes_page(api, device_id, m, rq->cursor, (int)limit, &body, err, sizeof err);
    if (rc == AUKIO_ERR_NOT_FOUND)
        reply_error(out, HTTP_GONE, WIRE_ERR_CURSOR_GONE, err, 0);
    else if (rc != AUKIO_OK)
        reply_internal(out, err);
    else
        reply(out, HTTP_OK, body, 0);
}

/* ---- /v1/push ----------------------------------------------------------------------------- */

static void handle_push(HubApi *api, const HubApiRequest *rq, int64_t device_id,
                        HubApiResponse *out)
{
    json_t *root = parse_body(rq, out);
    if (!root) return;
    json_t *ops = json_object_get(root, "ops");
    if (!json_is_array(ops)) {
        json_decref(root);
        reply_error(out, HTTP_BAD_REQUEST, WIRE_ERR_BAD_REQUEST, "\"ops\": an array is required",
                    0);
        return;
    }
    size_t n_ops = json_array_size(ops);
    if (n_ops > WIRE_OPS_MAX) {
        json_decref(root);
        reply_error(out, HTTP_CONTENT_TOO_LARGE, WIRE_ERR_TOO_LARGE,
                    "more than 1000 ops in one push", 0);
        return;
    }
    HubPushItem *items = calloc(n_ops ? n_ops : 1, sizeof *items);
    char(*whys)[160] = calloc(n_ops ? n_ops : 1, sizeof *whys);
    if (!items || !whys) {
        free(items);
        free(whys);
        json_decref(root);
        reply_internal(out, "out of memory");
        return;
    }
    for (size_t i = 0; i < n_ops; i++) {
        if (wire_op_parse(&items[i].op, json_array_get(ops, i), whys[i], sizeof whys[i]) != 0)
            items[i].reject_why = whys[i];
    }
    char err[256];
    if (writer_enter(api, out)) {
        int rc =
            api->store->push(api->store, device_id, items, (int)n_ops, now_s(), err, sizeof err);
        writer_leave(api);
        if (rc != AUKIO_OK) {
            reply_internal(out, err);
        } else {
            atomic_fetch_add(&api->metrics.ops_received, (long long)n_ops);
            char **answers = malloc((n_ops ? n_ops : 1) * sizeof *answers);
            for (size_t i = 0; answers && i < n_ops; i++)
                answers[i] = items[i].answer;
            char *body =
                answers ? wire_results_build(answers, (int)n_ops, 64u * 1024 * 1024) : NULL;
            free(answers);
            reply(out, HTTP_OK, body, 0);
        }
    }
    for (size_t i = 0; i < n_ops; i++)
        free(items[i].answer);
    free(items);
    free(whys);
    json_decref(root);
}

/* ---- /v1/grants --------------------------------------------------------------------------- */

/* The grants answer of SE and WA after the store decided them (malloc'd, NULL when out of
 * memory). */
static char *grants_answer(const HubSettle *se, int ns, const HubWant *wa, int nw)
{
    WireSettled *done = calloc(ns ? (size_t)ns : 1, sizeof *done);
    WireGrant *got = calloc(nw ? (size_t)nw : 1, sizeof *got);
    for (int i = 0; done && i < ns; i++) {
        memcpy(done[i].grant, se[i].grant, sizeof done[i].grant);
        done[i].released = se[i].released;
        done[i].error = se[i].error;
    }
    for (int i = 0; got && i < nw; i++) {
        memcpy(got[i].grant, wa[i].grant, sizeof got[i].grant);
        memcpy(got[i].event_id, wa[i].event_id, sizeof got[i].event_id);
        got[i].seats = wa[i].seats;
        got[i].expires_in = wa[i].expires_in;
        got[i].reason = wa[i].reason;
    }
    char *body =
        done && got ? wire_grants_answer_build(done, ns, got, nw, WIRE_GRANT_MARGIN_S) : NULL;
    free(done);
    free(got);
    return body;
}

static void handle_grants(HubApi *api, const HubApiRequest *rq, int64_t device_id,
                          HubApiResponse *out)
{
    json_t *root = parse_body(rq, out);
    if (!root) return;
    WireSettle *ws = NULL;
    WireWant *ww = NULL;
    int ns = 0, nw = 0;
    char why[160];
    int prc = wire_grants_request_parse(root, &ws, &ns, &ww, &nw, why, sizeof why);
    json_decref(root);
    HubSettle *se = calloc(ns ? (size_t)ns : 1, sizeof *se);
    HubWant *wa = calloc(nw ? (size_t)nw : 1, sizeof *wa);
    if (prc == 0 && (!se || !wa)) {
        snprintf(why, sizeof why, "out of memory");
        prc = -1;
    }
    if (prc != 0) {
        free(ws);
        free(ww);
        free(se);
        free(wa);
        reply_error(out, HTTP_BAD_REQUEST, WIRE_ERR_BAD_REQUEST, why, 0);
        return;
    }
    for (int i = 0; i < ns; i++) {
        memcpy(se[i].grant, ws[i].grant, sizeof se[i].grant);
        se[i].used = ws[i].used;
    }
    for (int i = 0; i < nw; i++) {
        memcpy(wa[i].grant, ww[i].grant, sizeof wa[i].grant);
        memcpy(wa[i].event_id, ww[i].event_id, sizeof wa[i].event_id);
        wa[i].want = ww[i].seats;
    }
    free(ws);
    free(ww);
    char err[256];
    if (writer_enter(api, out)) {
        int rc = api->store->grants(api->store, device_id, &api->policy, se, ns, wa, nw, now_s(),
                                    err, sizeof err);
        writer_leave(api);
        if (rc != AUKIO_OK) {
            reply_internal(out, err);
        } else {
            for (int i = 0; i < nw; i++)
                if (wa[i].seats > 0) {
                    atomic_fetch_add(&api->metrics.grants_given, 1);
                    atomic_fetch_add(&api->metrics.grant_seats, wa[i].seats);
                }
            atomic_fetch_add(&api->metrics.grants_settled, ns);
            reply(out, HTTP_OK, grants_answer(se, ns, wa, nw), 0);
        }
    }
    free(se);
    free(wa);
}

/* ---- /v1/signups/CODE ---------------------------------------------------------------------- */

/* A visitor's "My sign-up" at a kiosk that did not take the sign-up: its status by the code
 * (GET), or a cancel by it (POST .../cancel). The code is the visitor's proof, so any device may
 * ask; the answer has no personal data. Both are counted in the device's rate bucket, which
 * slows guessing codes through a kiosk on top of the kiosk's own lockout. */
static void handle_signup(HubApi *api, const char *code, bool cancel, int64_t device_id,
                          HubApiResponse *out)
{
    if (!wire_code_ok(code)) {
        reply_error(out, HTTP_BAD_REQUEST, WIRE_ERR_BAD_REQUEST,
                    "a confirmation code is 1 to 16 of A-Z and 0-9", 0);
        return;
    }
    char err[256];
    WireSignupInfo info;
    int was = 0, rc;
    if (cancel) {
        if (!writer_enter(api, out)) return;
        rc = api->store->signup_cancel_by_code(api->store, code, device_id, now_s(), &was, &info,
                                               err, sizeof err);
        writer_leave(api);
    } else {
        rc = api->store->signup_by_code(api->store, code, &info, err, sizeof err);
    }
    if (rc == AUKIO_ERR_NOT_FOUND)
        reply_error(out, HTTP_NOT_FOUND, WIRE_ERR_NO_SIGNUP, "no sign-up has this code", 0);
    else if (rc != AUKIO_OK)
        reply_internal(out, err);
    else
        reply(out, HTTP_OK, wire_signup_info_build(&info), 0);
}

/* The code of a path /v1/signups/CODE (CANCEL false) or /v1/signups/CODE/cancel into CODE, or
 * false when PATH is neither. */
static bool signup_path(const char *path, char code[WIRE_CODE_MAX + 2], bool *cancel)
{
    static const char prefix[] = "/v1/signups/";
    if (strncmp(path, prefix, sizeof prefix - 1) != 0) return false;
    const char *p = path + sizeof prefix - 1;
    const char *slash = strchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : strlen(p);
    *cancel = slash != NULL;
    if (slash && strcmp(slash, "/cancel") != 0) return false;
    if (len == 0) return false;
    /* One past the limit is kept so that the handler refuses it rather than truncating. */
    if (len > WIRE_CODE_MAX + 1) len = WIRE_CODE_MAX + 1;
    memcpy(code, p, len);
    code[len] = '\0';
    return true;
}

/* ---- Dispatch ----------------------------------------------------------------------------- */

/* GET /metrics: the counters and the database's counts, as Prometheus text. */
static void handle_metrics(HubApi *api, HubApiResponse *out)
{
    char err[256];
    char *text = hub_metrics_text(&api->metrics, api->store, err, sizeof err);
    if (!text) {
        reply_internal(out, err);
        return;
    }
    reply(out, HTTP_OK, text, 0);
    out->content_type = "text/plain; version=0.0.4; charset=utf-8";
}

static void handle(HubApi *api, const HubApiRequest *rq, HubApiResponse *out);

void hub_api_handle(HubApi *api, const HubApiRequest *rq, HubApiResponse *out)
{
    handle(api, rq, out);
    hub_metrics_request(&api->metrics, hub_metrics_route(rq->path), out->status);
}

static void handle(HubApi *api, const HubApiRequest *rq, HubApiResponse *out)
{
    memset(out, 0, sizeof *out);
    if (rq->body_too_large) {
        reply_too_large(out);
        return;
    }
    bool get = strcmp(rq->method, "GET") == 0;
    bool post = strcmp(rq->method, "POST") == 0;
    enum {
        R_HEALTH,
        R_METRICS,
        R_ENROL,
        R_CHANGES,
        R_PUSH,
        R_GRANTS,
        R_SIGNUP,
        R_NONE
    } route = R_NONE;
    char code[WIRE_CODE_MAX + 2];
    bool cancel = false;
    if (strcmp(rq->path, "/v1/health") == 0)
        route = R_HEALTH;
    else if (strcmp(rq->path, "/metrics") == 0)
        route = R_METRICS;
    else if (strcmp(rq->path, "/v1/enrol") == 0)
        route = R_ENROL;
    else if (strcmp(rq->path, "/v1/changes") == 0)
        route = R_CHANGES;
    else if (strcmp(rq->path, "/v1/push") == 0)
        route = R_PUSH;
    else if (strcmp(rq->path, "/v1/grants") == 0)
        route = R_GRANTS;
    else if (signup_path(rq->path, code, &cancel))
        route = R_SIGNUP;
    if (route == R_NONE) {
        reply_error(out, HTTP_NOT_FOUND, WIRE_ERR_NOT_FOUND, "no such endpoint", 0);
        return;
    }
    bool want_get = route == R_HEALTH || route == R_METRICS || route == R_CHANGES ||
                    (route == R_SIGNUP && !cancel);
    if ((want_get && !get) || (!want_get && !post)) {
        reply_error(out, HTTP_METHOD_NOT_ALLOWED, WIRE_ERR_METHOD,
                    want_get ? "use GET" : "use POST", 0);
        return;
    }
    if (route == R_HEALTH) {
        /* Healthy when the database answers, not merely the process. */
        char epoch[33], err[256];
        int64_t seq, floor;
        if (api->store->meta(api->store, epoch, &seq, &floor, err, sizeof err) != AUKIO_OK) {
            fprintf(stderr, "aukio-hub: health: %s\n", err);
            reply_error(out, HTTP_UNAVAILABLE, WIRE_ERR_INTERNAL, "the database does not answer",
                        5);
            return;
        }
        reply(out, HTTP_OK, strdup("{\"status\":\"ok\",\"version\":\"" AUKIO_VERSION "\"}"), 0);
        return;
    }
    if (route == R_METRICS) {
        handle_metrics(api, out);
        return;
    }
    if (route == R_ENROL) {
        handle_enrol(api, rq, out);
        return;
    }

    char err[256];
    int64_t device_id = 0;
    PullMeta meta;
    int rc = authenticate(api, rq, &device_id, route == R_CHANGES ? &meta : NULL, err, sizeof err);
    if (rc == AUKIO_ERR_DENIED)
        reply_error(out, HTTP_UNAUTHORIZED, WIRE_ERR_UNAUTHORIZED, err, 0);
    else if (rc != AUKIO_OK)
        reply_internal(out, err);
    else
        out->authenticated = true;
    if (!out->authenticated) return;
    /* Writes queue on the store's single writer, so one device sending them in a loop would slow
     * every kiosk; pulls are reads that run in parallel, and a snapshot is legitimately hundreds
     * of pages back to back, so they are not counted. */
    int wait = route == R_CHANGES
                   ? 0
                   : rate_take(api, device_id, rq->mono_ms ? rq->mono_ms : mono_now_ms());
    if (wait > 0) {
        reply_error(out, HTTP_TOO_MANY_REQUESTS, WIRE_ERR_RATE,
                    "this device sends requests too fast; retry later", wait);
        return;
    }
    if (route == R_CHANGES)
        handle_changes(api, rq, device_id, &meta, out);
    else if (route == R_PUSH)
        handle_push(api, rq, device_id, out);
    else if (route == R_SIGNUP)
        handle_signup(api, code, cancel, device_id, out);
    else
        handle_grants(api, rq, device_id, out);
}
