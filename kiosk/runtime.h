/*
 * runtime.h: the kiosk assembled from its parts (app, ui, views, gfx, store), as the program
 * runs it. The state machine is app.c; this is the wiring around it.
 */
#ifndef AUKIO_RUNTIME_H
#define AUKIO_RUNTIME_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "config.h"
#include "gfx.h"
#include "script.h"
#include "store.h"
#include "sync_proc.h"
#include "ui.h"

/* Points in an effect's life, for a benchmark's stopwatch (Kiosk.trace). */
typedef enum { KIOSK_TRACE_START = 0, KIOSK_TRACE_STORED, KIOSK_TRACE_END } KioskTrace;

/* Why the window's loop ends: closed, or staff's Quit / Restart (main.c starts it again). */
typedef enum { KIOSK_RUN = 0, KIOSK_STOP_QUIT, KIOSK_STOP_RESTART } KioskStop;

typedef struct Kiosk {
    Config cfg;
    App app;
    Ui ui;
    Gfx *gfx;
    Store *store;
    bool virtual_clock;
    int64_t clock_ms; /* the virtual clock, in headless runs */
    bool need_draw;
    int uncheckpointed; /* commits since the last WAL checkpoint */
    int64_t purged_ms;  /* when personal data was last looked at for wiping (wall ms) */
    /* A window's first load takes only a screenful of events (KIOSK_FIRST_ROWS), so the first
     * frame does not wait for 10,000 rows; kiosk_frame loads the rest once it is drawn. */
    bool progressive;
    /* The App holds a page of the list (store_page.c, issue 12): KIOSK_PAGE_ROWS of the
     * filtered list around its scroll, and the rows the other screens read; false
     * (AUKIO_WHOLE_LIST=1) holds the whole list, as the tests compare. */
    bool paged;
    /* What every page takes (store_page_aux), and what it was read for: read again after a
     * catalogue change (EFFECT_LOAD_EVENTS) and when the minute, staff mode or venue moved. */
    StorePageAux page_aux;
    bool page_aux_valid;
    int64_t page_aux_minute;
    bool page_aux_staff, page_aux_all, page_aux_groups;
    char page_aux_home[128];
    /* The list's counts at a moment (a page read for the scroll counts nothing again). */
    bool page_counts_valid;
    PageFor page_counts_for; /* its minute, groups and pinned events left 0: they count nothing */
    int64_t page_counts_at, page_counts_until;
    int page_counts[2];
    /* What the reader thread prepares pages for (sync_proc_page_spec), and its preparation for
     * the catalogue change being taken, which the next EFFECT_LOAD_EVENTS uses (main.c). */
    SyncPageSpec page_spec_sent;
    bool page_spec_has;
    SyncPagePrep page_prep;
    bool page_prep_valid;
    bool partial_list;
    bool partial_counted; /* the whole list's count is in (ACT_EVENTS_COUNTED) */
    bool wal_restarted;   /* store_wal_restart after the first frame */
    int64_t frames;       /* frames drawn */
    /* The sync helper process, aukio-sync (sync_proc.h): the background rounds, and the express
     * path (a sign-up beyond the kiosk's grants asked of the hub while the visitor waits) and
     * "My sign-up"'s lookup at the hub; NULL without a hub. After an express request found no
     * hub, the next visitors are not kept waiting for a while (express_quiet_until, wall ms). */
    struct SyncProc *sync;
    int64_t express_quiet_until;
    /* The staff's exports and imports, off the UI thread (staff_worker.h); NULL when its thread
     * did not start (they then run in line). */
    struct SyncWorker *staff_worker;
    /* Speech (runtime.c, "Speech"): the engine, its output (the audio device, or WAV files in a
     * headless run), speech mode's gestures, and what was last announced. NULL engine: no
     * speech (espeak-ng or the audio device did not start; the kiosk runs on without). */
    struct Speech *speech;
    struct Audio *audio;
    struct SpeechWav *speech_wav;
    struct SpeechTouch *touch;
    bool speech_headless, speech_failed; /* WAVs into speech_dir; the engine did not start */
    char speech_dir[512];
    unsigned reading_id;   /* the utterance "Read aloud" started */
    int64_t reading_until; /* headless: when it ends on the virtual clock */
    unsigned screen_said;  /* the screen (screen_key) speech mode last announced */
    int attract_said;      /* the attract rotation whose speech hint was said */
    /* Optional: called when an effect starts, when its database call returned, and when it and
     * everything it led to are done. NULL in the program; the benchmark times with it. */
    void (*trace)(struct Kiosk *k, EffectKind effect, KioskTrace when);
    KioskStop stop; /* set by staff mode's Quit and Restart */
    /* The config file (--config), which staff's "Connect to the hub" writes the hub into as
     * `aukio enrol` does; NULL without one. */
    const char *config_path;
} Kiosk;

/* The wall clock, Unix ms. */
int64_t kiosk_wall_ms(void);
/* The kiosk's clock: virtual in headless runs, else the wall clock. */
int64_t kiosk_now(const Kiosk *k);

/* Hands ACT to the app and carries out every effect it queues (database work), feeding the
 * results back, until none is left. */
void kiosk_dispatch(Kiosk *k, const Action *act);

/* Builds the display list if the app changed and lets the layout's requests (scroll limits)
 * settle. */
void kiosk_build(Kiosk *k);

/* The list as the App takes it (runtime_list.c), for runtime.c to dispatch: the label's count
 * at NOW (Unix s) as ACT_EVENTS_COUNTED; a page as of AT_MS (EFFECT_LOAD_PAGE) into PG; and
 * EFFECT_LOAD_EVENTS's list (ACT_EVENTS_LOADED, or a paged kiosk's page into PG as
 * ACT_PAGE_LOADED). False when the store failed (said on stderr). */
bool kiosk_list_count(Kiosk *k, int64_t now, Action *out);
bool kiosk_list_page(Kiosk *k, int64_t at_ms, AppPage *pg);
bool kiosk_list_events(Kiosk *k, int64_t now, Action *out, AppPage *pg);
/* What the App's pages are read for but the moment: what the reader thread prepares for. */
void kiosk_page_spec(const App *a, SyncPageSpec *out);

#define KIOSK_FIRST_ROWS 64
/* A page: this many rows of the filtered list, the first of them this many before the list's
 * top (a screen shows 6 to 30 cards; a fling reads a page every few frames). */
#define KIOSK_PAGE_ROWS 192
#define KIOSK_PAGE_BEFORE 64

/* After this long without input, commits are checkpointed (see kiosk_frame). */
#define KIOSK_CHECKPOINT_IDLE_MS 2000
/* ... or after this many commits, even on a kiosk that is never left alone. */
#define KIOSK_CHECKPOINT_EVERY 50
/* How often a running kiosk wipes the personal data it no longer needs (store_purge_personal),
 * besides at start: an untouched kiosk wakes at least once a minute, so this holds to a minute. */
#define KIOSK_PURGE_EVERY_MS (10 * 60 * 1000)

/* kiosk_build, then draws if anything changed. Then, if there are commits in the WAL and the
 * kiosk has been left alone for KIOSK_CHECKPOINT_IDLE_MS (or KIOSK_CHECKPOINT_EVERY commits
 * piled up), copies the WAL into the database, so that the copy's writes and syncs never
 * compete with a visitor's commit. */
void kiosk_frame(Kiosk *k);

/* Hands a finished express answer to the app (WAIT: block until the one under way is done, for
 * headless runs on a virtual clock). */
void kiosk_poll_express(Kiosk *k, bool wait);

/* Hands a finished "My sign-up" answer from the hub to the app (WAIT as above). */
void kiosk_poll_lookup(Kiosk *k, bool wait);

/* The staff worker's answer (an export written, a bundle imported), if any, to the app; WAIT
 * blocks until the job under way is done (headless runs, whose clock is virtual). */
void kiosk_poll_staff(Kiosk *k, bool wait);
/* Every worker's answer (the express push, the lookup, the staff worker), waiting for them when
 * WAIT (headless runs). */
void kiosk_poll_workers(Kiosk *k, bool wait);

/* After an express request found no hub, later ones are skipped this long (the visitor is told
 * provisional at once); the background rounds keep trying meanwhile. */
#define KIOSK_EXPRESS_QUIET_MS 20000

/* Tells the app whether the store has a staff PIN (none: the first-PIN screen comes before
 * visitors), after app_init. */
void kiosk_start_staff(Kiosk *k);

/* ---- Speech (runtime.c, "Speech") ---- */

/* Sets speech up: to WAV files and speech.txt in WAV_DIR (headless runs), else to the audio
 * device. The engine starts when first needed (at once when the config offers speech); a
 * failure is reported on stderr and leaves the kiosk without speech. */
void kiosk_speech_start(Kiosk *k, const char *wav_dir);
void kiosk_speech_stop(Kiosk *k);

/* Speaks TEXT in the screen's language, cutting what was being said; returns its id or 0. */
unsigned kiosk_say(Kiosk *k, const char *text);

/* Carries out a speech effect (EFFECT_READ_SCREEN, _SPEECH_STOP, _SPEECH_MODE, _VOLUME). */
void kiosk_speech_effect(Kiosk *k, EffectKind e);

/* After a frame was built: tells the app "Read aloud" has ended, and in speech mode announces a
 * new screen (its title and item count) or the idle warning (spoken, with a tone). */
void kiosk_speech_poll(Kiosk *k);

/* Pointer input (KIND 0 down, 1 move, 2 up) at time T, through speech mode's gestures (a triple
 * tap; in speech mode explore, double tap, swipe) to the ui. */
void kiosk_pointer(Kiosk *k, int kind, int x, int y, int64_t t);

/* The clock moved: a held tap or a double tap whose time is up is carried out. */
void kiosk_speech_tick(Kiosk *k);

/* A script looks at the screen: held taps and a double tap are carried out now. */
void kiosk_speech_settle(Kiosk *k);

/* The earliest time the kiosk needs a tick: the app's, or a gesture's or speech's deadline. */
int64_t kiosk_next_wakeup(const Kiosk *k);

/* The headless runner's host for K (virtual clock, pointer, text, screenshots). */
ScriptHost kiosk_script_host(Kiosk *k);

#endif
