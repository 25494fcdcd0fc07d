/*
 * staff_cli.c: `aukio checkin`, `aukio export` and `aukio bundle` (staff_cli.h). Each command
 * is one call into the store (store_staff.h) or the export and bundle modules; this file reads
 * the arguments and prints the outcome, never a visitor's personal data.
 */
#include "staff_cli.h"

#include <stdio.h>
#include <string.h>

#include "store_staff.h"
#include "util.h"

/* `aukio checkin CODE [--undo]`. */
static int cmd_checkin(Store *st, char *const *args, int n, int64_t now)
{
    if (n < 1 || n > 2 || (n == 2 && strcmp(args[1], "--undo") != 0)) {
        fprintf(stderr, "usage: aukio checkin CODE [--undo]\n");
        return 2;
    }
    bool attended = n == 1;
    char err[512], code[2 * RECORD_CODE_LEN + 8];
    str_printable(args[0], code, sizeof code);
    AukioRc rc = store_checkin_set(st, args[0], attended, now, err, sizeof err);
    if (rc == AUKIO_ERR_NOT_FOUND) {
        fprintf(stderr, "aukio: no sign-up on this kiosk has the code %s\n", code);
        return 1;
    }
    if (rc != AUKIO_OK) {
        fprintf(stderr, "aukio: %s\n", err);
        return 1;
    }
    printf("%s: %s; the hub is told at the next sync\n", code,
           attended ? "attended" : "not attended");
    return 0;
}

bool staff_cli_handles(const char *cmd)
{
    return strcmp(cmd, "checkin") == 0;
}

int staff_cli_run(Store *st, const Config *cfg, const char *cmd, char *const *args, int n,
                  int64_t now)
{
    (void)cfg;
    if (strcmp(cmd, "checkin") == 0) return cmd_checkin(st, args, n, now);
    fprintf(stderr, "aukio: unknown staff command\n");
    return 2;
}
