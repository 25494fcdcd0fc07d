/*
 * client_worker.c: a worker thread that takes one request at a time and hands its answer back
 * (client_worker.h). The express push (client_express.c) and the sign-up lookup
 * (client_lookup.c) are both one: there is one visitor at the screen, so one request under way
 * is enough, and the UI thread never waits for it, except a headless run (its clock is virtual,
 * and it must show what a visitor would see).
 */
#include "client_worker.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { W_IDLE = 0, W_ASKED, W_RUNNING, W_DONE } WState;

struct SyncWorker {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
    WState state;
    SyncWorkerJob job;
    void *job_ctx;
    void (*notify)(void *ctx);
    void *notify_ctx;
    size_t req_size, ans_size;
    unsigned char *req, *ans;         /* the request asked, the last answer (under MU) */
    unsigned char *run_req, *run_ans; /* the worker's own copies while the job runs */
};

static void *worker_main(void *arg)
{
    SyncWorker *w = arg;
    pthread_mutex_lock(&w->mu);
    while (!w->stop) {
        if (w->state != W_ASKED) {
            pthread_cond_wait(&w->cv, &w->mu);
            continue;
        }
        w->state = W_RUNNING;
        memcpy(w->run_req, w->req, w->req_size);
        pthread_mutex_unlock(&w->mu);

        memset(w->run_ans, 0, w->ans_size);
        w->job(w->job_ctx, w->run_req, w->run_ans);

        pthread_mutex_lock(&w->mu);
        memcpy(w->ans, w->run_ans, w->ans_size);
        w->state = W_DONE;
        pthread_cond_broadcast(&w->cv);
        if (w->notify) {
            pthread_mutex_unlock(&w->mu);
            w->notify(w->notify_ctx);
            pthread_mutex_lock(&w->mu);
        }
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

static void worker_free(SyncWorker *w)
{
    free(w->req);
    free(w->ans);
    free(w->run_req);
    free(w->run_ans);
    free(w);
}

SyncWorker *sync_worker_start(size_t req_size, size_t ans_size, SyncWorkerJob job, void *job_ctx,
                              void (*notify)(void *ctx), void *notify_ctx, const char *what,
                              char *err, size_t errlen)
{
    SyncWorker *w = calloc(1, sizeof *w);
    if (w) {
        w->req = calloc(1, req_size);
        w->ans = calloc(1, ans_size);
        w->run_req = calloc(1, req_size);
        w->run_ans = calloc(1, ans_size);
    }
    if (!w || !w->req || !w->ans || !w->run_req || !w->run_ans) {
        if (w) worker_free(w);
        snprintf(err, errlen, "%s: out of memory", what);
        return NULL;
    }
    w->req_size = req_size;
    w->ans_size = ans_size;
    w->job = job;
    w->job_ctx = job_ctx;
    w->notify = notify;
    w->notify_ctx = notify_ctx;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(&w->th, NULL, worker_main, w) != 0) {
        snprintf(err, errlen, "%s: cannot start the thread", what);
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        worker_free(w);
        return NULL;
    }
    return w;
}

bool sync_worker_ask(SyncWorker *w, const void *req)
{
    if (!w) return false;
    pthread_mutex_lock(&w->mu);
    bool ok = w->state == W_IDLE || w->state == W_DONE;
    if (ok) {
        memcpy(w->req, req, w->req_size);
        w->state = W_ASKED;
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return ok;
}

bool sync_worker_take(SyncWorker *w, bool wait, void *ans)
{
    if (!w) return false;
    pthread_mutex_lock(&w->mu);
    while (wait && !w->stop && (w->state == W_ASKED || w->state == W_RUNNING))
        pthread_cond_wait(&w->cv, &w->mu);
    bool done = w->state == W_DONE;
    if (done) {
        memcpy(ans, w->ans, w->ans_size);
        w->state = W_IDLE;
    }
    pthread_mutex_unlock(&w->mu);
    return done;
}

void sync_worker_stop(SyncWorker *w)
{
    if (!w) return;
    pthread_mutex_lock(&w->mu);
    w->stop = true;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->th, NULL);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    worker_free(w);
}
