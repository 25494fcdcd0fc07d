/*
 * client_enrol.c: `aukio enrol URL TOKEN` (client_cli.h), moved from kiosk/device_token.c: the
 * enrolment request goes over libcurl, so it runs in aukio-sync (`aukio enrol` hands itself
 * over to it, README "Processes"). The token file itself is device_token.c's.
 */
#include "client_cli.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "device_token.h"
#include "util.h"
#include "wire.h"
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
    device_token_give_to_owner(fileno(pf.f), path);
    fprintf(pf.f, "%s\n", id);
    return file_private_commit(&pf, err, sizeof err) == AUKIO_OK ? 0 : -1;
}

int device_token_enrol(const Config *cfg, SyncHub hub, const char *config, const char *url,
                       const char *token)
{
    char err[512], device[128], dtoken[WIRE_TOKEN_MAX + 1], shown[256], tshown[256];
    char tpath[PATH_MAX];
    if (!config) {
        fprintf(stderr, "aukio: enrol: --config FILE is required (the hub goes there)\n");
        return 2;
    }
    device_token_path(cfg, tpath, sizeof tpath);
    str_printable(tpath, tshown, sizeof tshown);
    /* The enrolment token can be spent only once: before spending it, make sure the config will
     * take the hub and the token file the token. */
    static const char *const KEYS[] = {"hub"};
    const char *check[] = {url};
    if (config_check_set(config, "sync", KEYS, check, 1, err, sizeof err) != 0) {
        fprintf(stderr,
                "aukio: enrol: the config cannot be updated, so the token was not used: %s\n", err);
        return 1;
    }
    PrivateFile probe;
    if (file_private_open(&probe, tpath, err, sizeof err) != AUKIO_OK) {
        fprintf(stderr,
                "aukio: enrol: the token file cannot be written, so the token was not used: %s\n",
                err);
        return 1;
    }
    file_private_abort(&probe);
    char request_id[RECORD_UUID_LEN + 1], rid_path[PATH_MAX];
    if (enrol_request_id(tpath, request_id, rid_path, sizeof rid_path) != 0) {
        fprintf(stderr,
                "aukio: enrol: cannot keep the request id in %s, so the token was not used\n",
                str_printable(rid_path, shown, sizeof shown));
        return 1;
    }
    sync_global_init();
    hub.url = url;
    if (sync_enrol(&hub, token, request_id, device, sizeof device, dtoken, sizeof dtoken, err,
                   sizeof err) != SYNC_OK) {
        fprintf(stderr, "aukio: enrol failed: %s\n", err);
        return 1;
    }
    if (device_token_save(tpath, dtoken, err, sizeof err) != AUKIO_OK) {
        char saved[PATH_MAX];
        bool kept = save_pending_token(config, url, dtoken, saved, sizeof saved) == 0;
        fprintf(stderr, "aukio: enrolled, but the token file could not be written: %s\n", err);
        if (kept)
            fprintf(stderr,
                    "aukio: the hub and device token are kept in %s (mode 0600); copy its [sync] "
                    "lines into the config\n",
                    str_printable(saved, shown, sizeof shown));
        sodium_memzero(dtoken, sizeof dtoken);
        return 1;
    }
    sodium_memzero(dtoken, sizeof dtoken);
    unlink(rid_path); /* done: the next enrolment is a new request */
    const char *values[] = {url};
    str_printable(config, shown, sizeof shown);
    if (config_set_many(config, "sync", KEYS, values, 1, err, sizeof err) != 0) {
        fprintf(stderr,
                "aukio: enrolled (the token is in %s), but the config could not be written: %s; "
                "set [sync] hub = %s there\n",
                tshown, err, url);
        return 1;
    }
    /* A token of an earlier enrolment left in the config would only confuse. */
    if (cfg->hub_token[0] && config_unset(config, "sync", "token", err, sizeof err) != 0)
        fprintf(stderr, "aukio: %s: remove its old [sync] token line: %s\n", shown, err);
    printf("enrolled as %s at %s; the hub is in %s, the device token in %s\n",
           device[0] ? device : "?", url, shown, tshown);
    return 0;
}
