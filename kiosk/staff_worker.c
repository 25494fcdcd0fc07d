/*
 * staff_worker.c: the export screen's jobs, run on a worker thread (staff_worker.h).
 */
#include "staff_worker.h"

#include <stdio.h>
#include <string.h>

#include "client_worker.h"
#include "staff.h"
#include "util.h"

/* The coordinator's newest bundle on the job's place, imported. */
static void import(const StaffJob *job, StaffJobAnswer *ans)
{
    StaffBundleFiles found;
    staff_export_find_bundles(job->target.path, &found);
    if (found.n == 0) {
        ans->result = STAFF_IMPORT_NONE_FOUND;
        str_copy(ans->shown, sizeof ans->shown, job->target.name);
        return;
    }
    snprintf(ans->shown, sizeof ans->shown, "%s/%s", job->target.name, found.f[0].name);
    ans->result = staff_export_import(job->database, &found.f[0], job->token, job->now, &ans->rows,
                                      ans->err, sizeof ans->err);
}

void staff_worker_run(const StaffJob *job, StaffJobAnswer *ans)
{
    memset(ans, 0, sizeof *ans);
    ans->import = job->import;
    Store *s = NULL;
    if (store_open(&s, job->database, ans->err, sizeof ans->err) != 0) {
        ans->result = job->import ? STAFF_IMPORT_REFUSED : STAFF_EX_FAILED;
        return;
    }
    if (job->import)
        import(job, ans);
    else
        ans->result = staff_export_write(s, &job->target, job->what, job->token, job->kiosk,
                                         job->now, &ans->rows, ans->shown, sizeof ans->shown,
                                         ans->err, sizeof ans->err);
    store_close(s);
}

static void job_main(void *ctx, const void *request, void *answer)
{
    (void)ctx;
    staff_worker_run(request, answer);
}

SyncWorker *staff_worker_start(void (*notify)(void *ctx), void *ctx, char *err, size_t errlen)
{
    return sync_worker_start(sizeof(StaffJob), sizeof(StaffJobAnswer), job_main, NULL, notify, ctx,
                             "the staff export worker", err, errlen);
}
