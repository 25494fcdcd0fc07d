/*
 * hub_store_sqlite_console_admin.c: the coordinators' changes made from the console's pages in
 * the SQLite HubStore (hub_store_console.h): a source added or removed, a user removed unless it
 * is the last coordinator. Each is one transaction with its audit row.
 */
#include "hub_store_sqlite.h"

#include <stdio.h>
#include <string.h>

#include "hub_store_console.h"

static int s_source_add(HubStore *s, const HubSourceRow *in, const HubActor *by, char *err,
                        size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int rc = hub_sqlite_source_insert(c, in, by->now, err, n);
    if (rc == AUKIO_OK) {
        char detail[256];
        snprintf(detail, sizeof detail, "%s, every %d min: %.200s",
                 in->kind == HUB_SOURCE_LINKEDEVENTS ? "linkedevents" : "ics", in->every_min,
                 in->url);
        rc = hub_sqlite_audit(c, by, "source.add", in->name, detail, err, n);
    }
    return hub_sqlite_end(S, c, rc, err, n);
}

static int s_source_remove(HubStore *s, const char *name, const HubActor *by, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int rc = hub_sqlite_source_delete(c, name, err, n);
    if (rc == AUKIO_OK) rc = hub_sqlite_audit(c, by, "source.remove", name, "", err, n);
    return hub_sqlite_end(S, c, rc, err, n);
}

int hub_sqlite_user_delete(Conn *c, const char *name, const HubActor *by, char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(c, "SELECT id FROM console_users WHERE name = ?", err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, name);
    int r = sqlite3_step(st);
    int64_t id = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (r == SQLITE_DONE) {
        snprintf(err, n, "no user named '%s'", name);
        return AUKIO_ERR_NOT_FOUND;
    }
    if (r != SQLITE_ROW) return hub_sqlite_fail(err, n, c->db, "user");
    /* Signed out everywhere, its venues and the user gone; the audit log keeps the name. */
    static const char *const SQL[] = {
        "DELETE FROM console_sessions WHERE user_id = ?",
        "DELETE FROM console_user_venues WHERE user_id = ?",
        "DELETE FROM console_users WHERE id = ?",
    };
    int rc = AUKIO_OK;
    for (size_t i = 0; rc == AUKIO_OK && i < sizeof SQL / sizeof SQL[0]; i++) {
        st = hub_sqlite_stmt(c, SQL[i], err, n);
        if (!st) return AUKIO_ERR;
        sqlite3_bind_int64(st, 1, id);
        rc = hub_sqlite_done(c, st, err, n, "user remove");
    }
    if (rc == AUKIO_OK) rc = hub_sqlite_audit(c, by, "user.remove", name, "", err, n);
    return rc;
}

/* Whether user NAME is a coordinator (*IS) and how many coordinators there are (*COUNT). */
static int coordinators(Conn *c, const char *name, bool *is, int *count, char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "SELECT count(*), coalesce(sum(name = ?), 0)"
                                       " FROM console_users WHERE role = ?",
                                       err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, name);
    sqlite3_bind_int(st, 2, (int)HUB_ROLE_COORDINATOR);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        *count = sqlite3_column_int(st, 0);
        *is = sqlite3_column_int(st, 1) > 0;
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW ? AUKIO_OK : hub_sqlite_fail(err, n, c->db, "users");
}

static int s_user_remove_keep(HubStore *s, const char *name, const HubActor *by, char *err,
                              size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    bool is = false;
    int count = 0;
    int rc = coordinators(c, name, &is, &count, err, n);
    if (rc == AUKIO_OK && is && count <= 1) {
        snprintf(err, n, "%s is the last coordinator: add another before removing this one", name);
        rc = AUKIO_ERR_INVALID;
    }
    if (rc == AUKIO_OK) rc = hub_sqlite_user_delete(c, name, by, err, n);
    return hub_sqlite_end(S, c, rc, err, n);
}

void hub_sqlite_install_console_admin(HubConsoleStore *t)
{
    t->source_add = s_source_add;
    t->source_remove = s_source_remove;
    t->user_remove_keep = s_user_remove_keep;
}
