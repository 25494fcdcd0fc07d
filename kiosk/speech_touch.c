/*
 * speech_touch.c: speech mode's gestures (speech_touch.h).
 */
#include "speech_touch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "speech_text.h"

void speech_touch_init(SpeechTouch *st)
{
    memset(st, 0, sizeof *st);
    st->spoken = -1;
}

static int dist2(int ax, int ay, int bx, int by)
{
    return (ax - bx) * (ax - bx) + (ay - by) * (ay - by);
}

static bool within(const Ui *ui, int ax, int ay, int bx, int by, float dp)
{
    int r = ui_px(ui, dp);
    return dist2(ax, ay, bx, by) <= r * r;
}

/* Whether a quick repeat of a tap at (X, Y) means something of its own there: keys type, the
 * steppers count. */
static bool repeats(const Ui *ui, int x, int y)
{
    int i = speech_node_at(ui, x, y);
    if (i < 0) return false;
    const UiNode *n = &ui->nodes[i];
    return n->role == ROLE_KEY || n->action.kind == ACT_GROUP_STEP;
}

static void reset_seq(SpeechTouch *st)
{
    st->taps = 0;
    st->pending = 0;
    st->activate_due = false;
}

static void deliver_tap(const SpeechTouchHost *h, int x, int y)
{
    h->pointer(h->ctx, 0, x, y);
    h->pointer(h->ctx, 2, x, y);
}

/* Speech mode off: the held taps go to the ui after all. */
static void flush_pending(SpeechTouch *st, const SpeechTouchHost *h)
{
    int n = st->pending;
    st->pending = 0;
    for (int i = 0; i < n; i++)
        deliver_tap(h, st->pend_x[i], st->pend_y[i]);
}

/* ---- Focus ------------------------------------------------------------------------------- */

void speech_touch_focus(SpeechTouch *st, const Ui *ui, int i)
{
    memset(&st->focus, 0, sizeof st->focus);
    if (i < 0) return;
    const UiNode *n = &ui->nodes[i];
    st->focus = (SpeechFocus){true, n->role, n->action, n->r, ""};
    snprintf(st->focus.text, sizeof st->focus.text, "%s", n->text ? n->text : "");
}

static int find(const SpeechFocus *f, const Ui *ui)
{
    if (!f->set) return -1;
    int by_rect = -1;
    int order[512];
    int count = speech_reading_order(ui, order, 512);
    for (int k = 0; k < count; k++) {
        int i = order[k];
        const UiNode *n = &ui->nodes[i];
        if (n->role != f->role) continue;
        if (f->act.kind != ACT_NONE && n->action.kind == f->act.kind && n->action.a == f->act.a &&
            n->action.b == f->act.b)
            return i;
        if (memcmp(&n->r, &f->rect, sizeof n->r) == 0) by_rect = i;
        /* A text whose area scrolled: the same words, in the same column. */
        if (by_rect < 0 && f->act.kind == ACT_NONE && n->r.x == f->rect.x && n->text &&
            strncmp(n->text, f->text, sizeof f->text - 1) == 0)
            by_rect = i;
    }
    return by_rect;
}

int speech_touch_focused(const SpeechTouch *st, const Ui *ui)
{
    return find(&st->focus, ui);
}

/* Speech mode: speaks what is under (X, Y) when it is not what this touch spoke already. */
static void explore(SpeechTouch *st, const SpeechTouchHost *h, int x, int y)
{
    const Ui *ui = h->ui(h->ctx);
    int i = speech_node_at(ui, x, y);
    if (i < 0 || i == st->spoken) return;
    st->spoken = i;
    speech_touch_focus(st, ui, i);
    h->explore(h->ctx, i);
}

/* Speech mode: the next (+1) or previous (-1) element in reading order from the focus. */
static void step(SpeechTouch *st, const SpeechTouchHost *h, int dir)
{
    const Ui *ui = h->ui(h->ctx);
    int order[512];
    int n = speech_reading_order(ui, order, 512);
    if (n == 0) return;
    int f = speech_touch_focused(st, ui), at = -1;
    for (int k = 0; k < n; k++)
        if (order[k] == f) at = k;
    int next = at < 0 ? (dir > 0 ? 0 : n - 1) : at + dir;
    if (next < 0) next = 0;
    if (next >= n) next = n - 1;
    speech_touch_focus(st, ui, order[next]);
    float by;
    int area = speech_scroll_into_view(ui, order[next], &by);
    if (area >= 0) {
        /* Scrolled out of view: scrolled in, then found again in the rebuilt list. */
        h->scroll(h->ctx, area, by);
        ui = h->ui(h->ctx);
        int i = speech_touch_focused(st, ui);
        if (i >= 0) h->explore(h->ctx, i);
        return;
    }
    h->explore(h->ctx, order[next]);
}

static void activate_focus(SpeechTouch *st, const SpeechTouchHost *h)
{
    const Ui *ui = h->ui(h->ctx);
    int i = find(&st->before, ui);
    if (i >= 0)
        st->focus = st->before;
    else
        i = speech_touch_focused(st, ui);
    if (i >= 0 && ui->nodes[i].action.kind != ACT_NONE) h->activate(h->ctx, i);
}

/* ---- Gestures ---------------------------------------------------------------------------- */

void speech_touch_down(SpeechTouch *st, const SpeechTouchHost *h, bool on, int x, int y, int64_t t)
{
    speech_touch_tick(st, h, t);
    const Ui *ui = h->ui(h->ctx);
    st->down = true;
    st->down_on = on;
    st->moved = false;
    st->down_t = t;
    st->down_x = x;
    st->down_y = y;
    st->spoken = -1;
    bool open = st->taps > 0 && t - st->seq_t < SPEECH_TRIPLE_MS;
    bool near = open && !st->seq_blocked && within(ui, x, y, st->seq_x, st->seq_y, SPEECH_NEAR_DP);
    if (on) {
        h->touch(h->ctx);
        st->held = near; /* maybe the second or third tap: not explored */
        if (!near) {
            reset_seq(st);
            st->before = st->focus;
            st->seq_t = t;
            st->seq_x = x;
            st->seq_y = y;
            st->seq_blocked = repeats(ui, x, y);
            explore(st, h, x, y);
        }
        return;
    }
    if (!near) {
        flush_pending(st, h);
        reset_seq(st);
        st->seq_t = t;
        st->seq_x = x;
        st->seq_y = y;
        st->seq_blocked = repeats(ui, x, y);
    }
    /* Not forwarded while it may be part of a triple tap. */
    st->held = near || (!st->seq_blocked && h->patient(h->ctx, x, y));
    if (!st->held) h->pointer(h->ctx, 0, x, y);
}

void speech_touch_move(SpeechTouch *st, const SpeechTouchHost *h, bool on, int x, int y, int64_t t)
{
    if (!st->down) return;
    const Ui *ui = h->ui(h->ctx);
    if (!st->moved && !within(ui, x, y, st->down_x, st->down_y, SPEECH_SLOP_DP)) st->moved = true;
    if (on) {
        /* A slow finger explores; a fast one is a swipe, judged when it lifts. */
        if (st->moved && t - st->down_t >= SPEECH_EXPLORE_MS) explore(st, h, x, y);
        return;
    }
    if (st->held) {
        if (!st->moved) return;
        /* Not a tap after all: the held touch goes to the ui as it began, then as it goes. */
        flush_pending(st, h);
        reset_seq(st);
        st->held = false;
        h->pointer(h->ctx, 0, st->down_x, st->down_y);
    }
    if (st->moved) reset_seq(st);
    h->pointer(h->ctx, 1, x, y);
}

/* Speech mode: a touch ended at (X, Y). */
static void up_on(SpeechTouch *st, const SpeechTouchHost *h, int x, int y, int64_t t)
{
    const Ui *ui = h->ui(h->ctx);
    int dx = x - st->down_x, dy = y - st->down_y;
    bool fast = t - st->down_t <= SPEECH_SWIPE_MS;
    int swipe = ui_px(ui, SPEECH_SWIPE_DP);
    if (st->moved) {
        reset_seq(st);
        if (fast && abs(dx) >= swipe && abs(dx) > 2 * abs(dy)) {
            /* From the element spoken before the swipe, not the one it started on. */
            if (st->before.set) st->focus = st->before;
            step(st, h, dx > 0 ? 1 : -1);
        } else if (fast && abs(dy) >= swipe && abs(dy) > 2 * abs(dx))
            h->volume(h->ctx, dy < 0 ? 1 : -1);
        return;
    }
    /* Touch typing: lifting off a key types it. */
    int under = speech_node_at(ui, x, y);
    if (!st->held && under >= 0 && ui->nodes[under].role == ROLE_KEY) {
        reset_seq(st);
        h->activate(h->ctx, under);
        return;
    }
    if (t - st->down_t > SPEECH_TAP_MS) {
        reset_seq(st);
        return;
    }
    st->taps++;
    if (st->taps == 2) {
        st->activate_due = true; /* unless a third tap follows */
    } else if (st->taps >= 3) {
        reset_seq(st);
        h->toggle(h->ctx);
    }
}

void speech_touch_up(SpeechTouch *st, const SpeechTouchHost *h, bool on, int x, int y, int64_t t)
{
    if (!st->down) return;
    st->down = false;
    if (on) {
        up_on(st, h, x, y, t);
        return;
    }
    bool tap = !st->moved && t - st->down_t <= SPEECH_TAP_MS;
    if (!st->held) {
        h->pointer(h->ctx, 2, x, y);
        if (tap && st->taps == 0 && !st->seq_blocked)
            st->taps = 1;
        else
            reset_seq(st);
        return;
    }
    st->held = false;
    if (!tap || t - st->seq_t >= SPEECH_TRIPLE_MS) {
        /* Too slow for a triple tap: this touch, and the one held before it, are plain taps. */
        flush_pending(st, h);
        reset_seq(st);
        deliver_tap(h, st->down_x, st->down_y);
        return;
    }
    st->taps++;
    if (st->taps < 3 && st->pending < 2) {
        st->pend_x[st->pending] = st->down_x;
        st->pend_y[st->pending] = st->down_y;
        st->pending++;
    } else {
        reset_seq(st); /* drops the held taps: the three were one gesture */
        h->toggle(h->ctx);
    }
}

void speech_touch_tick(SpeechTouch *st, const SpeechTouchHost *h, int64_t t)
{
    if (st->down && st->held && t - st->down_t > SPEECH_TAP_MS) {
        /* Held too long for a tap: a press after all, from where it began. */
        st->held = false;
        if (st->down_on) {
            reset_seq(st);
            explore(st, h, st->down_x, st->down_y);
        } else {
            flush_pending(st, h);
            reset_seq(st);
            h->pointer(h->ctx, 0, st->down_x, st->down_y);
        }
        return;
    }
    if (t - st->seq_t >= SPEECH_TRIPLE_MS) speech_touch_settle(st, h);
}

void speech_touch_settle(SpeechTouch *st, const SpeechTouchHost *h)
{
    if (st->taps == 0 || st->down) return;
    bool activate = st->activate_due;
    flush_pending(st, h);
    reset_seq(st);
    if (activate) activate_focus(st, h);
}

int64_t speech_touch_wakeup(const SpeechTouch *st)
{
    if (st->down && st->held) return st->down_t + SPEECH_TAP_MS + 1;
    if (st->taps == 0 || (!st->pending && !st->activate_due)) return INT64_MAX;
    return st->seq_t + SPEECH_TRIPLE_MS;
}
