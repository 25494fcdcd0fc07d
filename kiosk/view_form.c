/*
 * view_form.c: the sign-up form: contact fields, group size, the event's own questions and
 * consent, with inline validation and the on-screen keyboard.
 */
#include <string.h>

#include "datefmt.h"
#include "views.h"

static const char *error_text(Lang lang, FormError e, const Event *ev, Ui *ui)
{
    switch (e) {
    case FORM_OK:
        return NULL;
    case FORM_NAME_MISSING:
        return tr(lang, "form.err.name_missing");
    case FORM_EMAIL_MISSING:
        return tr(lang, "form.err.email_missing");
    case FORM_EMAIL_INVALID:
        return tr(lang, "form.err.email_invalid");
    case FORM_PHONE_MISSING:
        return tr(lang, "form.err.phone_missing");
    case FORM_PHONE_INVALID:
        return tr(lang, "form.err.phone_invalid");
    case FORM_GROUP_INVALID:
        return ui_fmt(ui, tr(lang, "form.err.group_invalid"), ev->max_group_size);
    case FORM_ANSWER_MISSING:
        return tr(lang, "form.err.answer_missing");
    case FORM_CONSENT_MISSING:
        return tr(lang, "form.err.consent_missing");
    case FORM_CONTACT_MISSING:
        return tr(lang, "form.err.contact_missing");
    }
    return NULL;
}

static const char *slot_error(Ui *ui, const App *app, int slot)
{
    if (!app->show_errors) return NULL;
    return error_text(app->lang, app->errors[slot], &app->detail, ui);
}

static const char *with_optional(Ui *ui, Lang lang, const char *label, bool optional)
{
    return optional ? ui_fmt(ui, "%s %s", label, tr(lang, "form.optional")) : label;
}

/* Whether option ID is among the comma-separated ANSWER. */
static bool answer_has(const char *answer, const char *id)
{
    size_t idlen = strlen(id);
    const char *p = answer;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == idlen && memcmp(p, id, len) == 0) return true;
        p += len + (comma ? 1 : 0);
    }
    return false;
}

/* Option buttons flowing left to right; returns the height used. */
static int options(Ui *ui, const App *app, int q, int x, int y, int w, bool bad)
{
    const Question *qu = &app->detail.questions[q];
    const char *answer = app->form.answers[q];
    Lang lang = app->lang;
    int bh = ui_px(ui, VIEW_BUTTON_H), gap = ui_px(ui, 10);
    int cx = x, cy = y, row_h = bh;
    int n = qu->kind == QUESTION_YESNO ? 2 : qu->n_options;
    for (int i = 0; i < n; i++) {
        const char *label;
        bool on;
        if (qu->kind == QUESTION_YESNO) {
            label = tr(lang, i == 0 ? "form.yes" : "form.no");
            on = strcmp(answer, i == 0 ? "yes" : "no") == 0;
        } else {
            label = ltext_get(&qu->options[i].label, lang);
            on = qu->kind == QUESTION_SINGLE ? strcmp(answer, qu->options[i].id) == 0
                                             : answer_has(answer, qu->options[i].id);
        }
        int bw = view_button_width(ui, label, 120);
        /* An answer wider than the column wraps in a taller button: it is what the visitor
         * chooses, and is read in full. */
        int pad = ui_px(ui, 20), h = bh; /* view_button_width's */
        bool wrap = bw > w;
        if (wrap) {
            bw = w;
            h = ui_paragraph_height(ui, w - 2 * pad, FONT_LABEL, true, label, 0) + 2 * pad;
            if (h < bh) h = bh;
        }
        if (cx + bw > x + w) cx = x, cy += row_h + gap, row_h = 0;
        UiNode *b = ui_button(
            ui, (UiRect){cx, cy, bw, h}, label, (Action){.kind = ACT_CHOOSE, .a = q, .b = i},
            on ? COL_PRIMARY : COL_SURFACE, on ? COL_ON_PRIMARY : COL_TEXT, on ? UI_SELECTED : 0);
        /* A required question left unanswered: its options outlined in red, as the summary
         * under the form says. */
        b->border = on ? 0xff : bad ? COL_BAD : COL_BORDER;
        if (qu->kind == QUESTION_MULTI) b->role = ROLE_CHECKBOX;
        if (wrap) {
            b->text = label; /* whole, for scripts and speech; the lines below draw it */
            b->flags |= UI_LABEL_APART;
            int th = ui_paragraph_height(ui, w - 2 * pad, FONT_LABEL, true, label, 0);
            ui_paragraph_centred(ui, cx + pad, cy + (h - th) / 2, w - 2 * pad, FONT_LABEL, true,
                                 on ? COL_ON_PRIMARY : COL_TEXT, label);
        }
        if (h > row_h) row_h = h;
        cx += bw + gap;
    }
    return cy + row_h - y;
}

/* ---- The form, top to bottom ----------------------------------------------------------- */

/* Where the form is being laid out: its column, the next free y, and where the focused field
 * ended up. */
typedef struct {
    Ui *ui;
    const App *app;
    const Event *ev;
    const EventRow *row;
    Lang lang;
    int x, w;    /* the column */
    int m;       /* the margin */
    int section; /* space after each section */
    int y;       /* the next free line */
    /* Where the focused field is. Its y can be negative (scrolled up past the screen), so
     * whether it was found is a flag of its own. */
    bool focus_found;
    int focus_top, focus_bottom;
    int header_bottom; /* where the event's title and time end, on screen */
} FormLayout;

/* An error under a field or control, when there is one. */
static void form_error(FormLayout *f, const char *err)
{
    Ui *ui = f->ui;
    if (err)
        f->y += ui_px(ui, UI_SPACE_XS) + ui_paragraph(ui, f->x, f->y + ui_px(ui, UI_SPACE_XS), f->w,
                                                      FONT_SMALL, true, COL_BAD, err, 0);
}

/* A text field, noting where it is when it has focus. */
static void form_text_field(FormLayout *f, Field field, const char *label, const char *err)
{
    if (f->app->focus == field) f->focus_top = f->y, f->focus_found = true;
    f->y += view_text_field(f->ui, f->app, f->x, f->y, f->w, field, label, err);
    if (f->app->focus == field) f->focus_bottom = f->y;
}

/* The event's title, time and place; then why it cannot be signed up for, or that the sign-up
 * joins the waiting list. */
static void form_header(FormLayout *f)
{
    Ui *ui = f->ui;
    const App *app = f->app;
    const EventRow *row = f->row;
    Lang lang = f->lang;
    int x = f->x, w = f->w, m = f->m;
    f->y += ui_paragraph(ui, x, f->y, w, FONT_TITLE, true, COL_TEXT, view_row_title(row, lang), 0);
    char when[128] = "", spoken[160] = "";
    if (row->start_time) view_row_when(when, sizeof(when), row, lang);
    if (row->start_time)
        datefmt_spoken(spoken, sizeof spoken, lang, row->start_time, row->end_time);
    int before = ui->n;
    f->y += ui_label(ui, x, f->y, w, FONT_SMALL, false, COL_TEXT_DIM, UI_ALIGN_LEFT,
                     view_when_where(ui, when, view_row_venue(row, lang)));
    if (spoken[0])
        ui_speak_last(ui, before, view_when_where(ui, spoken, view_row_venue(row, lang)));
    f->header_bottom = f->y;
    f->y += f->section;

    /* The event filled up or closed while the visitor was typing. */
    if (app->result.outcome == SIGNUP_REJECTED && app->result.reason != AVAIL_OPEN) {
        const char *key =
            app->result.reason == AVAIL_FULL ? "confirm.rejected_full" : "confirm.rejected_closed";
        int h = ui_paragraph_height(ui, w - 2 * m, FONT_BODY, true, tr(lang, key), 0) + 2 * m;
        UiNode *banner = ui_add(ui, ROLE_PANEL, (UiRect){x, f->y, w, h});
        banner->bg = COL_BAD;
        banner->radius = (int16_t)ui_px(ui, 12);
        ui_paragraph(ui, x + m, f->y + m, w - 2 * m, FONT_BODY, true, COL_ON_STATUS, tr(lang, key),
                     0);
        f->y += h + f->section;
    } else if (rules_availability(row, app->now_ms / 1000, app->form.group_size) ==
               AVAIL_WAITLIST) {
        /* Full, or only too few seats for this group: say which, the stepper says how many. */
        const char *key =
            rules_seats_left(row) > 0 ? "form.waitlist_group_note" : "form.waitlist_note";
        f->y += ui_paragraph(ui, x, f->y, w, FONT_BODY, true, COL_WARN, tr(lang, key), 0);
        f->y += f->section;
    } else {
        bool later;
        const char *note = view_confirm_note(app, row, app->form.group_size, &later);
        if (note) {
            f->y += ui_paragraph(ui, x, f->y, w, FONT_BODY, later, later ? COL_WARN : COL_TEXT_DIM,
                                 note, 0);
            f->y += f->section;
        }
    }
}

/* Name, and e-mail and phone when the event asks for them. Joining a waiting list needs one of
 * the two (unless the event says otherwise): then neither is "optional", and the form says why
 * before the visitor reaches them. */
static void form_contact(FormLayout *f)
{
    Ui *ui = f->ui;
    const Event *ev = f->ev;
    Lang lang = f->lang;
    bool shown[3] = {true, ev->email_rule != FIELD_HIDDEN, ev->phone_rule != FIELD_HIDDEN};
    bool one_needed = ev->waitlist_contact && (shown[1] || shown[2]) &&
                      ev->email_rule != FIELD_REQUIRED && ev->phone_rule != FIELD_REQUIRED &&
                      rules_availability(f->row, f->app->now_ms / 1000, f->app->form.group_size) ==
                          AVAIL_WAITLIST;
    Field fields[3] = {FIELD_NAME, FIELD_EMAIL, FIELD_PHONE};
    const char *labels[3] = {tr(lang, "form.name"),
                             with_optional(ui, lang, tr(lang, "form.email"),
                                           ev->email_rule == FIELD_OPTIONAL && !one_needed),
                             with_optional(ui, lang, tr(lang, "form.phone"),
                                           ev->phone_rule == FIELD_OPTIONAL && !one_needed)};
    int slots[3] = {FORM_SLOT_NAME, FORM_SLOT_EMAIL, FORM_SLOT_PHONE};
    for (int i = 0; i < 3; i++) {
        if (!shown[i]) continue;
        if (i == 1 || (i == 2 && !shown[1])) {
            if (one_needed) {
                f->y += ui_paragraph(ui, f->x, f->y, f->w, FONT_BODY, false, COL_TEXT,
                                     tr(lang, "form.waitlist_contact"), 0);
                f->y += ui_px(ui, UI_SPACE_M);
            }
        }
        form_text_field(f, fields[i], labels[i], slot_error(ui, f->app, slots[i]));
        f->y += f->section;
    }
}

/* The group size: minus, the count, plus, and the most allowed. */
static void form_group(FormLayout *f)
{
    Ui *ui = f->ui;
    const App *app = f->app;
    const Event *ev = f->ev;
    Lang lang = f->lang;
    int x = f->x, w = f->w;
    if (ev->max_group_size <= 1) return;
    f->y +=
        ui_label(ui, x, f->y, w, FONT_BODY, true, COL_TEXT, UI_ALIGN_LEFT, tr(lang, "form.group"));
    f->y += ui_px(ui, UI_SPACE_XS);
    int y = f->y;
    int bh = ui_px(ui, VIEW_BUTTON_H);
    UiNode *minus =
        ui_button(ui, (UiRect){x, y, bh, bh}, "\xE2\x80\x93", /* – (the font has no minus sign) */
                  (Action){.kind = ACT_GROUP_STEP, .a = -1}, COL_SURFACE_ALT, COL_TEXT,
                  app->form.group_size <= 1 ? UI_DISABLED : 0);
    /* The glyphs as large as the count between them, not label-sized. */
    minus->font = FONT_HEADING;
    minus->speak = ui_fmt(ui, "%s, %s", tr(app->lang, "speech.fewer"), tr(app->lang, "form.group"));
    minus->px = (uint16_t)ui_font_px(ui, FONT_HEADING);
    ui_label(ui, x + bh, y + (bh - ui_line_px(ui, FONT_TITLE)) / 2, ui_px(ui, 90), FONT_TITLE, true,
             COL_TEXT, UI_ALIGN_CENTER, ui_fmt(ui, "%d", app->form.group_size));
    UiNode *plus = ui_button(ui, (UiRect){x + bh + ui_px(ui, 90), y, bh, bh}, "+",
                             (Action){.kind = ACT_GROUP_STEP, .a = 1}, COL_SURFACE_ALT, COL_TEXT,
                             app->form.group_size >= ev->max_group_size ? UI_DISABLED : 0);
    plus->font = FONT_HEADING;
    plus->speak = ui_fmt(ui, "%s, %s", tr(app->lang, "speech.more"), tr(app->lang, "form.group"));
    plus->px = (uint16_t)ui_font_px(ui, FONT_HEADING);
    ui_label(ui, x + 2 * bh + ui_px(ui, 110), y + (bh - ui_line_px(ui, FONT_SMALL)) / 2,
             w - 2 * bh - ui_px(ui, 110), FONT_SMALL, false, COL_TEXT_DIM, UI_ALIGN_LEFT,
             ui_fmt(ui, tr(lang, "form.group_max"), ev->max_group_size));
    f->y += bh;
    /* Fewer seats left than the stepper allows: what happens to a larger group, before "+". */
    int left = rules_seats_left(f->row);
    if (left > 0 && left < ev->max_group_size) {
        bool queue = rules_availability(f->row, app->now_ms / 1000, left + 1) == AVAIL_WAITLIST;
        const char *key = queue ? "form.group_seats_waitlist" : "form.group_seats_full";
        bool over = app->form.group_size > left;
        f->y += ui_px(ui, UI_SPACE_S);
        f->y += ui_paragraph(ui, x, f->y, w, FONT_BODY, over, over ? COL_WARN : COL_TEXT_DIM,
                             ui_fmt(ui, tr_plural(lang, key, left), left), 0);
    }
    form_error(f, slot_error(ui, app, FORM_SLOT_GROUP));
    f->y += f->section;
}

/* The event's own questions: a text field, or option buttons under the question. */
static void form_questions(FormLayout *f)
{
    Ui *ui = f->ui;
    const Event *ev = f->ev;
    Lang lang = f->lang;
    for (int q = 0; q < ev->n_questions; q++) {
        const Question *qu = &ev->questions[q];
        const char *label = with_optional(ui, lang, ltext_get(&qu->label, lang), !qu->required);
        const char *err = slot_error(ui, f->app, FORM_SLOT_QUESTION(q));
        if (qu->kind == QUESTION_TEXT) {
            form_text_field(f, (Field)(FIELD_Q0 + q), label, err);
        } else {
            f->y += ui_paragraph(ui, f->x, f->y, f->w, FONT_BODY, true, COL_TEXT, label, 0);
            f->y += ui_px(ui, 6);
            f->y += options(ui, f->app, q, f->x, f->y, f->w, err != NULL);
            form_error(f, err);
        }
        f->y += f->section;
    }
}

/* Consent: a large checkbox whose whole row is the target; then the privacy note. */
static void form_consent(FormLayout *f)
{
    Ui *ui = f->ui;
    const App *app = f->app;
    int x = f->x, y = f->y, w = f->w;
    int box = ui_px(ui, 48);
    const char *consent = tr(f->lang, "form.consent");
    /* Measured at the width it is drawn at, so the row holds every line. */
    int text_w = w - box - ui_px(ui, UI_SPACE_XL);
    int ch = ui_paragraph_height(ui, text_w, FONT_BODY, false, consent, 0);
    /* The box and the text are both centred in the row: a one-line consent sits level with its
     * box, a longer one has the box at its middle. */
    int pad = ui_px(ui, UI_SPACE_S);
    int row_h = (ch > box ? ch : box) + 2 * pad;
    UiNode *c = ui_add(ui, ROLE_CHECKBOX, (UiRect){x, y, w, row_h});
    c->text = consent;
    c->action = (Action){.kind = ACT_TOGGLE_CONSENT};
    c->flags = (app->form.consent ? UI_CHECKED : 0) | UI_LABEL_APART;
    c->radius = (int16_t)ui_px(ui, 10);
    c->bg = COL_SURFACE;
    c->border = slot_error(ui, app, FORM_SLOT_CONSENT) ? COL_BAD : COL_BORDER;
    UiNode *tick = ui_add(ui, ROLE_PANEL, (UiRect){x + pad, y + (row_h - box) / 2, box, box});
    tick->bg = app->form.consent ? COL_PRIMARY : COL_SURFACE;
    tick->border = COL_TEXT_DIM;
    tick->radius = (int16_t)ui_px(ui, 8);
    if (app->form.consent) {
        UiNode *mark = ui_add(ui, ROLE_ICON, tick->r);
        mark->extra = ICON_CHECK;
        mark->fg = COL_ON_PRIMARY;
    }
    ui_paragraph(ui, x + box + ui_px(ui, UI_SPACE_XL), y + (row_h - ch) / 2, text_w, FONT_BODY,
                 false, COL_TEXT, consent, 0);
    f->y += row_h;
    form_error(f, slot_error(ui, app, FORM_SLOT_CONSENT));
    f->y += ui_px(ui, 10);
    f->y += ui_paragraph(ui, x, f->y, w, FONT_SMALL, false, COL_TEXT_DIM,
                         tr(f->lang, "form.privacy"), 0);
    f->y += f->section;
}

/* What stopped the last submit, and the submit button. */
static void form_submit(FormLayout *f)
{
    Ui *ui = f->ui;
    const App *app = f->app;
    Lang lang = f->lang;
    int x = f->x, w = f->w;
    if (app->store_failed) {
        f->y += ui_paragraph(ui, x, f->y, w, FONT_BODY, true, COL_BAD,
                             tr(lang, "form.store_failed"), 0);
        f->y += ui_px(ui, 10);
    }
    if (app->show_errors && !app->busy) {
        int problems = 0;
        for (int i = 0; i < FORM_SLOTS; i++)
            problems += app->errors[i] != FORM_OK;
        if (problems) {
            f->y += ui_paragraph(ui, x, f->y, w, FONT_BODY, true, COL_BAD,
                                 tr(lang, "form.err.check_fields"), 0);
            f->y += ui_px(ui, 10);
        }
    }
    int bh = ui_px(ui, 72);
    Availability av = rules_availability(f->row, app->now_ms / 1000, app->form.group_size);
    const char *submit = tr(lang, av == AVAIL_WAITLIST ? "detail.join_waitlist" : "form.submit");
    ui_button(ui, (UiRect){x, f->y, w, bh}, submit, (Action){.kind = ACT_SUBMIT}, COL_PRIMARY,
              COL_ON_PRIMARY, app->busy ? UI_DISABLED : 0);
    f->y += bh + ui_px(ui, UI_SPACE_L);
    /* "Start over": empties the form (asking first when something is typed). */
    const char *again = tr(lang, "form.start_over");
    int aw = view_button_width(ui, again, 200);
    if (aw > w) aw = w;
    UiNode *b = ui_button(ui, (UiRect){x + (w - aw) / 2, f->y, aw, ui_px(ui, VIEW_BUTTON_H)}, again,
                          (Action){.kind = ACT_START_OVER}, COL_SURFACE, COL_TEXT,
                          app->busy ? UI_DISABLED : 0);
    b->border = COL_BORDER;
    f->y += ui_px(ui, VIEW_BUTTON_H) + ui_px(ui, UI_SPACE_XXL);
}

/* Keeps a newly focused field in view between TOP and BOTTOM (the keyboard's top). */
static void form_follow_focus(const FormLayout *f, int top, int bottom)
{
    Ui *ui = f->ui;
    const App *app = f->app;
    if ((int)app->focus == ui->seen_focus) return;
    ui->seen_focus = (int)app->focus;
    int margin = ui_px(ui, UI_SPACE_L);
    /* The keyboard went away: a heading left (half) under the top bar when the first field was
     * scrolled above the keyboard comes back whole (issue 9), since there is room for it now. */
    float pos = app->scroll[SCROLL_FORM].pos;
    int header_end = f->header_bottom + (int)pos - top + f->section; /* in the form's own y */
    /* Not in speech mode: there the swipes bring what is spoken into view, and the screen moving
     * under the finger helps nobody who does not see it. */
    if (app->focus == FIELD_NONE && !app->speech_mode && pos > 0 && (int)pos <= header_end) {
        ui_request(ui, (Action){.kind = ACT_SCROLL_BY, .a = SCROLL_FORM, .f = -pos});
        return;
    }
    if (f->focus_found && f->focus_bottom > bottom - margin)
        ui_request(ui, (Action){.kind = ACT_SCROLL_BY,
                                .a = SCROLL_FORM,
                                .f = (float)(f->focus_bottom - (bottom - margin))});
    else if (f->focus_found && f->focus_top < top + margin)
        ui_request(ui, (Action){.kind = ACT_SCROLL_BY,
                                .a = SCROLL_FORM,
                                .f = (float)(f->focus_top - top - margin)});
}

void view_form(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    UiNode *bg = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, ui->w, ui->h});
    bg->bg = COL_BG;
    int top = view_top_bar(ui, app, true, tr(lang, "form.title"));
    if (!app->detail_loaded || app->detail_row < 0) return;
    FormLayout f = {
        .ui = ui, .app = app, .ev = &app->detail, .row = &app->rows[app->detail_row], .lang = lang};
    f.m = ui_px(ui, UI_MARGIN);
    int osk_h = view_osk_height(ui, app);
    int bottom = ui->h - osk_h;
    f.w = ui->w - 2 * f.m;
    if (f.w > ui_px(ui, 900)) f.w = ui_px(ui, 900);
    f.x = (ui->w - f.w) / 2;
    f.section = ui_px(ui, 22);

    UiRect view = {0, top, ui->w, bottom - top};
    ui_push_clip(ui, view);
    int scroll = (int)app->scroll[SCROLL_FORM].pos;
    int y0 = top + ui_px(ui, 20);
    f.y = y0 - scroll;
    form_header(&f);
    form_contact(&f);
    form_group(&f);
    form_questions(&f);
    form_consent(&f);
    form_submit(&f);
    ui_pop_clip(ui);
    view_scroll_area(ui, app, SCROLL_FORM, view, f.y + scroll - top);
    form_follow_focus(&f, top, bottom);
    view_osk(ui, app);
}
