/*
 * sync_proc.c: the sync helper process, seen from the kiosk (sync_proc.h). One reader thread
 * starts the helper, reads its lines, restarts it after a backoff when it dies, and answers a
 * request under way then as "no network". The UI thread only writes short lines to the socket
 * (never blocking: MSG_DONTWAIT) and copies state out under the mutex.
 */
#include "sync_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "datefmt.h"
#include "util.h"
#include "wire.h"

extern char **environ;

#define HELPER_FD 3
#define BACKOFF_FIRST_MS 500
#define BACKOFF_MAX_MS 60000
#define HEALTHY_MS 60000 /* a helper that ran this long starts the backoff afresh */
#define STOP_GRACE_MS 5000
#define LINE_MAX_BYTES 65536
#define PATCHES_MAX                                                                                \
    64 /* patches on one list before it is read whole again (their blocks add up)                  \
        */

struct SyncProc {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int sock; /* the kiosk's end; -1 while the helper is down */
    pid_t pid;
    int wake[2]; /* the UI thread wakes the reader: stop, or a poke while the helper is down */
    bool stop, queue_dirty;
    SyncThreadStatus st; /* as the UI sees it */
    unsigned helper_gen; /* the helper's catalogue_gen last seen */
    EventRow *rows;      /* the list after the last catalogue change, NULL once taken */
    void *garbage[4];    /* blocks to free (sync_proc_free_later) */
    int n_rows;
    EventRow *patch; /* or only the rows the change named (ACT_ROWS_PATCHED), NULL once taken */
    int n_patch;
    int patches; /* patches since the list was last read whole */
    /* A paged UI's list, and what its next page takes (sync_proc_page_spec). */
    SyncPageSpec spec;
    bool has_spec, has_prep;
    SyncPagePrep prep;
    int64_t list_day; /* the day start that read was from; 0 = none yet */
    bool reload;      /* the UI asks for the whole list (a patch did not fit) */
    bool x_busy, x_have, l_busy, l_have;
    SyncExpressAnswer x;
    SyncLookupAnswer l;
    int failures;
    int64_t started_ms;
    Store *s; /* the reader's own, on the same database */
    char helper[PATH_MAX], config[PATH_MAX], db[PATH_MAX];
    bool has_config, rounds, paged;
    void (*notify)(void *ctx);
    void *ctx;
};

/* pipe(2) with both ends close-on-exec (and non-blocking when NONBLOCK). 0 or -1. */
static int pipe_flags(int fds[2], bool nonblock)
{
    if (pipe(fds) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        (void)fcntl(fds[i], F_SETFD, FD_CLOEXEC);
        if (nonblock) (void)fcntl(fds[i], F_SETFL, O_NONBLOCK);
    }
    return 0;
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void sync_proc_helper_path(char *out, size_t n)
{
    const char *env = getenv("AUKIO_SYNC_HELPER");
    if (env && *env) {
        snprintf(out, n, "%s", env);
        return;
    }
    char self[PATH_MAX];
    ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);
    if (k <= 0) {
        snprintf(out, n, "aukio-sync");
        return;
    }
    self[k] = '\0';
    char *slash = strrchr(self, '/');
    if (slash) *slash = '\0';
    snprintf(out, n, "%s/aukio-sync", slash ? self : ".");
}

/* The environment for a helper: the kiosk's, less systemd's notify socket and watchdog (the
 * kiosk is the service's main process; the helper must not speak for it). Caller frees. */
static char **helper_env(void)
{
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + 1, sizeof *env);
    if (!env) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "NOTIFY_SOCKET=", 14) != 0 &&
            strncmp(environ[i], "WATCHDOG_", 9) != 0)
            env[k++] = environ[i];
    return env;
}

/* posix_spawn of the helper with ARGV; FDS[i] (or -1) becomes its fd i for i < 4. */
static int spawn_helper(char *const *argv, const int fds[4], pid_t *pid, char *err, size_t errlen)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    for (int i = 0; i < 4; i++)
        if (fds[i] >= 0) posix_spawn_file_actions_adddup2(&fa, fds[i], i);
    char **env = helper_env();
    int e = env ? posix_spawn(pid, argv[0], &fa, NULL, argv, env) : ENOMEM;
    free(env);
    posix_spawn_file_actions_destroy(&fa);
    if (e != 0) {
        char shown[256];
        snprintf(err, errlen, "cannot start the sync helper %s: %s",
                 str_printable(argv[0], shown, sizeof shown), strerror(e));
        return -1;
    }
    return 0;
}

/* An fd of the pair not below 4, so that dup2 onto 0..3 always clears its close-on-exec. */
static int high_fd(int fd)
{
    if (fd > HELPER_FD) return fd;
    int h = fcntl(fd, F_DUPFD_CLOEXEC, HELPER_FD + 1);
    close(fd);
    return h;
}

/* ---- The reader thread ------------------------------------------------------------------ */

static void notify(SyncProc *p)
{
    if (p->notify) p->notify(p->ctx);
}

/* Starts the helper on a fresh socketpair. 0, or -1 (logged). */
static int start_helper(SyncProc *p)
{
    int sv[2];
    char err[512];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        fprintf(stderr, "aukio: sync helper: socketpair: %s\n", strerror(errno));
        return -1;
    }
    sv[1] = high_fd(sv[1]);
    char *argv[8];
    int a = 0;
    argv[a++] = p->helper;
    if (p->has_config) {
        argv[a++] = "--config";
        argv[a++] = p->config;
    }
    argv[a++] = "--db";
    argv[a++] = p->db;
    argv[a++] = "serve";
    if (!p->rounds) argv[a++] = "--no-rounds";
    argv[a] = NULL;
    int fds[4] = {-1, -1, -1, sv[1]};
    pid_t pid = 0;
    int rc = sv[1] >= 0 ? spawn_helper(argv, fds, &pid, err, sizeof err) : -1;
    if (sv[1] >= 0) close(sv[1]);
    if (rc != 0) {
        if (sv[1] >= 0) fprintf(stderr, "aukio: %s\n", err);
        close(sv[0]);
        return -1;
    }
    pthread_mutex_lock(&p->mu);
    p->sock = sv[0];
    p->pid = pid;
    p->helper_gen = 0;
    pthread_mutex_unlock(&p->mu);
    p->started_ms = mono_ms();
    return 0;
}

/* The helper's socket closed (it died, or exits): reaps it, answers what was under way as "no
 * network", shows the sync as failing, and returns when to start it again (monotonic ms). */
static int64_t helper_gone(SyncProc *p)
{
    pthread_mutex_lock(&p->mu);
    int fd = p->sock;
    pid_t pid = p->pid;
    p->sock = -1;
    p->pid = 0;
    p->st.failing = true;
    if (p->x_busy) {
        p->x_busy = false;
        p->x_have = true;
        p->x.result = SYNC_ERR_NET;
        p->x.elapsed_ms = 0;
    }
    if (p->l_busy) {
        p->l_busy = false;
        p->l_have = true;
        p->l.result = SYNC_ERR_NET;
        p->l.found = false;
    }
    pthread_cond_broadcast(&p->cv);
    bool stopping = p->stop;
    pthread_mutex_unlock(&p->mu);
    close(fd);
    int status = 0;
    /* Its end is closed; a helper that closed it and lingers is ended. */
    for (int i = 0; i < STOP_GRACE_MS / 10 && waitpid(pid, &status, WNOHANG) == 0; i++)
        usleep(10000);
    if (waitpid(pid, &status, WNOHANG) == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    notify(p);
    if (stopping) return 0;
    int64_t lived = mono_ms() - p->started_ms;
    p->failures = lived >= HEALTHY_MS ? 1 : p->failures + 1;
    int64_t delay = BACKOFF_FIRST_MS;
    for (int i = 1; i < p->failures && delay < BACKOFF_MAX_MS; i++)
        delay *= 2;
    if (delay > BACKOFF_MAX_MS) delay = BACKOFF_MAX_MS;
    if (WIFSIGNALED(status))
        fprintf(stderr, "aukio: sync helper ended by signal %d; restarting it in %lld ms\n",
                WTERMSIG(status), (long long)delay);
    else
        fprintf(stderr, "aukio: sync helper exited with %d; restarting it in %lld ms\n",
                WEXITSTATUS(status), (long long)delay);
    return mono_ms() + delay;
}

/* The reader's Store, opened at first need. NULL when it cannot be (logged). */
static Store *reader_store(SyncProc *p)
{
    char err[512];
    if (p->s) return p->s;
    if (store_open(&p->s, p->db, err, sizeof err) != 0) {
        fprintf(stderr, "aukio: sync: %s\n", err);
        p->s = NULL;
    }
    if (p->s) (void)store_set_cache_kib(p->s, 256); /* in the UI process: small */
    return p->s;
}

/* Reads the list the UI shows (store_events_upcoming, from the start of today as runtime.c's
 * load does) here, off the UI thread: at 100,000 events that is hundreds of milliseconds, which
 * the UI then takes in one frame by swapping a pointer. (Moved from client_thread.c.) */
static void load_rows(SyncProc *p)
{
    EventRow *rows = NULL;
    int n = 0;
    char err[256];
    Store *s = reader_store(p);
    int64_t day = datefmt_day_start(now_s());
    /* A paged UI reads its own page (a few hundred rows) instead. */
    if (!p->paged && (!s || store_events_upcoming(s, day, &rows, &n, err, sizeof err))) {
        if (s) fprintf(stderr, "aukio: sync: reading the list: %s (the UI reads it)\n", err);
        rows = NULL;
        n = 0;
        day = 0;
    }
    pthread_mutex_lock(&p->mu);
    free(p->rows);
    free(p->patch);
    p->rows = rows;
    p->n_rows = n;
    p->patch = NULL;
    p->n_patch = 0;
    p->patches = 0;
    p->list_day = day;
    pthread_mutex_unlock(&p->mu);
}

/* Reads only the rows of the events CHANGED (a JSON array of ids) names, for the UI to patch in
 * place (issue 12). False when the whole list is to be read instead: too many changes, one not
 * named, a deleted event, a list from another day, or one not yet taken. */
static bool load_patch(SyncProc *p, const json_t *changed)
{
    size_t n = json_array_size(changed);
    pthread_mutex_lock(&p->mu);
    bool can = json_is_array(changed) && n > 0 && n <= SYNC_CHANGED_MAX && !p->rows && !p->patch &&
               p->patches < PATCHES_MAX && p->list_day != 0 &&
               p->list_day == datefmt_day_start(now_s());
    pthread_mutex_unlock(&p->mu);
    Store *s = can ? reader_store(p) : NULL;
    char(*ids)[RECORD_EVENT_ID_MAX + 1] = s ? calloc(n, sizeof *ids) : NULL;
    if (!ids) return false;
    for (size_t i = 0; i < n; i++)
        str_copy(ids[i], sizeof ids[i], json_string_value(json_array_get(changed, i)));
    EventRow *rows = NULL;
    int got = 0;
    char err[256];
    bool ok = store_events_rows(s, ids, (int)n, &rows, &got, err, sizeof err) == 0;
    free(ids);
    if (!ok || got != (int)n) { /* an event went away: the list closes up, read it whole */
        if (ok) free(rows);
        return false;
    }
    pthread_mutex_lock(&p->mu);
    p->patch = rows;
    p->n_patch = got;
    p->patches++;
    pthread_mutex_unlock(&p->mu);
    return true;
}

void sync_proc_page_spec(SyncProc *p, const SyncPageSpec *spec)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->spec = *spec;
    p->has_spec = true;
    pthread_mutex_unlock(&p->mu);
}

bool sync_proc_take_page_prep(SyncProc *p, SyncPagePrep *out)
{
    if (!p) return false;
    pthread_mutex_lock(&p->mu);
    bool has = p->has_prep;
    if (has) *out = p->prep;
    p->has_prep = false;
    memset(&p->prep.aux, 0, sizeof p->prep.aux);
    pthread_mutex_unlock(&p->mu);
    return has;
}

void sync_page_query(const SyncPageSpec *spec, int64_t at_ms, StorePageQuery *q)
{
    int64_t now = at_ms / 60000 * 60; /* the minute's list (app_row_ended) */
    *q = (StorePageQuery){.from = datefmt_day_start(now),
                          .now = now,
                          .until = spec->until,
                          .staff = spec->staff,
                          .category = spec->category,
                          .venue_id = spec->venue_id,
                          .home_venue = spec->home_venue,
                          .show_all = spec->show_all,
                          .groups = spec->groups,
                          .staff_list = spec->staff_list};
}

int sync_page_prep_read(Store *s, const SyncPageSpec *spec, int64_t at_ms, SyncPagePrep *out,
                        char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->spec = *spec;
    out->at_ms = at_ms;
    StorePageQuery q;
    sync_page_query(spec, at_ms, &q);
    bool txn = store_read_begin(s) == 0; /* the count and the rows of one state */
    int rc = store_page_count(s, &q, out->counts, err, errlen) ||
                     store_page_aux(s, &q, &out->aux, err, errlen)
                 ? -1
                 : 0;
    if (txn) store_read_end(s);
    return rc;
}

/* A paged UI: what its next page takes, for the catalogue generation GEN (SyncPagePrep). */
static void load_page_prep(SyncProc *p, unsigned gen)
{
    pthread_mutex_lock(&p->mu);
    bool has = p->has_spec;
    SyncPageSpec spec = p->spec;
    pthread_mutex_unlock(&p->mu);
    Store *s = has ? reader_store(p) : NULL;
    if (!s) return;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    SyncPagePrep prep;
    char err[256];
    if (sync_page_prep_read(s, &spec, (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, &prep, err,
                            sizeof err)) {
        fprintf(stderr, "aukio: sync: reading the list: %s (the UI reads it)\n", err);
        return;
    }
    prep.gen = gen;
    pthread_mutex_lock(&p->mu);
    store_page_aux_free(&p->prep.aux);
    p->prep = prep;
    p->has_prep = true;
    pthread_mutex_unlock(&p->mu);
}

static void on_status(SyncProc *p, const json_t *j)
{
    unsigned gen = (unsigned)json_integer_value(json_object_get(j, "gen"));
    bool catalogue = gen != p->helper_gen;
    /* Before the UI sees the new generation. */
    if (catalogue &&
        (json_is_true(json_object_get(j, "all")) || !load_patch(p, json_object_get(j, "changed"))))
        load_rows(p);
    if (catalogue && p->paged) {
        pthread_mutex_lock(&p->mu);
        unsigned next = p->st.catalogue_gen + 1;
        pthread_mutex_unlock(&p->mu);
        load_page_prep(p, next);
    }
    pthread_mutex_lock(&p->mu);
    p->helper_gen = gen;
    p->st.last_ok = json_integer_value(json_object_get(j, "last_ok"));
    p->st.queued = (int)json_integer_value(json_object_get(j, "queued"));
    p->st.failing = json_is_true(json_object_get(j, "failing"));
    if (catalogue) p->st.catalogue_gen++;
    pthread_mutex_unlock(&p->mu);
}

static void on_express(SyncProc *p, const json_t *j)
{
    pthread_mutex_lock(&p->mu);
    if (p->x_busy) {
        str_copy(p->x.uuid, sizeof p->x.uuid, json_string_value(json_object_get(j, "uuid")));
        p->x.result = (SyncResult)json_integer_value(json_object_get(j, "result"));
        p->x.elapsed_ms = json_integer_value(json_object_get(j, "elapsed_ms"));
        p->x_busy = false;
        p->x_have = true;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
}

static void on_lookup(SyncProc *p, const json_t *j)
{
    SyncLookupAnswer a;
    memset(&a, 0, sizeof a);
    str_copy(a.code, sizeof a.code, json_string_value(json_object_get(j, "code")));
    a.cancel = json_is_true(json_object_get(j, "cancel"));
    a.result = (SyncResult)json_integer_value(json_object_get(j, "result"));
    a.found = json_is_true(json_object_get(j, "found"));
    char why[256];
    if (a.result == SYNC_OK && a.found &&
        wire_signup_info_parse(json_object_get(j, "info"), &a.info, why, sizeof why) != 0) {
        fprintf(stderr, "aukio: sync helper: a lookup's answer: %s\n", why);
        a.result = SYNC_ERR_HUB;
        a.found = false;
    }
    pthread_mutex_lock(&p->mu);
    if (p->l_busy) {
        p->l = a;
        p->l_busy = false;
        p->l_have = true;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    sodium_memzero(&a, sizeof a); /* the sign-up as the hub has it */
}

/* One line from the helper. */
static void on_line(SyncProc *p, const char *line)
{
    json_t *j = json_loads(line, 0, NULL);
    const char *op = json_string_value(json_object_get(j, "op"));
    if (!op) {
        fprintf(stderr, "aukio: sync helper: an unreadable line (ignored)\n");
    } else if (strcmp(op, "status") == 0) {
        on_status(p, j);
    } else if (strcmp(op, "express") == 0) {
        on_express(p, j);
    } else if (strcmp(op, "lookup") == 0) {
        on_lookup(p, j);
    }
    json_decref(j);
    notify(p);
}

static void line_of_helper(void *ctx, char *line)
{
    on_line(ctx, line);
}

/* Reads what the helper wrote into BUF (*LEN bytes kept from before) and hands over each whole
 * line. False when the socket closed or broke (or a line is far too long). */
static bool read_lines(SyncProc *p, int fd, char *buf, size_t *len)
{
    int rc = lines_read(fd, buf, LINE_MAX_BYTES, len, line_of_helper, p);
    if (rc < 0)
        fprintf(stderr, "aukio: sync helper: a line over %d bytes; restarting it\n",
                LINE_MAX_BYTES);
    return rc > 0;
}

/* While the helper is down, the queue's count for the status comes from here. */
static void count_queue(SyncProc *p)
{
    SyncStatus ss;
    Store *s = reader_store(p);
    if (!s || store_sync_status(s, &ss) != 0) return;
    pthread_mutex_lock(&p->mu);
    bool changed = p->st.queued != ss.queued;
    p->st.queued = ss.queued;
    pthread_mutex_unlock(&p->mu);
    if (changed) notify(p);
}

/* Frees what the UI thread handed over (sync_proc_free_later). */
static void free_garbage(SyncProc *p)
{
    void *g[4];
    pthread_mutex_lock(&p->mu);
    memcpy(g, p->garbage, sizeof g);
    memset(p->garbage, 0, sizeof p->garbage);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < 4; i++)
        free(g[i]);
}

static void *reader_main(void *arg)
{
    SyncProc *p = arg;
    char *buf = malloc(LINE_MAX_BYTES);
    size_t len = 0;
    int64_t next_start = mono_ms();
    while (buf) {
        pthread_mutex_lock(&p->mu);
        bool stop = p->stop, dirty = p->queue_dirty;
        int fd = p->sock;
        bool reload = p->reload;
        p->queue_dirty = false;
        p->reload = false;
        pthread_mutex_unlock(&p->mu);
        free_garbage(p);
        if (stop) break;
        if (reload) {
            load_rows(p);
            pthread_mutex_lock(&p->mu);
            p->st.catalogue_gen++;
            pthread_mutex_unlock(&p->mu);
            notify(p);
        }
        if (fd < 0 && dirty) count_queue(p);
        if (fd < 0 && mono_ms() >= next_start) {
            len = 0;
            if (start_helper(p) == 0) continue;
            p->failures++;
            next_start = mono_ms() + BACKOFF_MAX_MS;
        }
        struct pollfd pf[2] = {{.fd = p->wake[0], .events = POLLIN}, {.fd = fd, .events = POLLIN}};
        int64_t wait = fd >= 0 ? -1 : next_start - mono_ms();
        if (wait > BACKOFF_MAX_MS) wait = BACKOFF_MAX_MS;
        if (fd < 0 && wait < 0) wait = 0;
        if (poll(pf, fd >= 0 ? 2 : 1, (int)wait) < 0 && errno != EINTR) break;
        if (pf[0].revents & POLLIN) {
            char drain[64];
            while (read(p->wake[0], drain, sizeof drain) > 0) {
            }
        }
        if (fd >= 0 && (pf[1].revents & (POLLIN | POLLHUP | POLLERR)) &&
            !read_lines(p, fd, buf, &len))
            next_start = helper_gone(p);
    }
    free(buf);
    return NULL;
}

/* ---- The UI thread's side --------------------------------------------------------------- */

static void wake_reader(SyncProc *p)
{
    char c = 1;
    if (write(p->wake[1], &c, 1) < 0) {
        /* full: the reader has a wake-up pending anyway */
    }
}

SyncProc *sync_proc_start(const SyncProcOptions *o, char *err, size_t errlen)
{
    SyncProc *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errlen, "sync: out of memory");
        return NULL;
    }
    p->sock = -1;
    sync_proc_helper_path(p->helper, sizeof p->helper);
    p->has_config = o->config != NULL;
    snprintf(p->config, sizeof p->config, "%s", o->config ? o->config : "");
    snprintf(p->db, sizeof p->db, "%s", o->db);
    p->rounds = o->rounds;
    p->paged = o->paged;
    p->notify = o->notify;
    p->ctx = o->ctx;
    if (pipe_flags(p->wake, true) != 0) {
        snprintf(err, errlen, "sync: pipe: %s", strerror(errno));
        free(p);
        return NULL;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    /* The first helper is started here, so that requests asked at once have a socket. */
    if (start_helper(p) != 0) p->failures = 1;
    if (pthread_create(&p->th, NULL, reader_main, p) != 0) {
        snprintf(err, errlen, "sync: cannot start the helper's reader thread");
        if (p->sock >= 0) {
            close(p->sock);
            waitpid(p->pid, NULL, 0);
        }
        close(p->wake[0]);
        close(p->wake[1]);
        pthread_cond_destroy(&p->cv);
        pthread_mutex_destroy(&p->mu);
        free(p);
        return NULL;
    }
    return p;
}

void sync_proc_stop(SyncProc *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    int fd = p->sock;
    pthread_mutex_unlock(&p->mu);
    /* The helper reads the end of its socket as "stop" (an abort of any transfer under way). */
    if (fd >= 0) shutdown(fd, SHUT_WR);
    wake_reader(p);
    pthread_join(p->th, NULL);
    if (p->sock >= 0) {
        /* The reader left first: the helper still runs; the same ending as a death. */
        (void)helper_gone(p);
    }
    close(p->wake[0]);
    close(p->wake[1]);
    store_close(p->s);
    free_garbage(p);
    free(p->rows);
    free(p->patch);
    store_page_aux_free(&p->prep.aux);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

/* Writes OBJ as one line to the helper (stolen). False when the helper is down or the socket
 * would block. Caller holds p->mu. */
static bool send_locked(SyncProc *p, json_t *obj)
{
    char *s = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
    json_decref(obj);
    if (!s || p->sock < 0) {
        free(s);
        return false;
    }
    size_t n = strlen(s);
    s[n] = '\n'; /* json_dumps' NUL becomes the line's end */
    ssize_t k = send(p->sock, s, n + 1, MSG_DONTWAIT | MSG_NOSIGNAL);
    free(s);
    return k == (ssize_t)(n + 1);
}

void sync_proc_free_later(SyncProc *p, void *block)
{
    if (!block) return;
    if (!p) {
        free(block);
        return;
    }
    pthread_mutex_lock(&p->mu);
    int i = 0;
    while (i < 4 && p->garbage[i])
        i++;
    if (i < 4) p->garbage[i] = block;
    pthread_mutex_unlock(&p->mu);
    if (i == 4)
        free(block); /* the reader is behind: here, then */
    else
        wake_reader(p);
}

void sync_proc_poke(SyncProc *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    bool sent = send_locked(p, json_pack("{s:s}", "op", "poke"));
    if (!sent) p->queue_dirty = true;
    pthread_mutex_unlock(&p->mu);
    if (!sent) wake_reader(p);
}

void sync_proc_status(SyncProc *p, SyncThreadStatus *out)
{
    memset(out, 0, sizeof *out);
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    *out = p->st;
    pthread_mutex_unlock(&p->mu);
}

bool sync_proc_take_rows(SyncProc *p, EventRow **rows, int *n)
{
    if (!p) return false;
    pthread_mutex_lock(&p->mu);
    *rows = p->rows;
    *n = p->n_rows;
    p->rows = NULL;
    p->n_rows = 0;
    pthread_mutex_unlock(&p->mu);
    return *rows != NULL;
}

bool sync_proc_take_patch(SyncProc *p, EventRow **rows, int *n)
{
    if (!p) return false;
    pthread_mutex_lock(&p->mu);
    *rows = p->patch;
    *n = p->n_patch;
    p->patch = NULL;
    p->n_patch = 0;
    pthread_mutex_unlock(&p->mu);
    return *rows != NULL;
}

void sync_proc_reload(SyncProc *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->reload = true;
    pthread_mutex_unlock(&p->mu);
    wake_reader(p);
}

bool sync_proc_express_ask(SyncProc *p, const char *uuid, int deadline_ms)
{
    if (!p) return false;
    pthread_mutex_lock(&p->mu);
    bool ok = !p->x_busy && send_locked(p, json_pack("{s:s,s:s,s:i}", "op", "express", "uuid", uuid,
                                                     "deadline_ms", deadline_ms));
    if (ok) {
        p->x_busy = true;
        p->x_have = false;
        memset(&p->x, 0, sizeof p->x);
        str_copy(p->x.uuid, sizeof p->x.uuid, uuid);
    }
    pthread_mutex_unlock(&p->mu);
    return ok;
}

bool sync_proc_express_take(SyncProc *p, bool wait, SyncExpressAnswer *out)
{
    if (!p) return false;
    pthread_mutex_lock(&p->mu);
    while (wait && p->x_busy)
        pthread_cond_wait(&p->cv, &p->mu);
    bool have = p->x_have;
    if (have) *out = p->x;
    p->x_have = false;
    pthread_mutex_unlock(&p->mu);
    return have;
}

bool sync_proc_lookup_ask(SyncProc *p, const char *code, bool cancel, int deadline_ms)
{
    if (!p) return false;
    pthread_mutex_lock(&p->mu);
    bool ok =
        !p->l_busy && send_locked(p, json_pack("{s:s,s:s,s:b,s:i}", "op", "lookup", "code", code,
                                               "cancel", cancel, "deadline_ms", deadline_ms));
    if (ok) {
        p->l_busy = true;
        p->l_have = false;
        memset(&p->l, 0, sizeof p->l);
        str_copy(p->l.code, sizeof p->l.code, code);
        p->l.cancel = cancel;
    }
    pthread_mutex_unlock(&p->mu);
    return ok;
}

bool sync_proc_lookup_take(SyncProc *p, bool wait, SyncLookupAnswer *out)
{
    if (!p) return false;
    pthread_mutex_lock(&p->mu);
    while (wait && p->l_busy)
        pthread_cond_wait(&p->cv, &p->mu);
    bool have = p->l_have;
    if (have) *out = p->l;
    p->l_have = false;
    sodium_memzero(&p->l.info, sizeof p->l.info);
    pthread_mutex_unlock(&p->mu);
    return have;
}

pid_t sync_proc_pid(SyncProc *p)
{
    if (!p) return 0;
    pthread_mutex_lock(&p->mu);
    pid_t pid = p->pid;
    pthread_mutex_unlock(&p->mu);
    return pid;
}

/* ---- One-shot runs ---------------------------------------------------------------------- */

/* Reads FD to its end into OUT (N bytes with the NUL; the rest is read and dropped). */
static void read_all(int fd, char *out, size_t n)
{
    size_t len = 0;
    char scratch[512];
    for (;;) {
        char *dst = len + 1 < n ? out + len : scratch;
        size_t room = len + 1 < n ? n - 1 - len : sizeof scratch;
        ssize_t k = read(fd, dst, room);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;
        if (dst != scratch) len += (size_t)k;
    }
    if (n) out[len] = '\0';
}

int sync_proc_run_once(char *const *argv, const char *in, char *out, size_t n, char *err,
                       size_t errlen)
{
    char helper[PATH_MAX];
    sync_proc_helper_path(helper, sizeof helper);
    int pin[2], pout[2], perr[2];
    if (pipe_flags(pin, false) != 0) {
        snprintf(err, errlen, "pipe: %s", strerror(errno));
        return -1;
    }
    if (pipe_flags(pout, false) != 0 || pipe_flags(perr, false) != 0) {
        close(pin[0]);
        close(pin[1]);
        snprintf(err, errlen, "pipe: %s", strerror(errno));
        return -1;
    }
    size_t argc = 0;
    while (argv[argc])
        argc++;
    char **args = calloc(argc + 1, sizeof *args);
    pid_t pid = 0;
    int fds[4] = {high_fd(pin[0]), high_fd(pout[1]), high_fd(perr[1]), -1};
    int rc = -1;
    if (args) {
        args[0] = helper;
        for (size_t i = 1; i < argc; i++)
            args[i] = argv[i];
        rc = spawn_helper(args, fds, &pid, err, errlen);
    }
    free(args);
    for (int i = 0; i < 3; i++)
        if (fds[i] >= 0) close(fds[i]);
    if (rc == 0 && in) {
        /* Short (a token): the pipe takes it whole. */
        if (write(pin[1], in, strlen(in)) < 0) {
            /* the helper then reads no token and refuses, saying so */
        }
    }
    close(pin[1]);
    if (rc == 0) {
        read_all(pout[0], out, n);
        read_all(perr[0], err, errlen);
        err[strcspn(err, "\n")] = '\0';
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    close(pout[0]);
    close(perr[0]);
    return rc;
}
