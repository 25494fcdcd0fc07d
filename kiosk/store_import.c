/*
 * store_import.c: `aukio import FILE`: a Linked Events document or an iCalendar file read into
 * the kiosk's events in one transaction. Its own file so that the UI program, which imports
 * nothing, does not link the importer and libical (README, "Start and the floor"): the command
 * runs in aukio-sync (sync/client_import.c).
 */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "event_import.h"
#include "util.h"

/* An import may be at most this large: jansson's tree of a document takes about 17 times the
 * file, at worst, and 16 MiB of real events measured 148 MB at peak: what a small kiosk can hold.
 * The hub takes 64 MiB documents for larger catalogues. */
#define IMPORT_FILE_MAX (16u * 1024 * 1024)

int store_import_file_report(Store *s, const char *path, int64_t now, bool rebase,
                             StoreImportInfo *info, char *err, size_t errlen)
{
    char *text = NULL, sub[512], name[256], shown[512], source[40];
    size_t len = 0;
    Event *evs = NULL;
    int n = 0, rc = -1;
    memset(info, 0, sizeof *info);

    /* Messages name the file and may quote the document: both are shown with control bytes
     * escaped, so a hostile file cannot write escape sequences to the staff's terminal. */
    str_printable(path, name, sizeof name);
    if (file_read(path, IMPORT_FILE_MAX, &text, &len, err, errlen)) return -1;
    EventIcalOptions opt;
    event_ical_options_default(&opt, now ? now : now_s());
    opt.source = event_import_source(path, source, sizeof source);
    /* Times without an offset, and dates, are in the kiosk's zone (TZ, set from its config)
     * when libical knows it by that name. */
    const char *tz = getenv("TZ");
    int64_t probe;
    if (tz && *tz && event_parse_time_in("2026-01-01T12:00:00", tz, &probe) == 0) opt.zone = tz;
    if (event_import_parse(text, len, &opt, rebase ? now : 0, &evs, &n, &info->format, &info->ical,
                           sub, sizeof sub)) {
        err_set(err, errlen, "%s: %s", name, str_printable(sub, shown, sizeof shown));
        goto cleanup;
    }
    if (store_import_events(s, evs, n, sub, sizeof sub)) {
        err_set(err, errlen, "%s: %s", name, str_printable(sub, shown, sizeof shown));
        goto cleanup;
    }
    info->n = n;
    rc = 0;
cleanup:
    for (int i = 0; i < n; i++)
        event_deinit(&evs[i]);
    free(evs);
    free(text);
    return rc;
}

int store_import_file(Store *s, const char *path, int64_t rebase_now, int *n_imported, char *err,
                      size_t errlen)
{
    StoreImportInfo *info = malloc(sizeof *info); /* 8 KB of notes: not on the stack */
    if (!info) return err_set(err, errlen, "out of memory");
    int rc = store_import_file_report(s, path, rebase_now, rebase_now != 0, info, err, errlen);
    if (rc == 0 && n_imported) *n_imported = info->n;
    free(info);
    return rc;
}
