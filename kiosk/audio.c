/*
 * audio.c: the SDL audio device as a SpeechSink (audio.h). SDL_QueueAudio is safe from the
 * speech thread; flush (SDL_ClearQueuedAudio) comes from the UI's thread under the engine's lock.
 */
#include "audio.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>

struct Audio {
    SDL_AudioDeviceID dev;
};

Audio *audio_new(int rate, char *err, size_t errlen)
{
    if (!SDL_WasInit(SDL_INIT_AUDIO) && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        snprintf(err, errlen, "audio: %s", SDL_GetError());
        return NULL;
    }
    SDL_AudioSpec want, have;
    SDL_zero(want);
    want.freq = rate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 512; /* ~23 ms at 22 kHz: the first word starts soon after a touch */
    Audio *a = calloc(1, sizeof *a);
    if (!a) {
        snprintf(err, errlen, "audio: out of memory");
        return NULL;
    }
    a->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (a->dev == 0) {
        snprintf(err, errlen, "audio: no output device: %s", SDL_GetError());
        free(a);
        return NULL;
    }
    SDL_PauseAudioDevice(a->dev, 0);
    return a;
}

void audio_free(Audio *a)
{
    if (!a) return;
    SDL_CloseAudioDevice(a->dev);
    free(a);
}

static void on_samples(void *ctx, const int16_t *s, int n)
{
    Audio *a = ctx;
    SDL_QueueAudio(a->dev, s, (Uint32)n * 2);
}

static void on_flush(void *ctx)
{
    Audio *a = ctx;
    SDL_ClearQueuedAudio(a->dev);
}

SpeechSink audio_sink(Audio *a)
{
    return (SpeechSink){a, NULL, on_samples, NULL, on_flush};
}

bool audio_playing(Audio *a)
{
    return a && SDL_GetQueuedAudioSize(a->dev) > 0;
}
