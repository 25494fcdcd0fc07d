/*
 * ui.c: display list building, dp conversion, text layout and touch handling. No SDL.
 */
#include "ui.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHORT_SIDE_DP 900.0f
#define DRAG_SLOP_DP 12.0f
#define ARENA_CAP (256 * 1024)

static const float font_dp[FONT_COUNT] = {18, 22, 22, 26, 38, 72};

void ui_init(Ui *ui, UiMeasureFn measure, void *ctx)
{
    memset(ui, 0, sizeof(*ui));
    ui->measure = measure;
    ui->measure_ctx = ctx;
    ui->pressed = -1;
    ui->drag_scroll = -1;
    ui->seen_focus = -1;
    ui->text_scale = 1.0f;
    ui->dp = 1.0f;
}

void ui_deinit(Ui *ui)
{
    free(ui->nodes);
    free(ui->arena);
    memset(ui, 0, sizeof(*ui));
}

void ui_begin(Ui *ui, int w, int h, bool large_text, bool high_contrast)
{
    ui->w = w;
    ui->h = h;
    ui->screen_h = h;
    ui->nav_back = false;
    int short_side = w < h ? w : h;
    ui->dp = (float)short_side / SHORT_SIDE_DP;
    ui->text_scale = large_text ? UI_LARGE_TEXT_SCALE : 1.0f;
    ui->high_contrast = high_contrast;
    ui->n = 0;
    ui->n_requests = 0;
    ui->arena_used = 0;
    ui->n_clips = 1;
    ui->clips[0] = (UiRect){0, 0, w, h};
    ui->clip_depth = 1;
    ui->clip_stack[0] = 0;
    if (!ui->arena) {
        ui->arena = malloc(ARENA_CAP);
        if (!ui->arena) abort();
        ui->arena_cap = ARENA_CAP;
    }
}

int ui_mark(const Ui *ui)
{
    return ui->n;
}

void ui_rewind(Ui *ui, int mark)
{
    assert(mark >= 0 && mark <= ui->n);
    ui->n = mark;
}

int ui_px(const Ui *ui, float dp)
{
    float px = dp * ui->dp;
    return (int)(px >= 0 ? px + 0.5f : px - 0.5f);
}

float ui_width_dp(const Ui *ui)
{
    return (float)ui->w / ui->dp;
}

float ui_height_dp(const Ui *ui)
{
    return (float)ui->h / ui->dp;
}

int ui_font_px(const Ui *ui, UiFont font)
{
    assert(font < FONT_COUNT);
    return ui_px(ui, font_dp[font] * ui->text_scale);
}

int ui_line_px(const Ui *ui, UiFont font)
{
    return ui_font_px(ui, font) * 4 / 3;
}

static bool font_bold(UiFont font, bool bold)
{
    return bold || font == FONT_LABEL || font == FONT_TITLE || font == FONT_HEADING ||
           font == FONT_HUGE;
}

int ui_text_width(Ui *ui, UiFont font, bool bold, const char *text)
{
    if (!text || !*text) return 0;
    return ui->measure(ui->measure_ctx, ui_font_px(ui, font), font_bold(font, bold), text);
}

UiNode *ui_add(Ui *ui, UiRole role, UiRect r)
{
    if (ui->n == ui->cap) {
        int cap = ui->cap ? ui->cap * 2 : 256;
        UiNode *nodes = realloc(ui->nodes, (size_t)cap * sizeof(*nodes));
        if (!nodes) abort();
        ui->nodes = nodes;
        ui->cap = cap;
    }
    UiNode *node = &ui->nodes[ui->n++];
    memset(node, 0, sizeof(*node));
    node->role = role;
    node->r = r;
    node->border = 0xff;
    node->clip = (int16_t)ui->clip_stack[ui->clip_depth - 1];
    return node;
}

/* Copies LEN bytes of S into the arena as a string. The arena is sized for far more text than a
 * screen holds; running out is a programming error caught in tests, so here it truncates. */
static const char *arena_strndup(Ui *ui, const char *s, size_t len)
{
    if (ui->arena_used + len + 1 > ui->arena_cap) return "";
    char *dst = ui->arena + ui->arena_used;
    memcpy(dst, s, len);
    dst[len] = '\0';
    ui->arena_used += len + 1;
    return dst;
}

char *ui_scratch(Ui *ui, size_t n)
{
    if (n == 0 || ui->arena_used + n > ui->arena_cap) return NULL;
    char *p = ui->arena + ui->arena_used;
    ui->arena_used += n;
    return p;
}

const char *ui_fmt(Ui *ui, const char *fmt, ...)
{
    size_t room = ui->arena_cap - ui->arena_used;
    char *dst = ui->arena + ui->arena_used;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(dst, room, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= room) return "";
    ui->arena_used += (size_t)n + 1;
    return dst;
}

static UiRect rect_intersect(UiRect a, UiRect b)
{
    int x0 = a.x > b.x ? a.x : b.x;
    int y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    if (x1 < x0) x1 = x0;
    if (y1 < y0) y1 = y0;
    return (UiRect){x0, y0, x1 - x0, y1 - y0};
}

static bool rect_contains(UiRect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

void ui_request(Ui *ui, Action act)
{
    if (ui->n_requests < (int)(sizeof(ui->requests) / sizeof(ui->requests[0])))
        ui->requests[ui->n_requests++] = act;
}

void ui_push_clip(Ui *ui, UiRect r)
{
    assert(ui->n_clips < UI_MAX_CLIPS && ui->clip_depth < UI_MAX_CLIPS);
    UiRect parent = ui->clips[ui->clip_stack[ui->clip_depth - 1]];
    ui->clips[ui->n_clips] = rect_intersect(parent, r);
    ui->clip_stack[ui->clip_depth++] = ui->n_clips++;
}

void ui_pop_clip(Ui *ui)
{
    assert(ui->clip_depth > 1);
    ui->clip_depth--;
}

/* ---- Text layout ------------------------------------------------------------------------ */

/* Bytes of the longest prefix of S[0..len) that fits in W px, cut at a UTF-8 boundary, with room
 * for SUFFIX_W px more. */
static size_t fit_prefix(Ui *ui, UiFont font, bool bold, const char *s, size_t len, int w,
                         int suffix_w)
{
    char buf[1024];
    size_t lo = 0, hi = len < sizeof(buf) - 1 ? len : sizeof(buf) - 1;
    /* Binary search over byte lengths, snapping to code point starts. */
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        while (mid > lo && (s[mid] & 0xC0) == 0x80)
            mid--;
        if (mid == lo) {
            /* The next code point starts after lo: try it whole. */
            mid = lo + 1;
            while (mid < hi && (s[mid] & 0xC0) == 0x80)
                mid++;
        }
        memcpy(buf, s, mid);
        buf[mid] = '\0';
        if (ui_text_width(ui, font, bold, buf) + suffix_w <= w)
            lo = mid;
        else
            hi = mid - 1;
        while (hi > lo && (s[hi] & 0xC0) == 0x80)
            hi--;
    }
    return lo;
}

int ui_label(Ui *ui, int x, int y, int w, UiFont font, bool bold, uint8_t fg, int align,
             const char *text)
{
    int lh = ui_line_px(ui, font);
    if (!text || !*text) return lh;
    const char *shown = text;
    int tw = ui_text_width(ui, font, bold, text);
    if (tw > w) {
        static const char ellipsis[] = "\xE2\x80\xA6";
        int ew = ui_text_width(ui, font, bold, ellipsis);
        size_t keep = fit_prefix(ui, font, bold, text, strlen(text), w, ew);
        while (keep > 0 && text[keep - 1] == ' ')
            keep--;
        shown = ui_fmt(ui, "%.*s%s", (int)keep, text, ellipsis);
        tw = ui_text_width(ui, font, bold, shown);
    }
    int tx = x;
    if (align == UI_ALIGN_CENTER) tx = x + (w - tw) / 2;
    if (align == UI_ALIGN_RIGHT) tx = x + w - tw;
    UiNode *n = ui_add(ui, ROLE_TEXT, (UiRect){tx, y, tw, lh});
    n->text = shown;
    if (shown != text) n->speak = text; /* speech says what the ellipsis cut */
    n->font = (uint8_t)font;
    n->px = (uint16_t)ui_font_px(ui, font);
    n->bold = font_bold(font, bold);
    n->fg = fg;
    n->align = (uint8_t)align;
    return lh;
}

/*
 * Greedy word wrap. Calls EMIT for each line (or only counts when EMIT is false). A word longer
 * than the width is broken where it must be.
 */
static int wrap(Ui *ui, int x, int y, int w, UiFont font, bool bold, uint8_t fg, const char *text,
                int max_lines, bool emit, int align)
{
    int lh = ui_line_px(ui, font);
    int lines = 0;
    const char *p = text ? text : "";
    while (*p) {
        /* One paragraph: up to '\n'. */
        const char *end = strchr(p, '\n');
        size_t plen = end ? (size_t)(end - p) : strlen(p);
        size_t off = 0;
        if (plen == 0) {
            lines++;
        }
        while (off < plen) {
            while (off < plen && p[off] == ' ')
                off++;
            if (off >= plen) break;
            const char *s = p + off;
            size_t rest = plen - off;
            bool last_allowed = max_lines > 0 && lines == max_lines - 1;
            size_t take;
            char buf[1024];
            size_t cap = rest < sizeof(buf) - 1 ? rest : sizeof(buf) - 1;
            memcpy(buf, s, cap);
            buf[cap] = '\0';
            if (ui_text_width(ui, font, bold, buf) <= w && cap == rest) {
                take = rest;
            } else {
                size_t fit = fit_prefix(ui, font, bold, s, rest, w, 0);
                /* Back up to the last space, if there is one in the fitting part. */
                size_t brk = fit;
                while (brk > 0 && s[brk] != ' ')
                    brk--;
                take = brk > 0 ? brk : (fit > 0 ? fit : 1);
            }
            if (last_allowed && take < rest) {
                if (emit)
                    ui_label(ui, x, y + lines * lh, w, font, bold, fg, align,
                             ui_fmt(ui, "%.*s\xE2\x80\xA6", (int)take, s));
                lines++;
                return lines * lh;
            }
            if (emit) {
                const char *line = arena_strndup(ui, s, take);
                ui_label(ui, x, y + lines * lh, w, font, bold, fg, align, line);
            }
            lines++;
            off += take;
        }
        if (!end) break;
        p = end + 1;
        if (max_lines > 0 && lines >= max_lines) break;
    }
    return lines * lh;
}

int ui_paragraph(Ui *ui, int x, int y, int w, UiFont font, bool bold, uint8_t fg, const char *text,
                 int max_lines)
{
    return wrap(ui, x, y, w, font, bold, fg, text, max_lines, true, UI_ALIGN_LEFT);
}

int ui_paragraph_centred(Ui *ui, int x, int y, int w, UiFont font, bool bold, uint8_t fg,
                         const char *text)
{
    return wrap(ui, x, y, w, font, bold, fg, text, 0, true, UI_ALIGN_CENTER);
}

int ui_paragraph_height(Ui *ui, int w, UiFont font, bool bold, const char *text, int max_lines)
{
    return wrap(ui, 0, 0, w, font, bold, 0, text, max_lines, false, UI_ALIGN_LEFT);
}

UiNode *ui_button(Ui *ui, UiRect r, const char *label, Action act, uint8_t bg, uint8_t fg,
                  uint16_t flags)
{
    UiNode *b = ui_add(ui, ROLE_BUTTON, r);
    b->bg = bg;
    b->fg = fg;
    b->font = FONT_LABEL;
    b->px = (uint16_t)ui_font_px(ui, FONT_LABEL);
    b->bold = 1;
    b->align = UI_ALIGN_CENTER;
    b->flags = flags;
    b->radius = (int16_t)ui_px(ui, 12);
    b->action = act;
    /* The label is measured and ellipsised like any text, but belongs to the button node so a
     * script can tap it by name. */
    int pad = ui_px(ui, UI_SPACE_M);
    int avail = r.w - 2 * pad;
    int tw = ui_text_width(ui, FONT_LABEL, true, label);
    if (tw > avail && avail > 0) {
        int idx = (int)(b - ui->nodes);
        ui_label(ui, r.x + pad, r.y, avail, FONT_LABEL, true, fg, UI_ALIGN_CENTER, label);
        UiNode *t = &ui->nodes[ui->n - 1];
        b = &ui->nodes[idx];
        b->text = t->text;
        ui->n--;
    } else {
        b->text = label;
    }
    return b;
}

/* ---- Theme ------------------------------------------------------------------------------ */

/* Normal theme: calm library blue on a warm off-white; status colours pass WCAG AA with white
 * text. High contrast: white on black with yellow focus, every status AAA against its text. */
static const UiRgba palette_normal[COL_COUNT] = {
    [COL_BG] = {0xF4, 0xF1, 0xEA, 0xFF},          [COL_SURFACE] = {0xFF, 0xFF, 0xFF, 0xFF},
    [COL_SURFACE_ALT] = {0xE6, 0xEC, 0xF3, 0xFF}, [COL_TEXT] = {0x1B, 0x22, 0x2C, 0xFF},
    [COL_TEXT_DIM] = {0x4A, 0x55, 0x63, 0xFF},    [COL_PRIMARY] = {0x0B, 0x4F, 0x8A, 0xFF},
    [COL_ON_PRIMARY] = {0xFF, 0xFF, 0xFF, 0xFF},  [COL_BORDER] = {0xC5, 0xCC, 0xD6, 0xFF},
    [COL_FOCUS] = {0xE0, 0x8A, 0x00, 0xFF},       [COL_OK] = {0x1E, 0x6E, 0x3A, 0xFF},
    [COL_WARN] = {0x9A, 0x55, 0x00, 0xFF},        [COL_BAD] = {0xB0, 0x24, 0x24, 0xFF},
    [COL_NEUTRAL] = {0x5C, 0x66, 0x73, 0xFF},     [COL_ON_STATUS] = {0xFF, 0xFF, 0xFF, 0xFF},
    [COL_SMILEY1] = {0xD6, 0x3A, 0x2F, 0xFF},     [COL_SMILEY2] = {0xF0, 0x8C, 0x33, 0xFF},
    [COL_SMILEY3] = {0x8C, 0xC0, 0x3E, 0xFF},     [COL_SMILEY4] = {0x2E, 0x9B, 0x48, 0xFF},
    [COL_PRESSED] = {0x00, 0x00, 0x00, 0x38},
};

static const UiRgba palette_contrast[COL_COUNT] = {
    [COL_BG] = {0x00, 0x00, 0x00, 0xFF},          [COL_SURFACE] = {0x10, 0x10, 0x10, 0xFF},
    [COL_SURFACE_ALT] = {0x26, 0x26, 0x26, 0xFF}, [COL_TEXT] = {0xFF, 0xFF, 0xFF, 0xFF},
    [COL_TEXT_DIM] = {0xF0, 0xF0, 0xF0, 0xFF},    [COL_PRIMARY] = {0xFF, 0xE0, 0x00, 0xFF},
    [COL_ON_PRIMARY] = {0x00, 0x00, 0x00, 0xFF},  [COL_BORDER] = {0xFF, 0xFF, 0xFF, 0xFF},
    [COL_FOCUS] = {0x00, 0xE5, 0xFF, 0xFF},       [COL_OK] = {0x7C, 0xFF, 0x8A, 0xFF},
    [COL_WARN] = {0xFF, 0xD0, 0x60, 0xFF},        [COL_BAD] = {0xFF, 0x8A, 0x8A, 0xFF},
    [COL_NEUTRAL] = {0xD0, 0xD0, 0xD0, 0xFF},     [COL_ON_STATUS] = {0x00, 0x00, 0x00, 0xFF},
    [COL_SMILEY1] = {0xFF, 0x6B, 0x6B, 0xFF},     [COL_SMILEY2] = {0xFF, 0xB3, 0x47, 0xFF},
    [COL_SMILEY3] = {0xC6, 0xF0, 0x6A, 0xFF},     [COL_SMILEY4] = {0x5C, 0xF0, 0x7C, 0xFF},
    [COL_PRESSED] = {0xFF, 0xFF, 0xFF, 0x50},
};

UiRgba ui_color(const Ui *ui, uint8_t col)
{
    if (col >= COL_COUNT) return (UiRgba){0, 0, 0, 0};
    return ui->high_contrast ? palette_contrast[col] : palette_normal[col];
}

/* ---- Touch ------------------------------------------------------------------------------ */

void ui_speak_last(Ui *ui, int since, const char *speak)
{
    if (ui->n == since + 1) ui->nodes[ui->n - 1].speak = speak;
}

bool ui_node_visible(const Ui *ui, int i)
{
    const UiNode *n = &ui->nodes[i];
    if (n->role == ROLE_SCROLL) return false;
    UiRect v = rect_intersect(n->r, ui->clips[n->clip]);
    v = rect_intersect(v, (UiRect){0, 0, ui->w, ui->h});
    return v.w > 0 && v.h > 0;
}

/* The topmost pressable node under (x, y), or -1. Later nodes are drawn over earlier ones. */
static int hit(const Ui *ui, int x, int y)
{
    for (int i = ui->n - 1; i >= 0; i--) {
        const UiNode *n = &ui->nodes[i];
        if (n->role == ROLE_SCROLL) continue;
        bool inside = rect_contains(n->r, x, y) && rect_contains(ui->clips[n->clip], x, y);
        if (!inside) continue;
        if ((n->flags & UI_BLOCKS) && n->action.kind == ACT_NONE) return -1;
        if (n->action.kind == ACT_NONE || (n->flags & UI_DISABLED)) continue;
        return i;
    }
    return -1;
}

/* The innermost scroll area under (x, y), or -1. */
static int hit_scroll(const Ui *ui, int x, int y)
{
    for (int i = ui->n - 1; i >= 0; i--) {
        const UiNode *n = &ui->nodes[i];
        if (n->role == ROLE_SCROLL && rect_contains(n->r, x, y)) return n->action.a;
    }
    return -1;
}

/* A modal layer (the picker) marks everything beneath it inert: a touch outside its panel must
 * not reach the screen below. The view puts a full-screen pressable "scrim" node first in the
 * layer, so hit() finds the scrim rather than what is under it. */

int ui_pointer_down(Ui *ui, int x, int y, int64_t t, Action *out)
{
    int n_out = 0;
    ui->down = true;
    ui->down_x = ui->last_x = x;
    ui->down_y = ui->last_y = y;
    ui->down_t = ui->last_t = t;
    ui->dragging = false;
    ui->drag_velocity = 0;
    ui->drag_scroll = hit_scroll(ui, x, y);
    ui->pressed = hit(ui, x, y);
    ui->holding = false;
    if (ui->pressed >= 0 && (ui->nodes[ui->pressed].flags & UI_HOLD)) {
        /* Held, never pressed: nothing happens on release but the hold's end. */
        ui->holding = true;
        ui->hold_action = ui->nodes[ui->pressed].action;
        ui->hold_action.b = 1;
        ui->hold_action.t = t;
        out[n_out++] = ui->hold_action;
        ui->pressed = -1;
        ui->press_action.kind = ACT_NONE;
    } else if (ui->pressed >= 0) {
        ui->press_action = ui->nodes[ui->pressed].action;
        ui->press_rect = ui->nodes[ui->pressed].r;
        ui->pressed_dirty = true;
    } else {
        ui->press_action.kind = ACT_NONE;
    }
    if (ui->drag_scroll >= 0) {
        out[n_out++] = (Action){.kind = ACT_SCROLL_HOLD, .a = ui->drag_scroll, .t = t};
    }
    return n_out;
}

/* Ends a hold (the finger lifted or moved away): its action with b = 0 into OUT. */
static int end_hold(Ui *ui, int64_t t, Action *out)
{
    if (!ui->holding) return 0;
    ui->holding = false;
    out[0] = ui->hold_action;
    out[0].b = 0;
    out[0].t = t;
    return 1;
}

int ui_pointer_move(Ui *ui, int x, int y, int64_t t, Action *out)
{
    if (!ui->down) return 0;
    int n_out = 0;
    if (ui->holding && (abs(x - ui->down_x) >= ui_px(ui, DRAG_SLOP_DP) ||
                        abs(y - ui->down_y) >= ui_px(ui, DRAG_SLOP_DP)))
        n_out += end_hold(ui, t, out);
    int dy = y - ui->last_y;
    if (!ui->dragging && ui->drag_scroll >= 0) {
        int total = y - ui->down_y;
        if (abs(total) >= ui_px(ui, DRAG_SLOP_DP)) {
            ui->dragging = true;
            dy = y - ui->down_y;
            if (ui->pressed >= 0) ui->pressed_dirty = true;
            ui->pressed = -1;
            ui->press_action.kind = ACT_NONE;
        }
    }
    if (ui->dragging && dy != 0) {
        out[n_out++] =
            (Action){.kind = ACT_SCROLL_BY, .a = ui->drag_scroll, .f = (float)-dy, .t = t};
        int64_t dt = t - ui->last_t;
        if (dt > 0) {
            /* Smoothed finger velocity, px/s, for the fling on release. */
            float v = (float)-dy * 1000.0f / (float)dt;
            ui->drag_velocity = 0.6f * v + 0.4f * ui->drag_velocity;
        }
    }
    if (!ui->dragging && ui->pressed >= 0) {
        /* Leaving the element cancels the press, as on a phone. */
        bool inside = x >= ui->press_rect.x && y >= ui->press_rect.y &&
                      x < ui->press_rect.x + ui->press_rect.w &&
                      y < ui->press_rect.y + ui->press_rect.h;
        if (!inside) {
            ui->pressed = -1;
            ui->press_action.kind = ACT_NONE;
            ui->pressed_dirty = true;
        }
    }
    ui->last_x = x;
    ui->last_y = y;
    ui->last_t = t;
    return n_out;
}

int ui_pointer_up(Ui *ui, int x, int y, int64_t t, Action *out)
{
    if (!ui->down) return 0;
    int64_t prev_t = ui->last_t;
    int n_out = ui_pointer_move(ui, x, y, t, out);
    n_out += end_hold(ui, t, out + n_out);
    ui->down = false;
    if (ui->dragging) {
        /* A finger that rested before lifting does not fling. */
        float v = (t - prev_t) > 80 ? 0.0f : ui->drag_velocity;
        out[n_out++] = (Action){.kind = ACT_SCROLL_FLING, .a = ui->drag_scroll, .f = v, .t = t};
    } else if (ui->pressed >= 0 && ui->press_action.kind != ACT_NONE) {
        out[n_out++] = ui->press_action;
        out[n_out - 1].t = t;
    }
    if (ui->pressed >= 0) ui->pressed_dirty = true;
    ui->pressed = -1;
    ui->dragging = false;
    ui->drag_scroll = -1;
    return n_out;
}

void ui_mark_pressed(Ui *ui)
{
    if (!ui->down || ui->press_action.kind == ACT_NONE) return;
    for (int i = ui->n - 1; i >= 0; i--) {
        UiNode *n = &ui->nodes[i];
        if (n->action.kind == ui->press_action.kind && n->action.a == ui->press_action.a &&
            n->action.b == ui->press_action.b && n->r.x == ui->press_rect.x &&
            n->r.y == ui->press_rect.y) {
            n->flags |= UI_PRESSED;
            return;
        }
    }
}

bool ui_pressed_changed(Ui *ui)
{
    bool changed = ui->pressed_dirty;
    ui->pressed_dirty = false;
    return changed;
}

/* ---- Inspection ------------------------------------------------------------------------- */

int ui_find_label(const Ui *ui, const char *label)
{
    int found = -1;
    for (int i = 0; i < ui->n; i++) {
        const UiNode *n = &ui->nodes[i];
        if (!n->text || n->role == ROLE_QR || strcmp(n->text, label) != 0 ||
            !ui_node_visible(ui, i))
            continue;
        if (n->action.kind != ACT_NONE) return i;
        if (found < 0) found = i;
    }
    return found;
}

bool ui_has_text(const Ui *ui, const char *text)
{
    for (int i = 0; i < ui->n; i++) {
        const UiNode *n = &ui->nodes[i];
        if (n->text && n->role != ROLE_QR && strstr(n->text, text) && ui_node_visible(ui, i))
            return true;
    }
    return false;
}

const char *ui_role_name(UiRole role)
{
    static const char *names[ROLE_COUNT] = {
        [ROLE_PANEL] = "panel",   [ROLE_TEXT] = "text",     [ROLE_BUTTON] = "button",
        [ROLE_CARD] = "card",     [ROLE_INPUT] = "input",   [ROLE_CHECKBOX] = "checkbox",
        [ROLE_KEY] = "key",       [ROLE_SMILEY] = "smiley", [ROLE_ICON] = "icon",
        [ROLE_SCROLL] = "scroll", [ROLE_QR] = "qr",
    };
    return role < ROLE_COUNT ? names[role] : "?";
}
