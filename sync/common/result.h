/*
 * result.h: the one way to fail, shared by the kiosk, its sync client and the hub.
 *
 * A fallible function returns an AukioRc (0 = AUKIO_OK, negative = what went wrong) that the
 * caller must check (AUKIO_MUST_CHECK), and writes a message for people into a caller's buffer
 * (char *err, size_t errlen) with err_set. Messages never carry personal data. Programmer errors
 * are asserts; the unrecoverable (out of memory at start-up, a broken invariant in main) goes
 * through die().
 */
#ifndef AUKIO_RESULT_H
#define AUKIO_RESULT_H

#include <stddef.h>

#define AUKIO_MUST_CHECK __attribute__((warn_unused_result))

typedef enum {
    AUKIO_OK = 0,
    AUKIO_ERR = -1,           /* database, I/O or memory: the message says which */
    AUKIO_ERR_NOT_FOUND = -2, /* no such record */
    AUKIO_ERR_EXISTS = -3,    /* already there */
    AUKIO_ERR_DENIED = -4,    /* bad, spent or revoked token */
    AUKIO_ERR_INVALID = -5,   /* the request breaks a rule (e.g. capacity below seats taken) */
} AukioRc;

/* Formats a message into ERR (when ERR and ERRLEN are non-zero) and returns AUKIO_ERR, so that
 * `return err_set(err, errlen, "...")` is the whole failure path. */
int err_set(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Prints "PROGRAM: message" to stderr and exits with status 1. For what cannot be recovered
 * from; everything else returns an AukioRc. */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The program name die() prints ("aukio", "aukio-hub"); set once at the top of main(). */
void die_set_program(const char *name);

#endif
