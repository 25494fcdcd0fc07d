/*
 * rules.h: the sign-up rules as pure functions (no SQL, no SDL), shared by the screens, which show
 * what will happen, and the store, which decides it again inside the transaction.
 */
#ifndef AUKIO_RULES_H
#define AUKIO_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "records.h"

/* What the list and detail screens need of an event, with its current seat counts. */
typedef struct {
    /* The event's id, never NULL: like the texts below it points into the allocation the row
     * came in (inline it was 97 of the row's 224 bytes; issue 12, memory). */
    const char *id;
    /* Titles and venue names per language, never NULL ("" when absent). They point into the
     * allocation the row came in (store_events_upcoming) or into the Store
     * (store_event_row); a copy of a row shares them. */
    const char *title[LANG_COUNT];
    const char *venue[LANG_COUNT];
    /* The same for the venue's id and the category (a list's block keeps each distinct one
     * once: inline they were 96 of the row's 320 bytes; issue 12, memory). */
    const char *venue_id;
    const char *category;
    /* The fields below go widest first: no padding between them (144 bytes a row). */
    int64_t start_time;
    int64_t end_time;
    int64_t enrolment_start; /* 0 = none */
    int64_t enrolment_end;   /* 0 = until start */
    EventStatus status;
    int capacity;          /* -1 = unlimited */
    int waitlist_capacity; /* -1 = unlimited, 0 = none */
    int max_group_size;
    int confirmed_seats;  /* sum of group sizes of confirmed sign-ups */
    int waitlisted_seats; /* sum of group sizes on the waiting list */
    int waitlisted_count; /* sign-ups on the waiting list (positions) */
    int grant_left;       /* seats this kiosk may still confirm alone (its open grants) */
    bool registration;
    bool hub_seen;   /* the counts are the hub's (an enrolled kiosk's pulled event) */
    bool staff_only; /* x_aukio.staff_only: off visitor screens (App.staff_mode shows) */
    bool all_day;    /* x_aukio.all_day, read from the stored JSON: screens show dates, no times */
} EventRow;

_Static_assert(sizeof(EventRow) <= 144, "a list's row: see the order of its fields");

/* Where an event stands for a new sign-up at a given time. */
typedef enum {
    AVAIL_NO_REGISTRATION = 0, /* drop in, nothing to sign up for */
    AVAIL_OPEN,                /* seats left */
    AVAIL_WAITLIST,            /* full, waiting list has room */
    AVAIL_FULL,                /* full, no room on the waiting list */
    AVAIL_NOT_YET_OPEN,        /* enrolment starts later */
    AVAIL_CLOSED,              /* enrolment ended, or the event started */
    AVAIL_CANCELLED,
    AVAIL_POSTPONED,
} Availability;

/* Availability for a party of GROUP (>= 1) at NOW. Enrolment ends at enrolment_end, or at
 * start_time when that is 0. Cancelled/postponed win over everything else. */
Availability rules_availability(const EventRow *row, int64_t now, int group);

/* Seats left for confirmed sign-ups (capacity - confirmed), never negative; -1 = unlimited. */
int rules_seats_left(const EventRow *row);

/* What a visitor fills in. Answers: free text for QUESTION_TEXT; the chosen option id for
 * QUESTION_SINGLE; chosen option ids joined by ',' for QUESTION_MULTI; "yes"/"no" for
 * QUESTION_YESNO; "" = unanswered. */
typedef struct {
    char event_id[RECORD_EVENT_ID_MAX + 1];
    char name[SIGNUP_NAME_MAX + 1];
    char email[SIGNUP_EMAIL_MAX + 1];
    char phone[SIGNUP_PHONE_MAX + 1];
    int group_size;
    char answers[EVENT_MAX_QUESTIONS][SIGNUP_ANSWER_MAX + 1];
    bool consent;
    Lang lang;
} SignupRequest;

/* Which part of the form is wrong, for inline messages. */
typedef enum {
    FORM_OK = 0,
    FORM_NAME_MISSING,
    FORM_EMAIL_MISSING,
    FORM_EMAIL_INVALID,
    FORM_PHONE_MISSING,
    FORM_PHONE_INVALID,
    FORM_GROUP_INVALID,
    FORM_ANSWER_MISSING,
    FORM_CONSENT_MISSING,
    FORM_CONTACT_MISSING, /* joining a waiting list with neither email nor phone */
} FormError;

/* A field-by-field check of REQ against EV's rules. ERRORS gets one entry per field position:
 * [0] name, [1] email, [2] phone, [3] group, [4 + i] question i, [4 + EVENT_MAX_QUESTIONS]
 * consent. Returns the number of problems (0 = valid). */
#define FORM_SLOTS (5 + EVENT_MAX_QUESTIONS)
#define FORM_SLOT_NAME 0
#define FORM_SLOT_EMAIL 1
#define FORM_SLOT_PHONE 2
#define FORM_SLOT_GROUP 3
#define FORM_SLOT_QUESTION(i) (4 + (i))
#define FORM_SLOT_CONSENT (4 + EVENT_MAX_QUESTIONS)
int rules_validate_form(const Event *ev, const SignupRequest *req, FormError errors[FORM_SLOTS]);

/* The same for a sign-up that joins the waiting list when WAITLIST is true: then, unless the
 * event says otherwise (Event.waitlist_contact false) or shows neither contact field, an email or
 * a phone number is needed, so that the library can say when a place frees up. The error
 * (FORM_CONTACT_MISSING) is in the email slot, or the phone slot when email is hidden. */
int rules_validate_signup(const Event *ev, const SignupRequest *req, bool waitlist,
                          FormError errors[FORM_SLOTS]);

/* A plausible email: one '@', something before, a dot in the domain, no spaces. */
bool rules_email_ok(const char *s);
/* A plausible phone number: digits with optional leading '+', spaces and '-'; 6 to 15 digits. */
bool rules_phone_ok(const char *s);

/* PROVISIONAL: an enrolled kiosk beyond its grant, with seats free at the hub's last count; the
 * hub decides when the sign-up reaches it (at once when the hub answers within the deadline). */
typedef enum {
    SIGNUP_CONFIRMED = 0,
    SIGNUP_WAITLISTED,
    SIGNUP_PROVISIONAL,
    SIGNUP_REJECTED
} SignupOutcome;

typedef struct {
    SignupOutcome outcome;
    int position;                   /* 1-based place on the waiting list when WAITLISTED */
    char code[RECORD_CODE_LEN + 1]; /* confirmation code, e.g. "K7M4QX" */
    char uuid[RECORD_UUID_LEN + 1];
    Availability reason; /* why, when REJECTED */
} SignupResult;

/* The decision for a party of GROUP: CONFIRMED if seats are left, WAITLISTED (with the position
 * the party would get) if the waiting list has room, else REJECTED with the availability as the
 * reason. */
SignupOutcome rules_decide(const EventRow *row, int64_t now, int group, int *position,
                           Availability *reason);

/* HappyOrNot-style score: 1 = very unhappy ... 4 = very happy. EVENT_ID "" = the library. */
typedef struct {
    int score;
    char event_id[RECORD_EVENT_ID_MAX + 1];
    char comment[FEEDBACK_COMMENT_MAX + 1];
    char reasons[FEEDBACK_REASONS_MAX + 1]; /* the follow-up's chosen reason ids, comma-joined */
    Lang lang;
} FeedbackRequest;

#endif
