/*
 * client_express.c: the express path of a sign-up the kiosk cannot confirm from its grants.
 *
 * One worker thread with its own Store on the kiosk's database waits for one request at a time
 * (there is one visitor at the screen): it pushes that sign-up's outbox row alone with a hard
 * deadline (sync_push_one) and records the hub's answer exactly as a round's push would, so the
 * express path and the background rounds can race freely: the hub dedupes on the op's uuid and
 * an answered row is never sent again. The UI thread never waits for the worker, except a
 * headless run, whose clock is virtual and which must show what a visitor would see.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "wire.h"

typedef enum { X_IDLE = 0, X_ASKED, X_RUNNING, X_DONE } XState;

struct SyncExpress {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
    XState state;
    char uuid[RECORD_UUID_LEN + 1];
    int deadline_ms;
    SyncExpressAnswer answer;
    void (*notify)(void *ctx);
    void *ctx;
    char db[512], url[256], token[WIRE_TOKEN_MAX + 1], ca[512];
};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One request: the answer into *A. S is opened on first use and kept. */
static void express_one(SyncExpress *x, Store **s, const char *uuid, int deadline_ms,
                        SyncExpressAnswer *a)
{
    int64_t t0 = mono_ms();
    char err[256];
    memset(a, 0, sizeof *a);
    str_copy(a->uuid, sizeof a->uuid, uuid);
    a->result = SYNC_ERR_STORE;
    if (!*s && store_open(s, x->db, err, sizeof err) != 0) {
        fprintf(stderr, "aukio: express: %s\n", err);
        *s = NULL;
    }
    if (*s) {
        SyncHub hub = {.url = x->url,
                       .token = x->token,
                       .ca_file = x->ca,
                       .deadline_ms = deadline_ms > 0 ? deadline_ms : SYNC_EXPRESS_DEADLINE_MS};
        SyncReport rep;
        a->result = sync_push_one(*s, &hub, uuid, now_s(), &rep, err, sizeof err);
        /* Requests and statuses only: the op itself holds personal data. */
        if (a->result != SYNC_OK) fprintf(stderr, "aukio: express: %s\n", err);
    }
    a->elapsed_ms = mono_ms() - t0;
}

static void *express_main(void *arg)
{
    SyncExpress *x = arg;
    Store *s = NULL;
    pthread_mutex_lock(&x->mu);
    while (!x->stop) {
        if (x->state != X_ASKED) {
            pthread_cond_wait(&x->cv, &x->mu);
            continue;
        }
        x->state = X_RUNNING;
        char uuid[RECORD_UUID_LEN + 1];
        str_copy(uuid, sizeof uuid, x->uuid);
        int deadline = x->deadline_ms;
        pthread_mutex_unlock(&x->mu);

        SyncExpressAnswer a;
        express_one(x, &s, uuid, deadline, &a);

        pthread_mutex_lock(&x->mu);
        x->answer = a;
        x->state = X_DONE;
        pthread_cond_broadcast(&x->cv);
        if (x->notify) {
            pthread_mutex_unlock(&x->mu);
            x->notify(x->ctx);
            pthread_mutex_lock(&x->mu);
        }
    }
    pthread_mutex_unlock(&x->mu);
    store_close(s);
    return NULL;
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
    x->notify = notify;
    x->ctx = ctx;
    pthread_mutex_init(&x->mu, NULL);
    pthread_cond_init(&x->cv, NULL);
    sync_global_init();
    if (pthread_create(&x->th, NULL, express_main, x) != 0) {
        snprintf(err, errlen, "express: cannot start the thread");
        pthread_cond_destroy(&x->cv);
        pthread_mutex_destroy(&x->mu);
        free(x);
        return NULL;
    }
    return x;
}

bool sync_express_ask(SyncExpress *x, const char *uuid, int deadline_ms)
{
    if (!x) return false;
    pthread_mutex_lock(&x->mu);
    bool ok = x->state == X_IDLE || x->state == X_DONE;
    if (ok) {
        str_copy(x->uuid, sizeof x->uuid, uuid);
        x->deadline_ms = deadline_ms;
        x->state = X_ASKED;
        pthread_cond_broadcast(&x->cv);
    }
    pthread_mutex_unlock(&x->mu);
    return ok;
}

bool sync_express_take(SyncExpress *x, bool wait, SyncExpressAnswer *out)
{
    if (!x) return false;
    pthread_mutex_lock(&x->mu);
    while (wait && !x->stop && (x->state == X_ASKED || x->state == X_RUNNING))
        pthread_cond_wait(&x->cv, &x->mu);
    bool done = x->state == X_DONE;
    if (done) {
        *out = x->answer;
        x->state = X_IDLE;
    }
    pthread_mutex_unlock(&x->mu);
    return done;
}

void sync_express_stop(SyncExpress *x)
{
    if (!x) return;
    pthread_mutex_lock(&x->mu);
    x->stop = true;
    pthread_cond_broadcast(&x->cv);
    pthread_mutex_unlock(&x->mu);
    pthread_join(x->th, NULL);
    pthread_cond_destroy(&x->cv);
    pthread_mutex_destroy(&x->mu);
    free(x);
}
