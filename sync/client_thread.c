/*
 * client_thread.c: the background sync thread. The UI thread never waits for it: it pokes the
 * thread after a commit (a flag and a condition variable) and copies the status out under a
 * mutex held only for that copy. The thread has its own Store on the same database file (WAL
 * lets it write between the visitor's commits; each of its transactions is short). It runs in
 * the sync helper, aukio-sync (client_serve.c), not in the kiosk's UI process.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "wire.h"

#define POKE_DELAY_MS 1000 /* gather a burst of sign-ups into one round */
#define STORE_RETRY_MS 30000

struct SyncThread {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool poke;
    atomic_int stop; /* also read by curl's progress callback to abort a transfer */
    SyncThreadStatus st;
    void (*notify)(void *ctx);
    void *ctx;
    int interval_s;
    char db[512], url[256], token[WIRE_TOKEN_MAX + 1], ca[512];
    int connect_s, low_speed_s;
    SyncChanged *round, *pending; /* this round's changed events; those not yet taken */
};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits on T->cv (T->mu held) until DEADLINE (CLOCK_MONOTONIC ms), a poke or stop. */
static void wait_until(SyncThread *t, int64_t deadline)
{
    while (!t->stop && !t->poke) {
        int64_t now = mono_ms();
        if (now >= deadline) return;
        struct timespec ts = {.tv_sec = deadline / 1000, .tv_nsec = (deadline % 1000) * 1000000};
        int rc = pthread_cond_timedwait(&t->cv, &t->mu, &ts);
        if (rc == ETIMEDOUT) return;
    }
}

/* Adds the round's changed events to those the kiosk has not taken yet (T->mu held). */
static void merge_changed(SyncThread *t)
{
    if (!t->round) return;
    if (t->round->all) t->pending->all = true;
    for (int i = 0; i < t->round->n; i++)
        sync_changed_add(t->pending, t->round->id[i]);
    t->round->n = 0;
    t->round->all = false;
}

/* Publishes the store's counts and the round's outcome; notifies when anything changed. */
static void publish(SyncThread *t, Store *s, int ok, bool catalogue_changed)
{
    SyncStatus ss;
    bool have = s && store_sync_status(s, &ss) == 0;
    pthread_mutex_lock(&t->mu);
    merge_changed(t);
    SyncThreadStatus old = t->st;
    if (have) {
        t->st.last_ok = ss.last_ok;
        t->st.queued = ss.queued;
    }
    if (ok >= 0) t->st.failing = ok == 0;
    if (catalogue_changed) t->st.catalogue_gen++;
    bool changed = memcmp(&old, &t->st, sizeof old) != 0;
    pthread_mutex_unlock(&t->mu);
    if (changed && t->notify) t->notify(t->ctx);
}

static void *thread_main(void *arg)
{
    SyncThread *t = arg;
    SyncHub hub = {.url = t->url,
                   .token = t->token,
                   .ca_file = t->ca,
                   .connect_timeout_s = t->connect_s,
                   .low_speed_time_s = t->low_speed_s};
    Store *s = NULL;
    char err[512];
    int attempt = 0;
    int64_t next = mono_ms(); /* a round at once */
    pthread_mutex_lock(&t->mu);
    while (!t->stop) {
        wait_until(t, next);
        if (t->stop) break;
        bool poked = t->poke;
        t->poke = false;
        int64_t now = mono_ms();
        if (poked && now < next) {
            pthread_mutex_unlock(&t->mu);
            publish(t, s, -1, false); /* the queue grew: show it even while backing off */
            pthread_mutex_lock(&t->mu);
            /* A new record: sync soon, unless a failure asked for patience. */
            if (attempt == 0 && next > now + POKE_DELAY_MS) next = now + POKE_DELAY_MS;
            continue;
        }
        pthread_mutex_unlock(&t->mu);

        SyncResult r = SYNC_ERR_STORE;
        SyncReport rep;
        memset(&rep, 0, sizeof rep);
        if (!s && store_open(&s, t->db, err, sizeof err) != 0) {
            fprintf(stderr, "aukio: sync: %s\n", err);
            s = NULL;
        }
        if (s) {
            store_set_escrow(s, true);
            r = sync_round_changed(s, &hub, now_s(), &rep, t->round, &t->stop, err, sizeof err);
        }
        if (rep.skipped > 0) {
            /* Event ids are public; the reason names a field. Both escaped for the log. */
            char id[2 * RECORD_EVENT_ID_MAX], why[400];
            fprintf(stderr,
                    "aukio: sync: skipped %d event(s) this kiosk cannot read; the last: %s: %s\n",
                    rep.skipped, str_printable(rep.skipped_id, id, sizeof id),
                    str_printable(rep.skipped_why, why, sizeof why));
        }
        if (r == SYNC_OK) {
            attempt = 0;
            next = mono_ms() + (int64_t)t->interval_s * 1000;
        } else {
            if (!t->stop) fprintf(stderr, "aukio: sync: %s\n", err);
            attempt++;
            next = mono_ms() + (s ? sync_backoff_ms(attempt, rep.retry_after_s) : STORE_RETRY_MS);
        }
        publish(t, s, r == SYNC_OK, rep.pulled > 0);
        if (s) (void)store_checkpoint(s);
        pthread_mutex_lock(&t->mu);
    }
    pthread_mutex_unlock(&t->mu);
    store_close(s);
    return NULL;
}

SyncThread *sync_thread_start(const char *db_path, const SyncHub *hub, int interval_s,
                              void (*notify)(void *ctx), void *ctx, char *err, size_t errlen)
{
    SyncThread *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errlen, "sync: out of memory");
        return NULL;
    }
    snprintf(t->db, sizeof t->db, "%s", db_path);
    snprintf(t->url, sizeof t->url, "%s", hub->url ? hub->url : "");
    snprintf(t->token, sizeof t->token, "%s", hub->token ? hub->token : "");
    snprintf(t->ca, sizeof t->ca, "%s", hub->ca_file ? hub->ca_file : "");
    t->connect_s = hub->connect_timeout_s;
    t->low_speed_s = hub->low_speed_time_s;
    t->interval_s = interval_s > 0 ? interval_s : 60;
    t->notify = notify;
    t->ctx = ctx;
    t->round = calloc(1, sizeof *t->round);
    t->pending = calloc(1, sizeof *t->pending);
    if (!t->round || !t->pending) {
        free(t->round);
        free(t->pending);
        free(t);
        snprintf(err, errlen, "sync: out of memory");
        return NULL;
    }
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, &ca);
    pthread_condattr_destroy(&ca);
    sync_global_init();
    if (pthread_create(&t->th, NULL, thread_main, t) != 0) {
        snprintf(err, errlen, "sync: cannot start the thread");
        pthread_cond_destroy(&t->cv);
        pthread_mutex_destroy(&t->mu);
        free(t->round);
        free(t->pending);
        free(t);
        return NULL;
    }
    return t;
}

void sync_thread_poke(SyncThread *t)
{
    if (!t) return;
    pthread_mutex_lock(&t->mu);
    t->poke = true;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
}

void sync_thread_status(SyncThread *t, SyncThreadStatus *out)
{
    pthread_mutex_lock(&t->mu);
    *out = t->st;
    pthread_mutex_unlock(&t->mu);
}

void sync_thread_status_changed(SyncThread *t, SyncThreadStatus *out, SyncChanged *changed)
{
    pthread_mutex_lock(&t->mu);
    *out = t->st;
    changed->n = t->pending->n;
    changed->all = t->pending->all;
    memcpy(changed->id, t->pending->id, (size_t)t->pending->n * sizeof t->pending->id[0]);
    t->pending->n = 0;
    t->pending->all = false;
    pthread_mutex_unlock(&t->mu);
}

void sync_thread_stop(SyncThread *t)
{
    if (!t) return;
    pthread_mutex_lock(&t->mu);
    t->stop = 1;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->th, NULL);
    pthread_cond_destroy(&t->cv);
    pthread_mutex_destroy(&t->mu);
    free(t->round);
    free(t->pending);
    free(t);
}
