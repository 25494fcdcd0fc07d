/*
 * wire_json.h: the kiosk's reader of a pull page (GET /v1/changes) that keeps each event's
 * bytes as the hub sent them.
 *
 * A page is parsed by yajl (Debian's libyajl) into the same jansson tree json_loadb would give,
 * and while it parses, the byte span of each change's "event" object is noted. The kiosk stores
 * those bytes as the event's document instead of re-serialising the tree (a quarter of a
 * 10,000-event pull), and yajl's lexer is several times cheaper than jansson's (half of it).
 * README.md, "Start and the floor (issue 12)", says why yajl.
 *
 * What is refused, as json_loadb refuses it (the whole page, with where and why): anything that
 * is not one JSON value (trailing bytes, comments, a truncated text), malformed UTF-8, a string
 * holding U+0000, an integer out of range, nesting deeper than WIRE_JSON_DEPTH_MAX.
 */
#ifndef AUKIO_WIRE_JSON_H
#define AUKIO_WIRE_JSON_H

#include <stddef.h>

#include "wire_arena.h"

#define WIRE_JSON_DEPTH_MAX 64

/* The bytes of change I's "event" object in the body: [start, start + len); len 0 when the
 * change has none (a delete) or it is not an object. */
typedef struct {
    size_t start, len;
} WireSpan;

/*
 * Parses BODY (LEN bytes, not necessarily NUL-terminated) into a jansson tree (json_t *, the
 * caller's: json_decref). When SPANS is not NULL, *SPANS is a malloc'd array (the caller's:
 * free) of *N_SPANS entries, one per element of the root's "changes" array, in order (NULL and 0
 * when the root has no "changes" array). Returns NULL with WHY (the byte offset and the reason)
 * when the body is not valid JSON or memory runs out.
 */
void *wire_json_load(const char *body, size_t len, WireSpan **spans, size_t *n_spans, char *why,
                     size_t whylen);

/* As wire_json_load, with the tree's values in ARENA (wire_arena.h, the caller's), which must
 * outlive the tree: it is dropped with wire_arena_reset or wire_arena_free (no json_decref
 * needed). The same text is accepted or refused, with the same tree. */
void *wire_json_load_arena(const char *body, size_t len, WireSpan **spans, size_t *n_spans,
                           WireArena *arena, char *why, size_t whylen);

#endif
