/*
 * hub_bundle.c: the hub's half of offline bundles (hub_bundle.h). Nothing here applies a record
 * itself: an outbox bundle's ops go to HubStore.push, the path every network push takes, and the
 * catalogue is the API's own pages (hub_api_changes_page) and grants (HubStore.grants).
 */
#include "hub_bundle.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "bundle.h"
#include "hub.h"
#include "util.h"

#define GRANT_WANT 10                /* seats asked per event, as a kiosk asks */
#define GRANT_HORIZON_S (14 * 86400) /* events starting this soon, as a kiosk asks */
#define BUNDLE_PAGES_MAX 10000       /* a catalogue of more pages is refused */

/* ---- Which device ------------------------------------------------------------------------- */

typedef struct {
    const char *key_id; /* find by key id, or */
    const char *name;   /* by name */
    int64_t id;
    char device[128];
    uint8_t hash[HUB_HASH_LEN];
} Find;

static int on_secret(void *ud, int64_t id, const char *name, const uint8_t hash[HUB_HASH_LEN])
{
    Find *f = ud;
    bool hit;
    if (f->key_id) {
        char kid[BUNDLE_KEY_ID_LEN + 1];
        bundle_key_id(hash, kid);
        hit = sodium_memcmp(kid, f->key_id, BUNDLE_KEY_ID_LEN) == 0;
    } else {
        hit = strcmp(name, f->name) == 0;
    }
    if (!hit) return 0;
    f->id = id;
    str_copy(f->device, sizeof f->device, name);
    memcpy(f->hash, hash, HUB_HASH_LEN);
    return 1;
}

static int find_device(HubStore *st, Find *f, char *err, size_t n)
{
    f->id = 0;
    if (st->device_secrets(st, on_secret, f, err, n) != AUKIO_OK) return AUKIO_ERR;
    return f->id ? AUKIO_OK : AUKIO_ERR_NOT_FOUND;
}

/* ---- Import ------------------------------------------------------------------------------- */

/* The ops of the verified body (an {"ops": [...]} document, as a push's) into *ITEMS. */
static int read_ops(const Bundle *b, json_t **doc, HubPushItem **items, char (**whys)[160],
                    size_t *n_ops, char *err, size_t n)
{
    json_error_t je;
    *doc = json_loadb(b->body, b->body_len, 0, &je);
    json_t *ops = json_object_get(*doc, "ops");
    if (!json_is_array(ops)) {
        snprintf(err, n, "the bundle's body is not {\"ops\": [...]}");
        return AUKIO_ERR_INVALID;
    }
    *n_ops = json_array_size(ops);
    *items = calloc(*n_ops + 1, sizeof **items);
    *whys = calloc(*n_ops + 1, sizeof **whys);
    if (!*items || !*whys) return err_set(err, n, "out of memory");
    /* A bad op does not fail the batch, as in a push: it is answered rejected/invalid. */
    for (size_t i = 0; i < *n_ops; i++)
        if (wire_op_parse(&(*items)[i].op, json_array_get(ops, i), (*whys)[i], sizeof(*whys)[i]) !=
            0)
            (*items)[i].reject_why = (*whys)[i];
    return AUKIO_OK;
}

static void count_answer(HubBundleImport *rep, const char *answer)
{
    json_t *a = json_loads(answer ? answer : "", 0, NULL);
    int r = wire_result_from_name(json_string_value(json_object_get(a, "result")));
    rep->confirmed += r == WIRE_RES_CONFIRMED;
    rep->waitlisted += r == WIRE_RES_WAITLISTED;
    rep->rejected += r == WIRE_RES_REJECTED;
    rep->ok += r == WIRE_RES_OK;
    json_decref(a);
}

int hub_bundle_import(HubStore *st, const char *path, int64_t now, HubBundleImport *rep, char *err,
                      size_t n)
{
    memset(rep, 0, sizeof *rep);
    char *text = NULL;
    size_t len = 0;
    if (file_read(path, BUNDLE_FILE_MAX, &text, &len, err, n) != AUKIO_OK) return AUKIO_ERR;
    Bundle b;
    int rc = bundle_read(text, len, BUNDLE_OUTBOX, &b, err, n);
    Find f = {.key_id = b.key_id};
    if (rc == AUKIO_OK) {
        rc = find_device(st, &f, err, n);
        if (rc == AUKIO_ERR_NOT_FOUND) {
            snprintf(err, n,
                     "no enrolled device made this bundle (revoked, enrolled again since, "
                     "or not from this hub's kiosks)");
            rc = AUKIO_ERR_DENIED;
        }
    }
    if (rc == AUKIO_OK) rc = bundle_verify(&b, f.hash, err, n);
    sodium_memzero(f.hash, sizeof f.hash);
    json_t *doc = NULL;
    HubPushItem *items = NULL;
    char(*whys)[160] = NULL;
    size_t n_ops = 0;
    if (rc == AUKIO_OK) rc = read_ops(&b, &doc, &items, &whys, &n_ops, err, n);
    /* The one batch path: exactly once per op uuid, whether it came by network or stick. */
    if (rc == AUKIO_OK) rc = st->push(st, f.id, items, (int)n_ops, now, err, n);
    if (rc == AUKIO_OK) {
        str_copy(rep->device, sizeof rep->device, f.device);
        rep->ops = (int)n_ops;
        for (size_t i = 0; i < n_ops; i++)
            count_answer(rep, items[i].answer);
    }
    for (size_t i = 0; items && i < n_ops; i++)
        free(items[i].answer);
    free(items);
    free(whys);
    json_decref(doc);
    bundle_deinit(&b);
    free(text);
    return rc;
}

/* ---- Export ------------------------------------------------------------------------------- */

/* Every page of a snapshot pull as DEVICE_ID, appended to the array PAGES. */
static int add_pages(HubApi *api, int64_t device_id, json_t *pages, HubBundleExport *rep, char *err,
                     size_t n)
{
    char cursor[WIRE_CURSOR_MAX + 1] = "";
    for (int i = 0; i < BUNDLE_PAGES_MAX; i++) {
        char *body = NULL;
        if (hub_api_changes_page(api, device_id, cursor, WIRE_PULL_LIMIT_MAX, &body, err, n) !=
            AUKIO_OK)
            return AUKIO_ERR;
        json_t *page = json_loads(body, 0, NULL);
        free(body);
        WirePage pg;
        char why[256];
        if (!page || wire_page_parse(page, &pg, why, sizeof why) != 0) {
            json_decref(page);
            return err_set(err, n, "catalogue: a page did not read back");
        }
        str_copy(cursor, sizeof cursor, pg.cursor);
        bool more = pg.more;
        rep->pages++;
        rep->changes += (int)pg.n;
        if (json_array_append_new(pages, page) != 0) return err_set(err, n, "out of memory");
        if (!more) return AUKIO_OK;
    }
    return err_set(err, n, "catalogue: more than %d pages", BUNDLE_PAGES_MAX);
}

typedef struct {
    HubWant *w;
    int n;
    int64_t now, device_id, window;
} WantList;

/* The grant id of DEVICE_ID's bundle grant for EVENT_ID in WINDOW (a UUID v4 in form): the same
 * for every export within one grant lifetime, so that exporting again (a second stick, a
 * retry) gets the same grant back from the grants path instead of holding more seats; a later
 * window asks anew. */
static void grant_id(int64_t device_id, const char *event_id, int64_t window,
                     char out[RECORD_UUID_LEN + 1])
{
    char msg[RECORD_EVENT_ID_MAX + 96];
    int len = snprintf(msg, sizeof msg, "aukio bundle grant v1|%lld|%lld|%s", (long long)device_id,
                       (long long)window, event_id);
    uint8_t b[16];
    crypto_generichash(b, sizeof b, (const uint8_t *)msg, (size_t)len, NULL, 0);
    b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
    b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
    snprintf(out, RECORD_UUID_LEN + 1,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
             b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
             b[15]);
}

static int on_event(void *ud, const HubEventRow *e)
{
    WantList *l = ud;
    if (l->n >= WIRE_WANTS_MAX || strcmp(e->state, "live") != 0 || e->capacity < 0 ||
        e->start_time <= l->now || e->start_time > l->now + GRANT_HORIZON_S)
        return 0;
    HubWant *w = &l->w[l->n++];
    memset(w, 0, sizeof *w);
    grant_id(l->device_id, e->id, l->window, w->grant);
    str_copy(w->event_id, sizeof w->event_id, e->id);
    w->want = GRANT_WANT;
    return 0;
}

/* Grants for DEVICE_ID through the store's grants path, as {"grants": [...], "margin": M}. */
static json_t *make_grants(HubApi *api, int64_t device_id, int64_t now, HubBundleExport *rep,
                           char *err, size_t n)
{
    int64_t ttl = api->policy.grant_ttl_s > 0 ? api->policy.grant_ttl_s : 1;
    WantList l = {calloc(WIRE_WANTS_MAX, sizeof *l.w), 0, now, device_id, now / ttl};
    if (!l.w) return err_set(err, n, "out of memory"), NULL;
    HubStore *st = api->store;
    json_t *out = NULL;
    if (st->event_list(st, on_event, &l, err, n) == AUKIO_OK &&
        (l.n == 0 ||
         st->grants(st, device_id, &api->policy, NULL, 0, l.w, l.n, now, err, n) == AUKIO_OK)) {
        json_t *arr = json_array();
        for (int i = 0; arr && i < l.n; i++) {
            if (l.w[i].seats <= 0) continue;
            json_array_append_new(arr, json_pack("{s:s, s:s, s:i, s:I}", "grant", l.w[i].grant,
                                                 "event_id", l.w[i].event_id, "seats", l.w[i].seats,
                                                 "expires_in", (json_int_t)l.w[i].expires_in));
            rep->grants++;
            rep->grant_seats += l.w[i].seats;
        }
        out = json_pack("{s:o, s:i}", "grants", arr, "margin", WIRE_GRANT_MARGIN_S);
    }
    free(l.w);
    return out;
}

int hub_bundle_export(HubApi *api, const char *device, const char *path, int64_t now,
                      HubBundleExport *rep, char *err, size_t n)
{
    memset(rep, 0, sizeof *rep);
    Find f = {.name = device};
    int rc = find_device(api->store, &f, err, n);
    if (rc == AUKIO_ERR_NOT_FOUND)
        snprintf(err, n, "no enrolled, unrevoked device named %s", device);
    json_t *body = rc == AUKIO_OK ? json_object() : NULL;
    json_t *pages = json_array();
    if (rc == AUKIO_OK && (!body || !pages)) rc = err_set(err, n, "out of memory");
    if (rc == AUKIO_OK) rc = add_pages(api, f.id, pages, rep, err, n);
    json_t *grants = rc == AUKIO_OK ? make_grants(api, f.id, now, rep, err, n) : NULL;
    if (rc == AUKIO_OK && !grants) rc = AUKIO_ERR;
    char *text = NULL, *bundle = NULL;
    if (rc == AUKIO_OK) {
        json_object_set(body, "pages", pages);
        json_object_set_new(body, "grants", grants);
        grants = NULL;
        text = json_dumps(body, JSON_COMPACT);
        bundle = text ? bundle_build(BUNDLE_CATALOGUE, f.hash, "aukio-hub", now, text) : NULL;
        if (!bundle) rc = err_set(err, n, "out of memory");
    }
    sodium_memzero(f.hash, sizeof f.hash);
    PrivateFile pf;
    if (rc == AUKIO_OK && (rc = file_private_open(&pf, path, err, n)) == AUKIO_OK) {
        if (fputs(bundle, pf.f) < 0) {
            file_private_abort(&pf);
            rc = err_set(err, n, "writing the bundle failed");
        } else {
            rc = file_private_commit(&pf, err, n);
        }
    }
    json_decref(grants);
    json_decref(pages);
    json_decref(body);
    free(text);
    free(bundle);
    return rc;
}
