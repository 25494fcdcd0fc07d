/*
 * hub_conns.h: who holds the hub's connections, and for how long (issue 7, item 3).
 *
 * libmicrohttpd's own timeout is one of inactivity, so a client that sends a header byte every
 * few seconds keeps a connection for ever, and a few thousand of them used to fill the hub. This
 * registry bounds the time a request may take to arrive (its headers, then its whole body), the
 * connections of one address and of everyone, and keeps room for enrolled kiosks: when a limit is
 * reached the oldest connection that never carried a valid device token is closed to make room,
 * and a kiosk's connection never is. A connection that has carried a valid device token is a
 * kiosk's: it keeps no deadline either (MHD's inactivity timeout still closes it when idle), so an
 * enrolled kiosk that holds its connection open through a round is served whatever strangers on
 * the same address do. A fresh connection from an address under attack competes with the
 * attacker's until its headers arrive (a millisecond on a LAN); the kiosk's retry covers that.
 *
 * Connections are closed with shutdown(2) on their socket, under the registry's lock; MHD sees the
 * end of the stream and cleans up. MHD reports a connection closed (hub_conns_close) before it
 * closes the socket, so a descriptor in the registry is always still the connection's.
 */
#ifndef AUKIO_HUB_CONNS_H
#define AUKIO_HUB_CONNS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

typedef struct {
    int max_conns;         /* connections at once, everyone */
    int per_address;       /* connections at once from one IP address */
    int header_timeout_s;  /* from connecting (or the last answer) to a request's full headers */
    int request_timeout_s; /* from connecting (or the last answer) to its full body */
} HubConnLimits;

void hub_conn_limits_defaults(HubConnLimits *lim);

typedef struct HubConns HubConns;
typedef struct HubConn HubConn;

/* A registry with LIM copied; NULL when out of memory. Free with hub_conns_free. */
HubConns *hub_conns_new(const HubConnLimits *lim);
void hub_conns_free(HubConns *cs);

/* Registers a new connection on socket FD from ADDR at NOW_MS (monotonic). Makes room when a
 * limit is reached (see above), or shuts the new one down when nothing may go. Returns the
 * connection's handle (NULL when out of memory: the connection is then shut down). */
HubConn *hub_conns_open(HubConns *cs, int fd, const struct sockaddr *addr, int64_t now_ms);
/* C is gone (MHD is about to close its socket); frees C. */
void hub_conns_close(HubConns *cs, HubConn *c);
/* C's request has its headers. */
void hub_conns_headers(HubConns *cs, HubConn *c);
/* C's request has its body and is being answered; AUTHENTICATED marks C as a kiosk's for good. */
void hub_conns_received(HubConns *cs, HubConn *c, bool authenticated);
/* C's answer is done; the next request on C has its time from NOW_MS. */
void hub_conns_answered(HubConns *cs, HubConn *c, int64_t now_ms);
/* Shuts down every connection past its deadline at NOW_MS; returns how many. */
int hub_conns_sweep(HubConns *cs, int64_t now_ms);

/* Counters since start, for the log and the tests. */
typedef struct {
    int64_t timed_out; /* past a deadline */
    int64_t evicted;   /* closed to make room */
    int64_t refused;   /* new connections shut down: nothing could make room */
    int open;          /* connections now */
} HubConnStats;

void hub_conns_stats(HubConns *cs, HubConnStats *out);

#endif
