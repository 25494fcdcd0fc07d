/*
 * test_staff_worker.c: the export screen's jobs on their worker thread (staff_worker.h): an
 * export written by the worker's own store connection into the chosen place, answered through
 * sync_worker_take as the UI thread takes it; the same job run in line answers the same; an
 * import finds the coordinator's bundle by its name, and says so when there is none or the kiosk
 * is not enrolled; a store that cannot be opened fails the job, not the kiosk.
 */
#define _GNU_SOURCE 1 /* nftw's FTW_DEPTH|FTW_PHYS */
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "client_worker.h"
#include "staff_worker.h"
#include "store.h"

#define WEEK_FILE FIXTURES_DIR "/aukio/library_week.json"

static char g_dir[256];

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    (void)state;
    if (g_dir[0]) nftw(g_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    g_dir[0] = '\0';
    return 0;
}

static void setup_dir(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/aukio-test-worker-XXXXXX");
    assert_non_null(mkdtemp(g_dir));
    char db[300], err[512] = "", place[300];
    snprintf(db, sizeof db, "%s/k.db", g_dir);
    Store *s = NULL;
    if (store_open(&s, db, err, sizeof err)) fail_msg("store_open: %s", err);
    int n = 0;
    if (store_import_file(s, WEEK_FILE, 0, &n, err, sizeof err)) fail_msg("import: %s", err);
    store_close(s);
    snprintf(place, sizeof place, "%s/STICK", g_dir);
    assert_int_equal(mkdir(place, 0700), 0);
}

static StaffJob job_for(bool import, StaffExportWhat what)
{
    StaffJob job = {.import = import, .what = what, .now = 1773741600};
    snprintf(job.database, sizeof job.database, "%s/k.db", g_dir);
    snprintf(job.target.name, sizeof job.target.name, "STICK");
    snprintf(job.target.path, sizeof job.target.path, "%s/STICK", g_dir);
    snprintf(job.kiosk, sizeof job.kiosk, "Lahti aula");
    return job;
}

static void test_export_on_the_worker(void **state)
{
    (void)state;
    setup_dir();
    char err[256] = "";
    SyncWorker *w = staff_worker_start(NULL, NULL, err, sizeof err);
    assert_non_null(w);
    StaffJobAnswer ans;
    assert_false(sync_worker_take(w, true, &ans)); /* nothing asked: no answer, no wait */
    StaffJob job = job_for(false, STAFF_EX_FEEDBACK);
    assert_true(sync_worker_ask(w, &job));
    assert_true(sync_worker_take(w, true, &ans));
    assert_false(ans.import);
    assert_int_equal(ans.result, STAFF_EX_OK);
    assert_string_equal(ans.shown, "STICK/aukio-feedback-2026-03-17-1200.csv");
    char path[400];
    snprintf(path, sizeof path, "%s/STICK/aukio-feedback-2026-03-17-1200.csv", g_dir);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    /* The same job in line answers the same (the kiosk without a worker thread). */
    StaffJobAnswer here;
    staff_worker_run(&job, &here);
    assert_int_equal(here.result, ans.result);
    assert_string_equal(here.shown, ans.shown);
    /* The bundle needs an enrolled kiosk; a store that cannot be opened fails the job. */
    job = job_for(false, STAFF_EX_BUNDLE);
    assert_true(sync_worker_ask(w, &job));
    assert_true(sync_worker_take(w, true, &ans));
    assert_int_equal(ans.result, STAFF_EX_NOT_ENROLLED);
    job = job_for(false, STAFF_EX_SIGNUPS);
    snprintf(job.database, sizeof job.database, "%s/no/such/dir/k.db", g_dir);
    assert_true(sync_worker_ask(w, &job));
    assert_true(sync_worker_take(w, true, &ans));
    assert_int_equal(ans.result, STAFF_EX_FAILED);
    assert_true(ans.err[0] != '\0');
    sync_worker_stop(w);
}

static void test_import_finds_by_name(void **state)
{
    (void)state;
    setup_dir();
    StaffJobAnswer ans;
    StaffJob job = job_for(true, STAFF_EX_SIGNUPS);
    snprintf(job.token, sizeof job.token, "flow-token");
    staff_worker_run(&job, &ans);
    assert_true(ans.import);
    assert_int_equal(ans.result, STAFF_IMPORT_NONE_FOUND);
    assert_string_equal(ans.shown, "STICK");
    /* The kiosk's own bundle and other files are not the coordinator's. */
    static const char *const OTHERS[] = {"aukio-bundle-Lahti-aula-2026-03-17-1200.json",
                                         "aukio-catalogue-.txt", "catalogue.json"};
    for (int i = 0; i < 3; i++) {
        char p[400];
        snprintf(p, sizeof p, "%s/STICK/%s", g_dir, OTHERS[i]);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fputs("{}", f);
        fclose(f);
    }
    staff_worker_run(&job, &ans);
    assert_int_equal(ans.result, STAFF_IMPORT_NONE_FOUND);
    /* One by the name: not a bundle, refused with why; without a token, not even tried. */
    char p[400];
    snprintf(p, sizeof p, "%s/STICK/aukio-catalogue-lahti-2026-03-17-1200.json", g_dir);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("{\"not\": \"a bundle\"}", f);
    fclose(f);
    staff_worker_run(&job, &ans);
    assert_int_equal(ans.result, STAFF_IMPORT_REFUSED);
    assert_string_equal(ans.shown, "STICK/aukio-catalogue-lahti-2026-03-17-1200.json");
    assert_true(ans.err[0] != '\0');
    job.token[0] = '\0';
    staff_worker_run(&job, &ans);
    assert_int_equal(ans.result, STAFF_IMPORT_NOT_ENROLLED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_export_on_the_worker, teardown),
        cmocka_unit_test_teardown(test_import_finds_by_name, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
