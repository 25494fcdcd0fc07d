/*
 * test_rules.c: the sign-up rules, table-driven: seats, waiting lists, group sizes, enrolment
 * windows, status, the form and the contact validators.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rules.h"

#define T0 1773851400 /* 2026-03-18 18:30 Helsinki: the event's start */
#define HOUR 3600

/* A base row: starts at T0, 10 seats, waiting list of 4, groups up to 3, enrolment from
 * T0 - 7 days until the start. */
static EventRow base_row(void)
{
    EventRow r;
    memset(&r, 0, sizeof r);
    r.id = "aukio:test";
    r.start_time = T0;
    r.end_time = T0 + HOUR;
    r.status = EVENT_SCHEDULED;
    r.registration = true;
    r.capacity = 10;
    r.waitlist_capacity = 4;
    r.max_group_size = 3;
    r.enrolment_start = T0 - 7 * 24 * HOUR;
    r.enrolment_end = 0;
    return r;
}

static const char *avail_name(Availability a)
{
    static const char *const names[] = {"NO_REGISTRATION", "OPEN",   "WAITLIST",  "FULL",
                                        "NOT_YET_OPEN",    "CLOSED", "CANCELLED", "POSTPONED"};
    return (unsigned)a < sizeof names / sizeof names[0] ? names[a] : "?";
}

typedef struct {
    const char *what;
    /* Changes to the base row. */
    int capacity, waitlist_capacity, max_group_size;
    int confirmed, waitlisted_seats, waitlisted_count;
    EventStatus status;
    bool no_registration;
    int64_t enrolment_start, enrolment_end, start_time; /* -1 = keep base */
    int64_t now;
    int group;
    /* Expected. */
    Availability avail;
    SignupOutcome outcome;
    int position;
} Case;

#define KEEP -1
#define OPEN_NOW (T0 - 2 * HOUR)

static const Case CASES[] = {
    /* Capacity. */
    {"empty event", 10, 4, 3, 0, 0, 0, EVENT_SCHEDULED, false, KEEP, KEEP, KEEP, OPEN_NOW, 1,
     AVAIL_OPEN, SIGNUP_CONFIRMED, 0},
    {"exact fit of the last seats", 10, 4, 3, 7, 0, 0, EVENT_SCHEDULED, false, KEEP, KEEP, KEEP,
     OPEN_NOW, 3, AVAIL_OPEN, SIGNUP_CONFIRMED, 0},
    {"one seat too few: party not split", 10, 4, 3, 8, 0, 0, EVENT_SCHEDULED, false, KEEP, KEEP,
     KEEP, OPEN_NOW, 3, AVAIL_WAITLIST, SIGNUP_WAITLISTED, 1},
    {"full, first on the waiting list", 10, 4, 3, 10, 0, 0, EVENT_SCHEDULED, false, KEEP, KEEP,
     KEEP, OPEN_NOW, 1, AVAIL_WAITLIST, SIGNUP_WAITLISTED, 1},
    {"waitlist position = count + 1", 10, 4, 3, 10, 2, 2, EVENT_SCHEDULED, false, KEEP, KEEP, KEEP,
     OPEN_NOW, 2, AVAIL_WAITLIST, SIGNUP_WAITLISTED, 3},
    {"waiting list exact fit", 10, 4, 3, 10, 1, 1, EVENT_SCHEDULED, false, KEEP, KEEP, KEEP,
     OPEN_NOW, 3, AVAIL_WAITLIST, SIGNUP_WAITLISTED, 2},
    {"waiting list one seat short", 10, 4, 3, 10, 2, 1, EVENT_SCHEDULED, false, KEEP, KEEP, KEEP,
     OPEN_NOW, 3, AVAIL_FULL, SIGNUP_REJECTED, 0},
    {"waiting list full", 10, 4, 3, 10, 4, 3, EVENT_SCHEDULED, false, KEEP, KEEP, KEEP, OPEN_NOW, 1,
     AVAIL_FULL, SIGNUP_REJECTED, 0},
    {"no waiting list", 10, 0, 3, 10, 0, 0, EVENT_SCHEDULED, false, KEEP, KEEP, KEEP, OPEN_NOW, 1,
     AVAIL_FULL, SIGNUP_REJECTED, 0},
    {"no waiting list, seats left", 10, 0, 3, 9, 0, 0, EVENT_SCHEDULED, false, KEEP, KEEP, KEEP,
     OPEN_NOW, 1, AVAIL_OPEN, SIGNUP_CONFIRMED, 0},
    {"unlimited waiting list", 10, -1, 3, 10, 500, 200, EVENT_SCHEDULED, false, KEEP, KEEP, KEEP,
     OPEN_NOW, 3, AVAIL_WAITLIST, SIGNUP_WAITLISTED, 201},
    {"unlimited capacity", -1, 0, 3, 100000, 0, 0, EVENT_SCHEDULED, false, KEEP, KEEP, KEEP,
     OPEN_NOW, 3, AVAIL_OPEN, SIGNUP_CONFIRMED, 0},
    {"capacity 0: waiting list only", 0, 2, 3, 0, 0, 0, EVENT_SCHEDULED, false, KEEP, KEEP, KEEP,
     OPEN_NOW, 1, AVAIL_WAITLIST, SIGNUP_WAITLISTED, 1},
    {"overbooked by reserved seats", 10, 0, 3, 12, 0, 0, EVENT_SCHEDULED, false, KEEP, KEEP, KEEP,
     OPEN_NOW, 1, AVAIL_FULL, SIGNUP_REJECTED, 0},
    /* Group size. */
    {"group at the maximum", 10, 4, 3, 0, 0, 0, EVENT_SCHEDULED, false, KEEP, KEEP, KEEP, OPEN_NOW,
     3, AVAIL_OPEN, SIGNUP_CONFIRMED, 0},
    {"group over the maximum", 10, 4, 3, 0, 0, 0, EVENT_SCHEDULED, false, KEEP, KEEP, KEEP,
     OPEN_NOW, 4, AVAIL_FULL, SIGNUP_REJECTED, 0},
    {"group over the maximum, unlimited", -1, -1, 1, 0, 0, 0, EVENT_SCHEDULED, false, KEEP, KEEP,
     KEEP, OPEN_NOW, 2, AVAIL_FULL, SIGNUP_REJECTED, 0},
    /* Enrolment window. */
    {"one second before enrolment opens", 10, 4, 3, 0, 0, 0, EVENT_SCHEDULED, false, T0 - 100, KEEP,
     KEEP, T0 - 101, 1, AVAIL_NOT_YET_OPEN, SIGNUP_REJECTED, 0},
    {"the second enrolment opens", 10, 4, 3, 0, 0, 0, EVENT_SCHEDULED, false, T0 - 100, KEEP, KEEP,
     T0 - 100, 1, AVAIL_OPEN, SIGNUP_CONFIRMED, 0},
    {"one second before the start", 10, 4, 3, 0, 0, 0, EVENT_SCHEDULED, false, KEEP, KEEP, KEEP,
     T0 - 1, 1, AVAIL_OPEN, SIGNUP_CONFIRMED, 0},
    {"at the start: closed", 10, 4, 3, 0, 0, 0, EVENT_SCHEDULED, false, KEEP, KEEP, KEEP, T0, 1,
     AVAIL_CLOSED, SIGNUP_REJECTED, 0},
    {"one second before enrolment_end", 10, 4, 3, 0, 0, 0, EVENT_SCHEDULED, false, KEEP, T0 - HOUR,
     KEEP, T0 - HOUR - 1, 1, AVAIL_OPEN, SIGNUP_CONFIRMED, 0},
    {"at enrolment_end: closed", 10, 4, 3, 0, 0, 0, EVENT_SCHEDULED, false, KEEP, T0 - HOUR, KEEP,
     T0 - HOUR, 1, AVAIL_CLOSED, SIGNUP_REJECTED, 0},
    {"enrolment_end after the start wins", 10, 4, 3, 0, 0, 0, EVENT_SCHEDULED, false, KEEP,
     T0 + HOUR, KEEP, T0 + 60, 1, AVAIL_OPEN, SIGNUP_CONFIRMED, 0},
    {"no enrolment start: open", 10, 4, 3, 0, 0, 0, EVENT_SCHEDULED, false, 0, KEEP, KEEP,
     T0 - 365 * 24 * HOUR, 1, AVAIL_OPEN, SIGNUP_CONFIRMED, 0},
    {"closed beats full", 10, 0, 3, 10, 0, 0, EVENT_SCHEDULED, false, KEEP, KEEP, KEEP, T0 + 60, 1,
     AVAIL_CLOSED, SIGNUP_REJECTED, 0},
    {"not yet open beats oversize group", 10, 4, 3, 0, 0, 0, EVENT_SCHEDULED, false, T0 - 100, KEEP,
     KEEP, T0 - 200, 9, AVAIL_NOT_YET_OPEN, SIGNUP_REJECTED, 0},
    /* Status and registration. */
    {"cancelled", 10, 4, 3, 0, 0, 0, EVENT_CANCELLED, false, KEEP, KEEP, KEEP, OPEN_NOW, 1,
     AVAIL_CANCELLED, SIGNUP_REJECTED, 0},
    {"cancelled beats closed", 10, 4, 3, 0, 0, 0, EVENT_CANCELLED, false, KEEP, KEEP, KEEP, T0 + 60,
     1, AVAIL_CANCELLED, SIGNUP_REJECTED, 0},
    {"postponed with unknown time", 10, 4, 3, 0, 0, 0, EVENT_POSTPONED, false, KEEP, KEEP, 0,
     OPEN_NOW, 1, AVAIL_POSTPONED, SIGNUP_REJECTED, 0},
    {"postponed beats no registration", 10, 4, 3, 0, 0, 0, EVENT_POSTPONED, true, KEEP, KEEP, KEEP,
     OPEN_NOW, 1, AVAIL_POSTPONED, SIGNUP_REJECTED, 0},
    {"rescheduled is open", 10, 4, 3, 0, 0, 0, EVENT_RESCHEDULED, false, KEEP, KEEP, KEEP, OPEN_NOW,
     1, AVAIL_OPEN, SIGNUP_CONFIRMED, 0},
    {"drop-in", 10, 4, 3, 0, 0, 0, EVENT_SCHEDULED, true, KEEP, KEEP, KEEP, OPEN_NOW, 1,
     AVAIL_NO_REGISTRATION, SIGNUP_REJECTED, 0},
};

static void test_decisions(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const Case *c = &CASES[i];
        EventRow r = base_row();
        r.capacity = c->capacity;
        r.waitlist_capacity = c->waitlist_capacity;
        r.max_group_size = c->max_group_size;
        r.confirmed_seats = c->confirmed;
        r.waitlisted_seats = c->waitlisted_seats;
        r.waitlisted_count = c->waitlisted_count;
        r.status = c->status;
        r.registration = !c->no_registration;
        if (c->enrolment_start != KEEP) r.enrolment_start = c->enrolment_start;
        if (c->enrolment_end != KEEP) r.enrolment_end = c->enrolment_end;
        if (c->start_time != KEEP) r.start_time = c->start_time;

        Availability a = rules_availability(&r, c->now, c->group);
        if (a != c->avail)
            fail_msg("%s: availability %s, want %s", c->what, avail_name(a), avail_name(c->avail));
        int pos = -5;
        Availability reason = (Availability)-1;
        SignupOutcome o = rules_decide(&r, c->now, c->group, &pos, &reason);
        if (o != c->outcome) fail_msg("%s: outcome %d, want %d", c->what, o, c->outcome);
        if (pos != c->position) fail_msg("%s: position %d, want %d", c->what, pos, c->position);
        if (reason != c->avail)
            fail_msg("%s: reason %s, want %s", c->what, avail_name(reason), avail_name(c->avail));
    }
}

static void test_seats_left(void **state)
{
    (void)state;
    static const struct {
        int capacity, confirmed, want;
    } cases[] = {{10, 0, 10}, {10, 7, 3}, {10, 10, 0}, {10, 12, 0}, {-1, 50, -1}, {0, 0, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        EventRow r = base_row();
        r.capacity = cases[i].capacity;
        r.confirmed_seats = cases[i].confirmed;
        assert_int_equal(rules_seats_left(&r), cases[i].want);
    }
}

static void test_email(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        bool ok;
    } cases[] = {
        {"maija.meikalainen@lahti.fi", true},
        {"a@b.fi", true},
        {"first+tag@sub.example.com", true},
        {"", false},
        {"maija", false},
        {"@lahti.fi", false},
        {"maija@", false},
        {"maija@lahti", false},
        {"maija@@lahti.fi", false},
        {"maija@lah@ti.fi", false},
        {"maija @lahti.fi", false},
        {"maija@lahti.fi ", false},
        {"maija@.lahti.fi", false},
        {"maija@lahti.fi.", false},
        {"maija@lahti..fi", false},
        {"maija\t@lahti.fi", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (rules_email_ok(cases[i].s) != cases[i].ok)
            fail_msg("\"%s\": want %s", cases[i].s, cases[i].ok ? "ok" : "rejected");
    char longmail[200];
    memset(longmail, 'a', sizeof longmail);
    memcpy(longmail + 150, "@lahti.fi", 10); /* 159 bytes: over SIGNUP_EMAIL_MAX */
    assert_false(rules_email_ok(longmail));
    assert_false(rules_email_ok(NULL));
}

static void test_phone(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        bool ok;
    } cases[] = {
        {"040 123 4567", true},
        {"+358 40 123 4567", true},
        {"+358401234567", true},
        {"040-1234567", true},
        {"123456", true},          /* 6 digits: the minimum */
        {"12345", false},          /* 5 */
        {"123456789012345", true}, /* 15: the maximum */
        {"1234567890123456", false},
        {"", false},
        {"040 123 456a", false},
        {"040+1234567", false}, /* '+' only in front */
        {"++3584012345", false},
        {"(040) 1234567", false},
        {"040.123.4567", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (rules_phone_ok(cases[i].s) != cases[i].ok)
            fail_msg("\"%s\": want %s", cases[i].s, cases[i].ok ? "ok" : "rejected");
    assert_false(rules_phone_ok(NULL));
}

/* An event with every kind of question; the strings are literals, so nothing to free. */
static Event form_event(void)
{
    static char diet[] = "diet", age[] = "age", tags[] = "tags", photo[] = "photo", a34[] = "3-4",
                a56[] = "5-6", lego[] = "lego", draw[] = "draw", read[] = "read", label[] = "x";
    static Question questions[4]; /* not freed: this event's strings are static too */
    Event ev;
    memset(&ev, 0, sizeof ev);
    memset(questions, 0, sizeof questions);
    ev.questions = questions;
    ev.max_group_size = 3;
    ev.email_rule = FIELD_REQUIRED;
    ev.phone_rule = FIELD_OPTIONAL;
    ev.n_questions = 4;
    ev.questions[0] = (Question){.id = diet, .kind = QUESTION_TEXT, .required = false};
    ev.questions[1] =
        (Question){.id = age, .kind = QUESTION_SINGLE, .required = true, .n_options = 2};
    ev.questions[1].options[0] = (QuestionOption){.id = a34};
    ev.questions[1].options[1] = (QuestionOption){.id = a56};
    ev.questions[2] =
        (Question){.id = tags, .kind = QUESTION_MULTI, .required = false, .n_options = 3};
    ev.questions[2].options[0] = (QuestionOption){.id = lego};
    ev.questions[2].options[1] = (QuestionOption){.id = draw};
    ev.questions[2].options[2] = (QuestionOption){.id = read};
    ev.questions[3] = (Question){.id = photo, .kind = QUESTION_YESNO, .required = true};
    for (int q = 0; q < 4; q++)
        ev.questions[q].label.s[LANG_FI] = label;
    return ev;
}

static SignupRequest good_request(void)
{
    SignupRequest r;
    memset(&r, 0, sizeof r);
    snprintf(r.event_id, sizeof r.event_id, "aukio:test");
    snprintf(r.name, sizeof r.name, "Maija Meikäläinen");
    snprintf(r.email, sizeof r.email, "maija@lahti.fi");
    r.group_size = 2;
    snprintf(r.answers[1], sizeof r.answers[1], "5-6");
    snprintf(r.answers[2], sizeof r.answers[2], "lego,read");
    snprintf(r.answers[3], sizeof r.answers[3], "yes");
    r.consent = true;
    r.lang = LANG_FI;
    return r;
}

typedef void (*Mutate)(SignupRequest *r, Event *ev);

static void m_none(SignupRequest *r, Event *ev)
{
    (void)r, (void)ev;
}
static void m_blank_name(SignupRequest *r, Event *ev)
{
    (void)ev, snprintf(r->name, sizeof r->name, "   ");
}
static void m_no_email(SignupRequest *r, Event *ev)
{
    (void)ev, r->email[0] = '\0';
}
static void m_no_email_optional(SignupRequest *r, Event *ev)
{
    r->email[0] = '\0', ev->email_rule = FIELD_OPTIONAL;
}
static void m_bad_email(SignupRequest *r, Event *ev)
{
    (void)ev, snprintf(r->email, sizeof r->email, "maija@lahti");
}
static void m_bad_email_hidden(SignupRequest *r, Event *ev)
{
    snprintf(r->email, sizeof r->email, "junk"), ev->email_rule = FIELD_HIDDEN;
}
static void m_bad_phone(SignupRequest *r, Event *ev)
{
    (void)ev, snprintf(r->phone, sizeof r->phone, "12");
}
static void m_no_phone_required(SignupRequest *r, Event *ev)
{
    (void)r, ev->phone_rule = FIELD_REQUIRED;
}
static void m_group_0(SignupRequest *r, Event *ev)
{
    (void)ev, r->group_size = 0;
}
static void m_group_4(SignupRequest *r, Event *ev)
{
    (void)ev, r->group_size = 4;
}
static void m_group_3(SignupRequest *r, Event *ev)
{
    (void)ev, r->group_size = 3;
}
static void m_no_single(SignupRequest *r, Event *ev)
{
    (void)ev, r->answers[1][0] = '\0';
}
static void m_bad_single(SignupRequest *r, Event *ev)
{
    (void)ev, snprintf(r->answers[1], sizeof r->answers[1], "7-8");
}
static void m_bad_multi(SignupRequest *r, Event *ev)
{
    (void)ev, snprintf(r->answers[2], sizeof r->answers[2], "lego,,read");
}
static void m_dup_multi(SignupRequest *r, Event *ev)
{
    (void)ev, snprintf(r->answers[2], sizeof r->answers[2], "lego,lego");
}
static void m_bad_yesno(SignupRequest *r, Event *ev)
{
    (void)ev, snprintf(r->answers[3], sizeof r->answers[3], "maybe");
}
static void m_no_consent(SignupRequest *r, Event *ev)
{
    (void)ev, r->consent = false;
}
static void m_everything(SignupRequest *r, Event *ev)
{
    (void)ev;
    memset(r, 0, sizeof *r);
}

static void test_validate_form(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        Mutate mutate;
        int slot; /* -1 = valid */
        FormError want;
    } cases[] = {
        {"valid", m_none, -1, FORM_OK},
        {"blank name", m_blank_name, FORM_SLOT_NAME, FORM_NAME_MISSING},
        {"required email missing", m_no_email, FORM_SLOT_EMAIL, FORM_EMAIL_MISSING},
        {"optional email missing", m_no_email_optional, -1, FORM_OK},
        {"bad email", m_bad_email, FORM_SLOT_EMAIL, FORM_EMAIL_INVALID},
        {"hidden email ignored", m_bad_email_hidden, -1, FORM_OK},
        {"bad optional phone", m_bad_phone, FORM_SLOT_PHONE, FORM_PHONE_INVALID},
        {"required phone missing", m_no_phone_required, FORM_SLOT_PHONE, FORM_PHONE_MISSING},
        {"group 0", m_group_0, FORM_SLOT_GROUP, FORM_GROUP_INVALID},
        {"group over max", m_group_4, FORM_SLOT_GROUP, FORM_GROUP_INVALID},
        {"group at max", m_group_3, -1, FORM_OK},
        {"required single unanswered", m_no_single, FORM_SLOT_QUESTION(1), FORM_ANSWER_MISSING},
        {"unknown option", m_bad_single, FORM_SLOT_QUESTION(1), FORM_ANSWER_MISSING},
        {"empty multi part", m_bad_multi, FORM_SLOT_QUESTION(2), FORM_ANSWER_MISSING},
        {"duplicate multi part", m_dup_multi, FORM_SLOT_QUESTION(2), FORM_ANSWER_MISSING},
        {"yes/no not yes or no", m_bad_yesno, FORM_SLOT_QUESTION(3), FORM_ANSWER_MISSING},
        {"no consent", m_no_consent, FORM_SLOT_CONSENT, FORM_CONSENT_MISSING},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Event ev = form_event();
        SignupRequest r = good_request();
        FormError errs[FORM_SLOTS];
        cases[i].mutate(&r, &ev);
        int n = rules_validate_form(&ev, &r, errs);
        for (int s = 0; s < FORM_SLOTS; s++) {
            FormError want = s == cases[i].slot ? cases[i].want : FORM_OK;
            if (errs[s] != want)
                fail_msg("%s: slot %d is %d, want %d", cases[i].what, s, errs[s], want);
        }
        assert_int_equal(n, cases[i].slot < 0 ? 0 : 1);
    }

    /* An empty form: name, email, group, the two required questions and consent. */
    Event ev = form_event();
    SignupRequest r = good_request();
    FormError errs[FORM_SLOTS];
    m_everything(&r, &ev);
    assert_int_equal(rules_validate_form(&ev, &r, errs), 6);
    assert_int_equal(errs[FORM_SLOT_NAME], FORM_NAME_MISSING);
    assert_int_equal(errs[FORM_SLOT_EMAIL], FORM_EMAIL_MISSING);
    assert_int_equal(errs[FORM_SLOT_PHONE], FORM_OK);
    assert_int_equal(errs[FORM_SLOT_GROUP], FORM_GROUP_INVALID);
    assert_int_equal(errs[FORM_SLOT_QUESTION(0)], FORM_OK);
    assert_int_equal(errs[FORM_SLOT_QUESTION(1)], FORM_ANSWER_MISSING);
    assert_int_equal(errs[FORM_SLOT_QUESTION(3)], FORM_ANSWER_MISSING);
    assert_int_equal(errs[FORM_SLOT_CONSENT], FORM_CONSENT_MISSING);
}

/* Joining a waiting list asks for an email or a phone number, unless the event says otherwise
 * (issue 9, defect 4: a waiting list with no way to reach the visitor promised nothing). */
static void test_waitlist_needs_contact(void **state)
{
    (void)state;
    FormError errs[FORM_SLOTS];
    Event ev = form_event();
    ev.email_rule = FIELD_OPTIONAL;
    ev.waitlist_contact = true;
    SignupRequest r = good_request();
    r.email[0] = r.phone[0] = '\0';
    /* A confirmed seat needs neither. */
    assert_int_equal(rules_validate_signup(&ev, &r, false, errs), 0);
    assert_int_equal(rules_validate_form(&ev, &r, errs), 0);
    /* The waiting list needs one; the error is under the email field. */
    assert_int_equal(rules_validate_signup(&ev, &r, true, errs), 1);
    assert_int_equal(errs[FORM_SLOT_EMAIL], FORM_CONTACT_MISSING);
    assert_int_equal(errs[FORM_SLOT_PHONE], FORM_OK);
    /* Either one will do. */
    snprintf(r.phone, sizeof r.phone, "040 123 4567");
    assert_int_equal(rules_validate_signup(&ev, &r, true, errs), 0);
    r.phone[0] = '\0';
    snprintf(r.email, sizeof r.email, "aino@example.fi");
    assert_int_equal(rules_validate_signup(&ev, &r, true, errs), 0);
    r.email[0] = '\0';
    /* Email hidden: the error is under the phone field. */
    ev.email_rule = FIELD_HIDDEN;
    assert_int_equal(rules_validate_signup(&ev, &r, true, errs), 1);
    assert_int_equal(errs[FORM_SLOT_PHONE], FORM_CONTACT_MISSING);
    /* Neither field shown: nothing can be asked. */
    ev.phone_rule = FIELD_HIDDEN;
    assert_int_equal(rules_validate_signup(&ev, &r, true, errs), 0);
    /* The event says its queue is reached otherwise. */
    ev.email_rule = ev.phone_rule = FIELD_OPTIONAL;
    ev.waitlist_contact = false;
    assert_int_equal(rules_validate_signup(&ev, &r, true, errs), 0);
    /* A required email that is missing says so, not "one of the two". */
    ev.waitlist_contact = true;
    ev.email_rule = FIELD_REQUIRED;
    assert_int_equal(rules_validate_signup(&ev, &r, true, errs), 1);
    assert_int_equal(errs[FORM_SLOT_EMAIL], FORM_EMAIL_MISSING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decisions),     cmocka_unit_test(test_seats_left),
        cmocka_unit_test(test_email),         cmocka_unit_test(test_phone),
        cmocka_unit_test(test_validate_form), cmocka_unit_test(test_waitlist_needs_contact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
