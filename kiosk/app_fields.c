/*
 * app_fields.c: the text fields of the sign-up form and the feedback comment, which of them has
 * focus, the on-screen keyboard that types into them, and the answers chosen to the form's
 * questions. Part of app_update (see app_internal.h);
 * it calls nothing in app.c.
 */
#include "app_internal.h"

#include <string.h>

#include "util.h"

/* The buffer behind a text field, its capacity and its limit in characters. */
char *app_field_buffer(App *app, Field f, size_t *cap, size_t *max_chars)
{
    switch (f) {
    case FIELD_NAME:
        *cap = sizeof(app->form.name);
        *max_chars = SIGNUP_NAME_MAX;
        return app->form.name;
    case FIELD_EMAIL:
        *cap = sizeof(app->form.email);
        *max_chars = SIGNUP_EMAIL_MAX;
        return app->form.email;
    case FIELD_PHONE:
        *cap = sizeof(app->form.phone);
        *max_chars = SIGNUP_PHONE_MAX;
        return app->form.phone;
    case FIELD_COMMENT:
        *cap = sizeof(app->feedback.comment);
        *max_chars = FEEDBACK_COMMENT_MAX;
        return app->feedback.comment;
    case FIELD_CODE:
        *cap = sizeof(app->mine.typed);
        *max_chars = APP_MINE_TYPED_MAX;
        return app->mine.typed;
    case FIELD_HUB_CODE:
        *cap = sizeof(app->staff.hub.typed);
        *max_chars = STAFF_HUB_TYPED_MAX;
        return app->staff.hub.typed;
    case FIELD_SPOT_TITLE: {
        int l = app->staff.spot.title_lang;
        if (l < 0 || l >= LANG_COUNT) return NULL;
        *cap = sizeof(app->staff.spot.form.title[l]);
        *max_chars = SPOT_TITLE_MAX;
        return app->staff.spot.form.title[l];
    }
    default:
        if (f >= FIELD_SPOT_Q0 && f < FIELD_SPOT_Q0 + app->staff.spot.form.n_questions) {
            *cap = sizeof(app->staff.spot.form.questions[0].text);
            *max_chars = SPOT_TEXT_MAX;
            return app->staff.spot.form.questions[f - FIELD_SPOT_Q0].text;
        }
        if (f >= FIELD_SPOT_OPT0 && f < FIELD_SPOT_OPT0 + app->staff.spot.form.n_questions) {
            *cap = sizeof(app->staff.spot.options[0]);
            *max_chars = SPOT_TEXT_MAX;
            return app->staff.spot.options[f - FIELD_SPOT_OPT0];
        }
        if (f >= FIELD_VENUE_NAME && f < FIELD_VENUE_NAME + LANG_COUNT) {
            *cap = sizeof(app->staff.venue.name[0]);
            *max_chars = STAFF_VENUE_NAME_CHARS;
            return app->staff.venue.name[f - FIELD_VENUE_NAME];
        }
        if (f >= FIELD_VENUE_NOTE && f < FIELD_VENUE_NOTE + LANG_COUNT) {
            *cap = sizeof(app->staff.venue.note[0]);
            *max_chars = STAFF_VENUE_NOTE_CHARS;
            return app->staff.venue.note[f - FIELD_VENUE_NOTE];
        }
        if (f >= FIELD_Q0 && f < FIELD_Q0 + EVENT_MAX_QUESTIONS) {
            *cap = sizeof(app->form.answers[0]);
            *max_chars = SIGNUP_ANSWER_MAX;
            return app->form.answers[f - FIELD_Q0];
        }
        return NULL;
    }
}

const char *app_field_text(const App *app, Field field)
{
    size_t cap, max;
    char *buf = app_field_buffer((App *)app, field, &cap, &max);
    return buf ? buf : "";
}

OskMode app_field_mode(const App *app, Field field)
{
    (void)app;
    /* An address and a token: no capital at the start, the symbols at hand. */
    if (field == FIELD_EMAIL || field == FIELD_HUB_CODE) return OSK_MODE_EMAIL;
    if (field == FIELD_PHONE) return OSK_MODE_PHONE;
    return OSK_MODE_TEXT;
}

bool app_osk_visible(const App *app)
{
    /* The feedback comment is part of the follow-up: there is none before a score. */
    return app->focus != FIELD_NONE &&
           (app->screen == SCREEN_FORM ||
            (app->screen == SCREEN_FEEDBACK && app->feedback_step == FEEDBACK_FOLLOWUP) ||
            (app->screen == SCREEN_MINE && app->mine.step == MINE_ENTER) ||
            app->screen == SCREEN_STAFF_SPOT ||
            (app->screen == SCREEN_STAFF_HUB && app->staff_mode && !app->staff.hub.busy) ||
            (app->screen == SCREEN_STAFF_VENUE && app->staff.venue.popup && app->staff_mode));
}

/* The text fields of the current form in order, for "next field". */
static int form_fields(const App *app, Field *out)
{
    int n = 0;
    if (app->screen == SCREEN_STAFF_SPOT) {
        out[n++] = FIELD_SPOT_TITLE;
        for (int i = 0; i < app->staff.spot.form.n_questions; i++) {
            out[n++] = (Field)(FIELD_SPOT_Q0 + i);
            if (app->staff.spot.form.questions[i].kind == SPOT_Q_CHOICE)
                out[n++] = (Field)(FIELD_SPOT_OPT0 + i);
        }
        return n;
    }
    if (app->screen == SCREEN_STAFF_VENUE) {
        out[n++] = (Field)(FIELD_VENUE_NAME + app->staff.venue.text_lang);
        out[n++] = (Field)(FIELD_VENUE_NOTE + app->staff.venue.text_lang);
        return n;
    }
    if (app->screen == SCREEN_STAFF_HUB) {
        out[n++] = FIELD_HUB_CODE;
        return n;
    }
    if (app->screen == SCREEN_FEEDBACK || app->screen == SCREEN_MINE) {
        out[n++] = app->screen == SCREEN_MINE ? FIELD_CODE : FIELD_COMMENT;
        return n;
    }
    out[n++] = FIELD_NAME;
    if (!app->detail_loaded) return n;
    if (app->detail.email_rule != FIELD_HIDDEN) out[n++] = FIELD_EMAIL;
    if (app->detail.phone_rule != FIELD_HIDDEN) out[n++] = FIELD_PHONE;
    for (int i = 0; i < app->detail.n_questions; i++)
        if (app->detail.questions[i].kind == QUESTION_TEXT) out[n++] = (Field)(FIELD_Q0 + i);
    return n;
}

bool app_focus_is_last(const App *app)
{
    Field fields[4 + EVENT_MAX_QUESTIONS];
    int n = form_fields(app, fields);
    return n > 0 && fields[n - 1] == app->focus;
}

void app_focus_field(App *app, Field f)
{
    app->focus = f;
    /* The venue screen shows the fields of one language: the one typed in. */
    if (f >= FIELD_VENUE_NAME && f < FIELD_VENUE_NOTE + LANG_COUNT)
        app->staff.venue.text_lang = (f - FIELD_VENUE_NAME) % LANG_COUNT;
    if (f != FIELD_NONE) osk_init(&app->osk, app_field_mode(app, f));
    /* A confirmation code is upper case: caps lock, as on the code shown. */
    if (f == FIELD_CODE) app->osk.caps = true, app->osk.shift = false;
    app->dirty = true;
}

void app_focus_next(App *app)
{
    /* "My sign-up" has one field: its Enter looks the code up. */
    if (app->screen == SCREEN_MINE) {
        app_mine_lookup(app);
        return;
    }

    Field fields[4 + EVENT_MAX_QUESTIONS];
    int n = form_fields(app, fields);
    for (int i = 0; i < n; i++) {
        if (fields[i] == app->focus) {
            app_focus_field(app, i + 1 < n ? fields[i + 1] : FIELD_NONE);
            return;
        }
    }
    app_focus_field(app, FIELD_NONE);
}

bool app_form_waitlisted(const App *app)
{
    if (app->detail_row < 0 || app->detail_row >= app->n_rows) return false;
    int group = app->form.group_size >= 1 ? app->form.group_size : 1;
    return rules_availability(&app->rows[app->detail_row], app->now_ms / 1000, group) ==
           AVAIL_WAITLIST;
}

static void revalidate(App *app)
{
    if (app->detail_loaded)
        rules_validate_signup(&app->detail, &app->form, app_form_waitlisted(app), app->errors);
}

void app_field_edited(App *app)
{
    app->dirty = true;
    /* "New event": a message about what was missing goes once staff type. */
    if (app->screen == SCREEN_STAFF_SPOT) app->staff.spot.message = SPOT_MSG_NONE;
    /* "Connect to the hub": a refusal goes once something new is typed (the field was emptied). */
    if (app->screen == SCREEN_STAFF_HUB && app->staff.hub.typed[0])
        app->staff.hub.result = STAFF_HUB_NONE;
    if (app->show_errors) revalidate(app);
}

void app_osk_key(App *app, int r, int c)
{
    int n = 0;
    if (r < 0 || r >= osk_row_count(&app->osk)) return;
    const OskKey *row = osk_row(&app->osk, r, &n);
    if (c < 0 || c >= n) return;
    size_t cap, max;
    char *buf = app_field_buffer(app, app->focus, &cap, &max);
    if (!buf) return;
    OskResult res = osk_press(&app->osk, &row[c], buf, cap, max);
    if (res == OSK_ENTER)
        app_focus_next(app);
    else if (res == OSK_HIDE)
        app_focus_field(app, FIELD_NONE);
    app_field_edited(app);
}

/* ---- Answers to the questions ---------------------------------------------------------- */

void app_form_choose(App *app, int q, int opt)
{
    if (!app->detail_loaded || q < 0 || q >= app->detail.n_questions) return;
    const Question *qu = &app->detail.questions[q];
    char *ans = app->form.answers[q];
    size_t cap = sizeof(app->form.answers[q]);
    if (qu->kind == QUESTION_YESNO) {
        str_copy(ans, cap, opt == 0 ? "yes" : "no");
    } else if (qu->kind == QUESTION_SINGLE) {
        if (opt < 0 || opt >= qu->n_options) return;
        str_copy(ans, cap, qu->options[opt].id);
    } else if (qu->kind == QUESTION_MULTI) {
        if (opt < 0 || opt >= qu->n_options) return;
        /* Rebuild the comma list in option order, toggling OPT. */
        char out[SIGNUP_ANSWER_MAX + 1] = "";
        size_t used = 0;
        for (int i = 0; i < qu->n_options; i++) {
            const char *id = qu->options[i].id;
            bool on = false;
            const char *p = ans;
            size_t idlen = strlen(id);
            while (*p) {
                const char *comma = strchr(p, ',');
                size_t len = comma ? (size_t)(comma - p) : strlen(p);
                if (len == idlen && memcmp(p, id, len) == 0) on = true;
                p += len + (comma ? 1 : 0);
            }
            if (i == opt) on = !on;
            if (!on) continue;
            if (used + idlen + 2 > sizeof(out)) break;
            if (used) out[used++] = ',';
            memcpy(out + used, id, idlen);
            used += idlen;
            out[used] = '\0';
        }
        str_copy(ans, cap, out);
    } else {
        return;
    }
    app_field_edited(app);
}
