/*
 * runtime.c: the kiosk assembled: carrying out the app's effects against the store, building and
 * drawing frames, the headless runner's host, and speech wired in (the engine and its output:
 * audio.c, or WAV files headless; speech mode's gestures, speech_touch.c, and what they mean; the
 * speech effects the app queues; the announcements of speech mode). Everything said comes from
 * the display list (speech_text.c) or the catalogue (i18n.c). main.c (the program) and the
 * benchmark share it.
 */
#include "runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "audio.h"
#include "client.h"
#include "client_worker.h"
#include "datefmt.h"
#include "i18n.h"
#include "mine.h"
#include "speech.h"
#include "speech_text.h"
#include "speech_touch.h"
#include "speech_wav.h"
#include "staff.h"
#include "staff_pin.h"
#include "staff_worker.h"
#include "store_promote.h"
#include "store_spot.h"
#include "store_staff.h"
#include "store_venue.h"
#include "sync_proc.h"
#include "util.h"
#include "views.h"
#include "wire.h"

int64_t kiosk_wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t kiosk_now(const Kiosk *k)
{
    return k->virtual_clock ? k->clock_ms : kiosk_wall_ms();
}

/* ---- Effects: the app's requests for I/O ------------------------------------------------ */

static void trace(Kiosk *k, EffectKind e, KioskTrace when)
{
    if (k->trace) k->trace(k, e, when);
}

/* A staff job's answer to the app (and what it failed of, to the log). */
static void staff_answer(Kiosk *k, const StaffJobAnswer *ans)
{
    if (ans->enrol) { /* device_token.c has said it in the log */
        kiosk_dispatch(k, &(Action){.kind = ACT_STAFF_HUB_DONE,
                                    .a = ans->result,
                                    .s = ans->result == 0 ? ans->shown : ans->err});
        return;
    }
    bool ok = ans->import ? ans->result == STAFF_IMPORT_OK : ans->result == STAFF_EX_OK;
    if (!ok && ans->err[0])
        fprintf(stderr, "aukio: the staff %s %s failed: %s\n",
                ans->import ? "import of" : "export to", ans->shown, ans->err);
    if (ans->import && ok) k->uncheckpointed++;
    kiosk_dispatch(k, &(Action){.kind = ans->import ? ACT_STAFF_IMPORT_DONE : ACT_STAFF_EXPORT_DONE,
                                .a = ans->result,
                                .b = ans->rows,
                                .s = ans->shown});
}

void kiosk_poll_staff(Kiosk *k, bool wait)
{
    StaffJobAnswer ans;
    if (k->staff_worker && sync_worker_take(k->staff_worker, wait, &ans)) staff_answer(k, &ans);
}

/* The export screen's effects: where to (AUKIO_EXPORT_DIR and the USB sticks), at once; the
 * writing and the import on the staff worker (staff_worker.h), its answer taken by
 * kiosk_poll_staff. Without a worker (its thread did not start) the job runs here. */
static void run_export_effect(Kiosk *k, EffectKind e)
{
    const StaffExport *ex = &k->app.staff.ex;
    if (e == EFFECT_STAFF_EXPORT_TARGETS) {
        StaffExportTargets t;
        staff_export_targets(getenv("AUKIO_EXPORT_DIR"), &t);
        kiosk_dispatch(k, &(Action){.kind = ACT_STAFF_EXPORT_TARGETS, .p = &t});
        return;
    }
    if (ex->target < 0 || ex->target >= ex->targets.n) return;
    StaffJob job = {.import = e == EFFECT_STAFF_IMPORT,
                    .target = ex->targets.t[ex->target],
                    .what = ex->what,
                    .now = kiosk_now(k) / 1000};
    str_copy(job.database, sizeof job.database, k->cfg.database);
    str_copy(job.token, sizeof job.token, k->cfg.hub_token);
    str_copy(job.kiosk, sizeof job.kiosk, k->cfg.kiosk_name);
    if (k->staff_worker && sync_worker_ask(k->staff_worker, &job)) return;
    StaffJobAnswer ans;
    staff_worker_run(&job, &ans);
    staff_answer(k, &ans);
}

/* "Connect to the hub": `aukio enrol URL TOKEN` on the staff worker (a hub that does not answer
 * must not freeze the screen), with the kiosk's config and its config file. */
static void run_enrol_effect(Kiosk *k)
{
    StaffJob job = {.enrol = true, .cfg = k->cfg};
    const StaffHub *h = &k->app.staff.hub;
    str_copy(job.url, sizeof job.url, h->url);
    str_copy(job.enrol_token, sizeof job.enrol_token, h->token);
    str_copy(job.config, sizeof job.config, k->config_path ? k->config_path : "");
    bool asked = k->staff_worker && sync_worker_ask(k->staff_worker, &job);
    if (!asked) {
        StaffJobAnswer ans;
        staff_worker_run(&job, &ans);
        staff_answer(k, &ans);
    }
    sodium_memzero(&job, sizeof job);
}

/* "New event": the form as an event at the kiosk's venue, made in the store. */
static void run_spot_effect(Kiosk *k)
{
    char err[512], id[RECORD_EVENT_ID_MAX + 1];
    AukioRc rc = store_spot_make(k->store, &k->app.staff.spot.form, k->cfg.venue,
                                 kiosk_now(k) / 1000, id, err, sizeof err);
    if (rc == AUKIO_OK) {
        k->uncheckpointed++;
        sync_proc_poke(k->sync);
    } else {
        fprintf(stderr, "aukio: making an event failed: %s\n", err);
    }
    kiosk_dispatch(k, &(Action){.kind = ACT_STAFF_SPOT_DONE, .a = rc == AUKIO_OK ? 0 : -1});
}

/* Staff mode's effects (app_staff.c asks, staff.c and the store answer). */
static void run_staff_effect(Kiosk *k, EffectKind e)
{
    char err[256];
    StaffState *st = &k->app.staff;
    switch (e) {
    case EFFECT_STAFF_PIN_STATE: {
        bool set;
        int64_t until;
        (void)staff_pin_status(k->store, &set, &until);
        kiosk_dispatch(k, &(Action){.kind = ACT_STAFF_PIN_STATE, .a = set, .t = until});
        break;
    }
    case EFFECT_STAFF_PIN_CHECK: {
        int64_t until;
        int fails;
        int r = staff_pin_try(k->store, st->typed, kiosk_now(k), &until, &fails, err, sizeof err);
        if (r < 0) fprintf(stderr, "aukio: checking the staff PIN: %s\n", err);
        kiosk_dispatch(k, &(Action){.kind = ACT_STAFF_PIN_RESULT, .a = r, .t = until});
        break;
    }
    case EFFECT_STAFF_PIN_SAVE: {
        int r = store_pin_set(k->store, st->typed, err, sizeof err);
        if (r != 0) fprintf(stderr, "aukio: saving the staff PIN: %s\n", err);
        kiosk_dispatch(k, &(Action){.kind = ACT_STAFF_PIN_SAVED, .a = r});
        break;
    }
    case EFFECT_STAFF_LOAD_SYNC: {
        StaffSync sync;
        staff_sync_load(k->store, k->cfg.hub_url[0] != '\0', &sync);
        kiosk_dispatch(k, &(Action){.kind = ACT_STAFF_SYNC_LOADED, .p = &sync});
        break;
    }
    case EFFECT_STAFF_SYNC_NOW:
        sync_proc_poke(k->sync);
        break;
    case EFFECT_STAFF_LOAD_SIGNUPS: {
        StaffSignup *rows = NULL;
        int n = 0;
        const EventRow *row = app_staff_event(&k->app);
        bool local = row && !row->hub_seen;
        (void)staff_signups_load(k->store, st->event_id, k->app.lang, local, &rows, &n);
        kiosk_dispatch(k, &(Action){.kind = ACT_STAFF_SIGNUPS_LOADED, .p = rows, .a = n});
        break;
    }
    case EFFECT_STAFF_CANCEL:
    case EFFECT_STAFF_PROMOTE:
    case EFFECT_STAFF_CHECKIN: {
        int i = e == EFFECT_STAFF_CANCEL ? st->ask_index : st->promote_index;
        if (i < 0 || i >= st->n_signups) break;
        const StaffSignup *su = &st->signups[i];
        int64_t now = kiosk_now(k) / 1000;
        int r = e == EFFECT_STAFF_CANCEL
                    ? store_signup_cancel(k->store, su->code, now, err, sizeof err)
                : e == EFFECT_STAFF_PROMOTE
                    ? store_promote(k->store, su->uuid, err, sizeof err)
                    : store_checkin_set(k->store, su->code, !su->checked_in, now, err, sizeof err);
        if (r == 2) r = 0; /* already cancelled */
        if (r != 0) fprintf(stderr, "aukio: a staff change failed: %s\n", err);
        if (r == 0) {
            k->uncheckpointed++;
            sync_proc_poke(k->sync);
        }
        kiosk_dispatch(k, &(Action){.kind = ACT_STAFF_OP_DONE, .a = r == 0 ? 0 : -1});
        break;
    }
    case EFFECT_STAFF_EXPORT_TARGETS:
    case EFFECT_STAFF_EXPORT:
    case EFFECT_STAFF_IMPORT:
        run_export_effect(k, e);
        break;
    case EFFECT_STAFF_SPOT:
        run_spot_effect(k);
        break;
    case EFFECT_STAFF_ENROL:
        run_enrol_effect(k);
        break;
    case EFFECT_STAFF_VENUE_SAVE: {
        char id[STORE_VENUE_MAX] = "";
        int r = staff_venue_save(k->store, &st->venue, id, err, sizeof err);
        if (r != 0) fprintf(stderr, "aukio: saving the kiosk's venue: %s\n", err);
        kiosk_dispatch(k, &(Action){.kind = ACT_STAFF_VENUE_SAVED, .a = r, .s = id});
        break;
    }
    case EFFECT_STAFF_RESTART:
    case EFFECT_STAFF_QUIT:
        /* The window's loop ends; main.c starts the program again for a restart. */
        k->stop = e == EFFECT_STAFF_QUIT ? KIOSK_STOP_QUIT : KIOSK_STOP_RESTART;
        break;
    default: /* the visitors' effects, in run_effect */
        break;
    }
}

/* The list into the App (runtime_list.c reads it). */
static void count_list(Kiosk *k)
{
    Action act;
    if (kiosk_list_count(k, kiosk_now(k) / 1000, &act)) kiosk_dispatch(k, &act);
}

static void load_page(Kiosk *k, int64_t at_ms)
{
    AppPage pg;
    bool ok = kiosk_list_page(k, at_ms, &pg);
    kiosk_dispatch(k, &(Action){.kind = ACT_PAGE_LOADED, .p = ok ? &pg : NULL});
}

static void load_events(Kiosk *k, int64_t now)
{
    Action act = {.kind = ACT_NONE};
    AppPage pg;
    if (kiosk_list_events(k, now, &act, &pg))
        kiosk_dispatch(k, &act);
    else if (act.kind == ACT_PAGE_LOADED) /* a page the store could not read: said, kept */
        kiosk_dispatch(k, &(Action){.kind = ACT_PAGE_LOADED});
}

static void run_effect(Kiosk *k, EffectKind e)
{
    trace(k, e, KIOSK_TRACE_START);
    char err[256];
    int64_t now = kiosk_now(k) / 1000;
    switch (e) {
    case EFFECT_LOAD_EVENTS:
        load_events(k, now);
        break;
    case EFFECT_LOAD_PAGE:
        /* The list as it was last filtered: its minute, or the filters' change just now. */
        load_page(k, k->app.filtered_ms);
        break;
    case EFFECT_LOAD_DETAIL: {
        Event ev;
        memset(&ev, 0, sizeof(ev));
        int rc = store_event_get(k->store, k->app.detail_id, &ev, err, sizeof(err));
        if (rc < 0) fprintf(stderr, "aukio: loading an event: %s\n", err);
        kiosk_dispatch(
            k,
            &(Action){.kind = ACT_DETAIL_LOADED, .a = rc == 0 ? 0 : 1, .p = rc == 0 ? &ev : NULL});
        if (rc == 0) event_deinit(&ev); /* the app took the contents; this frees the shell */
        break;
    }
    case EFFECT_LOAD_ROW: {
        EventRow row;
        int rc = store_event_row(k->store, k->app.detail_id, &row, err, sizeof(err));
        if (rc < 0) fprintf(stderr, "aukio: reloading an event: %s\n", err);
        if (rc == 0) kiosk_dispatch(k, &(Action){.kind = ACT_ROW_LOADED, .p = &row});
        break;
    }
    case EFFECT_COMMIT_SIGNUP: {
        SignupResult res;
        memset(&res, 0, sizeof(res));
        int rc = store_signup_commit(k->store, &k->app.form, now, &res, err, sizeof(err));
        trace(k, e, KIOSK_TRACE_STORED);
        if (rc != 0) {
            fprintf(stderr, "aukio: saving a sign-up failed: %s\n", err);
            kiosk_dispatch(k, &(Action){.kind = ACT_STORE_FAILED});
        } else {
            k->uncheckpointed++;
            /* Beyond the grants: ask the hub while the visitor waits ("confirming..."). */
            bool ask = res.outcome == SIGNUP_PROVISIONAL && k->sync &&
                       kiosk_wall_ms() >= k->express_quiet_until &&
                       sync_proc_express_ask(k->sync, res.uuid, SYNC_EXPRESS_DEADLINE_MS);
            if (res.outcome != SIGNUP_REJECTED && !ask) sync_proc_poke(k->sync); /* soon */
            kiosk_dispatch(k, &(Action){.kind = ACT_SIGNUP_DONE, .p = &res, .b = ask});
        }
        break;
    }
    case EFFECT_COMMIT_FEEDBACK: {
        char uuid[37];
        if (store_feedback_commit(k->store, &k->app.feedback, now, uuid, err, sizeof(err)) != 0) {
            fprintf(stderr, "aukio: saving feedback failed: %s\n", err);
            kiosk_dispatch(k, &(Action){.kind = ACT_STORE_FAILED});
        } else {
            k->uncheckpointed++;
            sync_proc_poke(k->sync);
            kiosk_dispatch(k, &(Action){.kind = ACT_FEEDBACK_DONE, .s = uuid});
        }
        break;
    }
    case EFFECT_UPDATE_FEEDBACK: {
        /* The follow-up (or a changed mind) updates the record the score made. */
        if (store_feedback_update(k->store, k->app.feedback_uuid, &k->app.feedback, now, err,
                                  sizeof(err)) != 0) {
            fprintf(stderr, "aukio: saving a feedback follow-up failed: %s\n", err);
            kiosk_dispatch(k, &(Action){.kind = ACT_STORE_FAILED});
        } else {
            k->uncheckpointed++;
            sync_proc_poke(k->sync);
            kiosk_dispatch(k,
                           &(Action){.kind = ACT_FEEDBACK_DONE, .b = 1, .s = k->app.feedback_uuid});
        }
        break;
    }
    case EFFECT_WIPE:
        if (k->gfx) gfx_forget_text(k->gfx);
        break;
    case EFFECT_MINE_LOOKUP: {
        MineSignup su;
        memset(&su, 0, sizeof su);
        int a = mine_lookup(k->store, k->sync, k->app.mine.code, &su);
        if (a != MINE_ASKED)
            kiosk_dispatch(k, &(Action){.kind = ACT_MINE_RESULT, .a = a, .p = &su});
        break;
    }
    case EFFECT_MINE_CANCEL: {
        bool poke = false;
        int a = mine_cancel(k->store, k->sync, &k->app.mine.found, now, &poke);
        if (poke) {
            k->uncheckpointed++;
            sync_proc_poke(k->sync); /* the cancel op goes, and the seat to the next in line */
        }
        if (a != MINE_ASKED) kiosk_dispatch(k, &(Action){.kind = ACT_MINE_CANCEL_DONE, .a = a});
        break;
    }
    case EFFECT_READ_SCREEN:
    case EFFECT_SPEECH_STOP:
    case EFFECT_SPEECH_MODE:
    case EFFECT_VOLUME:
        kiosk_speech_effect(k, e);
        break;
    default: /* EFFECT_STAFF_*: staff mode's, each named in run_staff_effect */
        run_staff_effect(k, e);
        break;
    }
    trace(k, e, KIOSK_TRACE_END);
}

/* What the kiosk may tell of sign-up SU now that the hub answered, or did not. */
static void express_result(const SignupStatus *su, SignupResult *res)
{
    memset(res, 0, sizeof *res);
    str_copy(res->uuid, sizeof res->uuid, su->uuid);
    str_copy(res->code, sizeof res->code, su->code);
    res->outcome = SIGNUP_PROVISIONAL; /* no answer: the hub decides when the sign-up reaches it */
    if (strcmp(su->hub_status, "confirmed") == 0) {
        res->outcome = SIGNUP_CONFIRMED;
    } else if (strcmp(su->hub_status, "waitlisted") == 0) {
        res->outcome = SIGNUP_WAITLISTED;
        res->position = su->hub_position > 0 ? su->hub_position : 1;
    } else if (strcmp(su->hub_status, "rejected") == 0) {
        res->outcome = SIGNUP_REJECTED;
        bool full = strcmp(su->hub_reason, WIRE_REJ_FULL) == 0 ||
                    strcmp(su->hub_reason, WIRE_REJ_GROUP) == 0;
        res->reason = full ? AVAIL_FULL : AVAIL_CLOSED;
    }
}

void kiosk_poll_express(Kiosk *k, bool wait)
{
    SyncExpressAnswer a;
    if (!k->sync || !sync_proc_express_take(k->sync, wait, &a)) return;
    k->express_quiet_until =
        a.result == SYNC_ERR_NET ? kiosk_wall_ms() + KIOSK_EXPRESS_QUIET_MS : 0;
    SignupStatus su;
    SignupResult res;
    char err[256];
    int rc = store_signup_by_uuid(k->store, a.uuid, &su, err, sizeof err);
    if (rc < 0) fprintf(stderr, "aukio: reading a sign-up's answer: %s\n", err);
    if (rc != 0) return; /* the app's own deadline ends its wait */
    express_result(&su, &res);
    sync_proc_poke(k->sync); /* settle and top up the grants, pull the new counts */
    kiosk_dispatch(k, &(Action){.kind = ACT_SIGNUP_ANSWER, .p = &res});
}

void kiosk_poll_lookup(Kiosk *k, bool wait)
{
    SyncLookupAnswer a;
    if (!k->sync || !sync_proc_lookup_take(k->sync, wait, &a)) return;
    MineSignup su;
    bool cancel;
    memset(&su, 0, sizeof su);
    int r = mine_answer(&a, &su, &cancel);
    if (cancel && r == MINE_FOUND_IT) sync_proc_poke(k->sync); /* the new counts, soon */
    kiosk_dispatch(k, cancel ? &(Action){.kind = ACT_MINE_CANCEL_DONE, .a = r}
                             : &(Action){.kind = ACT_MINE_RESULT, .a = r, .p = &su});
}

/* The answers of every worker: the express push, the lookup, the staff's files. */
void kiosk_poll_workers(Kiosk *k, bool wait)
{
    kiosk_poll_express(k, wait);
    kiosk_poll_lookup(k, wait);
    kiosk_poll_staff(k, wait);
}

void kiosk_dispatch(Kiosk *k, const Action *act)
{
    app_update(&k->app, act);
    EffectKind effects[APP_MAX_EFFECTS];
    int n;
    while ((n = app_take_effects(&k->app, effects, APP_MAX_EFFECTS)) > 0)
        for (int i = 0; i < n; i++)
            run_effect(k, effects[i]);
}

/* Builds the display list when the app changed, and lets the layout tell the app what it
 * learnt (scroll limits), which may change the app again; settles in a few rounds. */
static void build_frame(Kiosk *k)
{
    int w, h;
    gfx_size(k->gfx, &w, &h);
    unsigned built = k->app.rows_gen;
    for (int round = 0; round < 4; round++) {
        bool pressed = ui_pressed_changed(&k->ui);
        if (!k->app.dirty && !pressed && round > 0) break;
        if (!k->app.dirty && !pressed && !k->need_draw && round == 0) return;
        k->app.dirty = false;
        ui_begin(&k->ui, w, h, k->app.large_text, k->app.high_contrast);
        built = k->app.rows_gen;
        view_build(&k->ui, &k->app);
        k->need_draw = true;
        int n = k->ui.n_requests;
        Action req[8];
        memcpy(req, k->ui.requests, sizeof(Action) * (size_t)n);
        for (int i = 0; i < n; i++)
            kiosk_dispatch(k, &req[i]);
    }
    /* The last round's requests replaced the rows (a page for the scroll): the display list
     * points into the old ones' texts. Built once more; its requests come again next frame. */
    if (built != k->app.rows_gen) {
        ui_begin(&k->ui, w, h, k->app.large_text, k->app.high_contrast);
        view_build(&k->ui, &k->app);
        k->need_draw = true;
    }
}

void kiosk_build(Kiosk *k)
{
    build_frame(k);
    /* Speech mode announces the screen that was just built. */
    kiosk_speech_poll(k);
    build_frame(k);
}

void kiosk_frame(Kiosk *k)
{
    kiosk_poll_workers(k, false);
    /* Once the first frame is up (not before it: two fsyncs, 40 ms on a slow SD card): the
     * write-ahead log started over, so the first visitor's commit is one fsync, not three. */
    if (k->frames > 0 && !k->wal_restarted) {
        k->wal_restarted = true;
        store_wal_restart(k->store);
    }
    /* After a window's first frame of a screenful: its count, then the rest, a frame each. */
    if (k->progressive && k->partial_list && k->frames > 0) {
        if (!k->partial_counted)
            count_list(k);
        else
            run_effect(k, EFFECT_LOAD_EVENTS);
    }
    kiosk_build(k);
    if (k->need_draw) {
        gfx_draw(k->gfx, &k->ui);
        k->need_draw = false;
        k->frames++;
    }
    bool idle = kiosk_now(k) - k->app.last_input_ms >= KIOSK_CHECKPOINT_IDLE_MS;
    if (k->uncheckpointed > 0 && (idle || k->uncheckpointed >= KIOSK_CHECKPOINT_EVERY)) {
        k->uncheckpointed = 0;
        if (store_checkpoint(k->store) < 0) fprintf(stderr, "aukio: WAL checkpoint failed\n");
    }
}

void kiosk_start_staff(Kiosk *k)
{
    run_effect(k, EFFECT_STAFF_PIN_STATE);
}

/* ==== Speech ================================================================================ */

#define TONE_HZ 880
#define TONE_MS 250
#define SAY_MAX 4096

/* ---- The engine ---------------------------------------------------------------------------- */

/* Starts the engine the first time speech is needed (speech mode, "Read aloud"): espeak-ng's
 * data is some 7 MB of memory a kiosk nobody asks to speak need not hold. Returns whether there
 * is an engine; a failure is said once on stderr, and the kiosk runs on without speech. */
static bool speech_ready(Kiosk *k)
{
    if (k->speech) return true;
    if (k->speech_failed) return false;
    char err[256];
    SpeechSink sink;
    if (k->speech_headless) {
        k->speech_wav = speech_wav_new(k->speech_dir, err, sizeof err);
        if (!k->speech_wav) goto fail;
        sink = speech_wav_sink(k->speech_wav);
        k->speech = speech_new(&sink, SPEECH_KEEP_ALL, err, sizeof err);
    } else {
        /* espeak-ng synthesises at 22050 Hz: the device is opened for that. */
        k->audio = audio_new(22050, err, sizeof err);
        if (!k->audio) goto fail;
        sink = audio_sink(k->audio);
        k->speech = speech_new(&sink, 0, err, sizeof err);
    }
    if (!k->speech) goto fail;
    speech_set_volume(k->speech, k->app.volume);
    return true;
fail:
    fprintf(stderr, "aukio: %s (running without speech)\n", err);
    audio_free(k->audio);
    k->audio = NULL;
    speech_wav_free(k->speech_wav);
    k->speech_wav = NULL;
    k->speech_failed = true;
    return false;
}

void kiosk_speech_start(Kiosk *k, const char *wav_dir)
{
    k->touch = calloc(1, sizeof *k->touch);
    if (k->touch) speech_touch_init(k->touch);
    k->speech_headless = wav_dir != NULL;
    snprintf(k->speech_dir, sizeof k->speech_dir, "%s", wav_dir ? wav_dir : "");
    /* A kiosk that offers speech, or keeps it on, speaks from the start. */
    if (k->app.speech_config != SPEECH_CONFIG_OFF) speech_ready(k);
}

void kiosk_speech_stop(Kiosk *k)
{
    speech_free(k->speech); /* headless: waits for the last WAV to be written */
    k->speech = NULL;
    audio_free(k->audio);
    k->audio = NULL;
    speech_wav_free(k->speech_wav);
    k->speech_wav = NULL;
    free(k->touch);
    k->touch = NULL;
}

static void log_said(Kiosk *k, unsigned id, const char *lang, const char *text)
{
    speech_wav_log(k->speech_wav, id, kiosk_now(k), lang, text);
}

static unsigned say_in(Kiosk *k, Lang lang, const char *text, bool cut)
{
    if (!text || !text[0] || !speech_ready(k)) return 0;
    unsigned id = cut ? speech_say(k->speech, lang, text) : speech_say_next(k->speech, lang, text);
    log_said(k, id, lang_code(lang), text);
    return id;
}

unsigned kiosk_say(Kiosk *k, const char *text)
{
    return say_in(k, k->app.lang, text, true);
}

/* A kiosk that offers speech says how to start it, in each language with its own voice, when
 * the attract screen's rotation shows it. */
static void offer_speech(Kiosk *k)
{
    const App *a = &k->app;
    bool showing = a->screen == SCREEN_ATTRACT && a->attract_index % 2 == 1;
    if (!showing || a->speech_mode || a->speech_config != SPEECH_CONFIG_OFFERED ||
        a->attract_index == k->attract_said)
        return;
    k->attract_said = a->attract_index;
    static const Lang order[LANG_COUNT] = {LANG_FI, LANG_SV, LANG_EN};
    for (int i = 0; i < LANG_COUNT; i++)
        say_in(k, order[i], tr(order[i], "speech.hint"), i == 0);
}

/* The warning: a tone, then its words, through more than one sense (EN 301 549 5.1.3.x). */
static void say_warning(Kiosk *k, const char *text)
{
    if (!speech_ready(k)) return;
    unsigned tone = speech_tone(k->speech, TONE_HZ, TONE_MS);
    log_said(k, tone, NULL, "[tone]");
    say_in(k, k->app.lang, text, false);
}

/* ---- Screens ------------------------------------------------------------------------------- */

/* What makes a new screen for speech mode: what is shown, the dialog over it, the language. */
static unsigned screen_key(const App *a)
{
    return (unsigned)a->screen | (unsigned)a->dialog << 4 | (unsigned)a->picker << 7 |
           (unsigned)(a->idle_warning_s > 0) << 9 | (unsigned)a->mine.step << 10 |
           (unsigned)a->feedback_step << 13 | (unsigned)a->confirming << 14 |
           (unsigned)a->lang << 15 | (unsigned)a->speech_mode << 17 |
           (unsigned)(a->screen == SCREEN_DETAIL && a->detail_loaded) << 18;
}

static void say_intro(Kiosk *k, const char *before)
{
    char intro[1024], text[SAY_MAX];
    speech_screen_intro(&k->ui, k->app.lang, intro, sizeof intro);
    snprintf(text, sizeof text, "%s%s%s", before ? before : "", before ? " " : "", intro);
    kiosk_say(k, text);
}

void kiosk_speech_poll(Kiosk *k)
{
    App *a = &k->app;
    if (a->reading) {
        bool done = k->virtual_clock ? kiosk_now(k) >= k->reading_until
                                     : speech_idle(k->speech) && !audio_playing(k->audio);
        if (done) kiosk_dispatch(k, &(Action){.kind = ACT_SPEECH_DONE});
    }
    offer_speech(k);
    unsigned key = screen_key(a);
    if (key == k->screen_said) return;
    unsigned was = k->screen_said;
    k->screen_said = key;
    if (!k->speech) return;
    bool mode_changed = ((key ^ was) >> 17 & 1) != 0;
    if (mode_changed) {
        if (a->speech_mode)
            say_intro(k, tr(a->lang, "speech.on"));
        else
            kiosk_say(k, tr(a->lang, "speech.off"));
    } else if (a->speech_mode) {
        if (k->touch) speech_touch_focus(k->touch, &k->ui, -1); /* swipes start at the top */
        if (a->idle_warning_s > 0 && !(was >> 9 & 1)) {
            char text[SAY_MAX];
            speech_screen_text(&k->ui, text, sizeof text);
            say_warning(k, text);
        } else {
            say_intro(k, NULL);
        }
    }
}

void kiosk_speech_effect(Kiosk *k, EffectKind e)
{
    switch (e) {
    case EFFECT_READ_SCREEN: {
        char *text = malloc(SPEECH_TEXT_MAX);
        if (!text) break;
        speech_screen_text(&k->ui, text, SPEECH_TEXT_MAX);
        k->reading_id = kiosk_say(k, text);
        free(text);
        k->reading_until = kiosk_now(k);
        if (k->virtual_clock && k->reading_id) {
            /* Headless: "Read aloud" lasts as long as its WAV, on the virtual clock. */
            speech_wait(k->speech);
            k->reading_until += speech_length_ms(k->speech, k->reading_id);
        }
        break;
    }
    case EFFECT_SPEECH_STOP:
        speech_stop(k->speech);
        k->reading_id = 0;
        break;
    case EFFECT_SPEECH_MODE:
        break; /* announced by kiosk_speech_poll once the screen is built */
    case EFFECT_VOLUME: {
        speech_set_volume(k->speech, k->app.volume);
        char text[128];
        snprintf(text, sizeof text, tr(k->app.lang, "speech.volume"), k->app.volume);
        kiosk_say(k, text);
        break;
    }
    default:
        break;
    }
}

/* ---- Gestures ------------------------------------------------------------------------------ */

static void touch_pointer(void *ctx, int kind, int x, int y)
{
    Kiosk *k = ctx;
    Action out[4];
    int64_t t = kiosk_now(k);
    kiosk_build(k);
    int n = kind == 0   ? ui_pointer_down(&k->ui, x, y, t, out)
            : kind == 1 ? ui_pointer_move(&k->ui, x, y, t, out)
                        : ui_pointer_up(&k->ui, x, y, t, out);
    for (int i = 0; i < n; i++)
        kiosk_dispatch(k, &out[i]);
}

static const Ui *touch_ui(void *ctx)
{
    Kiosk *k = ctx;
    kiosk_build(k);
    return &k->ui;
}

static void touch_toggle(void *ctx)
{
    Kiosk *k = ctx;
    if (!k->app.speech_mode && !speech_ready(k)) return; /* no voice: no speech mode */
    kiosk_dispatch(k, &(Action){.kind = ACT_SPEECH_MODE});
}

static bool touch_patient(void *ctx, int x, int y)
{
    Kiosk *k = ctx;
    if (k->app.screen != SCREEN_ATTRACT) return false;
    int i = speech_node_at(&k->ui, x, y);
    return i >= 0 && k->ui.nodes[i].action.kind == ACT_OPEN_EVENT;
}

static void touch_explore(void *ctx, int i)
{
    Kiosk *k = ctx;
    char text[SAY_MAX];
    speech_describe(&k->ui, i, k->app.lang, text, sizeof text);
    kiosk_say(k, text);
}

static void touch_touch(void *ctx)
{
    Kiosk *k = ctx;
    kiosk_dispatch(k, &(Action){.kind = ACT_SPEECH_TOUCH});
}

static void touch_volume(void *ctx, int step)
{
    Kiosk *k = ctx;
    kiosk_dispatch(k, &(Action){.kind = ACT_VOLUME, .a = step});
}

static void touch_scroll(void *ctx, int area, float by)
{
    Kiosk *k = ctx;
    kiosk_dispatch(k, &(Action){.kind = ACT_SCROLL_BY, .a = area, .f = by});
    kiosk_build(k);
}

/* The last word of TEXT (up to its end) into OUT. */
static void last_word(const char *text, char *out, size_t n)
{
    size_t end = strlen(text);
    while (end > 0 && text[end - 1] == ' ')
        end--;
    size_t start = end;
    while (start > 0 && text[start - 1] != ' ')
        start--;
    snprintf(out, n, "%.*s", (int)(end - start), text + start);
}

/* The form's error texts now on screen (drawn in COL_BAD), or "". */
static void errors_shown(const Ui *ui, char *out, size_t n)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < ui->n && len + 2 < n; i++) {
        const UiNode *t = &ui->nodes[i];
        if (t->role != ROLE_TEXT || t->fg != COL_BAD || !t->text || !ui_node_visible(ui, i))
            continue;
        int w = snprintf(out + len, n - len, "%s%s", len ? " " : "", t->text);
        if (w < 0 || (size_t)w >= n - len) break;
        len += (size_t)w;
    }
}

static void touch_activate(void *ctx, int i)
{
    Kiosk *k = ctx;
    UiNode n = k->ui.nodes[i];
    bool key = n.role == ROLE_KEY;
    char before[512] = "";
    Field field = k->app.focus;
    if (key && field != FIELD_NONE)
        snprintf(before, sizeof before, "%s", app_field_text(&k->app, field));
    unsigned screen = screen_key(&k->app);
    kiosk_dispatch(k, &n.action);
    kiosk_build(k);
    if (screen != screen_key(&k->app)) return; /* the new screen is announced */
    char text[SAY_MAX];
    if (key) {
        /* Typed text is spoken back by word: at a space, or when Enter leaves the field. */
        const char *after = field != FIELD_NONE ? app_field_text(&k->app, field) : "";
        size_t bl = strlen(before), al = strlen(after);
        bool spaced = al == bl + 1 && after[al - 1] == ' ';
        if ((spaced || k->app.focus != field) && before[0]) {
            last_word(before, text, sizeof text);
            kiosk_say(k, text);
        }
        return;
    }
    if (k->app.reading) return; /* "Read aloud" speaks now: nothing to cut it */
    errors_shown(&k->ui, text, sizeof text);
    if (text[0]) {
        kiosk_say(k, text);
        return;
    }
    /* The same screen: say the element again, in its new state ("selected"). */
    int f = speech_touch_focused(k->touch, &k->ui);
    if (f >= 0) touch_explore(k, f);
}

static SpeechTouchHost touch_host(Kiosk *k)
{
    return (SpeechTouchHost){k,
                             touch_pointer,
                             touch_ui,
                             touch_toggle,
                             touch_patient,
                             touch_explore,
                             touch_activate,
                             touch_touch,
                             touch_volume,
                             touch_scroll};
}

void kiosk_pointer(Kiosk *k, int kind, int x, int y, int64_t t)
{
    if (!k->touch || k->speech_failed) {
        touch_pointer(k, kind, x, y);
        return;
    }
    SpeechTouchHost h = touch_host(k);
    bool on = k->app.speech_mode;
    if (kind == 0)
        speech_touch_down(k->touch, &h, on, x, y, t);
    else if (kind == 1)
        speech_touch_move(k->touch, &h, on, x, y, t);
    else
        speech_touch_up(k->touch, &h, on, x, y, t);
}

void kiosk_speech_tick(Kiosk *k)
{
    if (!k->touch || k->speech_failed) return;
    SpeechTouchHost h = touch_host(k);
    speech_touch_tick(k->touch, &h, kiosk_now(k));
}

void kiosk_speech_settle(Kiosk *k)
{
    if (!k->touch || k->speech_failed) return;
    SpeechTouchHost h = touch_host(k);
    speech_touch_settle(k->touch, &h);
}

int64_t kiosk_next_wakeup(const Kiosk *k)
{
    int64_t next = app_next_wakeup(&k->app);
    if (k->touch) {
        int64_t t = speech_touch_wakeup(k->touch);
        if (t < next) next = t;
    }
    if (k->app.reading) {
        int64_t t = k->virtual_clock ? k->reading_until : kiosk_now(k) + 100;
        if (t < next) next = t;
    }
    return next;
}
