/*
 * store_internal.h: what the store_*.c files share and nobody else sees: the Store itself, its
 * prepared statements and the SQL helpers defined in store.c.
 */
#ifndef AUKIO_STORE_INTERNAL_H
#define AUKIO_STORE_INTERNAL_H

#include <sqlite3.h>
#include <string.h>

#include "store.h"
#include "util.h"

/* Prepared once in store_open (store.c's STMT_SQL): the hot paths never parse SQL. */
enum {
    ST_BEGIN,
    ST_COMMIT,
    ST_ROLLBACK,
    ST_EVENT_ROW,
    ST_SIGNUP_EVENT,
    ST_UPCOMING,
    ST_UPCOMING_COUNT,
    ST_UPCOMING_UNKNOWN,
    ST_PAGE_ATTRACT,
    ST_PAGE_FEEDBACK,
    ST_PAGE_HOME,
    ST_PAGE_AT_VENUE,
    ST_PAGE_GROUPS,
    ST_PAGE_GROUPS_UNKNOWN,
    ST_PAGE_PINNED,
    ST_PAGE_ROWS,
    ST_PAGE_REG_COUNT,
    ST_PAGE_REG_KNOWN,
    ST_PAGE_REG_UNKNOWN,
    ST_EVENT_VENUE_BY_ROWID,
    ST_EVENT_JSON,
    ST_EVENT_UPSERT,
    ST_EVENT_UPSERT_HUB,
    ST_DOC_UPSERT,
    ST_SIGNUP_INSERT,
    ST_EVENT_COUNTS,
    ST_OUTBOX_INSERT,
    ST_FEEDBACK_INSERT,
    ST_FEEDBACK_UPDATE,
    ST_COUNT
};

/* grants.boot_id of the grant that holds a made event's seats (store_spot.h): valid in every
 * boot. */
#define STORE_SPOT_BOOT "*"

/* signups.pending_wait: what a sign-up of an enrolled kiosk waits for the hub as. */
enum { PENDING_NONE = 0, PENDING_WAIT = 1, PENDING_PROVISIONAL = 2 };

/* How long a statement waits for another connection's write lock. */
#define BUSY_TIMEOUT_MS 5000

#define COL_HUB_SEEN 21
#define COL_GRANT_LEFT 22
#define COL_STAFF_ONLY 23
/* x_aukio.all_day, a column since v12 (it was read from event_docs' JSON per row). */
#define COL_ALL_DAY 24
#define COL_QUESTION_IDS 25 /* after ROW_COLS in ST_SIGNUP_EVENT */

/* The list's statements of a page (store_page.c), by the filters a query has. */
enum { PAGE_ST_COUNT, PAGE_ST_KNOWN, PAGE_ST_UNKNOWN, PAGE_ST_ENDED, PAGE_ST_KINDS };
#define PAGE_ST_VARIANTS 16

struct Store {
    sqlite3 *db;
    sqlite3_stmt *st[ST_COUNT]; /* prepared once in store_open: the hot paths never parse SQL */
    sqlite3_stmt *page_st[PAGE_ST_KINDS][PAGE_ST_VARIANTS]; /* prepared at their first use */
    bool escrow;      /* enrolled with a hub: confirm only within grants */
    char boot_id[40]; /* this boot's /proc/sys/kernel/random/boot_id */
    /* the texts of store_event_row's last row, its id last */
    char row_text[2 * LANG_COUNT * 160 + 160 + RECORD_EVENT_ID_MAX + 1];
};

/* Length of a fixed-size request field, which a careless caller may have left unterminated. */
#define FIELD_LEN(a) strnlen((a), sizeof(a) - 1)

/* "WHAT: SQLite's message" into ERR; returns -1. */
int sdb_fail(Store *s, char *err, size_t errlen, const char *what);
/* The cached statement WHICH, reset and unbound. */
sqlite3_stmt *sdb_stmt(Store *s, int which);
/* Steps the cached statement WHICH once: SQLITE_OK when done, else SQLite's code. */
int sdb_run(Store *s, int which);
/* BEGIN IMMEDIATE / COMMIT: 0 or -1 with ERR. Rollback only when a transaction is open. */
int sdb_begin(Store *s, char *err, size_t errlen);
int sdb_commit(Store *s, char *err, size_t errlen);
void sdb_rollback(Store *s);
/* Runs SQL (no parameters) with sqlite3_exec: 0 or -1 with "WHAT: message". */
int sdb_exec(Store *s, const char *sql, char *err, size_t errlen, const char *what);
/* The first column of the first row of SQL as an int: 0 and *OUT, or -1. */
int sdb_int(Store *s, const char *sql, int *out);
/* PRAGMA journal_mode = MODE ("WAL" or "DELETE"); the mode the database is in after it into
 * OUT (N bytes; "" when the pragma failed). Changing the mode takes the write lock without
 * SQLite's busy handler, so while another connection writes it is tried again for up to
 * BUSY_TIMEOUT_MS, as any other statement would wait. */
void sdb_journal_mode(Store *s, const char *mode, char *out, size_t n);
/* Runs SQL with up to three text and two integer parameters (?1..?3 text, ?4..?5 int; NULL
 * texts are bound as NULL). For paths not hot enough to cache statements. Returns the SQLite
 * step result (SQLITE_DONE or SQLITE_ROW) or an error code. */
int sdb_bound(Store *s, const char *sql, const char *t1, const char *t2, const char *t3, int64_t i4,
              int64_t i5);
/* Column COL as text, "" for NULL. */
const char *sdb_text(sqlite3_stmt *st, int col);
/* Fills R from a ROW_COLS row; titles and venues are left "" for the caller to point. */
void sdb_row(sqlite3_stmt *st, EventRow *r);
const char *sdb_status_text(EventStatus st);
/* events.spot of event ID (store_spot.h: 0 = not made here, 1 = waiting for the hub, ...), 0
 * when there is no such event, -1 on error. REASON (N bytes, may be NULL) gets spot_reason. */
int sdb_event_spot(Store *s, const char *id, char *reason, size_t n);
/* A random (version 4) UUID into OUT. */
void sdb_uuid_v4(char out[RECORD_UUID_LEN + 1]);
/* Inserts or updates one event and its document inside the caller's transaction
 * (store_events.c). */
int sdb_event_upsert(Store *s, const Event *ev, int64_t imported_at, char *err, size_t errlen);
/* The hub's seat counts of a pulled event, and the snapshot generation that brought it. */
typedef struct {
    int confirmed, waitlisted, held;
    int64_t gen;
} SdbHubSeats;
/* The same for an event pulled from the hub, with its seats in the same statement: DOC is the
 * event's JSON as the hub sent it (DOC_LEN bytes, stored as they are, not rebuilt from EV), NULL
 * to build it. */
int sdb_event_upsert_hub(Store *s, const Event *ev, const char *doc, size_t doc_len,
                         const SdbHubSeats *seats, int64_t imported_at, char *err, size_t errlen);
EventStatus sdb_status_from_text(const char *t);
/* The outbox row of a new record, inside the caller's transaction: PAYLOAD is the op as
 * wire_op_build made it, KIND its kind's name. 0, or -1 with ERR (store_signups.c). */
int sdb_outbox_add(Store *s, const char *uuid, const char *kind, const char *payload, int64_t now,
                   char *err, size_t errlen);

#define VENUE_SLOTS 512
#define TITLE_SLOTS 8192
#define ROW_TEXTS (2 * LANG_COUNT + 3) /* titles, venue names, venue id, category, id */

/* The rows of the list and their texts in ONE allocation: the rows, then every title and venue
 * name one after another. Fixed 160-byte buffers per language made a 10,000-event list 10 MB;
 * this is about a third of that, and free(rows) still frees it all. While the block grows the
 * rows' text fields hold offsets into the texts (as integers cast to pointers: an array of
 * offsets beside the rows was 36 bytes a row more at the peak of a load, 3.6 MB at 100,000
 * events; issue 12), and become pointers once it has stopped moving. */
typedef struct {
    char *block;
    size_t rows_bytes; /* the row array at the start of the block */
    size_t used, cap;  /* bytes of text after it */
    int n, max;
    /* Venue names, each kept once: a catalogue has tens of venues and 10,000 events at them
     * (issue 12, memory). Offsets + 1 by hash, 0 = free; full: the name is stored again. */
    uint32_t venues[VENUE_SLOTS];
    /* The same for titles: a series' events share theirs (the generated 10,000-event catalogue
     * has 972 Finnish titles; they were a third of the block). */
    uint32_t titles[TITLE_SLOTS];
} RowBlock;

/* B for MAX rows: 0, or -1 out of memory. */
int sdb_block_init(RowBlock *b, int max);
/* Appends the ROW_COLS row ST is on, with its texts: 0, or -1 out of memory. */
int sdb_block_add(RowBlock *b, sqlite3_stmt *st);
/* B's rows, their text offsets turned into pointers: one allocation, freed with free(). */
EventRow *sdb_block_finish(RowBlock *b);

#endif
