/*
 * hub_fetch.h: one HTTP GET of a source's feed (libcurl): http and https only, TLS verified,
 * connect and total timeouts, a size cap, conditional on the last validators.
 */
#ifndef AUKIO_HUB_FETCH_H
#define AUKIO_HUB_FETCH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "result.h"

#define HUB_FETCH_VALIDATOR_MAX 255
#define HUB_FETCH_CONNECT_S 10
#define HUB_FETCH_TOTAL_S 120

typedef struct {
    long status;                                /* 200, 304 (not modified), ... */
    Buf body;                                   /* the body of a 200, at most the cap */
    char etag[HUB_FETCH_VALIDATOR_MAX + 1];     /* the answer's ETag, "" if none */
    char modified[HUB_FETCH_VALIDATOR_MAX + 1]; /* its Last-Modified, "" if none */
} HubFetch;

/* Whether URL is http:// or https:// (any case). */
bool hub_fetch_url_ok(const char *url);

/* GETs URL into *F (hub_fetch_deinit it on every return), with If-None-Match: ETAG and
 * If-Modified-Since: MODIFIED when they are not empty. A body over CAP bytes, a transfer
 * error, a truncated body or STOP becoming true fail with a reason in ERR; any HTTP status is
 * AUKIO_OK with F->status set (the caller decides). The total timeout is HUB_FETCH_TOTAL_S, or
 * $AUKIO_HUB_SOURCE_TIMEOUT_S seconds (tests). */
int hub_fetch_get(const char *url, const char *etag, const char *modified, size_t cap,
                  const atomic_bool *stop, HubFetch *f, char *err, size_t n) AUKIO_MUST_CHECK;

void hub_fetch_deinit(HubFetch *f);

#endif
