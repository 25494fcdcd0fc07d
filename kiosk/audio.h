/*
 * audio.h: speech to the SDL audio device (the SDL side of speech.h): the device SDL opens is
 * the one the system routes to, so plugged-in headphones get it (private listening).
 */
#ifndef AUKIO_AUDIO_H
#define AUKIO_AUDIO_H

#include <stdbool.h>
#include <stddef.h>

#include "speech.h"

typedef struct Audio Audio;

/* Opens the default output device for 16-bit mono at RATE. Returns NULL with ERR (no device: the
 * kiosk runs on without speech). Caller frees with audio_free. */
Audio *audio_new(int rate, char *err, size_t errlen);
void audio_free(Audio *a);

/* The sink that queues speech to A's device. */
SpeechSink audio_sink(Audio *a);

/* Whether samples are still waiting to be played. */
bool audio_playing(Audio *a);

#endif
