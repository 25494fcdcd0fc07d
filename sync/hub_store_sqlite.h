/*
 * hub_store_sqlite.h: what the files of the SQLite HubStore share; not for other callers (they
 * see hub_store.h only).
 *
 * The store is split by concern, each file filling in its part of the HubStore table:
 *   hub_store_sqlite.c          connections, statements, transactions, change sequence
 *   hub_store_sqlite_open.c     schema, open and close, the function table
 *   hub_store_sqlite_devices.c  devices, enrolment and authentication
 *   hub_store_sqlite_events.c   the catalogue: import, cancel, delete, list, changes, compact
 *   hub_store_sqlite_seats.c    the seat ledger's rows (HubSeatStore, hub_seats.h) in SQL
 *   hub_store_sqlite_sync.c     push, grants, device release and check: transactions around the
 *                               ledger
 *   hub_store_sqlite_reports.c  sign-ups and feedback for staff, the counts of /metrics
 *   hub_store_sqlite_backup.c   the online backup (`aukio-hub backup`)
 *   hub_store_sqlite_restore.c  a backup put back under a new epoch (`aukio-hub restore`)
 *   hub_store_sqlite_mail.c     the mail outbox: queueing inside seat changes, the sender's rows
 *   hub_store_sqlite_sources.c  the sources the hub fetches, their outcomes and last ids
 *   hub_store_sqlite_console.c  the console's users, sessions and logins (hub_store_console.h);
 *   hub_store_sqlite_console_pages.c  its pages' reads and changes;
 *   hub_store_sqlite_console_audit.c  its audit log
 *   hub_store_sqlite_console_reports.c  a move from the waiting list, the annual reports' counts
 */
#ifndef AUKIO_HUB_STORE_SQLITE_H
#define AUKIO_HUB_STORE_SQLITE_H

#include "hub_seats.h"
#include "hub_store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include <sqlite3.h>

#define STMT_CACHE 160

/* One connection per thread, with its cache of prepared statements. */
typedef struct Conn {
    sqlite3 *db;
    struct {
        const char *sql;
        sqlite3_stmt *st;
    } cache[STMT_CACHE];
    int n_cache;
    struct Conn *next;
    /* The pull head's memo (hub_store_sqlite_head.c), or NULL; HEAD_FREE frees it. */
    struct HeadCache *head;
    void (*head_free)(struct HeadCache *head);
} Conn;

typedef struct {
    HubStore base;
    char *path;
    pthread_key_t key;
    pthread_mutex_t wlock;     /* serialises write transactions of this process */
    pthread_mutex_t list_lock; /* guards conns */
    Conn *conns;
    /* Commits by this process's connections, counted once each is visible (the WAL hook,
     * hub_store_sqlite.c); the pull head's memo is good only while it stands still. */
    _Atomic uint64_t commits;
} SqlStore;

/* Event states, as stored. Sign-up and grant states are the ledger's (hub_seats.h). */
enum { EV_LIVE = 0, EV_CANCELLED = 1, EV_DELETED = 2 };

static inline SqlStore *impl(HubStore *s)
{
    return (SqlStore *)s;
}

/* Writes "WHAT: <SQLite's message>" (or "out of memory" when DB is NULL) and returns AUKIO_ERR. */
int hub_sqlite_fail(char *err, size_t n, sqlite3 *db, const char *what);
/* This thread's connection, opened on first use. NULL with ERR on failure. */
Conn *hub_sqlite_conn(SqlStore *S, char *err, size_t n);
/* The cached statement for SQL (a string literal: the cache is keyed by its address), reset and
 * unbound. NULL with ERR on failure. */
sqlite3_stmt *hub_sqlite_stmt(Conn *c, const char *sql, char *err, size_t n);
/* Finalises C's statements and closes it (the store is closing). */
void hub_sqlite_conn_close(Conn *c);
/* Installs pull_head (hub_store_sqlite_head.c). */
void hub_sqlite_install_head(HubStore *b);
/* Runs a statement that returns no rows to completion. */
int hub_sqlite_done(Conn *c, sqlite3_stmt *st, char *err, size_t n, const char *what);
/* Binds S, or NULL when S is NULL; S must outlive the statement's step. */
void hub_sqlite_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Column I as text, "" for NULL. Valid until the statement is stepped or reset. */
const char *hub_sqlite_col_text(sqlite3_stmt *st, int i);
/* Write transactions: the process mutex, then BEGIN IMMEDIATE. */
int hub_sqlite_begin(SqlStore *S, Conn *c, char *err, size_t n);
/* Commits when RC is AUKIO_OK, else rolls back; returns the final result. Releases the mutex. */
int hub_sqlite_end(SqlStore *S, Conn *c, int rc, char *err, size_t n);
/* The next change sequence number. Inside a write transaction. */
int hub_sqlite_next_seq(Conn *c, int64_t *seq, char *err, size_t n);

#define CONN_OR_FAIL(S, c)                                                                         \
    Conn *c = hub_sqlite_conn(S, err, n);                                                          \
    if (!c) return AUKIO_ERR

/* The events a transaction changed, each given a new sequence number once at the end. Zero
 * initialised; the ids are the list's own. */
typedef struct {
    char **ids;
    int n, cap;
} Touched;

int hub_sqlite_touched_add(Touched *t, const char *id);
int hub_sqlite_touched_apply(Conn *c, Touched *t, char *err, size_t n);
void hub_sqlite_touched_deinit(Touched *t);

/* The ledger's rows on connection C (hub_store_sqlite_seats.c); the events the ledger touches go
 * into T (NULL when the caller gives the event a sequence number itself, as an import does). R is
 * the caller's storage and must outlive the returned table. */
typedef struct {
    Conn *c;
    Touched *t;
} SqlRows;

HubSeatStore hub_sqlite_rows_init(SqlRows *r, Conn *c, Touched *t);

/* Stores event E (new or changed) inside the caller's transaction, through the seat ledger's
 * capacity check; an unchanged event costs nothing (hub_store_sqlite_events.c). */
int hub_sqlite_event_put(Conn *c, const HubEventIn *e, int64_t now, char *err, size_t n);

/* Records that DEVICE_ID talked to the hub at NOW. */
int hub_sqlite_device_seen(Conn *c, int64_t device_id, int64_t now, char *err, size_t n);

/* Queue mail of KIND for sign-up ROW, or for every confirmed or waiting sign-up of EVENT_ID,
 * inside the caller's transaction (hub_store_sqlite_mail.c). Nothing when the database's mail is
 * off, the sign-up has no usable address or the event has started. */
int hub_sqlite_mail_signup(Conn *c, int64_t row, HubMailKind kind, int64_t now, char *err,
                           size_t n);
int hub_sqlite_mail_event(Conn *c, const char *event_id, HubMailKind kind, int64_t now, char *err,
                          size_t n);

/* Each file fills in its functions of B. */
void hub_sqlite_install_devices(HubStore *b);
void hub_sqlite_install_events(HubStore *b);
void hub_sqlite_install_sync(HubStore *b);
void hub_sqlite_install_reports(HubStore *b);
void hub_sqlite_install_mail(HubStore *b);
void hub_sqlite_install_sources(HubStore *b);
void hub_sqlite_install_backup(HubStore *b);
/* Copies the database open on FROM to PATH (PATH.partial, then a rename), mode 0600, synced:
 * SQLite's online backup in one step (hub_store_sqlite_backup.c). */
int hub_sqlite_copy_db(sqlite3 *from, const char *path, char *err, size_t n) AUKIO_MUST_CHECK;
void hub_sqlite_install_console(HubStore *b);

/* The console's part (hub_store_console.h): the audit row of a change, written inside the
 * caller's transaction (hub_store_sqlite_console_audit.c), and the tables of the pages' and the
 * audit log's functions. */
struct HubConsoleStore;
typedef struct HubActor HubActor;
int hub_sqlite_audit(Conn *c, const HubActor *by, const char *action, const char *target,
                     const char *detail, char *err, size_t n);
void hub_sqlite_install_console_pages(struct HubConsoleStore *t);
void hub_sqlite_install_console_audit(struct HubConsoleStore *t);
void hub_sqlite_install_console_reports(struct HubConsoleStore *t);
void hub_sqlite_install_console_admin(struct HubConsoleStore *t);
/* User NAME, its venues and sessions deleted with the audit row, inside the caller's transaction
 * (hub_store_sqlite_console_admin.c). AUKIO_ERR_NOT_FOUND. */
int hub_sqlite_user_delete(Conn *c, const char *name, const HubActor *by, char *err, size_t n);
/* A source inserted (AUKIO_ERR_EXISTS) or deleted with its ids (AUKIO_ERR_NOT_FOUND), inside the
 * caller's transaction (hub_store_sqlite_sources.c). */
int hub_sqlite_source_insert(Conn *c, const HubSourceRow *in, int64_t now, char *err, size_t n);
int hub_sqlite_source_delete(Conn *c, const char *name, char *err, size_t n);
void hub_sqlite_install_console_kiosks(struct HubConsoleStore *t);

#endif
