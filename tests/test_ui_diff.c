/*
 * test_ui_diff.c: the decisions gfx.c draws in part by, made from two display lists alone. A
 * small screen is built by hand: a title, a button and a scroll area of cards. The previous frame
 * is remembered, the next one built, and ui_diff says what changed: nothing, one element (its
 * rectangle is the damage), or only the scroll area's position (by how much).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "ui.h"
#include "ui_diff.h"

#define W 1280
#define H 800
#define ROW_H 100

static const UiRect view = {40, 200, 1200, 500};
static const UiRect title_r = {40, 40, 600, 60};
static const UiRect button_r = {900, 40, 300, 100};

/* No text is measured here: every node is placed by hand. */
static int fake_measure(void *ctx, int px, bool bold, const char *text)
{
    (void)ctx;
    (void)bold;
    return px * (int)strlen(text) / 2;
}

/* One frame: TITLE at the top, a button, and twenty cards scrolled by POS px. */
static void build(Ui *ui, const char *title, float pos)
{
    ui_begin(ui, W, H, false, false);
    UiNode *t = ui_add(ui, ROLE_TEXT, title_r);
    t->text = title;
    t->font = FONT_HEADING;
    UiNode *b = ui_add(ui, ROLE_BUTTON, button_r);
    b->text = "Back";
    b->action.kind = ACT_BACK;
    UiNode *s = ui_add(ui, ROLE_SCROLL, view);
    s->action.a = SCROLL_LIST;
    s->action.f = pos;
    ui_push_clip(ui, view);
    for (int i = 0; i < 20; i++) {
        UiRect r = {view.x, view.y + i * ROW_H - (int)pos, view.w, ROW_H - 10};
        UiNode *c = ui_add(ui, ROLE_CARD, r);
        c->bg = COL_SURFACE;
        c->radius = 12;
        c->action.kind = ACT_OPEN_EVENT;
        c->action.a = i;
        UiNode *label = ui_add(ui, ROLE_TEXT, (UiRect){r.x + 16, r.y + 16, 400, 30});
        label->text = ui_fmt(ui, "Event %d", i);
    }
    ui_pop_clip(ui);
}

typedef struct {
    Ui ui;
    UiDiff diff;
} Fixture;

static int setup(void **state)
{
    Fixture *f = test_calloc(1, sizeof(*f));
    ui_init(&f->ui, fake_measure, NULL);
    ui_diff_init(&f->diff);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    ui_diff_deinit(&f->diff);
    ui_deinit(&f->ui);
    test_free(f);
    return 0;
}

static void test_nothing_remembered_means_full_redraw(void **state)
{
    Fixture *f = *state;
    int dy = 0;
    UiRect r;
    build(&f->ui, "Events", 0);
    assert_int_equal(ui_diff_changed(&f->diff, &f->ui, &r), -1);
    assert_int_equal(ui_diff_scrolled(&f->diff, &f->ui, &dy, &r), -1);
    ui_diff_remember(&f->diff, &f->ui);
    ui_diff_invalidate(&f->diff);
    assert_int_equal(ui_diff_changed(&f->diff, &f->ui, &r), -1);
}

static void test_identical_lists_change_nothing(void **state)
{
    Fixture *f = *state;
    int dy = 0;
    UiRect r;
    build(&f->ui, "Events", 120);
    ui_diff_remember(&f->diff, &f->ui);
    /* The same screen again: the texts are new copies in the reused arena. */
    build(&f->ui, "Events", 120);
    assert_int_equal(ui_diff_changed(&f->diff, &f->ui, &r), 0);
    assert_int_equal(ui_diff_scrolled(&f->diff, &f->ui, &dy, &r), -1);
}

static void test_changed_text_damages_its_node(void **state)
{
    Fixture *f = *state;
    int dy = 0;
    UiRect r = {0, 0, 0, 0};
    build(&f->ui, "Events", 0);
    ui_diff_remember(&f->diff, &f->ui);
    build(&f->ui, "Evenemang", 0);
    assert_int_equal(ui_diff_changed(&f->diff, &f->ui, &r), 1);
    /* The text's line box and half a line above and below it: a shorter text replacing a longer
     * one left the old one's descenders on screen when only the line box was repainted (issue 9,
     * "My sign-up"'s messages). */
    int pad = title_r.h / 2, y0 = title_r.y - pad > 0 ? title_r.y - pad : 0;
    assert_int_equal(r.x, title_r.x);
    assert_int_equal(r.y, y0);
    assert_int_equal(r.w, title_r.w);
    assert_int_equal(r.h, title_r.y + title_r.h + pad - y0);
    assert_int_equal(ui_diff_scrolled(&f->diff, &f->ui, &dy, &r), -1);
}

static void test_pure_scroll_detected_with_its_dy(void **state)
{
    Fixture *f = *state;
    int dy = 0;
    UiRect r = {0, 0, 0, 0};
    build(&f->ui, "Events", 100);
    ui_diff_remember(&f->diff, &f->ui);
    build(&f->ui, "Events", 137);
    assert_int_equal(ui_diff_scrolled(&f->diff, &f->ui, &dy, &r), 1);
    assert_int_equal(dy, 37);
    assert_int_equal(r.x, view.x);
    assert_int_equal(r.y, view.y);
    assert_int_equal(r.w, view.w);
    assert_int_equal(r.h, view.h);
    /* A scroll is not "a few elements changed": every card moved. */
    assert_int_equal(ui_diff_changed(&f->diff, &f->ui, &r), -1);

    /* Back up again: content moves down. */
    ui_diff_remember(&f->diff, &f->ui);
    build(&f->ui, "Events", 90);
    assert_int_equal(ui_diff_scrolled(&f->diff, &f->ui, &dy, &r), 1);
    assert_int_equal(dy, -47);
}

static void test_scroll_with_another_change_is_not_pure(void **state)
{
    Fixture *f = *state;
    int dy = 0;
    UiRect r;
    build(&f->ui, "Events", 100);
    ui_diff_remember(&f->diff, &f->ui);
    build(&f->ui, "Evenemang", 130);
    assert_int_equal(ui_diff_scrolled(&f->diff, &f->ui, &dy, &r), -1);
    /* A scroll by the whole view height or more leaves nothing to move. */
    build(&f->ui, "Events", 100);
    ui_diff_remember(&f->diff, &f->ui);
    build(&f->ui, "Events", 100 + (float)view.h);
    assert_int_equal(ui_diff_scrolled(&f->diff, &f->ui, &dy, &r), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_nothing_remembered_means_full_redraw, setup, teardown),
        cmocka_unit_test_setup_teardown(test_identical_lists_change_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_text_damages_its_node, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pure_scroll_detected_with_its_dy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scroll_with_another_change_is_not_pure, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
