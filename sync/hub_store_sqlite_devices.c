/*
 * hub_store_sqlite_devices.c: the SQLite HubStore's devices: adding, revoking, listing, enrolment
 * and authentication by token hash (only hashes are stored, compared with sodium_memcmp).
 */
#include "hub_store_sqlite.h"

#include <string.h>

#include <sodium.h>

int hub_sqlite_device_seen(Conn *c, int64_t device_id, int64_t now, char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(c, "UPDATE devices SET last_seen = ? WHERE id = ?", err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, device_id);
    return hub_sqlite_done(c, st, err, n, "device");
}

/* ---- Devices ------------------------------------------------------------------------------ */

static int s_device_add(HubStore *s, const char *name, const uint8_t enrol_hash[HUB_HASH_LEN],
                        int64_t now, int64_t enrol_expires, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int rc = AUKIO_OK;
    sqlite3_stmt *st =
        hub_sqlite_stmt(c,
                        "INSERT INTO devices(name, enrol_hash, enrol_expires, created_at)"
                        " VALUES(?, ?, ?, ?)",
                        err, n);
    if (!st) {
        rc = AUKIO_ERR;
    } else {
        hub_sqlite_bind_text(st, 1, name);
        sqlite3_bind_blob(st, 2, enrol_hash, HUB_HASH_LEN, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, enrol_expires);
        sqlite3_bind_int64(st, 4, now);
        int r = sqlite3_step(st);
        sqlite3_reset(st);
        if (r == SQLITE_CONSTRAINT) {
            snprintf(err, n, "a device named '%s' already exists", name);
            rc = AUKIO_ERR_EXISTS;
        } else if (r != SQLITE_DONE) {
            rc = hub_sqlite_fail(err, n, c->db, "device add");
        }
    }
    return hub_sqlite_end(S, c, rc, err, n);
}

static int s_device_revoke(HubStore *s, const char *name, int64_t now, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int rc = AUKIO_OK;
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "UPDATE devices SET revoked_at = ?, enrol_hash = NULL"
                                       " WHERE name = ? AND revoked_at IS NULL",
                                       err, n);
    if (!st) {
        rc = AUKIO_ERR;
    } else {
        sqlite3_bind_int64(st, 1, now);
        hub_sqlite_bind_text(st, 2, name);
        rc = hub_sqlite_done(c, st, err, n, "revoke");
        if (rc == AUKIO_OK && sqlite3_changes(c->db) == 0) {
            snprintf(err, n, "no device named '%s' (or it is already revoked)", name);
            rc = AUKIO_ERR_NOT_FOUND;
        }
    }
    return hub_sqlite_end(S, c, rc, err, n);
}

static int s_device_list(HubStore *s, HubDeviceCb cb, void *ud, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st =
        hub_sqlite_stmt(c,
                        "SELECT name, created_at, enrolled_at, revoked_at, last_seen,"
                        " enrol_hash IS NOT NULL FROM devices ORDER BY name",
                        err, n);
    if (!st) return AUKIO_ERR;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        HubDeviceRow r = {hub_sqlite_col_text(st, 0),  sqlite3_column_int64(st, 1),
                          sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
                          sqlite3_column_int64(st, 4), sqlite3_column_int(st, 5) != 0};
        if (cb(ud, &r) != 0) break;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? AUKIO_OK
                                                 : hub_sqlite_fail(err, n, c->db, "devices");
}

static int s_device_secrets(HubStore *s, HubDeviceSecretCb cb, void *ud, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "SELECT id, name, token_hash FROM devices"
                                       " WHERE token_hash IS NOT NULL AND revoked_at IS NULL"
                                       " ORDER BY id",
                                       err, n);
    if (!st) return AUKIO_ERR;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_bytes(st, 2) != HUB_HASH_LEN) continue;
        if (cb(ud, sqlite3_column_int64(st, 0), hub_sqlite_col_text(st, 1),
               sqlite3_column_blob(st, 2)) != 0)
            break;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? AUKIO_OK
                                                 : hub_sqlite_fail(err, n, c->db, "devices");
}

/* A retry of an enrolment whose answer was lost: the spent token ENROL_HASH was spent by
 * REQUEST_ID with TOKEN_HASH, the device is live and the enrolment token has not expired. */
static int enrol_retry(Conn *c, const uint8_t enrol_hash[HUB_HASH_LEN],
                       const uint8_t token_hash[HUB_HASH_LEN], const char *request_id, int64_t now,
                       char *name, size_t namelen, char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "SELECT name, token_hash, enrol_request, enrol_expires"
                                       " FROM devices WHERE enrol_spent_hash = ?"
                                       " AND revoked_at IS NULL",
                                       err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_blob(st, 1, enrol_hash, HUB_HASH_LEN, SQLITE_STATIC);
    int r = sqlite3_step(st);
    int rc = AUKIO_ERR_DENIED;
    if (r == SQLITE_ROW) {
        const void *stored = sqlite3_column_blob(st, 1);
        const char *req = hub_sqlite_col_text(st, 2);
        int64_t expires = sqlite3_column_int64(st, 3);
        if (sqlite3_column_bytes(st, 1) == HUB_HASH_LEN &&
            sodium_memcmp(stored, token_hash, HUB_HASH_LEN) == 0 && req &&
            strcmp(req, request_id) == 0 && (expires <= 0 || now <= expires)) {
            snprintf(name, namelen, "%s", hub_sqlite_col_text(st, 0));
            rc = AUKIO_OK;
        }
    } else if (r != SQLITE_DONE) {
        rc = hub_sqlite_fail(err, n, c->db, "enrol");
    }
    sqlite3_reset(st);
    if (rc == AUKIO_ERR_DENIED) snprintf(err, n, "unknown, spent or revoked enrolment token");
    return rc;
}

static int s_device_enrol(HubStore *s, const uint8_t enrol_hash[HUB_HASH_LEN],
                          const uint8_t token_hash[HUB_HASH_LEN], const char *request_id,
                          int64_t now, char *name, size_t namelen, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int rc = AUKIO_OK;
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "SELECT id, name, enrol_hash, enrol_expires FROM devices"
                                       " WHERE enrol_hash = ? AND revoked_at IS NULL",
                                       err, n);
    if (!st) {
        rc = AUKIO_ERR;
        goto done;
    }
    sqlite3_bind_blob(st, 1, enrol_hash, HUB_HASH_LEN, SQLITE_STATIC);
    int r = sqlite3_step(st);
    if (r != SQLITE_ROW) {
        sqlite3_reset(st);
        if (r == SQLITE_DONE && request_id) {
            rc = enrol_retry(c, enrol_hash, token_hash, request_id, now, name, namelen, err, n);
        } else if (r == SQLITE_DONE) {
            snprintf(err, n, "unknown, spent or revoked enrolment token");
            rc = AUKIO_ERR_DENIED;
        } else {
            rc = hub_sqlite_fail(err, n, c->db, "enrol");
        }
        goto done;
    }
    int64_t id = sqlite3_column_int64(st, 0);
    snprintf(name, namelen, "%s", hub_sqlite_col_text(st, 1));
    const void *stored = sqlite3_column_blob(st, 2);
    bool same = sqlite3_column_bytes(st, 2) == HUB_HASH_LEN &&
                sodium_memcmp(stored, enrol_hash, HUB_HASH_LEN) == 0;
    int64_t expires = sqlite3_column_int64(st, 3);
    sqlite3_reset(st);
    if (!same || (expires > 0 && now > expires)) {
        snprintf(err, n, "unknown, spent or expired enrolment token");
        rc = AUKIO_ERR_DENIED;
        goto done;
    }
    st = hub_sqlite_stmt(c,
                         "UPDATE devices SET enrol_hash = NULL, enrol_spent_hash = ?,"
                         " enrol_request = ?, token_hash = ?, enrolled_at = ?, last_seen = ?"
                         " WHERE id = ?",
                         err, n);
    if (!st) {
        rc = AUKIO_ERR;
        goto done;
    }
    sqlite3_bind_blob(st, 1, enrol_hash, HUB_HASH_LEN, SQLITE_STATIC);
    hub_sqlite_bind_text(st, 2, request_id);
    sqlite3_bind_blob(st, 3, token_hash, HUB_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, now);
    sqlite3_bind_int64(st, 5, now);
    sqlite3_bind_int64(st, 6, id);
    rc = hub_sqlite_done(c, st, err, n, "enrol");
done:
    return hub_sqlite_end(S, c, rc, err, n);
}

static int s_device_auth(HubStore *s, const uint8_t token_hash[HUB_HASH_LEN], int64_t *device_id,
                         char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "SELECT id, token_hash FROM devices WHERE token_hash = ?"
                                       " AND revoked_at IS NULL",
                                       err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_blob(st, 1, token_hash, HUB_HASH_LEN, SQLITE_STATIC);
    int r = sqlite3_step(st);
    int rc = AUKIO_ERR_DENIED;
    if (r == SQLITE_ROW) {
        const void *stored = sqlite3_column_blob(st, 1);
        if (sqlite3_column_bytes(st, 1) == HUB_HASH_LEN &&
            sodium_memcmp(stored, token_hash, HUB_HASH_LEN) == 0) {
            *device_id = sqlite3_column_int64(st, 0);
            rc = AUKIO_OK;
        }
    } else if (r != SQLITE_DONE) {
        rc = hub_sqlite_fail(err, n, c->db, "auth");
    }
    if (rc == AUKIO_ERR_DENIED) snprintf(err, n, "unknown or revoked device token");
    sqlite3_reset(st);
    return rc;
}

/* A report that says what the stored one says is written again only this much later (it also
 * marks the device seen): a kiosk with nothing new costs the writer one write in 5 minutes, not
 * one a round. */
#define REPORT_REFRESH_S 300

/* Whether DEVICE_ID's stored report is WAITING and VERSION, written after SINCE. */
static bool report_same(Conn *c, int64_t device_id, long waiting, const char *version,
                        int64_t since, char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "SELECT waiting IS ?1 AND version IS ?2 AND reported_at > ?3"
                                       " FROM devices WHERE id = ?4",
                                       err, n);
    if (!st) return false;
    sqlite3_bind_int64(st, 1, waiting);
    hub_sqlite_bind_text(st, 2, version);
    sqlite3_bind_int64(st, 3, since);
    sqlite3_bind_int64(st, 4, device_id);
    bool same = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
    sqlite3_reset(st);
    return same;
}

/* What a kiosk said of itself at the start of its round (schema v16): a write when it changed,
 * else at most every REPORT_REFRESH_S. */
static int s_device_report(HubStore *s, int64_t device_id, long waiting, const char *version,
                           int64_t now, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (report_same(c, device_id, waiting, version, now - REPORT_REFRESH_S, err, n))
        return AUKIO_OK;
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "UPDATE devices SET waiting = ?, version = ?,"
                                       " reported_at = ?, last_seen = ? WHERE id = ?",
                                       err, n);
    int rc = AUKIO_ERR;
    if (st) {
        sqlite3_bind_int64(st, 1, waiting);
        hub_sqlite_bind_text(st, 2, version);
        sqlite3_bind_int64(st, 3, now);
        sqlite3_bind_int64(st, 4, now);
        sqlite3_bind_int64(st, 5, device_id);
        rc = hub_sqlite_done(c, st, err, n, "device report");
    }
    return hub_sqlite_end(S, c, rc, err, n);
}

void hub_sqlite_install_devices(HubStore *b)
{
    b->device_report = s_device_report;
    b->device_add = s_device_add;
    b->device_revoke = s_device_revoke;
    b->device_list = s_device_list;
    b->device_enrol = s_device_enrol;
    b->device_auth = s_device_auth;
    b->device_secrets = s_device_secrets;
}
