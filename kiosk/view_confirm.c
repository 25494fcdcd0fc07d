/*
 * view_confirm.c: the screens that close a visitor's errand: the sign-up confirmation (shown only
 * after the sign-up is on disk) and the thank-you after feedback.
 */
#include <string.h>

#include "datefmt.h"
#include "views.h"

/* A big round badge (diameter D px) with an icon, centred at (cx, y); returns its height. */
static int badge(Ui *ui, int cx, int y, int d, UiIcon icon, uint8_t color)
{
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

/* What the confirmation screen says: its badge, title and the note under the code. */
typedef struct {
    UiIcon icon;
    uint8_t color;
    const char *title;
    const char *note;
    bool code; /* the confirmation code and the Done button */
} ConfirmLook;

static ConfirmLook confirm_look(const App *app)
{
    Lang lang = app->lang;
    ConfirmLook k = {ICON_CHECK, COL_OK, tr(lang, "confirm.title_confirmed"),
                     tr(lang, "confirm.note"), true};
    if (app->confirming) {
        k = (ConfirmLook){ICON_CLOCK, COL_PRIMARY, tr(lang, "confirm.confirming"),
                          tr(lang, "confirm.confirming_note"), false};
    } else if (app->result.outcome == SIGNUP_WAITLISTED) {
        k.icon = ICON_QUEUE;
        k.color = COL_WARN;
        k.title = tr(lang, "confirm.title_waitlisted");
    } else if (app->result.outcome == SIGNUP_PROVISIONAL) {
        k = (ConfirmLook){ICON_CLOCK, COL_WARN, tr(lang, "confirm.title_provisional"),
                          tr(lang, "confirm.provisional_note"), true};
    } else if (app->result.outcome == SIGNUP_REJECTED) {
        /* The hub said no after the kiosk had stored it (the event filled up or closed). */
        k = (ConfirmLook){ICON_CROSS, COL_BAD, tr(lang, "confirm.title_rejected"),
                          tr(lang, app->result.reason == AVAIL_FULL ? "confirm.rejected_full"
                                                                    : "confirm.rejected_closed"),
                          false};
    }
    return k;
}

/* The code in a panel, spaced for reading aloud; returns its height. */
static int code_panel(Ui *ui, const App *app, int y, int w)
{
    int ph = ui_line_px(ui, FONT_BODY) + ui_line_px(ui, FONT_HUGE) + ui_px(ui, 40);
    int pw = ui_px(ui, 560) < w ? ui_px(ui, 560) : w;
    UiNode *p = ui_add(ui, ROLE_PANEL, (UiRect){(ui->w - pw) / 2, y, pw, ph});
    p->bg = COL_SURFACE;
    p->border = COL_BORDER;
    p->radius = (int16_t)ui_px(ui, 16);
    int py = y + ui_px(ui, UI_SPACE_L);
    py += ui_label(ui, p->r.x, py, pw, FONT_BODY, true, COL_TEXT_DIM, UI_ALIGN_CENTER,
                   tr(app->lang, "confirm.code"));
    ui_label(ui, p->r.x, py, pw, FONT_HUGE, true, COL_TEXT, UI_ALIGN_CENTER, app->result.code);
    return ph;
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
    ConfirmLook look = confirm_look(app);
    /* A long note in large text on a landscape screen: a smaller badge, closer to the bar, so
     * that the Done button stays on the screen. */
    int nw = ui_text_width(ui, FONT_BODY, false, look.note);
    int note_h = nw <= w ? ui_line_px(ui, FONT_BODY)
                         : ui_paragraph_height(ui, w, FONT_BODY, false, look.note, 0);
    int code_h = ui_line_px(ui, FONT_BODY) + ui_line_px(ui, FONT_HUGE) + ui_px(ui, 60);
    int need = ui_px(ui, 40 + 140 + UI_SPACE_XL + UI_SPACE_M + 28 + 28 + 72) +
               ui_line_px(ui, FONT_HEADING) + 2 * ui_line_px(ui, FONT_TITLE) +
               ui_line_px(ui, FONT_BODY) + (look.code ? code_h : 0) + note_h;
    bool compact = top + need > ui->h - ui_px(ui, 16);
    int y = top + ui_px(ui, compact ? 16 : 40);
    y += badge(ui, ui->w / 2, y, ui_px(ui, compact ? 96 : 140), look.icon, look.color);
    y += ui_px(ui, UI_SPACE_XL);
    y += ui_label(ui, x, y, w, FONT_HEADING, true, COL_TEXT, UI_ALIGN_CENTER, look.title);
    if (!app->confirming && app->result.outcome == SIGNUP_WAITLISTED)
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
                      view_when_where(ui, when, view_row_venue(row, lang)));
    }
    y += ui_px(ui, 28);
    if (look.code) y += code_panel(ui, app, y, w) + ui_px(ui, 20);
    /* A short note is centred like everything above it; a long one wraps in the column. */
    if (nw <= w)
        y += ui_label(ui, x, y, w, FONT_BODY, false, COL_TEXT_DIM, UI_ALIGN_CENTER, look.note);
    else
        y += ui_paragraph(ui, x, y, w, FONT_BODY, false, COL_TEXT_DIM, look.note, 0);
    y += ui_px(ui, 28);
    if (!app->confirming) done_button(ui, app, y);
}

void view_thanks(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    UiNode *bg = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, ui->w, ui->h});
    bg->bg = COL_BG;
    int top = view_top_bar(ui, app, false, NULL);
    int m = ui_px(ui, UI_MARGIN);
    int y = top + (ui->h - top) / 2 - ui_px(ui, 220);
    y += badge(ui, ui->w / 2, y, ui_px(ui, 140), ICON_HEART, COL_OK);
    y += ui_px(ui, UI_SPACE_XXL);
    y += ui_label(ui, m, y, ui->w - 2 * m, FONT_HEADING, true, COL_TEXT, UI_ALIGN_CENTER,
                  tr(lang, "feedback.thanks"));
    y += ui_px(ui, 40);
    done_button(ui, app, y);
}
