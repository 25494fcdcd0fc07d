/*
 * view_staff_spot.c: staff's "New event": a title in one or more languages, the day and times
 * with steppers (no keyboard needed), seats, the waiting list, the party size, the contact
 * fields, questions from three templates, and "Make the event". Its actions are
 * app_staff_spot.c's; with the keyboard up only the field being typed shows above it.
 */
#include <string.h>

#include "datefmt.h"
#include "util.h"
#include "views.h"

/* Which language the title is typed in, each in its own words (the top bar's "Suomi" changes
 * the screen's language; these do not). */
static const char *const ENDONYMS[LANG_COUNT] = {"suomeksi", "på svenska", "in English"};

static const char *rule_text(Lang lang, FieldRule r)
{
    return tr(lang, r == FIELD_REQUIRED   ? "staff.spot.rule.required"
                    : r == FIELD_OPTIONAL ? "staff.spot.rule.optional"
                                          : "staff.spot.rule.hidden");
}

/* What stepper WHICH shows now. */
static const char *step_value(Ui *ui, const App *app, SpotStep which)
{
    const SpotForm *f = &app->staff.spot.form;
    Lang lang = app->lang;
    char buf[64];
    switch (which) {
    case SPOT_STEP_DAY: {
        int64_t today = datefmt_day_start(app->now_ms / 1000), day = datefmt_day_start(f->start);
        if (day == today) return tr(lang, "staff.spot.today");
        if (day > today && day - today < 26 * 3600) return tr(lang, "staff.spot.tomorrow");
        datefmt_date(buf, sizeof buf, lang, f->start);
        return ui_fmt(ui, "%s", buf);
    }
    case SPOT_STEP_START:
    case SPOT_STEP_END:
        datefmt_time(buf, sizeof buf, lang, which == SPOT_STEP_START ? f->start : f->end);
        return ui_fmt(ui, "%s", buf);
    case SPOT_STEP_CAPACITY:
        return ui_fmt(ui, "%d", f->capacity);
    case SPOT_STEP_WAITLIST:
        return f->waitlist == 0 ? tr(lang, "staff.spot.no_waitlist")
                                : ui_fmt(ui, "%d", f->waitlist);
    case SPOT_STEP_GROUP:
        return ui_fmt(ui, "%d", f->max_group);
    case SPOT_STEP_EMAIL:
        return rule_text(lang, f->email);
    case SPOT_STEP_PHONE:
        return rule_text(lang, f->phone);
    default:
        return "";
    }
}

/* One cell of the grid: its label over [−] value [+], or over one button that cycles. */
static void stepper(Ui *ui, const App *app, UiRect r, SpotStep which)
{
    static const char *const LABELS[SPOT_STEP_COUNT] = {
        "staff.spot.day",      "staff.spot.start", "staff.spot.end",   "staff.spot.capacity",
        "staff.spot.waitlist", "staff.spot.group", "staff.spot.email", "staff.spot.phone"};
    Lang lang = app->lang;
    int lh = ui_label(ui, r.x, r.y, r.w, FONT_SMALL, true, COL_TEXT_DIM, UI_ALIGN_LEFT,
                      tr(lang, LABELS[which]));
    int y = r.y + lh + ui_px(ui, UI_SPACE_XS), h = ui_px(ui, VIEW_BUTTON_H);
    const char *value = step_value(ui, app, which);
    if (which == SPOT_STEP_EMAIL || which == SPOT_STEP_PHONE) {
        UiNode *b = ui_button(ui, (UiRect){r.x, y, r.w, h}, value,
                              (Action){.kind = ACT_STAFF_SPOT_STEP, .a = which, .b = 1},
                              COL_SURFACE, COL_TEXT, 0);
        b->border = COL_BORDER;
        return;
    }
    int bw = h;
    UiNode *minus = ui_button(ui, (UiRect){r.x, y, bw, h}, "\u2212",
                              (Action){.kind = ACT_STAFF_SPOT_STEP, .a = which, .b = -1},
                              COL_SURFACE, COL_PRIMARY, 0);
    minus->border = COL_BORDER;
    /* The signs are drawn: the font has no minus sign, and a hyphen is a thin dash set low. */
    minus->extra = ICON_MINUS;
    minus->speak = ui_fmt(ui, "%s: %s", tr(lang, LABELS[which]), tr(lang, "staff.spot.less"));
    UiNode *plus = ui_button(ui, (UiRect){r.x + r.w - bw, y, bw, h}, "+",
                             (Action){.kind = ACT_STAFF_SPOT_STEP, .a = which, .b = 1}, COL_SURFACE,
                             COL_PRIMARY, 0);
    plus->border = COL_BORDER;
    plus->extra = ICON_PLUS;
    plus->speak = ui_fmt(ui, "%s: %s", tr(lang, LABELS[which]), tr(lang, "staff.spot.more"));
    ui_label(ui, r.x + bw, y + (h - ui_line_px(ui, FONT_TITLE)) / 2, r.w - 2 * bw, FONT_TITLE, true,
             COL_TEXT, UI_ALIGN_CENTER, value);
}

static int cell_height(Ui *ui)
{
    return ui_line_px(ui, FONT_SMALL) + ui_px(ui, UI_SPACE_XS) + ui_px(ui, VIEW_BUTTON_H);
}

static const char *question_label(Ui *ui, Lang lang, const SpotQuestion *q, int i)
{
    static const char *const KEYS[] = {"staff.spot.q.yesno", "staff.spot.q.choice",
                                       "staff.spot.q.text"};
    return ui_fmt(ui, tr(lang, KEYS[q->kind]), i + 1);
}

/* The title's languages and its field; returns the new Y. */
static int title_part(Ui *ui, const App *app, int x, int y, int w)
{
    const StaffSpot *sp = &app->staff.spot;
    Lang lang = app->lang;
    int gap = ui_px(ui, UI_GAP), ch = ui_px(ui, 56);
    int cx = x;
    for (int l = 0; l < LANG_COUNT; l++) {
        int cw = view_button_width(ui, ENDONYMS[l], 150);
        view_chip(ui, (UiRect){cx, y, cw, ch}, ENDONYMS[l],
                  (Action){.kind = ACT_STAFF_SPOT_LANG, .a = l}, sp->title_lang == l);
        cx += cw + gap;
    }
    y += ch + ui_px(ui, UI_SPACE_M);
    const char *label =
        ui_fmt(ui, "%s (%s)", tr(lang, "staff.spot.name"),
               ENDONYMS[sp->title_lang >= 0 && sp->title_lang < LANG_COUNT ? sp->title_lang : 0]);
    return y + view_text_field(ui, app, x, y, w, FIELD_SPOT_TITLE, label,
                               sp->message == SPOT_MSG_TITLE ? "" : NULL);
}

/* The questions and the templates to add one from; returns the new Y. */
static int questions_part(Ui *ui, const App *app, int x, int y, int w)
{
    const StaffSpot *sp = &app->staff.spot;
    Lang lang = app->lang;
    int gap = ui_px(ui, UI_GAP), bh = ui_px(ui, VIEW_BUTTON_H);
    y += ui_label(ui, x, y, w, FONT_TITLE, true, COL_TEXT, UI_ALIGN_LEFT,
                  tr(lang, "staff.spot.questions"));
    y += ui_px(ui, UI_SPACE_S);
    const char *remove = tr(lang, "staff.spot.remove");
    int rw = view_button_width(ui, remove, 140);
    for (int i = 0; i < sp->form.n_questions; i++) {
        const SpotQuestion *q = &sp->form.questions[i];
        bool bad = sp->message_question == i &&
                   (sp->message == SPOT_MSG_QUESTION || sp->message == SPOT_MSG_OPTIONS);
        y += view_text_field(ui, app, x, y, w - rw - gap, (Field)(FIELD_SPOT_Q0 + i),
                             question_label(ui, lang, q, i),
                             bad && sp->message == SPOT_MSG_QUESTION ? "" : NULL);
        UiNode *r =
            ui_button(ui, (UiRect){x + w - rw, y - bh, rw, bh}, remove,
                      (Action){.kind = ACT_STAFF_SPOT_REMOVE, .a = i}, COL_SURFACE, COL_BAD, 0);
        r->border = COL_BORDER;
        if (q->kind == SPOT_Q_CHOICE) {
            y += ui_px(ui, UI_SPACE_S);
            y += view_text_field(ui, app, x, y, w - rw - gap, (Field)(FIELD_SPOT_OPT0 + i),
                                 tr(lang, "staff.spot.options"),
                                 bad && sp->message == SPOT_MSG_OPTIONS ? "" : NULL);
        }
        y += ui_px(ui, UI_SPACE_L);
    }
    if (sp->form.n_questions >= SPOT_QUESTIONS_MAX) return y;
    static const char *const ADD[] = {"staff.spot.add.yesno", "staff.spot.add.choice",
                                      "staff.spot.add.text"};
    int bx = x;
    for (int k = 0; k < 3; k++) {
        const char *label = tr(lang, ADD[k]);
        int bw = view_button_width(ui, label, 200);
        if (bw > w) bw = w;
        if (bx > x && bx + bw > x + w) bx = x, y += bh + gap;
        UiNode *b =
            ui_button(ui, (UiRect){bx, y, bw, bh}, label,
                      (Action){.kind = ACT_STAFF_SPOT_ADD, .a = k}, COL_SURFACE, COL_PRIMARY, 0);
        b->border = COL_BORDER;
        bx += bw + gap;
    }
    return y + bh;
}

static const char *message(Ui *ui, const App *app, uint8_t *color)
{
    const StaffSpot *sp = &app->staff.spot;
    Lang lang = app->lang;
    *color = COL_BAD;
    switch (sp->message) {
    case SPOT_MSG_TITLE:
        return tr(lang, "staff.spot.err.title");
    case SPOT_MSG_QUESTION:
        return ui_fmt(ui, tr(lang, "staff.spot.err.question"), sp->message_question + 1);
    case SPOT_MSG_OPTIONS:
        return ui_fmt(ui, tr(lang, "staff.spot.err.options"), sp->message_question + 1);
    case SPOT_MSG_FAILED:
        return tr(lang, "staff.spot.failed");
    case SPOT_MSG_MADE:
        *color = COL_OK;
        return ui_fmt(ui, tr(lang, "staff.spot.made"), sp->made);
    default:
        return NULL;
    }
}

/* Everything under the heading from Y; returns where it ends. */
static int content(Ui *ui, const App *app, int x, int y, int w)
{
    int gap = ui_px(ui, UI_GAP), step = ui_px(ui, UI_SPACE_XL);
    uint8_t color;
    const char *msg = message(ui, app, &color);
    /* "Made" heads the fresh form; what is missing is said by the button that was pressed. */
    bool made = app->staff.spot.message == SPOT_MSG_MADE;
    if (msg && made)
        y += ui_paragraph(ui, x, y, w, FONT_BODY, true, color, msg, 0) + ui_px(ui, UI_SPACE_L);
    y = title_part(ui, app, x, y, w) + step;
    int cols = w >= ui_px(ui, 1000) ? 4 : 2;
    int cw = (w - (cols - 1) * gap) / cols, ch = cell_height(ui);
    for (int i = 0; i < SPOT_STEP_COUNT; i++)
        stepper(ui, app, (UiRect){x + (i % cols) * (cw + gap), y + (i / cols) * (ch + gap), cw, ch},
                (SpotStep)i);
    y += ((SPOT_STEP_COUNT + cols - 1) / cols) * (ch + gap) + step - gap;
    y = questions_part(ui, app, x, y, w) + step;
    if (msg && !made)
        y += ui_paragraph(ui, x, y, w, FONT_BODY, true, color, msg, 0) + ui_px(ui, UI_SPACE_M);
    const char *make =
        tr(app->lang, app->staff.spot.busy ? "staff.spot.making" : "staff.spot.make");
    int mw = view_button_width(ui, make, 360);
    if (mw > w) mw = w;
    ui_button(ui, (UiRect){x, y, mw, ui_px(ui, 72)}, make, (Action){.kind = ACT_STAFF_SPOT_MAKE},
              COL_PRIMARY, COL_ON_PRIMARY, 0);
    return y + ui_px(ui, 72);
}

/* With the keyboard up: the field being typed, alone above it. */
static void typing(Ui *ui, const App *app, int x, int y, int w)
{
    const StaffSpot *sp = &app->staff.spot;
    Lang lang = app->lang;
    Field f = app->focus;
    if (f == FIELD_SPOT_TITLE) {
        title_part(ui, app, x, y, w);
    } else if (f >= FIELD_SPOT_OPT0 && f < FIELD_SPOT_OPT0 + sp->form.n_questions) {
        int i = f - FIELD_SPOT_OPT0;
        y += ui_paragraph(ui, x, y, w, FONT_BODY, false, COL_TEXT_DIM,
                          question_label(ui, lang, &sp->form.questions[i], i), 1);
        view_text_field(ui, app, x, y + ui_px(ui, UI_SPACE_S), w, f, tr(lang, "staff.spot.options"),
                        NULL);
    } else if (f >= FIELD_SPOT_Q0 && f < FIELD_SPOT_Q0 + sp->form.n_questions) {
        int i = f - FIELD_SPOT_Q0;
        view_text_field(ui, app, x, y, w, f, question_label(ui, lang, &sp->form.questions[i], i),
                        NULL);
    }
}

void view_staff_spot(Ui *ui, const App *app)
{
    int x, w;
    int top = view_staff_frame(ui, app, true, 1100, &x, &w);
    top += ui_px(ui, UI_SPACE_XL);
    top += view_staff_heading(ui, x, top, w, tr(app->lang, "staff.home.spot"));
    top += ui_px(ui, UI_SPACE_L);
    if (app_osk_visible(app)) {
        typing(ui, app, x, top, w);
        view_osk(ui, app);
        return;
    }
    /* Measured once, then laid out under the scroll position. */
    int mark = ui_mark(ui);
    int h = content(ui, app, x, top, w) - top + ui_px(ui, UI_SPACE_XL);
    ui_rewind(ui, mark);
    UiRect view = {0, top, ui->w, ui->h - top};
    view_scroll_area(ui, app, SCROLL_STAFF, view, h);
    ui_push_clip(ui, view);
    content(ui, app, x, top - (int)app->scroll[SCROLL_STAFF].pos, w);
    ui_pop_clip(ui);
    view_scroll_thumb(ui, app, SCROLL_STAFF, view, h);
}
