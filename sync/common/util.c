/*
 * util.c: helpers shared by both programs (see util.h) and the failure helpers of result.h.
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- Failing ------------------------------------------------------------------------------ */

static const char *program = "aukio";

int err_set(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return AUKIO_ERR;
}

void die_set_program(const char *name)
{
    program = name;
}

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", program);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

/* ---- Strings and numbers ------------------------------------------------------------------ */

void str_copy(char *dst, size_t cap, const char *src)
{
    size_t len = src ? strlen(src) : 0;
    if (len >= cap) {
        len = cap - 1;
        /* Never half a character: a cut UTF-8 text is no longer valid JSON or text to show. */
        while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
            len--;
    }
    if (len) memcpy(dst, src, len);
    dst[len] = '\0';
}

int parse_long(const char *s, long min, long max, long *out)
{
    if (!s || !*s) return -1;
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max) return -1;
    *out = v;
    return 0;
}

/* ---- Files -------------------------------------------------------------------------------- */

static void size_text(size_t max, char *buf, size_t n)
{
    if (max >= 1024 * 1024 && max % (1024 * 1024) == 0)
        snprintf(buf, n, "%zu MiB", max / (1024 * 1024));
    else if (max >= 1024 && max % 1024 == 0)
        snprintf(buf, n, "%zu KiB", max / 1024);
    else
        snprintf(buf, n, "%zu bytes", max);
}

size_t str_control_at(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) return i;
    return len;
}

const char *str_printable(const char *s, char *buf, size_t n)
{
    size_t o = 0;
    if (n == 0) return buf;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        char tmp[5];
        size_t k = 1;
        if (*p < 0x20 || *p == 0x7f)
            k = (size_t)snprintf(tmp, sizeof tmp, "\\x%02x", *p);
        else
            tmp[0] = (char)*p;
        if (o + k >= n) break;
        memcpy(buf + o, tmp, k);
        o += k;
    }
    buf[o] = '\0';
    return buf;
}

int file_read_stat(const char *path, size_t max, bool missing_ok, char **out, size_t *len,
                   struct stat *st, char *err, size_t errlen)
{
    char name[256], cap[32];
    str_printable(path, name, sizeof name);
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. It changes nothing for the regular
     * files that are read below. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0 && errno == ENOENT && missing_ok) {
        *out = NULL;
        if (len) *len = 0;
        return AUKIO_OK;
    }
    if (fd < 0) return err_set(err, errlen, "%s: %s", name, strerror(errno));
    char *buf = NULL;
    if (fstat(fd, st) != 0) {
        err_set(err, errlen, "%s: %s", name, strerror(errno));
        goto error;
    }
    if (S_ISDIR(st->st_mode)) {
        err_set(err, errlen, "%s: is a directory, not a file", name);
        goto error;
    }
    if (!S_ISREG(st->st_mode)) {
        err_set(err, errlen, "%s: not a regular file", name);
        goto error;
    }
    if ((uintmax_t)st->st_size > max) {
        size_text(max, cap, sizeof cap);
        err_set(err, errlen, "%s: %jd bytes, more than the %s it may be", name,
                (intmax_t)st->st_size, cap);
        goto error;
    }
    size_t want = (size_t)st->st_size, got = 0;
    if (!(buf = malloc(want + 1))) {
        err_set(err, errlen, "%s: out of memory", name);
        goto error;
    }
    while (got < want) {
        ssize_t r = read(fd, buf + got, want - got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            err_set(err, errlen, "%s: %s", name, strerror(errno));
            goto error;
        }
        if (r == 0) break; /* shrank while we read: take what is there */
        got += (size_t)r;
    }
    buf[got] = '\0';
    close(fd);
    *out = buf;
    if (len) *len = got;
    return AUKIO_OK;
error:
    free(buf);
    close(fd);
    return AUKIO_ERR;
}

int file_read(const char *path, size_t max, char **out, size_t *len, char *err, size_t errlen)
{
    struct stat st;
    return file_read_stat(path, max, false, out, len, &st, err, errlen);
}

/* ---- Time --------------------------------------------------------------------------------- */

int64_t now_s(void)
{
    return (int64_t)time(NULL);
}

void time_format_local(int64_t t, const char *fmt, const char *unknown, char *buf, size_t n)
{
    struct tm tm;
    time_t tt = (time_t)t;
    if (t <= 0 || !localtime_r(&tt, &tm) || strftime(buf, n, fmt, &tm) == 0)
        str_copy(buf, n, unknown);
}

/* ---- Private files ------------------------------------------------------------------------ */

static void private_free(PrivateFile *pf)
{
    free(pf->path);
    free(pf->partial);
    pf->path = pf->partial = NULL;
    pf->f = NULL;
}

int file_private_open(PrivateFile *pf, const char *path, char *err, size_t errlen)
{
    char shown[256];
    memset(pf, 0, sizeof *pf);
    size_t len = strlen(path);
    pf->path = strdup(path);
    pf->partial = malloc(len + sizeof ".partial");
    if (!pf->path || !pf->partial) {
        private_free(pf);
        return err_set(err, errlen, "%s: out of memory", str_printable(path, shown, sizeof shown));
    }
    memcpy(pf->partial, path, len);
    memcpy(pf->partial + len, ".partial", sizeof ".partial");
    unlink(pf->partial); /* a leftover of a crash; a link there is removed, not followed */
    int fd = open(pf->partial, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        int e = errno;
        private_free(pf);
        return err_set(err, errlen, "%s: %s", str_printable(path, shown, sizeof shown),
                       strerror(e));
    }
    (void)fchmod(fd, 0600); /* past the umask; a FAT stick has no modes to set */
    if (!(pf->f = fdopen(fd, "w"))) {
        int e = errno;
        close(fd);
        unlink(pf->partial);
        private_free(pf);
        return err_set(err, errlen, "%s: %s", str_printable(path, shown, sizeof shown),
                       strerror(e));
    }
    return AUKIO_OK;
}

int file_private_commit(PrivateFile *pf, char *err, size_t errlen)
{
    char shown[256];
    int e = 0;
    if (fflush(pf->f) != 0 || ferror(pf->f) || fsync(fileno(pf->f)) != 0) e = errno ? errno : EIO;
    if (fclose(pf->f) != 0 && !e) e = errno;
    pf->f = NULL;
    if (!e && rename(pf->partial, pf->path) != 0) e = errno;
    if (e) {
        unlink(pf->partial);
        err_set(err, errlen, "%s: %s", str_printable(pf->path, shown, sizeof shown), strerror(e));
        private_free(pf);
        return AUKIO_ERR;
    }
    private_free(pf);
    return AUKIO_OK;
}

void file_private_abort(PrivateFile *pf)
{
    if (pf->f) fclose(pf->f);
    if (pf->partial) unlink(pf->partial);
    private_free(pf);
}

/* ---- Databases ---------------------------------------------------------------------------- */

int file_db_private(const char *path, bool *narrowed, char *err, size_t errlen)
{
    char shown[256];
    *narrowed = false;
    if (!path[0] || strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0)
        return AUKIO_OK;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
        (void)fchmod(fd, 0600); /* past the umask */
        if (geteuid() == 0) {
            /* root (an administrator's `sudo aukio pin set`) creates it for the owner of its
             * folder, the service's user; SQLite gives the -wal and -shm it makes as root the
             * database's owner too. */
            char dir[4096];
            snprintf(dir, sizeof dir, "%s", path);
            char *slash = strrchr(dir, '/');
            if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
            struct stat st;
            if (stat(slash ? dir : ".", &st) == 0 && st.st_uid != 0)
                (void)fchown(fd, st.st_uid, st.st_gid);
        }
        close(fd);
        return AUKIO_OK;
    }
    if (errno != EEXIST)
        return err_set(err, errlen, "%s: cannot create: %s",
                       str_printable(path, shown, sizeof shown), strerror(errno));
    static const char *const SUFFIX[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof SUFFIX / sizeof SUFFIX[0]; i++) {
        char p[4096];
        struct stat st;
        int k = snprintf(p, sizeof p, "%s%s", path, SUFFIX[i]);
        if (k < 0 || (size_t)k >= sizeof p) break;
        if (lstat(p, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) continue;
        if ((st.st_mode & 077) == 0) continue;
        if (chmod(p, st.st_mode & 0700) != 0)
            return err_set(err, errlen, "%s: cannot make it private: %s",
                           str_printable(p, shown, sizeof shown), strerror(errno));
        *narrowed = true;
    }
    return AUKIO_OK;
}

int lines_read(int fd, char *buf, size_t cap, size_t *len, void (*on_line)(void *ctx, char *line),
               void *ctx)
{
    ssize_t k = read(fd, buf + *len, cap - *len);
    if (k < 0 && (errno == EINTR || errno == EAGAIN)) return 1;
    if (k <= 0) return 0;
    *len += (size_t)k;
    char *start = buf, *nl;
    while ((nl = memchr(start, '\n', *len - (size_t)(start - buf))) != NULL) {
        *nl = '\0';
        on_line(ctx, start);
        start = nl + 1;
    }
    *len -= (size_t)(start - buf);
    memmove(buf, start, *len);
    return *len < cap ? 1 : -1;
}
