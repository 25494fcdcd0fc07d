/*
 * view_attract.c: what the kiosk shows when nobody is using it: the clock, the next events in
 * turn, and "touch to start" in all three languages (nobody has chosen one yet).
 */
#include <string.h>

#include "datefmt.h"
#include "views.h"

void view_attract(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    UiNode *bg = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, ui->w, ui->h});
    bg->bg = COL_PRIMARY;
    bg->action = (Action){.kind = ACT_WAKE};
    bg->text = NULL;
    int top = view_top_bar(ui, app, false, view_place_title(ui, app));
    int m = ui_px(ui, 48);
    int w = ui->w - 2 * m;
    int64_t now = app->now_ms / 1000;
    bool portrait = ui->h > ui->w;

    char clock[16], date[64];
    datefmt_time(clock, sizeof(clock), lang, now);
    datefmt_date_long(date, sizeof(date), lang, now);
    int y = top + ui_px(ui, portrait ? 80 : 36);
    y += ui_label(ui, m, y, w, FONT_HUGE, true, COL_ON_PRIMARY, UI_ALIGN_LEFT,
                  ui_fmt(ui, "%s", clock));
    y += ui_label(ui, m, y, w, FONT_TITLE, false, COL_ON_PRIMARY, UI_ALIGN_LEFT,
                  ui_fmt(ui, "%s", date));
    y += ui_px(ui, portrait ? 80 : 32);

    /* The featured event card. */
    int ids[8];
    int n = app_attract_events(app, ids, 8);
    int touch_h = 3 * ui_line_px(ui, FONT_TITLE) + ui_px(ui, 40);
    if (n > 0) {
        const EventRow *row = &app->rows[ids[app->attract_index % n]];
        int pad = ui_px(ui, UI_SPACE_XXL);
        int cw = w < ui_px(ui, 1100) ? w : ui_px(ui, 1100);
        int title_h =
            ui_paragraph_height(ui, cw - 2 * pad, FONT_HEADING, true, view_row_title(row, lang), 2);
        int ch = 2 * pad + ui_line_px(ui, FONT_BODY) + ui_px(ui, UI_SPACE_S) +
                 ui_line_px(ui, FONT_BODY) + ui_px(ui, UI_SPACE_S) + title_h +
                 ui_px(ui, UI_SPACE_M) + ui_line_px(ui, FONT_BODY) + ui_px(ui, UI_SPACE_L) +
                 ui_line_px(ui, FONT_SMALL) + ui_px(ui, 10);
        if (y + ch > ui->h - touch_h - m) y = ui->h - touch_h - m - ch;
        UiNode *c = ui_add(ui, ROLE_CARD, (UiRect){m, y, cw, ch});
        c->bg = COL_SURFACE;
        c->radius = (int16_t)ui_px(ui, 20);
        c->action = (Action){.kind = ACT_OPEN_EVENT, .a = ids[app->attract_index % n]};
        c->text = view_row_title(row, lang);
        int x = m + pad, iw = cw - 2 * pad, cy = y + pad;
        /* "Up next" is never an event that has started: that one is "happening now". */
        bool running = app_row_running(app, row);
        cy += ui_label(ui, x, cy, iw, FONT_BODY, true, running ? COL_OK : COL_TEXT_DIM,
                       UI_ALIGN_LEFT, tr(lang, running ? "detail.now" : "attract.next"));
        cy += ui_px(ui, UI_SPACE_S);
        char when[96];
        view_row_when(when, sizeof(when), row, lang);
        cy += ui_label(ui, x, cy, iw, FONT_BODY, true, COL_PRIMARY, UI_ALIGN_LEFT,
                       ui_fmt(ui, "%s", when));
        cy += ui_px(ui, UI_SPACE_S);
        cy +=
            ui_paragraph(ui, x, cy, iw, FONT_HEADING, true, COL_TEXT, view_row_title(row, lang), 2);
        cy += ui_px(ui, UI_SPACE_M);
        cy += ui_label(ui, x, cy, iw, FONT_BODY, false, COL_TEXT_DIM, UI_ALIGN_LEFT,
                       view_row_venue(row, lang));
        cy += ui_px(ui, UI_SPACE_L);
        uint8_t color;
        const char *status = view_status_text(ui, app, row, &color);
        /* Dots on the right: which of the featured events this is. The pill keeps clear. */
        int dot = ui_px(ui, 12), dgap = ui_px(ui, 10);
        int dots_w = n * dot + (n - 1) * dgap;
        view_pill(ui, x, cy, iw - dots_w - ui_px(ui, UI_SPACE_L), status, color);
        int dx = m + cw - pad - dots_w;
        for (int i = 0; i < n; i++) {
            UiNode *d = ui_add(ui, ROLE_PANEL,
                               (UiRect){dx + i * (dot + dgap), cy + ui_px(ui, 10), dot, dot});
            d->bg = i == app->attract_index % n ? COL_PRIMARY : COL_BORDER;
            d->radius = (int16_t)(dot / 2);
        }
    }

    /* "Touch to start" in every language, the chosen one first. */
    int ty = ui->h - touch_h - ui_px(ui, UI_SPACE_S);
    /* Every other turn of the rotation, above it, how to start speech mode (issue 15; a kiosk
     * that offers speech also says it aloud then). */
    if (app->attract_index % 2 == 1)
        ui_label(ui, m, ty - ui_line_px(ui, FONT_BODY) - ui_px(ui, UI_SPACE_S), w, FONT_BODY, true,
                 COL_ON_PRIMARY, UI_ALIGN_CENTER, tr(lang, "speech.hint"));
    static const Lang order[3] = {LANG_FI, LANG_SV, LANG_EN};
    ui_label(ui, m, ty, w, FONT_TITLE, true, COL_ON_PRIMARY, UI_ALIGN_CENTER,
             tr(lang, "attract.touch"));
    ty += ui_line_px(ui, FONT_TITLE) + ui_px(ui, UI_SPACE_S);
    for (int i = 0; i < 3; i++) {
        if (order[i] == lang) continue;
        ty += ui_label(ui, m, ty, w, FONT_BODY, false, COL_ON_PRIMARY, UI_ALIGN_CENTER,
                       tr(order[i], "attract.touch"));
    }
}
