/*
 * test_sync_pull.c: a whole pull through sync_round, its hub in-process (SyncHub.transport): the
 * next page is fetched and read on a second thread while one is stored (client.c, "Pull"), and
 * a fresh kiosk's first snapshot goes through the rollback journal (store_sync_bulk_begin).
 * Whatever fails, a page read ahead or one being stored, what was stored before stays, the page
 * that failed changes nothing, and the next round goes on from the stored cursor.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "store.h"
#include "test_db.h"

#define PAGES 4
#define PER_PAGE 3

static char g_path[256];

typedef struct {
    int bad_page;  /* this page (1-based) is not JSON; 0 = none */
    int busy_page; /* this page is answered 503 */
    int asked[PAGES + 2];
    int n_asked;
    int grants; /* grant requests seen */
} Hub;

/* The page after CURSOR ("" = the snapshot's first): PER_PAGE events each. */
static int fake_hub(void *ctx, const char *method, const char *path, const char *body, long *status,
                    Buf *answer)
{
    (void)body;
    Hub *h = ctx;
    *status = 200;
    if (strcmp(method, "POST") == 0 && strstr(path, "/v1/grants")) {
        h->grants++;
        return buf_adds(answer, "{\"settled\":[],\"grants\":[]}") == 0 ? 0 : -1;
    }
    if (strcmp(method, "POST") == 0) return buf_adds(answer, "{\"results\":[]}") == 0 ? 0 : -1;
    const char *c = strstr(path, "cursor=c1.0123456789abcdef0123456789abcdef.");
    int page = c ? atoi(c + strlen("cursor=c1.0123456789abcdef0123456789abcdef.")) + 1 : 1;
    if (h->n_asked < PAGES + 2) h->asked[h->n_asked++] = page;
    if (page == h->bad_page) return buf_adds(answer, "{\"changes\":[{\"op\":") == 0 ? 0 : -1;
    if (page == h->busy_page) {
        *status = 503;
        return buf_adds(answer, "{\"error\":\"busy\"}") == 0 ? 0 : -1;
    }
    char start[32];
    time_t t = time(NULL) + 3 * 86400;
    struct tm tm;
    strftime(start, sizeof start, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
    if (buf_adds(answer, "{\"changes\":[")) return -1;
    for (int i = 0; i < PER_PAGE; i++) {
        int id = (page - 1) * PER_PAGE + i;
        if (buf_addf(answer,
                     "%s{\"op\":\"upsert\",\"id\":\"p:%d\",\"event\":{\"id\":\"p:%d\","
                     "\"name\":{\"fi\":\"Tapahtuma %d\"},\"start_time\":\"%s\","
                     "\"maximum_attendee_capacity\":10},\"seats\":{\"capacity\":10,"
                     "\"confirmed\":%d,\"waitlisted\":0,\"held\":0}}",
                     i ? "," : "", id, id, id, start, id % 4))
            return -1;
    }
    return buf_addf(answer,
                    "],\"cursor\":\"c1.0123456789abcdef0123456789abcdef.%d.i\",\"more\":%s,"
                    "\"reset\":%s}",
                    page, page < PAGES ? "true" : "false", page == 1 ? "true" : "false") == 0
               ? 0
               : -1;
}

static int setup(void **state)
{
    (void)state;
    return test_db_path(g_path, sizeof g_path, "pull");
}

static int teardown(void **state)
{
    (void)state;
    test_db_remove(g_path);
    return 0;
}

static int q_int(const char *sql)
{
    return test_db_int(g_path, sql);
}

static int db_exec(const char *sql)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open(g_path, &db) == SQLITE_OK ? sqlite3_exec(db, sql, NULL, NULL, NULL) : -1;
    sqlite3_close(db);
    return rc;
}

/* REFUSE: the store refuses to insert event p:7 (a trigger); false: it takes it again. */
static void refuse_event(bool refuse)
{
    assert_int_equal(db_exec(refuse ? "CREATE TRIGGER refuse BEFORE INSERT ON events"
                                      " WHEN NEW.id = 'p:7'"
                                      " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
                                    : "DROP TRIGGER refuse"),
                     0);
}

static SyncResult round_with(Store *s, Hub *h, SyncReport *rep, char *err, size_t errlen)
{
    SyncHub hub = {.url = "http://hub.invalid",
                   .token = "aud_test",
                   .response_max = 64 * 1024,
                   .transport = fake_hub,
                   .transport_ctx = h};
    h->n_asked = 0;
    return sync_round(s, &hub, (int64_t)time(NULL), rep, err, errlen);
}

static void journal_is(const char *want)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open_v2(g_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), want);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* Every page, in order, each once; the store in WAL mode afterwards. */
static void test_pull_whole(void **state)
{
    (void)state;
    char err[512] = "";
    Store *s = test_store_open(g_path);
    Hub h = {0};
    SyncReport rep;
    assert_int_equal(round_with(s, &h, &rep, err, sizeof err), SYNC_OK);
    assert_int_equal(rep.pages, PAGES);
    assert_int_equal(rep.pulled, PAGES * PER_PAGE);
    assert_true(rep.snapshot);
    assert_int_equal(h.n_asked, PAGES);
    for (int i = 0; i < PAGES; i++)
        assert_int_equal(h.asked[i], i + 1);
    assert_int_equal(q_int("SELECT count(*) FROM events WHERE hub_seen AND NOT gone"),
                     PAGES * PER_PAGE);
    assert_int_equal(q_int("SELECT count(*) FROM event_docs"), PAGES * PER_PAGE);
    assert_int_equal(q_int("SELECT hub_confirmed FROM events WHERE id = 'p:7'"), 3);
    char cur[128];
    assert_int_equal(store_sync_cursor(s, cur, sizeof cur), 0);
    assert_string_equal(cur, "c1.0123456789abcdef0123456789abcdef.4.i");
    journal_is("wal");
    store_close(s);
}

/* The page read ahead is not JSON: the pages before it are stored, it changes nothing, the
 * round says where and why; the next round asks for it again and goes on. */
static void test_pull_bad_page_ahead(void **state)
{
    (void)state;
    char err[512] = "";
    Store *s = test_store_open(g_path);
    Hub h = {.bad_page = 3};
    SyncReport rep;
    assert_int_equal(round_with(s, &h, &rep, err, sizeof err), SYNC_ERR_HUB);
    assert_non_null(strstr(err, "invalid JSON near byte"));
    assert_int_equal(rep.pages, 2);
    assert_int_equal(h.grants, 0); /* the round stopped at the pull */
    assert_int_equal(q_int("SELECT count(*) FROM events"), 2 * PER_PAGE);
    char cur[128];
    assert_int_equal(store_sync_cursor(s, cur, sizeof cur), 0);
    assert_string_equal(cur, "c1.0123456789abcdef0123456789abcdef.2.i");
    journal_is("wal");
    h.bad_page = 0;
    assert_int_equal(round_with(s, &h, &rep, err, sizeof err), SYNC_OK);
    assert_int_equal(h.asked[0], 3);
    assert_int_equal(rep.pages, 2);
    assert_int_equal(q_int("SELECT count(*) FROM events WHERE hub_seen AND NOT gone"),
                     PAGES * PER_PAGE);
    store_close(s);
}

/* A page that cannot be stored (a trigger refuses one of its events) while the next is read
 * ahead: the pages before it stay, none of its events is kept, the one read ahead is dropped;
 * once the store takes it, the next round goes on from there. */
static void test_pull_store_fails(void **state)
{
    (void)state;
    char err[512] = "";
    Store *s = test_store_open(g_path);
    refuse_event(true); /* page 3's first event */
    Hub h = {0};
    SyncReport rep;
    assert_int_equal(round_with(s, &h, &rep, err, sizeof err), SYNC_ERR_STORE);
    assert_non_null(strstr(err, "refused by the test"));
    assert_int_equal(rep.pages, 2);
    assert_int_equal(q_int("SELECT count(*) FROM events"), 2 * PER_PAGE);
    assert_int_equal(q_int("SELECT count(*) FROM events WHERE id IN ('p:6', 'p:8', 'p:9')"), 0);
    char cur[128];
    assert_int_equal(store_sync_cursor(s, cur, sizeof cur), 0);
    assert_string_equal(cur, "c1.0123456789abcdef0123456789abcdef.2.i");
    refuse_event(false);
    assert_int_equal(round_with(s, &h, &rep, err, sizeof err), SYNC_OK);
    assert_int_equal(h.asked[0], 3);
    assert_int_equal(q_int("SELECT count(*) FROM events WHERE hub_seen AND NOT gone"),
                     PAGES * PER_PAGE);
    journal_is("wal");
    store_close(s);
}

/* Bug (review): the page read ahead and dropped said what the round reported. Page 3 is refused
 * by the store while page 4, fetched beside it, is answered 503: the round fails with the
 * store's error, and its report carries no HTTP status (a 503's Retry-After would have set the
 * round's backoff). */
static void test_pull_dropped_page_says_nothing(void **state)
{
    (void)state;
    char err[512] = "";
    Store *s = test_store_open(g_path);
    refuse_event(true); /* page 3's first event */
    Hub h = {.busy_page = 4};
    SyncReport rep;
    assert_int_equal(round_with(s, &h, &rep, err, sizeof err), SYNC_ERR_STORE);
    assert_non_null(strstr(err, "refused by the test"));
    assert_int_equal(rep.http_status, 0);
    assert_int_equal(rep.retry_after_s, 0);
    /* The 503 is the round's when it is the page the pull stops at. */
    refuse_event(false);
    assert_int_equal(round_with(s, &h, &rep, err, sizeof err), SYNC_ERR_RETRY);
    assert_int_equal(rep.http_status, 503);
    store_close(s);
}

int main(void)
{
    sync_global_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pull_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pull_bad_page_ahead, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pull_store_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pull_dropped_page_says_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
