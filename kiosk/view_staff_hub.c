/*
 * view_staff_hub.c: staff mode's "Connect to the hub": what to do (scan the code the coordinator's
 * console shows for this kiosk, or type it), the field a scanner types into, Connect, and how the
 * last try went. app_staff_hub.c reads the code; the staff worker enrols.
 */
#include <stdbool.h>

#include "views.h"

/* The sentence under the field: how the last try went, or what to do. */
static const char *outcome(Ui *ui, const App *app, uint8_t *color)
{
    Lang lang = app->lang;
    const StaffHub *h = &app->staff.hub;
    *color = COL_TEXT_DIM;
    if (h->busy) return tr(lang, "staff.hub.busy");
    switch (h->result) {
    case STAFF_HUB_NOT_CODE:
        *color = COL_BAD;
        return tr(lang, "staff.hub.not_code");
    case STAFF_HUB_DAMAGED:
        *color = COL_BAD;
        return tr(lang, "staff.hub.damaged");
    case STAFF_HUB_ENROLLED:
        *color = COL_OK;
        return ui_fmt(ui, tr(lang, "staff.hub.enrolled"), h->device);
    case STAFF_HUB_FAILED:
        *color = COL_BAD;
        return ui_fmt(ui, tr(lang, "staff.hub.failed"), h->said);
    default:
        break;
    }
    return NULL;
}

void view_staff_hub(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    const StaffHub *h = &app->staff.hub;
    int x, w;
    int top = view_staff_frame(ui, app, true, 1100, &x, &w);
    int y = top + ui_px(ui, UI_SPACE_L);
    bool typing = app_osk_visible(app);
    if (!typing) y += ui_px(ui, UI_SPACE_S);
    y += view_staff_heading(ui, x, y, w, tr(lang, "staff.hub.title")) + ui_px(ui, UI_SPACE_S);
    y += ui_paragraph(ui, x, y, w, FONT_BODY, false, COL_TEXT, tr(lang, "staff.hub.how"), 0);
    y += ui_px(ui, UI_SPACE_M);
    /* The field and Connect side by side: a scanner's Enter connects too. */
    const char *go = tr(lang, "staff.hub.connect");
    int gap = ui_px(ui, UI_GAP), bh = ui_px(ui, VIEW_BUTTON_H);
    int bw = view_button_width(ui, go, 200);
    if (bw > w / 3) bw = w / 3;
    int fh = view_text_field(ui, app, x, y, w - bw - gap, FIELD_HUB_CODE,
                             tr(lang, "staff.hub.field"), NULL);
    if (!h->busy)
        ui_button(ui, (UiRect){x + w - bw, y + fh - bh, bw, bh}, go,
                  (Action){.kind = ACT_STAFF_HUB_CONNECT}, COL_PRIMARY, COL_ON_PRIMARY, 0);
    y += fh + ui_px(ui, UI_SPACE_M);
    uint8_t color;
    const char *said = outcome(ui, app, &color);
    if (said) y += ui_paragraph(ui, x, y, w, FONT_BODY, true, color, said, 0);
    if (typing) {
        view_osk(ui, app);
        return;
    }
    if (h->result == STAFF_HUB_ENROLLED) {
        y += ui_px(ui, UI_SPACE_S);
        ui_paragraph(ui, x, y, w, FONT_BODY, false, COL_TEXT, tr(lang, "staff.hub.restart"), 0);
    }
}
