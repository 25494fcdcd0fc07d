/*
 * test_speech.c: speech's core: the engine (espeak-ng into a counting sink), what is said of the
 * display list (speech_text.c), the spoken dates (datefmt_spoken), and speech mode's gestures
 * (speech_touch.c) against a fake host that records what reached the ui.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "datefmt.h"
#include "speech.h"
#include "speech_text.h"
#include "speech_touch.h"

#define W 1280
#define H 800

static int fake_measure(void *ctx, int px, bool bold, const char *text)
{
    (void)ctx;
    (void)bold;
    return px * (int)strlen(text) / 2;
}

/* A screen: a heading, a button, a selected button, three cards with a line each, a checkbox
 * and a key. */
static void build(Ui *ui)
{
    ui_begin(ui, W, H, false, false);
    UiNode *bg = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, W, H});
    bg->bg = COL_BG;
    UiNode *t = ui_add(ui, ROLE_TEXT, (UiRect){40, 20, 400, 50});
    t->text = "Events";
    t->font = FONT_HEADING;
    UiNode *b = ui_add(ui, ROLE_BUTTON, (UiRect){900, 20, 150, 60});
    b->text = "Back";
    b->action.kind = ACT_BACK;
    UiNode *e = ui_add(ui, ROLE_BUTTON, (UiRect){1080, 20, 150, 60});
    e->text = "English";
    e->flags = UI_SELECTED;
    e->action = (Action){.kind = ACT_SET_LANG, .a = LANG_EN};
    for (int i = 0; i < 3; i++) {
        UiNode *c = ui_add(ui, ROLE_CARD, (UiRect){40, 100 + i * 120, 600, 100});
        c->text = ui_fmt(ui, "Event %d", i);
        c->action = (Action){.kind = ACT_OPEN_EVENT, .a = i};
        UiNode *line = ui_add(ui, ROLE_TEXT, (UiRect){60, 110 + i * 120, 300, 30});
        line->text = "part of the card";
    }
    UiNode *x = ui_add(ui, ROLE_CHECKBOX, (UiRect){700, 500, 400, 60});
    x->text = "I agree";
    x->action.kind = ACT_TOGGLE_CONSENT;
    UiNode *k = ui_add(ui, ROLE_KEY, (UiRect){700, 650, 80, 80});
    k->text = "a";
    k->action = (Action){.kind = ACT_OSK_KEY, .a = 0, .b = 0};
}

typedef struct {
    Ui ui;
    int downs, ups, moves, toggles, activated, explored[32], n_explored, volume;
    int last_x, last_y;
    bool patient;
} Fx;

static int setup(void **state)
{
    Fx *f = test_calloc(1, sizeof *f);
    ui_init(&f->ui, fake_measure, NULL);
    build(&f->ui);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fx *f = *state;
    ui_deinit(&f->ui);
    test_free(f);
    return 0;
}

static void h_pointer(void *ctx, int kind, int x, int y)
{
    Fx *f = ctx;
    f->downs += kind == 0;
    f->moves += kind == 1;
    f->ups += kind == 2;
    f->last_x = x;
    f->last_y = y;
}
static const Ui *h_ui(void *ctx)
{
    return &((Fx *)ctx)->ui;
}
static void h_toggle(void *ctx)
{
    ((Fx *)ctx)->toggles++;
}
static bool h_patient(void *ctx, int x, int y)
{
    (void)x;
    (void)y;
    return ((Fx *)ctx)->patient;
}
static void h_explore(void *ctx, int i)
{
    Fx *f = ctx;
    if (f->n_explored < 32) f->explored[f->n_explored++] = i;
}
static void h_activate(void *ctx, int i)
{
    ((Fx *)ctx)->activated = i;
}
static void h_touch(void *ctx)
{
    (void)ctx;
}
static void h_volume(void *ctx, int step)
{
    ((Fx *)ctx)->volume += step;
}

static void h_scroll(void *ctx, int area, float by)
{
    (void)ctx;
    (void)area;
    (void)by;
}

static SpeechTouchHost host(Fx *f)
{
    return (SpeechTouchHost){f,         h_pointer,  h_ui,    h_toggle, h_patient,
                             h_explore, h_activate, h_touch, h_volume, h_scroll};
}

/* A tap at (X, Y) at time *T, as the script runner taps (60 ms down, 60 ms up). */
static void tap(SpeechTouch *st, const SpeechTouchHost *h, bool on, int x, int y, int64_t *t)
{
    speech_touch_down(st, h, on, x, y, *t);
    *t += 60;
    speech_touch_up(st, h, on, x, y, *t);
    *t += 60;
}

/* ---- Speech mode off ---------------------------------------------------------------------- */

static void test_single_tap_goes_through_at_once(void **state)
{
    Fx *f = *state;
    SpeechTouchHost h = host(f);
    SpeechTouch st;
    speech_touch_init(&st);
    int64_t t = 1000;
    speech_touch_down(&st, &h, false, 950, 50, t);
    assert_int_equal(f->downs, 1); /* the press is the ui's at once, as before */
    speech_touch_up(&st, &h, false, 950, 50, t + 60);
    assert_int_equal(f->ups, 1);
    speech_touch_tick(&st, &h, t + 5000);
    assert_int_equal(f->downs, 1);
    assert_int_equal(f->toggles, 0);
}

static void test_triple_tap_toggles_and_presses_once(void **state)
{
    Fx *f = *state;
    SpeechTouchHost h = host(f);
    SpeechTouch st;
    speech_touch_init(&st);
    int64_t t = 1000;
    for (int i = 0; i < 3; i++)
        tap(&st, &h, false, 950, 50, &t);
    assert_int_equal(f->toggles, 1);
    assert_int_equal(f->downs, 1); /* only the first reached the ui */
    speech_touch_tick(&st, &h, t + 5000);
    assert_int_equal(f->downs, 1);
}

static void test_double_tap_delivers_the_second_later(void **state)
{
    Fx *f = *state;
    SpeechTouchHost h = host(f);
    SpeechTouch st;
    speech_touch_init(&st);
    int64_t t = 1000;
    tap(&st, &h, false, 950, 50, &t);
    tap(&st, &h, false, 950, 50, &t);
    assert_int_equal(f->downs, 1);
    assert_true(speech_touch_wakeup(&st) == 1000 + SPEECH_TRIPLE_MS);
    speech_touch_tick(&st, &h, 1000 + SPEECH_TRIPLE_MS);
    assert_int_equal(f->downs, 2);
    assert_int_equal(f->ups, 2);
    assert_int_equal(f->toggles, 0);
}

static void test_taps_apart_or_slow_are_taps(void **state)
{
    Fx *f = *state;
    SpeechTouchHost h = host(f);
    SpeechTouch st;
    speech_touch_init(&st);
    int64_t t = 1000;
    tap(&st, &h, false, 950, 50, &t);
    tap(&st, &h, false, 100, 600, &t); /* far away: a tap of its own */
    tap(&st, &h, false, 950, 50, &t);
    assert_int_equal(f->toggles, 0);
    assert_int_equal(f->downs, 3);
    t += 1000;
    tap(&st, &h, false, 950, 50, &t);
    t += 400;
    tap(&st, &h, false, 950, 50, &t);
    t += 400; /* the third comes too late */
    tap(&st, &h, false, 950, 50, &t);
    speech_touch_tick(&st, &h, t + 5000);
    assert_int_equal(f->toggles, 0);
    assert_int_equal(f->downs, 6);
}

/* A tap, then a long press on the same spot (staff mode's, on the kiosk name): the long press
 * reaches the ui once it is too long for a tap, and lasts as long as the finger does. */
static void test_long_press_after_a_tap(void **state)
{
    Fx *f = *state;
    SpeechTouchHost h = host(f);
    SpeechTouch st;
    speech_touch_init(&st);
    int64_t t = 1000;
    tap(&st, &h, false, 950, 50, &t);
    speech_touch_down(&st, &h, false, 950, 50, t);
    assert_int_equal(f->downs, 1); /* held: it may be a triple tap */
    assert_true(speech_touch_wakeup(&st) == t + SPEECH_TAP_MS + 1);
    speech_touch_tick(&st, &h, t + SPEECH_TAP_MS + 1);
    assert_int_equal(f->downs, 2); /* a press after all */
    assert_int_equal(f->ups, 1);
    speech_touch_tick(&st, &h, t + 3000);
    assert_int_equal(f->ups, 1); /* still down */
    speech_touch_up(&st, &h, false, 950, 50, t + 3100);
    assert_int_equal(f->ups, 2);
    assert_int_equal(f->toggles, 0);
}

static void test_keys_never_make_a_triple_tap(void **state)
{
    Fx *f = *state;
    SpeechTouchHost h = host(f);
    SpeechTouch st;
    speech_touch_init(&st);
    int64_t t = 1000;
    for (int i = 0; i < 3; i++)
        tap(&st, &h, false, 740, 690, &t); /* "aaa" typed quickly */
    assert_int_equal(f->toggles, 0);
    assert_int_equal(f->downs, 3);
    assert_int_equal(f->ups, 3);
}

static void test_attract_holds_the_first_tap(void **state)
{
    Fx *f = *state;
    f->patient = true;
    SpeechTouchHost h = host(f);
    SpeechTouch st;
    speech_touch_init(&st);
    int64_t t = 1000;
    for (int i = 0; i < 3; i++)
        tap(&st, &h, false, 300, 150, &t);
    assert_int_equal(f->toggles, 1);
    assert_int_equal(f->downs, 0); /* the featured event was not opened */
    tap(&st, &h, false, 300, 150, &t);
    speech_touch_tick(&st, &h, t + 1000);
    assert_int_equal(f->downs, 1); /* a lone tap still wakes, a moment later */
}

static void test_a_drag_is_not_held(void **state)
{
    Fx *f = *state;
    SpeechTouchHost h = host(f);
    SpeechTouch st;
    speech_touch_init(&st);
    int64_t t = 1000;
    tap(&st, &h, false, 300, 150, &t);
    speech_touch_down(&st, &h, false, 300, 150, t);
    assert_int_equal(f->downs, 1); /* held: it may be a second tap */
    speech_touch_move(&st, &h, false, 300, 400, t + 30);
    assert_int_equal(f->downs, 2); /* a drag after all: it reaches the ui where it began */
    assert_int_equal(f->moves, 1);
    speech_touch_up(&st, &h, false, 300, 400, t + 60);
    assert_int_equal(f->ups, 2);
}

/* ---- Speech mode on ----------------------------------------------------------------------- */

static void test_touch_explores_double_tap_activates(void **state)
{
    Fx *f = *state;
    SpeechTouchHost h = host(f);
    SpeechTouch st;
    speech_touch_init(&st);
    int64_t t = 1000;
    tap(&st, &h, true, 300, 250, &t); /* the second card */
    assert_int_equal(f->downs, 0);    /* nothing pressed */
    assert_int_equal(f->n_explored, 1);
    int card = f->explored[0];
    assert_string_equal(f->ui.nodes[card].text, "Event 1");
    t += 2000;
    f->activated = -1;
    tap(&st, &h, true, 1000, 700, &t); /* anywhere */
    tap(&st, &h, true, 1000, 700, &t);
    speech_touch_tick(&st, &h, t + SPEECH_TRIPLE_MS);
    assert_int_equal(f->activated, card);
}

static void test_swipe_moves_in_reading_order(void **state)
{
    Fx *f = *state;
    SpeechTouchHost h = host(f);
    SpeechTouch st;
    speech_touch_init(&st);
    int64_t t = 1000;
    tap(&st, &h, true, 300, 130, &t); /* "Event 0" */
    int first = f->explored[0];
    t += 1000;
    speech_touch_down(&st, &h, true, 300, 600, t);
    speech_touch_move(&st, &h, true, 500, 600, t + 100);
    speech_touch_up(&st, &h, true, 500, 600, t + 200);
    int last = f->explored[f->n_explored - 1];
    assert_string_equal(f->ui.nodes[last].text, "Event 1");
    assert_true(last > first);
    t += 1000;
    speech_touch_down(&st, &h, true, 500, 600, t);
    speech_touch_move(&st, &h, true, 300, 600, t + 100);
    speech_touch_up(&st, &h, true, 300, 600, t + 200);
    last = f->explored[f->n_explored - 1];
    assert_int_equal(last, first);
    /* Up: louder. */
    t += 1000;
    speech_touch_down(&st, &h, true, 300, 600, t);
    speech_touch_move(&st, &h, true, 300, 300, t + 100);
    speech_touch_up(&st, &h, true, 300, 300, t + 200);
    assert_int_equal(f->volume, 1);
}

static void test_keys_type_on_lift_in_speech_mode(void **state)
{
    Fx *f = *state;
    SpeechTouchHost h = host(f);
    SpeechTouch st;
    speech_touch_init(&st);
    int64_t t = 1000;
    f->activated = -1;
    tap(&st, &h, true, 740, 690, &t);
    assert_int_equal(f->ui.nodes[f->activated].role, ROLE_KEY);
    assert_int_equal(f->ui.nodes[f->explored[0]].role, ROLE_KEY); /* said when touched */
}

static void test_triple_tap_in_speech_mode_turns_it_off(void **state)
{
    Fx *f = *state;
    SpeechTouchHost h = host(f);
    SpeechTouch st;
    speech_touch_init(&st);
    int64_t t = 1000;
    f->activated = -1;
    for (int i = 0; i < 3; i++)
        tap(&st, &h, true, 300, 250, &t);
    speech_touch_tick(&st, &h, t + 5000);
    assert_int_equal(f->toggles, 1);
    assert_int_equal(f->activated, -1); /* not also a double tap */
}

/* ---- What is said ------------------------------------------------------------------------- */

static void test_describe(void **state)
{
    Fx *f = *state;
    char out[512];
    int back = ui_find_label(&f->ui, "Back");
    speech_describe(&f->ui, back, LANG_EN, out, sizeof out);
    assert_string_equal(out, "Back, button");
    speech_describe(&f->ui, ui_find_label(&f->ui, "English"), LANG_FI, out, sizeof out);
    assert_string_equal(out, "English, painike, valittu");
    speech_describe(&f->ui, ui_find_label(&f->ui, "Event 2"), LANG_EN, out, sizeof out);
    assert_string_equal(out, "Event 2, 3 of 3");
    speech_describe(&f->ui, ui_find_label(&f->ui, "I agree"), LANG_SV, out, sizeof out);
    assert_string_equal(out, "I agree, kryssruta, inte ikryssad");
    /* A card's lines are its own: not stops of their own in reading order. */
    int order[64];
    int n = speech_reading_order(&f->ui, order, 64);
    assert_int_equal(n, 1 + 2 + 3 + 1 + 1);
    speech_screen_intro(&f->ui, LANG_EN, out, sizeof out);
    assert_string_equal(out, "Events. 3 items");
}

static void test_spoken_overrides_text(void **state)
{
    Fx *f = *state;
    UiNode *code = ui_add(&f->ui, ROLE_TEXT, (UiRect){700, 300, 300, 80});
    code->text = "ABC 123";
    char spelt[64];
    speech_spell("ABC 123", spelt, sizeof spelt);
    assert_string_equal(spelt, "A, B, C, 1, 2, 3");
    code->speak = spelt;
    char out[512];
    speech_label(&f->ui, f->ui.n - 1, out, sizeof out);
    assert_string_equal(out, "A, B, C, 1, 2, 3");
    speech_screen_text(&f->ui, out, sizeof out);
    assert_non_null(strstr(out, "A, B, C, 1, 2, 3"));
    assert_null(strstr(out, "ABC 123"));
}

static void test_spoken_dates(void **state)
{
    (void)state;
    setenv("TZ", "Europe/Helsinki", 1);
    tzset();
    int64_t start = 1796142600; /* Tue 1 Dec 2026 18:30 in Helsinki */
    char out[160];
    datefmt_spoken(out, sizeof out, LANG_FI, start, 0);
    assert_string_equal(out, "tiistaina 1. joulukuuta kello 18.30");
    datefmt_spoken(out, sizeof out, LANG_SV, start, 0);
    assert_string_equal(out, "tisdag den 1 december klockan 18.30");
    datefmt_spoken(out, sizeof out, LANG_EN, start, 0);
    assert_string_equal(out, "Tuesday 1 December at 18:30");
    datefmt_spoken(out, sizeof out, LANG_FI, start, start + 5400);
    assert_string_equal(out, "tiistaina 1. joulukuuta kello 18.30, päättyy kello 20.00");
}

/* ---- The state (app_speech.c) ------------------------------------------------------------ */

static bool has_effect(App *app, EffectKind e)
{
    EffectKind out[APP_MAX_EFFECTS];
    int n = app_take_effects(app, out, APP_MAX_EFFECTS);
    for (int i = 0; i < n; i++)
        if (out[i] == e) return true;
    return false;
}

static void test_speech_mode_state(void **state)
{
    (void)state;
    App app;
    int64_t t = 1000000;
    app_init(&app, LANG_FI, 60, 20, t);
    app_set_speech(&app, SPEECH_CONFIG_OFF, 70);
    app_update(&app, &(Action){.kind = ACT_WAKE});
    assert_int_equal(app.screen, SCREEN_LIST);
    /* A triple tap turns it on; the idle reset is four times later and warns first. */
    app_update(&app, &(Action){.kind = ACT_SPEECH_MODE});
    assert_true(app.speech_mode);
    assert_true(has_effect(&app, EFFECT_SPEECH_MODE));
    app_update(&app, &(Action){.kind = ACT_TICK, .t = t + 61000});
    assert_int_equal(app.screen, SCREEN_LIST);
    app_update(&app, &(Action){.kind = ACT_TICK, .t = t + 4 * 60000 - 5000});
    assert_true(app_idle_warning_s(&app) > 0);
    /* An exploring touch extends it. */
    app_update(&app, &(Action){.kind = ACT_SPEECH_TOUCH});
    app_update(&app, &(Action){.kind = ACT_TICK, .t = t + 4 * 60000 - 4000});
    assert_int_equal(app_idle_warning_s(&app), 0);
    /* The volume in steps, within 10..100. */
    for (int i = 0; i < 10; i++)
        app_update(&app, &(Action){.kind = ACT_VOLUME, .a = 1});
    assert_int_equal(app.volume, 100);
    app_update(&app, &(Action){.kind = ACT_TICK, .t = t + 10 * 60000});
    assert_int_equal(app.screen, SCREEN_ATTRACT);
    assert_false(app.speech_mode); /* the next visitor starts without it */
    assert_int_equal(app.volume, 70);
    /* Always: on for every visitor, and a triple tap cannot turn it off. */
    app_set_speech(&app, SPEECH_CONFIG_ALWAYS, 80);
    assert_true(app.speech_mode);
    app_update(&app, &(Action){.kind = ACT_SPEECH_MODE});
    assert_true(app.speech_mode);
    app_deinit(&app);
}

static void test_read_aloud_stops_on_moving_on(void **state)
{
    (void)state;
    App app;
    app_init(&app, LANG_FI, 60, 20, 1000);
    app.screen = SCREEN_CONFIRM;
    (void)has_effect(&app, EFFECT_LOAD_EVENTS);
    app_update(&app, &(Action){.kind = ACT_READ_ALOUD});
    assert_true(app.reading);
    assert_true(has_effect(&app, EFFECT_READ_SCREEN));
    app_update(&app, &(Action){.kind = ACT_READ_ALOUD}); /* "Stop" */
    assert_false(app.reading);
    assert_true(has_effect(&app, EFFECT_SPEECH_STOP));
    app_update(&app, &(Action){.kind = ACT_READ_ALOUD});
    app_update(&app, &(Action){.kind = ACT_GO_HOME}); /* moving on stops it */
    assert_false(app.reading);
    assert_true(has_effect(&app, EFFECT_SPEECH_STOP));
    app.screen = SCREEN_LIST;
    app_update(&app, &(Action){.kind = ACT_READ_ALOUD}); /* not offered on the list */
    assert_false(app.reading);
    app_deinit(&app);
}

/* ---- The engine --------------------------------------------------------------------------- */

typedef struct {
    long samples, loud;
    int begun, ended, cut, flushed;
} Count;

static void c_begin(void *ctx, unsigned id, int rate)
{
    (void)id;
    (void)rate;
    ((Count *)ctx)->begun++;
}
static void c_samples(void *ctx, const int16_t *s, int n)
{
    Count *c = ctx;
    c->samples += n;
    for (int i = 0; i < n; i++)
        c->loud += s[i] > 1000 || s[i] < -1000;
}
static void c_end(void *ctx, unsigned id, bool cut)
{
    (void)id;
    Count *c = ctx;
    c->ended++;
    c->cut += cut;
}
static void c_flush(void *ctx)
{
    ((Count *)ctx)->flushed++;
}

/* An engine whose sound is counted into C (speech_new keeps its own copy of the sink). */
static Speech *counting_engine(Count *c, unsigned flags)
{
    SpeechSink sink = {c, c_begin, c_samples, c_end, c_flush};
    char err[256];
    Speech *s = speech_new(&sink, flags, err, sizeof err);
    if (!s) fail_msg("%s", err);
    return s;
}

static void test_engine_speaks_each_language(void **state)
{
    (void)state;
    Count c = {0};
    Speech *s = counting_engine(&c, SPEECH_KEEP_ALL);
    long before = 0;
    static const char *const TEXT[LANG_COUNT] = {"Hyvää päivää", "God dag", "Good day"};
    for (int l = 0; l < LANG_COUNT; l++) {
        unsigned id = speech_say(s, (Lang)l, TEXT[l]);
        assert_true(id > 0);
        speech_wait(s);
        assert_true(c.samples - before > speech_rate(s) / 4); /* more than a quarter second */
        assert_true(speech_length_ms(s, id) > 250);
        before = c.samples;
    }
    assert_true(c.loud > 1000); /* not silence */
    assert_int_equal(speech_say(s, LANG_FI, ""), 0);
    speech_free(s);
    assert_int_equal(c.ended, 3);
    assert_int_equal(c.cut, 0);
}

/* Bug: the list's count, "10 000 tapahtumaa" with a no-break space (i18n_number), was read
 * digit by digit ("kymmenen nolla nolla nolla"): it is said as with a space, the same audio. */
static void test_engine_reads_grouped_numbers(void **state)
{
    (void)state;
    Count c = {0};
    Speech *s = counting_engine(&c, SPEECH_KEEP_ALL);
    speech_say(s, LANG_FI, "10 000 tapahtumaa");
    speech_wait(s);
    long spaced = c.samples;
    speech_say(s, LANG_FI,
               "10\xC2\xA0"
               "000 tapahtumaa");
    speech_wait(s);
    long nbsp = c.samples - spaced;
    speech_free(s);
    /* The same words, within a few samples (digit by digit is a third longer). */
    assert_true(labs(nbsp - spaced) < spaced / 100);
}

static void test_engine_cuts_at_once(void **state)
{
    (void)state;
    Count c = {0};
    Speech *s = counting_engine(&c, 0);
    char text[4000] = "";
    for (int i = 0; i < 60; i++)
        strcat(text, "Tämä on pitkä lause, joka katkaistaan. ");
    unsigned a = speech_say(s, LANG_FI, text);
    unsigned b = speech_say(s, LANG_FI, "Seuraava");
    assert_true(b > a);
    speech_wait(s);
    int la = speech_length_ms(s, a);
    assert_true(la < 20000); /* the long one (about 2 minutes) was cut, or never begun */
    assert_true(speech_length_ms(s, b) > 0);
    speech_stop(s);
    assert_true(c.flushed >= 2);
    speech_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_single_tap_goes_through_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_triple_tap_toggles_and_presses_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_double_tap_delivers_the_second_later, setup, teardown),
        cmocka_unit_test_setup_teardown(test_taps_apart_or_slow_are_taps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keys_never_make_a_triple_tap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_press_after_a_tap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attract_holds_the_first_tap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_drag_is_not_held, setup, teardown),
        cmocka_unit_test_setup_teardown(test_touch_explores_double_tap_activates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_swipe_moves_in_reading_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keys_type_on_lift_in_speech_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_triple_tap_in_speech_mode_turns_it_off, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_describe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spoken_overrides_text, setup, teardown),
        cmocka_unit_test(test_spoken_dates),
        cmocka_unit_test(test_speech_mode_state),
        cmocka_unit_test(test_read_aloud_stops_on_moving_on),
        cmocka_unit_test(test_engine_speaks_each_language),
        cmocka_unit_test(test_engine_reads_grouped_numbers),
        cmocka_unit_test(test_engine_cuts_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
