/*
 * views.h: one function per screen, each describing the screen as UiNodes from the App state.
 * Views read App and never change it; what can be pressed carries the Action it stands for.
 */
#ifndef AUKIO_VIEWS_H
#define AUKIO_VIEWS_H

#include "app.h"
#include "i18n.h"
#include "ui.h"

/* Builds the whole screen for APP into UI (after ui_begin). In views.c. */
void view_build(Ui *ui, const App *app);

/* ---- Shared by the screens (view_common.c) ---------------------------------------------- */

/* Sizes of the screens' parts, in dp (the spacing between them is in ui.h). */
#define VIEW_BAR 88
#define VIEW_BUTTON_H 64
#define VIEW_CHIP_H 56

/* The detail's and confirmation's "Read aloud" (or "Stop" while it speaks) at (X, Y), H high,
 * when the screen offers it and it fits ROOM; returns the width it took (with its gap), or 0. */
int view_read_aloud(Ui *ui, const App *app, int x, int y, int room, int h);

/* The bar at the top of every screen: back (when BACK is true), the kiosk name or TITLE, the
 * language buttons, text size and contrast. Returns its height in px. */
int view_top_bar(Ui *ui, const App *app, bool back, const char *title);

/* Status text and colour of an event row for a visitor now. */
const char *view_status_text(Ui *ui, const App *app, const EventRow *row, uint8_t *color);

/* A rounded status pill at (x, y), at most MAX_W px wide (the text is ellipsised to fit);
 * returns its width. */
int view_pill(Ui *ui, int x, int y, int max_w, const char *text, uint8_t color);

/* The row's title / venue in the app's language with the fi -> en -> sv fallback. */
const char *view_row_title(const EventRow *row, Lang lang);
const char *view_row_venue(const EventRow *row, Lang lang);

/* A category's name: the catalogue's "cat.<id>", or the id itself. */
const char *view_category_name(Ui *ui, Lang lang, const char *id);

/* A button sized to its label: width = text + padding (at least MIN_DP). */
int view_button_width(Ui *ui, const char *label, float min_dp);

/* "WHEN · WHERE", or the one of them that is not empty. */
const char *view_when_where(Ui *ui, const char *when, const char *where);

/* Whether a sign-up of GROUP for ROW is confirmed at once on this kiosk now: the sentence to say
 * so, or NULL when no seat is free (*LATER: it would be provisional, the kiosk being offline
 * beyond its grants). */
const char *view_confirm_note(const App *app, const EventRow *row, int group, bool *later);

/* The take-home QR code (calendar.h) of the loaded event in the app's language, or NULL when
 * there is none (no detail loaded, a postponed event). */
const char *view_qr_text(const App *app);
/* A QR code of TEXT in a white square SIDE px wide at (x, y), its caption ("Add to your calendar"
 * or "Open the event's page") centred under it, in a block view_qr_width wide; returns the
 * block's height (view_qr_height without drawing). */
int view_qr(Ui *ui, const App *app, int x, int y, int side, const char *text);
int view_qr_width(Ui *ui, const App *app, int side, const char *text);
int view_qr_height(Ui *ui, int side);
/* The side of a QR code's square on this screen. */
int view_qr_side(Ui *ui);

/* A chip: a rounded toggle button (filters, choices), filled when ON. */
UiNode *view_chip(Ui *ui, UiRect r, const char *label, Action act, bool on);

/* A scroll area: records the content height as the app's scroll limit (via ui_request) and adds
 * the invisible node that takes drags. */
void view_scroll_area(Ui *ui, const App *app, ScrollId id, UiRect viewport, int content_h);

/* The on-screen keyboard at the bottom of the screen when a text field has focus; returns its
 * height in px (0 when hidden). view_osk_height gives the height without drawing. */
int view_osk(Ui *ui, const App *app);
int view_osk_height(Ui *ui, const App *app);

/* A text field with its label, value and caret; returns its height. */
int view_text_field(Ui *ui, const App *app, int x, int y, int w, Field field, const char *label,
                    const char *error);

/* Over the screen (view_dialog.c): the open Dialog's question, and the are-you-still-there
 * warning with its countdown; each covers the screen and takes every touch. */
void view_overlays(Ui *ui, const App *app);

/* The screens. */
void view_attract(Ui *ui, const App *app);
void view_list(Ui *ui, const App *app);
void view_detail(Ui *ui, const App *app);
void view_form(Ui *ui, const App *app);
void view_confirm(Ui *ui, const App *app);
void view_feedback(Ui *ui, const App *app);
void view_thanks(Ui *ui, const App *app);
void view_mine(Ui *ui, const App *app);

#endif
