/*
 * hub_metrics.c: the hub's counters and the Prometheus text of /metrics (hub_metrics.h).
 *
 * The format is Prometheus' text exposition format 0.0.4: "# HELP", "# TYPE", then one
 * "name{label=\"value\"} number" line per series. Label values here are fixed words of this file,
 * never anything a client sent, so none needs escaping.
 */
#include "hub_metrics.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hub_mail.h"
#include "util.h"

static const unsigned STATUSES[HUB_METRIC_STATUSES - 1] = {200, 304, 400, 401, 403, 404,
                                                           405, 410, 413, 429, 500, 503};
static const char *const ROUTE_NAMES[HUB_ROUTES] = {"health", "metrics", "enrol",  "changes",
                                                    "push",   "grants",  "signup", "other"};

void hub_metrics_init(HubMetrics *m)
{
    for (int r = 0; r < HUB_ROUTES; r++)
        for (int s = 0; s < HUB_METRIC_STATUSES; s++)
            atomic_init(&m->requests[r][s], 0);
    atomic_init(&m->ops_received, 0);
    atomic_init(&m->grants_given, 0);
    atomic_init(&m->grant_seats, 0);
    atomic_init(&m->grants_settled, 0);
}

HubRoute hub_metrics_route(const char *path)
{
    static const struct {
        const char *path;
        HubRoute route;
    } EXACT[] = {
        {"/v1/health", HUB_ROUTE_HEALTH}, {"/metrics", HUB_ROUTE_METRICS},
        {"/v1/enrol", HUB_ROUTE_ENROL},   {"/v1/changes", HUB_ROUTE_CHANGES},
        {"/v1/push", HUB_ROUTE_PUSH},     {"/v1/grants", HUB_ROUTE_GRANTS},
    };
    for (size_t i = 0; i < sizeof EXACT / sizeof EXACT[0]; i++)
        if (strcmp(path, EXACT[i].path) == 0) return EXACT[i].route;
    if (strncmp(path, "/v1/signups/", 12) == 0) return HUB_ROUTE_SIGNUP;
    return HUB_ROUTE_OTHER;
}

const char *hub_metrics_path_shown(HubRoute route, const char *path)
{
    if (route == HUB_ROUTE_SIGNUP) {
        size_t n = strlen(path);
        return n > 7 && strcmp(path + n - 7, "/cancel") == 0 ? "/v1/signups/…/cancel"
                                                             : "/v1/signups/…";
    }
    /* Anything else unknown may carry what a stranger typed: not logged as it is. */
    return route == HUB_ROUTE_OTHER ? "(other)" : path;
}

void hub_metrics_request(HubMetrics *m, HubRoute route, unsigned status)
{
    int slot = HUB_METRIC_STATUSES - 1;
    for (int i = 0; i < HUB_METRIC_STATUSES - 1; i++)
        if (STATUSES[i] == status) slot = i;
    if ((int)route < 0 || route >= HUB_ROUTES) route = HUB_ROUTE_OTHER;
    atomic_fetch_add_explicit(&m->requests[route][slot], 1, memory_order_relaxed);
}

/* A metric's HELP and TYPE lines. */
static int head(Buf *b, const char *name, const char *type, const char *help)
{
    return buf_addf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static int one(Buf *b, const char *name, const char *type, const char *help, long long v)
{
    return head(b, name, type, help) || buf_addf(b, "%s %lld\n", name, v);
}

static int requests_text(Buf *b, const HubMetrics *m)
{
    if (head(b, "aukio_hub_requests_total", "counter",
             "HTTP requests answered, by endpoint and status"))
        return -1;
    for (int r = 0; r < HUB_ROUTES; r++)
        for (int s = 0; s < HUB_METRIC_STATUSES; s++) {
            long long v = atomic_load_explicit(&m->requests[r][s], memory_order_relaxed);
            if (v == 0) continue;
            char status[8];
            if (s < HUB_METRIC_STATUSES - 1)
                snprintf(status, sizeof status, "%u", STATUSES[s]);
            else
                snprintf(status, sizeof status, "other");
            if (buf_addf(b, "aukio_hub_requests_total{endpoint=\"%s\",status=\"%s\"} %lld\n",
                         ROUTE_NAMES[r], status, v))
                return -1;
        }
    return 0;
}

static int stats_text(Buf *b, const HubStats *st, const int mail[HUB_MAIL_STATES])
{
    static const char *const SIGNUP[3] = {"confirmed", "waitlisted", "cancelled"};
    if (head(b, "aukio_hub_signups", "gauge", "sign-ups in the database, by status")) return -1;
    for (int i = 0; i < 3; i++)
        if (buf_addf(b, "aukio_hub_signups{status=\"%s\"} %" PRId64 "\n", SIGNUP[i],
                     st->signups[i]))
            return -1;
    if (head(b, "aukio_hub_signup_people", "gauge", "people in those sign-ups, by status"))
        return -1;
    for (int i = 0; i < 3; i++)
        if (buf_addf(b, "aukio_hub_signup_people{status=\"%s\"} %" PRId64 "\n", SIGNUP[i],
                     st->people[i]))
            return -1;
    if (head(b, "aukio_hub_mail_messages", "gauge", "the mail outbox, by state")) return -1;
    for (int i = 0; i < HUB_MAIL_STATES; i++)
        if (buf_addf(b, "aukio_hub_mail_messages{state=\"%s\"} %d\n", hub_mail_state_name(i),
                     mail[i]))
            return -1;
    if (head(b, "aukio_hub_devices", "gauge", "kiosks, enrolled or revoked") ||
        buf_addf(b, "aukio_hub_devices{state=\"enrolled\"} %" PRId64 "\n", st->devices_enrolled) ||
        buf_addf(b, "aukio_hub_devices{state=\"revoked\"} %" PRId64 "\n", st->devices_revoked))
        return -1;
    return one(b, "aukio_hub_feedback", "gauge", "feedback answers in the database",
               st->feedback) ||
           one(b, "aukio_hub_events", "gauge", "events in the catalogue", st->events) ||
           one(b, "aukio_hub_grants_open", "gauge", "seat grants kiosks hold", st->grants_open) ||
           one(b, "aukio_hub_grant_seats_held", "gauge", "seats held in grants",
               st->grant_seats_held) ||
           one(b, "aukio_hub_ops_remembered", "gauge", "pushed operations remembered by uuid",
               st->ops) ||
           one(b, "aukio_hub_change_sequence", "gauge", "the catalogue's change sequence", st->seq);
}

char *hub_metrics_text(const HubMetrics *m, HubStore *store, char *err, size_t n)
{
    HubStats st;
    int mail[HUB_MAIL_STATES] = {0};
    if (store->stats(store, &st, err, n) != AUKIO_OK ||
        store->mail_counts(store, mail, err, n) != AUKIO_OK)
        return NULL;
    Buf b;
    buf_init(&b, 1024 * 1024);
    int bad =
        requests_text(&b, m) ||
        one(&b, "aukio_hub_ops_received_total", "counter",
            "operations received in pushes since the hub started", atomic_load(&m->ops_received)) ||
        one(&b, "aukio_hub_grants_given_total", "counter",
            "grants with seats given since the hub started", atomic_load(&m->grants_given)) ||
        one(&b, "aukio_hub_grant_seats_given_total", "counter", "seats in those grants",
            atomic_load(&m->grant_seats)) ||
        one(&b, "aukio_hub_grants_settled_total", "counter",
            "grants settled by kiosks since the hub started", atomic_load(&m->grants_settled)) ||
        stats_text(&b, &st, mail);
    if (bad || !b.p) {
        buf_deinit(&b);
        err_set(err, n, "out of memory");
        return NULL;
    }
    return buf_steal(&b);
}
