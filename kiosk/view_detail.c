/*
 * view_detail.c: one event: time, place, audience, organiser, the description, and "Sign up"
 * while enrolment is open.
 */
#include <string.h>

#include "datefmt.h"
#include "views.h"

/* A "label: value" row; returns its height. Skipped (0) when VALUE is empty. */
static int info_row(Ui *ui, int x, int y, int w, int label_w, const char *label, const char *value)
{
    if (!value || !value[0]) return 0;
    ui_label(ui, x, y, label_w - ui_px(ui, UI_SPACE_M), FONT_BODY, true, COL_TEXT_DIM,
             UI_ALIGN_LEFT, label);
    int h = ui_paragraph(ui, x + label_w, y, w - label_w, FONT_BODY, false, COL_TEXT, value, 0);
    return h + ui_px(ui, UI_SPACE_S);
}

static int info_height(Ui *ui, int w, int label_w, const char *value)
{
    if (!value || !value[0]) return 0;
    return ui_paragraph_height(ui, w - label_w, FONT_BODY, false, value, 0) + ui_px(ui, UI_SPACE_S);
}

void view_detail(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    UiNode *bg = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, ui->w, ui->h});
    bg->bg = COL_BG;
    int top = view_top_bar(ui, app, true, NULL);
    if (app->detail_row < 0) return;
    const EventRow *row = &app->rows[app->detail_row];
    const Event *ev = app->detail_loaded ? &app->detail : NULL;
    int m = ui_px(ui, UI_MARGIN);
    int bar = ui_px(ui, VIEW_BAR) + ui_px(ui, UI_SPACE_L);
    int bottom = ui->h - bar;

    /* Content column: readable measure, centred on wide screens. */
    int w = ui->w - 2 * m;
    if (w > ui_px(ui, 1100)) w = ui_px(ui, 1100);
    int x = (ui->w - w) / 2;
    int label_w = ui_px(ui, 200);
    if (label_w > w / 3) label_w = w / 3;

    char when[128] = "";
    if (row->start_time) datefmt_span(when, sizeof(when), lang, row->start_time, row->end_time);
    const char *where = view_row_venue(row, lang);
    const char *address = ev ? ltext_get(&ev->location_address, lang) : "";
    if (address[0]) where = ui_fmt(ui, "%s\n%s", where, address);
    const char *audience = ev ? ltext_get(&ev->audience, lang) : "";
    const char *age = "";
    if (ev && ev->audience_min_age >= 0 && ev->audience_max_age >= 0)
        age = ui_fmt(ui, tr(lang, "detail.age_range"),
                     ui_fmt(ui, "%d\xE2\x80\x93%d", ev->audience_min_age, ev->audience_max_age));
    else if (ev && ev->audience_min_age >= 0)
        age = ui_fmt(ui, tr(lang, "detail.age_min"), ev->audience_min_age);
    else if (ev && ev->audience_max_age >= 0)
        age = ui_fmt(ui, tr(lang, "detail.age_max"), ev->audience_max_age);
    const char *organiser = ev ? ltext_get(&ev->provider, lang) : "";
    /* Linked Events texts are HTML, converted to display text once when the event loaded. */
    const char *summary = ev ? ltext_get(&app->detail_summary, lang) : "";
    const char *description = ev ? ltext_get(&app->detail_description, lang) : "";
    const char *title = view_row_title(row, lang);
    uint8_t color;
    const char *status = view_status_text(ui, app, row, &color);

    /* Measure first, so the scroll area knows its content height. */
    int pad = ui_px(ui, UI_SPACE_XL);
    int content = ui_px(ui, UI_SPACE_XL) +
                  ui_paragraph_height(ui, w, FONT_HEADING, true, title, 0) + ui_px(ui, UI_SPACE_M) +
                  ui_line_px(ui, FONT_SMALL) + ui_px(ui, 10) + ui_px(ui, UI_SPACE_XL) +
                  info_height(ui, w, label_w, when) + info_height(ui, w, label_w, where) +
                  info_height(ui, w, label_w, audience) + info_height(ui, w, label_w, age) +
                  info_height(ui, w, label_w, organiser) + ui_px(ui, UI_SPACE_L) +
                  (summary[0] ? ui_paragraph_height(ui, w, FONT_BODY, true, summary, 0) +
                                    ui_px(ui, UI_SPACE_L)
                              : 0) +
                  ui_paragraph_height(ui, w, FONT_BODY, false, description, 0) + pad;
    UiRect view = {0, top, ui->w, bottom - top};
    view_scroll_area(ui, app, SCROLL_DETAIL, view, content);
    ui_push_clip(ui, view);
    int y = top + ui_px(ui, UI_SPACE_XL) - (int)app->scroll[SCROLL_DETAIL].pos;
    y += ui_paragraph(ui, x, y, w, FONT_HEADING, true, COL_TEXT, title, 0);
    y += ui_px(ui, UI_SPACE_M);
    int pw = view_pill(ui, x, y, w, status, color);
    ui_label(ui, x + pw + ui_px(ui, UI_SPACE_L), y + ui_px(ui, 5), w - pw - ui_px(ui, UI_SPACE_L),
             FONT_SMALL, false, COL_TEXT_DIM, UI_ALIGN_LEFT,
             view_category_name(ui, lang, row->category));
    y += ui_line_px(ui, FONT_SMALL) + ui_px(ui, 10) + ui_px(ui, UI_SPACE_XL);
    y += info_row(ui, x, y, w, label_w, tr(lang, "detail.when"), when);
    y += info_row(ui, x, y, w, label_w, tr(lang, "detail.where"), where);
    y += info_row(ui, x, y, w, label_w, tr(lang, "detail.audience"), audience);
    y += info_row(ui, x, y, w, label_w, tr(lang, "detail.age"), age);
    y += info_row(ui, x, y, w, label_w, tr(lang, "detail.organiser"), organiser);
    y += ui_px(ui, UI_SPACE_L);
    if (summary[0]) {
        y += ui_paragraph(ui, x, y, w, FONT_BODY, true, COL_TEXT, summary, 0);
        y += ui_px(ui, UI_SPACE_L);
    }
    ui_paragraph(ui, x, y, w, FONT_BODY, false, COL_TEXT, description, 0);
    ui_pop_clip(ui);

    /* Action bar. */
    UiNode *bb = ui_add(ui, ROLE_PANEL, (UiRect){0, bottom, ui->w, bar});
    bb->bg = COL_SURFACE;
    UiNode *line = ui_add(ui, ROLE_PANEL, (UiRect){0, bottom, ui->w, ui_px(ui, 2)});
    line->bg = COL_BORDER;
    int bh = ui_px(ui, 72);
    int by = bottom + (bar - bh) / 2;
    Availability av = rules_availability(row, app->now_ms / 1000, 1);
    if ((av == AVAIL_OPEN || av == AVAIL_WAITLIST) && ev) {
        const char *label = tr(lang, av == AVAIL_OPEN ? "detail.signup" : "detail.join_waitlist");
        int bw = view_button_width(ui, label, 320);
        ui_button(ui, (UiRect){ui->w - m - bw, by, bw, bh}, label,
                  (Action){.kind = ACT_START_SIGNUP}, COL_PRIMARY, COL_ON_PRIMARY, 0);
        /* Before the visitor types: whether this kiosk can confirm the seat now. */
        bool later;
        const char *note = view_confirm_note(app, row, 1, &later);
        int lines = ui_line_px(ui, FONT_BODY) + (note ? ui_line_px(ui, FONT_SMALL) : 0);
        int ly = bottom + (bar - lines) / 2;
        ly +=
            ui_label(ui, m, ly, ui->w - 3 * m - bw, FONT_BODY, true, color, UI_ALIGN_LEFT, status);
        if (note)
            ui_label(ui, m, ly, ui->w - 3 * m - bw, FONT_SMALL, later,
                     later ? COL_WARN : COL_TEXT_DIM, UI_ALIGN_LEFT, note);
    } else {
        ui_label(ui, m, bottom + (bar - ui_line_px(ui, FONT_BODY)) / 2, ui->w - 2 * m, FONT_BODY,
                 true, color, UI_ALIGN_LEFT, status);
    }
}
