/*
 * hub_console_kiosks.c: the enrolment code the kiosks page shows for a kiosk just added: its text
 * (wire_kiosk.h) and that text's QR code, encoded by libqrencode and drawn as an SVG the page
 * shows as an image (a data: URL, which the console's CSP allows for images only). The SVG holds
 * numbers only (no text from anyone), so there is nothing in it to escape.
 */
#include "hub_console.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <qrencode.h>
#include <sodium.h>

#include "buf.h"
#include "wire_kiosk.h"

/* The light border, in modules (ISO/IEC 18004 asks for 4), and the pixels of a module at the
 * SVG's natural size (the page scales it). */
#define QUIET 4
#define MODULE_PX 8
#define SVG_MAX (1024 * 1024)

char *hub_qr_svg(const char *text)
{
    QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!q) return NULL;
    int side = q->width + 2 * QUIET;
    Buf b;
    buf_init(&b, SVG_MAX);
    int rc = buf_addf(&b,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                      " viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
                      "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
                      side * MODULE_PX, side * MODULE_PX, side, side, side, side);
    /* One horizontal run of dark modules at a time. */
    for (int y = 0; y < q->width && rc == 0; y++) {
        for (int x = 0; x < q->width && rc == 0; x++) {
            if (!(q->data[y * q->width + x] & 1)) continue;
            int run = 1;
            while (x + run < q->width && (q->data[y * q->width + x + run] & 1))
                run++;
            rc = buf_addf(&b, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
            x += run - 1;
        }
    }
    if (rc == 0) rc = buf_addf(&b, "\"/></svg>");
    QRcode_free(q);
    if (rc != 0) {
        buf_deinit(&b);
        return NULL;
    }
    return buf_steal(&b);
}

bool hub_console_kiosk_enrol(void *answer, const char *hub, const char *token)
{
    char text[WIRE_ENROL_TEXT_MAX + 1];
    if (!hub || wire_enrol_text_build(text, sizeof text, hub, token) != 0) return true;
    char *svg = hub_qr_svg(text);
    if (!svg) return false;
    static const char PREFIX[] = "data:image/svg+xml;base64,";
    size_t len = strlen(svg);
    size_t b64 = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
    char *url = malloc(sizeof PREFIX + b64);
    if (url) {
        memcpy(url, PREFIX, sizeof PREFIX - 1);
        sodium_bin2base64(url + sizeof PREFIX - 1, b64, (const unsigned char *)svg, len,
                          sodium_base64_VARIANT_ORIGINAL);
    }
    free(svg);
    bool ok = url && json_object_set_new(answer, "enrol", json_string(text)) == 0 &&
              json_object_set_new(answer, "qr", json_string(url)) == 0;
    free(url);
    return ok;
}

const char *hub_console_path_shown(const char *path)
{
    /* The page's files and calls from their own tables, so a new one is never logged as other. */
    static const char *const ALSO[] = {"/console", "/console/index.html"};
    static const char *const SESSION[] = {"login", "logout", "session"};
    if (hub_console_file_known(path)) return path;
    for (size_t i = 0; i < sizeof ALSO / sizeof ALSO[0]; i++)
        if (strcmp(path, ALSO[i]) == 0) return path;
    static const char api[] = "/console/api/";
    if (strncmp(path, api, sizeof api - 1) != 0) return "/console/(other)";
    const char *route = path + sizeof api - 1;
    for (size_t i = 0; i < sizeof SESSION / sizeof SESSION[0]; i++)
        if (strcmp(route, SESSION[i]) == 0) return path;
    return hub_console_route_known(route) ? path : "/console/(other)";
}
