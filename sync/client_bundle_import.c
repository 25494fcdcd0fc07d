/*
 * client_bundle_import.c: applying the hub's catalogue bundle (client.h, sync_bundle_import;
 * PROTOCOL.md, "Offline bundles"). It applies the pages through the pull's own path
 * (sync_page_apply, client.c), so it lives with the sync client, in aukio-sync: the UI process
 * (aukio) links neither libcurl nor the pull (README, "Processes"). Export stays in
 * client_bundle.c, which the UI links.
 */
#include "client.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "wire.h"

/* ---- Import ------------------------------------------------------------------------------- */

/* Refuses a catalogue older than what the kiosk has from the same hub database: applying an
 * old snapshot would take back changes the kiosk already pulled. */
static int not_older(Store *s, const json_t *pages, char *err, size_t errlen)
{
    char have[WIRE_CURSOR_MAX + 1];
    WireCursor mine, theirs;
    WirePage pg;
    char why[64];
    size_t n = json_array_size(pages);
    if (n == 0 || store_sync_cursor(s, have, sizeof have) != 0 || !have[0]) return AUKIO_OK;
    if (wire_page_parse(json_array_get(pages, n - 1), &pg, why, sizeof why) != 0 ||
        wire_cursor_parse(&theirs, pg.cursor) != 0 || wire_cursor_parse(&mine, have) != 0)
        return AUKIO_OK; /* another hub, or unreadable: the snapshot replaces it */
    if (strcmp(mine.epoch, theirs.epoch) == 0 && theirs.seq < mine.seq)
        return err_set(err, errlen,
                       "the bundle's catalogue is older than what this kiosk already has "
                       "(from the network or a newer bundle): nothing was changed");
    return AUKIO_OK;
}

/* Checks every page of PAGES before any is applied. */
static int check_pages(const json_t *pages, char *err, size_t errlen)
{
    if (!json_is_array(pages) || json_array_size(pages) == 0)
        return err_set(err, errlen, "bundle: no pages of changes");
    for (size_t i = 0; i < json_array_size(pages); i++) {
        WirePage pg;
        char why[200];
        if (wire_page_parse(json_array_get(pages, i), &pg, why, sizeof why) != 0)
            return err_set(err, errlen, "bundle: page %zu: %s", i + 1, why);
        if ((i == 0) != pg.reset || (i + 1 == json_array_size(pages)) == pg.more)
            return err_set(err, errlen, "bundle: page %zu: not a whole snapshot", i + 1);
    }
    return AUKIO_OK;
}

/* The grants the hub made for this kiosk, opened from now on this boot's clock. The hub's
 * expires_in counted from when it wrote the bundle; the time since (by the kiosk's clock) is
 * taken off. */
static int apply_grants(Store *s, const json_t *g, int64_t created_at, int64_t now, SyncReport *rep,
                        char *err, size_t errlen)
{
    json_t *list = json_object_get(g, "grants");
    json_int_t margin = json_integer_value(json_object_get(g, "margin"));
    if (margin < WIRE_GRANT_MARGIN_S) margin = WIRE_GRANT_MARGIN_S;
    int64_t spent = now > created_at ? now - created_at : 0;
    for (size_t i = 0; i < json_array_size(list); i++) {
        const char *id = NULL, *event = NULL;
        json_int_t seats = 0, expires = 0;
        if (json_unpack(json_array_get(list, i), "{s:s, s:s, s:I, s:I}", "grant", &id, "event_id",
                        &event, "seats", &seats, "expires_in", &expires) != 0 ||
            !wire_uuid_ok(id) || seats <= 0 || seats > STORE_GRANT_SEATS_MAX)
            continue;
        int64_t left = (int64_t)expires - spent;
        if (left <= margin || left > STORE_GRANT_TTL_MAX) continue; /* expired on the way */
        if (store_grant_offered(s, id, event, (int)seats, now, err, errlen) ||
            store_grant_granted(s, id, (int)seats, left, (int)margin, store_mono_ms(), err, errlen))
            return AUKIO_ERR;
        rep->granted++;
        rep->granted_seats += (int)seats;
    }
    return AUKIO_OK;
}

AukioRc sync_bundle_import(Store *s, const char *token, const char *path, int64_t now,
                           SyncReport *rep, char *err, size_t errlen)
{
    memset(rep, 0, sizeof *rep);
    if (!token || !*token)
        return err_set(err, errlen,
                       "this kiosk is not enrolled: a bundle is checked with the token enrolment "
                       "gives (aukio enrol URL TOKEN)");
    char *text = NULL;
    size_t len = 0;
    if (file_read(path, BUNDLE_FILE_MAX, &text, &len, err, errlen) != AUKIO_OK) return AUKIO_ERR;
    Bundle b;
    uint8_t hash[BUNDLE_HASH_LEN];
    bundle_token_hash(token, hash);
    AukioRc rc = bundle_read(text, len, BUNDLE_CATALOGUE, &b, err, errlen);
    if (rc == AUKIO_OK) rc = bundle_verify(&b, hash, err, errlen);
    sodium_memzero(hash, sizeof hash);
    json_t *body = rc == AUKIO_OK ? json_loadb(b.body, b.body_len, 0, NULL) : NULL;
    json_t *pages = json_object_get(body, "pages");
    if (rc == AUKIO_OK) rc = check_pages(pages, err, errlen);
    if (rc == AUKIO_OK) rc = not_older(s, pages, err, errlen);
    for (size_t i = 0; rc == AUKIO_OK && i < json_array_size(pages); i++) {
        bool more = false;
        if (sync_page_apply(s, json_array_get(pages, i), &more, rep, err, errlen) != SYNC_OK)
            rc = AUKIO_ERR;
    }
    if (rc == AUKIO_OK)
        rc = apply_grants(s, json_object_get(body, "grants"), b.created_at, now, rep, err, errlen);
    json_decref(body);
    bundle_deinit(&b);
    free(text);
    return rc;
}
