/*
 * speech.c: the speech engine (speech.h): a queue of utterances, one thread, espeak-ng.
 *
 * espeak-ng keeps its state in globals and calls one global callback, so there is one engine
 * per process (`active`), and only the engine's thread calls espeak-ng after espeak_Initialize.
 * The library itself is opened when the first engine starts (lazylib.h): a kiosk whose visitors
 * never ask for speech never loads it.
 */
#include "speech.h"

#include <espeak-ng/speak_lib.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "lazylib.h"
#include "util.h"

#define QUEUE_MAX 64   /* utterances waiting (a headless run's burst; live engines keep 1) */
#define LENGTHS_MAX 64 /* lengths of the last utterances, for speech_length_ms */
#define TONE_CHUNK 512

typedef struct {
    unsigned id;
    bool tone;
    Lang lang;
    char *text; /* owned */
    int hz, ms;
} Job;

struct Speech {
    SpeechSink sink;
    unsigned flags;
    int rate;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake; /* a job was queued, or quit */
    pthread_cond_t done; /* the engine went idle */
    Job queue[QUEUE_MAX];
    int head, count;
    unsigned next_id;
    unsigned current;   /* the utterance being synthesised, 0 = none */
    unsigned cut_below; /* utterances with an id below this are cut */
    long current_samples;
    int volume;
    bool quit;
    struct {
        unsigned id;
        int ms;
    } lengths[LENGTHS_MAX];
};

/* espeak-ng's callback has no context: the one engine of the process. */
static Speech *active;

/* The espeak-ng functions called, resolved when the first engine starts. */
#define ESPEAK_FUNCS(X)                                                                            \
    X(espeak_Initialize)                                                                           \
    X(espeak_SetVoiceByProperties)                                                                 \
    X(espeak_SetVoiceByName)                                                                       \
    X(espeak_SetParameter)                                                                         \
    X(espeak_SetSynthCallback)                                                                     \
    X(espeak_Char)                                                                                 \
    X(espeak_Synth)

typedef struct {
    ESPEAK_FUNCS(LAZYLIB_MEMBER)
} EspeakApi;

static const char *const espeak_names[] = {ESPEAK_FUNCS(LAZYLIB_NAME)};
static EspeakApi es;
/* espeak-ng is started once per process and never stopped: a second espeak_Initialize after
 * espeak_Terminate deadlocks in espeak-ng 1.51 (its terminate waits for its own thread). */
static pthread_once_t espeak_once = PTHREAD_ONCE_INIT;
static int espeak_rate;
static char espeak_err[256];

static void espeak_start(void)
{
    if (lazylib_open(AUKIO_ESPEAK_SONAME, espeak_names, LAZYLIB_COUNT(espeak_names), &es,
                     espeak_err, sizeof espeak_err) != 0)
        return;
    espeak_rate =
        es.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL, espeakINITIALIZE_DONT_EXIT);
}

static void job_clear(Job *j)
{
    free(j->text);
    memset(j, 0, sizeof *j);
}

/* Under the lock: hands N samples of the current utterance to the sink (scaled to the volume).
 * Returns false when the utterance has been cut. */
static bool deliver(Speech *s, const int16_t *in, int n)
{
    if (s->current < s->cut_below) return false;
    int16_t buf[TONE_CHUNK];
    while (n > 0) {
        int m = n < TONE_CHUNK ? n : TONE_CHUNK;
        for (int i = 0; i < m; i++)
            buf[i] = (int16_t)((int32_t)in[i] * s->volume / 100);
        if (s->sink.samples) s->sink.samples(s->sink.ctx, buf, m);
        s->current_samples += m;
        in += m;
        n -= m;
    }
    return true;
}

static int synth_callback(short *wav, int n, espeak_EVENT *events)
{
    (void)events;
    Speech *s = active;
    if (!s || !wav) return 0;
    pthread_mutex_lock(&s->lock);
    bool go_on = s->quit ? false : n <= 0 || deliver(s, wav, n);
    pthread_mutex_unlock(&s->lock);
    return go_on ? 0 : 1; /* 1 aborts the synthesis at once */
}

static const char *voice_of(Lang lang)
{
    return lang == LANG_FI ? "fi" : lang == LANG_SV ? "sv" : "en";
}

/* The code points of UTF-8 TEXT, when it is one character: writes it to OUT[0] and returns 1;
 * otherwise returns 0 (or 2: more than one). */
static int mbstowcs_utf8(const char *text, wchar_t out[2])
{
    const unsigned char *p = (const unsigned char *)text;
    if (!p[0]) return 0;
    int len = p[0] < 0x80 ? 1 : p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC0 ? 2 : 0;
    if (len == 0) return 0;
    unsigned cp = len == 1 ? p[0] : p[0] & (0x3F >> (len - 1));
    for (int i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    if (p[len]) return 2;
    out[0] = (wchar_t)cp;
    return 1;
}

/* On the engine's thread, without the lock: synthesises J into the sink. */
static void run_job(Speech *s, const Job *j)
{
    if (j->tone) {
        int total = s->rate * j->ms / 1000;
        int16_t buf[TONE_CHUNK];
        for (int done = 0; done < total;) {
            int m = total - done < TONE_CHUNK ? total - done : TONE_CHUNK;
            for (int i = 0; i < m; i++) {
                double t = (double)(done + i) / s->rate;
                /* A 10 ms fade in and out: no click at either end. */
                double edge = fmin(t, (double)j->ms / 1000 - t) / 0.010;
                buf[i] = (int16_t)(12000 * fmin(1.0, edge) * sin(2 * M_PI * j->hz * t));
            }
            pthread_mutex_lock(&s->lock);
            bool go_on = !s->quit && deliver(s, buf, m);
            pthread_mutex_unlock(&s->lock);
            if (!go_on) break;
            done += m;
        }
        return;
    }
    espeak_VOICE v;
    memset(&v, 0, sizeof v);
    v.languages = voice_of(j->lang);
    if (es.espeak_SetVoiceByProperties(&v) != EE_OK) es.espeak_SetVoiceByName(voice_of(j->lang));
    es.espeak_SetParameter(espeakRATE, SPEECH_RATE_WPM, 0);
    /* One character (a key of the keyboard) is said by its name: "." is "piste", not silence. */
    wchar_t c[2];
    if (mbstowcs_utf8(j->text, c) == 1) {
        es.espeak_Char(c[0]);
        return;
    }
    es.espeak_Synth(j->text, strlen(j->text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL,
                    NULL);
}

static void *thread_main(void *arg)
{
    Speech *s = arg;
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (!s->quit && s->count == 0) {
            pthread_cond_broadcast(&s->done);
            pthread_cond_wait(&s->wake, &s->lock);
        }
        if (s->quit) break;
        Job j = s->queue[s->head];
        memset(&s->queue[s->head], 0, sizeof(Job));
        s->head = (s->head + 1) % QUEUE_MAX;
        s->count--;
        s->current = j.id;
        s->current_samples = 0;
        if (s->sink.begin) s->sink.begin(s->sink.ctx, j.id, s->rate);
        pthread_mutex_unlock(&s->lock);
        run_job(s, &j);
        pthread_mutex_lock(&s->lock);
        bool cut = j.id < s->cut_below;
        if (s->sink.end) s->sink.end(s->sink.ctx, j.id, cut);
        int slot = (int)(j.id % LENGTHS_MAX);
        s->lengths[slot].id = j.id;
        s->lengths[slot].ms = (int)(s->current_samples * 1000 / (s->rate > 0 ? s->rate : 1));
        s->current = 0;
        job_clear(&j);
    }
    pthread_cond_broadcast(&s->done);
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

Speech *speech_new(const SpeechSink *sink, unsigned flags, char *err, size_t errlen)
{
    if (active) {
        snprintf(err, errlen, "speech: one engine per process");
        return NULL;
    }
    pthread_once(&espeak_once, espeak_start);
    int rate = espeak_rate;
    if (espeak_err[0]) {
        snprintf(err, errlen, "speech: %s", espeak_err);
        return NULL;
    }
    if (rate <= 0) {
        snprintf(err, errlen, "speech: espeak-ng did not start (is espeak-ng-data installed?)");
        return NULL;
    }
    espeak_VOICE v;
    memset(&v, 0, sizeof v);
    v.languages = "fi";
    if (es.espeak_SetVoiceByProperties(&v) != EE_OK) {
        snprintf(err, errlen, "speech: espeak-ng has no Finnish voice");
        return NULL;
    }
    Speech *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "speech: out of memory");
        return NULL;
    }
    s->sink = *sink;
    s->flags = flags;
    s->rate = rate;
    s->volume = 100;
    s->next_id = 1;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    pthread_cond_init(&s->done, NULL);
    es.espeak_SetSynthCallback(synth_callback);
    active = s;
    if (pthread_create(&s->thread, NULL, thread_main, s) != 0) {
        active = NULL;
        free(s);
        snprintf(err, errlen, "speech: cannot start its thread");
        return NULL;
    }
    return s;
}

/* Under the lock: cuts the current utterance and drops the queue. */
static void cut_all(Speech *s)
{
    s->cut_below = s->next_id;
    while (s->count > 0) {
        job_clear(&s->queue[s->head]);
        s->head = (s->head + 1) % QUEUE_MAX;
        s->count--;
    }
    if (s->sink.flush) s->sink.flush(s->sink.ctx);
}

void speech_free(Speech *s)
{
    if (!s) return;
    pthread_mutex_lock(&s->lock);
    if (!(s->flags & SPEECH_KEEP_ALL)) cut_all(s);
    while (s->count > 0 || s->current)
        pthread_cond_wait(&s->done, &s->lock);
    s->quit = true;
    pthread_cond_broadcast(&s->wake);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->thread, NULL);
    active = NULL;
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->wake);
    pthread_cond_destroy(&s->done);
    free(s);
}

static unsigned enqueue(Speech *s, Job j, bool cut)
{
    pthread_mutex_lock(&s->lock);
    if (cut && !(s->flags & SPEECH_KEEP_ALL)) cut_all(s);
    while (s->count == QUEUE_MAX) /* a headless burst: wait for room */
        pthread_cond_wait(&s->done, &s->lock);
    j.id = s->next_id++;
    s->queue[(s->head + s->count) % QUEUE_MAX] = j;
    s->count++;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
    return j.id;
}

static unsigned say(Speech *s, Lang lang, const char *text, bool cut)
{
    if (!s || !text || !text[0]) return 0;
    size_t n = strnlen(text, SPEECH_TEXT_MAX);
    char *copy = malloc(n + 1);
    if (!copy) return 0;
    /* No-break spaces are spaces to a listener; espeak-ng reads a number grouped by one
     * ("10 000", i18n_number) digit by digit ("kymmenen nolla nolla nolla"), by a space as
     * the number it is ("kymmenentuhatta"). */
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        const unsigned char *u = (const unsigned char *)text + i;
        if (u[0] == 0xC2 && i + 1 < n && u[1] == 0xA0) {
            copy[o++] = ' ';
            i += 1;
        } else if (u[0] == 0xE2 && i + 2 < n && u[1] == 0x80 && u[2] == 0xAF) {
            copy[o++] = ' ';
            i += 2;
        } else {
            copy[o++] = text[i];
        }
    }
    copy[o] = '\0';
    return enqueue(s, (Job){.lang = lang, .text = copy}, cut);
}

unsigned speech_say(Speech *s, Lang lang, const char *text)
{
    return say(s, lang, text, true);
}

unsigned speech_say_next(Speech *s, Lang lang, const char *text)
{
    return say(s, lang, text, false);
}

unsigned speech_tone(Speech *s, int hz, int ms)
{
    if (!s || hz <= 0 || ms <= 0) return 0;
    return enqueue(s, (Job){.tone = true, .hz = hz, .ms = ms}, true);
}

void speech_stop(Speech *s)
{
    /* Headless: every utterance stays a whole WAV (the app's state says it was stopped). */
    if (!s || (s->flags & SPEECH_KEEP_ALL)) return;
    pthread_mutex_lock(&s->lock);
    cut_all(s);
    pthread_mutex_unlock(&s->lock);
}

void speech_set_volume(Speech *s, int percent)
{
    if (!s) return;
    pthread_mutex_lock(&s->lock);
    s->volume = percent < 0 ? 0 : percent > 100 ? 100 : percent;
    pthread_mutex_unlock(&s->lock);
}

bool speech_idle(Speech *s)
{
    if (!s) return true;
    pthread_mutex_lock(&s->lock);
    bool idle = s->count == 0 && s->current == 0;
    pthread_mutex_unlock(&s->lock);
    return idle;
}

void speech_wait(Speech *s)
{
    if (!s) return;
    pthread_mutex_lock(&s->lock);
    while (s->count > 0 || s->current)
        pthread_cond_wait(&s->done, &s->lock);
    pthread_mutex_unlock(&s->lock);
}

int speech_length_ms(Speech *s, unsigned id)
{
    if (!s || id == 0) return 0;
    pthread_mutex_lock(&s->lock);
    int slot = (int)(id % LENGTHS_MAX);
    int ms = s->lengths[slot].id == id ? s->lengths[slot].ms : 0;
    pthread_mutex_unlock(&s->lock);
    return ms;
}

int speech_rate(const Speech *s)
{
    return s ? s->rate : 0;
}
