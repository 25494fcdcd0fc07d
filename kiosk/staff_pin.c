/*
 * staff_pin.c: the PIN's shape, its hash and lockout arithmetic, and `aukio pin set`.
 */
#include "staff_pin.h"

#include <sodium.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

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
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return err_set(err, errlen, "hashing the PIN failed (out of memory?)");
    return 0;
}

bool staff_pin_matches(const char *hash, const char *pin)
{
    if (sodium_init() < 0) return false;
    return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
}

/* ---- aukio pin set ---------------------------------------------------------------------- */

/* One line of IN into BUF without its newline; echo off when TTY. False at the end of input. */
static bool read_pin(FILE *in, bool tty, FILE *errf, const char *prompt, char *buf, size_t n)
{
    struct termios old, quiet;
    bool restore = false;
    if (tty) {
        fputs(prompt, errf);
        fflush(errf);
        if (tcgetattr(fileno(in), &old) == 0) {
            quiet = old;
            quiet.c_lflag &= (tcflag_t)~ECHO;
            restore = tcsetattr(fileno(in), TCSAFLUSH, &quiet) == 0;
        }
    }
    bool got = fgets(buf, (int)n, in) != NULL;
    if (restore) tcsetattr(fileno(in), TCSAFLUSH, &old);
    if (tty) fputc('\n', errf);
    if (got) buf[strcspn(buf, "\r\n")] = '\0';
    return got;
}

int staff_pin_cli_set(Store *s, FILE *in, bool tty, FILE *errf)
{
    char pin[64] = "", again[64] = "", err[256];
    int rc = 1;
    if (!read_pin(in, tty, errf, "New staff PIN (4-8 digits): ", pin, sizeof pin)) {
        fprintf(errf, "aukio: pin set: no PIN on standard input\n");
        goto done;
    }
    if (!staff_pin_valid(pin)) {
        fprintf(errf, "aukio: pin set: a PIN is 4 to 8 digits (0-9) and nothing else\n");
        goto done;
    }
    if (tty) {
        if (!read_pin(in, tty, errf, "The same PIN again: ", again, sizeof again) ||
            strcmp(pin, again) != 0) {
            fprintf(errf, "aukio: pin set: the two PINs differ; nothing was changed\n");
            goto done;
        }
    }
    if (store_pin_set(s, pin, err, sizeof err) != 0) {
        fprintf(errf, "aukio: pin set: %s\n", err);
        goto done;
    }
    fprintf(errf, "the staff PIN is set\n");
    rc = 0;
done:
    sodium_memzero(pin, sizeof pin);
    sodium_memzero(again, sizeof again);
    return rc;
}
