/*
 * client.h: the kiosk's side of sync (PROTOCOL.md): one round (push the outbox, settle and ask
 * for grants, pull the catalogue), enrolment, and the background thread that runs rounds on a
 * timer, soon after each new sign-up, and with backoff after failures.
 *
 * Exactly once: an outbox row is done only when the hub's answer for it is committed locally,
 * and the hub dedupes on the op's uuid forever, so any round may be cut anywhere and repeated.
 * The pull cursor is committed with the changes it brought (store_sync_apply).
 *
 * Nothing here logs or returns personal data: errors name requests, statuses and counts.
 *
 * All of it runs in the sync helper, aukio-sync (client_main.c, client_serve.c; README,
 * "Processes"): the kiosk's UI process (aukio) includes this header for its types, and links only
 * client_worker.c and the bundle export (client_bundle.c), never libcurl.
 */
#ifndef AUKIO_SYNC_CLIENT_H
#define AUKIO_SYNC_CLIENT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "result.h"
#include "store_sync.h"
#include "wire_json.h"

/* Where the hub is and how to talk to it. Strings are borrowed for the call (the thread copies
 * them). */
typedef struct {
    const char *url;       /* "https://hub.example.fi:8443"; http:// only for tests on loopback */
    const char *token;     /* the device token from enrolment */
    const char *ca_file;   /* PEM bundle to verify the hub with; NULL or "" = the system's */
    int connect_timeout_s; /* 0 = 10 s */
    int low_speed_time_s;  /* abort when under 16 bytes/s for this long; 0 = 30 s */
    size_t response_max;   /* the largest answer read, 0 = 16 MiB (tests set less) */
    int deadline_ms;       /* each request's whole time, connection included; 0 = none */
    /* For in-process tests (tests/fuzz/fuzz_sync_round.c): when set, each request goes to this
     * function instead of the network. It sets *STATUS and appends the answer's body to BODY
     * (a capped Buf: a failed append is an answer too large). Returns 0, or -1 for "no answer".
     * NULL in the programs. */
    int (*transport)(void *ctx, const char *method, const char *path, const char *body,
                     long *status, Buf *answer);
    void *transport_ctx;
} SyncHub;

typedef enum {
    SYNC_OK = 0,
    SYNC_ERR_NET,   /* no answer: connection, TLS, timeout, cut, truncated, too large */
    SYNC_ERR_RETRY, /* the hub said "later" (500, 503, 429): see SyncReport.retry_after_s */
    SYNC_ERR_AUTH,  /* 401: the device token is wrong or revoked */
    SYNC_ERR_HUB,   /* another unexpected status or a malformed answer */
    SYNC_ERR_STORE, /* the local database failed */
} SyncResult;

/* The events a round changed on this kiosk (the pull's pages, the grants asked and closed), for
 * the kiosk to read only those rows (issue 12). More than SYNC_CHANGED_MAX, or a change not
 * named by event (a sign-up's answer), sets ALL: the kiosk reads the whole list. */
#define SYNC_CHANGED_MAX 256
typedef struct {
    int n;
    bool all;
    char id[SYNC_CHANGED_MAX][RECORD_EVENT_ID_MAX + 1];
} SyncChanged;

/* Adds ID to C (once); NULL C: nothing. */
void sync_changed_add(SyncChanged *c, const char *id);

/* What a round did, for `aukio sync --once` and the status line. */
typedef struct {
    int pushed, confirmed, waitlisted, rejected, ok; /* ops answered, by answer */
    int settled, released;                           /* grants settled, seats given back */
    int granted, granted_seats;                      /* grants received with seats */
    int pulled, pages;                               /* catalogue changes applied */
    int skipped;                                     /* events in pages the kiosk cannot read */
    char skipped_id[RECORD_EVENT_ID_MAX + 1];        /* the last of them, with why */
    char skipped_why[160];
    int page_limit;       /* the pull's last ?limit= */
    bool snapshot;        /* a full snapshot was taken */
    long http_status;     /* of the request that failed */
    long retry_after_s;   /* from Retry-After, 0 = none */
    SyncChanged *changed; /* NULL, or filled with the events changed (sync_round_changed) */
} SyncReport;

/* The op of one outbox row as it goes on the wire (the payload the store wrote, checked with the
 * hub's parser; one that does not parse goes as its uuid and kind alone, which the hub rejects as
 * invalid, settling the row). Caller frees; NULL when out of memory. */
char *sync_op_text(const OutboxItem *it);

/* One pull page read into the store's terms, then stored (client_pull.c). Reading (the frame,
 * each event through event_from_json, the sign-ups' answers) touches no store, so a pull reads
 * the next page on another thread while this one is stored (client.c, "Pull"); storing is one
 * transaction (store_sync_apply_page), in page order. */
typedef struct {
    WirePage pg;    /* the frame; its cursor is borrowed from the page's tree */
    SyncChange *ch; /* pg.n of them; ids and json borrowed from the tree, docs from the text */
    Event *evs;     /* the events read, parsed of them */
    size_t parsed;
    WireSignupChange *su; /* nsu of them */
    size_t nsu;
} PulledPage;

/* Reads PAGE (the tree of GET /v1/changes's answer; BODY its text and SPANS its events' bytes,
 * or NULL) into *OUT, which borrows from both: they must outlive it. An event this kiosk cannot
 * read is a SKIP change, counted in REP (skipped, skipped_id, skipped_why, nothing else).
 * Returns SYNC_OK, or an error with ERR; release *OUT either way. */
SyncResult sync_page_read(const void *page, const char *body, const WireSpan *spans, size_t n_spans,
                          PulledPage *out, SyncReport *rep, char *err,
                          size_t errlen) AUKIO_MUST_CHECK;

/* Stores P in one transaction and counts it in REP (pulled, pages, snapshot, changed). */
SyncResult sync_page_store(Store *s, const PulledPage *p, SyncReport *rep, char *err,
                           size_t errlen) AUKIO_MUST_CHECK;

/* Frees what P holds (not what it borrows) and empties it. */
void sync_page_release(PulledPage *p);

/* Applies one page of changes PAGE (a json_t, GET /v1/changes's answer) to S in one transaction,
 * as a pull does; *MORE says whether the page says more follow. Counts go into REP. */
SyncResult sync_page_apply(Store *s, const void *page, bool *more, SyncReport *rep, char *err,
                           size_t errlen) AUKIO_MUST_CHECK;
/* As sync_page_apply, with BODY the page's text and SPANS (N_SPANS, one per change, from
 * wire_json_load) where each event's bytes are in it: those bytes are stored as the event's
 * document instead of a re-serialised copy. BODY NULL: as sync_page_apply. */
SyncResult sync_page_apply_text(Store *s, const void *page, const char *body, const WireSpan *spans,
                                size_t n_spans, bool *more, SyncReport *rep, char *err,
                                size_t errlen) AUKIO_MUST_CHECK;

/* ---- Offline bundles (client_bundle.c; PROTOCOL.md, "Offline bundles") ---- */

/* "Export for the coordinator": every pending outbox row into the bundle file PATH (mode 0600),
 * authenticated with a key derived from the device TOKEN (bundle.h), written by FROM (the
 * kiosk's name, for people) at NOW. The rows stay pending: the hub answers them when the kiosk
 * next syncs, from its memory of the ops the bundle brought. *N_OPS gets the ops written.
 * AUKIO_OK, or AUKIO_ERR with ERR (not enrolled, I/O); nothing is written then. */
AukioRc sync_bundle_export(Store *s, const char *token, const char *from, const char *path,
                           int64_t now, int *n_ops, char *err, size_t errlen) AUKIO_MUST_CHECK;

/* Applies the hub's catalogue bundle PATH (`aukio-hub bundle export`) at NOW: its MAC is checked
 * against the device TOKEN and every page read before anything changes; then the pages are
 * applied as a pull's and the grants opened. A forged, altered, malformed or stale bundle is
 * refused with ERR and changes nothing: AUKIO_ERR_DENIED (MAC), AUKIO_ERR_INVALID (shape),
 * AUKIO_ERR (other). REP counts the changes and grants. */
AukioRc sync_bundle_import(Store *s, const char *token, const char *path, int64_t now,
                           SyncReport *rep, char *err, size_t errlen) AUKIO_MUST_CHECK;

/* Calls curl_global_init once; call from main() before any thread starts. */
void sync_global_init(void);

/* One full round against HUB with the kiosk's store S at wall time NOW. Stops at the first
 * failure; everything done before it is committed and is not redone. ERR says why. */
SyncResult sync_round(Store *s, const SyncHub *hub, int64_t now, SyncReport *rep, char *err,
                      size_t errlen) AUKIO_MUST_CHECK;

/* sync_round that aborts a transfer under way once *ABORT_FLAG is non-zero (the thread's stop). */
SyncResult sync_round_abortable(Store *s, const SyncHub *hub, int64_t now, SyncReport *rep,
                                const atomic_int *abort_flag, char *err,
                                size_t errlen) AUKIO_MUST_CHECK;

/* As sync_round_abortable, adding the events the round changed to CHANGED (NULL: none kept), for
 * the kiosk to read only their rows (client_thread.c, issue 12). */
SyncResult sync_round_changed(Store *s, const SyncHub *hub, int64_t now, SyncReport *rep,
                              SyncChanged *changed, const atomic_int *abort_flag, char *err,
                              size_t errlen) AUKIO_MUST_CHECK;

/* The express path: pushes the pending op UUID alone (a sign-up the kiosk could not confirm
 * from its grants) and records the hub's answer, as a round's push would; HUB->deadline_ms bounds
 * it. Idempotent with the rounds (the hub dedupes on the uuid; an answered row is not sent
 * again: SYNC_OK with rep->pushed 0). */
SyncResult sync_push_one(Store *s, const SyncHub *hub, const char *uuid, int64_t now,
                         SyncReport *rep, char *err, size_t errlen) AUKIO_MUST_CHECK;

/* POST /v1/enrol with the one-time ENROL_TOKEN and REQUEST_ID (a UUID the caller chose and
 * stored before the call, the same on every retry: a retry of a lost answer then gets the same
 * device token; NULL sends none). On success fills DEVICE (the hub's name for the kiosk) and
 * TOKEN (the device token to store in the config). HUB->token is not used. */
SyncResult sync_enrol(const SyncHub *hub, const char *enrol_token, const char *request_id,
                      char *device, size_t devlen, char *token, size_t toklen, char *err,
                      size_t errlen) AUKIO_MUST_CHECK;

/* One sign-up by its confirmation CODE at the hub ("My sign-up" for a code this kiosk does not
 * know; PROTOCOL.md): its status (CANCEL false) or a cancel by the code (CANCEL true), within
 * HUB->deadline_ms. SYNC_OK with *FOUND and *OUT, or SYNC_OK with *FOUND false when the hub
 * knows no sign-up by the code; anything else is no answer about it. */
SyncResult sync_signup_remote(const SyncHub *hub, const char *code, bool cancel,
                              WireSignupInfo *out, bool *found, char *err,
                              size_t errlen) AUKIO_MUST_CHECK;

/* The delay before retry number ATTEMPT (1 = the first after a failure): uniformly random in
 * [1 s, min(600 s, 2 s * 2^ATTEMPT)] ("full jitter"), at least RETRY_AFTER_S. In ms. */
int64_t sync_backoff_ms(int attempt, long retry_after_s);

/* ---- Background thread -------------------------------------------------------------------- */

typedef struct SyncThread SyncThread;

/* What the UI shows. Copied out under the thread's mutex. */
typedef struct {
    int64_t last_ok;        /* wall time of the last complete round, 0 = never */
    int queued;             /* records not yet answered by the hub */
    bool failing;           /* the last round failed */
    unsigned catalogue_gen; /* goes up when a pull changed the catalogue */
} SyncThreadStatus;

/* As sync_thread_status, and moves the events changed since the last call into CHANGED (emptied
 * first; ALL when they were too many or not known). */
void sync_thread_status_changed(SyncThread *t, SyncThreadStatus *out, SyncChanged *changed);

/* Starts the thread: it opens its own Store on DB_PATH, runs a round at once and then every
 * INTERVAL_S seconds. NOTIFY(CTX), when not NULL, is called from the thread whenever the status
 * changed (it must be thread-safe, e.g. SDL_PushEvent). Returns NULL with ERR on failure. */
SyncThread *sync_thread_start(const char *db_path, const SyncHub *hub, int interval_s,
                              void (*notify)(void *ctx), void *ctx, char *err, size_t errlen);

/* Something new is in the outbox: sync soon (unless backing off after a failure). */
void sync_thread_poke(SyncThread *t);

/* Copies the current status into OUT. */
void sync_thread_status(SyncThread *t, SyncThreadStatus *out);

/* Stops the thread (aborting a transfer under way), joins it and frees T. NULL is fine. */
void sync_thread_stop(SyncThread *t);

/* ---- Express: one sign-up answered by the hub while the visitor waits ---------------------- */

/* The whole wait for the hub's answer, from the tap: at most 1.5 s (the commit before it takes
 * a few ms). */
#define SYNC_EXPRESS_DEADLINE_MS 1400

typedef struct SyncExpress SyncExpress;

typedef struct {
    char uuid[RECORD_UUID_LEN + 1];
    SyncResult result;  /* SYNC_OK: the hub's answer is recorded in the store */
    int64_t elapsed_ms; /* from the worker's start to the answer */
} SyncExpressAnswer;

/* Starts the worker (its own Store on DB_PATH). NOTIFY(CTX), when not NULL, is called from the
 * worker when an answer is ready (thread-safe, e.g. SDL_PushEvent). NULL with ERR on failure. */
SyncExpress *sync_express_start(const char *db_path, const SyncHub *hub, void (*notify)(void *ctx),
                                void *ctx, char *err, size_t errlen);

/* Asks the hub now for the answer to the pending sign-up UUID, within DEADLINE_MS. False when a
 * request is already under way (nothing asked). */
bool sync_express_ask(SyncExpress *x, const char *uuid, int deadline_ms);

/* Takes a finished request's answer into *OUT: true when there was one. WAIT blocks until the
 * request under way (if any) is done. */
bool sync_express_take(SyncExpress *x, bool wait, SyncExpressAnswer *out);

/* Stops the worker (waiting for a request under way: at most its deadline) and frees X. */
void sync_express_stop(SyncExpress *x);

/* ---- Lookup: one sign-up by its code at the hub, while the visitor waits ------------------- */

typedef struct SyncLookup SyncLookup;

typedef struct {
    char code[WIRE_CODE_MAX + 1];
    bool cancel;       /* the request was a cancel by the code */
    SyncResult result; /* SYNC_OK: the hub answered (FOUND says whether it knows the code) */
    bool found;
    WireSignupInfo info; /* when FOUND */
} SyncLookupAnswer;

/* Starts the worker (no store: the answer goes to the app, which keeps it only on the screen).
 * NOTIFY(CTX) as for sync_express_start. NULL with ERR on failure. */
SyncLookup *sync_lookup_start(const SyncHub *hub, void (*notify)(void *ctx), void *ctx, char *err,
                              size_t errlen);

/* Asks the hub about CODE (a cancel by it when CANCEL) within DEADLINE_MS. False when a request
 * is already under way (nothing asked). */
bool sync_lookup_ask(SyncLookup *x, const char *code, bool cancel, int deadline_ms);

/* Takes a finished request's answer into *OUT: true when there was one. WAIT blocks until the
 * request under way (if any) is done. */
bool sync_lookup_take(SyncLookup *x, bool wait, SyncLookupAnswer *out);

/* Stops the worker (waiting for a request under way: at most its deadline) and frees X. NULL is
 * fine. */
void sync_lookup_stop(SyncLookup *x);

#endif
