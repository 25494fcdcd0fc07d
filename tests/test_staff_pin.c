/*
 * test_staff_pin.c: the staff PIN: its shape, the Argon2id hash (never the PIN itself in the
 * database), the lockout's timing after wrong tries on a virtual clock, a lock that survives
 * closing and reopening the store (a restart), a clock set back, and `aukio pin set` from a pipe.
 */
#define _GNU_SOURCE 1
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "staff_pin.h"
#include "test_db.h"

#define T0 1773741600000LL /* 2026-03-17 12:00 Helsinki, ms */

static char g_path[256];

static Store *open_store(void)
{
    return test_store_open(g_path);
}

static int setup(void **state)
{
    (void)state;
    return test_db_path(g_path, sizeof g_path, "pin");
}

static int teardown(void **state)
{
    (void)state;
    test_db_remove(g_path);
    return 0;
}

static int try_pin(Store *s, const char *pin, int64_t now, int64_t *until, int *fails)
{
    char err[256] = "";
    int r = staff_pin_try(s, pin, now, until, fails, err, sizeof err);
    if (r < 0) fail_msg("staff_pin_try: %s", err);
    return r;
}

static void test_shape(void **state)
{
    (void)state;
    assert_true(staff_pin_valid("1234"));
    assert_true(staff_pin_valid("12345678"));
    assert_false(staff_pin_valid("123"));
    assert_false(staff_pin_valid("123456789"));
    assert_false(staff_pin_valid("12a4"));
    assert_false(staff_pin_valid("12 34"));
    assert_false(staff_pin_valid(""));
    assert_false(staff_pin_valid("\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4")); /* Arabic-Indic digits */
}

static void test_delays(void **state)
{
    (void)state;
    assert_int_equal(staff_pin_lock_ms(0), 0);
    assert_int_equal(staff_pin_lock_ms(2), 0);
    assert_int_equal(staff_pin_lock_ms(3), 30000);
    assert_int_equal(staff_pin_lock_ms(4), 60000);
    assert_int_equal(staff_pin_lock_ms(5), 120000);
    assert_int_equal(staff_pin_lock_ms(40), STAFF_PIN_DELAY_MAX_MS);
    assert_int_equal(staff_pin_lock_ms(1000000), STAFF_PIN_DELAY_MAX_MS);
}

/* The database holds an Argon2id hash, not the PIN; the hash checks the PIN and nothing else. */
static void test_hash_only(void **state)
{
    (void)state;
    Store *s = open_store();
    char err[256] = "";
    StaffPinState st;
    assert_int_equal(store_pin_state(s, &st, err, sizeof err), 0);
    assert_false(st.set);
    int64_t until;
    int fails;
    assert_int_equal(try_pin(s, "2468", T0, &until, &fails), STAFF_PIN_NONE);
    assert_int_not_equal(store_pin_set(s, "12a4", err, sizeof err), 0);
    assert_int_equal(store_pin_set(s, "2468", err, sizeof err), 0);
    assert_int_equal(store_pin_state(s, &st, err, sizeof err), 0);
    assert_true(st.set);
    assert_non_null(strstr(st.hash, "$argon2id$"));
    assert_null(strstr(st.hash, "2468"));
    assert_true(staff_pin_matches(st.hash, "2468"));
    assert_false(staff_pin_matches(st.hash, "2469"));
    store_close(s);
    /* Nowhere in the file either. */
    FILE *f = fopen(g_path, "rb");
    assert_non_null(f);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_null(memmem(buf, n, "2468", 4));
}

/* Three wrong PINs lock the pad for 30 s; the right PIN is refused unseen meanwhile; each wrong
 * one after the lock doubles it; a right one starts the count again. */
static void test_lockout_timing(void **state)
{
    (void)state;
    Store *s = open_store();
    char err[256] = "";
    assert_int_equal(store_pin_set(s, "2468", err, sizeof err), 0);
    int64_t until, t = T0;
    int fails;
    assert_int_equal(try_pin(s, "1111", t, &until, &fails), STAFF_PIN_WRONG);
    assert_int_equal(fails, 1);
    assert_int_equal(until, 0);
    assert_int_equal(try_pin(s, "1111", t += 1000, &until, &fails), STAFF_PIN_WRONG);
    assert_int_equal(until, 0);
    assert_int_equal(try_pin(s, "1111", t += 1000, &until, &fails), STAFF_PIN_WRONG);
    assert_int_equal(fails, 3);
    assert_int_equal(until, t + 30000);
    int64_t locked = until;
    assert_int_equal(try_pin(s, "2468", t + 29999, &until, &fails), STAFF_PIN_LOCKED);
    assert_int_equal(until, locked);
    /* Refused tries while locked are not counted. */
    assert_int_equal(try_pin(s, "1111", t + 10000, &until, &fails), STAFF_PIN_LOCKED);
    assert_int_equal(fails, 3);
    t += 30000;
    assert_int_equal(try_pin(s, "1111", t, &until, &fails), STAFF_PIN_WRONG);
    assert_int_equal(until, t + 60000);
    t += 60000;
    assert_int_equal(try_pin(s, "1111", t, &until, &fails), STAFF_PIN_WRONG);
    assert_int_equal(until, t + 120000);
    t += 120000;
    assert_int_equal(try_pin(s, "2468", t, &until, &fails), STAFF_PIN_OK);
    assert_int_equal(fails, 0);
    assert_int_equal(until, 0);
    assert_int_equal(try_pin(s, "1111", t + 1, &until, &fails), STAFF_PIN_WRONG);
    assert_int_equal(fails, 1);
    assert_int_equal(until, 0);
    store_close(s);
}

/* A lock is on disk before the answer: closing and reopening the store (a restart, or the power
 * pulled) keeps it, to the millisecond. */
static void test_lock_survives_restart(void **state)
{
    (void)state;
    Store *s = open_store();
    char err[256] = "";
    assert_int_equal(store_pin_set(s, "2468", err, sizeof err), 0);
    int64_t until, t = T0;
    int fails;
    for (int i = 0; i < 3; i++)
        assert_int_equal(try_pin(s, "9999", t, &until, &fails), STAFF_PIN_WRONG);
    t += 30000;
    assert_int_equal(try_pin(s, "9999", t, &until, &fails), STAFF_PIN_WRONG);
    assert_int_equal(until, t + 60000);
    store_close(s);
    s = open_store();
    StaffPinState st;
    assert_int_equal(store_pin_state(s, &st, err, sizeof err), 0);
    assert_int_equal(st.fails, 4);
    assert_int_equal(st.locked_until_ms, t + 60000);
    assert_int_equal(try_pin(s, "2468", t + 59999, &until, &fails), STAFF_PIN_LOCKED);
    assert_int_equal(try_pin(s, "2468", t + 60000, &until, &fails), STAFF_PIN_OK);
    store_close(s);
}

/* A clock set back by a day does not lock the pad for a day: at most the delay itself. */
static void test_clock_set_back(void **state)
{
    (void)state;
    Store *s = open_store();
    char err[256] = "";
    assert_int_equal(store_pin_set(s, "2468", err, sizeof err), 0);
    int64_t until, t = T0;
    int fails;
    for (int i = 0; i < 3; i++)
        assert_int_equal(try_pin(s, "9999", t, &until, &fails), STAFF_PIN_WRONG);
    int64_t back = t - 86400000;
    assert_int_equal(try_pin(s, "2468", back, &until, &fails), STAFF_PIN_LOCKED);
    assert_int_equal(until, back + 30000);
    assert_int_equal(try_pin(s, "2468", back + 30000, &until, &fails), STAFF_PIN_OK);
    store_close(s);
}

/* Setting a new PIN forgets the old one and the wrong tries. */
static void test_change(void **state)
{
    (void)state;
    Store *s = open_store();
    char err[256] = "";
    assert_int_equal(store_pin_set(s, "2468", err, sizeof err), 0);
    int64_t until;
    int fails;
    assert_int_equal(try_pin(s, "1111", T0, &until, &fails), STAFF_PIN_WRONG);
    assert_int_equal(store_pin_set(s, "13579", err, sizeof err), 0);
    assert_int_equal(try_pin(s, "2468", T0, &until, &fails), STAFF_PIN_WRONG);
    assert_int_equal(fails, 1);
    assert_int_equal(try_pin(s, "13579", T0, &until, &fails), STAFF_PIN_OK);
    store_close(s);
}

/* Runs `aukio --db DB pin set` with INPUT on its standard input (a pipe). */
static int pin_set_cli(const char *input)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "printf '%s' | %s --db %s pin set 2>/dev/null", input, AUKIO_BIN,
             g_path);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_cli_from_pipe(void **state)
{
    (void)state;
    assert_int_equal(pin_set_cli("12\\n"), 1);
    assert_int_equal(pin_set_cli(""), 1);
    assert_int_equal(pin_set_cli("24680\\n"), 0);
    Store *s = open_store();
    int64_t until;
    int fails;
    assert_int_equal(try_pin(s, "24680", T0, &until, &fails), STAFF_PIN_OK);
    store_close(s);
    struct stat sb;
    assert_int_equal(stat(g_path, &sb), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shape),
        cmocka_unit_test(test_delays),
        cmocka_unit_test_setup_teardown(test_hash_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lockout_timing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock_survives_restart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clock_set_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cli_from_pipe, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
