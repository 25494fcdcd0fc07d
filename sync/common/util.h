/*
 * util.h: the small helpers both programs use, each written once: bounded string copies, number
 * parsing, reading a whole file with a size cap, the clock, and local time stamps (ISO 8601 UTC
 * ones are event_format_time's).
 */
#ifndef AUKIO_UTIL_H
#define AUKIO_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "result.h"

/* Number of elements of a true array (not a pointer). */
#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Copies SRC (NULL = "") into DST of CAP >= 1 bytes, always terminated; a SRC that does not fit
 * is cut at CAP - 1 bytes or before, never inside a UTF-8 character. */
void str_copy(char *dst, size_t cap, const char *src);

/* Parses a decimal integer in [MIN, MAX] with nothing before or after it. Returns 0 or -1. */
int parse_long(const char *s, long min, long max, long *out) AUKIO_MUST_CHECK;

/* S with control bytes (and DEL) written as \xNN, for a message that names a file or a value a
 * user typed: a name carrying escape sequences must not reach a terminal raw. Into BUF (cut to
 * fit); returns BUF. */
const char *str_printable(const char *s, char *buf, size_t n);

/* The index of the first control byte (below 0x20, or DEL) in the LEN bytes at S, or LEN when
 * there is none: the one test of the bytes str_printable escapes. */
size_t str_control_at(const char *s, size_t len);

/* Reads the whole regular file PATH, at most MAX bytes, into a malloc'd NUL-terminated buffer
 * (*OUT, caller frees; *LEN its length, LEN may be NULL). Anything but a regular file (a FIFO,
 * a directory, a device such as /dev/zero) is refused without blocking or reading it. On
 * failure returns AUKIO_ERR and ERR says why, starting with PATH (control bytes escaped):
 * "PATH: No such file or directory", "PATH: not a regular file", "PATH: 67108865 bytes, more
 * than the 64 MiB it may be". */
int file_read(const char *path, size_t max, char **out, size_t *len, char *err,
              size_t errlen) AUKIO_MUST_CHECK;

/* file_read that also returns the file's status in *ST (owner, mode) and, when the file does
 * not exist and MISSING_OK is set, succeeds with *OUT NULL and *LEN 0. */
struct stat;
int file_read_stat(const char *path, size_t max, bool missing_ok, char **out, size_t *len,
                   struct stat *st, char *err, size_t errlen) AUKIO_MUST_CHECK;

/* A file written whole or not at all, mode 0600 (it holds personal data or a secret): the bytes
 * go to "PATH.partial" (created 0600, O_NOFOLLOW, replacing a leftover), and file_private_commit
 * flushes, fsyncs and renames it over PATH, so PATH is never seen half written. A file system
 * without Unix modes (a FAT USB stick) keeps what it can. */
typedef struct {
    FILE *f;
    char *path;    /* malloc'd */
    char *partial; /* malloc'd */
} PrivateFile;

/* Opens PF for writing. AUKIO_OK, or AUKIO_ERR with ERR naming the file and why. */
int file_private_open(PrivateFile *pf, const char *path, char *err, size_t errlen) AUKIO_MUST_CHECK;
/* Finishes PF: flush, fsync, rename. On failure the partial file is removed, PATH untouched. */
int file_private_commit(PrivateFile *pf, char *err, size_t errlen) AUKIO_MUST_CHECK;
/* Gives PF up: closed and removed, PATH untouched. */
void file_private_abort(PrivateFile *pf);

/* Makes sure the SQLite database PATH is private before SQLite opens it. SQLite creates a new
 * database 0644 less the umask and gives its -wal and -shm the database's own mode, so: a
 * missing PATH is created empty with mode 0600 (SQLite takes an empty file for a new
 * database; created by root, it is given to the owner of its folder), and an existing one of ours
 * that others may read is narrowed to 0600, with its -wal and -shm (*NARROWED set; the caller may
 * say so). ":memory:", "" and "file:" URIs are left alone. AUKIO_OK, or AUKIO_ERR with ERR naming
 * the file and why. */
int file_db_private(const char *path, bool *narrowed, char *err, size_t errlen) AUKIO_MUST_CHECK;

/* Wall-clock time in Unix seconds. */
int64_t now_s(void);

/* T in local time as strftime's FMT into BUF; UNKNOWN when T <= 0 or it cannot be shown. */
void time_format_local(int64_t t, const char *fmt, const char *unknown, char *buf, size_t n);

/* Reads what FD has into BUF (CAP bytes, *LEN of them kept from the read before) and calls
 * ON_LINE(CTX, line) for each whole line, its '\n' replaced by a NUL; what follows the last
 * newline stays in BUF for the next read. Returns 1 while the reading goes on (also when it was
 * interrupted), 0 at the end of FD or a failed read, -1 when BUF is full without a newline. */
int lines_read(int fd, char *buf, size_t cap, size_t *len, void (*on_line)(void *ctx, char *line),
               void *ctx);

#endif
