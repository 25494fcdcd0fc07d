/*
 * test_app_staff.c: the way into staff mode and out of it, through the real views and touch
 * handling (ui.c) on a virtual clock: a finger held still on the kiosk's name for 3 s opens the
 * PIN pad, and taps, shorter holds, drags and flicks there do not; the pad (digits as dots, the
 * lock's countdown), the first-PIN screen before visitors (no idle path), staff mode leaving
 * itself after 2 minutes untouched with everything it showed wiped, and no staff action working
 * outside staff mode.
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
#include "ui.h"
#include "views.h"

#define T0 INT64_C(1773644400000) /* 2026-03-16 09:00 in Helsinki, ms */

static App the_app;
static Ui the_ui;

static int fake_measure(void *ctx, int px, bool bold, const char *text)
{
    (void)ctx, (void)bold;
    return (int)strlen(text) * px / 2;
}

static int setup(void **state)
{
    (void)state;
    ui_init(&the_ui, fake_measure, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    app_deinit(&the_app);
    ui_deinit(&the_ui);
    return 0;
}

static void send(App *app, ActionKind kind, int a)
{
    app_update(app, &(Action){.kind = kind, .a = a});
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

static void build(App *app)
{
    ui_begin(&the_ui, 1920, 1080, false, false);
    view_build(&the_ui, app);
}

/* The centre of the element that takes staff's hold on the screen built, or fails. */
static void hold_point(App *app, int *x, int *y)
{
    build(app);
    for (int i = 0; i < the_ui.n; i++) {
        const UiNode *n = &the_ui.nodes[i];
        if (!(n->flags & UI_HOLD)) continue;
        assert_int_equal(n->action.kind, ACT_STAFF_HOLD);
        *x = n->r.x + n->r.w / 2;
        *y = n->r.y + n->r.h / 2;
        return;
    }
    fail_msg("no element takes the hold on screen %d", app->screen);
}

/* A finger: down at (X, Y) at the app's now, moving to (X2, Y2) in steps of 16 ms over MS, up.
 * Every action ui.c makes goes to the app, with the clock ticking as the kiosk's would. */
static void finger(App *app, int x, int y, int x2, int y2, int64_t ms)
{
    Action out[4];
    int64_t t = app->now_ms;
    build(app);
    int n = ui_pointer_down(&the_ui, x, y, t, out);
    for (int i = 0; i < n; i++)
        app_update(app, &out[i]);
    int steps = (int)(ms / 16) + 1;
    for (int s = 1; s <= steps; s++) {
        t = app->now_ms + (ms * s / steps - ms * (s - 1) / steps);
        tick_to(app, t);
        build(app);
        n = ui_pointer_move(&the_ui, x + (x2 - x) * s / steps, y + (y2 - y) * s / steps, t, out);
        for (int i = 0; i < n; i++)
            app_update(app, &out[i]);
    }
    build(app);
    n = ui_pointer_up(&the_ui, x2, y2, t, out);
    for (int i = 0; i < n; i++)
        app_update(app, &out[i]);
}

/* A kiosk at T0 with a PIN, named, on the event list. */
static App *at_list(void)
{
    App *app = &the_app;
    app_deinit(app);
    app_init(app, LANG_FI, 60, 20, T0);
    snprintf(app->kiosk_name, sizeof app->kiosk_name, "%s", "Aukio-kioski");
    tick_to(app, T0);
    app_update(app, &(Action){.kind = ACT_STAFF_PIN_STATE, .a = 1});
    send(app, ACT_WAKE, 0);
    take_count(app, EFFECT_LOAD_EVENTS);
    assert_int_equal(app->screen, SCREEN_LIST);
    return app;
}

static void type_pin(App *app, const char *pin)
{
    for (const char *p = pin; *p; p++)
        send(app, ACT_STAFF_PAD_KEY, *p - '0');
    send(app, ACT_STAFF_PAD_KEY, STAFF_KEY_OK);
}

/* Into staff mode: the hold, the pad, the store's yes. */
static App *in_staff(void)
{
    App *app = at_list();
    int x, y;
    hold_point(app, &x, &y);
    finger(app, x, y, x, y, APP_STAFF_HOLD_MS);
    assert_int_equal(app->screen, SCREEN_STAFF_PAD);
    type_pin(app, "2468");
    assert_int_equal(take_count(app, EFFECT_STAFF_PIN_CHECK), 1);
    app_update(app, &(Action){.kind = ACT_STAFF_PIN_RESULT, .a = STAFF_PIN_OK});
    assert_true(app->staff_mode);
    assert_int_equal(app->screen, SCREEN_STAFF_HOME);
    return app;
}

/* ---- The gesture ------------------------------------------------------------------------ */

static void test_hold_opens_pad(void **state)
{
    (void)state;
    App *app = at_list();
    int x, y;
    hold_point(app, &x, &y);
    finger(app, x, y, x, y, APP_STAFF_HOLD_MS);
    assert_int_equal(app->screen, SCREEN_STAFF_PAD);
    assert_int_equal(app->staff.pad, PAD_ENTER);
    assert_false(app->staff_mode); /* not before the PIN */
}

/* A finger that rests a little shaking (under 12 dp) is still held still. */
static void test_hold_with_a_tremble(void **state)
{
    (void)state;
    App *app = at_list();
    int x, y;
    hold_point(app, &x, &y);
    finger(app, x, y, x + 5, y + 3, APP_STAFF_HOLD_MS);
    assert_int_equal(app->screen, SCREEN_STAFF_PAD);
}

static void test_ordinary_touches_do_not_open(void **state)
{
    (void)state;
    App *app = at_list();
    int x, y;
    hold_point(app, &x, &y);
    /* A tap, and holds a little too short. */
    finger(app, x, y, x, y, 60);
    finger(app, x, y, x, y, APP_STAFF_HOLD_MS - 20);
    tick_to(app, app->now_ms + 10000);
    assert_int_equal(app->screen, SCREEN_LIST);
    /* A slow drag off the name, a flick down, a drag that ends back where it began. */
    finger(app, x, y, x + 400, y, APP_STAFF_HOLD_MS + 500);
    finger(app, x, y, x, y + 600, 80);
    finger(app, x, y, x + 300, y + 300, APP_STAFF_HOLD_MS / 2);
    finger(app, x + 300, y + 300, x, y, APP_STAFF_HOLD_MS);
    tick_to(app, app->now_ms + 10000);
    assert_int_equal(app->screen, SCREEN_LIST);
    assert_false(app->staff.holding);
    /* Elsewhere on the screen a long hold is nothing either. */
    finger(app, 960, 600, 960, 600, 2 * APP_STAFF_HOLD_MS);
    assert_int_not_equal(app->screen, SCREEN_STAFF_PAD);
}

/* The app asks for a tick when the 3 s are up, so a kiosk asleep until then does not miss it. */
static void test_hold_wakes_the_loop(void **state)
{
    (void)state;
    App *app = at_list();
    int x, y;
    Action out[4];
    hold_point(app, &x, &y);
    int n = ui_pointer_down(&the_ui, x, y, app->now_ms, out);
    for (int i = 0; i < n; i++)
        app_update(app, &out[i]);
    assert_true(app_next_wakeup(app) <= app->now_ms + APP_STAFF_HOLD_MS);
    tick_to(app, app_next_wakeup(app));
    tick_to(app, T0 + APP_STAFF_HOLD_MS);
    assert_int_equal(app->screen, SCREEN_STAFF_PAD);
}

/* On the attract screen a short touch on the name wakes the kiosk as any touch does; a hold
 * opens the pad. */
static void test_hold_on_attract(void **state)
{
    (void)state;
    App *app = at_list();
    send(app, ACT_GO_HOME, 0);
    assert_int_equal(app->screen, SCREEN_ATTRACT);
    int x, y;
    hold_point(app, &x, &y);
    finger(app, x, y, x, y, 60);
    assert_int_equal(app->screen, SCREEN_LIST);
    send(app, ACT_GO_HOME, 0);
    hold_point(app, &x, &y);
    finger(app, x, y, x, y, APP_STAFF_HOLD_MS);
    assert_int_equal(app->screen, SCREEN_STAFF_PAD);
}

/* ---- The pad ---------------------------------------------------------------------------- */

static void test_pad(void **state)
{
    (void)state;
    App *app = at_list();
    int x, y;
    hold_point(app, &x, &y);
    finger(app, x, y, x, y, APP_STAFF_HOLD_MS);
    take_count(app, EFFECT_STAFF_PIN_STATE);
    /* Too short: not sent. At most 8 digits. */
    type_pin(app, "246");
    assert_int_equal(app->staff.message, PAD_MSG_SHORT);
    assert_int_equal(take_count(app, EFFECT_STAFF_PIN_CHECK), 0);
    for (int i = 0; i < 12; i++)
        send(app, ACT_STAFF_PAD_KEY, 1);
    assert_int_equal(strlen(app->staff.typed), APP_STAFF_PIN_MAX);
    /* No digit is drawn: the pad shows dots. */
    build(app);
    assert_false(ui_has_text(&the_ui, "246"));
    send(app, ACT_STAFF_PAD_KEY, STAFF_KEY_OK);
    assert_int_equal(take_count(app, EFFECT_STAFF_PIN_CHECK), 1);
    /* Wrong, and the lock that came with it: keys do nothing until it ends. */
    app_update(app, &(Action){.kind = ACT_STAFF_PIN_RESULT, .a = STAFF_PIN_WRONG, .t = T0 + 60000});
    assert_string_equal(app->staff.typed, "");
    assert_int_equal(app->staff.message, PAD_MSG_LOCKED);
    int s = app_staff_locked_s(app);
    assert_true(s > 50 && s <= 60);
    send(app, ACT_STAFF_PAD_KEY, 2);
    assert_string_equal(app->staff.typed, "");
    tick_to(app, T0 + 60000);
    assert_int_equal(app_staff_locked_s(app), 0);
    send(app, ACT_STAFF_PAD_KEY, 2);
    assert_string_equal(app->staff.typed, "2");
    /* Cancel: back to the list, the digits gone. */
    send(app, ACT_STAFF_PAD_CANCEL, 0);
    assert_int_equal(app->screen, SCREEN_LIST);
    assert_string_equal(app->staff.typed, "");
}

/* ---- No PIN yet ------------------------------------------------------------------------- */

static void test_first_pin_before_visitors(void **state)
{
    (void)state;
    App *app = &the_app;
    app_deinit(app);
    app_init(app, LANG_FI, 60, 20, T0);
    tick_to(app, T0);
    app_update(app, &(Action){.kind = ACT_STAFF_PIN_STATE, .a = 0});
    assert_int_equal(app->screen, SCREEN_STAFF_PAD);
    assert_int_equal(app->staff.pad, PAD_SETUP);
    /* No way past it: no cancel, no idle path, no visitor action. */
    send(app, ACT_STAFF_PAD_CANCEL, 0);
    send(app, ACT_BACK, 0);
    tick_to(app, T0 + 3600 * 1000);
    assert_int_equal(app->screen, SCREEN_STAFF_PAD);
    type_pin(app, "1357");
    assert_int_equal(app->staff.pad, PAD_SETUP_AGAIN);
    type_pin(app, "1358");
    assert_int_equal(app->staff.pad, PAD_SETUP);
    assert_int_equal(app->staff.message, PAD_MSG_MISMATCH);
    assert_int_equal(take_count(app, EFFECT_STAFF_PIN_SAVE), 0);
    type_pin(app, "1357");
    type_pin(app, "1357");
    assert_int_equal(take_count(app, EFFECT_STAFF_PIN_SAVE), 1);
    assert_string_equal(app->staff.typed, "1357"); /* for the store, then wiped */
    app_update(app, &(Action){.kind = ACT_STAFF_PIN_SAVED, .a = 0});
    assert_string_equal(app->staff.typed, "");
    assert_string_equal(app->staff.first, "");
    assert_int_equal(app->screen, SCREEN_ATTRACT);
    assert_false(app->staff_mode);
}

/* ---- In staff mode ---------------------------------------------------------------------- */

static StaffSignup *two_signups(void)
{
    StaffSignup *s = calloc(2, sizeof *s);
    assert_non_null(s);
    snprintf(s[0].name, sizeof s[0].name, "Aino Virtanen");
    snprintf(s[0].code, sizeof s[0].code, "K7M4QX");
    s[0].group_size = 2;
    snprintf(s[1].name, sizeof s[1].name, "Eero Järvinen");
    s[1].state = STAFF_SU_WAITLISTED;
    s[1].group_size = 1;
    return s;
}

/* Two minutes untouched: back to the attract screen, staff mode left, the list wiped. */
static void test_leaves_itself_and_wipes(void **state)
{
    (void)state;
    App *app = in_staff();
    EventRow rows[1];
    memset(rows, 0, sizeof rows);
    rows[0].id = "e1";
    rows[0].registration = true;
    rows[0].capacity = 10;
    for (int l = 0; l < LANG_COUNT; l++)
        rows[0].title[l] = rows[0].venue[l] = "";
    if (!rows[0].venue_id) rows[0].venue_id = "";
    if (!rows[0].category) rows[0].category = "";
    EventRow *copy = malloc(sizeof rows);
    memcpy(copy, rows, sizeof rows);
    app_update(app, &(Action){.kind = ACT_EVENTS_LOADED, .p = copy, .a = 1});
    send(app, ACT_STAFF_GO, SCREEN_STAFF_EVENTS);
    send(app, ACT_STAFF_OPEN_EVENT, 0);
    assert_int_equal(take_count(app, EFFECT_STAFF_LOAD_SIGNUPS), 1);
    app_update(app, &(Action){.kind = ACT_STAFF_SIGNUPS_LOADED, .p = two_signups(), .a = 2});
    build(app);
    assert_true(ui_has_text(&the_ui, "Aino Virtanen"));
    int64_t t = app->last_input_ms;
    tick_to(app, t + 60000); /* the visitors' timeout is not staff mode's */
    assert_int_equal(app->screen, SCREEN_STAFF_SIGNUPS);
    tick_to(app, t + APP_STAFF_IDLE_MS - 1);
    assert_true(app->staff_mode);
    tick_to(app, t + APP_STAFF_IDLE_MS);
    assert_int_equal(app->screen, SCREEN_ATTRACT);
    assert_false(app->staff_mode);
    assert_null(app->staff.signups);
    assert_int_equal(app->staff.n_signups, 0);
    assert_string_equal(app->staff.event_id, "");
    build(app);
    assert_false(ui_has_text(&the_ui, "Aino"));
}

/* A staff-only event is on staff mode's attendee list, marked so, and on no visitor screen. */
static void test_staff_only_event(void **state)
{
    (void)state;
    App *app = in_staff();
    EventRow *rows = calloc(1, sizeof *rows);
    assert_non_null(rows);
    rows[0].id = "e-staff";
    for (int l = 0; l < LANG_COUNT; l++)
        rows[0].title[l] = rows[0].venue[l] = "";
    if (!rows[0].venue_id) rows[0].venue_id = "";
    if (!rows[0].category) rows[0].category = "";
    rows[0].title[LANG_FI] = "Tiimipalaveri";
    rows[0].start_time = T0 / 1000 + 3600;
    rows[0].registration = true;
    rows[0].capacity = 8;
    rows[0].staff_only = true;
    app_update(app, &(Action){.kind = ACT_EVENTS_LOADED, .p = rows, .a = 1});
    send(app, ACT_STAFF_GO, SCREEN_STAFF_EVENTS);
    build(app);
    assert_true(ui_has_text(&the_ui, "Tiimipalaveri"));
    assert_true(ui_has_text(&the_ui, "Vain henkilökunnalle"));
    send(app, ACT_STAFF_LEAVE, 0);
    send(app, ACT_WAKE, 0);
    assert_int_equal(app->screen, SCREEN_LIST);
    build(app);
    assert_false(ui_has_text(&the_ui, "Tiimipalaveri"));
}

/* A cancel asks first; No changes nothing. */
static void test_cancel_asks(void **state)
{
    (void)state;
    App *app = in_staff();
    send(app, ACT_STAFF_GO, SCREEN_STAFF_EVENTS);
    snprintf(app->staff.event_id, sizeof app->staff.event_id, "e1");
    app->screen = SCREEN_STAFF_SIGNUPS;
    app_update(app, &(Action){.kind = ACT_STAFF_SIGNUPS_LOADED, .p = two_signups(), .a = 2});
    take_count(app, EFFECT_STAFF_CANCEL);
    app_update(app, &(Action){.kind = ACT_STAFF_ASK, .a = STAFF_ASK_CANCEL, .b = 0});
    assert_int_equal(app->staff.ask, STAFF_ASK_CANCEL);
    assert_int_equal(take_count(app, EFFECT_STAFF_CANCEL), 0);
    send(app, ACT_STAFF_ANSWER, 0);
    assert_int_equal(take_count(app, EFFECT_STAFF_CANCEL), 0);
    app_update(app, &(Action){.kind = ACT_STAFF_ASK, .a = STAFF_ASK_CANCEL, .b = 0});
    send(app, ACT_STAFF_ANSWER, 1);
    assert_int_equal(take_count(app, EFFECT_STAFF_CANCEL), 1);
    assert_int_equal(app->staff.ask_index, 0);
    /* A sign-up that is not there is not asked about. */
    app_update(app, &(Action){.kind = ACT_STAFF_ASK, .a = STAFF_ASK_CANCEL, .b = 7});
    assert_int_equal(app->staff.ask, STAFF_ASK_NONE);
}

/* Outside staff mode the staff screens' actions do nothing (no visitor path leads in). */
/* The export screen: it looks for places each time it opens; one export at a time, only to a
 * place that is there; the sentence after it; nothing kept once staff mode is left. */
static void test_export(void **state)
{
    (void)state;
    App *app = in_staff();
    (void)take_count(app, EFFECT_STAFF_LOAD_SYNC);
    send(app, ACT_STAFF_GO, SCREEN_STAFF_EXPORT);
    assert_int_equal(app->screen, SCREEN_STAFF_EXPORT);
    assert_int_equal(take_count(app, EFFECT_STAFF_EXPORT_TARGETS), 1);
    /* Before the answer, and with no stick: nothing to press. */
    send(app, ACT_STAFF_EXPORT, STAFF_EX_SIGNUPS);
    assert_int_equal(app->n_effects, 0);
    StaffExportTargets none = {.n = 0};
    app_update(app, &(Action){.kind = ACT_STAFF_EXPORT_TARGETS, .p = &none});
    build(app);
    assert_true(ui_has_text(&the_ui, tr(app->lang, "staff.export.no_drive")));
    send(app, ACT_STAFF_EXPORT, STAFF_EX_SIGNUPS);
    assert_int_equal(app->n_effects, 0);

    StaffExportTargets t = {.n = 2};
    snprintf(t.t[0].name, sizeof t.t[0].name, "vienti");
    snprintf(t.t[1].name, sizeof t.t[1].name, "KINGSTON");
    app_update(app, &(Action){.kind = ACT_STAFF_EXPORT_TARGETS, .p = &t});
    build(app);
    assert_true(ui_has_text(&the_ui, "KINGSTON"));
    send(app, ACT_STAFF_EXPORT_TARGET, 5); /* not there */
    assert_int_equal(app->staff.ex.target, 0);
    send(app, ACT_STAFF_EXPORT_TARGET, 1);
    assert_int_equal(app->staff.ex.target, 1);
    send(app, ACT_STAFF_EXPORT, STAFF_EX_COUNT); /* not an export */
    assert_int_equal(app->n_effects, 0);
    send(app, ACT_STAFF_EXPORT, STAFF_EX_ATTENDANCE_EXCEL);
    assert_int_equal(take_count(app, EFFECT_STAFF_EXPORT), 1);
    assert_int_equal(app->staff.ex.what, STAFF_EX_ATTENDANCE_EXCEL);
    /* Pressed again while it writes: one file, not two; the place stays. */
    send(app, ACT_STAFF_EXPORT, STAFF_EX_SIGNUPS);
    send(app, ACT_STAFF_EXPORT_TARGET, 0);
    assert_int_equal(app->n_effects, 0);
    assert_int_equal(app->staff.ex.target, 1);
    app_update(app, &(Action){.kind = ACT_STAFF_EXPORT_DONE,
                              .a = STAFF_EX_OK,
                              .b = 12,
                              .s = "KINGSTON/aukio-attendance-excel-2026-03-16-0900.csv"});
    assert_false(app->staff.ex.busy);
    build(app);
    char want[256];
    snprintf(want, sizeof want, "%s: %s", "12 osallistujaa tallennettu",
             "KINGSTON/aukio-attendance-excel-2026-03-16-0900.csv");
    assert_true(ui_has_text(&the_ui, want));
    /* A failure says which file. */
    send(app, ACT_STAFF_EXPORT, STAFF_EX_FEEDBACK);
    app_update(app, &(Action){.kind = ACT_STAFF_EXPORT_DONE,
                              .a = STAFF_EX_FAILED,
                              .s = "KINGSTON/aukio-feedback-2026-03-16-0900.csv"});
    assert_int_equal(app->staff.ex.result, STAFF_EX_FAILED);
    assert_string_equal(app->staff.ex.file, "KINGSTON/aukio-feedback-2026-03-16-0900.csv");
    /* Back home and in again: the places are looked for again, the sentence is gone. */
    send(app, ACT_BACK, 0);
    assert_int_equal(app->screen, SCREEN_STAFF_HOME);
    send(app, ACT_STAFF_GO, SCREEN_STAFF_EXPORT);
    assert_int_equal(take_count(app, EFFECT_STAFF_EXPORT_TARGETS), 1);
    assert_int_equal(app->staff.ex.result, STAFF_EX_NONE);
    assert_false(app->staff.ex.loaded);
    /* Leaving staff mode forgets the places; a late answer is not taken. */
    app_update(app, &(Action){.kind = ACT_STAFF_EXPORT_TARGETS, .p = &t});
    send(app, ACT_STAFF_EXPORT, STAFF_EX_BUNDLE);
    assert_int_equal(take_count(app, EFFECT_STAFF_EXPORT), 1);
    send(app, ACT_STAFF_LEAVE, 0);
    assert_false(app->staff_mode);
    assert_int_equal(app->staff.ex.targets.n, 0);
    app_update(app, &(Action){.kind = ACT_STAFF_EXPORT_DONE, .a = STAFF_EX_OK, .b = 3, .s = "x/y"});
    assert_int_equal(app->staff.ex.result, STAFF_EX_NONE);
    assert_string_equal(app->staff.ex.file, "");
}

/* "Import from the coordinator": one at a time, each answer in one sentence, the catalogue
 * reloaded after an import that went in. */
static void test_import(void **state)
{
    (void)state;
    App *app = in_staff();
    send(app, ACT_STAFF_GO, SCREEN_STAFF_EXPORT);
    (void)take_count(app, EFFECT_STAFF_EXPORT_TARGETS);
    send(app, ACT_STAFF_IMPORT, 0); /* no place yet */
    assert_int_equal(app->n_effects, 0);
    StaffExportTargets t = {.n = 1};
    snprintf(t.t[0].name, sizeof t.t[0].name, "KINGSTON");
    app_update(app, &(Action){.kind = ACT_STAFF_EXPORT_TARGETS, .p = &t});
    send(app, ACT_STAFF_IMPORT, 0);
    assert_int_equal(take_count(app, EFFECT_STAFF_IMPORT), 1);
    send(app, ACT_STAFF_IMPORT, 0); /* pressed again while it reads: once */
    send(app, ACT_STAFF_EXPORT, STAFF_EX_SIGNUPS);
    assert_int_equal(app->n_effects, 0);
    app_update(app, &(Action){.kind = ACT_STAFF_IMPORT_DONE,
                              .a = STAFF_IMPORT_OK,
                              .b = 40,
                              .s = "KINGSTON/aukio-catalogue-lahti-2026-03-16-0900.json"});
    assert_int_equal(take_count(app, EFFECT_LOAD_EVENTS), 1);
    build(app);
    assert_true(ui_has_text(&the_ui, "40 muutosta tuotu: "
                                     "KINGSTON/aukio-catalogue-lahti-2026-03-16-0900.json"));
    /* Refused: says so, and nothing is reloaded. */
    send(app, ACT_STAFF_IMPORT, 0);
    (void)take_count(app, EFFECT_STAFF_IMPORT);
    app_update(app, &(Action){.kind = ACT_STAFF_IMPORT_DONE,
                              .a = STAFF_IMPORT_REFUSED,
                              .s = "KINGSTON/aukio-catalogue-x.json"});
    assert_int_equal(app->n_effects, 0);
    build(app);
    assert_true(ui_has_text(&the_ui, "Tiedostoa KINGSTON/aukio-catalogue-x.json ei tuotu"));
    assert_true(ui_has_text(&the_ui, "Mitään ei muutettu."));
    /* Nothing on the stick. */
    send(app, ACT_STAFF_IMPORT, 0);
    app_update(
        app,
        &(Action){.kind = ACT_STAFF_IMPORT_DONE, .a = STAFF_IMPORT_NONE_FOUND, .s = "KINGSTON"});
    build(app);
    assert_true(ui_has_text(&the_ui, "Paikassa KINGSTON ei ole koordinaattorin tiedostoa"));
}

/* The venue screen: a catalogue venue or a pop-up of the kiosk's own, typed on the keyboard;
 * nothing of App's venue changes until the store has it, then all of it at once. */
/* Three events at two venues. */
static void load_venues(App *app)
{
    EventRow *rows = calloc(3, sizeof *rows);
    assert_non_null(rows);
    static const char *const IDS[3] = {"lahti", "kouvola", "lahti"};
    static const char *const NAMES[3] = {"Lahden pääkirjasto", "Kouvolan pääkirjasto",
                                         "Lahden pääkirjasto"};
    static const char *const EIDS[3] = {"e0", "e1", "e2"};
    for (int i = 0; i < 3; i++) {
        rows[i].id = EIDS[i];
        rows[i].venue_id = IDS[i];
        for (int l = 0; l < LANG_COUNT; l++)
            rows[i].title[l] = rows[i].venue[l] = "";
        if (!rows[i].venue_id) rows[i].venue_id = "";
        if (!rows[i].category) rows[i].category = "";
        rows[i].title[LANG_FI] = "Satutunti";
        rows[i].venue[LANG_FI] = NAMES[i];
        rows[i].start_time = T0 / 1000 + 3600 * (i + 1);
    }
    app_update(app, &(Action){.kind = ACT_EVENTS_LOADED, .p = rows, .a = 3});
}

static void test_venue(void **state)
{
    (void)state;
    App *app = in_staff();
    load_venues(app);
    send(app, ACT_STAFF_GO, SCREEN_STAFF_VENUE);
    assert_int_equal(app->screen, SCREEN_STAFF_VENUE);
    (void)take_count(app, EFFECT_WIPE); /* takes whatever was queued */
    /* A catalogue venue: none picked is refused on the screen, the store is not asked. */
    send(app, ACT_STAFF_VENUE_SAVE, 0);
    assert_int_equal(app->staff.venue.result, STAFF_VENUE_NO_PICK);
    assert_int_equal(app->n_effects, 0);
    int rows[APP_MAX_CHOICES];
    int n = app_staff_venues(app, rows, APP_MAX_CHOICES);
    assert_int_equal(n, 2);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            assert_string_not_equal(app->rows[rows[i]].venue_id, app->rows[rows[j]].venue_id);
    send(app, ACT_STAFF_VENUE_PICK, rows[1]);
    assert_string_equal(app->staff.venue.venue, app->rows[rows[1]].venue_id);
    /* The pop-up: typed on the keyboard into the language of the tab. */
    send(app, ACT_STAFF_VENUE_MODE, 1);
    assert_false(app_osk_visible(app));
    send(app, ACT_STAFF_VENUE_SAVE, 0);
    assert_int_equal(app->staff.venue.result, STAFF_VENUE_NO_NAME);
    assert_int_equal(app->n_effects, 0);
    send(app, ACT_STAFF_VENUE_TEXT_LANG, LANG_SV);
    send(app, ACT_FOCUS, FIELD_VENUE_NAME + LANG_SV);
    assert_true(app_osk_visible(app));
    app_update(app, &(Action){.kind = ACT_TEXT, .s = "Salutorget"});
    app_update(app, &(Action){.kind = ACT_KEY, .a = KEY_BACKSPACE});
    app_update(app, &(Action){.kind = ACT_TEXT, .s = "t"});
    app_update(app, &(Action){.kind = ACT_KEY, .a = KEY_ENTER}); /* on to the description */
    assert_int_equal(app->focus, FIELD_VENUE_NOTE + LANG_SV);
    app_update(app, &(Action){.kind = ACT_TEXT, .s = "vid fontänen"});
    assert_string_equal(app->staff.venue.name[LANG_SV], "Salutorget");
    assert_string_equal(app->staff.venue.note[LANG_SV], "vid fontänen");
    assert_int_equal(app->screen, SCREEN_STAFF_VENUE); /* typing is not the pad's */
    /* Back first takes the keyboard down, then leaves. */
    send(app, ACT_BACK, 0);
    assert_int_equal(app->focus, FIELD_NONE);
    assert_int_equal(app->screen, SCREEN_STAFF_VENUE);
    send(app, ACT_STAFF_VENUE_SHOW_ALL, 1);
    send(app, ACT_STAFF_VENUE_LANG, LANG_EN);
    send(app, ACT_STAFF_VENUE_SAVE, 0);
    assert_int_equal(take_count(app, EFFECT_STAFF_VENUE_SAVE), 1);
    assert_false(app->venue_popup); /* not before the store has it */
    send(app, ACT_STAFF_VENUE_SAVE, 0);
    assert_int_equal(app->n_effects, 0); /* once */
    app_update(app, &(Action){.kind = ACT_STAFF_VENUE_SAVED, .a = 0, .s = "popup:abc"});
    assert_true(app->venue_staff);
    assert_true(app->venue_popup);
    assert_string_equal(app->home_venue, "popup:abc");
    assert_string_equal(app->venue_name[LANG_SV], "Salutorget");
    assert_true(app->venue_show_all);
    assert_int_equal(app->default_lang, LANG_EN);
    build(app);
    assert_true(ui_has_text(&the_ui, "Kioski on nyt paikassa Salutorget."));
    /* Leaving staff mode: the attract screen in the new language, the venue in its top bar. */
    send(app, ACT_STAFF_LEAVE, 0);
    assert_int_equal(app->screen, SCREEN_ATTRACT);
    assert_int_equal(app->lang, LANG_EN);
    build(app);
    assert_true(ui_has_text(&the_ui, "Salutorget · vid fontänen"));
    /* A failed save changes nothing of App's venue. */
    app = in_staff();
    load_venues(app);
    send(app, ACT_STAFF_GO, SCREEN_STAFF_VENUE);
    send(app, ACT_STAFF_VENUE_MODE, 0);
    send(app, ACT_STAFF_VENUE_PICK, rows[0]);
    send(app, ACT_STAFF_VENUE_SAVE, 0);
    app_update(app, &(Action){.kind = ACT_STAFF_VENUE_SAVED, .a = -1});
    assert_int_equal(app->staff.venue.result, STAFF_VENUE_FAILED);
    assert_string_equal(app->home_venue, "");
}

/* The config's venue (no staff's): the home's tile and the venue screen name the venue as the
 * catalogue does, not the kiosk; the screen opens on it; the top bar keeps the kiosk's name. */
static void test_venue_from_config(void **state)
{
    (void)state;
    App *app = in_staff();
    snprintf(app->home_venue, sizeof app->home_venue, "%s", "Lahden pääkirjasto");
    load_venues(app);
    assert_string_equal(app->home_venue_id, "lahti");
    build(app);
    assert_true(ui_has_text(&the_ui, "Nyt: Lahden pääkirjasto"));
    send(app, ACT_STAFF_GO, SCREEN_STAFF_VENUE);
    assert_false(app->staff.venue.popup);
    assert_string_equal(app->staff.venue.venue, "lahti");
    build(app);
    assert_true(ui_has_text(&the_ui, "Nyt: Lahden pääkirjasto"));
    send(app, ACT_STAFF_LEAVE, 0);
    build(app);
    assert_true(ui_has_text(&the_ui, "Aukio-kioski"));
}

static void test_no_visitor_path(void **state)
{
    (void)state;
    App *app = at_list();
    static const ActionKind KINDS[] = {
        ACT_STAFF_GO,         ACT_STAFF_OPEN_EVENT,    ACT_STAFF_SYNC_NOW,    ACT_STAFF_CHANGE_PIN,
        ACT_STAFF_ASK,        ACT_STAFF_ANSWER,        ACT_STAFF_PROMOTE,     ACT_STAFF_CHECKIN,
        ACT_STAFF_LEAVE,      ACT_STAFF_EXPORT_TARGET, ACT_STAFF_EXPORT,      ACT_STAFF_IMPORT,
        ACT_STAFF_VENUE_MODE, ACT_STAFF_VENUE_PICK,    ACT_STAFF_VENUE_SAVE,  ACT_STAFF_SPOT_STEP,
        ACT_STAFF_SPOT_LANG,  ACT_STAFF_SPOT_ADD,      ACT_STAFF_SPOT_REMOVE, ACT_STAFF_SPOT_MAKE};
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++) {
        for (int a = 0; a <= SCREEN_STAFF_VENUE; a++)
            app_update(app, &(Action){.kind = KINDS[i], .a = a, .b = 1});
        assert_int_equal(app->screen, SCREEN_LIST);
        assert_false(app->staff_mode);
        assert_int_equal(app->n_effects, 0);
    }
    /* The pad's OK with no pad open asks the store nothing. */
    send(app, ACT_STAFF_PAD_KEY, STAFF_KEY_OK);
    assert_int_equal(app->n_effects, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hold_opens_pad, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hold_with_a_tremble, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ordinary_touches_do_not_open, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hold_wakes_the_loop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hold_on_attract, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pad, setup, teardown),
        cmocka_unit_test_setup_teardown(test_first_pin_before_visitors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leaves_itself_and_wipes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_staff_only_event, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cancel_asks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import, setup, teardown),
        cmocka_unit_test_setup_teardown(test_venue, setup, teardown),
        cmocka_unit_test_setup_teardown(test_venue_from_config, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_visitor_path, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
