/*
 * script.c: the headless runner's interpreter.
 */
#include "script.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "osk.h"
#include "speech_text.h"
#include "util.h"

#define TAP_MS 60

typedef struct {
    char *argv[6];
    int argc;
} Line;

/* Splits LINE into words and "quoted strings" (with \" and \\ escapes) in place. Returns -1 on an
 * unterminated quote. */
static int split(char *line, Line *out)
{
    out->argc = 0;
    char *p = line;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#') break;
        if (out->argc == 6) return -1;
        if (*p == '"') {
            char *dst = ++p;
            out->argv[out->argc++] = dst;
            while (*p && *p != '"') {
                if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) p++;
                *dst++ = *p++;
            }
            if (*p != '"') return -1;
            p++;
            *dst = '\0';
        } else {
            out->argv[out->argc++] = p;
            while (*p && *p != ' ' && *p != '\t')
                p++;
            if (*p) *p++ = '\0';
        }
    }
    return 0;
}

static void tap_at(const ScriptHost *h, int x, int y)
{
    h->pointer(h->ctx, 0, x, y);
    h->advance(h->ctx, TAP_MS);
    h->pointer(h->ctx, 2, x, y);
    h->advance(h->ctx, TAP_MS);
}

static int node_center(const Ui *ui, int i, int *x, int *y)
{
    const UiNode *n = &ui->nodes[i];
    /* The visible part's centre: a card half scrolled out is tapped where it can be seen. */
    UiRect c = ui->clips[n->clip];
    int x0 = n->r.x > c.x ? n->r.x : c.x, y0 = n->r.y > c.y ? n->r.y : c.y;
    int x1 = n->r.x + n->r.w < c.x + c.w ? n->r.x + n->r.w : c.x + c.w;
    int y1 = n->r.y + n->r.h < c.y + c.h ? n->r.y + n->r.h : c.y + c.h;
    *x = (x0 + x1) / 2;
    *y = (y0 + y1) / 2;
    return 0;
}

/* A visible on-screen key whose cap is exactly CAP, or -1. */
static int find_key(const Ui *ui, const char *cap)
{
    for (int i = 0; i < ui->n; i++)
        if (ui->nodes[i].role == ROLE_KEY && ui->nodes[i].text &&
            strcmp(ui->nodes[i].text, cap) == 0 && ui_node_visible(ui, i))
            return i;
    return -1;
}

static bool osk_up(const Ui *ui)
{
    for (int i = 0; i < ui->n; i++)
        if (ui->nodes[i].role == ROLE_KEY) return true;
    return false;
}

/* Types one code point CH as a person would on the on-screen keyboard: find its key, else try
 * shift, else the other page. Returns false when no key has it. */
static bool type_on_osk(const ScriptHost *h, const char *ch)
{
    const char *space = ch[0] == ' ' && ch[1] == '\0' ? ch : NULL;
    for (int attempt = 0; attempt < 4; attempt++) {
        const Ui *ui = h->ui(h->ctx);
        int k = -1;
        if (space) {
            /* The space bar is labelled with the word for "space" in the kiosk's language. */
            for (int l = 0; l < LANG_COUNT && k < 0; l++)
                k = find_key(ui, tr((Lang)l, "osk.space"));
        } else {
            k = find_key(ui, ch);
        }
        if (k >= 0) {
            int x, y;
            node_center(ui, k, &x, &y);
            tap_at(h, x, y);
            return true;
        }
        /* Attempts: shift, shift again (back), the page key, shift on the other page. */
        const char *toggle = attempt % 2 == 0 ? "\xE2\x87\xA7" : NULL;
        int t = toggle ? find_key(ui, toggle) : -1;
        if (t < 0) {
            t = find_key(ui, "123");
            if (t < 0) t = find_key(ui, "ABC");
            if (t < 0) t = find_key(ui, "abc");
        }
        if (t < 0) return false;
        int x, y;
        node_center(ui, t, &x, &y);
        tap_at(h, x, y);
    }
    return false;
}

/* Types UTF8 on the on-screen keyboard when it is up, else as a physical keyboard would. */
static void type_text(const ScriptHost *h, const char *utf8)
{
    const char *p = utf8;
    while (*p) {
        size_t len = 1;
        while ((p[len] & 0xC0) == 0x80)
            len++;
        char ch[8] = {0};
        memcpy(ch, p, len < 7 ? len : 7);
        if (!osk_up(h->ui(h->ctx)) || !type_on_osk(h, ch)) h->text(h->ctx, ch);
        p += len;
    }
}

/* What `remember-after` read off the screen (a random confirmation code), for `type-remembered`
 * on a later screen. One script runs per process. */
static char remembered[64];

/* `remember-after LABEL`: the text of the first visible element after the one labelled LABEL. */
static int remember_after(const Ui *ui, const char *label, char *err, size_t errlen)
{
    int i = ui_find_label(ui, label);
    for (int j = i < 0 ? ui->n : i + 1; j < ui->n; j++) {
        if (!ui->nodes[j].text || !ui->nodes[j].text[0] || !ui_node_visible(ui, j)) continue;
        snprintf(remembered, sizeof remembered, "%s", ui->nodes[j].text);
        return 0;
    }
    snprintf(err, errlen, "remember-after: no visible text after \"%s\"", label);
    return -1;
}

/* `type-remembered [spaced|lower]`: types it, with a space after its third character or in
 * lower case, as a visitor may. */
static void type_remembered(const ScriptHost *h, const char *how)
{
    char out[sizeof remembered + 1];
    size_t n = 0;
    for (size_t i = 0; remembered[i] && n + 2 < sizeof out; i++) {
        if (how && strcmp(how, "spaced") == 0 && i == 3) out[n++] = ' ';
        char c = remembered[i];
        out[n++] =
            how && strcmp(how, "lower") == 0 && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    out[n] = '\0';
    type_text(h, out);
}

int script_dump(const Ui *ui, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        snprintf(err, errlen, "%s: cannot write", path);
        return -1;
    }
    for (int i = 0; i < ui->n; i++) {
        if (!ui_node_visible(ui, i)) continue;
        const UiNode *n = &ui->nodes[i];
        json_t *o = json_pack("{s:s, s:s?, s:i, s:i, s:i, s:i}", "role", ui_role_name(n->role),
                              "label", n->text, "x", n->r.x, "y", n->r.y, "w", n->r.w, "h", n->r.h);
        if (!o) continue;
        if (n->action.kind != ACT_NONE) {
            json_object_set_new(o, "pressable", json_true());
            /* What speech mode says of it (from the same list): a test holds every one to it. */
            char spoken[512];
            speech_label(ui, i, spoken, sizeof spoken);
            json_object_set_new(o, "spoken", json_string(spoken));
        }
        if (n->flags & UI_SELECTED) json_object_set_new(o, "selected", json_true());
        if (n->flags & UI_HOLD) json_object_set_new(o, "hold", json_true());
        char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(o);
        if (s) {
            fprintf(f, "%s\n", s);
            free(s);
        }
    }
    if (fclose(f) != 0) {
        snprintf(err, errlen, "%s: write failed", path);
        return -1;
    }
    return 0;
}

static int run_line(const ScriptHost *h, Line *l, const char *shots_dir, char *err, size_t errlen)
{
    const char *cmd = l->argv[0];
    long v[5];
    if (strcmp(cmd, "tap") == 0 && l->argc == 3) {
        if (parse_long(l->argv[1], LONG_MIN, LONG_MAX, &v[0]) ||
            parse_long(l->argv[2], LONG_MIN, LONG_MAX, &v[1]))
            goto usage;
        tap_at(h, (int)v[0], (int)v[1]);
    } else if ((strcmp(cmd, "tap") == 0 && l->argc == 2) ||
               (strcmp(cmd, "tap-any") == 0 && l->argc >= 2)) {
        /* tap-any: the first of the labels that is on the screen (a flow that may meet either
         * of two states, e.g. "Sign up" or "Join the waiting list"). */
        const Ui *ui = h->ui(h->ctx);
        int i = -1;
        for (int a = 1; a < l->argc && i < 0; a++)
            i = ui_find_label(ui, l->argv[a]);
        if (i < 0) {
            snprintf(err, errlen, "%s: no visible element labelled \"%s\"%s", cmd, l->argv[1],
                     l->argc > 2 ? " or the others" : "");
            return -1;
        }
        int x, y;
        node_center(ui, i, &x, &y);
        tap_at(h, x, y);
    } else if (strcmp(cmd, "drag") == 0 && l->argc == 6) {
        for (int i = 0; i < 5; i++)
            if (parse_long(l->argv[i + 1], LONG_MIN, LONG_MAX, &v[i])) goto usage;
        int steps = (int)(v[4] / 16) + 1;
        h->pointer(h->ctx, 0, (int)v[0], (int)v[1]);
        /* The finger rests for what the even steps leave over, so the whole drag lasts MS
         * (`drag X Y X Y 3000` holds a finger still for 3 s). */
        if (v[4] % steps) h->advance(h->ctx, v[4] % steps);
        for (int i = 1; i <= steps; i++) {
            h->advance(h->ctx, v[4] / steps);
            h->pointer(h->ctx, 1, (int)(v[0] + (v[2] - v[0]) * i / steps),
                       (int)(v[1] + (v[3] - v[1]) * i / steps));
        }
        h->pointer(h->ctx, 2, (int)v[2], (int)v[3]);
        h->advance(h->ctx, 16);
    } else if (strcmp(cmd, "type") == 0 && l->argc == 2) {
        type_text(h, l->argv[1]);
    } else if (strcmp(cmd, "remember-after") == 0 && l->argc == 2) {
        return remember_after(h->ui(h->ctx), l->argv[1], err, errlen);
    } else if (strcmp(cmd, "type-remembered") == 0 && l->argc <= 2) {
        type_remembered(h, l->argc == 2 ? l->argv[1] : NULL);
    } else if (strcmp(cmd, "key") == 0 && l->argc == 2) {
        static const struct {
            const char *name;
            AppKey key;
        } keys[] = {{"backspace", KEY_BACKSPACE},
                    {"enter", KEY_ENTER},
                    {"return", KEY_ENTER},
                    {"tab", KEY_TAB},
                    {"escape", KEY_ESCAPE}};
        size_t i;
        for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
            if (strcmp(keys[i].name, l->argv[1]) == 0) break;
        if (i == sizeof(keys) / sizeof(keys[0])) {
            snprintf(err, errlen, "key: unknown key \"%s\" (backspace, enter, tab, escape)",
                     l->argv[1]);
            return -1;
        }
        h->key(h->ctx, keys[i].key);
    } else if (strcmp(cmd, "wait") == 0 && l->argc == 2) {
        if (parse_long(l->argv[1], LONG_MIN, LONG_MAX, &v[0]) || v[0] < 0) goto usage;
        h->advance(h->ctx, v[0]);
    } else if ((strcmp(cmd, "expect") == 0 || strcmp(cmd, "expect-not") == 0) && l->argc == 2) {
        bool want = strcmp(cmd, "expect") == 0;
        if (ui_has_text(h->ui(h->ctx), l->argv[1]) != want) {
            snprintf(err, errlen, "%s \"%s\" failed: %s", cmd, l->argv[1],
                     want ? "no visible element shows it" : "it is on screen");
            return -1;
        }
    } else if ((strcmp(cmd, "shot") == 0 || strcmp(cmd, "dump") == 0) && l->argc == 2) {
        if (strchr(l->argv[1], '/')) {
            snprintf(err, errlen, "%s: the name must not contain '/'", cmd);
            return -1;
        }
        char path[1024];
        bool shot = cmd[0] == 's';
        snprintf(path, sizeof(path), "%s/%s.%s", shots_dir ? shots_dir : ".", l->argv[1],
                 shot ? "png" : "jsonl");
        const Ui *ui = h->ui(h->ctx);
        return shot ? h->shot(h->ctx, path, err, errlen) : script_dump(ui, path, err, errlen);
    } else {
        goto usage;
    }
    return 0;
usage:
    snprintf(err, errlen, "cannot read \"%s\" with %d argument(s); see aukio --help", cmd,
             l->argc - 1);
    return -1;
}

/* A script is a few hundred lines; a megabyte is not one. */
#define SCRIPT_MAX_BYTES (1024 * 1024)

int script_run(const char *path, const ScriptHost *host, const char *shots_dir, FILE *log)
{
    char *text = NULL, name[256], err[512] = "";
    size_t len = 0;
    str_printable(path, name, sizeof name);
    if (file_read(path, SCRIPT_MAX_BYTES, &text, &len, err, sizeof err) != AUKIO_OK) {
        fprintf(log, "%s\n", err);
        return 1;
    }
    int lineno = 0, rc = 0;
    for (char *line = text, *next; line && rc == 0 && line < text + len; line = next) {
        char *nl = memchr(line, '\n', (size_t)(text + len - line));
        next = nl ? nl + 1 : NULL;
        if (nl) *nl = '\0';
        lineno++;
        line[strcspn(line, "\r")] = '\0';
        if (strlen(line) >= 4096) {
            fprintf(log, "%s:%d: line too long\n", name, lineno);
            rc = 1;
            break;
        }
        Line l;
        if (split(line, &l) != 0) {
            fprintf(log, "%s:%d: unterminated quote or too many arguments\n", name, lineno);
            rc = 1;
            break;
        }
        if (l.argc == 0) continue;
        if (run_line(host, &l, shots_dir, err, sizeof(err)) != 0) {
            fprintf(log, "%s:%d: %s\n", name, lineno, err);
            rc = 1;
            break;
        }
    }
    free(text);
    return rc;
}
