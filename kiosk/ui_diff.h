/*
 * ui_diff.h: what changed between two display lists. gfx.c keeps the last frame it drew in a
 * UiDiff and asks, before drawing the next one, whether that frame only scrolled one area (move
 * the pixels, paint the strip that came into view) or changed in a few elements (paint just
 * their rectangle). Pure functions over display lists: no SDL here, so tests/test_ui_diff.c
 * checks the decisions without a screen.
 */
#ifndef AUKIO_UI_DIFF_H
#define AUKIO_UI_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "ui.h"

/* The remembered previous frame: a copy of its nodes, their texts and its clips. Zeroed storage
 * is an empty, invalid UiDiff; ui_diff_deinit frees what ui_diff_remember allocated. */
typedef struct {
    UiNode *nodes; /* owned */
    int n, cap;
    char *text; /* owned: the texts of nodes, one after another */
    size_t text_cap;
    UiRect clips[UI_MAX_CLIPS];
    int w, h;
    bool high_contrast;
    bool valid; /* false: nothing remembered, the next frame is drawn in full */
} UiDiff;

/* Caller's storage: an empty UiDiff. */
void ui_diff_init(UiDiff *d);
/* Frees the copies D holds. */
void ui_diff_deinit(UiDiff *d);

/* Forgets the previous frame (the pixels were touched by something else). */
void ui_diff_invalidate(UiDiff *d);

/* Keeps a copy of UI's list, texts included (the list's arena is reused), as the previous frame.
 * On out of memory D is left invalid, which only costs a full redraw. */
void ui_diff_remember(UiDiff *d, const Ui *ui);

/* If UI differs from the previous frame only by scrolling one area, returns that area's clip
 * index (> 0) and sets *DY (px the content moved up) and *VIEW (the area); else -1. */
int ui_diff_scrolled(const UiDiff *d, const Ui *ui, int *dy, UiRect *view);

/* If UI has the same elements as the previous frame and only some of them changed, returns 1
 * with the union of what changed, old and new, in *DAMAGE; 0 when nothing changed; -1 when a
 * full redraw is simpler. */
int ui_diff_changed(const UiDiff *d, const Ui *ui, UiRect *damage);

/* Whether A and B overlap (share at least one pixel). */
bool ui_rects_meet(UiRect a, UiRect b);

/* Where node N may leave ink: its rect, and for text half a line above and below, as a glyph's
 * descenders and accents can reach past the line box. A partial redraw repaints and redraws by
 * this, so a shorter text that replaces a longer one leaves no descenders behind. */
UiRect ui_ink_rect(const UiNode *n);

#endif
