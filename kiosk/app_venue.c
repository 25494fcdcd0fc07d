/*
 * app_venue.c: where the kiosk stands (config "venue") and which events it offers first: the
 * attract rotation, the feedback targets, "happening now". Part of the state machine
 * (app_internal.h); app.c calls it when the catalogue loads.
 */
#include <string.h>
#include <strings.h>

#include "app_internal.h"
#include "datefmt.h"
#include "util.h"

bool app_row_ended(const App *app, const EventRow *r)
{
    /* Decided by the minute: an event leaves the list when the minute after its end begins, so
     * that every screen, count and page (store_page.c) made within a minute agrees on the list
     * (the store reads pages as of the minute's start: runtime_list.c). */
    int64_t now = app->now_ms / 60000 * 60;
    if (r->start_time == 0) return false; /* postponed, time unknown */
    int64_t end = r->end_time ? r->end_time : r->start_time;
    return end < now;
}

/* Whether ROW is at the venue the config names (NAME: an id, or a name in any language). */
static bool row_at_venue(const EventRow *r, const char *name)
{
    if (!name[0]) return false;
    if (strcmp(r->venue_id, name) == 0) return true;
    for (int l = 0; l < LANG_COUNT; l++)
        if (r->venue[l] && r->venue[l][0] && strcasecmp(r->venue[l], name) == 0) return true;
    return false;
}

/* Finds the kiosk's own venue in the catalogue: the id of the first event still to come (or
 * running) at it, "" when it has none, which shows every venue as without the setting. */
void app_resolve_home_venue(App *app)
{
    app->home_venue_id[0] = '\0';
    for (int i = 0; i < app->n_rows; i++) {
        const EventRow *r = &app->rows[i];
        if (r->venue_id[0] && !app_row_ended(app, r) && row_at_venue(r, app->home_venue)) {
            str_copy(app->home_venue_id, sizeof app->home_venue_id, r->venue_id);
            return;
        }
    }
}

/* Whether ROW is one the kiosk offers first: at its venue, or anywhere when it has none. */
static bool row_is_here(const App *app, const EventRow *r)
{
    return !app->home_venue_id[0] || app->venue_show_all ||
           strcmp(r->venue_id, app->home_venue_id) == 0;
}

int app_attract_events(const App *app, int *out, int max)
{
    int n = 0;
    for (int i = 0; i < app->n_rows && n < max; i++) {
        const EventRow *r = &app->rows[i];
        if (app_row_ended(app, r) || (r->staff_only && !app->staff_mode) || !row_is_here(app, r))
            continue;
        if (r->status == EVENT_SCHEDULED || r->status == EVENT_RESCHEDULED) out[n++] = i;
    }
    return n;
}

bool app_row_running(const App *app, const EventRow *r)
{
    /* To the second: an event still on the list in the minute after its end is not "on now". */
    int64_t now = app->now_ms / 1000, end = r->end_time ? r->end_time : r->start_time;
    return r->start_time != 0 && r->start_time <= now && end >= now;
}

int app_feedback_events(const App *app, int *out, int max)
{
    int64_t now = app->now_ms / 1000;
    int64_t from = datefmt_day_start(now);
    int64_t to = datefmt_day_start(from + 36 * 3600);
    int n = 0;
    for (int i = 0; i < app->n_rows && n < max; i++) {
        const EventRow *r = &app->rows[i];
        if (r->status == EVENT_CANCELLED || r->status == EVENT_POSTPONED) continue;
        if ((r->staff_only && !app->staff_mode) || !row_is_here(app, r)) continue;
        if (r->start_time >= from && r->start_time < to && r->start_time <= now + 3600)
            out[n++] = i;
    }
    return n;
}
