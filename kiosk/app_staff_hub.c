/*
 * app_staff_hub.c: staff's "Connect to the hub" screen's part of app_update. The coordinator's
 * console shows a kiosk it added as a QR code of "aukio-enrol:v1?hub=URL&token=aue_…"
 * (sync/PROTOCOL.md, "Enrolment by QR code"); a USB QR scanner types it like a keyboard, ending
 * with Enter, into the screen's one field (which has the focus as the screen opens), or staff
 * type it on the on-screen keyboard. Connect reads it (wire_enrol_text_parse): anything else is
 * refused with a sentence and nothing changes; a code is enrolled with, off the UI thread
 * (EFFECT_STAFF_ENROL: the staff worker runs the sync helper's `enrol URL -`), and
 * ACT_STAFF_HUB_DONE says how it went. Part of app_update (app_internal.h).
 */
#include <string.h>

#include <sodium.h>

#include "app_internal.h"
#include "util.h"
#include "wire_kiosk.h"

void app_staff_hub_open(App *app)
{
    sodium_memzero(&app->staff.hub, sizeof app->staff.hub);
    app_focus_field(app, FIELD_HUB_CODE);
}

static void connect(App *app)
{
    StaffHub *h = &app->staff.hub;
    char why[160];
    h->device[0] = h->said[0] = '\0';
    if (wire_enrol_text_parse(h->typed, h->url, h->token, why, sizeof why) != 0) {
        const char *t = h->typed;
        while (*t == ' ' || *t == '\t')
            t++;
        h->result = strncmp(t, WIRE_ENROL_SCHEME, strlen(WIRE_ENROL_SCHEME)) == 0
                        ? STAFF_HUB_DAMAGED
                        : STAFF_HUB_NOT_CODE;
        /* The field empties for the next scan (a scanner adds to what is there); the keyboard
         * stays for another try. */
        sodium_memzero(h->typed, sizeof h->typed);
        app_focus_field(app, FIELD_HUB_CODE);
        return;
    }
    h->busy = true;
    h->result = STAFF_HUB_NONE;
    app_focus_field(app, FIELD_NONE);
    app_push_effect(app, EFFECT_STAFF_ENROL);
}

void app_staff_hub_update(App *app, const Action *act)
{
    StaffHub *h = &app->staff.hub;
    if (act->kind == ACT_STAFF_HUB_DONE) {
        h->busy = false;
        /* The token is spent or refused: it is not kept either way. */
        sodium_memzero(h->token, sizeof h->token);
        sodium_memzero(h->typed, sizeof h->typed);
        if (!app->staff_mode || app->screen != SCREEN_STAFF_HUB) return;
        h->result = act->a == 0 ? STAFF_HUB_ENROLLED : STAFF_HUB_FAILED;
        str_copy(act->a == 0 ? h->device : h->said, act->a == 0 ? sizeof h->device : sizeof h->said,
                 act->s ? act->s : "");
        app->dirty = true;
        return;
    }
    if (act->kind != ACT_STAFF_HUB_CONNECT || app->screen != SCREEN_STAFF_HUB || h->busy) return;
    connect(app);
    app->dirty = true;
}
