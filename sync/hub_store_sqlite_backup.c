/*
 * hub_store_sqlite_backup.c: `aukio-hub backup FILE` for the SQLite HubStore (README.md, "Backup
 * and restore"): SQLite's online backup of the whole database in one step, one read
 * transaction, so the copy is one committed state, taken while `serve` goes on writing (WAL).
 * hub_store_sqlite_restore.c puts such a copy back.
 */
#include "hub_store_sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* Copies the database FROM (an open connection) into PATH.partial and renames it to PATH, 0600,
 * synced. */
int hub_sqlite_copy_db(sqlite3 *from, const char *path, char *err, size_t n)
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
    return hub_sqlite_copy_db(c->db, path, err, n);
}

void hub_sqlite_install_backup(HubStore *b)
{
    b->backup = s_backup;
}
