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
#include "util.h"

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

int app_row_key_cmp(const EventRow *r, const RowKey *k)
{
    EventRow at = {.id = k->id, .start_time = k->start, .end_time = k->end};
    return row_cmp(r, &at);
}

void app_row_key(const EventRow *r, RowKey *k)
{
    k->start = r->start_time;
    k->end = r->end_time;
    str_copy(k->id, sizeof k->id, r->id);
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
static bool keys_differ(const App *app, const EventRow *old, const EventRow *new)
{
    /* A page's other rows were chosen by status (attract, feedback) and registration (staff's
     * list): a new page. */
    if (app->list_paged && (old->status != new->status || old->registration != new->registration))
        return true;
    if (old->staff_only != new->staff_only || strcmp(old->category, new->category) != 0 ||
        strcmp(old->venue_id, new->venue_id) != 0)
        return true;
    for (int l = 0; l < LANG_COUNT; l++)
        if (!same_text(old->venue[l], new->venue[l])) return true;
    return false;
}

int app_find_row(const App *app, const char *id)
{
    for (int i = 0; i < app->n_rows; i++)
        if (strcmp(app->rows[i].id, id) == 0) return i;
    return -1;
}

void app_rows_remember(App *app)
{
    free(app->prev_ids);
    free(app->prev_at);
    app->prev_ids = NULL;
    app->prev_at = NULL;
    app->n_prev = 0;
    size_t bytes = 0;
    for (int i = 0; i < app->n_rows; i++)
        bytes += strlen(app->rows[i].id) + 1;
    if (app->n_rows == 0) return;
    app->prev_ids = malloc(bytes);
    app->prev_at = malloc((size_t)app->n_rows * sizeof *app->prev_at);
    if (!app->prev_ids || !app->prev_at) { /* a tap across the page change is then dropped */
        free(app->prev_ids);
        free(app->prev_at);
        app->prev_ids = NULL;
        app->prev_at = NULL;
        return;
    }
    size_t at = 0;
    for (int i = 0; i < app->n_rows; i++) {
        size_t len = strlen(app->rows[i].id) + 1;
        memcpy(app->prev_ids + at, app->rows[i].id, len);
        app->prev_at[i] = (int)at;
        at += len;
    }
    app->n_prev = app->n_rows;
}

int app_row_action_index(const App *app, const Action *act)
{
    if (act->a < 0) return -1;
    if (act->b == 0 || act->b == (int)app->rows_gen) return act->a < app->n_rows ? act->a : -1;
    if (act->b != (int)(app->rows_gen - 1) || act->a >= app->n_prev) return -1;
    return app_find_row(app, app->prev_ids + app->prev_at[act->a]);
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
        keys |= keys_differ(app, &app->rows[at], &rows[i]);
        app->rows[at] = rows[i];
    }
    app->picker_cache.valid = false; /* counts and statuses feed its choices */
    app->dirty = true;
    return keys;
}
