/*
 * client_import.c: `aukio import FILE` (client_cli.h), run by aukio-sync: the importer reads
 * iCalendar through libical, which the UI program does not load (README, "Start and the
 * floor"); `aukio import` hands the command over with its arguments.
 */
#include "client_cli.h"

#include <stdio.h>
#include <stdlib.h>

#include "event_import.h"
#include "util.h"

/* Linked Events JSON or iCalendar, told apart by the content. The failure is printed here,
 * once. Returns the exit code. */
int sync_cli_import(Store *s, const char *path, int64_t now)
{
    char err[512], name[256];
    StoreImportInfo *info = malloc(sizeof *info);
    if (!info) {
        fprintf(stderr, "aukio: import: out of memory\n");
        return 1;
    }
    int rc = 0;
    str_printable(path, name, sizeof name);
    if (store_import_file_report(s, path, now, true, info, err, sizeof(err)) != 0) {
        fprintf(stderr, "aukio: import failed, nothing was changed: %s\n", err);
        rc = 1;
    } else {
        const EventIcalReport *r = &info->ical;
        for (int i = 0; i < r->n_notes; i++)
            fprintf(stderr, "aukio: %s: %s\n", name, r->notes[i]);
        if (r->notes_lost)
            fprintf(stderr, "aukio: %s: %d more notes not shown\n", name, r->notes_lost);
        char said[200];
        printf("%s\nimported %d event%s\n",
               event_import_summary(info->format, info->n, r, said, sizeof said), info->n,
               info->n == 1 ? "" : "s");
    }
    free(info);
    return rc;
}
