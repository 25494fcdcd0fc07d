/*
 * app_page.c: a page of the list (issue 12, memory): what a paged App (App.list_paged) holds
 * instead of the whole list, and when it asks for another. store_page.c reads the page: the
 * filtered list's rows around the scroll, and the rows every other screen reads, so that the
 * App's code over App.rows sees what it would see over the whole list (tests/test_lazy_*.c,
 * tests/test_app_page.c).
 */
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "datefmt.h"
#include "util.h"

void app_page_for(const App *app, PageFor *out)
{
    memset(out, 0, sizeof *out);
    out->minute = app->now_ms / 60000;
    str_copy(out->pinned[0], sizeof out->pinned[0], app->detail_id);
    str_copy(out->pinned[1], sizeof out->pinned[1], app->feedback_id);
    str_copy(out->pinned[2], sizeof out->pinned[2], app->staff.event_id);
    str_copy(out->pinned[3], sizeof out->pinned[3], app->mine.found.event_id);
    out->staff_list = app->screen == SCREEN_STAFF_EVENTS || app->screen == SCREEN_STAFF_SIGNUPS;
    out->groups = app->picker != PICKER_NONE || app->screen == SCREEN_STAFF_VENUE;
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
    if (app->page_failed_ms && app->now_ms - app->page_failed_ms < APP_PAGE_RETRY_MS) return;
    app->page_asked = true;
    app_push_effect(app, EFFECT_LOAD_PAGE);
}

/* Whether R is between the page's first and last row of the filtered list. */
bool app_row_on_page(const App *app, const EventRow *r)
{
    return !app->page_empty && app_row_key_cmp(r, &app->page_lo) >= 0 &&
           app_row_key_cmp(r, &app->page_hi) <= 0;
}

/* ACT_LIST_WANT: the list screen shows positions FIRST .. LAST of the filtered list. */
void app_list_want(App *app, int first, int last)
{
    if (!app->list_paged || app->page_asked) return;
    if (first >= app->list_first && last < app->list_first + app->n_visible) return;
    if (first >= app->list_total) return; /* past the end: the scroll's limit comes */
    /* The page read for this very position did not hold it (the list changed under it): the
     * next change of the filters, the minute or the catalogue reads another, not every frame. */
    if (first == app->page_loaded_want) return;
    app->page_want = first;
    app_page_ask(app);
}

int64_t app_list_until(const App *app)
{
    int64_t now = app->now_ms / 1000;
    /* Day boundaries via the local calendar: days are 23 or 25 hours around DST changes, so
     * "tomorrow" is the day start of a time safely inside tomorrow. */
    if (app->time_filter == TIME_TODAY)
        return datefmt_day_start(datefmt_day_start(now) + 36 * 3600);
    if (app->time_filter == TIME_WEEK)
        return datefmt_day_start(datefmt_week_start(now) + 7 * 86400 + 12 * 3600);
    return INT64_MAX;
}

int app_list_count(const App *app)
{
    if (app->list_paged) return app->list_total;
    if (!app->list_partial) return app->n_visible;
    return app->list_total >= 0 && app->list_total < app->n_visible ? app->n_visible
                                                                    : app->list_total;
}
