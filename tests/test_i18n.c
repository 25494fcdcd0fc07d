/*
 * test_i18n.c: the translation catalogue's invariants (sorted, complete, same format arguments in
 * every language) and the lookup functions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"

static const Lang LANGS[] = {LANG_FI, LANG_SV, LANG_EN};

/* ---- Helpers ----------------------------------------------------------------------------- */

/* Writes the conversion specifiers of FMT ("%d", "%s", with any flags and width) into OUT,
 * separated by spaces; "%%" is not one. Returns how many there are. */
static int conversions(const char *fmt, char *out, size_t n)
{
    int count = 0;
    size_t o = 0;
    out[0] = '\0';
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') continue;
        if (p[1] == '%') {
            p++;
            continue;
        }
        const char *start = p++;
        while (*p && strchr("-+ #0123456789.lhzjt", *p))
            p++;
        /* A '%' with no conversion letter (at the end) is recorded as it is, so the caller's
         * "only %d or %s" check rejects it. */
        bool end = !*p;
        size_t len = (size_t)(p - start) + (end ? 0 : 1);
        if (o + len + 2 < n) {
            memcpy(out + o, start, len);
            o += len;
            out[o++] = ' ';
            out[o] = '\0';
        }
        count++;
        if (end) break;
    }
    return count;
}

static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int len = *p < 0x80             ? 1
                  : (*p & 0xE0) == 0xC0 ? 2
                  : (*p & 0xF0) == 0xE0 ? 3
                  : (*p & 0xF8) == 0xF0 ? 4
                                        : 0;
        if (len == 0 || (len == 2 && *p < 0xC2)) return false;
        for (int i = 1; i < len; i++)
            if ((p[i] & 0xC0) != 0x80) return false;
        p += len;
    }
    return true;
}

/* ---- Catalogue invariants ---------------------------------------------------------------- */

static void test_sorted_and_unique(void **state)
{
    (void)state;
    int n = i18n_count();
    assert_true(n > 50);
    for (int i = 1; i < n; i++) {
        int c = strcmp(i18n_key_at(i - 1), i18n_key_at(i));
        if (c >= 0)
            fail_msg("catalogue out of order or duplicate: \"%s\" then \"%s\"", i18n_key_at(i - 1),
                     i18n_key_at(i));
    }
}

static void test_keys_are_dotted_ascii(void **state)
{
    (void)state;
    for (int i = 0; i < i18n_count(); i++) {
        const char *k = i18n_key_at(i);
        size_t len = strlen(k);
        assert_true(len > 0);
        if (k[0] == '.' || k[len - 1] == '.' || strstr(k, "..") || !strchr(k, '.'))
            fail_msg("key \"%s\" is not dotted", k);
        for (const char *p = k; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
                fail_msg("key \"%s\" has character '%c'", k, *p);
    }
}

static void test_every_text_present(void **state)
{
    (void)state;
    for (int i = 0; i < i18n_count(); i++) {
        for (size_t l = 0; l < 3; l++) {
            const char *t = i18n_text_at(i, LANGS[l]);
            assert_non_null(t);
            if (!t[0]) fail_msg("%s: empty %s text", i18n_key_at(i), lang_code(LANGS[l]));
            if (!valid_utf8(t))
                fail_msg("%s: %s text is not UTF-8", i18n_key_at(i), lang_code(LANGS[l]));
            size_t len = strlen(t);
            if (t[0] == ' ' || t[len - 1] == ' ' || strchr(t, '\n') || strchr(t, '\t'))
                fail_msg("%s: %s text has stray whitespace", i18n_key_at(i), lang_code(LANGS[l]));
        }
    }
}

static void test_format_specs_match(void **state)
{
    (void)state;
    for (int i = 0; i < i18n_count(); i++) {
        char fi[64], other[64];
        int n_fi = conversions(i18n_text_at(i, LANG_FI), fi, sizeof fi);
        if (n_fi > 1) fail_msg("%s: more than one argument (\"%s\")", i18n_key_at(i), fi);
        for (size_t l = 1; l < 3; l++) {
            conversions(i18n_text_at(i, LANGS[l]), other, sizeof other);
            if (strcmp(fi, other) != 0)
                fail_msg("%s: fi has \"%s\" but %s has \"%s\"", i18n_key_at(i), fi,
                         lang_code(LANGS[l]), other);
        }
        /* Only %d and %s: the callers pass int or a string, nothing else. */
        if (n_fi == 1 && strcmp(fi, "%d ") != 0 && strcmp(fi, "%s ") != 0)
            fail_msg("%s: unexpected conversion \"%s\"", i18n_key_at(i), fi);
    }
}

static void test_plurals_come_in_pairs(void **state)
{
    (void)state;
    for (int i = 0; i < i18n_count(); i++) {
        const char *k = i18n_key_at(i);
        size_t len = strlen(k);
        char base[128], pair[160];
        if (len > 4 && strcmp(k + len - 4, ".one") == 0) {
            snprintf(base, sizeof base, "%.*s", (int)(len - 4), k);
            snprintf(pair, sizeof pair, "%s.other", base);
        } else if (len > 6 && strcmp(k + len - 6, ".other") == 0) {
            snprintf(base, sizeof base, "%.*s", (int)(len - 6), k);
            snprintf(pair, sizeof pair, "%s.one", base);
        } else {
            continue;
        }
        /* A plural's base is itself a dotted key: "cat.other" is a category, not a plural. */
        if (!strchr(base, '.')) continue;
        /* tr returns the key itself when it is missing. */
        if (strcmp(tr(LANG_FI, pair), pair) == 0) fail_msg("%s has no %s", k, pair);
    }
}

/* ---- Lookup ------------------------------------------------------------------------------ */

static void test_lookup(void **state)
{
    (void)state;
    assert_string_equal(tr(LANG_FI, "attract.touch"), "Aloita koskettamalla näyttöä");
    assert_string_equal(tr(LANG_SV, "attract.touch"), "Tryck på skärmen för att börja");
    assert_string_equal(tr(LANG_EN, "attract.touch"), "Touch to start");
    assert_string_equal(tr(LANG_FI, "status.waitlist"), "Jonotuslista avoinna");
    assert_string_equal(tr(LANG_SV, "confirm.position"), "Du är nummer %d i kön.");
    assert_string_equal(tr(LANG_EN, "feedback.thanks"), "Thank you for your feedback!");
    /* First and last entries, where an off-by-one in the bisection would show. */
    int n = i18n_count();
    assert_string_equal(tr(LANG_SV, i18n_key_at(0)), i18n_text_at(0, LANG_SV));
    assert_string_equal(tr(LANG_EN, i18n_key_at(n - 1)), i18n_text_at(n - 1, LANG_EN));
    /* Every key finds its own entry. */
    for (int i = 0; i < n; i++)
        assert_ptr_equal(tr(LANG_FI, i18n_key_at(i)), i18n_text_at(i, LANG_FI));
}

static void test_missing_key_returns_key(void **state)
{
    (void)state;
    const char *key = "no.such.key";
    assert_ptr_equal(tr(LANG_FI, key), key);
    assert_string_equal(tr(LANG_EN, "zzz"), "zzz");
    assert_string_equal(tr(LANG_EN, ""), "");
    assert_string_equal(tr(LANG_EN, "a"), "a");     /* sorts before every key */
    assert_string_equal(tr(LANG_SV, "nav"), "nav"); /* a prefix of real keys */
}

/* Counts as each language writes them: grouped by threes from five digits in Finnish and
 * Swedish (a no-break space), from four in English (a comma). */
static void test_number(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(i18n_number(LANG_FI, 0, b, sizeof b), "0");
    assert_string_equal(i18n_number(LANG_FI, 9999, b, sizeof b), "9999");
    assert_string_equal(i18n_number(LANG_FI, 10000, b, sizeof b), "10\xC2\xA0"
                                                                  "000");
    assert_string_equal(i18n_number(LANG_SV, 1234567, b, sizeof b), "1\xC2\xA0"
                                                                    "234\xC2\xA0"
                                                                    "567");
    assert_string_equal(i18n_number(LANG_EN, 999, b, sizeof b), "999");
    assert_string_equal(i18n_number(LANG_EN, 1000, b, sizeof b), "1,000");
    assert_string_equal(i18n_number(LANG_EN, 100000, b, sizeof b), "100,000");
    assert_string_equal(i18n_number(LANG_EN, -12345, b, sizeof b), "-12,345");
    assert_string_equal(i18n_number(LANG_EN, 12345, b, 4), "12,"); /* cut, never overrun */
}

static void test_plural(void **state)
{
    (void)state;
    assert_string_equal(tr_plural(LANG_FI, "status.seats_left", 1), "1 paikka jäljellä");
    assert_string_equal(tr_plural(LANG_FI, "status.seats_left", 2), "%d paikkaa jäljellä");
    assert_string_equal(tr_plural(LANG_FI, "status.seats_left", 0), "%d paikkaa jäljellä");
    assert_string_equal(tr_plural(LANG_SV, "status.seats_left", 1), "1 plats kvar");
    assert_string_equal(tr_plural(LANG_SV, "status.seats_left", 5), "%d platser kvar");
    assert_string_equal(tr_plural(LANG_EN, "status.seats_left", 1), "1 seat left");
    assert_string_equal(tr_plural(LANG_EN, "status.seats_left", -1), "%d seats left");
    assert_string_equal(tr_plural(LANG_EN, "status.seats_left", 21), "%d seats left");
    assert_string_equal(tr_plural(LANG_EN, "no.such", 3), "no.such");
}

static void test_languages(void **state)
{
    (void)state;
    assert_string_equal(i18n_lang_name(LANG_FI), "Suomi");
    assert_string_equal(i18n_lang_name(LANG_SV), "Svenska");
    assert_string_equal(i18n_lang_name(LANG_EN), "English");
    assert_string_equal(lang_code(LANG_FI), "fi");
    assert_string_equal(lang_code(LANG_SV), "sv");
    assert_string_equal(lang_code(LANG_EN), "en");

    Lang l = LANG_EN;
    assert_int_equal(lang_from_code("fi", &l), 0);
    assert_int_equal(l, LANG_FI);
    assert_int_equal(lang_from_code("SV", &l), 0);
    assert_int_equal(l, LANG_SV);
    assert_int_equal(lang_from_code("En", &l), 0);
    assert_int_equal(l, LANG_EN);
    l = LANG_SV;
    assert_int_equal(lang_from_code("de", &l), -1);
    assert_int_equal(lang_from_code("", &l), -1);
    assert_int_equal(lang_from_code("fin", &l), -1);
    assert_int_equal(lang_from_code("f", &l), -1);
    assert_int_equal(lang_from_code(NULL, &l), -1);
    assert_int_equal(l, LANG_SV); /* untouched on failure */
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(lang_from_code(lang_code(LANGS[i]), &l), 0);
        assert_int_equal(l, LANGS[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sorted_and_unique),
        cmocka_unit_test(test_keys_are_dotted_ascii),
        cmocka_unit_test(test_every_text_present),
        cmocka_unit_test(test_format_specs_match),
        cmocka_unit_test(test_plurals_come_in_pairs),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_missing_key_returns_key),
        cmocka_unit_test(test_plural),
        cmocka_unit_test(test_number),
        cmocka_unit_test(test_languages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
