/*
 * hub_source_refs.h: a Linked Events page's references resolved through the sources' fetcher.
 * An event names its place as {"@id": ".../place/ID/"} unless the API was asked with
 * include=location, and its audience as keyword references unless include=audience: those
 * documents are fetched once per source run (cached by URL, at most HUB_REFS_FETCH_MAX) and put
 * in the page in place of the reference. A reference that cannot be fetched is left as it is,
 * with a note: the event keeps its place id and the source's --venue. Only references on the
 * source's own host (and port) are fetched: a feed cannot make the hub ask other hosts (its own
 * network, say) for documents.
 */
#ifndef AUKIO_HUB_SOURCE_REFS_H
#define AUKIO_HUB_SOURCE_REFS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>

#include "result.h"

/* Documents fetched for one source run, and the largest one. */
#define HUB_REFS_FETCH_MAX 200
#define HUB_REFS_DOC_MAX (1024u * 1024)

typedef struct HubRefs HubRefs;

/* Whether URLs A and B name the same host and port (any case; http's :80 and https's :443 are
 * no port, so that an http source whose API links https is one host). */
bool hub_refs_same_origin(const char *a, const char *b);

/* A cache for one run of the source at URL (NULL when out of memory). */
HubRefs *hub_refs_new(const char *url);
/* Prints what was resolved and what not to OUT (once, at the end of a run), and frees R. */
void hub_refs_free(HubRefs *r, FILE *out, const char *label);

/* Resolves the references of the page TEXT. *RESOLVED gets the page with them in place
 * (malloc'd, caller frees, *RLEN its length), or NULL when the page has none to resolve or is
 * no JSON (the parser then says why). Fails only when out of memory. */
int hub_refs_resolve(HubRefs *r, const char *text, size_t len, const atomic_bool *stop,
                     char **resolved, size_t *rlen, char *err, size_t n) AUKIO_MUST_CHECK;

#endif
