/*
 * view_confirm.c: the screens that close a visitor's errand: the sign-up confirmation (shown only
 * after the sign-up is on disk) and the thank-you after feedback.
 */
#include <string.h>

#include "datefmt.h"
#include "views.h"

/* A big round badge with an icon, centred at (cx, y); returns its height. */
static int badge(Ui *ui, int cx, int y, UiIcon icon, uint8_t color)
{
    int d = ui_px(ui, 140);
    UiNode *c = ui_add(ui, ROLE_PANEL, (UiRect){cx - d / 2, y, d, d});
    c->bg = color;
    c->radius = (int16_t)(d / 2);
    UiNode *i = ui_add(ui, ROLE_ICON, c->r);
    i->extra = (int16_t)icon;
    i->fg = COL_ON_STATUS;
    return d;
}

static int done_button(Ui *ui, const App *app, int y)
{
    const char *label = tr(app->lang, "confirm.done");
    int bw = view_button_width(ui, label, 320);
    int bh = ui_px(ui, 72);
    ui_button(ui, (UiRect){(ui->w - bw) / 2, y, bw, bh}, label, (Action){.kind = ACT_GO_HOME},
              COL_PRIMARY, COL_ON_PRIMARY, 0);
    return bh;
}

void view_confirm(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    UiNode *bg = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, ui->w, ui->h});
    bg->bg = COL_BG;
    int top = view_top_bar(ui, app, false, NULL);
    int m = ui_px(ui, UI_MARGIN);
    int w = ui->w - 2 * m;
    if (w > ui_px(ui, 1000)) w = ui_px(ui, 1000);
    int x = (ui->w - w) / 2;
    bool waitlisted = app->result.outcome == SIGNUP_WAITLISTED;
    int y = top + ui_px(ui, 40);
    y += badge(ui, ui->w / 2, y, waitlisted ? ICON_QUEUE : ICON_CHECK,
               waitlisted ? COL_WARN : COL_OK);
    y += ui_px(ui, UI_SPACE_XL);
    y += ui_label(ui, x, y, w, FONT_HEADING, true, COL_TEXT, UI_ALIGN_CENTER,
                  tr(lang, waitlisted ? "confirm.title_waitlisted" : "confirm.title_confirmed"));
    if (waitlisted)
        y += ui_label(ui, x, y, w, FONT_TITLE, true, COL_WARN, UI_ALIGN_CENTER,
                      ui_fmt(ui, tr(lang, "confirm.position"), app->result.position));
    y += ui_px(ui, UI_SPACE_M);
    if (app->detail_row >= 0) {
        const EventRow *row = &app->rows[app->detail_row];
        y += ui_label(ui, x, y, w, FONT_TITLE, true, COL_TEXT, UI_ALIGN_CENTER,
                      view_row_title(row, lang));
        char when[96];
        datefmt_span(when, sizeof(when), lang, row->start_time, row->end_time);
        y += ui_label(ui, x, y, w, FONT_BODY, false, COL_TEXT_DIM, UI_ALIGN_CENTER,
                      ui_fmt(ui, "%s \xC2\xB7 %s", when, view_row_venue(row, lang)));
    }
    y += ui_px(ui, 28);
    /* The code in a panel, spaced for reading aloud. */
    int ph = ui_line_px(ui, FONT_BODY) + ui_line_px(ui, FONT_HUGE) + ui_px(ui, 40);
    int pw = ui_px(ui, 560) < w ? ui_px(ui, 560) : w;
    UiNode *p = ui_add(ui, ROLE_PANEL, (UiRect){(ui->w - pw) / 2, y, pw, ph});
    p->bg = COL_SURFACE;
    p->border = COL_BORDER;
    p->radius = (int16_t)ui_px(ui, 16);
    int py = y + ui_px(ui, UI_SPACE_L);
    py += ui_label(ui, p->r.x, py, pw, FONT_BODY, true, COL_TEXT_DIM, UI_ALIGN_CENTER,
                   tr(lang, "confirm.code"));
    ui_label(ui, p->r.x, py, pw, FONT_HUGE, true, COL_TEXT, UI_ALIGN_CENTER, app->result.code);
    y += ph + ui_px(ui, 20);
    /* A short note is centred like everything above it; a long one wraps in the column. */
    const char *note = tr(lang, "confirm.note");
    int nw = ui_text_width(ui, FONT_BODY, false, note);
    if (nw <= w)
        y += ui_label(ui, x, y, w, FONT_BODY, false, COL_TEXT_DIM, UI_ALIGN_CENTER, note);
    else
        y += ui_paragraph(ui, x, y, w, FONT_BODY, false, COL_TEXT_DIM, note, 0);
    y += ui_px(ui, 28);
    done_button(ui, app, y);
}

void view_thanks(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    UiNode *bg = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, ui->w, ui->h});
    bg->bg = COL_BG;
    int top = view_top_bar(ui, app, false, NULL);
    int m = ui_px(ui, UI_MARGIN);
    int y = top + (ui->h - top) / 2 - ui_px(ui, 220);
    y += badge(ui, ui->w / 2, y, ICON_HEART, COL_OK);
    y += ui_px(ui, UI_SPACE_XXL);
    y += ui_label(ui, m, y, ui->w - 2 * m, FONT_HEADING, true, COL_TEXT, UI_ALIGN_CENTER,
                  tr(lang, "feedback.thanks"));
    y += ui_px(ui, 40);
    done_button(ui, app, y);
}
