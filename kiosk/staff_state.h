/*
 * staff_state.h: staff mode's part of App (app_staff.c changes it, view_staff*.c draw it).
 *
 * The way in is a finger held still on the kiosk's name in the top bar for APP_STAFF_HOLD_MS
 * (ui.c's UI_HOLD element sends ACT_STAFF_HOLD down and up; a tap, a drag or a flick ends it
 * early). That opens the PIN pad; the right PIN opens the staff home. Staff mode leaves itself
 * after APP_STAFF_IDLE_MS untouched, and on the idle path everything shown in it is wiped with
 * the visitor's data. Included by app.h only.
 */
#ifndef AUKIO_STAFF_STATE_H
#define AUKIO_STAFF_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "lang.h"
#include "records.h"
#include "spot.h"

#define APP_STAFF_HOLD_MS 3000
#define APP_STAFF_IDLE_MS (2 * 60 * 1000)
#define APP_STAFF_PIN_MIN 4
#define APP_STAFF_PIN_MAX 8
#define APP_STAFF_ANSWERS_MAX 600

/* What a PIN tried on the pad came to (staff_pin_try). */
typedef enum {
    STAFF_PIN_OK = 0, /* the right PIN: the count of wrong ones starts again */
    STAFF_PIN_WRONG,  /* not it; the lock's end says whether the pad is now locked */
    STAFF_PIN_LOCKED, /* not tried: the pad is locked */
    STAFF_PIN_NONE,   /* no PIN has been set */
} StaffPinAnswer;

/* What the PIN pad is for. */
typedef enum {
    PAD_ENTER = 0,   /* getting in */
    PAD_SETUP,       /* first start without a PIN: choose one */
    PAD_SETUP_AGAIN, /* ... and type it again */
    PAD_NEW,         /* "Change PIN": the new one */
    PAD_NEW_AGAIN,   /* ... again */
} StaffPad;

typedef enum {
    PAD_MSG_NONE = 0,
    PAD_MSG_WRONG,    /* not the PIN */
    PAD_MSG_LOCKED,   /* too many wrong: wait (the countdown from locked_until_ms) */
    PAD_MSG_SHORT,    /* fewer than 4 digits */
    PAD_MSG_MISMATCH, /* the two new PINs differ */
    PAD_MSG_FAILED,   /* the store failed */
    PAD_MSG_CHANGED,  /* shown on the staff home after a change */
} StaffPadMessage;

/* The sync client's record, as the sync screen says it. ERROR is a SyncResult (client.h). */
typedef struct {
    bool loaded;
    bool hub;        /* a hub is configured */
    int64_t last_ok; /* Unix s, 0 = never */
    int queued;
    int64_t error_at; /* 0 = the last round went well */
    int error;
    bool asked; /* "Sync now" was pressed */
} StaffSync;

typedef enum {
    STAFF_SU_CONFIRMED = 0,
    STAFF_SU_WAITLISTED,
    STAFF_SU_PROVISIONAL,
    STAFF_SU_CANCELLED,
    STAFF_SU_REJECTED,
} StaffSignupState;

/* One sign-up as the attendee list shows it (staff only; wiped with staff mode). */
typedef struct {
    char uuid[RECORD_UUID_LEN + 1];
    char code[RECORD_CODE_LEN + 1];
    char name[SIGNUP_NAME_MAX + 1];
    int group_size;
    char answers[APP_STAFF_ANSWERS_MAX]; /* "question: answer" lines, in the sign-up's order */
    StaffSignupState state;
    int position; /* waiting list place, 0 = none */
    bool checked_in;
    bool local_only; /* the event is not the hub's: staff may move people in by hand */
} StaffSignup;

/* A question asked over the attendee list before a change. */
typedef enum { STAFF_ASK_NONE = 0, STAFF_ASK_CANCEL, STAFF_ASK_QUIT, STAFF_ASK_RESTART } StaffAsk;

/* What the export screen writes (ACT_STAFF_EXPORT's a): each kind as CSV or for Finnish Excel,
 * and the bundle for the coordinator. */
typedef enum {
    STAFF_EX_SIGNUPS = 0,
    STAFF_EX_SIGNUPS_EXCEL,
    STAFF_EX_ATTENDANCE,
    STAFF_EX_ATTENDANCE_EXCEL,
    STAFF_EX_FEEDBACK,
    STAFF_EX_FEEDBACK_EXCEL,
    STAFF_EX_BUNDLE,
    STAFF_EX_COUNT,
} StaffExportWhat;

#define STAFF_EX_TARGETS_MAX 9 /* the folder of AUKIO_EXPORT_DIR and 8 USB sticks */
#define STAFF_EX_PATH_MAX 1024

/* A place the export screen writes to: a USB stick by its name, or the configured folder. */
typedef struct {
    char name[128];
    char path[STAFF_EX_PATH_MAX];
} StaffExportTarget;

typedef struct {
    StaffExportTarget t[STAFF_EX_TARGETS_MAX];
    int n;
} StaffExportTargets;

#define STAFF_BUNDLES_MAX 6

/* The coordinator's bundles on a place (staff_export_find_bundles), newest first. */
typedef struct {
    char name[128]; /* the file's name, as on the stick */
    char path[STAFF_EX_PATH_MAX];
    int64_t mtime; /* Unix s */
} StaffBundleFile;

typedef struct {
    StaffBundleFile f[STAFF_BUNDLES_MAX];
    int n;
} StaffBundleFiles;

/* How the last import from the coordinator went (ACT_STAFF_IMPORT_DONE's a). */
typedef enum {
    STAFF_IMPORT_NONE = 0,
    STAFF_IMPORT_OK,
    STAFF_IMPORT_REFUSED, /* not this kiosk's, altered, or older than what it has: nothing changed
                           */
    STAFF_IMPORT_NOT_ENROLLED,
    STAFF_IMPORT_NONE_FOUND, /* no STAFF_BUNDLE_PREFIX*.json on the place */
} StaffImportResult;

/* How the last export went (ACT_STAFF_EXPORT_DONE's a). */
typedef enum {
    STAFF_EX_NONE = 0, /* nothing written yet */
    STAFF_EX_OK,
    STAFF_EX_FAILED,       /* the file could not be written */
    STAFF_EX_NOT_ENROLLED, /* the bundle needs the kiosk enrolled at a hub */
} StaffExportResult;

typedef struct {
    bool loaded; /* the targets were looked for */
    StaffExportTargets targets;
    int target; /* index into targets */
    bool busy;
    StaffExportWhat what;
    StaffExportResult result;
    int rows;       /* rows (or the bundle's records) written */
    char file[256]; /* "KINGSTON/aukio-signups-2026-03-16-0900.csv" */
    /* "Import from the coordinator" (the newest of the hub's bundles on the chosen place): how
     * it went, the changes applied, the file ("KINGSTON/aukio-catalogue-….json"). */
    bool importing;
    StaffImportResult import_result;
    int imported;
    char import_file[256];
} StaffExport;

/* How the "New event" screen's last try went. */
typedef enum {
    SPOT_MSG_NONE = 0,
    SPOT_MSG_TITLE,    /* no title in any language */
    SPOT_MSG_QUESTION, /* a question without its text */
    SPOT_MSG_OPTIONS,  /* a choice without 2 to 8 answers */
    SPOT_MSG_MADE,     /* made: visitors can sign up */
    SPOT_MSG_FAILED,   /* the store could not make it */
} SpotMessage;

/* The "New event" screen (app_staff_spot.c): its form, the language the title is typed in, each
 * choice question's answers as typed ("alle 18, 18-64, yli 64"), and the last try. */
typedef struct {
    SpotForm form;
    int title_lang; /* Lang */
    char options[SPOT_QUESTIONS_MAX][SPOT_TEXT_MAX + 1];
    bool busy;
    SpotMessage message;
    int message_question;          /* the question a message is about */
    char made[SPOT_TITLE_MAX + 1]; /* SPOT_MSG_MADE: its title */
} StaffSpot;
#define STAFF_VENUE_NAME_CHARS 60
#define STAFF_VENUE_NOTE_CHARS 100

/* How the venue screen's last save went. */
typedef enum {
    STAFF_VENUE_NONE = 0,
    STAFF_VENUE_SAVED,
    STAFF_VENUE_FAILED,  /* the store said no */
    STAFF_VENUE_NO_NAME, /* a pop-up venue needs a name in one language at least */
    STAFF_VENUE_NO_PICK, /* no catalogue venue chosen */
} StaffVenueResult;

/* The venue screen's edit, from App's venue when it opens; it changes App only once saved. */
typedef struct {
    bool popup;                 /* a pop-up venue of the kiosk's own, not a catalogue one */
    char venue[128];            /* the catalogue venue chosen: its id ("" = none yet) */
    char name[LANG_COUNT][128]; /* the pop-up's name as typed, per language */
    char note[LANG_COUNT][128]; /* its address or short description */
    int text_lang;              /* Lang the fields type in */
    bool show_all;              /* every venue's events, not this one's */
    int lang;                   /* Lang after idle */
    bool busy;                  /* being saved */
    StaffVenueResult result;
} StaffVenue;

/* "Connect to the hub" (app_staff_hub.c): what the scanner typed, what it was read as, and how
 * the enrolment went. The token is spent once; the screen wipes it with staff mode. */
#define STAFF_HUB_TYPED_MAX 1100
typedef enum {
    STAFF_HUB_NONE = 0,
    STAFF_HUB_NOT_CODE, /* not an Aukio enrolment code at all (another QR code, a URL) */
    STAFF_HUB_DAMAGED,  /* "aukio-enrol:v1?" but without a hub address or a token */
    STAFF_HUB_ENROLLED, /* enrolled: DEVICE at URL */
    STAFF_HUB_FAILED,   /* the enrolment failed: SAID says why */
} StaffHubResult;

typedef struct {
    char typed[STAFF_HUB_TYPED_MAX + 1];
    char url[256];
    char token[128];
    bool busy;
    StaffHubResult result;
    char device[128];
    char said[512];
} StaffHub;

typedef struct {
    /* The way in. */
    bool holding;
    bool hold_fired;
    int64_t hold_since_ms;

    /* The PIN: whether one is set (the store's answer at start), the pad. */
    bool pin_known;
    bool pin_set;
    StaffPad pad;
    StaffPadMessage message;
    char typed[APP_STAFF_PIN_MAX + 1];
    char first[APP_STAFF_PIN_MAX + 1]; /* the new PIN typed the first time */
    bool checking;                     /* the store checks or saves it */
    int64_t locked_until_ms;           /* wall ms, 0 = not locked */
    int pad_back;                      /* the Screen under the pad (Cancel returns there) */

    /* The screens. */
    StaffSync sync;
    int event_row;                          /* the attendee list's event, index into App.rows */
    char event_id[RECORD_EVENT_ID_MAX + 1]; /* the same by id */
    StaffSignup *signups;                   /* owned */
    int n_signups;
    bool signups_loaded;
    StaffAsk ask;
    int ask_index;     /* the sign-up asked about */
    bool op_failed;    /* the last change could not be made */
    int promote_index; /* the sign-up being moved in, for the store */
    StaffExport ex;    /* the export screen */
    StaffSpot spot;    /* the "New event" screen */
    StaffVenue venue;  /* the venue screen */
    StaffHub hub;      /* "Connect to the hub" */
} StaffState;

#endif
