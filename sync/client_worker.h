/*
 * client_worker.h: one worker thread, one request at a time (client_worker.c). Requests and
 * answers are fixed-size structs copied in and out under the worker's lock; JOB runs on the
 * worker thread with its own copies, outside the lock.
 */
#ifndef AUKIO_SYNC_CLIENT_WORKER_H
#define AUKIO_SYNC_CLIENT_WORKER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct SyncWorker SyncWorker;

/* Carries out REQUEST (REQ_SIZE bytes) into ANSWER (ANS_SIZE bytes, zeroed), on the worker. */
typedef void (*SyncWorkerJob)(void *job_ctx, const void *request, void *answer);

/* Starts the thread. NOTIFY(NOTIFY_CTX), when not NULL, is called from it when an answer is
 * ready (thread-safe, e.g. SDL_PushEvent). WHAT names it in ERR. NULL with ERR on failure. */
SyncWorker *sync_worker_start(size_t req_size, size_t ans_size, SyncWorkerJob job, void *job_ctx,
                              void (*notify)(void *ctx), void *notify_ctx, const char *what,
                              char *err, size_t errlen);

/* Hands REQ to the worker. False when a request is already under way (nothing asked). */
bool sync_worker_ask(SyncWorker *w, const void *req);

/* Copies a finished request's answer into ANS: true when there was one. WAIT blocks until the
 * request under way (if any) is done. */
bool sync_worker_take(SyncWorker *w, bool wait, void *ans);

/* Stops the thread (waiting for a job under way), joins it and frees W. NULL is fine. */
void sync_worker_stop(SyncWorker *w);

#endif
