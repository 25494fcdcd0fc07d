/*
 * store.h: everything the kiosk keeps on disk, in one SQLite database. All SQL lives in store.c.
 *
 * The database uses WAL and synchronous=FULL, so a function that returns OK for a write has made
 * it durable: the visitor is told "done" only after that. The schema is versioned
 * (PRAGMA user_version) and migrated forward on open. Personal data (name, email, phone, answers)
 * is never written to a log or an error message.
 */
#ifndef AUKIO_STORE_H
#define AUKIO_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"
#include "rules.h"
#include "wire.h"

typedef struct Store Store;

#define STORE_SCHEMA_VERSION 3

/* Opens (creating if needed) the database at PATH and migrates it. On success returns 0 and
 * *out is the caller's to store_close. On failure returns -1 with the reason in ERR. */
int store_open(Store **out, const char *path, char *err, size_t errlen)
    __attribute__((warn_unused_result));
void store_close(Store *s);

/* The schema version the database is at (after store_open: STORE_SCHEMA_VERSION). */
int store_schema_version(Store *s);

/* ---- Events ------------------------------------------------------------------------------ */

/* Inserts or replaces the N events in one transaction: all of them or none. Sign-ups already
 * taken for an event are kept. Returns 0, or -1 with ERR. */
int store_import_events(Store *s, const Event *evs, int n, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/*
 * Reads PATH, parses it (event_parse_document) and imports it in one transaction. With
 * REBASE_NOW != 0 and a document that names "x_aukio_anchor_date": "YYYY-MM-DD" at its top level,
 * every time in it is moved by whole days so that the anchor date becomes the local date of
 * REBASE_NOW, keeping wall-clock times (this is how assets/demo/events.json stays "relative to
 * today"). On failure nothing changes and ERR says where and why, starting with the file name.
 */
int store_import_file(Store *s, const char *path, int64_t rebase_now, int *n_imported, char *err,
                      size_t errlen) __attribute__((warn_unused_result));

/* Every event that has not ended at NOW (end_time >= NOW, or start_time >= NOW when there is no
 * end, and postponed events with unknown times), ordered by start time, unknown times last, with
 * current seat counts. Hands over a malloc'd array in *out: one allocation holding the rows and
 * their texts, so the caller frees it with free(*out). Returns 0 or -1. */
int store_events_upcoming(Store *s, int64_t now, EventRow **out, int *n_out, char *err,
                          size_t errlen) __attribute__((warn_unused_result));

/* The first LIMIT rows of the same list, for a kiosk's first frame: a screenful of 10,000
 * events is there in a few milliseconds, and the whole list follows right after. */
int store_events_upcoming_first(Store *s, int64_t now, int limit, EventRow **out, int *n_out,
                                char *err, size_t errlen) __attribute__((warn_unused_result));

/* One event's row with current counts. Its titles and venue names are held by S and valid until
 * the next call. Returns 0, 1 if there is no such event, -1 on error. */
int store_event_row(Store *s, const char *event_id, EventRow *out, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* The whole event (description, questions, ...). Returns 0 (caller event_deinit's *out), 1 if
 * there is no such event, -1 on error. */
int store_event_get(Store *s, const char *event_id, Event *out, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* ---- Sign-ups and feedback ---------------------------------------------------------------- */

/*
 * Decides and records a sign-up in ONE transaction with ONE fsync: re-reads the event's counts,
 * applies rules_decide() (capacity, waiting list, enrolment window, group size, status), and on
 * CONFIRMED or WAITLISTED inserts the sign-up with a fresh UUID v4 and a short confirmation code
 * unique on this kiosk, plus its outbox row. Returns 0 with RES filled (RES->outcome may be
 * SIGNUP_REJECTED with RES->reason set: then nothing was written), or -1 on a database error
 * (nothing written, ERR says why without personal data).
 */
int store_signup_commit(Store *s, const SignupRequest *req, int64_t now, SignupResult *res,
                        char *err, size_t errlen) __attribute__((warn_unused_result));

/* Records one feedback answer and its outbox row in one transaction. UUID_OUT gets the UUID
 * (37 bytes). Returns 0 or -1. */
int store_feedback_commit(Store *s, const FeedbackRequest *req, int64_t now, char uuid_out[RECORD_UUID_LEN + 1],
                          char *err, size_t errlen) __attribute__((warn_unused_result));

/* Copies the write-ahead log into the database file (a passive checkpoint that never blocks a
 * writer). Automatic checkpoints are off so that none lands inside a visitor's commit; main.c
 * calls this when the kiosk is idle. Returns the pages copied, or -1. */
int store_checkpoint(Store *s);

/* Number of outbox rows not yet acknowledged by the hub. */
int store_outbox_pending(Store *s);

/* Privacy: blanks name, email, phone and answers of sign-ups for events that ended more than
 * RETENTION_DAYS before NOW, keeping the rows (counts, status) themselves. Returns the number of
 * sign-ups wiped, or -1. */
int store_purge_personal(Store *s, int64_t now, int retention_days);

/* ---- Sync (sync/client*.c is the only user) ------------------------------------------------
 * The sync thread opens its own Store on the same file; every function here is one short
 * transaction. Grant deadlines are on CLOCK_BOOTTIME, and a grant remembers the boot it was
 * received in: after a reboot it is expired whatever the clock says. */

/* Turns escrow on for an enrolled kiosk: store_signup_commit then confirms a party only within
 * an open, unexpired grant for the event (using it up in the same transaction) and records it
 * as waitlisted beyond that. Off (the default) keeps the standalone rules. */
void store_set_escrow(Store *s, bool on);

/* This boot's id as the store sees it; tests set another to play a reboot. */
void store_set_boot_id(Store *s, const char *boot_id);

/* CLOCK_BOOTTIME in ms: the clock grant deadlines are measured on. */
int64_t store_mono_ms(void);

/* One pending outbox row, as the push needs it. PAYLOAD is malloc'd (store_outbox_free). */
typedef struct {
    int64_t seq;
    char uuid[RECORD_UUID_LEN + 1];
    char kind[12];    /* "signup" | "feedback" */
    char *payload;    /* the op as it is sent (wire_op_build), written with the record */
    int64_t created_at;
} OutboxItem;

/* Up to MAX pending rows (not yet answered by the hub) in the order they were written. *OUT is
 * the caller's (store_outbox_free). Returns 0 or -1 with ERR. */
int store_outbox_batch(Store *s, int max, OutboxItem **out, int *n_out, char *err, size_t errlen)
    __attribute__((warn_unused_result));
void store_outbox_free(OutboxItem *items, int n);

/* Records N answers in ONE transaction: the outbox rows are done, sign-ups get the hub's
 * status, and (privacy) the visitor's name, email, phone and answers are deleted from the
 * sign-up and from the outbox payload, keeping code, counts and status. An answer for a uuid
 * that is not pending (a replay) changes nothing. Returns 0 or -1 (nothing changed). */
int store_outbox_record(Store *s, const WireAnswer *a, int n, int64_t now, char *err,
                        size_t errlen) __attribute__((warn_unused_result));

/* ---- Grants ---- */

typedef struct {
    char id[RECORD_UUID_LEN + 1];
    char event_id[RECORD_EVENT_ID_MAX + 1];
    int seats;  /* want: seats asked for; settle: used */
} GrantItem;

/* Closes the open grants this kiosk should stop using: expired (deadline passed, or received
 * in an earlier boot), due within DUE_MS, used up, or whose event no longer takes sign-ups at
 * NOW (or went away). A closed grant is never used again. Returns the number closed, or -1. */
int store_grants_close(Store *s, int64_t now, int64_t due_ms, char *err, size_t errlen);

/* The closed grants to settle (id, used in SEATS), at most MAX. *OUT malloc'd, caller frees. */
int store_grants_settle_list(Store *s, int max, GrantItem **out, int *n, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* Records the hub's answer to a settle: the grant is forgotten. */
int store_grant_settled(Store *s, const char *grant_id, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/*
 * The grants to ask for, at most MAX: every 'wanted' grant whose answer was never recorded
 * (asked again under the same id), then, for events the hub sent that start within HORIZON_S of
 * NOW, have a seat limit, take sign-ups now and have no open or wanted grant, a new 'wanted'
 * grant of WANT seats with a fresh id, written before it is sent. *OUT malloc'd, caller frees.
 */
int store_grants_wanted(Store *s, int64_t now, int64_t horizon_s, int want, int max,
                        GrantItem **out, int *n, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* Records the hub's answer to a want, received at MONO_MS (store_mono_ms): SEATS > 0 opens the
 * grant until MONO_MS + (EXPIRES_IN - MARGIN) s in this boot; 0 forgets it. */
int store_grant_granted(Store *s, const char *grant_id, int seats, int64_t expires_in, int margin,
                        int64_t mono_ms, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* ---- Pull ---- */

typedef enum { SYNC_CHANGE_UPSERT = 0, SYNC_CHANGE_DELETE } SyncChangeKind;

typedef struct {
    SyncChangeKind kind;  /* cancel is an upsert with the event's cancelled status */
    const char *id;       /* borrowed */
    const Event *event;   /* UPSERT: borrowed */
    int capacity, confirmed, waitlisted, held; /* the hub's seat counts */
} SyncChange;

/*
 * Applies one page of pulled changes and stores CURSOR in ONE transaction. RESET (a snapshot's
 * first page) starts a new generation; when MORE is false at the end of a snapshot, events the
 * snapshot did not bring back are forgotten. A forgotten or deleted event that has sign-ups is
 * hidden rather than deleted (its sign-ups stay for staff). Returns 0 or -1 (nothing changed).
 */
int store_sync_apply(Store *s, const SyncChange *ch, int n, bool reset, bool more,
                     const char *cursor, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* The stored pull cursor into BUF ("" = none: take a snapshot). Returns 0 or -1. */
int store_sync_cursor(Store *s, char *buf, size_t n);
/* Forgets the cursor (the hub answered 410 cursor_gone). */
int store_sync_forget_cursor(Store *s) __attribute__((warn_unused_result));
/* Records a completed round at wall time NOW. */
int store_sync_mark_ok(Store *s, int64_t now) __attribute__((warn_unused_result));

typedef struct {
    int64_t last_ok;      /* wall time of the last complete round, 0 = never */
    int queued;           /* outbox rows not answered */
    int grants_open;      /* usable now */
    int grant_seats;      /* seats left in usable grants */
    int grants_closing;   /* closed, settle not yet recorded */
    char cursor[128];
} SyncStatus;

int store_sync_status(Store *s, SyncStatus *out) __attribute__((warn_unused_result));

/* ---- Reports for staff (aukio events / signups / feedback) -------------------------------- */

/* Print human-readable tables to OUT. Return 0 or -1 with ERR. */
int store_print_events(Store *s, FILE *out, int64_t now, char *err, size_t errlen);
/* EVENT_ID NULL = all events. One line a person: code, status (confirmed / waitlisted #N),
 * group size, name, contact. */
int store_print_signups(Store *s, FILE *out, const char *event_id, char *err, size_t errlen);
int store_print_feedback(Store *s, FILE *out, char *err, size_t errlen);

#endif
