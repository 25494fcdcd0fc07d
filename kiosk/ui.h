/*
 * ui.h: the display list, layout in density-independent units, and touch handling.
 *
 * Every frame that needs drawing, the views describe the screen as a flat list of UiNodes in
 * pixels (built from dp by ui_px, the one place dp become pixels). The same list is what gfx.c
 * draws, what a touch is tested against, and what the headless script taps, expects and dumps, so
 * what a test sees is exactly what a visitor sees. No SDL here: text is measured through a
 * function the caller installs (gfx.c's, or a fake in tests).
 */
#ifndef AUKIO_UI_H
#define AUKIO_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"

/* How much larger "large text" makes every text, the top bar's and the keyboard's included. */
#define UI_LARGE_TEXT_SCALE 1.5f

typedef struct {
    int x, y, w, h;
} UiRect;

/* ---- Spacing, in dp (through ui_px, like every size) --------------------------------------
 *
 * The steps the screens are spaced with. A view that means one of these spacings names it; a
 * bare number in a view is a size, a radius or a one-off measure, not a step of this scale. */
#define UI_SPACE_XS 4   /* a label and its field; a field and the error under it */
#define UI_SPACE_S 8    /* lines of one block; buttons side by side in the top bar */
#define UI_SPACE_M 12   /* a heading and what follows it; text beside a pill or a label */
#define UI_SPACE_L 16   /* inside a field, a panel or the keyboard; between blocks */
#define UI_SPACE_XL 24  /* between a screen's sections */
#define UI_SPACE_XXL 32 /* inside a large card; after a screen's last element */

#define UI_MARGIN UI_SPACE_XL /* from the screen's edge to its content */
#define UI_GAP UI_SPACE_M     /* between the chips and cards of a row or a grid */

typedef enum {
    FONT_SMALL = 0, /* 18 dp: secondary lines */
    FONT_BODY,      /* 22 dp: text */
    FONT_LABEL,     /* 22 dp bold: buttons */
    FONT_TITLE,     /* 26 dp bold: card titles */
    FONT_HEADING,   /* 38 dp bold: screen titles */
    FONT_HUGE,      /* 72 dp bold: the clock, the confirmation code */
    FONT_COUNT
} UiFont;

typedef enum {
    ROLE_PANEL = 0, /* a filled, optionally rounded rectangle */
    ROLE_TEXT,      /* one line of text */
    ROLE_BUTTON,
    ROLE_CARD,  /* an event card (pressable panel) */
    ROLE_INPUT, /* a text field */
    ROLE_CHECKBOX,
    ROLE_KEY,    /* an on-screen keyboard key */
    ROLE_SMILEY, /* extra: score 1..4 */
    ROLE_ICON,   /* extra: UiIcon */
    ROLE_SCROLL, /* an invisible scroll area; action.a is the ScrollId */
    ROLE_QR,     /* a QR code of TEXT (drawn by gfx.c through qr.h's cache; not a label) */
    ROLE_COUNT
} UiRole;

typedef enum {
    ICON_CHECK = 1,
    ICON_QUEUE,
    ICON_HEART,
    ICON_CLOCK, /* waiting for the hub: confirming, provisional */
    ICON_CROSS, /* the hub said no */
    ICON_CHEVRON,
    ICON_BACKSPACE,
    ICON_SHIFT,
    ICON_MINUS, /* a stepper's signs: the font has no minus, and a dash sits low */
    ICON_PLUS,
} UiIcon;

typedef enum {
    COL_BG = 0,
    COL_SURFACE,
    COL_SURFACE_ALT,
    COL_TEXT,
    COL_TEXT_DIM,
    COL_PRIMARY,
    COL_ON_PRIMARY,
    COL_BORDER,
    COL_FOCUS,
    COL_OK,
    COL_WARN,
    COL_BAD,
    COL_NEUTRAL,
    COL_ON_STATUS,
    COL_SMILEY1,
    COL_SMILEY2,
    COL_SMILEY3,
    COL_SMILEY4,
    COL_PRESSED,
    COL_COUNT
} UiColor;

enum {
    UI_ALIGN_LEFT = 0,
    UI_ALIGN_CENTER = 1,
    UI_ALIGN_RIGHT = 2,
};

enum {
    UI_SELECTED = 1 << 0, /* chosen option, current language, active filter */
    UI_DISABLED = 1 << 1,
    UI_FOCUSED = 1 << 2,
    UI_ERROR = 1 << 3,
    UI_PRESSED = 1 << 4, /* set by ui.c while a finger is down on it */
    UI_CHECKED = 1 << 5,
    UI_BLOCKS = 1 << 6,      /* swallows touches: nothing beneath it can be pressed there */
    UI_LABEL_APART = 1 << 7, /* its label is drawn by a text element of its own (a checkbox row
                              * whose text wraps); the element keeps it to be found by */
    UI_HOLD = 1 << 8,        /* held, not pressed: its action goes out with b = 1 when a finger
                              * comes down on it and b = 0 when it lifts or moves away */
};

typedef struct {
    UiRole role;
    UiRect r;
    const char *text; /* label or text; static or in the list's arena; may be NULL */
    /* What speech says for it instead of TEXT (a date in words, a code spelt out), same storage
     * rules; NULL: TEXT. */
    const char *speak;
    uint8_t font;
    uint8_t bold;
    uint16_t px; /* the font's pixel size when the node was built */
    uint8_t align;
    uint8_t fg;
    uint8_t bg;
    uint8_t border; /* COL_*, or 0xff for none */
    uint16_t flags;
    int16_t radius; /* px */
    int16_t clip;   /* index into Ui.clips, 0 = the whole screen */
    int16_t extra;
    Action action; /* ACT_NONE when not pressable */
} UiNode;

typedef struct {
    uint8_t r, g, b, a;
} UiRgba;

/* Measures the pixel width of TEXT at PX pixels, bold or not. */
typedef int (*UiMeasureFn)(void *ctx, int px, bool bold, const char *text);

#define UI_MAX_CLIPS 16

typedef struct {
    /* Built each frame. */
    UiNode *nodes;
    int n, cap;
    UiRect clips[UI_MAX_CLIPS];
    int n_clips;
    int clip_stack[UI_MAX_CLIPS];
    int clip_depth;
    char *arena;
    size_t arena_used, arena_cap;

    /* Screen. H is the height a view lays out in: the screen's, less what views.c keeps at the
     * bottom for the controls in portrait (view_reach_bar). */
    int w, h;
    int screen_h;     /* the whole screen's height */
    bool nav_back;    /* set by view_top_bar: this screen has a Back button */
    float dp;         /* px per dp */
    float text_scale; /* 1.0, or UI_LARGE_TEXT_SCALE for the large-text setting */
    bool high_contrast;
    UiMeasureFn measure;
    void *measure_ctx;

    /* Touch, kept between frames. */
    bool down;
    int down_x, down_y, last_x, last_y;
    int64_t down_t, last_t;
    int pressed; /* node index under the finger at press, -1 */
    Action press_action;
    UiRect press_rect;
    bool dragging;
    int drag_scroll; /* ScrollId being dragged, -1 */
    float drag_velocity;
    bool pressed_dirty; /* the pressed element changed: redraw */
    bool holding;       /* a finger rests on a UI_HOLD element (its action in hold_action) */
    Action hold_action;

    /* What the layout learnt that the app must know (scroll limits, scrolling a newly focused
     * field into view): queued by views, dispatched by main.c after the frame is built. */
    Action requests[8];
    int n_requests;
    int seen_focus; /* the focused field the last layout scrolled into view */
} Ui;

/* Caller's storage; MEASURE is used for every text width. */
void ui_init(Ui *ui, UiMeasureFn measure, void *ctx);
void ui_deinit(Ui *ui);

/* Starts a new list for a W x H pixel screen. */
void ui_begin(Ui *ui, int w, int h, bool large_text, bool high_contrast);

/* The dp -> px conversion: the short side of the screen is 900 dp. */
int ui_px(const Ui *ui, float dp);
/* Screen size in dp. */
float ui_width_dp(const Ui *ui);
float ui_height_dp(const Ui *ui);
/* A mark in the display list, and a return to it: what was added since is dropped (a view that
 * tried a layout and found no room for it). */
int ui_mark(const Ui *ui);
void ui_rewind(Ui *ui, int mark);
/* Pixel size of a font class (including the large-text scale). */
int ui_font_px(const Ui *ui, UiFont font);
/* Line height in px of a font class. */
int ui_line_px(const Ui *ui, UiFont font);
/* Width in px of TEXT in FONT. */
int ui_text_width(Ui *ui, UiFont font, bool bold, const char *text);

/* Adds a node (zeroed except role and rect, clip = the current clip). The pointer is valid
 * until the next ui_add. */
UiNode *ui_add(Ui *ui, UiRole role, UiRect r);
/* printf into the list's arena; valid until the next ui_begin. */
const char *ui_fmt(Ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* N bytes of scratch in the list's arena, valid until the next ui_begin; NULL when the arena is
 * full. */
char *ui_scratch(Ui *ui, size_t n);

/* Queues an action for main.c to dispatch after this frame (see Ui.requests). */
void ui_request(Ui *ui, Action act);

/* Clipping for scroll areas. ui_push_clip intersects with the current clip. */
void ui_push_clip(Ui *ui, UiRect r);
void ui_pop_clip(Ui *ui);

/* One line of text at (x, y) within width w (ellipsised with "…" when too long). Returns the
 * line height. */
int ui_label(Ui *ui, int x, int y, int w, UiFont font, bool bold, uint8_t fg, int align,
             const char *text);
/* Wrapped text (paragraphs split at '\n'), at most MAX_LINES lines (0 = no limit, the last line
 * ellipsised). Returns the height used. */
int ui_paragraph(Ui *ui, int x, int y, int w, UiFont font, bool bold, uint8_t fg, const char *text,
                 int max_lines);
/* The height ui_paragraph would use, without adding nodes. */
/* The same, every line centred in W (a heading or a note under centred text). */
int ui_paragraph_centred(Ui *ui, int x, int y, int w, UiFont font, bool bold, uint8_t fg,
                         const char *text);
int ui_paragraph_height(Ui *ui, int w, UiFont font, bool bold, const char *text, int max_lines);
/* Gives the node last added the spoken form SPEAK (UiNode.speak) when it is the one node added
 * since the list had SINCE nodes (a date or a code on one line; a wrapped one keeps its text). */
void ui_speak_last(Ui *ui, int since, const char *speak);

/* A button with a centred label. */
UiNode *ui_button(Ui *ui, UiRect r, const char *label, Action act, uint8_t bg, uint8_t fg,
                  uint16_t flags);

/* The colours of the normal or high-contrast theme. */
UiRgba ui_color(const Ui *ui, uint8_t col);

/* ---- Touch ------------------------------------------------------------------------------- */

/* Pointer input in px at time T (ms). Each returns the number of actions written to OUT (at most
 * 3): a press acts on release, inside the same element; a move past 12 dp in a scroll area turns
 * the touch into a drag, which scrolls instead, and a release while dragging flings. A UI_HOLD
 * element acts at once when touched (b = 1) and again (b = 0) when the finger lifts or moves
 * 12 dp from where it came down: the app times the hold between the two. */
int ui_pointer_down(Ui *ui, int x, int y, int64_t t, Action *out);
int ui_pointer_move(Ui *ui, int x, int y, int64_t t, Action *out);
int ui_pointer_up(Ui *ui, int x, int y, int64_t t, Action *out);
/* After a list is built: flags the element under a finger as UI_PRESSED so it is drawn so. */
void ui_mark_pressed(Ui *ui);
/* Whether the ui needs a redraw because the pressed state changed (clears the flag). */
bool ui_pressed_changed(Ui *ui);

/* ---- Inspection, for the headless runner and tests --------------------------------------- */

/* Whether node I is on screen (inside its clip and the screen, non-empty). */
bool ui_node_visible(const Ui *ui, int i);
/* The visible node whose text is exactly LABEL, preferring pressable ones; -1 when none. */
int ui_find_label(const Ui *ui, const char *label);
/* Whether some visible node's text contains TEXT. */
bool ui_has_text(const Ui *ui, const char *text);
/* Role names for dumps: "button", "text", ... */
const char *ui_role_name(UiRole role);

#endif
