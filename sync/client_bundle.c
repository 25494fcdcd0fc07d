/*
 * client_bundle.c: the kiosk's half of offline bundles (client.h; PROTOCOL.md, "Offline
 * bundles"; the format and MAC are sync/common/bundle.h).
 *
 * Export writes every pending outbox row as the ops a push would send (sync_op_text), and marks
 * nothing: the rows stay pending until the hub answers them over the network, and the hub, which
 * remembers every op's uuid, answers the ops it already took from the bundle as it did then. So
 * a bundle imported twice, or followed by the same kiosk's network sync, duplicates nothing.
 *
 * Import checks the MAC before reading anything else, every page before applying any, and
 * applies the pages in order through the pull's own path (sync_page_apply), then the grants.
 */
#include "client.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "wire.h"

#define BUNDLE_OPS_MAX 100000
#define BUNDLE_BODY_MAX (40u * 1024 * 1024) /* escaped into the file, under BUNDLE_FILE_MAX */

/* ---- Export ------------------------------------------------------------------------------- */

/* The pending outbox as {"ops":[...]} into B; *N_OPS the ops in it. */
static int outbox_body(Store *s, Buf *b, int *n_ops, char *err, size_t errlen)
{
    OutboxItem *items = NULL;
    int n = 0;
    if (store_outbox_batch(s, BUNDLE_OPS_MAX, &items, &n, err, errlen)) return AUKIO_ERR;
    int rc = wire_push_begin(b);
    for (int i = 0; rc == 0 && i < n; i++) {
        char *text = sync_op_text(&items[i]);
        rc = text ? wire_push_add(b, text, i) : -1;
        free(text);
    }
    rc = rc ? rc : wire_push_end(b);
    store_outbox_free(items, n);
    if (rc) return err_set(err, errlen, "bundle: the outbox is too large for one bundle");
    *n_ops = n;
    return AUKIO_OK;
}

AukioRc sync_bundle_export(Store *s, const char *token, const char *from, const char *path,
                           int64_t now, int *n_ops, char *err, size_t errlen)
{
    *n_ops = 0;
    if (!token || !*token)
        return err_set(err, errlen,
                       "this kiosk is not enrolled: a bundle is authenticated with the token "
                       "enrolment gives (aukio enrol URL TOKEN)");
    Buf b;
    buf_init(&b, BUNDLE_BODY_MAX);
    int rc = outbox_body(s, &b, n_ops, err, errlen);
    uint8_t hash[BUNDLE_HASH_LEN];
    bundle_token_hash(token, hash);
    char *bundle = rc == AUKIO_OK ? bundle_build(BUNDLE_OUTBOX, hash, from, now, b.p) : NULL;
    sodium_memzero(hash, sizeof hash);
    buf_deinit(&b);
    if (rc == AUKIO_OK && !bundle) rc = err_set(err, errlen, "bundle: out of memory");
    PrivateFile pf;
    if (rc == AUKIO_OK && (rc = file_private_open(&pf, path, err, errlen)) == AUKIO_OK) {
        if (fputs(bundle, pf.f) < 0) {
            file_private_abort(&pf);
            rc = err_set(err, errlen, "bundle: writing failed");
        } else {
            rc = file_private_commit(&pf, err, errlen);
        }
    }
    if (bundle) sodium_memzero(bundle, strlen(bundle)); /* visitors' data */
    free(bundle);
    return rc;
}
