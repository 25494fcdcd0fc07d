/*
 * client_main.c: aukio-sync, the kiosk's sync helper (README, "Processes"). Every use of the
 * network is here, so that the UI process, aukio, links no libcurl and no TLS stack:
 *   aukio-sync [--config FILE] [--db FILE] serve [--no-rounds]   what the kiosk starts (fd 3)
 *   aukio-sync [--config FILE] [--db FILE] [--now TIME] sync --once
 *   aukio-sync --config FILE enrol URL TOKEN|-      (-: the token on standard input)
 *   aukio-sync --config FILE [--db FILE] [--now TIME] bundle export FILE | bundle import FILE
 *   aukio-sync [--db FILE] [--now TIME] bundle-apply FILE     the staff screen's import
 *   aukio-sync [--config FILE] [--db FILE] [--now TIME] import FILE    Linked Events or .ics
 * `aukio sync`, `aukio enrol`, `aukio bundle` and `aukio import` run this program with the same
 * arguments. The importer is here for libical: the UI program loads it only for a calendar QR
 * code, and never the importer's part of it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "client_cli.h"
#include "device_token.h"
#include "util.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: aukio-sync [--config FILE] [--db FILE] serve [--no-rounds]\n"
            "       aukio-sync [--config FILE] [--db FILE] [--now TIME] sync --once\n"
            "       aukio-sync --config FILE enrol URL TOKEN|-   (-: TOKEN on standard input)\n"
            "       aukio-sync --config FILE [--db FILE] [--now TIME] bundle export|import FILE\n"
            "       aukio-sync [--db FILE] [--now TIME] bundle-apply FILE < TOKEN\n"
            "       aukio-sync [--config FILE] [--db FILE] [--now TIME] import FILE\n"
            "The kiosk's sync helper: aukio starts `serve` and supervises it, and hands\n"
            "`aukio sync`, `aukio enrol`, `aukio bundle` and `aukio import` over to it\n"
            "(README.md, \"Processes\").\n");
}

/* The command CMD with its N arguments ARGS, on the store of C at NOW. */
static int run(Config *c, const char *config, const char *cmd, char *const *args, int n,
               int64_t now)
{
    if (strcmp(cmd, "enrol") == 0 && n == 2) {
        /* "-": the token's line from standard input (staff's screen), off the command line. */
        char line[256] = "";
        const char *token = args[1];
        if (strcmp(token, "-") == 0) {
            if (!fgets(line, sizeof line, stdin)) line[0] = '\0';
            line[strcspn(line, "\r\n")] = '\0';
            token = line;
        }
        int rc = device_token_enrol(c, sync_cli_hub(c), config, args[0], token);
        sodium_memzero(line, sizeof line);
        return rc;
    }
    if (strcmp(cmd, "serve") == 0 && (n == 0 || (n == 1 && strcmp(args[0], "--no-rounds") == 0)))
        return sync_cli_serve(c, 3, n == 0);
    bool once = strcmp(cmd, "sync") == 0 && n == 1 && strcmp(args[0], "--once") == 0;
    bool apply = strcmp(cmd, "bundle-apply") == 0 && n == 1;
    bool import = strcmp(cmd, "import") == 0 && n == 1;
    if (!once && !apply && !import && strcmp(cmd, "bundle") != 0) {
        usage(stderr);
        return 2;
    }
    Store *s = NULL;
    char err[512];
    if (store_open(&s, c->database, err, sizeof err) != 0) {
        fprintf(stderr, "aukio: %s\n", err);
        return 1;
    }
    store_set_escrow(s, c->hub_url[0] != '\0');
    int rc = once     ? sync_cli_once(s, c, now)
             : apply  ? sync_cli_bundle_apply(s, args[0], now)
             : import ? sync_cli_import(s, args[0], now)
                      : sync_cli_bundle(s, c, args, n, now);
    store_close(s);
    return rc;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'}, {"db", required_argument, NULL, 'd'},
        {"now", required_argument, NULL, 'n'},    {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'v'},      {NULL, 0, NULL, 0},
    };
    const char *config = NULL, *db = NULL, *now_arg = NULL;
    int o;
    while ((o = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (o == 'c')
            config = optarg;
        else if (o == 'd')
            db = optarg;
        else if (o == 'n')
            now_arg = optarg;
        else if (o == 'v') {
            printf("aukio-sync %s\n", AUKIO_VERSION);
            return 0;
        } else {
            usage(o == 'h' ? stdout : stderr);
            return o == 'h' ? 0 : 2;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return 2;
    }
    Config c;
    char err[512];
    config_defaults(&c);
    if (config && config_load(&c, config, err, sizeof err) != 0) {
        fprintf(stderr, "aukio: %s\n", err);
        return 2;
    }
    if (db) snprintf(c.database, sizeof c.database, "%s", db);
    if (device_token_load(&c, config, err, sizeof err) != AUKIO_OK) {
        fprintf(stderr, "aukio: %s\n", err);
        return 2;
    }
    setenv("TZ", c.timezone, 1);
    tzset();
    int64_t now = now_s();
    if (now_arg && event_parse_time(now_arg, &now) != 0) {
        fprintf(stderr, "aukio: --now: not an ISO 8601 time: %s\n", now_arg);
        return 2;
    }
    return run(&c, config, argv[optind], argv + optind + 1, argc - optind - 1, now);
}
