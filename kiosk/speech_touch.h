/*
 * speech_touch.h: speech mode's gestures, between the pointer and the ui (issue 15).
 *
 * With speech mode off, touches go to the ui exactly as before, with one exception: three taps
 * within SPEECH_TRIPLE_MS, near each other, toggle speech mode. The first tap acts as any tap
 * does (it cannot be told from a single tap without delaying every tap); the second is held
 * until the third comes or the time is up, and then delivered, so a triple tap presses nothing
 * twice. On the attract screen's featured event (SpeechTouchHost.patient) the first is held
 * too, so a triple tap there opens nothing. Taps on keys and on the +/- steppers never start one:
 * tapping them quickly is typing.
 *
 * With speech mode on, nothing is pressed by a touch: a touch (and a finger moving slowly)
 * speaks the element under it; a double tap anywhere activates the element spoken last; a fast
 * horizontal swipe moves to the next (right) or previous (left) element in reading order; a
 * fast vertical swipe turns the volume up or down; a triple tap turns speech mode off. Keys of
 * the on-screen keyboard type when the finger lifts off them (touch typing), so a blind visitor
 * types by sliding to the key and lifting.
 *
 * Core: no SDL, no App; what the gestures mean is done by the host (runtime.c).
 */
#ifndef AUKIO_SPEECH_TOUCH_H
#define AUKIO_SPEECH_TOUCH_H

#include <stdbool.h>
#include <stdint.h>

#include "ui.h"

#define SPEECH_TRIPLE_MS 700  /* three taps within this long toggle speech mode */
#define SPEECH_TAP_MS 350     /* a touch longer than this is not a tap */
#define SPEECH_SLOP_DP 16     /* a finger moving less than this is still a tap */
#define SPEECH_NEAR_DP 64     /* the taps of a triple tap land within this of the first */
#define SPEECH_SWIPE_DP 80    /* a swipe covers at least this ... */
#define SPEECH_SWIPE_MS 400   /* ... within this long */
#define SPEECH_EXPLORE_MS 250 /* a finger moving after this long explores (not a swipe) */

typedef struct {
    void *ctx;
    /* Pointer input for the ui, as it would go without speech: KIND 0 down, 1 move, 2 up. */
    void (*pointer)(void *ctx, int kind, int x, int y);
    /* The display list now (rebuilt if the app changed). */
    const Ui *(*ui)(void *ctx);
    /* A triple tap. */
    void (*toggle)(void *ctx);
    /* Whether a first tap at (X, Y) may wait too: on the attract screen's featured event, which
     * a tap opens and a triple tap must not. */
    bool (*patient)(void *ctx, int x, int y);
    /* Speech mode: speak node I of the current list (touched, or swiped to). */
    void (*explore)(void *ctx, int i);
    /* Speech mode: press node I (the double tap's target, or the key lifted from). */
    void (*activate)(void *ctx, int i);
    /* Speech mode: a touch (it keeps the kiosk awake, as a press would). */
    void (*touch)(void *ctx);
    /* Speech mode: a vertical swipe, +1 up (louder) or -1 down. */
    void (*volume)(void *ctx, int step);
    /* Speech mode: scroll area AREA (ScrollId) by BY px, to bring the next element into view. */
    void (*scroll)(void *ctx, int area, float by);
} SpeechTouchHost;

/* An element of the display list, found again in a rebuilt list by these. */
typedef struct {
    bool set;
    UiRole role;
    Action act;
    UiRect rect;
    char text[96]; /* a text's own words: found again after its area scrolled */
} SpeechFocus;

typedef struct SpeechTouch {
    /* The tap sequence: taps so far, the first's time and place. */
    int taps;
    int64_t seq_t;
    int seq_x, seq_y;
    bool seq_blocked; /* it began on a key or a stepper: no triple tap */
    /* The touch under way. */
    bool down, held, moved;
    bool down_on; /* speech mode was on when it began */
    int64_t down_t;
    int down_x, down_y;
    /* Speech mode off: the held taps, delivered if no third comes. */
    int pending;
    int pend_x[2], pend_y[2];
    /* Speech mode: a double tap waiting to see whether a third tap follows. */
    bool activate_due;
    /* Speech mode: the element spoken last, and the one before the tap sequence began (a double
     * tap anywhere activates that one, not what its first tap touched). */
    SpeechFocus focus, before;
    int spoken; /* node index spoken by the touch under way, -1 */
} SpeechTouch;

void speech_touch_init(SpeechTouch *st);

/* Pointer input at time T (ms); ON: speech mode is on. */
void speech_touch_down(SpeechTouch *st, const SpeechTouchHost *h, bool on, int x, int y, int64_t t);
void speech_touch_move(SpeechTouch *st, const SpeechTouchHost *h, bool on, int x, int y, int64_t t);
void speech_touch_up(SpeechTouch *st, const SpeechTouchHost *h, bool on, int x, int y, int64_t t);

/* The clock moved to T: delivers a held tap, or the double tap's activation, whose time is up;
 * a held touch that stays down past SPEECH_TAP_MS is no tap, and goes on as a press (a long
 * press, e.g. staff mode's, works right after a tap). */
void speech_touch_tick(SpeechTouch *st, const SpeechTouchHost *h, int64_t t);

/* Ends the tap sequence now: held taps are delivered, a double tap's activation is done. The
 * headless runner calls it when a script looks at the screen (a `tap "LABEL"`, an `expect`), so
 * that three `tap X Y` lines in a row make a triple tap and any other script sees every tap
 * acted on, as it did before speech mode existed. */
void speech_touch_settle(SpeechTouch *st, const SpeechTouchHost *h);

/* When speech_touch_tick is next needed, or INT64_MAX. */
int64_t speech_touch_wakeup(const SpeechTouch *st);

/* Speech mode: sets the element spoken last to node I (the host spoke it), or none (-1). */
void speech_touch_focus(SpeechTouch *st, const Ui *ui, int i);

/* The focused element's index in UI, or -1 when it is not on this screen. */
int speech_touch_focused(const SpeechTouch *st, const Ui *ui);

#endif
