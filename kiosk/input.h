/*
 * input.h: SDL events into the kiosk's input. The only code that reads SDL_Event.
 */
#ifndef AUKIO_INPUT_H
#define AUKIO_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "ui.h"

typedef union SDL_Event SDL_Event;

/* Turns EV into at most MAX actions in OUT (touch through UI's hit testing, keys, text). Sets
 * *QUIT on a window close request and *REDRAW when the window needs repainting. Returns the
 * number of actions. */
int input_translate(const SDL_Event *ev, Ui *ui, int64_t now_ms, Action *out, int max, bool *quit,
                    bool *redraw);

/* Whether EV is pointer input (the left button or a finger): then *KIND is 0 down, 1 move (with
 * the button held), 2 up, at (*X, *Y). */
bool input_pointer(const SDL_Event *ev, int *kind, int *x, int *y);

#endif
