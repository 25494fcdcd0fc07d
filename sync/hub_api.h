/*
 * hub_api.h: the hub's HTTP API as a plain function, request in, response out, with no sockets.
 *
 * hub_http.c is the libmicrohttpd glue around it (connections, limits, bodies); the fuzz harness
 * (tests/fuzz/fuzz_hub_request.c) calls it directly on an in-process store. Everything a request
 * can change or answer is decided here, so both see the same hub.
 */
#ifndef AUKIO_HUB_API_H
#define AUKIO_HUB_API_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "hub_metrics.h"
#include "hub_store.h"

/* Pages of /v1/changes stop growing once they would pass this many bytes (PROTOCOL.md): half the
 * kiosk's 16 MiB response cap, whatever `limit` asks for. A page always carries at least one
 * change, so one event larger than the budget still goes, alone. */
#define HUB_PAGE_BYTES_DEFAULT (8 * 1024 * 1024)
/* The hard cap of a page's buffer: a single change beyond it is a 500. */
#define HUB_PAGE_BYTES_CAP (64u * 1024 * 1024)

/* Per-device write rate (`serve --device-rate N --device-burst N`): a token bucket per device
 * id, refilled at RATE requests per second up to BURST. The defaults allow a sync round many
 * times over and stop a kiosk stuck in a loop from holding the store's single writer. */
#define HUB_DEVICE_RATE_DEFAULT 20
#define HUB_DEVICE_BURST_DEFAULT 40
/* Buckets, by device id modulo this: two devices share one only beyond this many devices (then
 * the one bucket is reset to the newcomer, full; the limit is lost for those two, not tightened).
 */
#define HUB_RATE_SLOTS 1024

typedef struct {
    int64_t device_id; /* 0 = unused */
    double tokens;
    int64_t last_ms;
} HubRateSlot;

/* The API's state: the store and the decisions of `serve`. Shared by every thread. */
typedef struct {
    HubStore *store;
    HubPolicy policy;
    int max_writers;   /* write requests queued beyond this get 503 + Retry-After */
    size_t page_bytes; /* the byte budget of a page of changes */
    atomic_int writers;
    int rate, burst; /* per-device writes per second and burst; rate 0 = no limit */
    pthread_mutex_t rate_lock;
    HubRateSlot rate_slots[HUB_RATE_SLOTS];
    HubMetrics metrics; /* what /metrics counts (hub_metrics.h) */
} HubApi;

/* Sets API up over STORE (borrowed, the caller keeps it) with POLICY copied. No per-device rate
 * limit until hub_api_set_rate. */
void hub_api_init(HubApi *api, HubStore *store, const HubPolicy *policy, int max_writers,
                  size_t page_bytes);

/* One page of GET /v1/changes for the device DEVICE_ID after CURSOR (NULL or "" = a snapshot)
 * with at most LIMIT changes, exactly as the API answers it: AUKIO_OK with *BODY (caller frees),
 * AUKIO_ERR_NOT_FOUND when the cursor is gone (410; ERR says why), AUKIO_ERR with ERR. The
 * offline bundle (hub_bundle.c) writes its catalogue with it. */
int hub_api_changes_page(HubApi *api, int64_t device_id, const char *cursor, int limit, char **body,
                         char *err, size_t n) AUKIO_MUST_CHECK;

/* Limits each device's pushes and grants requests to RATE per second with bursts of BURST
 * (RATE 0: no limit). Beyond it the answer is 429 with Retry-After. */
void hub_api_set_rate(HubApi *api, int rate, int burst);

/* One request, as much of it as the API reads. Strings are borrowed, NUL-terminated. */
typedef struct {
    const char *method;        /* "GET", "POST", ... */
    const char *path;          /* without the query: "/v1/changes" */
    const char *cursor;        /* the query's cursor=, or NULL */
    const char *limit;         /* the query's limit=, or NULL */
    const char *waiting;       /* the query's waiting= (a kiosk's report), or NULL */
    const char *version;       /* the query's version=, or NULL */
    const char *authorization; /* the Authorization header, or NULL */
    const char *body;          /* may hold NUL bytes; NULL when BODY_LEN is 0 */
    size_t body_len;
    bool body_too_large; /* the body passed WIRE_BODY_MAX while streaming (then not kept) */
    int64_t mono_ms;     /* the monotonic clock for the rate limit; 0 = read it */
} HubApiRequest;

/* One response. Headers follow from it: Content-Type application/json and Cache-Control no-store
 * always, Retry-After when RETRY_AFTER > 0, WWW-Authenticate (the string) when set. */
typedef struct {
    unsigned status;
    char *body; /* JSON, malloc'd, never NULL after a hub_api_* call; caller frees */
    int retry_after;
    const char *www_authenticate; /* static, or NULL */
    const char *content_type;     /* static; NULL = application/json */
    bool authenticated;           /* the request carried a live device token */
} HubApiResponse;

/* Judges a request's head before its body is read. N_CONTENT_LENGTH is how many Content-Length
 * headers it has and CONTENT_LENGTH the first one's value (NULL if none). Returns true with the
 * answer in *OUT (400 for two or more Content-Length headers or a malformed one, 413 above
 * WIRE_BODY_MAX); false when the request may go on (*OUT untouched). */
bool hub_api_check_head(int n_content_length, const char *content_length, HubApiResponse *out);

/* Handles RQ to the end (store writes included) and fills *OUT. */
void hub_api_handle(HubApi *api, const HubApiRequest *rq, HubApiResponse *out);

/* Frees OUT's body. */
void hub_api_response_deinit(HubApiResponse *out);

#endif
