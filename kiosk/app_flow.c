/*
 * app_flow.c: the parts of app_update that guard a visitor's own data: whether the screen holds
 * something they typed, the are-you-still-there countdown before the idle wipe, and the feedback
 * screen (a smiley recorded at once, then its optional follow-up as an update of the same
 * record), and what the confirmation keeps of the visitor. Part of app_update (see app_internal.h);
 * it calls nothing in app.c.
 */
#include <string.h>

#include "app_internal.h"
#include "util.h"

void app_push_effect(App *app, EffectKind e)
{
    for (int i = 0; i < app->n_effects; i++)
        if (app->effects[i] == e) return;
    if (app->n_effects < APP_MAX_EFFECTS) app->effects[app->n_effects++] = e;
}

/* ---- Typed data and the idle countdown -------------------------------------------------- */

static bool form_touched(const SignupRequest *f)
{
    if (f->name[0] || f->email[0] || f->phone[0] || f->consent || f->group_size > 1) return true;
    for (int i = 0; i < EVENT_MAX_QUESTIONS; i++)
        if (f->answers[i][0]) return true;
    return false;
}

bool app_has_typed_data(const App *app)
{
    if (app->screen == SCREEN_FORM) return form_touched(&app->form);
    if (app->screen == SCREEN_FEEDBACK)
        return app->feedback.comment[0] || app->feedback_reasons != 0;
    return false;
}

int64_t app_idle_deadline(const App *app)
{
    /* "Read aloud" is the visitor listening: the countdown starts again when it ends. */
    if (app->reading) return INT64_MAX;
    /* The first PIN is chosen before visitors come; staff mode has its own, longer timeout. */
    if (app->screen == SCREEN_STAFF_PAD &&
        (app->staff.pad == PAD_SETUP || app->staff.pad == PAD_SETUP_AGAIN))
        return INT64_MAX;
    if (app->staff_mode) return app->last_input_ms + APP_STAFF_IDLE_MS;
    bool closing = app->screen == SCREEN_CONFIRM || app->screen == SCREEN_THANKS;
    int64_t timeout = closing ? app->confirm_timeout_ms : app->idle_timeout_ms;
    if (app_has_typed_data(app) && timeout > APP_IDLE_TYPED_MS + APP_IDLE_WARNING_MS)
        timeout = APP_IDLE_TYPED_MS + APP_IDLE_WARNING_MS;
    /* Listening takes longer than reading (EN 301 549 5.1.3.x, time limits): four times as long,
     * and the warning below on every screen. */
    if (app->speech_mode) timeout *= APP_SPEECH_IDLE_FACTOR;
    return app->last_input_ms + timeout;
}

/* Whether the screen warns before its idle reset: with typed data, and in speech mode always. */
static bool warns(const App *app)
{
    return app->speech_mode || app_has_typed_data(app);
}

int app_idle_warning_s(const App *app)
{
    if (app->screen == SCREEN_ATTRACT || app->busy || app->confirming) return 0;
    if (!warns(app)) return 0;
    int64_t left = app_idle_deadline(app) - app->now_ms;
    if (left <= 0 || left > APP_IDLE_WARNING_MS) return 0;
    return (int)((left + 999) / 1000);
}

int64_t app_idle_next_wakeup(const App *app)
{
    int64_t deadline = app_idle_deadline(app);
    if (!warns(app)) return deadline;
    int64_t warn = deadline - APP_IDLE_WARNING_MS;
    if (app->now_ms < warn) return warn;
    /* While the countdown is up: each time its second changes. */
    int64_t step = (deadline - app->now_ms) % 1000;
    int64_t next = app->now_ms + (step > 0 ? step : 1000);
    return next < deadline ? next : deadline;
}

/* ---- Feedback ---------------------------------------------------------------------------- */

/* Reason chips by score: what usually explains a good or a poor one. */
static const char *const GOOD_REASONS[FEEDBACK_MAX_REASONS] = {"instructor", "topic", "time"};
static const char *const POOR_REASONS[FEEDBACK_MAX_REASONS] = {"hard", "bad_time", "space"};

int app_feedback_reasons(int score, const char **ids)
{
    if (score < 1 || score > 4) return 0;
    const char *const *set = score >= 3 ? GOOD_REASONS : POOR_REASONS;
    for (int i = 0; i < FEEDBACK_MAX_REASONS; i++)
        ids[i] = set[i];
    return FEEDBACK_MAX_REASONS;
}

void app_feedback_clear(App *app)
{
    memset(&app->feedback, 0, sizeof(app->feedback));
    app->feedback_step = FEEDBACK_RATE;
    app->feedback_uuid[0] = '\0';
    app->feedback_reasons = 0;
    app->feedback_sending = false;
}

/* The chosen chips as the comma list the record keeps. */
static void reasons_text(App *app)
{
    const char *ids[FEEDBACK_MAX_REASONS];
    int n = app_feedback_reasons(app->feedback.score, ids);
    char *out = app->feedback.reasons;
    size_t cap = sizeof(app->feedback.reasons), used = 0;
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (!(app->feedback_reasons & (1u << i))) continue;
        size_t len = strlen(ids[i]);
        if (used + len + 2 > cap) break;
        if (used) out[used++] = ',';
        memcpy(out + used, ids[i], len + 1);
        used += len;
    }
}

static void score(App *app, int s)
{
    if (s < 1 || s > 4 || app->busy) return;
    bool same_visitor = app->feedback_step == FEEDBACK_FOLLOWUP && app->feedback_uuid[0] &&
                        app->now_ms - app->prev_input_ms < FEEDBACK_SAME_VISITOR_MS;
    app->focus = FIELD_NONE;
    app->busy = true;
    app->store_failed = false;
    app->dirty = true;
    if (same_visitor) {
        /* A changed mind: the record already made gets the new score. Chips of the other
         * kind of score no longer apply. */
        if ((s >= 3) != (app->feedback.score >= 3)) app->feedback_reasons = 0;
        app->feedback.score = s;
        reasons_text(app);
        app_push_effect(app, EFFECT_UPDATE_FEEDBACK);
        return;
    }
    /* A new opinion (the first tap, or a tap long after the last touch): a record of its own,
     * committed now; what the previous visitor left unsent is not theirs to keep. */
    app->feedback_step = FEEDBACK_RATE;
    app->feedback_uuid[0] = '\0';
    app->feedback_reasons = 0;
    app->feedback.comment[0] = '\0';
    app->feedback.reasons[0] = '\0';
    app->feedback.score = s;
    app->feedback.lang = app->lang;
    str_copy(app->feedback.event_id, sizeof(app->feedback.event_id), app->feedback_id);
    app_push_effect(app, EFFECT_COMMIT_FEEDBACK);
}

static void to_thanks(App *app)
{
    app_feedback_clear(app);
    app->focus = FIELD_NONE;
    app->screen = SCREEN_THANKS;
    app->last_input_ms = app->now_ms;
    app->dirty = true;
}

void app_feedback_update(App *app, const Action *act)
{
    switch (act->kind) {
    case ACT_FEEDBACK_TARGET:
        if (app->feedback_step != FEEDBACK_RATE) break; /* the score is about what it was */
        /* Held by id: a reload may reorder the rows under the visitor's choice (and one may
         * come between its press and release: app_row_action_index). */
        app->feedback_row = app_row_action_index(app, act);
        str_copy(app->feedback_id, sizeof(app->feedback_id),
                 app->feedback_row >= 0 ? app->rows[app->feedback_row].id : "");
        app->dirty = true;
        break;
    case ACT_FEEDBACK_SCORE:
        score(app, act->a);
        break;
    case ACT_FEEDBACK_REASON:
        if (app->feedback_step != FEEDBACK_FOLLOWUP || act->a < 0 || act->a >= FEEDBACK_MAX_REASONS)
            break;
        app->feedback_reasons ^= 1u << act->a;
        app->dirty = true;
        break;
    case ACT_FEEDBACK_SEND:
        if (app->feedback_step != FEEDBACK_FOLLOWUP || app->busy) break;
        if (!app->feedback_reasons && !app->feedback.comment[0]) {
            to_thanks(app); /* nothing to add: the score is recorded */
            break;
        }
        reasons_text(app);
        app->busy = true;
        app->feedback_sending = true;
        app->store_failed = false;
        app->focus = FIELD_NONE;
        app->dirty = true;
        app_push_effect(app, EFFECT_UPDATE_FEEDBACK);
        break;
    case ACT_FEEDBACK_SKIP:
        if (app->feedback_step == FEEDBACK_FOLLOWUP && !app->busy) to_thanks(app);
        break;
    default:
        break;
    }
}

void app_feedback_done(App *app, const Action *act)
{
    app->busy = false;
    app->dirty = true;
    if (act->b == 0) {
        /* The score is on disk: the follow-up asks what it was about, on the same screen. */
        str_copy(app->feedback_uuid, sizeof(app->feedback_uuid), act->s ? act->s : "");
        app->feedback_step = FEEDBACK_FOLLOWUP;
        return;
    }
    if (app->feedback_sending) to_thanks(app);
}

/* ---- The confirmation ------------------------------------------------------------------- */

void app_keep_for_confirmation(App *app)
{
    const char *name = app->form.name;
    while (*name == ' ')
        name++;
    size_t n = strcspn(name, " ");
    if (n >= sizeof app->visitor.first_name) n = sizeof app->visitor.first_name - 1;
    memcpy(app->visitor.first_name, name, n);
    app->visitor.first_name[n] = '\0';
    app->visitor.group_size = app->form.group_size;
    app->visitor.gave_email = app->form.email[0] != '\0';
}
