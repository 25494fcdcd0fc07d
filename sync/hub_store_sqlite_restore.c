/*
 * hub_store_sqlite_restore.c: `aukio-hub restore FILE` (hub_store.h; README.md, "Backup and
 * restore"): a backup put in place of a stopped hub's database under a new epoch, so that every
 * kiosk's cursor names another database and its next pull is a full snapshot (410
 * cursor_gone): no kiosk goes on from a place in a history the restored hub does not have.
 */
#include "hub_store_sqlite.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "util.h"

/* PATH + SUFFIX removed (a database's -wal or -shm). */
static void unlink_side(const char *path, const char *suffix)
{
    char side[4200];
    int k = snprintf(side, sizeof side, "%s%s", path, suffix);
    if (k > 0 && (size_t)k < sizeof side) unlink(side);
}

/* A new epoch for the database at PATH (opened on its own connection). */
static int new_epoch(const char *path, char *err, size_t n)
{
    sqlite3 *db = NULL;
    uint8_t rnd[16];
    char epoch[33], sql[128];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(epoch, sizeof epoch, rnd, sizeof rnd);
    snprintf(sql, sizeof sql, "UPDATE meta SET epoch = '%s' WHERE k = 1", epoch);
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK) snprintf(err, n, "%s: %s", path, db ? sqlite3_errmsg(db) : "cannot open");
    sqlite3_close(db);
    return rc == SQLITE_OK ? AUKIO_OK : AUKIO_ERR;
}

int hub_store_sqlite_restore(const char *from, const char *to, char *err, size_t n)
{
    char staged[4096];
    int k = snprintf(staged, sizeof staged, "%s.restoring", to);
    if (k < 0 || (size_t)k >= sizeof staged) return err_set(err, n, "%s: path too long", to);
    sqlite3 *src = NULL;
    if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        err_set(err, n, "%s: %s", from, src ? sqlite3_errmsg(src) : "cannot open");
        sqlite3_close(src);
        return AUKIO_ERR;
    }
    int rc = hub_sqlite_copy_db(src, staged, err, n);
    sqlite3_close(src);
    if (rc != AUKIO_OK) return rc;
    /* The copy must be a hub's database that holds together: opened (migrated to this hub's
     * schema) and checked before it replaces anything. */
    HubStore *st = NULL;
    rc = hub_store_sqlite_open(&st, staged, err, n);
    if (rc == AUKIO_OK) {
        rc = st->check(st, err, n);
        st->close(st);
    }
    if (rc == AUKIO_OK) rc = new_epoch(staged, err, n);
    if (rc == AUKIO_OK) {
        /* The replaced database's -wal and -shm would be replayed into the restored one. */
        unlink_side(to, "-wal");
        unlink_side(to, "-shm");
        if (rename(staged, to) != 0) rc = err_set(err, n, "%s: %s", to, strerror(errno));
    }
    if (rc != AUKIO_OK) {
        unlink(staged);
        unlink_side(staged, "-wal");
        unlink_side(staged, "-shm");
    }
    return rc;
}
