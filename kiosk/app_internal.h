/*
 * app_internal.h: the state machine's own helpers, defined in app_fields.c (the text fields
 * and the on-screen keyboard, as app_update's handlers change them) and app_flow.c (typed data,
 * the idle countdown, feedback). Internal to the state machine: only app*.c call these (views read
 * the fields through app_field_text and friends in app.h), so app_update stays the one way to
 * change App.
 */
#ifndef AUKIO_APP_INTERNAL_H
#define AUKIO_APP_INTERNAL_H

#include <stddef.h>

#include "app.h"

/* The buffer behind text field F (in APP), its capacity *CAP in bytes and its limit *MAX_CHARS
 * in characters; NULL for FIELD_NONE or a question that is not there. */
char *app_field_buffer(App *app, Field f, size_t *cap, size_t *max_chars);

/* Gives F the focus (FIELD_NONE: none) and sets the keyboard up for it. */
void app_focus_field(App *app, Field f);

/* Moves the focus to the form's next text field, or to none after the last. */
void app_focus_next(App *app);

/* Whether the form, at its group size, joins the waiting list now. */
bool app_form_waitlisted(const App *app);

/* After a change to the form: redraw, and re-check it once the visitor has seen the errors. */
void app_field_edited(App *app);

/* A press of the on-screen keyboard's key C of row R, into the focused field. */
void app_osk_key(App *app, int r, int c);

/* Question Q's answer: option OPT chosen (a single choice), toggled (a multiple choice), or yes
 * (0) / no (1). Out-of-range indices do nothing. */
void app_form_choose(App *app, int q, int opt);

/* ---- Where the kiosk stands (app_venue.c) ---- */

/* Whether R has ended: its end, or its start when it has no end, is past. */
bool app_row_ended(const App *app, const EventRow *r);

/* Sets App.home_venue_id from App.home_venue and the loaded rows. */
void app_resolve_home_venue(App *app);

/* ---- The list's rows (app_rows.c) ---- */

/* ACT_ROWS_PATCHED. True when a row changed what the filters or the home venue look at: then
 * the caller filters the list again. */
bool app_rows_patch(App *app, EventRow *rows, int n);

/* ---- A page of the list (app_page.c) ---- */

/* A paged App: EFFECT_LOAD_PAGE for its filters, minute and App.page_want, once. */
void app_page_ask(App *app);
/* A paged App whose page is not for its filters, minute or screen any more asks for another. */
void app_page_check(App *app);
/* Whether R is between the page's first and last row of the filtered list. */
bool app_row_on_page(const App *app, const EventRow *r);
/* ACT_LIST_WANT. */
void app_list_want(App *app, int first, int last);
/* The row of event ID in App.rows, or -1 (app_rows.c). */
int app_find_row(const App *app, const char *id);
/* Keeps the ids of App.rows for app_row_action_index, before a page replaces them. */
void app_rows_remember(App *app);
/* After the rows changed: the home venue resolved again (as at RESOLVE_MS) and the list filtered
 * again (as at FILTER_MS), the scroll kept (app.c). */
void app_rows_changed(App *app, int64_t resolve_ms, int64_t filter_ms);

/* The list's order: R against K (<0, 0, >0), and R's place in it into K. */
int app_row_key_cmp(const EventRow *r, const RowKey *k);
void app_row_key(const EventRow *r, RowKey *k);

/* Frees the patches' row blocks (the list they served is gone). */
void app_rows_free_blocks(App *app);

/* ---- "My sign-up" (app_mine.c) ---- */

/* Its actions: going there, looking up, cancelling, and what the store or the hub answered. */
void app_mine_update(App *app, const Action *act);

/* Looks the typed code up (the keyboard's Enter, the "Look up" button). */
void app_mine_lookup(App *app);

/* Forgets the visitor's code and what was shown (idle, Done, leaving the screen). The wrong-code
 * count is kept. */
void app_mine_wipe(App *app);

/* The clock moved to APP->now_ms: forgives old wrong codes, ends a wait the worker did not
 * answer in time, and redraws the countdown. */
void app_mine_tick(App *app);

/* When "My sign-up" next needs a tick (the countdown's next second, the end of a wait), or
 * INT64_MAX. */
int64_t app_mine_wakeup(const App *app);
/* ---- app_flow.c: typed data, the idle countdown, feedback -------------------------------- */

/* Queues effect E for main.c (once: a second of the same kind is dropped). */
void app_push_effect(App *app, EffectKind e);

/* When the idle reset is due (ms): the screen's timeout after the last input, shorter with
 * typed data (APP_IDLE_TYPED_MS + APP_IDLE_WARNING_MS). */
int64_t app_idle_deadline(const App *app);

/* The next time the idle timer needs a tick: the deadline, or with typed data the start of the
 * warning and then each second of its countdown. */
int64_t app_idle_next_wakeup(const App *app);

/* What the confirmation keeps of the visitor once the form is wiped at the commit: the first
 * name, the group, whether an email was given. */
void app_keep_for_confirmation(App *app);

/* Forgets the feedback being given (score, follow-up, comment); the target stays. */
void app_feedback_clear(App *app);

/* The feedback screen's actions: target, score, reason chips, send and skip. */
void app_feedback_update(App *app, const Action *act);

/* ACT_FEEDBACK_DONE: the score is recorded (follow-up next), or its update is (thank-you). */
void app_feedback_done(App *app, const Action *act);

/* ---- app_speech.c: "Read aloud", speech mode, the volume ---- */

/* ACT_READ_ALOUD, ACT_SPEECH_DONE, ACT_SPEECH_MODE, ACT_VOLUME, ACT_SPEECH_TOUCH. */
void app_speech_update(App *app, const Action *act);

/* After any action: "Read aloud" stops when the visitor moves on from the screen BEFORE (or
 * changes its language). */
void app_speech_moved_on(App *app, Screen before, Lang lang_before);

/* Whether K is speech's own, which does what it says on the attract screen too (a triple tap
 * there turns speech mode on; it does not only wake the kiosk). */
bool app_speech_acts_at_once(ActionKind k);

/* The idle reset: speech mode ends (unless the config keeps it on), the volume is reset. */
void app_speech_reset(App *app);

/* ---- app_scroll.c ---- */

/* ACT_SCROLL_BY / _FLING / _HOLD / _LIMIT for the area ACT->a. */
void app_scroll_update(App *app, const Action *act);

/* Inertia: moves every flung area on by DT ms, slowing it down. */
void app_scroll_step(App *app, float dt);

/* ---- app_staff.c: staff mode ---- */

/* Whether ACT is staff mode's to handle: its own actions, and Back and keys on its screens. */
bool app_staff_takes(const App *app, const Action *act);

/* Handles ACT (app_staff_takes). True when staff mode is to be left: app.c resets the kiosk. */
bool app_staff_update(App *app, const Action *act);

/* Whether S is a staff screen; whether the pad asks for the first PIN (no idle path then). */
bool app_staff_screen(Screen s);
bool app_staff_setup(const App *app);

/* Whether K is the result of a staff effect (not the staff's input). */
bool app_staff_result(ActionKind k);

/* The clock moved: a hold long enough opens the pad; the lock counts down. */
void app_staff_tick(App *app);

/* When staff mode next needs a tick (the hold's 3 s, the lock's next second), or INT64_MAX. */
int64_t app_staff_wakeup(const App *app);

/* The venue screen (app_staff_venue.c): its edit from App's venue when it opens, and its
 * actions and the store's answer (ACT_STAFF_VENUE_*). */
void app_staff_venue_open(App *app);
void app_staff_venue_update(App *app, const Action *act);

/* Forgets everything staff mode showed and leaves it (the idle path, leaving it). Whether a PIN
 * is set and its lock are kept. */
void app_staff_wipe(App *app);

/* ACT_SYNC_STATUS: the indicator's figures, the sync screen's reload, a changed catalogue. */
void app_staff_sync_status(App *app, const Action *act);

/* ---- app_staff_export.c: the export screen ---- */

/* ACT_STAFF_EXPORT_TARGET, ACT_STAFF_EXPORT and their results (staff mode only). */
void app_staff_export_update(App *app, const Action *act);
/* The "New event" screen (app_staff_spot.c): a fresh form when it opens (a half-filled one is
 * kept), and its actions and result. */
void app_staff_spot_open(App *app);
void app_staff_spot_update(App *app, const Action *act);
/* "Connect to the hub" (app_staff_hub.c): an empty field with the focus when it opens; Connect
 * reads the code (refusing anything else, changing nothing) and asks for EFFECT_STAFF_ENROL;
 * ACT_STAFF_HUB_DONE says how it went. */
void app_staff_hub_open(App *app);
void app_staff_hub_update(App *app, const Action *act);

/* ---- app_picker.c ---- */

/* Sorts the picker's N choices (IDS with their ROWS) by the names the visitor reads. */
void app_sort_choices(const App *app, const char **ids, int *rows, int n);

/* Keeps App.picker_cache for the open picker (app_picker.c); app_update calls it after every
 * action. */
void app_picker_refresh(App *app);

#endif
