/*
 * hub_store_console.h: what the coordinator's console keeps (hub schema v12): its users, their
 * sessions, login attempts and the audit log, and the reads and changes its pages make. A part of
 * HubStore (HubStore.console), kept apart so that the console's rows stay in one place; the SQLite
 * implementation is hub_store_sqlite_console.c.
 *
 * Every change the console makes is one transaction with its audit row: a change is never without
 * its record of who made it, and a failed change leaves neither. Secrets are never stored: a
 * password as its Argon2id string (crypto_pwhash_str), a session as the BLAKE2b hash of its token.
 * The audit log names sign-ups by their code, never by the visitor's name.
 */
#ifndef AUKIO_HUB_STORE_CONSOLE_H
#define AUKIO_HUB_STORE_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hub_store.h"
#include "result.h"

/* A console user's name: 1 to 64 of letters, digits and ".-_@" (hub_console_auth.c checks). */
#define HUB_USER_NAME_MAX 64
/* A venue as a library user is bound to it: an id or a name, as the kiosk's `venue`. */
#define HUB_USER_VENUE_MAX 127
/* Venues one library user may have. */
#define HUB_USER_VENUES_MAX 16
/* The room for an Argon2id string (crypto_pwhash_STRBYTES is 128). */
#define HUB_PW_HASH_MAX 128

typedef enum { HUB_ROLE_COORDINATOR = 0, HUB_ROLE_LIBRARY = 1 } HubRole;

/* Who acts: the name written in the audit log ("cli" for the shell). */
typedef struct HubActor {
    const char *user;
    int64_t now;
} HubActor;

/* A user as the login and the session need it. */
typedef struct {
    int64_t id;
    char name[HUB_USER_NAME_MAX + 1];
    HubRole role;
    char pw_hash[HUB_PW_HASH_MAX];
    int fails;            /* wrong passwords in a row */
    int64_t locked_until; /* 0, or until when a login is refused whatever the password */
    int n_venues;
    char venues[HUB_USER_VENUES_MAX][HUB_USER_VENUE_MAX + 1];
} HubUser;

/* One row of `user list`; strings borrowed for the duration of the callback. */
typedef struct {
    const char *name;
    HubRole role;
    const char *venues; /* ", " joined */
    int64_t created_at, locked_until, last_login;
    int fails, sessions;
} HubUserRow;

/* One row of the audit log; strings borrowed for the duration of the callback. */
typedef struct {
    int64_t at;
    const char *user, *action, *target, *detail;
} HubAuditRow;

/* An event as the console lists it: its counters and its stored JSON (borrowed). */
typedef struct {
    const char *id, *json;
    int state; /* 0 live, 1 cancelled */
    int capacity, reserved, confirmed, waitlisted, waitlisted_count, held;
    int64_t start_time;
    const char *made_by; /* the kiosk an event made on the spot came from; "" for the catalogue's */
} HubConsoleEventRow;

/* A kiosk as the console lists it (borrowed strings). */
typedef struct {
    const char *name, *venue;
    int64_t created_at, enrolled_at, revoked_at, last_seen;
    bool enrol_pending;
    int grants, held; /* outstanding grants and the seats they hold */
    /* What the kiosk last reported (schema v16): records waiting (-1: it never reported, an older
     * kiosk), its version ("" then), and when. */
    long waiting;
    const char *version;
    int64_t reported_at;
} HubConsoleDeviceRow;

typedef int (*HubUserCb)(void *ud, const HubUserRow *row);
typedef int (*HubAuditCb)(void *ud, const HubAuditRow *row);
typedef int (*HubConsoleEventCb)(void *ud, const HubConsoleEventRow *row);
typedef int (*HubConsoleDeviceCb)(void *ud, const HubConsoleDeviceRow *row);
/* Mail that failed for one event (borrowed strings). */
typedef struct {
    const char *event_id;
    int failed, unsure;
    int64_t last_at;
} HubMailProblemRow;
typedef int (*HubMailProblemCb)(void *ud, const HubMailProblemRow *row);

/* An event as the annual report counts it (hub_store_sqlite_console_reports.c): its stored JSON
 * (borrowed) and what its sign-up rows add up to, the same rows its attendee list shows. */
typedef struct {
    const char *id, *json;
    int state; /* 0 live, 1 cancelled */
    int reserved;
    int64_t start_time;
    int signups;  /* confirmed sign-ups */
    int people;   /* their group sizes summed */
    int checked;  /* sign-ups checked in at the door, whatever their status */
    int attended; /* their group sizes summed */
} HubReportEventRow;

typedef int (*HubReportEventCb)(void *ud, const HubReportEventRow *row);

/* Every function returns AUKIO_OK or a negative AukioRc with a message for people in ERR. */
typedef struct HubConsoleStore {
    /* ---- users ---- */
    /* AUKIO_ERR_EXISTS when NAME is taken. */
    int (*user_add)(HubStore *s, const char *name, HubRole role, const char *const *venues,
                    int n_venues, const char *pw_hash, const HubActor *by, char *err, size_t n);
    /* A new password; the user's sessions end and a lock is lifted. AUKIO_ERR_NOT_FOUND. */
    int (*user_passwd)(HubStore *s, const char *name, const char *pw_hash, const HubActor *by,
                       char *err, size_t n);
    /* The user and its sessions go (the audit log keeps its name). AUKIO_ERR_NOT_FOUND. */
    int (*user_remove)(HubStore *s, const char *name, const HubActor *by, char *err, size_t n);
    int (*user_list)(HubStore *s, HubUserCb cb, void *ud, char *err, size_t n);
    /* Lifts NAME's lock and its count of wrong passwords. AUKIO_ERR_NOT_FOUND. */
    int (*user_unlock)(HubStore *s, const char *name, const HubActor *by, char *err, size_t n);
    /* *OUT for NAME (or, NAME NULL, for ID); AUKIO_ERR_NOT_FOUND. Read-only. */
    int (*user_get)(HubStore *s, const char *name, int64_t id, HubUser *out, char *err, size_t n);

    /* ---- logins ---- */
    /* Wrong logins from ADDRESS since SINCE. Read-only. */
    int (*login_fails)(HubStore *s, const char *address, int64_t since, int *count, char *err,
                       size_t n);
    /* Records a login attempt from ADDRESS for USER_ID (0: no such user) at NOW. A wrong one
     * counts against the user; LOCK_AFTER of them in a row lock it until NOW + LOCK_S (written
     * to the audit log); a right one resets the count. Attempts older than a day are forgotten.
     * *LOCKED_UNTIL gets the user's lock (0 = none). */
    int (*login_record)(HubStore *s, const char *address, int64_t user_id, bool ok, int64_t now,
                        int lock_after, int lock_s, int64_t *locked_until, char *err, size_t n);

    /* ---- sessions ---- */
    int (*session_add)(HubStore *s, const uint8_t hash[HUB_HASH_LEN], int64_t user_id, int64_t now,
                       char *err, size_t n);
    /* The user of the live session HASH at NOW: unused for less than IDLE_S and younger than
     * MAX_S. An expired session is deleted and AUKIO_ERR_NOT_FOUND; a live one is marked used
     * (at most once a minute, to spare the writer). */
    int (*session_get)(HubStore *s, const uint8_t hash[HUB_HASH_LEN], int64_t now, int idle_s,
                       int max_s, int64_t *user_id, char *err, size_t n);
    int (*session_remove)(HubStore *s, const uint8_t hash[HUB_HASH_LEN], char *err, size_t n);

    /* ---- audit ---- */
    /* Writes a row of its own (what is not a change but must be known, such as an export of
     * personal data). */
    int (*audit_add)(HubStore *s, const HubActor *by, const char *action, const char *target,
                     const char *detail, char *err, size_t n);
    /* The LIMIT newest rows, newest first. */
    int (*audit_list)(HubStore *s, int limit, HubAuditCb cb, void *ud, char *err, size_t n);

    /* ---- what the pages show and change ---- */
    /* Live and cancelled events starting in [FROM, TO), by start time, at most LIMIT. */
    int (*events)(HubStore *s, int64_t from, int64_t to, int limit, HubConsoleEventCb cb, void *ud,
                  char *err, size_t n);
    /* One event as EVENTS gives it; AUKIO_ERR_NOT_FOUND when it does not exist or is deleted. */
    int (*event_get)(HubStore *s, const char *id, HubConsoleEventCb cb, void *ud, char *err,
                     size_t n);
    /* Every device by name, with its console venue and grants. */
    int (*devices)(HubStore *s, HubConsoleDeviceCb cb, void *ud, char *err, size_t n);
    /* Mail to visitors that ended FAILED (refused: a bounce, or given up) or UNSURE since SINCE,
     * counted per event (EVENT_ID "" for mail of no event), the newest first. Read-only. */
    int (*mail_problems)(HubStore *s, int64_t since, HubMailProblemCb cb, void *ud, char *err,
                         size_t n);
    /* A device NAME at VENUE ("" = none) with its enrolment token's hash. AUKIO_ERR_EXISTS. */
    int (*device_add)(HubStore *s, const char *name, const char *venue,
                      const uint8_t enrol_hash[HUB_HASH_LEN], int64_t enrol_expires,
                      const HubActor *by, char *err, size_t n);
    /* Revokes device NAME; AUKIO_ERR_NOT_FOUND when none is live by that name. */
    int (*device_revoke)(HubStore *s, const char *name, const HubActor *by, char *err, size_t n);
    /* Gives back the seats still held in device NAME's grants (hub_seats_release: a kiosk lost
     * for good), as `device release` does; *GRANTS and *SEATS get how many. AUKIO_ERR_NOT_FOUND.
     */
    int (*device_release)(HubStore *s, const char *name, const HubActor *by, int *grants,
                          int *seats, char *err, size_t n);
    /* The venue the console knows device NAME by ("" = none) into VENUE. */
    int (*device_venue)(HubStore *s, const char *name, char venue[HUB_USER_VENUE_MAX + 1],
                        char *err, size_t n);
    /* Replaces an event with E (its capacity or times edited) as an import of it would, and
     * writes DETAIL in the audit log, in one transaction: AUKIO_ERR_INVALID (with why) when the
     * capacity would fall below the seats already confirmed or held. */
    int (*event_update)(HubStore *s, const HubEventIn *e, const HubActor *by, const char *detail,
                        char *err, size_t n);
    /* Cancels sign-up UUID of event EVENT_ID as its kiosk's own cancel op would (the seat
     * ledger, hub_seats_cancel: the people waiting move up, the kiosks hear of it at their next
     * pull). *WAS gets its state before (a WireSignupState); cancelling twice changes nothing
     * and writes no audit row. AUKIO_ERR_NOT_FOUND when the event has no such sign-up. */
    int (*signup_cancel)(HubStore *s, const char *event_id, const char *uuid, const HubActor *by,
                         int *was, char *err, size_t n);

    /* ---- an event's waiting list and the annual reports (con-reports) ---- */
    /* Moves waitlisted sign-up UUID of EVENT_ID into a seat out of turn (hub_seats_move): the
     * visitor is mailed as a promotion and the kiosks pull its new status. With RAISED (the
     * event with its capacity raised by the seats the party lacks; NULL: none), the event is
     * replaced by it in the same transaction, unless its capacity is no longer OLD_CAPACITY
     * (AUKIO_ERR_EXISTS: changed meanwhile). AUKIO_ERR_NOT_FOUND: no such sign-up;
     * AUKIO_ERR_INVALID: not waiting (*NEED 0) or its party does not fit (*NEED seats more). */
    int (*signup_move)(HubStore *s, const char *event_id, const char *uuid,
                       const HubEventIn *raised, int old_capacity, const HubActor *by, int *need,
                       char *err, size_t n);
    /* Live and cancelled events starting in [FROM, TO), by start time, with their sign-ups
     * counted. Read-only, one read transaction. */
    int (*report_events)(HubStore *s, int64_t from, int64_t to, HubReportEventCb cb, void *ud,
                         char *err, size_t n);
    /* ---- the coordinators' changes from the page (hub_store_sqlite_console_admin.c) ---- */
    /* Source IN added (as HubStore.source_add) with its audit row, in one transaction.
     * AUKIO_ERR_EXISTS. */
    int (*source_add)(HubStore *s, const HubSourceRow *in, const HubActor *by, char *err, size_t n);
    /* Source NAME forgotten (its events stay) with its audit row. AUKIO_ERR_NOT_FOUND. */
    int (*source_remove)(HubStore *s, const char *name, const HubActor *by, char *err, size_t n);
    /* As user_remove, but AUKIO_ERR_INVALID (with why) when NAME is the last coordinator: the
     * console is never left without one. */
    int (*user_remove_keep)(HubStore *s, const char *name, const HubActor *by, char *err, size_t n);
} HubConsoleStore;

#endif
