/*
 * view_staff_venue.c: staff mode's venue screen: a library venue from the catalogue, or a pop-up
 * venue of the kiosk's own (its name and an address or short description in each language,
 * typed on the on-screen keyboard), which events the kiosk shows and its language when free.
 * app_staff_venue.c keeps the edit; the store keeps it once saved.
 */
#include <stdbool.h>
#include <string.h>

#include "views.h"

/* A row of choices (wrapping), the one whose value is ON filled; only measured unless DRAW.
 * Returns the height. */
static int choices(Ui *ui, int x, int y, int w, const char *const *labels, const int *values, int n,
                   int on, ActionKind kind, int gen, bool draw)
{
    int gap = ui_px(ui, UI_GAP), bh = ui_px(ui, VIEW_BUTTON_H), y0 = y, cx = x;
    for (int i = 0; i < n; i++) {
        int bw = view_button_width(ui, labels[i], 140);
        if (bw > w) bw = w;
        if (cx > x && cx + bw > x + w) cx = x, y += bh + gap;
        bool lit = values[i] == on;
        if (draw) {
            UiNode *b = ui_button(ui, (UiRect){cx, y, bw, bh}, labels[i],
                                  (Action){.kind = kind, .a = values[i], .b = gen},
                                  lit ? COL_PRIMARY : COL_SURFACE, lit ? COL_ON_PRIMARY : COL_TEXT,
                                  lit ? UI_SELECTED : 0);
            if (!lit) b->border = COL_BORDER;
        }
        cx += bw + gap;
    }
    return y + bh - y0;
}

/* A small label over a section; returns its height with the gap under it. */
static int caption(Ui *ui, int x, int y, int w, const char *text, bool draw)
{
    int h = ui_paragraph_height(ui, w, FONT_SMALL, true, text, 0);
    if (draw) ui_paragraph(ui, x, y, w, FONT_SMALL, true, COL_TEXT_DIM, text, 0);
    return h + ui_px(ui, UI_SPACE_XS);
}

static const char *const IN_KEYS[LANG_COUNT] = {"staff.venue.in.fi", "staff.venue.in.sv",
                                                "staff.venue.in.en"};
static const char *const NAME_KEYS[LANG_COUNT] = {"staff.venue.name.fi", "staff.venue.name.sv",
                                                  "staff.venue.name.en"};
static const char *const NOTE_KEYS[LANG_COUNT] = {"staff.venue.note.fi", "staff.venue.note.sv",
                                                  "staff.venue.note.en"};
static const char *const LANG_KEYS[LANG_COUNT] = {"staff.venue.lang.fi", "staff.venue.lang.sv",
                                                  "staff.venue.lang.en"};
static const int LANGS[LANG_COUNT] = {LANG_FI, LANG_SV, LANG_EN};

/* The pop-up venue's language tabs and its two fields; returns the height. The fields are drawn
 * only when DRAW (view_text_field has no measuring mode). */
static int popup_fields(Ui *ui, const App *app, int x, int y, int w, bool draw)
{
    Lang lang = app->lang;
    const StaffVenue *v = &app->staff.venue;
    int y0 = y, tl = v->text_lang;
    const char *tabs[LANG_COUNT];
    for (int l = 0; l < LANG_COUNT; l++)
        tabs[l] = tr(lang, IN_KEYS[l]);
    y += caption(ui, x, y, w, tr(lang, "staff.venue.text_lang"), draw);
    y += choices(ui, x, y, w, tabs, LANGS, LANG_COUNT, tl, ACT_STAFF_VENUE_TEXT_LANG, 0, draw);
    y += ui_px(ui, UI_SPACE_L);
    const char *name = tr(lang, NAME_KEYS[tl]), *note = tr(lang, NOTE_KEYS[tl]);
    int field_h = ui_px(ui, UI_SPACE_XS) + ui_px(ui, VIEW_BUTTON_H);
    if (draw) {
        y += view_text_field(ui, app, x, y, w, (Field)(FIELD_VENUE_NAME + tl), name, NULL);
    } else {
        y += ui_paragraph_height(ui, w, FONT_BODY, true, name, 0) + field_h;
    }
    y += ui_px(ui, UI_SPACE_M);
    if (draw) {
        y += view_text_field(ui, app, x, y, w, (Field)(FIELD_VENUE_NOTE + tl), note, NULL);
    } else {
        y += ui_paragraph_height(ui, w, FONT_BODY, true, note, 0) + field_h;
    }
    y += ui_px(ui, UI_SPACE_S);
    const char *fb = tr(lang, "staff.venue.fallback");
    if (draw)
        y += ui_paragraph(ui, x, y, w, FONT_SMALL, false, COL_TEXT_DIM, fb, 0);
    else
        y += ui_paragraph_height(ui, w, FONT_SMALL, false, fb, 0);
    return y - y0;
}

/* The catalogue's venues to choose from; returns the height. */
static int catalogue(Ui *ui, const App *app, int x, int y, int w, bool draw)
{
    Lang lang = app->lang;
    int rows[APP_MAX_CHOICES], on = -1, y0 = y;
    int n = app_staff_venues(app, rows, APP_MAX_CHOICES);
    y += caption(ui, x, y, w, tr(lang, "staff.venue.pick"), draw);
    if (n == 0) {
        const char *t = tr(lang, "staff.venue.no_venues");
        if (draw) return y - y0 + ui_paragraph(ui, x, y, w, FONT_BODY, false, COL_TEXT, t, 0);
        return y - y0 + ui_paragraph_height(ui, w, FONT_BODY, false, t, 0);
    }
    const char *labels[APP_MAX_CHOICES];
    for (int i = 0; i < n; i++) {
        const EventRow *r = &app->rows[rows[i]];
        labels[i] = lang_pick(r->venue, lang);
        if (!labels[i][0]) labels[i] = r->venue_id;
        if (strcmp(r->venue_id, app->staff.venue.venue) == 0) on = rows[i];
    }
    return y - y0 +
           choices(ui, x, y, w, labels, rows, n, on, ACT_STAFF_VENUE_PICK, (int)app->rows_gen,
                   draw);
}

/* Everything under the outcome, in the scroll area; returns the height. */
static int sections(Ui *ui, const App *app, int x, int y, int w, bool draw)
{
    Lang lang = app->lang;
    const StaffVenue *v = &app->staff.venue;
    int y0 = y, step = ui_px(ui, UI_SPACE_XL);
    const char *modes[2] = {tr(lang, "staff.venue.mode.catalogue"),
                            tr(lang, "staff.venue.mode.popup")};
    static const int MODES[2] = {0, 1};
    y += choices(ui, x, y, w, modes, MODES, 2, v->popup ? 1 : 0, ACT_STAFF_VENUE_MODE, 0, draw);
    y += step;
    y += v->popup ? popup_fields(ui, app, x, y, w, draw) : catalogue(ui, app, x, y, w, draw);
    y += step;
    const char *show[2] = {tr(lang, "staff.venue.show.here"), tr(lang, "staff.venue.show.all")};
    y += caption(ui, x, y, w, tr(lang, "staff.venue.show"), draw);
    y += choices(ui, x, y, w, show, MODES, 2, v->show_all ? 1 : 0, ACT_STAFF_VENUE_SHOW_ALL, 0,
                 draw);
    y += step;
    const char *langs[LANG_COUNT];
    for (int l = 0; l < LANG_COUNT; l++)
        langs[l] = tr(lang, LANG_KEYS[l]);
    y += caption(ui, x, y, w, tr(lang, "staff.venue.lang"), draw);
    y += choices(ui, x, y, w, langs, LANGS, LANG_COUNT, v->lang, ACT_STAFF_VENUE_LANG, 0, draw);
    return y - y0;
}

/* The sentence under the heading: what the last save did, else where the kiosk stands now. */
static const char *outcome(Ui *ui, const App *app, uint8_t *color)
{
    Lang lang = app->lang;
    const StaffVenue *v = &app->staff.venue;
    const char *here = view_venue_name(app, lang);
    *color = COL_TEXT_DIM;
    if (v->busy) return tr(lang, "staff.export.busy");
    switch (v->result) {
    case STAFF_VENUE_SAVED:
        *color = COL_OK;
        return ui_fmt(ui, tr(lang, "staff.venue.saved"), here ? here : "");
    case STAFF_VENUE_FAILED:
        *color = COL_BAD;
        return tr(lang, "staff.venue.failed");
    case STAFF_VENUE_NO_NAME:
        *color = COL_BAD;
        return tr(lang, "staff.venue.no_name");
    case STAFF_VENUE_NO_PICK:
        *color = COL_BAD;
        return tr(lang, "staff.venue.no_pick");
    default:
        break;
    }
    return here ? ui_fmt(ui, tr(lang, "staff.venue.now"), here) : tr(lang, "staff.venue.none");
}

void view_staff_venue(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    int x, w;
    int top = view_staff_frame(ui, app, true, 1100, &x, &w);
    int y = top + ui_px(ui, UI_SPACE_L);
    if (app_osk_visible(app)) {
        /* Typing: the tabs and the two fields above the keyboard, nothing else. */
        popup_fields(ui, app, x, y, w, true);
        view_osk(ui, app);
        return;
    }
    y += ui_px(ui, UI_SPACE_S);
    /* Save at the heading's right, where it stays whatever is scrolled under it. */
    const char *save = tr(lang, "staff.venue.save");
    int bw = view_button_width(ui, save, 240), bh = ui_px(ui, VIEW_BUTTON_H);
    if (bw > w / 2) bw = w / 2;
    ui_button(ui, (UiRect){x + w - bw, y, bw, bh}, save, (Action){.kind = ACT_STAFF_VENUE_SAVE},
              COL_PRIMARY, COL_ON_PRIMARY, 0);
    int hh = view_staff_heading(ui, x, y, w - bw - ui_px(ui, UI_GAP), tr(lang, "staff.home.venue"));
    y += (hh > bh ? hh : bh) + ui_px(ui, UI_SPACE_S);
    uint8_t color;
    const char *said = outcome(ui, app, &color);
    y += ui_paragraph(ui, x, y, w, FONT_BODY, true, color, said, 0);
    y += ui_px(ui, UI_SPACE_S);
    int pad = ui_px(ui, UI_SPACE_L);
    UiRect view = {0, y, ui->w, ui->h - y};
    int content = 2 * pad + sections(ui, app, x, 0, w, false);
    view_scroll_area(ui, app, SCROLL_STAFF, view, content);
    ui_push_clip(ui, view);
    sections(ui, app, x, y + pad - (int)app->scroll[SCROLL_STAFF].pos, w, true);
    ui_pop_clip(ui);
}
