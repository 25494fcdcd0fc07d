/*
 * spot.h: an event made on the spot by staff, as its form holds it (issue 10, item 2). Both the
 * shell (`aukio event add`, spot_cli.c) and the staff screen fill a SpotForm; spot_event_build
 * turns it into an Event for store_spot_create. Core: no SDL, no SQL.
 */
#ifndef AUKIO_SPOT_H
#define AUKIO_SPOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "lang.h"
#include "result.h"

#define SPOT_TITLE_MAX 80    /* bytes of a title in one language */
#define SPOT_TEXT_MAX 160    /* a question, or the description */
#define SPOT_OPTION_MAX 40   /* one choice of a single-choice question */
#define SPOT_QUESTIONS_MAX 4 /* questions one made event asks */
#define SPOT_CAPACITY_MAX 1000
#define SPOT_GROUP_MAX 10

/* The templates a question is made from. */
typedef enum { SPOT_Q_YESNO = 0, SPOT_Q_CHOICE, SPOT_Q_TEXT } SpotQuestionKind;

typedef struct {
    SpotQuestionKind kind;
    char text[SPOT_TEXT_MAX + 1];
    int n_options; /* SPOT_Q_CHOICE: 2..QUESTION_MAX_OPTIONS */
    char options[QUESTION_MAX_OPTIONS][SPOT_OPTION_MAX + 1];
} SpotQuestion;

typedef struct {
    char title[LANG_COUNT][SPOT_TITLE_MAX + 1]; /* at least one; the others fall back to it */
    char description[SPOT_TEXT_MAX + 1];        /* "" = none */
    Lang text_lang;  /* the language the description and questions are written in */
    int64_t start;   /* Unix seconds */
    int64_t end;     /* after start */
    int capacity;    /* 1..SPOT_CAPACITY_MAX, or -1 = no limit */
    int waitlist;    /* 0 = none, 1..SPOT_CAPACITY_MAX, or -1 = no limit */
    int max_group;   /* 1..SPOT_GROUP_MAX */
    FieldRule email; /* how the sign-up form asks for an email */
    FieldRule phone; /* and a phone number */
    bool staff_only; /* shown in staff mode only */
    int n_questions;
    SpotQuestion questions[SPOT_QUESTIONS_MAX];
    /* Where: the kiosk's venue (its id in the catalogue, "" when it has none) and its name in
     * each language ("" = the first one given). */
    char venue_id[128];
    char venue[LANG_COUNT][128];
    char venue_note[LANG_COUNT][128]; /* a pop-up venue's "by the fountain" (location_extra) */
} SpotForm;

/* A form for an event today from the next full quarter hour after NOW for an hour, 20 seats, a
 * waiting list of 10, one person a sign-up, an optional email and no phone, no questions. */
void spot_form_default(SpotForm *f, int64_t now);

/* F as an event (caller event_deinit's *OUT; its id is left NULL for store_spot_create). Returns
 * AUKIO_OK, or AUKIO_ERR_INVALID with ERR naming the field and why (nothing to free). */
AukioRc spot_event_build(const SpotForm *f, Event *out, char *err, size_t errlen) AUKIO_MUST_CHECK;

/* What a stepper of the staff screen changes (spot_form_step). */
typedef enum {
    SPOT_STEP_DAY = 0, /* whole days, start and end together */
    SPOT_STEP_START,   /* 15 minutes; the end keeps the length */
    SPOT_STEP_END,     /* 15 minutes, at least 15 after the start, at most 12 h */
    SPOT_STEP_CAPACITY,
    SPOT_STEP_WAITLIST,
    SPOT_STEP_GROUP,
    SPOT_STEP_EMAIL, /* cycles optional -> required -> not asked */
    SPOT_STEP_PHONE,
    SPOT_STEP_COUNT
} SpotStep;

/* Moves WHICH of F by DELTA (-1 or +1) within its range: the day 0..13 days after NOW's, the
 * start no earlier than NOW's quarter hour, seats 1..1000 (waiting list 0..1000) in steps that
 * grow with the number (1 to 20, 5 to 100, then 10). Returns whether anything changed. */
bool spot_form_step(SpotForm *f, SpotStep which, int delta, int64_t now);

/* Parses "HH:MM" on the local day of DAY (Unix seconds, in the process's zone, TZ) into *OUT.
 * Returns 0, or -1 when TEXT is not a time of day. */
int spot_parse_clock(const char *text, int64_t day, int64_t *out);

#endif
