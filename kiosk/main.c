/*
 * main.c: the aukio program: command line, wiring of app, store, ui and gfx, the main loop,
 * and the headless runner's host.
 */
#include <SDL.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <systemd/sd-daemon.h>

#include "client_worker.h"
#include "device_token.h"
#include "fonts.h"
#include "input.h"
#include "runtime.h"
#include "staff_cli.h"
#include "staff_pin.h"
#include "staff_worker.h"
#include "store_venue.h"
#include "sync_proc.h"
#include "util.h"
#include "wire.h"

static void usage(FILE *f)
{
    fprintf(
        f,
        "usage: aukio [--config FILE] [--db FILE] [--windowed WxH] [--renderer software|gpu]\n"
        "       aukio [--config FILE] [--db FILE] import FILE\n"
        "       aukio [--config FILE] [--db FILE] events | signups [EVENT_ID] | feedback\n"
        "       aukio --config FILE enrol URL TOKEN\n"
        "       aukio [--config FILE] [--db FILE] sync --once | status\n"
        "       aukio [--config FILE] [--db FILE] cancel CODE | checkin CODE [--undo]\n"
        "       aukio [--config FILE] [--db FILE] venue set VENUE [--all] [--language fi|sv|en]\n"
        "       aukio [--config FILE] [--db FILE] venue set --popup [--name-fi NAME]\n"
        "             [--name-sv NAME] [--name-en NAME] [--note TEXT | --note-fi TEXT\n"
        "             --note-sv TEXT --note-en TEXT] [--all] [--language fi|sv|en]\n"
        "       aukio [--config FILE] [--db FILE] venue show | clear\n"
        "       aukio [--config FILE] [--db FILE] export signups|attendance|feedback\n"
        "             [--event ID] [--excel] FILE\n"
        "       aukio --config FILE [--db FILE] bundle export FILE | bundle import FILE\n"
        "       aukio [--config FILE] [--db FILE] event add --title-fi TEXT --start HH:MM\n"
        "             --end HH:MM [--date YYYY-MM-DD] [--capacity N|unlimited] ...\n"
        "       aukio [--config FILE] [--db FILE] pin set\n"
        "       aukio --headless --script FILE [--shots DIR] [--size WxH] [--now TIME]\n"
        "             [--db FILE] [--config FILE]\n"
        "       aukio --help | --version\n"
        "\n"
        "Runs the Aukio event kiosk fullscreen, or does a staff task from the shell.\n"
        "  --config FILE     INI configuration (see README.md)\n"
        "  --db FILE         SQLite database (overrides the config's database)\n"
        "  --windowed WxH    a window of that size instead of fullscreen\n"
        "  --renderer R      software (default; right for machines without a GPU) or gpu\n"
        "  --headless        no display: replay --script on a virtual clock\n"
        "  --shots DIR       where the script's shot/dump commands write (default .)\n"
        "  --size WxH        headless screen size (default 1920x1080)\n"
        "  --now TIME        the time to run at, ISO 8601 (headless runs, import and\n"
        "                    sync --once; default: now)\n"
        "enrol spends the coordinator's one-time TOKEN at URL: the hub goes into the config,\n"
        "  the device token into [sync] token_file (default: the database + .token), mode\n"
        "  0600; an old config's token is moved there at the next start.\n"
        "import reads Linked Events JSON or iCalendar (.ics), told apart by the content.\n"
        "checkin marks a sign-up's party as come (--undo: not come); cancel cancels it. Both\n"
        "  reach the hub with the next sync.\n"
        "export writes CSV (RFC 4180, UTF-8; --excel: for Finnish Excel, ';' and a BOM, local\n"
        "  times) of this kiosk's sign-ups, attendance or feedback, mode 0600; cells that a\n"
        "  spreadsheet would run as a formula start with a '\n"
        "  (README.md, \"Staff mode from a shell\").\n"
        "bundle export writes the records waiting for the hub to FILE for the coordinator\n"
        "  (aukio-hub bundle import); bundle import applies the hub's catalogue and grants\n"
        "  (aukio-hub bundle export). Both are MAC-checked with the kiosk's enrolment\n"
        "  (README.md, \"Offline bundles\").\n"
        "event add makes an event on the spot at the kiosk's venue, open for sign-ups at\n"
        "  once; the hub gets it with the next sync. aukio event add --help lists its\n"
        "  options (README.md, \"Events made on the spot\").\n"
        "pin set reads the staff PIN (4-8 digits) from standard input: typed twice, unseen,\n"
        "  on a terminal; one line from a pipe (echo 2468 | aukio pin set). Only its\n"
        "  Argon2id hash is kept. Staff mode opens by holding a finger on the kiosk's name.\n");
}

static int parse_size(const char *s, int *w, int *h)
{
    char *end;
    errno = 0;
    long a = strtol(s, &end, 10);
    if (errno || *end != 'x') return -1;
    long b = strtol(end + 1, &end, 10);
    if (errno || *end || a < 320 || b < 320 || a > 8192 || b > 8192) return -1;
    *w = (int)a;
    *h = (int)b;
    return 0;
}

/* ---- Running ---------------------------------------------------------------------------- */

#define UI_CACHE_KIB 256 /* the window's SQLite page cache (store_open's is 2 MiB) */

static int open_store(Kiosk *k)
{
    char err[512];
    if (store_open(&k->store, k->cfg.database, err, sizeof(err)) != 0) {
        fprintf(stderr, "aukio: %s\n", err);
        return -1;
    }
    /* An enrolled kiosk confirms only within the seats its hub granted it. */
    store_set_escrow(k->store, k->cfg.hub_url[0] != '\0');
    return 0;
}

/* ---- Sync from the shell ---------------------------------------------------------------- */

static int cmd_status(Kiosk *k)
{
    SyncStatus st;
    char when[64];
    if (store_sync_status(k->store, &st) != 0) {
        fprintf(stderr, "aukio: status: cannot read the database\n");
        return 1;
    }
    time_format_local(st.last_ok, "%Y-%m-%d %H:%M:%S", "never", when, sizeof when);
    printf("hub:              %s\n", k->cfg.hub_url[0] ? k->cfg.hub_url : "(none: standalone)");
    printf("last sync:        %s\n", when);
    printf("queued:           %d\n", st.queued);
    printf("grants:           %d open (%d seats left), %d to settle\n", st.grants_open,
           st.grant_seats, st.grants_closing);
    printf("cursor:           %s\n", st.cursor[0] ? st.cursor : "(none: next pull is a snapshot)");
    if (st.last_error_at > 0) {
        char shown[512];
        time_format_local(st.last_error_at, "%Y-%m-%d %H:%M:%S", "?", when, sizeof when);
        printf("last error:       %s: %s\n", when,
               str_printable(st.last_error, shown, sizeof shown));
    }
    return 0;
}

/* Called on the sync helper's reader thread when its status changed: wakes the main loop
 * (SDL_PushEvent is thread-safe), which then reads the status itself. */
static void sync_notify(void *ctx)
{
    (void)ctx;
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_USEREVENT;
    SDL_PushEvent(&ev);
}

/* Hands the sync thread's status to the app when it changed since *LAST. */
static void poll_sync(Kiosk *k, SyncThreadStatus *last, bool *first)
{
    SyncThreadStatus st;
    sync_proc_status(k->sync, &st);
    if (!*first && memcmp(&st, last, sizeof st) == 0) return;
    bool catalogue = !*first && st.catalogue_gen != last->catalogue_gen;
    /* A paged kiosk's page read again for this change takes what the reader thread read for it
     * (runtime_list.c); for this change only. */
    SyncPagePrep prep;
    if (catalogue && k->paged && sync_proc_take_page_prep(k->sync, &prep)) {
        if (prep.gen == st.catalogue_gen) {
            k->page_prep = prep;
            k->page_prep_valid = true;
        } else {
            store_page_aux_free(&prep.aux);
        }
    }
    /* The helper's reader thread read the new list: the UI swaps it in, a frame of a millisecond or
     * two at 100,000 events instead of reading it here (26-37 ms at 10,000, ~450 ms at 100,000). */
    EventRow *rows = NULL;
    int n = 0;
    if (catalogue && sync_proc_take_rows(k->sync, &rows, &n)) {
        k->partial_list = false;
        /* The old block goes to the reader thread to free (EVENTS_LOADED_KEEP_OLD). */
        EventRow *old = k->app.rows;
        kiosk_dispatch(
            k,
            &(Action){.kind = ACT_EVENTS_LOADED, .p = rows, .a = n, .b = EVENTS_LOADED_KEEP_OLD});
        sync_proc_free_later(k->sync, old);
        catalogue = false;
    } else if (catalogue && sync_proc_take_patch(k->sync, &rows, &n)) {
        /* Only the rows the pull changed, patched in place (issue 12). */
        kiosk_dispatch(k, &(Action){.kind = ACT_ROWS_PATCHED, .p = rows, .a = n});
        /* A paged kiosk reads its page again (SYNC_FLAG_CATALOGUE), a whole one the list. */
        if (k->app.rows_reload && !k->paged) sync_proc_reload(k->sync);
        catalogue = k->app.rows_reload && k->paged;
    }
    int flags = (st.failing ? SYNC_FLAG_FAILING : 0) | (catalogue ? SYNC_FLAG_CATALOGUE : 0);
    *last = st;
    *first = false;
    kiosk_dispatch(k,
                   &(Action){.kind = ACT_SYNC_STATUS, .t = st.last_ok, .a = st.queued, .b = flags});
    if (k->page_prep_valid) { /* the patch fitted the page: nothing was read again */
        store_page_aux_free(&k->page_prep.aux);
        k->page_prep_valid = false;
    }
}

/* ---- Running the kiosk ------------------------------------------------------------------ */

/* What the command line asked for. */
typedef struct {
    const char *config, *db, *script, *shots, *now_arg;
    bool headless, windowed, accelerated;
    int w, h;
    const char *cmd;   /* a staff task (import, events, ...), NULL to run the kiosk */
    char *const *args; /* the task's arguments */
    int n_args;
} Options;

/* What parse_args and load_settings return when the program goes on (any other value is the
 * exit code). */
#define GO_ON (-1)

/* Where the kiosk stands as staff set it (`aukio venue set`), over the config's "venue". */
static void apply_venue(Kiosk *k)
{
    StoreVenue v;
    char err[256];
    if (store_venue_get(k->store, &v, err, sizeof err) != AUKIO_OK) {
        fprintf(stderr, "aukio: %s (the config's venue holds)\n", err);
        return;
    }
    if (!v.set) return;
    snprintf(k->app.home_venue, sizeof(k->app.home_venue), "%s", v.venue);
    k->app.venue_show_all = v.show_all;
    k->app.venue_staff = true;
    k->app.venue_popup = v.popup;
    for (int i = 0; v.popup && i < LANG_COUNT; i++) {
        snprintf(k->app.venue_name[i], sizeof(k->app.venue_name[i]), "%s", v.name[i]);
        snprintf(k->app.venue_note[i], sizeof(k->app.venue_note[i]), "%s", v.note[i]);
    }
    Lang l;
    if (v.language[0] && lang_from_code(v.language, &l) == 0) k->app.default_lang = k->app.lang = l;
}

/* The display (a window, fullscreen or headless), the ui on it, and the app started at the
 * kiosk's clock. The only difference between a headless run and a window is the display and
 * the clock: headless runs are on a virtual clock starting at START_MS. Returns 0, or 1 with a
 * message. */
static int start_kiosk(Kiosk *k, const Options *o, int64_t start_ms)
{
    char err[512];
    GfxMode mode = o->headless ? GFX_HEADLESS : o->windowed ? GFX_WINDOWED : GFX_FULLSCREEN;
    if (o->headless) {
        k->virtual_clock = true;
        k->clock_ms = start_ms;
    }
    char fonts[PATH_MAX];
    if (fonts_find(fonts, sizeof fonts, err, sizeof err) != AUKIO_OK) {
        fprintf(stderr, "aukio: %s\n", err);
        return 1;
    }
    k->gfx = gfx_new(mode, o->w, o->h, !o->headless && o->accelerated, fonts, err, sizeof(err));
    if (!k->gfx) {
        fprintf(stderr, "aukio: %s\n", err);
        return 1;
    }
    ui_init(&k->ui, gfx_measure, k->gfx);
    /* A window shows its first screenful before the rest of a long list is loaded. */
    k->progressive = !o->headless;
    /* Every kiosk holds a page of its list (store_page.c); the tests compare the whole. */
    k->paged = !getenv("AUKIO_WHOLE_LIST");
    app_init(&k->app, k->cfg.language, k->cfg.idle_timeout_s, k->cfg.confirm_timeout_s,
             kiosk_now(k));
    snprintf(k->app.kiosk_name, sizeof(k->app.kiosk_name), "%s", k->cfg.kiosk_name);
    snprintf(k->app.home_venue, sizeof(k->app.home_venue), "%s", k->cfg.venue);
    apply_venue(k);
    app_set_speech(&k->app, k->cfg.speech_mode, k->cfg.speech_volume);
    /* Headless runs speak into WAV files beside the screenshots. */
    if (!getenv("AUKIO_EXIT_AFTER_FIRST_FRAME"))
        kiosk_speech_start(k, o->headless ? (o->shots ? o->shots : ".") : NULL);
    kiosk_dispatch(k, &(Action){.kind = ACT_TICK, .t = kiosk_now(k)});
    kiosk_start_staff(k);
    k->staff_worker = staff_worker_start(o->headless ? NULL : sync_notify, NULL, err, sizeof(err));
    if (!k->staff_worker) fprintf(stderr, "aukio: %s (exports run on the UI thread)\n", err);
    /* Sync runs in its helper process (sync_proc.h). Beyond its grants an enrolled kiosk asks
     * the hub while the visitor waits, in headless runs too (express and lookup only, no
     * rounds), so that scripts see what a visitor sees. */
    if (k->cfg.hub_url[0] && !getenv("AUKIO_EXIT_AFTER_FIRST_FRAME")) {
        SyncProcOptions so = {.config = o->config,
                              .db = k->cfg.database,
                              .rounds = !o->headless,
                              .paged = k->paged,
                              .notify = o->headless ? NULL : sync_notify};
        k->sync = sync_proc_start(&so, err, sizeof err);
        if (!k->sync) fprintf(stderr, "aukio: %s (running without sync)\n", err);
    }
    return 0;
}

static void stop_kiosk(Kiosk *k)
{
    kiosk_speech_stop(k);
    sync_proc_stop(k->sync); /* aborts a transfer under way */
    k->sync = NULL;
    sync_worker_stop(k->staff_worker); /* a file being written is finished first */
    k->staff_worker = NULL;
    app_deinit(&k->app);
    store_page_aux_free(&k->page_aux);
    store_page_aux_free(&k->page_prep.aux);
    ui_deinit(&k->ui);
    gfx_free(k->gfx);
}

/* Personal data goes when it is no longer needed (store_purge_personal), at start and then every
 * KIOSK_PURGE_EVERY_MS while nobody touches the kiosk, not only at the next start. */
static void purge_personal(Kiosk *k, bool at_start)
{
    int64_t now = kiosk_now(k);
    if (!at_start && (now - k->app.last_input_ms < KIOSK_CHECKPOINT_IDLE_MS ||
                      now - k->purged_ms < KIOSK_PURGE_EVERY_MS))
        return;
    k->purged_ms = now;
    int purged = store_purge_personal(k->store, kiosk_wall_ms() / 1000, k->cfg.retention_days);
    if (purged <= 0) return;
    fprintf(stderr, "aukio: wiped personal data of %d past sign-up(s)\n", purged);
    /* A staff screen showing them reads them again. */
    if (!at_start) kiosk_dispatch(k, &(Action){.kind = ACT_STAFF_OP_DONE, .a = 0});
}

/* ---- systemd's watchdog ------------------------------------------------------------------ */

/* How often the main loop tells systemd it is alive (the unit's WatchdogSec, halved), in ms; 0
 * when no watchdog is asked for. sd_watchdog_enabled answers for the unit's main process only
 * (WATCHDOG_PID): under cage the compositor is that process and the kiosk its child, so the
 * kiosk then takes WATCHDOG_USEC as systemd set it for the unit (the unit's NotifyAccess=all
 * lets the child's pings count). */
static int64_t watchdog_interval_ms(void)
{
    uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0) return (int64_t)(usec / 2000);
    const char *u = getenv("WATCHDOG_USEC");
    long v;
    if (getenv("NOTIFY_SOCKET") && u && parse_long(u, 1000, 86400L * 1000000, &v) == 0)
        return v / 2000;
    return 0;
}

typedef struct {
    int64_t every_ms, last_ms; /* every_ms 0: no watchdog */
    bool ready;
} Watchdog;

/* After a frame: READY=1 once, and WATCHDOG=1 when one is due. A main loop that hangs (a frame
 * that never ends, a lock never released) stops pinging, and systemd restarts the kiosk. */
static void watchdog_frame(Watchdog *w)
{
    int64_t now = kiosk_wall_ms();
    if (!w->ready) {
        sd_notify(0, "READY=1\nSTATUS=showing the kiosk");
        w->ready = true;
    }
    if (w->every_ms > 0 && now - w->last_ms >= w->every_ms) {
        sd_notify(0, "WATCHDOG=1");
        w->last_ms = now;
    }
}

/* The longest the loop may sleep, in ms, for the next ping to be on time. */
static int64_t watchdog_due(const Watchdog *w)
{
    return w->every_ms > 0 ? w->last_ms + w->every_ms - kiosk_wall_ms() : INT64_MAX;
}

/* The window's main loop, until the window is closed. */
static void run_window(Kiosk *k)
{
    Watchdog wd = {.every_ms = watchdog_interval_ms(), .last_ms = 0};
    /* Physical-keyboard text input starts after the first frame: on X11 it opens the input
     * method (parsing the locale's Compose table), which need not delay what a visitor sees. */
    bool text_input = false;
    bool quit = false;
    k->need_draw = true;
    /* Development and benchmark aids (README, "Benchmark"): start on the event list, and stop
     * right after the first frame is on screen. */
    const char *start = getenv("AUKIO_START_SCREEN");
    if (start && strcmp(start, "list") == 0) kiosk_dispatch(k, &(Action){.kind = ACT_WAKE});
    bool exit_after_first = getenv("AUKIO_EXIT_AFTER_FIRST_FRAME") != NULL;
    /* The kiosk works without its hub: sync runs beside the UI and never blocks it. */
    SyncThreadStatus sync_last;
    bool sync_first = true;
    memset(&sync_last, 0, sizeof sync_last);
    while (!quit && k->stop == KIOSK_RUN) {
        if (k->sync) poll_sync(k, &sync_last, &sync_first);
        kiosk_frame(k);
        purge_personal(k, false);
        if (!text_input) {
            SDL_StartTextInput();
            text_input = true;
        }
        if (exit_after_first) {
            printf("first-frame\n");
            fflush(stdout);
            break;
        }
        /* Sleep until input or the app's next timer: an untouched kiosk does no work. */
        int64_t wake = kiosk_next_wakeup(k) - kiosk_wall_ms();
        if (k->uncheckpointed > 0) {
            /* Wake once the visitor has left the kiosk alone, to checkpoint. */
            int64_t due = k->app.last_input_ms + KIOSK_CHECKPOINT_IDLE_MS - kiosk_wall_ms();
            if (due < wake) wake = due;
        }
        watchdog_frame(&wd);
        int64_t ping = watchdog_due(&wd);
        if (ping < wake) wake = ping;
        if (k->partial_list) wake = 0; /* the rest of the list, right after the first frame */
        if (wake < 0) wake = 0;
        if (wake > 60000) wake = 60000;
        SDL_Event ev;
        if (SDL_WaitEventTimeout(&ev, (int)wake)) {
            do {
                Action out[4];
                bool redraw = false;
                int kind, px, py;
                if (input_pointer(&ev, &kind, &px, &py)) {
                    /* Touch goes through speech mode's gestures (a triple tap, exploring). */
                    kiosk_dispatch(k, &(Action){.kind = ACT_TICK, .t = kiosk_wall_ms()});
                    kiosk_pointer(k, kind, px, py, kiosk_wall_ms());
                    continue;
                }
                int n = input_translate(&ev, &k->ui, kiosk_wall_ms(), out, 4, &quit, &redraw);
                if (redraw) {
                    gfx_invalidate(k->gfx); /* the window's pixels were lost */
                    k->need_draw = true;
                }
                for (int i = 0; i < n; i++) {
                    kiosk_dispatch(k, &(Action){.kind = ACT_TICK, .t = kiosk_wall_ms()});
                    kiosk_dispatch(k, &out[i]);
                }
            } while (SDL_PollEvent(&ev));
        }
        kiosk_dispatch(k, &(Action){.kind = ACT_TICK, .t = kiosk_wall_ms()});
        kiosk_speech_tick(k);
    }
    sd_notify(0, "STOPPING=1");
}

/* Runs the kiosk on its display: the window's loop, or the headless script. Returns the exit
 * code. */
static int run_kiosk(Kiosk *k, const Options *o, int64_t start_ms)
{
    if (o->headless != (o->script != NULL)) {
        fprintf(stderr, "aukio: --headless and --script go together\n");
        usage(stderr);
        return 2;
    }
    if (open_store(k) != 0) return 1;
    /* The UI's connection reads the list once into its rows: a small page cache (issue 12). */
    (void)store_set_cache_kib(k->store, UI_CACHE_KIB);
    purge_personal(k, true);
    int rc = start_kiosk(k, o, start_ms);
    if (rc == 0) {
        if (o->headless) {
            ScriptHost host = kiosk_script_host(k);
            rc = script_run(o->script, &host, o->shots, stderr);
        } else {
            run_window(k);
        }
        stop_kiosk(k);
    }
    store_close(k->store);
    return rc;
}

/* ---- Command line ----------------------------------------------------------------------- */

/* Reads the options into O; the first argument that is not one is the staff task. Returns GO_ON,
 * or the exit code after --help, --version or a message. */
static int parse_args(int argc, char **argv, Options *o)
{
    enum { OPT_HELP = 1000, OPT_VERSION, OPT_RENDERER, OPT_NOW };
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"db", required_argument, NULL, 'd'},
        {"windowed", required_argument, NULL, 'w'},
        {"headless", no_argument, NULL, 'H'},
        {"script", required_argument, NULL, 's'},
        {"shots", required_argument, NULL, 'o'},
        {"size", required_argument, NULL, 'S'},
        {"renderer", required_argument, NULL, OPT_RENDERER},
        {"now", required_argument, NULL, OPT_NOW},
        {"help", no_argument, NULL, OPT_HELP},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof(*o));
    o->w = 1920;
    o->h = 1080;
    int c;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            o->config = optarg;
            break;
        case 'd':
            o->db = optarg;
            break;
        case 'H':
            o->headless = true;
            break;
        case 's':
            o->script = optarg;
            break;
        case 'o':
            o->shots = optarg;
            break;
        case OPT_NOW:
            o->now_arg = optarg;
            break;
        case 'w':
        case 'S':
            if (parse_size(optarg, &o->w, &o->h) != 0) {
                fprintf(stderr, "aukio: %s: expected WIDTHxHEIGHT, e.g. 1280x800\n", optarg);
                return 2;
            }
            if (c == 'w') o->windowed = true;
            break;
        case OPT_RENDERER:
            if (strcmp(optarg, "software") != 0 && strcmp(optarg, "gpu") != 0) {
                fprintf(stderr, "aukio: --renderer: expected software or gpu\n");
                return 2;
            }
            o->accelerated = strcmp(optarg, "gpu") == 0;
            break;
        case OPT_HELP:
            usage(stdout);
            return 0;
        case OPT_VERSION:
            printf("aukio %s\n", AUKIO_VERSION);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    o->cmd = optind < argc ? argv[optind] : NULL;
    o->args = argv + optind + 1;
    o->n_args = argc - optind - 1;
    return GO_ON;
}

/* The config (and --db over it), the time zone, and the time to start at: *START_MS. Returns
 * GO_ON, or the exit code after a message. */
static int load_settings(Kiosk *k, const Options *o, int64_t *start_ms)
{
    char err[512];
    if (o->config && config_load(&k->cfg, o->config, err, sizeof(err)) != 0) {
        fprintf(stderr, "aukio: %s\n", err);
        return 2;
    }
    if (o->db) snprintf(k->cfg.database, sizeof(k->cfg.database), "%s", o->db);
    k->config_path = o->config;
    if (device_token_load(&k->cfg, o->config, err, sizeof err) != AUKIO_OK) {
        fprintf(stderr, "aukio: %s\n", err);
        return 2;
    }
    setenv("TZ", k->cfg.timezone, 1);
    tzset();

    *start_ms = kiosk_wall_ms();
    if (o->now_arg) {
        int64_t t;
        if (event_parse_time(o->now_arg, &t) != 0) {
            fprintf(stderr, "aukio: --now: not an ISO 8601 time: %s\n", o->now_arg);
            return 2;
        }
        *start_ms = t * 1000;
    }
    return GO_ON;
}

/* `aukio cancel CODE`: cancels a sign-up of this kiosk by its confirmation code; the cancel op
 * reaches the hub with the next sync round. Returns the exit code. */
static int cmd_cancel(Kiosk *k, const char *code, int64_t now)
{
    char err[512];
    SignupStatus su;
    int rc = store_signup_lookup(k->store, code, &su, err, sizeof(err));
    if (rc == 0) rc = store_signup_cancel(k->store, code, now, err, sizeof(err));
    if (rc == 1) {
        fprintf(stderr, "aukio: no sign-up on this kiosk has the code %s\n", code);
        return 1;
    }
    if (rc == 2) {
        printf("already cancelled: %s\n", code);
        return 0;
    }
    if (rc != 0) {
        fprintf(stderr, "aukio: %s\n", err);
        return 1;
    }
    printf("cancelled: %s (%s, %d %s, was %s); the hub is told at the next sync\n", code,
           su.event_id, su.group_size, su.group_size == 1 ? "seat" : "seats",
           su.local == SIGNUP_CONFIRMED     ? "confirmed"
           : su.local == SIGNUP_PROVISIONAL ? "provisional"
                                            : "waitlisted");
    return 0;
}

/* A staff task from the shell at NOW (Unix s). Returns the exit code. */
static int run_command(Kiosk *k, const Options *o, int64_t now)
{
    const char *cmd = o->cmd;
    char *const *args = o->args;
    int rest = o->n_args;
    char err[512];
    int rc = 0;
    if (strcmp(cmd, "events") == 0 && rest == 0) {
        if (open_store(k) != 0) return 1;
        rc = store_print_events(k->store, stdout, now, err, sizeof(err)) != 0;
    } else if (strcmp(cmd, "signups") == 0 && rest <= 1) {
        if (open_store(k) != 0) return 1;
        rc = store_print_signups(k->store, stdout, rest ? args[0] : NULL, err, sizeof(err)) != 0;
    } else if (strcmp(cmd, "feedback") == 0 && rest == 0) {
        if (open_store(k) != 0) return 1;
        rc = store_print_feedback(k->store, stdout, err, sizeof(err)) != 0;
    } else if (strcmp(cmd, "cancel") == 0 && rest == 1) {
        if (open_store(k) != 0) return 1;
        rc = cmd_cancel(k, args[0], now);
        store_close(k->store);
        return rc;
    } else if (strcmp(cmd, "pin") == 0 && rest == 1 && strcmp(args[0], "set") == 0) {
        if (open_store(k) != 0) return 1;
        rc = staff_pin_cli_set(k->store, stdin, isatty(STDIN_FILENO), stderr);
        store_close(k->store);
        return rc;
    } else if (strcmp(cmd, "status") == 0 && rest == 0) {
        if (open_store(k) != 0) return 1;
        rc = cmd_status(k);
        store_close(k->store);
        return rc;
    } else if (staff_cli_handles(cmd)) {
        if (open_store(k) != 0) return 1;
        rc = staff_cli_run(k->store, &k->cfg, cmd, args, rest, now); /* prints its own usage */
        store_close(k->store);
        return rc;
    } else {
        usage(stderr);
        return 2;
    }
    if (rc) fprintf(stderr, "aukio: %s\n", err);
    store_close(k->store);
    return rc;
}

int main(int argc, char **argv)
{
    Kiosk k;
    memset(&k, 0, sizeof(k));
    config_defaults(&k.cfg);
    Options o;
    int rc = parse_args(argc, argv, &o);
    if (rc != GO_ON) return rc;
    if (o.cmd && (strcmp(o.cmd, "sync") == 0 || strcmp(o.cmd, "enrol") == 0 ||
                  strcmp(o.cmd, "bundle") == 0 || strcmp(o.cmd, "import") == 0)) {
        /* The network's commands and the importer (libical) are the sync helper's: the same
         * arguments, its program. The UI program links neither. */
        char helper[PATH_MAX];
        sync_proc_helper_path(helper, sizeof helper);
        argv[0] = helper;
        execv(helper, argv);
        fprintf(stderr, "aukio: %s: cannot run the sync helper %s: %s\n", o.cmd, helper,
                strerror(errno));
        return 1;
    }
    int64_t start_ms;
    rc = load_settings(&k, &o, &start_ms);
    if (rc != GO_ON) return rc;
    if (o.cmd) return run_command(&k, &o, start_ms / 1000);
    rc = run_kiosk(&k, &o, start_ms);
#ifndef __SANITIZE_ADDRESS__
    if (o.headless) {
        /* Everything is closed by now (the store, the shots, the speech files): what exit()
         * would add is the libraries' destructors (SDL, fontconfig, espeak-ng), a few
         * milliseconds a run that matter when scripts run by the thousand. Under ASan the
         * normal exit stays, for LeakSanitizer's report. */
        fflush(stdout);
        fflush(stderr);
        _exit(rc);
    }
#endif
    if (k.stop == KIOSK_STOP_RESTART) {
        /* Staff mode's Restart: the same program with the same arguments, from the start. */
        execv("/proc/self/exe", argv);
        fprintf(stderr, "aukio: restart failed: %s\n", strerror(errno));
        return 1;
    }
    return rc;
}
