/*
 * hub_store_sqlite_open.c: the SQLite HubStore's schema, opening (with migration) and closing,
 * and the function table that puts the store's files together.
 */
#include "hub_store_sqlite.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#define SCHEMA_VERSION 16

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

/* v2: every sign-up carries the change sequence number of its last change of status or place
 * (-1 inside the transaction that changed it, stamped at commit): a kiosk's pull brings the
 * status of its own sign-ups changed since its cursor. Sign-ups of v1 are stamped with the
 * current sequence, so every kiosk hears of them once. */
static const char *SCHEMA_V2 = "ALTER TABLE signups ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;"
                               "UPDATE signups SET seq = (SELECT seq FROM meta WHERE k = 1);"
                               "CREATE INDEX signups_device_seq ON signups(device_id, seq);"
                               "CREATE INDEX signups_pending ON signups(seq) WHERE seq = -1;";

/* v3 (issue 8): idempotent enrolment. A spent enrolment token's hash moves to
 * enrol_spent_hash with the kiosk's request id, and the hub gets a random key (meta.enrol_key)
 * from which, with the enrolment token and the request id, it derives the device token again
 * for a retry (PROTOCOL.md, "Enrolment"). */
static const char *SCHEMA_V3 = "ALTER TABLE devices ADD COLUMN enrol_spent_hash BLOB;"
                               "ALTER TABLE devices ADD COLUMN enrol_request TEXT;"
                               "ALTER TABLE meta ADD COLUMN enrol_key BLOB;";

/* v4: mail to visitors (README.md, "Mail to visitors"). meta.mail says whether changes queue
 * mail (`serve --smtp` turns it on), and mail_outbox holds each message from the transaction of
 * the change that caused it until it is sent; a sent, failed or unsure row keeps no personal
 * data, only what `aukio-hub mail` counts. */
static const char *SCHEMA_V4 =
    "ALTER TABLE meta ADD COLUMN mail INTEGER NOT NULL DEFAULT 0;"
    "CREATE TABLE mail_outbox(id INTEGER PRIMARY KEY, kind INTEGER NOT NULL,"
    " state INTEGER NOT NULL, signup INTEGER, event_id TEXT, email TEXT, name TEXT, lang TEXT,"
    " code TEXT, position INTEGER NOT NULL DEFAULT 0, title TEXT, venue TEXT,"
    " start_time INTEGER NOT NULL DEFAULT 0, end_time INTEGER NOT NULL DEFAULT 0,"
    " created_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
    " next_attempt_at INTEGER NOT NULL DEFAULT 0, done_at INTEGER);"
    "CREATE INDEX mail_outbox_due ON mail_outbox(state, next_attempt_at);";

/* v5 (issue 9): a visitor may cancel a sign-up by its code at another kiosk, through the hub
 * (POST /v1/signups/CODE/cancel); the sign-up records at which device (NULL: the kiosk that made
 * it, or the coordinator's `signup cancel`). */
static const char *SCHEMA_V5 = "ALTER TABLE signups ADD COLUMN cancelled_by INTEGER;";

/* v6 (issue 9): feedback follow-ups. A feedback op may amend an earlier one of the same device
 * (WireOp.amends): its score, comment and reasons (the follow-up's chips) replace the first
 * record's, so one visitor's opinion stays one row. */
static const char *SCHEMA_V6 = "ALTER TABLE feedback ADD COLUMN reasons TEXT NOT NULL DEFAULT '';";

/* v7 (issue 11): sources the hub fetches on a schedule (`aukio-hub source`). A source keeps its
 * validators (ETag, Last-Modified), its last attempt's outcome for `source list`, and in
 * source_events the ids its last successful import gave: an id missing from the next import is
 * an event that disappeared from the feed (README.md, "Sources"). */
static const char *SCHEMA_V7 =
    "CREATE TABLE sources(name TEXT PRIMARY KEY, url TEXT NOT NULL, kind INTEGER NOT NULL,"
    " every_min INTEGER NOT NULL, venue TEXT, etag TEXT, last_modified TEXT,"
    " created_at INTEGER NOT NULL, tried_at INTEGER NOT NULL DEFAULT 0,"
    " ok_at INTEGER NOT NULL DEFAULT 0, ok INTEGER NOT NULL DEFAULT 0,"
    " result TEXT NOT NULL DEFAULT '', n_read INTEGER NOT NULL DEFAULT 0,"
    " n_skipped INTEGER NOT NULL DEFAULT 0, n_removed INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE source_events(source TEXT NOT NULL, event_id TEXT NOT NULL,"
    " PRIMARY KEY(source, event_id)) WITHOUT ROWID;";

/* v8 (issue 10): check-in at the door. A kiosk's checkin op sets attended (1 = the party came)
 * and attended_at, the kiosk's time of that change: an op older than the change recorded is
 * answered ok and changes nothing (PROTOCOL.md, "Check-in"). */
static const char *SCHEMA_V8 = "ALTER TABLE signups ADD COLUMN attended INTEGER NOT NULL DEFAULT 0;"
                               "ALTER TABLE signups ADD COLUMN attended_at INTEGER NOT NULL"
                               " DEFAULT 0;";

/* v9 (issue 11): a source's zone and keyword topics, and its failures in a row with the time of
 * its next try (the backoff). v8 is another change's: this step applies after it. */
static const char *SCHEMA_V9 =
    "ALTER TABLE sources ADD COLUMN timezone TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE sources ADD COLUMN topics TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE sources ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE sources ADD COLUMN retry_at INTEGER NOT NULL DEFAULT 0;";

/* v10 (issue 10): an event made on the spot by a kiosk's staff (WIRE_OP_EVENT) names the device
 * that made it; NULL for the catalogue's. */
static const char *SCHEMA_V10 = "ALTER TABLE events ADD COLUMN made_by INTEGER;";
/* v12 (issue 13): the coordinator's console (hub_store_console.h). Users with their Argon2id
 * password strings and wrong logins in a row; a library user's venues; sessions by the hash of
 * their token; login attempts by address (the rate limit); the audit log of every change made
 * from the console or `aukio-hub user`; the venue the console knows a kiosk by. Every table is
 * the console's own (console_*), so no other step's columns are touched. v10 and v11 are other
 * changes': this step applies after them. */
static const char *SCHEMA_V12 =
    "CREATE TABLE console_users(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    " role INTEGER NOT NULL, pw_hash TEXT NOT NULL, created_at INTEGER NOT NULL,"
    " fails INTEGER NOT NULL DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0,"
    " last_login INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE console_user_venues(user_id INTEGER NOT NULL, venue TEXT NOT NULL,"
    " PRIMARY KEY(user_id, venue)) WITHOUT ROWID;"
    "CREATE TABLE console_sessions(hash BLOB PRIMARY KEY, user_id INTEGER NOT NULL,"
    " created_at INTEGER NOT NULL, last_used INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX console_sessions_user ON console_sessions(user_id);"
    "CREATE TABLE console_logins(n INTEGER PRIMARY KEY, address TEXT NOT NULL,"
    " user_id INTEGER NOT NULL, ok INTEGER NOT NULL, at INTEGER NOT NULL);"
    "CREATE INDEX console_logins_address ON console_logins(address, at);"
    "CREATE TABLE console_audit(n INTEGER PRIMARY KEY, at INTEGER NOT NULL, user TEXT NOT NULL,"
    " action TEXT NOT NULL, target TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE console_device_venues(device_id INTEGER PRIMARY KEY, venue TEXT NOT NULL);";

/* v16 (issue 13): what a kiosk reports at the start of each round (GET /v1/changes?waiting=
 * &version=): the records it still has waiting, its version, and when it said so; NULL for a
 * kiosk that never reported (an older one). v13 to v15 are other changes': this step applies
 * after them. */
static const char *SCHEMA_V16 = "ALTER TABLE devices ADD COLUMN waiting INTEGER;"
                                "ALTER TABLE devices ADD COLUMN version TEXT;"
                                "ALTER TABLE devices ADD COLUMN reported_at INTEGER;";

/* ---- Schema ------------------------------------------------------------------------------- */

static int migrate(Conn *c, char *err, size_t n)
{
    sqlite3_stmt *st = NULL;
    int version = 0;
    if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return hub_sqlite_fail(err, n, c->db, "user_version");
    if (sqlite3_step(st) == SQLITE_ROW) version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (version == SCHEMA_VERSION) return AUKIO_OK;
    if (version > SCHEMA_VERSION) {
        snprintf(err, n, "database schema %d is newer than this hub (%d)", version, SCHEMA_VERSION);
        return AUKIO_ERR;
    }
    if (sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return hub_sqlite_fail(err, n, c->db, "begin");
    int rc = AUKIO_OK;
    if (version == 0) {
        uint8_t rnd[16];
        char epoch[33];
        randombytes_buf(rnd, sizeof rnd);
        sodium_bin2hex(epoch, sizeof epoch, rnd, sizeof rnd);
        if (sqlite3_exec(c->db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK) {
            rc = hub_sqlite_fail(err, n, c->db, "schema");
        } else if (sqlite3_prepare_v2(c->db,
                                      "INSERT INTO meta(k, epoch, seq, floor) VALUES(1, ?, 0, 0)",
                                      -1, &st, NULL) != SQLITE_OK) {
            rc = hub_sqlite_fail(err, n, c->db, "meta");
        } else {
            sqlite3_bind_text(st, 1, epoch, -1, SQLITE_STATIC);
            if (sqlite3_step(st) != SQLITE_DONE) rc = hub_sqlite_fail(err, n, c->db, "meta");
            sqlite3_finalize(st);
        }
    }
    if (rc == AUKIO_OK && version < 2 &&
        sqlite3_exec(c->db, SCHEMA_V2, NULL, NULL, NULL) != SQLITE_OK)
        rc = hub_sqlite_fail(err, n, c->db, "schema v2");
    if (rc == AUKIO_OK && version < 3 &&
        sqlite3_exec(c->db, SCHEMA_V3, NULL, NULL, NULL) != SQLITE_OK)
        rc = hub_sqlite_fail(err, n, c->db, "schema v3");
    if (rc == AUKIO_OK && version < 3) {
        uint8_t key[HUB_HASH_LEN];
        randombytes_buf(key, sizeof key);
        if (sqlite3_prepare_v2(c->db, "UPDATE meta SET enrol_key = ? WHERE k = 1", -1, &st, NULL) !=
            SQLITE_OK) {
            rc = hub_sqlite_fail(err, n, c->db, "enrolment key");
        } else {
            sqlite3_bind_blob(st, 1, key, sizeof key, SQLITE_TRANSIENT);
            if (sqlite3_step(st) != SQLITE_DONE)
                rc = hub_sqlite_fail(err, n, c->db, "enrolment key");
            sqlite3_finalize(st);
        }
        sodium_memzero(key, sizeof key);
    }
    if (rc == AUKIO_OK && version < 4 &&
        sqlite3_exec(c->db, SCHEMA_V4, NULL, NULL, NULL) != SQLITE_OK)
        rc = hub_sqlite_fail(err, n, c->db, "schema v4");
    if (rc == AUKIO_OK && version < 5 &&
        sqlite3_exec(c->db, SCHEMA_V5, NULL, NULL, NULL) != SQLITE_OK)
        rc = hub_sqlite_fail(err, n, c->db, "schema v5");
    if (rc == AUKIO_OK && version < 6 &&
        sqlite3_exec(c->db, SCHEMA_V6, NULL, NULL, NULL) != SQLITE_OK)
        rc = hub_sqlite_fail(err, n, c->db, "schema v6");
    if (rc == AUKIO_OK && version < 7 &&
        sqlite3_exec(c->db, SCHEMA_V7, NULL, NULL, NULL) != SQLITE_OK)
        rc = hub_sqlite_fail(err, n, c->db, "schema v7");
    if (rc == AUKIO_OK && version < 8 &&
        sqlite3_exec(c->db, SCHEMA_V8, NULL, NULL, NULL) != SQLITE_OK)
        rc = hub_sqlite_fail(err, n, c->db, "schema v8");
    if (rc == AUKIO_OK && version < 9 &&
        sqlite3_exec(c->db, SCHEMA_V9, NULL, NULL, NULL) != SQLITE_OK)
        rc = hub_sqlite_fail(err, n, c->db, "schema v9");
    if (rc == AUKIO_OK && version < 10 &&
        sqlite3_exec(c->db, SCHEMA_V10, NULL, NULL, NULL) != SQLITE_OK)
        rc = hub_sqlite_fail(err, n, c->db, "schema v10");
    if (rc == AUKIO_OK && version < 12 &&
        sqlite3_exec(c->db, SCHEMA_V12, NULL, NULL, NULL) != SQLITE_OK)
        rc = hub_sqlite_fail(err, n, c->db, "schema v12");
    if (rc == AUKIO_OK && version < 16 &&
        sqlite3_exec(c->db, SCHEMA_V16, NULL, NULL, NULL) != SQLITE_OK)
        rc = hub_sqlite_fail(err, n, c->db, "schema v16");
    char commit[64];
    snprintf(commit, sizeof commit, "PRAGMA user_version=%d; COMMIT", SCHEMA_VERSION);
    if (rc == AUKIO_OK && sqlite3_exec(c->db, commit, NULL, NULL, NULL) != SQLITE_OK)
        rc = hub_sqlite_fail(err, n, c->db, "commit");
    if (rc != AUKIO_OK) sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* ---- Meta --------------------------------------------------------------------------------- */

static int s_meta(HubStore *s, char epoch[33], int64_t *seq, int64_t *floor, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = hub_sqlite_stmt(c, "SELECT epoch, seq, floor FROM meta WHERE k = 1", err, n);
    if (!st) return AUKIO_ERR;
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return hub_sqlite_fail(err, n, c->db, "meta");
    }
    snprintf(epoch, 33, "%s", hub_sqlite_col_text(st, 0));
    *seq = sqlite3_column_int64(st, 1);
    *floor = sqlite3_column_int64(st, 2);
    sqlite3_reset(st);
    return AUKIO_OK;
}

static int s_enrol_key(HubStore *s, uint8_t key[HUB_HASH_LEN], char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = hub_sqlite_stmt(c, "SELECT enrol_key FROM meta WHERE k = 1", err, n);
    if (!st) return AUKIO_ERR;
    int rc = AUKIO_OK;
    if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_bytes(st, 0) != HUB_HASH_LEN)
        rc = hub_sqlite_fail(err, n, c->db, "enrolment key");
    else
        memcpy(key, sqlite3_column_blob(st, 0), HUB_HASH_LEN);
    sqlite3_reset(st);
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
        hub_sqlite_conn_close(c);
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
        return AUKIO_ERR;
    }
    /* The hub's database holds visitors' names and contacts: 0600 (its -wal and -shm too). */
    bool narrowed = false;
    if (file_db_private(path, &narrowed, err, n) != AUKIO_OK) return AUKIO_ERR;
    if (narrowed) fprintf(stderr, "aukio-hub: %s: others could read it; now mode 0600\n", path);
    SqlStore *S = calloc(1, sizeof *S);
    if (!S || !(S->path = strdup(path))) {
        free(S);
        snprintf(err, n, "out of memory");
        return AUKIO_ERR;
    }
    pthread_key_create(&S->key, NULL);
    pthread_mutex_init(&S->wlock, NULL);
    pthread_mutex_init(&S->list_lock, NULL);
    HubStore *b = &S->base;
    b->impl = S;
    b->close = s_close;
    b->meta = s_meta;
    b->enrol_key = s_enrol_key;
    hub_sqlite_install_devices(b);
    hub_sqlite_install_head(b);
    hub_sqlite_install_events(b);
    hub_sqlite_install_sync(b);
    hub_sqlite_install_reports(b);
    hub_sqlite_install_mail(b);
    hub_sqlite_install_sources(b);
    hub_sqlite_install_backup(b);
    hub_sqlite_install_console(b);

    Conn *c = hub_sqlite_conn(S, err, n);
    if (!c || migrate(c, err, n) != AUKIO_OK) {
        s_close(b);
        return AUKIO_ERR;
    }
    *out = b;
    return AUKIO_OK;
}
