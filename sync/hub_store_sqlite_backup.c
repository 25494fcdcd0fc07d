/*
 * hub_store_sqlite_backup.c: `aukio-hub backup FILE` and `aukio-hub restore FILE` for the SQLite
 * HubStore (README.md, "Backup and restore").
 *
 * A backup is SQLite's online backup of the whole database in one step: one read transaction,
 * so the copy is one committed state, taken while `serve` goes on writing (WAL). A restore puts
 * such a copy in place of a stopped hub's database under a new epoch, so that every kiosk's
 * cursor names another database and its next pull is a full snapshot (410 cursor_gone): no
 * kiosk goes on from a place in a history the restored hub does not have.
 */
#include "hub_store_sqlite.h"

#include <errno.h>
#include <fcntl.h>
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

/* Copies the database FROM (an open connection) into PATH.partial and renames it to PATH, 0600,
 * synced. */
static int copy_db(sqlite3 *from, const char *path, char *err, size_t n)
{
    char partial[4096];
    int k = snprintf(partial, sizeof partial, "%s.partial", path);
    if (k < 0 || (size_t)k >= sizeof partial) return err_set(err, n, "%s: path too long", path);
    unlink(partial);
    bool narrowed;
    if (file_db_private(partial, &narrowed, err, n) != AUKIO_OK) return AUKIO_ERR;
    sqlite3 *to = NULL;
    int rc = sqlite3_open_v2(partial, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(to, "main", from, "main") : NULL;
    if (!b) {
        snprintf(err, n, "%s: %s", partial, to ? sqlite3_errmsg(to) : "cannot open");
        sqlite3_close(to);
        unlink(partial);
        return AUKIO_ERR;
    }
    /* All pages in one step: one read transaction, one snapshot, while writers go on (WAL). */
    do {
        rc = sqlite3_backup_step(b, -1);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
    } while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED || rc == SQLITE_OK);
    sqlite3_backup_finish(b);
    /* A file of its own: no -wal beside it to lose when it is copied elsewhere. */
    if (rc == SQLITE_DONE) rc = sqlite3_exec(to, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    if (rc != SQLITE_OK && rc != SQLITE_DONE) {
        snprintf(err, n, "%s: backup failed: %s", path, sqlite3_errmsg(to));
        sqlite3_close(to);
        unlink(partial);
        return AUKIO_ERR;
    }
    sqlite3_close(to);
    int fd = open(partial, O_RDONLY | O_CLOEXEC);
    bool synced = fd >= 0 && fsync(fd) == 0;
    if (fd >= 0) close(fd);
    if (!synced || rename(partial, path) != 0) {
        snprintf(err, n, "%s: %s", path, strerror(errno));
        unlink(partial);
        return AUKIO_ERR;
    }
    return AUKIO_OK;
}

static int s_backup(HubStore *s, const char *path, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    return copy_db(c->db, path, err, n);
}

void hub_sqlite_install_backup(HubStore *b)
{
    b->backup = s_backup;
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
    if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        err_set(err, n, "%s: %s", from, src ? sqlite3_errmsg(src) : "cannot open");
        sqlite3_close(src);
        return AUKIO_ERR;
    }
    int rc = copy_db(src, staged, err, n);
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
