/*
 * view_staff_attendees.c: staff mode's attendee list: the events taking sign-ups (staff-only ones
 * included), then one event's sign-ups with each name, group, answers and status, and what staff
 * can do with each: mark the party arrived, move a waitlisted one in when a seat is free, cancel
 * (after a question).
 */
#include <string.h>

#include "datefmt.h"
#include "views.h"

/* "12/20 seats taken · 3 waiting" for ROW. */
static const char *seats_line(Ui *ui, Lang lang, const EventRow *row)
{
    const char *taken = row->capacity >= 0
                            ? ui_fmt(ui, tr(lang, "staff.events.seats"),
                                     ui_fmt(ui, "%d/%d", row->confirmed_seats, row->capacity))
                            : ui_fmt(ui, tr(lang, "staff.events.seats_open"), row->confirmed_seats);
    if (row->waitlisted_count <= 0) return taken;
    return ui_fmt(ui, "%s \xC2\xB7 %s", taken,
                  ui_fmt(ui, tr(lang, "staff.events.waiting"), row->waitlisted_count));
}

/* ---- The events ------------------------------------------------------------------------- */

static int event_card_h(Ui *ui)
{
    return 2 * ui_px(ui, UI_SPACE_L) + ui_line_px(ui, FONT_TITLE) + 2 * ui_line_px(ui, FONT_BODY) +
           ui_px(ui, UI_SPACE_S);
}

static void event_card(Ui *ui, const App *app, int i, UiRect r)
{
    Lang lang = app->lang;
    const EventRow *row = &app->rows[i];
    UiNode *c = ui_add(ui, ROLE_CARD, r);
    c->bg = COL_SURFACE;
    c->border = COL_BORDER;
    c->radius = (int16_t)ui_px(ui, 14);
    c->action = (Action){.kind = ACT_STAFF_OPEN_EVENT, .a = i, .b = (int)app->rows_gen};
    int pad = ui_px(ui, UI_SPACE_L);
    int x = r.x + pad, w = r.w - 2 * pad, y = r.y + pad;
    int pill = 0;
    if (row->staff_only) {
        const char *so = tr(lang, "staff.events.staff_only");
        int pw = ui_text_width(ui, FONT_SMALL, true, so) + ui_px(ui, 28);
        pill = pw + ui_px(ui, UI_SPACE_M);
        view_pill(ui, x + w - pw, y, pw, so, COL_NEUTRAL);
    }
    y += ui_label(ui, x, y, w - pill, FONT_TITLE, true, COL_TEXT, UI_ALIGN_LEFT,
                  view_row_title(row, lang));
    char when[96];
    datefmt_span(when, sizeof when, lang, row->start_time, row->end_time);
    y += ui_label(ui, x, y, w, FONT_BODY, false, COL_TEXT_DIM, UI_ALIGN_LEFT,
                  view_when_where(ui, when, view_row_venue(row, lang)));
    y += ui_px(ui, UI_SPACE_S);
    ui_label(ui, x, y, w, FONT_BODY, true, COL_TEXT, UI_ALIGN_LEFT, seats_line(ui, lang, row));
}

void view_staff_events(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    int x, w;
    int top = view_staff_frame(ui, app, true, 1200, &x, &w);
    top += ui_px(ui, UI_SPACE_XL);
    top += view_staff_heading(ui, x, top, w, tr(lang, "staff.home.attendees"));
    int gap = ui_px(ui, UI_GAP), ch = event_card_h(ui);
    UiRect view = {0, top, ui->w, ui->h - top};
    /* A page (App.list_paged) holds the list's rows from position list_first on. */
    bool paged = app->list_paged && app->page_for.staff_list;
    int n = 0;
    if (paged)
        n = app->list_total;
    else
        for (int i = 0; i < app->n_rows; i++)
            n += app_row_staff_listed(&app->rows[i]);
    int pad = ui_px(ui, UI_SPACE_XL);
    view_scroll_area(ui, app, SCROLL_STAFF, view, 2 * pad + n * (ch + gap));
    ui_push_clip(ui, view);
    int y0 = top + pad - (int)app->scroll[SCROLL_STAFF].pos, y = y0;
    if (paged) {
        int shown_first = -1, shown_last = -1;
        int p = y0 < top ? (top - y0) / (ch + gap) : 0;
        for (; p < n && (y = y0 + p * (ch + gap)) < ui->h; p++) {
            if (y + ch <= top) continue;
            if (shown_first < 0) shown_first = p;
            shown_last = p;
            int j = p - app->list_first;
            if (j >= 0 && j < app->n_visible)
                event_card(ui, app, app->visible[j], (UiRect){x, y, w, ch});
        }
        view_page_want(ui, app, shown_first, shown_last);
    } else {
        for (int i = 0; i < app->n_rows; i++) {
            if (!app_row_staff_listed(&app->rows[i])) continue;
            if (y + ch > top && y < ui->h) event_card(ui, app, i, (UiRect){x, y, w, ch});
            y += ch + gap;
        }
    }
    if (n == 0)
        ui_label(ui, x, top + pad, w, FONT_BODY, false, COL_TEXT_DIM, UI_ALIGN_LEFT,
                 tr(lang, "staff.events.none"));
    ui_pop_clip(ui);
}

/* ---- One event's sign-ups --------------------------------------------------------------- */

static const char *state_text(Ui *ui, Lang lang, const StaffSignup *su, uint8_t *color)
{
    switch (su->state) {
    case STAFF_SU_CONFIRMED:
        *color = COL_OK;
        return tr(lang, "staff.su.confirmed");
    case STAFF_SU_WAITLISTED:
        *color = COL_WARN;
        return ui_fmt(ui, tr(lang, "staff.su.waitlisted"), su->position > 0 ? su->position : 1);
    case STAFF_SU_PROVISIONAL:
        *color = COL_WARN;
        return tr(lang, "staff.su.provisional");
    case STAFF_SU_CANCELLED:
        *color = COL_NEUTRAL;
        return tr(lang, "staff.su.cancelled");
    case STAFF_SU_REJECTED:
        break;
    }
    *color = COL_BAD;
    return tr(lang, "staff.su.rejected");
}

static const char *name_of(Lang lang, const StaffSignup *su)
{
    return su->name[0] ? su->name : tr(lang, "staff.su.no_name");
}

static bool active(const StaffSignup *su)
{
    return su->state != STAFF_SU_CANCELLED && su->state != STAFF_SU_REJECTED;
}

/* The card's height for SU at width W: name, status, answers, buttons. */
static int signup_h(Ui *ui, const StaffSignup *su, int w)
{
    int pad = ui_px(ui, UI_SPACE_L);
    int h = 2 * pad + ui_line_px(ui, FONT_TITLE) + ui_px(ui, UI_SPACE_XS) +
            ui_line_px(ui, FONT_SMALL) + ui_px(ui, 10);
    if (su->answers[0])
        h += ui_px(ui, UI_SPACE_S) +
             ui_paragraph_height(ui, w - 2 * pad, FONT_BODY, false, su->answers, 0);
    if (active(su)) h += ui_px(ui, UI_SPACE_M) + ui_px(ui, VIEW_BUTTON_H);
    return h;
}

/* The buttons of an active sign-up, from the right: cancel, move in, arrived. */
static void signup_buttons(Ui *ui, const App *app, int i, int x, int y, int w)
{
    Lang lang = app->lang;
    const StaffSignup *su = &app->staff.signups[i];
    int bh = ui_px(ui, VIEW_BUTTON_H), gap = ui_px(ui, UI_GAP);
    int right = x + w;
    const char *cancel = tr(lang, "staff.su.cancel");
    int cw = view_button_width(ui, cancel, 140);
    UiNode *b = ui_button(ui, (UiRect){right - cw, y, cw, bh}, cancel,
                          (Action){.kind = ACT_STAFF_ASK, .a = STAFF_ASK_CANCEL, .b = i},
                          COL_SURFACE, COL_BAD, 0);
    b->border = COL_BAD;
    right -= cw + gap;
    if (app_staff_can_promote(app, i)) {
        const char *in = tr(lang, "staff.su.promote");
        int pw = view_button_width(ui, in, 160);
        ui_button(ui, (UiRect){right - pw, y, pw, bh}, in,
                  (Action){.kind = ACT_STAFF_PROMOTE, .a = i}, COL_PRIMARY, COL_ON_PRIMARY, 0);
        right -= pw + gap;
    }
    /* Arrived: a toggle at the door, filled when the party is in. */
    if (su->state != STAFF_SU_WAITLISTED) {
        const char *arrived = tr(lang, "staff.su.arrived");
        int aw = view_button_width(ui, arrived, 160);
        view_chip(ui, (UiRect){x, y, aw, bh}, arrived, (Action){.kind = ACT_STAFF_CHECKIN, .a = i},
                  su->checked_in);
    }
}

static void signup_card(Ui *ui, const App *app, int i, UiRect r)
{
    Lang lang = app->lang;
    const StaffSignup *su = &app->staff.signups[i];
    UiNode *c = ui_add(ui, ROLE_PANEL, r);
    c->bg = active(su) ? COL_SURFACE : COL_SURFACE_ALT;
    c->border = COL_BORDER;
    c->radius = (int16_t)ui_px(ui, 14);
    int pad = ui_px(ui, UI_SPACE_L);
    int x = r.x + pad, w = r.w - 2 * pad, y = r.y + pad;
    const char *group =
        ui_fmt(ui, tr_plural(lang, "staff.su.group", su->group_size), su->group_size);
    const char *right = group;
    int rw = ui_text_width(ui, FONT_BODY, false, right);
    if (rw > w / 2) rw = w / 2;
    ui_label(ui, x + w - rw, y + (ui_line_px(ui, FONT_TITLE) - ui_line_px(ui, FONT_BODY)) / 2, rw,
             FONT_BODY, false, COL_TEXT_DIM, UI_ALIGN_RIGHT, right);
    y += ui_label(ui, x, y, w - rw - pad, FONT_TITLE, true, su->name[0] ? COL_TEXT : COL_TEXT_DIM,
                  UI_ALIGN_LEFT, name_of(lang, su));
    y += ui_px(ui, UI_SPACE_XS);
    uint8_t color;
    const char *state = state_text(ui, lang, su, &color);
    view_pill(ui, x, y, w, state, color);
    y += ui_line_px(ui, FONT_SMALL) + ui_px(ui, 10);
    if (su->answers[0]) {
        y += ui_px(ui, UI_SPACE_S);
        y += ui_paragraph(ui, x, y, w, FONT_BODY, false, COL_TEXT, su->answers, 0);
    }
    if (active(su)) signup_buttons(ui, app, i, x, y + ui_px(ui, UI_SPACE_M), w);
}

void view_staff_signups(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    const EventRow *row = app_staff_event(app);
    int x, w;
    int top = view_staff_frame(ui, app, true, 1200, &x, &w);
    int gap = ui_px(ui, UI_GAP), pad = ui_px(ui, UI_SPACE_XL);
    /* The event's name, time and counts stay on top; the sign-ups scroll under them. */
    int y = top + ui_px(ui, UI_SPACE_XL);
    if (row) {
        y += view_staff_heading(ui, x, y, w, view_row_title(row, lang));
        char when[96];
        datefmt_span(when, sizeof when, lang, row->start_time, row->end_time);
        y += ui_label(ui, x, y, w, FONT_BODY, false, COL_TEXT_DIM, UI_ALIGN_LEFT,
                      view_when_where(ui, when, view_row_venue(row, lang)));
        y += ui_label(ui, x, y, w, FONT_BODY, true, COL_TEXT, UI_ALIGN_LEFT,
                      seats_line(ui, lang, row));
    }
    if (app->staff.op_failed)
        y += ui_label(ui, x, y, w, FONT_BODY, true, COL_BAD, UI_ALIGN_LEFT,
                      tr(lang, "staff.op_failed"));
    y += ui_px(ui, UI_SPACE_S);
    UiNode *line = ui_add(ui, ROLE_PANEL, (UiRect){0, y, ui->w, ui_px(ui, 2)});
    line->bg = COL_BORDER;
    UiRect view = {0, y, ui->w, ui->h - y};
    int content = 2 * pad;
    for (int i = 0; i < app->staff.n_signups; i++)
        content += signup_h(ui, &app->staff.signups[i], w) + gap;
    view_scroll_area(ui, app, SCROLL_STAFF, view, content);
    ui_push_clip(ui, view);
    int cy = y + pad - (int)app->scroll[SCROLL_STAFF].pos;
    for (int i = 0; i < app->staff.n_signups; i++) {
        int h = signup_h(ui, &app->staff.signups[i], w);
        if (cy + h > y && cy < ui->h) signup_card(ui, app, i, (UiRect){x, cy, w, h});
        cy += h + gap;
    }
    if (app->staff.n_signups == 0)
        ui_label(
            ui, x, y + pad, w, FONT_BODY, false, COL_TEXT_DIM, UI_ALIGN_LEFT,
            tr(lang, app->staff.signups_loaded ? "staff.signups.none" : "staff.signups.loading"));
    ui_pop_clip(ui);
}

void view_staff_signups_ask(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    if (app->staff.ask == STAFF_ASK_CANCEL && app->staff.ask_index >= 0 &&
        app->staff.ask_index < app->staff.n_signups) {
        const StaffSignup *su = &app->staff.signups[app->staff.ask_index];
        const char *group =
            ui_fmt(ui, tr_plural(lang, "staff.su.group", su->group_size), su->group_size);
        view_staff_ask(
            ui, app, tr(lang, "staff.ask.cancel"),
            ui_fmt(ui, "%s, %s. %s", name_of(lang, su), group, tr(lang, "staff.ask.cancel_body")),
            tr(lang, "staff.ask.keep"), tr(lang, "staff.ask.yes_cancel"), COL_BAD);
    }
}
