/*
 * bench_speech.c: how soon speech answers a touch in speech mode: from the touch (finding the
 * element under the finger in the display list, describing it, queueing it) to the first audio
 * sample the engine hands to its sink, which for the SDL device is then played after the
 * device's buffer (512 samples, 23 ms at 22050 Hz). Also the time to synthesise a whole detail
 * page for "Read aloud". Prints figures; asserts nothing.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "speech.h"
#include "speech_text.h"

#define RUNS 200

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t got = PTHREAD_COND_INITIALIZER;
static double first_at; /* when the first sample of the current utterance arrived, 0 = not yet */

static void on_samples(void *ctx, const int16_t *s, int n)
{
    (void)ctx;
    (void)s;
    if (n <= 0) return;
    pthread_mutex_lock(&lock);
    if (first_at == 0) {
        first_at = now_ms();
        pthread_cond_signal(&got);
    }
    pthread_mutex_unlock(&lock);
}

static int measure(void *ctx, int px, bool bold, const char *text)
{
    (void)ctx;
    (void)bold;
    return px * (int)strlen(text) / 2;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* A list screen: a heading, the top bar's buttons and twelve cards. */
static void build(Ui *ui)
{
    ui_begin(ui, 1920, 1080, false, false);
    UiNode *t = ui_add(ui, ROLE_TEXT, (UiRect){30, 120, 600, 60});
    t->text = "Tulevat tapahtumat";
    t->font = FONT_HEADING;
    for (int i = 0; i < 5; i++) {
        UiNode *b = ui_add(ui, ROLE_BUTTON, (UiRect){1000 + i * 180, 20, 170, 66});
        b->text = "Suomi";
        b->action = (Action){.kind = ACT_SET_LANG, .a = 0};
    }
    for (int i = 0; i < 12; i++) {
        UiNode *c =
            ui_add(ui, ROLE_CARD, (UiRect){30 + (i % 3) * 620, 280 + (i / 3) * 270, 600, 250});
        c->text = "Vauvojen loruhetki";
        c->speak = "Vauvojen loruhetki. maanantaina 16. maaliskuuta kello 10.00, päättyy kello "
                   "10.45. Lahden pääkirjasto. 2 paikkaa jäljellä";
        c->action = (Action){.kind = ACT_OPEN_EVENT, .a = i};
    }
}

int main(void)
{
    Ui ui;
    ui_init(&ui, measure, NULL);
    build(&ui);
    SpeechSink sink = {NULL, NULL, on_samples, NULL, NULL};
    char err[256];
    double t0 = now_ms();
    Speech *s = speech_new(&sink, 0, err, sizeof err);
    if (!s) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    printf("engine start (espeak-ng, Finnish voice): %.1f ms\n", now_ms() - t0);
    static const Lang langs[3] = {LANG_FI, LANG_SV, LANG_EN};
    static const char *const names[3] = {"fi", "sv", "en"};
    for (int l = 0; l < 3; l++) {
        double d[RUNS];
        for (int r = 0; r < RUNS; r++) {
            pthread_mutex_lock(&lock);
            first_at = 0;
            pthread_mutex_unlock(&lock);
            double touch = now_ms();
            int i = speech_node_at(&ui, 300 + (r % 3) * 620, 400);
            char text[1024];
            speech_describe(&ui, i, langs[l], text, sizeof text);
            speech_say(s, langs[l], text);
            pthread_mutex_lock(&lock);
            while (first_at == 0)
                pthread_cond_wait(&got, &lock);
            d[r] = first_at - touch;
            pthread_mutex_unlock(&lock);
            speech_stop(s); /* the next touch comes: cut at once */
        }
        qsort(d, RUNS, sizeof d[0], cmp);
        printf("touch to first sample, %s, a card (p50 / p99 / max of %d): %.2f / %.2f / %.2f ms\n",
               names[l], RUNS, d[RUNS / 2], d[RUNS * 99 / 100], d[RUNS - 1]);
    }
    /* "Read aloud" of a long page: the time to synthesise it all (the UI never waits for it). */
    char page[SPEECH_TEXT_MAX] = "";
    for (int i = 0; i < 20; i++)
        strcat(page, "Vauvojen loruhetkessä lorutellaan, lauletaan ja leikitään yhdessä. ");
    Speech *keep = s;
    speech_wait(keep);
    t0 = now_ms();
    unsigned id = speech_say(keep, LANG_FI, page);
    speech_wait(keep);
    double took = now_ms() - t0;
    int len = speech_length_ms(keep, id);
    printf("Read aloud, %zu characters: %d ms of speech synthesised in %.0f ms (%.0fx real time)\n",
           strlen(page), len, took, took > 0 ? len / took : 0);
    speech_free(s);
    ui_deinit(&ui);
    return 0;
}
