/*
 * test_hub_sources.c: the sources' small rules (issue 11): which hosts a source's references
 * and pages may be on, and the backoff of a failing source.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hub_source.h"
#include "hub_source_refs.h"

static void test_same_origin(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        bool same;
    } cases[] = {
        {"https://api.hel.fi/linkedevents/v1/event/?page=2", "https://api.hel.fi/x", true},
        {"https://API.hel.fi/a", "https://api.hel.fi/b", true},
        {"http://api.hel.fi/a", "https://api.hel.fi/b", true}, /* an http source, https links */
        {"https://api.hel.fi:443/a", "https://api.hel.fi/b", true},
        {"http://127.0.0.1:8080/a", "http://127.0.0.1:8080", true},
        {"http://127.0.0.1:8080/a", "http://127.0.0.1:8081/a", false},
        {"http://127.0.0.2/a", "http://127.0.0.1/a", false},
        {"https://api.hel.fi.evil.example/a", "https://api.hel.fi/a", false},
        {"https://evil.example@api.hel.fi/a", "https://api.hel.fi/a", false},
        {"https://api.hel.fi?x", "https://api.hel.fi/", true},
        {"not a url", "not a url", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (hub_refs_same_origin(cases[i].a, cases[i].b) != cases[i].same)
            fail_msg("case %zu: %s vs %s", i, cases[i].a, cases[i].b);
}

static void test_backoff_grows_capped_with_jitter(void **state)
{
    (void)state;
    /* --every 60: 60, 120, 240 minutes ... at most a day; a fifth either way at random. */
    assert_int_equal(hub_source_backoff_s(60, 1, 60, 0.0), 3600);
    assert_int_equal(hub_source_backoff_s(60, 2, 60, 0.0), 7200);
    assert_int_equal(hub_source_backoff_s(60, 3, 60, 0.0), 14400);
    assert_int_equal(hub_source_backoff_s(60, 30, 60, 0.0), 86400);
    assert_int_equal(hub_source_backoff_s(60, 1000000, 60, 0.0), 86400); /* no overflow */
    assert_int_equal(hub_source_backoff_s(60, 1, 60, 1.0), 4320);
    assert_int_equal(hub_source_backoff_s(60, 1, 60, -1.0), 2880);
    assert_int_equal(hub_source_backoff_s(60, 1, 60, 7.0), 4320); /* clamped */
    assert_int_equal(hub_source_backoff_s(5, 1, 1, 0.0), 5);      /* test minutes */
    assert_true(hub_source_backoff_s(1, 1, 1, -1.0) >= 1);        /* never 0 */
    for (int f = 1; f < 40; f++)
        assert_true(hub_source_backoff_s(30, f + 1, 60, 0.0) >=
                    hub_source_backoff_s(30, f, 60, 0.0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_origin),
        cmocka_unit_test(test_backoff_grows_capped_with_jitter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
