/*
 * hub_store.h: everything the hub keeps, behind one interface (HubStore, a table of function
 * pointers) so that a PostgreSQL implementation can sit next to hub_store_sqlite.c.
 *
 * The store keeps what must hold inside a transaction: exactly-once ops, the seat escrow
 * (confirmed + reserved + outstanding grants <= capacity for every event, at all times), the
 * waiting list, and change sequence numbers. The escrow and the waiting list are not written
 * again by each implementation: every change of a seat (sign-up, cancel, promotion, grant,
 * settle, release, an import's capacity) and the check of the invariant are the seat ledger's,
 * hub_seats.{h,c}, which works on rows through HubSeatStore. An implementation provides those
 * row operations (hub_store_sqlite_seats.c in SQL) and the transactions around the ledger's
 * calls. The ledger's pure rules (where a sign-up goes, a grant's size) are declared below.
 *
 * Every function returns AUKIO_OK (0) or a negative AukioRc (result.h), with a message for people
 * in ERR.
 * Functions may be called from several threads at once; an implementation serialises writers.
 */
#ifndef AUKIO_HUB_STORE_H
#define AUKIO_HUB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hub_mail.h"
#include "result.h"
#include "wire.h"

/* Hashes of tokens: crypto_generichash, 32 bytes. Tokens themselves are never stored. */
#define HUB_HASH_LEN 32

/* Decisions the hub makes about grants (hub_seats.c). */
typedef struct {
    int grant_ttl_s;   /* a grant's life, on the hub's clock */
    int grant_grace_s; /* no longer used: a grant's seats are held until settled or released */
    int grant_max;     /* most seats in one grant */
} HubPolicy;

void hub_policy_defaults(HubPolicy *p);

/* Seats for a new grant: min(want, grant_max, free, max(1, free / (2 * active_devices))), and 0
 * when the waiting list is not empty (freed seats go to the people waiting first). */
int hub_policy_grant_size(const HubPolicy *p, int want, int free_seats, int active_devices,
                          int waitlisted_count);

/* What the seat rules need of an event, with its current counters. */
typedef struct {
    bool cancelled;
    bool registration;
    int capacity;          /* -1 = unlimited */
    int waitlist_capacity; /* -1 = unlimited, 0 = none */
    int max_group_size;
    int64_t start_time, enrolment_start, enrolment_end;
    int reserved;         /* seats the coordinator keeps back */
    int confirmed;        /* seats of confirmed sign-ups */
    int waitlisted;       /* seats on the waiting list */
    int waitlisted_count; /* parties on the waiting list */
    int held;             /* seats set aside in outstanding grants */
} HubSeats;

/* Seats nobody has or holds: capacity - confirmed - reserved - held (never below 0), or -1 when
 * the capacity is unlimited. */
int hub_seats_free(const HubSeats *ev);

/*
 * Where a sign-up of GROUP made at T (the kiosk's time, clamped by the caller) goes when no grant
 * covers it: CONFIRMED from free seats when nobody is waiting, else WAITLISTED if the list has
 * room, else REJECTED with *REASON (a WIRE_REJ_* code) set.
 */
WireResult hub_policy_decide(const HubSeats *ev, int group, int64_t t, const char **reason);

/* An event as the store keeps it: the columns the rules need plus the canonical JSON. */
typedef struct {
    const char *id;
    const char *json; /* event_to_json output, compact */
    bool registration;
    bool cancelled;
    int capacity;          /* -1 = unlimited */
    int waitlist_capacity; /* -1 = unlimited, 0 = none */
    int max_group_size;
    int reserved; /* x_aukio.reserved_seats: taken elsewhere (phone, web) */
    int64_t start_time;
    int64_t enrolment_start;
    int64_t enrolment_end;
} HubEventIn;

/* E as the store keeps it, with its canonical JSON (borrowed, as E's id). */
HubEventIn hub_event_in(const Event *e, const char *json);

/* One row of `event list`. Strings borrowed for the duration of the callback. */
typedef struct {
    const char *id;
    int64_t seq;
    const char *state; /* "live", "cancelled", "deleted" */
    int capacity, reserved, confirmed, waitlisted, waitlisted_count, held;
    int64_t start_time;
} HubEventRow;

/* One change for a pull. Strings borrowed for the duration of the callback. */
typedef struct {
    const char *op; /* "upsert", "cancel", "delete" */
    const char *id;
    const char *json; /* NULL for delete */
    int64_t seq;
    int capacity, confirmed, waitlisted, held;
} HubChange;

typedef struct {
    const char *name;
    int64_t created_at, enrolled_at, revoked_at, last_seen; /* 0 = never */
    bool enrol_pending;
} HubDeviceRow;

typedef struct {
    const char *uuid, *event_id, *device, *status, *code, *name, *email, *phone, *answers, *lang;
    int group_size;
    int position; /* on the waiting list, 0 otherwise */
    int64_t created_at, received_at;
    bool late_grant;          /* its grant was not usable: decided like any other */
    bool released_grant;      /* arrived under a released grant: confirmed, staff should look */
    bool over_capacity;       /* ... and no seat was free: confirmed over capacity */
    const char *cancelled_at; /* the device a visitor cancelled it at by its code, "" if none */
    bool attended;            /* checked in at the door (a checkin op) */
} HubSignupRow;

typedef struct {
    const char *uuid, *device, *event_id, *comment, *lang;
    int score;
    int64_t created_at, received_at;
    const char *reasons; /* the follow-up's reason ids, comma-joined ("" = none) */
} HubFeedbackRow;

/* One op of a push with the answer the store gives it. */
typedef struct {
    WireOp op;
    const char *reject_why; /* non-NULL: the op failed wire_op_parse; answer "rejected/invalid" */
    char *answer;           /* out: the JSON answer, malloc'd, the caller frees */
} HubPushItem;

typedef struct {
    char grant[RECORD_UUID_LEN + 1];
    int used;
    /* out */
    int released;
    const char *error; /* NULL, or "unknown_grant" */
} HubSettle;

typedef struct {
    char grant[RECORD_UUID_LEN + 1];
    char event_id[RECORD_EVENT_ID_MAX + 1];
    int want;
    /* out */
    int seats;
    int64_t expires_in;
    const char *reason; /* why 0 seats, or NULL */
} HubWant;

/* Sources the hub fetches (README.md, "Sources"; hub_source.c). */
typedef enum { HUB_SOURCE_ICS = 0, HUB_SOURCE_LINKEDEVENTS = 1 } HubSourceKind;

/* A source as added, and its last attempt. Strings borrowed for the duration of a callback. */
typedef struct {
    const char *name, *url;
    HubSourceKind kind;
    int every_min;
    const char *venue;                /* for events that name no venue; "" = none */
    const char *etag, *last_modified; /* validators of the last successful fetch; "" = none */
    int64_t created_at;
    int64_t tried_at, ok_at; /* the last attempt, the last success; 0 = never */
    bool ok;                 /* whether the last attempt succeeded (a 304 too) */
    const char *result;      /* the last attempt's outcome for people */
    int n_read, n_skipped, n_removed;
    /* Hub schema v9. */
    const char *timezone; /* IANA zone of its times without an offset; "" = Europe/Helsinki */
    const char *topics;   /* its keyword -> topic pairs ("yso:p14710=storytime,..."); "" = none */
    int failures;         /* attempts failed in a row (0 after a success) */
    int64_t retry_at;     /* when a failing source is tried again (hub_source.c); 0 = on schedule */
} HubSourceRow;

/* A HubChangeCb's answer: the change was not taken, the page is full. */
#define HUB_CHANGES_FULL 1

/* Counts for the operator (`/metrics`): no personal data, no names. */
typedef struct {
    int64_t signups[3]; /* by HUB_SIGNUP_*: confirmed, waitlisted, cancelled */
    int64_t people[3];  /* the same, their group sizes added up */
    int64_t feedback;
    int64_t events;
    int64_t devices_enrolled, devices_revoked;
    int64_t grants_open, grant_seats_held; /* open grants and the seats they still hold */
    int64_t ops;                           /* operations remembered by uuid (every push) */
    int64_t seq;                           /* the change sequence */
} HubStats;

typedef struct HubStore HubStore;
struct HubConsoleStore; /* hub_store_console.h */
typedef int (*HubEventCb)(void *ud, const HubEventRow *row);
typedef int (*HubChangeCb)(void *ud, const HubChange *ch);
typedef int (*HubDeviceCb)(void *ud, const HubDeviceRow *row);
typedef int (*HubDeviceSecretCb)(void *ud, int64_t id, const char *name,
                                 const uint8_t token_hash[HUB_HASH_LEN]);
typedef int (*HubSignupCb)(void *ud, const HubSignupRow *row);
typedef int (*HubFeedbackCb)(void *ud, const HubFeedbackRow *row);
typedef int (*HubSourceCb)(void *ud, const HubSourceRow *row);
typedef int (*HubIdCb)(void *ud, const char *id);
/* One sign-up change for a pull; CODE borrowed for the duration of the callback. */
typedef int (*HubSignupChangeCb)(void *ud, const WireSignupChange *ch);

struct HubStore {
    void *impl;
    void (*close)(HubStore *s); /* frees S */

    /* The database's epoch (32 hex digits), current change sequence, and the oldest sequence a
     * cursor may name (older history was compacted). One small read. */
    int (*meta)(HubStore *s, char epoch[33], int64_t *seq, int64_t *floor, char *err, size_t n);

    /* ---- devices ---- */
    int (*device_add)(HubStore *s, const char *name, const uint8_t enrol_hash[HUB_HASH_LEN],
                      int64_t now, int64_t enrol_expires, char *err, size_t n);
    int (*device_revoke)(HubStore *s, const char *name, int64_t now, char *err, size_t n);
    int (*device_list)(HubStore *s, HubDeviceCb cb, void *ud, char *err, size_t n);
    /* Spends the enrolment token and stores the device token's hash, with REQUEST_ID (the
     * kiosk's, lower case; NULL for none). NAME gets the device name. A retry of a spent token
     * is AUKIO_OK too when it carries the same REQUEST_ID and TOKEN_HASH (the hub derives the
     * same token again) before the enrolment token's expiry. AUKIO_ERR_DENIED when the token is
     * unknown, spent (by another request), expired or the device revoked. */
    int (*device_enrol)(HubStore *s, const uint8_t enrol_hash[HUB_HASH_LEN],
                        const uint8_t token_hash[HUB_HASH_LEN], const char *request_id, int64_t now,
                        char *name, size_t namelen, char *err, size_t n);
    /* The hub's random key for deriving device tokens (meta.enrol_key, made with the schema). */
    int (*enrol_key)(HubStore *s, uint8_t key[HUB_HASH_LEN], char *err, size_t n);
    /* *DEVICE_ID for a live device token, else AUKIO_ERR_DENIED. Read-only. */
    int (*device_auth)(HubStore *s, const uint8_t token_hash[HUB_HASH_LEN], int64_t *device_id,
                       char *err, size_t n);
    /* A pull's head in one read (one statement, one read transaction): device_auth and meta
     * together. AUKIO_ERR_DENIED for a token that is not live (the meta is filled all the same). */
    int (*pull_head)(HubStore *s, const uint8_t token_hash[HUB_HASH_LEN], int64_t *device_id,
                     char epoch[33], int64_t *seq, int64_t *floor, char *err, size_t n);
    /* Calls CB with the id, name and token hash of each enrolled device that is not revoked (the
     * keys of offline bundles, hub_bundle.c); a non-zero return from CB stops the walk. */
    int (*device_secrets)(HubStore *s, HubDeviceSecretCb cb, void *ud, char *err, size_t n);

    /* ---- catalogue ---- */
    /* All N events or none; each one that changed gets a new sequence number. Fails with
     * AUKIO_ERR_INVALID if a capacity would fall below the seats already confirmed or held. */
    int (*event_import)(HubStore *s, const HubEventIn *evs, int n_evs, int64_t now, char *err,
                        size_t n);
    /* Marks the event deleted (a tombstone until compact). */
    int (*event_delete)(HubStore *s, const char *id, char *err, size_t n);
    /* Marks the event cancelled and stores JSON (the event with its cancelled status). */
    int (*event_cancel)(HubStore *s, const char *id, const char *json, char *err, size_t n);
    /* The stored JSON of one event (caller frees *JSON), AUKIO_ERR_NOT_FOUND if none. */
    int (*event_json)(HubStore *s, const char *id, char **json, char *err, size_t n);
    int (*event_list)(HubStore *s, HubEventCb cb, void *ud, char *err, size_t n);
    /* Up to LIMIT changes with sequence > AFTER, oldest first; SNAPSHOT skips deleted events.
     * *MORE tells whether more follow. CB returns 0 to go on, HUB_CHANGES_FULL when it did not
     * take this change and wants no more (the page is full: *MORE is then true), or anything
     * else for an error. */
    int (*changes)(HubStore *s, int64_t after, int limit, bool snapshot, HubChangeCb cb, void *ud,
                   bool *more, char *err, size_t n);
    /* Forgets deleted events' tombstones; cursors older than now get 410. */
    int (*compact)(HubStore *s, char *err, size_t n);

    /* ---- sync ---- */
    /* Applies the N items in ONE transaction, exactly once per uuid (a replay gets the first
     * answer verbatim). On AUKIO_OK every item->answer is set; on error nothing changed and no
     * answer is set. */
    int (*push)(HubStore *s, int64_t device_id, HubPushItem *items, int n_items, int64_t now,
                char *err, size_t n);
    /* Settles then grants, in ONE transaction, under POLICY. */
    int (*grants)(HubStore *s, int64_t device_id, const HubPolicy *policy, HubSettle *settle,
                  int n_settle, HubWant *want, int n_want, int64_t now, char *err, size_t n);
    /* The status of DEVICE_ID's sign-ups whose last change has a sequence in (AFTER, *UPTO],
     * oldest first. When more than MAX changed there, *UPTO is lowered so that about MAX come
     * (the changes of one sequence number are never split: when they alone are more than MAX,
     * they all come). Read-only. */
    int (*signup_changes)(HubStore *s, int64_t device_id, int64_t after, int64_t *upto, int max,
                          HubSignupChangeCb cb, void *ud, char *err, size_t n);
    /* The coordinator cancels the sign-up with confirmation code CODE (of device DEVICE, or of
     * any device when DEVICE is NULL), as the kiosk's cancel op would, promoting the people
     * waiting. AUKIO_ERR_NOT_FOUND: no such code; AUKIO_ERR_EXISTS: several devices have it
     * (name one). *WAS gets its status before (a WireSignupState; cancelling twice changes
     * nothing).
     * EVENT_ID gets its event (RECORD_EVENT_ID_MAX + 1 bytes). */
    int (*signup_cancel)(HubStore *s, const char *code, const char *device, int64_t now, int *was,
                         char *event_id, char *err, size_t n);
    /* The sign-up with confirmation CODE of any device, as a kiosk's "My sign-up" asks for it
     * (GET /v1/signups/CODE): *OUT, without personal data. AUKIO_ERR_NOT_FOUND when no sign-up
     * has the code, or several devices have one (the code alone does not say which). Read-only. */
    int (*signup_by_code)(HubStore *s, const char *code, WireSignupInfo *out, char *err, size_t n);
    /* A visitor cancels the sign-up with CODE at the kiosk BY_DEVICE (POST
     * /v1/signups/CODE/cancel): what signup_cancel does for any device, and the sign-up records
     * BY_DEVICE as where it was cancelled. The code is the visitor's proof. *OUT gets the
     * sign-up after it, *WAS its state before. AUKIO_ERR_NOT_FOUND as signup_by_code. */
    int (*signup_cancel_by_code)(HubStore *s, const char *code, int64_t by_device, int64_t now,
                                 int *was, WireSignupInfo *out, char *err, size_t n);
    /* `device release NAME`: gives back the seats still outstanding in the device's grants
     * (hub_seats_release). *GRANTS and *SEATS get how many; AUKIO_ERR_NOT_FOUND for no such
     * device. */
    int (*device_release)(HubStore *s, const char *name, int64_t now, int *grants, int *seats,
                          char *err, size_t n);
    /* What DEVICE_ID reported at the start of its round (GET /v1/changes?waiting=&version=):
     * the records it still has waiting and its VERSION, stored with NOW, which is also when the
     * device was last seen; a report the same as the stored one is written only when that is
     * over 5 minutes old (no write otherwise). */
    int (*device_report)(HubStore *s, int64_t device_id, long waiting, const char *version,
                         int64_t now, char *err, size_t n);

    /* ---- reports and checks ---- */
    int (*signups)(HubStore *s, const char *event_id, HubSignupCb cb, void *ud, char *err,
                   size_t n);
    int (*feedback)(HubStore *s, HubFeedbackCb cb, void *ud, char *err, size_t n);
    /* Recomputes every event's counts from the rows and checks them against the counters and the
     * escrow invariant (hub_seats_audit). AUKIO_OK if all hold, AUKIO_ERR_INVALID with the first
     * violation in ERR. */
    int (*check)(HubStore *s, char *err, size_t n);
    /* The counts of HubStats, in one read transaction. */
    int (*stats)(HubStore *s, HubStats *out, char *err, size_t n);
    /* A consistent copy of the whole database at PATH (mode 0600, written whole: PATH.partial,
     * then a rename), taken while others read and write: SQLite's online backup in one step, so
     * the copy is one snapshot of a committed state. */
    int (*backup)(HubStore *s, const char *path, char *err, size_t n);

    /* ---- mail to visitors (hub_mail.h; README.md, "Mail to visitors") ---- */
    /* Turns the database's mail on or off (`serve` does, from --smtp): while it is off no mail
     * is queued, by any process. Rows a stopped hub left SENDING become UNSURE (*UNSURE gets how
     * many) and are never sent again. */
    int (*mail_enable)(HubStore *s, bool on, int *unsure, char *err, size_t n);
    /* The oldest PENDING row due at NOW into *M (hub_mail_deinit it); AUKIO_ERR_NOT_FOUND when
     * none is due. Read-only. */
    int (*mail_due)(HubStore *s, int64_t now, HubMail *m, char *err, size_t n);
    /* Moves row ID from state FROM to TO with ATTEMPTS and NEXT_AT, in its own transaction; a
     * final state (SENT, FAILED, UNSURE) also deletes the row's personal data, at NOW. A claim
     * (FROM = TO = PENDING) needs the row at ATTEMPTS - 1. AUKIO_ERR_NOT_FOUND when ID is not
     * in state FROM (or already claimed). */
    int (*mail_set)(HubStore *s, int64_t id, int from, int to, int attempts, int64_t next_at,
                    int64_t now, char *err, size_t n);
    /* How many rows are in each HubMailState. */
    int (*mail_counts)(HubStore *s, int counts[HUB_MAIL_STATES], char *err, size_t n);

    /* ---- sources (README.md, "Sources") ---- */
    /* Adds source IN (its name, url, kind, every_min, venue; the rest is ignored) at NOW.
     * AUKIO_ERR_EXISTS when the name is taken. */
    int (*source_add)(HubStore *s, const HubSourceRow *in, int64_t now, char *err, size_t n);
    /* Forgets source NAME and its ids; its events stay. AUKIO_ERR_NOT_FOUND if none. */
    int (*source_remove)(HubStore *s, const char *name, char *err, size_t n);
    /* Every source by name, or only NAME (AUKIO_ERR_NOT_FOUND when it does not exist). */
    int (*source_list)(HubStore *s, const char *name, HubSourceCb cb, void *ud, char *err,
                       size_t n);
    /* Records an attempt: R's tried_at, ok, result, failures and retry_at. A success (R->ok)
     * also stores R's counts, validators and ok_at, and, when IDS is not NULL, makes the N_IDS
     * ids the source's ids (what its last import gave). One transaction. */
    int (*source_record)(HubStore *s, const char *name, const HubSourceRow *r,
                         const char *const *ids, int n_ids, char *err, size_t n);
    /* The ids of source NAME's last successful import. */
    int (*source_ids)(HubStore *s, const char *name, HubIdCb cb, void *ud, char *err, size_t n);

    /* ---- the coordinator's console (hub schema v12): users, sessions, audit, its pages'
     * reads and changes (hub_store_console.h) ---- */
    const struct HubConsoleStore *console;
};

/* Opens (creating and migrating) the SQLite store at PATH: WAL, synchronous=FULL, one connection
 * per calling thread, writers serialised by a mutex. *OUT is the caller's; release with
 * (*out)->close(*out). */
int hub_store_sqlite_open(HubStore **out, const char *path, char *err, size_t n) AUKIO_MUST_CHECK;

/* `aukio-hub restore FROM` into the database TO of a stopped hub: FROM (a backup) is copied,
 * opened (migrated), checked and given a new epoch beside TO, then renamed over it (its old
 * -wal and -shm removed), mode 0600. A copy that fails any step changes nothing. Kiosks' next
 * pull is then a snapshot (their cursors name the old epoch). */
int hub_store_sqlite_restore(const char *from, const char *to, char *err,
                             size_t n) AUKIO_MUST_CHECK;

#endif
