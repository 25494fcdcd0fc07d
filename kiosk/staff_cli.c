/*
 * staff_cli.c: `aukio checkin`, `aukio export`, `aukio venue` and `aukio event` (staff_cli.h).
 * `aukio bundle` is aukio-sync's (sync/client_cli.c). Each command is one call into the store
 * (store_staff.h) or the export module; this file reads
 * the arguments and prints the outcome, never a visitor's personal data.
 */
#include "staff_cli.h"

#include <stdio.h>
#include <string.h>

#include "export.h"
#include "spot_cli.h"
#include "store_staff.h"
#include "store_venue.h"
#include "util.h"

/* `aukio checkin CODE [--undo]`. */
static int cmd_checkin(Store *st, char *const *args, int n, int64_t now)
{
    if (n < 1 || n > 2 || (n == 2 && strcmp(args[1], "--undo") != 0)) {
        fprintf(stderr, "usage: aukio checkin CODE [--undo]\n");
        return 2;
    }
    bool attended = n == 1;
    char err[512], code[2 * RECORD_CODE_LEN + 8];
    str_printable(args[0], code, sizeof code);
    AukioRc rc = store_checkin_set(st, args[0], attended, now, err, sizeof err);
    if (rc == AUKIO_ERR_NOT_FOUND) {
        fprintf(stderr, "aukio: no sign-up on this kiosk has the code %s\n", code);
        return 1;
    }
    if (rc != AUKIO_OK) {
        fprintf(stderr, "aukio: %s\n", err);
        return 1;
    }
    printf("%s: %s; the hub is told at the next sync\n", code,
           attended ? "attended" : "not attended");
    return 0;
}

/* `aukio export signups|attendance|feedback [--event ID] [--excel] FILE`. */
static int cmd_export(Store *st, char *const *args, int n)
{
    static const char USAGE[] =
        "usage: aukio export signups|attendance|feedback [--event ID] [--excel] FILE\n";
    int kind = n > 0 ? export_kind_from_name(args[0]) : -1;
    const char *event_id = NULL, *path = NULL;
    CsvDialect dialect = CSV_RFC4180;
    for (int i = 1; kind >= 0 && i < n; i++) {
        if (strcmp(args[i], "--excel") == 0) {
            dialect = CSV_EXCEL;
        } else if (strcmp(args[i], "--event") == 0 && i + 1 < n) {
            event_id = args[++i];
        } else if (strncmp(args[i], "--", 2) != 0 && !path) {
            path = args[i];
        } else {
            kind = -1;
        }
    }
    if (kind < 0 || !path) {
        fputs(USAGE, stderr);
        return 2;
    }
    char err[512], shown[256];
    int rows = 0;
    if (export_to_file(st, (ExportKind)kind, event_id, dialect, path, &rows, err, sizeof err) !=
        AUKIO_OK) {
        fprintf(stderr, "aukio: export failed, nothing was written: %s\n", err);
        return 1;
    }
    printf("exported %d %s row%s (%s) to %s\n", rows, export_kind_name((ExportKind)kind),
           rows == 1 ? "" : "s", dialect == CSV_EXCEL ? "Excel, ';', UTF-8 with BOM" : "RFC 4180",
           str_printable(path, shown, sizeof shown));
    return 0;
}

/* Copies the value of option OPT (ARG) into DST (STORE_VENUE_MAX bytes): false, with why on
 * stderr, when it is too long. */
static bool venue_value(char *dst, const char *opt, const char *arg)
{
    if (strlen(arg) >= STORE_VENUE_MAX) {
        fprintf(stderr,
                "aukio: venue set: %s: at most %d bytes (this is %zu); nothing was changed\n", opt,
                STORE_VENUE_MAX - 1, strlen(arg));
        return false;
    }
    str_copy(dst, STORE_VENUE_MAX, arg);
    return true;
}

/* The options of `venue set` after ARGS[0] into V: 0, 1 for a bad value (said), 2 for usage. */
static int venue_parse(StoreVenue *v, char *const *args, int n)
{
    static const char *const NAME[LANG_COUNT] = {"--name-fi", "--name-sv", "--name-en"};
    static const char *const NOTE[LANG_COUNT] = {"--note-fi", "--note-sv", "--note-en"};
    int i = 1;
    if (i < n && strcmp(args[i], "--popup") == 0) {
        v->popup = true;
        i++;
    } else if (i < n && args[i][0] != '-') {
        if (!venue_value(v->venue, "VENUE", args[i++])) return 1;
    } else {
        return 2;
    }
    for (; i < n; i++) {
        const char *o = args[i];
        bool more = i + 1 < n;
        if (strcmp(o, "--all") == 0) {
            v->show_all = true;
            continue;
        }
        if (!more) return 2;
        if (strcmp(o, "--language") == 0) {
            if (strlen(args[i + 1]) >= sizeof v->language) {
                fprintf(stderr,
                        "aukio: venue set: --language: fi, sv or en, not '%.8s'; "
                        "nothing was changed\n",
                        args[i + 1]);
                return 1;
            }
            str_copy(v->language, sizeof v->language, args[++i]);
            continue;
        }
        bool known = false;
        for (int l = 0; l < LANG_COUNT && v->popup && !known; l++) {
            if (strcmp(o, NAME[l]) == 0) {
                if (!venue_value(v->name[l], o, args[++i])) return 1;
                known = true;
            } else if (strcmp(o, NOTE[l]) == 0) {
                if (!venue_value(v->note[l], o, args[++i])) return 1;
                known = true;
            }
        }
        if (!known && v->popup && strcmp(o, "--note") == 0) {
            for (int l = 0; l < LANG_COUNT; l++)
                if (!venue_value(v->note[l], o, args[i + 1])) return 1;
            i++;
            known = true;
        }
        if (!known) return 2;
    }
    return 0;
}

static int venue_show(Store *st, const Config *cfg)
{
    char err[256], shown[STORE_VENUE_MAX];
    StoreVenue v;
    StoreVenuePlace at;
    if (store_venue_get(st, &v, err, sizeof err) != AUKIO_OK ||
        store_venue_current(st, cfg->venue, &at, err, sizeof err) != AUKIO_OK) {
        fprintf(stderr, "aukio: %s\n", err);
        return 1;
    }
    str_printable(v.set ? v.venue : cfg->venue, shown, sizeof shown);
    printf("venue: %s (%s)\n", shown[0] ? shown : "none",
           v.popup ? "the kiosk's own pop-up venue"
           : v.set ? "set on this kiosk"
                   : "from the config");
    for (int l = 0; v.popup && l < LANG_COUNT; l++) {
        str_printable(at.name[l], shown, sizeof shown);
        printf("name (%s): %s%s\n", lang_code((Lang)l), shown, v.name[l][0] ? "" : " (fallback)");
        str_printable(at.note[l], shown, sizeof shown);
        if (shown[0]) printf("description (%s): %s\n", lang_code((Lang)l), shown);
    }
    printf("list opens on: %s\nlanguage after idle: %s\n",
           v.set && v.show_all ? "every venue" : "this venue",
           v.set && v.language[0] ? v.language : "the config's");
    return 0;
}

/* `aukio venue set VENUE | --popup --name-fi … [--all] [--language fi|sv|en]`, `aukio venue
 * show`, `aukio venue clear`: where the kiosk stands, kept in its store over the config's
 * "venue". */
static int cmd_venue(Store *st, const Config *cfg, char *const *args, int n)
{
    char err[256], shown[STORE_VENUE_MAX];
    StoreVenue v = {0};
    if (n == 1 && strcmp(args[0], "show") == 0) return venue_show(st, cfg);
    if (n == 1 && strcmp(args[0], "clear") == 0) {
        if (store_venue_clear(st, err, sizeof err) != AUKIO_OK) {
            fprintf(stderr, "aukio: %s\n", err);
            return 1;
        }
        printf("the kiosk's venue is the config's again\n");
        return 0;
    }
    int parsed = n >= 1 && strcmp(args[0], "set") == 0 ? venue_parse(&v, args, n) : 2;
    if (parsed == 2) {
        fprintf(stderr, "usage: aukio venue set VENUE [--all] [--language fi|sv|en]\n"
                        "       aukio venue set --popup [--name-fi NAME] [--name-sv NAME]"
                        " [--name-en NAME]\n"
                        "                 [--note TEXT | --note-fi TEXT --note-sv TEXT"
                        " --note-en TEXT] [--all] [--language fi|sv|en]\n"
                        "       aukio venue show | clear\n");
        return 2;
    }
    if (parsed) return 1;
    char id[STORE_VENUE_MAX] = "";
    AukioRc rc = v.popup ? store_venue_set_popup(st, &v, id, err, sizeof err)
                         : store_venue_set(st, &v, err, sizeof err);
    if (rc != AUKIO_OK) {
        fprintf(stderr, "aukio: venue set: %s; nothing was changed\n", err);
        return 1;
    }
    str_printable(v.popup ? id : v.venue, shown, sizeof shown);
    printf("venue set: %s; the kiosk uses it from its next start\n", shown);
    return 0;
}

bool staff_cli_handles(const char *cmd)
{
    return strcmp(cmd, "checkin") == 0 || strcmp(cmd, "export") == 0 || strcmp(cmd, "venue") == 0 ||
           strcmp(cmd, "event") == 0;
}

int staff_cli_run(Store *st, const Config *cfg, const char *cmd, char *const *args, int n,
                  int64_t now)
{
    if (strcmp(cmd, "checkin") == 0) return cmd_checkin(st, args, n, now);
    if (strcmp(cmd, "export") == 0) return cmd_export(st, args, n);
    if (strcmp(cmd, "venue") == 0) return cmd_venue(st, cfg, args, n);
    if (strcmp(cmd, "event") == 0) return spot_cli_run(st, cfg, args, n, now);
    fprintf(stderr, "aukio: unknown staff command\n");
    return 2;
}
