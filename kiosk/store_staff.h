/*
 * store_staff.h: what staff mode reads and changes in the kiosk's store (issue 10): the check-in
 * at the door and the attendees of an event as staff see them. Implemented in store_staff.c;
 * staff screens (app.c through runtime.c's effects) and the shell (`aukio checkin`, `aukio
 * export`) call it.
 *
 * Cancelling a sign-up is store_signup_cancel (store.h), the same path as "My sign-up".
 *
 * Personal data: the attendee list holds names, contacts and answers for the screen and the
 * exports; none of it goes to a log or an error message. On an enrolled kiosk a sign-up's
 * personal data is deleted once the hub has answered it (store_outbox_record): such a row comes
 * with personal_wiped set and empty name, email, phone and answers (the hub has them).
 */
#ifndef AUKIO_STORE_STAFF_H
#define AUKIO_STORE_STAFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "records.h"
#include "result.h"
#include "store.h"

/*
 * Marks the sign-up with confirmation CODE (case-insensitive) as having come to the event
 * (ATTENDED true) or not (false: an undo), at wall time NOW (Unix s), in ONE transaction with
 * its outbox row: a "checkin" op naming the sign-up's uuid, sent to the hub exactly once like
 * every op. Returns
 *   AUKIO_OK             done; also when the sign-up already was in that state (then nothing is
 *                        written and nothing is sent),
 *   AUKIO_ERR_NOT_FOUND  no sign-up of this kiosk has the code,
 *   AUKIO_ERR_INVALID    the sign-up is cancelled (here or at the hub) or was rejected by the hub,
 *   AUKIO_ERR            a database error.
 * On any failure nothing changed and ERR says why (never who).
 */
AUKIO_MUST_CHECK AukioRc store_checkin_set(Store *st, const char *code, bool attended, int64_t now,
                                           char *err, size_t errlen);

/* Where a sign-up stands, combining what the kiosk told the visitor and what the hub decided
 * since (the hub's word wins once heard). */
typedef enum {
    STAFF_CONFIRMED = 0,
    STAFF_WAITLISTED,  /* position = place on the waiting list (1 = next) */
    STAFF_PROVISIONAL, /* confirmed here beyond the kiosk's grants; the hub has not answered */
    STAFF_CANCELLED,
    STAFF_REJECTED, /* the hub refused it (e.g. the event was full there) */
} StaffStatus;

/* "confirmed", "waitlisted", "provisional", "cancelled", "rejected". */
const char *store_staff_status_name(StaffStatus s);

/* One answer: the question's id (Event.questions[i].id, store_event_get) and the text given. */
typedef struct {
    char question_id[WIRE_ANSWER_KEY_MAX + 1];
    char text[SIGNUP_ANSWER_MAX + 1];
} StaffAnswer;

/* One sign-up of this kiosk as staff see it. */
typedef struct {
    char uuid[RECORD_UUID_LEN + 1];
    char code[RECORD_CODE_LEN + 1];
    char event_id[RECORD_EVENT_ID_MAX + 1];
    char name[SIGNUP_NAME_MAX + 1];   /* "" when personal_wiped */
    char email[SIGNUP_EMAIL_MAX + 1]; /* "" when not given or wiped */
    char phone[SIGNUP_PHONE_MAX + 1]; /* "" when not given or wiped */
    char lang[3];                     /* "fi", "sv", "en" */
    int group_size;
    StaffStatus status;
    int position; /* STAFF_WAITLISTED: place on the waiting list, else 0 */
    bool attended;
    int64_t attended_at;  /* when staff last changed attended, 0 = never */
    int64_t created_at;   /* when the visitor signed up */
    int64_t cancelled_at; /* cancelled on this kiosk at, 0 = not here */
    bool personal_wiped;  /* name, contacts and answers were deleted (see the top of this file) */
    int n_answers;
    StaffAnswer answers[EVENT_MAX_QUESTIONS];
} StaffAttendee;

/*
 * The sign-ups of EVENT_ID (NULL = of every event), cancelled ones included, ordered by event,
 * then confirmed and provisional first, then the waiting list in its order, then cancelled and
 * rejected; within each by the time of signing up. Hands over a malloc'd array in *OUT (NULL
 * when *N_OUT is 0) that the caller frees with store_attendees_free. Returns AUKIO_OK, or
 * AUKIO_ERR with ERR (then *OUT is NULL and *N_OUT 0).
 */
AUKIO_MUST_CHECK AukioRc store_attendees_list(Store *st, const char *event_id, StaffAttendee **out,
                                              int *n_out, char *err, size_t errlen);

/* Frees a list from store_attendees_list, wiping the personal data in it first. */
void store_attendees_free(StaffAttendee *list, int n);

/* One feedback answer given on this kiosk. */
typedef struct {
    char uuid[RECORD_UUID_LEN + 1];
    char event_id[RECORD_EVENT_ID_MAX + 1]; /* "" = about the library */
    int score;                              /* 1 very unhappy .. 4 very happy */
    char comment[FEEDBACK_COMMENT_MAX + 1];
    char reasons[FEEDBACK_REASONS_MAX + 1]; /* the follow-up's reason ids, comma-joined */
    char lang[3];
    int64_t created_at;
} StaffFeedback;

/* Calls CB for each feedback answer about EVENT_ID (NULL = every answer, "" = those about the
 * library) in the order given; a non-zero return from CB stops the walk and is returned as
 * AUKIO_ERR with ERR "stopped". Returns AUKIO_OK, or AUKIO_ERR with ERR. */
AUKIO_MUST_CHECK AukioRc store_feedback_each(Store *st, const char *event_id,
                                             int (*cb)(void *ud, const StaffFeedback *f), void *ud,
                                             char *err, size_t errlen);

#endif
