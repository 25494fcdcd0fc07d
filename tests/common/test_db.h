/*
 * test_db.h: scratch databases for the unit tests: a fresh path under /tmp, a query's one
 * integer, a store opened or the test failed, and removal with the WAL's files.
 */
#ifndef AUKIO_TEST_DB_H
#define AUKIO_TEST_DB_H

#include <stddef.h>

#include "store.h"

/* A path /tmp/aukio-test-TAG-XXXXXX that nothing holds yet; -1 if none could be made. */
int test_db_path(char *buf, size_t n, const char *tag);
/* Removes PATH and its -wal and -shm files, if there are any. */
void test_db_remove(const char *path);
/* The first column of SQL's first row on its own connection to PATH, or -1 if it has no row;
 * fails the test if SQL does not prepare. */
int test_db_int(const char *path, const char *sql);
/* The kiosk's store at PATH, or the test fails with store_open's reason. */
Store *test_store_open(const char *path);

/* A fresh directory /tmp/aukio-test-TAG-XXXXXX; -1 if it could not be made. */
int test_dir_make(char *buf, size_t n, const char *tag);
/* Removes DIR and everything under it. */
int test_dir_remove(const char *dir);

#endif
