/*
 * view_feedback.c: HappyOrNot-style feedback: what it is about (the library, or one of today's
 * events), an optional comment, and four smileys; a tap on a smiley sends.
 */
#include "views.h"

void view_feedback(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    UiNode *bg = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, ui->w, ui->h});
    bg->bg = COL_BG;
    int top = view_top_bar(ui, app, true, NULL);
    int m = ui_px(ui, UI_MARGIN), gap = ui_px(ui, UI_GAP);
    int osk_h = view_osk_height(ui, app);
    int w = ui->w - 2 * m;
    if (w > ui_px(ui, 1200)) w = ui_px(ui, 1200);
    int x = (ui->w - w) / 2;
    int y = top + ui_px(ui, UI_SPACE_XL);
    y += ui_label(ui, x, y, w, FONT_HEADING, true, COL_TEXT, UI_ALIGN_CENTER,
                  tr(lang, "feedback.title"));
    y += ui_px(ui, UI_SPACE_L);

    /* What the feedback is about: chips, centred, wrapping. */
    int today[6];
    int n = app_feedback_events(app, today, 6);
    int chip_h = ui_px(ui, VIEW_CHIP_H);
    const char *labels[7];
    int targets[7];
    labels[0] = tr(lang, "feedback.about_library");
    targets[0] = -1;
    for (int i = 0; i < n; i++) {
        labels[i + 1] = view_row_title(&app->rows[today[i]], lang);
        targets[i + 1] = today[i];
    }
    int cx = x;
    for (int i = 0; i <= n; i++) {
        int cw = view_button_width(ui, labels[i], 120);
        if (cw > w) cw = w;
        if (cx + cw > x + w) cx = x, y += chip_h + gap;
        view_chip(ui, (UiRect){cx, y, cw, chip_h}, labels[i],
                  (Action){.kind = ACT_FEEDBACK_TARGET, .a = targets[i]},
                  app->feedback_row == targets[i]);
        cx += cw + gap;
    }
    y += chip_h + ui_px(ui, UI_SPACE_XL);

    /* While the keyboard is up the comment sits right above it, and the smileys wait. */
    if (osk_h == 0) {
        int size = ui_px(ui, 170);
        int sgap = ui_px(ui, 28);
        if (4 * size + 3 * sgap > w) size = (w - 3 * sgap) / 4;
        int sx = (ui->w - (4 * size + 3 * sgap)) / 2;
        for (int s = 1; s <= 4; s++) {
            static const uint8_t colors[5] = {0, COL_SMILEY1, COL_SMILEY2, COL_SMILEY3,
                                              COL_SMILEY4};
            static const char *keys[5] = {"", "feedback.score1", "feedback.score2",
                                          "feedback.score3", "feedback.score4"};
            UiRect r = {sx + (s - 1) * (size + sgap), y, size, size};
            UiNode *smiley = ui_add(ui, ROLE_SMILEY, r);
            smiley->extra = (int16_t)s;
            smiley->bg = colors[s];
            smiley->fg = COL_TEXT;
            smiley->text = tr(lang, keys[s]);
            smiley->action = (Action){.kind = ACT_FEEDBACK_SCORE, .a = s};
            smiley->flags = app->busy ? UI_DISABLED : 0;
            ui_label(ui, r.x - sgap / 2, r.y + size + ui_px(ui, UI_SPACE_S), size + sgap, FONT_BODY,
                     true, COL_TEXT, UI_ALIGN_CENTER, tr(lang, keys[s]));
        }
        y += size + ui_px(ui, UI_SPACE_S) + ui_line_px(ui, FONT_BODY) + ui_px(ui, 28);
    } else {
        y = ui->h - osk_h - ui_px(ui, UI_SPACE_XL) - ui_px(ui, VIEW_BUTTON_H) -
            ui_line_px(ui, FONT_BODY) - ui_px(ui, UI_SPACE_XS);
    }
    view_text_field(ui, app, x, y, w, FIELD_COMMENT, tr(lang, "feedback.comment"), NULL);
    if (app->store_failed)
        ui_paragraph(ui, x, y + ui_px(ui, 110), w, FONT_BODY, true, COL_BAD,
                     tr(lang, "form.store_failed"), 0);
    view_osk(ui, app);
}
