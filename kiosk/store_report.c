/*
 * store_report.c: the staff's tables on stdout (aukio events / signups / feedback). These are
 * the only place personal data leaves the database in clear, and only to the staff's terminal.
 */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>

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
        fprintf(out, "%-16s  %-5s  %-11s  %-9s  %-8s  ", start, end, sdb_status_text(r->status),
                seats, wait);
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
        " s.hub_reason, s.cancelled_at, s.attended"
        " FROM signups s JOIN events e ON e.id = s.event_id"
        " WHERE ?1 IS NULL OR s.event_id = ?1"
        " ORDER BY e.start_time, s.event_id, s.status = 'waitlisted', s.position, s.created_at,"
        " s.rowid";
    sqlite3_stmt *st;
    char current[RECORD_EVENT_ID_MAX + 1] = "";
    int n = 0, rc;
    if (sqlite3_prepare_v2(s->db, SQL, -1, &st, NULL) != SQLITE_OK)
        return sdb_fail(s, err, errlen, "sign-ups");
    if (event_id) sqlite3_bind_text(st, 1, event_id, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *ev = sdb_text(st, 9);
        if (strcmp(ev, current) != 0) {
            char when[32];
            str_copy(current, sizeof current, ev);
            time_format_local(sqlite3_column_int64(st, 11), "%Y-%m-%d %H:%M", "-", when,
                              sizeof when);
            fprintf(out, "%s%s  %s  %s\n", n ? "\n" : "", when, ev, sdb_text(st, 10));
            fprintf(out, "  %-6s  %-15s  %-5s  %-24s  %-28s  %-16s  %s\n", "CODE", "STATUS",
                    "GROUP", "NAME", "EMAIL", "PHONE", "ANSWERS");
        }
        char status[32], hub[64] = "";
        if (strcmp(sdb_text(st, 1), "waitlisted") == 0)
            snprintf(status, sizeof status, "waitlisted #%d", sqlite3_column_int(st, 2));
        else
            str_copy(status, sizeof status, sdb_text(st, 1));
        /* What the hub answered, when it differs from what the kiosk said (a sign-up the kiosk
         * put on the waiting list that the hub confirmed, say). */
        const char *hs = sdb_text(st, 12);
        if (strcmp(hs, "waitlisted") == 0)
            snprintf(hub, sizeof hub, "hub: waitlisted #%d", sqlite3_column_int(st, 13));
        else if (strcmp(hs, "rejected") == 0)
            snprintf(hub, sizeof hub, "hub: rejected (%s)", sdb_text(st, 14));
        else if (hs[0])
            snprintf(hub, sizeof hub, "hub: %s", hs);
        fprintf(out, "  %-6s  %-15s  %-5d  ", sdb_text(st, 0), status, sqlite3_column_int(st, 3));
        if (hub[0]) fprintf(out, "[%s]  ", hub);
        if (sqlite3_column_type(st, 15) != SQLITE_NULL) fputs("[cancelled here]  ", out);
        if (sqlite3_column_int(st, 16)) fputs("[came]  ", out); /* aukio checkin */
        if (sqlite3_column_int(st, 8)) {
            fputs("(personal data wiped)\n", out);
        } else {
            put_padded(out, sdb_text(st, 4), 24);
            fputs("  ", out);
            put_padded(out, sdb_text(st, 5), 28);
            fputs("  ", out);
            put_padded(out, sdb_text(st, 6), 16);
            fputs("  ", out);
            put_answers(out, sdb_text(st, 7));
            fputc('\n', out);
        }
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return sdb_fail(s, err, errlen, "sign-ups");
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
        return sdb_fail(s, err, errlen, "feedback");
    fprintf(out, "%-16s  %-5s  %-4s  %-24s  %s\n", "TIME", "SCORE", "LANG", "EVENT", "COMMENT");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char when[32];
        const char *ev = sdb_text(st, 2);
        time_format_local(sqlite3_column_int64(st, 0), "%Y-%m-%d %H:%M", "-", when, sizeof when);
        fprintf(out, "%-16s  %-5d  %-4s  ", when, sqlite3_column_int(st, 1), sdb_text(st, 3));
        put_padded(out, ev[0] ? ev : "(library)", 24);
        fprintf(out, "  %s\n", sdb_text(st, 4));
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return sdb_fail(s, err, errlen, "feedback");

    if (sqlite3_prepare_v2(s->db, SUMMARY, -1, &st, NULL) != SQLITE_OK)
        return sdb_fail(s, err, errlen, "feedback");
    fprintf(out, "\n%-24s  %-7s  %-7s  %5s %5s %5s %5s\n", "EVENT", "ANSWERS", "AVERAGE", "1", "2",
            "3", "4");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *ev = sdb_text(st, 0);
        put_padded(out, ev[0] ? ev : "(library)", 24);
        fprintf(out, "  %-7d  %-7.2f  %5d %5d %5d %5d\n", sqlite3_column_int(st, 1),
                sqlite3_column_double(st, 2), sqlite3_column_int(st, 3), sqlite3_column_int(st, 4),
                sqlite3_column_int(st, 5), sqlite3_column_int(st, 6));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return sdb_fail(s, err, errlen, "feedback");
    fprintf(out, "%d answer%s\n", n, n == 1 ? "" : "s");
    return 0;
}
