/*
 * test_app_mine.c: "My sign-up" in the state machine (app_mine.c) and the mapping of what the
 * store and the hub know to what it shows (mine.c): found, not found, unreachable, the code's
 * form, the wrong-code wait and its decay (kept across visitors), the cancel's confirm step, and
 * the visitor's code and status wiped on idle and on Done.
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
#include "mine.h"

#define T0 INT64_C(1773644400000) /* 2026-03-16 09:00 in Helsinki, ms */

static App the_app;

static int teardown(void **state)
{
    (void)state;
    app_deinit(&the_app);
    return 0;
}

static void send(App *app, ActionKind kind, int a)
{
    app_update(app, &(Action){.kind = kind, .a = a});
}

static void text(App *app, const char *s)
{
    app_update(app, &(Action){.kind = ACT_TEXT, .s = s});
}

static void tick_to(App *app, int64_t ms)
{
    app_update(app, &(Action){.kind = ACT_TICK, .t = ms});
}

static int take_count(App *app, EffectKind e)
{
    EffectKind out[APP_MAX_EFFECTS];
    int n = app_take_effects(app, out, APP_MAX_EFFECTS), count = 0;
    for (int i = 0; i < n; i++)
        count += out[i] == e;
    return count;
}

/* A kiosk at T0 on the "My sign-up" screen, keyboard up. */
static App *at_mine(void)
{
    App *app = &the_app;
    app_deinit(app);
    app_init(app, LANG_FI, 60, 20, T0);
    tick_to(app, T0);
    send(app, ACT_WAKE, 0); /* attract -> list */
    send(app, ACT_GO_MINE, 0);
    take_count(app, EFFECT_LOAD_EVENTS);
    assert_int_equal(app->screen, SCREEN_MINE);
    assert_int_equal(app->focus, FIELD_CODE);
    assert_true(app_osk_visible(app));
    return app;
}

static MineSignup signup(MineState st, int position)
{
    MineSignup su = {
        .code = "K7M4QX", .event_id = "e1", .state = st, .position = position, .group_size = 1};
    return su;
}

/* Types CODE, looks it up, and answers A (with SU when found). */
static void look_up(App *app, const char *code, MineAnswer a, const MineSignup *su)
{
    memset(app->mine.typed, 0, sizeof app->mine.typed);
    text(app, code);
    send(app, ACT_MINE_LOOKUP, 0);
    if (app->mine.step != MINE_SEARCHING) return; /* refused: form or wait */
    assert_int_equal(take_count(app, EFFECT_MINE_LOOKUP), 1);
    app_update(app, &(Action){.kind = ACT_MINE_RESULT, .a = a, .p = (void *)su});
}

static void test_found_any_case_with_space(void **state)
{
    (void)state;
    App *app = at_mine();
    text(app, "k7m 4qx");
    send(app, ACT_MINE_LOOKUP, 0);
    assert_int_equal(app->mine.step, MINE_SEARCHING);
    assert_string_equal(app->mine.code, "K7M4QX");
    assert_false(app_osk_visible(app));
    assert_int_equal(take_count(app, EFFECT_MINE_LOOKUP), 1);
    /* A second tap while it is looked up asks nothing more. */
    send(app, ACT_MINE_LOOKUP, 0);
    assert_int_equal(take_count(app, EFFECT_MINE_LOOKUP), 0);
    MineSignup su = signup(MINE_WAITLISTED, 2);
    app_update(app, &(Action){.kind = ACT_MINE_RESULT, .a = MINE_FOUND_IT, .p = &su});
    assert_int_equal(app->mine.step, MINE_FOUND);
    assert_int_equal(app->mine.found.state, MINE_WAITLISTED);
    assert_int_equal(app->mine.found.position, 2);
    assert_string_equal(app->mine.typed, ""); /* the keyboard's text is gone with the keyboard */
}

static void test_code_form_not_counted(void **state)
{
    (void)state;
    App *app = at_mine();
    const char *bad[] = {"K7M", "K7M4QX7", "K0M4QX" /* no 0 in codes */, "KÄM4QX", ""};
    for (int round = 0; round < 3; round++)
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            look_up(app, bad[i], MINE_NOT_FOUND, NULL);
            assert_int_equal(app->mine.step, MINE_ENTER);
            assert_int_equal(app->mine.message, MINE_MSG_FORMAT);
            assert_int_equal(take_count(app, EFFECT_MINE_LOOKUP), 0);
        }
    assert_int_equal(app->mine_guard.fails, 0);
    assert_int_equal(app_mine_wait_s(app), 0);
}

static void test_not_found_and_unreachable(void **state)
{
    (void)state;
    App *app = at_mine();
    look_up(app, "ZZZZZZ", MINE_NOT_FOUND, NULL);
    assert_int_equal(app->mine.step, MINE_ENTER);
    assert_int_equal(app->mine.message, MINE_MSG_NOT_FOUND);
    assert_true(app_osk_visible(app)); /* to correct the code */
    assert_string_equal(app->mine.typed, "ZZZZZZ");
    look_up(app, "ZZZZZY", MINE_UNREACHABLE, NULL);
    assert_int_equal(app->mine.message, MINE_MSG_UNREACHABLE);
    assert_int_equal(app->mine_guard.fails, 2);
    /* No answer at all: the wait ends on the app's own clock, and counts. */
    memset(app->mine.typed, 0, sizeof app->mine.typed);
    text(app, "ZZZZZX");
    send(app, ACT_MINE_LOOKUP, 0);
    assert_true(app_next_wakeup(app) <= app->now_ms + APP_MINE_WAIT_MAX_MS);
    tick_to(app, app->now_ms + APP_MINE_WAIT_MAX_MS);
    assert_int_equal(app->mine.step, MINE_ENTER);
    assert_int_equal(app->mine.message, MINE_MSG_UNREACHABLE);
    assert_int_equal(app->mine_guard.fails, 3);
    /* Its late answer is dropped. */
    MineSignup su = signup(MINE_CONFIRMED, 0);
    app_update(app, &(Action){.kind = ACT_MINE_RESULT, .a = MINE_FOUND_IT, .p = &su});
    assert_int_equal(app->mine.step, MINE_ENTER);
}

static void test_lockout_grows_and_caps(void **state)
{
    (void)state;
    App *app = at_mine();
    app->idle_timeout_ms = 3600 * 1000; /* one persistent visitor, never idle */
    for (int i = 0; i < APP_MINE_FREE_TRIES - 1; i++) {
        look_up(app, "ZZZZZZ", MINE_NOT_FOUND, NULL);
        assert_int_equal(app_mine_wait_s(app), 0);
    }
    int64_t expect_ms = APP_MINE_DELAY_MS;
    for (int i = 0; i < 12; i++) {
        look_up(app, "ZZZZZZ", MINE_NOT_FOUND, NULL);
        assert_int_equal(app_mine_wait_s(app), (int)(expect_ms / 1000));
        /* Locked: the button asks nothing. */
        look_up(app, "ZZZZZZ", MINE_NOT_FOUND, NULL);
        assert_int_equal(take_count(app, EFFECT_MINE_LOOKUP), 0);
        /* The countdown wakes the kiosk each second. */
        assert_true(app_next_wakeup(app) <= app->now_ms + 1000);
        tick_to(app, app->now_ms + 1000);
        assert_int_equal(app_mine_wait_s(app), (int)(expect_ms / 1000) - 1);
        tick_to(app, app->now_ms + expect_ms - 1000);
        assert_int_equal(app_mine_wait_s(app), 0);
        expect_ms = expect_ms * 2 > APP_MINE_DELAY_MAX_MS ? APP_MINE_DELAY_MAX_MS : expect_ms * 2;
    }
    assert_int_equal(expect_ms, APP_MINE_DELAY_MAX_MS);
}

static void test_lockout_survives_idle_and_decays(void **state)
{
    (void)state;
    App *app = at_mine();
    for (int i = 0; i < APP_MINE_FREE_TRIES; i++)
        look_up(app, "ZZZZZZ", MINE_NOT_FOUND, NULL);
    assert_int_equal(app_mine_wait_s(app), APP_MINE_DELAY_MS / 1000);
    /* The visitor walks away: idle resets the screen, not the count. */
    tick_to(app, app->now_ms + 60 * 1000);
    assert_int_equal(app->screen, SCREEN_ATTRACT);
    assert_int_equal(app->mine_guard.fails, APP_MINE_FREE_TRIES);
    send(app, ACT_WAKE, 0);
    send(app, ACT_GO_MINE, 0);
    /* The next wrong code after idle waits longer, not the free five again. */
    look_up(app, "ZZZZZZ", MINE_NOT_FOUND, NULL);
    assert_int_equal(app_mine_wait_s(app), 2 * APP_MINE_DELAY_MS / 1000);
    int fails = app->mine_guard.fails;
    /* One forgiven per APP_MINE_FORGIVE_MS. */
    tick_to(app, app->now_ms + APP_MINE_FORGIVE_MS);
    assert_int_equal(app->mine_guard.fails, fails - 1);
    tick_to(app, app->now_ms + 2 * APP_MINE_FORGIVE_MS);
    assert_int_equal(app->mine_guard.fails, fails - 3);
    /* Long enough and all are forgiven: five free tries again. */
    tick_to(app, app->now_ms + 10 * APP_MINE_FORGIVE_MS);
    assert_int_equal(app->mine_guard.fails, 0);
    send(app, ACT_WAKE, 0);
    send(app, ACT_GO_MINE, 0);
    for (int i = 0; i < APP_MINE_FREE_TRIES - 1; i++)
        look_up(app, "ZZZZZZ", MINE_NOT_FOUND, NULL);
    assert_int_equal(app_mine_wait_s(app), 0);
}

/* A valid code typed between guesses does not wipe the wrong ones out: the next wrong code still
 * brings the wait. */
static void test_found_keeps_count(void **state)
{
    (void)state;
    App *app = at_mine();
    for (int i = 0; i < APP_MINE_FREE_TRIES - 1; i++)
        look_up(app, "ZZZZZZ", MINE_NOT_FOUND, NULL);
    MineSignup su = signup(MINE_CONFIRMED, 0);
    look_up(app, "K7M4QX", MINE_FOUND_IT, &su);
    assert_int_equal(app->mine.step, MINE_FOUND);
    assert_int_equal(app->mine_guard.fails, APP_MINE_FREE_TRIES - 1);
}

static void test_cancel_confirm_step(void **state)
{
    (void)state;
    App *app = at_mine();
    MineSignup su = signup(MINE_CONFIRMED, 0);
    look_up(app, "K7M4QX", MINE_FOUND_IT, &su);
    /* "Yes" before being asked does nothing. */
    send(app, ACT_MINE_CANCEL, MINE_CANCEL_YES);
    assert_int_equal(take_count(app, EFFECT_MINE_CANCEL), 0);
    send(app, ACT_MINE_CANCEL, MINE_CANCEL_ASK);
    assert_int_equal(app->mine.step, MINE_ASK_CANCEL);
    send(app, ACT_MINE_CANCEL, MINE_CANCEL_NO);
    assert_int_equal(app->mine.step, MINE_FOUND);
    assert_int_equal(take_count(app, EFFECT_MINE_CANCEL), 0);
    send(app, ACT_MINE_CANCEL, MINE_CANCEL_ASK);
    send(app, ACT_MINE_CANCEL, MINE_CANCEL_YES);
    assert_int_equal(app->mine.step, MINE_CANCELLING);
    assert_int_equal(take_count(app, EFFECT_MINE_CANCEL), 1);
    send(app, ACT_MINE_CANCEL, MINE_CANCEL_YES); /* a double tap */
    assert_int_equal(take_count(app, EFFECT_MINE_CANCEL), 0);
    send(app, ACT_MINE_CANCEL_DONE, MINE_FOUND_IT);
    assert_int_equal(app->mine.step, MINE_CANCELLED);
    assert_int_equal(app->mine.found.state, MINE_CANCELLED_STATE);
    assert_true(app->mine.seat_freed);
    /* Nothing more to cancel. */
    send(app, ACT_MINE_CANCEL, MINE_CANCEL_ASK);
    assert_int_equal(app->mine.step, MINE_CANCELLED);
}

static void test_cancel_fails_and_waitlisted(void **state)
{
    (void)state;
    App *app = at_mine();
    MineSignup su = signup(MINE_WAITLISTED, 1);
    su.remote = true;
    look_up(app, "K7M4QX", MINE_FOUND_IT, &su);
    send(app, ACT_MINE_CANCEL, MINE_CANCEL_ASK);
    send(app, ACT_MINE_CANCEL, MINE_CANCEL_YES);
    assert_int_equal(take_count(app, EFFECT_MINE_CANCEL), 1);
    /* The hub did not answer in time: say so; the sign-up is still there. */
    tick_to(app, app->now_ms + APP_MINE_WAIT_MAX_MS);
    assert_int_equal(app->mine.step, MINE_FOUND);
    assert_int_equal(app->mine.message, MINE_MSG_CANCEL_FAILED);
    assert_int_equal(app->mine.found.state, MINE_WAITLISTED);
    /* Its late answer still tells the truth while the sign-up is on screen. */
    send(app, ACT_MINE_CANCEL_DONE, MINE_FOUND_IT);
    assert_int_equal(app->mine.step, MINE_CANCELLED);
    assert_false(app->mine.seat_freed); /* a waiting-list place frees no seat */
    /* A cancelled or rejected sign-up offers no cancel. */
    App *b = at_mine();
    MineSignup gone = signup(MINE_REJECTED, 0);
    look_up(b, "K7M4QX", MINE_FOUND_IT, &gone);
    send(b, ACT_MINE_CANCEL, MINE_CANCEL_ASK);
    assert_int_equal(b->mine.step, MINE_FOUND);
}

static bool all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i]) return false;
    return true;
}

static void test_wiped_on_idle_done_and_back(void **state)
{
    (void)state;
    for (int how = 0; how < 3; how++) {
        App *app = at_mine();
        MineSignup su = signup(MINE_CONFIRMED, 0);
        look_up(app, "K7M4QX", MINE_FOUND_IT, &su);
        if (how == 0) {
            tick_to(app, app->now_ms + 60 * 1000); /* idle */
            assert_int_equal(app->screen, SCREEN_ATTRACT);
        } else if (how == 1) {
            send(app, ACT_GO_HOME, 0); /* Done */
            assert_int_equal(take_count(app, EFFECT_WIPE), 1);
        } else {
            send(app, ACT_BACK, 0);
            assert_int_equal(app->screen, SCREEN_LIST);
        }
        if (!all_zero(&app->mine, sizeof app->mine)) fail_msg("\"My sign-up\" kept after %d", how);
    }
    /* What was typed and not looked up goes too. */
    App *app = at_mine();
    text(app, "K7M4Q");
    tick_to(app, app->now_ms + 60 * 1000);
    assert_true(all_zero(&app->mine, sizeof app->mine));
    assert_int_equal(app->focus, FIELD_NONE);
}

/* ---- What the store and the hub know, as the screen shows it (mine.c) ---------------------- */

static void test_mapping(void **state)
{
    (void)state;
    SignupStatus st = {
        .code = "K7M4QX", .event_id = "e1", .group_size = 2, .local = SIGNUP_PROVISIONAL};
    MineSignup out;
    mine_from_store(&st, &out);
    assert_int_equal(out.state, MINE_PROVISIONAL);
    assert_false(out.remote);
    /* The hub's word wins over what the kiosk told. */
    snprintf(st.hub_status, sizeof st.hub_status, "waitlisted");
    st.hub_position = 3;
    mine_from_store(&st, &out);
    assert_int_equal(out.state, MINE_WAITLISTED);
    assert_int_equal(out.position, 3);
    snprintf(st.hub_status, sizeof st.hub_status, "rejected");
    mine_from_store(&st, &out);
    assert_int_equal(out.state, MINE_REJECTED);
    /* Cancelled here: cancelled, whatever the hub last said. */
    snprintf(st.hub_status, sizeof st.hub_status, "confirmed");
    st.cancelled = true;
    mine_from_store(&st, &out);
    assert_int_equal(out.state, MINE_CANCELLED_STATE);
    SignupStatus told = {.code = "AB2345", .local = SIGNUP_WAITLISTED, .local_position = 4};
    mine_from_store(&told, &out);
    assert_int_equal(out.state, MINE_WAITLISTED);
    assert_int_equal(out.position, 4);

    WireSignupInfo in = {.code = "K7M4QX",
                         .event_id = "e1",
                         .state = WIRE_SIGNUP_WAITLISTED,
                         .position = 2,
                         .group_size = 1};
    mine_from_hub(&in, &out);
    assert_true(out.remote);
    assert_int_equal(out.state, MINE_WAITLISTED);
    assert_int_equal(out.position, 2);
    /* The hub's answers as the app gets them. */
    SyncLookupAnswer a = {.code = "K7M4QX", .result = SYNC_OK, .found = true, .info = in};
    bool cancel;
    assert_int_equal(mine_answer(&a, &out, &cancel), MINE_FOUND_IT);
    a.found = false;
    assert_int_equal(mine_answer(&a, &out, &cancel), MINE_NOT_FOUND);
    a.result = SYNC_ERR_NET;
    assert_int_equal(mine_answer(&a, &out, &cancel), MINE_UNREACHABLE);
    a = (SyncLookupAnswer){.cancel = true, .result = SYNC_OK, .found = true, .info = in};
    assert_int_equal(mine_answer(&a, &out, &cancel), MINE_UNREACHABLE); /* not cancelled */
    assert_true(cancel);
    a.info.state = WIRE_SIGNUP_CANCELLED;
    assert_int_equal(mine_answer(&a, &out, &cancel), MINE_FOUND_IT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_found_any_case_with_space, teardown),
        cmocka_unit_test_teardown(test_code_form_not_counted, teardown),
        cmocka_unit_test_teardown(test_not_found_and_unreachable, teardown),
        cmocka_unit_test_teardown(test_lockout_grows_and_caps, teardown),
        cmocka_unit_test_teardown(test_lockout_survives_idle_and_decays, teardown),
        cmocka_unit_test_teardown(test_found_keeps_count, teardown),
        cmocka_unit_test_teardown(test_cancel_confirm_step, teardown),
        cmocka_unit_test_teardown(test_cancel_fails_and_waitlisted, teardown),
        cmocka_unit_test_teardown(test_wiped_on_idle_done_and_back, teardown),
        cmocka_unit_test_teardown(test_mapping, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
