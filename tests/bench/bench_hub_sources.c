/*
 * bench_hub_sources.c: figures for the sources (issue 11; not a test, it asserts nothing). Each
 * import runs as a real aukio-hub process on a fresh database, timed with its peak resident
 * memory from wait4:
 *
 *   1. `event import` of a 500-VEVENT iCalendar feed, every VEVENT a weekly RRULE of 20
 *      occurrences (10,000 events after expansion), with a VTIMEZONE'd TZID and HTML;
 *   2. `source fetch` of a Linked Events source of 10,000 events in 100 pages, served over real
 *      HTTP on 127.0.0.1 by tests/tools/feed_server.py (its /gen/ pages: each event names its
 *      place by @id, resolved once), then the same fetch again (every event updated in place).
 *
 * usage: bench_hub_sources [PATH_TO_AUKIO_HUB]   (default: the one built next to it)
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef AUKIO_HUB_PATH
#define AUKIO_HUB_PATH "aukio-hub"
#endif
#ifndef TESTS_DIR
#define TESTS_DIR "tests"
#endif

static const char *g_hub = AUKIO_HUB_PATH;
static char g_dir[] = "/tmp/aukio-bench-sources-XXXXXX";

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Runs ARGV (output to LOG), returning its exit status, wall time and rusage. */
static int run(char *const argv[], const char *log, double *ms, struct rusage *ru)
{
    fflush(stdout); /* the child must not print our buffer again */
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen(log, "w", stdout) || !freopen(log, "a", stderr)) _exit(126);
        execv(argv[0], argv);
        _exit(127);
    }
    int st = 0;
    wait4(pid, &st, 0, ru);
    *ms = now_ms() - t0;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void report(const char *what, int rc, double ms, const struct rusage *ru, const char *log)
{
    printf("%-58s %8.0f ms  %7.1f MiB peak RSS%s\n", what, ms, (double)ru->ru_maxrss / 1024.0,
           rc == 0 ? "" : "  (FAILED, see the log)");
    if (rc != 0) printf("  log: %s\n", log);
    FILE *f = fopen(log, "r");
    char line[512], last[512] = "";
    while (f && fgets(line, sizeof line, f))
        if (strstr(line, "imported")) snprintf(last, sizeof last, "%s", line);
    if (f) fclose(f);
    if (last[0]) printf("    %s", last);
}

static void write_feed(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) exit(1);
    time_t t = time(NULL) + 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    fputs("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n"
          "BEGIN:VTIMEZONE\r\nTZID:Europe/Helsinki\r\n"
          "BEGIN:STANDARD\r\nDTSTART:19701025T040000\r\nTZOFFSETFROM:+0300\r\n"
          "TZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
          "BEGIN:DAYLIGHT\r\nDTSTART:19700329T030000\r\nTZOFFSETFROM:+0200\r\n"
          "TZOFFSETTO:+0300\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
          "END:VTIMEZONE\r\n",
          f);
    for (int i = 0; i < 500; i++)
        fprintf(f,
                "BEGIN:VEVENT\r\nUID:bench-%d@example.fi\r\nDTSTAMP:20260101T000000Z\r\n"
                "DTSTART;TZID=Europe/Helsinki:%04d%02d%02dT%02d%02d00\r\n"
                "DURATION:PT1H30M\r\nRRULE:FREQ=WEEKLY;COUNT=20\r\n"
                "SUMMARY:Tapahtuma %d\r\nLOCATION:Pääkirjasto\\, sali %d\r\n"
                "DESCRIPTION:<p>Kuvaus <b>%d</b></p><p>Tervetuloa!</p>\r\n"
                "CATEGORIES:Satutunnit,Lapset\r\nEND:VEVENT\r\n",
                i, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, 9 + i % 10, (i % 4) * 15, i, i % 7,
                i);
    fputs("END:VCALENDAR\r\n", f);
    fclose(f);
}

/* Starts the feed server; its port into PORT. Returns its pid. */
static pid_t start_feed(int *port)
{
    char feeds[300], portfile[300];
    snprintf(feeds, sizeof feeds, "%s/feeds", g_dir);
    snprintf(portfile, sizeof portfile, "%s/feedport", g_dir);
    mkdir(feeds, 0700);
    char place[400];
    snprintf(place, sizeof place, "%s/place_gen.json", feeds);
    FILE *f = fopen(place, "w");
    if (!f) exit(1);
    fputs("{\"id\":\"tprek:15417\",\"@type\":\"Place\",\"name\":{\"fi\":\"Sellon kirjasto\","
          "\"sv\":\"Sellobiblioteket\"},\"street_address\":{\"fi\":\"Leppävaarankatu 9\"},"
          "\"address_locality\":{\"fi\":\"Espoo\"}}",
          f);
    fclose(f);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stderr)) _exit(126);
        execlp("python3", "python3", TESTS_DIR "/tools/feed_server.py", feeds, portfile,
               (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 200; i++) {
        FILE *p = fopen(portfile, "r");
        if (p && fscanf(p, "%d", port) == 1) {
            fclose(p);
            return pid;
        }
        if (p) fclose(p);
        usleep(50 * 1000);
    }
    fprintf(stderr, "bench: the feed server did not start\n");
    kill(pid, SIGTERM);
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc > 1) g_hub = argv[1];
    if (!mkdtemp(g_dir)) return 1;
    char db[300], feed[300], log[300], url[200];
    double ms;
    struct rusage ru;
    setenv("TZ", "Europe/Helsinki", 1);

    printf("Sources (issue 11): aukio-hub processes on a fresh database in %s\n\n", g_dir);
    snprintf(db, sizeof db, "%s/ics.db", g_dir);
    snprintf(feed, sizeof feed, "%s/feed.ics", g_dir);
    snprintf(log, sizeof log, "%s/ics.log", g_dir);
    write_feed(feed);
    struct stat sb;
    stat(feed, &sb);
    char *imp[] = {(char *)g_hub, "--db", db, "event", "import", feed, NULL};
    int rc = run(imp, log, &ms, &ru);
    char what[120];
    snprintf(what, sizeof what, "iCalendar: 500 weekly VEVENTs (%lld KiB) -> 10,000 events",
             (long long)sb.st_size / 1024);
    report(what, rc, ms, &ru, log);
    rc = run(imp, log, &ms, &ru);
    report("  the same again (every event updated in place)", rc, ms, &ru, log);

    int port = 0;
    pid_t feed_pid = start_feed(&port);
    snprintf(db, sizeof db, "%s/le.db", g_dir);
    snprintf(log, sizeof log, "%s/le.log", g_dir);
    snprintf(url, sizeof url, "http://127.0.0.1:%d/gen/1?pages=100&per=100", port);
    char *add[] = {(char *)g_hub, "--db", db,       "source",       "add",
                   "le",          url,    "--kind", "linkedevents", NULL};
    if (run(add, log, &ms, &ru) != 0) {
        fprintf(stderr, "bench: source add failed (%s)\n", log);
        kill(feed_pid, SIGTERM);
        return 1;
    }
    char *fetch[] = {(char *)g_hub, "--db", db, "source", "fetch", "le", NULL};
    rc = run(fetch, log, &ms, &ru);
    report("Linked Events: 10,000 events in 100 pages over HTTP", rc, ms, &ru, log);
    rc = run(fetch, log, &ms, &ru);
    report("  the same again (every event updated in place)", rc, ms, &ru, log);
    kill(feed_pid, SIGTERM);
    waitpid(feed_pid, NULL, 0);
    printf("\n(the logs and databases stay in %s)\n", g_dir);
    return 0;
}
