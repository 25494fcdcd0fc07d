/*
 * bench_kiosk.c: how fast and how lean the kiosk is with 10,000 events, against its targets.
 *
 * Usage:
 *   bench_kiosk [AUKIO]
 *
 *   AUKIO is the aukio program to measure; by default the "aukio" in the parent of the directory
 *   this program is in (build/tests/bench_kiosk -> build/aukio). For example, from the source tree:
 *
 *     cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench -j2
 *     ./build-bench/tests/bench_kiosk ./build-bench/aukio
 *
 *   Environment: TMPDIR, where the scratch directory (JSON, database, logs) goes, default /tmp;
 *   keep it on the disk a kiosk would use, not on tmpfs, or fsync costs nothing. BENCH_KEEP=1
 *   keeps the scratch directory. BENCH_ONLY=2,4 runs only those parts (for profiling one, e.g.
 *   `BENCH_ONLY=2 perf record -g bench_kiosk`). BENCH_FRAMES_CSV=FILE writes part 2's frames
 *   (phase, scroll position, build and draw ms) for a closer look. AUKIO_FONTS as for aukio.
 *
 * This is not a test: it prints figures with their targets and exits 0 whatever they are. It exits
 * non-zero only when the benchmark itself cannot run (no aukio program, the import fails, ...).
 *
 * What it measures, with 10,000 generated events (next 90 days, fi/sv/en titles of varying
 * length, 30 venues, eight categories, a mix of drop-in, limited, large and unlimited events):
 *   1. process start to first frame: `aukio --db DB --windowed 1920x1080` on the event list
 *      (AUKIO_START_SCREEN=list, AUKIO_EXIT_AFTER_FIRST_FRAME=1), from just before the spawn to
 *      "first-frame" on its stdout; with SDL_VIDEODRIVER=offscreen and, when Xvfb is installed,
 *      under a private Xvfb :97 (x11).
 *   2. event-list frame time while scrolling, in this process as main.c does it: drags of 23 px a
 *      frame and a few flings; per frame the dispatch of the input, build (ui_begin, view_build,
 *      the layout's requests) and gfx_draw. Headless (a memory surface), then windowed (offscreen
 *      and Xvfb).
 *   3. peak resident memory (ru_maxrss from wait4) of a windowed kiosk left on the list, and of
 *      `aukio --headless --script` scrolling the list for a while; and in part 4, how much the
 *      resident memory grows during one sign-up.
 *   4. tap-to-durable sign-up: ACT_SUBMIT with a valid form through store_signup_commit to
 *      ACT_SIGNUP_DONE, as main.c's effect loop does, 1,000 times.
 *   5. CPU used by an untouched kiosk on the event list over 10 s (/proc/PID/stat).
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "common/gen_events.h"
#include "config.h"
#include "datefmt.h"
#include "event.h"
#include "fonts.h"
#include "gfx.h"
#include "rules.h"
#include "runtime.h"
#include "staff_pin.h"
#include "store.h"
#include "ui.h"
#include "views.h"

extern char **environ;

#define N_EVENTS 10000
#define SCREEN_W 1920
#define SCREEN_H 1080
#define START_RUNS 10
#define DRAG_PX 23.0f
#define DRAG_FRAMES 600
#define WINDOWED_DRAG_FRAMES 300
#define FLINGS 3
#define FLING_PX_S 2500.0f
#define FRAME_MS 16
#define SIGNUPS 1000
#define IDLE_SETTLE_MS 2000
#define IDLE_MEASURE_MS 10000
#define XVFB_DISPLAY ":97"

/* ---- Small helpers ---------------------------------------------------------------------- */

static char g_dir[256];        /* scratch directory */
static char g_json[PATH_MAX];  /* generated events */
static char g_db[PATH_MAX];    /* the kiosk's database */
static char g_log[PATH_MAX];   /* children's stderr */
static char g_aukio[PATH_MAX]; /* the program measured */
static pid_t g_xvfb = -1;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double ms_since(int64_t t0_ns, int64_t t1_ns)
{
    return (double)(t1_ns - t0_ns) / 1e6;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static void rm_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        unlink(path);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char sub[PATH_MAX];
        snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
        rm_tree(sub);
    }
    closedir(d);
    rmdir(path);
}

static void xvfb_stop(void)
{
    if (g_xvfb <= 0) return;
    kill(g_xvfb, SIGTERM);
    int st;
    for (int i = 0; i < 300 && waitpid(g_xvfb, &st, WNOHANG) == 0; i++)
        sleep_ms(10);
    if (waitpid(g_xvfb, &st, WNOHANG) == 0) {
        kill(g_xvfb, SIGKILL);
        waitpid(g_xvfb, &st, 0);
    }
    g_xvfb = -1;
}

static void cleanup(void)
{
    xvfb_stop();
    const char *keep = getenv("BENCH_KEEP");
    if (g_dir[0] && !(keep && strcmp(keep, "1") == 0))
        rm_tree(g_dir);
    else if (g_dir[0])
        printf("scratch directory kept: %s\n", g_dir);
}

/* The one way out when the benchmark itself cannot go on. */
static void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "bench_kiosk: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    cleanup();
    exit(1);
}

/* Prints the last lines the children wrote to stderr, for a failure's context. */
static void log_tail(void)
{
    FILE *f = fopen(g_log, "r");
    if (!f) return;
    char buf[2048];
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, size > (long)sizeof(buf) - 1 ? size - (long)sizeof(buf) + 1 : 0, SEEK_SET);
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    if (n) fprintf(stderr, "  --- end of %s ---\n%s  ---\n", g_log, buf);
}

/* How busy the whole machine was between two marks, in cores: the benchmark shares it with
 * whatever else runs, and a figure measured on a busy machine says so. */
typedef struct {
    unsigned long long busy, total;
} CpuMark;

static CpuMark cpu_mark(void)
{
    CpuMark m = {0, 0};
    FILE *f = fopen("/proc/stat", "r");
    if (!f) return m;
    unsigned long long v[8] = {0};
    if (fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4],
               &v[5], &v[6], &v[7]) == 8) {
        m.busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
        m.total = m.busy + v[3] + v[4];
    }
    fclose(f);
    return m;
}

static double cpu_busy_cores(CpuMark since)
{
    CpuMark now = cpu_mark();
    if (now.total <= since.total) return 0;
    return (double)sysconf(_SC_NPROCESSORS_ONLN) * (double)(now.busy - since.busy) /
           (double)(now.total - since.total);
}

static char g_busy[128]; /* "part: cores" notes for the table */

/* Prints and notes how busy the machine was during PART; OWN is what the benchmark itself
 * keeps busy (in cores). */
static void note_busy(const char *part, CpuMark since, double own)
{
    double b = cpu_busy_cores(since);
    printf("  (machine: %.2f cores busy on average during this part; the benchmark itself uses "
           "about %.1f%s)\n",
           b, own, b > own + 0.3 ? " -- others were running, figures are pessimistic" : "");
    size_t used = strlen(g_busy);
    snprintf(g_busy + used, sizeof(g_busy) - used, "%s%s %.1f", used ? ", " : "", part, b);
}

/* Whether part N (1-5) runs: all of them unless BENCH_ONLY lists some. */
static bool part_on(int n)
{
    const char *only = getenv("BENCH_ONLY");
    if (!only || !*only) return true;
    for (const char *p = only; *p; p++)
        if (*p == '0' + n) return true;
    return false;
}

/* ---- Samples ---------------------------------------------------------------------------- */

typedef struct {
    double *v;
    int n, cap;
    bool sorted;
} Samples;

static void samples_add(Samples *s, double x)
{
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 256;
        double *v = realloc(s->v, (size_t)cap * sizeof(*v));
        if (!v) fatal("out of memory");
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = x;
    s->sorted = false;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile P (0-100) of S; 0 when empty. */
static double samples_pct(Samples *s, double p)
{
    if (s->n == 0) return 0;
    if (!s->sorted) qsort(s->v, (size_t)s->n, sizeof(double), cmp_double);
    s->sorted = true;
    int rank = (int)(p / 100.0 * s->n + 0.999999);
    if (rank < 1) rank = 1;
    if (rank > s->n) rank = s->n;
    return s->v[rank - 1];
}

static double samples_max(Samples *s)
{
    return samples_pct(s, 100);
}

static void samples_free(Samples *s)
{
    free(s->v);
    memset(s, 0, sizeof(*s));
}

/* ---- The results table ------------------------------------------------------------------ */

typedef enum { VERDICT_NONE = 0, VERDICT_OK, VERDICT_OVER } Verdict;

typedef struct {
    char figure[80];
    char value[64];
    char target[32];
    Verdict verdict;
} Result;

static Result g_results[48];
static int g_n_results;

/* A row of the final table. TARGET NULL = information only; else VALUE <= LIMIT is ok. */
static void result_add(const char *figure, const char *target, double value, double limit,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void result_add(const char *figure, const char *target, double value, double limit,
                       const char *fmt, ...)
{
    if (g_n_results == (int)(sizeof(g_results) / sizeof(g_results[0]))) return;
    Result *r = &g_results[g_n_results++];
    snprintf(r->figure, sizeof(r->figure), "%s", figure);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->value, sizeof(r->value), fmt, ap);
    va_end(ap);
    snprintf(r->target, sizeof(r->target), "%s", target ? target : "");
    r->verdict = !target ? VERDICT_NONE : value <= limit ? VERDICT_OK : VERDICT_OVER;
}

static void result_missing(const char *figure, const char *target, const char *why)
{
    result_add(figure, target, 0, 0, "not measured (%s)", why);
    g_results[g_n_results - 1].verdict = VERDICT_NONE;
}

/* The table in the order of the figures' numbers ("1. ..."); indented rows stay with the row
 * above them, unnumbered ones at the top. */
static void results_print(void)
{
    int section[sizeof(g_results) / sizeof(g_results[0])];
    for (int i = 0, s = 0; i < g_n_results; i++) {
        char c = g_results[i].figure[0];
        if (c >= '1' && c <= '9')
            s = c - '0';
        else if (c != ' ' || i == 0)
            s = 0;
        section[i] = s;
    }
    printf("\n%-56s  %-34s  %-12s  %s\n", "figure", "value", "target", "");
    for (int i = 0; i < 56 + 2 + 34 + 2 + 12 + 6; i++)
        putchar('-');
    putchar('\n');
    for (int s = 0; s <= 9; s++)
        for (int i = 0; i < g_n_results; i++) {
            if (section[i] != s) continue;
            const Result *r = &g_results[i];
            printf("%-56s  %-34s  %-12s  %s\n", r->figure, r->value, r->target,
                   r->verdict == VERDICT_OK     ? "ok"
                   : r->verdict == VERDICT_OVER ? "OVER"
                                                : "");
        }
}

/* ---- Child processes -------------------------------------------------------------------- */

typedef struct {
    pid_t pid;
    int out;          /* read end of the child's stdout, or -1 */
    int64_t start_ns; /* just before the spawn */
} Child;

/* Starts ARGV[0] (searched in PATH when it has no '/') with the environment changed by ENV:
 * "NAME=VALUE" sets, "NAME" removes. With CAPTURE the child's stdout is a pipe in c->out; stderr
 * always goes to g_log. Returns 0, or -1 with ERR. */
static int child_start(Child *c, char *const argv[], const char *const env[], bool capture,
                       char *err, size_t errlen)
{
    int rc = -1;
    size_t n_env = 0, n_set = 0;
    while (environ[n_env])
        n_env++;
    while (env && env[n_set])
        n_set++;
    char **envp = calloc(n_env + n_set + 1, sizeof(*envp));
    int fds[2] = {-1, -1};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (!envp) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    size_t k = 0;
    for (size_t i = 0; i < n_env; i++) {
        bool overridden = false;
        for (size_t j = 0; j < n_set && !overridden; j++) {
            size_t len = strcspn(env[j], "=");
            overridden = strncmp(environ[i], env[j], len) == 0 && environ[i][len] == '=';
        }
        if (!overridden) envp[k++] = environ[i];
    }
    for (size_t j = 0; j < n_set; j++)
        if (strchr(env[j], '=')) envp[k++] = (char *)env[j];
    envp[k] = NULL;

    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (capture) {
        if (pipe(fds) != 0) {
            snprintf(err, errlen, "pipe: %s", strerror(errno));
            goto done;
        }
        fcntl(fds[0], F_SETFD, FD_CLOEXEC);
        posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
        posix_spawn_file_actions_addclose(&fa, fds[1]);
    } else {
        posix_spawn_file_actions_addopen(&fa, 1, g_log, O_WRONLY | O_CREAT | O_APPEND, 0644);
    }
    posix_spawn_file_actions_addopen(&fa, 2, g_log, O_WRONLY | O_CREAT | O_APPEND, 0644);
    c->out = -1;
    c->start_ns = now_ns();
    int e = posix_spawnp(&c->pid, argv[0], &fa, NULL, argv, envp);
    if (e != 0) {
        snprintf(err, errlen, "%.120s: cannot start: %s", argv[0], strerror(e));
        goto done;
    }
    if (capture) {
        c->out = fds[0];
        fds[0] = -1;
    }
    rc = 0;
done:
    posix_spawn_file_actions_destroy(&fa);
    if (fds[0] >= 0) close(fds[0]);
    if (fds[1] >= 0) close(fds[1]);
    free(envp);
    return rc;
}

/* Waits up to TIMEOUT_MS for WORD on the child's stdout; *AT_NS is when it was read. */
static int child_wait_word(Child *c, const char *word, int timeout_ms, int64_t *at_ns)
{
    char buf[4096];
    size_t used = 0;
    int64_t deadline = now_ns() + (int64_t)timeout_ms * 1000000;
    for (;;) {
        int left = (int)((deadline - now_ns()) / 1000000);
        if (left <= 0) return -1;
        struct pollfd p = {c->out, POLLIN, 0};
        int r = poll(&p, 1, left);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        ssize_t got = read(c->out, buf + used, sizeof(buf) - 1 - used);
        int64_t t = now_ns();
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return -1; /* the child closed its stdout: it exited without the word */
        used += (size_t)got;
        buf[used] = '\0';
        if (strstr(buf, word)) {
            *at_ns = t;
            return 0;
        }
        if (used > sizeof(buf) / 2) { /* keep a tail long enough to hold a split word */
            memmove(buf, buf + used - 64, 64);
            used = 64;
        }
    }
}

/* Sends SIG (0 = none) and reaps the child within TIMEOUT_MS (then SIGKILL). Returns the wait
 * status; *RU gets the child's resource usage. */
static int child_finish(Child *c, int sig, int timeout_ms, struct rusage *ru)
{
    int st = 0;
    if (sig) kill(c->pid, sig);
    int64_t deadline = now_ns() + (int64_t)timeout_ms * 1000000;
    pid_t r;
    while ((r = wait4(c->pid, &st, WNOHANG, ru)) == 0 && now_ns() < deadline)
        sleep_ms(5);
    if (r == 0) {
        kill(c->pid, SIGKILL);
        wait4(c->pid, &st, 0, ru);
    }
    if (c->out >= 0) close(c->out);
    c->out = -1;
    c->pid = -1;
    return st;
}

static bool exited_ok(int st)
{
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* utime + stime of PID in clock ticks, and its voluntary context switches; -1 when gone. */
static long proc_cpu_ticks(pid_t pid, long *switches)
{
    char path[64], buf[1024];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *p = strrchr(buf, ')'); /* the command name may hold spaces */
    if (!p) return -1;
    p++;
    /* Fields from 3 (state) on; utime is field 14, stime 15. */
    long ut = -1, stime = -1;
    char *save = NULL;
    int field = 3;
    for (char *tok = strtok_r(p, " ", &save); tok; tok = strtok_r(NULL, " ", &save), field++) {
        if (field == 14) ut = strtol(tok, NULL, 10);
        if (field == 15) {
            stime = strtol(tok, NULL, 10);
            break;
        }
    }
    if (ut < 0 || stime < 0) return -1;
    *switches = -1;
    snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
    f = fopen(path, "r");
    if (f) {
        char line[256];
        while (fgets(line, sizeof(line), f))
            if (strncmp(line, "voluntary_ctxt_switches:", 24) == 0)
                *switches = strtol(line + 24, NULL, 10);
        fclose(f);
    }
    return ut + stime;
}

/* Starts Xvfb on XVFB_DISPLAY. Returns 0, or -1 with ERR (not installed, display taken...). */
static int xvfb_start(char *err, size_t errlen)
{
    if (access("/tmp/.X97-lock", F_OK) == 0) {
        snprintf(err, errlen, "display %s is taken (/tmp/.X97-lock exists)", XVFB_DISPLAY);
        return -1;
    }
    char *argv[] = {"Xvfb", XVFB_DISPLAY, "-screen", "0", "1920x1080x24", "-nolisten", "tcp", NULL};
    Child c;
    if (child_start(&c, argv, NULL, false, err, errlen) != 0) return -1;
    g_xvfb = c.pid;
    for (int i = 0; i < 500; i++) {
        int st;
        if (waitpid(g_xvfb, &st, WNOHANG) == g_xvfb) {
            g_xvfb = -1;
            snprintf(err, errlen, "Xvfb exited at start (see %.200s)", g_log);
            return -1;
        }
        if (access("/tmp/.X11-unix/X97", F_OK) == 0) {
            sleep_ms(200); /* the socket exists a moment before the server answers */
            return 0;
        }
        sleep_ms(10);
    }
    xvfb_stop();
    snprintf(err, errlen, "Xvfb did not come up within 5 s");
    return -1;
}

/* ---- 1. Process start to first frame ---------------------------------------------------- */

static const char *const ENV_OFFSCREEN[] = {"SDL_VIDEODRIVER=offscreen", "AUKIO_START_SCREEN=list",
                                            "AUKIO_EXIT_AFTER_FIRST_FRAME=1", NULL};
static const char *const ENV_X11[] = {"SDL_VIDEODRIVER=x11", "DISPLAY=" XVFB_DISPLAY,
                                      "AUKIO_START_SCREEN=list", "AUKIO_EXIT_AFTER_FIRST_FRAME=1",
                                      NULL};

static void bench_first_frame(const char *label, const char *const env[])
{
    char *argv[] = {g_aukio, "--db", g_db, "--windowed", "1920x1080", NULL};
    Samples ms = {0}, rss = {0};
    char err[256], figure[96];
    for (int i = 0; i < START_RUNS; i++) {
        Child c;
        int64_t at;
        struct rusage ru;
        if (child_start(&c, argv, env, true, err, sizeof(err)) != 0) fatal("%s", err);
        int got = child_wait_word(&c, "first-frame", 15000, &at);
        int st = child_finish(&c, 0, 5000, &ru);
        if (got != 0 || !exited_ok(st)) {
            fprintf(stderr,
                    "bench_kiosk: %s: run %d printed no first-frame or failed "
                    "(status 0x%x)\n",
                    label, i + 1, st);
            log_tail();
            snprintf(figure, sizeof(figure), "1. start to first frame, %s, p50", label);
            result_missing(figure, "<= 100 ms", "the kiosk failed");
            goto done;
        }
        samples_add(&ms, ms_since(c.start_ns, at));
        samples_add(&rss, (double)ru.ru_maxrss / 1024.0);
    }
    printf("  %-10s start to first frame: p50 %.1f ms, max %.1f ms (runs:", label,
           samples_pct(&ms, 50), samples_max(&ms));
    for (int i = 0; i < ms.n; i++)
        printf(" %.0f", ms.v[i]);
    printf("); peak RSS p50 %.1f MiB\n", samples_pct(&rss, 50));
    snprintf(figure, sizeof(figure), "1. start to first frame, %s, p50", label);
    result_add(figure, "<= 100 ms", samples_pct(&ms, 50), 100, "%.1f ms", samples_pct(&ms, 50));
    snprintf(figure, sizeof(figure), "1. start to first frame, %s, max of %d", label, ms.n);
    result_add(figure, "<= 100 ms", samples_max(&ms), 100, "%.1f ms", samples_max(&ms));
    snprintf(figure, sizeof(figure), "   peak RSS of those runs (%s), p50", label);
    result_add(figure, "<= 40 MiB", samples_pct(&rss, 50), 40, "%.1f MiB", samples_pct(&rss, 50));
done:
    samples_free(&ms);
    samples_free(&rss);
}

/* ---- The kiosk in this process (as main.c wires it) ------------------------------------- */

/* Timestamps of the effects, from the runtime's trace hook. */
typedef struct {
    int64_t commit_start_ns, commit_end_ns, done_ns;
    int64_t load_start_ns, load_ns; /* the last EFFECT_LOAD_EVENTS: query and ACT_EVENTS_LOADED */
    int64_t open_gfx_ns;            /* gfx_new: fonts, and the window when there is one */
} Stopwatch;

static Stopwatch g_watch;

/* Where aukio finds its fonts (fonts.h), or the source tree's as the test programs do. */
static const char *font_dir(void)
{
    static char dir[4096];
    char err[512];
    if (fonts_find(dir, sizeof dir, err, sizeof err) != AUKIO_OK)
        snprintf(dir, sizeof dir, "%s/../fonts", TESTS_DIR);
    return dir;
}

static void trace(Kiosk *k, EffectKind e, KioskTrace when)
{
    (void)k;
    int64_t t = now_ns();
    if (e == EFFECT_COMMIT_SIGNUP) {
        if (when == KIOSK_TRACE_START) g_watch.commit_start_ns = t;
        if (when == KIOSK_TRACE_STORED) g_watch.commit_end_ns = t;
        if (when == KIOSK_TRACE_END) g_watch.done_ns = t;
    } else if (e == EFFECT_LOAD_EVENTS) {
        if (when == KIOSK_TRACE_START) g_watch.load_start_ns = t;
        if (when == KIOSK_TRACE_END) g_watch.load_ns = t - g_watch.load_start_ns;
    }
}

static void tick(Kiosk *k, int ms)
{
    k->clock_ms += ms;
    kiosk_dispatch(k, &(Action){.kind = ACT_TICK, .t = k->clock_ms});
}

/* Opens the database and the display, loads the events and goes to the list, as run_window()
 * does. *LOAD_MS gets the time of the first load (query + ACT_EVENTS_LOADED). */
static int kiosk_open(Kiosk *k, GfxMode mode, double *load_ms, char *err, size_t errlen)
{
    memset(k, 0, sizeof(*k));
    config_defaults(&k->cfg);
    if (store_open(&k->store, g_db, err, errlen) != 0) return -1;
    store_wal_restart(k->store); /* as kiosk_frame does after a window's first frame */
    int64_t t0 = now_ns();
    k->gfx = gfx_new(mode, SCREEN_W, SCREEN_H, false, font_dir(), err, errlen);
    g_watch.open_gfx_ns = now_ns() - t0;
    if (!k->gfx) {
        store_close(k->store);
        return -1;
    }
    ui_init(&k->ui, gfx_measure, k->gfx);
    k->trace = trace;
    k->virtual_clock = true;
    k->clock_ms = wall_ms();
    k->paged = !getenv("AUKIO_WHOLE_LIST"); /* as main.c: a page of the list */
    app_init(&k->app, k->cfg.language, k->cfg.idle_timeout_s, k->cfg.confirm_timeout_s,
             k->clock_ms);
    kiosk_dispatch(k, &(Action){.kind = ACT_TICK, .t = k->clock_ms});
    if (load_ms) *load_ms = (double)g_watch.load_ns / 1e6;
    kiosk_dispatch(k, &(Action){.kind = ACT_WAKE});
    k->need_draw = true;
    if (k->app.n_rows == 0) {
        snprintf(err, errlen, "no events loaded from %.200s", g_db);
        return -1;
    }
    return 0;
}

static void kiosk_close(Kiosk *k)
{
    app_deinit(&k->app);
    store_page_aux_free(&k->page_aux);
    ui_deinit(&k->ui);
    if (k->gfx) gfx_free(k->gfx);
    store_close(k->store);
}

/* ---- 2. Frame time while scrolling the event list --------------------------------------- */

/* Scrolls the list for DRAG_FRAMES frames of dragging plus FLINGS flings and times each frame:
 * the input's dispatch, build and gfx_draw. */
static void bench_frames(const char *label, GfxMode mode, int drag_frames, bool primary)
{
    Kiosk *k = calloc(1, sizeof(*k));
    if (!k) fatal("out of memory");
    char err[512], figure[96];
    double load_ms = 0;
    if (kiosk_open(k, mode, &load_ms, err, sizeof(err)) != 0) {
        fprintf(stderr, "bench_kiosk: %s: %s\n", label, err);
        snprintf(figure, sizeof(figure), "2. list frame while scrolling, %s, p99", label);
        result_missing(figure, "<= 4 ms", "cannot open the kiosk");
        free(k);
        return;
    }
    Samples total = {0}, bld = {0}, drw = {0};
    int64_t t0 = now_ns();
    kiosk_build(k);
    gfx_draw(k->gfx, &k->ui);
    k->need_draw = false;
    double cold = ms_since(t0, now_ns());

    float dir = 1;
    int dragged = 0, flings = 0, frames = 0, nodes_max = 0;
    int fling_every = drag_frames / (FLINGS + 1);
    bool flinging = false;
    const char *csv_path = getenv("BENCH_FRAMES_CSV");
    FILE *csv = csv_path && *csv_path ? fopen(csv_path, primary ? "w" : "a") : NULL;
    if (csv && primary) fprintf(csv, "run,frame,phase,pos,build_ms,draw_ms,nodes\n");
    int64_t wall0 = now_ns();
    while (dragged < drag_frames || flinging) {
        int64_t a = now_ns();
        Scroll *s = &k->app.scroll[SCROLL_LIST];
        if (flinging) {
            tick(k, FRAME_MS);
            flinging = s->velocity != 0;
        } else if (flings < FLINGS && dragged > 0 && dragged % fling_every == 0 &&
                   dragged / fling_every > flings) {
            /* The finger lets go mid-drag: inertia takes over, then the next drag goes back. */
            kiosk_dispatch(
                k, &(Action){.kind = ACT_SCROLL_FLING, .a = SCROLL_LIST, .f = dir * FLING_PX_S});
            tick(k, FRAME_MS);
            flinging = true;
            flings++;
            dir = -dir;
        } else {
            kiosk_dispatch(k,
                           &(Action){.kind = ACT_SCROLL_BY, .a = SCROLL_LIST, .f = dir * DRAG_PX});
            tick(k, FRAME_MS);
            dragged++;
            if (s->pos >= s->max && dir > 0) dir = -1;
            if (s->pos <= 0 && dir < 0) dir = 1;
        }
        kiosk_build(k);
        int64_t c = now_ns();
        if (k->need_draw) {
            gfx_draw(k->gfx, &k->ui);
            k->need_draw = false;
        }
        int64_t d = now_ns();
        samples_add(&total, ms_since(a, d));
        samples_add(&bld, ms_since(a, c));
        samples_add(&drw, ms_since(c, d));
        if (k->ui.n > nodes_max) nodes_max = k->ui.n;
        if (csv)
            fprintf(csv, "%s,%d,%s,%.0f,%.3f,%.3f,%d\n", label, frames, flinging ? "fling" : "drag",
                    (double)s->pos, ms_since(a, c), ms_since(c, d), k->ui.n);
        frames++;
    }
    double wall = ms_since(wall0, now_ns());
    if (csv) fclose(csv);
    printf("  %-18s %d frames (%d dragged, %d flings) in %.0f ms; gfx_new %.1f ms, event load "
           "%.1f ms, first frame %.1f ms; up to %d nodes\n",
           label, frames, dragged, flings, wall, (double)g_watch.open_gfx_ns / 1e6, load_ms, cold,
           nodes_max);
    printf("  %-18s frame p50 %.2f / p99 %.2f / max %.2f ms (build p50 %.2f p99 %.2f, "
           "draw p50 %.2f p99 %.2f)\n",
           label, samples_pct(&total, 50), samples_pct(&total, 99), samples_max(&total),
           samples_pct(&bld, 50), samples_pct(&bld, 99), samples_pct(&drw, 50),
           samples_pct(&drw, 99));
    snprintf(figure, sizeof(figure), "2. list frame while scrolling, %s, p99", label);
    result_add(figure, "<= 4 ms", samples_pct(&total, 99), 4, "%.2f ms (p50 %.2f, max %.2f)",
               samples_pct(&total, 99), samples_pct(&total, 50), samples_max(&total));
    if (primary) {
        result_add("   of which build (ui + view + requests), p99", NULL, 0, 0, "%.2f ms",
                   samples_pct(&bld, 99));
        result_add("   of which gfx_draw, p99", NULL, 0, 0, "%.2f ms", samples_pct(&drw, 99));
        result_add("   first (cold) list frame in process", NULL, 0, 0, "%.1f ms", cold);
        result_add("   loading 10k rows (query + ACT_EVENTS_LOADED)", NULL, 0, 0, "%.1f ms",
                   load_ms);
    }
    samples_free(&total);
    samples_free(&bld);
    samples_free(&drw);
    kiosk_close(k);
    free(k);
}

/* ---- 3 and 5. An untouched kiosk: CPU and memory; a scripted headless one: memory -------- */

static void write_scroll_script(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) fatal("%s: cannot write", path);
    fputs("# Wakes the kiosk into the event list, scrolls down and back, flinging.\n"
          "tap 2 540\nwait 300\n",
          f);
    for (int i = 0; i < 8; i++)
        fputs("drag 960 900 960 300 300\nwait 500\n", f);
    for (int i = 0; i < 3; i++)
        fputs("drag 960 300 960 900 300\nwait 500\n", f);
    for (int i = 0; i < 4; i++)
        fputs("drag 960 900 960 300 300\nwait 500\n", f);
    fputs("shot list\n", f);
    if (fclose(f) != 0) fatal("%s: write failed", path);
}

static void bench_idle_and_memory(bool have_x)
{
    char *argv[] = {g_aukio, "--db", g_db, "--windowed", "1920x1080", NULL};
    static const char *const env_off[] = {"SDL_VIDEODRIVER=offscreen", "AUKIO_START_SCREEN=list",
                                          "AUKIO_EXIT_AFTER_FIRST_FRAME", NULL};
    static const char *const env_x[] = {"SDL_VIDEODRIVER=x11", "DISPLAY=" XVFB_DISPLAY,
                                        "AUKIO_START_SCREEN=list", "AUKIO_EXIT_AFTER_FIRST_FRAME",
                                        NULL};
    const char *const *envs[2] = {env_off, env_x};
    const char *labels[2] = {"offscreen", "Xvfb"};
    int n = have_x ? 2 : 1;
    Child kids[2];
    long t0[2] = {-1, -1}, t1[2] = {-1, -1}, sw0[2] = {0, 0}, sw1[2] = {0, 0};
    char err[256], figure[96];
    for (int i = 0; i < n; i++)
        if (child_start(&kids[i], argv, envs[i], false, err, sizeof(err)) != 0) fatal("%s", err);
    sleep_ms(IDLE_SETTLE_MS);
    int64_t m0 = now_ns();
    for (int i = 0; i < n; i++)
        t0[i] = proc_cpu_ticks(kids[i].pid, &sw0[i]);

    /* Meanwhile the headless kiosk scrolls through a script (its own CPU; the idle ones only
     * count their own ticks). */
    char script[PATH_MAX], shots[PATH_MAX];
    snprintf(script, sizeof(script), "%s/scroll.script", g_dir);
    snprintf(shots, sizeof(shots), "%s/shots", g_dir);
    mkdir(shots, 0755);
    write_scroll_script(script);
    char *hargv[] = {g_aukio, "--headless", "--script", script, "--shots",
                     shots,   "--db",       g_db,       NULL};
    Child h;
    struct rusage ru;
    if (child_start(&h, hargv, NULL, false, err, sizeof(err)) != 0) fatal("%s", err);
    int hst = child_finish(&h, 0, 60000, &ru);
    double h_ms = ms_since(h.start_ns, now_ns());
    if (!exited_ok(hst)) {
        fprintf(stderr, "bench_kiosk: headless scroll script failed (status 0x%x)\n", hst);
        log_tail();
        result_missing("3. peak RSS, headless script scrolling the list", "<= 40 MiB",
                       "the script failed");
    } else {
        printf("  headless script (15 drags, ~12.7 s of virtual time) ran in %.0f ms, peak RSS "
               "%.1f MiB\n",
               h_ms, (double)ru.ru_maxrss / 1024.0);
        result_add("3. peak RSS, headless script scrolling the list", "<= 40 MiB",
                   (double)ru.ru_maxrss / 1024.0, 40, "%.1f MiB", (double)ru.ru_maxrss / 1024.0);
    }

    int left = IDLE_MEASURE_MS - (int)ms_since(m0, now_ns());
    if (left > 0) sleep_ms(left);
    double secs = ms_since(m0, now_ns()) / 1000.0;
    for (int i = 0; i < n; i++)
        t1[i] = proc_cpu_ticks(kids[i].pid, &sw1[i]);
    long hz = sysconf(_SC_CLK_TCK);
    for (int i = 0; i < n; i++) {
        struct rusage kru;
        int st = child_finish(&kids[i], SIGTERM, 3000, &kru);
        double rss = (double)kru.ru_maxrss / 1024.0;
        snprintf(figure, sizeof(figure), "5. CPU untouched on the list, %s, %.0f s", labels[i],
                 secs);
        if (t0[i] < 0 || t1[i] < 0) {
            fprintf(stderr, "bench_kiosk: the idle %s kiosk exited early (status 0x%x)\n",
                    labels[i], st);
            log_tail();
            result_missing(figure, "<= 1 %", "the kiosk exited");
            continue;
        }
        double pct = 100.0 * (double)(t1[i] - t0[i]) / (double)hz / secs;
        printf("  idle %-9s %ld ticks in %.1f s = %.2f %% of a core, %.0f wake-ups/s; "
               "peak RSS %.1f MiB (exit status 0x%x after SIGTERM)\n",
               labels[i], t1[i] - t0[i], secs, pct, (double)(sw1[i] - sw0[i]) / secs, rss, st);
        result_add(figure, "<= 1 %", pct, 1, "%.2f %% (%.0f wake-ups/s)", pct,
                   (double)(sw1[i] - sw0[i]) / secs);
        snprintf(figure, sizeof(figure), "3. peak RSS, windowed kiosk on the list, %s", labels[i]);
        result_add(figure, "<= 40 MiB", rss, 40, "%.1f MiB", rss);
    }
}

/* A "Vm...:" figure of this process in KiB, or -1. */
static long self_status_kib(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long v = -1;
    size_t n = strlen(key);
    while (fgets(line, sizeof(line), f))
        if (strncmp(line, key, n) == 0 && line[n] == ':') v = strtol(line + n + 1, NULL, 10);
    fclose(f);
    return v;
}

/* Starts a new peak-RSS measurement of this process (Linux: writing 5 to clear_refs resets
 * VmHWM to the current RSS). */
static bool self_reset_peak(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (!f) return false;
    bool ok = fputs("5", f) >= 0;
    return fclose(f) == 0 && ok;
}

/* ---- 4. Tap to durable sign-up ---------------------------------------------------------- */

static int find_row(const App *app, const char *id)
{
    for (int i = 0; i < app->n_rows; i++)
        if (strcmp(app->rows[i].id, id) == 0) return i;
    return -1;
}

/* Fills the form as a visitor would have, to pass EV's rules. */
static void fill_form(SignupRequest *form, const Event *ev, int n)
{
    snprintf(form->name, sizeof(form->name), "Matti Meikäläinen %d", n);
    if (ev->email_rule != FIELD_HIDDEN)
        snprintf(form->email, sizeof(form->email), "matti.%d@example.fi", n);
    if (ev->phone_rule != FIELD_HIDDEN)
        snprintf(form->phone, sizeof(form->phone), "+358 40 %03d %04d", n % 1000, n);
    form->group_size = 1;
    for (int q = 0; q < ev->n_questions; q++) {
        const Question *qu = &ev->questions[q];
        char *a = form->answers[q];
        size_t cap = sizeof(form->answers[q]);
        if (qu->kind == QUESTION_YESNO)
            snprintf(a, cap, "yes");
        else if (qu->kind == QUESTION_TEXT)
            snprintf(a, cap, "Gluteeniton, kiitos");
        else if (qu->n_options > 0)
            snprintf(a, cap, "%s", qu->options[0].id);
    }
    form->consent = true;
}

static void bench_signups(void)
{
    Kiosk *k = calloc(1, sizeof(*k));
    if (!k) fatal("out of memory");
    char err[512];
    if (kiosk_open(k, GFX_HEADLESS, NULL, err, sizeof(err)) != 0) fatal("sign-ups: %s", err);
    kiosk_build(k);
    gfx_draw(k->gfx, &k->ui);

    /* Events that take a sign-up now and have room for all of them: unlimited or large. */
    int64_t now = k->clock_ms / 1000;
    int n_cand = 0;
    char(*cand)[96] = malloc((size_t)k->app.n_rows * sizeof(*cand));
    if (!cand) fatal("out of memory");
    for (int i = 0; i < k->app.n_rows; i++) {
        const EventRow *r = &k->app.rows[i];
        int left = rules_seats_left(r);
        if (rules_availability(r, now, 1) == AVAIL_OPEN && (left < 0 || left >= 50))
            snprintf(cand[n_cand++], sizeof(cand[0]), "%s", r->id);
    }
    if (n_cand == 0) fatal("sign-ups: no open event with room in the generated data");

    Samples durable = {0}, done = {0}, returned = {0}, drawn = {0}, commit = {0};
    int confirmed = 0, failed = 0;
    /* Under tests/bench/shim/fsync_delay.c (LD_PRELOAD): the flushes on the tap's path, and
     * all of them (the checkpoints' too). */
    unsigned long (*syncs)(void) =
        (unsigned long (*)(void))dlsym(RTLD_DEFAULT, "fsync_delay_count");
    unsigned long tap_syncs = 0, all_syncs0 = syncs ? syncs() : 0;
    const char *nv = getenv("BENCH_SIGNUPS");
    int n_signups = nv ? (int)strtol(nv, NULL, 10) : SIGNUPS;
    if (n_signups <= 0) n_signups = SIGNUPS;
    long rss_before = -1, rss_peak = -1; /* KiB, around the first sign-up */
    for (int n = 0; n < n_signups; n++) {
        const char *id = cand[n % n_cand];
        int row = find_row(&k->app, id);
        if (row < 0) {
            failed++;
            continue;
        }
        tick(k, 200);
        kiosk_dispatch(k, &(Action){.kind = ACT_OPEN_EVENT, .a = row});
        kiosk_dispatch(k, &(Action){.kind = ACT_START_SIGNUP});
        if (k->app.screen != SCREEN_FORM || !k->app.detail_loaded) {
            failed++;
            kiosk_dispatch(k, &(Action){.kind = ACT_GO_LIST});
            continue;
        }
        fill_form(&k->app.form, &k->app.detail, n);
        FormError fe[FORM_SLOTS];
        if (rules_validate_form(&k->app.detail, &k->app.form, fe) != 0) {
            failed++;
            kiosk_dispatch(k, &(Action){.kind = ACT_GO_LIST});
            continue;
        }
        kiosk_build(k); /* the form is on screen when the visitor taps "sign up" */
        if (k->need_draw) gfx_draw(k->gfx, &k->ui);
        k->need_draw = false;

        g_watch.commit_start_ns = g_watch.commit_end_ns = g_watch.done_ns = 0;
        bool first = rss_before < 0 && self_reset_peak();
        if (first) rss_before = self_status_kib("VmRSS");
        unsigned long s0 = syncs ? syncs() : 0;
        int64_t t0 = now_ns();
        kiosk_dispatch(k, &(Action){.kind = ACT_SUBMIT});
        int64_t t1 = now_ns();
        unsigned long these = syncs ? syncs() - s0 : 0;
        tap_syncs += these;
        if (these > 1) printf("  sign-up %d: %lu flushes on the tap's path\n", n + 1, these);
        if (first) rss_peak = self_status_kib("VmHWM");
        /* As the program does: build, draw the confirmation, then checkpoint the WAL. */
        kiosk_build(k);
        if (k->need_draw) gfx_draw(k->gfx, &k->ui);
        k->need_draw = false;
        int64_t t2 = now_ns();
        kiosk_frame(k);
        if (k->app.screen != SCREEN_CONFIRM || !g_watch.done_ns || !g_watch.commit_end_ns) {
            failed++;
            kiosk_dispatch(k, &(Action){.kind = ACT_GO_LIST});
            continue;
        }
        confirmed += k->app.result.outcome == SIGNUP_CONFIRMED;
        samples_add(&durable, ms_since(t0, g_watch.commit_end_ns));
        samples_add(&done, ms_since(t0, g_watch.done_ns));
        samples_add(&returned, ms_since(t0, t1));
        samples_add(&drawn, ms_since(t0, t2));
        samples_add(&commit, ms_since(g_watch.commit_start_ns, g_watch.commit_end_ns));
        kiosk_dispatch(k, &(Action){.kind = ACT_GO_LIST});
    }
    printf("  %d sign-ups over %d candidate events: %d confirmed, %d failed\n", durable.n, n_cand,
           confirmed, failed);
    const char *delay = getenv("AUKIO_FSYNC_DELAY_MS");
    if (syncs && durable.n > 0) {
        double per = (double)tap_syncs / durable.n;
        double all = (double)(syncs() - all_syncs0) / durable.n;
        printf("  fsync delay %s ms (fsync_delay shim): %.2f flushes per sign-up on the tap's "
               "path, %.2f in all (the WAL checkpoints' included)\n",
               delay ? delay : "0", per, all);
        result_add("6. flushes per sign-up on the tap's path (shim)", "1", per, 1.0001,
                   "%.2f (%.2f "
                   "with checkpoints; delay %s ms)",
                   per, all, delay ? delay : "0");
    }
    printf("  submit -> COMMIT returned        p50 %.3f / p99 %.3f / max %.3f ms\n",
           samples_pct(&durable, 50), samples_pct(&durable, 99), samples_max(&durable));
    printf("  submit -> ACT_SIGNUP_DONE handled p50 %.3f / p99 %.3f / max %.3f ms\n",
           samples_pct(&done, 50), samples_pct(&done, 99), samples_max(&done));
    printf("  submit -> dispatch returned       p50 %.3f / p99 %.3f / max %.3f ms "
           "(includes reloading the event's row)\n",
           samples_pct(&returned, 50), samples_pct(&returned, 99), samples_max(&returned));
    printf("  submit -> confirmation drawn      p50 %.3f / p99 %.3f / max %.3f ms\n",
           samples_pct(&drawn, 50), samples_pct(&drawn, 99), samples_max(&drawn));
    if (durable.n == 0) {
        result_missing("4. sign-up: submit -> ACT_SIGNUP_DONE, p99", "<= 2 ms", "none succeeded");
    } else {
        result_add("4. sign-up: submit -> ACT_SIGNUP_DONE, p99", "<= 2 ms", samples_pct(&done, 99),
                   2, "%.3f ms (p50 %.3f, max %.2f)", samples_pct(&done, 99),
                   samples_pct(&done, 50), samples_max(&done));
        result_add("   of which store_signup_commit (1 fsync), p99", NULL, 0, 0, "%.3f ms",
                   samples_pct(&commit, 99));
        result_add("4. sign-up: submit -> dispatch returned, p99", "<= 2 ms",
                   samples_pct(&returned, 99), 2, "%.2f ms (p50 %.2f, max %.2f)",
                   samples_pct(&returned, 99), samples_pct(&returned, 50), samples_max(&returned));
        result_add("   submit -> confirmation frame drawn, p99", NULL, 0, 0, "%.2f ms",
                   samples_pct(&drawn, 99));
        if (rss_before >= 0 && rss_peak >= 0) {
            double grow = (double)(rss_peak - rss_before) / 1024.0;
            printf("  resident memory grew by up to %.1f MiB during one sign-up (from %.1f MiB)\n",
                   grow, (double)rss_before / 1024.0);
            result_add("3. transient RSS growth during one sign-up", NULL, 0, 0, "+%.1f MiB", grow);
        }
    }
    samples_free(&durable);
    samples_free(&done);
    samples_free(&returned);
    samples_free(&drawn);
    samples_free(&commit);
    free(cand);
    kiosk_close(k);
    free(k);
}

/* ---- Main ------------------------------------------------------------------------------- */

/* The aukio next to this program's directory: build/tests/bench_kiosk -> build/aukio. */
static void default_aukio(char *out, size_t n)
{
    char self[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (len <= 0) {
        snprintf(out, n, "./aukio");
        return;
    }
    self[len] = '\0';
    for (int i = 0; i < 2; i++) {
        char *slash = strrchr(self, '/');
        if (slash) *slash = '\0';
    }
    snprintf(out, n, "%.4000s/aukio", self[0] ? self : ".");
}

int main(int argc, char **argv)
{
    if (argc > 2 || (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))) {
        fprintf(argc > 2 ? stderr : stdout, "usage: %s [AUKIO]\n", argv[0]);
        return argc > 2 ? 2 : 0;
    }
    if (argc == 2)
        snprintf(g_aukio, sizeof(g_aukio), "%s", argv[1]);
    else
        default_aukio(g_aukio, sizeof(g_aukio));
    if (access(g_aukio, X_OK) != 0) fatal("%s: not an executable program (pass its path)", g_aukio);
    signal(SIGPIPE, SIG_IGN);
    int64_t bench_start = now_ns();

    Config cfg;
    config_defaults(&cfg);
    setenv("TZ", cfg.timezone, 1);
    tzset();

    const char *tmp = getenv("TMPDIR");
    if (tmp && strlen(tmp) > 200) fatal("TMPDIR is too long");
    snprintf(g_dir, sizeof(g_dir), "%s/aukio-bench-kiosk-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(g_dir)) {
        g_dir[0] = '\0';
        fatal("cannot make a scratch directory: %s", strerror(errno));
    }
    snprintf(g_json, sizeof(g_json), "%s/events.json", g_dir);
    snprintf(g_db, sizeof(g_db), "%s/kiosk.db", g_dir);
    snprintf(g_log, sizeof(g_log), "%s/children.log", g_dir);

    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    printf("bench_kiosk: %s, %d events, %dx%d, %ld cores, scratch %s\n", g_aukio, N_EVENTS,
           SCREEN_W, SCREEN_H, cores, g_dir);

    /* Catalogue. */
    GenStats gs;
    int64_t t0 = now_ns();
    if (gen_events_write(g_json, N_EVENTS, wall_ms() / 1000, &gs) != 0)
        fatal("%s: cannot write: %s", g_json, strerror(errno));
    struct stat sb;
    stat(g_json, &sb);
    printf("  generated %s: %.1f MiB in %.0f ms (drop-in %d, limited %d, unlimited %d, "
           "large %d; cancelled %d, postponed %d; with questions %d)\n",
           g_json, (double)sb.st_size / 1048576.0, ms_since(t0, now_ns()), gs.no_registration,
           gs.limited, gs.unlimited, gs.large, gs.cancelled, gs.postponed, gs.with_questions);
    char *iargv[] = {g_aukio, "--db", g_db, "import", g_json, NULL};
    Child c;
    char err[256];
    struct rusage ru;
    if (child_start(&c, iargv, NULL, true, err, sizeof(err)) != 0) fatal("%s", err);
    char out[256] = "";
    ssize_t got = read(c.out, out, sizeof(out) - 1);
    int st = child_finish(&c, 0, 120000, &ru);
    double import_ms = ms_since(c.start_ns, now_ns());
    if (got > 0) out[got] = '\0';
    out[strcspn(out, "\n")] = '\0';
    if (!exited_ok(st)) {
        log_tail();
        fatal("aukio import failed (status 0x%x)", st);
    }
    printf("  aukio import: \"%s\" in %.0f ms, peak RSS %.1f MiB\n", out, import_ms,
           (double)ru.ru_maxrss / 1024.0);
    result_add("import of 10k events (aukio import)", NULL, 0, 0, "%.0f ms", import_ms);
    /* A staff PIN, so the kiosk opens to visitors and not on the first-PIN screen. */
    Store *ps = NULL;
    if (store_open(&ps, g_db, err, sizeof err) != 0 || store_pin_set(ps, "2468", err, sizeof err))
        fatal("setting the staff PIN: %s", err);
    store_close(ps);

    bool have_x = false;
    if (!(part_on(1) || part_on(2) || part_on(3) || part_on(5))) {
        /* no display needed */
    } else if (xvfb_start(err, sizeof(err)) == 0) {
        have_x = true;
        printf("  Xvfb %s started (pid %d)\n", XVFB_DISPLAY, (int)g_xvfb);
    } else {
        printf("  no Xvfb runs: %s\n", err);
    }

    CpuMark mark;
    if (part_on(1)) {
        mark = cpu_mark();
        printf("\n1. Process start to first frame (%d runs each)\n", START_RUNS);
        bench_first_frame("offscreen", ENV_OFFSCREEN);
        if (have_x)
            bench_first_frame("Xvfb", ENV_X11);
        else
            result_missing("1. start to first frame, Xvfb, p50", "<= 100 ms", "no Xvfb");
        note_busy("1:", mark, have_x ? 1.5 : 1); /* the kiosk, and Xvfb drawing for it */
    }
    if (part_on(3) || part_on(5)) {
        printf("\n3 and 5. Untouched kiosk on the list: CPU over %d s and peak memory\n",
               IDLE_MEASURE_MS / 1000);
        bench_idle_and_memory(have_x);
    }
    if (part_on(2)) {
        mark = cpu_mark();
        printf("\n2. Event-list frame time while scrolling, in process\n");
        bench_frames("headless", GFX_HEADLESS, DRAG_FRAMES, true);
        setenv("SDL_VIDEODRIVER", "offscreen", 1);
        bench_frames("windowed offscreen", GFX_WINDOWED, WINDOWED_DRAG_FRAMES, false);
        if (have_x) {
            setenv("SDL_VIDEODRIVER", "x11", 1);
            setenv("DISPLAY", XVFB_DISPLAY, 1);
            bench_frames("windowed Xvfb", GFX_WINDOWED, WINDOWED_DRAG_FRAMES, false);
        }
        note_busy("2:", mark, 1);
    }
    xvfb_stop();
    if (part_on(4)) {
        mark = cpu_mark();
        printf("\n4. Tap to durable sign-up (%s sign-ups)\n",
               getenv("BENCH_SIGNUPS") ? getenv("BENCH_SIGNUPS") : "1000");
        bench_signups();
        note_busy("4:", mark, 1);
    }

    if (g_busy[0])
        result_add("machine busy during parts (cores, of all cores)", NULL, 0, 0, "%s", g_busy);
    results_print();
    printf("\nbench_kiosk: done in %.1f s\n", ms_since(bench_start, now_ns()) / 1000.0);
    cleanup();
    return 0;
}
