/*
 * staff_worker.c: the export screen's jobs and staff's enrolment, run on a worker thread
 * (staff_worker.h).
 */
#include "staff_worker.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "client_worker.h"
#include "staff.h"
#include "sync_proc.h"
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

/* `aukio enrol URL TOKEN` as the shell runs it: the sync helper's own (`aukio-sync --config
 * CONFIG enrol URL -`, the token on its standard input, never on a command line): the token
 * file, the config. What it said last is what the screen shows: on success its line "enrolled as
 * DEVICE at URL; ...", whose DEVICE goes into SHOWN; else its first line of errors into ERR. */
static void enrol(const StaffJob *job, StaffJobAnswer *ans)
{
    ans->enrol = true;
    if (!job->config[0]) {
        ans->result = 2;
        str_copy(ans->err, sizeof ans->err,
                 "enrol: the kiosk has no config file to keep the hub in");
        return;
    }
    char in[sizeof job->enrol_token + 2], out[1024] = "", err[sizeof ans->err] = "";
    snprintf(in, sizeof in, "%s\n", job->enrol_token);
    char *const argv[] = {"aukio-sync", "--config", (char *)job->config, "enrol", (char *)job->url,
                          "-",          NULL};
    int rc = sync_proc_run_once(argv, in, out, sizeof out, err, sizeof err);
    sodium_memzero(in, sizeof in);
    ans->result = rc == 0 ? 0 : 1;
    /* Said where `aukio enrol` says it (no token is in either line). */
    const char *said = rc == 0 ? out : err;
    fprintf(rc == 0 ? stdout : stderr, "%s%s", said, strchr(said, '\n') ? "" : "\n");
    if (rc != 0) {
        const char *e = strncmp(err, "aukio: ", 7) == 0 ? err + 7 : err;
        if (!*e) e = rc < 0 ? "the sync helper could not be run" : "enrol failed";
        str_copy(ans->err, sizeof ans->err, e);
        return;
    }
    static const char head[] = "enrolled as ";
    const char *at = strstr(out, " at ");
    if (strncmp(out, head, sizeof head - 1) == 0 && at) {
        size_t len = (size_t)(at - out) - (sizeof head - 1);
        if (len >= sizeof ans->shown) len = sizeof ans->shown - 1;
        memcpy(ans->shown, out + sizeof head - 1, len);
        ans->shown[len] = '\0';
    }
}

void staff_worker_run(const StaffJob *job, StaffJobAnswer *ans)
{
    memset(ans, 0, sizeof *ans);
    if (job->enrol) {
        enrol(job, ans);
        return;
    }
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
