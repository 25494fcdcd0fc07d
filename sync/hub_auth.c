/*
 * hub_auth.c: tokens. They carry 256 random bits, so a fast unsalted hash is enough to keep a
 * stolen database from yielding usable tokens (no password-style stretching is needed).
 */
#include "hub.h"

#include "bundle.h"

#include <string.h>

#include <sodium.h>

void hub_token_new(const char *prefix, char out[HUB_TOKEN_BUF])
{
    uint8_t rnd[32];
    randombytes_buf(rnd, sizeof rnd);
    size_t plen = strlen(prefix);
    memcpy(out, prefix, plen);
    sodium_bin2base64(out + plen, HUB_TOKEN_BUF - plen, rnd, sizeof rnd,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(rnd, sizeof rnd);
}

void hub_token_derive(const uint8_t key[HUB_HASH_LEN], const char *enrol_token,
                      const char *request_id, char out[HUB_TOKEN_BUF])
{
    static const uint8_t context[] = "aukio-hub device token v1";
    crypto_generichash_state h;
    uint8_t raw[32];
    crypto_generichash_init(&h, key, HUB_HASH_LEN, sizeof raw);
    crypto_generichash_update(&h, context, sizeof context); /* with its NUL: a separator */
    crypto_generichash_update(&h, (const uint8_t *)enrol_token, strlen(enrol_token) + 1);
    crypto_generichash_update(&h, (const uint8_t *)request_id, strlen(request_id));
    crypto_generichash_final(&h, raw, sizeof raw);
    memcpy(out, "aud_", 4);
    sodium_bin2base64(out + 4, HUB_TOKEN_BUF - 4, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    sodium_memzero(&h, sizeof h);
}

void hub_token_hash(const char *token, uint8_t out[HUB_HASH_LEN])
{
    /* The kiosk computes the same hash to key its offline bundles (bundle.h). */
    bundle_token_hash(token, out);
}
