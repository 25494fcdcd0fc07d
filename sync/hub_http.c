/*
 * hub_http.c: the hub's HTTP server on libmicrohttpd, the glue around hub_api.c (which decides
 * every answer; PROTOCOL.md is the reference).
 *
 * MHD runs a small pool of worker threads, each with its own epoll set; a request is handled to
 * the end on the thread that read it. The store gives each thread its own SQLite connection, so
 * pulls run in parallel while pushes queue on the store's write lock. Bodies are collected into a
 * capped buffer; anything over WIRE_BODY_MAX is refused with 413, by Content-Length before the
 * body is read or while it streams. Every connection is in hub_conns.c's registry, which bounds
 * how long a request may take to arrive and how many connections one address and everyone hold.
 */
#include "hub.h"
#include "hub_api.h"
#include "hub_conns.h"
#include "hub_console.h"
#include "hub_source.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>
#include <systemd/sd-daemon.h>

typedef struct {
    HubApi api;
    HubConns *conns;
    bool access_log;
    HubConsole console;
} Server;

/* Per-request state, from the first call of the handler to the completion callback. */
typedef struct {
    Buf body;
    bool too_large;
    int64_t t0_ms; /* the headers complete */
} Req;

void hub_server_config_defaults(HubServerConfig *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->listen = "127.0.0.1:8443";
    cfg->threads = 2;
    cfg->max_writers = 256;
    cfg->idle_timeout_s = 60;
    cfg->page_bytes = HUB_PAGE_BYTES_DEFAULT;
    cfg->device_rate = HUB_DEVICE_RATE_DEFAULT;
    cfg->device_burst = HUB_DEVICE_BURST_DEFAULT;
    hub_conn_limits_defaults(&cfg->conns);
    hub_policy_defaults(&cfg->policy);
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Queues the API's answer R (its body handed over to MHD). */
static enum MHD_Result send_answer(struct MHD_Connection *conn, HubApiResponse *r)
{
    struct MHD_Response *m =
        MHD_create_response_from_buffer(strlen(r->body), r->body, MHD_RESPMEM_MUST_FREE);
    if (!m) {
        hub_api_response_deinit(r);
        return MHD_NO;
    }
    r->body = NULL;
    MHD_add_response_header(m, MHD_HTTP_HEADER_CONTENT_TYPE,
                            r->content_type ? r->content_type : "application/json");
    MHD_add_response_header(m, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (r->retry_after > 0) {
        char ra[16];
        snprintf(ra, sizeof ra, "%d", r->retry_after);
        MHD_add_response_header(m, MHD_HTTP_HEADER_RETRY_AFTER, ra);
    }
    if (r->www_authenticate)
        MHD_add_response_header(m, MHD_HTTP_HEADER_WWW_AUTHENTICATE, r->www_authenticate);
    enum MHD_Result ret = MHD_queue_response(conn, r->status, m);
    MHD_destroy_response(m);
    return ret;
}

static HubConn *conn_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

typedef struct {
    int n;
    const char *first;
} LengthCount;

static enum MHD_Result count_length(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
    (void)kind;
    LengthCount *lc = cls;
    if (key && strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
        if (lc->n++ == 0) lc->first = value;
    }
    return MHD_YES;
}

/* ---- libmicrohttpd's messages ------------------------------------------------------------- */

/* MHD reports every connection that ends with an incomplete request; under a slow-client attack
 * that is thousands of lines a second. At most LOG_PER_S lines a second are written, and the
 * number dropped is said once the second is over. */
#define LOG_PER_S 10

typedef struct {
    pthread_mutex_t lock;
    int64_t second;
    int lines;
    long dropped;
} LogLimit;

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    LogLimit *ll = cls;
    int64_t sec = mono_ms() / 1000;
    pthread_mutex_lock(&ll->lock);
    if (sec != ll->second) {
        if (ll->dropped > 0)
            fprintf(stderr, "aukio-hub: %ld libmicrohttpd message(s) not shown\n", ll->dropped);
        ll->second = sec;
        ll->lines = 0;
        ll->dropped = 0;
    }
    if (ll->lines < LOG_PER_S) {
        ll->lines++;
        vfprintf(stderr, fmt, ap);
    } else {
        ll->dropped++;
    }
    pthread_mutex_unlock(&ll->lock);
}

/* ---- The access log ---------------------------------------------------------------------- */

/* One line per request (`serve --access-log`): the client's address (a kiosk's, or the reverse
 * proxy's: visitors never talk to the hub), the method, the path (a sign-up's code and unknown
 * paths not shown, hub_metrics_path_shown), the status, the body's bytes and the milliseconds.
 * Never a header, a query (cursors), a token or a body. */
static void access_line(struct MHD_Connection *conn, const char *method, const char *shown,
                        unsigned status, size_t bytes, int64_t ms)
{
    char addr[INET6_ADDRSTRLEN] = "-";
    const union MHD_ConnectionInfo *ad =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ad ? ad->client_addr : NULL;
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr, sizeof addr);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr, sizeof addr);
    bool known = strcmp(method, "GET") == 0 || strcmp(method, "POST") == 0;
    fprintf(stderr, "aukio-hub: access %s %s %s %u %zu %" PRId64 "ms\n", addr,
            known ? method : "(other)", shown, status, bytes, ms);
}

/* ---- The console (hub_console.c decides every answer) ------------------------------------- */

/* The client's address as text, for the console's login rate limit. */
static void client_address(struct MHD_Connection *conn, char *out, size_t n)
{
    snprintf(out, n, "?");
    const union MHD_ConnectionInfo *ad =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!ad || !ad->client_addr) return;
    const struct sockaddr *sa = ad->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)n);
}

static enum MHD_Result console_answer(Server *sv, struct MHD_Connection *conn, const char *url,
                                      const char *method, Req *rq)
{
    char address[INET6_ADDRSTRLEN + 1];
    client_address(conn, address, sizeof address);
    HubConsoleRequest req = {
        .method = method,
        .path = url,
        .query_id = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "id"),
        .query_format = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "format"),
        .query_offset = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "offset"),
        .query_limit = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "limit"),
        .query_from = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "from"),
        .query_to = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "to"),
        .query_by = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "by"),
        .cookie = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE),
        .csrf = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token"),
        .content_type =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
        .address = address,
        .body = rq->body.p,
        .body_len = rq->body.len,
    };
    HubConsoleResponse out;
    if (rq->too_large) {
        memset(&out, 0, sizeof out);
        hub_console_error(&out, 413, "too_large", "the body is larger than 4 MiB");
    } else {
        hub_console_handle(&sv->console, &req, &out);
    }
    /* A sign-in's body holds a password: it does not stay in freed memory. */
    if (rq->body.p) sodium_memzero(rq->body.p, rq->body.len);
    hub_conns_received(sv->conns, conn_of(conn), out.authenticated);
    /* The same line as the API's: the path from a fixed list, never a query, cookie or body. */
    if (sv->access_log)
        access_line(conn, method, hub_console_path_shown(url), out.status, out.len,
                    mono_ms() - rq->t0_ms);
    struct MHD_Response *m = MHD_create_response_from_buffer(
        out.len, out.body, out.borrowed ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_FREE);
    if (!m) {
        hub_console_response_deinit(&out);
        return MHD_NO;
    }
    MHD_add_response_header(m, MHD_HTTP_HEADER_CONTENT_TYPE, out.content_type);
    /* The page's files may be cached a little; what the API answers never. */
    MHD_add_response_header(m, MHD_HTTP_HEADER_CACHE_CONTROL,
                            out.borrowed ? "private, max-age=60" : "no-store");
    MHD_add_response_header(m, "Content-Security-Policy", HUB_CONSOLE_CSP);
    MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(m, "X-Frame-Options", "DENY");
    MHD_add_response_header(m, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(m, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(m, "Cross-Origin-Resource-Policy", "same-origin");
    if (sv->console.secure)
        MHD_add_response_header(m, "Strict-Transport-Security", "max-age=31536000");
    if (out.set_cookie[0]) MHD_add_response_header(m, MHD_HTTP_HEADER_SET_COOKIE, out.set_cookie);
    if (out.disposition[0])
        MHD_add_response_header(m, MHD_HTTP_HEADER_CONTENT_DISPOSITION, out.disposition);
    if (out.retry_after > 0) {
        char ra[16];
        snprintf(ra, sizeof ra, "%d", out.retry_after);
        MHD_add_response_header(m, MHD_HTTP_HEADER_RETRY_AFTER, ra);
    }
    enum MHD_Result ret = MHD_queue_response(conn, out.status, m);
    MHD_destroy_response(m);
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
        /* The headers are complete. */
        rq = calloc(1, sizeof *rq);
        if (!rq) return MHD_NO;
        buf_init(&rq->body, WIRE_BODY_MAX);
        rq->t0_ms = mono_ms();
        *ctx = rq;
        hub_conns_headers(sv->conns, conn_of(conn));
        LengthCount lc = {0, NULL};
        MHD_get_connection_values(conn, MHD_HEADER_KIND, count_length, &lc);
        HubApiResponse early = {0};
        if (hub_api_check_head(lc.n, lc.first, &early)) {
            hub_conns_received(sv->conns, conn_of(conn), false);
            return send_answer(conn, &early);
        }
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
    if (hub_console_path(url)) return console_answer(sv, conn, url, method, rq);
    HubApiRequest req = {
        .method = method,
        .path = url,
        .cursor = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "cursor"),
        .limit = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "limit"),
        .waiting = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "waiting"),
        .version = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "version"),
        .authorization =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION),
        .body = rq->body.p,
        .body_len = rq->body.len,
        .body_too_large = rq->too_large,
    };
    HubApiResponse out;
    hub_api_handle(&sv->api, &req, &out);
    hub_conns_received(sv->conns, conn_of(conn), out.authenticated);
    if (sv->access_log)
        access_line(conn, method, hub_metrics_path_shown(hub_metrics_route(url), url), out.status,
                    out.body ? strlen(out.body) : 0, mono_ms() - rq->t0_ms);
    return send_answer(conn, &out);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **ctx,
                         enum MHD_RequestTerminationCode toe)
{
    Server *sv = cls;
    (void)toe;
    hub_conns_answered(sv->conns, conn_of(conn), mono_ms());
    Req *rq = *ctx;
    if (!rq) return;
    buf_deinit(&rq->body);
    free(rq);
    *ctx = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    Server *sv = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *fd =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *ad =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        *socket_context = hub_conns_open(sv->conns, fd ? fd->connect_fd : -1,
                                         ad ? ad->client_addr : NULL, mono_ms());
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        hub_conns_close(sv->conns, *socket_context);
        *socket_context = NULL;
    }
}

/* ---- The timer: requests past their deadline ---------------------------------------------- */

/* The hub never takes a grant's seats back on a timer (PROTOCOL.md, "Escrow"); the timer only
 * sweeps connections. */
typedef struct {
    HubConns *conns;
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
        until.tv_sec += 1;
        pthread_cond_timedwait(&r->cond, &r->lock, &until);
        if (r->stop) break;
        pthread_mutex_unlock(&r->lock);
        hub_conns_sweep(r->conns, mono_ms()); /* every second */
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

/* The certificate and key of --cert and --key, read whole (caller frees both). */
static int load_tls(const HubServerConfig *cfg, char **cert, char **key, char *err, size_t errlen)
{
    if (!cfg->cert_file || !cfg->key_file) {
        snprintf(err, errlen, "--cert and --key go together");
        return -1;
    }
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
        snprintf(err, errlen, "this libmicrohttpd was built without TLS");
        return -1;
    }
    if (file_read(cfg->cert_file, 1024 * 1024, cert, NULL, err, errlen) != 0) return -1;
    if (file_read(cfg->key_file, 1024 * 1024, key, NULL, err, errlen) != 0) {
        free(*cert);
        *cert = NULL;
        return -1;
    }
    return 0;
}

/* Writes PORT to PATH under a temporary name and renames it, so a reader never sees half a
 * number. */
static int write_port_file(const char *path, unsigned port, char *err, size_t errlen)
{
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f || fprintf(f, "%u\n", port) < 0 || fclose(f) != 0 || rename(tmp, path)) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* What a daemon is started with; a reload (SIGHUP) starts a second one on the first one's
 * listening socket with the certificate read again. */
typedef struct {
    const HubServerConfig *cfg;
    Server *sv;
    LogLimit *loglimit;
    struct sockaddr_storage ss;
    bool v6, tls;
} Listen;

/* A daemon on L's address, or on the socket LISTEN_FD when it is not -1 (a reload). */
static struct MHD_Daemon *daemon_start(const Listen *l, const char *cert, const char *key,
                                       int listen_fd)
{
    const HubServerConfig *cfg = l->cfg;
    /* ITC: MHD_quiesce_daemon needs it with a thread pool. */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
                     MHD_USE_ITC | (getenv("AUKIO_HUB_TURBO") ? MHD_USE_TURBO : 0) |
                     (l->v6 ? MHD_USE_IPv6 : 0) | (l->tls ? MHD_USE_TLS : 0);
    struct MHD_OptionItem opts[] = {
        {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)on_mhd_log, l->loglimit},
        listen_fd >= 0 ? (struct MHD_OptionItem){MHD_OPTION_LISTEN_SOCKET, listen_fd, NULL}
                       : (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, (void *)&l->ss},
        {MHD_OPTION_THREAD_POOL_SIZE, cfg->threads > 0 ? cfg->threads : 1, NULL},
        /* hub_conns.c keeps the limits and makes room by evicting strangers; MHD's own limits
         * are the backstop above them (connections shut down but not yet reaped by MHD). */
        {MHD_OPTION_CONNECTION_LIMIT, cfg->conns.max_conns + 2 * cfg->conns.per_address, NULL},
        {MHD_OPTION_PER_IP_CONNECTION_LIMIT, 4 * cfg->conns.per_address, NULL},
        {MHD_OPTION_CONNECTION_TIMEOUT, cfg->idle_timeout_s, NULL},
        {MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, NULL},
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, l->sv},
        {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)on_connection, l->sv},
        {l->tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, (void *)cert},
        {l->tls ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, (void *)key},
        {MHD_OPTION_END, 0, NULL},
    };
    return MHD_start_daemon(flags, 0, NULL, NULL, on_request, l->sv, MHD_OPTION_ARRAY, opts,
                            MHD_OPTION_END);
}

/* SIGHUP: the certificate and key read again and a new daemon started with them on the same
 * listening socket, so no connection is refused meanwhile; then the old one stops taking
 * connections and is stopped (the requests it was answering are cut; kiosks retry). A new
 * certificate that cannot be read or used leaves the old one serving, and says why. */
static void reload_tls(const Listen *l, struct MHD_Daemon **d, char **cert, char **key)
{
    char err[512];
    if (!l->tls) {
        fprintf(stderr, "aukio-hub: SIGHUP: serving HTTP, no certificate to read again\n");
        return;
    }
    sd_notify(0, "RELOADING=1");
    char *ncert = NULL, *nkey = NULL;
    const union MHD_DaemonInfo *li = MHD_get_daemon_info(*d, MHD_DAEMON_INFO_LISTEN_FD);
    struct MHD_Daemon *nd = NULL;
    if (load_tls(l->cfg, &ncert, &nkey, err, sizeof err) != 0) {
        fprintf(stderr, "aukio-hub: SIGHUP: %s; the old certificate stays\n", err);
    } else {
        /* A copy of the socket for the new daemon: MHD closes what it was given when it fails
         * to start (so the copy is not closed here again), and the old daemon keeps its own. */
        int fd = li ? dup(li->listen_fd) : -1;
        nd = fd >= 0 ? daemon_start(l, ncert, nkey, fd) : NULL;
    }
    if (ncert && !nd) {
        fprintf(stderr, "aukio-hub: SIGHUP: the new certificate and key cannot be used; the old "
                        "certificate stays\n");
    } else if (nd) {
        int old_fd = MHD_quiesce_daemon(*d); /* the old daemon accepts no more */
        MHD_stop_daemon(*d);
        if (old_fd >= 0) close(old_fd); /* the new daemon listens on its copy */
        free(*cert);
        free(*key);
        *d = nd;
        *cert = ncert;
        *key = nkey;
        ncert = nkey = NULL;
        fprintf(stderr, "aukio-hub: SIGHUP: certificate read again from %s\n", l->cfg->cert_file);
    }
    free(ncert);
    free(nkey);
    sd_notify(0, "READY=1");
}

static void reaper_stop(Reaper *r, pthread_t t, bool on)
{
    if (on) {
        pthread_mutex_lock(&r->lock);
        r->stop = true;
        pthread_cond_signal(&r->cond);
        pthread_mutex_unlock(&r->lock);
        pthread_join(t, NULL);
    }
    pthread_cond_destroy(&r->cond);
    pthread_mutex_destroy(&r->lock);
}

int hub_serve(HubStore *store, const HubServerConfig *cfg, char *err, size_t errlen)
{
    Listen l = {.cfg = cfg};
    if (parse_listen(cfg->listen, &l.ss, &l.v6, err, errlen) != 0) return -1;
    char *cert = NULL, *key = NULL;
    l.tls = cfg->cert_file || cfg->key_file;
    if (l.tls && load_tls(cfg, &cert, &key, err, errlen) != 0) return -1;

    /* Block the stop and reload signals in every thread; the main thread waits for them with
     * sigwait. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    HubMailer *mailer = NULL;
    if (hub_mailer_start(&mailer, store, &cfg->mail, err, errlen) != AUKIO_OK) {
        free(cert);
        free(key);
        return -1;
    }
    LogLimit loglimit = {.second = 0};
    pthread_mutex_init(&loglimit.lock, NULL);
    Server sv = {.access_log = cfg->access_log};
    hub_api_init(&sv.api, store, &cfg->policy, cfg->max_writers, cfg->page_bytes);
    hub_api_set_rate(&sv.api, cfg->device_rate, cfg->device_burst);
    if (hub_console_init(&sv.console, store, cfg->console_dir, l.tls, cfg->console_idle_s, err,
                         errlen) != AUKIO_OK) {
        hub_mailer_stop(mailer);
        pthread_mutex_destroy(&loglimit.lock);
        free(cert);
        free(key);
        return -1;
    }
    sv.conns = hub_conns_new(&cfg->conns);
    l.sv = &sv;
    l.loglimit = &loglimit;
    struct MHD_Daemon *d = NULL;
    if (!sv.conns)
        snprintf(err, errlen, "out of memory");
    else if (!(d = daemon_start(&l, cert, key, -1)))
        snprintf(err, errlen, "cannot listen on %s (in use, or not a local address?)", cfg->listen);
    const union MHD_DaemonInfo *info = d ? MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT) : NULL;
    unsigned port = info ? info->port : 0;
    if (!d || (cfg->port_file && write_port_file(cfg->port_file, port, err, errlen) != 0)) {
        if (d) MHD_stop_daemon(d);
        hub_console_deinit(&sv.console);
        hub_mailer_stop(mailer);
        hub_conns_free(sv.conns);
        pthread_mutex_destroy(&loglimit.lock);
        free(cert);
        free(key);
        return -1;
    }
    HubSources *sources = NULL;
    if (hub_sources_start(&sources, store, err, errlen) != AUKIO_OK)
        fprintf(stderr, "aukio-hub: %s; sources are not fetched\n", err);
    fprintf(stderr, "aukio-hub: serving %s on port %u (%s, %d threads)\n", cfg->listen, port,
            l.tls ? "HTTPS" : "HTTP", cfg->threads);

    Reaper reaper = {.conns = sv.conns};
    pthread_mutex_init(&reaper.lock, NULL);
    pthread_cond_init(&reaper.cond, NULL);
    pthread_t rt;
    bool reaper_on = pthread_create(&rt, NULL, reaper_main, &reaper) == 0;

    /* systemd (Type=notify): ready once the port is open; nothing happens without
     * NOTIFY_SOCKET. */
    sd_notifyf(0, "READY=1\nSTATUS=serving %s on port %u", cfg->listen, port);
    int sig = 0;
    while (sigwait(&sigs, &sig) == 0 && sig == SIGHUP)
        reload_tls(&l, &d, &cert, &key);
    sd_notify(0, "STOPPING=1");
    fprintf(stderr, "aukio-hub: stopping (signal %d)\n", sig);

    reaper_stop(&reaper, rt, reaper_on);
    hub_sources_stop(sources);
    MHD_stop_daemon(d);
    hub_mailer_stop(mailer);
    HubConnStats cst;
    hub_conns_stats(sv.conns, &cst);
    fprintf(stderr,
            "aukio-hub: connections closed by the limits: %" PRId64 " timed out, %" PRId64
            " evicted, %" PRId64 " refused\n",
            cst.timed_out, cst.evicted, cst.refused);
    hub_conns_free(sv.conns);
    hub_console_deinit(&sv.console);
    pthread_mutex_destroy(&loglimit.lock);
    free(cert);
    free(key);
    return 0;
}
