/*
 * speech_text.c: what speech says, from the display list (speech_text.h).
 */
#include "speech_text.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

/* ---- Geometry ---------------------------------------------------------------------------- */

static bool contains(UiRect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

static bool inside(const UiNode *outer, const UiNode *inner)
{
    return contains(outer->r, inner->r.x + inner->r.w / 2, inner->r.y + inner->r.h / 2);
}

static bool pressable(const UiNode *n)
{
    return n->action.kind != ACT_NONE && n->role != ROLE_SCROLL && n->role != ROLE_PANEL &&
           n->role != ROLE_QR;
}

/* Whether a later node that swallows touches (a dialog's scrim, the picker's) lies over node I:
 * then what is under it is not on the screen for speech either. */
static bool covered(const Ui *ui, int i)
{
    for (int j = i + 1; j < ui->n; j++)
        if ((ui->nodes[j].flags & UI_BLOCKS) && inside(&ui->nodes[j], &ui->nodes[i])) return true;
    return false;
}

/* The pressable node that text node I is part of (drawn before it, around it), or -1. */
static int owner(const Ui *ui, int i)
{
    for (int j = i - 1; j >= 0; j--) {
        const UiNode *o = &ui->nodes[j];
        if (pressable(o) && o->role != ROLE_KEY && inside(o, &ui->nodes[i])) return j;
        if (o->role == ROLE_PANEL && o->r.w == ui->w && o->r.h == ui->h) break; /* the screen */
    }
    return -1;
}

/* Whether node I is on screen, or in a scroll area only scrolled out of view (reading order
 * reaches it, and scrolls it in). */
static bool reachable(const Ui *ui, int i)
{
    const UiNode *n = &ui->nodes[i];
    if (ui_node_visible(ui, i)) return true;
    if (n->clip == 0 || n->r.w <= 0 || n->r.h <= 0) return false;
    UiRect c = ui->clips[n->clip];
    return n->r.x < c.x + c.w && n->r.x + n->r.w > c.x; /* beside it, it is not in the area */
}

/* Whether text node I goes on from text node J: the next line of one paragraph. */
static bool continues(const Ui *ui, int j, int i)
{
    if (j < 0) return false;
    const UiNode *p = &ui->nodes[j], *n = &ui->nodes[i];
    return p->role == ROLE_TEXT && n->role == ROLE_TEXT && p->font == n->font && p->r.x == n->r.x &&
           n->r.y == p->r.y + p->r.h && p->clip == n->clip;
}

static bool speakable(const Ui *ui, int i, bool offscreen)
{
    const UiNode *n = &ui->nodes[i];
    if (!(offscreen ? reachable(ui, i) : ui_node_visible(ui, i)) || covered(ui, i)) return false;
    if (pressable(n)) return true;
    if (n->role != ROLE_TEXT || !n->text || !n->text[0]) return false;
    return owner(ui, i) < 0 && !continues(ui, i - 1, i);
}

bool speech_node_speakable(const Ui *ui, int i)
{
    return speakable(ui, i, false);
}

int speech_node_at(const Ui *ui, int x, int y)
{
    for (int i = ui->n - 1; i >= 0; i--) {
        const UiNode *n = &ui->nodes[i];
        if (!contains(n->r, x, y) || !contains(ui->clips[n->clip], x, y)) continue;
        if (n->flags & UI_BLOCKS) return pressable(n) ? i : -1;
        if (!speech_node_speakable(ui, i)) continue;
        return i;
    }
    return -1;
}

int speech_scroll_into_view(const Ui *ui, int i, float *by)
{
    const UiNode *n = &ui->nodes[i];
    if (n->clip == 0 || ui_node_visible(ui, i)) return -1;
    UiRect c = ui->clips[n->clip];
    for (int j = 0; j < ui->n; j++) {
        const UiNode *s = &ui->nodes[j];
        if (s->role == ROLE_SCROLL && memcmp(&s->r, &c, sizeof c) == 0) {
            *by = (float)((n->r.y + n->r.h / 2) - (c.y + c.h / 2));
            return s->action.a;
        }
    }
    return -1;
}

/* Whether nodes A and B sit on one row of one area. */
static bool same_row(const Ui *ui, int a, int b)
{
    const UiNode *x = &ui->nodes[a], *y = &ui->nodes[b];
    int h = x->r.h < y->r.h ? x->r.h : y->r.h;
    int dy = (x->r.y + x->r.h / 2) - (y->r.y + y->r.h / 2);
    return x->clip == y->clip && dy * 2 < h && dy * 2 > -h;
}

int speech_reading_order(const Ui *ui, int *out, int max)
{
    int n = 0;
    for (int i = 0; i < ui->n && n < max; i++)
        if (speakable(ui, i, true)) out[n++] = i;
    /* Views draw top to bottom, but a row in any order (the top bar from its right edge): each
     * run of elements on one row is read left to right. */
    for (int start = 0; start < n;) {
        int end = start + 1;
        while (end < n && same_row(ui, out[start], out[end]))
            end++;
        for (int k = start + 1; k < end; k++)
            for (int j = k; j > start && ui->nodes[out[j]].r.x < ui->nodes[out[j - 1]].r.x; j--) {
                int t = out[j];
                out[j] = out[j - 1];
                out[j - 1] = t;
            }
        start = end;
    }
    return n;
}

/* ---- Words ------------------------------------------------------------------------------- */

typedef struct {
    char *buf;
    size_t n, len;
} Out;

static void put(Out *o, const char *s)
{
    if (!s || !*s || o->n == 0) return;
    size_t room = o->n - 1 - o->len, k = strlen(s);
    if (k > room) {
        k = room;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) /* not half a character */
            k--;
    }
    memcpy(o->buf + o->len, s, k);
    o->len += k;
    o->buf[o->len] = '\0';
}

/* ", WORD" after what is there. */
static void part(Out *o, const char *s)
{
    if (!s || !*s) return;
    if (o->len) put(o, ", ");
    put(o, s);
}

static const char *said(const UiNode *n)
{
    if (n->speak) return n->speak;
    return n->role == ROLE_QR ? NULL : n->text;
}

/* The visible texts inside node I, drawn after it (a card's lines, a field's value). */
static void inner_texts(const Ui *ui, int i, Out *o)
{
    for (int j = i + 1; j < ui->n; j++) {
        const UiNode *t = &ui->nodes[j];
        if (pressable(t) && !inside(&ui->nodes[i], t)) break;
        if (t->role == ROLE_TEXT && inside(&ui->nodes[i], t) && ui_node_visible(ui, j))
            part(o, said(t));
    }
}

void speech_label(const Ui *ui, int i, char *out, size_t n)
{
    Out o = {out, n, 0};
    if (n) out[0] = '\0';
    const char *s = said(&ui->nodes[i]);
    if (s && s[0])
        put(&o, s);
    else
        inner_texts(ui, i, &o);
    /* A paragraph is said whole, from its first line. */
    for (int j = i + 1; j < ui->n && continues(ui, j - 1, j); j++) {
        put(&o, " ");
        put(&o, said(&ui->nodes[j]));
    }
}

/* "3 of 8" for a card among the screen's cards. */
static void position(const Ui *ui, int i, Lang lang, Out *o)
{
    int at = 0, all = 0;
    for (int j = 0; j < ui->n; j++)
        if (ui->nodes[j].role == ROLE_CARD) {
            all++;
            if (j == i) at = all;
        }
    if (all < 2) return;
    char pos[64];
    snprintf(pos, sizeof pos, tr(lang, "speech.item"), at);
    part(o, pos);
    snprintf(pos, sizeof pos, tr(lang, "speech.of"), all);
    put(o, " ");
    put(o, pos);
}

void speech_describe(const Ui *ui, int i, Lang lang, char *out, size_t n)
{
    Out o = {out, n, 0};
    if (n) out[0] = '\0';
    const UiNode *nd = &ui->nodes[i];
    char label[1024];
    speech_label(ui, i, label, sizeof label);
    put(&o, label);
    switch (nd->role) {
    case ROLE_BUTTON:
    case ROLE_SMILEY:
        part(&o, tr(lang, "speech.role.button"));
        break;
    case ROLE_CARD:
        position(ui, i, lang, &o);
        break;
    case ROLE_INPUT: {
        part(&o, tr(lang, "speech.role.field"));
        char value[512];
        Out v = {value, sizeof value, 0};
        value[0] = '\0';
        inner_texts(ui, i, &v);
        part(&o, value[0] ? value : tr(lang, "speech.state.empty"));
        break;
    }
    case ROLE_CHECKBOX:
        part(&o, tr(lang, "speech.role.checkbox"));
        part(&o, tr(lang, (nd->flags & (UI_CHECKED | UI_SELECTED)) ? "speech.state.checked"
                                                                   : "speech.state.unchecked"));
        break;
    default:
        break;
    }
    if ((nd->flags & UI_SELECTED) && nd->role != ROLE_CHECKBOX)
        part(&o, tr(lang, "speech.state.selected"));
    if (nd->flags & UI_DISABLED) part(&o, tr(lang, "speech.state.dimmed"));
    if (nd->flags & UI_ERROR) part(&o, tr(lang, "speech.state.error"));
}

/* ---- Screens ----------------------------------------------------------------------------- */

static bool ends_sentence(const Out *o)
{
    if (o->len == 0) return true;
    char c = o->buf[o->len - 1];
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ',';
}

void speech_screen_intro(const Ui *ui, Lang lang, char *out, size_t n)
{
    Out o = {out, n, 0};
    if (n) out[0] = '\0';
    int title = -1, first = -1, cards = 0, pressables = 0;
    for (int i = 0; i < ui->n; i++) {
        const UiNode *nd = &ui->nodes[i];
        if (!speech_node_speakable(ui, i)) continue;
        if (nd->role == ROLE_CARD) cards++;
        if (pressable(nd) && nd->role != ROLE_KEY) pressables++; /* the keyboard is not items */
        if (nd->role != ROLE_TEXT) continue;
        if (first < 0) first = i;
        if (title < 0 && nd->font == FONT_HEADING) title = i;
    }
    if (title < 0) title = first;
    if (title >= 0) put(&o, said(&ui->nodes[title]));
    int items = cards ? cards : pressables;
    char count[64];
    snprintf(count, sizeof count, tr_plural(lang, "speech.items", items), items);
    if (o.len) put(&o, ends_sentence(&o) ? " " : ". ");
    put(&o, count);
}

void speech_screen_text(const Ui *ui, char *out, size_t n)
{
    Out o = {out, n, 0};
    if (n) out[0] = '\0';
    const UiNode *prev = NULL;
    for (int i = 0; i < ui->n; i++) {
        const UiNode *nd = &ui->nodes[i];
        const char *s = said(nd);
        if (nd->role != ROLE_TEXT || !s || !s[0] || covered(ui, i)) continue;
        /* The parts of a scroll area out of view are read too; nothing else that is hidden. */
        if (!ui_node_visible(ui, i) && nd->clip == 0) continue;
        /* The lines of one paragraph run on; a new block starts a new sentence. */
        bool same_block = prev && prev->font == nd->font && prev->r.x == nd->r.x &&
                          nd->r.y == prev->r.y + prev->r.h;
        if (o.len) put(&o, same_block || ends_sentence(&o) ? " " : ". ");
        put(&o, s);
        prev = nd;
    }
}

void speech_spell(const char *code, char *out, size_t n)
{
    Out o = {out, n, 0};
    if (n) out[0] = '\0';
    for (const char *p = code; *p; p++) {
        if (*p == ' ') continue;
        char c[2] = {*p, '\0'};
        part(&o, c);
    }
}
