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
#define WIRE_TOKEN_MAX 127 /* bearer and enrolment tokens */
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
#define WIRE_ERR_RATE "rate_limited"         /* 429 with Retry-After: this device, too fast */
#define WIRE_ERR_INTERNAL "internal"         /* 500 */
#define WIRE_ERR_NO_SIGNUP "no_signup"       /* 404: no sign-up has this confirmation code */

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

/* ---- Ops: the records a kiosk pushes ------------------------------------------------------
 *
 * Every field of an op is one line of WIRE_OP_FIELDS: its kinds, type, C member, JSON key and
 * range. The WireOp struct, wire_op_parse and wire_op_build are all generated from that list, so
 * a new field of the sign-up message is one line here and cannot be declared without being sent
 * and read (nor sent under one name and read under another). The kiosk builds the op once, when
 * the record is committed, and keeps it in its outbox as it will be sent.
 *
 * Kinds: S = signup, C = cancel, F = feedback, K = checkin, E = event (made on the spot by
 * staff, issue 10). Types (C member):
 *   UUID  char[37], lower-cased; required      STR   const char *, "" when absent; max bytes
 *   OPTID const char *, a UUID or NULL = absent INT   int in [min, max]; required if min > 0
 *   TIME  int64_t Unix seconds, 0 = absent      FLAG  bool, sent only when true
 *   LANG  const char *, "fi"/"sv"/"en"/""      JSON  const void * (json_t object) or NULL
 *   EVENT const void * (json_t object, an event in the model's JSON form); required
 */
#define WIRE_K_S 1u
#define WIRE_K_C 2u
#define WIRE_K_F 4u
#define WIRE_K_K 8u
#define WIRE_K_E 16u
#define WIRE_K_ALL 31u

/* An event made on the spot is named after the uuid of the op that carries it: WIRE_SPOT_PREFIX
 * followed by that uuid in lower case. Nobody else can choose such an id (the op's uuid is the
 * kiosk's, and the hub refuses one used by another device), so it never collides with the
 * catalogue's. */
#define WIRE_SPOT_PREFIX "spot:"
/* The op's event, serialised, is at most this many bytes (descriptions and questions included). */
#define WIRE_EVENT_JSON_MAX (64 * 1024)

/* X(kinds, type, member, "key", min, max) */
#define WIRE_OP_FIELDS(X)                                                                          \
    X(WIRE_K_ALL, TIME, created_at, "created_at", 0, INT64_C(253402300799))                        \
    X(WIRE_K_ALL, LANG, lang, "lang", 0, 2)                                                        \
    X(WIRE_K_S | WIRE_K_F, STR, event_id, "event_id", 0, RECORD_EVENT_ID_MAX)                      \
    X(WIRE_K_S, INT, group_size, "group_size", 1, RECORD_GROUP_MAX)                                \
    X(WIRE_K_S, STR, name, "name", 0, SIGNUP_NAME_MAX)                                             \
    X(WIRE_K_S, STR, email, "email", 0, SIGNUP_EMAIL_MAX)                                          \
    X(WIRE_K_S, STR, phone, "phone", 0, SIGNUP_PHONE_MAX)                                          \
    X(WIRE_K_S, STR, code, "code", 0, WIRE_CODE_MAX)                                               \
    X(WIRE_K_S | WIRE_K_E, OPTID, grant, "grant", 0, RECORD_UUID_LEN)                              \
    X(WIRE_K_S, FLAG, personal_wiped, "personal_wiped", 0, 1)                                      \
    X(WIRE_K_S, JSON, answers, "answers", 0, EVENT_MAX_QUESTIONS)                                  \
    X(WIRE_K_S, STR, status, "status", 0, 16)                                                      \
    X(WIRE_K_S, INT, position, "position", 0, 1000000)                                             \
    X(WIRE_K_C | WIRE_K_K, UUID, signup, "signup", 0, RECORD_UUID_LEN)                             \
    X(WIRE_K_K, INT, attended, "attended", 0, 1)                                                   \
    X(WIRE_K_F, INT, score, "score", 1, 4)                                                         \
    X(WIRE_K_F, STR, comment, "comment", 0, FEEDBACK_COMMENT_MAX)                                  \
    X(WIRE_K_F, STR, reasons, "reasons", 0, FEEDBACK_REASONS_MAX)                                  \
    X(WIRE_K_F, OPTID, amends, "amends", 0, RECORD_UUID_LEN)                                       \
    X(WIRE_K_E, EVENT, event, "event", 0, WIRE_EVENT_JSON_MAX)

#define WIRE_CT_TIME(m) int64_t m
#define WIRE_CT_LANG(m) const char *m
#define WIRE_CT_STR(m) const char *m
#define WIRE_CT_INT(m) int m
#define WIRE_CT_OPTID(m) const char *m
#define WIRE_CT_FLAG(m) bool m
#define WIRE_CT_JSON(m) const void *m
#define WIRE_CT_EVENT(m) const void *m
#define WIRE_CT_UUID(m) char m[RECORD_UUID_LEN + 1]
#define WIRE_DECLARE_FIELD(kinds, type, member, key, min, max) WIRE_CT_##type(member);

typedef enum {
    WIRE_OP_SIGNUP = 0,
    WIRE_OP_CANCEL,
    WIRE_OP_FEEDBACK,
    WIRE_OP_CHECKIN,
    WIRE_OP_EVENT
} WireOpKind;

/*
 * One op. From wire_op_parse every string is borrowed from the JSON document; for wire_op_build
 * the caller's strings are read during the call. The sign-up's meaning, field by field:
 *   event_id (feedback: "" = about the library), group_size, name/email/phone (blank after the
 *   kiosk's retention period, with personal_wiped set), code (the kiosk's confirmation code),
 *   grant (the grant it was confirmed under, NULL = none), answers ({question id: text}),
 *   status and position (what the kiosk told the visitor: "confirmed", or "waitlisted" at a
 *   place); cancel: signup (the uuid of the sign-up); checkin: signup (the uuid of one of the
 *   same device's sign-ups) and attended (1 = the party came, 0 = undone; the op with the latest
 *   created_at wins, so a replay or an older op never undoes a newer one); feedback: score 1..4,
 * comment, reasons (the follow-up's reason ids, comma-joined) and amends (NULL, or the uuid of the
 * same device's feedback this one updates: its score, comment and reasons replace that record's);
 * event: event (the whole event, its id WIRE_SPOT_PREFIX + the op's uuid; the hub reads it with
 * event_from_json) and grant (NULL, or the id under which the kiosk holds every seat of it until
 * the hub has it: the hub opens that grant for the device with all of the event's seats).
 */
typedef struct {
    WireOpKind kind;
    char uuid[RECORD_UUID_LEN + 1]; /* lower-cased */
    WIRE_OP_FIELDS(WIRE_DECLARE_FIELD)
} WireOp;

/* True if S is a UUID in 8-4-4-4-12 hex form (any case). */
bool wire_uuid_ok(const char *s);

/* The op's kind as sent ("signup", "cancel", "feedback", "checkin", "event"), and back (-1 if
 * unknown). */
const char *wire_op_kind_name(WireOpKind k);
int wire_op_kind_from_name(const char *s);

/* Sets every string of OP to "" and everything else to 0/NULL, keeping KIND. */
void wire_op_init(WireOp *op, WireOpKind kind);

/*
 * Parses one element of "ops". Returns 0 with *op filled, or -1 with a human-readable reason in
 * WHY (no personal data in it) and, when the element carried a well-formed "uuid", op->uuid set
 * (so the rejection can be remembered against it); op->uuid is "" otherwise.
 */
int wire_op_parse(WireOp *op, const void *json, char *why, size_t whylen) AUKIO_MUST_CHECK;

/* The op as compact JSON (caller frees), the form wire_op_parse reads; NULL when out of memory.
 * Fields of other kinds are not sent; FLAG fields only when true, OPTID and JSON when set. */
char *wire_op_build(const WireOp *op);

/* The body of POST /v1/push, {"ops":[...]}, built from ops already in wire_op_build's form:
 * wire_push_begin, then wire_push_add for each, then wire_push_end. Each returns 0, or -1 when
 * B's cap is reached (B is then incomplete). */
int wire_push_begin(Buf *b) AUKIO_MUST_CHECK;
int wire_push_add(Buf *b, const char *op_json, int index) AUKIO_MUST_CHECK;
int wire_push_end(Buf *b) AUKIO_MUST_CHECK;

/* ---- Per-op answers ------------------------------------------------------------------------ */

typedef enum {
    WIRE_RES_CONFIRMED = 0,
    WIRE_RES_WAITLISTED,
    WIRE_RES_REJECTED,
    WIRE_RES_OK, /* cancel and feedback */
    WIRE_RES_COUNT
} WireResult;

/* "confirmed", "waitlisted", "rejected", "ok" (an out-of-range R: "rejected"), and back (-1 if
 * S names no result). */
const char *wire_result_name(WireResult r);
int wire_result_from_name(const char *s);

/* Formats one op's answer as compact JSON into BUF, e.g.
 * {"uuid":"…","result":"waitlisted","position":2}. REASON and MESSAGE are used for REJECTED only
 * (MESSAGE may be NULL), POSITION for WAITLISTED only. Returns the length, or -1 if BUF is too
 * small. */
int wire_answer_format(char *buf, size_t n, const char *uuid, WireResult r, int position,
                       const char *reason, const char *message);

/* The body of a push's answer, {"results":[...]}, from N answers in wire_answer_format's form.
 * Caller frees; NULL when out of memory or over MAX bytes. */
char *wire_results_build(char *const *answers, int n, size_t max);

/* One answer as the kiosk reads it. */
typedef struct {
    char uuid[RECORD_UUID_LEN + 1];
    WireResult result;
    int position;    /* waitlisted */
    char reason[32]; /* rejected: a WIRE_REJ_* code, cut to fit */
} WireAnswer;

/* Reads the N answers of a push's answer ROOT ({"results":[...]}): exactly N, in order, each
 * naming the uuid of op i in UUIDS[i] (case-insensitive). Returns 0 with OUT[0..N-1] filled, or
 * -1 with WHY (then nothing is to be recorded; the batch is simply sent again). */
int wire_results_parse(const void *root, const char (*uuids)[RECORD_UUID_LEN + 1], int n,
                       WireAnswer *out, char *why, size_t whylen) AUKIO_MUST_CHECK;

/* ---- Grants: settle and want, in one request ----------------------------------------------- */

typedef struct {
    char grant[RECORD_UUID_LEN + 1];
    int used; /* seats the kiosk confirmed under it */
} WireSettle;

typedef struct {
    char grant[RECORD_UUID_LEN + 1];
    char event_id[RECORD_EVENT_ID_MAX + 1];
    int seats; /* asked for, 1..1000 */
} WireWant;

/* The answer to one settle. */
typedef struct {
    char grant[RECORD_UUID_LEN + 1];
    int released;      /* seats given back to the event */
    const char *error; /* NULL, or "unknown_grant" (borrowed) */
} WireSettled;

/* The answer to one want. */
typedef struct {
    char grant[RECORD_UUID_LEN + 1];
    char event_id[RECORD_EVENT_ID_MAX + 1];
    int seats;          /* granted, 0 = none */
    int64_t expires_in; /* seconds on the hub's clock */
    const char *reason; /* why 0 seats, or NULL (borrowed) */
} WireGrant;

/* {"settle":[...],"want":[...]} (caller frees; NULL when out of memory). */
char *wire_grants_request_build(const WireSettle *settle, int ns, const WireWant *want, int nw);

/* Parses a grants request. Hands over malloc'd arrays (caller frees both, also on failure) of at
 * most WIRE_WANTS_MAX entries each. Returns 0, or -1 with WHY naming the first bad entry. */
int wire_grants_request_parse(const void *root, WireSettle **settle, int *ns, WireWant **want,
                              int *nw, char *why, size_t whylen) AUKIO_MUST_CHECK;

/* {"settled":[...],"grants":[...],"margin":M} (caller frees; NULL when out of memory). */
char *wire_grants_answer_build(const WireSettled *settled, int ns, const WireGrant *grants, int ng,
                               int margin);

/* Parses a grants answer. Entries with a malformed grant id or numbers out of range are left
 * out (the kiosk asks again under the same id, or settles again). Hands over malloc'd arrays
 * (caller frees both, also on failure); strings in them are borrowed from ROOT. *MARGIN is at
 * least WIRE_GRANT_MARGIN_S. Returns 0, or -1 with WHY when ROOT is not a grants answer. */
int wire_grants_answer_parse(const void *root, WireSettled **settled, int *ns, WireGrant **grants,
                             int *ng, int *margin, char *why, size_t whylen) AUKIO_MUST_CHECK;

/* ---- Enrolment ------------------------------------------------------------------------------ */

/* {"token":"...","request_id":"<uuid>"} (caller frees). REQUEST_ID (the kiosk's choice, the same
 * on every retry of one enrolment) is left out when NULL. */
char *wire_enrol_request_build(const char *enrol_token, const char *request_id);
/* The enrolment token of a request (borrowed from ROOT), or NULL with WHY. *REQUEST_ID gets the
 * request id (borrowed, lower case as sent), or NULL when the request has none; one that is not
 * a UUID is an error. */
const char *wire_enrol_request_parse(const void *root, const char **request_id, char *why,
                                     size_t whylen);
/* {"device":"...","token":"..."} (caller frees). */
char *wire_enrol_answer_build(const char *device, const char *token);
/* Reads an enrolment answer: the device name and a device token that fits a config line (no
 * spaces, ';' or '#'). Returns 0 with both copied, or -1 with WHY. */
int wire_enrol_answer_parse(const void *root, char *device, size_t devlen, char *token,
                            size_t toklen, char *why, size_t whylen) AUKIO_MUST_CHECK;

/* ---- Error answers -------------------------------------------------------------------------- */

/* {"error":CODE,"message":MESSAGE} (caller frees), and the code of one (NULL if ROOT is none). */
char *wire_error_build(const char *code, const char *message);
const char *wire_error_code(const void *root);

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

/* ---- Change pages (GET /v1/changes) --------------------------------------------------------- */

/* One change as the hub writes it. EVENT_JSON is the event's stored JSON text (NULL for a
 * delete), copied into the page as it is. */
typedef struct {
    const char *op; /* "upsert", "cancel", "delete" */
    const char *id;
    const char *event_json;
    int capacity, confirmed, waitlisted, held; /* the hub's seat counts */
} WireChangeOut;

/* A page is built in three steps into B: begin, one add per change (INDEX from 0), end with the
 * next cursor. Each returns 0, or -1 when B's cap is reached. */
int wire_page_begin(Buf *b) AUKIO_MUST_CHECK;
int wire_page_add(Buf *b, const WireChangeOut *ch, int index) AUKIO_MUST_CHECK;
int wire_page_end(Buf *b, const char *cursor, bool more, bool reset) AUKIO_MUST_CHECK;

/* The hub's later decisions about the requesting kiosk's own sign-ups travel with the page:
 * "signups":[{"uuid":…,"code":…,"status":"confirmed"|"waitlisted"|"cancelled","position":N}].
 * No personal data: the uuid, the confirmation code and the status only. */
#define WIRE_SIGNUP_CHANGES_MAX 1000 /* entries in one page */

typedef enum {
    WIRE_SIGNUP_CONFIRMED = 0,
    WIRE_SIGNUP_WAITLISTED,
    WIRE_SIGNUP_CANCELLED,
    WIRE_SIGNUP_STATE_COUNT
} WireSignupState;

/* "confirmed", "waitlisted", "cancelled", and back (-1 if S names none). */
const char *wire_signup_state_name(WireSignupState st);
int wire_signup_state_from_name(const char *s);

/* One sign-up's status at the hub. As the kiosk reads it, UUID is copied and CODE borrowed. */
typedef struct {
    char uuid[RECORD_UUID_LEN + 1];
    const char *code; /* "" when absent */
    WireSignupState state;
    int position; /* on the waiting list (1 = next), 0 otherwise */
} WireSignupChange;

/* As wire_page_end, with N sign-up changes (none: the page has no "signups" member). */
int wire_page_end_signups(Buf *b, const WireSignupChange *su, int n, const char *cursor, bool more,
                          bool reset) AUKIO_MUST_CHECK;

typedef enum { WIRE_CHANGE_UPSERT = 0, WIRE_CHANGE_DELETE } WireChangeKind;

/* One change as the kiosk reads it; ID and EVENT are borrowed from the page. */
typedef struct {
    WireChangeKind kind; /* a cancel is an upsert of the event with its cancelled status */
    const char *id;
    const void *event; /* json_t object, UPSERT only */
    int capacity, confirmed, waitlisted, held;
} WireChangeIn;

/* The page's frame: its cursor (borrowed), whether more follow, whether it starts a snapshot,
 * and how many changes it holds. Returns 0, or -1 with WHY. */
typedef struct {
    const char *cursor;
    bool more, reset;
    size_t n;
    size_t n_signups; /* entries of "signups" (0 when absent) */
} WirePage;

int wire_page_parse(const void *root, WirePage *page, char *why, size_t whylen) AUKIO_MUST_CHECK;
/* Change I of the page ROOT. Returns 0, or -1 with WHY when it lacks op or id. */
int wire_page_change(const void *root, size_t i, WireChangeIn *out, char *why,
                     size_t whylen) AUKIO_MUST_CHECK;
/* Sign-up change I of the page ROOT. Returns 0, or -1 with WHY when it lacks a well-formed uuid,
 * names an unknown status, or has a code or position out of range (the kiosk skips it). */
int wire_page_signup(const void *root, size_t i, WireSignupChange *out, char *why,
                     size_t whylen) AUKIO_MUST_CHECK;

/* ---- One sign-up by its code: GET /v1/signups/CODE, POST /v1/signups/CODE/cancel ---------- */

/* What the hub tells any kiosk about the sign-up with a confirmation code ("My sign-up" on a
 * kiosk that did not take it): its event, status and place, never who signed up.
 * {"code":"K7M4QX","event_id":…,"status":"confirmed"|"waitlisted"|"cancelled","position":N,
 *  "group_size":N} */
typedef struct {
    char code[WIRE_CODE_MAX + 1];
    char event_id[RECORD_EVENT_ID_MAX + 1];
    WireSignupState state;
    int position; /* on the waiting list (1 = next), 0 otherwise */
    int group_size;
} WireSignupInfo;

/* Whether S is a confirmation code as the hub looks it up: 1..WIRE_CODE_MAX of A-Z and 0-9. */
bool wire_code_ok(const char *s);

/* The answer's JSON (malloc'd, caller frees; NULL when out of memory). */
char *wire_signup_info_build(const WireSignupInfo *in);

/* Reads the answer ROOT into *OUT (copied). Returns 0, or -1 with WHY when a field is missing,
 * of the wrong type or out of range. */
int wire_signup_info_parse(const void *root, WireSignupInfo *out, char *why,
                           size_t whylen) AUKIO_MUST_CHECK;

#endif
