/*
 * hub_console_auth.h: the console's rules of who may sign in and how a session is known, with no
 * store and no sockets (tests/test_hub_console_auth.c): names, passwords (Argon2id through
 * libsodium's crypto_pwhash_str), session tokens and their cookie, CSRF tokens, the limits of the
 * lockout and of a session's life.
 *
 * A session token is 256 random bits ("acs_" + base64url); the store keeps only its BLAKE2b hash
 * (hub_token_hash). Its CSRF token is derived from it (BLAKE2b keyed by the session token over a
 * fixed context), so the page learns it from GET /console/api/session and must send it in
 * X-CSRF-Token with every change; another site can neither read it nor, SameSite=Strict aside,
 * send the cookie.
 */
#ifndef AUKIO_HUB_CONSOLE_AUTH_H
#define AUKIO_HUB_CONSOLE_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "hub.h"
#include "hub_store_console.h"

/* Wrong passwords in a row that lock an account, and for how long. */
#define HUB_CONSOLE_LOCK_FAILS 10
#define HUB_CONSOLE_LOCK_S (15 * 60)
/* Wrong logins from one address within the window before the address must wait (429). */
#define HUB_CONSOLE_ADDRESS_FAILS 30
#define HUB_CONSOLE_ADDRESS_WINDOW_S (15 * 60)
/* A session ends after this long unused (serve --console-idle MINUTES), and at the latest this
 * long after sign-in. */
#define HUB_CONSOLE_IDLE_S_DEFAULT (30 * 60)
#define HUB_CONSOLE_MAX_S (12 * 3600)
/* A password's length in bytes. */
#define HUB_PASSWORD_MIN 10
#define HUB_PASSWORD_MAX 1024

#define HUB_SESSION_COOKIE "aukio_session"
#define HUB_CSRF_BUF 48 /* 43 base64url characters + NUL */
#define HUB_COOKIE_BUF 160

/* 1 to HUB_USER_NAME_MAX of ASCII letters, digits and ".-_@". */
bool hub_user_name_ok(const char *name);
/* 1 to HUB_USER_VENUE_MAX bytes of valid UTF-8 without control characters. */
bool hub_user_venue_ok(const char *venue);

/* AUKIO_OK when PW may be a password: HUB_PASSWORD_MIN..MAX bytes, valid UTF-8, no control
 * characters; else why, in ERR. */
int hub_password_check(const char *pw, char *err, size_t n) AUKIO_MUST_CHECK;
/* PW's Argon2id string (libsodium's interactive limits) into OUT. */
int hub_password_hash(const char *pw, char out[HUB_PW_HASH_MAX], char *err,
                      size_t n) AUKIO_MUST_CHECK;
/* Whether PW matches HASH. HASH NULL or "" (no such user) costs the same as a real check and
 * is false, so a wrong name cannot be told from a wrong password by the time taken. */
bool hub_password_verify(const char *hash, const char *pw);

/* A fresh session token. */
void hub_session_new(char token[HUB_TOKEN_BUF]);
/* The CSRF token of session TOKEN. */
void hub_session_csrf(const char *token, char out[HUB_CSRF_BUF]);
/* Whether CSRF (may be NULL) is TOKEN's, compared in constant time. */
bool hub_session_csrf_ok(const char *token, const char *csrf);
/* The session token in a Cookie header (may be NULL) into TOKEN; false when there is none or it
 * is not the shape of one. */
bool hub_session_from_cookie(const char *cookie, char token[HUB_TOKEN_BUF]);
/* The Set-Cookie value for TOKEN (NULL: one that clears the cookie): HttpOnly, SameSite=Strict,
 * Path=/console, Secure when SECURE (the hub serves HTTPS). No Max-Age: the browser forgets it
 * when it closes, and the hub ends it after HUB_CONSOLE_IDLE_S unused. */
void hub_session_set_cookie(const char *token, bool secure, char out[HUB_COOKIE_BUF]);

#endif
