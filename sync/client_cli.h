/*
 * client_cli.h: the shell commands of the sync helper, aukio-sync (client_main.c): one round
 * (`sync --once`), enrolment, offline bundles, and the importer. `aukio` hands these commands over
 * to aukio-sync with the same arguments (README, "Processes"), so that the UI process links no
 * libcurl and no pull; each prints what it did to stdout and failures to stderr, and returns the
 * exit code (0 done, 1 failed, 2 a usage error).
 */
#ifndef AUKIO_SYNC_CLIENT_CLI_H
#define AUKIO_SYNC_CLIENT_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "client.h"
#include "config.h"
#include "store.h"

/* The hub as the config C names it (strings borrowed from C). AUKIO_SYNC_LOW_SPEED_S shortens
 * the stall timeout and AUKIO_SYNC_RESPONSE_MAX the largest answer read (tests). */
SyncHub sync_cli_hub(const Config *c);

/* `sync --once`: one round on S at NOW (Unix s: the wall clock, or --now for tests). */
int sync_cli_once(Store *s, const Config *c, int64_t now);

/* `bundle export FILE` ("Export for the coordinator") and `bundle import FILE`: ARGS, N of them. */
int sync_cli_bundle(Store *st, const Config *cfg, char *const *args, int n, int64_t now);

/* `bundle-apply FILE`, the staff screen's import (staff_export_import): the device token is the
 * first line of standard input (never an argument, which others may read in /proc); prints the
 * changes applied as one number; on refusal the reason on stderr and exit code 1. */
int sync_cli_bundle_apply(Store *st, const char *path, int64_t now);

/* `import FILE` (client_import.c): Linked Events JSON or iCalendar into S in one transaction,
 * "relative to today" documents moved to NOW; prints what it read, or why nothing changed. */
int sync_cli_import(Store *s, const char *path, int64_t now);

/* `serve [--no-rounds]`: the helper the kiosk starts (kiosk/sync_proc.c), talking over FD: the
 * background rounds (not with ROUNDS false), the express push and the lookup, until FD's end. */
int sync_cli_serve(const Config *c, int fd, bool rounds);

/* `enrol URL TOKEN`: spends the one-time enrolment TOKEN at URL (HUB has the kiosk's TLS
 * settings), keeps the device token in the token file of CFG and URL as the config's `hub`
 * (client_enrol.c). */
int device_token_enrol(const Config *cfg, SyncHub hub, const char *config, const char *url,
                       const char *token);

#endif
