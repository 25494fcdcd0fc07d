/*
 * view_feedback.c: HappyOrNot-style feedback: what it is about (the library, or one of today's
 * events) and four smileys; a tap on a smiley records the score at once. The same screen then
 * offers an optional follow-up (reason chips and a comment, "Send" or "Skip"), which updates the
 * recorded score.
 */
#include "views.h"

/* What the feedback is about: the library, or one of today's events; returns the next y. */
static int targets(Ui *ui, const App *app, int x, int y, int w)
{
    Lang lang = app->lang;
    int gap = ui_px(ui, UI_GAP);
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
                  (Action){.kind = ACT_FEEDBACK_TARGET, .a = targets[i], .b = (int)app->rows_gen},
                  app->feedback_row == targets[i]);
        cx += cw + gap;
    }
    return y + chip_h + ui_px(ui, UI_SPACE_XL);
}

/* The four smileys; in the follow-up the recorded one is marked and the others can still be
 * chosen (a changed mind). Smaller in the follow-up, to leave room for its questions. Returns
 * the next y. */
static int smileys(Ui *ui, const App *app, int y, int w)
{
    Lang lang = app->lang;
    bool followup = app->feedback_step == FEEDBACK_FOLLOWUP;
    /* The follow-up's smileys are smaller, but spaced as widely: their labels keep the room. */
    int size = ui_px(ui, followup ? 130 : 170);
    int sgap = ui_px(ui, followup ? 68 : 28);
    if (4 * size + 3 * sgap > w) size = (w - 3 * sgap) / 4;
    int sx = (ui->w - (4 * size + 3 * sgap)) / 2;
    for (int s = 1; s <= 4; s++) {
        static const uint8_t colors[5] = {0, COL_SMILEY1, COL_SMILEY2, COL_SMILEY3, COL_SMILEY4};
        static const char *keys[5] = {"", "feedback.score1", "feedback.score2", "feedback.score3",
                                      "feedback.score4"};
        UiRect r = {sx + (s - 1) * (size + sgap), y, size, size};
        bool chosen = followup && app->feedback.score == s;
        if (chosen) {
            int ring = ui_px(ui, 6);
            UiNode *mark = ui_add(
                ui, ROLE_PANEL, (UiRect){r.x - ring, r.y - ring, size + 2 * ring, size + 2 * ring});
            mark->bg = COL_FOCUS;
            mark->radius = (int16_t)((size + 2 * ring) / 2);
        }
        UiNode *smiley = ui_add(ui, ROLE_SMILEY, r);
        smiley->extra = (int16_t)s;
        smiley->bg = colors[s];
        smiley->fg = COL_TEXT;
        smiley->text = tr(lang, keys[s]);
        smiley->action = (Action){.kind = ACT_FEEDBACK_SCORE, .a = s};
        smiley->flags = (uint16_t)((app->busy ? UI_DISABLED : 0) | (chosen ? UI_SELECTED : 0));
        ui_label(ui, r.x - sgap / 2, r.y + size + ui_px(ui, UI_SPACE_S), size + sgap, FONT_BODY,
                 chosen, COL_TEXT, UI_ALIGN_CENTER, tr(lang, keys[s]));
    }
    return y + size + ui_px(ui, UI_SPACE_S) + ui_line_px(ui, FONT_BODY) +
           ui_px(ui, followup ? UI_SPACE_XL : 28);
}

/* The follow-up's reason chips for the recorded score, centred; returns the next y. */
static int reasons(Ui *ui, const App *app, int x, int y, int w)
{
    Lang lang = app->lang;
    const char *ids[FEEDBACK_MAX_REASONS];
    int n = app_feedback_reasons(app->feedback.score, ids);
    int chip_h = ui_px(ui, VIEW_CHIP_H), gap = ui_px(ui, UI_GAP);
    const char *labels[FEEDBACK_MAX_REASONS];
    int widths[FEEDBACK_MAX_REASONS], total = 0;
    for (int i = 0; i < n; i++) {
        labels[i] = tr(lang, ui_fmt(ui, "feedback.reason.%s", ids[i]));
        widths[i] = view_button_width(ui, labels[i], 120);
        if (widths[i] > w) widths[i] = w;
        total += widths[i] + (i ? gap : 0);
    }
    /* One centred row when they fit, else left-aligned rows. */
    int cx = total <= w ? x + (w - total) / 2 : x;
    for (int i = 0; i < n; i++) {
        if (cx + widths[i] > x + w) cx = x, y += chip_h + gap;
        UiNode *c = view_chip(ui, (UiRect){cx, y, widths[i], chip_h}, labels[i],
                              (Action){.kind = ACT_FEEDBACK_REASON, .a = i},
                              (app->feedback_reasons & (1u << i)) != 0);
        c->role = ROLE_CHECKBOX;
        cx += widths[i] + gap;
    }
    return y + chip_h + ui_px(ui, UI_SPACE_XL);
}

/* The follow-up under the smileys: reason chips, the comment, "Skip" and "Send". */
static int followup_part(Ui *ui, const App *app, int x, int y, int w, int osk_h)
{
    Lang lang = app->lang;
    if (osk_h == 0) y = reasons(ui, app, x, y, w);
    y += view_text_field(ui, app, x, y, w, FIELD_COMMENT, tr(lang, "feedback.comment"), NULL);
    if (osk_h == 0) {
        y += ui_px(ui, UI_SPACE_XL);
        int bh = ui_px(ui, VIEW_BUTTON_H), gap = ui_px(ui, UI_GAP);
        const char *send = tr(lang, "feedback.send"), *skip = tr(lang, "feedback.skip");
        int sw = view_button_width(ui, send, 220), kw = view_button_width(ui, skip, 160);
        int bx = x + (w - sw - gap - kw) / 2;
        UiNode *k =
            ui_button(ui, (UiRect){bx, y, kw, bh}, skip, (Action){.kind = ACT_FEEDBACK_SKIP},
                      COL_SURFACE, COL_TEXT, app->busy ? UI_DISABLED : 0);
        k->border = COL_BORDER;
        ui_button(ui, (UiRect){bx + kw + gap, y, sw, bh}, send, (Action){.kind = ACT_FEEDBACK_SEND},
                  COL_PRIMARY, COL_ON_PRIMARY, app->busy ? UI_DISABLED : 0);
        y += bh + ui_px(ui, UI_SPACE_M);
    }
    return y;
}

void view_feedback(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    UiNode *bg = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, ui->w, ui->h});
    bg->bg = COL_BG;
    int top = view_top_bar(ui, app, true, NULL);
    int m = ui_px(ui, UI_MARGIN);
    int osk_h = view_osk_height(ui, app);
    int w = ui->w - 2 * m;
    if (w > ui_px(ui, 1200)) w = ui_px(ui, 1200);
    int x = (ui->w - w) / 2;
    int y = top + ui_px(ui, UI_SPACE_XL);
    bool followup = app->feedback_step == FEEDBACK_FOLLOWUP;
    y += ui_label(ui, x, y, w, FONT_HEADING, true, COL_TEXT, UI_ALIGN_CENTER,
                  tr(lang, followup ? "feedback.followup_title" : "feedback.title"));
    y += ui_px(ui, UI_SPACE_L);

    /* What the feedback is about: chips, centred, wrapping. Once the score is recorded, the
     * follow-up asks about it instead. */
    if (!followup) {
        y = targets(ui, app, x, y, w);
    } else {
        /* Centred under the title when it fits on one line, wrapped in the column when not. */
        const char *recorded = tr(lang, "feedback.recorded");
        if (ui_text_width(ui, FONT_BODY, false, recorded) <= w)
            y += ui_label(ui, x, y, w, FONT_BODY, false, COL_TEXT_DIM, UI_ALIGN_CENTER, recorded);
        else
            y += ui_paragraph(ui, x, y, w, FONT_BODY, false, COL_TEXT_DIM, recorded, 0);
        y += ui_px(ui, UI_SPACE_L);
    }

    /* While the keyboard is up, the smileys and reasons stay where there is room for them and
     * the comment above the keyboard (portrait); where there is not (landscape), the comment
     * follows the heading, with no empty band between. */
    if (osk_h == 0) {
        y = smileys(ui, app, y, w);
    } else {
        int mark = ui_mark(ui), y0 = y;
        y = smileys(ui, app, y, w);
        if (followup) y = reasons(ui, app, x, y, w);
        int field_h = ui_line_px(ui, FONT_BODY) + ui_px(ui, UI_SPACE_XS + VIEW_BUTTON_H);
        if (y + field_h > ui->h - osk_h - ui_px(ui, UI_SPACE_L)) {
            ui_rewind(ui, mark);
            y = y0;
        }
    }
    if (followup) y = followup_part(ui, app, x, y, w, osk_h);
    if (app->store_failed)
        ui_paragraph(ui, x, y, w, FONT_BODY, true, COL_BAD, tr(lang, "form.store_failed"), 0);
    view_osk(ui, app);
}
