/*
 * hub_source.c: fetching and importing a source, and the thread of `serve` that does it on each
 * source's schedule (hub_source.h).
 */
#include "hub_source.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>

#include "event.h"
#include "hub_fetch.h"
#include "hub_import.h"
#include "hub_source_refs.h"
#include "util.h"

/* A source's row, copied out of the store's callback. */
typedef struct {
    char *name, *url, *venue, *etag, *modified, *timezone, *topics;
    HubSourceKind kind;
    int every_min;
    int64_t tried_at;
    int n_read, n_skipped, failures;
} Source;

/* The events an attempt read, with its validators. */
typedef struct {
    Event *evs;
    int n_evs, cap;
    int n_skipped;
    /* The ids ("le:NAME:ID") of events skipped as malformed: still in the feed, not gone. */
    char **kept;
    int n_kept, cap_kept;
    bool not_modified;
    char etag[HUB_FETCH_VALIDATOR_MAX + 1], modified[HUB_FETCH_VALIDATOR_MAX + 1];
} Read;

bool hub_source_name_ok(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > HUB_SOURCE_NAME_MAX) return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return false;
    return true;
}

static int check_fail(const char **field, const char *which, char *err, size_t n, const char *fmt,
                      ...) __attribute__((format(printf, 5, 6)));

static int check_fail(const char **field, const char *which, char *err, size_t n, const char *fmt,
                      ...)
{
    if (field) *field = which;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
    return AUKIO_ERR_INVALID;
}

int hub_source_check(const HubSourceRow *in, const char **field, char *err, size_t n)
{
    if (!in->name || !hub_source_name_ok(in->name))
        return check_fail(field, "name", err, n,
                          "a source name has 1 to %d letters, digits, '-', '_' or '.'",
                          HUB_SOURCE_NAME_MAX);
    if (!in->url || !hub_fetch_url_ok(in->url) || strlen(in->url) > HUB_SOURCE_URL_MAX)
        return check_fail(field, "url", err, n,
                          "the URL must be http:// or https://, at most %d bytes",
                          HUB_SOURCE_URL_MAX);
    if (in->kind != HUB_SOURCE_ICS && in->kind != HUB_SOURCE_LINKEDEVENTS)
        return check_fail(field, "kind", err, n, "the kind is ics or linkedevents");
    if (in->every_min < 1 || in->every_min > HUB_SOURCE_EVERY_MAX)
        return check_fail(field, "every", err, n, "the interval is 1 to %d minutes",
                          HUB_SOURCE_EVERY_MAX);
    if (in->venue && (strlen(in->venue) > RECORD_EVENT_ID_MAX ||
                      str_control_at(in->venue, strlen(in->venue)) < strlen(in->venue)))
        return check_fail(field, "venue", err, n, "the venue is one line of at most %d bytes",
                          RECORD_EVENT_ID_MAX);
    int64_t t;
    if (in->timezone && *in->timezone &&
        event_parse_time_in("2026-01-01T12:00:00", in->timezone, &t) != 0)
        return check_fail(field, "timezone", err, n,
                          "\"%.60s\" is no time zone libical knows "
                          "(an IANA name such as Europe/Helsinki)",
                          in->timezone);
    char why[200];
    if (in->topics && event_topics_check(in->topics, why, sizeof why) != 0)
        return check_fail(field, "topic", err, n, "%s", why);
    return AUKIO_OK;
}

static void source_deinit(Source *s)
{
    free(s->name);
    free(s->url);
    free(s->venue);
    free(s->etag);
    free(s->modified);
    free(s->timezone);
    free(s->topics);
    memset(s, 0, sizeof *s);
}

static int on_source(void *ud, const HubSourceRow *r)
{
    Source *s = ud;
    source_deinit(s);
    s->name = strdup(r->name);
    s->url = strdup(r->url);
    s->venue = strdup(r->venue);
    s->etag = strdup(r->etag);
    s->modified = strdup(r->last_modified);
    s->timezone = strdup(r->timezone);
    s->topics = strdup(r->topics);
    s->failures = r->failures;
    s->kind = r->kind;
    s->every_min = r->every_min;
    s->tried_at = r->tried_at;
    s->n_read = r->n_read;
    s->n_skipped = r->n_skipped;
    return s->name && s->url && s->venue && s->etag && s->modified && s->timezone && s->topics ? 0
                                                                                               : -1;
}

/* ---- Reading ------------------------------------------------------------------------------ */

/* Moves the N events EVS into R (EVS is freed). */
static int read_take(Read *r, Event *evs, int n, char *err, size_t errlen)
{
    if (r->n_evs + n > EVENT_DOCUMENT_MAX_EVENTS || r->n_evs + n > r->cap) {
        int cap = r->n_evs + n + r->cap;
        Event *p = r->n_evs + n <= EVENT_DOCUMENT_MAX_EVENTS
                       ? realloc(r->evs, (size_t)(cap ? cap : 1) * sizeof *p)
                       : NULL;
        if (!p) {
            hub_import_events_free(evs, n);
            return err_set(err, errlen, "more than %d events", EVENT_DOCUMENT_MAX_EVENTS);
        }
        r->evs = p;
        r->cap = cap;
    }
    if (n) memcpy(r->evs + r->n_evs, evs, (size_t)n * sizeof *evs);
    r->n_evs += n;
    free(evs);
    return AUKIO_OK;
}

/* Linked Events ids are the API's: they are put in the source's namespace ("le:NAME:ID"), as a
 * calendar's are ("ics:NAME:UID"). An id that would be too long is skipped and reported. */
static void namespace_ids(const Source *s, Event *evs, int *n_evs, int *skipped, FILE *out)
{
    int m = 0;
    for (int i = 0; i < *n_evs; i++) {
        char id[RECORD_EVENT_ID_MAX + 2];
        int len = snprintf(id, sizeof id, "le:%s:%s", s->name, evs[i].id ? evs[i].id : "");
        char *dup = len > 0 && len <= RECORD_EVENT_ID_MAX ? strdup(id) : NULL;
        if (!dup) {
            fprintf(out, "aukio-hub: %s: event %d: skipped: its id is too long for the source\n",
                    s->name, i);
            event_deinit(&evs[i]);
            (*skipped)++;
            continue;
        }
        free(evs[i].id);
        evs[i].id = dup;
        evs[m++] = evs[i];
    }
    *n_evs = m;
}

/* Keeps in R the source's ids of the N events skipped as malformed (their feed's ids IDS). */
static int keep_skipped(const Source *s, Read *r, char **ids, int n)
{
    for (int i = 0; i < n; i++) {
        char id[RECORD_EVENT_ID_MAX + 2];
        int len = snprintf(id, sizeof id, "le:%s:%s", s->name, ids[i]);
        if (len <= 0 || len > RECORD_EVENT_ID_MAX) continue; /* never stored: nothing to keep */
        if (r->n_kept == r->cap_kept) {
            int cap = r->cap_kept ? 2 * r->cap_kept : 16;
            char **p = realloc(r->kept, (size_t)cap * sizeof *p);
            if (!p) return AUKIO_ERR;
            r->kept = p;
            r->cap_kept = cap;
        }
        if (!(r->kept[r->n_kept] = strdup(id))) return AUKIO_ERR;
        r->n_kept++;
    }
    return AUKIO_OK;
}

/* Parses one document TEXT of source S into R. *NEXT gets a Linked Events page's meta.next
 * (malloc'd, caller frees; NULL when none). */
static int read_document(const Source *s, const char *text, size_t len, Read *r, char **next,
                         FILE *out, char *err, size_t n)
{
    *next = NULL;
    Event *evs = NULL;
    int n_evs = 0;
    HubImportStats stats;
    /* An API's feed: one malformed event is skipped and reported, the rest imports. */
    HubImportOptions opt = {.source = s->name,
                            .zone = s->timezone,
                            .topics = s->topics,
                            .skip_bad = s->kind == HUB_SOURCE_LINKEDEVENTS};
    if (hub_import_parse(text, len, s->name, &opt, out, out, &evs, &n_evs, &stats, err, n) != 0)
        return AUKIO_ERR_INVALID;
    r->n_skipped += stats.n_skipped;
    int kept = keep_skipped(s, r, stats.skipped_ids, stats.n_skipped_ids);
    hub_import_ids_free(stats.skipped_ids, stats.n_skipped_ids);
    if (kept != AUKIO_OK) {
        hub_import_events_free(evs, n_evs);
        return err_set(err, n, "out of memory");
    }
    if (s->kind == HUB_SOURCE_LINKEDEVENTS) {
        if (stats.fmt != EVENT_FORMAT_JSON) {
            hub_import_events_free(evs, n_evs);
            return err_set(err, n, "%s: not Linked Events JSON", s->name);
        }
        namespace_ids(s, evs, &n_evs, &r->n_skipped, out);
        json_t *j = json_loadb(text, len, 0, NULL);
        const char *nx = json_string_value(json_object_get(json_object_get(j, "meta"), "next"));
        if (nx && *nx && !(*next = strdup(nx))) {
            json_decref(j);
            hub_import_events_free(evs, n_evs);
            return err_set(err, n, "out of memory");
        }
        json_decref(j);
    }
    return read_take(r, evs, n_evs, err, n);
}

/* Fetches source S into R: its URL, then for Linked Events each meta.next, all pages within
 * HUB_SOURCE_PAGES_MAX and HUB_IMPORT_MAX bytes together, or nothing. */
/* Reads one fetched page BODY of source S into R, its references resolved first (a Linked
 * Events API); *NEXT as read_document. */
static int read_page(const Source *s, HubRefs *refs, const Buf *body, const atomic_bool *stop,
                     Read *r, char **next, FILE *out, char *err, size_t n)
{
    const char *text = body->p ? body->p : "";
    size_t len = body->len;
    char *resolved = NULL;
    size_t rlen = 0;
    if (s->kind == HUB_SOURCE_LINKEDEVENTS &&
        hub_refs_resolve(refs, text, len, stop, &resolved, &rlen, err, n) != AUKIO_OK)
        return AUKIO_ERR;
    int rc =
        read_document(s, resolved ? resolved : text, resolved ? rlen : len, r, next, out, err, n);
    free(resolved);
    return rc;
}

static int read_url(const Source *s, const atomic_bool *stop, Read *r, FILE *out, char *err,
                    size_t n)
{
    char *url = strdup(s->url);
    size_t total = 0;
    HubRefs *refs = hub_refs_new(s->url);
    int rc = url && refs ? AUKIO_OK : err_set(err, n, "out of memory");
    for (int page = 0; rc == AUKIO_OK && url; page++) {
        if (page == HUB_SOURCE_PAGES_MAX) {
            rc = err_set(err, n, "more than %d pages", HUB_SOURCE_PAGES_MAX);
            break;
        }
        HubFetch f;
        char why[512];
        /* A calendar is asked conditionally. An API's pages are not: a 304 of its first page
         * says nothing of the others (an unchanged import changes no event anyway). */
        bool cond = s->kind == HUB_SOURCE_ICS;
        rc = hub_fetch_get(url, cond ? s->etag : "", cond ? s->modified : "",
                           HUB_IMPORT_MAX - total, stop, &f, why, sizeof why);
        if (rc != AUKIO_OK) {
            snprintf(err, n, "%s: %s", page ? "a later page" : "fetch", why);
        } else if (f.status == 304 && page == 0) {
            r->not_modified = true;
        } else if (f.status != 200) {
            rc = err_set(err, n, "HTTP %ld%s", f.status, page ? " on a later page" : "");
        } else {
            if (page == 0) {
                str_copy(r->etag, sizeof r->etag, f.etag);
                str_copy(r->modified, sizeof r->modified, f.modified);
            }
            total += f.body.len;
            fprintf(out, "%s: %zu bytes from page %d\n", s->name, f.body.len, page + 1);
            char *next = NULL;
            rc = read_page(s, refs, &f.body, stop, r, &next, out, err, n);
            free(url);
            url = next;
            if (rc == AUKIO_OK && url && !hub_fetch_url_ok(url))
                rc = err_set(err, n, "meta.next is not an http(s) URL");
            else if (rc == AUKIO_OK && url && !hub_refs_same_origin(url, s->url))
                rc = err_set(err, n, "meta.next is on another host than the source");
        }
        hub_fetch_deinit(&f);
        if (r->not_modified) break;
    }
    free(url);
    hub_refs_free(refs, out, s->name);
    return rc;
}

/* ---- Backoff ------------------------------------------------------------------------------ */

/* A minute in seconds: $AUKIO_HUB_SOURCE_MINUTE_S (tests), else 60. */
static int minute_s(void)
{
    long m = 60;
    const char *e = getenv("AUKIO_HUB_SOURCE_MINUTE_S");
    if (e && *e && parse_long(e, 1, 60, &m) != 0) m = 60;
    return (int)m;
}

int64_t hub_source_next_at(const HubSourceRow *r)
{
    if (r->failures > 0 && r->retry_at > 0) return r->retry_at;
    if (!r->tried_at) return 0;
    return r->tried_at + (int64_t)r->every_min * minute_s();
}

int64_t hub_source_backoff_s(int every_min, int failures, int minute_s, double jitter)
{
    int64_t cap = (int64_t)HUB_SOURCE_BACKOFF_MAX_MIN * minute_s;
    int64_t d = (int64_t)(every_min > 0 ? every_min : 1) * minute_s;
    for (int i = 1; i < failures && d < cap; i++)
        d *= 2;
    if (d > cap) d = cap;
    if (jitter < -1) jitter = -1;
    if (jitter > 1) jitter = 1;
    int64_t spread = (int64_t)((double)d * 0.2 * jitter);
    return d + spread > 1 ? d + spread : 1;
}

/* ---- Importing ---------------------------------------------------------------------------- */

typedef struct {
    char **v;
    int n, cap;
} Ids;

static int ids_add(void *ud, const char *id)
{
    Ids *ids = ud;
    if (ids->n == ids->cap) {
        int cap = ids->cap ? 2 * ids->cap : 64;
        char **p = realloc(ids->v, (size_t)cap * sizeof *p);
        if (!p) return -1;
        ids->v = p;
        ids->cap = cap;
    }
    return (ids->v[ids->n] = strdup(id)) ? (ids->n++, 0) : -1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int count_signup(void *ud, const HubSignupRow *r)
{
    (void)r;
    (*(int *)ud)++;
    return 0;
}

/* Whether event ID has started. A feed leaves out what is past (and a calendar's horizon drops
 * it a day after it ends): that is no removal, and such an event is left as it is. */
static bool started(HubStore *st, const char *id)
{
    char *stored = NULL, why[256];
    if (st->event_json(st, id, &stored, why, sizeof why) != AUKIO_OK) return false;
    json_t *j = json_loads(stored, 0, NULL);
    free(stored);
    int64_t t = 0;
    const char *s = json_string_value(json_object_get(j, "start_time"));
    bool past = s && event_parse_time(s, &t) == 0 && t > 0 && t <= now_s();
    json_decref(j);
    return past;
}

/* Cancels (anyone signed up) or deletes each id of OLD not in NOW_IDS (sorted) that has not
 * started; *REMOVED counts them. An event already cancelled or deleted by hand is left as it is. */
static int remove_gone(HubStore *st, const Ids *old, char **now_ids, int n_now, int *removed,
                       FILE *out, char *err, size_t n)
{
    for (int i = 0; i < old->n; i++) {
        const char *id = old->v[i];
        if (n_now && bsearch(&id, now_ids, (size_t)n_now, sizeof *now_ids, cmp_str)) continue;
        if (started(st, id)) continue;
        int signed_up = 0;
        int rc = st->signups(st, id, count_signup, &signed_up, err, n);
        if (rc == AUKIO_OK)
            rc = signed_up ? hub_import_cancel(st, id, err, n) : st->event_delete(st, id, err, n);
        if (rc == AUKIO_ERR_NOT_FOUND) continue;
        if (rc != AUKIO_OK) return rc;
        fprintf(out, "%s %s: gone from the source\n", signed_up ? "cancelled" : "deleted", id);
        (*removed)++;
    }
    return AUKIO_OK;
}

/* Appends to *IDS (N_IDS of them, from hub_import_events) R's kept ids that the source's last
 * import gave (OLD, sorted), so that a skipped event is neither removed nor forgotten, and
 * sorts the whole. */
static int add_kept(const Ids *old, const Read *r, char ***ids, int *n_ids)
{
    char **p = realloc(*ids, (size_t)(*n_ids + r->n_kept + 1) * sizeof *p);
    if (!p) return AUKIO_ERR;
    *ids = p;
    for (int i = 0; i < r->n_kept; i++) {
        const char *id = r->kept[i];
        if (!old->n || !bsearch(&id, old->v, (size_t)old->n, sizeof *old->v, cmp_str)) continue;
        if (!(p[*n_ids] = strdup(id))) return AUKIO_ERR;
        (*n_ids)++;
    }
    qsort(*ids, (size_t)*n_ids, sizeof **ids, cmp_str);
    return AUKIO_OK;
}

/* Appends to *IDS (sorted) every id of OLD it lacks, and sorts the whole. */
static int add_old(const Ids *old, char ***ids, int *n_ids)
{
    int had = *n_ids;
    char **p = realloc(*ids, (size_t)(*n_ids + old->n + 1) * sizeof *p);
    if (!p) return AUKIO_ERR;
    *ids = p;
    for (int i = 0; i < old->n; i++) {
        const char *id = old->v[i];
        if (had && bsearch(&id, p, (size_t)had, sizeof *p, cmp_str)) continue;
        if (!(p[*n_ids] = strdup(id))) return AUKIO_ERR;
        (*n_ids)++;
    }
    qsort(*ids, (size_t)*n_ids, sizeof **ids, cmp_str);
    return AUKIO_OK;
}

/* Imports R for source S and removes what disappeared; fills REC's counts and result. */
static int import_read(HubStore *st, const Source *s, Read *r, HubSourceRow *rec, char *result,
                       size_t rlen, FILE *out, char *err, size_t n)
{
    char **ids = NULL;
    int n_ids = 0, removed = 0;
    Ids old = {0};
    int rc = st->source_ids(st, s->name, ids_add, &old, err, n);
    if (rc == AUKIO_OK)
        rc = hub_import_events(st, r->evs, r->n_evs, s->venue, s->name, &ids, &n_ids, err, n);
    int n_imported = n_ids;
    if (rc == AUKIO_OK && add_kept(&old, r, &ids, &n_ids) != AUKIO_OK)
        rc = err_set(err, n, "out of memory");
    /* A calendar's malformed VEVENT has no id to keep, so any event of the last import may be
     * it: this time nothing is taken as gone (and every known id is kept for the next). */
    if (rc == AUKIO_OK && s->kind != HUB_SOURCE_LINKEDEVENTS && r->n_skipped > 0) {
        if (add_old(&old, &ids, &n_ids) != AUKIO_OK) rc = err_set(err, n, "out of memory");
        fprintf(out,
                "aukio-hub: %s: %d event(s) could not be read, so none is taken as gone from this "
                "fetch\n",
                s->name, r->n_skipped);
    }
    if (rc == AUKIO_OK) rc = remove_gone(st, &old, ids, n_ids, &removed, out, err, n);
    if (rc == AUKIO_OK) {
        snprintf(result, rlen, "imported %d event(s), %d skipped, %d removed", n_imported,
                 r->n_skipped, removed);
        *rec = (HubSourceRow){.ok = true,
                              .tried_at = now_s(),
                              .n_read = n_imported,
                              .n_skipped = r->n_skipped,
                              .n_removed = removed,
                              .etag = r->etag,
                              .last_modified = r->modified,
                              .result = result};
        /* The ids are stored only now: a crash before this does the removals again next time. */
        rc = st->source_record(st, s->name, rec, (const char *const *)ids, n_ids, err, n);
    }
    hub_import_ids_free(ids, n_ids);
    hub_import_ids_free(old.v, old.n);
    return rc;
}

int hub_source_run(HubStore *st, const char *name, const char *file, const atomic_bool *stop,
                   FILE *out, char *err, size_t n)
{
    Source s = {0};
    int rc = st->source_list(st, name, on_source, &s, err, n);
    if (rc != AUKIO_OK) {
        source_deinit(&s);
        return rc;
    }
    Read r = {0};
    char result[512] = "";
    HubSourceRow rec = {0};
    if (file) {
        char *text = NULL, *next = NULL;
        size_t len = 0;
        rc = file_read(file, HUB_IMPORT_MAX, &text, &len, err, n);
        if (rc == AUKIO_OK) rc = read_document(&s, text, len, &r, &next, out, err, n);
        free(text);
        free(next); /* a file is one document: its meta.next is not followed */
    } else {
        rc = read_url(&s, stop, &r, out, err, n);
    }
    if (rc == AUKIO_OK && r.not_modified) {
        rec = (HubSourceRow){.ok = true,
                             .tried_at = now_s(),
                             .n_read = s.n_read,
                             .n_skipped = s.n_skipped,
                             .etag = s.etag,
                             .last_modified = s.modified,
                             .result = "not modified (304): nothing changes"};
        rc = st->source_record(st, s.name, &rec, NULL, 0, err, n);
    } else if (rc == AUKIO_OK) {
        rc = import_read(st, &s, &r, &rec, result, sizeof result, out, err, n);
    }
    if (rc != AUKIO_OK) {
        /* The failure is kept for `source list`, with when to try again; nothing else
         * changed. */
        char why[512];
        str_copy(why, sizeof why, err);
        rec = (HubSourceRow){.ok = false, .result = why, .failures = s.failures + 1};
        rec.tried_at = now_s();
        double jitter = (double)randombytes_uniform(2001) / 1000.0 - 1.0;
        rec.retry_at =
            rec.tried_at + hub_source_backoff_s(s.every_min, rec.failures, minute_s(), jitter);
        char ignored[256];
        (void)!st->source_record(st, s.name, &rec, NULL, 0, ignored, sizeof ignored);
    } else {
        fprintf(out, "%s: %s\n", s.name, rec.result);
    }
    hub_import_events_free(r.evs, r.n_evs);
    hub_import_ids_free(r.kept, r.n_kept);
    source_deinit(&s);
    return rc;
}

/* ---- The thread of serve ------------------------------------------------------------------ */

#define POLL_S 1

struct HubSources {
    HubStore *store;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    atomic_bool stop; /* set under LOCK (for the wait); the fetch's progress callback reads it */
    int minute_s;
};

typedef struct {
    char **names;
    int n, cap;
    int64_t now;
    int minute_s;
} Due;

static int on_due(void *ud, const HubSourceRow *r)
{
    Due *d = ud;
    if (r->failures > 0 && r->retry_at > d->now) return 0; /* failing: its backoff says when */
    if (r->failures == 0 && r->tried_at &&
        r->tried_at + (int64_t)r->every_min * d->minute_s > d->now)
        return 0;
    Ids ids = {d->names, d->n, d->cap};
    int rc = ids_add(&ids, r->name);
    d->names = ids.v, d->n = ids.n, d->cap = ids.cap;
    return rc;
}

static bool wait_stop(HubSources *s, int seconds)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += seconds;
    pthread_mutex_lock(&s->lock);
    while (!atomic_load(&s->stop) && pthread_cond_timedwait(&s->cond, &s->lock, &until) == 0) {
    }
    bool stop = atomic_load(&s->stop);
    pthread_mutex_unlock(&s->lock);
    return stop;
}

static void *sources_main(void *ud)
{
    HubSources *s = ud;
    do {
        Due d = {.now = now_s(), .minute_s = s->minute_s};
        char err[1024];
        if (s->store->source_list(s->store, NULL, on_due, &d, err, sizeof err) != AUKIO_OK)
            fprintf(stderr, "aukio-hub: sources: %s\n", err);
        for (int i = 0; i < d.n && !atomic_load(&s->stop); i++)
            if (hub_source_run(s->store, d.names[i], NULL, &s->stop, stderr, err, sizeof err) !=
                AUKIO_OK)
                fprintf(stderr, "aukio-hub: source %s: %s\n", d.names[i], err);
        hub_import_ids_free(d.names, d.n);
    } while (!wait_stop(s, POLL_S));
    return NULL;
}

int hub_sources_start(HubSources **out, HubStore *st, char *err, size_t n)
{
    *out = NULL;
    HubSources *s = calloc(1, sizeof *s);
    if (!s) return err_set(err, n, "out of memory");
    s->store = st;
    atomic_init(&s->stop, false);
    s->minute_s = minute_s();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->cond, NULL);
    if (pthread_create(&s->thread, NULL, sources_main, s) != 0) {
        pthread_cond_destroy(&s->cond);
        pthread_mutex_destroy(&s->lock);
        free(s);
        return err_set(err, n, "cannot start the sources' thread");
    }
    *out = s;
    return AUKIO_OK;
}

void hub_sources_stop(HubSources *s)
{
    if (!s) return;
    pthread_mutex_lock(&s->lock);
    atomic_store(&s->stop, true);
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->thread, NULL);
    curl_global_cleanup();
    pthread_cond_destroy(&s->cond);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
