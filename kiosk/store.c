/*
 * store.c: the kiosk's SQLite database. All SQL of the kiosk is in this file.
 *
 * Durability is the point: the visitor is told "you're in" only after COMMIT returned, and with
 * WAL + synchronous=FULL a returned COMMIT has been fsync'd. Each visitor action is one
 * BEGIN IMMEDIATE ... COMMIT and so one fsync, which matters on the SD cards kiosks run from.
 * IMMEDIATE takes the write lock up front, so the seat count read at the start of a sign-up
 * cannot change before its insert: two kiosks sharing a database cannot both take the last seat.
 *
 * Seat counts are kept denormalised on the events row (confirmed_seats, waitlisted_seats,
 * waitlisted_count), updated in the same transaction as the sign-up, so listing 10,000 events
 * needs no join or subquery. confirmed_seats holds kiosk sign-ups only; the seats reserved
 * elsewhere (x_aukio.reserved_seats) are added when a row is read, so a re-import that changes
 * the reservation never has to touch the counters. Re-importing an event updates everything
 * except the counters.
 *
 * Every outgoing record (sign-up, feedback) gets an outbox row in the transaction that writes it,
 * keyed by the same UUID, so the sync client can never miss one or send one that was rolled back.
 *
 * Personal data (name, email, phone, answers) goes into the database and into staff reports on
 * stdout, never into an error message: errors carry SQLite's text, which names tables and
 * constraints but not values, and event ids, which are public.
 */
#include "store.h"

#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>

#define BUSY_TIMEOUT_MS 5000
#define IMPORT_FILE_MAX (64u * 1024 * 1024)
#define CODE_LEN RECORD_CODE_LEN
#define CODE_ATTEMPTS 16

/* No 0/O, 1/I/L: codes are read aloud and typed from a screen photo. */
static const char CODE_ALPHABET[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

static const char *const STATUS_TEXT[] = {"scheduled", "cancelled", "postponed", "rescheduled"};

/* ---- Schema ------------------------------------------------------------------------------
 * MIGRATIONS[i] takes the database from user_version i to i + 1. To change the schema, append a
 * step and bump STORE_SCHEMA_VERSION in store.h; never edit a step that has shipped. */

static const char *const MIGRATIONS[] = {
    /* v1: events with denormalised seat counts, sign-ups, feedback, outbox. */
    "CREATE TABLE events ("
    "  id TEXT PRIMARY KEY NOT NULL," /* SQLite lets a non-INTEGER key be NULL unless told */
    "  title_fi TEXT NOT NULL, title_sv TEXT NOT NULL, title_en TEXT NOT NULL,"
    "  venue_fi TEXT NOT NULL, venue_sv TEXT NOT NULL, venue_en TEXT NOT NULL,"
    "  venue_id TEXT NOT NULL, category TEXT NOT NULL,"
    "  start_time INTEGER NOT NULL, end_time INTEGER NOT NULL,"
    "  status TEXT NOT NULL"
    "    CHECK (status IN ('scheduled','cancelled','postponed','rescheduled')),"
    "  registration INTEGER NOT NULL, capacity INTEGER NOT NULL,"
    "  waitlist_capacity INTEGER NOT NULL, max_group_size INTEGER NOT NULL,"
    "  enrolment_start INTEGER NOT NULL, enrolment_end INTEGER NOT NULL,"
    "  reserved_seats INTEGER NOT NULL DEFAULT 0,"
    "  confirmed_seats INTEGER NOT NULL DEFAULT 0," /* kiosk sign-ups only, see above */
    "  waitlisted_seats INTEGER NOT NULL DEFAULT 0,"
    "  waitlisted_count INTEGER NOT NULL DEFAULT 0,"
    "  question_ids TEXT NOT NULL DEFAULT '[]'," /* JSON array: answers are keyed by id */
    "  imported_at INTEGER NOT NULL"
    ");"
    /* end_time in the index lets the upcoming filter skip past events without reading them. */
    "CREATE INDEX events_start ON events(start_time, end_time, id);"
    /* The whole event for store_event_get lives apart: kept in the events rows it would triple
     * the pages the list has to walk. */
    "CREATE TABLE event_docs ("
    "  id TEXT PRIMARY KEY NOT NULL REFERENCES events(id),"
    "  json TEXT NOT NULL"
    ");"
    "CREATE TABLE signups ("
    "  uuid TEXT PRIMARY KEY NOT NULL,"
    "  code TEXT NOT NULL UNIQUE,"
    "  event_id TEXT NOT NULL REFERENCES events(id),"
    "  status TEXT NOT NULL CHECK (status IN ('confirmed','waitlisted')),"
    "  position INTEGER NOT NULL DEFAULT 0," /* place on the waiting list when it was taken */
    "  group_size INTEGER NOT NULL CHECK (group_size >= 1),"
    "  name TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL,"
    "  answers TEXT NOT NULL DEFAULT '{}',"
    "  lang TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  personal_wiped INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX signups_event ON signups(event_id);"
    /* Feedback keeps its event id without a foreign key: an answer must never be lost because
     * the event was not (or no longer) in this kiosk's list. */
    "CREATE TABLE feedback ("
    "  uuid TEXT PRIMARY KEY NOT NULL,"
    "  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 4),"
    "  event_id TEXT,"
    "  comment TEXT NOT NULL,"
    "  lang TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL"
    ");"
    "CREATE TABLE outbox ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('signup','feedback')),"
    "  payload TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  acked_at INTEGER"
    ");"
    "CREATE INDEX outbox_pending ON outbox(seq) WHERE acked_at IS NULL;",

    /* v2: sync with the hub. Events carry the hub's seat counts (hub_*), the seats left in this
     * kiosk's own open grants (grant_left) and the seats of local sign-ups the hub has not
     * answered yet (pend_*); see ROW_COLS for how the list combines them. Sign-ups record the
     * grant they were confirmed under and the hub's answer. Grants and the pull cursor get
     * tables of their own. */
    "ALTER TABLE events ADD COLUMN hub_seen INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE events ADD COLUMN hub_confirmed INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE events ADD COLUMN hub_waitlisted INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE events ADD COLUMN hub_held INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE events ADD COLUMN hub_gen INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE events ADD COLUMN gone INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE events ADD COLUMN grant_left INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE events ADD COLUMN pend_wait_seats INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE events ADD COLUMN pend_wait_count INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE signups ADD COLUMN grant_id TEXT;"
    "ALTER TABLE signups ADD COLUMN pending_wait INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE signups ADD COLUMN hub_status TEXT;"
    "ALTER TABLE signups ADD COLUMN hub_position INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE signups ADD COLUMN hub_reason TEXT;"
    "ALTER TABLE outbox ADD COLUMN result TEXT;"
    /* state: wanted (asked for, answer not yet recorded: ask again with the same id), open
     * (usable until deadline_ms on CLOCK_BOOTTIME of boot boot_id), closed (no more use; the
     * settle is not yet recorded). A settled grant is deleted. */
    "CREATE TABLE grants ("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  event_id TEXT NOT NULL,"
    "  state TEXT NOT NULL CHECK (state IN ('wanted','open','closed')),"
    "  want INTEGER NOT NULL DEFAULT 0,"
    "  seats INTEGER NOT NULL DEFAULT 0,"
    "  used INTEGER NOT NULL DEFAULT 0 CHECK (used <= seats OR state = 'wanted'),"
    "  deadline_ms INTEGER NOT NULL DEFAULT 0,"
    "  boot_id TEXT NOT NULL DEFAULT '',"
    "  created_at INTEGER NOT NULL"
    ");"
    "CREATE INDEX grants_event ON grants(event_id, state);"
    "CREATE TABLE sync_state (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);",

    /* v3: an outbox payload is the op exactly as it is sent (wire_op_build): it names its kind
     * and carries created_at as Unix seconds. Rows written by v2 and not yet sent get both. */
    "UPDATE outbox SET payload = json_set(payload, '$.kind', kind, '$.created_at', created_at)"
    " WHERE acked_at IS NULL AND json_valid(payload) AND payload != '{}';",
};

_Static_assert(sizeof MIGRATIONS / sizeof MIGRATIONS[0] == STORE_SCHEMA_VERSION,
               "one migration step per schema version");

/* ---- Cached statements -------------------------------------------------------------------- */

/* For an event the hub sent (hub_seen), the seats taken are the hub's confirmed and held seats
 * minus what this kiosk's own open grants still hold (those it can give out), and the waiting
 * list is the hub's plus the local sign-ups the hub has not answered yet. The hub sends waiting
 * seats, not parties, so its seats stand in for the count of parties (an upper bound). */
#define ROW_COLS                                                                                   \
    "id, title_fi, title_sv, title_en, venue_fi, venue_sv, venue_en, venue_id, category,"          \
    " start_time, end_time, status, registration, capacity, waitlist_capacity, max_group_size,"    \
    " enrolment_start, enrolment_end,"                                                             \
    " (CASE WHEN hub_seen THEN max(hub_confirmed + hub_held - grant_left, 0)"                      \
    "  ELSE confirmed_seats END) + reserved_seats,"                                                \
    " CASE WHEN hub_seen THEN hub_waitlisted + pend_wait_seats ELSE waitlisted_seats END,"         \
    " CASE WHEN hub_seen THEN hub_waitlisted + pend_wait_count ELSE waitlisted_count END, hub_seen"
#define COL_HUB_SEEN 21
#define COL_QUESTION_IDS 22 /* after ROW_COLS in ST_SIGNUP_EVENT */

enum {
    ST_BEGIN,
    ST_COMMIT,
    ST_ROLLBACK,
    ST_EVENT_ROW,
    ST_SIGNUP_EVENT,
    ST_UPCOMING,
    ST_UPCOMING_COUNT,
    ST_UPCOMING_UNKNOWN,
    ST_EVENT_JSON,
    ST_EVENT_UPSERT,
    ST_DOC_UPSERT,
    ST_SIGNUP_INSERT,
    ST_EVENT_COUNTS,
    ST_OUTBOX_INSERT,
    ST_FEEDBACK_INSERT,
    ST_COUNT
};

static const char *const STMT_SQL[ST_COUNT] = {
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_EVENT_ROW] = "SELECT " ROW_COLS " FROM events WHERE id = ?1 AND gone = 0",
    [ST_SIGNUP_EVENT] =
        "SELECT " ROW_COLS ", question_ids FROM events WHERE id = ?1 AND gone = 0",
    /* Walks the start-time index, so rows come out in order without a sort, and decides from
     * the index alone which rows to read. */
    [ST_UPCOMING] = "SELECT " ROW_COLS " FROM events"
                    " WHERE start_time > 0"
                    "   AND (CASE WHEN end_time > 0 THEN end_time ELSE start_time END) >= ?1"
                    "   AND gone = 0"
                    " ORDER BY start_time, end_time, id",
    [ST_UPCOMING_COUNT] = "SELECT count(*) FROM events"
                          " WHERE (start_time > 0"
                          "   AND (CASE WHEN end_time > 0 THEN end_time ELSE start_time END) >= ?1"
                          "   OR start_time = 0 AND status = 'postponed') AND gone = 0",
    [ST_UPCOMING_UNKNOWN] = "SELECT " ROW_COLS " FROM events"
                            " WHERE start_time = 0 AND status = 'postponed' AND gone = 0 ORDER BY id",
    [ST_EVENT_JSON] = "SELECT d.json FROM event_docs d JOIN events e ON e.id = d.id"
                      " WHERE d.id = ?1 AND e.gone = 0",
    [ST_EVENT_UPSERT] =
        "INSERT INTO events (id, title_fi, title_sv, title_en, venue_fi, venue_sv, venue_en,"
        " venue_id, category, start_time, end_time, status, registration, capacity,"
        " waitlist_capacity, max_group_size, enrolment_start, enrolment_end, reserved_seats,"
        " question_ids, imported_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
        " ?19, ?20, ?21)"
        " ON CONFLICT(id) DO UPDATE SET title_fi = excluded.title_fi,"
        " title_sv = excluded.title_sv, title_en = excluded.title_en,"
        " venue_fi = excluded.venue_fi, venue_sv = excluded.venue_sv,"
        " venue_en = excluded.venue_en, venue_id = excluded.venue_id,"
        " category = excluded.category, start_time = excluded.start_time,"
        " end_time = excluded.end_time, status = excluded.status,"
        " registration = excluded.registration, capacity = excluded.capacity,"
        " waitlist_capacity = excluded.waitlist_capacity,"
        " max_group_size = excluded.max_group_size, enrolment_start = excluded.enrolment_start,"
        " enrolment_end = excluded.enrolment_end, reserved_seats = excluded.reserved_seats,"
        " question_ids = excluded.question_ids, imported_at = excluded.imported_at, gone = 0",
    [ST_DOC_UPSERT] = "INSERT INTO event_docs (id, json) VALUES (?1, ?2)"
                      " ON CONFLICT(id) DO UPDATE SET json = excluded.json",
    [ST_SIGNUP_INSERT] = "INSERT INTO signups (uuid, code, event_id, status, position, group_size,"
                         " name, email, phone, answers, lang, created_at)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [ST_EVENT_COUNTS] = "UPDATE events SET confirmed_seats = confirmed_seats + ?2,"
                        " waitlisted_seats = waitlisted_seats + ?3,"
                        " waitlisted_count = waitlisted_count + ?4 WHERE id = ?1",
    [ST_OUTBOX_INSERT] =
        "INSERT INTO outbox (uuid, kind, payload, created_at) VALUES (?1, ?2, ?3, ?4)",
    [ST_FEEDBACK_INSERT] = "INSERT INTO feedback (uuid, score, event_id, comment, lang, created_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
};

struct Store {
    sqlite3 *db;
    sqlite3_stmt *st[ST_COUNT]; /* prepared once in store_open: the hot paths never parse SQL */
    bool escrow;                /* enrolled with a hub: confirm only within grants */
    char boot_id[40];           /* this boot's /proc/sys/kernel/random/boot_id */
    char row_text[2 * LANG_COUNT * 160]; /* the texts of store_event_row's last row */
};

/* ---- Helpers ------------------------------------------------------------------------------ */

static int db_fail(Store *s, char *err, size_t errlen, const char *what)
{
    return err_set(err, errlen, "%s: %s", what, sqlite3_errmsg(s->db));
}

/* Length of a fixed-size request field, which a careless caller may have left unterminated. */
#define FIELD_LEN(a) strnlen((a), sizeof(a) - 1)

/* Copies LEN bytes of a request field into DST (CAP bytes) and returns DST. */
static const char *field_copy(char *dst, size_t cap, const char *src, size_t len)
{
    if (len >= cap) len = cap - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
    return dst;
}

static sqlite3_stmt *stmt(Store *s, int which)
{
    sqlite3_reset(s->st[which]);
    sqlite3_clear_bindings(s->st[which]);
    return s->st[which];
}

static int run(Store *s, int which)
{
    sqlite3_stmt *st = stmt(s, which);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int tx_begin(Store *s, char *err, size_t errlen)
{
    if (run(s, ST_BEGIN) != SQLITE_OK) return db_fail(s, err, errlen, "begin transaction");
    return 0;
}

static int tx_commit(Store *s, char *err, size_t errlen)
{
    if (run(s, ST_COMMIT) != SQLITE_OK) return db_fail(s, err, errlen, "commit");
    return 0;
}

static void tx_rollback(Store *s)
{
    if (!sqlite3_get_autocommit(s->db)) (void)run(s, ST_ROLLBACK);
}

static int exec_sql(Store *s, const char *sql, char *err, size_t errlen, const char *what)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        err_set(err, errlen, "%s: %s", what, msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int pragma_int(Store *s, const char *sql, int *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

static void uuid_v4(char out[37])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 15];
    }
    out[o] = '\0';
}

static void confirmation_code(char out[RECORD_CODE_LEN + 1])
{
    for (int i = 0; i < CODE_LEN; i++)
        out[i] = CODE_ALPHABET[randombytes_uniform(sizeof CODE_ALPHABET - 1)];
    out[CODE_LEN] = '\0';
}

static const char *status_text(EventStatus st)
{
    return (unsigned)st < sizeof STATUS_TEXT / sizeof STATUS_TEXT[0] ? STATUS_TEXT[st]
                                                                     : "scheduled";
}

static EventStatus status_from_text(const char *t)
{
    for (size_t i = 0; t && i < sizeof STATUS_TEXT / sizeof STATUS_TEXT[0]; i++)
        if (strcmp(t, STATUS_TEXT[i]) == 0) return (EventStatus)i;
    return EVENT_SCHEDULED;
}

static const char *col_text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? (const char *)t : "";
}

/* Fills R from the statement's current row. The titles and venue names are left "": they are
 * variable-length and live where the caller keeps them (see collect_rows, store_event_row). */
static void row_from_stmt(sqlite3_stmt *st, EventRow *r)
{
    memset(r, 0, sizeof *r);
    str_copy(r->id, sizeof r->id, col_text(st, 0));
    for (int l = 0; l < LANG_COUNT; l++) r->title[l] = r->venue[l] = "";
    str_copy(r->venue_id, sizeof r->venue_id, col_text(st, 7));
    str_copy(r->category, sizeof r->category, col_text(st, 8));
    r->start_time = sqlite3_column_int64(st, 9);
    r->end_time = sqlite3_column_int64(st, 10);
    r->status = status_from_text(col_text(st, 11));
    r->registration = sqlite3_column_int(st, 12) != 0;
    r->capacity = sqlite3_column_int(st, 13);
    r->waitlist_capacity = sqlite3_column_int(st, 14);
    r->max_group_size = sqlite3_column_int(st, 15);
    r->enrolment_start = sqlite3_column_int64(st, 16);
    r->enrolment_end = sqlite3_column_int64(st, 17);
    r->confirmed_seats = sqlite3_column_int(st, 18);
    r->waitlisted_seats = sqlite3_column_int(st, 19);
    r->waitlisted_count = sqlite3_column_int(st, 20);
}

/* ---- Open, migrate, close ----------------------------------------------------------------- */

static void read_boot_id(char *out, size_t n);

static int migrate(Store *s, const char *path, char *err, size_t errlen)
{
    int v = 0;
    if (pragma_int(s, "PRAGMA user_version", &v))
        return err_set(err, errlen, "%s: %s", path, sqlite3_errmsg(s->db));
    if (v > STORE_SCHEMA_VERSION)
        return err_set(err, errlen,
                    "%s: database schema version %d is newer than this program's (%d); "
                    "use a newer Aukio or another database file",
                    path, v, STORE_SCHEMA_VERSION);
    while (v < STORE_SCHEMA_VERSION) {
        char what[64], sql[64];
        /* One transaction per step: a crash between steps leaves a valid, older version. */
        if (exec_sql(s, "BEGIN IMMEDIATE", err, errlen, path)) return -1;
        if (pragma_int(s, "PRAGMA user_version", &v)) { /* another process may have migrated */
            db_fail(s, err, errlen, path);
            goto rollback;
        }
        if (v >= STORE_SCHEMA_VERSION) {
            if (exec_sql(s, "COMMIT", err, errlen, path)) goto rollback;
            break;
        }
        snprintf(what, sizeof what, "%s: migrating to schema version %d", path, v + 1);
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        if (exec_sql(s, MIGRATIONS[v], err, errlen, what) || exec_sql(s, sql, err, errlen, what) ||
            exec_sql(s, "COMMIT", err, errlen, what))
            goto rollback;
        v++;
    }
    return 0;
rollback:
    if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

int store_open(Store **out, const char *path, char *err, size_t errlen)
{
    Store *s = calloc(1, sizeof *s);
    char journal[16] = "";
    if (!s) return err_set(err, errlen, "%s: out of memory", path);
    if (sodium_init() < 0) {
        err_set(err, errlen, "%s: libsodium failed to initialise", path);
        goto error;
    }
    /* NOMUTEX: a Store belongs to one thread, so SQLite's per-call locking is pure cost. */
    if (sqlite3_open_v2(path, &s->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        err_set(err, errlen, "%s: %s", path, s->db ? sqlite3_errmsg(s->db) : "cannot open");
        goto error;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    read_boot_id(s->boot_id, sizeof s->boot_id);

    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL) != SQLITE_OK) {
        db_fail(s, err, errlen, path);
        goto error;
    }
    if (sqlite3_step(st) == SQLITE_ROW) str_copy(journal, sizeof journal, col_text(st, 0));
    sqlite3_finalize(st);
    if (strcmp(journal, "wal") != 0 && strcmp(path, ":memory:") != 0) {
        err_set(err, errlen, "%s: cannot switch to WAL journaling (%s)", path,
             journal[0] ? journal : sqlite3_errmsg(s->db));
        goto error;
    }
    if (exec_sql(s,
                 "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                 /* 2 MiB of page cache: loading the 10,000-event list is 30 ms faster than
                  * with 1 MiB, and the kiosk stays under 40 MiB (4 MiB would not). */
                 " PRAGMA cache_size = -2048;"
                 /* No checkpoint inside a visitor's commit (one sign-up in a hundred paid
                  * 3-14 ms for it): the kiosk checkpoints when idle, store_checkpoint(). */
                 " PRAGMA wal_autocheckpoint = 0",
                 err, errlen, path) ||
        migrate(s, path, err, errlen))
        goto error;
    for (int i = 0; i < ST_COUNT; i++)
        if (sqlite3_prepare_v3(s->db, STMT_SQL[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i],
                               NULL) != SQLITE_OK) {
            db_fail(s, err, errlen, path);
            goto error;
        }
    *out = s;
    return 0;
error:
    store_close(s);
    return -1;
}

void store_close(Store *s)
{
    if (!s) return;
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    sqlite3_close(s->db);
    free(s);
}

int store_schema_version(Store *s)
{
    int v = -1;
    return pragma_int(s, "PRAGMA user_version", &v) ? -1 : v;
}

/* ---- Events ------------------------------------------------------------------------------- */

/* The event as JSON text and its question ids as a JSON array; both malloc'd, caller frees. */
static int event_texts(const Event *ev, char **json_out, char **qids_out)
{
    json_t *j = event_to_json(ev);
    json_t *q = json_array();
    *json_out = j ? json_dumps(j, JSON_COMPACT) : NULL;
    for (int i = 0; q && i < ev->n_questions; i++)
        json_array_append_new(q, json_string(ev->questions[i].id));
    *qids_out = q ? json_dumps(q, JSON_COMPACT) : NULL;
    json_decref(j);
    json_decref(q);
    if (*json_out && *qids_out) return 0;
    free(*json_out);
    free(*qids_out);
    return -1;
}

static int upsert_event(Store *s, const Event *ev, int64_t imported_at, char *err, size_t errlen)
{
    char *json = NULL, *qids = NULL;
    const char *id = ev->id ? ev->id : "(no id)";
    if (event_texts(ev, &json, &qids)) return err_set(err, errlen, "event %s: out of memory", id);
    sqlite3_stmt *st = stmt(s, ST_EVENT_UPSERT);
    sqlite3_bind_text(st, 1, ev->id, -1, SQLITE_STATIC);
    for (int l = 0; l < LANG_COUNT; l++) {
        /* Titles and venues are stored with the language fallback applied: the list shows
         * row.title[lang] as it is. */
        sqlite3_bind_text(st, 2 + l, ltext_get(&ev->name, (Lang)l), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5 + l, ltext_get(&ev->location_name, (Lang)l), -1, SQLITE_STATIC);
    }
    sqlite3_bind_text(st, 8, ev->location_id ? ev->location_id : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, ev->category ? ev->category : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 10, ev->start_time);
    sqlite3_bind_int64(st, 11, ev->end_time);
    sqlite3_bind_text(st, 12, status_text(ev->status), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 13, ev->registration);
    sqlite3_bind_int(st, 14, ev->capacity);
    sqlite3_bind_int(st, 15, ev->waitlist_capacity);
    sqlite3_bind_int(st, 16, ev->max_group_size);
    sqlite3_bind_int64(st, 17, ev->enrolment_start);
    sqlite3_bind_int64(st, 18, ev->enrolment_end);
    sqlite3_bind_int(st, 19, ev->reserved_seats);
    sqlite3_bind_text(st, 20, qids, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 21, imported_at);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) {
        st = stmt(s, ST_DOC_UPSERT);
        sqlite3_bind_text(st, 1, ev->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, json, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
    }
    free(json);
    free(qids);
    if (rc != SQLITE_DONE) return err_set(err, errlen, "event %s: %s", id, sqlite3_errmsg(s->db));
    return 0;
}

int store_import_events(Store *s, const Event *evs, int n, char *err, size_t errlen)
{
    int64_t now = (int64_t)time(NULL);
    if (tx_begin(s, err, errlen)) return -1;
    for (int i = 0; i < n; i++)
        if (upsert_event(s, &evs[i], now, err, errlen)) goto error;
    if (tx_commit(s, err, errlen)) goto error;
    return 0;
error:
    tx_rollback(s);
    return -1;
}

int store_import_file(Store *s, const char *path, int64_t rebase_now, int *n_imported, char *err,
                      size_t errlen)
{
    char *text = NULL, sub[512];
    size_t len = 0;
    Event *evs = NULL;
    int n = 0, rc = -1;

    if (file_read(path, IMPORT_FILE_MAX, &text, &len, err, errlen)) return -1;
    if (event_parse_document(text, len, &evs, &n, sub, sizeof sub)) {
        err_set(err, errlen, "%s: %s", path, sub);
        goto cleanup;
    }
    if (rebase_now != 0 && event_document_rebase(text, len, evs, n, rebase_now, sub, sizeof sub)) {
        err_set(err, errlen, "%s: %s", path, sub);
        goto cleanup;
    }
    if (store_import_events(s, evs, n, sub, sizeof sub)) {
        err_set(err, errlen, "%s: %s", path, sub);
        goto cleanup;
    }
    if (n_imported) *n_imported = n;
    rc = 0;
cleanup:
    for (int i = 0; i < n; i++)
        event_deinit(&evs[i]);
    free(evs);
    free(text);
    return rc;
}

/* The rows of the list and their texts in ONE allocation: the rows, then every title and venue
 * name one after another. Fixed 160-byte buffers per language made a 10,000-event list 10 MB;
 * this is about a third of that, and free(rows) still frees it all. While the block grows the
 * texts are kept as offsets, and become pointers once it has stopped moving. */
typedef struct {
    char *block;
    size_t rows_bytes; /* the row array at the start of the block */
    size_t used, cap;  /* bytes of text after it */
    uint32_t (*offs)[2 * LANG_COUNT];
    int n, max;
} RowBlock;

static int text_add(RowBlock *b, const char *t, uint32_t *off)
{
    size_t len = strlen(t) + 1;
    if (b->used + len > b->cap) {
        size_t cap = b->cap * 2 + len;
        char *nb = realloc(b->block, b->rows_bytes + cap);
        if (!nb) return -1;
        b->block = nb;
        b->cap = cap;
    }
    memcpy(b->block + b->rows_bytes + b->used, t, len);
    *off = (uint32_t)b->used;
    b->used += len;
    return 0;
}

/* Appends the rows of statement WHICH (bound with NOW when it takes a parameter). */
static int collect_rows(Store *s, int which, int64_t now, RowBlock *b, char *err, size_t errlen)
{
    sqlite3_stmt *st = stmt(s, which);
    if (sqlite3_bind_parameter_count(st) > 0) sqlite3_bind_int64(st, 1, now);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (b->n == b->max) break; /* more rows than counted: a writer got in between */
        row_from_stmt(st, &((EventRow *)b->block)[b->n]);
        for (int l = 0; l < LANG_COUNT; l++) {
            if (text_add(b, col_text(st, 1 + l), &b->offs[b->n][l]) ||
                text_add(b, col_text(st, 4 + l), &b->offs[b->n][LANG_COUNT + l])) {
                sqlite3_reset(st);
                return err_set(err, errlen, "upcoming events: out of memory");
            }
        }
        b->n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return db_fail(s, err, errlen, "upcoming events");
    return 0;
}

/* The list, or its first LIMIT rows (LIMIT <= 0: all). */
static int upcoming(Store *s, int64_t now, int limit, EventRow **out, int *n_out, char *err,
                    size_t errlen)
{
    RowBlock b = {0};
    /* Count first, so the rows are allocated once and at their final size. */
    sqlite3_stmt *count = stmt(s, ST_UPCOMING_COUNT);
    sqlite3_bind_int64(count, 1, now);
    if (sqlite3_step(count) == SQLITE_ROW) b.max = sqlite3_column_int(count, 0);
    sqlite3_reset(count);
    if (limit > 0 && b.max > limit) b.max = limit;
    b.rows_bytes = (size_t)(b.max > 0 ? b.max : 1) * sizeof(EventRow);
    b.cap = (size_t)b.max * 96; /* a guess; text_add grows it */
    b.block = malloc(b.rows_bytes + b.cap);
    b.offs = malloc((size_t)(b.max > 0 ? b.max : 1) * sizeof *b.offs);
    if (!b.block || !b.offs) {
        free(b.block);
        free(b.offs);
        return err_set(err, errlen, "upcoming events: out of memory");
    }
    /* Two statements rather than "ORDER BY start_time = 0, ...", which would defeat the index. */
    if (collect_rows(s, ST_UPCOMING, now, &b, err, errlen) ||
        collect_rows(s, ST_UPCOMING_UNKNOWN, now, &b, err, errlen)) {
        free(b.block);
        free(b.offs);
        return -1;
    }
    char *exact = realloc(b.block, b.rows_bytes + b.used);
    if (exact) b.block = exact;
    EventRow *rows = (EventRow *)b.block;
    const char *texts = b.block + b.rows_bytes;
    for (int i = 0; i < b.n; i++)
        for (int l = 0; l < LANG_COUNT; l++) {
            rows[i].title[l] = texts + b.offs[i][l];
            rows[i].venue[l] = texts + b.offs[i][LANG_COUNT + l];
        }
    free(b.offs);
    *out = rows;
    *n_out = b.n;
    return 0;
}

int store_events_upcoming(Store *s, int64_t now, EventRow **out, int *n_out, char *err,
                          size_t errlen)
{
    return upcoming(s, now, 0, out, n_out, err, errlen);
}

int store_events_upcoming_first(Store *s, int64_t now, int limit, EventRow **out, int *n_out,
                                char *err, size_t errlen)
{
    return upcoming(s, now, limit > 0 ? limit : 1, out, n_out, err, errlen);
}

int store_checkpoint(Store *s)
{
    int log = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    return rc == SQLITE_OK ? done : -1;
}

int store_event_row(Store *s, const char *event_id, EventRow *out, char *err, size_t errlen)
{
    sqlite3_stmt *st = stmt(s, ST_EVENT_ROW);
    sqlite3_bind_text(st, 1, event_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        row_from_stmt(st, out);
        /* The texts go to the Store's buffer for one row (see store.h). */
        char *p = s->row_text;
        size_t room = sizeof s->row_text;
        for (int k = 0; k < 2 * LANG_COUNT; k++) {
            const char *t = col_text(st, k < LANG_COUNT ? 1 + k : 4 + k - LANG_COUNT);
            size_t len = strlen(t);
            if (len >= room) len = room ? room - 1 : 0;
            memcpy(p, t, len);
            p[len] = '\0';
            if (k < LANG_COUNT) out->title[k] = p;
            else out->venue[k - LANG_COUNT] = p;
            p += len + 1;
            room -= len + 1;
        }
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) return 0;
    if (rc == SQLITE_DONE) return 1;
    return db_fail(s, err, errlen, "event row");
}

int store_event_get(Store *s, const char *event_id, Event *out, char *err, size_t errlen)
{
    sqlite3_stmt *st = stmt(s, ST_EVENT_JSON);
    sqlite3_bind_text(st, 1, event_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        return 1;
    }
    if (rc != SQLITE_ROW) {
        db_fail(s, err, errlen, "event");
        sqlite3_reset(st);
        return -1;
    }
    json_error_t jerr;
    char sub[256];
    json_t *j = json_loadb((const char *)sqlite3_column_text(st, 0),
                           (size_t)sqlite3_column_bytes(st, 0), 0, &jerr);
    sqlite3_reset(st);
    if (!j) return err_set(err, errlen, "event %s: stored JSON: %s", event_id, jerr.text);
    rc = event_from_json(out, j, sub, sizeof sub);
    json_decref(j);
    if (rc) return err_set(err, errlen, "event %s: stored JSON: %s", event_id, sub);
    return 0;
}

/* ---- Escrow inside a sign-up ------------------------------------------------------------ */

int64_t store_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void read_boot_id(char *out, size_t n)
{
    FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
    out[0] = '\0';
    if (f) {
        if (!fgets(out, (int)n, f)) out[0] = '\0';
        fclose(f);
    }
    out[strcspn(out, "\n")] = '\0';
    if (!out[0]) str_copy(out, n, "unknown-boot"); /* every grant then expires on restart */
}

void store_set_escrow(Store *s, bool on)
{
    s->escrow = on;
}

void store_set_boot_id(Store *s, const char *boot_id)
{
    str_copy(s->boot_id, sizeof s->boot_id, boot_id);
}

/* Runs SQL with up to three text and two integer parameters (?1..?3 text, ?4..?5 int; NULL
 * texts are bound as NULL). For the sync paths, which are not hot enough to cache statements.
 * Returns the SQLite step result (SQLITE_DONE or SQLITE_ROW) or an error code. */
static int exec_bound(Store *s, const char *sql, const char *t1, const char *t2, const char *t3,
                      int64_t i4, int64_t i5)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) return rc;
    const char *t[3] = {t1, t2, t3};
    int np = sqlite3_bind_parameter_count(st);
    for (int i = 0; i < 3 && i < np; i++)
        if (t[i]) sqlite3_bind_text(st, i + 1, t[i], -1, SQLITE_STATIC);
    if (np >= 4) sqlite3_bind_int64(st, 4, i4);
    if (np >= 5) sqlite3_bind_int64(st, 5, i5);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc;
}

/* Takes GROUP seats from a usable grant of EVENT_ID (inside the caller's transaction): 0 with
 * the grant's id in GRANT, 1 when no grant has room, -1 on error. */
static int grant_take(Store *s, const char *event_id, size_t id_len, int group, char grant[40],
                      char *err, size_t errlen)
{
    static const char *const PICK =
        "SELECT id FROM grants WHERE event_id = ?1 AND state = 'open' AND boot_id = ?2"
        " AND deadline_ms > ?3 AND seats - used >= ?4 ORDER BY deadline_ms LIMIT 1";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, PICK, -1, &st, NULL) != SQLITE_OK)
        return db_fail(s, err, errlen, "sign-up: grants");
    sqlite3_bind_text(st, 1, event_id, (int)id_len, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, s->boot_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, store_mono_ms());
    sqlite3_bind_int(st, 4, group);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) str_copy(grant, 40, col_text(st, 0));
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE) return 1;
    if (rc != SQLITE_ROW) return db_fail(s, err, errlen, "sign-up: grants");
    char ev[96];
    str_copy(ev, id_len + 1 < sizeof ev ? id_len + 1 : sizeof ev, event_id);
    if (exec_bound(s, "UPDATE grants SET used = used + ?4 WHERE id = ?1", grant, NULL, NULL,
                   group, 0) != SQLITE_DONE ||
        exec_bound(s, "UPDATE events SET grant_left = max(grant_left - ?4, 0) WHERE id = ?1", ev,
                   NULL, NULL, group, 0) != SQLITE_DONE)
        return db_fail(s, err, errlen, "sign-up: using a grant");
    return 0;
}

/* Notes on a new sign-up the grant it used, or that it waits for the hub's word. */
static int signup_mark_sync(Store *s, const char *uuid, const char *event_id, size_t id_len,
                            int group, const char *grant, bool pending_wait, char *err,
                            size_t errlen)
{
    char ev[96];
    str_copy(ev, id_len + 1 < sizeof ev ? id_len + 1 : sizeof ev, event_id);
    if (exec_bound(s, "UPDATE signups SET grant_id = ?2, pending_wait = ?4 WHERE uuid = ?1", uuid,
                   grant[0] ? grant : NULL, NULL, pending_wait, 0) != SQLITE_DONE)
        return db_fail(s, err, errlen, "sign-up: sync state");
    if (pending_wait &&
        exec_bound(s,
                   "UPDATE events SET pend_wait_seats = pend_wait_seats + ?4,"
                   " pend_wait_count = pend_wait_count + 1 WHERE id = ?1",
                   ev, NULL, NULL, group, 0) != SQLITE_DONE)
        return db_fail(s, err, errlen, "sign-up: sync counts");
    return 0;
}

/* ---- Sign-ups and feedback ---------------------------------------------------------------- */

/* The answers as {"question id": "answer"}, unanswered left out. QIDS is the event's JSON array
 * of question ids. Caller json_decref's. */
static json_t *answers_json(const SignupRequest *req, const char *qids)
{
    json_t *ids = json_loads(qids, 0, NULL);
    json_t *o = json_object();
    for (size_t i = 0; o && i < json_array_size(ids) && i < EVENT_MAX_QUESTIONS; i++) {
        const char *id = json_string_value(json_array_get(ids, i));
        size_t len = FIELD_LEN(req->answers[i]);
        if (id && len > 0) json_object_set_new(o, id, json_stringn(req->answers[i], len));
    }
    json_decref(ids);
    return o;
}

int store_signup_commit(Store *s, const SignupRequest *req, int64_t now, SignupResult *res,
                        char *err, size_t errlen)
{
    EventRow row;
    char *qids = NULL, *answers = NULL, *payload = NULL;
    json_t *ans = NULL;
    int rc = -1;
    size_t id_len = FIELD_LEN(req->event_id);

    memset(res, 0, sizeof *res);
    res->outcome =
        SIGNUP_REJECTED; /* until decided: a caller ignoring -1 must not see "confirmed" */
    if (req->group_size < 1) return err_set(err, errlen, "sign-up: group size must be at least 1");
    if (tx_begin(s, err, errlen)) return -1;

    /* The counts are read inside the write transaction: nobody can take a seat between this
     * read and the insert below. */
    sqlite3_stmt *st = stmt(s, ST_SIGNUP_EVENT);
    sqlite3_bind_text(st, 1, req->event_id, (int)id_len, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        row_from_stmt(st, &row);
        qids = strdup(col_text(st, COL_QUESTION_IDS));
    }
    sqlite3_reset(st);
    if (step == SQLITE_DONE) {
        err_set(err, errlen, "sign-up: no event with id %.*s", (int)id_len, req->event_id);
        goto cleanup;
    }
    if (step != SQLITE_ROW) {
        db_fail(s, err, errlen, "sign-up: reading the event");
        goto cleanup;
    }
    if (!qids) {
        err_set(err, errlen, "sign-up: out of memory");
        goto cleanup;
    }

    res->outcome = rules_decide(&row, now, req->group_size, &res->position, &res->reason);
    if (res->outcome == SIGNUP_REJECTED) {
        rc = 0; /* a decision, not an error; nothing to write */
        goto cleanup;
    }
    /* Escrow: an enrolled kiosk confirms only within a grant of its own (the hub set those
     * seats aside for it), using it up in this transaction. Beyond the grant the visitor is told
     * the waiting list: the hub decides later, and can only do better than that. An event
     * without a seat limit needs no grant. */
    char grant[40] = "";
    bool pending_wait = false;
    if (s->escrow && res->outcome == SIGNUP_CONFIRMED && row.capacity >= 0) {
        int g = grant_take(s, req->event_id, id_len, req->group_size, grant, err, errlen);
        if (g < 0) goto cleanup;
        if (g == 1) {
            res->outcome = SIGNUP_WAITLISTED;
            res->position = row.waitlisted_count + 1;
        }
    }
    if (s->escrow && res->outcome == SIGNUP_WAITLISTED) pending_wait = true;
    bool confirmed = res->outcome == SIGNUP_CONFIRMED;
    const char *status = confirmed ? "confirmed" : "waitlisted";

    if (!(ans = answers_json(req, qids)) || !(answers = json_dumps(ans, JSON_COMPACT))) {
        err_set(err, errlen, "sign-up: out of memory");
        goto cleanup;
    }

    /* A fresh UUID and code until the unique constraints accept them; with 31^6 codes a
     * collision is rare and two in a row rarer still. */
    int attempt;
    for (attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
        uuid_v4(res->uuid);
        confirmation_code(res->code);
        st = stmt(s, ST_SIGNUP_INSERT);
        sqlite3_bind_text(st, 1, res->uuid, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, res->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, req->event_id, (int)id_len, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 5, res->position);
        sqlite3_bind_int(st, 6, req->group_size);
        sqlite3_bind_text(st, 7, req->name, (int)FIELD_LEN(req->name), SQLITE_STATIC);
        sqlite3_bind_text(st, 8, req->email, (int)FIELD_LEN(req->email), SQLITE_STATIC);
        sqlite3_bind_text(st, 9, req->phone, (int)FIELD_LEN(req->phone), SQLITE_STATIC);
        sqlite3_bind_text(st, 10, answers, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 11, lang_code(req->lang), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 12, now);
        step = sqlite3_step(st);
        int ext = sqlite3_extended_errcode(s->db);
        sqlite3_reset(st);
        if (step == SQLITE_DONE) break;
        if (ext != SQLITE_CONSTRAINT_UNIQUE && ext != SQLITE_CONSTRAINT_PRIMARYKEY) {
            db_fail(s, err, errlen, "sign-up: insert");
            goto cleanup;
        }
    }
    if (attempt == CODE_ATTEMPTS) {
        err_set(err, errlen, "sign-up: no free confirmation code after %d tries", CODE_ATTEMPTS);
        goto cleanup;
    }

    st = stmt(s, ST_EVENT_COUNTS);
    sqlite3_bind_text(st, 1, req->event_id, (int)id_len, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, confirmed ? req->group_size : 0);
    sqlite3_bind_int(st, 3, confirmed ? 0 : req->group_size);
    sqlite3_bind_int(st, 4, confirmed ? 0 : 1);
    step = sqlite3_step(st);
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        db_fail(s, err, errlen, "sign-up: updating seat counts");
        goto cleanup;
    }
    if ((grant[0] || pending_wait) &&
        signup_mark_sync(s, res->uuid, req->event_id, id_len, req->group_size, grant,
                         pending_wait, err, errlen))
        goto cleanup;

    char event_id[RECORD_EVENT_ID_MAX + 1], name[SIGNUP_NAME_MAX + 1],
        email[SIGNUP_EMAIL_MAX + 1], phone[SIGNUP_PHONE_MAX + 1];
    WireOp op;
    wire_op_init(&op, WIRE_OP_SIGNUP);
    str_copy(op.uuid, sizeof op.uuid, res->uuid);
    op.created_at = now;
    op.lang = lang_code(req->lang);
    op.event_id = field_copy(event_id, sizeof event_id, req->event_id, id_len);
    op.group_size = req->group_size;
    op.name = field_copy(name, sizeof name, req->name, FIELD_LEN(req->name));
    op.email = field_copy(email, sizeof email, req->email, FIELD_LEN(req->email));
    op.phone = field_copy(phone, sizeof phone, req->phone, FIELD_LEN(req->phone));
    op.code = res->code;
    op.grant = grant[0] ? grant : NULL;
    op.answers = ans;
    op.status = status;
    op.position = res->position;
    if (!(payload = wire_op_build(&op))) {
        err_set(err, errlen, "sign-up: out of memory");
        goto cleanup;
    }
    st = stmt(s, ST_OUTBOX_INSERT);
    sqlite3_bind_text(st, 1, res->uuid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, "signup", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, payload, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, now);
    step = sqlite3_step(st);
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        db_fail(s, err, errlen, "sign-up: outbox");
        goto cleanup;
    }
    if (tx_commit(s, err, errlen)) goto cleanup;
    rc = 0;

cleanup:
    if (rc != 0 || res->outcome == SIGNUP_REJECTED) {
        tx_rollback(s);
        if (rc != 0) {
            memset(res, 0, sizeof *res);
            res->outcome = SIGNUP_REJECTED;
        } else {
            res->code[0] = res->uuid[0] = '\0';
        }
    }
    sqlite3_clear_bindings(s->st[ST_SIGNUP_INSERT]); /* no personal data left bound */
    json_decref(ans);
    free(qids);
    free(answers);
    free(payload);
    return rc;
}

int store_feedback_commit(Store *s, const FeedbackRequest *req, int64_t now, char uuid_out[RECORD_UUID_LEN + 1],
                          char *err, size_t errlen)
{
    char uuid[RECORD_UUID_LEN + 1];
    size_t id_len = FIELD_LEN(req->event_id), comment_len = FIELD_LEN(req->comment);
    char *payload = NULL;
    int rc = -1;

    if (req->score < 1 || req->score > 4)
        return err_set(err, errlen, "feedback: score %d is not 1 to 4", req->score);
    uuid_v4(uuid);
    char event_id[RECORD_EVENT_ID_MAX + 1], comment[FEEDBACK_COMMENT_MAX + 1];
    WireOp op;
    wire_op_init(&op, WIRE_OP_FEEDBACK);
    str_copy(op.uuid, sizeof op.uuid, uuid);
    op.created_at = now;
    op.lang = lang_code(req->lang);
    op.event_id = field_copy(event_id, sizeof event_id, req->event_id, id_len);
    op.score = req->score;
    op.comment = field_copy(comment, sizeof comment, req->comment, comment_len);
    if (!(payload = wire_op_build(&op))) return err_set(err, errlen, "feedback: out of memory");
    if (tx_begin(s, err, errlen)) goto cleanup;
    sqlite3_stmt *st = stmt(s, ST_FEEDBACK_INSERT);
    sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, req->score);
    if (id_len)
        sqlite3_bind_text(st, 3, req->event_id, (int)id_len, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_text(st, 4, req->comment, (int)comment_len, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, lang_code(req->lang), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, now);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (step != SQLITE_DONE) {
        db_fail(s, err, errlen, "feedback: insert");
        goto cleanup;
    }
    st = stmt(s, ST_OUTBOX_INSERT);
    sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, "feedback", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, payload, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, now);
    step = sqlite3_step(st);
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        db_fail(s, err, errlen, "feedback: outbox");
        goto cleanup;
    }
    if (tx_commit(s, err, errlen)) goto cleanup;
    if (uuid_out) memcpy(uuid_out, uuid, sizeof uuid);
    rc = 0;
cleanup:
    if (rc) tx_rollback(s);
    free(payload);
    return rc;
}

int store_outbox_pending(Store *s)
{
    int n = -1;
    return pragma_int(s, "SELECT count(*) FROM outbox WHERE acked_at IS NULL", &n) ? -1 : n;
}

/* Rewrites the pending outbox copy of every wiped sign-up through the wire codec: the same op
 * without name, contacts and answers, marked personal_wiped (inside the caller's transaction). */
static int wipe_outbox(Store *s)
{
    static const char *const PENDING =
        "SELECT uuid, payload FROM outbox WHERE kind = 'signup' AND acked_at IS NULL"
        " AND uuid IN (SELECT uuid FROM signups WHERE personal_wiped = 1)";
    sqlite3_stmt *sel = NULL, *upd = NULL;
    int rc = -1, step;
    if (sqlite3_prepare_v2(s->db, PENDING, -1, &sel, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "UPDATE outbox SET payload = ?2 WHERE uuid = ?1", -1, &upd,
                           NULL) != SQLITE_OK)
        goto cleanup;
    while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
        json_t *j = json_loads(col_text(sel, 1), 0, NULL);
        WireOp op;
        char why[160], *text = NULL;
        if (j && wire_op_parse(&op, j, why, sizeof why) == 0 && !op.personal_wiped) {
            op.name = op.email = op.phone = "";
            op.answers = NULL;
            op.personal_wiped = true;
            text = wire_op_build(&op);
        }
        json_decref(j);
        if (!text) continue; /* already wiped, or unreadable: the push sends it as invalid */
        sqlite3_reset(upd);
        sqlite3_bind_text(upd, 1, col_text(sel, 0), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(upd, 2, text, -1, SQLITE_STATIC);
        int u = sqlite3_step(upd);
        free(text);
        if (u != SQLITE_DONE) goto cleanup;
    }
    rc = step == SQLITE_DONE ? 0 : -1;
cleanup:
    sqlite3_finalize(sel);
    sqlite3_finalize(upd);
    return rc;
}

int store_purge_personal(Store *s, int64_t now, int retention_days)
{
    static const char *const WIPE_SIGNUPS =
        "UPDATE signups SET name = '', email = '', phone = '', answers = '{}',"
        " personal_wiped = 1"
        " WHERE personal_wiped = 0 AND event_id IN (SELECT id FROM events WHERE start_time > 0"
        "   AND (CASE WHEN end_time > 0 THEN end_time ELSE start_time END) < ?1)";
    sqlite3_stmt *st = NULL;
    int wiped = -1;
    if (tx_begin(s, NULL, 0)) return -1;
    if (sqlite3_prepare_v2(s->db, WIPE_SIGNUPS, -1, &st, NULL) != SQLITE_OK) goto cleanup;
    sqlite3_bind_int64(st, 1, now - (int64_t)retention_days * 86400);
    if (sqlite3_step(st) != SQLITE_DONE) goto cleanup;
    int n = sqlite3_changes(s->db);
    /* The copy waiting in the outbox goes too: after the retention period the data must not
     * leave the kiosk either. */
    if (n > 0 && wipe_outbox(s)) goto cleanup;
    if (tx_commit(s, NULL, 0)) goto cleanup;
    wiped = n;
cleanup:
    sqlite3_finalize(st);
    if (wiped < 0) tx_rollback(s);
    return wiped;
}

/* ---- Sync --------------------------------------------------------------------------------- */

static int state_get(Store *s, const char *key, char *buf, size_t n)
{
    sqlite3_stmt *st;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM sync_state WHERE key = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) str_copy(buf, n, col_text(st, 0));
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int state_set(Store *s, const char *key, const char *value)
{
    int rc = value ? exec_bound(s,
                                "INSERT INTO sync_state (key, value) VALUES (?1, ?2)"
                                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                key, value, NULL, 0, 0)
                   : exec_bound(s, "DELETE FROM sync_state WHERE key = ?1", key, NULL, NULL, 0, 0);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int64_t state_int(Store *s, const char *key)
{
    char buf[32];
    if (state_get(s, key, buf, sizeof buf) || !buf[0]) return 0;
    return strtoll(buf, NULL, 10);
}

static int state_set_int(Store *s, const char *key, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    return state_set(s, key, buf);
}

int store_outbox_batch(Store *s, int max, OutboxItem **out, int *n_out, char *err, size_t errlen)
{
    static const char *const SQL = "SELECT seq, uuid, kind, payload, created_at FROM outbox"
                                   " WHERE acked_at IS NULL ORDER BY seq LIMIT ?1";
    sqlite3_stmt *st;
    OutboxItem *items = calloc(max > 0 ? (size_t)max : 1, sizeof *items);
    int n = 0, rc;
    if (!items) return err_set(err, errlen, "outbox: out of memory");
    if (sqlite3_prepare_v2(s->db, SQL, -1, &st, NULL) != SQLITE_OK) {
        free(items);
        return db_fail(s, err, errlen, "outbox");
    }
    sqlite3_bind_int(st, 1, max);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
        OutboxItem *it = &items[n];
        it->seq = sqlite3_column_int64(st, 0);
        str_copy(it->uuid, sizeof it->uuid, col_text(st, 1));
        str_copy(it->kind, sizeof it->kind, col_text(st, 2));
        it->created_at = sqlite3_column_int64(st, 4);
        if (!(it->payload = strdup(col_text(st, 3)))) {
            rc = SQLITE_NOMEM;
            break;
        }
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        store_outbox_free(items, n);
        return err_set(err, errlen, "outbox: %s", sqlite3_errstr(rc));
    }
    *out = items;
    *n_out = n;
    return 0;
}

void store_outbox_free(OutboxItem *items, int n)
{
    for (int i = 0; items && i < n; i++)
        free(items[i].payload);
    free(items);
}

int store_outbox_record(Store *s, const WireAnswer *a, int n, int64_t now, char *err,
                        size_t errlen)
{
    /* The payload goes in the same statement that marks the row done: nothing personal stays
     * behind in the outbox once the hub has it. */
    static const char *const ACK = "UPDATE outbox SET acked_at = ?2, result = ?3, payload = '{}'"
                                   " WHERE uuid = ?1 AND acked_at IS NULL";
    static const char *const SIGNUP =
        "UPDATE signups SET hub_status = ?2, hub_reason = ?3, hub_position = ?4, name = '',"
        " email = '', phone = '', answers = '{}', personal_wiped = 1 WHERE uuid = ?1";
    /* A sign-up that waited for the hub's word leaves the local waiting count. */
    static const char *const UNPEND =
        "UPDATE events SET pend_wait_seats = max(pend_wait_seats - (SELECT group_size FROM"
        " signups WHERE uuid = ?1), 0), pend_wait_count = max(pend_wait_count - 1, 0)"
        " WHERE id = (SELECT event_id FROM signups WHERE uuid = ?1 AND pending_wait = 1)";
    sqlite3_stmt *ack = NULL, *sig = NULL, *unp = NULL, *clr = NULL;
    int rc = -1;
    if (tx_begin(s, err, errlen)) return -1;
    if (sqlite3_prepare_v2(s->db, ACK, -1, &ack, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, SIGNUP, -1, &sig, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, UNPEND, -1, &unp, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "UPDATE signups SET pending_wait = 0 WHERE uuid = ?1", -1,
                           &clr, NULL) != SQLITE_OK) {
        db_fail(s, err, errlen, "recording answers");
        goto cleanup;
    }
    for (int i = 0; i < n; i++) {
        WireResult r = (unsigned)a[i].result < WIRE_RES_COUNT ? a[i].result : WIRE_RES_REJECTED;
        sqlite3_reset(ack);
        sqlite3_bind_text(ack, 1, a[i].uuid, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ack, 2, now);
        sqlite3_bind_text(ack, 3, wire_result_name(r), -1, SQLITE_STATIC);
        if (sqlite3_step(ack) != SQLITE_DONE) {
            db_fail(s, err, errlen, "recording answers");
            goto cleanup;
        }
        if (sqlite3_changes(s->db) == 0 || r == WIRE_RES_OK) continue; /* a replay, or not a sign-up */
        sqlite3_reset(unp);
        sqlite3_bind_text(unp, 1, a[i].uuid, -1, SQLITE_STATIC);
        sqlite3_reset(clr);
        sqlite3_bind_text(clr, 1, a[i].uuid, -1, SQLITE_STATIC);
        sqlite3_reset(sig);
        sqlite3_bind_text(sig, 1, a[i].uuid, -1, SQLITE_STATIC);
        sqlite3_bind_text(sig, 2, wire_result_name(r), -1, SQLITE_STATIC);
        if (r == WIRE_RES_REJECTED)
            sqlite3_bind_text(sig, 3, a[i].reason, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(sig, 3);
        sqlite3_bind_int(sig, 4, r == WIRE_RES_WAITLISTED ? a[i].position : 0);
        if (sqlite3_step(unp) != SQLITE_DONE || sqlite3_step(clr) != SQLITE_DONE ||
            sqlite3_step(sig) != SQLITE_DONE) {
            db_fail(s, err, errlen, "recording answers");
            goto cleanup;
        }
    }
    if (tx_commit(s, err, errlen)) goto cleanup;
    rc = 0;
cleanup:
    sqlite3_finalize(ack);
    sqlite3_finalize(sig);
    sqlite3_finalize(unp);
    sqlite3_finalize(clr);
    if (rc) tx_rollback(s);
    return rc;
}

/* ---- Grants ---- */

int store_grants_close(Store *s, int64_t now, int64_t due_ms, char *err, size_t errlen)
{
    /* Which open grants to close: the seats they still hold leave grant_left first. An event
     * takes sign-ups while it is scheduled (or rescheduled), has registration and has not
     * reached the end of its enrolment (its start when there is none). */
    static const char *const DUE =
        "SELECT g.id FROM grants g LEFT JOIN events e ON e.id = g.event_id"
        " WHERE g.state = 'open' AND (g.boot_id != ?1 OR g.deadline_ms - ?4 <= ?5"
        "  OR g.used >= g.seats OR e.id IS NULL OR e.gone OR NOT e.registration"
        "  OR e.status NOT IN ('scheduled','rescheduled')"
        "  OR (CASE WHEN e.enrolment_end > 0 THEN e.enrolment_end ELSE e.start_time END) <= ?2)";
    sqlite3_stmt *st = NULL;
    int closed = 0, rc;
    if (tx_begin(s, err, errlen)) return -1;
    if (sqlite3_prepare_v2(s->db, DUE, -1, &st, NULL) != SQLITE_OK) goto error;
    sqlite3_bind_text(st, 1, s->boot_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int64(st, 4, store_mono_ms());
    sqlite3_bind_int64(st, 5, due_ms);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char id[40];
        str_copy(id, sizeof id, col_text(st, 0));
        if (exec_bound(s,
                       "UPDATE events SET grant_left = max(grant_left - (SELECT seats - used"
                       " FROM grants WHERE id = ?1), 0)"
                       " WHERE id = (SELECT event_id FROM grants WHERE id = ?1)",
                       id, NULL, NULL, 0, 0) != SQLITE_DONE ||
            exec_bound(s, "UPDATE grants SET state = 'closed' WHERE id = ?1", id, NULL, NULL, 0,
                       0) != SQLITE_DONE)
            goto error;
        closed++;
    }
    if (rc != SQLITE_DONE) goto error;
    sqlite3_finalize(st);
    st = NULL;
    if (tx_commit(s, err, errlen)) goto rollback;
    return closed;
error:
    db_fail(s, err, errlen, "closing grants");
rollback:
    sqlite3_finalize(st);
    tx_rollback(s);
    return -1;
}

/* Reads rows (id, event_id, int) of SQL bound with ?1 = MAX into a malloc'd GrantItem array. */
static int read_grants(Store *s, const char *sql, int max, GrantItem **out, int *n_out, char *err,
                       size_t errlen)
{
    sqlite3_stmt *st;
    GrantItem *items = calloc(max > 0 ? (size_t)max : 1, sizeof *items);
    int n = 0, rc;
    if (!items) return err_set(err, errlen, "grants: out of memory");
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        free(items);
        return db_fail(s, err, errlen, "grants");
    }
    sqlite3_bind_int(st, 1, max);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
        str_copy(items[n].id, sizeof items[n].id, col_text(st, 0));
        str_copy(items[n].event_id, sizeof items[n].event_id, col_text(st, 1));
        items[n].seats = sqlite3_column_int(st, 2);
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        free(items);
        return err_set(err, errlen, "grants: %s", sqlite3_errstr(rc));
    }
    *out = items;
    *n_out = n;
    return 0;
}

int store_grants_settle_list(Store *s, int max, GrantItem **out, int *n, char *err, size_t errlen)
{
    return read_grants(s,
                       "SELECT id, event_id, used FROM grants WHERE state = 'closed'"
                       " ORDER BY rowid LIMIT ?1",
                       max, out, n, err, errlen);
}

int store_grant_settled(Store *s, const char *grant_id, char *err, size_t errlen)
{
    if (exec_bound(s, "DELETE FROM grants WHERE id = ?1 AND state = 'closed'", grant_id, NULL,
                   NULL, 0, 0) != SQLITE_DONE)
        return db_fail(s, err, errlen, "settling a grant");
    return 0;
}

int store_grants_wanted(Store *s, int64_t now, int64_t horizon_s, int want, int max,
                        GrantItem **out, int *n, char *err, size_t errlen)
{
    /* Events worth holding seats for: sent by the hub, limited seats, taking sign-ups now,
     * starting within the horizon, and with no grant open or asked for. Soonest first. */
    static const char *const CANDIDATES =
        "SELECT id FROM events e WHERE hub_seen AND NOT gone AND registration AND capacity >= 0"
        " AND status IN ('scheduled','rescheduled') AND start_time > ?4 AND start_time <= ?5"
        " AND (CASE WHEN enrolment_end > 0 THEN enrolment_end ELSE start_time END) > ?4"
        " AND enrolment_start <= ?4"
        " AND NOT EXISTS (SELECT 1 FROM grants g WHERE g.event_id = e.id"
        "  AND g.state IN ('wanted','open'))"
        " ORDER BY start_time, id LIMIT ?1";
    sqlite3_stmt *st = NULL;
    int rc;
    if (tx_begin(s, err, errlen)) return -1;
    if (sqlite3_prepare_v2(s->db, CANDIDATES, -1, &st, NULL) != SQLITE_OK) goto error;
    sqlite3_bind_int(st, 1, max);
    sqlite3_bind_int64(st, 4, now);
    sqlite3_bind_int64(st, 5, now + horizon_s);
    int pending = 0;
    {
        int v = 0;
        if (pragma_int(s, "SELECT count(*) FROM grants WHERE state = 'wanted'", &v)) goto error;
        pending = v;
    }
    while (pending < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        char id[40];
        uuid_v4(id);
        if (exec_bound(s,
                       "INSERT INTO grants (id, event_id, state, want, created_at)"
                       " VALUES (?1, ?2, 'wanted', ?4, ?5)",
                       id, col_text(st, 0), NULL, want, now) != SQLITE_DONE)
            goto error;
        pending++;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (tx_commit(s, err, errlen)) goto rollback;
    return read_grants(s,
                       "SELECT id, event_id, want FROM grants WHERE state = 'wanted'"
                       " ORDER BY rowid LIMIT ?1",
                       max, out, n, err, errlen);
error:
    db_fail(s, err, errlen, "asking for grants");
rollback:
    sqlite3_finalize(st);
    tx_rollback(s);
    return -1;
}

int store_grant_granted(Store *s, const char *grant_id, int seats, int64_t expires_in, int margin,
                        int64_t mono_ms, char *err, size_t errlen)
{
    if (seats <= 0)
        return exec_bound(s, "DELETE FROM grants WHERE id = ?1 AND state = 'wanted'", grant_id,
                          NULL, NULL, 0, 0) == SQLITE_DONE
                   ? 0
                   : db_fail(s, err, errlen, "recording a grant");
    if (tx_begin(s, err, errlen)) return -1;
    int64_t deadline = mono_ms + (expires_in - margin) * 1000;
    if (exec_bound(s,
                   "UPDATE grants SET state = 'open', seats = ?4, used = 0, deadline_ms = ?5,"
                   " boot_id = ?2 WHERE id = ?1 AND state = 'wanted'",
                   grant_id, s->boot_id, NULL, seats, deadline) != SQLITE_DONE)
        goto error;
    if (sqlite3_changes(s->db) == 1 &&
        exec_bound(s,
                   "UPDATE events SET grant_left = grant_left + ?4"
                   " WHERE id = (SELECT event_id FROM grants WHERE id = ?1)",
                   grant_id, NULL, NULL, seats, 0) != SQLITE_DONE)
        goto error;
    if (tx_commit(s, err, errlen)) goto rollback;
    return 0;
error:
    db_fail(s, err, errlen, "recording a grant");
rollback:
    tx_rollback(s);
    return -1;
}

/* ---- Pull ---- */

/* Forgets event ID: deleted with its document when nobody signed up for it, else hidden. */
static int forget_event(Store *s, const char *id)
{
    int rc = exec_bound(s,
                        "UPDATE events SET gone = 1 WHERE id = ?1"
                        " AND EXISTS (SELECT 1 FROM signups WHERE event_id = ?1)",
                        id, NULL, NULL, 0, 0);
    if (rc == SQLITE_DONE && sqlite3_changes(s->db) == 0) {
        rc = exec_bound(s, "DELETE FROM event_docs WHERE id = ?1", id, NULL, NULL, 0, 0);
        if (rc == SQLITE_DONE)
            rc = exec_bound(s, "DELETE FROM events WHERE id = ?1", id, NULL, NULL, 0, 0);
    }
    return rc == SQLITE_DONE ? 0 : -1;
}

int store_sync_apply(Store *s, const SyncChange *ch, int n, bool reset, bool more,
                     const char *cursor, char *err, size_t errlen)
{
    int64_t now = (int64_t)time(NULL);
    sqlite3_stmt *seats = NULL;
    if (tx_begin(s, err, errlen)) return -1;
    int64_t gen = state_int(s, "snapshot_gen");
    if (reset) {
        gen++;
        if (state_set_int(s, "snapshot_gen", gen) || state_set(s, "snapshot_active", "1"))
            goto error;
    }
    if (sqlite3_prepare_v2(s->db,
                           "UPDATE events SET hub_seen = 1, hub_confirmed = ?2,"
                           " hub_waitlisted = ?3, hub_held = ?4, hub_gen = ?5 WHERE id = ?1",
                           -1, &seats, NULL) != SQLITE_OK)
        goto error;
    for (int i = 0; i < n; i++) {
        if (ch[i].kind == SYNC_CHANGE_DELETE) {
            if (forget_event(s, ch[i].id)) goto error;
            continue;
        }
        if (upsert_event(s, ch[i].event, now, err, errlen)) goto rollback;
        sqlite3_reset(seats);
        sqlite3_bind_text(seats, 1, ch[i].event->id, -1, SQLITE_STATIC);
        sqlite3_bind_int(seats, 2, ch[i].confirmed);
        sqlite3_bind_int(seats, 3, ch[i].waitlisted);
        sqlite3_bind_int(seats, 4, ch[i].held);
        sqlite3_bind_int64(seats, 5, gen);
        if (sqlite3_step(seats) != SQLITE_DONE) goto error;
    }
    if (!more) {
        char active[8];
        if (state_get(s, "snapshot_active", active, sizeof active)) goto error;
        if (active[0] == '1') {
            /* The snapshot is complete: what it did not bring back is gone at the hub. */
            sqlite3_stmt *old;
            if (sqlite3_prepare_v2(s->db, "SELECT id FROM events WHERE hub_gen != ?1 AND NOT gone",
                                   -1, &old, NULL) != SQLITE_OK)
                goto error;
            sqlite3_bind_int64(old, 1, gen);
            char **ids = NULL;
            int nid = 0, cap = 0, rc;
            while ((rc = sqlite3_step(old)) == SQLITE_ROW) {
                if (nid == cap) {
                    cap = cap ? cap * 2 : 64;
                    char **nids = realloc(ids, (size_t)cap * sizeof *ids);
                    if (!nids) break;
                    ids = nids;
                }
                if (!(ids[nid] = strdup(col_text(old, 0)))) break;
                nid++;
            }
            sqlite3_finalize(old);
            int bad = rc != SQLITE_DONE;
            for (int i = 0; i < nid; i++) {
                if (!bad && forget_event(s, ids[i])) bad = 1;
                free(ids[i]);
            }
            free(ids);
            if (bad || state_set(s, "snapshot_active", NULL)) goto error;
        }
    }
    if (state_set(s, "cursor", cursor && cursor[0] ? cursor : NULL)) goto error;
    sqlite3_finalize(seats);
    seats = NULL;
    if (tx_commit(s, err, errlen)) goto rollback;
    return 0;
error:
    db_fail(s, err, errlen, "applying changes");
rollback:
    sqlite3_finalize(seats);
    tx_rollback(s);
    return -1;
}

int store_sync_cursor(Store *s, char *buf, size_t n)
{
    return state_get(s, "cursor", buf, n);
}

int store_sync_forget_cursor(Store *s)
{
    return state_set(s, "cursor", NULL);
}

int store_sync_mark_ok(Store *s, int64_t now)
{
    return state_set_int(s, "last_ok", now);
}

int store_sync_status(Store *s, SyncStatus *out)
{
    static const char *const GRANTS =
        "SELECT count(*), COALESCE(sum(seats - used), 0) FROM grants"
        " WHERE state = 'open' AND boot_id = ?1 AND deadline_ms > ?4";
    memset(out, 0, sizeof *out);
    out->last_ok = state_int(s, "last_ok");
    out->queued = store_outbox_pending(s);
    if (out->queued < 0 || store_sync_cursor(s, out->cursor, sizeof out->cursor)) return -1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, GRANTS, -1, &st, NULL) != SQLITE_OK) return -1;
    sqlite3_bind_text(st, 1, s->boot_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, store_mono_ms());
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->grants_open = sqlite3_column_int(st, 0);
        out->grant_seats = sqlite3_column_int(st, 1);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) return -1;
    int v = 0;
    if (pragma_int(s, "SELECT count(*) FROM grants WHERE state = 'closed'", &v)) return -1;
    out->grants_closing = v;
    return 0;
}

/* ---- Reports ------------------------------------------------------------------------------ */

/* Prints S padded to WIDTH characters (UTF-8 aware: continuation bytes take no column). */
static void put_padded(FILE *out, const char *s, int width)
{
    int chars = 0;
    for (const char *p = s; *p; p++)
        chars += ((unsigned char)*p & 0xc0) != 0x80;
    fputs(s, out);
    for (; chars < width; chars++)
        fputc(' ', out);
}

int store_print_events(Store *s, FILE *out, int64_t now, char *err, size_t errlen)
{
    EventRow *rows;
    int n;
    if (store_events_upcoming(s, now, &rows, &n, err, errlen)) return -1;
    fprintf(out, "%-16s  %-5s  %-11s  %-9s  %-8s  %-24s  %s\n", "START", "END", "STATUS", "SEATS",
            "WAITLIST", "ID", "TITLE");
    for (int i = 0; i < n; i++) {
        const EventRow *r = &rows[i];
        char start[32], end[32] = "", seats[32], wait[32];
        time_format_local(r->start_time, "%Y-%m-%d %H:%M", "-", start, sizeof start);
        if (r->end_time) {
            time_format_local(r->end_time, "%Y-%m-%d %H:%M", "-", end, sizeof end);
            /* Same day: only the clock time. */
            if (r->start_time && strncmp(start, end, 10) == 0) memmove(end, end + 11, 6);
        }
        if (!r->registration)
            str_copy(seats, sizeof seats, "drop-in");
        else if (r->capacity < 0)
            snprintf(seats, sizeof seats, "%d/-", r->confirmed_seats);
        else
            snprintf(seats, sizeof seats, "%d/%d", r->confirmed_seats, r->capacity);
        if (!r->registration || r->waitlist_capacity == 0)
            str_copy(wait, sizeof wait, "-");
        else
            snprintf(wait, sizeof wait, "%d (%d)", r->waitlisted_count, r->waitlisted_seats);
        fprintf(out, "%-16s  %-5s  %-11s  %-9s  %-8s  ", start, end, status_text(r->status), seats,
                wait);
        put_padded(out, r->id, 24);
        fprintf(out, "  %s\n", r->title[LANG_FI]);
    }
    fprintf(out, "%d event%s\n", n, n == 1 ? "" : "s");
    free(rows);
    return 0;
}

static void put_answers(FILE *out, const char *json)
{
    json_t *o = json_loads(json, 0, NULL);
    const char *key;
    json_t *v;
    bool first = true;
    json_object_foreach(o, key, v)
    {
        fprintf(out, "%s%s=%s", first ? "" : "; ", key,
                json_string_value(v) ? json_string_value(v) : "");
        first = false;
    }
    json_decref(o);
}

int store_print_signups(Store *s, FILE *out, const char *event_id, char *err, size_t errlen)
{
    static const char *const SQL =
        "SELECT s.code, s.status, s.position, s.group_size, s.name, s.email, s.phone, s.answers,"
        " s.personal_wiped, s.event_id, e.title_fi, e.start_time, s.hub_status, s.hub_position,"
        " s.hub_reason"
        " FROM signups s JOIN events e ON e.id = s.event_id"
        " WHERE ?1 IS NULL OR s.event_id = ?1"
        " ORDER BY e.start_time, s.event_id, s.status = 'waitlisted', s.position, s.created_at,"
        " s.rowid";
    sqlite3_stmt *st;
    char current[96] = "";
    int n = 0, rc;
    if (sqlite3_prepare_v2(s->db, SQL, -1, &st, NULL) != SQLITE_OK)
        return db_fail(s, err, errlen, "sign-ups");
    if (event_id) sqlite3_bind_text(st, 1, event_id, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *ev = col_text(st, 9);
        if (strcmp(ev, current) != 0) {
            char when[32];
            str_copy(current, sizeof current, ev);
            time_format_local(sqlite3_column_int64(st, 11), "%Y-%m-%d %H:%M", "-", when, sizeof when);
            fprintf(out, "%s%s  %s  %s\n", n ? "\n" : "", when, ev, col_text(st, 10));
            fprintf(out, "  %-6s  %-15s  %-5s  %-24s  %-28s  %-16s  %s\n", "CODE", "STATUS",
                    "GROUP", "NAME", "EMAIL", "PHONE", "ANSWERS");
        }
        char status[32], hub[64] = "";
        if (strcmp(col_text(st, 1), "waitlisted") == 0)
            snprintf(status, sizeof status, "waitlisted #%d", sqlite3_column_int(st, 2));
        else
            str_copy(status, sizeof status, col_text(st, 1));
        /* What the hub answered, when it differs from what the kiosk said (a sign-up the kiosk
         * put on the waiting list that the hub confirmed, say). */
        const char *hs = col_text(st, 12);
        if (strcmp(hs, "waitlisted") == 0)
            snprintf(hub, sizeof hub, "hub: waitlisted #%d", sqlite3_column_int(st, 13));
        else if (strcmp(hs, "rejected") == 0)
            snprintf(hub, sizeof hub, "hub: rejected (%s)", col_text(st, 14));
        else if (hs[0])
            snprintf(hub, sizeof hub, "hub: %s", hs);
        fprintf(out, "  %-6s  %-15s  %-5d  ", col_text(st, 0), status, sqlite3_column_int(st, 3));
        if (hub[0]) fprintf(out, "[%s]  ", hub);
        if (sqlite3_column_int(st, 8)) {
            fputs("(personal data wiped)\n", out);
        } else {
            put_padded(out, col_text(st, 4), 24);
            fputs("  ", out);
            put_padded(out, col_text(st, 5), 28);
            fputs("  ", out);
            put_padded(out, col_text(st, 6), 16);
            fputs("  ", out);
            put_answers(out, col_text(st, 7));
            fputc('\n', out);
        }
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return db_fail(s, err, errlen, "sign-ups");
    fprintf(out, "%s%d sign-up%s\n", n ? "\n" : "", n, n == 1 ? "" : "s");
    return 0;
}

int store_print_feedback(Store *s, FILE *out, char *err, size_t errlen)
{
    static const char *const SQL =
        "SELECT created_at, score, COALESCE(event_id, ''), lang, comment FROM feedback"
        " ORDER BY created_at, rowid";
    static const char *const SUMMARY =
        "SELECT COALESCE(event_id, ''), count(*), avg(score), sum(score = 1), sum(score = 2),"
        " sum(score = 3), sum(score = 4) FROM feedback GROUP BY event_id ORDER BY event_id";
    sqlite3_stmt *st;
    int rc, n = 0;
    if (sqlite3_prepare_v2(s->db, SQL, -1, &st, NULL) != SQLITE_OK)
        return db_fail(s, err, errlen, "feedback");
    fprintf(out, "%-16s  %-5s  %-4s  %-24s  %s\n", "TIME", "SCORE", "LANG", "EVENT", "COMMENT");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char when[32];
        const char *ev = col_text(st, 2);
        time_format_local(sqlite3_column_int64(st, 0), "%Y-%m-%d %H:%M", "-", when, sizeof when);
        fprintf(out, "%-16s  %-5d  %-4s  ", when, sqlite3_column_int(st, 1), col_text(st, 3));
        put_padded(out, ev[0] ? ev : "(library)", 24);
        fprintf(out, "  %s\n", col_text(st, 4));
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return db_fail(s, err, errlen, "feedback");

    if (sqlite3_prepare_v2(s->db, SUMMARY, -1, &st, NULL) != SQLITE_OK)
        return db_fail(s, err, errlen, "feedback");
    fprintf(out, "\n%-24s  %-7s  %-7s  %5s %5s %5s %5s\n", "EVENT", "ANSWERS", "AVERAGE", "1", "2",
            "3", "4");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *ev = col_text(st, 0);
        put_padded(out, ev[0] ? ev : "(library)", 24);
        fprintf(out, "  %-7d  %-7.2f  %5d %5d %5d %5d\n", sqlite3_column_int(st, 1),
                sqlite3_column_double(st, 2), sqlite3_column_int(st, 3), sqlite3_column_int(st, 4),
                sqlite3_column_int(st, 5), sqlite3_column_int(st, 6));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return db_fail(s, err, errlen, "feedback");
    fprintf(out, "%d answer%s\n", n, n == 1 ? "" : "s");
    return 0;
}
