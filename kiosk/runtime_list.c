/*
 * runtime_list.c: the list the App holds, read from the store: a page of it (store_page.c, a
 * paged kiosk: every kiosk but the tests' whole one), or the whole list; a window's first
 * screenful and its count before the rest.
 */
#include <stdio.h>
#include <string.h>

#include "datefmt.h"
#include "runtime.h"
#include "util.h"

/* The list's counts COUNTS as of AT_MS kept for the next pages of the same list (PF's list and
 * the time filter's end UNTIL): a page read for the scroll counts nothing, and one for the next
 * minute only the rows that ended in between (kiosk_list_page). */
static void counts_keep(Kiosk *k, const PageFor *pf, int64_t at_ms, int64_t until,
                        const int counts[2])
{
    k->page_counts_valid = true;
    k->page_counts_for = *pf;
    k->page_counts_for.groups = false;
    k->page_counts_for.minute = 0;
    memset(k->page_counts_for.pinned, 0, sizeof k->page_counts_for.pinned);
    k->page_counts_at = at_ms;
    k->page_counts_until = until;
    memcpy(k->page_counts, counts, sizeof k->page_counts);
}

/* Q's counts as of AT_MS from the kept ones into Q (Q->counted), when they are of the same list
 * at the same moment or an earlier one: less the rows that ended since (store_page_count_ended,
 * well under a millisecond where a count is 11-16 ms at 100,000 events). */
static void counts_carry(Kiosk *k, const PageFor *pf, int64_t at_ms, StorePageQuery *q)
{
    PageFor same = *pf;
    same.groups = false;
    same.minute = 0;
    memset(same.pinned, 0, sizeof same.pinned);
    if (!k->page_counts_valid || memcmp(&same, &k->page_counts_for, sizeof same) != 0 ||
        k->page_counts_until != q->until || at_ms < k->page_counts_at)
        return;
    int64_t was = k->page_counts_at / 60000 * 60, now = at_ms / 60000 * 60;
    int ended = 0;
    char err[256];
    if (was != now) {
        if (pf->staff_list) { /* from today's start: the same all day */
            if (datefmt_day_start(was) != datefmt_day_start(now)) return;
        } else if (store_page_count_ended(k->store, q, was, now, &ended, err, sizeof err)) {
            fprintf(stderr, "aukio: counting events: %s (counted again)\n", err);
            return;
        }
    }
    q->counted = true;
    q->counts[0] = k->page_counts[0] - ended;
    q->counts[1] = k->page_counts[1];
}

/* What the App's pages are read for but the moment (the reader thread prepares for it). */
void kiosk_page_spec(const App *a, SyncPageSpec *out)
{
    PageFor pf;
    app_page_for(a, &pf);
    memset(out, 0, sizeof *out);
    out->until = app_list_until(a);
    out->staff = a->staff_mode;
    out->show_all = a->venue_show_all;
    out->groups = pf.groups;
    out->staff_list = pf.staff_list;
    str_copy(out->category, sizeof out->category, a->category);
    str_copy(out->venue_id, sizeof out->venue_id, a->venue_id);
    str_copy(out->home_venue, sizeof out->home_venue, a->home_venue);
}

/* After a catalogue change from sync: the reader thread's preparation for this list, taken
 * when it is for this generation, list and minute (else the page reads it all here). True with
 * the caches set as of *AT_MS. */
static bool take_prep(Kiosk *k, int64_t *at_ms)
{
    if (!k->page_prep_valid) return false;
    SyncPagePrep prep = k->page_prep;
    k->page_prep_valid = false;
    memset(&k->page_prep, 0, sizeof k->page_prep);
    SyncPageSpec now;
    kiosk_page_spec(&k->app, &now);
    if (memcmp(&now, &prep.spec, sizeof now) != 0 || prep.at_ms / 60000 != k->app.now_ms / 60000 ||
        prep.at_ms > k->app.now_ms + 1000) {
        store_page_aux_free(&prep.aux);
        return false;
    }
    store_page_aux_free(&k->page_aux);
    k->page_aux = prep.aux;
    k->page_aux_valid = true;
    k->page_aux_minute = prep.at_ms / 60000;
    k->page_aux_staff = prep.spec.staff;
    k->page_aux_all = prep.spec.show_all;
    k->page_aux_groups = prep.spec.groups;
    str_copy(k->page_aux_home, sizeof k->page_aux_home, prep.spec.home_venue);
    PageFor pf;
    app_page_for(&k->app, &pf);
    counts_keep(k, &pf, prep.at_ms, prep.spec.until, prep.counts);
    *at_ms = prep.at_ms;
    return true;
}

/* The page the App asks for, as of AT_MS, into Q (its strings SPEC's and the App's), what its
 * list is into SPEC (kiosk_page_spec: the reader thread's too), and what it is read for into PF. */
static void page_query(const Kiosk *k, int64_t at_ms, SyncPageSpec *spec, StorePageQuery *q,
                       PageFor *pf)
{
    const App *a = &k->app;
    app_page_for(a, pf);
    kiosk_page_spec(a, spec);
    sync_page_query(spec, at_ms, q);
    q->first = a->page_want - KIOSK_PAGE_BEFORE;
    q->limit = KIOSK_PAGE_ROWS;
    const char *pinned[STORE_PAGE_PINNED] = {a->detail_id, a->feedback_id, a->staff.event_id,
                                             a->mine.found.event_id};
    memcpy(q->pinned, pinned, sizeof q->pinned);
}

/* EFFECT_LOAD_PAGE (and EFFECT_LOAD_EVENTS of a paged kiosk): the page of the list the App
 * asks for, at its filters, minute and App.page_want (store_page.c), what every page takes and
 * the count read again only when what they depend on changed. */
bool kiosk_list_page(Kiosk *k, int64_t at_ms, AppPage *pg)
{
    App *a = &k->app;
    char err[256];
    SyncPageSpec spec;
    StorePageQuery q;
    PageFor pf;
    page_query(k, at_ms, &spec, &q, &pf);
    if (!k->page_aux_valid || k->page_aux_minute != at_ms / 60000 ||
        k->page_aux_staff != a->staff_mode || k->page_aux_all != a->venue_show_all ||
        k->page_aux_groups != pf.groups || strcmp(k->page_aux_home, a->home_venue) != 0) {
        store_page_aux_free(&k->page_aux);
        k->page_aux_valid = store_page_aux(k->store, &q, &k->page_aux, err, sizeof err) == 0;
        if (!k->page_aux_valid) {
            fprintf(stderr, "aukio: loading events: %s\n", err);
            return false;
        }
        k->page_aux_minute = at_ms / 60000;
        k->page_aux_staff = a->staff_mode;
        k->page_aux_all = a->venue_show_all;
        k->page_aux_groups = pf.groups;
        str_copy(k->page_aux_home, sizeof k->page_aux_home, a->home_venue);
    }
    counts_carry(k, &pf, at_ms, &q);
    StorePageInfo info;
    memset(pg, 0, sizeof *pg);
    if (store_page_load(k->store, &q, &k->page_aux, &pg->rows, &pg->n, &info, err, sizeof err)) {
        fprintf(stderr, "aukio: loading events: %s\n", err);
        return false;
    }
    if (k->sync) { /* what the reader thread prepares the next change's page for */
        if (!k->page_spec_has || memcmp(&spec, &k->page_spec_sent, sizeof spec) != 0)
            sync_proc_page_spec(k->sync, &spec);
        k->page_spec_sent = spec;
        k->page_spec_has = true;
    }
    counts_keep(k, &pf, at_ms, q.until, info.counts);
    pg->total = info.total;
    pg->first = info.first;
    pg->lo = info.lo;
    pg->hi = info.hi;
    pg->now_ms = at_ms;
    k->partial_list = false;
    return true;
}

/* The label's count of the list from the index (0.4 ms at 10,000 events, a few at 100,000), the
 * App's filter: after a window's first frame (which shows none). */
bool kiosk_list_count(Kiosk *k, int64_t now, Action *out)
{
    now -= now % 60; /* the minute's list (app_row_ended) */
    char err[256];
    int total = 0;
    k->partial_counted = true;
    if (k->paged) { /* the first page takes the same count, as of the same moment */
        SyncPageSpec spec;
        StorePageQuery q;
        PageFor pf;
        page_query(k, now * 1000, &spec, &q, &pf);
        int counts[2];
        if (store_page_count(k->store, &q, counts, err, sizeof err)) {
            fprintf(stderr, "aukio: counting events: %s\n", err);
            return false;
        }
        counts_keep(k, &pf, now * 1000, q.until, counts);
        *out = (Action){.kind = ACT_EVENTS_COUNTED, .a = counts[0] + counts[1]};
        return true;
    }
    if (store_events_count(k->store, now, app_list_until(&k->app), k->app.staff_mode,
                           k->app.category, k->app.venue_id, &total, err, sizeof(err)) != 0) {
        fprintf(stderr, "aukio: counting events: %s\n", err);
        return false;
    }
    *out = (Action){.kind = ACT_EVENTS_COUNTED, .a = total};
    return true;
}

/* EFFECT_LOAD_EVENTS: the list (a paged kiosk: a page of it, with what every page takes read
 * again); a window's first screenful (kiosk_frame loads the rest). */
bool kiosk_list_events(Kiosk *k, int64_t now, Action *out, AppPage *pg)
{
    char err[256];
    bool first = k->progressive && !k->app.n_rows && !k->partial_list;
    if (!first && k->paged) {
        int64_t at = k->app.now_ms;
        /* The page after a window's first screenful: as of its count, a frame before. */
        if (k->partial_list && k->page_counts_valid &&
            k->page_counts_at / 60000 == k->app.now_ms / 60000)
            at = k->page_counts_at;
        else if (!take_prep(k, &at))
            k->page_aux_valid = k->page_counts_valid = false; /* the catalogue changed */
        k->partial_list = false; /* also when the store fails: the App asks again later */
        *out = (Action){.kind = ACT_PAGE_LOADED, .p = pg};
        return kiosk_list_page(k, at, pg);
    }
    /* From the start of today: the feedback screen offers events that ended earlier today. */
    int64_t from = datefmt_day_start(now);
    EventRow *rows = NULL;
    int n = 0;
    int rc = first ? store_events_upcoming_first(k->store, from, KIOSK_FIRST_ROWS, &rows, &n, err,
                                                 sizeof(err))
                   : store_events_upcoming(k->store, from, &rows, &n, err, sizeof(err));
    k->partial_list = first;
    if (rc != 0) {
        fprintf(stderr, "aukio: loading events: %s\n", err);
        return false;
    }
    k->partial_counted = false;
    *out = (Action){
        .kind = ACT_EVENTS_LOADED, .p = rows, .a = n, .b = first ? EVENTS_LOADED_FIRST : 0};
    return true;
}
