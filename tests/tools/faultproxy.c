/*
 * faultproxy.c: a small fault-injecting TCP proxy for the sync tests (not part of the product).
 *
 * It listens on 127.0.0.1 (port 0 unless told otherwise, the port written to a file) and
 * forwards each connection to the hub on 127.0.0.1, misbehaving in the way the connection's
 * mode says:
 *
 *   pass               forward both ways
 *   cut                (or cut-after-request) forward the request; as soon as the hub's answer
 *                      starts to arrive (so the hub has committed), close the client's
 *                      connection without relaying a byte of it
 *   500, 500:N         answer 500 itself (with Retry-After: N when given), never asking the hub
 *   503:N              answer 503 overloaded with Retry-After: N (503 alone means N = 1)
 *   stall              forward the request, never relay the answer, hold the connection open
 *                      until the client gives up (or the hub closes its side)
 *   truncate           relay the answer's head and only the first half of its body, then close
 *   reset              reset the connection at once (a hub that is not there)
 *
 * cut, stall and truncate take "@K": the connection passes its first K-1 answers and the fault
 * hits the Kth (curl keeps one connection for a whole round, so "cut@2" cuts the second batch
 * of a push, or the first page of the pull after a one-batch push).
 *
 * The Nth connection gets the Nth mode of --plan (the last one repeats). When the --control
 * file exists and holds a plan, it replaces --plan, counting connections from the first one
 * accepted after the file's contents changed; so a script switches modes between runs with
 * `echo stall > ctl`, or starts a new sequence with `echo 500,503:6,pass > ctl` (write it with
 * a rename, so the proxy never reads half a file). The hub's address is --to HOST:PORT, or the
 * contents of --to-file read at each new connection (the hub may restart on another port).
 *
 * Single-threaded, poll(2). It exits on SIGTERM or SIGINT, or after --max-seconds (default 600)
 * whatever happens, so a forgotten proxy cannot outlive its test for long. Each connection is
 * logged as one line when it starts and one when it ends, with milliseconds since the proxy
 * started, so tests can measure the time between a kiosk's attempts:
 *
 *   conn 3 start mode=503:2 t=1520
 *   conn 3 end why=answered up=412 down=0 t=1523
 *
 * usage: faultproxy --listen-port-file FILE (--to 127.0.0.1:PORT | --to-file FILE)
 *                   [--plan MODES] [--control FILE] [--log FILE] [--max-seconds N]
 *                   [--listen-port PORT]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CONNS_MAX 256
#define PLAN_MAX 64
#define BUF_CAP (64u * 1024 * 1024) /* a pull page is a few MB, a push at most 4 MiB */
#define IO_CHUNK 65536

/* ---- Modes ------------------------------------------------------------------------------- */

typedef enum { M_PASS, M_CUT, M_500, M_503, M_STALL, M_TRUNCATE, M_RESET } ModeKind;

typedef struct {
    ModeKind kind;
    long arg;   /* Retry-After seconds for 500/503; 0 = none */
    long after; /* answers passed before the fault hits (cut, stall, truncate) */
} Mode;

static const char *mode_name(ModeKind k)
{
    static const char *const names[] = {"pass", "cut", "500", "503", "stall", "truncate", "reset"};
    return names[k];
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

/* Parses one mode ("503:2", "cut-after-request", ...) of length LEN at S. */
static int mode_parse(const char *s, size_t len, Mode *m)
{
    char w[64], *colon, *at;
    while (len > 0 && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    if (len == 0 || len >= sizeof w) return -1;
    memcpy(w, s, len);
    w[len] = '\0';
    m->arg = 0;
    m->after = 0;
    if ((at = strchr(w, '@'))) *at = '\0';
    if ((colon = strchr(w, ':'))) *colon = '\0';
    if (strcmp(w, "pass") == 0) {
        m->kind = M_PASS;
    } else if (strcmp(w, "cut") == 0 || strcmp(w, "cut-after-request") == 0) {
        m->kind = M_CUT;
    } else if (strcmp(w, "500") == 0) {
        m->kind = M_500;
    } else if (strcmp(w, "503") == 0) {
        m->kind = M_503;
        m->arg = 1;
    } else if (strcmp(w, "stall") == 0) {
        m->kind = M_STALL;
    } else if (strcmp(w, "truncate") == 0) {
        m->kind = M_TRUNCATE;
    } else if (strcmp(w, "reset") == 0) {
        m->kind = M_RESET;
    } else {
        return -1;
    }
    if (colon) {
        if (m->kind != M_500 && m->kind != M_503) return -1;
        if (parse_long(colon + 1, 0, 86400, &m->arg)) return -1;
    }
    if (at) {
        if (m->kind != M_CUT && m->kind != M_STALL && m->kind != M_TRUNCATE) return -1;
        if (parse_long(at + 1, 1, 1000000, &m->after)) return -1;
        m->after--;
    }
    return 0;
}

/* Parses a comma-separated plan into PLAN; returns the number of modes or -1. */
static int plan_parse(const char *s, Mode *plan, int max)
{
    int n = 0;
    while (*s) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        if (n == max || mode_parse(s, len, &plan[n])) return -1;
        n++;
        s += len + (comma ? 1 : 0);
    }
    return n;
}

/* ---- State ------------------------------------------------------------------------------- */

typedef struct {
    char *p;
    size_t len, cap;
} Buf;

typedef struct {
    bool used;
    int id;
    Mode mode;
    int cfd, hfd;    /* client and hub sockets; -1 when closed */
    Buf to_client;   /* bytes waiting to be written to the client */
    Buf to_hub;      /* bytes waiting to be written to the hub */
    Buf held;        /* 500/503: the request read so far; truncate: the answer held back */
    Buf head;        /* the head of the answer being passed (counting answers for "@K") */
    long body_left;  /* body bytes of that answer still to come; -1 while in its head */
    long passed;     /* answers passed in full */
    size_t up, down; /* bytes relayed to the hub / to the client */
    bool closing;    /* close the client once to_client is written */
} Conn;

static struct {
    Mode plan[PLAN_MAX];
    int n_plan;
    Mode ctl_plan[PLAN_MAX]; /* the control file's plan, read when its contents change */
    int n_ctl, ctl_next;
    char ctl_text[1024];
    const char *control, *to_file;
    struct sockaddr_in to;
    FILE *log;
    int64_t t0;
    int next_id;
    Conn conns[CONNS_MAX];
} P;

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(P.log, fmt, ap);
    va_end(ap);
    fflush(P.log);
}

static int buf_add(Buf *b, const void *p, size_t n)
{
    if (n == 0) return 0;
    if (b->len + n > BUF_CAP) return -1;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n)
            cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) return -1;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
    return 0;
}

static void buf_drop(Buf *b, size_t n)
{
    memmove(b->p, b->p + n, b->len - n);
    b->len -= n;
}

static void buf_free(Buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

static void set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) (void)fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* Closes with a RST instead of a FIN: the peer sees "connection reset". */
static void close_reset(int fd)
{
    struct linger lg = {1, 0};
    (void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(fd);
}

static void conn_end(Conn *c, const char *why)
{
    logf_("conn %d end why=%s up=%zu down=%zu t=%lld\n", c->id, why, c->up, c->down,
          (long long)(mono_ms() - P.t0));
    if (c->cfd >= 0) close(c->cfd);
    if (c->hfd >= 0) close(c->hfd);
    buf_free(&c->to_client);
    buf_free(&c->to_hub);
    buf_free(&c->held);
    buf_free(&c->head);
    memset(c, 0, sizeof *c);
}

/* ---- HTTP framing (just enough to find where a message ends) ------------------------------ */

/* The length of the head (through the blank line) of the message in B, or 0 if incomplete. */
static size_t head_len(const Buf *b)
{
    for (size_t i = 0; i + 3 < b->len; i++)
        if (memcmp(b->p + i, "\r\n\r\n", 4) == 0) return i + 4;
    return 0;
}

/* The Content-Length in the head of B (HEAD bytes long), or -1 when there is none. */
static long content_length(const Buf *b, size_t head)
{
    static const char key[] = "\r\ncontent-length:";
    size_t kl = sizeof key - 1;
    for (size_t i = 0; i + kl < head; i++) {
        if (strncasecmp(b->p + i, key, kl) != 0) continue;
        char num[24];
        size_t j = i + kl, k = 0;
        while (j < head && b->p[j] == ' ')
            j++;
        while (j < head && k + 1 < sizeof num && b->p[j] >= '0' && b->p[j] <= '9')
            num[k++] = b->p[j++];
        num[k] = '\0';
        long v;
        return parse_long(num, 0, (long)BUF_CAP, &v) == 0 ? v : -1;
    }
    return -1;
}

/* ---- Connections ------------------------------------------------------------------------- */

/* The mode for the next connection (ID counts from the start): the control file's plan if it
 * holds one, else --plan's. */
static Mode next_mode(int id)
{
    if (P.control) {
        char text[sizeof P.ctl_text] = "";
        FILE *f = fopen(P.control, "r");
        size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
        if (f) fclose(f);
        text[n] = '\0';
        text[strcspn(text, "\r\n")] = '\0';
        if (strcmp(text, P.ctl_text) != 0) {
            snprintf(P.ctl_text, sizeof P.ctl_text, "%s", text);
            P.n_ctl = text[0] ? plan_parse(text, P.ctl_plan, PLAN_MAX) : 0;
            if (P.n_ctl < 0) {
                logf_("control: bad plan '%s', ignored\n", text);
                P.n_ctl = 0;
            }
            P.ctl_next = 0;
        }
        if (P.n_ctl > 0) {
            int i = P.ctl_next < P.n_ctl ? P.ctl_next++ : P.n_ctl - 1;
            return P.ctl_plan[i];
        }
    }
    return P.plan[id < P.n_plan ? id : P.n_plan - 1];
}

/* The hub's address: --to, or --to-file's "PORT" or "HOST:PORT" read now. */
static int hub_addr(struct sockaddr_in *out)
{
    *out = P.to;
    if (!P.to_file) return 0;
    FILE *f = fopen(P.to_file, "r");
    char line[128];
    int rc = -1;
    if (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *colon = strrchr(line, ':');
        const char *port = colon ? colon + 1 : line;
        long v;
        if (colon) *colon = '\0';
        out->sin_family = AF_INET;
        if (!colon) out->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if ((!colon || inet_pton(AF_INET, line, &out->sin_addr) == 1) &&
            parse_long(port, 1, 65535, &v) == 0) {
            out->sin_port = htons((uint16_t)v);
            rc = 0;
        }
    }
    if (f) fclose(f);
    /* Loopback only: this tool must never reach beyond the machine. */
    return rc == 0 && (ntohl(out->sin_addr.s_addr) >> 24) == 127 ? 0 : -1;
}

static void conn_accept(int lfd)
{
    int cfd = accept(lfd, NULL, NULL);
    if (cfd < 0) return;
    Conn *c = NULL;
    for (int i = 0; i < CONNS_MAX && !c; i++)
        if (!P.conns[i].used) c = &P.conns[i];
    int id = P.next_id++;
    Mode m = next_mode(id);
    logf_("conn %d start mode=%s", id, mode_name(m.kind));
    if (m.arg) logf_(":%ld", m.arg);
    if (m.after) logf_("@%ld", m.after + 1);
    logf_(" t=%lld\n", (long long)(mono_ms() - P.t0));
    if (!c) {
        logf_("conn %d end why=too-many t=%lld\n", id, (long long)(mono_ms() - P.t0));
        close_reset(cfd);
        return;
    }
    memset(c, 0, sizeof *c);
    *c = (Conn){.used = true, .id = id, .mode = m, .cfd = cfd, .hfd = -1, .body_left = -1};
    set_nonblock(cfd);
    if (m.kind == M_RESET) {
        close_reset(cfd);
        c->cfd = -1;
        conn_end(c, "reset");
        return;
    }
    if (m.kind == M_500 || m.kind == M_503) return; /* answered without the hub */
    struct sockaddr_in to;
    int hfd = -1;
    if (hub_addr(&to) == 0 && (hfd = socket(AF_INET, SOCK_STREAM, 0)) >= 0 &&
        connect(hfd, (struct sockaddr *)&to, sizeof to) == 0) {
        set_nonblock(hfd);
        c->hfd = hfd;
        return;
    }
    if (hfd >= 0) close(hfd);
    /* The hub is not there: so is the proxy, as far as the client can tell. */
    close_reset(c->cfd);
    c->cfd = -1;
    conn_end(c, "hub-unreachable");
}

/* 500/503: once the whole request is in, queue the canned answer. */
static void canned_answer(Conn *c)
{
    size_t head = head_len(&c->held);
    if (!head) return;
    long cl = content_length(&c->held, head);
    if (cl > 0 && c->held.len < head + (size_t)cl) return;
    const char *body = c->mode.kind == M_503
                           ? "{\"error\":\"overloaded\",\"message\":\"faultproxy\"}"
                           : "{\"error\":\"internal\",\"message\":\"faultproxy\"}";
    char ra[48] = "", msg[512];
    if (c->mode.arg > 0) snprintf(ra, sizeof ra, "Retry-After: %ld\r\n", c->mode.arg);
    int n =
        snprintf(msg, sizeof msg,
                 "HTTP/1.1 %s\r\nContent-Type: application/json\r\n%sContent-Length: %zu\r\n"
                 "Connection: close\r\n\r\n%s",
                 c->mode.kind == M_503 ? "503 Service Unavailable" : "500 Internal Server Error",
                 ra, strlen(body), body);
    (void)buf_add(&c->to_client, msg, (size_t)n);
    c->closing = true;
}

/* truncate: once the hub's whole answer is held (or the hub closed), queue its head and half
 * of its body, then close. */
static void truncated_answer(Conn *c, bool hub_eof)
{
    size_t head = head_len(&c->held);
    long cl = head ? content_length(&c->held, head) : -1;
    size_t body;
    if (head && cl >= 0 && c->held.len >= head + (size_t)cl) {
        body = (size_t)cl;
    } else if (hub_eof) {
        if (!head) head = c->held.len;
        body = c->held.len - head;
    } else {
        return;
    }
    (void)buf_add(&c->to_client, c->held.p, head + body / 2);
    c->down += head + body / 2;
    c->closing = true;
    if (c->hfd >= 0) close(c->hfd);
    c->hfd = -1;
}

static void on_client_readable(Conn *c)
{
    char tmp[IO_CHUNK];
    ssize_t n = read(c->cfd, tmp, sizeof tmp);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n <= 0) {
        conn_end(c, "client-closed");
        return;
    }
    if (c->closing) return; /* the answer is on its way; anything more is ignored */
    Buf *dst = (c->mode.kind == M_500 || c->mode.kind == M_503) ? &c->held : &c->to_hub;
    if (buf_add(dst, tmp, (size_t)n)) {
        conn_end(c, "too-big");
        return;
    }
    if (dst == &c->held)
        canned_answer(c);
    else
        c->up += (size_t)n;
}

/* Follows the answer being passed through, to count answers: takes the bytes of P (N long)
 * that belong to it and returns how many; counts it when it is complete. */
static size_t track(Conn *c, const char *p, size_t n)
{
    size_t used = 0;
    while (c->body_left < 0 && used < n) {
        if (buf_add(&c->head, p + used++, 1)) return n; /* a runaway head: just pass it */
        size_t hl = head_len(&c->head);
        if (hl) {
            long cl = content_length(&c->head, hl);
            c->body_left = cl > 0 ? cl : 0;
            c->head.len = 0;
        }
    }
    if (c->body_left < 0) return used;
    size_t k = n - used < (size_t)c->body_left ? n - used : (size_t)c->body_left;
    c->body_left -= (long)k;
    used += k;
    if (c->body_left == 0) {
        c->passed++;
        c->body_left = -1;
    }
    return used;
}

static int relay(Conn *c, const char *p, size_t n)
{
    if (buf_add(&c->to_client, p, n)) {
        conn_end(c, "too-big");
        return -1;
    }
    c->down += n;
    return 0;
}

static void on_hub_readable(Conn *c)
{
    char tmp[IO_CHUNK];
    ssize_t got = read(c->hfd, tmp, sizeof tmp);
    if (got < 0 && (errno == EAGAIN || errno == EINTR)) return;
    bool eof = got <= 0;
    const char *p = tmp;
    size_t n = eof ? 0 : (size_t)got;
    /* The answers before the one the fault is for go through untouched. */
    while (n > 0 && c->passed < c->mode.after) {
        size_t k = track(c, p, n);
        if (relay(c, p, k)) return;
        p += k;
        n -= k;
    }
    if (!eof && n == 0) return;
    ModeKind kind = c->passed < c->mode.after ? M_PASS : c->mode.kind;
    switch (kind) {
    case M_CUT:
        /* The hub answered, so it has done the work: the client never learns of it. */
        conn_end(c, eof ? "hub-closed" : "cut");
        return;
    case M_STALL:
        /* Swallowed; the client waits until it gives up, or until the hub goes away (dies, or
         * times the idle connection out), which closes the client's connection as it would
         * without the proxy. */
        if (eof) conn_end(c, "hub-closed");
        return;
    case M_TRUNCATE:
        if (!eof && buf_add(&c->held, p, n)) {
            conn_end(c, "too-big");
            return;
        }
        truncated_answer(c, eof);
        return;
    default:
        if (eof) {
            close(c->hfd);
            c->hfd = -1;
            c->closing = true; /* pass on what the hub said, then close */
            return;
        }
        (void)relay(c, p, n);
        return;
    }
}

/* Writes what is pending on FD from B; returns -1 when the peer is gone. */
static int flush(int fd, Buf *b)
{
    while (b->len > 0) {
        ssize_t n = write(fd, b->p, b->len);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        buf_drop(b, (size_t)n);
    }
    return 0;
}

/* ---- Main -------------------------------------------------------------------------------- */

static void usage(void)
{
    fprintf(stderr,
            "usage: faultproxy --listen-port-file FILE (--to 127.0.0.1:PORT | --to-file FILE)\n"
            "                  [--plan MODES] [--control FILE] [--log FILE] [--max-seconds N]\n"
            "                  [--listen-port PORT]\n"
            "MODES: comma-separated, the Nth for the Nth connection, the last repeating:\n"
            "  pass, cut (cut-after-request), 500[:N], 503[:N], stall, truncate, reset;\n"
            "  cut@K, stall@K, truncate@K pass K-1 answers first\n");
}

static int write_port_file(const char *path, unsigned port)
{
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) return -1;
    int ok = fprintf(f, "%u\n", port) > 0;
    ok &= fclose(f) == 0;
    return ok && rename(tmp, path) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    enum { O_PORTFILE = 1, O_TO, O_TOFILE, O_PLAN, O_CONTROL, O_LOG, O_MAX, O_PORT };
    static const struct option opts[] = {
        {"listen-port-file", required_argument, NULL, O_PORTFILE},
        {"to", required_argument, NULL, O_TO},
        {"to-file", required_argument, NULL, O_TOFILE},
        {"plan", required_argument, NULL, O_PLAN},
        {"control", required_argument, NULL, O_CONTROL},
        {"log", required_argument, NULL, O_LOG},
        {"max-seconds", required_argument, NULL, O_MAX},
        {"listen-port", required_argument, NULL, O_PORT},
        {NULL, 0, NULL, 0},
    };
    const char *port_file = NULL, *to = NULL, *plan = "pass", *log_path = NULL;
    long max_s = 600, lport = 0;
    int o;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (o) {
        case O_PORTFILE:
            port_file = optarg;
            break;
        case O_TO:
            to = optarg;
            break;
        case O_TOFILE:
            P.to_file = optarg;
            break;
        case O_PLAN:
            plan = optarg;
            break;
        case O_CONTROL:
            P.control = optarg;
            break;
        case O_LOG:
            log_path = optarg;
            break;
        case O_MAX:
            if (parse_long(optarg, 1, 86400, &max_s)) return usage(), 2;
            break;
        case O_PORT:
            if (parse_long(optarg, 0, 65535, &lport)) return usage(), 2;
            break;
        default:
            return usage(), 2;
        }
    }
    if (optind != argc || !port_file || (!to == !P.to_file)) return usage(), 2;
    if ((P.n_plan = plan_parse(plan, P.plan, PLAN_MAX)) <= 0) {
        fprintf(stderr, "faultproxy: bad --plan: %s\n", plan);
        return 2;
    }
    if (to) {
        char host[64];
        const char *colon = strrchr(to, ':');
        long port;
        if (!colon || (size_t)(colon - to) >= sizeof host ||
            parse_long(colon + 1, 1, 65535, &port)) {
            fprintf(stderr, "faultproxy: --to: expected 127.0.0.1:PORT\n");
            return 2;
        }
        memcpy(host, to, (size_t)(colon - to));
        host[colon - to] = '\0';
        P.to.sin_family = AF_INET;
        P.to.sin_port = htons((uint16_t)port);
        if (inet_pton(AF_INET, host, &P.to.sin_addr) != 1 ||
            (ntohl(P.to.sin_addr.s_addr) >> 24) != 127) {
            fprintf(stderr, "faultproxy: --to: only loopback addresses\n");
            return 2;
        }
    }
    P.log = log_path ? fopen(log_path, "a") : stderr;
    if (!P.log) {
        fprintf(stderr, "faultproxy: %s: %s\n", log_path, strerror(errno));
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    int lfd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in la = {.sin_family = AF_INET, .sin_port = htons((uint16_t)lport)};
    la.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t sl = sizeof la;
    if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
        bind(lfd, (struct sockaddr *)&la, sizeof la) || listen(lfd, 128) ||
        getsockname(lfd, (struct sockaddr *)&la, &sl) ||
        write_port_file(port_file, ntohs(la.sin_port))) {
        fprintf(stderr, "faultproxy: cannot listen: %s\n", strerror(errno));
        return 1;
    }
    set_nonblock(lfd);
    P.t0 = mono_ms();
    int64_t deadline = P.t0 + max_s * 1000;

    static struct pollfd pfd[1 + 2 * CONNS_MAX];
    static int owner[1 + 2 * CONNS_MAX]; /* conn index * 2 + (0 client | 1 hub) */
    while (!g_stop && mono_ms() < deadline) {
        int n = 0;
        pfd[n++] = (struct pollfd){.fd = lfd, .events = POLLIN};
        for (int i = 0; i < CONNS_MAX; i++) {
            Conn *c = &P.conns[i];
            if (!c->used) continue;
            if (c->cfd >= 0) {
                owner[n] = i * 2;
                pfd[n++] = (struct pollfd){
                    .fd = c->cfd, .events = (short)(POLLIN | (c->to_client.len ? POLLOUT : 0))};
            }
            if (c->hfd >= 0) {
                owner[n] = i * 2 + 1;
                pfd[n++] = (struct pollfd){
                    .fd = c->hfd, .events = (short)(POLLIN | (c->to_hub.len ? POLLOUT : 0))};
            }
        }
        int64_t left = deadline - mono_ms();
        int rc = poll(pfd, (nfds_t)n, left > 1000 ? 1000 : (int)(left > 0 ? left : 0));
        if (rc < 0 && errno == EINTR) continue;
        if (rc < 0) break;
        for (int k = 1; k < n; k++) {
            Conn *c = &P.conns[owner[k] / 2];
            bool hub = owner[k] % 2;
            short re = pfd[k].revents;
            /* The connection may have ended while handling its other socket. */
            if (!re || !c->used || (hub ? c->hfd : c->cfd) != pfd[k].fd) continue;
            if (re & (POLLIN | POLLHUP | POLLERR)) {
                if (hub)
                    on_hub_readable(c);
                else
                    on_client_readable(c);
            }
            if (!c->used) continue;
            if ((re & POLLOUT) && hub && c->hfd >= 0 && flush(c->hfd, &c->to_hub)) {
                conn_end(c, "hub-gone");
                continue;
            }
            if ((re & POLLOUT) && !hub && c->cfd >= 0 && flush(c->cfd, &c->to_client)) {
                conn_end(c, "client-gone");
                continue;
            }
        }
        /* Try pending writes at once (most succeed without waiting), and finish closings. */
        for (int i = 0; i < CONNS_MAX; i++) {
            Conn *c = &P.conns[i];
            if (!c->used) continue;
            if (c->hfd >= 0 && c->to_hub.len && flush(c->hfd, &c->to_hub)) {
                conn_end(c, "hub-gone");
                continue;
            }
            if (c->cfd >= 0 && c->to_client.len && flush(c->cfd, &c->to_client)) {
                conn_end(c, "client-gone");
                continue;
            }
            if (c->closing && c->to_client.len == 0) {
                const char *why = c->mode.kind == M_TRUNCATE ? "truncated"
                                  : c->mode.kind == M_PASS   ? "hub-closed"
                                                             : "answered";
                conn_end(c, why);
            }
        }
        if (pfd[0].revents & POLLIN) conn_accept(lfd);
    }
    for (int i = 0; i < CONNS_MAX; i++)
        if (P.conns[i].used) conn_end(&P.conns[i], "proxy-stopped");
    close(lfd);
    logf_("stopped t=%lld\n", (long long)(mono_ms() - P.t0));
    if (P.log != stderr) fclose(P.log);
    return 0;
}
