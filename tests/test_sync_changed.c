/*
 * test_sync_changed.c: a pull names the events it changed (SyncReport.changed, issue 12), so
 * that the kiosk reads only their rows: the upserts and deletes of a page, once each; "all" for
 * a snapshot, a page with sign-up decisions (they name no event) and more than
 * SYNC_CHANGED_MAX events. Without a SyncChanged nothing is kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "store.h"

static char g_dir[64];

static Store *open_store(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/aukio-changed-XXXXXX");
    assert_non_null(mkdtemp(g_dir));
    char db[128], err[256];
    snprintf(db, sizeof db, "%s/k.db", g_dir);
    Store *s = NULL;
    assert_int_equal(store_open(&s, db, err, sizeof err), 0);
    return s;
}

static void close_store(Store *s)
{
    store_close(s);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    assert_int_equal(system(cmd), 0);
}

#define EV(id)                                                                                     \
    "{\"op\":\"upsert\",\"id\":\"" id "\",\"event\":{\"id\":\"" id "\",\"name\":{\"fi\":\"T\"},"   \
    "\"start_time\":\"2030-01-01T10:00:00Z\",\"maximum_attendee_capacity\":10},"                   \
    "\"seats\":{\"capacity\":10,\"confirmed\":1,\"waitlisted\":0,\"held\":0}}"
#define CURSOR "\"cursor\":\"c1.0123456789abcdef0123456789abcdef.7.i\",\"more\":false"

static SyncResult apply(Store *s, const char *text, SyncChanged *c, SyncReport *rep)
{
    memset(rep, 0, sizeof *rep);
    rep->changed = c;
    json_t *page = json_loads(text, 0, NULL);
    assert_non_null(page);
    bool more = true;
    char err[256] = "";
    SyncResult r = sync_page_apply(s, page, &more, rep, err, sizeof err);
    json_decref(page);
    if (r != SYNC_OK) fprintf(stderr, "%s\n", err);
    return r;
}

static void test_page_names_its_events(void **state)
{
    (void)state;
    Store *s = open_store();
    SyncChanged *c = calloc(1, sizeof *c);
    assert_non_null(c);
    SyncReport rep;
    assert_int_equal(
        apply(s,
              "{\"changes\":[" EV("f:a") "," EV("f:b") "," EV("f:a") "],"
                                                                     "\"reset\":true," CURSOR "}",
              NULL, &rep),
        SYNC_OK);
    /* A snapshot: everything may have changed. */
    assert_int_equal(apply(s, "{\"changes\":[" EV("f:a") "],\"reset\":true," CURSOR "}", c, &rep),
                     SYNC_OK);
    assert_true(c->all);
    memset(c, 0, sizeof *c);
    assert_int_equal(apply(s,
                           "{\"changes\":[" EV("f:b") "," EV("f:c") "," EV(
                               "f:b") ","
                                      "{\"op\":\"delete\",\"id\":\"f:a\"}]," CURSOR "}",
                           c, &rep),
                     SYNC_OK);
    assert_false(c->all);
    assert_int_equal(c->n, 3);
    assert_string_equal(c->id[0], "f:b");
    assert_string_equal(c->id[1], "f:c");
    assert_string_equal(c->id[2], "f:a");
    assert_int_equal(rep.pulled, 4);
    free(c);
    close_store(s);
}

static void test_too_many_is_all(void **state)
{
    (void)state;
    SyncChanged *c = calloc(1, sizeof *c);
    assert_non_null(c);
    char id[32];
    for (int i = 0; i < SYNC_CHANGED_MAX; i++) {
        snprintf(id, sizeof id, "e%d", i);
        sync_changed_add(c, id);
        sync_changed_add(c, id);
    }
    assert_int_equal(c->n, SYNC_CHANGED_MAX);
    assert_false(c->all);
    sync_changed_add(c, "one more");
    assert_true(c->all);
    sync_changed_add(NULL, "nothing kept");
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_names_its_events),
        cmocka_unit_test(test_too_many_is_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
