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
#define CODE_LEN 6
#define CODE_ATTEMPTS 16

/* No 0/O, 1/I/L: codes are read aloud and typed from a screen photo. */
static const char CODE_ALPHABET[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

static const char *const LANG_CODES[LANG_COUNT] = {"fi", "sv", "en"};
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
};

_Static_assert(sizeof MIGRATIONS / sizeof MIGRATIONS[0] == STORE_SCHEMA_VERSION,
               "one migration step per schema version");

/* ---- Cached statements -------------------------------------------------------------------- */

#define ROW_COLS                                                                                   \
    "id, title_fi, title_sv, title_en, venue_fi, venue_sv, venue_en, venue_id, category,"          \
    " start_time, end_time, status, registration, capacity, waitlist_capacity, max_group_size,"    \
    " enrolment_start, enrolment_end, confirmed_seats + reserved_seats, waitlisted_seats,"         \
    " waitlisted_count"
#define COL_QUESTION_IDS 21 /* after ROW_COLS in ST_SIGNUP_EVENT */

enum {
    ST_BEGIN,
    ST_COMMIT,
    ST_ROLLBACK,
    ST_EVENT_ROW,
    ST_SIGNUP_EVENT,
    ST_UPCOMING,
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
    [ST_EVENT_ROW] = "SELECT " ROW_COLS " FROM events WHERE id = ?1",
    [ST_SIGNUP_EVENT] = "SELECT " ROW_COLS ", question_ids FROM events WHERE id = ?1",
    /* Walks the start-time index, so rows come out in order without a sort, and decides from
     * the index alone which rows to read. */
    [ST_UPCOMING] = "SELECT " ROW_COLS " FROM events"
                    " WHERE start_time > 0"
                    "   AND (CASE WHEN end_time > 0 THEN end_time ELSE start_time END) >= ?1"
                    " ORDER BY start_time, end_time, id",
    [ST_UPCOMING_UNKNOWN] = "SELECT " ROW_COLS " FROM events"
                            " WHERE start_time = 0 AND status = 'postponed' ORDER BY id",
    [ST_EVENT_JSON] = "SELECT json FROM event_docs WHERE id = ?1",
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
        " question_ids = excluded.question_ids, imported_at = excluded.imported_at",
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
};

/* ---- Helpers ------------------------------------------------------------------------------ */

static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int db_fail(Store *s, char *err, size_t errlen, const char *what)
{
    return fail(err, errlen, "%s: %s", what, sqlite3_errmsg(s->db));
}

static void copy_str(char *dst, size_t n, const char *src)
{
    size_t len = src ? strlen(src) : 0;
    if (len >= n) len = n - 1;
    if (len) memcpy(dst, src, len);
    dst[len] = '\0';
}

/* Length of a fixed-size request field, which a careless caller may have left unterminated. */
#define FIELD_LEN(a) strnlen((a), sizeof(a) - 1)

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
        fail(err, errlen, "%s: %s", what, msg ? msg : sqlite3_errmsg(s->db));
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

static void confirmation_code(char out[8])
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

static const char *lang_code(Lang l)
{
    return (unsigned)l < LANG_COUNT ? LANG_CODES[l] : "fi";
}

static const char *col_text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? (const char *)t : "";
}

static void row_from_stmt(sqlite3_stmt *st, EventRow *r)
{
    memset(r, 0, sizeof *r);
    copy_str(r->id, sizeof r->id, col_text(st, 0));
    for (int l = 0; l < LANG_COUNT; l++) {
        copy_str(r->title[l], sizeof r->title[l], col_text(st, 1 + l));
        copy_str(r->venue[l], sizeof r->venue[l], col_text(st, 4 + l));
    }
    copy_str(r->venue_id, sizeof r->venue_id, col_text(st, 7));
    copy_str(r->category, sizeof r->category, col_text(st, 8));
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

/* "2026-03-18 18:30" in local time; "-" for unknown. */
static void fmt_local(int64_t t, char *buf, size_t n)
{
    struct tm tm;
    time_t tt = (time_t)t;
    if (t == 0 || !localtime_r(&tt, &tm) || strftime(buf, n, "%Y-%m-%d %H:%M", &tm) == 0)
        copy_str(buf, n, "-");
}

/* ---- Open, migrate, close ----------------------------------------------------------------- */

static int migrate(Store *s, const char *path, char *err, size_t errlen)
{
    int v = 0;
    if (pragma_int(s, "PRAGMA user_version", &v))
        return fail(err, errlen, "%s: %s", path, sqlite3_errmsg(s->db));
    if (v > STORE_SCHEMA_VERSION)
        return fail(err, errlen,
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
    if (!s) return fail(err, errlen, "%s: out of memory", path);
    if (sodium_init() < 0) {
        fail(err, errlen, "%s: libsodium failed to initialise", path);
        goto error;
    }
    /* NOMUTEX: a Store belongs to one thread, so SQLite's per-call locking is pure cost. */
    if (sqlite3_open_v2(path, &s->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        fail(err, errlen, "%s: %s", path, s->db ? sqlite3_errmsg(s->db) : "cannot open");
        goto error;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);

    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL) != SQLITE_OK) {
        db_fail(s, err, errlen, path);
        goto error;
    }
    if (sqlite3_step(st) == SQLITE_ROW) copy_str(journal, sizeof journal, col_text(st, 0));
    sqlite3_finalize(st);
    if (strcmp(journal, "wal") != 0 && strcmp(path, ":memory:") != 0) {
        fail(err, errlen, "%s: cannot switch to WAL journaling (%s)", path,
             journal[0] ? journal : sqlite3_errmsg(s->db));
        goto error;
    }
    if (exec_sql(s,
                 "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                 /* 16 MiB of page cache: the list of 10,000 events stays in memory. */
                 " PRAGMA cache_size = -16384;"
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
    if (event_texts(ev, &json, &qids)) return fail(err, errlen, "event %s: out of memory", id);
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
    if (rc != SQLITE_DONE) return fail(err, errlen, "event %s: %s", id, sqlite3_errmsg(s->db));
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

/* Reads a whole file of at most IMPORT_FILE_MAX bytes into a malloc'd buffer (caller frees). */
static int read_file(const char *path, char **out, size_t *len, char *err, size_t errlen)
{
    struct stat sb;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail(err, errlen, "%s: %s", path, strerror(errno));
    char *buf = NULL;
    if (fstat(fd, &sb) != 0) {
        fail(err, errlen, "%s: %s", path, strerror(errno));
        goto error;
    }
    if (!S_ISREG(sb.st_mode)) {
        fail(err, errlen, "%s: not a regular file", path);
        goto error;
    }
    if ((uintmax_t)sb.st_size > IMPORT_FILE_MAX) {
        fail(err, errlen, "%s: %jd bytes, more than the %u MiB an import may be", path,
             (intmax_t)sb.st_size, IMPORT_FILE_MAX / (1024 * 1024));
        goto error;
    }
    size_t want = (size_t)sb.st_size, got = 0;
    if (!(buf = malloc(want + 1))) {
        fail(err, errlen, "%s: out of memory", path);
        goto error;
    }
    while (got < want) {
        ssize_t r = read(fd, buf + got, want - got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            fail(err, errlen, "%s: %s", path, strerror(errno));
            goto error;
        }
        if (r == 0) break; /* shrank while we read: take what is there */
        got += (size_t)r;
    }
    buf[got] = '\0';
    close(fd);
    *out = buf;
    *len = got;
    return 0;
error:
    free(buf);
    close(fd);
    return -1;
}

static int parse_date(const char *s, int *y, int *m, int *d)
{
    char *end;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return -1;
    *y = (int)strtol(s, &end, 10);
    *m = (int)strtol(s + 5, &end, 10);
    *d = (int)strtol(s + 8, &end, 10);
    return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31 ? 0 : -1;
}

/* Whole days from the local date Y-M-D to the local date of T. Noon on both days keeps DST's
 * 23- and 25-hour days from rounding the wrong way. */
static int days_until(int y, int m, int d, int64_t t, int *days)
{
    struct tm a = {0}, b;
    time_t tt = (time_t)t;
    if (!localtime_r(&tt, &b)) return -1;
    a.tm_year = y - 1900;
    a.tm_mon = m - 1;
    a.tm_mday = d;
    a.tm_hour = 12;
    a.tm_isdst = -1;
    b.tm_hour = 12;
    b.tm_min = b.tm_sec = 0;
    b.tm_isdst = -1;
    time_t ta = mktime(&a), tb = mktime(&b);
    if (ta == (time_t)-1 || tb == (time_t)-1) return -1;
    double diff = difftime(tb, ta) / 86400.0;
    *days = (int)(diff < 0 ? diff - 0.5 : diff + 0.5);
    return 0;
}

/* The document's top-level "x_aukio_anchor_date", if any: 0 = found (sets Y, M, D), 1 = none. */
static int anchor_date(const char *text, size_t len, int *y, int *m, int *d, const char *path,
                       char *err, size_t errlen)
{
    /* Only documents that mention the key pay for a second parse. */
    static const char key[] = "x_aukio_anchor_date";
    size_t klen = sizeof key - 1, i;
    for (i = 0; i + klen <= len; i++)
        if (text[i] == 'x' && memcmp(text + i, key, klen) == 0) break;
    if (i + klen > len) return 1;
    json_t *root = json_loadb(text, len, 0, NULL);
    json_t *v = json_is_object(root) ? json_object_get(root, "x_aukio_anchor_date") : NULL;
    int rc = 1;
    if (v && !json_is_null(v)) {
        rc = parse_date(json_string_value(v), y, m, d) == 0 ? 0 : -1;
        if (rc) fail(err, errlen, "%s: x_aukio_anchor_date: must be a date \"YYYY-MM-DD\"", path);
    }
    json_decref(root);
    return rc;
}

int store_import_file(Store *s, const char *path, int64_t rebase_now, int *n_imported, char *err,
                      size_t errlen)
{
    char *text = NULL, sub[512];
    size_t len = 0;
    Event *evs = NULL;
    int n = 0, rc = -1;

    if (read_file(path, &text, &len, err, errlen)) return -1;
    if (event_parse_document(text, len, &evs, &n, sub, sizeof sub)) {
        fail(err, errlen, "%s: %s", path, sub);
        goto cleanup;
    }
    if (rebase_now != 0) {
        int y, m, d, days = 0;
        int a = anchor_date(text, len, &y, &m, &d, path, err, errlen);
        if (a < 0) goto cleanup;
        if (a == 0 && days_until(y, m, d, rebase_now, &days)) {
            fail(err, errlen, "%s: x_aukio_anchor_date: cannot count the days to today", path);
            goto cleanup;
        }
        if (a == 0 && event_shift_days(evs, n, days)) {
            fail(err, errlen, "%s: cannot move the events' times by %d days", path, days);
            goto cleanup;
        }
    }
    if (store_import_events(s, evs, n, sub, sizeof sub)) {
        fail(err, errlen, "%s: %s", path, sub);
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

/* Appends the rows of statement WHICH (bound with NOW when it takes a parameter). */
static int collect_rows(Store *s, int which, int64_t now, EventRow **rows, int *n, int *cap,
                        char *err, size_t errlen)
{
    sqlite3_stmt *st = stmt(s, which);
    if (sqlite3_bind_parameter_count(st) > 0) sqlite3_bind_int64(st, 1, now);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == *cap) {
            int ncap = *cap ? *cap * 2 : 64;
            EventRow *nr = ncap > 0 ? realloc(*rows, (size_t)ncap * sizeof **rows) : NULL;
            if (!nr) {
                sqlite3_reset(st);
                return fail(err, errlen, "upcoming events: out of memory");
            }
            *rows = nr;
            *cap = ncap;
        }
        row_from_stmt(st, &(*rows)[(*n)++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return db_fail(s, err, errlen, "upcoming events");
    return 0;
}

int store_events_upcoming(Store *s, int64_t now, EventRow **out, int *n_out, char *err,
                          size_t errlen)
{
    EventRow *rows = NULL;
    int n = 0, cap = 0;
    /* Two statements rather than "ORDER BY start_time = 0, ...", which would defeat the index. */
    if (collect_rows(s, ST_UPCOMING, now, &rows, &n, &cap, err, errlen) ||
        collect_rows(s, ST_UPCOMING_UNKNOWN, now, &rows, &n, &cap, err, errlen)) {
        free(rows);
        return -1;
    }
    if (!rows && !(rows = malloc(sizeof *rows))) return fail(err, errlen, "out of memory");
    /* Give back the doubling's slack: up to half of a 10 MB array. */
    if (n > 0 && n < cap) {
        EventRow *exact = realloc(rows, (size_t)n * sizeof *rows);
        if (exact) rows = exact;
    }
    *out = rows;
    *n_out = n;
    return 0;
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
    if (rc == SQLITE_ROW) row_from_stmt(st, out);
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
    if (!j) return fail(err, errlen, "event %s: stored JSON: %s", event_id, jerr.text);
    rc = event_from_json(out, j, sub, sizeof sub);
    json_decref(j);
    if (rc) return fail(err, errlen, "event %s: stored JSON: %s", event_id, sub);
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
    char *qids = NULL, *answers = NULL, *payload = NULL, created[32];
    json_t *ans = NULL, *pay = NULL;
    int rc = -1;
    size_t id_len = FIELD_LEN(req->event_id);

    memset(res, 0, sizeof *res);
    res->outcome =
        SIGNUP_REJECTED; /* until decided: a caller ignoring -1 must not see "confirmed" */
    if (req->group_size < 1) return fail(err, errlen, "sign-up: group size must be at least 1");
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
        fail(err, errlen, "sign-up: no event with id %.*s", (int)id_len, req->event_id);
        goto cleanup;
    }
    if (step != SQLITE_ROW) {
        db_fail(s, err, errlen, "sign-up: reading the event");
        goto cleanup;
    }
    if (!qids) {
        fail(err, errlen, "sign-up: out of memory");
        goto cleanup;
    }

    res->outcome = rules_decide(&row, now, req->group_size, &res->position, &res->reason);
    if (res->outcome == SIGNUP_REJECTED) {
        rc = 0; /* a decision, not an error; nothing to write */
        goto cleanup;
    }
    bool confirmed = res->outcome == SIGNUP_CONFIRMED;
    const char *status = confirmed ? "confirmed" : "waitlisted";

    if (!(ans = answers_json(req, qids)) || !(answers = json_dumps(ans, JSON_COMPACT))) {
        fail(err, errlen, "sign-up: out of memory");
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
        fail(err, errlen, "sign-up: no free confirmation code after %d tries", CODE_ATTEMPTS);
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

    event_format_time(now, created, sizeof created);
    pay = json_pack("{s:s, s:s, s:s%, s:s, s:i, s:i, s:s%, s:s%, s:s%, s:O, s:s, s:s}", "uuid",
                    res->uuid, "code", res->code, "event_id", req->event_id, id_len, "status",
                    status, "position", res->position, "group_size", req->group_size, "name",
                    req->name, FIELD_LEN(req->name), "email", req->email, FIELD_LEN(req->email),
                    "phone", req->phone, FIELD_LEN(req->phone), "answers", ans, "lang",
                    lang_code(req->lang), "created_at", created);
    if (!pay || !(payload = json_dumps(pay, JSON_COMPACT))) {
        fail(err, errlen, "sign-up: out of memory");
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
    json_decref(pay);
    free(qids);
    free(answers);
    free(payload);
    return rc;
}

int store_feedback_commit(Store *s, const FeedbackRequest *req, int64_t now, char uuid_out[37],
                          char *err, size_t errlen)
{
    char uuid[37], created[32];
    size_t id_len = FIELD_LEN(req->event_id), comment_len = FIELD_LEN(req->comment);
    json_t *pay = NULL;
    char *payload = NULL;
    int rc = -1;

    if (req->score < 1 || req->score > 4)
        return fail(err, errlen, "feedback: score %d is not 1 to 4", req->score);
    uuid_v4(uuid);
    event_format_time(now, created, sizeof created);
    pay =
        json_pack("{s:s, s:i, s:o, s:s%, s:s, s:s}", "uuid", uuid, "score", req->score, "event_id",
                  id_len ? json_stringn(req->event_id, id_len) : json_null(), "comment",
                  req->comment, comment_len, "lang", lang_code(req->lang), "created_at", created);
    if (!pay || !(payload = json_dumps(pay, JSON_COMPACT))) {
        json_decref(pay);
        return fail(err, errlen, "feedback: out of memory");
    }
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
    json_decref(pay);
    free(payload);
    return rc;
}

int store_outbox_pending(Store *s)
{
    int n = -1;
    return pragma_int(s, "SELECT count(*) FROM outbox WHERE acked_at IS NULL", &n) ? -1 : n;
}

int store_purge_personal(Store *s, int64_t now, int retention_days)
{
    static const char *const WIPE_SIGNUPS =
        "UPDATE signups SET name = '', email = '', phone = '', answers = '{}',"
        " personal_wiped = 1"
        " WHERE personal_wiped = 0 AND event_id IN (SELECT id FROM events WHERE start_time > 0"
        "   AND (CASE WHEN end_time > 0 THEN end_time ELSE start_time END) < ?1)";
    /* The copy waiting in the outbox goes too, sent or not: after the retention period the
     * data must not leave the kiosk either. */
    static const char *const WIPE_OUTBOX =
        "UPDATE outbox SET payload = json_set(payload, '$.name', '', '$.email', '',"
        "   '$.phone', '', '$.answers', json('{}'), '$.personal_wiped', json('true'))"
        " WHERE kind = 'signup' AND json_extract(payload, '$.personal_wiped') IS NULL"
        "   AND uuid IN (SELECT uuid FROM signups WHERE personal_wiped = 1)";
    sqlite3_stmt *st = NULL;
    int wiped = -1;
    if (tx_begin(s, NULL, 0)) return -1;
    if (sqlite3_prepare_v2(s->db, WIPE_SIGNUPS, -1, &st, NULL) != SQLITE_OK) goto cleanup;
    sqlite3_bind_int64(st, 1, now - (int64_t)retention_days * 86400);
    if (sqlite3_step(st) != SQLITE_DONE) goto cleanup;
    int n = sqlite3_changes(s->db);
    if (sqlite3_exec(s->db, WIPE_OUTBOX, NULL, NULL, NULL) != SQLITE_OK) goto cleanup;
    if (tx_commit(s, NULL, 0)) goto cleanup;
    wiped = n;
cleanup:
    sqlite3_finalize(st);
    if (wiped < 0) tx_rollback(s);
    return wiped;
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
        fmt_local(r->start_time, start, sizeof start);
        if (r->end_time) {
            fmt_local(r->end_time, end, sizeof end);
            /* Same day: only the clock time. */
            if (r->start_time && strncmp(start, end, 10) == 0) memmove(end, end + 11, 6);
        }
        if (!r->registration)
            copy_str(seats, sizeof seats, "drop-in");
        else if (r->capacity < 0)
            snprintf(seats, sizeof seats, "%d/-", r->confirmed_seats);
        else
            snprintf(seats, sizeof seats, "%d/%d", r->confirmed_seats, r->capacity);
        if (!r->registration || r->waitlist_capacity == 0)
            copy_str(wait, sizeof wait, "-");
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
        " s.personal_wiped, s.event_id, e.title_fi, e.start_time"
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
            copy_str(current, sizeof current, ev);
            fmt_local(sqlite3_column_int64(st, 11), when, sizeof when);
            fprintf(out, "%s%s  %s  %s\n", n ? "\n" : "", when, ev, col_text(st, 10));
            fprintf(out, "  %-6s  %-15s  %-5s  %-24s  %-28s  %-16s  %s\n", "CODE", "STATUS",
                    "GROUP", "NAME", "EMAIL", "PHONE", "ANSWERS");
        }
        char status[32];
        if (strcmp(col_text(st, 1), "waitlisted") == 0)
            snprintf(status, sizeof status, "waitlisted #%d", sqlite3_column_int(st, 2));
        else
            copy_str(status, sizeof status, col_text(st, 1));
        fprintf(out, "  %-6s  %-15s  %-5d  ", col_text(st, 0), status, sqlite3_column_int(st, 3));
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
        fmt_local(sqlite3_column_int64(st, 0), when, sizeof when);
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
