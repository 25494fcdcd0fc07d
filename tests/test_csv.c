/*
 * test_csv.c: the shared CSV writer (sync/common/csv.h) in both dialects: quoting of commas,
 * semicolons, quotes and line breaks, UTF-8 (åäö) passed through untouched, every formula
 * prefix ('=', '+', '-', '@', tab, CR) neutralised with a single quote, numbers left alone,
 * phone numbers and codes kept as text for Excel, times in UTC or local time, the BOM, and a
 * failing stream reported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "csv.h"

typedef enum { TEXT, PHONE } Kind;

/* One cell of S written alone in DIALECT, without the BOM and the row's end. Caller frees. */
static char *cell(CsvDialect d, Kind k, const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    CsvWriter w;
    csv_begin(&w, f, d);
    if (k == PHONE)
        csv_phone(&w, s);
    else
        csv_text(&w, s);
    csv_end_row(&w);
    char err[128];
    assert_int_equal(csv_finish(&w, err, sizeof err), AUKIO_OK);
    fclose(f);
    size_t skip = d == CSV_EXCEL ? 3 : 0;
    assert_true(len >= skip + 2);
    assert_memory_equal(buf + len - 2, "\r\n", 2);
    char *out = strndup(buf + skip, len - skip - 2);
    free(buf);
    return out;
}

typedef struct {
    const char *in;
    const char *rfc;   /* as CSV_RFC4180 writes it */
    const char *excel; /* as CSV_EXCEL writes it */
} Case;

static const Case TEXT_CASES[] = {
    {"", "", ""},
    {"Maija Meikäläinen", "Maija Meikäläinen", "Maija Meikäläinen"},
    {"Åsa Öberg, Ähtäri", "\"Åsa Öberg, Ähtäri\"", "\"Åsa Öberg, Ähtäri\""},
    {"a;b", "\"a;b\"", "\"a;b\""},
    {"say \"hi\"", "\"say \"\"hi\"\"\"", "\"say \"\"hi\"\"\""},
    {"two\nlines", "\"two\nlines\"", "\"two\nlines\""},
    {"cr\rinside", "\"cr\rinside\"", "\"cr\rinside\""},
    /* Every formula prefix. */
    {"=1+1", "'=1+1", "'=1+1"},
    {"-1+HYPERLINK(\"http://x\",\"y\")", "\"'-1+HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
     "\"'-1+HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
    {"+358 40 123 4567", "'+358 40 123 4567", "'+358 40 123 4567"},
    {"@SUM(A1)", "'@SUM(A1)", "'@SUM(A1)"},
    {"\t=cmd", "'\t=cmd", "'\t=cmd"},
    {"\r=cmd", "\"'\r=cmd\"", "\"'\r=cmd\""},
    {"-", "'-", "'-"},
    /* Not at the start: no formula. */
    {"a=b", "a=b", "a=b"},
    {" =x", " =x", " =x"},
};

static void test_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof TEXT_CASES / sizeof TEXT_CASES[0]; i++) {
        const Case *c = &TEXT_CASES[i];
        char *r = cell(CSV_RFC4180, TEXT, c->in), *x = cell(CSV_EXCEL, TEXT, c->in);
        if (strcmp(r, c->rfc) != 0) fail_msg("rfc [%s]: got [%s], want [%s]", c->in, r, c->rfc);
        if (strcmp(x, c->excel) != 0)
            fail_msg("excel [%s]: got [%s], want [%s]", c->in, x, c->excel);
        free(r);
        free(x);
    }
}

static const Case PHONE_CASES[] = {
    {"0401234567", "0401234567", "'0401234567"},
    {"040 123 4567", "040 123 4567", "040 123 4567"},
    {"+358401234567", "'+358401234567", "'+358401234567"},
    {"", "", ""},
    {"=2+2", "'=2+2", "'=2+2"},
    /* Confirmation codes go the same way: one Excel would read as 2.345E+09 stays text. */
    {"2345E6", "2345E6", "'2345E6"},
    {"2345e6", "2345e6", "'2345e6"},
    {"K7M4QX", "K7M4QX", "K7M4QX"},
    {"23E", "23E", "23E"},
    {"E23", "E23", "E23"},
};

static void test_phone(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof PHONE_CASES / sizeof PHONE_CASES[0]; i++) {
        const Case *c = &PHONE_CASES[i];
        char *r = cell(CSV_RFC4180, PHONE, c->in), *x = cell(CSV_EXCEL, PHONE, c->in);
        if (strcmp(r, c->rfc) != 0) fail_msg("rfc [%s]: got [%s], want [%s]", c->in, r, c->rfc);
        if (strcmp(x, c->excel) != 0)
            fail_msg("excel [%s]: got [%s], want [%s]", c->in, x, c->excel);
        free(r);
        free(x);
    }
}

/* A row of each dialect, whole: the BOM, separators, a negative number untouched, times. */
static void test_rows(void **state)
{
    (void)state;
    const char *want[] = {
        "code,n,at,none,name\r\nK7M4QX,-1,2026-03-18T16:30:00Z,,\"Ö, ä\"\r\n",
        "\xEF\xBB\xBF"
        "code;n;at;none;name\r\nK7M4QX;-1;2026-03-18 18:30;;\"Ö, ä\"\r\n",
    };
    for (int d = 0; d < 2; d++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        CsvWriter w;
        csv_begin(&w, f, d == 0 ? CSV_RFC4180 : CSV_EXCEL);
        const char *head[] = {"code", "n", "at", "none", "name"};
        csv_row(&w, head, 5);
        csv_text(&w, "K7M4QX");
        csv_int(&w, -1);
        csv_time(&w, 1773851400); /* 18:30 in Helsinki (ctest sets TZ) */
        csv_time(&w, 0);
        csv_text(&w, "Ö, ä");
        csv_end_row(&w);
        char err[128];
        assert_int_equal(csv_finish(&w, err, sizeof err), AUKIO_OK);
        fclose(f);
        assert_string_equal(buf, want[d]);
        free(buf);
    }
}

/* A stream that cannot take the bytes: csv_finish says so. */
static void test_write_error(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f) skip();
    CsvWriter w;
    csv_begin(&w, f, CSV_RFC4180);
    csv_text(&w, "x");
    csv_end_row(&w);
    char err[128] = "";
    assert_int_equal(csv_finish(&w, err, sizeof err), AUKIO_ERR);
    assert_non_null(strstr(err, "writing CSV"));
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_phone),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_write_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
