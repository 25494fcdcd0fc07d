/*
 * test_hub_mail.c: the hub's messages to visitors (sync/hub_mail.c): which addresses may reach
 * an SMTP server, texts cleaned of line breaks, times as each language writes them in Helsinki
 * time, and the MIME message: RFC 2047 subjects, base64 lines of at most 76 characters, CRLF
 * line ends, a header injection attempt in a name neutralised, the .ics part where it belongs,
 * and a rebuild of the same row byte for byte the same (stable Message-ID).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "hub_mail.h"

#define T_DEC INT64_C(4101030000) /* 2099-12-15T15:00:00Z: Tuesday, 17.00 in Helsinki */
#define T_JUN INT64_C(4085301600) /* 2099-06-16T14:00:00Z: Tuesday, 17.00 in Helsinki (DST) */

static const HubMailEnv ENV = {"kirjasto@library.example.fi", "library.example.fi",
                               "0123456789abcdef0123456789abcdef"};

static void test_address(void **state)
{
    (void)state;
    static const char *const GOOD[] = {"a@b.fi", "maija.meikalainen@example.fi",
                                       "x+tag@sub.example.org", "o'brien@example.com"};
    static const char *const BAD[] = {"",
                                      "a",
                                      "a@b",
                                      "@b.fi",
                                      "a@.fi",
                                      "a@b..fi",
                                      ".a@b.fi",
                                      "a.@b.fi",
                                      "a..b@c.fi",
                                      "a@b@c.fi",
                                      "a b@c.fi",
                                      "a@b.fi\r\nBcc: x@y.fi",
                                      "a@b.fi\nBcc: x@y.fi",
                                      "a@b.fi>",
                                      "<a@b.fi>",
                                      "\"a\"@b.fi",
                                      "a@-b.fi",
                                      "a@b-.fi",
                                      "ä@b.fi",
                                      "a@b.fi,c@d.fi",
                                      "a@[127.0.0.1]"};
    for (size_t i = 0; i < sizeof GOOD / sizeof GOOD[0]; i++)
        assert_true(hub_mail_address_ok(GOOD[i]));
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        if (hub_mail_address_ok(BAD[i])) fail_msg("accepted: %s", BAD[i]);
    }
    char long_local[80];
    memset(long_local, 'a', 65);
    snprintf(long_local + 65, sizeof long_local - 65, "@b.fi");
    assert_false(hub_mail_address_ok(long_local));
    assert_false(hub_mail_address_ok(NULL));
}

static void test_clean(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(hub_mail_clean(buf, sizeof buf, "Aino\r\nBcc: x@y"), "Aino  Bcc: x@y");
    assert_string_equal(hub_mail_clean(buf, sizeof buf, "tab\there"), "tab here");
    assert_string_equal(hub_mail_clean(buf, sizeof buf, "ls\xe2\x80\xa8ps\xe2\x80\xa9nel\xc2\x85"),
                        "ls ps nel ");
    assert_string_equal(hub_mail_clean(buf, sizeof buf, "bad\xff\xc3"), "bad??");
    assert_string_equal(hub_mail_clean(buf, sizeof buf, NULL), "");
    /* A cut never splits a character: "ää" is 4 bytes, 4 bytes of room hold one. */
    assert_string_equal(hub_mail_clean(buf, 4, "\xc3\xa4\xc3\xa4"), "\xc3\xa4");
}

static void test_format_time(void **state)
{
    (void)state;
    char buf[128];
    hub_mail_format_time(T_DEC, T_DEC + 5400, LANG_FI, buf, sizeof buf);
    assert_string_equal(buf, "ti 15.12.2099 klo 17.00\xe2\x80\x93"
                             "18.30");
    hub_mail_format_time(T_DEC, T_DEC + 5400, LANG_SV, buf, sizeof buf);
    assert_string_equal(buf, "tis 15.12.2099 kl. 17.00\xe2\x80\x93"
                             "18.30");
    hub_mail_format_time(T_DEC, 0, LANG_EN, buf, sizeof buf);
    assert_string_equal(buf, "Tue 15 Dec 2099, 17:00");
    hub_mail_format_time(T_JUN, 0, LANG_FI, buf, sizeof buf);
    assert_string_equal(buf, "ti 16.6.2099 klo 17.00");
    hub_mail_format_time(T_DEC, T_DEC + 86400, LANG_EN, buf, sizeof buf);
    assert_string_equal(buf, "Tue 15 Dec 2099, 17:00\xe2\x80\x93Wed 16 Dec 2099, 17:00");
    hub_mail_format_time(0, 0, LANG_SV, buf, sizeof buf);
    assert_string_equal(buf, "meddelas senare");
}

/* ---- Reading a built message back ---------------------------------------------------------- */

/* The decoded text of every RFC 2047 word on the Subject line(s) of MSG, into OUT. */
static void subject_of(const char *msg, char *out, size_t n)
{
    const char *p = strstr(msg, "\r\nSubject: ");
    assert_non_null(p);
    const char *end = strstr(p + 2, "\r\nMessage-ID:");
    assert_non_null(end);
    size_t o = 0;
    for (;;) {
        const char *w = strstr(p, "=?UTF-8?B?");
        if (!w || w > end) break;
        w += 10;
        const char *q = strstr(w, "?=");
        assert_non_null(q);
        size_t got = 0;
        assert_int_equal(sodium_base642bin((unsigned char *)out + o, n - o - 1, w, (size_t)(q - w),
                                           NULL, &got, NULL, sodium_base64_VARIANT_ORIGINAL),
                         0);
        o += got;
        p = q + 2;
    }
    out[o] = '\0';
}

/* The decoded body of the part whose Content-Type starts with TYPE (caller frees), or NULL. */
static char *part_of(const char *msg, const char *type)
{
    char key[64];
    snprintf(key, sizeof key, "Content-Type: %s", type);
    const char *p = strstr(msg, key);
    if (!p) return NULL;
    p = strstr(p, "\r\n\r\n");
    assert_non_null(p);
    p += 4;
    const char *end = strstr(p, "\r\n--");
    assert_non_null(end);
    size_t cap = (size_t)(end - p) + 1, got = 0;
    char *out = calloc(1, cap + 1);
    assert_int_equal(sodium_base642bin((unsigned char *)out, cap, p, (size_t)(end - p), "\r\n",
                                       &got, NULL, sodium_base64_VARIANT_ORIGINAL),
                     0);
    out[got] = '\0';
    return out;
}

static void check_lines(const char *msg)
{
    bool in_body = false;
    for (const char *p = msg; *p;) {
        const char *e = strstr(p, "\r\n");
        assert_non_null(e); /* every line ends in CRLF */
        size_t len = (size_t)(e - p);
        for (const char *c = p; c < e; c++)
            assert_true(*c != '\r' && *c != '\n'); /* no bare CR or LF */
        assert_true(len <= 78);
        if (len == 0) in_body = true;
        /* Base64 lines: at most 76 characters. */
        if (in_body && len > 0 && strncmp(p, "--", 2) != 0 && !memchr(p, ':', len))
            assert_true(len <= 76);
        p = e + 2;
    }
}

static HubMail row(HubMailKind kind, Lang lang, const char *name)
{
    HubMail m = {.id = 42,
                 .kind = kind,
                 .created_at = T_DEC - 86400 * 30,
                 .to = strdup("aino@example.fi"),
                 .name = strdup(name),
                 .lang = lang,
                 .code = strdup("K7M4QX"),
                 .position = 3,
                 .event_id = strdup("helsinki:afxp6tv4xa"),
                 .title = strdup("Satutuokio \xc3\xa4idin kanssa, pitk\xc3\xa4 otsikko joka "
                                 "jatkuu ja jatkuu yli yhden sanan"),
                 .venue = strdup("Lahden p\xc3\xa4\xc3\xa4kirjasto"),
                 .start_time = T_DEC,
                 .end_time = T_DEC + 5400};
    return m;
}

static char *build(const HubMail *m)
{
    Buf b;
    buf_init(&b, 1 << 20);
    char err[256];
    assert_int_equal(hub_mail_build(m, &ENV, &b, err, sizeof err), AUKIO_OK);
    return buf_steal(&b);
}

static void test_build_kinds(void **state)
{
    (void)state;
    static const struct {
        HubMailKind kind;
        Lang lang;
        const char *subject, *text;
        bool ics;
    } CASES[] = {
        {HUB_MAIL_CONFIRMED, LANG_FI, "Ilmoittautumisesi on vahvistettu: Satutuokio",
         "Ilmoittautumistunnus: K7M4QX", true},
        {HUB_MAIL_WAITLISTED, LANG_SV, "Du st\xc3\xa5r i k\xc3\xb6: Satutuokio",
         "plats 3 i k\xc3\xb6n", false},
        {HUB_MAIL_PROMOTED, LANG_EN, "You have a place: Satutuokio", "Time: Tue 15 Dec 2099, 17:00",
         true},
        {HUB_MAIL_CANCELLED, LANG_FI, "Ilmoittautumisesi on peruttu: ", "on peruttu", false},
        {HUB_MAIL_EVENT_CANCELLED, LANG_SV,
         "Evenemanget \xc3\xa4r inst\xc3\xa4llt: ", "har evenemanget st\xc3\xa4llts in", false},
        {HUB_MAIL_EVENT_MOVED, LANG_EN, "New time for the event: ", "has a new time", true},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        HubMail m = row(CASES[i].kind, CASES[i].lang, "Aino Virtanen");
        char *msg = build(&m);
        check_lines(msg);
        char subject[1024];
        subject_of(msg, subject, sizeof subject);
        if (strncmp(subject, CASES[i].subject, strlen(CASES[i].subject)) != 0)
            fail_msg("case %zu: subject %s", i, subject);
        assert_non_null(strstr(subject, "yli yhden sanan")); /* the whole title, over words */
        char *text = part_of(msg, "text/plain; charset=UTF-8");
        assert_non_null(text);
        if (!strstr(text, CASES[i].text)) fail_msg("case %zu: text %s", i, text);
        assert_non_null(strstr(text, "K7M4QX"));
        assert_non_null(strstr(text, "Lahden p\xc3\xa4\xc3\xa4kirjasto"));
        char *ics = part_of(msg, "text/calendar");
        assert_int_equal(ics != NULL, CASES[i].ics);
        if (ics) {
            assert_non_null(strstr(ics, "DTSTART:20991215T150000Z\r\n"));
            assert_non_null(strstr(ics, "DTEND:20991215T163000Z\r\n"));
            assert_non_null(strstr(ics, "UID:helsinki:afxp6tv4xa@library.example.fi\r\n"));
            assert_non_null(strstr(ics, "METHOD:PUBLISH\r\n"));
        }
        assert_non_null(
            strstr(msg, "\r\nMessage-ID: <aukio-mail-42.0123456789abcdef@library.example.fi>\r\n"));
        assert_non_null(strstr(msg, "\r\nDate: Sun, 15 Nov 2099 15:00:00 +0000\r\n") ||
                        strncmp(msg, "Date: Sun, 15 Nov 2099 15:00:00 +0000\r\n", 39) == 0);
        /* The same row builds the same message: a resend is recognisable. */
        char *again = build(&m);
        assert_string_equal(msg, again);
        free(again);
        free(ics);
        free(text);
        free(msg);
        hub_mail_deinit(&m);
    }
}

static void test_build_injection(void **state)
{
    (void)state;
    HubMail m = row(HUB_MAIL_CONFIRMED, LANG_EN, "Eve\r\nBcc: victim@example.org\r\n\r\nhi");
    char *msg = build(&m);
    check_lines(msg);
    assert_null(strstr(msg, "\r\nBcc:"));
    assert_null(strstr(msg, "victim")); /* only base64 carries the name */
    char *text = part_of(msg, "text/plain");
    assert_non_null(strstr(text, "Hello Eve  Bcc: victim@example.org    hi,"));
    free(text);
    free(msg);
    hub_mail_deinit(&m);

    m = row(HUB_MAIL_CONFIRMED, LANG_EN, "");
    free(m.to);
    m.to = strdup("a@b.fi\r\nBcc: x@y.fi");
    Buf b;
    buf_init(&b, 1 << 20);
    char err[256];
    assert_int_not_equal(hub_mail_build(&m, &ENV, &b, err, sizeof err), AUKIO_OK);
    assert_null(strstr(err, "x@y")); /* no address in the message */
    buf_deinit(&b);
    hub_mail_deinit(&m);
}

static void test_build_no_name_no_time(void **state)
{
    (void)state;
    HubMail m = row(HUB_MAIL_CONFIRMED, LANG_FI, "");
    m.start_time = m.end_time = 0;
    char *msg = build(&m);
    assert_non_null(strstr(msg, "\r\nTo: <aino@example.fi>\r\n"));
    char *text = part_of(msg, "text/plain");
    assert_true(strncmp(text, "Hei,\r\n", 6) == 0);
    assert_non_null(strstr(text, "Aika: ilmoitetaan my\xc3\xb6hemmin"));
    assert_null(part_of(msg, "text/calendar")); /* no time, no calendar entry */
    free(text);
    free(msg);
    hub_mail_deinit(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_address),         cmocka_unit_test(test_clean),
        cmocka_unit_test(test_format_time),     cmocka_unit_test(test_build_kinds),
        cmocka_unit_test(test_build_injection), cmocka_unit_test(test_build_no_name_no_time),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    hub_mail_cleanup();
    return rc;
}
