/*
 * client_pull.c: one pull page read, then stored, and the events it changed (see client.h).
 */
#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "util.h"

void sync_changed_add(SyncChanged *c, const char *id)
{
    if (!c || c->all || !id) return;
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->id[i], id) == 0) return;
    if (c->n == SYNC_CHANGED_MAX || strlen(id) > RECORD_EVENT_ID_MAX) {
        c->all = true;
        return;
    }
    str_copy(c->id[c->n++], sizeof c->id[0], id);
}

SyncResult sync_page_read(const void *page, const char *body, const WireSpan *spans, size_t n_spans,
                          PulledPage *out, SyncReport *rep, char *err, size_t errlen)
{
    char why[256];
    memset(out, 0, sizeof *out);
    if (wire_page_parse(page, &out->pg, why, sizeof why)) {
        snprintf(err, errlen, "pull: %s", why);
        return SYNC_ERR_HUB;
    }
    size_t n = out->pg.n;
    SyncChange *ch = out->ch = calloc(n + 1, sizeof *ch);
    Event *evs = out->evs = calloc(n + 1, sizeof *evs);
    if (!ch || !evs) {
        snprintf(err, errlen, "pull: out of memory");
        return SYNC_ERR_STORE;
    }
    for (size_t i = 0; i < n; i++) {
        WireChangeIn c;
        if (wire_page_change(page, i, &c, why, sizeof why)) {
            snprintf(err, errlen, "pull: %s", why);
            return SYNC_ERR_HUB;
        }
        ch[i].id = c.id;
        if (c.kind == WIRE_CHANGE_DELETE) {
            ch[i].kind = SYNC_CHANGE_DELETE;
            continue;
        }
        if (event_from_json(&evs[out->parsed], c.event, why, sizeof why)) {
            /* One event this kiosk cannot read must not stop the catalogue: it is left out
             * (the kiosk keeps what it had of it) and reported, and the page goes on. */
            event_deinit(&evs[out->parsed]);
            ch[i].kind = SYNC_CHANGE_SKIP;
            rep->skipped++;
            str_copy(rep->skipped_id, sizeof rep->skipped_id, c.id);
            str_copy(rep->skipped_why, sizeof rep->skipped_why, why);
            continue;
        }
        ch[i].kind = SYNC_CHANGE_UPSERT;
        ch[i].event = &evs[out->parsed++];
        ch[i].json = c.event;
        if (body && i < n_spans && spans[i].len > 0) {
            ch[i].doc = body + spans[i].start;
            ch[i].doc_len = spans[i].len;
        }
        ch[i].capacity = c.capacity;
        ch[i].confirmed = c.confirmed;
        ch[i].waitlisted = c.waitlisted;
        ch[i].held = c.held;
    }
    /* The hub's later decisions about this kiosk's sign-ups; an entry this kiosk cannot read is
     * left out (the next change of that sign-up brings it again). */
    if (out->pg.n_signups > 0 && !(out->su = calloc(out->pg.n_signups, sizeof *out->su))) {
        snprintf(err, errlen, "pull: out of memory");
        return SYNC_ERR_STORE;
    }
    for (size_t i = 0; i < out->pg.n_signups; i++)
        if (wire_page_signup(page, i, &out->su[out->nsu], why, sizeof why) == 0) out->nsu++;
    return SYNC_OK;
}

SyncResult sync_page_store(Store *s, const PulledPage *p, SyncReport *rep, char *err, size_t errlen)
{
    size_t n = p->pg.n;
    if (store_sync_apply_page(s, p->ch, (int)n, p->su, (int)p->nsu, p->pg.reset, p->pg.more,
                              p->pg.cursor, err, errlen))
        return SYNC_ERR_STORE;
    rep->pulled += (int)n;
    rep->pages++;
    rep->snapshot |= p->pg.reset;
    for (size_t i = 0; i < n; i++)
        if (p->ch[i].kind != SYNC_CHANGE_SKIP) sync_changed_add(rep->changed, p->ch[i].id);
    /* A snapshot may drop events never named; a sign-up's answer names no event. */
    if (rep->changed && (p->pg.reset || p->nsu > 0)) rep->changed->all = true;
    return SYNC_OK;
}

void sync_page_release(PulledPage *p)
{
    for (size_t i = 0; i < p->parsed; i++)
        event_deinit(&p->evs[i]);
    free(p->evs);
    free(p->ch);
    free(p->su);
    memset(p, 0, sizeof *p);
}

SyncResult sync_page_apply(Store *s, const void *page, bool *more, SyncReport *rep, char *err,
                           size_t errlen)
{
    return sync_page_apply_text(s, page, NULL, NULL, 0, more, rep, err, errlen);
}

SyncResult sync_page_apply_text(Store *s, const void *page, const char *body, const WireSpan *spans,
                                size_t n_spans, bool *more, SyncReport *rep, char *err,
                                size_t errlen)
{
    PulledPage p;
    SyncResult r = sync_page_read(page, body, spans, n_spans, &p, rep, err, errlen);
    *more = p.pg.more;
    if (r == SYNC_OK) r = sync_page_store(s, &p, rep, err, errlen);
    sync_page_release(&p);
    return r;
}
