/*
 * hub_store_sqlite_console_audit.c: the console's audit log in the SQLite HubStore
 * (hub_store_console.h): a row written inside the transaction of each change, and the newest rows
 * for the console's page.
 */
#include "hub_store_sqlite.h"

#include "hub_store_console.h"

int hub_sqlite_audit(Conn *c, const HubActor *by, const char *action, const char *target,
                     const char *detail, char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "INSERT INTO console_audit(at, user, action, target, detail)"
                                       " VALUES(?, ?, ?, ?, ?)",
                                       err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int64(st, 1, by->now);
    hub_sqlite_bind_text(st, 2, by->user ? by->user : "?");
    hub_sqlite_bind_text(st, 3, action);
    hub_sqlite_bind_text(st, 4, target ? target : "");
    hub_sqlite_bind_text(st, 5, detail ? detail : "");
    return hub_sqlite_done(c, st, err, n, "audit");
}

static int s_audit_list(HubStore *s, int limit, HubAuditCb cb, void *ud, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "SELECT at, user, action, target, detail FROM console_audit"
                                       " ORDER BY n DESC LIMIT ?",
                                       err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int(st, 1, limit);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        HubAuditRow row = {sqlite3_column_int64(st, 0), hub_sqlite_col_text(st, 1),
                           hub_sqlite_col_text(st, 2), hub_sqlite_col_text(st, 3),
                           hub_sqlite_col_text(st, 4)};
        if (cb(ud, &row) != 0) break;
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? AUKIO_OK : hub_sqlite_fail(err, n, c->db, "audit");
}

static int s_audit_add(HubStore *s, const HubActor *by, const char *action, const char *target,
                       const char *detail, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int rc = hub_sqlite_audit(c, by, action, target, detail, err, n);
    return hub_sqlite_end(S, c, rc, err, n);
}

void hub_sqlite_install_console_audit(HubConsoleStore *t)
{
    t->audit_add = s_audit_add;
    t->audit_list = s_audit_list;
}
