/*
 * store.h: everything the kiosk keeps on disk, in one SQLite database. All of the kiosk's SQL
 * is in kiosk/store*.c; the sync client's half of the database is declared in store_sync.h.
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
#include "event_import.h"
#include "rules.h"
#include "wire.h"

typedef struct Store Store;

#define STORE_SCHEMA_VERSION 13

/* Opens (creating if needed) the database at PATH and migrates it. On success returns 0 and
 * *out is the caller's to store_close. On failure returns -1 with the reason in ERR. */
int store_open(Store **out, const char *path, char *err, size_t errlen) AUKIO_MUST_CHECK;
void store_close(Store *s);

/* The schema version the database is at (after store_open: STORE_SCHEMA_VERSION). */
int store_schema_version(Store *s);

/* ---- Events ------------------------------------------------------------------------------ */

/* Inserts or replaces the N events in one transaction: all of them or none. Sign-ups already
 * taken for an event are kept. Returns 0, or -1 with ERR. */
int store_import_events(Store *s, const Event *evs, int n, char *err,
                        size_t errlen) AUKIO_MUST_CHECK;

/*
 * Reads PATH, parses it (either format: store_import_file_report) and imports it in one
 * transaction; *N_IMPORTED is the number of events. With
 * REBASE_NOW != 0 and a document that names "x_aukio_anchor_date": "YYYY-MM-DD" at its top level,
 * every time in it is moved by whole days so that the anchor date becomes the local date of
 * REBASE_NOW, keeping wall-clock times (this is how assets/demo/events.json stays "relative to
 * today"). On failure nothing changes and ERR says where and why, starting with the file name.
 */
int store_import_file(Store *s, const char *path, int64_t rebase_now, int *n_imported, char *err,
                      size_t errlen) AUKIO_MUST_CHECK;

/* What store_import_file_report read: the format, the events imported, and for a calendar what
 * was left out and why (event_ical.h). */
typedef struct {
    EventFormat format;
    int n;
    EventIcalReport ical;
} StoreImportInfo;

/*
 * store_import_file for both formats (event_import.h): a Linked Events JSON document as above
 * (moved to NOW's day when REBASE), or an iCalendar file expanded around NOW, its ids namespaced
 * by the file's name ("ics:NAME:UID"). A calendar's malformed VEVENTs are skipped and listed in
 * INFO->ical while the rest imports; a file of neither format is refused whole. Returns 0, or -1
 * with ERR (nothing changed).
 */
int store_import_file_report(Store *s, const char *path, int64_t now, bool rebase,
                             StoreImportInfo *info, char *err, size_t errlen) AUKIO_MUST_CHECK;

/* Every event that has not ended at NOW (end_time >= NOW, or start_time >= NOW when there is no
 * end, and postponed events with unknown times), ordered by start time, unknown times last, with
 * current seat counts. Hands over a malloc'd array in *out: one allocation holding the rows and
 * their texts, so the caller frees it with free(*out). Returns 0 or -1. */
int store_events_upcoming(Store *s, int64_t now, EventRow **out, int *n_out, char *err,
                          size_t errlen) AUKIO_MUST_CHECK;

/* The first LIMIT rows of the same list, for a kiosk's first frame: a screenful of 10,000
 * events is there in a few milliseconds, and the whole list follows right after. */
int store_events_upcoming_first(Store *s, int64_t now, int limit, EventRow **out, int *n_out,
                                char *err, size_t errlen) AUKIO_MUST_CHECK;

/* How many events the list shows at NOW (Unix s): not ended, starting before UNTIL (INT64_MAX:
 * any time, and then postponed events of unknown time too), staff-only ones only with STAFF, in
 * CATEGORY and at VENUE_ID ("" = any). The same rule as the App's filter (app.c, row_passes),
 * counted from one index without reading a row: the label of a list of which only a screenful
 * is loaded yet. Returns 0 with *N, or -1. */
int store_events_count(Store *s, int64_t now, int64_t until, bool staff, const char *category,
                       const char *venue_id, int *n, char *err, size_t errlen) AUKIO_MUST_CHECK;

/* ---- A page of the list (issue 12) ------------------------------------------------------
 * A kiosk holds a page of its list, not the list: the rows at the positions around the scroll,
 * and the few rows every other screen reads (the attract screen's, the feedback screen's, the
 * first row of each venue, topic and staff-only pair for the pickers and staff's venues, the home
 * venue's, the events a screen has open). The App, looking at those rows as it looks at the
 * whole list, sees what the whole list would show (tests/test_lazy_list.c). */

#define STORE_PAGE_PINNED 4

typedef struct {
    int64_t from;  /* the list's first moment (today's start): what ended since is feedback's */
    int64_t now;   /* what ended before it is off the list */
    int64_t until; /* the time filter's end, INT64_MAX: any time */
    bool staff;    /* staff mode: staff-only rows on the list */
    const char *category, *venue_id; /* the list's filters, "" = any */
    const char *home_venue;          /* the config's home venue (an id or a name), "" = none */
    bool show_all;                   /* venue_show_all: the attract screen's rows from anywhere */
    bool groups;      /* the first row of each venue, topic and staff-only group (the pickers') */
    int first, limit; /* the positions of the list wanted */
    /* Instead of the filtered list, staff's list of the events with sign-ups from FROM on
     * (view_staff_events: every one, staff-only and ended today too). */
    bool staff_list;
    const char *pinned[STORE_PAGE_PINNED]; /* events a screen has open (ids), NULL = none */
    /* The list's counts (StorePageInfo.counts) when known for the same list at the same moment:
     * a page read for the scroll does not count 100,000 index entries again (12 ms). */
    bool counted;
    int counts[2];
} StorePageQuery;

/* The rows of a page that depend on no filter or position: read once for a minute, a staff mode
 * and a catalogue, kept by the caller for every page of them. */
typedef struct {
    int64_t *rowids;
    int n;
    char home_venue_id[96]; /* what the home venue resolved to, "" = not found */
} StorePageAux;

typedef struct {
    int total;     /* rows on the filtered list */
    int first;     /* the position of the page's first row */
    int n;         /* rows of the filtered list on the page */
    int lo, hi;    /* their first and last row in *OUT, -1 when none */
    int counts[2]; /* the list's rows of known time, and the postponed of unknown time */
} StorePageInfo;

/* Reads Q's rows that depend on Q's now, staff mode, home venue and show_all alone into AUX
 * (store_page_aux_free). Returns 0 or -1 with ERR. */
int store_page_aux(Store *s, const StorePageQuery *q, StorePageAux *aux, char *err,
                   size_t errlen) AUKIO_MUST_CHECK;
void store_page_aux_free(StorePageAux *aux);

/* Q's list's counts into COUNTS: its rows of known time, and the postponed ones of unknown time
 * (a walk over 100,000 index entries: 12 ms). Returns 0 or -1 with ERR. */
int store_page_count(Store *s, const StorePageQuery *q, int counts[2], char *err,
                     size_t errlen) AUKIO_MUST_CHECK;

/* How many rows of Q's list of known time end at FROM or later and before TO (Unix s): the
 * list's count at TO is the count at FROM less these (the rows of unknown time never end), from
 * an index of the rows' ends (events_ended) in well under a millisecond where the count walks
 * 100,000 entries. Not for staff's list. Returns 0 with *N, or -1 with ERR. */
int store_page_count_ended(Store *s, const StorePageQuery *q, int64_t from, int64_t to, int *n,
                           char *err, size_t errlen) AUKIO_MUST_CHECK;

/* A read transaction around several reads, so that they see one state of the database (a
 * page's count, window and rows): 0, or -1 when one could not begin (the reads then go
 * without). store_read_end ends it. */
int store_read_begin(Store *s);
void store_read_end(Store *s);

/* The page Q asks for: the list's rows at positions Q->first .. + Q->limit (moved back so that
 * the page ends at the list's end), AUX's rows, the pinned ones, and the first row at Q's venue
 * filter, each once, in the list's order, in one allocation as store_events_upcoming's. Returns
 * 0 with *INFO, or -1 with ERR. */
int store_page_load(Store *s, const StorePageQuery *q, const StorePageAux *aux, EventRow **out,
                    int *n_out, StorePageInfo *info, char *err, size_t errlen) AUKIO_MUST_CHECK;

/* One event's row with current counts. Its titles and venue names are held by S and valid until
 * the next call. Returns 0, 1 if there is no such event, -1 on error. */
int store_event_row(Store *s, const char *event_id, EventRow *out, char *err,
                    size_t errlen) AUKIO_MUST_CHECK;

/* The rows of the events IDS (N of them) as the list holds them, in one allocation like
 * store_events_upcoming's; an id with no event (deleted) gives no row, so *N_OUT may be less than
 * N. For patching the list after a pull (issue 12). Returns 0 or -1. */
int store_events_rows(Store *s, const char (*ids)[RECORD_EVENT_ID_MAX + 1], int n, EventRow **out,
                      int *n_out, char *err, size_t errlen) AUKIO_MUST_CHECK;

/* The whole event (description, questions, ...). Returns 0 (caller event_deinit's *out), 1 if
 * there is no such event, -1 on error. */
int store_event_get(Store *s, const char *event_id, Event *out, char *err,
                    size_t errlen) AUKIO_MUST_CHECK;

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
                        char *err, size_t errlen) AUKIO_MUST_CHECK;

/* A sign-up made on this kiosk as the "My sign-up" screen shows it: what the kiosk told the
 * visitor and what the hub has decided since (from push answers and pulls). No personal data. */
typedef struct {
    char uuid[RECORD_UUID_LEN + 1];
    char event_id[RECORD_EVENT_ID_MAX + 1];
    int group_size;
    char code[RECORD_CODE_LEN + 1];
    SignupOutcome local;  /* what the kiosk told: SIGNUP_CONFIRMED, _WAITLISTED or _PROVISIONAL */
    int local_position;   /* the waiting-list place the kiosk told, 0 if confirmed */
    char hub_status[16];  /* "" = not yet heard from the hub, else "confirmed",
                           * "waitlisted", "cancelled" or "rejected" */
    int hub_position;     /* on the hub's waiting list (1 = next), 0 otherwise */
    char hub_reason[32];  /* "rejected": the hub's reason */
    bool cancelled;       /* cancelled here or at the hub */
    int64_t cancelled_at; /* when it was cancelled on this kiosk, 0 = not here */
    int pending;          /* waits for the hub's first answer: 1 told waiting list, 2 provisional */
} SignupStatus;

/* Looks up the sign-up with confirmation CODE (case-insensitive). Returns 0 with *OUT filled,
 * 1 when no sign-up of this kiosk has the code, -1 on error. */
int store_signup_lookup(Store *s, const char *code, SignupStatus *out, char *err,
                        size_t errlen) AUKIO_MUST_CHECK;
/* The same by the sign-up's UUID (after the hub's express answer). */
int store_signup_by_uuid(Store *s, const char *uuid, SignupStatus *out, char *err,
                         size_t errlen) AUKIO_MUST_CHECK;

/*
 * Cancels the sign-up with confirmation CODE in ONE transaction: the sign-up is marked cancelled,
 * its seats leave this kiosk's own counts, and a cancel op (WIRE_OP_CANCEL naming the sign-up's
 * uuid) goes into the outbox; the hub frees the seats and promotes the people waiting when it
 * arrives. Seats of a grant are not given back to the grant: the hub counts the sign-up against
 * the grant when it arrives, so reusing them could confirm more than the hub set aside; they are
 * freed at the hub instead. Returns 0, 1 when no sign-up has the code, 2 when it was already
 * cancelled (nothing written), -1 on error (nothing written).
 */
int store_signup_cancel(Store *s, const char *code, int64_t now, char *err,
                        size_t errlen) AUKIO_MUST_CHECK;

/* Records one feedback answer and its outbox row in one transaction. UUID_OUT gets the UUID
 * (37 bytes). Returns 0 or -1. */
int store_feedback_commit(Store *s, const FeedbackRequest *req, int64_t now,
                          char uuid_out[RECORD_UUID_LEN + 1], char *err,
                          size_t errlen) AUKIO_MUST_CHECK;

/* The feedback follow-up: REQ's score, comment and reasons replace those of the feedback
 * record FIRST (a uuid store_feedback_commit gave) and go to the hub as an op of their own that
 * amends it, in one transaction: the first record may have been sent already. Returns 0, or -1
 * (also when there is no record FIRST). */
int store_feedback_update(Store *s, const char *first, const FeedbackRequest *req, int64_t now,
                          char *err, size_t errlen) AUKIO_MUST_CHECK;

/* Copies the write-ahead log into the database file (a passive checkpoint that never blocks a
 * writer). Automatic checkpoints are off so that none lands inside a visitor's commit; main.c
 * calls this when the kiosk is idle. Returns the pages copied, or -1. */
int store_checkpoint(Store *s);

/* Sets this connection's SQLite page cache to KIB KiB (store_open gives 2 MiB). The UI process's
 * connections take less: the list is read once into its rows, and the OS keeps the file's pages
 * anyway (issue 12, memory). Returns 0 or -1. */
int store_set_cache_kib(Store *s, int kib);

/* Starts the write-ahead log over now, with a write that changes nothing, when it can without
 * waiting. The first write into a new or fully checkpointed log flushes its header as well as
 * the commit (synchronous=FULL): three fsyncs in the first sign-up after a start and two in the
 * one after each complete checkpoint, measured with tests/bench/shim/fsync_delay.c. Done
 * after a window's first frame (kiosk_frame; not before it: two fsyncs) and after each complete
 * checkpoint (store_checkpoint), so a visitor's commit is one fsync. If another connection is
 * writing, its write starts the log over instead. */
void store_wal_restart(Store *s);

/* Number of outbox rows not yet acknowledged by the hub. */
int store_outbox_pending(Store *s);

/* Privacy: blanks name, email, phone and answers of sign-ups for events that ended more than
 * RETENTION_DAYS before NOW, and of sign-ups the hub has answered for (it keeps the list from
 * then on) once their event ended STORE_HUB_KEEP_S before NOW, keeping the rows (counts,
 * status) themselves. The kiosk runs it at start and every KIOSK_PURGE_EVERY_MS. Returns the
 * number of sign-ups wiped, or -1. It visits only the sign-ups still holding data
 * (signups_unwiped), so a start costs nothing that grows with the catalogue. */
#define STORE_HUB_KEEP_S 3600
int store_purge_personal(Store *s, int64_t now, int retention_days);

/* CLOCK_BOOTTIME in ms: the clock the escrow's grant deadlines are measured on. */
int64_t store_mono_ms(void);

/* ---- Reports for staff (aukio events / signups / feedback) -------------------------------- */

/* Print human-readable tables to OUT. Return 0 or -1 with ERR. */
int store_print_events(Store *s, FILE *out, int64_t now, char *err, size_t errlen);
/* EVENT_ID NULL = all events. One line a person: code, status (confirmed / waitlisted #N),
 * group size, name, contact. */
int store_print_signups(Store *s, FILE *out, const char *event_id, char *err, size_t errlen);
int store_print_feedback(Store *s, FILE *out, char *err, size_t errlen);

#endif
