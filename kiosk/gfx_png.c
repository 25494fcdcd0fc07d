/*
 * gfx_png.c: a screenshot's pixels into a PNG file (libpng), fast rather than small.
 */
#include "gfx_png.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>

/* Encodes W x H ARGB8888 PIXELS (STRIDE bytes a row) as an RGB PNG into F, using ROW
 * (W * 3 bytes) as scratch. Kept apart so that nothing libpng's longjmp skips over is changed
 * after setjmp. Returns 0 or -1. */
static int png_encode(FILE *f, const uint8_t *pixels, int w, int h, size_t stride, uint8_t *row)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    if (!png) return -1;
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, info ? &info : NULL);
        return -1;
    }
    png_init_io(png, f);
    /* Speed over size: at zlib's default level with libpng's adaptive filters the encoding was
     * 60 % of a headless one-shot run (860 M instructions a 1920x1080 shot); level 1 without
     * filters is 174 M, the file 1.2x larger. (Z_RLE, with or without the Sub filter, measured
     * slower and larger on these screens.) */
    png_set_compression_level(png, 1);
    png_set_filter(png, 0, PNG_FILTER_NONE);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < h; y++) {
        const uint32_t *src = (const uint32_t *)(pixels + (size_t)y * stride);
        for (int x = 0; x < w; x++) {
            row[x * 3] = (uint8_t)(src[x] >> 16);
            row[x * 3 + 1] = (uint8_t)(src[x] >> 8);
            row[x * 3 + 2] = (uint8_t)src[x];
        }
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return 0;
}

int gfx_png_write(const char *path, const uint8_t *argb, int w, int h, size_t stride, char *err,
                  size_t errlen)
{
    uint8_t *row = malloc((size_t)w * 3);
    if (!row) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = -1;
    FILE *f = fopen(path, "wb");
    if (!f)
        snprintf(err, errlen, "%s: cannot write", path);
    else if (png_encode(f, argb, w, h, stride, row) != 0)
        snprintf(err, errlen, "%s: PNG encoding failed", path);
    else
        rc = 0;
    if (f && fclose(f) != 0 && rc == 0) {
        snprintf(err, errlen, "%s: write failed", path);
        rc = -1;
    }
    free(row);
    return rc;
}
