/*
 * view_staff_export.c: staff mode's export screen: where to (each USB stick by its name, or the
 * folder of AUKIO_EXPORT_DIR), the exports as buttons (each kind as CSV or for Finnish Excel,
 * and the bundle for the coordinator), and one plain sentence on what was written where or why
 * not. app_staff_export.c keeps its state; staff_export.c writes.
 */
#include <stdbool.h>

#include "views.h"

#define EX_BUTTON_H 80

static const char *const LABELS[STAFF_EX_COUNT] = {
    "staff.export.signups.csv",      "staff.export.signups.excel", "staff.export.attendance.csv",
    "staff.export.attendance.excel", "staff.export.feedback.csv",  "staff.export.feedback.excel",
    "staff.export.bundle",
};

/* The sentence after an export, and its colour. */
static const char *outcome(Ui *ui, const App *app, uint8_t *color)
{
    static const char *const DONE[] = {"staff.export.done.signups", "staff.export.done.attendance",
                                       "staff.export.done.feedback", "staff.export.done.bundle"};
    const StaffExport *ex = &app->staff.ex;
    Lang lang = app->lang;
    *color = COL_TEXT_DIM;
    if (ex->busy) return tr(lang, "staff.export.busy");
    if (ex->importing) return tr(lang, "staff.export.importing");
    switch (ex->import_result) {
    case STAFF_IMPORT_OK: {
        *color = COL_OK;
        const char *n =
            ui_fmt(ui, tr_plural(lang, "staff.export.imported", ex->imported), ex->imported);
        return ui_fmt(ui, "%s: %s", n, ex->import_file);
    }
    case STAFF_IMPORT_REFUSED:
        *color = COL_BAD;
        return ui_fmt(ui, tr(lang, "staff.export.import_refused"), ex->import_file);
    case STAFF_IMPORT_NONE_FOUND:
        *color = COL_WARN;
        return ui_fmt(ui, tr(lang, "staff.export.import_none"), ex->import_file);
    case STAFF_IMPORT_NOT_ENROLLED:
        *color = COL_WARN;
        return tr(lang, "staff.export.import_not_enrolled");
    default:
        break;
    }
    switch (ex->result) {
    case STAFF_EX_OK: {
        *color = COL_OK;
        int kind = ex->what == STAFF_EX_BUNDLE ? 3 : (int)ex->what / 2;
        const char *n = ui_fmt(ui, tr_plural(lang, DONE[kind], ex->rows), ex->rows);
        return ui_fmt(ui, "%s: %s", n, ex->file);
    }
    case STAFF_EX_NOT_ENROLLED:
        *color = COL_WARN;
        return tr(lang, "staff.export.not_enrolled");
    case STAFF_EX_FAILED:
        *color = COL_BAD;
        return ui_fmt(ui, tr(lang, "staff.export.failed"), ex->file);
    default:
        return NULL;
    }
}

/* The places as a row of buttons (wrapping), the chosen one filled (only measured unless
 * DRAW); returns the height. */
static int targets(Ui *ui, const App *app, int x, int y, int w, bool draw)
{
    const StaffExport *ex = &app->staff.ex;
    int gap = ui_px(ui, UI_GAP), bh = ui_px(ui, VIEW_BUTTON_H), y0 = y, cx = x;
    for (int i = 0; i < ex->targets.n; i++) {
        const char *name = ex->targets.t[i].name;
        int bw = view_button_width(ui, name, 160);
        if (bw > w) bw = w;
        if (cx > x && cx + bw > x + w) cx = x, y += bh + gap;
        bool on = i == ex->target;
        if (!draw) {
            cx += bw + gap;
            continue;
        }
        UiNode *b = ui_button(ui, (UiRect){cx, y, bw, bh}, name,
                              (Action){.kind = ACT_STAFF_EXPORT_TARGET, .a = i},
                              on ? COL_PRIMARY : COL_SURFACE, on ? COL_ON_PRIMARY : COL_TEXT, 0);
        if (!on) b->border = COL_BORDER;
        cx += bw + gap;
    }
    return y + bh - y0;
}

/* The export buttons: two a row (CSV, Excel), the bundle under them (only measured unless
 * DRAW); returns the height. */
static int buttons(Ui *ui, const App *app, int x, int y, int w, bool draw)
{
    Lang lang = app->lang;
    int gap = ui_px(ui, UI_GAP), bh = ui_px(ui, EX_BUTTON_H), y0 = y;
    int cols = w >= ui_px(ui, 700) ? 2 : 1, bw = (w - (cols - 1) * gap) / cols;
    /* For the coordinator, both ways: side by side in the two columns on a wide screen, each
     * with its note under it. */
    const char *lab[2] = {tr(lang, LABELS[STAFF_EX_BUNDLE]), tr(lang, "staff.export.import")};
    const char *notes[2] = {tr(lang, "staff.export.bundle_note"),
                            tr(lang, "staff.export.import_note")};
    int pair = 0; /* the height of the pair of button and note, the taller in a row */
    for (int i = 0; i < 2; i++) {
        int h = bh + ui_px(ui, UI_SPACE_S) +
                ui_paragraph_height(ui, bw, FONT_SMALL, false, notes[i], 0);
        if (cols == 1)
            pair += h + (i ? 0 : ui_px(ui, UI_SPACE_L));
        else if (h > pair)
            pair = h;
    }
    int rows = (STAFF_EX_BUNDLE + cols - 1) / cols;
    if (!draw) return rows * (bh + gap) + ui_px(ui, UI_SPACE_L) + pair;
    for (int i = 0; i < STAFF_EX_BUNDLE; i++) {
        int cx = x + (i % cols) * (bw + gap), cy = y + (i / cols) * (bh + gap);
        UiNode *b =
            ui_button(ui, (UiRect){cx, cy, bw, bh}, tr(lang, LABELS[i]),
                      (Action){.kind = ACT_STAFF_EXPORT, .a = i}, COL_SURFACE, COL_PRIMARY, 0);
        b->border = COL_BORDER;
    }
    y += rows * (bh + gap) + ui_px(ui, UI_SPACE_L);
    int cy = y;
    for (int i = 0; i < 2; i++) {
        int cx = cols == 2 ? x + i * (bw + gap) : x;
        Action act = i == 0 ? (Action){.kind = ACT_STAFF_EXPORT, .a = STAFF_EX_BUNDLE}
                            : (Action){.kind = ACT_STAFF_IMPORT};
        /* Export is the primary of the two; import, the way back, is drawn quieter. */
        UiNode *btn =
            ui_button(ui, (UiRect){cx, cy, bw, bh}, lab[i], act, i == 0 ? COL_PRIMARY : COL_SURFACE,
                      i == 0 ? COL_ON_PRIMARY : COL_PRIMARY, 0);
        if (i == 1) btn->border = COL_PRIMARY;
        int ny = cy + bh + ui_px(ui, UI_SPACE_S);
        ny += ui_paragraph(ui, cx, ny, bw, FONT_SMALL, false, COL_TEXT_DIM, notes[i], 0);
        if (cols == 1) cy = ny + ui_px(ui, UI_SPACE_L);
    }
    y += pair;
    return y - y0;
}

void view_staff_export(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    const StaffExport *ex = &app->staff.ex;
    int x, w;
    int top = view_staff_frame(ui, app, true, 1100, &x, &w);
    int y = top + ui_px(ui, UI_SPACE_XL);
    y += view_staff_heading(ui, x, y, w, tr(lang, "staff.export.title")) + ui_px(ui, UI_SPACE_L);
    if (!ex->loaded) return;
    if (ex->targets.n == 0) {
        /* No stick: nothing can be written, and the screen says only that. */
        ui_paragraph(ui, x, y, w, FONT_TITLE, false, COL_TEXT, tr(lang, "staff.export.no_drive"),
                     0);
        return;
    }
    /* What happened last stays on top, under the heading: it is what staff look for after a
     * press, wherever they scrolled to. The places and the buttons scroll under it. */
    uint8_t color;
    const char *said = outcome(ui, app, &color);
    if (said) {
        y += ui_paragraph(ui, x, y, w, FONT_BODY, true, color, said, 0);
        y += ui_px(ui, UI_SPACE_S);
    }
    int pad = ui_px(ui, UI_SPACE_L);
    UiRect view = {0, y, ui->w, ui->h - y};
    int label_h = ui_line_px(ui, FONT_SMALL) + ui_px(ui, UI_SPACE_XS);
    int content = 2 * pad + label_h + targets(ui, app, x, 0, w, false) + ui_px(ui, UI_SPACE_XL) +
                  buttons(ui, app, x, 0, w, false);
    view_scroll_area(ui, app, SCROLL_STAFF, view, content);
    ui_push_clip(ui, view);
    int cy = y + pad - (int)app->scroll[SCROLL_STAFF].pos;
    ui_label(ui, x, cy, w, FONT_SMALL, true, COL_TEXT_DIM, UI_ALIGN_LEFT,
             tr(lang, "staff.export.target"));
    cy += label_h;
    cy += targets(ui, app, x, cy, w, true) + ui_px(ui, UI_SPACE_XL);
    buttons(ui, app, x, cy, w, true);
    ui_pop_clip(ui);
}
