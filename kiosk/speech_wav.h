/*
 * speech_wav.h: a SpeechSink for headless runs: each utterance becomes a numbered WAV file
 * (speech-NNN.wav, 16-bit mono PCM) in a folder, and speech.txt there lists what was said, one
 * line each: "NNN<TAB>HH:MM:SS.mmm<TAB>language<TAB>text" (the kiosk's clock, local time), so a
 * test, or anyone checking a kiosk by ear, hears and reads what a blind visitor would. Core: no
 * SDL.
 */
#ifndef AUKIO_SPEECH_WAV_H
#define AUKIO_SPEECH_WAV_H

#include <stdint.h>

#include "speech.h"

typedef struct SpeechWav SpeechWav;

/* Writes into DIR (which must exist); speech.txt is started empty. Returns NULL with ERR.
 * Caller frees with speech_wav_free. */
SpeechWav *speech_wav_new(const char *dir, char *err, size_t errlen);
void speech_wav_free(SpeechWav *w);

/* The sink that writes W's WAV files (valid while W is). */
SpeechSink speech_wav_sink(SpeechWav *w);

/* Adds utterance ID's line to speech.txt: said at AT_MS (Unix ms), in LANG (NULL: a tone). */
void speech_wav_log(SpeechWav *w, unsigned id, int64_t at_ms, const char *lang, const char *text);

#endif
