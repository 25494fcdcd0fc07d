/*
 * view_confirm.c: the screens that close a visitor's errand: the sign-up confirmation (shown only
 * after the sign-up is on disk) and the thank-you after feedback.
 */
#include <string.h>

#include "datefmt.h"
#include "speech_text.h"
#include "views.h"

/* "Done", centred on CX. */
static int done_button(Ui *ui, const App *app, int cx, int y)
{
    const char *label = tr(app->lang, "confirm.done");
    int bw = view_button_width(ui, label, 320);
    int bh = ui_px(ui, 72);
    ui_button(ui, (UiRect){cx - bw / 2, y, bw, bh}, label, (Action){.kind = ACT_GO_HOME},
              COL_PRIMARY, COL_ON_PRIMARY, 0);
    return bh;
}

/* What the confirmation screen says: its badge, title and the note under the code. */
typedef struct {
    UiIcon icon;
    uint8_t color;
    const char *title;
    const char *note;
    bool code; /* the confirmation code and the Done button */
} ConfirmLook;

static ConfirmLook confirm_look(const App *app)
{
    Lang lang = app->lang;
    ConfirmLook k = {ICON_CHECK, COL_OK, tr(lang, "confirm.title_confirmed"),
                     tr(lang, "confirm.note"), true};
    if (app->confirming) {
        k = (ConfirmLook){ICON_CLOCK, COL_PRIMARY, tr(lang, "confirm.confirming"),
                          tr(lang, "confirm.confirming_note"), false};
    } else if (app->result.outcome == SIGNUP_WAITLISTED) {
        k.icon = ICON_QUEUE;
        k.color = COL_WARN;
        k.title = tr(lang, "confirm.title_waitlisted");
        /* Nothing to show at the event yet: how a seat that frees up reaches them. */
        k.note = tr(lang, app->visitor.gave_email ? "confirm.waitlist_note_email"
                                                  : "confirm.waitlist_note");
    } else if (app->result.outcome == SIGNUP_PROVISIONAL) {
        k = (ConfirmLook){ICON_CLOCK, COL_WARN, tr(lang, "confirm.title_provisional"),
                          tr(lang, "confirm.provisional_note"), true};
    } else if (app->result.outcome == SIGNUP_REJECTED) {
        /* The hub said no after the kiosk had stored it (the event filled up or closed). */
        k = (ConfirmLook){ICON_CROSS, COL_BAD, tr(lang, "confirm.title_rejected"),
                          tr(lang, app->result.reason == AVAIL_FULL ? "confirm.rejected_full"
                                                                    : "confirm.rejected_closed"),
                          false};
    }
    return k;
}

/* The code panel's size, and the QR code's block beside it (or under it where the two do not
 * fit side by side, and on a portrait screen, which has room for a larger code under it). */
typedef struct {
    int pw, ph;     /* the code panel */
    const char *qr; /* NULL: no QR code */
    int side, qw, qh;
    bool beside;
    int h;            /* of the whole */
    float code_scale; /* the code's text scale: the screen's, or 1 where large text has no room */
} CodeRow;

/* The code's height and width in FONT_HUGE at K's scale. */
static int code_line(Ui *ui, const CodeRow *k, const char *text)
{
    float scale = ui->text_scale;
    ui->text_scale = k->code_scale;
    int v = text ? ui_text_width(ui, FONT_HUGE, true, text) : ui_line_px(ui, FONT_HUGE);
    ui->text_scale = scale;
    return v;
}

/* SMALL_CODE: the code at its normal-text size (72 dp, still the largest thing on the screen),
 * for a portrait screen under large text, which has no room for more. */
static CodeRow code_row(Ui *ui, const App *app, int w, bool small_code)
{
    CodeRow k = {0};
    k.code_scale = small_code ? 1.0f : ui->text_scale;
    k.ph = ui_line_px(ui, FONT_BODY) + code_line(ui, &k, NULL) + ui_px(ui, 40);
    k.pw = ui_px(ui, 560) < w ? ui_px(ui, 560) : w;
    k.h = k.ph;
    k.qr = view_qr_text(app);
    if (!k.qr) return k;
    k.side = view_qr_side(ui);
    k.qw = view_qr_width(ui, app, k.side, k.qr);
    k.qh = view_qr_height(ui, k.side);
    int gap = ui_px(ui, UI_SPACE_XL);
    /* The panel may narrow to what it holds to make room beside it. */
    int need = code_line(ui, &k, "WWW WWW");
    int label = ui_text_width(ui, FONT_BODY, true, tr(app->lang, "confirm.code"));
    need = (need > label ? need : label) + 2 * ui_px(ui, UI_SPACE_L);
    /* On a portrait screen there is room under the panel for a larger code (not beside large
     * text, which takes that room). */
    bool portrait = ui->h > ui->w;
    if (portrait && ui->text_scale == 1.0f) {
        k.side = ui_px(ui, 280);
        k.qw = view_qr_width(ui, app, k.side, k.qr);
        k.qh = view_qr_height(ui, k.side);
    }
    /* Beside it where they fit, but in portrait only under large text, which needs the room. */
    k.beside = (!portrait || ui->text_scale > 1.0f) && w - gap - k.qw >= need;
    if (k.beside) {
        if (k.pw > w - gap - k.qw) k.pw = w - gap - k.qw;
        k.h = k.qh > k.ph ? k.qh : k.ph;
    } else {
        k.h = k.ph + gap + k.qh;
    }
    return k;
}

/* The code in a panel, grouped in threes for reading aloud ("ABC DEF"; stored and compared
 * without the space), and the QR code, centred on CX; returns the height. */
static int code_panel(Ui *ui, const App *app, int cx, int y, const CodeRow *k)
{
    int gap = ui_px(ui, UI_SPACE_XL);
    int total = k->qr && k->beside ? k->pw + gap + k->qw : k->pw;
    int px = cx - total / 2;
    int py0 = k->qr && k->beside ? y + (k->h - k->ph) / 2 : y;
    UiNode *p = ui_add(ui, ROLE_PANEL, (UiRect){px, py0, k->pw, k->ph});
    p->bg = COL_SURFACE;
    p->border = COL_BORDER;
    p->radius = (int16_t)ui_px(ui, 16);
    int py = py0 + ui_px(ui, UI_SPACE_L);
    py += ui_label(ui, p->r.x, py, k->pw, FONT_BODY, true, COL_TEXT_DIM, UI_ALIGN_CENTER,
                   tr(app->lang, "confirm.code"));
    const char *code = app->result.code;
    const char *shown = strlen(code) == 6 ? ui_fmt(ui, "%.3s %.3s", code, code + 3) : code;
    float scale = ui->text_scale;
    ui->text_scale = k->code_scale;
    int before = ui->n;
    ui_label(ui, p->r.x, py, k->pw, FONT_HUGE, true, COL_TEXT, UI_ALIGN_CENTER, shown);
    ui->text_scale = scale;
    char spelt[64];
    speech_spell(code, spelt, sizeof spelt);
    ui_speak_last(ui, before, ui_fmt(ui, "%s", spelt));
    if (!k->qr) return k->h;
    if (k->beside)
        view_qr(ui, app, px + k->pw + gap, y + (k->h - k->qh) / 2, k->side, k->qr);
    else
        view_qr(ui, app, cx - k->qw / 2, y + k->ph + gap, k->side, k->qr);
    return k->h;
}

/* "Åsa · 2 people": whom the sign-up is for, or "" when the name is not known. */
static const char *visitor_line(Ui *ui, const App *app)
{
    const ConfirmVisitor *v = &app->visitor;
    if (!v->first_name[0]) return "";
    return ui_fmt(
        ui, "%s \xC2\xB7 %s", v->first_name,
        ui_fmt(ui, tr_plural(app->lang, "confirm.persons", v->group_size), v->group_size));
}

/* TEXT wrapped in (X, W) from Y, each line aligned ALIGN (left or centred). */
static int paragraph(Ui *ui, int x, int y, int w, UiFont font, bool bold, uint8_t fg, int align,
                     const char *text)
{
    if (align == UI_ALIGN_CENTER) return ui_paragraph_centred(ui, x, y, w, font, bold, fg, text);
    return ui_paragraph(ui, x, y, w, font, bold, fg, text, 0);
}

/* What the confirmation says above the code, in the column (X, W) from Y: the title, the place
 * in the queue, whom it is for, the event and its time and place, aligned ALIGN. Returns the
 * height. */
static int confirm_text(Ui *ui, const App *app, const ConfirmLook *look, int x, int y, int w,
                        int align)
{
    Lang lang = app->lang;
    int y0 = y;
    bool queued = !app->confirming && app->result.outcome == SIGNUP_WAITLISTED;
    const char *who = visitor_line(ui, app);
    y += paragraph(ui, x, y, w, FONT_HEADING, true, COL_TEXT, align, look->title);
    if (queued)
        y += ui_label(ui, x, y, w, FONT_TITLE, true, COL_WARN, align,
                      ui_fmt(ui, tr(lang, "confirm.position"), app->result.position));
    if (who[0]) {
        y += ui_px(ui, UI_SPACE_XS);
        y += ui_label(ui, x, y, w, FONT_BODY, true, COL_TEXT, align, who);
    }
    y += ui_px(ui, UI_SPACE_M);
    if (app->detail_row >= 0) {
        const EventRow *row = &app->rows[app->detail_row];
        y += paragraph(ui, x, y, w, FONT_TITLE, true, COL_TEXT, align, view_row_title(row, lang));
        char when[96], spoken[160];
        view_row_when(when, sizeof(when), row, lang);
        datefmt_spoken(spoken, sizeof spoken, lang, row->start_time, row->end_time);
        int before = ui->n;
        y += ui_label(ui, x, y, w, FONT_BODY, false, COL_TEXT_DIM, align,
                      view_when_where(ui, when, view_row_venue(row, lang)));
        ui_speak_last(ui, before, view_when_where(ui, spoken, view_row_venue(row, lang)));
    }
    return y - y0;
}

/* The note under the code, wrapped in the column. */
static int confirm_note(Ui *ui, const char *note, int x, int y, int w, int align)
{
    return paragraph(ui, x, y, w, FONT_BODY, false, COL_TEXT_DIM, align, note);
}

/* Large text on a landscape screen has no room for everything in one column: what the sign-up
 * is on the left; the badge, the code, the QR code and Done on the right; each column centred
 * in the height. */
static void confirm_columns(Ui *ui, const App *app, const ConfirmLook *look, int top)
{
    int m = ui_px(ui, UI_MARGIN), gap = ui_px(ui, UI_SPACE_XXL);
    int lw = (ui->w - 2 * m - gap) * 11 / 20, rx = m + lw + gap, rw = ui->w - m - rx;
    int avail = ui->h - top;
    /* The left column's height, to centre it: its parts are few, so they are summed. */
    bool queued = !app->confirming && app->result.outcome == SIGNUP_WAITLISTED;
    int text_h = ui_paragraph_height(ui, lw, FONT_HEADING, true, look->title, 0) +
                 ui_line_px(ui, FONT_TITLE) * (1 + queued) + ui_line_px(ui, FONT_BODY) * 2 +
                 ui_px(ui, UI_SPACE_XS + UI_SPACE_M + UI_SPACE_L) +
                 ui_paragraph_height(ui, lw, FONT_BODY, false, look->note, 0);
    int y = top + (avail - text_h) / 2;
    if (y < top + ui_px(ui, UI_SPACE_L)) y = top + ui_px(ui, UI_SPACE_L);
    y += confirm_text(ui, app, look, m, y, lw, UI_ALIGN_LEFT);
    y += ui_px(ui, UI_SPACE_L);
    confirm_note(ui, look->note, m, y, lw, UI_ALIGN_LEFT);

    CodeRow k = code_row(ui, app, rw, false);
    int d = ui_px(ui, 80), bh = ui_px(ui, 72), sp = ui_px(ui, UI_SPACE_XL);
    int right_h = d + sp + (look->code ? k.h + sp : 0) + (app->confirming ? 0 : bh);
    int ry = top + (avail - right_h) / 2;
    if (ry < top + ui_px(ui, UI_SPACE_L)) ry = top + ui_px(ui, UI_SPACE_L);
    ry += view_badge(ui, rx + rw / 2, ry, d, look->icon, look->color) + sp;
    if (look->code) ry += code_panel(ui, app, rx + rw / 2, ry, &k) + sp;
    if (!app->confirming) done_button(ui, app, rx + rw / 2, ry);
}

void view_confirm(Ui *ui, const App *app)
{
    UiNode *bg = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, ui->w, ui->h});
    bg->bg = COL_BG;
    int top = view_top_bar(ui, app, false, NULL);
    int m = ui_px(ui, UI_MARGIN);
    int w = ui->w - 2 * m;
    if (w > ui_px(ui, 1000)) w = ui_px(ui, 1000);
    int x = (ui->w - w) / 2;
    ConfirmLook look = confirm_look(app);
    const char *who = visitor_line(ui, app);
    int nw = ui_text_width(ui, FONT_BODY, false, look.note);
    int note_h = nw <= w ? ui_line_px(ui, FONT_BODY)
                         : ui_paragraph_height(ui, w, FONT_BODY, false, look.note, 0);
    bool queued = !app->confirming && app->result.outcome == SIGNUP_WAITLISTED;
    const char *title =
        app->detail_row >= 0 ? view_row_title(&app->rows[app->detail_row], app->lang) : "";
    int fixed = ui_px(ui, 40 + 140 + UI_SPACE_XL + UI_SPACE_M + 28 + 28 + 72) +
                ui_paragraph_height(ui, w, FONT_HEADING, true, look.title, 0) +
                queued * ui_line_px(ui, FONT_TITLE) +
                ui_paragraph_height(ui, w, FONT_TITLE, true, title, 0) + ui_line_px(ui, FONT_BODY) +
                (who[0] ? ui_px(ui, UI_SPACE_XS) + ui_line_px(ui, FONT_BODY) : 0) + note_h;
    CodeRow k = code_row(ui, app, w, false);
    bool compact = top + fixed + (look.code ? k.h + ui_px(ui, 20) : 0) > ui->h - ui_px(ui, 16);
    if (compact && ui->h > ui->w && ui->text_scale > 1.0f) k = code_row(ui, app, w, true);
    /* Large text in landscape: two columns, or Done would fall off the screen. */
    if (compact && ui->w > ui->h && ui->text_scale > 1.0f) {
        confirm_columns(ui, app, &look, top);
        return;
    }
    /* Compact: a smaller badge and tighter gaps around the code, which keep the QR code at a
     * size a phone reads (shrinking it would lose a pixel per module on 1280x800). */
    int gap = ui_px(ui, compact ? UI_SPACE_M : 28);
    int y = top + ui_px(ui, compact ? UI_SPACE_S : 40);
    y += view_badge(ui, ui->w / 2, y, ui_px(ui, compact ? 80 : 140), look.icon, look.color);
    y += ui_px(ui, UI_SPACE_XL);
    y += confirm_text(ui, app, &look, x, y, w, UI_ALIGN_CENTER);
    y += gap;
    if (look.code)
        y += code_panel(ui, app, ui->w / 2, y, &k) + ui_px(ui, compact ? UI_SPACE_M : 20);
    /* A short note is centred like everything above it; a long one wraps in the column. */
    y += confirm_note(ui, look.note, x, y, w, UI_ALIGN_CENTER);
    y += compact ? ui_px(ui, UI_SPACE_L) : gap;
    if (!app->confirming) done_button(ui, app, ui->w / 2, y);
}

void view_thanks(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    UiNode *bg = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, ui->w, ui->h});
    bg->bg = COL_BG;
    int top = view_top_bar(ui, app, false, NULL);
    int m = ui_px(ui, UI_MARGIN);
    int y = top + (ui->h - top) / 2 - ui_px(ui, 220);
    y += view_badge(ui, ui->w / 2, y, ui_px(ui, 140), ICON_HEART, COL_OK);
    y += ui_px(ui, UI_SPACE_XXL);
    y += ui_label(ui, m, y, ui->w - 2 * m, FONT_HEADING, true, COL_TEXT, UI_ALIGN_CENTER,
                  tr(lang, "feedback.thanks"));
    y += ui_px(ui, 40);
    done_button(ui, app, ui->w / 2, y);
}
