/*
 * hub_metrics.h: the hub's counters for the operator (issue 14): requests by endpoint and
 * status, operations pushed, grants given; and `/metrics`, those and the database's counts
 * (sign-ups per status, the mail queue per state, ...) in Prometheus' text format (version
 * 0.0.4). Counts only: no names, codes, tokens or addresses.
 */
#ifndef AUKIO_HUB_METRICS_H
#define AUKIO_HUB_METRICS_H

#include <stdatomic.h>
#include <stddef.h>

#include "hub_store.h"

/* The endpoints as counted: a sign-up's code is never a label. */
typedef enum {
    HUB_ROUTE_HEALTH,
    HUB_ROUTE_METRICS,
    HUB_ROUTE_ENROL,
    HUB_ROUTE_CHANGES,
    HUB_ROUTE_PUSH,
    HUB_ROUTE_GRANTS,
    HUB_ROUTE_SIGNUP,
    HUB_ROUTE_OTHER,
    HUB_ROUTES
} HubRoute;

/* The statuses the hub answers, and one slot for any other. */
#define HUB_METRIC_STATUSES 13

typedef struct {
    atomic_llong requests[HUB_ROUTES][HUB_METRIC_STATUSES];
    atomic_llong ops_received; /* operations in pushes that reached the store */
    atomic_llong grants_given; /* grants with seats in answers to /v1/grants */
    atomic_llong grant_seats;  /* their seats */
    atomic_llong grants_settled;
} HubMetrics;

void hub_metrics_init(HubMetrics *m);

/* The route of PATH (the request's path without its query). */
HubRoute hub_metrics_route(const char *path);

/* The path as it may be logged: a sign-up's code is replaced with "…" ("/v1/signups/…"). */
const char *hub_metrics_path_shown(HubRoute route, const char *path);

/* Counts one answered request. */
void hub_metrics_request(HubMetrics *m, HubRoute route, unsigned status);

/* The text of /metrics: M's counters and STORE's counts (malloc'd, caller frees; NULL with ERR
 * when the store cannot be read). */
char *hub_metrics_text(const HubMetrics *m, HubStore *store, char *err, size_t n);

#endif
