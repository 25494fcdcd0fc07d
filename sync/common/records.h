/*
 * records.h: the limits of what visitors leave at a kiosk, shared by the kiosk (its form and
 * store) and the hub (which checks every record it receives against the same numbers).
 *
 * Lengths are in bytes of UTF-8, without the terminating NUL. The shapes of the records as they
 * travel are in wire.h.
 */
#ifndef AUKIO_RECORDS_H
#define AUKIO_RECORDS_H

#define SIGNUP_NAME_MAX 100
#define SIGNUP_EMAIL_MAX 120
#define SIGNUP_PHONE_MAX 24
#define SIGNUP_ANSWER_MAX 200
#define FEEDBACK_COMMENT_MAX 500
/* The feedback follow-up's reason chips, as ids joined by commas ("instructor,topic"). */
#define FEEDBACK_REASONS_MAX 96

#define RECORD_EVENT_ID_MAX 95 /* an event id, like EventRow.id */
#define RECORD_UUID_LEN 36     /* 8-4-4-4-12 hex */
#define RECORD_CODE_LEN 6      /* the kiosk's confirmation code, e.g. "K7M4QX" */
/* The letters of a confirmation code: no 0/O, 1/I/L, as codes are read aloud and typed from a
 * screen photo. The kiosk makes codes of them and "My sign-up" refuses any other. */
#define RECORD_CODE_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#define RECORD_GROUP_MAX 100 /* hard cap on group_size whatever the event says */

#endif
