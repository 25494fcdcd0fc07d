/*
 * client_cli.c: aukio-sync's shell commands (client_cli.h): `sync --once` and `bundle`, moved
 * from kiosk/main.c and kiosk/staff_cli.c when libcurl left the UI process.
 */
#include "client_cli.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "wire.h"

/* The hub as the config names it. AUKIO_SYNC_LOW_SPEED_S shortens the stall timeout (tests). */
SyncHub sync_cli_hub(const Config *c)
{
    SyncHub h = {.url = c->hub_url, .token = c->hub_token, .ca_file = c->ca_file};
    const char *ls = getenv("AUKIO_SYNC_LOW_SPEED_S");
    long v;
    if (ls && *ls && parse_long(ls, 1, 3600, &v) == 0) h.low_speed_time_s = (int)v;
    /* For tests of a kiosk that reads less than a hub sends in one page. */
    const char *rm = getenv("AUKIO_SYNC_RESPONSE_MAX");
    if (rm && *rm && parse_long(rm, 1024, 16L * 1024 * 1024, &v) == 0) h.response_max = (size_t)v;
    return h;
}

/* One round at NOW (Unix s: the wall clock, or --now for tests). */
int sync_cli_once(Store *s, const Config *c, int64_t now)
{
    char err[512];
    if (!c->hub_url[0]) {
        fprintf(stderr, "aukio: sync: no hub configured (aukio enrol URL TOKEN)\n");
        return 1;
    }
    sync_global_init();
    SyncHub hub = sync_cli_hub(c);
    SyncReport r;
    SyncResult rc = sync_round(s, &hub, now, &r, err, sizeof err);
    printf("pushed %d (confirmed %d, waitlisted %d, rejected %d, ok %d)\n", r.pushed, r.confirmed,
           r.waitlisted, r.rejected, r.ok);
    printf("grants: settled %d (released %d seats), received %d (%d seats)\n", r.settled,
           r.released, r.granted, r.granted_seats);
    printf("pulled %d change%s in %d page%s%s\n", r.pulled, r.pulled == 1 ? "" : "s", r.pages,
           r.pages == 1 ? "" : "s", r.snapshot ? " (snapshot)" : "");
    if (r.skipped > 0) {
        char id[2 * RECORD_EVENT_ID_MAX], why[400];
        printf("skipped %d event%s this kiosk cannot read; the last: %s: %s\n", r.skipped,
               r.skipped == 1 ? "" : "s", str_printable(r.skipped_id, id, sizeof id),
               str_printable(r.skipped_why, why, sizeof why));
    }
    if (rc != SYNC_OK) {
        fprintf(stderr, "aukio: sync failed: %s\n", err);
        if (r.retry_after_s > 0)
            fprintf(stderr, "aukio: the hub asks to retry after %ld s\n", r.retry_after_s);
        return 1;
    }
    printf("sync ok\n");
    return 0;
}

/* `aukio bundle export FILE` ("Export for the coordinator") and `aukio bundle import FILE`. */
int sync_cli_bundle(Store *st, const Config *cfg, char *const *args, int n, int64_t now)
{
    if (n != 2 || (strcmp(args[0], "export") != 0 && strcmp(args[0], "import") != 0)) {
        fprintf(stderr, "usage: aukio bundle export FILE | aukio bundle import FILE\n");
        return 2;
    }
    char err[512], shown[256];
    str_printable(args[1], shown, sizeof shown);
    if (strcmp(args[0], "export") == 0) {
        int ops = 0;
        if (sync_bundle_export(st, cfg->hub_token, cfg->kiosk_name, args[1], now, &ops, err,
                               sizeof err) != AUKIO_OK) {
            fprintf(stderr, "aukio: bundle export failed, nothing was written: %s\n", err);
            return 1;
        }
        printf("wrote %d record%s for the coordinator to %s (aukio-hub bundle import); they stay "
               "queued here until the hub answers them\n",
               ops, ops == 1 ? "" : "s", shown);
        return 0;
    }
    SyncReport r;
    if (sync_bundle_import(st, cfg->hub_token, args[1], now, &r, err, sizeof err) != AUKIO_OK) {
        fprintf(stderr, "aukio: bundle refused, nothing was changed: %s\n", err);
        return 1;
    }
    printf("applied %s: %d change%s in %d page%s, %d grant%s (%d seats)\n", shown, r.pulled,
           r.pulled == 1 ? "" : "s", r.pages, r.pages == 1 ? "" : "s", r.granted,
           r.granted == 1 ? "" : "s", r.granted_seats);
    return 0;
}

int sync_cli_bundle_apply(Store *st, const char *path, int64_t now)
{
    char token[WIRE_TOKEN_MAX + 2] = "", err[512];
    if (!fgets(token, sizeof token, stdin)) token[0] = '\0';
    token[strcspn(token, "\r\n")] = '\0';
    SyncReport r;
    AukioRc rc = sync_bundle_import(st, token, path, now, &r, err, sizeof err);
    sodium_memzero(token, sizeof token);
    if (rc != AUKIO_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    printf("%d\n", r.pulled);
    return 0;
}
