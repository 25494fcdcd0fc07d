/*
 * hub_conns.c: deadlines and limits of the hub's connections (hub_conns.h).
 *
 * A doubly linked list in order of arrival, under one mutex: the oldest candidate for eviction is
 * the first one found from the head. Lists are at most max_conns long and each operation walks
 * one at most, which at the default limit is a few microseconds.
 */
#include "hub_conns.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { PHASE_HEADERS, PHASE_BODY, PHASE_ANSWERING };

struct HubConn {
    HubConn *prev, *next;
    int fd;
    uint8_t addr[16]; /* IPv4 as ::ffff:a.b.c.d */
    int64_t since_ms; /* the current request's time starts here */
    int phase;
    bool kiosk;  /* some request on it carried a live device token */
    bool closed; /* shut down by us; waits for MHD to report it gone */
};

struct HubConns {
    HubConnLimits lim;
    pthread_mutex_t lock;
    HubConn *head, *tail;
    int open; /* not closed by us */
    HubConnStats stats;
};

void hub_conn_limits_defaults(HubConnLimits *lim)
{
    /* Kiosks hold one connection each while they sync, a few behind one library's NAT; the
     * coordinator's tools one or two. 1000 is far above that and far below the descriptors the
     * hub may open. A kiosk's request arrives in milliseconds, its largest push (3 MiB) in 30 s
     * at 1 Mbit/s. */
    lim->max_conns = 1000;
    lim->per_address = 32;
    lim->header_timeout_s = 10;
    lim->request_timeout_s = 60;
}

HubConns *hub_conns_new(const HubConnLimits *lim)
{
    HubConns *cs = calloc(1, sizeof *cs);
    if (!cs) return NULL;
    cs->lim = *lim;
    pthread_mutex_init(&cs->lock, NULL);
    return cs;
}

void hub_conns_free(HubConns *cs)
{
    if (!cs) return;
    for (HubConn *c = cs->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    pthread_mutex_destroy(&cs->lock);
    free(cs);
}

static void addr_key(const struct sockaddr *sa, uint8_t out[16])
{
    memset(out, 0, 16);
    if (sa && sa->sa_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)sa;
        out[10] = out[11] = 0xff;
        memcpy(out + 12, &a->sin_addr, 4);
    } else if (sa && sa->sa_family == AF_INET6) {
        memcpy(out, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
    }
}

/* Shuts C down (once); the lock is held. */
static void shut(HubConns *cs, HubConn *c)
{
    if (c->closed) return;
    c->closed = true;
    cs->open--;
    shutdown(c->fd, SHUT_RDWR);
}

/* The oldest connection that may go to make room: never a kiosk's, never one being answered;
 * from ADDR only when ADDR is set. The lock is held. */
static HubConn *victim(HubConns *cs, const uint8_t *addr, const HubConn *except)
{
    for (HubConn *c = cs->head; c; c = c->next) {
        if (c == except || c->closed || c->kiosk || c->phase == PHASE_ANSWERING) continue;
        if (addr && memcmp(c->addr, addr, 16) != 0) continue;
        return c;
    }
    return NULL;
}

/* Evicts one connection (from ADDR when set) for newcomer C, or shuts C down when none may go. */
static void make_room(HubConns *cs, HubConn *c, const uint8_t *addr)
{
    HubConn *v = victim(cs, addr, c);
    if (v) {
        shut(cs, v);
        cs->stats.evicted++;
    } else {
        shut(cs, c);
        cs->stats.refused++;
    }
}

HubConn *hub_conns_open(HubConns *cs, int fd, const struct sockaddr *addr, int64_t now_ms)
{
    HubConn *c = calloc(1, sizeof *c);
    if (!c) {
        shutdown(fd, SHUT_RDWR);
        return NULL;
    }
    c->fd = fd;
    addr_key(addr, c->addr);
    c->since_ms = now_ms;
    c->phase = PHASE_HEADERS;
    pthread_mutex_lock(&cs->lock);
    int same = 0;
    for (HubConn *o = cs->head; o; o = o->next)
        same += !o->closed && memcmp(o->addr, c->addr, 16) == 0;
    c->prev = cs->tail;
    if (cs->tail)
        cs->tail->next = c;
    else
        cs->head = c;
    cs->tail = c;
    cs->open++;
    /* Room from this address first, then from everyone; the newcomer itself goes only when
     * nothing else may (a kiosk's connections are never evicted by strangers). */
    if (same >= cs->lim.per_address) make_room(cs, c, c->addr);
    if (!c->closed && cs->open > cs->lim.max_conns) make_room(cs, c, NULL);
    pthread_mutex_unlock(&cs->lock);
    return c;
}

void hub_conns_close(HubConns *cs, HubConn *c)
{
    if (!c) return;
    pthread_mutex_lock(&cs->lock);
    if (!c->closed) cs->open--;
    if (c->prev)
        c->prev->next = c->next;
    else
        cs->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    else
        cs->tail = c->prev;
    pthread_mutex_unlock(&cs->lock);
    free(c);
}

void hub_conns_headers(HubConns *cs, HubConn *c)
{
    if (!c) return;
    pthread_mutex_lock(&cs->lock);
    if (c->phase == PHASE_HEADERS) c->phase = PHASE_BODY;
    pthread_mutex_unlock(&cs->lock);
}

void hub_conns_received(HubConns *cs, HubConn *c, bool authenticated)
{
    if (!c) return;
    pthread_mutex_lock(&cs->lock);
    c->phase = PHASE_ANSWERING;
    c->kiosk |= authenticated;
    pthread_mutex_unlock(&cs->lock);
}

void hub_conns_answered(HubConns *cs, HubConn *c, int64_t now_ms)
{
    if (!c) return;
    pthread_mutex_lock(&cs->lock);
    c->phase = PHASE_HEADERS;
    c->since_ms = now_ms;
    pthread_mutex_unlock(&cs->lock);
}

int hub_conns_sweep(HubConns *cs, int64_t now_ms)
{
    int n = 0;
    int64_t head_ms = (int64_t)cs->lim.header_timeout_s * 1000;
    int64_t req_ms = (int64_t)cs->lim.request_timeout_s * 1000;
    pthread_mutex_lock(&cs->lock);
    for (HubConn *c = cs->head; c; c = c->next) {
        if (c->closed || c->kiosk || c->phase == PHASE_ANSWERING) continue;
        int64_t age = now_ms - c->since_ms;
        if ((c->phase == PHASE_HEADERS && age > head_ms) || age > req_ms) {
            shut(cs, c);
            n++;
        }
    }
    cs->stats.timed_out += n;
    pthread_mutex_unlock(&cs->lock);
    return n;
}

void hub_conns_stats(HubConns *cs, HubConnStats *out)
{
    pthread_mutex_lock(&cs->lock);
    *out = cs->stats;
    out->open = cs->open;
    pthread_mutex_unlock(&cs->lock);
}
