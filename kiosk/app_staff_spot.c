/*
 * app_staff_spot.c: the staff's "New event" screen's part of app_update: the steppers, the
 * title's language, the questions from templates, the checks before making it, and what
 * runtime.c answered. Making it is EFFECT_STAFF_SPOT (store_spot_create, run by runtime.c); this
 * stays pure. The typed texts are fields of app_fields.c (FIELD_SPOT_*).
 */
#include <string.h>

#include "app_internal.h"
#include "util.h"

void app_staff_spot_open(App *app)
{
    StaffSpot *sp = &app->staff.spot;
    /* A form left half-filled is kept while staff mode lasts; a fresh one starts from now. */
    bool empty = sp->form.n_questions == 0;
    for (int l = 0; l < LANG_COUNT; l++)
        if (sp->form.title[l][0]) empty = false;
    if (empty) {
        memset(sp, 0, sizeof *sp);
        spot_form_default(&sp->form, app->now_ms / 1000);
        sp->title_lang = app->lang;
        sp->form.text_lang = app->lang;
    }
    sp->message = SPOT_MSG_NONE;
    sp->busy = false;
}

/* The answers of choice question I as typed, split at commas into the form. */
static int split_options(StaffSpot *sp, int i)
{
    SpotQuestion *q = &sp->form.questions[i];
    q->n_options = 0;
    const char *p = sp->options[i];
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const char *s = p;
        while (len && (*s == ' '))
            s++, len--;
        while (len && s[len - 1] == ' ')
            len--;
        if (len) {
            if (q->n_options == QUESTION_MAX_OPTIONS || len > SPOT_OPTION_MAX) return -1;
            memcpy(q->options[q->n_options], s, len);
            q->options[q->n_options][len] = '\0';
            q->n_options++;
        }
        p += (comma ? (size_t)(comma - p) + 1 : strlen(p));
    }
    return q->n_options >= 2 ? 0 : -1;
}

/* What is missing, said before anything is sent to the store. */
static SpotMessage check(StaffSpot *sp)
{
    bool titled = false;
    for (int l = 0; l < LANG_COUNT; l++)
        if (sp->form.title[l][0]) titled = true;
    if (!titled) return SPOT_MSG_TITLE;
    for (int i = 0; i < sp->form.n_questions; i++) {
        sp->message_question = i;
        if (!sp->form.questions[i].text[0]) return SPOT_MSG_QUESTION;
        if (sp->form.questions[i].kind == SPOT_Q_CHOICE && split_options(sp, i))
            return SPOT_MSG_OPTIONS;
    }
    return SPOT_MSG_NONE;
}

static void add_question(App *app, int kind)
{
    StaffSpot *sp = &app->staff.spot;
    if (kind < SPOT_Q_YESNO || kind > SPOT_Q_TEXT || sp->form.n_questions >= SPOT_QUESTIONS_MAX)
        return;
    int i = sp->form.n_questions++;
    memset(&sp->form.questions[i], 0, sizeof sp->form.questions[i]);
    sp->form.questions[i].kind = (SpotQuestionKind)kind;
    sp->options[i][0] = '\0';
    app_focus_field(app, (Field)(FIELD_SPOT_Q0 + i));
}

static void remove_question(App *app, int i)
{
    StaffSpot *sp = &app->staff.spot;
    int n = sp->form.n_questions;
    if (i < 0 || i >= n) return;
    memmove(&sp->form.questions[i], &sp->form.questions[i + 1],
            (size_t)(n - 1 - i) * sizeof sp->form.questions[0]);
    memmove(sp->options[i], sp->options[i + 1], (size_t)(n - 1 - i) * sizeof sp->options[0]);
    sp->form.n_questions--;
    app_focus_field(app, FIELD_NONE);
}

void app_staff_spot_update(App *app, const Action *act)
{
    StaffSpot *sp = &app->staff.spot;
    if (act->kind == ACT_STAFF_SPOT_DONE) {
        sp->busy = false;
        if (!app->staff_mode || app->screen != SCREEN_STAFF_SPOT) return;
        sp->message = SPOT_MSG_FAILED;
        if (act->a == 0) {
            /* Said by its title in staff's language (if it has one), over a fresh form for the
             * next event. */
            char made[SPOT_TITLE_MAX + 1];
            const char *t = sp->form.title[app->lang];
            for (int l = 0; !*t && l < LANG_COUNT; l++)
                t = sp->form.title[l];
            str_copy(made, sizeof made, t);
            memset(sp, 0, sizeof *sp);
            app_staff_spot_open(app);
            str_copy(sp->made, sizeof sp->made, made);
            sp->message = SPOT_MSG_MADE;
            app->scroll[SCROLL_STAFF] = (Scroll){0};
            app_push_effect(app, EFFECT_LOAD_EVENTS); /* the list has it now */
        }
        app->dirty = true;
        return;
    }
    if (app->screen != SCREEN_STAFF_SPOT || sp->busy) return;
    switch (act->kind) {
    case ACT_STAFF_SPOT_STEP:
        if (act->a >= 0 && act->a < SPOT_STEP_COUNT)
            spot_form_step(&sp->form, (SpotStep)act->a, act->b, app->now_ms / 1000);
        break;
    case ACT_STAFF_SPOT_LANG:
        if (act->a >= 0 && act->a < LANG_COUNT) {
            sp->title_lang = act->a;
            app_focus_field(app, FIELD_SPOT_TITLE);
        }
        break;
    case ACT_STAFF_SPOT_ADD:
        add_question(app, act->a);
        break;
    case ACT_STAFF_SPOT_REMOVE:
        remove_question(app, act->a);
        break;
    case ACT_STAFF_SPOT_MAKE:
        app_focus_field(app, FIELD_NONE);
        sp->message = check(sp);
        if (sp->message != SPOT_MSG_NONE) break;
        sp->form.text_lang = app->lang; /* the questions are typed in staff's language */
        sp->busy = true;
        app_push_effect(app, EFFECT_STAFF_SPOT);
        break;
    default:
        break;
    }
    if (act->kind != ACT_STAFF_SPOT_MAKE) sp->message = SPOT_MSG_NONE;
    app->dirty = true;
}
