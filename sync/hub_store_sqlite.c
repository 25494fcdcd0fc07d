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
 * decision (hub_seats.c): this file gives it its rows (HubSeatStore) and owns the transactions.
 */
#include "hub_seats.h"
#include "util.h"

#include <assert.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>

#define SCHEMA_VERSION 1
#define STMT_CACHE 64

typedef struct Conn {
    sqlite3 *db;
    struct {
        const char *sql;
        sqlite3_stmt *st;
    } cache[STMT_CACHE];
    int n_cache;
    struct Conn *next;
} Conn;

typedef struct {
    HubStore base;
    char *path;
    pthread_key_t key;
    pthread_mutex_t wlock;     /* serialises write transactions of this process */
    pthread_mutex_t list_lock; /* guards conns */
    Conn *conns;
} SqlStore;

/* Event states. */
enum { EV_LIVE = 0, EV_CANCELLED = 1, EV_DELETED = 2 };
/* Sign-up and grant states are the ledger's (hub_seats.h). */

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

static SqlStore *impl(HubStore *s)
{
    return (SqlStore *)s;
}

static int set_err(char *err, size_t n, sqlite3 *db, const char *what)
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
    if (!c) return set_err(err, n, NULL, "open");
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
        set_err(err, n, c->db, S->path);
        conn_close(c);
        return HUB_ERR;
    }
    *out = c;
    return HUB_OK;
}

/* This thread's connection, opened on first use. NULL with ERR on failure. */
static Conn *conn_get(SqlStore *S, char *err, size_t n)
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
static sqlite3_stmt *q(Conn *c, const char *sql, char *err, size_t n)
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
        set_err(err, n, c->db, "prepare");
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
static int step_done(Conn *c, sqlite3_stmt *st, char *err, size_t n, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return set_err(err, n, c->db, what);
    return HUB_OK;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

/* Write transactions: the process mutex, then BEGIN IMMEDIATE. */
static int wbegin(SqlStore *S, Conn *c, char *err, size_t n)
{
    pthread_mutex_lock(&S->wlock);
    if (sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        set_err(err, n, c->db, "begin");
        pthread_mutex_unlock(&S->wlock);
        return HUB_ERR;
    }
    return HUB_OK;
}

/* Commits when RC is HUB_OK, else rolls back; returns the final result. */
static int wend(SqlStore *S, Conn *c, int rc, char *err, size_t n)
{
    if (rc == HUB_OK && sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = set_err(err, n, c->db, "commit");
    if (rc != HUB_OK) sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    pthread_mutex_unlock(&S->wlock);
    return rc;
}

#define CONN_OR_FAIL(S, c)                                                                         \
    Conn *c = conn_get(S, err, n);                                                                 \
    if (!c) return HUB_ERR

/* ---- Schema ------------------------------------------------------------------------------- */

static int migrate(Conn *c, char *err, size_t n)
{
    sqlite3_stmt *st = NULL;
    int version = 0;
    if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return set_err(err, n, c->db, "user_version");
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
        return set_err(err, n, c->db, "begin");
    int rc = HUB_OK;
    if (sqlite3_exec(c->db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK) {
        rc = set_err(err, n, c->db, "schema");
    } else if (sqlite3_prepare_v2(c->db,
                                  "INSERT INTO meta(k, epoch, seq, floor) VALUES(1, ?, 0, 0)", -1,
                                  &st, NULL) != SQLITE_OK) {
        rc = set_err(err, n, c->db, "meta");
    } else {
        sqlite3_bind_text(st, 1, epoch, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) rc = set_err(err, n, c->db, "meta");
        sqlite3_finalize(st);
    }
    if (rc == HUB_OK &&
        sqlite3_exec(c->db, "PRAGMA user_version=1; COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = set_err(err, n, c->db, "commit");
    if (rc != HUB_OK) sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* ---- Shared pieces of transactions -------------------------------------------------------- */

static int next_seq(Conn *c, int64_t *seq, char *err, size_t n)
{
    sqlite3_stmt *st = q(c, "UPDATE meta SET seq = seq + 1 WHERE k = 1 RETURNING seq", err, n);
    if (!st) return HUB_ERR;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return set_err(err, n, c->db, "seq");
    }
    *seq = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return HUB_OK;
}

/* Gives event ID the next change sequence number: kiosks pull it again. */
static int touch_event(Conn *c, const char *id, char *err, size_t n)
{
    int64_t seq;
    if (next_seq(c, &seq, err, n) != HUB_OK) return HUB_ERR;
    sqlite3_stmt *st = q(c, "UPDATE events SET seq = ? WHERE id = ?", err, n);
    if (!st) return HUB_ERR;
    sqlite3_bind_int64(st, 1, seq);
    bind_text(st, 2, id);
    return step_done(c, st, err, n, "touch");
}

/* The events a transaction changed, touched once each at the end. */
typedef struct {
    char **ids;
    int n, cap;
} Touched;

static int touched_add(Touched *t, const char *id)
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

static int touched_apply(Conn *c, Touched *t, char *err, size_t n)
{
    for (int i = 0; i < t->n; i++)
        if (touch_event(c, t->ids[i], err, n) != HUB_OK) return HUB_ERR;
    return HUB_OK;
}

static void touched_deinit(Touched *t)
{
    for (int i = 0; i < t->n; i++)
        free(t->ids[i]);
    free(t->ids);
    memset(t, 0, sizeof *t);
}

/* ---- The seat ledger's rows (HubSeatStore in SQL) ----------------------------------------- */

/* What the ledger's row operations need: the connection, and the events to touch at the end. */
typedef struct {
    Conn *c;
    Touched *t; /* NULL in an import, which sets the sequence number itself */
} Rows;

static const char *SQL_SEATS =
    "SELECT state, registration, capacity, waitlist_capacity, max_group_size, start_time,"
    " enrolment_start, enrolment_end, reserved, confirmed, waitlisted, waitlisted_count, held"
    " FROM events WHERE id = ? AND state != 2";

static int rows_event_load(void *ud, const char *id, HubSeats *ev, char *err, size_t n)
{
    Conn *c = ((Rows *)ud)->c;
    sqlite3_stmt *st = q(c, SQL_SEATS, err, n);
    if (!st) return HUB_ERR;
    bind_text(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        return HUB_ERR_NOT_FOUND;
    }
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return set_err(err, n, c->db, "event");
    }
    ev->cancelled = sqlite3_column_int(st, 0) == EV_CANCELLED;
    ev->registration = sqlite3_column_int(st, 1) != 0;
    ev->capacity = sqlite3_column_int(st, 2);
    ev->waitlist_capacity = sqlite3_column_int(st, 3);
    ev->max_group_size = sqlite3_column_int(st, 4);
    ev->start_time = sqlite3_column_int64(st, 5);
    ev->enrolment_start = sqlite3_column_int64(st, 6);
    ev->enrolment_end = sqlite3_column_int64(st, 7);
    ev->reserved = sqlite3_column_int(st, 8);
    ev->confirmed = sqlite3_column_int(st, 9);
    ev->waitlisted = sqlite3_column_int(st, 10);
    ev->waitlisted_count = sqlite3_column_int(st, 11);
    ev->held = sqlite3_column_int(st, 12);
    sqlite3_reset(st);
    return HUB_OK;
}

static int rows_event_add(void *ud, const char *id, int confirmed, int waitlisted, int wl_count,
                          int held, char *err, size_t n)
{
    Conn *c = ((Rows *)ud)->c;
    sqlite3_stmt *st = q(c,
                         "UPDATE events SET confirmed = confirmed + ?, waitlisted = waitlisted + ?,"
                         " waitlisted_count = waitlisted_count + ?, held = held + ? WHERE id = ?",
                         err, n);
    if (!st) return HUB_ERR;
    sqlite3_bind_int(st, 1, confirmed);
    sqlite3_bind_int(st, 2, waitlisted);
    sqlite3_bind_int(st, 3, wl_count);
    sqlite3_bind_int(st, 4, held);
    bind_text(st, 5, id);
    return step_done(c, st, err, n, "counters");
}

static int rows_event_touch(void *ud, const char *id, char *err, size_t n)
{
    Rows *r = ud;
    assert(r->t);
    if (touched_add(r->t, id) != HUB_OK) return set_err(err, n, NULL, "touch");
    return HUB_OK;
}

static int rows_grant_load(void *ud, const char *id, HubGrant *g, char *err, size_t n)
{
    Conn *c = ((Rows *)ud)->c;
    sqlite3_stmt *st = q(c,
                         "SELECT device_id, event_id, seats, consumed, state, declared, expires_at"
                         " FROM grants WHERE id = ?",
                         err, n);
    if (!st) return HUB_ERR;
    bind_text(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? HUB_ERR_NOT_FOUND : set_err(err, n, c->db, "grant");
    }
    g->device_id = sqlite3_column_int64(st, 0);
    str_copy(g->event_id, sizeof g->event_id, col_text(st, 1));
    g->seats = sqlite3_column_int(st, 2);
    g->consumed = sqlite3_column_int(st, 3);
    g->state = sqlite3_column_int(st, 4);
    g->declared = sqlite3_column_int(st, 5);
    g->expires_at = sqlite3_column_int64(st, 6);
    sqlite3_reset(st);
    return HUB_OK;
}

static int rows_grant_insert(void *ud, const char *id, const HubGrant *g, int64_t now, char *err,
                             size_t n)
{
    Conn *c = ((Rows *)ud)->c;
    sqlite3_stmt *st = q(c,
                         "INSERT INTO grants(id, device_id, event_id, seats, consumed, state,"
                         " declared, expires_at, created_at) VALUES(?, ?, ?, ?, 0, 0, 0, ?, ?)",
                         err, n);
    if (!st) return HUB_ERR;
    bind_text(st, 1, id);
    sqlite3_bind_int64(st, 2, g->device_id);
    bind_text(st, 3, g->event_id);
    sqlite3_bind_int(st, 4, g->seats);
    sqlite3_bind_int64(st, 5, g->expires_at);
    sqlite3_bind_int64(st, 6, now);
    return step_done(c, st, err, n, "grant");
}

static int rows_grant_update(void *ud, const char *id, int consumed, int state, int declared,
                             char *err, size_t n)
{
    Conn *c = ((Rows *)ud)->c;
    sqlite3_stmt *st =
        q(c, "UPDATE grants SET consumed = ?, state = ?, declared = ? WHERE id = ?", err, n);
    if (!st) return HUB_ERR;
    sqlite3_bind_int(st, 1, consumed);
    sqlite3_bind_int(st, 2, state);
    sqlite3_bind_int(st, 3, declared);
    bind_text(st, 4, id);
    return step_done(c, st, err, n, "grant");
}

static const char *SQL_EXPIRED =
    "SELECT id FROM grants WHERE state IN (0, 1) AND expires_at < ? LIMIT 1";

static int rows_grant_expired(void *ud, int64_t before, char id[RECORD_UUID_LEN + 1], char *err,
                              size_t n)
{
    Conn *c = ((Rows *)ud)->c;
    sqlite3_stmt *st = q(c, SQL_EXPIRED, err, n);
    if (!st) return HUB_ERR;
    sqlite3_bind_int64(st, 1, before);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) str_copy(id, RECORD_UUID_LEN + 1, col_text(st, 0));
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return HUB_ERR_NOT_FOUND;
    return rc == SQLITE_ROW ? HUB_OK : set_err(err, n, c->db, "reclaim");
}

static int rows_signup_insert(void *ud, int64_t device_id, const WireOp *op, int status, bool late,
                              int64_t now, char *err, size_t n)
{
    Conn *c = ((Rows *)ud)->c;
    char *answers = op->answers ? json_dumps(op->answers, JSON_COMPACT) : NULL;
    sqlite3_stmt *st = q(c,
                         "INSERT INTO signups(uuid, device_id, event_id, group_size, status, code,"
                         " name, email, phone, answers, lang, created_at, received_at, grant_id,"
                         " late) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         err, n);
    if (!st) {
        free(answers);
        return HUB_ERR;
    }
    bind_text(st, 1, op->uuid);
    sqlite3_bind_int64(st, 2, device_id);
    bind_text(st, 3, op->event_id);
    sqlite3_bind_int(st, 4, op->group_size);
    sqlite3_bind_int(st, 5, status);
    bind_text(st, 6, op->code);
    bind_text(st, 7, op->name);
    bind_text(st, 8, op->email);
    bind_text(st, 9, op->phone);
    bind_text(st, 10, answers);
    bind_text(st, 11, op->lang);
    sqlite3_bind_int64(st, 12, op->created_at);
    sqlite3_bind_int64(st, 13, now);
    bind_text(st, 14, op->grant);
    sqlite3_bind_int(st, 15, late);
    int rc = step_done(c, st, err, n, "signup");
    free(answers);
    return rc;
}

static int rows_signup_find(void *ud, const char *uuid, HubSignupRef *su, char *err, size_t n)
{
    Conn *c = ((Rows *)ud)->c;
    sqlite3_stmt *st = q(c,
                         "SELECT n, device_id, event_id, group_size, status FROM signups"
                         " WHERE uuid = ?",
                         err, n);
    if (!st) return HUB_ERR;
    bind_text(st, 1, uuid);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? HUB_ERR_NOT_FOUND : set_err(err, n, c->db, "cancel");
    }
    su->row = sqlite3_column_int64(st, 0);
    su->device_id = sqlite3_column_int64(st, 1);
    str_copy(su->event_id, sizeof su->event_id, col_text(st, 2));
    su->group_size = sqlite3_column_int(st, 3);
    su->status = sqlite3_column_int(st, 4);
    sqlite3_reset(st);
    return HUB_OK;
}

static int rows_signup_set_status(void *ud, int64_t row, int status, int64_t now, char *err,
                                  size_t n)
{
    Conn *c = ((Rows *)ud)->c;
    assert(status == HUB_SIGNUP_CONFIRMED || status == HUB_SIGNUP_CANCELLED);
    sqlite3_stmt *st =
        status == HUB_SIGNUP_CONFIRMED
            ? q(c, "UPDATE signups SET status = 0, promoted_at = ? WHERE n = ?", err, n)
            : q(c, "UPDATE signups SET status = 2, cancelled_at = ? WHERE n = ?", err, n);
    if (!st) return HUB_ERR;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, row);
    return step_done(c, st, err, n, status == HUB_SIGNUP_CONFIRMED ? "promote" : "cancel");
}

static int rows_waitlist_head(void *ud, const char *id, int64_t *row, int *group, char *err,
                              size_t n)
{
    Conn *c = ((Rows *)ud)->c;
    sqlite3_stmt *st = q(c,
                         "SELECT n, group_size FROM signups WHERE event_id = ? AND status = 1"
                         " ORDER BY n LIMIT 1",
                         err, n);
    if (!st) return HUB_ERR;
    bind_text(st, 1, id);
    /* As before the ledger moved out: a failed step reads as "nobody waits". */
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *row = sqlite3_column_int64(st, 0);
        *group = sqlite3_column_int(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? HUB_OK : HUB_ERR_NOT_FOUND;
}

/* The ledger's view of connection C; the events it changes go into T. */
static HubSeatStore rows_init(Rows *r, Conn *c, Touched *t)
{
    r->c = c;
    r->t = t;
    return (HubSeatStore){.ud = r,
                          .event_load = rows_event_load,
                          .event_add = rows_event_add,
                          .event_touch = rows_event_touch,
                          .grant_load = rows_grant_load,
                          .grant_insert = rows_grant_insert,
                          .grant_update = rows_grant_update,
                          .grant_expired = rows_grant_expired,
                          .signup_insert = rows_signup_insert,
                          .signup_find = rows_signup_find,
                          .signup_set_status = rows_signup_set_status,
                          .waitlist_head = rows_waitlist_head};
}

static int device_seen(Conn *c, int64_t device_id, int64_t now, char *err, size_t n)
{
    sqlite3_stmt *st = q(c, "UPDATE devices SET last_seen = ? WHERE id = ?", err, n);
    if (!st) return HUB_ERR;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, device_id);
    return step_done(c, st, err, n, "device");
}

/* ---- Meta and devices --------------------------------------------------------------------- */

static int s_meta(HubStore *s, char epoch[33], int64_t *seq, int64_t *floor, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = q(c, "SELECT epoch, seq, floor FROM meta WHERE k = 1", err, n);
    if (!st) return HUB_ERR;
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return set_err(err, n, c->db, "meta");
    }
    snprintf(epoch, 33, "%s", col_text(st, 0));
    *seq = sqlite3_column_int64(st, 1);
    *floor = sqlite3_column_int64(st, 2);
    sqlite3_reset(st);
    return HUB_OK;
}

static int s_device_add(HubStore *s, const char *name, const uint8_t enrol_hash[HUB_HASH_LEN],
                        int64_t now, int64_t enrol_expires, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (wbegin(S, c, err, n) != HUB_OK) return HUB_ERR;
    int rc = HUB_OK;
    sqlite3_stmt *st = q(c,
                         "INSERT INTO devices(name, enrol_hash, enrol_expires, created_at)"
                         " VALUES(?, ?, ?, ?)",
                         err, n);
    if (!st) {
        rc = HUB_ERR;
    } else {
        bind_text(st, 1, name);
        sqlite3_bind_blob(st, 2, enrol_hash, HUB_HASH_LEN, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, enrol_expires);
        sqlite3_bind_int64(st, 4, now);
        int r = sqlite3_step(st);
        sqlite3_reset(st);
        if (r == SQLITE_CONSTRAINT) {
            snprintf(err, n, "a device named '%s' already exists", name);
            rc = HUB_ERR_EXISTS;
        } else if (r != SQLITE_DONE) {
            rc = set_err(err, n, c->db, "device add");
        }
    }
    return wend(S, c, rc, err, n);
}

static int s_device_revoke(HubStore *s, const char *name, int64_t now, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (wbegin(S, c, err, n) != HUB_OK) return HUB_ERR;
    int rc = HUB_OK;
    sqlite3_stmt *st = q(c,
                         "UPDATE devices SET revoked_at = ?, enrol_hash = NULL"
                         " WHERE name = ? AND revoked_at IS NULL",
                         err, n);
    if (!st) {
        rc = HUB_ERR;
    } else {
        sqlite3_bind_int64(st, 1, now);
        bind_text(st, 2, name);
        rc = step_done(c, st, err, n, "revoke");
        if (rc == HUB_OK && sqlite3_changes(c->db) == 0) {
            snprintf(err, n, "no device named '%s' (or it is already revoked)", name);
            rc = HUB_ERR_NOT_FOUND;
        }
    }
    return wend(S, c, rc, err, n);
}

static int s_device_list(HubStore *s, HubDeviceCb cb, void *ud, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = q(c,
                         "SELECT name, created_at, enrolled_at, revoked_at, last_seen,"
                         " enrol_hash IS NOT NULL FROM devices ORDER BY name",
                         err, n);
    if (!st) return HUB_ERR;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        HubDeviceRow r = {col_text(st, 0),
                          sqlite3_column_int64(st, 1),
                          sqlite3_column_int64(st, 2),
                          sqlite3_column_int64(st, 3),
                          sqlite3_column_int64(st, 4),
                          sqlite3_column_int(st, 5) != 0};
        if (cb(ud, &r) != 0) break;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? HUB_OK : set_err(err, n, c->db, "devices");
}

static int s_device_enrol(HubStore *s, const uint8_t enrol_hash[HUB_HASH_LEN],
                          const uint8_t token_hash[HUB_HASH_LEN], int64_t now, char *name,
                          size_t namelen, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (wbegin(S, c, err, n) != HUB_OK) return HUB_ERR;
    int rc = HUB_OK;
    sqlite3_stmt *st = q(c,
                         "SELECT id, name, enrol_hash, enrol_expires FROM devices"
                         " WHERE enrol_hash = ? AND revoked_at IS NULL",
                         err, n);
    if (!st) {
        rc = HUB_ERR;
        goto done;
    }
    sqlite3_bind_blob(st, 1, enrol_hash, HUB_HASH_LEN, SQLITE_STATIC);
    int r = sqlite3_step(st);
    if (r != SQLITE_ROW) {
        sqlite3_reset(st);
        if (r == SQLITE_DONE) {
            snprintf(err, n, "unknown, spent or revoked enrolment token");
            rc = HUB_ERR_DENIED;
        } else {
            rc = set_err(err, n, c->db, "enrol");
        }
        goto done;
    }
    int64_t id = sqlite3_column_int64(st, 0);
    snprintf(name, namelen, "%s", col_text(st, 1));
    const void *stored = sqlite3_column_blob(st, 2);
    bool same = sqlite3_column_bytes(st, 2) == HUB_HASH_LEN &&
                sodium_memcmp(stored, enrol_hash, HUB_HASH_LEN) == 0;
    int64_t expires = sqlite3_column_int64(st, 3);
    sqlite3_reset(st);
    if (!same || (expires > 0 && now > expires)) {
        snprintf(err, n, "unknown, spent or expired enrolment token");
        rc = HUB_ERR_DENIED;
        goto done;
    }
    st = q(c,
           "UPDATE devices SET enrol_hash = NULL, token_hash = ?, enrolled_at = ?, last_seen = ?"
           " WHERE id = ?",
           err, n);
    if (!st) {
        rc = HUB_ERR;
        goto done;
    }
    sqlite3_bind_blob(st, 1, token_hash, HUB_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int64(st, 4, id);
    rc = step_done(c, st, err, n, "enrol");
done:
    return wend(S, c, rc, err, n);
}

static int s_device_auth(HubStore *s, const uint8_t token_hash[HUB_HASH_LEN], int64_t *device_id,
                         char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = q(c,
                         "SELECT id, token_hash FROM devices WHERE token_hash = ?"
                         " AND revoked_at IS NULL",
                         err, n);
    if (!st) return HUB_ERR;
    sqlite3_bind_blob(st, 1, token_hash, HUB_HASH_LEN, SQLITE_STATIC);
    int r = sqlite3_step(st);
    int rc = HUB_ERR_DENIED;
    if (r == SQLITE_ROW) {
        const void *stored = sqlite3_column_blob(st, 1);
        if (sqlite3_column_bytes(st, 1) == HUB_HASH_LEN &&
            sodium_memcmp(stored, token_hash, HUB_HASH_LEN) == 0) {
            *device_id = sqlite3_column_int64(st, 0);
            rc = HUB_OK;
        }
    } else if (r != SQLITE_DONE) {
        rc = set_err(err, n, c->db, "auth");
    }
    if (rc == HUB_ERR_DENIED) snprintf(err, n, "unknown or revoked device token");
    sqlite3_reset(st);
    return rc;
}

/* ---- Catalogue ---------------------------------------------------------------------------- */

static int import_one(Conn *c, const HubEventIn *e, int64_t now, char *err, size_t n)
{
    Rows rows;
    HubSeatStore ledger = rows_init(&rows, c, NULL);
    int rc = hub_seats_import_check(&ledger, e, err, n);
    if (rc != HUB_OK) return rc;
    /* A re-import of the same document changes nothing and costs the kiosks nothing. */
    sqlite3_stmt *st = q(c,
                         "SELECT 1 FROM events WHERE id = ? AND json = ? AND state = ?"
                         " AND registration = ? AND capacity = ? AND waitlist_capacity = ?"
                         " AND max_group_size = ? AND start_time = ? AND enrolment_start = ?"
                         " AND enrolment_end = ? AND reserved = ?",
                         err, n);
    if (!st) return HUB_ERR;
    bind_text(st, 1, e->id);
    bind_text(st, 2, e->json);
    sqlite3_bind_int(st, 3, e->cancelled ? EV_CANCELLED : EV_LIVE);
    sqlite3_bind_int(st, 4, e->registration);
    sqlite3_bind_int(st, 5, e->capacity);
    sqlite3_bind_int(st, 6, e->waitlist_capacity);
    sqlite3_bind_int(st, 7, e->max_group_size);
    sqlite3_bind_int64(st, 8, e->start_time);
    sqlite3_bind_int64(st, 9, e->enrolment_start);
    sqlite3_bind_int64(st, 10, e->enrolment_end);
    sqlite3_bind_int(st, 11, e->reserved);
    int same = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    if (same) return HUB_OK;

    int64_t seq;
    if (next_seq(c, &seq, err, n) != HUB_OK) return HUB_ERR;
    st = q(c,
           "INSERT INTO events(id, json, seq, state, registration, capacity, waitlist_capacity,"
           " max_group_size, start_time, enrolment_start, enrolment_end, reserved)"
           " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
           " ON CONFLICT(id) DO UPDATE SET json = ?2, seq = ?3, state = ?4, registration = ?5,"
           " capacity = ?6, waitlist_capacity = ?7, max_group_size = ?8, start_time = ?9,"
           " enrolment_start = ?10, enrolment_end = ?11, reserved = ?12",
           err, n);
    if (!st) return HUB_ERR;
    bind_text(st, 1, e->id);
    bind_text(st, 2, e->json);
    sqlite3_bind_int64(st, 3, seq);
    sqlite3_bind_int(st, 4, e->cancelled ? EV_CANCELLED : EV_LIVE);
    sqlite3_bind_int(st, 5, e->registration);
    sqlite3_bind_int(st, 6, e->capacity);
    sqlite3_bind_int(st, 7, e->waitlist_capacity);
    sqlite3_bind_int(st, 8, e->max_group_size);
    sqlite3_bind_int64(st, 9, e->start_time);
    sqlite3_bind_int64(st, 10, e->enrolment_start);
    sqlite3_bind_int64(st, 11, e->enrolment_end);
    sqlite3_bind_int(st, 12, e->reserved);
    if (step_done(c, st, err, n, e->id) != HUB_OK) return HUB_ERR;
    /* More seats may let people off the waiting list. */
    return hub_seats_promote(&ledger, e->id, now, err, n) == HUB_OK ? HUB_OK : HUB_ERR;
}

static int s_event_import(HubStore *s, const HubEventIn *evs, int n_evs, int64_t now, char *err,
                          size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (wbegin(S, c, err, n) != HUB_OK) return HUB_ERR;
    int rc = HUB_OK;
    for (int i = 0; i < n_evs && rc == HUB_OK; i++)
        rc = import_one(c, &evs[i], now, err, n);
    return wend(S, c, rc, err, n);
}

static int set_state(HubStore *s, const char *id, int state, const char *json, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (wbegin(S, c, err, n) != HUB_OK) return HUB_ERR;
    int64_t seq = 0;
    int rc = next_seq(c, &seq, err, n);
    sqlite3_stmt *st = NULL;
    if (rc == HUB_OK) {
        st = q(c,
               "UPDATE events SET state = ?, seq = ?, json = coalesce(?, json)"
               " WHERE id = ? AND state != 2 AND state != ?",
               err, n);
        if (!st) rc = HUB_ERR;
    }
    if (rc == HUB_OK) {
        sqlite3_bind_int(st, 1, state);
        sqlite3_bind_int64(st, 2, seq);
        bind_text(st, 3, json);
        bind_text(st, 4, id);
        sqlite3_bind_int(st, 5, state);
        rc = step_done(c, st, err, n, id);
        if (rc == HUB_OK && sqlite3_changes(c->db) == 0) {
            snprintf(err, n, "no event '%s' (or it is already %s)", id,
                     state == EV_DELETED ? "deleted" : "cancelled or deleted");
            rc = HUB_ERR_NOT_FOUND;
        }
    }
    return wend(S, c, rc, err, n);
}

static int s_event_cancel(HubStore *s, const char *id, const char *json, char *err, size_t n)
{
    return set_state(s, id, EV_CANCELLED, json, err, n);
}

static int s_event_delete(HubStore *s, const char *id, char *err, size_t n)
{
    return set_state(s, id, EV_DELETED, NULL, err, n);
}

static int s_event_json(HubStore *s, const char *id, char **json, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = q(c, "SELECT json FROM events WHERE id = ? AND state != 2", err, n);
    if (!st) return HUB_ERR;
    bind_text(st, 1, id);
    int r = sqlite3_step(st);
    int rc = HUB_OK;
    if (r == SQLITE_ROW) {
        *json = strdup(col_text(st, 0));
        if (!*json) rc = set_err(err, n, NULL, id);
    } else if (r == SQLITE_DONE) {
        snprintf(err, n, "no event '%s'", id);
        rc = HUB_ERR_NOT_FOUND;
    } else {
        rc = set_err(err, n, c->db, id);
    }
    sqlite3_reset(st);
    return rc;
}

static const char *state_name(int state)
{
    return state == EV_LIVE ? "live" : state == EV_CANCELLED ? "cancelled" : "deleted";
}

static int s_event_list(HubStore *s, HubEventCb cb, void *ud, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = q(c,
                         "SELECT id, seq, state, capacity, reserved, confirmed, waitlisted,"
                         " waitlisted_count, held, start_time FROM events ORDER BY start_time, id",
                         err, n);
    if (!st) return HUB_ERR;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        HubEventRow row = {col_text(st, 0),
                           sqlite3_column_int64(st, 1),
                           state_name(sqlite3_column_int(st, 2)),
                           sqlite3_column_int(st, 3),
                           sqlite3_column_int(st, 4),
                           sqlite3_column_int(st, 5),
                           sqlite3_column_int(st, 6),
                           sqlite3_column_int(st, 7),
                           sqlite3_column_int(st, 8),
                           sqlite3_column_int64(st, 9)};
        if (cb(ud, &row) != 0) break;
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? HUB_OK : set_err(err, n, c->db, "events");
}

static int s_changes(HubStore *s, int64_t after, int limit, bool snapshot, HubChangeCb cb, void *ud,
                     bool *more, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = snapshot
                           ? q(c,
                               "SELECT id, json, state, seq, capacity, confirmed, waitlisted, held"
                               " FROM events WHERE seq > ? AND state != 2 ORDER BY seq LIMIT ?",
                               err, n)
                           : q(c,
                               "SELECT id, json, state, seq, capacity, confirmed, waitlisted, held"
                               " FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
                               err, n);
    if (!st) return HUB_ERR;
    sqlite3_bind_int64(st, 1, after);
    sqlite3_bind_int(st, 2, limit + 1);
    int r, got = 0;
    *more = false;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (got == limit) {
            *more = true;
            break;
        }
        int state = sqlite3_column_int(st, 2);
        HubChange ch = {state == EV_LIVE        ? "upsert"
                        : state == EV_CANCELLED ? "cancel"
                                                : "delete",
                        col_text(st, 0),
                        state == EV_DELETED ? NULL : col_text(st, 1),
                        sqlite3_column_int64(st, 3),
                        sqlite3_column_int(st, 4),
                        sqlite3_column_int(st, 5),
                        sqlite3_column_int(st, 6),
                        sqlite3_column_int(st, 7)};
        got++;
        if (cb(ud, &ch) != 0) {
            sqlite3_reset(st);
            snprintf(err, n, "response too large");
            return HUB_ERR;
        }
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? HUB_OK : set_err(err, n, c->db, "changes");
}

static int s_compact(HubStore *s, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (wbegin(S, c, err, n) != HUB_OK) return HUB_ERR;
    int rc = HUB_OK;
    if (sqlite3_exec(c->db,
                     "DELETE FROM events WHERE state = 2; UPDATE meta SET floor = seq WHERE k = 1",
                     NULL, NULL, NULL) != SQLITE_OK)
        rc = set_err(err, n, c->db, "compact");
    return wend(S, c, rc, err, n);
}

/* ---- Push --------------------------------------------------------------------------------- */

static char *answer_new(const char *uuid, WireResult r, int position, const char *reason,
                        const char *message)
{
    char buf[1024];
    if (wire_answer_format(buf, sizeof buf, uuid, r, position, reason, message) < 0) return NULL;
    return strdup(buf);
}

/* The answer of a seat op, formatted. */
static char *answer_of(const WireOp *op, const HubSeatAnswer *a)
{
    return answer_new(op->uuid, a->result, a->position, a->reason, a->message);
}

static int apply_feedback(Conn *c, int64_t device_id, const WireOp *op, int64_t now, char **answer,
                          char *err, size_t n)
{
    sqlite3_stmt *st = q(c,
                         "INSERT INTO feedback(uuid, device_id, score, event_id, comment, lang,"
                         " created_at, received_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
                         err, n);
    if (!st) return HUB_ERR;
    bind_text(st, 1, op->uuid);
    sqlite3_bind_int64(st, 2, device_id);
    sqlite3_bind_int(st, 3, op->score);
    bind_text(st, 4, op->event_id);
    bind_text(st, 5, op->comment);
    bind_text(st, 6, op->lang);
    sqlite3_bind_int64(st, 7, op->created_at);
    sqlite3_bind_int64(st, 8, now);
    if (step_done(c, st, err, n, "feedback") != HUB_OK) return HUB_ERR;
    *answer = answer_new(op->uuid, WIRE_RES_OK, 0, NULL, NULL);
    return *answer ? HUB_OK : HUB_ERR;
}

static int push_one(Conn *c, int64_t device_id, HubPushItem *it, int64_t now, Touched *t, char *err,
                    size_t n)
{
    const WireOp *op = &it->op;
    if (!op->uuid[0]) {
        /* Without a uuid there is nothing to remember the answer by. */
        it->answer = answer_new("", WIRE_RES_REJECTED, 0, WIRE_REJ_INVALID, it->reject_why);
        return it->answer ? HUB_OK : HUB_ERR;
    }
    sqlite3_stmt *st = q(c, "SELECT device_id, answer FROM ops WHERE uuid = ?", err, n);
    if (!st) return HUB_ERR;
    bind_text(st, 1, op->uuid);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        bool mine = sqlite3_column_int64(st, 0) == device_id;
        it->answer = mine
                         ? strdup(col_text(st, 1))
                         : answer_new(op->uuid, WIRE_RES_REJECTED, 0, WIRE_REJ_UUID_CONFLICT, NULL);
        sqlite3_reset(st);
        return it->answer ? HUB_OK : HUB_ERR;
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE) return set_err(err, n, c->db, "ops");

    int rc;
    if (it->reject_why) {
        it->answer = answer_new(op->uuid, WIRE_RES_REJECTED, 0, WIRE_REJ_INVALID, it->reject_why);
        rc = it->answer ? HUB_OK : HUB_ERR;
    } else if (op->kind == WIRE_OP_SIGNUP || op->kind == WIRE_OP_CANCEL) {
        Rows rows;
        HubSeatStore ledger = rows_init(&rows, c, t);
        HubSeatAnswer a;
        rc = op->kind == WIRE_OP_SIGNUP ? hub_seats_signup(&ledger, device_id, op, now, &a, err, n)
                                        : hub_seats_cancel(&ledger, device_id, op, now, &a, err, n);
        if (rc == HUB_OK && !(it->answer = answer_of(op, &a))) rc = HUB_ERR;
    } else {
        rc = apply_feedback(c, device_id, op, now, &it->answer, err, n);
    }
    if (rc != HUB_OK) return rc;
    st = q(c, "INSERT INTO ops(uuid, device_id, answer, received_at) VALUES(?, ?, ?, ?)", err, n);
    if (!st) return HUB_ERR;
    bind_text(st, 1, op->uuid);
    sqlite3_bind_int64(st, 2, device_id);
    bind_text(st, 3, it->answer);
    sqlite3_bind_int64(st, 4, now);
    return step_done(c, st, err, n, "ops");
}

static int s_push(HubStore *s, int64_t device_id, HubPushItem *items, int n_items, int64_t now,
                  char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    for (int i = 0; i < n_items; i++)
        items[i].answer = NULL;
    if (wbegin(S, c, err, n) != HUB_OK) return HUB_ERR;
    Touched t = {0};
    int rc = device_seen(c, device_id, now, err, n);
    for (int i = 0; i < n_items && rc == HUB_OK; i++)
        rc = push_one(c, device_id, &items[i], now, &t, err, n);
    if (rc == HUB_OK) rc = touched_apply(c, &t, err, n);
    touched_deinit(&t);
    rc = wend(S, c, rc, err, n);
    if (rc != HUB_OK) {
        for (int i = 0; i < n_items; i++) {
            free(items[i].answer);
            items[i].answer = NULL;
        }
    }
    return rc;
}

/* ---- Grants ------------------------------------------------------------------------------- */

static int s_grants(HubStore *s, int64_t device_id, const HubPolicy *pol, HubSettle *settle,
                    int n_settle, HubWant *want, int n_want, int64_t now, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (wbegin(S, c, err, n) != HUB_OK) return HUB_ERR;
    Touched t = {0};
    Rows rows;
    HubSeatStore ledger = rows_init(&rows, c, &t);
    int reclaimed = 0, active = 1;
    int rc = device_seen(c, device_id, now, err, n);
    if (rc == HUB_OK) rc = hub_seats_reclaim(&ledger, now, pol->grant_grace_s, &reclaimed, err, n);
    for (int i = 0; i < n_settle && rc == HUB_OK; i++)
        rc = hub_seats_settle(&ledger, device_id, &settle[i], now, err, n);
    if (rc == HUB_OK && n_want > 0) {
        sqlite3_stmt *st = q(c,
                             "SELECT count(*) FROM devices WHERE token_hash IS NOT NULL"
                             " AND revoked_at IS NULL",
                             err, n);
        if (!st) {
            rc = HUB_ERR;
        } else {
            if (sqlite3_step(st) == SQLITE_ROW) active = sqlite3_column_int(st, 0);
            sqlite3_reset(st);
        }
    }
    for (int i = 0; i < n_want && rc == HUB_OK; i++)
        rc = hub_seats_want(&ledger, device_id, pol, &want[i], now, active, err, n);
    if (rc == HUB_OK) rc = touched_apply(c, &t, err, n);
    touched_deinit(&t);
    return wend(S, c, rc, err, n);
}

static int s_reclaim(HubStore *s, int64_t now, int grace_s, int *n_reclaimed, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    *n_reclaimed = 0;
    /* A read first, so the timer costs no write transaction when nothing expired. */
    sqlite3_stmt *st = q(c, SQL_EXPIRED, err, n);
    if (!st) return HUB_ERR;
    sqlite3_bind_int64(st, 1, now - grace_s);
    int any = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    if (!any) return HUB_OK;
    if (wbegin(S, c, err, n) != HUB_OK) return HUB_ERR;
    Touched t = {0};
    Rows rows;
    HubSeatStore ledger = rows_init(&rows, c, &t);
    int rc = hub_seats_reclaim(&ledger, now, grace_s, n_reclaimed, err, n);
    if (rc == HUB_OK) rc = touched_apply(c, &t, err, n);
    touched_deinit(&t);
    return wend(S, c, rc, err, n);
}

/* ---- Reports and checks ------------------------------------------------------------------- */

static int s_signups(HubStore *s, const char *event_id, HubSignupCb cb, void *ud, char *err,
                     size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st =
        q(c,
          "SELECT s.uuid, s.event_id, d.name, s.status, s.code, s.name, s.email, s.phone,"
          " s.answers, s.lang, s.group_size, s.created_at, s.received_at, s.late,"
          " CASE WHEN s.status = 1 THEN (SELECT count(*) FROM signups w WHERE"
          " w.event_id = s.event_id AND w.status = 1 AND w.n <= s.n) ELSE 0 END"
          " FROM signups s LEFT JOIN devices d ON d.id = s.device_id WHERE s.event_id = ?"
          " ORDER BY s.status, s.n",
          err, n);
    if (!st) return HUB_ERR;
    bind_text(st, 1, event_id);
    int r;
    static const char *names[] = {"confirmed", "waitlisted", "cancelled"};
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        int status = sqlite3_column_int(st, 3);
        HubSignupRow row = {
            .uuid = col_text(st, 0),
            .event_id = col_text(st, 1),
            .device = col_text(st, 2),
            .status = status >= 0 && status <= 2 ? names[status] : "?",
            .code = col_text(st, 4),
            .name = col_text(st, 5),
            .email = col_text(st, 6),
            .phone = col_text(st, 7),
            .answers = col_text(st, 8),
            .lang = col_text(st, 9),
            .group_size = sqlite3_column_int(st, 10),
            .created_at = sqlite3_column_int64(st, 11),
            .received_at = sqlite3_column_int64(st, 12),
            .late_grant = sqlite3_column_int(st, 13) != 0,
            .position = sqlite3_column_int(st, 14),
        };
        if (cb(ud, &row) != 0) break;
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? HUB_OK : set_err(err, n, c->db, "signups");
}

static int s_feedback(HubStore *s, HubFeedbackCb cb, void *ud, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = q(c,
                         "SELECT f.uuid, d.name, f.event_id, f.comment, f.lang, f.score,"
                         " f.created_at, f.received_at FROM feedback f"
                         " LEFT JOIN devices d ON d.id = f.device_id ORDER BY f.n",
                         err, n);
    if (!st) return HUB_ERR;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        HubFeedbackRow row = {col_text(st, 0),
                              col_text(st, 1),
                              col_text(st, 2),
                              col_text(st, 3),
                              col_text(st, 4),
                              sqlite3_column_int(st, 5),
                              sqlite3_column_int64(st, 6),
                              sqlite3_column_int64(st, 7)};
        if (cb(ud, &row) != 0) break;
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? HUB_OK : set_err(err, n, c->db, "feedback");
}

static int s_check(HubStore *s, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    /* One read transaction so the counters and the rows are seen at the same instant. */
    if (sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return set_err(err, n, c->db, "check");
    sqlite3_stmt *st = q(
        c,
        "SELECT e.id, e.state, e.capacity, e.reserved, e.confirmed, e.waitlisted,"
        " e.waitlisted_count, e.held,"
        " (SELECT coalesce(sum(group_size), 0) FROM signups WHERE event_id = e.id AND status = 0),"
        " (SELECT coalesce(sum(group_size), 0) FROM signups WHERE event_id = e.id AND status = 1),"
        " (SELECT count(*) FROM signups WHERE event_id = e.id AND status = 1),"
        " (SELECT coalesce(sum(CASE state WHEN 0 THEN seats - consumed"
        "   ELSE max(declared - consumed, 0) END), 0)"
        "   FROM grants WHERE event_id = e.id AND state IN (0, 1)),"
        " (SELECT group_size FROM signups WHERE event_id = e.id AND status = 1 ORDER BY n"
        "   LIMIT 1)"
        " FROM events e",
        err, n);
    int rc = st ? HUB_OK : HUB_ERR;
    int r = SQLITE_DONE;
    while (rc == HUB_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        HubSeatAudit a = {.id = col_text(st, 0),
                          .live = sqlite3_column_int(st, 1) == EV_LIVE,
                          .capacity = sqlite3_column_int(st, 2),
                          .reserved = sqlite3_column_int(st, 3),
                          .confirmed = sqlite3_column_int(st, 4),
                          .waitlisted = sqlite3_column_int(st, 5),
                          .waitlisted_count = sqlite3_column_int(st, 6),
                          .held = sqlite3_column_int(st, 7),
                          .r_confirmed = sqlite3_column_int(st, 8),
                          .r_waitlisted = sqlite3_column_int(st, 9),
                          .r_waitlisted_count = sqlite3_column_int(st, 10),
                          .r_held = sqlite3_column_int(st, 11),
                          .has_head = sqlite3_column_type(st, 12) != SQLITE_NULL,
                          .head_group = sqlite3_column_int(st, 12)};
        rc = hub_seats_audit(&a, err, n);
    }
    if (st) sqlite3_reset(st);
    if (rc == HUB_OK && r != SQLITE_DONE) rc = set_err(err, n, c->db, "check");
    sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
    return rc;
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
    b->device_add = s_device_add;
    b->device_revoke = s_device_revoke;
    b->device_list = s_device_list;
    b->device_enrol = s_device_enrol;
    b->device_auth = s_device_auth;
    b->event_import = s_event_import;
    b->event_delete = s_event_delete;
    b->event_cancel = s_event_cancel;
    b->event_json = s_event_json;
    b->event_list = s_event_list;
    b->changes = s_changes;
    b->compact = s_compact;
    b->push = s_push;
    b->grants = s_grants;
    b->reclaim = s_reclaim;
    b->signups = s_signups;
    b->feedback = s_feedback;
    b->check = s_check;

    Conn *c = conn_get(S, err, n);
    if (!c || migrate(c, err, n) != HUB_OK) {
        s_close(b);
        return HUB_ERR;
    }
    *out = b;
    return HUB_OK;
}
