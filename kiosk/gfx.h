/*
 * gfx.h: drawing a display list with SDL2's renderer and SDL_ttf. The only code that calls
 * SDL_Render* or TTF_*. Text is rasterised once and cached as textures; widths are cached too.
 */
#ifndef AUKIO_GFX_H
#define AUKIO_GFX_H

#include <stdbool.h>
#include <stddef.h>

#include "ui.h"

typedef struct Gfx Gfx;

typedef enum {
    GFX_WINDOWED = 0, /* a window of the given size */
    GFX_FULLSCREEN,   /* the display's native size */
    GFX_HEADLESS,     /* no display: draw into memory (screenshots, tests, benchmarks) */
} GfxMode;

/* Opens the fonts in FONT_DIR (NotoSans-Regular.ttf, NotoSans-Bold.ttf) and a renderer. With
 * ACCELERATED false the window uses SDL's software renderer on a plain framebuffer (see README:
 * on machines without a GPU that is 4-6x faster than SDL's default OpenGL-emulated path). Returns
 * NULL with ERR on failure; the caller gfx_free's the result. */
Gfx *gfx_new(GfxMode mode, int w, int h, bool accelerated, const char *font_dir, char *err,
             size_t errlen);
void gfx_free(Gfx *g);

/* The output size in pixels. */
void gfx_size(Gfx *g, int *w, int *h);

/* UiMeasureFn: CTX is the Gfx. */
int gfx_measure(void *ctx, int px, bool bold, const char *text);

/* Draws UI's list and shows it (a window) or keeps it (headless). A frame that differs from the
 * last one only by a scroll, or in a few elements, is drawn in part: pixel for pixel the same
 * result (tests/test_gfx.c), a tenth of the work. */
void gfx_draw(Gfx *g, const Ui *ui);

/* Forgets what was drawn: the next gfx_draw repaints everything. Needed when something else
 * touched the pixels (the window was exposed or resized). */
void gfx_invalidate(Gfx *g);

/* Writes what was last drawn as a PNG file. Returns 0 or -1 with ERR. */
int gfx_save_png(Gfx *g, const char *path, char *err, size_t errlen);

/* Privacy: drops every cached text texture and width (typed names live there too). */
void gfx_forget_text(Gfx *g);

/* The SDL window id, for input.c (0 when headless). */
unsigned gfx_window_id(Gfx *g);

#endif
