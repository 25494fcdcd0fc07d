/*
 * store_sync.h: the sync client's half of the kiosk database (sync/client*.c is the only user,
 * besides tests): the outbox as the push reads and settles it, seat grants, the pulled catalogue
 * and its cursor. Implemented in store_sync.c.
 *
 * The sync thread opens its own Store on the same file; every function here is one short
 * transaction. Grant deadlines are on CLOCK_BOOTTIME, and a grant remembers the boot it was
 * received in: after a reboot it is expired whatever the clock says.
 */
#ifndef AUKIO_STORE_SYNC_H
#define AUKIO_STORE_SYNC_H

#include "store.h"
#include "wire.h"

/* Turns escrow on for an enrolled kiosk: store_signup_commit then confirms a party only within
 * an open, unexpired grant for the event (using it up in the same transaction) and records it
 * as waitlisted beyond that. Off (the default) keeps the standalone rules. */
void store_set_escrow(Store *s, bool on);

/* This boot's id as the store sees it; tests set another to play a reboot. */
void store_set_boot_id(Store *s, const char *boot_id);

/* One pending outbox row, as the push needs it. PAYLOAD is malloc'd (store_outbox_free). */
typedef struct {
    int64_t seq;
    char uuid[RECORD_UUID_LEN + 1];
    char kind[12]; /* "signup" | "feedback" */
    char *payload; /* the op as it is sent (wire_op_build), written with the record */
    int64_t created_at;
} OutboxItem;

/* Up to MAX pending rows (not yet answered by the hub) in the order they were written. *OUT is
 * the caller's (store_outbox_free). Returns 0 or -1 with ERR. */
int store_outbox_batch(Store *s, int max, OutboxItem **out, int *n_out, char *err,
                       size_t errlen) AUKIO_MUST_CHECK;
/* The pending row of UUID alone (*N_OUT 0 when it was answered already). */
int store_outbox_one(Store *s, const char *uuid, OutboxItem **out, int *n_out, char *err,
                     size_t errlen) AUKIO_MUST_CHECK;
void store_outbox_free(OutboxItem *items, int n);

/* Records N answers in ONE transaction: the outbox rows are done, sign-ups get the hub's
 * status, and (privacy) the visitor's name, email, phone and answers are deleted from the
 * sign-up and from the outbox payload, keeping code, counts and status. An answer for a uuid
 * that is not pending (a replay) changes nothing. Returns 0 or -1 (nothing changed). */
int store_outbox_record(Store *s, const WireAnswer *a, int n, int64_t now, char *err,
                        size_t errlen) AUKIO_MUST_CHECK;

/* ---- Grants ---- */

typedef struct {
    char id[RECORD_UUID_LEN + 1];
    char event_id[RECORD_EVENT_ID_MAX + 1];
    int seats; /* want: seats asked for; settle: used */
} GrantItem;

/* Closes the open grants this kiosk should stop using: expired (deadline passed, or received
 * in an earlier boot), due within DUE_MS, used up, or whose event no longer takes sign-ups at
 * NOW (or went away). A closed grant is never used again. Returns the number closed, or -1. */
int store_grants_close(Store *s, int64_t now, int64_t due_ms, char *err, size_t errlen);

/* The closed grants to settle (id, used in SEATS), at most MAX. *OUT malloc'd, caller frees. */
int store_grants_settle_list(Store *s, int max, GrantItem **out, int *n, char *err,
                             size_t errlen) AUKIO_MUST_CHECK;

/* Records the hub's answer to a settle: the grant is forgotten. */
int store_grant_settled(Store *s, const char *grant_id, char *err, size_t errlen) AUKIO_MUST_CHECK;

/*
 * The grants to ask for, at most MAX: every 'wanted' grant whose answer was never recorded
 * (asked again under the same id), then, for events the hub sent that start within HORIZON_S of
 * NOW, have a seat limit, take sign-ups now and have no open or wanted grant, a new 'wanted'
 * grant of WANT seats with a fresh id, written before it is sent. *OUT malloc'd, caller frees.
 */
int store_grants_wanted(Store *s, int64_t now, int64_t horizon_s, int want, int max,
                        GrantItem **out, int *n, char *err, size_t errlen) AUKIO_MUST_CHECK;

/* A grant the hub made without being asked (an offline bundle, client_bundle.c): recorded as
 * 'wanted' under the hub's id GRANT_ID for EVENT_ID, so that store_grant_granted opens it. A
 * grant already known (the same bundle imported twice) is left as it is. Returns 0 or -1. */
int store_grant_offered(Store *s, const char *grant_id, const char *event_id, int seats,
                        int64_t now, char *err, size_t errlen) AUKIO_MUST_CHECK;

#define STORE_GRANT_SEATS_MAX 1000
#define STORE_GRANT_TTL_MAX (366 * 86400)

/* Records the hub's answer to a want, received at MONO_MS (store_mono_ms): SEATS > 0 opens the
 * grant until MONO_MS + (EXPIRES_IN - MARGIN) s in this boot; 0 forgets it. Out-of-range numbers
 * (more than STORE_GRANT_SEATS_MAX seats, EXPIRES_IN or MARGIN outside 0..STORE_GRANT_TTL_MAX) are
 * refused with -1 and change nothing. */
int store_grant_granted(Store *s, const char *grant_id, int seats, int64_t expires_in, int margin,
                        int64_t mono_ms, char *err, size_t errlen) AUKIO_MUST_CHECK;

/*
 * The hub's whole answer to one grants request, received at MONO_MS, in ONE transaction (one
 * fsync, not one a grant): each of DONE's grants forgotten (store_grant_settled), each of GOT's
 * recorded (store_grant_granted, with MARGIN, whose range checks refuse the whole answer). On -1
 * nothing changed: a wanted grant stays wanted and is asked for again under the same id, a
 * closed one is settled again, and the hub answers both as before (PROTOCOL.md, "Escrow").
 */
int store_grants_answer(Store *s, const WireSettled *done, int n_done, const WireGrant *got,
                        int n_got, int margin, int64_t mono_ms, char *err,
                        size_t errlen) AUKIO_MUST_CHECK;

/* ---- Pull ---- */

/*
 * A fresh kiosk's first snapshot (issue 12): in WAL mode every page of it is written twice, to
 * the WAL and again when the WAL is checkpointed into the database, 41 MB each for 10,000
 * events. When the catalogue is empty and this is the only connection to the database (so no
 * reader can be left behind), the pull goes through SQLite's rollback journal instead: the new
 * pages are appended to the database once, and only the few pages that existed are journaled.
 * Each page of the pull is still one transaction, as durable (synchronous = FULL) and, when it
 * fails, rolled back as before. Returns 1 when the journal was switched (the caller must call
 * store_sync_bulk_end after the pull), 0 when not (another connection is open, the catalogue is
 * not empty, or the database is in memory; then it makes sure the database is in WAL mode).
 */
int store_sync_bulk_begin(Store *s);

/* Back to WAL after store_sync_bulk_begin returned 1, waiting up to BUSY_TIMEOUT_MS for a
 * writer (sdb_journal_mode). Should the switch still fail, nothing is lost: every store_open
 * puts the database in WAL mode, and so does the next round's store_sync_bulk_begin. Returns 0
 * or -1. */
int store_sync_bulk_end(Store *s);

/* SKIP: an event the kiosk could not read; it keeps what it had of it. */
typedef enum { SYNC_CHANGE_UPSERT = 0, SYNC_CHANGE_DELETE, SYNC_CHANGE_SKIP } SyncChangeKind;

typedef struct {
    SyncChangeKind kind; /* cancel is an upsert with the event's cancelled status */
    const char *id;      /* borrowed */
    const Event *event;  /* UPSERT: borrowed */
    int capacity, confirmed, waitlisted, held; /* the hub's seat counts */
    const void *json; /* UPSERT: the event's json_t as the hub sent it, or NULL (borrowed) */
    /* UPSERT: the event's bytes as the hub sent them (borrowed, DOC_LEN of them, not
     * NUL-terminated), stored as its document; NULL: JSON is serialised instead. */
    const char *doc;
    size_t doc_len;
} SyncChange;

/*
 * Applies one page of pulled changes and stores CURSOR in ONE transaction. RESET (a snapshot's
 * first page) starts a new generation; when MORE is false at the end of a snapshot, events the
 * snapshot did not bring back are forgotten. A forgotten or deleted event that has sign-ups is
 * hidden rather than deleted (its sign-ups stay for staff). Returns 0 or -1 (nothing changed).
 */
int store_sync_apply(Store *s, const SyncChange *ch, int n, bool reset, bool more,
                     const char *cursor, char *err, size_t errlen) AUKIO_MUST_CHECK;

/* As store_sync_apply, and in the same transaction the hub's later decisions about this kiosk's
 * own sign-ups that came with the page (N_SU of them): each sets the sign-up's hub_status and
 * hub_position (a sign-up this kiosk does not have is ignored). A pulled status is never older
 * than the push's answer, so a push answer recorded later (a replay) does not overwrite it. */
int store_sync_apply_page(Store *s, const SyncChange *ch, int n, const WireSignupChange *su,
                          int n_su, bool reset, bool more, const char *cursor, char *err,
                          size_t errlen) AUKIO_MUST_CHECK;

/* The stored pull cursor into BUF ("" = none: take a snapshot). Returns 0 or -1. */
int store_sync_cursor(Store *s, char *buf, size_t n);
/* Forgets the cursor (the hub answered 410 cursor_gone). */
int store_sync_forget_cursor(Store *s) AUKIO_MUST_CHECK;
/* Records a completed round at wall time NOW (and forgets the last error). */
int store_sync_mark_ok(Store *s, int64_t now) AUKIO_MUST_CHECK;

/* Records that a round failed at wall time NOW, of KIND (a SyncResult, client.h: staff mode says
 * it in words), and why (kept until a round succeeds). */
int store_sync_mark_error(Store *s, int64_t now, int kind, const char *why) AUKIO_MUST_CHECK;

typedef struct {
    int64_t last_ok;    /* wall time of the last complete round, 0 = never */
    int queued;         /* outbox rows not answered */
    int grants_open;    /* usable now */
    int grant_seats;    /* seats left in usable grants */
    int grants_closing; /* closed, settle not yet recorded */
    char cursor[128];
    int64_t last_error_at; /* 0 = the last round succeeded (or none ran) */
    char last_error[256];
    int last_error_kind; /* the SyncResult of the last failed round, 0 = none recorded */
} SyncStatus;

int store_sync_status(Store *s, SyncStatus *out) AUKIO_MUST_CHECK;

#endif
