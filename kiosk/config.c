/*
 * config.c: the kiosk's INI file, read strictly with inih, and rewritten one key at a time.
 *
 * Strict because a kiosk is configured once, by someone at a ladder with a laptop, and then runs
 * unattended for months: a misspelt key that silently falls back to a default is found only
 * when the sync has not worked for weeks. So every unknown section or key, repeated key, bad
 * value or malformed line is an error naming the file and line.
 *
 * inih here is the system's shared build, whose handler gets no line number; we feed it lines
 * through our own reader, which counts them, so the handler knows the line it is called for.
 * The reader also rejects what inih would accept but read differently from how it looks:
 * overlong lines (inih would split them) and indented lines (inih would take them as a
 * continuation of the previous value).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uriparser/Uri.h>

#include "buf.h"
#include "util.h"

/* ---- Schema ------------------------------------------------------------------------------ */

typedef enum { T_STRING, T_INT, T_LANG, T_TZ, T_URL, T_SPEECH } Type;

typedef struct {
    const char *section;
    const char *key;
    Type type;
    size_t offset;
    size_t size;   /* T_STRING/T_TZ/T_URL: buffer size */
    bool nonempty; /* strings: "" not allowed */
    long min, max; /* T_INT, inclusive */
    const char *unit;
} Field;

/* clang-format off */
#define STR_FIELD(sec, k, member, ne)                                                             \
    {sec, k, T_STRING, offsetof(Config, member), sizeof(((Config *)0)->member), ne, 0, 0, NULL}
#define INT_FIELD(sec, k, member, lo, hi, unit)                                                   \
    {sec, k, T_INT, offsetof(Config, member), sizeof(int), false, lo, hi, unit}

/* The ranges keep a typo from making the kiosk unusable: an idle timeout of 6 s empties the
 * form under the visitor's fingers, a sync interval of 0 hammers the hub. */
static const Field FIELDS[] = {
    STR_FIELD("kiosk", "name", kiosk_name, false),
    STR_FIELD("kiosk", "venue", venue, false),
    {"kiosk", "language", T_LANG, offsetof(Config, language), sizeof(Lang), true, 0, 0, NULL},
    STR_FIELD("kiosk", "database", database, true),
    {"kiosk", "timezone", T_TZ, offsetof(Config, timezone), sizeof(((Config *)0)->timezone),
     true, 0, 0, NULL},
    INT_FIELD("kiosk", "retention_days", retention_days, 0, 3650, "days"),
    INT_FIELD("timeouts", "idle", idle_timeout_s, 10, 3600, "seconds"),
    INT_FIELD("timeouts", "confirmation", confirm_timeout_s, 5, 600, "seconds"),
    {"sync", "hub", T_URL, offsetof(Config, hub_url), sizeof(((Config *)0)->hub_url), false, 0,
     0, NULL},
    STR_FIELD("sync", "token", hub_token, false), /* old configs: moved to token_file */
    STR_FIELD("sync", "token_file", token_file, false),
    INT_FIELD("sync", "interval", sync_interval_s, 5, 86400, "seconds"),
    STR_FIELD("sync", "ca_file", ca_file, false),
    {"speech", "mode", T_SPEECH, offsetof(Config, speech_mode), sizeof(int), true, 0, 0, NULL},
    INT_FIELD("speech", "volume", speech_volume, 10, 100, "percent"),
};

/* clang-format on */

enum { N_FIELDS = (int)(sizeof FIELDS / sizeof FIELDS[0]) };
_Static_assert(N_FIELDS <= 32, "Parser.seen has one bit per field");

#define UTF8_BOM "\xEF\xBB\xBF"

static bool known_section(const char *name)
{
    for (int i = 0; i < N_FIELDS; i++)
        if (strcmp(FIELDS[i].section, name) == 0) return true;
    return false;
}

void config_defaults(Config *c)
{
    memset(c, 0, sizeof *c);
    c->language = LANG_FI;
    snprintf(c->database, sizeof c->database, "%s", "aukio.db");
    snprintf(c->timezone, sizeof c->timezone, "%s", "Europe/Helsinki");
    c->retention_days = 14;
    c->idle_timeout_s = 60;
    c->confirm_timeout_s = 20;
    c->sync_interval_s = 60;
    c->speech_volume = 80;
}

/* ---- Parsing ----------------------------------------------------------------------------- */

typedef struct {
    Config cfg;       /* the copy being filled; copied out only on success */
    const char *name; /* file name for messages */
    const char *text; /* the whole file, read by read_line */
    size_t len, pos;
    int lineno;    /* line most recently handed to inih */
    unsigned seen; /* bit i: FIELDS[i] already set in this file */
    int err_line;  /* first error found by us (0 = none) */
    char err[256];
} Parser;

static void parser_error(Parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records the first error only: later ones are often consequences of it. */
static void parser_error(Parser *p, const char *fmt, ...)
{
    if (p->err_line) return;
    p->err_line = p->lineno;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, sizeof p->err, fmt, ap);
    va_end(ap);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Checks a [section] line the way inih will read it: the name is everything between '[' and
 * the first ']', untrimmed. inih itself reports a missing ']'. */
static void check_section_line(Parser *p, const char *s)
{
    const char *end = strchr(s + 1, ']');
    if (!end) return;
    char name[64];
    size_t len = (size_t)(end - (s + 1));
    if (len >= sizeof name) {
        parser_error(p, "unknown section [%.40s...]", s + 1);
        return;
    }
    memcpy(name, s + 1, len);
    name[len] = '\0';
    if (!known_section(name)) parser_error(p, "unknown section [%s]", name);
}

/* inih's fgets-style reader over the file's text. Returns one whole line per call, so p->lineno
 * is the line the handler is called for. */
static char *read_line(char *str, int num, void *stream)
{
    Parser *p = stream;
    if (p->pos >= p->len) return NULL;
    const char *line = p->text + p->pos;
    const char *nl = memchr(line, '\n', p->len - p->pos);
    size_t len = nl ? (size_t)(nl - line) + 1 : p->len - p->pos;
    p->pos += len;
    p->lineno++;
    /* inih needs room for the line, "\r\n" and the NUL; a longer line it would read in pieces,
     * the rest of it as a line of its own. The limit is on the characters before the line
     * break. */
    size_t content = len;
    /* One line break only ("\n" or "\r\n"): more carriage returns count as characters, so
     * content <= num - 3 keeps the whole line and its NUL within inih's NUM bytes. */
    if (content > 0 && line[content - 1] == '\n') content--;
    if (content > 0 && line[content - 1] == '\r') content--;
    if (num < 4 || content > (size_t)num - 3) {
        parser_error(p, "line too long (at most %d characters)", num > 3 ? num - 3 : 0);
        snprintf(str, (size_t)num, "\n");
        return str;
    }
    memcpy(str, line, len);
    str[len] = '\0';

    /* inih skips a byte order mark (Notepad writes one); so do the checks. */
    const char *bol = str;
    if (p->lineno == 1 && strncmp(bol, UTF8_BOM, 3) == 0) bol += 3;
    const char *s = bol;
    while (is_blank(*s))
        s++;
    if (*s == '[') {
        if (s != bol)
            parser_error(p, "indented section header (start it at the beginning of the line)");
        else
            check_section_line(p, s);
    } else if (*s && *s != ';' && *s != '#' && s != bol) {
        parser_error(p, "indented line (start keys at the beginning of the line)");
    }
    return str;
}

/* An http(s) URL with a host, as RFC 3986 parses it ("http://" alone has none). uriparser's
 * parser, not libcurl's: the UI process reads the config and links no libcurl (README,
 * "Processes"); aukio-sync's libcurl then gets only URLs that passed here. */
static bool hub_url_ok(const char *url)
{
    if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0) return false;
    UriUriA u;
    const char *where = NULL;
    if (uriParseSingleUriA(&u, url, &where) != URI_SUCCESS) return false;
    bool ok = u.hostText.first && u.hostText.afterLast > u.hostText.first;
    uriFreeUriMembersA(&u);
    return ok;
}

/* A TZ database name as TZ accepts it: "Europe/Helsinki", "UTC", "Etc/GMT-2". Anything else
 * would make glibc fall back to UTC without a word. When the zone database is present, the
 * zone must exist in it, so "Europe/Helsnki" is caught here and not by a visitor. */
static bool valid_timezone(const char *tz)
{
    if (!*tz || *tz == '/' || strstr(tz, "..")) return false;
    for (const char *s = tz; *s; s++) {
        char c = *s;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '/' || c == '_' || c == '-' || c == '+'))
            return false;
    }
    const char *dir = getenv("TZDIR");
    if (!dir || !*dir) dir = "/usr/share/zoneinfo";
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) return true;
    char path[PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/%s", dir, tz);
    if (n < 0 || (size_t)n >= sizeof path) return false;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int on_value(void *user, const char *section, const char *name, const char *value)
{
    Parser *p = user;
    if (!*section) {
        parser_error(p, "key '%s' outside any section", name);
        return 0;
    }
    if (!known_section(section)) {
        /* Normally reported already by the reader, at the header's line. */
        parser_error(p, "unknown section [%s]", section);
        return 0;
    }

    int i;
    for (i = 0; i < N_FIELDS; i++)
        if (strcmp(FIELDS[i].section, section) == 0 && strcmp(FIELDS[i].key, name) == 0) break;
    if (i == N_FIELDS) {
        parser_error(p, "unknown key '%s' in [%s]", name, section);
        return 0;
    }
    const Field *f = &FIELDS[i];
    if (p->seen & (1u << i)) {
        parser_error(p, "key '%s' in [%s] is set twice", name, section);
        return 0;
    }
    p->seen |= 1u << i;

    char *dst = (char *)&p->cfg + f->offset;
    size_t len = strlen(value);
    if (f->nonempty && len == 0) {
        parser_error(p, "'%s' in [%s] must not be empty", name, section);
        return 0;
    }
    switch (f->type) {
    case T_INT: {
        long x;
        if (parse_long(value, f->min, f->max, &x) != 0) {
            parser_error(p, "bad value '%.40s' for '%s' in [%s]: expected %ld..%ld %s", value, name,
                         section, f->min, f->max, f->unit);
            return 0;
        }
        int v = (int)x;
        memcpy(dst, &v, sizeof v);
        return 1;
    }
    case T_LANG: {
        Lang l;
        if (lang_from_code(value, &l) != 0) {
            parser_error(p, "bad value '%.40s' for '%s' in [%s]: expected fi, sv or en", value,
                         name, section);
            return 0;
        }
        memcpy(dst, &l, sizeof l);
        return 1;
    }
    case T_SPEECH: {
        static const char *const MODES[] = {"off", "offered", "always"};
        for (int m = 0; m < 3; m++)
            if (strcmp(value, MODES[m]) == 0) {
                int v = m; /* SPEECH_CONFIG_OFF, _OFFERED, _ALWAYS */
                memcpy(dst, &v, sizeof v);
                return 1;
            }
        parser_error(p, "bad value '%.40s' for '%s' in [%s]: expected off, offered or always",
                     value, name, section);
        return 0;
    }
    case T_TZ:
        if (!valid_timezone(value)) {
            parser_error(p, "bad value '%.60s' for '%s' in [%s]: not a known time zone name", value,
                         name, section);
            return 0;
        }
        break;
    case T_URL:
        if (len && !hub_url_ok(value)) {
            parser_error(p,
                         "bad value for '%s' in [%s]: expected an https:// or http:// URL with a "
                         "host, e.g. https://hub.example.fi:8443",
                         name, section);
            return 0;
        }
        break;
    case T_STRING:
        break;
    }
    /* Values are not echoed for strings: the token is a secret and errors end up in logs. */
    if (len >= f->size) {
        parser_error(p, "value of '%s' in [%s] is too long (at most %zu bytes)", name, section,
                     f->size - 1);
        return 0;
    }
    memcpy(dst, value, len + 1);
    return 1;
}

/* Parses TEXT (LEN bytes, the whole file) over *C. NAME is used in messages (config_set checks
 * the new text under the real file's name before writing it). */
static int parse_text(Config *c, const char *text, size_t len, const char *name, char *err,
                      size_t errlen)
{
    char shown[256];
    str_printable(name, shown, sizeof shown);
    /* inih reads C strings: a NUL byte would end a value early without a word. */
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        int line = 1;
        for (const char *q = text; q < nul; q++)
            line += *q == '\n';
        snprintf(err, errlen, "%s:%d: contains a NUL byte (not a text file?)", shown, line);
        return -1;
    }
    Parser p;
    memset(&p, 0, sizeof p);
    p.cfg = *c;
    p.name = name;
    p.text = text;
    p.len = len;

    int rc = ini_parse_stream(read_line, &p, on_value, &p);
    if (rc == 0 && !p.err_line) {
        *c = p.cfg;
        return 0;
    }
    /* inih returns the first line its handler refused or could not parse. Our message is for
     * the first line we refused (the reader's checks included); inih's own syntax errors have
     * no message from us, so whichever comes first wins. */
    if (rc > 0 && (!p.err_line || rc < p.err_line))
        snprintf(err, errlen, "%s:%d: syntax error (expected [section] or key = value)", shown, rc);
    else if (p.err_line)
        snprintf(err, errlen, "%s:%d: %s", shown, p.err_line, p.err);
    else
        snprintf(err, errlen, "%s: cannot parse (inih error %d)", shown, rc);
    return -1;
}

/* A config file is a few hundred bytes, and anything near a megabyte is not one. */
#define CONFIG_MAX_BYTES (1024 * 1024)

int config_load(Config *c, const char *path, char *err, size_t errlen)
{
    char *text = NULL;
    size_t len = 0;
    if (file_read(path, CONFIG_MAX_BYTES, &text, &len, err, errlen) != AUKIO_OK) return -1;
    int rc = parse_text(c, text, len, path, err, errlen);
    free(text);
    return rc;
}

/* ---- Rewriting --------------------------------------------------------------------------- */

/* The new text, in a capped Buf (buf.h); the first append that fails marks it overflowed and
 * the rest are skipped, so the rewrite reads as a straight line of appends. */
typedef struct {
    Buf b;
    bool overflow;
} Out;

static void out_add(Out *o, const char *s, size_t n)
{
    if (!o->overflow && buf_add(&o->b, s, n) != 0) o->overflow = true;
}

static void out_str(Out *o, const char *s)
{
    out_add(o, s, strlen(s));
}

static bool valid_name(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return false;
    return true;
}

/* If LINE (up to its newline) is "[name]", copies name into OUT and returns true. */
static bool line_section(const char *line, size_t len, char *out, size_t n)
{
    if (len == 0 || line[0] != '[') return false;
    const char *end = memchr(line, ']', len);
    if (!end) return false;
    size_t k = (size_t)(end - line - 1);
    if (k >= n) k = n - 1;
    memcpy(out, line + 1, k);
    out[k] = '\0';
    return true;
}

/* True if LINE is "KEY = ..." or "KEY: ..." (inih accepts both separators). */
static bool line_is_key(const char *line, size_t len, const char *key)
{
    size_t k = strlen(key);
    if (len <= k || memcmp(line, key, k) != 0) return false;
    size_t i = k;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    return i < len && (line[i] == '=' || line[i] == ':');
}

/* The inline comment of a key line (" ; ..." up to the newline), kept when the value is
 * replaced so "idle = 90 ; seconds" stays documented. Empty when there is none. */
static void line_comment(const char *line, size_t len, const char **c, size_t *clen)
{
    *c = "";
    *clen = 0;
    for (size_t i = 1; i < len; i++) {
        if (line[i] == ';' && (line[i - 1] == ' ' || line[i - 1] == '\t')) {
            size_t start = i - 1;
            while (start > 0 && (line[start - 1] == ' ' || line[start - 1] == '\t'))
                start--;
            size_t end = len;
            while (end > i && (line[end - 1] == '\n' || line[end - 1] == '\r'))
                end--;
            *c = line + start;
            *clen = end - start;
            return;
        }
    }
}

static bool line_blank_or_comment(const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && is_blank(line[i]))
        i++;
    return i == len || line[i] == ';' || line[i] == '#';
}

static void add_key_line(Out *b, const char *key, const char *value, const char *comment,
                         size_t clen)
{
    out_str(b, key);
    out_str(b, " = ");
    out_str(b, value);
    out_add(b, comment, clen);
    out_str(b, "\n");
}

/* Builds the new file text in OUT from the old TEXT (TOTAL bytes). */
static void rewrite(const char *text, size_t total, Out *out, const char *section, const char *key,
                    const char *value)
{
    char cur[64] = "";
    bool in_target = false, seen_target = false, done = false;
    size_t insert_at = 0; /* in OUT: just after the target section's last key or header */

    for (size_t pos = 0; pos < total;) {
        const char *nl = memchr(text + pos, '\n', total - pos);
        size_t len = nl ? (size_t)(nl - (text + pos)) + 1 : total - pos;
        const char *line = text + pos;
        /* A byte order mark is kept, but must not hide the first section header. */
        size_t bom = pos == 0 && len >= 3 && memcmp(line, UTF8_BOM, 3) == 0 ? 3 : 0;
        pos += len;

        if (line_section(line + bom, len - bom, cur, sizeof cur)) {
            in_target = strcmp(cur, section) == 0;
            out_add(out, line, len);
            if (len && line[len - 1] != '\n') out_str(out, "\n");
            if (in_target && !seen_target) {
                seen_target = true;
                insert_at = out->b.len;
            }
            continue;
        }
        if (in_target && !done && line_is_key(line, len, key)) {
            done = true;
            if (!value) continue; /* config_unset: the line goes */
            const char *c;
            size_t clen;
            line_comment(line, len, &c, &clen);
            add_key_line(out, key, value, c, clen);
            continue;
        }
        out_add(out, line, len);
        if (len && line[len - 1] != '\n') out_str(out, "\n");
        /* A new key goes after the section's last key, so comments that head the next section
         * stay with it. */
        if (in_target && !line_blank_or_comment(line, len)) insert_at = out->b.len;
    }
    if (done || out->overflow || !value) return;

    if (seen_target) {
        /* Splice "key = value" in at insert_at. */
        Out tail = {0};
        buf_init(&tail.b, CONFIG_MAX_BYTES);
        out_add(&tail, out->b.p + insert_at, out->b.len - insert_at);
        out->b.len = insert_at;
        if (out->b.p) out->b.p[out->b.len] = '\0';
        add_key_line(out, key, value, "", 0);
        if (tail.b.len) out_add(out, tail.b.p, tail.b.len);
        out->overflow |= tail.overflow;
        buf_deinit(&tail.b);
        return;
    }
    if (out->b.len > 0 && !(out->b.len >= 2 && out->b.p[out->b.len - 2] == '\n'))
        out_str(out, "\n");
    out_str(out, "[");
    out_str(out, section);
    out_str(out, "]\n");
    add_key_line(out, key, value, "", 0);
}

/* Writes DATA to a temporary file next to PATH (with OLD's owner and mode) and renames it into
 * place. The directory is synced too, so the new file survives a power cut
 * right after. */
static int write_atomic(const char *path, const Buf *data, const struct stat *old, char *err,
                        size_t errlen)
{
    char tmp[PATH_MAX];
    int n = snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        snprintf(err, errlen, "%s: path too long", path);
        return -1;
    }
    int rc = -1;
    FILE *f = NULL;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot create temporary file: %s", path, strerror(errno));
        return -1;
    }
    /* The new file takes the old one's owner and permissions: `aukio enrol` may run as root
     * on a file the kiosk user must still read. Owner is best effort (only root may change
     * it); permissions are not. */
    if (old->st_uid != geteuid() || old->st_gid != getegid()) {
        if (fchown(fd, old->st_uid, old->st_gid) != 0) {
            /* Not root: the file stays ours, with the old permissions. */
        }
    }
    if (fchmod(fd, old->st_mode & 07777) != 0) {
        snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        close(fd);
        goto cleanup;
    }
    f = fdopen(fd, "w+");
    if (!f) {
        snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        close(fd);
        goto cleanup;
    }
    if ((data->len && fwrite(data->p, 1, data->len, f) != data->len) || fflush(f) != 0 ||
        fsync(fileno(f)) != 0) {
        snprintf(err, errlen, "%s: write failed: %s", tmp, strerror(errno));
        goto cleanup;
    }

    if (rename(tmp, path) != 0) {
        snprintf(err, errlen, "%s: cannot replace: %s", path, strerror(errno));
        goto cleanup;
    }
    tmp[0] = '\0';

    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        dir[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        (void)fsync(dfd); /* best effort: the rename itself has succeeded */
        close(dfd);
    }
    rc = 0;

cleanup:
    if (f) fclose(f);
    if (tmp[0]) unlink(tmp);
    return rc;
}

/* A value must read back as written: no control characters but tab (a line break would end it),
 * no surrounding blanks (inih strips them) and no " ;" (inih would cut an inline comment
 * there). */
static bool value_writable(const char *value)
{
    size_t vlen = strlen(value);
    for (const unsigned char *q = (const unsigned char *)value; *q; q++)
        if (*q < 0x20 && *q != '\t') return false;
    return !((vlen && (is_blank(value[0]) || is_blank(value[vlen - 1]))) || strstr(value, " ;") ||
             strstr(value, "\t;"));
}

/* The file at PATH with every KEYS[i] = VALUES[i] of SECTION set, into OUT, checked to read
 * back as the kiosk will read it; *ST gets the file's owner and mode (0600 and ours for a new
 * file). Nothing is written. */
static int config_prepare(const char *path, const char *section, const char *const *keys,
                          const char *const *values, int n, Out *out, struct stat *st, char *err,
                          size_t errlen)
{
    for (int i = 0; i < n; i++) {
        if (!valid_name(section) || !valid_name(keys[i])) {
            snprintf(err, errlen, "bad section or key name");
            return -1;
        }
        if (values[i] && !value_writable(values[i])) {
            snprintf(err, errlen, "value for '%s' in [%s] cannot be written to an INI file",
                     keys[i], section);
            return -1;
        }
    }
    memset(st, 0, sizeof *st);
    st->st_mode = 0600; /* a new file will hold the hub token */
    st->st_uid = geteuid();
    st->st_gid = getegid();
    char *text = NULL;
    size_t len = 0;
    if (file_read_stat(path, CONFIG_MAX_BYTES, true, &text, &len, st, err, errlen) != AUKIO_OK)
        return -1;
    /* Each key is set on the text the previous one left. */
    Out cur = {0};
    buf_init(&cur.b, CONFIG_MAX_BYTES);
    out_add(&cur, text ? text : "", len);
    free(text);
    for (int i = 0; i < n && !cur.overflow; i++) {
        Out next = {0};
        buf_init(&next.b, CONFIG_MAX_BYTES);
        rewrite(cur.b.p ? cur.b.p : "", cur.b.len, &next, section, keys[i], values[i]);
        buf_deinit(&cur.b);
        cur = next;
    }
    if (cur.overflow) {
        buf_deinit(&cur.b);
        snprintf(err, errlen, "%s: out of memory or too large", path);
        return -1;
    }
    /* Check the new text exactly as config_load will read it at the next start, before anything
     * is written. */
    Config scratch;
    config_defaults(&scratch);
    if (parse_text(&scratch, cur.b.p ? cur.b.p : "", cur.b.len, path, err, errlen) != 0) {
        buf_deinit(&cur.b);
        return -1;
    }
    *out = cur;
    return 0;
}

int config_check_set(const char *path, const char *section, const char *const *keys,
                     const char *const *values, int n, char *err, size_t errlen)
{
    Out out = {0};
    struct stat st;
    if (config_prepare(path, section, keys, values, n, &out, &st, err, errlen) != 0) return -1;
    buf_deinit(&out.b);
    /* The directory must take the temporary file the write will rename into place. */
    char tmp[PATH_MAX];
    int k = snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
    if (k < 0 || (size_t)k >= sizeof tmp) {
        snprintf(err, errlen, "%s: path too long", path);
        return -1;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot create a file next to it: %s", path, strerror(errno));
        return -1;
    }
    close(fd);
    unlink(tmp);
    return 0;
}

int config_set_many(const char *path, const char *section, const char *const *keys,
                    const char *const *values, int n, char *err, size_t errlen)
{
    Out out = {0};
    struct stat st;
    if (config_prepare(path, section, keys, values, n, &out, &st, err, errlen) != 0) return -1;
    int rc = write_atomic(path, &out.b, &st, err, errlen);
    buf_deinit(&out.b);
    return rc;
}

int config_unset(const char *path, const char *section, const char *key, char *err, size_t errlen)
{
    const char *none = NULL;
    if (access(path, F_OK) != 0) return 0; /* no file, no key: nothing is created */
    return config_set_many(path, section, &key, &none, 1, err, errlen);
}

int config_set(const char *path, const char *section, const char *key, const char *value, char *err,
               size_t errlen)
{
    return config_set_many(path, section, &key, &value, 1, err, errlen);
}
