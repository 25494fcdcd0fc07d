/*
 * wire.h: the sync protocol's shapes and limits, shared by the hub (hub_*.c) and the kiosk's
 * client (client*.c). sync/PROTOCOL.md is the prose version of this header.
 *
 * Nothing here does I/O. Parsing functions take jansson values as `const void *` so this header
 * needs no jansson; strings they hand out are BORROWED from that value and live as long as it.
 */
#ifndef AUKIO_WIRE_H
#define AUKIO_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "event.h"
#include "records.h"
#include "util.h"


/* ---- Limits ------------------------------------------------------------------------------- */

#define WIRE_BODY_MAX (4 * 1024 * 1024) /* request bodies above this get 413 */
#define WIRE_OPS_MAX 1000               /* ops in one push */
#define WIRE_WANTS_MAX 200              /* entries in "want" or "settle" */
#define WIRE_PULL_LIMIT_DEFAULT 100
#define WIRE_PULL_LIMIT_MAX 1000
#define WIRE_TOKEN_MAX 127   /* bearer and enrolment tokens */
#define WIRE_CURSOR_MAX 96
#define WIRE_CODE_MAX 16 /* the kiosk's confirmation code */
#define WIRE_ANSWER_KEY_MAX 64
/* The kiosk stops confirming under a grant this many seconds before expires_in runs out, measured
 * on its monotonic clock from when it received the grant. */
#define WIRE_GRANT_MARGIN_S 60

/* ---- Error codes of {"error": code, "message": ...} bodies -------------------------------- */

#define WIRE_ERR_BAD_JSON "bad_json"         /* 400: body is not JSON */
#define WIRE_ERR_BAD_REQUEST "bad_request"   /* 400: JSON of the wrong shape */
#define WIRE_ERR_UNAUTHORIZED "unauthorized" /* 401 */
#define WIRE_ERR_NOT_FOUND "not_found"       /* 404 */
#define WIRE_ERR_METHOD "method_not_allowed" /* 405 */
#define WIRE_ERR_CURSOR_GONE "cursor_gone"   /* 410: take a full snapshot (no cursor) */
#define WIRE_ERR_TOO_LARGE "too_large"       /* 413 */
#define WIRE_ERR_OVERLOADED "overloaded"     /* 503 with Retry-After */
#define WIRE_ERR_INTERNAL "internal"         /* 500 */

/* ---- Reasons of rejected ops ("reason" of a per-op result) -------------------------------- */

#define WIRE_REJ_INVALID "invalid" /* a field is missing, of the wrong type or too long */
#define WIRE_REJ_UNKNOWN_EVENT "unknown_event"
#define WIRE_REJ_CANCELLED "event_cancelled"
#define WIRE_REJ_NO_REGISTRATION "no_registration"
#define WIRE_REJ_NOT_OPEN "not_yet_open"
#define WIRE_REJ_CLOSED "closed"
#define WIRE_REJ_GROUP "group_size"
#define WIRE_REJ_FULL "full"
#define WIRE_REJ_NOT_FOUND "not_found"         /* cancel of an unknown sign-up */
#define WIRE_REJ_UUID_CONFLICT "uuid_conflict" /* uuid already used by another device */

/* ---- Push ops ------------------------------------------------------------------------------ */

typedef enum { WIRE_OP_SIGNUP = 0, WIRE_OP_CANCEL, WIRE_OP_FEEDBACK } WireOpKind;

/* One op of a push, parsed and validated. Every string is borrowed from the JSON document and
 * never NULL except where noted; "" means absent. */
typedef struct {
    WireOpKind kind;
    char uuid[RECORD_UUID_LEN + 1]; /* lower-cased */
    int64_t created_at;           /* the kiosk's clock, Unix seconds; 0 if absent */
    const char *lang;             /* "fi" / "sv" / "en" / "" */
    /* signup */
    const char *event_id; /* feedback: "" = about the library */
    int group_size;
    const char *name;
    const char *email;
    const char *phone;
    const char *code;    /* the kiosk's confirmation code */
    const void *answers; /* json_t object {question_id: text} or NULL */
    const char *grant;   /* NULL = not confirmed under a grant, else the grant id */
    bool personal_wiped; /* the kiosk's retention period blanked name and contacts */
    /* cancel */
    char signup[RECORD_UUID_LEN + 1];
    /* feedback */
    int score;
    const char *comment;
} WireOp;

/* True if S is a UUID in 8-4-4-4-12 hex form (any case). */
bool wire_uuid_ok(const char *s);

/*
 * Parses one element of "ops". Returns 0 with *op filled, or -1 with a human-readable reason in
 * WHY (no personal data in it) and, when the element carried a well-formed "uuid", op->uuid set
 * (so the rejection can be remembered against it); op->uuid is "" otherwise.
 */
int wire_op_parse(WireOp *op, const void *json, char *why, size_t whylen) AUKIO_MUST_CHECK;

/* ---- Per-op answers ------------------------------------------------------------------------ */

typedef enum {
    WIRE_RES_CONFIRMED = 0,
    WIRE_RES_WAITLISTED,
    WIRE_RES_REJECTED,
    WIRE_RES_OK, /* cancel and feedback */
} WireResult;

const char *wire_result_name(WireResult r);

/* Formats one op's answer as compact JSON into BUF, e.g.
 * {"uuid":"…","result":"waitlisted","position":2}. REASON and MESSAGE are used for REJECTED only
 * (MESSAGE may be NULL), POSITION for WAITLISTED only. Returns the length, or -1 if BUF is too
 * small. */
int wire_answer_format(char *buf, size_t n, const char *uuid, WireResult r, int position,
                       const char *reason, const char *message);

/* ---- Cursors ------------------------------------------------------------------------------- */

/* A pull cursor is opaque to the kiosk. Inside: the hub database's epoch (32 hex digits, fixed
 * when the database is created), the last change sequence number served, and whether the pages
 * are a snapshot. */
typedef struct {
    char epoch[33];
    int64_t seq;
    bool snapshot;
} WireCursor;

void wire_cursor_format(const WireCursor *c, char *buf, size_t n);
/* Returns 0 or -1 if S is not a cursor this code could have written. */
int wire_cursor_parse(WireCursor *c, const char *s) AUKIO_MUST_CHECK;

#endif
