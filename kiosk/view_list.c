/*
 * view_list.c: upcoming events as a grid of cards, with time, category and venue filters.
 * Only the cards in view are laid out, so 10,000 events cost what a screenful costs.
 */
#include <stdio.h>
#include <string.h>

#include "datefmt.h"
#include "views.h"

#define CARD_MIN_W 400

static int card_height(Ui *ui)
{
    return ui_px(ui, 20) * 2 + ui_line_px(ui, FONT_SMALL) + ui_px(ui, 6) +
           2 * ui_line_px(ui, FONT_TITLE) + ui_px(ui, 6) + ui_line_px(ui, FONT_SMALL) +
           ui_px(ui, 14) + ui_line_px(ui, FONT_SMALL) + ui_px(ui, 10);
}

static void card(Ui *ui, const App *app, int row_index, UiRect r)
{
    const EventRow *row = &app->rows[row_index];
    Lang lang = app->lang;
    UiNode *c = ui_add(ui, ROLE_CARD, r);
    c->bg = COL_SURFACE;
    c->border = COL_BORDER;
    c->radius = (int16_t)ui_px(ui, 14);
    c->action = (Action){.kind = ACT_OPEN_EVENT, .a = row_index, .b = (int)app->rows_gen};
    c->text = view_row_title(row, lang);
    int ci = ui->n - 1;
    bool gone = row->status == EVENT_CANCELLED || row->status == EVENT_POSTPONED;

    int pad = ui_px(ui, 20);
    int x = r.x + pad, w = r.w - 2 * pad, y = r.y + pad;
    char when[96];
    if (row->start_time)
        view_row_when(when, sizeof(when), row, lang);
    else
        snprintf(when, sizeof(when), "%s", tr(lang, "status.postponed"));
    y += ui_label(ui, x, y, w, FONT_SMALL, true, gone ? COL_TEXT_DIM : COL_PRIMARY, UI_ALIGN_LEFT,
                  ui_fmt(ui, "%s", when));
    y += ui_px(ui, 6);
    int title_h = 2 * ui_line_px(ui, FONT_TITLE);
    ui_paragraph(ui, x, y, w, FONT_TITLE, true, gone ? COL_TEXT_DIM : COL_TEXT,
                 view_row_title(row, lang), 2);
    y += title_h + ui_px(ui, 6);
    y += ui_label(ui, x, y, w, FONT_SMALL, false, COL_TEXT_DIM, UI_ALIGN_LEFT,
                  view_row_venue(row, lang));
    y += ui_px(ui, 14);
    const char *status;
    int pw = view_status_pills(ui, app, row, x, y, w, &status);
    const char *cat = view_category_name(ui, lang, row->category);
    int cw = w - pw - ui_px(ui, UI_SPACE_M);
    if (cw > ui_px(ui, 60))
        ui_label(ui, x + pw + ui_px(ui, UI_SPACE_M), y + ui_px(ui, 5), cw, FONT_SMALL, false,
                 COL_TEXT_DIM, UI_ALIGN_RIGHT, cat);
    /* Speech says the card as one: title, the time in words, place and status. */
    char spoken[160] = "";
    if (row->start_time)
        datefmt_spoken(spoken, sizeof spoken, lang, row->start_time, row->end_time);
    ui->nodes[ci].speak = ui_fmt(ui, "%s. %s. %s. %s", view_row_title(row, lang),
                                 spoken[0] ? spoken : when, view_row_venue(row, lang), status);
}

void view_picker(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    UiNode *scrim = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, ui->w, ui->h});
    scrim->bg = COL_TEXT;
    scrim->extra = 1; /* drawn translucent */
    scrim->action = (Action){.kind = ACT_CLOSE_PICKER};

    const char *ids[APP_MAX_CHOICES];
    int rows[APP_MAX_CHOICES];
    int n = app_picker_choices(app, ids, rows, APP_MAX_CHOICES);
    int m = ui_px(ui, UI_MARGIN);
    int pw = ui_px(ui, 640);
    if (pw > ui->w - 2 * m) pw = ui->w - 2 * m;
    int bh = ui_px(ui, VIEW_BUTTON_H), gap = ui_px(ui, 10);
    int head = ui_line_px(ui, FONT_HEADING) + 2 * m;
    int content = (n + 1) * (bh + gap);
    int ph = head + content + bh + 2 * m;
    if (ph > ui->h - 2 * m) ph = ui->h - 2 * m;
    int px = (ui->w - pw) / 2, py = (ui->h - ph) / 2;
    UiNode *panel = ui_add(ui, ROLE_PANEL, (UiRect){px, py, pw, ph});
    panel->bg = COL_SURFACE;
    panel->radius = (int16_t)ui_px(ui, 18);
    panel->flags = UI_BLOCKS; /* a touch on the panel's background does not close it */
    bool cat = app->picker == PICKER_CATEGORY;
    ui_label(ui, px + m, py + m, pw - 2 * m, FONT_HEADING, true, COL_TEXT, UI_ALIGN_LEFT,
             tr(lang, cat ? "list.filter.category" : "list.filter.venue"));
    UiRect view = {px + m, py + head, pw - 2 * m, ph - head - bh - 2 * m};
    view_scroll_area(ui, app, SCROLL_PICKER, view, content);
    /* When the choices do not all fit, a scroll thumb says so (issue 9: the last one was cut
     * with no sign that the list goes on). */
    view.w -= view_scroll_thumb(ui, app, SCROLL_PICKER, view, content);
    ui_push_clip(ui, view);
    int y = view.y - (int)app->scroll[SCROLL_PICKER].pos;
    const char *current = cat ? app->category : app->venue_id;
    ui_button(ui, (UiRect){view.x, y, view.w, bh},
              tr(lang, cat ? "list.filter.any_category" : "list.filter.any_venue"),
              (Action){.kind = ACT_PICK, .a = -1}, current[0] ? COL_SURFACE_ALT : COL_PRIMARY,
              current[0] ? COL_TEXT : COL_ON_PRIMARY, current[0] ? 0 : UI_SELECTED);
    y += bh + gap;
    for (int i = 0; i < n; i++) {
        const char *label =
            cat ? view_category_name(ui, lang, ids[i]) : view_row_venue(&app->rows[rows[i]], lang);
        bool on = strcmp(current, ids[i]) == 0;
        ui_button(ui, (UiRect){view.x, y, view.w, bh}, label, (Action){.kind = ACT_PICK, .a = i},
                  on ? COL_PRIMARY : COL_SURFACE_ALT, on ? COL_ON_PRIMARY : COL_TEXT,
                  on ? UI_SELECTED : 0);
        y += bh + gap;
    }
    ui_pop_clip(ui);
    const char *close = tr(lang, "nav.close");
    int cw = view_button_width(ui, close, 160);
    ui_button(ui, (UiRect){px + pw - m - cw, py + ph - m - bh, cw, bh}, close,
              (Action){.kind = ACT_CLOSE_PICKER}, COL_SURFACE_ALT, COL_TEXT, 0);
}

/* "Synkronoitu 12.34 · 3 jonossa": the last sync and the records waiting, for staff. */
static const char *sync_text(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    char when[32], what[96];
    if (app->sync_failing && app->sync_last_ok == 0) {
        snprintf(what, sizeof what, "%s", tr(lang, "sync.failing"));
    } else if (app->sync_last_ok == 0) {
        snprintf(what, sizeof what, "%s", tr(lang, "sync.never"));
    } else {
        datefmt_time(when, sizeof when, lang, app->sync_last_ok);
        snprintf(what, sizeof what, tr(lang, "sync.last"), when);
    }
    if (app->sync_queued <= 0) return ui_fmt(ui, "%s", what);
    return ui_fmt(ui, "%s \xC2\xB7 %s", what,
                  ui_fmt(ui, tr_plural(lang, "sync.queued", app->sync_queued), app->sync_queued));
}

/* The bar under the list's buttons' width: My sign-up and feedback, with the gap between. */
static int bar_buttons_width(Ui *ui, const App *app)
{
    return view_button_width(ui, tr(app->lang, "nav.feedback"), 200) + ui_px(ui, UI_GAP) +
           view_button_width(ui, tr(app->lang, "mine.title"), 200);
}

/* What the bar says on the left: the count, and for staff the sync indicator (NULL otherwise:
 * it is for staff, and absent on a kiosk without a hub). */
static const char *count_text(Ui *ui, const App *app)
{
    int n = app_list_count(app);
    char num[32];
    return n < 0 ? ""
                 : ui_fmt(ui, tr_plural(app->lang, "list.count", n),
                          i18n_number(app->lang, n, num, sizeof num));
}

static const char *sync_line(Ui *ui, const App *app)
{
    return app->sync_enabled && app->staff_mode ? sync_text(ui, app) : NULL;
}

/* Whether the count (and sync line) go on a row of their own above the buttons: when they would
 * not fit beside them (portrait, large text). */
static bool bar_stacked(Ui *ui, const App *app)
{
    int m = ui_px(ui, UI_MARGIN);
    int avail = ui->w - 3 * m - bar_buttons_width(ui, app);
    int need = ui_text_width(ui, FONT_BODY, false, count_text(ui, app));
    const char *sync = sync_line(ui, app);
    if (sync) {
        int sw = ui_text_width(ui, FONT_BODY, false, sync);
        if (sw > need) need = sw;
    }
    return need > avail;
}

static int bar_height(Ui *ui, const App *app)
{
    int bar = ui_px(ui, VIEW_BAR);
    if (!bar_stacked(ui, app)) return bar;
    const char *sync = sync_line(ui, app);
    return bar + ui_line_px(ui, FONT_BODY) + (sync ? ui_line_px(ui, FONT_SMALL) : 0) +
           ui_px(ui, UI_SPACE_M);
}

/* The bar under the list: the count (and, for staff, the sync indicator), My sign-up and
 * feedback. */
static void bottom_bar(Ui *ui, const App *app, int bottom, int bar)
{
    Lang lang = app->lang;
    int m = ui_px(ui, UI_MARGIN);
    UiNode *bb = ui_add(ui, ROLE_PANEL, (UiRect){0, bottom, ui->w, bar});
    bb->bg = COL_SURFACE;
    UiNode *line = ui_add(ui, ROLE_PANEL, (UiRect){0, bottom, ui->w, ui_px(ui, 2)});
    line->bg = COL_BORDER;
    int bh = ui_px(ui, VIEW_BUTTON_H);
    bool stacked = bar_stacked(ui, app);
    /* The buttons keep to the bottom row; stacked, the words take a row above them. */
    int row = ui_px(ui, VIEW_BAR);
    int by = bottom + bar - row + (row - bh) / 2;
    const char *fb = tr(lang, "nav.feedback");
    int fw = view_button_width(ui, fb, 200);
    ui_button(ui, (UiRect){ui->w - m - fw, by, fw, bh}, fb, (Action){.kind = ACT_GO_FEEDBACK},
              COL_PRIMARY, COL_ON_PRIMARY, 0);
    /* "My sign-up" beside it: a visitor's own sign-up, looked up by its code. */
    const char *mine = tr(lang, "mine.title");
    int mw = view_button_width(ui, mine, 200);
    UiNode *mb = ui_button(ui, (UiRect){ui->w - m - fw - ui_px(ui, UI_GAP) - mw, by, mw, bh}, mine,
                           (Action){.kind = ACT_GO_MINE}, COL_SURFACE, COL_PRIMARY, 0);
    mb->border = COL_PRIMARY;
    const char *count = count_text(ui, app);
    /* Sync indicator, beside the count (or under it when the bar is narrow): when the kiosk last
     * reached its hub and how many records wait to go. */
    const char *sync = sync_line(ui, app);
    int avail = stacked ? ui->w - 2 * m : ui->w - 3 * m - bar_buttons_width(ui, app);
    int cwid = ui_text_width(ui, FONT_BODY, false, count);
    int gapx = ui_px(ui, UI_SPACE_L);
    uint8_t scol = app->sync_failing ? COL_WARN : COL_TEXT_DIM;
    int text_h = stacked ? bar - row : row;
    if (sync && (stacked || cwid + gapx + ui_text_width(ui, FONT_BODY, false, sync) > avail)) {
        int h2 = ui_line_px(ui, FONT_BODY) + ui_line_px(ui, FONT_SMALL);
        int ly = bottom + (text_h - h2) / 2 + (stacked ? ui_px(ui, UI_SPACE_S) : 0);
        ly += ui_label(ui, m, ly, avail, FONT_BODY, false, COL_TEXT_DIM, UI_ALIGN_LEFT, count);
        ui_label(ui, m, ly, avail, FONT_SMALL, false, scol, UI_ALIGN_LEFT, sync);
    } else {
        int ly = bottom + (text_h - ui_line_px(ui, FONT_BODY)) / 2 +
                 (stacked ? ui_px(ui, UI_SPACE_S) : 0);
        ui_label(ui, m, ly, avail, FONT_BODY, false, COL_TEXT_DIM, UI_ALIGN_LEFT, count);
        if (sync)
            ui_label(ui, m + cwid + gapx, ly, avail - cwid - gapx, FONT_BODY, false, scol,
                     UI_ALIGN_RIGHT, sync);
    }
}

void view_list(Ui *ui, const App *app)
{
    Lang lang = app->lang;
    UiNode *bg = ui_add(ui, ROLE_PANEL, (UiRect){0, 0, ui->w, ui->h});
    bg->bg = COL_BG;
    int top = view_top_bar(ui, app, false, view_place_title(ui, app));
    int m = ui_px(ui, UI_MARGIN), gap = ui_px(ui, UI_GAP);

    /* Heading and filters flow left to right, wrapping on narrow (portrait) screens. */
    int y = top + ui_px(ui, UI_SPACE_L);
    y += ui_label(ui, m, y, ui->w - 2 * m, FONT_HEADING, true, COL_TEXT, UI_ALIGN_LEFT,
                  tr(lang, "list.title"));
    y += ui_px(ui, 10);
    int chip_h = ui_px(ui, VIEW_CHIP_H);
    int x = m;
    static const char *time_keys[] = {"list.filter.today", "list.filter.week", "list.filter.all"};
    for (int i = 0; i < 3; i++) {
        const char *label = tr(lang, time_keys[i]);
        int w = view_button_width(ui, label, 88);
        if (x + w > ui->w - m) x = m, y += chip_h + gap;
        view_chip(ui, (UiRect){x, y, w, chip_h}, label, (Action){.kind = ACT_SET_TIME, .a = i},
                  app->time_filter == (TimeFilter)i);
        x += w + gap;
    }
    x += ui_px(ui, UI_SPACE_L);
    const char *cat_label = app->category[0] ? view_category_name(ui, lang, app->category)
                                             : tr(lang, "list.filter.any_category");
    const char *venue_label = tr(lang, "list.filter.any_venue");
    for (int i = 0; i < app->n_rows && app->venue_id[0]; i++)
        if (strcmp(app->rows[i].venue_id, app->venue_id) == 0) {
            venue_label = view_row_venue(&app->rows[i], lang);
            break;
        }
    const char *pick_labels[2] = {ui_fmt(ui, "%s: %s", tr(lang, "list.filter.category"), cat_label),
                                  ui_fmt(ui, "%s: %s", tr(lang, "list.filter.venue"), venue_label)};
    for (int i = 0; i < 2; i++) {
        int w = view_button_width(ui, pick_labels[i], 88);
        if (w > ui->w - 2 * m) w = ui->w - 2 * m;
        if (x + w > ui->w - m) x = m, y += chip_h + gap;
        bool on = i == 0 ? app->category[0] != 0 : app->venue_id[0] != 0;
        view_chip(ui, (UiRect){x, y, w, chip_h}, pick_labels[i],
                  (Action){.kind = ACT_OPEN_PICKER, .a = i == 0 ? PICKER_CATEGORY : PICKER_VENUE},
                  on);
        x += w + gap;
    }
    y += chip_h + ui_px(ui, UI_SPACE_L);

    /* Bottom bar: how many events, and feedback. */
    int bar = bar_height(ui, app);
    int bottom = ui->h - bar;
    /* Cards. */
    UiRect view = {0, y, ui->w, bottom - y};
    /* Large text makes cards wider, so that their words keep to their lines. */
    int cols = (ui->w - 2 * m + gap) / (ui_px(ui, CARD_MIN_W * ui->text_scale) + gap);
    if (cols < 1) cols = 1;
    int cw = (ui->w - 2 * m - (cols - 1) * gap) / cols;
    int ch = card_height(ui);
    /* A page of the list (App.list_paged) scrolls as the whole list does: its rows are the
     * positions from list_first on, and the count is the whole filtered list's. */
    int n_all = app->list_paged ? app->list_total : app->n_visible;
    /* So does a screenful counted whole (a window's first frames). */
    if (app->list_partial && app_list_count(app) > n_all) n_all = app_list_count(app);
    int n_lines = (n_all + cols - 1) / cols;
    int content = n_lines * (ch + gap) + ui_px(ui, UI_SPACE_S);
    view_scroll_area(ui, app, SCROLL_LIST, view, content);
    ui_push_clip(ui, view);
    int scroll = (int)app->scroll[SCROLL_LIST].pos;
    int first = scroll / (ch + gap), shown_first = -1, shown_last = -1;
    int from = app->list_paged ? app->list_first : 0;
    for (int line = first; line < n_lines; line++) {
        int cy = view.y + line * (ch + gap) - scroll;
        if (cy >= view.y + view.h) break;
        for (int c = 0; c < cols; c++) {
            int i = line * cols + c;
            if (i >= n_all) break;
            if (shown_first < 0) shown_first = i;
            shown_last = i;
            if (i < from || i - from >= app->n_visible) continue; /* not on the page: asked */
            card(ui, app, app->visible[i - from], (UiRect){m + c * (cw + gap), cy, cw, ch});
        }
    }
    view_page_want(ui, app, shown_first, shown_last);
    if (app->list_paged ? n_all == 0 : app->n_visible == 0) {
        int ey = view.y + ui_px(ui, UI_SPACE_XL);
        ey += ui_paragraph(ui, m, ey, ui->w - 2 * m, FONT_BODY, false, COL_TEXT_DIM,
                           tr(lang, "list.empty"), 0);
        /* A way out when the filters leave nothing (and there is something to show). */
        if (app->n_rows > 0) {
            const char *all = tr(lang, "list.clear_filters");
            int bw = view_button_width(ui, all, 240);
            ui_button(ui, (UiRect){m, ey + ui_px(ui, UI_SPACE_L), bw, ui_px(ui, VIEW_BUTTON_H)},
                      all, (Action){.kind = ACT_CLEAR_FILTERS}, COL_PRIMARY, COL_ON_PRIMARY, 0);
        }
    }
    ui_pop_clip(ui);

    bottom_bar(ui, app, bottom, bar);
}
