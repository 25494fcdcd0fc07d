/*
 * buf.c: the capped growing buffer (see buf.h).
 */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(Buf *b, size_t max)
{
    b->p = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

void buf_deinit(Buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

void buf_clear(Buf *b)
{
    b->len = 0;
    if (b->p) b->p[0] = '\0';
}

int buf_add(Buf *b, const void *p, size_t n)
{
    if (n > b->max || b->len > b->max - n) return -1;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) return -1;
        b->p = np;
        b->cap = cap;
    }
    if (n) memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

int buf_adds(Buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

int buf_addf(Buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) return -1;
    return buf_add(b, tmp, (size_t)n);
}

int buf_add_jstr(Buf *b, const char *s)
{
    if (buf_add(b, "\"", 1) != 0) return -1;
    const char *run = s;
    for (const char *p = s;; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch != 0 && ch >= 0x20 && ch != '"' && ch != '\\') continue;
        if (buf_add(b, run, (size_t)(p - run)) != 0) return -1;
        if (ch == 0) break;
        char esc[8];
        switch (ch) {
        case '"':
            memcpy(esc, "\\\"", 3);
            break;
        case '\\':
            memcpy(esc, "\\\\", 3);
            break;
        case '\n':
            memcpy(esc, "\\n", 3);
            break;
        case '\r':
            memcpy(esc, "\\r", 3);
            break;
        case '\t':
            memcpy(esc, "\\t", 3);
            break;
        default:
            snprintf(esc, sizeof esc, "\\u%04x", ch);
            break;
        }
        if (buf_adds(b, esc) != 0) return -1;
        run = p + 1;
    }
    return buf_add(b, "\"", 1);
}

char *buf_steal(Buf *b)
{
    if (!b->p && buf_add(b, "", 0) != 0) return NULL;
    char *p = b->p;
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}
