/*
 * test_datefmt.c: date formats in Helsinki time, table-driven.
 *
 * The epoch seconds below were computed independently of the C library (Python's zoneinfo), so a
 * DST mistake in datefmt.c cannot be mirrored by the same mistake in the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datefmt.h"

/* Helsinki local times (EET = UTC+2, EEST = UTC+3 from 30.3.2025 3.00 to 26.10.2025 4.00). */
#define T_2025_03_18_0000 1742248800LL /* Tue */
#define T_2025_03_18_0905 1742281500LL
#define T_2025_03_18_1830 1742315400LL
#define T_2025_03_18_2030 1742322600LL
#define T_2025_03_18_2300 (T_2025_03_18_0000 + 23 * 3600LL)
#define T_2025_03_19_0100 (T_2025_03_18_0000 + 25 * 3600LL)
#define T_2025_03_17_0000 1742162400LL /* Mon */
#define T_2025_03_23_2359 1742767140LL /* Sun */
#define T_2024_06_01_1000 1717225200LL /* Sat */
#define T_2024_06_02_1600 1717333200LL
#define T_2025_03_24_0000 1742767200LL /* Mon */
#define T_2025_03_30_0000 1743285600LL /* Sun, spring forward at 3.00 */
#define T_2025_03_30_0200 (T_2025_03_30_0000 + 2 * 3600LL)
#define T_2025_03_30_0259 1743296340LL
#define T_2025_03_30_0400 1743296400LL /* one minute after 2.59 */
#define T_2025_03_30_0500 (T_2025_03_30_0400 + 3600LL)
#define T_2025_03_30_1200 1743325200LL
#define T_2025_03_31_0000 1743368400LL /* Mon, 23 h after the 30th began */
#define T_2025_10_20_0000 1760907600LL /* Mon */
#define T_2025_10_26_0000 1761426000LL /* Sun, fall back at 4.00 */
#define T_2025_10_26_1200 1761472800LL
#define T_2025_10_27_0000 1761516000LL /* 25 h after the 26th began */
#define T_2025_12_31_2200 1767211200LL /* Wed */
#define T_2026_01_01_0000 1767218400LL /* Thu */
#define T_2025_01_05_1000 1736064000LL /* Sun */

typedef struct {
    const char *what;
    int64_t start, end;
    const char *fi, *sv, *en;
} SpanCase;

static const SpanCase SPANS[] = {
    {"header example", T_2025_03_18_1830, T_2025_03_18_2030, "ti 18.3. klo 18.30–20.30",
     "tis 18.3 kl. 18.30–20.30", "Tue 18 Mar, 18:30–20:30"},
    {"no end", T_2025_03_18_1830, 0, "ti 18.3. klo 18.30", "tis 18.3 kl. 18.30",
     "Tue 18 Mar, 18:30"},
    {"end before start is shown as no end", T_2025_03_18_2030, T_2025_03_18_1830,
     "ti 18.3. klo 20.30", "tis 18.3 kl. 20.30", "Tue 18 Mar, 20:30"},
    {"end equal to start", T_2025_03_18_1830, T_2025_03_18_1830, "ti 18.3. klo 18.30",
     "tis 18.3 kl. 18.30", "Tue 18 Mar, 18:30"},
    {"morning: no leading zero in fi/sv", T_2025_03_18_0905, T_2025_03_18_1830,
     "ti 18.3. klo 9.05–18.30", "tis 18.3 kl. 9.05–18.30", "Tue 18 Mar, 09:05–18:30"},
    {"multi-day (header example)", T_2024_06_01_1000, T_2024_06_02_1600,
     "la 1.6. klo 10.00 – su 2.6. klo 16.00", "lör 1.6 kl. 10.00 – sön 2.6 kl. 16.00",
     "Sat 1 Jun, 10:00 – Sun 2 Jun, 16:00"},
    {"starts at midnight", T_2025_03_18_0000, T_2025_03_18_0905, "ti 18.3. klo 0.00–9.05",
     "tis 18.3 kl. 0.00–9.05", "Tue 18 Mar, 00:00–09:05"},
    {"ends at midnight: 24.00, one date", T_2025_12_31_2200, T_2026_01_01_0000,
     "ke 31.12. klo 22.00–24.00", "ons 31.12 kl. 22.00–24.00", "Wed 31 Dec, 22:00–24:00"},
    {"over midnight", T_2025_03_18_2300, T_2025_03_19_0100,
     "ti 18.3. klo 23.00 – ke 19.3. klo 1.00", "tis 18.3 kl. 23.00 – ons 19.3 kl. 1.00",
     "Tue 18 Mar, 23:00 – Wed 19 Mar, 01:00"},
    {"a whole day, midnight to midnight", T_2025_03_18_0000, T_2025_03_19_0100 - 3600,
     "ti 18.3. klo 0.00–24.00", "tis 18.3 kl. 0.00–24.00", "Tue 18 Mar, 00:00–24:00"},
    {"across the spring DST gap", T_2025_03_30_0200, T_2025_03_30_0500, "su 30.3. klo 2.00–5.00",
     "sön 30.3 kl. 2.00–5.00", "Sun 30 Mar, 02:00–05:00"},
    {"first minute of summer time", T_2025_03_30_0259, T_2025_03_30_0400, "su 30.3. klo 2.59–4.00",
     "sön 30.3 kl. 2.59–4.00", "Sun 30 Mar, 02:59–04:00"},
    {"23-hour day ending at midnight", T_2025_03_30_1200, T_2025_03_31_0000,
     "su 30.3. klo 12.00–24.00", "sön 30.3 kl. 12.00–24.00", "Sun 30 Mar, 12:00–24:00"},
    {"25-hour day ending at midnight", T_2025_10_26_1200, T_2025_10_27_0000,
     "su 26.10. klo 12.00–24.00", "sön 26.10 kl. 12.00–24.00", "Sun 26 Oct, 12:00–24:00"},
    {"repeated hour in autumn: 3.30 summer to 3.30 winter", T_2025_10_26_0000 + 3 * 3600 + 1800,
     T_2025_10_26_0000 + 4 * 3600 + 1800, "su 26.10. klo 3.30–3.30", "sön 26.10 kl. 3.30–3.30",
     "Sun 26 Oct, 03:30–03:30"},
    {"over new year", T_2025_12_31_2200, T_2026_01_01_0000 + 3600,
     "ke 31.12. klo 22.00 – to 1.1. klo 1.00", "ons 31.12 kl. 22.00 – tors 1.1 kl. 1.00",
     "Wed 31 Dec, 22:00 – Thu 1 Jan, 01:00"},
};

static const char *pick(const SpanCase *c, Lang l)
{
    return l == LANG_FI ? c->fi : l == LANG_SV ? c->sv : c->en;
}

static void test_spans(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof SPANS / sizeof SPANS[0]; i++) {
        for (int l = 0; l < LANG_COUNT; l++) {
            char buf[96];
            datefmt_span(buf, sizeof buf, (Lang)l, SPANS[i].start, SPANS[i].end);
            if (strcmp(buf, pick(&SPANS[i], (Lang)l)) != 0)
                fail_msg("%s (%s): got \"%s\", want \"%s\"", SPANS[i].what, lang_code((Lang)l), buf,
                         pick(&SPANS[i], (Lang)l));
        }
    }
}

/* Issue 11: an all-day event shows its dates, never "0.00" or "00:00-23:59". */
static const SpanCase DAYS[] = {
    {"one day", T_2025_03_18_0000, T_2025_03_18_0000 + 86400, "ti 18.3.", "tis 18.3", "Tue 18 Mar"},
    {"one day, no end", T_2025_03_18_0000, 0, "ti 18.3.", "tis 18.3", "Tue 18 Mar"},
    {"a week, the end exclusive", T_2025_03_17_0000, T_2025_03_24_0000, "ma 17.3. – su 23.3.",
     "mån 17.3 – sön 23.3", "Mon 17 Mar – Sun 23 Mar"},
    {"over the spring DST change (a 23 h day)", T_2025_03_30_0000, T_2025_03_31_0000, "su 30.3.",
     "sön 30.3", "Sun 30 Mar"},
    {"over the autumn DST change (a 25 h day)", T_2025_10_26_0000, T_2025_10_27_0000, "su 26.10.",
     "sön 26.10", "Sun 26 Oct"},
    {"over the new year", T_2025_12_31_2200 + 7200 - 86400, T_2026_01_01_0000 + 86400,
     "ke 31.12. – to 1.1.", "ons 31.12 – tors 1.1", "Wed 31 Dec – Thu 1 Jan"},
};

static void test_all_day_dates(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof DAYS / sizeof DAYS[0]; i++) {
        for (int l = 0; l < LANG_COUNT; l++) {
            char buf[96], when[96];
            datefmt_days(buf, sizeof buf, (Lang)l, DAYS[i].start, DAYS[i].end);
            datefmt_when(when, sizeof when, (Lang)l, DAYS[i].start, DAYS[i].end, true);
            if (strcmp(buf, pick(&DAYS[i], (Lang)l)) != 0 || strcmp(when, buf) != 0)
                fail_msg("%s (%s): got \"%s\", want \"%s\"", DAYS[i].what, lang_code((Lang)l), buf,
                         pick(&DAYS[i], (Lang)l));
        }
    }
    char buf[96];
    datefmt_when(buf, sizeof buf, LANG_FI, T_2025_03_18_1830, T_2025_03_18_2030, false);
    assert_string_equal(buf, "ti 18.3. klo 18.30–20.30");
}

static void test_en_dash_bytes(void **state)
{
    (void)state;
    char buf[64];
    datefmt_span(buf, sizeof buf, LANG_FI, T_2025_03_18_1830, T_2025_03_18_2030);
    assert_memory_equal(buf,
                        "ti 18.3. klo 18.30\xE2\x80\x93"
                        "20.30",
                        26);
    assert_null(strchr(buf, '-'));
    datefmt_span(buf, sizeof buf, LANG_EN, T_2024_06_01_1000, T_2024_06_02_1600);
    assert_non_null(strstr(buf, " \xE2\x80\x93 "));
}

static void test_dates(void **state)
{
    (void)state;
    static const struct {
        int64_t t;
        Lang lang;
        const char *s, *l;
    } cases[] = {
        {T_2025_03_18_1830, LANG_FI, "ti 18.3.", "tiistai 18. maaliskuuta"},
        {T_2025_03_18_1830, LANG_SV, "tis 18.3", "tisdag 18 mars"},
        {T_2025_03_18_1830, LANG_EN, "Tue 18 Mar", "Tuesday 18 March"},
        {T_2026_01_01_0000, LANG_FI, "to 1.1.", "torstai 1. tammikuuta"},
        {T_2026_01_01_0000, LANG_SV, "tors 1.1", "torsdag 1 januari"},
        {T_2026_01_01_0000, LANG_EN, "Thu 1 Jan", "Thursday 1 January"},
        {T_2025_01_05_1000, LANG_FI, "su 5.1.", "sunnuntai 5. tammikuuta"},
        {T_2025_03_17_0000, LANG_SV, "mån 17.3", "måndag 17 mars"},
        {T_2024_06_01_1000, LANG_FI, "la 1.6.", "lauantai 1. kesäkuuta"},
        {T_2024_06_01_1000, LANG_SV, "lör 1.6", "lördag 1 juni"},
        {T_2025_10_20_0000, LANG_FI, "ma 20.10.", "maanantai 20. lokakuuta"},
        {T_2025_12_31_2200, LANG_FI, "ke 31.12.", "keskiviikko 31. joulukuuta"},
        {T_2025_12_31_2200, LANG_EN, "Wed 31 Dec", "Wednesday 31 December"},
        /* Last second before midnight in summer time is still the same day. */
        {T_2025_03_31_0000 - 1, LANG_FI, "su 30.3.", "sunnuntai 30. maaliskuuta"},
        {T_2025_03_31_0000, LANG_FI, "ma 31.3.", "maanantai 31. maaliskuuta"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        datefmt_date(buf, sizeof buf, cases[i].lang, cases[i].t);
        assert_string_equal(buf, cases[i].s);
        datefmt_date_long(buf, sizeof buf, cases[i].lang, cases[i].t);
        assert_string_equal(buf, cases[i].l);
    }
}

static void test_times(void **state)
{
    (void)state;
    char buf[16];
    datefmt_time(buf, sizeof buf, LANG_FI, T_2025_03_18_1830);
    assert_string_equal(buf, "18.30");
    datefmt_time(buf, sizeof buf, LANG_SV, T_2025_03_18_0905);
    assert_string_equal(buf, "9.05");
    datefmt_time(buf, sizeof buf, LANG_EN, T_2025_03_18_1830);
    assert_string_equal(buf, "18:30");
    datefmt_time(buf, sizeof buf, LANG_EN, T_2025_03_18_0905);
    assert_string_equal(buf, "09:05");
    datefmt_time(buf, sizeof buf, LANG_FI, T_2025_03_18_0000);
    assert_string_equal(buf, "0.00");
    datefmt_time(buf, sizeof buf, LANG_FI, T_2025_03_30_0400);
    assert_string_equal(buf, "4.00");
}

static void test_truncation(void **state)
{
    (void)state;
    char buf[64];
    /* "ti 18.3. klo 18.30" is 18 bytes and the en dash follows as bytes 18-20: a buffer that
     * would cut the dash in half gets none of it. */
    for (size_t n = 19; n <= 21; n++) {
        memset(buf, 'X', sizeof buf);
        datefmt_span(buf, n, LANG_FI, T_2025_03_18_1830, T_2025_03_18_2030);
        assert_string_equal(buf, "ti 18.3. klo 18.30");
    }
    datefmt_span(buf, 22, LANG_FI, T_2025_03_18_1830, T_2025_03_18_2030);
    assert_string_equal(buf, "ti 18.3. klo 18.30\xE2\x80\x93");
    datefmt_span(buf, 5, LANG_FI, T_2025_03_18_1830, T_2025_03_18_2030);
    assert_string_equal(buf, "ti 1");
    /* "lör" cut inside the ö. */
    datefmt_date(buf, 3, LANG_SV, T_2024_06_01_1000);
    assert_string_equal(buf, "l");
    datefmt_date_long(buf, 1, LANG_EN, T_2024_06_01_1000);
    assert_string_equal(buf, "");
    buf[0] = 'X';
    datefmt_time(buf, 0, LANG_EN, T_2024_06_01_1000); /* writes nothing at all */
    assert_int_equal(buf[0], 'X');
}

static void test_day_start(void **state)
{
    (void)state;
    static const struct {
        int64_t t, want;
    } cases[] = {
        {T_2025_03_18_1830, T_2025_03_18_0000},
        {T_2025_03_18_0000, T_2025_03_18_0000},
        {T_2025_03_18_0000 - 1, T_2025_03_17_0000},
        {T_2025_03_30_1200, T_2025_03_30_0000}, /* 23-hour day */
        {T_2025_03_30_0400, T_2025_03_30_0000},
        {T_2025_03_31_0000 - 1, T_2025_03_30_0000},
        {T_2025_03_31_0000, T_2025_03_31_0000},
        {T_2025_10_26_1200, T_2025_10_26_0000}, /* 25-hour day */
        {T_2025_10_27_0000 - 1, T_2025_10_26_0000},
        {T_2025_10_27_0000 + 5, T_2025_10_27_0000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(datefmt_day_start(cases[i].t), cases[i].want);
    assert_int_equal(T_2025_03_31_0000 - T_2025_03_30_0000, 23 * 3600);
    assert_int_equal(T_2025_10_27_0000 - T_2025_10_26_0000, 25 * 3600);
}

static void test_week_start(void **state)
{
    (void)state;
    static const struct {
        int64_t t, want;
    } cases[] = {
        {T_2025_03_18_1830, T_2025_03_17_0000}, /* Tue -> Mon */
        {T_2025_03_17_0000, T_2025_03_17_0000}, /* Monday midnight is its own week start */
        {T_2025_03_17_0000 - 1, T_2025_03_17_0000 - 7 * 86400},
        {T_2025_03_23_2359, T_2025_03_17_0000}, /* Sunday belongs to the week before */
        {T_2025_03_30_1200, T_2025_03_24_0000}, /* Sunday of the DST change (winter Monday) */
        {T_2025_03_31_0000 + 3600, T_2025_03_31_0000},
        {T_2025_10_26_1200, T_2025_10_20_0000}, /* Sunday of the autumn change (summer Monday) */
        {T_2025_10_27_0000, T_2025_10_27_0000},
        {T_2026_01_01_0000, T_2026_01_01_0000 - 3 * 86400}, /* Thu -> Mon 29.12. */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(datefmt_week_start(cases[i].t), cases[i].want);
    /* The week of the spring change is an hour short. */
    assert_int_equal(T_2025_03_31_0000 - T_2025_03_24_0000, 7 * 86400 - 3600);
}

int main(void)
{
    /* ctest sets TZ; this keeps a direct run of the binary meaningful too. */
    setenv("TZ", "Europe/Helsinki", 0);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spans),      cmocka_unit_test(test_en_dash_bytes),
        cmocka_unit_test(test_dates),      cmocka_unit_test(test_times),
        cmocka_unit_test(test_truncation), cmocka_unit_test(test_day_start),
        cmocka_unit_test(test_week_start), cmocka_unit_test(test_all_day_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
