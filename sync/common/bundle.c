/*
 * bundle.c: the offline bundle's format and MAC (bundle.h), on jansson and libsodium.
 */
#include "bundle.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

static const char *const KIND_NAMES[] = {"outbox", "catalogue"};

const char *bundle_kind_name(BundleKind k)
{
    return (unsigned)k < sizeof KIND_NAMES / sizeof KIND_NAMES[0] ? KIND_NAMES[k] : "";
}

void bundle_token_hash(const char *token, uint8_t out[BUNDLE_HASH_LEN])
{
    static const uint8_t context[] = "aukio-hub token v1";
    crypto_generichash(out, BUNDLE_HASH_LEN, (const uint8_t *)token, strlen(token), context,
                       sizeof context - 1);
}

/* BLAKE2b of the label LABEL keyed with the token's hash, OUTLEN bytes. */
static void derive(const uint8_t token_hash[BUNDLE_HASH_LEN], const char *label, uint8_t *out,
                   size_t outlen)
{
    crypto_generichash(out, outlen, (const uint8_t *)label, strlen(label), token_hash,
                       BUNDLE_HASH_LEN);
}

void bundle_key_id(const uint8_t token_hash[BUNDLE_HASH_LEN], char out[BUNDLE_KEY_ID_LEN + 1])
{
    uint8_t id[BUNDLE_KEY_ID_LEN / 2];
    derive(token_hash, "aukio bundle id v1", id, sizeof id);
    sodium_bin2hex(out, BUNDLE_KEY_ID_LEN + 1, id, sizeof id);
}

/* The MAC of the bundle's fields, as 64 hex digits into OUT. */
static void mac_of(const uint8_t token_hash[BUNDLE_HASH_LEN], BundleKind kind, const char *key_id,
                   const char *from, int64_t created_at, const char *body, size_t body_len,
                   uint8_t mac[crypto_auth_BYTES])
{
    uint8_t key[crypto_auth_KEYBYTES];
    derive(token_hash, "aukio bundle mac v1", key, sizeof key);
    char when[24];
    snprintf(when, sizeof when, "%" PRId64, created_at);
    crypto_auth_hmacsha512256_state h;
    crypto_auth_hmacsha512256_init(&h, key, sizeof key);
    const char *parts[] = {"aukio bundle v1", bundle_kind_name(kind), key_id, from, when};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        crypto_auth_hmacsha512256_update(&h, (const uint8_t *)parts[i], strlen(parts[i]) + 1);
    crypto_auth_hmacsha512256_update(&h, (const uint8_t *)body, body_len);
    crypto_auth_hmacsha512256_final(&h, mac);
    sodium_memzero(key, sizeof key);
    sodium_memzero(&h, sizeof h);
}

char *bundle_build(BundleKind kind, const uint8_t token_hash[BUNDLE_HASH_LEN], const char *from,
                   int64_t created_at, const char *body)
{
    char key_id[BUNDLE_KEY_ID_LEN + 1], hex[2 * crypto_auth_BYTES + 1];
    uint8_t mac[crypto_auth_BYTES];
    if (!from) from = "";
    bundle_key_id(token_hash, key_id);
    mac_of(token_hash, kind, key_id, from, created_at, body, strlen(body), mac);
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    json_t *o = json_pack("{s:i, s:s, s:s, s:s, s:I, s:s, s:s}", "aukio_bundle", BUNDLE_VERSION,
                          "kind", bundle_kind_name(kind), "key_id", key_id, "from", from,
                          "created_at", (json_int_t)created_at, "body", body, "mac", hex);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return text;
}

/* Whether S is N lower-case hex digits: one spelling of each MAC, so a bundle that passes is
 * the one bundle_build writes (the fuzzer found an upper-case MAC passing). */
static bool lower_hex(const char *s, size_t n)
{
    if (strlen(s) != n) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    return true;
}

AukioRc bundle_read(const char *text, size_t len, BundleKind want, Bundle *out, char *err,
                    size_t errlen)
{
    memset(out, 0, sizeof *out);
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        snprintf(err, errlen, "not a bundle: not JSON (line %d, column %d: %s)", je.line, je.column,
                 je.text);
        return AUKIO_ERR_INVALID;
    }
    out->root = root;
    json_int_t version = 0, created = 0;
    const char *kind = NULL;
    if (json_unpack(root, "{s:I, s:s, s:s, s:s, s:I, s:s%, s:s}", "aukio_bundle", &version, "kind",
                    &kind, "key_id", &out->key_id, "from", &out->from, "created_at", &created,
                    "body", &out->body, &out->body_len, "mac", &out->mac) != 0) {
        snprintf(err, errlen,
                 "not a bundle: aukio_bundle, kind, key_id, from, created_at, body and mac are "
                 "required");
        return AUKIO_ERR_INVALID;
    }
    if (version != BUNDLE_VERSION) {
        snprintf(err, errlen, "bundle version %lld: this program reads version %d",
                 (long long)version, BUNDLE_VERSION);
        return AUKIO_ERR_INVALID;
    }
    if (strcmp(kind, bundle_kind_name(want)) != 0) {
        snprintf(err, errlen, "a bundle of kind \"%.16s\", not \"%s\"", kind,
                 bundle_kind_name(want));
        return AUKIO_ERR_INVALID;
    }
    if (!lower_hex(out->key_id, BUNDLE_KEY_ID_LEN) || !lower_hex(out->mac, 2 * crypto_auth_BYTES) ||
        strlen(out->from) > BUNDLE_FROM_MAX || strlen(out->body) != out->body_len) {
        snprintf(err, errlen, "not a bundle: key_id, mac or from malformed");
        return AUKIO_ERR_INVALID;
    }
    out->kind = want;
    out->created_at = created;
    return AUKIO_OK;
}

AukioRc bundle_verify(const Bundle *b, const uint8_t token_hash[BUNDLE_HASH_LEN], char *err,
                      size_t errlen)
{
    uint8_t want[crypto_auth_BYTES], got[crypto_auth_BYTES];
    char key_id[BUNDLE_KEY_ID_LEN + 1];
    bundle_key_id(token_hash, key_id);
    size_t n = 0;
    if (sodium_memcmp(key_id, b->key_id, BUNDLE_KEY_ID_LEN) != 0 ||
        sodium_hex2bin(got, sizeof got, b->mac, strlen(b->mac), NULL, &n, NULL) != 0 ||
        n != sizeof got) {
        snprintf(err, errlen,
                 "the bundle's MAC does not match: it was altered, or it is not "
                 "from this device");
        return AUKIO_ERR_DENIED;
    }
    mac_of(token_hash, b->kind, b->key_id, b->from, b->created_at, b->body, b->body_len, want);
    if (sodium_memcmp(want, got, sizeof want) != 0) {
        snprintf(err, errlen,
                 "the bundle's MAC does not match: it was altered, or it is not "
                 "from this device");
        return AUKIO_ERR_DENIED;
    }
    return AUKIO_OK;
}

void bundle_deinit(Bundle *b)
{
    json_decref(b->root);
    memset(b, 0, sizeof *b);
}
