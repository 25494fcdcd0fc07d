/*
 * floor_sdl.c: the floor the kiosk's start is measured against (issue 12). A bare SDL2 program
 * that draws the same event-list screen as `aukio` (top bar with five buttons, the title, five
 * filter chips, nine cards of the first upcoming events read from the kiosk's database, the bar
 * under the list with the count and two buttons) with SDL_ttf and the same fonts, on the same
 * software path (SDL_FRAMEBUFFER_ACCELERATION=0, the window's surface), and nothing else: no
 * layout engine, no text cache, no sync, no store beyond one query.
 *
 * Usage:
 *   floor_sdl DB FONT_DIR window [STAY_MS]   a 1920x1080 window; prints "first-frame" once it
 *                                            is shown, then pumps events for STAY_MS (0) and exits
 *   floor_sdl DB FONT_DIR png OUT.png        the same screen into a memory surface, then a PNG
 *                                            (libpng, compression 1, no filter)
 *
 * Exits 0, or 1 with a message on stderr. Only bench_start runs it.
 */
#include <png.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>
#include <SDL_ttf.h>

#define W 1920
#define H 1080
#define CARDS 9

typedef struct {
    char title[256], venue[256], category[64];
    int64_t start, end;
} Card;

static Card g_cards[CARDS];
static int g_n_cards, g_count;

static int die(const char *what, const char *why)
{
    fprintf(stderr, "floor_sdl: %s: %s\n", what, why ? why : "");
    return 1;
}

/* The first CARDS upcoming events and the count, as the kiosk's list reads them. */
static int load_rows(const char *db_path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return die(db_path, sqlite3_errmsg(db));
    int64_t now = (int64_t)time(NULL);
    sqlite3_stmt *st = NULL;
    const char *sql = "SELECT title_fi, venue_fi, category, start_time, end_time FROM events"
                      " WHERE start_time > 0 AND end_time >= ?1 AND gone = 0"
                      " ORDER BY start_time, end_time, id LIMIT 9";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return die("query", sqlite3_errmsg(db));
    sqlite3_bind_int64(st, 1, now);
    while (g_n_cards < CARDS && sqlite3_step(st) == SQLITE_ROW) {
        Card *c = &g_cards[g_n_cards++];
        snprintf(c->title, sizeof c->title, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(c->venue, sizeof c->venue, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(c->category, sizeof c->category, "%s", (const char *)sqlite3_column_text(st, 2));
        c->start = sqlite3_column_int64(st, 3);
        c->end = sqlite3_column_int64(st, 4);
    }
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM events WHERE end_time >= ?1", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_int64(st, 1, now);
        if (sqlite3_step(st) == SQLITE_ROW) g_count = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return 0;
}

typedef struct {
    SDL_Renderer *r;
    TTF_Font *body, *bold, *title, *small;
} Painter;

static void text(Painter *p, TTF_Font *f, const char *s, int x, int y, SDL_Color c)
{
    SDL_Surface *surf = TTF_RenderUTF8_Blended(f, s, c);
    if (!surf) return;
    SDL_Texture *t = SDL_CreateTextureFromSurface(p->r, surf);
    if (t) {
        SDL_Rect dst = {x, y, surf->w, surf->h};
        SDL_RenderCopy(p->r, t, NULL, &dst);
        SDL_DestroyTexture(t);
    }
    SDL_FreeSurface(surf);
}

static void box(Painter *p, int x, int y, int w, int h, SDL_Color fill, SDL_Color line)
{
    SDL_Rect rc = {x, y, w, h};
    SDL_SetRenderDrawColor(p->r, fill.r, fill.g, fill.b, 255);
    SDL_RenderFillRect(p->r, &rc);
    SDL_SetRenderDrawColor(p->r, line.r, line.g, line.b, 255);
    SDL_RenderDrawRect(p->r, &rc);
}

static void button(Painter *p, const char *label, int x, int y, int w, bool on)
{
    static const SDL_Color blue = {12, 74, 140, 255}, pale = {226, 232, 242, 255};
    static const SDL_Color white = {255, 255, 255, 255}, ink = {24, 30, 40, 255};
    box(p, x, y, w, 66, on ? blue : pale, on ? blue : pale);
    text(p, p->bold, label, x + 24, y + 14, on ? white : ink);
}

static void draw(Painter *p)
{
    static const SDL_Color bg = {243, 240, 235, 255}, white = {255, 255, 255, 255};
    static const SDL_Color ink = {24, 30, 40, 255}, dim = {80, 86, 96, 255};
    static const SDL_Color blue = {12, 74, 140, 255}, line = {200, 204, 210, 255};
    static const SDL_Color green = {26, 110, 50, 255};
    SDL_SetRenderDrawColor(p->r, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(p->r);
    box(p, 0, 0, W, 104, white, line);
    static const char *const top[] = {"Suomi", "Svenska", "English", "Iso teksti",
                                      "Suuri kontrasti"};
    static const int top_x[] = {1000, 1137, 1302, 1471, 1649}, top_w[] = {127, 155, 141, 168, 242};
    for (int i = 0; i < 5; i++)
        button(p, top[i], top_x[i], 20, top_w[i], i == 0);
    text(p, p->title, "Tulevat tapahtumat", 29, 126, ink);
    static const char *const chips[] = {"Tänään", "Tällä viikolla", "Kaikki", "Aihe: Kaikki aiheet",
                                        "Tapahtumapaikka: Kaikki tapahtumapaikat"};
    static const int chip_x[] = {29, 185, 408, 570, 875}, chip_w[] = {142, 208, 128, 290, 614};
    for (int i = 0; i < 5; i++)
        button(p, chips[i], chip_x[i], 198, chip_w[i], i == 2);
    for (int i = 0; i < g_n_cards; i++) {
        const Card *c = &g_cards[i];
        int x = 29 + (i % 3) * 625, y = 285 + (i / 3) * 274;
        box(p, x, y, 610, 258, white, line);
        char when[64];
        time_t t = (time_t)c->start, e = (time_t)c->end;
        struct tm a, b;
        localtime_r(&t, &a);
        localtime_r(&e, &b);
        snprintf(when, sizeof when, "%d.%d. klo %d.%02d–%d.%02d", a.tm_mday, a.tm_mon + 1,
                 a.tm_hour, a.tm_min, b.tm_hour, b.tm_min);
        text(p, p->small, when, x + 24, y + 24, blue);
        text(p, p->bold, c->title, x + 24, y + 58, ink);
        text(p, p->body, c->venue, x + 24, y + 148, dim);
        box(p, x + 24, y + 194, 220, 40, green, green);
        text(p, p->small, "2 paikkaa jäljellä", x + 40, y + 200, white);
        text(p, p->body, c->category, x + 430, y + 200, dim);
    }
    box(p, 0, 975, W, 105, white, line);
    char count[64];
    snprintf(count, sizeof count, "%d tapahtumaa", g_count);
    text(p, p->body, count, 29, 1008, dim);
    button(p, "Oma ilmoittautuminen", 1269, 989, 347, false);
    button(p, "Anna palautetta", 1632, 989, 259, true);
}

static int write_png(SDL_Surface *s, const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f) return die(path, "cannot write");
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    uint8_t *row = malloc((size_t)s->w * 3);
    if (!info || !row || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, info ? &info : NULL);
        fclose(f);
        free(row);
        return die(path, "PNG encoding failed");
    }
    png_init_io(png, f);
    png_set_compression_level(png, 1);
    png_set_filter(png, 0, PNG_FILTER_NONE);
    png_set_IHDR(png, info, (png_uint_32)s->w, (png_uint_32)s->h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < s->h; y++) {
        const uint32_t *src = (const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * s->pitch);
        for (int x = 0; x < s->w; x++) {
            row[x * 3] = (uint8_t)(src[x] >> 16);
            row[x * 3 + 1] = (uint8_t)(src[x] >> 8);
            row[x * 3 + 2] = (uint8_t)src[x];
        }
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(row);
    return fclose(f) == 0 ? 0 : die(path, "write failed");
}

int main(int argc, char **argv)
{
    if (argc < 4) return die("usage", "floor_sdl DB FONT_DIR window [STAY_MS] | png OUT.png");
    bool window = strcmp(argv[3], "window") == 0;
    if (!window && (strcmp(argv[3], "png") != 0 || argc < 5)) return die("usage", argv[3]);
    if (load_rows(argv[1])) return 1;
    if (TTF_Init() != 0) return die("TTF_Init", TTF_GetError());
    char path[2][1024];
    snprintf(path[0], sizeof path[0], "%s/NotoSans-Regular.ttf", argv[2]);
    snprintf(path[1], sizeof path[1], "%s/NotoSans-Bold.ttf", argv[2]);
    Painter p = {
        .body = TTF_OpenFont(path[0], 24),
        .bold = TTF_OpenFont(path[1], 28),
        .title = TTF_OpenFont(path[1], 46),
        .small = TTF_OpenFont(path[1], 20),
    };
    if (!p.body || !p.bold || !p.title || !p.small) return die("fonts", TTF_GetError());
    SDL_Surface *surface;
    SDL_Window *win = NULL;
    if (window) {
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) return die("SDL", SDL_GetError());
        win = SDL_CreateWindow("floor", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, W, H,
                               SDL_WINDOW_SHOWN);
        surface = win ? SDL_GetWindowSurface(win) : NULL;
    } else {
        surface = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    }
    if (!surface) return die("SDL", SDL_GetError());
    p.r = SDL_CreateSoftwareRenderer(surface);
    if (!p.r) return die("SDL", SDL_GetError());
    draw(&p);
    SDL_RenderPresent(p.r);
    if (!window) return write_png(surface, argv[4]);
    SDL_UpdateWindowSurface(win);
    printf("first-frame\n");
    fflush(stdout);
    Uint32 until = SDL_GetTicks() + (Uint32)(argc > 4 ? strtol(argv[4], NULL, 10) : 0);
    SDL_Event ev;
    while (SDL_GetTicks() < until)
        if (SDL_WaitEventTimeout(&ev, 50) && ev.type == SDL_QUIT) break;
    return 0;
}
