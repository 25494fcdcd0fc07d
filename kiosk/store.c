/*
 * store.c: the kiosk's SQLite database: its schema and migrations, the statements prepared once,
 * opening and closing, and the small SQL helpers the other store_*.c files share
 * (store_internal.h). What each table holds is said where it is created, below.
 *
 * Durability is the point: the visitor is told "you're in" only after COMMIT returned, and with
 * WAL + synchronous=FULL a returned COMMIT has been fsync'd. Each visitor action is one
 * BEGIN IMMEDIATE ... COMMIT and so one fsync, which matters on the SD cards kiosks run from.
 * IMMEDIATE takes the write lock up front, so the seat count read at the start of a sign-up
 * cannot change before its insert: two kiosks sharing a database cannot both take the last seat.
 *
 * The files: store_events.c (the catalogue and its rows), store_signups.c (sign-ups, feedback,
 * retention), store_sync.c (the sync client's half: outbox, grants, pull), store_report.c (the
 * staff's tables on stdout).
 *
 * Personal data (name, email, phone, answers) goes into the database and into staff reports on
 * stdout, never into an error message: errors carry SQLite's text, which names tables and
 * constraints but not values, and event ids, which are public.
 */
#include "store_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

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

    /* v4: what becomes of a sign-up later. The hub's later decisions come with each pull
     * (hub_pulled: hub_status was set by a pull, which is never older than the push's answer);
     * a sign-up cancelled here keeps its row with cancelled_at, and its cancel op goes through
     * the outbox, whose kinds SQLite cannot widen in place: the table is rebuilt, keeping its
     * AUTOINCREMENT sequence. */
    "ALTER TABLE signups ADD COLUMN hub_pulled INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE signups ADD COLUMN cancelled_at INTEGER;"
    "CREATE TABLE outbox_v4 ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('signup','cancel','feedback')),"
    "  payload TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  acked_at INTEGER,"
    "  result TEXT"
    ");"
    "INSERT INTO outbox_v4(seq, uuid, kind, payload, created_at, acked_at, result)"
    " SELECT seq, uuid, kind, payload, created_at, acked_at, result FROM outbox;"
    "UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM sqlite_sequence"
    " WHERE name = 'outbox')) WHERE name = 'outbox_v4';"
    "INSERT INTO sqlite_sequence(name, seq) SELECT 'outbox_v4', seq FROM sqlite_sequence"
    " WHERE name = 'outbox' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence"
    " WHERE name = 'outbox_v4');"
    "DROP TABLE outbox;"
    "ALTER TABLE outbox_v4 RENAME TO outbox;"
    "CREATE INDEX outbox_pending ON outbox(seq) WHERE acked_at IS NULL;",

    /* v5: provisional sign-ups. Beyond its grants an enrolled kiosk asks the hub; when the hub
     * cannot be reached and its last count had free seats, the sign-up is provisional (the hub
     * decides when it arrives). Its seats count as taken here until the hub answers
     * (pend_prov_seats), so the kiosk never promises one free seat twice; signups.pending_wait
     * is 2 for such a sign-up (1 = told the waiting list, 0 = answered or confirmed). */
    "ALTER TABLE events ADD COLUMN pend_prov_seats INTEGER NOT NULL DEFAULT 0;"
    /* signups.status gains 'provisional', which a CHECK cannot widen in place: rebuilt. */
    "CREATE TABLE signups_v5 ("
    "  uuid TEXT PRIMARY KEY NOT NULL,"
    "  code TEXT NOT NULL UNIQUE,"
    "  event_id TEXT NOT NULL REFERENCES events(id),"
    "  status TEXT NOT NULL CHECK (status IN ('confirmed','waitlisted','provisional')),"
    "  position INTEGER NOT NULL DEFAULT 0,"
    "  group_size INTEGER NOT NULL CHECK (group_size >= 1),"
    "  name TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL,"
    "  answers TEXT NOT NULL DEFAULT '{}',"
    "  lang TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  personal_wiped INTEGER NOT NULL DEFAULT 0,"
    "  grant_id TEXT,"
    "  pending_wait INTEGER NOT NULL DEFAULT 0,"
    "  hub_status TEXT,"
    "  hub_position INTEGER NOT NULL DEFAULT 0,"
    "  hub_reason TEXT,"
    "  hub_pulled INTEGER NOT NULL DEFAULT 0,"
    "  cancelled_at INTEGER"
    ");"
    "INSERT INTO signups_v5 SELECT uuid, code, event_id, status, position, group_size, name,"
    " email, phone, answers, lang, created_at, personal_wiped, grant_id, pending_wait,"
    " hub_status, hub_position, hub_reason, hub_pulled, cancelled_at FROM signups;"
    "DROP TABLE signups;"
    "ALTER TABLE signups_v5 RENAME TO signups;"
    "CREATE INDEX signups_event ON signups(event_id);",

    /* v6: staff-only events (x_aukio.staff_only: kept for staff mode, off visitor screens), and
     * the feedback follow-up's reason chips (a comma list of ids, updated by the follow-up). */
    "ALTER TABLE events ADD COLUMN staff_only INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE feedback ADD COLUMN reasons TEXT NOT NULL DEFAULT '';",

    /* v7 (issue 10): check-in at the door. A sign-up records whether its party came (attended)
     * and when staff last changed that (attended_at, 0 = never); each change goes to the hub as
     * a checkin op, a kind the outbox's CHECK cannot widen in place: rebuilt as in v4, keeping
     * its AUTOINCREMENT sequence. */
    "ALTER TABLE signups ADD COLUMN attended INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE signups ADD COLUMN attended_at INTEGER NOT NULL DEFAULT 0;"
    "CREATE TABLE outbox_v7 ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('signup','cancel','feedback','checkin')),"
    "  payload TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  acked_at INTEGER,"
    "  result TEXT"
    ");"
    "INSERT INTO outbox_v7(seq, uuid, kind, payload, created_at, acked_at, result)"
    " SELECT seq, uuid, kind, payload, created_at, acked_at, result FROM outbox;"
    "UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM sqlite_sequence"
    " WHERE name = 'outbox')) WHERE name = 'outbox_v7';"
    "INSERT INTO sqlite_sequence(name, seq) SELECT 'outbox_v7', seq FROM sqlite_sequence"
    " WHERE name = 'outbox' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence"
    " WHERE name = 'outbox_v7');"
    "DROP TABLE outbox;"
    "ALTER TABLE outbox_v7 RENAME TO outbox;"
    "CREATE INDEX outbox_pending ON outbox(seq) WHERE acked_at IS NULL;",

    /* v8: the staff PIN (staff_pin.h): its Argon2id hash only, the wrong tries in a row and when
     * the pad opens again (wall clock, ms), so that a restart does not lift a lock. */
    "CREATE TABLE staff_pin ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  hash TEXT NOT NULL,"
    "  fails INTEGER NOT NULL DEFAULT 0 CHECK (fails >= 0),"
    "  locked_until INTEGER NOT NULL DEFAULT 0"
    ");",

    /* v9: where the kiosk stands, set by staff (store_venue.h) over the config's "venue": the
     * venue (an id or a name, as the config takes it), whether the list shows every venue
     * rather than opening on this one, and the language after idle ('' = the config's). */
    "CREATE TABLE kiosk_venue ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  venue TEXT NOT NULL CHECK (length(venue) BETWEEN 1 AND 127),"
    "  show_all INTEGER NOT NULL DEFAULT 0 CHECK (show_all IN (0, 1)),"
    "  language TEXT NOT NULL DEFAULT '' CHECK (language IN ('', 'fi', 'sv', 'en'))"
    ");",

    /* v10: events made on the spot by staff (store_spot.h). spot: 0 = from the catalogue or an
     * import, 1 = made here and not yet answered by the hub (a snapshot must not take it for
     * gone, and its grant is not settled before the hub has the event), 2 = the hub has it,
     * 3 = the hub refused it (spot_reason says why; it stays on this kiosk only). The op that
     * carries it is of a new kind, so the outbox is rebuilt as in v7. */
    "ALTER TABLE events ADD COLUMN spot INTEGER NOT NULL DEFAULT 0 CHECK (spot BETWEEN 0 AND 3);"
    "ALTER TABLE events ADD COLUMN spot_reason TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE outbox_v10 ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('signup','cancel','feedback','checkin','event')),"
    "  payload TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  acked_at INTEGER,"
    "  result TEXT"
    ");"
    "INSERT INTO outbox_v10(seq, uuid, kind, payload, created_at, acked_at, result)"
    " SELECT seq, uuid, kind, payload, created_at, acked_at, result FROM outbox;"
    "UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM sqlite_sequence"
    " WHERE name = 'outbox')) WHERE name = 'outbox_v10';"
    "INSERT INTO sqlite_sequence(name, seq) SELECT 'outbox_v10', seq FROM sqlite_sequence"
    " WHERE name = 'outbox' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence"
    " WHERE name = 'outbox_v10');"
    "DROP TABLE outbox;"
    "ALTER TABLE outbox_v10 RENAME TO outbox;"
    "CREATE INDEX outbox_pending ON outbox(seq) WHERE acked_at IS NULL;",

    /* v11: the kiosk's own pop-up venue (store_venue.h), which the catalogue does not know: its
     * id, made once ("popup:" and a UUID) and kept when staff name it again, its name and an
     * address or short description per language ('' = falls back to another language). While
     * the kiosk stands at it, kiosk_venue.venue is this id. */
    "CREATE TABLE kiosk_popup_venue ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  venue_id TEXT NOT NULL CHECK (venue_id LIKE 'popup:%'),"
    "  name_fi TEXT NOT NULL DEFAULT '', name_sv TEXT NOT NULL DEFAULT '',"
    "  name_en TEXT NOT NULL DEFAULT '',"
    "  note_fi TEXT NOT NULL DEFAULT '', note_sv TEXT NOT NULL DEFAULT '',"
    "  note_en TEXT NOT NULL DEFAULT ''"
    ");",

    /* v12 (issue 12): nothing the visitor waits for grows with the catalogue. The list reads
     * no documents: x_aukio.all_day becomes a column (read per row from event_docs' JSON it was
     * 40 ms of a 10,000-event list); the label's count reads one index alone (events_live: only
     * the rows the list can show); the start-up purge starts from the sign-ups. */
    "ALTER TABLE events ADD COLUMN all_day INTEGER NOT NULL DEFAULT 0;"
    "UPDATE events SET all_day = coalesce((SELECT json_extract(d.json, '$.x_aukio.all_day')"
    " FROM event_docs d WHERE d.id = events.id), 0) != 0;"
    "CREATE INDEX events_live ON events(start_time, end_time, staff_only, venue_id, category,"
    " gone) WHERE gone = 0;" /* gone in it too: else SQLite reads each row to check it */
    /* The start-up purge walks the sign-ups still holding personal data, not every event. */
    "CREATE INDEX signups_unwiped ON signups(event_id) WHERE personal_wiped = 0;",

    /* v13 (issue 12): a kiosk holds a page of its list, not all of it (store_page.c). The
     * list's order (start, end, id) is the index's, so a page at any position is found by
     * stepping over index entries without reading a row, or sorting; registration is in it for
     * staff's list of events with sign-ups. */
    "DROP INDEX events_live;"
    "CREATE INDEX events_live ON events(start_time, end_time, id, staff_only, venue_id, category,"
    " registration, gone) WHERE gone = 0;"
    /* The rows that end within a span, for the count of the next minute's list (the one before
     * less those; store_page_count_ended): by the list's end, what app_row_ended reads. */
    "CREATE INDEX events_ended ON events((CASE WHEN end_time > 0 THEN end_time ELSE start_time"
    " END), start_time, staff_only, venue_id, category) WHERE gone = 0 AND start_time > 0;",
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
    " (CASE WHEN hub_seen THEN max(hub_confirmed + hub_held - grant_left, 0) + pend_prov_seats"    \
    "  ELSE confirmed_seats END) + reserved_seats,"                                                \
    " CASE WHEN hub_seen THEN hub_waitlisted + pend_wait_seats ELSE waitlisted_seats END,"         \
    " CASE WHEN hub_seen THEN hub_waitlisted + pend_wait_count ELSE waitlisted_count END, "        \
    "hub_seen, grant_left, staff_only,"                                                            \
    " all_day"

/* A row of known time that has not ended at ?1 (app_row_ended); the list's own statements, by
 * the filters a query has, are store_page.c's (list_stmt). */
#define LIST_ENDS_FROM "(CASE WHEN end_time > 0 THEN end_time ELSE start_time END) >= ?1"
#define AT_HOME                                                                                    \
    "venue_id != '' AND (venue_id = ?5 OR venue_fi = ?5 COLLATE NOCASE"                            \
    " OR venue_sv = ?5 COLLATE NOCASE OR venue_en = ?5 COLLATE NOCASE)"
#define REG_KNOWN "gone = 0 AND start_time > 0 AND " LIST_ENDS_FROM " AND registration = 1"
#define REG_UNKNOWN "gone = 0 AND start_time = 0 AND status = 'postponed' AND registration = 1"
#define NAMED "(?6 = 0 OR venue_fi != '' OR venue_sv != '' OR venue_en != '')"

/* An event's columns as sdb_event_upsert binds them (?1 to ?23), and what a re-import updates:
 * everything but the seat counters. */
#define UPSERT_COLS                                                                                \
    "id, title_fi, title_sv, title_en, venue_fi, venue_sv, venue_en, venue_id, category,"          \
    " start_time, end_time, status, registration, capacity, waitlist_capacity, max_group_size,"    \
    " enrolment_start, enrolment_end, reserved_seats, question_ids, imported_at, staff_only,"      \
    " all_day"
#define UPSERT_VALS                                                                                \
    "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,"   \
    " ?21, ?22, ?23"
#define UPSERT_SET                                                                                 \
    "title_fi = excluded.title_fi, title_sv = excluded.title_sv, title_en = excluded.title_en,"    \
    " venue_fi = excluded.venue_fi, venue_sv = excluded.venue_sv, venue_en = excluded.venue_en,"   \
    " venue_id = excluded.venue_id, category = excluded.category,"                                 \
    " start_time = excluded.start_time, end_time = excluded.end_time, status = excluded.status,"   \
    " registration = excluded.registration, capacity = excluded.capacity,"                         \
    " waitlist_capacity = excluded.waitlist_capacity, max_group_size = excluded.max_group_size,"   \
    " enrolment_start = excluded.enrolment_start, enrolment_end = excluded.enrolment_end,"         \
    " reserved_seats = excluded.reserved_seats, question_ids = excluded.question_ids,"             \
    " imported_at = excluded.imported_at, staff_only = excluded.staff_only,"                       \
    " all_day = excluded.all_day, gone = 0"

static const char *const STMT_SQL[ST_COUNT] = {
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_EVENT_ROW] = "SELECT " ROW_COLS " FROM events WHERE id = ?1 AND gone = 0",
    [ST_SIGNUP_EVENT] = "SELECT " ROW_COLS ", question_ids FROM events WHERE id = ?1 AND gone = 0",
    /* Walks the start-time index, so rows come out in order without a sort, and decides from
     * the index alone which rows to read. */
    [ST_UPCOMING] = "SELECT " ROW_COLS " FROM events"
                    " WHERE start_time > 0"
                    "   AND (CASE WHEN end_time > 0 THEN end_time ELSE start_time END) >= ?1"
                    "   AND gone = 0"
                    " ORDER BY start_time, end_time, id",
    /* At least the rows ST_UPCOMING and ST_UPCOMING_UNKNOWN give (every row of unknown time,
     * postponed or not), from the index alone: it sizes their allocation. */
    [ST_UPCOMING_COUNT] =
        "SELECT count(*) FROM events INDEXED BY events_live"
        " WHERE gone = 0 AND (start_time = 0 OR start_time > 0"
        "   AND (CASE WHEN end_time > 0 THEN end_time ELSE start_time END) >= ?1)",
    /* The rows of the attract screen (?1 now, ?3 staff, ?5 the venue or '', ?6 how many), as
     * app_attract_events picks them: nothing of unknown time is scheduled. */
    [ST_PAGE_ATTRACT] =
        "SELECT rowid FROM events INDEXED BY events_live WHERE gone = 0"
        " AND start_time > 0 AND " LIST_ENDS_FROM " AND (?3 OR staff_only = 0)"
        " AND (?5 = '' OR venue_id = ?5) AND status NOT IN ('cancelled', 'postponed')"
        " ORDER BY start_time, end_time, id LIMIT ?6",
    /* The feedback screen's (app_feedback_events): ?1 the list's first day, ?2 the next day's
     * start, ?4 an hour from now. */
    [ST_PAGE_FEEDBACK] = "SELECT rowid FROM events INDEXED BY events_live WHERE gone = 0"
                         " AND start_time >= ?1 AND start_time < ?2 AND start_time <= ?4"
                         " AND " LIST_ENDS_FROM " AND (?3 OR staff_only = 0)"
                         " AND (?5 = '' OR venue_id = ?5)"
                         " AND status NOT IN ('cancelled', 'postponed')"
                         " ORDER BY start_time, end_time, id LIMIT ?6",
    /* The first row not ended at ?1 at the venue ?5 names (app_resolve_home_venue: its id, or
     * a name in any language, case aside). */
    [ST_PAGE_HOME] = "SELECT coalesce((SELECT rowid FROM events WHERE gone = 0 AND start_time > 0"
                     " AND " LIST_ENDS_FROM " AND " AT_HOME " ORDER BY start_time, end_time, id"
                     " LIMIT 1), (SELECT rowid FROM events WHERE gone = 0 AND start_time = 0"
                     " AND status = 'postponed' AND " AT_HOME " ORDER BY id LIMIT 1))",
    /* The first row of the list from ?1 at venue ?5 (with a name when ?6): what the list's
     * venue chip and the place's name show (view_list.c, view_common.c). */
    [ST_PAGE_AT_VENUE] =
        "SELECT coalesce((SELECT rowid FROM events INDEXED BY events_live"
        " WHERE gone = 0 AND start_time > 0 AND " LIST_ENDS_FROM " AND venue_id = ?5 AND " NAMED
        " ORDER BY start_time, end_time, id"
        " LIMIT 1), (SELECT rowid FROM events WHERE gone = 0 AND start_time = 0"
        " AND status = 'postponed' AND venue_id = ?5 AND " NAMED " ORDER BY id LIMIT 1))",
    /* Every row not ended at ?1 with what the pickers group by, in the list's order. */
    [ST_PAGE_GROUPS] = "SELECT rowid, venue_id, category, staff_only FROM events"
                       " INDEXED BY events_live WHERE gone = 0 AND start_time > 0"
                       " AND " LIST_ENDS_FROM " ORDER BY start_time, end_time, id",
    [ST_PAGE_GROUPS_UNKNOWN] = "SELECT rowid, venue_id, category, staff_only FROM events"
                               " WHERE gone = 0 AND start_time = 0 AND status = 'postponed'"
                               " ORDER BY id",
    /* An event a screen has open, if it is on the list from ?1. */
    [ST_PAGE_PINNED] = "SELECT rowid FROM events WHERE id = ?5 AND gone = 0 AND (start_time = 0"
                       " AND status = 'postponed' OR start_time > 0 AND " LIST_ENDS_FROM ")",
    /* Staff's list of the events with sign-ups (?1: the list's first moment, today's start). */
    [ST_PAGE_REG_COUNT] =
        "SELECT (SELECT count(*) FROM events INDEXED BY events_live WHERE " REG_KNOWN "),"
        " (SELECT count(*) FROM events WHERE " REG_UNKNOWN ")",
    [ST_PAGE_REG_KNOWN] = "SELECT rowid FROM events INDEXED BY events_live WHERE " REG_KNOWN
                          " ORDER BY start_time, end_time, id LIMIT ?6 OFFSET ?7",
    [ST_PAGE_REG_UNKNOWN] =
        "SELECT rowid FROM events WHERE " REG_UNKNOWN " ORDER BY id LIMIT ?6 OFFSET ?7",
    [ST_EVENT_VENUE_BY_ROWID] = "SELECT venue_id FROM events WHERE rowid = ?1",
    /* The page's rows (?1: a JSON array of rowids), in the list's order: those of unknown time by
     * id alone, as row_cmp and ST_UPCOMING_UNKNOWN have them (a postponed event may keep its end).
     */
    [ST_PAGE_ROWS] = "SELECT " ROW_COLS ", rowid FROM events WHERE rowid IN (SELECT value FROM"
                     " json_each(?1)) ORDER BY start_time = 0, start_time,"
                     " CASE WHEN start_time = 0 THEN 0 ELSE end_time END, id",
    [ST_UPCOMING_UNKNOWN] =
        "SELECT " ROW_COLS " FROM events"
        " WHERE start_time = 0 AND status = 'postponed' AND gone = 0 ORDER BY id",
    [ST_EVENT_JSON] = "SELECT d.json FROM event_docs d JOIN events e ON e.id = d.id"
                      " WHERE d.id = ?1 AND e.gone = 0",
    [ST_EVENT_UPSERT] = "INSERT INTO events (" UPSERT_COLS ") VALUES (" UPSERT_VALS ")"
                        " ON CONFLICT(id) DO UPDATE SET " UPSERT_SET,
    /* A change pulled from the hub: its seat counts in the same statement. */
    [ST_EVENT_UPSERT_HUB] =
        "INSERT INTO events (" UPSERT_COLS ", hub_seen, hub_confirmed, hub_waitlisted, hub_held,"
        " hub_gen) VALUES (" UPSERT_VALS ", 1, ?24, ?25, ?26, ?27)"
        " ON CONFLICT(id) DO UPDATE SET " UPSERT_SET ", hub_seen = 1,"
        " hub_confirmed = excluded.hub_confirmed, hub_waitlisted = excluded.hub_waitlisted,"
        " hub_held = excluded.hub_held, hub_gen = excluded.hub_gen",
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
    [ST_FEEDBACK_UPDATE] =
        "UPDATE feedback SET score = ?2, comment = ?3, reasons = ?4 WHERE uuid = ?1",
};

/* ---- Helpers ------------------------------------------------------------------------------ */

int sdb_fail(Store *s, char *err, size_t errlen, const char *what)
{
    return err_set(err, errlen, "%s: %s", what, sqlite3_errmsg(s->db));
}

sqlite3_stmt *sdb_stmt(Store *s, int which)
{
    sqlite3_reset(s->st[which]);
    sqlite3_clear_bindings(s->st[which]);
    return s->st[which];
}

int sdb_run(Store *s, int which)
{
    sqlite3_stmt *st = sdb_stmt(s, which);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int sdb_begin(Store *s, char *err, size_t errlen)
{
    if (sdb_run(s, ST_BEGIN) != SQLITE_OK) return sdb_fail(s, err, errlen, "begin transaction");
    return 0;
}

int sdb_commit(Store *s, char *err, size_t errlen)
{
    if (sdb_run(s, ST_COMMIT) != SQLITE_OK) return sdb_fail(s, err, errlen, "commit");
    return 0;
}

void sdb_rollback(Store *s)
{
    if (!sqlite3_get_autocommit(s->db)) (void)sdb_run(s, ST_ROLLBACK);
}

int sdb_exec(Store *s, const char *sql, char *err, size_t errlen, const char *what)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        err_set(err, errlen, "%s: %s", what, msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int sdb_int(Store *s, const char *sql, int *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

void sdb_journal_mode(Store *s, const char *mode, char *out, size_t n)
{
    char sql[48];
    snprintf(sql, sizeof sql, "PRAGMA journal_mode = %s", mode);
    out[0] = '\0';
    for (int waited = 0;; waited += 5) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return;
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) str_copy(out, n, sdb_text(st, 0));
        sqlite3_finalize(st);
        bool busy = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
        if (!busy || waited >= BUSY_TIMEOUT_MS) return;
        sqlite3_sleep(5);
    }
}

const char *sdb_status_text(EventStatus st)
{
    return (unsigned)st < sizeof STATUS_TEXT / sizeof STATUS_TEXT[0] ? STATUS_TEXT[st]
                                                                     : "scheduled";
}

EventStatus sdb_status_from_text(const char *t)
{
    for (size_t i = 0; t && i < sizeof STATUS_TEXT / sizeof STATUS_TEXT[0]; i++)
        if (strcmp(t, STATUS_TEXT[i]) == 0) return (EventStatus)i;
    return EVENT_SCHEDULED;
}

const char *sdb_text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? (const char *)t : "";
}

/* Fills R from the statement's current row. The id, titles, venue names, venue id and category
 * are left "": they are variable-length and live where the caller keeps them (see row_add,
 * store_event_row). */
void sdb_row(sqlite3_stmt *st, EventRow *r)
{
    memset(r, 0, sizeof *r);
    r->id = "";
    for (int l = 0; l < LANG_COUNT; l++)
        r->title[l] = r->venue[l] = "";
    r->venue_id = r->category = "";
    r->start_time = sqlite3_column_int64(st, 9);
    r->end_time = sqlite3_column_int64(st, 10);
    r->status = sdb_status_from_text(sdb_text(st, 11));
    r->registration = sqlite3_column_int(st, 12) != 0;
    r->capacity = sqlite3_column_int(st, 13);
    r->waitlist_capacity = sqlite3_column_int(st, 14);
    r->max_group_size = sqlite3_column_int(st, 15);
    r->enrolment_start = sqlite3_column_int64(st, 16);
    r->enrolment_end = sqlite3_column_int64(st, 17);
    r->confirmed_seats = sqlite3_column_int(st, 18);
    r->waitlisted_seats = sqlite3_column_int(st, 19);
    r->waitlisted_count = sqlite3_column_int(st, 20);
    r->hub_seen = sqlite3_column_int(st, COL_HUB_SEEN) != 0;
    r->grant_left = sqlite3_column_int(st, COL_GRANT_LEFT);
    r->staff_only = sqlite3_column_int(st, COL_STAFF_ONLY) != 0;
    r->all_day = sqlite3_column_int(st, COL_ALL_DAY) != 0;
}

/* Runs SQL with up to three text and two integer parameters (?1..?3 text, ?4..?5 int; NULL
 * texts are bound as NULL). For the sync paths, which are not hot enough to cache statements.
 * Returns the SQLite step result (SQLITE_DONE or SQLITE_ROW) or an error code. */
int sdb_bound(Store *s, const char *sql, const char *t1, const char *t2, const char *t3, int64_t i4,
              int64_t i5)
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

/* A random (version 4) UUID, lower-case hex, from libsodium's generator. */
void sdb_uuid_v4(char out[RECORD_UUID_LEN + 1])
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

/* ---- Clock ------------------------------------------------------------------------------- */

int64_t store_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- Open, migrate, close ----------------------------------------------------------------- */

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

static int migrate(Store *s, const char *path, char *err, size_t errlen)
{
    int v = 0;
    if (sdb_int(s, "PRAGMA user_version", &v))
        return err_set(err, errlen, "%s: %s", path, sqlite3_errmsg(s->db));
    if (v > STORE_SCHEMA_VERSION)
        return err_set(err, errlen,
                       "%s: database schema version %d is newer than this program's (%d); "
                       "use a newer Aukio or another database file",
                       path, v, STORE_SCHEMA_VERSION);
    while (v < STORE_SCHEMA_VERSION) {
        char what[64], sql[64];
        /* One transaction per step: a crash between steps leaves a valid, older version. */
        if (sdb_exec(s, "BEGIN IMMEDIATE", err, errlen, path)) return -1;
        if (sdb_int(s, "PRAGMA user_version", &v)) { /* another process may have migrated */
            sdb_fail(s, err, errlen, path);
            goto rollback;
        }
        if (v >= STORE_SCHEMA_VERSION) {
            if (sdb_exec(s, "COMMIT", err, errlen, path)) goto rollback;
            break;
        }
        snprintf(what, sizeof what, "%s: migrating to schema version %d", path, v + 1);
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        if (sdb_exec(s, MIGRATIONS[v], err, errlen, what) || sdb_exec(s, sql, err, errlen, what) ||
            sdb_exec(s, "COMMIT", err, errlen, what))
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
    /* Sign-ups and the staff PIN's hash: the file is 0600, and SQLite gives the -wal and -shm
     * the database's mode. */
    bool narrowed = false;
    if (file_db_private(path, &narrowed, err, errlen) != AUKIO_OK) goto error;
    if (narrowed) fprintf(stderr, "aukio: %s: others could read it; now mode 0600\n", path);
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

    /* Also a database a fresh kiosk's first snapshot left in the rollback journal's mode
     * (store_sync_bulk_begin), waiting while that pull writes a page. */
    sdb_journal_mode(s, "WAL", journal, sizeof journal);
    if (strcmp(journal, "wal") != 0 && strcmp(path, ":memory:") != 0) {
        err_set(err, errlen, "%s: cannot switch to WAL journaling (%s)", path,
                journal[0] ? journal : sqlite3_errmsg(s->db));
        goto error;
    }
    if (sdb_exec(s,
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
            sdb_fail(s, err, errlen, path);
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
    for (int k = 0; k < PAGE_ST_KINDS; k++)
        for (int v = 0; v < PAGE_ST_VARIANTS; v++)
            sqlite3_finalize(s->page_st[k][v]);
    sqlite3_close(s->db);
    free(s);
}

int store_schema_version(Store *s)
{
    int v = -1;
    return sdb_int(s, "PRAGMA user_version", &v) ? -1 : v;
}

int store_set_cache_kib(Store *s, int kib)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", kib > 0 ? kib : 1);
    return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}
