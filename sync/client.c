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

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "event.h"
#include "wire.h"
#include "wire_kiosk.h"

#define RESPONSE_MAX (16u * 1024 * 1024) /* a pull page of 1000 events is a few MB */
#define PUSH_BATCH WIRE_OPS_MAX
#define PUSH_BODY_SOFT_MAX (3u * 1024 * 1024) /* under the hub's 4 MiB limit */
#define PULL_LIMIT WIRE_PULL_LIMIT_MAX
#define ROUND_STEPS_MAX 10000 /* batches or pages in one round: a bound, not a target */
#define GRANT_WANT 10         /* seats asked per event; the hub decides the size */
#define GRANT_HORIZON_S (14 * 86400)
#define GRANT_DUE_MS (5 * 60 * 1000) /* settle and renew a grant this long before its deadline */

/* ---- HTTP --------------------------------------------------------------------------------- */

typedef struct {
    CURL *c;
    const SyncHub *hub;
    Buf body;
    size_t body_max;
    bool too_large; /* the last answer passed body_max */
    long status;
    long retry_after;
    const atomic_int *abort_flag; /* the thread's stop flag; NULL in the foreground */
} Http;

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    Http *h = ud;
    /* Over the cap: returning less than given makes curl fail the transfer. */
    if (buf_add(&h->body, p, size * n) == 0) return size * n;
    h->too_large = h->body.len + size * n > h->body_max;
    return 0;
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
    h->body_max = hub->response_max > 0 ? hub->response_max : RESPONSE_MAX;
    buf_init(&h->body, h->body_max);
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
    if (h->hub->transport) {
        buf_deinit(&h->body);
        buf_init(&h->body, h->body_max);
        h->status = 0;
        h->retry_after = 0;
        h->too_large = false;
        if (h->hub->transport(h->hub->transport_ctx, method, path, body, &h->status, &h->body) !=
            0) {
            h->too_large = h->body.len >= h->body_max;
            snprintf(err, errlen, "%s %s: no answer", method, path);
            return -1;
        }
        return 0;
    }
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
    /* The last answer's memory is used again: a pull's pages are megabytes each, and growing
     * a buffer for each from nothing copied and faulted in as much again. */
    buf_clear(&h->body);
    h->too_large = false;
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
    if (h->hub->deadline_ms > 0) {
        /* An express request: the whole exchange, connection included, within the deadline. */
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)h->hub->deadline_ms);
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)h->hub->deadline_ms);
    }
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 16L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME,
                     (long)(h->hub->low_speed_time_s > 0 ? h->hub->low_speed_time_s : 30));
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (h->hub->ca_file && h->hub->ca_file[0]) curl_easy_setopt(c, CURLOPT_CAINFO, h->hub->ca_file);
    /* Pages are read in 256 KiB reads, not curl's 16 KiB: a sixteenth of the calls. */
    curl_easy_setopt(c, CURLOPT_BUFFERSIZE, 256L * 1024);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, h);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, h);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)h->body_max);
    if (strcmp(method, "POST") == 0) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? strlen(body) : 0));
    }
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(hdrs);
    if (rc == CURLE_FILESIZE_EXCEEDED) h->too_large = true;
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
    const char *code = wire_error_code(j);
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

/* Sends the N pending rows ITEMS in one request and records the hub's answers. */
static SyncResult push_items(Store *s, Http *h, const OutboxItem *items, int n, int64_t now,
                             SyncReport *rep, char *err, size_t errlen)
{
    /* Build the body, stopping early if it grows near the hub's limit. */
    Buf b;
    buf_init(&b, WIRE_BODY_MAX);
    int sent = 0, brc = wire_push_begin(&b);
    for (int i = 0; i < n && brc == 0 && b.len < PUSH_BODY_SOFT_MAX; i++) {
        char *text = sync_op_text(&items[i]);
        brc = text ? wire_push_add(&b, text, i) : -1;
        free(text);
        sent += brc == 0;
    }
    brc = brc ? brc : wire_push_end(&b);
    if (brc) {
        buf_deinit(&b);
        snprintf(err, errlen, "push: cannot build the request");
        return SYNC_ERR_STORE;
    }
    int hrc = http_do(h, "POST", "/v1/push", b.p, true, err, errlen);
    buf_deinit(&b);
    if (hrc) return SYNC_ERR_NET;
    if (h->status != 200) return http_status_fail(h, "push", rep, err, errlen);
    json_t *j = body_json(h, "push", err, errlen);
    SyncResult out = j ? SYNC_OK : SYNC_ERR_HUB;
    WireAnswer *ans = calloc((size_t)sent + 1, sizeof *ans);
    char(*uuids)[RECORD_UUID_LEN + 1] = calloc((size_t)sent + 1, sizeof *uuids);
    char why[128];
    if (out == SYNC_OK && (!ans || !uuids)) {
        snprintf(err, errlen, "push: out of memory");
        out = SYNC_ERR_STORE;
    }
    for (int i = 0; out == SYNC_OK && i < sent; i++)
        str_copy(uuids[i], sizeof uuids[i], items[i].uuid);
    /* One answer per op in order, each naming its op: anything else and nothing is recorded
     * (the batch is simply sent again). */
    if (out == SYNC_OK && wire_results_parse(j, (const char(*)[RECORD_UUID_LEN + 1]) uuids, sent,
                                             ans, why, sizeof why) != 0) {
        snprintf(err, errlen, "push: %s", why);
        out = SYNC_ERR_HUB;
    }
    if (out == SYNC_OK && store_outbox_record(s, ans, sent, now, err, errlen)) out = SYNC_ERR_STORE;
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
    free(uuids);
    json_decref(j);
    return out;
}

static SyncResult push(Store *s, Http *h, int64_t now, SyncReport *rep, char *err, size_t errlen)
{
    for (int step = 0; step < ROUND_STEPS_MAX; step++) {
        OutboxItem *items = NULL;
        int n = 0;
        if (store_outbox_batch(s, PUSH_BATCH, &items, &n, err, errlen)) return SYNC_ERR_STORE;
        SyncResult out = n > 0 ? push_items(s, h, items, n, now, rep, err, errlen) : SYNC_OK;
        store_outbox_free(items, n);
        if (n > 0 && rep->changed) rep->changed->all = true; /* answers name sign-ups only */
        if (out != SYNC_OK || n == 0) return out;
    }
    return SYNC_OK;
}

SyncResult sync_push_one(Store *s, const SyncHub *hub, const char *uuid, int64_t now,
                         SyncReport *rep, char *err, size_t errlen)
{
    Http h;
    memset(rep, 0, sizeof *rep);
    if (http_init(&h, hub, NULL)) {
        snprintf(err, errlen, "push: cannot start curl");
        return SYNC_ERR_NET;
    }
    OutboxItem *items = NULL;
    int n = 0;
    SyncResult out = SYNC_ERR_STORE;
    if (store_outbox_one(s, uuid, &items, &n, err, errlen) == 0)
        out = n > 0 ? push_items(s, &h, items, n, now, rep, err, errlen) : SYNC_OK;
    store_outbox_free(items, n);
    http_deinit(&h);
    return out;
}

/* ---- Grants ------------------------------------------------------------------------------- */

static SyncResult grants(Store *s, Http *h, int64_t now, SyncReport *rep, char *err, size_t errlen)
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
    for (int i = 0; i < ns; i++)
        sync_changed_add(rep->changed, settle[i].event_id);
    for (int i = 0; i < nw; i++)
        sync_changed_add(rep->changed, want[i].event_id);

    WireSettle *ws = calloc((size_t)ns + 1, sizeof *ws);
    WireWant *ww = calloc((size_t)nw + 1, sizeof *ww);
    for (int i = 0; ws && i < ns; i++) {
        str_copy(ws[i].grant, sizeof ws[i].grant, settle[i].id);
        ws[i].used = settle[i].seats;
    }
    for (int i = 0; ww && i < nw; i++) {
        str_copy(ww[i].grant, sizeof ww[i].grant, want[i].id);
        str_copy(ww[i].event_id, sizeof ww[i].event_id, want[i].event_id);
        ww[i].seats = want[i].seats;
    }
    body = ws && ww ? wire_grants_request_build(ws, ns, ww, nw) : NULL;
    free(ws);
    free(ww);
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
    WireSettled *done = NULL;
    WireGrant *got = NULL;
    int n_done = 0, n_got = 0, margin = WIRE_GRANT_MARGIN_S;
    char why[128];
    if (wire_grants_answer_parse(j, &done, &n_done, &got, &n_got, &margin, why, sizeof why)) {
        snprintf(err, errlen, "%s", why);
        out = SYNC_ERR_STORE;
    }
    /* All of the answer in one transaction: one fsync a round, not one a grant. */
    if (out == SYNC_OK &&
        store_grants_answer(s, done, n_done, got, n_got, margin, received, err, errlen))
        out = SYNC_ERR_STORE;
    for (int i = 0; out == SYNC_OK && i < n_done; i++) {
        rep->settled++;
        rep->released += done[i].released;
    }
    /* A grant that expires inside the margin is of no use, but it is recorded all the same: its
     * deadline has passed, so it is never used, the next round closes it and settles it with 0
     * used. The hub holds a grant's seats until it is settled (PROTOCOL.md, "Escrow"), so
     * forgetting it would lock them. */
    for (int i = 0; out == SYNC_OK && i < n_got; i++)
        if (got[i].seats > 0 && got[i].expires_in > margin) {
            rep->granted++;
            rep->granted_seats += got[i].seats;
        }
    free(done);
    free(got);
cleanup:
    json_decref(j);
    free(body);
    free(settle);
    free(want);
    return out;
}

/* ---- Pull --------------------------------------------------------------------------------- */

/* One page fetched and parsed, by the reader thread while the page before it is read and
 * stored. Each of the pull's two Fetches owns its page's text, tree (in its arena) and reading,
 * so the page being stored borrows from nothing the reader touches. */
typedef struct {
    Http *h;
    char cursor[WIRE_CURSOR_MAX + 32];
    char report[96];   /* the round's first page: the records still waiting, this version */
    int limit;         /* in and out: halved while a page is larger than this kiosk reads */
    bool retried_gone; /* a 410 again is a failure */
    Buf text;          /* the page's bytes (swapped in from the Http after the request) */
    WireArena *arena;
    WireSpan *spans;
    size_t n_spans;
    json_t *tree;    /* the page, in the arena */
    WirePage frame;  /* its cursor (borrowed from the tree), whether more follow */
    PulledPage page; /* read by the storing thread, just before it stores the page */
    bool gone;       /* 410 cursor_gone: the caller forgets the cursor and starts over */
    SyncResult r;
    char err[512];
    /* A failed answer's status and Retry-After, given to the round's report only when this
     * Fetch's failure is the one the pull returns (not by a page read ahead and dropped). */
    long http_status, retry_after_s;
} Fetch;

static void fetch_clear(Fetch *f)
{
    sync_page_release(&f->page);
    wire_arena_reset(f->arena);
    free(f->spans);
    f->spans = NULL;
    f->n_spans = 0;
    f->tree = NULL;
    memset(&f->frame, 0, sizeof f->frame);
    f->gone = false;
    f->r = SYNC_OK;
    f->err[0] = '\0';
    f->http_status = f->retry_after_s = 0;
}

/* Fetches and parses the page after F->cursor (its frame too: the next page's cursor). Touches
 * no store: it may run on another thread. */
static void fetch_page(Fetch *f)
{
    Http *h = f->h;
    fetch_clear(f);
    for (;;) {
        char path[512];
        if (f->cursor[0]) {
            char *esc = curl_easy_escape(h->c, f->cursor, 0);
            snprintf(path, sizeof path, "/v1/changes?limit=%d&cursor=%s", f->limit, esc ? esc : "");
            curl_free(esc);
        } else {
            snprintf(path, sizeof path, "/v1/changes?limit=%d", f->limit);
        }
        if (f->report[0] && strlen(path) + strlen(f->report) < sizeof path) strcat(path, f->report);
        if (http_do(h, "GET", path, NULL, true, f->err, sizeof f->err) == 0) break;
        /* Pages are bounded by bytes at the hub; should one still be larger than this kiosk
         * reads, the same page is asked for again with half the limit, down to one change. */
        if (!h->too_large || f->limit <= 1) {
            f->r = SYNC_ERR_NET;
            return;
        }
        f->limit /= 2;
    }
    if (h->status == 410 && !f->retried_gone) {
        f->gone = true;
        return;
    }
    if (h->status != 200) {
        f->r = http_status_fail(h, "pull", NULL, f->err, sizeof f->err);
        f->http_status = h->status;
        f->retry_after_s = h->retry_after;
        return;
    }
    /* The page's bytes become this Fetch's; the Http reads the next answer into the memory this
     * one held before (both are used again, page after page). */
    Buf t = f->text;
    f->text = h->body;
    h->body = t;
    /* Parsed by yajl, keeping where each event's bytes are: they are stored as they came. The
     * tree's values are in the Fetch's arena, dropped at once (wire_arena.h). */
    char why[200];
    const char *body = f->text.p ? f->text.p : "";
    json_t *j =
        wire_json_load_arena(body, f->text.len, &f->spans, &f->n_spans, f->arena, why, sizeof why);
    if (!json_is_object(j)) {
        snprintf(f->err, sizeof f->err, "pull: the hub's answer is not a JSON object (%s)",
                 j ? "another value" : why);
        f->r = SYNC_ERR_HUB;
        return;
    }
    f->tree = j;
    if (wire_page_parse(j, &f->frame, why, sizeof why)) {
        snprintf(f->err, sizeof f->err, "pull: %s", why);
        f->r = SYNC_ERR_HUB;
    }
}

static void *fetch_main(void *arg)
{
    fetch_page(arg);
    return NULL;
}

/* The pull: page after page, each stored in one transaction (the cursor with it) before the
 * next is stored. While one is read (event_from_json) and stored, the next is fetched and parsed
 * on a second thread (about half of a page's instructions each), so the two overlap; should
 * reading or storing fail, the page parsed ahead is dropped, and the next round asks for it
 * again from the stored cursor. */
static SyncResult pull_pages(Store *s, Fetch f[2], SyncReport *rep, char *err, size_t errlen)
{
    Fetch *cur = &f[0];
    if (store_sync_cursor(s, cur->cursor, sizeof cur->cursor)) {
        snprintf(err, errlen, "pull: cannot read the cursor");
        return SYNC_ERR_STORE;
    }
    int waiting = store_outbox_pending(s);
    if (waiting < 0 ||
        wire_report_query(cur->report, sizeof cur->report, waiting, AUKIO_VERSION) != 0)
        cur->report[0] = '\0';
    cur->limit = PULL_LIMIT;
    fetch_page(cur);
    for (int step = 0; step < ROUND_STEPS_MAX; step++) {
        if (cur->gone) {
            /* cursor_gone: start over with a snapshot. */
            if (store_sync_forget_cursor(s)) {
                snprintf(err, errlen, "pull: cannot forget the cursor");
                return SYNC_ERR_STORE;
            }
            cur->retried_gone = true;
            cur->cursor[0] = cur->report[0] = '\0';
            fetch_page(cur);
            continue;
        }
        rep->page_limit = cur->limit;
        if (cur->r != SYNC_OK) {
            snprintf(err, errlen, "%s", cur->err);
            if (cur->http_status) {
                rep->http_status = cur->http_status;
                rep->retry_after_s = cur->retry_after_s;
            }
            return cur->r;
        }
        bool more = cur->frame.more;
        Fetch *next = &f[cur == &f[0] ? 1 : 0];
        pthread_t th;
        bool ahead = false;
        if (more) {
            str_copy(next->cursor, sizeof next->cursor, cur->frame.cursor ? cur->frame.cursor : "");
            next->report[0] = '\0';
            next->limit = cur->limit;
            next->retried_gone = cur->retried_gone;
            ahead = pthread_create(&th, NULL, fetch_main, next) == 0;
        }
        /* This page's events are read here, beside the next page's parse on the other thread
         * (the parse is the larger half), then stored. */
        const char *body = cur->text.p ? cur->text.p : "";
        SyncResult r =
            sync_page_read(cur->tree, body, cur->spans, cur->n_spans, &cur->page, rep, err, errlen);
        if (r == SYNC_OK) r = sync_page_store(s, &cur->page, rep, err, errlen);
        if (ahead) pthread_join(th, NULL);
        fetch_clear(cur);
        if (r != SYNC_OK || !more) return r;
        if (!ahead) fetch_page(next);
        cur = next;
    }
    return SYNC_OK;
}

static SyncResult pull(Store *s, Http *h, SyncReport *rep, char *err, size_t errlen)
{
    /* A fresh kiosk's first snapshot is written once, not twice (store_sync_bulk_begin, every
     * round: it also puts back WAL should an earlier snapshot's return to it have failed). */
    bool bulk = store_sync_bulk_begin(s) == 1;
    Fetch f[2];
    memset(f, 0, sizeof f);
    SyncResult r = SYNC_ERR_STORE;
    for (int i = 0; i < 2; i++) {
        f[i].h = h;
        buf_init(&f[i].text, h->body_max);
        f[i].arena = wire_arena_new();
    }
    if (f[0].arena && f[1].arena)
        r = pull_pages(s, f, rep, err, errlen);
    else
        snprintf(err, errlen, "pull: out of memory");
    for (int i = 0; i < 2; i++) {
        fetch_clear(&f[i]);
        wire_arena_free(f[i].arena);
        buf_deinit(&f[i].text);
    }
    if (bulk && store_sync_bulk_end(s) != 0 && r == SYNC_OK) {
        snprintf(err, errlen, "pull: cannot return to WAL journaling");
        r = SYNC_ERR_STORE;
    }
    return r;
}

/* ---- Round and enrolment ------------------------------------------------------------------ */

static void global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    wire_arena_install(); /* before the threads that use jansson start */
}

void sync_global_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, global_init);
}

SyncResult sync_round_abortable(Store *s, const SyncHub *hub, int64_t now, SyncReport *rep,
                                const atomic_int *abort_flag, char *err, size_t errlen)
{
    return sync_round_changed(s, hub, now, rep, NULL, abort_flag, err, errlen);
}

SyncResult sync_round_changed(Store *s, const SyncHub *hub, int64_t now, SyncReport *rep,
                              SyncChanged *changed, const atomic_int *abort_flag, char *err,
                              size_t errlen)
{
    Http h;
    memset(rep, 0, sizeof *rep);
    rep->changed = changed;
    if (!hub->url || !hub->url[0]) {
        snprintf(err, errlen, "no hub configured ([sync] hub)");
        return SYNC_ERR_HUB;
    }
    if (http_init(&h, hub, abort_flag)) {
        snprintf(err, errlen, "cannot start libcurl");
        return SYNC_ERR_NET;
    }
    /* Pull before grants: grants are asked for the events the hub has sent, so a fresh kiosk
     * can confirm after its first round (issue 8: it told its first visitor "waiting list"). */
    SyncResult r = push(s, &h, now, rep, err, errlen);
    if (r == SYNC_OK) r = pull(s, &h, rep, err, errlen);
    if (r == SYNC_OK) r = grants(s, &h, now, rep, err, errlen);
    if (r == SYNC_OK && store_sync_mark_ok(s, now)) {
        snprintf(err, errlen, "cannot record the round");
        r = SYNC_ERR_STORE;
    }
    /* What went wrong stays in the store for `aukio status`, not only in the thread. Aborting
     * (the kiosk stopping) is no error of the hub's. */
    if (r != SYNC_OK && r != SYNC_ERR_STORE && !(abort_flag && atomic_load(abort_flag)) &&
        store_sync_mark_error(s, now, (int)r, err) != 0) {
        /* Best effort: the round's own error is the one to report. */
    }
    http_deinit(&h);
    return r;
}

SyncResult sync_round(Store *s, const SyncHub *hub, int64_t now, SyncReport *rep, char *err,
                      size_t errlen)
{
    return sync_round_abortable(s, hub, now, rep, NULL, err, errlen);
}

SyncResult sync_enrol(const SyncHub *hub, const char *enrol_token, const char *request_id,
                      char *device, size_t devlen, char *token, size_t toklen, char *err,
                      size_t errlen)
{
    Http h;
    SyncResult out = SYNC_ERR_HUB;
    if (http_init(&h, hub, NULL)) {
        snprintf(err, errlen, "cannot start libcurl");
        return SYNC_ERR_NET;
    }
    char *body = wire_enrol_request_build(enrol_token, request_id);
    json_t *j = NULL;
    char why[128];
    if (!body) {
        snprintf(err, errlen, "enrol: out of memory");
    } else if (http_do(&h, "POST", "/v1/enrol", body, false, err, errlen)) {
        out = SYNC_ERR_NET;
    } else if (h.status != 200) {
        out = http_status_fail(&h, "enrol", NULL, err, errlen);
    } else if ((j = body_json(&h, "enrol", err, errlen))) {
        if (wire_enrol_answer_parse(j, device, devlen, token, toklen, why, sizeof why) == 0)
            out = SYNC_OK;
        else
            snprintf(err, errlen, "enrol: %s", why);
    }
    json_decref(j);
    free(body);
    http_deinit(&h);
    return out;
}

SyncResult sync_signup_remote(const SyncHub *hub, const char *code, bool cancel,
                              WireSignupInfo *out, bool *found, char *err, size_t errlen)
{
    Http h;
    SyncResult r = SYNC_ERR_HUB;
    memset(out, 0, sizeof *out);
    *found = false;
    if (!wire_code_ok(code)) {
        snprintf(err, errlen, "sign-up: not a confirmation code");
        return SYNC_ERR_HUB;
    }
    if (http_init(&h, hub, NULL)) {
        snprintf(err, errlen, "sign-up: cannot start curl");
        return SYNC_ERR_NET;
    }
    char path[64], why[128];
    snprintf(path, sizeof path, "/v1/signups/%s%s", code, cancel ? "/cancel" : "");
    json_t *j = NULL;
    char e2[256];
    if (http_do(&h, cancel ? "POST" : "GET", path, cancel ? "" : NULL, true, e2, sizeof e2)) {
        /* The code is the visitor's key to the sign-up: it stays out of the message (and so out
         * of the log), which names the request without it. */
        const char *msg = strstr(e2, ": ");
        snprintf(err, errlen, "%s /v1/signups/…%s: %s", cancel ? "POST" : "GET",
                 cancel ? "/cancel" : "", msg ? msg + 2 : "no answer");
        r = SYNC_ERR_NET;
    } else if (h.status == 404) {
        /* Only the hub's word about the code is "not found"; another 404 is a hub without the
         * endpoint, which knows nothing about it. */
        j = h.body.len ? json_loadb(h.body.p, h.body.len, 0, NULL) : NULL;
        const char *ec = wire_error_code(j);
        if (ec && strcmp(ec, WIRE_ERR_NO_SIGNUP) == 0)
            r = SYNC_OK;
        else
            r = http_status_fail(&h, "sign-up", NULL, err, errlen);
    } else if (h.status != 200) {
        r = http_status_fail(&h, "sign-up", NULL, err, errlen);
    } else if ((j = body_json(&h, "sign-up", err, errlen))) {
        if (wire_signup_info_parse(j, out, why, sizeof why) == 0) {
            r = SYNC_OK;
            *found = true;
        } else {
            snprintf(err, errlen, "sign-up: %s", why);
        }
    }
    json_decref(j);
    http_deinit(&h);
    return r;
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
