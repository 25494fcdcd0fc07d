/*
 * speech.h: the speech engine: text in, 16-bit mono samples out, on a thread of its own.
 *
 * espeak-ng synthesises (AUDIO_OUTPUT_SYNCHRONOUS: it hands the samples to our callback and
 * plays nothing itself) on the engine's one thread, so the UI never waits for it. Where the
 * samples go is the caller's SpeechSink: the SDL audio device in a real run (audio.c, the SDL
 * side), numbered WAV files in a headless run (speech_wav.c). No SDL here.
 *
 * Live engines interrupt: a new utterance, a tone or speech_stop cuts the one being spoken at
 * once (the synthesis is aborted from its callback and the sink flushed before speech_say
 * returns). A headless engine (SPEECH_KEEP_ALL) speaks every utterance to its end, in order, so
 * that each one is a whole WAV a test can listen to.
 */
#ifndef AUKIO_SPEECH_H
#define AUKIO_SPEECH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang.h"
#include "result.h"

typedef struct Speech Speech;

/* Where the samples go. begin/samples/end are called on the engine's thread; flush on the
 * caller's (from speech_say / speech_stop) under the engine's lock, so no sample of a cut
 * utterance reaches the sink after flush. Any of them may be NULL. */
typedef struct {
    void *ctx;
    /* Utterance ID (from speech_say) starts, at RATE samples per second. */
    void (*begin)(void *ctx, unsigned id, int rate);
    void (*samples)(void *ctx, const int16_t *s, int n);
    /* Utterance ID ended; CUT when it was interrupted. */
    void (*end)(void *ctx, unsigned id, bool cut);
    /* Drop whatever is queued for playing. */
    void (*flush)(void *ctx);
} SpeechSink;

enum {
    SPEECH_KEEP_ALL = 1 << 0, /* headless: never cut, speak every utterance to its end */
};

/* The longest text one utterance takes (a whole detail page read aloud). */
#define SPEECH_TEXT_MAX 8192
/* Speaking rate, words per minute (espeak's default is 175; a touch slower for a public place). */
#define SPEECH_RATE_WPM 165

/* Starts the engine (espeak-ng from its data in the system's default place) and its thread,
 * sending samples to SINK (copied). FLAGS: SPEECH_*. Returns NULL with ERR when espeak-ng cannot
 * start (no data, no voice). Caller frees with speech_free. */
Speech *speech_new(const SpeechSink *sink, unsigned flags, char *err, size_t errlen);

/* Stops the thread (cutting what is spoken) and frees S. NULL is fine. */
void speech_free(Speech *s);

/* Speaks TEXT (UTF-8, plain, no markup) with LANG's voice, cutting whatever is being spoken
 * (unless SPEECH_KEEP_ALL). Returns the utterance's id (> 0), or 0 when TEXT is empty. */
unsigned speech_say(Speech *s, Lang lang, const char *text);

/* Speaks TEXT after what is being said (a warning after its tone), cutting nothing. */
unsigned speech_say_next(Speech *s, Lang lang, const char *text);

/* A sine tone of HZ for MS milliseconds (the idle warning's), as an utterance of its own. */
unsigned speech_tone(Speech *s, int hz, int ms);

/* Cuts what is spoken and drops what is queued. */
void speech_stop(Speech *s);

/* Volume 0..100 (% of full scale) for what is synthesised from now on. */
void speech_set_volume(Speech *s, int percent);

/* Whether the engine has nothing queued and nothing being synthesised. */
bool speech_idle(Speech *s);

/* Blocks until speech_idle (headless runs, at exit and before reading a duration). */
void speech_wait(Speech *s);

/* The length in ms of the samples utterance ID produced (0 when unknown or not yet done). */
int speech_length_ms(Speech *s, unsigned id);

/* The sample rate espeak-ng synthesises at. */
int speech_rate(const Speech *s);

#endif
