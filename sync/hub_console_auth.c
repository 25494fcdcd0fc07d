/*
 * hub_console_auth.c: names, passwords, session tokens, cookies and CSRF tokens of the console
 * (hub_console_auth.h).
 */
#include "hub_console_auth.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "util.h"

_Static_assert(HUB_PW_HASH_MAX >= crypto_pwhash_STRBYTES, "room for an Argon2id string");

bool hub_user_name_ok(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > HUB_USER_NAME_MAX) return false;
    for (size_t i = 0; i < len; i++) {
        char ch = name[i];
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '_' || ch == '@';
        if (!ok) return false;
    }
    return true;
}

/* Whether S is valid UTF-8 (no overlong forms, no surrogates) without control characters. */
static bool text_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        int more = c < 0x80             ? 0
                   : (c & 0xE0) == 0xC0 ? 1
                   : (c & 0xF0) == 0xE0 ? 2
                   : (c & 0xF8) == 0xF0 ? 3
                                        : -1;
        if (more < 0 || (more == 1 && c < 0xC2) || c > 0xF4) return false;
        if (more == 0 && (c < 0x20 || c == 0x7F)) return false;
        uint32_t cp = more == 0 ? c : c & (0x3F >> more);
        for (int i = 1; i <= more; i++) {
            if ((p[i] & 0xC0) != 0x80) return false;
            cp = cp << 6 | (p[i] & 0x3F);
        }
        if ((more == 2 && cp < 0x800) || (more == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp < 0xA0))
            return false;
        p += more + 1;
    }
    return true;
}

bool hub_user_venue_ok(const char *venue)
{
    size_t len = strlen(venue);
    return len > 0 && len <= HUB_USER_VENUE_MAX && text_ok(venue);
}

int hub_password_check(const char *pw, char *err, size_t n)
{
    size_t len = strlen(pw);
    if (len < HUB_PASSWORD_MIN)
        return err_set(err, n, "a password has at least %d characters", HUB_PASSWORD_MIN);
    if (len > HUB_PASSWORD_MAX)
        return err_set(err, n, "a password has at most %d bytes", HUB_PASSWORD_MAX);
    if (!text_ok(pw))
        return err_set(err, n, "a password is one line of UTF-8 text without control characters");
    return AUKIO_OK;
}

int hub_password_hash(const char *pw, char out[HUB_PW_HASH_MAX], char *err, size_t n)
{
    if (sodium_init() < 0) return err_set(err, n, "libsodium failed to initialise");
    /* Argon2id with libsodium's interactive limits (64 MiB, about 0.1 s here). */
    if (crypto_pwhash_str_alg(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return err_set(err, n, "hashing the password failed (out of memory?)");
    return AUKIO_OK;
}

/* The hash a login for no such user is checked against: as costly as a real one. */
static char DUMMY[crypto_pwhash_STRBYTES];
static pthread_once_t DUMMY_ONCE = PTHREAD_ONCE_INIT;

static void dummy_make(void)
{
    char err[64];
    if (hub_password_hash("no such user, no such password", DUMMY, err, sizeof err) != AUKIO_OK)
        DUMMY[0] = '\0';
}

bool hub_password_verify(const char *hash, const char *pw)
{
    if (sodium_init() < 0) return false;
    if (!hash || !*hash) {
        pthread_once(&DUMMY_ONCE, dummy_make);
        if (DUMMY[0]) {
            int spent = crypto_pwhash_str_verify(DUMMY, pw, strlen(pw));
            (void)spent;
        }
        return false;
    }
    return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

/* ---- Sessions ----------------------------------------------------------------------------- */

void hub_session_new(char token[HUB_TOKEN_BUF])
{
    hub_token_new("acs_", token);
}

void hub_session_csrf(const char *token, char out[HUB_CSRF_BUF])
{
    static const uint8_t context[] = "aukio-hub console csrf v1";
    uint8_t raw[32];
    size_t klen = strlen(token);
    /* The token (47 bytes) keys BLAKE2b; crypto_generichash takes keys of 16 to 64 bytes. */
    if (klen > crypto_generichash_KEYBYTES_MAX) klen = crypto_generichash_KEYBYTES_MAX;
    crypto_generichash(raw, sizeof raw, context, sizeof context, (const uint8_t *)token, klen);
    sodium_bin2base64(out, HUB_CSRF_BUF, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

bool hub_session_csrf_ok(const char *token, const char *csrf)
{
    if (!csrf) return false;
    char want[HUB_CSRF_BUF];
    hub_session_csrf(token, want);
    size_t len = strlen(want);
    bool ok = strlen(csrf) == len && sodium_memcmp(want, csrf, len) == 0;
    sodium_memzero(want, sizeof want);
    return ok;
}

bool hub_session_from_cookie(const char *cookie, char token[HUB_TOKEN_BUF])
{
    token[0] = '\0';
    if (!cookie) return false;
    static const char name[] = HUB_SESSION_COOKIE "=";
    const char *p = cookie;
    while (*p) {
        while (*p == ' ' || *p == ';')
            p++;
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > sizeof name - 1 && strncmp(p, name, sizeof name - 1) == 0) {
            const char *v = p + sizeof name - 1;
            size_t vlen = len - (sizeof name - 1);
            while (vlen > 0 && v[vlen - 1] == ' ')
                vlen--;
            if (vlen < 5 || vlen >= HUB_TOKEN_BUF || strncmp(v, "acs_", 4) != 0) return false;
            for (size_t i = 4; i < vlen; i++) {
                char ch = v[i];
                if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
                    return false;
            }
            memcpy(token, v, vlen);
            token[vlen] = '\0';
            return true;
        }
        p += len;
    }
    return false;
}

void hub_session_set_cookie(const char *token, bool secure, char out[HUB_COOKIE_BUF])
{
    snprintf(out, HUB_COOKIE_BUF, "%s=%s; Path=/console; HttpOnly; SameSite=Strict%s%s",
             HUB_SESSION_COOKIE, token ? token : "", token ? "" : "; Max-Age=0",
             secure ? "; Secure" : "");
}
