/*
 * app_scroll.c: the scroll areas' state: drags, flings with inertia, holds, and the limits the
 * layout found, and when the App next needs a frame (app_next_wakeup). Part of the app's state
 * machine (app_internal.h); app.c dispatches to it.
 */
#include <math.h>

#include "app_internal.h"

#define FLING_TAU_MS 325.0f /* inertia decays like iOS scroll views: e^(-t/325ms) */
#define FRAME_MS 16         /* a frame while anything scrolls on its own */
#define FLING_STOP 20.0f    /* px/s below which a fling stops */

/* Dragging, flinging and holding a scroll area, and the limits the layout found. */
void app_scroll_update(App *app, const Action *act)
{
    Scroll *s = &app->scroll[act->a];
    switch (act->kind) {
    case ACT_SCROLL_BY:
        s->pos += act->f;
        if (s->pos < 0) s->pos = 0;
        if (s->pos > s->max) s->pos = s->max;
        s->velocity = 0;
        app->dirty = true;
        break;
    case ACT_SCROLL_FLING:
        s->velocity = act->f;
        if (fabsf(act->f) < FLING_STOP) s->velocity = 0;
        app->dirty = true;
        break;
    case ACT_SCROLL_HOLD:
        if (s->velocity != 0) app->dirty = true;
        s->velocity = 0;
        break;
    case ACT_SCROLL_LIMIT:
        s->max = act->f > 0 ? act->f : 0;
        if (s->pos > s->max) {
            s->pos = s->max;
            app->dirty = true;
        }
        break;
    default:
        break;
    }
}

void app_scroll_step(App *app, float dt)
{
    for (int i = 0; i < SCROLL_COUNT; i++) {
        Scroll *s = &app->scroll[i];
        if (s->velocity == 0 || dt <= 0) continue;
        s->pos += s->velocity * dt / 1000.0f;
        s->velocity *= expf(-dt / FLING_TAU_MS);
        if (s->pos < 0) s->pos = 0, s->velocity = 0;
        if (s->pos > s->max) s->pos = s->max, s->velocity = 0;
        if (fabsf(s->velocity) < FLING_STOP) s->velocity = 0;
        app->dirty = true;
    }
}

/* When the App next needs a frame with nothing touched: a scroll still moving, the attract
 * screen's next event, the confirmation's deadline, the idle clocks, and the minute. */
int64_t app_next_wakeup(const App *app)
{
    int64_t next = INT64_MAX;
    for (int i = 0; i < SCROLL_COUNT; i++)
        if (app->scroll[i].velocity != 0) return app->now_ms + FRAME_MS;
    if (app->screen == SCREEN_ATTRACT) {
        next = app->attract_next_ms;
    } else if (app->confirming) {
        next = app->confirming_since + APP_CONFIRMING_MAX_MS;
    } else if (!app->busy) {
        next = app_idle_next_wakeup(app);
    }
    int64_t mine = app_mine_wakeup(app), staff = app_staff_wakeup(app);
    if (mine < next) next = mine;
    if (staff < next) next = staff;
    int64_t minute = (app->now_ms / 60000 + 1) * 60000;
    return next < minute ? next : minute;
}
