/*
 * client_serve.c: `aukio-sync serve`, the sync helper the kiosk starts (client_cli.h; the
 * kiosk's side is kiosk/sync_proc.c). It runs what used to run on threads inside the kiosk:
 * the background rounds (client_thread.c), the express push (client_express.c) and the lookup
 * (client_lookup.c), each on its own thread and Store as before. This thread only passes lines:
 * from the kiosk (fd 3) the pokes and requests, to it the status and the answers, as JSON lines.
 * The end of the socket (the kiosk stopped, or died) stops everything.
 */
#include "client_cli.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util.h"
#include "wire.h"

#define LINE_MAX_BYTES 8192

typedef struct {
    int fd;
    int wake[2];
    SyncThread *thread;
    SyncExpress *express;
    SyncLookup *lookup;
    SyncThreadStatus sent;
    bool sent_any;
    SyncChanged *changed; /* the last status's changed events (24 KB: not on the stack) */
} Serve;

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

static int g_wake_fd = -1;

/* Called on the workers' threads when they have news: wakes the loop. */
static void on_news(void *ctx)
{
    (void)ctx;
    char c = 1;
    if (write(g_wake_fd, &c, 1) < 0) {
        /* full: a wake-up is pending anyway */
    }
}

/* Writes OBJ (stolen) as one line to the kiosk. */
static void send_line(Serve *v, json_t *obj)
{
    char *s = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
    json_decref(obj);
    if (!s) return;
    size_t n = strlen(s);
    s[n] = '\n';
    size_t off = 0;
    while (off < n + 1) {
        ssize_t k = send(v->fd, s + off, n + 1 - off, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break; /* the kiosk is gone: the read side sees it next */
        off += (size_t)k;
    }
    sodium_memzero(s, n);
    free(s);
}

static void send_express(Serve *v, const SyncExpressAnswer *a)
{
    send_line(v, json_pack("{s:s,s:s,s:i,s:I}", "op", "express", "uuid", a->uuid, "result",
                           (int)a->result, "elapsed_ms", (json_int_t)a->elapsed_ms));
}

static void send_lookup(Serve *v, const SyncLookupAnswer *a)
{
    json_t *info = NULL;
    if (a->result == SYNC_OK && a->found) {
        char *text = wire_signup_info_build(&a->info);
        info = text ? json_loads(text, 0, NULL) : NULL;
        if (text) sodium_memzero(text, strlen(text));
        free(text);
    }
    bool found = a->found && info;
    send_line(v, json_pack("{s:s,s:s,s:b,s:i,s:b,s:o*}", "op", "lookup", "code", a->code, "cancel",
                           a->cancel, "result",
                           a->result == SYNC_OK && a->found && !info ? SYNC_ERR_STORE : a->result,
                           "found", found, "info", info));
}

/* What the workers have: the status when it changed, the answers when ready. */
static void pass_news(Serve *v)
{
    if (v->thread) {
        SyncThreadStatus st;
        sync_thread_status(v->thread, &st);
        if (!v->sent_any || memcmp(&st, &v->sent, sizeof st) != 0) {
            /* A new catalogue comes with the events it changed, for the kiosk to read only
             * those rows ("changed"; "all": read the whole list). */
            json_t *ids = NULL;
            bool all = true;
            if (v->sent_any && st.catalogue_gen != v->sent.catalogue_gen && v->changed) {
                sync_thread_status_changed(v->thread, &st, v->changed);
                all = v->changed->all;
                ids = all ? NULL : json_array();
                for (int i = 0; ids && i < v->changed->n; i++)
                    json_array_append_new(ids, json_string(v->changed->id[i]));
                if (!all && !ids) all = true;
            }
            send_line(v,
                      json_pack("{s:s,s:I,s:i,s:b,s:I,s:b,s:o*}", "op", "status", "last_ok",
                                (json_int_t)st.last_ok, "queued", st.queued, "failing", st.failing,
                                "gen", (json_int_t)st.catalogue_gen, "all", all, "changed", ids));
            v->sent = st;
            v->sent_any = true;
        }
    }
    SyncExpressAnswer xa;
    if (v->express && sync_express_take(v->express, false, &xa)) send_express(v, &xa);
    SyncLookupAnswer la;
    if (v->lookup && sync_lookup_take(v->lookup, false, &la)) {
        send_lookup(v, &la);
        sodium_memzero(&la, sizeof la);
    }
}

/* One line from the kiosk. */
static void on_line(Serve *v, const char *line)
{
    json_t *j = json_loads(line, 0, NULL);
    const char *op = json_string_value(json_object_get(j, "op"));
    int deadline = (int)json_integer_value(json_object_get(j, "deadline_ms"));
    if (op && strcmp(op, "poke") == 0) {
        sync_thread_poke(v->thread);
    } else if (op && strcmp(op, "express") == 0) {
        const char *uuid = json_string_value(json_object_get(j, "uuid"));
        if (!uuid || !v->express || !sync_express_ask(v->express, uuid, deadline)) {
            SyncExpressAnswer a = {.result = SYNC_ERR_NET};
            str_copy(a.uuid, sizeof a.uuid, uuid ? uuid : "");
            send_express(v, &a);
        }
    } else if (op && strcmp(op, "lookup") == 0) {
        const char *code = json_string_value(json_object_get(j, "code"));
        bool cancel = json_is_true(json_object_get(j, "cancel"));
        if (!code || !v->lookup || !sync_lookup_ask(v->lookup, code, cancel, deadline)) {
            SyncLookupAnswer a = {.result = SYNC_ERR_NET, .cancel = cancel};
            str_copy(a.code, sizeof a.code, code ? code : "");
            send_lookup(v, &a);
        }
    } else {
        fprintf(stderr, "aukio: sync helper: an unreadable request (ignored)\n");
    }
    json_decref(j);
}

static void line_of_kiosk(void *ctx, char *line)
{
    on_line(ctx, line);
}

/* Reads the kiosk's lines; false at the socket's end (or a line over LINE_MAX_BYTES). */
static bool read_lines(Serve *v, char *buf, size_t *len)
{
    return lines_read(v->fd, buf, LINE_MAX_BYTES, len, line_of_kiosk, v) > 0;
}

int sync_cli_serve(const Config *c, int fd, bool rounds)
{
    char err[512];
    Serve v = {.fd = fd};
    if (!c->hub_url[0]) {
        fprintf(stderr, "aukio: sync helper: no hub configured (aukio enrol URL TOKEN)\n");
        return 1;
    }
    if (pipe_flags(v.wake, true) != 0) {
        fprintf(stderr, "aukio: sync helper: pipe: %s\n", strerror(errno));
        return 1;
    }
    g_wake_fd = v.wake[1];
    sync_global_init();
    SyncHub hub = sync_cli_hub(c);
    if (rounds) {
        v.changed = calloc(1, sizeof *v.changed); /* NULL: every new catalogue is "all" */
        v.thread = sync_thread_start(c->database, &hub, c->sync_interval_s, on_news, NULL, err,
                                     sizeof err);
        if (!v.thread) fprintf(stderr, "aukio: %s (running without sync)\n", err);
    }
    v.express = sync_express_start(c->database, &hub, on_news, NULL, err, sizeof err);
    if (!v.express) fprintf(stderr, "aukio: %s (no express confirmation)\n", err);
    v.lookup = sync_lookup_start(&hub, on_news, NULL, err, sizeof err);
    if (!v.lookup) fprintf(stderr, "aukio: %s (\"My sign-up\" knows this kiosk's only)\n", err);
    char buf[LINE_MAX_BYTES];
    size_t len = 0;
    for (;;) {
        struct pollfd pf[2] = {{.fd = fd, .events = POLLIN}, {.fd = v.wake[0], .events = POLLIN}};
        if (poll(pf, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (pf[1].revents & POLLIN) {
            char drain[64];
            while (read(v.wake[0], drain, sizeof drain) > 0) {
            }
            pass_news(&v);
        }
        if ((pf[0].revents & (POLLIN | POLLHUP | POLLERR)) && !read_lines(&v, buf, &len)) break;
    }
    /* The kiosk closed its end: stop, aborting a transfer under way. */
    sync_thread_stop(v.thread);
    free(v.changed);
    sync_express_stop(v.express);
    sync_lookup_stop(v.lookup);
    close(v.wake[0]);
    close(v.wake[1]);
    return 0;
}
