/*
 * hub_http.c: the hub's HTTP API on libmicrohttpd (PROTOCOL.md is the reference).
 *
 * MHD runs a small pool of worker threads, each with its own epoll set; a request is handled to
 * the end on the thread that read it. The store gives each thread its own SQLite connection, so
 * pulls run in parallel while pushes queue on the store's write lock. Bodies are collected into a
 * capped buffer; anything over WIRE_BODY_MAX is refused with 413, by Content-Length before the
 * body is read or while it streams.
 */
#include "hub.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <microhttpd.h>

typedef struct {
    HubStore *store;
    const HubServerConfig *cfg;
    atomic_int writers; /* write requests in the store or waiting for it */
} Server;

/* Per-request state, from the first call of the handler to the completion callback. */
typedef struct {
    Buf body;
    bool too_large;
} Req;

void hub_server_config_defaults(HubServerConfig *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->listen = "127.0.0.1:8443";
    cfg->threads = 2;
    cfg->max_writers = 256;
    hub_policy_defaults(&cfg->policy);
}

/* ---- Responses ---------------------------------------------------------------------------- */

/* Queues BODY (malloc'd, handed over) as a JSON response. */
static enum MHD_Result reply(struct MHD_Connection *conn, unsigned status, char *body,
                             int retry_after)
{
    if (!body) {
        status = MHD_HTTP_INTERNAL_SERVER_ERROR;
        body = strdup("{\"error\":\"internal\",\"message\":\"out of memory\"}");
        if (!body) return MHD_NO;
    }
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (retry_after > 0) {
        char ra[16];
        snprintf(ra, sizeof ra, "%d", retry_after);
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, ra);
    }
    if (status == MHD_HTTP_UNAUTHORIZED)
        MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"aukio\"");
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result reply_error(struct MHD_Connection *conn, unsigned status, const char *code,
                                   const char *message, int retry_after)
{
    return reply(conn, status, wire_error_build(code, message), retry_after);
}

static enum MHD_Result reply_internal(struct MHD_Connection *conn, const char *err)
{
    fprintf(stderr, "aukio-hub: %s\n", err);
    return reply_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, WIRE_ERR_INTERNAL,
                       "the hub could not complete the request; try again later", 30);
}

/* ---- Helpers ------------------------------------------------------------------------------ */

/* Authenticates the request. AUKIO_OK with *DEVICE_ID, AUKIO_ERR_DENIED, or AUKIO_ERR. */
static int authenticate(Server *sv, struct MHD_Connection *conn, int64_t *device_id, char *err,
                        size_t n)
{
    const char *h =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
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
    return sv->store->device_auth(sv->store, hash, device_id, err, n);
}

/* Parses the body as a JSON object. On failure the 400 is already queued and *RET set. */
static json_t *parse_body(Req *rq, struct MHD_Connection *conn, enum MHD_Result *ret)
{
    json_error_t jerr;
    json_t *root = json_loadb(rq->body.p ? rq->body.p : "", rq->body.len, 0, &jerr);
    if (!root) {
        char msg[256];
        snprintf(msg, sizeof msg, "line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
        *ret = reply_error(conn, MHD_HTTP_BAD_REQUEST, WIRE_ERR_BAD_JSON, msg, 0);
        return NULL;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        *ret = reply_error(conn, MHD_HTTP_BAD_REQUEST, WIRE_ERR_BAD_REQUEST,
                           "the body must be a JSON object", 0);
        return NULL;
    }
    return root;
}

/* Takes a writer slot; false (and a 503 queued) when too many wait already. */
static bool writer_enter(Server *sv, struct MHD_Connection *conn, enum MHD_Result *ret)
{
    if (atomic_fetch_add(&sv->writers, 1) >= sv->cfg->max_writers) {
        atomic_fetch_sub(&sv->writers, 1);
        *ret = reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE, WIRE_ERR_OVERLOADED,
                           "too many requests are waiting; retry later", 1);
        return false;
    }
    return true;
}

static void writer_leave(Server *sv)
{
    atomic_fetch_sub(&sv->writers, 1);
}

/* ---- /v1/enrol ---------------------------------------------------------------------------- */

static enum MHD_Result handle_enrol(Server *sv, struct MHD_Connection *conn, Req *rq)
{
    enum MHD_Result ret = MHD_NO;
    json_t *root = parse_body(rq, conn, &ret);
    if (!root) return ret;
    char why[160];
    const char *tok = wire_enrol_request_parse(root, why, sizeof why);
    if (!tok) {
        json_decref(root);
        return reply_error(conn, MHD_HTTP_BAD_REQUEST, WIRE_ERR_BAD_REQUEST, why, 0);
    }
    uint8_t enrol_hash[HUB_HASH_LEN], token_hash[HUB_HASH_LEN];
    hub_token_hash(tok, enrol_hash);
    json_decref(root);
    char token[HUB_TOKEN_BUF], name[128], err[256];
    hub_token_new("aud_", token);
    hub_token_hash(token, token_hash);
    if (!writer_enter(sv, conn, &ret)) return ret;
    int rc = sv->store->device_enrol(sv->store, enrol_hash, token_hash, now_s(), name, sizeof name,
                                     err, sizeof err);
    writer_leave(sv);
    if (rc == AUKIO_ERR_DENIED)
        return reply_error(conn, MHD_HTTP_UNAUTHORIZED, WIRE_ERR_UNAUTHORIZED, err, 0);
    if (rc != AUKIO_OK) return reply_internal(conn, err);
    return reply(conn, MHD_HTTP_OK, wire_enrol_answer_build(name, token), 0);
}

/* ---- /v1/changes -------------------------------------------------------------------------- */

typedef struct {
    Buf *b;
    int count;
    int64_t last_seq;
} PullCtx;

static int on_change(void *ud, const HubChange *ch)
{
    PullCtx *p = ud;
    WireChangeOut out = {ch->op,        ch->id,         ch->json, ch->capacity,
                         ch->confirmed, ch->waitlisted, ch->held};
    int rc = wire_page_add(p->b, &out, p->count);
    p->count++;
    p->last_seq = ch->seq;
    return rc;
}

static enum MHD_Result handle_changes(Server *sv, struct MHD_Connection *conn)
{
    char err[256];
    const char *cur = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "cursor");
    const char *lim = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "limit");
    long limit = WIRE_PULL_LIMIT_DEFAULT;
    if (lim && parse_long(lim, 1, WIRE_PULL_LIMIT_MAX, &limit) != 0)
        return reply_error(conn, MHD_HTTP_BAD_REQUEST, WIRE_ERR_BAD_REQUEST,
                           "limit: an integer from 1 to 1000", 0);
    char epoch[33];
    int64_t seq, floor;
    if (sv->store->meta(sv->store, epoch, &seq, &floor, err, sizeof err) != AUKIO_OK)
        return reply_internal(conn, err);

    WireCursor c = {{0}, 0, true};
    bool reset = !cur || !*cur;
    if (reset) {
        memcpy(c.epoch, epoch, sizeof c.epoch);
    } else {
        const char *why = NULL;
        if (wire_cursor_parse(&c, cur) != 0)
            why = "this cursor was not issued by this hub";
        else if (strcmp(c.epoch, epoch) != 0)
            why = "this cursor belongs to another hub database";
        else if (c.seq > seq)
            why = "this cursor is ahead of the hub (was the database restored?)";
        else if (!c.snapshot && c.seq < floor)
            why = "the history after this cursor was compacted";
        if (why) return reply_error(conn, MHD_HTTP_GONE, WIRE_ERR_CURSOR_GONE, why, 0);
    }

    char next[WIRE_CURSOR_MAX + 1];
    if (!reset && c.seq == seq) {
        /* Nothing new: answered from the one-row meta table alone. */
        c.snapshot = false;
        wire_cursor_format(&c, next, sizeof next);
        Buf b;
        buf_init(&b, 1024);
        int rc = wire_page_begin(&b);
        rc = rc ? rc : wire_page_end(&b, next, false, false);
        char *body = rc == 0 ? buf_steal(&b) : NULL;
        buf_deinit(&b);
        return reply(conn, MHD_HTTP_OK, body, 0);
    }

    Buf b;
    buf_init(&b, 64u * 1024 * 1024);
    int brc = wire_page_begin(&b);
    PullCtx p = {&b, 0, c.seq};
    bool more = false;
    if (brc != 0 || sv->store->changes(sv->store, c.seq, (int)limit, c.snapshot, on_change, &p,
                                       &more, err, sizeof err) != AUKIO_OK) {
        buf_deinit(&b);
        return reply_internal(conn, err);
    }
    c.seq = more ? p.last_seq : (p.last_seq > seq ? p.last_seq : seq);
    c.snapshot = more && c.snapshot;
    wire_cursor_format(&c, next, sizeof next);
    brc = wire_page_end(&b, next, more, reset);
    char *body = brc == 0 ? buf_steal(&b) : NULL;
    buf_deinit(&b);
    return reply(conn, MHD_HTTP_OK, body, 0);
}

/* ---- /v1/push ----------------------------------------------------------------------------- */

static enum MHD_Result handle_push(Server *sv, struct MHD_Connection *conn, Req *rq,
                                   int64_t device_id)
{
    enum MHD_Result ret = MHD_NO;
    json_t *root = parse_body(rq, conn, &ret);
    if (!root) return ret;
    json_t *ops = json_object_get(root, "ops");
    if (!json_is_array(ops)) {
        json_decref(root);
        return reply_error(conn, MHD_HTTP_BAD_REQUEST, WIRE_ERR_BAD_REQUEST,
                           "\"ops\": an array is required", 0);
    }
    size_t n_ops = json_array_size(ops);
    if (n_ops > WIRE_OPS_MAX) {
        json_decref(root);
        return reply_error(conn, MHD_HTTP_CONTENT_TOO_LARGE, WIRE_ERR_TOO_LARGE,
                           "more than 1000 ops in one push", 0);
    }
    HubPushItem *items = calloc(n_ops ? n_ops : 1, sizeof *items);
    char(*whys)[160] = calloc(n_ops ? n_ops : 1, sizeof *whys);
    if (!items || !whys) {
        free(items);
        free(whys);
        json_decref(root);
        return reply_internal(conn, "out of memory");
    }
    for (size_t i = 0; i < n_ops; i++) {
        if (wire_op_parse(&items[i].op, json_array_get(ops, i), whys[i], sizeof whys[i]) != 0)
            items[i].reject_why = whys[i];
    }
    char err[256];
    int rc = AUKIO_ERR;
    if (writer_enter(sv, conn, &ret)) {
        rc = sv->store->push(sv->store, device_id, items, (int)n_ops, now_s(), err, sizeof err);
        writer_leave(sv);
        if (rc != AUKIO_OK) ret = reply_internal(conn, err);
    }
    if (rc == AUKIO_OK) {
        char **answers = malloc((n_ops ? n_ops : 1) * sizeof *answers);
        for (size_t i = 0; answers && i < n_ops; i++)
            answers[i] = items[i].answer;
        char *body = answers ? wire_results_build(answers, (int)n_ops, 64u * 1024 * 1024) : NULL;
        free(answers);
        ret = reply(conn, MHD_HTTP_OK, body, 0);
    }
    for (size_t i = 0; i < n_ops; i++)
        free(items[i].answer);
    free(items);
    free(whys);
    json_decref(root);
    return ret;
}

/* ---- /v1/grants --------------------------------------------------------------------------- */

static enum MHD_Result handle_grants(Server *sv, struct MHD_Connection *conn, Req *rq,
                                     int64_t device_id)
{
    enum MHD_Result ret = MHD_NO;
    json_t *root = parse_body(rq, conn, &ret);
    if (!root) return ret;
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
        return reply_error(conn, MHD_HTTP_BAD_REQUEST, WIRE_ERR_BAD_REQUEST, why, 0);
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
    int rc = AUKIO_ERR;
    if (writer_enter(sv, conn, &ret)) {
        rc = sv->store->grants(sv->store, device_id, &sv->cfg->policy, se, ns, wa, nw, now_s(), err,
                               sizeof err);
        writer_leave(sv);
        if (rc != AUKIO_OK) ret = reply_internal(conn, err);
    }
    if (rc == AUKIO_OK) {
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
        ret = reply(conn, MHD_HTTP_OK, body, 0);
    }
    free(se);
    free(wa);
    return ret;
}

/* ---- Dispatch ----------------------------------------------------------------------------- */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **ctx)
{
    (void)version;
    Server *sv = cls;
    Req *rq = *ctx;
    if (!rq) {
        rq = calloc(1, sizeof *rq);
        if (!rq) return MHD_NO;
        buf_init(&rq->body, WIRE_BODY_MAX);
        *ctx = rq;
        const char *cl =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        long len = 0;
        if (cl && (parse_long(cl, 0, LONG_MAX, &len) != 0 || len > WIRE_BODY_MAX))
            return reply_error(conn, MHD_HTTP_CONTENT_TOO_LARGE, WIRE_ERR_TOO_LARGE,
                               "the body is larger than 4 MiB", 0);
        return MHD_YES;
    }
    if (*upload_data_size) {
        /* Chunked bodies have no Content-Length: the cap is enforced here too, and the rest of
         * an oversized body is dropped unread into the void. */
        if (!rq->too_large && buf_add(&rq->body, upload_data, *upload_data_size) != 0)
            rq->too_large = true;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (rq->too_large)
        return reply_error(conn, MHD_HTTP_CONTENT_TOO_LARGE, WIRE_ERR_TOO_LARGE,
                           "the body is larger than 4 MiB", 0);

    bool get = strcmp(method, MHD_HTTP_METHOD_GET) == 0;
    bool post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
    enum { R_HEALTH, R_ENROL, R_CHANGES, R_PUSH, R_GRANTS, R_NONE } route = R_NONE;
    if (strcmp(url, "/v1/health") == 0)
        route = R_HEALTH;
    else if (strcmp(url, "/v1/enrol") == 0)
        route = R_ENROL;
    else if (strcmp(url, "/v1/changes") == 0)
        route = R_CHANGES;
    else if (strcmp(url, "/v1/push") == 0)
        route = R_PUSH;
    else if (strcmp(url, "/v1/grants") == 0)
        route = R_GRANTS;
    if (route == R_NONE)
        return reply_error(conn, MHD_HTTP_NOT_FOUND, WIRE_ERR_NOT_FOUND, "no such endpoint", 0);
    bool want_get = route == R_HEALTH || route == R_CHANGES;
    if ((want_get && !get) || (!want_get && !post))
        return reply_error(conn, MHD_HTTP_METHOD_NOT_ALLOWED, WIRE_ERR_METHOD,
                           want_get ? "use GET" : "use POST", 0);
    if (route == R_HEALTH) {
        char *body = strdup("{\"status\":\"ok\",\"version\":\"" AUKIO_VERSION "\"}");
        return reply(conn, MHD_HTTP_OK, body, 0);
    }
    if (route == R_ENROL) return handle_enrol(sv, conn, rq);

    char err[256];
    int64_t device_id = 0;
    int rc = authenticate(sv, conn, &device_id, err, sizeof err);
    if (rc == AUKIO_ERR_DENIED)
        return reply_error(conn, MHD_HTTP_UNAUTHORIZED, WIRE_ERR_UNAUTHORIZED, err, 0);
    if (rc != AUKIO_OK) return reply_internal(conn, err);
    if (route == R_CHANGES) return handle_changes(sv, conn);
    if (route == R_PUSH) return handle_push(sv, conn, rq, device_id);
    return handle_grants(sv, conn, rq, device_id);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **ctx,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    Req *rq = *ctx;
    if (!rq) return;
    buf_deinit(&rq->body);
    free(rq);
    *ctx = NULL;
}

/* ---- Reclaiming expired grants ------------------------------------------------------------ */

typedef struct {
    HubStore *store;
    int grace_s;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool stop;
} Reaper;

static void *reaper_main(void *arg)
{
    Reaper *r = arg;
    pthread_mutex_lock(&r->lock);
    while (!r->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 10;
        pthread_cond_timedwait(&r->cond, &r->lock, &until);
        if (r->stop) break;
        pthread_mutex_unlock(&r->lock);
        char err[256];
        int n = 0;
        if (r->store->reclaim(r->store, now_s(), r->grace_s, &n, err, sizeof err) != AUKIO_OK)
            fprintf(stderr, "aukio-hub: reclaim: %s\n", err);
        else if (n > 0)
            fprintf(stderr, "aukio-hub: reclaimed %d expired grant(s)\n", n);
        pthread_mutex_lock(&r->lock);
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

/* ---- Serve -------------------------------------------------------------------------------- */

/* Parses "A.B.C.D:PORT", "[v6]:PORT" or ":PORT". */
static int parse_listen(const char *s, struct sockaddr_storage *ss, bool *v6, char *err, size_t n)
{
    memset(ss, 0, sizeof *ss);
    const char *colon = strrchr(s, ':');
    long port;
    if (!colon || parse_long(colon + 1, 0, 65535, &port) != 0) {
        snprintf(err, n, "--listen %s: ADDRESS:PORT expected", s);
        return -1;
    }
    char host[64];
    size_t hl = (size_t)(colon - s);
    if (hl >= sizeof host) {
        snprintf(err, n, "--listen %s: address too long", s);
        return -1;
    }
    memcpy(host, s, hl);
    host[hl] = '\0';
    if (host[0] == '[' && hl >= 2 && host[hl - 1] == ']') {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
        host[hl - 1] = '\0';
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1) {
            snprintf(err, n, "--listen %s: bad IPv6 address", s);
            return -1;
        }
        *v6 = true;
        return 0;
    }
    struct sockaddr_in *a = (struct sockaddr_in *)ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    a->sin_addr.s_addr = htonl(INADDR_ANY);
    if (hl > 0 && inet_pton(AF_INET, host, &a->sin_addr) != 1) {
        snprintf(err, n, "--listen %s: bad IPv4 address", s);
        return -1;
    }
    *v6 = false;
    return 0;
}

int hub_serve(HubStore *store, const HubServerConfig *cfg, char *err, size_t errlen)
{
    struct sockaddr_storage ss;
    bool v6 = false;
    if (parse_listen(cfg->listen, &ss, &v6, err, errlen) != 0) return -1;
    char *cert = NULL, *key = NULL;
    bool tls = cfg->cert_file || cfg->key_file;
    if (tls) {
        if (!cfg->cert_file || !cfg->key_file) {
            snprintf(err, errlen, "--cert and --key go together");
            return -1;
        }
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            snprintf(err, errlen, "this libmicrohttpd was built without TLS");
            return -1;
        }
        if (file_read(cfg->cert_file, 1024 * 1024, &cert, NULL, err, errlen) != 0 ||
            file_read(cfg->key_file, 1024 * 1024, &key, NULL, err, errlen) != 0) {
            free(cert);
            return -1;
        }
    }

    /* Block the stop signals in every thread; the main thread waits for them with sigwait. */
    sigset_t stopset;
    sigemptyset(&stopset);
    sigaddset(&stopset, SIGINT);
    sigaddset(&stopset, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopset, NULL);
    signal(SIGPIPE, SIG_IGN);

    Server sv = {.store = store, .cfg = cfg};
    atomic_init(&sv.writers, 0);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
                     (getenv("AUKIO_HUB_TURBO") ? MHD_USE_TURBO : 0) | (v6 ? MHD_USE_IPv6 : 0) |
                     (tls ? MHD_USE_TLS : 0);
    struct MHD_OptionItem opts[] = {
        {MHD_OPTION_SOCK_ADDR, 0, &ss},
        {MHD_OPTION_THREAD_POOL_SIZE, cfg->threads > 0 ? cfg->threads : 1, NULL},
        {MHD_OPTION_CONNECTION_LIMIT, 4000, NULL},
        {MHD_OPTION_CONNECTION_TIMEOUT, 60, NULL},
        {MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, NULL},
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, NULL},
        {tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
        {tls ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, key},
        {MHD_OPTION_END, 0, NULL},
    };
    struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &sv, MHD_OPTION_ARRAY,
                                            opts, MHD_OPTION_END);
    if (!d) {
        snprintf(err, errlen, "cannot listen on %s (in use, or not a local address?)", cfg->listen);
        free(cert);
        free(key);
        return -1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : 0;
    if (cfg->port_file) {
        /* Written to a temporary name and renamed, so a reader never sees half a number. */
        char tmp[1024];
        snprintf(tmp, sizeof tmp, "%s.tmp", cfg->port_file);
        FILE *f = fopen(tmp, "w");
        if (!f || fprintf(f, "%u\n", port) < 0 || fclose(f) != 0 || rename(tmp, cfg->port_file)) {
            snprintf(err, errlen, "%s: %s", cfg->port_file, strerror(errno));
            MHD_stop_daemon(d);
            free(cert);
            free(key);
            return -1;
        }
    }
    fprintf(stderr, "aukio-hub: serving %s on port %u (%s, %d threads)\n", cfg->listen, port,
            tls ? "HTTPS" : "HTTP", cfg->threads);

    Reaper reaper = {.store = store, .grace_s = cfg->policy.grant_grace_s};
    pthread_mutex_init(&reaper.lock, NULL);
    pthread_cond_init(&reaper.cond, NULL);
    pthread_t rt;
    bool reaper_on = pthread_create(&rt, NULL, reaper_main, &reaper) == 0;

    int sig = 0;
    sigwait(&stopset, &sig);
    fprintf(stderr, "aukio-hub: stopping (signal %d)\n", sig);

    if (reaper_on) {
        pthread_mutex_lock(&reaper.lock);
        reaper.stop = true;
        pthread_cond_signal(&reaper.cond);
        pthread_mutex_unlock(&reaper.lock);
        pthread_join(rt, NULL);
    }
    pthread_cond_destroy(&reaper.cond);
    pthread_mutex_destroy(&reaper.lock);
    MHD_stop_daemon(d);
    free(cert);
    free(key);
    return 0;
}
