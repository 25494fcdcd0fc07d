/*
 * app_staff_venue.c: staff's venue screen's part of app_update: a catalogue venue chosen, or a
 * pop-up venue of the kiosk's own typed in (its name and description per language), which
 * events the kiosk shows and its language after idle. The edit lives in App.staff.venue until it
 * is saved (EFFECT_STAFF_VENUE_SAVE, run by runtime.c through store_venue.h); the store's answer
 * puts it into App's venue, where the attract rotation, the top bar and, once staff mode is left,
 * the list's filter and the language read it. Part of app_update (app_internal.h).
 */
#include <string.h>

#include "app_internal.h"
#include "util.h"

int app_staff_venues(const App *app, int *rows, int max)
{
    int n = 0;
    for (int i = 0; i < app->n_rows && n < max; i++) {
        const EventRow *r = &app->rows[i];
        if (!r->venue_id[0] || app_row_ended(app, r)) continue;
        bool seen = false;
        for (int j = 0; j < n && !seen; j++)
            seen = strcmp(app->rows[rows[j]].venue_id, r->venue_id) == 0;
        if (!seen) rows[n++] = i;
    }
    return n;
}

void app_staff_venue_open(App *app)
{
    StaffVenue *v = &app->staff.venue;
    memset(v, 0, sizeof *v);
    v->popup = app->venue_popup;
    if (!v->popup) str_copy(v->venue, sizeof v->venue, app->home_venue_id);
    for (int l = 0; app->venue_popup && l < LANG_COUNT; l++) {
        str_copy(v->name[l], sizeof v->name[l], app->venue_name[l]);
        str_copy(v->note[l], sizeof v->note[l], app->venue_note[l]);
    }
    v->text_lang = (int)app->lang;
    v->show_all = app->venue_show_all;
    v->lang = (int)app->default_lang;
}

/* The store has the edit: App's venue is it now. ID is the venue's (a pop-up's as made). */
static void saved(App *app, const char *id)
{
    StaffVenue *v = &app->staff.venue;
    app->venue_staff = true;
    app->venue_popup = v->popup;
    str_copy(app->home_venue, sizeof app->home_venue, v->popup ? id : v->venue);
    for (int l = 0; l < LANG_COUNT; l++) {
        str_copy(app->venue_name[l], sizeof app->venue_name[l], v->popup ? v->name[l] : "");
        str_copy(app->venue_note[l], sizeof app->venue_note[l], v->popup ? v->note[l] : "");
    }
    app->venue_show_all = v->show_all;
    app->default_lang = (Lang)v->lang;
    /* A venue with no event still to come in the catalogue (a new pop-up's) shows every venue's,
     * as the config's venue does. */
    app_resolve_home_venue(app);
    v->result = STAFF_VENUE_SAVED;
}

static void save(App *app)
{
    StaffVenue *v = &app->staff.venue;
    bool named = false;
    for (int l = 0; l < LANG_COUNT; l++)
        if (v->name[l][0]) named = true;
    if (v->popup && !named) {
        v->result = STAFF_VENUE_NO_NAME;
    } else if (!v->popup && !v->venue[0]) {
        v->result = STAFF_VENUE_NO_PICK;
    } else {
        v->busy = true;
        v->result = STAFF_VENUE_NONE;
        app_push_effect(app, EFFECT_STAFF_VENUE_SAVE);
    }
    app_focus_field(app, FIELD_NONE);
}

void app_staff_venue_update(App *app, const Action *act)
{
    StaffVenue *v = &app->staff.venue;
    bool here = app->screen == SCREEN_STAFF_VENUE && !v->busy;
    if (act->kind == ACT_STAFF_VENUE_SAVED) {
        v->busy = false;
        if (!app->staff_mode || app->screen != SCREEN_STAFF_VENUE) return;
        if (act->a == 0)
            saved(app, act->s ? act->s : "");
        else
            v->result = STAFF_VENUE_FAILED;
        app->dirty = true;
        return;
    }
    if (!here) return;
    int rows[APP_MAX_CHOICES];
    switch (act->kind) {
    case ACT_STAFF_VENUE_MODE:
        v->popup = act->a == 1;
        app_focus_field(app, FIELD_NONE);
        break;
    case ACT_STAFF_VENUE_PICK: {
        int row = app_row_action_index(app, act), n = app_staff_venues(app, rows, APP_MAX_CHOICES);
        for (int i = 0; row >= 0 && i < n; i++) /* one of the catalogue's venues, by its id */
            if (strcmp(app->rows[rows[i]].venue_id, app->rows[row].venue_id) == 0)
                str_copy(v->venue, sizeof v->venue, app->rows[row].venue_id);
        break;
    }
    case ACT_STAFF_VENUE_TEXT_LANG:
        if (act->a < 0 || act->a >= LANG_COUNT) return;
        v->text_lang = act->a;
        if (app->focus != FIELD_NONE)
            app_focus_field(app, app->focus >= FIELD_VENUE_NOTE ? FIELD_VENUE_NOTE + act->a
                                                                : FIELD_VENUE_NAME + act->a);
        break;
    case ACT_STAFF_VENUE_SHOW_ALL:
        v->show_all = act->a == 1;
        break;
    case ACT_STAFF_VENUE_LANG:
        if (act->a < 0 || act->a >= LANG_COUNT) return;
        v->lang = act->a;
        break;
    case ACT_STAFF_VENUE_SAVE:
        save(app);
        break;
    default:
        return;
    }
    if (act->kind != ACT_STAFF_VENUE_SAVE) v->result = STAFF_VENUE_NONE;
    app->dirty = true;
}
