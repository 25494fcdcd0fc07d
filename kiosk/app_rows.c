/*
 * app_rows.c: the rows a pull changed, patched into the loaded list in place (issue 12). A pull
 * that changed 300 events' seats no longer costs the UI a new 100,000-row list: the rows of those
 * events replace theirs, and only when one of them moved in the list's order (a new start time,
 * a new event) does the whole list load again. When nothing the filters or the home venue look at
 * changed, App.visible stays as it is.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "app_internal.h"

/* The list's order (store.c, ST_UPCOMING then ST_UPCOMING_UNKNOWN): start, end and id; the rows
 * of unknown time (start 0) after all others, by id. */
static int row_cmp(const EventRow *a, const EventRow *b)
{
    bool ua = a->start_time == 0, ub = b->start_time == 0;
    if (ua != ub) return ua ? 1 : -1;
    if (!ua) {
        if (a->start_time != b->start_time) return a->start_time < b->start_time ? -1 : 1;
        if (a->end_time != b->end_time) return a->end_time < b->end_time ? -1 : 1;
    }
    return strcmp(a->id, b->id);
}

/* Where R's event is in the list, found by R's place in its order; -1 when not there. */
static int row_at(const App *app, const EventRow *r)
{
    int lo = 0, hi = app->n_rows - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = row_cmp(&app->rows[mid], r);
        if (c == 0) return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static bool same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Whether the filters (app.c, row_passes) or the home venue (app_venue.c) could see OLD and NEW
 * differently: their start and end are the same (row_at found it). */
static bool keys_differ(const EventRow *old, const EventRow *new)
{
    if (old->staff_only != new->staff_only || strcmp(old->category, new->category) != 0 ||
        strcmp(old->venue_id, new->venue_id) != 0)
        return true;
    for (int l = 0; l < LANG_COUNT; l++)
        if (!same_text(old->venue[l], new->venue[l])) return true;
    return false;
}

void app_rows_free_blocks(App *app)
{
    for (int i = 0; i < app->n_row_blocks; i++)
        free(app->row_blocks[i]);
    free(app->row_blocks);
    app->row_blocks = NULL;
    app->n_row_blocks = 0;
}

bool app_rows_patch(App *app, EventRow *rows, int n)
{
    /* A screenful is not the list: its rest loads anyway. */
    bool fits = !app->list_partial && app->rows;
    for (int i = 0; fits && i < n; i++) {
        /* Off the list now: a postponement's time became unknown without "postponed". */
        if (rows[i].start_time == 0 && rows[i].status != EVENT_POSTPONED) fits = false;
        if (row_at(app, &rows[i]) < 0) fits = false;
    }
    void **blocks =
        fits ? realloc(app->row_blocks, (size_t)(app->n_row_blocks + 1) * sizeof *blocks) : NULL;
    if (!blocks) {
        app->rows_reload = true;
        free(rows);
        return false;
    }
    app->row_blocks = blocks;
    app->row_blocks[app->n_row_blocks++] = rows; /* their texts live there */
    bool keys = false;
    for (int i = 0; i < n; i++) {
        int at = row_at(app, &rows[i]);
        keys |= keys_differ(&app->rows[at], &rows[i]);
        app->rows[at] = rows[i];
    }
    app->picker_cache.valid = false; /* counts and statuses feed its choices */
    app->dirty = true;
    return keys;
}

/* Whether the prefix has a row at the home venue with a name in the language shown
 * (view_common.c, view_venue_name: the first such row of the list). */
static bool prefix_names_home(const App *app)
{
    for (int i = 0; i < app->n_rows; i++)
        if (strcmp(app->rows[i].venue_id, app->home_venue_id) == 0 &&
            lang_pick(app->rows[i].venue, app->lang)[0])
            return true;
    return false;
}

bool app_list_prefix_answers(const App *app)
{
    if (!app->list_partial) return true;
    const Scroll *s = &app->scroll[SCROLL_LIST];
    if (app->list_total < 0 || app->list_total_ms / 60000 != app->now_ms / 60000 ||
        app->filtered_ms / 60000 != app->now_ms / 60000)
        return false; /* no count, or time moved events out of the list since it */
    if ((app->screen != SCREEN_ATTRACT && app->screen != SCREEN_LIST) ||
        app->picker != PICKER_NONE || app->dialog != DIALOG_NONE || app->staff_mode ||
        s->pos != 0 || s->velocity != 0)
        return false;
    /* The filters the count was made with: none but the home venue. */
    if (app->time_filter != TIME_ALL || app->category[0] ||
        strcmp(app->venue_id, app->venue_show_all ? "" : app->home_venue_id) != 0)
        return false;
    /* The home venue resolves to the first row at it: in the prefix, or unknown. */
    if (app->home_venue[0] && !app->home_venue_id[0]) return false;
    if (app->home_venue_id[0] && !prefix_names_home(app)) return false;
    /* The top of the list, or all of it. */
    if (app->n_visible < APP_PREFIX_VISIBLE && app->n_visible != app->list_total) return false;
    int ids[8];
    return app_attract_events(app, ids, 8) == 8;
}
