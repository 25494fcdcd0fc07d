/*
 * staff_pin.h: the staff PIN: its shape, its Argon2id hash (libsodium's crypto_pwhash_str) and
 * the lockout after wrong tries, kept in the kiosk's store so that a restart does not reset it.
 * No SDL; the clock is the caller's (virtual in tests). The PIN itself is never stored or logged:
 * only its hash, the count of wrong tries in a row and when the pad opens again.
 */
#ifndef AUKIO_STAFF_PIN_H
#define AUKIO_STAFF_PIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "result.h"
#include "staff_state.h"
#include "store.h"

#define STAFF_PIN_MIN APP_STAFF_PIN_MIN
#define STAFF_PIN_MAX APP_STAFF_PIN_MAX
/* crypto_pwhash_STRBYTES, without including sodium.h everywhere (checked in staff_pin.c). */
#define STAFF_PIN_HASH_MAX 128
/* Wrong PINs in a row before the pad locks; then STAFF_PIN_DELAY_MS, doubling with each further
 * wrong PIN (30 s, 60 s, 120 s...), at most STAFF_PIN_DELAY_MAX_MS. A right PIN resets it. */
#define STAFF_PIN_FREE_TRIES 3
#define STAFF_PIN_DELAY_MS 30000
#define STAFF_PIN_DELAY_MAX_MS (60 * 60 * 1000)

/* Whether PIN is 4 to 8 digits and nothing else. */
bool staff_pin_valid(const char *pin);

/* How long the pad stays locked after FAILS wrong PINs in a row (0 = not locked). */
int64_t staff_pin_lock_ms(int fails);

/* The Argon2id hash of PIN (valid) into OUT, STAFF_PIN_HASH_MAX bytes. Returns 0 or -1 with ERR. */
int staff_pin_hash(const char *pin, char out[STAFF_PIN_HASH_MAX], char *err,
                   size_t errlen) AUKIO_MUST_CHECK;

/* Whether PIN matches HASH (staff_pin_hash's). */
bool staff_pin_matches(const char *hash, const char *pin);

/* What the store keeps of the PIN. */
typedef struct {
    bool set;                /* a PIN has been chosen */
    int fails;               /* wrong PINs in a row */
    int64_t locked_until_ms; /* wall clock, Unix ms; the pad takes no PIN before it */
    char hash[STAFF_PIN_HASH_MAX];
} StaffPinState;

/* Reads the PIN's state from S (set = false when none was chosen). Returns 0 or -1 with ERR. */
int store_pin_state(Store *s, StaffPinState *out, char *err, size_t errlen) AUKIO_MUST_CHECK;

/* Hashes PIN (valid) and keeps it in S as the staff PIN, forgetting wrong tries. 0 or -1. */
int store_pin_set(Store *s, const char *pin, char *err, size_t errlen) AUKIO_MUST_CHECK;

/* Tries PIN at wall time NOW_MS: refused unseen while the pad is locked; else checked against
 * the hash, and a wrong one counted (and the lock set) in the store before the answer. Writes
 * the lock's end (0 = none) to *LOCKED_UNTIL and the wrong tries in a row to *FAILS. Returns a
 * StaffPinAnswer, or -1 with ERR when the store failed (then nothing was counted). */
int staff_pin_try(Store *s, const char *pin, int64_t now_ms, int64_t *locked_until, int *fails,
                  char *err, size_t errlen) AUKIO_MUST_CHECK;

/* `aukio pin set`: reads the PIN from IN, twice when TTY (echo off; the two must match), once
 * from a pipe, and sets it in S. Messages go to ERRF. Returns the exit code. */
int staff_pin_cli_set(Store *s, FILE *in, bool tty, FILE *errf);

#endif
