/*
 * test_app_page.c: when a paged App (issue 12: App.list_paged, kiosk/app_page.c) asks for
 * another page of its list, and what it holds of one, with no store: the pages are made here as
 * runtime_list.c would hand them over (ACT_PAGE_LOADED). The App shows the page's rows of the
 * filtered list at their positions, never the other rows it holds; asks once for a position off
 * the page, a filter, a minute or a list of its own for staff's screen, an event opened from
 * elsewhere; and not every frame for a page that cannot hold a position, or while the store
 * fails. tests/test_lazy_list.c checks the same App with a real store against the whole list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "test_rows.h"
#include "util.h"

#define T0 INT64_C(1773644400) /* 2026-03-16 09:00 in Helsinki, s */

static App app;
static char g_ids[64][16];

static EventRow row(int i, const char *cat, int64_t start)
{
    snprintf(g_ids[i], sizeof g_ids[i], "ev-%03d", i);
    return test_event_row(g_ids[i], "lahti", cat, start);
}

/* A page as the store gives one: rows 0..N-1 in the list's order, of which FIRST_ROW ..
 * LAST_ROW are the filtered list's positions AT ..; the others are rows other screens read. */
static void give_page(int n, int first_row, int last_row, int at, int total)
{
    AppPage pg = {
        .n = n, .total = total, .first = at, .lo = first_row, .hi = last_row, .now_ms = app.now_ms};
    pg.rows = malloc((size_t)n * sizeof *pg.rows);
    assert_non_null(pg.rows);
    for (int i = 0; i < n; i++)
        pg.rows[i] = row(i, i % 2 ? "talk" : "workshop", T0 + 600 + i * 600);
    app_update(&app, &(Action){.kind = ACT_PAGE_LOADED, .p = &pg});
}

/* How many EFFECT_LOAD_PAGE the App asked for since the last call. */
static int asked(void)
{
    EffectKind e[APP_MAX_EFFECTS];
    int n = app_take_effects(&app, e, APP_MAX_EFFECTS), pages = 0;
    for (int i = 0; i < n; i++)
        pages += e[i] == EFFECT_LOAD_PAGE;
    return pages;
}

static int setup(void **state)
{
    (void)state;
    app_init(&app, LANG_FI, 120, 30, T0 * 1000);
    app_update(&app, &(Action){.kind = ACT_TICK, .t = T0 * 1000});
    app_update(&app, &(Action){.kind = ACT_GO_LIST});
    /* Rows 2..9 are positions 100..107 of a 1,000-row list; 0, 1 and 10, 11 other screens'. */
    give_page(12, 2, 9, 100, 1000);
    (void)asked();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    app_deinit(&app);
    return 0;
}

static void test_the_page_at_its_positions(void **state)
{
    (void)state;
    assert_true(app.list_paged);
    assert_int_equal(app.list_first, 100);
    assert_int_equal(app_list_count(&app), 1000);
    assert_int_equal(app.n_visible, 8);
    for (int i = 0; i < 8; i++)
        assert_string_equal(app.rows[app.visible[i]].id, g_ids[2 + i]);
}

static void test_a_position_off_the_page_is_asked_once(void **state)
{
    (void)state;
    app_update(&app, &(Action){.kind = ACT_LIST_WANT, .a = 101, .b = 106});
    assert_int_equal(asked(), 0); /* on the page */
    app_update(&app, &(Action){.kind = ACT_LIST_WANT, .a = 500, .b = 512});
    assert_int_equal(asked(), 1);
    assert_int_equal(app.page_want, 500);
    app_update(&app, &(Action){.kind = ACT_LIST_WANT, .a = 520, .b = 530});
    assert_int_equal(asked(), 0); /* one is on its way */
    /* It came, and the list had changed under it: the position is still not on it. */
    give_page(12, 2, 9, 480, 1000);
    app_update(&app, &(Action){.kind = ACT_LIST_WANT, .a = 500, .b = 512});
    assert_int_equal(asked(), 0); /* not again for the same position, frame after frame */
    app_update(&app, &(Action){.kind = ACT_LIST_WANT, .a = 482, .b = 486});
    assert_int_equal(asked(), 0); /* on it */
    app_update(&app, &(Action){.kind = ACT_LIST_WANT, .a = 2000, .b = 2010});
    assert_int_equal(asked(), 0); /* past the end: the scroll's limit comes first */
}

static void test_filters_minutes_and_lists(void **state)
{
    (void)state;
    app_update(&app, &(Action){.kind = ACT_SET_TIME, .a = TIME_TODAY});
    assert_int_equal(asked(), 1);
    assert_int_equal(app.page_want, 0);
    give_page(12, 2, 9, 0, 40);
    assert_int_equal(asked(), 0); /* the page is for what the App shows */
    app_update(&app, &(Action){.kind = ACT_TICK, .t = app.now_ms + 30000});
    int within = asked();
    app_update(&app, &(Action){.kind = ACT_TICK, .t = (app.now_ms / 60000 + 1) * 60000 + 5});
    assert_int_equal(within + asked(), 1); /* the minute turned: once */
    give_page(12, 2, 9, 0, 39);
    /* "My sign-up" found an event the page does not hold: a page with it. */
    str_copy(app.mine.found.event_id, sizeof app.mine.found.event_id, "ev-elsewhere");
    app_update(&app, &(Action){.kind = ACT_TICK, .t = app.now_ms + 16});
    assert_int_equal(asked(), 1);
    give_page(12, 2, 9, 0, 39);
    app.mine.found.event_id[0] = '\0';
    app_update(&app, &(Action){.kind = ACT_TICK, .t = app.now_ms + 16});
    assert_int_equal(asked(), 1);
    give_page(12, 2, 9, 0, 39);
    /* Staff's list of events with sign-ups is a list of its own. */
    app.staff_mode = true;
    app.screen = SCREEN_STAFF_HOME;
    app_update(&app, &(Action){.kind = ACT_STAFF_GO, .a = SCREEN_STAFF_EVENTS});
    assert_int_equal(asked(), 1);
    PageFor pf;
    app_page_for(&app, &pf);
    assert_true(pf.staff_list);
    give_page(12, 0, 11, 0, 300);
    assert_true(app.page_for.staff_list);
    assert_int_equal(app.n_visible, 12); /* every row with sign-ups, none filtered out */
}

static void test_a_failed_page_keeps_the_rows_and_waits(void **state)
{
    (void)state;
    app_update(&app, &(Action){.kind = ACT_SET_TIME, .a = TIME_WEEK});
    assert_int_equal(asked(), 1);
    app_update(&app, &(Action){.kind = ACT_PAGE_LOADED}); /* the store could not read it */
    assert_int_equal(app.n_rows, 12);
    assert_false(app.page_asked);
    app_update(&app, &(Action){.kind = ACT_TICK, .t = app.now_ms + APP_PAGE_RETRY_MS / 2});
    app_update(&app, &(Action){.kind = ACT_LIST_WANT, .a = 700, .b = 710});
    assert_int_equal(asked(), 0);
    app_update(&app, &(Action){.kind = ACT_TICK, .t = app.now_ms + APP_PAGE_RETRY_MS});
    assert_int_equal(asked(), 1);
    give_page(12, 2, 9, 0, 120);
    assert_int_equal(app.page_failed_ms, 0);
    assert_int_equal(app_list_count(&app), 120);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_the_page_at_its_positions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_position_off_the_page_is_asked_once, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_filters_minutes_and_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_failed_page_keeps_the_rows_and_waits, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
