/*
 * hub_cli.c: the aukio-hub command line. Each command opens the store, does one thing, closes it.
 * Commands other than `serve` may run while a hub serves the same database (SQLite WAL).
 */
#include "hub.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sodium.h>

#include "csv.h"
#include "event.h"
#include "event_import.h"
#include "hub_bundle.h"
#include "hub_fetch.h"
#include "hub_import.h"
#include "hub_report.h"
#include "hub_source.h"
#include "hub_store_console.h"

#define ENROL_TOKEN_DAYS 7

static const char *USAGE =
    "usage: aukio-hub COMMAND [--db FILE] ...\n"
    "\n"
    "  serve --listen ADDR:PORT [--cert FILE --key FILE] [--threads N] [--port-file FILE]\n"
    "        [--grant-ttl SECONDS] [--grant-max SEATS]\n"
    "        [--max-connections N] [--per-address N] [--header-timeout SECONDS]\n"
    "        [--request-timeout SECONDS] [--idle-timeout SECONDS] [--page-bytes KIB]\n"
    "        [--max-writers N] [--device-rate N] [--device-burst N] [--access-log]\n"
    "                              (limits and defaults: README.md, \"Limits the hub enforces\")\n"
    "        [--smtp smtp://HOST:PORT|smtps://HOST:PORT --mail-from ADDRESS\n"
    "         [--smtp-user USER --smtp-password-file FILE]]\n"
    "                              mail to visitors (README.md, \"Mail to visitors\")\n"
    "        [--console-dir DIR] [--console-idle MINUTES]\n"
    "                              the console under /console/ (README.md, \"Console\")\n"
    "  device add NAME [--venue VENUE]\n"
    "                         print a one-time enrolment token for a new kiosk (at VENUE: the\n"
    "                         console's library users of that venue see it)\n"
    "  device list\n"
    "  device revoke NAME\n"
    "  device release NAME    give back the seats held in the device's grants (a lost kiosk)\n"
    "  event import FILE [--timezone ZONE]\n"
    "                         Linked Events JSON or iCalendar, in one transaction\n"
    "  event list\n"
    "  event cancel ID\n"
    "  event delete ID\n"
    "  signups EVENT_ID [--csv|--excel]\n"
    "  source add NAME URL --kind ics|linkedevents [--every MINUTES] [--venue NAME]\n"
    "         [--timezone ZONE] [--topic KEYWORD=TOPIC]...\n"
    "  source list | source remove NAME\n"
    "  source fetch NAME      fetch and import it now (serve does it every MINUTES)\n"
    "  source import NAME FILE  the same from a file (README.md, \"Sources\")\n"
    "  signup cancel CODE [--device NAME]\n"
    "                         cancel a sign-up by its confirmation code (the people waiting\n"
    "                         move up; its kiosk hears of it at its next pull)\n"
    "  feedback [--csv|--excel]   --excel: CSV for Finnish Excel (';', BOM, local times)\n"
    "  bundle import FILE     apply a kiosk's offline bundle (its outbox, MAC-checked; every op\n"
    "                         exactly once, as over the network)\n"
    "  bundle export --device NAME FILE\n"
    "                         the catalogue and new grants for a kiosk with no network\n"
    "                         (README.md, \"Offline bundles\"); name FILE\n"
    "                         aukio-catalogue-NAME-YYYY-MM-DD-HHMM.json on the stick, and the\n"
    "                         kiosk's \"Import from the coordinator\" finds it\n"
    "  user add NAME [--role coordinator|library] [--venue VENUE]...\n"
    "  user list | user remove NAME | user passwd NAME\n"
    "                         the console's users; the password from standard input\n"
    "                         (README.md, \"Console\")\n"
    "  check                  verify seat counters and the escrow invariant\n"
    "  mail                   count the mail outbox's messages by state\n"
    "  compact                forget deleted events (older cursors get 410)\n"
    "  backup FILE            a consistent copy of the database, mode 0600, taken while\n"
    "                         serve runs (SQLite's online backup; README.md, \"Backup\")\n"
    "  restore FILE           put a backup in place of the database of a STOPPED hub:\n"
    "                         checked first, then under a new epoch (kiosks re-pull)\n"
    "\n"
    "The database is --db FILE, else $AUKIO_HUB_DB, else aukio-hub.db.\n";

typedef struct {
    const char *db;
    const char *pos[4];
    int n_pos;
    bool csv;
    bool excel;         /* --excel: CSV for Finnish Excel (csv.h) */
    const char *device; /* signup cancel --device */
    const char *password_file;
    const char *kind, *venue;               /* source add */
    const char *timezone;                   /* source add, event import */
    char topics[HUB_SOURCE_TOPICS_MAX + 1]; /* source add: the --topic pairs joined by ',' */
    bool topics_over;
    int every;
    HubServerConfig serve;
} Args;

static int parse_int_opt(const char *name, const char *v, long min, long max, int *out)
{
    long x;
    if (!v || parse_long(v, min, max, &x) != 0) {
        fprintf(stderr, "aukio-hub: %s: an integer from %ld to %ld expected\n", name, min, max);
        return -1;
    }
    *out = (int)x;
    return 0;
}

static int parse_args(Args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    hub_server_config_defaults(&a->serve);
    a->serve.listen = NULL;
    a->db = getenv("AUKIO_HUB_DB");
    if (!a->db || !*a->db) a->db = "aukio-hub.db";
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int rc = 0;
        if (strcmp(s, "--access-log") == 0) {
            a->serve.access_log = true;
            continue;
        }
        if (strcmp(s, "--csv") == 0 || strcmp(s, "--excel") == 0) {
            a->csv = true;
            a->excel |= strcmp(s, "--excel") == 0;
            continue;
        }
        if (strncmp(s, "--", 2) != 0) {
            if (a->n_pos == 4) {
                fprintf(stderr, "aukio-hub: too many arguments\n");
                return -1;
            }
            a->pos[a->n_pos++] = s;
            continue;
        }
        if (!v) {
            fprintf(stderr, "aukio-hub: %s needs a value\n", s);
            return -1;
        }
        i++;
        if (strcmp(s, "--db") == 0)
            a->db = v;
        else if (strcmp(s, "--kind") == 0)
            a->kind = v;
        else if (strcmp(s, "--venue") == 0)
            a->venue = v;
        else if (strcmp(s, "--timezone") == 0)
            a->timezone = v;
        else if (strcmp(s, "--topic") == 0) {
            size_t have = strlen(a->topics);
            if (have + 1 + strlen(v) > HUB_SOURCE_TOPICS_MAX)
                a->topics_over = true;
            else
                snprintf(a->topics + have, sizeof a->topics - have, "%s%s", have ? "," : "", v);
        } else if (strcmp(s, "--every") == 0)
            rc = parse_int_opt(s, v, 1, 7 * 24 * 60, &a->every);
        else if (strcmp(s, "--device") == 0)
            a->device = v;
        else if (strcmp(s, "--listen") == 0)
            a->serve.listen = v;
        else if (strcmp(s, "--cert") == 0)
            a->serve.cert_file = v;
        else if (strcmp(s, "--key") == 0)
            a->serve.key_file = v;
        else if (strcmp(s, "--port-file") == 0)
            a->serve.port_file = v;
        else if (strcmp(s, "--threads") == 0)
            rc = parse_int_opt(s, v, 1, 64, &a->serve.threads);
        else if (strcmp(s, "--max-writers") == 0)
            rc = parse_int_opt(s, v, 1, 100000, &a->serve.max_writers);
        else if (strcmp(s, "--max-connections") == 0)
            rc = parse_int_opt(s, v, 1, 100000, &a->serve.conns.max_conns);
        else if (strcmp(s, "--per-address") == 0)
            rc = parse_int_opt(s, v, 1, 100000, &a->serve.conns.per_address);
        else if (strcmp(s, "--header-timeout") == 0)
            rc = parse_int_opt(s, v, 1, 3600, &a->serve.conns.header_timeout_s);
        else if (strcmp(s, "--request-timeout") == 0)
            rc = parse_int_opt(s, v, 1, 3600, &a->serve.conns.request_timeout_s);
        else if (strcmp(s, "--idle-timeout") == 0)
            rc = parse_int_opt(s, v, 1, 3600, &a->serve.idle_timeout_s);
        else if (strcmp(s, "--page-bytes") == 0) {
            int kib = 0;
            rc = parse_int_opt("--page-bytes (KiB)", v, 64, 16 * 1024, &kib);
            a->serve.page_bytes = (size_t)kib * 1024;
        } else if (strcmp(s, "--grant-ttl") == 0)
            rc = parse_int_opt(s, v, 1, 7 * 86400, &a->serve.policy.grant_ttl_s);
        else if (strcmp(s, "--grant-grace") == 0)
            rc = parse_int_opt(s, v, 0, 30 * 86400, &a->serve.policy.grant_grace_s);
        else if (strcmp(s, "--device-rate") == 0)
            rc = parse_int_opt(s, v, 0, 100000, &a->serve.device_rate);
        else if (strcmp(s, "--device-burst") == 0)
            rc = parse_int_opt(s, v, 1, 100000, &a->serve.device_burst);
        else if (strcmp(s, "--smtp") == 0)
            a->serve.mail.smtp_url = v;
        else if (strcmp(s, "--smtp-user") == 0)
            a->serve.mail.user = v;
        else if (strcmp(s, "--smtp-password-file") == 0)
            a->password_file = v;
        else if (strcmp(s, "--mail-from") == 0)
            a->serve.mail.from = v;
        else if (strcmp(s, "--console-dir") == 0)
            a->serve.console_dir = v;
        else if (strcmp(s, "--console-idle") == 0) {
            int min = 0;
            rc = parse_int_opt(s, v, 1, 24 * 60, &min);
            a->serve.console_idle_s = min * 60;
        } else if (strcmp(s, "--grant-max") == 0)
            rc = parse_int_opt(s, v, 1, 1000, &a->serve.policy.grant_max);
        else {
            fprintf(stderr, "aukio-hub: unknown option %s\n", s);
            return -1;
        }
        if (rc != 0) return -1;
    }
    return 0;
}

/* ---- serve's mail options ------------------------------------------------------------------ */

/* Checks serve's mail options and reads the password file once (*PASSWORD, caller wipes and
 * frees). The password is never printed; neither are the file's contents. */
static int mail_options(Args *a, char **password, char *err, size_t n)
{
    HubMailConfig *m = &a->serve.mail;
    *password = NULL;
    const char *bs = getenv("AUKIO_HUB_MAIL_BACKOFF_S");
    long backoff = 60;
    if (bs && *bs && parse_long(bs, 1, 3600, &backoff) != 0)
        return err_set(err, n, "AUKIO_HUB_MAIL_BACKOFF_S: seconds from 1 to 3600 expected");
    m->backoff_s = (int)backoff;
    m->give_up_s = 3 * 86400;
    if (!m->smtp_url) {
        if (m->from || m->user || a->password_file)
            return err_set(err, n, "--mail-from, --smtp-user and --smtp-password-file need --smtp");
        return AUKIO_OK;
    }
    if (hub_mailer_check_url(m->smtp_url, err, n) != AUKIO_OK) return AUKIO_ERR;
    if (!m->from) return err_set(err, n, "--smtp needs --mail-from ADDRESS");
    if (!hub_mail_address_ok(m->from))
        return err_set(err, n, "--mail-from: not a plain email address (name@example.fi)");
    if (!m->user != !a->password_file)
        return err_set(err, n, "--smtp-user and --smtp-password-file go together");
    if (!a->password_file) return AUKIO_OK;
    struct stat stt;
    char *text = NULL;
    size_t len = 0;
    char why[512];
    if (file_read_stat(a->password_file, 4096, false, &text, &len, &stt, why, sizeof why) !=
        AUKIO_OK)
        return err_set(err, n, "--smtp-password-file: %s", why);
    if (stt.st_mode & 077) {
        sodium_memzero(text, len);
        free(text);
        return err_set(err, n,
                       "--smtp-password-file: mode %03o lets others read it; chmod 600 the file",
                       (unsigned)(stt.st_mode & 0777));
    }
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
        text[--len] = '\0';
    if (len == 0 || memchr(text, '\0', len)) {
        free(text);
        return err_set(err, n, "--smtp-password-file: empty, or not one line of text");
    }
    *password = text;
    m->password = text;
    return AUKIO_OK;
}

static void password_free(char *p)
{
    if (!p) return;
    sodium_memzero(p, strlen(p));
    free(p);
}

/* ---- Output helpers ----------------------------------------------------------------------- */

/* T as ISO 8601 UTC, "" when unknown (0). */
static void utc_or_blank(int64_t t, char *buf, size_t n)
{
    if (t <= 0 || n < 21)
        buf[0] = '\0';
    else
        event_format_time(t, buf, n);
}

static void put_time(FILE *out, int64_t t)
{
    char buf[32];
    utc_or_blank(t, buf, sizeof buf);
    fputs(*buf ? buf : "-", out);
}

/* ---- device ------------------------------------------------------------------------------- */

static int on_device(void *ud, const HubDeviceRow *r)
{
    (void)ud;
    hub_put_plain(stdout, r->name);
    fputs("  ", stdout);
    if (r->revoked_at)
        fputs("revoked", stdout);
    else if (r->enrol_pending)
        fputs("awaiting-enrolment", stdout);
    else if (r->enrolled_at)
        fputs("enrolled", stdout);
    else
        fputs("not-enrolled", stdout);
    fputs("  last seen ", stdout);
    put_time(stdout, r->last_seen);
    fputc('\n', stdout);
    return 0;
}

static int cmd_device(HubStore *st, Args *a, char *err, size_t n)
{
    const char *sub = a->n_pos > 1 ? a->pos[1] : "";
    if (strcmp(sub, "list") == 0) return st->device_list(st, on_device, NULL, err, n);
    if (a->n_pos != 3 ||
        (strcmp(sub, "add") != 0 && strcmp(sub, "revoke") != 0 && strcmp(sub, "release") != 0)) {
        snprintf(err, n,
                 "device add NAME | device list | device revoke NAME | device release NAME");
        return AUKIO_ERR;
    }
    const char *name = a->pos[2];
    if (strcmp(sub, "release") == 0) {
        int grants = 0, seats = 0;
        int rc = st->device_release(st, name, now_s(), &grants, &seats, err, n);
        if (rc == AUKIO_OK)
            printf("released %d seat(s) in %d grant(s) of %s\n", seats, grants, name);
        return rc;
    }
    if (strcmp(sub, "revoke") == 0) {
        int rc = st->device_revoke(st, name, now_s(), err, n);
        if (rc == AUKIO_OK) printf("revoked %s\n", name);
        return rc;
    }
    if (!*name || strlen(name) > 100) {
        snprintf(err, n, "a device name has 1 to 100 bytes");
        return AUKIO_ERR;
    }
    char token[HUB_TOKEN_BUF];
    uint8_t hash[HUB_HASH_LEN];
    hub_token_new("aue_", token);
    hub_token_hash(token, hash);
    int64_t now = now_s();
    int rc;
    if (a->venue) {
        /* A kiosk at a venue: the console's library users of that venue see it (README.md,
         * "Console"); the audit log records who added it. */
        if (!*a->venue || strlen(a->venue) > HUB_USER_VENUE_MAX)
            return err_set(err, n, "--venue: 1 to %d bytes", HUB_USER_VENUE_MAX);
        HubActor by = {"cli", now};
        rc = st->console->device_add(st, name, a->venue, hash, now + ENROL_TOKEN_DAYS * 86400, &by,
                                     err, n);
    } else {
        rc = st->device_add(st, name, hash, now, now + ENROL_TOKEN_DAYS * 86400, err, n);
    }
    if (rc != AUKIO_OK) return rc;
    /* The token itself is shown once and never stored. */
    printf("%s\n", token);
    fprintf(stderr,
            "Enrolment token for %s printed above; valid once, for %d days. On the kiosk run:\n"
            "  aukio enrol HUB_URL TOKEN\n",
            name, ENROL_TOKEN_DAYS);
    return AUKIO_OK;
}

/* Whether ZONE is an IANA zone libical knows (its times are converted with libical's zoneinfo). */
static int zone_check(const char *zone, char *err, size_t n)
{
    int64_t t;
    if (event_parse_time_in("2026-01-01T12:00:00", zone, &t) != 0)
        return err_set(err, n,
                       "--timezone: \"%.60s\" is no time zone libical knows "
                       "(an IANA name such as Europe/Helsinki)",
                       zone);
    return AUKIO_OK;
}

/* ---- event -------------------------------------------------------------------------------- */

static int event_import(HubStore *st, const char *path, const char *zone, char *err, size_t n)
{
    if (zone && zone_check(zone, err, n) != AUKIO_OK) return AUKIO_ERR_INVALID;
    char *text = NULL;
    size_t len = 0;
    if (file_read(path, HUB_IMPORT_MAX, &text, &len, err, n) != AUKIO_OK) return AUKIO_ERR;
    char source[40];
    Event *evs = NULL;
    int n_evs = 0;
    HubImportStats stats;
    HubImportOptions opt = {.source = event_import_source(path, source, sizeof source),
                            .zone = zone};
    int rc = hub_import_parse(text, len, path, &opt, stdout, stderr, &evs, &n_evs, &stats, err, n);
    free(text);
    if (rc != 0) return AUKIO_ERR_INVALID;
    rc = hub_import_events(st, evs, n_evs, NULL, path, NULL, NULL, err, n);
    if (rc == AUKIO_OK) printf("imported %d event(s) from %s\n", n_evs, path);
    hub_import_events_free(evs, n_evs);
    return rc;
}

static int event_cancel(HubStore *st, const char *id, char *err, size_t n)
{
    int rc = hub_import_cancel(st, id, err, n);
    if (rc == AUKIO_OK) printf("cancelled %s\n", id);
    return rc;
}

static int on_event(void *ud, const HubEventRow *r)
{
    (void)ud;
    put_time(stdout, r->start_time);
    fputs("  ", stdout);
    hub_put_plain(stdout, r->id);
    printf("  %s  seq %" PRId64 "  capacity %d  confirmed %d  held %d  reserved %d"
           "  waitlisted %d (%d)\n",
           r->state, r->seq, r->capacity, r->confirmed, r->held, r->reserved, r->waitlisted,
           r->waitlisted_count);
    return 0;
}

static int cmd_event(HubStore *st, Args *a, char *err, size_t n)
{
    const char *sub = a->n_pos > 1 ? a->pos[1] : "";
    if (strcmp(sub, "list") == 0 && a->n_pos == 2)
        return st->event_list(st, on_event, NULL, err, n);
    if (a->n_pos == 3 && strcmp(sub, "import") == 0)
        return event_import(st, a->pos[2], a->timezone, err, n);
    if (a->n_pos == 3 && strcmp(sub, "cancel") == 0) return event_cancel(st, a->pos[2], err, n);
    if (a->n_pos == 3 && strcmp(sub, "delete") == 0) {
        int rc = st->event_delete(st, a->pos[2], err, n);
        if (rc == AUKIO_OK) printf("deleted %s\n", a->pos[2]);
        return rc;
    }
    snprintf(err, n, "event import FILE | event list | event cancel ID | event delete ID");
    return AUKIO_ERR;
}

/* ---- source ------------------------------------------------------------------------------ */

static const char *kind_name(HubSourceKind k)
{
    return k == HUB_SOURCE_LINKEDEVENTS ? "linkedevents" : "ics";
}

static int on_source(void *ud, const HubSourceRow *r)
{
    (void)ud;
    hub_put_plain(stdout, r->name);
    printf("  %s  every %d min  ", kind_name(r->kind), r->every_min);
    hub_put_plain(stdout, r->url);
    if (*r->venue) {
        fputs("  venue ", stdout);
        hub_put_plain(stdout, r->venue);
    }
    printf("\n    times in %s", *r->timezone ? r->timezone : "Europe/Helsinki");
    if (*r->topics) {
        fputs("  topics ", stdout);
        hub_put_plain(stdout, r->topics);
    }
    fputs("\n    last fetch ", stdout);
    put_time(stdout, r->tried_at);
    fputs(r->tried_at == 0 ? "" : r->ok ? "  ok: " : "  FAILED: ", stdout);
    hub_put_plain(stdout, r->result);
    printf("\n    events %d  skipped %d  removed %d  last success ", r->n_read, r->n_skipped,
           r->n_removed);
    put_time(stdout, r->ok_at);
    fputc('\n', stdout);
    if (!r->ok && r->failures > 0) {
        /* One sentence a coordinator can act on. */
        printf("    It has failed %d time%s in a row, last because: ", r->failures,
               r->failures == 1 ? "" : "s");
        hub_put_plain(stdout, r->result);
        fputs(". The next try is at ", stdout);
        put_time(stdout, r->retry_at);
        fputs(" (each failure doubles the wait; a success resets it).\n", stdout);
    }
    return 0;
}

static int source_add(HubStore *st, const Args *a, char *err, size_t n)
{
    HubSourceKind kind;
    if (a->kind && strcmp(a->kind, "ics") == 0)
        kind = HUB_SOURCE_ICS;
    else if (a->kind && strcmp(a->kind, "linkedevents") == 0)
        kind = HUB_SOURCE_LINKEDEVENTS;
    else
        return err_set(err, n, "--kind ics or --kind linkedevents");
    if (a->topics_over)
        return err_set(err, n, "--topic: at most %d bytes together", HUB_SOURCE_TOPICS_MAX);
    HubSourceRow in = {.name = a->pos[2],
                       .url = a->pos[3],
                       .kind = kind,
                       .every_min = a->every ? a->every : 60,
                       .venue = a->venue,
                       .timezone = a->timezone,
                       .topics = a->topics};
    /* The same checks as the console's (hub_source_check), said as the options are named. */
    const char *field = "";
    char why[512];
    if (hub_source_check(&in, &field, why, sizeof why) != AUKIO_OK) {
        bool option = strcmp(field, "name") != 0 && strcmp(field, "url") != 0;
        snprintf(err, n, "%s%s%s%s", option ? "--" : "", option ? field : "", option ? ": " : "",
                 why);
        return AUKIO_ERR_INVALID;
    }
    int rc = st->source_add(st, &in, now_s(), err, n);
    if (rc == AUKIO_OK) printf("added source %s\n", in.name);
    return rc;
}

static int cmd_source(HubStore *st, const Args *a, char *err, size_t n)
{
    const char *sub = a->n_pos > 1 ? a->pos[1] : "";
    if (strcmp(sub, "list") == 0 && a->n_pos == 2)
        return st->source_list(st, NULL, on_source, NULL, err, n);
    if (strcmp(sub, "add") == 0 && a->n_pos == 4) return source_add(st, a, err, n);
    if (strcmp(sub, "remove") == 0 && a->n_pos == 3) {
        int rc = st->source_remove(st, a->pos[2], err, n);
        if (rc == AUKIO_OK) printf("removed source %s (its events stay)\n", a->pos[2]);
        return rc;
    }
    if (strcmp(sub, "fetch") == 0 && a->n_pos == 3)
        return hub_source_run(st, a->pos[2], NULL, NULL, stdout, err, n);
    if (strcmp(sub, "import") == 0 && a->n_pos == 4)
        return hub_source_run(st, a->pos[2], a->pos[3], NULL, stdout, err, n);
    return err_set(err, n,
                   "source add NAME URL --kind ics|linkedevents [--every MINUTES] [--venue NAME]"
                   " | source list | source remove NAME | source fetch NAME"
                   " | source import NAME FILE");
}

/* ---- signups, feedback -------------------------------------------------------------------- */

/* A report on stdout: a table for people, or CSV through the shared writer (csv.h: quoted, every
 * formula neutralised). */
typedef struct {
    bool csv;
    CsvWriter w;
} Report;

/* Starts REP as A asks, with the CSV header HEAD of N cells. */
static void report_begin(Report *rep, const Args *a, const char *const *head, int n)
{
    rep->csv = a->csv;
    if (!rep->csv) return;
    csv_begin(&rep->w, stdout, a->excel ? CSV_EXCEL : CSV_RFC4180);
    csv_row(&rep->w, head, n);
}

static int on_signup(void *ud, const HubSignupRow *r)
{
    Report *rep = ud;
    if (rep->csv) {
        hub_signup_csv_row(&rep->w, r);
        return 0;
    }
    char status[128];
    hub_signup_status_text(r, status, sizeof status);
    printf("%-8s  %-16s  %3d  ", *r->code ? r->code : "-", status, r->group_size);
    hub_put_plain(stdout, r->name);
    fputs("  ", stdout);
    hub_put_plain(stdout, r->email);
    fputs("  ", stdout);
    hub_put_plain(stdout, r->phone);
    fputs("  ", stdout);
    hub_put_plain(stdout, r->device);
    fputc('\n', stdout);
    return 0;
}

static int on_feedback(void *ud, const HubFeedbackRow *r)
{
    Report *rep = ud;
    char score[8], created[32];
    snprintf(score, sizeof score, "%d", r->score);
    utc_or_blank(r->created_at, created, sizeof created);
    if (rep->csv) {
        csv_text(&rep->w, r->uuid);
        csv_time(&rep->w, r->created_at);
        csv_int(&rep->w, r->score);
        const char *f[] = {r->event_id, r->comment, r->lang, r->device};
        csv_row(&rep->w, f, (int)(sizeof f / sizeof f[0]));
        return 0;
    }
    printf("%s  %s  %-24s  ", created, score, *r->event_id ? r->event_id : "(library)");
    hub_put_plain(stdout, r->comment);
    fputc('\n', stdout);
    return 0;
}

/* ---- signup cancel ---------------------------------------------------------------------- */

static int cmd_signup(HubStore *st, const Args *a, char *err, size_t n)
{
    if (a->n_pos != 3 || strcmp(a->pos[1], "cancel") != 0 || strlen(a->pos[2]) > WIRE_CODE_MAX)
        return err_set(err, n, "signup cancel CODE [--device NAME]");
    int was = 0;
    char event_id[RECORD_EVENT_ID_MAX + 1] = "";
    int rc = st->signup_cancel(st, a->pos[2], a->device, now_s(), &was, event_id, err, n);
    if (rc != AUKIO_OK) return rc;
    if (was == WIRE_SIGNUP_CANCELLED)
        printf("already cancelled: %s (%s)\n", a->pos[2], event_id);
    else
        printf("cancelled: %s (%s, was %s)\n", a->pos[2], event_id,
               wire_signup_state_name((WireSignupState)was));
    return AUKIO_OK;
}

/* ---- mail ---------------------------------------------------------------------------------- */

static int cmd_mail(HubStore *st, char *err, size_t n)
{
    int counts[HUB_MAIL_STATES];
    int rc = st->mail_counts(st, counts, err, n);
    if (rc != AUKIO_OK) return rc;
    for (int i = 0; i < HUB_MAIL_STATES; i++)
        printf("%s %d\n", hub_mail_state_name(i), counts[i]);
    return AUKIO_OK;
}

/* ---- bundle ------------------------------------------------------------------------------- */

/* `bundle import FILE`, `bundle export --device NAME FILE` (hub_bundle.h). */
static int cmd_bundle(HubStore *st, Args *a, char *err, size_t n)
{
    const char *sub = a->n_pos > 1 ? a->pos[1] : "";
    if (strcmp(sub, "import") == 0 && a->n_pos == 3) {
        HubBundleImport r;
        int rc = hub_bundle_import(st, a->pos[2], now_s(), &r, err, n);
        if (rc != AUKIO_OK) {
            char what[256];
            snprintf(what, sizeof what, "%s", err);
            return err_set(err, n, "bundle refused, nothing was changed: %s", what);
        }
        printf("bundle from %s: %d op%s (confirmed %d, waitlisted %d, rejected %d, ok %d); "
               "ops the hub had already are answered as before and change nothing\n",
               r.device, r.ops, r.ops == 1 ? "" : "s", r.confirmed, r.waitlisted, r.rejected, r.ok);
        return AUKIO_OK;
    }
    if (strcmp(sub, "export") == 0 && a->n_pos == 3 && a->device) {
        HubApi api;
        hub_api_init(&api, st, &a->serve.policy, 1, a->serve.page_bytes);
        HubBundleExport r;
        int rc = hub_bundle_export(&api, a->device, a->pos[2], now_s(), &r, err, n);
        if (rc != AUKIO_OK) return rc;
        printf("bundle for %s: %d change%s in %d page%s, %d grant%s (%d seats)\n", a->device,
               r.changes, r.changes == 1 ? "" : "s", r.pages, r.pages == 1 ? "" : "s", r.grants,
               r.grants == 1 ? "" : "s", r.grant_seats);
        return AUKIO_OK;
    }
    return err_set(err, n, "bundle import FILE | bundle export --device NAME FILE");
}

/* ---- main --------------------------------------------------------------------------------- */

int hub_cli_main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            fputs(USAGE, stdout);
            return 0;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("aukio-hub %s\n", AUKIO_VERSION);
            return 0;
        }
    }
    if (hub_cli_user_wanted(argc, argv)) return hub_cli_user_main(argc, argv);
    Args a;
    if (parse_args(&a, argc, argv) != 0) return 2;
    const char *cmd = a.n_pos > 0 ? a.pos[0] : "";
    static const char *cmds[] = {"serve",    "device", "event",   "signups", "signup",
                                 "feedback", "check",  "compact", "mail",    "source",
                                 "bundle",   "backup", "restore"};
    bool known = false;
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        known |= strcmp(cmd, cmds[i]) == 0;
    if (!known) {
        fputs(USAGE, strcmp(cmd, "help") == 0 ? stdout : stderr);
        return strcmp(cmd, "help") == 0 ? 0 : 2;
    }
    if (strcmp(cmd, "serve") == 0 && !a.serve.listen) {
        fprintf(stderr, "aukio-hub: serve needs --listen ADDR:PORT\n");
        return 2;
    }

    char err[1024] = "";
    if (strcmp(cmd, "restore") == 0) {
        /* Before opening the database it replaces: a store open on it would hold its WAL. */
        if (a.n_pos != 2) {
            fprintf(stderr, "aukio-hub: restore FILE\n");
            return 2;
        }
        if (hub_store_sqlite_restore(a.pos[1], a.db, err, sizeof err) != AUKIO_OK) {
            fprintf(stderr, "aukio-hub: restore failed, nothing was changed: %s\n", err);
            return 1;
        }
        printf("restored %s from %s under a new epoch: kiosks take a full snapshot at their next "
               "pull\n",
               a.db, a.pos[1]);
        return 0;
    }
    char *password = NULL;
    if (mail_options(&a, &password, err, sizeof err) != AUKIO_OK) {
        fprintf(stderr, "aukio-hub: %s\n", err);
        return 2;
    }
    HubStore *st = NULL;
    if (hub_store_sqlite_open(&st, a.db, err, sizeof err) != AUKIO_OK) {
        fprintf(stderr, "aukio-hub: %s\n", err);
        password_free(password);
        return 1;
    }
    int rc = AUKIO_OK;
    if (strcmp(cmd, "serve") == 0) {
        rc = hub_serve(st, &a.serve, err, sizeof err) == 0 ? AUKIO_OK : AUKIO_ERR;
    } else if (strcmp(cmd, "device") == 0) {
        rc = cmd_device(st, &a, err, sizeof err);
    } else if (strcmp(cmd, "event") == 0) {
        rc = cmd_event(st, &a, err, sizeof err);
    } else if (strcmp(cmd, "signups") == 0) {
        if (a.n_pos != 2) {
            snprintf(err, sizeof err, "signups EVENT_ID [--csv]");
            rc = AUKIO_ERR;
        } else {
            Report rep;
            report_begin(&rep, &a, HUB_SIGNUP_CSV_HEAD, HUB_SIGNUP_CSV_COLS);
            rc = st->signups(st, a.pos[1], on_signup, &rep, err, sizeof err);
        }
    } else if (strcmp(cmd, "signup") == 0) {
        rc = cmd_signup(st, &a, err, sizeof err);
    } else if (strcmp(cmd, "feedback") == 0) {
        static const char *const HEAD[] = {"uuid",    "created_at", "score", "event_id",
                                           "comment", "lang",       "device"};
        Report rep;
        report_begin(&rep, &a, HEAD, (int)(sizeof HEAD / sizeof HEAD[0]));
        rc = st->feedback(st, on_feedback, &rep, err, sizeof err);
    } else if (strcmp(cmd, "check") == 0) {
        rc = st->check(st, err, sizeof err);
        if (rc == AUKIO_OK) printf("ok\n");
    } else if (strcmp(cmd, "compact") == 0) {
        rc = st->compact(st, err, sizeof err);
        if (rc == AUKIO_OK) printf("compacted\n");
    } else if (strcmp(cmd, "source") == 0) {
        rc = cmd_source(st, &a, err, sizeof err);
    } else if (strcmp(cmd, "mail") == 0) {
        rc = cmd_mail(st, err, sizeof err);
    } else if (strcmp(cmd, "bundle") == 0) {
        rc = cmd_bundle(st, &a, err, sizeof err);
    } else if (strcmp(cmd, "backup") == 0) {
        if (a.n_pos != 2)
            rc = err_set(err, sizeof err, "backup FILE");
        else if ((rc = st->backup(st, a.pos[1], err, sizeof err)) == AUKIO_OK)
            printf("backed up to %s (mode 0600)\n", a.pos[1]);
    }
    st->close(st);
    password_free(password);
    if (rc != AUKIO_OK) {
        fprintf(stderr, "aukio-hub: %s\n", err);
        return rc == AUKIO_ERR_INVALID ? 3 : 1;
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
