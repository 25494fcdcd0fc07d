/*
 * client.c: one sync round and enrolment over libcurl (see client.h and sync/PROTOCOL.md).
 *
 * Every step commits what the hub answered before the next request, so a round cut at any point
 * (network, crash, kill -9) leaves the store consistent and the next round repeats only what was
 * not recorded: pushes are replayed under the same uuids (the hub answers them from its memory),
 * wanted grants are asked for again under the same ids, closed grants settled again, and the
 * pull restarts from the cursor committed with the last page applied.
 */
#include "client.h"

#include <stdatomic.h>
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "event.h"
#include "wire.h"

#define RESPONSE_MAX (16u * 1024 * 1024) /* a pull page of 1000 events is a few MB */
#define PUSH_BATCH WIRE_OPS_MAX
#define PUSH_BODY_SOFT_MAX (3u * 1024 * 1024) /* under the hub's 4 MiB limit */
#define PULL_LIMIT WIRE_PULL_LIMIT_MAX
#define ROUND_STEPS_MAX 10000 /* batches or pages in one round: a bound, not a target */
#define GRANT_WANT 10            /* seats asked per event; the hub decides the size */
#define GRANT_HORIZON_S (14 * 86400)
#define GRANT_DUE_MS (5 * 60 * 1000) /* settle and renew a grant this long before its deadline */

/* ---- HTTP --------------------------------------------------------------------------------- */

typedef struct {
    CURL *c;
    const SyncHub *hub;
    Buf body;
    long status;
    long retry_after;
    const atomic_int *abort_flag; /* the thread's stop flag; NULL in the foreground */
} Http;

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    Http *h = ud;
    /* Over the cap: returning less than given makes curl fail the transfer. */
    return buf_add(&h->body, p, size * n) == 0 ? size * n : 0;
}

static int on_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    (void)dt, (void)dn, (void)ut, (void)un;
    const Http *h = ud;
    return h->abort_flag && atomic_load(h->abort_flag) ? 1 : 0;
}

static int http_init(Http *h, const SyncHub *hub, const atomic_int *abort_flag)
{
    memset(h, 0, sizeof *h);
    h->hub = hub;
    h->abort_flag = abort_flag;
    buf_init(&h->body, RESPONSE_MAX);
    return (h->c = curl_easy_init()) ? 0 : -1;
}

static void http_deinit(Http *h)
{
    curl_easy_cleanup(h->c);
    buf_deinit(&h->body);
}

/* Sends METHOD PATH with BODY (NULL for none). Returns 0 when an HTTP answer was read in full
 * (any status: h->status, the body in h->body), -1 on a transport failure (ERR says which). */
static int http_do(Http *h, const char *method, const char *path, const char *body, bool auth,
                   char *err, size_t errlen)
{
    char url[1024], bearer[WIRE_TOKEN_MAX + 32];
    const char *base = h->hub->url;
    size_t blen = strlen(base);
    while (blen > 0 && base[blen - 1] == '/')
        blen--;
    snprintf(url, sizeof url, "%.*s%s", (int)blen, base, path);
    struct curl_slist *hdrs = curl_slist_append(NULL, "Content-Type: application/json");
    if (auth) {
        snprintf(bearer, sizeof bearer, "Authorization: Bearer %s", h->hub->token);
        hdrs = curl_slist_append(hdrs, bearer);
    }
    hdrs = curl_slist_append(hdrs, "Expect:"); /* no 100-continue round trip for big pushes */
    buf_deinit(&h->body);
    buf_init(&h->body, RESPONSE_MAX);
    h->status = 0;
    h->retry_after = 0;

    CURL *c = h->c;
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "aukio/" AUKIO_VERSION);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
                     (long)(h->hub->connect_timeout_s > 0 ? h->hub->connect_timeout_s : 10));
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 16L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME,
                     (long)(h->hub->low_speed_time_s > 0 ? h->hub->low_speed_time_s : 30));
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (h->hub->ca_file && h->hub->ca_file[0]) curl_easy_setopt(c, CURLOPT_CAINFO, h->hub->ca_file);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, h);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, h);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)RESPONSE_MAX);
    if (strcmp(method, "POST") == 0) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? strlen(body) : 0));
    }
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(hdrs);
    if (rc != CURLE_OK) {
        snprintf(err, errlen, "%s %s: %s", method, path, curl_easy_strerror(rc));
        return -1;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &h->status);
    curl_off_t ra = 0;
    if (curl_easy_getinfo(c, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra > 0)
        h->retry_after = ra > 3600 ? 3600 : (long)ra;
    return 0;
}

/* Turns a non-200 answer into a SyncResult with ERR (the hub's error code, never a body). */
static SyncResult http_status_fail(Http *h, const char *what, SyncReport *rep, char *err,
                                   size_t errlen)
{
    json_t *j = h->body.len ? json_loadb(h->body.p, h->body.len, 0, NULL) : NULL;
    const char *code = json_string_value(json_object_get(j, "error"));
    snprintf(err, errlen, "%s: HTTP %ld%s%s", what, h->status, code ? " " : "", code ? code : "");
    json_decref(j);
    if (rep) {
        rep->http_status = h->status;
        rep->retry_after_s = h->retry_after;
    }
    if (h->status == 401) return SYNC_ERR_AUTH;
    if (h->status == 429 || h->status == 503 || h->status >= 500) return SYNC_ERR_RETRY;
    return SYNC_ERR_HUB;
}

/* Parses the body of a 200 answer as a JSON object (caller decrefs), or NULL with ERR. */
static json_t *body_json(Http *h, const char *what, char *err, size_t errlen)
{
    json_error_t je;
    json_t *j = json_loadb(h->body.p ? h->body.p : "", h->body.len, 0, &je);
    if (!json_is_object(j)) {
        snprintf(err, errlen, "%s: the hub's answer is not a JSON object", what);
        json_decref(j);
        return NULL;
    }
    return j;
}

/* ---- Push --------------------------------------------------------------------------------- */

/* The wire op for one outbox row, or NULL when the payload is unusable (then the hub is sent
 * the uuid alone and rejects it as invalid, which settles the row rather than blocking the
 * queue forever). */
static json_t *op_json(const OutboxItem *it)
{
    json_t *p = json_loads(it->payload, 0, NULL);
    json_t *op = json_object();
    json_object_set_new(op, "uuid", json_string(it->uuid));
    json_object_set_new(op, "kind", json_string(it->kind));
    json_object_set_new(op, "created_at", json_integer(it->created_at));
    if (!json_is_object(p)) {
        json_decref(p);
        return op;
    }
    static const char *const SIGNUP_KEYS[] = {"event_id", "group_size", "name",   "email",
                                              "phone",    "lang",       "answers", "code",
                                              "grant",    "personal_wiped"};
    static const char *const FEEDBACK_KEYS[] = {"score", "comment", "lang"};
    bool signup = strcmp(it->kind, "signup") == 0;
    const char *const *keys = signup ? SIGNUP_KEYS : FEEDBACK_KEYS;
    size_t nk = signup ? sizeof SIGNUP_KEYS / sizeof *SIGNUP_KEYS
                       : sizeof FEEDBACK_KEYS / sizeof *FEEDBACK_KEYS;
    for (size_t i = 0; i < nk; i++) {
        json_t *v = json_object_get(p, keys[i]);
        if (v) json_object_set(op, keys[i], v);
    }
    if (!signup) {
        json_t *ev = json_object_get(p, "event_id");
        json_object_set_new(op, "event_id", json_string(json_is_string(ev) ? json_string_value(ev)
                                                                           : ""));
    }
    json_decref(p);
    return op;
}

static WireResult result_from(const char *s)
{
    if (!s) return (WireResult)-1;
    for (int r = WIRE_RES_CONFIRMED; r <= WIRE_RES_OK; r++)
        if (strcmp(s, wire_result_name((WireResult)r)) == 0) return (WireResult)r;
    return (WireResult)-1;
}

static SyncResult push(Store *s, Http *h, int64_t now, SyncReport *rep, char *err, size_t errlen)
{
    for (int step = 0; step < ROUND_STEPS_MAX; step++) {
        OutboxItem *items = NULL;
        int n = 0;
        if (store_outbox_batch(s, PUSH_BATCH, &items, &n, err, errlen)) return SYNC_ERR_STORE;
        if (n == 0) {
            store_outbox_free(items, n);
            return SYNC_OK;
        }
        /* Build the body, stopping early if it grows near the hub's limit. */
        Buf b;
        buf_init(&b, WIRE_BODY_MAX);
        int sent = 0, brc = buf_adds(&b, "{\"ops\":[");
        for (int i = 0; i < n && brc == 0 && b.len < PUSH_BODY_SOFT_MAX; i++) {
            json_t *op = op_json(&items[i]);
            char *text = op ? json_dumps(op, JSON_COMPACT) : NULL;
            json_decref(op);
            brc = text ? buf_adds(&b, i ? "," : "") : -1;
            brc = brc ? brc : buf_adds(&b, text);
            free(text);
            sent += brc == 0;
        }
        brc = brc ? brc : buf_adds(&b, "]}");
        if (brc) {
            buf_deinit(&b);
            store_outbox_free(items, n);
            snprintf(err, errlen, "push: cannot build the request");
            return SYNC_ERR_STORE;
        }
        int hrc = http_do(h, "POST", "/v1/push", b.p, true, err, errlen);
        buf_deinit(&b);
        if (hrc) {
            store_outbox_free(items, n);
            return SYNC_ERR_NET;
        }
        if (h->status != 200) {
            store_outbox_free(items, n);
            return http_status_fail(h, "push", rep, err, errlen);
        }
        json_t *j = body_json(h, "push", err, errlen);
        json_t *res = json_object_get(j, "results");
        SyncResult out = SYNC_OK;
        OutboxAnswer *ans = calloc((size_t)sent + 1, sizeof *ans);
        if (!j || !ans || !json_is_array(res) || json_array_size(res) != (size_t)sent) {
            if (j && ans) snprintf(err, errlen, "push: %d answers expected", sent);
            out = SYNC_ERR_HUB;
        }
        /* One answer per op in order, each naming its op: anything else and nothing is
         * recorded (the batch is simply sent again). */
        for (int i = 0; out == SYNC_OK && i < sent; i++) {
            json_t *a = json_array_get(res, (size_t)i);
            const char *uuid = json_string_value(json_object_get(a, "uuid"));
            WireResult r = result_from(json_string_value(json_object_get(a, "result")));
            if (!uuid || strcasecmp(uuid, items[i].uuid) != 0 || (int)r < 0) {
                snprintf(err, errlen, "push: answer %d does not match its op", i);
                out = SYNC_ERR_HUB;
                break;
            }
            snprintf(ans[i].uuid, sizeof ans[i].uuid, "%s", items[i].uuid);
            ans[i].result = (int)r;
            ans[i].position = (int)json_integer_value(json_object_get(a, "position"));
            const char *why = json_string_value(json_object_get(a, "reason"));
            snprintf(ans[i].reason, sizeof ans[i].reason, "%s", why ? why : "");
        }
        if (out == SYNC_OK && store_outbox_record(s, ans, sent, now, err, errlen))
            out = SYNC_ERR_STORE;
        if (out == SYNC_OK) {
            rep->pushed += sent;
            for (int i = 0; i < sent; i++) {
                rep->confirmed += ans[i].result == WIRE_RES_CONFIRMED;
                rep->waitlisted += ans[i].result == WIRE_RES_WAITLISTED;
                rep->rejected += ans[i].result == WIRE_RES_REJECTED;
                rep->ok += ans[i].result == WIRE_RES_OK;
            }
        }
        free(ans);
        json_decref(j);
        store_outbox_free(items, n);
        if (out != SYNC_OK) return out;
    }
    return SYNC_OK;
}

/* ---- Grants ------------------------------------------------------------------------------- */

static SyncResult grants(Store *s, Http *h, int64_t now, SyncReport *rep, char *err,
                         size_t errlen)
{
    GrantItem *settle = NULL, *want = NULL;
    int ns = 0, nw = 0;
    SyncResult out = SYNC_ERR_STORE;
    json_t *j = NULL;
    char *body = NULL;
    /* Close first: a grant is never used once it is on its way to being settled. */
    if (store_grants_close(s, now, GRANT_DUE_MS, err, errlen) < 0 ||
        store_grants_settle_list(s, WIRE_WANTS_MAX, &settle, &ns, err, errlen) ||
        store_grants_wanted(s, now, GRANT_HORIZON_S, GRANT_WANT, WIRE_WANTS_MAX, &want, &nw, err,
                            errlen))
        goto cleanup;
    out = SYNC_OK;
    if (ns == 0 && nw == 0) goto cleanup;

    json_t *req = json_pack("{s:[], s:[]}", "settle", "want");
    for (int i = 0; req && i < ns; i++)
        json_array_append_new(json_object_get(req, "settle"),
                              json_pack("{s:s, s:i}", "grant", settle[i].id, "used",
                                        settle[i].seats));
    for (int i = 0; req && i < nw; i++)
        json_array_append_new(json_object_get(req, "want"),
                              json_pack("{s:s, s:s, s:i}", "grant", want[i].id, "event_id",
                                        want[i].event_id, "seats", want[i].seats));
    body = req ? json_dumps(req, JSON_COMPACT) : NULL;
    json_decref(req);
    if (!body) {
        snprintf(err, errlen, "grants: out of memory");
        out = SYNC_ERR_STORE;
        goto cleanup;
    }
    if (http_do(h, "POST", "/v1/grants", body, true, err, errlen)) {
        out = SYNC_ERR_NET;
        goto cleanup;
    }
    /* The deadline counts from receipt, which is after the hub's now: always on the safe side. */
    int64_t received = store_mono_ms();
    if (h->status != 200) {
        out = http_status_fail(h, "grants", rep, err, errlen);
        goto cleanup;
    }
    if (!(j = body_json(h, "grants", err, errlen))) {
        out = SYNC_ERR_HUB;
        goto cleanup;
    }
    json_t *margin_j = json_object_get(j, "margin");
    int margin = json_is_integer(margin_j) ? (int)json_integer_value(margin_j) : 0;
    if (margin < WIRE_GRANT_MARGIN_S) margin = WIRE_GRANT_MARGIN_S;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(j, "settled"), i, v)
    {
        const char *id = json_string_value(json_object_get(v, "grant"));
        if (!id || !wire_uuid_ok(id)) continue;
        if (store_grant_settled(s, id, err, errlen)) {
            out = SYNC_ERR_STORE;
            goto cleanup;
        }
        rep->settled++;
        rep->released += (int)json_integer_value(json_object_get(v, "released"));
    }
    json_array_foreach(json_object_get(j, "grants"), i, v)
    {
        const char *id = json_string_value(json_object_get(v, "grant"));
        json_t *seats = json_object_get(v, "seats"), *exp = json_object_get(v, "expires_in");
        if (!id || !wire_uuid_ok(id) || !json_is_integer(seats)) continue;
        int n = (int)json_integer_value(seats);
        int64_t e = json_is_integer(exp) ? (int64_t)json_integer_value(exp) : 0;
        /* A grant that expires inside the margin is of no use: record it as none (the hub
         * reclaims it). */
        if (e <= margin) n = 0;
        if (n < 0 || n > 1000) continue;
        if (store_grant_granted(s, id, n, e, margin, received, err, errlen)) {
            out = SYNC_ERR_STORE;
            goto cleanup;
        }
        if (n > 0) {
            rep->granted++;
            rep->granted_seats += n;
        }
    }
cleanup:
    json_decref(j);
    free(body);
    free(settle);
    free(want);
    return out;
}

/* ---- Pull --------------------------------------------------------------------------------- */

/* Applies one page. Returns SYNC_OK and sets *MORE, or an error. */
static SyncResult apply_page(Store *s, json_t *page, bool *more, SyncReport *rep, char *err,
                             size_t errlen)
{
    json_t *changes = json_object_get(page, "changes");
    const char *cursor = json_string_value(json_object_get(page, "cursor"));
    *more = json_is_true(json_object_get(page, "more"));
    bool reset = json_is_true(json_object_get(page, "reset"));
    if (!json_is_array(changes) || !cursor || strlen(cursor) > WIRE_CURSOR_MAX) {
        snprintf(err, errlen, "pull: the page lacks changes or cursor");
        return SYNC_ERR_HUB;
    }
    size_t n = json_array_size(changes);
    SyncChange *ch = calloc(n + 1, sizeof *ch);
    Event *evs = calloc(n + 1, sizeof *evs);
    SyncResult out = SYNC_OK;
    size_t parsed = 0;
    if (!ch || !evs) {
        snprintf(err, errlen, "pull: out of memory");
        out = SYNC_ERR_STORE;
    }
    for (size_t i = 0; out == SYNC_OK && i < n; i++) {
        json_t *c = json_array_get(changes, i);
        const char *op = json_string_value(json_object_get(c, "op"));
        const char *id = json_string_value(json_object_get(c, "id"));
        if (!op || !id || strlen(id) > RECORD_EVENT_ID_MAX) {
            snprintf(err, errlen, "pull: change %zu lacks op or id", i);
            out = SYNC_ERR_HUB;
            break;
        }
        ch[i].id = id;
        if (strcmp(op, "delete") == 0) {
            ch[i].kind = SYNC_CHANGE_DELETE;
            continue;
        }
        char why[256];
        if (event_from_json(&evs[parsed], json_object_get(c, "event"), why, sizeof why)) {
            snprintf(err, errlen, "pull: event %s: %s", id, why);
            out = SYNC_ERR_HUB;
            break;
        }
        ch[i].kind = SYNC_CHANGE_UPSERT;
        ch[i].event = &evs[parsed++];
        json_t *seats = json_object_get(c, "seats");
        ch[i].capacity = (int)json_integer_value(json_object_get(seats, "capacity"));
        ch[i].confirmed = (int)json_integer_value(json_object_get(seats, "confirmed"));
        ch[i].waitlisted = (int)json_integer_value(json_object_get(seats, "waitlisted"));
        ch[i].held = (int)json_integer_value(json_object_get(seats, "held"));
    }
    if (out == SYNC_OK && store_sync_apply(s, ch, (int)n, reset, *more, cursor, err, errlen))
        out = SYNC_ERR_STORE;
    if (out == SYNC_OK) {
        rep->pulled += (int)n;
        rep->pages++;
        rep->snapshot |= reset;
    }
    for (size_t i = 0; i < parsed; i++)
        event_deinit(&evs[i]);
    free(evs);
    free(ch);
    return out;
}

static SyncResult pull(Store *s, Http *h, SyncReport *rep, char *err, size_t errlen)
{
    bool retried_gone = false;
    for (int step = 0; step < ROUND_STEPS_MAX; step++) {
        char cursor[WIRE_CURSOR_MAX + 32], path[512];
        if (store_sync_cursor(s, cursor, sizeof cursor)) {
            snprintf(err, errlen, "pull: cannot read the cursor");
            return SYNC_ERR_STORE;
        }
        if (cursor[0]) {
            char *esc = curl_easy_escape(h->c, cursor, 0);
            snprintf(path, sizeof path, "/v1/changes?limit=%d&cursor=%s", PULL_LIMIT,
                     esc ? esc : "");
            curl_free(esc);
        } else {
            snprintf(path, sizeof path, "/v1/changes?limit=%d", PULL_LIMIT);
        }
        if (http_do(h, "GET", path, NULL, true, err, errlen)) return SYNC_ERR_NET;
        if (h->status == 410 && !retried_gone) {
            /* cursor_gone: start over with a snapshot. */
            retried_gone = true;
            if (store_sync_forget_cursor(s)) {
                snprintf(err, errlen, "pull: cannot forget the cursor");
                return SYNC_ERR_STORE;
            }
            continue;
        }
        if (h->status != 200) return http_status_fail(h, "pull", rep, err, errlen);
        json_t *j = body_json(h, "pull", err, errlen);
        if (!j) return SYNC_ERR_HUB;
        bool more = false;
        SyncResult r = apply_page(s, j, &more, rep, err, errlen);
        json_decref(j);
        if (r != SYNC_OK) return r;
        if (!more) return SYNC_OK;
    }
    return SYNC_OK;
}

/* ---- Round and enrolment ------------------------------------------------------------------ */

static void global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

void sync_global_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, global_init);
}

SyncResult sync_round_abortable(Store *s, const SyncHub *hub, int64_t now, SyncReport *rep,
                             const atomic_int *abort_flag, char *err, size_t errlen)
{
    Http h;
    memset(rep, 0, sizeof *rep);
    if (!hub->url || !hub->url[0]) {
        snprintf(err, errlen, "no hub configured ([sync] hub)");
        return SYNC_ERR_HUB;
    }
    if (http_init(&h, hub, abort_flag)) {
        snprintf(err, errlen, "cannot start libcurl");
        return SYNC_ERR_NET;
    }
    SyncResult r = push(s, &h, now, rep, err, errlen);
    if (r == SYNC_OK) r = grants(s, &h, now, rep, err, errlen);
    if (r == SYNC_OK) r = pull(s, &h, rep, err, errlen);
    if (r == SYNC_OK && store_sync_mark_ok(s, now)) {
        snprintf(err, errlen, "cannot record the round");
        r = SYNC_ERR_STORE;
    }
    http_deinit(&h);
    return r;
}

SyncResult sync_round(Store *s, const SyncHub *hub, int64_t now, SyncReport *rep, char *err,
                      size_t errlen)
{
    return sync_round_abortable(s, hub, now, rep, NULL, err, errlen);
}

SyncResult sync_enrol(const SyncHub *hub, const char *enrol_token, char *device, size_t devlen,
                      char *token, size_t toklen, char *err, size_t errlen)
{
    Http h;
    SyncResult out = SYNC_ERR_HUB;
    if (http_init(&h, hub, NULL)) {
        snprintf(err, errlen, "cannot start libcurl");
        return SYNC_ERR_NET;
    }
    json_t *req = json_pack("{s:s}", "token", enrol_token);
    char *body = req ? json_dumps(req, JSON_COMPACT) : NULL;
    json_decref(req);
    json_t *j = NULL;
    if (!body) {
        snprintf(err, errlen, "enrol: out of memory");
    } else if (http_do(&h, "POST", "/v1/enrol", body, false, err, errlen)) {
        out = SYNC_ERR_NET;
    } else if (h.status != 200) {
        out = http_status_fail(&h, "enrol", NULL, err, errlen);
    } else if ((j = body_json(&h, "enrol", err, errlen))) {
        const char *d = json_string_value(json_object_get(j, "device"));
        const char *t = json_string_value(json_object_get(j, "token"));
        if (!t || !*t || strlen(t) >= toklen || strlen(t) > WIRE_TOKEN_MAX ||
            strpbrk(t, " \t\r\n;#")) {
            snprintf(err, errlen, "enrol: the hub's answer has no usable token");
        } else {
            snprintf(token, toklen, "%s", t);
            snprintf(device, devlen, "%s", d ? d : "");
            out = SYNC_OK;
        }
    }
    json_decref(j);
    free(body);
    http_deinit(&h);
    return out;
}

int64_t sync_backoff_ms(int attempt, long retry_after_s)
{
    if (attempt < 1) attempt = 1;
    int64_t cap = 2000;
    for (int i = 0; i < attempt && cap < 600000; i++)
        cap *= 2;
    if (cap > 600000) cap = 600000;
    int64_t d = 1000 + (int64_t)(randombytes_uniform((uint32_t)(cap - 1000 + 1)));
    if (retry_after_s > 0 && d < retry_after_s * 1000) d = retry_after_s * 1000;
    return d;
}
