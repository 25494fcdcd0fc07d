/*
 * test_db.c: scratch databases for the unit tests (test_db.h).
 */
#define _XOPEN_SOURCE 700
#include "test_db.h"

#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

int test_db_path(char *buf, size_t n, const char *tag)
{
    snprintf(buf, n, "/tmp/aukio-test-%s-XXXXXX", tag);
    int fd = mkstemp(buf);
    if (fd < 0) return -1;
    close(fd);
    unlink(buf); /* the name is ours; the store makes the file with its own mode */
    return 0;
}

void test_db_remove(const char *path)
{
    char p[512];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

int test_db_int(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    int v = -1;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

Store *test_store_open(const char *path)
{
    Store *s = NULL;
    char err[512] = "";
    if (store_open(&s, path, err, sizeof err)) fail_msg("store_open: %s", err);
    return s;
}

int test_dir_make(char *buf, size_t n, const char *tag)
{
    snprintf(buf, n, "/tmp/aukio-test-%s-XXXXXX", tag);
    return mkdtemp(buf) ? 0 : -1;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

int test_dir_remove(const char *dir)
{
    return nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}
