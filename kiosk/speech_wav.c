/*
 * speech_wav.c: headless speech output (speech_wav.h).
 */
#include "speech_wav.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct SpeechWav {
    char dir[512];
    FILE *wav;  /* the utterance being written (engine thread) */
    long bytes; /* its sample bytes so far */
    int rate;
    FILE *log; /* speech.txt (caller's thread) */
};

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* The 44-byte header of a PCM WAV of BYTES sample bytes, 16-bit mono at RATE. */
static void wav_header(uint8_t h[44], int rate, long bytes)
{
    memcpy(h, "RIFF\0\0\0\0WAVEfmt ", 16);
    put_u32(h + 4, (uint32_t)(36 + bytes));
    put_u32(h + 16, 16);
    h[20] = 1; /* PCM */
    h[21] = 0;
    h[22] = 1; /* mono */
    h[23] = 0;
    put_u32(h + 24, (uint32_t)rate);
    put_u32(h + 28, (uint32_t)rate * 2);
    h[32] = 2; /* block align */
    h[33] = 0;
    h[34] = 16; /* bits */
    h[35] = 0;
    memcpy(h + 36, "data", 4);
    put_u32(h + 40, (uint32_t)bytes);
}

static void on_begin(void *ctx, unsigned id, int rate)
{
    SpeechWav *w = ctx;
    char path[600];
    snprintf(path, sizeof path, "%s/speech-%03u.wav", w->dir, id);
    w->wav = fopen(path, "wb");
    w->bytes = 0;
    w->rate = rate;
    uint8_t h[44];
    wav_header(h, rate, 0);
    if (w->wav && fwrite(h, 1, sizeof h, w->wav) != sizeof h) {
        fclose(w->wav);
        w->wav = NULL;
    }
}

static void on_samples(void *ctx, const int16_t *s, int n)
{
    SpeechWav *w = ctx;
    if (!w->wav) return;
    /* WAV is little-endian, as is every machine the kiosk runs on. */
    w->bytes += (long)fwrite(s, 2, (size_t)n, w->wav) * 2;
}

static void on_end(void *ctx, unsigned id, bool cut)
{
    (void)id;
    (void)cut;
    SpeechWav *w = ctx;
    if (!w->wav) return;
    uint8_t h[44];
    wav_header(h, w->rate, w->bytes);
    if (fseek(w->wav, 0, SEEK_SET) == 0) (void)!fwrite(h, 1, sizeof h, w->wav);
    fclose(w->wav);
    w->wav = NULL;
}

SpeechWav *speech_wav_new(const char *dir, char *err, size_t errlen)
{
    SpeechWav *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errlen, "speech: out of memory");
        return NULL;
    }
    snprintf(w->dir, sizeof w->dir, "%s", dir);
    char path[600];
    snprintf(path, sizeof path, "%s/speech.txt", dir);
    w->log = fopen(path, "w");
    if (!w->log) {
        snprintf(err, errlen, "speech: cannot write %s", path);
        free(w);
        return NULL;
    }
    return w;
}

void speech_wav_free(SpeechWav *w)
{
    if (!w) return;
    if (w->wav) fclose(w->wav);
    fclose(w->log);
    free(w);
}

SpeechSink speech_wav_sink(SpeechWav *w)
{
    return (SpeechSink){w, on_begin, on_samples, on_end, NULL};
}

void speech_wav_log(SpeechWav *w, unsigned id, int64_t at_ms, const char *lang, const char *text)
{
    if (!w || id == 0) return;
    time_t t = (time_t)(at_ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    fprintf(w->log, "%03u\t%02d:%02d:%02d.%03d\t%s\t", id, tm.tm_hour, tm.tm_min, tm.tm_sec,
            (int)(at_ms % 1000), lang ? lang : "-");
    /* One line each: a line break in the text is spoken as a pause, written as a space. */
    for (const char *p = text; *p; p++)
        fputc(*p == '\n' || *p == '\t' || *p == '\r' ? ' ' : *p, w->log);
    fputc('\n', w->log);
    fflush(w->log);
}
