/*
 * view_staff_pad.c: the staff PIN pad: getting into staff mode, choosing the first PIN before the
 * kiosk opens to visitors, and a new PIN. Digits show as dots, never as digits; while the pad is
 * locked after wrong PINs its keys take no touch and it says how long is left.
 */
#include <string.h>

#include "views.h"

#define PAD_KEY_W 136
#define PAD_KEY_H 80
#define PAD_DOT 22

static const char *heading(const App *app)
{
    switch (app->staff.pad) {
    case PAD_SETUP:
        return tr(app->lang, "staff.pad.setup");
    case PAD_SETUP_AGAIN:
    case PAD_NEW_AGAIN:
        return tr(app->lang, "staff.pad.again");
    case PAD_NEW:
        return tr(app->lang, "staff.pad.new");
    case PAD_ENTER:
        break;
    }
    return tr(app->lang, "staff.pad.enter");
}

static const char *hint(const App *app)
{
    switch (app->staff.pad) {
    case PAD_SETUP:
        return tr(app->lang, "staff.pad.setup_hint");
    case PAD_SETUP_AGAIN:
    case PAD_NEW_AGAIN:
        return tr(app->lang, "staff.pad.again_hint");
    case PAD_NEW:
        return tr(app->lang, "staff.pad.new_hint");
    case PAD_ENTER:
        break;
    }
    return tr(app->lang, "staff.pad.enter_hint");
}

/* What the pad says under the dots, and in which colour; NULL when nothing. */
static const char *message(Ui *ui, const App *app, uint8_t *color)
{
    Lang lang = app->lang;
    *color = COL_BAD;
    int wait = app_staff_locked_s(app);
    if (app->staff.pad == PAD_ENTER && wait > 0)
        return ui_fmt(ui, tr(lang, "staff.pad.locked"),
                      ui_fmt(ui, "%d:%02d", wait / 60, wait % 60));
    if (app->staff.checking) {
        *color = COL_TEXT_DIM;
        return tr(lang, "staff.pad.checking");
    }
    switch (app->staff.message) {
    case PAD_MSG_WRONG:
        return tr(lang, "staff.pad.wrong");
    case PAD_MSG_SHORT:
        return tr(lang, "staff.pad.short");
    case PAD_MSG_MISMATCH:
        return tr(lang, "staff.pad.mismatch");
    case PAD_MSG_FAILED:
        return tr(lang, "staff.pad.failed");
    default:
        return NULL;
    }
}

/* One dot a typed digit, and hollow ones up to the shortest PIN; centred at Y. */
static int dots(Ui *ui, const App *app, int y)
{
    int n = (int)strlen(app->staff.typed);
    int shown = n > APP_STAFF_PIN_MIN ? n : APP_STAFF_PIN_MIN;
    int d = ui_px(ui, PAD_DOT), gap = ui_px(ui, UI_SPACE_L);
    int x = (ui->w - shown * d - (shown - 1) * gap) / 2;
    for (int i = 0; i < shown; i++) {
        UiNode *c = ui_add(ui, ROLE_PANEL, (UiRect){x + i * (d + gap), y, d, d});
        c->radius = (int16_t)(d / 2);
        c->bg = i < n ? COL_TEXT : COL_BG;
        c->border = i < n ? 0xff : COL_TEXT_DIM;
    }
    return d;
}

/* The keys: 1-9, then Delete, 0, OK; greyed and inert while locked. Returns the height. */
static int keys(Ui *ui, const App *app, int y)
{
    Lang lang = app->lang;
    bool locked = app->staff.pad == PAD_ENTER && app_staff_locked_s(app) > 0;
    int kw = ui_px(ui, PAD_KEY_W), kh = ui_px(ui, PAD_KEY_H), gap = ui_px(ui, UI_GAP);
    int x0 = (ui->w - 3 * kw - 2 * gap) / 2;
    static const int ORDER[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, STAFF_KEY_BACK, 0, STAFF_KEY_OK};
    for (int i = 0; i < 12; i++) {
        int k = ORDER[i];
        UiRect r = {x0 + (i % 3) * (kw + gap), y + (i / 3) * (kh + gap), kw, kh};
        const char *label = k == STAFF_KEY_BACK ? tr(lang, "staff.pad.erase")
                            : k == STAFF_KEY_OK ? tr(lang, "staff.pad.ok")
                                                : ui_fmt(ui, "%d", k);
        bool ok = k == STAFF_KEY_OK;
        uint8_t bg = ok ? COL_PRIMARY : COL_SURFACE;
        uint8_t fg = ok ? COL_ON_PRIMARY : COL_TEXT;
        /* Greyed while locked (app_staff.c takes no digit then), but still readable. */
        if (locked && k != STAFF_KEY_BACK) bg = COL_SURFACE_ALT, fg = COL_TEXT_DIM;
        UiNode *b = ui_button(ui, r, label, (Action){.kind = ACT_STAFF_PAD_KEY, .a = k}, bg, fg, 0);
        if (!ok) b->border = COL_BORDER;
        if (k >= 0 && k <= 9) {
            b->font = FONT_HEADING;
            b->px = (uint16_t)ui_font_px(ui, FONT_HEADING);
        }
    }
    return 4 * kh + 3 * gap;
}

void view_staff_pad(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    UiNode *bg = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, ui->w, ui->h});
    bg->bg = COL_BG;
    int top = view_top_bar(ui, app, false, NULL);
    int m = ui_px(ui, UI_MARGIN);
    int w = ui->w - 2 * m;
    if (w > ui_px(ui, 900)) w = ui_px(ui, 900);
    int x = (ui->w - w) / 2;
    /* A short screen (landscape, large text) keeps the pad on it with less room around. */
    bool compact = ui->h - top < ui_px(ui, 800);
    int y = top + ui_px(ui, compact ? UI_SPACE_L : 48);
    /* On a tall (portrait) screen the pad sits a third of the way down, not at the top. */
    int tall = ui->h - top - ui_px(ui, 900);
    if (tall > 0) y += tall / 3;
    const char *h = heading(app);
    if (ui_text_width(ui, FONT_HEADING, true, h) <= w)
        y += ui_label(ui, x, y, w, FONT_HEADING, true, COL_TEXT, UI_ALIGN_CENTER, h);
    else
        y += ui_paragraph(ui, x, y, w, FONT_HEADING, true, COL_TEXT, h, 0);
    y += ui_px(ui, UI_SPACE_S);
    const char *text = hint(app);
    if (ui_text_width(ui, FONT_BODY, false, text) <= w)
        y += ui_label(ui, x, y, w, FONT_BODY, false, COL_TEXT_DIM, UI_ALIGN_CENTER, text);
    else
        y += ui_paragraph(ui, x, y, w, FONT_BODY, false, COL_TEXT_DIM, text, 0);
    y += ui_px(ui, compact ? UI_SPACE_L : UI_SPACE_XL);
    y += dots(ui, app, y);
    y += ui_px(ui, UI_SPACE_M);
    uint8_t color;
    const char *msg = message(ui, app, &color);
    /* The message's line is kept when empty, so the keys do not jump when one appears. */
    if (msg) ui_label(ui, x, y, w, FONT_BODY, true, color, UI_ALIGN_CENTER, msg);
    y += ui_line_px(ui, FONT_BODY) + ui_px(ui, compact ? UI_SPACE_M : UI_SPACE_L);
    y += keys(ui, app, y);
    /* Cancel, except before the first PIN: the kiosk does not open to visitors without one. */
    if (app->staff.pad != PAD_SETUP && app->staff.pad != PAD_SETUP_AGAIN) {
        const char *cancel = tr(lang, "staff.pad.cancel");
        int bw = view_button_width(ui, cancel, 240);
        y += ui_px(ui, compact ? UI_SPACE_M : UI_SPACE_XL);
        UiNode *b =
            ui_button(ui, (UiRect){(ui->w - bw) / 2, y, bw, ui_px(ui, VIEW_BUTTON_H)}, cancel,
                      (Action){.kind = ACT_STAFF_PAD_CANCEL}, COL_SURFACE, COL_TEXT, 0);
        b->border = COL_BORDER;
    }
}
