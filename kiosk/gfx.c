/*
 * gfx.c: SDL2 + SDL_ttf drawing of the display list.
 *
 * Shapes: rounded rectangles and circles come from one anti-aliased white disc texture per radius,
 * tinted with colour mod: four quarter-discs plus three rectangles make a rounded rectangle. Lines
 * (icons, the smileys' mouths) are drawn as a row of small discs. All of it works the same on the
 * software renderer, which is what a kiosk without a GPU uses.
 */
#include "gfx.h"
#include "gfx_png.h"

#include "qr.h"
#include "ui_diff.h"
#include "util.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEXT_CACHE 2048 /* slots; a screen holds a few hundred strings */
/* Pixel bytes of text kept as textures between frames. The list at 1920x1080 draws 2 MB of
 * text; all of it cached was a tenth of the UI process's memory (README, "Memory of the UI
 * process"). What does not fit is drawn for its frame and freed, as floor_sdl draws all its
 * text; the frames that scroll redraw only what scrolled in (gfx_draw), so little is drawn twice:
 * over bench_kiosk's 1,791 scrolling frames gfx_draw ran 1.77 G instructions with 6 MB, 1.95 G
 * with 512 KB, 2.18 G with 256 KB, 2.88 G with none. AUKIO_TEXT_CACHE_KIB sets it for a
 * benchmark (0: nothing kept). */
#define TEXT_BYTES_MAX (512 << 10)
#define WIDTH_CACHE 8192
#define MAX_FONTS 24
#define MAX_DISCS 64

typedef struct {
    uint64_t hash;
    char *text;
    int px;
    bool bold;
    UiRgba color;
    SDL_Texture *tex;
    int w, h;
    uint64_t used; /* frame it was last drawn in */
} TextEntry;

typedef struct {
    uint64_t hash;
    int width;
    int px;
    bool bold;
    char *text;
} WidthEntry;

typedef struct {
    int px;
    bool bold;
    TTF_Font *font;
} FontEntry;

typedef struct {
    int radius;
    SDL_Texture *tex;
} Disc;

struct Gfx {
    SDL_Window *window;
    SDL_Renderer *renderer;
    SDL_Surface *surface; /* headless target */
    int w, h;
    char font_path[2][512];
    void *font_data[2]; /* each font file, mapped once: every size opens from memory */
    size_t font_size[2];
    FontEntry fonts[MAX_FONTS];
    int n_fonts;
    TextEntry text[TEXT_CACHE];
    int n_text;
    size_t text_bytes; /* pixel bytes held by the text textures */
    WidthEntry widths[WIDTH_CACHE];
    Disc discs[MAX_DISCS];
    int n_discs;
    uint64_t frame;
    uint64_t evicted; /* the frame text_evict last ran in: at most once a frame */
    size_t text_max;  /* TEXT_BYTES_MAX, or the environment's */
    TextEntry once;   /* a text drawn without the cache (draw_text frees it) */
    bool video_init;
    bool own_surface; /* the window: a software renderer on its surface (see gfx_new) */
    /* The last frame drawn, to recognise one that only scrolled or changed in part (gfx_draw). */
    UiDiff prev;
    QrCache qr; /* the QR codes on screen, encoded once each */
};

/* FNV-1a over the text and the style. */
static uint64_t hash_text(const char *s, int px, bool bold, uint32_t color)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 1099511628211ULL;
    h = (h ^ (uint64_t)px) * 1099511628211ULL;
    h = (h ^ (uint64_t)bold) * 1099511628211ULL;
    h = (h ^ color) * 1099511628211ULL;
    return h ? h : 1;
}

static TTF_Font *font_get(Gfx *g, int px, bool bold)
{
    for (int i = 0; i < g->n_fonts; i++)
        if (g->fonts[i].px == px && g->fonts[i].bold == bold) return g->fonts[i].font;
    if (g->n_fonts == MAX_FONTS) {
        /* Sizes come from a handful of font classes; this many means text-size toggling on a
         * resized window. Start over rather than grow. */
        for (int i = 0; i < g->n_fonts; i++)
            TTF_CloseFont(g->fonts[i].font);
        g->n_fonts = 0;
        gfx_forget_text(g);
    }
    int which = bold ? 1 : 0;
    SDL_RWops *rw = SDL_RWFromConstMem(g->font_data[which], (int)g->font_size[which]);
    TTF_Font *f = rw ? TTF_OpenFontRW(rw, 1, px) : NULL;
    if (!f) {
        fprintf(stderr, "aukio: font %s: %s\n", g->font_path[bold ? 1 : 0], TTF_GetError());
        abort();
    }
    TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
    g->fonts[g->n_fonts++] = (FontEntry){px, bold, f};
    return f;
}

/*
 * Noto Sans lacks some characters real event texts use (the minus sign U+2212 in "17−19", arrows).
 * Rather than draw a box, such a character becomes its nearest ASCII look-alike, or '?'. Writes
 * into BUF and returns it, or returns TEXT itself when every glyph is there (the common case).
 */
static const char *with_fallbacks(TTF_Font *font, const char *text, char *buf, size_t n)
{
    static const struct {
        uint32_t cp;
        const char *ascii;
    } map[] = {{0x2212, "-"},  {0x2010, "-"},  {0x2011, "-"}, {0x2043, "-"}, {0x2190, "<-"},
               {0x2192, "->"}, {0x21D2, "=>"}, {0x2713, "v"}, {0x2715, "x"}, {0xFE0F, ""}};
    const unsigned char *p = (const unsigned char *)text;
    bool missing = false;
    size_t len = 0;
    while (*p) {
        uint32_t cp = *p;
        int extra = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : cp >= 0xC0 ? 1 : 0;
        const unsigned char *start = p;
        if (extra) cp &= 0x3F >> extra;
        p++;
        for (int i = 0; i < extra && (*p & 0xC0) == 0x80; i++)
            cp = cp << 6 | (*p++ & 0x3F);
        const char *sub = NULL;
        size_t sub_len;
        if (cp >= 0x80 && !TTF_GlyphIsProvided32(font, cp)) {
            missing = true;
            sub = "?";
            for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
                if (map[i].cp == cp) sub = map[i].ascii;
            sub_len = strlen(sub);
        } else {
            sub = (const char *)start;
            sub_len = (size_t)(p - start);
        }
        if (len + sub_len + 1 > n) break;
        memcpy(buf + len, sub, sub_len);
        len += sub_len;
    }
    buf[len] = '\0';
    return missing ? buf : text;
}

int gfx_measure(void *ctx, int px, bool bold, const char *text)
{
    Gfx *g = ctx;
    uint64_t h = hash_text(text, px, bold, 0);
    WidthEntry *e = &g->widths[h % WIDTH_CACHE];
    if (e->hash == h && e->px == px && e->bold == bold && e->text && strcmp(e->text, text) == 0)
        return e->width;
    int w = 0, hh = 0;
    TTF_Font *font = font_get(g, px, bold);
    char buf[2048];
    if (TTF_SizeUTF8(font, with_fallbacks(font, text, buf, sizeof(buf)), &w, &hh) != 0) w = 0;
    free(e->text);
    e->text = strdup(text);
    e->hash = h;
    e->px = px;
    e->bold = bold;
    e->width = w;
    return w;
}

/* Drops every text not drawn in the last two frames and re-inserts the rest, so that no probe
 * chain of the open-addressed table is left broken by a hole. Runs when the table is 3/4 full
 * or the textures hold more than TEXT_BYTES_MAX: scrolling through thousands of events would
 * otherwise keep every title ever shown. */
static void text_evict(Gfx *g)
{
    TextEntry *keep = malloc(sizeof(g->text));
    int n_keep = 0;
    for (int i = 0; i < TEXT_CACHE; i++) {
        TextEntry *e = &g->text[i];
        if (!e->tex) continue;
        if (keep && e->used + 2 >= g->frame) {
            keep[n_keep++] = *e;
        } else {
            SDL_DestroyTexture(e->tex);
            free(e->text);
        }
    }
    memset(g->text, 0, sizeof(g->text));
    g->n_text = 0;
    g->text_bytes = 0;
    for (int k = 0; k < n_keep; k++) {
        size_t i = keep[k].hash % TEXT_CACHE;
        while (g->text[i].tex)
            i = (i + 1) % TEXT_CACHE;
        g->text[i] = keep[k];
        g->n_text++;
        g->text_bytes += (size_t)keep[k].w * (size_t)keep[k].h * 4;
    }
    free(keep);
}

static TextEntry *text_get(Gfx *g, const char *text, int px, bool bold, UiRgba c)
{
    uint32_t color = (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a;
    uint64_t h = hash_text(text, px, bold, color);
    size_t i = h % TEXT_CACHE;
    for (int probe = 0; probe < TEXT_CACHE; probe++, i = (i + 1) % TEXT_CACHE) {
        TextEntry *e = &g->text[i];
        if (!e->tex) break;
        if (e->hash == h && e->px == px && e->bold == bold && strcmp(e->text, text) == 0 &&
            memcmp(&e->color, &c, sizeof(c)) == 0) {
            e->used = g->frame;
            return e;
        }
    }
    if (g->n_text >= TEXT_CACHE * 3 / 4) {
        text_evict(g);
        g->evicted = g->frame;
        i = h % TEXT_CACHE;
    }
    SDL_Color sc = {c.r, c.g, c.b, c.a};
    TTF_Font *font = font_get(g, px, bold);
    char buf[2048];
    SDL_Surface *s = TTF_RenderUTF8_Blended(font, with_fallbacks(font, text, buf, sizeof(buf)), sc);
    if (!s) return NULL;
    size_t bytes = (size_t)s->w * (size_t)s->h * 4;
    if (g->text_bytes + bytes > g->text_max && g->evicted != g->frame) {
        text_evict(g); /* what earlier frames drew and this one has not */
        g->evicted = g->frame;
        i = h % TEXT_CACHE;
    }
    SDL_Texture *tex = SDL_CreateTextureFromSurface(g->renderer, s);
    TextEntry *e = &g->once;
    if (g->text_bytes + bytes <= g->text_max) {
        while (g->text[i].tex)
            i = (i + 1) % TEXT_CACHE;
        e = &g->text[i];
    }
    *e =
        (TextEntry){h, e == &g->once ? NULL : strdup(text), px, bold, c, tex, s->w, s->h, g->frame};
    SDL_FreeSurface(s);
    if (!tex || (e != &g->once && !e->text)) {
        if (tex) SDL_DestroyTexture(tex);
        free(e->text);
        memset(e, 0, sizeof(*e));
        return NULL;
    }
    if (e == &g->once) return e;
    g->n_text++;
    g->text_bytes += bytes;
    return e;
}

void gfx_invalidate(Gfx *g)
{
    ui_diff_invalidate(&g->prev);
}

void gfx_forget_text(Gfx *g)
{
    for (int i = 0; i < TEXT_CACHE; i++) {
        if (g->text[i].tex) SDL_DestroyTexture(g->text[i].tex);
        free(g->text[i].text);
    }
    memset(g->text, 0, sizeof(g->text));
    g->n_text = 0;
    g->text_bytes = 0;
    for (int i = 0; i < WIDTH_CACHE; i++)
        free(g->widths[i].text);
    memset(g->widths, 0, sizeof(g->widths));
    qr_cache_deinit(&g->qr);
}

/* ---- Shapes ----------------------------------------------------------------------------- */

/* An anti-aliased white disc of radius R (coverage from the distance to the edge). */
static SDL_Texture *disc_get(Gfx *g, int r)
{
    if (r < 1) r = 1;
    for (int i = 0; i < g->n_discs; i++)
        if (g->discs[i].radius == r) return g->discs[i].tex;
    int d = 2 * r;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, d, d, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) return NULL;
    uint32_t *px = s->pixels;
    for (int y = 0; y < d; y++) {
        for (int x = 0; x < d; x++) {
            float dx = (float)x + 0.5f - (float)r, dy = (float)y + 0.5f - (float)r;
            float cover = (float)r - sqrtf(dx * dx + dy * dy) + 0.5f;
            if (cover < 0) cover = 0;
            if (cover > 1) cover = 1;
            uint32_t a = (uint32_t)(cover * 255.0f + 0.5f);
            px[y * (s->pitch / 4) + x] = a << 24 | 0xFFFFFF;
        }
    }
    SDL_Texture *t = SDL_CreateTextureFromSurface(g->renderer, s);
    SDL_FreeSurface(s);
    if (!t) return NULL;
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    if (g->n_discs == MAX_DISCS) {
        SDL_DestroyTexture(g->discs[0].tex);
        memmove(g->discs, g->discs + 1, sizeof(Disc) * (MAX_DISCS - 1));
        g->n_discs--;
    }
    g->discs[g->n_discs++] = (Disc){r, t};
    return t;
}

static void set_color(Gfx *g, UiRgba c)
{
    SDL_SetRenderDrawColor(g->renderer, c.r, c.g, c.b, c.a);
    SDL_SetRenderDrawBlendMode(g->renderer, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
}

static void fill_rounded(Gfx *g, SDL_Rect r, int radius, UiRgba c)
{
    if (r.w <= 0 || r.h <= 0) return;
    if (radius > r.w / 2) radius = r.w / 2;
    if (radius > r.h / 2) radius = r.h / 2;
    set_color(g, c);
    if (radius <= 1) {
        SDL_RenderFillRect(g->renderer, &r);
        return;
    }
    SDL_Rect mid = {r.x, r.y + radius, r.w, r.h - 2 * radius};
    SDL_Rect topr = {r.x + radius, r.y, r.w - 2 * radius, radius};
    SDL_Rect bot = {r.x + radius, r.y + r.h - radius, r.w - 2 * radius, radius};
    SDL_RenderFillRect(g->renderer, &mid);
    SDL_RenderFillRect(g->renderer, &topr);
    SDL_RenderFillRect(g->renderer, &bot);
    SDL_Texture *t = disc_get(g, radius);
    if (!t) return;
    SDL_SetTextureColorMod(t, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(t, c.a);
    for (int q = 0; q < 4; q++) {
        int sx = (q & 1) ? radius : 0, sy = (q & 2) ? radius : 0;
        SDL_Rect src = {sx, sy, radius, radius};
        SDL_Rect dst = {r.x + ((q & 1) ? r.w - radius : 0), r.y + ((q & 2) ? r.h - radius : 0),
                        radius, radius};
        SDL_RenderCopy(g->renderer, t, &src, &dst);
    }
}

static void fill_circle(Gfx *g, float cx, float cy, float radius, UiRgba c)
{
    int r = (int)(radius + 0.5f);
    SDL_Texture *t = disc_get(g, r);
    if (!t) return;
    SDL_SetTextureColorMod(t, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(t, c.a);
    SDL_Rect dst = {(int)(cx - (float)r + 0.5f), (int)(cy - (float)r + 0.5f), 2 * r, 2 * r};
    SDL_RenderCopy(g->renderer, t, NULL, &dst);
}

/* A round-capped line of width W as a row of discs. */
static void line(Gfx *g, float x0, float y0, float x1, float y1, float w, UiRgba c)
{
    float len = hypotf(x1 - x0, y1 - y0);
    int steps = (int)(len / (w / 4.0f)) + 1;
    for (int i = 0; i <= steps; i++) {
        float t = (float)i / (float)steps;
        fill_circle(g, x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, w / 2, c);
    }
}

static void draw_icon(Gfx *g, SDL_Rect r, int icon, UiRgba c)
{
    float s = (float)(r.w < r.h ? r.w : r.h);
    float cx = (float)r.x + (float)r.w / 2, cy = (float)r.y + (float)r.h / 2;
    float w = s * 0.09f;
    switch (icon) {
    case ICON_CHECK:
        line(g, cx - s * 0.24f, cy + s * 0.02f, cx - s * 0.07f, cy + s * 0.19f, w, c);
        line(g, cx - s * 0.07f, cy + s * 0.19f, cx + s * 0.26f, cy - s * 0.18f, w, c);
        break;
    case ICON_QUEUE:
        for (int i = -1; i <= 1; i++)
            line(g, cx - s * 0.22f, cy + (float)i * s * 0.16f, cx + s * 0.22f,
                 cy + (float)i * s * 0.16f, w, c);
        break;
    case ICON_HEART: {
        float rr = s * 0.15f;
        fill_circle(g, cx - rr * 0.95f, cy - rr * 0.6f, rr, c);
        fill_circle(g, cx + rr * 0.95f, cy - rr * 0.6f, rr, c);
        SDL_Vertex v[3] = {
            {{cx - rr * 1.95f, cy - rr * 0.35f}, {c.r, c.g, c.b, c.a}, {0, 0}},
            {{cx + rr * 1.95f, cy - rr * 0.35f}, {c.r, c.g, c.b, c.a}, {0, 0}},
            {{cx, cy + rr * 1.9f}, {c.r, c.g, c.b, c.a}, {0, 0}},
        };
        SDL_RenderGeometry(g->renderer, NULL, v, 3, NULL, 0);
        break;
    }
    case ICON_CLOCK:
        /* A dial's four marks and its hands at ten past ten. */
        for (int i = 0; i < 4; i++) {
            float a = (float)i * 1.5707963f;
            fill_circle(g, cx + s * 0.27f * SDL_cosf(a), cy + s * 0.27f * SDL_sinf(a), s * 0.035f,
                        c);
        }
        line(g, cx, cy, cx, cy - s * 0.2f, w, c);
        line(g, cx, cy, cx + s * 0.14f, cy + s * 0.05f, w, c);
        break;
    case ICON_CROSS:
        line(g, cx - s * 0.17f, cy - s * 0.17f, cx + s * 0.17f, cy + s * 0.17f, w, c);
        line(g, cx - s * 0.17f, cy + s * 0.17f, cx + s * 0.17f, cy - s * 0.17f, w, c);
        break;
    case ICON_CHEVRON:
        line(g, cx - s * 0.15f, cy - s * 0.07f, cx, cy + s * 0.08f, w, c);
        line(g, cx, cy + s * 0.08f, cx + s * 0.15f, cy - s * 0.07f, w, c);
        break;
    case ICON_BACKSPACE: {
        float lw = s * 0.05f;
        float l = cx - s * 0.28f, rgt = cx + s * 0.24f, t = cy - s * 0.16f, b = cy + s * 0.16f;
        float tip = l + s * 0.14f;
        line(g, l, cy, tip, t, lw, c);
        line(g, tip, t, rgt, t, lw, c);
        line(g, rgt, t, rgt, b, lw, c);
        line(g, rgt, b, tip, b, lw, c);
        line(g, tip, b, l, cy, lw, c);
        float xc = (tip + rgt) / 2 + s * 0.01f;
        line(g, xc - s * 0.07f, cy - s * 0.07f, xc + s * 0.07f, cy + s * 0.07f, lw, c);
        line(g, xc - s * 0.07f, cy + s * 0.07f, xc + s * 0.07f, cy - s * 0.07f, lw, c);
        break;
    }
    case ICON_SHIFT: {
        float lw = s * 0.05f;
        float t = cy - s * 0.24f, mid = cy, b = cy + s * 0.2f;
        line(g, cx, t, cx - s * 0.22f, mid, lw, c);
        line(g, cx, t, cx + s * 0.22f, mid, lw, c);
        line(g, cx - s * 0.22f, mid, cx - s * 0.1f, mid, lw, c);
        line(g, cx + s * 0.22f, mid, cx + s * 0.1f, mid, lw, c);
        line(g, cx - s * 0.1f, mid, cx - s * 0.1f, b, lw, c);
        line(g, cx + s * 0.1f, mid, cx + s * 0.1f, b, lw, c);
        line(g, cx - s * 0.1f, b, cx + s * 0.1f, b, lw, c);
        break;
    }
    case ICON_MINUS:
    case ICON_PLUS:
        line(g, cx - s * 0.18f, cy, cx + s * 0.18f, cy, w, c);
        if (icon == ICON_PLUS) line(g, cx, cy - s * 0.18f, cx, cy + s * 0.18f, w, c);
        break;
    default:
        break;
    }
}

/* A HappyOrNot-style face: SCORE 1 frowns, 4 beams. */
/* A QR code: dark modules on white, always (a camera needs it so in either theme), each module
 * a whole number of pixels and at least the quiet zone white around them: the whole of R is. */
static void draw_qr(Gfx *g, SDL_Rect r, const char *text)
{
    set_color(g, (UiRgba){255, 255, 255, 255});
    SDL_RenderFillRect(g->renderer, &r);
    const QrEntry *q = qr_cache_get(&g->qr, text);
    int m = q ? qr_module_px(r.w < r.h ? r.w : r.h, q->width) : 0;
    if (!m) return;
    int x0 = r.x + (r.w - m * q->width) / 2, y0 = r.y + (r.h - m * q->width) / 2;
    set_color(g, (UiRgba){0, 0, 0, 255});
    for (int y = 0; y < q->width; y++)
        for (int x = 0; x < q->width;) { /* a run of dark modules is one rectangle */
            int run = 0;
            while (x + run < q->width && q->dark[y * q->width + x + run])
                run++;
            if (run) {
                SDL_Rect d = {x0 + x * m, y0 + y * m, run * m, m};
                SDL_RenderFillRect(g->renderer, &d);
            }
            x += run ? run : 1;
        }
}

static void draw_smiley(Gfx *g, SDL_Rect r, int score, UiRgba face, UiRgba ink)
{
    float s = (float)r.w;
    float cx = (float)r.x + s / 2, cy = (float)r.y + s / 2;
    fill_circle(g, cx, cy, s / 2, face);
    fill_circle(g, cx - s * 0.17f, cy - s * 0.12f, s * 0.06f, ink);
    fill_circle(g, cx + s * 0.17f, cy - s * 0.12f, s * 0.06f, ink);
    /* Mouth: a parabola whose curvature goes from sad to happy. */
    static const float bend[5] = {0, -0.16f, -0.06f, 0.08f, 0.17f};
    float k = bend[score < 1 ? 1 : score > 4 ? 4 : score];
    float half = s * 0.22f, base = cy + s * 0.2f - k * s * 0.3f;
    float px = 0, py = 0;
    for (int i = 0; i <= 24; i++) {
        float t = (float)i / 24.0f * 2 - 1;
        float x = cx + t * half, y = base + k * s * (1 - t * t);
        if (i > 0) line(g, px, py, x, y, s * 0.055f, ink);
        px = x;
        py = y;
    }
}

/* ---- Frame ------------------------------------------------------------------------------ */

static void draw_text(Gfx *g, const char *text, int px, bool bold, UiRgba c, SDL_Rect box,
                      int align)
{
    if (!text || !*text) return;
    TextEntry *e = text_get(g, text, px, bold, c);
    if (!e) return;
    int x = box.x;
    if (align == UI_ALIGN_CENTER) x = box.x + (box.w - e->w) / 2;
    if (align == UI_ALIGN_RIGHT) x = box.x + box.w - e->w;
    SDL_Rect dst = {x, box.y + (box.h - e->h) / 2, e->w, e->h};
    SDL_RenderCopy(g->renderer, e->tex, NULL, &dst);
    if (e == &g->once) { /* SDL draws what is queued with it before it goes */
        SDL_DestroyTexture(e->tex);
        memset(e, 0, sizeof *e);
    }
}

static UiRgba fade(UiRgba c, bool disabled)
{
    if (disabled) c.a = (uint8_t)(c.a * 2 / 5);
    return c;
}

static void draw_node(Gfx *g, const Ui *ui, const UiNode *n)
{
    SDL_Rect r = {n->r.x, n->r.y, n->r.w, n->r.h};
    bool disabled = n->flags & UI_DISABLED;
    UiRgba bg = fade(ui_color(ui, n->bg), disabled);
    UiRgba fg = fade(ui_color(ui, n->fg), disabled);
    int bw = (n->flags & (UI_FOCUSED | UI_ERROR)) ? ui_px(ui, 3) : ui_px(ui, 2);
    if (bw < 1) bw = 1;
    switch (n->role) {
    case ROLE_SCROLL:
        return;
    case ROLE_TEXT: {
        int px = n->px ? n->px : ui_font_px(ui, n->font);
        draw_text(g, n->text, px, n->bold, fg, r, UI_ALIGN_LEFT);
        return;
    }
    case ROLE_ICON:
        draw_icon(g, r, n->extra, fg);
        return;
    case ROLE_QR:
        draw_qr(g, r, n->text);
        return;
    case ROLE_SMILEY:
        draw_smiley(g, r, n->extra, bg, ui_color(ui, COL_TEXT));
        if (n->flags & UI_PRESSED)
            fill_circle(g, (float)r.x + (float)r.w / 2, (float)r.y + (float)r.h / 2, (float)r.w / 2,
                        ui_color(ui, COL_PRESSED));
        return;
    default:
        break;
    }
    /* Panels, buttons, cards, inputs, keys, checkboxes: a (bordered) rounded box. */
    if (n->role == ROLE_PANEL && n->extra == 1) bg.a = 150; /* the picker's scrim */
    if (n->border != 0xff) {
        fill_rounded(g, r, n->radius, fade(ui_color(ui, n->border), disabled));
        SDL_Rect in = {r.x + bw, r.y + bw, r.w - 2 * bw, r.h - 2 * bw};
        fill_rounded(g, in, n->radius - bw, bg);
    } else {
        fill_rounded(g, r, n->radius, bg);
    }
    if ((n->flags & UI_SELECTED) && ui->high_contrast && n->role != ROLE_PANEL) {
        /* In high contrast a selection is also a shape, not only a colour. */
        SDL_Rect u = {r.x + r.w / 4, r.y + r.h - ui_px(ui, 8), r.w / 2, ui_px(ui, 4)};
        fill_rounded(g, u, ui_px(ui, 2), ui_color(ui, COL_ON_PRIMARY));
    }
    /* Buttons, keys and checkboxes show their label, unless another element draws it (issue 9:
     * multiple-choice answers, which are checkboxes, were drawn as blank boxes). */
    bool labelled =
        (n->role == ROLE_BUTTON || n->role == ROLE_KEY || (n->role == ROLE_CHECKBOX && n->text)) &&
        !(n->flags & UI_LABEL_APART);
    if (labelled) {
        if (n->extra && (n->role == ROLE_KEY || n->role == ROLE_BUTTON))
            draw_icon(g, r, n->extra, fg);
        else
            draw_text(g, n->text, n->px ? n->px : ui_font_px(ui, n->font), true, fg, r,
                      UI_ALIGN_CENTER);
    }
    if (n->flags & UI_PRESSED) fill_rounded(g, r, n->radius, ui_color(ui, COL_PRESSED));
}

/* ---- Drawing in part --------------------------------------------------------------------
 *
 * ui_diff.c decides from the display lists whether a frame only scrolled or changed in a few
 * elements; here the pixels are moved and the rest painted. */

/* Moves the pixels of VIEW up by DY (down if negative) on the target surface. */
static void shift_pixels(Gfx *g, UiRect view, int dy)
{
    SDL_Surface *s = g->surface;
    bool lock = SDL_MUSTLOCK(s);
    if (lock && SDL_LockSurface(s) != 0) return;
    size_t bpp = s->format->BytesPerPixel, row = (size_t)view.w * bpp;
    uint8_t *base = (uint8_t *)s->pixels + (size_t)view.x * bpp;
    int rows = view.h - abs(dy);
    if (dy > 0) {
        for (int y = 0; y < rows; y++)
            memmove(base + (size_t)(view.y + y) * s->pitch,
                    base + (size_t)(view.y + y + dy) * s->pitch, row);
    } else {
        for (int y = rows - 1; y >= 0; y--)
            memmove(base + (size_t)(view.y + y - dy) * s->pitch,
                    base + (size_t)(view.y + y) * s->pitch, row);
    }
    if (lock) SDL_UnlockSurface(s);
}

static void draw_nodes(Gfx *g, const Ui *ui, const UiRect *only);

/* The window was resized or exposed anew and SDL replaced its surface: a new renderer on it, and
 * the old renderer's textures with it. */
static void reattach(Gfx *g)
{
    SDL_Surface *now = SDL_GetWindowSurface(g->window);
    if (!now || now == g->surface) return;
    gfx_forget_text(g);
    for (int i = 0; i < g->n_discs; i++)
        SDL_DestroyTexture(g->discs[i].tex);
    g->n_discs = 0;
    SDL_DestroyRenderer(g->renderer);
    g->surface = now;
    g->renderer = SDL_CreateSoftwareRenderer(now);
    if (!g->renderer) {
        fprintf(stderr, "aukio: SDL: %s\n", SDL_GetError());
        abort();
    }
    ui_diff_invalidate(&g->prev);
}

void gfx_draw(Gfx *g, const Ui *ui)
{
    if (g->own_surface) reattach(g);
    g->frame++;
    int dy = 0, changed;
    UiRect view;
    /* Drawing in part needs pixels to keep: a surface (headless, or the software window). */
    int clip = g->surface ? ui_diff_scrolled(&g->prev, ui, &dy, &view) : -1;
    if (clip > 0) {
        SDL_RenderFlush(g->renderer);
        shift_pixels(g, view, dy);
        UiRect strip = view;
        if (dy > 0)
            strip.y += view.h - dy, strip.h = dy;
        else
            strip.h = -dy;
        draw_nodes(g, ui, &strip);
        SDL_RenderFlush(g->renderer);
        if (g->own_surface) {
            SDL_Rect r = {view.x, view.y, view.w, view.h};
            SDL_UpdateWindowSurfaceRects(g->window, &r, 1);
        }
    } else if (g->surface && (changed = ui_diff_changed(&g->prev, ui, &view)) >= 0) {
        if (changed) {
            draw_nodes(g, ui, &view);
            SDL_RenderFlush(g->renderer);
            if (g->own_surface) {
                SDL_Rect r = {view.x, view.y, view.w, view.h};
                SDL_UpdateWindowSurfaceRects(g->window, &r, 1);
            }
        }
    } else {
        draw_nodes(g, ui, NULL);
        SDL_RenderPresent(g->renderer);
        if (g->own_surface) SDL_UpdateWindowSurface(g->window);
    }
    ui_diff_remember(&g->prev, ui);
}

/* Draws UI's nodes in order; with ONLY, just what meets that rectangle, clipped to it. */
static void draw_nodes(Gfx *g, const Ui *ui, const UiRect *only)
{
    int clip = -1;
    SDL_RenderSetClipRect(g->renderer, NULL);
    for (int i = 0; i < ui->n; i++) {
        const UiNode *n = &ui->nodes[i];
        if (only && !ui_rects_meet(ui_ink_rect(n), *only)) continue;
        if (n->clip != clip) {
            clip = n->clip;
            UiRect c = ui->clips[clip];
            if (only) {
                int x0 = c.x > only->x ? c.x : only->x, y0 = c.y > only->y ? c.y : only->y;
                int x1 = c.x + c.w < only->x + only->w ? c.x + c.w : only->x + only->w;
                int y1 = c.y + c.h < only->y + only->h ? c.y + c.h : only->y + only->h;
                c = (UiRect){x0, y0, x1 > x0 ? x1 - x0 : 0, y1 > y0 ? y1 - y0 : 0};
            }
            if (clip == 0 && !only) {
                SDL_RenderSetClipRect(g->renderer, NULL);
            } else {
                SDL_Rect sc = {c.x, c.y, c.w, c.h};
                SDL_RenderSetClipRect(g->renderer, &sc);
            }
        }
        /* Skip what the clip hides entirely: long lists keep only the visible rows anyway. */
        if (!ui_node_visible(ui, i) && n->role != ROLE_SCROLL) continue;
        draw_node(g, ui, n);
    }
    SDL_RenderSetClipRect(g->renderer, NULL);
}

/* Maps the font file PATH read-only into *DATA (*SIZE bytes). Returns 0, or -1 with errno. */
static int font_map(const char *path, void **data, size_t *size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat st;
    void *p = MAP_FAILED;
    int saved = EINVAL; /* an empty file, or one too large for SDL's int sizes */
    if (fstat(fd, &st) != 0)
        saved = errno;
    else if (st.st_size > 0 && st.st_size < INT32_MAX &&
             (p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED)
        saved = errno;
    close(fd);
    if (p == MAP_FAILED) {
        errno = saved;
        return -1;
    }
    *data = p;
    *size = (size_t)st.st_size;
    return 0;
}

Gfx *gfx_new(GfxMode mode, int w, int h, bool accelerated, const char *font_dir, char *err,
             size_t errlen)
{
    Gfx *g = calloc(1, sizeof(*g));
    if (!g) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    ui_diff_init(&g->prev);
    g->text_max = TEXT_BYTES_MAX;
    const char *kib = getenv("AUKIO_TEXT_CACHE_KIB");
    long v;
    if (kib && *kib && parse_long(kib, 0, 1L << 20, &v) == 0) g->text_max = (size_t)v << 10;
    snprintf(g->font_path[0], sizeof(g->font_path[0]), "%s/NotoSans-Regular.ttf", font_dir);
    snprintf(g->font_path[1], sizeof(g->font_path[1]), "%s/NotoSans-Bold.ttf", font_dir);
    if (!TTF_WasInit() && TTF_Init() != 0) {
        snprintf(err, errlen, "SDL_ttf: %s", TTF_GetError());
        goto fail;
    }
    for (int i = 0; i < 2; i++) {
        /* FreeType reading a file through stdio made thousands of small reads and seeks before
         * the first frame. Mapped, the file is read by page faults, and only the pages of the
         * tables and glyphs used become resident (read whole, both fonts held 1 MB of heap). */
        if (font_map(g->font_path[i], &g->font_data[i], &g->font_size[i]) != 0) {
            snprintf(err, errlen, "font %s: %s", g->font_path[i], strerror(errno));
            goto fail;
        }
        SDL_RWops *rw = SDL_RWFromConstMem(g->font_data[i], (int)g->font_size[i]);
        TTF_Font *probe = rw ? TTF_OpenFontRW(rw, 1, 12) : NULL;
        if (!probe) {
            snprintf(err, errlen, "font %s: %s", g->font_path[i], TTF_GetError());
            goto fail;
        }
        TTF_CloseFont(probe);
    }
    if (mode == GFX_HEADLESS) {
        g->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!g->surface) goto sdl_fail;
        g->renderer = SDL_CreateSoftwareRenderer(g->surface);
        if (!g->renderer) goto sdl_fail;
        g->w = w;
        g->h = h;
        return g;
    }
    if (!accelerated) {
        /* Without this hint SDL builds an OpenGL (llvmpipe) backing store even for the software
         * renderer: 4x slower frames and 100 MiB more memory on a machine with no GPU. */
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    }
    if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) goto sdl_fail;
    g->video_init = true;
    Uint32 flags = SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI;
    if (mode == GFX_FULLSCREEN) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    g->window =
        SDL_CreateWindow("Aukio", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!g->window) goto sdl_fail;
    if (accelerated) {
        g->renderer = SDL_CreateRenderer(g->window, -1, SDL_RENDERER_ACCELERATED);
    } else {
        /* Software: draw straight into the window's surface, so a frame that only scrolled can
         * move pixels and update just that part of the window (see ui_diff_scrolled). */
        /* SDL 2.26's Wayland driver has no framebuffer of its own: the window's pixels reach
         * the compositor through a renderer's texture (the kiosk's unit under cage, README.md
         * "Installing"). SDL reads the hint at the first SDL_GetWindowSurface. */
        const char *driver = SDL_GetCurrentVideoDriver();
        if (driver && strcmp(driver, "wayland") == 0)
            SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "1");
        g->surface = SDL_GetWindowSurface(g->window);
        g->own_surface = g->surface != NULL;
        g->renderer = g->surface ? SDL_CreateSoftwareRenderer(g->surface) : NULL;
    }
    if (!g->renderer) goto sdl_fail;
    SDL_GetRendererOutputSize(g->renderer, &g->w, &g->h);
    SDL_ShowCursor(mode == GFX_FULLSCREEN ? SDL_DISABLE : SDL_ENABLE);
    return g;
sdl_fail:
    snprintf(err, errlen, "SDL: %s", SDL_GetError());
fail:
    gfx_free(g);
    return NULL;
}

void gfx_free(Gfx *g)
{
    if (!g) return;
    gfx_forget_text(g);
    for (int i = 0; i < g->n_discs; i++)
        SDL_DestroyTexture(g->discs[i].tex);
    for (int i = 0; i < g->n_fonts; i++)
        TTF_CloseFont(g->fonts[i].font);
    for (int i = 0; i < 2; i++)
        if (g->font_data[i]) munmap(g->font_data[i], g->font_size[i]); /* after their fonts */
    if (g->renderer) SDL_DestroyRenderer(g->renderer);
    if (g->surface && !g->own_surface) SDL_FreeSurface(g->surface); /* the window owns its own */
    if (g->window) SDL_DestroyWindow(g->window);
    ui_diff_deinit(&g->prev);
    if (g->video_init) SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
    free(g);
}

void gfx_size(Gfx *g, int *w, int *h)
{
    if (g->own_surface) reattach(g);
    if (g->renderer) SDL_GetRendererOutputSize(g->renderer, &g->w, &g->h);
    *w = g->w;
    *h = g->h;
}

unsigned gfx_window_id(Gfx *g)
{
    return g->window ? SDL_GetWindowID(g->window) : 0;
}

int gfx_save_png(Gfx *g, const char *path, char *err, size_t errlen)
{
    /* Headless, the pixels are the surface's own: encoded from there, with no 8 MB copy. */
    if (g->surface && !g->own_surface && g->surface->format->format == SDL_PIXELFORMAT_ARGB8888) {
        SDL_RenderFlush(g->renderer);
        return gfx_png_write(path, g->surface->pixels, g->w, g->h, (size_t)g->surface->pitch, err,
                             errlen);
    }
    size_t stride = (size_t)g->w * 4;
    uint8_t *pixels = malloc(stride * (size_t)g->h);
    if (!pixels) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = -1;
    if (SDL_RenderReadPixels(g->renderer, NULL, SDL_PIXELFORMAT_ARGB8888, pixels, (int)stride))
        snprintf(err, errlen, "reading pixels: %s", SDL_GetError());
    else
        rc = gfx_png_write(path, pixels, g->w, g->h, stride, err, errlen);
    free(pixels);
    return rc;
}
