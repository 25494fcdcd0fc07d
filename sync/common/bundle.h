/*
 * bundle.h: offline bundles (PROTOCOL.md, "Offline bundles"): what a kiosk with no network
 * carries to the coordinator on a USB stick (its outbox), and back (the catalogue and the
 * kiosk's grants). Both ends share this file: the format, and the MAC that proves a bundle
 * comes from the kiosk (or the hub) and was not altered.
 *
 * A bundle is one JSON object:
 *   {"aukio_bundle": 1, "kind": "outbox"|"catalogue", "key_id": "<32 hex>",
 *    "from": "<who wrote it, for people>", "created_at": <Unix s>,
 *    "body": "<a JSON document as a string>", "mac": "<64 hex>"}
 * The body is kept as a string so that the MAC covers its exact bytes.
 *
 * The key. Kiosk and hub already share one secret: the device token, which the kiosk keeps in
 * its config and of which the hub keeps the BLAKE2b hash (devices.token_hash, hub_token_hash).
 * The kiosk can compute that hash; nobody else has it (it never travels: the network carries
 * the token over TLS, the hub stores only the hash). So the MAC key is derived from the token's
 * hash, never from anything on the stick:
 *   token_hash = BLAKE2b-256(key = "aukio-hub token v1", token)          (= hub_token_hash)
 *   mac_key    = BLAKE2b-256(key = token_hash, "aukio bundle mac v1")
 *   key_id     = hex(BLAKE2b-128(key = token_hash, "aukio bundle id v1"))
 *   mac        = HMAC-SHA512-256(mac_key, "aukio bundle v1\0" kind "\0" key_id "\0" from "\0"
 *                                created_at "\0" body)      (libsodium crypto_auth)
 * key_id tells the hub which device to check the MAC against without revealing the key. A
 * re-enrolled kiosk has a new token, so its old bundles stop verifying; a revoked device's are
 * refused. Someone holding a copy of the hub's database could forge that kiosk's bundles, but
 * such a person can change the database itself already.
 */
#ifndef AUKIO_BUNDLE_H
#define AUKIO_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"

#define BUNDLE_VERSION 1
#define BUNDLE_HASH_LEN 32
#define BUNDLE_KEY_ID_LEN 32               /* hex digits */
#define BUNDLE_FILE_MAX (64 * 1024 * 1024) /* a bundle file's largest size */
#define BUNDLE_FROM_MAX 127

typedef enum { BUNDLE_OUTBOX = 0, BUNDLE_CATALOGUE } BundleKind;

/* "outbox", "catalogue". */
const char *bundle_kind_name(BundleKind k);

/* The hub's hash of a device token (hub_token_hash is this function). */
void bundle_token_hash(const char *token, uint8_t out[BUNDLE_HASH_LEN]);

/* The key id of the device whose token hash is TOKEN_HASH (BUNDLE_KEY_ID_LEN hex digits). */
void bundle_key_id(const uint8_t token_hash[BUNDLE_HASH_LEN], char out[BUNDLE_KEY_ID_LEN + 1]);

/* A bundle of KIND holding BODY (a JSON document's text), from the device of TOKEN_HASH, written
 * by FROM (a name for people) at CREATED_AT. Compact JSON text, caller frees; NULL when out of
 * memory. */
char *bundle_build(BundleKind kind, const uint8_t token_hash[BUNDLE_HASH_LEN], const char *from,
                   int64_t created_at, const char *body);

/* A bundle as read (bundle_read); strings borrowed from ROOT, which bundle_deinit frees. */
typedef struct {
    void *root; /* json_t */
    BundleKind kind;
    const char *key_id, *from, *body, *mac;
    size_t body_len;
    int64_t created_at;
} Bundle;

/* Reads the bundle TEXT (LEN bytes) of kind WANT: its shape only, not yet its MAC. AUKIO_OK, or
 * AUKIO_ERR_INVALID with ERR saying what is wrong (not JSON, where; a field missing; another
 * kind). The caller bundle_deinit's *OUT either way. */
AUKIO_MUST_CHECK AukioRc bundle_read(const char *text, size_t len, BundleKind want, Bundle *out,
                                     char *err, size_t errlen);

/* Whether B's MAC is right for the device of TOKEN_HASH (compared in constant time): AUKIO_OK,
 * or AUKIO_ERR_DENIED with ERR. */
AUKIO_MUST_CHECK AukioRc bundle_verify(const Bundle *b, const uint8_t token_hash[BUNDLE_HASH_LEN],
                                       char *err, size_t errlen);

void bundle_deinit(Bundle *b);

#endif
