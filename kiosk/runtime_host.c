/*
 * runtime_host.c: the headless runner's host (script.h's ScriptHost) over the assembled kiosk
 * (runtime.h): a script's taps, text and keys go in as the window's would, time moves on the
 * virtual clock, and shots are drawn from the display list. main.c asks for it; nothing in
 * runtime.c calls back here.
 */
#include "runtime.h"

#include "gfx.h"

/* ---- Headless host ---------------------------------------------------------------------- */

static void host_pointer(void *ctx, int kind, int x, int y)
{
    Kiosk *k = ctx;
    kiosk_poll_workers(k, true);
    kiosk_build(k);
    kiosk_pointer(k, kind, x, y, k->clock_ms);
    kiosk_build(k);
}

static void host_text(void *ctx, const char *utf8)
{
    Kiosk *k = ctx;
    kiosk_dispatch(k, &(Action){.kind = ACT_TEXT, .s = utf8});
}

static void host_key(void *ctx, AppKey key)
{
    Kiosk *k = ctx;
    kiosk_dispatch(k, &(Action){.kind = ACT_KEY, .a = (int)key});
}

static void host_advance(void *ctx, int64_t ms)
{
    Kiosk *k = ctx;
    /* The hub's answer takes real time; a headless run waits for it as a visitor would. */
    kiosk_poll_workers(k, true);
    int64_t end = k->clock_ms + ms;
    /* Step as a real kiosk would wake: every frame while something moves, else at the next
     * timer. */
    while (k->clock_ms < end) {
        kiosk_build(k);
        int64_t next = kiosk_next_wakeup(k);
        int64_t step = next - k->clock_ms;
        if (step < 16) step = 16;
        if (k->clock_ms + step > end) step = end - k->clock_ms;
        k->clock_ms += step;
        kiosk_dispatch(k, &(Action){.kind = ACT_TICK, .t = k->clock_ms});
        kiosk_speech_tick(k);
    }
    kiosk_build(k);
}

static const Ui *host_ui(void *ctx)
{
    Kiosk *k = ctx;
    kiosk_poll_workers(k, true);
    kiosk_build(k);
    kiosk_speech_settle(k); /* what the script is about to read includes its last taps */
    kiosk_poll_workers(k, true);
    kiosk_build(k);
    return &k->ui;
}

static int host_shot(void *ctx, const char *path, char *err, size_t errlen)
{
    Kiosk *k = ctx;
    kiosk_speech_settle(k);
    kiosk_poll_workers(k, true);
    kiosk_build(k);
    gfx_draw(k->gfx, &k->ui);
    return gfx_save_png(k->gfx, path, err, errlen);
}

ScriptHost kiosk_script_host(Kiosk *k)
{
    return (ScriptHost){k, host_pointer, host_text, host_key, host_advance, host_ui, host_shot};
}
