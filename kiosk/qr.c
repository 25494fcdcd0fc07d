/*
 * qr.c: the QR code cache. A code is a few hundred bytes of modules; encoding one costs about a
 * millisecond, which a frame that only scrolls or presses a button should not pay.
 */
#include "qr.h"

#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

void qr_cache_init(QrCache *c)
{
    memset(c, 0, sizeof *c);
}

static void entry_clear(QrEntry *e)
{
    free(e->text);
    free(e->dark);
    memset(e, 0, sizeof *e);
}

void qr_cache_deinit(QrCache *c)
{
    for (int i = 0; i < QR_CACHE_SIZE; i++)
        entry_clear(&c->entries[i]);
    c->clock = 0;
}

/* TEXT's code. A text with bytes beyond ASCII (a Finnish or Swedish SUMMARY) is marked UTF-8
 * with an ECI header: without it a reader guesses the charset, and zbar read "pääkirjasto" as
 * Big5. ASCII (a URL) goes without, as the oldest readers expect. */
static QRcode *encode_text(const char *text)
{
    bool ascii = true;
    for (const char *c = text; *c && ascii; c++)
        ascii = (unsigned char)*c < 0x80;
    if (ascii) return QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    QRinput *in = QRinput_new2(0, QR_ECLEVEL_M);
    if (!in) return NULL;
    QRcode *q = NULL;
    if (QRinput_appendECIheader(in, 26) == 0 && /* ECI 26: UTF-8 */
        QRinput_append(in, QR_MODE_8, (int)strlen(text), (const unsigned char *)text) == 0)
        q = QRcode_encodeInput(in);
    QRinput_free(in);
    return q;
}

/* Fills E with TEXT's code; returns false (E cleared) when it cannot be encoded. */
static bool encode(QrEntry *e, const char *text)
{
    QRcode *q = encode_text(text);
    if (!q) return false;
    size_t n = (size_t)q->width * (size_t)q->width;
    e->text = strdup(text);
    e->dark = malloc(n);
    if (!e->text || !e->dark) {
        QRcode_free(q);
        entry_clear(e);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        e->dark[i] = q->data[i] & 1; /* bit 0 is the module's colour; the rest is libqrencode's */
    e->width = q->width;
    QRcode_free(q);
    return true;
}

const QrEntry *qr_cache_get(QrCache *c, const char *text)
{
    if (!text || !text[0]) return NULL;
    QrEntry *oldest = &c->entries[0];
    c->clock++;
    for (int i = 0; i < QR_CACHE_SIZE; i++) {
        QrEntry *e = &c->entries[i];
        if (e->text && strcmp(e->text, text) == 0) {
            e->used = c->clock;
            return e;
        }
        if (!e->text || (oldest->text && e->used < oldest->used)) oldest = e;
    }
    entry_clear(oldest);
    if (!encode(oldest, text)) return NULL;
    oldest->used = c->clock;
    return oldest;
}

int qr_module_px(int side, int width)
{
    if (width <= 0 || side <= 0) return 0;
    return side / (width + 2 * QR_QUIET_ZONE);
}
