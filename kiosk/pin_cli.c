/*
 * pin_cli.c: `aukio pin set`, the staff PIN from the shell.
 */
#include <sodium.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "staff_pin.h"

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
