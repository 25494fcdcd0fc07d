/*
 * wire_kiosk.c: a kiosk's report of itself (records waiting, version) and the enrolment text a
 * QR code carries (wire_kiosk.h, sync/PROTOCOL.md).
 */
#include "wire_kiosk.h"

#include <stdio.h>
#include <string.h>

static bool is_alnum(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static void why_set(char *why, size_t whylen, const char *text)
{
    if (why && whylen) snprintf(why, whylen, "%s", text);
}

/* ---- Report ------------------------------------------------------------------------------- */

bool wire_version_ok(const char *s)
{
    size_t len = s ? strlen(s) : 0;
    if (len == 0 || len > WIRE_VERSION_MAX) return false;
    for (size_t i = 0; i < len; i++)
        if (!is_alnum(s[i]) && !strchr(".+~-", s[i])) return false;
    return true;
}

int wire_report_query(char *buf, size_t n, long waiting, const char *version)
{
    if (waiting < 0) waiting = 0;
    if (waiting > WIRE_WAITING_MAX) waiting = WIRE_WAITING_MAX;
    if (!wire_version_ok(version)) return -1;
    /* '+' is the one version character a query would read as a space. */
    char v[3 * WIRE_VERSION_MAX + 1];
    size_t j = 0;
    for (const char *p = version; *p; p++) {
        if (*p == '+') {
            memcpy(v + j, "%2B", 3);
            j += 3;
        } else {
            v[j++] = *p;
        }
    }
    v[j] = '\0';
    int w = snprintf(buf, n, "&waiting=%ld&version=%s", waiting, v);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

int wire_report_parse(const char *waiting, const char *version, WireReport *out, char *why,
                      size_t whylen)
{
    memset(out, 0, sizeof *out);
    if (!waiting && !version) return 0;
    if (!waiting || !version) {
        why_set(why, whylen, "waiting and version: send both or neither");
        return -1;
    }
    size_t len = strlen(waiting);
    bool digits = len > 0 && len <= 8;
    for (size_t i = 0; digits && i < len; i++)
        digits = waiting[i] >= '0' && waiting[i] <= '9';
    long w = 0;
    if (!digits || parse_long(waiting, 0, WIRE_WAITING_MAX, &w) != 0) {
        why_set(why, whylen, "waiting: an integer from 0 to 10000000");
        return -1;
    }
    if (!wire_version_ok(version)) {
        why_set(why, whylen, "version: 1 to 32 of A-Z a-z 0-9 . + ~ -");
        return -1;
    }
    out->present = true;
    out->waiting = w;
    snprintf(out->version, sizeof out->version, "%s", version);
    return 0;
}

/* ---- Enrolment text ----------------------------------------------------------------------- */

bool wire_hub_url_ok(const char *s)
{
    size_t len = s ? strlen(s) : 0;
    if (len == 0 || len > WIRE_HUB_URL_MAX) return false;
    size_t skip = strncmp(s, "https://", 8) == 0 ? 8 : strncmp(s, "http://", 7) == 0 ? 7 : 0;
    if (skip == 0 || skip == len || s[skip] == '/' || s[skip] == ':') return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f) return false;
    return true;
}

bool wire_enrol_token_ok(const char *s)
{
    size_t len = s ? strlen(s) : 0;
    if (len <= 4 || len > WIRE_TOKEN_MAX || strncmp(s, "aue_", 4) != 0) return false;
    for (size_t i = 4; i < len; i++)
        if (!is_alnum(s[i]) && s[i] != '-' && s[i] != '_') return false;
    return true;
}

static bool url_keep(char c)
{
    return is_alnum(c) || strchr("-._~:/@[]", c);
}

int wire_enrol_text_build(char *buf, size_t n, const char *hub, const char *token)
{
    if (!wire_hub_url_ok(hub) || !wire_enrol_token_ok(token)) return -1;
    char esc[3 * WIRE_HUB_URL_MAX + 1];
    size_t j = 0;
    for (const char *p = hub; *p; p++) {
        if (url_keep(*p)) {
            esc[j++] = *p;
        } else {
            snprintf(esc + j, 4, "%%%02X", (unsigned char)*p);
            j += 3;
        }
    }
    esc[j] = '\0';
    int w = snprintf(buf, n, WIRE_ENROL_SCHEME "hub=%s&token=%s", esc, token);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Percent-decodes LEN bytes of SRC into DST (MAX + 1 bytes); -1 when malformed or too long. */
static int pct_decode(const char *src, size_t len, char *dst, size_t max)
{
    size_t j = 0;
    for (size_t i = 0; i < len; i++) {
        char c = src[i];
        if (c == '%') {
            if (i + 2 >= len) return -1;
            int a = hex_digit(src[i + 1]), b = hex_digit(src[i + 2]);
            if (a < 0 || b < 0) return -1;
            c = (char)(a * 16 + b);
            i += 2;
        }
        if (j >= max || c == '\0') return -1;
        dst[j++] = c;
    }
    dst[j] = '\0';
    return 0;
}

int wire_enrol_text_parse(const char *text, char *hub, char *token, char *why, size_t whylen)
{
    hub[0] = token[0] = '\0';
    while (*text == ' ' || *text == '\t')
        text++;
    size_t len = strlen(text);
    while (len > 0 && strchr(" \t\r\n", text[len - 1]))
        len--;
    size_t scheme = strlen(WIRE_ENROL_SCHEME);
    if (len > WIRE_ENROL_TEXT_MAX || len < scheme ||
        strncmp(text, WIRE_ENROL_SCHEME, scheme) != 0) {
        why_set(why, whylen,
                "This is not an Aukio enrolment code (it starts with aukio-enrol:v1?).");
        return -1;
    }
    bool got_hub = false, got_token = false;
    const char *p = text + scheme, *end = text + len;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *stop = amp ? amp : end;
        const char *eq = memchr(p, '=', (size_t)(stop - p));
        if (eq && (size_t)(eq - p) == 3 && strncmp(p, "hub", 3) == 0) {
            got_hub = pct_decode(eq + 1, (size_t)(stop - eq - 1), hub, WIRE_HUB_URL_MAX) == 0;
            if (!got_hub) hub[0] = '\0';
        } else if (eq && (size_t)(eq - p) == 5 && strncmp(p, "token", 5) == 0) {
            got_token = pct_decode(eq + 1, (size_t)(stop - eq - 1), token, WIRE_TOKEN_MAX) == 0;
            if (!got_token) token[0] = '\0';
        } /* other keys: a later version's, ignored */
        p = amp ? amp + 1 : end;
    }
    if (!got_hub || !wire_hub_url_ok(hub)) {
        why_set(why, whylen, "The code has no hub address starting with https:// or http://.");
        hub[0] = token[0] = '\0';
        return -1;
    }
    if (!got_token || !wire_enrol_token_ok(token)) {
        why_set(why, whylen, "The code has no enrolment token starting with aue_.");
        hub[0] = token[0] = '\0';
        return -1;
    }
    return 0;
}
