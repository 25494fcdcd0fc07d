/*
 * app.c: the kiosk's state machine. Everything a visitor can do is an Action handled here.
 */
#include "app.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "calendar.h"
#include "datefmt.h"
#include "text.h"
#include "util.h"

#define ATTRACT_ROTATE_MS 7000
#define ATTRACT_EVENTS 8

int app_take_effects(App *app, EffectKind *out, int max)
{
    int n = app->n_effects < max ? app->n_effects : max;
    memcpy(out, app->effects, (size_t)n * sizeof(*out));
    memmove(app->effects, app->effects + n, (size_t)(app->n_effects - n) * sizeof(*out));
    app->n_effects -= n;
    return n;
}

/* ---- Filters ---------------------------------------------------------------------------- */

/* TO: the time filter's end (exclusive), INT64_MAX for "all". */
static bool row_passes(const App *app, const EventRow *r, int64_t to)
{
    if (app_row_ended(app, r) || (r->staff_only && !app->staff_mode)) return false;
    if (to != INT64_MAX && (r->start_time == 0 || r->start_time >= to)) return false;
    if (app->category[0] && strcmp(app->category, r->category) != 0) return false;
    if (app->venue_id[0] && strcmp(app->venue_id, r->venue_id) != 0) return false;
    return true;
}

/* Whether R is in App.visible: it passes the filters, and a page's rows are those between its
 * first and last row of the list it was read for (the filtered list, or staff's). */
static bool listed(const App *app, const EventRow *r, int64_t to)
{
    if (!app->list_paged) return row_passes(app, r, to);
    if (!app_row_on_page(app, r)) return false;
    return app->page_for.staff_list ? app_row_staff_listed(r) : row_passes(app, r, to);
}

/* Recomputes App.visible. KEEP_SCROLL leaves the list where it is (a clock tick or a reload must
 * not move what the visitor is looking at; the next ACT_SCROLL_LIMIT clamps it); a new filter
 * starts from the top. */
static void refilter_list(App *app, bool keep_scroll)
{
    free(app->visible);
    app->visible = NULL;
    app->n_visible = 0;
    int64_t to = app_list_until(app);
    if (app->n_rows > 0) {
        app->visible = malloc((size_t)app->n_rows * sizeof(int));
        if (!app->visible) abort();
        for (int i = 0; i < app->n_rows; i++)
            if (listed(app, &app->rows[i], to)) app->visible[app->n_visible++] = i;
    }
    if (!keep_scroll) app->scroll[SCROLL_LIST] = (Scroll){0, app->scroll[SCROLL_LIST].max, 0};
    if (app->list_paged) {
        if (!keep_scroll) app->page_want = 0;
        app_page_check(app);
    }
    app->filtered_ms = app->now_ms;
    app->dirty = true;
}

static void refilter(App *app)
{
    refilter_list(app, false);
}

/* ---- Lifecycle -------------------------------------------------------------------------- */

static void free_detail(App *app)
{
    if (app->detail_loaded) event_deinit(&app->detail);
    ltext_deinit(&app->detail_summary);
    ltext_deinit(&app->detail_description);
    ltext_deinit(&app->detail_qr);
    app->detail_loaded = false;
}

/* OUT (empty) = the display text of HTML in every language. A language that runs out of memory
 * is left NULL, which shows another language's text. */
static void html_to_text(LText *out, const LText *html)
{
    for (int l = 0; l < LANG_COUNT; l++) {
        const char *in = ltext_get(html, (Lang)l);
        size_t cap = strlen(in) + 1;
        if ((out->s[l] = malloc(cap))) text_from_html(in, out->s[l], cap);
    }
}

/* Forgets everything a visitor did: what they typed, chose and looked at. */
static void wipe_visitor(App *app)
{
    memset(&app->form, 0, sizeof(app->form));
    app_feedback_clear(app);
    memset(&app->result, 0, sizeof(app->result));
    memset(&app->visitor, 0, sizeof(app->visitor));
    memset(app->errors, 0, sizeof(app->errors));
    app->focus = FIELD_NONE;
    app->show_errors = false;
    app->store_failed = false;
    app->busy = false;
    app->confirming = false;
    app->dialog = DIALOG_NONE;
    app->idle_warning_s = 0;
    app->feedback_row = -1;
    app->feedback_id[0] = '\0';
    free_detail(app);
    app->detail_id[0] = '\0';
    app->detail_row = -1;
    app_mine_wipe(app);
    app_staff_wipe(app);
}

static void reset_to_attract(App *app)
{
    wipe_visitor(app);
    app_speech_reset(app);
    app->lang = app->default_lang;
    app->large_text = false;
    app->high_contrast = false;
    app->screen = SCREEN_ATTRACT;
    app->picker = PICKER_NONE;
    app->time_filter = TIME_ALL;
    app->category[0] = '\0';
    str_copy(app->venue_id, sizeof app->venue_id, app->venue_show_all ? "" : app->home_venue_id);
    memset(app->scroll, 0, sizeof(app->scroll));
    app->attract_index = 0;
    app->attract_next_ms = app->now_ms + ATTRACT_ROTATE_MS;
    refilter(app);
    app_push_effect(app, EFFECT_WIPE);
    app->dirty = true;
}

void app_init(App *app, Lang default_lang, int idle_timeout_s, int confirm_timeout_s,
              int64_t now_ms)
{
    memset(app, 0, sizeof(*app));
    app->default_lang = default_lang;
    app->lang = default_lang;
    app->idle_timeout_ms = idle_timeout_s * 1000;
    app->confirm_timeout_ms = confirm_timeout_s * 1000;
    app->now_ms = now_ms;
    app->last_input_ms = now_ms;
    app->focus = FIELD_NONE;
    app->detail_row = -1;
    app->feedback_row = -1;
    app->staff.event_row = -1;
    app->screen = SCREEN_ATTRACT;
    app->time_filter = TIME_ALL;
    app->attract_next_ms = now_ms + ATTRACT_ROTATE_MS;
    app->default_volume = app->volume = 80;
    app->dirty = true;
    app_push_effect(app, EFFECT_LOAD_EVENTS);
}

void app_deinit(App *app)
{
    free_detail(app);
    app_staff_wipe(app);
    free(app->rows);
    app_rows_free_blocks(app);
    free(app->visible);
    free(app->prev_ids);
    free(app->prev_at);
    memset(app, 0, sizeof(*app));
}

/* ---- Form ------------------------------------------------------------------------------- */

/* An empty form for the event on screen, from the top, the name field focused. */
static void clear_form(App *app)
{
    memset(&app->form, 0, sizeof(app->form));
    str_copy(app->form.event_id, sizeof(app->form.event_id), app->detail.id);
    app->form.group_size = 1;
    app->form.lang = app->lang;
    memset(app->errors, 0, sizeof(app->errors));
    app->show_errors = false;
    app->store_failed = false;
    app->scroll[SCROLL_FORM] = (Scroll){0};
    app->dialog = DIALOG_NONE;
    app->screen = SCREEN_FORM;
    app_focus_field(app, FIELD_NAME);
}

static void start_signup(App *app)
{
    if (!app->detail_loaded || app->detail_row < 0) return;
    int64_t now = app->now_ms / 1000;
    Availability av = rules_availability(&app->rows[app->detail_row], now, 1);
    if (av != AVAIL_OPEN && av != AVAIL_WAITLIST) return;
    clear_form(app);
}

static void submit(App *app)
{
    if (app->busy || !app->detail_loaded) return;
    app->show_errors = true;
    int problems =
        rules_validate_signup(&app->detail, &app->form, app_form_waitlisted(app), app->errors);
    app->dirty = true;
    if (problems > 0) {
        /* Put the cursor where the first problem is, when it is a text field. */
        if (app->errors[FORM_SLOT_NAME])
            app_focus_field(app, FIELD_NAME);
        else if (app->errors[FORM_SLOT_EMAIL])
            app_focus_field(app, FIELD_EMAIL);
        else if (app->errors[FORM_SLOT_PHONE])
            app_focus_field(app, FIELD_PHONE);
        else
            app_focus_field(app, FIELD_NONE);
        return;
    }
    app->form.lang = app->lang;
    app->busy = true;
    app->store_failed = false;
    app_focus_field(app, FIELD_NONE);
    app_push_effect(app, EFFECT_COMMIT_SIGNUP);
}

/* ---- Clock ------------------------------------------------------------------------------ */

static void tick(App *app, int64_t t)
{
    int64_t prev = app->now_ms;
    if (t < prev) t = prev; /* the clock never runs backwards for the UI */
    app->now_ms = t;
    float dt = (float)(t - prev);

    if (app->confirming && t - app->confirming_since >= APP_CONFIRMING_MAX_MS) {
        /* No answer in time (the worker's own deadline is shorter): provisional, as offline. */
        app->confirming = false;
        app->last_input_ms = t;
        app->dirty = true;
    }
    app_mine_tick(app);
    app_staff_tick(app);
    if (app->screen != SCREEN_ATTRACT && !app->busy && !app->confirming &&
        t >= app_idle_deadline(app)) {
        reset_to_attract(app);
        if (prev / 60000 != t / 60000) app_rows_changed(app, t, t); /* the minute's, below */
        return;
    }
    /* The are-you-still-there countdown, redrawn as its seconds change. */
    int warning = app_idle_warning_s(app);
    if (warning != app->idle_warning_s) {
        app->idle_warning_s = warning;
        app->dirty = true;
    }
    if (app->screen == SCREEN_ATTRACT) {
        if (t >= app->attract_next_ms) {
            app->attract_index++;
            app->attract_next_ms = t + ATTRACT_ROTATE_MS;
            app->dirty = true;
        }
        if (prev / 60000 != t / 60000) app->dirty = true; /* the clock shows minutes */
    }
    /* Time moves events out of the list as they end, and between Today / This week; the home
     * venue is its first event still to come (a page read for the new minute does the same). */
    if (prev / 60000 != t / 60000) app_rows_changed(app, t, t);
    app_scroll_step(app, dt);
}

/* ---- Update ----------------------------------------------------------------------------- *
 *
 * app_update is a dispatcher: each area of the kiosk (language and accessibility, moving
 * between screens, the list and its filters, the form and its keyboard, feedback, scrolling,
 * what the store loaded or committed, sync news) has one handler below, which takes only the
 * actions the dispatcher sends it. */

static bool is_input(ActionKind k)
{
    return k != ACT_TICK && k != ACT_EVENTS_LOADED && k != ACT_EVENTS_COUNTED &&
           k != ACT_DETAIL_LOADED && k != ACT_ROW_LOADED && k != ACT_ROWS_PATCHED &&
           k != ACT_PAGE_LOADED && k != ACT_LIST_WANT && k != ACT_SIGNUP_DONE &&
           k != ACT_SIGNUP_ANSWER && k != ACT_FEEDBACK_DONE && k != ACT_STORE_FAILED &&
           k != ACT_SYNC_STATUS && k != ACT_SCROLL_LIMIT && k != ACT_MINE_RESULT &&
           k != ACT_MINE_CANCEL_DONE && k != ACT_SPEECH_DONE && k != ACT_NONE &&
           !app_staff_result(k);
}

/* Language, text size and contrast. */
static void update_settings(App *app, const Action *act)
{
    switch (act->kind) {
    case ACT_SET_LANG:
        if (act->a >= 0 && act->a < LANG_COUNT) app->lang = (Lang)act->a;
        app->form.lang = app->lang;
        break;
    case ACT_TOGGLE_LARGE:
        app->large_text = !app->large_text;
        break;
    case ACT_TOGGLE_CONTRAST:
        app->high_contrast = !app->high_contrast;
        break;
    default:
        return;
    }
    if (app->screen == SCREEN_ATTRACT) app->screen = SCREEN_LIST; /* and it wakes the kiosk */
    app->dirty = true;
}

/* "Back": first closes the keyboard, then leaves the screen for the one it came from. */
static void go_back(App *app)
{
    if (app->focus != FIELD_NONE && app_osk_visible(app)) {
        app_focus_field(app, FIELD_NONE);
        return;
    }
    if (app->dialog != DIALOG_NONE) {
        app->dialog = DIALOG_NONE; /* "back" from the question: keep editing */
        app->dirty = true;
        return;
    }
    if (app->screen == SCREEN_FORM && app_has_typed_data(app)) {
        /* What was typed is not thrown away on one touch: ask first. */
        app->dialog = DIALOG_DISCARD_BACK;
        app->dirty = true;
        return;
    }
    switch (app->screen) {
    case SCREEN_DETAIL:
        app->screen = SCREEN_LIST;
        free_detail(app);
        break;
    case SCREEN_FORM:
        memset(&app->form, 0, sizeof(app->form));
        app->screen = SCREEN_DETAIL;
        break;
    case SCREEN_FEEDBACK:
        app_feedback_clear(app); /* a recorded score stays recorded */
        app->screen =
            app->back_to == SCREEN_DETAIL && app->detail_loaded ? SCREEN_DETAIL : SCREEN_LIST;
        break;
    case SCREEN_MINE:
        app_mine_wipe(app);
        app->screen = SCREEN_LIST;
        break;
    default:
        app->screen = SCREEN_LIST;
        break;
    }
    app->focus = FIELD_NONE;
    app->dirty = true;
}

static void go_feedback(App *app)
{
    if (app->screen != SCREEN_FEEDBACK) app->back_to = app->screen;
    if (app->back_to == SCREEN_FORM || app->back_to == SCREEN_CONFIRM ||
        app->back_to == SCREEN_THANKS || app->back_to == SCREEN_ATTRACT)
        app->back_to = SCREEN_LIST;
    app_feedback_clear(app);
    memset(&app->form, 0, sizeof(app->form)); /* a form left behind is not kept */
    app->feedback_row = -1;
    app->feedback_id[0] = '\0';
    app->focus = FIELD_NONE;
    app->screen = SCREEN_FEEDBACK;
    app->dirty = true;
}

/* Moving between screens: home, the list, feedback, back. */
static void update_navigation(App *app, const Action *act)
{
    switch (act->kind) {
    case ACT_GO_HOME:
        reset_to_attract(app);
        break;
    case ACT_GO_LIST:
        wipe_visitor(app);
        app->screen = SCREEN_LIST;
        app->dirty = true;
        break;
    case ACT_GO_FEEDBACK:
        go_feedback(app);
        break;
    case ACT_BACK:
        go_back(app);
        break;
    default:
        break;
    }
}

/* The are-you-still-there warning (any touch keeps the data; the button says so), "Start over",
 * and the question whether to discard what was typed. */
static void update_dialogs(App *app, const Action *act)
{
    app->dirty = true;
    switch (act->kind) {
    case ACT_START_OVER:
        if (app->screen != SCREEN_FORM || app->busy) break;
        if (app_has_typed_data(app))
            app->dialog = DIALOG_DISCARD_RESTART;
        else
            clear_form(app);
        break;
    case ACT_DIALOG_DISCARD:
        if (app->screen != SCREEN_FORM || app->dialog == DIALOG_NONE) break;
        if (app->dialog == DIALOG_DISCARD_RESTART) {
            clear_form(app);
        } else {
            memset(&app->form, 0, sizeof(app->form));
            app->focus = FIELD_NONE;
            app->screen = SCREEN_DETAIL;
        }
        app->dialog = DIALOG_NONE;
        app_push_effect(app, EFFECT_WIPE); /* the discarded text's cached textures too */
        break;
    case ACT_DIALOG_KEEP:
        app->dialog = DIALOG_NONE;
        break;
    default:
        break;
    }
}

/* Sets the open picker's filter to choice A (-1 = any) and closes the picker. */
static void pick(App *app, int a)
{
    const char *ids[APP_MAX_CHOICES];
    int rows[APP_MAX_CHOICES];
    int n = app_picker_choices(app, ids, rows, APP_MAX_CHOICES);
    char *dst = app->picker == PICKER_CATEGORY ? app->category : app->venue_id;
    size_t cap = app->picker == PICKER_CATEGORY ? sizeof(app->category) : sizeof(app->venue_id);
    if (a < 0)
        dst[0] = '\0';
    else if (a < n)
        str_copy(dst, cap, ids[a]);
    app->picker = PICKER_NONE;
    refilter(app);
}

/* The event list: its filters and pickers, and opening an event. */
static void update_list(App *app, const Action *act)
{
    switch (act->kind) {
    case ACT_SET_TIME:
        if (act->a >= TIME_TODAY && act->a <= TIME_ALL) app->time_filter = (TimeFilter)act->a;
        refilter(app);
        break;
    case ACT_CLEAR_FILTERS:
        app->time_filter = TIME_ALL;
        app->category[0] = '\0';
        app->venue_id[0] = '\0';
        refilter(app);
        break;
    case ACT_OPEN_PICKER:
        app->picker = (Picker)act->a;
        app->scroll[SCROLL_PICKER] = (Scroll){0};
        app->dirty = true;
        break;
    case ACT_CLOSE_PICKER:
        app->picker = PICKER_NONE;
        app->dirty = true;
        break;
    case ACT_PICK:
        pick(app, act->a);
        break;
    case ACT_OPEN_EVENT: {
        int row = app_row_action_index(app, act);
        if (row < 0) break;
        free_detail(app);
        app->detail_row = row;
        str_copy(app->detail_id, sizeof(app->detail_id), app->rows[row].id);
        app->scroll[SCROLL_DETAIL] = (Scroll){0};
        app->screen = SCREEN_DETAIL;
        app->dirty = true;
        app_push_effect(app, EFFECT_LOAD_DETAIL);
        break;
    }
    default:
        break;
    }
}

/* A key of a physical keyboard (or a script): edits the focused field, moves on, or goes back. */
static void key(App *app, int k)
{
    size_t cap, max;
    char *buf = app_field_buffer(app, app->focus, &cap, &max);
    if (k == KEY_ESCAPE) {
        go_back(app);
    } else if (!buf || !app_osk_visible(app)) {
        if (k == KEY_ENTER && app->screen == SCREEN_FORM) submit(app);
    } else if (k == KEY_BACKSPACE) {
        buf[utf8_backspace(buf)] = '\0';
        app_field_edited(app);
    } else if (k == KEY_ENTER || k == KEY_TAB) {
        app_focus_next(app);
    }
}

/* The sign-up form and the keyboard that types into it (and into the feedback comment). */
static void update_form(App *app, const Action *act)
{
    switch (act->kind) {
    case ACT_START_SIGNUP:
        start_signup(app);
        break;
    case ACT_FOCUS:
        app_focus_field(app, (Field)act->a);
        break;
    case ACT_OSK_KEY:
        if (app_osk_visible(app)) app_osk_key(app, act->a, act->b);
        break;
    case ACT_TEXT: {
        size_t cap, max;
        char *buf = app_field_buffer(app, app->focus, &cap, &max);
        if (buf && app_osk_visible(app) && act->s) {
            osk_insert_text(&app->osk, act->s, buf, cap, max);
            app_field_edited(app);
        }
        break;
    }
    case ACT_KEY:
        key(app, act->a);
        break;
    case ACT_GROUP_STEP:
        if (app->detail_loaded) {
            int g = app->form.group_size + act->a;
            int max = app->detail.max_group_size > 0 ? app->detail.max_group_size : 1;
            if (g >= 1 && g <= max) app->form.group_size = g;
            app_field_edited(app);
        }
        break;
    case ACT_CHOOSE:
        app_form_choose(app, act->a, act->b);
        break;
    case ACT_TOGGLE_CONSENT:
        app->form.consent = !app->form.consent;
        app_field_edited(app);
        break;
    case ACT_SUBMIT:
        submit(app);
        break;
    default:
        break;
    }
}

/* ROWS (owned, N of them) replace the list; the event and feedback target on screen are found
 * again by id. */
static void events_loaded(App *app, EventRow *rows, int n, int flags)
{
    bool partial = (flags & EVENTS_LOADED_FIRST) != 0;
    app->rows_gen += 2; /* a tap pressed before a whole list came is dropped */
    if (!(flags & EVENTS_LOADED_KEEP_OLD)) free(app->rows);
    app_rows_free_blocks(app);
    app->rows = rows;
    app->n_rows = n;
    app->list_partial = partial;
    app->rows_reload = false;
    app->list_total = -1; /* until ACT_EVENTS_COUNTED */
    app->detail_row = app->detail_id[0] ? app_find_row(app, app->detail_id) : -1;
    app->feedback_row = app->feedback_id[0] ? app_find_row(app, app->feedback_id) : -1;
    if (app->feedback_row < 0) app->feedback_id[0] = '\0';
    app->list_paged = false;
    app_rows_changed(app, app->now_ms, app->now_ms);
}

/* After the rows changed: the home venue resolved again (as at RESOLVE_MS) and the list filtered
 * again (as at FILTER_MS: App.now_ms, or the moment a page was read for), the scroll kept. */
void app_rows_changed(App *app, int64_t resolve_ms, int64_t filter_ms)
{
    int64_t now = app->now_ms;
    /* The picker's choices point into the old rows; a new block may reuse their address. */
    app->picker_cache.valid = false;
    /* Nobody is using the kiosk: its list opens on its own venue's events. */
    char was[sizeof app->home_venue_id];
    str_copy(was, sizeof was, app->home_venue_id);
    app->now_ms = resolve_ms;
    app_resolve_home_venue(app);
    app->now_ms = now;
    if (app->screen == SCREEN_ATTRACT && !app->venue_show_all &&
        strcmp(was, app->home_venue_id) != 0)
        str_copy(app->venue_id, sizeof app->venue_id, app->home_venue_id);
    /* The event on screen went away (deleted at the hub): back to the list. */
    if (app->detail_row < 0 && (app->screen == SCREEN_DETAIL || app->screen == SCREEN_FORM)) {
        wipe_visitor(app);
        app->screen = SCREEN_LIST;
    }
    app->now_ms = filter_ms;
    refilter_list(app, true);
    app->now_ms = now;
}

/* ACT_PAGE_LOADED: a page of the list replaces the rows (store_page.c). */
static void page_loaded(App *app, AppPage *pg)
{
    if (!pg) { /* the store failed: the page on screen stays, and is asked for again later */
        app->page_asked = false;
        app->page_failed_ms = app->now_ms ? app->now_ms : 1;
        return;
    }
    app_rows_remember(app); /* a tap pressed on these rows finds its event in the new ones */
    app->rows_gen++;
    app->page_failed_ms = 0;
    free(app->rows);
    app_rows_free_blocks(app);
    app->rows = pg->rows;
    app->n_rows = pg->n;
    app->list_partial = false;
    app->list_paged = true;
    app->rows_reload = false;
    app->page_asked = false;
    app->page_loaded_want = app->page_want;
    app->list_total = pg->total;
    app->list_total_ms = pg->now_ms;
    app->list_first = pg->first;
    app->page_empty = pg->lo < 0 || pg->hi < 0;
    if (!app->page_empty) {
        app_row_key(&pg->rows[pg->lo], &app->page_lo);
        app_row_key(&pg->rows[pg->hi], &app->page_hi);
    }
    app_page_for(app, &app->page_for);
    app->page_for.minute = pg->now_ms / 60000;
    app->detail_row = app->detail_id[0] ? app_find_row(app, app->detail_id) : -1;
    app->feedback_row = app->feedback_id[0] ? app_find_row(app, app->feedback_id) : -1;
    if (app->feedback_row < 0) app->feedback_id[0] = '\0';
    /* As of the moment it was read for: a page read for the scroll is of the list as it was
     * last filtered (App.filtered_ms), so its count and positions are the list's on screen. */
    app_rows_changed(app, pg->now_ms, pg->now_ms);
}

/* What the store loaded: the list, one event's fresh row, one event in full. */
static void update_catalogue(App *app, const Action *act)
{
    switch (act->kind) {
    case ACT_EVENTS_LOADED:
        events_loaded(app, act->p, act->a, act->b);
        break;
    case ACT_ROWS_PATCHED:
        if (app_rows_patch(app, act->p, act->a)) {
            /* What the page's other rows were chosen by may have changed: a new page. */
            if (app->list_paged) app_push_effect(app, EFFECT_LOAD_EVENTS);
            app_rows_changed(app, app->now_ms, app->now_ms);
        }
        break;
    case ACT_PAGE_LOADED:
        page_loaded(app, act->p);
        break;
    case ACT_LIST_WANT:
        app_list_want(app, act->a, act->b);
        break;
    case ACT_EVENTS_COUNTED:
        app->list_total = act->a;
        app->list_total_ms = app->now_ms;
        app->dirty = true;
        break;
    case ACT_ROW_LOADED: {
        /* Fresh counts and status; the texts stay those of the loaded list (the new row's
         * live only until the store's next call). */
        const EventRow *row = act->p;
        int i = row ? app_find_row(app, row->id) : -1;
        if (i >= 0) {
            EventRow fresh = *row;
            memcpy(fresh.title, app->rows[i].title, sizeof fresh.title);
            memcpy(fresh.venue, app->rows[i].venue, sizeof fresh.venue);
            fresh.venue_id = app->rows[i].venue_id;
            fresh.category = app->rows[i].category;
            fresh.id = app->rows[i].id;
            app->rows[i] = fresh;
            app->picker_cache.valid = false; /* its category or venue may have changed */
            app->dirty = true;
        }
        break;
    }
    case ACT_DETAIL_LOADED:
        free_detail(app);
        if (act->a == 0 && act->p) {
            app->detail = *(Event *)act->p;
            memset(act->p, 0, sizeof(Event));
            app->detail_loaded = true;
            html_to_text(&app->detail_summary, &app->detail.short_description);
            html_to_text(&app->detail_description, &app->detail.description);
            for (int l = 0; l < LANG_COUNT; l++)
                app->detail_qr.s[l] = calendar_qr_text(&app->detail, (Lang)l, app->now_ms / 1000);
        } else if (app->screen == SCREEN_DETAIL || app->screen == SCREEN_FORM) {
            app->screen = SCREEN_LIST; /* the event went away under us */
        }
        app->dirty = true;
        break;
    default:
        break;
    }
}

/* What the store said to a commit: the sign-up's outcome, feedback stored, or a failure. */
static void update_committed(App *app, const Action *act)
{
    switch (act->kind) {
    case ACT_SIGNUP_DONE:
        app->busy = false;
        app->result = *(const SignupResult *)act->p;
        if (app->result.outcome == SIGNUP_REJECTED) {
            /* The event filled up or closed while the visitor was typing: say so on the form. */
            app->dirty = true;
        } else {
            /* The sign-up is on disk; the screen no longer needs the visitor's details, only
             * the first name and the group it greets them with. */
            app_keep_for_confirmation(app);
            memset(&app->form, 0, sizeof(app->form));
            app->screen = SCREEN_CONFIRM;
            app->last_input_ms = app->now_ms;
            app->confirming = act->b != 0 && app->result.outcome == SIGNUP_PROVISIONAL;
            app->confirming_since = app->now_ms;
        }
        /* Only this event's counts changed: reloading its row is 0.1 ms, all rows 30 ms. */
        app_push_effect(app, EFFECT_LOAD_ROW);
        app->dirty = true;
        break;
    case ACT_SIGNUP_ANSWER: {
        const SignupResult *r = act->p;
        /* Only the answer to the sign-up on the screen, while it is awaited: a late one (the
         * visitor saw "provisional" and left) is for the "My sign-up" lookup, not this screen. */
        if (!app->confirming || app->screen != SCREEN_CONFIRM ||
            strcmp(r->uuid, app->result.uuid) != 0)
            break;
        app->confirming = false;
        app->result = *r;
        app->last_input_ms = app->now_ms;
        app_push_effect(app, EFFECT_LOAD_ROW);
        app->dirty = true;
        break;
    }
    case ACT_FEEDBACK_DONE:
        app_feedback_done(app, act);
        break;
    case ACT_STORE_FAILED:
        app->busy = false;
        app->store_failed = true;
        app->dirty = true;
        break;
    default:
        break;
    }
}

/* On the attract screen a touch wakes the kiosk into the event list (true: nothing else to do).
 * The buttons of the top bar (language, text size, contrast) and the featured event's card also
 * do what they say: a toggle that only woke the kiosk would look broken. A finger on the
 * kiosk's name may be staff's hold (app_staff.c wakes the kiosk if it lifts early). */
static bool wakes(App *app, const Action *act)
{
    if (app->screen != SCREEN_ATTRACT || act->kind == ACT_SET_LANG ||
        act->kind == ACT_TOGGLE_LARGE || act->kind == ACT_TOGGLE_CONTRAST ||
        act->kind == ACT_OPEN_EVENT || act->kind == ACT_STAFF_HOLD ||
        app_speech_acts_at_once(act->kind))
        return false;
    app->screen = SCREEN_LIST;
    app->dirty = true;
    return true;
}

static void update(App *app, const Action *act);

void app_update(App *app, const Action *act)
{
    Screen before = app->screen;
    Lang lang = app->lang;
    bool staff = app->staff_mode;
    update(app, act);
    /* Staff mode shows staff-only events: the list filtered again when it goes on or off. */
    if (app->staff_mode != staff) refilter_list(app, true);
    app_page_check(app);
    app_picker_refresh(app);
    app_speech_moved_on(app, before, lang);
}

/* A visitor's (or staff's) input: the idle clocks start again. True when it only woke the
 * kiosk. */
static bool note_input(App *app, const Action *act)
{
    app->prev_input_ms = app->last_input_ms;
    app->last_input_ms = app->now_ms;
    if (app->idle_warning_s) app->dirty = true; /* a touch takes the warning down */
    return wakes(app, act);
}

static void update(App *app, const Action *act)
{
    if (is_input(act->kind) && note_input(app, act)) return;
    /* Staff mode's actions, and Back and keys on its screens (app_staff.c). */
    if (app_staff_takes(app, act)) {
        if (app_staff_update(app, act)) reset_to_attract(app);
        return;
    }

    /* No default but staff mode's range: the compiler names any other action no handler
     * takes. */
    switch (act->kind) {
    case ACT_NONE:
    case ACT_WAKE:
        break;
    case ACT_TICK:
        tick(app, act->t);
        break;
    case ACT_SET_LANG:
    case ACT_TOGGLE_LARGE:
    case ACT_TOGGLE_CONTRAST:
        update_settings(app, act);
        break;
    case ACT_GO_HOME:
    case ACT_GO_LIST:
    case ACT_GO_FEEDBACK:
    case ACT_BACK:
        update_navigation(app, act);
        break;
    case ACT_SET_TIME:
    case ACT_CLEAR_FILTERS:
    case ACT_OPEN_PICKER:
    case ACT_CLOSE_PICKER:
    case ACT_PICK:
    case ACT_OPEN_EVENT:
        update_list(app, act);
        break;
    case ACT_START_SIGNUP:
    case ACT_FOCUS:
    case ACT_OSK_KEY:
    case ACT_TEXT:
    case ACT_KEY:
    case ACT_GROUP_STEP:
    case ACT_CHOOSE:
    case ACT_TOGGLE_CONSENT:
    case ACT_SUBMIT:
        update_form(app, act);
        break;
    case ACT_FEEDBACK_TARGET:
    case ACT_FEEDBACK_SCORE:
    case ACT_FEEDBACK_REASON:
    case ACT_FEEDBACK_SEND:
    case ACT_FEEDBACK_SKIP:
        app_feedback_update(app, act);
        break;
    case ACT_IDLE_STAY:
    case ACT_START_OVER:
    case ACT_DIALOG_DISCARD:
    case ACT_DIALOG_KEEP:
        update_dialogs(app, act);
        break;
    case ACT_SCROLL_BY:
    case ACT_SCROLL_FLING:
    case ACT_SCROLL_HOLD:
    case ACT_SCROLL_LIMIT:
        app_scroll_update(app, act);
        break;
    case ACT_EVENTS_LOADED:
    case ACT_EVENTS_COUNTED:
    case ACT_ROW_LOADED:
    case ACT_ROWS_PATCHED:
    case ACT_PAGE_LOADED:
    case ACT_LIST_WANT:
    case ACT_DETAIL_LOADED:
        update_catalogue(app, act);
        break;
    case ACT_SIGNUP_DONE:
    case ACT_SIGNUP_ANSWER:
    case ACT_FEEDBACK_DONE:
    case ACT_STORE_FAILED:
        update_committed(app, act);
        break;
    case ACT_GO_MINE:
    case ACT_MINE_LOOKUP:
    case ACT_MINE_CANCEL:
    case ACT_MINE_RESULT:
    case ACT_MINE_CANCEL_DONE:
        app_mine_update(app, act);
        break;
    case ACT_SYNC_STATUS:
        app_staff_sync_status(app, act);
        break;
    case ACT_READ_ALOUD:
    case ACT_SPEECH_DONE:
    case ACT_SPEECH_MODE:
    case ACT_VOLUME:
    case ACT_SPEECH_TOUCH:
        app_speech_update(app, act);
        break;
    default:
        /* Staff mode's (ACT_STAFF_*), every one taken by app_staff_update above: the one range
         * of kinds the compiler does not name here. */
        assert(act->kind >= ACT_STAFF_HOLD && act->kind <= ACT_STAFF_VENUE_SAVED);
        break;
    }
}
