/*
 * staff_pin.c: the PIN's shape, its hash and lockout arithmetic, and `aukio pin set`.
 */
#include "staff_pin.h"

#include <sodium.h>
#include <string.h>

#include "util.h"

_Static_assert(STAFF_PIN_HASH_MAX >= crypto_pwhash_STRBYTES, "room for an Argon2id hash string");

bool staff_pin_valid(const char *pin)
{
    size_t n = strlen(pin);
    if (n < STAFF_PIN_MIN || n > STAFF_PIN_MAX) return false;
    for (size_t i = 0; i < n; i++)
        if (pin[i] < '0' || pin[i] > '9') return false;
    return true;
}

int64_t staff_pin_lock_ms(int fails)
{
    if (fails < STAFF_PIN_FREE_TRIES) return 0;
    int64_t ms = STAFF_PIN_DELAY_MS;
    for (int i = STAFF_PIN_FREE_TRIES; i < fails && ms < STAFF_PIN_DELAY_MAX_MS; i++)
        ms *= 2;
    return ms < STAFF_PIN_DELAY_MAX_MS ? ms : STAFF_PIN_DELAY_MAX_MS;
}

int staff_pin_hash(const char *pin, char out[STAFF_PIN_HASH_MAX], char *err, size_t errlen)
{
    if (sodium_init() < 0) return err_set(err, errlen, "libsodium failed to initialise");
    /* Argon2id with libsodium's interactive limits (64 MiB): well under a second on a kiosk. */
    if (crypto_pwhash_str_alg(out, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return err_set(err, errlen, "hashing the PIN failed (out of memory?)");
    return 0;
}

bool staff_pin_matches(const char *hash, const char *pin)
{
    if (sodium_init() < 0) return false;
    return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
}
