/*
 * bench_sync.c: figures for the kiosk's sync against a real hub on loopback (not a test).
 * Starts aukio-hub as a child on 127.0.0.1 (port 0, --port-file) with a fresh database and
 * drives the real `aukio` program:
 *
 *   a. upload: 10,000 operations in a kiosk's outbox (8,000 sign-ups and 2,000 feedback, written
 *      through the store's API as the UI writes them, escrow on as on an enrolled kiosk), sent by
 *      one `aukio sync --once` (10 batches, each one transaction at the hub) until the queue is
 *      empty;
 *   b. catalogue: 10,000 events (the demo catalogue's events, copied under new ids and dates)
 *      imported at the hub and pulled by a freshly enrolled kiosk: a snapshot of 10 pages, each
 *      applied in one local transaction;
 *   c. the rounds after: kiosk a has nothing to do; kiosk b has nothing new to pull but asks for
 *      grants for the events of the next 14 days that take sign-ups.
 *
 * Times are wall clock around the whole `aukio sync --once` process (start-up included).
 *
 * BENCH_NO_UPLOAD=1 leaves part a out (its queue takes half a minute to fill); BENCH_KEEP=1 keeps
 * the work directory (the hub's database with the catalogue, for profiling a pull by hand).
 *
 * AUKIO_BEFORE=PATH (another build of aukio, e.g. of the commit before a change): part b then
 * also pulls the same catalogue into fresh kiosks of both builds in turn, BENCH_PULLS (3) times
 * each, interleaved, and prints the medians and their ratio (issue 12: before/after in one run).
 *
 * usage: bench_sync [PATH_TO_AUKIO [PATH_TO_AUKIO_HUB]]
 *        (default: $AUKIO / $AUKIO_HUB, else the programs in the build directory above this one)
 * Targets: a <= 5 s, b <= 3 s.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <libgen.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store_sync.h"

#define OPS_SIGNUPS 8000
#define OPS_FEEDBACK 2000
#define CATALOGUE_EVENTS 10000
#define TARGET_UPLOAD_S 5.0
#define TARGET_CATALOGUE_S 3.0

static char g_dir[] = "/tmp/aukio-bench-sync-XXXXXX";
static char g_aukio[1024], g_hub[1024], g_url[64];
static pid_t g_hub_pid;

/* ---- Process helpers ---------------------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static void stop_hub(void)
{
    if (g_hub_pid <= 0) return;
    kill(g_hub_pid, SIGTERM);
    for (int i = 0; i < 100; i++) {
        if (waitpid(g_hub_pid, NULL, WNOHANG) == g_hub_pid) {
            g_hub_pid = 0;
            return;
        }
        usleep(50000);
    }
    kill(g_hub_pid, SIGKILL);
    waitpid(g_hub_pid, NULL, 0);
    g_hub_pid = 0;
}

static void cleanup(void)
{
    stop_hub();
    if (getenv("BENCH_KEEP")) {
        fprintf(stderr, "bench_sync: kept %s\n", g_dir);
        return;
    }
    if (strchr(g_dir, 'X') == NULL) nftw(g_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("bench_sync: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fprintf(stderr, "bench_sync: logs in %s kept\n", g_dir);
    stop_hub();
    exit(1);
}

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void path_in(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/%s", g_dir, name);
}

/* Runs ARGV (NULL-terminated), its stdout into OUT (OUTLEN bytes, NUL-terminated; may be NULL)
 * and its stderr appended to the work directory's log. Returns the exit status, -1 if it did
 * not exit normally. */
static int run(char *const argv[], char *out, size_t outlen)
{
    int fds[2];
    char log[1100];
    path_in(log, sizeof log, "children.log");
    if (pipe(fds) != 0) fatal("pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0) fatal("fork: %s", strerror(errno));
    if (pid == 0) {
        int lf = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        dup2(fds[1], 1);
        if (lf >= 0) dup2(lf, 2);
        close(fds[0]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    size_t len = 0;
    char sink[4096];
    for (;;) {
        char *dst = out && len + 1 < outlen ? out + len : sink;
        size_t room = out && len + 1 < outlen ? outlen - len - 1 : sizeof sink;
        ssize_t n = read(fds[0], dst, room);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (dst != sink) len += (size_t)n;
    }
    close(fds[0]);
    if (out && outlen) out[len] = '\0';
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void start_hub(void)
{
    char db[1100], port_file[1100], log[1100];
    path_in(db, sizeof db, "hub.db");
    path_in(port_file, sizeof port_file, "hub.port");
    path_in(log, sizeof log, "hub.log");
    g_hub_pid = fork();
    if (g_hub_pid < 0) fatal("fork: %s", strerror(errno));
    if (g_hub_pid == 0) {
        int lf = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (lf >= 0) dup2(lf, 2);
        execl(g_hub, g_hub, "serve", "--db", db, "--listen", "127.0.0.1:0", "--port-file",
              port_file, "--threads", "4", (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 200; i++) {
        FILE *f = fopen(port_file, "r");
        unsigned port = 0;
        if (f) {
            int got = fscanf(f, "%u", &port);
            fclose(f);
            if (got == 1 && port > 0 && port < 65536) {
                snprintf(g_url, sizeof g_url, "http://127.0.0.1:%u", port);
                return;
            }
        }
        if (waitpid(g_hub_pid, NULL, WNOHANG) == g_hub_pid) {
            g_hub_pid = 0;
            fatal("the hub exited at start (see %s)", log);
        }
        usleep(50000);
    }
    fatal("the hub did not report its port");
}

/* aukio-hub A1 A2 A3 --db DIR/hub.db, stdout into OUT. */
static int hub_cmd(char *out, size_t outlen, const char *a1, const char *a2, const char *a3)
{
    char db[1100];
    path_in(db, sizeof db, "hub.db");
    char *argv[] = {g_hub, (char *)a1, (char *)a2, (char *)a3, "--db", db, NULL};
    return run(argv, out, outlen);
}

/* A kiosk NAME with its own config and database in the work directory, enrolled at the hub. */
static void kiosk_new(const char *name, char *ini, size_t inilen, char *db, size_t dblen)
{
    char file[64], token[512];
    snprintf(file, sizeof file, "%s.ini", name);
    path_in(ini, inilen, file);
    snprintf(file, sizeof file, "%s.db", name);
    path_in(db, dblen, file);
    FILE *f = fopen(ini, "w");
    if (!f || fprintf(f, "[kiosk]\ndatabase = %s\n", db) < 0 || fclose(f) != 0)
        fatal("cannot write %s", ini);
    if (hub_cmd(token, sizeof token, "device", "add", name) != 0) fatal("device add %s", name);
    token[strcspn(token, "\r\n")] = '\0';
    char *argv[] = {g_aukio, "--config", ini, "enrol", g_url, token, NULL};
    if (run(argv, NULL, 0) != 0) fatal("aukio enrol %s failed", name);
}

/* One `aukio sync --once` for the kiosk INI: its seconds, its output in OUT. */
static double kiosk_sync(const char *ini, char *out, size_t outlen)
{
    char *argv[] = {g_aukio, "--config", (char *)ini, "sync", "--once", NULL};
    double t0 = wall_s();
    int rc = run(argv, out, outlen);
    double dt = wall_s() - t0;
    if (rc != 0) fatal("aukio sync --once failed (%d): %s", rc, out ? out : "");
    return dt;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Fresh kiosks of this build and of BEFORE pull the hub's catalogue in turn: the medians. */
static void pull_before_after(const char *before)
{
    char after[sizeof g_aukio], ini[1024], db[1024], out[4096], name[32];
    snprintf(after, sizeof after, "%s", g_aukio);
    const char *nv = getenv("BENCH_PULLS");
    int runs = nv ? (int)strtol(nv, NULL, 10) : 3;
    if (runs < 1 || runs > 15) runs = 3;
    double t[2][15];
    for (int r = 0; r < runs; r++)
        for (int w = 0; w < 2; w++) {
            snprintf(g_aukio, sizeof g_aukio, "%s", w ? before : after);
            snprintf(name, sizeof name, "k%c%d", w ? 'b' : 'a', r);
            kiosk_new(name, ini, sizeof ini, db, sizeof db);
            t[w][r] = kiosk_sync(ini, out, sizeof out);
        }
    snprintf(g_aukio, sizeof g_aukio, "%s", after);
    qsort(t[0], (size_t)runs, sizeof t[0][0], cmp_double);
    qsort(t[1], (size_t)runs, sizeof t[1][0], cmp_double);
    double a = t[0][runs / 2], b = t[1][runs / 2];
    printf("\nb'. the same snapshot into fresh kiosks, %d each, interleaved (medians)\n", runs);
    printf("  %-44s %8.2f s\n", "this build", a);
    printf("  %-44s %8.2f s (%s)\n", "before", b, before);
    printf("  %-44s %8.2fx faster (target >= 3x: %s)\n", "ratio", b / a,
           b / a >= 3 ? "met" : "NOT met");
}

static long db_count(const char *db, const char *sql)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    long n = -1;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

static void write_json(const char *path, json_t *j)
{
    if (json_dump_file(j, path, JSON_COMPACT) != 0) fatal("cannot write %s", path);
}

static const char *line_of(const char *out, const char *prefix, char *buf, size_t n)
{
    const char *p = strstr(out, prefix);
    size_t len = p ? strcspn(p, "\n") : 0;
    snprintf(buf, n, "%.*s", (int)len, p ? p : "");
    return buf;
}

static void figure(const char *what, double s, double target)
{
    if (target > 0)
        printf("  %-44s %8.2f s   (target <= %.0f s: %s)\n", what, s, target,
               s <= target ? "met" : "MISSED");
    else
        printf("  %-44s %8.2f s\n", what, s);
}

/* ---- The benchmark ------------------------------------------------------------------------ */

static void paths(int argc, char **argv)
{
    char self[1024];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    self[n > 0 ? n : 0] = '\0';
    /* The bench is built in BUILD/tests; the programs are in BUILD. */
    char *up = dirname(dirname(self));
    const char *ea = getenv("AUKIO"), *eh = getenv("AUKIO_HUB");
    snprintf(g_aukio, sizeof g_aukio, "%s", argc > 1 ? argv[1] : ea && *ea ? ea : "");
    snprintf(g_hub, sizeof g_hub, "%s", argc > 2 ? argv[2] : eh && *eh ? eh : "");
    if (!g_aukio[0]) snprintf(g_aukio, sizeof g_aukio, "%s/aukio", up);
    if (!g_hub[0]) snprintf(g_hub, sizeof g_hub, "%s/aukio-hub", up);
    if (access(g_aukio, X_OK) != 0 || access(g_hub, X_OK) != 0)
        fatal("need aukio and aukio-hub: %s, %s (give their paths as arguments)", g_aukio, g_hub);
}

int main(int argc, char **argv)
{
    if (argc > 3 || (argc > 1 && strcmp(argv[1], "--help") == 0)) {
        fprintf(stderr, "usage: bench_sync [PATH_TO_AUKIO [PATH_TO_AUKIO_HUB]]\n");
        return 2;
    }
    paths(argc, argv);
    if (!mkdtemp(g_dir)) fatal("mkdtemp: %s", strerror(errno));
    signal(SIGPIPE, SIG_IGN);
    char path[1100], out[8192], line[256], ini[1100], db[1100];
    double t0, total0 = wall_s();
    printf("bench_sync: %s and %s on 127.0.0.1\n", g_aukio, g_hub);

    /* ---- a. Upload ---- */
    json_t *big = json_pack("[{s:s, s:{s:s}, s:s, s:s, s:i, s:n, s:i}]", "id", "bench:big", "name",
                            "fi", "Iso tapahtuma", "start_time", "2099-03-18T18:30:00Z",
                            "event_status", "EventScheduled", "maximum_attendee_capacity", 100000,
                            "waiting_list_capacity", "maximum_group_size", 5);
    path_in(path, sizeof path, "big.json");
    write_json(path, big);
    json_decref(big);
    if (hub_cmd(NULL, 0, "event", "import", path) != 0) fatal("event import big.json");
    start_hub();
    kiosk_new("ka", ini, sizeof ini, db, sizeof db);
    kiosk_sync(ini, out, sizeof out); /* the catalogue: one event */

    double idle_s = 0;
    int64_t wall = (int64_t)time(NULL);
    if (getenv("BENCH_NO_UPLOAD")) goto catalogue;
    char err[512];
    Store *s = NULL;
    if (store_open(&s, db, err, sizeof err) != 0) fatal("%s", err);
    store_set_escrow(s, true);
    t0 = wall_s();
    for (int i = 0; i < OPS_SIGNUPS; i++) {
        SignupRequest req;
        SignupResult res;
        memset(&req, 0, sizeof req);
        snprintf(req.event_id, sizeof req.event_id, "bench:big");
        snprintf(req.name, sizeof req.name, "Vierailija %d", i);
        snprintf(req.email, sizeof req.email, "v%d@example.fi", i);
        snprintf(req.phone, sizeof req.phone, "040 %03d %04d", i % 1000, i);
        req.group_size = 1 + i % 3;
        req.consent = true;
        req.lang = (Lang)(i % LANG_COUNT);
        if (store_signup_commit(s, &req, wall, &res, err, sizeof err) != 0 ||
            res.outcome == SIGNUP_REJECTED)
            fatal("sign-up %d: %s", i, err);
    }
    for (int i = 0; i < OPS_FEEDBACK; i++) {
        FeedbackRequest fb;
        char uuid[37];
        memset(&fb, 0, sizeof fb);
        fb.score = 1 + i % 4;
        snprintf(fb.comment, sizeof fb.comment, "Palaute numero %d: kiitos, hyvä tapahtuma!", i);
        fb.lang = (Lang)(i % LANG_COUNT);
        if (store_feedback_commit(s, &fb, wall, uuid, err, sizeof err) != 0)
            fatal("feedback %d: %s", i, err);
    }
    double fill_s = wall_s() - t0;
    int queued = store_outbox_pending(s);
    (void)store_checkpoint(s);
    store_close(s);
    if (queued != OPS_SIGNUPS + OPS_FEEDBACK)
        fatal("%d queued, expected %d", queued, OPS_SIGNUPS + OPS_FEEDBACK);

    double up_s = kiosk_sync(ini, out, sizeof out);
    const char *pushed = line_of(out, "pushed", line, sizeof line);
    printf("\na. upload: %d queued operations\n", queued);
    figure("queue filled through the store (1 fsync each)", fill_s, 0);
    figure("aukio sync --once until the queue is empty", up_s, TARGET_UPLOAD_S);
    printf("  %-44s %8.0f ops/s\n", "throughput", queued / up_s);
    printf("  %s\n", pushed);
    long left = db_count(db, "SELECT count(*) FROM outbox WHERE acked_at IS NULL");
    if (left != 0) fatal("%ld operations still queued after the round", left);

    /* ---- c. An idle round ---- */
    idle_s = kiosk_sync(ini, out, sizeof out);

    /* ---- b. Catalogue ---- */
catalogue:;
    char demo[1100];
    snprintf(demo, sizeof demo, "%s/../assets/demo/events.json", TESTS_DIR);
    json_error_t je;
    json_t *doc = json_load_file(demo, 0, &je);
    json_t *tmpl = json_object_get(doc, "data");
    size_t nt = json_array_size(tmpl);
    if (!nt) fatal("%s: %s", demo, je.text);
    json_t *evs = json_array();
    for (int i = 0; i < CATALOGUE_EVENTS; i++) {
        json_t *e = json_deep_copy(json_array_get(tmpl, (size_t)i % nt));
        char id[64], start[40], end[40];
        int64_t t = wall + 86400 + (int64_t)i * 3153; /* a year of events from tomorrow */
        snprintf(id, sizeof id, "bench:event-%05d", i);
        event_format_time(t, start, sizeof start);
        event_format_time(t + 5400, end, sizeof end);
        json_object_set_new(e, "id", json_string(id));
        json_object_set_new(e, "start_time", json_string(start));
        json_object_set_new(e, "end_time", json_string(end));
        json_object_del(e, "enrolment_start_time");
        json_object_del(e, "enrolment_end_time");
        json_array_append_new(evs, e);
    }
    json_decref(doc);
    path_in(path, sizeof path, "catalogue.json");
    write_json(path, evs);
    json_decref(evs);
    struct stat sb;
    long bytes = stat(path, &sb) == 0 ? (long)sb.st_size : 0;
    t0 = wall_s();
    if (hub_cmd(out, sizeof out, "event", "import", path) != 0) fatal("event import catalogue");
    double import_s = wall_s() - t0;

    kiosk_new("kb", ini, sizeof ini, db, sizeof db);
    double pull_s = kiosk_sync(ini, out, sizeof out);
    const char *pulled = line_of(out, "pulled", line, sizeof line);
    long have = db_count(db, "SELECT count(*) FROM events WHERE gone = 0");
    printf("\nb. catalogue: %d events (%.1f MB of JSON)\n", CATALOGUE_EVENTS, bytes / 1e6);
    figure("aukio-hub event import (hub side)", import_s, 0);
    figure("fresh kiosk: aukio sync --once (snapshot)", pull_s, TARGET_CATALOGUE_S);
    printf("  %-44s %8.0f events/s\n", "throughput", CATALOGUE_EVENTS / pull_s);
    printf("  %s; the kiosk holds %ld events\n", pulled, have);
    if (have < CATALOGUE_EVENTS)
        fatal("the kiosk holds %ld events, expected %d", have, CATALOGUE_EVENTS);
    double again_s = kiosk_sync(ini, out, sizeof out);
    const char *before = getenv("AUKIO_BEFORE");
    if (before && before[0]) pull_before_after(before);

    printf("\nc. later rounds (nothing to push, nothing new to pull)\n");
    figure("kiosk a (1 event): idle", idle_s, 0);
    figure("kiosk b (10,000 events): asks for grants", again_s, 0);
    printf("  %s\n", line_of(out, "grants", line, sizeof line));
    printf("\ntotal %.1f s\n", wall_s() - total0);
    stop_hub();
    cleanup();
    return 0;
}
