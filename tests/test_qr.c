/*
 * test_qr.c: the take-home QR code: its text (calendar.c: the event's page, or a VEVENT built by
 * libical, escaped and folded per RFC 5545, nothing personal) and its encoding (qr.c: encoded
 * once per text, modules in whole pixels with the quiet zone). kiosk_qr.sh decodes the drawn
 * codes with zbarimg.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "qr.h"

/* ---- Helpers ------------------------------------------------------------------------------ */

static char *dup(const char *s)
{
    char *d = strdup(s);
    assert_non_null(d);
    return d;
}

static Event event(void)
{
    Event ev;
    memset(&ev, 0, sizeof ev);
    ev.id = dup("helsinki:afxp6tv4xa");
    ev.name.s[LANG_FI] = dup("Satutunti; lapset, aikuiset \\ kaikki");
    ev.name.s[LANG_SV] = dup("Sagostund");
    ev.location_name.s[LANG_FI] = dup("Lahden pääkirjasto");
    ev.location_address.s[LANG_FI] = dup("Kirjastokatu 1, Lahti");
    ev.start_time = 1773648000; /* 2026-03-16T08:00:00Z */
    ev.end_time = 1773650700;   /* 08:45 */
    return ev;
}

/* The unfolded value of the content line NAME in ICS ("" when absent); caller frees. */
static char *line_value(const char *ics, const char *name)
{
    char *out = calloc(1, strlen(ics) + 1);
    assert_non_null(out);
    size_t n = strlen(name);
    for (const char *p = ics; *p;) {
        const char *eol = strstr(p, "\r\n");
        assert_non_null(eol); /* every line ends in CRLF */
        if (strncmp(p, name, n) == 0 && p[n] == ':') {
            const char *v = p + n + 1;
            for (;;) { /* a folded line goes on after CRLF and one space */
                strncat(out, v, (size_t)(eol - v));
                if (eol[2] != ' ') break;
                v = eol + 3;
                eol = strstr(v, "\r\n");
                assert_non_null(eol);
            }
            return out;
        }
        p = eol + 2;
    }
    return out;
}

/* ---- The code's text ---------------------------------------------------------------------- */

/* Issue 11: an all-day event goes to the phone as dates, not as midnight in UTC. */
static void test_vevent_all_day_as_dates(void **state)
{
    (void)state;
    Event ev = event();
    ev.all_day = true;
    ev.start_time = 1773612000; /* 2026-03-16T00:00:00+02:00 */
    ev.end_time = 1773612000 + 3 * 86400;
    char *ics = calendar_vevent(&ev, LANG_FI, 1773640800);
    assert_non_null(ics);
    if (!strstr(ics, "DTSTART;VALUE=DATE:20260316\r\n") ||
        !strstr(ics, "DTEND;VALUE=DATE:20260319\r\n"))
        fail_msg("not dates: %s", ics);
    free(ics);
    event_deinit(&ev);
}

static void test_vevent_fields(void **state)
{
    (void)state;
    Event ev = event();
    char *ics = calendar_vevent(&ev, LANG_FI, 1773640800);
    assert_non_null(ics);
    assert_int_equal(strncmp(ics, "BEGIN:VEVENT\r\n", 14), 0);
    assert_non_null(strstr(ics, "\r\nEND:VEVENT\r\n"));
    char *v;
    assert_string_equal(v = line_value(ics, "UID"), "helsinki:afxp6tv4xa@aukio");
    free(v);
    assert_string_equal(v = line_value(ics, "DTSTAMP"), "20260316T060000Z");
    free(v);
    assert_string_equal(v = line_value(ics, "DTSTART"), "20260316T080000Z");
    free(v);
    assert_string_equal(v = line_value(ics, "DTEND"), "20260316T084500Z");
    free(v);
    /* TEXT values escape , ; and \ (RFC 5545, 3.3.11). */
    assert_string_equal(v = line_value(ics, "SUMMARY"),
                        "Satutunti\\; lapset\\, aikuiset \\\\ kaikki");
    free(v);
    assert_string_equal(v = line_value(ics, "LOCATION"),
                        "Lahden pääkirjasto\\, Kirjastokatu 1\\, Lahti");
    free(v);
    free(ics);

    /* Swedish: its own name, and the venue through the fi -> en -> sv fallback. */
    ics = calendar_vevent(&ev, LANG_SV, 1773640800);
    assert_string_equal(v = line_value(ics, "SUMMARY"), "Sagostund");
    free(v);
    /* The UID is the event's, whatever the language and the day: a phone keeps one entry. */
    char *again = calendar_vevent(&ev, LANG_FI, 1773640800 + 86400);
    char *u1 = line_value(ics, "UID"), *u2 = line_value(again, "UID");
    assert_string_equal(u1, u2);
    free(u1);
    free(u2);
    free(again);
    free(ics);
    event_deinit(&ev);
}

static void test_vevent_newlines_and_folding(void **state)
{
    (void)state;
    Event ev = event();
    free(ev.name.s[LANG_FI]);
    /* A long title with a line break and letters of two bytes across the fold. */
    ev.name.s[LANG_FI] = dup("Äänikirjojen ja e-kirjojen lainaaminen kirjaston sovelluksella\n"
                             "ääkköset ööö äää ååå ÄÄÄ ÖÖÖ ÅÅÅ äöå äöå äöå äöå äöå äöå");
    char *ics = calendar_vevent(&ev, LANG_FI, 1773640800);
    assert_non_null(ics);
    for (const char *p = ics; *p;) { /* no line over 75 octets (RFC 5545, 3.1) */
        const char *eol = strstr(p, "\r\n");
        assert_non_null(eol);
        assert_true(eol - p <= 75);
        /* ... and no letter split across a fold: "multi-octet characters MUST remain contiguous" */
        if (p[0] == ' ') assert_int_not_equal((unsigned char)p[1] & 0xC0, 0x80);
        p = eol + 2;
    }
    char *v = line_value(ics, "SUMMARY");
    assert_string_equal(v, "Äänikirjojen ja e-kirjojen lainaaminen kirjaston sovelluksella\\n"
                           "ääkköset ööö äää ååå ÄÄÄ ÖÖÖ ÅÅÅ äöå äöå äöå äöå äöå äöå");
    free(v);
    free(ics);
    event_deinit(&ev);
}

static void test_vevent_without_times(void **state)
{
    (void)state;
    Event ev = event();
    ev.end_time = 0; /* unknown end: no DTEND rather than a made-up one */
    char *ics = calendar_vevent(&ev, LANG_EN, 1773640800);
    assert_null(strstr(ics, "DTEND"));
    free(ics);
    ev.start_time = 0; /* a postponed event: nothing to put in a calendar */
    assert_null(calendar_vevent(&ev, LANG_EN, 1773640800));
    assert_null(calendar_qr_text(&ev, LANG_EN, 1773640800));
    event_deinit(&ev);
}

static void test_page_wins_over_vevent(void **state)
{
    (void)state;
    Event ev = event();
    ev.info_url.s[LANG_FI] = dup("https://tapahtumat.example.fi/satutunti");
    ev.info_url.s[LANG_SV] = dup("https://tapahtumat.example.fi/sv/sagostund");
    char *t = calendar_qr_text(&ev, LANG_SV, 1773640800);
    assert_string_equal(t, "https://tapahtumat.example.fi/sv/sagostund");
    assert_true(calendar_is_url(t));
    free(t);
    t = calendar_qr_text(&ev, LANG_EN, 1773640800); /* en falls back to fi */
    assert_string_equal(t, "https://tapahtumat.example.fi/satutunti");
    free(t);
    event_deinit(&ev);
    ev = event();
    t = calendar_qr_text(&ev, LANG_EN, 1773640800);
    assert_false(calendar_is_url(t));
    assert_non_null(strstr(t, "BEGIN:VEVENT"));
    free(t);
    assert_false(calendar_is_url(NULL));
    event_deinit(&ev);
}

/* ---- Encoding ----------------------------------------------------------------------------- */

static void test_cache_encodes_once(void **state)
{
    (void)state;
    QrCache c;
    qr_cache_init(&c);
    const QrEntry *a = qr_cache_get(&c, "https://kirjasto.example.fi/veturi");
    assert_non_null(a);
    const uint8_t *modules = a->dark;
    assert_int_equal((a->width - 17) % 4, 0); /* versions are 21, 25, ... modules wide */
    /* A finder pattern's dark corner and its light ring. */
    assert_int_equal(a->dark[0], 1);
    assert_int_equal(a->dark[1 * a->width + 1], 0);
    /* The same text again (every frame): the same modules, not encoded anew. */
    for (int i = 0; i < 100; i++)
        assert_ptr_equal(qr_cache_get(&c, "https://kirjasto.example.fi/veturi")->dark, modules);

    /* Four other texts: the least recently used goes, the one in use stays. */
    char text[64];
    for (int i = 0; i < QR_CACHE_SIZE - 1; i++) {
        snprintf(text, sizeof text, "https://kirjasto.example.fi/%d", i);
        assert_non_null(qr_cache_get(&c, text));
    }
    assert_ptr_equal(qr_cache_get(&c, "https://kirjasto.example.fi/veturi")->dark, modules);
    assert_non_null(qr_cache_get(&c, "https://kirjasto.example.fi/new"));
    assert_ptr_equal(qr_cache_get(&c, "https://kirjasto.example.fi/veturi")->dark, modules);
    int held = 0;
    for (int i = 0; i < QR_CACHE_SIZE; i++)
        held +=
            c.entries[i].text && strcmp(c.entries[i].text, "https://kirjasto.example.fi/0") == 0;
    assert_int_equal(held, 0);

    /* Nothing to encode, and more than a QR code holds. */
    assert_null(qr_cache_get(&c, ""));
    assert_null(qr_cache_get(&c, NULL));
    char *big = malloc(4001);
    assert_non_null(big);
    memset(big, 'a', 4000);
    big[4000] = '\0';
    assert_null(qr_cache_get(&c, big));
    free(big);
    qr_cache_deinit(&c);
    qr_cache_deinit(&c); /* deinit twice is harmless: the cache is empty again */
}

static void test_utf8_and_ascii_sizes(void **state)
{
    (void)state;
    QrCache c;
    qr_cache_init(&c);
    /* The ECI header that marks UTF-8 costs a little room, never a failure. */
    const QrEntry *u = qr_cache_get(&c, "SUMMARY:Vauvojen loruhetki, Lahden pääkirjasto");
    assert_non_null(u);
    assert_true(u->width >= 21);
    qr_cache_deinit(&c);
}

static void test_module_px(void **state)
{
    (void)state;
    /* A 57-module code with its quiet zone is 65 modules: whole pixels only. */
    assert_int_equal(qr_module_px(240, 57), 3);
    assert_int_equal(qr_module_px(195, 57), 3);
    assert_int_equal(qr_module_px(194, 57), 2);
    assert_int_equal(qr_module_px(64, 57), 0); /* does not fit at 1 px: not drawn */
    assert_int_equal(qr_module_px(100, 0), 0);
    assert_int_equal(qr_module_px(0, 21), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vevent_fields),
        cmocka_unit_test(test_vevent_all_day_as_dates),
        cmocka_unit_test(test_vevent_newlines_and_folding),
        cmocka_unit_test(test_vevent_without_times),
        cmocka_unit_test(test_page_wins_over_vevent),
        cmocka_unit_test(test_cache_encodes_once),
        cmocka_unit_test(test_utf8_and_ascii_sizes),
        cmocka_unit_test(test_module_px),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
