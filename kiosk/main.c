/*
 * main.c: the aukio program: command line, wiring of app, store, ui and gfx, the main loop,
 * and the headless runner's host.
 */
#include <SDL.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "app.h"
#include "config.h"
#include "datefmt.h"
#include "gfx.h"
#include "input.h"
#include "script.h"
#include "store.h"
#include "ui.h"
#include "views.h"

typedef struct {
    Config cfg;
    App app;
    Ui ui;
    Gfx *gfx;
    Store *store;
    bool virtual_clock;
    int64_t clock_ms; /* the virtual clock, in headless runs */
    bool need_draw;
} Kiosk;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: aukio [--config FILE] [--db FILE] [--windowed WxH] [--renderer software|gpu]\n"
            "       aukio [--config FILE] [--db FILE] import FILE\n"
            "       aukio [--config FILE] [--db FILE] events | signups [EVENT_ID] | feedback\n"
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
            "  --now TIME        the time to run at, ISO 8601 (headless runs and import;\n"
            "                    default: now)\n");
}

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t kiosk_now(const Kiosk *k)
{
    return k->virtual_clock ? k->clock_ms : wall_ms();
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

/* Fonts ship in the source tree's fonts/; AUKIO_FONTS points elsewhere when installed. */
static const char *font_dir(void)
{
    const char *d = getenv("AUKIO_FONTS");
    return d && *d ? d : AUKIO_SOURCE_DIR "/fonts";
}

/* ---- Effects: the app's requests for I/O ------------------------------------------------ */

static void dispatch(Kiosk *k, const Action *act);

static void run_effect(Kiosk *k, EffectKind e)
{
    char err[256];
    int64_t now = kiosk_now(k) / 1000;
    switch (e) {
    case EFFECT_LOAD_EVENTS: {
        EventRow *rows = NULL;
        int n = 0;
        /* From the start of today: the feedback screen offers events that ended earlier today. */
        if (store_events_upcoming(k->store, datefmt_day_start(now), &rows, &n, err,
                                  sizeof(err)) != 0) {
            fprintf(stderr, "aukio: loading events: %s\n", err);
            return;
        }
        dispatch(k, &(Action){.kind = ACT_EVENTS_LOADED, .p = rows, .a = n});
        break;
    }
    case EFFECT_LOAD_DETAIL: {
        Event ev;
        memset(&ev, 0, sizeof(ev));
        int rc = store_event_get(k->store, k->app.detail_id, &ev, err, sizeof(err));
        if (rc < 0) fprintf(stderr, "aukio: loading an event: %s\n", err);
        dispatch(k, &(Action){.kind = ACT_DETAIL_LOADED, .a = rc == 0 ? 0 : 1,
                              .p = rc == 0 ? &ev : NULL});
        if (rc == 0) event_deinit(&ev); /* the app took the contents; this frees the shell */
        break;
    }
    case EFFECT_COMMIT_SIGNUP: {
        SignupResult res;
        memset(&res, 0, sizeof(res));
        if (store_signup_commit(k->store, &k->app.form, now, &res, err, sizeof(err)) != 0) {
            fprintf(stderr, "aukio: saving a sign-up failed: %s\n", err);
            dispatch(k, &(Action){.kind = ACT_STORE_FAILED});
        } else {
            dispatch(k, &(Action){.kind = ACT_SIGNUP_DONE, .p = &res});
        }
        break;
    }
    case EFFECT_COMMIT_FEEDBACK: {
        char uuid[37];
        if (store_feedback_commit(k->store, &k->app.feedback, now, uuid, err, sizeof(err)) != 0) {
            fprintf(stderr, "aukio: saving feedback failed: %s\n", err);
            dispatch(k, &(Action){.kind = ACT_STORE_FAILED});
        } else {
            dispatch(k, &(Action){.kind = ACT_FEEDBACK_DONE});
        }
        break;
    }
    case EFFECT_WIPE:
        if (k->gfx) gfx_forget_text(k->gfx);
        break;
    }
}

static void dispatch(Kiosk *k, const Action *act)
{
    app_update(&k->app, act);
    EffectKind effects[APP_MAX_EFFECTS];
    int n;
    while ((n = app_take_effects(&k->app, effects, APP_MAX_EFFECTS)) > 0)
        for (int i = 0; i < n; i++) run_effect(k, effects[i]);
}

/* Builds the display list when the app changed, and lets the layout tell the app what it
 * learnt (scroll limits), which may change the app again; settles in a few rounds. */
static void build(Kiosk *k)
{
    int w, h;
    gfx_size(k->gfx, &w, &h);
    for (int round = 0; round < 4; round++) {
        bool pressed = ui_pressed_changed(&k->ui);
        if (!k->app.dirty && !pressed && round > 0) break;
        if (!k->app.dirty && !pressed && !k->need_draw && round == 0) return;
        k->app.dirty = false;
        ui_begin(&k->ui, w, h, k->app.large_text, k->app.high_contrast);
        view_build(&k->ui, &k->app);
        k->need_draw = true;
        int n = k->ui.n_requests;
        Action req[8];
        memcpy(req, k->ui.requests, sizeof(Action) * (size_t)n);
        for (int i = 0; i < n; i++) dispatch(k, &req[i]);
    }
}

static void frame(Kiosk *k)
{
    build(k);
    if (k->need_draw) {
        gfx_draw(k->gfx, &k->ui);
        k->need_draw = false;
    }
}

/* ---- Headless host ---------------------------------------------------------------------- */

static void host_pointer(void *ctx, int kind, int x, int y)
{
    Kiosk *k = ctx;
    build(k);
    Action out[4];
    int n = kind == 0   ? ui_pointer_down(&k->ui, x, y, k->clock_ms, out)
            : kind == 1 ? ui_pointer_move(&k->ui, x, y, k->clock_ms, out)
                        : ui_pointer_up(&k->ui, x, y, k->clock_ms, out);
    for (int i = 0; i < n; i++) dispatch(k, &out[i]);
    build(k);
}

static void host_text(void *ctx, const char *utf8)
{
    Kiosk *k = ctx;
    dispatch(k, &(Action){.kind = ACT_TEXT, .s = utf8});
}

static void host_key(void *ctx, AppKey key)
{
    Kiosk *k = ctx;
    dispatch(k, &(Action){.kind = ACT_KEY, .a = (int)key});
}

static void host_advance(void *ctx, int64_t ms)
{
    Kiosk *k = ctx;
    int64_t end = k->clock_ms + ms;
    /* Step as a real kiosk would wake: every frame while something moves, else at the next
     * timer. */
    while (k->clock_ms < end) {
        build(k);
        int64_t next = app_next_wakeup(&k->app);
        int64_t step = next - k->clock_ms;
        if (step < 16) step = 16;
        if (k->clock_ms + step > end) step = end - k->clock_ms;
        k->clock_ms += step;
        dispatch(k, &(Action){.kind = ACT_TICK, .t = k->clock_ms});
    }
    build(k);
}

static const Ui *host_ui(void *ctx)
{
    Kiosk *k = ctx;
    build(k);
    return &k->ui;
}

static int host_shot(void *ctx, const char *path, char *err, size_t errlen)
{
    Kiosk *k = ctx;
    build(k);
    gfx_draw(k->gfx, &k->ui);
    return gfx_save_png(k->gfx, path, err, errlen);
}

/* ---- Running ---------------------------------------------------------------------------- */

static int open_store(Kiosk *k)
{
    char err[512];
    if (store_open(&k->store, k->cfg.database, err, sizeof(err)) != 0) {
        fprintf(stderr, "aukio: %s\n", err);
        return -1;
    }
    return 0;
}

static int run_headless(Kiosk *k, const char *script, const char *shots, int w, int h,
                        int64_t start_ms)
{
    char err[512];
    k->virtual_clock = true;
    k->clock_ms = start_ms;
    k->gfx = gfx_new(GFX_HEADLESS, w, h, false, font_dir(), err, sizeof(err));
    if (!k->gfx) {
        fprintf(stderr, "aukio: %s\n", err);
        return 1;
    }
    ui_init(&k->ui, gfx_measure, k->gfx);
    app_init(&k->app, k->cfg.language, k->cfg.idle_timeout_s, k->cfg.confirm_timeout_s,
             k->clock_ms);
    snprintf(k->app.kiosk_name, sizeof(k->app.kiosk_name), "%s", k->cfg.kiosk_name);
    dispatch(k, &(Action){.kind = ACT_TICK, .t = k->clock_ms});
    ScriptHost host = {k, host_pointer, host_text, host_key, host_advance, host_ui, host_shot};
    int rc = script_run(script, &host, shots, stderr);
    app_deinit(&k->app);
    ui_deinit(&k->ui);
    gfx_free(k->gfx);
    return rc;
}

static int run_window(Kiosk *k, bool fullscreen, int w, int h, bool accelerated)
{
    char err[512];
    k->gfx = gfx_new(fullscreen ? GFX_FULLSCREEN : GFX_WINDOWED, w, h, accelerated,
                     font_dir(), err, sizeof(err));
    if (!k->gfx) {
        fprintf(stderr, "aukio: %s\n", err);
        return 1;
    }
    ui_init(&k->ui, gfx_measure, k->gfx);
    app_init(&k->app, k->cfg.language, k->cfg.idle_timeout_s, k->cfg.confirm_timeout_s,
             wall_ms());
    snprintf(k->app.kiosk_name, sizeof(k->app.kiosk_name), "%s", k->cfg.kiosk_name);
    dispatch(k, &(Action){.kind = ACT_TICK, .t = wall_ms()});
    SDL_StartTextInput();
    bool quit = false;
    k->need_draw = true;
    /* Development and benchmark aids (README, "Benchmark"): start on the event list, and stop
     * right after the first frame is on screen. */
    const char *start = getenv("AUKIO_START_SCREEN");
    if (start && strcmp(start, "list") == 0) dispatch(k, &(Action){.kind = ACT_WAKE});
    bool exit_after_first = getenv("AUKIO_EXIT_AFTER_FIRST_FRAME") != NULL;
    while (!quit) {
        frame(k);
        if (exit_after_first) {
            printf("first-frame\n");
            fflush(stdout);
            break;
        }
        /* Sleep until input or the app's next timer: an untouched kiosk does no work. */
        int64_t wake = app_next_wakeup(&k->app) - wall_ms();
        if (wake < 0) wake = 0;
        if (wake > 60000) wake = 60000;
        SDL_Event ev;
        if (SDL_WaitEventTimeout(&ev, (int)wake)) {
            do {
                Action out[4];
                bool redraw = false;
                int n = input_translate(&ev, &k->ui, wall_ms(), out, 4, &quit, &redraw);
                if (redraw) k->need_draw = true;
                for (int i = 0; i < n; i++) {
                    dispatch(k, &(Action){.kind = ACT_TICK, .t = wall_ms()});
                    dispatch(k, &out[i]);
                }
            } while (SDL_PollEvent(&ev));
        }
        dispatch(k, &(Action){.kind = ACT_TICK, .t = wall_ms()});
    }
    app_deinit(&k->app);
    ui_deinit(&k->ui);
    gfx_free(k->gfx);
    return 0;
}

int main(int argc, char **argv)
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
    Kiosk k;
    memset(&k, 0, sizeof(k));
    config_defaults(&k.cfg);
    const char *config = NULL, *db = NULL, *script = NULL, *shots = NULL, *now_arg = NULL;
    bool headless = false, windowed = false, accelerated = false;
    int w = 1920, h = 1080;
    int c;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (c) {
        case 'c': config = optarg; break;
        case 'd': db = optarg; break;
        case 'H': headless = true; break;
        case 's': script = optarg; break;
        case 'o': shots = optarg; break;
        case OPT_NOW: now_arg = optarg; break;
        case 'w':
        case 'S':
            if (parse_size(optarg, &w, &h) != 0) {
                fprintf(stderr, "aukio: %s: expected WIDTHxHEIGHT, e.g. 1280x800\n", optarg);
                return 2;
            }
            if (c == 'w') windowed = true;
            break;
        case OPT_RENDERER:
            if (strcmp(optarg, "software") != 0 && strcmp(optarg, "gpu") != 0) {
                fprintf(stderr, "aukio: --renderer: expected software or gpu\n");
                return 2;
            }
            accelerated = strcmp(optarg, "gpu") == 0;
            break;
        case OPT_HELP: usage(stdout); return 0;
        case OPT_VERSION: printf("aukio %s\n", AUKIO_VERSION); return 0;
        default: usage(stderr); return 2;
        }
    }
    char err[512];
    if (config && config_load(&k.cfg, config, err, sizeof(err)) != 0) {
        fprintf(stderr, "aukio: %s\n", err);
        return 2;
    }
    if (db) snprintf(k.cfg.database, sizeof(k.cfg.database), "%s", db);
    setenv("TZ", k.cfg.timezone, 1);
    tzset();

    int64_t start_ms = wall_ms();
    if (now_arg) {
        int64_t t;
        if (event_parse_time(now_arg, &t) != 0) {
            fprintf(stderr, "aukio: --now: not an ISO 8601 time: %s\n", now_arg);
            return 2;
        }
        start_ms = t * 1000;
    }
    const char *cmd = optind < argc ? argv[optind] : NULL;
    int rest = argc - optind - 1;
    if (cmd) {
        int rc = 0;
        int64_t now = start_ms / 1000;
        if (strcmp(cmd, "import") == 0 && rest == 1) {
            if (open_store(&k) != 0) return 1;
            int n = 0;
            if (store_import_file(k.store, argv[optind + 1], now, &n, err, sizeof(err)) != 0) {
                fprintf(stderr, "aukio: import failed, nothing was changed: %s\n", err);
                rc = 1;
            } else {
                printf("imported %d event%s\n", n, n == 1 ? "" : "s");
            }
        } else if (strcmp(cmd, "events") == 0 && rest == 0) {
            if (open_store(&k) != 0) return 1;
            rc = store_print_events(k.store, stdout, now, err, sizeof(err)) != 0;
        } else if (strcmp(cmd, "signups") == 0 && rest <= 1) {
            if (open_store(&k) != 0) return 1;
            rc = store_print_signups(k.store, stdout, rest ? argv[optind + 1] : NULL, err,
                                     sizeof(err)) != 0;
        } else if (strcmp(cmd, "feedback") == 0 && rest == 0) {
            if (open_store(&k) != 0) return 1;
            rc = store_print_feedback(k.store, stdout, err, sizeof(err)) != 0;
        } else {
            usage(stderr);
            return 2;
        }
        if (rc) fprintf(stderr, "aukio: %s\n", err);
        store_close(k.store);
        return rc;
    }

    if (headless != (script != NULL)) {
        fprintf(stderr, "aukio: --headless and --script go together\n");
        usage(stderr);
        return 2;
    }
    if (open_store(&k) != 0) return 1;
    int purged = store_purge_personal(k.store, wall_ms() / 1000, k.cfg.retention_days);
    if (purged > 0) fprintf(stderr, "aukio: wiped personal data of %d past sign-up(s)\n", purged);
    int rc;
    if (headless) {
        rc = run_headless(&k, script, shots, w, h, start_ms);
    } else {
        rc = run_window(&k, !windowed, w, h, accelerated);
    }
    store_close(k.store);
    return rc;
}
