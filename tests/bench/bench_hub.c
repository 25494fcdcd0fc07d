/*
 * bench_hub.c: figures for the hub on loopback (not a test). Starts aukio-hub as a child process
 * on 127.0.0.1 with a fresh database, enrols a device, and drives it with libcurl multi:
 *
 *   1. durable pushes: batches of 100 sign-ups (each batch one transaction, one fsync);
 *   2. pulls with nothing new (the cheap path: one row of the meta table);
 *   3. latency with 200 concurrent clients pulling.
 *
 * usage: bench_hub [PATH_TO_AUKIO_HUB]   (default: the one built next to it, or $AUKIO_HUB)
 * Targets: >= 5,000 durable ops/s, >= 5,000 empty pulls/s, p99 <= 50 ms at 200 clients.
 *   4. (issue 12) pulls with nothing new against floor_mhd (tests/bench/floor/floor_mhd.c), a
 *      minimal libmicrohttpd server with the hub's flags and thread pool answering a fixed 200,
 *      interleaved with the hub in the same run (3 rounds each at 8 and 200 clients; medians):
 *      target >= 0.9x the floor. AUKIO_HUB_BEFORE=PATH: another build of aukio-hub in the same
 *      rounds, on a copy of the database; BENCH_ROUNDS=N rounds (3); BENCH_ONLY=4 this part alone.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sqlite3.h>

#ifndef AUKIO_HUB_PATH
#define AUKIO_HUB_PATH "aukio-hub"
#endif

#define MAX_CLIENTS 256

static char g_url[128];
static char g_auth[160];
static char g_dir[] = "/tmp/aukio-bench-XXXXXX";

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static pid_t g_hub_pid;

static void fatal(const char *msg)
{
    fprintf(stderr, "bench_hub: %s\n", msg);
    if (g_hub_pid > 0) kill(g_hub_pid, SIGTERM);
    exit(1);
}

static size_t sink(char *p, size_t sz, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return sz * n;
}

/* A growing response buffer for the few requests whose answer we read. */
typedef struct {
    char buf[4096];
    size_t len;
} Small;

static size_t keep(char *p, size_t sz, size_t n, void *ud)
{
    Small *s = ud;
    size_t k = sz * n, all = k;
    if (k >= sizeof s->buf / 2) { /* a large page: keep its tail, where the cursor is */
        p += k - sizeof s->buf / 2;
        k = sizeof s->buf / 2;
        s->len = 0;
    } else if (s->len + k >= sizeof s->buf) {
        memmove(s->buf, s->buf + s->len - sizeof s->buf / 4, sizeof s->buf / 4);
        s->len = sizeof s->buf / 4;
    }
    size_t room = sizeof s->buf - 1 - s->len;
    size_t c = k < room ? k : room;
    memcpy(s->buf + s->len, p, c);
    s->len += c;
    s->buf[s->len] = '\0';
    return all;
}

static int run_cmd(const char *hub, const char *db, const char *a1, const char *a2, const char *a3,
                   char *out, size_t n)
{
    int fd[2];
    if (pipe(fd) != 0) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        execl(hub, hub, a1, a2, a3, "--db", db, (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    size_t len = 0;
    ssize_t r;
    while (len + 1 < n && (r = read(fd[0], out + len, n - 1 - len)) > 0)
        len += (size_t)r;
    out[len] = '\0';
    close(fd[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    while (len > 0 && (out[len - 1] == '\n'))
        out[--len] = '\0';
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* ---- Load generator ---------------------------------------------------------------------- */

typedef enum { LOAD_PULL, LOAD_PUSH } LoadKind;

typedef struct {
    CURL *h;
    struct curl_slist *hdr;
    char *body;
    double started;
} Client;

static long g_seq = 1;

static char *push_body(int batch)
{
    size_t cap = (size_t)batch * 256 + 32;
    char *b = malloc(cap);
    if (!b) fatal("out of memory");
    size_t len = (size_t)snprintf(b, cap, "{\"ops\":[");
    for (int i = 0; i < batch; i++) {
        long s = g_seq++;
        len += (size_t)snprintf(b + len, cap - len,
                                "%s{\"uuid\":\"%08lx-0000-4000-8000-%012lx\",\"kind\":\"signup\","
                                "\"event_id\":\"bench\",\"group_size\":1,\"name\":\"Visitor %ld\","
                                "\"email\":\"v%ld@example.fi\",\"lang\":\"fi\"}",
                                i ? "," : "", s & 0xffffffffL, s, s, s);
    }
    snprintf(b + len, cap - len, "]}");
    return b;
}

static void client_start(CURLM *m, Client *c, LoadKind kind, const char *cursor, int batch)
{
    char url[512];
    curl_easy_reset(c->h);
    free(c->body);
    c->body = NULL;
    curl_easy_setopt(c->h, CURLOPT_PRIVATE, c); /* reset cleared it */
    curl_easy_setopt(c->h, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, c->hdr);
    curl_easy_setopt(c->h, CURLOPT_TCP_NODELAY, 1L);
    if (kind == LOAD_PULL) {
        snprintf(url, sizeof url, "%s/v1/changes?cursor=%s", g_url, cursor);
    } else {
        snprintf(url, sizeof url, "%s/v1/push", g_url);
        c->body = push_body(batch);
        curl_easy_setopt(c->h, CURLOPT_POSTFIELDS, c->body);
    }
    curl_easy_setopt(c->h, CURLOPT_URL, url);
    c->started = now_ms();
    curl_multi_add_handle(m, c->h);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Runs TOTAL requests with NCLIENTS in flight; prints rate and latency percentiles. */
static double run_load(const char *label, LoadKind kind, int nclients, int total,
                       const char *cursor, int batch)
{
    CURLM *m = curl_multi_init();
    curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)nclients);
    Client cl[MAX_CLIENTS];
    double *lat = calloc((size_t)total, sizeof *lat);
    if (!lat) fatal("out of memory");
    int started = 0, done = 0, bad = 0;
    for (int i = 0; i < nclients; i++) {
        cl[i].h = curl_easy_init();
        cl[i].hdr = curl_slist_append(NULL, g_auth);
        cl[i].hdr = curl_slist_append(cl[i].hdr, "Content-Type: application/json");
        cl[i].body = NULL;
        curl_easy_setopt(cl[i].h, CURLOPT_PRIVATE, &cl[i]);
        if (started < total) {
            client_start(m, &cl[i], kind, cursor, batch);
            started++;
        }
    }
    double t0 = now_ms();
    while (done < total) {
        int running = 0;
        curl_multi_perform(m, &running);
        CURLMsg *msg;
        int q;
        while ((msg = curl_multi_info_read(m, &q))) {
            if (msg->msg != CURLMSG_DONE) continue;
            Client *c = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&c);
            long code = 0;
            curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &code);
            if (msg->data.result != CURLE_OK || code != 200) bad++;
            lat[done++] = now_ms() - c->started;
            curl_multi_remove_handle(m, c->h);
            if (started < total) {
                client_start(m, c, kind, cursor, batch);
                started++;
            }
        }
        if (done < total) curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    double secs = (now_ms() - t0) / 1e3;
    qsort(lat, (size_t)total, sizeof *lat, cmp_double);
    double per_req = kind == LOAD_PUSH ? batch : 1;
    double rate = total * per_req / secs;
    printf("%-34s %4d clients %7d req  %9.0f %s/s  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms"
           "  errors %d\n",
           label, nclients, total, rate, kind == LOAD_PUSH ? "ops" : "req", lat[total / 2],
           lat[(int)(total * 0.99)], lat[total - 1], bad);
    for (int i = 0; i < nclients; i++) {
        curl_easy_cleanup(cl[i].h);
        curl_slist_free_all(cl[i].hdr);
        free(cl[i].body);
    }
    free(lat);
    curl_multi_cleanup(m);
    return rate;
}

/* Starts floor_mhd (beside this program) with THREADS; returns its pid, its URL in URL. */
static pid_t floor_start(const char *threads, char *url, size_t n)
{
    char self[512], floor[600], port_file[300];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0) return -1;
    self[len] = '\0';
    *strrchr(self, '/') = '\0';
    snprintf(floor, sizeof floor, "%s/floor_mhd", self);
    snprintf(port_file, sizeof port_file, "%s/floor.port", g_dir);
    pid_t pid = fork();
    if (pid == 0) {
        execl(floor, floor, threads, port_file, (char *)NULL);
        _exit(127);
    }
    int port = 0;
    for (int i = 0; i < 100 && port == 0; i++) {
        usleep(20 * 1000);
        FILE *f = fopen(port_file, "r");
        if (f) {
            if (fscanf(f, "%d", &port) != 1) port = 0;
            fclose(f);
        }
    }
    if (port == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return -1;
    }
    snprintf(url, n, "http://127.0.0.1:%d", port);
    return pid;
}

/* A second hub, BEFORE (another build, e.g. of the commit before a change), serving a copy of
 * DB (taken with VACUUM INTO, so the device and the cursor are the same); its pid, its URL in
 * URL; -1 when it does not start. */
static pid_t before_start(const char *before, const char *db, const char *threads, char *url,
                          size_t n)
{
    char copy[300], port_file[300], sql[400];
    snprintf(copy, sizeof copy, "%s/before.db", g_dir);
    snprintf(port_file, sizeof port_file, "%s/before.port", g_dir);
    sqlite3 *s = NULL;
    snprintf(sql, sizeof sql, "VACUUM INTO '%s'", copy);
    int rc = sqlite3_open_v2(db, &s, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_exec(s, sql, NULL, NULL, NULL);
    sqlite3_close(s);
    if (rc != SQLITE_OK) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        execl(before, before, "serve", "--db", copy, "--listen", "127.0.0.1:0", "--port-file",
              port_file, "--threads", threads, "--device-rate", "0", "--per-address", "512",
              (char *)NULL);
        _exit(127);
    }
    int port = 0;
    for (int i = 0; i < 200 && port == 0; i++) {
        usleep(50 * 1000);
        FILE *f = fopen(port_file, "r");
        if (f) {
            if (fscanf(f, "%d", &port) != 1) port = 0;
            fclose(f);
        }
    }
    if (port == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return -1;
    }
    snprintf(url, n, "http://127.0.0.1:%d", port);
    return pid;
}

#define ROUNDS_MAX 15

/* CPU time (user + system) PID has used so far, in ms; 0 when unknown. */
static double proc_cpu_ms(pid_t pid)
{
    char path[64], line[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t got = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[got] = '\0';
    char *p = strrchr(line, ')'); /* the name may hold spaces */
    unsigned long ut = 0, st = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
        return 0;
    return (double)(ut + st) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

/* One round of N requests with NCLIENTS against the server at URL (pid PID): its rate, and the
 * server's CPU microseconds a request added to *CPU_US. */
static double round_on(const char *label, const char *url, pid_t pid, int nclients,
                       const char *cursor, double *cpu_us)
{
    snprintf(g_url, sizeof g_url, "%s", url);
    double c0 = proc_cpu_ms(pid);
    double rate = run_load(label, LOAD_PULL, nclients, 20000, cursor, 0);
    *cpu_us = (proc_cpu_ms(pid) - c0) * 1000.0 / 20000;
    return rate;
}

/*
 * 4. The hub's empty pulls against the floor, interleaved: medians of BENCH_ROUNDS (3) rounds
 * each. With AUKIO_HUB_BEFORE (another build of aukio-hub), that build too, on a copy of the
 * same database, in the same rounds.
 */
static void floor_compare(const char *hub, const char *db, const char *threads, const char *cursor)
{
    char hub_url[sizeof g_url], floor_url[sizeof g_url], before_url[sizeof g_url] = "";
    pid_t fp = floor_start(threads, floor_url, sizeof floor_url);
    if (fp < 0) {
        printf("4. floor_mhd did not start: no floor comparison\n");
        return;
    }
    const char *before = getenv("AUKIO_HUB_BEFORE");
    pid_t bp = -1;
    if (before && before[0]) {
        bp = before_start(before, db, threads, before_url, sizeof before_url);
        if (bp < 0) printf("4. %s did not start: no before figures\n", before);
    }
    const char *rv = getenv("BENCH_ROUNDS");
    int rounds = rv ? (int)strtol(rv, NULL, 10) : 3;
    if (rounds < 1 || rounds > ROUNDS_MAX) rounds = 3;
    snprintf(hub_url, sizeof hub_url, "%s", g_url);
    printf("\n4. pulls with nothing new, aukio-hub (%s) against floor_mhd, %s threads each\n", hub,
           threads);
    if (bp > 0) printf("   and the build before (%s)\n", before);
    static const int clients[] = {8, 200};
    for (int k = 0; k < 2; k++) {
        double h[ROUNDS_MAX], f[ROUNDS_MAX], b[ROUNDS_MAX];
        double hc[ROUNDS_MAX], fc[ROUNDS_MAX], bc[ROUNDS_MAX];
        for (int r = 0; r < rounds; r++) {
            h[r] = round_on("  aukio-hub", hub_url, g_hub_pid, clients[k], cursor, &hc[r]);
            if (bp > 0) b[r] = round_on("  before", before_url, bp, clients[k], cursor, &bc[r]);
            f[r] = round_on("  floor_mhd", floor_url, fp, clients[k], cursor, &fc[r]);
        }
        qsort(h, (size_t)rounds, sizeof h[0], cmp_double);
        qsort(f, (size_t)rounds, sizeof f[0], cmp_double);
        qsort(hc, (size_t)rounds, sizeof hc[0], cmp_double);
        qsort(fc, (size_t)rounds, sizeof fc[0], cmp_double);
        double hm = h[rounds / 2], fm = f[rounds / 2];
        printf("  %3d clients: hub %.0f req/s, floor %.0f req/s (medians): %.2fx the floor "
               "(target >= 0.90: %s)\n",
               clients[k], hm, fm, hm / fm, hm / fm >= 0.9 ? "met" : "NOT met");
        printf("  %3d clients: server CPU a request: hub %.1f us, floor %.1f us (medians)\n",
               clients[k], hc[rounds / 2], fc[rounds / 2]);
        if (bp > 0) {
            qsort(b, (size_t)rounds, sizeof b[0], cmp_double);
            qsort(bc, (size_t)rounds, sizeof bc[0], cmp_double);
            double bm = b[rounds / 2];
            printf("  %3d clients: before %.0f req/s: %.2fx the floor; %.1f us CPU a request\n",
                   clients[k], bm, bm / fm, bc[rounds / 2]);
        }
    }
    snprintf(g_url, sizeof g_url, "%s", hub_url);
    if (bp > 0) {
        kill(bp, SIGTERM);
        waitpid(bp, NULL, 0);
    }
    kill(fp, SIGTERM);
    waitpid(fp, NULL, 0);
}

int main(int argc, char **argv)
{
    const char *hub = argc > 1 ? argv[1] : getenv("AUKIO_HUB");
    if (!hub || !*hub) hub = AUKIO_HUB_PATH;
    const char *threads = getenv("HUB_THREADS") ? getenv("HUB_THREADS") : "2";
    if (!mkdtemp(g_dir)) fatal("mkdtemp failed");
    char db[256], port_file[256], ev[256], out[512];
    snprintf(db, sizeof db, "%s/hub.db", g_dir);
    snprintf(port_file, sizeof port_file, "%s/port", g_dir);
    snprintf(ev, sizeof ev, "%s/ev.json", g_dir);
    FILE *f = fopen(ev, "w");
    if (!f) fatal("cannot write events");
    fprintf(
        f, "[{\"id\":\"bench\",\"name\":{\"fi\":\"Bench\"},\"start_time\":\"2099-01-01T10:00:00Z\","
           "\"maximum_attendee_capacity\":100000,\"waiting_list_capacity\":0,"
           "\"maximum_group_size\":5}]");
    fclose(f);
    if (run_cmd(hub, db, "event", "import", ev, out, sizeof out) != 0) fatal("event import failed");
    char token[128];
    if (run_cmd(hub, db, "device", "add", "bench", token, sizeof token) != 0) fatal("device add");

    pid_t pid = fork();
    if (pid == 0) {
        /* No per-device rate limit and room for 200 connections from 127.0.0.1: one device
         * and one address stand in for many kiosks here. */
        execl(hub, hub, "serve", "--db", db, "--listen", "127.0.0.1:0", "--port-file", port_file,
              "--threads", threads, "--device-rate", "0", "--per-address", "512", (char *)NULL);
        _exit(127);
    }
    g_hub_pid = pid;
    int port = 0;
    for (int i = 0; i < 200 && port == 0; i++) {
        usleep(50 * 1000);
        f = fopen(port_file, "r");
        if (f) {
            if (fscanf(f, "%d", &port) != 1) port = 0;
            fclose(f);
        }
    }
    if (port == 0) fatal("hub did not start");
    snprintf(g_url, sizeof g_url, "http://127.0.0.1:%d", port);
    curl_global_init(CURL_GLOBAL_DEFAULT);

    /* Enrol. */
    CURL *h = curl_easy_init();
    Small resp = {{0}, 0};
    char url[512], body[256];
    snprintf(url, sizeof url, "%s/v1/enrol", g_url);
    snprintf(body, sizeof body, "{\"token\":\"%s\"}", token);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp);
    if (curl_easy_perform(h) != CURLE_OK) fatal("enrol failed");
    char *t = strstr(resp.buf, "\"token\":\"");
    if (!t) fatal("no token in enrol answer");
    t += 9;
    char *e = strchr(t, '"');
    if (!e) fatal("bad enrol answer");
    *e = '\0';
    snprintf(g_auth, sizeof g_auth, "Authorization: Bearer %s", t);

    /* The current cursor, for "nothing new" pulls. */
    struct curl_slist *hdr = curl_slist_append(NULL, g_auth);
    resp.len = 0;
    snprintf(url, sizeof url, "%s/v1/changes", g_url);
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp);
    if (curl_easy_perform(h) != CURLE_OK) fatal("pull failed");
    curl_slist_free_all(hdr);
    curl_easy_cleanup(h);

    printf("aukio-hub %s, %s worker threads, database %s\n", hub, threads, db);
    /* BENCH_ONLY=4: the floor comparison alone. */
    bool only4 = getenv("BENCH_ONLY") && strcmp(getenv("BENCH_ONLY"), "4") == 0;
    if (!only4) {
        run_load("push, batches of 100 (1 client)", LOAD_PUSH, 1, 100, NULL, 100);
        run_load("push, batches of 100 (4 clients)", LOAD_PUSH, 4, 200, NULL, 100);
        run_load("push, batches of 100 (16 clients)", LOAD_PUSH, 16, 200, NULL, 100);
    }
    /* Pushes bumped the event's sequence number and changed the sign-ups' statuses: pull to
     * the end (pages of sign-up changes may be many) for the cursor of "nothing new". */
    char cursor[128] = "";
    for (int page = 0; page < 1000; page++) {
        h = curl_easy_init();
        hdr = curl_slist_append(NULL, g_auth);
        resp.len = 0;
        if (cursor[0])
            snprintf(url, sizeof url, "%s/v1/changes?limit=1000&cursor=%s", g_url, cursor);
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp);
        if (curl_easy_perform(h) != CURLE_OK) fatal("pull failed");
        curl_slist_free_all(hdr);
        curl_easy_cleanup(h);
        char *c = strstr(resp.buf, "\"cursor\":\"");
        if (!c) fatal("no cursor");
        c += 10;
        snprintf(cursor, sizeof cursor, "%.*s", (int)(strchr(c, '"') - c), c);
        if (!strstr(resp.buf, "\"more\":true")) break;
    }

    if (!only4) {
        run_load("pull, nothing new (1 client)", LOAD_PULL, 1, 5000, cursor, 0);
        run_load("pull, nothing new (8 clients)", LOAD_PULL, 8, 40000, cursor, 0);
        run_load("pull, nothing new (200 clients)", LOAD_PULL, 200, 40000, cursor, 0);
    }
    /* Before the last pushes, which move the cursor on: these pulls must find nothing new. */
    floor_compare(hub, db, threads, cursor);
    if (!only4) run_load("push, batches of 100 (200 clients)", LOAD_PUSH, 200, 400, NULL, 100);

    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    curl_global_cleanup();
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", g_dir);
    return 0;
}
