/*
 * test_seat_rules.c: one table of sign-up cases that both ends' availability rules must pass,
 * the kiosk's (rules_decide over an EventRow, kiosk/rules.c) and the hub's (hub_policy_decide
 * over HubSeats, sync/hub_seats.c).
 *
 * Each row is one event state, a party and a time. Both rows of numbers are made from it the way
 * the programs make them: HubSeats as the hub's events row holds it, and EventRow as kiosk/store.c
 * reads an event the hub sent (ROW_COLS: seats taken = the hub's confirmed + held + reserved, less
 * what this kiosk's own open grants still hold, MINE; the waiting list in seats, which stand in for
 * the count of parties). Each row expects an answer of each side. Where the two sides may answer
 * differently the row says why (WHY non-NULL); a row without WHY must get the same answer from
 * both, so no difference can creep in unnoticed. PROTOCOL.md ("Where the kiosk and the hub
 * decide differently") says the same in prose.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "hub_store.h"
#include "rules.h"
#include "util.h"

#define T0 1773851400 /* 2026-03-18 18:30 Helsinki: the event's start */
#define HOUR 3600
#define DAY (24 * HOUR)
#define WEEK_BEFORE (T0 - 7 * DAY) /* enrolment opens */
#define NOW (T0 - 2 * HOUR)        /* enrolment is open */

/* One side's answer. POSITION only for WAITLISTED. */
typedef enum { CONFIRMED, WAITLISTED, REJECTED, NOT_ASKED } Outcome;

typedef struct {
    Outcome outcome;
    const char *reason; /* a WIRE_REJ_* code (or "postponed", kiosk only) when REJECTED */
    int position;
} Answer;

#define CONF                                                                                       \
    {                                                                                              \
        CONFIRMED, NULL, 0                                                                         \
    }
#define WAIT(p)                                                                                    \
    {                                                                                              \
        WAITLISTED, NULL, (p)                                                                      \
    }
#define REJ(r)                                                                                     \
    {                                                                                              \
        REJECTED, (r), 0                                                                           \
    }
/* The kiosk is never asked: its form refuses the group first (rules_availability asserts). */
#define UNASKED                                                                                    \
    {                                                                                              \
        NOT_ASKED, NULL, 0                                                                         \
    }
#define POSTPONED_REASON "postponed"

typedef struct {
    const char *what;
    /* The event. */
    EventStatus status;
    bool registration;
    int capacity, waitlist_capacity, max_group;
    int64_t enrolment_start, enrolment_end, start;
    /* Its seats at the hub: confirmed, reserved elsewhere, held in all grants, of which this
     * kiosk's own open grants hold MINE; the waiting list in seats and in parties. */
    int confirmed, reserved, held, mine, waitlisted, waitlisted_count;
    /* The sign-up. */
    int group;
    int64_t t;
    /* Expected. */
    Answer kiosk, hub;
    const char *why; /* why the sides differ; NULL = they must agree */
} SeatCase;

#define S EVENT_SCHEDULED
#define WB WEEK_BEFORE

/* clang-format off */
static const SeatCase CASES[] = {
    /* what                                  status reg cap wcap max  e.start e.end start
     *                                        conf res held mine wl wlc  group t      kiosk hub */

    /* ---- Seats ---- */
    {"empty event",                           S, true, 10, 4, 3,  WB, 0, T0,  0, 0, 0, 0, 0, 0,  1, NOW, CONF, CONF, NULL},
    {"exact fit of the last seats",           S, true, 10, 4, 3,  WB, 0, T0,  7, 0, 0, 0, 0, 0,  3, NOW, CONF, CONF, NULL},
    {"one seat short: the party is not split", S, true, 10, 4, 3, WB, 0, T0,  8, 0, 0, 0, 0, 0,  3, NOW, WAIT(1), WAIT(1), NULL},
    {"full: first on the waiting list",       S, true, 10, 4, 3,  WB, 0, T0, 10, 0, 0, 0, 0, 0,  1, NOW, WAIT(1), WAIT(1), NULL},
    {"reserved seats count",                  S, true, 10, 4, 3,  WB, 0, T0,  5, 4, 0, 0, 0, 0,  2, NOW, WAIT(1), WAIT(1), NULL},
    {"reserved seats fill the event",         S, true, 10, 0, 3,  WB, 0, T0,  0, 9, 0, 0, 0, 0,  2, NOW, REJ(WIRE_REJ_FULL), REJ(WIRE_REJ_FULL), NULL},
    {"other kiosks' grants count",            S, true, 10, 4, 3,  WB, 0, T0,  5, 0, 4, 0, 0, 0,  2, NOW, WAIT(1), WAIT(1), NULL},
    {"grants leave exactly enough",           S, true, 10, 4, 3,  WB, 0, T0,  4, 0, 4, 0, 0, 0,  2, NOW, CONF, CONF, NULL},
    {"over capacity (an import lowered it)",  S, true, 10, 4, 3,  WB, 0, T0, 12, 0, 0, 0, 0, 0,  1, NOW, WAIT(1), WAIT(1), NULL},
    {"unlimited capacity",                    S, true, -1, 0, 3,  WB, 0, T0, 999, 5, 7, 0, 0, 0, 3, NOW, CONF, CONF, NULL},
    {"unlimited capacity, people waiting",    S, true, -1, 4, 3,  WB, 0, T0,  0, 0, 0, 0, 2, 2,  1, NOW, CONF, CONF, NULL},
    {"this kiosk's own grant",                S, true, 10, 4, 3,  WB, 0, T0,  6, 0, 4, 4, 0, 0,  2, NOW, CONF, WAIT(1),
     "the kiosk confirms under its own grant and the sign-up carries it: the hub confirms it from "
     "the grant (hub_seats_signup) and never asks hub_policy_decide, which sees no free seat"},

    /* ---- The waiting list ---- */
    {"waiting list: position = count + 1",    S, true, 10, 4, 3,  WB, 0, T0, 10, 0, 0, 0, 2, 2,  2, NOW, WAIT(3), WAIT(3), NULL},
    {"waiting list exact fit",                S, true, 10, 4, 3,  WB, 0, T0, 10, 0, 0, 0, 1, 1,  3, NOW, WAIT(2), WAIT(2), NULL},
    {"waiting list one seat short",           S, true, 10, 4, 3,  WB, 0, T0, 10, 0, 0, 0, 2, 1,  3, NOW, REJ(WIRE_REJ_FULL), REJ(WIRE_REJ_FULL), NULL},
    {"no waiting list",                       S, true, 10, 0, 3,  WB, 0, T0, 10, 0, 0, 0, 0, 0,  1, NOW, REJ(WIRE_REJ_FULL), REJ(WIRE_REJ_FULL), NULL},
    {"unlimited waiting list",                S, true, 10, -1, 3, WB, 0, T0, 10, 0, 0, 0, 400, 400, 1, NOW, WAIT(401), WAIT(401), NULL},
    {"a party of 3 waits for 3 seats; 2 free", S, true, 10, 4, 3, WB, 0, T0,  8, 0, 0, 0, 3, 1,  1, NOW, CONF, WAIT(2),
     "first come, first served: while anyone waits the hub queues a newcomer behind them even if "
     "the party fits; the kiosk sees seats and no queue rule. An enrolled kiosk without a grant "
     "then waitlists (store.c; the hub grants nothing while anyone waits), but its screens have "
     "already said \"seats left\""},
    {"... and the waiting list is full",      S, true, 10, 3, 3,  WB, 0, T0,  8, 0, 0, 0, 3, 1,  1, NOW, CONF, REJ(WIRE_REJ_FULL),
     "as above: the hub's queue rule, here with no room left to queue in"},
    {"waiting parties of 2: positions",       S, true, 10, 8, 3,  WB, 0, T0, 10, 0, 0, 0, 4, 2,  1, NOW, WAIT(5), WAIT(3),
     "the hub sends waiting seats, not parties; the kiosk counts seats as parties (an upper bound), "
     "so it gives a later position than the hub's answer will"},

    /* ---- Group size ---- */
    {"group at the maximum",                  S, true, 10, 4, 3,  WB, 0, T0,  0, 0, 0, 0, 0, 0,  3, NOW, CONF, CONF, NULL},
    {"group over the maximum",                S, true, 10, 4, 3,  WB, 0, T0,  0, 0, 0, 0, 0, 0,  4, NOW, REJ(WIRE_REJ_FULL), REJ(WIRE_REJ_GROUP),
     "same decision, different words: the kiosk says \"full\" (no place this party can take, "
     "rules.c), the hub names the rule"},
    {"group of 0",                            S, true, 10, 4, 3,  WB, 0, T0,  0, 0, 0, 0, 0, 0,  0, NOW, UNASKED, REJ(WIRE_REJ_GROUP),
     "the kiosk's form refuses it before the rules run (FORM_GROUP_INVALID); the hub takes any op"},
    {"group too big and enrolment closed",    S, true, 10, 4, 3,  WB, 0, T0,  0, 0, 0, 0, 0, 0,  4, T0,  REJ(WIRE_REJ_CLOSED), REJ(WIRE_REJ_GROUP),
     "order of checks: the kiosk checks the enrolment window before the group, the hub after"},
    {"group too big and not yet open",        S, true, 10, 4, 3, T0 - HOUR, 0, T0, 0, 0, 0, 0, 0, 0, 4, NOW, REJ(WIRE_REJ_NOT_OPEN), REJ(WIRE_REJ_GROUP),
     "order of checks, as above"},
    {"group too big, event cancelled",        EVENT_CANCELLED, true, 10, 4, 3, WB, 0, T0, 0, 0, 0, 0, 0, 0, 4, NOW, REJ(WIRE_REJ_CANCELLED), REJ(WIRE_REJ_CANCELLED), NULL},
    {"group too big, no registration",        S, false, -1, 0, 3, WB, 0, T0,  0, 0, 0, 0, 0, 0,  4, NOW, REJ(WIRE_REJ_NO_REGISTRATION), REJ(WIRE_REJ_NO_REGISTRATION), NULL},

    /* ---- The enrolment window: half open, [enrolment_start, enrolment_end or start) ---- */
    {"before enrolment opens",                S, true, 10, 4, 3, NOW + 1, 0, T0, 0, 0, 0, 0, 0, 0, 1, NOW, REJ(WIRE_REJ_NOT_OPEN), REJ(WIRE_REJ_NOT_OPEN), NULL},
    {"the second enrolment opens",            S, true, 10, 4, 3, NOW, 0, T0,   0, 0, 0, 0, 0, 0,  1, NOW, CONF, CONF, NULL},
    {"no enrolment start",                    S, true, 10, 4, 3,  0, 0, T0,    0, 0, 0, 0, 0, 0,  1, NOW, CONF, CONF, NULL},
    {"a second before the start",             S, true, 10, 4, 3,  WB, 0, T0,   0, 0, 0, 0, 0, 0,  1, T0 - 1, CONF, CONF, NULL},
    {"at the start",                          S, true, 10, 4, 3,  WB, 0, T0,   0, 0, 0, 0, 0, 0,  1, T0, REJ(WIRE_REJ_CLOSED), REJ(WIRE_REJ_CLOSED), NULL},
    {"after the start",                       S, true, 10, 4, 3,  WB, 0, T0,   0, 0, 0, 0, 0, 0,  1, T0 + HOUR, REJ(WIRE_REJ_CLOSED), REJ(WIRE_REJ_CLOSED), NULL},
    {"at enrolment end, before the start",    S, true, 10, 4, 3,  WB, NOW, T0, 0, 0, 0, 0, 0, 0,  1, NOW, REJ(WIRE_REJ_CLOSED), REJ(WIRE_REJ_CLOSED), NULL},
    {"before enrolment end",                  S, true, 10, 4, 3,  WB, NOW + 1, T0, 0, 0, 0, 0, 0, 0, 1, NOW, CONF, CONF, NULL},
    {"enrolment end after the start",         S, true, 10, 4, 3,  WB, T0 + HOUR, T0, 0, 0, 0, 0, 0, 0, 1, T0 + 1, CONF, CONF, NULL},
    {"closed beats full",                     S, true, 10, 0, 3,  WB, 0, T0,  10, 0, 0, 0, 0, 0,  1, T0, REJ(WIRE_REJ_CLOSED), REJ(WIRE_REJ_CLOSED), NULL},
    {"not yet open beats full",               S, true, 10, 0, 3, NOW + 1, 0, T0, 10, 0, 0, 0, 0, 0, 1, NOW, REJ(WIRE_REJ_NOT_OPEN), REJ(WIRE_REJ_NOT_OPEN), NULL},

    /* ---- Status and registration ---- */
    {"no registration",                       S, false, -1, 0, 3, WB, 0, T0,  0, 0, 0, 0, 0, 0,  1, NOW, REJ(WIRE_REJ_NO_REGISTRATION), REJ(WIRE_REJ_NO_REGISTRATION), NULL},
    {"no registration beats closed",          S, false, -1, 0, 3, WB, 0, T0,  0, 0, 0, 0, 0, 0,  1, T0, REJ(WIRE_REJ_NO_REGISTRATION), REJ(WIRE_REJ_NO_REGISTRATION), NULL},
    {"cancelled",                             EVENT_CANCELLED, true, 10, 4, 3, WB, 0, T0, 0, 0, 0, 0, 0, 0, 1, NOW, REJ(WIRE_REJ_CANCELLED), REJ(WIRE_REJ_CANCELLED), NULL},
    {"cancelled beats no registration",       EVENT_CANCELLED, false, 10, 4, 3, WB, 0, T0, 0, 0, 0, 0, 0, 0, 1, NOW, REJ(WIRE_REJ_CANCELLED), REJ(WIRE_REJ_CANCELLED), NULL},
    {"cancelled and closed",                  EVENT_CANCELLED, true, 10, 4, 3, WB, 0, T0, 0, 0, 0, 0, 0, 0, 1, T0 + DAY, REJ(WIRE_REJ_CANCELLED), REJ(WIRE_REJ_CANCELLED), NULL},
    {"rescheduled: an ordinary event",        EVENT_RESCHEDULED, true, 10, 4, 3, WB, 0, T0, 0, 0, 0, 0, 0, 0, 1, NOW, CONF, CONF, NULL},
    {"postponed (no start time)",             EVENT_POSTPONED, true, 10, 4, 3, WB, 0, 0, 0, 0, 0, 0, 0, 0, 1, NOW, REJ(POSTPONED_REASON), CONF,
     "the hub knows only cancelled or not (HubEventIn.cancelled): it decides a postponed event like "
     "any other, and without a start time enrolment never closes; the kiosk takes no sign-ups"},
    {"postponed, full",                       EVENT_POSTPONED, true, 10, 4, 3, WB, 0, T0, 10, 0, 0, 0, 0, 0, 1, NOW, REJ(POSTPONED_REASON), WAIT(1),
     "as above"},
};
/* clang-format on */

#undef S
#undef WB

/* The hub's view of row C. */
static HubSeats hub_seats_of(const SeatCase *c)
{
    return (HubSeats){.cancelled = c->status == EVENT_CANCELLED, /* as hub_cli.c imports */
                      .registration = c->registration,
                      .capacity = c->capacity,
                      .waitlist_capacity = c->waitlist_capacity,
                      .max_group_size = c->max_group,
                      .start_time = c->start,
                      .enrolment_start = c->enrolment_start,
                      .enrolment_end = c->enrolment_end,
                      .reserved = c->reserved,
                      .confirmed = c->confirmed,
                      .waitlisted = c->waitlisted,
                      .waitlisted_count = c->waitlisted_count,
                      .held = c->held};
}

/* The kiosk's view of row C, as kiosk/store.c reads an event the hub sent (ROW_COLS). */
static EventRow event_row_of(const SeatCase *c)
{
    EventRow r;
    memset(&r, 0, sizeof r);
    r.id = "aukio:seat-rules";
    r.start_time = c->start;
    r.end_time = c->start ? c->start + HOUR : 0;
    r.status = c->status;
    r.registration = c->registration;
    r.capacity = c->capacity;
    r.waitlist_capacity = c->waitlist_capacity;
    r.max_group_size = c->max_group;
    r.enrolment_start = c->enrolment_start;
    r.enrolment_end = c->enrolment_end;
    int taken = c->confirmed + c->held - c->mine;
    r.confirmed_seats = (taken > 0 ? taken : 0) + c->reserved;
    r.waitlisted_seats = c->waitlisted;
    r.waitlisted_count = c->waitlisted; /* seats stand in for parties */
    return r;
}

static const char *kiosk_reason(Availability a)
{
    switch (a) {
    case AVAIL_NO_REGISTRATION:
        return WIRE_REJ_NO_REGISTRATION;
    case AVAIL_FULL:
        return WIRE_REJ_FULL;
    case AVAIL_NOT_YET_OPEN:
        return WIRE_REJ_NOT_OPEN;
    case AVAIL_CLOSED:
        return WIRE_REJ_CLOSED;
    case AVAIL_CANCELLED:
        return WIRE_REJ_CANCELLED;
    case AVAIL_POSTPONED:
        return POSTPONED_REASON;
    case AVAIL_OPEN:
    case AVAIL_WAITLIST:
        break;
    }
    return "?";
}

static Answer kiosk_answer(const SeatCase *c)
{
    if (c->group < 1) return (Answer)UNASKED;
    EventRow r = event_row_of(c);
    int position = -1;
    Availability why;
    SignupOutcome o = rules_decide(&r, c->t, c->group, &position, &why);
    /* The screens show rules_availability; it must say what rules_decide does. */
    Availability shown = rules_availability(&r, c->t, c->group);
    if (shown != why) fail_msg("%s: the kiosk shows %d but decides %d", c->what, shown, why);
    if (o == SIGNUP_CONFIRMED) return (Answer){CONFIRMED, NULL, 0};
    if (o == SIGNUP_WAITLISTED) return (Answer){WAITLISTED, NULL, position};
    return (Answer){REJECTED, kiosk_reason(why), 0};
}

static Answer hub_answer(const SeatCase *c)
{
    HubSeats ev = hub_seats_of(c);
    const char *reason = NULL;
    WireResult r = hub_policy_decide(&ev, c->group, c->t, &reason);
    if (r == WIRE_RES_CONFIRMED) return (Answer){CONFIRMED, reason, 0};
    /* The position is hub_seats_signup's: the parties already waiting, plus one. */
    if (r == WIRE_RES_WAITLISTED) return (Answer){WAITLISTED, reason, ev.waitlisted_count + 1};
    return (Answer){REJECTED, reason, 0};
}

static bool answer_eq(Answer a, Answer b)
{
    if (a.outcome != b.outcome || a.position != b.position) return false;
    if (!a.reason || !b.reason) return a.reason == b.reason;
    return strcmp(a.reason, b.reason) == 0;
}

static void answer_str(Answer a, char *buf, size_t n)
{
    static const char *const names[] = {"confirmed", "waitlisted", "rejected", "not asked"};
    snprintf(buf, n, "%s%s%s pos %d", names[a.outcome], a.reason ? " " : "",
             a.reason ? a.reason : "", a.position);
}

static void check_side(const SeatCase *c, const char *side, Answer got, Answer want)
{
    if (answer_eq(got, want)) return;
    char g[80], w[80];
    answer_str(got, g, sizeof g);
    answer_str(want, w, sizeof w);
    fail_msg("%s: the %s answers %s, the table says %s", c->what, side, g, w);
}

static void test_both_sides(void **state)
{
    (void)state;
    int differ = 0;
    for (size_t i = 0; i < COUNT_OF(CASES); i++) {
        const SeatCase *c = &CASES[i];
        check_side(c, "kiosk", kiosk_answer(c), c->kiosk);
        check_side(c, "hub", hub_answer(c), c->hub);
        /* A difference must be written down, and a written-down one must exist. */
        bool same = answer_eq(c->kiosk, c->hub);
        if (same && c->why) fail_msg("%s: both sides agree, drop the WHY", c->what);
        if (!same && !c->why) fail_msg("%s: the sides differ and the table says not why", c->what);
        differ += !same;
    }
    print_message("%zu cases, %d where the kiosk and the hub answer differently\n", COUNT_OF(CASES),
                  differ);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_both_sides),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
