/*
 * bench_start.c: the kiosk's start against its floors, side by side in one run (issue 12).
 *
 * Usage:
 *   bench_start [AUKIO [AUKIO_BEFORE]]
 *
 *   AUKIO is the aukio program measured (default: the "aukio" beside this program's directory,
 *   build/tests/bench_start -> build/aukio). AUKIO_BEFORE, when given, is another build (e.g. of
 *   the commit before a change) measured in the same rounds, interleaved, for a before/after.
 *
 *   Environment: TMPDIR (scratch, default /tmp), BENCH_RUNS (rounds, default 9), BENCH_KEEP=1
 *   keeps the scratch directory, BENCH_NO_100K=1 skips the 100,000-event catalogue, CHROMIUM
 *   (the browser to compare with; default the first of chromium, chromium-browser,
 *   google-chrome in PATH; none: that comparison is skipped with a message).
 *
 * Every round runs each program once in turn (interleaved, so that load from others on the
 * machine falls on all of them alike); the figures are medians over the rounds. It prints each
 * figure with its floor and the ratio, and asserts nothing: it is not a test.
 *
 *   headless one shot: `aukio --headless --script` tapping "Suomi" and taking one `shot` of the
 *     10,000-event list, process start to exit; the peer is Chromium's headless screenshot of
 *     the same screen as an HTML page (`--screenshot`, start to exit), and floor_sdl drawing it
 *     into a PNG.
 *   window first frame: `aukio --windowed 1920x1080` on SDL's offscreen driver on the list
 *     (AUKIO_START_SCREEN=list, AUKIO_EXIT_AFTER_FIRST_FRAME=1), spawn to "first-frame" on its
 *     stdout; the floor is floor_sdl (tests/bench/floor/floor_sdl.c), a bare SDL2 program drawing
 *     the same screen with the same fonts on the same software path. At 100, 10,000 and 100,000
 *     events.
 *   resident memory: peak RSS (wait4) of the kiosk left 1.5 s on the list in a window, against
 *     floor_sdl left as long; and at 100,000 events left 4 s (the whole list has loaded after
 *     the first frame by then), against the same floor (it draws the same nine cards).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "common/gen_events.h"
#include "store.h"

extern char **environ;

#define MAX_RUNS 64
#define STAY_MS 1500
#define STAY_100K_MS 4000

static char g_dir[256], g_log[PATH_MAX], g_fonts[PATH_MAX], g_floor[PATH_MAX + 16];
static const char *g_chromium;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void fatal(const char *fmt, const char *a)
{
    fprintf(stderr, "bench_start: ");
    fprintf(stderr, fmt, a);
    fprintf(stderr, "\n");
    exit(1);
}

/* ---- Child processes -------------------------------------------------------------------- */

typedef struct {
    double ms;      /* spawn to the word (or to exit when no word is awaited) */
    double rss_mib; /* peak resident memory */
    bool ok;
} RunResult;

/* Runs ARGV with the extra environment ENV (NULL-terminated "K=V"), stdin from IN (or
 * /dev/null). With WORD: times spawn to WORD on stdout, then waits for the exit (after STAY_MS
 * ms more and a SIGTERM when STAY_MS > 0). Without: times spawn to exit. */
static RunResult run(char *const argv[], const char *const env[], const char *in, const char *word,
                     int stay_ms)
{
    RunResult r = {0};
    char *envp[256];
    int n = 0;
    for (char **e = environ; *e && n < 200; e++)
        envp[n++] = *e;
    for (int i = 0; env && env[i] && n < 255; i++)
        envp[n++] = (char *)env[i];
    envp[n] = NULL;
    int fds[2];
    if (pipe(fds) != 0) return r;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, in ? in : "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addopen(&fa, 2, g_log, O_WRONLY | O_CREAT | O_APPEND, 0644);
    pid_t pid;
    int64_t t0 = now_ns();
    int e = posix_spawnp(&pid, argv[0], &fa, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (e != 0) {
        close(fds[0]);
        return r;
    }
    char buf[4096];
    size_t used = 0;
    bool seen = false;
    int64_t t_word = 0;
    ssize_t got;
    while (word && !seen && (got = read(fds[0], buf + used, sizeof buf - 1 - used)) > 0) {
        used += (size_t)got;
        buf[used] = '\0';
        if (strstr(buf, word)) {
            seen = true;
            t_word = now_ns();
        } else if (used > sizeof buf / 2) {
            memmove(buf, buf + used - 64, 64);
            used = 64;
        }
    }
    if (seen && stay_ms > 0) {
        struct timespec ts = {stay_ms / 1000, (long)(stay_ms % 1000) * 1000000};
        nanosleep(&ts, NULL);
        kill(pid, SIGTERM);
    }
    while ((got = read(fds[0], buf, sizeof buf)) > 0) {
    }
    close(fds[0]);
    int st;
    struct rusage ru;
    wait4(pid, &st, 0, &ru);
    int64_t t_end = now_ns();
    r.ms = (double)((word ? t_word : t_end) - t0) / 1e6;
    r.rss_mib = (double)ru.ru_maxrss / 1024.0;
    r.ok = (!word || seen) && (stay_ms > 0 || (WIFEXITED(st) && WEXITSTATUS(st) == 0));
    return r;
}

/* ---- Figures ---------------------------------------------------------------------------- */

typedef struct {
    const char *name;
    double v[MAX_RUNS];
    int n, failed;
} Series;

static void add(Series *s, RunResult r, bool rss)
{
    if (!r.ok) {
        s->failed++;
        return;
    }
    if (s->n < MAX_RUNS) s->v[s->n++] = rss ? r.rss_mib : r.ms;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(Series *s)
{
    if (s->n == 0) return -1;
    qsort(s->v, (size_t)s->n, sizeof s->v[0], cmp);
    return s->n % 2 ? s->v[s->n / 2] : (s->v[s->n / 2 - 1] + s->v[s->n / 2]) / 2;
}

/* One row: FIGURE (median of S), its floor or peer (median of F, or FLOOR_V when F is NULL),
 * the ratio S / F, and the target on the ratio (TARGET_MAX: at most; TARGET_MIN: at least). */
static void row(const char *figure, Series *s, const char *unit, const char *peer_name, Series *f,
                double target_max, double target_min)
{
    double a = median(s), b = f ? median(f) : -1;
    printf("  %-46s %9.1f %-3s", figure, a, unit);
    if (s->failed) printf(" (%d failed)", s->failed);
    if (!f) {
        printf("\n");
        return;
    }
    if (b <= 0 || a <= 0) {
        printf("   %-26s  (no figure)\n", peer_name);
        return;
    }
    double ratio = a / b;
    printf("   %-26s %9.1f %-3s  ratio %5.2f", peer_name, b, unit, ratio);
    if (target_max > 0)
        printf("  target <= %.2f: %s", target_max, ratio <= target_max ? "met" : "NOT met");
    if (target_min > 0)
        printf("  %.1fx faster, target >= %.0fx: %s", 1 / ratio, target_min,
               1 / ratio >= target_min ? "met" : "NOT met");
    printf("\n");
}

/* ---- Set-up ----------------------------------------------------------------------------- */

static void shell(const char *cmd)
{
    if (system(cmd) != 0) fatal("failed: %s", cmd);
}

/* A kiosk database of the events in JSON, made by AUKIO (its own schema), with the staff PIN set
 * so that it opens to visitors. */
static void make_db(const char *aukio, const char *json, const char *db)
{
    char cmd[4 * PATH_MAX];
    snprintf(cmd, sizeof cmd,
             "'%s' --db '%s' import '%s' >/dev/null 2>>'%s' && printf '2468\\n2468\\n' | "
             "'%s' --db '%s' pin set >/dev/null 2>>'%s'",
             aukio, db, json, g_log, aukio, db, g_log);
    shell(cmd);
}

static void html_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

/* The same list screen as an HTML page for Chromium, from the first nine events in DB. */
static void write_html(const char *db, const char *path)
{
    Store *s = NULL;
    char err[256];
    EventRow *rows = NULL;
    int n = 0;
    int64_t now = (int64_t)time(NULL);
    if (store_open(&s, db, err, sizeof err) ||
        store_events_upcoming_first(s, now, 9, &rows, &n, err, sizeof err))
        fatal("reading the list for the page: %s", err);
    FILE *f = fopen(path, "w");
    if (!f) fatal("%s: cannot write", path);
    fprintf(f,
            "<!doctype html><html lang=fi><head><meta charset=utf-8><style>"
            "@font-face{font-family:N;src:url('file://%s/NotoSans-Regular.ttf')}"
            "@font-face{font-family:N;font-weight:bold;src:url('file://%s/NotoSans-Bold.ttf')}"
            "body{margin:0;width:1920px;height:1080px;background:#f3f0eb;font:28px N;"
            "overflow:hidden}"
            "header,footer{background:#fff;height:104px;display:flex;align-items:center;"
            "justify-content:flex-end;gap:12px;padding:0 29px;border-bottom:1px solid #ccc}"
            "footer{position:absolute;bottom:0;left:0;right:0;border-top:1px solid #ccc}"
            "footer span{margin-right:auto;color:#505660}"
            "button{font:bold 28px N;padding:12px 24px;border-radius:12px;border:0;"
            "background:#e2e8f2}.on{background:#0c4a8c;color:#fff}"
            "h1{font:bold 50px N;margin:20px 29px}"
            ".chips{display:flex;gap:12px;margin:0 29px}.chips button{border-radius:40px;"
            "background:#fff;border:2px solid #ccc}.chips .on{background:#0c4a8c;color:#fff}"
            "main{display:grid;grid-template-columns:repeat(3,1fr);gap:16px;margin:16px 29px}"
            ".card{background:#fff;border:2px solid #ccc;border-radius:12px;padding:24px;"
            "height:206px}.when{color:#0c4a8c;font:bold 22px N}.t{font:bold 32px N}"
            ".v{color:#505660;margin-top:40px}.pill{background:#1a6e32;color:#fff;"
            "font:bold 22px N;border-radius:20px;padding:6px 16px;display:inline-block}"
            "</style></head><body><header>",
            g_fonts, g_fonts);
    static const char *const top[] = {"Suomi", "Svenska", "English", "Iso teksti",
                                      "Suuri kontrasti"};
    for (int i = 0; i < 5; i++)
        fprintf(f, "<button%s>%s</button>", i == 0 ? " class=on" : "", top[i]);
    fputs("</header><h1>Tulevat tapahtumat</h1><div class=chips><button>Tänään</button>"
          "<button>Tällä viikolla</button><button class=on>Kaikki</button>"
          "<button>Aihe: Kaikki aiheet</button>"
          "<button>Tapahtumapaikka: Kaikki tapahtumapaikat</button></div><main>",
          f);
    for (int i = 0; i < n; i++) {
        char when[64];
        time_t t = (time_t)rows[i].start_time;
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(when, sizeof when, "%d.%m. klo %H.%M", &tm);
        fprintf(f, "<div class=card><div class=when>%s</div><div class=t>", when);
        html_text(f, rows[i].title[0]);
        fputs("</div><div class=v>", f);
        html_text(f, rows[i].venue[0]);
        fputs("</div><span class=pill>2 paikkaa jäljellä</span></div>", f);
    }
    fputs("</main><footer><span>10000 tapahtumaa</span><button>Oma ilmoittautuminen</button>"
          "<button class=on>Anna palautetta</button></footer></body></html>\n",
          f);
    fclose(f);
    free(rows);
    store_close(s);
}

static const char *find_chromium(void)
{
    const char *env = getenv("CHROMIUM");
    if (env) return env[0] ? env : NULL;
    static char path[PATH_MAX];
    static const char *const names[] = {"chromium", "chromium-browser", "google-chrome"};
    const char *p = getenv("PATH");
    for (int i = 0; p && i < 3; i++) {
        const char *d = p;
        while (*d) {
            size_t len = strcspn(d, ":");
            snprintf(path, sizeof path, "%.*s/%s", (int)len, d, names[i]);
            if (access(path, X_OK) == 0) return path;
            d += len + (d[len] == ':');
        }
    }
    return NULL;
}

static void cleanup(void)
{
    if (!g_dir[0] || getenv("BENCH_KEEP")) return;
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    if (system(cmd) != 0) fprintf(stderr, "bench_start: could not remove %s\n", g_dir);
}

/* ---- Main ------------------------------------------------------------------------------- */

typedef struct {
    const char *aukio;
    char db100[PATH_MAX], db10k[PATH_MAX], db100k[PATH_MAX];
    Series shot, ff100, ff10k, ff100k, rss, rss100k;
} Kiosk;

static const char *const ENV_WINDOW[] = {"SDL_VIDEODRIVER=offscreen", "AUKIO_START_SCREEN=list",
                                         "AUKIO_EXIT_AFTER_FIRST_FRAME=1", NULL};
static const char *const ENV_STAY[] = {"SDL_VIDEODRIVER=offscreen", "AUKIO_START_SCREEN=list",
                                       NULL};
static const char *const ENV_FLOOR[] = {"SDL_VIDEODRIVER=offscreen", "TZ=Europe/Helsinki", NULL};

static void kiosk_round(Kiosk *k, const char *script, const char *shots, bool big)
{
    char *shot[] = {(char *)k->aukio, "--db",    k->db10k,      "--headless", "--script",
                    (char *)script,   "--shots", (char *)shots, NULL};
    add(&k->shot, run(shot, NULL, NULL, NULL, 0), false);
    char *win[] = {(char *)k->aukio, "--db", k->db10k, "--windowed", "1920x1080", NULL};
    add(&k->ff10k, run(win, ENV_WINDOW, NULL, "first-frame", 0), false);
    win[2] = k->db100;
    add(&k->ff100, run(win, ENV_WINDOW, NULL, "first-frame", 0), false);
    if (big) {
        win[2] = k->db100k;
        add(&k->ff100k, run(win, ENV_WINDOW, NULL, "first-frame", 0), false);
    }
}

/* Peak RSS of the kiosk on DB left STAY_MS on the list, into OUT. */
static void kiosk_rss(Kiosk *k, char *db, int stay_ms, Series *out)
{
    char *win[] = {(char *)k->aukio, "--db", db, "--windowed", "1920x1080", NULL};
    /* No word to wait for without AUKIO_EXIT_AFTER_FIRST_FRAME: the stay is timed from spawn. */
    RunResult r = {0};
    pid_t pid;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, g_log, O_WRONLY | O_CREAT | O_APPEND, 0644);
    char *envp[256];
    int n = 0;
    for (char **e = environ; *e && n < 200; e++)
        envp[n++] = *e;
    for (int i = 0; ENV_STAY[i]; i++)
        envp[n++] = (char *)ENV_STAY[i];
    envp[n] = NULL;
    if (posix_spawnp(&pid, win[0], &fa, NULL, win, envp) == 0) {
        struct timespec ts = {stay_ms / 1000, (long)(stay_ms % 1000) * 1000000};
        nanosleep(&ts, NULL);
        kill(pid, SIGTERM);
        int st;
        struct rusage ru;
        wait4(pid, &st, 0, &ru);
        r.ok = true;
        r.rss_mib = (double)ru.ru_maxrss / 1024.0;
    }
    posix_spawn_file_actions_destroy(&fa);
    add(out, r, true);
}

static void kiosk_dbs(Kiosk *k, const char *tag, const char *j100, const char *j10k, bool big)
{
    snprintf(k->db100, sizeof k->db100, "%s/%s-100.db", g_dir, tag);
    snprintf(k->db10k, sizeof k->db10k, "%s/%s-10k.db", g_dir, tag);
    snprintf(k->db100k, sizeof k->db100k, "%s/%s-100k.db", g_dir, tag);
    make_db(k->aukio, j100, k->db100);
    make_db(k->aukio, j10k, k->db10k);
    if (big) {
        make_db(k->aukio, j10k, k->db100k);
        const char *why = gen_events_multiply(k->db100k, 10);
        if (why) fatal("multiplying the catalogue: %s", why);
    }
}

int main(int argc, char **argv)
{
    char self[PATH_MAX], dflt[PATH_MAX + 16], fonts[PATH_MAX + 16];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0) fatal("%s", "cannot find this program's path");
    self[len] = '\0';
    *strrchr(self, '/') = '\0'; /* build/tests */
    snprintf(g_floor, sizeof g_floor, "%s/floor_sdl", self);
    snprintf(dflt, sizeof dflt, "%s/../aukio", self);
    snprintf(fonts, sizeof fonts, "%s/../fonts", TESTS_DIR);
    if (!realpath(fonts, g_fonts)) fatal("%s: no fonts", fonts);
    const char *r_env = getenv("BENCH_RUNS");
    int runs = r_env ? (int)strtol(r_env, NULL, 10) : 9;
    if (runs < 1 || runs > MAX_RUNS) runs = 9;
    bool big = !getenv("BENCH_NO_100K");
    Kiosk after = {.aukio = argc > 1 ? argv[1] : dflt},
          before = {.aukio = argc > 2 ? argv[2] : NULL};
    if (access(after.aukio, X_OK) != 0) fatal("%s: not found", after.aukio);
    if (access(g_floor, X_OK) != 0) fatal("%s: not found (build the floor_sdl target)", g_floor);

    const char *tmp = getenv("TMPDIR");
    snprintf(g_dir, sizeof g_dir, "%.200s/aukio-bench-start-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(g_dir)) fatal("cannot make a scratch directory in %s", g_dir);
    atexit(cleanup);
    snprintf(g_log, sizeof g_log, "%s/children.log", g_dir);
    g_chromium = find_chromium();

    char j100[PATH_MAX], j10k[PATH_MAX], script[PATH_MAX], shots[PATH_MAX], html[PATH_MAX];
    char url[PATH_MAX + 16], shotarg[PATH_MAX + 16], floor_png[PATH_MAX];
    snprintf(j100, sizeof j100, "%s/events100.json", g_dir);
    snprintf(j10k, sizeof j10k, "%s/events10k.json", g_dir);
    snprintf(script, sizeof script, "%s/shot.txt", g_dir);
    snprintf(shots, sizeof shots, "%s/shots", g_dir);
    snprintf(html, sizeof html, "%s/list.html", g_dir);
    snprintf(url, sizeof url, "file://%s", html);
    snprintf(shotarg, sizeof shotarg, "--screenshot=%s/chromium.png", g_dir);
    snprintf(floor_png, sizeof floor_png, "%s/floor.png", g_dir);
    mkdir(shots, 0755);
    FILE *f = fopen(script, "w");
    if (!f) fatal("%s: cannot write", script);
    fputs("tap \"Suomi\"\nshot list\n", f);
    fclose(f);

    int64_t now = (int64_t)time(NULL);
    GenStats gs;
    if (gen_events_write(j100, 100, now, &gs) || gen_events_write(j10k, 10000, now, &gs))
        fatal("%s: cannot write the catalogue", g_dir);
    printf("bench_start: %s%s%s, %d rounds, scratch %s\n", after.aukio,
           before.aukio ? " against " : "", before.aukio ? before.aukio : "", runs, g_dir);
    kiosk_dbs(&after, "after", j100, j10k, big);
    if (before.aukio) kiosk_dbs(&before, "before", j100, j10k, big);
    write_html(after.db10k, html);
    if (!g_chromium)
        printf("  no Chromium in PATH (CHROMIUM unset): its comparison is skipped; "
               "bash .ci/deps.sh installs it\n");

    Series chrome = {0}, fshot = {0}, fwin = {0}, frss = {0};
    char *floor_win[] = {g_floor, after.db10k, g_fonts, "window", NULL};
    char *floor_stay[] = {g_floor, after.db10k, g_fonts, "window", "1500", NULL};
    char *floor_shot[] = {g_floor, after.db10k, g_fonts, "png", floor_png, NULL};
    setenv("TZ", "Europe/Helsinki", 1);
    char *chromium[] = {(char *)g_chromium,
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--hide-scrollbars",
                        "--window-size=1920,1080",
                        shotarg,
                        url,
                        NULL};
    for (int i = 0; i < runs; i++) {
        kiosk_round(&after, script, shots, big);
        if (before.aukio) kiosk_round(&before, script, shots, big);
        add(&fwin, run(floor_win, ENV_FLOOR, NULL, "first-frame", 0), false);
        add(&fshot, run(floor_shot, NULL, NULL, NULL, 0), false);
        if (g_chromium) add(&chrome, run(chromium, NULL, NULL, NULL, 0), false);
        if (i < 3) {
            Kiosk *both[2] = {&after, &before};
            for (int j = 0; j < 2 && both[j]->aukio; j++) {
                kiosk_rss(both[j], both[j]->db10k, STAY_MS, &both[j]->rss);
                /* Long enough for the whole list to have loaded after the first frame. */
                if (big) kiosk_rss(both[j], both[j]->db100k, STAY_100K_MS, &both[j]->rss100k);
            }
            RunResult r = run(floor_stay, ENV_FLOOR, NULL, "first-frame", 0);
            add(&frss, r, true);
        }
        fprintf(stderr, ".");
    }
    fprintf(stderr, "\n");

    Kiosk *ks[2] = {&after, &before};
    for (int i = 0; i < (before.aukio ? 2 : 1); i++) {
        Kiosk *k = ks[i];
        printf("\n%s (%s): medians of %d rounds\n", i == 0 ? "measured" : "before", k->aukio, runs);
        if (g_chromium)
            row("headless one shot, 10,000 events", &k->shot, "ms", "Chromium screenshot", &chrome,
                0, 20);
        else
            row("headless one shot, 10,000 events", &k->shot, "ms", NULL, NULL, 0, 0);
        row("   the same against floor_sdl's PNG", &k->shot, "ms", "floor_sdl png", &fshot, 0, 0);
        row("window first frame, 10,000 events", &k->ff10k, "ms", "floor_sdl window", &fwin, 1.1,
            0);
        row("window first frame, 100 events", &k->ff100, "ms", "floor_sdl window", &fwin, 0, 0);
        if (big) {
            row("window first frame, 100,000 events", &k->ff100k, "ms", "the same at 100 events",
                &k->ff100, 1.2, 0);
        }
        row("peak RSS, window on the list 1.5 s", &k->rss, "MiB", "floor_sdl window 1.5 s", &frss,
            1.25, 0);
        if (big)
            row("peak RSS, the same, 100,000 events, 4 s", &k->rss100k, "MiB",
                "floor_sdl window 1.5 s", &frss, 1.25, 0);
    }
    if (!g_chromium) printf("\n  Chromium: skipped (not installed)\n");
    return 0;
}
