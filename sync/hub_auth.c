/*
 * hub_auth.c: tokens. They carry 256 random bits, so a fast unsalted hash is enough to keep a
 * stolen database from yielding usable tokens (no password-style stretching is needed).
 */
#include "hub.h"

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

void hub_token_hash(const char *token, uint8_t out[HUB_HASH_LEN])
{
    static const uint8_t context[] = "aukio-hub token v1";
    crypto_generichash(out, HUB_HASH_LEN, (const uint8_t *)token, strlen(token), context,
                       sizeof context - 1);
}
