/*
 * app.h: the kiosk's whole state and the one way to change it.
 *
 * Input (touch, mouse, keys, timers, results from the store) becomes an Action; app_update() is
 * the only function that changes App. It does no I/O: what needs the database is queued as an
 * Effect that main.c carries out, feeding the result back as another Action. Views draw from App
 * and attach Actions to what can be pressed. This file includes no SDL, no SQL and no curl, so the
 * behaviour of every screen is testable in plain C (tests/test_app.c).
 */
#ifndef AUKIO_APP_H
#define AUKIO_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "osk.h"
#include "rules.h"
#include "staff_state.h"

typedef enum {
    SCREEN_ATTRACT = 0,
    SCREEN_LIST,
    SCREEN_DETAIL,
    SCREEN_FORM,
    SCREEN_CONFIRM,
    SCREEN_FEEDBACK,
    SCREEN_THANKS,
    SCREEN_MINE, /* "My sign-up": a sign-up looked up by its code (app_mine.c, view_mine.c) */
    /* Staff mode (app_staff.c, view_staff*.c): none is reached by a visitor's tap. */
    SCREEN_STAFF_PAD,     /* the PIN pad: getting in, the first PIN, a new PIN */
    SCREEN_STAFF_HOME,    /* what staff can do */
    SCREEN_STAFF_SYNC,    /* sync in plain words */
    SCREEN_STAFF_EVENTS,  /* attendees: the events */
    SCREEN_STAFF_SIGNUPS, /* attendees: one event's sign-ups */
    SCREEN_STAFF_EXPORT,  /* files onto a USB stick */
    SCREEN_STAFF_SPOT,    /* an event made on the spot */
    SCREEN_STAFF_VENUE,   /* where the kiosk stands: a catalogue venue, or a pop-up of its own */
    SCREEN_STAFF_HUB,     /* "Connect to the hub": the console's enrolment code, scanned or typed */
} Screen;

typedef enum { TIME_TODAY = 0, TIME_WEEK, TIME_ALL } TimeFilter;
typedef enum { PICKER_NONE = 0, PICKER_CATEGORY, PICKER_VENUE } Picker;

/* Scroll areas, one per screen that has one. */
typedef enum {
    SCROLL_LIST = 0,
    SCROLL_DETAIL,
    SCROLL_FORM,
    SCROLL_PICKER,
    SCROLL_STAFF, /* the staff screen on show (one at a time) */
    SCROLL_COUNT
} ScrollId;

typedef struct {
    float pos;      /* px from the top of the content */
    float max;      /* content height minus viewport height, >= 0 (set by the layout) */
    float velocity; /* px per second, for flick inertia */
} Scroll;

/* Form fields that take typed text. Questions of kind QUESTION_TEXT are FIELD_Q0 + i. */
typedef enum {
    FIELD_NONE = -1,
    FIELD_NAME = 0,
    FIELD_EMAIL,
    FIELD_PHONE,
    FIELD_COMMENT, /* the feedback comment */
    FIELD_CODE,    /* the confirmation code typed on "My sign-up" */
    FIELD_Q0,
    /* Staff's venue screen: the pop-up venue's name and its address or description, + Lang. */
    FIELD_VENUE_NAME = FIELD_Q0 + EVENT_MAX_QUESTIONS,
    FIELD_VENUE_NOTE = FIELD_VENUE_NAME + LANG_COUNT,
    /* Staff's "New event" (app_staff_spot.c): the title in App.staff.spot.title_lang, question
     * i's text (FIELD_SPOT_Q0 + i) and a choice question's answers (FIELD_SPOT_OPT0 + i). */
    FIELD_SPOT_TITLE = FIELD_VENUE_NOTE + LANG_COUNT,
    FIELD_SPOT_Q0,
    FIELD_SPOT_OPT0 = FIELD_SPOT_Q0 + SPOT_QUESTIONS_MAX,
    /* Staff's "Connect to the hub" (app_staff_hub.c): the enrolment code a scanner types. */
    FIELD_HUB_CODE = FIELD_SPOT_OPT0 + SPOT_QUESTIONS_MAX,
} Field;

/* ACT_EVENTS_LOADED's flags (Action.b). */
#define EVENTS_LOADED_FIRST 1
#define EVENTS_LOADED_KEEP_OLD 2

typedef enum {
    ACT_NONE = 0,
    ACT_TICK,     /* t: the clock moved (virtual in headless runs) */
    ACT_WAKE,     /* any touch on the attract screen */
    ACT_SET_LANG, /* a: Lang */
    ACT_TOGGLE_LARGE,
    ACT_TOGGLE_CONTRAST,
    ACT_GO_HOME,
    ACT_GO_LIST,
    ACT_GO_FEEDBACK,
    ACT_BACK,
    ACT_SET_TIME,      /* a: TimeFilter */
    ACT_CLEAR_FILTERS, /* an empty list's "Show all events": every filter back to all */
    ACT_OPEN_PICKER,   /* a: Picker */
    ACT_CLOSE_PICKER,
    ACT_PICK,       /* a: index into the picker's choices, -1 = any */
    ACT_OPEN_EVENT, /* a: index into App.rows */
    ACT_START_SIGNUP,
    ACT_FOCUS,      /* a: Field */
    ACT_OSK_KEY,    /* a: row, b: column in the current keyboard layout */
    ACT_TEXT,       /* s: UTF-8 typed on a physical keyboard or by a script */
    ACT_KEY,        /* a: AppKey */
    ACT_GROUP_STEP, /* a: +1 / -1 */
    ACT_CHOOSE,     /* a: question index, b: option index (yes/no: 0 = yes, 1 = no) */
    ACT_TOGGLE_CONSENT,
    ACT_SUBMIT,
    ACT_FEEDBACK_TARGET, /* a: -1 = the library, else index into App.rows */
    ACT_FEEDBACK_SCORE,  /* a: 1..4 */
    ACT_SCROLL_BY,       /* a: ScrollId, f: px (positive = content moves up) */
    ACT_SCROLL_FLING,    /* a: ScrollId, f: px per second */
    ACT_SCROLL_HOLD,     /* a: ScrollId: a finger is down, stop inertia */
    ACT_SCROLL_LIMIT,    /* a: ScrollId, f: new max (from the layout) */
    ACT_GO_MINE,         /* "My sign-up" from the list's bottom bar */
    ACT_MINE_LOOKUP,     /* look the typed code up */
    ACT_MINE_CANCEL,     /* a: MineCancel: ask, yes (cancel it), no (keep it) */
    ACT_IDLE_STAY,       /* "Continue" on the are-you-still-there warning (any touch does) */
    ACT_START_OVER,      /* the form's "Start over": asks first when something is typed */
    ACT_DIALOG_DISCARD,  /* the open Dialog's "Discard": do what it asked about */
    ACT_DIALOG_KEEP,     /* the open Dialog's "Keep editing" (or a touch beside it) */
    ACT_FEEDBACK_REASON, /* a: index into app_feedback_reasons(): toggles the chip */
    ACT_FEEDBACK_SEND,   /* the follow-up's "Send": the reasons and comment update the score */
    ACT_FEEDBACK_SKIP,   /* the follow-up's "Skip": the score stays as it was recorded */
    ACT_READ_ALOUD,      /* "Read aloud" on the detail and confirmation (again: "Stop") */
    ACT_SPEECH_MODE,     /* a triple tap: speech mode on or off (app_speech.c) */
    ACT_VOLUME,          /* a: +1 louder, -1 quieter (speech mode's volume buttons) */
    ACT_SPEECH_TOUCH,    /* a touch that speech mode spoke instead of pressing: keeps it awake */

    /* Results of effects, dispatched by main.c. */
    ACT_EVENTS_LOADED,  /* p: EventRow array (App takes ownership), a: count, b: flags,
                         * EVENTS_LOADED_FIRST: only the first screenful of the list (the rest
                         * follows); EVENTS_LOADED_KEEP_OLD: the rows loaded before are the
                         * caller's to free (main.c frees a 100,000-row block off the UI
                         * thread: its munmap alone took up to 12 ms of a frame) */
    ACT_EVENTS_COUNTED, /* a: how many events the whole list shows under the current filter,
                         * counted by the store while only a screenful is loaded */
    ACT_DETAIL_LOADED,  /* p: Event* (App takes over its contents, shallow), a: 0 ok / 1 gone */
    ACT_ROW_LOADED,     /* p: EventRow* (copied): fresh counts of one event */
    ACT_PAGE_LOADED,    /* p: AppPage* (App takes over its rows): a page of the list replaces
                         * the rows (App.list_paged); NULL: the store could not read it (the
                         * rows stay, and the App asks again after APP_PAGE_RETRY_MS) */
    ACT_LIST_WANT,      /* a, b: the first and last position of the filtered list the list
                         * screen shows (a request of view_list.c's): a paged App outside its page
                         * asks for another (EFFECT_LOAD_PAGE) */
    ACT_ROWS_PATCHED,   /* p: EventRow array (App takes ownership), a: count: the rows of the
                         * events a pull changed (app_rows.c). Each replaces the loaded row of
                         * its event in place; when one is not in the list at its place (new,
                         * moved in time), nothing changes and App.rows_reload is set */
    ACT_SIGNUP_DONE,    /* p: SignupResult* (copied), b: 1 = the hub is being asked (confirming) */
    ACT_SIGNUP_ANSWER,  /* p: SignupResult* (copied): the hub's answer to the one being confirmed */
    ACT_FEEDBACK_DONE,  /* s: the uuid of the feedback record, b: 1 = it was an update of it */
    ACT_STORE_FAILED,   /* the database said no: show a calm error, keep the visitor's input */
    ACT_MINE_RESULT,    /* a: MineAnswer, p: MineSignup* (copied) when MINE_FOUND */
    ACT_MINE_CANCEL_DONE, /* a: MineAnswer: MINE_FOUND = cancelled, else it could not be */
    ACT_SPEECH_DONE,      /* what "Read aloud" started has been spoken to its end */
    ACT_SYNC_STATUS,      /* t: last good sync (Unix s, 0 = never), a: queued records,
                             b: SYNC_FLAG_* (main.c polls the sync thread) */

    /* Staff mode (app_staff.c). Only ACT_STAFF_HOLD and the pad's keys do anything outside it. */
    ACT_STAFF_HOLD,    /* b: 1 a finger came down on the kiosk's name, 0 it lifted or moved */
    ACT_STAFF_PAD_KEY, /* a: digit 0..9, STAFF_KEY_BACK or STAFF_KEY_OK */
    ACT_STAFF_PAD_CANCEL,
    ACT_STAFF_GO,         /* a: a staff Screen (home, sync, events) */
    ACT_STAFF_OPEN_EVENT, /* a: index into App.rows */
    ACT_STAFF_SYNC_NOW,
    ACT_STAFF_CHANGE_PIN,
    ACT_STAFF_ASK,     /* a: StaffAsk, b: sign-up index (cancel) */
    ACT_STAFF_ANSWER,  /* a: 1 yes, 0 no */
    ACT_STAFF_PROMOTE, /* a: sign-up index: moved in from the waiting list */
    ACT_STAFF_CHECKIN, /* a: sign-up index: toggles attended */
    ACT_STAFF_LEAVE,
    ACT_STAFF_EXPORT_TARGET,   /* a: index into App.staff.ex.targets */
    ACT_STAFF_EXPORT,          /* a: StaffExportWhat */
    ACT_STAFF_IMPORT,          /* "Import from the coordinator": the newest bundle on the place */
    ACT_STAFF_VENUE_MODE,      /* a: 0 a catalogue venue, 1 a pop-up venue of the kiosk's own */
    ACT_STAFF_VENUE_PICK,      /* a: index into App.rows whose venue it is */
    ACT_STAFF_VENUE_TEXT_LANG, /* a: Lang the pop-up's name and description are typed in */
    ACT_STAFF_VENUE_SHOW_ALL,  /* a: 1 every venue's events, 0 this venue's */
    ACT_STAFF_VENUE_LANG,      /* a: Lang after idle */
    ACT_STAFF_VENUE_SAVE,
    ACT_STAFF_SPOT_STEP,   /* a: SpotStep, b: -1 or +1 */
    ACT_STAFF_SPOT_LANG,   /* a: Lang the title is typed in */
    ACT_STAFF_SPOT_ADD,    /* a: SpotQuestionKind: a question from that template */
    ACT_STAFF_SPOT_REMOVE, /* a: question index */
    ACT_STAFF_SPOT_MAKE,
    ACT_STAFF_HUB_CONNECT, /* "Connect": the code typed into App.staff.hub.typed */
    /* Results of staff effects, dispatched by runtime.c. */
    ACT_STAFF_PIN_STATE,      /* a: 1 a PIN is set, t: locked until (wall ms) */
    ACT_STAFF_PIN_RESULT,     /* a: StaffPinAnswer (staff_pin.h) or -1 failed, t: locked until */
    ACT_STAFF_PIN_SAVED,      /* a: 0 saved, -1 failed */
    ACT_STAFF_SYNC_LOADED,    /* p: StaffSync* (copied) */
    ACT_STAFF_SIGNUPS_LOADED, /* p: StaffSignup array (App takes ownership), a: count */
    ACT_STAFF_OP_DONE,        /* a: 0 done, -1 failed (cancel, move in, check-in) */
    ACT_STAFF_EXPORT_TARGETS, /* p: StaffExportTargets* (copied) */
    ACT_STAFF_SPOT_DONE,      /* a: 0 made, -1 failed */
    ACT_STAFF_EXPORT_DONE,    /* a: StaffExportResult, b: rows, s: "NAME/file" */
    ACT_STAFF_IMPORT_DONE,    /* a: StaffImportResult, b: changes applied, s: "NAME/file" */
    ACT_STAFF_HUB_DONE,       /* a: 0 enrolled, else failed; s: the device's name, or why */
    ACT_STAFF_VENUE_SAVED,    /* a: 0 saved, -1 failed; s: the venue's id (a pop-up's is made) */
} ActionKind;

#define STAFF_KEY_BACK 10
#define STAFF_KEY_OK 11

#define SYNC_FLAG_FAILING 1   /* the last round failed */
#define SYNC_FLAG_CATALOGUE 2 /* the catalogue changed: reload the list */

typedef enum { KEY_BACKSPACE = 1, KEY_ENTER, KEY_TAB, KEY_ESCAPE } AppKey;

/* A page of the list (store_page.c): ACT_PAGE_LOADED's. */
typedef struct {
    EventRow *rows; /* malloc'd, in the list's order */
    int n;
    int total;      /* rows on the filtered list */
    int first;      /* the position of the page's first row of it */
    int lo, hi;     /* the page's first and last row of the filtered list in ROWS, -1 = none */
    int64_t now_ms; /* the moment it was read for (what had ended then is off it) */
} AppPage;

/* A row's place in the list's order (start, end, id). */
typedef struct {
    int64_t start, end;
    char id[RECORD_EVENT_ID_MAX + 1];
} RowKey;

/* What a page was read for: the list's filters and the minute; or staff's list of the events
 * with sign-ups (SCREEN_STAFF_EVENTS and the sign-ups of one of them), which has no filters. */
typedef struct {
    bool staff_list;
    /* The first row of every venue and topic (store_page.c): only while a picker or staff's
     * venue screen is open, the only screens that read them (40 ms at 100,000 events). */
    bool groups;
    TimeFilter time_filter;
    bool staff_mode;
    char category[32], venue_id[64];
    int64_t minute;
    /* The events open on a screen (detail, feedback, staff's, "My sign-up"'s): on the page
     * wherever they are in the list (StorePageQuery.pinned). */
    char pinned[4][RECORD_EVENT_ID_MAX + 1];
} PageFor;

typedef struct {
    ActionKind kind;
    int a, b;
    float f;
    int64_t t;     /* ms */
    const char *s; /* borrowed for the call */
    void *p;
} Action;

typedef enum {
    EFFECT_LOAD_EVENTS = 1,    /* reload App.rows (after start, a commit, a sync) */
    EFFECT_LOAD_PAGE,          /* a paged App's page for its filters, minute and App.page_want */
    EFFECT_LOAD_DETAIL,        /* load the full event App.detail_id */
    EFFECT_LOAD_ROW,           /* reload App.detail_id's row (its seat counts changed) */
    EFFECT_COMMIT_SIGNUP,      /* store App.form */
    EFFECT_COMMIT_FEEDBACK,    /* store App.feedback as a new record */
    EFFECT_UPDATE_FEEDBACK,    /* store App.feedback as an update of the record App.feedback_uuid */
    EFFECT_WIPE,               /* privacy: the screen was wiped, drop caches of typed text */
    EFFECT_MINE_LOOKUP,        /* look App.mine.code up: the store, else the hub */
    EFFECT_MINE_CANCEL,        /* cancel App.mine.found: in the store's outbox, or at the hub */
    EFFECT_STAFF_PIN_STATE,    /* whether a PIN is set, and its lock */
    EFFECT_STAFF_PIN_CHECK,    /* try App.staff.typed */
    EFFECT_STAFF_PIN_SAVE,     /* App.staff.typed becomes the PIN */
    EFFECT_STAFF_LOAD_SYNC,    /* the sync client's record */
    EFFECT_STAFF_SYNC_NOW,     /* a round soon */
    EFFECT_STAFF_LOAD_SIGNUPS, /* the sign-ups of App.staff.event_id */
    EFFECT_STAFF_CANCEL,       /* cancel App.staff.signups[ask_index] (its code) */
    EFFECT_STAFF_PROMOTE,      /* move App.staff.signups[promote_index] in */
    EFFECT_STAFF_CHECKIN,      /* toggle App.staff.signups[promote_index]'s check-in */
    EFFECT_STAFF_EXPORT_TARGETS, /* the USB sticks and the configured folder */
    EFFECT_STAFF_EXPORT,         /* App.staff.ex.what into App.staff.ex.target */
    EFFECT_STAFF_SPOT,           /* make App.staff.spot's event (store_spot_create) */
    EFFECT_STAFF_IMPORT,         /* the newest bundle on App.staff.ex.target into the store */
    EFFECT_STAFF_VENUE_SAVE,     /* App.staff.venue into the store (store_venue.h) */
    EFFECT_STAFF_ENROL,          /* enrol at App.staff.hub.url with its token (staff worker) */
    EFFECT_STAFF_RESTART,
    EFFECT_STAFF_QUIT,
    EFFECT_READ_SCREEN, /* "Read aloud": speak the screen's text (from its display list) */
    EFFECT_SPEECH_STOP, /* stop speaking at once (Stop, or the visitor moved on) */
    EFFECT_SPEECH_MODE, /* speech mode went on or off: say so, and speak the screen */
    EFFECT_VOLUME,      /* App.volume changed: set it, and say it */
} EffectKind;

#define APP_MAX_EFFECTS 8
/* The longest "Confirming..." is shown, whatever the worker does (its deadline is 1.4 s). */
#define APP_CONFIRMING_MAX_MS 2000
#define APP_MAX_CHOICES 64

/* The open picker's choices (app.c, picker_refresh) and what they were computed from. */
typedef struct {
    const void *rows;
    int n_rows, picker, lang;
    bool staff_mode;
    int64_t minute;
    char home[64]; /* home_venue_id: that venue comes first */
} PickerKey;

typedef struct {
    bool valid;
    PickerKey key;
    const char *ids[APP_MAX_CHOICES];
    int rows[APP_MAX_CHOICES];
    int n;
} PickerCache;
/* A second smiley within this long of the visitor's last touch on the follow-up is the same
 * visitor changing their mind (an update); later it is a new opinion (a new record). */
#define FEEDBACK_SAME_VISITOR_MS 2000
/* With something typed on the screen, the kiosk warns APP_IDLE_WARNING_MS before it wipes it,
 * and wipes it sooner: after APP_IDLE_TYPED_MS + the warning (55 s; or the configured idle
 * timeout when that is shorter). A visitor who walked away leaves their name and contacts on
 * screen for less time, and one who is still there gets a chance to keep them. */
#define APP_IDLE_WARNING_MS 10000
#define APP_IDLE_TYPED_MS 45000

/* Speech mode (issue 15): the idle timeout is this many times longer while it is on, and every
 * screen warns before the reset (spoken, with a tone). */
#define APP_SPEECH_IDLE_FACTOR 4
#define APP_VOLUME_STEP 10
#define APP_VOLUME_MIN 10

/* The config's [speech] mode: off (a triple tap starts it), offered (the attract screen also
 * says so aloud), always (a kiosk placed for it: on for every visitor). */
typedef enum { SPEECH_CONFIG_OFF = 0, SPEECH_CONFIG_OFFERED, SPEECH_CONFIG_ALWAYS } SpeechConfig;

/* A question over the screen that waits for an answer. */
typedef enum {
    DIALOG_NONE = 0,
    DIALOG_DISCARD_BACK,    /* "Back" from a form with typed data */
    DIALOG_DISCARD_RESTART, /* "Start over" on a form with typed data */
} Dialog;

/* The feedback screen: choosing a smiley, then the optional follow-up of the recorded score. */
typedef enum { FEEDBACK_RATE = 0, FEEDBACK_FOLLOWUP } FeedbackStep;

#define FEEDBACK_MAX_REASONS 3 /* reason chips offered for one score */

/* ---- "My sign-up" (app_mine.c) ---------------------------------------------------------- */

/* After this many wrong codes in a row the screen makes the visitor wait before the next try:
 * APP_MINE_DELAY_MS, doubling with each further wrong code, at most APP_MINE_DELAY_MAX_MS. One
 * wrong code is forgiven per APP_MINE_FORGIVE_MS without one; idle does not reset the count (an
 * attacker would only wait), a code found does. */
#define APP_MINE_FREE_TRIES 5
#define APP_MINE_DELAY_MS 5000
#define APP_MINE_DELAY_MAX_MS (5 * 60 * 1000)
#define APP_MINE_FORGIVE_MS (10 * 60 * 1000)
/* The longest "Looking it up..." is shown, whatever the worker does (its deadline is 1.4 s). */
#define APP_MINE_WAIT_MAX_MS 2000
/* What the visitor may type: the code, with spaces, in any case. */
#define APP_MINE_TYPED_MAX 12

typedef enum {
    MINE_ENTER = 0,  /* typing the code */
    MINE_SEARCHING,  /* the store, then the hub, is asked */
    MINE_FOUND,      /* the sign-up's status, and "Cancel my sign-up" */
    MINE_ASK_CANCEL, /* "Do you really want to cancel?" */
    MINE_CANCELLING, /* the cancel is under way */
    MINE_CANCELLED,  /* done: it is cancelled */
} MineStep;

typedef enum {
    MINE_CONFIRMED = 0,
    MINE_WAITLISTED,  /* at MineSignup.position */
    MINE_PROVISIONAL, /* taken offline beyond the grants: the hub decides when it hears of it */
    MINE_CANCELLED_STATE,
    MINE_REJECTED, /* the hub did not take it */
} MineState;

typedef enum { MINE_CANCEL_ASK = 0, MINE_CANCEL_YES, MINE_CANCEL_NO } MineCancel;

/* How a lookup (or a cancel) ended. */
typedef enum { MINE_FOUND_IT = 0, MINE_NOT_FOUND, MINE_UNREACHABLE } MineAnswer;

/* What the screen says under the code field. */
typedef enum {
    MINE_MSG_NONE = 0,
    MINE_MSG_FORMAT,      /* not six characters of the code's alphabet: not counted as a try */
    MINE_MSG_NOT_FOUND,   /* no sign-up has it */
    MINE_MSG_UNREACHABLE, /* not this kiosk's, and the hub did not answer */
    MINE_MSG_CANCEL_FAILED,
} MineMessage;

/* A sign-up as "My sign-up" shows it: no name, no contacts (the code alone is not proof enough
 * for them). */
typedef struct {
    char code[RECORD_CODE_LEN + 1];
    char event_id[RECORD_EVENT_ID_MAX + 1];
    MineState state; /* the hub's latest word when the kiosk has it, else what the kiosk told */
    int position;    /* MINE_WAITLISTED: the place (1 = next) */
    int group_size;
    bool remote; /* found at the hub, not in this kiosk's store: it is cancelled there */
} MineSignup;

/* The screen's state: a visitor's, wiped on idle and on Done. */
typedef struct {
    MineStep step;
    MineMessage message;
    char typed[APP_MINE_TYPED_MAX * 4 + 1]; /* what the visitor typed */
    char code[RECORD_CODE_LEN + 1];         /* the same, upper case without spaces */
    MineSignup found;
    bool seat_freed;  /* the cancelled sign-up had a seat: it goes to the next in the queue */
    int64_t since_ms; /* when SEARCHING or CANCELLING began */
} MineScreen;

/* Wrong codes, kept across visitors (see APP_MINE_FREE_TRIES). */
typedef struct {
    int fails;               /* in a row, less those forgiven */
    int64_t forgive_at_ms;   /* when the next one is forgiven */
    int64_t locked_until_ms; /* no lookup before this */
} MineGuard;

typedef struct {
    char first_name[SIGNUP_NAME_MAX + 1];
    int group_size;
    bool gave_email;
} ConfirmVisitor;

typedef struct {
    /* Settings (config), kept across idle resets. */
    Lang default_lang;
    int idle_timeout_ms;
    int confirm_timeout_ms;
    char kiosk_name[128];
    /* Where this kiosk stands (config "venue": a venue's id, or its name in any language). Its
     * events come first: the attract rotation, the list's default filter, feedback targets. */
    char home_venue[128];
    /* The list opens on every venue, not on this one (staff's `aukio venue set --all`). */
    bool venue_show_all;
    /* Staff set the venue (the store's, store_venue.h), not the config: the top bar names it. */
    bool venue_staff;
    /* The kiosk stands at a pop-up venue of its own (home_venue is its id, "popup:…"): its name
     * and address or short description per language ("" falls back, lang_pick). */
    bool venue_popup;
    char venue_name[LANG_COUNT][128];
    char venue_note[LANG_COUNT][128];
    SpeechConfig speech_config;
    int default_volume; /* 0..100 */

    /* Speech (app_speech.c), reset on idle: speech mode, "Read aloud" under way, the volume. */
    bool speech_mode;
    bool reading;
    int volume;

    /* Presentation, reset on idle. */
    Lang lang;
    bool large_text;
    bool high_contrast;

    int64_t now_ms;        /* wall clock, Unix ms */
    int64_t last_input_ms; /* for the idle timeout */
    Screen screen;
    Screen back_to;        /* where "back" from the form/feedback returns */
    int64_t prev_input_ms; /* the input before the last one (same-visitor taps) */
    Dialog dialog;
    int idle_warning_s; /* the countdown last drawn, 0 = no warning up */
    /* Staff mode (set by the staff screens, never by a visitor): shows staff-only events and the
     * sync indicator. False on visitor screens. */
    bool staff_mode;
    StaffState staff; /* app_staff.c */

    /* Catalogue. */
    EventRow *rows; /* owned, ordered by start time */
    int n_rows;
    /* Goes up each time rows is replaced (a page, a list): an action that names a row by its
     * index (ACT_OPEN_EVENT, ACT_FEEDBACK_TARGET, ACT_STAFF_OPEN_EVENT, ACT_STAFF_VENUE_PICK)
     * carries it in Action.b (ui.c puts the release's time in .t): one pressed before a page
     * replaced the rows and released after names its row by the replaced rows' ids, kept for
     * one generation (app_row_action_index), so the event pressed is the one opened. 0 in .b:
     * not said (the tests' actions). */
    unsigned rows_gen;
    char *prev_ids; /* owned: the ids of the rows of generation rows_gen - 1, one after another */
    int *prev_at;   /* owned: where each of them starts in prev_ids */
    int n_prev;
    PickerCache picker_cache;
    int *visible; /* owned: indices into rows that pass the filters */
    int n_visible;
    /* rows holds only the list's first screenful (a kiosk's first frame); list_total is then
     * what the whole list counts (ACT_EVENTS_COUNTED), for the label. */
    bool list_partial;
    int list_total;
    int64_t list_total_ms; /* App.now_ms when list_total came */
    int64_t filtered_ms;   /* App.now_ms when App.visible was last computed */
    /* Row blocks of ACT_ROWS_PATCHED whose texts the rows point into, freed with the list. */
    void **row_blocks;
    int n_row_blocks;
    bool rows_reload; /* a patch did not fit: the caller loads the whole list */
    /* A page of the list instead of all of it (store_page.c, issue 12): rows holds the filtered
     * list's rows from position list_first on (App.visible, n_visible of them: those between
     * page_lo and page_hi that pass the filters) and the rows every other screen reads. When
     * the filters, the minute or the list's scroll leave the page, EFFECT_LOAD_PAGE asks for
     * another (runtime.c). list_total is the filtered list's count. */
    bool list_paged;
    int list_first;
    bool page_empty;
    RowKey page_lo, page_hi;
    PageFor page_for;
    int page_want;          /* the position the list screen showed at its top when it asked */
    int page_loaded_want;   /* page_want when the page loaded */
    int64_t page_failed_ms; /* App.now_ms when the store could not read one, 0 = it could */
    bool page_asked;        /* EFFECT_LOAD_PAGE pushed and not answered yet */
    TimeFilter time_filter;
    char category[32]; /* "" = any */
    char venue_id[64]; /* "" = any */
    /* home_venue resolved against the catalogue when it loads; "" = no such venue in it (then
     * every venue is shown, as without the setting). */
    char home_venue_id[64];
    Picker picker;
    int attract_index; /* which upcoming event the attract screen shows */
    int64_t attract_next_ms;

    Scroll scroll[SCROLL_COUNT];

    /* Detail and sign-up. */
    char detail_id[96];
    int detail_row; /* index into rows, or -1 */
    bool detail_loaded;
    Event detail; /* owned when detail_loaded */
    /* The detail's short description and description as display text (text_from_html), one per
     * language with the fi -> en -> sv fallback applied: converted once when the event loads,
     * not on each of the many frames a scrolling detail screen draws. Owned when detail_loaded,
     * freed with the detail (and so on idle, with the rest of what a visitor looked at). */
    LText detail_summary;
    LText detail_description;
    /* The QR code's text in each language (calendar.h: the event's page or a VEVENT), built when
     * the event loads, freed with the detail. Nothing of the visitor is in it. */
    LText detail_qr;
    SignupRequest form;
    Field focus;
    Osk osk;
    bool show_errors; /* after a first submit attempt */
    FormError errors[FORM_SLOTS];
    bool busy; /* a commit is under way: ignore double taps */
    /* The sign-up is on disk and the hub is being asked for its seat: "Confirming..." until the
     * answer (ACT_SIGNUP_ANSWER) or APP_CONFIRMING_MAX_MS, then what is known. */
    bool confirming;
    int64_t confirming_since;
    bool store_failed;
    SignupResult result;
    /* What the confirmation shows of the visitor, kept when the form is wiped at the commit and
     * wiped with everything else on Done or idle (wipe_visitor): the first name, the group and
     * whether they gave an email address (the waiting list's note says how they will hear). */
    ConfirmVisitor visitor;

    /* Feedback. */
    FeedbackRequest feedback;
    int feedback_row;     /* index into rows, -1 = the library */
    char feedback_id[96]; /* the same by id, which survives a reload; "" = the library */
    FeedbackStep feedback_step;
    char feedback_uuid[RECORD_UUID_LEN + 1]; /* the recorded score the follow-up updates */
    unsigned feedback_reasons;               /* chosen reason chips, bit i = reason i */
    bool feedback_sending;                   /* the follow-up's update is being stored */

    /* "My sign-up": the visitor's (wiped with the rest) and the wrong-code count (kept). */
    MineScreen mine;
    MineGuard mine_guard;

    /* Sync indicator (list screen); nothing shows until a sync thread reports. */
    bool sync_enabled;
    int64_t sync_last_ok; /* Unix s, 0 = never */
    int sync_queued;
    bool sync_failing;

    /* Effects queued by app_update for main.c, and whether the screen needs drawing. */
    EffectKind effects[APP_MAX_EFFECTS];
    int n_effects;
    bool dirty;
} App;

/* Sets up APP (caller's storage) for a kiosk starting at NOW_MS: attract screen, default language,
 * and an EFFECT_LOAD_EVENTS queued. */
void app_init(App *app, Lang default_lang, int idle_timeout_s, int confirm_timeout_s,
              int64_t now_ms);

/* Frees what APP owns (rows, detail). */
void app_deinit(App *app);

/* The one way to change APP. Marks it dirty when what is on screen changed. */
void app_update(App *app, const Action *act);

/* Takes the queued effects out of APP: copies at most MAX into OUT and returns the count. */
int app_take_effects(App *app, EffectKind *out, int max);

/* The earliest time (ms) at which the app needs an ACT_TICK even with no input: the next
 * minute for the clock, the attract rotation, the idle timeout, or "now" while something moves.
 * INT64_MAX when nothing is pending. main.c sleeps until then. */
int64_t app_next_wakeup(const App *app);

/* The text of FIELD in the current form (or the feedback comment), for views. */
const char *app_field_text(const App *app, Field field);

/* Which OSK mode FIELD uses. */
OskMode app_field_mode(const App *app, Field field);

/* Whether the focused field is the form's last text field (its keyboard says "Done", not
 * "Next"). */
bool app_focus_is_last(const App *app);

/* Whether the on-screen keyboard is up (a text field has focus). */
bool app_osk_visible(const App *app);

/* Whether the screen holds something the visitor typed or chose (the form, the feedback
 * follow-up): then idle warns first, and "Back" asks before discarding it. */
bool app_has_typed_data(const App *app);

/* The seconds left of the are-you-still-there countdown, or 0 when no warning is up. */
int app_idle_warning_s(const App *app);

/* The reason chips the follow-up offers for SCORE (1..4): writes up to FEEDBACK_MAX_REASONS ids
 * (static) into IDS and returns the count. Their labels are "feedback.reason.<id>". */
int app_feedback_reasons(int score, const char **ids);

/* Events of today that can take feedback (started or starting today) at this kiosk's venue (any
 * venue when it has none), for the feedback screen:
 * writes up to MAX indices into rows and returns the count. */
int app_feedback_events(const App *app, int *out, int max);

/* The events the attract screen rotates through: this venue's (every venue's when the kiosk has
 * none), running or still to come, not cancelled or postponed. Writes up to MAX indices into
 * rows and returns the count. */
int app_attract_events(const App *app, int *out, int max);

/* Whether ROW has started and not ended ("happening now"). */
bool app_row_running(const App *app, const EventRow *r);

/* "My sign-up": seconds until the next code may be tried (0 = now). */
int app_mine_wait_s(const App *app);

/* Whether the screen offers "Read aloud" (the event's detail, the sign-up's confirmation). */
bool app_read_aloud_offered(const App *app);

/* Sets the speech settings of the config (kept across idle resets); ALWAYS turns speech mode on
 * now. */
void app_set_speech(App *app, SpeechConfig config, int volume);

/* Choices of the open picker: writes labels' sources (category ids or venue rows) and returns
 * the count; index -1 means "any". For CATEGORY, *ids[i] is a category id; for VENUE, rows[i]
 * is an index into App.rows whose venue it is. */
int app_picker_choices(const App *app, const char **ids, int *rows, int max);

/* The end of the list's time filter (exclusive, Unix s): INT64_MAX when it is "all". */
int64_t app_list_until(const App *app);

/* How many events the list's label counts: the visible rows, or while only a screenful is
 * loaded, what the store counted for the whole list (-1 until it has: no count is shown). */
int app_list_count(const App *app);

#define APP_PAGE_RETRY_MS 1000

/* What a page of the list (App.list_paged) would be read for now. */
void app_page_for(const App *app, PageFor *out);
/* The row of App.rows that ACT (pressed on rows of generation ACT->b) names: ACT->a, or the row
 * of the same event when the rows were replaced since (App.rows_gen), -1 when it is not there
 * or the rows were replaced twice. For an action whose A may be -1 ("none"), -1 stays. */
int app_row_action_index(const App *app, const Action *act);

/* Whether R is on staff's list of events with sign-ups (view_staff_events). */
bool app_row_staff_listed(const EventRow *r);

/* Staff mode: seconds until the PIN pad takes a PIN again (0 = now). */
int app_staff_locked_s(const App *app);

/* Staff mode: whether sign-up I of the attendee list can be moved in from the waiting list by
 * hand now (a seat is free, and the event is this kiosk's alone). */
bool app_staff_can_promote(const App *app, int i);

/* The catalogue's venues for staff's venue screen: writes up to MAX indices into App.rows, one
 * row per venue id (the first at it), and returns the count. */
int app_staff_venues(const App *app, int *rows, int max);

/* Staff mode: the attendee list's event, or NULL when it is not in App.rows. */
const EventRow *app_staff_event(const App *app);

#endif
