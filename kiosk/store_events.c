/*
 * store_events.c: the catalogue on the kiosk: storing events (the hub's pages; a file is read by
 * store_import.c), the upcoming list the screens show, one event's row and its whole document.
 *
 * Seat counts are kept denormalised on the events row (confirmed_seats, waitlisted_seats,
 * waitlisted_count), updated in the same transaction as the sign-up, so listing 10,000 events
 * needs no join or subquery. confirmed_seats holds kiosk sign-ups only; the seats reserved
 * elsewhere (x_aukio.reserved_seats) are added when a row is read, so a re-import that changes
 * the reservation never has to touch the counters. Re-importing an event updates everything
 * except the counters.
 */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>
#include <time.h>

/* ---- Events ------------------------------------------------------------------------------- */

/* The event as JSON text (unless JSON_OUT is NULL) and its question ids as a JSON array; both
 * malloc'd, caller frees. */
static int event_texts(const Event *ev, char **json_out, char **qids_out)
{
    char *json = NULL, *qids = NULL;
    if (json_out) {
        json_t *j = event_to_json(ev);
        json = j ? json_dumps(j, JSON_COMPACT) : NULL;
        json_decref(j);
    }
    json_t *q = json_array();
    for (int i = 0; q && i < ev->n_questions; i++)
        json_array_append_new(q, json_string(ev->questions[i].id));
    qids = q ? json_dumps(q, JSON_COMPACT) : NULL;
    json_decref(q);
    if (qids && (json || !json_out)) {
        if (json_out) *json_out = json;
        *qids_out = qids;
        return 0;
    }
    free(json);
    free(qids);
    return -1;
}

/* Inserts or updates EV (with DOC as its document, or one built from EV when NULL), and with
 * SEATS the hub's counts in the same statement. */
static int upsert(Store *s, const Event *ev, const char *doc, size_t doc_len,
                  const SdbHubSeats *seats, int64_t imported_at, char *err, size_t errlen)
{
    char *json = NULL, *qids = NULL;
    const char *id = ev->id ? ev->id : "(no id)";
    if (event_texts(ev, doc ? NULL : &json, &qids))
        return err_set(err, errlen, "event %s: out of memory", id);
    sqlite3_stmt *st = sdb_stmt(s, seats ? ST_EVENT_UPSERT_HUB : ST_EVENT_UPSERT);
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
    sqlite3_bind_text(st, 12, sdb_status_text(ev->status), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 13, ev->registration);
    sqlite3_bind_int(st, 14, ev->capacity);
    sqlite3_bind_int(st, 15, ev->waitlist_capacity);
    sqlite3_bind_int(st, 16, ev->max_group_size);
    sqlite3_bind_int64(st, 17, ev->enrolment_start);
    sqlite3_bind_int64(st, 18, ev->enrolment_end);
    sqlite3_bind_int(st, 19, ev->reserved_seats);
    sqlite3_bind_text(st, 20, qids, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 21, imported_at);
    sqlite3_bind_int(st, 22, ev->staff_only);
    sqlite3_bind_int(st, 23, ev->all_day);
    if (seats) {
        sqlite3_bind_int(st, 24, seats->confirmed);
        sqlite3_bind_int(st, 25, seats->waitlisted);
        sqlite3_bind_int(st, 26, seats->held);
        sqlite3_bind_int64(st, 27, seats->gen);
    }
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) {
        st = sdb_stmt(s, ST_DOC_UPSERT);
        sqlite3_bind_text(st, 1, ev->id, -1, SQLITE_STATIC);
        if (doc)
            sqlite3_bind_text(st, 2, doc, (int)doc_len, SQLITE_STATIC);
        else
            sqlite3_bind_text(st, 2, json, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
    }
    free(json);
    free(qids);
    if (rc != SQLITE_DONE) return err_set(err, errlen, "event %s: %s", id, sqlite3_errmsg(s->db));
    return 0;
}

int sdb_event_upsert(Store *s, const Event *ev, int64_t imported_at, char *err, size_t errlen)
{
    return upsert(s, ev, NULL, 0, NULL, imported_at, err, errlen);
}

int sdb_event_upsert_hub(Store *s, const Event *ev, const char *doc, size_t doc_len,
                         const SdbHubSeats *seats, int64_t imported_at, char *err, size_t errlen)
{
    return upsert(s, ev, doc, doc_len, seats, imported_at, err, errlen);
}

int store_import_events(Store *s, const Event *evs, int n, char *err, size_t errlen)
{
    int64_t now = now_s();
    if (sdb_begin(s, err, errlen)) return -1;
    for (int i = 0; i < n; i++)
        if (sdb_event_upsert(s, &evs[i], now, err, errlen)) goto error;
    if (sdb_commit(s, err, errlen)) goto error;
    return 0;
error:
    sdb_rollback(s);
    return -1;
}

static uint32_t text_hash(const char *t)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *t; t++)
        h = (h ^ (unsigned char)*t) * 16777619u;
    return h;
}

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

/* As text_add: one already in B's table SLOTS (N of them: B.venues or B.titles) is shared. */
static int shared_add(RowBlock *b, uint32_t *slots, uint32_t n, const char *t, uint32_t *off)
{
    const char *texts = b->block + b->rows_bytes;
    uint32_t i = text_hash(t) % n;
    for (int probe = 0; probe < 8; probe++, i = (i + 1) % n) {
        if (slots[i] == 0) {
            if (text_add(b, t, off)) return -1;
            slots[i] = *off + 1;
            return 0;
        }
        if (strcmp(texts + slots[i] - 1, t) == 0) {
            *off = slots[i] - 1;
            return 0;
        }
    }
    return text_add(b, t, off);
}

static int venue_add(RowBlock *b, const char *t, uint32_t *off)
{
    return shared_add(b, b->venues, VENUE_SLOTS, t, off);
}

/* Appends the row ST is on, with its texts. A title the same as another row's (B.titles) or as
 * the one before it in another language is shared. 0, or -1 out of memory. */
int sdb_block_add(RowBlock *b, sqlite3_stmt *st)
{
    uint32_t offs[ROW_TEXTS];
    for (int l = 0; l < LANG_COUNT; l++) {
        const char *title = sdb_text(st, 1 + l);
        int same = -1;
        for (int m = 0; m < l && same < 0; m++)
            if (strcmp(sdb_text(st, 1 + m), title) == 0) same = m;
        if (same >= 0)
            offs[l] = offs[same];
        else if (shared_add(b, b->titles, TITLE_SLOTS, title, &offs[l]))
            return -1;
        if (venue_add(b, sdb_text(st, 4 + l), &offs[LANG_COUNT + l])) return -1;
    }
    if (venue_add(b, sdb_text(st, 7), &offs[2 * LANG_COUNT]) ||
        venue_add(b, sdb_text(st, 8), &offs[2 * LANG_COUNT + 1]) ||
        text_add(b, sdb_text(st, 0), &offs[2 * LANG_COUNT + 2]))
        return -1;
    EventRow *r = &((EventRow *)b->block)[b->n++]; /* after text_add: the block may have moved */
    sdb_row(st, r);
    for (int l = 0; l < LANG_COUNT; l++) {
        r->title[l] = (const char *)(uintptr_t)offs[l];
        r->venue[l] = (const char *)(uintptr_t)offs[LANG_COUNT + l];
    }
    r->venue_id = (const char *)(uintptr_t)offs[2 * LANG_COUNT];
    r->category = (const char *)(uintptr_t)offs[2 * LANG_COUNT + 1];
    r->id = (const char *)(uintptr_t)offs[2 * LANG_COUNT + 2];
    return 0;
}

/* Appends the rows of statement WHICH (bound with NOW when it takes a parameter). */
static int collect_rows(Store *s, int which, int64_t now, RowBlock *b, char *err, size_t errlen)
{
    sqlite3_stmt *st = sdb_stmt(s, which);
    if (sqlite3_bind_parameter_count(st) > 0) sqlite3_bind_int64(st, 1, now);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (b->n == b->max) break; /* more rows than counted: a writer got in between */
        if (sdb_block_add(b, st)) {
            sqlite3_reset(st);
            return err_set(err, errlen, "upcoming events: out of memory");
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return sdb_fail(s, err, errlen, "upcoming events");
    return 0;
}

/* Allocates B for MAX rows. 0, or -1 out of memory. */
int sdb_block_init(RowBlock *b, int max)
{
    memset(b, 0, sizeof *b);
    b->max = max;
    b->rows_bytes = (size_t)(max > 0 ? max : 1) * sizeof(EventRow);
    b->cap = (size_t)(max > 0 ? max : 1) * 96; /* a guess; text_add grows it */
    b->block = malloc(b->rows_bytes + b->cap);
    return b->block ? 0 : -1;
}

/* Turns B's text offsets into pointers: the rows, in one allocation. */
EventRow *sdb_block_finish(RowBlock *b)
{
    char *exact = realloc(b->block, b->rows_bytes + b->used);
    if (exact) b->block = exact;
    EventRow *rows = (EventRow *)b->block;
    const char *texts = b->block + b->rows_bytes;
    for (int i = 0; i < b->n; i++) {
        EventRow *r = &rows[i];
        for (int l = 0; l < LANG_COUNT; l++) {
            r->title[l] = texts + (uintptr_t)r->title[l];
            r->venue[l] = texts + (uintptr_t)r->venue[l];
        }
        r->venue_id = texts + (uintptr_t)r->venue_id;
        r->category = texts + (uintptr_t)r->category;
        r->id = texts + (uintptr_t)r->id;
    }
    return rows;
}

int store_events_rows(Store *s, const char (*ids)[RECORD_EVENT_ID_MAX + 1], int n, EventRow **out,
                      int *n_out, char *err, size_t errlen)
{
    RowBlock b;
    if (sdb_block_init(&b, n)) return err_set(err, errlen, "event rows: out of memory");
    sqlite3_stmt *st = sdb_stmt(s, ST_EVENT_ROW);
    int rc = SQLITE_DONE;
    for (int i = 0; i < n; i++) {
        sqlite3_bind_text(st, 1, ids[i], -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW && sdb_block_add(&b, st)) rc = SQLITE_NOMEM;
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        free(b.block);
        return rc == SQLITE_NOMEM ? err_set(err, errlen, "event rows: out of memory")
                                  : sdb_fail(s, err, errlen, "event rows");
    }
    *out = sdb_block_finish(&b);
    *n_out = b.n;
    return 0;
}

/* The list, or its first LIMIT rows (LIMIT <= 0: all). */
static int upcoming(Store *s, int64_t now, int limit, EventRow **out, int *n_out, char *err,
                    size_t errlen)
{
    /* Count first, so the rows are allocated once and at their final size; a screenful needs
     * no count (it would walk the whole index). */
    int max = limit;
    if (limit <= 0) {
        sqlite3_stmt *count = sdb_stmt(s, ST_UPCOMING_COUNT);
        sqlite3_bind_int64(count, 1, now);
        if (sqlite3_step(count) == SQLITE_ROW) max = sqlite3_column_int(count, 0);
        sqlite3_reset(count);
    }
    RowBlock b;
    if (sdb_block_init(&b, max)) return err_set(err, errlen, "upcoming events: out of memory");
    /* Two statements rather than "ORDER BY start_time = 0, ...", which would defeat the index. */
    if (collect_rows(s, ST_UPCOMING, now, &b, err, errlen) ||
        collect_rows(s, ST_UPCOMING_UNKNOWN, now, &b, err, errlen)) {
        free(b.block);
        return -1;
    }
    *out = sdb_block_finish(&b);
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

void store_wal_restart(Store *s)
{
    int v = store_schema_version(s);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
    sqlite3_busy_timeout(s->db, 0);
    if (v > 0) (void)sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
}

int store_checkpoint(Store *s)
{
    int log = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    if (rc != SQLITE_OK) return -1;
    if (log > 0 && done == log) store_wal_restart(s);
    return done;
}

int store_event_row(Store *s, const char *event_id, EventRow *out, char *err, size_t errlen)
{
    sqlite3_stmt *st = sdb_stmt(s, ST_EVENT_ROW);
    sqlite3_bind_text(st, 1, event_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        sdb_row(st, out);
        /* The texts go to the Store's buffer for one row (see store.h). */
        char *p = s->row_text;
        size_t room = sizeof s->row_text;
        for (int k = 0; k < ROW_TEXTS; k++) {
            /* Columns 1-3 titles, 4-6 venue names, 7 venue id, 8 category; 0 the id. */
            const char *t = sdb_text(st, k < ROW_TEXTS - 1 ? 1 + k : 0);
            size_t len = strlen(t);
            if (len >= room) len = room > 0 ? room - 1 : 0;
            const char *kept = room > 0 ? p : "";
            if (room > 0) {
                memcpy(p, t, len);
                p[len] = '\0';
                p += len + 1;
                room -= len + 1;
            }
            if (k < LANG_COUNT)
                out->title[k] = kept;
            else if (k < 2 * LANG_COUNT)
                out->venue[k - LANG_COUNT] = kept;
            else if (k == 2 * LANG_COUNT)
                out->venue_id = kept;
            else if (k == 2 * LANG_COUNT + 1)
                out->category = kept;
            else
                out->id = kept;
        }
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) return 0;
    if (rc == SQLITE_DONE) return 1;
    return sdb_fail(s, err, errlen, "event row");
}

int store_event_get(Store *s, const char *event_id, Event *out, char *err, size_t errlen)
{
    sqlite3_stmt *st = sdb_stmt(s, ST_EVENT_JSON);
    sqlite3_bind_text(st, 1, event_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        return 1;
    }
    if (rc != SQLITE_ROW) {
        sdb_fail(s, err, errlen, "event");
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

int sdb_event_spot(Store *s, const char *id, char *reason, size_t n)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT spot, spot_reason FROM events WHERE id = ?1", -1, &st,
                           NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), state = 0;
    if (rc == SQLITE_ROW) {
        state = sqlite3_column_int(st, 0);
        if (reason) str_copy(reason, n, sdb_text(st, 1));
    } else if (reason && n) {
        reason[0] = '\0';
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? state : -1;
}
