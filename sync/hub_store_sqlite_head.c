/*
 * hub_store_sqlite_head.c: the pull's head (HubStore.pull_head): the device token checked and
 * the meta row read, for every GET /v1/changes; most of them find nothing new.
 *
 * Read from SQLite, that is one statement and one read transaction (WAL read locks are fcntl
 * calls). Each thread's connection keeps what it last read (the meta row and the live devices
 * it has seen) and uses it again while nothing has written the database since, which is known
 * without a read:
 *   - a commit by this process (any thread: pushes, grants, the sources, the mailer) counts
 *     SqlStore.commits, from SQLite's WAL hook, which runs once the commit is visible;
 *   - another process (the CLI: `device revoke`, `event import`, ...) writes the WAL (the
 *     inotify watch on the database and its WAL sees IN_MODIFY, before the commit is visible)
 *     and closes the database when it ends (IN_CLOSE_WRITE, after). So a pull that starts after
 *     such a command has ended always reads what it wrote.
 * Either forgets what was kept. Asking costs an atomic load and one non-blocking read(). A
 * watch that cannot be set up (no inotify, or the user's instances used up) means reading the
 * database every time, as before. A second long-running process writing the same database (not
 * a supported set-up) would be seen only when it closes it. README.md, "Start and the floor
 * (issue 12)".
 */
#include "hub_store_sqlite.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#define HEAD_DEVICES 64 /* devices remembered per connection (direct-mapped by hash) */

typedef struct {
    bool used;
    uint8_t hash[HUB_HASH_LEN];
    int64_t id;
} HeadDevice;

typedef struct HeadCache {
    int fd;           /* inotify; -1 when not watching */
    bool valid;       /* the fields below are what the database held when last read */
    uint64_t commits; /* SqlStore.commits before that read */
    char epoch[33];
    int64_t seq, floor;
    HeadDevice dev[HEAD_DEVICES];
} HeadCache;

static void head_free(HeadCache *h)
{
    if (h->fd >= 0) close(h->fd);
    free(h);
}

/* Starts watching C's database and WAL; false when that cannot be done. */
static bool watch(Conn *c, HeadCache *h)
{
    const char *db = sqlite3_db_filename(c->db, "main");
    const char *wal = db && db[0] ? sqlite3_filename_wal(db) : NULL;
    if (!wal || !wal[0]) return false;
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return false;
    uint32_t mask = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF;
    if (inotify_add_watch(fd, db, mask) < 0 || inotify_add_watch(fd, wal, mask) < 0) {
        close(fd);
        return false;
    }
    h->fd = fd;
    return true;
}

/* True when H still holds what the database holds: no commit of this process and no event of
 * the watch since it was filled. Either forgets everything and the watch (set up again with the
 * next read). */
static bool still_fresh(SqlStore *S, HeadCache *h)
{
    if (h->fd < 0 || !h->valid) return false;
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t got = -1;
    if (atomic_load(&S->commits) == h->commits) {
        got = read(h->fd, buf, sizeof buf);
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    }
    close(h->fd);
    h->fd = -1;
    h->valid = false;
    memset(h->dev, 0, sizeof h->dev);
    return false;
}

static HeadDevice *slot(HeadCache *h, const uint8_t hash[HUB_HASH_LEN])
{
    return &h->dev[hash[0] % HEAD_DEVICES];
}

static int s_pull_head(HubStore *s, const uint8_t token_hash[HUB_HASH_LEN], int64_t *device_id,
                       char epoch[33], int64_t *seq, int64_t *floor, char *err, size_t n)
{
    CONN_OR_FAIL(impl(s), c);
    if (!c->head && (c->head = calloc(1, sizeof *c->head))) {
        c->head->fd = -1;
        c->head_free = head_free;
    }
    HeadCache *h = c->head;
    HeadDevice *d = h ? slot(h, token_hash) : NULL;
    if (h && still_fresh(impl(s), h)) {
        memcpy(epoch, h->epoch, 33);
        *seq = h->seq;
        *floor = h->floor;
        /* The stored hash compared in constant time, as device_auth does. */
        if (d->used && sodium_memcmp(d->hash, token_hash, HUB_HASH_LEN) == 0) {
            *device_id = d->id;
            return AUKIO_OK;
        }
    }
    /* The watch and the count first, then the read: a commit between them is seen next time. */
    if (h && h->fd < 0) {
        h->valid = false;
        if (!watch(c, h)) h = NULL;
    }
    uint64_t commits = atomic_load(&impl(s)->commits);
    sqlite3_stmt *st = hub_sqlite_stmt(c,
                                       "SELECT m.epoch, m.seq, m.floor, d.id, d.token_hash"
                                       " FROM meta m LEFT JOIN devices d ON d.token_hash = ?1"
                                       " AND d.revoked_at IS NULL WHERE m.k = 1",
                                       err, n);
    if (!st) return AUKIO_ERR;
    sqlite3_bind_blob(st, 1, token_hash, HUB_HASH_LEN, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
        int rc = hub_sqlite_fail(err, n, c->db, "meta");
        sqlite3_reset(st);
        return rc;
    }
    snprintf(epoch, 33, "%s", hub_sqlite_col_text(st, 0));
    *seq = sqlite3_column_int64(st, 1);
    *floor = sqlite3_column_int64(st, 2);
    int rc = AUKIO_ERR_DENIED;
    const void *stored = sqlite3_column_blob(st, 4);
    if (sqlite3_column_type(st, 3) != SQLITE_NULL && stored &&
        sqlite3_column_bytes(st, 4) == HUB_HASH_LEN &&
        sodium_memcmp(stored, token_hash, HUB_HASH_LEN) == 0) {
        *device_id = sqlite3_column_int64(st, 3);
        rc = AUKIO_OK;
    }
    sqlite3_reset(st);
    if (h) {
        memcpy(h->epoch, epoch, 33);
        h->seq = *seq;
        h->floor = *floor;
        h->commits = commits;
        h->valid = true;
        if (rc == AUKIO_OK) {
            /* Only live devices are remembered: an unknown token always reads the database. */
            d->used = true;
            memcpy(d->hash, token_hash, HUB_HASH_LEN);
            d->id = *device_id;
        }
    }
    if (rc == AUKIO_ERR_DENIED) snprintf(err, n, "unknown or revoked device token");
    return rc;
}

void hub_sqlite_install_head(HubStore *b)
{
    b->pull_head = s_pull_head;
}
