/*
 * app_page.c: a page of the list (issue 12, memory): what a paged App (App.list_paged) holds
 * instead of the whole list, and when it asks for another. store_page.c reads the page: the
 * filtered list's rows around the scroll, and the rows every other screen reads, so that the
 * App's code over App.rows sees what it would see over the whole list
 * (tests/test_lazy_list.c).
 */
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "util.h"

void app_page_for(const App *app, PageFor *out)
{
    memset(out, 0, sizeof *out);
    out->minute = app->now_ms / 60000;
    out->staff_list = app->screen == SCREEN_STAFF_EVENTS || app->screen == SCREEN_STAFF_SIGNUPS;
    if (out->staff_list) return;
    out->time_filter = app->time_filter;
    out->staff_mode = app->staff_mode;
    str_copy(out->category, sizeof out->category, app->category);
    str_copy(out->venue_id, sizeof out->venue_id, app->venue_id);
}

bool app_row_staff_listed(const EventRow *r)
{
    return r->registration;
}

void app_page_check(App *app)
{
    if (!app->list_paged || app->page_asked) return;
    PageFor now;
    app_page_for(app, &now);
    if (memcmp(&now, &app->page_for, sizeof now) == 0) return;
    /* The other list: from its top, until its screen says where it is. */
    if (now.staff_list != app->page_for.staff_list) app->page_want = 0;
    app_page_ask(app);
}

/* A paged App: the page for its filters and minute, at App.page_want, once. */
void app_page_ask(App *app)
{
    if (app->page_asked) return;
    app->page_asked = true;
    app_push_effect(app, EFFECT_LOAD_PAGE);
}

/* Whether R is between the page's first and last row of the filtered list. */
bool app_row_on_page(const App *app, const EventRow *r)
{
    return !app->page_empty && app_row_key_cmp(r, &app->page_lo) >= 0 &&
           app_row_key_cmp(r, &app->page_hi) <= 0;
}

/* ACT_PAGE_LOADED: a page of the list replaces the rows (store_page.c). */
void app_page_loaded(App *app, AppPage *pg)
{
    free(app->rows);
    app_rows_free_blocks(app);
    app->rows = pg->rows;
    app->n_rows = pg->n;
    app->list_partial = false;
    app->list_paged = true;
    app->rows_reload = false;
    app->page_asked = false;
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

/* ACT_LIST_WANT: the list screen shows positions FIRST .. LAST of the filtered list. */
void app_list_want(App *app, int first, int last)
{
    if (!app->list_paged || app->page_asked) return;
    if (first >= app->list_first && last < app->list_first + app->n_visible) return;
    if (first >= app->list_total) return; /* past the end: the scroll's limit comes */
    app->page_want = first;
    app_page_ask(app);
}
