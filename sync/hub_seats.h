/*
 * hub_seats.h: the hub's seat ledger, the one place where seats change hands.
 *
 * For every event with a capacity the hub keeps, inside every transaction,
 *
 *     confirmed + reserved + held <= capacity
 *
 * (held = seats set aside in outstanding grants; PROTOCOL.md, "Escrow"). Every change of a seat
 * is a function here: a sign-up with or without a grant (a late or unusable grant included), a
 * cancellation, promotion from the waiting list, a grant, a settle, the coordinator's release of
 * a lost device's grants and the capacity check of an import; and so is the check of the
 * invariant. The pure rules they
 * apply (where a sign-up goes, a grant's size, hub_policy_* in hub_store.h) are in hub_seats.c
 * too.
 *
 * The ledger owns no storage. It works on rows through HubSeatStore, a small table of row-level
 * operations that each HubStore implementation provides (hub_store_sqlite_seats.c in SQL). The
 * caller owns the transaction: it begins one, calls into the ledger, and commits only when every
 * call returned AUKIO_OK (anything else means roll back, the ledger may have written half).
 */
#ifndef AUKIO_HUB_SEATS_H
#define AUKIO_HUB_SEATS_H

#include "hub_store.h"

/* Grant states: open (the kiosk may use it until its deadline; expiry at the hub only stops
 * renewal, its seats stay held), settled (no new use; declared - consumed still to arrive),
 * released (the coordinator gave the seats back, `device release`; before schema 2 also the old
 * reclaim after expiry + grace), done (nothing outstanding). The numbers are stored. */
enum { HUB_GRANT_OPEN = 0, HUB_GRANT_SETTLED = 1, HUB_GRANT_RELEASED = 2, HUB_GRANT_DONE = 3 };

/* Sign-up states, stored too. */
enum { HUB_SIGNUP_CONFIRMED = 0, HUB_SIGNUP_WAITLISTED = 1, HUB_SIGNUP_CANCELLED = 2 };

/* What staff should know about a sign-up (stored in signups.late): nothing; its grant was not
 * usable (unknown, another device's, used up) and it was decided like any other; it arrived
 * under a released grant and was confirmed from free seats; it arrived under a released grant
 * when no seat was free and was confirmed anyway, over capacity (hub_seats_audit allows exactly
 * those seats). */
enum {
    HUB_FLAG_NONE = 0,
    HUB_FLAG_LATE_GRANT = 1,
    HUB_FLAG_RELEASED = 2,
    HUB_FLAG_RELEASED_OVER = 3
};

/* One grant row. */
typedef struct {
    int64_t device_id;
    char event_id[RECORD_EVENT_ID_MAX + 1];
    int seats;    /* set aside when granted */
    int consumed; /* used by sign-ups that arrived */
    int state;    /* HUB_GRANT_* */
    int declared; /* seats the kiosk said it used, when settled */
    int64_t expires_at;
} HubGrant;

/* One sign-up row, as cancel needs it. */
typedef struct {
    int64_t row; /* the store's handle of the row; also its order on the waiting list */
    int64_t device_id;
    char event_id[RECORD_EVENT_ID_MAX + 1];
    int group_size;
    int status; /* HUB_SIGNUP_* */
} HubSignupRef;

/*
 * The rows the ledger reads and writes, inside the caller's transaction. Every function returns
 * AUKIO_OK, AUKIO_ERR_NOT_FOUND where it says so, or AUKIO_ERR with a message in ERR. UD is the
 * implementation's (a connection and its list of touched events).
 */
typedef struct {
    void *ud;
    /* EVENT_ID's seat row, live or cancelled; AUKIO_ERR_NOT_FOUND when absent or deleted. */
    int (*event_load)(void *ud, const char *event_id, HubSeats *ev, char *err, size_t n);
    /* Adds the deltas to EVENT_ID's counters (confirmed, waitlisted, waitlisted_count, held). */
    int (*event_add)(void *ud, const char *event_id, int confirmed, int waitlisted, int wl_count,
                     int held, char *err, size_t n);
    /* EVENT_ID's seat counts changed: it gets a new change sequence number (once, at the end of
     * the transaction) so that kiosks pull it again. */
    int (*event_touch)(void *ud, const char *event_id, char *err, size_t n);

    /* Grant GRANT_ID; AUKIO_ERR_NOT_FOUND when there is none. */
    int (*grant_load)(void *ud, const char *grant_id, HubGrant *g, char *err, size_t n);
    /* A new open grant of G->seats (consumed and declared 0), created at NOW. */
    int (*grant_insert)(void *ud, const char *grant_id, const HubGrant *g, int64_t now, char *err,
                        size_t n);
    int (*grant_update)(void *ud, const char *grant_id, int consumed, int state, int declared,
                        char *err, size_t n);
    /* Some open or settled grant of DEVICE_ID, its id into ID; AUKIO_ERR_NOT_FOUND when there
     * is none. */
    int (*grant_of_device)(void *ud, int64_t device_id, char id[RECORD_UUID_LEN + 1], char *err,
                           size_t n);

    /* Records OP (a sign-up of DEVICE_ID) with STATUS and FLAG (HUB_FLAG_*). */
    int (*signup_insert)(void *ud, int64_t device_id, const WireOp *op, int status, int flag,
                         int64_t now, char *err, size_t n);
    /* The sign-up of uuid UUID; AUKIO_ERR_NOT_FOUND when there is none. */
    int (*signup_find)(void *ud, const char *uuid, HubSignupRef *su, char *err, size_t n);
    /* Moves sign-up ROW to STATUS at NOW (promoted to confirmed, or cancelled). */
    int (*signup_set_status)(void *ud, int64_t row, int status, int64_t now, char *err, size_t n);
    /* The head of EVENT_ID's waiting list (the oldest waitlisted sign-up): its ROW and GROUP
     * size; AUKIO_ERR_NOT_FOUND when nobody waits. */
    int (*waitlist_head)(void *ud, const char *event_id, int64_t *row, int *group, char *err,
                         size_t n);
} HubSeatStore;

/* The answer the ledger gives an op; the caller formats it (wire_answer_format). */
typedef struct {
    WireResult result;
    int position;        /* on the waiting list, 0 otherwise */
    const char *reason;  /* a WIRE_REJ_* code when rejected, else NULL */
    const char *message; /* for people, or NULL */
} HubSeatAnswer;

/* Seats of grant G the hub still sets aside for it. */
int hub_grant_outstanding(const HubGrant *g);

/* Decides and records sign-up OP of DEVICE_ID received at NOW. A party outside
 * 1..maximum_group_size is rejected group_size, with or without a grant. Under a usable grant (the
 * device's, for this event, with enough seats outstanding, expired or not) the seats move from
 * held to confirmed whatever the event's state. Under a released grant that still had the seats
 * it is confirmed too (the visitor was told so), from free seats when there are any and over
 * capacity otherwise, and flagged HUB_FLAG_RELEASED(_OVER). Otherwise it is decided by
 * hub_policy_decide at its created_at (clamped to NOW) and flagged HUB_FLAG_LATE_GRANT. */
int hub_seats_signup(const HubSeatStore *st, int64_t device_id, const WireOp *op, int64_t now,
                     HubSeatAnswer *a, char *err, size_t n) AUKIO_MUST_CHECK;

/* Cancels sign-up OP->signup of DEVICE_ID (rejected not_found when it is another device's or
 * unknown); its seats go to the head of the waiting list. Cancelling twice changes nothing. */
int hub_seats_cancel(const HubSeatStore *st, int64_t device_id, const WireOp *op, int64_t now,
                     HubSeatAnswer *a, char *err, size_t n) AUKIO_MUST_CHECK;

/* Moves people from the head of EVENT_ID's waiting list to confirmed while their whole party fits
 * in the free seats; stops at the first that does not (first come, first served). Nothing for a
 * cancelled or unknown event. Does not touch the event: the caller does. */
int hub_seats_promote(const HubSeatStore *st, const char *event_id, int64_t now, char *err,
                      size_t n) AUKIO_MUST_CHECK;

/* The coordinator moves sign-up ROW (waitlisted, of EVENT_ID, a party of GROUP) off the waiting
 * list out of turn: confirmed when its party fits in the free seats plus EXTRA, seats the caller
 * adds to the event's capacity in the same transaction (0: none). AUKIO_ERR_INVALID with *NEED
 * (the seats the party lacks) when it does not fit. The visitor is mailed as a promotion and the
 * kiosks pull the new status; does not touch the event: the caller does. */
int hub_seats_move(const HubSeatStore *st, const char *event_id, int64_t row, int group, int extra,
                   int64_t now, int *need, char *err, size_t n) AUKIO_MUST_CHECK;

/* Settles SE (grant and seats used) for DEVICE_ID: frees what will not be used and promotes.
 * Answers in SE->released / SE->error; settling twice answers the first settle again. */
int hub_seats_settle(const HubSeatStore *st, int64_t device_id, HubSettle *se, int64_t now,
                     char *err, size_t n) AUKIO_MUST_CHECK;

/* Grants W (or gives W's grant again when its answer was lost) under POL with ACTIVE enrolled
 * devices sharing the free seats. Answers in W->seats, W->expires_in, W->reason. */
int hub_seats_want(const HubSeatStore *st, int64_t device_id, const HubPolicy *pol, HubWant *w,
                   int64_t now, int active, char *err, size_t n) AUKIO_MUST_CHECK;

/* An event made on the spot (WIRE_OP_EVENT) that DEVICE_ID holds every seat of until now: opens
 * grant GRANT_ID for it with all of EVENT_ID's free seats, expiring at EXPIRES_AT. The event has
 * just been stored and nobody else has signed up for it. A grant id already used is
 * AUKIO_ERR_EXISTS. */
int hub_seats_hold_all(const HubSeatStore *st, int64_t device_id, const char *grant_id,
                       const char *event_id, int64_t now, int64_t expires_at, char *err,
                       size_t n) AUKIO_MUST_CHECK;

/* The coordinator's `device release`: gives back every seat still outstanding in DEVICE_ID's open
 * and settled grants, marks them released and promotes. *GRANTS and *SEATS get how many. The
 * hub never takes a grant's seats back on its own (PROTOCOL.md, "Escrow"). */
int hub_seats_release(const HubSeatStore *st, int64_t device_id, int64_t now, int *grants,
                      int *seats, char *err, size_t n) AUKIO_MUST_CHECK;

/* Before E is imported: AUKIO_ERR_INVALID (with ERR) if its capacity would fall below the seats
 * already confirmed, reserved or held. After the import the caller promotes (more seats may let
 * people off the waiting list). */
int hub_seats_import_check(const HubSeatStore *st, const HubEventIn *e, char *err,
                           size_t n) AUKIO_MUST_CHECK;

/* One event as check() sees it: its counters and the same numbers recomputed from the rows. */
typedef struct {
    const char *id;
    bool live;                                         /* neither cancelled nor deleted */
    int capacity, reserved;                            /* capacity -1 = unlimited */
    int confirmed, waitlisted, waitlisted_count, held; /* counters */
    int r_confirmed, r_waitlisted, r_waitlisted_count; /* from the sign-up rows */
    int r_held;                                        /* from the grant rows */
    int r_over; /* seats confirmed over capacity under released grants (HUB_FLAG_RELEASED_OVER) */
    bool has_head;  /* somebody waits */
    int head_group; /* the party at the head of the waiting list */
} HubSeatAudit;

/* AUKIO_OK when A's counters match its rows, none is negative, the invariant
 * confirmed + reserved + held <= capacity + r_over holds and nobody waits who would fit; else
 * AUKIO_ERR_INVALID with the violation in ERR. */
int hub_seats_audit(const HubSeatAudit *a, char *err, size_t n) AUKIO_MUST_CHECK;

#endif
