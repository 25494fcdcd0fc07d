/*
 * test_store_staff.c: staff mode's half of the store (kiosk/store_staff.h): the check-in at the
 * door with its outbox op in the same transaction (exactly one op per change, none for a repeat,
 * nothing for an unknown or cancelled sign-up), and the attendee list staff see: status, order,
 * answers, attendance. Also the schema step to version 7 from a version 6 file, and where the
 * kiosk stands (store_venue.h): a pop-up venue's id made once, refusals that change nothing, and
 * the current venue resolved for code that places things at it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "store.h"
#include "store_staff.h"
#include "store_sync.h"
#include "store_venue.h"
#include "test_db.h"

#define WEEK_FILE FIXTURES_DIR "/aukio/library_week.json"
#define SATU "aukio:satutunti-0318" /* 12 seats, 2 reserved, waiting list 4, groups of 3 */
#define BOOKS "aukio:kirjapiiri-0320"
#define NOW_OPEN 1773741600 /* 2026-03-17 12:00: enrolment open */

static char g_dir[256];

static void db_path(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/%s.db", g_dir, name);
}

static int group_setup(void **state)
{
    (void)state;
    return test_dir_make(g_dir, sizeof g_dir, "staff");
}

static int group_teardown(void **state)
{
    (void)state;
    return test_dir_remove(g_dir);
}

static Store *open_named(const char *name, bool fresh)
{
    char path[512], err[256] = "";
    Store *s = NULL;
    db_path(path, sizeof path, name);
    if (fresh) unlink(path);
    if (store_open(&s, path, err, sizeof err)) fail_msg("store_open: %s", err);
    return s;
}

static Store *open_week(const char *name)
{
    Store *s = open_named(name, true);
    char err[512] = "";
    int n = 0;
    if (store_import_file(s, WEEK_FILE, 0, &n, err, sizeof err)) fail_msg("import: %s", err);
    return s;
}

static long long q_int(const char *name, const char *sql)
{
    char path[512];
    sqlite3 *db;
    sqlite3_stmt *st;
    db_path(path, sizeof path, name);
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void q_exec(const char *name, const char *sql)
{
    char path[512];
    sqlite3 *db;
    db_path(path, sizeof path, name);
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    sqlite3_close(db);
}

static SignupResult signup(Store *s, const char *event_id, const char *name, int group, int64_t now)
{
    SignupRequest r;
    memset(&r, 0, sizeof r);
    snprintf(r.event_id, sizeof r.event_id, "%s", event_id);
    snprintf(r.name, sizeof r.name, "%s", name);
    snprintf(r.email, sizeof r.email, "maija@lahti.fi");
    snprintf(r.phone, sizeof r.phone, "040 123 4567");
    snprintf(r.answers[1], sizeof r.answers[1], "5-6");
    r.group_size = group;
    r.consent = true;
    r.lang = LANG_SV;
    SignupResult res;
    char err[256] = "";
    if (store_signup_commit(s, &r, now, &res, err, sizeof err)) fail_msg("signup: %s", err);
    return res;
}

/* The pending outbox rows of kind checkin, parsed: their count, and the last one in *LAST. */
static int checkin_ops(Store *s, WireOp *last, json_t **keep)
{
    OutboxItem *items = NULL;
    int n = 0, found = 0;
    char err[256], why[160];
    assert_int_equal(store_outbox_batch(s, 100, &items, &n, err, sizeof err), 0);
    for (int i = 0; i < n; i++) {
        if (strcmp(items[i].kind, "checkin") != 0) continue;
        json_t *j = json_loads(items[i].payload, 0, NULL);
        assert_non_null(j);
        if (wire_op_parse(last, j, why, sizeof why)) fail_msg("%s: %s", items[i].payload, why);
        assert_int_equal(last->kind, WIRE_OP_CHECKIN);
        assert_string_equal(last->uuid, items[i].uuid);
        if (*keep) json_decref(*keep);
        *keep = j; /* LAST borrows from it */
        found++;
    }
    store_outbox_free(items, n);
    return found;
}

/* ---- Check-in ----------------------------------------------------------------------------- */

static void test_checkin(void **state)
{
    (void)state;
    Store *s = open_week("checkin");
    char err[256] = "";
    SignupResult a = signup(s, SATU, "Maija", 2, NOW_OPEN);
    SignupResult b = signup(s, SATU, "Ville", 1, NOW_OPEN + 1);
    assert_int_equal(a.outcome, SIGNUP_CONFIRMED);
    WireOp op;
    json_t *keep = NULL;

    /* Attended: the row is marked and one op names the sign-up. Lower case codes work too. */
    char lower[RECORD_CODE_LEN + 1];
    for (int i = 0; i <= RECORD_CODE_LEN; i++)
        lower[i] = (char)(a.code[i] >= 'A' && a.code[i] <= 'Z' ? a.code[i] + 32 : a.code[i]);
    assert_int_equal(store_checkin_set(s, lower, true, NOW_OPEN + 100, err, sizeof err), AUKIO_OK);
    assert_int_equal(checkin_ops(s, &op, &keep), 1);
    assert_string_equal(op.signup, a.uuid);
    assert_int_equal(op.attended, 1);
    assert_true(op.created_at == NOW_OPEN + 100);

    /* Again: already so, nothing more to send. */
    assert_int_equal(store_checkin_set(s, a.code, true, NOW_OPEN + 101, err, sizeof err), AUKIO_OK);
    assert_int_equal(checkin_ops(s, &op, &keep), 1);

    /* The undo is an op of its own. */
    assert_int_equal(store_checkin_set(s, a.code, false, NOW_OPEN + 102, err, sizeof err),
                     AUKIO_OK);
    assert_int_equal(checkin_ops(s, &op, &keep), 2);
    assert_int_equal(op.attended, 0);
    assert_string_equal(op.signup, a.uuid);

    /* Unknown code, empty code: nothing written. */
    assert_int_equal(store_checkin_set(s, "ZZZZZZ", true, NOW_OPEN, err, sizeof err),
                     AUKIO_ERR_NOT_FOUND);
    assert_non_null(strstr(err, "no sign-up"));
    assert_int_equal(store_checkin_set(s, "", true, NOW_OPEN, err, sizeof err), AUKIO_ERR);

    /* Cancelled: refused, nothing written. */
    assert_int_equal(store_signup_cancel(s, b.code, NOW_OPEN + 200, err, sizeof err), 0);
    assert_int_equal(store_checkin_set(s, b.code, true, NOW_OPEN + 201, err, sizeof err),
                     AUKIO_ERR_INVALID);
    assert_non_null(strstr(err, "cancelled"));
    assert_int_equal(checkin_ops(s, &op, &keep), 2);
    json_decref(keep);
    store_close(s);
    assert_int_equal(q_int("checkin", "SELECT attended FROM signups WHERE name = 'Maija'"), 0);
    assert_int_equal(q_int("checkin", "SELECT attended_at FROM signups WHERE name = 'Maija'"),
                     NOW_OPEN + 102);
    assert_int_equal(q_int("checkin", "SELECT count(*) FROM signups WHERE attended = 1"), 0);
}

/* ---- The attendee list -------------------------------------------------------------------- */

static void test_attendees(void **state)
{
    (void)state;
    Store *s = open_week("attendees");
    char err[256] = "";
    /* 10 seats: 3 + 3 + 3 confirmed, then a party of 2 waits, then one of 1 fits (9 + 1). */
    SignupResult r1 = signup(s, SATU, "Aino", 3, NOW_OPEN);
    SignupResult r2 = signup(s, SATU, "Eino", 3, NOW_OPEN + 1);
    SignupResult r3 = signup(s, SATU, "Åsa, \"Ö\"", 3, NOW_OPEN + 2);
    SignupResult r4 = signup(s, SATU, "Waiting", 2, NOW_OPEN + 3);
    SignupResult r5 = signup(s, BOOKS, "Bookish", 1, NOW_OPEN + 4);
    assert_int_equal(r4.outcome, SIGNUP_WAITLISTED);
    assert_int_equal(store_signup_cancel(s, r1.code, NOW_OPEN + 10, err, sizeof err), 0);
    assert_int_equal(store_checkin_set(s, r2.code, true, NOW_OPEN + 20, err, sizeof err), AUKIO_OK);

    StaffAttendee *list = NULL;
    int n = -1;
    assert_int_equal(store_attendees_list(s, SATU, &list, &n, err, sizeof err), AUKIO_OK);
    assert_int_equal(n, 4);
    /* Confirmed first in sign-up order, then the waiting list, then the cancelled. */
    assert_string_equal(list[0].code, r2.code);
    assert_string_equal(list[1].code, r3.code);
    assert_string_equal(list[2].code, r4.code);
    assert_string_equal(list[3].code, r1.code);
    assert_int_equal(list[0].status, STAFF_CONFIRMED);
    assert_true(list[0].attended);
    assert_true(list[0].attended_at == NOW_OPEN + 20);
    assert_false(list[1].attended);
    assert_string_equal(list[1].name, "Åsa, \"Ö\"");
    assert_string_equal(list[1].phone, "040 123 4567");
    assert_string_equal(list[1].lang, "sv");
    assert_int_equal(list[1].group_size, 3);
    assert_int_equal(list[2].status, STAFF_WAITLISTED);
    assert_int_equal(list[2].position, 1);
    assert_int_equal(list[3].status, STAFF_CANCELLED);
    assert_true(list[3].cancelled_at == NOW_OPEN + 10);
    assert_string_equal(store_staff_status_name(list[2].status), "waitlisted");
    /* The answers by question id: "age" is the second question. */
    assert_int_equal(list[1].n_answers, 1);
    assert_string_equal(list[1].answers[0].question_id, "age");
    assert_string_equal(list[1].answers[0].text, "5-6");
    store_attendees_free(list, n);

    /* Every event: grouped by event id. */
    assert_int_equal(store_attendees_list(s, NULL, &list, &n, err, sizeof err), AUKIO_OK);
    assert_int_equal(n, 5);
    assert_string_equal(list[0].code, r5.code); /* "aukio:kirjapiiri" < "aukio:satutunti" */
    store_attendees_free(list, n);

    /* The hub's word wins once heard: rejected, and a pull that confirmed the waiting party. */
    q_exec("attendees", "UPDATE signups SET hub_status = 'rejected' WHERE name = 'Eino';"
                        "UPDATE signups SET hub_status = 'confirmed' WHERE name = 'Waiting'");
    assert_int_equal(store_attendees_list(s, SATU, &list, &n, err, sizeof err), AUKIO_OK);
    assert_int_equal(n, 4);
    assert_string_equal(list[0].code, r3.code);
    assert_string_equal(list[1].code, r4.code);
    assert_int_equal(list[1].status, STAFF_CONFIRMED);
    assert_int_equal(list[1].position, 0);
    assert_int_equal(list[3].status, STAFF_REJECTED);
    store_attendees_free(list, n);
    assert_int_equal(store_checkin_set(s, r2.code, false, NOW_OPEN + 30, err, sizeof err),
                     AUKIO_ERR_INVALID);

    /* No sign-ups: an empty list, no allocation. */
    assert_int_equal(store_attendees_list(s, "aukio:none", &list, &n, err, sizeof err), AUKIO_OK);
    assert_int_equal(n, 0);
    assert_null(list);
    store_close(s);
}

/* ---- Where the kiosk stands ----------------------------------------------------------------- */

static void test_venue(void **state)
{
    (void)state;
    Store *s = open_week("venue.db");
    char err[256] = "", id[STORE_VENUE_MAX] = "", id2[STORE_VENUE_MAX] = "";
    StoreVenuePlace at;
    /* None set: the config's venue, by name, resolved to the catalogue's id and names. */
    assert_int_equal(store_venue_current(s, "lahtis huvudbibliotek", &at, err, sizeof err),
                     AUKIO_OK);
    assert_string_equal(at.id, "tprek:8254");
    assert_string_equal(at.name[LANG_FI], "Lahden pääkirjasto");
    assert_string_equal(at.name[LANG_EN], "Lahti Main Library");
    assert_false(at.popup);
    assert_int_equal(store_venue_current(s, "", &at, err, sizeof err), AUKIO_OK);
    assert_string_equal(at.id, "");
    /* A name the catalogue does not know: no id, the name as given. */
    assert_int_equal(store_venue_current(s, "Kauppatori", &at, err, sizeof err), AUKIO_OK);
    assert_string_equal(at.id, "");
    assert_string_equal(at.name[LANG_SV], "Kauppatori");

    /* A pop-up venue: its id made once, kept when named again. */
    StoreVenue v = {.show_all = true, .language = "sv"};
    snprintf(v.name[LANG_FI], sizeof v.name[LANG_FI], "Kauppatori");
    snprintf(v.note[LANG_EN], sizeof v.note[LANG_EN], "by the fountain");
    assert_int_equal(store_venue_set_popup(s, &v, id, err, sizeof err), AUKIO_OK);
    assert_int_equal(strncmp(id, STORE_VENUE_POPUP, strlen(STORE_VENUE_POPUP)), 0);
    assert_int_equal(strlen(id), strlen(STORE_VENUE_POPUP) + RECORD_UUID_LEN);
    assert_int_equal(store_venue_current(s, "Lahden pääkirjasto", &at, err, sizeof err), AUKIO_OK);
    assert_true(at.popup);
    assert_string_equal(at.id, id);
    assert_string_equal(at.name[LANG_SV], "Kauppatori"); /* the fallback */
    assert_string_equal(at.note[LANG_FI], "by the fountain");
    StoreVenue got;
    assert_int_equal(store_venue_get(s, &got, err, sizeof err), AUKIO_OK);
    assert_true(got.set && got.popup && got.show_all);
    assert_string_equal(got.name[LANG_SV], ""); /* stored as typed */
    snprintf(v.name[LANG_FI], sizeof v.name[LANG_FI], "Salutorget");
    assert_int_equal(store_venue_set_popup(s, &v, id2, err, sizeof err), AUKIO_OK);
    assert_string_equal(id2, id);

    /* Refused with why, nothing changed. */
    StoreVenue bad = v;
    memset(bad.name, 0, sizeof bad.name);
    assert_int_equal(store_venue_set_popup(s, &bad, NULL, err, sizeof err), AUKIO_ERR_INVALID);
    assert_non_null(strstr(err, "needs a name"));
    bad = v;
    bad.note[LANG_SV][0] = '\x01';
    assert_int_equal(store_venue_set_popup(s, &bad, NULL, err, sizeof err), AUKIO_ERR_INVALID);
    assert_non_null(strstr(err, "the Swedish description has a control character at byte 1"));
    bad = v;
    snprintf(bad.language, sizeof bad.language, "de");
    assert_int_equal(store_venue_set_popup(s, &bad, NULL, err, sizeof err), AUKIO_ERR_INVALID);
    assert_int_equal(q_int("venue.db", "SELECT count(*) FROM kiosk_popup_venue WHERE name_fi ="
                                       " 'Salutorget' AND note_en = 'by the fountain'"),
                     1);

    /* A catalogue venue again, then cleared: the pop-up's id stays for the next one. */
    StoreVenue lib = {.venue = "tprek:8254"};
    assert_int_equal(store_venue_set(s, &lib, err, sizeof err), AUKIO_OK);
    assert_int_equal(store_venue_get(s, &got, err, sizeof err), AUKIO_OK);
    assert_false(got.popup);
    assert_int_equal(store_venue_clear(s, err, sizeof err), AUKIO_OK);
    assert_int_equal(store_venue_set_popup(s, &v, id2, err, sizeof err), AUKIO_OK);
    assert_string_equal(id2, id);
    store_close(s);
}

/* ---- Schema 6 to 7 ------------------------------------------------------------------------ */

static void test_migrate_v6(void **state)
{
    (void)state;
    Store *s = open_week("v6");
    SignupResult a = signup(s, SATU, "Maija", 1, NOW_OPEN);
    store_close(s);
    long long seq = q_int("v6", "SELECT max(seq) FROM outbox");
    /* Back to version 6: the outbox without the checkin kind, no attendance columns. */
    q_exec("v6", "CREATE TABLE outbox_old (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                 " uuid TEXT NOT NULL UNIQUE,"
                 " kind TEXT NOT NULL CHECK (kind IN ('signup','cancel','feedback')),"
                 " payload TEXT NOT NULL, created_at INTEGER NOT NULL, acked_at INTEGER,"
                 " result TEXT);"
                 "INSERT INTO outbox_old SELECT * FROM outbox; DROP TABLE outbox;"
                 "ALTER TABLE outbox_old RENAME TO outbox;"
                 "CREATE INDEX outbox_pending ON outbox(seq) WHERE acked_at IS NULL;"
                 "ALTER TABLE signups DROP COLUMN attended;"
                 "ALTER TABLE signups DROP COLUMN attended_at;"
                 "DROP TABLE staff_pin;"                /* v8, the staff PIN */
                 "DROP TABLE kiosk_venue;"              /* v9, the venue staff set */
                 "ALTER TABLE events DROP COLUMN spot;" /* v10, events made here */
                 "ALTER TABLE events DROP COLUMN spot_reason;"
                 "DROP TABLE kiosk_popup_venue;" /* v11, the pop-up venue */
                 "DROP INDEX events_ended;"      /* v13 */
                 "DROP INDEX events_live;"       /* v12 */
                 "DROP INDEX signups_unwiped;"
                 "ALTER TABLE events DROP COLUMN all_day;"
                 "PRAGMA user_version = 6;");
    s = open_named("v6", false);
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    char err[256] = "";
    assert_int_equal(store_checkin_set(s, a.code, true, NOW_OPEN + 5, err, sizeof err), AUKIO_OK);
    store_close(s);
    /* The sign-up's row kept, and the new op numbered after it. */
    assert_int_equal(q_int("v6", "SELECT count(*) FROM outbox WHERE kind = 'signup'"), 1);
    assert_true(q_int("v6", "SELECT seq FROM outbox WHERE kind = 'checkin'") > seq);
    assert_int_equal(q_int("v6", "SELECT count(*) FROM sqlite_sequence WHERE name = 'outbox'"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checkin),
        cmocka_unit_test(test_attendees),
        cmocka_unit_test(test_migrate_v6),
        cmocka_unit_test(test_venue),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
