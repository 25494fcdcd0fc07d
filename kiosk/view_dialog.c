/*
 * view_dialog.c: what is laid over a screen: the question whether to discard what was typed
 * ("Back" or "Start over" on a filled form), and the are-you-still-there warning before the idle
 * wipe. Each is a card over a layer that covers the whole screen and takes every touch, so
 * nothing beneath can be pressed while it is up.
 */
#include "views.h"

#define CARD_MAX_W 760
#define CARD_BUTTON_H 88

/* The layer under a card: every touch on it does ACT. OPAQUE hides the screen beneath (the
 * idle warning: a passer-by does not read the walked-away visitor's details); otherwise it
 * dims it. */
static void scrim(Ui *ui, Action act, bool opaque)
{
    UiNode *s = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, ui->w, ui->h});
    s->bg = opaque ? COL_BG : COL_PRESSED;
    s->flags = UI_BLOCKS;
    s->action = act;
}

typedef struct {
    int x, y, w, pad;
} Card;

/* A card centred on the screen for a title, a text and a row of buttons. */
static Card card(Ui *ui, const char *title, const char *body)
{
    int m = ui_px(ui, UI_MARGIN);
    int w = ui->w - 2 * m;
    if (w > ui_px(ui, CARD_MAX_W)) w = ui_px(ui, CARD_MAX_W);
    int pad = ui_px(ui, UI_SPACE_XXL);
    int iw = w - 2 * pad;
    int h = 2 * pad + ui_paragraph_height(ui, iw, FONT_HEADING, true, title, 0) +
            ui_px(ui, UI_SPACE_L) + ui_paragraph_height(ui, iw, FONT_BODY, false, body, 0) +
            ui_px(ui, UI_SPACE_XL) + ui_px(ui, CARD_BUTTON_H);
    Card c = {(ui->w - w) / 2, (ui->h - h) / 2, w, pad};
    UiNode *panel = ui_add(ui, ROLE_PANEL, (UiRect){c.x, c.y, w, h});
    panel->bg = COL_SURFACE;
    panel->border = COL_BORDER;
    panel->radius = (int16_t)ui_px(ui, 20);
    panel->flags = UI_BLOCKS;
    c.y += pad;
    c.y += ui_paragraph(ui, c.x + pad, c.y, iw, FONT_HEADING, true, COL_TEXT, title, 0);
    c.y += ui_px(ui, UI_SPACE_L);
    c.y += ui_paragraph(ui, c.x + pad, c.y, iw, FONT_BODY, false, COL_TEXT, body, 0);
    c.y += ui_px(ui, UI_SPACE_XL);
    return c;
}

static void discard_dialog(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    scrim(ui, (Action){.kind = ACT_DIALOG_KEEP}, false);
    Card c = card(ui, tr(lang, "dialog.discard_title"), tr(lang, "dialog.discard_body"));
    int gap = ui_px(ui, UI_GAP);
    int iw = c.w - 2 * c.pad;
    int bw = (iw - gap) / 2;
    int bh = ui_px(ui, CARD_BUTTON_H);
    ui_button(ui, (UiRect){c.x + c.pad, c.y, bw, bh}, tr(lang, "dialog.discard"),
              (Action){.kind = ACT_DIALOG_DISCARD}, COL_BAD, COL_ON_STATUS, 0);
    ui_button(ui, (UiRect){c.x + c.pad + bw + gap, c.y, iw - bw - gap, bh}, tr(lang, "dialog.keep"),
              (Action){.kind = ACT_DIALOG_KEEP}, COL_PRIMARY, COL_ON_PRIMARY, 0);
}

static void idle_warning(Ui *ui, const App *app, int seconds)
{
    Lang lang = app->lang;
    scrim(ui, (Action){.kind = ACT_IDLE_STAY}, true);
    /* Speech mode warns on every screen: "filled in" only where something is. */
    const char *key = app_has_typed_data(app) ? "idle.countdown" : "idle.restart";
    const char *body = ui_fmt(ui, tr_plural(lang, key, seconds), seconds);
    Card c = card(ui, tr(lang, "idle.title"), body);
    ui_button(ui, (UiRect){c.x + c.pad, c.y, c.w - 2 * c.pad, ui_px(ui, CARD_BUTTON_H)},
              tr(lang, "idle.stay"), (Action){.kind = ACT_IDLE_STAY}, COL_PRIMARY, COL_ON_PRIMARY,
              0);
}

void view_overlays(Ui *ui, const App *app)
{
    /* The warning wins: it is about to wipe whatever the question was about. */
    int seconds = app_idle_warning_s(app);
    if (seconds > 0)
        idle_warning(ui, app, seconds);
    else if (app->dialog != DIALOG_NONE)
        discard_dialog(ui, app);
}
