/*
 * staff_worker.h: the export screen's writing and staff's enrolment off the UI thread (issue 10):
 * an export, the bundle for the coordinator or the import of the coordinator's bundle runs on a
 * worker thread (sync/client_worker.c, one job at a time) with a store connection of its own, so
 * that a slow USB stick never freezes the screen; the screen says "Tallennetaan…" meanwhile.
 * runtime.c asks (EFFECT_STAFF_EXPORT / EFFECT_STAFF_IMPORT) and hands the answer to the app as an
 * action (ACT_STAFF_EXPORT_DONE / ACT_STAFF_IMPORT_DONE). Core: no SDL.
 */
#ifndef AUKIO_STAFF_WORKER_H
#define AUKIO_STAFF_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "config.h"

struct SyncWorker;

/* One job: everything it needs copied in, nothing shared with the UI thread. */
typedef struct {
    /* "Connect to the hub" (staff's screen): `aukio enrol URL ENROL_TOKEN` with the kiosk's
     * CFG and its config file CONFIG, else an export or import. */
    bool enrol;
    Config cfg;
    char config[512];
    char url[256];
    char enrol_token[128];
    bool import; /* the coordinator's newest bundle on TARGET, else WHAT into it */
    StaffExportTarget target;
    StaffExportWhat what;
    char database[512]; /* the kiosk's database: the worker opens its own connection */
    char token[128];    /* the device token ("" when not enrolled) */
    char kiosk[128];    /* the kiosk's name, for the bundle's file name */
    int64_t now;        /* Unix s */
} StaffJob;

typedef struct {
    bool enrol; /* RESULT 0 enrolled (SHOWN: the device's name), else 1; ERR what it said */
    bool import;
    int result;      /* StaffExportResult, or StaffImportResult for an import */
    int rows;        /* rows written, or changes imported */
    char shown[256]; /* "PLACE/file" */
    char err[512];   /* why it failed (never personal data) */
} StaffJobAnswer;

/* Starts the worker; NOTIFY(CTX), when not NULL, is called from its thread when an answer is
 * ready. NULL with ERR when the thread cannot start (runtime.c then runs jobs in line). */
struct SyncWorker *staff_worker_start(void (*notify)(void *ctx), void *ctx, char *err,
                                      size_t errlen);

/* Carries JOB out here, on the caller's thread, into ANS: what the worker runs. */
void staff_worker_run(const StaffJob *job, StaffJobAnswer *ans);

#endif
