/*
 * hub_store_sqlite_console_kiosks.c: what the overview's problems read in the SQLite HubStore
 * (hub_store_console.h): mail to visitors that failed, per event.
 */
#include "hub_store_sqlite.h"

#include "hub_mail.h"
#include "hub_store_console.h"

static int s_mail_problems(HubStore *s, int64_t since, HubMailProblemCb cb, void *ud, char *err,
                           size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "SELECT coalesce(event_id, ''), sum(state = ?1),"
                                       " sum(state = ?2), max(coalesce(done_at, created_at))"
                                       " FROM mail_outbox WHERE state IN (?1, ?2)"
                                       " AND coalesce(done_at, created_at) >= ?3"
                                       " GROUP BY 1 ORDER BY 4 DESC, 1",
                                       err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_int(st, 1, HUB_MAIL_FAILED);
    sqlite3_bind_int(st, 2, HUB_MAIL_UNSURE);
    sqlite3_bind_int64(st, 3, since);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        HubMailProblemRow row = {.event_id = hub_sqlite_col_text(st, 0),
                                 .failed = sqlite3_column_int(st, 1),
                                 .unsure = sqlite3_column_int(st, 2),
                                 .last_at = sqlite3_column_int64(st, 3)};
        if (cb(ud, &row) != 0) break;
    }
    sqlite3_reset(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? AUKIO_OK : hub_sqlite_fail(err, n, c->db, "mail");
}

void hub_sqlite_install_console_kiosks(HubConsoleStore *t)
{
    t->mail_problems = s_mail_problems;
}
