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
 * holds connections, statements, transactions and the change sequence; hub_store_sqlite_open.c
 * the schema, opening and closing.
 */
#include "hub_store_sqlite.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

/* ---- Connections and statements ----------------------------------------------------------- */

int hub_sqlite_fail(char *err, size_t n, sqlite3 *db, const char *what)
{
    snprintf(err, n, "%s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
    return AUKIO_ERR;
}

void hub_sqlite_conn_close(Conn *c)
{
    if (c->head) c->head_free(c->head);
    for (int i = 0; i < c->n_cache; i++)
        sqlite3_finalize(c->cache[i].st);
    sqlite3_close(c->db);
    free(c);
}

/* SQLite calls this after every commit of the connection, once the commit is visible to other
 * readers and the write lock is released: the count the pull head's memo checks
 * (hub_store_sqlite_head.c). A WAL hook replaces SQLite's automatic checkpoint, so it does what
 * that did: a checkpoint once the log holds 1000 frames (sqlite3_wal_autocheckpoint's default). */
static int on_wal_commit(void *ud, sqlite3 *db, const char *name, int frames)
{
    SqlStore *S = ud;
    atomic_fetch_add(&S->commits, 1);
    if (frames >= 1000) (void)sqlite3_wal_checkpoint(db, name);
    return SQLITE_OK;
}

static int conn_open(SqlStore *S, Conn **out, char *err, size_t n)
{
    Conn *c = calloc(1, sizeof *c);
    if (!c) return hub_sqlite_fail(err, n, NULL, "open");
    int rc = sqlite3_open_v2(
        S->path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, n, "%s: %s", S->path, c->db ? sqlite3_errmsg(c->db) : "cannot open");
        hub_sqlite_conn_close(c);
        return AUKIO_ERR;
    }
    sqlite3_busy_timeout(c->db, 10000);
    sqlite3_wal_hook(c->db, on_wal_commit, S);
    if (sqlite3_exec(c->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL,
                     NULL) != SQLITE_OK) {
        hub_sqlite_fail(err, n, c->db, S->path);
        hub_sqlite_conn_close(c);
        return AUKIO_ERR;
    }
    *out = c;
    return AUKIO_OK;
}

/* This thread's connection, opened on first use. NULL with ERR on failure. */
Conn *hub_sqlite_conn(SqlStore *S, char *err, size_t n)
{
    Conn *c = pthread_getspecific(S->key);
    if (c) return c;
    if (conn_open(S, &c, err, n) != AUKIO_OK) return NULL;
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
    return AUKIO_OK;
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
        return AUKIO_ERR;
    }
    return AUKIO_OK;
}

/* Commits when RC is AUKIO_OK, else rolls back; returns the final result. */
/* Gives the sign-ups whose status (or place on the waiting list) this transaction changed, marked
 * with seq -1 by the ledger's rows, one new change sequence number: the kiosk that made them
 * learns of it in its next pull (hub_api.c). Done at the end of every write transaction, so no
 * path that moves a sign-up can forget it. */
static int stamp_signups(Conn *c, char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(c, "SELECT 1 FROM signups WHERE seq = -1 LIMIT 1", err, n);
    if (!st) return AUKIO_ERR;
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r == SQLITE_DONE) return AUKIO_OK;
    if (r != SQLITE_ROW) return hub_sqlite_fail(err, n, c->db, "stamp");
    int64_t seq;
    if (hub_sqlite_next_seq(c, &seq, err, n) != AUKIO_OK) return AUKIO_ERR;
    st = hub_sqlite_stmt(c, "UPDATE signups SET seq = ? WHERE seq = -1", err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int64(st, 1, seq);
    return hub_sqlite_done(c, st, err, n, "stamp");
}

int hub_sqlite_end(SqlStore *S, Conn *c, int rc, char *err, size_t n)
{
    if (rc == AUKIO_OK) rc = stamp_signups(c, err, n);
    if (rc == AUKIO_OK && sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = hub_sqlite_fail(err, n, c->db, "commit");
    if (rc != AUKIO_OK) sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    pthread_mutex_unlock(&S->wlock);
    return rc;
}

/* ---- Shared pieces of transactions -------------------------------------------------------- */

int hub_sqlite_next_seq(Conn *c, int64_t *seq, char *err, size_t n)
{
    sqlite3_stmt *st =
        hub_sqlite_stmt(c, "UPDATE meta SET seq = seq + 1 WHERE k = 1 RETURNING seq", err, n);
    if (!st) return AUKIO_ERR;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return hub_sqlite_fail(err, n, c->db, "seq");
    }
    *seq = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return AUKIO_OK;
}

/* Gives event ID the next change sequence number: kiosks pull it again. */
static int touch_event(Conn *c, const char *id, char *err, size_t n)
{
    int64_t seq;
    if (hub_sqlite_next_seq(c, &seq, err, n) != AUKIO_OK) return AUKIO_ERR;
    sqlite3_stmt *st = hub_sqlite_stmt(c, "UPDATE events SET seq = ? WHERE id = ?", err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int64(st, 1, seq);
    hub_sqlite_bind_text(st, 2, id);
    return hub_sqlite_done(c, st, err, n, "touch");
}

int hub_sqlite_touched_add(Touched *t, const char *id)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->ids[i], id) == 0) return AUKIO_OK;
    if (t->n == t->cap) {
        int cap = t->cap ? t->cap * 2 : 8;
        char **p = realloc(t->ids, (size_t)cap * sizeof *p);
        if (!p) return AUKIO_ERR;
        t->ids = p;
        t->cap = cap;
    }
    t->ids[t->n] = strdup(id);
    if (!t->ids[t->n]) return AUKIO_ERR;
    t->n++;
    return AUKIO_OK;
}

int hub_sqlite_touched_apply(Conn *c, Touched *t, char *err, size_t n)
{
    for (int i = 0; i < t->n; i++)
        if (touch_event(c, t->ids[i], err, n) != AUKIO_OK) return AUKIO_ERR;
    return AUKIO_OK;
}

void hub_sqlite_touched_deinit(Touched *t)
{
    for (int i = 0; i < t->n; i++)
        free(t->ids[i]);
    free(t->ids);
    memset(t, 0, sizeof *t);
}
