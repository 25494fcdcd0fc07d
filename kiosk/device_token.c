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
void device_token_give_to_owner(int fd, const char *path)
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
    device_token_give_to_owner(fileno(pf.f), path);
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
