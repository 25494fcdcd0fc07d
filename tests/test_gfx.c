/*
 * test_gfx.c: a frame drawn in part (only what scrolled into view, or only what changed) must be
 * pixel for pixel the frame a full redraw gives. The kiosk runs headless on the demo catalogue;
 * each partial frame is compared with the same display list drawn from scratch by a second Gfx.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <png.h>

#include "runtime.h"

#define W 1280
#define H 800

typedef struct {
    Kiosk k;
    Gfx *fresh; /* draws every frame from scratch, for comparison */
    char dir[64];
    int frames, differing;
} Fixture;

static uint8_t *read_png(const char *path)
{
    png_image img;
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path)) return NULL;
    img.format = PNG_FORMAT_RGB;
    uint8_t *buf = malloc(PNG_IMAGE_SIZE(img));
    if (buf && !png_image_finish_read(&img, NULL, buf, 0, NULL)) {
        free(buf);
        buf = NULL;
    }
    return buf;
}

/* Draws the current state both ways and counts the pixels that differ. */
static void check_frame(Fixture *f, const char *what)
{
    char err[256], a[128], b[128];
    kiosk_build(&f->k);
    gfx_draw(f->k.gfx, &f->k.ui); /* partial where it can be */
    gfx_invalidate(f->fresh);     /* this one always draws everything */
    gfx_draw(f->fresh, &f->k.ui);
    snprintf(a, sizeof a, "%s/partial.png", f->dir);
    snprintf(b, sizeof b, "%s/full.png", f->dir);
    assert_int_equal(gfx_save_png(f->k.gfx, a, err, sizeof err), 0);
    assert_int_equal(gfx_save_png(f->fresh, b, err, sizeof err), 0);
    uint8_t *pa = read_png(a), *pb = read_png(b);
    assert_non_null(pa);
    assert_non_null(pb);
    size_t bad = 0;
    for (size_t i = 0; i < (size_t)W * H * 3; i++)
        bad += pa[i] != pb[i];
    if (bad) {
        print_error("%s: %zu channel values differ from a full redraw\n", what, bad);
        f->differing++;
    }
    f->frames++;
    free(pa);
    free(pb);
}

static void test_partial_frames_match_full_redraws(void **state)
{
    (void)state;
    Fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/aukio-gfx-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    char db[128], err[512];
    snprintf(db, sizeof db, "%s/kiosk.db", f->dir);
    config_defaults(&f->k.cfg);
    assert_int_equal(store_open(&f->k.store, db, err, sizeof err), 0);
    int n = 0;
    int64_t now = 1773644400; /* 2026-03-16 09:00 in Helsinki, the demo's anchor day */
    assert_int_equal(store_import_file(f->k.store, SOURCE_DIR "/assets/demo/events.json", now, &n,
                                       err, sizeof err),
                     0);
    f->k.gfx = gfx_new(GFX_HEADLESS, W, H, false, SOURCE_DIR "/fonts", err, sizeof err);
    f->fresh = gfx_new(GFX_HEADLESS, W, H, false, SOURCE_DIR "/fonts", err, sizeof err);
    assert_non_null(f->k.gfx);
    assert_non_null(f->fresh);
    ui_init(&f->k.ui, gfx_measure, f->k.gfx);
    f->k.virtual_clock = true;
    f->k.clock_ms = now * 1000;
    app_init(&f->k.app, LANG_FI, 60, 20, f->k.clock_ms);
    kiosk_dispatch(&f->k, &(Action){.kind = ACT_TICK, .t = f->k.clock_ms});
    kiosk_dispatch(&f->k, &(Action){.kind = ACT_WAKE});
    check_frame(f, "the list");

    /* Scrolling by odd amounts both ways, past card edges, to the end and back. */
    static const int steps[] = {37, 1, 120, 259, -80, -3, 500, 2000, -2000, 64};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        kiosk_dispatch(&f->k,
                       &(Action){.kind = ACT_SCROLL_BY, .a = SCROLL_LIST, .f = (float)steps[i]});
        char what[64];
        snprintf(what, sizeof what, "scrolled by %d", steps[i]);
        check_frame(f, what);
    }
    /* A press and its release: only the card changes. */
    Action out[4];
    int x = 200, y = 400;
    int k = ui_pointer_down(&f->k.ui, x, y, f->k.clock_ms, out);
    for (int i = 0; i < k; i++)
        kiosk_dispatch(&f->k, &out[i]);
    check_frame(f, "a card pressed");
    /* A drag that starts on the card: the press ends and the list moves. */
    for (int i = 1; i <= 5; i++) {
        k = ui_pointer_move(&f->k.ui, x, y - 15 * i, f->k.clock_ms + 16 * i, out);
        for (int j = 0; j < k; j++)
            kiosk_dispatch(&f->k, &out[j]);
        check_frame(f, "dragging");
    }
    /* The language changes everything. */
    kiosk_dispatch(&f->k, &(Action){.kind = ACT_SET_LANG, .a = LANG_SV});
    check_frame(f, "in Swedish");
    assert_true(f->frames >= 18);
    assert_int_equal(f->differing, 0);

    app_deinit(&f->k.app);
    ui_deinit(&f->k.ui);
    gfx_free(f->k.gfx);
    gfx_free(f->fresh);
    store_close(f->k.store);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_partial_frames_match_full_redraws),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
