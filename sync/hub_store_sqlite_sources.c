/*
 * hub_store_sqlite_sources.c: the SQLite HubStore's sources (schema v7, v9): what `aukio-hub
 * source` adds, the outcome of each attempt to fetch one (and the backoff of a failing one), and
 * the ids of its last successful import.
 */
#include "hub_store_sqlite.h"

#include <string.h>

int hub_sqlite_source_insert(Conn *c, const HubSourceRow *in, int64_t now, char *err, size_t n)
{
    sqlite3_stmt *st =
        hub_sqlite_stmt(c,
                        "INSERT INTO sources(name, url, kind, every_min, venue, created_at,"
                        " timezone, topics) VALUES(?, ?, ?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT(name) DO NOTHING",
                        err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, in->name);
    hub_sqlite_bind_text(st, 2, in->url);
    sqlite3_bind_int(st, 3, (int)in->kind);
    sqlite3_bind_int(st, 4, in->every_min);
    hub_sqlite_bind_text(st, 5, in->venue ? in->venue : "");
    sqlite3_bind_int64(st, 6, now);
    hub_sqlite_bind_text(st, 7, in->timezone ? in->timezone : "");
    hub_sqlite_bind_text(st, 8, in->topics ? in->topics : "");
    int rc = hub_sqlite_done(c, st, err, n, "source add");
    if (rc == AUKIO_OK && sqlite3_changes(c->db) == 0) {
        snprintf(err, n, "a source '%s' exists already", in->name);
        rc = AUKIO_ERR_EXISTS;
    }
    return rc;
}

int hub_sqlite_source_delete(Conn *c, const char *name, char *err, size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(c, "DELETE FROM sources WHERE name = ?", err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, name);
    int rc = hub_sqlite_done(c, st, err, n, "source remove");
    if (rc == AUKIO_OK && sqlite3_changes(c->db) == 0) {
        snprintf(err, n, "no source '%s'", name);
        rc = AUKIO_ERR_NOT_FOUND;
    }
    if (rc == AUKIO_OK) {
        st = hub_sqlite_stmt(c, "DELETE FROM source_events WHERE source = ?", err, n);
        if (!st) return AUKIO_ERR;
        hub_sqlite_bind_text(st, 1, name);
        rc = hub_sqlite_done(c, st, err, n, "source remove");
    }
    return rc;
}

static int s_source_add(HubStore *s, const HubSourceRow *in, int64_t now, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int rc = hub_sqlite_source_insert(c, in, now, err, n);
    return hub_sqlite_end(S, c, rc, err, n);
}

static int s_source_remove(HubStore *s, const char *name, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int rc = hub_sqlite_source_delete(c, name, err, n);
    return hub_sqlite_end(S, c, rc, err, n);
}

static int s_source_list(HubStore *s, const char *name, HubSourceCb cb, void *ud, char *err,
                         size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = hub_sqlite_stmt(
        c,
        "SELECT name, url, kind, every_min, venue, etag, last_modified, created_at, tried_at,"
        " ok_at, ok, result, n_read, n_skipped, n_removed, timezone, topics, failures, retry_at"
        " FROM sources"
        " WHERE ?1 IS NULL OR name = ?1 ORDER BY name",
        err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, name);
    int r, rc = AUKIO_OK, rows = 0;
    while (rc == AUKIO_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        HubSourceRow row = {
            .name = hub_sqlite_col_text(st, 0),
            .url = hub_sqlite_col_text(st, 1),
            .kind = (HubSourceKind)sqlite3_column_int(st, 2),
            .every_min = sqlite3_column_int(st, 3),
            .venue = hub_sqlite_col_text(st, 4),
            .etag = hub_sqlite_col_text(st, 5),
            .last_modified = hub_sqlite_col_text(st, 6),
            .created_at = sqlite3_column_int64(st, 7),
            .tried_at = sqlite3_column_int64(st, 8),
            .ok_at = sqlite3_column_int64(st, 9),
            .ok = sqlite3_column_int(st, 10) != 0,
            .result = hub_sqlite_col_text(st, 11),
            .n_read = sqlite3_column_int(st, 12),
            .n_skipped = sqlite3_column_int(st, 13),
            .n_removed = sqlite3_column_int(st, 14),
            .timezone = hub_sqlite_col_text(st, 15),
            .topics = hub_sqlite_col_text(st, 16),
            .failures = sqlite3_column_int(st, 17),
            .retry_at = sqlite3_column_int64(st, 18),
        };
        rows++;
        if (cb(ud, &row) != 0) rc = err_set(err, n, "source list: stopped");
    }
    if (rc == AUKIO_OK && r != SQLITE_DONE) rc = hub_sqlite_fail(err, n, c->db, "source list");
    sqlite3_reset(st);
    if (rc == AUKIO_OK && name && rows == 0) {
        snprintf(err, n, "no source '%s'", name);
        rc = AUKIO_ERR_NOT_FOUND;
    }
    return rc;
}

/* Replaces source NAME's ids with IDS, inside the caller's transaction. */
static int ids_replace(Conn *c, const char *name, const char *const *ids, int n_ids, char *err,
                       size_t n)
{
    sqlite3_stmt *st = hub_sqlite_stmt(c, "DELETE FROM source_events WHERE source = ?", err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, name);
    if (hub_sqlite_done(c, st, err, n, "source ids") != AUKIO_OK) return AUKIO_ERR;
    for (int i = 0; i < n_ids; i++) {
        st = hub_sqlite_stmt(
            c, "INSERT OR IGNORE INTO source_events(source, event_id) VALUES(?, ?)", err, n);
        if (!st) return AUKIO_ERR;
        hub_sqlite_bind_text(st, 1, name);
        hub_sqlite_bind_text(st, 2, ids[i]);
        if (hub_sqlite_done(c, st, err, n, "source ids") != AUKIO_OK) return AUKIO_ERR;
    }
    return AUKIO_OK;
}

static int s_source_record(HubStore *s, const char *name, const HubSourceRow *r,
                           const char *const *ids, int n_ids, char *err, size_t n)
{
    SqlStore *S = impl(s);
    CONN_OR_FAIL(S, c);
    if (hub_sqlite_begin(S, c, err, n) != AUKIO_OK) return AUKIO_ERR;
    int rc = AUKIO_OK;
    /* A failure keeps the validators and the ids of the last success: the next attempt asks
     * again from there. */
    sqlite3_stmt *st = hub_sqlite_stmt(
        c,
        "UPDATE sources SET tried_at = ?2, ok = ?3, result = ?4,"
        " n_read = CASE WHEN ?3 THEN ?5 ELSE n_read END,"
        " n_skipped = CASE WHEN ?3 THEN ?6 ELSE n_skipped END,"
        " n_removed = CASE WHEN ?3 THEN ?7 ELSE n_removed END, failures = ?10, retry_at = ?11,"
        " ok_at = CASE WHEN ?3 THEN ?2 ELSE ok_at END,"
        " etag = CASE WHEN ?3 THEN ?8 ELSE etag END,"
        " last_modified = CASE WHEN ?3 THEN ?9 ELSE last_modified END WHERE name = ?1",
        err, n);
    if (!st) rc = AUKIO_ERR;
    if (rc == AUKIO_OK) {
        hub_sqlite_bind_text(st, 1, name);
        sqlite3_bind_int64(st, 2, r->tried_at);
        sqlite3_bind_int(st, 3, r->ok);
        hub_sqlite_bind_text(st, 4, r->result ? r->result : "");
        sqlite3_bind_int(st, 5, r->n_read);
        sqlite3_bind_int(st, 6, r->n_skipped);
        sqlite3_bind_int(st, 7, r->n_removed);
        hub_sqlite_bind_text(st, 8, r->etag ? r->etag : "");
        hub_sqlite_bind_text(st, 9, r->last_modified ? r->last_modified : "");
        sqlite3_bind_int(st, 10, r->ok ? 0 : r->failures);
        sqlite3_bind_int64(st, 11, r->ok ? 0 : r->retry_at);
        rc = hub_sqlite_done(c, st, err, n, "source record");
        if (rc == AUKIO_OK && sqlite3_changes(c->db) == 0) {
            snprintf(err, n, "no source '%s'", name);
            rc = AUKIO_ERR_NOT_FOUND;
        }
    }
    if (rc == AUKIO_OK && r->ok && ids) rc = ids_replace(c, name, ids, n_ids, err, n);
    return hub_sqlite_end(S, c, rc, err, n);
}

static int s_source_ids(HubStore *s, const char *name, HubIdCb cb, void *ud, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    sqlite3_stmt *st = hub_sqlite_stmt(
        c, "SELECT event_id FROM source_events WHERE source = ? ORDER BY event_id", err, n);
    if (!st) return AUKIO_ERR;
    hub_sqlite_bind_text(st, 1, name);
    int r, rc = AUKIO_OK;
    while (rc == AUKIO_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
        if (cb(ud, hub_sqlite_col_text(st, 0)) != 0) rc = err_set(err, n, "out of memory");
    if (rc == AUKIO_OK && r != SQLITE_DONE) rc = hub_sqlite_fail(err, n, c->db, "source ids");
    sqlite3_reset(st);
    return rc;
}

void hub_sqlite_install_sources(HubStore *b)
{
    b->source_add = s_source_add;
    b->source_remove = s_source_remove;
    b->source_list = s_source_list;
    b->source_record = s_source_record;
    b->source_ids = s_source_ids;
}
