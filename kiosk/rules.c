/*
 * rules.c: who gets a seat, who goes on the waiting list, and what a valid form is.
 *
 * Pure functions of their arguments, so the screen that says "3 seats left" and the store that
 * decides inside its transaction can never disagree. A few decisions worth knowing:
 *
 *  - A party is never split: a group of 3 when 2 seats are left goes, whole, to the waiting list.
 *  - A party larger than the event's maximum_group_size is rejected as AVAIL_FULL ("there is no
 *    place this party can take"). The form stops it first (FORM_GROUP_INVALID); the store sees it
 *    only if an import lowered the maximum while the visitor was typing, and "full" is the honest
 *    thing to show then. AVAIL_CLOSED would wrongly say that enrolment has ended.
 *  - The enrolment window is half open: open from enrolment_start inclusive to enrolment_end (or
 *    the start time) exclusive. At 18:30:00 an event starting at 18:30 is closed.
 */
#include "rules.h"

#include <assert.h>
#include <ctype.h>
#include <string.h>

int rules_seats_left(const EventRow *row)
{
    if (row->capacity < 0) return -1;
    int left = row->capacity - row->confirmed_seats;
    return left > 0 ? left : 0;
}

Availability rules_availability(const EventRow *row, int64_t now, int group)
{
    assert(group >= 1);
    if (row->status == EVENT_CANCELLED) return AVAIL_CANCELLED;
    if (row->status == EVENT_POSTPONED) return AVAIL_POSTPONED;
    if (!row->registration) return AVAIL_NO_REGISTRATION;

    if (row->enrolment_start != 0 && now < row->enrolment_start) return AVAIL_NOT_YET_OPEN;
    int64_t closes = row->enrolment_end != 0 ? row->enrolment_end : row->start_time;
    if (closes != 0 && now >= closes) return AVAIL_CLOSED;

    if (group > row->max_group_size) return AVAIL_FULL;
    if (row->capacity < 0 || row->confirmed_seats + group <= row->capacity) return AVAIL_OPEN;
    if (row->waitlist_capacity < 0) return AVAIL_WAITLIST;
    if (row->waitlist_capacity > 0 && row->waitlisted_seats + group <= row->waitlist_capacity)
        return AVAIL_WAITLIST;
    return AVAIL_FULL;
}

SignupOutcome rules_decide(const EventRow *row, int64_t now, int group, int *position,
                           Availability *reason)
{
    Availability a = rules_availability(row, now, group);
    *position = 0;
    *reason = a;
    if (a == AVAIL_OPEN) return SIGNUP_CONFIRMED;
    if (a == AVAIL_WAITLIST) {
        *position = row->waitlisted_count + 1;
        return SIGNUP_WAITLISTED;
    }
    return SIGNUP_REJECTED;
}

/* ---- Form --------------------------------------------------------------------------------- */

static bool blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s)) return false;
    return true;
}

bool rules_email_ok(const char *s)
{
    if (!s) return false;
    size_t len = strlen(s);
    if (len == 0 || len > SIGNUP_EMAIL_MAX) return false;
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@')) return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f) return false;
    const char *domain = at + 1;
    size_t dlen = strlen(domain);
    /* "a@b.fi": a dot inside the domain, not at either end, no empty labels. */
    if (dlen < 3 || domain[0] == '.' || domain[dlen - 1] == '.' || !strchr(domain, '.') ||
        strstr(domain, ".."))
        return false;
    return true;
}

bool rules_phone_ok(const char *s)
{
    if (!s) return false;
    int digits = 0;
    for (const char *p = s; *p; p++) {
        if (isdigit((unsigned char)*p))
            digits++;
        else if (*p == '+' && p == s)
            continue;
        else if (*p != ' ' && *p != '-')
            return false;
    }
    return digits >= 6 && digits <= 15;
}

static const QuestionOption *find_option(const Question *q, const char *id, size_t len)
{
    for (int i = 0; i < q->n_options; i++)
        if (strlen(q->options[i].id) == len && memcmp(q->options[i].id, id, len) == 0)
            return &q->options[i];
    return NULL;
}

/* Whether a non-blank ANSWER is one Q can have. Choice answers come from buttons, so a wrong one
 * means stale form state (the event changed under it): it counts as unanswered. */
static bool answer_ok(const Question *q, const char *answer)
{
    switch (q->kind) {
    case QUESTION_TEXT:
        return true;
    case QUESTION_YESNO:
        return strcmp(answer, "yes") == 0 || strcmp(answer, "no") == 0;
    case QUESTION_SINGLE:
        return find_option(q, answer, strlen(answer)) != NULL;
    case QUESTION_MULTI: {
        const QuestionOption *seen[QUESTION_MAX_OPTIONS];
        int n_seen = 0;
        for (const char *p = answer;;) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            const QuestionOption *o = find_option(q, p, len);
            if (!o) return false;
            for (int i = 0; i < n_seen; i++)
                if (seen[i] == o) return false;
            if (n_seen == QUESTION_MAX_OPTIONS) return false;
            seen[n_seen++] = o;
            if (!comma) return true;
            p = comma + 1;
        }
    }
    }
    return false;
}

static FormError contact_error(FieldRule rule, const char *value, bool (*ok)(const char *),
                               FormError missing, FormError invalid)
{
    if (rule == FIELD_HIDDEN) return FORM_OK;
    if (blank(value)) return rule == FIELD_REQUIRED ? missing : FORM_OK;
    return ok(value) ? FORM_OK : invalid;
}

int rules_validate_form(const Event *ev, const SignupRequest *req, FormError errors[FORM_SLOTS])
{
    return rules_validate_signup(ev, req, false, errors);
}

int rules_validate_signup(const Event *ev, const SignupRequest *req, bool waitlist,
                          FormError errors[FORM_SLOTS])
{
    for (int i = 0; i < FORM_SLOTS; i++)
        errors[i] = FORM_OK;

    if (blank(req->name)) errors[FORM_SLOT_NAME] = FORM_NAME_MISSING;
    errors[FORM_SLOT_EMAIL] = contact_error(ev->email_rule, req->email, rules_email_ok,
                                            FORM_EMAIL_MISSING, FORM_EMAIL_INVALID);
    errors[FORM_SLOT_PHONE] = contact_error(ev->phone_rule, req->phone, rules_phone_ok,
                                            FORM_PHONE_MISSING, FORM_PHONE_INVALID);
    bool any_contact = ev->email_rule != FIELD_HIDDEN || ev->phone_rule != FIELD_HIDDEN;
    if (waitlist && ev->waitlist_contact && any_contact && blank(req->email) && blank(req->phone)) {
        int slot = ev->email_rule != FIELD_HIDDEN ? FORM_SLOT_EMAIL : FORM_SLOT_PHONE;
        if (errors[slot] == FORM_OK) errors[slot] = FORM_CONTACT_MISSING;
    }
    if (req->group_size < 1 || req->group_size > ev->max_group_size)
        errors[FORM_SLOT_GROUP] = FORM_GROUP_INVALID;
    for (int i = 0; i < ev->n_questions && i < EVENT_MAX_QUESTIONS; i++) {
        const Question *q = &ev->questions[i];
        const char *a = req->answers[i];
        if (blank(a) ? q->required : !answer_ok(q, a))
            errors[FORM_SLOT_QUESTION(i)] = FORM_ANSWER_MISSING;
    }
    if (!req->consent) errors[FORM_SLOT_CONSENT] = FORM_CONSENT_MISSING;

    int problems = 0;
    for (int i = 0; i < FORM_SLOTS; i++)
        problems += errors[i] != FORM_OK;
    return problems;
}
