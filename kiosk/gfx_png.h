/*
 * gfx_png.h: PNG files of the screen, for gfx_save_png (gfx.c).
 */
#ifndef AUKIO_GFX_PNG_H
#define AUKIO_GFX_PNG_H

#include <stddef.h>
#include <stdint.h>

/* Writes W x H pixels of ARGB8888 (rows STRIDE bytes apart) to PATH as an RGB PNG. Returns 0, or
 * -1 with ERR. */
int gfx_png_write(const char *path, const uint8_t *argb, int w, int h, size_t stride, char *err,
                  size_t errlen);

#endif
