/*
 * hub_console_reports.c: the reports for the annual statistics (hub_console.h): events and
 * participants of a period by municipality, venue, category, audience or month, as JSON for the
 * page and as CSV or XLSX to download. A library user counts its venues' events only.
 *
 * What each column counts (README.md, "Reports"; the page says the same):
 *   events        events in the period that were not cancelled
 *   cancelled     events in the period that were cancelled (counted nowhere else)
 *   with_checkin  of the events, those where check-in at the door was recorded
 *   attended      people checked in (each checked-in sign-up's group size)
 *   signups       confirmed sign-ups
 *   people        people in them (their group sizes summed)
 *   reserved      seats the event says were taken elsewhere (phone, web): not in the lists
 *   participants  per event, attended where check-in was recorded, else people
 * Every number is a sum over the same sign-up rows as the events' attendee lists.
 *
 * Where the event says it: the municipality is the last part of the place's address ("Kirkkokatu
 * 5, 15110 Lahti": Lahti), the venue the place (its id, shown by name), the category
 * x_aukio.category, the audience x_aukio.audience, the month the start in Helsinki time. An event
 * that lacks one is counted under "" (unknown), shown as such.
 */
#include "hub_console.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libical/ical.h>

#include "csv.h"
#include "hub_xlsx.h"
#include "util.h"

/* A period of at most ten years. */
#define PERIOD_MAX_S (10LL * 366 * 86400)
/* Above every name an event may hold (255 bytes), so that a key is never cut inside a character. */
#define KEY_MAX 512

enum {
    HTTP_OK = 200,
    HTTP_BAD_REQUEST = 400,
    HTTP_INTERNAL = 500,
};

enum { C_EVENTS, C_CANCELLED, C_CHECKIN, C_ATTENDED, C_SIGNUPS, C_PEOPLE, C_RESERVED, C_PART, NC };
static const char *const COLS[NC] = {"events",  "cancelled", "with_checkin", "attended",
                                     "signups", "people",    "reserved",     "participants"};
static const char *const BYS[] = {"municipality", "venue", "category", "audience", "month"};
enum { BY_MUNICIPALITY, BY_VENUE, BY_CATEGORY, BY_AUDIENCE, BY_MONTH, BY_COUNT };

typedef struct {
    char key[KEY_MAX], label[KEY_MAX];
    long v[NC];
} Group;

typedef struct {
    const HubUser *user;
    int by;
    Group *g;
    int n, cap;
    long total[NC];
    bool oom;
} Report;

/* ---- The period ---------------------------------------------------------------------------- */

static icaltimezone *helsinki(void)
{
    icaltimezone *tz = icaltimezone_get_builtin_timezone("Europe/Helsinki");
    return tz ? tz : icaltimezone_get_utc_timezone();
}

/* "YYYY-MM-DD" into local midnight (Helsinki) of that day plus DAYS. */
static bool day_start(const char *s, int days, int64_t *t)
{
    int y, m, d, used = 0;
    if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10)
        return false;
    if (y < 2000 || y > 9998 || m < 1 || m > 12 || d < 1 || d > icaltime_days_in_month(m, y))
        return false;
    struct icaltimetype tt = icaltime_null_time();
    tt.year = y;
    tt.month = m;
    tt.day = d;
    icaltime_adjust(&tt, days, 0, 0, 0);
    *t = (int64_t)icaltime_as_timet_with_zone(tt, helsinki());
    return true;
}

static void month_of(int64_t t, char *out, size_t n)
{
    struct icaltimetype l = icaltime_from_timet_with_zone((time_t)t, 0, helsinki());
    snprintf(out, n, "%04d-%02d", l.year, l.month);
}

/* ---- Where an event is counted ------------------------------------------------------------- */

static const char *ltext_of(json_t *v)
{
    static const char *const ORDER[] = {"fi", "en", "sv"};
    for (size_t i = 0; i < 3; i++) {
        const char *s = json_string_value(json_object_get(v, ORDER[i]));
        if (s && *s) return s;
    }
    return "";
}

/* The municipality of an address "street, [postal code] town": its last part without the code;
 * "" when that part has a digit left (a street without a town). */
static void municipality_of(const char *address, char *out, size_t n)
{
    out[0] = '\0';
    const char *p = strrchr(address, ',');
    p = p ? p + 1 : address;
    while (*p == ' ')
        p++;
    if (strspn(p, "0123456789") == 5 && p[5] == ' ') p += 6;
    for (const char *q = p; *q; q++)
        if (isdigit((unsigned char)*q)) return;
    str_copy(out, n, p);
    size_t len = strlen(out);
    while (len > 0 && out[len - 1] == ' ')
        out[--len] = '\0';
}

/* The key and label of DOC's group under BY ("" = unknown). */
static void group_of(json_t *doc, int by, int64_t start, char *key, char *label)
{
    json_t *loc = json_object_get(doc, "location");
    json_t *x = json_object_get(doc, "x_aukio");
    key[0] = label[0] = '\0';
    if (by == BY_MUNICIPALITY) {
        /* The place's own address_locality first; an event stored before it was kept (or a
         * place without one) has the town inferred from the joined address's last part. */
        municipality_of(ltext_of(json_object_get(loc, "address_locality")), key, KEY_MAX);
        if (!key[0])
            municipality_of(ltext_of(json_object_get(loc, "street_address")), key, KEY_MAX);
    } else if (by == BY_VENUE) {
        const char *id = json_string_value(json_object_get(loc, "id"));
        str_copy(label, KEY_MAX, ltext_of(json_object_get(loc, "name")));
        str_copy(key, KEY_MAX, id && *id ? id : label);
    } else if (by == BY_CATEGORY) {
        const char *cat = json_string_value(json_object_get(x, "category"));
        str_copy(key, KEY_MAX, cat ? cat : "");
    } else if (by == BY_AUDIENCE) {
        str_copy(key, KEY_MAX, ltext_of(json_object_get(x, "audience")));
    } else {
        month_of(start, key, KEY_MAX);
    }
    if (!label[0]) str_copy(label, KEY_MAX, key);
}

static Group *group_get(Report *r, const char *key, const char *label)
{
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->g[i].key, key) == 0) return &r->g[i];
    if (r->n == r->cap) {
        int cap = r->cap ? r->cap * 2 : 64;
        Group *g = realloc(r->g, (size_t)cap * sizeof *g);
        if (!g) return NULL;
        r->g = g;
        r->cap = cap;
    }
    Group *g = &r->g[r->n++];
    memset(g, 0, sizeof *g);
    str_copy(g->key, sizeof g->key, key);
    str_copy(g->label, sizeof g->label, label);
    return g;
}

static int on_event(void *ud, const HubReportEventRow *e)
{
    Report *r = ud;
    json_t *doc = json_loads(e->json, 0, NULL);
    if (!doc) return 0; /* a row this hub cannot read is not counted (as the overview) */
    if (!hub_console_event_reach(r->user, doc)) {
        json_decref(doc);
        return 0;
    }
    char key[KEY_MAX], label[KEY_MAX];
    group_of(doc, r->by, e->start_time, key, label);
    const char *status = json_string_value(json_object_get(doc, "event_status"));
    bool cancelled = e->state == 1 || (status && strcmp(status, "EventCancelled") == 0);
    json_decref(doc);
    Group *g = group_get(r, key, label);
    if (!g) {
        r->oom = true;
        return 1;
    }
    long add[NC] = {0};
    if (cancelled) {
        add[C_CANCELLED] = 1;
    } else {
        add[C_EVENTS] = 1;
        add[C_CHECKIN] = e->checked > 0;
        add[C_ATTENDED] = e->attended;
        add[C_SIGNUPS] = e->signups;
        add[C_PEOPLE] = e->people;
        add[C_RESERVED] = e->reserved;
        add[C_PART] = e->checked > 0 ? e->attended : e->people;
    }
    for (int i = 0; i < NC; i++) {
        g->v[i] += add[i];
        r->total[i] += add[i];
    }
    return 0;
}

/* Months first to last; else the most events first, by label; unknown last. */
static int group_cmp_month(const void *a, const void *b)
{
    return strcmp(((const Group *)a)->key, ((const Group *)b)->key);
}

static int group_cmp(const void *a, const void *b)
{
    const Group *x = a, *y = b;
    if (!x->key[0] != !y->key[0]) return x->key[0] ? -1 : 1;
    if (x->v[C_EVENTS] != y->v[C_EVENTS]) return x->v[C_EVENTS] > y->v[C_EVENTS] ? -1 : 1;
    int c = strcmp(x->label, y->label);
    return c ? c : strcmp(x->key, y->key);
}

/* Every month of [FROM, TO) is a row, even one without events. */
static bool months_fill(Report *r, int64_t from, int64_t to)
{
    struct icaltimetype m = icaltime_from_timet_with_zone((time_t)from, 0, helsinki());
    m.day = 1;
    m.hour = m.minute = m.second = 0;
    for (int guard = 0; guard < 200; guard++) {
        if ((int64_t)icaltime_as_timet_with_zone(m, helsinki()) >= to) break;
        char key[16];
        snprintf(key, sizeof key, "%04d-%02d", m.year, m.month);
        if (!group_get(r, key, key)) return false;
        if (++m.month > 12) {
            m.month = 1;
            m.year++;
        }
    }
    return true;
}

/* ---- Answers ------------------------------------------------------------------------------- */

static json_t *counts_json(const long *v)
{
    json_t *j = json_object();
    for (int i = 0; i < NC; i++)
        json_object_set_new(j, COLS[i], json_integer(v[i]));
    return j;
}

static json_t *report_json(const Report *r, const char *from, const char *to)
{
    json_t *rows = json_array();
    for (int i = 0; i < r->n; i++) {
        json_t *row = counts_json(r->g[i].v);
        json_object_set_new(row, "key", json_string(r->g[i].key));
        json_object_set_new(row, "label", json_string(r->g[i].label));
        json_array_append_new(rows, row);
    }
    json_t *cols = json_array();
    for (int i = 0; i < NC; i++)
        json_array_append_new(cols, json_string(COLS[i]));
    return json_pack("{s:s,s:s,s:s,s:o,s:o,s:o}", "from", from, "to", to, "by", BYS[r->by],
                     "columns", cols, "rows", rows, "total", counts_json(r->total));
}

static const char *shown_label(const Group *g)
{
    return g->label[0] ? g->label : "(unknown)";
}

static int report_csv(const Report *r, char **text, size_t *len, char *err, size_t n)
{
    FILE *f = open_memstream(text, len);
    if (!f) return err_set(err, n, "out of memory");
    CsvWriter w;
    csv_begin(&w, f, CSV_RFC4180);
    csv_text(&w, BYS[r->by]);
    for (int i = 0; i < NC; i++)
        csv_text(&w, COLS[i]);
    csv_end_row(&w);
    for (int k = 0; k <= r->n; k++) {
        csv_text(&w, k < r->n ? shown_label(&r->g[k]) : "total");
        for (int i = 0; i < NC; i++)
            csv_int(&w, k < r->n ? r->g[k].v[i] : r->total[i]);
        csv_end_row(&w);
    }
    int rc = csv_finish(&w, err, n);
    if (fclose(f) != 0 && rc == AUKIO_OK) rc = err_set(err, n, "out of memory");
    return rc;
}

static int report_xlsx(const Report *r, char **data, size_t *len, char *err, size_t n)
{
    HubXlsx *x = hub_xlsx_new("Report", err, n);
    if (!x) return AUKIO_ERR;
    const char *heads[NC + 1];
    double widths[NC + 1];
    heads[0] = BYS[r->by];
    widths[0] = 34;
    for (int i = 0; i < NC; i++) {
        heads[i + 1] = COLS[i];
        widths[i + 1] = 13;
    }
    hub_xlsx_head(x, heads, widths, NC + 1);
    for (int k = 0; k < r->n; k++) {
        hub_xlsx_text(x, k + 1, 0, shown_label(&r->g[k]));
        for (int i = 0; i < NC; i++)
            hub_xlsx_int(x, k + 1, i + 1, r->g[k].v[i]);
    }
    hub_xlsx_text(x, r->n + 1, 0, "total");
    for (int i = 0; i < NC; i++)
        hub_xlsx_total(x, r->n + 1, i + 1, r->total[i]);
    return hub_xlsx_finish(x, data, len, err, n);
}

/* ---- The call ------------------------------------------------------------------------------ */

static bool report_args(const HubConsoleRequest *rq, int *by, int *format, int64_t *from,
                        int64_t *to, HubConsoleResponse *out)
{
    const char *b = rq->query_by ? rq->query_by : "month";
    const char *f = rq->query_format ? rq->query_format : "json";
    *by = -1;
    for (int i = 0; i < BY_COUNT; i++)
        if (strcmp(b, BYS[i]) == 0) *by = i;
    *format = strcmp(f, "json") == 0   ? 0
              : strcmp(f, "csv") == 0  ? 1
              : strcmp(f, "xlsx") == 0 ? 2
                                       : -1;
    if (*by < 0 || *format < 0) {
        hub_console_error(out, HTTP_BAD_REQUEST, "bad_report",
                          "by= is municipality, venue, category, audience or month; format= is "
                          "json, csv or xlsx");
        return false;
    }
    if (!day_start(rq->query_from, 0, from) || !day_start(rq->query_to, 1, to) || *to <= *from ||
        *to - *from > PERIOD_MAX_S) {
        hub_console_error(out, HTTP_BAD_REQUEST, "bad_period",
                          "from= and to= are days (YYYY-MM-DD, from 2000), from before to, at "
                          "most ten years apart");
        return false;
    }
    return true;
}

/* The file's answer: DATA (handed over) as TYPE, named after the report. */
static void reply_file(HubConsoleResponse *out, char *data, size_t len, const char *type,
                       const Report *r, const HubConsoleRequest *rq, const char *ext)
{
    out->status = HTTP_OK;
    out->body = data;
    out->len = len;
    out->borrowed = false;
    out->content_type = type;
    /* The period's days were checked to be digits and '-': the name is safe as it is. */
    snprintf(out->disposition, sizeof out->disposition,
             "attachment; filename=\"aukio-report-%s-%s-%s.%s\"", BYS[r->by], rq->query_from,
             rq->query_to, ext);
}

void hub_console_report(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                        int64_t now, HubConsoleResponse *out)
{
    (void)now;
    int by, format;
    int64_t from, to;
    if (!report_args(rq, &by, &format, &from, &to, out)) return;
    Report r = {.user = &who->user, .by = by};
    char err[256];
    int rc = by == BY_MONTH && !months_fill(&r, from, to)
                 ? err_set(err, sizeof err, "out of memory")
                 : AUKIO_OK;
    if (rc == AUKIO_OK)
        rc = c->store->console->report_events(c->store, from, to, on_event, &r, err, sizeof err);
    if (rc == AUKIO_OK && r.oom) rc = err_set(err, sizeof err, "out of memory");
    if (r.n > 1) qsort(r.g, (size_t)r.n, sizeof *r.g, by == BY_MONTH ? group_cmp_month : group_cmp);
    char *data = NULL;
    size_t len = 0;
    if (rc == AUKIO_OK && format == 1) rc = report_csv(&r, &data, &len, err, sizeof err);
    if (rc == AUKIO_OK && format == 2) rc = report_xlsx(&r, &data, &len, err, sizeof err);
    if (rc != AUKIO_OK) {
        free(data);
        hub_console_internal(out, err);
    } else if (format == 0) {
        json_t *j = report_json(&r, rq->query_from, rq->query_to);
        hub_console_json(out, HTTP_OK, j);
    } else {
        reply_file(out, data, len, format == 1 ? "text/csv; charset=utf-8" : HUB_XLSX_TYPE, &r, rq,
                   format == 1 ? "csv" : "xlsx");
    }
    free(r.g);
}
