/*
 * floor_mhd.c: the floor bench_hub measures the hub's "nothing new" pulls against (issue 12,
 * target 5): libmicrohttpd with the hub's daemon flags and thread pool (hub_http.c), answering
 * every request with a fixed 200 and the body of an empty page, and nothing else (no routing,
 * no authentication, no store).
 *
 * Usage: floor_mhd THREADS PORT_FILE   listens on 127.0.0.1 (port 0), writes the port to
 *                                      PORT_FILE, serves until SIGTERM or SIGINT.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>

static const char BODY[] = "{\"changes\":[],\"cursor\":\"floor\",\"more\":false,\"reset\":false}";

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *data,
                                  size_t *size, void **state)
{
    (void)cls, (void)url, (void)method, (void)version, (void)data;
    /* The first call only sees the headers; answering then would close the connection (MHD
     * cannot know the request's body was read), so answer on the next, as the hub does. */
    static int seen;
    if (!*state) {
        *state = &seen;
        return MHD_YES;
    }
    if (*size) {
        *size = 0;
        return MHD_YES;
    }
    struct MHD_Response *r =
        MHD_create_response_from_buffer(sizeof BODY - 1, (void *)BODY, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result rc = MHD_queue_response(conn, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return rc;
}

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: floor_mhd THREADS PORT_FILE\n");
        return 2;
    }
    unsigned threads = (unsigned)strtoul(argv[1], NULL, 10);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL,
        on_request, NULL, MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_THREAD_POOL_SIZE,
        threads ? threads : 1, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "floor_mhd: cannot listen on 127.0.0.1\n");
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    FILE *f = fopen(argv[2], "w");
    if (!f || fprintf(f, "%u\n", info ? info->port : 0) < 0 || fclose(f) != 0) {
        fprintf(stderr, "floor_mhd: cannot write %s\n", argv[2]);
        MHD_stop_daemon(d);
        return 1;
    }
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    while (!g_stop)
        pause();
    MHD_stop_daemon(d);
    return 0;
}
