/*
 * qr.h: QR codes (libqrencode), encoded once per text and kept while they are on screen.
 *
 * The display list names a QR code by its text (ROLE_QR); gfx.c asks this cache for the modules
 * on each frame it draws one, and the text is encoded only the first time. No SDL here, so the
 * cache and the module arithmetic are tested in plain C (tests/test_qr.c).
 */
#ifndef AUKIO_QR_H
#define AUKIO_QR_H

#include <stdbool.h>
#include <stdint.h>

/* The light border around the modules, in modules (ISO/IEC 18004 asks for 4). */
#define QR_QUIET_ZONE 4
/* Texts kept encoded: the detail and confirmation screens show one each, in one language. */
#define QR_CACHE_SIZE 4

typedef struct {
    char *text;    /* owned; NULL = a free slot */
    int width;     /* modules per side, without the quiet zone */
    uint8_t *dark; /* owned: width * width bytes, row by row, 1 = a dark module */
    uint64_t used; /* the cache's clock when last asked for, to evict the oldest */
} QrEntry;

typedef struct {
    QrEntry entries[QR_CACHE_SIZE];
    uint64_t clock;
} QrCache;

/* Caller's storage: an empty cache. */
void qr_cache_init(QrCache *c);
/* Frees every encoded code; the cache is empty and usable again. */
void qr_cache_deinit(QrCache *c);

/* The code of TEXT (8-bit mode, error correction level M, the smallest version that holds it),
 * from the cache or encoded now, evicting the least recently used. Valid until the next call.
 * NULL when TEXT is empty, too long for a QR code, or memory ran out. */
const QrEntry *qr_cache_get(QrCache *c, const char *text);

/* The whole pixels one module gets when a code WIDTH modules wide, with its quiet zone, is drawn
 * in a square SIDE px wide; 0 when it does not fit at one pixel per module. */
int qr_module_px(int side, int width);

#endif
