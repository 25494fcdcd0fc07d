/*
 * buf.h: a growing byte buffer with a hard cap (curl's dynbuf), for messages and files.
 */
#ifndef AUKIO_BUF_H
#define AUKIO_BUF_H

#include <stddef.h>

#include "result.h"

typedef struct {
    char *p; /* NUL-terminated when len > 0 */
    size_t len;
    size_t cap;
    size_t max; /* appending beyond this fails */
} Buf;

void buf_init(Buf *b, size_t max);
/* Frees the contents; B itself is the caller's. */
void buf_deinit(Buf *b);
/* Empties B but keeps its memory for what is appended next. */
void buf_clear(Buf *b);
/* Each append returns 0, or -1 (B unchanged) when it would pass B->max or memory runs out. */
int buf_add(Buf *b, const void *p, size_t n) AUKIO_MUST_CHECK;
int buf_adds(Buf *b, const char *s) AUKIO_MUST_CHECK;
int buf_addf(Buf *b, const char *fmt, ...) AUKIO_MUST_CHECK __attribute__((format(printf, 2, 3)));
/* Appends S as a JSON string literal with quotes and escapes. S must be UTF-8. */
int buf_add_jstr(Buf *b, const char *s) AUKIO_MUST_CHECK;
/* Hands the contents over (caller frees) and leaves B empty. Never NULL on success. */
char *buf_steal(Buf *b);

#endif
