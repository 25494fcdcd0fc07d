/*
 * test_lazylib.c: libraries opened at their first use (sync/common/lazylib.h, ical_api.h): the
 * functions resolved in order, and a missing library or function said by name, leaving nothing
 * half-filled. The kiosk's own use is checked end to end by tests/scripts/kiosk_links.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "event.h"
#include "ical_api.h"
#include "lazylib.h"

#define LIBC_FUNCS(X) X(strlen) X(strcmp)

typedef struct {
    LIBC_FUNCS(LAZYLIB_MEMBER)
} LibcApi;

static void test_resolves_in_order(void **state)
{
    (void)state;
    static const char *const names[] = {LIBC_FUNCS(LAZYLIB_NAME)};
    LibcApi api;
    char err[256] = "";
    assert_int_equal(lazylib_open("libc.so.6", names, LAZYLIB_COUNT(names), &api, err, sizeof err),
                     0);
    assert_int_equal(api.strlen("Aukio"), 5);
    assert_int_equal(api.strcmp("a", "a"), 0);
}

static void test_missing_library(void **state)
{
    (void)state;
    static const char *const names[] = {LIBC_FUNCS(LAZYLIB_NAME)};
    LibcApi api;
    char err[256] = "";
    assert_int_equal(
        lazylib_open("libaukio-not-there.so.7", names, LAZYLIB_COUNT(names), &api, err, sizeof err),
        -1);
    assert_non_null(strstr(err, "libaukio-not-there.so.7"));
    assert_null(api.strlen);
    assert_null(api.strcmp);
}

static void test_missing_function(void **state)
{
    (void)state;
    static const char *const names[] = {"strlen", "aukio_no_such_function"};
    LibcApi api;
    char err[256] = "";
    assert_int_equal(lazylib_open("libc.so.6", names, 2, &api, err, sizeof err), -1);
    assert_non_null(strstr(err, "aukio_no_such_function"));
    assert_null(api.strlen); /* nothing half-filled */
    assert_null(api.strcmp);
}

/* libical through ical_api: a time in a named zone (event.c) as libical's zoneinfo says. */
static void test_ical_api_zone(void **state)
{
    (void)state;
    assert_non_null(ical_api());
    int64_t t = 0;
    assert_int_equal(event_parse_time_in("2026-07-01T12:00:00", "Europe/Helsinki", &t), 0);
    assert_int_equal(t, 1782896400); /* 09:00 UTC: summer time, UTC+3 */
    assert_int_equal(event_parse_time_in("2026-01-01T12:00:00", "Europe/Helsinki", &t), 0);
    assert_int_equal(t, 1767261600); /* 10:00 UTC: UTC+2 */
    assert_int_not_equal(event_parse_time_in("2026-01-01T12:00:00", "Europe/Helsnki", &t), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolves_in_order),
        cmocka_unit_test(test_missing_library),
        cmocka_unit_test(test_missing_function),
        cmocka_unit_test(test_ical_api_zone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
