/*
 * hub_store_sqlite.c: the HubStore on SQLite.
 *
 * One connection per thread (readers run in parallel under WAL); writers take a process-wide
 * mutex before BEGIN IMMEDIATE, so two hub threads never spin in SQLite's busy handler against
 * each other (the busy timeout is left for the CLI, which is another process). Prepared
 * statements are cached per connection, keyed by the SQL literal's address.
 *
 * Counters on the events row (confirmed, waitlisted, waitlisted_count, held) are kept in step with
 * the sign-up and grant rows inside the same transaction, so a pull and a decision read one row;
 * check() recomputes them from scratch. Which counters change, and when, is the seat ledger's
 * decision (hub_seats.c); the store gives it its rows (HubSeatStore, hub_store_sqlite_seats.c) and
 * owns the transactions. hub_store_sqlite.h lists the files of the store by concern; this one
 * holds connections, statements, transactions, the schema and the change sequence.
 */
#include "hub_store_sqlite.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#define SCHEMA_VERSION 1

static const char *SCHEMA =
    "CREATE TABLE meta(k INTEGER PRIMARY KEY CHECK (k = 1), epoch TEXT NOT NULL,"
    " seq INTEGER NOT NULL, floor INTEGER NOT NULL);"
    "CREATE TABLE devices(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    " enrol_hash BLOB UNIQUE, enrol_expires INTEGER, token_hash BLOB UNIQUE,"
    " created_at INTEGER NOT NULL, enrolled_at INTEGER, revoked_at INTEGER, last_seen INTEGER);"
    "CREATE TABLE events(id TEXT PRIMARY KEY, json TEXT NOT NULL, seq INTEGER NOT NULL,"
    " state INTEGER NOT NULL, registration INTEGER NOT NULL, capacity INTEGER NOT NULL,"
    " waitlist_capacity INTEGER NOT NULL, max_group_size INTEGER NOT NULL,"
    " start_time INTEGER NOT NULL, enrolment_start INTEGER NOT NULL,"
    " enrolment_end INTEGER NOT NULL, reserved INTEGER NOT NULL DEFAULT 0,"
    " confirmed INTEGER NOT NULL DEFAULT 0, waitlisted INTEGER NOT NULL DEFAULT 0,"
    " waitlisted_count INTEGER NOT NULL DEFAULT 0, held INTEGER NOT NULL DEFAULT 0);"
    "CREATE UNIQUE INDEX events_seq ON events(seq);"
    "CREATE TABLE signups(n INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,"
    " device_id INTEGER NOT NULL, event_id TEXT NOT NULL, group_size INTEGER NOT NULL,"
    " status INTEGER NOT NULL, code TEXT, name TEXT, email TEXT, phone TEXT, answers TEXT,"
    " lang TEXT, created_at INTEGER, received_at INTEGER NOT NULL, grant_id TEXT,"
    " late INTEGER NOT NULL DEFAULT 0, promoted_at INTEGER, cancelled_at INTEGER);"
    "CREATE INDEX signups_event ON signups(event_id, status);"
    "CREATE TABLE feedback(n INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,"
    " device_id INTEGER NOT NULL, score INTEGER NOT NULL, event_id TEXT, comment TEXT, lang TEXT,"
    " created_at INTEGER, received_at INTEGER NOT NULL);"
    "CREATE TABLE ops(uuid TEXT PRIMARY KEY, device_id INTEGER NOT NULL, answer TEXT NOT NULL,"
    " received_at INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE grants(id TEXT PRIMARY KEY, device_id INTEGER NOT NULL, event_id TEXT NOT NULL,"
    " seats INTEGER NOT NULL, consumed INTEGER NOT NULL DEFAULT 0, state INTEGER NOT NULL,"
    " declared INTEGER NOT NULL DEFAULT 0, expires_at INTEGER NOT NULL,"
    " created_at INTEGER NOT NULL);"
    "CREATE INDEX grants_live ON grants(state, expires_at);"
    "CREATE INDEX grants_event ON grants(event_id, state);";
/* ---- Connections and statements ----------------------------------------------------------- */

int hub_sqlite_fail(char *err, size_t n, sqlite3 *db, const char *what)
{
    snprintf(err, n, "%s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
    return HUB_ERR;
}

static void conn_close(Conn *c)
{
    for (int i = 0; i < c->n_cache; i++)
        sqlite3_finalize(c->cache[i].st);
    sqlite3_close(c->db);
    free(c);
}

static int conn_open(SqlStore *S, Conn **out, char *err, size_t n)
{
    Conn *c = calloc(1, sizeof *c);
    if (!c) return hub_sqlite_fail(err, n, NULL, "open");
    int rc = sqlite3_open_v2(
        S->path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, n, "%s: %s", S->path, c->db ? sqlite3_errmsg(c->db) : "cannot open");
        conn_close(c);
        return HUB_ERR;
    }
    sqlite3_busy_timeout(c->db, 10000);
    if (sqlite3_exec(c->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL,
                     NULL) != SQLITE_OK) {
        hub_sqlite_fail(err, n, c->db, S->path);
        conn_close(c);
        return HUB_ERR;
    }
    *out = c;
    return HUB_OK;
}

/* This thread's connection, opened on first use. NULL with ERR on failure. */
Conn *hub_sqlite_conn(SqlStore *S, char *err, size_t n)
{
    Conn *c = pthread_getspecific(S->key);
    if (c) return c;
    if (conn_open(S, &c, err, n) != HUB_OK) return NULL;
    pthread_mutex_lock(&S->list_lock);
    c->next = S->conns;
    S->conns = c;
    pthread_mutex_unlock(&S->list_lock);
    pthread_setspecific(S->key, c);
    return c;
}

/* The cached statement for SQL (a string literal), reset and unbound. */
sqlite3_stmt *hub_sqlite_stmt(Conn *c, const char *sql, char *err, size_t n)
{
    for (int i = 0; i < c->n_cache; i++) {
        if (c->cache[i].sql == sql) {
            sqlite3_stmt *st = c->cache[i].st;
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return st;
        }
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        hub_sqlite_fail(err, n, c->db, "prepare");
        return NULL;
    }
    if (c->n_cache < STMT_CACHE) {
        c->cache[c->n_cache].sql = sql;
        c->cache[c->n_cache].st = st;
        c->n_cache++;
    } else {
        /* Never reached with the statements below; fail loudly rather than leak. */
        sqlite3_finalize(st);
        snprintf(err, n, "statement cache full");
        return NULL;
    }
    return st;
}

/* Runs a statement that returns no rows to completion. */
int hub_sqlite_done(Conn *c, sqlite3_stmt *st, char *err, size_t n, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return hub_sqlite_fail(err, n, c->db, what);
    return HUB_OK;
}

void hub_sqlite_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

const char *hub_sqlite_col_text(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

/* Write transactions: the process mutex, then BEGIN IMMEDIATE. */
int hub_sqlite_begin(SqlStore *S, Conn *c, char *err, size_t n)
{
    pthread_mutex_lock(&S->wlock);
    if (sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        hub_sqlite_fail(err, n, c->db, "begin");
        pthread_mutex_unlock(&S->wlock);
        return HUB_ERR;
    }
    return HUB_OK;
}

/* Commits when RC is HUB_OK, else rolls back; returns the final result. */
int hub_sqlite_end(SqlStore *S, Conn *c, int rc, char *err, size_t n)
{
    if (rc == HUB_OK && sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = hub_sqlite_fail(err, n, c->db, "commit");
    if (rc != HUB_OK) sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    pthread_mutex_unlock(&S->wlock);
    return rc;
}

/* ---- Schema ------------------------------------------------------------------------------- */

static int migrate(Conn *c, char *err, size_t n)
{
    sqlite3_stmt *st = NULL;
    int version = 0;
    if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return hub_sqlite_fail(err, n, c->db, "user_version");
    if (sqlite3_step(st) == SQLITE_ROW) version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (version == SCHEMA_VERSION) return HUB_OK;
    if (version > SCHEMA_VERSION) {
        snprintf(err, n, "database schema %d is newer than this hub (%d)", version, SCHEMA_VERSION);
        return HUB_ERR;
    }
    uint8_t rnd[16];
    char epoch[33];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(epoch, sizeof epoch, rnd, sizeof rnd);
    if (sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return hub_sqlite_fail(err, n, c->db, "begin");
    int rc = HUB_OK;
    if (sqlite3_exec(c->db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK) {
        rc = hub_sqlite_fail(err, n, c->db, "schema");
    } else if (sqlite3_prepare_v2(c->db,
                                  "INSERT INTO meta(k, epoch, seq, floor) VALUES(1, ?, 0, 0)", -1,
                                  &st, NULL) != SQLITE_OK) {
        rc = hub_sqlite_fail(err, n, c->db, "meta");
    } else {
        sqlite3_bind_text(st, 1, epoch, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) rc = hub_sqlite_fail(err, n, c->db, "meta");
        sqlite3_finalize(st);
    }
    if (rc == HUB_OK &&
        sqlite3_exec(c->db, "PRAGMA user_version=1; COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = hub_sqlite_fail(err, n, c->db, "commit");
    if (rc != HUB_OK) sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* ---- Shared pieces of transactions -------------------------------------------------------- */

int hub_sqlite_next_seq(Conn *c, int64_t *seq, char *err, size_t n)
{
    sqlite3_stmt *st =
        hub_sqlite_stmt(c, "UPDATE meta SET seq = seq + 1 WHERE k = 1 RETURNING seq", err, n);
    if (!st) return HUB_ERR;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return hub_sqlite_fail(err, n, c->db, "seq");
    }
    *seq = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return HUB_OK;
}

/* Gives event ID the next change sequence number: kiosks pull it again. */
static int touch_event(Conn *c, const char *id, char *err, size_t n)
{
    int64_t seq;
    if (hub_sqlite_next_seq(c, &seq, err, n) != HUB_OK) return HUB_ERR;
    sqlite3_stmt *st = hub_sqlite_stmt(c, "UPDATE events SET seq = ? WHERE id = ?", err, n);
    if (!st) return HUB_ERR;
    sqlite3_bind_int64(st, 1, seq);
    hub_sqlite_bind_text(st, 2, id);
    return hub_sqlite_done(c, st, err, n, "touch");
}

int hub_sqlite_touched_add(Touched *t, const char *id)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->ids[i], id) == 0) return HUB_OK;
    if (t->n == t->cap) {
        int cap = t->cap ? t->cap * 2 : 8;
        char **p = realloc(t->ids, (size_t)cap * sizeof *p);
        if (!p) return HUB_ERR;
        t->ids = p;
        t->cap = cap;
    }
    t->ids[t->n] = strdup(id);
    if (!t->ids[t->n]) return HUB_ERR;
    t->n++;
    return HUB_OK;
}

int hub_sqlite_touched_apply(Conn *c, Touched *t, char *err, size_t n)
{
    for (int i = 0; i < t->n; i++)
        if (touch_event(c, t->ids[i], err, n) != HUB_OK) return HUB_ERR;
    return HUB_OK;
}

void hub_sqlite_touched_deinit(Touched *t)
{
    for (int i = 0; i < t->n; i++)
        free(t->ids[i]);
    free(t->ids);
    memset(t, 0, sizeof *t);
}
/* ---- Meta --------------------------------------------------------------------------------- */

static int s_meta(HubStore *s, char epoch[33], int64_t *seq, int64_t *floor, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = hub_sqlite_stmt(c, "SELECT epoch, seq, floor FROM meta WHERE k = 1", err, n);
    if (!st) return HUB_ERR;
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return hub_sqlite_fail(err, n, c->db, "meta");
    }
    snprintf(epoch, 33, "%s", hub_sqlite_col_text(st, 0));
    *seq = sqlite3_column_int64(st, 1);
    *floor = sqlite3_column_int64(st, 2);
    sqlite3_reset(st);
    return HUB_OK;
}

/* ---- Open and close ----------------------------------------------------------------------- */

static void s_close(HubStore *s)
{
    if (!s) return;
    SqlStore *S = impl(s);
    Conn *c = S->conns;
    while (c) {
        Conn *next = c->next;
        conn_close(c);
        c = next;
    }
    pthread_key_delete(S->key);
    pthread_mutex_destroy(&S->wlock);
    pthread_mutex_destroy(&S->list_lock);
    free(S->path);
    free(S);
}

int hub_store_sqlite_open(HubStore **out, const char *path, char *err, size_t n)
{
    if (sodium_init() < 0) {
        snprintf(err, n, "libsodium failed to initialise");
        return HUB_ERR;
    }
    SqlStore *S = calloc(1, sizeof *S);
    if (!S || !(S->path = strdup(path))) {
        free(S);
        snprintf(err, n, "out of memory");
        return HUB_ERR;
    }
    pthread_key_create(&S->key, NULL);
    pthread_mutex_init(&S->wlock, NULL);
    pthread_mutex_init(&S->list_lock, NULL);
    HubStore *b = &S->base;
    b->impl = S;
    b->close = s_close;
    b->meta = s_meta;
    hub_sqlite_install_devices(b);
    hub_sqlite_install_events(b);
    hub_sqlite_install_sync(b);
    hub_sqlite_install_reports(b);

    Conn *c = hub_sqlite_conn(S, err, n);
    if (!c || migrate(c, err, n) != HUB_OK) {
        s_close(b);
        return HUB_ERR;
    }
    *out = b;
    return HUB_OK;
}
