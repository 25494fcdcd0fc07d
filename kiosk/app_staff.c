/*
 * app_staff.c: staff mode's part of app_update: the hold on the kiosk's name that opens the PIN
 * pad, the pad (getting in, the first PIN, a new PIN), the staff screens and what the store
 * answered them. Part of app_update (see app_internal.h); it calls nothing in app.c: leaving staff
 * mode is app.c's reset, asked for by app_staff_update's answer.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app_internal.h"
#include "util.h"

bool app_staff_screen(Screen s)
{
    return s == SCREEN_STAFF_PAD || s == SCREEN_STAFF_HOME || s == SCREEN_STAFF_SYNC ||
           s == SCREEN_STAFF_EVENTS || s == SCREEN_STAFF_SIGNUPS || s == SCREEN_STAFF_EXPORT ||
           s == SCREEN_STAFF_SPOT || s == SCREEN_STAFF_VENUE || s == SCREEN_STAFF_HUB;
}

bool app_staff_setup(const App *app)
{
    return app->screen == SCREEN_STAFF_PAD &&
           (app->staff.pad == PAD_SETUP || app->staff.pad == PAD_SETUP_AGAIN);
}

bool app_staff_result(ActionKind k)
{
    return k == ACT_STAFF_PIN_STATE || k == ACT_STAFF_PIN_RESULT || k == ACT_STAFF_PIN_SAVED ||
           k == ACT_STAFF_SYNC_LOADED || k == ACT_STAFF_SIGNUPS_LOADED || k == ACT_STAFF_OP_DONE ||
           k == ACT_STAFF_EXPORT_TARGETS || k == ACT_STAFF_EXPORT_DONE ||
           k == ACT_STAFF_IMPORT_DONE || k == ACT_STAFF_VENUE_SAVED || k == ACT_STAFF_SPOT_DONE ||
           k == ACT_STAFF_HUB_DONE;
}

bool app_staff_takes(const App *app, const Action *act)
{
    if (act->kind >= ACT_STAFF_HOLD && act->kind <= ACT_STAFF_VENUE_SAVED) return true;
    /* Back, and the digits of a physical keyboard on the pad. The venue and "New event"
     * screens' text fields take typing as the form's do (app_fields.c), all but Escape, which is
     * Back. */
    if (!app_staff_screen(app->screen)) return false;
    /* A scanner ends the enrolment code with Enter: that connects (app_staff_update). */
    if (app->screen == SCREEN_STAFF_HUB)
        return act->kind == ACT_BACK ||
               (act->kind == ACT_KEY && (act->a == KEY_ESCAPE || act->a == KEY_ENTER));
    if (app->screen == SCREEN_STAFF_VENUE || app->screen == SCREEN_STAFF_SPOT)
        return act->kind == ACT_BACK || (act->kind == ACT_KEY && act->a == KEY_ESCAPE);
    return act->kind == ACT_BACK || act->kind == ACT_TEXT || act->kind == ACT_KEY;
}

int app_staff_locked_s(const App *app)
{
    int64_t left = app->staff.locked_until_ms - app->now_ms;
    return left > 0 ? (int)((left + 999) / 1000) : 0;
}

static void free_signups(App *app)
{
    free(app->staff.signups);
    app->staff.signups = NULL;
    app->staff.n_signups = 0;
    app->staff.signups_loaded = false;
}

static void clear_pad(App *app)
{
    memset(app->staff.typed, 0, sizeof app->staff.typed);
    memset(app->staff.first, 0, sizeof app->staff.first);
    app->staff.message = PAD_MSG_NONE;
}

void app_staff_wipe(App *app)
{
    StaffState *st = &app->staff;
    free_signups(app);
    clear_pad(app);
    memset(&st->sync, 0, sizeof st->sync);
    memset(&st->ex, 0, sizeof st->ex);
    memset(&st->spot, 0, sizeof st->spot);
    memset(&st->venue, 0, sizeof st->venue);
    sodium_memzero(&st->hub, sizeof st->hub); /* an enrolment token, once typed */
    st->event_id[0] = '\0';
    st->event_row = -1;
    st->ask = STAFF_ASK_NONE;
    st->op_failed = false;
    st->holding = false;
    st->hold_fired = false;
    st->checking = false;
    app->staff_mode = false;
    /* Kept: whether a PIN is set, and the lock (the store has them too). */
}

static void go(App *app, Screen s)
{
    if (app->screen == SCREEN_STAFF_SIGNUPS && s != SCREEN_STAFF_SIGNUPS) free_signups(app);
    /* The home's sync tile and the sync screen say what the store has now. */
    if (s == SCREEN_STAFF_HOME || s == SCREEN_STAFF_SYNC)
        app_push_effect(app, EFFECT_STAFF_LOAD_SYNC);
    /* The export screen looks for the sticks each time it opens, and forgets the last file. */
    if (s == SCREEN_STAFF_EXPORT) {
        app->staff.ex.loaded = false;
        app->staff.ex.result = STAFF_EX_NONE;
        app->staff.ex.busy = false;
        app->staff.ex.importing = false;
        app->staff.ex.import_result = STAFF_IMPORT_NONE;
        app_push_effect(app, EFFECT_STAFF_EXPORT_TARGETS);
    }
    if (s == SCREEN_STAFF_SPOT) app_staff_spot_open(app);
    if (s == SCREEN_STAFF_VENUE) app_staff_venue_open(app);
    if (app->focus != FIELD_NONE) app_focus_field(app, FIELD_NONE);
    if (s == SCREEN_STAFF_HUB) app_staff_hub_open(app); /* the field takes the scanner at once */
    app->screen = s;
    app->scroll[SCROLL_STAFF] = (Scroll){0};
    app->staff.ask = STAFF_ASK_NONE;
    app->dirty = true;
}

static void open_pad(App *app, StaffPad pad)
{
    clear_pad(app);
    app->staff.pad = pad;
    if (pad == PAD_ENTER) {
        app->staff.pad_back = app->screen;
        app_push_effect(app, EFFECT_STAFF_PIN_STATE); /* the lock, as the store has it */
    }
    go(app, SCREEN_STAFF_PAD);
}

/* ---- The way in ------------------------------------------------------------------------- */

static void hold(App *app, const Action *act)
{
    StaffState *st = &app->staff;
    bool visitor_home = app->screen == SCREEN_LIST || app->screen == SCREEN_ATTRACT;
    if (act->b == 1) {
        if (!visitor_home || app->staff_mode || !st->pin_known) return;
        st->holding = true;
        st->hold_fired = false;
        st->hold_since_ms = app->now_ms;
        return;
    }
    /* Lifted early: on the attract screen that was a touch, which wakes the kiosk. */
    if (st->holding && !st->hold_fired && app->screen == SCREEN_ATTRACT) {
        app->screen = SCREEN_LIST;
        app->dirty = true;
    }
    st->holding = false;
}

void app_staff_tick(App *app)
{
    StaffState *st = &app->staff;
    if (st->holding && !st->hold_fired && app->now_ms - st->hold_since_ms >= APP_STAFF_HOLD_MS) {
        st->hold_fired = true;
        st->holding = false;
        open_pad(app, st->pin_set ? PAD_ENTER : PAD_SETUP);
    }
    /* The lock's countdown, each second. */
    if (app->screen == SCREEN_STAFF_PAD && st->locked_until_ms) {
        if (app->now_ms >= st->locked_until_ms) {
            st->locked_until_ms = 0;
            if (st->message == PAD_MSG_LOCKED) st->message = PAD_MSG_NONE;
        }
        app->dirty = true;
    }
}

int64_t app_staff_wakeup(const App *app)
{
    const StaffState *st = &app->staff;
    int64_t next = INT64_MAX;
    if (st->holding && !st->hold_fired) next = st->hold_since_ms + APP_STAFF_HOLD_MS;
    if (app->screen == SCREEN_STAFF_PAD && st->locked_until_ms > app->now_ms) {
        int64_t step = (st->locked_until_ms - app->now_ms) % 1000;
        int64_t sec = app->now_ms + (step > 0 ? step : 1000);
        if (sec < next) next = sec;
    }
    return next;
}

/* ---- The pad ---------------------------------------------------------------------------- */

static void pad_ok(App *app)
{
    StaffState *st = &app->staff;
    if (strlen(st->typed) < APP_STAFF_PIN_MIN) {
        st->message = PAD_MSG_SHORT;
        return;
    }
    switch (st->pad) {
    case PAD_ENTER:
        st->checking = true;
        app_push_effect(app, EFFECT_STAFF_PIN_CHECK);
        break;
    case PAD_SETUP:
    case PAD_NEW:
        memcpy(st->first, st->typed, sizeof st->first);
        memset(st->typed, 0, sizeof st->typed);
        st->pad = st->pad == PAD_SETUP ? PAD_SETUP_AGAIN : PAD_NEW_AGAIN;
        st->message = PAD_MSG_NONE;
        break;
    case PAD_SETUP_AGAIN:
    case PAD_NEW_AGAIN:
        if (strcmp(st->first, st->typed) != 0) {
            StaffPad again = st->pad == PAD_SETUP_AGAIN ? PAD_SETUP : PAD_NEW;
            clear_pad(app);
            st->pad = again;
            st->message = PAD_MSG_MISMATCH;
            break;
        }
        st->checking = true;
        app_push_effect(app, EFFECT_STAFF_PIN_SAVE);
        break;
    }
}

static void pad_key(App *app, int key)
{
    StaffState *st = &app->staff;
    if (app->screen != SCREEN_STAFF_PAD || st->checking) return;
    bool locked = st->pad == PAD_ENTER && app_staff_locked_s(app) > 0;
    size_t n = strlen(st->typed);
    app->dirty = true;
    if (key >= 0 && key <= 9) {
        if (locked || n >= APP_STAFF_PIN_MAX) return;
        st->typed[n] = (char)('0' + key);
        if (st->message != PAD_MSG_MISMATCH || n > 0) st->message = PAD_MSG_NONE;
    } else if (key == STAFF_KEY_BACK) {
        if (n > 0) st->typed[n - 1] = '\0';
    } else if (key == STAFF_KEY_OK && !locked) {
        pad_ok(app);
    }
}

static void pad_cancel(App *app)
{
    StaffState *st = &app->staff;
    if (app->screen != SCREEN_STAFF_PAD || st->checking || app_staff_setup(app)) return;
    clear_pad(app);
    if (st->pad == PAD_ENTER) {
        go(app, SCREEN_LIST); /* the pad opened over the list or the attract screen */
    } else {
        go(app, SCREEN_STAFF_HOME);
    }
}

/* A physical keyboard on the pad: digits, backspace, enter; escape cancels. */
static void pad_keyboard(App *app, const Action *act)
{
    if (app->screen != SCREEN_STAFF_PAD) return;
    if (act->kind == ACT_TEXT && act->s) {
        for (const char *p = act->s; *p; p++)
            if (*p >= '0' && *p <= '9') pad_key(app, *p - '0');
    } else if (act->kind == ACT_KEY && act->a == KEY_BACKSPACE) {
        pad_key(app, STAFF_KEY_BACK);
    } else if (act->kind == ACT_KEY && act->a == KEY_ENTER) {
        pad_key(app, STAFF_KEY_OK);
    } else if (act->kind == ACT_KEY && act->a == KEY_ESCAPE) {
        pad_cancel(app);
    }
}

static void pin_result(App *app, const Action *act)
{
    StaffState *st = &app->staff;
    st->checking = false;
    memset(st->typed, 0, sizeof st->typed);
    st->locked_until_ms = act->t > app->now_ms ? act->t : 0;
    app->dirty = true;
    switch (act->a) {
    case STAFF_PIN_OK:
        clear_pad(app);
        app->staff_mode = true;
        go(app, SCREEN_STAFF_HOME);
        break;
    case STAFF_PIN_WRONG:
        st->message = st->locked_until_ms ? PAD_MSG_LOCKED : PAD_MSG_WRONG;
        break;
    case STAFF_PIN_LOCKED:
        st->message = PAD_MSG_LOCKED;
        break;
    case STAFF_PIN_NONE:
        st->pin_set = false;
        open_pad(app, PAD_SETUP);
        break;
    default:
        st->message = PAD_MSG_FAILED;
        break;
    }
}

static void pin_saved(App *app, const Action *act)
{
    StaffState *st = &app->staff;
    bool setup = st->pad == PAD_SETUP_AGAIN;
    st->checking = false;
    clear_pad(app);
    app->dirty = true;
    if (act->a != 0) {
        st->pad = setup ? PAD_SETUP : PAD_NEW;
        st->message = PAD_MSG_FAILED;
        return;
    }
    st->pin_set = true;
    st->locked_until_ms = 0;
    if (setup) {
        /* The first PIN is set: the kiosk opens to visitors. */
        go(app, SCREEN_ATTRACT);
        app_push_effect(app, EFFECT_WIPE);
    } else {
        go(app, SCREEN_STAFF_HOME);
        st->message = PAD_MSG_CHANGED;
    }
}

/* ---- The staff screens ------------------------------------------------------------------ */

static StaffSignup *signup_at(App *app, int i)
{
    return i >= 0 && i < app->staff.n_signups ? &app->staff.signups[i] : NULL;
}

const EventRow *app_staff_event(const App *app)
{
    /* By id: a reload (after a change, or a sync) may have moved the row. */
    int i = app->staff.event_row;
    if (i >= 0 && i < app->n_rows && strcmp(app->rows[i].id, app->staff.event_id) == 0)
        return &app->rows[i];
    for (i = 0; app->staff.event_id[0] && i < app->n_rows; i++)
        if (strcmp(app->rows[i].id, app->staff.event_id) == 0) return &app->rows[i];
    return NULL;
}

bool app_staff_can_promote(const App *app, int i)
{
    const EventRow *row = app_staff_event(app);
    if (i < 0 || i >= app->staff.n_signups || !row) return false;
    const StaffSignup *su = &app->staff.signups[i];
    if (su->state != STAFF_SU_WAITLISTED || !su->local_only) return false;
    int left = rules_seats_left(row);
    return left < 0 || left >= su->group_size;
}

static void answer(App *app, bool yes)
{
    StaffState *st = &app->staff;
    StaffAsk ask = st->ask;
    st->ask = STAFF_ASK_NONE;
    app->dirty = true;
    if (!yes) return;
    if (ask == STAFF_ASK_CANCEL && signup_at(app, st->ask_index))
        app_push_effect(app, EFFECT_STAFF_CANCEL);
    else if (ask == STAFF_ASK_RESTART)
        app_push_effect(app, EFFECT_STAFF_RESTART);
    else if (ask == STAFF_ASK_QUIT)
        app_push_effect(app, EFFECT_STAFF_QUIT);
}

static void open_event(App *app, int row)
{
    if (row < 0 || row >= app->n_rows) return;
    free_signups(app);
    app->staff.event_row = row;
    str_copy(app->staff.event_id, sizeof app->staff.event_id, app->rows[row].id);
    app->staff.op_failed = false;
    go(app, SCREEN_STAFF_SIGNUPS);
    app_push_effect(app, EFFECT_STAFF_LOAD_SIGNUPS);
}

/* Back on a staff screen: to the staff home, or from the pad where it came from. */
static void back(App *app)
{
    if (app->staff.ask != STAFF_ASK_NONE) {
        app->staff.ask = STAFF_ASK_NONE;
        app->dirty = true;
    } else if ((app->screen == SCREEN_STAFF_SPOT || app->screen == SCREEN_STAFF_VENUE ||
                app->screen == SCREEN_STAFF_HUB) &&
               app->focus != FIELD_NONE) {
        app_focus_field(app, FIELD_NONE); /* the keyboard goes first */
    } else if (app->screen == SCREEN_STAFF_PAD) {
        pad_cancel(app);
    } else if (app->screen == SCREEN_STAFF_SIGNUPS) {
        go(app, SCREEN_STAFF_EVENTS);
    } else if (app->screen != SCREEN_STAFF_HOME) {
        go(app, SCREEN_STAFF_HOME);
    }
}

/* The actions of the staff screens, taken only in staff mode. */
static bool update_screens(App *app, const Action *act)
{
    StaffState *st = &app->staff;
    switch (act->kind) {
    case ACT_STAFF_GO:
        if (act->a == SCREEN_STAFF_HOME || act->a == SCREEN_STAFF_SYNC ||
            act->a == SCREEN_STAFF_EVENTS || act->a == SCREEN_STAFF_EXPORT ||
            act->a == SCREEN_STAFF_SPOT || act->a == SCREEN_STAFF_VENUE ||
            act->a == SCREEN_STAFF_HUB) {
            st->message = PAD_MSG_NONE;
            go(app, (Screen)act->a);
        }
        break;
    case ACT_STAFF_OPEN_EVENT:
        open_event(app, app_row_action_index(app, act));
        break;
    case ACT_STAFF_SYNC_NOW:
        st->sync.asked = true;
        app->dirty = true;
        app_push_effect(app, EFFECT_STAFF_SYNC_NOW);
        app_push_effect(app, EFFECT_STAFF_LOAD_SYNC);
        break;
    case ACT_STAFF_CHANGE_PIN:
        open_pad(app, PAD_NEW);
        break;
    case ACT_STAFF_ASK:
        if (act->a == STAFF_ASK_CANCEL && !signup_at(app, act->b)) break;
        st->ask = (StaffAsk)act->a;
        st->ask_index = act->b;
        app->dirty = true;
        break;
    case ACT_STAFF_ANSWER:
        answer(app, act->a == 1);
        break;
    case ACT_STAFF_PROMOTE:
        if (!app_staff_can_promote(app, act->a)) break;
        st->promote_index = act->a;
        app_push_effect(app, EFFECT_STAFF_PROMOTE);
        break;
    case ACT_STAFF_CHECKIN: {
        StaffSignup *su = signup_at(app, act->a);
        if (!su || su->state == STAFF_SU_CANCELLED || su->state == STAFF_SU_REJECTED) break;
        st->promote_index = act->a;
        app_push_effect(app, EFFECT_STAFF_CHECKIN);
        break;
    }
    case ACT_STAFF_EXPORT_TARGET:
    case ACT_STAFF_EXPORT:
    case ACT_STAFF_IMPORT:
        app_staff_export_update(app, act);
        break;
    case ACT_STAFF_VENUE_MODE:
    case ACT_STAFF_VENUE_PICK:
    case ACT_STAFF_VENUE_TEXT_LANG:
    case ACT_STAFF_VENUE_SHOW_ALL:
    case ACT_STAFF_VENUE_LANG:
    case ACT_STAFF_VENUE_SAVE:
        app_staff_venue_update(app, act);
        break;
    case ACT_STAFF_LEAVE:
        return true;
    case ACT_BACK:
        back(app);
        break;
    case ACT_STAFF_SPOT_STEP:
    case ACT_STAFF_SPOT_LANG:
    case ACT_STAFF_SPOT_ADD:
    case ACT_STAFF_SPOT_REMOVE:
    case ACT_STAFF_SPOT_MAKE:
        app_staff_spot_update(app, act);
        break;
    case ACT_STAFF_HUB_CONNECT:
        app_staff_hub_update(app, act);
        break;
    default:
        break;
    }
    return false;
}

/* What the store answered. */
static void update_results(App *app, const Action *act)
{
    StaffState *st = &app->staff;
    switch (act->kind) {
    case ACT_STAFF_PIN_STATE:
        st->pin_known = true;
        st->pin_set = act->a == 1;
        st->locked_until_ms = act->t > app->now_ms ? act->t : 0;
        if (!st->pin_set && app->screen != SCREEN_STAFF_PAD) open_pad(app, PAD_SETUP);
        if (app->screen == SCREEN_STAFF_PAD && st->locked_until_ms && st->pad == PAD_ENTER)
            st->message = PAD_MSG_LOCKED;
        app->dirty = true;
        break;
    case ACT_STAFF_PIN_RESULT:
        pin_result(app, act);
        break;
    case ACT_STAFF_PIN_SAVED:
        pin_saved(app, act);
        break;
    case ACT_STAFF_SYNC_LOADED:
        if (!app->staff_mode || !act->p) break;
        bool asked = st->sync.asked;
        st->sync = *(const StaffSync *)act->p;
        st->sync.asked = asked;
        st->sync.loaded = true;
        app->dirty = true;
        break;
    case ACT_STAFF_SIGNUPS_LOADED:
        free_signups(app);
        if (!app->staff_mode || app->screen != SCREEN_STAFF_SIGNUPS) {
            free(act->p); /* staff mode was left meanwhile: nothing is kept */
            break;
        }
        st->signups = act->p;
        st->n_signups = act->a;
        st->signups_loaded = true;
        app->dirty = true;
        break;
    case ACT_STAFF_EXPORT_TARGETS:
    case ACT_STAFF_EXPORT_DONE:
    case ACT_STAFF_IMPORT_DONE:
        app_staff_export_update(app, act);
        break;
    case ACT_STAFF_SPOT_DONE:
        app_staff_spot_update(app, act);
        break;
    case ACT_STAFF_VENUE_SAVED:
        app_staff_venue_update(app, act);
        break;
    case ACT_STAFF_HUB_DONE:
        app_staff_hub_update(app, act);
        break;
    case ACT_STAFF_OP_DONE:
        st->op_failed = act->a != 0;
        app->dirty = true;
        if (app->staff_mode && app->screen == SCREEN_STAFF_SIGNUPS)
            app_push_effect(app, EFFECT_STAFF_LOAD_SIGNUPS);
        app_push_effect(app, EFFECT_LOAD_EVENTS); /* the counts changed */
        break;
    default:
        break;
    }
}

bool app_staff_update(App *app, const Action *act)
{
    switch (act->kind) {
    case ACT_STAFF_HOLD:
        hold(app, act);
        return false;
    case ACT_STAFF_PAD_KEY:
        pad_key(app, act->a);
        return false;
    case ACT_STAFF_PAD_CANCEL:
        pad_cancel(app);
        return false;
    case ACT_TEXT:
    case ACT_KEY:
        if (app->screen == SCREEN_STAFF_HUB && act->kind == ACT_KEY && act->a == KEY_ENTER)
            app_staff_hub_update(app, &(Action){.kind = ACT_STAFF_HUB_CONNECT});
        else if (app->screen == SCREEN_STAFF_VENUE || app->screen == SCREEN_STAFF_SPOT ||
                 app->screen == SCREEN_STAFF_HUB)
            back(app); /* Escape (app_staff_takes) */
        else
            pad_keyboard(app, act);
        return false;
    default:
        break;
    }
    if (app_staff_result(act->kind)) {
        update_results(app, act);
        return false;
    }
    if (act->kind == ACT_BACK && app->screen == SCREEN_STAFF_PAD) {
        pad_cancel(app);
        return false;
    }
    /* No visitor path leads here: the screens' actions do nothing outside staff mode. */
    if (!app->staff_mode) return false;
    return update_screens(app, act);
}

void app_staff_sync_status(App *app, const Action *act)
{
    bool failing = (act->b & SYNC_FLAG_FAILING) != 0;
    if (!app->sync_enabled || app->sync_last_ok != act->t || app->sync_queued != act->a ||
        app->sync_failing != failing) {
        app->sync_enabled = true;
        app->sync_last_ok = act->t;
        app->sync_queued = act->a;
        app->sync_failing = failing;
        if (app->screen == SCREEN_LIST) app->dirty = true;
        /* The sync screen and the home's tile say it again from the store's record. */
        if (app->staff_mode &&
            (app->screen == SCREEN_STAFF_SYNC || app->screen == SCREEN_STAFF_HOME))
            app_push_effect(app, EFFECT_STAFF_LOAD_SYNC);
    }
    /* Fresh events or seat counts from the hub. */
    if (act->b & SYNC_FLAG_CATALOGUE) app_push_effect(app, EFFECT_LOAD_EVENTS);
}
