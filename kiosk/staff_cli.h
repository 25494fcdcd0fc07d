/*
 * staff_cli.h: the staff's shell commands of issue 10 that work on the kiosk's store alone:
 * `aukio checkin CODE [--undo]`, `aukio export ...`, `aukio venue ...` and `aukio event add`
 * (`aukio bundle` is aukio-sync's, sync/client_cli.h).
 * main.c opens the store and hands the command over; nothing here draws or talks to the hub.
 */
#ifndef AUKIO_STAFF_CLI_H
#define AUKIO_STAFF_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "store.h"

/* Whether CMD is one of these commands. */
bool staff_cli_handles(const char *cmd);

/* Runs CMD with its N arguments ARGS at wall time NOW (Unix s) on ST, with the kiosk's CFG
 * (its hub token authenticates bundles). Prints what it did to stdout and failures to stderr.
 * Returns the exit code: 0 done, 1 failed, 2 a usage error. */
int staff_cli_run(Store *st, const Config *cfg, const char *cmd, char *const *args, int n,
                  int64_t now);

#endif
