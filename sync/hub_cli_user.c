/*
 * hub_cli_user.c: `aukio-hub user ...`, the console's users from the shell (README.md,
 * "Console"). The password is read from standard input, never from the command line (where
 * `ps` and the shell's history would show it): one line, or, on a terminal, twice without echo.
 * Every change is written to the console's audit log as made by "cli".
 */
#include "hub.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "event.h"
#include "hub_console_auth.h"
#include "hub_store_console.h"
#include "util.h"

static const char *USER_USAGE =
    "usage: aukio-hub user add NAME [--role coordinator|library] [--venue VENUE]... [--db FILE]\n"
    "       aukio-hub user list | user remove NAME | user passwd NAME   [--db FILE]\n"
    "The password is read from standard input (on a terminal: asked twice, not shown).\n"
    "A library user needs at least one --venue (a venue's id or name, as the kiosk's `venue`).\n";

bool hub_cli_user_wanted(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--csv") == 0 || strcmp(argv[i], "--excel") == 0) continue;
        if (strncmp(argv[i], "--", 2) == 0) {
            i++;
            continue;
        }
        return strcmp(argv[i], "user") == 0;
    }
    return false;
}

typedef struct {
    const char *db;
    const char *pos[3];
    int n_pos;
    HubRole role;
    const char *venues[HUB_USER_VENUES_MAX];
    int n_venues;
    bool role_given;
} UserArgs;

static int user_args(UserArgs *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->db = getenv("AUKIO_HUB_DB");
    if (!a->db || !*a->db) a->db = "aukio-hub.db";
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (strncmp(s, "--", 2) != 0) {
            if (a->n_pos == 3) return fprintf(stderr, "aukio-hub: too many arguments\n"), -1;
            a->pos[a->n_pos++] = s;
            continue;
        }
        const char *v = i + 1 < argc ? argv[++i] : NULL;
        if (!v) return fprintf(stderr, "aukio-hub: %s needs a value\n", s), -1;
        if (strcmp(s, "--db") == 0) {
            a->db = v;
        } else if (strcmp(s, "--role") == 0) {
            if (strcmp(v, "coordinator") != 0 && strcmp(v, "library") != 0)
                return fprintf(stderr, "aukio-hub: --role coordinator or --role library\n"), -1;
            a->role = strcmp(v, "library") == 0 ? HUB_ROLE_LIBRARY : HUB_ROLE_COORDINATOR;
            a->role_given = true;
        } else if (strcmp(s, "--venue") == 0) {
            if (!hub_user_venue_ok(v))
                return fprintf(stderr,
                               "aukio-hub: --venue: 1 to %d bytes of text without control "
                               "characters\n",
                               HUB_USER_VENUE_MAX),
                       -1;
            if (a->n_venues == HUB_USER_VENUES_MAX)
                return fprintf(stderr, "aukio-hub: at most %d venues\n", HUB_USER_VENUES_MAX), -1;
            a->venues[a->n_venues++] = v;
        } else {
            return fprintf(stderr, "aukio-hub: unknown option %s\n", s), -1;
        }
    }
    return 0;
}

/* One line of standard input into BUF (without its line end); on a terminal with PROMPT shown on
 * stderr and echo off. */
static int read_line(const char *prompt, char *buf, size_t size, char *err, size_t n)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty && tcgetattr(STDIN_FILENO, &old) == 0) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        fputs(prompt, stderr);
        fflush(stderr);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    } else {
        tty = false;
    }
    bool got = fgets(buf, (int)size, stdin) != NULL;
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!got) return err_set(err, n, "no password on standard input");
    size_t len = strlen(buf);
    if (len == size - 1 && buf[len - 1] != '\n')
        return err_set(err, n, "a password has at most %d bytes", HUB_PASSWORD_MAX);
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        buf[--len] = '\0';
    return AUKIO_OK;
}

/* The new password from standard input, checked and hashed into HASH. */
static int new_password(char hash[HUB_PW_HASH_MAX], char *err, size_t n)
{
    char pw[HUB_PASSWORD_MAX + 2], again[HUB_PASSWORD_MAX + 2];
    int rc = read_line("Password: ", pw, sizeof pw, err, n);
    if (rc == AUKIO_OK && isatty(STDIN_FILENO)) {
        rc = read_line("Again: ", again, sizeof again, err, n);
        if (rc == AUKIO_OK && strcmp(pw, again) != 0)
            rc = err_set(err, n, "the two passwords differ; nothing was changed");
    }
    if (rc == AUKIO_OK) rc = hub_password_check(pw, err, n);
    if (rc == AUKIO_OK) rc = hub_password_hash(pw, hash, err, n);
    sodium_memzero(pw, sizeof pw);
    sodium_memzero(again, sizeof again);
    return rc;
}

static int on_user(void *ud, const HubUserRow *r)
{
    int64_t now = *(const int64_t *)ud;
    char last[32] = "never";
    if (r->last_login > 0) event_format_time(r->last_login, last, sizeof last);
    printf("%s  %s", r->name, r->role == HUB_ROLE_LIBRARY ? "library" : "coordinator");
    if (*r->venues) printf("  venues: %s", r->venues);
    printf("  last sign-in %s  sessions %d", last, r->sessions);
    if (r->locked_until > now)
        printf("  LOCKED for %lld min", (long long)((r->locked_until - now + 59) / 60));
    fputc('\n', stdout);
    return 0;
}

static int user_command(HubStore *st, const UserArgs *a, char *err, size_t n)
{
    const HubConsoleStore *cs = st->console;
    const char *sub = a->n_pos > 1 ? a->pos[1] : "";
    HubActor by = {"cli", now_s()};
    if (strcmp(sub, "list") == 0 && a->n_pos == 2)
        return cs->user_list(st, on_user, &by.now, err, n);
    if (a->n_pos != 3) return err_set(err, n, "%s", USER_USAGE);
    const char *name = a->pos[2];
    if (!hub_user_name_ok(name))
        return err_set(err, n, "a user name has 1 to %d letters, digits or '.-_@'",
                       HUB_USER_NAME_MAX);
    if (strcmp(sub, "remove") == 0) {
        int rc = cs->user_remove(st, name, &by, err, n);
        if (rc == AUKIO_OK) printf("removed user %s (signed out everywhere)\n", name);
        return rc;
    }
    if (strcmp(sub, "add") != 0 && strcmp(sub, "passwd") != 0)
        return err_set(err, n, "%s", USER_USAGE);
    bool add = strcmp(sub, "add") == 0;
    if (add && a->role == HUB_ROLE_LIBRARY && a->n_venues == 0)
        return err_set(err, n, "a library user needs --venue VENUE (its events and kiosks)");
    if (add && a->role == HUB_ROLE_COORDINATOR && a->n_venues > 0)
        return err_set(err, n, "a coordinator sees every venue: --venue goes with --role library");
    if (!add && (a->role_given || a->n_venues > 0))
        return err_set(err, n, "user passwd NAME takes no --role or --venue");
    HubUser u;
    if (!add && cs->user_get(st, name, 0, &u, err, n) != AUKIO_OK) return AUKIO_ERR_NOT_FOUND;
    char hash[HUB_PW_HASH_MAX];
    if (new_password(hash, err, n) != AUKIO_OK) return AUKIO_ERR_INVALID;
    by.now = now_s();
    int rc = add ? cs->user_add(st, name, a->role, a->venues, a->n_venues, hash, &by, err, n)
                 : cs->user_passwd(st, name, hash, &by, err, n);
    sodium_memzero(hash, sizeof hash);
    if (rc == AUKIO_OK)
        printf(add ? "added user %s\n" : "new password for %s (signed out everywhere)\n", name);
    return rc;
}

int hub_cli_user_main(int argc, char **argv)
{
    UserArgs a;
    if (user_args(&a, argc, argv) != 0) {
        fputs(USER_USAGE, stderr);
        return 2;
    }
    char err[1024];
    HubStore *st = NULL;
    if (hub_store_sqlite_open(&st, a.db, err, sizeof err) != AUKIO_OK) {
        fprintf(stderr, "aukio-hub: %s\n", err);
        return 1;
    }
    int rc = user_command(st, &a, err, sizeof err);
    st->close(st);
    if (rc != AUKIO_OK) {
        size_t len = strlen(err);
        fprintf(stderr, "aukio-hub: %s%s", err, len > 0 && err[len - 1] == '\n' ? "" : "\n");
        return rc == AUKIO_ERR_INVALID ? 3 : 1;
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
