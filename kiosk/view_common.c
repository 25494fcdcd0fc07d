/*
 * view_common.c: what every screen shares: the top bar, status pills, text fields, scroll
 * areas and the on-screen keyboard. Helpers the views call; nothing here calls a view (the
 * dispatcher to the screens is views.c).
 */
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "datefmt.h"
#include "views.h"

const char *view_row_title(const EventRow *row, Lang lang)
{
    const char *t[LANG_COUNT] = {row->title[0], row->title[1], row->title[2]};
    return lang_pick(t, lang);
}

const char *view_row_venue(const EventRow *row, Lang lang)
{
    const char *t[LANG_COUNT] = {row->venue[0], row->venue[1], row->venue[2]};
    const char *v = lang_pick(t, lang);
    /* Linked Events' place for events on the internet (helsinki:internet, espoo:internet…):
     * without a name of its own it says "online". */
    size_t n = strlen(row->venue_id);
    if (!v[0] && n > 9 && strcmp(row->venue_id + n - 9, ":internet") == 0)
        return tr(lang, "venue.online");
    return v;
}

void view_row_when(char *buf, size_t n, const EventRow *row, Lang lang)
{
    char when[96];
    datefmt_when(when, sizeof when, lang, row->start_time, row->end_time, row->all_day);
    if (row->status == EVENT_RESCHEDULED)
        snprintf(buf, n, tr(lang, "status.moved"), when);
    else
        snprintf(buf, n, "%s", when);
}

const char *view_category_name(Ui *ui, Lang lang, const char *id)
{
    if (!id || !id[0]) id = "other";
    const char *key = ui_fmt(ui, "cat.%s", id);
    const char *name = tr(lang, key);
    return name == key || strcmp(name, key) == 0 ? id : name;
}

int view_button_width(Ui *ui, const char *label, float min_dp)
{
    int w = ui_text_width(ui, FONT_LABEL, true, label) + ui_px(ui, 40);
    int min = ui_px(ui, min_dp);
    return w > min ? w : min;
}

const char *view_status_text(Ui *ui, const App *app, const EventRow *row, uint8_t *color)
{
    int64_t now = app->now_ms / 1000;
    Lang lang = app->lang;
    switch (rules_availability(row, now, 1)) {
    case AVAIL_NO_REGISTRATION:
        *color = COL_NEUTRAL;
        return tr(lang, "status.no_registration");
    case AVAIL_OPEN: {
        int left = rules_seats_left(row);
        *color = COL_OK;
        if (left < 0) return tr(lang, "status.unlimited");
        return ui_fmt(ui, tr_plural(lang, "status.seats_left", left), left);
    }
    case AVAIL_WAITLIST:
        *color = COL_WARN;
        return ui_fmt(ui, "%s \xC2\xB7 %s", tr(lang, "status.full"), tr(lang, "status.waitlist"));
    case AVAIL_FULL:
        *color = COL_BAD;
        return tr(lang, "status.full");
    case AVAIL_NOT_YET_OPEN: {
        /* "…alkaa ti 8.12. klo 12.00" / "…öppnar tis 8.12 kl. 12.00" / "…opens Tue 8 Dec, 12:00" */
        char when[80];
        datefmt_span(when, sizeof(when), lang, row->enrolment_start, 0);
        *color = COL_NEUTRAL;
        return ui_fmt(ui, tr(lang, "status.opens"), when);
    }
    case AVAIL_CLOSED:
        *color = COL_NEUTRAL;
        return tr(lang, "status.closed");
    case AVAIL_CANCELLED:
        *color = COL_BAD;
        return tr(lang, "status.cancelled");
    case AVAIL_POSTPONED:
        *color = COL_WARN;
        return tr(lang, "status.postponed");
    }
    *color = COL_NEUTRAL;
    return "";
}

int view_badge(Ui *ui, int cx, int y, int d, UiIcon icon, uint8_t color)
{
    UiNode *c = ui_add(ui, ROLE_PANEL, (UiRect){cx - d / 2, y, d, d});
    c->bg = color;
    c->radius = (int16_t)(d / 2);
    UiNode *i = ui_add(ui, ROLE_ICON, c->r);
    i->extra = (int16_t)icon;
    i->fg = COL_ON_STATUS;
    return d;
}

int view_status_pills(Ui *ui, const App *app, const EventRow *row, int x, int y, int w,
                      const char **said)
{
    uint8_t color;
    const char *status = view_status_text(ui, app, row, &color);
    int used = 0;
    bool on = (row->status == EVENT_SCHEDULED || row->status == EVENT_RESCHEDULED) &&
              app_row_running(app, row);
    if (on)
        used = view_pill(ui, x, y, w, tr(app->lang, "detail.now"), COL_OK) + ui_px(ui, UI_SPACE_S);
    if (said) *said = on ? ui_fmt(ui, "%s. %s", tr(app->lang, "detail.now"), status) : status;
    return used + view_pill(ui, x + used, y, w - used, status, color);
}

const char *view_when_where(Ui *ui, const char *when, const char *where)
{
    if (!where[0]) return ui_fmt(ui, "%s", when);
    if (!when[0]) return ui_fmt(ui, "%s", where);
    return ui_fmt(ui, "%s \xC2\xB7 %s", when, where);
}

const char *view_confirm_note(const App *app, const EventRow *row, int group, bool *later)
{
    *later = false;
    if (rules_availability(row, app->now_ms / 1000, group) != AVAIL_OPEN) return NULL;
    /* A kiosk without a hub, an event without a seat limit, seats in this kiosk's own grant,
     * or a hub that answers: confirmed at once. Else the hub decides when it is back. */
    if (!row->hub_seen || row->capacity < 0 || row->grant_left >= group || !app->sync_failing)
        return tr(app->lang, "detail.confirm_now");
    *later = true;
    return tr(app->lang, "detail.confirm_later");
}

const char *view_qr_text(const App *app)
{
    if (!app->detail_loaded) return NULL;
    const char *t = app->detail_qr.s[app->lang];
    return t && t[0] ? t : NULL;
}

static const char *qr_caption(const App *app, const char *text)
{
    return tr(app->lang, calendar_is_url(text) ? "qr.page" : "qr.calendar");
}

int view_qr_side(Ui *ui)
{
    /* 200 dp: a code of ~250 bytes (a VEVENT, 73 modules with its quiet zone) gets whole modules
     * of 2 px on a 1280x800 screen and 3 px on 1920x1080, which a phone reads from arm's length. */
    return ui_px(ui, 200);
}

int view_qr_width(Ui *ui, const App *app, int side, const char *text)
{
    int cw = ui_text_width(ui, FONT_SMALL, true, qr_caption(app, text));
    return cw > side ? cw : side;
}

int view_qr_height(Ui *ui, int side)
{
    return side + ui_px(ui, UI_SPACE_S) + ui_line_px(ui, FONT_SMALL);
}

int view_qr(Ui *ui, const App *app, int x, int y, int side, const char *text)
{
    int bw = view_qr_width(ui, app, side, text);
    UiNode *q = ui_add(ui, ROLE_QR, (UiRect){x + (bw - side) / 2, y, side, side});
    q->text = ui_fmt(ui, "%s", text); /* the list outlives no App state it points to */
    ui_label(ui, x, y + side + ui_px(ui, UI_SPACE_S), bw, FONT_SMALL, true, COL_TEXT_DIM,
             UI_ALIGN_CENTER, qr_caption(app, text));
    return view_qr_height(ui, side);
}

int view_pill(Ui *ui, int x, int y, int max_w, const char *text, uint8_t color)
{
    int h = ui_line_px(ui, FONT_SMALL) + ui_px(ui, 10);
    int pad = ui_px(ui, 14);
    int w = ui_text_width(ui, FONT_SMALL, true, text) + 2 * pad;
    if (w > max_w) w = max_w; /* "Registration opens Fri 20 Mar 09:00" in a narrow card */
    UiNode *p = ui_add(ui, ROLE_PANEL, (UiRect){x, y, w, h});
    p->bg = color;
    p->radius = (int16_t)(h / 2);
    ui_label(ui, x + pad, y + ui_px(ui, 5), w - 2 * pad, FONT_SMALL, true, COL_ON_STATUS,
             UI_ALIGN_CENTER, text);
    return w;
}

/* Text size and contrast in a row ending at X_END (laid out from the right), at Y; returns
 * where the row starts. The two toggles show their state as the chosen language does: filled
 * when on. */
static int toggle_buttons(Ui *ui, const App *app, int x_end, int y, int bh)
{
    Lang lang = app->lang;
    int x = x_end;
    const char *contrast = tr(lang, "a11y.contrast");
    int cw = view_button_width(ui, contrast, 96);
    x -= cw;
    bool hc = app->high_contrast, lt = app->large_text;
    ui_button(ui, (UiRect){x, y, cw, bh}, contrast, (Action){.kind = ACT_TOGGLE_CONTRAST},
              hc ? COL_PRIMARY : COL_SURFACE_ALT, hc ? COL_ON_PRIMARY : COL_TEXT,
              hc ? UI_SELECTED : 0);
    const char *large = tr(lang, "a11y.large_text");
    int lw = view_button_width(ui, large, 96);
    x -= lw + ui_px(ui, UI_SPACE_S);
    ui_button(ui, (UiRect){x, y, lw, bh}, large, (Action){.kind = ACT_TOGGLE_LARGE},
              lt ? COL_PRIMARY : COL_SURFACE_ALT, lt ? COL_ON_PRIMARY : COL_TEXT,
              lt ? UI_SELECTED : 0);
    return x;
}

/* The language buttons, the same way. */
static int lang_buttons(Ui *ui, const App *app, int x_end, int y, int bh)
{
    int x = x_end;
    for (int l = LANG_COUNT - 1; l >= 0; l--) {
        const char *name = i18n_lang_name((Lang)l);
        int w = view_button_width(ui, name, 96);
        x -= w;
        bool on = (Lang)l == app->lang;
        ui_button(ui, (UiRect){x, y, w, bh}, name, (Action){.kind = ACT_SET_LANG, .a = l},
                  on ? COL_PRIMARY : COL_SURFACE_ALT, on ? COL_ON_PRIMARY : COL_TEXT,
                  on ? UI_SELECTED : 0);
        if (l > 0) x -= ui_px(ui, UI_SPACE_S);
    }
    return x;
}

/* Languages, then text size and contrast, in one row ending at X_END; returns its start. */
static int settings_row(Ui *ui, const App *app, int x_end, int y, int bh)
{
    int x = toggle_buttons(ui, app, x_end, y, bh);
    return lang_buttons(ui, app, x - ui_px(ui, UI_SPACE_L) - ui_px(ui, UI_SPACE_S), y, bh);
}

/* The width settings_row takes, and Back's. */
static int settings_width(Ui *ui, const App *app)
{
    int gap = ui_px(ui, UI_SPACE_S);
    int w = view_button_width(ui, tr(app->lang, "a11y.contrast"), 96) + gap +
            view_button_width(ui, tr(app->lang, "a11y.large_text"), 96) + ui_px(ui, UI_SPACE_L) +
            gap;
    for (int l = 0; l < LANG_COUNT; l++)
        w += view_button_width(ui, i18n_lang_name((Lang)l), 96) + (l > 0 ? gap : 0);
    return w;
}

static int back_width(Ui *ui, const App *app)
{
    return view_button_width(ui, tr(app->lang, "nav.back"), 120);
}

static void back_button(Ui *ui, const App *app, int x, int y, int bh)
{
    ui_button(ui, (UiRect){x, y, back_width(ui, app), bh}, tr(app->lang, "nav.back"),
              (Action){.kind = ACT_BACK}, COL_SURFACE_ALT, COL_TEXT, 0);
}

bool view_controls_below(const Ui *ui)
{
    return ui->screen_h > ui->w;
}

/* The bar's height: the chips and their margin, grown with the text. */
static int bar_height(Ui *ui)
{
    return ui_px(ui, VIEW_BAR) + ui_px(ui, VIEW_CHIP_H) * (ui->text_scale - 1.0f);
}

static int chip_height(Ui *ui)
{
    return (int)((float)ui_px(ui, VIEW_CHIP_H) * ui->text_scale);
}

int view_read_aloud(Ui *ui, const App *app, int x, int y, int room, int h)
{
    if (!app_read_aloud_offered(app)) return 0;
    const char *label = tr(app->lang, app->reading ? "speech.stop" : "speech.read_aloud");
    int w = view_button_width(ui, label, 120);
    if (w > room) return 0;
    bool on = app->reading;
    ui_button(ui, (UiRect){x, y, w, h}, label, (Action){.kind = ACT_READ_ALOUD},
              on ? COL_PRIMARY : COL_SURFACE_ALT, on ? COL_ON_PRIMARY : COL_TEXT,
              on ? UI_SELECTED : 0);
    return w + ui_px(ui, UI_SPACE_L);
}

const char *view_venue_name(const App *app, Lang lang)
{
    if (app->venue_popup) {
        const char *by[LANG_COUNT];
        for (int l = 0; l < LANG_COUNT; l++)
            by[l] = app->venue_name[l];
        const char *n = lang_pick(by, lang);
        if (*n) return n;
    }
    for (int i = 0; app->home_venue_id[0] && i < app->n_rows; i++) {
        const EventRow *r = &app->rows[i];
        if (strcmp(r->venue_id, app->home_venue_id) != 0) continue;
        const char *n = lang_pick(r->venue, lang);
        if (*n) return n;
    }
    return NULL;
}

const char *view_place_name(const App *app, Lang lang)
{
    const char *venue = app->venue_staff ? view_venue_name(app, lang) : NULL;
    if (venue) return venue;
    return app->kiosk_name[0] ? app->kiosk_name : NULL;
}

const char *view_place_title(Ui *ui, const App *app)
{
    const char *name = view_place_name(app, app->lang);
    if (!name || !app->venue_staff || !app->venue_popup) return name;
    const char *by[LANG_COUNT];
    for (int l = 0; l < LANG_COUNT; l++)
        by[l] = app->venue_note[l];
    const char *note = lang_pick(by, app->lang);
    return *note ? ui_fmt(ui, "%s · %s", name, note) : name;
}

int view_top_bar(Ui *ui, const App *app, bool back, const char *title)
{
    /* Under "large text" the bar grows with its words: the setting is for everything there is
     * to read, the language and size buttons too. In portrait, the buttons are not up here but
     * within reach at the bottom (view_reach_bar); the bar keeps the title. */
    bool below = view_controls_below(ui);
    ui->nav_back = back;
    /* In portrait the bar names the place, and is left out when there is nothing to name (and
     * no place for staff to hold). */
    bool name = !back && (app->screen == SCREEN_LIST || app->screen == SCREEN_ATTRACT);
    if (below && !title) title = view_place_name(app, app->lang);
    if (below && !title && !name) return 0;
    int bar = bar_height(ui);
    int m = ui_px(ui, UI_MARGIN);
    int bh = chip_height(ui);
    int by = (bar - bh) / 2;
    UiNode *bg = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, ui->w, bar});
    bg->bg = COL_SURFACE;
    UiNode *line = ui_add(ui, ROLE_PANEL, (UiRect){0, bar - ui_px(ui, 2), ui->w, ui_px(ui, 2)});
    line->bg = COL_BORDER;

    int x = ui->w - m, lx = m;
    if (!below) {
        x = settings_row(ui, app, x, by, bh);
        if (back) {
            back_button(ui, app, lx, by, bh);
            lx += back_width(ui, app) + ui_px(ui, UI_SPACE_L);
        }
    }
    if (!below) lx += view_read_aloud(ui, app, lx, by, x - ui_px(ui, UI_SPACE_S) - lx, bh);
    /* The title in what room is left. The kiosk's name on the list and the attract screen is
     * where staff hold a finger still for 3 s to open the PIN pad (app_staff.c); without a name,
     * the empty place it would be. Nothing shows it: it looks like the name. */
    int room = x - ui_px(ui, UI_SPACE_S) - lx;
    UiNode *label = NULL;
    if (title && room > ui_px(ui, 80)) {
        ui_label(ui, lx, (bar - ui_line_px(ui, FONT_TITLE)) / 2, room, FONT_TITLE, true, COL_TEXT,
                 UI_ALIGN_LEFT, title);
        label = &ui->nodes[ui->n - 1];
    } else if (name) {
        label = ui_add(ui, ROLE_TEXT, (UiRect){lx, by, ui_px(ui, 240), bh});
    }
    if (name && label) {
        /* As tall as the bar's buttons (the text is drawn centred, so it does not move). */
        label->r.y = by;
        label->r.h = bh;
        label->flags |= UI_HOLD;
        label->action = (Action){.kind = ACT_STAFF_HOLD};
    }
    return bar;
}

int view_reach_height(Ui *ui, const App *app)
{
    if (!view_controls_below(ui)) return 0;
    int m = ui_px(ui, UI_MARGIN);
    bool one_row =
        back_width(ui, app) + ui_px(ui, UI_SPACE_L) + settings_width(ui, app) <= ui->w - 2 * m;
    int bh = chip_height(ui), gap = ui_px(ui, UI_SPACE_M);
    return (one_row ? bh : 2 * bh + gap) + 2 * ui_px(ui, UI_SPACE_L);
}

void view_reach_bar(Ui *ui, const App *app, int y, int h)
{
    int m = ui_px(ui, UI_MARGIN);
    UiNode *bg = ui_add(ui, ROLE_PANEL, (UiRect){0, y, ui->w, h});
    bg->bg = COL_SURFACE;
    UiNode *line = ui_add(ui, ROLE_PANEL, (UiRect){0, y, ui->w, ui_px(ui, 2)});
    line->bg = COL_BORDER;
    int bh = chip_height(ui), pad = ui_px(ui, UI_SPACE_L);
    bool one_row = h < 2 * bh + 2 * pad;
    /* Two rows: Back and the languages, then text size and contrast. Everything stays where a
     * seated visitor or a child reaches it. */
    int row1 = y + pad, row2 = one_row ? row1 : row1 + bh + ui_px(ui, UI_SPACE_M);
    if (ui->nav_back) back_button(ui, app, m, row1, bh);
    /* "Read aloud", where the screen offers it: left on the second row, or after Back. */
    if (one_row) {
        int start = settings_row(ui, app, ui->w - m, row1, bh);
        int lx = ui->nav_back ? m + back_width(ui, app) + ui_px(ui, UI_SPACE_L) : m;
        view_read_aloud(ui, app, lx, row1, start - ui_px(ui, UI_SPACE_L) - lx, bh);
        return;
    }
    /* The language buttons on the first row, the two toggles under them, both right-aligned. */
    lang_buttons(ui, app, ui->w - m, row1, bh);
    int start = toggle_buttons(ui, app, ui->w - m, row2, bh);
    view_read_aloud(ui, app, m, row2, start - ui_px(ui, UI_SPACE_L) - m, bh);
}

UiNode *view_chip(Ui *ui, UiRect r, const char *label, Action act, bool on)
{
    UiNode *b = ui_button(ui, r, label, act, on ? COL_PRIMARY : COL_SURFACE,
                          on ? COL_ON_PRIMARY : COL_TEXT, on ? UI_SELECTED : 0);
    b->border = on ? 0xff : COL_BORDER;
    b->radius = (int16_t)(r.h / 2);
    return b;
}

void view_page_want(Ui *ui, const App *app, int first, int last)
{
    if (app->list_paged && first >= 0 &&
        (first < app->list_first || last >= app->list_first + app->n_visible))
        ui_request(ui, (Action){.kind = ACT_LIST_WANT, .a = first, .b = last});
}

void view_scroll_area(Ui *ui, const App *app, ScrollId id, UiRect viewport, int content_h)
{
    float max = (float)(content_h - viewport.h);
    if (max < 0) max = 0;
    if ((int)max != (int)app->scroll[id].max)
        ui_request(ui, (Action){.kind = ACT_SCROLL_LIMIT, .a = id, .f = max});
    UiNode *n = ui_add(ui, ROLE_SCROLL, viewport);
    /* .f carries the scroll position, so gfx.c can tell a frame that only scrolled. */
    n->action = (Action){.kind = ACT_SCROLL_HOLD, .a = id, .f = app->scroll[id].pos};
}

int view_scroll_thumb(Ui *ui, const App *app, ScrollId id, UiRect view, int content_h)
{
    if (content_h <= view.h) return 0;
    int tw = ui_px(ui, 6), room = tw + ui_px(ui, UI_SPACE_M);
    UiRect track = {view.x + view.w - tw, view.y, tw, view.h};
    UiNode *t = ui_add(ui, ROLE_PANEL, track);
    t->bg = COL_BORDER;
    t->radius = (int16_t)(tw / 2);
    int th = (int)((int64_t)view.h * view.h / content_h);
    if (th < ui_px(ui, 40)) th = ui_px(ui, 40);
    float max = (float)(content_h - view.h);
    float pos = app->scroll[id].pos < 0 ? 0 : app->scroll[id].pos > max ? max : app->scroll[id].pos;
    int ty = view.y + (int)((float)(view.h - th) * pos / max);
    UiNode *thumb = ui_add(ui, ROLE_PANEL, (UiRect){track.x, ty, tw, th});
    thumb->bg = COL_TEXT_DIM;
    thumb->radius = (int16_t)(tw / 2);
    return room;
}

/* ---- Text fields ------------------------------------------------------------------------ */

int view_text_field(Ui *ui, const App *app, int x, int y, int w, Field field, const char *label,
                    const char *error)
{
    int y0 = y;
    /* Wrapped, not ellipsised: a question's label is what the visitor answers. */
    y += ui_paragraph(ui, x, y, w, FONT_BODY, true, COL_TEXT, label, 0);
    y += ui_px(ui, UI_SPACE_XS);
    int h = ui_px(ui, VIEW_BUTTON_H);
    bool focused = app->focus == field;
    UiNode *box = ui_add(ui, ROLE_INPUT, (UiRect){x, y, w, h});
    box->bg = COL_SURFACE;
    box->border = error ? COL_BAD : focused ? COL_FOCUS : COL_BORDER;
    box->radius = (int16_t)ui_px(ui, 10);
    box->flags = (uint16_t)((focused ? UI_FOCUSED : 0) | (error ? UI_ERROR : 0));
    box->action = (Action){.kind = ACT_FOCUS, .a = field};
    box->text = label; /* so a script can tap the field by its label */
    const char *value = app_field_text(app, field);
    int pad = ui_px(ui, UI_SPACE_L);
    int ty = y + (h - ui_line_px(ui, FONT_BODY)) / 2;
    int room = w - 2 * pad - ui_px(ui, 4);
    /* Long input scrolls left so the caret stays visible. */
    const char *shown = value;
    while (*shown && ui_text_width(ui, FONT_BODY, false, shown) > room) {
        shown++;
        while ((*shown & 0xC0) == 0x80)
            shown++;
    }
    int tw = 0;
    if (*shown) {
        ui_label(ui, x + pad, ty, room, FONT_BODY, false, COL_TEXT, UI_ALIGN_LEFT, shown);
        tw = ui_text_width(ui, FONT_BODY, false, shown);
    }
    if (focused) {
        UiNode *caret = ui_add(
            ui, ROLE_PANEL,
            (UiRect){x + pad + tw + ui_px(ui, 1), ty, ui_px(ui, 3), ui_line_px(ui, FONT_BODY)});
        caret->bg = COL_FOCUS;
    }
    y += h;
    if (error) {
        y += ui_px(ui, UI_SPACE_XS);
        y += ui_paragraph(ui, x, y, w, FONT_SMALL, true, COL_BAD, error, 0);
    }
    /* Scroll a newly focused field into view above the keyboard. */
    return y - y0;
}

/* ---- On-screen keyboard ----------------------------------------------------------------- */

#define OSK_KEY_H 68
#define OSK_KEY_GAP 8
#define OSK_MAX_KEY_W 120

/* The width of keyboard row R in key units (gaps not counted), and its number of keys in *N. */
static float row_units(const Osk *osk, int r, int *n)
{
    const OskKey *keys = osk_row(osk, r, n);
    float units = 0;
    for (int k = 0; k < *n; k++)
        units += keys[k].width;
    return units;
}

int view_osk_height(Ui *ui, const App *app)
{
    if (!app_osk_visible(app)) return 0;
    int rows = osk_row_count(&app->osk);
    return ui_px(ui, UI_SPACE_L) * 2 + rows * ui_px(ui, OSK_KEY_H) +
           (rows - 1) * ui_px(ui, OSK_KEY_GAP);
}

int view_osk(Ui *ui, const App *app)
{
    int h = view_osk_height(ui, app);
    if (h == 0) return 0;
    /* Keys are 68 dp tall whatever the text size; their caps grow with it, and word labels
     * ("mellanslag") step down a size where they would not fit their key. */
    Lang lang = app->lang;
    int top = ui->h - h;
    UiNode *bg = ui_add(ui, ROLE_PANEL, (UiRect){0, top, ui->w, h});
    bg->bg = COL_SURFACE_ALT;
    UiNode *edge = ui_add(ui, ROLE_PANEL, (UiRect){0, top, ui->w, ui_px(ui, 2)});
    edge->bg = COL_BORDER;

    int rows = osk_row_count(&app->osk);
    /* The widest row decides the unit, so every key of every row has the same unit width. */
    float max_units = 0;
    for (int r = 0; r < rows; r++) {
        int n = 0;
        float units = row_units(&app->osk, r, &n) + (float)(n - 1) * (float)OSK_KEY_GAP / 100.0f;
        if (units > max_units) max_units = units;
    }
    int gap = ui_px(ui, OSK_KEY_GAP);
    int avail = ui->w - 2 * ui_px(ui, UI_MARGIN);
    float unit = (float)avail / max_units;
    if (unit > (float)ui_px(ui, OSK_MAX_KEY_W)) unit = (float)ui_px(ui, OSK_MAX_KEY_W);
    if (app->osk.mode == OSK_MODE_PHONE || app->osk.mode == OSK_MODE_NUMBER) {
        float pad_unit = (float)ui_px(ui, 150);
        if (unit > pad_unit) unit = pad_unit;
    }
    int kh = ui_px(ui, OSK_KEY_H);
    int y = top + ui_px(ui, UI_SPACE_L);
    for (int r = 0; r < rows; r++) {
        int n = 0;
        const OskKey *keys = osk_row(&app->osk, r, &n);
        float units = row_units(&app->osk, r, &n);
        int row_w = (int)(units * unit) + (n - 1) * gap;
        int x = (ui->w - row_w) / 2;
        for (int k = 0; k < n; k++) {
            int kw = (int)(keys[k].width * unit);
            char cap[32];
            const char *label = osk_key_cap(&app->osk, &keys[k], cap, sizeof(cap));
            if (keys[k].kind == OSK_KEY_ENTER)
                label = tr(lang, app_focus_is_last(app) ? "osk.done" : "osk.next");
            else if (strncmp(label, "osk.", 4) == 0)
                label = tr(lang, label);
            bool special = keys[k].kind != OSK_KEY_CHAR && keys[k].kind != OSK_KEY_STRING &&
                           keys[k].kind != OSK_KEY_SPACE;
            bool lit = (keys[k].kind == OSK_KEY_SHIFT && (app->osk.shift || app->osk.caps)) ||
                       keys[k].kind == OSK_KEY_ENTER;
            UiNode *key = ui_add(ui, ROLE_KEY, (UiRect){x, y, kw, kh});
            /* Function keys stand apart from letters in both themes: a neutral key with its
             * status-text colour (white on grey, or black on light grey in high contrast). */
            key->bg = lit ? COL_PRIMARY : special ? COL_NEUTRAL : COL_SURFACE;
            key->fg = lit ? COL_ON_PRIMARY : special ? COL_ON_STATUS : COL_TEXT;
            key->radius = (int16_t)ui_px(ui, 8);
            /* Word labels ("space" in Finnish is "välilyönti") step down in size until they
             * fit. Measured bold, as gfx.c draws key caps. */
            key->font = FONT_TITLE;
            if (ui_text_width(ui, FONT_TITLE, true, label) > kw - ui_px(ui, 12))
                key->font = ui_text_width(ui, FONT_BODY, true, label) > kw - ui_px(ui, 12)
                                ? FONT_SMALL
                                : FONT_BODY;
            int px = ui_font_px(ui, key->font);
            /* Large text: a word that fits no size of the scale gets the size it fits. */
            int tw = ui_text_width(ui, key->font, true, label), room = kw - ui_px(ui, 12);
            if (key->font == FONT_SMALL && tw > room) px = px * room / tw;
            key->px = (uint16_t)px;
            key->align = UI_ALIGN_CENTER;
            key->text = ui_fmt(ui, "%s", label);
            key->flags = app->osk.caps && keys[k].kind == OSK_KEY_SHIFT ? UI_SELECTED : 0;
            /* The font has no arrows: these keys are drawn as icons, named for scripts. */
            if (keys[k].kind == OSK_KEY_BACKSPACE) {
                key->extra = ICON_BACKSPACE;
                key->text = "\xE2\x8C\xAB"; /* ⌫ */
                key->speak = tr(lang, "speech.key.backspace");
            } else if (keys[k].kind == OSK_KEY_SHIFT) {
                key->extra = ICON_SHIFT;
                key->text = "\xE2\x87\xA7"; /* ⇧ */
                key->speak = tr(lang, "speech.key.shift");
            }
            key->action = (Action){.kind = ACT_OSK_KEY, .a = r, .b = k};
            x += kw + gap;
        }
        y += kh + gap;
    }
    return h;
}
