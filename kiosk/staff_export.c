/*
 * staff_export.c: the I/O behind the export screen (EFFECT_STAFF_EXPORT_TARGETS and
 * EFFECT_STAFF_EXPORT, carried out by runtime.c): where files can go, and writing one there with
 * export.c's and the sync client's functions. No SDL.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sodium.h>

#include "client.h"
#include "export.h"
#include "staff.h"
#include "sync_proc.h"
#include "util.h"
#include "wire.h"

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

/* ---- Import from the coordinator ----------------------------------------------------------- */

/* Whether NAME is the file name a coordinator's bundle is given (STAFF_BUNDLE_PREFIX*.json). */
static bool bundle_name(const char *name)
{
    size_t n = strlen(name), p = strlen(STAFF_BUNDLE_PREFIX);
    return n > p + 5 && strncmp(name, STAFF_BUNDLE_PREFIX, p) == 0 &&
           strcmp(name + n - 5, ".json") == 0;
}

static int newest_first(const void *a, const void *b)
{
    const StaffBundleFile *x = a, *y = b;
    if (x->mtime != y->mtime) return x->mtime < y->mtime ? 1 : -1;
    return -strcmp(x->name, y->name); /* the same minute: the later name (its time) first */
}

void staff_export_find_bundles(const char *dir, StaffBundleFiles *out)
{
    memset(out, 0, sizeof *out);
    DIR *d = dir && *dir ? opendir(dir) : NULL;
    if (!d) return;
    StaffBundleFile all[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < (int)(sizeof all / sizeof all[0])) {
        if (!bundle_name(e->d_name) || strlen(e->d_name) >= sizeof all[0].name) continue;
        StaffBundleFile *f = &all[n];
        if (snprintf(f->path, sizeof f->path, "%s/%s", dir, e->d_name) >= (int)sizeof f->path)
            continue;
        struct stat sb;
        if (stat(f->path, &sb) != 0 || !S_ISREG(sb.st_mode)) continue;
        str_copy(f->name, sizeof f->name, e->d_name);
        f->mtime = (int64_t)sb.st_mtime;
        n++;
    }
    closedir(d);
    qsort(all, (size_t)n, sizeof all[0], newest_first);
    out->n = n < STAFF_BUNDLES_MAX ? n : STAFF_BUNDLES_MAX;
    memcpy(out->f, all, (size_t)out->n * sizeof all[0]);
}

StaffImportResult staff_export_import(const char *db, const StaffBundleFile *f, const char *token,
                                      int64_t now, int *changes, char *err, size_t errlen)
{
    *changes = 0;
    err[0] = '\0';
    if (!token || !*token) {
        snprintf(err, errlen, "this kiosk is not enrolled at a hub");
        return STAFF_IMPORT_NOT_ENROLLED;
    }
    char when[32], in[WIRE_TOKEN_MAX + 2], out[32];
    struct tm tm;
    time_t t = (time_t)now;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    snprintf(in, sizeof in, "%s\n", token);
    char *const argv[] = {"aukio-sync", "--db",         (char *)db,      "--now",
                          when,         "bundle-apply", (char *)f->path, NULL};
    int rc = sync_proc_run_once(argv, in, out, sizeof out, err, errlen);
    sodium_memzero(in, sizeof in);
    if (rc != 0) {
        if (rc > 0 && !err[0]) snprintf(err, errlen, "the sync helper failed (%d)", rc);
        return STAFF_IMPORT_REFUSED;
    }
    out[strcspn(out, "\n")] = '\0';
    long v = 0;
    *changes = parse_long(out, 0, INT32_MAX, &v) == 0 ? (int)v : 0;
    return STAFF_IMPORT_OK;
}
