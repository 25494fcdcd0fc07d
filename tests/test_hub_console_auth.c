/*
 * test_hub_console_auth.c: the console's users, passwords, sessions and CSRF tokens
 * (hub_console_auth.c) and their rows in the SQLite store (hub_store_sqlite_console.c, schema
 * v12): names and venues refused with why, Argon2id strings that verify, the session cookie's
 * attributes and parsing, CSRF tokens bound to their session, the lockout after ten wrong
 * passwords (and its audit row), login attempts counted by address, sessions that end after
 * inactivity and at their maximum age, and every change in the audit log.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "hub.h"
#include "hub_console_auth.h"
#include "hub_store.h"
#include "hub_store_console.h"
#include "test_db.h"

typedef struct {
    char dir[64];
    char path[96];
    HubStore *st;
} Fx;

static int fx_setup(void **state)
{
    Fx *fx = calloc(1, sizeof *fx);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/aukio-test-console-XXXXXX");
    if (!mkdtemp(fx->dir)) return -1;
    snprintf(fx->path, sizeof fx->path, "%s/hub.db", fx->dir);
    char err[256];
    if (hub_store_sqlite_open(&fx->st, fx->path, err, sizeof err) != AUKIO_OK) return -1;
    *state = fx;
    return 0;
}

static int fx_teardown(void **state)
{
    Fx *fx = *state;
    fx->st->close(fx->st);
    test_db_remove(fx->path);
    rmdir(fx->dir);
    free(fx);
    return 0;
}

static void test_names(void **state)
{
    (void)state;
    assert_true(hub_user_name_ok("anna.k@lahti"));
    assert_true(hub_user_name_ok("A-_9"));
    assert_false(hub_user_name_ok(""));
    assert_false(hub_user_name_ok("anna k"));
    assert_false(hub_user_name_ok("änna"));
    assert_false(hub_user_name_ok("<b>"));
    char long_name[HUB_USER_NAME_MAX + 2];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    assert_false(hub_user_name_ok(long_name));
    long_name[HUB_USER_NAME_MAX] = '\0';
    assert_true(hub_user_name_ok(long_name));

    assert_true(hub_user_venue_ok("Lahden pääkirjasto"));
    assert_true(hub_user_venue_ok("aukio:place-lahti-main"));
    assert_false(hub_user_venue_ok(""));
    assert_false(hub_user_venue_ok("a\nb"));
    assert_false(hub_user_venue_ok("\xff"));
    assert_false(hub_user_venue_ok("\xc3")); /* cut in the middle of a letter */
}

static void test_passwords(void **state)
{
    (void)state;
    char err[128];
    assert_int_not_equal(hub_password_check("short", err, sizeof err), AUKIO_OK);
    assert_non_null(strstr(err, "at least 10"));
    assert_int_not_equal(hub_password_check("ten chars\x01!", err, sizeof err), AUKIO_OK);
    assert_int_not_equal(hub_password_check("\xc0\xafoverlong-slash", err, sizeof err), AUKIO_OK);
    assert_int_equal(hub_password_check("kirjasto on auki", err, sizeof err), AUKIO_OK);
    assert_int_equal(hub_password_check("pääkirjasto-2026", err, sizeof err), AUKIO_OK);

    char hash[HUB_PW_HASH_MAX];
    assert_int_equal(hub_password_hash("kirjasto on auki", hash, err, sizeof err), AUKIO_OK);
    assert_int_equal(strncmp(hash, "$argon2id$", 10), 0);
    assert_null(strstr(hash, "kirjasto"));
    assert_true(hub_password_verify(hash, "kirjasto on auki"));
    assert_false(hub_password_verify(hash, "kirjasto on kiinni"));
    assert_false(hub_password_verify(hash, ""));
    /* No such user: false, after the same work. */
    assert_false(hub_password_verify(NULL, "kirjasto on auki"));
    assert_false(hub_password_verify("", "kirjasto on auki"));
    /* Two hashes of one password differ (salted). */
    char again[HUB_PW_HASH_MAX];
    assert_int_equal(hub_password_hash("kirjasto on auki", again, err, sizeof err), AUKIO_OK);
    assert_string_not_equal(hash, again);
}

static void test_tokens(void **state)
{
    (void)state;
    char a[HUB_TOKEN_BUF], b[HUB_TOKEN_BUF];
    hub_session_new(a);
    hub_session_new(b);
    assert_int_equal(strncmp(a, "acs_", 4), 0);
    assert_int_equal(strlen(a), 47);
    assert_string_not_equal(a, b);

    char ca[HUB_CSRF_BUF], ca2[HUB_CSRF_BUF], cb[HUB_CSRF_BUF];
    hub_session_csrf(a, ca);
    hub_session_csrf(a, ca2);
    hub_session_csrf(b, cb);
    assert_string_equal(ca, ca2);
    assert_string_not_equal(ca, cb);
    assert_null(strstr(ca, a + 4));
    assert_true(hub_session_csrf_ok(a, ca));
    assert_false(hub_session_csrf_ok(a, cb));
    assert_false(hub_session_csrf_ok(a, NULL));
    assert_false(hub_session_csrf_ok(a, ""));
    char cut[HUB_CSRF_BUF];
    snprintf(cut, sizeof cut, "%.*s", (int)strlen(ca) - 1, ca);
    assert_false(hub_session_csrf_ok(a, cut));

    /* The cookie: found among others, refused when malformed. */
    char cookie[256], got[HUB_TOKEN_BUF];
    snprintf(cookie, sizeof cookie, "theme=dark; aukio_session=%s; lang=fi", a);
    assert_true(hub_session_from_cookie(cookie, got));
    assert_string_equal(got, a);
    snprintf(cookie, sizeof cookie, "aukio_session=%s", b);
    assert_true(hub_session_from_cookie(cookie, got));
    assert_string_equal(got, b);
    assert_false(hub_session_from_cookie(NULL, got));
    assert_false(hub_session_from_cookie("", got));
    assert_false(hub_session_from_cookie("aukio_session=", got));
    assert_false(hub_session_from_cookie("aukio_session=aud_abc", got));
    assert_false(hub_session_from_cookie("aukio_session=acs_a\"b", got));
    assert_false(hub_session_from_cookie("xaukio_session=acs_abc", got));

    char set[HUB_COOKIE_BUF];
    hub_session_set_cookie(a, false, set);
    assert_non_null(strstr(set, "HttpOnly"));
    assert_non_null(strstr(set, "SameSite=Strict"));
    assert_non_null(strstr(set, "Path=/console"));
    assert_null(strstr(set, "Secure"));
    assert_non_null(strstr(set, a));
    hub_session_set_cookie(a, true, set);
    assert_non_null(strstr(set, "; Secure"));
    hub_session_set_cookie(NULL, true, set);
    assert_non_null(strstr(set, "Max-Age=0"));
    assert_non_null(strstr(set, "aukio_session=;"));
}

typedef struct {
    int n;
    char actions[16][32];
    char targets[16][64];
} Audit;

static int on_audit(void *ud, const HubAuditRow *r)
{
    Audit *a = ud;
    if (a->n < 16) {
        snprintf(a->actions[a->n], sizeof a->actions[0], "%s", r->action);
        snprintf(a->targets[a->n], sizeof a->targets[0], "%s", r->target);
    }
    a->n++;
    return 0;
}

static void test_users(void **state)
{
    Fx *fx = *state;
    const HubConsoleStore *cs = fx->st->console;
    char err[256], hash[HUB_PW_HASH_MAX];
    assert_int_equal(hub_password_hash("kirjasto on auki", hash, err, sizeof err), AUKIO_OK);
    HubActor by = {"cli", 1000};
    const char *venues[] = {"Lahden pääkirjasto", "aukio:place-hollola"};
    assert_int_equal(
        cs->user_add(fx->st, "anna", HUB_ROLE_COORDINATOR, NULL, 0, hash, &by, err, sizeof err),
        AUKIO_OK);
    assert_int_equal(
        cs->user_add(fx->st, "lahti", HUB_ROLE_LIBRARY, venues, 2, hash, &by, err, sizeof err),
        AUKIO_OK);
    assert_int_equal(
        cs->user_add(fx->st, "anna", HUB_ROLE_LIBRARY, venues, 1, hash, &by, err, sizeof err),
        AUKIO_ERR_EXISTS);
    HubUser u;
    assert_int_equal(cs->user_get(fx->st, "lahti", 0, &u, err, sizeof err), AUKIO_OK);
    assert_int_equal(u.role, HUB_ROLE_LIBRARY);
    assert_int_equal(u.n_venues, 2);
    assert_string_equal(u.venues[0], "Lahden pääkirjasto");
    assert_true(hub_password_verify(u.pw_hash, "kirjasto on auki"));
    HubUser by_id;
    assert_int_equal(cs->user_get(fx->st, NULL, u.id, &by_id, err, sizeof err), AUKIO_OK);
    assert_string_equal(by_id.name, "lahti");
    assert_int_equal(cs->user_get(fx->st, "nobody", 0, &u, err, sizeof err), AUKIO_ERR_NOT_FOUND);

    /* A session ends with a new password, and with the user. */
    uint8_t h[HUB_HASH_LEN];
    char tok[HUB_TOKEN_BUF];
    hub_session_new(tok);
    hub_token_hash(tok, h);
    assert_int_equal(cs->user_get(fx->st, "anna", 0, &u, err, sizeof err), AUKIO_OK);
    assert_int_equal(cs->session_add(fx->st, h, u.id, 1000, err, sizeof err), AUKIO_OK);
    int64_t uid = 0;
    assert_int_equal(cs->session_get(fx->st, h, 1001, 1800, 43200, &uid, err, sizeof err),
                     AUKIO_OK);
    assert_int_equal(uid, u.id);
    by.now = 1002;
    assert_int_equal(cs->user_passwd(fx->st, "anna", hash, &by, err, sizeof err), AUKIO_OK);
    assert_int_equal(cs->session_get(fx->st, h, 1003, 1800, 43200, &uid, err, sizeof err),
                     AUKIO_ERR_NOT_FOUND);
    assert_int_equal(cs->user_remove(fx->st, "lahti", &by, err, sizeof err), AUKIO_OK);
    assert_int_equal(cs->user_remove(fx->st, "lahti", &by, err, sizeof err), AUKIO_ERR_NOT_FOUND);
    assert_int_equal(cs->user_passwd(fx->st, "lahti", hash, &by, err, sizeof err),
                     AUKIO_ERR_NOT_FOUND);

    /* Every change, newest first; the failed ones wrote nothing. */
    Audit a = {0};
    assert_int_equal(cs->audit_list(fx->st, 50, on_audit, &a, err, sizeof err), AUKIO_OK);
    assert_int_equal(a.n, 4);
    assert_string_equal(a.actions[0], "user.remove");
    assert_string_equal(a.targets[0], "lahti");
    assert_string_equal(a.actions[1], "user.passwd");
    assert_string_equal(a.actions[3], "user.add");
    assert_string_equal(a.targets[3], "anna");
}

static void test_lockout(void **state)
{
    Fx *fx = *state;
    const HubConsoleStore *cs = fx->st->console;
    char err[256];
    HubActor by = {"cli", 1000};
    assert_int_equal(cs->user_add(fx->st, "anna", HUB_ROLE_COORDINATOR, NULL, 0, "$argon2id$x", &by,
                                  err, sizeof err),
                     AUKIO_OK);
    HubUser u;
    assert_int_equal(cs->user_get(fx->st, "anna", 0, &u, err, sizeof err), AUKIO_OK);
    int64_t until = -1;
    for (int i = 1; i <= HUB_CONSOLE_LOCK_FAILS; i++) {
        assert_int_equal(cs->login_record(fx->st, "127.0.0.1", u.id, false, 2000 + i,
                                          HUB_CONSOLE_LOCK_FAILS, HUB_CONSOLE_LOCK_S, &until, err,
                                          sizeof err),
                         AUKIO_OK);
        if (i < HUB_CONSOLE_LOCK_FAILS) assert_int_equal(until, 0);
    }
    assert_int_equal(until, 2000 + HUB_CONSOLE_LOCK_FAILS + HUB_CONSOLE_LOCK_S);
    assert_int_equal(cs->user_get(fx->st, "anna", 0, &u, err, sizeof err), AUKIO_OK);
    assert_int_equal(u.fails, HUB_CONSOLE_LOCK_FAILS);
    assert_int_equal(u.locked_until, until);
    /* Unknown names count for the address only. */
    assert_int_equal(cs->login_record(fx->st, "127.0.0.2", 0, false, 2100, HUB_CONSOLE_LOCK_FAILS,
                                      HUB_CONSOLE_LOCK_S, &until, err, sizeof err),
                     AUKIO_OK);
    int count = 0;
    assert_int_equal(cs->login_fails(fx->st, "127.0.0.1", 2000, &count, err, sizeof err), AUKIO_OK);
    assert_int_equal(count, HUB_CONSOLE_LOCK_FAILS);
    assert_int_equal(cs->login_fails(fx->st, "127.0.0.1", 2006, &count, err, sizeof err), AUKIO_OK);
    assert_int_equal(count, 5);
    assert_int_equal(cs->login_fails(fx->st, "127.0.0.2", 0, &count, err, sizeof err), AUKIO_OK);
    assert_int_equal(count, 1);
    /* The lock is in the audit log, made by the hub itself. */
    Audit a = {0};
    assert_int_equal(cs->audit_list(fx->st, 50, on_audit, &a, err, sizeof err), AUKIO_OK);
    assert_int_equal(a.n, 2);
    assert_string_equal(a.actions[0], "user.lock");
    assert_string_equal(a.targets[0], "anna");
    /* A right password (once the lock is over) resets the count; a new password lifts it. */
    assert_int_equal(cs->login_record(fx->st, "127.0.0.1", u.id, true, until + 1,
                                      HUB_CONSOLE_LOCK_FAILS, HUB_CONSOLE_LOCK_S, &until, err,
                                      sizeof err),
                     AUKIO_OK);
    assert_int_equal(cs->user_get(fx->st, "anna", 0, &u, err, sizeof err), AUKIO_OK);
    assert_int_equal(u.fails, 0);
    assert_int_equal(u.locked_until, 0);
    /* Attempts older than a day are forgotten. */
    assert_int_equal(cs->login_record(fx->st, "127.0.0.3", 0, false, 2000 + 2 * 86400,
                                      HUB_CONSOLE_LOCK_FAILS, HUB_CONSOLE_LOCK_S, &until, err,
                                      sizeof err),
                     AUKIO_OK);
    assert_int_equal(cs->login_fails(fx->st, "127.0.0.1", 0, &count, err, sizeof err), AUKIO_OK);
    assert_int_equal(count, 0);
}

static void test_session_expiry(void **state)
{
    Fx *fx = *state;
    const HubConsoleStore *cs = fx->st->console;
    char err[256], tok[HUB_TOKEN_BUF];
    uint8_t h[HUB_HASH_LEN], other[HUB_HASH_LEN];
    hub_session_new(tok);
    hub_token_hash(tok, h);
    hub_session_new(tok);
    hub_token_hash(tok, other);
    int64_t uid = 0;
    assert_int_equal(cs->session_add(fx->st, h, 7, 10000, err, sizeof err), AUKIO_OK);
    assert_int_equal(cs->session_get(fx->st, other, 10001, 1800, 43200, &uid, err, sizeof err),
                     AUKIO_ERR_NOT_FOUND);
    /* Used within the idle time, it lives on: each use moves its end. */
    for (int64_t t = 10000 + 1700; t < 10000 + 43200 - 1700; t += 1700)
        assert_int_equal(cs->session_get(fx->st, h, t, 1800, 43200, &uid, err, sizeof err),
                         AUKIO_OK);
    /* ... but never past its maximum age, and once ended it stays ended. */
    assert_int_equal(cs->session_get(fx->st, h, 10000 + 43200, 1800, 43200, &uid, err, sizeof err),
                     AUKIO_ERR_NOT_FOUND);
    assert_int_equal(cs->session_get(fx->st, h, 10000, 1800, 43200, &uid, err, sizeof err),
                     AUKIO_ERR_NOT_FOUND);

    assert_int_equal(cs->session_add(fx->st, other, 7, 20000, err, sizeof err), AUKIO_OK);
    assert_int_equal(
        cs->session_get(fx->st, other, 20000 + 1799, 1800, 43200, &uid, err, sizeof err), AUKIO_OK);
    /* Unused for the idle time: ended. */
    assert_int_equal(
        cs->session_get(fx->st, other, 20000 + 1799 + 1800, 1800, 43200, &uid, err, sizeof err),
        AUKIO_ERR_NOT_FOUND);
    assert_int_equal(cs->session_add(fx->st, h, 7, 30000, err, sizeof err), AUKIO_OK);
    assert_int_equal(cs->session_remove(fx->st, h, err, sizeof err), AUKIO_OK);
    assert_int_equal(cs->session_get(fx->st, h, 30001, 1800, 43200, &uid, err, sizeof err),
                     AUKIO_ERR_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_passwords),
        cmocka_unit_test(test_tokens),
        cmocka_unit_test_setup_teardown(test_users, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_lockout, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_session_expiry, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
