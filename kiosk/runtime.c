/*
 * runtime.c: the kiosk assembled: carrying out the app's effects against the store, building and
 * drawing frames, and the headless runner's host. main.c (the program) and the benchmark share it.
 */
#include "runtime.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "datefmt.h"
#include "mine.h"
#include "staff.h"
#include "staff_pin.h"
#include "store_promote.h"
#include "store_staff.h"
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
        sync_thread_poke(k->sync);
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
            sync_thread_poke(k->sync);
        }
        kiosk_dispatch(k, &(Action){.kind = ACT_STAFF_OP_DONE, .a = r == 0 ? 0 : -1});
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

static void run_effect(Kiosk *k, EffectKind e)
{
    trace(k, e, KIOSK_TRACE_START);
    char err[256];
    int64_t now = kiosk_now(k) / 1000;
    switch (e) {
    case EFFECT_LOAD_EVENTS: {
        EventRow *rows = NULL;
        int n = 0;
        /* From the start of today: the feedback screen offers events that ended earlier today. */
        int64_t from = datefmt_day_start(now);
        bool first = k->progressive && k->app.n_rows == 0 && !k->partial_list;
        int rc = first ? store_events_upcoming_first(k->store, from, KIOSK_FIRST_ROWS, &rows, &n,
                                                     err, sizeof(err))
                       : store_events_upcoming(k->store, from, &rows, &n, err, sizeof(err));
        k->partial_list = first;
        if (rc != 0) {
            fprintf(stderr, "aukio: loading events: %s\n", err);
            return;
        }
        kiosk_dispatch(k, &(Action){.kind = ACT_EVENTS_LOADED, .p = rows, .a = n});
        break;
    }
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
            bool ask = res.outcome == SIGNUP_PROVISIONAL && k->express &&
                       kiosk_wall_ms() >= k->express_quiet_until &&
                       sync_express_ask(k->express, res.uuid, SYNC_EXPRESS_DEADLINE_MS);
            if (res.outcome != SIGNUP_REJECTED && !ask) sync_thread_poke(k->sync); /* soon */
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
            sync_thread_poke(k->sync);
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
            sync_thread_poke(k->sync);
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
        int a = mine_lookup(k->store, k->lookup, k->app.mine.code, &su);
        if (a != MINE_ASKED)
            kiosk_dispatch(k, &(Action){.kind = ACT_MINE_RESULT, .a = a, .p = &su});
        break;
    }
    case EFFECT_MINE_CANCEL: {
        bool poke = false;
        int a = mine_cancel(k->store, k->lookup, &k->app.mine.found, now, &poke);
        if (poke) {
            k->uncheckpointed++;
            sync_thread_poke(k->sync); /* the cancel op goes, and the seat to the next in line */
        }
        if (a != MINE_ASKED) kiosk_dispatch(k, &(Action){.kind = ACT_MINE_CANCEL_DONE, .a = a});
        break;
    }
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
    if (!k->express || !sync_express_take(k->express, wait, &a)) return;
    k->express_quiet_until =
        a.result == SYNC_ERR_NET ? kiosk_wall_ms() + KIOSK_EXPRESS_QUIET_MS : 0;
    SignupStatus su;
    SignupResult res;
    char err[256];
    int rc = store_signup_by_uuid(k->store, a.uuid, &su, err, sizeof err);
    if (rc < 0) fprintf(stderr, "aukio: reading a sign-up's answer: %s\n", err);
    if (rc != 0) return; /* the app's own deadline ends its wait */
    express_result(&su, &res);
    sync_thread_poke(k->sync); /* settle and top up the grants, pull the new counts */
    kiosk_dispatch(k, &(Action){.kind = ACT_SIGNUP_ANSWER, .p = &res});
}

void kiosk_poll_lookup(Kiosk *k, bool wait)
{
    SyncLookupAnswer a;
    if (!k->lookup || !sync_lookup_take(k->lookup, wait, &a)) return;
    MineSignup su;
    bool cancel;
    memset(&su, 0, sizeof su);
    int r = mine_answer(&a, &su, &cancel);
    if (cancel && r == MINE_FOUND_IT) sync_thread_poke(k->sync); /* the new counts, soon */
    kiosk_dispatch(k, cancel ? &(Action){.kind = ACT_MINE_CANCEL_DONE, .a = r}
                             : &(Action){.kind = ACT_MINE_RESULT, .a = r, .p = &su});
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
void kiosk_build(Kiosk *k)
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
        for (int i = 0; i < n; i++)
            kiosk_dispatch(k, &req[i]);
    }
}

void kiosk_frame(Kiosk *k)
{
    kiosk_poll_express(k, false);
    kiosk_poll_lookup(k, false);
    /* The first frame showed a screenful; the rest of the list comes now that it is up. */
    if (k->partial_list && k->frames > 0) run_effect(k, EFFECT_LOAD_EVENTS);
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

/* ---- Headless host ---------------------------------------------------------------------- */

static void host_pointer(void *ctx, int kind, int x, int y)
{
    Kiosk *k = ctx;
    kiosk_poll_express(k, true);
    kiosk_poll_lookup(k, true);
    kiosk_build(k);
    Action out[4];
    int n = kind == 0   ? ui_pointer_down(&k->ui, x, y, k->clock_ms, out)
            : kind == 1 ? ui_pointer_move(&k->ui, x, y, k->clock_ms, out)
                        : ui_pointer_up(&k->ui, x, y, k->clock_ms, out);
    for (int i = 0; i < n; i++)
        kiosk_dispatch(k, &out[i]);
    kiosk_build(k);
}

static void host_text(void *ctx, const char *utf8)
{
    Kiosk *k = ctx;
    kiosk_dispatch(k, &(Action){.kind = ACT_TEXT, .s = utf8});
}

static void host_key(void *ctx, AppKey key)
{
    Kiosk *k = ctx;
    kiosk_dispatch(k, &(Action){.kind = ACT_KEY, .a = (int)key});
}

static void host_advance(void *ctx, int64_t ms)
{
    Kiosk *k = ctx;
    /* The hub's answer takes real time; a headless run waits for it as a visitor would. */
    kiosk_poll_express(k, true);
    kiosk_poll_lookup(k, true);
    int64_t end = k->clock_ms + ms;
    /* Step as a real kiosk would wake: every frame while something moves, else at the next
     * timer. */
    while (k->clock_ms < end) {
        kiosk_build(k);
        int64_t next = app_next_wakeup(&k->app);
        int64_t step = next - k->clock_ms;
        if (step < 16) step = 16;
        if (k->clock_ms + step > end) step = end - k->clock_ms;
        k->clock_ms += step;
        kiosk_dispatch(k, &(Action){.kind = ACT_TICK, .t = k->clock_ms});
    }
    kiosk_build(k);
}

static const Ui *host_ui(void *ctx)
{
    Kiosk *k = ctx;
    kiosk_poll_express(k, true);
    kiosk_poll_lookup(k, true);
    kiosk_build(k);
    return &k->ui;
}

static int host_shot(void *ctx, const char *path, char *err, size_t errlen)
{
    Kiosk *k = ctx;
    kiosk_poll_express(k, true);
    kiosk_poll_lookup(k, true);
    kiosk_build(k);
    gfx_draw(k->gfx, &k->ui);
    return gfx_save_png(k->gfx, path, err, errlen);
}

void kiosk_start_staff(Kiosk *k)
{
    run_effect(k, EFFECT_STAFF_PIN_STATE);
}

ScriptHost kiosk_script_host(Kiosk *k)
{
    return (ScriptHost){k, host_pointer, host_text, host_key, host_advance, host_ui, host_shot};
}
