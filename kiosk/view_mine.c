/*
 * view_mine.c: "My sign-up": the code typed on the keyboard, then the sign-up's event and status
 * (the hub's latest word when the kiosk has it) and "Cancel my sign-up" with a confirm step. No
 * name or contact is shown: the code alone is not proof enough for them.
 */
#include <string.h>

#include "datefmt.h"
#include "views.h"

/* TEXT centred on one line when it fits in W, else wrapped; returns its height. */
static int centred(Ui *ui, int x, int y, int w, UiFont font, bool bold, uint8_t fg,
                   const char *text)
{
    return ui_paragraph_centred(ui, x, y, w, font, bold, fg, text);
}

/* What is said under the code field, or NULL. */
static const char *message(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    int wait = app_mine_wait_s(app);
    if (wait > 0) {
        const char *left = ui_fmt(ui, "%d:%02d", wait / 60, wait % 60);
        return ui_fmt(ui, tr(lang, "mine.locked"), left);
    }
    switch (app->mine.message) {
    case MINE_MSG_FORMAT:
        return tr(lang, "mine.format");
    case MINE_MSG_NOT_FOUND:
        return tr(lang, "mine.not_found");
    case MINE_MSG_UNREACHABLE:
        return tr(lang, "mine.unreachable");
    default:
        return NULL;
    }
}

/* Typing the code: the field, "Look up" beside it, and the keyboard. */
static void enter_code(Ui *ui, const App *app, int x, int y, int w)
{
    Lang lang = app->lang;
    y += ui_paragraph(ui, x, y, w, FONT_BODY, false, COL_TEXT_DIM, tr(lang, "mine.intro"), 0);
    y += ui_px(ui, UI_SPACE_L);
    const char *label = tr(lang, "mine.search");
    int bw = view_button_width(ui, label, 160);
    int gap = ui_px(ui, UI_GAP);
    int fw = w - bw - gap;
    /* The button's top is the field's box's: under the field's label. */
    int label_h = ui_paragraph_height(ui, fw, FONT_BODY, true, tr(lang, "confirm.code"), 0);
    view_text_field(ui, app, x, y, fw, FIELD_CODE, tr(lang, "confirm.code"), message(ui, app));
    UiRect br = {x + fw + gap, y + label_h + ui_px(ui, UI_SPACE_XS), bw, ui_px(ui, VIEW_BUTTON_H)};
    int wait = app_mine_wait_s(app);
    /* While the visitor must wait, the button is the countdown, and takes no tap. */
    if (wait > 0)
        ui_button(ui, br, ui_fmt(ui, "%d:%02d", wait / 60, wait % 60), (Action){.kind = ACT_NONE},
                  COL_NEUTRAL, COL_ON_STATUS, 0);
    else
        ui_button(ui, br, label, (Action){.kind = ACT_MINE_LOOKUP}, COL_PRIMARY, COL_ON_PRIMARY, 0);
    view_osk(ui, app);
}

typedef struct {
    UiIcon icon;
    uint8_t color;
    const char *title;
    const char *note; /* or NULL */
} MineLook;

static MineLook look_of(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    const MineScreen *m = &app->mine;
    if (m->step == MINE_SEARCHING)
        return (MineLook){ICON_CLOCK, COL_PRIMARY, tr(lang, "mine.searching"), NULL};
    if (m->step == MINE_CANCELLED)
        return (MineLook){ICON_CHECK, COL_OK, tr(lang, "mine.done_cancelled"),
                          m->seat_freed ? tr(lang, "mine.seat_freed") : NULL};
    switch (m->found.state) {
    case MINE_CONFIRMED:
        return (MineLook){ICON_CHECK, COL_OK, tr(lang, "mine.state_confirmed"), NULL};
    case MINE_WAITLISTED:
        return (MineLook){ICON_QUEUE, COL_WARN, tr(lang, "mine.state_waitlisted"),
                          ui_fmt(ui, tr(lang, "confirm.position"), m->found.position)};
    case MINE_PROVISIONAL:
        return (MineLook){ICON_CLOCK, COL_WARN, tr(lang, "mine.state_provisional"),
                          tr(lang, "mine.provisional_note")};
    case MINE_CANCELLED_STATE:
        return (MineLook){ICON_CROSS, COL_NEUTRAL, tr(lang, "mine.state_cancelled"), NULL};
    case MINE_REJECTED:
        break;
    }
    return (MineLook){ICON_CROSS, COL_BAD, tr(lang, "mine.state_rejected"), NULL};
}

/* The event of the sign-up: its title, time and place when the kiosk has it. */
static int event_lines(Ui *ui, const App *app, int x, int y, int w)
{
    int y0 = y;
    Lang lang = app->lang;
    for (int i = 0; i < app->n_rows; i++) {
        const EventRow *row = &app->rows[i];
        if (strcmp(row->id, app->mine.found.event_id) != 0) continue;
        /* Wrapped rather than cut: which event it is, is what the visitor came to see. */
        y += centred(ui, x, y, w, FONT_TITLE, true, COL_TEXT, view_row_title(row, lang));
        char when[96];
        view_row_when(when, sizeof when, row, lang);
        y += centred(ui, x, y, w, FONT_BODY, false, COL_TEXT_DIM,
                     view_when_where(ui, when, view_row_venue(row, lang)));
        return y - y0;
    }
    return 0;
}

/* Two buttons side by side, centred at Y: LEFT (secondary) and RIGHT (primary). */
static int two_buttons(Ui *ui, int y, const char *left, Action la, const char *right, Action ra,
                       uint8_t right_bg)
{
    int gap = ui_px(ui, UI_SPACE_L), bh = ui_px(ui, 72);
    int lw = view_button_width(ui, left, 240), rw = view_button_width(ui, right, 240);
    int x = (ui->w - lw - gap - rw) / 2;
    UiNode *b = ui_button(ui, (UiRect){x, y, lw, bh}, left, la, COL_SURFACE, COL_TEXT, 0);
    b->border = COL_BORDER;
    ui_button(ui, (UiRect){x + lw + gap, y, rw, bh}, right, ra, right_bg, COL_ON_PRIMARY, 0);
    return bh;
}

/* The buttons under the status: cancel (or its confirm step) and Done. */
static void actions(Ui *ui, const App *app, int x, int y, int w)
{
    Lang lang = app->lang;
    const MineScreen *m = &app->mine;
    Action done = {.kind = ACT_GO_HOME};
    bool can_cancel = m->found.state != MINE_CANCELLED_STATE && m->found.state != MINE_REJECTED;
    if (m->step == MINE_ASK_CANCEL) {
        y += centred(ui, x, y, w, FONT_TITLE, true, COL_TEXT, tr(lang, "mine.ask_cancel"));
        y += ui_px(ui, UI_SPACE_L);
        two_buttons(ui, y, tr(lang, "mine.no"),
                    (Action){.kind = ACT_MINE_CANCEL, .a = MINE_CANCEL_NO},
                    tr(lang, "mine.yes_cancel"),
                    (Action){.kind = ACT_MINE_CANCEL, .a = MINE_CANCEL_YES}, COL_BAD);
        return;
    }
    if (m->step == MINE_CANCELLING) {
        ui_label(ui, x, y, w, FONT_TITLE, true, COL_TEXT_DIM, UI_ALIGN_CENTER,
                 tr(lang, "mine.cancelling"));
        return;
    }
    if (m->message == MINE_MSG_CANCEL_FAILED) {
        y += centred(ui, x, y, w, FONT_BODY, true, COL_BAD, tr(lang, "mine.cancel_failed"));
        y += ui_px(ui, UI_SPACE_L);
    }
    if (m->step == MINE_FOUND && can_cancel) {
        two_buttons(ui, y, tr(lang, "mine.cancel"),
                    (Action){.kind = ACT_MINE_CANCEL, .a = MINE_CANCEL_ASK},
                    tr(lang, "confirm.done"), done, COL_PRIMARY);
        return;
    }
    const char *label = tr(lang, "confirm.done");
    int bw = view_button_width(ui, label, 320);
    ui_button(ui, (UiRect){(ui->w - bw) / 2, y, bw, ui_px(ui, 72)}, label, done, COL_PRIMARY,
              COL_ON_PRIMARY, 0);
}

/* The sign-up found: badge, status, event, and what can be done. */
static void show_signup(Ui *ui, const App *app, int top, int x, int w)
{
    MineLook look = look_of(ui, app);
    /* On a short screen (landscape, large text) a smaller badge, so the buttons stay on it. */
    bool compact = ui->h - top < ui_px(ui, 760) * ui->text_scale;
    int y = top + ui_px(ui, compact ? UI_SPACE_L : 40);
    y += view_badge(ui, ui->w / 2, y, ui_px(ui, compact ? 72 : 140), look.icon, look.color);
    y += ui_px(ui, compact ? UI_SPACE_M : UI_SPACE_XL);
    y += centred(ui, x, y, w, FONT_HEADING, true, COL_TEXT, look.title);
    if (look.note) {
        y += ui_px(ui, UI_SPACE_S);
        y += centred(ui, x, y, w, look.color == COL_WARN ? FONT_TITLE : FONT_BODY, true,
                     look.color == COL_WARN ? COL_WARN : COL_TEXT_DIM, look.note);
    }
    if (app->mine.step == MINE_SEARCHING) return;
    y += ui_px(ui, UI_SPACE_L);
    y += event_lines(ui, app, x, y, w);
    y += ui_px(ui, compact ? UI_SPACE_L : 40);
    actions(ui, app, x, y, w);
}

void view_mine(Ui *ui, const App *app)
{
    UiNode *bg = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, ui->w, ui->h});
    bg->bg = COL_BG;
    bool entering = app->mine.step == MINE_ENTER;
    int top = view_top_bar(ui, app, entering, tr(app->lang, "mine.title"));
    int m = ui_px(ui, UI_MARGIN);
    int w = ui->w - 2 * m;
    if (w > ui_px(ui, 1000)) w = ui_px(ui, 1000);
    int x = (ui->w - w) / 2;
    if (entering)
        enter_code(ui, app, x, top + ui_px(ui, UI_SPACE_XL), w);
    else
        show_signup(ui, app, top, x, w);
}
