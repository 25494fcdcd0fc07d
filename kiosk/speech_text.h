/*
 * speech_text.h: what speech says, read off the display list (ui.h), so that a screen is
 * spoken the day it is drawn: an element's label (UiNode.speak, else its text, else the text
 * inside it), what it is ("button", "text field", "3 of 8") and its state ("selected"); the
 * screen's title and how many items it has; all of its text for "Read aloud". Core: no SDL.
 */
#ifndef AUKIO_SPEECH_TEXT_H
#define AUKIO_SPEECH_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "ui.h"

/* Whether node I is something speech mode stops at: a pressable element, or visible text that
 * is not part of one (a card's lines are its label). */
bool speech_node_speakable(const Ui *ui, int i);

/* The speakable node under (X, Y), the topmost; -1 when none (or a dialog's scrim). */
int speech_node_at(const Ui *ui, int x, int y);

/* Writes the speakable nodes in reading order (the list's order: views draw top to bottom)
 * into OUT (at most MAX); returns how many. Those of a scroll area scrolled out of view are in
 * it too; a dialog over the screen (a UI_BLOCKS panel) hides what is under it. */
int speech_reading_order(const Ui *ui, int *out, int max);

/* For node I scrolled out of view: the ScrollId of its area, and in *BY how far to scroll it
 * (ACT_SCROLL_BY) to bring it to the middle; -1 when it is in view or in no scroll area. */
int speech_scroll_into_view(const Ui *ui, int i, float *by);

/* What node I says: label, role, position and state, in LANG. Writes at most N bytes to OUT. */
void speech_describe(const Ui *ui, int i, Lang lang, char *out, size_t n);

/* The node's label alone (UiNode.speak, TEXT, or the visible text inside it); "" when none. */
void speech_label(const Ui *ui, int i, char *out, size_t n);

/* Entering a screen: its title (the first heading, else the first text) and how many items
 * (cards, else pressable elements) it has. */
void speech_screen_intro(const Ui *ui, Lang lang, char *out, size_t n);

/* "Read aloud": every text of the screen (the parts scrolled out of view too), in order, a
 * sentence break between blocks. */
void speech_screen_text(const Ui *ui, char *out, size_t n);

/* A code spelt character by character for speech: "ABC123" -> "A, B, C, 1, 2, 3". */
void speech_spell(const char *code, char *out, size_t n);

#endif
