/*
 * staff_export.c: the I/O behind the export screen (EFFECT_STAFF_EXPORT_TARGETS and
 * EFFECT_STAFF_EXPORT, carried out by runtime.c): where files can go, and writing one there with
 * export.c's and the sync client's functions. No SDL.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "client.h"
#include "export.h"
#include "staff.h"
#include "util.h"

static void add(StaffExportTargets *out, const char *name, const char *path)
{
    if (out->n >= STAFF_EX_TARGETS_MAX || strlen(path) >= sizeof out->t[0].path) return;
    str_copy(out->t[out->n].name, sizeof out->t[0].name, name);
    str_copy(out->t[out->n].path, sizeof out->t[0].path, path);
    out->n++;
}

void staff_export_targets(const char *dir, StaffExportTargets *out)
{
    memset(out, 0, sizeof *out);
    struct stat sb;
    if (dir && *dir && stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        char path[STAFF_EX_PATH_MAX];
        str_copy(path, sizeof path, dir);
        size_t n = strlen(path);
        while (n > 1 && path[n - 1] == '/')
            path[--n] = '\0';
        const char *slash = strrchr(path, '/');
        add(out, slash && slash[1] ? slash + 1 : path, path);
    }
    ExportDrive d[EXPORT_DRIVES_MAX];
    int n = export_drives(NULL, d, EXPORT_DRIVES_MAX);
    for (int i = 0; i < n; i++)
        add(out, d[i].name, d[i].path);
}

StaffExportResult staff_export_write(Store *s, const StaffExportTarget *t, StaffExportWhat what,
                                     const char *token, const char *kiosk, int64_t now, int *rows,
                                     char *shown, size_t shown_n, char *err, size_t errlen)
{
    char file[160], path[STAFF_EX_PATH_MAX + 200];
    *rows = 0;
    err[0] = '\0';
    if (what == STAFF_EX_BUNDLE) {
        if (!token || !*token) {
            snprintf(err, errlen, "this kiosk is not enrolled at a hub");
            return STAFF_EX_NOT_ENROLLED;
        }
        export_bundle_file_name(kiosk, now, file, sizeof file);
    } else {
        export_file_name((ExportKind)(what / 2), what % 2 == 1, now, file, sizeof file);
    }
    snprintf(path, sizeof path, "%s/%s", t->path, file);
    snprintf(shown, shown_n, "%s/%s", t->name, file);
    AukioRc rc =
        what == STAFF_EX_BUNDLE
            ? sync_bundle_export(s, token, kiosk, path, now, rows, err, errlen)
            : export_to_file(s, (ExportKind)(what / 2), NULL,
                             what % 2 == 1 ? CSV_EXCEL : CSV_RFC4180, path, rows, err, errlen);
    return rc == AUKIO_OK ? STAFF_EX_OK : STAFF_EX_FAILED;
}
