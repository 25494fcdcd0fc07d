/*
 * client_lookup.c: "My sign-up" for a code this kiosk does not know, asked of the hub while the
 * visitor waits (client.h, "Lookup"; PROTOCOL.md, "One sign-up by its code").
 *
 * A worker (client_worker.c) takes one request at a time with a hard deadline and hands the
 * answer back. It keeps nothing: the answer is the hub's word about the code, shown and then
 * forgotten with the screen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "client_worker.h"
#include "wire.h"

struct SyncLookup {
    SyncWorker *w;
    char url[256], token[WIRE_TOKEN_MAX + 1], ca[512];
};

typedef struct {
    char code[WIRE_CODE_MAX + 1];
    bool cancel;
    int deadline_ms;
} LookupRequest;

/* One request (a LookupRequest) into ANSWER (a SyncLookupAnswer), on the worker. */
static void lookup_one(void *ctx, const void *request, void *answer)
{
    const SyncLookup *x = ctx;
    const LookupRequest *r = request;
    SyncLookupAnswer *a = answer;
    str_copy(a->code, sizeof a->code, r->code);
    a->cancel = r->cancel;
    SyncHub hub = {.url = x->url,
                   .token = x->token,
                   .ca_file = x->ca,
                   .deadline_ms = r->deadline_ms > 0 ? r->deadline_ms : SYNC_EXPRESS_DEADLINE_MS};
    char err[256];
    a->result = sync_signup_remote(&hub, r->code, r->cancel, &a->info, &a->found, err, sizeof err);
    /* The request's path and status only: nothing personal is in it. */
    if (a->result != SYNC_OK) fprintf(stderr, "aukio: sign-up lookup: %s\n", err);
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
    sync_global_init();
    x->w = sync_worker_start(sizeof(LookupRequest), sizeof(SyncLookupAnswer), lookup_one, x, notify,
                             ctx, "lookup", err, errlen);
    if (!x->w) {
        free(x);
        return NULL;
    }
    return x;
}

bool sync_lookup_ask(SyncLookup *x, const char *code, bool cancel, int deadline_ms)
{
    if (!x) return false;
    LookupRequest r = {.cancel = cancel, .deadline_ms = deadline_ms};
    str_copy(r.code, sizeof r.code, code);
    return sync_worker_ask(x->w, &r);
}

bool sync_lookup_take(SyncLookup *x, bool wait, SyncLookupAnswer *out)
{
    return x && sync_worker_take(x->w, wait, out);
}

void sync_lookup_stop(SyncLookup *x)
{
    if (!x) return;
    sync_worker_stop(x->w);
    free(x);
}
