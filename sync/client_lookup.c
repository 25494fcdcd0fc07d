/*
 * client_lookup.c: "My sign-up" for a code this kiosk does not know, asked of the hub while the
 * visitor waits (client.h, "Lookup"; PROTOCOL.md, "One sign-up by its code").
 *
 * One worker thread takes one request at a time (there is one visitor at the screen), with a
 * hard deadline, and hands the answer back; the UI thread never waits for it, except a headless
 * run, whose clock is virtual and which must show what a visitor would see. The worker keeps
 * nothing: the answer is the hub's word about the code, shown and then forgotten with the screen.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "wire.h"

typedef enum { L_IDLE = 0, L_ASKED, L_RUNNING, L_DONE } LState;

struct SyncLookup {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
    LState state;
    char code[WIRE_CODE_MAX + 1];
    bool cancel;
    int deadline_ms;
    SyncLookupAnswer answer;
    void (*notify)(void *ctx);
    void *ctx;
    char url[256], token[WIRE_TOKEN_MAX + 1], ca[512];
};

static void lookup_one(const SyncLookup *x, const char *code, bool cancel, int deadline_ms,
                       SyncLookupAnswer *a)
{
    memset(a, 0, sizeof *a);
    str_copy(a->code, sizeof a->code, code);
    a->cancel = cancel;
    SyncHub hub = {.url = x->url,
                   .token = x->token,
                   .ca_file = x->ca,
                   .deadline_ms = deadline_ms > 0 ? deadline_ms : SYNC_EXPRESS_DEADLINE_MS};
    char err[256];
    a->result = sync_signup_remote(&hub, code, cancel, &a->info, &a->found, err, sizeof err);
    /* The request's path and status only: nothing personal is in it. */
    if (a->result != SYNC_OK) fprintf(stderr, "aukio: sign-up lookup: %s\n", err);
}

static void *lookup_main(void *arg)
{
    SyncLookup *x = arg;
    pthread_mutex_lock(&x->mu);
    while (!x->stop) {
        if (x->state != L_ASKED) {
            pthread_cond_wait(&x->cv, &x->mu);
            continue;
        }
        x->state = L_RUNNING;
        char code[WIRE_CODE_MAX + 1];
        str_copy(code, sizeof code, x->code);
        bool cancel = x->cancel;
        int deadline = x->deadline_ms;
        pthread_mutex_unlock(&x->mu);

        SyncLookupAnswer a;
        lookup_one(x, code, cancel, deadline, &a);

        pthread_mutex_lock(&x->mu);
        x->answer = a;
        x->state = L_DONE;
        pthread_cond_broadcast(&x->cv);
        if (x->notify) {
            pthread_mutex_unlock(&x->mu);
            x->notify(x->ctx);
            pthread_mutex_lock(&x->mu);
        }
    }
    pthread_mutex_unlock(&x->mu);
    return NULL;
}

SyncLookup *sync_lookup_start(const SyncHub *hub, void (*notify)(void *ctx), void *ctx, char *err,
                              size_t errlen)
{
    SyncLookup *x = calloc(1, sizeof *x);
    if (!x) {
        snprintf(err, errlen, "lookup: out of memory");
        return NULL;
    }
    snprintf(x->url, sizeof x->url, "%s", hub->url ? hub->url : "");
    snprintf(x->token, sizeof x->token, "%s", hub->token ? hub->token : "");
    snprintf(x->ca, sizeof x->ca, "%s", hub->ca_file ? hub->ca_file : "");
    x->notify = notify;
    x->ctx = ctx;
    pthread_mutex_init(&x->mu, NULL);
    pthread_cond_init(&x->cv, NULL);
    sync_global_init();
    if (pthread_create(&x->th, NULL, lookup_main, x) != 0) {
        snprintf(err, errlen, "lookup: cannot start the thread");
        pthread_cond_destroy(&x->cv);
        pthread_mutex_destroy(&x->mu);
        free(x);
        return NULL;
    }
    return x;
}

bool sync_lookup_ask(SyncLookup *x, const char *code, bool cancel, int deadline_ms)
{
    if (!x) return false;
    pthread_mutex_lock(&x->mu);
    bool ok = x->state == L_IDLE || x->state == L_DONE;
    if (ok) {
        str_copy(x->code, sizeof x->code, code);
        x->cancel = cancel;
        x->deadline_ms = deadline_ms;
        x->state = L_ASKED;
        pthread_cond_broadcast(&x->cv);
    }
    pthread_mutex_unlock(&x->mu);
    return ok;
}

bool sync_lookup_take(SyncLookup *x, bool wait, SyncLookupAnswer *out)
{
    if (!x) return false;
    pthread_mutex_lock(&x->mu);
    while (wait && !x->stop && (x->state == L_ASKED || x->state == L_RUNNING))
        pthread_cond_wait(&x->cv, &x->mu);
    bool done = x->state == L_DONE;
    if (done) {
        *out = x->answer;
        x->state = L_IDLE;
    }
    pthread_mutex_unlock(&x->mu);
    return done;
}

void sync_lookup_stop(SyncLookup *x)
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
