/*
 * device_token.c: the kiosk's device token in a state file of its own (device_token.h), and
 * `aukio enrol`, which puts it there.
 *
 * Why not the config: a config is written once by someone with a laptop, copied between kiosks,
 * pasted into tickets and left world-readable in /etc/aukio/; the token is the kiosk's password
 * at the hub (and the key of its offline bundles). The state file sits with the kiosk's
 * database, which holds the same device's cursor and grants.
 */
#include "device_token.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "util.h"
#include "wire.h"

#define TOKEN_FILE_MAX 4096

void device_token_path(const Config *c, char *out, size_t n)
{
    if (c->token_file[0])
        snprintf(out, n, "%s", c->token_file);
    else
        snprintf(out, n, "%s.token", c->database);
}

/* A token as the protocol has them: 1 to WIRE_TOKEN_MAX printable ASCII bytes, no blank. */
static bool token_ok(const char *t)
{
    size_t n = strlen(t);
    if (n == 0 || n > WIRE_TOKEN_MAX) return false;
    for (; *t; t++)
        if (*t <= ' ' || *t > '~') return false;
    return true;
}

/* Run as root (an administrator's `sudo aukio enrol`), gives FD to the owner of PATH's
 * directory, the kiosk's state directory: the kiosk's user must read what root wrote. */
static void give_to_directory_owner(int fd, const char *path)
{
    if (geteuid() != 0) return;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        dir[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    struct stat st;
    if (stat(dir, &st) == 0 && st.st_uid != 0) (void)fchown(fd, st.st_uid, st.st_gid);
}

AukioRc device_token_save(const char *path, const char *token, char *err, size_t errlen)
{
    PrivateFile pf;
    if (file_private_open(&pf, path, err, errlen) != AUKIO_OK) return AUKIO_ERR;
    give_to_directory_owner(fileno(pf.f), path);
    fprintf(pf.f, "%s\n", token);
    return file_private_commit(&pf, err, errlen);
}

AukioRc device_token_load(Config *c, const char *config_path, char *err, size_t errlen)
{
    char path[PATH_MAX], shown[256];
    device_token_path(c, path, sizeof path);
    str_printable(path, shown, sizeof shown);
    char *text = NULL;
    size_t len = 0;
    struct stat st;
    if (file_read_stat(path, TOKEN_FILE_MAX, true, &text, &len, &st, err, errlen) != AUKIO_OK)
        return AUKIO_ERR;
    bool in_config = c->hub_token[0] != '\0';
    if (text) {
        text[strcspn(text, "\r\n")] = '\0';
        bool ok = token_ok(text);
        if (ok) str_copy(c->hub_token, sizeof c->hub_token, text);
        sodium_memzero(text, len);
        free(text);
        if (!ok) return err_set(err, errlen, "%s: holds no device token (enrol again)", shown);
        if (st.st_mode & 077)
            return err_set(err, errlen,
                           "%s: mode %03o lets others read the device token; chmod 600 it", shown,
                           (unsigned)(st.st_mode & 0777));
    } else if (in_config && config_path) {
        /* An old kiosk: the token moves from the config into the state file, once. */
        if (device_token_save(path, c->hub_token, err, errlen) != AUKIO_OK) {
            fprintf(stderr, "aukio: the device token stays in the config for now: %s\n", err);
            return AUKIO_OK;
        }
        fprintf(stderr, "aukio: the device token moved from the config to %s (mode 0600)\n", shown);
    } else {
        return AUKIO_OK; /* not enrolled */
    }
    if (in_config && config_path) {
        char cshown[256], why[512];
        str_printable(config_path, cshown, sizeof cshown);
        if (config_unset(config_path, "sync", "token", why, sizeof why) != 0)
            fprintf(stderr,
                    "aukio: %s: its [sync] token is ignored (%s holds the token) but could not "
                    "be removed: %s; delete that line\n",
                    cshown, shown, why);
    }
    return AUKIO_OK;
}

/* ---- Enrolment --------------------------------------------------------------------------- */

/* Keeps a device token that the hub issued but the token file could not take, so that spending
 * the one-time enrolment token loses nothing: CONFIG.enrolled, mode 0600, in the config's old
 * "[sync]" form (which a kiosk moves into its token file when it is merged into the config).
 * Returns 0 when saved. */
static int save_pending_token(const char *config, const char *url, const char *dtoken, char *path,
                              size_t n)
{
    int k = snprintf(path, n, "%s.enrolled", config);
    if (k < 0 || (size_t)k >= n) return -1;
    PrivateFile pf;
    char err[256];
    if (file_private_open(&pf, path, err, sizeof err) != AUKIO_OK) return -1;
    fprintf(pf.f, "[sync]\nhub = %s\ntoken = %s\n", url, dtoken);
    return file_private_commit(&pf, err, sizeof err) == AUKIO_OK ? 0 : -1;
}

/* The request id of this kiosk's enrolment, in TOKEN_FILE.enrol-request (mode 0600): read when
 * a previous attempt left one (its answer may have been lost: the hub then answers the same
 * device token again), else a fresh UUID written and synced there before the request is sent.
 * -1 when it cannot be kept, and then the enrolment token must not be spent. */
static int enrol_request_id(const char *token_file, char id[RECORD_UUID_LEN + 1], char *path,
                            size_t n)
{
    int k = snprintf(path, n, "%s.enrol-request", token_file);
    if (k < 0 || (size_t)k >= n) return -1;
    FILE *f = fopen(path, "r");
    if (f) {
        char line[64] = "";
        bool got = fgets(line, sizeof line, f) != NULL;
        fclose(f);
        line[strcspn(line, "\r\n")] = '\0';
        if (got && wire_uuid_ok(line)) {
            str_copy(id, RECORD_UUID_LEN + 1, line);
            return 0;
        }
    }
    uint8_t r[16];
    randombytes_buf(r, sizeof r);
    r[6] = (uint8_t)((r[6] & 0x0f) | 0x40); /* version 4 */
    r[8] = (uint8_t)((r[8] & 0x3f) | 0x80); /* variant 1 */
    snprintf(id, RECORD_UUID_LEN + 1,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", r[0], r[1],
             r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14],
             r[15]);
    char err[256];
    PrivateFile pf;
    if (file_private_open(&pf, path, err, sizeof err) != AUKIO_OK) return -1;
    give_to_directory_owner(fileno(pf.f), path);
    fprintf(pf.f, "%s\n", id);
    return file_private_commit(&pf, err, sizeof err) == AUKIO_OK ? 0 : -1;
}

/* Says FMT both on OUT (stderr or stdout) and, when SAID is not NULL, into SAID: the last thing
 * said is what staff's screen shows. */
static void say(char *said, size_t n, FILE *out, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void say(char *said, size_t n, FILE *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char line[1024];
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(out, "%s", line);
    if (said && n) {
        /* Without the "aukio: " of the log. */
        const char *text = strncmp(line, "aukio: ", 7) == 0 ? line + 7 : line;
        snprintf(said, n, "%s", text);
    }
}

int device_token_enrol(const Config *cfg, SyncHub hub, const char *config, const char *url,
                       const char *token)
{
    return device_token_enrol_said(cfg, hub, config, url, token, NULL, 0, NULL, 0);
}

int device_token_enrol_said(const Config *cfg, SyncHub hub, const char *config, const char *url,
                            const char *token, char *said, size_t said_n, char *device_out,
                            size_t device_n)
{
    char err[512], device[128], dtoken[WIRE_TOKEN_MAX + 1], shown[256], tshown[256];
    char tpath[PATH_MAX];
    if (!config) {
        say(said, said_n, stderr, "aukio: enrol: --config FILE is required (the hub goes there)");
        return 2;
    }
    device_token_path(cfg, tpath, sizeof tpath);
    str_printable(tpath, tshown, sizeof tshown);
    /* The enrolment token can be spent only once: before spending it, make sure the config will
     * take the hub and the token file the token. */
    static const char *const KEYS[] = {"hub"};
    const char *check[] = {url};
    if (config_check_set(config, "sync", KEYS, check, 1, err, sizeof err) != 0) {
        say(said, said_n, stderr,
            "aukio: enrol: the config cannot be updated, so the token was not used: %s", err);
        return 1;
    }
    PrivateFile probe;
    if (file_private_open(&probe, tpath, err, sizeof err) != AUKIO_OK) {
        say(said, said_n, stderr,
            "aukio: enrol: the token file cannot be written, so the token was not used: %s", err);
        return 1;
    }
    file_private_abort(&probe);
    char request_id[RECORD_UUID_LEN + 1], rid_path[PATH_MAX];
    if (enrol_request_id(tpath, request_id, rid_path, sizeof rid_path) != 0) {
        say(said, said_n, stderr,
            "aukio: enrol: cannot keep the request id in %s, so the token was not used",
            str_printable(rid_path, shown, sizeof shown));
        return 1;
    }
    sync_global_init();
    hub.url = url;
    if (sync_enrol(&hub, token, request_id, device, sizeof device, dtoken, sizeof dtoken, err,
                   sizeof err) != SYNC_OK) {
        say(said, said_n, stderr, "aukio: enrol failed: %s", err);
        return 1;
    }
    if (device_token_save(tpath, dtoken, err, sizeof err) != AUKIO_OK) {
        char saved[PATH_MAX];
        bool kept = save_pending_token(config, url, dtoken, saved, sizeof saved) == 0;
        say(said, said_n, stderr, "aukio: enrolled, but the token file could not be written: %s",
            err);
        if (kept)
            say(said, said_n, stderr,
                "aukio: the hub and device token are kept in %s (mode 0600); copy its [sync] "
                "lines into the config",
                str_printable(saved, shown, sizeof shown));
        sodium_memzero(dtoken, sizeof dtoken);
        return 1;
    }
    sodium_memzero(dtoken, sizeof dtoken);
    unlink(rid_path); /* done: the next enrolment is a new request */
    const char *values[] = {url};
    str_printable(config, shown, sizeof shown);
    if (config_set_many(config, "sync", KEYS, values, 1, err, sizeof err) != 0) {
        say(said, said_n, stderr,
            "aukio: enrolled (the token is in %s), but the config could not be written: %s; "
            "set [sync] hub = %s there",
            tshown, err, url);
        return 1;
    }
    /* A token of an earlier enrolment left in the config would only confuse. */
    if (cfg->hub_token[0] && config_unset(config, "sync", "token", err, sizeof err) != 0)
        say(said, said_n, stderr, "aukio: %s: remove its old [sync] token line: %s", shown, err);
    if (device_out && device_n) str_copy(device_out, device_n, device);
    say(said, said_n, stdout, "enrolled as %s at %s; the hub is in %s, the device token in %s",
        device[0] ? device : "?", url, shown, tshown);
    return 0;
}
