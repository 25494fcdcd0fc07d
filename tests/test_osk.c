/*
 * test_osk.c: on-screen keyboard layouts and key handling, driven the way the view drives it:
 * find a key in the current layout, press it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "osk.h"

/* ---- Helpers ----------------------------------------------------------------------------- */

/* The key in K's current layout with KIND and (for CHAR/STRING) TEXT; fails the test if absent. */
static const OskKey *find_key(const Osk *k, OskKeyKind kind, const char *text)
{
    for (int r = 0; r < osk_row_count(k); r++) {
        int n;
        const OskKey *row = osk_row(k, r, &n);
        for (int i = 0; i < n; i++) {
            if (row[i].kind != kind) continue;
            if (!text || (row[i].text && strcmp(row[i].text, text) == 0)) return &row[i];
        }
    }
    return NULL;
}

static const OskKey *key(const Osk *k, OskKeyKind kind, const char *text)
{
    const OskKey *key = find_key(k, kind, text);
    if (!key)
        fail_msg("no key %d \"%s\" in mode %d page %d", kind, text ? text : "", k->mode, k->page);
    return key;
}

/* Presses the key for each code point of S (a space presses the space bar). */
static void type(Osk *k, const char *s, char *text, size_t cap)
{
    while (*s) {
        size_t len = 1;
        while (((unsigned char)s[len] & 0xC0) == 0x80)
            len++;
        char cp[8];
        memcpy(cp, s, len);
        cp[len] = '\0';
        const OskKey *kk =
            strcmp(cp, " ") == 0 ? key(k, OSK_KEY_SPACE, NULL) : key(k, OSK_KEY_CHAR, cp);
        assert_int_equal(osk_press(k, kk, text, cap, 100), OSK_EDITED);
        s += len;
    }
}

/* ---- Typing ------------------------------------------------------------------------------ */

static void test_type_name_with_shift(void **state)
{
    (void)state;
    Osk k;
    char text[64] = "";
    osk_init(&k, OSK_MODE_TEXT);
    assert_true(k.shift); /* names start with a capital */
    assert_false(k.caps);
    type(&k, "ä", text, sizeof text);
    assert_string_equal(text, "Ä");
    assert_false(k.shift); /* one-shot: back to lower case */
    type(&k, "ijä ", text, sizeof text);
    assert_int_equal(osk_press(&k, key(&k, OSK_KEY_SHIFT, NULL), text, sizeof text, 100),
                     OSK_UNCHANGED);
    assert_true(k.shift);
    type(&k, "öhman", text, sizeof text);
    assert_string_equal(text, "Äijä Öhman");
    assert_false(k.shift);
    assert_int_equal(utf8_length(text), 10);
}

static void test_caps_lock(void **state)
{
    (void)state;
    Osk k;
    char text[64] = "";
    osk_init(&k, OSK_MODE_EMAIL);
    assert_false(k.shift); /* no auto shift in an email address */
    const OskKey *shift = key(&k, OSK_KEY_SHIFT, NULL);
    osk_press(&k, shift, text, sizeof text, 100);
    assert_true(k.shift);
    osk_press(&k, shift, text, sizeof text, 100);
    assert_true(k.caps);
    assert_false(k.shift);
    type(&k, "åäö", text, sizeof text);
    assert_string_equal(text, "ÅÄÖ");
    assert_true(k.caps); /* caps lock stays */
    osk_press(&k, shift, text, sizeof text, 100);
    assert_false(k.caps);
    assert_false(k.shift);
    type(&k, "a", text, sizeof text);
    assert_string_equal(text, "ÅÄÖa");

    /* A text field starts at shift, so its first shift press is the second: caps lock. */
    osk_init(&k, OSK_MODE_TEXT);
    osk_press(&k, key(&k, OSK_KEY_SHIFT, NULL), text, sizeof text, 100);
    assert_true(k.caps);
}

static void test_key_caps(void **state)
{
    (void)state;
    Osk k;
    char buf[16];
    osk_init(&k, OSK_MODE_TEXT);
    assert_string_equal(osk_key_cap(&k, key(&k, OSK_KEY_CHAR, "å"), buf, sizeof buf), "Å");
    assert_string_equal(osk_key_cap(&k, key(&k, OSK_KEY_CHAR, ","), buf, sizeof buf), ",");
    assert_string_equal(osk_key_cap(&k, key(&k, OSK_KEY_PAGE, NULL), buf, sizeof buf), "123");
    assert_string_equal(osk_key_cap(&k, key(&k, OSK_KEY_BACKSPACE, NULL), buf, sizeof buf), "⌫");
    assert_string_equal(osk_key_cap(&k, key(&k, OSK_KEY_SPACE, NULL), buf, sizeof buf),
                        "osk.space");
    assert_string_equal(osk_key_cap(&k, key(&k, OSK_KEY_HIDE, NULL), buf, sizeof buf), "osk.hide");
    k.shift = false;
    assert_string_equal(osk_key_cap(&k, key(&k, OSK_KEY_CHAR, "å"), buf, sizeof buf), "å");
    /* Truncated on a character boundary. */
    assert_string_equal(osk_key_cap(&k, key(&k, OSK_KEY_BACKSPACE, NULL), buf, 3), "");
    k.page = OSK_PAGE_SYMBOLS;
    assert_string_equal(osk_key_cap(&k, key(&k, OSK_KEY_PAGE, NULL), buf, sizeof buf), "ABC");
}

static void test_backspace(void **state)
{
    (void)state;
    Osk k;
    char text[32] = "";
    osk_init(&k, OSK_MODE_TEXT);
    const OskKey *bksp = key(&k, OSK_KEY_BACKSPACE, NULL);
    assert_int_equal(osk_press(&k, bksp, text, sizeof text, 100), OSK_UNCHANGED);
    type(&k, "aö", text, sizeof text);
    assert_string_equal(text, "Aö");
    assert_int_equal(strlen(text), 3);
    assert_int_equal(osk_press(&k, bksp, text, sizeof text, 100), OSK_EDITED);
    assert_string_equal(text, "A"); /* both bytes of ö */

    /* € is three bytes, on the symbols page. */
    osk_press(&k, key(&k, OSK_KEY_PAGE, NULL), text, sizeof text, 100);
    assert_int_equal(k.page, OSK_PAGE_SYMBOLS);
    type(&k, "5€", text, sizeof text);
    assert_string_equal(text, "A5€");
    assert_int_equal(osk_press(&k, key(&k, OSK_KEY_BACKSPACE, NULL), text, sizeof text, 100),
                     OSK_EDITED);
    assert_string_equal(text, "A5");
    osk_press(&k, key(&k, OSK_KEY_PAGE, NULL), text, sizeof text, 100);
    assert_int_equal(k.page, OSK_PAGE_LETTERS);

    assert_int_equal(utf8_backspace(""), 0);
    assert_int_equal(utf8_backspace("a€"), 1);
    assert_int_equal(utf8_backspace("€"), 0);
    assert_int_equal(utf8_backspace("ab"), 1);
}

static void test_limits(void **state)
{
    (void)state;
    Osk k;
    osk_init(&k, OSK_MODE_TEXT);
    k.shift = false;

    /* Byte capacity: "a" + "ö" needs 1 + 2 + NUL = 4 bytes. */
    char small[3] = "a";
    assert_int_equal(osk_press(&k, key(&k, OSK_KEY_CHAR, "ö"), small, sizeof small, 100), OSK_FULL);
    assert_string_equal(small, "a");
    assert_int_equal(osk_press(&k, key(&k, OSK_KEY_CHAR, "b"), small, sizeof small, 100),
                     OSK_EDITED);
    assert_string_equal(small, "ab");
    assert_int_equal(osk_press(&k, key(&k, OSK_KEY_CHAR, "c"), small, sizeof small, 100), OSK_FULL);

    /* Code point limit, counted in characters not bytes. */
    char text[32] = "äö";
    assert_int_equal(osk_press(&k, key(&k, OSK_KEY_CHAR, "a"), text, sizeof text, 3), OSK_EDITED);
    assert_int_equal(osk_press(&k, key(&k, OSK_KEY_CHAR, "a"), text, sizeof text, 3), OSK_FULL);
    assert_int_equal(osk_press(&k, key(&k, OSK_KEY_SPACE, NULL), text, sizeof text, 3), OSK_FULL);
    assert_string_equal(text, "äöa");

    /* A shift press that typed nothing is not spent. */
    k.shift = true;
    assert_int_equal(osk_press(&k, key(&k, OSK_KEY_CHAR, "b"), text, sizeof text, 3), OSK_FULL);
    assert_true(k.shift);

    assert_int_equal(osk_insert_text(&k, "xy", text, sizeof text, 4), OSK_FULL);
    assert_string_equal(text, "äöa");
    /* "äöa" is 5 bytes; with "x" and the NUL it needs 7. */
    assert_int_equal(osk_insert_text(&k, "x", text, 6, 10), OSK_FULL);
    assert_int_equal(osk_insert_text(&k, "x", text, 7, 10), OSK_EDITED);
    assert_string_equal(text, "äöax");
}

static void test_enter_and_hide(void **state)
{
    (void)state;
    OskMode modes[] = {OSK_MODE_TEXT, OSK_MODE_EMAIL};
    for (size_t m = 0; m < 2; m++) {
        for (int page = 0; page < 2; page++) {
            Osk k;
            char text[8] = "x";
            osk_init(&k, modes[m]);
            k.page = (OskPage)page;
            assert_int_equal(osk_press(&k, key(&k, OSK_KEY_ENTER, NULL), text, 8, 8), OSK_ENTER);
            assert_int_equal(osk_press(&k, key(&k, OSK_KEY_HIDE, NULL), text, 8, 8), OSK_HIDE);
            assert_string_equal(text, "x");
        }
    }
}

static void test_email_helpers(void **state)
{
    (void)state;
    Osk k;
    char text[64] = "";
    osk_init(&k, OSK_MODE_EMAIL);
    type(&k, "maija@kirjasto", text, sizeof text);
    assert_int_equal(osk_press(&k, key(&k, OSK_KEY_STRING, ".fi"), text, sizeof text, 100),
                     OSK_EDITED);
    assert_string_equal(text, "maija@kirjasto.fi");
    /* Helpers insert as they are, even with caps lock on. */
    k.caps = true;
    assert_int_equal(osk_press(&k, key(&k, OSK_KEY_STRING, ".com"), text, sizeof text, 100),
                     OSK_EDITED);
    assert_string_equal(text, "maija@kirjasto.fi.com");
    /* The helper is refused whole when it does not fit. */
    assert_int_equal(osk_press(&k, key(&k, OSK_KEY_STRING, ".com"), text, sizeof text, 23),
                     OSK_FULL);
    assert_string_equal(text, "maija@kirjasto.fi.com");

    /* A text field has no domain helpers. */
    osk_init(&k, OSK_MODE_TEXT);
    assert_null(find_key(&k, OSK_KEY_STRING, ".fi"));
    assert_null(find_key(&k, OSK_KEY_CHAR, "@"));
}

static void test_pads(void **state)
{
    (void)state;
    Osk k;
    char text[32] = "";
    osk_init(&k, OSK_MODE_PHONE);
    assert_false(k.shift);
    assert_int_equal(osk_row_count(&k), 5);
    type(&k, "+358 40", text, sizeof text);
    assert_string_equal(text, "+358 40");
    assert_int_equal(osk_insert_text(&k, "123 456", text, sizeof text, 24), OSK_EDITED);
    assert_string_equal(text, "+358 40123 456");
    assert_int_equal(osk_insert_text(&k, "abc", text, sizeof text, 24), OSK_UNCHANGED);
    assert_int_equal(osk_insert_text(&k, "12a", text, sizeof text, 24), OSK_UNCHANGED);
    assert_int_equal(osk_insert_text(&k, "-", text, sizeof text, 24), OSK_UNCHANGED);
    assert_int_equal(osk_insert_text(&k, "٣", text, sizeof text, 24), OSK_UNCHANGED);
    assert_string_equal(text, "+358 40123 456");
    /* No symbols page on a pad. */
    assert_null(find_key(&k, OSK_KEY_PAGE, NULL));
    k.page = OSK_PAGE_SYMBOLS;
    assert_non_null(find_key(&k, OSK_KEY_CHAR, "5"));

    osk_init(&k, OSK_MODE_NUMBER);
    text[0] = '\0';
    assert_null(find_key(&k, OSK_KEY_CHAR, "+"));
    assert_null(find_key(&k, OSK_KEY_SPACE, NULL));
    type(&k, "12", text, sizeof text);
    assert_int_equal(osk_insert_text(&k, "+", text, sizeof text, 24), OSK_UNCHANGED);
    assert_int_equal(osk_insert_text(&k, " ", text, sizeof text, 24), OSK_UNCHANGED);
    assert_int_equal(osk_insert_text(&k, "0", text, sizeof text, 24), OSK_EDITED);
    assert_string_equal(text, "120");
    for (char d = '0'; d <= '9'; d++) {
        char s[2] = {d, '\0'};
        assert_non_null(find_key(&k, OSK_KEY_CHAR, s));
    }
}

static void test_insert_text_validates(void **state)
{
    (void)state;
    Osk k;
    char text[32] = "";
    osk_init(&k, OSK_MODE_TEXT);
    assert_int_equal(osk_insert_text(&k, "", text, sizeof text, 10), OSK_UNCHANGED);
    assert_int_equal(osk_insert_text(&k, "\xC3", text, sizeof text, 10), OSK_UNCHANGED);
    assert_int_equal(osk_insert_text(&k, "\xC0\x80", text, sizeof text, 10), OSK_UNCHANGED);
    assert_int_equal(osk_insert_text(&k, "\xED\xA0\x80", text, sizeof text, 10), OSK_UNCHANGED);
    assert_int_equal(osk_insert_text(&k,
                                     "\x80"
                                     "a",
                                     text, sizeof text, 10),
                     OSK_UNCHANGED);
    assert_int_equal(osk_insert_text(&k, "a\tb", text, sizeof text, 10), OSK_UNCHANGED);
    assert_int_equal(osk_insert_text(&k, "a\nb", text, sizeof text, 10), OSK_UNCHANGED);
    assert_string_equal(text, "");
    /* Typed text is not shifted: a physical keyboard already sends the case it means. */
    assert_int_equal(osk_insert_text(&k, "šakki €", text, sizeof text, 10), OSK_EDITED);
    assert_string_equal(text, "šakki €");
    assert_true(k.shift);
}

/* ---- UTF-8 helpers ----------------------------------------------------------------------- */

static void test_utf8(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(utf8_length(""), 0);
    assert_int_equal(utf8_length("Äijä"), 4);
    assert_int_equal(utf8_length("€uro"), 4);
    assert_string_equal(utf8_upper("abc åäö éü", buf, sizeof buf), "ABC ÅÄÖ ÉÜ");
    assert_string_equal(utf8_upper("á č đ ŋ š ŧ ž", buf, sizeof buf), "Á Č Đ Ŋ Š Ŧ Ž");
    assert_string_equal(utf8_upper("1,.@€", buf, sizeof buf), "1,.@€");
    assert_string_equal(utf8_upper("ÅÄÖ", buf, sizeof buf), "ÅÄÖ");
    /* Truncation keeps whole characters: "Ä" is two bytes, a second does not fit in 4. */
    assert_string_equal(utf8_upper("ää", buf, 4), "Ä");
    assert_string_equal(utf8_upper("ää", buf, 5), "ÄÄ");
    assert_string_equal(utf8_upper("a", buf, 1), "");
}

/* ---- Layout tables ----------------------------------------------------------------------- */

static void test_layout_widths(void **state)
{
    (void)state;
    OskMode modes[] = {OSK_MODE_TEXT, OSK_MODE_EMAIL, OSK_MODE_PHONE, OSK_MODE_NUMBER};
    for (size_t m = 0; m < 4; m++) {
        for (int page = 0; page < 2; page++) {
            Osk k;
            osk_init(&k, modes[m]);
            k.page = (OskPage)page;
            int rows = osk_row_count(&k);
            assert_true(rows >= 4 && rows <= OSK_MAX_ROWS);
            float lo = 1e9f, hi = 0;
            for (int r = 0; r < rows; r++) {
                int n;
                const OskKey *row = osk_row(&k, r, &n);
                assert_true(n >= 1 && n <= OSK_MAX_KEYS);
                float sum = 0;
                for (int i = 0; i < n; i++) {
                    if (row[i].width < 1.0f)
                        fail_msg("mode %d page %d row %d key %d narrower than a key", (int)m, page,
                                 r, i);
                    if ((row[i].kind == OSK_KEY_CHAR || row[i].kind == OSK_KEY_STRING) &&
                        (!row[i].text || !row[i].text[0]))
                        fail_msg("mode %d row %d key %d inserts nothing", (int)m, r, i);
                    if (!row[i].text && !row[i].label)
                        fail_msg("mode %d row %d key %d shows nothing", (int)m, r, i);
                    sum += row[i].width;
                }
                lo = fminf(lo, sum);
                hi = fmaxf(hi, sum);
            }
            if (hi - lo > 0.5f)
                fail_msg("mode %d page %d: row widths from %.2f to %.2f", (int)m, page, lo, hi);
            assert_non_null(find_key(&k, OSK_KEY_ENTER, NULL));
            assert_non_null(find_key(&k, OSK_KEY_BACKSPACE, NULL));
            if (modes[m] == OSK_MODE_TEXT || modes[m] == OSK_MODE_EMAIL) {
                assert_non_null(find_key(&k, OSK_KEY_HIDE, NULL));
                assert_non_null(find_key(&k, OSK_KEY_PAGE, NULL));
                assert_non_null(find_key(&k, OSK_KEY_SPACE, NULL));
            }
        }
    }
}

static void test_letters_complete(void **state)
{
    (void)state;
    Osk k;
    osk_init(&k, OSK_MODE_TEXT);
    for (const char *c = "abcdefghijklmnopqrstuvwxyz"; *c; c++) {
        char s[2] = {*c, '\0'};
        assert_non_null(find_key(&k, OSK_KEY_CHAR, s));
    }
    assert_non_null(find_key(&k, OSK_KEY_CHAR, "å"));
    assert_non_null(find_key(&k, OSK_KEY_CHAR, "ä"));
    assert_non_null(find_key(&k, OSK_KEY_CHAR, "ö"));
    int n;
    const OskKey *top = osk_row(&k, 0, &n);
    assert_int_equal(n, 11);
    assert_string_equal(top[0].text, "q");
    assert_string_equal(top[10].text, "å");
    k.page = OSK_PAGE_SYMBOLS;
    for (const char *c = "0123456789-/:;()&@\".,?!'#%_+"; *c; c++) {
        char s[2] = {*c, '\0'};
        assert_non_null(find_key(&k, OSK_KEY_CHAR, s));
    }
    assert_non_null(find_key(&k, OSK_KEY_CHAR, "€"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_name_with_shift),
        cmocka_unit_test(test_caps_lock),
        cmocka_unit_test(test_key_caps),
        cmocka_unit_test(test_backspace),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_enter_and_hide),
        cmocka_unit_test(test_email_helpers),
        cmocka_unit_test(test_pads),
        cmocka_unit_test(test_insert_text_validates),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_layout_widths),
        cmocka_unit_test(test_letters_complete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
