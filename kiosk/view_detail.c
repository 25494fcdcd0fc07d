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

/* The "label: value" facts of an event, in the order shown; an empty value is left out. */
enum {
    FACT_WHEN = 0,
    FACT_WHERE,
    FACT_PRICE,
    FACT_ENROLMENT,
    FACT_AUDIENCE,
    FACT_AGE,
    FACT_ORGANISER,
    FACT_COUNT
};

typedef struct {
    const char *label[FACT_COUNT];
    const char *value[FACT_COUNT];
    const char *spoken_when; /* the time as speech says it */
} Facts;

static const char *age_text(Ui *ui, Lang lang, const Event *ev)
{
    if (ev->audience_min_age >= 0 && ev->audience_max_age >= 0)
        return ui_fmt(ui, tr(lang, "detail.age_range"),
                      ui_fmt(ui, "%d\xE2\x80\x93%d", ev->audience_min_age, ev->audience_max_age));
    if (ev->audience_min_age >= 0)
        return ui_fmt(ui, tr(lang, "detail.age_min"), ev->audience_min_age);
    if (ev->audience_max_age >= 0)
        return ui_fmt(ui, tr(lang, "detail.age_max"), ev->audience_max_age);
    return "";
}

static const char *price_text(Lang lang, const Event *ev)
{
    if (ev->price_kind == EVENT_FREE) return tr(lang, "detail.free");
    if (ev->price_kind != EVENT_PRICED) return "";
    const char *p = ltext_get(&ev->price, lang);
    return p[0] ? p : tr(lang, "detail.priced");
}

/* "closes Tue 8 Dec, 12:00" while a sign-up can still be made or waited for. */
static const char *enrolment_text(Ui *ui, const App *app, const EventRow *row)
{
    Availability av = rules_availability(row, app->now_ms / 1000, 1);
    if (av != AVAIL_OPEN && av != AVAIL_WAITLIST && av != AVAIL_NOT_YET_OPEN) return "";
    int64_t end = row->enrolment_end ? row->enrolment_end : row->start_time;
    if (!end) return "";
    char when[64];
    datefmt_span(when, sizeof when, app->lang, end, 0);
    return ui_fmt(ui, tr(app->lang, "detail.enrolment_ends"), when);
}

static void detail_facts(Ui *ui, const App *app, const EventRow *row, const Event *ev, Facts *f)
{
    Lang lang = app->lang;
    static const char *const LABELS[FACT_COUNT] = {
        "detail.when",     "detail.where", "detail.price",    "detail.registration",
        "detail.audience", "detail.age",   "detail.organiser"};
    for (int i = 0; i < FACT_COUNT; i++) {
        f->label[i] = tr(lang, LABELS[i]);
        f->value[i] = "";
    }
    char when[128] = "";
    if (row->start_time) view_row_when(when, sizeof(when), row, lang);
    f->value[FACT_WHEN] = ui_fmt(ui, "%s", when);
    char spoken[160] = "";
    if (row->start_time)
        datefmt_spoken(spoken, sizeof spoken, lang, row->start_time, row->end_time);
    f->spoken_when = ui_fmt(ui, "%s", spoken);
    f->value[FACT_WHERE] = view_row_venue(row, lang);
    if (!ev) return;
    const char *address = ltext_get(&ev->location_address, lang);
    if (address[0]) f->value[FACT_WHERE] = ui_fmt(ui, "%s\n%s", f->value[FACT_WHERE], address);
    /* Linked Events' location_extra_info: "Sali 2", or how to join an event that has no place. */
    const char *extra = ltext_get(&ev->location_extra, lang);
    if (extra[0])
        f->value[FACT_WHERE] = f->value[FACT_WHERE][0]
                                   ? ui_fmt(ui, "%s\n%s", f->value[FACT_WHERE], extra)
                                   : ui_fmt(ui, "%s", extra);
    f->value[FACT_PRICE] = price_text(lang, ev);
    f->value[FACT_ENROLMENT] = enrolment_text(ui, app, row);
    f->value[FACT_AUDIENCE] = ltext_get(&ev->audience, lang);
    f->value[FACT_AGE] = age_text(ui, lang, ev);
    f->value[FACT_ORGANISER] = ltext_get(&ev->provider, lang);
}

static int facts_height(Ui *ui, int w, int label_w, const Facts *f)
{
    int h = 0;
    for (int i = 0; i < FACT_COUNT; i++)
        h += info_height(ui, w, label_w, f->value[i]);
    return h;
}

static int facts_draw(Ui *ui, int x, int y, int w, int label_w, const Facts *f)
{
    int h = 0;
    for (int i = 0; i < FACT_COUNT; i++) {
        int before = ui->n + 1; /* after the row's label */
        h += info_row(ui, x, y + h, w, label_w, f->label[i], f->value[i]);
        if (i == FACT_WHEN && f->spoken_when[0]) ui_speak_last(ui, before, f->spoken_when);
    }
    return h;
}

/* Where the take-home QR code goes: beside the facts on a wide column, else under them. */
typedef struct {
    const char *text; /* NULL: none */
    int side, qw, qh;
    bool beside;
    int facts_w;
} QrPlace;

static QrPlace qr_place(Ui *ui, const App *app, int w)
{
    QrPlace q = {view_qr_text(app), 0, 0, 0, false, w};
    if (!q.text) return q;
    q.side = view_qr_side(ui);
    q.qw = view_qr_width(ui, app, q.side, q.text);
    q.qh = view_qr_height(ui, q.side);
    int rest = w - q.qw - ui_px(ui, UI_SPACE_XL);
    q.beside = rest >= ui_px(ui, 520);
    if (q.beside) q.facts_w = rest;
    return q;
}

static int section_height(Ui *ui, const QrPlace *q, int label_w, const Facts *f)
{
    int fh = facts_height(ui, q->facts_w, label_w, f);
    if (!q->text) return fh;
    if (q->beside) return fh > q->qh ? fh : q->qh;
    return fh + ui_px(ui, UI_SPACE_S) + q->qh;
}

/* Whether the top bar found room for "Read aloud". */
static bool read_aloud_shown(const Ui *ui)
{
    for (int i = 0; i < ui->n; i++)
        if (ui->nodes[i].action.kind == ACT_READ_ALOUD) return true;
    return false;
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
    Facts facts;
    detail_facts(ui, app, row, ev, &facts);
    /* The labels' column fits the longest shown ("Ilmoittautuminen"), within a third. */
    int label_w = ui_px(ui, 200);
    for (int i = 0; i < FACT_COUNT; i++)
        if (facts.value[i][0]) {
            int lw = ui_text_width(ui, FONT_BODY, true, facts.label[i]) + ui_px(ui, UI_SPACE_XL);
            if (lw > label_w) label_w = lw;
        }
    if (label_w > w / 3) label_w = w / 3;
    QrPlace qr = qr_place(ui, app, w);
    /* Linked Events texts are HTML, converted to display text once when the event loaded. */
    const char *summary = ev ? ltext_get(&app->detail_summary, lang) : "";
    const char *description = ev ? ltext_get(&app->detail_description, lang) : "";
    const char *title = view_row_title(row, lang);
    uint8_t color;
    const char *status = view_status_text(ui, app, row, &color);

    /* "Read aloud" goes in the top bar; where the bar has no room (portrait), under the title. */
    /* In portrait it is in the reach bar at the bottom (view_reach_bar). */
    bool aloud_below =
        app_read_aloud_offered(app) && !read_aloud_shown(ui) && !view_controls_below(ui);
    int aloud_h = aloud_below ? ui_px(ui, VIEW_CHIP_H) + ui_px(ui, UI_SPACE_L) : 0;

    /* Measure first, so the scroll area knows its content height. */
    int pad = ui_px(ui, UI_SPACE_XL);
    int content =
        ui_px(ui, UI_SPACE_XL) + ui_paragraph_height(ui, w, FONT_HEADING, true, title, 0) +
        ui_px(ui, UI_SPACE_M) + ui_line_px(ui, FONT_SMALL) + ui_px(ui, 10) +
        ui_px(ui, UI_SPACE_XL) + section_height(ui, &qr, label_w, &facts) + ui_px(ui, UI_SPACE_L) +
        (summary[0]
             ? ui_paragraph_height(ui, w, FONT_BODY, true, summary, 0) + ui_px(ui, UI_SPACE_L)
             : 0) +
        ui_paragraph_height(ui, w, FONT_BODY, false, description, 0) + pad + aloud_h;
    UiRect view = {0, top, ui->w, bottom - top};
    view_scroll_area(ui, app, SCROLL_DETAIL, view, content);
    ui_push_clip(ui, view);
    int y = top + ui_px(ui, UI_SPACE_XL) - (int)app->scroll[SCROLL_DETAIL].pos;
    y += ui_paragraph(ui, x, y, w, FONT_HEADING, true, COL_TEXT, title, 0);
    y += ui_px(ui, UI_SPACE_M);
    int pw = view_status_pills(ui, app, row, x, y, w, NULL);
    ui_label(ui, x + pw + ui_px(ui, UI_SPACE_L), y + ui_px(ui, 5), w - pw - ui_px(ui, UI_SPACE_L),
             FONT_SMALL, false, COL_TEXT_DIM, UI_ALIGN_LEFT,
             view_category_name(ui, lang, row->category));
    y += ui_line_px(ui, FONT_SMALL) + ui_px(ui, 10) + ui_px(ui, UI_SPACE_XL);
    if (aloud_below) {
        view_read_aloud(ui, app, x, y, w, ui_px(ui, VIEW_CHIP_H));
        y += aloud_h;
    }
    int fh = facts_draw(ui, x, y, qr.facts_w, label_w, &facts);
    if (qr.text && qr.beside)
        view_qr(ui, app, x + w - qr.qw, y, qr.side, qr.text);
    else if (qr.text)
        view_qr(ui, app, x + label_w, y + fh + ui_px(ui, UI_SPACE_S), qr.side, qr.text);
    y += section_height(ui, &qr, label_w, &facts) + ui_px(ui, UI_SPACE_L);
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
