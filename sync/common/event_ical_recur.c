/*
 * event_ical_recur.c: the occurrences of a VEVENT (DTSTART, RRULE, RDATE less EXDATE, each
 * replaced by its RECURRENCE-ID override when there is one) inside the horizon, and the Events
 * made of them. libical's recurrence iterator does the rule arithmetic, on wall-clock times in
 * the event's zone, so a weekly 18:00 in Europe/Helsinki stays 18:00 across the DST change; each
 * occurrence then becomes a UTC instant.
 */
#include "event_ical_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util.h"

/* ---- Overrides ---------------------------------------------------------------------------- */

static int collect(IcalCtx *c, icalcomponent *cal, icalcomponent *comp, int *k)
{
    icalcomponent_kind kind = icalcomponent_isa(comp);
    if (kind == ICAL_VEVENT_COMPONENT) {
        int index = (*k)++;
        icalproperty *rp = icalcomponent_get_first_property(comp, ICAL_RECURRENCEID_PROPERTY);
        if (!rp) return 0;
        IcalOverride *nv = realloc(c->ov, (size_t)(c->n_ov + 1) * sizeof *nv);
        if (!nv) return err_set(c->err, c->errlen, "out of memory");
        c->ov = nv;
        char buf[256];
        IcalOverride *o = &c->ov[c->n_ov];
        memset(o, 0, sizeof *o);
        o->comp = comp;
        o->cal = cal;
        o->index = index;
        o->instant = INT64_MIN; /* unusable until read below */
        /* Known before any master is expanded, which may come first in the text. */
        o->bad = ical_unreadable(comp) != NULL;
        if (!(o->uid = strdup(ical_uid(comp, buf, sizeof buf))))
            return err_set(c->err, c->errlen, "out of memory");
        c->n_ov++;
        IcalEventCtx e = {.cal = cal, .index = index, .uid = o->uid, .floating = c->floating};
        struct icaltimetype t;
        icaltimezone *z;
        char why[160];
        if (ical_prop_time(c, &e, rp, &t, &z, why, sizeof why) == 0)
            o->instant = ical_instant(c, &e, t, z);
        return 0;
    }
    if (kind == ICAL_VCALENDAR_COMPONENT) cal = comp;
    if (kind != ICAL_VCALENDAR_COMPONENT && kind != ICAL_XROOT_COMPONENT) return 0;
    for (icalcompiter it = icalcomponent_begin_component(comp, ICAL_ANY_COMPONENT);
         icalcompiter_deref(&it); icalcompiter_next(&it))
        if (collect(c, cal, icalcompiter_deref(&it), k)) return -1;
    return 0;
}

int ical_overrides_collect(IcalCtx *c)
{
    int k = 0;
    return collect(c, NULL, c->root, &k);
}

void ical_overrides_free(IcalCtx *c)
{
    for (int i = 0; i < c->n_ov; i++)
        free(c->ov[i].uid);
    free(c->ov);
    c->ov = NULL;
    c->n_ov = 0;
}

void ical_overrides_drop(IcalCtx *c, icalcomponent *comp, const char *uid)
{
    for (int i = 0; i < c->n_ov; i++) {
        if (comp && c->ov[i].comp == comp) c->ov[i].bad = true;
        if (!comp && strcmp(c->ov[i].uid, uid) == 0) c->ov[i].used = true;
    }
}

static IcalOverride *find_override(IcalCtx *c, const char *uid, int64_t instant)
{
    for (int i = 0; i < c->n_ov; i++)
        if (c->ov[i].instant == instant && strcmp(c->ov[i].uid, uid) == 0) return &c->ov[i];
    return NULL;
}

/* ---- Events ------------------------------------------------------------------------------- */

/* Keeps EV (taking what it owns) once it reads back through the JSON form as it is; else it is
 * freed and ICAL_SKIP returned with the model's reason. -1 when the file has too many. */
static int keep_event(IcalCtx *c, Event *ev, char *why, size_t n)
{
    json_t *j = event_to_json(ev);
    Event back;
    memset(&back, 0, sizeof back);
    int rc = 0;
    if (!j) {
        rc = err_set(why, n, "cannot be written as an event (out of memory)") ? ICAL_SKIP : 0;
    } else if (event_from_json(&back, j, why, n)) {
        rc = ICAL_SKIP;
    }
    json_decref(j);
    event_deinit(&back);
    if (rc) {
        event_deinit(ev);
        return rc;
    }
    if (c->n >= c->opt->max_events) {
        event_deinit(ev);
        return err_set(c->err, c->errlen,
                       "more than %d events (occurrences counted), at most %d in one file",
                       c->opt->max_events, c->opt->max_events);
    }
    if (c->n == c->cap) {
        int cap = c->cap ? 2 * c->cap : 64;
        Event *ne = realloc(c->evs, (size_t)cap * sizeof *ne);
        if (!ne) {
            event_deinit(ev);
            return err_set(c->err, c->errlen, "out of memory");
        }
        c->evs = ne;
        c->cap = cap;
    }
    c->evs[c->n++] = *ev;
    return 0;
}

static bool in_horizon(const IcalCtx *c, int64_t start, int64_t end)
{
    int64_t last = end > start ? end : start;
    return last >= c->opt->now - c->opt->past && start <= c->opt->now + c->opt->future;
}

/* When a VEVENT starts and how long it lasts. */
typedef struct {
    struct icaltimetype start; /* wall clock (or date) */
    icaltimezone *zone;        /* of START; NULL for UTC, floating or a date */
    bool all_day;
    bool has_end;
    struct icaldurationtype dur; /* nominal: added to each occurrence's wall clock */
} Span;

static int read_span(IcalCtx *c, const IcalEventCtx *e, icalcomponent *comp, Span *s, char *why,
                     size_t n)
{
    memset(s, 0, sizeof *s);
    icalproperty *dp = icalcomponent_get_first_property(comp, ICAL_DTSTART_PROPERTY);
    if (!dp) return err_set(why, n, "no DTSTART") ? ICAL_SKIP : 0;
    int rc = ical_prop_time(c, e, dp, &s->start, &s->zone, why, n);
    if (rc == 1) return err_set(why, n, "DTSTART: not a date or time") ? ICAL_SKIP : 0;
    if (rc) return ICAL_SKIP;
    s->all_day = s->start.is_date;
    icalproperty *ep = icalcomponent_get_first_property(comp, ICAL_DTEND_PROPERTY);
    icalproperty *up = icalcomponent_get_first_property(comp, ICAL_DURATION_PROPERTY);
    if (ep) {
        struct icaltimetype t;
        icaltimezone *z;
        rc = ical_prop_time(c, e, ep, &t, &z, why, n);
        if (rc < 0) return ICAL_SKIP;
        if (rc == 0) {
            int64_t a = ical_instant(c, e, s->start, s->zone), b = ical_instant(c, e, t, z);
            if (b < a) return err_set(why, n, "DTEND: before DTSTART") ? ICAL_SKIP : 0;
            s->has_end = true;
            /* Both in the same zone: the wall-clock difference, so that a 10-18 event is 10-18
             * on every day of a series, DST or not. Else the exact one. */
            if (z == s->zone && t.is_date == s->start.is_date)
                s->dur = icaltime_subtract(t, s->start);
            else
                s->dur = icaldurationtype_from_int((int)(b - a));
        }
    } else if (up) {
        s->dur = icalproperty_get_duration(up);
        s->has_end = !icaldurationtype_is_bad_duration(s->dur) && !s->dur.is_neg;
        if (!s->has_end) s->dur = icaldurationtype_null_duration();
    } else if (s->all_day) {
        s->dur = icaldurationtype_from_int(86400); /* a DATE alone is that one day */
        s->has_end = true;
    }
    return 0;
}

/* The Event of one occurrence starting at wall clock T (zone Z) of COMP; FALLBACK lends texts. */
static int add_occurrence(IcalCtx *c, const IcalEventCtx *e, icalcomponent *comp,
                          icalcomponent *fallback, const Span *s, struct icaltimetype t,
                          icaltimezone *z, bool recurring, int64_t id_instant, char *why, size_t n)
{
    Event ev;
    memset(&ev, 0, sizeof ev);
    ev.start_time = ical_instant(c, e, t, z);
    if (s->has_end) {
        struct icaltimetype end = icaltime_add(t, s->dur);
        ev.end_time = ical_instant(c, e, end, z);
        if (ev.end_time < ev.start_time) ev.end_time = ev.start_time;
    }
    if (!in_horizon(c, ev.start_time, ev.end_time)) {
        c->rep->outside++;
        return 0;
    }
    ev.all_day = s->all_day;
    if (ical_read_texts(c, e, comp, fallback, &ev, why, n)) {
        event_deinit(&ev);
        return ICAL_SKIP;
    }
    if (!(ev.id = ical_make_id(c, e->uid, recurring, id_instant, s->all_day))) {
        event_deinit(&ev);
        return err_set(c->err, c->errlen, "out of memory");
    }
    return keep_event(c, &ev, why, n);
}

/* ---- Occurrences -------------------------------------------------------------------------- */

typedef struct {
    struct icaltimetype t;
    int64_t instant;
} Occ;

typedef struct {
    Occ *v;
    int n, cap;
} OccList;

static int occ_add(OccList *l, struct icaltimetype t, int64_t instant)
{
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 32;
        Occ *nv = realloc(l->v, (size_t)cap * sizeof *nv);
        if (!nv) return -1;
        l->v = nv;
        l->cap = cap;
    }
    l->v[l->n++] = (Occ){t, instant};
    return 0;
}

static int cmp_occ(const void *a, const void *b)
{
    int64_t x = ((const Occ *)a)->instant, y = ((const Occ *)b)->instant;
    return x < y ? -1 : x > y;
}

/* The occurrences of one RRULE from S's start up to the horizon's end. */
static int rule_occurrences(IcalCtx *c, const IcalEventCtx *e, const Span *s, icalproperty *rp,
                            OccList *l, bool *capped, char *why, size_t n)
{
    struct icalrecurrencetype rule = icalproperty_get_rrule(rp);
    if (rule.freq == ICAL_NO_RECURRENCE)
        return err_set(why, n, "RRULE: not a rule") ? ICAL_SKIP : 0;
    struct icaltimetype start = s->start;
    if (s->zone) start = icaltime_set_timezone(&start, s->zone);
    icalrecur_iterator *it = icalrecur_iterator_new(rule, start);
    if (!it) return err_set(why, n, "RRULE: libical cannot expand it") ? ICAL_SKIP : 0;
    int64_t h_end = c->opt->now + c->opt->future;
    int64_t dur = s->has_end ? icaldurationtype_as_int(s->dur) : 0;
    /* Open-ended rules jump to the horizon (a day early, for zones and long events). */
    int64_t from = c->opt->now - c->opt->past - (dur > 0 ? dur : 0) - 86400;
    if (rule.count == 0 && from > ical_instant(c, e, s->start, s->zone)) {
        struct icaltimetype ft = icaltime_from_timet_with_zone((time_t)from, s->start.is_date,
                                                               s->zone            ? s->zone
                                                               : s->start.is_date ? c->date_zone
                                                                                  : e->floating);
        if (icaltime_is_utc(s->start))
            ft = icaltime_from_timet_with_zone((time_t)from, 0, icaltimezone_get_utc_timezone());
        (void)icalrecur_iterator_set_start(it, ft);
    }
    int steps = 0;
    for (;;) {
        struct icaltimetype t = icalrecur_iterator_next(it);
        if (icaltime_is_null_time(t)) break;
        if (++steps > ICAL_STEPS_EVENT_MAX || ++c->steps > ICAL_STEPS_FILE_MAX) {
            *capped = true;
            break;
        }
        int64_t inst = ical_instant(c, e, t, s->zone);
        if (inst > h_end) break;
        if (inst + dur < c->opt->now - c->opt->past) continue;
        if (l->n >= c->opt->max_occurrences * 2 + 2) {
            *capped = true;
            break;
        }
        if (occ_add(l, t, inst)) {
            icalrecur_iterator_free(it);
            return err_set(c->err, c->errlen, "out of memory");
        }
    }
    icalrecur_iterator_free(it);
    return 0;
}

/* DTSTART, each RRULE's and each RDATE's occurrences, less the EXDATEs, sorted, one each. */
static int occurrences(IcalCtx *c, const IcalEventCtx *e, icalcomponent *comp, const Span *s,
                       OccList *l, bool *capped, char *why, size_t n)
{
    if (occ_add(l, s->start, ical_instant(c, e, s->start, s->zone)))
        return err_set(c->err, c->errlen, "out of memory");
    for (icalproperty *p = icalcomponent_get_first_property(comp, ICAL_RRULE_PROPERTY); p;
         p = icalcomponent_get_next_property(comp, ICAL_RRULE_PROPERTY)) {
        int rc = rule_occurrences(c, e, s, p, l, capped, why, n);
        if (rc) return rc;
    }
    for (icalproperty *p = icalcomponent_get_first_property(comp, ICAL_RDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(comp, ICAL_RDATE_PROPERTY)) {
        struct icaldatetimeperiodtype dp = icalproperty_get_rdate(p);
        struct icaltimetype t = icaltime_is_null_time(dp.time) ? dp.period.start : dp.time;
        icalparameter *tp = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
        icaltimezone *z = tp ? ical_zone(c, e->cal, icalparameter_get_tzid(tp)) : s->zone;
        if (icaltime_is_null_time(t) || !icaltime_is_valid_time(t)) continue;
        if (occ_add(l, t, ical_instant(c, e, t, z)))
            return err_set(c->err, c->errlen, "out of memory");
    }
    qsort(l->v, (size_t)l->n, sizeof *l->v, cmp_occ);
    int k = 0;
    for (int i = 0; i < l->n; i++) {
        if (k > 0 && l->v[k - 1].instant == l->v[i].instant) continue;
        bool excluded = false;
        for (icalproperty *p = icalcomponent_get_first_property(comp, ICAL_EXDATE_PROPERTY);
             p && !excluded; p = icalcomponent_get_next_property(comp, ICAL_EXDATE_PROPERTY)) {
            struct icaltimetype x;
            icaltimezone *z;
            char ignored[120];
            if (ical_prop_time(c, e, p, &x, &z, ignored, sizeof ignored) == 0)
                excluded = ical_instant(c, e, x, z ? z : s->zone) == l->v[i].instant;
        }
        if (!excluded) l->v[k++] = l->v[i];
    }
    l->n = k;
    return 0;
}

int ical_expand(IcalCtx *c, const IcalEventCtx *e, icalcomponent *comp, char *why, size_t n)
{
    Span s;
    int rc = read_span(c, e, comp, &s, why, n);
    if (rc) return rc;
    bool recurring = icalcomponent_get_first_property(comp, ICAL_RRULE_PROPERTY) ||
                     icalcomponent_get_first_property(comp, ICAL_RDATE_PROPERTY);
    if (!recurring) {
        int64_t inst = ical_instant(c, e, s.start, s.zone);
        return add_occurrence(c, e, comp, NULL, &s, s.start, s.zone, false, inst, why, n);
    }
    OccList l = {0};
    bool capped = false;
    rc = occurrences(c, e, comp, &s, &l, &capped, why, n);
    int kept = 0, skipped = 0;
    char first_why[200] = "";
    for (int i = 0; rc == 0 && i < l.n; i++) {
        if (kept >= c->opt->max_occurrences) {
            capped = true;
            break;
        }
        IcalOverride *o = find_override(c, e->uid, l.v[i].instant);
        int before = c->n, r;
        if (o && o->bad) {
            o->used = true; /* noted where it was met; the master's version must not stand in */
            continue;
        }
        if (o) {
            o->used = true;
            IcalEventCtx oe = *e;
            oe.cal = o->cal ? o->cal : e->cal;
            Span os;
            r = read_span(c, &oe, o->comp, &os, why, n);
            if (r == 0)
                r = add_occurrence(c, &oe, o->comp, comp, &os, os.start, os.zone, true,
                                   l.v[i].instant, why, n);
        } else {
            r = add_occurrence(c, e, comp, NULL, &s, l.v[i].t, s.zone, true, l.v[i].instant, why,
                               n);
        }
        if (r == ICAL_SKIP) {
            if (!skipped++) str_copy(first_why, sizeof first_why, why);
            c->rep->skipped++;
        } else if (r) {
            rc = r;
        } else if (c->n > before) {
            kept++;
        }
    }
    free(l.v);
    if (rc) return rc;
    char where[160];
    ical_where(c, e->index, e->uid, where, sizeof where);
    if (skipped)
        ical_note(c->rep, "%s: %d occurrence%s skipped: %s", where, skipped,
                  skipped == 1 ? "" : "s", first_why);
    if (capped) {
        c->rep->capped++;
        ical_note(c->rep, "%s: only the first %d occurrences in the horizon kept", where, kept);
    }
    return 0;
}

int ical_overrides_rest(IcalCtx *c)
{
    for (int i = 0; i < c->n_ov; i++) {
        IcalOverride *o = &c->ov[i];
        if (o->used || o->bad) continue;
        char why[200], where[160];
        ical_where(c, o->index, o->uid, where, sizeof where);
        if (o->instant == INT64_MIN) {
            c->rep->skipped++;
            ical_note(c->rep, "%s: skipped: RECURRENCE-ID: not a date or time", where);
            continue;
        }
        IcalEventCtx e = {.cal = o->cal, .index = o->index, .uid = o->uid, .floating = c->floating};
        Span s;
        int rc = read_span(c, &e, o->comp, &s, why, sizeof why);
        if (rc == 0)
            rc = add_occurrence(c, &e, o->comp, NULL, &s, s.start, s.zone, true, o->instant, why,
                                sizeof why);
        if (rc == ICAL_SKIP) {
            c->rep->skipped++;
            ical_note(c->rep, "%s: skipped: %s", where, why);
        } else if (rc) {
            return -1;
        }
    }
    return 0;
}

typedef struct {
    const char *id;
    int i;
} IdKey;

static int cmp_key(const void *a, const void *b)
{
    const IdKey *x = a, *y = b;
    int r = strcmp(x->id, y->id);
    return r ? r : (x->i > y->i) - (x->i < y->i);
}

int ical_check_ids(IcalCtx *c)
{
    if (c->n < 2) return 0;
    IdKey *k = malloc((size_t)c->n * sizeof *k);
    bool *drop = calloc((size_t)c->n, sizeof *drop);
    if (!k || !drop) {
        free(k);
        free(drop);
        return err_set(c->err, c->errlen, "out of memory");
    }
    for (int i = 0; i < c->n; i++)
        k[i] = (IdKey){c->evs[i].id, i};
    qsort(k, (size_t)c->n, sizeof *k, cmp_key);
    for (int i = 1; i < c->n; i++)
        if (strcmp(k[i - 1].id, k[i].id) == 0) {
            /* The same UID in two VEVENTs (two calendars of one file, a feed listing an event
             * twice): the first one wins, as the text has it first. */
            char shown[120];
            ical_note(c->rep, "id %s: given twice (the same UID twice?): the later one skipped",
                      str_printable(k[i].id, shown, sizeof shown));
            c->rep->skipped++;
            drop[k[i].i] = true;
        }
    int n = 0;
    for (int i = 0; i < c->n; i++) {
        if (drop[i])
            event_deinit(&c->evs[i]);
        else
            c->evs[n++] = c->evs[i];
    }
    c->n = n;
    free(k);
    free(drop);
    return 0;
}
