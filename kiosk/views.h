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

/* The kiosk's venue's name in LANG: its pop-up venue's, or the catalogue venue's (App's
 * home_venue_id) as its events give it; NULL when it has none. Points into APP. */
const char *view_venue_name(const App *app, Lang lang);

/* The name of where the kiosk stands in LANG, for the top bar: the venue staff set (a pop-up
 * venue's name, or a catalogue venue's as its events give it), else the config's kiosk name;
 * NULL when there is none. Points into APP. */
const char *view_place_name(const App *app, Lang lang);
/* The same for the list's and attract screen's top bar: a pop-up venue's name with its address
 * or description ("Kauppatori · suihkulähteen vieressä"). */
const char *view_place_title(Ui *ui, const App *app);

/* The bar at the top of every screen: back (when BACK is true), the kiosk name or TITLE, the
 * language buttons, text size and contrast; in portrait only the title, the rest being in the
 * reach bar at the bottom. Returns its height in px. */
int view_top_bar(Ui *ui, const App *app, bool back, const char *title);

/* Whether the screen's controls (Back, languages, text size, contrast) sit at the bottom,
 * within reach of children and wheelchair users: in portrait, where the top of a 1920-px screen
 * is out of their reach. */
bool view_controls_below(const Ui *ui);

/* The height of the reach bar (0 in landscape), and the bar itself at Y: Back (when the screen's
 * top bar asked for it), the languages, text size and contrast, in one row or two. */
int view_reach_height(Ui *ui, const App *app);
void view_reach_bar(Ui *ui, const App *app, int y, int h);

/* A round badge (diameter D px) with an icon, centred at (CX, Y), as the confirmation and "My
 * sign-up" open with; returns its height. */
int view_badge(Ui *ui, int cx, int y, int d, UiIcon icon, uint8_t color);

/* The status pill, after "Happening now" for an event that has started and not ended, from
 * (X, Y) in W. Returns the width used; *SAID (unless NULL) gets the pills' words as one text. */
int view_status_pills(Ui *ui, const App *app, const EventRow *row, int x, int y, int w,
                      const char **said);

/* Status text and colour of an event row for a visitor now. */
const char *view_status_text(Ui *ui, const App *app, const EventRow *row, uint8_t *color);

/* A rounded status pill at (x, y), at most MAX_W px wide (the text is ellipsised to fit);
 * returns its width. */
int view_pill(Ui *ui, int x, int y, int max_w, const char *text, uint8_t color);

/* The row's title / venue in the app's language with the fi -> en -> sv fallback. */
const char *view_row_title(const EventRow *row, Lang lang);
const char *view_row_venue(const EventRow *row, Lang lang);
/* When ROW is, as every screen writes it into BUF: dates for an all-day event, times otherwise,
 * and "Uusi aika: …" for a rescheduled (moved) one. */
void view_row_when(char *buf, size_t n, const EventRow *row, Lang lang);

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

/* A scroll cue for VIEW when CONTENT_H overflows it: a thumb on a track at its right edge,
 * placed by the scroll position. Returns the width it takes (0 when nothing scrolls), which
 * the content leaves free. */
int view_scroll_thumb(Ui *ui, const App *app, ScrollId id, UiRect view, int content_h);

/* A scroll area: records the content height as the app's scroll limit (via ui_request) and adds
 * the invisible node that takes drags. */
void view_scroll_area(Ui *ui, const App *app, ScrollId id, UiRect viewport, int content_h);
/* A list of a paged App (App.list_paged) shows its positions FIRST .. LAST (FIRST -1: none):
 * when they are not all on the page, asks for the page that holds them (ACT_LIST_WANT). */
void view_page_want(Ui *ui, const App *app, int first, int last);

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
/* The list's open topic or venue picker: a modal panel over the whole screen (views.c lays it
 * over the list and the reach bar). */
void view_picker(Ui *ui, const App *app);
void view_list(Ui *ui, const App *app);
void view_detail(Ui *ui, const App *app);
void view_form(Ui *ui, const App *app);
void view_confirm(Ui *ui, const App *app);
void view_feedback(Ui *ui, const App *app);
void view_thanks(Ui *ui, const App *app);
void view_mine(Ui *ui, const App *app);
/* Staff mode: the PIN pad (view_staff_pad.c), the home and sync (view_staff.c), the attendee
 * list (view_staff_attendees.c). */
void view_staff_pad(Ui *ui, const App *app);
void view_staff_home(Ui *ui, const App *app);
void view_staff_sync(Ui *ui, const App *app);
void view_staff_events(Ui *ui, const App *app);
void view_staff_signups(Ui *ui, const App *app);
/* Staff mode: the export screen (view_staff_export.c). */
void view_staff_export(Ui *ui, const App *app);
void view_staff_spot(Ui *ui, const App *app);
/* Staff mode: where the kiosk stands (view_staff_venue.c). */
void view_staff_venue(Ui *ui, const App *app);
/* Staff mode: "Connect to the hub", the console's enrolment code (view_staff_hub.c). */
void view_staff_hub(Ui *ui, const App *app);
/* The question over the staff home (restart? quit?) and over a sign-up (cancel?), when one is
 * asked: views.c lays it over the whole screen, the reach bar too. */
void view_staff_home_ask(Ui *ui, const App *app);
void view_staff_signups_ask(Ui *ui, const App *app);

/* A staff screen's name as its heading at (x, y), at most two lines; returns the height. */
int view_staff_heading(Ui *ui, int x, int y, int w, const char *text);
/* A staff screen's ground: the background, the top bar (with Back when BACK) and the column its
 * content takes (*X, *W: at most MAX_DP wide, centred). Returns the y under the top bar. */
int view_staff_frame(Ui *ui, const App *app, bool back, int max_dp, int *x, int *w);
/* The i18n key of the sentence for a failed sync round of kind ERROR (a SyncResult). */
const char *view_staff_error_key(int error);
/* A question over a staff screen: TITLE, BODY, NO (keep) and YES in YES_COLOR; its answers are
 * ACT_STAFF_ANSWER (a touch beside the card is "no"). */
void view_staff_ask(Ui *ui, const App *app, const char *title, const char *body, const char *no,
                    const char *yes, uint8_t yes_color);

#endif
