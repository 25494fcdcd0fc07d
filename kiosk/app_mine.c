/*
 * app_mine.c: "My sign-up": a visitor types their confirmation code, sees the sign-up's status
 * and may cancel it. Part of app_update (app_internal.h); it calls nothing in app.c.
 *
 * Codes are six letters of 31, so one code in about 887 million is a guess's chance; what keeps
 * guessing at the screen from paying is the wrong-code count (MineGuard), which makes the
 * visitor wait after APP_MINE_FREE_TRIES wrong codes in a row, longer after each further one.
 * It lives in App, not in the visitor's state, so idle does not clear it; it decays slowly.
 */
#include <ctype.h>
#include <string.h>

#include "app_internal.h"
#include "util.h"

/* Queues effect E for runtime.c (once). */
static void push_effect(App *app, EffectKind e)
{
    for (int i = 0; i < app->n_effects; i++)
        if (app->effects[i] == e) return;
    if (app->n_effects < APP_MAX_EFFECTS) app->effects[app->n_effects++] = e;
}

/* The code field gets the focus (and the keyboard), or nothing has it. Here rather than through
 * app_fields.c, which calls this file for the keyboard's Enter. */
static void focus_code(App *app, bool on)
{
    app->focus = on ? FIELD_CODE : FIELD_NONE;
    if (on) {
        osk_init(&app->osk, OSK_MODE_TEXT);
        app->osk.caps = true; /* a confirmation code is upper case */
        app->osk.shift = false;
    }
    app->dirty = true;
}

/* ---- The wrong-code count ----------------------------------------------------------------- */

/* Forgives one wrong code per APP_MINE_FORGIVE_MS since the last. */
static void guard_decay(App *app)
{
    MineGuard *g = &app->mine_guard;
    while (g->fails > 0 && app->now_ms >= g->forgive_at_ms) {
        g->fails--;
        g->forgive_at_ms += APP_MINE_FORGIVE_MS;
    }
}

static void guard_fail(App *app)
{
    MineGuard *g = &app->mine_guard;
    guard_decay(app);
    g->fails++;
    g->forgive_at_ms = app->now_ms + APP_MINE_FORGIVE_MS;
    if (g->fails < APP_MINE_FREE_TRIES) return;
    int64_t delay = APP_MINE_DELAY_MS;
    for (int i = APP_MINE_FREE_TRIES; i < g->fails && delay < APP_MINE_DELAY_MAX_MS; i++)
        delay *= 2;
    if (delay > APP_MINE_DELAY_MAX_MS) delay = APP_MINE_DELAY_MAX_MS;
    g->locked_until_ms = app->now_ms + delay;
}

int app_mine_wait_s(const App *app)
{
    int64_t left = app->mine_guard.locked_until_ms - app->now_ms;
    return left > 0 ? (int)((left + 999) / 1000) : 0;
}

/* ---- The screen --------------------------------------------------------------------------- */

void app_mine_wipe(App *app)
{
    /* A wait under way ends with the screen: its late answer is dropped. */
    if (app->mine.step == MINE_SEARCHING || app->mine.step == MINE_CANCELLING) app->busy = false;
    memset(&app->mine, 0, sizeof app->mine);
    if (app->focus == FIELD_CODE) app->focus = FIELD_NONE;
}

/* TYPED as a code: upper case, without spaces; false unless it is RECORD_CODE_LEN letters of
 * the code's alphabet. */
static bool normalise(const char *typed, char out[RECORD_CODE_LEN + 1])
{
    size_t n = 0;
    for (const char *p = typed; *p; p++) {
        if (*p == ' ' || *p == '-') continue;
        char c = (char)toupper((unsigned char)*p);
        if (!strchr(RECORD_CODE_ALPHABET, c) || n == RECORD_CODE_LEN) return false;
        out[n++] = c;
    }
    out[n] = '\0';
    return n == RECORD_CODE_LEN;
}

void app_mine_lookup(App *app)
{
    MineScreen *m = &app->mine;
    if (app->screen != SCREEN_MINE || m->step != MINE_ENTER || app->busy) return;
    app->dirty = true;
    if (app_mine_wait_s(app) > 0) return;
    if (!normalise(m->typed, m->code)) {
        m->message = MINE_MSG_FORMAT;
        return;
    }
    m->message = MINE_MSG_NONE;
    m->step = MINE_SEARCHING;
    m->since_ms = app->now_ms;
    app->busy = true;
    focus_code(app, false);
    push_effect(app, EFFECT_MINE_LOOKUP);
}

/* A lookup that found nothing, or found no one who answers: one more wrong code. */
static void lookup_failed(App *app, MineMessage why)
{
    app->busy = false;
    app->mine.step = MINE_ENTER;
    app->mine.message = why;
    guard_fail(app);
    focus_code(app, true);
}

static void found(App *app, const MineSignup *su)
{
    app->busy = false;
    app->mine.found = *su;
    app->mine.step = MINE_FOUND;
    app->mine.message = MINE_MSG_NONE;
    /* The code is what was typed: the screen shows the sign-up, no longer the keyboard. */
    memset(app->mine.typed, 0, sizeof app->mine.typed);
    /* The wrong-code count stays: one valid code typed between guesses must not wipe them out
     * (it decays with time only, app_mine_tick). */
    focus_code(app, false);
}

static bool cancellable(const MineSignup *su)
{
    return su->state != MINE_CANCELLED_STATE && su->state != MINE_REJECTED;
}

static void cancel(App *app, int a)
{
    MineScreen *m = &app->mine;
    if (a == MINE_CANCEL_ASK && m->step == MINE_FOUND && cancellable(&m->found)) {
        m->step = MINE_ASK_CANCEL;
        m->message = MINE_MSG_NONE;
    } else if (a == MINE_CANCEL_NO && m->step == MINE_ASK_CANCEL) {
        m->step = MINE_FOUND;
    } else if (a == MINE_CANCEL_YES && m->step == MINE_ASK_CANCEL && !app->busy) {
        m->step = MINE_CANCELLING;
        m->since_ms = app->now_ms;
        m->seat_freed = m->found.state == MINE_CONFIRMED || m->found.state == MINE_PROVISIONAL;
        app->busy = true;
        push_effect(app, EFFECT_MINE_CANCEL);
    } else {
        return;
    }
    app->dirty = true;
}

static void cancel_done(App *app, int a)
{
    MineScreen *m = &app->mine;
    /* A late answer (after the wait ended) still counts while the sign-up is on the screen. */
    if (m->step != MINE_CANCELLING && m->step != MINE_FOUND) return;
    if (m->step == MINE_FOUND && a != MINE_FOUND_IT) return;
    app->busy = false;
    if (a == MINE_FOUND_IT) {
        m->found.state = MINE_CANCELLED_STATE;
        m->found.position = 0;
        m->step = MINE_CANCELLED;
        m->message = MINE_MSG_NONE;
    } else {
        m->step = MINE_FOUND;
        m->message = MINE_MSG_CANCEL_FAILED;
    }
    app->last_input_ms = app->now_ms;
    app->dirty = true;
}

void app_mine_update(App *app, const Action *act)
{
    switch (act->kind) {
    case ACT_GO_MINE:
        app_mine_wipe(app);
        app->screen = SCREEN_MINE;
        focus_code(app, true);
        break;
    case ACT_MINE_LOOKUP:
        app_mine_lookup(app);
        break;
    case ACT_MINE_CANCEL:
        cancel(app, act->a);
        break;
    case ACT_MINE_RESULT:
        /* Only the answer to the lookup under way: a late one (the wait ended) is dropped. */
        if (app->screen != SCREEN_MINE || app->mine.step != MINE_SEARCHING) break;
        if (act->a == MINE_FOUND_IT && act->p)
            found(app, act->p);
        else
            lookup_failed(app,
                          act->a == MINE_NOT_FOUND ? MINE_MSG_NOT_FOUND : MINE_MSG_UNREACHABLE);
        app->last_input_ms = app->now_ms;
        app->dirty = true;
        break;
    case ACT_MINE_CANCEL_DONE:
        if (app->screen == SCREEN_MINE) cancel_done(app, act->a);
        break;
    default:
        break;
    }
}

void app_mine_tick(App *app)
{
    int64_t t = app->now_ms;
    guard_decay(app);
    if (app->screen != SCREEN_MINE) return;
    MineScreen *m = &app->mine;
    if (m->step == MINE_SEARCHING && t - m->since_ms >= APP_MINE_WAIT_MAX_MS) {
        lookup_failed(app, MINE_MSG_UNREACHABLE);
        app->last_input_ms = t;
    } else if (m->step == MINE_CANCELLING && t - m->since_ms >= APP_MINE_WAIT_MAX_MS) {
        app->busy = false;
        m->step = MINE_FOUND;
        m->message = MINE_MSG_CANCEL_FAILED;
        app->last_input_ms = t;
        app->dirty = true;
    }
    if (m->step == MINE_ENTER && app->mine_guard.locked_until_ms > 0) {
        /* The countdown shows whole seconds; and the button comes back when it ends. */
        app->dirty = true;
        if (t >= app->mine_guard.locked_until_ms) app->mine_guard.locked_until_ms = 0;
    }
}

int64_t app_mine_wakeup(const App *app)
{
    if (app->screen != SCREEN_MINE) return INT64_MAX;
    const MineScreen *m = &app->mine;
    if (m->step == MINE_SEARCHING || m->step == MINE_CANCELLING)
        return m->since_ms + APP_MINE_WAIT_MAX_MS;
    int64_t until = app->mine_guard.locked_until_ms;
    if (m->step == MINE_ENTER && until > app->now_ms) {
        /* The next whole second of the countdown. */
        int64_t left = until - app->now_ms;
        int64_t step = left % 1000 ? left % 1000 : 1000;
        return app->now_ms + step;
    }
    return INT64_MAX;
}
