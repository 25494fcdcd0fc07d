/*
 * ui_diff.c: deciding from two display lists which part of the screen must be drawn again.
 *
 * Dragging the event list is most of what a kiosk draws, and repainting 1920x1080 each frame
 * costs 5-6 ms on the software renderer. When a frame differs from the last one only by one scroll
 * area's position, the pixels already there are moved and only the strip that came into view is
 * painted. Whether that is so is decided from the two display lists alone: everything outside
 * the area must be identical, and every element of the area that is visible in both frames must
 * be identical at its new place. Anything else (a pressed card, a changed seat count, an overlay
 * above the area) gets a full redraw or, when the same elements are there and only a few
 * changed, a redraw of their rectangle; so no caller has to say what changed.
 */
#include "ui_diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void ui_diff_init(UiDiff *d)
{
    memset(d, 0, sizeof(*d));
}

void ui_diff_deinit(UiDiff *d)
{
    free(d->nodes);
    free(d->text);
    memset(d, 0, sizeof(*d));
}

void ui_diff_invalidate(UiDiff *d)
{
    d->valid = false;
}

static bool same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Whether A (shifted down by DA px) and B (by DB px) draw the same thing. */
static bool node_same(const UiNode *a, int da, const UiNode *b, int db)
{
    return a->role == b->role && a->r.x == b->r.x && a->r.y + da == b->r.y + db &&
           a->r.w == b->r.w && a->r.h == b->r.h && a->font == b->font && a->bold == b->bold &&
           a->px == b->px && a->align == b->align && a->fg == b->fg && a->bg == b->bg &&
           a->border == b->border && a->flags == b->flags && a->radius == b->radius &&
           a->extra == b->extra && same_text(a->text, b->text);
}

static bool rect_eq(UiRect a, UiRect b)
{
    return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h;
}

bool ui_rects_meet(UiRect a, UiRect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Keeps a copy of UI's list (texts included: the arena is reused) for the next frame. */
UiRect ui_ink_rect(const UiNode *n)
{
    if (n->role != ROLE_TEXT) return n->r;
    int pad = n->r.h / 2;
    return (UiRect){n->r.x, n->r.y - pad, n->r.w, n->r.h + 2 * pad};
}

void ui_diff_remember(UiDiff *d, const Ui *ui)
{
    d->valid = false;
    if (ui->n > d->cap) {
        UiNode *p = realloc(d->nodes, (size_t)ui->n * sizeof(*p));
        if (!p) return;
        d->nodes = p;
        d->cap = ui->n;
    }
    size_t need = 0;
    for (int i = 0; i < ui->n; i++)
        if (ui->nodes[i].text) need += strlen(ui->nodes[i].text) + 1;
    if (need > d->text_cap) {
        char *t = realloc(d->text, need);
        if (!t) return;
        d->text = t;
        d->text_cap = need;
    }
    size_t used = 0;
    for (int i = 0; i < ui->n; i++) {
        d->nodes[i] = ui->nodes[i];
        if (ui->nodes[i].text) {
            size_t len = strlen(ui->nodes[i].text) + 1;
            memcpy(d->text + used, ui->nodes[i].text, len);
            d->nodes[i].text = d->text + used;
            used += len;
        }
    }
    d->n = ui->n;
    memcpy(d->clips, ui->clips, sizeof(d->clips));
    d->w = ui->w;
    d->h = ui->h;
    d->high_contrast = ui->high_contrast;
    d->valid = true;
}

/* If UI differs from the last frame only by scrolling one area, returns that area's clip index
 * and sets *DY (px the content moved up) and *VIEW; else -1. */
int ui_diff_scrolled(const UiDiff *d, const Ui *ui, int *dy, UiRect *view)
{
    if (!d->valid || ui->w != d->w || ui->h != d->h || ui->high_contrast != d->high_contrast)
        return -1;
    /* The scroll areas: exactly one moved, by less than its height. */
    int moved = -1, n_scroll = 0, n_prev_scroll = 0;
    float old_pos = 0, new_pos = 0;
    for (int i = 0; i < d->n; i++)
        n_prev_scroll += d->nodes[i].role == ROLE_SCROLL;
    for (int i = 0; i < ui->n; i++) {
        const UiNode *n = &ui->nodes[i];
        if (n->role != ROLE_SCROLL) continue;
        n_scroll++;
        const UiNode *o = NULL;
        for (int j = 0; j < d->n && !o; j++)
            if (d->nodes[j].role == ROLE_SCROLL && d->nodes[j].action.a == n->action.a)
                o = &d->nodes[j];
        if (!o || !rect_eq(o->r, n->r)) return -1;
        if ((int)o->action.f != (int)n->action.f) {
            if (moved >= 0) return -1;
            moved = i;
            old_pos = o->action.f;
            new_pos = n->action.f;
        }
    }
    if (moved < 0 || n_scroll != n_prev_scroll) return -1;
    *view = ui->nodes[moved].r;
    *dy = (int)new_pos - (int)old_pos;
    if (*dy == 0 || abs(*dy) >= view->h) return -1;
    int clip = -1;
    for (int c = 1; c < ui->n_clips; c++)
        if (rect_eq(ui->clips[c], *view)) clip = c;
    if (clip < 0 || !rect_eq(d->clips[clip], *view)) return -1;

    /* Outside the area: the same nodes in the same order. Inside: every node visible in both
     * frames appears in the other at its scrolled place. Nodes are compared in order, which the
     * views keep (they lay content out top to bottom). */
    int i = 0, j = 0;
    bool content_started = false;
    while (i < ui->n || j < d->n) {
        const UiNode *n = i < ui->n ? &ui->nodes[i] : NULL;
        const UiNode *o = j < d->n ? &d->nodes[j] : NULL;
        /* The scroll areas themselves were compared above and draw nothing. */
        if (n && n->role == ROLE_SCROLL) {
            i++;
            continue;
        }
        if (o && o->role == ROLE_SCROLL) {
            j++;
            continue;
        }
        bool n_in = n && n->clip == clip, o_in = o && o->clip == clip;
        if (n_in || o_in) {
            content_started = true;
            /* Skip what is not visible in both frames: the strips that left or came in. */
            UiRect overlap = *view;
            if (*dy > 0)
                overlap.h -= *dy; /* content moved up: the bottom strip is new */
            else
                overlap.y -= *dy, overlap.h += *dy;
            if (n_in && !ui_rects_meet(n->r, overlap)) {
                i++;
                continue;
            }
            if (o_in) {
                UiRect moved_r = o->r;
                moved_r.y -= *dy;
                if (!ui_rects_meet(moved_r, overlap)) {
                    j++;
                    continue;
                }
            }
            if (!n_in || !o_in || !node_same(o, -*dy, n, 0)) return -1;
            i++, j++;
            continue;
        }
        if (!n || !o) return -1;
        if (!rect_eq(ui->clips[n->clip], d->clips[o->clip]) || !node_same(o, 0, n, 0)) return -1;
        /* Something static drawn over the area (an overlay) would be moved with it. */
        if (content_started && ui_rects_meet(n->r, *view)) return -1;
        i++, j++;
    }
    return clip;
}

/* If UI has the same elements as the last frame and only some of them changed (a button pressed
 * or released, a counter updated), returns 1 with the union of what changed, old and new, in
 * *DAMAGE; 0 when nothing changed; -1 when a full redraw is simpler. */
int ui_diff_changed(const UiDiff *d, const Ui *ui, UiRect *damage)
{
    if (!d->valid || ui->w != d->w || ui->h != d->h || ui->high_contrast != d->high_contrast ||
        ui->n != d->n)
        return -1;
    int x0 = ui->w, y0 = ui->h, x1 = 0, y1 = 0;
    for (int i = 0; i < ui->n; i++) {
        const UiNode *n = &ui->nodes[i], *o = &d->nodes[i];
        if (!rect_eq(ui->clips[n->clip], d->clips[o->clip])) return -1;
        if (n->role == ROLE_SCROLL) {
            if (o->role != ROLE_SCROLL || (int)n->action.f != (int)o->action.f) return -1;
            continue;
        }
        if (node_same(o, 0, n, 0)) continue;
        const UiRect rs[2] = {ui_ink_rect(n), ui_ink_rect(o)};
        for (int k = 0; k < 2; k++) {
            UiRect r = rs[k];
            x0 = r.x < x0 ? r.x : x0;
            y0 = r.y < y0 ? r.y : y0;
            x1 = r.x + r.w > x1 ? r.x + r.w : x1;
            y1 = r.y + r.h > y1 ? r.y + r.h : y1;
        }
    }
    if (x1 <= x0 || y1 <= y0) return 0;
    x0 = x0 < 0 ? 0 : x0;
    y0 = y0 < 0 ? 0 : y0;
    x1 = x1 > ui->w ? ui->w : x1;
    y1 = y1 > ui->h ? ui->h : y1;
    /* Past half the screen a full redraw costs about the same and is simpler. */
    if ((int64_t)(x1 - x0) * (y1 - y0) * 2 > (int64_t)ui->w * ui->h) return -1;
    *damage = (UiRect){x0, y0, x1 - x0, y1 - y0};
    return 1;
}
