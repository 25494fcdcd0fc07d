/*
 * view_staff.c: staff mode's home (what staff can do), sync in plain words, and the questions
 * asked before Restart and Quit. The attendee list is view_staff_attendees.c; the PIN pad
 * view_staff_pad.c. Reached only through the PIN pad (app_staff.c).
 */
#include <string.h>

#include "datefmt.h"
#include "util.h"
#include "views.h"

#define ASK_MAX_W 760

/* The column staff screens are laid out in: at most 1100 dp wide, centred. */
static void column(const Ui *ui, int max_dp, int *x, int *w)
{
    int m = ui_px(ui, UI_MARGIN);
    *w = ui->w - 2 * m;
    if (*w > ui_px(ui, max_dp)) *w = ui_px(ui, max_dp);
    *x = (ui->w - *w) / 2;
}

int view_staff_frame(Ui *ui, const App *app, bool back, int max_dp, int *x, int *w)
{
    UiNode *bg = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, ui->w, ui->h});
    bg->bg = COL_BG;
    int top = view_top_bar(ui, app, back, NULL);
    column(ui, max_dp, x, w);
    return top;
}

int view_staff_heading(Ui *ui, int x, int y, int w, const char *text)
{
    return ui_paragraph(ui, x, y, w, FONT_HEADING, true, COL_TEXT, text, 2);
}

/* A pressable tile R with a title and a line under it. */
static void tile(Ui *ui, UiRect r, const char *title, const char *note, uint8_t note_color,
                 Action act)
{
    UiNode *c = ui_add(ui, ROLE_CARD, r);
    c->bg = COL_SURFACE;
    c->border = COL_BORDER;
    c->radius = (int16_t)ui_px(ui, 16);
    c->action = act;
    int pad = ui_px(ui, UI_SPACE_XL);
    int y = r.y + pad;
    y += ui_label(ui, r.x + pad, y, r.w - 2 * pad, FONT_TITLE, true, COL_PRIMARY, UI_ALIGN_LEFT,
                  title);
    y += ui_px(ui, UI_SPACE_S);
    if (note) ui_paragraph(ui, r.x + pad, y, r.w - 2 * pad, FONT_BODY, false, note_color, note, 2);
}

/* The sync record in one line for the home's tile: the problem, or when it last went well. */
static const char *sync_summary(Ui *ui, const App *app, uint8_t *color)
{
    Lang lang = app->lang;
    const StaffSync *s = &app->staff.sync;
    *color = COL_TEXT_DIM;
    if (!s->loaded) return NULL;
    if (!s->hub) return tr(lang, "staff.sync.no_hub_short");
    if (s->error_at) {
        *color = COL_WARN;
        return tr(lang, view_staff_error_key(s->error));
    }
    char when[96];
    if (s->last_ok)
        datefmt_span(when, sizeof when, lang, s->last_ok, 0);
    else
        str_copy(when, sizeof when, tr(lang, "staff.sync.never"));
    return ui_fmt(ui, "%s: %s", tr(lang, "staff.sync.last_ok"), when);
}

const char *view_staff_error_key(int error)
{
    /* SyncResult (client.h): 1 no answer, 2 later, 3 token refused, 4 odd answer, 5 database. */
    static const char *const KEYS[] = {"staff.sync.err.unknown", "staff.sync.err.net",
                                       "staff.sync.err.retry",   "staff.sync.err.auth",
                                       "staff.sync.err.hub",     "staff.sync.err.store"};
    return error > 0 && error < (int)(sizeof KEYS / sizeof KEYS[0]) ? KEYS[error] : KEYS[0];
}

/* A question on a card over a dimmed screen: TITLE, BODY and two buttons, NO (keep) and YES. */
void view_staff_ask(Ui *ui, const App *app, const char *title, const char *body, const char *no,
                    const char *yes, uint8_t yes_color)
{
    UiNode *s = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, ui->w, ui->h});
    s->bg = COL_PRESSED;
    s->flags = UI_BLOCKS;
    s->action = (Action){.kind = ACT_STAFF_ANSWER, .a = 0};
    int m = ui_px(ui, UI_MARGIN);
    int w = ui->w - 2 * m;
    if (w > ui_px(ui, ASK_MAX_W)) w = ui_px(ui, ASK_MAX_W);
    int pad = ui_px(ui, UI_SPACE_XXL), iw = w - 2 * pad, bh = ui_px(ui, 88);
    int h = 2 * pad + ui_paragraph_height(ui, iw, FONT_HEADING, true, title, 0) +
            ui_px(ui, UI_SPACE_L) + ui_paragraph_height(ui, iw, FONT_BODY, false, body, 0) +
            ui_px(ui, UI_SPACE_XL) + bh;
    int x = (ui->w - w) / 2, y = (ui->h - h) / 2;
    UiNode *panel = ui_add(ui, ROLE_PANEL, (UiRect){x, y, w, h});
    panel->bg = COL_SURFACE;
    panel->border = COL_BORDER;
    panel->radius = (int16_t)ui_px(ui, 20);
    panel->flags = UI_BLOCKS;
    y += pad;
    y += ui_paragraph(ui, x + pad, y, iw, FONT_HEADING, true, COL_TEXT, title, 0);
    y += ui_px(ui, UI_SPACE_L);
    y += ui_paragraph(ui, x + pad, y, iw, FONT_BODY, false, COL_TEXT, body, 0);
    y += ui_px(ui, UI_SPACE_XL);
    int gap = ui_px(ui, UI_GAP), bw = (iw - gap) / 2;
    UiNode *n = ui_button(ui, (UiRect){x + pad, y, bw, bh}, no,
                          (Action){.kind = ACT_STAFF_ANSWER, .a = 0}, COL_SURFACE, COL_TEXT, 0);
    n->border = COL_BORDER;
    ui_button(ui, (UiRect){x + pad + bw + gap, y, iw - bw - gap, bh}, yes,
              (Action){.kind = ACT_STAFF_ANSWER, .a = 1}, yes_color, COL_ON_PRIMARY, 0);
    (void)app;
}

/* ---- Home ------------------------------------------------------------------------------- */

/* The home under its heading, from Y: the tiles, the quiet buttons and Leave; returns the end. */
static int home_body(Ui *ui, const App *app, int x, int y, int w)
{
    Lang lang = app->lang;
    int gap = ui_px(ui, UI_GAP);
    if (app->staff.message == PAD_MSG_CHANGED) {
        y += ui_label(ui, x, y, w, FONT_BODY, true, COL_OK, UI_ALIGN_LEFT,
                      tr(lang, "staff.home.changed"));
        y += ui_px(ui, UI_SPACE_M);
    }
    /* The tiles two in a row on a wide screen, one under another on a narrow one. */
    int cols = w >= ui_px(ui, 1000) ? 2 : 1;
    int tw = (w - (cols - 1) * gap) / cols;
    uint8_t scol;
    const char *sync = sync_summary(ui, app, &scol);
    const char *here = view_venue_name(app, lang);
    const char *venue =
        here ? ui_fmt(ui, tr(lang, "staff.venue.now"), here) : tr(lang, "staff.venue.none");
    struct {
        const char *title, *note;
        uint8_t color;
        Action act;
    } tiles[] = {
        {tr(lang, "staff.home.venue"),
         venue,
         COL_TEXT_DIM,
         {.kind = ACT_STAFF_GO, .a = SCREEN_STAFF_VENUE}},
        {tr(lang, "staff.home.spot"),
         tr(lang, "staff.home.spot_note"),
         COL_TEXT_DIM,
         {.kind = ACT_STAFF_GO, .a = SCREEN_STAFF_SPOT}},
        {tr(lang, "staff.home.attendees"),
         tr(lang, "staff.home.attendees_note"),
         COL_TEXT_DIM,
         {.kind = ACT_STAFF_GO, .a = SCREEN_STAFF_EVENTS}},
        {tr(lang, "staff.export.title"),
         tr(lang, "staff.export.note"),
         COL_TEXT_DIM,
         {.kind = ACT_STAFF_GO, .a = SCREEN_STAFF_EXPORT}},
        {tr(lang, "staff.home.sync"), sync, scol, {.kind = ACT_STAFF_GO, .a = SCREEN_STAFF_SYNC}},
    };
    int n_tiles = (int)(sizeof tiles / sizeof tiles[0]);
    /* As tall as the tallest note needs (at most three lines), so that every tile is alike. */
    int notes = 2 * ui_line_px(ui, FONT_BODY);
    for (int i = 0; i < n_tiles; i++) {
        int nh = tiles[i].note ? ui_paragraph_height(ui, tw - 2 * ui_px(ui, UI_SPACE_XL), FONT_BODY,
                                                     false, tiles[i].note, 3)
                               : 0;
        if (nh > notes) notes = nh;
    }
    int th =
        2 * ui_px(ui, UI_SPACE_XL) + ui_line_px(ui, FONT_TITLE) + ui_px(ui, UI_SPACE_S) + notes;
    for (int i = 0; i < n_tiles; i++) {
        int cx = x + (i % cols) * (tw + gap), cy = y + (i / cols) * (th + gap);
        tile(ui, (UiRect){cx, cy, tw, th}, tiles[i].title, tiles[i].note, tiles[i].color,
             tiles[i].act);
    }
    y += ((n_tiles + cols - 1) / cols) * (th + gap) + ui_px(ui, UI_SPACE_L);

    /* Leave, the way back to the visitors' kiosk, wide and plain, then Change PIN, Restart and
     * Quit, quieter (the last two ask first). On a wide screen they share one row, Leave first;
     * otherwise Leave goes under the quiet ones, which wrap onto a second row when narrow. */
    int bh = ui_px(ui, VIEW_BUTTON_H), lh = ui_px(ui, 72);
    struct {
        const char *label;
        Action act;
        uint8_t fg, border;
    } quiet[3] = {
        {tr(lang, "staff.home.pin"), {.kind = ACT_STAFF_CHANGE_PIN}, COL_TEXT, COL_BORDER},
        {tr(lang, "staff.home.restart"),
         {.kind = ACT_STAFF_ASK, .a = STAFF_ASK_RESTART},
         COL_TEXT,
         COL_BORDER},
        {tr(lang, "staff.home.quit"),
         {.kind = ACT_STAFF_ASK, .a = STAFF_ASK_QUIT},
         COL_BAD,
         COL_BAD},
    };
    const char *leave = tr(lang, "staff.home.leave");
    int lw = view_button_width(ui, leave, 360);
    if (lw > w) lw = w;
    int qw[3], row = lw;
    for (int i = 0; i < 3; i++) {
        qw[i] = view_button_width(ui, quiet[i].label, 200);
        if (qw[i] > w) qw[i] = w;
        row += gap + qw[i];
    }
    bool one_row = cols == 2 && row + ui_px(ui, UI_SPACE_XL) <= w;
    int bx = x, ly = y;
    if (one_row) bx = x + w - (row - lw - gap), y += (lh - bh) / 2;
    for (int i = 0; i < 3; i++) {
        if (!one_row && bx > x && bx + qw[i] > x + w) bx = x, y += bh + gap;
        UiNode *b = ui_button(ui, (UiRect){bx, y, qw[i], bh}, quiet[i].label, quiet[i].act,
                              COL_SURFACE, quiet[i].fg, 0);
        b->border = quiet[i].border;
        bx += qw[i] + gap;
    }
    if (one_row)
        y = ly;
    else
        y += bh + ui_px(ui, UI_SPACE_XL);
    ui_button(ui, (UiRect){x, y, lw, lh}, leave, (Action){.kind = ACT_STAFF_LEAVE}, COL_PRIMARY,
              COL_ON_PRIMARY, 0);
    y += lh + ui_px(ui, UI_SPACE_M);
    return y + ui_paragraph(ui, x, y, w, FONT_SMALL, false, COL_TEXT_DIM,
                            tr(lang, "staff.home.timeout"), 0);
}

void view_staff_home(Ui *ui, const App *app)
{
    /* The screens' names are headings of their own: a portrait top bar has no room for them. */
    int x, w;
    int top = view_staff_frame(ui, app, false, 1100, &x, &w);
    top += ui_px(ui, UI_SPACE_XL);
    top += view_staff_heading(ui, x, top, w, tr(app->lang, "staff.home.title")) +
           ui_px(ui, UI_SPACE_L);
    /* Large text on a short screen may not hold it all: it scrolls under the heading. */
    int mark = ui_mark(ui);
    int h = home_body(ui, app, x, top, w) - top + ui_px(ui, UI_SPACE_L);
    ui_rewind(ui, mark);
    UiRect view = {0, top, ui->w, ui->h - top};
    if (h <= view.h) {
        home_body(ui, app, x, top, w);
        return;
    }
    view_scroll_area(ui, app, SCROLL_STAFF, view, h);
    ui_push_clip(ui, view);
    home_body(ui, app, x, top - (int)app->scroll[SCROLL_STAFF].pos, w);
    ui_pop_clip(ui);
    view_scroll_thumb(ui, app, SCROLL_STAFF, view, h);
}

void view_staff_home_ask(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    if (app->staff.ask == STAFF_ASK_RESTART)
        view_staff_ask(ui, app, tr(lang, "staff.ask.restart"), tr(lang, "staff.ask.restart_body"),
                       tr(lang, "staff.ask.no"), tr(lang, "staff.ask.yes_restart"), COL_PRIMARY);
    else if (app->staff.ask == STAFF_ASK_QUIT)
        view_staff_ask(ui, app, tr(lang, "staff.ask.quit"), tr(lang, "staff.ask.quit_body"),
                       tr(lang, "staff.ask.no"), tr(lang, "staff.ask.yes_quit"), COL_BAD);
}

/* ---- Sync ------------------------------------------------------------------------------- */

/* LABEL over VALUE (wrapped) at Y; returns the height. */
static int fact(Ui *ui, int x, int y, int w, const char *label, const char *value, uint8_t color)
{
    int y0 = y;
    y += ui_label(ui, x, y, w, FONT_SMALL, true, COL_TEXT_DIM, UI_ALIGN_LEFT, label);
    y += ui_px(ui, UI_SPACE_XS);
    y += ui_paragraph(ui, x, y, w, FONT_TITLE, true, color, value, 0);
    return y - y0;
}

void view_staff_sync(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    const StaffSync *s = &app->staff.sync;
    int x, w;
    int top = view_staff_frame(ui, app, true, 1100, &x, &w);
    int y = top + ui_px(ui, UI_SPACE_XL);
    y += view_staff_heading(ui, x, y, w, tr(lang, "staff.home.sync")) + ui_px(ui, UI_SPACE_L);
    if (!s->loaded) return;
    if (!s->hub) {
        /* A kiosk on its own: nothing is sent anywhere; it can be connected to a hub here. */
        y += ui_paragraph(ui, x, y, w, FONT_TITLE, false, COL_TEXT, tr(lang, "staff.sync.no_hub"),
                          0);
        y += ui_px(ui, UI_SPACE_XL);
        const char *connect = tr(lang, "staff.hub.title");
        int cw = view_button_width(ui, connect, 280);
        if (cw > w) cw = w;
        ui_button(ui, (UiRect){x, y, cw, ui_px(ui, 72)}, connect,
                  (Action){.kind = ACT_STAFF_GO, .a = SCREEN_STAFF_HUB}, COL_PRIMARY,
                  COL_ON_PRIMARY, 0);
        return;
    }
    char when[96];
    if (s->last_ok)
        datefmt_span(when, sizeof when, lang, s->last_ok, 0);
    else
        str_copy(when, sizeof when, tr(lang, "staff.sync.never"));
    int step = ui_px(ui, UI_SPACE_XL);
    y += fact(ui, x, y, w, tr(lang, "staff.sync.last_ok"), when, COL_TEXT) + step;
    y += fact(ui, x, y, w, tr(lang, "staff.sync.waiting"),
              ui_fmt(ui, tr_plural(lang, "staff.sync.records", s->queued), s->queued),
              s->queued > 0 ? COL_WARN : COL_TEXT) +
         step;
    const char *problem = tr(lang, "staff.sync.no_problem");
    uint8_t color = COL_OK;
    if (s->error_at) {
        char at[96];
        datefmt_span(at, sizeof at, lang, s->error_at, 0);
        problem = ui_fmt(ui, "%s (%s)", tr(lang, view_staff_error_key(s->error)), at);
        color = COL_BAD;
    }
    y += fact(ui, x, y, w, tr(lang, "staff.sync.problem"), problem, color) + step;
    const char *now = tr(lang, "staff.sync.now");
    int bw = view_button_width(ui, now, 280);
    ui_button(ui, (UiRect){x, y, bw, ui_px(ui, 72)}, now, (Action){.kind = ACT_STAFF_SYNC_NOW},
              COL_PRIMARY, COL_ON_PRIMARY, 0);
    y += ui_px(ui, 72) + ui_px(ui, UI_SPACE_M);
    if (s->asked)
        ui_label(ui, x, y, w, FONT_BODY, false, COL_TEXT_DIM, UI_ALIGN_LEFT,
                 tr(lang, "staff.sync.asked"));
}
