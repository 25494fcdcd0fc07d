/*
 * fuzz_bundle.c: reading and checking an offline bundle (sync/common/bundle.h), which arrives
 * on a USB stick anyone could have written. The input is the file. Properties: reading never
 * crashes or leaks, whatever the kind asked; a bundle that passes the MAC check for the test
 * token is one bundle_build makes again byte for byte from its fields (nothing outside the MAC
 * changes what is applied); and a bundle read as one kind never passes as the other.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bundle.h"

#define TOKEN "aud_TCP4BV4U_Q7nLR-0Bm-YQPqj3Ddziikhy5I_mftv188"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t h[BUNDLE_HASH_LEN];
    bundle_token_hash(TOKEN, h);
    for (int k = 0; k < 2; k++) {
        Bundle b;
        char err[256];
        AukioRc rc = bundle_read((const char *)data, size, (BundleKind)k, &b, err, sizeof err);
        if (rc == AUKIO_OK && bundle_verify(&b, h, err, sizeof err) == AUKIO_OK) {
            char *again = bundle_build(b.kind, h, b.from, b.created_at, b.body);
            json_t *x = json_loads(again, 0, NULL);
            const char *mac = json_string_value(json_object_get(x, "mac"));
            if (!mac || strcmp(mac, b.mac) != 0) abort();
            json_decref(x);
            free(again);
            Bundle other;
            if (bundle_read((const char *)data, size, (BundleKind)!k, &other, err, sizeof err) ==
                AUKIO_OK)
                abort();
            bundle_deinit(&other);
        }
        bundle_deinit(&b);
    }
    return 0;
}
