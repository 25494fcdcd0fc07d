/*
 * spot_cli.h: `aukio event add ...`, an event made on the spot from the shell (spot_cli.c).
 */
#ifndef AUKIO_SPOT_CLI_H
#define AUKIO_SPOT_CLI_H

#include <stdint.h>

#include "config.h"
#include "store.h"

/* Runs `aukio event ARGS...` (N of them) at NOW; returns the exit status (0, 1, or 2 for
 * usage). */
int spot_cli_run(Store *st, const Config *cfg, char *const *args, int n, int64_t now);

#endif
