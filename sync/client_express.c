/*
 * client_express.c: the express path of a sign-up the kiosk cannot confirm from its grants.
 *
 * A worker (client_worker.c) with its own Store on the kiosk's database takes one request at a
 * time: it pushes that sign-up's outbox row alone with a hard deadline (sync_push_one) and
 * records the hub's answer exactly as a round's push would, so the express path and the
 * background rounds can race freely: the hub dedupes on the op's uuid and an answered row is
 * never sent again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "client_worker.h"
#include "wire.h"

struct SyncExpress {
    SyncWorker *w;
    Store *s; /* the worker's, opened on first use; closed after the worker stopped */
    char db[512], url[256], token[WIRE_TOKEN_MAX + 1], ca[512];
};

typedef struct {
    char uuid[RECORD_UUID_LEN + 1];
    int deadline_ms;
} ExpressRequest;

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One request (an ExpressRequest) into ANSWER (a SyncExpressAnswer), on the worker. */
static void express_one(void *ctx, const void *request, void *answer)
{
    SyncExpress *x = ctx;
    const ExpressRequest *r = request;
    SyncExpressAnswer *a = answer;
    int64_t t0 = mono_ms();
    char err[256];
    str_copy(a->uuid, sizeof a->uuid, r->uuid);
    a->result = SYNC_ERR_STORE;
    if (!x->s && store_open(&x->s, x->db, err, sizeof err) != 0) {
        fprintf(stderr, "aukio: express: %s\n", err);
        x->s = NULL;
    }
    if (x->s) {
        SyncHub hub = {.url = x->url,
                       .token = x->token,
                       .ca_file = x->ca,
                       .deadline_ms =
                           r->deadline_ms > 0 ? r->deadline_ms : SYNC_EXPRESS_DEADLINE_MS};
        SyncReport rep;
        a->result = sync_push_one(x->s, &hub, r->uuid, now_s(), &rep, err, sizeof err);
        /* Requests and statuses only: the op itself holds personal data. */
        if (a->result != SYNC_OK) fprintf(stderr, "aukio: express: %s\n", err);
    }
    a->elapsed_ms = mono_ms() - t0;
}

SyncExpress *sync_express_start(const char *db_path, const SyncHub *hub, void (*notify)(void *ctx),
                                void *ctx, char *err, size_t errlen)
{
    SyncExpress *x = calloc(1, sizeof *x);
    if (!x) {
        snprintf(err, errlen, "express: out of memory");
        return NULL;
    }
    snprintf(x->db, sizeof x->db, "%s", db_path);
    snprintf(x->url, sizeof x->url, "%s", hub->url ? hub->url : "");
    snprintf(x->token, sizeof x->token, "%s", hub->token ? hub->token : "");
    snprintf(x->ca, sizeof x->ca, "%s", hub->ca_file ? hub->ca_file : "");
    sync_global_init();
    x->w = sync_worker_start(sizeof(ExpressRequest), sizeof(SyncExpressAnswer), express_one, x,
                             notify, ctx, "express", err, errlen);
    if (!x->w) {
        free(x);
        return NULL;
    }
    return x;
}

bool sync_express_ask(SyncExpress *x, const char *uuid, int deadline_ms)
{
    if (!x) return false;
    ExpressRequest r = {.deadline_ms = deadline_ms};
    str_copy(r.uuid, sizeof r.uuid, uuid);
    return sync_worker_ask(x->w, &r);
}

bool sync_express_take(SyncExpress *x, bool wait, SyncExpressAnswer *out)
{
    return x && sync_worker_take(x->w, wait, out);
}

void sync_express_stop(SyncExpress *x)
{
    if (!x) return;
    sync_worker_stop(x->w);
    store_close(x->s);
    free(x);
}
