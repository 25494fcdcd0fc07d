/*
 * store_page.c: a page of the list (issue 12, memory): the rows a kiosk holds instead of all of
 * them. At 100,000 events the whole list was 16 MB of rows in the UI; a page is its window of
 * the filtered list and the rows the other screens read, a few hundred rows whatever the
 * catalogue's size. Each part is found from the list's index (events_live: its order is the
 * list's), so a page at any position reads only the rows it returns.
 */
#include "store_internal.h"

#include "datefmt.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Row ids, appended, then sorted and made unique. */
typedef struct {
    int64_t *v;
    int n, cap;
} Ids;

static int ids_add(Ids *ids, int64_t id)
{
    if (ids->n == ids->cap) {
        int cap = ids->cap ? ids->cap * 2 : 256;
        int64_t *v = realloc(ids->v, (size_t)cap * sizeof *v);
        if (!v) return -1;
        ids->v = v;
        ids->cap = cap;
    }
    ids->v[ids->n++] = id;
    return 0;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void ids_unique(Ids *ids)
{
    if (ids->n == 0) return;
    qsort(ids->v, (size_t)ids->n, sizeof *ids->v, cmp_id);
    int k = 1;
    for (int i = 1; i < ids->n; i++)
        if (ids->v[i] != ids->v[k - 1]) ids->v[k++] = ids->v[i];
    ids->n = k;
}

/* Binds the list's parameters (list_where below) of Q to ST: ?1 now, ?2 the time filter's end,
 * ?3 staff mode, ?4 the category, ?5 the venue. */
static void bind_list(sqlite3_stmt *st, const StorePageQuery *q, int64_t now)
{
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, q->until);
    sqlite3_bind_int(st, 3, q->staff);
    sqlite3_bind_text(st, 4, q->category ? q->category : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, q->venue_id ? q->venue_id : "", -1, SQLITE_STATIC);
}

/* ---- The list's statements ---------------------------------------------------------------
 * The list (the App's row_passes): the rows of known time that have not ended at ?1 and start
 * before ?2 (the time filter's end), then, with no time filter (?2 = INT64_MAX), the postponed
 * ones of unknown time; staff-only ones only in staff mode, in the category ?4 and at the venue
 * ?5 when there is one. Each statement carries only the filters a query has: SQLite evaluates
 * "?4 = '' OR category = ?4" for every index entry it steps over, which was half of a count's
 * 13-19 ms at 100,000 events. */

enum { LIST_UNTIL = 1, LIST_VISITOR = 2, LIST_CATEGORY = 4, LIST_VENUE = 8 };

static unsigned list_flags(const StorePageQuery *q)
{
    return (q->until != INT64_MAX ? LIST_UNTIL : 0) | (q->staff ? 0 : LIST_VISITOR) |
           (q->category && q->category[0] ? LIST_CATEGORY : 0) |
           (q->venue_id && q->venue_id[0] ? LIST_VENUE : 0);
}

static void list_where(char *out, size_t n, bool known, unsigned f)
{
    snprintf(
        out, n, "%s%s%s%s%s",
        known ? "gone = 0 AND start_time > 0"
                " AND (CASE WHEN end_time > 0 THEN end_time ELSE start_time END) >= ?1"
              : "gone = 0 AND start_time = 0 AND status = 'postponed'",
        f & LIST_UNTIL ? (known ? " AND start_time < ?2" : " AND ?2 = 9223372036854775807") : "",
        f & LIST_VISITOR ? " AND staff_only = 0" : "",
        f & LIST_CATEGORY ? " AND category = ?4" : "", f & LIST_VENUE ? " AND venue_id = ?5" : "");
}

/* The statement KIND (PAGE_ST_*) for Q's filters, reset and unbound; NULL with ERR. */
static sqlite3_stmt *list_stmt(Store *s, int kind, const StorePageQuery *q, char *err,
                               size_t errlen)
{
    unsigned f = list_flags(q);
    sqlite3_stmt **slot = &s->page_st[kind][f];
    if (*slot) {
        sqlite3_reset(*slot);
        sqlite3_clear_bindings(*slot);
        return *slot;
    }
    char known[320], unknown[320], sql[1024];
    list_where(known, sizeof known, true, f);
    list_where(unknown, sizeof unknown, false, f);
    if (kind == PAGE_ST_COUNT)
        snprintf(sql, sizeof sql,
                 "SELECT (SELECT count(*) FROM events INDEXED BY events_live WHERE %s),"
                 " (SELECT count(*) FROM events INDEXED BY events_live WHERE %s)",
                 known, unknown);
    else if (kind == PAGE_ST_KNOWN)
        snprintf(sql, sizeof sql,
                 "SELECT rowid FROM events INDEXED BY events_live WHERE %s"
                 " ORDER BY start_time, end_time, id LIMIT ?6 OFFSET ?7",
                 known);
    else if (kind == PAGE_ST_UNKNOWN)
        snprintf(sql, sizeof sql,
                 "SELECT rowid FROM events INDEXED BY events_live WHERE %s"
                 " ORDER BY id LIMIT ?6 OFFSET ?7",
                 unknown);
    else /* the rows of known time that end from ?1 until ?8 */
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM events INDEXED BY events_ended WHERE %s"
                 " AND (CASE WHEN end_time > 0 THEN end_time ELSE start_time END) < ?8",
                 known);
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL) != SQLITE_OK) {
        sdb_fail(s, err, errlen, "a page's statement");
        *slot = NULL;
    }
    return *slot;
}

/* Steps ST (bound), appending its first column of every row to IDS (NULL columns left out). */
static int collect(Store *s, sqlite3_stmt *st, Ids *ids, char *err, size_t errlen, const char *what)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (sqlite3_column_type(st, 0) != SQLITE_NULL && ids_add(ids, sqlite3_column_int64(st, 0)))
            rc = SQLITE_NOMEM;
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return 0;
    return rc == SQLITE_NOMEM ? err_set(err, errlen, "%s: out of memory", what)
                              : sdb_fail(s, err, errlen, what);
}

/* ---- The first row of every group -------------------------------------------------------- */

/* The (venue, topic, staff-only) groups seen, each kept once: a catalogue has a few hundred. A
 * key is the venue id, a 0x1f, the topic and the staff-only flag's byte. */
typedef struct {
    char **keys;
    size_t *lens;
    size_t n, cap; /* cap a power of two */
} KeySet;

static uint64_t key_hash(const char *k, size_t n)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 1099511628211u;
    return h;
}

static int keyset_grow(KeySet *ks)
{
    size_t cap = ks->cap ? ks->cap * 2 : 256;
    char **keys = calloc(cap, sizeof *keys);
    size_t *lens = calloc(cap, sizeof *lens);
    if (!keys || !lens) {
        free(keys);
        free(lens);
        return -1;
    }
    for (size_t i = 0; i < ks->cap; i++) {
        if (!ks->keys[i]) continue;
        size_t j = key_hash(ks->keys[i], ks->lens[i]) & (cap - 1);
        while (keys[j])
            j = (j + 1) & (cap - 1);
        keys[j] = ks->keys[i];
        lens[j] = ks->lens[i];
    }
    free(ks->keys);
    free(ks->lens);
    ks->keys = keys;
    ks->lens = lens;
    ks->cap = cap;
    return 0;
}

/* Whether KEY (N bytes) is in KS. */
static bool keyset_has(const KeySet *ks, const char *key, size_t n)
{
    if (!ks->cap) return false;
    for (size_t j = key_hash(key, n) & (ks->cap - 1); ks->keys[j]; j = (j + 1) & (ks->cap - 1))
        if (ks->lens[j] == n && memcmp(ks->keys[j], key, n) == 0) return true;
    return false;
}

/* Puts KEY (N bytes) into KS: 0, or -1 out of memory. */
static int keyset_put(KeySet *ks, const char *key, size_t n)
{
    if (keyset_has(ks, key, n)) return 0;
    if (2 * (ks->n + 1) > ks->cap && keyset_grow(ks)) return -1;
    size_t j = key_hash(key, n) & (ks->cap - 1);
    while (ks->keys[j])
        j = (j + 1) & (ks->cap - 1);
    if (!(ks->keys[j] = malloc(n))) return -1;
    memcpy(ks->keys[j], key, n);
    ks->lens[j] = n;
    ks->n++;
    return 0;
}

static void keyset_free(KeySet *ks)
{
    for (size_t i = 0; i < ks->cap; i++)
        free(ks->keys[i]);
    free(ks->keys);
    free(ks->lens);
}

/* The key of column COL of ST's row (a venue or a topic) with its staff-only flag, TAG first,
 * into BUF (N bytes): its length, or 0 when it does not fit. */
static size_t group_key(sqlite3_stmt *st, int col, char tag, char *buf, size_t n)
{
    const char *v = (const char *)sqlite3_column_text(st, col);
    size_t vl = (size_t)sqlite3_column_bytes(st, col);
    if (vl + 3 > n) return 0;
    buf[0] = tag;
    if (vl) memcpy(buf + 1, v, vl);
    buf[vl + 1] = 0x1f;
    buf[vl + 2] = sqlite3_column_int(st, 3) != 0 ? '1' : '0';
    return vl + 3;
}

/* The first row (in the list's order) not ended at NOW of each venue and of each topic, for
 * visitors and for staff: the first row the pickers (app_picker.c) and staff's venues
 * (app_staff_venue.c) find for a venue or a topic is one of them, so their choices read from
 * these rows are those the whole list gives (NOW is a minute's start, and what has ended is
 * decided by the minute: app_row_ended). Keyed by venue and by topic, not by the pair: the rows
 * grow with venues plus topics. One walk over the index: 100,000 entries. */
static int group_firsts(Store *s, int64_t now, Ids *ids, char *err, size_t errlen)
{
    KeySet ks = {0};
    int rc = SQLITE_DONE;
    for (int part = 0; part < 2 && rc == SQLITE_DONE; part++) {
        sqlite3_stmt *st = sdb_stmt(s, part == 0 ? ST_PAGE_GROUPS : ST_PAGE_GROUPS_UNKNOWN);
        if (part == 0) sqlite3_bind_int64(st, 1, now);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            char kv[512], kc[512];
            size_t lv = group_key(st, 1, 'v', kv, sizeof kv),
                   lc = group_key(st, 2, 'c', kc, sizeof kc);
            /* A key too long to keep: its row is taken anyway (a row too many, never too few). */
            bool need = !lv || !lc || !keyset_has(&ks, kv, lv) || !keyset_has(&ks, kc, lc);
            if (!need) continue;
            if (ids_add(ids, sqlite3_column_int64(st, 0)) || (lv && keyset_put(&ks, kv, lv)) ||
                (lc && keyset_put(&ks, kc, lc))) {
                rc = SQLITE_NOMEM;
                break;
            }
        }
        sqlite3_reset(st);
    }
    keyset_free(&ks);
    if (rc == SQLITE_DONE) return 0;
    return rc == SQLITE_NOMEM ? err_set(err, errlen, "the pickers' rows: out of memory")
                              : sdb_fail(s, err, errlen, "the pickers' rows");
}

/* ---- What every page takes ---------------------------------------------------------------- */

#define PAGE_ATTRACT 8  /* view_attract.c */
#define PAGE_FEEDBACK 6 /* view_feedback.c */

static int64_t day_after(int64_t day_start)
{
    return datefmt_day_start(day_start + 36 * 3600);
}

int store_page_aux(Store *s, const StorePageQuery *q, StorePageAux *aux, char *err, size_t errlen)
{
    memset(aux, 0, sizeof *aux);
    Ids ids = {0};
    const char *home = q->home_venue ? q->home_venue : "";
    int rc = 0;
    /* The home venue (app_resolve_home_venue), and the first row at it with a name
     * (view_venue_name: every language falls back to the others). */
    if (home[0]) {
        sqlite3_stmt *st = sdb_stmt(s, ST_PAGE_HOME);
        sqlite3_bind_int64(st, 1, q->now);
        sqlite3_bind_text(st, 5, home, -1, SQLITE_STATIC);
        int64_t at = 0;
        int step = sqlite3_step(st);
        if (step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
            at = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (step != SQLITE_ROW && step != SQLITE_DONE)
            rc = sdb_fail(s, err, errlen, "the home venue");
        else if (at && ids_add(&ids, at))
            rc = err_set(err, errlen, "the home venue: out of memory");
        if (at && !rc) {
            sqlite3_stmt *v = sdb_stmt(s, ST_EVENT_VENUE_BY_ROWID);
            sqlite3_bind_int64(v, 1, at);
            if (sqlite3_step(v) == SQLITE_ROW)
                str_copy(aux->home_venue_id, sizeof aux->home_venue_id, sdb_text(v, 0));
            sqlite3_reset(v);
        }
    }
    if (!rc && aux->home_venue_id[0]) {
        sqlite3_stmt *st = sdb_stmt(s, ST_PAGE_AT_VENUE);
        sqlite3_bind_int64(st, 1, q->from);
        sqlite3_bind_text(st, 5, aux->home_venue_id, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 6, 1);
        rc = collect(s, st, &ids, err, errlen, "the home venue's name");
    }
    const char *here = q->show_all ? "" : aux->home_venue_id;
    if (!rc) { /* app_attract_events: its first PAGE_ATTRACT */
        sqlite3_stmt *st = sdb_stmt(s, ST_PAGE_ATTRACT);
        sqlite3_bind_int64(st, 1, q->now);
        sqlite3_bind_int(st, 3, q->staff);
        sqlite3_bind_text(st, 5, here, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 6, PAGE_ATTRACT);
        rc = collect(s, st, &ids, err, errlen, "the attract screen's events");
    }
    if (!rc) {
        int64_t day = datefmt_day_start(q->now);
        sqlite3_stmt *st = sdb_stmt(s, ST_PAGE_FEEDBACK);
        sqlite3_bind_int64(st, 1, day);
        sqlite3_bind_int64(st, 2, day_after(day));
        sqlite3_bind_int(st, 3, q->staff);
        /* Within an hour of any second of the minute (app_feedback_events reads the second). */
        sqlite3_bind_int64(st, 4, q->now - q->now % 60 + 59 + 3600);
        sqlite3_bind_text(st, 5, here, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 6, PAGE_FEEDBACK);
        rc = collect(s, st, &ids, err, errlen, "the feedback screen's events");
    }
    /* The list's first row from its first moment: whether there is anything at all to show
     * (view_list.c's way out of filters that leave nothing). */
    if (!rc) {
        StorePageQuery all = {.until = INT64_MAX, .staff = true};
        for (int part = 0; part < 2 && !rc; part++) {
            sqlite3_stmt *st =
                list_stmt(s, part == 0 ? PAGE_ST_KNOWN : PAGE_ST_UNKNOWN, &all, err, errlen);
            if (!st) {
                rc = -1;
                break;
            }
            bind_list(st, &all, q->from);
            sqlite3_bind_int(st, 6, 1);
            sqlite3_bind_int(st, 7, 0);
            rc = collect(s, st, &ids, err, errlen, "the list's first row");
        }
    }
    if (!rc && q->groups) rc = group_firsts(s, q->now, &ids, err, errlen);
    if (rc) {
        free(ids.v);
        return -1;
    }
    ids_unique(&ids);
    aux->rowids = ids.v;
    aux->n = ids.n;
    return 0;
}

void store_page_aux_free(StorePageAux *aux)
{
    free(aux->rowids);
    memset(aux, 0, sizeof *aux);
}

/* ---- The page ----------------------------------------------------------------------------- */

/* The filtered list's rows at positions FIRST .. FIRST + LIMIT into IDS: the rows of known time,
 * then (past their KNOWN) the postponed ones of unknown time. */
static int window(Store *s, const StorePageQuery *q, int known, int first, int limit, Ids *ids,
                  char *err, size_t errlen)
{
    int rc = 0;
    int64_t at = q->staff_list ? q->from : q->now;
    if (first < known) {
        sqlite3_stmt *st = q->staff_list ? sdb_stmt(s, ST_PAGE_REG_KNOWN)
                                         : list_stmt(s, PAGE_ST_KNOWN, q, err, errlen);
        if (!st) return -1;
        bind_list(st, q, at);
        sqlite3_bind_int(st, 6, limit);
        sqlite3_bind_int(st, 7, first);
        rc = collect(s, st, ids, err, errlen, "a page of the list");
    }
    int more = first + limit - (first > known ? first : known);
    if (!rc && more > 0 && first + limit > known) {
        sqlite3_stmt *st = q->staff_list ? sdb_stmt(s, ST_PAGE_REG_UNKNOWN)
                                         : list_stmt(s, PAGE_ST_UNKNOWN, q, err, errlen);
        if (!st) return -1;
        bind_list(st, q, at);
        sqlite3_bind_int(st, 6, more);
        sqlite3_bind_int(st, 7, first > known ? first - known : 0);
        rc = collect(s, st, ids, err, errlen, "a page of the list");
    }
    return rc;
}

/* IDS as a JSON array, for json_each: malloc'd. */
static char *ids_json(const Ids *ids)
{
    size_t cap = 3 + (size_t)ids->n * 21, used = 0;
    char *j = malloc(cap);
    if (!j) return NULL;
    j[used++] = '[';
    for (int i = 0; i < ids->n; i++)
        used +=
            (size_t)snprintf(j + used, cap - used, "%s%lld", i ? "," : "", (long long)ids->v[i]);
    j[used++] = ']';
    j[used] = '\0';
    return j;
}

int store_page_count(Store *s, const StorePageQuery *q, int counts[2], char *err, size_t errlen)
{
    sqlite3_stmt *c = q->staff_list ? sdb_stmt(s, ST_PAGE_REG_COUNT)
                                    : list_stmt(s, PAGE_ST_COUNT, q, err, errlen);
    if (!c) return -1;
    bind_list(c, q, q->staff_list ? q->from : q->now);
    int rc = sqlite3_step(c);
    if (rc == SQLITE_ROW) {
        counts[0] = sqlite3_column_int(c, 0);
        counts[1] = sqlite3_column_int(c, 1);
    }
    sqlite3_reset(c);
    return rc == SQLITE_ROW ? 0 : sdb_fail(s, err, errlen, "counting the list");
}

int store_read_begin(Store *s)
{
    return sqlite3_get_autocommit(s->db) &&
                   sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK
               ? 0
               : -1;
}

void store_read_end(Store *s)
{
    if (!sqlite3_get_autocommit(s->db)) (void)sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

int store_events_count(Store *s, int64_t now, int64_t until, bool staff, const char *category,
                       const char *venue_id, int *n, char *err, size_t errlen)
{
    StorePageQuery q = {
        .now = now, .until = until, .staff = staff, .category = category, .venue_id = venue_id};
    int counts[2];
    *n = 0;
    if (store_page_count(s, &q, counts, err, errlen)) return -1;
    *n = counts[0] + counts[1]; /* the rows of known time, and the postponed of unknown time */
    return 0;
}

static int page_load(Store *s, const StorePageQuery *q, const StorePageAux *aux, EventRow **out,
                     int *n_out, StorePageInfo *info, char *err, size_t errlen);

int store_page_count_ended(Store *s, const StorePageQuery *q, int64_t from, int64_t to, int *n,
                           char *err, size_t errlen)
{
    sqlite3_stmt *st = list_stmt(s, PAGE_ST_ENDED, q, err, errlen);
    if (!st) return -1;
    bind_list(st, q, from);
    sqlite3_bind_int64(st, 8, to);
    int rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : sdb_fail(s, err, errlen, "counting the list");
}

int store_page_load(Store *s, const StorePageQuery *q, const StorePageAux *aux, EventRow **out,
                    int *n_out, StorePageInfo *info, char *err, size_t errlen)
{
    bool txn = store_read_begin(s) == 0;
    int rc = page_load(s, q, aux, out, n_out, info, err, errlen);
    if (txn) store_read_end(s);
    return rc;
}

static int page_load(Store *s, const StorePageQuery *q, const StorePageAux *aux, EventRow **out,
                     int *n_out, StorePageInfo *info, char *err, size_t errlen)
{
    memset(info, 0, sizeof *info);
    info->lo = info->hi = -1;
    int *counts = info->counts, rc;
    if (q->counted) {
        counts[0] = q->counts[0];
        counts[1] = q->counts[1];
    } else if (store_page_count(s, q, counts, err, errlen)) {
        return -1;
    }
    info->total = counts[0] + counts[1];
    int limit = q->limit > 0 ? q->limit : 1;
    int first = q->first < 0 ? 0 : q->first;
    if (first > info->total - limit) first = info->total - limit;
    if (first < 0) first = 0;
    info->first = first;

    Ids ids = {0};
    rc = window(s, q, counts[0], first, limit, &ids, err, errlen);
    info->n = ids.n;
    int64_t lo = ids.n ? ids.v[0] : 0, hi = ids.n ? ids.v[ids.n - 1] : 0;
    for (int i = 0; !rc && i < aux->n; i++)
        if (ids_add(&ids, aux->rowids[i])) rc = err_set(err, errlen, "a page: out of memory");
    for (int i = 0; !rc && i < STORE_PAGE_PINNED + 1; i++) {
        const char *id = i < STORE_PAGE_PINNED ? q->pinned[i] : q->venue_id;
        if (!id || !id[0]) continue;
        /* The venue filter's chip names the venue of the list's first row at it. */
        sqlite3_stmt *st = sdb_stmt(s, i < STORE_PAGE_PINNED ? ST_PAGE_PINNED : ST_PAGE_AT_VENUE);
        sqlite3_bind_int64(st, 1, q->from);
        sqlite3_bind_text(st, 5, id, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 6, 0);
        rc = collect(s, st, &ids, err, errlen, "an open event's row");
    }
    char *json = NULL;
    if (!rc) {
        ids_unique(&ids);
        if (!(json = ids_json(&ids))) rc = err_set(err, errlen, "a page: out of memory");
    }
    RowBlock b;
    if (!rc && sdb_block_init(&b, ids.n)) rc = err_set(err, errlen, "a page: out of memory");
    free(ids.v);
    if (rc) {
        free(json);
        return -1;
    }
    sqlite3_stmt *st = sdb_stmt(s, ST_PAGE_ROWS);
    sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && b.n < b.max) {
        int64_t rowid = sqlite3_column_int64(st, COL_ALL_DAY + 1);
        if (info->n && rowid == lo) info->lo = b.n;
        if (info->n && rowid == hi) info->hi = b.n;
        if (sdb_block_add(&b, st)) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    sqlite3_reset(st);
    free(json);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        free(b.block);
        return rc == SQLITE_NOMEM ? err_set(err, errlen, "a page: out of memory")
                                  : sdb_fail(s, err, errlen, "a page of the list");
    }
    *out = sdb_block_finish(&b);
    *n_out = b.n;
    return 0;
}
