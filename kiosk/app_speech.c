/*
 * app_speech.c: the parts of app_update that speech needs: "Read aloud" and its Stop, speech
 * mode on and off, the volume. What is said, and the gestures of speech mode, are not here:
 * they come from the display list (speech_text.c, speech_touch.c), and the engine is driven by
 * runtime.c through the effects queued here. Part of app_update (see app_internal.h).
 */
#include "app_internal.h"

bool app_read_aloud_offered(const App *app)
{
    if (app->screen == SCREEN_DETAIL) return app->detail_row >= 0 && app->detail_loaded;
    return app->screen == SCREEN_CONFIRM && !app->confirming;
}

void app_set_speech(App *app, SpeechConfig config, int volume)
{
    app->speech_config = config;
    app->default_volume = volume < APP_VOLUME_MIN ? APP_VOLUME_MIN : volume > 100 ? 100 : volume;
    app->volume = app->default_volume;
    app->speech_mode = config == SPEECH_CONFIG_ALWAYS;
    app->dirty = true;
}

bool app_speech_acts_at_once(ActionKind k)
{
    return k == ACT_SPEECH_MODE || k == ACT_VOLUME || k == ACT_READ_ALOUD;
}

static void stop_reading(App *app)
{
    if (!app->reading) return;
    app->reading = false;
    app_push_effect(app, EFFECT_SPEECH_STOP);
    app->dirty = true;
}

void app_speech_update(App *app, const Action *act)
{
    switch (act->kind) {
    case ACT_READ_ALOUD:
        if (app->reading) {
            stop_reading(app);
        } else if (app_read_aloud_offered(app)) {
            app->reading = true;
            app_push_effect(app, EFFECT_READ_SCREEN);
            app->dirty = true;
        }
        break;
    case ACT_SPEECH_DONE:
        if (app->reading) {
            app->reading = false;
            app->last_input_ms = app->now_ms; /* the idle countdown starts when it ends */
            app->dirty = true;
        }
        break;
    case ACT_SPEECH_MODE:
        stop_reading(app);
        /* A kiosk configured to keep it on keeps it on: a triple tap cannot leave the next
         * visitor without it. */
        if (app->speech_config == SPEECH_CONFIG_ALWAYS && app->speech_mode) break;
        app->speech_mode = !app->speech_mode;
        app_push_effect(app, EFFECT_SPEECH_MODE);
        app->dirty = true;
        break;
    case ACT_VOLUME: {
        int v = app->volume + (act->a > 0 ? APP_VOLUME_STEP : -APP_VOLUME_STEP);
        v = v < APP_VOLUME_MIN ? APP_VOLUME_MIN : v > 100 ? 100 : v;
        if (v != app->volume) {
            app->volume = v;
            app->dirty = true;
        }
        app_push_effect(app, EFFECT_VOLUME); /* said even at the end of the scale */
        break;
    }
    case ACT_SPEECH_TOUCH: /* its work (last_input_ms) is done by app_update */
    default:
        break;
    }
}

void app_speech_moved_on(App *app, Screen before, Lang lang_before)
{
    if (app->reading && (app->screen != before || app->lang != lang_before)) stop_reading(app);
}

void app_speech_reset(App *app)
{
    stop_reading(app);
    bool was = app->speech_mode;
    app->speech_mode = app->speech_config == SPEECH_CONFIG_ALWAYS;
    app->volume = app->default_volume;
    if (was != app->speech_mode) app_push_effect(app, EFFECT_SPEECH_MODE);
}
