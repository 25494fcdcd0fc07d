/*
 * staff.h: the I/O behind staff mode's effects (EFFECT_STAFF_*), as runtime.c carries them out:
 * the PIN's state, the sync client's record, an event's sign-ups as the attendee list shows them,
 * and moving a waitlisted sign-up in by hand. No SDL. What is read goes to the app, which shows
 * it and forgets it when staff mode ends; nothing here logs personal data.
 */
#ifndef AUKIO_STAFF_H
#define AUKIO_STAFF_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "store.h"
#include "store_venue.h"

/* Whether S has a PIN (*SET) and until when its pad is locked (*LOCKED_UNTIL, wall ms, 0 =
 * not). Returns 0, or -1 when the store failed (then *SET is true: the pad asks for a PIN, and
 * the kiosk is not opened without one). */
int staff_pin_status(Store *s, bool *set, int64_t *locked_until);

/* The sync client's record in S (HUB: a hub is configured). */
void staff_sync_load(Store *s, bool hub, StaffSync *out);

/* The sign-ups of EVENT_ID as the attendee list shows them, their answers worded in LANG, in a
 * malloc'd array *OUT (caller frees; NULL when none) of *N. LOCAL_ONLY: the event is not the
 * hub's (rows may be moved in by hand). Returns 0 or -1. */
int staff_signups_load(Store *s, const char *event_id, Lang lang, bool local_only,
                       StaffSignup **out, int *n);

/* ---- The export screen (staff_export.c) ---------------------------------------------------- */

/* The places the export screen offers: the folder DIR first when it is one (AUKIO_EXPORT_DIR,
 * named by its last part), then the USB sticks export_drives finds, by their names. */
void staff_export_targets(const char *dir, StaffExportTargets *out);

/* Writes WHAT into the folder of T at NOW: an export (export_to_file, named export_file_name)
 * or the bundle for the coordinator (sync_bundle_export with TOKEN, from KIOSK, named
 * export_bundle_file_name). *ROWS gets the rows or records written, SHOWN "T's name/file".
 * STAFF_EX_OK, STAFF_EX_NOT_ENROLLED (a bundle without a TOKEN) or STAFF_EX_FAILED (ERR says
 * why; never personal data); nothing is left behind when it fails. */
StaffExportResult staff_export_write(Store *s, const StaffExportTarget *t, StaffExportWhat what,
                                     const char *token, const char *kiosk, int64_t now, int *rows,
                                     char *shown, size_t shown_n, char *err, size_t errlen);

/* ---- The venue screen (staff.c) -------------------------------------------------------------- */

/* Stores the venue screen's edit SV (store_venue.h): a pop-up venue of the kiosk's own, or the
 * catalogue venue chosen, with which events it shows and its language after idle. ID gets the
 * venue's id (a pop-up's as made, "popup:…"). Returns 0, or -1 with ERR (nothing changed). */
int staff_venue_save(Store *s, const StaffVenue *sv, char id[STORE_VENUE_MAX], char *err,
                     size_t errlen);

/* How the coordinator's bundle for a kiosk is named on a stick (`aukio-hub bundle export
 * --device NAME aukio-catalogue-NAME-2026-03-16-0900.json`): STAFF_BUNDLE_PREFIX, anything,
 * ".json". */
#define STAFF_BUNDLE_PREFIX "aukio-catalogue-"

/* The coordinator's bundles in the folder DIR (a place of staff_export_targets): the regular
 * files named STAFF_BUNDLE_PREFIX*.json, newest first (by their time on the stick), at most
 * STAFF_BUNDLES_MAX. None when DIR cannot be read. */
void staff_export_find_bundles(const char *dir, StaffBundleFiles *out);

/* Imports F into the database DB with the device TOKEN at NOW (authenticated: another kiosk's,
 * an altered or a stale bundle is refused and changes nothing). The pages go through the pull's
 * path, which is the sync helper's: it runs `aukio-sync bundle-apply` (sync_bundle_import), the
 * token on its standard input. *CHANGES gets the changes applied. STAFF_IMPORT_OK,
 * STAFF_IMPORT_NOT_ENROLLED (no TOKEN) or STAFF_IMPORT_REFUSED (ERR says why). */
StaffImportResult staff_export_import(const char *db, const StaffBundleFile *f, const char *token,
                                      int64_t now, int *changes, char *err, size_t errlen);

#endif
