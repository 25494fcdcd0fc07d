/*
 * input.c: SDL events into actions. Touch screens reach us as SDL's mouse events (SDL turns
 * touches into mouse events by default), so one path serves the finger and the mouse.
 */
#include "input.h"

#include <SDL.h>

int input_translate(const SDL_Event *ev, Ui *ui, int64_t now_ms, Action *out, int max, bool *quit,
                    bool *redraw)
{
    (void)max; /* every branch writes at most 3 actions, and callers pass at least 4 */
    switch (ev->type) {
    case SDL_QUIT:
        *quit = true;
        return 0;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_EXPOSED ||
            ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            *redraw = true;
        return 0;
    case SDL_MOUSEBUTTONDOWN:
        if (ev->button.button != SDL_BUTTON_LEFT) return 0;
        return ui_pointer_down(ui, ev->button.x, ev->button.y, now_ms, out);
    case SDL_MOUSEMOTION:
        if (!(ev->motion.state & SDL_BUTTON_LMASK)) return 0;
        return ui_pointer_move(ui, ev->motion.x, ev->motion.y, now_ms, out);
    case SDL_MOUSEBUTTONUP:
        if (ev->button.button != SDL_BUTTON_LEFT) return 0;
        return ui_pointer_up(ui, ev->button.x, ev->button.y, now_ms, out);
    case SDL_TEXTINPUT:
        out[0] = (Action){.kind = ACT_TEXT, .s = ev->text.text, .t = now_ms};
        return 1;
    case SDL_KEYDOWN: {
        AppKey k = 0;
        switch (ev->key.keysym.sym) {
        case SDLK_BACKSPACE:
            k = KEY_BACKSPACE;
            break;
        case SDLK_RETURN:
        case SDLK_KP_ENTER:
            k = KEY_ENTER;
            break;
        case SDLK_TAB:
            k = KEY_TAB;
            break;
        case SDLK_ESCAPE:
            k = KEY_ESCAPE;
            break;
        default:
            return 0;
        }
        out[0] = (Action){.kind = ACT_KEY, .a = (int)k, .t = now_ms};
        return 1;
    }
    default:
        return 0;
    }
}

bool input_pointer(const SDL_Event *ev, int *kind, int *x, int *y)
{
    switch (ev->type) {
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (ev->button.button != SDL_BUTTON_LEFT) return false;
        *kind = ev->type == SDL_MOUSEBUTTONDOWN ? 0 : 2;
        *x = ev->button.x;
        *y = ev->button.y;
        return true;
    case SDL_MOUSEMOTION:
        if (!(ev->motion.state & SDL_BUTTON_LMASK)) return false;
        *kind = 1;
        *x = ev->motion.x;
        *y = ev->motion.y;
        return true;
    default:
        return false;
    }
}
