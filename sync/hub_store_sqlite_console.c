/*
 * hub_store_sqlite_console.c: the SQLite HubStore's console rows (hub_store_console.h, schema
 * v12): users and their venues, sessions and login attempts. The pages' reads and changes are
 * hub_store_sqlite_console_pages.c, the audit log hub_store_sqlite_console_audit.c. Every change
 * is one transaction with its audit row (hub_sqlite_audit).
 */
#include "hub_store_sqlite.h"

#include <pthread.h>
#include <string.h>

#include <sodium.h>

#include "hub_store_console.h"
#include "util.h"

/* Logins older than this are forgotten when the next one is recorded. */
#define LOGIN_KEEP_S 86400

/* ---- Users -------------------------------------------------------------------------------- */

static int s_user_add(HubStore *s, const char *name, HubRole role, const char *const *venues,
                      int n_venues, const char *pw_hash, const HubActor *by, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int rc = AUKIO_OK;
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "INSERT INTO console_users(name, role, pw_hash, created_at)"
                                       " VALUES(?, ?, ?, ?)",
                                       err, n);
    if (!st) {
        rc = AUKIO_ERR;
        goto done;
    }
    hub_sqlite_bind_text(st, 1, name);
    sqlite3_bind_int(st, 2, (int)role);
    hub_sqlite_bind_text(st, 3, pw_hash);
    sqlite3_bind_int64(st, 4, by->now);
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r == SQLITE_CONSTRAINT) {
        snprintf(err, n, "a user named '%s' already exists", name);
        rc = AUKIO_ERR_EXISTS;
        goto done;
    }
    if (r != SQLITE_DONE) {
        rc = hub_sqlite_fail(err, n, c->db, "user add");
        goto done;
    }
    int64_t id = sqlite3_last_insert_rowid(c->db);
    for (int i = 0; rc == AUKIO_OK && i < n_venues; i++) {
        st = hub_sqlite_stmt(c, "INSERT OR IGNORE INTO console_user_venues VALUES(?, ?)", err, n);
        if (!st) {
            rc = AUKIO_ERR;
            break;
        }
        sqlite3_bind_int64(st, 1, id);
        hub_sqlite_bind_text(st, 2, venues[i]);
        rc = hub_sqlite_done(c, st, err, n, "user venue");
    }
    if (rc == AUKIO_OK)
        rc = hub_sqlite_audit(c, by, "user.add", name,
                              role == HUB_ROLE_LIBRARY ? "library" : "coordinator", err, n);
done:
    return hub_sqlite_end(S, c, rc, err, n);
}

/* The id of user NAME, or AUKIO_ERR_NOT_FOUND with ERR. */
static int user_id(Conn *c, const char *name, int64_t *id, char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(c, "SELECT id FROM console_users WHERE name = ?", err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, name);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (r == SQLITE_ROW) return AUKIO_OK;
    if (r != SQLITE_DONE) return hub_sqlite_fail(err, n, c->db, "user");
    snprintf(err, n, "no user named '%s'", name);
    return AUKIO_ERR_NOT_FOUND;
}

static int sessions_end(Conn *c, int64_t id, char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(c, "DELETE FROM console_sessions WHERE user_id = ?", err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int64(st, 1, id);
    return hub_sqlite_done(c, st, err, n, "sessions");
}

static int s_user_passwd(HubStore *s, const char *name, const char *pw_hash, const HubActor *by,
                         char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int64_t id = 0;
    int rc = user_id(c, name, &id, err, n);
    sqlite3_stmt *st = NULL;
    if (rc == AUKIO_OK) {
        st = hub_sqlite_stmt(c,
                             "UPDATE console_users SET pw_hash = ?, fails = 0, locked_until = 0"
                             " WHERE id = ?",
                             err, n);
        rc = st ? AUKIO_OK : AUKIO_ERR;
    }
    if (rc == AUKIO_OK) {
        hub_sqlite_bind_text(st, 1, pw_hash);
        sqlite3_bind_int64(st, 2, id);
        rc = hub_sqlite_done(c, st, err, n, "user passwd");
    }
    if (rc == AUKIO_OK) rc = sessions_end(c, id, err, n);
    if (rc == AUKIO_OK) rc = hub_sqlite_audit(c, by, "user.passwd", name, "", err, n);
    return hub_sqlite_end(S, c, rc, err, n);
}

static int s_user_remove(HubStore *s, const char *name, const HubActor *by, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int rc = hub_sqlite_user_delete(c, name, by, err, n);
    return hub_sqlite_end(S, c, rc, err, n);
}

static int s_user_unlock(HubStore *s, const char *name, const HubActor *by, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int64_t id = 0;
    int rc = user_id(c, name, &id, err, n);
    sqlite3_stmt *st = NULL;
    if (rc == AUKIO_OK) {
        st = hub_sqlite_stmt(c, "UPDATE console_users SET fails = 0, locked_until = 0 WHERE id = ?",
                             err, n);
        rc = st ? AUKIO_OK : AUKIO_ERR;
    }
    if (rc == AUKIO_OK) {
        sqlite3_bind_int64(st, 1, id);
        rc = hub_sqlite_done(c, st, err, n, "user unlock");
    }
    if (rc == AUKIO_OK) rc = hub_sqlite_audit(c, by, "user.unlock", name, "", err, n);
    return hub_sqlite_end(S, c, rc, err, n);
}

static int s_user_list(HubStore *s, HubUserCb cb, void *ud, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = hub_sqlite_stmt(
        c,
        "SELECT u.name, u.role, coalesce((SELECT group_concat(venue, ', ') FROM"
        " (SELECT venue FROM console_user_venues v WHERE v.user_id = u.id ORDER BY venue)), ''),"
        " u.created_at, u.locked_until, u.last_login, u.fails,"
        " (SELECT count(*) FROM console_sessions x WHERE x.user_id = u.id)"
        " FROM console_users u ORDER BY u.name",
        err, n);
    if (!st) return AUKIO_ERR;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        HubUserRow row = {.name = hub_sqlite_col_text(st, 0),
                          .role = sqlite3_column_int(st, 1) == HUB_ROLE_LIBRARY
                                      ? HUB_ROLE_LIBRARY
                                      : HUB_ROLE_COORDINATOR,
                          .venues = hub_sqlite_col_text(st, 2),
                          .created_at = sqlite3_column_int64(st, 3),
                          .locked_until = sqlite3_column_int64(st, 4),
                          .last_login = sqlite3_column_int64(st, 5),
                          .fails = sqlite3_column_int(st, 6),
                          .sessions = sqlite3_column_int(st, 7)};
        if (cb(ud, &row) != 0) break;
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? AUKIO_OK : hub_sqlite_fail(err, n, c->db, "users");
}

static int user_venues(Conn *c, HubUser *u, char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(
        c, "SELECT venue FROM console_user_venues WHERE user_id = ? ORDER BY venue", err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int64(st, 1, u->id);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW && u->n_venues < HUB_USER_VENUES_MAX)
        str_copy(u->venues[u->n_venues++], sizeof u->venues[0], hub_sqlite_col_text(st, 0));
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? AUKIO_OK
                                               : hub_sqlite_fail(err, n, c->db, "user venues");
}

static int s_user_get(HubStore *s, const char *name, int64_t id, HubUser *out, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "SELECT id, name, role, pw_hash, fails, locked_until"
                                       " FROM console_users WHERE (?1 IS NULL AND id = ?2)"
                                       " OR name = ?1",
                                       err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, name);
    sqlite3_bind_int64(st, 2, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        str_copy(out->name, sizeof out->name, hub_sqlite_col_text(st, 1));
        out->role =
            sqlite3_column_int(st, 2) == HUB_ROLE_LIBRARY ? HUB_ROLE_LIBRARY : HUB_ROLE_COORDINATOR;
        str_copy(out->pw_hash, sizeof out->pw_hash, hub_sqlite_col_text(st, 3));
        out->fails = sqlite3_column_int(st, 4);
        out->locked_until = sqlite3_column_int64(st, 5);
    }
    sqlite3_reset(st);
    if (r == SQLITE_DONE) {
        snprintf(err, n, "no such user");
        return AUKIO_ERR_NOT_FOUND;
    }
    if (r != SQLITE_ROW) return hub_sqlite_fail(err, n, c->db, "user");
    return user_venues(c, out, err, n);
}

/* ---- Logins ------------------------------------------------------------------------------- */

static int s_login_fails(HubStore *s, const char *address, int64_t since, int *count, char *err,
                         size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "SELECT count(*) FROM console_logins WHERE address = ?"
                                       " AND at >= ? AND ok = 0",
                                       err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, address);
    sqlite3_bind_int64(st, 2, since);
    int r = sqlite3_step(st);
    *count = r == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_reset(st);
    return r == SQLITE_ROW ? AUKIO_OK : hub_sqlite_fail(err, n, c->db, "logins");
}

/* A wrong password of USER_ID: one more in a row, and the lock when they reach LOCK_AFTER. */
static int login_wrong(Conn *c, int64_t user_id, int64_t now, int lock_after, int lock_s,
                       int64_t *locked_until, char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "UPDATE console_users SET fails = fails + 1,"
                                       " locked_until = CASE WHEN fails + 1 >= ?2 THEN ?3"
                                       " ELSE locked_until END WHERE id = ?1"
                                       " RETURNING name, fails, locked_until",
                                       err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int(st, 2, lock_after);
    sqlite3_bind_int64(st, 3, now + lock_s);
    int r = sqlite3_step(st);
    char name[HUB_USER_NAME_MAX + 1] = "";
    int fails = 0;
    if (r == SQLITE_ROW) {
        str_copy(name, sizeof name, hub_sqlite_col_text(st, 0));
        fails = sqlite3_column_int(st, 1);
        *locked_until = sqlite3_column_int64(st, 2);
        r = sqlite3_step(st);
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE) return hub_sqlite_fail(err, n, c->db, "login");
    if (fails != lock_after) return AUKIO_OK;
    /* The lock is a change nobody asked for: it is written down like one. */
    char detail[64];
    snprintf(detail, sizeof detail, "%d wrong passwords in a row; locked for %d min", fails,
             lock_s / 60);
    HubActor sys = {"(hub)", now};
    return hub_sqlite_audit(c, &sys, "user.lock", name, detail, err, n);
}

static int s_login_record(HubStore *s, const char *address, int64_t user_id, bool ok, int64_t now,
                          int lock_after, int lock_s, int64_t *locked_until, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    *locked_until = 0;
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int rc = AUKIO_OK;
    sqlite3_stmt *st = hub_sqlite_stmt(c, "DELETE FROM console_logins WHERE at < ?", err, n);
    if (!st) rc = AUKIO_ERR;
    if (rc == AUKIO_OK) {
        sqlite3_bind_int64(st, 1, now - LOGIN_KEEP_S);
        rc = hub_sqlite_done(c, st, err, n, "logins");
    }
    if (rc == AUKIO_OK) {
        st = hub_sqlite_stmt(
            c, "INSERT INTO console_logins(address, user_id, ok, at) VALUES(?, ?, ?, ?)", err, n);
        rc = st ? AUKIO_OK : AUKIO_ERR;
    }
    if (rc == AUKIO_OK) {
        hub_sqlite_bind_text(st, 1, address);
        sqlite3_bind_int64(st, 2, user_id);
        sqlite3_bind_int(st, 3, ok);
        sqlite3_bind_int64(st, 4, now);
        rc = hub_sqlite_done(c, st, err, n, "logins");
    }
    if (rc == AUKIO_OK && user_id > 0 && !ok)
        rc = login_wrong(c, user_id, now, lock_after, lock_s, locked_until, err, n);
    if (rc == AUKIO_OK && user_id > 0 && ok) {
        st = hub_sqlite_stmt(c,
                             "UPDATE console_users SET fails = 0, locked_until = 0,"
                             " last_login = ? WHERE id = ?",
                             err, n);
        rc = st ? AUKIO_OK : AUKIO_ERR;
        if (rc == AUKIO_OK) {
            sqlite3_bind_int64(st, 1, now);
            sqlite3_bind_int64(st, 2, user_id);
            rc = hub_sqlite_done(c, st, err, n, "login");
        }
    }
    return hub_sqlite_end(S, c, rc, err, n);
}

/* ---- Sessions ----------------------------------------------------------------------------- */

static int s_session_add(HubStore *s, const uint8_t hash[HUB_HASH_LEN], int64_t user_id,
                         int64_t now, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    sqlite3_stmt *st =
        hub_sqlite_stmt(c, "INSERT INTO console_sessions VALUES(?, ?, ?, ?)", err, n);
    int rc = st ? AUKIO_OK : AUKIO_ERR;
    if (rc == AUKIO_OK) {
        sqlite3_bind_blob(st, 1, hash, HUB_HASH_LEN, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, user_id);
        sqlite3_bind_int64(st, 3, now);
        sqlite3_bind_int64(st, 4, now);
        rc = hub_sqlite_done(c, st, err, n, "session");
    }
    return hub_sqlite_end(S, c, rc, err, n);
}

static int s_session_remove(HubStore *s, const uint8_t hash[HUB_HASH_LEN], char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    sqlite3_stmt *st = hub_sqlite_stmt(c, "DELETE FROM console_sessions WHERE hash = ?", err, n);
    int rc = st ? AUKIO_OK : AUKIO_ERR;
    if (rc == AUKIO_OK) {
        sqlite3_bind_blob(st, 1, hash, HUB_HASH_LEN, SQLITE_STATIC);
        rc = hub_sqlite_done(c, st, err, n, "session");
    }
    return hub_sqlite_end(S, c, rc, err, n);
}

/* Marks session HASH used at NOW (or deletes it, EXPIRED) in a write transaction of its own. */
static int session_touch(SqlStore *S, Conn *c, const uint8_t hash[HUB_HASH_LEN], int64_t now,
                         bool expired, char *err, size_t n)
{
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    sqlite3_stmt *st =
        expired ? hub_sqlite_stmt(c, "DELETE FROM console_sessions WHERE hash = ?1", err, n)
                : hub_sqlite_stmt(c, "UPDATE console_sessions SET last_used = ?2 WHERE hash = ?1",
                                  err, n);
    int rc = st ? AUKIO_OK : AUKIO_ERR;
    if (rc == AUKIO_OK) {
        sqlite3_bind_blob(st, 1, hash, HUB_HASH_LEN, SQLITE_STATIC);
        if (!expired) sqlite3_bind_int64(st, 2, now);
        rc = hub_sqlite_done(c, st, err, n, "session");
    }
    return hub_sqlite_end(S, c, rc, err, n);
}

static int s_session_get(HubStore *s, const uint8_t hash[HUB_HASH_LEN], int64_t now, int idle_s,
                         int max_s, int64_t *user_id, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "SELECT user_id, created_at, last_used, hash"
                                       " FROM console_sessions WHERE hash = ?",
                                       err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_blob(st, 1, hash, HUB_HASH_LEN, SQLITE_STATIC);
    int r = sqlite3_step(st);
    int64_t created = 0, used = 0;
    bool same = false;
    if (r == SQLITE_ROW) {
        *user_id = sqlite3_column_int64(st, 0);
        created = sqlite3_column_int64(st, 1);
        used = sqlite3_column_int64(st, 2);
        same = sqlite3_column_bytes(st, 3) == HUB_HASH_LEN &&
               sodium_memcmp(sqlite3_column_blob(st, 3), hash, HUB_HASH_LEN) == 0;
    }
    sqlite3_reset(st);
    if (r != SQLITE_ROW && r != SQLITE_DONE) return hub_sqlite_fail(err, n, c->db, "session");
    if (r == SQLITE_DONE || !same) {
        snprintf(err, n, "no such session");
        return AUKIO_ERR_NOT_FOUND;
    }
    bool expired = now - used >= idle_s || now - created >= max_s;
    /* Marked used at most once a minute (a quarter of the idle time when that is shorter), so
     * that reading pages does not queue on the store's writer. */
    int every = idle_s / 4 < 60 ? idle_s / 4 : 60;
    if (expired || now - used >= every) {
        int rc = session_touch(S, c, hash, now, expired, err, n);
        if (rc != AUKIO_OK) return rc;
    }
    if (expired) {
        snprintf(err, n, "the session has expired");
        return AUKIO_ERR_NOT_FOUND;
    }
    return AUKIO_OK;
}

static HubConsoleStore CONSOLE;
static pthread_once_t CONSOLE_ONCE = PTHREAD_ONCE_INIT;

static void console_fill(void)
{
    CONSOLE.user_add = s_user_add;
    CONSOLE.user_passwd = s_user_passwd;
    CONSOLE.user_remove = s_user_remove;
    CONSOLE.user_list = s_user_list;
    CONSOLE.user_unlock = s_user_unlock;
    CONSOLE.user_get = s_user_get;
    CONSOLE.login_fails = s_login_fails;
    CONSOLE.login_record = s_login_record;
    CONSOLE.session_add = s_session_add;
    CONSOLE.session_get = s_session_get;
    CONSOLE.session_remove = s_session_remove;
    hub_sqlite_install_console_audit(&CONSOLE);
    hub_sqlite_install_console_pages(&CONSOLE);
    hub_sqlite_install_console_reports(&CONSOLE);
    hub_sqlite_install_console_admin(&CONSOLE);
    hub_sqlite_install_console_kiosks(&CONSOLE);
}

void hub_sqlite_install_console(HubStore *b)
{
    pthread_once(&CONSOLE_ONCE, console_fill);
    b->console = &CONSOLE;
}
