/*
 * export.h: the staff's exports (issue 10): sign-ups, attendance and feedback of this kiosk as
 * CSV, RFC 4180 or for Finnish Excel (sync/common/csv.h says what each dialect does, including
 * the formula neutralisation). `aukio export` and the staff screen's export call it; core code,
 * no SDL.
 *
 * The files hold personal data: they are written mode 0600, whole or not at all
 * (file_private_open, util.h). Column headers are the same in both dialects.
 *
 *   signups     event_id, event, start, code, status, position, group_size, name, email, phone,
 *               lang, answers ("Question: answer; ..."), signed_up_at, attended
 *   attendance  event_id, event, start, code, name, group_size, status, attended, attended_at
 *               (sign-ups that still stand: not cancelled, not rejected)
 *   feedback    created_at, event_id, event, score, reasons, comment, lang
 */
#ifndef AUKIO_EXPORT_H
#define AUKIO_EXPORT_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "csv.h"
#include "store.h"

typedef enum { EXPORT_SIGNUPS = 0, EXPORT_ATTENDANCE, EXPORT_FEEDBACK } ExportKind;

/* "signups", "attendance", "feedback" and back (-1 for another name). */
const char *export_kind_name(ExportKind k);
int export_kind_from_name(const char *s);

/* Writes the export of KIND for EVENT_ID (NULL = every event; feedback: "" = about the
 * library) into OUT in DIALECT. *ROWS gets the rows below the header. AUKIO_OK, or AUKIO_ERR
 * with ERR (never personal data). */
AUKIO_MUST_CHECK AukioRc export_to_stream(Store *st, ExportKind kind, const char *event_id,
                                          CsvDialect dialect, FILE *out, int *rows, char *err,
                                          size_t errlen);

/* The same into the file PATH (mode 0600, written whole or not at all). */
AUKIO_MUST_CHECK AukioRc export_to_file(Store *st, ExportKind kind, const char *event_id,
                                        CsvDialect dialect, const char *path, int *rows, char *err,
                                        size_t errlen);

/* ---- Where to: USB sticks ---------------------------------------------------------------- */

#define EXPORT_DRIVES_MAX 8

/* A removable drive as staff see it: the name it is mounted by (its label, as udisks names the
 * folder) and the folder. */
typedef struct {
    char name[128];
    char path[PATH_MAX];
} ExportDrive;

/* The drives mounted under /media or /run/media (where desktop automounters put USB sticks), read
 * from the mount table MOUNTS (NULL = /proc/self/mounts), in the table's order, at most MAX
 * (EXPORT_DRIVES_MAX is plenty). Returns how many, 0 when none or the table cannot be read. */
int export_drives(const char *mounts, ExportDrive *out, int max);

/* A file name for an export made at NOW (local time), e.g. "aukio-signups-2026-03-18-1830.csv",
 * "aukio-attendance-excel-2026-03-18-1830.csv". Into BUF; returns BUF. */
const char *export_file_name(ExportKind kind, bool excel, int64_t now, char *buf, size_t n);

#endif
